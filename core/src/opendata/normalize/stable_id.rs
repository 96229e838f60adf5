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
/// Ids are handed out without suffix while reading; [`IdAllocator::finish`] then sorts the
/// digests once and appends `#2`, `#3`, … to the later duplicates. One sort of a million
/// digests costs far less than a million random inserts into a hash map.
#[derive(Default)]
pub struct IdAllocator {
    digests: Vec<[u8; ID_BYTES]>,
}

impl IdAllocator {
    /// The id of the next POI (the `index`-th handed out), before duplicate suffixes.
    pub fn allocate(&mut self, digest: [u8; ID_BYTES]) -> String {
        self.digests.push(digest);
        hex::encode(digest)
    }

    pub fn reserve(&mut self, additional: usize) {
        self.digests.reserve(additional);
    }

    /// Appends the duplicate suffixes to `ids` (in the order they were allocated).
    pub fn finish<'a>(self, ids: impl Iterator<Item = &'a mut String>) {
        let mut order: Vec<u32> = (0..self.digests.len() as u32).collect();
        // Stable sort: duplicates stay in allocation (row) order.
        order.sort_by_key(|&i| self.digests[i as usize]);
        let mut suffix = vec![0u32; self.digests.len()];
        let mut any = false;
        for w in 1..order.len() {
            let (prev, cur) = (order[w - 1] as usize, order[w] as usize);
            if self.digests[prev] == self.digests[cur] {
                suffix[cur] = suffix[prev].max(1) + 1;
                any = true;
            }
        }
        if !any {
            return;
        }
        for (id, n) in ids.zip(suffix) {
            if n > 1 {
                id.push('#');
                id.push_str(&n.to_string());
            }
        }
    }
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
        let mut ids: Vec<String> = [d, other, d, d]
            .iter()
            .map(|x| alloc.allocate(*x))
            .collect();
        alloc.finish(ids.iter_mut());
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
