//! A small OpenID Connect provider on 127.0.0.1, as SPID and CIE brokers speak it to a
//! relying party: discovery (`/.well-known/openid-configuration`), the signing keys (JWKS,
//! RS256), the authorization code flow with PKCE (S256) and `nonce`, and ID tokens that carry
//! the person's fiscal code as the eID attribute `https://attributes.eid.gov.it/fiscal_number`
//! (`TINIT-…`), as the Italian OIDC profiles name it.
//!
//! There is no login page: the authorization endpoint answers for the person set with
//! [`FakeOidc::log_in_as`] (or with `access_denied` when none is), and [`OidcFault`] makes it
//! misbehave the ways a relying party must refuse (wrong key, nonce, audience, issuer, expired
//! token, no fiscal code, a failing token endpoint).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::SeedableRng;
use rsa::PrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use crate::http::{Answer, read_raw_request, write_answer};

/// The eID attribute the Italian OIDC profiles (SPID, CIE) give the fiscal code in.
pub const FISCAL_NUMBER_CLAIM: &str = "https://attributes.eid.gov.it/fiscal_number";

/// The key id the provider signs with.
pub const KEY_ID: &str = "campanile-test-1";

/// Ways the provider can misbehave (each until cleared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidcFault {
    /// The ID token is signed by a key that is not in the JWKS (same `kid`).
    WrongKey,
    /// The ID token carries another `nonce`.
    WrongNonce,
    /// The ID token is for another client.
    WrongAudience,
    /// The ID token names another issuer.
    WrongIssuer,
    /// The ID token expired an hour ago.
    Expired,
    /// The ID token has no fiscal code.
    NoFiscalCode,
    /// The token endpoint answers 500.
    TokenEndpointDown,
}

/// A registered relying party.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub secret: String,
    pub redirect_uris: Vec<String>,
}

/// A token request as it came (for assertions).
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// The form fields.
    pub form: HashMap<String, String>,
    /// How the client authenticated: `client_secret_basic` or `client_secret_post`.
    pub auth_method: String,
}

struct Grant {
    client_id: String,
    redirect_uri: String,
    nonce: Option<String>,
    challenge: Option<String>,
    fiscal_code: String,
}

#[derive(Default)]
struct State {
    clients: Vec<Client>,
    person: Option<String>,
    fault: Option<OidcFault>,
    codes: HashMap<String, Grant>,
    next: u64,
    token_requests: Vec<TokenRequest>,
}

/// The provider. Dropping it stops it.
pub struct FakeOidc {
    base: String,
    state: Arc<Mutex<State>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeOidc {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn signing_key(seed: u64) -> PrivateKey {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    PrivateKey::new(&mut rng, 2048).unwrap()
}

/// The provider's key, made once per test binary (generation is the slow part).
fn key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| signing_key(1_013))
}

/// A key that is not the provider's.
fn other_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| signing_key(2_027))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A compact JWS (RS256) of `claims`.
fn sign(key: &PrivateKey, claims: &Value) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": KEY_ID});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

fn json_answer(status: u16, body: &Value) -> Answer {
    Answer::new(status, "application/json", body.to_string()).header("Cache-Control", "no-store")
}

fn oauth_error(status: u16, error: &str, description: &str) -> Answer {
    json_answer(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

fn redirect(location: &str) -> Answer {
    Answer::new(302, "text/plain", "").header("Location", location)
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{}", out.finish())
}

impl FakeOidc {
    /// Starts the provider on a `127.0.0.1` port with one client.
    pub async fn start(client: Client) -> FakeOidc {
        // Made before serving, so the first request does not wait on key generation.
        let _ = key();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            clients: vec![client],
            ..State::default()
        }));
        let (s, b) = (state.clone(), base.clone());
        let server = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let (s, b) = (s.clone(), b.clone());
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let Some(req) = read_raw_request(&mut stream, &mut buf).await else {
                        return;
                    };
                    let answer = handle(&s, &b, &req);
                    write_answer(&mut stream, &answer, false).await;
                });
            }
        });
        FakeOidc {
            base,
            state,
            server,
        }
    }

    /// The issuer identifier (`http://127.0.0.1:PORT`).
    pub fn issuer(&self) -> String {
        self.base.clone()
    }

    /// The next authorizations are for the person with this fiscal code (`None`: they are
    /// denied, as when the person cancels at the identity provider).
    pub fn log_in_as(&self, fiscal_code: Option<&str>) {
        self.state.lock().unwrap().person = fiscal_code.map(str::to_string);
    }

    /// Misbehave this way (or not at all).
    pub fn fault(&self, fault: Option<OidcFault>) {
        self.state.lock().unwrap().fault = fault;
    }

    /// The token requests so far.
    pub fn token_requests(&self) -> Vec<TokenRequest> {
        self.state.lock().unwrap().token_requests.clone()
    }
}

fn handle(state: &Mutex<State>, base: &str, req: &crate::http::RawRequest) -> Answer {
    let (path, query) = req.path_and_query();
    let query: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    match (req.method.as_str(), path) {
        ("GET", "/.well-known/openid-configuration") => json_answer(
            200,
            &json!({
                "issuer": base,
                "authorization_endpoint": format!("{base}/authorize"),
                "token_endpoint": format!("{base}/token"),
                "jwks_uri": format!("{base}/jwks"),
                "response_types_supported": ["code"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "scopes_supported": ["openid", "profile"],
                "claims_supported": ["sub", "given_name", "family_name", FISCAL_NUMBER_CLAIM],
            }),
        ),
        ("GET", "/jwks") => {
            let public = rsa::PublicKey::from(key());
            json_answer(
                200,
                &json!({"keys": [{
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KEY_ID,
                    "n": URL_SAFE_NO_PAD.encode(public.n_bytes()),
                    "e": URL_SAFE_NO_PAD.encode(public.e_bytes()),
                }]}),
            )
        }
        ("GET", "/authorize") => authorize(state, &query),
        ("POST", "/token") => token(state, base, req),
        _ => oauth_error(404, "not_found", "no such endpoint"),
    }
}

fn authorize(state: &Mutex<State>, q: &HashMap<String, String>) -> Answer {
    let mut s = state.lock().unwrap();
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let Some(client) = s.clients.iter().find(|c| c.id == get("client_id")).cloned() else {
        return oauth_error(400, "unauthorized_client", "unknown client_id");
    };
    let redirect_uri = get("redirect_uri");
    if !client.redirect_uris.iter().any(|u| u == redirect_uri) {
        // Never redirect to an unregistered address.
        return oauth_error(400, "invalid_request", "redirect_uri is not registered");
    }
    let state_param = get("state");
    let deny = |error: &str| {
        redirect(&with_query(
            redirect_uri,
            &[("error", error), ("state", state_param)],
        ))
    };
    if get("response_type") != "code" {
        return deny("unsupported_response_type");
    }
    if !get("scope").split(' ').any(|s| s == "openid") {
        return deny("invalid_scope");
    }
    let challenge = q.get("code_challenge").cloned();
    if challenge.is_some() && get("code_challenge_method") != "S256" {
        return deny("invalid_request");
    }
    let Some(person) = s.person.clone() else {
        return deny("access_denied");
    };
    s.next += 1;
    let code = format!("code-{}-{}", s.next, now());
    s.codes.insert(
        code.clone(),
        Grant {
            client_id: client.id,
            redirect_uri: redirect_uri.to_string(),
            nonce: q.get("nonce").cloned(),
            challenge,
            fiscal_code: person,
        },
    );
    redirect(&with_query(
        redirect_uri,
        &[("code", &code), ("state", state_param)],
    ))
}

/// The client's credentials: HTTP Basic, or `client_id` and `client_secret` in the form.
fn client_auth(
    req: &crate::http::RawRequest,
    form: &HashMap<String, String>,
) -> Option<(String, String, &'static str)> {
    if let Some(basic) = req
        .headers
        .get("authorization")
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = String::from_utf8(STANDARD.decode(basic.trim()).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        let dec = |s: &str| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        return Some((dec(id)?, dec(secret)?, "client_secret_basic"));
    }
    Some((
        form.get("client_id")?.clone(),
        form.get("client_secret")?.clone(),
        "client_secret_post",
    ))
}

fn token(state: &Mutex<State>, base: &str, req: &crate::http::RawRequest) -> Answer {
    let form: HashMap<String, String> = form_urlencoded::parse(&req.body).into_owned().collect();
    let mut s = state.lock().unwrap();
    let Some((id, secret, method)) = client_auth(req, &form) else {
        return oauth_error(401, "invalid_client", "no client authentication");
    };
    s.token_requests.push(TokenRequest {
        form: form.clone(),
        auth_method: method.to_string(),
    });
    if s.fault == Some(OidcFault::TokenEndpointDown) {
        return Answer::new(500, "text/html", "<h1>Internal Server Error</h1>");
    }
    if !s.clients.iter().any(|c| c.id == id && c.secret == secret) {
        return oauth_error(401, "invalid_client", "wrong client credentials");
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return oauth_error(400, "unsupported_grant_type", "authorization_code only");
    }
    let code = form.get("code").cloned().unwrap_or_default();
    // A code is good once.
    let Some(grant) = s.codes.remove(&code) else {
        return oauth_error(400, "invalid_grant", "unknown or used code");
    };
    if grant.client_id != id || form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return oauth_error(
            400,
            "invalid_grant",
            "the code was issued to another client or URI",
        );
    }
    if let Some(challenge) = &grant.challenge {
        let verifier = form.get("code_verifier").cloned().unwrap_or_default();
        if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != *challenge {
            return oauth_error(400, "invalid_grant", "PKCE verification failed");
        }
    }
    let fault = s.fault;
    let iat = now();
    let mut claims = json!({
        "iss": if fault == Some(OidcFault::WrongIssuer) { "https://other.example".to_string() } else { base.to_string() },
        "sub": format!("pairwise-{:x}", Sha256::digest(grant.fiscal_code.as_bytes())[0]),
        "aud": if fault == Some(OidcFault::WrongAudience) { "someone-else".to_string() } else { grant.client_id.clone() },
        "iat": iat,
        "exp": if fault == Some(OidcFault::Expired) { iat - 3600 } else { iat + 300 },
        "given_name": "Mario",
        "family_name": "Rossi",
        FISCAL_NUMBER_CLAIM: format!("TINIT-{}", grant.fiscal_code),
    });
    if fault == Some(OidcFault::NoFiscalCode)
        && let Some(o) = claims.as_object_mut()
    {
        o.remove(FISCAL_NUMBER_CLAIM);
    }
    let nonce = match fault {
        Some(OidcFault::WrongNonce) => Some("not-the-nonce".to_string()),
        _ => grant.nonce,
    };
    if let (Some(n), Some(o)) = (nonce, claims.as_object_mut()) {
        o.insert("nonce".into(), Value::String(n));
    }
    let signer = if fault == Some(OidcFault::WrongKey) {
        other_key()
    } else {
        key()
    };
    json_answer(
        200,
        &json!({
            "access_token": format!("at-{code}"),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": sign(signer, &claims),
        }),
    )
}
