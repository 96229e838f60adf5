//! The advertisement's AD structures (Bluetooth Core Supplement, part A, 1): a list of
//! `length, type, data…` where `length` counts the type byte and the data.

use super::FrameError;

/// AD type of manufacturer specific data (company id, little-endian, then the data).
pub const MANUFACTURER_DATA: u8 = 0xFF;
/// AD type of 16-bit-UUID service data (UUID, little-endian, then the data).
pub const SERVICE_DATA_16: u8 = 0x16;

/// One AD structure, borrowed from the advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ad<'a> {
    /// Byte offset of the structure's length byte in the advertisement.
    pub offset: usize,
    pub ad_type: u8,
    /// The data after the type byte.
    pub data: &'a [u8],
}

impl Ad<'_> {
    /// Byte offset of the first data byte in the advertisement.
    pub fn data_offset(&self) -> usize {
        self.offset + 2
    }
}

/// Walks the AD structures of an advertisement. A length byte of zero ends the significant part
/// (what follows is padding, as Android scan records have); a structure that runs past the end
/// of the buffer yields one [`FrameError::TruncatedAd`] and ends the walk.
#[derive(Debug, Clone)]
pub struct AdIter<'a> {
    bytes: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> AdIter<'a> {
    pub fn new(bytes: &'a [u8]) -> AdIter<'a> {
        AdIter {
            bytes,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for AdIter<'a> {
    type Item = Result<Ad<'a>, FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let offset = self.pos;
        let Some(&len) = self.bytes.get(offset) else {
            self.done = true;
            return None;
        };
        if len == 0 {
            self.done = true;
            return None;
        }
        let len = usize::from(len);
        let available = self.bytes.len() - offset - 1;
        let Some(body) = self.bytes.get(offset + 1..offset + 1 + len) else {
            self.done = true;
            return Some(Err(FrameError::TruncatedAd {
                offset,
                declared: len,
                available,
            }));
        };
        self.pos = offset + 1 + len;
        let (&ad_type, data) = body.split_first()?;
        Some(Ok(Ad {
            offset,
            ad_type,
            data,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_structures_and_stops_at_zero_padding() {
        let bytes = [0x02, 0x01, 0x06, 0x03, 0x03, 0xAA, 0xFE, 0x00, 0x05, 0x05];
        let ads: Vec<_> = AdIter::new(&bytes).collect::<Result<_, _>>().unwrap();
        assert_eq!(ads.len(), 2);
        assert_eq!(ads[1].offset, 3);
        assert_eq!(ads[1].ad_type, 0x03);
        assert_eq!(ads[1].data, &[0xAA, 0xFE]);
    }

    #[test]
    fn a_structure_past_the_end_is_reported_once() {
        let bytes = [0x02, 0x01, 0x06, 0x03, 0x03];
        let mut it = AdIter::new(&bytes);
        assert!(it.next().unwrap().is_ok());
        assert_eq!(
            it.next().unwrap(),
            Err(FrameError::TruncatedAd {
                offset: 3,
                declared: 3,
                available: 1
            })
        );
        assert!(it.next().is_none());
    }
}
