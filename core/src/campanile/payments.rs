//! Paying notices: reading them, verifying them with pagoPA, Checkout, the ledger, receipts.
//!
//! The rules every front gets from here:
//! - **Wiring.** Notice verification (payment-requests) needs its address from the
//!   configuration; Checkout and GPD default to the environment's. The aggregation's own comuni
//!   are verified through their debt positions (GPD, key `pagopa-gpd-key`, asked for only when
//!   there are own comuni), the others through payment-requests (key
//!   `pagopa-payment-requests-key`); carts go to Checkout (key `pagopa-checkout-key`). Keys
//!   come from the host's secret store only.
//! - **Settle first.** Every call that talks to the platform reconciles the open attempts
//!   first, so a payment interrupted by a crash or a lost connection is settled before anything
//!   else is shown or started.
//! - **Looking is not paying.** [`Payments::check`] asks pagoPA about a notice without opening
//!   an attempt (a notice paid elsewhere shows paid, with the platform's evidence kept).
//! - **One ledger per handle**, shared by every caller, so two operations on one notice from
//!   two threads are told apart (one is refused busy) and reads never wait for a platform call.
//! - **Through the hub when signed in to one.** A device signed in to the aggregation's hub
//!   (`Campanile::hub`) pays through it: the hub holds the creditor's keys and answers for
//!   pagoPA ([`HubPlatform`]); the ledger on the device is the same. Otherwise the device uses
//!   the keys in its own secret store (a counter's desktop, the CLI).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::positions::clamp_timeout;
use super::{Campanile, Labelled};
use crate::error::{Error, ErrorClass};
use crate::format;
use crate::pagopa::ledger::{
    Attempt, AttemptId, HubPlatform, Ledger, LedgerError, NoticeStatus, OwnComuniPlatform,
    PagoPaPlatform, PaymentOutcome, PaymentReceipt, Platform, ReconcileReport, ReturnHint,
    StartRequest, Started,
};
use crate::pagopa::platform::{
    CheckoutCart, GpdClient, GpdVerifier, NoticeInfo, PlatformConfig, PlatformError, ReturnUrls,
};
use crate::pagopa::scan::{self, PhotoScanError, ScanOptions, ScanResult};
use crate::pagopa::{self, Notice, RptId};
use crate::secrets::SecretName;
use crate::work::{self, Cancel, Progress, WorkStep};

/// The ledger over the real platform, as the handle keeps it.
pub(super) type PaymentLedger = Ledger<HandlePlatform>;

/// Where the handle's payments go: straight to pagoPA with the device's keys, or through the
/// aggregation's hub.
#[derive(Debug)]
pub(super) enum HandlePlatform {
    /// pagoPA, the aggregation's own comuni through GPD.
    Direct(Box<OwnComuniPlatform>),
    /// The hub, which holds the keys.
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    Hub(HubPlatform),
}

impl Platform for HandlePlatform {
    async fn verify(&self, rpt_id: &RptId) -> Result<NoticeInfo, PlatformError> {
        match self {
            HandlePlatform::Direct(p) => p.verify(rpt_id).await,
            HandlePlatform::Hub(p) => p.verify(rpt_id).await,
        }
    }

    async fn start_cart(&self, cart: &CheckoutCart) -> Result<Url, PlatformError> {
        match self {
            HandlePlatform::Direct(p) => p.start_cart(cart).await,
            HandlePlatform::Hub(p) => p.start_cart(cart).await,
        }
    }

    fn sees_payments_under_way(&self, rpt_id: &RptId) -> bool {
        match self {
            HandlePlatform::Direct(p) => p.sees_payments_under_way(rpt_id),
            HandlePlatform::Hub(p) => p.sees_payments_under_way(rpt_id),
        }
    }
}

/// The slot where the handle keeps its ledger once built.
#[derive(Default)]
pub(super) struct LedgerSlot(Mutex<Option<Arc<PaymentLedger>>>);

impl std::fmt::Debug for LedgerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LedgerSlot")
    }
}

/// A platform for reading the ledger only: every call fails without a request.
struct Offline;

impl Platform for Offline {
    async fn verify(&self, _: &RptId) -> Result<NoticeInfo, PlatformError> {
        Err(PlatformError::Transport {
            detail: "offline".into(),
        })
    }
    async fn start_cart(&self, _: &CheckoutCart) -> Result<Url, PlatformError> {
        Err(PlatformError::Transport {
            detail: "offline".into(),
        })
    }
}

/// What the payer is shown after coming back from Checkout, or after asking again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settlement {
    /// Paid, not paid, or unknown (ask again).
    pub outcome: PaymentOutcome,
    /// The outcome in words, in the handle's language.
    pub text: String,
    /// "Ask again" is offered: only when the outcome is unknown.
    pub can_ask_again: bool,
    /// The attempt as the ledger has it now, when there is one and it could be read.
    pub attempt: Option<Attempt>,
    /// What pagoPA said of the notice, when it answered.
    pub status: Option<NoticeStatus>,
}

/// Where Checkout sends the payer back on a desktop or the command line: a one-shot listener on
/// a loopback port of this machine (the app's own address scheme is for phones). Give
/// [`BrowserReturn::urls`] to [`Payments::start`], open the Checkout page in the system
/// browser, then [`BrowserReturn::wait`] for the payer and [`Payments::settle`].
#[derive(Debug)]
pub struct BrowserReturn {
    loopback: crate::loopback::Loopback,
    urls: ReturnUrls,
    page: String,
}

impl BrowserReturn {
    /// The return addresses, on the listener.
    pub fn urls(&self) -> &ReturnUrls {
        &self.urls
    }

    /// Waits up to `timeout` for the payer to come back through one of the addresses; the
    /// browser is shown a page saying to go back to the app. The address it came back to;
    /// none when the time ran out (settle anyway: the outcome is pagoPA's to say).
    pub async fn wait(self, timeout: Duration) -> Option<String> {
        let paths = [RETURN_OK_PATH, RETURN_CANCEL_PATH, RETURN_ERROR_PATH];
        let page = self.page;
        self.loopback
            .wait(&paths, timeout, |_| page.clone())
            .await
            .map(|a| a.url)
    }
}

const RETURN_OK_PATH: &str = "/pay/ok";
const RETURN_CANCEL_PATH: &str = "/pay/cancel";
const RETURN_ERROR_PATH: &str = "/pay/error";

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

    /// Finds and reads the notices in a photo or a scan (PNG, JPEG bytes: a camera frame, a
    /// file): decoded off the async executor. A photo with nothing readable is not an error
    /// here: the result says what was found and why each text is not a valid notice.
    pub async fn scan_photo(
        &self,
        bytes: Vec<u8>,
        options: ScanOptions,
    ) -> Result<ScanResult, Error> {
        self.scan_photo_with(bytes, options, &Cancel::new(), &|_| {})
            .await
    }

    /// [`Payments::scan_photo`], reporting progress (step `scanning`: the decoding, then each
    /// pass of the code readers) and stopping at the next pass once `cancel` trips (error
    /// `work.cancelled`).
    pub async fn scan_photo_with(
        &self,
        bytes: Vec<u8>,
        options: ScanOptions,
        cancel: &Cancel,
        progress: &(dyn Fn(&Progress) + Send + Sync),
    ) -> Result<ScanResult, Error> {
        let cancel = cancel.clone();
        let scanned = self
            .core
            .blocking_with_progress(progress, move |_, progress| {
                let gray = scan::load_gray(&bytes).map_err(ScanStop::Scan)?;
                let total = 1 + scan::planned_passes(gray.width(), gray.height(), &options);
                work::report(progress, &cancel, WorkStep::Scanning, 1, total)
                    .map_err(ScanStop::Cancelled)?;
                scan::scan_gray_with(&gray, &options, &mut |done, _| {
                    work::report(progress, &cancel, WorkStep::Scanning, 1 + done, total)
                })
                .map_err(|(cancelled, _)| ScanStop::Cancelled(cancelled))
            })
            .await?;
        scanned.map_err(|stop| match stop {
            ScanStop::Scan(e) => self.core.error(&e),
            ScanStop::Cancelled(c) => self.core.error(&c),
        })
    }

    /// After a scan: a photo (called `name` in messages) in which no valid notice was read is
    /// bad input, saying whether nothing was found or only invalid codes, each code's text in
    /// the details. A front shows what was found first, then this.
    pub fn require_notice(&self, result: &ScanResult, name: &str) -> Result<(), Error> {
        if result.notices().count() > 0 {
            return Ok(());
        }
        let id = if result.found.is_empty() {
            "pay-scan-nothing"
        } else {
            "pay-scan-none-valid"
        };
        let mut err = self
            .core
            .fail(
                ErrorClass::BadInput,
                "pay.no-notice-in-photo",
                id,
                &[("path", name.into())],
            )
            .with_detail("file", name);
        for (i, f) in result.found.iter().enumerate() {
            err = err.with_detail(format!("found-{}", i + 1), &f.text);
        }
        Err(err)
    }

    /// Reads 1–5 notices to pay together; an error names the text that is wrong.
    pub fn notices(&self, texts: &[String], creditor: Option<&str>) -> Result<Vec<RptId>, Error> {
        self.notices_with(texts, creditor, pagopa::Checks::Strict)
    }

    /// [`Payments::notices`], leaving wrong check digits to pagoPA with
    /// [`Checks::SkipCheckDigits`](pagopa::Checks::SkipCheckDigits): pagoPA leaves checking
    /// them optional and notices with wrong ones circulate, so a payer may ask pagoPA anyway
    /// ("verify with pagoPA anyway"); pagoPA then says whether the notice exists.
    pub fn notices_with(
        &self,
        texts: &[String],
        creditor: Option<&str>,
        checks: pagopa::Checks,
    ) -> Result<Vec<RptId>, Error> {
        texts
            .iter()
            .map(|t| {
                pagopa::parse_with(t, creditor, checks)
                    .map(|n| n.rpt_id)
                    .map_err(|e| {
                        self.core
                            .error(&e)
                            .in_context(t)
                            .with_detail("notice", t.as_str())
                    })
            })
            .collect()
    }

    /// Asks pagoPA for the notices' amount, description, due date and payee (a `verified`
    /// attempt, ready for Checkout).
    pub async fn verify(&self, notices: &[RptId]) -> Result<Attempt, Error> {
        let ledger = self.ledger()?;
        self.settle_open(&ledger).await?;
        ledger
            .verify(notices)
            .await
            .map_err(|e| self.ledger_error(&e))
    }

    /// Verifies the notices and hands them to Checkout as one cart: the attempt and the URL
    /// the payer opens in the system browser.
    pub async fn start(
        &self,
        notices: Vec<RptId>,
        return_urls: ReturnUrls,
        email: Option<String>,
    ) -> Result<Started, Error> {
        let ledger = self.ledger()?;
        self.settle_open(&ledger).await?;
        let request = StartRequest {
            notices,
            return_urls,
            email,
        };
        ledger
            .start(&request)
            .await
            .map_err(|e| self.ledger_error(&e))
    }

    /// What pagoPA says of a notice now, without opening an attempt: paid (with the receipt
    /// kept), payable (for how much), not payable, or in progress.
    pub async fn check(&self, notice: &RptId) -> Result<NoticeStatus, Error> {
        let ledger = self.ledger()?;
        self.settle_open(&ledger).await?;
        ledger
            .check(notice)
            .await
            .map_err(|e| self.ledger_error(&e))
    }

    /// What this device knows of a notice, without asking anyone.
    pub fn status(&self, notice: &RptId) -> Result<NoticeStatus, Error> {
        self.offline()
            .status(notice)
            .map_err(|e| self.ledger_error(&e))
    }

    /// The open attempts settled with pagoPA, then the newest `limit` attempts.
    pub async fn attempts(&self, limit: usize) -> Result<Vec<Attempt>, Error> {
        let ledger = self.ledger()?;
        self.settle_open(&ledger).await?;
        ledger
            .attempts(false, limit)
            .map_err(|e| self.ledger_error(&e))
    }

    /// The newest `limit` attempts as this device has them, without asking anyone.
    pub fn attempts_offline(&self, limit: usize) -> Result<Vec<Attempt>, Error> {
        self.offline()
            .attempts(false, limit)
            .map_err(|e| self.ledger_error(&e))
    }

    /// The receipts kept on this device: notices pagoPA confirmed as paid, newest first.
    pub fn receipts(&self) -> Result<Vec<PaymentReceipt>, Error> {
        self.offline().receipts().map_err(|e| self.ledger_error(&e))
    }

    /// The receipt kept for `notice`; not found when pagoPA has not said it is paid.
    pub fn receipt(&self, notice: &RptId) -> Result<PaymentReceipt, Error> {
        self.offline()
            .receipt(notice)
            .map_err(|e| self.ledger_error(&e))?
            .ok_or_else(|| {
                self.core
                    .fail(
                        ErrorClass::NotFound,
                        "pay.no-receipt",
                        "pay-error-no-receipt",
                        &[("notice", notice.notice_number.grouped().into())],
                    )
                    .with_detail("notice", notice)
            })
    }

    /// Records where Checkout sent the payer back (a hint: only pagoPA's word makes it
    /// paid), then asks pagoPA about the attempt.
    pub async fn record_return(&self, attempt: i64, hint: ReturnHint) -> Result<Attempt, Error> {
        let ledger = self.ledger()?;
        ledger
            .record_return(AttemptId(attempt), hint)
            .await
            .map_err(|e| self.ledger_error(&e))
    }

    /// Settles a payment the payer came back from, or asks again: `returned` is the address
    /// that opened the app (one of `urls`, recorded as a hint; none when the payer came back
    /// without one), then pagoPA is asked about the notice. Never fails: a call that does not
    /// get through leaves the outcome unknown, to be asked again.
    pub async fn settle(
        &self,
        notice: &RptId,
        attempt: Option<i64>,
        returned: Option<&str>,
        urls: &ReturnUrls,
    ) -> Settlement {
        let hint = returned.and_then(|u| ReturnHint::of_url(u, urls));
        if let (Some(id), Some(hint)) = (attempt, hint) {
            // A refused hint (the attempt already closed) changes nothing: pagoPA decides.
            let _ = self.record_return(id, hint).await;
        }
        let status = self.check(notice).await.ok();
        let attempt = match (attempt, self.ledger()) {
            (Some(id), Ok(ledger)) => ledger.attempt(AttemptId(id)).ok(),
            _ => None,
        };
        let outcome = PaymentOutcome::decide(attempt.as_ref().map(|a| a.state), status.as_ref());
        let text = self.core.tr(
            "pay-outcome",
            &[
                ("outcome", outcome.code().into()),
                ("notice", notice.notice_number.grouped().into()),
            ],
        );
        Settlement {
            outcome,
            text,
            can_ask_again: outcome.can_ask_again(),
            attempt,
            status,
        }
    }

    /// A listener for the payer coming back from Checkout in the system browser, with its
    /// return addresses (see [`BrowserReturn`]).
    pub async fn browser_return(&self) -> Result<BrowserReturn, Error> {
        let loopback = crate::loopback::Loopback::bind().await.map_err(|e| {
            self.core.fail(
                ErrorClass::Unavailable,
                "pay.no-loopback",
                "pay-error-loopback",
                &[("detail", e.to_string().as_str().into())],
            )
        })?;
        let urls = ReturnUrls {
            ok: self.return_url("ok", &loopback.url(RETURN_OK_PATH))?,
            cancel: self.return_url("cancel", &loopback.url(RETURN_CANCEL_PATH))?,
            error: self.return_url("error", &loopback.url(RETURN_ERROR_PATH))?,
        };
        let page = crate::loopback::page(
            &self.core.language(),
            &self.core.tr("pay-browser-back-title", &[]),
            &self.core.tr("pay-browser-back", &[]),
        );
        Ok(BrowserReturn {
            loopback,
            urls,
            page,
        })
    }

    /// Which of `urls` the address that opened the app is: none when it is not a return.
    pub fn return_hint(&self, url: &str, urls: &ReturnUrls) -> Option<ReturnHint> {
        ReturnHint::of_url(url, urls)
    }

    /// Settles every open attempt with pagoPA (what a front runs at start-up).
    pub async fn reconcile(&self) -> Result<ReconcileReport, Error> {
        let ledger = self.ledger()?;
        ledger.reconcile().await.map_err(|e| self.ledger_error(&e))
    }

    /// Where Checkout sends the payer back, each address checked; `name` says which in errors.
    pub fn return_url(&self, name: &str, text: &str) -> Result<Url, Error> {
        Url::parse(text).map_err(|e| {
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "pay.bad-url",
                    "pay-error-url",
                    &[
                        ("flag", name.into()),
                        ("value", text.into()),
                        ("detail", e.to_string().into()),
                    ],
                )
                .with_detail("url", text)
        })
    }

    /// Where the payer can continue paying `attempt` now: its Checkout page while the page
    /// lives (about 10 minutes) and the attempt is open; none afterwards.
    pub fn continue_url(&self, attempt: &Attempt) -> Option<Url> {
        attempt.continue_url(crate::pagopa::ledger::CART_PAGE, self.core.now())
    }

    /// A receipt in words: labelled lines (notice, amount, payee, what it was for, when and
    /// through whom it was paid, the receipt's id, pagoPA's or the creditor's evidence, when it
    /// was recorded), in the handle's language.
    pub fn receipt_text(&self, r: &PaymentReceipt) -> Vec<Labelled> {
        let i18n = self.core.i18n();
        let mut rows = vec![
            ("pay-receipt-notice", r.rpt_id.notice_number.grouped()),
            ("pay-receipt-creditor", r.rpt_id.creditor.to_string()),
            (
                "pay-receipt-amount",
                format::euros_or_unknown(
                    &i18n,
                    r.amount
                        .map(|a| i64::try_from(a.cents()).unwrap_or(i64::MAX)),
                ),
            ),
        ];
        if let Some(p) = &r.payee_name {
            rows.push(("pay-receipt-payee", p.clone()));
        }
        if let Some(d) = &r.description {
            rows.push(("pay-receipt-description", d.clone()));
        }
        if let Some(data) = &r.evidence.receipt {
            if let Some(at) = data.paid_at {
                rows.push(("pay-receipt-paid-at", format::instant(&i18n, at)));
            }
            if let Some(psp) = &data.psp {
                rows.push(("pay-receipt-psp", psp.clone()));
            }
            if let Some(id) = &data.receipt_id {
                rows.push(("pay-receipt-id", id.clone()));
            }
            if let Some(m) = &data.payment_method {
                rows.push(("pay-receipt-method", m.clone()));
            }
        }
        rows.push((
            "pay-receipt-evidence",
            i18n.tr_args(
                "pay-receipt-evidence-text",
                &[
                    ("code", r.evidence.code.as_str().into()),
                    ("at", format::instant(&i18n, r.evidence.observed_at).into()),
                ],
            ),
        ));
        rows.push((
            "pay-receipt-recorded",
            format::instant(&i18n, r.recorded_at),
        ));
        rows.into_iter()
            .map(|(id, value)| Labelled {
                label: i18n.tr(id),
                value,
            })
            .collect()
    }

    /// A receipt as a one-page PDF in the handle's language: the lines of
    /// [`Payments::receipt_text`], and what the receipt rests on.
    pub fn receipt_pdf(&self, r: &PaymentReceipt) -> Vec<u8> {
        let i18n = self.core.i18n();
        let rows: Vec<(String, String)> = self
            .receipt_text(r)
            .into_iter()
            .map(|l| (l.label, l.value))
            .collect();
        let note = if r.evidence.receipt.is_some() {
            i18n.tr("pay-receipt-note-creditor")
        } else {
            i18n.tr("pay-receipt-note-pagopa")
        };
        crate::pagopa::print::render_receipt_pdf(&i18n.tr("pay-receipt-title"), &rows, &note)
    }

    /// An amount in euros as the current language writes it.
    pub fn format_amount(&self, cents: u64) -> String {
        format::euros(&self.core.i18n(), i64::try_from(cents).unwrap_or(i64::MAX))
    }

    async fn settle_open(&self, ledger: &PaymentLedger) -> Result<(), Error> {
        ledger
            .reconcile()
            .await
            .map(|_| ())
            .map_err(|e| self.ledger_error(&e))
    }

    fn ledger_error(&self, e: &LedgerError) -> Error {
        self.core.error(e)
    }

    /// The ledger for reading: no platform call can be made through it.
    fn offline(&self) -> Ledger<Offline> {
        Ledger::with_db(self.core.db().clone(), Offline).with_clock(self.core.host().clock.clone())
    }

    /// The handle's ledger over the real platform, built on first use from the
    /// configuration and the host's keys.
    fn ledger(&self) -> Result<Arc<PaymentLedger>, Error> {
        let slot = &self.core.inner.ledger;
        let mut guard = slot.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(l) = guard.as_ref() {
            return Ok(l.clone());
        }
        let ledger = Arc::new(self.build()?);
        *guard = Some(ledger.clone());
        Ok(ledger)
    }

    /// Forgets the ledger built so far (the hub session changed): the next call builds it
    /// again.
    #[cfg_attr(not(feature = "hub"), allow(dead_code))]
    pub(super) fn reset(&self) {
        let mut guard = self
            .core
            .inner
            .ledger
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *guard = None;
    }

    fn build(&self) -> Result<PaymentLedger, Error> {
        #[cfg(feature = "hub")]
        if let Some(session) = self.core.read(|s| {
            crate::hubsync::load_session(s.conn()).map_err(crate::hubsync::HubSyncError::from)
        })? {
            let base_url = Url::parse(&session.url).map_err(|e| {
                self.core.error(&crate::hubsync::HubSyncError::BadUrl {
                    url: session.url.clone(),
                    detail: e.to_string(),
                })
            })?;
            // The hub waits on pagoPA for up to the configured timeout: give it more.
            let timeout =
                clamp_timeout(self.core.config().pagopa.timeout) + Duration::from_secs(15);
            let hub = HubPlatform::new(PlatformConfig {
                base_url,
                api_key: Some(self.core.key(SecretName::HubToken)?),
                timeout,
            })
            .map_err(|e| self.core.error(&e))?;
            tracing::info!(hub = %session.url, "payments through the hub");
            return Ok(
                Ledger::with_db(self.core.db().clone(), HandlePlatform::Hub(hub))
                    .with_clock(self.core.host().clock.clone()),
            );
        }
        let config = &self.core.config().pagopa;
        let missing = |which: &str| self.core.positions().missing_url(which);
        let requests_url = config.payment_requests_url.clone().ok_or_else(|| {
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "config.missing-url",
                    "pay-error-no-base-url",
                    &[],
                )
                .with_detail("service", "payment-requests")
        })?;
        let checkout_url = config.checkout().ok_or_else(|| missing("checkout"))?;
        let timeout: Duration = clamp_timeout(config.timeout);
        let comuni = config.own_comuni().map_err(|bad| {
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "config.bad-own-comune",
                    "core-error-own-comune",
                    &[("value", bad.as_str().into())],
                )
                .with_detail("comune", bad)
        })?;
        let requests = PlatformConfig {
            base_url: requests_url,
            api_key: Some(self.core.key(SecretName::PagopaPaymentRequestsKey)?),
            timeout,
        };
        let checkout = PlatformConfig {
            base_url: checkout_url,
            api_key: Some(self.core.key(SecretName::PagopaCheckoutKey)?),
            timeout,
        };
        tracing::info!(?requests, ?checkout, "pagoPA clients");
        let pagopa = PagoPaPlatform::new(requests, checkout).map_err(|e| self.core.error(&e))?;
        let gpd = PlatformConfig {
            base_url: config.gpd().ok_or_else(|| missing("gpd"))?,
            // Only asked for when some notices go through GPD.
            api_key: if comuni.is_empty() {
                None
            } else {
                Some(self.core.key(SecretName::PagopaGpdKey)?)
            },
            timeout,
        };
        let verifier = GpdVerifier::new(GpdClient::new(gpd).map_err(|e| self.core.error(&e))?)
            .with_clock(self.core.host().clock.clone());
        let platform = OwnComuniPlatform::new(pagopa, verifier, comuni);
        Ok(Ledger::with_db(
            self.core.db().clone(),
            HandlePlatform::Direct(Box::new(platform)),
        )
        .with_clock(self.core.host().clock.clone()))
    }
}

/// Why a photo scan gave no result.
enum ScanStop {
    Scan(PhotoScanError),
    Cancelled(work::Cancelled),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Database, Host};

    fn core() -> Campanile {
        Campanile::open(Config::new(Database::InMemory, "en"), Host::default()).unwrap()
    }

    fn result(found: Vec<scan::Found>) -> ScanResult {
        ScanResult {
            width: 10,
            height: 10,
            found,
            other: Vec::new(),
            passes: 1,
        }
    }

    #[test]
    fn a_photo_without_a_valid_notice_is_bad_input_naming_what_was_found() {
        let core = core();
        let pay = core.payments();
        let e = pay
            .require_notice(&result(Vec::new()), "a.png")
            .unwrap_err();
        assert_eq!(e.class, ErrorClass::BadInput);
        assert_eq!(e.code, "pay.no-notice-in-photo");
        assert!(e.message.contains("a.png"), "{}", e.message);
        let bad = "PAGOPA|002|300715700000000033|00085240950|12345";
        let invalid = scan::Found {
            text: bad.to_string(),
            notice: None,
            error: pagopa::parse(bad, None).err(),
        };
        let e = pay
            .require_notice(&result(vec![invalid]), "b.png")
            .unwrap_err();
        assert_eq!(e.details.get("found-1").map(String::as_str), Some(bad));
        let good = "PAGOPA|002|300715700000000032|00085240950|12345";
        let valid = scan::Found {
            text: good.to_string(),
            notice: pagopa::parse(good, None).ok(),
            error: None,
        };
        assert!(pay.require_notice(&result(vec![valid]), "c.png").is_ok());
    }
}
