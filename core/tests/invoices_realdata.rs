//! The real FatturaPA files under `$CAMPANILE_REAL_DATA/fatturapa/` imported into the store.
//! Skipped, saying so, when the variable is unset or the folder lacks a file a test reads
//! (`campanile_testkit::realdata`); failed instead when `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use campanile_core::i18n::I18n;
use campanile_core::invoices::{self, InvoiceError, NaiveDate, import_file};
use campanile_core::store::Store;

/// `$CAMPANILE_REAL_DATA/fatturapa/` when it holds `files`, which `test` reads; otherwise the
/// test is skipped, saying so (or fails when `CI` is set).
#[track_caller]
fn dir(test: &str, files: &[&str]) -> Option<PathBuf> {
    let needs: Vec<String> = files.iter().map(|f| format!("fatturapa/{f}")).collect();
    let needs: Vec<&str> = needs.iter().map(String::as_str).collect();
    let test = format!("{}/{}::{test}", env!("CARGO_PKG_NAME"), module_path!());
    campanile_testkit::realdata::dir(&test, &needs).map(|d| d.join("fatturapa"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

/// (file, invoices, supplier VAT id, number of the first, total of the first in cents)
const FILES: [(&str, usize, &str, &str, i64); 7] = [
    ("IT01234567890_FPA01.xml", 1, "IT01234567890", "123", 610),
    ("IT01234567890_FPA02.xml", 1, "IT01234567890", "123", 3050),
    ("IT01234567890_FPR01.xml", 1, "IT01234567890", "123", 610),
    ("IT01234567890_FPR02.xml", 1, "IT01234567890", "123", 3050),
    ("IT01234567890_FPR03.xml", 2, "IT01234567890", "123", 3295),
    ("IT02182030391_31.xml.p7m", 1, "IT02182030391", "2", 12_200),
    (
        "IT02182030391_32.windows-1252.xml",
        2,
        "IT12345678901",
        "3",
        17_480,
    ),
];

#[test]
fn each_real_file_is_stored_with_its_values() {
    let names = FILES.map(|f| f.0);
    let Some(dir) = dir("each_real_file_is_stored_with_its_values", &names) else {
        return;
    };
    for (name, count, vat, number, total) in FILES {
        let mut store = Store::open_in_memory().unwrap();
        let imported = import_file(&mut store, &dir.join(name))
            .unwrap_or_else(|e| panic!("{name}: {}", I18n::new("en").localize(&e)));
        assert_eq!(imported.invoice_ids.len(), count, "{name}");
        let first = invoices::status(&store, imported.invoice_ids[0], today()).unwrap();
        assert_eq!(first.invoice.file_name, name);
        assert_eq!(first.invoice.supplier_vat, vat, "{name}");
        assert_eq!(first.invoice.number, number, "{name}");
        assert_eq!(first.invoice.total.cents(), total, "{name}");
        assert_eq!(first.events.len(), 1);
        assert_eq!(first.events[0].kind, "imported");
        let signed = first.invoice.signers.is_some();
        assert_eq!(signed, name.ends_with(".p7m"), "{name}");
    }
}

#[test]
fn the_second_official_fpa12_example_is_a_duplicate_of_the_first() {
    // Both examples are invoice 123 of 18 January 2017 from ALPHA SRL: a comune must not pay
    // it twice.
    let Some(dir) = dir(
        "the_second_official_fpa12_example_is_a_duplicate_of_the_first",
        &["IT01234567890_FPA01.xml", "IT01234567890_FPA02.xml"],
    ) else {
        return;
    };
    let mut store = Store::open_in_memory().unwrap();
    let first = import_file(&mut store, &dir.join("IT01234567890_FPA01.xml")).unwrap();
    let err = import_file(&mut store, &dir.join("IT01234567890_FPA02.xml")).unwrap_err();
    match &err {
        InvoiceError::Duplicate { existing, .. } => assert_eq!(*existing, first.invoice_ids[0]),
        other => panic!("{other:?}"),
    }
    let text = I18n::new("it").localize(&err);
    assert!(text.contains("123") && text.contains("ALPHA SRL"), "{text}");
}

#[test]
fn the_tampered_envelope_is_refused_and_nothing_is_stored() {
    let Some(dir) = dir(
        "the_tampered_envelope_is_refused_and_nothing_is_stored",
        &["IT02182030391_31_tampered.xml.p7m"],
    ) else {
        return;
    };
    let mut store = Store::open_in_memory().unwrap();
    let err = import_file(&mut store, &dir.join("IT02182030391_31_tampered.xml.p7m")).unwrap_err();
    match &err {
        InvoiceError::Read { source, .. } => assert!(source.is_tampered(), "{source}"),
        other => panic!("{other:?}"),
    }
    let text = I18n::new("it").localize(&err);
    assert!(text.contains("MANOMESSA"), "{text}");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM invoice_files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn the_real_rc_is_checked_as_intact_before_its_invoice_is_looked_up() {
    const RC: &str = "IT03339130126_00009_RC_003.xml";
    let Some(dir) = dir(
        "the_real_rc_is_checked_as_intact_before_its_invoice_is_looked_up",
        &[RC],
    ) else {
        return;
    };
    let mut s = Store::open_in_memory().unwrap();
    // Intact: it gets as far as looking for its invoice file, which was never imported.
    let err = invoices::record_notification_file(&mut s, &dir.join(RC), today()).unwrap_err();
    assert!(
        matches!(err, InvoiceError::NoInvoiceForNotification { .. }),
        "{err:?}"
    );
    // Its delivery date moved: tampered, refused before any look-up.
    let text = std::fs::read_to_string(dir.join(RC)).unwrap();
    let forged = text.replace("2018-11-13T16:47:32.000", "2018-12-13T16:47:32.000");
    assert_ne!(forged, text);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(RC);
    std::fs::write(&path, forged).unwrap();
    let err = invoices::record_notification_file(&mut s, &path, today()).unwrap_err();
    match &err {
        InvoiceError::Read { source, .. } => assert!(source.is_tampered(), "{source}"),
        other => panic!("{other:?}"),
    }
    assert!(
        I18n::new("en")
            .localize(&err)
            .contains("TAMPERED notification")
    );
}
