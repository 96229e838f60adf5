//! The hub's HTTP API as the device uses it: sign in (development login), send a write with its
//! idempotency key, read the signed-in person's practices.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use url::Url;

use super::HubSyncError;
use super::apply::HubPractice;
use super::positions::HubPosition;

/// A client of one hub, with the token it signed (if any).
#[derive(Clone)]
pub struct HubClient {
    base: Url,
    token: Option<String>,
    http: reqwest::Client,
}

impl std::fmt::Debug for HubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubClient")
            .field("base", &self.base.as_str())
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Who signs in with the development login (`POST /api/v1/dev/login`, on a hub started with
/// `--dev-login` only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The person's fiscal code.
    pub subject: String,
    /// `citizen`, `staff` or `admin`.
    pub role: String,
    /// The comune's ISTAT code (staff).
    pub comune: Option<String>,
}

/// Who a token is for, as the hub says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Me {
    /// Their fiscal code.
    pub subject: String,
    /// `citizen`, `staff` or `admin`.
    pub role: String,
    /// Staff: their comune.
    #[serde(default)]
    pub comune: Option<String>,
}

/// What the hub answered a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The HTTP status.
    pub status: u16,
    /// The body, as sent.
    pub body: String,
    /// The hub said it had applied this key before (`Idempotent-Replayed: true`).
    pub replayed: bool,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorInner,
}

#[derive(Deserialize)]
struct ErrorInner {
    code: String,
    message: String,
}

impl HubClient {
    /// A client of the hub at `base` (`http(s)://host[:port]`), with `token` when signed in.
    pub fn new(base: &str, token: Option<String>) -> Result<HubClient, HubSyncError> {
        let bad = |detail: &str| HubSyncError::BadUrl {
            url: base.chars().take(200).collect(),
            detail: detail.to_string(),
        };
        let url = Url::parse(base.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(bad("an http or https address is needed"));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| bad(&e.to_string()))?;
        Ok(HubClient {
            base: url,
            token,
            http,
        })
    }

    /// The hub's address, as given.
    pub fn base(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        key: Option<&str>,
    ) -> Result<(StatusCode, String, bool), HubSyncError> {
        let mut req = self.http.request(method, self.url(path));
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let unreachable = |e: reqwest::Error| HubSyncError::Unreachable {
            url: self.base().to_string(),
            detail: e.without_url().to_string(),
        };
        let resp = req.send().await.map_err(unreachable)?;
        let status = resp.status();
        let replayed = resp
            .headers()
            .get("idempotent-replayed")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
        let text = resp.text().await.map_err(unreachable)?;
        Ok((status, text, replayed))
    }

    fn refused(what: &str, status: StatusCode, body: &str) -> HubSyncError {
        let (code, message) = match serde_json::from_str::<ErrorBody>(body) {
            Ok(b) => (b.error.code, b.error.message),
            Err(_) => (
                "hub.unreadable".to_string(),
                body.chars().take(200).collect(),
            ),
        };
        HubSyncError::Refused {
            what: what.to_string(),
            status: status.as_u16(),
            code,
            message,
        }
    }

    /// Signs in with the development login: the token the hub signed.
    pub async fn dev_login(&self, who: &Login) -> Result<String, HubSyncError> {
        let mut body = serde_json::json!({"subject": who.subject, "role": who.role});
        if let Some(c) = &who.comune {
            body["comune"] = serde_json::json!(c);
        }
        let what = "POST /api/v1/dev/login";
        let (status, text, _) = self
            .send(
                Method::POST,
                "/api/v1/dev/login",
                Some(body.to_string()),
                None,
            )
            .await?;
        if !status.is_success() {
            return Err(Self::refused(what, status, &text));
        }
        #[derive(Deserialize)]
        struct Token {
            token: String,
        }
        serde_json::from_str::<Token>(&text)
            .map(|t| t.token)
            .map_err(|e| HubSyncError::Protocol {
                what: what.into(),
                detail: e.to_string(),
            })
    }

    /// Who the token says the caller is (`GET /api/v1/me`).
    pub async fn me(&self) -> Result<Me, HubSyncError> {
        self.get_json("/api/v1/me").await
    }

    /// Sends one write with its idempotency key. A 2xx or 4xx (other than 408 and 429) is an
    /// answer; anything else is an error that says nothing of the write's effect.
    pub async fn write(
        &self,
        method: &str,
        path: &str,
        body: &str,
        key: &str,
    ) -> Result<Sent, HubSyncError> {
        let m = Method::from_bytes(method.as_bytes()).map_err(|e| HubSyncError::Protocol {
            what: format!("{method} {path}"),
            detail: e.to_string(),
        })?;
        let (status, text, replayed) = self
            .send(m, path, Some(body.to_string()), Some(key))
            .await?;
        let code = status.as_u16();
        if status.is_server_error() || code == 408 || code == 429 {
            return Err(Self::refused(&format!("{method} {path}"), status, &text));
        }
        Ok(Sent {
            status: code,
            body: text,
            replayed,
        })
    }

    /// A practice with its timeline, as the hub has it.
    pub async fn practice(&self, id: &str) -> Result<HubPractice, HubSyncError> {
        let path = format!("/api/v1/practices/{}", encode(id));
        self.get_json(&path).await
    }

    /// The signed-in person's practices as applicant, with their timelines.
    pub async fn my_practices(&self) -> Result<Vec<HubPractice>, HubSyncError> {
        self.get_json("/api/v1/me/practices").await
    }

    /// Creates a practice's debt position at GPD through the hub (its key), with an
    /// idempotency key: a retry with the same key does not create it twice.
    pub async fn create_position(
        &self,
        practice_id: &str,
        body: &serde_json::Value,
        key: &str,
    ) -> Result<HubPosition, HubSyncError> {
        let path = format!("/api/v1/practices/{}/positions", encode(practice_id));
        let what = format!("POST {path}");
        let (status, text, _) = self
            .send(Method::POST, &path, Some(body.to_string()), Some(key))
            .await?;
        if !status.is_success() {
            return Err(Self::refused(&what, status, &text));
        }
        serde_json::from_str(&text).map_err(|e| HubSyncError::Protocol {
            what,
            detail: e.to_string(),
        })
    }

    /// A debt position as GPD has it now (through the hub): whether it was paid.
    pub async fn position(&self, iupd: &str) -> Result<HubPosition, HubSyncError> {
        self.get_json(&format!("/api/v1/positions/{}", encode(iupd)))
            .await
    }

    /// A debt position's printed notice (a PDF), in `lang`.
    pub async fn position_notice(&self, iupd: &str, lang: &str) -> Result<Vec<u8>, HubSyncError> {
        let path = format!(
            "/api/v1/positions/{}/notice.pdf?lang={}",
            encode(iupd),
            encode(lang)
        );
        let what = format!("GET {path}");
        let mut req = self.http.get(self.url(&path));
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        let unreachable = |e: reqwest::Error| HubSyncError::Unreachable {
            url: self.base().to_string(),
            detail: e.without_url().to_string(),
        };
        let resp = req.send().await.map_err(unreachable)?;
        let status = resp.status();
        if !status.is_success() {
            let text = resp.text().await.map_err(unreachable)?;
            return Err(Self::refused(&what, status, &text));
        }
        Ok(resp.bytes().await.map_err(unreachable)?.to_vec())
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<T, HubSyncError> {
        let what = format!("GET {path}");
        let (status, text, _) = self.send(Method::GET, path, None, None).await?;
        if !status.is_success() {
            return Err(Self::refused(&what, status, &text));
        }
        serde_json::from_str(&text).map_err(|e| HubSyncError::Protocol {
            what,
            detail: e.to_string(),
        })
    }
}

/// A path segment, percent-encoded.
pub(crate) fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
