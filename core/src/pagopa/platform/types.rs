//! The values the platform clients take and give, shared by the clients, the payment ledger
//! and the fronts.

use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::pagopa::{Amount, RptId};

/// Where a platform interface lives and how to authenticate to it.
///
/// The key is read from the OS keyring by the caller; it is never logged (see `Debug`).
#[derive(Clone)]
pub struct PlatformConfig {
    /// The interface's base URL, e.g. `https://api.platform.pagopa.it/checkout/ec/v1`.
    pub base_url: Url,
    /// The `Ocp-Apim-Subscription-Key` value, when the environment requires one.
    pub api_key: Option<String>,
    /// How long one request may take, connection included.
    pub timeout: Duration,
}

impl std::fmt::Debug for PlatformConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformConfig")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// What a successful verification says about a notice: it can be paid now, for this amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeInfo {
    pub rpt_id: RptId,
    pub amount: Amount,
    pub description: Option<String>,
    /// The last day to pay (in Rome), when the creditor gave one.
    pub due_date: Option<crate::time::CivilDate>,
    pub payee_name: Option<String>,
    pub payee_fiscal_code: Option<String>,
}

/// One notice in a Checkout cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartNotice {
    pub rpt_id: RptId,
    pub amount: Amount,
    pub description: String,
    pub company_name: String,
}

/// Where Checkout sends the payer back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnUrls {
    pub ok: Url,
    pub cancel: Url,
    pub error: Url,
}

/// A cart of 1–5 notices handed over to pagoPA Checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutCart {
    pub notices: Vec<CartNotice>,
    pub return_urls: ReturnUrls,
    /// Our own id for the cart (the ledger's attempt id), echoed by Checkout.
    pub id_cart: Option<String>,
    pub email: Option<String>,
}

/// Every way a platform call can end other than with what was asked.
///
/// The ledger depends on the split between the variants that are *evidence* about the notice
/// ([`AlreadyPaid`](Self::AlreadyPaid), [`InProgress`](Self::InProgress),
/// [`Expired`](Self::Expired), [`Revoked`](Self::Revoked), [`UnknownNotice`](Self::UnknownNotice))
/// and those that say nothing about it (timeouts, transport, 5xx): after the latter the state
/// of a payment is unknown, never paid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlatformError {
    /// The notice does not exist at the creditor (PAYMENT_UNKNOWN, 404).
    #[error("unknown notice ({code})")]
    UnknownNotice { code: String },
    /// The notice's data are wrong at the creditor (PAYMENT_DATA_ERROR).
    #[error("notice data error ({code})")]
    NoticeDataError { code: String },
    /// Past its validity (PAYMENT_EXPIRED).
    #[error("notice expired ({code})")]
    Expired { code: String },
    /// Cancelled by the creditor (PAYMENT_CANCELED).
    #[error("notice revoked ({code})")]
    Revoked { code: String },
    /// Paid already (PAYMENT_DUPLICATED): evidence from the platform that it is paid.
    #[error("notice already paid ({code})")]
    AlreadyPaid { code: String },
    /// A payment of this notice is under way (PAYMENT_ONGOING): wait, do not pay again.
    #[error("payment in progress ({code})")]
    InProgress { code: String },
    /// The creditor's systems are unavailable (503, PAYMENT_UNAVAILABLE and the like).
    #[error("creditor unavailable ({code})")]
    CreditorUnavailable { code: String },
    /// The platform refused the request as malformed (400, 422): a defect or bad input.
    #[error("bad request: {detail}")]
    BadRequest { detail: String },
    /// The subscription key is missing or refused (401, 403).
    #[error("unauthorized: the platform refused the key")]
    Unauthorized,
    /// The thing asked for is not there (404 outside notice verification).
    #[error("not found: {detail}")]
    NotFound { detail: String },
    /// A conflict on the creditor side (409 on debt positions: already exists, not in a state
    /// that allows it).
    #[error("conflict: {detail}")]
    Conflict { detail: String },
    /// No answer in time: the request may or may not have taken effect.
    #[error("timed out")]
    Timeout,
    /// The connection failed or broke: the request may or may not have taken effect.
    #[error("connection failed: {detail}")]
    Transport { detail: String },
    /// The platform failed (5xx other than above): the request may or may not have taken effect.
    #[error("platform error {status}: {detail}")]
    Server { status: u16, detail: String },
    /// The answer does not follow the interface.
    #[error("unexpected answer: {detail}")]
    Protocol { detail: String },
}

impl PlatformError {
    /// True when the outcome of the request is not known: it may have taken effect.
    pub fn is_indeterminate(&self) -> bool {
        matches!(
            self,
            PlatformError::Timeout
                | PlatformError::Transport { .. }
                | PlatformError::Server { .. }
                | PlatformError::Protocol { .. }
        )
    }
}
