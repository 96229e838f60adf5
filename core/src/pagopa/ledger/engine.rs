//! The ledger's operations for the fronts: verify, check out, start (both), record a return,
//! check a notice, read attempts, receipts and the status of a notice. Reconciliation is in
//! `reconcile.rs`.
//!
//! Every network call is preceded by a commit that says it is about to happen and followed by
//! a commit of what it got, so that a kill at any point leaves an attempt that
//! [`Ledger::reconcile`] can finish. The writer is taken around each of those commits only,
//! never across a platform call; reads go through the database's reader connections.

use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

use crate::pagopa::RptId;
use crate::pagopa::platform::{CartNotice, CheckoutCart, ReturnUrls};
use crate::store::{Db, Store};
use crate::time::Instant;
use url::Url;

use super::claims::Claim;
use super::error::LedgerError;
use super::platform::{Clock, Platform, SystemClock};
use super::sql::{self, Move};
use super::states::{AttemptState, NoticeOutcome, PendingCall, Reason, ReturnHint};
use super::verdict::{Decision, Phase, Verdict, decide};
use super::view::{
    Attempt, AttemptId, NoticeStatus, PaymentReceipt, StartRequest, Started, Transition,
};

/// The most notices Checkout takes in one cart.
pub const MAX_CART: usize = 5;

/// The longest description and company name Checkout takes.
const CART_TEXT_MAX: usize = 140;

/// How the ledger behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerConfig {
    /// How long after Checkout gave its URL a payment through it may still happen. It must be
    /// at least the cart page's life (the payer may start paying until its end) plus the
    /// payment token's longest life (the payment completes within it), plus a margin for clocks
    /// that differ:
    /// until it has passed, an attempt whose URL reached the payer is not closed unpaid and the
    /// notice is not offered for a new attempt (unless pagoPA says it is not being paid).
    pub checkout_session: Duration,
    /// How long Checkout's cart page lives: "continue at this page" is offered only meanwhile.
    pub cart_page: Duration,
}

/// The payment token's longest life: "non può essere superiore a 30 minuti" (pagoPA, SANP,
/// "Prestatore di servizi di pagamento › Modalità di integrazione › Best practice › Payment
/// Token"); 15 minutes is the production default.
pub const PAYMENT_TOKEN_MAX: Duration = Duration::from_secs(30 * 60);

/// The margin added to [`PAYMENT_TOKEN_MAX`] for clocks that differ and a payment outcome
/// still on its way.
pub const SESSION_MARGIN: Duration = Duration::from_secs(5 * 60);

/// How long Checkout keeps a cart's page: about 10 minutes in production (pagoPA Checkout's
/// cart session), after which the payer must start again.
pub const CART_PAGE: Duration = Duration::from_secs(10 * 60);

impl Default for LedgerConfig {
    fn default() -> LedgerConfig {
        LedgerConfig {
            // A payment starts at the latest when the cart page ends, and its token lives 30
            // minutes at most from then.
            checkout_session: CART_PAGE + PAYMENT_TOKEN_MAX + SESSION_MARGIN,
            cart_page: CART_PAGE,
        }
    }
}

/// Room in each connection's statement cache for every statement the ledger runs, so that none
/// is compiled twice.
const STATEMENT_CACHE: usize = 64;

/// The payment ledger: the attempts kept in the shared database, and the platform to reach.
///
/// Every operation takes `&self`: share it between threads (it is `Send + Sync` when the
/// platform is; clone it, or wrap it in an `Arc`). See the module docs for what is held when.
#[derive(Clone)]
pub struct Ledger<P> {
    pub(super) db: Arc<Db>,
    pub(super) platform: P,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) config: LedgerConfig,
}

impl<P> std::fmt::Debug for Ledger<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("db", &self.db.path())
            .field("config", &self.config)
            .finish()
    }
}

impl<P: Platform> Ledger<P> {
    /// A ledger over `store` alone (whose schema includes the ledger's tables) and `platform`,
    /// with the system clock and the default configuration. The store becomes the writer of a
    /// [`Db`] of its own: see [`db`](Self::db) to share it.
    pub fn new(store: Store, platform: P) -> Ledger<P> {
        Ledger::with_db(Arc::new(Db::from_store(store)), platform)
    }

    /// A ledger over the shared database `db` and `platform`, with the system clock and the
    /// default configuration.
    pub fn with_db(db: Arc<Db>, platform: P) -> Ledger<P> {
        db.write(|store| {
            store
                .conn()
                .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        });
        Ledger {
            db,
            platform,
            clock: Arc::new(SystemClock),
            config: LedgerConfig::default(),
        }
    }

    /// The ledger with this configuration instead of the default one.
    pub fn with_config(mut self, config: LedgerConfig) -> Ledger<P> {
        self.config = config;
        self
    }

    /// The ledger on this clock instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Ledger<P> {
        self.clock = clock;
        self
    }

    /// The database the ledger keeps its attempts in.
    pub fn db(&self) -> &Arc<Db> {
        &self.db
    }

    /// The platform the ledger calls.
    pub fn platform(&self) -> &P {
        &self.platform
    }

    pub(super) fn now(&self) -> Instant {
        Instant::now(self.clock.as_ref())
    }

    /// Runs `f` with the writer: one statement or transaction, never a platform call; off the
    /// async executor's own work (see `Db::write`).
    pub(super) fn write<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        self.db.write(|store| f(store.conn_mut()))
    }

    /// Runs `f` with a reader connection (the last committed state). Never called from inside
    /// [`write`](Self::write): an in-memory database reads through the writer.
    pub(super) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        self.db.read(|store| {
            let conn = store.conn();
            conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            f(conn)
        })?
    }

    /// Claims `notices` for one operation (see `claims.rs`).
    pub(super) fn claim(&self, notices: &[RptId]) -> Result<Claim, LedgerError> {
        let mut claim = Claim::new(&self.db);
        claim.take(notices)?;
        Ok(claim)
    }

    /// Verifies 1–5 notices in a new attempt, which ends `verified` (ready for
    /// [`checkout`](Self::checkout)) with the amounts, descriptions and payees the platform
    /// gave. Refused, naming the notice, when a notice is paid, a payment of it is or may be
    /// under way, the platform says it cannot be paid, or another operation of this process
    /// is working on it ([`LedgerError::Busy`]).
    pub async fn verify(&self, notices: &[RptId]) -> Result<Attempt, LedgerError> {
        check_cart(notices)?;
        let mut claim = self.claim(notices)?;
        self.verify_held(&mut claim, notices).await
    }

    async fn verify_held(
        &self,
        claim: &mut Claim,
        notices: &[RptId],
    ) -> Result<Attempt, LedgerError> {
        self.make_room(claim, notices).await?;
        let now = self.now();
        let id = match self.write(|c| sql::insert_attempt(c, now, notices))? {
            Ok(id) => id,
            Err((taken, holder)) => return Err(self.in_progress(&taken, holder)?),
        };
        let verdicts = self
            .verify_notices(id, AttemptState::Draft, notices)
            .await?;
        let refs: Vec<&Verdict> = verdicts.iter().map(|(_, v, _)| v).collect();
        let decision = decide(&refs, Phase::Start);
        let last_error = first_error(&verdicts);
        let now = self.now();
        let (to, reason) = match decision {
            Decision::Verified => (AttemptState::Verified, None),
            Decision::Open(reason) => (AttemptState::Unknown, reason),
            Decision::Close(state, reason) => (state, Some(reason)),
        };
        let mv = Move {
            reason,
            last_error,
            ..Move::default()
        };
        self.write(|c| sql::move_state(c, id, AttemptState::Draft, to, mv, now))?;
        if decision == Decision::Verified {
            return self.attempt(id);
        }
        Err(self.start_refusal(id, &verdicts)?)
    }

    /// Hands a verified attempt's cart to Checkout and gives the URL to open. With no usable
    /// answer the attempt is left `unknown` (nobody got a URL, so nothing can be paid through
    /// it) for [`reconcile`](Self::reconcile).
    pub async fn checkout(
        &self,
        id: AttemptId,
        return_urls: &ReturnUrls,
        email: Option<&str>,
    ) -> Result<Started, LedgerError> {
        let attempt = self.attempt(id)?;
        let claim = self.claim(&notices_of(&attempt))?;
        self.checkout_held(&claim, id, return_urls, email).await
    }

    /// [`checkout`](Self::checkout), the attempt's notices claimed by the caller.
    async fn checkout_held(
        &self,
        _claim: &Claim,
        id: AttemptId,
        return_urls: &ReturnUrls,
        email: Option<&str>,
    ) -> Result<Started, LedgerError> {
        let attempt = self.attempt(id)?;
        if attempt.state != AttemptState::Verified {
            return Err(LedgerError::WrongState {
                id,
                state: attempt.state,
                action: "checkout",
            });
        }
        let cart = cart_of(&attempt, return_urls, email)?;
        let now = self.now();
        self.write(|c| {
            sql::set_pending(
                c,
                id,
                AttemptState::Verified,
                PendingCall::Cart,
                "POST /carts",
                now,
            )
        })?;
        let answer = self.platform.start_cart(&cart).await;
        let now = self.now();
        let first = attempt
            .notices
            .first()
            .map(|n| n.rpt_id)
            .ok_or(LedgerError::NoticeCount { count: 0 })?;
        match answer {
            Ok(url) => {
                let until = now.plus_ms(
                    i64::try_from(self.config.checkout_session.as_millis()).unwrap_or(i64::MAX),
                );
                let mv = Move {
                    checkout: Some((&url, now, until)),
                    answer: Some(format!("302 {url}")),
                    ..Move::default()
                };
                self.write(|c| {
                    sql::move_state(
                        c,
                        id,
                        AttemptState::Verified,
                        AttemptState::CheckoutStarted,
                        mv,
                        now,
                    )
                })?;
                Ok(Started {
                    attempt: self.attempt(id)?,
                    checkout_url: url,
                })
            }
            Err(error) => {
                let indeterminate = error.is_indeterminate();
                let (to, reason) = if indeterminate {
                    (AttemptState::Unknown, Reason::NoAnswer)
                } else {
                    (AttemptState::Failed, Reason::PlatformRefused)
                };
                let mv = Move {
                    reason: Some(reason),
                    last_error: Some(error.to_string()),
                    answer: Some(format!("POST /carts: {error}")),
                    ..Move::default()
                };
                self.write(|c| sql::move_state(c, id, AttemptState::Verified, to, mv, now))?;
                Err(if indeterminate {
                    LedgerError::NoAnswer {
                        rpt_id: first,
                        attempt: id,
                        error,
                    }
                } else {
                    LedgerError::Refused {
                        rpt_id: first,
                        attempt: id,
                        error,
                    }
                })
            }
        }
    }

    /// [`verify`](Self::verify) then [`checkout`](Self::checkout): what a front calls when
    /// the payer taps "pay". The notices stay claimed from the one to the other, so that a
    /// second tap meanwhile is refused ([`LedgerError::Busy`]) and gets no second cart.
    pub async fn start(&self, request: &StartRequest) -> Result<Started, LedgerError> {
        check_cart(&request.notices)?;
        let mut claim = self.claim(&request.notices)?;
        let attempt = self.verify_held(&mut claim, &request.notices).await?;
        self.checkout_held(
            &claim,
            attempt.id,
            &request.return_urls,
            request.email.as_deref(),
        )
        .await
    }

    /// Records where Checkout sent the payer back (a hint, never evidence of payment), then
    /// asks the platform about the attempt's notices. When another operation of this process
    /// is asking already, the attempt is given as it stands (that operation settles it).
    pub async fn record_return(
        &self,
        id: AttemptId,
        hint: ReturnHint,
    ) -> Result<Attempt, LedgerError> {
        let now = self.now();
        self.write(|c| sql::set_hint(c, id, hint, now))?;
        match self.reconcile_attempt(id).await {
            Err(LedgerError::Busy { .. }) => self.attempt(id),
            other => other,
        }
    }

    /// Asks about one notice without opening an attempt (`pay status NOTICE`): its receipt
    /// when the ledger has one; the open attempt holding it reconciled, when there is one
    /// (its status after that); otherwise the platform's answer as it comes —
    /// [`NoticeStatus::Paid`] on its evidence (kept as a receipt, as every evidence is),
    /// [`NoticeStatus::Payable`], or [`NoticeStatus::NotPayable`]. No usable answer is
    /// [`LedgerError::Unanswered`], never "paid" nor "not paid".
    pub async fn check(&self, rpt_id: &RptId) -> Result<NoticeStatus, LedgerError> {
        let (receipt, open) =
            self.read(|c| Ok((sql::receipt(c, rpt_id)?, sql::open_attempt_for(c, rpt_id)?)))?;
        if let Some(receipt) = receipt {
            return Ok(NoticeStatus::Paid { receipt });
        }
        if let Some(id) = open {
            match self.reconcile_attempt(id).await {
                // Being settled by another operation: what the ledger knows meanwhile.
                Ok(_) | Err(LedgerError::Busy { .. }) => {}
                Err(e) => return Err(e),
            }
            return self.status(rpt_id);
        }
        let answer = self.platform.verify(rpt_id).await;
        let now = self.now();
        let outcome = match Verdict::from_verify(rpt_id, answer, now) {
            Verdict::Paid(evidence) => {
                self.write(|c| sql::record_receipt(c, rpt_id, &evidence, now))?;
                let receipt = self.receipt(rpt_id)?.ok_or_else(|| LedgerError::Corrupt {
                    what: "receipt",
                    value: format!("none kept for {rpt_id}"),
                })?;
                return Ok(NoticeStatus::Paid { receipt });
            }
            Verdict::Payable(info) => {
                return Ok(NoticeStatus::Payable {
                    info,
                    checked_at: now,
                });
            }
            Verdict::NoAnswer(error) | Verdict::Refused(error) => {
                return Err(LedgerError::Unanswered {
                    rpt_id: *rpt_id,
                    error,
                });
            }
            Verdict::InProgress => NoticeOutcome::InProgress,
            Verdict::Expired => NoticeOutcome::Expired,
            Verdict::Revoked => NoticeOutcome::Revoked,
            Verdict::UnknownNotice => NoticeOutcome::UnknownNotice,
            Verdict::DataError => NoticeOutcome::DataError,
            Verdict::SettledPerCreditor => NoticeOutcome::SettledPerCreditor,
        };
        Ok(NoticeStatus::NotPayable {
            outcome,
            checked_at: now,
        })
    }

    /// One attempt.
    pub fn attempt(&self, id: AttemptId) -> Result<Attempt, LedgerError> {
        self.read(|c| sql::load_attempt(c, id))?
            .ok_or(LedgerError::NoSuchAttempt { id })
    }

    /// Attempts, newest first (`open_only`: those that hold their notices).
    pub fn attempts(&self, open_only: bool, limit: usize) -> Result<Vec<Attempt>, LedgerError> {
        self.read(|c| {
            sql::attempt_ids(c, open_only, limit)?
                .into_iter()
                .map(|id| sql::load_attempt(c, id)?.ok_or(LedgerError::NoSuchAttempt { id }))
                .collect()
        })
    }

    /// An attempt's append-only log.
    pub fn transitions(&self, id: AttemptId) -> Result<Vec<Transition>, LedgerError> {
        self.read(|c| sql::transitions(c, id))
    }

    /// What the ledger knows about a notice, without asking the platform.
    pub fn status(&self, rpt_id: &RptId) -> Result<NoticeStatus, LedgerError> {
        self.read(|conn| {
            if let Some(receipt) = sql::receipt(conn, rpt_id)? {
                return Ok(NoticeStatus::Paid { receipt });
            }
            if let Some(id) = sql::open_attempt_for(conn, rpt_id)? {
                let attempt =
                    sql::load_attempt(conn, id)?.ok_or(LedgerError::NoSuchAttempt { id })?;
                return Ok(NoticeStatus::InProgress {
                    attempt: Box::new(attempt),
                });
            }
            Ok(match sql::last_seen(conn, rpt_id)? {
                Some((attempt, outcome, outcome_at)) => NoticeStatus::NotPaid {
                    attempt,
                    outcome,
                    outcome_at,
                },
                None => NoticeStatus::Unseen,
            })
        })
    }

    /// Every receipt kept, newest first.
    pub fn receipts(&self) -> Result<Vec<PaymentReceipt>, LedgerError> {
        self.read(sql::receipts)
    }

    /// The receipt of one notice, if the platform said it is paid.
    pub fn receipt(&self, rpt_id: &RptId) -> Result<Option<PaymentReceipt>, LedgerError> {
        self.read(|c| sql::receipt(c, rpt_id))
    }

    /// Refuses notices that are paid, and notices held by an open attempt that stays open
    /// once reconciled. An open attempt that never asked for a cart is closed (abandoned)
    /// without asking the platform: the new attempt takes its place. The open attempts'
    /// notices are claimed too before they are touched.
    async fn make_room(&self, claim: &mut Claim, notices: &[RptId]) -> Result<(), LedgerError> {
        let open = self.read(|c| {
            let mut open = Vec::new();
            for rpt_id in notices {
                if let Some(r) = sql::receipt(c, rpt_id)? {
                    return Err(LedgerError::AlreadyPaid {
                        rpt_id: *rpt_id,
                        recorded_at: r.recorded_at,
                    });
                }
                if let Some(id) = sql::open_attempt_for(c, rpt_id)?
                    && !open.contains(&id)
                {
                    open.push(id);
                }
            }
            Ok(open)
        })?;
        for id in open {
            let attempt = self.attempt(id)?;
            claim.take(&notices_of(&attempt))?;
            if attempt.cart_requested_at.is_none() {
                // No cart was ever asked for: no payment can come from it, so the new attempt
                // takes its place without asking the platform (whose answer it will get).
                let now = self.now();
                let mv = Move {
                    reason: Some(Reason::Abandoned),
                    answer: Some("superseded by a new attempt".into()),
                    ..Move::default()
                };
                self.write(|c| {
                    sql::move_state(c, id, attempt.state, AttemptState::Cancelled, mv, now)
                })?;
            } else {
                self.reconcile_held(claim, id).await?;
            }
        }
        let held = self.read(|c| {
            for rpt_id in notices {
                if let Some(r) = sql::receipt(c, rpt_id)? {
                    return Err(LedgerError::AlreadyPaid {
                        rpt_id: *rpt_id,
                        recorded_at: r.recorded_at,
                    });
                }
                if let Some(id) = sql::open_attempt_for(c, rpt_id)? {
                    return Ok(Some((*rpt_id, id)));
                }
            }
            Ok(None)
        })?;
        match held {
            Some((rpt_id, id)) => Err(self.in_progress(&rpt_id, id)?),
            None => Ok(()),
        }
    }

    /// The refusal for a notice held by the open attempt `id`: with the URL to continue the
    /// payment at, while its session lasts.
    fn in_progress(&self, rpt_id: &RptId, id: AttemptId) -> Result<LedgerError, LedgerError> {
        let attempt = self.attempt(id)?;
        Ok(LedgerError::InProgress {
            rpt_id: *rpt_id,
            attempt: id,
            checkout_url: self.continue_url(&attempt).map(Box::new),
            session_until: self
                .page_until(&attempt)
                .filter(|_| self.continue_url(&attempt).is_some()),
        })
    }

    fn page_until(&self, attempt: &Attempt) -> Option<Instant> {
        attempt.page_until(self.config.cart_page)
    }

    /// Where the payer can continue paying `attempt` now (see [`Attempt::continue_url`]).
    pub fn continue_url(&self, attempt: &Attempt) -> Option<Url> {
        attempt.continue_url(self.config.cart_page, self.now())
    }

    /// Writes the verification about to be made, then verifies each notice, recording each
    /// answer as it comes. Gives each verdict with the time its request was sent.
    pub(super) async fn verify_notices(
        &self,
        id: AttemptId,
        state: AttemptState,
        notices: &[RptId],
    ) -> Result<Vec<(RptId, Verdict, Instant)>, LedgerError> {
        let what = notices
            .iter()
            .map(|r| format!("GET /payment-requests/{r}"))
            .collect::<Vec<_>>()
            .join(", ");
        let now = self.now();
        self.write(|c| sql::set_pending(c, id, state, PendingCall::Verify, &what, now))?;
        let mut out = Vec::with_capacity(notices.len());
        for rpt_id in notices {
            let sent = self.now();
            let answer = self.platform.verify(rpt_id).await;
            let now = self.now();
            let verdict = Verdict::from_verify(rpt_id, answer, now);
            self.write(|c| sql::record_answer(c, id, rpt_id, &verdict, now))?;
            out.push((*rpt_id, verdict, sent));
        }
        Ok(out)
    }

    /// The refusal `verify` gives when its verdicts did not all say "payable".
    fn start_refusal(
        &self,
        id: AttemptId,
        verdicts: &[(RptId, Verdict, Instant)],
    ) -> Result<LedgerError, LedgerError> {
        let find = |f: fn(&Verdict) -> bool| verdicts.iter().find(|(_, v, _)| f(v));
        if let Some((rpt_id, _, _)) = find(|v| matches!(v, Verdict::Paid(_))) {
            let recorded_at = self
                .receipt(rpt_id)?
                .map_or_else(|| self.now(), |r| r.recorded_at);
            return Ok(LedgerError::AlreadyPaid {
                rpt_id: *rpt_id,
                recorded_at,
            });
        }
        if let Some((rpt_id, _, _)) = find(|v| matches!(v, Verdict::InProgress)) {
            return Ok(LedgerError::InProgress {
                rpt_id: *rpt_id,
                attempt: id,
                checkout_url: None,
                session_until: None,
            });
        }
        for (rpt_id, v, _) in verdicts {
            if let Some(outcome) = v.outcome().filter(|o| o.is_final())
                && outcome != NoticeOutcome::Paid
            {
                return Ok(LedgerError::NotPayable {
                    rpt_id: *rpt_id,
                    outcome,
                    attempt: id,
                });
            }
        }
        for (rpt_id, v, _) in verdicts {
            match v {
                Verdict::NoAnswer(error) => {
                    return Ok(LedgerError::NoAnswer {
                        rpt_id: *rpt_id,
                        attempt: id,
                        error: error.clone(),
                    });
                }
                Verdict::Refused(error) => {
                    return Ok(LedgerError::Refused {
                        rpt_id: *rpt_id,
                        attempt: id,
                        error: error.clone(),
                    });
                }
                _ => {}
            }
        }
        Err(LedgerError::Corrupt {
            what: "verification",
            value: format!("attempt {id}: no refusal among the answers"),
        })
    }
}

/// The notices of an attempt, in cart order.
pub(super) fn notices_of(attempt: &Attempt) -> Vec<RptId> {
    attempt.notices.iter().map(|n| n.rpt_id).collect()
}

pub(super) fn first_error(verdicts: &[(RptId, Verdict, Instant)]) -> Option<String> {
    verdicts
        .iter()
        .find_map(|(r, v, _)| v.error().map(|e| format!("{r}: {e}")))
}

fn check_cart(notices: &[RptId]) -> Result<(), LedgerError> {
    if notices.is_empty() || notices.len() > MAX_CART {
        return Err(LedgerError::NoticeCount {
            count: notices.len(),
        });
    }
    for (i, r) in notices.iter().enumerate() {
        if notices[..i].contains(r) {
            return Err(LedgerError::DuplicateNotice { rpt_id: *r });
        }
    }
    Ok(())
}

fn clip(s: &str) -> String {
    s.chars().take(CART_TEXT_MAX).collect()
}

/// The cart of a verified attempt, with the platform's amounts, descriptions and payees.
fn cart_of(
    attempt: &Attempt,
    return_urls: &ReturnUrls,
    email: Option<&str>,
) -> Result<CheckoutCart, LedgerError> {
    let mut notices = Vec::with_capacity(attempt.notices.len());
    for n in &attempt.notices {
        let amount = n.amount.ok_or(LedgerError::Corrupt {
            what: "verified amount",
            value: format!("none for {}", n.rpt_id),
        })?;
        notices.push(CartNotice {
            rpt_id: n.rpt_id,
            amount,
            description: clip(
                n.description
                    .as_deref()
                    .unwrap_or(n.rpt_id.notice_number.as_str()),
            ),
            company_name: clip(
                n.payee_name
                    .as_deref()
                    .unwrap_or(n.rpt_id.creditor.as_str()),
            ),
        });
    }
    Ok(CheckoutCart {
        notices,
        return_urls: return_urls.clone(),
        id_cart: Some(attempt.id.to_string()),
        email: email.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_platforms() {
        let c = LedgerConfig::default();
        // A payment may start until the cart page ends (10 minutes) and go on while its token
        // lives (at most 30 minutes), plus the margin.
        assert_eq!(c.checkout_session, Duration::from_secs(45 * 60));
        // The cart's page is offered for about 10 minutes, well inside the session.
        assert_eq!(c.cart_page, Duration::from_secs(10 * 60));
        assert!(c.cart_page < c.checkout_session);
    }
}
