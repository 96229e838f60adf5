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

use std::collections::HashMap;

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
#[derive(Default)]
pub struct IdAllocator {
    seen: HashMap<[u8; ID_BYTES], u32>,
}

impl IdAllocator {
    pub fn allocate(&mut self, digest: [u8; ID_BYTES]) -> String {
        let n = self.seen.entry(digest).or_insert(0);
        *n += 1;
        let hex = hex::encode(digest);
        if *n == 1 { hex } else { format!("{hex}#{n}") }
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
        let mut ids = IdAllocator::default();
        let d = digest("d", "r", &IdSource::Source("1"));
        let first = ids.allocate(d);
        assert_eq!(ids.allocate(d), format!("{first}#2"));
        assert_eq!(ids.allocate(d), format!("{first}#3"));
        assert!(
            !ids.allocate(digest("d", "r", &IdSource::Source("2")))
                .contains('#')
        );
    }
}
