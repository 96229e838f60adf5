//! Stable POI ids: the same source row gets the same id at every re-harvest, whatever the row
//! order.
//!
//! - With a source id (an `id` / `codice` / `identificativo` column, a GeoJSON feature id):
//!   `sha256(dataset_id ␟ resource_id ␟ "src" ␟ source id)`.
//! - Without: `sha256(dataset_id ␟ resource_id ␟ "row" ␟ folded name ␟ folded comune ␟ lat ␟ lon)`
//!   with the coordinates rounded to 1e-5 degrees (about 1 m), so a reordered file or a
//!   re-projection that moves a point by centimetres keeps its ids.
//!
//! The id is the first 20 hex digits (80 bits) of the digest. Rows of one resource that hash to
//! the same id (duplicate source ids, identical rows) get `#2`, `#3`, … in row order.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

use sha2::{Digest, Sha256};

use super::text::fold_words;

const SEP: &[u8] = &[0x1F];
const ID_BYTES: usize = 10;

/// What the id is derived from.
pub enum IdSource<'a> {
    /// The row's own identifier.
    Source(&'a str),
    /// The row's content.
    Content {
        name: &'a str,
        comune: Option<&'a str>,
        lat: f64,
        lon: f64,
    },
}

/// The digest of one row, before duplicate suffixes.
pub fn digest(dataset_id: &str, resource_id: &str, source: &IdSource<'_>) -> [u8; ID_BYTES] {
    let mut h = Sha256::new();
    h.update(dataset_id.as_bytes());
    h.update(SEP);
    h.update(resource_id.as_bytes());
    h.update(SEP);
    match source {
        IdSource::Source(id) => {
            h.update(b"src");
            h.update(SEP);
            h.update(id.trim().as_bytes());
        }
        IdSource::Content {
            name,
            comune,
            lat,
            lon,
        } => {
            h.update(b"row");
            h.update(SEP);
            h.update(fold_words(name).trim().as_bytes());
            h.update(SEP);
            h.update(fold_words(comune.unwrap_or_default()).trim().as_bytes());
            h.update(SEP);
            h.update(((lat * 1e5).round() as i64).to_le_bytes());
            h.update(SEP);
            h.update(((lon * 1e5).round() as i64).to_le_bytes());
        }
    }
    let full = h.finalize();
    let mut out = [0u8; ID_BYTES];
    out.copy_from_slice(&full[..ID_BYTES]);
    out
}

/// Hands out ids for one resource, suffixing duplicates in row order.
///
/// Each id is final when handed out: the first row with a digest gets it bare, the later ones
/// `#2`, `#3`, …. What is kept is a set of the digests seen (10 bytes each, hashed by their
/// own first bytes: they are already uniformly spread) and a count for the few that repeat, so
/// a resource read in batches never holds its rows to tell duplicates apart.
#[derive(Default)]
pub struct IdAllocator {
    seen: HashSet<[u8; ID_BYTES], DigestHash>,
    repeats: HashMap<[u8; ID_BYTES], u32, DigestHash>,
}

impl IdAllocator {
    /// The id of the next POI, with its duplicate suffix.
    pub fn allocate(&mut self, digest: [u8; ID_BYTES]) -> String {
        let mut id = hex::encode(digest);
        if !self.seen.insert(digest) {
            let n = self.repeats.entry(digest).or_insert(1);
            *n += 1;
            id.push('#');
            id.push_str(&n.to_string());
        }
        id
    }

    pub fn reserve(&mut self, additional: usize) {
        self.seen.reserve(additional);
    }
}

/// Hashes a digest by its first eight bytes (a SHA-256 prefix needs no further mixing).
#[derive(Default, Clone, Copy)]
struct DigestHash;

impl BuildHasher for DigestHash {
    type Hasher = DigestHasher;
    fn build_hasher(&self) -> DigestHasher {
        DigestHasher(0)
    }
}

struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(29) ^ u64::from_le_bytes(word);
        }
    }
    // The slice's length prefix carries nothing: every digest has the same.
    fn write_usize(&mut self, _: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_scoped() {
        let a = digest("ds", "res", &IdSource::Source("46"));
        assert_eq!(a, digest("ds", "res", &IdSource::Source(" 46 ")));
        assert_ne!(a, digest("ds", "res2", &IdSource::Source("46")));
        assert_ne!(a, digest("ds2", "res", &IdSource::Source("46")));
        assert_eq!(hex::encode(a).len(), 20);
    }

    #[test]
    fn content_ids_ignore_case_accents_and_centimetres() {
        let one = IdSource::Content {
            name: "Museo Civico",
            comune: Some("Città"),
            lat: 43.160_500_1,
            lon: 13.718_100_2,
        };
        let two = IdSource::Content {
            name: "  MUSEO   civico ",
            comune: Some("citta"),
            lat: 43.160_500_3,
            lon: 13.718_099_9,
        };
        assert_eq!(digest("d", "r", &one), digest("d", "r", &two));
        let moved = IdSource::Content {
            name: "Museo Civico",
            comune: Some("Città"),
            lat: 43.1606,
            lon: 13.7181,
        };
        assert_ne!(digest("d", "r", &one), digest("d", "r", &moved));
    }

    #[test]
    fn duplicates_get_suffixes_in_order() {
        let mut alloc = IdAllocator::default();
        let d = digest("d", "r", &IdSource::Source("1"));
        let other = digest("d", "r", &IdSource::Source("2"));
        let ids: Vec<String> = [d, other, d, d]
            .iter()
            .map(|x| alloc.allocate(*x))
            .collect();
        let first = hex::encode(d);
        assert_eq!(
            ids,
            [
                first.clone(),
                hex::encode(other),
                format!("{first}#2"),
                format!("{first}#3")
            ]
        );
    }
}
