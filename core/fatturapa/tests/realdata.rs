//! The real files under `$CAMPANILE_REAL_DATA/fatturapa/`: the official FatturaPA 1.2
//! examples, a CAdES-signed invoice, the same with its envelope tampered, and a Windows-1252
//! invoice with two bodies. Skipped, saying why, when the variable is unset or the folder lacks a
//! file a test reads (`campanile_testkit::realdata`); failed instead when `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use campanile_fatturapa::{
    EnvelopeError, ErrorKind, Format, InvoiceFile, Tamper, TotalSource, read_invoice,
};
use chrono::NaiveDate;

/// `$CAMPANILE_REAL_DATA/fatturapa/` when it holds `files`, which `test` reads; otherwise the
/// test is skipped, saying so (or fails when `CI` is set).
#[track_caller]
fn dir(test: &str, files: &[&str]) -> Option<PathBuf> {
    let needs: Vec<String> = files.iter().map(|f| format!("fatturapa/{f}")).collect();
    let needs: Vec<&str> = needs.iter().map(String::as_str).collect();
    let test = format!("{}/{}::{test}", env!("CARGO_PKG_NAME"), module_path!());
    campanile_testkit::realdata::dir(&test, &needs).map(|d| d.join("fatturapa"))
}

fn read(dir: &Path, name: &str) -> InvoiceFile {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_invoice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// One expected body: number, date, total (cents), total source, due date, payment (cents),
/// modality.
struct Expect {
    number: &'static str,
    date: &'static str,
    total: i64,
    source: TotalSource,
    due: &'static str,
    pay: i64,
    modality: &'static str,
}

#[allow(clippy::too_many_arguments)]
fn check(
    dir: &Path,
    name: &str,
    format: Format,
    recipient: &str,
    supplier: (&str, &str),
    customer: &str,
    bodies: &[Expect],
) -> InvoiceFile {
    let inv = read(dir, name);
    assert_eq!(inv.format, format, "{name}");
    assert_eq!(inv.recipient_code, recipient, "{name}");
    assert_eq!(
        inv.supplier.vat_id.as_ref().unwrap().to_string(),
        supplier.0,
        "{name}"
    );
    assert_eq!(inv.supplier.name, supplier.1, "{name}");
    assert_eq!(inv.customer.name, customer, "{name}");
    assert_eq!(inv.bodies.len(), bodies.len(), "{name}");
    for (b, e) in inv.bodies.iter().zip(bodies) {
        assert_eq!(b.document_type, "TD01", "{name}");
        assert_eq!(b.currency, "EUR", "{name}");
        assert_eq!(b.number, e.number, "{name}");
        assert_eq!(b.date, date(e.date), "{name}");
        assert_eq!(b.total.cents(), e.total, "{name} total");
        assert_eq!(b.total_source, e.source, "{name}");
        let d = &b.payments[0].details[0];
        assert_eq!(d.due_date, Some(date(e.due)), "{name}");
        assert_eq!(d.amount.cents(), e.pay, "{name}");
        assert_eq!(d.modality, e.modality, "{name}");
    }
    inv
}

#[test]
fn official_fpa12_examples() {
    let Some(dir) = dir(
        "official_fpa12_examples",
        &["IT01234567890_FPA01.xml", "IT01234567890_FPA02.xml"],
    ) else {
        return;
    };
    let sum = TotalSource::SummaryLines;
    check(
        &dir,
        "IT01234567890_FPA01.xml",
        Format::Fpa12,
        "AAAAAA",
        ("IT01234567890", "ALPHA SRL"),
        "AMMINISTRAZIONE BETA",
        &[Expect {
            number: "123",
            date: "2017-01-18",
            total: 610,
            source: sum,
            due: "2017-02-18",
            pay: 610,
            modality: "MP01",
        }],
    );
    let inv = check(
        &dir,
        "IT01234567890_FPA02.xml",
        Format::Fpa12,
        "AAAAAA",
        ("IT01234567890", "ALPHA SRL"),
        "AMMINISTRAZIONE BETA",
        &[Expect {
            number: "123",
            date: "2017-01-18",
            total: 3050,
            source: sum,
            due: "2017-03-30",
            pay: 3050,
            modality: "MP01",
        }],
    );
    assert_eq!(inv.customer.fiscal_code.as_deref(), Some("09876543210"));
    assert_eq!(inv.encoding.used, "UTF-8");
    assert!(inv.signature.is_none());
}

#[test]
fn official_fpr12_examples() {
    let Some(dir) = dir(
        "official_fpr12_examples",
        &[
            "IT01234567890_FPR01.xml",
            "IT01234567890_FPR02.xml",
            "IT01234567890_FPR03.xml",
        ],
    ) else {
        return;
    };
    let sum = TotalSource::SummaryLines;
    let inv = check(
        &dir,
        "IT01234567890_FPR01.xml",
        Format::Fpr12,
        "ABC1234",
        ("IT01234567890", "SOCIETA' ALPHA SRL"),
        "DITTA BETA",
        &[Expect {
            number: "123",
            date: "2014-12-18",
            total: 610,
            source: sum,
            due: "2015-01-30",
            pay: 610,
            modality: "MP01",
        }],
    );
    // The second Causale line ends with a capital E grave, in UTF-8.
    assert!(
        inv.bodies[0]
            .description
            .as_ref()
            .unwrap()
            .ends_with("BBBBBBBBBBBBBBBBB È"),
        "{:?}",
        inv.bodies[0].description
    );
    check(
        &dir,
        "IT01234567890_FPR02.xml",
        Format::Fpr12,
        "0000000",
        ("IT01234567890", "SOCIETA' ALPHA SRL"),
        "BETA GAMMA",
        &[Expect {
            number: "123",
            date: "2014-12-18",
            total: 3050,
            source: sum,
            due: "2015-01-30",
            pay: 3050,
            modality: "MP01",
        }],
    );
    check(
        &dir,
        "IT01234567890_FPR03.xml",
        Format::Fpr12,
        "ABC1234",
        ("IT01234567890", "SOCIETA' ALPHA SRL"),
        "BETA GAMMA",
        &[
            Expect {
                number: "123",
                date: "2014-12-18",
                total: 3295,
                source: sum,
                due: "2015-01-30",
                pay: 3295,
                modality: "MP01",
            },
            Expect {
                number: "456",
                date: "2014-12-20",
                total: 244_000,
                source: sum,
                due: "2015-01-28",
                pay: 244_000,
                modality: "MP19",
            },
        ],
    );
}

#[test]
fn signed_p7m_is_verified_and_read() {
    let name = "IT02182030391_31.xml.p7m";
    let Some(dir) = dir("signed_p7m_is_verified_and_read", &[name]) else {
        return;
    };
    let inv = read(&dir, name);
    assert_eq!(inv.format, Format::Fpr12);
    assert_eq!(inv.recipient_code, "0000000");
    assert_eq!(
        inv.supplier.vat_id.as_ref().unwrap().to_string(),
        "IT02182030391"
    );
    assert_eq!(inv.supplier.name, "Azienda di esempio");
    assert_eq!(inv.customer.name, "CIR 2000 snc");
    assert_eq!(inv.bodies.len(), 1);
    let b = &inv.bodies[0];
    assert_eq!((b.number.as_str(), b.date), ("2", date("2018-06-08")));
    assert_eq!(b.total.cents(), 12_200);
    assert_eq!(b.total_source, TotalSource::Declared);
    assert!(b.payments.is_empty());
    // The signed XML starts with a UTF-8 byte-order mark.
    assert_eq!((inv.encoding.used, inv.encoding.bom), ("UTF-8", true));
    assert_eq!(inv.recipient_pec.as_deref(), Some("cir2000snc@pec.it"));
    let sig = inv.signature.as_ref().unwrap();
    assert_eq!(sig.signers.len(), 1);
    let s = &sig.signers[0];
    assert_eq!(s.common_name.as_deref(), Some("GARDINI STEFANO"));
    assert!(
        s.issuer.contains("InfoCert Firma Qualificata 2"),
        "{}",
        s.issuer
    );
    assert_eq!(s.signing_time.as_deref(), Some("2018-09-08T13:32:45Z"));
    assert_eq!(s.digest, "SHA-256");
}

#[test]
fn tampered_p7m_is_refused_as_tampered() {
    let name = "IT02182030391_31_tampered.xml.p7m";
    let Some(dir) = dir("tampered_p7m_is_refused_as_tampered", &[name]) else {
        return;
    };
    let bytes = std::fs::read(dir.join(name)).unwrap();
    let err = read_invoice(&bytes).unwrap_err();
    assert!(err.is_tampered(), "{err}");
    assert!(
        matches!(
            err.kind,
            ErrorKind::Envelope(EnvelopeError::Tampered(Tamper::Structure { .. }))
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("TAMPERED"), "{err}");
}

#[test]
fn windows_1252_file_with_two_bodies() {
    let name = "IT02182030391_32.windows-1252.xml";
    let Some(dir) = dir("windows_1252_file_with_two_bodies", &[name]) else {
        return;
    };
    let inv = read(&dir, name);
    assert_eq!(inv.encoding.used, "windows-1252");
    assert_eq!(inv.encoding.declared.as_deref(), Some("windows-1252"));
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    assert_eq!(inv.format, Format::Fpr12);
    assert_eq!(inv.recipient_code, "UFYAGJK");
    assert_eq!(
        inv.supplier.vat_id.as_ref().unwrap().to_string(),
        "IT12345678901"
    );
    assert_eq!(inv.supplier.fiscal_code.as_deref(), Some("02182030391"));
    assert_eq!(
        inv.customer.vat_id.as_ref().unwrap().to_string(),
        "IT01180680397"
    );
    let numbers: Vec<&str> = inv.bodies.iter().map(|b| b.number.as_str()).collect();
    assert_eq!(numbers, ["3", "4"]);
    for b in &inv.bodies {
        assert_eq!(b.document_type, "TD06");
        assert_eq!(b.date, date("2017-01-27"));
        assert_eq!(b.total.cents(), 17_480);
        assert_eq!(b.total_source, TotalSource::Declared);
        let p = &b.payments[0];
        assert_eq!(p.conditions, "TP02");
        assert_eq!(p.details[0].modality, "MP05");
        assert_eq!(p.details[0].due_date, Some(date("2017-02-28")));
        assert_eq!(p.details[0].amount.cents(), 11_986);
    }
}

const REAL_RC: &str = "IT03339130126_00009_RC_003.xml";

#[test]
fn the_real_rc_signed_by_sdi_verifies_as_intact() {
    use campanile_fatturapa::envelope::{SignerTrust, TrustedList, Untrusted};
    use campanile_fatturapa::sdi::signature::{SignatureError, verify};
    let Some(dir) = dir("the_real_rc_signed_by_sdi_verifies_as_intact", &[REAL_RC]) else {
        return;
    };
    let bytes = std::fs::read(dir.join(REAL_RC)).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let sig = verify(&text, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sig.common_name.as_deref(),
        Some("Sistema Interscambio Fattura PA")
    );
    assert!(
        sig.issuer.contains("CA Agenzia delle Entrate"),
        "{}",
        sig.issuer
    );
    assert_eq!(sig.trust, SignerTrust::NotVerified);

    // Against a list that does not hold Agenzia delle Entrate's CA: no chain.
    let other = campanile_testkit::p7m::trusted_list_xml(&[(
        &campanile_testkit::p7m::test_ca().cert,
        "granted",
    )]);
    let other = TrustedList::from_xml(other.as_bytes()).unwrap();
    assert_eq!(
        verify(&text, Some(&other)).unwrap().trust,
        SignerTrust::Untrusted {
            reason: Untrusted::NoChain
        }
    );

    // The same notification read through the checked reader.
    let (n, s) = campanile_fatturapa::read_notification_checked(&bytes, Some(REAL_RC), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n.sdi_id, "6782414");
    assert_eq!(s.trust, SignerTrust::NotVerified);

    // One changed character in the signed content: tampered.
    let forged = text.replace("<IdentificativoSdI>6782414<", "<IdentificativoSdI>6782415<");
    assert_ne!(forged, text);
    assert!(
        matches!(verify(&forged, None), Err(SignatureError::Tampered { .. })),
        "{:?}",
        verify(&forged, None)
    );
    let e = campanile_fatturapa::read_notification_checked(forged.as_bytes(), Some(REAL_RC), None)
        .unwrap_err();
    assert!(e.to_string().contains("TAMPERED"), "{e}");
    // A changed date of delivery (what moves the payment terms): tampered.
    let forged = text.replace("2018-11-13T16:47:32", "2018-11-23T16:47:32");
    assert_ne!(forged, text);
    assert!(matches!(
        verify(&forged, None),
        Err(SignatureError::Tampered { .. })
    ));
    // The signature removed: unsigned.
    let start = text.find("<ds:Signature").unwrap();
    let end = text.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let unsigned = format!("{}{}", &text[..start], &text[end..]);
    assert_eq!(verify(&unsigned, None), Err(SignatureError::Unsigned));
}
