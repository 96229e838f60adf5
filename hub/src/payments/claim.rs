//! Idempotent writes that call pagoPA. A platform call can take its timeout (30 s); holding a
//! database transaction across it would hold SQLite's writer that long. So the write's
//! `(caller, Idempotency-Key)` row in `idempotency` (the table every write uses) is claimed
//! and committed first, with `status = 0` and the claim's time; the platform is called; the
//! answer is stored in a second transaction. A retry meanwhile is told the write is under
//! way (409 `idempotency.in-progress`); a retry after the answer gets it back; a retry after
//! a crash, or after the platform gave no answer, takes the claim over once it lapsed
//! ([`Claimed::Go`] with `resumed`: an earlier try of the same write may have reached the
//! platform). A write the platform refused stores nothing: its claim is released.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use campanile_core::host::SystemClock;
use campanile_core::time::Instant;
use sqlx::{Any, Transaction};

use crate::db::Db;
use crate::error::ApiError;
use crate::extract::IDEMPOTENT_REPLAYED;

/// What a claim gives.
#[derive(Debug)]
pub enum Claimed {
    /// Go on with the write; `stamp` identifies this claim.
    Go {
        /// The claim's time, as stored.
        stamp: String,
        /// An earlier try of this write lapsed: it may have reached the platform.
        resumed: bool,
    },
    /// The write was answered already: the stored answer.
    Replay(Response),
}

/// The claim of one write.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The caller.
    pub subject: String,
    /// The Idempotency-Key.
    pub key: String,
    /// This claim's time, as stored.
    pub stamp: String,
}

fn in_progress() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "idempotency.in-progress",
        "an earlier request with this Idempotency-Key is still under way; retry in a minute",
    )
}

/// Claims `(subject, key)` for a write with `fingerprint`, committed at once.
pub async fn claim(
    db: &Db,
    subject: &str,
    key: &str,
    fingerprint: &str,
    lease: Duration,
) -> Result<Claimed, ApiError> {
    let now = Instant::now(&SystemClock);
    let stamp = now.to_rfc3339();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO idempotency (subject, idem_key, fingerprint, status, body, created_at)
         VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (subject, idem_key) DO NOTHING",
    )
    .bind(subject)
    .bind(key)
    .bind(fingerprint)
    .bind(&stamp)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        tx.commit().await?;
        return Ok(Claimed::Go {
            stamp,
            resumed: false,
        });
    }
    let (stored_fp, status, body, at): (String, i64, String, String) = sqlx::query_as(
        "SELECT fingerprint, status, body, created_at FROM idempotency
         WHERE subject = $1 AND idem_key = $2",
    )
    .bind(subject)
    .bind(key)
    .fetch_one(&mut *tx)
    .await?;
    if stored_fp != fingerprint {
        return Err(ApiError::unprocessable(
            "idempotency.key-reused",
            "this Idempotency-Key was used for a different request; use a new key for a new write",
        ));
    }
    if status != 0 {
        return replay(status, &body).map(Claimed::Replay);
    }
    let lapsed = Instant::parse_rfc3339(&at).is_none_or(|t| {
        now.as_ms().saturating_sub(t.as_ms()) > i64::try_from(lease.as_millis()).unwrap_or(i64::MAX)
    });
    if !lapsed {
        return Err(in_progress());
    }
    let taken = sqlx::query(
        "UPDATE idempotency SET created_at = $1
         WHERE subject = $2 AND idem_key = $3 AND status = 0 AND created_at = $4",
    )
    .bind(&stamp)
    .bind(subject)
    .bind(key)
    .bind(&at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Err(in_progress());
    }
    tx.commit().await?;
    Ok(Claimed::Go {
        stamp,
        resumed: true,
    })
}

fn replay(status: i64, body: &str) -> Result<Response, ApiError> {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| ApiError::internal(&"stored idempotent answer has a bad status"))?;
    let body: serde_json::Value = serde_json::from_str(body).map_err(|e| ApiError::internal(&e))?;
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    Ok(res)
}

impl Claim {
    /// Stores the answer inside `tx` (with the write's own rows; then commit). Fails with 409
    /// when the claim lapsed and another request took it over: roll `tx` back.
    pub async fn complete(
        &self,
        tx: &mut Transaction<'static, Any>,
        status: StatusCode,
        body: &serde_json::Value,
    ) -> Result<Response, ApiError> {
        let n = sqlx::query(
            "UPDATE idempotency SET status = $1, body = $2
             WHERE subject = $3 AND idem_key = $4 AND status = 0 AND created_at = $5",
        )
        .bind(i64::from(status.as_u16()))
        .bind(body.to_string())
        .bind(&self.subject)
        .bind(&self.key)
        .bind(&self.stamp)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(in_progress());
        }
        Ok((status, Json(body.clone())).into_response())
    }

    /// The write failed and nothing happened: the key is free again.
    pub async fn release(&self, db: &Db) {
        let done = sqlx::query(
            "DELETE FROM idempotency
             WHERE subject = $1 AND idem_key = $2 AND status = 0 AND created_at = $3",
        )
        .bind(&self.subject)
        .bind(&self.key)
        .bind(&self.stamp)
        .execute(db.pool())
        .await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot release an idempotency claim; it lapses");
        }
    }

    /// The platform gave no answer: the write may have taken effect. The claim is left for a
    /// retry with the same key to take over at once (as resumed).
    pub async fn leave_open(&self, db: &Db) {
        let done = sqlx::query(
            "UPDATE idempotency SET created_at = ''
             WHERE subject = $1 AND idem_key = $2 AND status = 0 AND created_at = $3",
        )
        .bind(&self.subject)
        .bind(&self.key)
        .bind(&self.stamp)
        .execute(db.pool())
        .await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot open an idempotency claim to retries; it lapses");
        }
    }
}
