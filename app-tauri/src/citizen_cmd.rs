//! Citizens' commands: read a pagoPA notice and ask what it is, pay it through Checkout in the
//! system browser, the payment ledger and its receipts, and their own practices with the
//! timeline and the legal deadline.

use campanile_core::pagopa::ledger::{Attempt, NoticeStatus, PaymentReceipt, ReconcileReport};
use campanile_core::pagopa::scan::{PhotoScanError, ScanOptions, ScanResult};
use campanile_core::pagopa::{Notice, RptId};
use campanile_core::practices::practice::{Filter, PracticeEvent};
use campanile_core::{Campanile, Error, Labelled, PracticeView, Settlement};
use serde::Serialize;
use std::time::Duration;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::AppState;

/// A payment handed to Checkout.
#[derive(Debug, Clone, Serialize)]
pub struct CheckoutView {
    /// The attempt, now `checkout-started`.
    pub attempt: Attempt,
    /// Where the payer pays.
    pub checkout_url: String,
    /// Whether the system browser was opened on it (else the page shows the link).
    pub opened: bool,
}

/// How long the app waits for the payer to come back from Checkout (its page lives about
/// 10 minutes; a payer may be slow).
const RETURN_WAIT: Duration = Duration::from_secs(30 * 60);

/// A receipt and its labelled lines.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptView {
    /// The receipt.
    pub receipt: PaymentReceipt,
    /// What it says, in the handle's language.
    pub lines: Vec<Labelled>,
}

/// A practice's page: the practice with its clock, then its timeline.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeDetail {
    /// The practice, its procedure, the legal clock, whether it is overdue.
    pub view: PracticeView,
    /// What happened, oldest first.
    pub timeline: Vec<PracticeEvent>,
}

fn rpt(core: &Campanile, text: &str) -> Result<RptId, Error> {
    Ok(core.payments().parse(text, None)?.rpt_id)
}

/// Reads a notice (QR text, Data Matrix text, RptId, or a notice number with `creditor`),
/// offline.
#[tauri::command]
pub async fn notice_parse(
    state: State<'_, AppState>,
    text: String,
    creditor: Option<String>,
) -> Result<Notice, Error> {
    state
        .blocking(move |core| core.payments().parse(&text, creditor.as_deref()))
        .await
}

/// What pagoPA says of a notice now (paid, payable for how much, …), opening no payment.
#[tauri::command]
pub async fn notice_check(state: State<'_, AppState>, text: String) -> Result<NoticeStatus, Error> {
    let id = rpt(&state.core, &text)?;
    state.core.payments().check(&id).await
}

/// Hands the notices (1–5, as the notice's texts) to Checkout and opens it in the system
/// browser. Checkout sends the payer back to a one-shot listener of this app on a loopback
/// port; then the core settles the payment with pagoPA and `on_settled` hears what to show
/// (paid only on pagoPA's word; any doubt is "unknown, ask again").
#[tauri::command]
pub async fn checkout_start(
    state: State<'_, AppState>,
    notices: Vec<String>,
    email: Option<String>,
    on_settled: Channel<Settlement>,
) -> Result<CheckoutView, Error> {
    let core = state.core.clone();
    let pay = core.payments();
    let ids = notices
        .iter()
        .map(|t| rpt(&core, t))
        .collect::<Result<Vec<_>, _>>()?;
    let back = pay.browser_return().await?;
    let urls = back.urls().clone();
    let started = pay
        .start(ids.clone(), urls.clone(), email.filter(|e| !e.is_empty()))
        .await?;
    let url = started.checkout_url.to_string();
    let attempt = started.attempt.id.0;
    let waiting = core.clone();
    tauri::async_runtime::spawn(async move {
        let returned = back.wait(RETURN_WAIT).await;
        let Some(first) = ids.first() else { return };
        let settled = waiting
            .payments()
            .settle(first, Some(attempt), returned.as_deref(), &urls)
            .await;
        if let Err(e) = on_settled.send(settled) {
            tracing::warn!("the page did not hear the payment's outcome: {e}");
        }
    });
    let opened = match (state.open_url)(&url) {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!("cannot open the browser on Checkout: {e}");
            false
        }
    };
    Ok(CheckoutView {
        attempt: started.attempt,
        checkout_url: url,
        opened,
    })
}

/// "Ask again": what pagoPA says now of a payment whose outcome was not known.
#[tauri::command]
pub async fn payment_settle(
    state: State<'_, AppState>,
    notice: String,
    attempt: Option<i64>,
) -> Result<Settlement, Error> {
    let id = rpt(&state.core, &notice)?;
    let pay = state.core.payments();
    // The return addresses only matter for a return; none is given here.
    let urls = pay.browser_return().await?.urls().clone();
    Ok(pay.settle(&id, attempt, None, &urls).await)
}

/// The newest payment attempts as this device has them (no network).
#[tauri::command]
pub async fn ledger_attempts(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> Result<Vec<Attempt>, Error> {
    state
        .blocking(move |core| core.payments().attempts_offline(limit.unwrap_or(50)))
        .await
}

/// Settles every open attempt with pagoPA (at start, and when the payer comes back).
#[tauri::command]
pub async fn ledger_reconcile(state: State<'_, AppState>) -> Result<ReconcileReport, Error> {
    state.core.payments().reconcile().await
}

/// The receipts kept on this device, newest first, each with its lines.
#[tauri::command]
pub async fn ledger_receipts(state: State<'_, AppState>) -> Result<Vec<ReceiptView>, Error> {
    state
        .blocking(|core| {
            let pay = core.payments();
            Ok(pay
                .receipts()?
                .into_iter()
                .map(|r| ReceiptView {
                    lines: pay.receipt_text(&r),
                    receipt: r,
                })
                .collect())
        })
        .await
}

/// The practices of `applicant` (a fiscal code), newest first, each with its clock.
#[tauri::command]
pub async fn practices_mine(
    state: State<'_, AppState>,
    applicant: String,
) -> Result<Vec<PracticeView>, Error> {
    state
        .blocking(move |core| {
            let pr = core.practices();
            let filter = Filter {
                applicant: Some(applicant.trim().to_uppercase()),
                ..Filter::default()
            };
            pr.list(&filter)?
                .iter()
                .map(|p| pr.show(&p.id, None, None))
                .collect()
        })
        .await
}

/// One practice with its clock and timeline.
#[tauri::command]
pub async fn practice_detail(
    state: State<'_, AppState>,
    id: String,
) -> Result<PracticeDetail, Error> {
    state
        .blocking(move |core| {
            let pr = core.practices();
            Ok(PracticeDetail {
                view: pr.show(&id, None, None)?,
                timeline: pr.timeline(&id)?,
            })
        })
        .await
}

/// Reads the notices in an image (a photo or a scan, PNG or JPEG): from the file at `path`, or
/// from `bytes` (a file picked in the page, called `name`). Long work: its progress goes to
/// `on_event` and [`crate::work_cmd::work_cancel`] stops it. What was found comes back, each
/// code with its notice or why it is not one; an image with no valid notice is the core's
/// error saying what was found.
#[tauri::command]
pub async fn notice_scan(
    state: State<'_, AppState>,
    path: Option<std::path::PathBuf>,
    bytes: Option<Vec<u8>>,
    name: Option<String>,
    on_event: tauri::ipc::Channel<crate::work_cmd::WorkEvent>,
) -> Result<ScanResult, Error> {
    let (name, bytes) = match (path, bytes) {
        (Some(p), _) => {
            let b = std::fs::read(&p).map_err(|e| {
                let read = PhotoScanError::Read {
                    detail: e.to_string(),
                };
                Error::from_domain(&state.core.i18n(), &read).with_detail("file", p.display())
            })?;
            (p.display().to_string(), b)
        }
        (None, Some(b)) => (name.unwrap_or_else(|| "image".into()), b),
        (None, None) => {
            return Err(Error::new(
                campanile_core::ErrorClass::BadInput,
                "desktop.scan-nothing",
                state.core.tr("pay-scan-nothing", &[("path", "".into())]),
            ));
        }
    };
    let core = state.core.clone();
    let result = crate::work_cmd::tracked(&state, &on_event, |cancel, progress| async move {
        core.payments()
            .scan_photo_with(bytes, ScanOptions::default(), &cancel, &*progress)
            .await
    })
    .await?;
    state.core.payments().require_notice(&result, &name)?;
    Ok(result)
}

/// The receipt of notice `notice` (its RptId, or any text the notice reads from) as a
/// one-page PDF, opened with the system viewer to print it.
#[tauri::command]
pub async fn receipt_print(
    state: State<'_, AppState>,
    notice: String,
) -> Result<crate::state::Printed, Error> {
    let id = rpt(&state.core, &notice)?;
    let pdf = state
        .blocking(move |core| {
            let pay = core.payments();
            let r = pay.receipt(&id)?;
            Ok(pay.receipt_pdf(&r))
        })
        .await?;
    let name = format!("receipt-{}.pdf", notice.trim());
    state.print_file(&name, &pdf)
}
