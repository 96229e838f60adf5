//! AltBeacon (Radius Networks' open format): manufacturer data of any company, beacon code
//! 0xBEAC, a 20-byte beacon id, the reference RSSI at 1 m and one manufacturer-reserved byte.

use super::{FrameError, FrameKind};

const CODE: [u8; 2] = [0xBE, 0xAC];
/// Manufacturer data length after the company id: code, id, reference RSSI, reserved.
const DATA_LEN: usize = 2 + 20 + 1 + 1;

/// A decoded AltBeacon frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AltBeacon {
    pub company_id: u16,
    /// The beacon id; libraries usually show it as a 16-byte UUID, a major and a minor.
    pub id: [u8; 20],
    /// Average RSSI at 1 m, dBm.
    pub reference_rssi: i8,
    pub mfg_reserved: u8,
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
    if data.len() != DATA_LEN {
        return Some(Err(FrameError::Length {
            kind: FrameKind::AltBeacon,
            offset,
            found: data.len(),
            expected: "24",
        }));
    }
    let mut id = [0u8; 20];
    id.copy_from_slice(&data[2..22]);
    Some(Ok(AltBeacon {
        company_id: company,
        id,
        reference_rssi: data[22] as i8,
        mfg_reserved: data[23],
    }))
}
