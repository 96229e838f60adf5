//! The Poste Data Matrix printed on the "Bollettino Postale PA" part of a notice.
//!
//! The pagoPA guidelines defer its layout to Poste Italiane's "Manuale della stampa in proprio";
//! the layout below is the one pagoPA's own notice-printing service writes (and the IO app
//! reads): 256 characters,
//!
//! | offset | length | content                                                  |
//! |--------|--------|----------------------------------------------------------|
//! | 0      | 13     | `codfase=NBPA;`                                          |
//! | 13     | 50     | codeline: `18` notice number (18) `12` postal account (12) `10` amount in cents (10) `3` document type (3, `896`) |
//! | 63     | 3      | `1P1`                                                    |
//! | 66     | 11     | creditor fiscal code                                     |
//! | 77     | 16     | debtor fiscal code, space-padded                         |
//! | 93     | 40     | debtor name, space-padded                                |
//! | 133    | 110    | subject, space-padded                                    |
//! | 243    | 12     | filler (spaces)                                          |
//! | 255    | 1      | `A`                                                      |
//!
//! Everything up to the creditor fiscal code is checked strictly; the free-text tail is read
//! leniently (scanners and printers may trim its padding).

use super::notice::{
    Amount, Checks, CreditorFiscalCode, Field, Notice, NoticeError, NoticeNumber, PosteDetails,
    Problem, RptId, Source, digits,
};

/// The fixed opening of the payload.
pub const PREFIX: &str = "codfase=NBPA;";
/// The full payload's length.
pub const LEN: usize = 256;
/// The length up to and including the creditor fiscal code.
const FIXED_LEN: usize = 77;

/// True when `text` starts like a Poste Data Matrix (`codfase=`).
pub fn looks_like(text: &str) -> bool {
    text.trim_start()
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("codfase="))
}

/// The characters `at..at + len` of `chars` (fewer at the end).
fn field(chars: &[char], at: usize, len: usize) -> String {
    chars.iter().skip(at).take(len).collect()
}

fn expect(chars: &[char], at: usize, literal: &str) -> Result<(), NoticeError> {
    let found = field(chars, at, literal.chars().count());
    if found != literal {
        return Err(NoticeError::new(
            Field::DataMatrix,
            Problem::Unexpected {
                expected: literal.into(),
                found,
            },
        ));
    }
    Ok(())
}

/// Parses and validates a Poste Data Matrix payload.
pub fn parse(text: &str) -> Result<Notice, NoticeError> {
    parse_with(text, Checks::Strict)
}

/// [`parse`], checking the check digits or not.
pub fn parse_with(text: &str, checks: Checks) -> Result<Notice, NoticeError> {
    // Leading whitespace and a scanner's line end are not part of the payload; the padding
    // spaces inside it are.
    let text = text.trim_start().trim_end_matches(['\r', '\n']);
    if text.is_empty() {
        return Err(NoticeError::new(Field::Payload, Problem::Missing));
    }
    if !looks_like(text) {
        return Err(NoticeError::new(Field::Payload, Problem::Unrecognized));
    }
    let chars = text.chars().count();
    if chars > LEN {
        return Err(NoticeError::new(
            Field::Payload,
            Problem::Length {
                min: FIXED_LEN,
                max: LEN,
                found: chars,
            },
        ));
    }
    let chars: Vec<char> = text.chars().collect();
    expect(&chars, 0, PREFIX)?;
    if chars.len() < FIXED_LEN {
        return Err(NoticeError::new(
            Field::Payload,
            Problem::Length {
                min: FIXED_LEN,
                max: LEN,
                found: chars.len(),
            },
        ));
    }
    expect(&chars, 13, "18")?;
    let notice_text = field(&chars, 15, 18);
    expect(&chars, 33, "12")?;
    let account = field(&chars, 35, 12);
    expect(&chars, 47, "10")?;
    let amount_text = field(&chars, 49, 10);
    expect(&chars, 59, "3")?;
    let doc_type = field(&chars, 60, 3);
    expect(&chars, 63, "1P1")?;
    let creditor_text = field(&chars, 66, 11);

    let notice_number = NoticeNumber::parse_with(&notice_text, checks)?;
    digits(Field::PostalAccount, &account, 12, 12)?;
    let amount = Amount::parse_cents(&amount_text, 10, 10)?;
    digits(Field::DocumentType, &doc_type, 3, 3)?;
    let creditor = CreditorFiscalCode::parse_with(&creditor_text, checks)?;

    let part = |from: usize, len: usize| -> Option<String> {
        let s = field(&chars, FIXED_LEN + from, len);
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let poste = PosteDetails {
        postal_account: account,
        document_type: doc_type,
        debtor_fiscal_code: part(0, 16),
        debtor_name: part(16, 40),
        subject: part(56, 110),
    };
    Ok(Notice {
        rpt_id: RptId::new(creditor, notice_number),
        amount: Some(amount),
        source: Source::PosteDataMatrix,
        poste: Some(poste),
    })
}

/// Writes the Data Matrix payload for a notice (the creditor side prints it); texts are cut or
/// space-padded to their widths.
pub fn encode(
    rpt_id: &RptId,
    amount: Amount,
    postal_account: &str,
    debtor_fiscal_code: &str,
    debtor_name: &str,
    subject: &str,
) -> String {
    fn pad(s: &str, width: usize) -> String {
        let mut out: String = s.chars().take(width).collect();
        let n = out.chars().count();
        out.extend(std::iter::repeat_n(' ', width - n));
        out
    }
    format!(
        "{PREFIX}18{}12{:0>12}10{:010}38961P1{}{}{}{}{}A",
        rpt_id.notice_number,
        postal_account.chars().take(12).collect::<String>(),
        amount.cents() % 10_000_000_000,
        rpt_id.creditor,
        pad(debtor_fiscal_code, 16),
        pad(debtor_name, 40),
        pad(subject, 110),
        pad("", 12),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the IO app's decoder tests: its fixed part follows the layout above, its
    /// free-text tail is one space short (so the tail is read leniently).
    const IO_EXAMPLE: &str = "codfase=NBPA;183007157000000000321200001630209310000000000138961P100085240950BSCMTT83A12L719RName Surname                           test                                                                                                                      A";

    #[test]
    fn parses_the_layout() {
        let n = parse(IO_EXAMPLE).unwrap();
        assert_eq!(n.source, Source::PosteDataMatrix);
        assert_eq!(n.notice_number().as_str(), "300715700000000032");
        assert_eq!(n.creditor().as_str(), "00085240950");
        assert_eq!(n.amount.unwrap().cents(), 1);
        let p = n.poste.clone().unwrap();
        assert_eq!(p.postal_account, "000016302093");
        assert_eq!(p.document_type, "896");
        assert_eq!(p.debtor_fiscal_code.as_deref(), Some("BSCMTT83A12L719R"));

        let full = encode(
            &n.rpt_id,
            n.amount.unwrap(),
            "16302093",
            "BSCMTT83A12L719R",
            "Name Surname",
            "test",
        );
        assert_eq!(full.len(), LEN);
        assert!(full.ends_with('A'));
        assert_eq!(full[..93], IO_EXAMPLE[..93]);
        let again = parse(&full).unwrap();
        let p = again.poste.clone().unwrap();
        assert_eq!(p.debtor_name.as_deref(), Some("Name Surname"));
        assert_eq!(p.subject.as_deref(), Some("test"));
        assert_eq!(again.rpt_id, n.rpt_id);
        // Trimmed padding is still read.
        assert!(parse(full.trim_end_matches(['A', ' '])).is_ok());
    }

    #[test]
    fn each_error_names_its_field() {
        let with = |at: usize, s: &str| {
            let mut t = IO_EXAMPLE.to_string();
            t.replace_range(at..at + s.len(), s);
            parse(&t).unwrap_err().field
        };
        assert_eq!(with(8, "XXXX"), Field::DataMatrix);
        assert_eq!(with(13, "17"), Field::DataMatrix);
        assert_eq!(with(32, "3"), Field::NoticeNumber);
        assert_eq!(with(40, "a"), Field::PostalAccount);
        assert_eq!(with(49, "0000000000"), Field::Amount);
        assert_eq!(with(61, "x"), Field::DocumentType);
        assert_eq!(with(63, "1P2"), Field::DataMatrix);
        assert_eq!(with(76, "1"), Field::CreditorFiscalCode);
        assert_eq!(parse(&IO_EXAMPLE[..60]).unwrap_err().field, Field::Payload);
        assert_eq!(parse("codfase=NBPA;18é").unwrap_err().field, Field::Payload);
        let mut accented = IO_EXAMPLE.to_string();
        accented.replace_range(20..21, "é");
        assert_eq!(
            parse(&accented).unwrap_err(),
            NoticeError::new(
                Field::NoticeNumber,
                Problem::NotDigit {
                    position: 6,
                    found: 'é'
                }
            )
        );
        assert_eq!(
            parse(&format!("{IO_EXAMPLE}xx")).unwrap_err().field,
            Field::Payload
        );
    }
}
