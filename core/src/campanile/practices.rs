//! Practices through the handle: opening one with its procedure's defaults, its events and
//! timeline, its legal clock with the comune's patron-saint day (the shipped table, then the
//! overrides stored in the database, then any a front gives for one call), overdue practices
//! and the official with the substitute power, the reminders and the per-person changes feed.
//!
//! Every rule a front would otherwise write again lives here: the term only for the ordinary
//! regime, "presented" when the day of receipt is given and "started" otherwise, the ISTAT
//! code check, what the text of each step and status says.

use std::path::Path;

use chrono::NaiveDate;

use crate::time::Instant;
use serde::Serialize;

use super::Campanile;
use crate::error::{Error, ErrorClass};
use crate::practices::catalog::{self, Procedure};
use crate::practices::deadline::{
    self, ClockInput, ClockStatus, DeadlineStep, Regime, Span, SuapTimes,
};
use crate::practices::feed::{self, Page};
use crate::practices::messages::{status_text, step_text};
use crate::practices::notify::{self, Poll};
use crate::practices::patrons::{self, PatronDays, PatronEntry, PatronError};
use crate::practices::practice::{self, Filter, NewEvent, NewPractice, Practice, PracticeEvent};
use crate::practices::reminders::{self, Reminder};
use crate::practices::states::{Domain, PracticeEventKind, State};
use crate::practices::urgency::Urgency;
use crate::store::Store;

/// The practices part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Practices<'a> {
    pub(super) core: &'a Campanile,
}

/// A practice to open, as the counter fills it in. What is left out comes from its procedure
/// in the catalog (domain, regime, term), else the law's defaults (SUAP, ordinary, 30 days).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenRequest {
    /// The practice's id (the protocol number, for instance).
    pub id: String,
    /// Whose practice it is: the id their changes feed is read with.
    pub applicant: String,
    /// What it is about.
    pub subject: String,
    /// The procedure's id in the catalog.
    pub procedure: Option<String>,
    /// The domain, when not the procedure's.
    pub domain: Option<Domain>,
    /// The regime, when not the procedure's.
    pub regime: Option<Regime>,
    /// The term in days, when not the procedure's (ordinary regime only: others have the law's).
    pub term_days: Option<u32>,
    /// The comune's ISTAT code (6 digits): its patron-saint day counts.
    pub comune: Option<String>,
    /// When the application was received: the practice opens presented and its clock starts.
    /// Left out, it opens started, now.
    pub received: Option<Instant>,
    /// Who opens it.
    pub actor: String,
    /// A note on the first event.
    pub note: Option<String>,
}

/// An event to add to a practice's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRequest {
    /// What happened: an AgID state, or a note, document, assignment, …
    pub kind: PracticeEventKind,
    /// When (default: now).
    pub at: Option<Instant>,
    /// Who did it.
    pub actor: String,
    /// A note (for `assigned`: the office or official now holding the practice).
    pub note: Option<String>,
    /// The documents attached.
    pub attachments: Vec<String>,
}

/// A deadline computed from dates, with no practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineRequest {
    /// The regime, the day of receipt, suspensions, notices of refusal, the proposal.
    pub input: ClockInput,
    /// The comune's ISTAT code, for its patron-saint day (checked: 6 digits).
    pub comune: Option<String>,
    /// The day open periods are counted to (default: today).
    pub today: Option<NaiveDate>,
}

/// One step of a rule chain, with its text in the handle's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepView {
    /// The rule, the date it gives, the numbers it used and its legal reference.
    #[serde(flatten)]
    pub step: DeadlineStep,
    /// The step in words.
    pub text: String,
}

/// A practice in a person's list, with its clock today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeRow {
    /// The practice.
    pub practice: Practice,
    /// Its legal clock today (none without one, e.g. a registry request).
    pub clock: Option<ClockView>,
}

/// A deadline computed from dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineView {
    /// The day the application was received.
    pub received: NaiveDate,
    /// The clock it ran on.
    pub regime: Regime,
    /// The last day for the comune to conclude.
    pub due: NaiveDate,
    /// A suspension is still open: the due date assumes it ends today.
    pub suspended: bool,
    /// The comune whose patron-saint day counted.
    pub comune: Option<String>,
    /// Its patron-saint day, when known.
    pub patron: Option<PatronEntry>,
    /// How the due date comes out, rule by rule.
    pub chain: Vec<StepView>,
    /// The AgID SUAP `times` fields.
    pub times: SuapTimes,
}

/// A practice's legal clock on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockView {
    /// The last day for the comune to conclude.
    pub due: NaiveDate,
    /// Running, suspended, overdue or concluded.
    pub status: ClockStatus,
    /// The status in words.
    pub status_text: String,
    /// How pressing it is (the order of a person's list).
    pub urgency: Urgency,
    /// A suspension is still open.
    pub suspended: bool,
    /// How the due date comes out, rule by rule.
    pub chain: Vec<StepView>,
    /// The AgID SUAP `times` fields.
    pub times: SuapTimes,
}

/// A procedure, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureRef {
    /// Its id in the catalog.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One practice as the counter sees it: its state, its procedure, its clock, and when it is
/// overdue, whom the applicant can turn to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeView {
    /// The practice.
    pub practice: Practice,
    /// Its procedure, when it has one in the catalog.
    pub procedure: Option<ProcedureRef>,
    /// Its clock (none before it is presented).
    pub clock: Option<ClockView>,
    /// The due date has passed and it is not concluded.
    pub overdue: bool,
    /// Overdue: the official with the substitute power (L. 241/1990 art. 2 c. 9-bis), when the
    /// catalog names them (else, by law, the most senior manager or the segretario).
    pub substitute: Option<String>,
    /// How many events its timeline has.
    pub events: usize,
}

/// Patron-saint days given for one call, overriding the shipped ones and the database's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatronOverrides {
    source: String,
    entries: Vec<PatronEntry>,
}

impl PatronOverrides {
    /// Where they come from (a file's name).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The days, one per comune.
    pub fn entries(&self) -> &[PatronEntry] {
        &self.entries
    }
}

impl Practices<'_> {
    /// Opens a practice at the counter. Domain, regime and term default to its procedure's;
    /// a term is kept for the ordinary regime only (SCIA and building permits run on the
    /// law's); with a day of receipt it opens presented (the clock starts), else started now.
    pub fn open(&self, request: &OpenRequest) -> Result<Practice, Error> {
        let procedure = match &request.procedure {
            Some(pid) => Some(self.procedure(pid)?),
            None => None,
        };
        let domain = request
            .domain
            .or(procedure.as_ref().map(|p| p.domain))
            .unwrap_or(Domain::Suap);
        let regime = request
            .regime
            .or(procedure.as_ref().map(|p| p.regime))
            .unwrap_or(Regime::Ordinary);
        let term_days = request
            .term_days
            .or(procedure.as_ref().and_then(|p| p.term_days))
            .filter(|_| regime == Regime::Ordinary);
        let comune = request
            .comune
            .as_deref()
            .map(|c| self.check_istat(c))
            .transpose()?;
        let (at, kind) = match request.received {
            Some(at) => (at, PracticeEventKind::To(State::Presented)),
            None => (self.now(), PracticeEventKind::To(State::Started)),
        };
        let new = NewPractice {
            id: request.id.clone(),
            procedure_id: request.procedure.clone(),
            domain,
            regime,
            term_days,
            comune,
            applicant: request.applicant.clone(),
            subject: request.subject.clone(),
        };
        let first = NewEvent {
            at,
            kind,
            actor: request.actor.clone(),
            note: request.note.clone(),
            attachments: Vec::new(),
        };
        self.core.write(|s| practice::open(s, &new, &first))
    }

    /// Adds an event to a practice's timeline: refused (a conflict) when the AgID states do
    /// not allow it or when it is earlier than the last one.
    pub fn event(&self, id: &str, request: &EventRequest) -> Result<PracticeEvent, Error> {
        let new = NewEvent {
            at: request.at.unwrap_or_else(|| self.now()),
            kind: request.kind,
            actor: request.actor.clone(),
            note: request.note.clone(),
            attachments: request.attachments.clone(),
        };
        self.core.write(|s| practice::append(s, id, &new))
    }

    /// One practice, as stored.
    pub fn get(&self, id: &str) -> Result<Practice, Error> {
        self.core.read(|s| practice::get(s, id))
    }

    /// A practice's timeline, oldest first.
    pub fn timeline(&self, id: &str) -> Result<Vec<PracticeEvent>, Error> {
        self.core.read(|s| practice::timeline(s, id))
    }

    /// The practices, newest first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Practice>, Error> {
        self.core.read(|s| practice::list(s, filter))
    }

    /// One practice with its clock on `today` (default: today), and, when it is overdue, the
    /// official with the substitute power from its procedure.
    pub fn show(
        &self,
        id: &str,
        today: Option<NaiveDate>,
        extra: Option<&PatronOverrides>,
    ) -> Result<PracticeView, Error> {
        let (p, events, procedure, table) = self
            .core
            .db()
            .read(|s| -> Result<_, Error> {
                let p = practice::get(s, id).map_err(|e| self.core.error(&e))?;
                let events = practice::timeline(s, id).map_err(|e| self.core.error(&e))?;
                let procedure = match &p.procedure_id {
                    Some(pid) => catalog::find(s, pid).map_err(|e| self.core.error(&e))?,
                    None => None,
                };
                let table = self.table(Some(s), extra)?;
                Ok((p, events, procedure, table))
            })
            .map_err(|e| self.core.error(&e))??;
        let cal = table.calendar(p.comune.as_deref());
        let day = today.unwrap_or_else(|| self.today());
        let clock = practice::clock(&p, &events, &cal, day).map_err(|e| self.core.error(&e))?;
        let overdue = matches!(
            clock.as_ref().map(|c| &c.status),
            Some(ClockStatus::Overdue { .. })
        );
        let substitute = if overdue {
            procedure.as_ref().and_then(Procedure::substitute_text)
        } else {
            None
        };
        Ok(PracticeView {
            clock: clock.map(|c| ClockView {
                due: c.deadline.due,
                status_text: status_text(&self.core.i18n(), &c.status),
                urgency: Urgency::of(&c.status),
                status: c.status,
                suspended: c.deadline.suspended,
                chain: self.chain(&c.deadline.chain),
                times: c.deadline.times,
            }),
            procedure: procedure.map(|pr| ProcedureRef {
                id: pr.id,
                name: pr.name,
            }),
            practice: p,
            overdue,
            substitute,
            events: events.len(),
        })
    }

    /// A legal deadline from dates, with the rule chain that gives it. The comune's
    /// patron-saint day counts (shipped, then the database's overrides, then `extra`).
    pub fn deadline(
        &self,
        request: &DeadlineRequest,
        extra: Option<&PatronOverrides>,
    ) -> Result<DeadlineView, Error> {
        let comune = request
            .comune
            .as_deref()
            .map(|c| self.check_istat(c))
            .transpose()?;
        let table = self
            .core
            .db()
            .read(|s| self.table(Some(s), extra))
            .map_err(|e| self.core.error(&e))??;
        let cal = table.calendar(comune.as_deref());
        let as_of = request.today.unwrap_or_else(|| self.today());
        let d = deadline::compute(&request.input, &cal, as_of).map_err(|e| self.core.error(&e))?;
        Ok(DeadlineView {
            received: d.received,
            regime: d.regime,
            due: d.due,
            suspended: d.suspended,
            patron: comune.as_deref().and_then(|c| table.get(c)).cloned(),
            comune,
            chain: self.chain(&d.chain),
            times: d.times,
        })
    }

    /// A person's changes after `after` (a cursor a page gave; none: from the start), at most
    /// `limit`, with the cursor for the next page.
    pub fn changes(&self, person: &str, after: Option<&str>, limit: usize) -> Result<Page, Error> {
        self.core
            .read(|s| feed::changes_since(s.conn(), person, after, limit))
    }

    /// The practices of `filter` as a person's list shows them, each with its clock today:
    /// overdue first, then due today, soon, later, suspended, concluded, and those without a
    /// clock; the nearest due date first within each.
    pub fn worklist(&self, filter: &Filter) -> Result<Vec<PracticeRow>, Error> {
        let mut rows = self
            .list(filter)?
            .into_iter()
            .map(|p| {
                let clock = self.show(&p.id, None, None)?.clock;
                Ok(PracticeRow { practice: p, clock })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        rows.sort_by_key(|r| {
            (
                r.clock.is_none(),
                r.clock.as_ref().map(|c| (c.urgency, c.due)),
            )
        });
        Ok(rows)
    }

    /// What to notify `person` of since `after` (the cursor the last poll kept; none on the
    /// first poll, which takes the feed's end and notifies nothing): one notification per
    /// practice or invoice, reminders first, at most `max` and a "more" summary. Keep the
    /// returned cursor only once the notifications are posted.
    pub fn notifications(
        &self,
        person: &str,
        after: Option<&str>,
        max: usize,
    ) -> Result<Poll, Error> {
        const PAGE: usize = 500;
        let mut cursor = after.map(str::to_string);
        let mut changes = Vec::new();
        loop {
            let page = self.changes(person, cursor.as_deref(), PAGE)?;
            if after.is_some() {
                changes.extend(page.changes);
            }
            cursor = Some(page.cursor);
            if !page.more {
                break;
            }
        }
        let notifications = if after.is_some() {
            notify::notifications(&self.core.i18n(), &changes, max)
        } else {
            Vec::new()
        };
        Ok(Poll {
            notifications,
            cursor: cursor.unwrap_or_default(),
            first: after.is_none(),
        })
    }

    /// Records in the feeds the reminders due on `today` (default: today): practices due
    /// within `days_before` days, and overdue ones naming the substitute official. Each is
    /// recorded once, however often this runs.
    pub fn remind(
        &self,
        days_before: u32,
        today: Option<NaiveDate>,
        extra: Option<&PatronOverrides>,
    ) -> Result<Vec<Reminder>, Error> {
        let day = today.unwrap_or_else(|| self.today());
        let at = self.now();
        self.core.db().write(|s| {
            let table = self.table(Some(s), extra)?;
            reminders::emit(s, &table, day, days_before, at).map_err(|e| self.core.error(&e))
        })
    }

    /// The patron-saint days in force: shipped, then the database's overrides, then `extra`.
    pub fn patron_days(&self, extra: Option<&PatronOverrides>) -> Result<Vec<PatronEntry>, Error> {
        let table = self
            .core
            .db()
            .read(|s| self.table(Some(s), extra))
            .map_err(|e| self.core.error(&e))??;
        Ok(table.entries().cloned().collect())
    }

    /// Reads a CSV of patron-saint days (`istat,name,province,saint,day`; day `MM-DD`,
    /// `MM-sun1`, `easter+N`) from a file.
    pub fn read_patron_file(&self, path: &Path) -> Result<PatronOverrides, Error> {
        let bytes = std::fs::read(path).map_err(|source| {
            self.core.error(&PatronError::Read {
                path: path.to_path_buf(),
                source,
            })
        })?;
        self.read_patron_bytes(&path.display().to_string(), &bytes)
    }

    /// Reads a CSV of patron-saint days from its bytes; `name` is how messages call it.
    pub fn read_patron_bytes(&self, name: &str, bytes: &[u8]) -> Result<PatronOverrides, Error> {
        let text = String::from_utf8_lossy(bytes);
        let entries = patrons::parse_csv(&text, name).map_err(|e| self.core.error(&e))?;
        Ok(PatronOverrides {
            source: name.to_string(),
            entries,
        })
    }

    /// Stores patron-saint days in the database: from now on they override the shipped ones.
    /// Returns how many were stored.
    pub fn import_patron_days(&self, days: &PatronOverrides) -> Result<usize, Error> {
        self.core
            .write(|s| PatronDays::save_overrides(s, &days.entries))
    }

    /// Reads a day typed as `YYYY-MM-DD`.
    pub fn parse_date(&self, text: &str) -> Result<NaiveDate, Error> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| self.bad("practices.bad-date", "practices-error-date", text))
    }

    /// Reads a moment: RFC 3339, or a day (`YYYY-MM-DD`, its first second in Rome).
    pub fn parse_when(&self, text: &str) -> Result<Instant, Error> {
        practice::parse_when(text)
            .ok_or_else(|| self.bad("practices.bad-when", "practices-error-when", text))
    }

    /// Reads a period `FROM..TO` (`TO` may be left out while it is open).
    pub fn parse_span(&self, text: &str) -> Result<Span, Error> {
        let bad = || self.bad("practices.bad-span", "practices-error-span", text);
        let (from, to) = text.split_once("..").ok_or_else(bad)?;
        let from = self.parse_date(from).map_err(|_| bad())?;
        let to = match to.trim() {
            "" => None,
            t => Some(self.parse_date(t).map_err(|_| bad())?),
        };
        Ok(Span { from, to })
    }

    /// Reads a regime: `ordinary`, `scia`, `scia-building`, `building-permit`.
    pub fn parse_regime(&self, text: &str) -> Result<Regime, Error> {
        Regime::parse(text)
            .ok_or_else(|| self.bad("practices.bad-regime", "practices-error-regime", text))
    }

    /// Reads a domain: `suap`, `sue`, `registry`.
    pub fn parse_domain(&self, text: &str) -> Result<Domain, Error> {
        Domain::parse(text)
            .ok_or_else(|| self.bad("practices.bad-domain", "practices-error-domain", text))
    }

    /// Reads an AgID SUAP state's name.
    pub fn parse_state(&self, text: &str) -> Result<State, Error> {
        State::parse(text).ok_or_else(|| {
            let known: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "practices.bad-state",
                    "practices-error-state",
                    &[("value", text.into()), ("known", known.join(", ").into())],
                )
                .with_detail("value", text)
        })
    }

    /// Reads an event's kind: an AgID state, or `note`, `document`, `assigned`, ….
    pub fn parse_event_kind(&self, text: &str) -> Result<PracticeEventKind, Error> {
        PracticeEventKind::parse(text).ok_or_else(|| {
            let known: Vec<&str> = PracticeEventKind::all()
                .iter()
                .map(|k| k.as_str())
                .collect();
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "practices.bad-event-kind",
                    "practices-error-event-kind",
                    &[("value", text.into()), ("known", known.join(", ").into())],
                )
                .with_detail("value", text)
        })
    }

    /// Checks a comune's ISTAT code (6 digits, spaces around ignored) and gives it trimmed.
    pub fn check_istat(&self, text: &str) -> Result<String, Error> {
        let t = text.trim();
        if patrons::is_istat_code(t) {
            Ok(t.to_string())
        } else {
            Err(self
                .bad("practices.bad-comune", "practices-error-istat", t)
                .with_detail("comune", t))
        }
    }

    /// Today in Rome, by the host's clock: the day legal terms are counted on.
    pub fn today(&self) -> NaiveDate {
        self.core.today()
    }

    fn now(&self) -> Instant {
        Instant::now(self.core.host().clock.as_ref())
    }

    fn bad(&self, code: &str, id: &str, value: &str) -> Error {
        self.core
            .fail(ErrorClass::BadInput, code, id, &[("value", value.into())])
            .with_detail("value", value)
    }

    fn procedure(&self, id: &str) -> Result<Procedure, Error> {
        self.core.read(|s| catalog::get(s, id))
    }

    fn chain(&self, steps: &[DeadlineStep]) -> Vec<StepView> {
        let i18n = self.core.i18n();
        steps
            .iter()
            .map(|s| StepView {
                text: step_text(&i18n, s),
                step: s.clone(),
            })
            .collect()
    }

    /// The patron-saint days in force: shipped, then the store's table, then `extra`.
    fn table(
        &self,
        store: Option<&Store>,
        extra: Option<&PatronOverrides>,
    ) -> Result<PatronDays, Error> {
        let mut table = PatronDays::shipped().map_err(|e| self.core.error(&e))?;
        if let Some(store) = store {
            table.apply_store(store).map_err(|e| self.core.error(&e))?;
        }
        if let Some(extra) = extra {
            table.apply(extra.entries.clone());
        }
        Ok(table)
    }
}
