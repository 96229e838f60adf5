//! What every curated write of a comune's places and beacons does around its own work: the
//! idempotency key claimed (or the earlier answer given back), the live row locked, the write
//! stamped with the next version, the answer stored with the key, the transaction committed.

use axum::http::StatusCode;
use axum::response::Response;
use sqlx::{Any, Transaction};

use super::AppState;
use super::places::{Deleted, json};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::idempotency;
use crate::places::store::{self, Stamp, Table};

/// A write begun: the earlier answer to the same key, or the transaction with the row locked.
pub(super) enum Begun {
    /// The key was used before: its stored answer.
    Replay(Response),
    /// Go on in this transaction; the row is live and locked.
    Go(Transaction<'static, Any>),
}

/// Claims `key` for `fingerprint` and locks the live row `id` of `table` in `comune`;
/// `not_found` when there is no such row.
pub(super) async fn begin_on_row(
    state: &AppState,
    auth: &Auth,
    key: &str,
    fingerprint: &str,
    (table, comune, id): (Table, &str, &str),
    not_found: impl FnOnce() -> ApiError,
) -> Result<Begun, ApiError> {
    let mut tx = state.db.begin().await?;
    if let Some(replay) = idempotency::claim(&mut tx, &auth.0.sub, key, fingerprint).await? {
        return Ok(Begun::Replay(replay));
    }
    if store::lock_live(&mut tx, table, comune, id)
        .await?
        .is_none()
    {
        return Err(not_found());
    }
    Ok(Begun::Go(tx))
}

/// The stamp of the next write: its version, now, and who.
pub(super) async fn stamp<'a>(
    tx: &mut Transaction<'static, Any>,
    at: &'a str,
    auth: &'a Auth,
) -> Result<Stamp<'a>, ApiError> {
    Ok(Stamp {
        version: store::next_version(tx).await?,
        at,
        by: &auth.0.sub,
    })
}

/// Stores `out` as the answer to `key` with `status`, and commits.
pub(super) async fn finish(
    mut tx: Transaction<'static, Any>,
    auth: &Auth,
    key: &str,
    status: StatusCode,
    out: &serde_json::Value,
) -> Result<Response, ApiError> {
    let res = idempotency::complete(&mut tx, &auth.0.sub, key, status, out).await?;
    tx.commit().await?;
    Ok(res)
}

/// Deletes the locked row `id` of `table` (a marker stays for the syncs) and answers
/// [`Deleted`].
pub(super) async fn delete_row(
    mut tx: Transaction<'static, Any>,
    auth: &Auth,
    key: &str,
    table: Table,
    id: &str,
) -> Result<Response, ApiError> {
    let at = super::places::now();
    let stamp = stamp(&mut tx, &at, auth).await?;
    store::delete(&mut tx, table, id, &stamp).await?;
    let out = json(&Deleted {
        id: id.to_string(),
        deleted: true,
        version: stamp.version,
    })?;
    finish(tx, auth, key, StatusCode::OK, &out).await
}
