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

/// An app paying on the fake platform, and a payable notice of 123.45 euros there.
fn paying_app(n: u64) -> (FakePlatform, support::TestApp, String) {
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
    let number = NoticeNumber::compose(AuxDigit::Three, &format!("01{:013}", n)).unwrap();
    let rpt = RptId::new(creditor, number).to_string();
    platform.add_notice(FakeNotice::new(&rpt, 12_345));

    (platform, t, rpt)
}

#[test]
fn a_notice_is_checked_then_paid_through_checkout_in_the_browser() {
    let (platform, t, rpt) = paying_app(7);

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

    let started = t.ok(
        "checkout_start",
        json!({"notices": [rpt], "email": null, "onSettled": "__CHANNEL__:90"}),
    );
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
        .call(
            "checkout_start",
            json!({"notices": six, "onSettled": "__CHANNEL__:91"}),
        )
        .unwrap_err();
    assert!(e["code"].as_str().unwrap().starts_with("pay"), "{e}");
}

/// What a browser does with Checkout's redirect: a GET of the return address.
fn follow(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn the_payer_comes_back_from_checkout_to_the_app_which_shows_pagopas_outcome() {
    use campanile_desktop::citizen_cmd;
    use tauri::ipc::{Channel, InvokeResponseBody};
    let (platform, t, rpt) = paying_app(8);
    let (tx, rx) = std::sync::mpsc::channel::<serde_json::Value>();
    let heard = Channel::new(move |body: InvokeResponseBody| {
        if let InvokeResponseBody::Json(s) = body {
            tx.send(serde_json::from_str(&s).unwrap()).unwrap();
        }
        Ok(())
    });
    let started = tauri::async_runtime::block_on(citizen_cmd::checkout_start(
        t.state(),
        vec![rpt.clone()],
        None,
        heard,
    ))
    .unwrap();
    // Checkout sends the payer back to this app's loopback address, not to a scheme no
    // browser knows.
    let back = tauri::async_runtime::block_on(platform.visit(&started.checkout_url, Payer::Pay));
    let Return::Ok(to) = back else {
        panic!("{back:?}")
    };
    assert!(to.starts_with("http://127.0.0.1:"), "{to}");
    let page = follow(&to);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Campanile"), "{page}");
    let settled = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(settled["outcome"], "paid", "{settled}");
    assert_eq!(settled["can_ask_again"], false);
    assert!(
        settled["text"].as_str().unwrap().contains("pagato"),
        "{settled}"
    );

    // A payer who gives up: never shown paid; "ask again" asks pagoPA once more.
    let (platform2, t2, rpt2) = paying_app(9);
    let (tx2, rx2) = std::sync::mpsc::channel::<serde_json::Value>();
    let heard2 = Channel::new(move |body: InvokeResponseBody| {
        if let InvokeResponseBody::Json(s) = body {
            tx2.send(serde_json::from_str(&s).unwrap()).unwrap();
        }
        Ok(())
    });
    let started2 = tauri::async_runtime::block_on(citizen_cmd::checkout_start(
        t2.state(),
        vec![rpt2.clone()],
        None,
        heard2,
    ))
    .unwrap();
    let back2 =
        tauri::async_runtime::block_on(platform2.visit(&started2.checkout_url, Payer::Cancel));
    let Return::Cancel(to2) = back2 else {
        panic!("{back2:?}")
    };
    follow(&to2);
    let settled2 = rx2.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_ne!(settled2["outcome"], "paid", "{settled2}");
    assert_eq!(
        settled2["can_ask_again"],
        settled2["outcome"] == "unknown",
        "{settled2}"
    );
    let again = t2.ok(
        "payment_settle",
        json!({"notice": rpt2, "attempt": started2.attempt.id.0}),
    );
    assert_ne!(again["outcome"], "paid", "{again}");
}
