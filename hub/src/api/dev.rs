//! `POST /api/v1/dev/login`: a token for any subject and role, only when the hub runs with
//! `--dev-login` (404 otherwise). For development and tests; never on by default.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{AppState, fiscal_code, known_comune};
use crate::auth::Role;
use crate::error::{ApiError, ErrorBody};
use crate::extract::JsonBody;

/// Who to log in as.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DevLogin {
    /// The fiscal code.
    #[schema(example = "RSSMRA80A01D542X")]
    pub subject: String,
    /// The role.
    pub role: Role,
    /// The comune's ISTAT code (required for staff).
    #[schema(example = "044007")]
    pub comune: Option<String>,
}

/// A bearer token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// Send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// A token for a subject and role (only with `--dev-login`).
#[utoipa::path(post, path = "/api/v1/dev/login", tag = "auth", request_body = DevLogin,
    responses(
        (status = 200, description = "The token", body = TokenOut),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 404, description = "The development login is off", body = ErrorBody),
        (status = 415, description = "The body is not sent as application/json", body = ErrorBody),
        (status = 422, description = "A field is not acceptable", body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    body: Result<JsonBody<DevLogin>, ApiError>,
) -> Result<Json<TokenOut>, ApiError> {
    if !state.dev_login {
        return Err(crate::error::not_found().await);
    }
    let req = body?.value;
    let subject = fiscal_code("subject", &req.subject)?;
    let comune = match (&req.comune, req.role) {
        (Some(c), _) => Some(known_comune(&state.db, c).await?),
        (None, Role::Staff) => {
            return Err(ApiError::unprocessable(
                "auth.comune-required",
                "staff log in for a comune: give its ISTAT code",
            ));
        }
        (None, _) => None,
    };
    let (token, claims) = state.tokens.issue(&subject, req.role, comune)?;
    tracing::info!(role = ?claims.role, "development login");
    Ok(Json(TokenOut {
        token,
        token_type: "Bearer",
        expires_in: claims.exp.saturating_sub(claims.iat),
    }))
}
