//! A comune's beacon → place registry: published to everyone for the apps (incremental, with a
//! strong ETag, with the core's registry rows beside the entries), curated by the comune's
//! staff and the administrator (idempotent writes).

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use campanile_core::beacons::registry::RegistryEntry;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::curation::{Begun, begin_on_row, delete_row, finish, stamp};
use super::places::{Changes, Deleted, SyncQuery, changes, fingerprint, json, now, place_out};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{IdempotencyKey, JsonBody};
use crate::idempotency;
use crate::places::beacon::{BeaconEntry, BeaconIn, BeaconOut};
use crate::places::store::{self, BeaconRow, Row, Stamp, Table};
use crate::places::{comune_of_path, etag, may_curate};

/// The beacon registry of a comune as the apps sync it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeaconsSync {
    /// The comune's ISTAT code.
    pub comune: String,
    /// Give it back as `since` to read only what changes after this read.
    pub cursor: String,
    /// A whole copy (no `since`): replace what you hold. Otherwise apply the changes.
    pub full: bool,
    /// The entries created or changed (all live entries when `full`), oldest change first.
    pub entries: Vec<BeaconOut>,
    /// The ids of the entries deleted after `since` (empty when `full`).
    pub deleted: Vec<String>,
    /// The core's registry rows of `entries` (one per beacon id): this document is a registry
    /// file `campanile beacons registry import` reads.
    #[schema(value_type = Vec<Object>)]
    pub beacons: Vec<RegistryEntry>,
}

fn beacon_out(r: &Row) -> Result<BeaconOut, ApiError> {
    let entry: BeaconEntry = serde_json::from_str(&r.doc)
        .map_err(|e| ApiError::internal(&format!("stored beacon entry {}: {e}", r.id)))?;
    Ok(BeaconOut {
        id: r.id.clone(),
        comune: r.comune.clone(),
        entry,
        version: r.version,
        updated_at: r.updated_at.clone(),
    })
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(
        "beacon.not-found",
        format!("no beacon entry {id} in this comune"),
    )
}

/// The beacon registry of a comune, for the apps: every live entry, or with `since` the
/// changes and deletions after it; a strong `ETag`, and `304 Not Modified` on `If-None-Match`.
#[utoipa::path(get, path = "/api/v1/comuni/{istat}/beacons", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code"), SyncQuery,
        ("If-None-Match" = Option<String>, Header, description = "The ETag of the answer held")),
    responses(
        (status = 200, description = "The entries (or their changes since the cursor)", body = BeaconsSync),
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
    } = changes(&state, &istat, &q, Table::Beacons).await?;
    let mut doc = BeaconsSync {
        comune,
        cursor,
        full,
        entries: Vec::new(),
        deleted: Vec::new(),
        beacons: Vec::new(),
    };
    for r in &rows {
        if !r.deleted {
            let out = beacon_out(r)?;
            doc.beacons.extend(out.entry.registry_rows());
            doc.entries.push(out);
        } else if !full {
            doc.deleted.push(r.id.clone());
        }
    }
    let body = serde_json::to_vec(&doc).map_err(|e| ApiError::internal(&e))?;
    Ok(etag::answer(&headers, "application/json", body))
}

/// Checks an entry against its place (a live place of the same comune, whose row lock it
/// takes so that the place is not deleted meanwhile) and the beacons already registered.
async fn checked_row(
    tx: &mut sqlx::AnyConnection,
    istat: &str,
    id: &str,
    input: &BeaconIn,
) -> Result<(crate::places::beacon::Checked, String), ApiError> {
    let place = store::lock_live(tx, Table::Places, istat, input.place_id.trim())
        .await?
        .ok_or_else(|| {
            ApiError::unprocessable(
                "beacon.unknown-place",
                format!(
                    "place_id: \"{}\" is not a place of comune {istat}",
                    input.place_id.trim()
                ),
            )
        })?;
    let place = place_out(&place)?;
    let mut input = input.clone();
    input.place_id = place.id.clone();
    let checked = input.check(&place.name)?;
    if store::beacon_holding(
        tx,
        checked.eddystone_key.as_deref(),
        checked.ibeacon_key.as_deref(),
        id,
    )
    .await?
    .is_some()
    {
        return Err(store::beacon_taken());
    }
    let doc = serde_json::to_string(&checked.entry).map_err(|e| ApiError::internal(&e))?;
    Ok((checked, doc))
}

/// Registers a beacon at a place of the comune (its staff, or the administrator).
#[utoipa::path(post, path = "/api/v1/comuni/{istat}/beacons", tag = "places", request_body = BeaconIn,
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Registered", body = BeaconOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 404, description = "Not a comune of the aggregation", body = ErrorBody),
        (status = 409, description = "The beacon is already registered", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    UrlPath(istat): UrlPath<String>,
    auth: Auth,
    key: IdempotencyKey,
    body: JsonBody<BeaconIn>,
) -> Result<Response, ApiError> {
    let (istat, _) = comune_of_path(&state.db, &istat).await?;
    may_curate(&auth, &istat, "beacon registry")?;
    let id = uuid::Uuid::new_v4().to_string();
    let mut tx = state.db.begin().await?;
    if let Some(replay) =
        idempotency::claim(&mut tx, &auth.0.sub, &key.0, &body.fingerprint).await?
    {
        return Ok(replay);
    }
    let (checked, doc) = checked_row(&mut tx, &istat, &id, &body.value).await?;
    let at = now();
    let stamp = Stamp {
        version: store::next_version(&mut tx).await?,
        at: &at,
        by: &auth.0.sub,
    };
    let row = BeaconRow {
        id: &id,
        comune: &istat,
        place_id: &checked.entry.place_id,
        eddystone: checked.eddystone_key.as_deref(),
        ibeacon: checked.ibeacon_key.as_deref(),
        doc: &doc,
    };
    store::insert_beacon(&mut tx, &row, &stamp).await?;
    let out = json(&BeaconOut {
        id: id.clone(),
        comune: istat.clone(),
        entry: checked.entry,
        version: stamp.version,
        updated_at: at.clone(),
    })?;
    let res =
        idempotency::complete(&mut tx, &auth.0.sub, &key.0, StatusCode::CREATED, &out).await?;
    tx.commit().await?;
    tracing::info!(beacon = %id, comune = %istat, "beacon registered");
    Ok(res)
}

/// Replaces a beacon entry (its comune's staff, or the administrator).
#[utoipa::path(put, path = "/api/v1/comuni/{istat}/beacons/{id}", tag = "places", request_body = BeaconIn,
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("id" = String, Path, description = "The entry's id"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = BeaconOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 404, description = "No such comune or entry", body = ErrorBody),
        (status = 409, description = "The beacon is already registered elsewhere", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    UrlPath((istat, id)): UrlPath<(String, String)>,
    auth: Auth,
    key: IdempotencyKey,
    body: JsonBody<BeaconIn>,
) -> Result<Response, ApiError> {
    let (istat, _) = comune_of_path(&state.db, &istat).await?;
    may_curate(&auth, &istat, "beacon registry")?;
    let row = (Table::Beacons, istat.as_str(), id.as_str());
    let fp = &body.fingerprint;
    let mut tx = match begin_on_row(&state, &auth, &key.0, fp, row, || not_found(&id)).await? {
        Begun::Replay(replay) => return Ok(replay),
        Begun::Go(tx) => tx,
    };
    let (checked, doc) = checked_row(&mut tx, &istat, &id, &body.value).await?;
    let at = now();
    let stamp = stamp(&mut tx, &at, &auth).await?;
    let row = BeaconRow {
        id: &id,
        comune: &istat,
        place_id: &checked.entry.place_id,
        eddystone: checked.eddystone_key.as_deref(),
        ibeacon: checked.ibeacon_key.as_deref(),
        doc: &doc,
    };
    store::update_beacon(&mut tx, &row, &stamp).await?;
    let out = json(&BeaconOut {
        id: id.clone(),
        comune: istat.clone(),
        entry: checked.entry,
        version: stamp.version,
        updated_at: at.clone(),
    })?;
    let res = finish(tx, &auth, &key.0, StatusCode::OK, &out).await?;
    tracing::info!(beacon = %id, comune = %istat, "beacon entry updated");
    Ok(res)
}

/// Deletes a beacon entry (its comune's staff, or the administrator): its beacon ids are free
/// to be registered again.
#[utoipa::path(delete, path = "/api/v1/comuni/{istat}/beacons/{id}", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code"),
        ("id" = String, Path, description = "The entry's id"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deleted", body = Deleted),
        (status = 400, description = "No Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune", body = ErrorBody),
        (status = 404, description = "No such comune or entry", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    UrlPath((istat, id)): UrlPath<(String, String)>,
    auth: Auth,
    key: IdempotencyKey,
    method: Method,
    uri: Uri,
) -> Result<Response, ApiError> {
    let (istat, _) = comune_of_path(&state.db, &istat).await?;
    may_curate(&auth, &istat, "beacon registry")?;
    let fp = fingerprint(&method, &uri);
    let row = (Table::Beacons, istat.as_str(), id.as_str());
    let tx = match begin_on_row(&state, &auth, &key.0, &fp, row, || not_found(&id)).await? {
        Begun::Replay(replay) => return Ok(replay),
        Begun::Go(tx) => tx,
    };
    let res = delete_row(tx, &auth, &key.0, Table::Beacons, &id).await?;
    tracing::info!(beacon = %id, comune = %istat, "beacon entry deleted");
    Ok(res)
}
