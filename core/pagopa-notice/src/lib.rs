//! pagoPA payment notices ("avvisi di pagamento") read as text and validated before any network
//! call: the QR payload, the Poste Data Matrix payload and typed input.
//!
//! - [`notice`]: the validated pieces (notice number, creditor fiscal code, amount, RptId) and
//!   the errors, each naming the field that is wrong ([`Field`]) and what is wrong ([`Problem`]).
//! - [`checks`]: the mod-93 check digits and the fiscal code's check digit.
//! - [`qr`], [`datamatrix`], [`manual`]: the three ways a notice arrives as text.
//!
//! [`parse`] picks the right reader for any text. A crate of its own, with no heavy
//! dependencies, so that its fuzz target builds quickly; `campanile-core` re-exports it as
//! `pagopa` with the photo scanner and the messages.

pub mod checks;
pub mod datamatrix;
pub mod manual;
pub mod notice;
pub mod qr;

pub use notice::{
    Amount, AuxDigit, Checks, CreditorFiscalCode, Field, Notice, NoticeError, NoticeNumber,
    PosteDetails, Problem, RptId, Source,
};

/// Reads a notice from any text: a QR payload (`PAGOPA|…`), a Poste Data Matrix payload
/// (`codfase=…`), or a typed notice number (spaces, dots and dashes tolerated) with the
/// creditor's fiscal code in `creditor` (or the 29 digits of an RptId alone).
///
/// When `creditor` is given with a QR or Data Matrix payload, it must be the payload's.
pub fn parse(text: &str, creditor: Option<&str>) -> Result<Notice, NoticeError> {
    parse_with(text, creditor, Checks::Strict)
}

/// [`parse`], checking the check digits (of the notice number and of the creditor's fiscal
/// code) or not: pagoPA decides about a notice whose check digits are wrong.
pub fn parse_with(
    text: &str,
    creditor: Option<&str>,
    checks: Checks,
) -> Result<Notice, NoticeError> {
    let notice = if qr::looks_like(text) {
        qr::parse_with(text, checks)?
    } else if datamatrix::looks_like(text) {
        datamatrix::parse_with(text, checks)?
    } else {
        return match creditor {
            Some(c) => manual::parse_with(text, c, checks),
            None => manual::parse_alone_with(text, checks),
        };
    };
    if let Some(c) = creditor {
        let given = manual::creditor_with(c, checks)?;
        if given != notice.rpt_id.creditor {
            return Err(NoticeError::new(
                Field::CreditorFiscalCode,
                Problem::Unexpected {
                    expected: given.to_string(),
                    found: notice.rpt_id.creditor.to_string(),
                },
            ));
        }
    }
    Ok(notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_reader() {
        let qr = parse("PAGOPA|002|300715700000000032|00085240950|12345", None).unwrap();
        assert_eq!(qr.source, Source::Qr);
        let typed = parse("3007 1570 0000 0000 32", Some("00085240950")).unwrap();
        assert_eq!(typed.source, Source::Manual);
        assert_eq!(typed.rpt_id, qr.rpt_id);
        let e = parse(
            "PAGOPA|002|300715700000000032|00085240950|12345",
            Some("01199250158"),
        )
        .unwrap_err();
        assert_eq!(e.field, Field::CreditorFiscalCode);
        assert!(
            parse(
                "PAGOPA|002|300715700000000032|00085240950|12345",
                Some("00085240950")
            )
            .is_ok()
        );
    }
}
