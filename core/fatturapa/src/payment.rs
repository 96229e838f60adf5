//! Payment terms (`DatiPagamento`): conditions, and each instalment's modality, dates, days,
//! amount and IBAN (whose check digits are verified: a wrong one is a warning).

use chrono::NaiveDate;
use roxmltree::Node;

use crate::amount::Amount;
use crate::error::{Error, ErrorKind, Expected};
use crate::invoice::{Warning, amount, date, days, is_code, optional};
use crate::xml;

/// One payment instalment (`DettaglioPagamento`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PaymentDetail {
    /// `ModalitaPagamento`: MP01 cash, MP05 bank transfer, MP19 SEPA direct debit…
    pub modality: String,
    pub beneficiary: Option<String>,
    /// `DataRiferimentoTerminiPagamento`: the date the terms run from.
    pub terms_from: Option<NaiveDate>,
    /// `GiorniTerminiPagamento`: the term in days.
    pub term_days: Option<u32>,
    /// `DataScadenzaPagamento`: the due date the supplier states.
    pub due_date: Option<NaiveDate>,
    /// `ImportoPagamento`.
    pub amount: Amount,
    /// `IBAN`, without spaces, upper case.
    pub iban: Option<String>,
}

/// Payment terms (`DatiPagamento`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PaymentTerms {
    /// `CondizioniPagamento`: TP01 instalments, TP02 in full, TP03 advance.
    pub conditions: String,
    pub details: Vec<PaymentDetail>,
}

/// `DatiPagamento`.
pub(crate) fn terms(
    node: Node<'_, '_>,
    warnings: &mut Vec<Warning>,
) -> Result<PaymentTerms, Error> {
    let cond_node = xml::required(node, "CondizioniPagamento")?;
    let conditions = xml::text(cond_node);
    if !is_code(&conditions, "TP", 2) {
        return Err(xml::invalid(
            cond_node,
            "CondizioniPagamento",
            conditions,
            Expected::Code("TP and two digits (TP01, TP02, TP03)"),
        ));
    }
    let mut details = Vec::new();
    for d in xml::children(node, "DettaglioPagamento") {
        details.push(detail(d, warnings)?);
    }
    if details.is_empty() {
        return Err(Error::at(
            ErrorKind::Missing {
                element: "DettaglioPagamento",
            },
            xml::location(node),
        ));
    }
    Ok(PaymentTerms {
        conditions,
        details,
    })
}

/// `DettaglioPagamento`.
fn detail(node: Node<'_, '_>, warnings: &mut Vec<Warning>) -> Result<PaymentDetail, Error> {
    let mod_node = xml::required(node, "ModalitaPagamento")?;
    let modality = xml::text(mod_node);
    if !is_code(&modality, "MP", 2) {
        return Err(xml::invalid(
            mod_node,
            "ModalitaPagamento",
            modality,
            Expected::Code("MP and two digits (MP05, MP19…)"),
        ));
    }
    let terms_from = optional(node, "DataRiferimentoTerminiPagamento", date)?;
    let term_days = optional(node, "GiorniTerminiPagamento", days)?;
    let due_date = optional(node, "DataScadenzaPagamento", date)?;
    let amount = amount(xml::required(node, "ImportoPagamento")?, "ImportoPagamento")?;
    let iban = match xml::child(node, "IBAN") {
        Some(n) => {
            let value: String = xml::text(n)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            if !value.is_empty() && value.parse::<iban::Iban>().is_err() {
                warnings.push(Warning::Iban {
                    value: value.clone(),
                    at: xml::location(n),
                });
            }
            Some(value).filter(|v| !v.is_empty())
        }
        None => None,
    };
    Ok(PaymentDetail {
        modality,
        beneficiary: xml::optional_text(node, "Beneficiario"),
        terms_from,
        term_days,
        due_date,
        amount,
        iban,
    })
}
