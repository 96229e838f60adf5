//! The printed payment notice ("avviso di pagamento") for counter staff: an A4 PDF with what
//! the pagoPA guidelines require — subject, creditor (name, office, fiscal code, contacts,
//! CBILL code), addressee (name, fiscal code or VAT number, address), how much and by when,
//! where to pay, and one box per payment option (the whole amount, or each installment) with
//! the notice code in groups of four, the creditor's fiscal code and the QR code
//! (`PAGOPA|002|…`, version 4, error correction M) with its text printed under it. When the
//! creditor has a postal account, each box also carries the "Bollettino Postale PA" with its
//! Data Matrix (`codfase=NBPA;…`), as pagoPA's notice templates do.
//!
//! Texts come from Fluent (`locales/*/pagopa-print.ftl`), in the notice's language. The fonts
//! are the standard Helvetica and Helvetica-Bold in WinAnsi, so accented letters and `€` print
//! everywhere and nothing is embedded.
//!
//! Checked by `tests/pagopa_print.rs`: the PDF is read back (lopdf, and poppler's
//! `pdftotext`), rasterised with `pdftoppm` and its QR and Data Matrix codes decoded by
//! [`super::scan`].

mod bulletin;
mod canvas;
mod document;
mod font;
mod format;
mod messages;
mod model;
mod receipt;
mod sections;

pub use document::{RenderStop, render_pdf, render_pdf_with, render_steps};
pub use model::{
    Creditor, NoticeDebtor, NoticeOption, PostalAccount, PrintError, PrintField, PrintProblem,
    PrintableNotice,
};
pub use receipt::render_receipt_pdf;
