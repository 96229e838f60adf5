//! A comune's places: published to everyone as the JSON the apps sync from (incremental, with
//! a strong ETag), curated by the comune's staff and the administrator (idempotent writes).

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use campanile_core::host::SystemClock;
use campanile_core::opendata::Poi;
use campanile_core::time::Instant;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::curation::{Begun, begin_on_row, delete_row, finish, stamp};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{IdempotencyKey, JsonBody};
use crate::idempotency;
use crate::places::place::{PlaceIn, PlaceOut};
use crate::places::store::{self, Row, Stamp, Table};
use crate::places::{comune_of_path, etag, may_curate, parse_cursor};

/// Where an app's last sync ended.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// The `cursor` the last read returned: only the changes and deletions after it. None:
    /// every live entry.
    pub since: Option<String>,
}

/// The places of a comune as the apps sync them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PlacesSync {
    /// The comune's ISTAT code.
    pub comune: String,
    /// Give it back as `since` to read only what changes after this read.
    pub cursor: String,
    /// A whole copy (no `since`): replace what you hold. Otherwise apply the changes.
    pub full: bool,
    /// The places created or changed (all live places when `full`), oldest change first.
    pub places: Vec<PlaceOut>,
    /// The ids of the places deleted after `since` (empty when `full`).
    pub deleted: Vec<String>,
}

/// The fingerprint of a write without a body (a deletion): its method and path.
pub(crate) fn fingerprint(method: &Method, uri: &Uri) -> String {
    let mut h = Sha256::new();
    h.update(format!("{method} {}\n", uri.path()).as_bytes());
    hex::encode(h.finalize())
}

/// Now, RFC 3339.
pub(crate) fn now() -> String {
    Instant::now(&SystemClock).to_rfc3339()
}

pub(crate) fn json<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(&e))
}

/// A stored place as published.
pub(crate) fn place_out(r: &Row) -> Result<PlaceOut, ApiError> {
    let poi: Poi = serde_json::from_str(&r.doc)
        .map_err(|e| ApiError::internal(&format!("stored place {}: {e}", r.id)))?;
    Ok(PlaceOut::of(poi, r.version, r.updated_at.clone()))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found("place.not-found", format!("no place {id} in this comune"))
}

/// The rows of one of a comune's tables an app syncs: all of them (`full`), or those changed
/// after the cursor, with the cursor to give next time.
pub(super) struct Changes {
    /// The comune's ISTAT code, as stored.
    pub comune: String,
    /// The rows, deleted ones included.
    pub rows: Vec<Row>,
    /// No cursor was given: every live row is there.
    pub full: bool,
    /// The newest version among the rows (or the cursor given).
    pub cursor: String,
}

/// Reads the rows of `table` in comune `istat` changed after `q.since`.
pub(super) async fn changes(
    state: &AppState,
    istat: &str,
    q: &SyncQuery,
    table: Table,
) -> Result<Changes, ApiError> {
    let (comune, _) = comune_of_path(&state.db, istat).await?;
    let after = parse_cursor(q.since.as_deref())?;
    let mut conn = state.db.pool().acquire().await?;
    let rows = store::since(&mut conn, table, &comune, after).await?;
    drop(conn);
    let cursor = rows
        .iter()
        .map(|r| r.version)
        .max()
        .unwrap_or(after)
        .to_string();
    Ok(Changes {
        comune,
        rows,
        full: q.since.as_deref().is_none_or(|s| s.trim().is_empty()),
        cursor,
    })
}

/// The places of a comune, for the apps: every live place, or with `since` the changes and
/// deletions after it; a strong `ETag`, and `304 Not Modified` on `If-None-Match`.
#[utoipa::path(get, path = "/api/v1/comuni/{istat}/places", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code"), SyncQuery,
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the answer held")),
    responses(
        (status = 200, description = "The places (or their changes since the cursor)", body = PlacesSync),
        (status = 304, description = "Not modified: the answer held is current"),
        (status = 400, description = "Not a cursor", body = ErrorBody),
        (status = 404, description = "Not a comune of the aggregation", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    UrlPath(istat): UrlPath<String>,
    Query(q): Query<SyncQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Changes {
        comune,
        rows,
        full,
        cursor,
    } = changes(&state, &istat, &q, Table::Places).await?;
    let mut doc = PlacesSync {
        comune,
        cursor,
        full,
        places: Vec::new(),
        deleted: Vec::new(),
    };
    for r in &rows {
        if !r.deleted {
            doc.places.push(place_out(r)?);
        } else if !full {
            doc.deleted.push(r.id.clone());
        }
    }
    let body = serde_json::to_vec(&doc).map_err(|e| ApiError::internal(&e))?;
    Ok(etag::answer(&headers, "application/json", body))
}

/// One live place.
#[utoipa::path(get, path = "/api/v1/comuni/{istat}/places/{id}", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("id" = String, Path, description = "The place's id")),
    responses(
        (status = 200, description = "The place", body = PlaceOut),
        (status = 404, description = "No such comune or place", body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    UrlPath((istat, id)): UrlPath<(String, String)>,
) -> Result<axum::Json<PlaceOut>, ApiError> {
    let (istat, _) = comune_of_path(&state.db, &istat).await?;
    let mut conn = state.db.pool().acquire().await?;
    let row = store::get(&mut conn, Table::Places, &id)
        .await?
        .filter(|r| r.comune == istat && !r.deleted)
        .ok_or_else(|| not_found(&id))?;
    Ok(axum::Json(place_out(&row)?))
}

/// Creates a place of the comune (its staff, or the administrator).
#[utoipa::path(post, path = "/api/v1/comuni/{istat}/places", tag = "places", request_body = PlaceIn,
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = PlaceOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 404, description = "Not a comune of the aggregation", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    UrlPath(istat): UrlPath<String>,
    auth: Auth,
    key: IdempotencyKey,
    body: JsonBody<PlaceIn>,
) -> Result<Response, ApiError> {
    let (istat, name) = comune_of_path(&state.db, &istat).await?;
    may_curate(&auth, &istat, "places")?;
    let id = uuid::Uuid::new_v4().to_string();
    let poi = body.value.to_poi(&id, &istat, &name)?;
    let mut tx = state.db.begin().await?;
    if let Some(replay) =
        idempotency::claim(&mut tx, &auth.0.sub, &key.0, &body.fingerprint).await?
    {
        return Ok(replay);
    }
    let at = now();
    let stamp = Stamp {
        version: store::next_version(&mut tx).await?,
        at: &at,
        by: &auth.0.sub,
    };
    let doc = serde_json::to_string(&poi).map_err(|e| ApiError::internal(&e))?;
    store::insert_place(&mut tx, &id, &istat, &doc, &stamp).await?;
    let out = json(&PlaceOut::of(poi, stamp.version, at.clone()))?;
    let res =
        idempotency::complete(&mut tx, &auth.0.sub, &key.0, StatusCode::CREATED, &out).await?;
    tx.commit().await?;
    tracing::info!(place = %id, comune = %istat, "place created");
    Ok(res)
}

/// Replaces a place's content (its comune's staff, or the administrator).
#[utoipa::path(put, path = "/api/v1/comuni/{istat}/places/{id}", tag = "places", request_body = PlaceIn,
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("id" = String, Path, description = "The place's id"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = PlaceOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 404, description = "No such comune or place", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    UrlPath((istat, id)): UrlPath<(String, String)>,
    auth: Auth,
    key: IdempotencyKey,
    body: JsonBody<PlaceIn>,
) -> Result<Response, ApiError> {
    let (istat, name) = comune_of_path(&state.db, &istat).await?;
    may_curate(&auth, &istat, "places")?;
    let poi = body.value.to_poi(&id, &istat, &name)?;
    let row = (Table::Places, istat.as_str(), id.as_str());
    let fp = &body.fingerprint;
    let mut tx = match begin_on_row(&state, &auth, &key.0, fp, row, || not_found(&id)).await? {
        Begun::Replay(replay) => return Ok(replay),
        Begun::Go(tx) => tx,
    };
    let at = now();
    let stamp = stamp(&mut tx, &at, &auth).await?;
    let doc = serde_json::to_string(&poi).map_err(|e| ApiError::internal(&e))?;
    store::update_place(&mut tx, &id, &doc, &stamp).await?;
    let out = json(&PlaceOut::of(poi, stamp.version, at.clone()))?;
    let res = finish(tx, &auth, &key.0, StatusCode::OK, &out).await?;
    tracing::info!(place = %id, comune = %istat, "place updated");
    Ok(res)
}

/// What a deletion answers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Deleted {
    /// The id deleted.
    pub id: String,
    /// Always true.
    pub deleted: bool,
    /// The write that deleted it: syncs after a lower cursor list it in `deleted`.
    pub version: i64,
}

/// Deletes a place (its comune's staff, or the administrator); refused while beacons stand at
/// it.
#[utoipa::path(delete, path = "/api/v1/comuni/{istat}/places/{id}", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("id" = String, Path, description = "The place's id"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deleted", body = Deleted),
        (status = 400, description = "No Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 404, description = "No such comune or place", body = ErrorBody),
        (status = 409, description = "Beacons still stand at the place", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    UrlPath((istat, id)): UrlPath<(String, String)>,
    auth: Auth,
    key: IdempotencyKey,
    method: Method,
    uri: Uri,
) -> Result<Response, ApiError> {
    let (istat, _) = comune_of_path(&state.db, &istat).await?;
    may_curate(&auth, &istat, "places")?;
    let fp = fingerprint(&method, &uri);
    let row = (Table::Places, istat.as_str(), id.as_str());
    let mut tx = match begin_on_row(&state, &auth, &key.0, &fp, row, || not_found(&id)).await? {
        Begun::Replay(replay) => return Ok(replay),
        Begun::Go(tx) => tx,
    };
    let standing = store::beacons_at(&mut tx, &id).await?;
    if standing > 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "place.has-beacons",
            format!(
                "{standing} beacon entr{} still stand at place {id}: delete or move them first",
                if standing == 1 { "y" } else { "ies" }
            ),
        ));
    }
    let res = delete_row(tx, &auth, &key.0, Table::Places, &id).await?;
    tracing::info!(place = %id, comune = %istat, "place deleted");
    Ok(res.into_response())
}
