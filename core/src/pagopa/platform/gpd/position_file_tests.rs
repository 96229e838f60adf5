//! The position file: the documented example reads into the position it describes, and each
//! mistake a person can make in it is named, with where it is, in both languages.

use serde_json::{Value, json};

use super::position_file::{FileProblem, FileSpot, PositionFile, PositionFileError};
use super::request::{DebtorKind, TransferDestination};
use crate::i18n::{I18n, Localize};
use crate::pagopa::CreditorFiscalCode;
use crate::time::CivilDate;

fn example() -> Value {
    json!({
        "iupd": "00085240950-tari-2026-0001",
        "company_name": "Comune di Fermo",
        "office_name": "Ufficio Tributi",
        "creditor": { "info": "www.comune.fermo.it", "cbill": "A1B2C" },
        "debtor": { "fiscal_code": "RSSMRA80A01H501U", "name": "Mario Rossi",
                    "street": "Via Roma", "civic_number": "1", "postal_code": "63900",
                    "city": "Fermo", "province": "FM", "country": "IT" },
        "options": [{
            "iuv": "00715700000000032", "amount": "120.00", "description": "TARI 2026",
            "due_date": "2026-07-31",
            "transfers": [{ "iban": "IT60X0542811101000000123456", "remittance": "TARI 2026",
                            "category": "9/0101100IM/" }]
        }]
    })
}

fn parse(v: &Value) -> Result<PositionFile, PositionFileError> {
    PositionFile::parse(&v.to_string())
}

#[test]
fn the_documented_example_reads_as_it_says() {
    let f = parse(&example()).unwrap();
    let p = &f.position;
    assert_eq!(p.iupd, "00085240950-tari-2026-0001");
    assert_eq!(p.debtor.full_name, "Mario Rossi");
    assert_eq!(p.debtor.kind, None);
    assert_eq!(p.debtor.civic_number.as_deref(), Some("1"));
    assert!(!p.switch_to_expired);
    let o = &p.options[0];
    assert_eq!(o.amount.cents(), 12000);
    assert_eq!(o.due_date, CivilDate::from_ymd_opt(2026, 7, 31).unwrap());
    assert!(!o.is_partial_payment);
    // The only transfer takes the option's amount and id 1.
    assert_eq!(o.transfers[0].id, 1);
    assert_eq!(o.transfers[0].amount.cents(), 12000);
    assert_eq!(
        o.transfers[0].destination,
        TransferDestination::Account {
            iban: "IT60X0542811101000000123456".into(),
            postal_iban: None
        }
    );
    let c = f.creditor_details(CreditorFiscalCode::parse("00085240950").unwrap());
    assert_eq!(c.name.as_deref(), Some("Comune di Fermo"));
    assert_eq!(c.sector.as_deref(), Some("Ufficio Tributi"));
    assert_eq!(c.info.as_deref(), Some("www.comune.fermo.it"));
    assert_eq!(c.cbill.as_deref(), Some("A1B2C"));
}

#[test]
fn the_example_in_assets_reads() {
    let f =
        PositionFile::parse(include_str!("../../../../../assets/positions/example.json")).unwrap();
    assert_eq!(f.position.options.len(), 3);
    assert_eq!(f.cbill.as_deref(), Some("A1B2C"));
}

#[test]
fn amounts_are_read_from_their_digits() {
    for (given, cents) in [
        (json!("120"), 12000),
        (json!("120.5"), 12050),
        (json!("120,05"), 12005),
        (json!(" 0.01 "), 1),
        (json!(120.1), 12010),
        (json!(7), 700),
    ] {
        let mut v = example();
        v["options"][0]["amount"] = given.clone();
        let f = parse(&v).unwrap_or_else(|e| panic!("{given}: {e}"));
        assert_eq!(f.position.options[0].amount.cents(), cents, "{given}");
    }
    for bad in [
        "1.234,56", "12.345", "120.", ".5", "-3", "0", "0.00", "1e3", "", "€5",
    ] {
        let mut v = example();
        v["options"][0]["amount"] = json!(bad);
        assert_eq!(
            parse(&v).unwrap_err(),
            PositionFileError::Field {
                spot: FileSpot {
                    option: Some(1),
                    transfer: None,
                    field: "amount"
                },
                problem: FileProblem::Amount {
                    value: bad.to_string()
                }
            },
            "{bad}"
        );
    }
}

#[test]
fn instalments_several_transfers_stamps_and_kinds() {
    let mut v = example();
    v["debtor"]["kind"] = json!("legal-entity");
    v["debtor"]["fiscal_code"] = json!("01199250158");
    v["options"][0]["installment"] = json!(true);
    v["options"][0]["metadata"] = json!({ "anno": "2026" });
    v["options"][0]["transfers"] = json!([
        { "amount": "100", "iban": "IT60X0542811101000000123456", "remittance": "TARI",
          "category": "9/0101100IM/" },
        { "id": 3, "amount": "20.00", "remittance": "Bollo", "category": "9/0101100IM/",
          "organization_fiscal_code": "01199250158",
          "stamp": { "hash_document": "aGFzaA==", "stamp_type": "01",
                     "provincial_residence": "FM" } }
    ]);
    let f = parse(&v).unwrap();
    let o = &f.position.options[0];
    assert_eq!(f.position.debtor.kind, Some(DebtorKind::LegalEntity));
    assert!(o.is_partial_payment);
    assert_eq!(o.metadata[0].key, "anno");
    assert_eq!(
        o.transfers.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert!(matches!(
        o.transfers[1].destination,
        TransferDestination::Stamp(_)
    ));
}

fn field_error(v: &Value) -> (FileSpot, FileProblem) {
    match parse(v) {
        Err(PositionFileError::Field { spot, problem }) => (spot, problem),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_mistake_is_named_with_where_it_is() {
    let mut v = example();
    v["options"][0]["due_date"] = json!("31/07/2026");
    let (spot, problem) = field_error(&v);
    assert_eq!((spot.option, spot.field), (Some(1), "due_date"));
    assert!(matches!(problem, FileProblem::Date { .. }));

    let mut v = example();
    v["options"][0]["transfers"] = json!([
        { "iban": "IT60X0542811101000000123456", "remittance": "a", "category": "c" },
        { "iban": "IT60X0542811101000000123456", "remittance": "b", "category": "c" }
    ]);
    let (spot, problem) = field_error(&v);
    assert_eq!(
        (spot.option, spot.transfer, spot.field),
        (Some(1), Some(1), "amount")
    );
    assert_eq!(problem, FileProblem::TransferAmountNeeded);

    let mut v = example();
    v["options"][0]["transfers"][0]
        .as_object_mut()
        .unwrap()
        .remove("iban");
    assert_eq!(field_error(&v).1, FileProblem::Destination);

    let mut v = example();
    v["options"][0]["transfers"][0]["organization_fiscal_code"] = json!("00085240951");
    assert!(matches!(field_error(&v).1, FileProblem::FiscalCode { .. }));

    let mut v = example();
    v["debtor"]["kind"] = json!("company");
    let (spot, problem) = field_error(&v);
    assert_eq!((spot.option, spot.field), (None, "debtor.kind"));
    assert!(matches!(problem, FileProblem::DebtorKind { .. }));

    // What the platform's rules forbid is refused by the same checks as the client's.
    let mut v = example();
    v["options"][0]["transfers"][0]["iban"] = json!("IT61X0542811101000000123456");
    match parse(&v) {
        Err(PositionFileError::Invalid(e)) => assert!(e.to_string().contains("check digits")),
        other => panic!("{other:?}"),
    }

    // JSON that does not fit: the reader says where.
    let mut v = example();
    v["debtor"]["nmae"] = json!("typo");
    match parse(&v) {
        Err(PositionFileError::Json { detail, .. }) => assert!(detail.contains("nmae")),
        other => panic!("{other:?}"),
    }
    match PositionFile::parse("{\n  \"iupd\": \"x\",\n  oops\n}") {
        Err(PositionFileError::Json { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_error_has_words_in_both_languages() {
    let spots = [
        FileSpot {
            option: None,
            transfer: None,
            field: "validity_date",
        },
        FileSpot {
            option: Some(2),
            transfer: None,
            field: "due_date",
        },
        FileSpot {
            option: Some(2),
            transfer: Some(3),
            field: "amount",
        },
    ];
    let problems = [
        FileProblem::Amount {
            value: "12.345".into(),
        },
        FileProblem::Date {
            value: "31/07/2026".into(),
        },
        FileProblem::FiscalCode {
            value: "123".into(),
        },
        FileProblem::DebtorKind {
            value: "company".into(),
        },
        FileProblem::TransferAmountNeeded,
        FileProblem::Destination,
        FileProblem::PostalIbanAlone,
    ];
    for lang in ["it", "en"] {
        let i18n = I18n::new(lang);
        let mut texts = std::collections::BTreeSet::new();
        for spot in &spots {
            for problem in &problems {
                let e = PositionFileError::Field {
                    spot: spot.clone(),
                    problem: problem.clone(),
                };
                let (id, _) = e.message();
                assert!(i18n.has(&id), "{lang}: {id}");
                let text = i18n.localize(&e);
                assert!(
                    !text.contains('{') && !text.contains("pagopa-"),
                    "{lang}: {text}"
                );
                assert!(text.contains(spot.field), "{lang}: {text}");
                if let Some(t) = spot.transfer {
                    assert!(text.contains(&t.to_string()), "{lang}: {text}");
                }
                assert!(texts.insert(text), "{lang}: twice");
            }
        }
        let text = i18n.localize(&PositionFileError::Json {
            line: 7,
            column: 3,
            detail: "unknown field `nmae`".into(),
        });
        assert!(text.contains('7') && text.contains("nmae"), "{text}");
    }
}
