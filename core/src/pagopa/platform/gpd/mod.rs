//! The creditor side: debt positions on the platform's GPD ("Gestione Posizioni Debitorie"),
//! `gpd-debt-positions-external-v1.json`, for the counter staff of a comune.
//!
//! A debt position ([`NewDebtPosition`]) is what a debtor owes the comune, with one or more
//! payment options ([`NewPaymentOption`]: pay in full, or in instalments), each identified by its
//! IUV and split into 1–5 transfers ([`NewTransfer`]) to the accounts that receive the money.
//! It is created as a draft (or published at once), published, read back with its status
//! ([`PositionStatus`], [`OptionStatus`]), invalidated; a paid option yields a [`PositionReceipt`] built
//! only from what the platform says of it.
//!
//! - [`request`]: the position to create, as the comune fills it in; [`validate`] checks it
//!   against the specification before any call, and [`request_body`] writes it as the
//!   specification's JSON;
//! - [`answer`]: the position as the platform returns it, read from its JSON by
//!   [`answer_body`], with the statuses of [`status`];
//! - [`client`]: the calls; [`find`]: a notice found by its number in the paged list;
//! - [`verify`]: a notice of the creditor's own verified through its positions, with the
//!   outcomes of notice verification;
//! - [`position_file`]: the JSON file of Campanile's own shape counter staff create a position
//!   from;
//! - [`printable`]: a position read back turned into the printed notice, with its errors'
//!   words in [`printable_messages`].

mod answer;
mod answer_body;
mod client;
mod find;
mod position_file;
mod position_file_messages;
#[cfg(test)]
mod position_file_tests;
mod printable;
mod printable_messages;
#[cfg(test)]
mod printable_tests;
mod request;
mod request_body;
mod status;
mod validate;
mod verify;

pub use answer::{DebtPosition, PositionOption, PositionReceipt, Transfer};
pub use client::GpdClient;
pub use find::FindLimits;
pub use position_file::{FileProblem, FileSpot, PositionFile, PositionFileError};
pub use printable::{CreditorDetails, NoticePart, PositionNoticeError, postal_address};
pub use request::{
    DebtorKind, Metadata, NewDebtPosition, NewPaymentOption, NewTransfer, PositionDebtor, Stamp,
    TransferDestination,
};
pub use status::{OptionStatus, PositionStatus};
pub use verify::{GpdVerifier, notice_outcome};

/// The longest text most GPD fields accept, in characters.
pub const MAX_GPD_TEXT: usize = 140;
/// The most transfers a payment option may have.
pub const MAX_TRANSFERS: usize = 5;
/// The most metadata pairs a payment option or a transfer may have.
pub const MAX_METADATA: usize = 10;
