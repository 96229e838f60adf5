//! Paying notices: reading them, verifying them with pagoPA, Checkout, the ledger, receipts.

use serde::Serialize;

use super::Campanile;
use crate::error::Error;
use crate::format;
use crate::pagopa::{self, Notice};

/// What pagoPA says of one notice now (see [`Payments::check`]).
#[derive(Debug, Clone, Serialize)]
pub struct NoticeCheck {
    /// The notice (RptId: creditor's fiscal code and notice number).
    pub rpt_id: String,
}

/// The payments part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Payments<'a> {
    pub(super) core: &'a Campanile,
}

impl Payments<'_> {
    /// Reads a notice from a QR text, a Poste Data Matrix text, an RptId, or a notice number
    /// with its creditor: checked offline (lengths, check digits, amount).
    pub fn parse(&self, text: &str, creditor: Option<&str>) -> Result<Notice, Error> {
        pagopa::parse(text, creditor).map_err(|e| {
            self.core
                .error(&e)
                .in_context(text)
                .with_detail("notice", text)
        })
    }

    /// An amount in euros as the current language writes it.
    pub fn format_amount(&self, cents: u64) -> String {
        format::euros(&self.core.i18n(), i64::try_from(cents).unwrap_or(i64::MAX))
    }
}
