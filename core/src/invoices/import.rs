//! Importing an invoice file: read (and verify) it, refuse duplicates, store the file and each
//! of its invoices with an `imported` event, all in one transaction.

use std::path::Path;

use campanile_fatturapa::{InvoiceFile, Party, TotalSource};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::detail::InvoiceEventDetail;
use super::{InvoiceError, db};
use crate::store::Store;

/// What an import stored.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The id of the stored file.
    pub file_id: i64,
    /// One id an invoice of the file, in file order.
    pub invoice_ids: Vec<i64>,
    /// True when the very same file (same bytes) was imported before: nothing was written.
    pub already_imported: bool,
    /// What was read from the file.
    pub file: InvoiceFile,
}

/// Imports the invoice file at `path` (XML, or a signed `.p7m` whose envelope verifies).
pub fn import_file(store: &mut Store, path: &Path) -> Result<Imported, InvoiceError> {
    let bytes = std::fs::read(path).map_err(|e| InvoiceError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    import_bytes(store, &name, &bytes)
}

/// Imports an invoice file's bytes; `file_name` is how SdI notifications will name it
/// (`IT01234567890_11111.xml.p7m`).
pub fn import_bytes(
    store: &mut Store,
    file_name: &str,
    bytes: &[u8],
) -> Result<Imported, InvoiceError> {
    import_bytes_trusted(store, file_name, bytes, None)
}

/// [`import_bytes`], with who signed a `.p7m` judged against the anchors of `list`
/// (verified, untrusted; without a list: not verified). The verdict is stored with the
/// signers.
pub fn import_bytes_trusted(
    store: &mut Store,
    file_name: &str,
    bytes: &[u8],
    list: Option<&campanile_fatturapa::envelope::TrustedList>,
) -> Result<Imported, InvoiceError> {
    let file = campanile_fatturapa::read_invoice_trusted(bytes, list).map_err(|source| {
        InvoiceError::Read {
            file: file_name.to_string(),
            source,
        }
    })?;
    let sha = hex::encode(Sha256::digest(bytes));
    let now = store.now();
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM invoice_files WHERE sha256 = ?1",
            [&sha],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(file_id) = existing {
        let invoice_ids = db::invoices_of_file(&tx, file_id)?
            .into_iter()
            .map(|i| i.id)
            .collect();
        return Ok(Imported {
            file_id,
            invoice_ids,
            already_imported: true,
            file,
        });
    }
    let supplier = vat_or_code(&file.supplier);
    for body in &file.bodies {
        if let Some(existing) = duplicate(&tx, &supplier, body)? {
            return Err(InvoiceError::Duplicate {
                number: body.number.clone(),
                supplier: file.supplier.name.clone(),
                existing,
            });
        }
    }
    let signers = file
        .signature
        .as_ref()
        .and_then(|s| serde_json::to_string(&s.signers).ok());
    tx.execute(
        "INSERT INTO invoice_files (file_name, sha256, format, transmitter, progressive, \
         recipient_code, encoding, signers, imported_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            file_name,
            sha,
            file.format.code(),
            file.transmitter.to_string(),
            file.progressive,
            file.recipient_code,
            file.encoding.used,
            signers,
            db::unix_seconds(now),
        ],
    )?;
    let file_id = tx.last_insert_rowid();
    let mut invoice_ids = Vec::with_capacity(file.bodies.len());
    for body in &file.bodies {
        let payments = serde_json::to_string(&body.payments).unwrap_or_else(|_| "[]".into());
        tx.execute(
            "INSERT INTO invoices (file_id, position, supplier_vat, supplier_name, \
             customer_name, customer_id, document_type, number, date, currency, total_cents, \
             total_source, description, payments) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                file_id,
                i64::try_from(body.position).unwrap_or(i64::MAX),
                supplier,
                file.supplier.name,
                file.customer.name,
                file.customer
                    .vat_id
                    .as_ref()
                    .map(ToString::to_string)
                    .or_else(|| file.customer.fiscal_code.clone()),
                body.document_type,
                body.number,
                body.date.format("%Y-%m-%d").to_string(),
                body.currency,
                body.total.cents(),
                match body.total_source {
                    TotalSource::Declared => "declared",
                    TotalSource::SummaryLines => "summary-lines",
                },
                body.description,
                payments,
            ],
        )?;
        let id = tx.last_insert_rowid();
        db::append_event(
            &tx,
            now,
            id,
            "imported",
            None,
            &InvoiceEventDetail {
                file_name: Some(file_name.to_string()),
                sha256: Some(sha.clone()),
                position: Some(body.position as u64),
                ..InvoiceEventDetail::default()
            },
        )?;
        invoice_ids.push(id);
    }
    tx.commit()?;
    Ok(Imported {
        file_id,
        invoice_ids,
        already_imported: false,
        file,
    })
}

/// The supplier's VAT id (`IT01234567890`), else its fiscal code.
fn vat_or_code(p: &Party) -> String {
    p.vat_id
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| p.fiscal_code.clone())
        .unwrap_or_default()
}

/// An invoice already stored with the same supplier, document type, number and year, unless
/// SdI rejected it (NS): a rejected file never became an invoice, so the supplier sends it
/// again with the same number.
fn duplicate(
    conn: &rusqlite::Connection,
    supplier: &str,
    body: &campanile_fatturapa::Body,
) -> Result<Option<i64>, InvoiceError> {
    let year = body.date.format("%Y").to_string();
    let mut stmt = conn.prepare(
        "SELECT i.id FROM invoices i WHERE i.supplier_vat = ?1 AND i.number = ?2 \
         AND i.document_type = ?3 AND substr(i.date, 1, 4) = ?4 \
         AND NOT EXISTS (SELECT 1 FROM invoice_events e WHERE e.invoice_id = i.id AND e.kind = 'NS')",
    )?;
    let id = stmt
        .query_row(
            params![supplier, body.number, body.document_type, year],
            |r| r.get(0),
        )
        .optional()?;
    Ok(id)
}
