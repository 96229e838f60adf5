//! `GET /api/v1/auth/oidc/start` and `GET /api/v1/auth/oidc/callback`: sign-in with SPID or
//! CIE through the configured OpenID Connect issuer (see [`crate::oidc`]). The start sends the
//! browser to the issuer; the callback checks what comes back and gives the hub's own bearer
//! token — to the app's return address when the login named one (in the query of a loopback
//! address, which the desktop or command-line app's one-shot listener reads, as RFC 8252 §7.3
//! has it; in the fragment of a configured app address for phones, which never reaches a
//! server), as JSON otherwise. A person signs in as a citizen, or as staff or administrator when the hub's
//! settings list their fiscal code.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;
use super::dev::TokenOut;
use crate::auth::Role;
use crate::error::{ApiError, ErrorBody};
use crate::oidc::{LOGIN_TTL, Oidc};

/// The start's query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// Where to send the browser back with the token: a loopback
    /// `http://127.0.0.1:PORT/…` address or one the hub's settings allow.
    pub return_to: Option<String>,
}

/// The callback's query, as the issuer sends it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    /// The authorization code.
    pub code: Option<String>,
    /// The login's state.
    pub state: Option<String>,
    /// The issuer's error (`access_denied`, …).
    pub error: Option<String>,
    /// The issuer's words on it.
    pub error_description: Option<String>,
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn configured(state: &AppState) -> Result<&Oidc, ApiError> {
    state.oidc.as_deref().ok_or_else(|| {
        ApiError::not_found(
            "auth.oidc-off",
            "sign-in with SPID or CIE is not configured on this hub",
        )
    })
}

fn redirect(location: &str) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response()
}

/// `return_to` with `pairs`: in the query of a loopback address, else in the fragment.
fn back_to_app(return_to: &str, pairs: &[(&str, &str)]) -> Response {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let encoded = s.finish();
    let loopback = url::Url::parse(return_to)
        .is_ok_and(|u| u.scheme() == "http" && matches!(u.host_str(), Some("127.0.0.1" | "[::1]")));
    if loopback {
        let sep = if return_to.contains('?') { '&' } else { '?' };
        redirect(&format!("{return_to}{sep}{encoded}"))
    } else {
        redirect(&format!("{return_to}#{encoded}"))
    }
}

/// Starts a sign-in: to the identity provider.
#[utoipa::path(get, path = "/api/v1/auth/oidc/start", tag = "auth", params(StartQuery),
    responses(
        (status = 302, description = "To the identity provider's sign-in (Location)"),
        (status = 404, description = "Sign-in with SPID or CIE is not configured", body = ErrorBody),
        (status = 422, description = "The return address is not allowed", body = ErrorBody),
        (status = 502, description = "The identity provider cannot be used now", body = ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    Query(q): Query<StartQuery>,
) -> Result<Response, ApiError> {
    let oidc = configured(&state)?;
    let return_to = q.return_to.map(|r| r.trim().to_string());
    if let Some(r) = &return_to
        && !oidc.settings().may_return_to(r)
    {
        return Err(ApiError::unprocessable(
            "auth.oidc-bad-return",
            "return_to: not a loopback http://127.0.0.1 address nor an app address this hub allows",
        ));
    }
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| ApiError::internal(&e))?;
    let login_state = hex::encode(raw);
    let url = oidc.authorization_url(&login_state).await?;
    let now = now_secs();
    let ttl = i64::try_from(LOGIN_TTL.as_secs()).unwrap_or(600);
    sqlx::query("DELETE FROM oidc_logins WHERE created_at < $1")
        .bind(now - ttl)
        .execute(state.db.pool())
        .await?;
    sqlx::query("INSERT INTO oidc_logins (state, return_to, created_at) VALUES ($1, $2, $3)")
        .bind(&login_state)
        .bind(&return_to)
        .bind(now)
        .execute(state.db.pool())
        .await?;
    Ok(redirect(url.as_str()))
}

/// Finishes a sign-in: the hub's token.
#[utoipa::path(get, path = "/api/v1/auth/oidc/callback", tag = "auth", params(CallbackQuery),
    responses(
        (status = 200, description = "The token (when the login named no return address)", body = TokenOut),
        (status = 302, description = "Back to the app with the token or the error (query of a loopback address, else fragment)"),
        (status = 400, description = "No such login under way (unknown, used or expired state)", body = ErrorBody),
        (status = 401, description = "The sign-in was refused or its answer is not accepted", body = ErrorBody),
        (status = 404, description = "Sign-in with SPID or CIE is not configured", body = ErrorBody),
        (status = 502, description = "The identity provider cannot be used now", body = ErrorBody)))]
pub async fn callback(
    State(state): State<AppState>,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, ApiError> {
    let oidc = configured(&state)?;
    let bad_state = || {
        ApiError::bad_request(
            "auth.oidc-bad-state",
            "no such sign-in under way (it was used, expired after ten minutes, or never started): start again",
        )
    };
    let login_state = q.state.clone().ok_or_else(bad_state)?;
    // Used once: the row goes whatever follows.
    let row: Option<(Option<String>, i64)> =
        sqlx::query_as("DELETE FROM oidc_logins WHERE state = $1 RETURNING return_to, created_at")
            .bind(&login_state)
            .fetch_optional(state.db.pool())
            .await?;
    let Some((return_to, created_at)) = row else {
        return Err(bad_state());
    };
    let ttl = i64::try_from(LOGIN_TTL.as_secs()).unwrap_or(600);
    if now_secs() - created_at > ttl {
        return Err(bad_state());
    }
    let outcome = finish(&state, oidc, &q, &login_state).await;
    match (outcome, return_to) {
        (Ok(token), None) => Ok(Json(token).into_response()),
        (Ok(token), Some(r)) => Ok(back_to_app(
            &r,
            &[
                ("token", &token.token),
                ("token_type", token.token_type),
                ("expires_in", &token.expires_in.to_string()),
            ],
        )),
        (Err(e), None) => Err(e),
        (Err(e), Some(r)) => Ok(back_to_app(
            &r,
            &[("error", e.code), ("error_description", &e.message)],
        )),
    }
}

async fn finish(
    state: &AppState,
    oidc: &Oidc,
    q: &CallbackQuery,
    login_state: &str,
) -> Result<TokenOut, ApiError> {
    if let Some(error) = &q.error {
        let words = q.error_description.as_deref().unwrap_or("");
        tracing::info!(%error, %words, "OIDC sign-in not given");
        return Err(ApiError::unauthenticated(
            "auth.oidc-denied",
            format!("the identity provider did not sign you in ({error})"),
        ));
    }
    let code =
        q.code.as_deref().filter(|c| !c.is_empty()).ok_or_else(|| {
            ApiError::bad_request("auth.oidc-no-code", "the callback has no code")
        })?;
    let person = oidc.finish(code, login_state).await?;
    let settings = oidc.settings();
    let (role, comune) = if settings.admins.contains(&person.fiscal_code) {
        (Role::Admin, None)
    } else if let Some(istat) = settings.staff.get(&person.fiscal_code) {
        (Role::Staff, Some(istat.clone()))
    } else {
        (Role::Citizen, None)
    };
    let (token, claims) = state.tokens.issue(&person.fiscal_code, role, comune)?;
    tracing::info!(role = ?claims.role, "OIDC sign-in");
    Ok(TokenOut {
        token,
        token_type: "Bearer",
        expires_in: claims.exp.saturating_sub(claims.iat),
    })
}
