//! Sign-in through the browser (SPID, CIE) for apps that have one beside them — the desktop,
//! the command line: the hub's sign-in starts with a return address on a loopback port of
//! this machine, where a one-shot listener waits for the browser to come back with the hub's
//! token in the query (RFC 8252 §7.3). Phones use their own app address instead and hand the
//! token to [`crate::Hub::login_token`].

use std::time::Duration;

use super::HubSyncError;
use crate::loopback;

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
    inner: loopback::Loopback,
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
        let inner = loopback::Loopback::bind()
            .await
            .map_err(|e| HubSyncError::SignInFailed {
                code: "local.listener".into(),
                detail: format!("no loopback port to come back to: {e}"),
            })?;
        Ok(Loopback {
            return_to: inner.url(RETURN_PATH),
            inner,
        })
    }

    /// The return address to give the hub.
    pub fn return_to(&self) -> &str {
        &self.return_to
    }

    /// Waits up to `timeout` for the browser to come back; `page` writes the HTML it is
    /// shown (its title and words, for the outcome).
    pub async fn wait(
        self,
        timeout: Duration,
        page: impl Fn(&Outcome) -> String,
    ) -> Result<Outcome, HubSyncError> {
        self.inner
            .wait(&[RETURN_PATH], timeout, |a| page(&outcome_of(&a.query)))
            .await
            .map(|a| outcome_of(&a.query))
            .ok_or(HubSyncError::SignInTimedOut {
                seconds: timeout.as_secs(),
            })
    }
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
