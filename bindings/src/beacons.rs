//! Beacons: the registry (beacon → place), a live session fed by the native scanners'
//! adverts (`on_advert`) whose Enter/Exit events reach the shell's listener, and the replay of
//! a recorded trace through the same engine.

use std::sync::{Arc, Mutex, PoisonError};

use campanile_core::Campanile;
use campanile_core::beacons::frames::Payload;
use campanile_core::beacons::proximity::{
    EngineConfig, ProximityEngine, ProximityEvent as CoreEvent, ProximityEventKind,
};
use campanile_core::beacons::registry::Registry;

use crate::core::Core;
use crate::error::Result;
use crate::views::{count_out, json};

/// A place entered or left.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProximityEvent {
    /// True for Enter, false for Exit.
    pub enter: bool,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// The place's id in the open-data store.
    pub poi_id: String,
    /// What to show the visitor.
    pub name: String,
    /// The place's nearest beacon.
    pub beacon: String,
    /// The estimated distance in metres.
    pub distance_m: Option<f32>,
    /// `immediate`, `near`, `far` or `unknown`.
    pub zone: String,
    /// The event in the handle's language.
    pub text: String,
}

/// What the shell implements to hear Enter/Exit events (called on the thread that fed the
/// advert or the replay).
#[uniffi::export(with_foreign)]
pub trait ProximityListener: Send + Sync {
    /// A place entered or left.
    fn on_event(&self, event: ProximityEvent);
}

/// One advert as a native scanner hands it over (for [`BeaconSession::on_adverts`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Advert {
    /// Its raw bytes (whole AD structures).
    pub bytes: Vec<u8>,
    /// Its RSSI (dBm).
    pub rssi: i16,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: i64,
}

/// What a replay did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReplaySummary {
    /// Adverts replayed.
    pub adverts: u64,
    /// The events, in order (each also given to the listener).
    pub events: Vec<ProximityEvent>,
    /// Adverts that were not beacon frames.
    pub rejected: u64,
}

/// The beacons part of the handle.
#[derive(Debug, uniffi::Object)]
pub struct Beacons {
    core: Campanile,
}

/// A live proximity session: the engine over the registry as it was when opened, fed by the
/// scanner's adverts.
#[derive(uniffi::Object)]
pub struct BeaconSession {
    core: Campanile,
    engine: Mutex<ProximityEngine>,
    listener: Arc<dyn ProximityListener>,
}

impl std::fmt::Debug for BeaconSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BeaconSession").finish_non_exhaustive()
    }
}

#[uniffi::export]
impl Core {
    /// Bluetooth beacons.
    pub fn beacons(&self) -> Arc<Beacons> {
        Arc::new(Beacons {
            core: self.inner.clone(),
        })
    }
}

fn event(core: &Campanile, e: &CoreEvent) -> ProximityEvent {
    ProximityEvent {
        enter: e.kind == ProximityEventKind::Enter,
        at_ms: e.at,
        poi_id: e.poi_id.to_string(),
        name: e.name.to_string(),
        beacon: e.beacon.to_string(),
        distance_m: e.distance_m,
        zone: e.zone.as_str().to_string(),
        text: core.beacons().event_text(e),
    }
}

#[uniffi::export]
impl Beacons {
    /// Imports a registry's bytes (CSV or JSON by `file_name`'s extension: beacon, poi_id,
    /// name[, enter_m, exit_m, power_at_1m]); with `replace` the registry is emptied first.
    /// Returns how many beacons were registered.
    pub fn import_registry(&self, file_name: String, bytes: Vec<u8>, replace: bool) -> Result<u64> {
        let r = self
            .core
            .beacons()
            .import_registry_bytes(&file_name, &bytes, replace)?;
        Ok(count_out(r.registered))
    }

    /// The registered beacons' iBeacon proximity UUIDs (`8-4-4-4-12`, distinct): what iOS
    /// ranges with CoreLocation, since it hides iBeacon frames from Bluetooth scans.
    pub fn ibeacon_uuids(&self) -> Result<Vec<String>> {
        Ok(self.core.beacons().ibeacon_uuids()?)
    }

    /// How many beacons are registered.
    pub fn registered(&self) -> Result<u64> {
        Ok(count_out(self.core.beacons().registry()?.len()))
    }

    /// Decodes an advertisement's bytes: its fields as JSON (`kind` first).
    pub fn decode(&self, advert: Vec<u8>) -> Result<String> {
        Ok(json(&self.core.beacons().decode(&advert)?))
    }

    /// Replays a trace's bytes (JSON lines, or CSV when `file_name` ends in `.csv`) through
    /// the proximity engine with the stored registry, ticking every `tick_ms` of trace time;
    /// each event also goes to `listener`.
    pub fn replay(
        &self,
        file_name: String,
        bytes: Vec<u8>,
        tick_ms: u32,
        listener: Option<Arc<dyn ProximityListener>>,
    ) -> Result<ReplaySummary> {
        let r = self
            .core
            .beacons()
            .replay_bytes(&file_name, &bytes, tick_ms)?;
        let events: Vec<ProximityEvent> = r.events.iter().map(|e| event(&self.core, e)).collect();
        if let Some(l) = &listener {
            for e in &events {
                l.on_event(e.clone());
            }
        }
        Ok(ReplaySummary {
            adverts: count_out(r.adverts),
            rejected: count_out(r.rejected.len()),
            events,
        })
    }

    /// A live session over the stored registry: feed it every advert the scanner receives;
    /// events go to `listener`.
    pub fn session(&self, listener: Arc<dyn ProximityListener>) -> Result<Arc<BeaconSession>> {
        let entries = self.core.beacons().registry()?;
        let engine =
            ProximityEngine::new(Registry::from_entries(&entries), EngineConfig::default());
        Ok(Arc::new(BeaconSession {
            core: self.core.clone(),
            engine: Mutex::new(engine),
            listener,
        }))
    }
}

impl BeaconSession {
    fn deliver(&self, events: &[CoreEvent]) -> u32 {
        for e in events {
            self.listener.on_event(event(&self.core, e));
        }
        u32::try_from(events.len()).unwrap_or(u32::MAX)
    }
}

#[uniffi::export]
impl BeaconSession {
    /// One advert from the native scanner: its raw bytes (whole AD structures), RSSI (dBm)
    /// and when (ms since the epoch). Returns how many events it caused (given to the
    /// listener); bytes that are not a beacon frame, or a beacon not registered, cause none.
    pub fn on_advert(&self, advert: Vec<u8>, rssi: i16, at_ms: i64) -> u32 {
        let events = {
            let mut engine = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
            engine
                .on_advert(Payload::Advertisement(&advert), rssi, at_ms)
                .unwrap_or_default()
        };
        self.deliver(&events)
    }

    /// A batch of adverts (Android's batched scan results, a Core Bluetooth burst), in
    /// order: one crossing of the FFI for many adverts. Returns how many events they caused.
    pub fn on_adverts(&self, adverts: Vec<Advert>) -> u32 {
        let events: Vec<CoreEvent> = {
            let mut engine = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
            adverts
                .iter()
                .flat_map(|a| {
                    engine
                        .on_advert(Payload::Advertisement(&a.bytes), a.rssi, a.at_ms)
                        .unwrap_or_default()
                })
                .collect()
        };
        self.deliver(&events)
    }

    /// Lets time pass with no advert (once a scan cycle): places are left when their beacons
    /// fall silent.
    pub fn tick(&self, now_ms: i64) -> u32 {
        let events = self
            .engine
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .tick(now_ms);
        self.deliver(&events)
    }

    /// The place the visitor is at, if any.
    pub fn current_poi(&self) -> Option<String> {
        self.engine
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .current_poi()
            .map(str::to_string)
    }
}
