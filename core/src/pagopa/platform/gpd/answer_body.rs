//! The answer bodies read into a [`DebtPosition`].

use serde::Deserialize;

use super::answer::{DebtPosition, PositionOption, Transfer};
use super::request::{DebtorKind, Metadata, Stamp};
use super::status::{OptionStatus, PositionStatus};

// The answer bodies: `PaymentPositionModel` and `PaymentPositionModelBaseResponse` in one,
// every field optional.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PositionAnswer {
    /// Given in list answers (`PaymentPositionModelBaseResponse`).
    iupd: Option<String>,
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
    /// The IUPD the answer gives, if any.
    pub(super) fn iupd(&self) -> Option<&str> {
        self.iupd.as_deref().filter(|s| !s.trim().is_empty())
    }

    pub(super) fn into_position(self, iupd: &str) -> DebtPosition {
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
                .map(|o| PositionOption {
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
