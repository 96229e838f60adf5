//! Supplier invoices: FatturaPA files received by the comune, tracked from SdI's
//! notifications to payment, with the late-payment flag of D.Lgs 231/2002.
//!
//! - [`import_file`]: reads an invoice file (XML or a verified `.p7m`, through the
//!   `campanile-fatturapa` crate) and stores each of its invoices, in one transaction.
//! - [`record_notification_file`]: an SdI notification (RC, NS, MC, NE, DT, AT) applied to the
//!   invoices of the file it names.
//! - [`record_step`], [`agree_term`]: the comune's steps and an agreed payment term.
//! - [`status`], [`list`]: where each invoice stands and whether it is (or was) paid late.
//! - [`events_after`]: the append-only `invoice_events` log, by increasing id, for a changes
//!   feed.
//!
//! Impossible sequences are refused with the reason ([`lifecycle::Refusal`]); nothing is
//! written then.

mod db;
mod detail;
mod import;
pub mod lifecycle;
mod messages;
pub mod terms;
mod track;

use std::path::PathBuf;

pub use campanile_fatturapa as fatturapa;
pub use chrono::NaiveDate;

pub use db::{EventRecord, InvoiceRecord, events_after};
pub use detail::{InvoiceEventDetail, InvoiceEventKind, SdiErrorDetail};
pub use import::{Imported, import_bytes, import_file};
pub use lifecycle::{
    EarlierDate, InvoiceEvent, InvoiceStep, Lifecycle, ReceiptKind, Refusal, SdiState,
};
pub use terms::{PaymentTerm, Timeliness, payment_term};
pub use track::{Recorded, agree_term, record_notification, record_notification_file, record_step};

use crate::store::{Store, StoreError};

/// Why an invoice operation failed.
#[derive(Debug, thiserror::Error)]
pub enum InvoiceError {
    /// The file cannot be read from disk.
    #[error("cannot read {path}: {detail}")]
    Io { path: PathBuf, detail: String },
    /// The file is not a valid invoice or notification (or its envelope is tampered).
    #[error("{file}: {source}")]
    Read {
        file: String,
        source: campanile_fatturapa::Error,
    },
    /// The same invoice (supplier, type, number, year) is already stored and was not rejected.
    #[error("invoice {number} of {supplier} is already stored as invoice {existing}")]
    Duplicate {
        number: String,
        supplier: String,
        existing: i64,
    },
    /// No invoice with this id.
    #[error("there is no invoice {id}")]
    NotFound { id: i64 },
    /// The notification names an invoice file that was not imported.
    #[error(
        "no imported invoice file matches the notification (SdI id {sdi_id}, file {file_name:?})"
    )]
    NoInvoiceForNotification {
        sdi_id: String,
        file_name: Option<String>,
    },
    /// The matched file already has another SdI id.
    #[error("the invoice file {file_name} has SdI id {known}, the notification says {found}")]
    SdiIdMismatch {
        file_name: String,
        known: String,
        found: String,
    },
    /// The notification names an invoice (number, year) that is not in the file.
    #[error("the file has no invoice {number} of {year}")]
    NoInvoiceForReference { number: String, year: i32 },
    /// The event is impossible for the invoice's current state.
    #[error("invoice {invoice_id}: {event} refused: {refusal:?}")]
    Refused {
        invoice_id: i64,
        event: String,
        refusal: Refusal,
    },
    /// The stored events of an invoice do not replay (the database was edited by hand).
    #[error("invoice {invoice_id}: its stored events do not replay: {detail}")]
    Corrupt { invoice_id: i64, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for InvoiceError {
    fn from(e: rusqlite::Error) -> InvoiceError {
        InvoiceError::Store(StoreError::Sqlite(e))
    }
}

impl InvoiceError {
    /// True when the input (a file, an id, an event) is what is wrong, as opposed to the
    /// database.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, InvoiceError::Corrupt { .. } | InvoiceError::Store(_))
    }
}

/// Reads a day typed as `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// One invoice, where it stands and its payment term.
#[derive(Debug, Clone)]
pub struct InvoiceStatus {
    pub invoice: InvoiceRecord,
    pub lifecycle: Lifecycle,
    pub term: PaymentTerm,
    /// Its events, oldest first.
    pub events: Vec<EventRecord>,
}

/// The status of invoice `id` on day `today`.
pub fn status(store: &Store, id: i64, today: NaiveDate) -> Result<InvoiceStatus, InvoiceError> {
    let invoice = db::invoice(store.conn(), id)?;
    status_of(store, invoice, today)
}

/// Every invoice, newest first, with its status on day `today`.
pub fn list(store: &Store, today: NaiveDate) -> Result<Vec<InvoiceStatus>, InvoiceError> {
    db::invoices(store.conn())?
        .into_iter()
        .map(|inv| status_of(store, inv, today))
        .collect()
}

fn status_of(
    store: &Store,
    invoice: InvoiceRecord,
    today: NaiveDate,
) -> Result<InvoiceStatus, InvoiceError> {
    let events = db::events_of(store.conn(), invoice.id)?;
    let lifecycle = db::replay(&invoice, &events)?;
    let term = payment_term(&lifecycle, today);
    Ok(InvoiceStatus {
        invoice,
        lifecycle,
        term,
        events,
    })
}
