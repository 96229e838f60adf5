//! The JSON file counter staff write to create a debt position: a shape of Campanile's own
//! (documented in the README), simpler than the platform's — amounts in euros as written on
//! paper (`"120.00"`), days as `YYYY-MM-DD`, a transfer's id and (when it is the only one) its
//! amount filled in — read into a checked [`NewDebtPosition`]. It also carries what a printed
//! notice needs and the platform does not keep: the debtor's address is sent, but read back
//! only by the answers to create, publish and invalidate, and the creditor's contacts and
//! CBILL code are never sent. A complete example is `assets/positions/example.json`; in short:
//!
//! ```json
//! {
//!   "iupd": "00085240950-tari-2026-0001",
//!   "company_name": "Comune di Fermo",
//!   "office_name": "Ufficio Tributi",
//!   "creditor": { "info": "www.comune.fermo.it", "cbill": "A1B2C" },
//!   "debtor": { "fiscal_code": "RSSMRA80A01H501U", "name": "Mario Rossi",
//!               "street": "Via Roma", "civic_number": "1", "postal_code": "63900",
//!               "city": "Fermo", "province": "FM", "country": "IT" },
//!   "options": [{
//!     "iuv": "00715700000000032", "amount": "120.00", "description": "TARI 2026",
//!     "due_date": "2026-07-31",
//!     "transfers": [{ "iban": "IT60X0542811101000000123456", "remittance": "TARI 2026",
//!                     "category": "9/0101100IM/" }]
//!   }]
//! }
//! ```
//!
//! Every error names where it is: a line and column for JSON that does not fit the shape, the
//! option, transfer and field otherwise ([`PositionFileError`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::printable::CreditorDetails;
use super::request::{
    DebtorKind, Metadata, NewDebtPosition, NewPaymentOption, NewTransfer, PositionDebtor, Stamp,
    TransferDestination,
};
use crate::pagopa::platform::types::PlatformError;
use crate::pagopa::{Amount, CreditorFiscalCode};
use crate::time::{CivilDate, parse_civil_date};

/// A debt position read from its file, with what the printed notice adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionFile {
    /// The debt position to create.
    pub position: NewDebtPosition,
    /// How citizens reach the creditor (printed on the notice).
    pub creditor_info: Option<String>,
    /// The creditor's CBILL code (printed on the notice).
    pub cbill: Option<String>,
    /// Poste's authorisation to print the postal bulletin (printed on it), when it has one.
    pub poste_authorization: Option<String>,
}

/// Where in the file: the field, in its option (1-based) and transfer (1-based) when it is in
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpot {
    /// The option (1-based), when the field is in one.
    pub option: Option<usize>,
    /// The transfer (1-based), when the field is in one.
    pub transfer: Option<usize>,
    /// The field's name in the file.
    pub field: &'static str,
}

/// What is wrong with a value of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Not an amount in euros pagoPA accepts (more than zero, two decimals at most).
    Amount {
        /// The value as given.
        value: String,
    },
    /// Not a day written `YYYY-MM-DD`.
    Date {
        /// The value as given.
        value: String,
    },
    /// Not an organization's 11-digit fiscal code.
    FiscalCode {
        /// The value as given.
        value: String,
    },
    /// Not `person` or `legal-entity`.
    DebtorKind {
        /// The value as given.
        value: String,
    },
    /// An option with several transfers must give each one's amount.
    TransferAmountNeeded,
    /// A transfer goes either to an account (`iban`) or to a revenue stamp (`stamp`).
    Destination,
    /// `postal_iban` without `iban`.
    PostalIbanAlone,
}

impl FileProblem {
    /// The problem's stable code (`amount`, `date`, …).
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Amount { .. } => "amount",
            FileProblem::Date { .. } => "date",
            FileProblem::FiscalCode { .. } => "fiscal-code",
            FileProblem::DebtorKind { .. } => "debtor-kind",
            FileProblem::TransferAmountNeeded => "transfer-amount-needed",
            FileProblem::Destination => "destination",
            FileProblem::PostalIbanAlone => "postal-iban-alone",
        }
    }
}

/// Why a position file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PositionFileError {
    /// Not JSON, or JSON that does not fit the shape (a field missing, unknown or of the wrong
    /// type); `detail` is the JSON reader's own words.
    #[error("line {line}, column {column}: {detail}")]
    Json {
        /// The line of the error (1-based).
        line: usize,
        /// The column of the error (1-based).
        column: usize,
        /// What the JSON reader said.
        detail: String,
    },
    /// A value that is not what its field takes.
    #[error("{spot:?}: {problem:?}")]
    Field {
        /// Where in the file.
        spot: FileSpot,
        /// What is wrong.
        problem: FileProblem,
    },
    /// The position breaks the specification's or pagoPA's rules ([`NewDebtPosition::validate`]).
    #[error("{0}")]
    Invalid(PlatformError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    iupd: String,
    company_name: String,
    office_name: Option<String>,
    #[serde(default)]
    switch_to_expired: bool,
    validity_date: Option<String>,
    pay_stand_in: Option<bool>,
    creditor: Option<FileCreditor>,
    debtor: FileDebtor,
    options: Vec<FileOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCreditor {
    info: Option<String>,
    cbill: Option<String>,
    poste_authorization: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDebtor {
    kind: Option<String>,
    fiscal_code: String,
    name: String,
    street: Option<String>,
    civic_number: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    province: Option<String>,
    region: Option<String>,
    country: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOption {
    iuv: String,
    amount: Euros,
    description: String,
    due_date: String,
    retention_date: Option<String>,
    #[serde(default)]
    installment: bool,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    transfers: Vec<FileTransfer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTransfer {
    id: Option<u8>,
    amount: Option<Euros>,
    remittance: String,
    category: String,
    iban: Option<String>,
    postal_iban: Option<String>,
    stamp: Option<FileStamp>,
    organization_fiscal_code: Option<String>,
    company_name: Option<String>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStamp {
    hash_document: String,
    stamp_type: String,
    provincial_residence: String,
}

/// An amount in euros, as a string (`"120.00"`, `"120,5"`) or a JSON number (`120.5`), read
/// from its digits, never through floating point.
#[derive(Deserialize)]
#[serde(untagged)]
enum Euros {
    Text(String),
    Number(serde_json::Number),
}

impl Euros {
    fn text(&self) -> String {
        match self {
            Euros::Text(s) => s.clone(),
            Euros::Number(n) => n.to_string(),
        }
    }
}

/// Cents of `"120"`, `"120.5"`, `"120,50"`: digits, then at most two decimals after a dot or
/// a comma; no grouping, no sign, no exponent.
fn cents_of(text: &str) -> Option<Amount> {
    let s = text.trim();
    let (units, decimals) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if units.is_empty() || units.len() > 12 || !digits(units) {
        return None;
    }
    if decimals.len() > 2 || !digits(decimals) || (s.len() > units.len() && decimals.is_empty()) {
        return None;
    }
    let euros: u64 = units.parse().ok()?;
    let mut fraction: u64 = if decimals.is_empty() {
        0
    } else {
        decimals.parse().ok()?
    };
    if decimals.len() == 1 {
        fraction *= 10;
    }
    Amount::from_cents(euros.checked_mul(100)?.checked_add(fraction)?).ok()
}

fn metadata(m: BTreeMap<String, String>) -> Vec<Metadata> {
    m.into_iter()
        .map(|(key, value)| Metadata { key, value })
        .collect()
}

struct Reader {
    option: Option<usize>,
    transfer: Option<usize>,
}

impl Reader {
    fn fail(&self, field: &'static str, problem: FileProblem) -> PositionFileError {
        PositionFileError::Field {
            spot: FileSpot {
                option: self.option,
                transfer: self.transfer,
                field,
            },
            problem,
        }
    }

    fn amount(&self, field: &'static str, e: &Euros) -> Result<Amount, PositionFileError> {
        cents_of(&e.text()).ok_or_else(|| self.fail(field, FileProblem::Amount { value: e.text() }))
    }

    fn date(&self, field: &'static str, s: &str) -> Result<CivilDate, PositionFileError> {
        parse_civil_date(s.trim()).map_err(|_| {
            self.fail(
                field,
                FileProblem::Date {
                    value: s.to_string(),
                },
            )
        })
    }
}

impl PositionFile {
    /// Reads and checks a position file's text: the shape, each value, then the position as
    /// a whole ([`NewDebtPosition::validate`]).
    pub fn parse(text: &str) -> Result<PositionFile, PositionFileError> {
        let doc: FileDoc = serde_json::from_str(text).map_err(|e| PositionFileError::Json {
            line: e.line(),
            column: e.column(),
            detail: e.to_string(),
        })?;
        let top = Reader {
            option: None,
            transfer: None,
        };
        let d = doc.debtor;
        let kind = match d.kind.as_deref().map(str::trim) {
            None => None,
            Some("person" | "F") => Some(DebtorKind::Person),
            Some("legal-entity" | "G") => Some(DebtorKind::LegalEntity),
            Some(other) => {
                return Err(top.fail(
                    "debtor.kind",
                    FileProblem::DebtorKind {
                        value: other.to_string(),
                    },
                ));
            }
        };
        let validity_date = doc
            .validity_date
            .as_deref()
            .map(|s| top.date("validity_date", s))
            .transpose()?;
        let mut options = Vec::with_capacity(doc.options.len());
        for (i, o) in doc.options.into_iter().enumerate() {
            options.push(read_option(i + 1, o)?);
        }
        let position = NewDebtPosition {
            iupd: doc.iupd.trim().to_string(),
            debtor: PositionDebtor {
                kind,
                fiscal_code: d.fiscal_code,
                full_name: d.name,
                street_name: d.street,
                civic_number: d.civic_number,
                postal_code: d.postal_code,
                city: d.city,
                province: d.province,
                region: d.region,
                country: d.country,
                email: d.email,
                phone: d.phone,
            },
            company_name: doc.company_name,
            office_name: doc.office_name,
            validity_date,
            switch_to_expired: doc.switch_to_expired,
            pay_stand_in: doc.pay_stand_in,
            options,
        };
        position.validate().map_err(PositionFileError::Invalid)?;
        let (creditor_info, cbill, poste_authorization) = doc
            .creditor
            .map(|c| (c.info, c.cbill, c.poste_authorization))
            .unwrap_or_default();
        Ok(PositionFile {
            position,
            creditor_info,
            cbill,
            poste_authorization: poste_authorization
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
        })
    }

    /// What the printed notice says of the creditor `fiscal_code`, from this file.
    pub fn creditor_details(&self, fiscal_code: CreditorFiscalCode) -> CreditorDetails {
        CreditorDetails {
            fiscal_code,
            name: Some(self.position.company_name.clone()),
            sector: self.position.office_name.clone(),
            info: self.creditor_info.clone(),
            cbill: self.cbill.clone(),
            poste_authorization: self.poste_authorization.clone(),
        }
    }
}

fn read_option(number: usize, o: FileOption) -> Result<NewPaymentOption, PositionFileError> {
    let at = Reader {
        option: Some(number),
        transfer: None,
    };
    let amount = at.amount("amount", &o.amount)?;
    let due_date = at.date("due_date", &o.due_date)?;
    let retention_date = o
        .retention_date
        .as_deref()
        .map(|s| at.date("retention_date", s))
        .transpose()?;
    let only_one = o.transfers.len() == 1;
    let mut transfers = Vec::with_capacity(o.transfers.len());
    for (j, t) in o.transfers.into_iter().enumerate() {
        let at = Reader {
            option: Some(number),
            transfer: Some(j + 1),
        };
        let amount = match &t.amount {
            Some(e) => at.amount("amount", e)?,
            None if only_one => amount,
            None => return Err(at.fail("amount", FileProblem::TransferAmountNeeded)),
        };
        let destination = match (t.iban, t.stamp) {
            (Some(iban), None) => TransferDestination::Account {
                iban: iban.trim().to_string(),
                postal_iban: t.postal_iban.map(|p| p.trim().to_string()),
            },
            (None, Some(s)) if t.postal_iban.is_none() => TransferDestination::Stamp(Stamp {
                hash_document: s.hash_document,
                stamp_type: s.stamp_type,
                provincial_residence: s.provincial_residence,
            }),
            (None, Some(_)) => return Err(at.fail("postal_iban", FileProblem::PostalIbanAlone)),
            _ => return Err(at.fail("iban", FileProblem::Destination)),
        };
        let organization_fiscal_code = t
            .organization_fiscal_code
            .as_deref()
            .map(|s| {
                CreditorFiscalCode::parse(s.trim()).map_err(|_| {
                    at.fail(
                        "organization_fiscal_code",
                        FileProblem::FiscalCode {
                            value: s.to_string(),
                        },
                    )
                })
            })
            .transpose()?;
        transfers.push(NewTransfer {
            id: t.id.unwrap_or(u8::try_from(j + 1).unwrap_or(u8::MAX)),
            amount,
            organization_fiscal_code,
            company_name: t.company_name,
            remittance_information: t.remittance,
            category: t.category,
            destination,
            metadata: metadata(t.metadata),
        });
    }
    Ok(NewPaymentOption {
        iuv: o.iuv.trim().to_string(),
        amount,
        description: o.description,
        due_date,
        retention_date,
        is_partial_payment: o.installment,
        transfers,
        metadata: metadata(o.metadata),
    })
}
