//! Supplier invoices: FatturaPA files received by the comune, tracked from SdI's
//! notifications to payment, with the late-payment flag of D.Lgs 231/2002.
//!
//! - [`import_file`]: reads an invoice file (XML or a verified `.p7m`, through the
//!   `campanile-fatturapa` crate) and stores each of its invoices, in one transaction.
//! - [`record_notification_file`]: an SdI notification (RC, NS, MC, NE, DT, AT) applied to the
//!   invoices of the file it names, after SdI's XML signature on it verified
//!   ([`check_notification`]: a tampered or unsigned one is refused before anything is looked
//!   up or written).
//! - [`InvoiceTrust`]: the trusted list (ETSI TS 119 612) that signers of invoices and
//!   notifications are judged against, and whether notifications need a verified signer.
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
pub use import::{Imported, import_bytes, import_bytes_trusted, import_file};
pub use lifecycle::{
    EarlierDate, InvoiceEvent, InvoiceStep, Lifecycle, ReceiptKind, Refusal, SdiState,
};
pub use terms::{PaymentTerm, Timeliness, payment_term};
pub use track::{
    Recorded, agree_term, check_notification, record_notification, record_notification_file,
    record_notification_file_with, record_signed_notification, record_step,
};

use crate::store::{Store, StoreError};

/// Why an invoice operation failed.
#[derive(Debug, thiserror::Error)]
pub enum InvoiceError {
    /// The file cannot be read from disk.
    #[error("cannot read {path}: {detail}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the I/O error said.
        detail: String,
    },
    /// The file is not a valid invoice or notification (or its envelope is tampered).
    #[error("{file}: {source}")]
    Read {
        /// The file's name.
        file: String,
        /// What is wrong with it.
        source: campanile_fatturapa::Error,
    },
    /// The same invoice (supplier, type, number, year) is already stored and was not rejected.
    #[error("invoice {number} of {supplier} is already stored as invoice {existing}")]
    Duplicate {
        /// The invoice's number.
        number: String,
        /// The supplier.
        supplier: String,
        /// The id of the invoice already stored.
        existing: i64,
    },
    /// No invoice with this id.
    #[error("there is no invoice {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// The notification names an invoice file that was not imported.
    #[error(
        "no imported invoice file matches the notification (SdI id {sdi_id}, file {file_name:?})"
    )]
    NoInvoiceForNotification {
        /// SdI's identifier of the file, as the notification gives it.
        sdi_id: String,
        /// The invoice file's name, when the notification gives it.
        file_name: Option<String>,
    },
    /// The matched file already has another SdI id.
    #[error("the invoice file {file_name} has SdI id {known}, the notification says {found}")]
    SdiIdMismatch {
        /// The invoice file.
        file_name: String,
        /// The SdI id already recorded for it.
        known: String,
        /// The SdI id the notification gives.
        found: String,
    },
    /// The notification names an invoice (number, year) that is not in the file.
    #[error("the file has no invoice {number} of {year}")]
    NoInvoiceForReference {
        /// The invoice's number.
        number: String,
        /// Its year.
        year: i32,
    },
    /// The event is impossible for the invoice's current state.
    #[error("invoice {invoice_id}: {event} refused: {refusal:?}")]
    Refused {
        /// The invoice.
        invoice_id: i64,
        /// The event's kind code (`RC`, `registered`, `term`, …).
        event: String,
        /// Why it was refused.
        refusal: Refusal,
    },
    /// The notification's signature is intact but its signer is not verified against the
    /// trusted list, and the configuration requires a verified one.
    #[error(
        "{file}: the notification's signer ({signer}) is {verdict}, and a verified signer is required"
    )]
    UntrustedNotification {
        /// The notification's file name.
        file: String,
        /// Who signed (the certificate's common name or subject).
        signer: String,
        /// `not-verified` or `untrusted`.
        verdict: String,
        /// Why untrusted (`self-signed`, `no-chain`…), empty when not verified.
        reason: String,
    },
    /// The configured trusted list (ETSI TS 119 612) cannot be read.
    #[error("the trusted list {path} cannot be used: {detail}")]
    TrustedList {
        /// The configured file.
        path: PathBuf,
        /// Why it cannot be used.
        detail: String,
    },
    /// The stored events of an invoice do not replay (the database was edited by hand).
    #[error("invoice {invoice_id}: its stored events do not replay: {detail}")]
    Corrupt {
        /// The invoice.
        invoice_id: i64,
        /// What does not replay.
        detail: String,
    },
    /// The database failed.
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

/// How the comune checks who signed its invoices (and, with SdI's signatures checked, its
/// notifications): the trusted list to judge signers against.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvoiceTrust {
    /// A trusted list in the ETSI TS 119 612 XML format (the EU and Italian lists are
    /// published in it). None: signers are shown "not verified".
    pub trusted_list: Option<PathBuf>,
    /// Refuse SdI notifications whose signer is not verified against the trusted list (by
    /// default an intact notification is accepted and its signer shown as not verified or
    /// untrusted).
    #[serde(default)]
    pub require_trusted_signer: bool,
}

impl InvoiceTrust {
    /// Reads the configured trusted list, when there is one.
    pub fn load(&self) -> Result<Option<fatturapa::envelope::TrustedList>, InvoiceError> {
        let Some(path) = &self.trusted_list else {
            return Ok(None);
        };
        let bytes = std::fs::read(path).map_err(|e| InvoiceError::TrustedList {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        fatturapa::envelope::TrustedList::from_xml(&bytes)
            .map(Some)
            .map_err(|e| InvoiceError::TrustedList {
                path: path.clone(),
                detail: e.to_string(),
            })
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
    /// The invoice as stored.
    pub invoice: InvoiceRecord,
    /// Where it stands: SdI's state and the comune's steps.
    pub lifecycle: Lifecycle,
    /// Its payment term and whether it is (or was) paid late.
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
