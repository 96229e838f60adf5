//! The states of a payment attempt, the platform's verdicts on a notice, and the reasons an
//! attempt is where it is. Each has a stable kebab-case code: the value stored in SQLite, the
//! JSON value and the Fluent selector.

use std::fmt;

use serde::Serialize;

/// Where a payment attempt is. Open states: [`Draft`](Self::Draft),
/// [`Verified`](Self::Verified), [`CheckoutStarted`](Self::CheckoutStarted) and
/// [`Unknown`](Self::Unknown); the others are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttemptState {
    /// Created; the notices have not been verified yet.
    Draft,
    /// The platform said every notice can be paid now, for the amounts recorded.
    Verified,
    /// The cart was handed to pagoPA Checkout and its URL given to the payer, who may pay
    /// through it until the session ends.
    CheckoutStarted,
    /// Paid: the platform says so for every notice of the attempt (its evidence is kept).
    Paid,
    /// Did not lead to a payment, and cannot any more.
    Failed,
    /// Cancelled: the payer left the checkout unpaid, or the creditor revoked the notice.
    Cancelled,
    /// A notice is past its validity.
    Expired,
    /// A call's outcome is not known (no answer, a broken connection, a 5xx), or a payment of
    /// the notice is under way elsewhere: open, to be reconciled. Never shown as paid.
    Unknown,
}

impl AttemptState {
    /// Every state.
    pub const ALL: [AttemptState; 8] = [
        AttemptState::Draft,
        AttemptState::Verified,
        AttemptState::CheckoutStarted,
        AttemptState::Paid,
        AttemptState::Failed,
        AttemptState::Cancelled,
        AttemptState::Expired,
        AttemptState::Unknown,
    ];

    /// The state's stable code (`draft`, `checkout-started`, …).
    pub fn code(self) -> &'static str {
        match self {
            AttemptState::Draft => "draft",
            AttemptState::Verified => "verified",
            AttemptState::CheckoutStarted => "checkout-started",
            AttemptState::Paid => "paid",
            AttemptState::Failed => "failed",
            AttemptState::Cancelled => "cancelled",
            AttemptState::Expired => "expired",
            AttemptState::Unknown => "unknown",
        }
    }

    /// The state of a stored code; `None` if unknown.
    pub fn from_code(code: &str) -> Option<AttemptState> {
        AttemptState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Open attempts hold their notices: no other attempt may take them.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            AttemptState::Draft
                | AttemptState::Verified
                | AttemptState::CheckoutStarted
                | AttemptState::Unknown
        )
    }
}

impl fmt::Display for AttemptState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The platform's last word on one notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeOutcome {
    /// It can be paid now: no payment of it is done or under way.
    Payable,
    /// Paid (PAYMENT_DUPLICATED): the evidence is kept.
    Paid,
    /// A payment is under way (PAYMENT_ONGOING).
    InProgress,
    /// Past its validity (PAYMENT_EXPIRED).
    Expired,
    /// Cancelled by the creditor (PAYMENT_CANCELED).
    Revoked,
    /// The creditor does not know it (PAYMENT_UNKNOWN).
    UnknownNotice,
    /// The creditor's data about it are wrong (PAYMENT_DATA_ERROR).
    DataError,
    /// The creditor says it is settled — paid, or part of an instalment plan some of whose
    /// instalments are paid (`PAA_PAGAMENTO_DUPLICATO`): no receipt; ask the comune.
    SettledPerCreditor,
}

impl NoticeOutcome {
    /// Every outcome.
    pub const ALL: [NoticeOutcome; 8] = [
        NoticeOutcome::Payable,
        NoticeOutcome::Paid,
        NoticeOutcome::InProgress,
        NoticeOutcome::Expired,
        NoticeOutcome::Revoked,
        NoticeOutcome::UnknownNotice,
        NoticeOutcome::DataError,
        NoticeOutcome::SettledPerCreditor,
    ];

    /// The outcome's stable code (`payable`, `paid`, …).
    pub fn code(self) -> &'static str {
        match self {
            NoticeOutcome::Payable => "payable",
            NoticeOutcome::Paid => "paid",
            NoticeOutcome::InProgress => "in-progress",
            NoticeOutcome::Expired => "expired",
            NoticeOutcome::Revoked => "revoked",
            NoticeOutcome::UnknownNotice => "unknown-notice",
            NoticeOutcome::DataError => "data-error",
            NoticeOutcome::SettledPerCreditor => "settled-per-creditor",
        }
    }

    /// The outcome of a stored code; `None` if unknown.
    pub fn from_code(code: &str) -> Option<NoticeOutcome> {
        NoticeOutcome::ALL.into_iter().find(|s| s.code() == code)
    }

    /// True when the notice can never be paid again.
    pub fn is_final(self) -> bool {
        !matches!(self, NoticeOutcome::Payable | NoticeOutcome::InProgress)
    }
}

/// Why an attempt is in its state (shown with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The platform says every notice is paid.
    PlatformPaid,
    /// The platform says a payment of a notice is under way.
    PaymentInProgress,
    /// A call got no usable answer (timeout, broken connection, 5xx, garbled answer).
    NoAnswer,
    /// The checkout session ended and the platform says the notice was not paid.
    SessionEnded,
    /// The cart was requested but its URL never reached the payer, and the platform says the
    /// notice was not paid: nobody can pay through that cart.
    CheckoutNotOpened,
    /// The attempt stopped before its cart was requested (the app was closed, or a new
    /// attempt took its place).
    Abandoned,
    /// A notice is past its validity.
    NoticeExpired,
    /// The creditor cancelled a notice.
    NoticeRevoked,
    /// The creditor does not know a notice.
    UnknownNotice,
    /// The creditor's data about a notice are wrong.
    NoticeDataError,
    /// The platform refused a request (bad request, key refused, creditor unavailable…).
    PlatformRefused,
    /// Another notice of the cart was paid already, so the cart cannot go on.
    NoticePaid,
    /// The creditor says a notice is settled (paid, or part of a plan partly paid): no
    /// receipt here; ask the comune.
    SettledPerCreditor,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 13] = [
        Reason::PlatformPaid,
        Reason::PaymentInProgress,
        Reason::NoAnswer,
        Reason::SessionEnded,
        Reason::CheckoutNotOpened,
        Reason::Abandoned,
        Reason::NoticeExpired,
        Reason::NoticeRevoked,
        Reason::UnknownNotice,
        Reason::NoticeDataError,
        Reason::PlatformRefused,
        Reason::NoticePaid,
        Reason::SettledPerCreditor,
    ];

    /// The reason's stable code (`platform-paid`, `no-answer`, …).
    pub fn code(self) -> &'static str {
        match self {
            Reason::PlatformPaid => "platform-paid",
            Reason::PaymentInProgress => "payment-in-progress",
            Reason::NoAnswer => "no-answer",
            Reason::SessionEnded => "session-ended",
            Reason::CheckoutNotOpened => "checkout-not-opened",
            Reason::Abandoned => "abandoned",
            Reason::NoticeExpired => "notice-expired",
            Reason::NoticeRevoked => "notice-revoked",
            Reason::UnknownNotice => "unknown-notice",
            Reason::NoticeDataError => "notice-data-error",
            Reason::PlatformRefused => "platform-refused",
            Reason::NoticePaid => "notice-paid",
            Reason::SettledPerCreditor => "settled-per-creditor",
        }
    }

    /// The reason of a stored code; `None` if unknown.
    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where Checkout sent the payer back, as the front reports it: a hint, never evidence of a
/// payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReturnHint {
    /// Back through the cart's `ok` return URL.
    Ok,
    /// Back through the `cancel` return URL.
    Cancel,
    /// Back through the `error` return URL.
    Error,
}

impl ReturnHint {
    /// Every hint.
    pub const ALL: [ReturnHint; 3] = [ReturnHint::Ok, ReturnHint::Cancel, ReturnHint::Error];

    /// The hint's stable code (`ok`, `cancel`, `error`).
    pub fn code(self) -> &'static str {
        match self {
            ReturnHint::Ok => "ok",
            ReturnHint::Cancel => "cancel",
            ReturnHint::Error => "error",
        }
    }

    /// The hint of a stored code; `None` if unknown.
    pub fn from_code(code: &str) -> Option<ReturnHint> {
        ReturnHint::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The network call an attempt has under way (written before the call, cleared after).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PendingCall {
    /// The notice verification (`GET /payment-requests/{rpt_id}`).
    Verify,
    /// The Checkout cart (`POST /carts`).
    Cart,
}

impl PendingCall {
    /// The call's stable code (`verify`, `cart`).
    pub fn code(self) -> &'static str {
        match self {
            PendingCall::Verify => "verify",
            PendingCall::Cart => "cart",
        }
    }

    /// The call of a stored code; `None` if unknown.
    pub fn from_code(code: &str) -> Option<PendingCall> {
        [PendingCall::Verify, PendingCall::Cart]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for s in AttemptState::ALL {
            assert_eq!(AttemptState::from_code(s.code()), Some(s));
        }
        for o in NoticeOutcome::ALL {
            assert_eq!(NoticeOutcome::from_code(o.code()), Some(o));
        }
        for r in Reason::ALL {
            assert_eq!(Reason::from_code(r.code()), Some(r));
        }
        for h in ReturnHint::ALL {
            assert_eq!(ReturnHint::from_code(h.code()), Some(h));
        }
        assert_eq!(AttemptState::from_code("paid!"), None);
        let open: Vec<_> = AttemptState::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(open.len(), 4);
    }
}
