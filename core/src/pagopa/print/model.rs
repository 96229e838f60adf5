//! What a printed notice says: the plain input the fronts fill from a debt position, and its
//! validation, which names the field that cannot be printed.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::{bulletin, font};
use crate::pagopa::{Amount, CreditorFiscalCode, NoticeNumber};

/// The creditor (ente creditore) as the notice presents it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Creditor {
    /// The creditor's name, e.g. "Comune di Fermo" (`ENTE.NOME`).
    pub name: String,
    /// The creditor's 11-digit fiscal code (`ENTE.CF`), also in the QR code.
    pub fiscal_code: CreditorFiscalCode,
    /// The office that manages the payment, e.g. "Ufficio Tributi" (`ENTE.SETTORE`).
    pub sector: Option<String>,
    /// How citizens reach the creditor: web site, phone, e-mail (`ENTE.INFO`).
    pub info: Option<String>,
    /// The creditor's CBILL code (5 letters or digits), for home banking (`ENTE.CBILL`).
    pub cbill: Option<String>,
    /// The creditor's postal account, when it has one: then every payment option also gets
    /// the "Bollettino Postale PA" with its Data Matrix.
    pub postal_account: Option<PostalAccount>,
}

/// The creditor's postal current account ("conto corrente postale"), as the bulletin shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostalAccount {
    /// The account number, 1 to 12 digits (`<numero_cc_postale>`); the Data Matrix pads it
    /// with zeros to 12.
    pub number: String,
    /// Who the account is registered to (`<intestatario_conto_corrente_postale>`), usually the
    /// creditor's name.
    pub holder: String,
    /// Poste Italiane's authorisation to print the bulletin (`<autorizzazione>`), when the
    /// creditor has one, e.g. "AUT. DB/SSIC/E 12345 DEL 01/02/2020".
    pub authorization: Option<String>,
}

impl PostalAccount {
    /// The account of a postal IBAN (`IT`, check digits, CIN, Poste's ABI `07601`, CAB, and
    /// the 12-digit account): the account number without its leading zeros. Spaces are
    /// ignored; an IBAN that is not a Poste Italiane one is refused.
    pub fn number_from_iban(iban: &str) -> Result<String, PrintError> {
        let iban: String = iban
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let bad = || PrintError::new(PrintField::PostalAccount, PrintProblem::Format);
        if iban.len() != 27 || !iban.is_ascii() || !iban.starts_with("IT") {
            return Err(bad());
        }
        let (bank, account) = (&iban[5..10], &iban[15..]);
        if bank != POSTE_ABI || !account.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let number = account.trim_start_matches('0');
        if number.is_empty() {
            return Err(bad());
        }
        Ok(number.to_string())
    }
}

/// The bank code (ABI) of Poste Italiane's BancoPosta in an Italian IBAN.
const POSTE_ABI: &str = "07601";

/// The person or company that has to pay (destinatario dell'avviso).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeDebtor {
    /// Full name, or company name.
    pub name: String,
    /// Fiscal code (16 characters) or VAT number (11 digits).
    pub fiscal_code: String,
    /// Postal address, on one or two lines (e.g. "Via Roma 1, 63900 Fermo (FM)").
    pub address: Option<String>,
}

/// One way to pay: the whole amount at once, or one installment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeOption {
    /// The option's notice number.
    pub notice_number: NoticeNumber,
    /// Its amount.
    pub amount: Amount,
    /// The last day to pay it.
    pub due_date: NaiveDate,
}

/// Everything a printed notice ("avviso di pagamento") shows, in one language.
///
/// At least one of `single` and `installments` is given; installments come two or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintableNotice {
    /// Who is owed: name, office, contacts, codes.
    pub creditor: Creditor,
    /// Who owes.
    pub debtor: NoticeDebtor,
    /// What is being paid, e.g. "Tassa sui rifiuti 2026" (`AVVISO.OGGETTO`).
    pub subject: String,
    /// Paying everything at once (rata unica).
    pub single: Option<NoticeOption>,
    /// Paying in installments (rate), in the order they fall due.
    pub installments: Vec<NoticeOption>,
    /// The language of the notice's texts (`it`, `en`).
    pub language: String,
}

/// The part of a [`PrintableNotice`] that cannot be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrintField {
    /// The creditor's name.
    CreditorName,
    /// The creditor's office or sector.
    CreditorSector,
    /// How citizens reach the creditor.
    CreditorInfo,
    /// The creditor's CBILL code.
    Cbill,
    /// The debtor's name.
    DebtorName,
    /// The debtor's fiscal code.
    DebtorFiscalCode,
    /// The debtor's address.
    DebtorAddress,
    /// What is being paid.
    Subject,
    /// The payment options as a whole (none, or a single installment).
    PaymentOptions,
    /// One payment option's notice number.
    NoticeNumber,
    /// The creditor's postal account number.
    PostalAccount,
    /// Who the postal account is registered to.
    PostalAccountHolder,
    /// Poste Italiane's authorisation to print the bulletin.
    PosteAuthorization,
    /// An option's amount in the bulletin's Data Matrix (10 digits of cents at most).
    BulletinAmount,
    /// The addressee's name in the bulletin's Data Matrix (40 characters).
    BulletinDebtorName,
    /// The subject in the bulletin's Data Matrix (110 characters).
    BulletinSubject,
}

impl PrintField {
    /// A stable code, used in JSON and as the Fluent selector.
    pub fn code(self) -> &'static str {
        match self {
            PrintField::CreditorName => "creditor-name",
            PrintField::CreditorSector => "creditor-sector",
            PrintField::CreditorInfo => "creditor-info",
            PrintField::Cbill => "cbill",
            PrintField::DebtorName => "debtor-name",
            PrintField::DebtorFiscalCode => "debtor-fiscal-code",
            PrintField::DebtorAddress => "debtor-address",
            PrintField::Subject => "subject",
            PrintField::PaymentOptions => "payment-options",
            PrintField::NoticeNumber => "notice-number",
            PrintField::PostalAccount => "postal-account",
            PrintField::PostalAccountHolder => "postal-account-holder",
            PrintField::PosteAuthorization => "poste-authorization",
            PrintField::BulletinAmount => "bulletin-amount",
            PrintField::BulletinDebtorName => "bulletin-debtor-name",
            PrintField::BulletinSubject => "bulletin-subject",
        }
    }

    /// Every field, in the notice's order.
    pub const ALL: [PrintField; 16] = [
        PrintField::CreditorName,
        PrintField::CreditorSector,
        PrintField::CreditorInfo,
        PrintField::Cbill,
        PrintField::DebtorName,
        PrintField::DebtorFiscalCode,
        PrintField::DebtorAddress,
        PrintField::Subject,
        PrintField::PaymentOptions,
        PrintField::NoticeNumber,
        PrintField::PostalAccount,
        PrintField::PostalAccountHolder,
        PrintField::PosteAuthorization,
        PrintField::BulletinAmount,
        PrintField::BulletinDebtorName,
        PrintField::BulletinSubject,
    ];
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum PrintProblem {
    /// Empty where something is needed.
    Missing,
    /// More characters than the notice has room for.
    TooLong {
        /// The most characters allowed.
        max: usize,
        /// The characters given.
        found: usize,
    },
    /// A character the notice's font cannot print (outside Windows-1252), or a control
    /// character; `position` counts characters from 1.
    Unprintable {
        /// The character's position (1-based).
        position: usize,
        /// The character.
        found: char,
    },
    /// Not the expected form: a CBILL code is 5 letters or digits, a fiscal code or VAT
    /// number letters and digits only, a postal account 1 to 12 digits (from a Poste
    /// Italiane IBAN).
    Format,
    /// No payment option at all.
    NoOption,
    /// Exactly one installment (installments come two or more).
    OneInstallment,
    /// The same notice number twice.
    Duplicate {
        /// The repeated notice number.
        notice_number: String,
    },
}

impl PrintProblem {
    /// A stable code, used in JSON and in the Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            PrintProblem::Missing => "missing",
            PrintProblem::TooLong { .. } => "too-long",
            PrintProblem::Unprintable { .. } => "unprintable",
            PrintProblem::Format => "format",
            PrintProblem::NoOption => "no-option",
            PrintProblem::OneInstallment => "one-installment",
            PrintProblem::Duplicate { .. } => "duplicate",
        }
    }
}

/// A notice that cannot be printed: which field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{}: {:?}", .field.code(), .problem)]
pub struct PrintError {
    /// The field.
    pub field: PrintField,
    /// What is wrong with it.
    #[serde(flatten)]
    pub problem: PrintProblem,
}

impl PrintError {
    /// The error of `field` for `problem`.
    pub fn new(field: PrintField, problem: PrintProblem) -> PrintError {
        PrintError { field, problem }
    }
}

/// Longest texts, in characters: the guidelines' sizes where they give one (subject 90,
/// creditor name and sector 50, debtor fiscal code 16), the debt position's own limits (140)
/// elsewhere, with room to wrap over two or three lines.
pub(crate) mod limits {
    pub const SUBJECT: usize = 140;
    pub const CREDITOR_NAME: usize = 140;
    pub const CREDITOR_SECTOR: usize = 140;
    pub const CREDITOR_INFO: usize = 200;
    pub const DEBTOR_NAME: usize = 140;
    pub const DEBTOR_ADDRESS: usize = 200;
    pub const DEBTOR_FISCAL_CODE: usize = 16;
    pub const POSTAL_ACCOUNT_HOLDER: usize = 140;
    pub const POSTE_AUTHORIZATION: usize = 140;
}

fn text(field: PrintField, value: &str, max: usize) -> Result<(), PrintError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(PrintError::new(field, PrintProblem::Missing));
    }
    let found = value.chars().count();
    if found > max {
        return Err(PrintError::new(field, PrintProblem::TooLong { max, found }));
    }
    if let Some((i, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || font::winansi(*c).is_none())
    {
        return Err(PrintError::new(
            field,
            PrintProblem::Unprintable {
                position: i + 1,
                found: c,
            },
        ));
    }
    Ok(())
}

fn optional(field: PrintField, value: Option<&str>, max: usize) -> Result<(), PrintError> {
    match value {
        Some(v) if !v.trim().is_empty() => text(field, v, max),
        _ => Ok(()),
    }
}

fn postal_account(account: &PostalAccount) -> Result<(), PrintError> {
    let number = account.number.trim();
    if number.is_empty() {
        return Err(PrintError::new(
            PrintField::PostalAccount,
            PrintProblem::Missing,
        ));
    }
    if number.len() > bulletin::ACCOUNT_LEN
        || !number.chars().all(|c| c.is_ascii_digit())
        || number.chars().all(|c| c == '0')
    {
        return Err(PrintError::new(
            PrintField::PostalAccount,
            PrintProblem::Format,
        ));
    }
    text(
        PrintField::PostalAccountHolder,
        &account.holder,
        limits::POSTAL_ACCOUNT_HOLDER,
    )?;
    optional(
        PrintField::PosteAuthorization,
        account.authorization.as_deref(),
        limits::POSTE_AUTHORIZATION,
    )
}

impl PrintableNotice {
    /// Checks that every field can be printed; the error names the first that cannot.
    pub fn validate(&self) -> Result<(), PrintError> {
        let c = &self.creditor;
        text(PrintField::CreditorName, &c.name, limits::CREDITOR_NAME)?;
        optional(
            PrintField::CreditorSector,
            c.sector.as_deref(),
            limits::CREDITOR_SECTOR,
        )?;
        optional(
            PrintField::CreditorInfo,
            c.info.as_deref(),
            limits::CREDITOR_INFO,
        )?;
        if let Some(cbill) = c.cbill.as_deref().map(str::trim).filter(|s| !s.is_empty())
            && (cbill.len() != 5 || !cbill.chars().all(|ch| ch.is_ascii_alphanumeric()))
        {
            return Err(PrintError::new(PrintField::Cbill, PrintProblem::Format));
        }
        let d = &self.debtor;
        text(PrintField::DebtorName, &d.name, limits::DEBTOR_NAME)?;
        text(
            PrintField::DebtorFiscalCode,
            &d.fiscal_code,
            limits::DEBTOR_FISCAL_CODE,
        )?;
        if !d
            .fiscal_code
            .trim()
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric())
        {
            return Err(PrintError::new(
                PrintField::DebtorFiscalCode,
                PrintProblem::Format,
            ));
        }
        optional(
            PrintField::DebtorAddress,
            d.address.as_deref(),
            limits::DEBTOR_ADDRESS,
        )?;
        text(PrintField::Subject, &self.subject, limits::SUBJECT)?;
        if let Some(account) = &c.postal_account {
            postal_account(account)?;
        }
        if self.single.is_none() && self.installments.is_empty() {
            return Err(PrintError::new(
                PrintField::PaymentOptions,
                PrintProblem::NoOption,
            ));
        }
        if self.installments.len() == 1 {
            return Err(PrintError::new(
                PrintField::PaymentOptions,
                PrintProblem::OneInstallment,
            ));
        }
        let mut seen = HashSet::new();
        for option in self.options() {
            if !seen.insert(option.notice_number) {
                return Err(PrintError::new(
                    PrintField::NoticeNumber,
                    PrintProblem::Duplicate {
                        notice_number: option.notice_number.to_string(),
                    },
                ));
            }
            if c.postal_account.is_some() {
                bulletin::data_matrix(self, option)?;
            }
        }
        Ok(())
    }

    /// Every payment option: the single one first, then the installments.
    pub fn options(&self) -> impl Iterator<Item = &NoticeOption> {
        self.single.iter().chain(self.installments.iter())
    }
}
