//! The `k` nearest of points offered one by one, by great-circle distance ([`distance_m`]),
//! ties by rowid: the same as measuring them all, sorting and keeping `k`, for a fraction of
//! the measuring.
//!
//! Once `k` are kept, a point whose latitude alone puts it farther than the k-th is passed
//! over without being measured: the great-circle distance is at least the difference of
//! latitudes along a meridian. Matches spread over a province have most of theirs outside the
//! band of latitudes around the point that the k-th reaches.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::opendata::db::distance_m;

/// The Earth's radius [`distance_m`] uses, in metres per radian of latitude.
const METRES_PER_RADIAN: f64 = 6_371_008.8;
/// Rounding room for the latitude bound, in metres: a point this much past the k-th is
/// measured anyway.
const ROOM_M: f64 = 1.0;

/// The nearest `k` seen so far.
pub struct Closest {
    lat: f64,
    lon: f64,
    k: usize,
    kept: BinaryHeap<Measured>,
}

/// A point kept: the farthest (then the highest rowid) on top.
#[derive(Debug, Clone, Copy)]
struct Measured {
    distance: f64,
    rowid: i64,
}

impl Ord for Measured {
    fn cmp(&self, other: &Self) -> Ordering {
        self.distance
            .total_cmp(&other.distance)
            .then(self.rowid.cmp(&other.rowid))
    }
}
impl PartialOrd for Measured {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Measured {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Measured {}

impl Closest {
    /// Nothing kept yet, around `(lat, lon)`.
    pub fn new(lat: f64, lon: f64, k: usize) -> Closest {
        Closest {
            lat,
            lon,
            k,
            kept: BinaryHeap::with_capacity(k + 1),
        }
    }

    /// Offers a point.
    pub fn offer(&mut self, rowid: i64, lat: f64, lon: f64) {
        if self.k == 0 {
            return;
        }
        let full = self.kept.len() >= self.k;
        if let Some(top) = self.kept.peek().filter(|_| full) {
            let at_least = (lat - self.lat).abs().to_radians() * METRES_PER_RADIAN - ROOM_M;
            if at_least > top.distance {
                return;
            }
        }
        let m = Measured {
            distance: distance_m(self.lat, self.lon, lat, lon),
            rowid,
        };
        if !full {
            self.kept.push(m);
        } else if self.kept.peek().is_some_and(|top| m < *top) {
            self.kept.pop();
            self.kept.push(m);
        }
    }

    /// The rowids kept, nearest first.
    pub fn rowids(self) -> Vec<i64> {
        self.kept
            .into_sorted_vec()
            .into_iter()
            .map(|m| m.rowid)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same as measuring every point, sorting by distance then rowid, keeping k.
        #[test]
        fn keeps_what_a_full_sort_keeps(
            points in proptest::collection::vec((-89.0f64..89.0, -179.0f64..179.0), 0..300),
            dupes in proptest::collection::vec(0usize..300, 0..40),
            at in (-89.0f64..89.0, -179.0f64..179.0),
            k in 0usize..40,
        ) {
            let mut points: Vec<(f64, f64)> = points;
            // Equal distances: the same point under several rowids.
            for d in dupes {
                if let Some(p) = points.get(d).copied() {
                    points.push(p);
                }
            }
            let mut all: Vec<(f64, i64)> = points
                .iter()
                .enumerate()
                .map(|(i, p)| (distance_m(at.0, at.1, p.0, p.1), i as i64))
                .collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let want: Vec<i64> = all.into_iter().take(k).map(|(_, r)| r).collect();
            let mut c = Closest::new(at.0, at.1, k);
            for (i, p) in points.iter().enumerate() {
                c.offer(i as i64, p.0, p.1);
            }
            prop_assert_eq!(c.rowids(), want);
        }
    }
}
