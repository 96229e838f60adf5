//! The HTTP side the three platform clients share: one `reqwest` client that never follows
//! redirects, the subscription key in the header the interface names (marked sensitive, never
//! logged, scrubbed from every error text), URLs built segment by segment under the configured
//! base, bounded answers, and the mapping of HTTP statuses and pagoPA fault codes to
//! [`PlatformError`].

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use super::types::{PlatformConfig, PlatformError};

/// The most of an answer read: a debt position with many options and transfers stays far
/// below it.
const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// The most of a platform's error text carried into a [`PlatformError`].
const DETAIL_LIMIT: usize = 300;

/// One platform interface: where it is, how to authenticate, what to send with every request.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    base: Url,
    key_header: HeaderName,
    key: Option<HeaderValue>,
    /// The key as text, to scrub it from whatever the server echoes back.
    key_text: Option<String>,
    extra: Vec<(HeaderName, HeaderValue)>,
    timeout: Duration,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("base", &self.base.as_str())
            .field("key_header", &self.key_header.as_str())
            .field("key", &self.key.as_ref().map(|_| "[redacted]"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// An answer read in full.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The URL asked, to resolve a relative `Location`.
    pub url: Url,
}

impl Reply {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }
}

impl Http {
    /// Checks `cfg` and builds the client; `key_header` is the header the interface's security
    /// scheme names.
    pub fn new(cfg: &PlatformConfig, key_header: &'static str) -> Result<Http, PlatformError> {
        if !matches!(cfg.base_url.scheme(), "http" | "https") || cfg.base_url.cannot_be_a_base() {
            return Err(PlatformError::BadRequest {
                detail: format!(
                    "the platform base URL must be an http or https URL, not “{}”",
                    cfg.base_url
                ),
            });
        }
        if cfg.base_url.query().is_some() || cfg.base_url.fragment().is_some() {
            return Err(PlatformError::BadRequest {
                detail: format!(
                    "the platform base URL must have no query or fragment: “{}”",
                    cfg.base_url
                ),
            });
        }
        if cfg.timeout.is_zero() {
            return Err(PlatformError::BadRequest {
                detail: "the platform timeout must be more than zero".into(),
            });
        }
        let key_text = cfg.api_key.clone().filter(|k| !k.is_empty());
        let key = match &key_text {
            Some(k) => {
                let mut v = HeaderValue::from_str(k).map_err(|_| PlatformError::BadRequest {
                    detail: "the subscription key has characters that cannot be sent in an HTTP \
                             header"
                        .into(),
                })?;
                v.set_sensitive(true);
                Some(v)
            }
            None => None,
        };
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "Campanile/",
                env!("CARGO_PKG_VERSION"),
                " (pagoPA client)"
            ))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.timeout)
            .timeout(cfg.timeout)
            .build()
            .map_err(|e| PlatformError::Transport {
                detail: format!("cannot build the HTTP client: {}", error_chain(&e)),
            })?;
        Ok(Http {
            client,
            base: cfg.base_url.clone(),
            key_header: HeaderName::from_static(key_header),
            key,
            key_text,
            extra: Vec::new(),
            timeout: cfg.timeout,
        })
    }

    /// Adds a header sent with every request.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), PlatformError> {
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| PlatformError::BadRequest {
                detail: format!("“{name}” is not an HTTP header name"),
            })?;
        if name == self.key_header {
            return Err(PlatformError::BadRequest {
                detail: format!("“{name}” carries the subscription key: set it in the config"),
            });
        }
        let value = HeaderValue::from_str(value).map_err(|_| PlatformError::BadRequest {
            detail: format!("the value of header “{name}” cannot be sent"),
        })?;
        self.extra.push((name, value));
        Ok(())
    }

    /// The base URL followed by `segments` (each percent-encoded as one path segment) and
    /// `query`.
    pub fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            path.extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// Sends one request and reads the whole answer; only the failure to get an answer is an
    /// error here (every status is returned).
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        json_body: Option<Vec<u8>>,
    ) -> Result<Reply, PlatformError> {
        let started = Instant::now();
        let mut request = self
            .client
            .request(method.clone(), url.clone())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(key) = &self.key {
            request = request.header(self.key_header.clone(), key.clone());
        }
        for (name, value) in &self.extra {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(body) = json_body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                let err = self.transport_error(&e);
                tracing::debug!(%method, path = url.path(), error = %err, "pagoPA request failed");
                return Err(err);
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let mut response = response;
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > BODY_LIMIT {
                        return Err(PlatformError::Protocol {
                            detail: format!(
                                "HTTP {}: the answer is larger than {} bytes",
                                status.as_u16(),
                                BODY_LIMIT
                            ),
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    let err = self.transport_error(&e);
                    tracing::debug!(
                        %method,
                        path = url.path(),
                        status = status.as_u16(),
                        error = %err,
                        "pagoPA answer broken off"
                    );
                    return Err(err);
                }
            }
        }
        tracing::debug!(
            %method,
            path = url.path(),
            status = status.as_u16(),
            bytes = body.len(),
            ms = started.elapsed().as_millis() as u64,
            "pagoPA answer"
        );
        Ok(Reply {
            status,
            headers,
            body,
            url,
        })
    }

    fn transport_error(&self, e: &reqwest::Error) -> PlatformError {
        if e.is_timeout() {
            return PlatformError::Timeout;
        }
        PlatformError::Transport {
            detail: self.scrub(&error_chain(e)),
        }
    }

    /// `text` without the subscription key, control characters or excess length.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        if let Some(key) = &self.key_text {
            out = out.replace(key.as_str(), "[redacted]");
        }
        let mut cleaned: String = out
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if cleaned.chars().count() > DETAIL_LIMIT {
            cleaned = cleaned.chars().take(DETAIL_LIMIT).collect::<String>() + "…";
        }
        cleaned.trim().to_string()
    }

    /// What a platform problem answer says, scrubbed: `HTTP 404: title: detail`.
    pub fn problem_text(&self, reply: &Reply) -> String {
        let problem = Problem::parse(&reply.body);
        let mut parts = vec![format!("HTTP {}", reply.status.as_u16())];
        for text in [&problem.title, &problem.detail, &problem.message]
            .into_iter()
            .flatten()
        {
            if !parts.iter().any(|p| p.contains(text.as_str())) {
                parts.push(text.clone());
            }
        }
        if let Some(code) = problem.code.as_ref().or(problem.category.as_ref()) {
            parts.push(code.clone());
        }
        if parts.len() == 1 && !reply.body.is_empty() && problem.is_empty() {
            let text = String::from_utf8_lossy(&reply.body[..reply.body.len().min(200)]);
            if !text.trim().is_empty() {
                parts.push(text.trim().to_string());
            }
        }
        self.scrub(&parts.join(": "))
    }

    /// The mapping every interface shares for what is not a success: pagoPA faults (when the
    /// body carries a known `faultCodeCategory` or `faultCodeDetail` with the status the
    /// specification gives it), then the status alone.
    ///
    /// `conflict` builds the error for a 409 that carries no known fault, which means different
    /// things on each interface.
    pub fn error_for(
        &self,
        reply: &Reply,
        conflict: impl FnOnce(String) -> PlatformError,
    ) -> PlatformError {
        let status = reply.status.as_u16();
        let problem = Problem::parse(&reply.body);
        if let Some(fault) = problem.fault() {
            if fault.category.status() == status {
                return fault.error();
            }
            return PlatformError::Protocol {
                detail: self.scrub(&format!(
                    "HTTP {status} with fault {}/{}, which the specification gives with HTTP {}",
                    fault.category.as_str(),
                    fault.code,
                    fault.category.status()
                )),
            };
        }
        let detail = self.problem_text(reply);
        match status {
            400 => PlatformError::BadRequest { detail },
            422 => PlatformError::Unprocessable { detail },
            401 | 403 | 407 => PlatformError::Unauthorized,
            404 | 410 => PlatformError::NotFound { detail },
            409 => conflict(detail),
            504 => PlatformError::Timeout,
            300..=399 => PlatformError::Protocol {
                detail: format!("{detail}: unexpected redirect"),
            },
            400..=499 if status != 408 && status != 429 => PlatformError::BadRequest { detail },
            _ => PlatformError::Server { status, detail },
        }
    }
}

/// `e` and its sources, joined with `: `.
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// A problem answer (RFC 7807 `ProblemJson`, the pagoPA fault variants, or the gateway's
/// `{statusCode, message}`), read leniently: every field may be missing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub title: Option<String>,
    pub detail: Option<String>,
    pub message: Option<String>,
    pub category: Option<String>,
    pub code: Option<String>,
}

impl Problem {
    pub fn parse(body: &[u8]) -> Problem {
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return Problem::default();
        };
        let text = |k: &str| {
            map.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Problem {
            title: text("title"),
            detail: text("detail"),
            message: text("message"),
            category: text("faultCodeCategory"),
            code: text("faultCodeDetail"),
        }
    }

    fn is_empty(&self) -> bool {
        self == &Problem::default()
    }

    /// The pagoPA fault this answer carries: its category as given, or the one its
    /// `faultCodeDetail` belongs to.
    pub fn fault(&self) -> Option<Fault> {
        let category = match self.category.as_deref().and_then(FaultCategory::parse) {
            Some(c) => c,
            None => self.code.as_deref().and_then(FaultCategory::of_code)?,
        };
        let code = self
            .code
            .clone()
            .unwrap_or_else(|| category.as_str().to_string());
        Some(Fault { category, code })
    }
}

/// A pagoPA fault: its category and its code (`faultCodeDetail`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub category: FaultCategory,
    pub code: String,
}

impl Fault {
    pub fn error(self) -> PlatformError {
        let code = self.code;
        match self.category {
            FaultCategory::PaymentUnknown => PlatformError::UnknownNotice { code },
            FaultCategory::PaymentDataError => PlatformError::NoticeDataError { code },
            FaultCategory::PaymentOngoing => PlatformError::InProgress { code },
            FaultCategory::PaymentExpired => PlatformError::Expired { code },
            FaultCategory::PaymentCanceled => PlatformError::Revoked { code },
            // Only pagoPA's own duplicate means pagoPA holds a receipt; the creditor's
            // (PAA_PAGAMENTO_DUPLICATO) also covers the payment in full of a plan whose
            // instalments are partly paid, and any other detail is not known to be a payment.
            FaultCategory::PaymentDuplicated if code == "PPT_PAGAMENTO_DUPLICATO" => {
                PlatformError::AlreadyPaid {
                    code,
                    receipt: None,
                }
            }
            FaultCategory::PaymentDuplicated => PlatformError::SettledPerCreditor { code },
            FaultCategory::PaymentUnavailable | FaultCategory::DomainUnknown => {
                PlatformError::CreditorUnavailable { code }
            }
            FaultCategory::GenericError => PlatformError::Server {
                status: 502,
                detail: format!("GENERIC_ERROR: {code}"),
            },
        }
    }
}

/// The `faultCodeCategory` values of `payment-requests-v1.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultCategory {
    PaymentUnknown,
    PaymentDataError,
    PaymentOngoing,
    PaymentExpired,
    PaymentCanceled,
    PaymentDuplicated,
    PaymentUnavailable,
    GenericError,
    DomainUnknown,
}

impl FaultCategory {
    pub const ALL: [FaultCategory; 9] = [
        FaultCategory::PaymentUnknown,
        FaultCategory::PaymentDataError,
        FaultCategory::PaymentOngoing,
        FaultCategory::PaymentExpired,
        FaultCategory::PaymentCanceled,
        FaultCategory::PaymentDuplicated,
        FaultCategory::PaymentUnavailable,
        FaultCategory::GenericError,
        FaultCategory::DomainUnknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FaultCategory::PaymentUnknown => "PAYMENT_UNKNOWN",
            FaultCategory::PaymentDataError => "PAYMENT_DATA_ERROR",
            FaultCategory::PaymentOngoing => "PAYMENT_ONGOING",
            FaultCategory::PaymentExpired => "PAYMENT_EXPIRED",
            FaultCategory::PaymentCanceled => "PAYMENT_CANCELED",
            FaultCategory::PaymentDuplicated => "PAYMENT_DUPLICATED",
            FaultCategory::PaymentUnavailable => "PAYMENT_UNAVAILABLE",
            FaultCategory::GenericError => "GENERIC_ERROR",
            FaultCategory::DomainUnknown => "DOMAIN_UNKNOWN",
        }
    }

    pub fn parse(s: &str) -> Option<FaultCategory> {
        FaultCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The HTTP status the specification answers this category with.
    pub fn status(self) -> u16 {
        match self {
            FaultCategory::PaymentUnknown | FaultCategory::PaymentDataError => 404,
            FaultCategory::PaymentOngoing
            | FaultCategory::PaymentExpired
            | FaultCategory::PaymentCanceled
            | FaultCategory::PaymentDuplicated => 409,
            FaultCategory::PaymentUnavailable | FaultCategory::GenericError => 502,
            FaultCategory::DomainUnknown => 503,
        }
    }

    /// The category of a `faultCodeDetail` the specification lists.
    pub fn of_code(code: &str) -> Option<FaultCategory> {
        FAULT_CODES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, category)| *category)
    }
}

/// Every `faultCodeDetail` that `payment-requests-v1.yaml` enumerates, with its category.
/// (`GENERIC_ERROR` carries free text: it has no list.)
pub(crate) const FAULT_CODES: &[(&str, FaultCategory)] = &[
    // ValidationFaultPaymentUnknown (404)
    ("PAA_PAGAMENTO_SCONOSCIUTO", FaultCategory::PaymentUnknown),
    // ValidationFaultPaymentDataError (404)
    ("PPT_SINTASSI_EXTRAXSD", FaultCategory::PaymentDataError),
    ("PPT_SINTASSI_XSD", FaultCategory::PaymentDataError),
    ("PPT_DOMINIO_SCONOSCIUTO", FaultCategory::PaymentDataError),
    (
        "PPT_STAZIONE_INT_PA_SCONOSCIUTA",
        FaultCategory::PaymentDataError,
    ),
    // PaymentOngoingStatusFault (409)
    ("PPT_PAGAMENTO_IN_CORSO", FaultCategory::PaymentOngoing),
    ("PAA_PAGAMENTO_IN_CORSO", FaultCategory::PaymentOngoing),
    // PaymentExpiredStatusFault (409)
    ("PAA_PAGAMENTO_SCADUTO", FaultCategory::PaymentExpired),
    // PaymentCanceledStatusFault (409)
    ("PAA_PAGAMENTO_ANNULLATO", FaultCategory::PaymentCanceled),
    // PaymentDuplicatedStatusFault (409)
    ("PAA_PAGAMENTO_DUPLICATO", FaultCategory::PaymentDuplicated),
    ("PPT_PAGAMENTO_DUPLICATO", FaultCategory::PaymentDuplicated),
    // ValidationFaultPaymentUnavailable (502)
    ("PPT_PSP_SCONOSCIUTO", FaultCategory::PaymentUnavailable),
    ("PPT_PSP_DISABILITATO", FaultCategory::PaymentUnavailable),
    (
        "PPT_INTERMEDIARIO_PSP_SCONOSCIUTO",
        FaultCategory::PaymentUnavailable,
    ),
    (
        "PPT_INTERMEDIARIO_PSP_DISABILITATO",
        FaultCategory::PaymentUnavailable,
    ),
    ("PPT_CANALE_SCONOSCIUTO", FaultCategory::PaymentUnavailable),
    ("PPT_CANALE_DISABILITATO", FaultCategory::PaymentUnavailable),
    ("PPT_AUTENTICAZIONE", FaultCategory::PaymentUnavailable),
    ("PPT_AUTORIZZAZIONE", FaultCategory::PaymentUnavailable),
    (
        "PPT_DOMINIO_DISABILITATO",
        FaultCategory::PaymentUnavailable,
    ),
    (
        "PPT_INTERMEDIARIO_PA_DISABILITATO",
        FaultCategory::PaymentUnavailable,
    ),
    (
        "PPT_STAZIONE_INT_PA_DISABILITATA",
        FaultCategory::PaymentUnavailable,
    ),
    (
        "PPT_CODIFICA_PSP_SCONOSCIUTA",
        FaultCategory::PaymentUnavailable,
    ),
    ("PPT_SEMANTICA", FaultCategory::PaymentUnavailable),
    ("PPT_SYSTEM_ERROR", FaultCategory::PaymentUnavailable),
    ("PAA_SEMANTICA", FaultCategory::PaymentUnavailable),
    // PartyConfigurationFault (503)
    (
        "PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE",
        FaultCategory::DomainUnknown,
    ),
    ("PPT_STAZIONE_INT_PA_TIMEOUT", FaultCategory::DomainUnknown),
    (
        "PPT_STAZIONE_INT_PA_ERRORE_RESPONSE",
        FaultCategory::DomainUnknown,
    ),
    ("PPT_IBAN_NON_CENSITO", FaultCategory::DomainUnknown),
    ("PAA_SINTASSI_EXTRAXSD", FaultCategory::DomainUnknown),
    ("PAA_SINTASSI_XSD", FaultCategory::DomainUnknown),
    ("PAA_ID_DOMINIO_ERRATO", FaultCategory::DomainUnknown),
    ("PAA_ID_INTERMEDIARIO_ERRATO", FaultCategory::DomainUnknown),
    ("PAA_STAZIONE_INT_ERRATA", FaultCategory::DomainUnknown),
    (
        "PAA_ATTIVA_RPT_IMPORTO_NON_VALIDO",
        FaultCategory::DomainUnknown,
    ),
    ("PPT_ERRORE_EMESSO_DA_PAA", FaultCategory::DomainUnknown),
    ("PAA_SYSTEM_ERROR", FaultCategory::DomainUnknown),
];

/// Every `faultCodeDetail` the specification enumerates and its `faultCodeCategory`, for the
/// fronts' documentation and for tests.
pub fn fault_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    FAULT_CODES.iter().map(|(code, c)| (*code, c.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_its_category_and_status() {
        for (code, category) in FAULT_CODES {
            let p = Problem {
                code: Some((*code).to_string()),
                ..Problem::default()
            };
            let fault = p.fault().unwrap();
            assert_eq!(fault.category, *category, "{code}");
            assert_eq!(fault.code, *code);
        }
        let p = Problem {
            category: Some("PAYMENT_DUPLICATED".into()),
            code: Some("SOMETHING_NEW".into()),
            ..Problem::default()
        };
        // A detail this version does not know is not taken for a payment.
        assert_eq!(
            p.fault().unwrap().error(),
            PlatformError::SettledPerCreditor {
                code: "SOMETHING_NEW".into()
            }
        );
        // pagoPA's own duplicate is evidence of a payment; the creditor's is not.
        let duplicate = |code: &str| {
            Problem {
                category: Some("PAYMENT_DUPLICATED".into()),
                code: Some(code.into()),
                ..Problem::default()
            }
            .fault()
            .unwrap()
            .error()
        };
        assert_eq!(
            duplicate("PPT_PAGAMENTO_DUPLICATO"),
            PlatformError::AlreadyPaid {
                code: "PPT_PAGAMENTO_DUPLICATO".into(),
                receipt: None
            }
        );
        assert_eq!(
            duplicate("PAA_PAGAMENTO_DUPLICATO"),
            PlatformError::SettledPerCreditor {
                code: "PAA_PAGAMENTO_DUPLICATO".into()
            }
        );
        assert_eq!(Problem::parse(b"not json").fault(), None);
    }
}
