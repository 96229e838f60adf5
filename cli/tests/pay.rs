//! `campanile pay parse` and `pay scan` as a script sees them: exit codes, text and JSON.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn campanile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_campanile"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap()
}

const QR: &str = "PAGOPA|002|300715700000000032|00085240950|12345";

#[test]
fn a_valid_qr_text_exits_0_with_its_fields() {
    let out = campanile(&["--lang", "en", "pay", "parse", QR]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("3007 1570 0000 0000 32"), "{text}");
    assert!(text.contains("00085240950300715700000000032"), "{text}");
    assert!(text.contains("€123.45"), "{text}");
}

#[test]
fn a_typed_notice_needs_its_creditor() {
    let ok = campanile(&[
        "pay",
        "parse",
        "3007 1570 0000 0000 32",
        "--creditor",
        "000.852.409.50",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let missing = campanile(&["--lang", "en", "pay", "parse", "3007 1570 0000 0000 32"]);
    assert_eq!(missing.status.code(), Some(3));
    let err = String::from_utf8(missing.stderr).unwrap();
    assert!(err.contains("creditor's fiscal code is missing"), "{err}");
}

#[test]
fn an_invalid_notice_exits_3_naming_the_field() {
    let out = campanile(&[
        "--lang",
        "it",
        "pay",
        "parse",
        "PAGOPA|002|300715700000000033|00085240950|12345",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("Il codice avviso") && err.contains("32"),
        "{err}"
    );

    let out = campanile(&[
        "--json",
        "pay",
        "parse",
        "PAGOPA|002|300715700000000032|00085240951|12345",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["class"], "bad-input");
    assert_eq!(doc["error"]["code"], "pay.bad-notice");
    let details = &doc["error"]["details"];
    assert_eq!(details["field"], "creditor-fiscal-code");
    assert_eq!(details["problem"], "check-digit");
    assert_eq!(details["expected"], "0");
}

#[test]
fn json_has_every_field() {
    let out = campanile(&["--json", "pay", "parse", QR]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = &doc["notice"];
    assert_eq!(n["rpt_id"], "00085240950300715700000000032");
    assert_eq!(n["aux_digit"], 3);
    assert_eq!(n["segregation_code"], "00");
    assert_eq!(n["check_digits"], "32");
    assert_eq!(n["amount_cents"], 12345);
    assert_eq!(n["source"], "qr");
}

#[test]
fn scanning_a_file_that_is_not_an_image_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notice.png");
    std::fs::write(&path, b"not a picture").unwrap();
    let out = campanile(&["--lang", "en", "pay", "scan", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let missing = campanile(&["pay", "scan", dir.path().join("none.jpg").to_str().unwrap()]);
    // A file that is not there is bad input too (the path is wrong).
    assert_eq!(missing.status.code(), Some(3));
}
