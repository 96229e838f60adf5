//! Verifying a notice of the creditor's own through its debt positions, with the outcomes
//! notice verification (`GET /payment-requests/{rpt_id}`) gives.
//!
//! The codes in the outcomes are the GPD statuses that decided them (`PO_PAID`, `PAID`,
//! `INVALID`, `EXPIRED`, `DRAFT`, …), or `NOT_FOUND` for a notice in no position.

use super::answer::{DebtPosition, PositionOption};
use super::client::GpdClient;
use super::find::FindLimits;
use super::status::{OptionStatus, PositionStatus};
use crate::pagopa::RptId;
use crate::pagopa::platform::types::{NoticeInfo, PlatformError};

/// Verifies notices through the GPD debt positions of their creditor (the subscription key
/// must reach the creditors verified).
#[derive(Clone)]
pub struct GpdVerifier {
    /// The client of the creditors' debt positions.
    pub client: GpdClient,
    /// How far it looks for a notice among the positions.
    pub limits: FindLimits,
    /// The clock a position's validity date is compared with.
    pub clock: std::sync::Arc<dyn crate::host::Clock>,
}

impl std::fmt::Debug for GpdVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpdVerifier")
            .field("client", &self.client)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl GpdVerifier {
    /// A verifier over `client` with the default search limits and the system's clock.
    pub fn new(client: GpdClient) -> GpdVerifier {
        GpdVerifier {
            client,
            limits: FindLimits::default(),
            clock: std::sync::Arc::new(crate::host::SystemClock),
        }
    }

    /// Compares validity dates with `clock` (the host's).
    pub fn with_clock(mut self, clock: std::sync::Arc<dyn crate::host::Clock>) -> GpdVerifier {
        self.clock = clock;
        self
    }

    /// Looks further or less far for a notice.
    pub fn with_limits(mut self, limits: FindLimits) -> GpdVerifier {
        self.limits = limits;
        self
    }

    /// The notice can be paid now, for this amount, or why not — as
    /// [`PaymentRequestsClient::verify`](crate::pagopa::platform::PaymentRequestsClient::verify)
    /// answers: see [`notice_outcome`].
    pub async fn verify(&self, rpt_id: &RptId) -> Result<NoticeInfo, PlatformError> {
        let found = self
            .client
            .find_notice_with(&rpt_id.creditor, &rpt_id.notice_number, self.limits)
            .await?;
        match found {
            Some((position, option)) => notice_outcome(
                rpt_id,
                &position,
                &option,
                crate::time::Instant::now(self.clock.as_ref()),
            ),
            None => Err(PlatformError::UnknownNotice {
                code: "NOT_FOUND".into(),
            }),
        }
    }
}

/// What a position and its option found for `rpt_id` say of the notice:
///
/// - the option paid (`PO_PAID`, `PO_PARTIALLY_REPORTED`, `PO_REPORTED`), or the position paid
///   (`PAID`, `REPORTED`: settled through another option) → [`AlreadyPaid`];
/// - `INVALID` → [`Revoked`]; `EXPIRED` → [`Expired`];
/// - `DRAFT` (not published) and `PUBLISHED` waiting for its validity date (after `now`) →
///   [`UnknownNotice`], as the platform does not know it yet; `PUBLISHED` with its validity
///   date reached (or none) is valid, as GPD treats it when a payment comes;
/// - `PARTIALLY_PAID` for an option that is not an instalment (the payment in full, once some
///   instalments are paid) → [`NoticeDataError`];
/// - `VALID`, or `PARTIALLY_PAID` for an unpaid instalment → the [`NoticeInfo`] (amount,
///   description, due day, payee = the position's company name, payee fiscal code = the
///   creditor);
/// - a status this version does not know, or none, or an amount pagoPA cannot charge →
///   [`Protocol`]: nothing is said of the notice.
///
/// [`AlreadyPaid`]: PlatformError::AlreadyPaid
/// [`Revoked`]: PlatformError::Revoked
/// [`Expired`]: PlatformError::Expired
/// [`UnknownNotice`]: PlatformError::UnknownNotice
/// [`NoticeDataError`]: PlatformError::NoticeDataError
/// [`Protocol`]: PlatformError::Protocol
pub fn notice_outcome(
    rpt_id: &RptId,
    position: &DebtPosition,
    option: &PositionOption,
    now: crate::time::Instant,
) -> Result<NoticeInfo, PlatformError> {
    let iupd = &position.iupd;
    match &option.status {
        Some(s) if s.is_paid() => {
            return Err(PlatformError::AlreadyPaid {
                code: option_code(s).into(),
                receipt: Some(Box::new(paid_details(option))),
            });
        }
        Some(OptionStatus::Unknown(s)) => {
            return Err(PlatformError::Protocol {
                detail: format!("debt position {iupd}: unknown payment option status {s}"),
            });
        }
        _ => {}
    }
    let Some(status) = &position.status else {
        return Err(PlatformError::Protocol {
            detail: format!("the debt position {iupd} was returned without a status"),
        });
    };
    let code = || position_code(status).to_string();
    match status {
        // Settled through another option (the instalments, or the payment in full): this
        // notice itself was not paid, and its receipt is the other option's.
        PositionStatus::Paid | PositionStatus::Reported => {
            return Err(PlatformError::SettledPerCreditor { code: code() });
        }
        PositionStatus::Invalid => return Err(PlatformError::Revoked { code: code() }),
        PositionStatus::Expired => return Err(PlatformError::Expired { code: code() }),
        PositionStatus::Published
            if position
                .validity_date
                .as_deref()
                .is_none_or(|v| crate::time::Instant::parse_rome(v).is_some_and(|v| v <= now)) => {}
        PositionStatus::Draft | PositionStatus::Published => {
            return Err(PlatformError::UnknownNotice { code: code() });
        }
        // The payment in full of a plan some of whose instalments are paid: what the
        // verification route hears as the creditor's PAA_PAGAMENTO_DUPLICATO.
        PositionStatus::PartiallyPaid if option.is_partial_payment != Some(true) => {
            return Err(PlatformError::SettledPerCreditor { code: code() });
        }
        PositionStatus::Unknown(s) => {
            return Err(PlatformError::Protocol {
                detail: format!("debt position {iupd}: unknown status {s}"),
            });
        }
        PositionStatus::Valid | PositionStatus::PartiallyPaid => {}
    }
    let amount = option.amount().ok_or_else(|| PlatformError::Protocol {
        detail: format!(
            "debt position {iupd}: the payment option's amount ({:?} cents) cannot be paid",
            option.amount_cents
        ),
    })?;
    Ok(NoticeInfo {
        rpt_id: *rpt_id,
        amount,
        description: option.description.clone().filter(|d| !d.trim().is_empty()),
        due_date: option.due_day(),
        payee_name: position.company_name.clone(),
        payee_fiscal_code: Some(rpt_id.creditor.to_string()),
    })
}

/// The receipt's data of a paid option, as GPD gives them.
fn paid_details(option: &PositionOption) -> crate::pagopa::platform::PaidDetails {
    crate::pagopa::platform::PaidDetails {
        paid_at: option
            .payment_date
            .as_deref()
            .and_then(crate::time::Instant::parse_rome),
        psp: option.psp_company.clone(),
        receipt_id: option.receipt_id.clone(),
        amount_cents: option.amount_cents.and_then(|c| u64::try_from(c).ok()),
        payment_method: option.payment_method.clone(),
    }
}

/// The specification's name of a position status.
fn position_code(s: &PositionStatus) -> &str {
    match s {
        PositionStatus::Draft => "DRAFT",
        PositionStatus::Published => "PUBLISHED",
        PositionStatus::Valid => "VALID",
        PositionStatus::Invalid => "INVALID",
        PositionStatus::Expired => "EXPIRED",
        PositionStatus::PartiallyPaid => "PARTIALLY_PAID",
        PositionStatus::Paid => "PAID",
        PositionStatus::Reported => "REPORTED",
        PositionStatus::Unknown(s) => s,
    }
}

/// The specification's name of an option status.
fn option_code(s: &OptionStatus) -> &str {
    match s {
        OptionStatus::Unpaid => "PO_UNPAID",
        OptionStatus::Paid => "PO_PAID",
        OptionStatus::PartiallyReported => "PO_PARTIALLY_REPORTED",
        OptionStatus::Reported => "PO_REPORTED",
        OptionStatus::Unknown(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber};

    fn rpt() -> RptId {
        RptId::new(
            CreditorFiscalCode::parse("00085240950").unwrap_or_else(|_| unreachable!()),
            NoticeNumber::compose(AuxDigit::Three, "010000000000001")
                .unwrap_or_else(|_| unreachable!()),
        )
    }

    fn option(status: &str, partial: bool, cents: i64) -> PositionOption {
        PositionOption {
            iuv: Some(rpt().notice_number.iuv().to_string()),
            nav: Some(rpt().notice_number.to_string()),
            organization_fiscal_code: None,
            amount_cents: Some(cents),
            description: Some("Rata".into()),
            is_partial_payment: Some(partial),
            due_date: Some("2030-12-31T22:59:59Z".into()),
            retention_date: None,
            payment_date: None,
            reporting_date: None,
            inserted_date: None,
            last_updated_date: None,
            payment_method: None,
            fee_cents: None,
            notification_fee_cents: None,
            psp_company: None,
            receipt_id: None,
            flow_reporting_id: None,
            status: Some(OptionStatus::parse(status)),
            transfers: vec![],
            metadata: vec![],
        }
    }

    fn position(status: Option<&str>) -> DebtPosition {
        DebtPosition {
            iupd: "p-1".into(),
            organization_fiscal_code: Some("00085240950".into()),
            status: status.map(PositionStatus::parse),
            company_name: Some("Comune di Esempio".into()),
            office_name: None,
            debtor_kind: None,
            debtor_fiscal_code: None,
            debtor_name: None,
            switch_to_expired: None,
            pay_stand_in: None,
            inserted_date: None,
            publish_date: None,
            validity_date: None,
            payment_date: None,
            last_updated_date: None,
            options: vec![],
        }
    }

    fn outcome(pos: Option<&str>, opt: &str, partial: bool, cents: i64) -> String {
        match notice_outcome(
            &rpt(),
            &position(pos),
            &option(opt, partial, cents),
            crate::time::Instant::from_ms(0),
        ) {
            Ok(info) => format!("payable {}", info.amount.cents()),
            Err(PlatformError::AlreadyPaid { code, receipt }) => {
                format!(
                    "paid {code}{}",
                    if receipt.is_some() { " +receipt" } else { "" }
                )
            }
            Err(PlatformError::SettledPerCreditor { code }) => format!("settled {code}"),
            Err(PlatformError::Revoked { code }) => format!("revoked {code}"),
            Err(PlatformError::Expired { code }) => format!("expired {code}"),
            Err(PlatformError::UnknownNotice { code }) => format!("unknown {code}"),
            Err(PlatformError::NoticeDataError { code }) => format!("data {code}"),
            Err(e) if e.is_indeterminate() => "indeterminate".into(),
            Err(e) => format!("other {e}"),
        }
    }

    #[test]
    fn every_status_has_the_outcome_of_verification() {
        for (pos, opt, partial, cents, expected) in [
            (Some("VALID"), "PO_UNPAID", false, 100, "payable 100"),
            (
                Some("VALID"),
                "PO_PAID",
                false,
                100,
                "paid PO_PAID +receipt",
            ),
            (
                Some("PAID"),
                "PO_REPORTED",
                false,
                100,
                "paid PO_REPORTED +receipt",
            ),
            (Some("PAID"), "PO_UNPAID", false, 100, "settled PAID"),
            (
                Some("REPORTED"),
                "PO_UNPAID",
                false,
                100,
                "settled REPORTED",
            ),
            (Some("INVALID"), "PO_UNPAID", false, 100, "revoked INVALID"),
            (Some("EXPIRED"), "PO_UNPAID", false, 100, "expired EXPIRED"),
            (Some("DRAFT"), "PO_UNPAID", false, 100, "unknown DRAFT"),
            // Published with no validity date: valid at once, as GPD has it.
            (Some("PUBLISHED"), "PO_UNPAID", false, 100, "payable 100"),
            (
                Some("PARTIALLY_PAID"),
                "PO_UNPAID",
                true,
                100,
                "payable 100",
            ),
            (
                Some("PARTIALLY_PAID"),
                "PO_PAID",
                true,
                100,
                "paid PO_PAID +receipt",
            ),
            (
                Some("PARTIALLY_PAID"),
                "PO_UNPAID",
                false,
                100,
                "settled PARTIALLY_PAID",
            ),
            (Some("NEW_ONE"), "PO_UNPAID", false, 100, "indeterminate"),
            (Some("VALID"), "PO_NEW_ONE", false, 100, "indeterminate"),
            (None, "PO_UNPAID", false, 100, "indeterminate"),
            (Some("VALID"), "PO_UNPAID", false, 0, "indeterminate"),
            (Some("VALID"), "PO_UNPAID", false, -5, "indeterminate"),
        ] {
            assert_eq!(
                outcome(pos, opt, partial, cents),
                expected,
                "{pos:?} {opt} {partial} {cents}"
            );
        }
    }

    /// A published position waits for its validity date, and is valid from then on.
    #[test]
    fn a_published_position_is_valid_from_its_validity_date() {
        let mut p = position(Some("PUBLISHED"));
        p.validity_date = Some("2026-09-01T00:00:00+02:00".into());
        let o = option("PO_UNPAID", false, 100);
        let at = |t: &str| crate::time::Instant::parse_rfc3339(t).unwrap();
        assert_eq!(
            notice_outcome(&rpt(), &p, &o, at("2026-08-31T21:59:59Z")),
            Err(PlatformError::UnknownNotice {
                code: "PUBLISHED".into()
            })
        );
        assert_eq!(
            notice_outcome(&rpt(), &p, &o, at("2026-08-31T22:00:00Z"))
                .unwrap()
                .amount
                .cents(),
            100
        );
        // Without an offset, the platform's time is Rome's.
        p.validity_date = Some("2026-09-01T00:00:00".into());
        assert!(notice_outcome(&rpt(), &p, &o, at("2026-08-31T21:59:59Z")).is_err());
        assert!(notice_outcome(&rpt(), &p, &o, at("2026-08-31T22:00:01Z")).is_ok());
    }

    #[test]
    fn the_notice_info_is_the_options_and_the_creditors() {
        let info = notice_outcome(
            &rpt(),
            &position(Some("VALID")),
            &option("PO_UNPAID", false, 4_200),
            crate::time::Instant::from_ms(0),
        );
        let Ok(info) = info else {
            unreachable!("{info:?}")
        };
        assert_eq!(info.rpt_id, rpt());
        assert_eq!(info.description.as_deref(), Some("Rata"));
        assert_eq!(
            info.due_date.map(|d| d.to_string()).as_deref(),
            Some("2030-12-31")
        );
        assert_eq!(info.payee_name.as_deref(), Some("Comune di Esempio"));
        assert_eq!(info.payee_fiscal_code.as_deref(), Some("00085240950"));
    }
}
