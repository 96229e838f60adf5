//! The outbox of writes waiting for the hub, and the device's hub session, in SQLite.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::time::Instant;

/// Where a write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutboxState {
    /// Not answered yet: sent (again, with the same key) at the next sync.
    Pending,
    /// The hub applied it.
    Sent,
    /// The hub refused it: never sent again; its message says why.
    Rejected,
}

impl OutboxState {
    fn parse(s: &str) -> OutboxState {
        match s {
            "sent" => OutboxState::Sent,
            "rejected" => OutboxState::Rejected,
            _ => OutboxState::Pending,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sent => "sent",
            OutboxState::Rejected => "rejected",
        }
    }
}

/// A write for the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEntry {
    /// Its place in the order writes were made.
    pub seq: i64,
    /// The idempotency key it is always sent with.
    pub key: String,
    /// `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The hub's path.
    pub path: String,
    /// The JSON body.
    pub body: String,
    /// The practice it is about, if any.
    pub practice_id: Option<String>,
    /// What it does, in a line (for the person).
    pub what: String,
    /// When it was made.
    pub queued_at: Instant,
    /// Where it stands.
    pub state: OutboxState,
    /// How many times it was sent.
    pub tries: i64,
    /// The hub's HTTP status, once answered.
    pub status: Option<i64>,
    /// The hub's message when it refused it, or the last network error.
    pub last_error: Option<String>,
}

/// The device's hub session (the token is in the secret store, not here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionInfo {
    /// The hub's address.
    pub url: String,
    /// Who is signed in.
    pub subject: String,
    /// `citizen`, `staff` or `admin`.
    pub role: String,
    /// The comune (staff).
    pub comune: Option<String>,
    /// When the last sync ended without an error.
    pub last_sync: Option<Instant>,
}

fn get(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM hub_state WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .optional()
}

fn set(conn: &Connection, name: &str, value: Option<&str>) -> rusqlite::Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO hub_state (name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            params![name, v],
        )?,
        None => conn.execute("DELETE FROM hub_state WHERE name = ?1", [name])?,
    };
    Ok(())
}

/// The session, if signed in.
pub(crate) fn load_session(conn: &Connection) -> rusqlite::Result<Option<SessionInfo>> {
    let (Some(url), Some(subject), Some(role)) =
        (get(conn, "url")?, get(conn, "subject")?, get(conn, "role")?)
    else {
        return Ok(None);
    };
    Ok(Some(SessionInfo {
        url,
        subject,
        role,
        comune: get(conn, "comune")?,
        last_sync: get(conn, "last_sync")?
            .as_deref()
            .and_then(Instant::parse_rfc3339),
    }))
}

/// Records who signed in where (one transaction).
pub(crate) fn save_session(conn: &mut Connection, s: &SessionInfo) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    set(&tx, "url", Some(&s.url))?;
    set(&tx, "subject", Some(&s.subject))?;
    set(&tx, "role", Some(&s.role))?;
    set(&tx, "comune", s.comune.as_deref())?;
    set(&tx, "last_sync", None)?;
    tx.commit()
}

/// Forgets the session (the writes waiting stay: they are sent after the next sign-in).
pub(crate) fn clear_session(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM hub_state", [])?;
    Ok(())
}

/// When the last sync ended.
pub(crate) fn set_last_sync(conn: &Connection, at: Instant) -> rusqlite::Result<()> {
    set(conn, "last_sync", Some(&at.to_rfc3339()))
}

/// A write to queue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewWrite<'a> {
    /// Its idempotency key, fixed now, once.
    pub key: &'a str,
    /// `POST`, `PUT` or `DELETE`.
    pub method: &'a str,
    /// The hub's path.
    pub path: &'a str,
    /// The JSON body.
    pub body: &'a str,
    /// The practice it is about, if known.
    pub practice_id: Option<&'a str>,
    /// What it does, in a line.
    pub what: &'a str,
    /// When it was made.
    pub at: Instant,
}

/// Queues a write: its place in the order.
pub(crate) fn queue(conn: &Connection, w: &NewWrite<'_>) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO hub_outbox (key, method, path, body, practice_id, what, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            w.key,
            w.method,
            w.path,
            w.body,
            w.practice_id,
            w.what,
            w.at.to_rfc3339()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let queued: String = r.get(7)?;
    let state: String = r.get(8)?;
    Ok(OutboxEntry {
        seq: r.get(0)?,
        key: r.get(1)?,
        method: r.get(2)?,
        path: r.get(3)?,
        body: r.get(4)?,
        practice_id: r.get(5)?,
        what: r.get(6)?,
        queued_at: Instant::parse_rfc3339(&queued).unwrap_or(Instant::from_ms(0)),
        state: OutboxState::parse(&state),
        tries: r.get(9)?,
        status: r.get(10)?,
        last_error: r.get(11)?,
    })
}

const COLUMNS: &str =
    "seq, key, method, path, body, practice_id, what, queued_at, state, tries, status, last_error";

/// The writes waiting, oldest first.
pub(crate) fn pending(conn: &Connection) -> rusqlite::Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM hub_outbox WHERE state = 'pending' ORDER BY seq"
    ))?;
    stmt.query_map([], entry)?.collect()
}

/// Every write, newest first, at most `limit`.
pub(crate) fn entries(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM hub_outbox ORDER BY seq DESC LIMIT ?1"
    ))?;
    stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], entry)?
        .collect()
}

/// Records what became of a write's try: `state` with the hub's status and answer (or the
/// error); `Pending` keeps it for the next sync.
pub(crate) fn mark(
    conn: &Connection,
    seq: i64,
    state: OutboxState,
    status: Option<u16>,
    answer: Option<&str>,
    error: Option<&str>,
    at: Instant,
) -> rusqlite::Result<()> {
    let done = (state != OutboxState::Pending).then(|| at.to_rfc3339());
    conn.execute(
        "UPDATE hub_outbox SET state = ?2, tries = tries + 1, status = COALESCE(?3, status),
           answer = COALESCE(?4, answer), last_error = ?5, done_at = ?6
         WHERE seq = ?1 AND state = 'pending'",
        params![seq, state.as_str(), status, answer, error, done],
    )?;
    Ok(())
}
