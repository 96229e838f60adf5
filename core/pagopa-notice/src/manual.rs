//! Notice number and creditor fiscal code typed by a person, who may copy the spaces of the
//! printed grouping (`3007 1570 0000 0000 32`) or add dots and dashes: those are dropped; any
//! other character is an error that says where it is.

use super::notice::{
    Checks, CreditorFiscalCode, Field, Notice, NoticeError, NoticeNumber, Problem, RptId, Source,
    digits,
};

/// Longest typed text considered (a notice number with generous separators).
pub const MAX_INPUT: usize = 80;

/// Whether a typed character is a tolerated separator.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// The digits of typed text, without separators; the error names `field` and the 1-based
/// position of the first character that is neither a digit nor a separator.
pub fn clean(field: Field, typed: &str) -> Result<String, NoticeError> {
    let count = typed.chars().count();
    if count > MAX_INPUT {
        return Err(NoticeError::new(
            field,
            Problem::Length {
                min: 1,
                max: MAX_INPUT,
                found: count,
            },
        ));
    }
    let mut out = String::with_capacity(count);
    for (i, c) in typed.chars().enumerate() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if !is_separator(c) {
            return Err(NoticeError::new(
                field,
                Problem::NotDigit {
                    position: i + 1,
                    found: c,
                },
            ));
        }
    }
    if out.is_empty() {
        return Err(NoticeError::new(field, Problem::Missing));
    }
    Ok(out)
}

/// A typed notice number.
pub fn notice_number(typed: &str) -> Result<NoticeNumber, NoticeError> {
    NoticeNumber::parse(&clean(Field::NoticeNumber, typed)?)
}

/// A typed creditor fiscal code.
pub fn creditor(typed: &str) -> Result<CreditorFiscalCode, NoticeError> {
    creditor_with(typed, Checks::Strict)
}

/// [`creditor`], checking the check digit or not.
pub fn creditor_with(typed: &str, checks: Checks) -> Result<CreditorFiscalCode, NoticeError> {
    CreditorFiscalCode::parse_with(&clean(Field::CreditorFiscalCode, typed)?, checks)
}

/// A typed notice number and creditor fiscal code (the notice number is checked first).
pub fn parse(typed_notice: &str, typed_creditor: &str) -> Result<Notice, NoticeError> {
    parse_with(typed_notice, typed_creditor, Checks::Strict)
}

/// [`parse`], checking the check digits or not.
pub fn parse_with(
    typed_notice: &str,
    typed_creditor: &str,
    checks: Checks,
) -> Result<Notice, NoticeError> {
    let notice_number =
        NoticeNumber::parse_with(&clean(Field::NoticeNumber, typed_notice)?, checks)?;
    let creditor = creditor_with(typed_creditor, checks)?;
    Ok(notice(RptId::new(creditor, notice_number)))
}

/// Typed text alone: either the 29 digits of an RptId (creditor fiscal code, then notice
/// number), or a notice number, whose creditor is then missing.
pub fn parse_alone(typed: &str) -> Result<Notice, NoticeError> {
    parse_alone_with(typed, Checks::Strict)
}

/// [`parse_alone`], checking the check digits or not.
pub fn parse_alone_with(typed: &str, checks: Checks) -> Result<Notice, NoticeError> {
    let cleaned = clean(Field::NoticeNumber, typed)?;
    if cleaned.len() == 29 {
        digits(Field::Payload, &cleaned, 29, 29)?;
        return Ok(notice(RptId::parse_with(&cleaned, checks)?));
    }
    NoticeNumber::parse_with(&cleaned, checks)?;
    Err(NoticeError::new(
        Field::CreditorFiscalCode,
        Problem::Missing,
    ))
}

fn notice(rpt_id: RptId) -> Notice {
    Notice {
        rpt_id,
        amount: None,
        source: Source::Manual,
        poste: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_tolerated() {
        let n = parse("3007 1570 0000 0000 32", "000.852.409-50").unwrap();
        assert_eq!(n.rpt_id.to_string(), "00085240950300715700000000032");
        assert_eq!(n.source, Source::Manual);
        assert!(parse(" 3007-1570-0000-0000-32\t", "00085240950").is_ok());
        assert!(parse("3007\u{a0}1570\u{a0}0000\u{a0}0000\u{a0}32", "00085240950").is_ok());
        let alone = parse_alone("00085240950 300715700000000032").unwrap();
        assert_eq!(alone.rpt_id, n.rpt_id);
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            parse("3007 1570 0000 O000 32", "00085240950").unwrap_err(),
            NoticeError::new(
                Field::NoticeNumber,
                Problem::NotDigit {
                    position: 16,
                    found: 'O'
                }
            )
        );
        assert_eq!(
            parse("3007 1570 0000 0000 32", "").unwrap_err(),
            NoticeError::new(Field::CreditorFiscalCode, Problem::Missing)
        );
        assert_eq!(
            parse("3007 1570 0000 0000 3", "00085240950")
                .unwrap_err()
                .problem,
            Problem::Length {
                min: 18,
                max: 18,
                found: 17
            }
        );
        assert_eq!(
            parse_alone("300715700000000032").unwrap_err(),
            NoticeError::new(Field::CreditorFiscalCode, Problem::Missing)
        );
        assert_eq!(
            parse_alone("300715700000000033").unwrap_err().field,
            Field::NoticeNumber
        );
        assert_eq!(
            parse_alone(&"1".repeat(200)).unwrap_err().problem,
            Problem::Length {
                min: 1,
                max: MAX_INPUT,
                found: 200
            }
        );
    }
}
