//! Sign-in through OpenID Connect (SPID and CIE, through the aggregation's broker or any
//! issuer speaking the authorization code flow): discovery, the issuer's keys (JWKS, fetched
//! again when a token names a key not seen yet), the code exchanged with the client secret and
//! PKCE (S256), and the ID token checked — signature, issuer, audience, expiry, `nonce` — before
//! the person's fiscal code is read from it.
//!
//! The hub keeps no login state outside the database: a login's `state` is a row (used once,
//! for ten minutes), and its PKCE verifier and `nonce` are derived from the `state` with the
//! hub's signing key (HMAC-SHA256), so any hub process on the same database and key finishes a
//! login another one started, and no verifier is stored.

pub mod settings;

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use campanile_core::secrets::{Secret, SecretName, Secrets};
use hmac::{KeyInit, Mac};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use url::Url;

use crate::error::ApiError;
use settings::{ClientSecretSource, OidcSettings};

/// How long a login may take from start to callback.
pub const LOGIN_TTL: Duration = Duration::from_secs(600);
/// How long one call to the issuer may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// The least time between two fetches of the keys for an unknown `kid`.
const JWKS_REFRESH: Duration = Duration::from_secs(30);
/// The signature algorithms accepted (the asymmetric ones: a client secret never signs here).
const ALGORITHMS: [Algorithm; 8] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// What the issuer's discovery document says (the fields used).
#[derive(Debug, Clone, Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: Url,
    token_endpoint: Url,
    jwks_uri: Url,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    id_token: Option<String>,
}

/// Whom a login is for, from a checked ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their fiscal code (upper case, without the `TINIT-` prefix).
    pub fiscal_code: String,
}

/// The OIDC relying party of the hub.
pub struct Oidc {
    settings: OidcSettings,
    secret: Secret,
    derive_key: Vec<u8>,
    http: reqwest::Client,
    metadata: tokio::sync::OnceCell<Metadata>,
    jwks: tokio::sync::Mutex<Option<(JwkSet, Instant)>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.settings.issuer.as_str())
            .field("client_id", &self.settings.client_id)
            .finish()
    }
}

/// The issuer cannot be reached or answers what it should not: 502.
fn unavailable(what: &str, detail: impl std::fmt::Display) -> ApiError {
    tracing::warn!(%detail, "OIDC issuer: {what}");
    ApiError::new(
        axum::http::StatusCode::BAD_GATEWAY,
        "auth.oidc-unavailable",
        format!("the identity provider could not be used ({what}); try again later"),
    )
}

/// The ID token is refused: 401.
fn refused(why: impl Into<String>) -> ApiError {
    let why = why.into();
    tracing::warn!(%why, "OIDC ID token refused");
    ApiError::unauthenticated(
        "auth.oidc-refused",
        format!("the identity provider's answer is not accepted: {why}"),
    )
}

/// Reads the client secret from where the settings say.
fn load_secret(source: &ClientSecretSource) -> anyhow::Result<Secret> {
    let name = SecretName::OidcClientSecret;
    let found = match source {
        ClientSecretSource::File(path) => crate::payments::keys::read_file(path, name)?,
        ClientSecretSource::Keyring(service) => Secrets::open_service(service)?.get(name)?,
    };
    found.ok_or_else(|| {
        anyhow::anyhow!(
            "the OIDC issuer is set but there is no client secret: put it in the keyring entry \
             `{}` or give --oidc-client-secret-file",
            name.as_str()
        )
    })
}

impl Oidc {
    /// The relying party for `settings`, its secret read now; `derive_key` is the hub's
    /// signing key (the verifier and nonce are derived from it).
    pub fn open(settings: OidcSettings, derive_key: &[u8]) -> anyhow::Result<Oidc> {
        let secret = load_secret(&settings.client_secret)?;
        let http = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Oidc {
            settings,
            secret,
            derive_key: derive_key.to_vec(),
            http,
            metadata: tokio::sync::OnceCell::new(),
            jwks: tokio::sync::Mutex::new(None),
        })
    }

    /// The settings.
    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    /// A value bound to this login's `state`, for `purpose`.
    fn derive(&self, purpose: &str, state: &str) -> String {
        let mut mac = match hmac::Hmac::<Sha256>::new_from_slice(&self.derive_key) {
            Ok(m) => m,
            // HMAC takes keys of any length: this cannot happen.
            Err(_) => return String::new(),
        };
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(state.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    async fn metadata(&self) -> Result<&Metadata, ApiError> {
        self.metadata
            .get_or_try_init(|| async {
                let mut url = self.settings.issuer.clone();
                let path = format!(
                    "{}/.well-known/openid-configuration",
                    url.path().trim_end_matches('/')
                );
                url.set_path(&path);
                let answer = self
                    .http
                    .get(url)
                    .send()
                    .await
                    .map_err(|e| unavailable("discovery", e))?;
                if !answer.status().is_success() {
                    return Err(unavailable("discovery", answer.status()));
                }
                let meta: Metadata = answer
                    .json()
                    .await
                    .map_err(|e| unavailable("discovery document", e))?;
                // OpenID Connect Discovery 1.0 §4.3: the document is the issuer's own.
                if meta.issuer.trim_end_matches('/')
                    != self.settings.issuer.as_str().trim_end_matches('/')
                {
                    return Err(unavailable(
                        "discovery document",
                        format!("it names the issuer {}", meta.issuer),
                    ));
                }
                Ok(meta)
            })
            .await
    }

    /// Where to send the browser to sign in for the login `state`.
    pub async fn authorization_url(&self, state: &str) -> Result<Url, ApiError> {
        let meta = self.metadata().await?;
        let verifier = self.derive("pkce", state);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let mut url = meta.authorization_endpoint.clone();
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("redirect_uri", self.settings.redirect_uri.as_str())
            .append_pair("scope", "openid profile")
            .append_pair("state", state)
            .append_pair("nonce", &self.derive("nonce", state))
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(url)
    }

    /// Exchanges the `code` of the login `state` and checks the ID token: the person.
    pub async fn finish(&self, code: &str, state: &str) -> Result<Person, ApiError> {
        let meta = self.metadata().await?;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", self.settings.redirect_uri.as_str()),
            ("code_verifier", &self.derive("pkce", state)),
        ];
        let basic = meta
            .token_endpoint_auth_methods_supported
            .as_ref()
            .is_none_or(|m| m.iter().any(|m| m == "client_secret_basic"));
        let request = self.http.post(meta.token_endpoint.clone());
        let request = if basic {
            // RFC 6749 §2.3.1: both form-encoded before the Basic scheme.
            let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            request
                .basic_auth(
                    enc(&self.settings.client_id),
                    Some(enc(self.secret.expose())),
                )
                .form(&form)
        } else {
            let mut with_secret = form.to_vec();
            with_secret.push(("client_id", &self.settings.client_id));
            with_secret.push(("client_secret", self.secret.expose()));
            request.form(&with_secret)
        };
        let answer = request
            .send()
            .await
            .map_err(|e| unavailable("token endpoint", e))?;
        let status = answer.status();
        if status.is_client_error() {
            let body = answer.text().await.unwrap_or_default();
            let error = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v.get("error").and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| status.to_string());
            return Err(refused(format!("the code was not accepted ({error})")));
        }
        if !status.is_success() {
            return Err(unavailable("token endpoint", status));
        }
        let tokens: TokenAnswer = answer
            .json()
            .await
            .map_err(|e| unavailable("token answer", e))?;
        let id_token = tokens
            .id_token
            .ok_or_else(|| refused("the answer has no ID token"))?;
        let claims = self.check_id_token(meta, &id_token, state).await?;
        self.person(&claims)
    }

    /// The key that signed `kid`, from the JWKS (fetched again once when not found).
    async fn key_for(
        &self,
        meta: &Metadata,
        kid: Option<&str>,
        alg: Algorithm,
    ) -> Result<DecodingKey, ApiError> {
        let mut cache = self.jwks.lock().await;
        for attempt in 0..2 {
            let stale = cache
                .as_ref()
                .is_none_or(|(_, at)| attempt == 1 && at.elapsed() >= JWKS_REFRESH);
            if stale {
                let answer = self
                    .http
                    .get(meta.jwks_uri.clone())
                    .send()
                    .await
                    .map_err(|e| unavailable("keys", e))?;
                if !answer.status().is_success() {
                    return Err(unavailable("keys", answer.status()));
                }
                let set: JwkSet = answer.json().await.map_err(|e| unavailable("keys", e))?;
                *cache = Some((set, Instant::now()));
            }
            if let Some((set, _)) = cache.as_ref() {
                let jwk = match kid {
                    Some(k) => set.find(k),
                    None if set.keys.len() == 1 => set.keys.first(),
                    None => None,
                };
                if let Some(jwk) = jwk {
                    if let Some(key_alg) = jwk.common.key_algorithm
                        && key_alg != jsonwebtoken::jwk::KeyAlgorithm::from(alg)
                    {
                        return Err(refused("the token's algorithm is not its key's"));
                    }
                    return DecodingKey::from_jwk(jwk)
                        .map_err(|e| refused(format!("the issuer's key cannot be used ({e})")));
                }
            }
        }
        Err(refused(
            "the token is signed by a key the issuer does not publish",
        ))
    }

    async fn check_id_token(
        &self,
        meta: &Metadata,
        token: &str,
        state: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| refused(format!("the ID token cannot be read ({e})")))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(refused(format!(
                "the ID token is signed with {:?}, not an accepted algorithm",
                header.alg
            )));
        }
        let key = self
            .key_for(meta, header.kid.as_deref(), header.alg)
            .await?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[meta.issuer.as_str()]);
        validation.set_audience(&[self.settings.client_id.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 60;
        let data =
            jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation).map_err(|e| {
                use jsonwebtoken::errors::ErrorKind as K;
                refused(match e.kind() {
                    K::InvalidSignature => "the ID token's signature is not valid".to_string(),
                    K::ExpiredSignature => "the ID token has expired".to_string(),
                    K::InvalidIssuer => "the ID token is from another issuer".to_string(),
                    K::InvalidAudience => "the ID token is for another client".to_string(),
                    other => format!("the ID token is not valid ({other:?})"),
                })
            })?;
        let nonce = data.claims.get("nonce").and_then(Value::as_str);
        if nonce != Some(self.derive("nonce", state).as_str()) {
            return Err(refused("the ID token is not for this login (nonce)"));
        }
        Ok(data.claims)
    }

    /// The person an ID token's claims name, by their fiscal code.
    fn person(&self, claims: &Map<String, Value>) -> Result<Person, ApiError> {
        let raw = self
            .settings
            .fiscal_code_claims
            .iter()
            .find_map(|c| claims.get(c).and_then(Value::as_str))
            .ok_or_else(|| {
                refused(format!(
                    "the ID token has no fiscal code (looked for {})",
                    self.settings.fiscal_code_claims.join(", ")
                ))
            })?;
        let raw = raw.trim();
        // SPID and CIE write the fiscal code as an ETSI natural-person identifier: TINIT-….
        let bare = match raw.get(..6) {
            Some(p) if p.eq_ignore_ascii_case("TINIT-") => &raw[6..],
            _ => raw,
        };
        let fiscal_code = crate::api::fiscal_code("fiscal code", bare)
            .map_err(|_| refused("the ID token's fiscal code is not a fiscal code"))?;
        Ok(Person { fiscal_code })
    }
}
