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
/// as given (see [`crate::time::rome_day`] for the day in Rome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionOption {
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
