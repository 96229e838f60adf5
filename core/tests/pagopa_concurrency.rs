//! One payment ledger shared by several threads, as the fronts share it: reads keep answering
//! while a payment waits on pagoPA, and two payments of the same notice started at once give
//! one checkout URL, never two attempts or two carts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/ledger_env.rs"]
mod ledger_env;

// In a module named after the file so that `cargo test -p campanile-core pagopa_concurrency`
// runs them.
mod pagopa_concurrency {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    use campanile_core::pagopa::ledger::{
        AttemptState, Ledger, LedgerError, NoticeStatus, PagoPaPlatform, PendingCall,
    };
    use campanile_testkit::pagopa_platform::{Fault, Target};
    use tokio::sync::Barrier;

    use super::ledger_env::{Env, add, request};

    fn shareable<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn the_ledger_is_a_shareable_handle() {
        shareable::<Ledger<PagoPaPlatform>>();
    }

    /// Two taps on "pay" for the same notice, from two threads at the same instant.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_threads_starting_the_same_notice_get_one_checkout_url() {
        let env = Env::new().await;
        let ledger = Arc::new(env.ledger());
        let mut busy = 0;
        for i in 0..20_u64 {
            let notice = add(&env.platform, 100 + i, 1_000 + i);
            if i % 2 == 0 {
                // Half the rounds hold the first verification a while, so that the two
                // overlap for sure; the others race as they come.
                env.platform.inject(
                    Target::Verify(notice.to_string()),
                    Fault::Slow(Duration::from_millis(200)),
                    1,
                );
            }
            let barrier = Arc::new(Barrier::new(2));
            let tasks: Vec<_> = (0..2)
                .map(|_| {
                    let ledger = ledger.clone();
                    let barrier = barrier.clone();
                    tokio::spawn(async move {
                        barrier.wait().await;
                        ledger.start(&request(&[notice])).await
                    })
                })
                .collect();
            let mut urls = Vec::new();
            for t in tasks {
                match t.await.unwrap() {
                    Ok(started) => urls.push(started.checkout_url),
                    Err(LedgerError::Busy { rpt_id }) => {
                        assert_eq!(rpt_id, notice);
                        busy += 1;
                    }
                    // The first one was done before the second began: it is offered the same
                    // page to continue at.
                    Err(LedgerError::InProgress {
                        rpt_id,
                        checkout_url,
                        ..
                    }) => {
                        assert_eq!(rpt_id, notice);
                        assert!(checkout_url.is_some(), "round {i}");
                    }
                    Err(e) => panic!("round {i}: {e:?}"),
                }
            }
            assert_eq!(urls.len(), 1, "round {i}: {urls:?}");
            assert_eq!(
                env.platform.carts_of(&notice.to_string()).len(),
                1,
                "round {i}"
            );
            let open: Vec<_> = ledger
                .attempts(true, 100)
                .unwrap()
                .into_iter()
                .filter(|a| a.notices.iter().any(|n| n.rpt_id == notice))
                .collect();
            assert_eq!(open.len(), 1, "round {i}");
            assert_eq!(open[0].state, AttemptState::CheckoutStarted);
            assert_eq!(open[0].checkout_url.as_ref(), urls.first());
            assert!(matches!(
                ledger.status(&notice).unwrap(),
                NoticeStatus::InProgress { .. }
            ));
        }
        assert!(env.platform.charged_twice().is_empty());
        println!("20 rounds of two starts at once: {busy} refused as busy, the others in progress");
    }

    /// While one operation works on a notice, the others on it do not wait for it nor race it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn operations_on_a_notice_being_paid_are_refused_busy_at_once() {
        let env = Env::new().await;
        let notice = add(&env.platform, 300, 700);
        let ledger = Arc::new(env.ledger());
        env.platform.inject(
            Target::Verify(notice.to_string()),
            Fault::Slow(Duration::from_secs(3)),
            1,
        );
        let first = {
            let ledger = ledger.clone();
            tokio::spawn(async move { ledger.start(&request(&[notice])).await })
        };
        let waiting_since = Instant::now();
        // Wait until the first start's verification has reached the platform (where it is held):
        // its attempt is written before the request goes out.
        let sent = || {
            env.platform
                .request_counts()
                .get("verify")
                .copied()
                .unwrap_or(0)
        };
        while ledger.attempts(true, 10).unwrap().is_empty() || sent() == 0 {
            assert!(waiting_since.elapsed() < Duration::from_secs(10));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let verifies = sent();
        // A second start, a reconciliation, a check: none asks the platform or waits.
        let err = ledger.start(&request(&[notice])).await.unwrap_err();
        assert!(
            matches!(err, LedgerError::Busy { rpt_id } if rpt_id == notice),
            "{err:?}"
        );
        let report = ledger.reconcile().await.unwrap();
        assert!(
            report.closed.is_empty() && report.still_open.len() == 1,
            "{report:?}"
        );
        assert!(matches!(
            ledger.check(&notice).await.unwrap(),
            NoticeStatus::InProgress { .. }
        ));
        assert_eq!(env.platform.request_counts()["verify"], verifies);
        assert!(!first.is_finished());
        let started = first.await.unwrap().unwrap();
        assert_eq!(started.attempt.state, AttemptState::CheckoutStarted);
        assert_eq!(env.platform.carts_of(&notice.to_string()).len(), 1);
        // Once it is over, the notice is offered to continue at the same page.
        let LedgerError::InProgress { checkout_url, .. } =
            ledger.start(&request(&[notice])).await.unwrap_err()
        else {
            panic!("not in progress");
        };
        assert_eq!(checkout_url.as_deref(), Some(&started.checkout_url));
    }

    /// A search-like read from other threads, while a payment waits seconds on pagoPA.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_answer_while_a_payment_waits_on_the_platform() {
        let env = Env::new().await;
        let notice = add(&env.platform, 200, 4_200);
        // Something to read: a paid notice with its receipt.
        let paid = add(&env.platform, 201, 100);
        env.platform.pay_elsewhere(&paid.to_string());
        let ledger = Arc::new(env.ledger());
        assert!(matches!(
            ledger.check(&paid).await.unwrap(),
            NoticeStatus::Paid { .. }
        ));
        // Checkout takes 3 s to answer (the client waits up to 5 s).
        env.platform.inject(
            Target::Cart(notice.to_string()),
            Fault::Slow(Duration::from_secs(3)),
            1,
        );
        let payment_done = Arc::new(AtomicBool::new(false));
        let payment = {
            let ledger = ledger.clone();
            let done = payment_done.clone();
            tokio::spawn(async move {
                let r = ledger.start(&request(&[notice])).await;
                done.store(true, Ordering::SeqCst);
                r
            })
        };
        // Wait until the cart call is under way: its "about to call" commit is readable.
        let waiting_since = Instant::now();
        loop {
            let open = ledger.attempts(true, 10).unwrap();
            if open
                .iter()
                .any(|a| a.pending_call == Some(PendingCall::Cart))
            {
                break;
            }
            assert!(waiting_since.elapsed() < Duration::from_secs(10));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(!payment_done.load(Ordering::SeqCst));

        // Two reader threads, each running every kind of read 10 times.
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let ledger = ledger.clone();
                let done = payment_done.clone();
                std::thread::spawn(move || {
                    let mut in_flight = 0_usize;
                    let mut total = 0_usize;
                    let mut max = Duration::ZERO;
                    for _ in 0..10 {
                        let t = Instant::now();
                        assert_eq!(ledger.receipts().unwrap().len(), 1);
                        let attempts = ledger.attempts(false, 100).unwrap();
                        assert_eq!(attempts.len(), 1);
                        let _ = ledger.status(&notice).unwrap();
                        let n: i64 = ledger
                            .db()
                            .read(|s| {
                                s.conn().query_row(
                                    "SELECT count(*) FROM payment_transitions",
                                    [],
                                    |r| r.get(0),
                                )
                            })
                            .unwrap()
                            .unwrap();
                        assert!(n > 0);
                        // The writer is free too: nothing holds it across the call.
                        let open: i64 = ledger.db().write(|s| {
                            s.conn()
                                .query_row(
                                    "SELECT count(*) FROM payment_attempts WHERE closed_at IS NULL",
                                    [],
                                    |r| r.get(0),
                                )
                                .unwrap()
                        });
                        assert_eq!(open, 1);
                        max = max.max(t.elapsed());
                        total += 1;
                        if !done.load(Ordering::SeqCst) {
                            in_flight += 1;
                        }
                    }
                    (total, in_flight, max)
                })
            })
            .collect();
        let mut total = 0;
        let mut in_flight = 0;
        let mut max = Duration::ZERO;
        for r in readers {
            let (t, f, m) = r.join().unwrap();
            total += t;
            in_flight += f;
            max = max.max(m);
        }
        // Every round of reads was over before the payment call came back.
        let still_waiting = !payment_done.load(Ordering::SeqCst);
        println!(
            "{total} rounds of reads (receipts, attempts, status, a plain read, a plain write) \
             while the cart call was in flight: {in_flight}; max round latency {max:?}"
        );
        assert_eq!(in_flight, total);
        assert!(in_flight >= 10);
        assert!(still_waiting, "the reads ended after the payment call");
        let started = payment.await.unwrap().unwrap();
        assert_eq!(started.attempt.state, AttemptState::CheckoutStarted);
        assert_eq!(env.platform.carts_of(&notice.to_string()).len(), 1);
    }

    /// A payment that waits for the writer (held by another thread for a second) blocks no
    /// other task of the runtime: on a runtime with one worker, a ticker keeps ticking.
    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_ledger_waiting_for_the_writer_leaves_the_executor_free() {
        let env = Env::new().await;
        let db = Arc::new(campanile_core::store::Db::open(&env.db).unwrap());
        let ledger = Ledger::with_db(
            db.clone(),
            super::ledger_env::clients(&env.platform, Duration::from_secs(30)),
        );
        let notice = add(&env.platform, 900, 1_500);
        let ticks = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let ticker = tokio::spawn({
            let ticks = ticks.clone();
            async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    ticks.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let holder = std::thread::spawn({
            let db = db.clone();
            move || {
                db.write(|_| {
                    held_tx.send(()).unwrap();
                    std::thread::sleep(Duration::from_secs(1));
                })
            }
        });
        held_rx.recv().unwrap();
        let before = ticks.load(Ordering::SeqCst);
        // On the runtime's one worker, like every task of a front.
        let t0 = Instant::now();
        let verified = tokio::spawn(async move { ledger.verify(&[notice]).await })
            .await
            .unwrap()
            .unwrap();
        let during = ticks.load(Ordering::SeqCst) - before;
        holder.join().unwrap();
        ticker.abort();
        assert_eq!(verified.state, AttemptState::Verified);
        println!(
            "{during} ticks of 10 ms while the payment waited {:?} for the writer",
            t0.elapsed()
        );
        assert!(
            during >= 20,
            "the executor stalled: {during} ticks in about a second"
        );
    }
}
