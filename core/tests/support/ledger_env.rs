//! What the ledger tests share: valid RptIds, the fake platform's clock as the ledger's clock,
//! and a ledger over a SQLite file talking to the fake platform through the real clients.
//!
//! Shared by `pagopa_ledger.rs` and `pagopa_faults.rs` (`#[path]` include).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use campanile_core::pagopa::ledger::{Clock, Ledger, LedgerConfig, PagoPaPlatform, StartRequest};
use campanile_core::pagopa::platform::{PlatformConfig, ReturnUrls};
use campanile_core::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use campanile_core::store::Store;
use campanile_testkit::FakePlatform;
use campanile_testkit::pagopa_platform::FakeNotice;
use url::Url;

/// A clock the test moves: the fake platform's, or one of the test's own.
#[derive(Debug, Clone)]
pub struct TestClock(pub Arc<AtomicI64>);

impl Clock for TestClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl TestClock {
    pub fn advance(&self, by: Duration) {
        self.0
            .fetch_add(i64::try_from(by.as_millis()).unwrap(), Ordering::SeqCst);
    }
}

/// Creditors of the aggregation (valid fiscal codes).
pub const CREDITORS: [&str; 2] = ["00085240950", "01199250158"];

/// The `i`-th notice of a test: aux digit 3, segregation code 01, valid check digits.
pub fn rpt(i: u64) -> RptId {
    let creditor = CreditorFiscalCode::parse(CREDITORS[(i % 2) as usize]).unwrap();
    let number = NoticeNumber::compose(AuxDigit::Three, &format!("01{:013}", i)).unwrap();
    RptId::new(creditor, number)
}

/// Adds notice `i` to the platform, for `cents`.
pub fn add(platform: &FakePlatform, i: u64, cents: u64) -> RptId {
    let r = rpt(i);
    platform.add_notice(FakeNotice::new(&r.to_string(), cents));
    r
}

pub fn return_urls() -> ReturnUrls {
    ReturnUrls {
        ok: Url::parse("https://app.campanile.example/pay/ok").unwrap(),
        cancel: Url::parse("https://app.campanile.example/pay/cancel").unwrap(),
        error: Url::parse("https://app.campanile.example/pay/error").unwrap(),
    }
}

pub fn request(notices: &[RptId]) -> StartRequest {
    StartRequest {
        notices: notices.to_vec(),
        return_urls: return_urls(),
        email: None,
    }
}

/// The ledger's assumed checkout session lifetime in the tests.
pub const SESSION: Duration = Duration::from_secs(30 * 60);

/// The real clients, pointed at the fake platform.
pub fn clients(platform: &FakePlatform, timeout: Duration) -> PagoPaPlatform {
    let cfg = |base: String| PlatformConfig {
        base_url: Url::parse(&base).unwrap(),
        api_key: None,
        timeout,
    };
    PagoPaPlatform::new(
        cfg(platform.payment_requests_base()),
        cfg(platform.checkout_base()),
    )
    .unwrap()
}

/// A ledger over the database file at `db` (opened anew: a restart), with `clock`.
pub fn open_ledger(db: &Path, clients: PagoPaPlatform, clock: TestClock) -> Ledger<PagoPaPlatform> {
    Ledger::new(Store::open(db).unwrap(), clients)
        .with_config(LedgerConfig {
            checkout_session: SESSION,
            ..LedgerConfig::default()
        })
        .with_clock(Arc::new(clock))
}

/// One fake platform, one database file, the fake's clock shared with the ledger.
pub struct Env {
    pub platform: FakePlatform,
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub timeout: Duration,
}

impl Env {
    pub async fn new() -> Env {
        let platform = FakePlatform::start().await;
        platform.set_session_ttl(Some(SESSION));
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ledger.db");
        Env {
            platform,
            dir,
            db,
            timeout: Duration::from_secs(5),
        }
    }

    pub fn clock(&self) -> TestClock {
        TestClock(self.platform.clock())
    }

    /// The app (re)started: a ledger over the same file.
    pub fn ledger(&self) -> Ledger<PagoPaPlatform> {
        self.ledger_timeout(self.timeout)
    }

    /// The same, with clients that wait `timeout` for an answer.
    pub fn ledger_timeout(&self, timeout: Duration) -> Ledger<PagoPaPlatform> {
        open_ledger(&self.db, clients(&self.platform, timeout), self.clock())
    }
}
