//! The core's handle as every front holds it: one `Campanile`, shared by threads, opened on a
//! database file with the host's secret store and clock, paying through the fake pagoPA
//! platform of the testkit on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use campanile_core::host::{Clock, MemorySecrets, SecretStore};
use campanile_core::opendata::import::ImportOptions;
use campanile_core::pagopa::ledger::NoticeStatus;
use campanile_core::pagopa::platform::ReturnUrls;
use campanile_core::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use campanile_core::secrets::SecretName;
use campanile_core::{
    Campanile, Config, Database, ErrorClass, Host, PagoPaConfig, PagoPaEnvironment, SearchRequest,
};
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform, Fault, Target};
use url::Url;

/// The fake platform's clock, read by the handle as the host's clock.
struct FakeClock(Arc<AtomicI64>);

impl Clock for FakeClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

struct Env {
    core: Campanile,
    platform: FakePlatform,
    _dir: tempfile::TempDir,
}

/// A handle on a fresh database file with the bundled sample's places, its keys in memory,
/// pointed at a fresh fake platform.
async fn env() -> Env {
    let platform = FakePlatform::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(Database::File(dir.path().join("campanile.db")), "en");
    config.pagopa = PagoPaConfig {
        environment: PagoPaEnvironment::Custom,
        payment_requests_url: Some(Url::parse(&platform.payment_requests_base()).unwrap()),
        checkout_url: Some(Url::parse(&platform.checkout_base()).unwrap()),
        gpd_url: Some(Url::parse("http://127.0.0.1:9/gpd").unwrap()),
        own_comuni: Vec::new(),
        timeout: Duration::from_secs(30),
    };
    let secrets = MemorySecrets::default();
    secrets
        .set(
            SecretName::PagopaPaymentRequestsKey,
            "requests-key-0123456789",
        )
        .unwrap();
    secrets
        .set(SecretName::PagopaCheckoutKey, "checkout-key-0123456789")
        .unwrap();
    let host = Host {
        secrets: Arc::new(secrets),
        clock: Arc::new(FakeClock(platform.clock())),
    };
    let core = Campanile::open(config, host).unwrap();
    let sample = campanile_testkit::sample::sample_csv().into_bytes();
    let report = core
        .places()
        .import_bytes("pois-piceno-fermano.csv", sample, &ImportOptions::default())
        .await
        .unwrap();
    assert!(report.applied.inserted > 200, "{report:?}");
    Env {
        core,
        platform,
        _dir: dir,
    }
}

fn notice(i: u64) -> RptId {
    let creditor = CreditorFiscalCode::parse("00085240950").unwrap();
    let number = NoticeNumber::compose(AuxDigit::Three, &format!("01{i:013}")).unwrap();
    RptId::new(creditor, number)
}

fn return_urls() -> ReturnUrls {
    let u = |p: &str| Url::parse(&format!("https://app.campanile.example/pay/{p}")).unwrap();
    ReturnUrls {
        ok: u("ok"),
        cancel: u("cancel"),
        error: u("error"),
    }
}

/// Searches from three threads keep answering, each within milliseconds, while the platform
/// holds a payment call open for three seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_answer_while_a_payment_waits_on_pagopa() {
    let env = env().await;
    let rpt = notice(1);
    env.platform
        .add_notice(FakeNotice::new(&rpt.to_string(), 12_345));
    env.platform.inject(
        Target::Cart(rpt.to_string()),
        Fault::Slow(Duration::from_secs(3)),
        1,
    );
    let in_flight = Arc::new(AtomicBool::new(true));
    let payment = {
        let core = env.core.clone();
        let in_flight = in_flight.clone();
        tokio::spawn(async move {
            let started = core.payments().start(vec![rpt], return_urls(), None).await;
            in_flight.store(false, Ordering::SeqCst);
            started
        })
    };
    // Let the payment reach the platform first.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let searchers: Vec<_> = (0..3)
        .map(|t| {
            let core = env.core.clone();
            let in_flight = in_flight.clone();
            std::thread::spawn(move || {
                let queries = ["asc", "fermo", "museo", "chiesa san", "teatro"];
                let (mut during, mut max) = (0_u32, Duration::ZERO);
                let mut i = t;
                while in_flight.load(Ordering::SeqCst) && during < 200 {
                    let t0 = Instant::now();
                    let hits = core
                        .places()
                        .search(&SearchRequest {
                            text: queries[i % queries.len()].to_string(),
                            ..SearchRequest::default()
                        })
                        .unwrap();
                    let took = t0.elapsed();
                    assert!(!hits.is_empty(), "{}", queries[i % queries.len()]);
                    // Counted only when the payment was still waiting once the answer came.
                    if in_flight.load(Ordering::SeqCst) {
                        during += 1;
                        max = max.max(took);
                    }
                    i += 1;
                    std::thread::sleep(Duration::from_millis(5));
                }
                (during, max)
            })
        })
        .collect();
    let started = payment.await.unwrap().unwrap();
    assert!(
        started
            .checkout_url
            .as_str()
            .starts_with(&env.platform.url())
    );
    for (t, s) in searchers.into_iter().enumerate() {
        let (during, max) = s.join().unwrap();
        println!("searcher {t}: {during} searches while the payment waited, slowest {max:?}");
        assert!(during >= 10, "searcher {t} answered only {during} times");
    }
}

/// Looking at a notice nobody is paying, ten times, opens no attempt and leaves it payable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checking_an_unseen_notice_ten_times_opens_no_attempt() {
    let env = env().await;
    let rpt = notice(2);
    env.platform
        .add_notice(FakeNotice::new(&rpt.to_string(), 500));
    for _ in 0..10 {
        let status = env.core.payments().check(&rpt).await.unwrap();
        assert!(matches!(status, NoticeStatus::Payable { .. }), "{status:?}");
    }
    assert!(
        env.core
            .payments()
            .attempts_offline(100)
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        env.core.payments().status(&rpt).unwrap(),
        NoticeStatus::Unseen
    ));
    // Paid elsewhere meanwhile: the next look says paid, with the platform's evidence kept.
    env.platform.pay_elsewhere(&rpt.to_string());
    let status = env.core.payments().check(&rpt).await.unwrap();
    assert!(matches!(status, NoticeStatus::Paid { .. }), "{status:?}");
    assert_eq!(env.core.payments().receipts().unwrap().len(), 1);
    assert!(
        env.core
            .payments()
            .attempts_offline(100)
            .unwrap()
            .is_empty()
    );
}

/// The same fault has the same class whichever part meets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_come_out_classified_with_a_code_and_words() {
    let env = env().await;
    let places = env.core.places();
    let e = places.parse_position("95,12").unwrap_err();
    assert_eq!(e.class, ErrorClass::BadInput);
    assert_eq!(e.code, "places.bad-position");
    assert!(e.message.contains("95,12"), "{}", e.message);
    let e = places.get("no-such-place").unwrap_err();
    assert_eq!(e.class, ErrorClass::NotFound);
    let e = env.core.payments().parse("123", None).unwrap_err();
    assert_eq!(e.class, ErrorClass::BadInput);
    assert_eq!(e.code, "pay.bad-notice");
    // No answer from pagoPA to a question: unavailable, ask again; never "paid".
    let rpt = notice(3);
    env.platform
        .add_notice(FakeNotice::new(&rpt.to_string(), 700));
    env.platform
        .inject(Target::Verify(rpt.to_string()), Fault::DropBeforeWork, 10);
    let e = env.core.payments().check(&rpt).await.unwrap_err();
    assert_eq!(e.class, ErrorClass::Unavailable, "{e:?}");
    // No answer while paying: the outcome is unknown.
    let e = env.core.payments().verify(&[rpt]).await.unwrap_err();
    assert_eq!(e.class, ErrorClass::OutcomeUnknown, "{e:?}");
    assert_eq!(e.details.get("notice"), Some(&rpt.to_string()));
    // Italian on request, the same class and code.
    env.core.set_language("it");
    let e = places.parse_position("95,12").unwrap_err();
    assert_eq!(e.code, "places.bad-position");
    assert!(e.message.contains("95,12"));
}

/// A key missing from the host's store is said by name, before anything is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_key_is_named_and_nothing_is_sent() {
    let platform = FakePlatform::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(Database::File(dir.path().join("c.db")), "en");
    config.pagopa.environment = PagoPaEnvironment::Custom;
    config.pagopa.payment_requests_url =
        Some(Url::parse(&platform.payment_requests_base()).unwrap());
    config.pagopa.checkout_url = Some(Url::parse(&platform.checkout_base()).unwrap());
    config.pagopa.gpd_url = Some(Url::parse("http://127.0.0.1:9/gpd").unwrap());
    let host = Host {
        secrets: Arc::new(MemorySecrets::default()),
        clock: Arc::new(FakeClock(platform.clock())),
    };
    let core = Campanile::open(config, host).unwrap();
    let e = core.payments().verify(&[notice(4)]).await.unwrap_err();
    assert_eq!(e.code, "secrets.missing");
    assert!(
        e.message.contains("pagopa-payment-requests-key"),
        "{}",
        e.message
    );
    assert_eq!(platform.request_counts().values().sum::<u64>(), 0);
}
