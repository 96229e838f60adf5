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
    /// The notice verified.
    pub rpt_id: RptId,
    /// The amount to pay now.
    pub amount: Amount,
    /// The payment's description (causale).
    pub description: Option<String>,
    /// The last day to pay (in Rome), when the creditor gave one.
    pub due_date: Option<crate::time::CivilDate>,
    /// The creditor's name.
    pub payee_name: Option<String>,
    /// The creditor's fiscal code.
    pub payee_fiscal_code: Option<String>,
}

/// A payment's receipt as the creditor's side gives it (a GPD payment option paid).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PaidDetails {
    /// When it was paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<crate::time::Instant>,
    /// The payment service provider that took the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psp: Option<String>,
    /// The receipt's id at the PSP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_id: Option<String>,
    /// The amount paid, in euro cents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_cents: Option<u64>,
    /// How it was paid (card, bank transfer, …), as the platform names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
}

/// One notice in a Checkout cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CartNotice {
    /// The notice.
    pub rpt_id: RptId,
    /// The amount to pay.
    pub amount: Amount,
    /// The payment's description (causale).
    pub description: String,
    /// The creditor's name.
    pub company_name: String,
}

/// Where Checkout sends the payer back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnUrls {
    /// Where Checkout sends the payer after a payment.
    pub ok: Url,
    /// Where it sends a payer who cancelled.
    pub cancel: Url,
    /// Where it sends the payer after an error.
    pub error: Url,
}

/// A cart of 1–5 notices handed over to pagoPA Checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutCart {
    /// The notices (1 to 5).
    pub notices: Vec<CartNotice>,
    /// Where Checkout sends the payer back.
    pub return_urls: ReturnUrls,
    /// Our own id for the cart (the ledger's attempt id), echoed by Checkout.
    pub id_cart: Option<String>,
    /// Where Checkout sends the receipt; passed on, never stored.
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
    UnknownNotice {
        /// The platform's fault code.
        code: String,
    },
    /// The notice's data are wrong at the creditor (PAYMENT_DATA_ERROR).
    #[error("notice data error ({code})")]
    NoticeDataError {
        /// The platform's fault code.
        code: String,
    },
    /// Past its validity (PAYMENT_EXPIRED).
    #[error("notice expired ({code})")]
    Expired {
        /// The platform's fault code.
        code: String,
    },
    /// Cancelled by the creditor (PAYMENT_CANCELED).
    #[error("notice revoked ({code})")]
    Revoked {
        /// The platform's fault code.
        code: String,
    },
    /// Paid already, on evidence that money reached the creditor: the platform's own duplicate
    /// (`PPT_PAGAMENTO_DUPLICATO`: pagoPA holds the receipt), or the creditor's receipt data
    /// (a GPD payment option paid: date, PSP, receipt id, amount).
    #[error("notice already paid ({code})")]
    AlreadyPaid {
        /// The fault code or GPD status that says so.
        code: String,
        /// The receipt's data, when the creditor's side gave them.
        receipt: Option<Box<PaidDetails>>,
    },
    /// The creditor says the notice is settled — paid, or part of an instalment plan some of
    /// whose instalments are paid (`PAA_PAGAMENTO_DUPLICATO`; GPD's payment in full of a
    /// `PARTIALLY_PAID` position, or an option of a position paid through another one). Not
    /// evidence that this notice was paid: no receipt; the payer asks the comune.
    #[error("the creditor says the notice is settled ({code})")]
    SettledPerCreditor {
        /// The fault code or GPD status that says so.
        code: String,
    },
    /// A payment of this notice is under way (PAYMENT_ONGOING): wait, do not pay again.
    #[error("payment in progress ({code})")]
    InProgress {
        /// The platform's fault code.
        code: String,
    },
    /// The creditor's systems are unavailable (503, PAYMENT_UNAVAILABLE and the like).
    #[error("creditor unavailable ({code})")]
    CreditorUnavailable {
        /// The platform's fault code.
        code: String,
    },
    /// The platform refused the request as malformed (400): a defect or bad input.
    #[error("bad request: {detail}")]
    BadRequest {
        /// What the platform said.
        detail: String,
    },
    /// The platform read the request and will not process it (422 Unprocessable Content): for a
    /// cart, Checkout took its form but refused its content (a notice or amount it cannot take
    /// now). No cart was made; sending the same again gets the same answer.
    #[error("refused as it is: {detail}")]
    Unprocessable {
        /// What the platform said.
        detail: String,
    },
    /// The subscription key is missing or refused (401, 403).
    #[error("unauthorized: the platform refused the key")]
    Unauthorized,
    /// The thing asked for is not there (404 outside notice verification).
    #[error("not found: {detail}")]
    NotFound {
        /// What the platform said.
        detail: String,
    },
    /// A conflict on the creditor side (409 on debt positions: already exists, not in a state
    /// that allows it).
    #[error("conflict: {detail}")]
    Conflict {
        /// What the platform said.
        detail: String,
    },
    /// No answer in time: the request may or may not have taken effect.
    #[error("timed out")]
    Timeout,
    /// The connection failed or broke: the request may or may not have taken effect.
    #[error("connection failed: {detail}")]
    Transport {
        /// What failed.
        detail: String,
    },
    /// The platform failed (5xx other than above): the request may or may not have taken effect.
    #[error("platform error {status}: {detail}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// What the platform said.
        detail: String,
    },
    /// The answer does not follow the interface.
    #[error("unexpected answer: {detail}")]
    Protocol {
        /// What was unexpected.
        detail: String,
    },
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
