//! Apple iBeacon: manufacturer data of company 0x004C, type 0x02, length 0x15, then the
//! proximity UUID (16 bytes), major, minor (big-endian) and the measured power at 1 m.
//!
//! The identity ends with the minor. As the Android Beacon Library's layout
//! (`m:2-3=0215,i:4-19,i:20-21,i:22-23,p:24-24`) reads it, bytes after the measured power are
//! ignored, and a frame that stops after the minor is still this beacon, without a measured power
//! (the registry's `power_at_1m` then ranges it). A frame that stops inside the identity is refused.

use super::{FrameError, FrameKind};

/// Apple's Bluetooth SIG company identifier.
pub const APPLE: u16 = 0x004C;
const TYPE: u8 = 0x02;
const LEN: u8 = 0x15;
/// Manufacturer data length after the company id up to the end of the identity: type, length,
/// UUID, major, minor.
const IDENTITY_LEN: usize = 2 + 16 + 2 + 2;
/// Where the measured power is, after the identity.
const POWER_AT: usize = IDENTITY_LEN;

/// A decoded iBeacon frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IBeacon {
    pub uuid: [u8; 16],
    pub major: u16,
    pub minor: u16,
    /// Calibrated RSSI at 1 m, dBm; `None` when the frame stops after the minor.
    pub measured_power: Option<i8>,
}

/// `Some` when the manufacturer data (after the company id) claims to be an iBeacon; `None`
/// when it is some other Apple payload.
pub(crate) fn parse(
    company: u16,
    data: &[u8],
    offset: usize,
) -> Option<Result<IBeacon, FrameError>> {
    if company != APPLE || data.first() != Some(&TYPE) {
        return None;
    }
    if data.len() < IDENTITY_LEN {
        return Some(Err(FrameError::Length {
            kind: FrameKind::IBeacon,
            offset,
            found: data.len(),
            expected: "≥ 22",
        }));
    }
    if data[1] != LEN {
        return Some(Err(FrameError::DeclaredLength {
            kind: FrameKind::IBeacon,
            offset: offset + 1,
            declared: data[1],
            expected: LEN,
        }));
    }
    let mut uuid = [0u8; 16];
    uuid.copy_from_slice(&data[2..18]);
    Some(Ok(IBeacon {
        uuid,
        major: u16::from_be_bytes([data[18], data[19]]),
        minor: u16::from_be_bytes([data[20], data[21]]),
        measured_power: data.get(POWER_AT).map(|&p| p as i8),
    }))
}
