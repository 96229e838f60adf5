//! The creditor side: debt positions on the platform's GPD ("Gestione Posizioni Debitorie"),
//! `gpd-debt-positions-external-v1.json`, for the counter staff of a comune.
//!
//! A debt position ([`NewDebtPosition`]) is what a debtor owes the comune, with one or more
//! payment options ([`NewPaymentOption`]: pay in full, or in instalments), each identified by its
//! IUV and split into 1–5 transfers ([`NewTransfer`]) to the accounts that receive the money.
//! It is created as a draft (or published at once), published, read back with its status
//! ([`PositionStatus`], [`OptionStatus`]), invalidated; a paid option yields a [`Receipt`] built
//! only from what the platform says of it.

use std::collections::BTreeSet;
use std::fmt;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::checkout::is_email;
use super::date::Date;
use super::http::{Http, Reply};
use super::types::{PlatformConfig, PlatformError};
use crate::pagopa::{Amount, CreditorFiscalCode, checks};

/// The longest text most GPD fields accept, in characters.
pub const MAX_GPD_TEXT: usize = 140;
/// The most transfers a payment option may have.
pub const MAX_TRANSFERS: usize = 5;
/// The most metadata pairs a payment option or a transfer may have.
pub const MAX_METADATA: usize = 10;

// ------------------------------------------------------------------ what is sent

/// Whether the debtor is a natural person (`F`, "fisica") or a legal entity (`G`,
/// "giuridica").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DebtorKind {
    Person,
    LegalEntity,
}

impl DebtorKind {
    fn code(self) -> &'static str {
        match self {
            DebtorKind::Person => "F",
            DebtorKind::LegalEntity => "G",
        }
    }

    fn parse(s: &str) -> Option<DebtorKind> {
        match s {
            "F" => Some(DebtorKind::Person),
            "G" => Some(DebtorKind::LegalEntity),
            _ => None,
        }
    }
}

/// Who owes: identified by a fiscal code (16 characters for a person, 11 digits for a legal
/// entity, or its VAT number, which is the same 11 digits), or `ANONIMO` when pagoPA allows an
/// anonymous debtor.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Debtor {
    pub kind: Option<DebtorKind>,
    pub fiscal_code: String,
    pub full_name: String,
    pub street_name: Option<String>,
    pub civic_number: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// Two letters, e.g. `AP`.
    pub province: Option<String>,
    pub region: Option<String>,
    /// ISO 3166 alpha-2, e.g. `IT`.
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A free key–value pair the comune attaches to an option or a transfer (at most 10, keys
/// unique).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Metadata {
    pub key: String,
    pub value: String,
}

/// A revenue stamp ("marca da bollo digitale") paid as a transfer instead of money to an
/// account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stamp {
    /// The hash of the document stamped (base64, at most 72 characters).
    pub hash_document: String,
    /// The stamp type (2 characters).
    pub stamp_type: String,
    /// The debtor's province of residence (2 capital letters).
    pub provincial_residence: String,
}

/// Where a transfer's money goes: an account (IBAN, with the postal account's IBAN when the
/// creditor has one), or a revenue stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransferDestination {
    Account {
        iban: String,
        postal_iban: Option<String>,
    },
    Stamp(Stamp),
}

/// One of the 1–5 parts a payment option's amount is split into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewTransfer {
    /// 1 to 5, unique within the option.
    pub id: u8,
    pub amount: Amount,
    /// The organization that receives it, when not the position's.
    pub organization_fiscal_code: Option<CreditorFiscalCode>,
    pub company_name: Option<String>,
    /// The reason of the payment ("causale"), at most 140 characters.
    pub remittance_information: String,
    /// The pagoPA taxonomy code of the revenue ("dati specifici di riscossione"), e.g.
    /// `9/0101100IM/`.
    pub category: String,
    pub destination: TransferDestination,
    pub metadata: Vec<Metadata>,
}

/// One way of paying the position: its IUV, amount, due date and transfers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewPaymentOption {
    /// The IUV ("identificativo univoco di versamento"): up to 35 letters and digits, e.g. the
    /// 17 digits of a notice number after its aux digit ([`crate::pagopa::NoticeNumber::iuv`]).
    pub iuv: String,
    pub amount: Amount,
    pub description: String,
    /// The last day to pay (in Rome: sent as the end of that day).
    pub due_date: Date,
    /// Until when the option is kept after the due date, when set.
    pub retention_date: Option<Date>,
    /// True for an instalment ("rata"), false for the payment in full.
    pub is_partial_payment: bool,
    pub transfers: Vec<NewTransfer>,
    pub metadata: Vec<Metadata>,
}

/// A debt position to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewDebtPosition {
    /// The IUPD, the position's unique id chosen by the comune (e.g. its fiscal code followed
    /// by a UUID): letters, digits, `-`, `_`.
    pub iupd: String,
    pub debtor: Debtor,
    /// The creditor's name as the debtor sees it.
    pub company_name: String,
    pub office_name: Option<String>,
    /// From when a published position can be paid (the start of that day in Rome); the
    /// platform's default when unset.
    pub validity_date: Option<Date>,
    /// Whether the position turns `EXPIRED` after its due date (otherwise it stays payable).
    pub switch_to_expired: bool,
    /// Whether it can be paid while the platform runs in stand-in mode.
    pub pay_stand_in: Option<bool>,
    pub options: Vec<NewPaymentOption>,
}

impl NewDebtPosition {
    /// Checks the position against the specification and pagoPA's rules, without any network
    /// call: a [`PlatformError::BadRequest`] names the first thing wrong.
    pub fn validate(&self) -> Result<(), PlatformError> {
        check_iupd(&self.iupd)?;
        check_debtor(&self.debtor)?;
        text("the creditor's name", &self.company_name, 1)?;
        if let Some(office) = &self.office_name {
            text("the office name", office, 0)?;
        }
        if self.options.is_empty() {
            return bad("the debt position has no payment option: it needs at least one".into());
        }
        let mut iuvs = BTreeSet::new();
        for (i, option) in self.options.iter().enumerate() {
            let place = format!("payment option {}", i + 1);
            check_option(&place, option)?;
            if !iuvs.insert(option.iuv.to_ascii_uppercase()) {
                return bad(format!(
                    "{place}: IUV {} is used by another option of the same position",
                    option.iuv
                ));
            }
        }
        Ok(())
    }
}

fn bad<T>(detail: String) -> Result<T, PlatformError> {
    Err(PlatformError::BadRequest { detail })
}

fn text(what: &str, s: &str, min: usize) -> Result<(), PlatformError> {
    let n = s.chars().count();
    if n < min || s.trim().chars().count() < min {
        return bad(format!("{what} is empty"));
    }
    if n > MAX_GPD_TEXT {
        return bad(format!(
            "{what} has {n} characters: at most {MAX_GPD_TEXT} are allowed"
        ));
    }
    Ok(())
}

fn check_iupd(iupd: &str) -> Result<(), PlatformError> {
    if iupd.is_empty() {
        return bad("the IUPD (the position's id) is empty".into());
    }
    if iupd.len() > MAX_GPD_TEXT
        || !iupd
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return bad(format!(
            "the IUPD “{iupd}” may have only letters, digits, “-” and “_” (at most \
             {MAX_GPD_TEXT})"
        ));
    }
    Ok(())
}

fn check_debtor(d: &Debtor) -> Result<(), PlatformError> {
    let code = d.fiscal_code.trim().to_ascii_uppercase();
    if code.is_empty() {
        return bad("the debtor's fiscal code or VAT number is missing".into());
    }
    if code != "ANONIMO" && !is_personal_fiscal_code(&code) && !is_numeric_fiscal_code(&code) {
        return bad(format!(
            "“{}” is not a valid fiscal code (16 characters) or VAT number (11 digits): check \
             it for a mistyped character",
            d.fiscal_code
        ));
    }
    text("the debtor's name", &d.full_name, 1)?;
    if let Some(country) = &d.country
        && !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return bad(format!(
            "the debtor's country “{country}” must be two capital letters (e.g. IT)"
        ));
    }
    if let Some(province) = &d.province
        && !(province.len() == 2 && province.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return bad(format!(
            "the debtor's province “{province}” must be two letters (e.g. AP)"
        ));
    }
    if let Some(email) = &d.email
        && !is_email(email)
    {
        return bad(format!(
            "the debtor's e-mail “{email}” is not an e-mail address"
        ));
    }
    Ok(())
}

fn check_metadata(place: &str, metadata: &[Metadata]) -> Result<(), PlatformError> {
    if metadata.len() > MAX_METADATA {
        return bad(format!(
            "{place} has {} metadata pairs: at most {MAX_METADATA} are allowed",
            metadata.len()
        ));
    }
    let mut keys = BTreeSet::new();
    for m in metadata {
        text(&format!("{place}: a metadata key"), &m.key, 1)?;
        text(
            &format!("{place}: the value of metadata “{}”", m.key),
            &m.value,
            0,
        )?;
        if !keys.insert(m.key.as_str()) {
            return bad(format!("{place}: metadata key “{}” is repeated", m.key));
        }
    }
    Ok(())
}

fn check_option(place: &str, o: &NewPaymentOption) -> Result<(), PlatformError> {
    if o.iuv.is_empty() || o.iuv.len() > 35 || !o.iuv.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return bad(format!(
            "{place}: the IUV “{}” must have 1 to 35 letters and digits",
            o.iuv
        ));
    }
    text(&format!("{place}: the description"), &o.description, 1)?;
    if let Some(retention) = o.retention_date
        && retention < o.due_date
    {
        return bad(format!(
            "{place}: the retention date {retention} is before the due date {}",
            o.due_date
        ));
    }
    check_metadata(place, &o.metadata)?;
    if o.transfers.is_empty() {
        return bad(format!(
            "{place} has no transfer: it needs 1 to {MAX_TRANSFERS} (where the money goes)"
        ));
    }
    if o.transfers.len() > MAX_TRANSFERS {
        return bad(format!(
            "{place} has {} transfers: at most {MAX_TRANSFERS} are allowed",
            o.transfers.len()
        ));
    }
    let mut ids = BTreeSet::new();
    let mut sum: u64 = 0;
    for t in &o.transfers {
        let tplace = format!("{place}, transfer {}", t.id);
        if !(1..=5).contains(&t.id) {
            return bad(format!("{tplace}: a transfer's id must be 1 to 5"));
        }
        if !ids.insert(t.id) {
            return bad(format!("{tplace}: the id is repeated"));
        }
        sum += t.amount.cents();
        text(
            &format!("{tplace}: the remittance information"),
            &t.remittance_information,
            1,
        )?;
        if t.category.trim().is_empty() || t.category.chars().count() > MAX_GPD_TEXT {
            return bad(format!(
                "{tplace}: the category (the pagoPA taxonomy code, e.g. 9/0101100IM/) is missing"
            ));
        }
        if let Some(name) = &t.company_name {
            text(&format!("{tplace}: the company name"), name, 0)?;
        }
        check_metadata(&tplace, &t.metadata)?;
        match &t.destination {
            TransferDestination::Account { iban, postal_iban } => {
                check_iban(&tplace, "IBAN", iban)?;
                if let Some(p) = postal_iban {
                    check_iban(&tplace, "postal IBAN", p)?;
                }
            }
            TransferDestination::Stamp(s) => {
                if s.hash_document.is_empty() || s.hash_document.chars().count() > 72 {
                    return bad(format!(
                        "{tplace}: the stamp's document hash must have 1 to 72 characters"
                    ));
                }
                if s.stamp_type.chars().count() != 2 {
                    return bad(format!(
                        "{tplace}: the stamp type “{}” must have 2 characters",
                        s.stamp_type
                    ));
                }
                let p = &s.provincial_residence;
                if !(p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase())) {
                    return bad(format!(
                        "{tplace}: the stamp's province “{p}” must be two capital letters"
                    ));
                }
            }
        }
    }
    if sum != o.amount.cents() {
        return bad(format!(
            "{place}: its transfers add up to {} but its amount is {}",
            Amount::from_cents(sum).map_or_else(|_| sum.to_string(), Amount::decimal),
            o.amount.decimal()
        ));
    }
    Ok(())
}

/// An IBAN: 1–35 letters and digits (the specification), and, when it starts like one (two
/// letters and two digits), a valid ISO 13616 check (mod 97).
fn check_iban(place: &str, what: &str, iban: &str) -> Result<(), PlatformError> {
    let ok_chars =
        !iban.is_empty() && iban.len() <= 35 && iban.bytes().all(|b| b.is_ascii_alphanumeric());
    if !ok_chars {
        return bad(format!(
            "{place}: the {what} “{iban}” must have 1 to 35 letters and digits, no spaces"
        ));
    }
    let b = iban.as_bytes();
    let looks_like_iban = b.len() >= 5
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_alphabetic()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit();
    if looks_like_iban && !iban_checksum_ok(iban) {
        return bad(format!(
            "{place}: the {what} “{iban}” has wrong check digits: a character has probably been \
             mistyped"
        ));
    }
    Ok(())
}

fn iban_checksum_ok(iban: &str) -> bool {
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut rem: u32 = 0;
    for b in rearranged {
        let b = b.to_ascii_uppercase();
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if value >= 10 {
            (rem * 100 + value) % 97
        } else {
            (rem * 10 + value) % 97
        };
    }
    rem == 1
}

/// A person's 16-character fiscal code with its check character (omocodia letters accepted).
fn is_personal_fiscal_code(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 16 {
        return false;
    }
    const OMOCODIA: &[u8] = b"LMNPQRSTUV";
    let digit_like = |c: u8| c.is_ascii_digit() || OMOCODIA.contains(&c);
    let shape = b[..6].iter().all(u8::is_ascii_uppercase)
        && digit_like(b[6])
        && digit_like(b[7])
        && b[8].is_ascii_uppercase()
        && digit_like(b[9])
        && digit_like(b[10])
        && b[11].is_ascii_uppercase()
        && b[12..15].iter().all(|&c| digit_like(c))
        && b[15].is_ascii_uppercase();
    if !shape {
        return false;
    }
    // Odd positions (1st, 3rd, …) by this table, indexed by digit or letter value.
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let mut sum = 0;
    for (i, &c) in b[..15].iter().enumerate() {
        let v = if c.is_ascii_digit() {
            usize::from(c - b'0')
        } else {
            usize::from(c - b'A')
        };
        sum += if i % 2 == 0 { ODD[v] } else { v as u32 };
    }
    u32::from(b[15] - b'A') == sum % 26
}

fn is_numeric_fiscal_code(s: &str) -> bool {
    s.len() == 11
        && s.bytes().all(|b| b.is_ascii_digit())
        && checks::fiscal_code_check_digit(&s.as_bytes()[..10]) == Some(s.as_bytes()[10] - b'0')
}

// The request body (`PaymentPositionModel`); read-only fields are never sent.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PositionBody<'a> {
    iupd: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pay_stand_in: Option<bool>,
    fiscal_code: String,
    full_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    street_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    civic_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    switch_to_expired: bool,
    company_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    office_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity_date: Option<String>,
    payment_option: Vec<OptionBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OptionBody<'a> {
    iuv: &'a str,
    amount: u64,
    description: &'a str,
    is_partial_payment: bool,
    due_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    retention_date: Option<String>,
    transfer: Vec<TransferBody<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    payment_option_metadata: &'a [Metadata],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransferBody<'a> {
    id_transfer: String,
    amount: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_fiscal_code: Option<&'a str>,
    remittance_information: &'a str,
    category: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iban: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postal_iban: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stamp: Option<&'a Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company_name: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    transfer_metadata: &'a [Metadata],
}

impl<'a> From<&'a NewDebtPosition> for PositionBody<'a> {
    fn from(p: &'a NewDebtPosition) -> PositionBody<'a> {
        let d = &p.debtor;
        let fiscal_code = d.fiscal_code.trim().to_ascii_uppercase();
        let kind = d.kind.unwrap_or(if fiscal_code.len() == 11 {
            DebtorKind::LegalEntity
        } else {
            DebtorKind::Person
        });
        PositionBody {
            iupd: &p.iupd,
            kind: kind.code(),
            pay_stand_in: p.pay_stand_in,
            fiscal_code,
            full_name: d.full_name.trim(),
            street_name: d.street_name.as_deref(),
            civic_number: d.civic_number.as_deref(),
            postal_code: d.postal_code.as_deref(),
            city: d.city.as_deref(),
            province: d.province.as_deref().map(str::to_ascii_uppercase),
            region: d.region.as_deref(),
            country: d.country.as_deref(),
            email: d.email.as_deref(),
            phone: d.phone.as_deref(),
            switch_to_expired: p.switch_to_expired,
            company_name: &p.company_name,
            office_name: p.office_name.as_deref(),
            validity_date: p.validity_date.map(Date::start_of_day_utc),
            payment_option: p
                .options
                .iter()
                .map(|o| OptionBody {
                    iuv: &o.iuv,
                    amount: o.amount.cents(),
                    description: &o.description,
                    is_partial_payment: o.is_partial_payment,
                    due_date: o.due_date.end_of_day_utc(),
                    retention_date: o.retention_date.map(Date::end_of_day_utc),
                    transfer: o
                        .transfers
                        .iter()
                        .map(|t| {
                            let (iban, postal_iban, stamp) = match &t.destination {
                                TransferDestination::Account { iban, postal_iban } => {
                                    (Some(iban.as_str()), postal_iban.as_deref(), None)
                                }
                                TransferDestination::Stamp(s) => (None, None, Some(s)),
                            };
                            TransferBody {
                                id_transfer: t.id.to_string(),
                                amount: t.amount.cents(),
                                organization_fiscal_code: t
                                    .organization_fiscal_code
                                    .as_ref()
                                    .map(CreditorFiscalCode::as_str),
                                remittance_information: &t.remittance_information,
                                category: &t.category,
                                iban,
                                postal_iban,
                                stamp,
                                company_name: t.company_name.as_deref(),
                                transfer_metadata: &t.metadata,
                            }
                        })
                        .collect(),
                    payment_option_metadata: &o.metadata,
                })
                .collect(),
        }
    }
}

// ------------------------------------------------------------------ what is read back

/// A debt position's status on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PositionStatus {
    /// Created, not published: it can still be changed or deleted, and cannot be paid.
    Draft,
    /// Published, waiting for its validity date.
    Published,
    /// Valid: published and payable, not paid yet (unpaid).
    Valid,
    /// Invalidated by the creditor: it cannot be paid.
    Invalid,
    /// Past its due date (for positions that switch to expired): it cannot be paid.
    Expired,
    /// Some instalments paid, not all.
    PartiallyPaid,
    /// Paid.
    Paid,
    /// Paid, and the payment reported to the creditor by the PSP.
    Reported,
    /// A status this version does not know: never taken as paid.
    Unknown(String),
}

impl PositionStatus {
    pub fn parse(s: &str) -> PositionStatus {
        match s {
            "DRAFT" => PositionStatus::Draft,
            "PUBLISHED" => PositionStatus::Published,
            "VALID" => PositionStatus::Valid,
            "INVALID" => PositionStatus::Invalid,
            "EXPIRED" => PositionStatus::Expired,
            "PARTIALLY_PAID" => PositionStatus::PartiallyPaid,
            "PAID" => PositionStatus::Paid,
            "REPORTED" => PositionStatus::Reported,
            other => PositionStatus::Unknown(other.to_string()),
        }
    }

    /// A stable lower-case code (`valid`, `partially-paid`, …), e.g. for JSON and Fluent.
    pub fn code(&self) -> &str {
        match self {
            PositionStatus::Draft => "draft",
            PositionStatus::Published => "published",
            PositionStatus::Valid => "valid",
            PositionStatus::Invalid => "invalid",
            PositionStatus::Expired => "expired",
            PositionStatus::PartiallyPaid => "partially-paid",
            PositionStatus::Paid => "paid",
            PositionStatus::Reported => "reported",
            PositionStatus::Unknown(_) => "unknown",
        }
    }

    /// Paid in full, on the platform's word.
    pub fn is_paid(&self) -> bool {
        matches!(self, PositionStatus::Paid | PositionStatus::Reported)
    }

    /// Can be paid now.
    pub fn is_payable(&self) -> bool {
        matches!(self, PositionStatus::Valid | PositionStatus::PartiallyPaid)
    }
}

impl fmt::Display for PositionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PositionStatus::Unknown(s) => write!(f, "unknown ({s})"),
            other => f.write_str(other.code()),
        }
    }
}

impl Serialize for PositionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A payment option's status on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OptionStatus {
    Unpaid,
    Paid,
    /// Paid; some of its transfers reported by the PSP.
    PartiallyReported,
    /// Paid; all of its transfers reported.
    Reported,
    /// A status this version does not know: never taken as paid.
    Unknown(String),
}

impl OptionStatus {
    pub fn parse(s: &str) -> OptionStatus {
        match s {
            "PO_UNPAID" => OptionStatus::Unpaid,
            "PO_PAID" => OptionStatus::Paid,
            "PO_PARTIALLY_REPORTED" => OptionStatus::PartiallyReported,
            "PO_REPORTED" => OptionStatus::Reported,
            other => OptionStatus::Unknown(other.to_string()),
        }
    }

    pub fn code(&self) -> &str {
        match self {
            OptionStatus::Unpaid => "unpaid",
            OptionStatus::Paid => "paid",
            OptionStatus::PartiallyReported => "partially-reported",
            OptionStatus::Reported => "reported",
            OptionStatus::Unknown(_) => "unknown",
        }
    }

    /// Paid, on the platform's word.
    pub fn is_paid(&self) -> bool {
        matches!(
            self,
            OptionStatus::Paid | OptionStatus::PartiallyReported | OptionStatus::Reported
        )
    }
}

impl fmt::Display for OptionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionStatus::Unknown(s) => write!(f, "unknown ({s})"),
            other => f.write_str(other.code()),
        }
    }
}

impl Serialize for OptionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A transfer as the platform returns it. Amounts are as given (the specification bounds
/// them only in requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub id: Option<String>,
    pub amount_cents: Option<i64>,
    pub organization_fiscal_code: Option<String>,
    pub company_name: Option<String>,
    pub remittance_information: Option<String>,
    pub category: Option<String>,
    pub iban: Option<String>,
    pub postal_iban: Option<String>,
    pub stamp: Option<Stamp>,
    /// `T_UNREPORTED` or `T_REPORTED`, as given.
    pub status: Option<String>,
    pub metadata: Vec<Metadata>,
}

/// A payment option as the platform returns it. Instants are the platform's RFC 3339 texts,
/// as given (see [`Date::of_instant`] for the day in Rome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentOption {
    pub iuv: Option<String>,
    /// The notice number ("numero avviso"): the aux digit followed by the IUV.
    pub nav: Option<String>,
    pub organization_fiscal_code: Option<String>,
    pub amount_cents: Option<i64>,
    pub description: Option<String>,
    pub is_partial_payment: Option<bool>,
    pub due_date: Option<String>,
    pub retention_date: Option<String>,
    pub payment_date: Option<String>,
    pub reporting_date: Option<String>,
    pub inserted_date: Option<String>,
    pub last_updated_date: Option<String>,
    pub payment_method: Option<String>,
    pub fee_cents: Option<i64>,
    pub notification_fee_cents: Option<i64>,
    pub psp_company: Option<String>,
    pub receipt_id: Option<String>,
    pub flow_reporting_id: Option<String>,
    /// `None` when the answer does not say (create, publish and invalidate answers): never
    /// paid then.
    pub status: Option<OptionStatus>,
    pub transfers: Vec<Transfer>,
    pub metadata: Vec<Metadata>,
}

impl PaymentOption {
    /// The amount, when it is one pagoPA can charge.
    pub fn amount(&self) -> Option<Amount> {
        self.amount_cents
            .and_then(|c| u64::try_from(c).ok())
            .and_then(|c| Amount::from_cents(c).ok())
    }

    /// The due day in Rome.
    pub fn due_day(&self) -> Option<Date> {
        self.due_date.as_deref().and_then(Date::of_instant)
    }

    /// Paid, on the platform's word (its status).
    pub fn is_paid(&self) -> bool {
        self.status.as_ref().is_some_and(OptionStatus::is_paid)
    }

    /// True when this is the option with IUV or notice number `id`.
    pub fn is(&self, id: &str) -> bool {
        let id = id.trim();
        self.iuv
            .as_deref()
            .is_some_and(|i| i.eq_ignore_ascii_case(id))
            || self
                .nav
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(id))
    }

    /// Its receipt when the platform says it is paid; `None` otherwise.
    pub fn receipt(&self, organization_fiscal_code: &str, iupd: &str) -> Option<Receipt> {
        let status = self.status.clone().filter(OptionStatus::is_paid)?;
        Some(Receipt {
            organization_fiscal_code: self
                .organization_fiscal_code
                .clone()
                .unwrap_or_else(|| organization_fiscal_code.to_string()),
            iupd: iupd.to_string(),
            iuv: self.iuv.clone(),
            nav: self.nav.clone(),
            amount_cents: self.amount_cents,
            description: self.description.clone(),
            payment_date: self.payment_date.clone(),
            psp_company: self.psp_company.clone(),
            receipt_id: self.receipt_id.clone(),
            payment_method: self.payment_method.clone(),
            fee_cents: self.fee_cents,
            reporting_date: self.reporting_date.clone(),
            flow_reporting_id: self.flow_reporting_id.clone(),
            status,
        })
    }
}

/// A debt position as the platform returns it (the answers to create, publish and invalidate
/// carry the debtor; the answer to a read carries the statuses and the payments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DebtPosition {
    /// The IUPD asked for.
    pub iupd: String,
    pub organization_fiscal_code: Option<String>,
    /// `None` when the answer does not say.
    pub status: Option<PositionStatus>,
    pub company_name: Option<String>,
    pub office_name: Option<String>,
    pub debtor_kind: Option<DebtorKind>,
    pub debtor_fiscal_code: Option<String>,
    pub debtor_name: Option<String>,
    pub switch_to_expired: Option<bool>,
    pub pay_stand_in: Option<bool>,
    pub inserted_date: Option<String>,
    pub publish_date: Option<String>,
    pub validity_date: Option<String>,
    pub payment_date: Option<String>,
    pub last_updated_date: Option<String>,
    pub options: Vec<PaymentOption>,
}

impl DebtPosition {
    /// The receipts of its paid options.
    pub fn receipts(&self) -> Vec<Receipt> {
        let org = self.organization_fiscal_code.as_deref().unwrap_or_default();
        self.options
            .iter()
            .filter_map(|o| o.receipt(org, &self.iupd))
            .collect()
    }
}

/// What the platform says of a paid option: the evidence that it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub organization_fiscal_code: String,
    pub iupd: String,
    pub iuv: Option<String>,
    pub nav: Option<String>,
    pub amount_cents: Option<i64>,
    pub description: Option<String>,
    /// When it was paid (RFC 3339, as given).
    pub payment_date: Option<String>,
    /// The payment service provider that took the payment.
    pub psp_company: Option<String>,
    /// The receipt's id.
    pub receipt_id: Option<String>,
    pub payment_method: Option<String>,
    pub fee_cents: Option<i64>,
    pub reporting_date: Option<String>,
    pub flow_reporting_id: Option<String>,
    /// Always a paid status.
    pub status: OptionStatus,
}

// The answer bodies: `PaymentPositionModel` and `PaymentPositionModelBaseResponse` in one,
// every field optional.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PositionAnswer {
    organization_fiscal_code: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    pay_stand_in: Option<bool>,
    fiscal_code: Option<String>,
    full_name: Option<String>,
    switch_to_expired: Option<bool>,
    company_name: Option<String>,
    office_name: Option<String>,
    inserted_date: Option<String>,
    publish_date: Option<String>,
    validity_date: Option<String>,
    payment_date: Option<String>,
    last_updated_date: Option<String>,
    status: Option<String>,
    payment_option: Option<Vec<OptionAnswer>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OptionAnswer {
    nav: Option<String>,
    iuv: Option<String>,
    organization_fiscal_code: Option<String>,
    amount: Option<i64>,
    description: Option<String>,
    is_partial_payment: Option<bool>,
    due_date: Option<String>,
    retention_date: Option<String>,
    payment_date: Option<String>,
    reporting_date: Option<String>,
    inserted_date: Option<String>,
    last_updated_date: Option<String>,
    payment_method: Option<String>,
    fee: Option<i64>,
    notification_fee: Option<i64>,
    psp_company: Option<String>,
    id_receipt: Option<String>,
    id_flow_reporting: Option<String>,
    status: Option<String>,
    transfer: Option<Vec<TransferAnswer>>,
    payment_option_metadata: Option<Vec<MetadataAnswer>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransferAnswer {
    id_transfer: Option<String>,
    amount: Option<i64>,
    organization_fiscal_code: Option<String>,
    company_name: Option<String>,
    remittance_information: Option<String>,
    category: Option<String>,
    iban: Option<String>,
    postal_iban: Option<String>,
    stamp: Option<Stamp>,
    status: Option<String>,
    transfer_metadata: Option<Vec<MetadataAnswer>>,
}

#[derive(Deserialize)]
struct MetadataAnswer {
    key: Option<String>,
    value: Option<String>,
}

fn metadata(m: Option<Vec<MetadataAnswer>>) -> Vec<Metadata> {
    m.unwrap_or_default()
        .into_iter()
        .filter_map(|m| {
            Some(Metadata {
                key: m.key?,
                value: m.value.unwrap_or_default(),
            })
        })
        .collect()
}

fn some_text(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

impl PositionAnswer {
    fn into_position(self, iupd: &str) -> DebtPosition {
        DebtPosition {
            iupd: iupd.to_string(),
            organization_fiscal_code: some_text(self.organization_fiscal_code),
            status: self.status.as_deref().map(PositionStatus::parse),
            company_name: some_text(self.company_name),
            office_name: some_text(self.office_name),
            debtor_kind: self.kind.as_deref().and_then(DebtorKind::parse),
            debtor_fiscal_code: some_text(self.fiscal_code),
            debtor_name: some_text(self.full_name),
            switch_to_expired: self.switch_to_expired,
            pay_stand_in: self.pay_stand_in,
            inserted_date: self.inserted_date,
            publish_date: self.publish_date,
            validity_date: self.validity_date,
            payment_date: self.payment_date,
            last_updated_date: self.last_updated_date,
            options: self
                .payment_option
                .unwrap_or_default()
                .into_iter()
                .map(|o| PaymentOption {
                    iuv: some_text(o.iuv),
                    nav: some_text(o.nav),
                    organization_fiscal_code: some_text(o.organization_fiscal_code),
                    amount_cents: o.amount,
                    description: o.description,
                    is_partial_payment: o.is_partial_payment,
                    due_date: o.due_date,
                    retention_date: o.retention_date,
                    payment_date: o.payment_date,
                    reporting_date: o.reporting_date,
                    inserted_date: o.inserted_date,
                    last_updated_date: o.last_updated_date,
                    payment_method: some_text(o.payment_method),
                    fee_cents: o.fee,
                    notification_fee_cents: o.notification_fee,
                    psp_company: some_text(o.psp_company),
                    receipt_id: some_text(o.id_receipt),
                    flow_reporting_id: some_text(o.id_flow_reporting),
                    status: o.status.as_deref().map(OptionStatus::parse),
                    transfers: o
                        .transfer
                        .unwrap_or_default()
                        .into_iter()
                        .map(|t| Transfer {
                            id: t.id_transfer,
                            amount_cents: t.amount,
                            organization_fiscal_code: some_text(t.organization_fiscal_code),
                            company_name: some_text(t.company_name),
                            remittance_information: t.remittance_information,
                            category: t.category,
                            iban: some_text(t.iban),
                            postal_iban: some_text(t.postal_iban),
                            stamp: t.stamp,
                            status: t.status,
                            metadata: metadata(t.transfer_metadata),
                        })
                        .collect(),
                    metadata: metadata(o.payment_option_metadata),
                })
                .collect(),
        }
    }
}

// ------------------------------------------------------------------ the client

/// The client of the GPD debt-positions interface, for one creditor's (or an intermediary's)
/// subscription key.
///
/// 400 → [`BadRequest`](PlatformError::BadRequest); 401, 403 →
/// [`Unauthorized`](PlatformError::Unauthorized); 404 → [`NotFound`](PlatformError::NotFound);
/// 409 (a position with that IUPD or IUV exists; not in a state that allows publishing or
/// invalidating) → [`Conflict`](PlatformError::Conflict); 500 and other 5xx, 429 →
/// [`Server`](PlatformError::Server); 504 and no answer in time →
/// [`Timeout`](PlatformError::Timeout). After a create that ended in a timeout, a transport
/// error or a 5xx, read the position (or create it again and take a 409 as "it exists") before
/// telling the debtor anything.
#[derive(Debug, Clone)]
pub struct GpdClient {
    http: Http,
}

impl GpdClient {
    /// The header of the specification's security scheme (`ApiKey`).
    pub const KEY_HEADER: &'static str = "ocp-apim-subscription-key";

    /// A client of the interface at `cfg.base_url` (e.g.
    /// `https://api.platform.pagopa.it/gpd/debt-positions-service/v1`).
    pub fn new(cfg: PlatformConfig) -> Result<GpdClient, PlatformError> {
        Ok(GpdClient {
            http: Http::new(&cfg, GpdClient::KEY_HEADER)?,
        })
    }

    /// Sends `name: value` with every request (e.g. `X-Request-Id`, or a mock server's
    /// `Prefer`).
    pub fn with_header(mut self, name: &str, value: &str) -> Result<GpdClient, PlatformError> {
        self.http.add_header(name, value)?;
        Ok(self)
    }

    fn position_url(&self, org: &CreditorFiscalCode, iupd: &str, action: Option<&str>) -> url::Url {
        let mut segments = vec!["organizations", org.as_str(), "debtpositions", iupd];
        segments.extend(action);
        self.http.url(&segments, &[])
    }

    /// Creates a debt position (checked first with [`NewDebtPosition::validate`]); published
    /// at once when `publish`, else left as a draft.
    pub async fn create(
        &self,
        org: &CreditorFiscalCode,
        position: &NewDebtPosition,
        publish: bool,
    ) -> Result<DebtPosition, PlatformError> {
        position.validate()?;
        let body = serde_json::to_vec(&PositionBody::from(position)).map_err(|e| {
            PlatformError::BadRequest {
                detail: format!("the debt position cannot be written as JSON: {e}"),
            }
        })?;
        let url = self.http.url(
            &["organizations", org.as_str(), "debtpositions"],
            &[("toPublish", if publish { "true" } else { "false" })],
        );
        let reply = self.http.send(Method::POST, url, Some(body)).await?;
        self.position_answer(&reply, &position.iupd)
    }

    /// Publishes a draft position: it becomes payable from its validity date.
    pub async fn publish(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, Some("publish"));
        let reply = self.http.send(Method::POST, url, None).await?;
        self.position_answer(&reply, iupd)
    }

    /// Reads a position, with its status and the state of each option.
    pub async fn position(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, None);
        let reply = self.http.send(Method::GET, url, None).await?;
        self.position_answer(&reply, iupd)
    }

    /// A position's status; an answer without one is a [`Protocol`](PlatformError::Protocol)
    /// error.
    pub async fn status(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<PositionStatus, PlatformError> {
        self.position(org, iupd)
            .await?
            .status
            .ok_or_else(|| PlatformError::Protocol {
                detail: format!("the debt position {iupd} was returned without a status"),
            })
    }

    /// Invalidates a position: it can no longer be paid.
    pub async fn invalidate(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, Some("invalidate"));
        let reply = self.http.send(Method::POST, url, None).await?;
        self.position_answer(&reply, iupd)
    }

    /// The receipt of the option with IUV (or notice number) `option` of a position: `None`
    /// while the platform does not say it is paid;
    /// [`NotFound`](PlatformError::NotFound) when the position has no such option.
    pub async fn receipt(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
        option: &str,
    ) -> Result<Option<Receipt>, PlatformError> {
        let position = self.position(org, iupd).await?;
        let Some(found) = position.options.iter().find(|o| o.is(option)) else {
            return Err(PlatformError::NotFound {
                detail: format!("the debt position {iupd} has no payment option {option}"),
            });
        };
        let org_code = position
            .organization_fiscal_code
            .clone()
            .unwrap_or_else(|| org.to_string());
        Ok(found.receipt(&org_code, iupd))
    }

    /// The receipts of every paid option of a position (none while nothing is paid).
    pub async fn receipts(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<Vec<Receipt>, PlatformError> {
        let mut position = self.position(org, iupd).await?;
        if position.organization_fiscal_code.is_none() {
            position.organization_fiscal_code = Some(org.to_string());
        }
        Ok(position.receipts())
    }

    fn position_answer(&self, reply: &Reply, iupd: &str) -> Result<DebtPosition, PlatformError> {
        let status = reply.status.as_u16();
        if reply.status.is_success() {
            let answer: PositionAnswer =
                serde_json::from_slice(&reply.body).map_err(|e| PlatformError::Protocol {
                    detail: self
                        .http
                        .scrub(&format!("HTTP {status}: the debt position answer: {e}")),
                })?;
            return Ok(answer.into_position(iupd));
        }
        Err(self
            .http
            .error_for(reply, |detail| PlatformError::Conflict { detail }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_codes_and_ibans() {
        assert!(is_personal_fiscal_code("RSSMRA80A01H501U"));
        assert!(!is_personal_fiscal_code("RSSMRA80A01H501V"));
        // Omocodia: digits replaced by letters, check character recomputed.
        assert!(is_personal_fiscal_code("RSSMRA80A01H50MM"));
        assert!(is_numeric_fiscal_code("00085240950"));
        assert!(!is_numeric_fiscal_code("00085240951"));
        assert!(iban_checksum_ok("IT60X0542811101000000123456"));
        assert!(!iban_checksum_ok("IT61X0542811101000000123456"));
        assert!(iban_checksum_ok("GB82WEST12345698765432"));
    }

    #[test]
    fn statuses() {
        for (s, paid) in [
            ("DRAFT", false),
            ("PUBLISHED", false),
            ("VALID", false),
            ("INVALID", false),
            ("EXPIRED", false),
            ("PARTIALLY_PAID", false),
            ("PAID", true),
            ("REPORTED", true),
            ("SOMETHING_NEW", false),
        ] {
            assert_eq!(PositionStatus::parse(s).is_paid(), paid, "{s}");
        }
        for (s, paid) in [
            ("PO_UNPAID", false),
            ("PO_PAID", true),
            ("PO_PARTIALLY_REPORTED", true),
            ("PO_REPORTED", true),
            ("PO_SOMETHING", false),
        ] {
            assert_eq!(OptionStatus::parse(s).is_paid(), paid, "{s}");
        }
    }
}
