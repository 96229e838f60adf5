//! The pieces of a pagoPA payment notice ("avviso di pagamento"): the 18-digit notice number,
//! the creditor's 11-digit fiscal code, the amount in cents, the RptId that joins the first two,
//! and the errors that name the field that is wrong.
//!
//! Notice number structure (SACI, "Generazione del Numero Avviso e del codice IUV"):
//!
//! | aux digit | layout after the aux digit                                   | IUV        |
//! |-----------|--------------------------------------------------------------|------------|
//! | 0         | application code (2) · IUV base (13) · check digits (2)      | last 15    |
//! | 1         | IUV base (17), no check digits                               | last 17    |
//! | 2         | IUV base (15) · check digits (2)                             | last 17    |
//! | 3         | segregation code (2) · IUV base (13) · check digits (2)      | last 17    |
//!
//! The check digits are the first 16 digits modulo 93 (see [`super::checks::mod93`]).

use std::fmt;

use serde::Serialize;

use super::checks;

/// The part of a payload or of typed input that is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The text as a whole (not a notice at all, empty, too long).
    Payload,
    /// The QR code's identifier (`PAGOPA`).
    Identifier,
    /// The QR code's version (`002`).
    Version,
    /// The 18-digit notice number (codice avviso).
    NoticeNumber,
    /// The creditor's 11-digit fiscal code (codice fiscale ente creditore).
    CreditorFiscalCode,
    /// The amount in euro cents.
    Amount,
    /// The fixed markers of the Poste Data Matrix (`codfase=NBPA;`, codeline tags, `1P1`).
    DataMatrix,
    /// The postal current account number of the Poste Data Matrix.
    PostalAccount,
    /// The document type of the Poste Data Matrix codeline (3 digits, `896`).
    DocumentType,
}

impl Field {
    /// A stable code, used in JSON and as the Fluent selector.
    pub fn code(self) -> &'static str {
        match self {
            Field::Payload => "payload",
            Field::Identifier => "identifier",
            Field::Version => "version",
            Field::NoticeNumber => "notice-number",
            Field::CreditorFiscalCode => "creditor-fiscal-code",
            Field::Amount => "amount",
            Field::DataMatrix => "data-matrix",
            Field::PostalAccount => "postal-account",
            Field::DocumentType => "document-type",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum Problem {
    /// Nothing where something is needed.
    #[error("missing")]
    Missing,
    /// The text is not a pagoPA notice payload (QR code or Poste Data Matrix).
    #[error("not a pagoPA notice")]
    Unrecognized,
    /// Too many or too few digits (or characters).
    #[error("{found} characters, expected {min}–{max}")]
    Length {
        min: usize,
        max: usize,
        found: usize,
    },
    /// A character that is not a digit, at a 1-based position within the field.
    #[error("'{found}' at position {position} is not a digit")]
    NotDigit { position: usize, found: char },
    /// A fixed text that is different.
    #[error("expected '{expected}', found '{found}'")]
    Unexpected { expected: String, found: String },
    /// The notice number's first digit is not 0, 1, 2 or 3.
    #[error("aux digit {found} is not 0, 1, 2 or 3")]
    AuxDigit { found: u8 },
    /// The notice number's check digits (mod 93) do not match.
    #[error("check digits {found:02}, expected {expected:02}")]
    CheckDigits { expected: u8, found: u8 },
    /// The fiscal code's last digit does not match.
    #[error("check digit {found}, expected {expected}")]
    CheckDigit { expected: u8, found: u8 },
    /// A zero amount.
    #[error("zero")]
    Zero,
    /// An amount above the most pagoPA accepts.
    #[error("more than {max} cents")]
    TooLarge { max: u64 },
    /// More `|`-separated parts than the QR code has.
    #[error("{found} parts, expected {expected}")]
    Parts { expected: usize, found: usize },
}

impl Problem {
    /// A stable code, used in JSON and in the Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::Unrecognized => "unrecognized",
            Problem::Length { .. } => "length",
            Problem::NotDigit { .. } => "not-digit",
            Problem::Unexpected { .. } => "unexpected",
            Problem::AuxDigit { .. } => "aux-digit",
            Problem::CheckDigits { .. } => "check-digits",
            Problem::CheckDigit { .. } => "check-digit",
            Problem::Zero => "zero",
            Problem::TooLarge { .. } => "too-large",
            Problem::Parts { .. } => "parts",
        }
    }
}

/// A notice that cannot be read: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {problem}")]
pub struct NoticeError {
    pub field: Field,
    #[serde(flatten)]
    pub problem: Problem,
}

impl NoticeError {
    pub fn new(field: Field, problem: Problem) -> NoticeError {
        NoticeError { field, problem }
    }
}

/// Checks that `s` is exactly `len` ASCII digits; the error names `field`.
pub(crate) fn digits(field: Field, s: &str, min: usize, max: usize) -> Result<(), NoticeError> {
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(NoticeError::new(
            field,
            Problem::NotDigit {
                position: i + 1,
                found: c,
            },
        ));
    }
    let found = s.len();
    if found == 0 {
        return Err(NoticeError::new(field, Problem::Missing));
    }
    if found < min || found > max {
        return Err(NoticeError::new(field, Problem::Length { min, max, found }));
    }
    Ok(())
}

/// The notice number's first digit, which sets the layout of the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AuxDigit {
    /// 0: application code, 13-digit IUV base, check digits (IUV of 15 digits).
    Zero,
    /// 1: 17-digit IUV base without check digits.
    One,
    /// 2: 15-digit IUV base and check digits.
    Two,
    /// 3: segregation code, 13-digit IUV base, check digits.
    Three,
}

impl AuxDigit {
    pub fn from_digit(d: u8) -> Option<AuxDigit> {
        match d {
            0 => Some(AuxDigit::Zero),
            1 => Some(AuxDigit::One),
            2 => Some(AuxDigit::Two),
            3 => Some(AuxDigit::Three),
            _ => None,
        }
    }

    pub fn digit(self) -> u8 {
        match self {
            AuxDigit::Zero => 0,
            AuxDigit::One => 1,
            AuxDigit::Two => 2,
            AuxDigit::Three => 3,
        }
    }

    /// Whether the last two digits are mod-93 check digits.
    pub fn has_check_digits(self) -> bool {
        self != AuxDigit::One
    }

    pub const ALL: [AuxDigit; 4] = [
        AuxDigit::Zero,
        AuxDigit::One,
        AuxDigit::Two,
        AuxDigit::Three,
    ];
}

/// An 18-digit notice number (codice avviso / numero avviso) whose structure and check digits
/// are valid.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoticeNumber([u8; 18]);

/// Whether check digits are checked. pagoPA leaves checking them optional for PSPs, and
/// notices with wrong ones circulate (pagoPA's own specification example `302012387654312384`,
/// the example fiscal code `77777777777`): a payer may ask pagoPA anyway, and pagoPA decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Checks {
    /// Wrong check digits are refused (the default).
    #[default]
    Strict,
    /// Check digits are not checked: everything else is.
    SkipCheckDigits,
}

impl NoticeNumber {
    /// Validates exactly 18 digits (no separators: see [`super::manual`] for typed input).
    pub fn parse(s: &str) -> Result<NoticeNumber, NoticeError> {
        NoticeNumber::parse_with(s, Checks::Strict)
    }

    /// [`NoticeNumber::parse`], checking the check digits or not.
    pub fn parse_with(s: &str, checks: Checks) -> Result<NoticeNumber, NoticeError> {
        digits(Field::NoticeNumber, s, 18, 18)?;
        let mut b = [0u8; 18];
        b.copy_from_slice(s.as_bytes());
        let aux = AuxDigit::from_digit(b[0] - b'0').ok_or(NoticeError::new(
            Field::NoticeNumber,
            Problem::AuxDigit { found: b[0] - b'0' },
        ))?;
        if aux.has_check_digits() && checks == Checks::Strict {
            let expected = checks::mod93(&b[..16]).unwrap_or(u8::MAX);
            let found = (b[16] - b'0') * 10 + (b[17] - b'0');
            if expected != found {
                return Err(NoticeError::new(
                    Field::NoticeNumber,
                    Problem::CheckDigits { expected, found },
                ));
            }
        }
        Ok(NoticeNumber(b))
    }

    /// Builds a notice number from its aux digit and the digits that follow it, adding the
    /// check digits: for aux digits 0, 2 and 3 `body` is the 15 digits between the aux digit and
    /// the check digits (application or segregation code and IUV base, or the 15-digit IUV
    /// base); for aux digit 1 it is the 17-digit IUV base.
    pub fn compose(aux: AuxDigit, body: &str) -> Result<NoticeNumber, NoticeError> {
        let len = if aux.has_check_digits() { 15 } else { 17 };
        digits(Field::NoticeNumber, body, len, len)?;
        let mut s = String::with_capacity(18);
        s.push(char::from(b'0' + aux.digit()));
        s.push_str(body);
        if aux.has_check_digits() {
            let check = checks::mod93(s.as_bytes()).unwrap_or(0);
            s.push_str(&format!("{check:02}"));
        }
        NoticeNumber::parse(&s)
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    pub fn aux_digit(&self) -> AuxDigit {
        AuxDigit::from_digit(self.0[0] - b'0').unwrap_or(AuxDigit::One)
    }

    /// The IUV (identificativo univoco di versamento): 15 digits for aux digit 0, else 17.
    pub fn iuv(&self) -> &str {
        let s = self.as_str();
        match self.aux_digit() {
            AuxDigit::Zero => &s[3..],
            _ => &s[1..],
        }
    }

    /// The application code (aux digit 0 only).
    pub fn application_code(&self) -> Option<&str> {
        (self.aux_digit() == AuxDigit::Zero).then(|| &self.as_str()[1..3])
    }

    /// The segregation code (aux digit 3 only).
    pub fn segregation_code(&self) -> Option<&str> {
        (self.aux_digit() == AuxDigit::Three).then(|| &self.as_str()[1..3])
    }

    /// The IUV base: 13 digits (aux 0 and 3), 15 (aux 2) or 17 (aux 1).
    pub fn iuv_base(&self) -> &str {
        let s = self.as_str();
        match self.aux_digit() {
            AuxDigit::Zero | AuxDigit::Three => &s[3..16],
            AuxDigit::Two => &s[1..16],
            AuxDigit::One => &s[1..],
        }
    }

    /// The mod-93 check digits (not for aux digit 1).
    pub fn check_digits(&self) -> Option<&str> {
        self.aux_digit()
            .has_check_digits()
            .then(|| &self.as_str()[16..])
    }

    /// As printed on notices: groups of four digits separated by spaces (22 characters).
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(22);
        for (i, c) in self.as_str().chars().enumerate() {
            if i > 0 && i.is_multiple_of(4) {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Display for NoticeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for NoticeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoticeNumber({})", self.as_str())
    }
}

impl Serialize for NoticeNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The creditor's 11-digit numeric fiscal code, with a valid check digit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditorFiscalCode([u8; 11]);

impl CreditorFiscalCode {
    /// Validates exactly 11 digits and the check digit.
    pub fn parse(s: &str) -> Result<CreditorFiscalCode, NoticeError> {
        CreditorFiscalCode::parse_with(s, Checks::Strict)
    }

    /// [`CreditorFiscalCode::parse`], checking the check digit or not.
    pub fn parse_with(s: &str, checks: Checks) -> Result<CreditorFiscalCode, NoticeError> {
        digits(Field::CreditorFiscalCode, s, 11, 11)?;
        let mut b = [0u8; 11];
        b.copy_from_slice(s.as_bytes());
        let expected = checks::fiscal_code_check_digit(&b[..10]).unwrap_or(u8::MAX);
        let found = b[10] - b'0';
        if expected != found && checks == Checks::Strict {
            return Err(NoticeError::new(
                Field::CreditorFiscalCode,
                Problem::CheckDigit { expected, found },
            ));
        }
        Ok(CreditorFiscalCode(b))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for CreditorFiscalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CreditorFiscalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CreditorFiscalCode({})", self.as_str())
    }
}

impl Serialize for CreditorFiscalCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An amount in euro cents: more than zero, at most 999 999 999,99 € (the pagoPA maximum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Amount(u64);

impl Amount {
    /// 999 999 999,99 € in cents.
    pub const MAX_CENTS: u64 = 99_999_999_999;

    pub fn from_cents(cents: u64) -> Result<Amount, NoticeError> {
        if cents == 0 {
            return Err(NoticeError::new(Field::Amount, Problem::Zero));
        }
        if cents > Amount::MAX_CENTS {
            return Err(NoticeError::new(
                Field::Amount,
                Problem::TooLarge {
                    max: Amount::MAX_CENTS,
                },
            ));
        }
        Ok(Amount(cents))
    }

    /// Parses `min`‥`max` digits of cents (leading zeros allowed).
    pub(crate) fn parse_cents(s: &str, min: usize, max: usize) -> Result<Amount, NoticeError> {
        digits(Field::Amount, s, min, max)?;
        let cents = s.bytes().fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
        Amount::from_cents(cents)
    }

    pub fn cents(self) -> u64 {
        self.0
    }

    /// Euros and cents, as `1234.56` (a dot, no grouping): fronts format it for the locale.
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The RptId: the creditor's fiscal code followed by the notice number (29 digits), which
/// identifies a payment on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RptId {
    pub creditor: CreditorFiscalCode,
    pub notice_number: NoticeNumber,
}

impl RptId {
    pub fn new(creditor: CreditorFiscalCode, notice_number: NoticeNumber) -> RptId {
        RptId {
            creditor,
            notice_number,
        }
    }

    /// Parses the 29-digit form.
    pub fn parse(s: &str) -> Result<RptId, NoticeError> {
        RptId::parse_with(s, Checks::Strict)
    }

    /// [`RptId::parse`], checking the check digits or not.
    pub fn parse_with(s: &str, checks: Checks) -> Result<RptId, NoticeError> {
        digits(Field::Payload, s, 29, 29)?;
        let creditor = CreditorFiscalCode::parse_with(&s[..11], checks)?;
        let notice_number = NoticeNumber::parse_with(&s[11..], checks)?;
        Ok(RptId::new(creditor, notice_number))
    }
}

impl fmt::Display for RptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.creditor, self.notice_number)
    }
}

/// Where a notice was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The notice's QR code (`PAGOPA|002|…`).
    Qr,
    /// The Poste Data Matrix of the postal payment slip (`codfase=NBPA;…`).
    PosteDataMatrix,
    /// Notice number and creditor fiscal code typed by a person.
    Manual,
}

/// What the Poste Data Matrix carries besides the RptId and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PosteDetails {
    /// The creditor's postal current account (12 digits, zero-padded).
    pub postal_account: String,
    /// The document type (3 digits: `896` for pagoPA slips).
    pub document_type: String,
    /// The debtor's fiscal code, when printed (trailing spaces removed).
    pub debtor_fiscal_code: Option<String>,
    /// The debtor's name, when printed.
    pub debtor_name: Option<String>,
    /// The subject of the payment, when printed.
    pub subject: Option<String>,
}

/// A notice read and validated offline: what identifies it, and the amount printed on it (the
/// platform's verification may give a different, updated amount).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub rpt_id: RptId,
    /// The printed amount (QR code, Data Matrix); `None` when typed by hand.
    pub amount: Option<Amount>,
    pub source: Source,
    /// The Data Matrix's other fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poste: Option<PosteDetails>,
}

impl Notice {
    pub fn notice_number(&self) -> &NoticeNumber {
        &self.rpt_id.notice_number
    }

    pub fn creditor(&self) -> &CreditorFiscalCode {
        &self.rpt_id.creditor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_aux_digit_has_its_structure() {
        let n = NoticeNumber::parse("300715700000000032").unwrap();
        assert_eq!(n.aux_digit(), AuxDigit::Three);
        assert_eq!(n.segregation_code(), Some("00"));
        assert_eq!(n.application_code(), None);
        assert_eq!(n.iuv_base(), "7157000000000");
        assert_eq!(n.check_digits(), Some("32"));
        assert_eq!(n.iuv(), "00715700000000032");
        assert_eq!(n.grouped(), "3007 1570 0000 0000 32");

        let n0 = NoticeNumber::compose(AuxDigit::Zero, "121234567890123").unwrap();
        assert_eq!(n0.application_code(), Some("12"));
        assert_eq!(n0.iuv().len(), 15);
        assert_eq!(n0.iuv_base(), "1234567890123");

        let n1 = NoticeNumber::parse("112345678901234567").unwrap();
        assert_eq!(n1.check_digits(), None);
        assert_eq!(n1.iuv(), "12345678901234567");

        let n2 = NoticeNumber::compose(AuxDigit::Two, "123456789012345").unwrap();
        assert_eq!(n2.iuv_base(), "123456789012345");
        assert_eq!(n2.iuv().len(), 17);
    }

    #[test]
    fn errors_name_the_field() {
        let e = NoticeNumber::parse("300715700000000033").unwrap_err();
        assert_eq!(
            e,
            NoticeError::new(
                Field::NoticeNumber,
                Problem::CheckDigits {
                    expected: 32,
                    found: 33
                }
            )
        );
        let e = NoticeNumber::parse("400715700000000032").unwrap_err();
        assert_eq!(e.problem, Problem::AuxDigit { found: 4 });
        let e = NoticeNumber::parse("30071570000000003").unwrap_err();
        assert_eq!(
            e.problem,
            Problem::Length {
                min: 18,
                max: 18,
                found: 17
            }
        );
        let e = NoticeNumber::parse("3007157000x0000032").unwrap_err();
        assert_eq!(
            e.problem,
            Problem::NotDigit {
                position: 11,
                found: 'x'
            }
        );
        let e = CreditorFiscalCode::parse("00085240951").unwrap_err();
        assert_eq!(e.field, Field::CreditorFiscalCode);
        assert_eq!(
            e.problem,
            Problem::CheckDigit {
                expected: 0,
                found: 1
            }
        );
        assert_eq!(Amount::from_cents(0).unwrap_err().problem, Problem::Zero);
        assert!(Amount::from_cents(Amount::MAX_CENTS).is_ok());
        assert_eq!(
            Amount::from_cents(Amount::MAX_CENTS + 1)
                .unwrap_err()
                .problem,
            Problem::TooLarge {
                max: Amount::MAX_CENTS
            }
        );
    }

    #[test]
    fn rpt_id_is_the_creditor_then_the_notice() {
        let r = RptId::new(
            CreditorFiscalCode::parse("00085240950").unwrap(),
            NoticeNumber::parse("300715700000000032").unwrap(),
        );
        assert_eq!(r.to_string(), "00085240950300715700000000032");
        assert_eq!(RptId::parse(&r.to_string()).unwrap(), r);
        assert_eq!(Amount::from_cents(123456).unwrap().decimal(), "1234.56");
        assert_eq!(Amount::from_cents(5).unwrap().decimal(), "0.05");
    }
}
