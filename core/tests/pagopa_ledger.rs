//! The payment ledger against the fake pagoPA platform (`campanile-testkit`), through the real
//! clients over HTTP on 127.0.0.1: one named scenario per fault, each asserting what the person
//! paying would see — paid or not, what they are told, whether they may pay again — and what
//! the platform charged.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/ledger_env.rs"]
mod ledger_env;

// In a module named after the file so that `cargo test -p campanile-core pagopa_ledger` runs them.
mod pagopa_ledger {
    use std::time::Duration;

    use campanile_core::i18n::I18n;
    use campanile_core::pagopa::ledger::{
        AttemptState, LedgerError, NoticeOutcome, NoticeStatus, Reason, ReturnHint, TransitionKind,
    };
    use campanile_core::pagopa::platform::PlatformError;
    use campanile_core::store::{Store, create_at_version};
    use campanile_testkit::pagopa_platform::{Fault, Payer, Return, Standing, Target};

    use super::ledger_env::{Env, SESSION, add, request, rpt};

    fn is_paid(status: &NoticeStatus) -> bool {
        matches!(status, NoticeStatus::Paid { .. })
    }

    #[tokio::test]
    async fn a_paid_notice_is_shown_paid_only_once_the_platform_says_so() {
        let env = Env::new().await;
        let notice = add(&env.platform, 1, 12_345);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        assert_eq!(started.attempt.state, AttemptState::CheckoutStarted);
        assert_eq!(started.attempt.total_cents(), 12_345);
        let back = env
            .platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        assert!(matches!(back, Return::Ok(_)), "{back:?}");
        // The payer is back on the "ok" page, but the ledger has not heard from pagoPA yet.
        assert!(!is_paid(&ledger.status(&notice).unwrap()));
        let attempt = ledger
            .record_return(started.attempt.id, ReturnHint::Ok)
            .await
            .unwrap();
        assert_eq!(attempt.state, AttemptState::Paid);
        assert_eq!(attempt.reason, Some(Reason::PlatformPaid));
        let NoticeStatus::Paid { receipt } = ledger.status(&notice).unwrap() else {
            panic!("not shown paid");
        };
        assert_eq!(receipt.evidence.code, "PPT_PAGAMENTO_DUPLICATO");
        assert_eq!(receipt.amount.map(|a| a.cents()), Some(12_345));
        assert_eq!(receipt.payee_name.as_deref(), Some("Comune di Fermo"));
        assert_eq!(ledger.receipts().unwrap().len(), 1);
        // Never offered again, without even asking the platform.
        let verifies = env.platform.request_counts()["verify"];
        match ledger.start(&request(&[notice])).await {
            Err(LedgerError::AlreadyPaid { rpt_id, .. }) => assert_eq!(rpt_id, notice),
            other => panic!("paid notice offered again: {other:?}"),
        }
        assert_eq!(env.platform.request_counts()["verify"], verifies);
        assert_eq!(env.platform.charges(&notice.to_string()), 1);
        assert_eq!(env.platform.carts().len(), 1);
        // The log tells the story, in order.
        let states: Vec<_> = ledger
            .transitions(attempt.id)
            .unwrap()
            .into_iter()
            .filter(|t| t.kind == TransitionKind::State)
            .map(|t| t.to_state.unwrap().code())
            .collect();
        assert_eq!(states, ["draft", "verified", "checkout-started", "paid"]);
    }

    #[tokio::test]
    async fn the_ok_return_is_a_hint_not_evidence() {
        let env = Env::new().await;
        let notice = add(&env.platform, 2, 500);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        // The payer only looked; the front reports "ok" anyway (a lying or mistaken return).
        let back = env
            .platform
            .visit(started.checkout_url.as_str(), Payer::Leave)
            .await;
        assert_eq!(back, Return::Stayed);
        let attempt = ledger
            .record_return(started.attempt.id, ReturnHint::Ok)
            .await
            .unwrap();
        assert_eq!(attempt.state, AttemptState::CheckoutStarted);
        assert_eq!(attempt.return_hint, Some(ReturnHint::Ok));
        assert!(!is_paid(&ledger.status(&notice).unwrap()));
        assert!(ledger.receipts().unwrap().is_empty());
        assert_eq!(env.platform.charges(&notice.to_string()), 0);
    }

    #[tokio::test]
    async fn an_error_return_after_a_real_payment_still_ends_paid() {
        let env = Env::new().await;
        let notice = add(&env.platform, 3, 700);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        let back = env
            .platform
            .visit(started.checkout_url.as_str(), Payer::PayThenError)
            .await;
        assert!(matches!(back, Return::Error(_)));
        let attempt = ledger
            .record_return(started.attempt.id, ReturnHint::Error)
            .await
            .unwrap();
        assert_eq!(attempt.state, AttemptState::Paid);
        assert!(is_paid(&ledger.status(&notice).unwrap()));
    }

    #[tokio::test]
    async fn cart_accepted_then_no_answer_is_unknown_then_failed_never_paid() {
        let env = Env::new().await;
        env.platform.set_session_ttl(None);
        let notice = add(&env.platform, 4, 1_000);
        let ledger = env.ledger_timeout(Duration::from_millis(300));
        env.platform
            .inject(Target::Cart(notice.to_string()), Fault::AcceptThenHang, 1);
        let err = ledger.start(&request(&[notice])).await.unwrap_err();
        let LedgerError::NoAnswer { attempt, error, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(*error, PlatformError::Timeout);
        let text = I18n::new("it").localize(&err);
        assert!(text.contains("nulla è stato pagato"), "{text}");
        // The platform made the cart; nobody got its URL.
        assert_eq!(env.platform.carts().len(), 1);
        let a = ledger.attempt(*attempt).unwrap();
        assert_eq!(a.state, AttemptState::Unknown);
        assert!(a.cart_requested_at.is_some() && a.checkout_url.is_none());
        assert!(matches!(
            ledger.status(&notice).unwrap(),
            NoticeStatus::InProgress { .. }
        ));
        // Restart: reconciliation finds the notice payable, and no URL ever reached the payer.
        drop(ledger);
        let ledger = env.ledger();
        let report = ledger.reconcile().await.unwrap();
        assert_eq!(report.closed, vec![(*attempt, AttemptState::Failed)]);
        assert_eq!(
            ledger.attempt(*attempt).unwrap().reason,
            Some(Reason::CheckoutNotOpened)
        );
        // Paying again works, and charges once.
        let started = ledger.start(&request(&[notice])).await.unwrap();
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        ledger.reconcile().await.unwrap();
        assert!(is_paid(&ledger.status(&notice).unwrap()));
        assert_eq!(env.platform.charges(&notice.to_string()), 1);
    }

    #[tokio::test]
    async fn dropped_connections_before_or_after_the_cart_leave_nothing_paid() {
        let env = Env::new().await;
        for (i, fault, carts) in [
            (5, Fault::DropBeforeWork, 0),
            (6, Fault::DropAfterWork, 1),
            (
                7,
                Fault::ServerError {
                    status: 500,
                    after_work: true,
                },
                1,
            ),
            (
                8,
                Fault::ServerError {
                    status: 502,
                    after_work: false,
                },
                0,
            ),
        ] {
            let notice = add(&env.platform, i, 2_000);
            env.platform
                .inject(Target::Cart(notice.to_string()), fault.clone(), 1);
            let ledger = env.ledger();
            let err = ledger.start(&request(&[notice])).await.unwrap_err();
            assert!(
                matches!(err, LedgerError::NoAnswer { .. }),
                "{fault:?}: {err:?}"
            );
            assert_eq!(env.platform.carts_of(&notice.to_string()).len(), carts);
            // Trying again at once: the open attempt is reconciled first, then a new cart.
            let started = ledger.start(&request(&[notice])).await.unwrap();
            assert_eq!(env.platform.carts_of(&notice.to_string()).len(), carts + 1);
            env.platform
                .visit(started.checkout_url.as_str(), Payer::Pay)
                .await;
            let a = ledger
                .record_return(started.attempt.id, ReturnHint::Ok)
                .await
                .unwrap();
            assert_eq!(a.state, AttemptState::Paid, "{fault:?}");
            assert_eq!(env.platform.charges(&notice.to_string()), 1, "{fault:?}");
        }
    }

    #[tokio::test]
    async fn a_duplicated_cart_request_gives_one_url_and_one_charge() {
        let env = Env::new().await;
        let notice = add(&env.platform, 9, 3_000);
        env.platform
            .inject(Target::Cart(notice.to_string()), Fault::Duplicate, 1);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        assert_eq!(env.platform.carts().len(), 2);
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        let report = ledger.reconcile().await.unwrap();
        assert_eq!(
            report.closed,
            vec![(started.attempt.id, AttemptState::Paid)]
        );
        assert_eq!(env.platform.charges(&notice.to_string()), 1);
    }

    /// Checkout reads the cart and refuses it (422): no cart was made, so the attempt is closed
    /// as failed at once with that outcome (not "no answer", not "bad request"), and the notice
    /// is free for a new attempt.
    #[tokio::test]
    async fn a_cart_checkout_refuses_closes_the_attempt_and_frees_the_notice() {
        let env = Env::new().await;
        let notice = add(&env.platform, 31, 2_500);
        env.platform
            .inject(Target::Cart(notice.to_string()), Fault::Unprocessable, 1);
        let ledger = env.ledger();
        let err = ledger.start(&request(&[notice])).await.unwrap_err();
        let LedgerError::Refused {
            attempt,
            error: PlatformError::Unprocessable { detail },
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert!(detail.contains("cannot be processed"), "{detail}");
        let a = ledger.attempt(*attempt).unwrap();
        assert_eq!(a.state, AttemptState::Failed);
        assert_eq!(a.reason, Some(Reason::PlatformRefused));
        assert!(env.platform.carts().is_empty());
        let started = ledger.start(&request(&[notice])).await.unwrap();
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        ledger.reconcile().await.unwrap();
        assert!(is_paid(&ledger.status(&notice).unwrap()));
    }

    #[tokio::test]
    async fn verification_faults_refuse_to_start_and_the_next_try_works() {
        let env = Env::new().await;
        let notice = add(&env.platform, 10, 4_000);
        let ledger = env.ledger();
        let target = Target::Verify(notice.to_string());
        for fault in [
            Fault::ServerError {
                status: 502,
                after_work: false,
            },
            Fault::DropBeforeWork,
            Fault::Duplicate,
            Fault::CreditorUnavailable,
        ] {
            env.platform.inject(target.clone(), fault.clone(), 1);
            let result = ledger.start(&request(&[notice])).await;
            match (&fault, result) {
                // A doubled answer is still one good answer.
                (Fault::Duplicate, Ok(started)) => {
                    env.platform
                        .visit(started.checkout_url.as_str(), Payer::Cancel)
                        .await;
                    ledger
                        .record_return(started.attempt.id, ReturnHint::Cancel)
                        .await
                        .unwrap();
                    // Cancelled by the payer, but the session may still be used: it stays open
                    // until it ends; then the notice can be paid again.
                    env.platform.advance(SESSION + Duration::from_secs(1));
                    let a = ledger.reconcile_attempt(started.attempt.id).await.unwrap();
                    assert_eq!(a.state, AttemptState::Cancelled);
                    assert_eq!(a.reason, Some(Reason::SessionEnded));
                }
                (Fault::CreditorUnavailable, Err(LedgerError::Refused { attempt, .. })) => {
                    // A refusal says nothing was started: the attempt is closed at once.
                    assert_eq!(ledger.attempt(attempt).unwrap().state, AttemptState::Failed);
                }
                (_, Err(LedgerError::NoAnswer { attempt, .. })) => {
                    assert_eq!(
                        ledger.attempt(attempt).unwrap().state,
                        AttemptState::Unknown
                    );
                }
                (f, other) => panic!("{f:?}: {other:?}"),
            }
        }
        // Every refusal left the notice payable: it is paid once.
        let started = ledger.start(&request(&[notice])).await.unwrap();
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        ledger.reconcile().await.unwrap();
        assert!(is_paid(&ledger.status(&notice).unwrap()));
        assert_eq!(env.platform.charges(&notice.to_string()), 1);
        assert_eq!(ledger.attempts(true, 100).unwrap().len(), 0);
    }

    #[tokio::test]
    async fn a_payment_in_progress_waits_and_is_never_started_twice() {
        let env = Env::new().await;
        let notice = add(&env.platform, 11, 5_000);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        let back = env
            .platform
            .visit(started.checkout_url.as_str(), Payer::Start)
            .await;
        assert_eq!(back, Return::Stayed);
        // Long after the session would have ended, the payment is still under way.
        env.platform.advance(SESSION * 2);
        let report = ledger.reconcile().await.unwrap();
        assert_eq!(report.still_open, vec![started.attempt.id]);
        let a = ledger.attempt(started.attempt.id).unwrap();
        assert_eq!(a.reason, Some(Reason::PaymentInProgress));
        let err = ledger.start(&request(&[notice])).await.unwrap_err();
        assert!(
            matches!(err, LedgerError::InProgress { attempt, .. } if attempt == started.attempt.id),
            "{err:?}"
        );
        assert_eq!(env.platform.carts().len(), 1);
        // The payment goes through.
        env.platform.settle(&notice.to_string(), true);
        let report = ledger.reconcile().await.unwrap();
        assert_eq!(
            report.closed,
            vec![(started.attempt.id, AttemptState::Paid)]
        );
        assert_eq!(env.platform.charges(&notice.to_string()), 1);
    }

    #[tokio::test]
    async fn an_open_checkout_is_continued_not_started_again_until_its_session_ends() {
        let env = Env::new().await;
        let notice = add(&env.platform, 12, 6_000);
        let ledger = env.ledger();
        let first = ledger.start(&request(&[notice])).await.unwrap();
        env.platform
            .visit(first.checkout_url.as_str(), Payer::Leave)
            .await;
        // The person taps "pay" again: the same page is offered, no second cart.
        let err = ledger.start(&request(&[notice])).await.unwrap_err();
        let LedgerError::InProgress { checkout_url, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(checkout_url.as_deref(), Some(&first.checkout_url));
        assert_eq!(
            ledger.continue_url(&ledger.attempt(first.attempt.id).unwrap()),
            Some(first.checkout_url.clone())
        );
        let text = I18n::new("en").localize(&err);
        assert!(text.contains(first.checkout_url.as_str()), "{text}");
        assert_eq!(env.platform.carts().len(), 1);
        // Past the cart page's life the page is no longer offered, though a payment may still
        // be under way through it: the notice stays held, with nothing to continue at.
        env.platform
            .advance(campanile_core::pagopa::ledger::CART_PAGE + Duration::from_secs(1));
        let err = ledger.start(&request(&[notice])).await.unwrap_err();
        let LedgerError::InProgress {
            checkout_url,
            session_until,
            ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!((checkout_url, session_until), (&None, &None), "{err:?}");
        assert_eq!(
            ledger.continue_url(&ledger.attempt(first.attempt.id).unwrap()),
            None
        );
        assert_eq!(env.platform.carts().len(), 1);
        // Once the session is over and the platform says "payable", a new payment may start.
        env.platform.advance(SESSION + Duration::from_secs(1));
        let second = ledger.start(&request(&[notice])).await.unwrap();
        assert_ne!(second.checkout_url, first.checkout_url);
        let a = ledger.attempt(first.attempt.id).unwrap();
        assert_eq!(
            (a.state, a.reason),
            (AttemptState::Cancelled, Some(Reason::SessionEnded))
        );
        // The old page cannot be paid any more; the new one can, once.
        let old = env
            .platform
            .visit(first.checkout_url.as_str(), Payer::Pay)
            .await;
        assert!(matches!(old, Return::Error(_)), "{old:?}");
        env.platform
            .visit(second.checkout_url.as_str(), Payer::Pay)
            .await;
        ledger.reconcile().await.unwrap();
        assert!(is_paid(&ledger.status(&notice).unwrap()));
        assert_eq!(env.platform.charges(&notice.to_string()), 1);
    }

    #[tokio::test]
    async fn a_notice_paid_or_being_paid_elsewhere_is_refused() {
        let env = Env::new().await;
        let paid = add(&env.platform, 13, 100);
        let paying = add(&env.platform, 14, 100);
        env.platform.pay_elsewhere(&paid.to_string());
        env.platform
            .set_ongoing_elsewhere(&paying.to_string(), true);
        let ledger = env.ledger();
        let err = ledger.start(&request(&[paid])).await.unwrap_err();
        assert!(matches!(err, LedgerError::AlreadyPaid { .. }), "{err:?}");
        assert!(is_paid(&ledger.status(&paid).unwrap()));
        let text = I18n::new("it").localize(&err);
        assert!(text.contains("già pagato"), "{text}");

        let err = ledger.start(&request(&[paying])).await.unwrap_err();
        let LedgerError::InProgress {
            attempt,
            checkout_url: None,
            ..
        } = err
        else {
            panic!("{err:?}");
        };
        assert_eq!(
            ledger.attempt(attempt).unwrap().state,
            AttemptState::Unknown
        );
        // The other channel's payment goes through: the attempt learns it.
        env.platform
            .set_ongoing_elsewhere(&paying.to_string(), false);
        env.platform.pay_elsewhere(&paying.to_string());
        ledger.reconcile().await.unwrap();
        assert!(is_paid(&ledger.status(&paying).unwrap()));
        assert!(env.platform.carts().is_empty());
    }

    #[tokio::test]
    async fn slow_answers_within_the_timeout_are_fine_past_it_unknown() {
        let env = Env::new().await;
        let quick = add(&env.platform, 15, 100);
        let slow = add(&env.platform, 16, 100);
        env.platform.inject(
            Target::Verify(quick.to_string()),
            Fault::Slow(Duration::from_millis(50)),
            1,
        );
        env.platform.inject(
            Target::Cart(slow.to_string()),
            Fault::Slow(Duration::from_secs(3)),
            1,
        );
        let ledger = env.ledger_timeout(Duration::from_millis(500));
        ledger.start(&request(&[quick])).await.unwrap();
        let err = ledger.start(&request(&[slow])).await.unwrap_err();
        assert!(
            matches!(
                &err,
                LedgerError::NoAnswer {
                    error: PlatformError::Timeout,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(!is_paid(&ledger.status(&slow).unwrap()));
    }

    #[tokio::test]
    async fn killed_while_the_cart_is_on_its_way_the_restarted_app_closes_it_unpaid() {
        let env = Env::new().await;
        let notice = add(&env.platform, 17, 800);
        env.platform.inject(
            Target::Cart(notice.to_string()),
            Fault::Slow(Duration::from_secs(2)),
            1,
        );
        let ledger = env.ledger();
        // The app dies while waiting for Checkout (the future is dropped mid-call).
        let killed = tokio::time::timeout(
            Duration::from_millis(400),
            ledger.start(&request(&[notice])),
        )
        .await;
        assert!(killed.is_err());
        drop(ledger);
        let ledger = env.ledger();
        let open = ledger.attempts(true, 10).unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].state, AttemptState::Verified);
        assert!(
            open[0].cart_requested_at.is_some(),
            "the cart was written before the call"
        );
        let report = ledger.reconcile().await.unwrap();
        assert_eq!(report.closed, vec![(open[0].id, AttemptState::Failed)]);
        assert_eq!(env.platform.carts().len(), 1);
        assert_eq!(env.platform.charges(&notice.to_string()), 0);
    }

    #[tokio::test]
    async fn notices_that_cannot_be_paid_say_why() {
        let env = Env::new().await;
        let expired = add(&env.platform, 18, 100);
        let revoked_later = add(&env.platform, 19, 100);
        let unknown = rpt(20);
        env.platform
            .set_standing(&expired.to_string(), Standing::Expired);
        let ledger = env.ledger();
        let err = ledger.start(&request(&[expired])).await.unwrap_err();
        let LedgerError::NotPayable {
            outcome, attempt, ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(*outcome, NoticeOutcome::Expired);
        assert_eq!(
            ledger.attempt(*attempt).unwrap().state,
            AttemptState::Expired
        );
        assert!(I18n::new("en").localize(&err).contains("has expired"));
        let err = ledger.start(&request(&[unknown])).await.unwrap_err();
        assert!(
            matches!(
                err,
                LedgerError::NotPayable {
                    outcome: NoticeOutcome::UnknownNotice,
                    ..
                }
            ),
            "{err:?}"
        );
        // Revoked by the creditor while the payment page is open: closed at once.
        let started = ledger.start(&request(&[revoked_later])).await.unwrap();
        env.platform
            .set_standing(&revoked_later.to_string(), Standing::Revoked);
        let a = ledger.reconcile_attempt(started.attempt.id).await.unwrap();
        assert_eq!(
            (a.state, a.reason),
            (AttemptState::Cancelled, Some(Reason::NoticeRevoked))
        );
        let back = env
            .platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        assert!(matches!(back, Return::Error(_)));
    }

    #[tokio::test]
    async fn a_cart_of_two_notices_is_paid_together() {
        let env = Env::new().await;
        let a = add(&env.platform, 21, 1_500);
        let b = add(&env.platform, 22, 2_500);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[a, b])).await.unwrap();
        assert_eq!(started.attempt.total_cents(), 4_000);
        assert_eq!(
            env.platform.carts()[0].id_cart,
            Some(started.attempt.id.to_string())
        );
        // Each notice is held by the open attempt.
        for n in [a, b] {
            assert!(matches!(
                ledger.start(&request(&[n])).await,
                Err(LedgerError::InProgress { .. })
            ));
        }
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        let done = ledger
            .record_return(started.attempt.id, ReturnHint::Ok)
            .await
            .unwrap();
        assert_eq!(done.state, AttemptState::Paid);
        assert_eq!(ledger.receipts().unwrap().len(), 2);
        for e in [
            ledger.start(&request(&[a, b])).await.unwrap_err(),
            ledger.start(&request(&[a, a])).await.unwrap_err(),
            ledger.start(&request(&[])).await.unwrap_err(),
        ] {
            assert!(
                matches!(
                    e,
                    LedgerError::AlreadyPaid { .. }
                        | LedgerError::DuplicateNotice { .. }
                        | LedgerError::NoticeCount { count: 0 }
                ),
                "{e:?}"
            );
        }
    }

    #[tokio::test]
    async fn the_database_refuses_what_the_ledger_must_never_do() {
        let env = Env::new().await;
        let notice = add(&env.platform, 23, 900);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        let id = started.attempt.id.0;
        let db = ledger.db().clone();
        let refused = |sql: &str| {
            let e = db
                .write(|s| s.conn().execute_batch(sql))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("payment ledger") || e.contains("UNIQUE"),
                "{sql}: {e}"
            );
        };
        // A second open attempt for the same notice.
        refused(&format!(
            "INSERT INTO payment_attempts (id, state, created_at, updated_at) VALUES (999, 'draft', 0, 0);
             INSERT INTO payment_attempt_notices (attempt_id, position, rpt_id) VALUES (999, 0, '{notice}');"
        ));
        // Paid without the platform's evidence.
        refused(&format!(
            "UPDATE payment_attempts SET state = 'paid', closed_at = 1 WHERE id = {id}"
        ));
        // Back to verified, a new URL, deleting the story.
        refused(&format!(
            "UPDATE payment_attempts SET state = 'verified' WHERE id = {id}"
        ));
        refused(&format!(
            "UPDATE payment_attempts SET checkout_url = 'https://elsewhere.example/' WHERE id = {id}"
        ));
        refused("DELETE FROM payment_transitions");
        refused(&format!("DELETE FROM payment_attempts WHERE id = {id}"));
        // Once paid, final.
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        ledger.reconcile().await.unwrap();
        for sql in [
            format!("UPDATE payment_attempts SET state = 'failed' WHERE id = {id}"),
            format!(
                "UPDATE payment_attempt_notices SET outcome = 'payable' WHERE attempt_id = {id}"
            ),
            "UPDATE payment_receipts SET amount_cents = 1".to_string(),
            "DELETE FROM payment_receipts".to_string(),
        ] {
            let e = db
                .write(|s| s.conn().execute_batch(&sql))
                .unwrap_err()
                .to_string();
            assert!(e.contains("payment ledger"), "{sql}: {e}");
        }
    }

    /// `pay status NOTICE`: asking pagoPA about a notice opens no attempt, so looking at a
    /// notice never makes it read "in progress".
    #[tokio::test]
    async fn checking_a_notice_asks_the_platform_without_opening_an_attempt() {
        let env = Env::new().await;
        let notice = add(&env.platform, 30, 2_500);
        let ledger = env.ledger();
        for _ in 0..10 {
            let NoticeStatus::Payable { info, .. } = ledger.check(&notice).await.unwrap() else {
                panic!("not payable");
            };
            assert_eq!(info.amount.cents(), 2_500);
        }
        assert_eq!(env.platform.request_counts()["verify"], 10);
        assert!(ledger.attempts(false, 100).unwrap().is_empty());
        assert_eq!(ledger.status(&notice).unwrap(), NoticeStatus::Unseen);
        // It can still be paid: nothing holds it.
        let started = ledger.start(&request(&[notice])).await.unwrap();
        assert_eq!(started.attempt.state, AttemptState::CheckoutStarted);

        // Expired: not payable, said so, still no attempt.
        let old = add(&env.platform, 31, 900);
        env.platform
            .set_standing(&old.to_string(), Standing::Expired);
        assert!(matches!(
            ledger.check(&old).await.unwrap(),
            NoticeStatus::NotPayable {
                outcome: NoticeOutcome::Expired,
                ..
            }
        ));
        // No answer: an error, never paid nor not paid; nothing recorded.
        let quiet = add(&env.platform, 32, 900);
        env.platform
            .inject(Target::Verify(quiet.to_string()), Fault::DropBeforeWork, 10);
        let err = ledger.check(&quiet).await.unwrap_err();
        env.platform.clear_faults(None);
        let LedgerError::Unanswered { rpt_id, error } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(*rpt_id, quiet);
        assert!(error.is_indeterminate(), "{error:?}");
        assert_eq!(ledger.attempts(false, 100).unwrap().len(), 1);
        assert!(ledger.receipts().unwrap().is_empty());
    }

    /// The creditor's own "duplicate" (PAA_PAGAMENTO_DUPLICATO) is no receipt: a plan's
    /// payment in full, once some instalments are paid, gets it while money is still owed.
    #[tokio::test]
    async fn the_creditors_duplicate_is_not_a_receipt() {
        let env = Env::new().await;
        let notice = add(&env.platform, 34, 9_000);
        env.platform
            .set_standing(&notice.to_string(), Standing::SettledPerCreditor);
        let ledger = env.ledger();
        let status = ledger.check(&notice).await.unwrap();
        assert!(
            matches!(
                status,
                NoticeStatus::NotPayable {
                    outcome: NoticeOutcome::SettledPerCreditor,
                    ..
                }
            ),
            "{status:?}"
        );
        match ledger.start(&request(&[notice])).await.unwrap_err() {
            LedgerError::NotPayable {
                rpt_id, outcome, ..
            } => {
                assert_eq!(rpt_id, notice);
                assert_eq!(outcome, NoticeOutcome::SettledPerCreditor);
            }
            other => panic!("{other:?}"),
        }
        assert!(ledger.receipts().unwrap().is_empty(), "no receipt kept");
        assert!(!matches!(
            ledger.status(&notice).unwrap(),
            NoticeStatus::Paid { .. }
        ));
        let attempts = ledger.attempts(false, 10).unwrap();
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0].state, AttemptState::Failed);
        assert_eq!(attempts[0].reason, Some(Reason::SettledPerCreditor));
        assert_eq!(env.platform.charges(&notice.to_string()), 0);
    }

    #[tokio::test]
    async fn checking_a_notice_paid_elsewhere_reads_paid_and_keeps_the_evidence() {
        let env = Env::new().await;
        let notice = add(&env.platform, 33, 4_000);
        let ledger = env.ledger();
        env.platform.pay_elsewhere(&notice.to_string());
        let NoticeStatus::Paid { receipt } = ledger.check(&notice).await.unwrap() else {
            panic!("not shown paid");
        };
        assert_eq!(receipt.evidence.code, "PPT_PAGAMENTO_DUPLICATO");
        assert_eq!(receipt.attempt, None);
        assert!(ledger.attempts(false, 100).unwrap().is_empty());
        // Kept: read offline, never offered again, not even asked about again.
        assert!(matches!(
            ledger.status(&notice).unwrap(),
            NoticeStatus::Paid { .. }
        ));
        let verifies = env.platform.request_counts()["verify"];
        assert!(matches!(
            ledger.check(&notice).await.unwrap(),
            NoticeStatus::Paid { .. }
        ));
        assert!(matches!(
            ledger.start(&request(&[notice])).await.unwrap_err(),
            LedgerError::AlreadyPaid { .. }
        ));
        assert_eq!(env.platform.request_counts()["verify"], verifies);
        assert!(env.platform.carts().is_empty());
    }

    #[tokio::test]
    async fn checking_a_notice_held_by_an_attempt_reconciles_that_attempt() {
        let env = Env::new().await;
        let notice = add(&env.platform, 34, 600);
        let ledger = env.ledger();
        let started = ledger.start(&request(&[notice])).await.unwrap();
        assert!(matches!(
            ledger.check(&notice).await.unwrap(),
            NoticeStatus::InProgress { .. }
        ));
        env.platform
            .visit(started.checkout_url.as_str(), Payer::Pay)
            .await;
        let NoticeStatus::Paid { receipt } = ledger.check(&notice).await.unwrap() else {
            panic!("not shown paid");
        };
        assert_eq!(receipt.attempt, Some(started.attempt.id));
        assert_eq!(receipt.amount.map(|a| a.cents()), Some(600));
        assert_eq!(ledger.attempts(false, 100).unwrap().len(), 1);
        assert_eq!(
            ledger.attempt(started.attempt.id).unwrap().state,
            AttemptState::Paid
        );
    }

    #[test]
    fn a_schema_3_database_gets_the_ledger_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.db");
        {
            let conn = create_at_version(&path, 3).unwrap();
            conn.execute(
                "INSERT INTO beacon_registry (beacon, poi_id, name, updated_at) VALUES ('b', 'p', 'n', 0)",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            campanile_core::store::MIGRATIONS.last().unwrap().version
        );
        let beacons: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM beacon_registry", [], |r| r.get(0))
            .unwrap();
        assert_eq!(beacons, 1);
        let attempts: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM payment_attempts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(attempts, 0);
    }
}
