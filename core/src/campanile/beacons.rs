//! Bluetooth LE beacons through the handle: decode a frame (hex text or bytes), the beacon →
//! place registry (import from bytes or a path, list), replay a trace (bytes or a path)
//! through the proximity engine, and — in a build with the `ble` feature — a live scan with
//! this device's adapter.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{Campanile, Labelled};
use crate::beacons::frames::{self, Frame, FrameKind};
use crate::beacons::proximity::{
    EngineConfig, ManualClock, ProximityEngine, ProximityEvent, ProximityEventKind,
};
use crate::beacons::registry::{self, Registry, RegistryEntry, RegistryError};
use crate::beacons::trace::{self, TraceRecord};
use crate::error::{Error, ErrorClass};
use crate::i18n::Arg;

/// A decoded beacon frame. Serialised as its fields, `kind` first among them (`ibeacon`,
/// `altbeacon`, `eddystone-uid`, …).
#[derive(Debug, Clone, Serialize)]
pub struct DecodedFrame {
    /// Which format it is.
    #[serde(skip)]
    pub kind: FrameKind,
    /// Its fields, by name (`kind`, `uuid`, `major`, `minor`, `measured_power`, …).
    #[serde(flatten)]
    pub fields: serde_json::Map<String, Value>,
}

/// What importing a registry did.
#[derive(Debug, Clone, Serialize)]
pub struct RegistryImport {
    /// How the file is called.
    pub file: String,
    /// How many beacons were registered (new or updated).
    pub registered: usize,
    /// True when the registry was emptied first.
    pub replaced: bool,
}

/// An advert of a trace that was not a beacon frame.
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    /// Its index in the trace.
    pub index: usize,
    /// Why, in the handle's language.
    pub error: String,
}

/// What replaying a trace did.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    /// How many adverts were replayed.
    pub adverts: usize,
    /// The places entered and left, in order.
    pub events: Vec<ProximityEvent>,
    /// The adverts that were not beacon frames.
    pub rejected: Vec<Rejected>,
}

/// Something heard during a live scan, as it happens.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ScanHeard {
    /// A beacon heard for the first time in this scan.
    Beacon {
        /// Its frame's fields, with `rssi`.
        frame: Value,
        /// The frame's format.
        kind: &'static str,
        /// The beacon's id (or the frame's kind when it has none).
        beacon: String,
        /// The received power (dBm; 127 when unknown).
        rssi: i16,
    },
    /// A place entered or left.
    Event(ProximityEvent),
}

/// What a live scan heard.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanReport {
    /// Adverts heard.
    pub adverts: usize,
    /// Of which beacon frames.
    pub frames: usize,
    /// Each beacon heard, once, with its RSSI.
    pub beacons: Vec<Value>,
    /// The places entered and left.
    pub events: Vec<ProximityEvent>,
}

/// The beacons part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Beacons<'a> {
    pub(super) core: &'a Campanile,
}

impl Beacons<'_> {
    /// Decodes an advertisement given in hex (spaces, colons and a `0x` prefix allowed).
    pub fn decode_hex(&self, text: &str) -> Result<DecodedFrame, Error> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ':')
            .collect();
        let clean = clean
            .strip_prefix("0x")
            .or_else(|| clean.strip_prefix("0X"))
            .unwrap_or(&clean);
        let bytes = hex::decode(clean).map_err(|_| {
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "beacons.bad-hex",
                    "beacons-error-hex",
                    &[("value", text.into())],
                )
                .with_detail("advertisement", text)
        })?;
        self.decode(&bytes)
    }

    /// Decodes an advertisement's bytes (AD structures: length, type, data…).
    pub fn decode(&self, bytes: &[u8]) -> Result<DecodedFrame, Error> {
        let frame = frames::parse_advertisement(bytes).map_err(|e| self.core.error(&e))?;
        Ok(decoded(&frame))
    }

    /// A decoded frame in words: a headline and its fields.
    pub fn frame_text(&self, frame: &DecodedFrame) -> (String, Vec<Labelled>) {
        let headline = self
            .core
            .tr("beacons-parsed", &[("kind", frame.kind.as_str().into())]);
        let rows = frame
            .fields
            .iter()
            .filter(|(k, _)| k.as_str() != "kind")
            .map(|(k, v)| Labelled {
                label: k.clone(),
                value: match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                },
            })
            .collect();
        (headline, rows)
    }

    /// Imports a registry's bytes (CSV or JSON: beacon, poi_id, name[, enter_m, exit_m,
    /// power_at_1m]); `file_name` picks the format by its extension and names it in errors.
    /// Beacons already registered are updated; with `replace` the registry is emptied first.
    /// One transaction: on error nothing changes.
    pub fn import_registry_bytes(
        &self,
        file_name: &str,
        bytes: &[u8],
        replace: bool,
    ) -> Result<RegistryImport, Error> {
        let entries = registry::read_bytes(Path::new(file_name), bytes)
            .map_err(|e| self.registry_error(&e))?;
        self.save(file_name, &entries, replace)
    }

    /// Imports the registry file at `path` (see [`Beacons::import_registry_bytes`]).
    pub fn import_registry_file(
        &self,
        path: &Path,
        replace: bool,
    ) -> Result<RegistryImport, Error> {
        let entries = registry::read_file(path).map_err(|e| self.registry_error(&e))?;
        self.save(&path.display().to_string(), &entries, replace)
    }

    /// The registered beacons, by place then beacon.
    pub fn registry(&self) -> Result<Vec<RegistryEntry>, Error> {
        self.core
            .db()
            .read(registry::list)
            .map_err(|e| self.core.error(&e))?
            .map_err(|e| self.registry_error(&e))
    }

    /// The iBeacon proximity UUIDs of the registered beacons, distinct and sorted, as
    /// `8-4-4-4-12` upper-case hex: what a phone whose system hides iBeacon frames from
    /// Bluetooth scans (iOS) asks its location service to range, so a beacon added to the
    /// registry is heard without a new app release.
    pub fn ibeacon_uuids(&self) -> Result<Vec<String>, Error> {
        let mut uuids: Vec<String> = self
            .registry()?
            .iter()
            .filter_map(|e| match &e.beacon {
                crate::beacons::BeaconId::IBeacon { uuid, .. } => Some(uuid_text(uuid)),
                _ => None,
            })
            .collect();
        uuids.sort();
        uuids.dedup();
        Ok(uuids)
    }

    /// A registry entry in words.
    pub fn entry_text(&self, e: &RegistryEntry) -> String {
        self.core.tr(
            "beacons-registry-entry",
            &[
                ("beacon", e.beacon.to_string().into()),
                ("name", e.name.as_str().into()),
                ("poi", e.poi_id.as_str().into()),
            ],
        )
    }

    /// Replays a trace's bytes (JSON lines, or CSV when `file_name` ends in `.csv`) through the
    /// proximity engine with the stored registry; the engine is ticked every `tick_ms` of trace
    /// time, as a scanner's cycle would.
    pub fn replay_bytes(
        &self,
        file_name: &str,
        bytes: &[u8],
        tick_ms: u32,
    ) -> Result<Replay, Error> {
        let records =
            trace::read_bytes(Path::new(file_name), bytes).map_err(|e| self.core.error(&e))?;
        self.replay(&records, tick_ms)
    }

    /// Replays the trace file at `path` (see [`Beacons::replay_bytes`]).
    pub fn replay_file(&self, path: &Path, tick_ms: u32) -> Result<Replay, Error> {
        let records = trace::read_file(path).map_err(|e| self.core.error(&e))?;
        self.replay(&records, tick_ms)
    }

    /// Replays records through the proximity engine with the stored registry.
    pub fn replay(&self, records: &[TraceRecord], tick_ms: u32) -> Result<Replay, Error> {
        let mut engine = self.engine()?;
        let report = trace::replay(&mut engine, records, tick_ms);
        let i18n = self.core.i18n();
        Ok(Replay {
            adverts: report.adverts,
            events: report.events,
            rejected: report
                .rejected
                .iter()
                .map(|(index, e)| Rejected {
                    index: *index,
                    error: i18n.localize(e),
                })
                .collect(),
        })
    }

    /// A replay's summary in words.
    pub fn replay_summary(&self, r: &Replay) -> String {
        self.core.tr(
            "beacons-replay-summary",
            &[
                ("adverts", r.adverts.into()),
                ("events", r.events.len().into()),
                ("rejected", r.rejected.len().into()),
            ],
        )
    }

    /// A proximity event in words, with its time of day (UTC).
    pub fn event_text(&self, e: &ProximityEvent) -> String {
        let mut args: Vec<(&str, Arg)> = vec![
            ("time", clock_time(e.at).into()),
            ("name", e.name.as_ref().into()),
            ("poi", e.poi_id.as_ref().into()),
        ];
        let id = match e.kind {
            ProximityEventKind::Enter => {
                let d = e.distance_m.map_or("?".to_string(), |d| format!("{d:.1}"));
                args.push(("distance", d.into()));
                "beacons-event-enter"
            }
            ProximityEventKind::Exit => "beacons-event-exit",
        };
        self.core.tr(id, &args)
    }

    /// Something heard during a scan, in words.
    pub fn heard_text(&self, heard: &ScanHeard) -> String {
        match heard {
            ScanHeard::Beacon {
                kind, beacon, rssi, ..
            } => self.core.tr(
                "beacons-scan-heard",
                &[
                    ("kind", (*kind).into()),
                    ("beacon", beacon.as_str().into()),
                    ("rssi", i64::from(*rssi).into()),
                ],
            ),
            ScanHeard::Event(e) => self.event_text(e),
        }
    }

    /// Listens with this device's Bluetooth adapter for `seconds`, telling `on` each beacon
    /// heard (once) and each place entered or left; with `record`, every advert heard is also
    /// written to that trace file (JSON lines), for a later replay.
    #[cfg(feature = "ble")]
    pub async fn scan(
        &self,
        seconds: u64,
        record: Option<&Path>,
        on: &mut (dyn FnMut(&ScanHeard) + Send),
    ) -> Result<ScanReport, Error> {
        use std::collections::BTreeSet;
        use std::io::Write as _;

        use crate::beacons::scanner_btleplug;

        let mut engine = self.engine()?;
        let mut recorder = match record {
            Some(path) => Some(std::io::BufWriter::new(
                std::fs::File::create(path).map_err(|e| self.trace_write(path, &e))?,
            )),
            None => None,
        };
        let mut write_failed = None;
        let mut heard: BTreeSet<String> = BTreeSet::new();
        let mut report = ScanReport::default();
        let result = scanner_btleplug::scan(std::time::Duration::from_secs(seconds), |rec| {
            if let Some(w) = recorder.as_mut()
                && write_failed.is_none()
                && let Err(e) = writeln!(w, "{}", rec.to_json_line())
            {
                write_failed = Some(e);
            }
            let Ok(frame) = frames::parse(rec.payload.as_payload()) else {
                return;
            };
            report.frames += 1;
            let key = frame
                .beacon_id()
                .map_or_else(|| frame.kind().as_str().to_string(), |id| id.to_string());
            if heard.insert(key.clone()) {
                let mut doc = frame.to_json();
                if let Some(o) = doc.as_object_mut() {
                    o.insert("rssi".into(), rec.rssi.into());
                }
                report.beacons.push(doc.clone());
                on(&ScanHeard::Beacon {
                    frame: doc,
                    kind: frame.kind().as_str(),
                    beacon: key,
                    rssi: rec.rssi,
                });
            }
            if let Ok(evs) = engine.on_advert(rec.payload.as_payload(), rec.rssi, rec.t) {
                for e in evs {
                    on(&ScanHeard::Event(e.clone()));
                    report.events.push(e);
                }
            }
        })
        .await;
        report.adverts = result.map_err(|e| self.core.error(&e))?;
        let flushed = recorder.map(|mut w| w.flush()).transpose();
        if let (Some(path), Some(e)) = (record, write_failed.or(flushed.err())) {
            return Err(self.trace_write(path, &e));
        }
        Ok(report)
    }

    /// Without the `ble` feature there is no scan: a clear error.
    #[cfg(not(feature = "ble"))]
    pub async fn scan(
        &self,
        _seconds: u64,
        _record: Option<&Path>,
        _on: &mut (dyn FnMut(&ScanHeard) + Send),
    ) -> Result<ScanReport, Error> {
        Err(self.core.fail(
            ErrorClass::Internal,
            "beacons.no-ble",
            "beacons-error-no-ble",
            &[],
        ))
    }

    /// The scan's start in words.
    pub fn scan_start_text(&self, seconds: u64) -> String {
        self.core
            .tr("beacons-scan-start", &[("seconds", seconds.into())])
    }

    /// A scan's summary in words.
    pub fn scan_summary(&self, r: &ScanReport) -> String {
        self.core.tr(
            "beacons-scan-summary",
            &[("adverts", r.adverts.into()), ("frames", r.frames.into())],
        )
    }

    /// A registry import in words.
    pub fn import_text(&self, r: &RegistryImport) -> String {
        self.core.tr(
            "beacons-registry-imported",
            &[
                ("file", r.file.as_str().into()),
                ("count", r.registered.into()),
            ],
        )
    }

    #[cfg(feature = "ble")]
    fn trace_write(&self, path: &Path, e: &std::io::Error) -> Error {
        self.core
            .fail(
                ErrorClass::Internal,
                "beacons.trace-write",
                "beacons-error-trace-write",
                &[
                    ("path", path.display().to_string().into()),
                    ("detail", e.to_string().into()),
                ],
            )
            .with_detail("file", path.display())
    }

    fn save(
        &self,
        file: &str,
        entries: &[RegistryEntry],
        replace: bool,
    ) -> Result<RegistryImport, Error> {
        let now = self.core.host().clock.now_ms();
        let registered = self
            .core
            .db()
            .write(|store| registry::save(store, entries, replace, now))
            .map_err(|e| self.registry_error(&e))?;
        Ok(RegistryImport {
            file: file.to_string(),
            registered,
            replaced: replace,
        })
    }

    /// The proximity engine over the stored registry, on trace time.
    fn engine(&self) -> Result<ProximityEngine, Error> {
        let reg = self
            .core
            .db()
            .read(Registry::load)
            .map_err(|e| self.core.error(&e))?
            .map_err(|e| self.registry_error(&e))?;
        Ok(ProximityEngine::with_clock(
            reg,
            EngineConfig::default(),
            Box::new(ManualClock::new(0)),
        ))
    }

    fn registry_error(&self, e: &RegistryError) -> Error {
        self.core.error(e)
    }
}

fn decoded(frame: &Frame) -> DecodedFrame {
    let fields = match frame.to_json() {
        Value::Object(map) => map,
        other => {
            let mut map = serde_json::Map::new();
            map.insert("value".into(), other);
            map
        }
    };
    DecodedFrame {
        kind: frame.kind(),
        fields,
    }
}

/// `HH:MM:SS.mmm` UTC of a timestamp in milliseconds.
fn clock_time(ms: i64) -> String {
    let day = ms.rem_euclid(86_400_000);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        day / 3_600_000,
        day / 60_000 % 60,
        day / 1_000 % 60,
        day % 1_000
    )
}

/// A 16-byte UUID as `8-4-4-4-12` upper-case hex.
fn uuid_text(bytes: &[u8; 16]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
