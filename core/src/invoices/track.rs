//! Recording what happens to invoices: SdI notifications, the comune's steps, an agreed term.
//! Each is checked against the invoice's state first ([`super::lifecycle::apply`]); an
//! impossible one is refused and nothing is written.

use std::path::Path;

use campanile_fatturapa::envelope::SignerTrust;
use campanile_fatturapa::sdi::signature::NotificationSignature;
use campanile_fatturapa::sdi::{Notification, NotificationKind};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::detail::{InvoiceEventDetail, SdiErrorDetail};
use super::lifecycle::{self, InvoiceEvent, InvoiceStep};
use super::{InvoiceError, db};
use crate::store::Store;

/// What recording a notification did.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The invoices it applied to.
    pub invoice_ids: Vec<i64>,
    /// The events appended (empty when it was already recorded).
    pub event_ids: Vec<i64>,
    /// True when the same notification (same kind and MessageId) was recorded before.
    pub already_recorded: bool,
    /// The notification as read.
    pub notification: Notification,
}

/// Reads the SdI notification at `path`, its XML signature checked first (a tampered or
/// unsigned one is refused and nothing is looked up or written), and records it. `today` dates the notifications that
/// carry no date of the event they report (NE, DT, AT): the day they are recorded.
pub fn record_notification_file(
    store: &mut Store,
    path: &Path,
    today: NaiveDate,
) -> Result<Recorded, InvoiceError> {
    let bytes = std::fs::read(path).map_err(|e| InvoiceError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (n, _) = check_notification(&bytes, &name, None, false)?;
    record_notification(store, n, today)
}

/// [`record_notification_file`] with who signed judged against `list`; `require_trusted`
/// refuses a notification whose signer is not verified against it.
pub fn record_notification_file_with(
    store: &mut Store,
    path: &Path,
    today: NaiveDate,
    list: Option<&campanile_fatturapa::envelope::TrustedList>,
    require_trusted: bool,
) -> Result<(Recorded, NotificationSignature), InvoiceError> {
    let bytes = std::fs::read(path).map_err(|e| InvoiceError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (n, sig) = check_notification(&bytes, &name, list, require_trusted)?;
    Ok((
        record_signed_notification(store, n, today, Some(&sig))?,
        sig,
    ))
}

/// Checks an SdI notification's XML signature before anything else (a tampered or unsigned
/// one is refused, [`InvoiceError::Read`]), then reads it. An intact one whose signer is not
/// verified against `list` is accepted unless `require_trusted`.
pub fn check_notification(
    bytes: &[u8],
    file_name: &str,
    list: Option<&campanile_fatturapa::envelope::TrustedList>,
    require_trusted: bool,
) -> Result<(Notification, NotificationSignature), InvoiceError> {
    let (n, sig) = campanile_fatturapa::read_notification_checked(bytes, Some(file_name), list)
        .map_err(|source| InvoiceError::Read {
            file: file_name.to_string(),
            source,
        })?;
    if require_trusted && sig.trust.code() != "verified" {
        let reason = match &sig.trust {
            SignerTrust::Untrusted { reason } => reason.code().to_string(),
            _ => String::new(),
        };
        return Err(InvoiceError::UntrustedNotification {
            file: file_name.to_string(),
            signer: sig
                .common_name
                .clone()
                .unwrap_or_else(|| sig.subject.clone()),
            verdict: sig.trust.code().to_string(),
            reason,
        });
    }
    Ok((n, sig))
}

/// Records notification `n` on the invoices of the file it names (by SdI id once known, else
/// by the invoice file's name). NE and DT naming one invoice of the file apply to it alone.
pub fn record_notification(
    store: &mut Store,
    n: Notification,
    today: NaiveDate,
) -> Result<Recorded, InvoiceError> {
    record_signed_notification(store, n, today, None)
}

/// [`record_notification`], keeping with its events who signed it and how that signer was
/// judged ([`check_notification`]'s verdict).
pub fn record_signed_notification(
    store: &mut Store,
    n: Notification,
    today: NaiveDate,
    signature: Option<&NotificationSignature>,
) -> Result<Recorded, InvoiceError> {
    let now = store.now();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (file_id, file_name, known_sdi) = find_file(&tx, &n)?;
    if let Some(known) = &known_sdi
        && *known != n.sdi_id
    {
        return Err(InvoiceError::SdiIdMismatch {
            file_name,
            known: known.clone(),
            found: n.sdi_id.clone(),
        });
    }
    let mut targets = db::invoices_of_file(&tx, file_id)?;
    if let Some(r) = &n.invoice_ref
        && matches!(
            n.kind,
            NotificationKind::Outcome | NotificationKind::TermsElapsed
        )
    {
        targets.retain(|i| {
            i.number == r.number
                && i.date.format("%Y").to_string() == r.year.to_string()
                && r.position.is_none_or(|p| i64::from(p) == i.position)
        });
        if targets.is_empty() {
            return Err(InvoiceError::NoInvoiceForReference {
                number: r.number.clone(),
                year: r.year,
            });
        }
    }
    let invoice_ids: Vec<i64> = targets.iter().map(|i| i.id).collect();
    if already_recorded(&tx, &invoice_ids, &n)? {
        return Ok(Recorded {
            invoice_ids,
            event_ids: Vec::new(),
            already_recorded: true,
            notification: n,
        });
    }
    // RC is dated by its delivery, NS and MC by SdI's reception of the file; NE, DT and AT
    // carry no date of their own (AT's DataOraRicezione is when SdI got the file, not the
    // attestation), so they are dated the day they are recorded.
    let on = match n.kind {
        NotificationKind::Delivered
        | NotificationKind::Rejected
        | NotificationKind::NotDelivered => n.date().unwrap_or(today),
        _ => today,
    };
    let event = InvoiceEvent::Sdi {
        kind: n.kind,
        outcome: n.outcome,
        on,
    };
    // Every invoice must accept it before anything is written.
    for invoice in &targets {
        let events = db::events_of(&tx, invoice.id)?;
        let state = db::replay(invoice, &events)?;
        lifecycle::apply(&state, &event).map_err(|refusal| InvoiceError::Refused {
            invoice_id: invoice.id,
            event: n.kind.code().to_string(),
            refusal,
        })?;
    }
    if known_sdi.is_none() {
        tx.execute(
            "UPDATE invoice_files SET sdi_id = ?1 WHERE id = ?2",
            params![n.sdi_id, file_id],
        )?;
    }
    let detail = signed_detail(&n, signature);
    let mut event_ids = Vec::with_capacity(targets.len());
    for invoice in &targets {
        event_ids.push(db::append_event(
            &tx,
            now,
            invoice.id,
            n.kind.code(),
            Some(on),
            &detail,
        )?);
    }
    tx.commit()?;
    Ok(Recorded {
        invoice_ids,
        event_ids,
        already_recorded: false,
        notification: n,
    })
}

/// The file the notification is about: (id, name, SdI id if known).
fn find_file(
    conn: &Connection,
    n: &Notification,
) -> Result<(i64, String, Option<String>), InvoiceError> {
    let by_sdi = conn
        .query_row(
            "SELECT id, file_name, sdi_id FROM invoice_files WHERE sdi_id = ?1 ORDER BY id DESC",
            [&n.sdi_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some(found) = by_sdi {
        return Ok(found);
    }
    let wanted: Vec<String> = n
        .invoice_file_name
        .iter()
        .map(|f| stem(f))
        .chain(n.name.iter().map(|nm| nm.invoice_file.to_ascii_lowercase()))
        .collect();
    let mut stmt =
        conn.prepare("SELECT id, file_name, sdi_id FROM invoice_files ORDER BY id DESC")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (id, name, sdi) = row?;
        if wanted.contains(&stem(&name)) {
            return Ok((id, name, sdi));
        }
    }
    Err(InvoiceError::NoInvoiceForNotification {
        sdi_id: n.sdi_id.clone(),
        file_name: n.invoice_file_name.clone(),
    })
}

/// A file name without `.p7m` and `.xml`, lower case: `IT01234567890_11111.xml.p7m` →
/// `it01234567890_11111`.
fn stem(name: &str) -> String {
    let mut s = name.trim().to_ascii_lowercase();
    for ext in [".p7m", ".xml"] {
        if let Some(rest) = s.strip_suffix(ext) {
            s = rest.to_string();
        }
    }
    s
}

fn already_recorded(
    conn: &Connection,
    invoice_ids: &[i64],
    n: &Notification,
) -> Result<bool, InvoiceError> {
    let mut stmt =
        conn.prepare("SELECT detail FROM invoice_events WHERE invoice_id = ?1 AND kind = ?2")?;
    for id in invoice_ids {
        let details = stmt.query_map(params![id, n.kind.code()], |r| r.get::<_, String>(0))?;
        for d in details {
            let d = InvoiceEventDetail::parse(&d?).unwrap_or_default();
            if d.message_id.as_deref() == Some(n.message_id.as_str()) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn signed_detail(
    n: &Notification,
    signature: Option<&NotificationSignature>,
) -> InvoiceEventDetail {
    let mut detail = notification_detail(n);
    if let Some(sig) = signature {
        detail.signed_by = Some(
            sig.common_name
                .clone()
                .unwrap_or_else(|| sig.subject.clone()),
        );
        detail.signer_trust = Some(sig.trust.code().to_string());
    }
    detail
}

fn notification_detail(n: &Notification) -> InvoiceEventDetail {
    let at = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    InvoiceEventDetail {
        sdi_id: Some(n.sdi_id.clone()),
        message_id: Some(n.message_id.clone()),
        outcome: n.outcome.map(|o| o.code().to_string()),
        errors: n
            .errors
            .iter()
            .map(|e| SdiErrorDetail {
                code: e.code.clone(),
                description: Some(e.description.clone()),
            })
            .collect(),
        description: n.description.clone(),
        note: n.note.clone(),
        invoice_file: n.invoice_file_name.clone(),
        received_at: n.received_at.map(at),
        delivered_at: n.delivered_at.map(at),
        ..InvoiceEventDetail::default()
    }
}

/// Records the comune's `step` for invoice `id`, done on `on`; returns the event id.
pub fn record_step(
    store: &mut Store,
    id: i64,
    step: InvoiceStep,
    on: NaiveDate,
    note: Option<&str>,
) -> Result<i64, InvoiceError> {
    let detail = InvoiceEventDetail {
        note: clean_note(note),
        ..InvoiceEventDetail::default()
    };
    append_checked(store, id, InvoiceEvent::Step { step, on }, Some(on), detail)
}

/// Records a payment term agreed in writing for invoice `id`, in days (at most 60: D.Lgs
/// 231/2002 art. 4 c. 4); returns the event id.
pub fn agree_term(
    store: &mut Store,
    id: i64,
    days: u32,
    note: Option<&str>,
) -> Result<i64, InvoiceError> {
    let detail = InvoiceEventDetail {
        days: Some(days),
        note: clean_note(note),
        ..InvoiceEventDetail::default()
    };
    append_checked(store, id, InvoiceEvent::AgreedTerm { days }, None, detail)
}

/// A note as stored: trimmed, none when blank.
fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

fn append_checked(
    store: &mut Store,
    id: i64,
    event: InvoiceEvent,
    on: Option<NaiveDate>,
    detail: InvoiceEventDetail,
) -> Result<i64, InvoiceError> {
    let now = store.now();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let invoice = db::invoice(&tx, id)?;
    let events = db::events_of(&tx, id)?;
    let state = db::replay(&invoice, &events)?;
    lifecycle::apply(&state, &event).map_err(|refusal| InvoiceError::Refused {
        invoice_id: id,
        event: event.kind_code().to_string(),
        refusal,
    })?;
    let event_id = db::append_event(&tx, now, id, event.kind_code(), on, &detail)?;
    tx.commit()?;
    Ok(event_id)
}
