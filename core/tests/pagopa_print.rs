#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The printed notice, checked the way counter staff and a payer's app would: the PDF opens
//! (lopdf parses it; poppler's `pdftotext` reads its text, accented letters and € included),
//! shows what the guidelines require in the notice's language, and the QR code of each payment
//! option, rasterised by poppler's `pdftoppm` and read by our own `pagopa::scan`, gives back
//! that option's notice.
//!
//! Needs `pdftoppm` and `pdftotext` (Debian `poppler-utils`, installed by `scripts/setup.sh`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use campanile_core::i18n::I18n;
use campanile_core::pagopa::print::{
    Creditor, NoticeDebtor, NoticeOption, PostalAccount, PrintError, PrintField, PrintProblem,
    PrintableNotice, render_pdf,
};
use campanile_core::pagopa::scan::{self, ScanOptions};
use campanile_core::pagopa::{Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use chrono::NaiveDate;

const CREDITOR_CF: &str = "00085240950";

fn notice_number(body: &str) -> NoticeNumber {
    NoticeNumber::compose(AuxDigit::Three, body).unwrap()
}

fn option(body: &str, cents: u64, (y, m, d): (i32, u32, u32)) -> NoticeOption {
    NoticeOption {
        notice_number: notice_number(body),
        amount: Amount::from_cents(cents).unwrap(),
        due_date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
    }
}

/// A notice with accented letters everywhere a person's or a place's name can have them.
fn sample(language: &str) -> PrintableNotice {
    PrintableNotice {
        creditor: Creditor {
            name: "Comune di Sant'Elpidio a Mare".into(),
            fiscal_code: CreditorFiscalCode::parse(CREDITOR_CF).unwrap(),
            sector: Some("Servizio Entrate e Attività Produttive".into()),
            info: Some("www.comune.example.it · tributi@comune.example.it · 0734 000000".into()),
            cbill: Some("A0EDT".into()),
            postal_account: None,
        },
        debtor: NoticeDebtor {
            name: "Niccolò Forlì Pérez".into(),
            fiscal_code: "frlncc80a01d542x".into(),
            address: Some("Via dell'Università 3, 63811 Sant'Elpidio a Mare (FM)".into()),
        },
        subject: "Tassa sui rifiuti (TARI) 2026 – utenza domestica, già ridotta del 20%".into(),
        single: Some(option("007157000000001", 123_456, (2026, 7, 31))),
        installments: vec![],
        language: language.into(),
    }
}

fn tool(name: &str) -> PathBuf {
    let found = Command::new(name).arg("-v").output().is_ok();
    assert!(
        found,
        "`{name}` is not installed: it comes with poppler (Debian/Ubuntu: `sudo apt-get install \
         poppler-utils`; macOS: `brew install poppler`), and scripts/setup.sh installs it"
    );
    PathBuf::from(name)
}

/// The text poppler reads from every page, in UTF-8.
fn pdftotext(pdf: &Path) -> String {
    let out = Command::new(tool("pdftotext"))
        .args(["-enc", "UTF-8", "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every page rasterised at 150 dpi, then every notice the scanner finds on each, page by page.
fn notices_in_raster(pdf: &Path) -> Vec<Vec<(RptId, Option<Amount>)>> {
    let dir = pdf.parent().unwrap();
    let prefix = dir.join("page");
    let out = Command::new(tool("pdftoppm"))
        .args(["-r", "150", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("page") && name.ends_with(".png")
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "pdftoppm wrote no page");
    pages
        .iter()
        .map(|page| {
            let result = scan::scan_file(page, &ScanOptions::default()).unwrap();
            assert!(
                result.found.iter().all(|f| f.error.is_none()),
                "{}: {:?}",
                page.display(),
                result.found
            );
            result.notices().map(|n| (n.rpt_id, n.amount)).collect()
        })
        .collect()
}

fn write(dir: &tempfile::TempDir, pdf: &[u8]) -> PathBuf {
    let path = dir.path().join("avviso.pdf");
    std::fs::write(&path, pdf).unwrap();
    path
}

fn rpt(option: &NoticeOption) -> RptId {
    RptId::new(
        CreditorFiscalCode::parse(CREDITOR_CF).unwrap(),
        option.notice_number,
    )
}

#[test]
fn the_italian_notice_parses_and_says_what_the_guidelines_require() {
    let notice = sample("it");
    let bytes = render_pdf(&notice).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    // lopdf: a well-formed document of one A4 page, in the standard Helvetica with WinAnsi.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page_id = pages[&1];
    let fonts = doc.get_page_fonts(page_id).unwrap();
    let mut base_fonts = BTreeSet::new();
    for font in fonts.values() {
        assert_eq!(
            font.get(b"Encoding").unwrap().as_name().unwrap(),
            b"WinAnsiEncoding"
        );
        base_fonts.insert(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec());
    }
    assert_eq!(
        base_fonts,
        BTreeSet::from([b"Helvetica".to_vec(), b"Helvetica-Bold".to_vec()])
    );
    // The accented letters are WinAnsi bytes in the page: "Niccolò" has ò = 0xF2, "già" à = 0xE0.
    let content = lopdf::content::Content::decode(&doc.get_page_content(page_id)).unwrap();
    let shown: Vec<u8> = content
        .operations
        .iter()
        .filter(|op| op.operator == "Tj")
        .flat_map(|op| op.operands[0].as_str().unwrap().to_vec())
        .collect();
    let has = |needle: &[u8]| shown.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"Niccol\xf2 Forl\xec P\xe9rez"));
    assert!(has(b"gi\xe0 ridotta"));
    assert!(has(b"1.234,56 \x80"));
    let lopdf_text = doc.extract_text(&[1]).unwrap();
    assert!(lopdf_text.contains("Niccolò Forlì Pérez"), "{lopdf_text}");
    assert!(lopdf_text.contains("1.234,56 €"), "{lopdf_text}");

    // Poppler reads the same words: everything a payment channel asks for.
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, &bytes);
    let text = pdftotext(&path);
    for expected in [
        "AVVISO DI PAGAMENTO",
        "Tassa sui rifiuti (TARI) 2026 – utenza domestica, già ridotta del 20%",
        "ENTE CREDITORE",
        "Comune di Sant'Elpidio a Mare",
        "Servizio Entrate e Attività Produttive",
        "Codice fiscale 00085240950",
        "DESTINATARIO DELL'AVVISO",
        "Niccolò Forlì Pérez",
        "Codice fiscale / Partita IVA FRLNCC80A01D542X",
        "Via dell'Università 3",
        "QUANTO E QUANDO PAGARE?",
        "1.234,56 €",
        "entro il 31/07/2026",
        "DOVE PAGARE?",
        "PAGA ONLINE O CON UN'APP",
        "PAGA SUL TERRITORIO",
        "www.pagopa.gov.it",
        "RATA UNICA entro il 31/07/2026",
        "Codice CBILL",
        "A0EDT",
        "Codice avviso",
        "Cod. fiscale ente creditore",
        "Pagina 1 di 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let number = notice.single.as_ref().unwrap().notice_number;
    assert!(text.contains(&number.grouped()), "{text}");
    // The QR code's text, printed under it.
    let payload = format!("PAGOPA|002|{number}|{CREDITOR_CF}|123456");
    assert!(text.contains(&payload), "missing {payload} in:\n{text}");

    // The QR code, as a camera would see the page, gives back the notice.
    let found = notices_in_raster(&path);
    assert_eq!(
        found,
        vec![vec![(
            rpt(notice.single.as_ref().unwrap()),
            Some(Amount::from_cents(123_456).unwrap())
        )]]
    );
}

#[test]
fn the_english_notice_has_english_texts_and_amounts() {
    let bytes = render_pdf(&sample("en")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = pdftotext(&write(&dir, &bytes));
    for expected in [
        "PAYMENT NOTICE",
        "CREDITOR",
        "ADDRESSEE",
        "Tax code / VAT number FRLNCC80A01D542X",
        "HOW MUCH AND WHEN?",
        "€1,234.56",
        "by 31/07/2026",
        "WHERE TO PAY?",
        "PAY ONLINE OR WITH AN APP",
        "PAY IN PERSON",
        "SINGLE PAYMENT by 31/07/2026",
        "Notice code",
        "Creditor tax code",
        "Page 1 of 1",
        // The data stay as given.
        "Niccolò Forlì Pérez",
        "già ridotta del 20%",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for italian in ["AVVISO DI PAGAMENTO", "DOVE PAGARE", "1.234,56"] {
        assert!(
            !text.contains(italian),
            "{italian:?} in the English notice:\n{text}"
        );
    }
}

#[test]
fn installments_each_get_their_box_and_qr_code_over_as_many_pages_as_needed() {
    let mut notice = sample("it");
    notice.single = Some(option("007157000000100", 60_000, (2026, 3, 31)));
    notice.installments = (0..6)
        .map(|i| {
            option(
                &format!("0071570000002{i:02}"),
                10_000 + i,
                (2026, 4 + i as u32, 30),
            )
        })
        .collect();
    let bytes = render_pdf(&notice).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len();
    assert!(pages >= 2, "7 payment boxes on {pages} page");

    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, &bytes);
    let text = pdftotext(&path);
    assert!(text.contains("oppure in 6 rate"), "{text}");
    for i in 1..=6 {
        assert!(
            text.contains(&format!("RATA {i} DI 6 entro il 30/{:02}/2026", 3 + i)),
            "{text}"
        );
    }
    // Every page repeats the header and is numbered.
    for p in 1..=pages {
        let page_text = doc.extract_text(&[p as u32]).unwrap();
        assert!(
            page_text.contains("AVVISO DI PAGAMENTO"),
            "page {p}: {page_text}"
        );
        assert!(page_text.contains("TARI"), "page {p}: {page_text}");
        assert!(text.contains(&format!("Pagina {p} di {pages}")), "{text}");
    }

    // Each option's QR code is found once, with its own amount, and no other code is.
    let found: Vec<(RptId, Option<Amount>)> =
        notices_in_raster(&path).into_iter().flatten().collect();
    let expected: BTreeSet<(RptId, Option<Amount>)> =
        notice.options().map(|o| (rpt(o), Some(o.amount))).collect();
    assert_eq!(found.len(), expected.len(), "{found:?}");
    assert_eq!(found.into_iter().collect::<BTreeSet<_>>(), expected);
}

#[test]
fn installments_alone_show_their_total_and_first_date() {
    let mut notice = sample("en");
    notice.single = None;
    notice.installments = vec![
        option("007157000000301", 50_050, (2026, 5, 31)),
        option("007157000000302", 49_950, (2026, 9, 30)),
    ];
    let bytes = render_pdf(&notice).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = pdftotext(&write(&dir, &bytes));
    assert!(text.contains("€1,000.00"), "{text}");
    assert!(
        text.contains("in 2 installments, the first by 31/05/2026"),
        "{text}"
    );
    assert!(!text.contains("SINGLE PAYMENT"), "{text}");
}

#[test]
fn data_that_cannot_be_printed_are_refused_naming_the_field() {
    let check = |notice: PrintableNotice, field: PrintField, problem: PrintProblem| {
        let e = render_pdf(&notice).unwrap_err();
        assert_eq!((e.field, e.problem), (field, problem));
    };
    let mut n = sample("it");
    n.debtor.name = "Łukasz Nowak".into();
    check(
        n,
        PrintField::DebtorName,
        PrintProblem::Unprintable {
            position: 1,
            found: 'Ł',
        },
    );
    let mut n = sample("it");
    n.subject = "  ".into();
    check(n, PrintField::Subject, PrintProblem::Missing);
    let mut n = sample("it");
    n.subject = "x".repeat(141);
    check(
        n,
        PrintField::Subject,
        PrintProblem::TooLong {
            max: 140,
            found: 141,
        },
    );
    let mut n = sample("it");
    n.creditor.cbill = Some("A0ED".into());
    check(n, PrintField::Cbill, PrintProblem::Format);
    let mut n = sample("it");
    n.single = None;
    check(n, PrintField::PaymentOptions, PrintProblem::NoOption);
    let mut n = sample("it");
    n.installments = vec![option("007157000000401", 100, (2026, 1, 1))];
    check(n, PrintField::PaymentOptions, PrintProblem::OneInstallment);
    let mut n = sample("it");
    let single = n.single.clone().unwrap();
    n.installments = vec![single.clone(), option("007157000000402", 100, (2026, 1, 1))];
    check(
        n,
        PrintField::NoticeNumber,
        PrintProblem::Duplicate {
            notice_number: single.notice_number.to_string(),
        },
    );
    // Optional fields may be absent.
    let mut n = sample("it");
    n.creditor.cbill = None;
    n.creditor.sector = None;
    n.creditor.info = Some(String::new());
    n.debtor.address = None;
    let bytes = render_pdf(&n).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = pdftotext(&write(&dir, &bytes));
    assert!(!text.contains("Codice CBILL"), "{text}");
    assert!(text.contains("Niccolò Forlì Pérez"), "{text}");
}

/// The Comune's postal account, as the bulletin shows it.
fn postal_account() -> PostalAccount {
    PostalAccount {
        number: "16302093".into(),
        holder: "Comune di Sant'Elpidio a Mare - Servizio Tesoreria".into(),
        authorization: Some("AUT. DB/SSIC/E 12345 DEL 01/02/2020".into()),
    }
}

/// Every code the scanner reads on the pages rasterised at 300 dpi, as a document scanner
/// does (QR and Data Matrix), as text.
fn codes_in_raster(pdf: &Path) -> Vec<String> {
    let dir = pdf.parent().unwrap();
    let out = Command::new(tool("pdftoppm"))
        .args(["-r", "300", "-png"])
        .arg(pdf)
        .arg(dir.join("code"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("code") && name.ends_with(".png")
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "pdftoppm wrote no page");
    pages
        .iter()
        .flat_map(|page| {
            let result = scan::scan_file(page, &ScanOptions::default()).unwrap();
            result.found.into_iter().map(|f| f.text)
        })
        .collect()
}

/// The Data Matrix text Poste reads, written out field by field for the sample's addressee.
fn expected_data_matrix(option: &NoticeOption, cents: &str, subject: &str) -> String {
    let pad = |s: &str, n: usize| format!("{s:<n$}");
    let text = [
        "codfase=NBPA;",
        "18",
        option.notice_number.as_str(),
        "12",
        "000016302093",
        "10",
        cents,
        "3",
        "896",
        "1P1",
        CREDITOR_CF,
        "FRLNCC80A01D542X",
        &pad("Niccolo Forli Perez", 40),
        &pad(subject, 110),
        &pad("", 12),
        "A",
    ]
    .concat();
    assert_eq!(text.len(), 256);
    text
}

/// The sample's subject in Poste's alphabet: no accents, other signs as spaces.
const POSTE_SUBJECT: &str = "Tassa sui rifiuti  TARI  2026 - utenza domestica, gia ridotta del 20 ";

#[test]
fn a_creditor_with_a_postal_account_gets_the_poste_bulletin_and_its_data_matrix() {
    let mut notice = sample("it");
    notice.creditor.postal_account = Some(postal_account());
    let bytes = render_pdf(&notice).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, &bytes);
    let text = pdftotext(&path);
    for expected in [
        "BOLLETTINO POSTALE PA",
        "BancoPosta",
        "sul C/C n.",
        "16302093",
        "Intestato a",
        "Comune di Sant'Elpidio a Mare - Servizio Tesoreria",
        "Tipo",
        "P1",
        "Autorizzazione di Poste Italiane alla stampa in proprio: AUT. DB/SSIC/E 12345 DEL \
         01/02/2020",
        "1.234,56 €",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The notice code is printed twice: in the payment box and in the bulletin.
    let single = notice.single.clone().unwrap();
    assert_eq!(
        text.matches(&single.notice_number.grouped()).count(),
        2,
        "{text}"
    );

    // The page carries the QR code and, beside the bulletin, the Data Matrix Poste reads.
    let codes = codes_in_raster(&path);
    let qr = format!(
        "PAGOPA|002|{}|{CREDITOR_CF}|123456",
        single.notice_number.as_str()
    );
    assert!(codes.contains(&qr), "{codes:?}");
    let data_matrix: Vec<&String> = codes.iter().filter(|c| c.starts_with("codfase=")).collect();
    assert_eq!(
        data_matrix,
        [&expected_data_matrix(&single, "0000123456", POSTE_SUBJECT)],
        "{codes:?}"
    );

    // Without a postal account, no bulletin and no Data Matrix.
    let bytes = render_pdf(&sample("it")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, &bytes);
    let text = pdftotext(&path);
    for absent in ["BOLLETTINO POSTALE PA", "BancoPosta", "sul C/C", "16302093"] {
        assert!(!text.contains(absent), "{absent:?} in:\n{text}");
    }
    let codes = codes_in_raster(&path);
    assert_eq!(codes, [qr], "{codes:?}");
}

#[test]
fn each_installment_gets_its_own_bulletin_in_english() {
    let mut notice = sample("en");
    notice.creditor.postal_account = Some(PostalAccount {
        authorization: None,
        ..postal_account()
    });
    notice.single = None;
    notice.installments = vec![
        option("007157000000301", 50_050, (2026, 5, 31)),
        option("007157000000302", 9, (2026, 9, 30)),
    ];
    let bytes = render_pdf(&notice).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, &bytes);
    let text = pdftotext(&path);
    for expected in [
        "POSTAL PAYMENT SLIP (BOLLETTINO POSTALE PA)",
        "to postal account no.",
        "16302093",
        "Account holder",
        "Type",
        "€500.50",
        "€0.09",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(text.matches("POSTAL PAYMENT SLIP").count(), 2, "{text}");
    for italian in ["sul C/C", "Intestato a", "Autorizzazione"] {
        assert!(!text.contains(italian), "{italian:?} in:\n{text}");
    }
    let codes = codes_in_raster(&path);
    let data_matrix: BTreeSet<&String> =
        codes.iter().filter(|c| c.starts_with("codfase=")).collect();
    let expected = [
        expected_data_matrix(&notice.installments[0], "0000050050", POSTE_SUBJECT),
        expected_data_matrix(&notice.installments[1], "0000000009", POSTE_SUBJECT),
    ];
    assert_eq!(data_matrix, expected.iter().collect(), "{codes:?}");
}

#[test]
fn bulletin_data_that_cannot_go_in_the_data_matrix_are_refused_naming_the_field() {
    let with_account = || {
        let mut n = sample("it");
        n.creditor.postal_account = Some(postal_account());
        n
    };
    let check = |notice: PrintableNotice, field: PrintField, problem: PrintProblem| {
        let e = render_pdf(&notice).unwrap_err();
        assert_eq!((e.field, e.problem.clone()), (field, problem));
        // The message names the field, in both languages.
        for (lang, name) in [("it", "Data Matrix"), ("en", "Data Matrix")] {
            let text = I18n::new(lang).localize(&e);
            if matches!(
                field,
                PrintField::BulletinAmount
                    | PrintField::BulletinDebtorName
                    | PrintField::BulletinSubject
            ) {
                assert!(text.contains(name), "{lang}: {text}");
            }
            assert!(!text.contains("pagopa-") && !text.contains('{'), "{text}");
        }
    };
    // A name that fits the notice (140) but not Poste's 40 characters.
    let mut n = with_account();
    n.debtor.name = "Cooperativa Sociale Agricola Sant'Elpidio a r.l.".into();
    let long_name = n.debtor.name.clone();
    check(
        n,
        PrintField::BulletinDebtorName,
        PrintProblem::TooLong {
            max: 40,
            found: long_name.chars().count(),
        },
    );
    let mut n = with_account();
    n.subject = "x".repeat(111);
    check(
        n,
        PrintField::BulletinSubject,
        PrintProblem::TooLong {
            max: 110,
            found: 111,
        },
    );
    // €100,000,000.00 is 11 digits of cents: more than the bulletin's 10.
    let mut n = with_account();
    n.single = Some(option("007157000000001", 10_000_000_000, (2026, 7, 31)));
    check(
        n,
        PrintField::BulletinAmount,
        PrintProblem::TooLong { max: 10, found: 11 },
    );
    for number in ["", "1234567890123", "1630209A", "000000000000"] {
        let mut n = with_account();
        n.creditor.postal_account.as_mut().unwrap().number = number.into();
        let problem = if number.is_empty() {
            PrintProblem::Missing
        } else {
            PrintProblem::Format
        };
        check(n, PrintField::PostalAccount, problem);
    }
    let mut n = with_account();
    n.creditor.postal_account.as_mut().unwrap().holder = " ".into();
    check(n, PrintField::PostalAccountHolder, PrintProblem::Missing);
    let mut n = with_account();
    n.creditor.postal_account.as_mut().unwrap().authorization = Some("Łódź".into());
    check(
        n,
        PrintField::PosteAuthorization,
        PrintProblem::Unprintable {
            position: 1,
            found: 'Ł',
        },
    );

    // The same long name prints when there is no bulletin.
    let mut n = sample("it");
    n.debtor.name = long_name;
    render_pdf(&n).unwrap();

    // The account number comes from a BancoPosta IBAN (bank code 07601) only.
    assert_eq!(
        PostalAccount::number_from_iban("IT51 X076 0103 2000 0001 6302 093").unwrap(),
        "16302093"
    );
    for iban in [
        "IT60X0542811101000000123456",
        "IT60X07601032000000163020",
        "IT60X0760103200000000000000",
        "DE60X0760103200000016302093",
    ] {
        assert_eq!(
            PostalAccount::number_from_iban(iban).unwrap_err(),
            PrintError::new(PrintField::PostalAccount, PrintProblem::Format),
            "{iban}"
        );
    }
}
