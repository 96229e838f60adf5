//! Suppliers' invoices to the comune: the invoices on this device with their state (SdI's
//! word, the comune's last step, the payment against its term), one invoice with its history,
//! and the import of an invoice file (FatturaPA XML or a signed `.p7m`).

use std::path::PathBuf;

use campanile_core::{Error, ErrorClass};
use campanile_core::{ImportText, InvoiceRow, InvoiceText};
use tauri::State;

use crate::state::AppState;

/// The invoices, newest first, each as a row in words.
#[tauri::command]
pub async fn invoices_list(state: State<'_, AppState>) -> Result<Vec<InvoiceRow>, Error> {
    state
        .blocking(|core| {
            let inv = core.invoices();
            Ok(inv.list()?.iter().map(|v| inv.row(v)).collect())
        })
        .await
}

/// One invoice: its fields and its history, in words.
#[tauri::command]
pub async fn invoice_detail(state: State<'_, AppState>, id: i64) -> Result<InvoiceText, Error> {
    state
        .blocking(move |core| {
            let inv = core.invoices();
            Ok(inv.text(&inv.status(id)?))
        })
        .await
}

/// Imports an invoice file: from `path`, or `bytes` of a file picked in the page, called
/// `name`. The same file again changes nothing; the same invoice in another file is the core's
/// conflict.
#[tauri::command]
pub async fn invoices_import(
    state: State<'_, AppState>,
    path: Option<PathBuf>,
    name: Option<String>,
    bytes: Option<Vec<u8>>,
) -> Result<ImportText, Error> {
    state
        .blocking(move |core| {
            let inv = core.invoices();
            let imported = match (path, bytes) {
                (Some(p), _) => inv.import_file(&p)?,
                (None, Some(b)) => {
                    inv.import_bytes(name.as_deref().unwrap_or("invoice.xml"), &b)?
                }
                (None, None) => {
                    return Err(Error::new(
                        ErrorClass::BadInput,
                        "desktop.invoice-no-file",
                        "no invoice file given: a path or a file's bytes",
                    ));
                }
            };
            Ok(inv.import_text(&imported))
        })
        .await
}
