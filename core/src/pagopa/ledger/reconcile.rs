//! Reconciliation: every open attempt is verified again and moved on by the rule set of
//! [`decide`](super::verdict::decide). Run on start-up ([`Ledger::reconcile`]), after a
//! return from Checkout, before a notice held by an open attempt is offered again, and by
//! [`Ledger::check`] for the attempt holding the notice asked about. Each attempt's notices are
//! claimed while it is reconciled (`claims.rs`).

use super::claims::Claim;
use super::engine::{Ledger, first_error, notices_of};
use super::error::LedgerError;
use super::platform::Platform;
use super::sql::{self, Move};
use super::states::AttemptState;
use super::verdict::{Decision, Phase, Verdict, decide};
use super::view::{Attempt, AttemptId, ReconcileReport};

impl<P: Platform> Ledger<P> {
    /// Verifies every open attempt again and closes those the platform's answers settle.
    /// Attempts left open are those with a payment under way, a checkout session that may
    /// still be used, no usable answer, or another operation of this process working on them
    /// (which settles them); they are listed in the report.
    pub async fn reconcile(&self) -> Result<ReconcileReport, LedgerError> {
        let mut ids = self.read(|c| sql::attempt_ids(c, true, usize::MAX))?;
        ids.reverse();
        let mut report = ReconcileReport::default();
        for id in ids {
            report.checked += 1;
            match self.reconcile_attempt(id).await {
                Ok(attempt) if attempt.is_open() => report.still_open.push(id),
                Ok(attempt) => report.closed.push((id, attempt.state)),
                Err(LedgerError::Busy { .. }) => report.still_open.push(id),
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// Reconciles one attempt (a closed one is given back as it is). [`LedgerError::Busy`]
    /// when another operation of this process is working on one of its notices.
    pub async fn reconcile_attempt(&self, id: AttemptId) -> Result<Attempt, LedgerError> {
        let attempt = self.attempt(id)?;
        if !attempt.is_open() {
            return Ok(attempt);
        }
        let mut claim = self.claim(&notices_of(&attempt))?;
        self.reconcile_held(&mut claim, id).await
    }

    /// [`reconcile_attempt`](Self::reconcile_attempt) under `claim`, which is extended to the
    /// attempt's notices.
    pub(super) async fn reconcile_held(
        &self,
        claim: &mut Claim,
        id: AttemptId,
    ) -> Result<Attempt, LedgerError> {
        // Read again under the claim: another operation may have moved it meanwhile.
        let attempt = self.attempt(id)?;
        if !attempt.is_open() {
            return Ok(attempt);
        }
        let notices = notices_of(&attempt);
        claim.take(&notices)?;
        let verdicts = self.verify_notices(id, attempt.state, &notices).await?;
        // A "payable" answer shows the session over only if it was asked after the session's
        // end: a payment may have been made between the question and the answer. So does a
        // "cannot be paid" answer from a route that does not see payments under way (GPD).
        let session_live = attempt.session_until.is_some_and(|until| {
            verdicts.iter().any(|(rpt_id, v, sent)| {
                *sent <= until
                    && match v {
                        Verdict::Payable(_) => true,
                        v if v.closes_as().is_some() => {
                            !self.platform.sees_payments_under_way(rpt_id)
                        }
                        _ => false,
                    }
            })
        });
        let phase = Phase::Reconcile {
            url_given: attempt.checkout_url.is_some(),
            session_live,
            cart_requested: attempt.cart_requested_at.is_some(),
        };
        let refs: Vec<&Verdict> = verdicts.iter().map(|(_, v, _)| v).collect();
        let (to, reason) = match decide(&refs, phase) {
            Decision::Close(state, reason) => (state, Some(reason)),
            // Before its cart an attempt with a payment under way elsewhere or no answer is
            // `unknown`; once its URL reached the payer it stays `checkout-started`.
            Decision::Open(reason) if attempt.state == AttemptState::CheckoutStarted => {
                (AttemptState::CheckoutStarted, reason)
            }
            Decision::Open(reason) => (AttemptState::Unknown, reason),
            Decision::Verified => (attempt.state, None),
        };
        let mv = Move {
            reason,
            last_error: first_error(&verdicts),
            ..Move::default()
        };
        let now = self.now();
        self.write(|c| sql::move_state(c, id, attempt.state, to, mv, now))?;
        self.attempt(id)
    }
}
