//! The beacon → point-of-interest registry: which beacon stands at which POI, with its own
//! enter/exit radii and calibration when the defaults do not fit. Kept in SQLite (table
//! `beacon_registry`), imported from CSV or JSON (staff will edit it through the hub later).
//!
//! File format (CSV with a header, `,` or `;`; or JSON: an array of objects with the same keys,
//! or `{"beacons": [...]}`):
//!
//! | column | required | meaning |
//! | --- | --- | --- |
//! | `beacon` | yes | `ibeacon:UUID:MAJOR:MINOR`, `altbeacon:ID`, `eddystone-uid:NS:INSTANCE`, `eddystone-eid:EID` |
//! | `poi_id` | yes | the POI's id (as in the open-data store) |
//! | `name` | yes | what to show the visitor |
//! | `enter_m` | no | enter within this distance (metres) |
//! | `exit_m` | no | leave beyond this distance (metres, larger than `enter_m`) |
//! | `power_at_1m` | no | measured RSSI at 1 m (dBm), overriding what the beacon sends |

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::frames::{BeaconId, BeaconIdError};
use crate::store::Store;

/// One registry row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistryEntry {
    /// The beacon (`ibeacon:UUID:MAJOR:MINOR`, `altbeacon:ID`, …).
    #[serde(serialize_with = "as_text")]
    pub beacon: BeaconId,
    /// The POI it stands at (its id in the open-data store).
    pub poi_id: String,
    /// What to show the visitor.
    pub name: String,
    /// Enter within this distance, in metres (the engine's default when `None`).
    pub enter_m: Option<f32>,
    /// Leave beyond this distance, in metres (larger than `enter_m`).
    pub exit_m: Option<f32>,
    /// Measured RSSI at 1 m in dBm, overriding what the beacon sends.
    pub power_at_1m: Option<i8>,
}

fn as_text<S: serde::Serializer>(id: &BeaconId, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(id)
}

/// Why a registry file or the registry table could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The registry file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The registry file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is neither `.csv` nor `.json`.
    #[error("{path}: unknown registry format (use a .csv or .json file)")]
    UnknownFormat {
        /// The registry file.
        path: PathBuf,
    },
    /// The file is not valid JSON.
    #[error("{path}: not valid JSON at line {line}, column {column}: {detail}")]
    Json {
        /// The registry file.
        path: PathBuf,
        /// The line of the error (1-based).
        line: usize,
        /// The column of the error (1-based).
        column: usize,
        /// What the JSON parser said.
        detail: String,
    },
    /// A CSV record cannot be read.
    #[error("{path}: CSV record {record}: {detail}")]
    Csv {
        /// The registry file.
        path: PathBuf,
        /// The record's number.
        record: usize,
        /// What the CSV reader said.
        detail: String,
    },
    /// The CSV header lacks a required column.
    #[error("{path}: the header has no column \"{column}\"")]
    MissingColumn {
        /// The registry file.
        path: PathBuf,
        /// The missing column.
        column: &'static str,
    },
    /// A field has a value that is not allowed.
    #[error("{path}: record {record}, field {field} = \"{value}\": {reason}")]
    Field {
        /// The registry file.
        path: PathBuf,
        /// The record's number.
        record: usize,
        /// The field's name.
        field: &'static str,
        /// The value as read.
        value: String,
        /// What the field should have been.
        reason: RegistryFieldReason,
    },
    /// Two records name the same beacon.
    #[error("{path}: record {record}: beacon {beacon} is listed twice (first at record {first})")]
    Duplicate {
        /// The registry file.
        path: PathBuf,
        /// The record of the second one.
        record: usize,
        /// The record of the first one.
        first: usize,
        /// The repeated beacon id.
        beacon: String,
    },
    /// The database failed.
    #[error("registry database error: {0}")]
    Db(#[from] rusqlite::Error),
}

/// What a field of a registry or trace file should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryFieldReason {
    /// A required field is empty.
    Required,
    /// Not a beacon id.
    BeaconId,
    /// Not a distance in metres above 0 and at most 100.
    Metres,
    /// `exit_m` not larger than `enter_m`.
    ExitNotLarger,
    /// Not dBm from -120 to 0.
    Dbm,
    /// Not a whole number of milliseconds.
    Millis,
    /// Not an RSSI in dBm, an integer from -127 to 20.
    Rssi,
    /// Not hexadecimal bytes.
    Hex,
    /// Not a 16-bit number.
    U16,
}

impl RegistryFieldReason {
    /// The reason's code (the Fluent messages select their words by it).
    pub fn code(self) -> &'static str {
        match self {
            RegistryFieldReason::Required => "required",
            RegistryFieldReason::BeaconId => "beacon-id",
            RegistryFieldReason::Metres => "metres",
            RegistryFieldReason::ExitNotLarger => "exit-not-larger",
            RegistryFieldReason::Dbm => "dbm",
            RegistryFieldReason::Millis => "millis",
            RegistryFieldReason::Rssi => "rssi",
            RegistryFieldReason::Hex => "hex",
            RegistryFieldReason::U16 => "u16",
        }
    }
}

impl std::fmt::Display for RegistryFieldReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RegistryFieldReason::Required => "required",
            RegistryFieldReason::BeaconId => {
                "not a beacon id (ibeacon:UUID:MAJOR:MINOR, altbeacon:ID, eddystone-uid:NAMESPACE:INSTANCE, eddystone-eid:EID)"
            }
            RegistryFieldReason::Metres => "a distance in metres, above 0 and at most 100",
            RegistryFieldReason::ExitNotLarger => {
                "must be larger than enter_m, or the visitor would flap in and out"
            }
            RegistryFieldReason::Dbm => "dBm from -120 to 0",
            RegistryFieldReason::Millis => "milliseconds, an integer",
            RegistryFieldReason::Rssi => "dBm, an integer from -127 to 20",
            RegistryFieldReason::Hex => "hexadecimal bytes",
            RegistryFieldReason::U16 => "a 16-bit number",
        })
    }
}

#[derive(Debug, Deserialize)]
struct RawEntry {
    beacon: Option<serde_json::Value>,
    poi_id: Option<serde_json::Value>,
    name: Option<serde_json::Value>,
    enter_m: Option<serde_json::Value>,
    exit_m: Option<serde_json::Value>,
    power_at_1m: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JsonDoc {
    List(Vec<RawEntry>),
    Wrapped { beacons: Vec<RawEntry> },
}

fn text_of(v: &Option<serde_json::Value>) -> Option<String> {
    match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Some(other) => Some(other.to_string()),
    }
}

struct Checker<'a> {
    path: &'a Path,
    seen: HashMap<BeaconId, usize>,
}

impl Checker<'_> {
    fn field(
        &self,
        record: usize,
        field: &'static str,
        value: &str,
        reason: RegistryFieldReason,
    ) -> RegistryError {
        RegistryError::Field {
            path: self.path.to_path_buf(),
            record,
            field,
            value: value.to_string(),
            reason,
        }
    }

    fn required(
        &self,
        record: usize,
        field: &'static str,
        v: Option<String>,
    ) -> Result<String, RegistryError> {
        v.ok_or_else(|| self.field(record, field, "", RegistryFieldReason::Required))
    }

    fn metres(
        &self,
        record: usize,
        field: &'static str,
        v: Option<String>,
    ) -> Result<Option<f32>, RegistryError> {
        let Some(v) = v else { return Ok(None) };
        match v.replace(',', ".").parse::<f32>() {
            Ok(m) if m.is_finite() && m > 0.0 && m <= 100.0 => Ok(Some(m)),
            _ => Err(self.field(record, field, &v, RegistryFieldReason::Metres)),
        }
    }

    fn entry(
        &mut self,
        record: usize,
        raw: [Option<String>; 6],
    ) -> Result<RegistryEntry, RegistryError> {
        let [beacon, poi_id, name, enter_m, exit_m, power] = raw;
        let beacon_text = self.required(record, "beacon", beacon)?;
        let beacon: BeaconId = beacon_text.parse().map_err(|_: BeaconIdError| {
            self.field(
                record,
                "beacon",
                &beacon_text,
                RegistryFieldReason::BeaconId,
            )
        })?;
        let poi_id = self.required(record, "poi_id", poi_id)?;
        let name = self.required(record, "name", name)?;
        let enter_m = self.metres(record, "enter_m", enter_m)?;
        let exit_m = self.metres(record, "exit_m", exit_m)?;
        if let (Some(a), Some(b)) = (enter_m, exit_m)
            && b <= a
        {
            return Err(self.field(
                record,
                "exit_m",
                &b.to_string(),
                RegistryFieldReason::ExitNotLarger,
            ));
        }
        let power_at_1m = match power {
            None => None,
            Some(p) => match p.parse::<i8>() {
                Ok(v) if (-120..=0).contains(&v) => Some(v),
                _ => {
                    return Err(self.field(record, "power_at_1m", &p, RegistryFieldReason::Dbm));
                }
            },
        };
        if let Some(first) = self.seen.insert(beacon, record) {
            return Err(RegistryError::Duplicate {
                path: self.path.to_path_buf(),
                record,
                first,
                beacon: beacon.to_string(),
            });
        }
        Ok(RegistryEntry {
            beacon,
            poi_id,
            name,
            enter_m,
            exit_m,
            power_at_1m,
        })
    }
}

/// Parses a registry in JSON; `path` is only for messages. Records count from 1.
pub fn parse_json(text: &str, path: &Path) -> Result<Vec<RegistryEntry>, RegistryError> {
    let doc: JsonDoc = serde_json::from_str(text).map_err(|e| RegistryError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let raws = match doc {
        JsonDoc::List(l) | JsonDoc::Wrapped { beacons: l } => l,
    };
    let mut checker = Checker {
        path,
        seen: HashMap::new(),
    };
    raws.iter()
        .enumerate()
        .map(|(i, r)| {
            checker.entry(
                i + 1,
                [
                    text_of(&r.beacon),
                    text_of(&r.poi_id),
                    text_of(&r.name),
                    text_of(&r.enter_m),
                    text_of(&r.exit_m),
                    text_of(&r.power_at_1m),
                ],
            )
        })
        .collect()
}

/// Parses a registry in CSV (header row; `,` or `;`); `path` is only for messages. Records
/// count from 1 (the first row after the header).
pub fn parse_csv(text: &str, path: &Path) -> Result<Vec<RegistryEntry>, RegistryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_err = |record, e: csv::Error| RegistryError::Csv {
        path: path.to_path_buf(),
        record,
        detail: e.to_string(),
    };
    let headers = rdr.headers().map_err(|e| csv_err(0, e))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let need = |name: &'static str| {
        col(name).ok_or_else(|| RegistryError::MissingColumn {
            path: path.to_path_buf(),
            column: name,
        })
    };
    let cols = [
        Some(need("beacon")?),
        Some(need("poi_id")?),
        Some(need("name")?),
        col("enter_m"),
        col("exit_m"),
        col("power_at_1m"),
    ];
    let mut checker = Checker {
        path,
        seen: HashMap::new(),
    };
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| csv_err(i + 1, e))?;
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        out.push(checker.entry(i + 1, cols.map(get))?);
    }
    Ok(out)
}

/// Reads a registry file (`.csv` or `.json`, else sniffed from its first character).
pub fn read_file(path: &Path) -> Result<Vec<RegistryEntry>, RegistryError> {
    let bytes = std::fs::read(path).map_err(|source| RegistryError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    read_bytes(path, &bytes)
}

/// Reads a registry's bytes; `name` (the file's name or path) picks the format by its
/// extension (`.csv`, `.json`), else the first character decides, and names it in errors.
pub fn read_bytes(name: &Path, bytes: &[u8]) -> Result<Vec<RegistryEntry>, RegistryError> {
    let text = std::str::from_utf8(bytes).map_err(|e| RegistryError::Read {
        path: name.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })?;
    let path = name;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => parse_json(text, path),
        Some("csv") | Some("txt") => parse_csv(text, path),
        _ => match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('[') | Some('{') => parse_json(text, path),
            Some(_) => parse_csv(text, path),
            None => Err(RegistryError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        },
    }
}

/// Stores entries (a beacon already registered is updated); with `replace`, the registry is
/// emptied first. One transaction: on error nothing changes.
pub fn save(
    store: &mut Store,
    entries: &[RegistryEntry],
    replace: bool,
    now: super::ranging::Millis,
) -> Result<usize, RegistryError> {
    let tx = store.conn_mut().transaction()?;
    if replace {
        tx.execute("DELETE FROM beacon_registry", [])?;
    }
    {
        let mut stmt = tx.prepare(
            "INSERT INTO beacon_registry (beacon, poi_id, name, enter_m, exit_m, power_at_1m, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(beacon) DO UPDATE SET poi_id = excluded.poi_id, name = excluded.name,
               enter_m = excluded.enter_m, exit_m = excluded.exit_m,
               power_at_1m = excluded.power_at_1m, updated_at = excluded.updated_at",
        )?;
        for e in entries {
            stmt.execute(params![
                e.beacon.to_string(),
                e.poi_id,
                e.name,
                e.enter_m,
                e.exit_m,
                e.power_at_1m,
                now / 1000
            ])?;
        }
    }
    tx.commit()?;
    Ok(entries.len())
}

/// Every registry row, by POI then beacon. A row whose beacon id no longer parses is skipped
/// with a warning.
pub fn list(store: &Store) -> Result<Vec<RegistryEntry>, RegistryError> {
    let mut stmt = store.conn().prepare(
        "SELECT beacon, poi_id, name, enter_m, exit_m, power_at_1m FROM beacon_registry
         ORDER BY poi_id, beacon",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<f64>>(3)?,
            r.get::<_, Option<f64>>(4)?,
            r.get::<_, Option<i64>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (beacon, poi_id, name, enter_m, exit_m, power) = row?;
        let Ok(id) = beacon.parse::<BeaconId>() else {
            tracing::warn!(beacon, "registry row with an unreadable beacon id skipped");
            continue;
        };
        out.push(RegistryEntry {
            beacon: id,
            poi_id,
            name,
            enter_m: enter_m.map(|v| v as f32),
            exit_m: exit_m.map(|v| v as f32),
            power_at_1m: power.and_then(|p| i8::try_from(p).ok()),
        });
    }
    Ok(out)
}

/// A POI as the proximity engine knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoiRef {
    /// The POI's id in the open-data store.
    pub poi_id: Arc<str>,
    /// What to show the visitor.
    pub name: Arc<str>,
}

/// What the engine knows of one registered beacon.
#[derive(Debug, Clone, PartialEq)]
pub struct BeaconInfo {
    /// Index of the POI in [`Registry::pois`].
    pub poi: usize,
    /// Enter within this distance, in metres, if the beacon has its own.
    pub enter_m: Option<f32>,
    /// Leave beyond this distance, in metres, if the beacon has its own.
    pub exit_m: Option<f32>,
    /// Measured RSSI at 1 m in dBm, overriding what the beacon sends.
    pub power_at_1m: Option<i8>,
}

/// The registry in memory, for the engine's per-advert lookups.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pois: Vec<PoiRef>,
    beacons: HashMap<BeaconId, BeaconInfo>,
}

impl Registry {
    /// The registry of these rows; rows naming the same POI id share one [`PoiRef`] (the first
    /// row's name).
    pub fn from_entries(entries: &[RegistryEntry]) -> Registry {
        let mut reg = Registry::default();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for e in entries {
            let poi = *index.entry(e.poi_id.as_str()).or_insert_with(|| {
                reg.pois.push(PoiRef {
                    poi_id: Arc::from(e.poi_id.as_str()),
                    name: Arc::from(e.name.as_str()),
                });
                reg.pois.len() - 1
            });
            reg.beacons.insert(
                e.beacon,
                BeaconInfo {
                    poi,
                    enter_m: e.enter_m,
                    exit_m: e.exit_m,
                    power_at_1m: e.power_at_1m,
                },
            );
        }
        reg
    }

    /// The registry stored in the database.
    pub fn load(store: &Store) -> Result<Registry, RegistryError> {
        Ok(Registry::from_entries(&list(store)?))
    }

    /// What is known of this beacon, if it is registered.
    pub fn beacon(&self, id: &BeaconId) -> Option<&BeaconInfo> {
        self.beacons.get(id)
    }

    /// The POI at this index.
    pub fn poi(&self, index: usize) -> Option<&PoiRef> {
        self.pois.get(index)
    }

    /// Every POI, indexed by [`BeaconInfo::poi`].
    pub fn pois(&self) -> &[PoiRef] {
        &self.pois
    }

    /// One beacon of the POI (the smallest id, so that the answer is stable).
    pub fn beacon_of_poi(&self, poi: usize) -> Option<BeaconId> {
        self.beacons
            .iter()
            .filter(|(_, b)| b.poi == poi)
            .map(|(id, _)| *id)
            .min()
    }

    /// How many beacons are registered.
    pub fn len(&self) -> usize {
        self.beacons.len()
    }

    /// Whether no beacon is registered.
    pub fn is_empty(&self) -> bool {
        self.beacons.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IB: &str = "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1";

    #[test]
    fn csv_and_json_give_the_same_entries_and_round_trip_through_sqlite() {
        let csv = format!(
            "beacon;poi_id;name;enter_m;exit_m;power_at_1m\n{IB};duomo-fermo;Duomo di Fermo;2,5;5;-59\n\
             eddystone-uid:00112233445566778899:aabbccddeeff;teatro;Teatro dell'Aquila;;;\n"
        );
        let json = format!(
            r#"{{"beacons": [{{"beacon": "{IB}", "poi_id": "duomo-fermo", "name": "Duomo di Fermo", "enter_m": 2.5, "exit_m": 5, "power_at_1m": -59}},
                {{"beacon": "eddystone-uid:00112233445566778899:aabbccddeeff", "poi_id": "teatro", "name": "Teatro dell'Aquila"}}]}}"#
        );
        let a = parse_csv(&csv, Path::new("r.csv")).unwrap();
        let b = parse_json(&json, Path::new("r.json")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].enter_m, Some(2.5));
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(save(&mut store, &a, false, 0).unwrap(), 2);
        // Importing again updates, does not duplicate.
        save(&mut store, &a, false, 0).unwrap();
        let back = list(&store).unwrap();
        assert_eq!(back.len(), 2);
        assert!(back.contains(&a[0]) && back.contains(&a[1]));
        let reg = Registry::load(&store).unwrap();
        assert_eq!(reg.len(), 2);
        assert_eq!(reg.pois().len(), 2);
        save(&mut store, &a[..1], true, 0).unwrap();
        assert_eq!(list(&store).unwrap().len(), 1);
    }

    #[test]
    fn bad_records_say_which_record_and_field() {
        let p = Path::new("r.csv");
        let e = parse_csv("beacon,poi_id,name\nibeacon:zz:1:1,x,X\n", p).unwrap_err();
        assert!(
            matches!(
                e,
                RegistryError::Field {
                    record: 1,
                    field: "beacon",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_csv(&format!("beacon,poi_id,name\n{IB},x,X\n{IB},y,Y\n"), p).unwrap_err();
        assert!(
            matches!(
                e,
                RegistryError::Duplicate {
                    record: 2,
                    first: 1,
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_csv(&format!("beacon,poi_id\n{IB},x\n"), p).unwrap_err();
        assert!(
            matches!(e, RegistryError::MissingColumn { column: "name", .. }),
            "{e}"
        );
        let e = parse_csv(
            &format!("beacon,poi_id,name,enter_m,exit_m\n{IB},x,X,5,3\n"),
            p,
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                RegistryError::Field {
                    field: "exit_m",
                    ..
                }
            ),
            "{e}"
        );
        let e =
            parse_csv(&format!("beacon,poi_id,name,power_at_1m\n{IB},x,X,12\n"), p).unwrap_err();
        assert!(
            matches!(
                e,
                RegistryError::Field {
                    field: "power_at_1m",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_json(&format!(r#"[{{"beacon": "{IB}", "name": "X"}}]"#), p).unwrap_err();
        assert!(
            matches!(
                e,
                RegistryError::Field {
                    field: "poi_id",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_json("[{", p).unwrap_err();
        assert!(matches!(e, RegistryError::Json { line: 1, .. }), "{e}");
    }
}
