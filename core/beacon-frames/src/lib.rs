//! Beacon frame parsers: iBeacon, AltBeacon and Eddystone (UID, URL, TLM, eTLM, EID), a crate of
//! its own with no heavy dependencies so that its fuzz target builds quickly (`campanile-core`
//! re-exports it as `beacons::frames`).
//!
//! A frame is read as real beacons send it and the reference libraries (the Android Beacon
//! Library's layouts, Google's Eddystone specification) read it: once its identity is complete,
//! bytes after its last field (reserved bytes, zero padding) are ignored, and fields after the
//! identity that a frame leaves out are absent (`None`), never invented. What is truncated inside
//! the identity, ambiguous (an Eddystone-URL longer than its format, whose padding cannot be told
//! from the URL), an unknown Eddystone frame type, a reserved URL byte or an AD structure that
//! runs past the end of the advertisement is a typed [`FrameError`] that says where (byte
//! offset) and what; no input makes these functions panic, and none of them allocates.

pub mod ad;
pub mod altbeacon;
pub mod eddystone;
pub mod ibeacon;

use std::fmt;
use std::str::FromStr;

pub use altbeacon::AltBeacon;
pub use eddystone::{
    Eddystone, EddystoneEid, EddystoneEtlm, EddystoneTlm, EddystoneUid, EddystoneUrl, decode_url,
};
pub use ibeacon::IBeacon;

use ad::{AdIter, MANUFACTURER_DATA, SERVICE_DATA_16};

/// Which format a frame is (or claimed to be).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameKind {
    IBeacon,
    AltBeacon,
    Eddystone,
    EddystoneUid,
    EddystoneUrl,
    EddystoneTlm,
    EddystoneEtlm,
    EddystoneEid,
}

impl FrameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FrameKind::IBeacon => "ibeacon",
            FrameKind::AltBeacon => "altbeacon",
            FrameKind::Eddystone => "eddystone",
            FrameKind::EddystoneUid => "eddystone-uid",
            FrameKind::EddystoneUrl => "eddystone-url",
            FrameKind::EddystoneTlm => "eddystone-tlm",
            FrameKind::EddystoneEtlm => "eddystone-etlm",
            FrameKind::EddystoneEid => "eddystone-eid",
        }
    }
}

impl fmt::Display for FrameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why bytes are not a beacon frame. Offsets count from the start of the bytes given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the advertisement is empty")]
    Empty,
    #[error(
        "the AD structure at byte {offset} declares {declared} bytes but only {available} follow"
    )]
    TruncatedAd {
        offset: usize,
        declared: usize,
        available: usize,
    },
    #[error("no iBeacon, AltBeacon or Eddystone frame in the advertisement")]
    NoBeacon,
    #[error("{kind} frame at byte {offset} has {found} bytes, the format has {expected}")]
    Length {
        kind: FrameKind,
        offset: usize,
        found: usize,
        expected: &'static str,
    },
    #[error("{kind} length byte at byte {offset} says {declared}, the format says {expected}")]
    DeclaredLength {
        kind: FrameKind,
        offset: usize,
        declared: u8,
        expected: u8,
    },
    #[error("Eddystone frame type 0x{frame_type:02X} at byte {offset} is not defined")]
    UnknownEddystoneType { frame_type: u8, offset: usize },
    #[error("Eddystone-TLM version 0x{version:02X} at byte {offset} is not defined")]
    UnknownTlmVersion { version: u8, offset: usize },
    #[error("Eddystone-URL scheme prefix 0x{byte:02X} at byte {offset} is not defined (0x00–0x03)")]
    UrlScheme { byte: u8, offset: usize },
    #[error("Eddystone-URL byte 0x{byte:02X} at byte {offset} is reserved")]
    UrlReservedByte { byte: u8, offset: usize },
    #[error("manufacturer data at byte {offset} has {found} bytes, too short for a company id")]
    ShortManufacturerData { offset: usize, found: usize },
}

/// A decoded beacon frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    IBeacon(IBeacon),
    AltBeacon(AltBeacon),
    Eddystone(Eddystone),
}

impl Frame {
    pub fn kind(&self) -> FrameKind {
        match self {
            Frame::IBeacon(_) => FrameKind::IBeacon,
            Frame::AltBeacon(_) => FrameKind::AltBeacon,
            Frame::Eddystone(Eddystone::Uid(_)) => FrameKind::EddystoneUid,
            Frame::Eddystone(Eddystone::Url(_)) => FrameKind::EddystoneUrl,
            Frame::Eddystone(Eddystone::Tlm(_)) => FrameKind::EddystoneTlm,
            Frame::Eddystone(Eddystone::Etlm(_)) => FrameKind::EddystoneEtlm,
            Frame::Eddystone(Eddystone::Eid(_)) => FrameKind::EddystoneEid,
        }
    }

    /// The identity to range and to look up in the registry (URL and TLM frames have none).
    pub fn beacon_id(&self) -> Option<BeaconId> {
        match self {
            Frame::IBeacon(b) => Some(BeaconId::IBeacon {
                uuid: b.uuid,
                major: b.major,
                minor: b.minor,
            }),
            Frame::AltBeacon(b) => Some(BeaconId::AltBeacon { id: b.id }),
            Frame::Eddystone(Eddystone::Uid(u)) => Some(BeaconId::EddystoneUid {
                namespace: u.namespace,
                instance: u.instance,
            }),
            Frame::Eddystone(Eddystone::Eid(e)) => Some(BeaconId::EddystoneEid { eid: e.eid }),
            Frame::Eddystone(_) => None,
        }
    }

    /// Expected RSSI at 1 m, dBm. iBeacon and AltBeacon carry it (unless the frame stops after
    /// its identity); Eddystone carries the power at 0 m, and 41 dB is the loss of the first
    /// metre, as its specification advises.
    pub fn power_at_1m(&self) -> Option<i8> {
        let at_0m = |p: i8| p.saturating_sub(41);
        match self {
            Frame::IBeacon(b) => b.measured_power,
            Frame::AltBeacon(b) => b.reference_rssi,
            Frame::Eddystone(Eddystone::Uid(u)) => Some(at_0m(u.tx_power)),
            Frame::Eddystone(Eddystone::Url(u)) => Some(at_0m(u.tx_power)),
            Frame::Eddystone(Eddystone::Eid(e)) => Some(at_0m(e.tx_power)),
            Frame::Eddystone(_) => None,
        }
    }

    /// The decoded fields as JSON (for the CLI and traces).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let mut v = match self {
            Frame::IBeacon(b) => json!({
                "uuid": format_uuid(&b.uuid),
                "major": b.major,
                "minor": b.minor,
                "measured_power": b.measured_power,
            }),
            Frame::AltBeacon(b) => json!({
                "company_id": b.company_id,
                "id": hex::encode(b.id),
                "id1": format_uuid(&b.id1()),
                "id2": b.id2(),
                "id3": b.id3(),
                "reference_rssi": b.reference_rssi,
                "mfg_reserved": b.mfg_reserved,
            }),
            Frame::Eddystone(Eddystone::Uid(u)) => json!({
                "namespace": hex::encode(u.namespace),
                "instance": hex::encode(u.instance),
                "tx_power": u.tx_power,
            }),
            Frame::Eddystone(Eddystone::Url(u)) => json!({
                "url": u.url(),
                "tx_power": u.tx_power,
            }),
            Frame::Eddystone(Eddystone::Tlm(t)) => json!({
                "version": 0,
                "battery_mv": t.battery_mv,
                "temperature_c": t.temperature_c(),
                "adv_count": t.adv_count,
                "sec_count": t.sec_count,
                "elapsed_time_ms": t.elapsed_ms(),
            }),
            Frame::Eddystone(Eddystone::Etlm(t)) => json!({
                "version": 1,
                "etlm": hex::encode(t.encrypted),
                "salt": t.salt,
                "mic": t.mic,
            }),
            Frame::Eddystone(Eddystone::Eid(e)) => json!({
                "eid": hex::encode(e.eid),
                "tx_power": e.tx_power,
            }),
        };
        if let Some(obj) = v.as_object_mut() {
            obj.insert("kind".into(), self.kind().as_str().into());
            if let Some(id) = self.beacon_id() {
                obj.insert("beacon".into(), id.to_string().into());
            }
        }
        v
    }
}

/// What a scanner hands over: a whole advertisement, or one field of it as platform APIs give
/// them (Android's `ScanRecord`, CoreBluetooth, BlueZ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// Raw AD structures (`length, type, data…`).
    Advertisement(&'a [u8]),
    /// Manufacturer specific data: the company id and the bytes after it.
    ManufacturerData { company_id: u16, data: &'a [u8] },
    /// 16-bit-UUID service data: the UUID and the bytes after it.
    ServiceData { uuid: u16, data: &'a [u8] },
}

/// Parses whatever a scanner handed over.
pub fn parse(payload: Payload<'_>) -> Result<Frame, FrameError> {
    match payload {
        Payload::Advertisement(bytes) => parse_advertisement(bytes),
        Payload::ManufacturerData { company_id, data } => {
            manufacturer(company_id, data, 0).unwrap_or(Err(FrameError::NoBeacon))
        }
        Payload::ServiceData { uuid, data } => {
            service(uuid, data, 0).unwrap_or(Err(FrameError::NoBeacon))
        }
    }
}

fn manufacturer(company: u16, data: &[u8], offset: usize) -> Option<Result<Frame, FrameError>> {
    if let Some(r) = ibeacon::parse(company, data, offset) {
        return Some(r.map(Frame::IBeacon));
    }
    altbeacon::parse(company, data, offset).map(|r| r.map(Frame::AltBeacon))
}

fn service(uuid: u16, data: &[u8], offset: usize) -> Option<Result<Frame, FrameError>> {
    (uuid == eddystone::SERVICE_UUID).then(|| eddystone::parse(data, offset).map(Frame::Eddystone))
}

/// Parses raw AD structures and returns the first beacon frame in them.
///
/// A structure that claims a beacon format but breaks it is an error even if the rest is fine.
/// Bytes after a complete beacon frame that do not form an AD structure (some capture tools
/// leave the RSSI byte there) are ignored; without a frame before them they are an error.
pub fn parse_advertisement(bytes: &[u8]) -> Result<Frame, FrameError> {
    if bytes.is_empty() {
        return Err(FrameError::Empty);
    }
    let mut found: Option<Frame> = None;
    for ad in AdIter::new(bytes) {
        let ad = match ad {
            Ok(ad) => ad,
            Err(e) => {
                return match found {
                    Some(f) => {
                        tracing::trace!(error = %e, "bytes after the beacon frame ignored");
                        Ok(f)
                    }
                    None => Err(e),
                };
            }
        };
        let claimed = match ad.ad_type {
            MANUFACTURER_DATA | SERVICE_DATA_16 => {
                let Some(head) = ad.data.get(..2) else {
                    if ad.ad_type == MANUFACTURER_DATA {
                        return Err(FrameError::ShortManufacturerData {
                            offset: ad.data_offset(),
                            found: ad.data.len(),
                        });
                    }
                    continue;
                };
                let id = u16::from_le_bytes([head[0], head[1]]);
                let (rest, at) = (&ad.data[2..], ad.data_offset() + 2);
                if ad.ad_type == MANUFACTURER_DATA {
                    manufacturer(id, rest, at)
                } else {
                    service(id, rest, at)
                }
            }
            _ => None,
        };
        match claimed {
            Some(Ok(frame)) => {
                found.get_or_insert(frame);
            }
            Some(Err(e)) => return Err(e),
            None => {}
        }
    }
    found.ok_or(FrameError::NoBeacon)
}

/// The identity of a beacon: what the registry maps to a point of interest.
///
/// Written as `ibeacon:UUID:MAJOR:MINOR`, `altbeacon:ID40HEX`,
/// `eddystone-uid:NAMESPACE20HEX:INSTANCE12HEX` or `eddystone-eid:EID16HEX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BeaconId {
    IBeacon {
        uuid: [u8; 16],
        major: u16,
        minor: u16,
    },
    AltBeacon {
        id: [u8; 20],
    },
    EddystoneUid {
        namespace: [u8; 10],
        instance: [u8; 6],
    },
    EddystoneEid {
        eid: [u8; 8],
    },
}

/// Formats 16 bytes as a UUID (8-4-4-4-12, lower case).
pub fn format_uuid(u: &[u8; 16]) -> String {
    let h = hex::encode(u);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

impl fmt::Display for BeaconId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BeaconId::IBeacon { uuid, major, minor } => {
                write!(f, "ibeacon:{}:{major}:{minor}", format_uuid(uuid))
            }
            BeaconId::AltBeacon { id } => write!(f, "altbeacon:{}", hex::encode(id)),
            BeaconId::EddystoneUid {
                namespace,
                instance,
            } => write!(
                f,
                "eddystone-uid:{}:{}",
                hex::encode(namespace),
                hex::encode(instance)
            ),
            BeaconId::EddystoneEid { eid } => write!(f, "eddystone-eid:{}", hex::encode(eid)),
        }
    }
}

/// Why a beacon id string is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a beacon id: {reason}")]
pub struct BeaconIdError {
    pub text: String,
    pub reason: &'static str,
}

fn hex_exact<const N: usize>(s: &str) -> Option<[u8; N]> {
    let clean: String = s.chars().filter(|c| *c != '-').collect();
    let mut out = [0u8; N];
    hex::decode_to_slice(clean, &mut out).ok()?;
    Some(out)
}

impl FromStr for BeaconId {
    type Err = BeaconIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| BeaconIdError {
            text: s.to_string(),
            reason,
        };
        let t = s.trim();
        let (kind, rest) = t.split_once(':').ok_or_else(|| {
            err("write KIND:… (ibeacon, altbeacon, eddystone-uid, eddystone-eid)")
        })?;
        let parts: Vec<&str> = rest.split(':').collect();
        match (kind.to_ascii_lowercase().as_str(), parts.as_slice()) {
            ("ibeacon", [uuid, major, minor]) => Ok(BeaconId::IBeacon {
                uuid: hex_exact(uuid).ok_or_else(|| err("the UUID is not 16 hex bytes"))?,
                major: major
                    .parse()
                    .map_err(|_| err("major is not a number from 0 to 65535"))?,
                minor: minor
                    .parse()
                    .map_err(|_| err("minor is not a number from 0 to 65535"))?,
            }),
            ("ibeacon", _) => Err(err("write ibeacon:UUID:MAJOR:MINOR")),
            ("altbeacon", [id]) => Ok(BeaconId::AltBeacon {
                id: hex_exact(id).ok_or_else(|| err("the id is not 20 hex bytes"))?,
            }),
            ("altbeacon", _) => Err(err("write altbeacon:ID (40 hex digits)")),
            ("eddystone-uid", [ns, inst]) => Ok(BeaconId::EddystoneUid {
                namespace: hex_exact(ns).ok_or_else(|| err("the namespace is not 10 hex bytes"))?,
                instance: hex_exact(inst).ok_or_else(|| err("the instance is not 6 hex bytes"))?,
            }),
            ("eddystone-uid", _) => Err(err("write eddystone-uid:NAMESPACE:INSTANCE")),
            ("eddystone-eid", [eid]) => Ok(BeaconId::EddystoneEid {
                eid: hex_exact(eid).ok_or_else(|| err("the EID is not 8 hex bytes"))?,
            }),
            ("eddystone-eid", _) => Err(err("write eddystone-eid:EID (16 hex digits)")),
            _ => Err(err(
                "unknown kind (ibeacon, altbeacon, eddystone-uid, eddystone-eid)",
            )),
        }
    }
}

#[cfg(test)]
mod tests;
