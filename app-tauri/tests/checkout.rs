//! Paying from the desktop against the project's fake pagoPA platform on 127.0.0.1: a notice
//! looked at (no payment opened), then handed to Checkout, whose page goes to the system
//! browser; the attempt is in the ledger, offline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use campanile_core::host::{MemorySecrets, SecretStore, SystemClock};
use campanile_core::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use campanile_core::secrets::SecretName;
use campanile_core::{Campanile, Config, Database, Host, PagoPaConfig, PagoPaEnvironment};
use campanile_desktop::settings::Settings;
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform, Payer, Return};
use serde_json::json;
use url::Url;

#[test]
fn a_notice_is_checked_then_paid_through_checkout_in_the_browser() {
    let platform = tauri::async_runtime::block_on(FakePlatform::start());
    let mut config = Config::new(Database::InMemory, "it");
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
        clock: Arc::new(SystemClock),
    };
    let core = Campanile::open(config, host).unwrap();
    let t = support::app_over(core, Settings::default());

    let creditor = CreditorFiscalCode::parse("00085240950").unwrap();
    let number = NoticeNumber::compose(AuxDigit::Three, &format!("01{:013}", 7)).unwrap();
    let rpt = RptId::new(creditor, number).to_string();
    platform.add_notice(FakeNotice::new(&rpt, 12_345));

    let status = t.ok("notice_check", json!({"text": rpt}));
    assert!(
        status.to_string().contains("12345") || status.to_string().contains("payable"),
        "{status}"
    );
    assert_eq!(
        t.ok("ledger_attempts", json!({"limit": 5})),
        json!([]),
        "looking opens no payment"
    );

    let started = t.ok("checkout_start", json!({"notices": [rpt], "email": null}));
    let url = started["checkout_url"].as_str().unwrap();
    assert!(url.starts_with(&platform.url()), "{url}");
    assert_eq!(started["opened"], true);
    assert_eq!(t.opened.lock().unwrap().as_slice(), &[url.to_string()]);
    let attempts = t.ok("ledger_attempts", json!({"limit": 5}));
    assert_eq!(attempts.as_array().unwrap().len(), 1);

    // Paid in Checkout: pagoPA's word settles the attempt, the receipt is kept, and it is
    // printable (a PDF opened with the system viewer).
    let back = tauri::async_runtime::block_on(platform.visit(url, Payer::Pay));
    assert!(matches!(back, Return::Ok(_)), "{back:?}");
    t.ok("ledger_reconcile", json!({}));
    let receipts = t.ok("ledger_receipts", json!({}));
    let r = &receipts.as_array().unwrap()[0];
    let notice = format!(
        "{}{}",
        r["receipt"]["rpt_id"]["creditor"].as_str().unwrap(),
        r["receipt"]["rpt_id"]["notice_number"].as_str().unwrap()
    );
    assert_eq!(notice, rpt);
    let p = t.ok("receipt_print", json!({"notice": notice}));
    assert_eq!(p["opened"], true);
    let pdf = std::fs::read(p["path"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        t.opened.lock().unwrap().last().unwrap(),
        p["url"].as_str().unwrap()
    );

    // Five notices at most in a cart: the core's rule, the core's error.
    let six = vec![rpt.clone(); 6];
    let e = t
        .call("checkout_start", json!({"notices": six}))
        .unwrap_err();
    assert!(e["code"].as_str().unwrap().starts_with("pay"), "{e}");
}
