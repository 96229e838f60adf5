//! The notice's QR code payload, per the pagoPA notice guidelines ("Avviso di pagamento",
//! Allegato 2, "Codice QR"):
//!
//! `PAGOPA|002|<notice number, 18>|<creditor fiscal code, 11>|<amount in euro cents, 1–11>`
//!
//! The guidelines pad the amount to two digits, but pagoPA's own generator writes the cents
//! as they are (`…|5` for 5 cents): one digit is read too.
//!
//! The identifier `PAGOPA` and the version `002` are fixed texts; the parts are separated by `|`.

use super::notice::{
    Amount, Checks, CreditorFiscalCode, Field, Notice, NoticeError, NoticeNumber, Problem, RptId,
    Source,
};

/// The identifier that opens every notice QR code.
pub const IDENTIFIER: &str = "PAGOPA";
/// The only version defined.
pub const VERSION: &str = "002";
/// Longest payload: 6 + 3 + 18 + 11 + 11 characters and 4 separators.
pub const MAX_LEN: usize = 53;

/// True when `text` starts like a notice QR code (whatever follows).
pub fn looks_like(text: &str) -> bool {
    text.trim_start()
        .get(..IDENTIFIER.len() + 1)
        .is_some_and(|head| head.eq_ignore_ascii_case("PAGOPA|"))
}

/// Parses and validates a notice QR payload. Surrounding whitespace (a scanner's line end) is
/// ignored; anything else must follow the guidelines exactly.
pub fn parse(text: &str) -> Result<Notice, NoticeError> {
    parse_with(text, Checks::Strict)
}

/// [`parse`], checking the check digits or not.
pub fn parse_with(text: &str, checks: Checks) -> Result<Notice, NoticeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NoticeError::new(Field::Payload, Problem::Missing));
    }
    let parts: Vec<&str> = text.split('|').collect();
    let identifier = parts.first().copied().unwrap_or_default();
    if identifier != IDENTIFIER {
        if !looks_like(text) {
            return Err(NoticeError::new(Field::Payload, Problem::Unrecognized));
        }
        return Err(NoticeError::new(
            Field::Identifier,
            Problem::Unexpected {
                expected: IDENTIFIER.into(),
                found: identifier.chars().take(20).collect(),
            },
        ));
    }
    if parts.len() != 5 {
        return Err(NoticeError::new(
            Field::Payload,
            Problem::Parts {
                expected: 5,
                found: parts.len(),
            },
        ));
    }
    if parts[1] != VERSION {
        return Err(NoticeError::new(
            Field::Version,
            Problem::Unexpected {
                expected: VERSION.into(),
                found: parts[1].chars().take(20).collect(),
            },
        ));
    }
    let notice_number = NoticeNumber::parse_with(parts[2], checks)?;
    let creditor = CreditorFiscalCode::parse_with(parts[3], checks)?;
    let amount = Amount::parse_cents(parts[4], 1, 11)?;
    Ok(Notice {
        rpt_id: RptId::new(creditor, notice_number),
        amount: Some(amount),
        source: Source::Qr,
        poste: None,
    })
}

/// The QR payload of a notice, as a creditor prints it (the amount zero-padded to 2 digits).
pub fn encode(rpt_id: &RptId, amount: Amount) -> String {
    format!(
        "{IDENTIFIER}|{VERSION}|{}|{}|{:02}",
        rpt_id.notice_number,
        rpt_id.creditor,
        amount.cents()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "PAGOPA|002|300715700000000032|00085240950|12345";

    #[test]
    fn parses_a_valid_payload() {
        let n = parse(OK).unwrap();
        assert_eq!(n.rpt_id.to_string(), "00085240950300715700000000032");
        assert_eq!(n.amount.unwrap().cents(), 12345);
        assert_eq!(n.source, Source::Qr);
        assert_eq!(encode(&n.rpt_id, n.amount.unwrap()), OK);
        assert!(parse(&format!("  {OK}\r\n")).is_ok());
        assert_eq!(
            encode(&n.rpt_id, Amount::from_cents(5).unwrap()),
            "PAGOPA|002|300715700000000032|00085240950|05"
        );
    }

    /// pagoPA's own generator writes the cents unpadded.
    #[test]
    fn one_digit_amounts_are_read() {
        let n = parse("PAGOPA|002|300715700000000032|00085240950|5").unwrap();
        assert_eq!(n.amount.unwrap().cents(), 5);
    }

    /// Wrong check digits are refused, saying which are expected, unless asked to leave them
    /// to pagoPA; nothing else is loosened.
    #[test]
    fn check_digits_can_be_left_to_pagopa() {
        // pagoPA's own specification example, whose check digits are wrong.
        let text = "PAGOPA|002|302012387654312384|77777777777|1000";
        let e = parse(text).unwrap_err();
        assert_eq!(e.field, Field::NoticeNumber);
        assert!(e.to_string().contains("expected"), "{e}");
        let n = parse_with(text, Checks::SkipCheckDigits).unwrap();
        assert_eq!(n.rpt_id.to_string(), "77777777777302012387654312384");
        assert_eq!(
            parse_with(
                "PAGOPA|002|30201238765431238|77777777777|1000",
                Checks::SkipCheckDigits
            )
            .unwrap_err()
            .field,
            Field::NoticeNumber
        );
    }

    #[test]
    fn each_error_names_its_field() {
        let field = |s: &str| parse(s).unwrap_err().field;
        assert_eq!(field(""), Field::Payload);
        assert_eq!(field("hello"), Field::Payload);
        assert_eq!(
            field("PagoPA|002|300715700000000032|00085240950|12345"),
            Field::Identifier
        );
        assert_eq!(
            field("PAGOPA|001|300715700000000032|00085240950|12345"),
            Field::Version
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000031|00085240950|12345"),
            Field::NoticeNumber
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240951|12345"),
            Field::CreditorFiscalCode
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950|"),
            Field::Amount
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950|0"),
            Field::Amount
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950|00"),
            Field::Amount
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950|1,50"),
            Field::Amount
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950|123456789012"),
            Field::Amount
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950"),
            Field::Payload
        );
        assert_eq!(
            field("PAGOPA|002|300715700000000032|00085240950|12|3"),
            Field::Payload
        );
    }
}
