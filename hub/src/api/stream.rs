//! The caller's changes feed as server-sent events, for the desktop: each change an event
//! (`event: change`, its JSON as `GET /api/v1/me/changes` gives it as `data`, its cursor as
//! `id`), in the feed's order; `Last-Event-ID` (or `after`) resumes after a cursor; a comment
//! every 15 s keeps the connection alive.
//!
//! The hub keeps no state outside the database, so the stream polls it: every hub process
//! streams every change, whichever process wrote it. The stream ends when the caller's token
//! expires; the client reconnects with a new token and `Last-Event-ID`.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use campanile_core::practices::feed::{self, Change};
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;
use crate::auth::Auth;
use crate::db::Db;
use crate::error::{ApiError, ErrorBody};
use crate::store;

/// How often the stream looks for new changes.
pub const POLL: Duration = Duration::from_millis(500);
/// How often a keep-alive comment is sent on a quiet stream.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Changes read at a time.
const BATCH: usize = 100;

/// Where to start.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// A cursor to start after (a `Last-Event-ID` header wins over it). None: from the start.
    pub after: Option<String>,
}

struct Cursor {
    db: Db,
    person: String,
    after: i64,
    expires: u64,
    queued: VecDeque<Change>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn event_of(c: &Change) -> Event {
    match serde_json::to_string(c) {
        Ok(data) => Event::default()
            .id(c.seq.to_string())
            .event("change")
            .data(data),
        Err(e) => {
            tracing::error!(error = %e, seq = c.seq, "a change cannot be written as JSON");
            Event::default().comment("a change could not be written")
        }
    }
}

impl Cursor {
    /// The next change, waiting for one; `None` once the token has expired.
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Cursor)> {
        loop {
            if let Some(c) = self.queued.pop_front() {
                self.after = c.seq;
                return Some((Ok(event_of(&c)), self));
            }
            if now_secs() >= self.expires {
                return None;
            }
            match self.read().await {
                Ok(changes) if !changes.is_empty() => self.queued.extend(changes),
                Ok(_) => tokio::time::sleep(POLL).await,
                Err(e) => {
                    tracing::warn!(error = %e, "the changes stream cannot read the feed; retrying");
                    tokio::time::sleep(POLL).await;
                }
            }
        }
    }

    async fn read(&self) -> Result<Vec<Change>, ApiError> {
        // A connection for the read only: a quiet stream holds none of the pool.
        let mut conn = self.db.pool().acquire().await?;
        let page = store::changes(
            &mut conn,
            &self.person,
            Some(&self.after.to_string()),
            BATCH,
        )
        .await?;
        Ok(page.changes)
    }
}

/// The caller's changes as server-sent events, from a cursor on, as they happen.
#[utoipa::path(get, path = "/api/v1/me/changes/stream", tag = "me", params(StreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "The id of the last event received: resume after it")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "text/event-stream: `event: change`, `id: <cursor>`, `data: <change JSON>`", content_type = "text/event-stream", body = String),
        (status = 400, description = "Not a cursor", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody)))]
pub async fn changes_stream(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let last = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("?").trim().to_string())
        .filter(|v| !v.is_empty());
    let after = feed::parse_cursor(last.as_deref().or(q.after.as_deref()))
        .map_err(|e| ApiError::bad_request("feed.bad-cursor", e.to_string()))?;
    let start = Cursor {
        db: state.db.clone(),
        person: auth.0.sub.clone(),
        after,
        expires: auth.0.exp,
        queued: VecDeque::new(),
    };
    let stream = futures_util::stream::unfold(start, Cursor::next);
    let sse = Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive"));
    // A proxy in front (nginx) passes each event on at once rather than buffering them.
    Ok(([(HeaderName::from_static("x-accel-buffering"), "no")], sse))
}
