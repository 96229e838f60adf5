//! Campanile's shared core: everything the fronts (CLI, desktop, mobile, hub) do lives here.
//!
//! - [`store`]: the on-device SQLite database (bundled SQLite with FTS5 and R*Tree, WAL,
//!   numbered migrations).
//! - [`opendata`]: harvesting CKAN / DCAT-AP_IT portals, normalising their files into points of
//!   interest, storing and searching them offline, and offline vector map tiles.
//! - [`beacons`]: Bluetooth LE beacon frames, RSSI ranging and proximity events for points of
//!   interest (one platform-free entry point, `on_advert`).
//! - [`pagopa`]: pagoPA payment notices read offline (QR code, Poste Data Matrix, typed input,
//!   photos) and validated.
//! - [`secrets`]: the platform's keys and tokens in the OS keyring, and their redaction.
//! - [`practices`]: the procedures catalog, practices on the AgID SUAP states with an
//!   append-only timeline, the legal deadline engine and the per-person changes feed.
//! - [`invoices`]: supplier invoices (FatturaPA) tracked from SdI's notifications to payment,
//!   with the late-payment term of D.Lgs 231/2002.
//! - [`i18n`]: Fluent translations from `locales/`, with Italian then English as fallbacks.

pub mod beacons;
mod campanile;
pub mod error;
pub mod format;
pub mod host;
pub mod i18n;
pub mod invoices;
pub mod opendata;
pub mod pagopa;
pub mod practices;
pub mod secrets;
pub mod store;
pub mod time;
pub mod work;

pub use campanile::{
    CHECKOUT_PRODUCTION, CHECKOUT_UAT, Campanile, ClockView, Config, Database, DeadlineRequest,
    DeadlineView, EventRequest, GPD_PRODUCTION, GPD_UAT, Host, ImportReport, NoticeCheck,
    OpenRequest, PagoPaConfig, PagoPaEnvironment, PatronOverrides, Payments, Places, Positions,
    PracticeView, Practices, ProcedureRef, Procedures, SearchRequest, StepView,
};
pub use error::{Error, ErrorClass, ErrorDetails};
