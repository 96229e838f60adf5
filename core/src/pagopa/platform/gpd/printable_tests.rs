//! A position as the platform's JSON gives it, turned into the printed notice: what is taken
//! from where, and each way it can fail.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::answer::DebtPosition;
use super::answer_body::PositionAnswer;
use super::printable::{CreditorDetails, NoticePart, PositionNoticeError, postal_address};
use super::request::PositionDebtor;
use super::status::PositionStatus;
use crate::pagopa::CreditorFiscalCode;
use crate::pagopa::print::{PrintField, PrintProblem};

const ORG: &str = "00085240950";
const IUPD: &str = "00085240950-tari-2026-0001";

fn option(iuv: &str, cents: i64, due: &str, partial: bool, status: &str) -> Value {
    json!({
        "nav": format!("3{iuv}"), "iuv": iuv, "organizationFiscalCode": ORG,
        "amount": cents, "description": "TARI 2026", "isPartialPayment": partial,
        "dueDate": due, "status": status
    })
}

fn read(status: &str, options: Value) -> DebtPosition {
    let answer: PositionAnswer = serde_json::from_value(json!({
        "iupd": IUPD, "organizationFiscalCode": ORG, "type": "F",
        "companyName": "Comune di Fermo", "officeName": "Ufficio Tributi",
        "status": status, "paymentOption": options
    }))
    .unwrap();
    answer.into_position(IUPD)
}

fn creditor() -> CreditorDetails {
    CreditorDetails {
        fiscal_code: CreditorFiscalCode::parse(ORG).unwrap(),
        name: Some("Comune di Altrove".into()),
        sector: None,
        info: Some("www.comune.fermo.it".into()),
        cbill: Some("A1B2C".into()),
        poste_authorization: None,
    }
}

fn debtor() -> PositionDebtor {
    PositionDebtor {
        fiscal_code: "rssmra80a01h501u".into(),
        full_name: "Mario Rossi".into(),
        street_name: Some("Via Roma".into()),
        civic_number: Some("1".into()),
        postal_code: Some("63900".into()),
        city: Some("Fermo".into()),
        province: Some("fm".into()),
        country: Some("IT".into()),
        ..PositionDebtor::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_position_in_full_and_in_installments_prints_with_the_days_in_rome() {
    let p = read(
        "VALID",
        json!([
            // Listed out of order: the installments print in the order they fall due.
            option(
                "00715700000000234",
                6000,
                "2026-10-31T22:59:59Z",
                true,
                "PO_UNPAID"
            ),
            option(
                "00715700000000032",
                12000,
                "2026-07-31T21:59:59Z",
                false,
                "PO_UNPAID"
            ),
            option(
                "00715700000000133",
                6000,
                "2026-07-31T22:30:00Z",
                true,
                "PO_UNPAID"
            ),
        ]),
    );
    let n = p
        .printable_notice(&creditor(), Some(&debtor()), "en")
        .unwrap();
    // The platform's copy first: its name and office, not the caller's.
    assert_eq!(n.creditor.name, "Comune di Fermo");
    assert_eq!(n.creditor.sector.as_deref(), Some("Ufficio Tributi"));
    assert_eq!(n.creditor.info.as_deref(), Some("www.comune.fermo.it"));
    assert_eq!(n.creditor.cbill.as_deref(), Some("A1B2C"));
    assert_eq!(n.debtor.name, "Mario Rossi");
    assert_eq!(n.debtor.fiscal_code, "RSSMRA80A01H501U");
    assert_eq!(
        n.debtor.address.as_deref(),
        Some("Via Roma 1, 63900 Fermo (FM)")
    );
    assert_eq!(n.subject, "TARI 2026");
    assert_eq!(n.language, "en");
    let single = n.single.as_ref().unwrap();
    assert_eq!(single.notice_number.as_str(), "300715700000000032");
    assert_eq!(single.amount.cents(), 12000);
    assert_eq!(single.due_date, day(2026, 7, 31));
    let due: Vec<(String, NaiveDate)> = n
        .installments
        .iter()
        .map(|o| (o.notice_number.as_str().to_string(), o.due_date))
        .collect();
    // 22:30 UTC on 31 July is already 1 August in Rome.
    assert_eq!(
        due,
        vec![
            ("300715700000000133".to_string(), day(2026, 8, 1)),
            ("300715700000000234".to_string(), day(2026, 10, 31)),
        ]
    );
}

#[test]
fn what_a_read_does_not_carry_comes_from_the_caller() {
    let mut p = read(
        "PUBLISHED",
        json!([option(
            "00715700000000032",
            12000,
            "2026-07-31T21:59:59Z",
            false,
            "PO_UNPAID"
        )]),
    );
    p.company_name = None;
    p.office_name = None;
    let mut c = creditor();
    c.sector = Some("Servizi scolastici".into());
    let n = p.printable_notice(&c, Some(&debtor()), "it").unwrap();
    assert_eq!(n.creditor.name, "Comune di Altrove");
    assert_eq!(n.creditor.sector.as_deref(), Some("Servizi scolastici"));
    assert!(n.installments.is_empty());

    // No debtor anywhere: the error names it.
    assert_eq!(
        p.printable_notice(&c, None, "it"),
        Err(PositionNoticeError::Missing {
            part: NoticePart::DebtorFiscalCode,
            option: None
        })
    );
    // The answers to create, publish and invalidate carry the debtor: no file needed.
    p.debtor_fiscal_code = Some("RSSMRA80A01H501U".into());
    p.debtor_name = Some("Mario Rossi".into());
    let n = p.printable_notice(&c, None, "it").unwrap();
    assert_eq!(n.debtor.address, None);
    // A debtor given that is not the position's is refused.
    let mut other = debtor();
    other.fiscal_code = "VRDLGU70A01H501X".into();
    assert!(matches!(
        p.printable_notice(&c, Some(&other), "it"),
        Err(PositionNoticeError::OtherDebtor { .. })
    ));
    c.name = None;
    p.company_name = Some(" ".into());
    assert_eq!(
        p.printable_notice(&c, None, "it"),
        Err(PositionNoticeError::Missing {
            part: NoticePart::CreditorName,
            option: None
        })
    );
}

#[test]
fn only_a_payable_position_prints() {
    let options = || {
        json!([option(
            "00715700000000032",
            12000,
            "2026-07-31T21:59:59Z",
            false,
            "PO_UNPAID"
        )])
    };
    for status in [
        "DRAFT",
        "INVALID",
        "EXPIRED",
        "PAID",
        "REPORTED",
        "SOMETHING_NEW",
    ] {
        let p = read(status, options());
        assert_eq!(
            p.printable_notice(&creditor(), Some(&debtor()), "it"),
            Err(PositionNoticeError::NotPayable {
                iupd: IUPD.into(),
                status: Some(PositionStatus::parse(status)),
            }),
            "{status}"
        );
    }
    let mut p = read("VALID", options());
    p.status = None;
    assert!(matches!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::NotPayable { status: None, .. })
    ));
    let mut p = read("VALID", options());
    p.organization_fiscal_code = Some("01199250158".into());
    assert!(matches!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::OtherCreditor { .. })
    ));
}

#[test]
fn paid_options_are_left_out_and_unknown_ones_stop_the_print() {
    let p = read(
        "PARTIALLY_PAID",
        json!([
            option(
                "00715700000000032",
                12000,
                "2026-07-31T21:59:59Z",
                false,
                "PO_UNPAID"
            ),
            option(
                "00715700000000133",
                4000,
                "2026-07-31T21:59:59Z",
                true,
                "PO_PAID"
            ),
            option(
                "00715700000000234",
                4000,
                "2026-08-31T21:59:59Z",
                true,
                "PO_UNPAID"
            ),
            option(
                "00715700000000335",
                4000,
                "2026-09-30T21:59:59Z",
                true,
                "PO_UNPAID"
            ),
        ]),
    );
    let n = p
        .printable_notice(&creditor(), Some(&debtor()), "it")
        .unwrap();
    // Once an installment is paid, the payment in full is no longer on offer.
    assert!(n.single.is_none());
    assert_eq!(
        n.installments
            .iter()
            .map(|o| o.notice_number.iuv().to_string())
            .collect::<Vec<_>>(),
        vec!["00715700000000234", "00715700000000335"]
    );

    let p = read(
        "PARTIALLY_PAID",
        json!([
            option(
                "00715700000000133",
                4000,
                "2026-07-31T21:59:59Z",
                true,
                "PO_REPORTED"
            ),
            option(
                "00715700000000234",
                4000,
                "2026-08-31T21:59:59Z",
                true,
                "PO_UNPAID"
            ),
        ]),
    );
    assert_eq!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::OneInstallmentLeft {
            option: "00715700000000234".into()
        })
    );

    let p = read(
        "VALID",
        json!([option(
            "00715700000000032",
            12000,
            "2026-07-31T21:59:59Z",
            false,
            "PO_NEW"
        )]),
    );
    assert_eq!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::UnknownOptionStatus {
            option: "00715700000000032".into(),
            status: "PO_NEW".into()
        })
    );
    let p = read(
        "VALID",
        json!([option(
            "00715700000000032",
            12000,
            "2026-07-31T21:59:59Z",
            false,
            "PO_PAID"
        )]),
    );
    assert!(matches!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::NothingToPay { .. })
    ));
}

#[test]
fn options_that_lack_what_a_notice_shows_are_named() {
    let base = || {
        option(
            "00715700000000032",
            12000,
            "2026-07-31T21:59:59Z",
            false,
            "PO_UNPAID",
        )
    };
    let missing = |part| PositionNoticeError::Missing {
        part,
        option: Some("00715700000000032".into()),
    };
    for (field, part) in [
        ("nav", NoticePart::NoticeNumber),
        ("amount", NoticePart::Amount),
        ("dueDate", NoticePart::DueDate),
        ("isPartialPayment", NoticePart::PaymentKind),
    ] {
        let mut o = base();
        o.as_object_mut().unwrap().remove(field);
        let p = read("VALID", json!([o]));
        assert_eq!(
            p.printable_notice(&creditor(), Some(&debtor()), "it"),
            Err(missing(part)),
            "{field}"
        );
    }
    let mut o = base();
    o["description"] = json!("");
    let p = read("VALID", json!([o]));
    assert_eq!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::Missing {
            part: NoticePart::Subject,
            option: None
        })
    );
    let mut o = base();
    o["nav"] = json!("300715700000000033");
    let p = read("VALID", json!([o]));
    assert!(matches!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::BadNoticeNumber { .. })
    ));
    let mut o = base();
    o["amount"] = json!(0);
    let p = read("VALID", json!([o]));
    assert_eq!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::BadAmount {
            option: "00715700000000032".into(),
            cents: 0
        })
    );
    let p = read(
        "VALID",
        json!([
            base(),
            option(
                "00715700000000133",
                100,
                "2026-07-31T21:59:59Z",
                false,
                "PO_UNPAID"
            )
        ]),
    );
    assert!(matches!(
        p.printable_notice(&creditor(), Some(&debtor()), "it"),
        Err(PositionNoticeError::SeveralInFull { .. })
    ));
    // What the printer cannot print is the printer's error, naming the field.
    let mut d = debtor();
    d.full_name = "Łukasz Nowak".into();
    let p = read("VALID", json!([base()]));
    match p.printable_notice(&creditor(), Some(&d), "it") {
        Err(PositionNoticeError::Print(e)) => {
            assert_eq!(e.field, PrintField::DebtorName);
            assert!(matches!(e.problem, PrintProblem::Unprintable { .. }));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn addresses_read_as_on_an_envelope() {
    assert_eq!(postal_address(&PositionDebtor::default()), None);
    let d = PositionDebtor {
        city: Some("Ascoli Piceno".into()),
        province: Some("AP".into()),
        ..PositionDebtor::default()
    };
    assert_eq!(postal_address(&d).as_deref(), Some("Ascoli Piceno (AP)"));
    let d = PositionDebtor {
        street_name: Some("Rue de Rivoli".into()),
        civic_number: Some("10".into()),
        postal_code: Some("75001".into()),
        city: Some("Paris".into()),
        country: Some("FR".into()),
        ..PositionDebtor::default()
    };
    assert_eq!(
        postal_address(&d).as_deref(),
        Some("Rue de Rivoli 10, 75001 Paris, FR")
    );
}

#[test]
fn a_postal_iban_on_the_creditor_s_transfer_gives_the_notice_its_postal_bulletin() {
    let with_transfers = |transfers: Value| {
        let mut o = option(
            "00715700000000032",
            12000,
            "2026-07-31T21:59:59Z",
            false,
            "PO_UNPAID",
        );
        o["transfer"] = transfers;
        read("VALID", json!([o]))
    };
    // Another organization's postal IBAN is not the creditor's account.
    let p = with_transfers(json!([
        { "idTransfer": "1", "amount": 10000, "organizationFiscalCode": ORG,
          "iban": "IT60X0542811101000000123456",
          "postalIban": "IT51 X076 0103 2000 0001 6302 093" },
        { "idTransfer": "2", "amount": 2000, "organizationFiscalCode": "80000000000",
          "iban": "IT60X0542811101000000654321",
          "postalIban": "IT60X0760103200000099999999" }
    ]));
    let notice = p
        .printable_notice(&creditor(), Some(&debtor()), "it")
        .unwrap();
    let account = notice.creditor.postal_account.unwrap();
    assert_eq!(account.number, "16302093");
    assert_eq!(account.holder, "Comune di Fermo");
    assert_eq!(account.authorization, None);

    // No postal IBAN: no bulletin.
    let p = with_transfers(json!([
        { "idTransfer": "1", "amount": 12000, "organizationFiscalCode": ORG,
          "iban": "IT60X0542811101000000123456" }
    ]));
    let notice = p
        .printable_notice(&creditor(), Some(&debtor()), "it")
        .unwrap();
    assert_eq!(notice.creditor.postal_account, None);

    // A "postal" IBAN of another bank cannot give the bulletin's account.
    let p = with_transfers(json!([
        { "idTransfer": "1", "amount": 12000, "organizationFiscalCode": ORG,
          "iban": "IT60X0542811101000000123456",
          "postalIban": "IT60X0542811101000000123456" }
    ]));
    match p.printable_notice(&creditor(), Some(&debtor()), "it") {
        Err(PositionNoticeError::Print(e)) => {
            assert_eq!(
                (e.field, e.problem),
                (PrintField::PostalAccount, PrintProblem::Format)
            );
        }
        other => panic!("{other:?}"),
    }
}
