//! Practices: opened by the staff of their comune, read by their applicant, their comune's
//! staff and the administrator; events (state changes with a note, integration requests and
//! the citizen's answer, documents) appended to their timeline. Every rule — the fields, the
//! transitions, the clock — is the core's (`campanile_core::practices`): the hub reads and
//! writes rows and asks the core.

use std::path::Path;

use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::Response;
use campanile_core::host::SystemClock;
use campanile_core::practices::catalog;
use campanile_core::practices::patrons::PatronDays;
use campanile_core::practices::practice::{
    self, NewEvent, NewPractice, Practice, PracticeEvent, check_event, check_open,
};
use campanile_core::practices::states::{PracticeEventKind, State as PracticeState};
use campanile_core::time::Instant;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use utoipa::ToSchema;

use super::{AppState, fiscal_code, known_comune};
use crate::auth::{Auth, Role};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{IdempotencyKey, JsonBody};
use crate::{idempotency, store};

/// A practice to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePractice {
    /// The procedure's id in the catalog: it gives the domain, the clock and the term.
    #[schema(example = "SUAP-OSP")]
    pub procedure: String,
    /// The applicant's fiscal code.
    #[schema(example = "RSSMRA80A01D542X")]
    pub applicant: String,
    /// What it is about, in a line.
    pub subject: String,
    /// The comune's ISTAT code.
    #[schema(example = "044007")]
    pub comune: String,
    /// When the application was received (RFC 3339, or a day `YYYY-MM-DD`): the practice
    /// opens presented and its clock starts. Left out, it opens started, now.
    pub received: Option<String>,
    /// A note on the first event.
    pub note: Option<String>,
}

/// An event to append to a practice's timeline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddEvent {
    /// An AgID SUAP state to move to (`presented`, `integration_requested`, `integrated`,
    /// `ended_by_positive_outcome`, …) or `note`, `document`, `assigned`, `refusal_notice`,
    /// `observations`, `proposal`.
    #[schema(example = "integration_requested")]
    pub kind: String,
    /// A note (for `assigned`: the office or official now holding the practice).
    pub note: Option<String>,
    /// The documents attached (names or references).
    #[serde(default)]
    pub attachments: Vec<String>,
    /// When it happened (RFC 3339, or a day); default now. Never before the last event.
    pub at: Option<String>,
}

/// An event of the timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    /// Its number in the timeline.
    pub seq: i64,
    /// When it happened (RFC 3339).
    pub at: String,
    /// What it did.
    pub kind: String,
    /// Who did it (a fiscal code).
    pub actor: String,
    /// The practice's state after it.
    pub state_after: String,
    /// Its note.
    pub note: Option<String>,
    /// The documents attached.
    pub attachments: Vec<String>,
}

/// The legal clock, computed by the core.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockOut {
    /// The last day for the comune to conclude (`YYYY-MM-DD`).
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// A suspension is still open: the due date assumes it ends today.
    pub suspended: bool,
    /// Running (`days_left`), suspended, overdue (`days_late`, `substitute_term_days`) or
    /// concluded (`on`, `late`): the core's `ClockStatus`.
    #[schema(value_type = Object)]
    pub status: serde_json::Value,
    /// The rules that give the due date, in order, with their legal references.
    #[schema(value_type = Vec<Object>)]
    pub chain: serde_json::Value,
    /// The AgID SUAP `times` fields (`start`, `end`, `max_integration_response`).
    #[schema(value_type = Object)]
    pub times: serde_json::Value,
}

/// A practice with its timeline and its clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeOut {
    /// The practice's id.
    pub id: String,
    /// Its procedure in the catalog.
    pub procedure_id: Option<String>,
    /// `suap`, `sue` or `registry`.
    pub domain: String,
    /// `ordinary`, `scia`, `scia-building` or `building-permit`.
    pub regime: String,
    /// Its own term in days (ordinary clock).
    pub term_days: Option<u32>,
    /// The comune's ISTAT code.
    pub comune: Option<String>,
    /// The applicant's fiscal code.
    pub applicant: String,
    /// What it is about.
    pub subject: String,
    /// Its AgID SUAP state.
    pub state: String,
    /// The office or official holding it.
    pub holder: Option<String>,
    /// When it was opened (RFC 3339).
    pub created_at: String,
    /// Its legal clock today (none before it is presented).
    pub clock: Option<ClockOut>,
    /// Its timeline, oldest first.
    pub events: Vec<EventOut>,
}

/// Today in Rome: the day legal terms are counted on.
pub fn today() -> NaiveDate {
    Instant::now(&SystemClock).day_in_rome()
}

fn now() -> Instant {
    Instant::now(&SystemClock)
}

fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(&e))
}

/// A practice as the API shows it, its clock computed by the core on `today`.
pub fn view(
    p: &Practice,
    events: &[PracticeEvent],
    patrons: &PatronDays,
    today: NaiveDate,
) -> Result<PracticeOut, ApiError> {
    let cal = patrons.calendar(p.comune.as_deref());
    let clock = practice::clock(p, events, &cal, today)?;
    let clock = match clock {
        Some(c) => Some(ClockOut {
            due: c.deadline.due,
            suspended: c.deadline.suspended,
            status: to_json(&c.status)?,
            chain: to_json(&c.deadline.chain)?,
            times: to_json(&c.deadline.times)?,
        }),
        None => None,
    };
    Ok(PracticeOut {
        id: p.id.clone(),
        procedure_id: p.procedure_id.clone(),
        domain: p.domain.as_str().to_string(),
        regime: p.regime.as_str().to_string(),
        term_days: p.term_days,
        comune: p.comune.clone(),
        applicant: p.applicant.clone(),
        subject: p.subject.clone(),
        state: p.state.as_str().to_string(),
        holder: p.holder.clone(),
        created_at: p.created_at.to_rfc3339(),
        clock,
        events: events
            .iter()
            .map(|e| EventOut {
                seq: e.seq,
                at: e.at.to_rfc3339(),
                kind: e.kind.as_str().to_string(),
                actor: e.actor.clone(),
                state_after: e.state_after.as_str().to_string(),
                note: e.note.clone(),
                attachments: e.attachments.clone(),
            })
            .collect(),
    })
}

fn parse_when(field: &'static str, text: &str) -> Result<Instant, ApiError> {
    practice::parse_when(text).ok_or_else(|| {
        ApiError::unprocessable(
            "request.bad-time",
            format!("{field}: \"{text}\" is neither RFC 3339 nor a day YYYY-MM-DD"),
        )
    })
}

/// The events a citizen may add to their own practice: the answer to an integration request,
/// documents, observations on a notice of refusal, a note, and withdrawing it.
pub fn citizen_may_add(kind: PracticeEventKind) -> bool {
    matches!(
        kind,
        PracticeEventKind::To(PracticeState::Integrated)
            | PracticeEventKind::To(PracticeState::EndedBySubmitterCancelRequested)
            | PracticeEventKind::Document
            | PracticeEventKind::Observations
            | PracticeEventKind::Note
    )
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found("practice.not-found", format!("no practice {id}"))
}

/// Opens a practice (staff of its comune, or the administrator).
#[utoipa::path(post, path = "/api/v1/practices", tag = "practices", request_body = CreatePractice,
    params(("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Opened", body = PracticeOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    key: IdempotencyKey,
    body: JsonBody<CreatePractice>,
) -> Result<Response, ApiError> {
    let req = &body.value;
    if auth.0.role == Role::Citizen {
        return Err(ApiError::forbidden(
            "citizens cannot open practices; the counter does",
        ));
    }
    let comune = known_comune(&state.db, &req.comune).await?;
    if !auth.manages(&comune) {
        return Err(ApiError::forbidden(format!(
            "staff of another comune cannot open a practice of {comune}"
        )));
    }
    let applicant = fiscal_code("applicant", &req.applicant)?;
    let received = req
        .received
        .as_deref()
        .map(|r| parse_when("received", r))
        .transpose()?;

    let mut tx = state.db.begin().await?;
    if let Some(replay) =
        idempotency::claim(&mut tx, &auth.0.sub, &key.0, &body.fingerprint).await?
    {
        return Ok(replay);
    }
    let doc: Option<(String,)> = sqlx::query_as("SELECT doc FROM procedures WHERE id = $1")
        .bind(req.procedure.trim())
        .fetch_optional(&mut *tx)
        .await?;
    let Some((doc,)) = doc else {
        return Err(ApiError::unprocessable(
            "procedure.unknown",
            format!(
                "procedure: \"{}\" is not in the catalog",
                req.procedure.trim()
            ),
        ));
    };
    // The stored procedure is read back by the core's own catalog reader.
    let procedure = catalog::parse_json(&format!("[{doc}]"), Path::new("procedures"))
        .map_err(|e| ApiError::internal(&e))?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal(&"empty procedure"))?;
    let (at, kind) = match received {
        Some(at) => (at, PracticeEventKind::To(PracticeState::Presented)),
        None => (now(), PracticeEventKind::To(PracticeState::Started)),
    };
    let new = NewPractice {
        id: uuid::Uuid::new_v4().to_string(),
        procedure_id: Some(procedure.id.clone()),
        domain: procedure.domain,
        regime: procedure.regime,
        term_days: procedure.practice_term_days(),
        comune: Some(comune.clone()),
        applicant,
        subject: req.subject.trim().to_string(),
    };
    let first = NewEvent {
        at,
        kind,
        actor: auth.0.sub.clone(),
        note: req.note.clone(),
        attachments: Vec::new(),
    };
    check_open(&new, &first)?;
    store::insert(&mut tx, &new, &comune, at, &auth.0.sub).await?;
    // As the core opens one: `started` with the note, then `presented` when it was received.
    let mut p = Practice {
        id: new.id.clone(),
        procedure_id: new.procedure_id.clone(),
        domain: new.domain,
        regime: new.regime,
        term_days: new.term_days,
        comune: new.comune.clone(),
        applicant: new.applicant.clone(),
        subject: new.subject.clone(),
        state: PracticeState::Started,
        holder: None,
        created_at: at,
    };
    let started = NewEvent {
        kind: PracticeEventKind::To(PracticeState::Started),
        ..first.clone()
    };
    let mut events = vec![store::append(&mut tx, &p, 1, &started, PracticeState::Started).await?];
    if kind == PracticeEventKind::To(PracticeState::Presented) {
        let presented = NewEvent {
            note: None,
            attachments: Vec::new(),
            ..first
        };
        let next = check_event(&p, &events, &presented)?;
        events.push(store::append(&mut tx, &p, 2, &presented, next.state).await?);
        p.state = next.state;
    }
    let out = to_json(&view(&p, &events, &state.patrons, today())?)?;
    let res =
        idempotency::complete(&mut tx, &auth.0.sub, &key.0, StatusCode::CREATED, &out).await?;
    tx.commit().await?;
    tracing::info!(practice = %p.id, comune = %comune, "practice opened");
    Ok(res)
}

/// One practice with its timeline and clock (its applicant, its comune's staff, the
/// administrator; anyone else is told it does not exist).
#[utoipa::path(get, path = "/api/v1/practices/{id}", tag = "practices",
    params(("id" = String, Path, description = "The practice's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The practice", body = PracticeOut),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such practice the caller may see", body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    auth: Auth,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<PracticeOut>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let (p, events) = store::get_with_events(&mut conn, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    drop(conn);
    if !auth.can_see(p.comune.as_deref().unwrap_or_default(), &p.applicant) {
        return Err(not_found(&id));
    }
    Ok(Json(view(&p, &events, &state.patrons, today())?))
}

/// Appends an event: staff of the practice's comune and the administrator any the core's
/// rules allow; the applicant their answer (`integrated`, `document`, `observations`, `note`,
/// `ended_by_submitter_cancel_requested`).
#[utoipa::path(post, path = "/api/v1/practices/{id}/events", tag = "practices", request_body = AddEvent,
    params(
        ("id" = String, Path, description = "The practice's id"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Appended; the practice after it", body = PracticeOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The applicant cannot add this kind of event", body = ErrorBody),
        (status = 404, description = "No such practice the caller may see", body = ErrorBody),
        (status = 409, description = "The practice's state does not allow it", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn add_event(
    State(state): State<AppState>,
    auth: Auth,
    UrlPath(id): UrlPath<String>,
    key: IdempotencyKey,
    body: JsonBody<AddEvent>,
) -> Result<Response, ApiError> {
    let req = &body.value;
    let kind = PracticeEventKind::parse(&req.kind).ok_or_else(|| {
        let known: Vec<&str> = PracticeEventKind::all()
            .iter()
            .map(|k| k.as_str())
            .collect();
        ApiError::unprocessable(
            "practice.bad-kind",
            format!("kind: \"{}\" is not one of {}", req.kind, known.join(", ")),
        )
    })?;
    let given_at = req.at.as_deref().map(|t| parse_when("at", t)).transpose()?;
    let ask = Ask {
        kind,
        given_at,
        note: req.note.as_ref(),
        attachments: &req.attachments,
    };
    // Worked out before the write turn (see `work_out_ahead`): the writes queued for SQLite's
    // one writer then do none of it while holding the turn, unless the practice has moved on.
    let mut ahead = work_out_ahead(&state, &auth, &id, &ask).await;
    let mut tx = state.db.begin().await?;
    // SQLite, the practice still as it was worked out on: the key claimed, the event written
    // and the answer stored in one batch (see `store::write_event_answered`). A key already
    // claimed stops the batch before it writes anything; the claim below then answers.
    if !state.db.is_postgres()
        && let Some(a) = ahead.take()
        && unchanged(&mut tx, &id, &a.read, a.last_seq).await?
    {
        let w = &a.worked;
        let answered = store::Answered {
            subject: &auth.0.sub,
            key: &key.0,
            fingerprint: &body.fingerprint,
            status: StatusCode::CREATED.as_u16(),
            body: &w.answer,
        };
        match store::write_event_answered(&mut tx, &w.after, w.seq, &w.event, answered).await {
            Ok(()) => return appended(&state, tx, a.worked).await,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {}
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(replay) =
        idempotency::claim(&mut tx, &auth.0.sub, &key.0, &body.fingerprint).await?
    {
        return Ok(replay);
    }
    // PostgreSQL: the practice's row lock, so two writers of one timeline take turns. On SQLite
    // the transaction already holds the database's one write turn (it began IMMEDIATE).
    if state.db.is_postgres() && !store::lock(&mut tx, &id).await? {
        return Err(not_found(&id));
    }
    let worked = match ahead {
        Some(a) if unchanged(&mut tx, &id, &a.read, a.last_seq).await? => a.worked,
        _ => {
            let p = store::get(&mut tx, &id)
                .await?
                .ok_or_else(|| not_found(&id))?;
            // Apart from the practice: its columns are not repeated on every event row of a
            // long timeline while this transaction holds the write turn.
            let events = store::events(&mut tx, &id).await?;
            work_out(&state, &auth, &p, events, &ask)?
        }
    };
    store::write_event(
        &mut tx,
        &worked.after,
        worked.seq,
        &worked.event,
        worked.after.state,
    )
    .await?;
    idempotency::store_answer(
        &mut tx,
        &auth.0.sub,
        &key.0,
        StatusCode::CREATED,
        &worked.answer,
    )
    .await?;
    appended(&state, tx, worked).await
}

/// Commits the write of event `w` and answers; the practice's timeline is kept for its next
/// write.
async fn appended(
    state: &AppState,
    tx: sqlx::Transaction<'static, sqlx::Any>,
    w: Worked,
) -> Result<Response, ApiError> {
    tx.commit().await?;
    tracing::info!(practice = %w.after.id, kind = w.event.kind.as_str(), "practice event");
    state.timelines.keep(store::Timeline {
        practice: w.after,
        events: w.events,
    });
    Ok(idempotency::answer(StatusCode::CREATED, w.answer))
}

/// Whether practice `id` is still as `read`, its timeline still ending with event `last_seq`
/// (a timeline is append only, and the practice's row changes only with an event).
async fn unchanged(
    conn: &mut AnyConnection,
    id: &str,
    read: &Practice,
    last_seq: i64,
) -> Result<bool, ApiError> {
    let same = store::get_with_last_seq(conn, id)
        .await?
        .is_some_and(|(p, last)| &p == read && last == last_seq);
    if !same {
        tracing::debug!(practice = %id, "the practice moved on since it was read");
    }
    Ok(same)
}

/// What a caller asks to append.
struct Ask<'a> {
    kind: PracticeEventKind,
    given_at: Option<Instant>,
    note: Option<&'a String>,
    attachments: &'a Vec<String>,
}

/// An event worked out on a practice and its timeline, ready to write.
struct Worked {
    /// The event.
    event: NewEvent,
    /// Its number in the timeline.
    seq: i64,
    /// The practice after it.
    after: Practice,
    /// The timeline after it.
    events: Vec<PracticeEvent>,
    /// The answer (the practice after it, with its timeline and clock), as JSON text.
    answer: String,
}

/// An event worked out before the write turn, and what on: the practice as read and its
/// timeline's last event's number.
struct Ahead {
    read: Practice,
    last_seq: i64,
    worked: Worked,
}

/// [`work_out`] before the write turn, on the practice's timeline as this process last wrote
/// it (see `store::Timelines`) or else as a reader reads it. `None` when that fails (no such
/// practice, not the caller's, a refused event, …): the write turn then works it out itself,
/// after claiming the key (a retry of a write that went through is answered as it was, never
/// with what its event would meet now).
async fn work_out_ahead(state: &AppState, auth: &Auth, id: &str, ask: &Ask<'_>) -> Option<Ahead> {
    let (read, events) = match state.timelines.take(id) {
        Some(t) => (t.practice, t.events),
        None => {
            let mut conn = state.db.pool().acquire().await.ok()?;
            store::get_with_events(&mut conn, id).await.ok()??
        }
    };
    let last_seq = events.last().map_or(0, |l| l.seq);
    let worked = work_out(state, auth, &read, events, ask).ok()?;
    Some(Ahead {
        read,
        last_seq,
        worked,
    })
}

/// Checks event `ask` of the caller against practice `p` and its timeline `events` (the
/// caller's rights, then the core's rules) and works out the event, its number, the practice
/// after it and the answer.
fn work_out(
    state: &AppState,
    auth: &Auth,
    p: &Practice,
    mut events: Vec<PracticeEvent>,
    ask: &Ask<'_>,
) -> Result<Worked, ApiError> {
    if !auth.can_see(p.comune.as_deref().unwrap_or_default(), &p.applicant) {
        return Err(not_found(&p.id));
    }
    let kind = ask.kind;
    if auth.0.role == Role::Citizen && !citizen_may_add(kind) {
        return Err(ApiError::forbidden(format!(
            "the applicant cannot add {}: the counter does",
            kind.as_str()
        )));
    }
    // "Now" is never before the last event (another hub process's clock may be ahead). Two
    // writes of one practice take turns on the timeline as the write turn found it, so a write
    // that waited for its turn is not dated before the one that went first.
    let at = match ask.given_at {
        Some(at) => at,
        None => events.last().map_or_else(now, |l| now().max(l.at)),
    };
    let event = NewEvent {
        at,
        kind,
        actor: auth.0.sub.clone(),
        note: ask.note.cloned(),
        attachments: ask.attachments.clone(),
    };
    let next = check_event(p, &events, &event)?;
    let seq = events.last().map_or(1, |l| l.seq + 1);
    events.push(store::appended(seq, &event, next.state));
    let mut after = p.clone();
    after.state = next.state;
    if kind == PracticeEventKind::Assigned {
        after.holder = event.note.as_deref().map(|n| n.trim().to_string());
    }
    let answer = to_json(&view(&after, &events, &state.patrons, today())?)?.to_string();
    Ok(Worked {
        event,
        seq,
        after,
        events,
        answer,
    })
}
