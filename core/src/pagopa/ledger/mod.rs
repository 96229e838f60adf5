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
//! Checked by `tests/pagopa_ledger.rs` (each fault, named) and `tests/pagopa_faults.rs`
//! (10,000+ randomized schedules of faults and kills against the fake platform of
//! `campanile-testkit`).

mod engine;
mod error;
mod messages;
mod own_comuni;
mod platform;
mod reconcile;
mod sql;
mod states;
mod verdict;
mod view;

pub use engine::{Ledger, LedgerConfig, MAX_CART};
pub use error::LedgerError;
pub use own_comuni::{OwnComuniPlatform, VerifyRoute};
pub use platform::{Clock, PagoPaPlatform, Platform, SystemClock};
pub use states::{AttemptState, NoticeOutcome, PendingCall, Reason, ReturnHint};
pub use view::{
    Attempt, AttemptId, AttemptNotice, Evidence, NoticeStatus, Receipt, ReconcileReport,
    StartRequest, Started, Transition,
};
