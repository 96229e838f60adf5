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
//!
//! The fronts hold one [`Campanile`] handle and get the one [`Error`]; the handle, its parts,
//! the host traits ([`host`]), [`error`], [`format`], [`time`] and [`work`] are the API every
//! front uses, and every public item there is documented (`missing_docs` warns).

#![warn(missing_docs)]

// The whole public API is documented, the domain modules included: `missing_docs` warns on
// every public item.
#[cfg(feature = "beacons")]
pub mod beacons;
mod campanile;
pub mod error;
pub mod format;
pub mod host;
#[cfg(feature = "hub")]
pub mod hubsync;
pub mod i18n;
#[cfg(feature = "invoices")]
pub mod invoices;
pub mod loopback;
#[cfg(feature = "opendata")]
pub mod opendata;
#[cfg(feature = "payments")]
pub mod pagopa;
#[cfg(feature = "practices")]
pub mod practices;
pub mod secrets;
pub mod store;
pub mod text;
pub mod time;
pub mod work;

// The handle, its parts and their views (each part with its domain's feature).
pub use campanile::*;
pub use error::{Error, ErrorClass, ErrorDetails};
