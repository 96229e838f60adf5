//! Request extractors with the one error shape: a JSON body (size-limited, its fingerprint
//! kept for idempotency) and the `Idempotency-Key` header every write carries.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The header a write carries.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The header an answer replayed from a stored write carries (`true`).
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// A JSON body and the fingerprint of the request (method, path, body bytes).
#[derive(Debug)]
pub struct JsonBody<T> {
    /// The body read.
    pub value: T,
    /// SHA-256 of the method, the path and the body, hex.
    pub fingerprint: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "application/json" || v.starts_with("application/json;")
            });
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request.media-type",
                "send the body as application/json",
            ));
        }
        let head = format!("{} {}\n", req.method(), req.uri().path());
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request.too-large",
                    "the request body is over the limit",
                )
            } else {
                ApiError::bad_request("request.body", "the request body cannot be read")
            }
        })?;
        let value = serde_json::from_slice(&bytes).map_err(|e| {
            let code = if e.is_data() {
                "request.invalid"
            } else {
                "request.malformed-json"
            };
            ApiError::new(
                if e.is_data() {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::BAD_REQUEST
                },
                code,
                format!("the JSON body is not valid: {e}"),
            )
        })?;
        let mut h = Sha256::new();
        h.update(head.as_bytes());
        h.update(&bytes);
        Ok(JsonBody {
            value,
            fingerprint: hex::encode(h.finalize()),
        })
    }
}

/// The `Idempotency-Key` of a write: 1 to 200 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(v) = parts.headers.get(IDEMPOTENCY_KEY) else {
            return Err(ApiError::bad_request(
                "idempotency.key-required",
                "a write carries an Idempotency-Key header (a new random value per write, the same on its retries)",
            ));
        };
        let key = v.to_str().unwrap_or_default().trim();
        if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::bad_request(
                "idempotency.bad-key",
                "the Idempotency-Key is 1 to 200 visible ASCII characters",
            ));
        }
        Ok(IdempotencyKey(key.to_string()))
    }
}
