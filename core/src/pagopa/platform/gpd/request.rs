//! What is sent: a debt position to create, as the comune fills it in.

use serde::{Deserialize, Serialize};

use crate::pagopa::{Amount, CreditorFiscalCode};
use crate::time::CivilDate;

/// Whether the debtor is a natural person (`F`, "fisica") or a legal entity (`G`,
/// "giuridica").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DebtorKind {
    /// A natural person ("fisica").
    Person,
    /// A legal entity ("giuridica").
    LegalEntity,
}

impl DebtorKind {
    pub(super) fn code(self) -> &'static str {
        match self {
            DebtorKind::Person => "F",
            DebtorKind::LegalEntity => "G",
        }
    }

    pub(super) fn parse(s: &str) -> Option<DebtorKind> {
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
pub struct PositionDebtor {
    /// Person or legal entity; when `None`, told from the fiscal code (11 digits: a legal entity).
    pub kind: Option<DebtorKind>,
    /// The debtor's fiscal code, VAT number, or `ANONIMO`.
    pub fiscal_code: String,
    /// The debtor's name.
    pub full_name: String,
    /// The street of the debtor's address.
    pub street_name: Option<String>,
    /// The civic number.
    pub civic_number: Option<String>,
    /// The postal code (CAP).
    pub postal_code: Option<String>,
    /// The city.
    pub city: Option<String>,
    /// Two letters, e.g. `AP`.
    pub province: Option<String>,
    /// The region.
    pub region: Option<String>,
    /// ISO 3166 alpha-2, e.g. `IT`.
    pub country: Option<String>,
    /// The debtor's email address.
    pub email: Option<String>,
    /// The debtor's phone number.
    pub phone: Option<String>,
}

/// A free key–value pair the comune attaches to an option or a transfer (at most 10, keys
/// unique).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Metadata {
    /// The key.
    pub key: String,
    /// The value.
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
    /// Money to a bank account.
    Account {
        /// The IBAN credited.
        iban: String,
        /// The postal IBAN, when the creditor has one.
        postal_iban: Option<String>,
    },
    /// A revenue stamp.
    Stamp(Stamp),
}

/// One of the 1–5 parts a payment option's amount is split into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewTransfer {
    /// 1 to 5, unique within the option.
    pub id: u8,
    /// Its amount.
    pub amount: Amount,
    /// The organization that receives it, when not the position's.
    pub organization_fiscal_code: Option<CreditorFiscalCode>,
    /// That organization's name.
    pub company_name: Option<String>,
    /// The reason of the payment ("causale"), at most 140 characters.
    pub remittance_information: String,
    /// The pagoPA taxonomy code of the revenue ("dati specifici di riscossione"), e.g.
    /// `9/0101100IM/`.
    pub category: String,
    /// Where the money goes: an account or a revenue stamp.
    pub destination: TransferDestination,
    /// The comune's key–value pairs (at most 10).
    pub metadata: Vec<Metadata>,
}

/// One way of paying the position: its IUV, amount, due date and transfers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewPaymentOption {
    /// The IUV ("identificativo univoco di versamento"): up to 35 letters and digits, e.g. the
    /// 17 digits of a notice number after its aux digit ([`crate::pagopa::NoticeNumber::iuv`]).
    pub iuv: String,
    /// The option's amount: the sum of its transfers.
    pub amount: Amount,
    /// Its description, shown to the payer.
    pub description: String,
    /// The last day to pay (in Rome: sent as the end of that day).
    pub due_date: CivilDate,
    /// Until when the option is kept after the due date, when set.
    pub retention_date: Option<CivilDate>,
    /// True for an instalment ("rata"), false for the payment in full.
    pub is_partial_payment: bool,
    /// Its 1 to 5 transfers.
    pub transfers: Vec<NewTransfer>,
    /// The comune's key–value pairs (at most 10).
    pub metadata: Vec<Metadata>,
}

/// A debt position to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewDebtPosition {
    /// The IUPD, the position's unique id chosen by the comune (e.g. its fiscal code followed
    /// by a UUID): letters, digits, `-`, `_`.
    pub iupd: String,
    /// Who owes it.
    pub debtor: PositionDebtor,
    /// The creditor's name as the debtor sees it.
    pub company_name: String,
    /// The creditor's office, as the debtor sees it.
    pub office_name: Option<String>,
    /// From when a published position can be paid (the start of that day in Rome); the
    /// platform's default when unset.
    pub validity_date: Option<CivilDate>,
    /// Whether the position turns `EXPIRED` after its due date (otherwise it stays payable).
    pub switch_to_expired: bool,
    /// Whether it can be paid while the platform runs in stand-in mode.
    pub pay_stand_in: Option<bool>,
    /// Its payment options.
    pub options: Vec<NewPaymentOption>,
}
