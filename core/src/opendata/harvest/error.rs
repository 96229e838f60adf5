//! [`HarvestError`]: what went wrong, where, and whether it was the network's fault.

use crate::i18n::{Arg, Localize};

/// Why a harvest step failed. Each variant has a Fluent message `harvest-error-<kebab-variant>`
/// in `locales/*/harvest.ftl` whose variables are the variant's fields.
#[derive(Debug, thiserror::Error)]
pub enum HarvestError {
    /// A status that retrying will not fix (4xx other than 429, unexpected 3xx…).
    #[error("{url}: the portal answered HTTP {status}")]
    Status {
        /// The URL asked.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// 429 or 5xx on every attempt.
    #[error("{url}: the server kept answering HTTP {status} ({attempts} attempts)")]
    Unavailable {
        /// The URL asked.
        url: String,
        /// The last HTTP status.
        status: u16,
        /// How many attempts were made.
        attempts: u32,
    },
    /// Connection refused / reset, DNS, TLS, a body cut by an I/O error…
    #[error("{url}: network error: {detail}")]
    Network {
        /// The URL asked.
        url: String,
        /// What failed.
        detail: String,
    },
    /// No complete answer within the request timeout.
    #[error("{url}: no complete answer within {timeout_ms} ms")]
    Timeout {
        /// The URL asked.
        url: String,
        /// The request timeout in milliseconds.
        timeout_ms: u64,
    },
    /// The connection closed before `Content-Length` bytes arrived.
    #[error("{url}: body truncated: {received} of {expected} bytes received")]
    Truncated {
        /// The URL asked.
        url: String,
        /// The bytes received.
        received: u64,
        /// The bytes announced by `Content-Length`.
        expected: u64,
    },
    /// The body is larger than `max_resource_bytes`.
    #[error("{url}: larger than the limit of {limit} bytes (at least {size} bytes)")]
    TooLarge {
        /// The URL asked.
        url: String,
        /// The size seen so far, in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// An API answer that is not JSON.
    #[error("{url}: malformed JSON at line {line}, column {column}: {detail}")]
    Json {
        /// The URL asked.
        url: String,
        /// The line of the error (1-based).
        line: usize,
        /// The column of the error (1-based).
        column: usize,
        /// What the JSON parser said.
        detail: String,
    },
    /// JSON, but not shaped like a CKAN answer.
    #[error("{url}: unexpected answer: {detail}")]
    Unexpected {
        /// The URL asked.
        url: String,
        /// What was unexpected.
        detail: String,
    },
    /// CKAN's `{"success": false, "error": {...}}`.
    #[error("{url}: the CKAN portal refused the request (HTTP {status}): {message}")]
    Ckan {
        /// The URL asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// CKAN's error message.
        message: String,
    },
    /// A DCAT catalogue that does not parse.
    #[error("{url}: RDF syntax error at line {line}, column {column}: {detail}")]
    Rdf {
        /// The catalogue's URL.
        url: String,
        /// The line of the error (1-based).
        line: u64,
        /// The column of the error (1-based).
        column: u64,
        /// What the RDF parser said.
        detail: String,
    },
    /// A portal address that is not an http(s) URL.
    #[error("{url}: not a usable portal or resource URL: {detail}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// Why it cannot be used.
        detail: String,
    },
    /// The HTTP client could not be built (TLS backend…).
    #[error("cannot set up the HTTP client: {detail}")]
    Client {
        /// What failed.
        detail: String,
    },
}

impl HarvestError {
    /// True when the failure is the network's or the server's (exit code "network"): timeouts,
    /// connection failures, 5xx and 429 after the retries, truncated bodies. False when the
    /// portal's answer (or the address given) was bad input: malformed JSON or RDF, 4xx, CKAN
    /// errors, resources over the size cap.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            HarvestError::Unavailable { .. }
                | HarvestError::Network { .. }
                | HarvestError::Timeout { .. }
                | HarvestError::Truncated { .. }
        )
    }

    /// The URL the error is about, if any.
    pub fn url(&self) -> Option<&str> {
        match self {
            HarvestError::Status { url, .. }
            | HarvestError::Unavailable { url, .. }
            | HarvestError::Network { url, .. }
            | HarvestError::Timeout { url, .. }
            | HarvestError::Truncated { url, .. }
            | HarvestError::TooLarge { url, .. }
            | HarvestError::Json { url, .. }
            | HarvestError::Unexpected { url, .. }
            | HarvestError::Ckan { url, .. }
            | HarvestError::Rdf { url, .. }
            | HarvestError::InvalidUrl { url, .. } => Some(url),
            HarvestError::Client { .. } => None,
        }
    }

    /// The Fluent message id of this error (`harvest-error-<kebab-variant>`).
    pub fn fluent_id(&self) -> &'static str {
        match self {
            HarvestError::Status { .. } => "harvest-error-status",
            HarvestError::Unavailable { .. } => "harvest-error-unavailable",
            HarvestError::Network { .. } => "harvest-error-network",
            HarvestError::Timeout { .. } => "harvest-error-timeout",
            HarvestError::Truncated { .. } => "harvest-error-truncated",
            HarvestError::TooLarge { .. } => "harvest-error-too-large",
            HarvestError::Json { .. } => "harvest-error-json",
            HarvestError::Unexpected { .. } => "harvest-error-unexpected",
            HarvestError::Ckan { .. } => "harvest-error-ckan",
            HarvestError::Rdf { .. } => "harvest-error-rdf",
            HarvestError::InvalidUrl { .. } => "harvest-error-invalid-url",
            HarvestError::Client { .. } => "harvest-error-client",
        }
    }

    /// The Fluent arguments of the message: the variant's fields, by name.
    pub fn fluent_args(&self) -> Vec<(&'static str, Arg)> {
        #[allow(non_snake_case)]
        let N = |n: u64| Arg::Num(n as f64);
        #[allow(non_snake_case)]
        let T = Arg::Str;
        let url = |u: &str| ("url", Arg::Str(u.to_string()));
        match self {
            HarvestError::Status { url: u, status } => vec![url(u), ("status", N(*status as u64))],
            HarvestError::Unavailable {
                url: u,
                status,
                attempts,
            } => vec![
                url(u),
                ("status", N(*status as u64)),
                ("attempts", N(*attempts as u64)),
            ],
            HarvestError::Network { url: u, detail } => {
                vec![url(u), ("detail", T(detail.clone()))]
            }
            HarvestError::Timeout { url: u, timeout_ms } => {
                vec![url(u), ("timeout_ms", N(*timeout_ms))]
            }
            HarvestError::Truncated {
                url: u,
                received,
                expected,
            } => vec![
                url(u),
                ("received", N(*received)),
                ("expected", N(*expected)),
            ],
            HarvestError::TooLarge {
                url: u,
                size,
                limit,
            } => {
                vec![url(u), ("size", N(*size)), ("limit", N(*limit))]
            }
            HarvestError::Json {
                url: u,
                line,
                column,
                detail,
            } => vec![
                url(u),
                ("line", N(*line as u64)),
                ("column", N(*column as u64)),
                ("detail", T(detail.clone())),
            ],
            HarvestError::Unexpected { url: u, detail }
            | HarvestError::InvalidUrl { url: u, detail } => {
                vec![url(u), ("detail", T(detail.clone()))]
            }
            HarvestError::Ckan {
                url: u,
                status,
                message,
            } => vec![
                url(u),
                ("status", N(*status as u64)),
                ("message", T(message.clone())),
            ],
            HarvestError::Rdf {
                url: u,
                line,
                column,
                detail,
            } => vec![
                url(u),
                ("line", N(*line)),
                ("column", N(*column)),
                ("detail", T(detail.clone())),
            ],
            HarvestError::Client { detail } => vec![("detail", T(detail.clone()))],
        }
    }
}

impl Localize for HarvestError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        (self.fluent_id().to_string(), self.fluent_args())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    fn every_variant() -> Vec<HarvestError> {
        let url = || "http://127.0.0.1/x".to_string();
        vec![
            HarvestError::Status {
                url: url(),
                status: 404,
            },
            HarvestError::Unavailable {
                url: url(),
                status: 503,
                attempts: 5,
            },
            HarvestError::Network {
                url: url(),
                detail: "connection refused".into(),
            },
            HarvestError::Timeout {
                url: url(),
                timeout_ms: 300,
            },
            HarvestError::Truncated {
                url: url(),
                received: 10,
                expected: 20,
            },
            HarvestError::TooLarge {
                url: url(),
                size: 30,
                limit: 20,
            },
            HarvestError::Json {
                url: url(),
                line: 1,
                column: 2,
                detail: "eof".into(),
            },
            HarvestError::Unexpected {
                url: url(),
                detail: "no result".into(),
            },
            HarvestError::Ckan {
                url: url(),
                status: 409,
                message: "bad".into(),
            },
            HarvestError::Rdf {
                url: url(),
                line: 3,
                column: 4,
                detail: "oops".into(),
            },
            HarvestError::InvalidUrl {
                url: url(),
                detail: "scheme".into(),
            },
            HarvestError::Client {
                detail: "tls".into(),
            },
        ]
    }

    #[test]
    fn every_variant_has_a_complete_message_in_both_languages() {
        for (lang, ftl) in [
            ("it", include_str!("../../../../locales/it/harvest.ftl")),
            ("en", include_str!("../../../../locales/en/harvest.ftl")),
        ] {
            let i18n = I18n::new(lang);
            for e in every_variant() {
                assert!(i18n.has(e.fluent_id()), "{lang}: no {}", e.fluent_id());
                let text = i18n.localize(&e);
                assert!(!text.contains('{'), "{lang}: {text}");
                if let Some(url) = e.url() {
                    assert!(text.contains(url), "{lang}: {text}");
                }
                // Every field reaches the message.
                for (name, _) in e.fluent_args() {
                    assert!(
                        ftl.lines().any(
                            |l| l.starts_with(e.fluent_id()) && l.contains(&format!("${name}"))
                        ),
                        "{lang} {} does not use ${name}",
                        e.fluent_id()
                    );
                }
            }
        }
    }

    #[test]
    fn network_or_bad_input() {
        let network: Vec<bool> = every_variant()
            .iter()
            .map(HarvestError::is_network)
            .collect();
        assert_eq!(
            network,
            [
                false, true, true, true, true, false, false, false, false, false, false, false
            ]
        );
    }
}
