//! Campanile's core for the phone shells: the one handle (`campanile_core::Campanile`) exported
//! through UniFFI, so that Android (Kotlin) and iOS (Swift) call the same places, beacons,
//! payments, practices and hub code as the CLI and the desktop. Thin by rule: each function
//! turns its arguments into a core call and the core's view into a record; the core's one
//! error becomes one [`CampanileError`]; async calls run on a tokio runtime; the host's secret
//! store (Android Keystore, iOS Keychain) is a foreign trait ([`HostSecrets`]).
//!
//! Generated Kotlin and Swift are never committed: `scripts/kotlin-test.sh` and
//! `scripts/swift-check.sh` generate them into the target folder with this workspace's
//! `uniffi-bindgen`.

uniffi::setup_scaffolding!();

#[cfg(feature = "beacons")]
mod beacons;
mod core;
mod error;
#[cfg(feature = "hub")]
mod hub;
#[cfg(feature = "payments")]
mod payments;
#[cfg(feature = "opendata")]
mod places;
#[cfg(feature = "practices")]
mod practices;
mod secrets;
#[cfg(feature = "opendata")]
mod tiles;
mod views;
mod work;

#[cfg(feature = "beacons")]
pub use beacons::{
    Advert, BeaconSession, Beacons, ProximityEvent, ProximityListener, ReplaySummary,
};
pub use core::{Core, CoreConfig};
pub use error::{CampanileError, ErrorClass};
#[cfg(feature = "hub")]
pub use hub::{Hub, HubSession, HubStatus, HubSyncSummary};
#[cfg(feature = "payments")]
pub use payments::{Attempt, Notice, NoticeStatus, Payments, Receipt, ScannedCode, Started};
#[cfg(feature = "opendata")]
pub use places::{ImportSummary, Place, PlaceHit, Places, SearchRequest, SyncSummary};
#[cfg(feature = "practices")]
pub use practices::{Change, ChangesPage, Deadline, Practice, PracticeEvent, Practices};
pub use secrets::HostSecrets;
#[cfg(feature = "opendata")]
pub use tiles::{Tile, TileArchive, Tiles};
pub use work::{CancelToken, Progress, ProgressListener};
