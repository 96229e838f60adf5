//! The points of a [`NearTree`] at some of its positions only (the places holding a search's
//! words), nearest first: the tree's own walk ([`NearTree::nearest`]) with every range that
//! holds none of those positions left unopened. Its cost follows those points and the ranges
//! above them, not the places lying between them and the query: a kind of place in a comune
//! 50 km away is found without passing the hundreds of thousands of places nearer.

use std::collections::BinaryHeap;

use super::tree::{Entry, Item, LEAF, NearTree, Waiting, box_distance};
use crate::opendata::db::distance_m;

impl NearTree {
    /// The points at `positions` (ascending, each once; positions past the end are left out)
    /// that `keep`, nearest to `(lat, lon)` first, each with its distance in metres; equal
    /// distances in rowid order, as [`NearTree::nearest_where`] yields them.
    pub fn nearest_among<'a, F: Fn(&Entry) -> bool>(
        &'a self,
        lat: f64,
        lon: f64,
        positions: &'a [u32],
        keep: F,
    ) -> Among<'a, F> {
        let n = self.entries.len();
        let to = positions.partition_point(|p| (*p as usize) < n);
        let mut heap = BinaryHeap::new();
        if to > 0 {
            heap.push(Item {
                d: 0.0,
                rowid: 0,
                what: What::Range(Span {
                    lo: 0,
                    hi: n,
                    min: self.bounds[0],
                    max: self.bounds[1],
                    from: 0,
                    to,
                }),
            });
        }
        Among {
            tree: self,
            q: [lat, lon],
            positions,
            heap,
            keep,
        }
    }
}

/// The points at some positions of a [`NearTree`], nearest first (see
/// [`NearTree::nearest_among`]).
pub struct Among<'a, F> {
    tree: &'a NearTree,
    q: [f64; 2],
    positions: &'a [u32],
    heap: BinaryHeap<Item<What>>,
    keep: F,
}

#[derive(Debug, Clone, Copy)]
enum What {
    Point(usize),
    Range(Span),
}

/// The tree's range `lo..hi` with its box, and where in `positions` its own are.
#[derive(Debug, Clone, Copy)]
struct Span {
    lo: usize,
    hi: usize,
    min: [f64; 2],
    max: [f64; 2],
    from: usize,
    to: usize,
}

impl Waiting for What {
    fn is_range(&self) -> bool {
        matches!(self, What::Range(_))
    }
}

impl<F: Fn(&Entry) -> bool> Among<'_, F> {
    fn push_point(&mut self, i: usize) {
        let e = &self.tree.entries[i];
        if (self.keep)(e) {
            self.heap.push(Item {
                d: distance_m(self.q[0], self.q[1], e.at[0], e.at[1]),
                rowid: e.rowid,
                what: What::Point(i),
            });
        }
    }

    /// Opens a range as the tree's walk does, its positions split with it.
    fn open(&mut self, span: Span) {
        let Span {
            lo, hi, from, to, ..
        } = span;
        if hi - lo <= LEAF {
            for k in from..to {
                self.push_point(self.positions[k] as usize);
            }
            return;
        }
        let mid = lo + (hi - lo) / 2;
        let split = from + self.positions[from..to].partition_point(|p| (*p as usize) < mid);
        let mut right_from = split;
        if split < to && self.positions[split] as usize == mid {
            self.push_point(mid);
            right_from += 1;
        }
        let axis = usize::from(self.tree.axis[mid]);
        let at = self.tree.entries[mid].at[axis];
        let mut left = Span {
            hi: mid,
            to: split,
            ..span
        };
        left.max[axis] = at;
        let mut right = Span {
            lo: mid + 1,
            from: right_from,
            ..span
        };
        right.min[axis] = at;
        for half in [left, right] {
            if half.from < half.to {
                self.heap.push(Item {
                    d: box_distance(self.q, half.min, half.max),
                    rowid: 0,
                    what: What::Range(half),
                });
            }
        }
    }
}

impl<'a, F: Fn(&Entry) -> bool> Iterator for Among<'a, F> {
    /// The entry and its distance to the query in metres.
    type Item = (&'a Entry, f64);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let top = self.heap.pop()?;
            match top.what {
                What::Point(i) => {
                    let tree: &'a NearTree = self.tree;
                    return Some((&tree.entries[i], top.d));
                }
                What::Range(span) => self.open(span),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// The same points in the same order as the tree's walk keeping those positions.
        #[test]
        fn yields_what_the_walk_keeping_those_positions_yields(
            points in prop::collection::vec(
                ((36.0f64..47.5, 6.0f64..19.0), 0usize..4), 0..400),
            picked in prop::collection::vec(0usize..4, 0..400),
            q in (-90.0f64..=90.0, -180.0f64..=180.0),
            past_end in 0u32..3,
        ) {
            // Some points repeat an earlier one's position: exact ties.
            let entries: Vec<Entry> = points
                .iter()
                .enumerate()
                .map(|(i, ((lat, lon), dup))| {
                    let (lat, lon) = if *dup == 0 && i > 0 { points[i / 2].0 } else { (*lat, *lon) };
                    Entry {
                        rowid: 5000 - i as i64,
                        at: [lat, lon],
                        category: (i % 3) as u8,
                        istat: u32::MAX,
                        comune: u32::MAX,
                        letters: 0,
                        pairs: 0,
                    }
                })
                .collect();
            let tree = NearTree::build(entries);
            let n = tree.len() as u32;
            let mut positions: Vec<u32> = (0..n)
                .filter(|p| picked.get(*p as usize).is_some_and(|k| *k != 0))
                .collect();
            positions.extend((0..past_end).map(|k| n + k));
            let keep = |e: &Entry| e.category != 2;
            let want: Vec<(f64, i64)> = tree
                .nearest_where_at(q.0, q.1, |i, e| positions.binary_search(&(i as u32)).is_ok() && keep(e))
                .map(|(e, d)| (d, e.rowid))
                .collect();
            let got: Vec<(f64, i64)> = tree
                .nearest_among(q.0, q.1, &positions, keep)
                .map(|(e, d)| (d, e.rowid))
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}
