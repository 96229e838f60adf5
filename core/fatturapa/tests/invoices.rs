//! FatturaPA XML written by the tests in every shape the reader must take: FPA12 and FPR12,
//! namespace prefixes of any name or none, UTF-8 with or without BOM, Windows-1252 (declared
//! or falsely declared as UTF-8), ISO-8859-1, several bodies; and the errors, with where.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use campanile_fatturapa::{
    ErrorKind, Expected, Format, TotalSource, Warning, read_invoice, read_xml,
};
use chrono::NaiveDate;
use support::{BodySpec, PaySpec, Spec};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn fpa12_with_declared_total_and_payment_terms() {
    let mut spec = Spec::fpa12();
    spec.bodies[0].total = Some("1222.00".into());
    spec.bodies[0].payment = Some(PaySpec {
        conditions: "TP02".into(),
        modality: "MP05".into(),
        terms_from: Some("2024-03-06".into()),
        term_days: Some("30".into()),
        due: Some("2024-04-05".into()),
        amount: "1222.00".into(),
        iban: Some("IT60 X054 2811 1010 0000 0123 456".into()),
    });
    let inv = read_invoice(&spec.bytes()).unwrap();
    assert_eq!(inv.format, Format::Fpa12);
    assert_eq!(inv.recipient_code, "UF1234");
    assert_eq!(inv.transmitter.to_string(), "IT01234567890");
    assert_eq!(inv.progressive, "00017");
    assert_eq!(inv.supplier.vat_id.as_ref().unwrap().country, "IT");
    assert_eq!(inv.supplier.vat_id.as_ref().unwrap().code, "01234567890");
    assert_eq!(inv.supplier.name, "Tipografia Picena Srl");
    assert_eq!(inv.customer.name, "Comune di Fermo");
    assert_eq!(inv.customer.fiscal_code.as_deref(), Some("00334990447"));
    let b = &inv.bodies[0];
    assert_eq!(b.number, "FT-2024/17");
    assert_eq!(b.date, date("2024-03-05"));
    assert_eq!(b.total.cents(), 122_200);
    assert_eq!(b.total_source, TotalSource::Declared);
    let d = &b.payments[0].details[0];
    assert_eq!(b.payments[0].conditions, "TP02");
    assert_eq!(d.modality, "MP05");
    assert_eq!(d.terms_from, Some(date("2024-03-06")));
    assert_eq!(d.term_days, Some(30));
    assert_eq!(d.due_date, Some(date("2024-04-05")));
    assert_eq!(d.amount.cents(), 122_200);
    assert_eq!(d.iban.as_deref(), Some("IT60X0542811101000000123456"));
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
}

#[test]
fn total_without_importo_totale_is_the_sum_of_the_summary_lines() {
    let mut spec = Spec::fpr12();
    spec.bodies[0].summary = vec![
        ("100.00".into(), "22.00".into()),
        ("50.00".into(), "5.00".into()),
        ("10.50".into(), "0.00".into()),
    ];
    let inv = read_invoice(&spec.bytes()).unwrap();
    assert_eq!(inv.format, Format::Fpr12);
    assert_eq!(inv.recipient_code, "ABC1234");
    assert_eq!(inv.bodies[0].total.cents(), 18_750);
    assert_eq!(inv.bodies[0].total_source, TotalSource::SummaryLines);
}

#[test]
fn any_namespace_prefix_or_none() {
    for prefix in [Some("p"), Some("ns2"), Some("FPA"), Some("a.b-c"), None] {
        let mut spec = Spec::fpa12();
        spec.prefix = prefix.map(str::to_string);
        let inv = read_invoice(&spec.bytes()).unwrap_or_else(|e| panic!("{prefix:?}: {e}"));
        assert_eq!(inv.bodies[0].number, "FT-2024/17", "{prefix:?}");
        assert_eq!(inv.supplier.name, "Tipografia Picena Srl", "{prefix:?}");
    }
}

#[test]
fn utf8_with_byte_order_mark_and_without_declaration() {
    let mut spec = Spec::fpa12();
    spec.supplier_name = "Caffè Perché S.r.l. — “Sibillini”".into();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(spec.bytes());
    let inv = read_invoice(&bytes).unwrap();
    assert_eq!(inv.supplier.name, "Caffè Perché S.r.l. — “Sibillini”");
    assert!(inv.encoding.bom);
    assert_eq!(inv.encoding.used, "UTF-8");

    spec.declared_encoding = None;
    let inv = read_invoice(&spec.bytes()).unwrap();
    assert_eq!(inv.supplier.name, "Caffè Perché S.r.l. — “Sibillini”");
    assert_eq!(inv.encoding.declared, None);
}

#[test]
fn windows_1252_declared_or_falsely_declared_as_utf8() {
    let name = "Città di Sant'Elpidio — Caffè €";
    for declared in ["windows-1252", "UTF-8", "utf-8"] {
        let mut spec = Spec::fpa12();
        spec.supplier_name = name.into();
        spec.bodies[0].causale = Some("Perché è così: più o meno".into());
        spec.declared_encoding = Some(declared.into());
        let xml = spec.xml();
        let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&xml);
        assert!(!lossy);
        let inv = read_invoice(&bytes).unwrap();
        assert_eq!(inv.supplier.name, name, "declared {declared}");
        assert_eq!(
            inv.bodies[0].description.as_deref(),
            Some("Perché è così: più o meno")
        );
        assert_eq!(inv.encoding.used, "windows-1252");
        let warned = inv
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::EncodingMismatch { .. }));
        assert_eq!(warned, declared != "windows-1252", "declared {declared}");
    }
}

#[test]
fn iso_8859_1_declared() {
    let mut spec = Spec::fpr12();
    spec.customer_name = "Società Agricola Fermò".into();
    spec.declared_encoding = Some("ISO-8859-1".into());
    let xml = spec.xml();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&xml);
    let inv = read_invoice(&bytes).unwrap();
    assert_eq!(inv.customer.name, "Società Agricola Fermò");
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
}

#[test]
fn several_bodies_in_one_file() {
    let mut spec = Spec::fpa12();
    spec.bodies = (1..=4)
        .map(|i| {
            let mut b = BodySpec::new(
                &format!("{i}/A"),
                &format!("2024-0{i}-1{i}"),
                "10.00",
                "2.20",
            );
            if i % 2 == 0 {
                b.total = Some(format!("{i}00.00"));
            }
            b
        })
        .collect();
    let inv = read_invoice(&spec.bytes()).unwrap();
    assert_eq!(inv.bodies.len(), 4);
    for (i, b) in inv.bodies.iter().enumerate() {
        let n = i + 1;
        assert_eq!(b.position, n);
        assert_eq!(b.number, format!("{n}/A"));
        assert_eq!(b.date, date(&format!("2024-0{n}-1{n}")));
        if n % 2 == 0 {
            assert_eq!(
                (b.total.cents(), b.total_source),
                (n as i64 * 10_000, TotalSource::Declared)
            );
        } else {
            assert_eq!(
                (b.total.cents(), b.total_source),
                (1_220, TotalSource::SummaryLines)
            );
        }
    }
}

#[test]
fn a_wrong_iban_is_a_warning_with_its_place() {
    let mut spec = Spec::fpa12();
    spec.bodies[0].payment = Some(PaySpec {
        conditions: "TP02".into(),
        modality: "MP05".into(),
        terms_from: None,
        term_days: None,
        due: None,
        amount: "1220.00".into(),
        iban: Some("IT61X0542811101000000123456".into()),
    });
    let inv = read_invoice(&spec.bytes()).unwrap();
    match inv.warnings.as_slice() {
        [Warning::Iban { value, at }] => {
            assert_eq!(value, "IT61X0542811101000000123456");
            assert!(
                at.path.ends_with("DatiPagamento/DettaglioPagamento/IBAN"),
                "{}",
                at.path
            );
            assert!(at.line > 20, "{at}");
        }
        other => panic!("{other:?}"),
    }
}

/// The line (from 1) of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u32 {
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() as u32 + 1
}

#[test]
fn errors_name_the_element_its_path_and_line() {
    // A day that does not exist, in the second body.
    let mut spec = Spec::fpa12();
    spec.bodies
        .push(BodySpec::new("2", "2023-02-29", "1.00", "0.22"));
    let xml = spec.xml();
    let err = read_xml(xml.as_bytes()).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Invalid {
            element: "Data",
            value: "2023-02-29".into(),
            expected: Expected::Date
        }
    );
    let at = err.at.clone().unwrap();
    assert_eq!(
        at.path,
        "FatturaElettronica/FatturaElettronicaBody[2]/DatiGenerali/DatiGeneraliDocumento/Data"
    );
    assert_eq!(at.line, line_of(&xml, "<Data>2023-02-29"));
    assert!(
        err.to_string().contains("FatturaElettronicaBody[2]"),
        "{err}"
    );

    // A missing number: the parent is named.
    let xml = Spec::fpa12()
        .xml()
        .replace("<Numero>FT-2024/17</Numero>", "");
    let err = read_xml(xml.as_bytes()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Missing { element: "Numero" });
    assert!(
        err.at
            .unwrap()
            .path
            .ends_with("DatiGenerali/DatiGeneraliDocumento")
    );

    // An amount with a comma.
    let mut spec = Spec::fpa12();
    spec.bodies[0].total = Some("1.222,00".into());
    let err = read_xml(spec.xml().as_bytes()).unwrap_err();
    assert!(matches!(
        err.kind,
        ErrorKind::Invalid {
            element: "ImportoTotaleDocumento",
            expected: Expected::Amount,
            ..
        }
    ));
}

#[test]
fn the_recipient_code_must_fit_the_format() {
    let mut spec = Spec::fpa12();
    spec.recipient = "ABC1234".into();
    let err = read_xml(&spec.bytes()).unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Invalid {
                element: "CodiceDestinatario",
                ..
            }
        ),
        "{err}"
    );
    let mut spec = Spec::fpr12();
    spec.recipient = "UF1234".into();
    assert!(read_xml(&spec.bytes()).is_err());
}

#[test]
fn format_and_version_must_agree_and_be_known() {
    let xml = Spec::fpa12()
        .xml()
        .replace("<FormatoTrasmissione>FPA12", "<FormatoTrasmissione>FPR12");
    let err = read_xml(xml.as_bytes()).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::FormatMismatch {
            versione: "FPA12".into(),
            formato: "FPR12".into()
        }
    );
    let xml = Spec::fpa12()
        .xml()
        .replace("versione=\"FPA12\"", "versione=\"FPA13\"");
    let err = read_xml(xml.as_bytes()).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Version {
            found: "FPA13".into()
        }
    );
    let xml = Spec::fpa12()
        .xml()
        .replace("FatturaElettronica ", "FatturaElettronicaSemplificata ")
        .replace("FatturaElettronica>", "FatturaElettronicaSemplificata>");
    assert_eq!(
        read_xml(xml.as_bytes()).unwrap_err().kind,
        ErrorKind::Simplified
    );
}

#[test]
fn what_is_not_an_invoice_is_said_so() {
    assert_eq!(read_invoice(b"").unwrap_err().kind, ErrorKind::Empty);
    assert_eq!(read_invoice(b"  \n ").unwrap_err().kind, ErrorKind::Empty);
    assert_eq!(
        read_invoice(b"%PDF-1.7 this is not an invoice")
            .unwrap_err()
            .kind,
        ErrorKind::UnknownContent
    );
    let err = read_invoice(b"<html><body>hi</body></html>").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::NotInvoice {
            root: "html".into()
        }
    );
    let xml = Spec::fpa12().xml();
    let cut = &xml.as_bytes()[..xml.len() / 2];
    let err = read_invoice(cut).unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Xml { .. }), "{err}");
    assert!(err.at.unwrap().line > 1);
    let xml = Spec::fpa12()
        .xml()
        .replace("<FatturaElettronicaBody>", "<Altro>")
        .replace("</FatturaElettronicaBody>", "</Altro>");
    assert_eq!(
        read_invoice(xml.as_bytes()).unwrap_err().kind,
        ErrorKind::NoBody
    );
    let err = read_invoice(b"<?xml version='1.0' encoding='EBCDIC-XYZ'?><a/>").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::UnknownEncoding {
            declared: "EBCDIC-XYZ".into()
        }
    );
}

#[test]
fn entities_and_cdata_in_values() {
    let xml = Spec::fpa12().xml().replace(
        "<Denominazione>Tipografia Picena Srl</Denominazione>",
        "<Denominazione>Rossi &amp; Figli <![CDATA[S.n.c.]]> l&apos;ottima</Denominazione>",
    );
    let inv = read_invoice(xml.as_bytes()).unwrap();
    assert_eq!(inv.supplier.name, "Rossi & Figli S.n.c. l'ottima");
}

#[test]
fn fatturapa_1_1_is_read_like_fpa12() {
    let mut spec = Spec::fpa12();
    spec.bodies[0].total = Some("1220.00".into());
    let v12 = read_xml(&spec.bytes()).unwrap();
    let xml = support::as_version_1_1(&spec.xml());
    assert!(xml.contains("versione=\"1.1\"") && xml.contains(">SDI11<"));
    let v11 = read_xml(xml.as_bytes()).unwrap();
    assert_eq!(v11.format, Format::Sdi11);
    assert_eq!(v11.format.code(), "SDI11");
    assert_eq!(v11.format.version(), "1.1");
    // Everything else reads as in 1.2.
    assert_eq!(v11.supplier, v12.supplier);
    assert_eq!(v11.customer, v12.customer);
    assert_eq!(v11.bodies, v12.bodies);
    assert_eq!(v11.recipient_code, "UF1234");

    // 1.1 with a 1.2 format code, or a 7-character (private-party) recipient, is refused.
    let mixed = xml.replace(">SDI11<", ">FPA12<");
    assert_eq!(
        read_xml(mixed.as_bytes()).unwrap_err().kind,
        ErrorKind::FormatMismatch {
            versione: "1.1".into(),
            formato: "FPA12".into()
        }
    );
    let private = xml.replace(">UF1234<", ">ABC1234<");
    assert!(matches!(
        read_xml(private.as_bytes()).unwrap_err().kind,
        ErrorKind::Invalid {
            element: "CodiceDestinatario",
            ..
        }
    ));
}

#[test]
fn a_vat_code_that_carries_its_country_shows_it_once() {
    let mut spec = Spec::fpa12();
    spec.supplier_vat = ("GB".into(), "GB123456789".into());
    let file = read_xml(&spec.bytes()).unwrap();
    let vat = file.supplier.vat_id.unwrap();
    assert_eq!(vat.code, "GB123456789", "kept as written");
    assert_eq!(vat.to_string(), "GB123456789");
    spec.supplier_vat = ("GB".into(), "123456789".into());
    let file = read_xml(&spec.bytes()).unwrap();
    assert_eq!(file.supplier.vat_id.unwrap().to_string(), "GB123456789");
    // A code that is only the country is not a prefix.
    spec.supplier_vat = ("DE".into(), "DE".into());
    let file = read_xml(&spec.bytes()).unwrap();
    assert_eq!(file.supplier.vat_id.unwrap().to_string(), "DEDE");
}
