//! Beacons for visitors: the beacon → place registry, and a recorded trace replayed into
//! the "you are at …" events the app shows.

use campanile_core::beacons::proximity::ProximityEvent;
use campanile_core::work::Cancelled;
use campanile_core::{Error, Rejected, ScanHeard, ScanReport};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::AppState;
use crate::work_cmd::WorkEvent;

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

/// A live scan's end, as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ScanView {
    /// What was heard.
    pub report: ScanReport,
    /// The scan in words.
    pub summary: String,
}

/// Listens with this machine's Bluetooth adapter (btleplug) for `seconds` (1–600, default
/// 30): each beacon heard and each place entered or left goes to `on_event` as it happens;
/// [`crate::work_cmd::work_cancel`] with the id sent first stops it. Without an adapter, the
/// core's error says so.
#[tauri::command]
pub async fn beacons_scan(
    state: State<'_, AppState>,
    seconds: Option<u64>,
    on_event: Channel<WorkEvent>,
) -> Result<ScanView, Error> {
    let seconds = seconds.unwrap_or(30).clamp(1, 600);
    let (id, cancel) = state.start_work();
    if let Err(e) = on_event.send(WorkEvent::Started { id }) {
        tracing::warn!("work {id}: the page stopped listening: {e}");
    }
    let core = state.core.clone();
    let ch = on_event.clone();
    let mut on = move |heard: &ScanHeard| {
        let _ = ch.send(WorkEvent::Heard {
            text: core.beacons().heard_text(heard),
            heard: heard.clone(),
        });
    };
    let beacons = state.core.beacons();
    let out = tokio::select! {
        r = beacons.scan(seconds, None, &mut on) => r,
        () = cancel.cancelled() => Err(Error::from_domain(&state.core.i18n(), &Cancelled)),
    };
    state.end_work(id);
    let report = out?;
    Ok(ScanView {
        summary: beacons.scan_summary(&report),
        report,
    })
}
