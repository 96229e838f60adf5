//! pagoPA, the online half: clients of the platform's official interfaces.
//!
//! - notice verification (`GET /payment-requests/{rpt_id}`, `payment-requests-v1.yaml`):
//!   [`PaymentRequestsClient`];
//! - Checkout carts (`POST /carts`, `checkout-ec-carts-v1.json`), answered with the URL the
//!   fronts open in the system browser: [`CheckoutClient`];
//! - the creditor's debt positions (GPD, `gpd-debt-positions-external-v1.json`): [`GpdClient`].
//!   A position read back becomes the printed notice with [`DebtPosition::printable_notice`].
//!
//! Every answer the platform can give is mapped to a [`PlatformError`] a person can act on
//! (its Fluent messages are in `locales/*/pagopa-platform.ftl`); nothing here guesses that a
//! notice is paid. The subscription key travels only in the header each specification's security
//! scheme names, is never logged, and is scrubbed from every error text.
//!
//! Checked by `tests/pagopa_platform.rs` (a fault-playing server of our own on 127.0.0.1) and
//! `tests/pagopa_contract.rs` (the official specifications served by Stoplight Prism, which
//! validates every request).

mod checkout;
mod gpd;
mod http;
pub(crate) mod messages;
mod payment_requests;
mod types;

pub use checkout::{CheckoutClient, MAX_CART_NOTICES, MAX_CART_TEXT};
pub use gpd::{
    CreditorDetails, DebtPosition, DebtorKind, FileProblem, FileSpot, FindLimits, GpdClient,
    GpdVerifier, MAX_GPD_TEXT, MAX_METADATA, MAX_TRANSFERS, Metadata, NewDebtPosition,
    NewPaymentOption, NewTransfer, NoticePart, OptionStatus, PositionDebtor, PositionFile,
    PositionFileError, PositionNoticeError, PositionOption, PositionReceipt, PositionStatus, Stamp,
    Transfer, TransferDestination, notice_outcome, postal_address,
};
pub use http::fault_codes;
pub use payment_requests::PaymentRequestsClient;
pub use types::{
    CartNotice, CheckoutCart, NoticeInfo, PaidDetails, PlatformConfig, PlatformError, ReturnUrls,
};
