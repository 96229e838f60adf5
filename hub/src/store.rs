//! The practices, their timelines and the changes feed in the hub's database, as the core's
//! own types: the rules (state machine, clock, feed pages) are the core's pure functions, called
//! by the API on what is read here.

use campanile_core::host::SystemClock;
use campanile_core::practices::deadline::Regime;
use campanile_core::practices::feed::{
    self, Change, ChangeDetail, ChangeEvent, ChangeKind, NewChange, Page,
};
use campanile_core::practices::practice::{NewEvent, NewPractice, Practice, PracticeEvent};
use campanile_core::practices::states::{Domain, PracticeEventKind, State};
use campanile_core::time::Instant;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::error::ApiError;

type PracticeRow = (
    String,
    Option<String>,
    String,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);

type EventRow = (i64, String, String, String, String, Option<String>, String);
type ChangeRow = (i64, String, String, String, String, String, String);

/// The columns a practice is read from.
macro_rules! select_practice {
    ($rest:literal) => {
        select_practice!($rest, "")
    };
    ($rest:literal, $more:literal) => {
        concat!(
            "SELECT id, procedure_id, domain, regime, term_days, comune, applicant, subject,
             state, holder, created_at",
            $more,
            " FROM practices ",
            $rest
        )
    };
}

// Why some parameters are written `CAST($n AS TEXT)` (and the feed's limit
// `CAST($3 AS BIGINT)`): when SQLite's planner weighs a plan in which a parameter compared with
// `=` (or a LIMIT) could change its choice, it marks the statement to be compiled again each
// time that parameter is bound anew; sqlx clears the bindings after every execution, so such a
// cached statement was parsed and planned again on every call (a sixth of the hub's CPU on
// practice reads). Inside a CAST the parameter is an opaque expression: the same plan, the same
// results, on PostgreSQL too, and the statement stays compiled. Lookups of a whole unique key
// (`WHERE id = $1` on one table) take SQLite's short cut and need none of this.

/// The columns of a practice and of its events, joined (no event: the event columns NULL).
macro_rules! select_with_events {
    ($rest:literal) => {
        concat!(
            "SELECT p.id, p.procedure_id, p.domain, p.regime, p.term_days, p.comune, p.applicant,
               p.subject, p.state, p.holder, p.created_at,
               e.seq, e.at, e.kind, e.actor, e.state_after, e.note, e.attachments
             FROM practices p LEFT JOIN practice_events e ON e.practice_id = p.id ",
            $rest
        )
    };
}

fn corrupt(what: &str, value: &str) -> ApiError {
    ApiError::internal(&format!("stored {what} \"{value}\" cannot be read"))
}

fn practice_of(r: PracticeRow) -> Result<Practice, ApiError> {
    let (
        id,
        procedure_id,
        domain,
        regime,
        term_days,
        comune,
        applicant,
        subject,
        state,
        holder,
        at,
    ) = r;
    Ok(Practice {
        procedure_id,
        domain: Domain::parse(&domain).ok_or_else(|| corrupt("domain", &domain))?,
        regime: Regime::parse(&regime).ok_or_else(|| corrupt("regime", &regime))?,
        term_days: term_days.and_then(|d| u32::try_from(d).ok()),
        comune: Some(comune),
        applicant,
        subject,
        state: State::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        holder,
        created_at: Instant::parse_rfc3339(&at).ok_or_else(|| corrupt("time", &at))?,
        id,
    })
}

/// One practice, if it exists.
pub async fn get(conn: &mut AnyConnection, id: &str) -> Result<Option<Practice>, ApiError> {
    let row: Option<PracticeRow> = sqlx::query_as(select_practice!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(practice_of).transpose()
}

/// Takes the practice's row lock (PostgreSQL; SQLite's writer lock already covers it) so
/// that two writers of one practice's timeline take turns. `false` when there is no such
/// practice.
pub async fn lock(conn: &mut AnyConnection, id: &str) -> Result<bool, ApiError> {
    let n = sqlx::query("UPDATE practices SET holder = holder WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// One practice, if it exists, and the number of the last event of its timeline (0: none).
/// A write that worked out its event on an earlier reading of the practice and its timeline
/// checks here that neither has changed since (a timeline is append only; the practice's row
/// changes only with an event).
pub async fn get_with_last_seq(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<(Practice, i64)>, ApiError> {
    let row: Option<AnyRow> = sqlx::query(select_practice!(
        "WHERE id = $1",
        ", (SELECT MAX(seq) FROM practice_events WHERE practice_id = CAST($1 AS TEXT))"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let p = practice_of_row(&row)?;
    let last: Option<i64> = row.try_get(11)?;
    Ok(Some((p, last.unwrap_or(0))))
}

/// A practice's timeline, oldest first.
pub async fn events(conn: &mut AnyConnection, id: &str) -> Result<Vec<PracticeEvent>, ApiError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT seq, at, kind, actor, state_after, note, attachments FROM practice_events
         WHERE practice_id = CAST($1 AS TEXT) ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(event_of).collect()
}

fn event_of(r: EventRow) -> Result<PracticeEvent, ApiError> {
    let (seq, at, kind, actor, state, note, attachments) = r;
    Ok(PracticeEvent {
        seq,
        at: Instant::parse_rfc3339(&at).ok_or_else(|| corrupt("time", &at))?,
        kind: PracticeEventKind::parse(&kind).ok_or_else(|| corrupt("event kind", &kind))?,
        actor,
        state_after: State::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        note,
        attachments: serde_json::from_str(&attachments)
            .map_err(|_| corrupt("attachments", &attachments))?,
    })
}

/// One practice with its timeline (oldest first), in one query, if it exists.
pub async fn get_with_events(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<(Practice, Vec<PracticeEvent>)>, ApiError> {
    let rows = sqlx::query(select_with_events!(
        "WHERE p.id = CAST($1 AS TEXT) ORDER BY e.seq"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(with_events(rows)?.into_iter().next())
}

/// The practices where `applicant` is the applicant, newest first, each with its timeline
/// (oldest first), in one query: one round trip for the whole list (not one per practice),
/// and the list and the timelines read from one snapshot of the database.
pub async fn by_applicant_with_events(
    conn: &mut AnyConnection,
    applicant: &str,
) -> Result<Vec<(Practice, Vec<PracticeEvent>)>, ApiError> {
    let rows = sqlx::query(select_with_events!(
        "WHERE p.applicant = CAST($1 AS TEXT) ORDER BY p.created_at DESC, p.id, e.seq"
    ))
    .bind(applicant)
    .fetch_all(&mut *conn)
    .await?;
    with_events(rows)
}

/// The practice in the first eleven columns of a row (as `select_practice!` selects them).
fn practice_of_row(row: &AnyRow) -> Result<Practice, ApiError> {
    practice_of((
        row.try_get(0)?,
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
        row.try_get(4)?,
        row.try_get(5)?,
        row.try_get(6)?,
        row.try_get(7)?,
        row.try_get(8)?,
        row.try_get(9)?,
        row.try_get(10)?,
    ))
}

/// Practices and their events from the rows of `select_with_events!`, grouped by practice
/// (the rows of one practice together, its events in order).
fn with_events(rows: Vec<AnyRow>) -> Result<Vec<(Practice, Vec<PracticeEvent>)>, ApiError> {
    let mut out: Vec<(Practice, Vec<PracticeEvent>)> = Vec::new();
    for row in rows {
        let id: String = row.try_get(0)?;
        if out.last().is_none_or(|(p, _)| p.id != id) {
            out.push((practice_of_row(&row)?, Vec::new()));
        }
        // No event row (a practice without a timeline): the LEFT JOIN's NULLs.
        let Some(seq) = row.try_get::<Option<i64>, _>(11)? else {
            continue;
        };
        let event = event_of((
            seq,
            row.try_get(12)?,
            row.try_get(13)?,
            row.try_get(14)?,
            row.try_get(15)?,
            row.try_get(16)?,
            row.try_get(17)?,
        ))?;
        if let Some((_, events)) = out.last_mut() {
            events.push(event);
        }
    }
    Ok(out)
}

/// Inserts a new practice (state `started`), recording who opened it.
pub async fn insert(
    conn: &mut AnyConnection,
    p: &NewPractice,
    comune: &str,
    at: Instant,
    created_by: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO practices (id, procedure_id, domain, regime, term_days, comune, applicant,
           subject, state, holder, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'started', NULL, $9, $10)",
    )
    .bind(&p.id)
    .bind(p.procedure_id.as_deref())
    .bind(p.domain.as_str())
    .bind(p.regime.as_str())
    .bind(p.term_days.map(i64::from))
    .bind(comune)
    .bind(&p.applicant)
    .bind(&p.subject)
    .bind(at.to_rfc3339())
    .bind(created_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Appends event `e` as number `seq` of practice `p`'s timeline, moves the practice to
/// `state_after` (and its holder, for an assignment) and records the change in the
/// applicant's feed.
pub async fn append(
    conn: &mut AnyConnection,
    p: &Practice,
    seq: i64,
    e: &NewEvent,
    state_after: State,
) -> Result<PracticeEvent, ApiError> {
    write_event(conn, p, seq, e, state_after).await?;
    Ok(appended(seq, e, state_after))
}

/// The event [`append`] writes, as it reads back.
pub fn appended(seq: i64, e: &NewEvent, state_after: State) -> PracticeEvent {
    PracticeEvent {
        seq,
        at: e.at,
        kind: e.kind,
        actor: e.actor.clone(),
        state_after,
        note: e.note.clone(),
        attachments: e.attachments.clone(),
    }
}

/// What [`append`] writes: the event, the practice's state (and holder), the feed's change.
pub async fn write_event(
    conn: &mut AnyConnection,
    p: &Practice,
    seq: i64,
    e: &NewEvent,
    state_after: State,
) -> Result<(), ApiError> {
    let attachments =
        serde_json::to_string(&e.attachments).map_err(|err| ApiError::internal(&err))?;
    sqlx::query(
        "INSERT INTO practice_events (practice_id, seq, at, kind, actor, state_after, note, attachments)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&p.id)
    .bind(seq)
    .bind(e.at.to_rfc3339())
    .bind(e.kind.as_str())
    .bind(&e.actor)
    .bind(state_after.as_str())
    .bind(e.note.as_deref())
    .bind(attachments)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE practices SET state = $1 WHERE id = $2")
        .bind(state_after.as_str())
        .bind(&p.id)
        .execute(&mut *conn)
        .await?;
    if e.kind == PracticeEventKind::Assigned {
        sqlx::query("UPDATE practices SET holder = $1 WHERE id = $2")
            .bind(e.note.as_deref().map(str::trim))
            .bind(&p.id)
            .execute(&mut *conn)
            .await?;
    }
    let change =
        campanile_core::practices::practice::change_of(&p.applicant, &p.id, e, state_after);
    record_change(conn, &change).await?;
    Ok(())
}

/// The statements of [`write_event`] and of the write's idempotency row with its answer, as
/// one batch for SQLite (see [`write_event_answered`]): `$1`–`$6` the idempotency row, `$7`–`$14`
/// the event, `$15`–`$20` the feed's change, `$21` the holder of an assignment.
macro_rules! event_batch {
    ($practice_update:literal) => {
        concat!(
            "INSERT INTO idempotency (subject, idem_key, fingerprint, status, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6);
             INSERT INTO practice_events
               (practice_id, seq, at, kind, actor, state_after, note, attachments)
             VALUES ($7, $8, $9, $10, $11, $12, $13, $14);
             ",
            $practice_update,
            ";
             UPDATE counters SET value = value + 1 WHERE name = 'changes';
             INSERT INTO changes (seq, person, kind, subject_id, event, at, detail)
             SELECT value, $15, $16, $17, $18, $19, $20 FROM counters WHERE name = 'changes'"
        )
    };
}

/// A write's idempotency row: the caller, the key, the request's fingerprint and the answer.
#[derive(Debug, Clone, Copy)]
pub struct Answered<'a> {
    /// The caller (the token's subject).
    pub subject: &'a str,
    /// The Idempotency-Key.
    pub key: &'a str,
    /// The request's fingerprint.
    pub fingerprint: &'a str,
    /// The answer's status.
    pub status: u16,
    /// The answer, JSON text.
    pub body: &'a str,
}

/// On SQLite, what [`write_event`] writes for event `e` (number `seq`, leaving the practice
/// as `after`) and the write's idempotency row with its answer (the key claimed and the answer
/// stored at once), in one batch of statements run one after the other on the writer's
/// connection: one round trip to its thread instead of one a statement, each taken while
/// holding the one write turn. The idempotency row goes first, a plain INSERT: when the key is
/// already there the batch stops on it with a unique violation ([`sqlx::Error::Database`],
/// `is_unique_violation`) having written nothing, and the transaction goes on (SQLite undoes
/// the failed statement only).
///
/// SQLite only: PostgreSQL takes one statement at a time with parameters. (sqlx runs several
/// statements in one SQLite query, the `$n` parameters shared by all of them, but calls it
/// deprecated; the hub's tests on SQLite write their practices' events through here.)
pub async fn write_event_answered(
    conn: &mut AnyConnection,
    after: &Practice,
    seq: i64,
    e: &NewEvent,
    answered: Answered<'_>,
) -> Result<(), sqlx::Error> {
    let state_after = after.state;
    let attachments =
        serde_json::to_string(&e.attachments).map_err(|err| sqlx::Error::Encode(err.into()))?;
    let change =
        campanile_core::practices::practice::change_of(&after.applicant, &after.id, e, state_after);
    let sql = if e.kind == PracticeEventKind::Assigned {
        event_batch!("UPDATE practices SET state = $12, holder = $21 WHERE id = $7")
    } else {
        event_batch!("UPDATE practices SET state = $12 WHERE id = $7")
    };
    let mut q = sqlx::query(sql)
        .bind(answered.subject)
        .bind(answered.key)
        .bind(answered.fingerprint)
        .bind(i64::from(answered.status))
        .bind(answered.body)
        .bind(Instant::now(&SystemClock).to_rfc3339())
        .bind(&after.id)
        .bind(seq)
        .bind(e.at.to_rfc3339())
        .bind(e.kind.as_str())
        .bind(&e.actor)
        .bind(state_after.as_str())
        .bind(e.note.as_deref())
        .bind(attachments)
        .bind(change.person)
        .bind(change.kind.as_str())
        .bind(change.subject_id)
        .bind(change.event.code())
        .bind(change.at.to_rfc3339())
        .bind(change.detail.to_json());
    if e.kind == PracticeEventKind::Assigned {
        q = q.bind(e.note.as_deref().map(str::trim));
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Records a change in its person's feed, numbered from the `changes` counter (whose row
/// stays locked until the transaction ends: numbers commit in order).
pub async fn record_change(conn: &mut AnyConnection, c: &NewChange<'_>) -> Result<i64, ApiError> {
    let (seq,): (i64,) = sqlx::query_as(
        "UPDATE counters SET value = value + 1 WHERE name = 'changes' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO changes (seq, person, kind, subject_id, event, at, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(seq)
    .bind(c.person)
    .bind(c.kind.as_str())
    .bind(c.subject_id)
    .bind(c.event.code())
    .bind(c.at.to_rfc3339())
    .bind(c.detail.to_json())
    .execute(&mut *conn)
    .await?;
    Ok(seq)
}

/// A page of `person`'s feed after `cursor`: the core's cursor and page rules over the hub's
/// rows.
pub async fn changes(
    conn: &mut AnyConnection,
    person: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page, ApiError> {
    let after = feed::parse_cursor(cursor)
        .map_err(|e| ApiError::bad_request("feed.bad-cursor", e.to_string()))?;
    let limit = feed::page_limit(limit);
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT seq, person, kind, subject_id, event, at, detail FROM changes
         WHERE person = CAST($1 AS TEXT) AND seq > $2 ORDER BY seq LIMIT CAST($3 AS BIGINT)",
    )
    .bind(person)
    .bind(after)
    .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
    .fetch_all(&mut *conn)
    .await?;
    let changes = rows
        .into_iter()
        .map(|(seq, person, kind, subject_id, event, at, detail)| {
            let kind = ChangeKind::parse(&kind);
            Ok(Change {
                seq,
                person,
                kind,
                subject_id,
                event: ChangeEvent::from_code(kind, &event),
                at: Instant::parse_rfc3339(&at).ok_or_else(|| corrupt("time", &at))?,
                detail: ChangeDetail::parse(kind, &detail),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(feed::page(changes, after, limit))
}

/// A practice and its timeline, oldest event first.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The practice.
    pub practice: Practice,
    /// Its events.
    pub events: Vec<PracticeEvent>,
}

/// How many timelines [`Timelines`] keeps at most.
const TIMELINES_KEPT: usize = 1024;

/// The timelines this process last wrote, kept in memory: the next write of a practice works
/// out its event on the one kept instead of reading the whole timeline again. Only a hint: a
/// write checks under its write turn that the practice is still as kept (its row, its last
/// event's number; see [`get_with_last_seq`]) and reads it afresh when not (another hub
/// process on the same PostgreSQL database writes without telling this one). A write takes
/// its practice's timeline out and puts it back, with its event, once committed: two writes
/// of one practice at once find one of them nothing kept, and a write that fails leaves
/// nothing behind.
#[derive(Debug, Default)]
pub struct Timelines {
    kept: std::sync::Mutex<std::collections::HashMap<String, Timeline>>,
}

impl Timelines {
    /// Takes out practice `id`'s timeline, if kept.
    pub fn take(&self, id: &str) -> Option<Timeline> {
        self.lock().remove(id)
    }

    /// Keeps `t` (committed), in place of an older one of its practice; past
    /// [`TIMELINES_KEPT`] practices, one of the others is let go.
    pub fn keep(&self, t: Timeline) {
        let mut kept = self.lock();
        if kept.len() >= TIMELINES_KEPT
            && !kept.contains_key(&t.practice.id)
            && let Some(other) = kept.keys().next().cloned()
        {
            kept.remove(&other);
        }
        kept.insert(t.practice.id.clone(), t);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Timeline>> {
        // A panic holding the lock leaves a map of whole entries: go on with it.
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
