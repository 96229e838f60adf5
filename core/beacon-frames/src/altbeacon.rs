//! AltBeacon (Radius Networks' open format): manufacturer data of any company, beacon code
//! 0xBEAC, a 20-byte beacon id, the reference RSSI at 1 m and one manufacturer-reserved byte.
//!
//! The identity ends with the 20-byte id. As the Android Beacon Library's layout
//! (`m:2-3=beac,i:4-19,i:20-21,i:22-23,p:24-24,d:25-25`) reads it, bytes after the reserved byte
//! are ignored, and a frame that stops after the id or after the reference RSSI is still this
//! beacon, without the fields it lacks (the library reads them as 0; here they are absent, not
//! invented). A frame that stops inside the id is refused.

use super::{FrameError, FrameKind};

const CODE: [u8; 2] = [0xBE, 0xAC];
/// Manufacturer data length after the company id up to the end of the identity: code, id.
const IDENTITY_LEN: usize = 2 + 20;
/// Where the reference RSSI and the manufacturer-reserved byte are, after the identity.
const RSSI_AT: usize = IDENTITY_LEN;
const RESERVED_AT: usize = IDENTITY_LEN + 1;

/// A decoded AltBeacon frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AltBeacon {
    pub company_id: u16,
    /// The beacon id; libraries usually show it as a 16-byte UUID, a major and a minor.
    pub id: [u8; 20],
    /// Average RSSI at 1 m, dBm; `None` when the frame stops after the id.
    pub reference_rssi: Option<i8>,
    /// The manufacturer-reserved byte; `None` when the frame stops before it.
    pub mfg_reserved: Option<u8>,
}

impl AltBeacon {
    /// The first 16 id bytes, as libraries split it ("id1").
    pub fn id1(&self) -> [u8; 16] {
        let mut u = [0u8; 16];
        u.copy_from_slice(&self.id[..16]);
        u
    }
    /// Id bytes 16–17 ("id2", "major").
    pub fn id2(&self) -> u16 {
        u16::from_be_bytes([self.id[16], self.id[17]])
    }
    /// Id bytes 18–19 ("id3", "minor").
    pub fn id3(&self) -> u16 {
        u16::from_be_bytes([self.id[18], self.id[19]])
    }
}

/// `Some` when the manufacturer data (after the company id) starts with the beacon code.
pub(crate) fn parse(
    company: u16,
    data: &[u8],
    offset: usize,
) -> Option<Result<AltBeacon, FrameError>> {
    if data.get(..2) != Some(&CODE[..]) {
        return None;
    }
    if data.len() < IDENTITY_LEN {
        return Some(Err(FrameError::Length {
            kind: FrameKind::AltBeacon,
            offset,
            found: data.len(),
            expected: "≥ 22",
        }));
    }
    let mut id = [0u8; 20];
    id.copy_from_slice(&data[2..22]);
    Some(Ok(AltBeacon {
        company_id: company,
        id,
        reference_rssi: data.get(RSSI_AT).map(|&r| r as i8),
        mfg_reserved: data.get(RESERVED_AT).copied(),
    }))
}
