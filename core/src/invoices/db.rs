//! The invoice tables (migration 6): reading invoices and their events, appending events.

use campanile_fatturapa::Amount;
use campanile_fatturapa::sdi::{NotificationKind, Outcome};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::InvoiceError;
use super::detail::InvoiceEventDetail;
use super::lifecycle::{self, InvoiceEvent, InvoiceStep, Lifecycle};
use crate::time::Instant;

/// An invoice as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceRecord {
    /// The invoice's id in the store.
    pub id: i64,
    /// The id of the file it came in.
    pub file_id: i64,
    /// That file's name.
    pub file_name: String,
    /// 1-based position of the invoice in its file.
    pub position: i64,
    /// The file's format (`FPA12`, `FPR12`).
    pub format: String,
    /// The recipient office's code (`CodiceDestinatario`).
    pub recipient_code: String,
    /// The supplier's VAT id, country and code together (`IT01234567890`).
    pub supplier_vat: String,
    /// The supplier's name.
    pub supplier_name: String,
    /// The customer's name.
    pub customer_name: String,
    /// The customer's VAT id or fiscal code.
    pub customer_id: Option<String>,
    /// The document type (`TD01` invoice, `TD04` credit note, …).
    pub document_type: String,
    /// The invoice's number, as the supplier wrote it.
    pub number: String,
    /// The invoice's date.
    pub date: NaiveDate,
    /// The currency (`Divisa`, ISO 4217).
    pub currency: String,
    /// The total amount due.
    pub total: Amount,
    /// `declared` (ImportoTotaleDocumento) or `summary-lines` (the sum of DatiRiepilogo).
    pub total_source: String,
    /// The invoice's `Causale` lines, joined by a space.
    pub description: Option<String>,
    /// The payment terms as read (JSON array of DatiPagamento).
    pub payments: Value,
    /// SdI's identifier of the file, once a notification named it.
    pub sdi_id: Option<String>,
    /// The signers (JSON array, each with its trust verdict) when the file came in a signed
    /// envelope.
    pub signers: Option<Value>,
}

/// One entry of the append-only `invoice_events` log.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    /// Increasing, never reused.
    pub id: i64,
    /// The invoice it belongs to.
    pub invoice_id: i64,
    /// When it was recorded (Unix seconds).
    pub recorded_at: i64,
    /// `imported`, an SdI code (`RC`, `NS`, `MC`, `NE`, `DT`, `AT`), a step (`registered`,
    /// `assigned`, `liquidated`, `paid`) or `term`.
    pub kind: String,
    /// The day it happened.
    pub on: Option<NaiveDate>,
    /// The rest: notification ids, outcome, error codes, notes, the agreed days.
    pub detail: InvoiceEventDetail,
}

const INVOICE_COLUMNS: &str = "i.id, i.file_id, f.file_name, i.position, f.format, \
     f.recipient_code, i.supplier_vat, i.supplier_name, i.customer_name, i.customer_id, \
     i.document_type, i.number, i.date, i.currency, i.total_cents, i.total_source, \
     i.description, i.payments, f.sdi_id, f.signers";

fn invoice_row(r: &Row<'_>) -> rusqlite::Result<InvoiceRecord> {
    let date: String = r.get(12)?;
    let payments: String = r.get(17)?;
    let signers: Option<String> = r.get(19)?;
    Ok(InvoiceRecord {
        id: r.get(0)?,
        file_id: r.get(1)?,
        file_name: r.get(2)?,
        position: r.get(3)?,
        format: r.get(4)?,
        recipient_code: r.get(5)?,
        supplier_vat: r.get(6)?,
        supplier_name: r.get(7)?,
        customer_name: r.get(8)?,
        customer_id: r.get(9)?,
        document_type: r.get(10)?,
        number: r.get(11)?,
        date: parse_date(&date).ok_or_else(|| bad_column(12, &date))?,
        currency: r.get(13)?,
        total: Amount(r.get(14)?),
        total_source: r.get(15)?,
        description: r.get(16)?,
        payments: serde_json::from_str(&payments).unwrap_or(Value::Null),
        sdi_id: r.get(18)?,
        signers: signers.and_then(|s| serde_json::from_str(&s).ok()),
    })
}

fn bad_column(index: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("not a date: {value}").into(),
    )
}

pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Invoice `id`.
pub(crate) fn invoice(conn: &Connection, id: i64) -> Result<InvoiceRecord, InvoiceError> {
    conn.query_row(
        &format!(
            "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN invoice_files f ON f.id = i.file_id \
             WHERE i.id = ?1"
        ),
        [id],
        invoice_row,
    )
    .optional()?
    .ok_or(InvoiceError::NotFound { id })
}

/// Every invoice, newest first.
pub(crate) fn invoices(conn: &Connection) -> Result<Vec<InvoiceRecord>, InvoiceError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN invoice_files f ON f.id = i.file_id \
         ORDER BY i.id DESC"
    ))?;
    let rows = stmt.query_map([], invoice_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The invoices of file `file_id`, in file order.
pub(crate) fn invoices_of_file(
    conn: &Connection,
    file_id: i64,
) -> Result<Vec<InvoiceRecord>, InvoiceError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {INVOICE_COLUMNS} FROM invoices i JOIN invoice_files f ON f.id = i.file_id \
         WHERE i.file_id = ?1 ORDER BY i.position"
    ))?;
    let rows = stmt.query_map([file_id], invoice_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRecord> {
    let on: Option<String> = r.get(4)?;
    let detail: String = r.get(5)?;
    Ok(EventRecord {
        id: r.get(0)?,
        invoice_id: r.get(1)?,
        recorded_at: r.get(2)?,
        kind: r.get(3)?,
        on: on.as_deref().and_then(parse_date),
        // A detail no version wrote is read as empty: the event's kind and day still count.
        detail: InvoiceEventDetail::parse(&detail).unwrap_or_default(),
    })
}

/// The events of invoice `id`, oldest first.
pub(crate) fn events_of(conn: &Connection, id: i64) -> Result<Vec<EventRecord>, InvoiceError> {
    let mut stmt = conn.prepare(
        "SELECT id, invoice_id, recorded_at, kind, on_date, detail FROM invoice_events \
         WHERE invoice_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], event_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Up to `limit` events of every invoice with an id greater than `after`, oldest first: the
/// cursor of a changes feed is the last id it saw.
pub fn events_after(
    store: &crate::store::Store,
    after: i64,
    limit: usize,
) -> Result<Vec<EventRecord>, InvoiceError> {
    let mut stmt = store.conn().prepare(
        "SELECT id, invoice_id, recorded_at, kind, on_date, detail FROM invoice_events \
         WHERE id > ?1 ORDER BY id LIMIT ?2",
    )?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![after, limit], event_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Appends an event; returns its id.
pub(crate) fn append_event(
    conn: &Connection,
    now: Instant,
    invoice_id: i64,
    kind: &str,
    on: Option<NaiveDate>,
    detail: &InvoiceEventDetail,
) -> Result<i64, InvoiceError> {
    conn.execute(
        "INSERT INTO invoice_events (invoice_id, recorded_at, kind, on_date, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            invoice_id,
            unix_seconds(now),
            kind,
            on.map(|d| d.format("%Y-%m-%d").to_string()),
            detail.to_json()
        ],
    )?;
    let id = conn.last_insert_rowid();
    feed_change(conn, now, invoice_id, kind, on, detail)?;
    Ok(id)
}

/// The same change in the supplier's changes feed (`practices::feed`, kind `invoice`), in the
/// caller's transaction, so that the fronts notify suppliers as they notify applicants.
fn feed_change(
    conn: &Connection,
    at: Instant,
    invoice_id: i64,
    kind: &str,
    on: Option<NaiveDate>,
    detail: &InvoiceEventDetail,
) -> Result<(), InvoiceError> {
    use crate::practices::feed::{
        self, ChangeDetail, ChangeKind, FeedError, InvoiceChange, NewChange,
    };
    let (supplier, number, date): (String, String, String) = conn.query_row(
        "SELECT supplier_vat, number, date FROM invoices WHERE id = ?1",
        params![invoice_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let date = crate::time::parse_civil_date(&date).map_err(|_| InvoiceError::Corrupt {
        invoice_id,
        detail: format!("invoice date \"{date}\""),
    })?;
    let change = NewChange {
        person: &supplier,
        kind: ChangeKind::Invoice,
        subject_id: &invoice_id.to_string(),
        event: feed::ChangeEvent::Invoice(crate::invoices::InvoiceEventKind::from_code(kind)),
        at,
        detail: ChangeDetail::Invoice(Box::new(InvoiceChange {
            number,
            date,
            on,
            detail: detail.clone(),
        })),
        dedup_key: None,
    };
    feed::record_change(conn, &change).map_err(|e| match e {
        FeedError::Db(e) => InvoiceError::from(e),
        other => InvoiceError::Corrupt {
            invoice_id,
            detail: other.to_string(),
        },
    })?;
    Ok(())
}

/// Seconds since the epoch, as the invoice tables store times.
pub(crate) fn unix_seconds(at: Instant) -> i64 {
    at.as_ms().div_euclid(1000)
}

/// The lifecycle event an event record stands for (`None` for bookkeeping such as
/// `imported`).
pub(crate) fn to_event(e: &EventRecord) -> Result<Option<InvoiceEvent>, String> {
    if let Some(kind) = NotificationKind::from_code(&e.kind) {
        let on = e.on.ok_or("an SdI event without its date")?;
        let outcome = match e.detail.outcome.as_deref() {
            Some("EC01") => Some(Outcome::Accepted),
            Some("EC02") => Some(Outcome::Refused),
            _ => None,
        };
        return Ok(Some(InvoiceEvent::Sdi { kind, outcome, on }));
    }
    if let Some(step) = InvoiceStep::from_code(&e.kind) {
        let on = e.on.ok_or("a step without its date")?;
        return Ok(Some(InvoiceEvent::Step { step, on }));
    }
    if e.kind == "term" {
        let days = e.detail.days.ok_or("a term without its days")?;
        return Ok(Some(InvoiceEvent::AgreedTerm { days }));
    }
    Ok(None)
}

/// The state of `invoice` from its stored events.
pub(crate) fn replay(
    invoice: &InvoiceRecord,
    events: &[EventRecord],
) -> Result<Lifecycle, InvoiceError> {
    let corrupt = |detail: String| InvoiceError::Corrupt {
        invoice_id: invoice.id,
        detail,
    };
    let mut list = Vec::with_capacity(events.len());
    for e in events {
        if let Some(ev) = to_event(e).map_err(|d| corrupt(format!("event {}: {d}", e.id)))? {
            list.push(ev);
        }
    }
    lifecycle::replay(invoice.date, &list).map_err(|r| corrupt(format!("{r:?}")))
}
