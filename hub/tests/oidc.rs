//! Sign-in with SPID or CIE through an OpenID Connect issuer — here the testkit's provider on
//! 127.0.0.1 (discovery, JWKS, code flow with PKCE): the browser's round trip gives the hub's
//! own token with the role the settings give the person; every answer a relying party must
//! refuse is refused with no token; a login is used once, may finish on another hub process,
//! and only goes back to allowed addresses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use campanile_hub::oidc::settings::{ClientSecretSource, DEFAULT_FISCAL_CODE_CLAIMS, OidcSettings};
use campanile_testkit::oidc::{Client, FakeOidc, OidcFault};
use common::*;
use reqwest::StatusCode;
use serde_json::Value;
use url::Url;

const CLIENT_ID: &str = "campanile-hub-test";
const SECRET: &str = "client-secret-for-tests-0123456789";
/// The callback as registered at the issuer; the test's "browser" maps it to the hub.
const CALLBACK: &str = "http://127.0.0.1:9/api/v1/auth/oidc/callback";

async fn provider() -> FakeOidc {
    FakeOidc::start(Client {
        id: CLIENT_ID.into(),
        secret: SECRET.into(),
        redirect_uris: vec![CALLBACK.into()],
    })
    .await
}

fn secret_file(mode: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oidc-client-secret");
    std::fs::write(&path, format!("{SECRET}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    (dir, path)
}

fn settings(issuer: &str, secret: &std::path::Path) -> OidcSettings {
    OidcSettings {
        issuer: Url::parse(issuer).unwrap(),
        client_id: CLIENT_ID.into(),
        redirect_uri: Url::parse(CALLBACK).unwrap(),
        client_secret: ClientSecretSource::File(secret.to_path_buf()),
        return_uris: vec!["it.campanile.app:/login".into()],
        staff: [(STAFF_ASCOLI.to_string(), ASCOLI.to_string())].into(),
        admins: vec![ADMIN.into()],
        fiscal_code_claims: DEFAULT_FISCAL_CODE_CLAIMS.map(String::from).to_vec(),
    }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::FOUND, "not a redirect");
    res.headers()["location"].to_str().unwrap().to_string()
}

/// The browser's way: the hub's start, the issuer's authorization, back to the hub's callback
/// (on `finish_at`). Returns the issuer's redirect query and the callback's answer.
async fn round_trip(
    start_at: &Hub,
    finish_at: &Hub,
    return_to: Option<&str>,
) -> (Url, reqwest::Response) {
    let b = browser();
    let mut start = format!("{}/api/v1/auth/oidc/start", start_at.base);
    if let Some(r) = return_to {
        start = format!("{start}?return_to={}", urlencode(r));
    }
    let res = b.get(&start).send().await.unwrap();
    let to_issuer = Url::parse(&location(&res)).unwrap();
    let q = |k: &str| {
        to_issuer
            .query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(q("code_challenge_method").as_deref(), Some("S256"));
    assert!(q("nonce").is_some_and(|n| n.len() >= 32));
    assert_eq!(q("redirect_uri").as_deref(), Some(CALLBACK));
    let res = b.get(to_issuer.as_str()).send().await.unwrap();
    let back = Url::parse(&location(&res)).unwrap();
    assert_eq!(back.path(), "/api/v1/auth/oidc/callback");
    let callback = format!(
        "{}{}?{}",
        finish_at.base,
        back.path(),
        back.query().unwrap_or("")
    );
    (back.clone(), b.get(&callback).send().await.unwrap())
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The claims of a hub token (its signature is the hub's business: the API is the check).
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn token_of(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    body["token"].as_str().unwrap().to_string()
}

async fn error_of(res: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    assert_error_shape(&body);
    body["error"]["code"].as_str().unwrap().to_string()
}

async fn sign_in_with_roles(b: &Backend) {
    let idp = provider().await;
    let (_dir, secret) = secret_file(0o600);
    let issuer = idp.issuer();
    let hub = Hub::start_with(b, false, |s| s.oidc = Some(settings(&issuer, &secret))).await;

    // A citizen: their own practices are theirs to read with the token.
    idp.log_in_as(Some(CITIZEN));
    let (back, res) = round_trip(&hub, &hub, None).await;
    let token = token_of(res).await;
    let c = claims(&token);
    assert_eq!(
        (c["sub"].as_str(), c["role"].as_str()),
        (Some(CITIZEN), Some("citizen"))
    );
    let (status, _) = hub.get("/api/v1/me/practices", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    // The code went with the client secret (HTTP Basic) and the PKCE verifier.
    let req = idp.token_requests().pop().unwrap();
    assert_eq!(req.auth_method, "client_secret_basic");
    assert!(req.form.get("code_verifier").is_some_and(|v| v.len() >= 43));
    // The same callback again (a reload, a replay): the login was used.
    let again = browser()
        .get(format!(
            "{}{}?{}",
            hub.base,
            back.path(),
            back.query().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(again, StatusCode::BAD_REQUEST).await,
        "auth.oidc-bad-state"
    );

    // Staff of Ascoli and the administrator, as the settings list them.
    idp.log_in_as(Some(STAFF_ASCOLI));
    let token = token_of(round_trip(&hub, &hub, None).await.1).await;
    let c = claims(&token);
    assert_eq!(
        (c["role"].as_str(), c["comune"].as_str()),
        (Some("staff"), Some(ASCOLI))
    );
    let (status, body) = hub
        .post(
            "/api/v1/practices",
            Some(&token),
            &serde_json::json!({"procedure": "SUAP-OSP", "applicant": CITIZEN, "subject": "Dehors", "comune": ASCOLI}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    idp.log_in_as(Some(ADMIN));
    let token = token_of(round_trip(&hub, &hub, None).await.1).await;
    assert_eq!(claims(&token)["role"], "admin");

    // Started on one process, finished on another (same database and key).
    let sibling = hub.sibling().await;
    idp.log_in_as(Some(OTHER_CITIZEN));
    let token = token_of(round_trip(&hub, &sibling, None).await.1).await;
    assert_eq!(claims(&token)["sub"], OTHER_CITIZEN);

    // Back to a desktop app's loopback listener, the token in the query it reads.
    idp.log_in_as(Some(CITIZEN));
    let (_, res) = round_trip(&hub, &hub, Some("http://127.0.0.1:53682/signed-in")).await;
    let to_app = Url::parse(&location(&res)).unwrap();
    assert_eq!(to_app.path(), "/signed-in");
    assert!(to_app.fragment().is_none());
    let token = to_app.query_pairs().find(|(k, _)| k == "token").unwrap().1;
    assert_eq!(claims(&token)["sub"], CITIZEN);
    let (status, me) = hub.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (me["subject"].as_str(), me["role"].as_str()),
        (Some(CITIZEN), Some("citizen"))
    );
    // A phone app's configured address too.
    let (_, res) = round_trip(&hub, &hub, Some("it.campanile.app:/login")).await;
    assert!(location(&res).starts_with("it.campanile.app:/login#token="));
    // Anywhere else is refused before the issuer is even asked.
    let res = browser()
        .get(format!(
            "{}/api/v1/auth/oidc/start?return_to={}",
            hub.base,
            urlencode("https://evil.example/steal")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(res, StatusCode::UNPROCESSABLE_ENTITY).await,
        "auth.oidc-bad-return"
    );
}
on_both!(sign_in_with_roles);

async fn refusals(b: &Backend) {
    let idp = provider().await;
    let (_dir, secret) = secret_file(0o600);
    let issuer = idp.issuer();
    let hub = Hub::start_with(b, false, |s| s.oidc = Some(settings(&issuer, &secret))).await;
    idp.log_in_as(Some(CITIZEN));
    for (fault, status, code) in [
        (
            OidcFault::WrongKey,
            StatusCode::UNAUTHORIZED,
            "auth.oidc-refused",
        ),
        (
            OidcFault::WrongNonce,
            StatusCode::UNAUTHORIZED,
            "auth.oidc-refused",
        ),
        (
            OidcFault::WrongAudience,
            StatusCode::UNAUTHORIZED,
            "auth.oidc-refused",
        ),
        (
            OidcFault::WrongIssuer,
            StatusCode::UNAUTHORIZED,
            "auth.oidc-refused",
        ),
        (
            OidcFault::Expired,
            StatusCode::UNAUTHORIZED,
            "auth.oidc-refused",
        ),
        (
            OidcFault::NoFiscalCode,
            StatusCode::UNAUTHORIZED,
            "auth.oidc-refused",
        ),
        (
            OidcFault::TokenEndpointDown,
            StatusCode::BAD_GATEWAY,
            "auth.oidc-unavailable",
        ),
    ] {
        idp.fault(Some(fault));
        let (_, res) = round_trip(&hub, &hub, None).await;
        assert_eq!(error_of(res, status).await, code, "{fault:?}");
    }
    idp.fault(None);

    // The person cancels at the identity provider: no token, and the app is told.
    idp.log_in_as(None);
    let (_, res) = round_trip(&hub, &hub, None).await;
    assert_eq!(
        error_of(res, StatusCode::UNAUTHORIZED).await,
        "auth.oidc-denied"
    );
    let (_, res) = round_trip(&hub, &hub, Some("http://127.0.0.1:53682/signed-in")).await;
    let to_app = location(&res);
    assert!(to_app.contains("?error=auth.oidc-denied"), "{to_app}");
    assert!(!to_app.contains("token="), "{to_app}");

    // A callback for a login never started.
    let (status, body) = hub
        .get(
            "/api/v1/auth/oidc/callback?code=x&state=never-started",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "auth.oidc-bad-state");

    // After all that, a good login still works.
    idp.log_in_as(Some(CITIZEN));
    token_of(round_trip(&hub, &hub, None).await.1).await;
}
on_both!(refusals);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_unless_configured_and_secret_kept_private() {
    let hub = Hub::start(&Backend::Sqlite, false).await;
    let (status, body) = hub.get("/api/v1/auth/oidc/start", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "auth.oidc-off");

    // A client secret file others can read stops the hub, saying how to fix it.
    let idp = provider().await;
    let (_dir, secret) = secret_file(0o644);
    let mut s = hub.settings.clone();
    s.oidc = Some(settings(&idp.issuer(), &secret));
    let e = campanile_hub::serve::open(&s).await.unwrap_err();
    let text = format!("{e:#}");
    assert!(text.contains("chmod 600"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}

/// The device's way (desktop, command line): the core opens the sign-in in "the browser" —
/// here a client that follows the redirects — and its loopback listener gets the token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_signs_in_through_the_browser() {
    use std::sync::Arc;

    use campanile_core::host::{MemorySecrets, SystemClock};
    use campanile_core::{Campanile, Config, Database, ErrorClass, Host};

    let idp = provider().await;
    let (dir, secret) = secret_file(0o600);
    let issuer = idp.issuer();
    let hub = Hub::start_with(&Backend::Sqlite, false, |s| {
        s.oidc = Some(settings(&issuer, &secret))
    })
    .await;
    let device = Campanile::open(
        Config::new(Database::File(dir.path().join("device.db")), "it"),
        Host {
            secrets: Arc::new(MemorySecrets::default()),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap();
    let hub_base = hub.base.clone();
    let pages = Arc::new(std::sync::Mutex::new(Vec::new()));
    let browse = |pages: Arc<std::sync::Mutex<Vec<String>>>| {
        let hub_base = hub_base.clone();
        move |start: &str| {
            let start = start.to_string();
            tokio::spawn(async move {
                let b = browser();
                let mut url = start;
                for _ in 0..4 {
                    let res = b.get(&url).send().await.unwrap();
                    if res.status() != StatusCode::FOUND {
                        let page = res.text().await.unwrap();
                        pages.lock().unwrap().push(page);
                        return;
                    }
                    url = location(&res).replace("http://127.0.0.1:9", &hub_base);
                }
            });
        }
    };

    idp.log_in_as(Some(STAFF_ASCOLI));
    let session = device
        .hub()
        .login_browser(
            &hub.base,
            browse(pages.clone()),
            std::time::Duration::from_secs(30),
        )
        .await
        .unwrap();
    assert_eq!(session.subject, STAFF_ASCOLI);
    assert_eq!(
        (session.role.as_str(), session.comune.as_deref()),
        ("staff", Some(ASCOLI))
    );
    let status = device.hub().status(5).unwrap();
    assert_eq!(status.session.unwrap().subject, STAFF_ASCOLI);
    // The browser was told, in the device's language.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        pages
            .lock()
            .unwrap()
            .iter()
            .any(|p| p.contains("Accesso effettuato"))
    );

    // The person cancels at the identity provider: the device says why, and keeps the session
    // it had.
    idp.log_in_as(None);
    let e = device
        .hub()
        .login_browser(
            &hub.base,
            browse(pages.clone()),
            std::time::Duration::from_secs(30),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "hub.sign-in-failed", "{e}");
    assert_eq!(e.class, ErrorClass::BadInput);
    assert_eq!(
        device.hub().status(5).unwrap().session.unwrap().subject,
        STAFF_ASCOLI
    );

    // Nobody comes back: the wait ends, saying so.
    let e = device
        .hub()
        .login_browser(&hub.base, |_| {}, std::time::Duration::from_millis(300))
        .await
        .unwrap_err();
    assert_eq!(e.code, "hub.sign-in-timed-out", "{e}");
}
