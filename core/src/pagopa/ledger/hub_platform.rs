//! The device's ledger over the hub: [`HubPlatform`] implements [`Platform`] over the hub's
//! pagoPA gateway (`GET /api/v1/pay/notices/{rpt_id}`, `POST /api/v1/pay/carts`) with a bearer
//! token, so that the creditor's keys stay on the hub.
//!
//! The hub answers with the platform's outcome in a wire form — [`HubNotice`] for a notice that
//! can be paid, [`HubFailure`] for every [`PlatformError`] — that maps back one to one, and
//! with the route that verified the notice ([`HubVerifyAnswer::route`]): a notice verified
//! through its creditor's debt positions (GPD) does not show a payment under way, so
//! [`Platform::sees_payments_under_way`] answers from the route the hub last reported for it,
//! and `false` (the safe side) while it is not known.
//!
//! Anything else — the hub unreachable or timing out, a 5xx, an answer this version cannot
//! read — is an indeterminate error ([`PlatformError::is_indeterminate`]), never "not paid".

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::{Deserialize, Serialize};
use url::Url;

use super::own_comuni::VerifyRoute;
use super::platform::Platform;
use crate::i18n::Localize;
use crate::pagopa::platform::{
    CartNotice, CheckoutCart, NoticeInfo, PaidDetails, PlatformConfig, PlatformError, ReturnUrls,
};
use crate::pagopa::{Amount, RptId};
use crate::time::parse_civil_date;

/// The route code of a notice verified through its creditor's debt positions (GPD).
pub const ROUTE_OWN_DEBT_POSITIONS: &str = "own-debt-positions";
/// The route code of a notice verified through pagoPA's notice verification.
pub const ROUTE_PAYMENT_REQUESTS: &str = "payment-requests";
/// The most of a hub's answer read.
const ANSWER_LIMIT: usize = 1024 * 1024;
/// The most of a hub's error text carried into a [`PlatformError`].
const DETAIL_LIMIT: usize = 300;

/// The wire code of a route.
pub fn route_code(route: VerifyRoute) -> &'static str {
    match route {
        VerifyRoute::OwnDebtPositions => ROUTE_OWN_DEBT_POSITIONS,
        VerifyRoute::PaymentRequests => ROUTE_PAYMENT_REQUESTS,
    }
}

/// A notice that can be paid now ([`NoticeInfo`] on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubNotice {
    /// The notice (29 digits).
    pub rpt_id: String,
    /// The amount to pay now, in euro cents.
    pub amount_cents: u64,
    /// The payment's description (causale).
    pub description: Option<String>,
    /// The last day to pay (`YYYY-MM-DD`, in Rome).
    pub due_date: Option<String>,
    /// The creditor's name.
    pub payee_name: Option<String>,
    /// The creditor's fiscal code.
    pub payee_fiscal_code: Option<String>,
}

impl HubNotice {
    /// The wire form of `info`.
    pub fn from_info(info: &NoticeInfo) -> HubNotice {
        HubNotice {
            rpt_id: info.rpt_id.to_string(),
            amount_cents: info.amount.cents(),
            description: info.description.clone(),
            due_date: info.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
            payee_name: info.payee_name.clone(),
            payee_fiscal_code: info.payee_fiscal_code.clone(),
        }
    }

    /// Back to [`NoticeInfo`], for the notice `asked`: an answer about another notice, or with
    /// an amount or a day that cannot be, is a [`PlatformError::Protocol`] error.
    pub fn into_info(self, asked: &RptId) -> Result<NoticeInfo, PlatformError> {
        if self.rpt_id != asked.to_string() {
            return Err(protocol(format!(
                "the hub answered about notice {}, not {asked}",
                self.rpt_id
            )));
        }
        let amount = Amount::from_cents(self.amount_cents).map_err(|_| {
            protocol(format!(
                "the hub's amount ({} cents) cannot be paid",
                self.amount_cents
            ))
        })?;
        let due_date = self
            .due_date
            .as_deref()
            .map(parse_civil_date)
            .transpose()
            .map_err(protocol)?;
        Ok(NoticeInfo {
            rpt_id: *asked,
            amount,
            description: self.description,
            due_date,
            payee_name: self.payee_name,
            payee_fiscal_code: self.payee_fiscal_code,
        })
    }
}

/// A [`PlatformError`] on the wire: `kind` is its Fluent id without `pagopa-platform-`
/// (`timeout`, `already-paid`, …), with the fields its variant has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubFailure {
    /// Which outcome (`unknown-notice`, `expired`, `already-paid`, `timeout`, …).
    pub kind: String,
    /// True when the outcome of the request is not known ([`PlatformError::is_indeterminate`]).
    pub indeterminate: bool,
    /// The platform's fault code or status, for the variants that carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What the platform said, for the variants that carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The HTTP status of a platform failure (`server`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The receipt's data of a notice paid, when the creditor's side gave them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<PaidDetails>,
    /// The outcome in words (the core's message, in the hub's answer language); for people,
    /// never read back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl HubFailure {
    /// The wire form of `e` (no message: the hub adds one in the caller's language).
    pub fn from_error(e: &PlatformError) -> HubFailure {
        let (id, _) = e.message();
        let mut f = HubFailure {
            kind: id.trim_start_matches("pagopa-platform-").to_string(),
            indeterminate: e.is_indeterminate(),
            code: None,
            detail: None,
            status: None,
            receipt: None,
            message: None,
        };
        match e {
            PlatformError::UnknownNotice { code }
            | PlatformError::NoticeDataError { code }
            | PlatformError::Expired { code }
            | PlatformError::Revoked { code }
            | PlatformError::SettledPerCreditor { code }
            | PlatformError::InProgress { code }
            | PlatformError::CreditorUnavailable { code } => f.code = Some(code.clone()),
            PlatformError::AlreadyPaid { code, receipt } => {
                f.code = Some(code.clone());
                f.receipt = receipt.as_deref().cloned();
            }
            PlatformError::BadRequest { detail }
            | PlatformError::Unprocessable { detail }
            | PlatformError::NotFound { detail }
            | PlatformError::Conflict { detail }
            | PlatformError::Transport { detail }
            | PlatformError::Protocol { detail } => f.detail = Some(detail.clone()),
            PlatformError::Server { status, detail } => {
                f.status = Some(*status);
                f.detail = Some(detail.clone());
            }
            PlatformError::Unauthorized | PlatformError::Timeout => {}
        }
        f
    }

    /// Back to the [`PlatformError`] it was made from. A kind this version does not know, or
    /// one without the fields it needs, is a [`PlatformError::Protocol`] error (indeterminate).
    pub fn into_error(self) -> PlatformError {
        let kind = self.kind.clone();
        let code = self.code.clone();
        let detail = self.detail.clone();
        let missing = |what: &str| protocol(format!("the hub's \"{kind}\" outcome has no {what}"));
        let with_code = |make: fn(String) -> PlatformError| match code.clone() {
            Some(c) => make(c),
            None => missing("code"),
        };
        let with_detail = |make: fn(String) -> PlatformError| match detail.clone() {
            Some(d) => make(d),
            None => missing("detail"),
        };
        match self.kind.as_str() {
            "unknown-notice" => with_code(|code| PlatformError::UnknownNotice { code }),
            "notice-data-error" => with_code(|code| PlatformError::NoticeDataError { code }),
            "expired" => with_code(|code| PlatformError::Expired { code }),
            "revoked" => with_code(|code| PlatformError::Revoked { code }),
            "settled-per-creditor" => with_code(|code| PlatformError::SettledPerCreditor { code }),
            "in-progress" => with_code(|code| PlatformError::InProgress { code }),
            "creditor-unavailable" => with_code(|code| PlatformError::CreditorUnavailable { code }),
            "already-paid" => match self.code {
                Some(code) => PlatformError::AlreadyPaid {
                    code,
                    receipt: self.receipt.map(Box::new),
                },
                None => missing("code"),
            },
            "bad-request" => with_detail(|detail| PlatformError::BadRequest { detail }),
            "unprocessable" => with_detail(|detail| PlatformError::Unprocessable { detail }),
            "not-found" => with_detail(|detail| PlatformError::NotFound { detail }),
            "conflict" => with_detail(|detail| PlatformError::Conflict { detail }),
            "transport" => with_detail(|detail| PlatformError::Transport { detail }),
            "protocol" => with_detail(|detail| PlatformError::Protocol { detail }),
            "server" => match (self.status, self.detail) {
                (Some(status), Some(detail)) => PlatformError::Server { status, detail },
                _ => missing("status and detail"),
            },
            "unauthorized" => PlatformError::Unauthorized,
            "timeout" => PlatformError::Timeout,
            other => protocol(format!(
                "the hub gave an outcome this version does not know: \"{}\"",
                clip(other)
            )),
        }
    }
}

/// The hub's answer to `GET /api/v1/pay/notices/{rpt_id}`: the notice (payable) or the
/// failure, and the route that verified it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubVerifyAnswer {
    /// The notice asked about (29 digits).
    pub rpt_id: String,
    /// [`ROUTE_OWN_DEBT_POSITIONS`] or [`ROUTE_PAYMENT_REQUESTS`].
    pub route: String,
    /// Whether the creditor is one of the aggregation's comuni (a notice of another creditor
    /// is verified through notice verification, and paid on pagoPA's Checkout page).
    pub aggregation: bool,
    /// The notice, when it can be paid now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<HubNotice>,
    /// Why not, or that the outcome is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<HubFailure>,
}

impl HubVerifyAnswer {
    /// The answer for `rpt_id`, verified through `route`, with the platform's `outcome`.
    pub fn new(
        rpt_id: &RptId,
        route: VerifyRoute,
        aggregation: bool,
        outcome: &Result<NoticeInfo, PlatformError>,
    ) -> HubVerifyAnswer {
        let (notice, failure) = match outcome {
            Ok(info) => (Some(HubNotice::from_info(info)), None),
            Err(e) => (None, Some(HubFailure::from_error(e))),
        };
        HubVerifyAnswer {
            rpt_id: rpt_id.to_string(),
            route: route_code(route).to_string(),
            aggregation,
            notice,
            failure,
        }
    }

    /// Whether the route that verified the notice shows a payment under way; a route this
    /// version does not know does not (the safe side).
    pub fn sees_payments_under_way(&self) -> bool {
        self.route == ROUTE_PAYMENT_REQUESTS
    }

    /// The outcome for the notice `asked`: exactly one of the notice and the failure, or a
    /// [`PlatformError::Protocol`] error.
    pub fn outcome(self, asked: &RptId) -> Result<NoticeInfo, PlatformError> {
        if self.rpt_id != asked.to_string() {
            return Err(protocol(format!(
                "the hub answered about notice {}, not {asked}",
                clip(&self.rpt_id)
            )));
        }
        match (self.notice, self.failure) {
            (Some(n), None) => n.into_info(asked),
            (None, Some(f)) => Err(f.into_error()),
            _ => Err(protocol(
                "the hub's verification gave both or neither of a notice and a failure",
            )),
        }
    }
}

/// One notice of a cart on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubCartNotice {
    /// The notice (29 digits).
    pub rpt_id: String,
    /// The amount to pay, in euro cents.
    pub amount_cents: u64,
    /// The payment's description (causale).
    pub description: String,
    /// The creditor's name.
    pub company_name: String,
}

/// Where Checkout sends the payer back, on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubReturnUrls {
    /// After a payment.
    pub ok: Url,
    /// After the payer cancelled.
    pub cancel: Url,
    /// After an error.
    pub error: Url,
}

/// The body of `POST /api/v1/pay/carts`: a [`CheckoutCart`] on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubCart {
    /// The notices (1 to 5).
    pub notices: Vec<HubCartNotice>,
    /// Where Checkout sends the payer back.
    pub return_urls: HubReturnUrls,
    /// The payer's own id for the cart (the ledger's attempt id), echoed by Checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_cart: Option<String>,
    /// Where Checkout sends the receipt; passed on, never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl HubCart {
    /// The wire form of `cart`.
    pub fn from_cart(cart: &CheckoutCart) -> HubCart {
        HubCart {
            notices: cart
                .notices
                .iter()
                .map(|n| HubCartNotice {
                    rpt_id: n.rpt_id.to_string(),
                    amount_cents: n.amount.cents(),
                    description: n.description.clone(),
                    company_name: n.company_name.clone(),
                })
                .collect(),
            return_urls: HubReturnUrls {
                ok: cart.return_urls.ok.clone(),
                cancel: cart.return_urls.cancel.clone(),
                error: cart.return_urls.error.clone(),
            },
            id_cart: cart.id_cart.clone(),
            email: cart.email.clone(),
        }
    }

    /// Back to a [`CheckoutCart`]; a notice or amount that cannot be is named
    /// (`notices[2].rpt_id: …`).
    pub fn into_cart(self) -> Result<CheckoutCart, String> {
        let mut notices = Vec::with_capacity(self.notices.len());
        for (i, n) in self.notices.into_iter().enumerate() {
            let rpt_id = RptId::parse(n.rpt_id.trim())
                .map_err(|e| format!("notices[{i}].rpt_id: \"{}\": {e}", clip(&n.rpt_id)))?;
            let amount = Amount::from_cents(n.amount_cents)
                .map_err(|e| format!("notices[{i}].amount_cents: {e}"))?;
            notices.push(CartNotice {
                rpt_id,
                amount,
                description: n.description,
                company_name: n.company_name,
            });
        }
        Ok(CheckoutCart {
            notices,
            return_urls: ReturnUrls {
                ok: self.return_urls.ok,
                cancel: self.return_urls.cancel,
                error: self.return_urls.error,
            },
            id_cart: self.id_cart,
            email: self.email,
        })
    }
}

/// The hub's answer to `POST /api/v1/pay/carts`: the Checkout URL, or the failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubCartAnswer {
    /// Where the payer pays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_url: Option<Url>,
    /// Why no cart was made, or that the outcome is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<HubFailure>,
}

impl HubCartAnswer {
    /// The answer for the platform's `outcome`.
    pub fn new(outcome: &Result<Url, PlatformError>) -> HubCartAnswer {
        match outcome {
            Ok(url) => HubCartAnswer {
                checkout_url: Some(url.clone()),
                failure: None,
            },
            Err(e) => HubCartAnswer {
                checkout_url: None,
                failure: Some(HubFailure::from_error(e)),
            },
        }
    }

    /// The outcome: exactly one of the URL and the failure, or a [`PlatformError::Protocol`]
    /// error.
    pub fn outcome(self) -> Result<Url, PlatformError> {
        match (self.checkout_url, self.failure) {
            (Some(url), None) => Ok(url),
            (None, Some(f)) => Err(f.into_error()),
            _ => Err(protocol(
                "the hub's cart answer gave both or neither of a URL and a failure",
            )),
        }
    }
}

/// The platform over the hub's gateway (see the module's documentation).
#[derive(Clone)]
pub struct HubPlatform {
    client: reqwest::Client,
    base: Url,
    token: HeaderValue,
    /// Per notice, whether the route the hub last reported shows payments under way.
    routes: Arc<Mutex<HashMap<RptId, bool>>>,
}

impl std::fmt::Debug for HubPlatform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubPlatform")
            .field("base", &self.base.as_str())
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// How many notices' routes are remembered (a device pays a handful).
const ROUTES_KEPT: usize = 10_000;

impl HubPlatform {
    /// The platform over the hub at `config.base_url` (e.g. `https://hub.example.it`), with
    /// `config.api_key` as the bearer token. Give `config.timeout` more than the hub's own
    /// timeout towards pagoPA, so that the hub's answer arrives.
    pub fn new(config: PlatformConfig) -> Result<HubPlatform, PlatformError> {
        if !matches!(config.base_url.scheme(), "http" | "https")
            || config.base_url.cannot_be_a_base()
        {
            return Err(PlatformError::BadRequest {
                detail: format!(
                    "the hub's URL must be http or https, not “{}”",
                    config.base_url
                ),
            });
        }
        if config.timeout.is_zero() {
            return Err(PlatformError::BadRequest {
                detail: "the hub timeout must be more than zero".into(),
            });
        }
        let token = config.api_key.as_deref().unwrap_or_default();
        let mut token = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            PlatformError::BadRequest {
                detail: "the hub token has characters that cannot be sent in an HTTP header".into(),
            }
        })?;
        token.set_sensitive(true);
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "Campanile/",
                env!("CARGO_PKG_VERSION"),
                " (hub client)"
            ))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| PlatformError::Transport {
                detail: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(HubPlatform {
            client,
            base: config.base_url,
            token,
            routes: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            path.extend(segments);
        }
        url
    }

    fn remember(&self, rpt_id: &RptId, sees: bool) {
        let mut routes = self.routes.lock().unwrap_or_else(PoisonError::into_inner);
        if routes.len() >= ROUTES_KEPT && !routes.contains_key(rpt_id) {
            routes.clear();
        }
        routes.insert(*rpt_id, sees);
    }

    /// Sends `request` and reads the answer: the body of a 200 or 201, or the error the hub's
    /// status stands for.
    async fn exchange(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, PlatformError> {
        let mut response = request
            .header(AUTHORIZATION, self.token.clone())
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| transport(&e))?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e))? {
            if body.len() + chunk.len() > ANSWER_LIMIT {
                return Err(protocol(format!(
                    "HTTP {}: the hub's answer is larger than {ANSWER_LIMIT} bytes",
                    status.as_u16()
                )));
            }
            body.extend_from_slice(&chunk);
        }
        if status == StatusCode::OK || status == StatusCode::CREATED {
            return Ok(body);
        }
        Err(hub_error(status, &body))
    }
}

/// The error a hub's error answer stands for: its token refused → `Unauthorized`; the request
/// refused (400, 413, 415, 422) → `BadRequest`; a 5xx or 429 → `Server`; anything else →
/// `Protocol` (the last two indeterminate).
fn hub_error(status: StatusCode, body: &[u8]) -> PlatformError {
    #[derive(Deserialize)]
    struct Body {
        error: Detail,
    }
    #[derive(Deserialize)]
    struct Detail {
        code: String,
        message: String,
    }
    let said = serde_json::from_slice::<Body>(body)
        .map(|b| clip(&format!("{}: {}", b.error.code, b.error.message)))
        .unwrap_or_else(|_| "no error body".to_string());
    let s = status.as_u16();
    match s {
        401 | 403 => PlatformError::Unauthorized,
        400 | 413 | 415 | 422 => PlatformError::BadRequest {
            detail: format!("the hub refused the request (HTTP {s}): {said}"),
        },
        429 | 500..=599 => PlatformError::Server {
            status: s,
            detail: format!("the hub failed: {said}"),
        },
        _ => protocol(format!("HTTP {s} from the hub: {said}")),
    }
}

fn transport(e: &reqwest::Error) -> PlatformError {
    if e.is_timeout() {
        return PlatformError::Timeout;
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let t = s.to_string();
        if !text.contains(&t) {
            text.push_str(": ");
            text.push_str(&t);
        }
        source = s.source();
    }
    PlatformError::Transport {
        detail: clip(&format!("the hub: {text}")),
    }
}

fn protocol(detail: impl Into<String>) -> PlatformError {
    PlatformError::Protocol {
        detail: detail.into(),
    }
}

fn clip(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(DETAIL_LIMIT)
        .collect();
    cleaned.trim().to_string()
}

fn parse_answer<T: for<'de> Deserialize<'de>>(body: &[u8], what: &str) -> Result<T, PlatformError> {
    serde_json::from_slice(body).map_err(|e| {
        protocol(format!(
            "the hub's {what} answer cannot be read: {}",
            clip(&e.to_string())
        ))
    })
}

/// A new Idempotency-Key for one cart request.
fn idempotency_key() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "cart-{nanos}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Platform for HubPlatform {
    fn verify(
        &self,
        rpt_id: &RptId,
    ) -> impl Future<Output = Result<NoticeInfo, PlatformError>> + Send {
        let rpt_id = *rpt_id;
        async move {
            let id = rpt_id.to_string();
            let url = self.url(&["api", "v1", "pay", "notices", &id]);
            let body = self.exchange(self.client.get(url)).await?;
            let answer: HubVerifyAnswer = parse_answer(&body, "verification")?;
            if answer.rpt_id == id {
                self.remember(&rpt_id, answer.sees_payments_under_way());
            }
            answer.outcome(&rpt_id)
        }
    }

    fn start_cart(
        &self,
        cart: &CheckoutCart,
    ) -> impl Future<Output = Result<Url, PlatformError>> + Send {
        let body = serde_json::to_vec(&HubCart::from_cart(cart));
        async move {
            let body = body.map_err(|e| protocol(format!("the cart cannot be written: {e}")))?;
            let request = self
                .client
                .post(self.url(&["api", "v1", "pay", "carts"]))
                .header("idempotency-key", idempotency_key())
                .header(CONTENT_TYPE, "application/json")
                .body(body);
            let body = self.exchange(request).await?;
            parse_answer::<HubCartAnswer>(&body, "cart")?.outcome()
        }
    }

    /// From the route the hub last reported for `rpt_id`; `false` while none is known.
    fn sees_payments_under_way(&self, rpt_id: &RptId) -> bool {
        self.routes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(rpt_id)
            .copied()
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant (the platform's own list), and a payment with GPD's receipt.
    fn every_variant() -> Vec<PlatformError> {
        let mut all = crate::pagopa::platform::messages::tests::every_variant();
        all.push(PlatformError::AlreadyPaid {
            code: "PO_PAID".into(),
            receipt: Some(Box::new(PaidDetails {
                paid_at: crate::time::Instant::parse_rfc3339("2030-01-01T10:00:00Z"),
                psp: Some("PSP".into()),
                receipt_id: Some("r-1".into()),
                amount_cents: Some(12_000),
                payment_method: Some("CP".into()),
            })),
        });
        all
    }

    #[test]
    fn every_outcome_goes_over_the_wire_and_back_unchanged() {
        for e in every_variant() {
            let wire = HubFailure::from_error(&e);
            assert_eq!(wire.indeterminate, e.is_indeterminate(), "{e:?}");
            let json = serde_json::to_string(&wire).unwrap();
            let back: HubFailure = serde_json::from_str(&json).unwrap();
            assert_eq!(back.into_error(), e, "{json}");
        }
    }

    #[test]
    fn what_cannot_be_read_is_indeterminate() {
        let unknown = HubFailure {
            kind: "paid-somehow".into(),
            indeterminate: false,
            code: None,
            detail: None,
            status: None,
            receipt: None,
            message: None,
        };
        assert!(unknown.into_error().is_indeterminate());
        let no_code = HubFailure {
            kind: "already-paid".into(),
            ..HubFailure::from_error(&PlatformError::Timeout)
        };
        assert!(no_code.into_error().is_indeterminate());
        for (status, indeterminate) in [
            (401, false),
            (422, false),
            (502, true),
            (429, true),
            (404, true),
        ] {
            let e = hub_error(StatusCode::from_u16(status).unwrap(), b"{}");
            assert_eq!(e.is_indeterminate(), indeterminate, "{status}: {e:?}");
        }
    }

    #[test]
    fn notices_and_carts_go_over_the_wire_and_back() {
        let rpt = RptId::parse("00085240950300715700000000032").unwrap();
        let info = NoticeInfo {
            rpt_id: rpt,
            amount: Amount::from_cents(12_000).unwrap(),
            description: Some("TARI".into()),
            due_date: parse_civil_date("2027-07-31").ok(),
            payee_name: Some("Comune di Fermo".into()),
            payee_fiscal_code: Some("00085240950".into()),
        };
        let answer =
            HubVerifyAnswer::new(&rpt, VerifyRoute::OwnDebtPositions, true, &Ok(info.clone()));
        assert!(!answer.sees_payments_under_way());
        let json = serde_json::to_string(&answer).unwrap();
        let back: HubVerifyAnswer = serde_json::from_str(&json).unwrap();
        assert_eq!(back.outcome(&rpt).unwrap(), info);
        let other = RptId::parse("00085240950300715700000000133").unwrap();
        assert!(
            answer
                .clone()
                .outcome(&other)
                .unwrap_err()
                .is_indeterminate()
        );

        let cart = CheckoutCart {
            notices: vec![CartNotice {
                rpt_id: rpt,
                amount: info.amount,
                description: "TARI".into(),
                company_name: "Comune di Fermo".into(),
            }],
            return_urls: ReturnUrls {
                ok: Url::parse("https://example.it/ok").unwrap(),
                cancel: Url::parse("https://example.it/cancel").unwrap(),
                error: Url::parse("https://example.it/error").unwrap(),
            },
            id_cart: Some("7".into()),
            email: None,
        };
        let json = serde_json::to_string(&HubCart::from_cart(&cart)).unwrap();
        let back: HubCart = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_cart().unwrap(), cart);
        let url = Url::parse("https://checkout.example/c/1").unwrap();
        assert_eq!(HubCartAnswer::new(&Ok(url.clone())).outcome().unwrap(), url);
        let none = HubCartAnswer {
            checkout_url: None,
            failure: None,
        };
        assert!(none.outcome().unwrap_err().is_indeterminate());
    }

    #[test]
    fn an_unknown_route_does_not_see_payments_under_way() {
        let p = HubPlatform::new(PlatformConfig {
            base_url: Url::parse("http://127.0.0.1:9").unwrap(),
            api_key: Some("token".into()),
            timeout: std::time::Duration::from_secs(1),
        })
        .unwrap();
        let rpt = RptId::parse("00085240950300715700000000032").unwrap();
        assert!(!p.sees_payments_under_way(&rpt));
        p.remember(&rpt, true);
        assert!(p.sees_payments_under_way(&rpt));
        assert!(!format!("{p:?}").contains("token\""));
    }
}
