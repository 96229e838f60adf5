//! pagoPA, the offline half: reading payment notices ("avvisi di pagamento") from their QR code,
//! their Poste Data Matrix, typed input or a photo, and validating them before any network call.
//!
//! - [`notice`]: the validated pieces (notice number, creditor fiscal code, amount, RptId) and
//!   the errors, each naming the field that is wrong ([`Field`]) and what is wrong ([`Problem`]).
//! - [`checks`]: the mod-93 check digits and the fiscal code's check digit.
//! - [`qr`], [`datamatrix`], [`manual`]: the three ways a notice arrives as text.
//! - [`scan`]: notice QR codes found in a PNG or JPEG photo.
//! - [`print`]: the printed notice (PDF) for counter staff.
//! - [`ledger`]: the payment ledger: every payment attempt kept in SQLite, paid only on the
//!   platform's evidence, never charged twice, reconciled after a crash or a lost connection.
//!
//! [`parse`] picks the right reader for any text.
//!
//! Checked by `tests/pagopa_notice.rs` (property tests), `tests/pagopa_photos.rs` (generated
//! notice photos), `benches/pagopa_notice.rs` (notices per second), `examples/qr_bench.rs`
//! (photo decoding side by side with zbarimg) and the `pagopa_notice` fuzz target:
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run pagopa_notice -- -max_total_time=20`.

pub mod ledger;
mod messages;
pub mod platform;
pub mod print;
pub mod scan;

// The text readers live in their own small crate (see its docs); here they keep their paths.
pub use campanile_pagopa_notice::{
    Amount, AuxDigit, Checks, CreditorFiscalCode, Field, Notice, NoticeError, NoticeNumber,
    PosteDetails, Problem, RptId, Source, checks, datamatrix, manual, notice, parse, parse_with,
    qr,
};
