//! Idempotent writes: the first statement of a write's transaction claims its
//! `(caller, Idempotency-Key)`; the answer is stored in the same transaction. A retry (after a
//! lost answer, a restart, or on another hub process sharing the PostgreSQL database) finds
//! the stored answer and gets it back unchanged, and the write is not applied again. A write
//! that fails stores nothing: its transaction rolls back with the claim.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use campanile_core::host::SystemClock;
use campanile_core::time::Instant;
use sqlx::{Any, Transaction};

use crate::error::ApiError;
use crate::extract::IDEMPOTENT_REPLAYED;

/// Claims the key inside `tx`. `Ok(None)`: the key is new, go on with the write; `Ok(Some)`:
/// the write was already applied, here is its answer (roll `tx` back).
pub async fn claim(
    tx: &mut Transaction<'static, Any>,
    subject: &str,
    key: &str,
    fingerprint: &str,
) -> Result<Option<Response>, ApiError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency (subject, idem_key, fingerprint, status, body, created_at)
         VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (subject, idem_key) DO NOTHING",
    )
    .bind(subject)
    .bind(key)
    .bind(fingerprint)
    .bind(Instant::now(&SystemClock).to_rfc3339())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(None);
    }
    let (stored_fp, status, body): (String, i64, String) = sqlx::query_as(
        "SELECT fingerprint, status, body FROM idempotency WHERE subject = $1 AND idem_key = $2",
    )
    .bind(subject)
    .bind(key)
    .fetch_one(&mut **tx)
    .await?;
    if stored_fp != fingerprint {
        return Err(ApiError::unprocessable(
            "idempotency.key-reused",
            "this Idempotency-Key was used for a different request; use a new key for a new write",
        ));
    }
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| ApiError::internal(&"stored idempotent answer has a bad status"))?;
    let body: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| ApiError::internal(&e))?;
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    Ok(Some(res))
}

/// Stores the answer of the write in `tx` (then commit it) and gives it back as a response.
pub async fn complete(
    tx: &mut Transaction<'static, Any>,
    subject: &str,
    key: &str,
    status: StatusCode,
    body: &serde_json::Value,
) -> Result<Response, ApiError> {
    let body = body.to_string();
    store_answer(tx, subject, key, status, &body).await?;
    Ok(answer(status, body))
}

/// Stores the answer of the write in `tx` (then commit it), already written out as JSON text
/// (by `serde_json`, from a `serde_json::Value`, as [`complete`] writes it): send it with
/// [`answer`], the same bytes a replay of it gives back.
pub async fn store_answer(
    tx: &mut Transaction<'static, Any>,
    subject: &str,
    key: &str,
    status: StatusCode,
    body: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE idempotency SET status = $1, body = $2 WHERE subject = $3 AND idem_key = $4",
    )
    .bind(i64::from(status.as_u16()))
    .bind(body)
    .bind(subject)
    .bind(key)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A write's first answer: `body`, the JSON text stored with its key.
pub fn answer(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
