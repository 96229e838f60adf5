//! What one verification says about a notice ([`Verdict`]), and what the verdicts on an
//! attempt's notices decide for the attempt ([`decide`]) — the ledger's rule set, in one place.

use crate::pagopa::RptId;
use crate::pagopa::platform::{NoticeInfo, PlatformError};
use crate::time::Instant;

use super::states::{AttemptState, NoticeOutcome, Reason};
use super::view::Evidence;

/// The platform's answer to `GET /payment-requests/{rpt_id}`, classified.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// It can be paid now, for this amount.
    Payable(NoticeInfo),
    /// Paid, on pagoPA's own duplicate or the creditor's receipt data, kept as evidence.
    Paid(Evidence),
    /// The creditor says it is settled, without a receipt of it (`PAA_PAGAMENTO_DUPLICATO`).
    SettledPerCreditor,
    /// PAYMENT_ONGOING.
    InProgress,
    Expired,
    Revoked,
    UnknownNotice,
    DataError,
    /// No usable answer: says nothing about the notice.
    NoAnswer(PlatformError),
    /// A refusal that says nothing about the notice either (bad request, key, creditor down).
    Refused(PlatformError),
}

impl Verdict {
    pub(crate) fn from_verify(
        rpt_id: &RptId,
        answer: Result<NoticeInfo, PlatformError>,
        now: Instant,
    ) -> Verdict {
        match answer {
            Ok(info) if info.rpt_id == *rpt_id => Verdict::Payable(info),
            Ok(info) => Verdict::NoAnswer(PlatformError::Protocol {
                detail: format!("asked about {rpt_id}, answered about {}", info.rpt_id),
            }),
            Err(PlatformError::AlreadyPaid { code, receipt }) => Verdict::Paid(Evidence {
                operation: format!("GET /payment-requests/{rpt_id}"),
                code,
                observed_at: now,
                receipt: receipt.map(|r| *r),
            }),
            Err(PlatformError::SettledPerCreditor { .. }) => Verdict::SettledPerCreditor,
            Err(PlatformError::InProgress { .. }) => Verdict::InProgress,
            Err(PlatformError::Expired { .. }) => Verdict::Expired,
            Err(PlatformError::Revoked { .. }) => Verdict::Revoked,
            Err(PlatformError::UnknownNotice { .. }) => Verdict::UnknownNotice,
            Err(PlatformError::NoticeDataError { .. }) => Verdict::DataError,
            Err(e) if e.is_indeterminate() => Verdict::NoAnswer(e),
            Err(e) => Verdict::Refused(e),
        }
    }

    /// What it says about the notice, when it says something.
    pub(crate) fn outcome(&self) -> Option<NoticeOutcome> {
        match self {
            Verdict::Payable(_) => Some(NoticeOutcome::Payable),
            Verdict::Paid(_) => Some(NoticeOutcome::Paid),
            Verdict::InProgress => Some(NoticeOutcome::InProgress),
            Verdict::Expired => Some(NoticeOutcome::Expired),
            Verdict::Revoked => Some(NoticeOutcome::Revoked),
            Verdict::UnknownNotice => Some(NoticeOutcome::UnknownNotice),
            Verdict::DataError => Some(NoticeOutcome::DataError),
            Verdict::SettledPerCreditor => Some(NoticeOutcome::SettledPerCreditor),
            Verdict::NoAnswer(_) | Verdict::Refused(_) => None,
        }
    }

    pub(crate) fn error(&self) -> Option<&PlatformError> {
        match self {
            Verdict::NoAnswer(e) | Verdict::Refused(e) => Some(e),
            _ => None,
        }
    }

    /// One line for the transitions log.
    pub(crate) fn describe(&self) -> String {
        match self {
            Verdict::Payable(info) => format!("payable, {} cents", info.amount.cents()),
            Verdict::Paid(ev) => format!("paid ({})", ev.code),
            Verdict::NoAnswer(e) => format!("no answer: {e}"),
            Verdict::Refused(e) => format!("refused: {e}"),
            other => other
                .outcome()
                .map_or_else(String::new, |o| o.code().to_string()),
        }
    }

    /// A final outcome other than paid: the notice cannot be paid, now or later.
    pub(crate) fn closes_as(&self) -> Option<(AttemptState, Reason)> {
        match self {
            Verdict::Expired => Some((AttemptState::Expired, Reason::NoticeExpired)),
            Verdict::Revoked => Some((AttemptState::Cancelled, Reason::NoticeRevoked)),
            Verdict::UnknownNotice => Some((AttemptState::Failed, Reason::UnknownNotice)),
            Verdict::DataError => Some((AttemptState::Failed, Reason::NoticeDataError)),
            Verdict::SettledPerCreditor => Some((AttemptState::Failed, Reason::SettledPerCreditor)),
            _ => None,
        }
    }
}

/// Where an attempt is when its notices are verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// A new attempt, before any cart.
    Start,
    /// An open attempt found again (at start-up, after a return, before a new attempt).
    Reconcile {
        /// Checkout's URL reached the payer.
        url_given: bool,
        /// A payment through that URL may still happen after some of these verifications
        /// were asked (a verification counts as "after the session" only if it was *sent*
        /// after the session's end).
        session_live: bool,
        /// A cart was requested (its URL may have been lost).
        cart_requested: bool,
    },
}

/// What the verdicts decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Every notice can be paid: go on to the checkout (start only).
    Verified,
    /// Keep the attempt open (a payment is or may be under way, or nothing is known).
    Open(Option<Reason>),
    /// Close the attempt.
    Close(AttemptState, Reason),
}

/// The rule set. In order:
/// 1. a payment under way (PAYMENT_ONGOING) on any notice keeps the attempt open;
/// 2. no usable answer on any notice keeps it open (a refusal too, when reconciling: it says
///    nothing about the notice); at start a refusal closes it as failed, no cart being made;
/// 3. while the checkout URL may still be used (reconciling, URL given, session not over when
///    a "payable" answer — or, from a route blind to payments under way, a "cannot be paid"
///    answer — was asked) it stays open unless every notice is paid: the payer may still pay,
///    or be paying;
/// 4. every notice paid (PAYMENT_DUPLICATED) closes it as paid — the only way to "paid";
/// 5. a notice expired, revoked, unknown or with wrong data closes it accordingly: it can
///    never be paid, through this cart or any other;
/// 6. otherwise the notices are payable and no payment can come from this attempt any more:
///    at start it is verified; reconciling, it closes as cancelled when its session ended,
///    failed when its cart's URL never reached the payer, cancelled (abandoned) when no cart
///    was asked for. A notice of it that the platform said paid keeps its receipt.
pub(crate) fn decide(verdicts: &[&Verdict], phase: Phase) -> Decision {
    if verdicts.iter().any(|v| matches!(v, Verdict::InProgress)) {
        return Decision::Open(Some(Reason::PaymentInProgress));
    }
    if verdicts.iter().any(|v| matches!(v, Verdict::NoAnswer(_))) {
        return Decision::Open(Some(Reason::NoAnswer));
    }
    if verdicts.iter().any(|v| matches!(v, Verdict::Refused(_))) {
        return match phase {
            Phase::Start => Decision::Close(AttemptState::Failed, Reason::PlatformRefused),
            Phase::Reconcile { .. } => Decision::Open(Some(Reason::PlatformRefused)),
        };
    }
    let all_paid = verdicts.iter().all(|v| matches!(v, Verdict::Paid(_)));
    if let Phase::Reconcile {
        url_given: true,
        session_live: true,
        ..
    } = phase
        && !all_paid
    {
        return Decision::Open(None);
    }
    if all_paid {
        return Decision::Close(AttemptState::Paid, Reason::PlatformPaid);
    }
    if let Some((state, reason)) = verdicts.iter().find_map(|v| v.closes_as()) {
        return Decision::Close(state, reason);
    }
    let any_paid = verdicts.iter().any(|v| matches!(v, Verdict::Paid(_)));
    match phase {
        Phase::Start if any_paid => Decision::Close(AttemptState::Failed, Reason::NoticePaid),
        Phase::Start => Decision::Verified,
        Phase::Reconcile {
            url_given: true, ..
        } => Decision::Close(AttemptState::Cancelled, Reason::SessionEnded),
        Phase::Reconcile {
            cart_requested: true,
            ..
        } => Decision::Close(AttemptState::Failed, Reason::CheckoutNotOpened),
        Phase::Reconcile { .. } => Decision::Close(AttemptState::Cancelled, Reason::Abandoned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagopa::Amount;

    fn payable() -> Verdict {
        let rpt = RptId::parse("00085240950300715700000000032").unwrap();
        Verdict::Payable(NoticeInfo {
            rpt_id: rpt,
            amount: Amount::from_cents(100).unwrap(),
            description: None,
            due_date: None,
            payee_name: None,
            payee_fiscal_code: None,
        })
    }

    fn paid() -> Verdict {
        Verdict::Paid(Evidence {
            operation: "GET".into(),
            code: "PAA_PAGAMENTO_DUPLICATO".into(),
            observed_at: Instant::from_ms(1),
            receipt: None,
        })
    }

    const LIVE: Phase = Phase::Reconcile {
        url_given: true,
        session_live: true,
        cart_requested: true,
    };
    const ENDED: Phase = Phase::Reconcile {
        url_given: true,
        session_live: false,
        cart_requested: true,
    };
    const LOST_URL: Phase = Phase::Reconcile {
        url_given: false,
        session_live: false,
        cart_requested: true,
    };

    #[test]
    fn only_the_platform_saying_paid_closes_as_paid() {
        let p = paid();
        let ok = payable();
        let timeout = Verdict::NoAnswer(PlatformError::Timeout);
        assert_eq!(
            decide(&[&p], ENDED),
            Decision::Close(AttemptState::Paid, Reason::PlatformPaid)
        );
        assert_eq!(
            decide(&[&p], Phase::Start),
            Decision::Close(AttemptState::Paid, Reason::PlatformPaid)
        );
        for phase in [LIVE, ENDED, LOST_URL, Phase::Start] {
            for vs in [vec![&ok], vec![&timeout], vec![&p, &timeout], vec![&p, &ok]] {
                assert_ne!(
                    decide(&vs, phase),
                    Decision::Close(AttemptState::Paid, Reason::PlatformPaid),
                    "{vs:?} {phase:?}"
                );
            }
        }
    }

    #[test]
    fn a_live_session_or_a_payment_under_way_keeps_the_attempt_open() {
        let ok = payable();
        assert_eq!(decide(&[&ok], LIVE), Decision::Open(None));
        assert_eq!(
            decide(&[&ok, &Verdict::InProgress], ENDED),
            Decision::Open(Some(Reason::PaymentInProgress))
        );
        assert_eq!(
            decide(&[&ok], ENDED),
            Decision::Close(AttemptState::Cancelled, Reason::SessionEnded)
        );
        assert_eq!(
            decide(&[&ok], LOST_URL),
            Decision::Close(AttemptState::Failed, Reason::CheckoutNotOpened)
        );
        // "Expired" within a live session: reconciliation says the session is live for it only
        // when the answer came from a route blind to payments under way (GPD), which must not
        // close the attempt while the payer may be paying; from notice verification (which
        // would have said PAYMENT_ONGOING) the session counts as over for it, and it closes.
        assert_eq!(decide(&[&Verdict::Expired], LIVE), Decision::Open(None));
        assert_eq!(
            decide(&[&Verdict::Expired], ENDED),
            Decision::Close(AttemptState::Expired, Reason::NoticeExpired)
        );
        assert_eq!(
            decide(&[&paid(), &paid()], LIVE),
            Decision::Close(AttemptState::Paid, Reason::PlatformPaid)
        );
        let refused = Verdict::Refused(PlatformError::Unauthorized);
        assert_eq!(
            decide(&[&refused], ENDED),
            Decision::Open(Some(Reason::PlatformRefused))
        );
        assert_eq!(
            decide(&[&refused], Phase::Start),
            Decision::Close(AttemptState::Failed, Reason::PlatformRefused)
        );
        assert_eq!(decide(&[&ok, &ok], Phase::Start), Decision::Verified);
    }
}
