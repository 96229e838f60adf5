//! What is read back: a debt position, its payment options and transfers as the platform
//! returns them, and the receipt of a paid option.

use serde::Serialize;

use super::request::{DebtorKind, Metadata, Stamp};
use super::status::{OptionStatus, PositionStatus};
use crate::pagopa::Amount;
use crate::time::{CivilDate, rome_day};

/// A transfer as the platform returns it. Amounts are as given (the specification bounds
/// them only in requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    /// The transfer's id within the option (1 to 5), as given.
    pub id: Option<String>,
    /// Its amount in euro cents.
    pub amount_cents: Option<i64>,
    /// The organization that receives it.
    pub organization_fiscal_code: Option<String>,
    /// That organization's name.
    pub company_name: Option<String>,
    /// The reason of the payment ("causale").
    pub remittance_information: Option<String>,
    /// The pagoPA taxonomy code of the revenue.
    pub category: Option<String>,
    /// The IBAN credited.
    pub iban: Option<String>,
    /// The postal IBAN credited, when the creditor has one.
    pub postal_iban: Option<String>,
    /// The revenue stamp paid as this transfer, if it is one.
    pub stamp: Option<Stamp>,
    /// `T_UNREPORTED` or `T_REPORTED`, as given.
    pub status: Option<String>,
    /// The comune's key–value pairs.
    pub metadata: Vec<Metadata>,
}

/// A payment option as the platform returns it. Instants are the platform's RFC 3339 texts,
/// as given (see [`crate::time::rome_day`] for the day in Rome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionOption {
    /// The IUV.
    pub iuv: Option<String>,
    /// The notice number ("numero avviso"): the aux digit followed by the IUV.
    pub nav: Option<String>,
    /// The creditor's fiscal code.
    pub organization_fiscal_code: Option<String>,
    /// The option's amount in euro cents.
    pub amount_cents: Option<i64>,
    /// Its description.
    pub description: Option<String>,
    /// True for an instalment ("rata"), false for the payment in full.
    pub is_partial_payment: Option<bool>,
    /// The last moment to pay.
    pub due_date: Option<String>,
    /// Until when the option is kept after the due date.
    pub retention_date: Option<String>,
    /// When it was paid.
    pub payment_date: Option<String>,
    /// When the payment was reported to the creditor (the reporting flow's date).
    pub reporting_date: Option<String>,
    /// When the option was created.
    pub inserted_date: Option<String>,
    /// When it was last changed.
    pub last_updated_date: Option<String>,
    /// How it was paid (the payment method's code, as given).
    pub payment_method: Option<String>,
    /// The fee the payer paid to the PSP, in euro cents.
    pub fee_cents: Option<i64>,
    /// The SEND notification fee, in euro cents.
    pub notification_fee_cents: Option<i64>,
    /// The payment service provider that took the payment.
    pub psp_company: Option<String>,
    /// The payment receipt's id.
    pub receipt_id: Option<String>,
    /// The id of the reporting flow that reported the payment.
    pub flow_reporting_id: Option<String>,
    /// `None` when the answer does not say (create, publish and invalidate answers): never
    /// paid then.
    pub status: Option<OptionStatus>,
    /// Its transfers.
    pub transfers: Vec<Transfer>,
    /// The comune's key–value pairs.
    pub metadata: Vec<Metadata>,
}

impl PositionOption {
    /// The amount, when it is one pagoPA can charge.
    pub fn amount(&self) -> Option<Amount> {
        self.amount_cents
            .and_then(|c| u64::try_from(c).ok())
            .and_then(|c| Amount::from_cents(c).ok())
    }

    /// The due day in Rome.
    pub fn due_day(&self) -> Option<CivilDate> {
        self.due_date.as_deref().and_then(rome_day)
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
    pub fn receipt(&self, organization_fiscal_code: &str, iupd: &str) -> Option<PositionReceipt> {
        let status = self.status.clone().filter(OptionStatus::is_paid)?;
        Some(PositionReceipt {
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
    /// The creditor's fiscal code.
    pub organization_fiscal_code: Option<String>,
    /// `None` when the answer does not say.
    pub status: Option<PositionStatus>,
    /// The creditor's name as the debtor sees it.
    pub company_name: Option<String>,
    /// The creditor's office.
    pub office_name: Option<String>,
    /// Whether the debtor is a person or a legal entity.
    pub debtor_kind: Option<DebtorKind>,
    /// The debtor's fiscal code (or VAT number).
    pub debtor_fiscal_code: Option<String>,
    /// The debtor's name.
    pub debtor_name: Option<String>,
    /// Whether the position turns `EXPIRED` after its due date.
    pub switch_to_expired: Option<bool>,
    /// Whether it can be paid while the platform runs in stand-in mode.
    pub pay_stand_in: Option<bool>,
    /// When it was created.
    pub inserted_date: Option<String>,
    /// When it was published.
    pub publish_date: Option<String>,
    /// From when it can be paid.
    pub validity_date: Option<String>,
    /// When it was paid.
    pub payment_date: Option<String>,
    /// When it was last changed.
    pub last_updated_date: Option<String>,
    /// Its payment options.
    pub options: Vec<PositionOption>,
}

impl DebtPosition {
    /// The receipts of its paid options.
    pub fn receipts(&self) -> Vec<PositionReceipt> {
        let org = self.organization_fiscal_code.as_deref().unwrap_or_default();
        self.options
            .iter()
            .filter_map(|o| o.receipt(org, &self.iupd))
            .collect()
    }
}

/// What the platform says of a paid option: the evidence that it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionReceipt {
    /// The creditor's fiscal code.
    pub organization_fiscal_code: String,
    /// The IUPD of the position.
    pub iupd: String,
    /// The IUV of the option paid.
    pub iuv: Option<String>,
    /// The notice number of the option paid.
    pub nav: Option<String>,
    /// The amount paid, in euro cents.
    pub amount_cents: Option<i64>,
    /// The option's description.
    pub description: Option<String>,
    /// When it was paid (RFC 3339, as given).
    pub payment_date: Option<String>,
    /// The payment service provider that took the payment.
    pub psp_company: Option<String>,
    /// The receipt's id.
    pub receipt_id: Option<String>,
    /// How it was paid (the payment method's code, as given).
    pub payment_method: Option<String>,
    /// The fee the payer paid to the PSP, in euro cents.
    pub fee_cents: Option<i64>,
    /// When the payment was reported to the creditor.
    pub reporting_date: Option<String>,
    /// The id of the reporting flow that reported the payment.
    pub flow_reporting_id: Option<String>,
    /// Always a paid status.
    pub status: OptionStatus,
}
