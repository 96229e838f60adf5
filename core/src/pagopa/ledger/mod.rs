//! The payment ledger: every payment attempt, kept in SQLite, so that a payment is never shown
//! paid when it is not, never charged twice, and never forgotten after a crash or a lost
//! connection.
//!
//! An attempt pays a cart of 1–5 notices and moves through
//! `draft → verified → checkout-started → paid | failed | cancelled | expired`, with `unknown`
//! for an outcome not known yet (see [`AttemptState`]). Every network call is preceded by a
//! commit that says it is about to be made and followed by a commit of what it got; the
//! transitions log (append-only) keeps each state, call, answer and return.
//!
//! # The rules
//! - **Paid only on the platform's word.** An attempt or a notice is paid only when the
//!   platform answers PAYMENT_DUPLICATED for it; that answer is kept as evidence in the
//!   notice's receipt. A return to the "ok" URL is recorded as a hint and proves nothing;
//!   an error, a timeout, a broken connection or a 5xx never makes anything paid.
//! - **One open attempt per notice** (a partial unique index in SQLite). A notice that is paid,
//!   or held by an open attempt, is never offered for payment again: [`Ledger::start`] and
//!   [`Ledger::verify`] refuse it ([`LedgerError::AlreadyPaid`], [`LedgerError::InProgress`]
//!   with the checkout URL to continue at while its session lasts).
//! - **Indeterminate outcomes stay open.** With no usable answer the attempt stays (or
//!   becomes) `unknown` and is reconciled later.
//! - **Reconciliation** ([`Ledger::reconcile`], on start-up; also before a held notice is
//!   offered again, and after a return) verifies every notice of every open attempt again:
//!   PAYMENT_DUPLICATED closes it as paid; PAYMENT_ONGOING keeps it open; expired, revoked,
//!   unknown notice or wrong data close it as expired, cancelled, failed.
//! - **A notice payable again** after a checkout whose outcome is not known: the attempt is
//!   closed unpaid only when no payment can come from it any more —
//!   - its checkout URL reached the payer: only once the checkout session is over
//!     ([`LedgerConfig::checkout_session`], at least the platform's session lifetime) *and* a
//!     verification **sent after** that end says payable (an answer to a question asked
//!     during the session may predate a payment). Until then it stays open and the same URL
//!     is offered to continue, never a second cart;
//!   - its cart was requested but the URL never reached the payer (no answer, a kill before
//!     it was recorded): nobody can pay through that cart, so "payable" closes it as failed;
//!   - no cart was requested: "payable" closes it as cancelled (abandoned); a new attempt on
//!     the same notice also closes it so, without asking the platform, since no payment can
//!     come from an attempt that never asked for a cart.
//!
//!   It is never closed as paid that way, and a new attempt can only start after it closed.
//!
//! - **Asking is not paying.** [`Ledger::check`] (`pay status NOTICE`) answers from the receipt,
//!   or reconciles the open attempt holding the notice, or else asks the platform without
//!   opening an attempt: PAYMENT_DUPLICATED is kept as a receipt (evidence, like any other) and
//!   reads paid; any other answer reads payable or not payable, and no usable answer is an
//!   error ([`LedgerError::Unanswered`]), never paid or not paid.
//!
//! # Sharing
//! The ledger keeps its attempts in a shared [`Db`](crate::store::Db) (`Arc<Db>`, see
//! [`Ledger::with_db`]) and every operation takes `&self`, so one ledger (`Send + Sync`, cheap
//! to clone) serves every thread of a front:
//! - **The writer only around a commit.** Each SQL call or transaction takes the writer and
//!   gives it back before the next platform call: nothing holds it across an `.await` (the
//!   futures stay `Send`), so a payment waiting 30 s on pagoPA never holds up the writes of a
//!   sync or of another payment.
//! - **Reads never wait for a payment.** [`Ledger::attempt`], [`Ledger::attempts`],
//!   [`Ledger::transitions`], [`Ledger::status`], [`Ledger::receipts`] and [`Ledger::receipt`]
//!   go through the database's reader connections (WAL): they see the last commit and answer
//!   while a platform call is under way.
//! - **Two operations on one notice.** Across processes (and connections), SQLite keeps them
//!   apart: the partial unique index allows one open attempt per notice, and every move of
//!   state is a compare-and-set on the state ([`LedgerError::Concurrent`] to the loser).
//!   Inside one process, an operation claims its notices before it starts (`claims.rs`,
//!   shared by every ledger over the same `Arc<Db>`), and a second operation on any of them
//!   is refused at once with [`LedgerError::Busy`]: a second tap on "pay" gets neither a
//!   second attempt nor a second cart. [`Ledger::reconcile`] leaves an attempt that another
//!   operation is working on open, for that operation to settle.
//!
//! Checked by `tests/pagopa_ledger.rs` (each fault, named), `tests/pagopa_faults.rs`
//! (10,000+ randomized schedules of faults and kills against the fake platform of
//! `campanile-testkit`) and `tests/pagopa_concurrency.rs` (threads sharing one ledger).

mod claims;
mod engine;
mod error;
mod hub_platform;
mod messages;
mod outcome;
mod own_comuni;
mod platform;
mod reconcile;
mod sql;
mod states;
mod verdict;
mod view;

pub use engine::{CART_PAGE, Ledger, LedgerConfig, MAX_CART, PAYMENT_TOKEN_MAX, SESSION_MARGIN};
pub use error::LedgerError;
pub use hub_platform::{
    HubCart, HubCartAnswer, HubCartNotice, HubFailure, HubNotice, HubPlatform, HubReturnUrls,
    HubVerifyAnswer, ROUTE_OWN_DEBT_POSITIONS, ROUTE_PAYMENT_REQUESTS, route_code,
};
pub use outcome::PaymentOutcome;
pub use own_comuni::{OwnComuniPlatform, VerifyRoute};
pub use platform::{Clock, PagoPaPlatform, Platform, SystemClock};
pub use states::{AttemptState, NoticeOutcome, PendingCall, Reason, ReturnHint};
pub use view::{
    Attempt, AttemptId, AttemptNotice, Evidence, NoticeStatus, PaymentReceipt, ReconcileReport,
    StartRequest, Started, Transition, TransitionKind,
};
