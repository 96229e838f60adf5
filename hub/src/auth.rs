//! Who calls: bearer tokens the hub signs (HS256, with expiry), the roles they carry, and the
//! extractor every protected route takes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::AppState;
use crate::error::ApiError;
use crate::keys::SigningKey;

/// The issuer written in and required of every token.
pub const ISSUER: &str = "campanile-hub";

/// What a caller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A citizen: reads the practices where they are the applicant.
    Citizen,
    /// Counter staff of one comune: reads and writes that comune's practices.
    Staff,
    /// The aggregation's administrator: everything.
    Admin,
}

/// A token's claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The caller's fiscal code.
    pub sub: String,
    /// Their role.
    pub role: Role,
    /// Staff: the ISTAT code of their comune.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comune: Option<String>,
    /// Issued at (seconds since the epoch).
    pub iat: u64,
    /// Expires at (seconds since the epoch).
    pub exp: u64,
    /// The issuer ([`ISSUER`]).
    pub iss: String,
}

/// Signs and checks tokens with the hub's key.
#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").field("ttl", &self.ttl).finish()
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Tokens {
    /// Tokens signed with `key`, valid for `ttl`.
    pub fn new(key: &SigningKey, ttl: Duration) -> Result<Tokens, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 30;
        Ok(Tokens {
            encoding: EncodingKey::from_secret(key.bytes())?,
            decoding: DecodingKey::from_secret(key.bytes())?,
            validation,
            ttl,
        })
    }

    /// A token for `sub` with `role` (and staff's `comune`), expiring after the ttl.
    pub fn issue(
        &self,
        sub: &str,
        role: Role,
        comune: Option<String>,
    ) -> Result<(String, Claims), ApiError> {
        let iat = now_secs();
        let claims = Claims {
            sub: sub.to_string(),
            role,
            comune,
            iat,
            exp: iat + self.ttl.as_secs(),
            iss: ISSUER.to_string(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal(&e))?;
        Ok((token, claims))
    }

    /// The claims of a valid token.
    pub fn check(&self, token: &str) -> Result<Claims, ApiError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| {
                let expired = matches!(e.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature);
                if expired {
                    ApiError::unauthenticated("auth.expired-token", "the token has expired")
                } else {
                    ApiError::unauthenticated("auth.bad-token", "the token is not valid")
                }
            })
    }
}

/// The authenticated caller: a route taking it answers 401 without a valid bearer token.
#[derive(Debug, Clone)]
pub struct Auth(pub Claims);

impl Auth {
    /// Whether the caller may act on a practice of `comune` whose applicant is `applicant`:
    /// admin always, staff of that comune, the applicant themselves.
    pub fn can_see(&self, comune: &str, applicant: &str) -> bool {
        match self.0.role {
            Role::Admin => true,
            Role::Staff => self.0.comune.as_deref() == Some(comune),
            Role::Citizen => self.0.sub == applicant,
        }
    }

    /// Whether the caller is admin, or staff of `comune`.
    pub fn manages(&self, comune: &str) -> bool {
        match self.0.role {
            Role::Admin => true,
            Role::Staff => self.0.comune.as_deref() == Some(comune),
            Role::Citizen => false,
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(ApiError::unauthenticated(
                "auth.missing-token",
                "this route needs a bearer token (Authorization: Bearer …)",
            ));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                let (scheme, rest) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .ok_or_else(|| {
                ApiError::unauthenticated(
                    "auth.bad-token",
                    "the Authorization header is not a bearer token",
                )
            })?;
        state.tokens.check(token).map(Auth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_foreign_ones_are_refused() {
        let key = SigningKey::from_bytes(vec![7; 32]).unwrap();
        let tokens = Tokens::new(&key, Duration::from_secs(60)).unwrap();
        let (t, claims) = tokens
            .issue("RSSMRA80A01D542X", Role::Staff, Some("044007".into()))
            .unwrap();
        assert_eq!(tokens.check(&t).unwrap(), claims);
        let other = Tokens::new(
            &SigningKey::from_bytes(vec![8; 32]).unwrap(),
            Duration::from_secs(60),
        )
        .unwrap();
        assert_eq!(other.check(&t).unwrap_err().code, "auth.bad-token");
        let expired = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &Claims {
                iat: 1,
                exp: 2,
                ..claims
            },
            &tokens.encoding,
        )
        .unwrap();
        assert_eq!(
            tokens.check(&expired).unwrap_err().code,
            "auth.expired-token"
        );
    }
}
