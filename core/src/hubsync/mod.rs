//! Offline-first sync with the aggregation's hub (`campanile-hub`): the device reads its own
//! database; what it writes for the hub (a practice opened at the counter, an event on one)
//! waits in an outbox, in order, each write with the idempotency key it is always sent with,
//! so a write retried after a lost answer is applied once; a sync sends what waits, then
//! brings the practices the hub has for the signed-in person into the local store.
//!
//! **The hub's order wins.** A practice's timeline on the device is only what the hub
//! confirmed, in the hub's order: a sync appends what the device does not have yet (through
//! the core's own rules, the same the hub checked them with), so the local copy is always a
//! prefix of the hub's and converges to it. A write the hub refuses (4xx) is kept as
//! `rejected` with the hub's message and never sent again; one that got no answer (network,
//! 5xx, 429) stays `pending` for the next sync, with the same key.
//!
//! The token the hub signed lives in the host's secret store ([`SecretName::HubToken`]), never
//! in the database.
//!
//! [`SecretName::HubToken`]: crate::secrets::SecretName::HubToken

mod apply;
pub mod browser;
mod client;
mod error;
mod messages;
mod outbox;
mod positions;

pub use apply::{HubEvent, HubPractice, apply_practice};
pub(crate) use client::encode;
pub use client::{HubClient, Login, Me, Sent};
pub use error::HubSyncError;
pub(crate) use outbox::{
    NewWrite, clear_session, entries, load_session, mark, pending, queue, save_session,
    set_last_sync,
};
pub use outbox::{OutboxEntry, OutboxState, SessionInfo};
pub use positions::{HubPosition, HubPositionOption};
