//! The proximity engine: adverts in, "you are at the Duomo" out — once, at the right moment.
//!
//! - Only beacons in the [`Registry`] are tracked (nothing is kept about others).
//! - Each tracked beacon has an RSSI filter ([`super::ranging`]); its POI's distance is that of
//!   its nearest beacon.
//! - **Hysteresis**: a POI is entered within `enter_m` and left beyond `exit_m` (larger), or when
//!   none of its beacons has been heard for `exit_timeout_ms`.
//! - **Nearest POI wins**: the visitor is at one POI at a time; another one takes over only when
//!   it is within its own `enter_m` and `switch_ratio` times nearer for `switch_after_ms`.
//! - **Cooldown**: a POI entered again within `cooldown_ms` of its last announcement is entered
//!   silently (no event). **Quiet hours**: entries are silent then too.
//! - **Deterministic**: time is the advert's timestamp or what [`ProximityEngine::tick`] is given; the
//!   injected [`Clock`] only serves [`ProximityEngine::poll`].

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::Serialize;

use super::flow::FlowCounter;
use super::frames::{self, BeaconId, FrameError, Payload};
use super::ranging::{self, FilterConfig, Millis, RssiFilter, Zone};
use super::registry::Registry;

pub use crate::host::{Clock, SystemClock};

/// A clock that says what it is told (tests, trace replay).
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock that reads `at` (milliseconds since the Unix epoch) until told otherwise.
    pub fn new(at: Millis) -> ManualClock {
        ManualClock(AtomicI64::new(at))
    }
    /// Sets the time to `at`.
    pub fn set(&self, at: Millis) {
        self.0.store(at, Ordering::Relaxed);
    }
    /// Moves the time forward by `by` milliseconds.
    pub fn advance(&self, by: Millis) {
        self.0.fetch_add(by, Ordering::Relaxed);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> Millis {
        self.0.load(Ordering::Relaxed)
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now_ms(&self) -> Millis {
        (**self).now_ms()
    }
}

/// Hours in which entries are not announced, in local time (`utc_offset_min` from UTC: 60 in
/// Italian winter, 120 in summer; the front updates it). `start_min`/`end_min` are minutes after
/// midnight; a span may cross midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    /// Start of the quiet hours, in minutes after local midnight.
    pub start_min: u16,
    /// End of the quiet hours (excluded), in minutes after local midnight.
    pub end_min: u16,
    /// Local time's offset from UTC, in minutes.
    pub utc_offset_min: i16,
}

impl QuietHours {
    /// Whether the moment `at` (milliseconds since the Unix epoch) falls in the quiet hours.
    pub fn contains(&self, at: Millis) -> bool {
        let local = at.div_euclid(60_000) + i64::from(self.utc_offset_min);
        let minute = local.rem_euclid(1_440) as u16;
        let (s, e) = (self.start_min % 1_440, self.end_min % 1_440);
        if s <= e {
            s <= minute && minute < e
        } else {
            minute >= s || minute < e
        }
    }
}

/// The engine's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineConfig {
    /// How each beacon's RSSI readings are smoothed.
    pub filter: FilterConfig,
    /// Path-loss exponent n (2 in free space).
    pub path_loss_exponent: f32,
    /// Enter within this distance (metres) unless the registry says otherwise.
    pub enter_m: f32,
    /// Leave beyond this distance (metres) unless the registry says otherwise.
    pub exit_m: f32,
    /// Readings a beacon needs before it can make the visitor enter.
    pub min_samples: u32,
    /// A beacon can make the visitor enter only once it has been heard for this long, so that
    /// the beacons around have been heard too and the nearest POI wins from the start.
    pub settle_ms: u32,
    /// A beacon not heard for this long keeps the visitor at its POI (until the exit timeout)
    /// but cannot bring them in.
    pub stale_ms: u32,
    /// A beacon not heard for this long is forgotten; its POI is left if it was the last one.
    pub exit_timeout_ms: u32,
    /// Another POI takes over only when this many times nearer than the current one…
    pub switch_ratio: f32,
    /// …for this long (net: time it was not counts against it).
    pub switch_after_ms: u32,
    /// A POI is not announced again within this time of its last announcement.
    pub cooldown_ms: u32,
    /// Hours in which entries are not announced, if any.
    pub quiet_hours: Option<QuietHours>,
    /// At most this many beacons are tracked at once (bounds memory in a crowded hall).
    pub max_tracked: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            filter: FilterConfig::default(),
            path_loss_exponent: 2.0,
            enter_m: 2.5,
            exit_m: 5.0,
            min_samples: 3,
            settle_ms: 2_000,
            stale_ms: 2_000,
            exit_timeout_ms: 8_000,
            switch_ratio: 1.5,
            switch_after_ms: 1_500,
            cooldown_ms: 30 * 60_000,
            quiet_hours: None,
            max_tracked: 64,
        }
    }
}

/// Enter or exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProximityEventKind {
    /// The visitor entered the POI's area.
    Enter,
    /// The visitor left it.
    Exit,
}

/// Why a POI was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExitReason {
    /// Beyond the exit distance.
    Distance,
    /// Its beacons fell silent for the exit timeout.
    Timeout,
    /// Another POI was nearer.
    NearerPoi,
}

/// What the front shows: an announced entry, or the end of one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProximityEvent {
    /// Entry or exit.
    pub kind: ProximityEventKind,
    /// When it happened, in milliseconds since the Unix epoch.
    pub at: Millis,
    /// The POI's id in the open-data store.
    pub poi_id: Arc<str>,
    /// What to show the visitor.
    pub name: Arc<str>,
    /// The POI's nearest beacon.
    #[serde(serialize_with = "beacon_text")]
    pub beacon: BeaconId,
    /// The estimated distance to that beacon in metres, when there is one.
    pub distance_m: Option<f32>,
    /// The proximity zone of that distance.
    pub zone: Zone,
    /// Why the POI was left (exits only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ExitReason>,
}

fn beacon_text<S: serde::Serializer>(id: &BeaconId, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(id)
}

impl Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone)]
struct Tracked {
    poi: usize,
    filter: RssiFilter,
    first_seen: Millis,
    last_seen: Millis,
    heard: u32,
    power_at_1m: i8,
    enter_m: f32,
    exit_m: f32,
    distance: Option<f32>,
}

#[derive(Debug, Clone, Copy)]
struct Active {
    poi: usize,
    announced: bool,
}

#[derive(Debug, Clone, Copy)]
struct PoiDistance {
    poi: usize,
    beacon: BeaconId,
    distance: f32,
    enter_m: f32,
    exit_m: f32,
}

/// What a registered beacon looks like to the engine right now (for the CLI and debugging).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeaconState {
    /// The beacon.
    #[serde(serialize_with = "beacon_text")]
    pub beacon: BeaconId,
    /// The POI it stands at.
    pub poi_id: Arc<str>,
    /// The RSSI in dBm that the estimated distance corresponds to.
    pub rssi: Option<f32>,
    /// The estimated distance in metres.
    pub distance_m: Option<f32>,
    /// The proximity zone of that distance.
    pub zone: Zone,
    /// Readings its filter holds (running average) or has seen (the other filters).
    pub samples: usize,
}

/// The proximity engine. One per device; feed it every advert.
pub struct ProximityEngine {
    config: EngineConfig,
    registry: Registry,
    clock: Box<dyn Clock>,
    tracked: HashMap<BeaconId, Tracked>,
    current: Option<Active>,
    /// A POI nearer than the current one, and for how long (ms) it has been, net of the time
    /// it was not: a leaky count, so that one noisy reading neither switches nor resets it.
    challenger: Option<(usize, Millis)>,
    last_eval: Millis,
    last_announced: HashMap<usize, Millis>,
    last_counted: HashMap<usize, Millis>,
    flow: Option<FlowCounter>,
    now: Millis,
}

impl std::fmt::Debug for ProximityEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProximityEngine")
            .field("tracked", &self.tracked.len())
            .field("current", &self.current)
            .finish()
    }
}

impl ProximityEngine {
    /// An engine on the system clock.
    pub fn new(registry: Registry, config: EngineConfig) -> ProximityEngine {
        ProximityEngine::with_clock(registry, config, Box::new(SystemClock))
    }

    /// An engine on the given clock (tests and trace replay use a [`ManualClock`]).
    pub fn with_clock(
        registry: Registry,
        config: EngineConfig,
        clock: Box<dyn Clock>,
    ) -> ProximityEngine {
        ProximityEngine {
            config,
            registry,
            clock,
            tracked: HashMap::new(),
            current: None,
            challenger: None,
            last_eval: Millis::MIN,
            last_announced: HashMap::new(),
            last_counted: HashMap::new(),
            flow: None,
            now: Millis::MIN,
        }
    }

    /// The settings it runs with.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Replaces the registry (staff edited it); tracking and cooldowns start over.
    pub fn set_registry(&mut self, registry: Registry) {
        self.registry = registry;
        self.tracked.clear();
        self.current = None;
        self.last_announced.clear();
        self.last_counted.clear();
    }

    /// Starts counting visits per POI per hour (the visitor opted in).
    pub fn enable_flow(&mut self) {
        self.flow.get_or_insert_with(FlowCounter::new);
    }

    /// Stops counting and drops what was counted and not yet flushed.
    pub fn disable_flow(&mut self) {
        self.flow = None;
    }

    /// The visitor-flow counter, when counting is on.
    pub fn flow(&self) -> Option<&FlowCounter> {
        self.flow.as_ref()
    }

    /// The visitor-flow counter to flush, when counting is on.
    pub fn flow_mut(&mut self) -> Option<&mut FlowCounter> {
        self.flow.as_mut()
    }

    /// The platform-free entry point: the bytes a scanner received (a whole advertisement or
    /// one of its fields), their RSSI (dBm) and when (ms). Returns the events it causes; a frame
    /// that is not a beacon, or a beacon not in the registry, causes none.
    pub fn on_advert(
        &mut self,
        payload: Payload<'_>,
        rssi: i16,
        timestamp: Millis,
    ) -> Result<Vec<ProximityEvent>, FrameError> {
        let frame = frames::parse(payload)?;
        let Some(id) = frame.beacon_id() else {
            return Ok(Vec::new());
        };
        Ok(self.on_beacon(id, frame.power_at_1m(), rssi, timestamp))
    }

    /// As [`ProximityEngine::on_advert`], for a frame already parsed.
    pub fn on_beacon(
        &mut self,
        id: BeaconId,
        power_at_1m: Option<i8>,
        rssi: i16,
        timestamp: Millis,
    ) -> Vec<ProximityEvent> {
        let Some(info) = self.registry.beacon(&id) else {
            return Vec::new();
        };
        // 127 is "RSSI not available" on every platform; positive values are not real readings.
        if !(-127..0).contains(&rssi) {
            return Vec::new();
        }
        let now = timestamp.max(self.now);
        self.now = now;
        let Some(power) = info.power_at_1m.or(power_at_1m) else {
            return Vec::new();
        };
        let enter_m = info.enter_m.unwrap_or(self.config.enter_m);
        let exit_m = info
            .exit_m
            .unwrap_or(self.config.exit_m)
            .max(enter_m + f32::EPSILON);
        let poi = info.poi;
        if !self.tracked.contains_key(&id) && self.tracked.len() >= self.config.max_tracked {
            self.drop_farthest();
        }
        let filter_cfg = self.config.filter;
        let t = self.tracked.entry(id).or_insert_with(|| Tracked {
            poi,
            filter: RssiFilter::new(filter_cfg),
            first_seen: now,
            last_seen: now,
            heard: 0,
            power_at_1m: power,
            enter_m,
            exit_m,
            distance: None,
        });
        t.last_seen = now;
        t.heard = t.heard.saturating_add(1);
        t.power_at_1m = power;
        t.filter.add(now, rssi as i8);
        t.distance = t
            .filter
            .value(now)
            .map(|v| ranging::distance_m(power, v, self.config.path_loss_exponent));
        self.evaluate(now)
    }

    /// Lets time pass with no advert (scanners call it once a scan cycle): beacons fall silent,
    /// POIs are left.
    pub fn tick(&mut self, now: Millis) -> Vec<ProximityEvent> {
        let now = now.max(self.now);
        self.now = now;
        for t in self.tracked.values_mut() {
            // A filter whose samples all expired keeps its last estimate until the exit timeout.
            if let Some(v) = t.filter.value(now) {
                t.distance = Some(ranging::distance_m(
                    t.power_at_1m,
                    v,
                    self.config.path_loss_exponent,
                ));
            }
        }
        self.evaluate(now)
    }

    /// [`ProximityEngine::tick`] at the injected clock's time.
    pub fn poll(&mut self) -> Vec<ProximityEvent> {
        let now = self.clock.now_ms();
        self.tick(now)
    }

    /// The POI the visitor is at (announced or not).
    pub fn current_poi(&self) -> Option<&str> {
        self.current
            .and_then(|a| self.registry.poi(a.poi))
            .map(|p| p.poi_id.as_ref())
    }

    /// The registered beacons being tracked.
    pub fn beacons(&self) -> Vec<BeaconState> {
        let mut v: Vec<BeaconState> = self
            .tracked
            .iter()
            .filter_map(|(id, t)| {
                let poi = self.registry.poi(t.poi)?;
                Some(BeaconState {
                    beacon: *id,
                    poi_id: poi.poi_id.clone(),
                    rssi: t.distance.map(|d| {
                        f32::from(t.power_at_1m) - 10.0 * self.config.path_loss_exponent * d.log10()
                    }),
                    distance_m: t.distance,
                    zone: Zone::from_distance(t.distance),
                    samples: t.filter.samples(),
                })
            })
            .collect();
        v.sort_by_key(|s| s.beacon);
        v
    }

    /// Bytes the engine holds for its tracked beacons (entries plus filter buffers).
    pub fn tracked_bytes(&self) -> usize {
        let entry = std::mem::size_of::<(BeaconId, Tracked)>() + 1; // + hashbrown control byte
        self.tracked.capacity() * entry
            + self
                .tracked
                .values()
                .map(|t| t.filter.heap_bytes())
                .sum::<usize>()
    }

    /// How many beacons are tracked now.
    pub fn tracked_count(&self) -> usize {
        self.tracked.len()
    }

    fn drop_farthest(&mut self) {
        let victim = self
            .tracked
            .iter()
            .max_by(|a, b| {
                let da = a.1.distance.unwrap_or(f32::INFINITY);
                let db = b.1.distance.unwrap_or(f32::INFINITY);
                da.total_cmp(&db)
                    .then(b.1.last_seen.cmp(&a.1.last_seen))
                    .then(a.0.cmp(b.0))
            })
            .map(|(id, _)| *id);
        if let Some(id) = victim {
            self.tracked.remove(&id);
        }
    }

    /// The nearest beacon of one POI. `fresh`: among those heard lately; `settled`: among
    /// those heard long enough to make the visitor enter.
    fn poi_distance(
        &self,
        poi: usize,
        now: Millis,
        fresh: bool,
        settled: bool,
    ) -> Option<PoiDistance> {
        let min_samples = self.config.min_samples.max(1);
        let settle = i64::from(self.config.settle_ms);
        let stale = i64::from(self.config.stale_ms);
        self.tracked
            .iter()
            .filter(|(_, t)| {
                t.poi == poi
                    && (!fresh || now.saturating_sub(t.last_seen) <= stale)
                    && (!settled
                        || (t.heard >= min_samples && now.saturating_sub(t.first_seen) >= settle))
            })
            .filter_map(|(id, t)| {
                t.distance.map(|d| PoiDistance {
                    poi,
                    beacon: *id,
                    distance: d,
                    enter_m: t.enter_m,
                    exit_m: t.exit_m,
                })
            })
            .min_by(|a, b| {
                a.distance
                    .total_cmp(&b.distance)
                    .then(a.beacon.cmp(&b.beacon))
            })
    }

    fn evaluate(&mut self, now: Millis) -> Vec<ProximityEvent> {
        let timeout = i64::from(self.config.exit_timeout_ms);
        self.tracked
            .retain(|_, t| now.saturating_sub(t.last_seen) <= timeout);

        let mut events = Vec::new();
        let current = self
            .current
            .map(|a| (a, self.poi_distance(a.poi, now, false, false)));
        // Leave the current POI when it is beyond its exit distance or silent.
        let mut kept = None;
        if let Some((active, d)) = current {
            match d {
                Some(d) if d.distance <= d.exit_m => kept = Some((active, d)),
                Some(d) => self.leave(active, Some(d), ExitReason::Distance, now, &mut events),
                None => self.leave(active, None, ExitReason::Timeout, now, &mut events),
            }
        }
        // The nearest POI within its enter distance; if its beacons have not settled yet, wait
        // rather than enter a farther one.
        let stale = i64::from(self.config.stale_ms);
        let nearest = self
            .tracked
            .iter()
            .filter(|(_, t)| now.saturating_sub(t.last_seen) <= stale)
            .filter_map(|(id, t)| {
                t.distance
                    .filter(|&d| d <= t.enter_m)
                    .map(|d| (d, *id, t.poi))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let candidate = nearest
            .and_then(|(_, _, poi)| self.poi_distance(poi, now, true, true))
            .filter(|d| d.distance <= d.enter_m);
        let dt = now.saturating_sub(self.last_eval).clamp(0, 1_000);
        self.last_eval = now;
        match (kept, candidate) {
            (Some((active, cur)), Some(cand))
                if cand.poi != active.poi
                    && cand.distance * self.config.switch_ratio.max(1.0) < cur.distance =>
            {
                let evidence = match self.challenger {
                    Some((poi, ms)) if poi == cand.poi => ms + dt,
                    _ => 0,
                };
                self.challenger = Some((cand.poi, evidence));
                if evidence >= i64::from(self.config.switch_after_ms) {
                    self.leave(active, Some(cur), ExitReason::NearerPoi, now, &mut events);
                    self.enter(cand, now, &mut events);
                }
            }
            (Some(_), _) => {
                self.challenger = self
                    .challenger
                    .map(|(poi, ms)| (poi, ms - dt))
                    .filter(|(_, ms)| *ms > 0);
            }
            (None, Some(cand)) => self.enter(cand, now, &mut events),
            (None, None) => {}
        }
        events
    }

    fn enter(&mut self, d: PoiDistance, now: Millis, events: &mut Vec<ProximityEvent>) {
        let cooldown = i64::from(self.config.cooldown_ms);
        let cooling =
            |last: Option<&Millis>| last.is_some_and(|&t| now.saturating_sub(t) < cooldown);
        let in_cooldown = cooling(self.last_announced.get(&d.poi));
        let quiet = self.config.quiet_hours.is_some_and(|q| q.contains(now));
        let announced = !in_cooldown && !quiet;
        self.current = Some(Active {
            poi: d.poi,
            announced,
        });
        self.challenger = None;
        let Some(poi) = self.registry.poi(d.poi).cloned() else {
            return;
        };
        if !cooling(self.last_counted.get(&d.poi)) {
            self.last_counted.insert(d.poi, now);
            if let Some(flow) = self.flow.as_mut() {
                flow.record(&poi.poi_id, now);
            }
        }
        if !announced {
            tracing::debug!(poi = %poi.poi_id, in_cooldown, quiet, "entered silently");
            return;
        }
        self.last_announced.insert(d.poi, now);
        events.push(ProximityEvent {
            kind: ProximityEventKind::Enter,
            at: now,
            poi_id: poi.poi_id,
            name: poi.name,
            beacon: d.beacon,
            distance_m: Some(d.distance),
            zone: Zone::from_distance(Some(d.distance)),
            reason: None,
        });
    }

    fn leave(
        &mut self,
        active: Active,
        d: Option<PoiDistance>,
        reason: ExitReason,
        now: Millis,
        events: &mut Vec<ProximityEvent>,
    ) {
        self.current = None;
        if !active.announced {
            return;
        }
        let Some(poi) = self.registry.poi(active.poi).cloned() else {
            return;
        };
        let beacon = d.map(|d| d.beacon).or_else(|| {
            self.tracked
                .iter()
                .filter(|(_, t)| t.poi == active.poi)
                .map(|(id, _)| *id)
                .min()
        });
        let Some(beacon) = beacon.or_else(|| self.any_beacon_of(active.poi)) else {
            return;
        };
        events.push(ProximityEvent {
            kind: ProximityEventKind::Exit,
            at: now,
            poi_id: poi.poi_id,
            name: poi.name,
            beacon,
            distance_m: d.map(|d| d.distance),
            zone: Zone::from_distance(d.map(|d| d.distance)),
            reason: Some(reason),
        });
    }

    fn any_beacon_of(&self, poi: usize) -> Option<BeaconId> {
        self.registry.beacon_of_poi(poi)
    }
}

#[cfg(test)]
mod tests;
