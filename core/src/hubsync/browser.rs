//! Sign-in through the browser (SPID, CIE) for apps that have one beside them — the desktop,
//! the command line: the hub's sign-in starts with a return address on a loopback port of
//! this machine, where a one-shot listener waits for the browser to come back with the hub's
//! token in the query (RFC 8252 §7.3). Phones use their own app address instead and hand the
//! token to [`crate::Hub::login_token`].

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::HubSyncError;

/// The path the browser comes back to.
pub const RETURN_PATH: &str = "/signed-in";

/// What came back from the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The hub's token.
    Token(String),
    /// The hub's error code and words.
    Failed {
        /// `auth.oidc-denied`, …
        code: String,
        /// Its words.
        detail: String,
    },
}

/// What a return address's parameters (`token`, or `error` and `error_description`) say.
fn outcome_of(params: &str) -> Outcome {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(params.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    match (get("token"), get("error")) {
        (Some(t), None) if !t.is_empty() => Outcome::Token(t),
        (_, Some(code)) => Outcome::Failed {
            detail: get("error_description").unwrap_or_default(),
            code,
        },
        _ => Outcome::Failed {
            code: "local.no-token".into(),
            detail: "the browser came back without a token".into(),
        },
    }
}

/// What an app's own address (`it.campanile.app:/login#token=…`) that opened the app says of
/// the sign-in started with `return_to`: none when it is not that address. The hub puts the
/// token or its error in the fragment of a non-loopback address, and in the query of a
/// loopback one; both are read.
pub fn app_return(url: &str, return_to: &str) -> Option<Outcome> {
    let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    if base != return_to.split(['?', '#']).next().unwrap_or(return_to) {
        return None;
    }
    let params = if fragment.is_empty() { query } else { fragment };
    Some(outcome_of(params))
}

/// A listener on a loopback port waiting for one sign-in.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    return_to: String,
}

/// The hub's sign-in address for `base` (the hub's address) and `return_to`.
pub fn start_url(base: &str, return_to: &str) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("return_to", return_to)
        .finish();
    format!(
        "{}/api/v1/auth/oidc/start?{query}",
        base.trim_end_matches('/')
    )
}

impl Loopback {
    /// A listener on a free port of 127.0.0.1.
    pub async fn bind() -> Result<Loopback, HubSyncError> {
        let listener =
            TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| HubSyncError::SignInFailed {
                    code: "local.listener".into(),
                    detail: format!("no loopback port to come back to: {e}"),
                })?;
        let port = listener
            .local_addr()
            .map_err(|e| HubSyncError::SignInFailed {
                code: "local.listener".into(),
                detail: e.to_string(),
            })?
            .port();
        Ok(Loopback {
            listener,
            return_to: format!("http://127.0.0.1:{port}{RETURN_PATH}"),
        })
    }

    /// The return address to give the hub.
    pub fn return_to(&self) -> &str {
        &self.return_to
    }

    /// Waits up to `timeout` for the browser to come back; `page` writes the HTML it is
    /// shown (its title and words, for the outcome). Other requests (a favicon, a probe) are
    /// answered 404 and the wait goes on.
    pub async fn wait(
        self,
        timeout: Duration,
        page: impl Fn(&Outcome) -> String,
    ) -> Result<Outcome, HubSyncError> {
        let waiting = async {
            loop {
                let Ok((mut stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let Some(target) = read_target(&mut stream).await else {
                    continue;
                };
                let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
                if path != RETURN_PATH {
                    answer(&mut stream, 404, "Not Found", "").await;
                    continue;
                }
                let outcome = outcome_of(query);
                answer(&mut stream, 200, "OK", &page(&outcome)).await;
                return outcome;
            }
        };
        tokio::time::timeout(timeout, waiting)
            .await
            .map_err(|_| HubSyncError::SignInTimedOut {
                seconds: timeout.as_secs(),
            })
    }
}

/// The request target of one request (its head, up to 16 KiB).
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > 16 * 1024 {
            return None;
        }
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next()?.split(' ');
    let (method, target) = (parts.next()?, parts.next()?);
    (method == "GET").then(|| target.to_string())
}

async fn answer(stream: &mut TcpStream, status: u16, reason: &str, html: &str) {
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n",
        html.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(html.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "it.campanile.app:/login";

    #[test]
    fn the_apps_address_gives_the_token_or_the_hubs_error() {
        assert_eq!(
            app_return("it.campanile.app:/login#token=abc%2Bd", APP),
            Some(Outcome::Token("abc+d".into()))
        );
        assert_eq!(
            app_return(
                "it.campanile.app:/login#error=auth.oidc-denied&error_description=No%20consent",
                APP
            ),
            Some(Outcome::Failed {
                code: "auth.oidc-denied".into(),
                detail: "No consent".into()
            })
        );
        // A loopback return carries it in the query.
        assert_eq!(
            app_return(
                "http://127.0.0.1:4000/signed-in?token=t1",
                "http://127.0.0.1:4000/signed-in"
            ),
            Some(Outcome::Token("t1".into()))
        );
        // Back with nothing: a failure that says so, not a silent success.
        assert!(matches!(
            app_return("it.campanile.app:/login", APP),
            Some(Outcome::Failed { code, .. }) if code == "local.no-token"
        ));
    }

    #[test]
    fn other_addresses_are_not_the_sign_ins() {
        assert_eq!(app_return("it.campanile.app:/pay/ok#token=x", APP), None);
        assert_eq!(
            app_return("it.campanile.app:/login/other#token=x", APP),
            None
        );
        assert_eq!(app_return("https://evil.example/login#token=x", APP), None);
    }
}
