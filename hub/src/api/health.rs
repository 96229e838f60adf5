//! `GET /health` (the process is alive) and `GET /ready` (the database answers).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::error::{ApiError, ErrorBody};

/// A status answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    /// `ok` or `ready`.
    pub status: &'static str,
}

/// The process is alive.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "Alive", body = Status)))]
pub async fn health() -> Json<Status> {
    Json(Status { status: "ok" })
}

/// The database answers: the hub can serve.
#[utoipa::path(get, path = "/ready", tag = "health", responses(
    (status = 200, description = "Ready", body = Status),
    (status = 503, description = "The database does not answer", body = ErrorBody)))]
pub async fn ready(State(state): State<AppState>) -> Result<Json<Status>, ApiError> {
    if state.db.ready().await {
        Ok(Json(Status { status: "ready" }))
    } else {
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable.database",
            "the database does not answer",
        ))
    }
}
