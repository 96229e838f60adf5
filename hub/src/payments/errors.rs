//! What the payment routes answer about the platform: the caller's language (for the core's
//! messages), a [`PlatformError`] of a staff operation as the one error shape, and the wire
//! form of an outcome with its message.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use campanile_core::i18n::I18n;
use campanile_core::pagopa::ledger::HubFailure;
use campanile_core::pagopa::platform::PlatformError;
use campanile_core::secrets::redact;

use crate::error::ApiError;

/// The language of the core's messages: `it` when the caller's `Accept-Language` puts Italian
/// first, else `en`.
#[derive(Debug, Clone)]
pub struct Lang(pub &'static str);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let first = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let it = first == "it" || first.starts_with("it-");
        Ok(Lang(if it { "it" } else { "en" }))
    }
}

/// The core's words for `e`, without any key.
pub fn words(i18n: &I18n, e: &PlatformError) -> String {
    redact(&i18n.localize(e)).into_owned()
}

/// The wire form of `e`, with its message.
pub fn failure(i18n: &I18n, e: &PlatformError) -> HubFailure {
    let mut f = HubFailure::from_error(e);
    f.detail = f.detail.map(|d| redact(&d).into_owned());
    f.message = Some(words(i18n, e));
    f
}

/// A platform error of a staff operation on debt positions, as the one error shape: the
/// outcome of a change not known → 504 `pagopa.outcome-unknown` (read the position before
/// repeating it); no answer to a read → 504 `pagopa.unanswered`; GPD's conflict → 409; not
/// there → 404; refused as it is → 422; the hub's key refused → 502 `pagopa.key-refused`.
pub fn staff_error(i18n: &I18n, e: &PlatformError, change: bool) -> ApiError {
    let message = words(i18n, e);
    let (status, code) = match e {
        _ if e.is_indeterminate() && change => {
            (StatusCode::GATEWAY_TIMEOUT, "pagopa.outcome-unknown")
        }
        _ if e.is_indeterminate() => (StatusCode::GATEWAY_TIMEOUT, "pagopa.unanswered"),
        PlatformError::Conflict { .. } => (StatusCode::CONFLICT, "pagopa.conflict"),
        PlatformError::NotFound { .. } => (StatusCode::NOT_FOUND, "pagopa.not-found"),
        PlatformError::BadRequest { .. } | PlatformError::Unprocessable { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "pagopa.refused")
        }
        PlatformError::Unauthorized => (StatusCode::BAD_GATEWAY, "pagopa.key-refused"),
        _ => (StatusCode::BAD_GATEWAY, "pagopa.unexpected"),
    };
    if status.is_server_error() {
        tracing::warn!(code, error = %redact(&e.to_string()), "pagoPA call failed");
    }
    ApiError::new(status, code, message)
}
