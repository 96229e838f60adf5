//! Every place's words, numbered, for the nearest-first walk of a search near a point and for
//! ranking a search's candidates: the walk tests each place it meets against the query's words
//! in memory, exactly as the row test of a search does (every query word starts a word of the
//! place's name, category words, address or comune, split on spaces), and ranking reads a
//! place's name and address words here, instead of reading the place's row from `pois`.
//!
//! The distinct words are one sorted dictionary, so the words a query word starts are one range
//! of numbers; a place holds a query word when one of its numbers falls in that range. Stored
//! in `pois_near_words` with the generation of the nearest-places index it was built with, and
//! indexed like that index's entries (by position in the tree).
//!
//! Derived when they are built or read, not stored: the places holding each word (its
//! postings, ascending), from which the places holding every word of a query are listed
//! ([`PlaceWords::holding_all`]) when the walk near a point meets too few of them.

use std::borrow::Cow;
use std::io::{Read, Write};

use rustc_hash::FxHashMap;

use crate::opendata::db::DbError;

/// The places' words (see the module's documentation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceWords {
    /// The distinct words, sorted.
    dict: Vec<String>,
    /// Place `i`'s words are `ids[starts[i]..starts[i + 1]]`: first its name's words in order
    /// (its name key split on spaces, as they come), up to `name_end[i]`; then the distinct
    /// words of its folded address and comune, up to `place_end[i]`; then its category's.
    starts: Vec<u32>,
    name_end: Vec<u32>,
    place_end: Vec<u32>,
    ids: Vec<u32>,
    /// How many places hold the words before each word, summed (derived, not stored): the
    /// places holding word `i` are `held[i + 1] - held[i]`.
    held: Vec<u64>,
    /// The positions of the places holding each word, in order, word after word (derived, not
    /// stored): word `i`'s are `holding[held[i]..held[i + 1]]`.
    holding: Vec<u32>,
}

/// The places' distinct words, each given to `f` with the place's position (a word a place
/// holds twice given once).
fn each_distinct(starts: &[u32], ids: &[u32], mut f: impl FnMut(usize, u32)) {
    for (position, span) in starts.windows(2).enumerate() {
        let place = ids.get(span[0] as usize..span[1] as usize).unwrap_or(&[]);
        for (k, id) in place.iter().enumerate() {
            if !place[..k].contains(id) {
                f(position, *id);
            }
        }
    }
}

/// How many places hold the words before each of `dict_len` words, as [`PlaceWords::held`]
/// keeps them, and the places holding each, as [`PlaceWords::holding`] keeps them.
fn held(dict_len: usize, starts: &[u32], ids: &[u32]) -> (Vec<u64>, Vec<u32>) {
    let mut counts = vec![0u32; dict_len];
    each_distinct(starts, ids, |_, id| {
        if let Some(c) = counts.get_mut(id as usize) {
            *c += 1;
        }
    });
    let mut sum = 0u64;
    let mut held = Vec::with_capacity(dict_len + 1);
    held.push(0);
    for c in counts {
        sum += u64::from(c);
        held.push(sum);
    }
    let mut next: Vec<u64> = held.clone();
    let mut holding = vec![0u32; sum as usize];
    each_distinct(starts, ids, |position, id| {
        if let Some(at) = next.get_mut(id as usize) {
            holding[*at as usize] = position as u32;
            *at += 1;
        }
    });
    (held, holding)
}

/// The ranges of word numbers a query's words start, one a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranges(Vec<(u32, u32)>);

impl Ranges {
    /// The numbers each query word starts, in the query's order.
    pub fn each(&self) -> &[(u32, u32)] {
        &self.0
    }
}

impl PlaceWords {
    /// The words laid out as the fields say, with their counts derived.
    fn new(
        dict: Vec<String>,
        starts: Vec<u32>,
        name_end: Vec<u32>,
        place_end: Vec<u32>,
        ids: Vec<u32>,
    ) -> PlaceWords {
        let (held, holding) = held(dict.len(), &starts, &ids);
        PlaceWords {
            held,
            holding,
            dict,
            starts,
            name_end,
            place_end,
            ids,
        }
    }

    /// How many places it holds.
    pub fn places(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The number of a word, if some place holds it.
    pub fn number(&self, word: &str) -> Option<u32> {
        self.dict
            .binary_search_by(|t| t.as_str().cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    /// The numbers of the words `word` starts, `lo..hi` (empty when none).
    pub fn starting(&self, word: &str) -> (u32, u32) {
        let lo = self.dict.partition_point(|t| t.as_str() < word);
        let len = self.dict[lo..].partition_point(|t| t.starts_with(word));
        (lo as u32, (lo + len) as u32)
    }

    /// The words of place `position`'s name, in order, and of its address and comune.
    pub fn name_and_place(&self, position: usize) -> Option<(&[u32], &[u32])> {
        let from = *self.starts.get(position)? as usize;
        let name_end = *self.name_end.get(position)? as usize;
        let place_end = *self.place_end.get(position)? as usize;
        Some((
            self.ids.get(from..name_end)?,
            self.ids.get(name_end..place_end)?,
        ))
    }

    /// How many places hold `word` as one of their words, whole.
    pub fn places_with(&self, word: &str) -> usize {
        self.dict
            .binary_search_by(|t| t.as_str().cmp(word))
            .map_or(0, |i| self.holders((i as u32, i as u32 + 1)))
    }

    /// How many places hold a word numbered in `lo..hi`, at most (a place holding two of them
    /// counts twice).
    pub fn holders(&self, (lo, hi): (u32, u32)) -> usize {
        let at = |i: u32| self.held.get(i as usize).copied().unwrap_or(0);
        at(hi).saturating_sub(at(lo)) as usize
    }

    /// What the query words need; `None` when a word starts no word of any place (nothing can
    /// match).
    pub fn ranges(&self, words: &[String]) -> Option<Ranges> {
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            let (lo, hi) = self.starting(w);
            if lo == hi {
                return None;
            }
            out.push((lo, hi));
        }
        Some(Ranges(out))
    }

    /// Whether the place at `position` holds every word of the query.
    pub fn holds(&self, position: usize, ranges: &Ranges) -> bool {
        self.holds_each(position, &ranges.0)
    }

    fn holds_each(&self, position: usize, ranges: &[(u32, u32)]) -> bool {
        let (Some(&from), Some(&to)) = (self.starts.get(position), self.starts.get(position + 1))
        else {
            return false;
        };
        let ids = &self.ids[from as usize..to as usize];
        ranges
            .iter()
            .all(|&(lo, hi)| ids.iter().any(|&id| id >= lo && id < hi))
    }

    /// The positions of the places holding a word numbered in `lo..hi`, word after word (a
    /// place holding two of them comes twice).
    fn holding(&self, (lo, hi): (u32, u32)) -> &[u32] {
        let at = |i: u32| self.held.get(i as usize).map_or(0, |n| *n as usize);
        self.holding.get(at(lo)..at(hi)).unwrap_or(&[])
    }

    /// The query's words, the fewest held first.
    fn rarest_first(&self, ranges: &Ranges) -> Vec<(u32, u32)> {
        let mut words = ranges.0.clone();
        words.sort_by_key(|r| self.holders(*r));
        words
    }

    /// Whether [`PlaceWords::holding_all`] marks the places holding the second rarest
    /// word (`words` rarest first): when they are not many times more than those holding the
    /// rarest. Marking a place costs a few nanoseconds, testing a place's words about
    /// [`TEST_COST`] times that.
    fn marks_second(&self, words: &[(u32, u32)]) -> bool {
        match words {
            [rarest, second, ..] => self.holders(*second) <= TEST_COST * self.holders(*rarest),
            _ => false,
        }
    }

    /// About what [`PlaceWords::holding_all`] costs for the query, in places marked (a few
    /// nanoseconds each): the places holding its rarest word, and those holding the second
    /// rarest when they are marked, else a test of each place holding the rarest.
    pub fn cost_of_all(&self, ranges: &Ranges) -> usize {
        let words = self.rarest_first(ranges);
        let rarest = words.first().map_or(0, |r| self.holders(*r));
        match words.get(1) {
            Some(second) if self.marks_second(&words) => rarest + self.holders(*second),
            Some(_) => rarest * (1 + TEST_COST),
            // One word that is one number: its places are listed already.
            None if words.first().is_some_and(|(lo, hi)| hi - lo == 1) => 0,
            None => rarest,
        }
    }

    /// The positions of the places holding every word of the query, ascending, from the
    /// places holding the rarest word. Of a query of two words or more, the places holding the
    /// second rarest are marked first when they are not too many
    /// ([`PlaceWords::marks_second`]): those holding the rarest that are marked hold both. The
    /// other words, if any, are tested on each place's words. It costs about
    /// [`PlaceWords::cost_of_all`].
    pub fn holding_all(&self, ranges: &Ranges) -> Cow<'_, [u32]> {
        let words = self.rarest_first(ranges);
        let Some(&rarest) = words.first() else {
            return Cow::Borrowed(&[]);
        };
        if words.len() == 1 && rarest.1 - rarest.0 == 1 {
            return Cow::Borrowed(self.holding(rarest));
        }
        let mut found = Marks::new(self.places());
        if self.marks_second(&words) {
            let mut second = Marks::new(self.places());
            for &p in self.holding(words[1]) {
                second.set(p);
            }
            for &p in self.holding(rarest) {
                if second.get(p) && self.holds_each(p as usize, &words[2..]) {
                    found.set(p);
                }
            }
        } else {
            for &p in self.holding(rarest) {
                if self.holds_each(p as usize, &words[1..]) {
                    found.set(p);
                }
            }
        }
        Cow::Owned(found.positions())
    }

    /// The stored form: `CWORDS01`, the dictionary (a count, then each word as its length and
    /// UTF-8 bytes), the count of places' starts (n + 1) and the starts, each place's name end
    /// and place end (n each), then the word numbers; every number little-endian u32.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        // Writing to a vector cannot fail.
        let _ = self.encode_into(&mut out);
        out
    }

    /// How many bytes [`PlaceWords::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        let words: usize = self.dict.iter().map(|w| w.len() + 4).sum();
        8 + 4 + words + 4 + 4 * ((3 * self.starts.len()).saturating_sub(2) + self.ids.len())
    }

    /// Writes what [`PlaceWords::encode`] returns, a piece at a time (into a blob of the
    /// store: a million places' words are tens of megabytes, not copied whole once more).
    pub fn encode_into(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        out.write_all(MAGIC)?;
        out.write_all(&(self.dict.len() as u32).to_le_bytes())?;
        for w in &self.dict {
            out.write_all(&(w.len() as u32).to_le_bytes())?;
            out.write_all(w.as_bytes())?;
        }
        out.write_all(&(self.starts.len() as u32).to_le_bytes())?;
        let ends = self.name_end.iter().chain(&self.place_end);
        for n in self.starts.iter().chain(ends).chain(&self.ids) {
            out.write_all(&n.to_le_bytes())?;
        }
        out.flush()
    }

    /// Reads back what [`PlaceWords::encode`] wrote, checking that every number is in range.
    pub fn decode(bytes: &[u8]) -> Result<PlaceWords, DbError> {
        PlaceWords::decode_from(bytes, bytes.len())
    }

    /// As [`PlaceWords::decode`], from `len` bytes read a piece at a time (from a blob of the
    /// store: the words are not held twice while they are read).
    pub fn decode_from(source: impl std::io::Read, len: usize) -> Result<PlaceWords, DbError> {
        let mut r = Source {
            from: std::io::BufReader::with_capacity(1 << 16, source),
            left: len,
        };
        if r.take(8)? != MAGIC {
            return Err(bad("are not in a known format"));
        }
        let count = r.u32()? as usize;
        let mut dict = Vec::with_capacity(count.min(len / 4));
        for _ in 0..count {
            let len = r.u32()? as usize;
            let w = String::from_utf8(r.take(len)?).map_err(|_| bad("hold a word not in UTF-8"))?;
            dict.push(w);
        }
        if !dict.windows(2).all(|p| p[0] < p[1]) {
            return Err(bad("are not sorted"));
        }
        let n = r.u32()? as usize;
        let starts = r.u32s(n)?;
        let name_end = r.u32s(n.saturating_sub(1))?;
        let place_end = r.u32s(n.saturating_sub(1))?;
        let total = starts.last().map_or(0, |s| *s as usize);
        let ids = r.u32s(total)?;
        let ordered = starts.windows(2).enumerate().all(|(i, p)| {
            p[0] <= name_end[i] && name_end[i] <= place_end[i] && place_end[i] <= p[1]
        });
        if starts.first() != Some(&0) || !ordered || r.left != 0 {
            return Err(bad("have bad places' starts"));
        }
        if ids.iter().any(|id| *id as usize >= dict.len()) {
            return Err(bad("hold a number outside the dictionary"));
        }
        Ok(PlaceWords::new(dict, starts, name_end, place_end, ids))
    }
}

/// What testing a place's words costs, in places marked (see [`PlaceWords::marks_second`]).
pub const TEST_COST: usize = 8;

/// A mark for each place, all clear at first.
struct Marks(Vec<u64>);

impl Marks {
    fn new(places: usize) -> Marks {
        Marks(vec![0; places.div_ceil(64)])
    }

    fn set(&mut self, p: u32) {
        if let Some(w) = self.0.get_mut((p / 64) as usize) {
            *w |= 1 << (p % 64);
        }
    }

    fn get(&self, p: u32) -> bool {
        self.0
            .get((p / 64) as usize)
            .is_some_and(|w| w & (1 << (p % 64)) != 0)
    }

    /// The places marked, ascending.
    fn positions(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for (k, &w) in self.0.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                out.push(k as u32 * 64 + w.trailing_zeros());
                w &= w - 1;
            }
        }
        out
    }
}

fn bad(what: &str) -> DbError {
    DbError::Corrupt(format!("the places' words {what}"))
}

/// What [`PlaceWords::decode_from`] reads: `left` bytes at most.
struct Source<R> {
    from: std::io::BufReader<R>,
    left: usize,
}

impl<R: std::io::Read> Source<R> {
    fn take(&mut self, n: usize) -> Result<Vec<u8>, DbError> {
        let mut out = vec![0; self.reserve(n)?];
        self.from
            .read_exact(&mut out)
            .map_err(|_| bad("end early"))?;
        Ok(out)
    }

    /// Counts `n` bytes off what is left, refusing more than there is (a damaged count does
    /// not make a huge allocation).
    fn reserve(&mut self, n: usize) -> Result<usize, DbError> {
        self.left = self.left.checked_sub(n).ok_or_else(|| bad("end early"))?;
        Ok(n)
    }

    fn u32(&mut self) -> Result<u32, DbError> {
        let mut b = [0u8; 4];
        self.reserve(4)?;
        self.from.read_exact(&mut b).map_err(|_| bad("end early"))?;
        Ok(u32::from_le_bytes(b))
    }

    fn u32s(&mut self, n: usize) -> Result<Vec<u32>, DbError> {
        self.reserve(n.checked_mul(4).ok_or_else(|| bad("have a bad count"))?)?;
        let mut out = Vec::with_capacity(n);
        let mut piece = [0u8; 1 << 12];
        while out.len() < n {
            let want = ((n - out.len()) * 4).min(piece.len());
            self.from
                .read_exact(&mut piece[..want])
                .map_err(|_| bad("end early"))?;
            out.extend(
                piece[..want]
                    .chunks_exact(4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
        }
        Ok(out)
    }
}

const MAGIC: &[u8; 8] = b"CWORDS01";

/// Gathers the places' words in the order they are read, then lays them out in the tree's
/// order ([`Builder::finish`]).
#[derive(Default)]
pub struct Builder {
    numbers: FxHashMap<String, u32>,
    /// Each place's chunk, and its start, name end and place end in that chunk.
    spans: Vec<[u32; 4]>,
    /// The word numbers, in chunks of about [`CHUNK`]: a million places' numbers grow without
    /// a vector of them all being copied to twice its size.
    chunks: Vec<Vec<u32>>,
    /// A place had more numbers than a chunk can count.
    overflow: bool,
}

/// Word numbers a chunk of [`Builder`] holds before the next is begun.
const CHUNK: usize = 1 << 20;

impl Builder {
    /// Adds the next place: its name key, its folded address and comune, its category's words
    /// (each split on spaces).
    pub fn add_place(&mut self, name_key: &str, place: &str, category: &str) {
        if self.chunks.last().is_none_or(|c| c.len() >= CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK + CHUNK / 16));
        }
        let chunk = self.chunks.len() - 1;
        let mut ids = std::mem::take(&mut self.chunks[chunk]);
        let from = ids.len();
        for word in name_key.split(' ') {
            ids.push(self.number(word));
        }
        let name_end = ids.len();
        self.push_distinct(&mut ids, place, name_end);
        let place_end = ids.len();
        self.push_distinct(&mut ids, category, place_end);
        let span = [chunk, from, name_end, place_end].map(|n| u32::try_from(n).unwrap_or(0));
        self.overflow |= u32::try_from(ids.len()).is_err();
        self.spans.push(span);
        self.chunks[chunk] = ids;
    }

    /// The non-empty words of `text` not already in `ids[from..]`.
    fn push_distinct(&mut self, ids: &mut Vec<u32>, text: &str, from: usize) {
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let id = self.number(word);
            if !ids[from..].contains(&id) {
                ids.push(id);
            }
        }
    }

    fn number(&mut self, word: &str) -> u32 {
        match self.numbers.get(word) {
            Some(id) => *id,
            None => {
                let id = self.numbers.len() as u32;
                self.numbers.insert(word.to_string(), id);
                id
            }
        }
    }

    /// The words, with place `i` of the result being the place added `order[i]`-th. `None`
    /// when there are more word numbers than a u32 counts.
    pub fn finish(self, order: &[usize]) -> Option<PlaceWords> {
        let total: usize = self.chunks.iter().map(Vec::len).sum();
        if self.overflow || total > u32::MAX as usize {
            return None;
        }
        let mut by_number: Vec<(String, u32)> = self.numbers.into_iter().collect();
        by_number.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut renumber = vec![0u32; by_number.len()];
        for (sorted, (_, first_seen)) in by_number.iter().enumerate() {
            renumber[*first_seen as usize] = sorted as u32;
        }
        let dict: Vec<String> = by_number.into_iter().map(|(w, _)| w).collect();
        let n = order.len();
        let (mut starts, mut name_end, mut place_end) = (
            Vec::with_capacity(n + 1),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut ids = Vec::with_capacity(total);
        starts.push(0);
        for &added in order {
            let [chunk, from, name, place] = self.spans.get(added)?.map(|n| n as usize);
            let numbers = self.chunks.get(chunk)?;
            let to = match self.spans.get(added + 1) {
                Some(next) if next[0] as usize == chunk => next[1] as usize,
                _ => numbers.len(),
            };
            let base = ids.len();
            ids.extend(
                numbers
                    .get(from..to)?
                    .iter()
                    .map(|id| renumber[*id as usize]),
            );
            name_end.push((base + name - from) as u32);
            place_end.push((base + place - from) as u32);
            starts.push(ids.len() as u32);
        }
        Some(PlaceWords::new(dict, starts, name_end, place_end, ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(q: &str) -> Vec<String> {
        q.split(' ').map(str::to_string).collect()
    }

    proptest! {
        /// The same answer as the row test's: every query word starts a word of the texts.
        #[test]
        fn holds_as_the_row_test_does(
            places in prop::collection::vec(
                prop::collection::vec("[a-c]{0,4}( [a-c]{1,3}){0,2}", 3..=3), 1..30),
            query in prop::collection::vec("[a-c]{1,3}", 1..4),
        ) {
            let mut b = Builder::default();
            for texts in &places {
                b.add_place(&texts[0], &texts[1], &texts[2]);
            }
            // The tree's order: reversed.
            let order: Vec<usize> = (0..places.len()).rev().collect();
            let built = b.finish(&order).unwrap();
            let pw = PlaceWords::decode(&built.encode()).unwrap();
            prop_assert_eq!(&pw, &built);
            prop_assert_eq!(built.encode().len(), built.encoded_len());
            prop_assert_eq!(pw.places(), places.len());
            let ranges = pw.ranges(&query);
            // Every place holding all the words, once, from the places holding each word.
            let all = ranges.as_ref().map(|r| pw.holding_all(r).into_owned()).unwrap_or_default();
            let want_all: Vec<u32> = (0..places.len() as u32)
                .filter(|i| ranges.as_ref().is_some_and(|r| pw.holds(*i as usize, r)))
                .collect();
            prop_assert_eq!(all, want_all);
            for (i, &added) in order.iter().enumerate() {
                let want = query.iter().all(|w| {
                    places[added].iter().any(|t| t.split(' ').any(|t| t.starts_with(w.as_str())))
                });
                let got = ranges.as_ref().is_some_and(|r| pw.holds(i, r));
                prop_assert_eq!(got, want, "place {:?}, query {:?}", places[added], query);
                // The name's words in order, and the address's distinct words.
                let (name, place) = pw.name_and_place(i).unwrap();
                let word = |id: &u32| pw.dict[*id as usize].as_str();
                prop_assert_eq!(name.iter().map(word).collect::<Vec<_>>().join(" "), places[added][0].clone());
                let mut want_place: Vec<&str> = places[added][1].split(' ').filter(|w| !w.is_empty()).collect();
                want_place.sort_unstable();
                want_place.dedup();
                let mut got_place: Vec<&str> = place.iter().map(word).collect();
                got_place.sort_unstable();
                prop_assert_eq!(got_place, want_place);
            }
        }
    }

    #[test]
    fn a_word_no_place_starts_rules_out_every_place() {
        let mut b = Builder::default();
        b.add_place("chiesa di san rocco", "via roma 3 fermo ", "chiesa church");
        let pw = b.finish(&[0]).unwrap();
        assert!(pw.ranges(&words("zz")).is_none());
        let r = pw.ranges(&words("ro fer")).unwrap();
        assert!(pw.holds(0, &r));
        assert!(!pw.holds(1, &r), "a place it does not hold");
        assert_eq!(pw.places_with("roma"), 1);
        assert_eq!(
            pw.places_with("chiesa"),
            1,
            "in the name and the category: one place"
        );
        assert_eq!(pw.places_with("rom"), 0, "whole words only");
    }

    #[test]
    fn the_places_holding_every_word_are_found_whether_the_second_word_is_marked_or_tested() {
        let mut b = Builder::default();
        // "torre" in 40 places, "rocca" in 3 of them (and "roccia" in one, which "rocc"
        // starts too), "museo" in 3 others, "fermo" in all.
        for i in 0..40 {
            let name = match i {
                0 | 1 => "torre rocca",
                2 => "torre roccia rocca",
                3..=5 => "torre museo",
                _ => "torre",
            };
            b.add_place(name, "fermo", "");
        }
        let order: Vec<usize> = (0..40).collect();
        let pw = b.finish(&order).unwrap();
        let all = |q: &str| pw.holding_all(&pw.ranges(&words(q)).unwrap()).into_owned();
        // Two words of "rocc", held by four places (one holds both), "torre" by 40: the places
        // with "rocc" are tested, not marked.
        let r = pw.ranges(&words("rocc torre")).unwrap();
        assert_eq!(pw.cost_of_all(&r), 4 * (1 + TEST_COST));
        assert_eq!(all("rocc torre"), vec![0, 1, 2]);
        assert_eq!(all("torre fermo rocc"), vec![0, 1, 2]);
        assert_eq!(all("rocc"), vec![0, 1, 2]);
        // One word that is one number: its places, listed already.
        assert_eq!(pw.cost_of_all(&pw.ranges(&words("rocca")).unwrap()), 0);
        assert_eq!(all("rocca"), vec![0, 1, 2]);
        assert_eq!(all("torre").len(), 40);
        // "museo" by 3 and "rocc" by 4: marked.
        let r = pw.ranges(&words("museo rocc")).unwrap();
        assert_eq!(pw.cost_of_all(&r), 3 + 4);
        assert!(all("museo rocc").is_empty());
        assert_eq!(all("rocc roccia"), vec![2]);
        assert_eq!(all("rocc roccia torre"), vec![2]);
    }

    #[test]
    fn damage_is_refused() {
        let mut b = Builder::default();
        b.add_place("museo", "fermo", "museo museum");
        b.add_place("torre", "", "");
        let bytes = b.finish(&[1, 0]).unwrap().encode();
        for cut in [0, 7, 12, bytes.len() - 1] {
            assert!(
                matches!(PlaceWords::decode(&bytes[..cut]), Err(DbError::Corrupt(_))),
                "cut at {cut}"
            );
        }
        let mut wrong = bytes.clone();
        let last = wrong.len() - 4;
        wrong[last..].copy_from_slice(&99u32.to_le_bytes());
        assert!(PlaceWords::decode(&wrong).is_err(), "a number out of range");
    }
}
