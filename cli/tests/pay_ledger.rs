#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `campanile pay verify|start|status|receipts|return`, run as a person would against the
//! project's fake pagoPA platform on 127.0.0.1 (testkit), the keys in the real OS keyring under
//! a throw-away service: a notice is verified, handed to Checkout, paid on the payment page,
//! and shown paid only once pagoPA says so; no answer means "not known yet" (exit 4), never
//! paid; a paid notice is never offered for payment again.

use std::process::Command;

use campanile_core::pagopa::{AuxDigit, NoticeNumber};
use campanile_core::secrets::{SecretName, Secrets};
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform, Fault, Payer, Return, Target};

const CREDITOR: &str = "00085240950";
const KEY: &str = "test-key-0123456789";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

struct Env {
    db: tempfile::TempDir,
    service: String,
    requests: String,
    checkout: String,
}

impl Env {
    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
            .args(["--lang", "en"])
            .args(args)
            .env("CAMPANILE_KEYRING_SERVICE", &self.service)
            .env("CAMPANILE_DB", self.db.path().join("c.db"))
            .env("CAMPANILE_PAYMENT_REQUESTS_URL", &self.requests)
            .env("CAMPANILE_CHECKOUT_URL", &self.checkout)
            .args(["-v"])
            .output()
            .unwrap();
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !run.stdout.contains(KEY) && !run.stderr.contains(KEY),
            "the key leaked: {} {}",
            run.stdout,
            run.stderr
        );
        run
    }

    fn json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        let v = serde_json::from_str(r.stdout.trim())
            .unwrap_or_else(|e| panic!("{e}: {} / {}", r.stdout, r.stderr));
        (r.code, v)
    }
}

struct Keys(Secrets);

impl Drop for Keys {
    fn drop(&mut self) {
        let _ = self.0.unset(SecretName::PagopaPaymentRequestsKey);
        let _ = self.0.unset(SecretName::PagopaCheckoutKey);
    }
}

fn notice(body: &str) -> String {
    let n = NoticeNumber::compose(AuxDigit::from_digit(3).unwrap(), body).unwrap();
    format!("{CREDITOR}{}", n.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pay_verify_start_pay_and_keep_the_receipt() {
    let fake = FakePlatform::start().await;
    fake.require_key(Some(KEY));
    let rpt = notice("071570000000003");
    let other = notice("071570000000004");
    fake.add_notice(FakeNotice::new(&rpt, 12_345));
    fake.add_notice(FakeNotice::new(&other, 500));
    let service = format!("campanile-test-pay-{}", std::process::id());
    let secrets = Secrets::open_service(&service).unwrap();
    let env = Env {
        db: tempfile::tempdir().unwrap(),
        service: service.clone(),
        requests: fake.payment_requests_base(),
        checkout: fake.checkout_base(),
    };

    // No key stored: nothing is sent, and the message says how to store it.
    let r = tokio::task::block_in_place(|| env.run(&["pay", "verify", &rpt]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("campanile secrets set pagopa-payment-requests-key"),
        "{}",
        r.stderr
    );
    assert_eq!(fake.request_counts().values().sum::<u64>(), 0);

    let _keys = Keys(secrets);
    _keys
        .0
        .set(SecretName::PagopaPaymentRequestsKey, KEY)
        .unwrap();
    _keys.0.set(SecretName::PagopaCheckoutKey, KEY).unwrap();

    // Verify: amount, description and payee from the platform.
    let r = tokio::task::block_in_place(|| env.run(&["pay", "verify", &rpt]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("€123.45"), "{}", r.stdout);
    assert!(r.stdout.contains("Comune di Fermo"), "{}", r.stdout);

    // A real notice printed with wrong check digits (pagoPA's own specification example):
    // refused, saying which digits are expected, unless pagoPA is asked anyway.
    let misprinted = format!("{CREDITOR}302012387654312384");
    fake.add_notice(FakeNotice::new(&misprinted, 1_000));
    let r = tokio::task::block_in_place(|| env.run(&["pay", "verify", &misprinted]));
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("should be 86"), "{}", r.stderr);
    let r = tokio::task::block_in_place(|| env.run(&["pay", "verify", "--anyway", &misprinted]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("€10.00"), "{}", r.stdout);

    // Start: a Checkout URL to open.
    let (code, v) = tokio::task::block_in_place(|| env.json(&["pay", "start", &rpt]));
    assert_eq!(code, 0, "{v}");
    let url = v["checkout_url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&fake.url()), "{url}");

    // Not paid yet: the status does not say paid, and a second start is refused with the
    // same page to continue at.
    let (code, v) = tokio::task::block_in_place(|| env.json(&["pay", "status", &rpt]));
    assert_eq!(code, 0, "{v}");
    assert_ne!(v["status"]["status"], "paid", "{v}");
    let r = tokio::task::block_in_place(|| env.run(&["pay", "start", &rpt]));
    assert_eq!(r.code, 7, "a conflict: {} {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(&url), "{}", r.stderr);
    assert_eq!(fake.carts_of(&rpt).len(), 1);

    // The payer pays on the Checkout page; the front reports "ok" (a hint only).
    assert!(matches!(fake.visit(&url, Payer::Pay).await, Return::Ok(_)));
    let attempt = v_attempt_id(&env, &rpt);
    let (code, v) =
        tokio::task::block_in_place(|| env.json(&["pay", "return", &attempt.to_string(), "ok"]));
    assert_eq!(code, 0, "{v}");

    // Now pagoPA says paid: shown paid, the receipt kept, and it is never offered again.
    let (code, v) = tokio::task::block_in_place(|| env.json(&["pay", "status", &rpt]));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["status"]["status"], "paid", "{v}");
    let r = tokio::task::block_in_place(|| env.run(&["pay", "receipts"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(&rpt) && r.stdout.contains("€123.45"),
        "{}",
        r.stdout
    );
    // The receipt says on what it rests, and prints as a PDF.
    assert!(r.stdout.contains("PPT_PAGAMENTO_DUPLICATO"), "{}", r.stdout);
    let pdf = env.db.path().join("receipt.pdf");
    let pdf_arg = pdf.display().to_string();
    let r = tokio::task::block_in_place(|| env.run(&["pay", "receipt", &rpt, "--out", &pdf_arg]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = pdftotext(&pdf);
    for expected in [
        "Payment receipt",
        "€123.45",
        "Comune di Fermo",
        "3071 5700 0000 0003 17",
        "PPT_PAGAMENTO_DUPLICATO",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    let r = tokio::task::block_in_place(|| env.run(&["pay", "receipt", &other, "--out", &pdf_arg]));
    assert_eq!(r.code, 6, "no receipt of an unpaid notice: {}", r.stderr);
    let r = tokio::task::block_in_place(|| env.run(&["pay", "start", &rpt]));
    assert_eq!(r.code, 7, "a conflict: {}", r.stderr);
    assert!(r.stderr.contains("already paid"), "{}", r.stderr);
    assert_eq!(fake.charges(&rpt), 1);

    // Looking at a notice asks pagoPA and opens no attempt: it stays payable, not "in progress".
    for _ in 0..2 {
        let (code, v) = tokio::task::block_in_place(|| env.json(&["pay", "status", &other]));
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["status"]["status"], "payable", "{v}");
    }
    let r = tokio::task::block_in_place(|| env.run(&["pay", "status", &other]));
    assert!(r.stdout.contains("€5.00"), "{}", r.stdout);
    let (_, v) = tokio::task::block_in_place(|| env.json(&["pay", "status", &other, "--offline"]));
    assert_eq!(v["status"]["status"], "unseen", "{v}");
    // No answer to a status question: exit 4, and it says neither paid nor unpaid.
    fake.inject(Target::Verify(other.clone()), Fault::DropBeforeWork, 10);
    let r = tokio::task::block_in_place(|| env.run(&["pay", "status", &other]));
    assert_eq!(r.code, 4, "{} {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    fake.clear_faults(None);

    // No answer from pagoPA: "not known yet", exit 5, never paid; the receipts stay as they were.
    fake.inject(Target::Verify(other.clone()), Fault::DropBeforeWork, 10);
    let r = tokio::task::block_in_place(|| env.run(&["pay", "verify", &other]));
    assert_eq!(r.code, 5, "{} {}", r.stdout, r.stderr);
    let (code, v) =
        tokio::task::block_in_place(|| env.json(&["pay", "status", &other, "--offline"]));
    assert_eq!(code, 0, "{v}");
    assert_ne!(v["status"]["status"], "paid", "{v}");
    let (_, v) = tokio::task::block_in_place(|| env.json(&["pay", "receipts"]));
    assert_eq!(v["receipts"].as_array().unwrap().len(), 1, "{v}");
    assert!(fake.charged_twice().is_empty());

    // Italian too.
    let r = tokio::task::block_in_place(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
            .args(["--lang", "it", "pay", "receipts"])
            .env("CAMPANILE_DB", env.db.path().join("c.db"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    assert!(r.contains("pagato") && r.contains("123,45 €"), "{r}");
    let it_pdf = env.db.path().join("ricevuta.pdf");
    tokio::task::block_in_place(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
            .args(["--lang", "it", "pay", "receipt", &rpt, "--out"])
            .arg(&it_pdf)
            .env("CAMPANILE_DB", env.db.path().join("c.db"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    let text = pdftotext(&it_pdf);
    assert!(
        text.contains("Ricevuta di pagamento") && text.contains("123,45 €"),
        "{text}"
    );
}

fn pdftotext(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn v_attempt_id(env: &Env, rpt: &str) -> i64 {
    let (_, v) = tokio::task::block_in_place(|| env.json(&["pay", "status", rpt, "--offline"]));
    v["status"]["attempt"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no attempt: {v}"))
}

/// A notice of one of the aggregation's own comuni is verified through the comune's debt
/// positions (GPD), paid through Checkout, and shown paid with the receipt GPD reports — the
/// fake GPD and the fake Checkout share one truth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_comuni_notices_are_verified_through_their_debt_positions() {
    use campanile_testkit::gpd::FakeGpd;
    let fake = FakePlatform::start().await;
    let gpd = FakeGpd::start_linked(KEY, &fake).await;
    let service = format!("campanile-test-pay-gpd-{}", std::process::id());
    let keys = Keys(Secrets::open_service(&service).unwrap());
    keys.0
        .set(SecretName::PagopaPaymentRequestsKey, KEY)
        .unwrap();
    keys.0.set(SecretName::PagopaCheckoutKey, KEY).unwrap();
    keys.0.set(SecretName::PagopaGpdKey, KEY).unwrap();
    let env = Env {
        db: tempfile::tempdir().unwrap(),
        service: service.clone(),
        requests: fake.payment_requests_base(),
        checkout: fake.checkout_base(),
    };
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/positions/example.json"
    );
    let gpd_url = gpd.url();
    let r = tokio::task::block_in_place(|| {
        env.run(&[
            "positions",
            "create",
            example,
            "--creditor",
            CREDITOR,
            "--publish",
            "--base-url",
            &gpd_url,
        ])
    });
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);

    let own = [
        "--creditor",
        CREDITOR,
        "--own-comuni",
        CREDITOR,
        "--gpd-url",
        &gpd_url,
    ];
    let mut verify = vec!["pay", "verify", "300715700000000032"];
    verify.extend_from_slice(&own);
    let r = tokio::task::block_in_place(|| env.run(&verify));
    assert_eq!(r.code, 0, "{} {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("€120.00"), "{}", r.stdout);
    assert!(r.stdout.contains("TARI 2027"), "{}", r.stdout);
    // Nothing went to the platform's notice verification.
    assert_eq!(fake.request_counts().values().sum::<u64>(), 0);

    let mut status = vec!["pay", "status", "300715700000000032"];
    status.extend_from_slice(&own);
    let (_, v) = tokio::task::block_in_place(|| env.json(&status));
    assert_ne!(v["status"]["status"], "paid", "{v}");

    // Paid through Checkout: GPD reports the option paid, with the receipt's data.
    let mut start = vec!["pay", "start", "300715700000000032"];
    start.extend_from_slice(&own);
    let (code, v) = tokio::task::block_in_place(|| env.json(&start));
    assert_eq!(code, 0, "{v}");
    let url = v["checkout_url"].as_str().unwrap().to_string();
    assert!(matches!(fake.visit(&url, Payer::Pay).await, Return::Ok(_)));
    let (code, v) = tokio::task::block_in_place(|| env.json(&status));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["status"]["status"], "paid", "{v}");
    let evidence = &v["status"]["receipt"]["evidence"];
    assert_eq!(evidence["code"], "PO_PAID", "{v}");
    assert!(evidence["receipt"]["receipt_id"].is_string(), "{v}");
    assert!(evidence["receipt"]["paid_at"].is_string(), "{v}");
    assert_eq!(fake.charges(&format!("{CREDITOR}300715700000000032")), 1);
    // Still nothing asked of notice verification.
    assert_eq!(fake.request_counts().get("verify"), None);
    let _ = keys.0.unset(SecretName::PagopaGpdKey);
}
