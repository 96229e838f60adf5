//! What the payer is shown once back from Checkout, or after asking again ([`PaymentOutcome`]),
//! and which return address brought them back ([`ReturnHint::of_url`]). Every front shows the
//! outcome this decides: paid only on pagoPA's word, not paid only when the attempt closed
//! without a payment and pagoPA agrees, and "unknown, ask again" for anything else.

use serde::Serialize;
use url::Url;

use super::states::{AttemptState, ReturnHint};
use super::view::NoticeStatus;
use crate::pagopa::platform::ReturnUrls;

/// What a payment came to, as the payer is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentOutcome {
    /// pagoPA says paid (now, or in the evidence the ledger kept for the attempt).
    Paid,
    /// The attempt ended without a payment and pagoPA says the notice is still unpaid.
    NotPaid,
    /// Not known: no answer, a payment under way, or a contradiction. Ask again; never paid.
    Unknown,
}

impl PaymentOutcome {
    /// The outcome's stable code (`paid`, `not-paid`, `unknown`).
    pub fn code(self) -> &'static str {
        match self {
            PaymentOutcome::Paid => "paid",
            PaymentOutcome::NotPaid => "not-paid",
            PaymentOutcome::Unknown => "unknown",
        }
    }

    /// The outcome from the attempt's state (none: no attempt, or it could not be read) and
    /// what pagoPA says of the notice now (none: no answer).
    pub fn decide(attempt: Option<AttemptState>, status: Option<&NoticeStatus>) -> PaymentOutcome {
        let closed_unpaid = matches!(
            attempt,
            None | Some(AttemptState::Cancelled | AttemptState::Failed | AttemptState::Expired)
        );
        match status {
            Some(NoticeStatus::Paid { .. }) => PaymentOutcome::Paid,
            // The ledger holds pagoPA's evidence for every notice of a paid attempt.
            _ if attempt == Some(AttemptState::Paid) => PaymentOutcome::Paid,
            Some(NoticeStatus::NotPaid { .. } | NoticeStatus::Payable { .. }) if closed_unpaid => {
                PaymentOutcome::NotPaid
            }
            _ => PaymentOutcome::Unknown,
        }
    }

    /// Whether the payer is offered to ask pagoPA again.
    pub fn can_ask_again(self) -> bool {
        self == PaymentOutcome::Unknown
    }
}

impl ReturnHint {
    /// Which of `urls` the address `url` that opened the app is (its query and fragment
    /// aside); none when it is none of them or not an address.
    pub fn of_url(url: &str, urls: &ReturnUrls) -> Option<ReturnHint> {
        let mut seen = Url::parse(url.trim()).ok()?;
        let base = |u: &Url| {
            let mut u = u.clone();
            u.set_query(None);
            u.set_fragment(None);
            u
        };
        seen = base(&seen);
        [
            (&urls.ok, ReturnHint::Ok),
            (&urls.cancel, ReturnHint::Cancel),
            (&urls.error, ReturnHint::Error),
        ]
        .into_iter()
        .find(|(u, _)| base(u) == seen)
        .map(|(_, h)| h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagopa::ledger::AttemptId;
    use crate::pagopa::ledger::NoticeOutcome;
    use crate::time::Instant;

    fn not_paid() -> NoticeStatus {
        NoticeStatus::NotPaid {
            attempt: AttemptId(1),
            outcome: Some(NoticeOutcome::Expired),
            outcome_at: None,
        }
    }

    #[test]
    fn only_pagopas_word_makes_it_paid_and_doubt_is_unknown() {
        use AttemptState as A;
        use PaymentOutcome as O;
        let unseen = NoticeStatus::Unseen;
        assert_eq!(O::decide(Some(A::Paid), None), O::Paid);
        assert_eq!(O::decide(Some(A::Cancelled), Some(&not_paid())), O::NotPaid);
        assert_eq!(O::decide(Some(A::Expired), Some(&not_paid())), O::NotPaid);
        assert_eq!(O::decide(None, Some(&not_paid())), O::NotPaid);
        // No answer from pagoPA, an attempt still open, or an unread notice: unknown.
        assert_eq!(O::decide(Some(A::Cancelled), None), O::Unknown);
        assert_eq!(
            O::decide(Some(A::CheckoutStarted), Some(&not_paid())),
            O::Unknown
        );
        assert_eq!(O::decide(Some(A::Unknown), Some(&not_paid())), O::Unknown);
        assert_eq!(O::decide(Some(A::Failed), Some(&unseen)), O::Unknown);
        assert_eq!(
            O::decide(
                Some(A::Failed),
                Some(&NoticeStatus::NotPayable {
                    outcome: NoticeOutcome::InProgress,
                    checked_at: Instant::from_ms(0),
                })
            ),
            O::Unknown
        );
        assert!(O::Unknown.can_ask_again());
        assert!(!O::Paid.can_ask_again() && !O::NotPaid.can_ask_again());
    }

    #[test]
    fn the_return_address_is_told_apart_by_its_path_not_its_parameters() {
        let urls = ReturnUrls {
            ok: Url::parse("it.campanile.app:/pay/ok").unwrap(),
            cancel: Url::parse("it.campanile.app:/pay/cancel").unwrap(),
            error: Url::parse("https://comune.example/pay/error?from=checkout").unwrap(),
        };
        let hint = |u: &str| ReturnHint::of_url(u, &urls);
        assert_eq!(
            hint("it.campanile.app:/pay/ok?outcome=0"),
            Some(ReturnHint::Ok)
        );
        assert_eq!(
            hint("it.campanile.app:/pay/cancel"),
            Some(ReturnHint::Cancel)
        );
        assert_eq!(
            hint("https://comune.example/pay/error#x"),
            Some(ReturnHint::Error)
        );
        assert_eq!(hint("it.campanile.app:/login#token=1"), None);
        assert_eq!(hint("it.campanile.app:/pay/okay"), None);
        assert_eq!(hint("not an address"), None);
    }
}
