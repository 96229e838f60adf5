//! The hub on 127.0.0.1 for the tests: its router on a `127.0.0.1:0` listener over a fresh
//! database — a SQLite file in a temporary folder, or, when `CAMPANILE_HUB_PG_URL` is set, a
//! new database on that PostgreSQL server — and a client that speaks to it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use campanile_hub::config::{KeySource, Settings};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;

/// Which database a test runs on.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server at this URL.
    Postgres(String),
}

/// The PostgreSQL server the tests may use, or `None` (and a line saying the run is skipped).
pub fn postgres(test: &str) -> Option<Backend> {
    match std::env::var("CAMPANILE_HUB_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(Backend::Postgres(url)),
        _ => {
            // In CI the PostgreSQL runs are part of the bar: scripts/test.sh starts a cluster.
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: CI is set but CAMPANILE_HUB_PG_URL is not: the PostgreSQL run cannot be skipped"
            );
            // Straight to stderr, past the test harness's capture: the skip is always seen.
            let _ = writeln!(
                std::io::stderr(),
                "{test}: PostgreSQL run skipped (set CAMPANILE_HUB_PG_URL, e.g. eval \"$(scripts/pg.sh start)\")"
            );
            None
        }
    }
}

/// A running hub.
pub struct Hub {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The client.
    pub client: reqwest::Client,
    /// The settings it runs with (to start another process-like hub on the same database).
    pub settings: Settings,
    server: tokio::task::JoinHandle<()>,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

static NEXT: AtomicU64 = AtomicU64::new(0);

/// A new, empty database on the PostgreSQL server at `server`: its URL.
pub async fn fresh_postgres(server: &str) -> String {
    let name = format!(
        "hub_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut conn = sqlx::PgConnection::connect(server).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl Hub {
    /// Starts a hub on a fresh database.
    pub async fn start(backend: &Backend, dev_login: bool) -> Hub {
        Hub::start_with(backend, dev_login, |_| {}).await
    }

    /// Starts a hub on a fresh database, its settings changed by `edit` first (by default it
    /// holds no pagoPA key: an empty key folder).
    pub async fn start_with(
        backend: &Backend,
        dev_login: bool,
        edit: impl FnOnce(&mut Settings),
    ) -> Hub {
        let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
        let db_url = match backend {
            Backend::Sqlite => {
                campanile_hub::config::db_url(&dir.path().join("hub.db").display().to_string())
            }
            Backend::Postgres(server) => fresh_postgres(server).await,
        };
        let mut settings = Settings {
            db_url,
            addr: "127.0.0.1:0".parse().unwrap(),
            dev_login,
            key: KeySource::Generated(dir.path().join("key")),
            token_ttl: Duration::from_secs(600),
            log_json: false,
            body_limit: 16 * 1024,
            limits: campanile_hub::limits::Limits::default(),
            pagopa: campanile_hub::payments::settings::PagoPaSettings::with_key_dir(
                dir.path().join("pagopa-keys"),
            )
            .unwrap(),
            oidc: None,
        };
        edit(&mut settings);
        Hub::with_settings(settings, dir).await
    }

    /// Another hub on the same database and key (as a second process, or after a restart).
    pub async fn sibling(&self) -> Hub {
        Hub::with_settings(self.settings.clone(), self._dir.clone()).await
    }

    async fn with_settings(settings: Settings, dir: std::sync::Arc<tempfile::TempDir>) -> Hub {
        let state = campanile_hub::serve::open(&settings).await.unwrap();
        let app = campanile_hub::api::router(state, settings.body_limit);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.unwrap();
        });
        Hub {
            base,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            settings,
            server,
            _dir: dir,
        }
    }

    /// Stops serving (as a process that exits).
    pub fn stop(&self) {
        self.server.abort();
    }

    /// A request: `token` as bearer, `key` as Idempotency-Key, `body` as JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}"))
        };
        if status.is_client_error() || status.is_server_error() {
            assert_error_shape(&value);
        }
        (status, value)
    }

    /// GET.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::GET, path, token, None, None).await
    }

    /// POST with a fresh Idempotency-Key.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (StatusCode, Value) {
        let key = new_key();
        self.call(Method::POST, path, token, Some(&key), Some(body))
            .await
    }

    /// A development token.
    pub async fn login(&self, subject: &str, role: &str, comune: Option<&str>) -> String {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/v1/dev/login",
                None,
                None,
                Some(&json!({"subject": subject, "role": role, "comune": comune})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["token"].as_str().unwrap().to_string()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A new Idempotency-Key.
pub fn new_key() -> String {
    format!(
        "k-{}-{}",
        NEXT.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

/// Every error answer: `{"error": {"code": "…", "message": "…"}}` and nothing that looks like
/// SQL or a panic.
pub fn assert_error_shape(v: &Value) {
    let e = v
        .get("error")
        .unwrap_or_else(|| panic!("not the error shape: {v}"));
    assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "{v}");
    assert!(e["message"].as_str().is_some(), "{v}");
    let text = v.to_string().to_ascii_lowercase();
    for leak in [
        "select ",
        "insert ",
        "sqlx",
        "panicked",
        "stack backtrace",
        "sqlite",
        "postgres",
    ] {
        assert!(
            !text.contains(leak),
            "an error answer leaks \"{leak}\": {v}"
        );
    }
}

/// The comuni and people of the tests.
pub const ASCOLI: &str = "044007";
pub const FERMO: &str = "109006";
pub const CITIZEN: &str = "RSSMRA80A01D542X";
pub const OTHER_CITIZEN: &str = "VRDLGU75C41H501Y";
pub const STAFF_ASCOLI: &str = "BNCGNN70B02A462Z";
pub const STAFF_FERMO: &str = "NREPLA66D03D542W";
pub const ADMIN: &str = "GLLFRC60E04H769V";

/// Runs a scenario on SQLite and, when `CAMPANILE_HUB_PG_URL` is set, on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(&$crate::common::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(b) = $crate::common::postgres(stringify!($name)) {
                    super::$name(&b).await;
                }
            }
        }
    };
}
