//! FatturaPA, the Italian electronic invoice, as a comune receives it: the XML (FatturaPA 1.2,
//! FPA12 and FPR12, and FatturaPA 1.1, read like FPA12 where the formats agree: see the
//! differences in [`Format::Sdi11`]'s module docs), the signed `.p7m` envelope around it, and
//! the SdI notifications about it.
//!
//! - [`read_invoice`]: any invoice file: XML (UTF-8 with or without BOM, Windows-1252 even when
//!   it claims UTF-8, ISO-8859-1; namespace prefixes of any name or none; several invoices in
//!   one file) or a signed envelope (CMS SignedData, DER/BER or base64), which is verified
//!   before its content is read.
//! - [`envelope::unwrap`]: only the envelope: verified content and signers;
//!   [`envelope::unwrap_trusted`] also judges who signed against a trusted list (ETSI TS 119 612).
//! - [`read_notification_checked`]: the SdI notifications RC, NS, MC, NE, DT, AT, their XML
//!   signature checked first ([`read_notification`] only reads).
//!
//! Errors ([`Error`]) say what is wrong and where: the element path, line and column.
//!
//! The crate depends on no database or network code, so that the fuzzer can build it alone.

mod amount;
pub mod envelope;
mod error;
mod invoice;
mod payment;
pub mod sdi;
mod text;
mod xml;

pub use amount::Amount;
pub use error::{EnvelopeError, Error, ErrorKind, Expected, Location, Tamper};
pub use invoice::{Body, Format, InvoiceFile, Party, TotalSource, VatId, Warning};
pub use payment::{PaymentDetail, PaymentTerms};
pub use sdi::{Notification, NotificationKind, read_notification, read_notification_checked};
pub use text::TextEncoding;

/// Reads an invoice file: XML, or a signed envelope holding XML. A signed envelope is
/// verified first; a tampered one is an error ([`Error::is_tampered`]), never read.
pub fn read_invoice(bytes: &[u8]) -> Result<InvoiceFile, Error> {
    read_invoice_trusted(bytes, None)
}

/// [`read_invoice`], and who signed an envelope judged against the anchors of `list`
/// ([`envelope::SignerTrust`]).
pub fn read_invoice_trusted(
    bytes: &[u8],
    list: Option<&envelope::TrustedList>,
) -> Result<InvoiceFile, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty));
    }
    if is_xml(bytes) {
        return read_xml(bytes);
    }
    if !envelope::looks_like_envelope(bytes) {
        return Err(Error::new(ErrorKind::UnknownContent));
    }
    let unwrapped = envelope::unwrap_trusted(bytes, list)?;
    let mut invoice = read_xml(&unwrapped.content)?;
    invoice.signature = Some(unwrapped.signature);
    Ok(invoice)
}

/// Reads an invoice from its XML bytes (no envelope).
pub fn read_xml(bytes: &[u8]) -> Result<InvoiceFile, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty));
    }
    let (text, encoding) = text::decode(bytes)?;
    invoice::from_text(&text, encoding)
}

/// A byte-order mark, or `<` after blanks.
fn is_xml(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
    {
        return true;
    }
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}
