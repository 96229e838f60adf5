//! The request body (`PaymentPositionModel`) written from a [`NewDebtPosition`]; read-only
//! fields are never sent.

use serde::Serialize;

use super::request::{DebtorKind, Metadata, NewDebtPosition, Stamp, TransferDestination};
use crate::pagopa::CreditorFiscalCode;
use crate::time::{rome_end_of_day, rome_start_of_day};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PositionBody<'a> {
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
            validity_date: p
                .validity_date
                .map(|d| rome_start_of_day(d).to_rfc3339_seconds()),
            payment_option: p
                .options
                .iter()
                .map(|o| OptionBody {
                    iuv: &o.iuv,
                    amount: o.amount.cents(),
                    description: &o.description,
                    is_partial_payment: o.is_partial_payment,
                    due_date: rome_end_of_day(o.due_date).to_rfc3339_seconds(),
                    retention_date: o
                        .retention_date
                        .map(|d| rome_end_of_day(d).to_rfc3339_seconds()),
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
