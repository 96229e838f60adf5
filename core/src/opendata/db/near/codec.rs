//! The stored form of a [`NearIndex`]: little-endian, fixed-width entries in tree order, then
//! the dictionaries. Reading it back is a copy, not a rebuild.
//!
//! Layout: `CNEAR006`, the entry count (u64), the box of all points (south, west, north, east
//! as f64), per entry rowid (i64), latitude and longitude
//! (f64), split axis
//! (u8), category (u8), ISTAT and comune (u32 each, `u32::MAX` for none), the letters its
//! words start with (u32) and their two-letter classes (u64); then each dictionary (ISTAT
//! codes, comuni) as a count (u32) and its strings (length as u32, UTF-8 bytes); then whether
//! the full-text vocabulary was read (u8, 0 or 1) and, if it was, the vocabulary and the
//! names' vocabulary as two dictionaries.

use super::{Entry, NearIndex, NearTree};
use crate::opendata::db::DbError;

const MAGIC: &[u8; 8] = b"CNEAR006";

/// Whether `bytes` start like an index in the format this build writes (an older format is
/// rebuilt, not read).
pub fn is_current(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}
const ENTRY: usize = 8 + 2 * 8 + 1 + 1 + 4 + 4 + 4 + 8;

/// The bytes stored for `index`.
pub fn encode(index: &NearIndex) -> Vec<u8> {
    let entries = &index.tree.entries;
    let mut out = Vec::with_capacity(16 + entries.len() * ENTRY);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for c in index.tree.bounds.iter().flatten() {
        out.extend_from_slice(&c.to_le_bytes());
    }
    for (e, axis) in entries.iter().zip(&index.tree.axis) {
        out.extend_from_slice(&e.rowid.to_le_bytes());
        for c in e.at {
            out.extend_from_slice(&c.to_le_bytes());
        }
        out.push(*axis);
        out.push(e.category);
        out.extend_from_slice(&e.istat.to_le_bytes());
        out.extend_from_slice(&e.comune.to_le_bytes());
        out.extend_from_slice(&e.letters.to_le_bytes());
        out.extend_from_slice(&e.pairs.to_le_bytes());
    }
    let write_dict = |out: &mut Vec<u8>, dict: &[String]| {
        out.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        for s in dict {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
    };
    write_dict(&mut out, &index.istats);
    write_dict(&mut out, &index.comuni);
    match (&index.terms, &index.name_terms) {
        (Some(terms), Some(names)) => {
            out.push(1);
            write_dict(&mut out, terms);
            write_dict(&mut out, names);
        }
        _ => out.push(0),
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DbError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            DbError::Corrupt(format!(
                "the nearest-places index ends early (byte {} of {})",
                self.at,
                self.bytes.len()
            ))
        })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DbError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32, DbError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
}

/// Reads back what [`encode`] wrote; `generation` is the one stored beside it.
pub fn decode(bytes: &[u8], generation: i64) -> Result<NearIndex, DbError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return Err(DbError::Corrupt(
            "the nearest-places index is not in a known format".into(),
        ));
    }
    let n = usize::try_from(u64::from_le_bytes(r.array()?))
        .ok()
        .filter(|n| n.checked_mul(ENTRY).is_some_and(|b| b <= bytes.len()))
        .ok_or_else(|| DbError::Corrupt("the nearest-places index has a bad count".into()))?;
    let mut bounds = [[0.0; 2]; 2];
    for c in bounds.iter_mut().flatten() {
        *c = f64::from_le_bytes(r.array()?);
    }
    let mut entries = Vec::with_capacity(n);
    let mut axis = Vec::with_capacity(n);
    let body = r.take(n * ENTRY)?;
    for e in body.chunks_exact(ENTRY) {
        let f = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&e[i..i + 8]);
            b
        };
        let u = |i: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&e[i..i + 4]);
            u32::from_le_bytes(b)
        };
        entries.push(Entry {
            rowid: i64::from_le_bytes(f(0)),
            at: [f64::from_le_bytes(f(8)), f64::from_le_bytes(f(16))],
            category: e[25],
            istat: u(26),
            comune: u(30),
            letters: u(34),
            pairs: u64::from_le_bytes(f(38)),
        });
        axis.push(e[24]);
    }
    let read_dict = |r: &mut Reader<'_>| -> Result<Vec<String>, DbError> {
        let count = r.u32()? as usize;
        let mut dict = Vec::with_capacity(count.min(bytes.len() / 4));
        for _ in 0..count {
            let len = r.u32()? as usize;
            let s = std::str::from_utf8(r.take(len)?).map_err(|_| {
                DbError::Corrupt("the nearest-places index holds a name that is not UTF-8".into())
            })?;
            dict.push(s.to_string());
        }
        Ok(dict)
    };
    let istats = read_dict(&mut r)?;
    let comuni = read_dict(&mut r)?;
    let (terms, name_terms) = match r.take(1)?[0] {
        0 => (None, None),
        1 => (Some(read_dict(&mut r)?), Some(read_dict(&mut r)?)),
        _ => {
            return Err(DbError::Corrupt(
                "the nearest-places index has a bad vocabulary mark".into(),
            ));
        }
    };
    Ok(NearIndex {
        generation,
        tree: NearTree {
            by_rowid: super::tree::RowidMap::of(&entries),
            entries,
            axis,
            bounds,
        },
        istats,
        comuni,
        terms,
        name_terms,
        words: super::WordsSlot::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_wrote_and_refuses_damage() {
        let entries = (0..50)
            .map(|i| Entry {
                rowid: i,
                at: [40.0 + i as f64 * 0.1, 13.0 - i as f64 * 0.05],
                category: (i % 13) as u8,
                istat: if i % 3 == 0 { u32::MAX } else { (i % 2) as u32 },
                comune: (i % 2) as u32,
                letters: (i * 7) as u32,
                pairs: (i as u64) << 40 | 3,
            })
            .collect();
        let index = NearIndex {
            generation: 7,
            tree: NearTree::build(entries),
            istats: vec!["044007".into(), "109006".into()],
            comuni: vec!["ascoli piceno".into(), "fermo".into()],
            terms: Some(vec!["duomo".into(), "museo".into()]),
            name_terms: Some(vec!["duomo".into()]),
            words: super::super::WordsSlot::default(),
        };
        let bytes = encode(&index);
        assert_eq!(decode(&bytes, 7).unwrap(), index);
        for cut in [0, 7, 16, 100, bytes.len() - 1] {
            assert!(
                matches!(decode(&bytes[..cut], 7), Err(DbError::Corrupt(_))),
                "cut at {cut}"
            );
        }
    }
}
