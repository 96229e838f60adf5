//! A static k-d tree over places by latitude and longitude, answering "nearest first" by
//! great-circle distance.
//!
//! The tree is implicit: the points are stored in one array, each range `[lo, hi)` split at its
//! middle element along the axis (latitude or longitude) where the range is widest on the
//! ground (the axis is kept per element). [`NearTree::nearest`] walks it best-first — a heap of
//! ranges by the great-circle distance from the query to their latitude/longitude box, and of
//! points by theirs — so it yields the points in order of distance and reads only what the
//! answer needs, however sparse the data is around the query. The distance to a box is exact
//! (the nearest point of a box west or east of the query lies on its nearer meridian, where the
//! distance has one minimum), so the walk stays tight even far from every place, across the
//! antimeridian and at the poles.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::opendata::db::distance_m;

/// A point of the tree: where it is and what a filter reads of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// The place's rowid in `pois`.
    pub rowid: i64,
    /// Its latitude and longitude in degrees.
    pub at: [f64; 2],
    /// Its category, as an index in [`crate::opendata::Category::ALL`].
    pub category: u8,
    /// Its ISTAT code, as an index in the tree's dictionary (`u32::MAX`: none).
    pub istat: u32,
    /// Its comune's folded name, as an index in the tree's dictionary (`u32::MAX`: none).
    pub comune: u32,
    /// The letters its words start with ([`super::words`]).
    pub letters: u32,
    /// The classes of two-letter starts of its words ([`super::words`]).
    pub pairs: u64,
}

/// The tree: entries in k-d order and the split axis of each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NearTree {
    pub(super) entries: Vec<Entry>,
    pub(super) axis: Vec<u8>,
    /// The box of all points, `[south, west]` and `[north, east]`: the walk starts from it, so
    /// a query far from every place is not let into ranges that reach to the poles.
    pub(super) bounds: [[f64; 2]; 2],
    /// Where each rowid's entry is (derived from `entries`, not stored).
    pub(super) by_rowid: RowidMap,
}

/// The position in the tree of each rowid's entry: an array over the rowids' range when they
/// are dense (as `pois`' rowids mostly are: 4 bytes a place), else a hash map.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) enum RowidMap {
    #[default]
    Empty,
    Dense {
        min: i64,
        at: Vec<u32>,
    },
    Sparse(std::collections::HashMap<i64, u32>),
}

impl RowidMap {
    pub(super) fn of(entries: &[Entry]) -> RowidMap {
        let (Some(min), Some(max)) = (
            entries.iter().map(|e| e.rowid).min(),
            entries.iter().map(|e| e.rowid).max(),
        ) else {
            return RowidMap::Empty;
        };
        let span = u64::try_from(max.wrapping_sub(min)).unwrap_or(u64::MAX);
        if span < 4 * entries.len() as u64 + 64 {
            let mut at = vec![u32::MAX; span as usize + 1];
            for (i, e) in entries.iter().enumerate() {
                at[(e.rowid - min) as usize] = i as u32;
            }
            RowidMap::Dense { min, at }
        } else {
            RowidMap::Sparse(
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.rowid, i as u32))
                    .collect(),
            )
        }
    }

    fn get(&self, rowid: i64) -> Option<usize> {
        let i = match self {
            RowidMap::Empty => return None,
            RowidMap::Dense { min, at } => {
                *at.get(usize::try_from(rowid.checked_sub(*min)?).ok()?)?
            }
            RowidMap::Sparse(map) => *map.get(&rowid)?,
        };
        (i != u32::MAX).then_some(i as usize)
    }
}

/// Ranges at most this long are not split: their points are asked about (`keep`) and go on
/// the heap directly. Opening a range costs a box distance (trigonometry) and a heap entry, so
/// a walk that keeps few of the points it meets (a search's words near a point) spends most of
/// its time opening ranges when they are small. 32 against 8, counted with callgrind on a
/// million places: the walks of 120 searches near a point 439 → 212 million instructions; 600
/// nearest-20 642 → 609 million (64: 177 and 705 million). A tree stored with smaller leaves
/// is walked alike: its ranges of at most this many points are read as leaves.
pub(super) const LEAF: usize = 32;

fn cmp_on(axis: usize) -> impl Fn(&Entry, &Entry) -> Ordering {
    move |a, b| {
        a.at[axis]
            .total_cmp(&b.at[axis])
            .then(a.rowid.cmp(&b.rowid))
    }
}

impl NearTree {
    /// Builds the tree (O(n log n)); the order of `entries` does not matter.
    pub fn build(mut entries: Vec<Entry>) -> NearTree {
        let mut axis = vec![0u8; entries.len()];
        let mut bounds = [[90.0, 180.0], [-90.0, -180.0]];
        for e in &entries {
            for (d, c) in e.at.iter().enumerate() {
                bounds[0][d] = c.min(bounds[0][d]);
                bounds[1][d] = c.max(bounds[1][d]);
            }
        }
        split(&mut entries, &mut axis);
        NearTree {
            by_rowid: RowidMap::of(&entries),
            entries,
            axis,
            bounds,
        }
    }

    /// The entry of a rowid, if the tree holds it.
    pub fn entry(&self, rowid: i64) -> Option<&Entry> {
        self.entries.get(self.by_rowid.get(rowid)?)
    }

    /// The box of all points: `[south, west]` and `[north, east]` in degrees.
    pub fn bounds(&self) -> [[f64; 2]; 2] {
        self.bounds
    }

    /// The entry at a position in the tree.
    pub fn at(&self, position: usize) -> Option<&Entry> {
        self.entries.get(position)
    }

    /// Where a rowid's entry is in the tree, if the tree holds it.
    pub fn position(&self, rowid: i64) -> Option<usize> {
        self.by_rowid.get(rowid)
    }

    /// How many points it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The points, nearest to `(lat, lon)` first, each with its distance in metres
    /// ([`distance_m`]); equal distances come in rowid order.
    pub fn nearest(&self, lat: f64, lon: f64) -> Nearest<'_, impl Fn(usize, &Entry) -> bool> {
        self.nearest_where(lat, lon, |_| true)
    }

    /// The points that `keep`, in the order of [`NearTree::nearest`]. A point left out is
    /// neither measured nor queued: a walk for the few places that can match a search costs
    /// little more than the ranges it opens.
    pub fn nearest_where(
        &self,
        lat: f64,
        lon: f64,
        keep: impl Fn(&Entry) -> bool,
    ) -> Nearest<'_, impl Fn(usize, &Entry) -> bool> {
        self.nearest_where_at(lat, lon, move |_, e| keep(e))
    }

    /// As [`NearTree::nearest_where`], `keep` given each point's position in the tree too (what
    /// [`super::place_words::PlaceWords`] is indexed by).
    pub fn nearest_where_at<F: Fn(usize, &Entry) -> bool>(
        &self,
        lat: f64,
        lon: f64,
        keep: F,
    ) -> Nearest<'_, F> {
        let mut heap = BinaryHeap::new();
        if !self.entries.is_empty() {
            heap.push(Item {
                d: 0.0,
                rowid: 0,
                what: What::Range {
                    lo: 0,
                    hi: self.entries.len(),
                    min: self.bounds[0],
                    max: self.bounds[1],
                },
            });
        }
        Nearest {
            tree: self,
            q: [lat, lon],
            heap,
            keep,
            budget: usize::MAX,
        }
    }
}

impl NearTree {
    /// Calls `f` with every point inside the box (latitude and longitude in degrees, edges
    /// included; `west > east` is a box across the antimeridian), in no particular order.
    pub fn within(&self, south: f64, west: f64, north: f64, east: f64, f: &mut impl FnMut(&Entry)) {
        let lon_in = |lon: f64| {
            if west <= east {
                (west..=east).contains(&lon)
            } else {
                lon >= west || lon <= east
            }
        };
        // Ranges to visit, with the latitude and longitude bounds of their points.
        let mut stack = vec![(0, self.entries.len(), self.bounds[0], self.bounds[1])];
        while let Some((lo, hi, min, max)) = stack.pop() {
            if lo >= hi || max[0] < south || min[0] > north {
                continue;
            }
            let lon_overlaps = if west <= east {
                max[1] >= west && min[1] <= east
            } else {
                max[1] >= west || min[1] <= east
            };
            if !lon_overlaps {
                continue;
            }
            if hi - lo <= LEAF {
                for e in &self.entries[lo..hi] {
                    if (south..=north).contains(&e.at[0]) && lon_in(e.at[1]) {
                        f(e);
                    }
                }
                continue;
            }
            let mid = lo + (hi - lo) / 2;
            let e = &self.entries[mid];
            if (south..=north).contains(&e.at[0]) && lon_in(e.at[1]) {
                f(e);
            }
            let axis = usize::from(self.axis[mid]);
            let mut left_max = max;
            left_max[axis] = e.at[axis];
            let mut right_min = min;
            right_min[axis] = e.at[axis];
            stack.push((lo, mid, min, left_max));
            stack.push((mid + 1, hi, right_min, max));
        }
    }
}

fn split(entries: &mut [Entry], axis: &mut [u8]) {
    let n = entries.len();
    if n <= LEAF {
        return;
    }
    let mut min = [f64::INFINITY; 2];
    let mut max = [f64::NEG_INFINITY; 2];
    for e in entries.iter() {
        for d in 0..2 {
            min[d] = min[d].min(e.at[d]);
            max[d] = max[d].max(e.at[d]);
        }
    }
    // Widest on the ground: a degree of longitude shrinks with the latitude.
    let mid_lat = ((min[0] + max[0]) / 2.0).to_radians().cos();
    let lon_wide = (max[1] - min[1]) * mid_lat;
    let widest = usize::from(lon_wide > max[0] - min[0]);
    let mid = n / 2;
    entries.select_nth_unstable_by(mid, cmp_on(widest));
    axis[mid] = widest as u8;
    let (left, rest) = entries.split_at_mut(mid);
    let (left_axis, rest_axis) = axis.split_at_mut(mid);
    split(left, left_axis);
    split(&mut rest[1..], &mut rest_axis[1..]);
}

/// Degrees between two longitudes, the short way round (0 to 180).
fn lon_gap(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

/// Great-circle distance in metres from `q` to the nearest point of the box `[min, max]`
/// (latitude, longitude in degrees; 0 inside), a hair less so that rounding never puts a box
/// behind a point it holds.
pub(super) fn box_distance(q: [f64; 2], min: [f64; 2], max: [f64; 2]) -> f64 {
    let [lat, lon] = q;
    let d = if (min[1]..=max[1]).contains(&lon) {
        // Straight along q's meridian to the nearer parallel.
        distance_m(lat, lon, lat.clamp(min[0], max[0]), lon)
    } else {
        // On the nearer meridian edge; along it the distance has one minimum, at the latitude
        // where tan φ = tan φq / cos Δλ (only when |Δλ| < 90°; else towards the pole, an end).
        let edge = if lon_gap(lon, min[1]) <= lon_gap(lon, max[1]) {
            min[1]
        } else {
            max[1]
        };
        let cos_dlon = lon_gap(lon, edge).to_radians().cos();
        let mut best = distance_m(lat, lon, min[0], edge).min(distance_m(lat, lon, max[0], edge));
        if cos_dlon > 0.0 {
            let vertex = (lat.to_radians().tan() / cos_dlon).atan().to_degrees();
            if vertex > min[0] && vertex < max[0] {
                best = best.min(distance_m(lat, lon, vertex, edge));
            }
        }
        best
    };
    (d * (1.0 - 1e-9) - 1e-6).max(0.0)
}

#[derive(Debug, Clone, Copy)]
enum What {
    Point(usize),
    Range {
        lo: usize,
        hi: usize,
        min: [f64; 2],
        max: [f64; 2],
    },
}

impl Waiting for What {
    fn is_range(&self) -> bool {
        matches!(self, What::Range { .. })
    }
}

/// What a walk's heap holds: a point, or a range of the tree (this walk's, or
/// [`super::among`]'s, which carries more).
pub(super) trait Waiting {
    fn is_range(&self) -> bool;
}

/// What waits on a walk's heap: a point, or a range with its box's distance.
#[derive(Debug)]
pub(super) struct Item<W> {
    pub(super) d: f64,
    /// The point's rowid; 0 for a range.
    pub(super) rowid: i64,
    pub(super) what: W,
}

impl<W: Waiting> PartialEq for Item<W> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<W: Waiting> Eq for Item<W> {}
impl<W: Waiting> PartialOrd for Item<W> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<W: Waiting> Ord for Item<W> {
    /// The max-heap pops the greatest: the nearest; at equal distances a range first (it may
    /// hold a point at that distance with a smaller rowid), then points by rowid.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .d
            .total_cmp(&self.d)
            .then(self.what.is_range().cmp(&other.what.is_range()))
            .then(other.rowid.cmp(&self.rowid))
    }
}

/// The points of a [`NearTree`], nearest first (see [`NearTree::nearest`]).
pub struct Nearest<'a, F> {
    tree: &'a NearTree,
    q: [f64; 2],
    heap: BinaryHeap<Item<What>>,
    keep: F,
    /// How many more points `keep` may be asked about before the walk pauses.
    budget: usize,
}

impl<F: Fn(usize, &Entry) -> bool> Nearest<'_, F> {
    /// Lets `keep` be asked about at most `n` more points: then the walk pauses (yields `None`
    /// with [`Nearest::paused`] true) until it is given more. A walk whose points are rare
    /// around the query stops early this way, and can go on where it stopped.
    pub fn budget(&mut self, n: usize) {
        self.budget = n;
    }

    /// Whether the last `None` was a pause for budget rather than the end of the points.
    pub fn paused(&self) -> bool {
        self.budget == 0 && !self.heap.is_empty()
    }

    fn push_point(&mut self, i: usize) {
        self.budget = self.budget.saturating_sub(1);
        let e = &self.tree.entries[i];
        if !(self.keep)(i, e) {
            return;
        }
        self.heap.push(Item {
            d: distance_m(self.q[0], self.q[1], e.at[0], e.at[1]),
            rowid: e.rowid,
            what: What::Point(i),
        });
    }

    fn open(&mut self, lo: usize, hi: usize, min: [f64; 2], max: [f64; 2]) {
        if hi - lo <= LEAF {
            for i in lo..hi {
                self.push_point(i);
            }
            return;
        }
        let mid = lo + (hi - lo) / 2;
        let axis = usize::from(self.tree.axis[mid]);
        let at = self.tree.entries[mid].at[axis];
        self.push_point(mid);
        let mut left_max = max;
        left_max[axis] = at;
        let mut right_min = min;
        right_min[axis] = at;
        for (lo, hi, min, max) in [(lo, mid, min, left_max), (mid + 1, hi, right_min, max)] {
            if lo < hi {
                self.heap.push(Item {
                    d: box_distance(self.q, min, max),
                    rowid: 0,
                    what: What::Range { lo, hi, min, max },
                });
            }
        }
    }
}

impl<'a, F: Fn(usize, &Entry) -> bool> Iterator for Nearest<'a, F> {
    /// The entry and its distance to the query in metres.
    type Item = (&'a Entry, f64);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.budget == 0 && self.heap.peek().is_some_and(|i| i.what.is_range()) {
                return None;
            }
            let top = self.heap.pop()?;
            match top.what {
                What::Point(i) => {
                    let tree: &'a NearTree = self.tree;
                    return Some((&tree.entries[i], top.d));
                }
                What::Range { lo, hi, min, max } => self.open(lo, hi, min, max),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(rowid: i64, lat: f64, lon: f64) -> Entry {
        Entry {
            rowid,
            at: [lat, lon],
            category: 0,
            istat: u32::MAX,
            comune: u32::MAX,
            letters: 0,
            pairs: 0,
        }
    }

    fn position() -> impl Strategy<Value = (f64, f64)> {
        prop_oneof![
            (-90.0f64..=90.0, -180.0f64..=180.0),
            // Near the antimeridian and the poles.
            (
                -90.0f64..=90.0,
                prop_oneof![178.0f64..=180.0, -180.0f64..-178.0]
            ),
            (
                prop_oneof![88.0f64..=90.0, -90.0f64..-88.0],
                -180.0f64..=180.0
            ),
            // A small area, densely.
            (42.8f64..43.2, 13.3f64..13.9),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Nearest first, ties by rowid: the same order as sorting every point.
        #[test]
        fn yields_points_in_full_scan_order(
            points in prop::collection::vec((position(), 0usize..4), 0..300),
            q in position(),
        ) {
            // Some points repeat an earlier one's position: exact ties.
            let mut entries = Vec::new();
            for (i, ((lat, lon), dup)) in points.iter().enumerate() {
                let (lat, lon) = if *dup == 0 && i > 0 { points[i / 2].0 } else { (*lat, *lon) };
                entries.push(entry(1000 - i as i64, lat, lon));
            }
            let mut want: Vec<(f64, i64)> = entries
                .iter()
                .map(|e| (distance_m(q.0, q.1, e.at[0], e.at[1]), e.rowid))
                .collect();
            want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let tree = NearTree::build(entries);
            let got: Vec<(f64, i64)> = tree.nearest(q.0, q.1).map(|(e, d)| (d, e.rowid)).collect();
            prop_assert_eq!(&got, &want);
            // A walk that keeps some: the same order, without the others.
            let kept: Vec<(f64, i64)> = tree
                .nearest_where(q.0, q.1, |e| e.rowid % 3 != 0)
                .map(|(e, d)| (d, e.rowid))
                .collect();
            let want_kept: Vec<(f64, i64)> = want.into_iter().filter(|(_, r)| r % 3 != 0).collect();
            prop_assert_eq!(kept, want_kept);
        }

        /// A box is never nearer than the distance it gives: no point inside is nearer.
        #[test]
        fn a_box_is_no_nearer_than_its_points(
            q in position(),
            corner in position(),
            size in (0.0f64..40.0, 0.0f64..90.0),
            inside in prop::collection::vec((0.0f64..=1.0, 0.0f64..=1.0), 1..50),
        ) {
            let min = [corner.0.min(90.0 - size.0), corner.1.min(180.0 - size.1)];
            let max = [min[0] + size.0, min[1] + size.1];
            let bound = box_distance([q.0, q.1], min, max);
            for (a, b) in inside {
                let p = [min[0] + a * size.0, min[1] + b * size.1];
                let d = distance_m(q.0, q.1, p[0], p[1]);
                prop_assert!(bound <= d, "box {min:?}..{max:?} at {bound} m, point {p:?} at {d} m");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Exactly the points inside, across the antimeridian too.
        #[test]
        fn within_finds_exactly_the_points_inside(
            points in prop::collection::vec(position(), 0..300),
            a in position(),
            b in position(),
        ) {
            let entries: Vec<Entry> = points
                .iter()
                .enumerate()
                .map(|(i, (lat, lon))| entry(i as i64, *lat, *lon))
                .collect();
            let (south, north) = (a.0.min(b.0), a.0.max(b.0));
            let (west, east) = (a.1, b.1);
            let inside = |e: &Entry| {
                (south..=north).contains(&e.at[0])
                    && if west <= east {
                        (west..=east).contains(&e.at[1])
                    } else {
                        e.at[1] >= west || e.at[1] <= east
                    }
            };
            let mut want: Vec<i64> = entries.iter().filter(|e| inside(e)).map(|e| e.rowid).collect();
            want.sort_unstable();
            let tree = NearTree::build(entries);
            let mut got = Vec::new();
            tree.within(south, west, north, east, &mut |e| got.push(e.rowid));
            got.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn empty_tree_yields_nothing() {
        assert_eq!(NearTree::build(Vec::new()).nearest(43.0, 13.0).count(), 0);
    }
}
