//! Google's Eddystone, carried in 16-bit service data of UUID 0xFEAA: UID, URL, TLM (plain,
//! and encrypted recognised with its salt and check) and EID (the ephemeral id kept as is).
//! Every multi-byte value is big-endian, as the specification says.

use super::{FrameError, FrameKind};

/// The Eddystone service UUID.
pub const SERVICE_UUID: u16 = 0xFEAA;

const UID: u8 = 0x00;
const URL: u8 = 0x10;
const TLM: u8 = 0x20;
const EID: u8 = 0x30;

/// Bytes up to the end of each fixed layout's last field (UID: its instance; the two reserved
/// bytes after it are optional).
const UID_LEN: usize = 18;
const TLM_LEN: usize = 14;
const ETLM_LEN: usize = 18;
const EID_LEN: usize = 10;

/// Eddystone-UID: a 10-byte namespace and a 6-byte instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EddystoneUid {
    /// Calibrated transmit power at 0 m, dBm.
    pub tx_power: i8,
    pub namespace: [u8; 10],
    pub instance: [u8; 6],
}

/// Eddystone-URL: a compressed URL, validated when parsed and expanded by [`EddystoneUrl::url`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EddystoneUrl {
    /// Calibrated transmit power at 0 m, dBm.
    pub tx_power: i8,
    scheme: u8,
    encoded: [u8; 17],
    len: u8,
}

impl EddystoneUrl {
    /// The expanded URL.
    pub fn url(&self) -> String {
        let len = usize::from(self.len).min(self.encoded.len());
        expand(self.scheme, &self.encoded[..len])
    }
}

/// Eddystone-TLM, unencrypted (version 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EddystoneTlm {
    /// Battery voltage, mV (0 when the beacon does not measure it).
    pub battery_mv: u16,
    /// Temperature, signed 8.8 fixed point (0x8000 when not measured).
    pub temperature_raw: i16,
    /// Advertising PDUs sent since power-up or reboot.
    pub adv_count: u32,
    /// Time since power-up or reboot, in 0.1 s.
    pub sec_count: u32,
}

impl EddystoneTlm {
    /// Temperature in °C, `None` when the beacon does not measure it.
    pub fn temperature_c(&self) -> Option<f64> {
        (self.temperature_raw != i16::MIN).then(|| f64::from(self.temperature_raw) / 256.0)
    }
    /// Time since power-up in milliseconds.
    pub fn elapsed_ms(&self) -> u64 {
        u64::from(self.sec_count) * 100
    }
}

/// Eddystone-eTLM (TLM version 1): recognised, not decrypted (that needs the beacon's key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EddystoneEtlm {
    pub encrypted: [u8; 12],
    pub salt: u16,
    pub mic: u16,
}

/// Eddystone-EID: an ephemeral id that rotates; only a resolver with the key can tell whose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EddystoneEid {
    /// Calibrated transmit power at 0 m, dBm.
    pub tx_power: i8,
    pub eid: [u8; 8],
}

/// A decoded Eddystone frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eddystone {
    Uid(EddystoneUid),
    Url(EddystoneUrl),
    Tlm(EddystoneTlm),
    Etlm(EddystoneEtlm),
    Eid(EddystoneEid),
}

const SCHEMES: [&str; 4] = ["http://www.", "https://www.", "http://", "https://"];
const EXPANSIONS: [&str; 14] = [
    ".com/", ".org/", ".edu/", ".net/", ".info/", ".biz/", ".gov/", ".com", ".org", ".edu", ".net",
    ".info", ".biz", ".gov",
];

fn length(kind: FrameKind, offset: usize, found: usize, expected: &'static str) -> FrameError {
    FrameError::Length {
        kind,
        offset,
        found,
        expected,
    }
}

/// The first `len` bytes of a fixed-layout frame: fewer is a truncated frame (a length error);
/// bytes after them (zero padding some beacons and capture tools add, or the reserved bytes of
/// a frame) are not part of the frame and are ignored, as the reference libraries ignore them.
fn complete<'a>(
    kind: FrameKind,
    data: &'a [u8],
    offset: usize,
    len: usize,
    expected: &'static str,
) -> Result<&'a [u8], FrameError> {
    match data.get(..len) {
        Some(frame) => {
            if data.len() > len {
                tracing::trace!(%kind, ignored = data.len() - len, "bytes after the frame ignored");
            }
            Ok(frame)
        }
        None => Err(length(kind, offset, data.len(), expected)),
    }
}

/// Parses Eddystone service data (the bytes after the 0xFEAA UUID) that start at `offset` in
/// the advertisement.
pub(crate) fn parse(data: &[u8], offset: usize) -> Result<Eddystone, FrameError> {
    let Some(&frame_type) = data.first() else {
        return Err(length(FrameKind::Eddystone, offset, 0, "≥ 1"));
    };
    match frame_type {
        UID => {
            // Frame type, tx power, namespace, instance, then two bytes reserved for future use.
            // The identity ends at byte 18: older firmware leaves the reserved bytes out, and
            // the Android Beacon Library's layout (`i:4-13,i:14-19`) never reads them.
            let data = complete(FrameKind::EddystoneUid, data, offset, UID_LEN, "≥ 18")?;
            let mut namespace = [0u8; 10];
            namespace.copy_from_slice(&data[2..12]);
            let mut instance = [0u8; 6];
            instance.copy_from_slice(&data[12..18]);
            Ok(Eddystone::Uid(EddystoneUid {
                tx_power: data[1] as i8,
                namespace,
                instance,
            }))
        }
        URL => {
            // No padding can be told apart from the URL: 0x00 is the expansion ".com/", so a
            // frame longer than the format's 20 bytes is refused rather than guessed at.
            if !(3..=20).contains(&data.len()) {
                return Err(length(FrameKind::EddystoneUrl, offset, data.len(), "3–20"));
            }
            let (scheme, body) = check_url(&data[2..], offset + 2)?;
            let mut encoded = [0u8; 17];
            encoded[..body.len()].copy_from_slice(body);
            let len = body.len() as u8;
            Ok(Eddystone::Url(EddystoneUrl {
                tx_power: data[1] as i8,
                scheme,
                encoded,
                len,
            }))
        }
        TLM => match data.get(1) {
            Some(0x00) => {
                let data = complete(FrameKind::EddystoneTlm, data, offset, TLM_LEN, "≥ 14")?;
                Ok(Eddystone::Tlm(EddystoneTlm {
                    battery_mv: u16::from_be_bytes([data[2], data[3]]),
                    temperature_raw: i16::from_be_bytes([data[4], data[5]]),
                    adv_count: u32::from_be_bytes([data[6], data[7], data[8], data[9]]),
                    sec_count: u32::from_be_bytes([data[10], data[11], data[12], data[13]]),
                }))
            }
            Some(0x01) => {
                let data = complete(FrameKind::EddystoneEtlm, data, offset, ETLM_LEN, "≥ 18")?;
                let mut encrypted = [0u8; 12];
                encrypted.copy_from_slice(&data[2..14]);
                Ok(Eddystone::Etlm(EddystoneEtlm {
                    encrypted,
                    salt: u16::from_be_bytes([data[14], data[15]]),
                    mic: u16::from_be_bytes([data[16], data[17]]),
                }))
            }
            Some(&version) => Err(FrameError::UnknownTlmVersion {
                version,
                offset: offset + 1,
            }),
            None => Err(length(FrameKind::EddystoneTlm, offset, data.len(), "≥ 14")),
        },
        EID => {
            let data = complete(FrameKind::EddystoneEid, data, offset, EID_LEN, "≥ 10")?;
            let mut eid = [0u8; 8];
            eid.copy_from_slice(&data[2..10]);
            Ok(Eddystone::Eid(EddystoneEid {
                tx_power: data[1] as i8,
                eid,
            }))
        }
        other => Err(FrameError::UnknownEddystoneType {
            frame_type: other,
            offset,
        }),
    }
}

/// Checks a scheme byte and an encoded URL starting at `offset`; the caller bounds its length.
fn check_url(bytes: &[u8], offset: usize) -> Result<(u8, &[u8]), FrameError> {
    let Some((&scheme, body)) = bytes.split_first() else {
        return Err(length(FrameKind::EddystoneUrl, offset, 0, "≥ 1"));
    };
    if usize::from(scheme) >= SCHEMES.len() {
        return Err(FrameError::UrlScheme {
            byte: scheme,
            offset,
        });
    }
    for (i, &b) in body.iter().enumerate() {
        // 0x00–0x0D expand; 0x0E–0x20 and 0x7F–0xFF are reserved; the rest is printable ASCII.
        if (0x0E..=0x20).contains(&b) || b >= 0x7F {
            return Err(FrameError::UrlReservedByte {
                byte: b,
                offset: offset + 1 + i,
            });
        }
    }
    Ok((scheme, body))
}

fn expand(scheme: u8, body: &[u8]) -> String {
    let mut out = String::with_capacity(40);
    out.push_str(SCHEMES[usize::from(scheme) % SCHEMES.len()]);
    for &b in body {
        match EXPANSIONS.get(usize::from(b)) {
            Some(e) => out.push_str(e),
            None => out.push(char::from(b)),
        }
    }
    out
}

/// Expands a scheme byte followed by an encoded URL (Eddystone-URL service data from its third
/// byte), checking every byte. The length is not bounded here: a frame bounds it to 17 bytes.
pub fn decode_url(bytes: &[u8]) -> Result<String, FrameError> {
    let (scheme, body) = check_url(bytes, 0)?;
    Ok(expand(scheme, body))
}
