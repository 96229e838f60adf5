//! Beacons for visitors: the beacon → place registry, and a recorded trace replayed into
//! the "you are at …" events the app shows.

use campanile_core::beacons::proximity::ProximityEvent;
use campanile_core::{Error, Rejected};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// A proximity event and its words.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// The event.
    #[serde(flatten)]
    pub event: ProximityEvent,
    /// What to show the visitor.
    pub text: String,
}

/// A replay as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayView {
    /// Adverts read.
    pub adverts: usize,
    /// The events, in order.
    pub events: Vec<EventView>,
    /// Records that could not be read.
    pub rejected: Vec<Rejected>,
    /// The replay in words.
    pub summary: String,
}

/// Stores a registry (CSV or JSON text, named `name`), replacing the one stored when
/// `replace`; answers in words.
#[tauri::command]
pub async fn beacons_import_registry(
    state: State<'_, AppState>,
    name: String,
    text: String,
    replace: Option<bool>,
) -> Result<String, Error> {
    state
        .blocking(move |core| {
            let b = core.beacons();
            let r = b.import_registry_bytes(&name, text.as_bytes(), replace.unwrap_or(false))?;
            Ok(b.import_text(&r))
        })
        .await
}

/// Replays a trace (JSON lines, or CSV when `name` ends in `.csv`) ticking every `tick_ms`.
#[tauri::command]
pub async fn beacons_replay(
    state: State<'_, AppState>,
    name: String,
    text: String,
    tick_ms: Option<u32>,
) -> Result<ReplayView, Error> {
    state
        .blocking(move |core| {
            let b = core.beacons();
            let r = b.replay_bytes(&name, text.as_bytes(), tick_ms.unwrap_or(1000))?;
            Ok(ReplayView {
                summary: b.replay_summary(&r),
                adverts: r.adverts,
                events: r
                    .events
                    .into_iter()
                    .map(|e| EventView {
                        text: b.event_text(&e),
                        event: e,
                    })
                    .collect(),
                rejected: r.rejected,
            })
        })
        .await
}
