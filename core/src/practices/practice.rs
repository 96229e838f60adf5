//! Practices in the store: opening one, appending events to its timeline (append only, checked
//! against the state machine and the clock), reading them back, and the legal clock they give.

use chrono::NaiveDate;

use crate::time::{Instant, parse_civil_date, rome_start_of_day};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::calendar::Calendar;
use super::deadline::{self, ClockInput, ClockStatus, Deadline, DeadlineError, Regime, Span};
use super::feed::{self, ChangeKind, FeedError, NewChange};
use super::states::{Domain, Machine, PracticeEventKind, State, TransitionError};
use crate::store::Store;

/// A practice to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPractice {
    /// The practice's id (unique in the store).
    pub id: String,
    /// The catalog procedure it follows, if any.
    pub procedure_id: Option<String>,
    /// The counter it belongs to.
    pub domain: Domain,
    /// The legal clock it runs on.
    pub regime: Regime,
    /// Its own term in days (ordinary regime), normally the procedure's.
    pub term_days: Option<u32>,
    /// ISTAT code of the comune (its patron-saint day counts).
    pub comune: Option<String>,
    /// Whose practice it is: the person whose feed gets its changes.
    pub applicant: String,
    /// What it is about, in a line.
    pub subject: String,
}

/// A stored practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Practice {
    /// The practice's id.
    pub id: String,
    /// The catalog procedure it follows, if any.
    pub procedure_id: Option<String>,
    /// The counter it belongs to.
    pub domain: Domain,
    /// The legal clock it runs on.
    pub regime: Regime,
    /// Its own term in days (ordinary regime).
    pub term_days: Option<u32>,
    /// ISTAT code of the comune (its patron-saint day counts).
    pub comune: Option<String>,
    /// Whose practice it is: the person whose feed gets its changes.
    pub applicant: String,
    /// What it is about, in a line.
    pub subject: String,
    /// Its current state (the last transition of the timeline).
    pub state: State,
    /// The office or official holding it now (the last `assigned` event).
    pub holder: Option<String>,
    /// When it was opened.
    pub created_at: Instant,
}

/// An event to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// When it happened.
    pub at: Instant,
    /// What it does: a transition or an event that keeps the state.
    pub kind: PracticeEventKind,
    /// Who did it (an official, the applicant, the front office).
    pub actor: String,
    /// Free text about it.
    pub note: Option<String>,
    /// Names or references of the documents attached.
    pub attachments: Vec<String>,
}

/// An event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeEvent {
    /// The event's sequence number in the timeline.
    pub seq: i64,
    /// When it happened.
    pub at: Instant,
    /// What it did.
    pub kind: PracticeEventKind,
    /// Who did it (an official, the applicant, the front office).
    pub actor: String,
    /// The practice's state after the event.
    pub state_after: State,
    /// Free text about it.
    pub note: Option<String>,
    /// Names or references of the documents attached.
    pub attachments: Vec<String>,
}

/// Why a practice could not be opened, changed or read.
#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    /// No practice with that id.
    #[error("no practice {id}")]
    NotFound {
        /// The practice id asked for.
        id: String,
    },
    /// A practice with that id already exists.
    #[error("practice {id} already exists")]
    Exists {
        /// The practice id.
        id: String,
    },
    /// The state machine refused the event.
    #[error("practice {id}: {kind} refused: {source}")]
    Transition {
        /// The practice id.
        id: String,
        /// The event's name.
        kind: &'static str,
        /// Why it was refused.
        source: TransitionError,
    },
    /// The event is earlier than the last one of the timeline.
    #[error(
        "practice {id}: the event at {at} is earlier than the last one ({last}): the timeline only moves forward"
    )]
    TimeBackwards {
        /// The practice id.
        id: String,
        /// The event's moment as given.
        at: String,
        /// The last event's moment.
        last: String,
    },
    /// A field given has a value that is not allowed.
    #[error("{field} = \"{value}\": {reason}")]
    Field {
        /// The field's name.
        field: &'static str,
        /// The value as given.
        value: String,
        /// What it should have been.
        reason: &'static str,
    },
    /// The practice's dates cannot make a clock.
    #[error("practice {id}: {source}")]
    Clock {
        /// The practice id.
        id: String,
        /// Why.
        source: DeadlineError,
    },
    /// The database failed.
    #[error("practices database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// The changes feed failed.
    #[error("{0}")]
    Feed(#[from] FeedError),
    /// Stored practice data cannot be read back (the text says what).
    #[error("stored practice data is damaged: {0}")]
    Corrupt(String),
}

/// Parses a moment: RFC 3339 (`2026-03-02T09:30:00+01:00`) or a day (`2026-03-02`, taken as
/// its first second in Rome).
pub fn parse_when(s: &str) -> Option<Instant> {
    let s = s.trim();
    if let Some(t) = Instant::parse_rfc3339(s) {
        return Some(t);
    }
    parse_civil_date(s).ok().map(rome_start_of_day)
}

fn field(field: &'static str, value: &str, reason: &'static str) -> PracticeError {
    PracticeError::Field {
        field,
        value: value.to_string(),
        reason,
    }
}

fn check_new(p: &NewPractice) -> Result<(), PracticeError> {
    if p.id.trim().is_empty() {
        return Err(field("id", &p.id, "required"));
    }
    if p.applicant.trim().is_empty() {
        return Err(field("applicant", &p.applicant, "required"));
    }
    if p.subject.trim().is_empty() {
        return Err(field("subject", &p.subject, "required"));
    }
    if let Some(c) = &p.comune
        && !super::patrons::is_istat_code(c)
    {
        return Err(field("comune", c, "an ISTAT code of 6 digits"));
    }
    if let Some(d) = p.term_days
        && (d == 0 || d > deadline::MAX_TERM_DAYS)
    {
        return Err(field("term_days", &d.to_string(), "from 1 to 3650 days"));
    }
    if p.regime != Regime::Ordinary && p.term_days.is_some() {
        return Err(field(
            "term_days",
            &p.term_days.unwrap_or_default().to_string(),
            "only an ordinary procedure has its own term; SCIA and building permits have the law's",
        ));
    }
    Ok(())
}

/// Checks a practice to open and its first event without storing anything: the fields
/// [`open`] requires (id, applicant, subject, an ISTAT code, a term only on the ordinary
/// clock) and a first event that is `started` or `presented`. A store of its own (the hub's)
/// calls it before writing.
pub fn check_open(p: &NewPractice, first: &NewEvent) -> Result<(), PracticeError> {
    check_new(p)?;
    if !matches!(
        first.kind,
        PracticeEventKind::To(State::Started) | PracticeEventKind::To(State::Presented)
    ) {
        return Err(field(
            "kind",
            first.kind.as_str(),
            "a practice opens as started or presented",
        ));
    }
    Ok(())
}

/// Opens a practice: it is `started` at `first.at`; when `first.kind` is `presented`, it is
/// also presented then (the receipt starts the clock). One transaction.
pub fn open(
    store: &mut Store,
    p: &NewPractice,
    first: &NewEvent,
) -> Result<Practice, PracticeError> {
    check_open(p, first)?;
    let tx = store.conn_mut().transaction()?;
    let exists: Option<String> = tx
        .query_row("SELECT id FROM practices WHERE id = ?1", [&p.id], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Err(PracticeError::Exists { id: p.id.clone() });
    }
    let at = first.at.to_rfc3339();
    tx.execute(
        "INSERT INTO practices (id, procedure_id, domain, regime, term_days, comune, applicant,
           subject, state, holder, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'started', NULL, ?9)",
        params![
            p.id,
            p.procedure_id,
            p.domain.as_str(),
            p.regime.as_str(),
            p.term_days,
            p.comune,
            p.applicant,
            p.subject,
            at
        ],
    )?;
    let started = NewEvent {
        kind: PracticeEventKind::To(State::Started),
        ..first.clone()
    };
    insert_event(&tx, &p.id, 1, &started, State::Started)?;
    record(&tx, &p.applicant, &p.id, &started, State::Started)?;
    if first.kind == PracticeEventKind::To(State::Presented) {
        let presented = NewEvent {
            note: None,
            attachments: Vec::new(),
            ..first.clone()
        };
        insert_event(&tx, &p.id, 2, &presented, State::Presented)?;
        tx.execute(
            "UPDATE practices SET state = 'presented' WHERE id = ?1",
            [&p.id],
        )?;
        record(&tx, &p.applicant, &p.id, &presented, State::Presented)?;
    }
    tx.commit()?;
    get(store, &p.id)
}

fn insert_event(
    conn: &Connection,
    id: &str,
    seq: i64,
    e: &NewEvent,
    state_after: State,
) -> Result<(), PracticeError> {
    let attachments = serde_json::to_string(&e.attachments)
        .map_err(|err| PracticeError::Corrupt(err.to_string()))?;
    conn.execute(
        "INSERT INTO practice_events (practice_id, seq, at, kind, actor, state_after, note, attachments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            seq,
            e.at.to_rfc3339(),
            e.kind.as_str(),
            e.actor,
            state_after.as_str(),
            e.note,
            attachments
        ],
    )?;
    Ok(())
}

fn record(
    conn: &Connection,
    person: &str,
    id: &str,
    e: &NewEvent,
    state_after: State,
) -> Result<(), PracticeError> {
    feed::record_change(conn, &change_of(person, id, e, state_after))?;
    Ok(())
}

/// The change an event of practice `id` puts in `person`'s feed (`state_after`: the practice's
/// state after it).
pub fn change_of<'a>(
    person: &'a str,
    id: &'a str,
    e: &NewEvent,
    state_after: State,
) -> NewChange<'a> {
    NewChange {
        person,
        kind: ChangeKind::Practice,
        subject_id: id,
        event: feed::ChangeEvent::Practice(e.kind),
        at: e.at,
        detail: feed::ChangeDetail::Practice(feed::PracticeChange {
            state: state_after.as_str().to_string(),
            actor: e.actor.clone(),
            note: e.note.clone(),
            attachments: e.attachments.clone(),
        }),
        dedup_key: None,
    }
}

/// The machine a timeline leaves.
pub fn replay(p: &Practice, events: &[PracticeEvent]) -> Result<Machine, PracticeError> {
    let mut m = Machine::new(p.domain, p.regime);
    for e in events {
        if e.kind == PracticeEventKind::To(State::Started) {
            continue;
        }
        m.apply(e.kind).map_err(|source| {
            PracticeError::Corrupt(format!("practice {}: event {}: {source}", p.id, e.seq))
        })?;
    }
    Ok(m)
}

fn check_fields(e: &NewEvent) -> Result<(), PracticeError> {
    if e.actor.trim().is_empty() {
        return Err(field("actor", &e.actor, "required"));
    }
    if e.kind == PracticeEventKind::Assigned
        && e.note.as_deref().is_none_or(|n| n.trim().is_empty())
    {
        return Err(field(
            "note",
            "",
            "an assignment names the office or official in its note",
        ));
    }
    Ok(())
}

/// Checks event `e` against practice `p` and its timeline `events` (oldest first) without
/// storing anything: its fields, the state machine the timeline leaves, and that it is not
/// earlier than the last event. Gives the machine after the event (its `state` is the
/// practice's next state). [`append`] runs the same checks; a store of its own (the hub's)
/// calls it before writing.
pub fn check_event(
    p: &Practice,
    events: &[PracticeEvent],
    e: &NewEvent,
) -> Result<Machine, PracticeError> {
    check_fields(e)?;
    let machine = replay(p, events)?;
    if let Some(last) = events.last()
        && e.at < last.at
    {
        return Err(PracticeError::TimeBackwards {
            id: p.id.clone(),
            at: e.at.to_rfc3339(),
            last: last.at.to_rfc3339(),
        });
    }
    machine
        .check(e.kind)
        .map_err(|source| PracticeError::Transition {
            id: p.id.clone(),
            kind: e.kind.as_str(),
            source,
        })
}

/// Appends an event: checked against the state machine and the last event's time, stored with
/// its change in the applicant's feed, in one transaction.
pub fn append(store: &mut Store, id: &str, e: &NewEvent) -> Result<PracticeEvent, PracticeError> {
    check_fields(e)?;
    let tx = store.conn_mut().transaction()?;
    let p = get_in(&tx, id)?;
    let events = events_in(&tx, id)?;
    let next = check_event(&p, &events, e)?;
    let seq = events.last().map_or(1, |l| l.seq + 1);
    insert_event(&tx, id, seq, e, next.state)?;
    tx.execute(
        "UPDATE practices SET state = ?2 WHERE id = ?1",
        params![id, next.state.as_str()],
    )?;
    if e.kind == PracticeEventKind::Assigned {
        tx.execute(
            "UPDATE practices SET holder = ?2 WHERE id = ?1",
            params![id, e.note.as_deref().map(str::trim)],
        )?;
    }
    record(&tx, &p.applicant, id, e, next.state)?;
    tx.commit()?;
    Ok(PracticeEvent {
        seq,
        at: e.at,
        kind: e.kind,
        actor: e.actor.clone(),
        state_after: next.state,
        note: e.note.clone(),
        attachments: e.attachments.clone(),
    })
}

const SELECT: &str = "SELECT id, procedure_id, domain, regime, term_days, comune, applicant,
    subject, state, holder, created_at FROM practices";

fn from_row(r: &rusqlite::Row<'_>) -> Result<Practice, PracticeError> {
    let corrupt = |what: &str, v: &str| PracticeError::Corrupt(format!("{what} \"{v}\""));
    let domain: String = r.get(2)?;
    let regime: String = r.get(3)?;
    let state: String = r.get(8)?;
    Ok(Practice {
        id: r.get(0)?,
        procedure_id: r.get(1)?,
        domain: Domain::parse(&domain).ok_or_else(|| corrupt("domain", &domain))?,
        regime: Regime::parse(&regime).ok_or_else(|| corrupt("regime", &regime))?,
        term_days: r.get(4)?,
        comune: r.get(5)?,
        applicant: r.get(6)?,
        subject: r.get(7)?,
        state: State::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        holder: r.get(9)?,
        created_at: {
            let at: String = r.get(10)?;
            Instant::parse_rfc3339(&at).ok_or_else(|| corrupt("time", &at))?
        },
    })
}

fn get_in(conn: &Connection, id: &str) -> Result<Practice, PracticeError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => from_row(r),
        None => Err(PracticeError::NotFound { id: id.to_string() }),
    }
}

fn events_in(conn: &Connection, id: &str) -> Result<Vec<PracticeEvent>, PracticeError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, kind, actor, state_after, note, attachments FROM practice_events
         WHERE practice_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let at: String = r.get(1)?;
        let kind: String = r.get(2)?;
        let state: String = r.get(4)?;
        let attachments: String = r.get(6)?;
        let corrupt = |what: &str, v: &str| PracticeError::Corrupt(format!("{what} \"{v}\""));
        out.push(PracticeEvent {
            seq: r.get(0)?,
            at: Instant::parse_rfc3339(&at).ok_or_else(|| corrupt("time", &at))?,
            kind: PracticeEventKind::parse(&kind).ok_or_else(|| corrupt("event kind", &kind))?,
            actor: r.get(3)?,
            state_after: State::parse(&state).ok_or_else(|| corrupt("state", &state))?,
            note: r.get(5)?,
            attachments: serde_json::from_str(&attachments)
                .map_err(|_| corrupt("attachments", &attachments))?,
        });
    }
    Ok(out)
}

/// One practice.
pub fn get(store: &Store, id: &str) -> Result<Practice, PracticeError> {
    get_in(store.conn(), id)
}

/// Its timeline, oldest first.
pub fn timeline(store: &Store, id: &str) -> Result<Vec<PracticeEvent>, PracticeError> {
    get_in(store.conn(), id)?;
    events_in(store.conn(), id)
}

/// Which practices to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only the practices of this applicant.
    pub applicant: Option<String>,
    /// Only the practices in this state.
    pub state: Option<State>,
    /// Only practices not concluded.
    pub open_only: bool,
}

/// Practices, newest first.
pub fn list(store: &Store, f: &Filter) -> Result<Vec<Practice>, PracticeError> {
    let mut stmt = store.conn().prepare(&format!(
        "{SELECT} WHERE (?1 IS NULL OR applicant = ?1) AND (?2 IS NULL OR state = ?2)
         ORDER BY created_at DESC, id"
    ))?;
    let mut rows = stmt.query(params![f.applicant, f.state.map(State::as_str)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let p = from_row(r)?;
        if f.open_only && p.state.is_final() {
            continue;
        }
        out.push(p);
    }
    Ok(out)
}

/// The clock's input from a timeline: received on the `presented` event's day; integration
/// requests paired with the documents' arrival; art. 10-bis notices with the observations; the
/// building-permit proposal. `None` before the practice is presented.
pub fn clock_input(p: &Practice, events: &[PracticeEvent]) -> Option<ClockInput> {
    let day = |e: &PracticeEvent| e.at.day_in_rome();
    let received = events
        .iter()
        .find(|e| e.kind == PracticeEventKind::To(State::Presented))
        .map(day)?;
    let mut input = ClockInput::new(p.regime, received);
    input.term_days = p.term_days;
    for e in events {
        match e.kind {
            PracticeEventKind::To(State::IntegrationRequested) => input.suspensions.push(Span {
                from: day(e),
                to: None,
            }),
            PracticeEventKind::To(State::Integrated) => {
                if let Some(s) = input.suspensions.iter_mut().rev().find(|s| s.to.is_none()) {
                    s.to = Some(day(e));
                }
            }
            PracticeEventKind::RefusalNotice => input.refusal_notices.push(Span {
                from: day(e),
                to: None,
            }),
            PracticeEventKind::Observations => {
                if let Some(s) = input
                    .refusal_notices
                    .iter_mut()
                    .rev()
                    .find(|s| s.to.is_none())
                {
                    s.to = Some(day(e));
                }
            }
            PracticeEventKind::Proposal => input.proposal = Some(day(e)),
            _ => {}
        }
    }
    Some(input)
}

/// The day the practice ended (its final state's event), if it did.
pub fn concluded_on(events: &[PracticeEvent]) -> Option<NaiveDate> {
    events
        .iter()
        .find(|e| matches!(e.kind, PracticeEventKind::To(s) if s.is_final()))
        .map(|e| e.at.day_in_rome())
}

/// A practice's legal clock on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeClock {
    /// The due date and the chain of rules that gives it.
    pub deadline: Deadline,
    /// Where the practice stands against it on that day.
    pub status: ClockStatus,
}

/// The clock of a practice on `today` (the suspensions still open counted up to `today`, or up
/// to the end when it ended); `None` before it is presented.
pub fn clock(
    p: &Practice,
    events: &[PracticeEvent],
    cal: &Calendar,
    today: NaiveDate,
) -> Result<Option<PracticeClock>, PracticeError> {
    let Some(input) = clock_input(p, events) else {
        return Ok(None);
    };
    let concluded = concluded_on(events);
    let as_of = concluded.unwrap_or(today);
    let d = deadline::compute(&input, cal, as_of).map_err(|source| PracticeError::Clock {
        id: p.id.clone(),
        source,
    })?;
    let term = deadline::term_days(p.regime, p.term_days);
    let status = deadline::status(&d, today, concluded, term);
    Ok(Some(PracticeClock {
        deadline: d,
        status,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_practice() -> NewPractice {
        NewPractice {
            id: "P1".into(),
            procedure_id: None,
            domain: Domain::Suap,
            regime: Regime::Ordinary,
            term_days: Some(45),
            comune: Some("044007".into()),
            applicant: "RSSMRA80A01D542X".into(),
            subject: "Apertura bar".into(),
        }
    }

    fn event(kind: PracticeEventKind, at_ms: i64) -> NewEvent {
        NewEvent {
            at: Instant::from_ms(at_ms),
            kind,
            actor: "sportello".into(),
            note: None,
            attachments: Vec::new(),
        }
    }

    fn stored(kind: PracticeEventKind, seq: i64, at_ms: i64, after: State) -> PracticeEvent {
        PracticeEvent {
            seq,
            at: Instant::from_ms(at_ms),
            kind,
            actor: "sportello".into(),
            state_after: after,
            note: None,
            attachments: Vec::new(),
        }
    }

    /// The checks without a store are those `open` and `append` run.
    #[test]
    fn checks_without_a_store() {
        let presented = event(PracticeEventKind::To(State::Presented), 1_000);
        assert!(check_open(&new_practice(), &presented).is_ok());
        let bad_kind = event(PracticeEventKind::Note, 1_000);
        assert!(matches!(
            check_open(&new_practice(), &bad_kind),
            Err(PracticeError::Field { field: "kind", .. })
        ));
        let scia_with_term = NewPractice {
            regime: Regime::Scia,
            ..new_practice()
        };
        assert!(matches!(
            check_open(&scia_with_term, &presented),
            Err(PracticeError::Field {
                field: "term_days",
                ..
            })
        ));

        let p = Practice {
            id: "P1".into(),
            procedure_id: None,
            domain: Domain::Suap,
            regime: Regime::Ordinary,
            term_days: Some(45),
            comune: Some("044007".into()),
            applicant: "RSSMRA80A01D542X".into(),
            subject: "Apertura bar".into(),
            state: State::Presented,
            holder: None,
            created_at: Instant::from_ms(1_000),
        };
        let timeline = [
            stored(
                PracticeEventKind::To(State::Started),
                1,
                1_000,
                State::Started,
            ),
            stored(
                PracticeEventKind::To(State::Presented),
                2,
                1_000,
                State::Presented,
            ),
        ];
        let next = check_event(
            &p,
            &timeline,
            &event(PracticeEventKind::To(State::IntegrationRequested), 2_000),
        )
        .unwrap();
        assert_eq!(next.state, State::IntegrationRequested);
        assert!(matches!(
            check_event(
                &p,
                &timeline,
                &event(PracticeEventKind::To(State::Integrated), 2_000)
            ),
            Err(PracticeError::Transition { .. })
        ));
        assert!(matches!(
            check_event(&p, &timeline, &event(PracticeEventKind::Note, 500)),
            Err(PracticeError::TimeBackwards { .. })
        ));
        assert!(matches!(
            check_event(&p, &timeline, &event(PracticeEventKind::Assigned, 2_000)),
            Err(PracticeError::Field { field: "note", .. })
        ));

        let change = change_of("RSSMRA80A01D542X", "P1", &presented, State::Presented);
        assert_eq!(change.event.code(), "presented");
        assert_eq!(
            change.detail.to_json(),
            r#"{"state":"presented","actor":"sportello","note":null,"attachments":[]}"#
        );
    }
}
