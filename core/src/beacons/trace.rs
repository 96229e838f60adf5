//! Traces: timestamped adverts in a file, replayed through the engine exactly as a scanner
//! would feed it (the same events every time).
//!
//! JSON lines, one advert a line (blank lines and lines starting with `#` are skipped):
//! `{"t": 1700000000000, "rssi": -67, "adv": "0201061aff4c00…"}`; instead of `adv` (raw AD
//! structures) a line may carry `"manufacturer": HEX` with `"company_id": 76` (decimal), or
//! `"service": HEX` with `"uuid": "feaa"` (hex digits; a JSON number is the UUID's value).
//!
//! CSV with a header: `t,rssi,adv` (and optional `company_id` (decimal) or `uuid` (hex) columns:
//! when one is filled, the hex is that field's data rather than whole AD structures).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::frames::{FrameError, Payload};
use super::proximity::{ProximityEngine, ProximityEvent};
use super::ranging::Millis;
use super::registry::RegistryFieldReason;

/// The bytes of one advert, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadBuf {
    /// Raw AD structures of an advertisement.
    Advertisement(Vec<u8>),
    /// Manufacturer-specific data.
    ManufacturerData {
        /// The Bluetooth SIG company id.
        company_id: u16,
        /// The data after the company id.
        data: Vec<u8>,
    },
    /// A service's data.
    ServiceData {
        /// The 16-bit service UUID.
        uuid: u16,
        /// The data after the UUID.
        data: Vec<u8>,
    },
}

impl PayloadBuf {
    /// The payload, borrowed, as the frame parsers take it.
    pub fn as_payload(&self) -> Payload<'_> {
        match self {
            PayloadBuf::Advertisement(b) => Payload::Advertisement(b),
            PayloadBuf::ManufacturerData { company_id, data } => Payload::ManufacturerData {
                company_id: *company_id,
                data,
            },
            PayloadBuf::ServiceData { uuid, data } => Payload::ServiceData { uuid: *uuid, data },
        }
    }
}

/// One advert of a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceRecord {
    /// When the advert was seen, in milliseconds since the Unix epoch.
    pub t: Millis,
    /// Its RSSI in dBm.
    pub rssi: i16,
    /// Its bytes.
    pub payload: PayloadBuf,
}

impl TraceRecord {
    /// The record as one JSON line (the format [`parse_jsonl`] reads).
    pub fn to_json_line(&self) -> String {
        let v = match &self.payload {
            PayloadBuf::Advertisement(b) => {
                serde_json::json!({"t": self.t, "rssi": self.rssi, "adv": hex::encode(b)})
            }
            PayloadBuf::ManufacturerData { company_id, data } => serde_json::json!({
                "t": self.t, "rssi": self.rssi, "company_id": company_id, "manufacturer": hex::encode(data)
            }),
            PayloadBuf::ServiceData { uuid, data } => serde_json::json!({
                "t": self.t, "rssi": self.rssi, "uuid": uuid, "service": hex::encode(data)
            }),
        };
        v.to_string()
    }
}

/// Why a trace cannot be read. Lines count from 1.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    /// The trace file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The trace file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line cannot be parsed.
    #[error("line {line}: {detail}")]
    Syntax {
        /// The line's number (1-based).
        line: usize,
        /// What is wrong.
        detail: String,
    },
    /// A field has a value that is not allowed.
    #[error("line {line}, field {field} = \"{value}\": {reason}")]
    Field {
        /// The line's number (1-based).
        line: usize,
        /// The field's name.
        field: &'static str,
        /// The value as read.
        value: String,
        /// What the field should have been.
        reason: RegistryFieldReason,
    },
}

#[derive(Debug, Deserialize, Serialize)]
struct JsonRecord {
    t: Value,
    rssi: Value,
    adv: Option<String>,
    manufacturer: Option<String>,
    company_id: Option<Value>,
    service: Option<String>,
    uuid: Option<Value>,
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

fn field(line: usize, field: &'static str, value: &str, reason: RegistryFieldReason) -> TraceError {
    TraceError::Field {
        line,
        field,
        value: value.to_string(),
        reason,
    }
}

fn record(
    line: usize,
    t: &str,
    rssi: &str,
    hex_field: (&'static str, &str),
    company_id: Option<&str>,
    uuid: Option<&str>,
) -> Result<TraceRecord, TraceError> {
    let t: Millis = t
        .parse()
        .map_err(|_| field(line, "t", t, RegistryFieldReason::Millis))?;
    let rssi_v: i16 = rssi
        .parse()
        .ok()
        .filter(|r: &i16| (-127..=20).contains(r))
        .ok_or_else(|| field(line, "rssi", rssi, RegistryFieldReason::Rssi))?;
    let (name, hex_text) = hex_field;
    let bytes = hex::decode(hex_text.replace([' ', ':'], ""))
        .map_err(|_| field(line, name, hex_text, RegistryFieldReason::Hex))?;
    let u16_of = |name: &'static str, s: &str, hex_ok: bool| {
        let parsed = if hex_ok {
            u16::from_str_radix(s.trim_start_matches("0x"), 16).ok()
        } else {
            s.parse::<u16>().ok()
        };
        parsed.ok_or_else(|| field(line, name, s, RegistryFieldReason::U16))
    };
    let payload = match (company_id, uuid) {
        (Some(c), _) => PayloadBuf::ManufacturerData {
            company_id: u16_of("company_id", c, false)?,
            data: bytes,
        },
        (None, Some(u)) => PayloadBuf::ServiceData {
            uuid: u16_of("uuid", u, true)?,
            data: bytes,
        },
        (None, None) => PayloadBuf::Advertisement(bytes),
    };
    Ok(TraceRecord {
        t,
        rssi: rssi_v,
        payload,
    })
}

/// Reads JSON lines.
pub fn parse_jsonl(text: &str) -> Result<Vec<TraceRecord>, TraceError> {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let r: JsonRecord = serde_json::from_str(l).map_err(|e| TraceError::Syntax {
            line,
            detail: e.to_string(),
        })?;
        let hex_field = match (&r.adv, &r.manufacturer, &r.service) {
            (Some(h), None, None) => ("adv", h.as_str()),
            (None, Some(h), None) => ("manufacturer", h.as_str()),
            (None, None, Some(h)) => ("service", h.as_str()),
            _ => {
                return Err(TraceError::Syntax {
                    line,
                    detail: "give exactly one of adv, manufacturer, service".into(),
                });
            }
        };
        let company = r.company_id.as_ref().map(value_text);
        // A JSON number is the UUID's value; a string is its hex digits.
        let uuid = r.uuid.as_ref().map(|v| match v {
            Value::Number(n) => format!("{:x}", n.as_u64().unwrap_or(u64::MAX)),
            other => value_text(other),
        });
        let (company, uuid) = match hex_field.0 {
            "manufacturer" if company.is_none() => {
                return Err(field(line, "company_id", "", RegistryFieldReason::Required));
            }
            "service" if uuid.is_none() => {
                return Err(field(line, "uuid", "", RegistryFieldReason::Required));
            }
            "manufacturer" => (company, None),
            "service" => (None, uuid),
            _ => (None, None),
        };
        out.push(record(
            line,
            &value_text(&r.t),
            &value_text(&r.rssi),
            hex_field,
            company.as_deref(),
            uuid.as_deref(),
        )?);
    }
    Ok(out)
}

/// Reads CSV with a header.
pub fn parse_csv(text: &str) -> Result<Vec<TraceRecord>, TraceError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let syntax = |line: usize, e: csv::Error| TraceError::Syntax {
        line,
        detail: e.to_string(),
    };
    let headers = rdr.headers().map_err(|e| syntax(1, e))?.clone();
    let col = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
    let missing = |n: &'static str| TraceError::Syntax {
        line: 1,
        detail: format!("the header has no column \"{n}\""),
    };
    let (t, rssi) = (
        col("t").ok_or_else(|| missing("t"))?,
        col("rssi").ok_or_else(|| missing("rssi"))?,
    );
    let hex_col = col("adv")
        .or_else(|| col("hex"))
        .ok_or_else(|| missing("adv"))?;
    let (company, uuid) = (col("company_id"), col("uuid"));
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| syntax(0, e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).filter(|s| !s.is_empty());
        out.push(record(
            line,
            get(Some(t)).unwrap_or_default(),
            get(Some(rssi)).unwrap_or_default(),
            ("adv", get(Some(hex_col)).unwrap_or_default()),
            get(company),
            get(uuid),
        )?);
    }
    Ok(out)
}

/// Reads a trace file: CSV when it ends in `.csv`, JSON lines otherwise.
pub fn read_file(path: &Path) -> Result<Vec<TraceRecord>, TraceError> {
    let bytes = std::fs::read(path).map_err(|source| TraceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    read_bytes(path, &bytes)
}

/// Reads a trace's bytes: CSV when `name` ends in `.csv`, JSON lines otherwise.
pub fn read_bytes(name: &Path, bytes: &[u8]) -> Result<Vec<TraceRecord>, TraceError> {
    let text = std::str::from_utf8(bytes).map_err(|e| TraceError::Read {
        path: name.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })?;
    let is_csv = name
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        parse_csv(text)
    } else {
        parse_jsonl(text)
    }
}

/// What a replay did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReplayReport {
    /// Adverts replayed.
    pub adverts: usize,
    /// Adverts that were not beacon frames, with the trace index and why.
    #[serde(skip)]
    pub rejected: Vec<(usize, FrameError)>,
    /// The events the engine raised, in order.
    pub events: Vec<ProximityEvent>,
}

/// Replays records (sorted by time) through the engine, ticking it every `tick_ms` of trace
/// time as a scanner's cycle would, and once more after the end so that the last POI is left.
pub fn replay(engine: &mut ProximityEngine, records: &[TraceRecord], tick_ms: u32) -> ReplayReport {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by_key(|&i| (records[i].t, i));
    let tick = i64::from(tick_ms.max(1));
    let mut report = ReplayReport::default();
    let mut next_tick: Option<Millis> = None;
    let mut last = None;
    for i in order {
        let r = &records[i];
        while let Some(nt) = next_tick.filter(|&nt| nt <= r.t) {
            report.events.extend(engine.tick(nt));
            next_tick = Some(nt + tick);
        }
        next_tick.get_or_insert(r.t + tick);
        report.adverts += 1;
        match engine.on_advert(r.payload.as_payload(), r.rssi, r.t) {
            Ok(ev) => report.events.extend(ev),
            Err(e) => report.rejected.push((i, e)),
        }
        last = Some(r.t);
    }
    if let Some(last) = last {
        let end = last + i64::from(engine.config().exit_timeout_ms) + tick;
        let mut t = next_tick.unwrap_or(end);
        while t <= end {
            report.events.extend(engine.tick(t));
            t += tick;
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_and_csv_read_the_same_records() {
        let jsonl = "# a trace\n{\"t\": 1000, \"rssi\": -60, \"adv\": \"0d16aafe30f00102030405060708\"}\n\n\
            {\"t\": \"1100\", \"rssi\": -61, \"service\": \"30f00102030405060708\", \"uuid\": \"feaa\"}\n\
            {\"t\": 1200, \"rssi\": -62, \"manufacturer\": \"beac\", \"company_id\": 280}\n";
        let csv = "t,rssi,adv,company_id,uuid\n1000,-60,0d16aafe30f00102030405060708,,\n\
            1100,-61,30f00102030405060708,,feaa\n1200,-62,beac,280,\n";
        let a = parse_jsonl(jsonl).unwrap();
        let b = parse_csv(csv).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        assert_eq!(
            parse_jsonl(
                &a.iter()
                    .map(TraceRecord::to_json_line)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
            .unwrap(),
            a
        );
    }

    #[test]
    fn bad_lines_say_where() {
        let e = parse_jsonl("{\"t\": 1, \"rssi\": -60, \"adv\": \"zz\"}").unwrap_err();
        assert!(
            matches!(
                e,
                TraceError::Field {
                    line: 1,
                    field: "adv",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_jsonl("\n{\"t\": 1, \"rssi\": -600, \"adv\": \"00\"}").unwrap_err();
        assert!(
            matches!(
                e,
                TraceError::Field {
                    line: 2,
                    field: "rssi",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_jsonl("{\"t\": 1, \"rssi\": -60}").unwrap_err();
        assert!(matches!(e, TraceError::Syntax { line: 1, .. }), "{e}");
        let e = parse_jsonl("{\"t\": 1, \"rssi\": -60, \"manufacturer\": \"00\"}").unwrap_err();
        assert!(
            matches!(
                e,
                TraceError::Field {
                    field: "company_id",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_csv("t,rssi\n1,2\n").unwrap_err();
        assert!(matches!(e, TraceError::Syntax { line: 1, .. }), "{e}");
        let e = parse_csv("t,rssi,adv\n1,-60,00\nx,-60,00\n").unwrap_err();
        assert!(
            matches!(
                e,
                TraceError::Field {
                    line: 3,
                    field: "t",
                    ..
                }
            ),
            "{e}"
        );
    }
}
