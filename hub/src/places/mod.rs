//! Places and the beacon → place registry of each comune, curated by that comune's staff and
//! published to the apps: as the JSON they sync from (incremental, with a strong ETag) and as a
//! DCAT-AP_IT catalogue for the regional and national portals.
//!
//! A place is the core's own [`Poi`](campanile_core::opendata::Poi), checked with the core's
//! rules (its [`Category`](campanile_core::opendata::Category) taxonomy, `check_position`); a
//! beacon entry is checked by the core's registry reader and published in its format, so the
//! apps read both with the code they already have.

pub mod beacon;
pub mod dcat;
pub mod etag;
pub mod place;
pub mod sample;
pub mod store;

use crate::auth::Auth;
use crate::db::Db;
use crate::error::ApiError;

/// The identifier of a comune's places dataset (its DCAT `dct:identifier`, and every place's
/// `dataset_id`).
pub fn dataset_id(istat: &str) -> String {
    format!("{istat}:places")
}

/// The `resource_id` of every place: the places JSON distribution.
pub const RESOURCE_ID: &str = "places";

/// A comune of the aggregation named in a path: its ISTAT code and name, or 404.
pub async fn comune_of_path(db: &Db, istat: &str) -> Result<(String, String), ApiError> {
    let istat = istat.trim();
    let not_found = || {
        ApiError::not_found(
            "comune.not-found",
            format!("\"{istat}\" is not a comune of the aggregation"),
        )
    };
    if !campanile_core::practices::patrons::is_istat_code(istat) {
        return Err(not_found());
    }
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT istat, name FROM comuni WHERE istat = $1")
            .bind(istat)
            .fetch_optional(db.pool())
            .await?;
    row.ok_or_else(not_found)
}

/// Whether the caller curates the places of `comune`: its staff and the administrator.
pub fn may_curate(auth: &Auth, comune: &str, what: &str) -> Result<(), ApiError> {
    if auth.manages(comune) {
        return Ok(());
    }
    Err(match auth.0.role {
        crate::auth::Role::Citizen => ApiError::forbidden(format!(
            "citizens cannot change {what}; the comune's staff do"
        )),
        _ => ApiError::forbidden(format!(
            "staff of another comune cannot change the {what} of {comune}"
        )),
    })
}

/// Reads a sync cursor (`since`): a version number a read returned, or none for everything.
pub fn parse_cursor(since: Option<&str>) -> Result<i64, ApiError> {
    match since.map(str::trim) {
        None | Some("") => Ok(0),
        Some(s) => s.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::bad_request(
                "sync.bad-cursor",
                format!("since: \"{s}\" is not a cursor (give back the cursor a read returned)"),
            )
        }),
    }
}
