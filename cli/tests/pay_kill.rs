#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Kill the real `campanile` process (SIGKILL) at random moments of `pay start` and
//! `pay status`, hundreds of times, while a payer pays whatever Checkout page exists; the fake
//! pagoPA platform outlives every process. After each kill: no notice charged twice; a notice
//! shown paid offline has been charged; and, once the payments are settled with pagoPA, every
//! charged notice shows paid (none lost). Run over both routes: notice verification, and the
//! aggregation's own comune verified through its debt positions (a fake GPD that shares the
//! platform's truth).

use std::process::{Command, Stdio};
use std::time::Duration;

use campanile_core::pagopa::{AuxDigit, NoticeNumber};
use campanile_core::secrets::{SecretName, Secrets};
use campanile_testkit::bulk::Rng;
use campanile_testkit::gpd::FakeGpd;
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform, Payer};

const CREDITOR: &str = "00085240950";
const KEY: &str = "kill-key-0123456789";
const KILLS: usize = 200;
const NOTICES: u64 = 12;

struct Keys(Secrets);

impl Drop for Keys {
    fn drop(&mut self) {
        let _ = self.0.unset(SecretName::PagopaPaymentRequestsKey);
        let _ = self.0.unset(SecretName::PagopaCheckoutKey);
        let _ = self.0.unset(SecretName::PagopaGpdKey);
    }
}

fn notice(i: u64) -> String {
    let n = NoticeNumber::compose(AuxDigit::Three, &format!("0715800000{i:05}")).unwrap();
    format!("{CREDITOR}{}", n.as_str())
}

struct Env {
    db: tempfile::TempDir,
    service: String,
    fake: FakePlatform,
    /// The GPD route: the comune's debt positions, sharing the platform's truth.
    gpd: Option<FakeGpd>,
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_campanile"));
        c.args(["--lang", "en", "--json"])
            .args(args)
            .env("CAMPANILE_KEYRING_SERVICE", &self.service)
            .env("CAMPANILE_DB", self.db.path().join("c.db"))
            .env(
                "CAMPANILE_PAYMENT_REQUESTS_URL",
                self.fake.payment_requests_base(),
            )
            .env("CAMPANILE_CHECKOUT_URL", self.fake.checkout_base())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(gpd) = &self.gpd {
            c.env("CAMPANILE_OWN_COMUNI", CREDITOR)
                .env("CAMPANILE_GPD_URL", gpd.url());
        }
        c
    }

    /// What the device shows of a notice without asking pagoPA.
    fn offline(&self, rpt: &str) -> String {
        let out = self
            .command(&["pay", "status", rpt, "--offline"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        v["status"]["status"].as_str().unwrap_or("?").to_string()
    }

    /// Settles everything with pagoPA, then what the device shows of a notice.
    fn settled(&self, rpt: &str) -> String {
        let out = self.command(&["pay", "status", rpt]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        v["status"]["status"].as_str().unwrap_or("?").to_string()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_payments_never_charge_twice_nor_lose_a_payment() {
    kill_run(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_payments_of_the_own_comuni_gpd_route_never_charge_twice_nor_lose_a_payment() {
    kill_run(true).await;
}

/// A debt position of one option for notice `rpt` (creditor + notice number), published.
fn position(rpt: &str, cents: u64) -> serde_json::Value {
    serde_json::json!({
        "iupd": format!("kill-{}", &rpt[11..]),
        "type": "F",
        "fiscalCode": "RSSMRA80A01D542X",
        "fullName": "Mario Rossi",
        "companyName": "Comune di Fermo",
        "switchToExpired": false,
        "paymentOption": [{
            "iuv": &rpt[12..],
            "amount": cents,
            "description": "TARI",
            "isPartialPayment": false,
            "dueDate": "2030-12-31T23:59:59",
            "transfer": [{
                "idTransfer": "1",
                "amount": cents,
                "remittanceInformation": "TARI",
                "category": "9/0101101IM/",
                "iban": "IT60X0542811101000000123456"
            }]
        }]
    })
}

async fn kill_run(own_route: bool) {
    let fake = FakePlatform::start().await;
    fake.require_key(Some(KEY));
    let notices: Vec<String> = (0..NOTICES).map(notice).collect();
    let gpd = if own_route {
        let gpd = FakeGpd::start_linked(KEY, &fake).await;
        for (i, n) in notices.iter().enumerate() {
            let (code, body) = gpd.create_position(CREDITOR, &position(n, 1_000 + i as u64), true);
            assert_eq!(code, 201, "{body}");
        }
        Some(gpd)
    } else {
        for (i, n) in notices.iter().enumerate() {
            fake.add_notice(FakeNotice::new(n, 1_000 + i as u64));
        }
        None
    };
    let route = if own_route {
        "GPD"
    } else {
        "notice verification"
    };
    let service = format!("campanile-test-paykill-{}-{own_route}", std::process::id());
    let keys = Keys(Secrets::open_service(&service).unwrap());
    keys.0
        .set(SecretName::PagopaPaymentRequestsKey, KEY)
        .unwrap();
    keys.0.set(SecretName::PagopaCheckoutKey, KEY).unwrap();
    keys.0.set(SecretName::PagopaGpdKey, KEY).unwrap();
    let env = Env {
        db: tempfile::tempdir().unwrap(),
        service,
        fake,
        gpd,
    };
    let mut rng = Rng(20_261_204);
    let (mut kills, mut finished, mut payments) = (0, 0, 0);
    let mut shown_paid_uncharged = 0;
    while kills < KILLS {
        let rpt = &notices[(rng.next_u64() % NOTICES) as usize];
        let args = if rng.next_u64().is_multiple_of(3) {
            vec!["pay", "status", rpt.as_str()]
        } else {
            vec!["pay", "start", rpt.as_str()]
        };
        let mut child = env.command(&args).spawn().unwrap();
        let delay = Duration::from_micros(rng.next_u64() % 60_000);
        tokio::time::sleep(delay).await;
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        } else {
            finished += 1;
        }
        child.wait().unwrap();
        // A payer pays, now and then, on whatever page Checkout has for some notice.
        if rng.next_u64().is_multiple_of(4) {
            let target = &notices[(rng.next_u64() % NOTICES) as usize];
            if let Some(cart) = env.fake.carts_of(target).last() {
                let url = format!("{}/c/{}", env.fake.url(), cart.id);
                env.fake.visit(&url, Payer::Pay).await;
                payments += 1;
            }
        }
        assert!(
            env.fake.charged_twice().is_empty(),
            "charged twice after {kills} kills: {:?}",
            env.fake.charged_twice()
        );
        if kills % 25 == 0 {
            for n in &notices {
                if env.offline(n) == "paid" && env.fake.charges(n) == 0 {
                    shown_paid_uncharged += 1;
                }
            }
            assert_eq!(shown_paid_uncharged, 0, "shown paid without a charge");
        }
    }
    // Settled with pagoPA: every charged notice shows paid, and only those.
    let mut lost = 0;
    let mut charged = 0;
    for n in &notices {
        let status = env.settled(n);
        let charges = env.fake.charges(n);
        assert!(charges <= 1, "{n} charged {charges} times");
        if charges == 1 {
            charged += 1;
            if status != "paid" {
                lost += 1;
            }
        } else {
            assert_ne!(status, "paid", "{n} shown paid without a charge");
        }
    }
    println!(
        "{route}: {kills} processes killed ({finished} finished first), {payments} payments \
         on Checkout pages, {charged} notices charged: 0 charged twice, \
         {shown_paid_uncharged} shown paid without a charge, {lost} lost"
    );
    if let Some(gpd) = &env.gpd {
        // Nothing went to notice verification: the comune's notices go through GPD.
        assert_eq!(env.fake.request_counts().get("verify"), None);
        assert!(!gpd.requests().is_empty());
    }
    assert_eq!(lost, 0, "charged notices not shown paid");
    assert!(charged > 0, "the payer never paid: the test proved nothing");
}
