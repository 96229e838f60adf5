//! The caller's own: the practices where they are the applicant, and their changes feed
//! (cursor-based, the same contract as the core's feed).

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::practices::{PracticeOut, today, view};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorBody};
use crate::store;

/// Who the caller's token says they are.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    /// Their fiscal code.
    pub subject: String,
    /// Their role.
    pub role: crate::auth::Role,
    /// Staff: their comune's ISTAT code.
    pub comune: Option<String>,
    /// When the token expires (seconds since the epoch).
    pub expires_at: u64,
}

/// Who the caller is (an app signed in through a browser learns it here).
#[utoipa::path(get, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeOut),
        (status = 401, description = "No valid token", body = ErrorBody)))]
pub async fn me(auth: Auth) -> Json<MeOut> {
    Json(MeOut {
        subject: auth.0.sub,
        role: auth.0.role,
        comune: auth.0.comune,
        expires_at: auth.0.exp,
    })
}

/// The caller's practices as applicant, newest first.
#[utoipa::path(get, path = "/api/v1/me/practices", tag = "me", security(("bearer" = [])),
    responses(
        (status = 200, description = "The practices", body = Vec<PracticeOut>),
        (status = 401, description = "No valid token", body = ErrorBody)))]
pub async fn practices(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<PracticeOut>>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let list = store::by_applicant_with_events(&mut conn, &auth.0.sub).await?;
    drop(conn);
    let today = today();
    let out = list
        .iter()
        .map(|(p, events)| view(p, events, &state.patrons, today))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(out))
}

/// Where to read the feed from.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The cursor a page returned (none: from the start).
    pub after: Option<String>,
    /// At most this many changes (1 to 10000; default 100).
    pub limit: Option<String>,
}

/// A page of the feed: the core's `Page`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    /// The changes, oldest first: `seq`, `person`, `kind` (`practice`, …), `subject_id`,
    /// `event`, `at`, `detail`.
    #[schema(value_type = Vec<Object>)]
    pub changes: serde_json::Value,
    /// Give it back as `after` to read the changes after this page (the same when empty).
    pub cursor: String,
    /// More changes are waiting after this page.
    pub more: bool,
}

/// The caller's changes after a cursor.
#[utoipa::path(get, path = "/api/v1/me/changes", tag = "me", params(ChangesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of changes", body = FeedPage),
        (status = 400, description = "Not a cursor or a limit", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody)))]
pub async fn changes(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ChangesQuery>,
) -> Result<Json<campanile_core::practices::feed::Page>, ApiError> {
    let limit = match q.limit.as_deref().map(str::trim) {
        None | Some("") => 100,
        Some(l) => l.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
            ApiError::bad_request(
                "feed.bad-limit",
                format!("limit: \"{l}\" is not a number from 1 to 10000"),
            )
        })?,
    };
    let mut conn = state.db.pool().acquire().await?;
    let page = store::changes(&mut conn, &auth.0.sub, q.after.as_deref(), limit).await?;
    Ok(Json(page))
}
