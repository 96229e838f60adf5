//! Supplier invoices.

use super::C;
use crate::error::Classify;
use crate::invoices::InvoiceError;

impl Classify for InvoiceError {
    fn class(&self) -> C {
        match self {
            InvoiceError::Io { .. }
            | InvoiceError::Read { .. }
            | InvoiceError::TrustedList { .. }
            | InvoiceError::UntrustedNotification { .. }
            | InvoiceError::SdiIdMismatch { .. } => C::BadInput,
            InvoiceError::Duplicate { .. } | InvoiceError::Refused { .. } => C::Conflict,
            InvoiceError::NotFound { .. }
            | InvoiceError::NoInvoiceForNotification { .. }
            | InvoiceError::NoInvoiceForReference { .. } => C::NotFound,
            InvoiceError::Corrupt { .. } => C::Internal,
            InvoiceError::Store(e) => e.class(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            InvoiceError::Io { .. } => "invoices.file-unreadable",
            InvoiceError::Read { .. } => "invoices.bad-file",
            InvoiceError::TrustedList { .. } => "invoices.trusted-list",
            InvoiceError::UntrustedNotification { .. } => "invoices.untrusted-notification",
            InvoiceError::Duplicate { .. } => "invoices.duplicate",
            InvoiceError::NotFound { .. } => "invoices.not-found",
            InvoiceError::NoInvoiceForNotification { .. } => "invoices.no-invoice-for-notification",
            InvoiceError::SdiIdMismatch { .. } => "invoices.sdi-id-mismatch",
            InvoiceError::NoInvoiceForReference { .. } => "invoices.no-invoice-for-reference",
            InvoiceError::Refused { .. } => "invoices.step-refused",
            InvoiceError::Corrupt { .. } => "invoices.corrupt",
            InvoiceError::Store(e) => e.code(),
        }
    }
    /// A file that is not a valid invoice says which file, where it is wrong and whether its
    /// signed envelope was tampered with.
    fn details(&self) -> Vec<(&'static str, String)> {
        match self {
            InvoiceError::Read { file, source } => {
                let mut d = vec![
                    ("file", file.clone()),
                    ("tampered", source.is_tampered().to_string()),
                ];
                if let Some(at) = &source.at {
                    d.push(("element", at.path.clone()));
                    d.push(("line", at.line.to_string()));
                    d.push(("column", at.column.to_string()));
                }
                d
            }
            InvoiceError::UntrustedNotification { file, verdict, .. } => {
                vec![("file", file.clone()), ("signer", verdict.clone())]
            }
            InvoiceError::Io { path, .. } | InvoiceError::TrustedList { path, .. } => {
                vec![("file", path.display().to_string())]
            }
            InvoiceError::NotFound { id } => vec![("invoice", id.to_string())],
            InvoiceError::Duplicate { existing, .. } => vec![("existing", existing.to_string())],
            _ => Vec::new(),
        }
    }
}
