//! What the ledger shows the fronts: attempts, their notices, receipts, the transitions log and
//! the status of one notice. Times are [`Instant`]s (RFC 3339 in JSON),
//! days [`CivilDate`]s.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::pagopa::platform::{NoticeInfo, PaidDetails, ReturnUrls};
use crate::pagopa::{Amount, RptId};
use crate::time::{CivilDate, Instant};

use super::states::{AttemptState, NoticeOutcome, PendingCall, Reason, ReturnHint};

/// A payment attempt's id (its row in the ledger; also the `idCart` sent to Checkout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AttemptId(pub i64);

impl fmt::Display for AttemptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One payment attempt: a cart of 1–5 notices on its way through the state machine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// The attempt's id.
    pub id: AttemptId,
    /// Where it is.
    pub state: AttemptState,
    /// Why it is in its state, when a reason was recorded.
    pub reason: Option<Reason>,
    /// Its notices (1 to 5), with what the platform said of each.
    pub notices: Vec<AttemptNotice>,
    /// The network call under way when the attempt was last written (an interrupted call
    /// when the app was closed meanwhile).
    pub pending_call: Option<PendingCall>,
    /// When the cart was requested from Checkout, if it was.
    pub cart_requested_at: Option<Instant>,
    /// Where the payer pays, once Checkout gave it.
    pub checkout_url: Option<Url>,
    /// When the cart was handed to Checkout.
    pub checkout_started_at: Option<Instant>,
    /// Until when a payment through `checkout_url` may still happen.
    pub session_until: Option<Instant>,
    /// Where Checkout sent the payer back, as the front reported it (never evidence of a payment).
    pub return_hint: Option<ReturnHint>,
    /// When the front reported the return.
    pub return_hint_at: Option<Instant>,
    /// The last platform error met, as text (for support; not shown to the payer as is).
    pub last_error: Option<String>,
    /// When the platform was last asked about the attempt's notices.
    pub last_checked_at: Option<Instant>,
    /// When the attempt was created.
    pub created_at: Instant,
    /// When it was last written.
    pub updated_at: Instant,
    /// When it reached a final state.
    pub closed_at: Option<Instant>,
}

impl Attempt {
    /// Whether the attempt is still open (draft, verified, checkout started or unknown).
    pub fn is_open(&self) -> bool {
        self.state.is_open()
    }

    /// Until when its Checkout page lives, once it was given: `cart_page` after it was
    /// ([`LedgerConfig::cart_page`](super::LedgerConfig::cart_page)).
    pub fn page_until(&self, cart_page: std::time::Duration) -> Option<Instant> {
        let page = i64::try_from(cart_page.as_millis()).unwrap_or(i64::MAX);
        self.checkout_started_at.map(|at| at.plus_ms(page))
    }

    /// Where the payer can continue paying it at `now`: its Checkout page, while it is open
    /// and the page lives; afterwards none (a payment may still be under way until
    /// `session_until`, but not from a new visit to that page).
    pub fn continue_url(&self, cart_page: std::time::Duration, now: Instant) -> Option<Url> {
        let live = self.page_until(cart_page).is_some_and(|u| now < u);
        self.checkout_url.clone().filter(|_| live && self.is_open())
    }

    /// The sum of the verified amounts, in cents (0 before verification).
    pub fn total_cents(&self) -> u64 {
        self.notices
            .iter()
            .filter_map(|n| n.amount.map(Amount::cents))
            .sum()
    }
}

/// One notice of an attempt, with what the platform said about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptNotice {
    /// The notice.
    pub rpt_id: RptId,
    /// The amount the platform gave on verification.
    pub amount: Option<Amount>,
    /// The payment's description (causale) the platform gave.
    pub description: Option<String>,
    /// The notice's due date, when the platform gave one.
    pub due_date: Option<CivilDate>,
    /// The creditor's name the platform gave.
    pub payee_name: Option<String>,
    /// The creditor's fiscal code the platform gave.
    pub payee_fiscal_code: Option<String>,
    /// The platform's last verdict on the notice.
    pub outcome: Option<NoticeOutcome>,
    /// When that verdict arrived.
    pub outcome_at: Option<Instant>,
    /// True only when the platform said it is paid (see the receipt for its words).
    pub paid: bool,
}

/// What the platform said that shows a notice paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The request that got the answer, e.g. `GET /payment-requests/{rpt_id}`.
    pub operation: String,
    /// The platform's fault code or GPD status (e.g. `PPT_PAGAMENTO_DUPLICATO`, `PO_PAID`).
    pub code: String,
    /// When the answer arrived.
    pub observed_at: Instant,
    /// The receipt's data, when the creditor's side gave them (GPD: date, PSP, receipt id,
    /// amount); none for pagoPA's own duplicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<PaidDetails>,
}

/// A paid notice, kept offline: what was paid, to whom, and the platform's evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentReceipt {
    /// The notice paid.
    pub rpt_id: RptId,
    /// The attempt that learnt it (the payment may have been made elsewhere).
    pub attempt: Option<AttemptId>,
    /// The amount paid, when known.
    pub amount: Option<Amount>,
    /// The payment's description (causale).
    pub description: Option<String>,
    /// The creditor's name.
    pub payee_name: Option<String>,
    /// What the platform said that shows it paid.
    pub evidence: Evidence,
    /// When the ledger recorded it.
    pub recorded_at: Instant,
}

/// What a line of an attempt's log records; serialised as its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransitionKind {
    /// A state change.
    State,
    /// A network call about to be made.
    Call,
    /// What a call got.
    Answer,
    /// A return URL reported by the front.
    Hint,
    /// A kind this build does not know (a newer version's): its code as stored.
    #[serde(untagged)]
    Other(String),
}

impl TransitionKind {
    /// The kind of a stored code.
    pub fn from_code(code: &str) -> TransitionKind {
        match code {
            "state" => TransitionKind::State,
            "call" => TransitionKind::Call,
            "answer" => TransitionKind::Answer,
            "hint" => TransitionKind::Hint,
            other => TransitionKind::Other(other.to_string()),
        }
    }
}

/// One line of an attempt's append-only log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// When it was written.
    pub at: Instant,
    /// What it records.
    pub kind: TransitionKind,
    /// A state change's state before.
    pub from_state: Option<AttemptState>,
    /// A state change's state after.
    pub to_state: Option<AttemptState>,
    /// The call made, the answer got, the hint reported.
    pub detail: Option<String>,
}

/// What the ledger knows about one notice: offline ([`Ledger::status`](super::Ledger::status):
/// `Paid`, `InProgress`, `NotPaid`, `Unseen`), or just asked ([`Ledger::check`](super::Ledger::check):
/// also `Payable` and `NotPayable`, the platform's answer about a notice no attempt holds).
/// Only `Paid` says paid. Serialised with a `status` tag: `paid`, `in-progress`, `not-paid`,
/// `unseen`, `payable`, `not-payable`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum NoticeStatus {
    /// The platform said it is paid.
    Paid {
        /// The receipt kept for it.
        receipt: PaymentReceipt,
    },
    /// An open attempt holds it: a payment is under way or may be.
    InProgress {
        /// The open attempt.
        attempt: Box<Attempt>,
    },
    /// Not paid as far as the platform said last time.
    NotPaid {
        /// The last attempt that held it.
        attempt: AttemptId,
        /// The platform's last verdict on it, if any.
        outcome: Option<NoticeOutcome>,
        /// When that verdict arrived.
        outcome_at: Option<Instant>,
    },
    /// Never seen by the ledger.
    Unseen,
    /// Just asked, outside any attempt: the platform says it can be paid now, for
    /// `info.amount` (to `info.payee_name`). Not paid.
    Payable {
        /// What the platform said of the notice (amount, creditor, due date, …).
        info: NoticeInfo,
        /// When the platform was asked.
        checked_at: Instant,
    },
    /// Just asked, outside any attempt: the platform says it cannot be paid now — `outcome`
    /// is `expired`, `revoked`, `unknown-notice`, `data-error`, or `in-progress` (a payment
    /// under way elsewhere, whose end is not known). Not known paid.
    NotPayable {
        /// The platform's verdict.
        outcome: NoticeOutcome,
        /// When the platform was asked.
        checked_at: Instant,
    },
}

/// What [`Ledger::start`](super::Ledger::start) and [`Ledger::checkout`](super::Ledger::checkout)
/// give: the attempt and the URL to open in the system browser.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Started {
    /// The attempt, now `checkout-started`.
    pub attempt: Attempt,
    /// Where the payer pays: open it in the system browser.
    pub checkout_url: Url,
}

/// A payment to start: the notices (1–5) and where Checkout sends the payer back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StartRequest {
    /// The notices to pay (1 to 5).
    pub notices: Vec<RptId>,
    /// Where Checkout sends the payer back (success, cancel, error).
    pub return_urls: ReturnUrls,
    /// Where Checkout sends the receipt; passed on, never stored.
    pub email: Option<String>,
}

/// What [`Ledger::reconcile`](super::Ledger::reconcile) did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReconcileReport {
    /// Open attempts looked at.
    pub checked: usize,
    /// Attempts closed, with their final state.
    pub closed: Vec<(AttemptId, AttemptState)>,
    /// Attempts still open (payment under way, session not over, or no answer).
    pub still_open: Vec<AttemptId>,
}
