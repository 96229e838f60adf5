//! The public catalog: the aggregation's comuni and the procedures.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::error::{ApiError, ErrorBody};

/// A comune of the aggregation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comune {
    /// ISTAT code (6 digits).
    #[schema(example = "044007")]
    pub istat: String,
    /// Its name.
    pub name: String,
    /// Province code.
    pub province: String,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
}

/// The comuni of the aggregation, by name.
#[utoipa::path(get, path = "/api/v1/comuni", tag = "catalog", responses(
    (status = 200, description = "The comuni", body = Vec<Comune>),
    (status = 500, description = "The hub failed", body = ErrorBody)))]
pub async fn comuni(State(state): State<AppState>) -> Result<Json<Vec<Comune>>, ApiError> {
    let rows: Vec<(String, String, String, f64, f64)> =
        sqlx::query_as("SELECT istat, name, province, lat, lon FROM comuni ORDER BY name")
            .fetch_all(state.db.pool())
            .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(istat, name, province, lat, lon)| Comune {
                istat,
                name,
                province,
                lat,
                lon,
            })
            .collect(),
    ))
}

/// The procedures catalog, by name: each procedure as the core's catalog writes it (`id`,
/// `name`, `domain`, `regime`, `term_days`, `ending`, offices, documents, …).
#[utoipa::path(get, path = "/api/v1/procedures", tag = "catalog", responses(
    (status = 200, description = "The procedures", body = Vec<Object>),
    (status = 500, description = "The hub failed", body = ErrorBody)))]
pub async fn procedures(
    State(state): State<AppState>,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT doc FROM procedures ORDER BY name, id")
        .fetch_all(state.db.pool())
        .await?;
    rows.into_iter()
        .map(|(doc,)| serde_json::from_str(&doc).map_err(|e| ApiError::internal(&e)))
        .collect::<Result<Vec<_>, _>>()
        .map(Json)
}
