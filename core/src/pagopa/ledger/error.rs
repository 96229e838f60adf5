//! Why a ledger operation did not do what was asked. Each error names the notice or the
//! attempt it is about.

use url::Url;

use crate::pagopa::RptId;
use crate::pagopa::platform::PlatformError;
use crate::store::StoreError;

use super::states::{AttemptState, NoticeOutcome};
use super::view::AttemptId;

/// Why a ledger operation did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// An attempt pays 1 to 5 notices.
    #[error("a payment needs 1 to 5 notices, {count} given")]
    NoticeCount {
        /// The number of notices given.
        count: usize,
    },
    /// The same notice twice in one cart.
    #[error("notice {rpt_id} is in the cart twice")]
    DuplicateNotice {
        /// The notice.
        rpt_id: RptId,
    },
    /// The platform said the notice is paid (its evidence is in the receipts): never offered
    /// for payment again.
    #[error("notice {rpt_id} is already paid (platform evidence recorded at {recorded_at})")]
    AlreadyPaid {
        /// The notice.
        rpt_id: RptId,
        /// When the platform's evidence of the payment was recorded.
        recorded_at: crate::time::Instant,
    },
    /// A payment of the notice is under way or may be: through our own attempt (whose checkout
    /// URL, while its session lasts, is where to continue) or elsewhere.
    #[error("a payment of notice {rpt_id} is under way or may be (attempt {attempt})")]
    InProgress {
        /// The notice.
        rpt_id: RptId,
        /// The attempt the payment is or may be under way in.
        attempt: AttemptId,
        /// Our attempt's checkout URL, while its session lasts.
        checkout_url: Option<Box<Url>>,
        /// When that checkout session ends.
        session_until: Option<crate::time::Instant>,
    },
    /// The platform says the notice cannot be paid (expired, revoked, unknown, wrong data).
    #[error("notice {rpt_id} cannot be paid: {outcome:?} (attempt {attempt})")]
    NotPayable {
        /// The notice.
        rpt_id: RptId,
        /// The platform's verdict.
        outcome: NoticeOutcome,
        /// The attempt that asked.
        attempt: AttemptId,
    },
    /// The platform gave no usable answer: nothing was paid through this attempt, which stays
    /// open until it is reconciled.
    #[error("no answer from the platform about notice {rpt_id} (attempt {attempt}): {error}")]
    NoAnswer {
        /// The notice.
        rpt_id: RptId,
        /// The attempt, left open.
        attempt: AttemptId,
        /// What went wrong.
        error: PlatformError,
    },
    /// The platform refused the request (bad request, key refused, creditor unavailable…).
    #[error("the platform refused the request for notice {rpt_id} (attempt {attempt}): {error}")]
    Refused {
        /// The notice.
        rpt_id: RptId,
        /// The attempt.
        attempt: AttemptId,
        /// The platform's refusal.
        error: PlatformError,
    },
    /// No payment attempt has this id.
    #[error("there is no payment attempt {id}")]
    NoSuchAttempt {
        /// The id asked for.
        id: AttemptId,
    },
    /// The operation does not apply to an attempt in this state. `action` is a code:
    /// `checkout`.
    #[error("payment attempt {id} is {state}: it cannot go on to {action}")]
    WrongState {
        /// The attempt.
        id: AttemptId,
        /// Its state.
        state: AttemptState,
        /// What was asked of it.
        action: &'static str,
    },
    /// Another operation of this process is working on the notice (a second tap on "pay", a
    /// reconciliation under way): nothing was done; try again once it is over.
    #[error("another operation on notice {rpt_id} is under way in this app")]
    Busy {
        /// The notice.
        rpt_id: RptId,
    },
    /// Asked about a notice outside any attempt ([`Ledger::check`](super::Ledger::check)),
    /// the platform gave no usable answer (`error.is_indeterminate()`) or a refusal that says
    /// nothing about the notice: whether it is paid is not known. Nothing was recorded.
    #[error("no usable answer from the platform about notice {rpt_id}: {error}")]
    Unanswered {
        /// The notice.
        rpt_id: RptId,
        /// The platform's error.
        error: PlatformError,
    },
    /// Another process (or another ledger over its own connection to the same file) moved the
    /// attempt on meanwhile.
    #[error("payment attempt {id} was changed by another process meanwhile")]
    Concurrent {
        /// The attempt.
        id: AttemptId,
    },
    /// The store could not be opened or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A database statement failed: `context` says which.
    #[error("payment ledger database, {context}: {source}")]
    Db {
        /// Which statement failed.
        context: &'static str,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// A stored value the ledger cannot read back.
    #[error("the payment ledger holds an unreadable {what}: {value:?}")]
    Corrupt {
        /// What kind of value it is.
        what: &'static str,
        /// The value as stored.
        value: String,
    },
}

/// `map_err` helper: a database error with what the ledger was doing.
pub(crate) fn db(context: &'static str) -> impl FnOnce(rusqlite::Error) -> LedgerError {
    move |source| LedgerError::Db { context, source }
}
