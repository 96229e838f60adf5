//! Payments: read a notice (typed text, QR or Data Matrix text, a camera frame's bytes),
//! verify it, start Checkout, settle, the attempts and the receipts. Signed in to a hub, the
//! core pays through it (the hub holds the creditor's keys); otherwise with the device's keys.

use std::sync::Arc;

use campanile_core::Campanile;
use campanile_core::pagopa::RptId;
use campanile_core::pagopa::ledger::{
    Attempt as CoreAttempt, NoticeStatus as CoreStatus, PaymentOutcome as CoreOutcome,
    PaymentReceipt, ReturnHint,
};
use campanile_core::pagopa::platform::ReturnUrls;
use campanile_core::pagopa::scan::ScanOptions;

use crate::core::Core;
use crate::error::{CampanileError, Result};
use crate::views::{count, json, tag};
use crate::work::{CancelToken, ProgressListener, callback};

/// A notice read and checked offline.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Notice {
    /// The 29-digit RptId (creditor and notice number): what the other calls take.
    pub rpt_id: String,
    /// The creditor's fiscal code.
    pub creditor: String,
    /// The notice number.
    pub notice_number: String,
    /// The printed amount in cents (none when typed by hand).
    pub amount_cents: Option<u64>,
    /// The amount as the language writes it.
    pub amount_text: Option<String>,
    /// Where it was read from (`qr`, `data-matrix`, `typed`, …).
    pub source: String,
}

/// A code found in a photo: a notice, or why its text is not one.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScannedCode {
    /// The code's text.
    pub text: String,
    /// The notice it holds, when valid.
    pub notice: Option<Notice>,
    /// Why it is not a valid notice.
    pub error: Option<String>,
}

/// A payment attempt.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Attempt {
    /// Its id.
    pub id: i64,
    /// Its state (`verified`, `checkout-started`, `paid`, `unknown`, …).
    pub state: String,
    /// Its notices' RptIds.
    pub notices: Vec<String>,
    /// The total the platform said, in cents, when it said it for every notice.
    pub amount_cents: Option<u64>,
    /// Where the payer pays, once Checkout gave it.
    pub checkout_url: Option<String>,
    /// Every field, as JSON.
    pub json: String,
}

/// A started payment: open `checkout_url` in the system browser.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Started {
    /// The attempt, now `checkout-started`.
    pub attempt: Attempt,
    /// Where the payer pays.
    pub checkout_url: String,
}

/// What is known of a notice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticeStatus {
    /// `paid`, `in-progress`, `not-paid`, `unseen`, `payable` or `not-payable`: only `paid`
    /// says paid.
    pub status: String,
    /// Every field, as JSON.
    pub json: String,
}

/// What a payment came to, as the payer is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PaymentOutcome {
    /// pagoPA says paid.
    Paid,
    /// The attempt ended without a payment and pagoPA says the notice is still unpaid.
    NotPaid,
    /// Not known: ask again; never shown as paid.
    Unknown,
}

/// What the payer is shown once back from Checkout, or after asking again.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Settlement {
    /// Paid, not paid, or unknown.
    pub outcome: PaymentOutcome,
    /// The outcome in words, in the handle's language.
    pub text: String,
    /// Offer "ask again": only when the outcome is unknown.
    pub can_ask_again: bool,
    /// The attempt as the ledger has it now.
    pub attempt: Option<Attempt>,
    /// What pagoPA said of the notice (`paid`, `not-paid`, …), when it answered.
    pub status: Option<String>,
}

/// A paid notice, kept offline.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Receipt {
    /// The notice paid.
    pub rpt_id: String,
    /// The amount paid, in cents, when known.
    pub amount_cents: Option<u64>,
    /// The amount as the language writes it.
    pub amount_text: Option<String>,
    /// The payment's description.
    pub description: Option<String>,
    /// The creditor's name.
    pub payee_name: Option<String>,
    /// The platform's evidence code (`PO_PAID`, …).
    pub evidence: String,
    /// Every field, as JSON.
    pub json: String,
}

/// The payments part of the handle.
#[derive(Debug, uniffi::Object)]
pub struct Payments {
    core: Campanile,
}

#[uniffi::export]
impl Core {
    /// Paying notices.
    pub fn payments(&self) -> Arc<Payments> {
        Arc::new(Payments {
            core: self.inner.clone(),
        })
    }
}

impl Payments {
    fn notice(&self, n: &campanile_core::pagopa::Notice) -> Notice {
        let cents = n.amount.map(|a| a.cents());
        Notice {
            rpt_id: n.rpt_id.to_string(),
            creditor: n.rpt_id.creditor.to_string(),
            notice_number: n.rpt_id.notice_number.to_string(),
            amount_cents: cents,
            amount_text: cents.map(|c| self.core.payments().format_amount(c)),
            source: tag(&n.source),
        }
    }

    fn rpt_ids(&self, rpt_ids: &[String]) -> Result<Vec<RptId>> {
        Ok(self.core.payments().notices(rpt_ids, None)?)
    }

    fn receipt(&self, r: &PaymentReceipt) -> Receipt {
        let cents = r.amount.map(|a| a.cents());
        Receipt {
            rpt_id: r.rpt_id.to_string(),
            amount_cents: cents,
            amount_text: cents.map(|c| self.core.payments().format_amount(c)),
            description: r.description.clone(),
            payee_name: r.payee_name.clone(),
            evidence: r.evidence.code.clone(),
            json: json(r),
        }
    }
}

fn attempt(a: &CoreAttempt) -> Attempt {
    let amounts: Option<Vec<u64>> = a
        .notices
        .iter()
        .map(|n| n.amount.map(|x| x.cents()))
        .collect();
    Attempt {
        id: a.id.0,
        state: tag(&a.state),
        notices: a.notices.iter().map(|n| n.rpt_id.to_string()).collect(),
        amount_cents: amounts.map(|v| v.iter().sum()),
        checkout_url: a.checkout_url.as_ref().map(ToString::to_string),
        json: json(a),
    }
}

fn status(s: &CoreStatus) -> NoticeStatus {
    let status = match serde_json::to_value(s) {
        Ok(v) => v
            .get("status")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string(),
        Err(_) => String::new(),
    };
    NoticeStatus {
        status,
        json: json(s),
    }
}

fn return_url(text: &str) -> Result<url::Url> {
    url::Url::parse(text)
        .map_err(|e| CampanileError::bad_input("pay.bad-return-url", format!("{text}: {e}")))
}

fn return_urls(ok: &str, cancel: &str, error: &str) -> Result<ReturnUrls> {
    Ok(ReturnUrls {
        ok: return_url(ok)?,
        cancel: return_url(cancel)?,
        error: return_url(error)?,
    })
}

fn outcome(o: CoreOutcome) -> PaymentOutcome {
    match o {
        CoreOutcome::Paid => PaymentOutcome::Paid,
        CoreOutcome::NotPaid => PaymentOutcome::NotPaid,
        CoreOutcome::Unknown => PaymentOutcome::Unknown,
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Payments {
    /// Reads a notice from a QR text, a Poste Data Matrix text, an RptId, or a notice number
    /// with its creditor: checked offline (lengths, check digits, amount).
    pub fn parse(&self, text: String, creditor: Option<String>) -> Result<Notice> {
        let n = self.core.payments().parse(&text, creditor.as_deref())?;
        Ok(self.notice(&n))
    }

    /// Finds and reads the notices in a camera frame or a photo (PNG or JPEG bytes). Cancel
    /// the call or trip `cancel` to stop (error `work.cancelled`).
    pub async fn scan_photo(
        &self,
        image: Vec<u8>,
        listener: Option<Arc<dyn ProgressListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<Vec<ScannedCode>> {
        let cancel = cancel.map(|c| c.inner.clone()).unwrap_or_default();
        let progress = callback(&self.core, listener);
        let result = self
            .core
            .payments()
            .scan_photo_with(image, ScanOptions::default(), &cancel, &progress)
            .await?;
        let i18n = self.core.i18n();
        Ok(result
            .found
            .iter()
            .map(|f| ScannedCode {
                text: f.text.clone(),
                notice: f.notice.as_ref().map(|n| self.notice(n)),
                error: f.error.as_ref().map(|e| i18n.localize(e)),
            })
            .collect())
    }

    /// Asks pagoPA (or the hub) for the notices' amount, description and payee: a
    /// `verified` attempt.
    pub async fn verify(&self, rpt_ids: Vec<String>) -> Result<Attempt> {
        let notices = self.rpt_ids(&rpt_ids)?;
        Ok(attempt(&self.core.payments().verify(&notices).await?))
    }

    /// Verifies the notices and hands them to Checkout as one cart; Checkout sends the payer
    /// back to one of the return URLs.
    pub async fn start(
        &self,
        rpt_ids: Vec<String>,
        ok_url: String,
        cancel_url: String,
        error_url: String,
        email: Option<String>,
    ) -> Result<Started> {
        let notices = self.rpt_ids(&rpt_ids)?;
        let urls = return_urls(&ok_url, &cancel_url, &error_url)?;
        let s = self.core.payments().start(notices, urls, email).await?;
        Ok(Started {
            attempt: attempt(&s.attempt),
            checkout_url: s.checkout_url.to_string(),
        })
    }

    /// What pagoPA says of a notice now, without opening an attempt.
    pub async fn check(&self, rpt_id: String) -> Result<NoticeStatus> {
        let notice = self.rpt_ids(&[rpt_id])?;
        let Some(n) = notice.first() else {
            return Err(CampanileError::internal("ffi.no-notice", "no notice"));
        };
        Ok(status(&self.core.payments().check(n).await?))
    }

    /// What this device knows of a notice, offline.
    pub fn status(&self, rpt_id: String) -> Result<NoticeStatus> {
        let notice = self.rpt_ids(&[rpt_id])?;
        let Some(n) = notice.first() else {
            return Err(CampanileError::internal("ffi.no-notice", "no notice"));
        };
        Ok(status(&self.core.payments().status(n)?))
    }

    /// The shell saw the payer come back through a return URL (`ok`, `cancel`, `error`):
    /// recorded as a hint, then the attempt is settled with pagoPA.
    pub async fn record_return(&self, attempt_id: i64, hint: String) -> Result<Attempt> {
        let hint = match hint.as_str() {
            "ok" => ReturnHint::Ok,
            "cancel" => ReturnHint::Cancel,
            "error" => ReturnHint::Error,
            other => {
                return Err(CampanileError::bad_input(
                    "pay.bad-return",
                    format!("{other}: ok, cancel or error"),
                ));
            }
        };
        let a = self.core.payments().record_return(attempt_id, hint).await?;
        Ok(attempt(&a))
    }

    /// The payer came back from Checkout (`returned_url`: the address that opened the app;
    /// none when they came back without one), or asks again: the return is recorded as a hint,
    /// pagoPA is asked about the notice, and the core says what to show. Paid only on
    /// pagoPA's word; any doubt is `Unknown` with "ask again".
    pub async fn settle(
        &self,
        rpt_id: String,
        attempt_id: Option<i64>,
        returned_url: Option<String>,
        ok_url: String,
        cancel_url: String,
        error_url: String,
    ) -> Result<Settlement> {
        let notice = self.rpt_ids(&[rpt_id])?;
        let Some(n) = notice.first() else {
            return Err(CampanileError::internal("ffi.no-notice", "no notice"));
        };
        let urls = return_urls(&ok_url, &cancel_url, &error_url)?;
        let s = self
            .core
            .payments()
            .settle(n, attempt_id, returned_url.as_deref(), &urls)
            .await;
        Ok(Settlement {
            outcome: outcome(s.outcome),
            text: s.text,
            can_ask_again: s.can_ask_again,
            attempt: s.attempt.as_ref().map(attempt),
            status: s.status.as_ref().map(|st| status(st).status),
        })
    }

    /// Which return address `url` is (`ok`, `cancel`, `error`): none when the app was opened
    /// by another link.
    pub fn return_hint(
        &self,
        url: String,
        ok_url: String,
        cancel_url: String,
        error_url: String,
    ) -> Result<Option<String>> {
        let urls = return_urls(&ok_url, &cancel_url, &error_url)?;
        Ok(self
            .core
            .payments()
            .return_hint(&url, &urls)
            .map(|h| h.code().to_string()))
    }

    /// Settles every open attempt with pagoPA (at start, after a return): JSON of what
    /// changed.
    pub async fn reconcile(&self) -> Result<String> {
        Ok(json(&self.core.payments().reconcile().await?))
    }

    /// The open attempts settled with pagoPA, then the newest `limit` attempts (the ledger).
    pub async fn attempts(&self, limit: u32) -> Result<Vec<Attempt>> {
        let list = self.core.payments().attempts(count(limit)).await?;
        Ok(list.iter().map(attempt).collect())
    }

    /// The newest `limit` attempts as this device has them, offline.
    pub fn attempts_offline(&self, limit: u32) -> Result<Vec<Attempt>> {
        let list = self.core.payments().attempts_offline(count(limit))?;
        Ok(list.iter().map(attempt).collect())
    }

    /// The receipts kept on this device, newest first.
    pub fn receipts(&self) -> Result<Vec<Receipt>> {
        let list = self.core.payments().receipts()?;
        Ok(list.iter().map(|r| self.receipt(r)).collect())
    }

    /// A receipt as a PDF.
    pub fn receipt_pdf(&self, rpt_id: String) -> Result<Vec<u8>> {
        let notice = self.rpt_ids(&[rpt_id])?;
        let Some(n) = notice.first() else {
            return Err(CampanileError::internal("ffi.no-notice", "no notice"));
        };
        let payments = self.core.payments();
        let r = payments.receipt(n)?;
        Ok(payments.receipt_pdf(&r))
    }

    /// An amount in cents as the language writes it.
    pub fn format_amount(&self, cents: u64) -> String {
        self.core.payments().format_amount(cents)
    }
}
