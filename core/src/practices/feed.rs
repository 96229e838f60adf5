//! The changes feed: per person, cursor-based, from which the fronts raise notifications.
//!
//! Every change is a row of the `changes` table with a `kind`: `practice` (an event of one of
//! the person's practices), `reminder` (a deadline near or passed). Other modules add their own
//! kinds (`invoice`) by calling [`record_change`] inside their own transaction, so that a change
//! is in the feed exactly when the data it reports is stored.
//!
//! The cursor is the sequence number of the last change a reader has seen. Sequence numbers are
//! given by SQLite (`AUTOINCREMENT`: never reused) and SQLite has one writer at a time, so a
//! change with a lower number is always committed before one with a higher number: reading
//! "everything after N" in pages never loses nor repeats a change.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::states::PracticeEventKind;
use crate::time::{CivilDate, Instant};

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// An event of one of the person's practices.
    Practice,
    /// A deadline near or passed.
    Reminder,
    /// A supplier invoice's event (`core::invoices`).
    Invoice,
    /// A kind this build does not know (a newer version's).
    #[serde(other)]
    Other,
}

impl ChangeKind {
    /// The code stored in the `changes` table.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Practice => "practice",
            ChangeKind::Reminder => "reminder",
            ChangeKind::Invoice => "invoice",
            ChangeKind::Other => "other",
        }
    }

    /// The kind of a stored code.
    pub fn parse(code: &str) -> ChangeKind {
        match code {
            "practice" => ChangeKind::Practice,
            "reminder" => ChangeKind::Reminder,
            "invoice" => ChangeKind::Invoice,
            _ => ChangeKind::Other,
        }
    }
}

/// What happened: serialised (and stored) as its code — a practice event's kind
/// (`presented`, `integration-requested`, `note`, …), `deadline-near` or `overdue` for a
/// reminder, an invoice event's kind (`RC`, `registered`, `term`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeEvent {
    /// An event of a practice's timeline.
    Practice(PracticeEventKind),
    /// A deadline is near.
    DeadlineNear,
    /// A deadline has passed.
    Overdue,
    /// An event of a supplier invoice.
    #[cfg(feature = "invoices")]
    Invoice(crate::invoices::InvoiceEventKind),
    /// A code this build does not know for the change's kind: as stored.
    Other(String),
}

impl ChangeEvent {
    /// The event of a change of `kind` stored as `code`.
    pub fn from_code(kind: ChangeKind, code: &str) -> ChangeEvent {
        let known = match kind {
            ChangeKind::Practice => PracticeEventKind::parse(code).map(ChangeEvent::Practice),
            ChangeKind::Reminder => match code {
                "deadline-near" => Some(ChangeEvent::DeadlineNear),
                "overdue" => Some(ChangeEvent::Overdue),
                _ => None,
            },
            #[cfg(feature = "invoices")]
            ChangeKind::Invoice => Some(ChangeEvent::Invoice(
                crate::invoices::InvoiceEventKind::from_code(code),
            )),
            _ => None,
        };
        known.unwrap_or_else(|| ChangeEvent::Other(code.to_string()))
    }

    /// The stored code.
    pub fn code(&self) -> &str {
        match self {
            ChangeEvent::Practice(k) => k.as_str(),
            ChangeEvent::DeadlineNear => "deadline-near",
            ChangeEvent::Overdue => "overdue",
            #[cfg(feature = "invoices")]
            ChangeEvent::Invoice(k) => k.code(),
            ChangeEvent::Other(code) => code,
        }
    }
}

impl std::fmt::Display for ChangeEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl PartialEq<&str> for ChangeEvent {
    fn eq(&self, code: &&str) -> bool {
        self.code() == *code
    }
}

impl Serialize for ChangeEvent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// What a practice's change says: its state after the event, who did it, the note, the
/// attachments' names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeChange {
    /// The practice's state after the event (`presented`, `integration-requested`, …).
    pub state: String,
    /// Who did it (counter staff, the applicant).
    #[serde(default)]
    pub actor: String,
    /// The note written with it.
    #[serde(default)]
    pub note: Option<String>,
    /// The documents attached (their names).
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// What a reminder says: the deadline, the days left (negative once passed), and who to call
/// when it has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderChange {
    /// The deadline.
    pub due: CivilDate,
    /// Days left until it; negative once it has passed.
    pub days_left: i64,
    /// The substitute official to call when it has passed ("name (contacts)").
    #[serde(default)]
    pub substitute: Option<String>,
}

/// What a supplier invoice's change says: which invoice, and the event's detail.
#[cfg(feature = "invoices")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceChange {
    /// The invoice's number.
    pub number: String,
    /// The invoice's date.
    pub date: CivilDate,
    /// The day the event happened, when it has one.
    #[serde(default)]
    pub on: Option<CivilDate>,
    /// The event's detail (notification ids, outcome, errors, note, agreed days).
    pub detail: crate::invoices::InvoiceEventDetail,
}

/// What a change says, by its kind; serialised as the kind's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ChangeDetail {
    /// A practice's event (`kind` = `practice`).
    Practice(PracticeChange),
    /// A deadline near or passed (`kind` = `reminder`).
    Reminder(ReminderChange),
    /// A supplier invoice's event (`kind` = `invoice`).
    #[cfg(feature = "invoices")]
    Invoice(Box<InvoiceChange>),
    /// A kind this build does not read (a newer version's, or a feature left out): its JSON as
    /// stored.
    Other(String),
}

impl ChangeDetail {
    /// The JSON stored for it.
    pub fn to_json(&self) -> String {
        match self {
            ChangeDetail::Other(raw) => raw.clone(),
            other => serde_json::to_string(other).unwrap_or_else(|_| "{}".to_string()),
        }
    }

    /// Reads the stored JSON of a change of `kind` (kept as [`ChangeDetail::Other`] when this
    /// build cannot read it).
    pub fn parse(kind: ChangeKind, json: &str) -> ChangeDetail {
        let read = match kind {
            ChangeKind::Practice => serde_json::from_str(json).ok().map(ChangeDetail::Practice),
            ChangeKind::Reminder => serde_json::from_str(json).ok().map(ChangeDetail::Reminder),
            #[cfg(feature = "invoices")]
            ChangeKind::Invoice => serde_json::from_str(json)
                .ok()
                .map(|c| ChangeDetail::Invoice(Box::new(c))),
            _ => None,
        };
        read.unwrap_or_else(|| ChangeDetail::Other(json.to_string()))
    }
}

/// A change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewChange<'a> {
    /// Whose feed it goes to (the applicant's or supplier's id, e.g. a fiscal code).
    pub person: &'a str,
    /// What it is about.
    pub kind: ChangeKind,
    /// The practice's (invoice's) id.
    pub subject_id: &'a str,
    /// What happened (an event kind, `deadline-near`, `overdue`, …).
    pub event: ChangeEvent,
    /// When it happened.
    pub at: Instant,
    /// What the front needs to word the notification.
    pub detail: ChangeDetail,
    /// When set, a change with the same key is recorded only once (reminders).
    pub dedup_key: Option<String>,
}

/// A change of the feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The change's sequence number: the cursor after reading it.
    pub seq: i64,
    /// Whose feed it is in.
    pub person: String,
    /// What it is about.
    pub kind: ChangeKind,
    /// The id of what it is about (a practice, an invoice).
    pub subject_id: String,
    /// What happened.
    pub event: ChangeEvent,
    /// When it happened.
    pub at: Instant,
    /// What it says, by its kind.
    pub detail: ChangeDetail,
}

/// A page of the feed and the cursor to ask for the next one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// The changes, oldest first.
    pub changes: Vec<Change>,
    /// Give it back to get the changes after this page (the same cursor when the page is
    /// empty).
    pub cursor: String,
    /// More changes are waiting after this page.
    pub more: bool,
}

/// Why the feed could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The cursor is not one a page returned.
    #[error("\"{value}\" is not a feed cursor (give back the cursor a page returned)")]
    BadCursor {
        /// The text given.
        value: String,
    },
    /// The database failed.
    #[error("changes feed database error: {0}")]
    Db(#[from] rusqlite::Error),
}

/// Records a change with the caller's connection, normally inside the caller's transaction
/// (`&Transaction` derefs to `&Connection`). Returns its sequence number, or `None` when a
/// change with the same `dedup_key` is already recorded.
pub fn record_change(conn: &Connection, c: &NewChange<'_>) -> Result<Option<i64>, FeedError> {
    let detail = c.detail.to_json();
    let n = conn.execute(
        "INSERT OR IGNORE INTO changes (person, kind, subject_id, event, at, detail, dedup_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            c.person,
            c.kind.as_str(),
            c.subject_id,
            c.event.code(),
            c.at.to_rfc3339(),
            detail,
            c.dedup_key
        ],
    )?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

/// The most changes one page holds.
pub const MAX_PAGE: usize = 10_000;

/// Reads a cursor a page returned: the sequence number to read after (0 when `None` or empty).
pub fn parse_cursor(cursor: Option<&str>) -> Result<i64, FeedError> {
    match cursor.map(str::trim) {
        None | Some("") => Ok(0),
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| FeedError::BadCursor {
                value: c.to_string(),
            }),
    }
}

/// The person's changes after `cursor` (from the start when `None`), oldest first, at most
/// `limit`.
pub fn changes_since(
    conn: &Connection,
    person: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page, FeedError> {
    let after = parse_cursor(cursor)?;
    let limit = page_limit(limit);
    let mut stmt = conn.prepare_cached(
        "SELECT seq, person, kind, subject_id, event, at, detail FROM changes
         WHERE person = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![person, after, (limit + 1) as i64], |r| {
        let kind = ChangeKind::parse(&r.get::<_, String>(2)?);
        let detail: String = r.get(6)?;
        Ok(Change {
            seq: r.get(0)?,
            person: r.get(1)?,
            detail: ChangeDetail::parse(kind, &detail),
            kind,
            subject_id: r.get(3)?,
            event: ChangeEvent::from_code(kind, &r.get::<_, String>(4)?),
            at: {
                let at: String = r.get(5)?;
                Instant::parse_rfc3339(&at).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        5,
                        rusqlite::types::Type::Text,
                        format!("change time \"{at}\" is not RFC 3339").into(),
                    )
                })?
            },
        })
    })?;
    let changes: Vec<Change> = rows.collect::<Result<_, _>>()?;
    Ok(page(changes, after, limit))
}

/// The page size asked for, kept within 1..=[`MAX_PAGE`].
pub fn page_limit(limit: usize) -> usize {
    limit.clamp(1, MAX_PAGE)
}

/// The page of a read after cursor `after` with `limit` (see [`page_limit`]): `changes` are the
/// person's next ones in order, up to `limit + 1` of them (one more than the page tells that
/// more are waiting). A store of its own (the hub's) reads its rows and calls it, so that its
/// pages and cursors are the same as the core's.
pub fn page(mut changes: Vec<Change>, after: i64, limit: usize) -> Page {
    let more = changes.len() > limit;
    changes.truncate(limit);
    let cursor = changes.last().map_or(after, |c| c.seq).to_string();
    Page {
        changes,
        cursor,
        more,
    }
}

/// The newest sequence number (0 for an empty feed): a front that starts fresh can begin here.
pub fn head(conn: &Connection) -> Result<i64, FeedError> {
    Ok(conn
        .query_row("SELECT MAX(seq) FROM changes", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0))
}

#[cfg(test)]
mod detail_tests {
    use super::*;

    /// Changes stored by earlier versions (loose JSON) read back typed, and are written back
    /// in the same shape.
    #[test]
    fn stored_details_read_back_typed_and_keep_their_shape() {
        let practice =
            r#"{"state":"presented","actor":"sportello","note":null,"attachments":["a.pdf"]}"#;
        let d = ChangeDetail::parse(ChangeKind::Practice, practice);
        let ChangeDetail::Practice(p) = &d else {
            panic!("{d:?}");
        };
        assert_eq!(p.state, "presented");
        assert_eq!(p.attachments, ["a.pdf"]);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&d.to_json()).unwrap(),
            serde_json::from_str::<serde_json::Value>(practice).unwrap()
        );
        let reminder = r#"{"due":"2026-04-01","days_left":-3,"substitute":"Segretario (0734 1)"}"#;
        assert!(matches!(
            ChangeDetail::parse(ChangeKind::Reminder, reminder),
            ChangeDetail::Reminder(ReminderChange { days_left: -3, .. })
        ));
        // A kind this build does not read keeps its JSON as it was.
        let other = ChangeDetail::parse(ChangeKind::parse("parcel"), r#"{"x":1}"#);
        assert_eq!(other, ChangeDetail::Other(r#"{"x":1}"#.to_string()));
        assert_eq!(other.to_json(), r#"{"x":1}"#);
    }

    fn change(seq: i64) -> Change {
        Change {
            seq,
            person: "RSSMRA80A01D542X".into(),
            kind: ChangeKind::Practice,
            subject_id: "P1".into(),
            event: ChangeEvent::Practice(PracticeEventKind::Note),
            at: Instant::from_ms(0),
            detail: ChangeDetail::Other("{}".into()),
        }
    }

    /// Cursors and pages as every store gives them: an empty page keeps the cursor, one more
    /// row than the limit says more are waiting, a cursor that is not one is refused.
    #[test]
    fn pages_and_cursors() {
        assert_eq!(parse_cursor(None).unwrap(), 0);
        assert_eq!(parse_cursor(Some(" ")).unwrap(), 0);
        assert_eq!(parse_cursor(Some("42")).unwrap(), 42);
        assert!(matches!(
            parse_cursor(Some("-1")),
            Err(FeedError::BadCursor { .. })
        ));
        assert!(matches!(
            parse_cursor(Some("abc")),
            Err(FeedError::BadCursor { .. })
        ));
        assert_eq!(page_limit(0), 1);
        assert_eq!(page_limit(usize::MAX), MAX_PAGE);
        let empty = page(Vec::new(), 7, 10);
        assert_eq!((empty.cursor.as_str(), empty.more), ("7", false));
        let p = page(vec![change(8), change(9), change(10)], 7, 2);
        assert_eq!(p.changes.len(), 2);
        assert_eq!((p.cursor.as_str(), p.more), ("9", true));
        let last = page(vec![change(10)], 9, 2);
        assert_eq!((last.cursor.as_str(), last.more), ("10", false));
    }
}
