//! The queries: full-text search (bm25, optionally weighted by distance), nearest-k, bounding
//! box, each with category and comune filters.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params_from_iter, types::Value};
use serde::Serialize;

use super::{DbError, check_position, distance_m, near, row};
use crate::opendata::text::{MAX_QUERY_CHARS, fold, fts_expression, tokens};
use crate::opendata::{Category, Poi};
use crate::store::Store;

/// Filters every query accepts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoiFilter {
    /// Only POIs of this category.
    pub category: Option<Category>,
    /// A comune's ISTAT code (6 digits) or name (case and accents ignored).
    pub comune: Option<String>,
}

/// A text search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// The words to search for.
    pub text: String,
    /// When given, nearer results rank higher and carry their distance.
    pub near: Option<(f64, f64)>,
    /// Which POIs may match.
    pub filter: PoiFilter,
    /// The most hits to return (at least 1).
    pub limit: usize,
}

/// A bounding box in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Southern edge, latitude in degrees.
    pub south: f64,
    /// Western edge, longitude in degrees.
    pub west: f64,
    /// Northern edge, latitude in degrees.
    pub north: f64,
    /// Eastern edge, longitude in degrees.
    pub east: f64,
}

/// A query result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The POI found.
    pub poi: Poi,
    /// Metres from the query point, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    /// Higher is better; only comparable within one query.
    pub score: f64,
}

/// Above this many full-text matches a query is "broad" (a one- or two-letter prefix, a very
/// common word): ranking every match would cost time proportional to the matches, so a bounded
/// set of candidates is ranked instead.
const CANDIDATES: usize = 400;

impl PoiFilter {
    /// SQL conditions on `p` (the `pois` alias) and their parameters.
    fn sql(&self, params: &mut Vec<Value>) -> String {
        let mut sql = String::new();
        if let Some(c) = self.category {
            params.push(Value::Text(c.as_str().to_string()));
            sql.push_str(&format!(" AND p.category = ?{}", params.len()));
        }
        if let Some(c) = &self.comune {
            let c = c.trim();
            if !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()) {
                params.push(Value::Text(format!("{c:0>6}")));
                sql.push_str(&format!(" AND p.istat = ?{}", params.len()));
            } else {
                params.push(Value::Text(fold(c)));
                sql.push_str(&format!(
                    " AND campanile_fold(p.comune) = ?{}",
                    params.len()
                ));
            }
        }
        sql
    }
}

/// `?,?,…,?`, for an `IN (…)` list that is a statement's first `n` parameters: SQLite numbers
/// them 1 to `n`, and a numbered one after them (`?{n+1}`) follows on. Written per statement
/// (a search writes several), so it is written plainly.
fn placeholders(n: usize) -> String {
    let mut marks = "?,".repeat(n);
    marks.pop();
    marks
}

fn load(
    conn: &Connection,
    rowids: &[i64],
    filter: &PoiFilter,
) -> Result<HashMap<i64, Poi>, DbError> {
    let mut out = HashMap::with_capacity(rowids.len());
    for chunk in rowids.chunks(500) {
        let mut params: Vec<Value> = chunk.iter().map(|r| Value::Integer(*r)).collect();
        let marks = placeholders(chunk.len());
        let cond = filter.sql(&mut params);
        let sql = format!(
            "SELECT {}, p.rowid FROM pois p WHERE p.rowid IN ({marks}){cond}",
            row::COLUMNS
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            let poi = row::from_row(r)?;
            out.insert(r.get::<_, i64>(18)?, poi);
        }
    }
    Ok(out)
}

/// Full-text search. A narrow query (at most [`CANDIDATES`] matches, each word matching at
/// most [`BM25_MAX_PHRASE_ROWS`] places) is ranked by FTS5's bm25 with the name weighing most,
/// then address and comune, then descriptions. A broad one (a one-letter prefix, a word half the
/// territory has) is ranked on a bounded set of candidates by the same signals computed here:
/// FTS5's bm25 reads every row of each phrase, which on a million places costs milliseconds per
/// query. When a point is given, nearer places rank higher and carry their distance.
pub fn search(store: &Store, q: &SearchQuery) -> Result<Vec<Hit>, DbError> {
    let len = q.text.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(DbError::QueryTooLong {
            len,
            max: MAX_QUERY_CHARS,
        });
    }
    if let Some((lat, lon)) = q.near {
        check_position(lat, lon)?;
    }
    let words = tokens(&q.text);
    if words.is_empty() {
        return Err(DbError::EmptyQuery);
    }
    // One snapshot for the whole search: the index's generation, the full-text matches and the
    // rows agree.
    let conn = store.conn();
    let _snapshot = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let index = near::index(store)?;
    let terms = index.terms.as_deref();
    // `expr` finds the matches, with long prefixes written as their terms; bm25 is computed on
    // the prefixes as typed (`plain`), whose scores it is defined on.
    let (expr, streams) = match_expression(&words, terms);
    let plain = fts_expression(&words);
    let limit = q.limit.max(1);

    // Up to CANDIDATES + 1 matches in index order: cheap, and tells a narrow query (every
    // match seen) from a broad one.
    // A query is broad when its words as typed, taken whole, already match more than
    // CANDIDATES places: FTS5 streams a whole word's rows, while a prefix longer than the
    // prefix indexes (three letters) merges the rows of every word it starts first.
    // Written as `match_expression` writes a word that is its only term, so that the two are
    // equal when the words stand for nothing longer (and are not read twice).
    let whole = words
        .iter()
        .map(|w| phrase(w))
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut first = first_matches(conn, &whole, CANDIDATES as i64 + 1)?;
    let mut first_of = whole.as_str();
    if first.len() <= CANDIDATES && expr != whole {
        first = first_matches(conn, &expr, CANDIDATES as i64 + 1)?;
        first_of = expr.as_str();
    }
    let broad = first.len() > CANDIDATES;
    let mut bm25: HashMap<i64, f64> = HashMap::new();
    if !broad && phrases_are_rare(conn, &index, &words, terms)? {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, bm25(pois_fts, 10.0, 3.0, 1.0) FROM pois_fts WHERE pois_fts MATCH ?1",
        )?;
        bm25 = stmt
            .query_map([&plain], |r| Ok((r.get(0)?, -r.get::<_, f64>(1)?)))?
            .collect::<Result<_, _>>()?;
    }
    let comune = named_comune(&index, &words);
    // Names starting with the text (a B-tree range): they rank twice as high.
    let by_name = names_starting(conn, &fold(&q.text), &q.filter, limit * 4)?;
    let mut candidates: Vec<i64> = Vec::new();
    if broad {
        // The first matches in index order are arbitrary: the names starting with the text
        // and, given a point, the nearest matches are what ranks. When too few names start
        // with the text, matches in the name (which weighs most) fill in, then any.
        // A query naming a comune has its comune's matches read below instead: the comune's
        // name is seldom in a place's name, and FTS5 would read every place named after the
        // other words to learn that.
        if by_name.len() < limit && comune.is_none() {
            // Names holding the words whole first: FTS5 streams a whole word's rows, while a
            // prefix longer than the prefix indexes builds the rows of every word it starts
            // before the first is returned (milliseconds for a word a twentieth of a million
            // places hold). A whole word in the name ranks above a longer word it starts, so
            // these come first anyway. When they are too few, the prefixes in the name are
            // read if the prefix indexes hold them; else the first matches, already read, are
            // the candidates (ranking tells those in the name).
            //
            // FTS5 finds names holding the words by reading the matches in order and keeping
            // those with the words in the name: when few matches have them ("farmacia ascoli":
            // "ascoli" is in the comune), it would read them all. So it reads only as far as
            // [`NAME_SCAN`] matches reach, judged by how far the first matches reach (rowids
            // are in index order).
            //
            // A word that starts no term of any name (the index's vocabulary of names) is
            // in no name: then nothing is read ("farmacia ascoli" where no name says ascoli).
            let want = (limit * 4) as i64;
            let below = scan_limit(&first, NAME_SCAN);
            let mut in_name = Vec::new();
            if !in_no_name(&index, &words) {
                in_name = first_matches_below(conn, &format!("name : ({whole})"), want, below)?;
                if (in_name.len() as i64) < want && whole != expr {
                    if streams {
                        in_name =
                            first_matches_below(conn, &format!("name : ({expr})"), want, below)?;
                    } else {
                        candidates.extend(&first);
                    }
                }
            }
            if by_name.len() + in_name.len() < limit {
                candidates.extend(first.iter().take(limit * 4));
            }
            candidates.extend(in_name);
        }
        candidates.extend(&by_name);
        if let Some((lat, lon)) = q.near {
            candidates.extend(nearest_matching(
                store.conn(),
                &index,
                (lat, lon),
                (&whole, &expr, &words),
                (first_of, &first),
                limit,
                &q.filter,
            )?);
        }
    } else if !bm25.is_empty()
        && q.near.is_none()
        && comune.is_none()
        && q.filter == PoiFilter::default()
    {
        // Every match is known and ranked by bm25 alone, but for names starting with the text
        // (doubled): the best by bm25 and those names are all that can make the answer.
        let mut by_bm25: Vec<(i64, f64)> = bm25.iter().map(|(r, s)| (*r, *s)).collect();
        by_bm25.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.extend(by_bm25.iter().take(limit * 2).map(|(r, _)| *r));
        candidates.extend(&by_name);
    } else {
        candidates.extend(&first);
    }
    // A query that names a comune ("fermo", "museo ascoli piceno") ranks the places in that
    // comune high: they join the candidates (matches whose address or comune holds the name)
    // and their score is raised below.
    // A narrow query's candidates are already all its matches.
    if let Some(name) = comune.as_ref().filter(|_| broad) {
        // The words whole first, the prefixes only when those are too few (see above).
        let want = (limit * 4) as i64;
        let mut in_comune = first_matches(conn, &format!("{whole} AND place : \"{name}\""), want)?;
        if (in_comune.len() as i64) < want && whole != expr {
            in_comune = first_matches(conn, &format!("{expr} AND place : \"{name}\""), want)?;
        }
        if in_comune.len() < limit {
            candidates.extend(first.iter().take(limit * 4));
        }
        candidates.extend(in_comune);
    }
    let mut seen = HashSet::new();
    candidates.retain(|r| seen.insert(*r));

    // Rank on the few columns ranking needs, then load whole POIs for the best only. The
    // places' words and positions in memory have them; else they are read from `pois`.
    let key = fold(&q.text);
    let scoring = Scoring {
        words: &words,
        key: &key,
        bm25: &bm25,
        comune: comune.as_deref(),
        near: q.near,
    };
    let ranked = match rank_in_memory(conn, &index, &candidates, &q.filter, &scoring) {
        Some(mut ranked) => {
            ranked.truncate(limit);
            ranked
        }
        None => rank_rows(conn, &candidates, &q.filter, &scoring, limit)?,
    };
    let ids: Vec<i64> = ranked.iter().map(|r| r.0).collect();
    let mut pois = load(conn, &ids, &PoiFilter::default())?;
    Ok(ranked
        .into_iter()
        .filter_map(|(rowid, score, distance_m)| {
            Some(Hit {
                poi: pois.remove(&rowid)?,
                distance_m,
                score,
            })
        })
        .collect())
}

/// What a candidate's score is made of: the query's words and folded text, bm25 where it was
/// computed, the comune the query names, the point.
struct Scoring<'a> {
    words: &'a [String],
    key: &'a str,
    bm25: &'a HashMap<i64, f64>,
    comune: Option<&'a str>,
    near: Option<(f64, f64)>,
}

impl Scoring<'_> {
    /// The score from the text's score (bm25, or the same signals computed here), whether the
    /// name starts with the text, whether the place is in the named comune, and its position.
    fn score(&self, text: f64, name_starts: bool, in_comune: bool, at: (f64, f64)) -> Scored {
        let mut score = text;
        if name_starts {
            score *= 2.0;
        }
        if in_comune {
            score *= 4.0;
        }
        let distance = self.near.map(|(lat, lon)| distance_m(lat, lon, at.0, at.1));
        if let Some(d) = distance {
            // Halve the score every 2 km.
            score /= 1.0 + d / 2_000.0;
        }
        (score, distance)
    }

    /// bm25's score of a candidate, if it was computed.
    fn bm25(&self, rowid: i64) -> Option<f64> {
        self.bm25.get(&rowid).map(|s| s.max(0.0) + 1e-6)
    }
}

/// A score and the distance, when there is a point.
type Scored = (f64, Option<f64>);

/// Candidates ranked best first: by score, then by name key, then by rowid.
type Ranked = Vec<(i64, f64, Option<f64>)>;

/// Ranks the candidates from their rows in `pois`.
fn rank_rows(
    conn: &Connection,
    candidates: &[i64],
    filter: &PoiFilter,
    s: &Scoring<'_>,
    limit: usize,
) -> Result<Ranked, DbError> {
    let brief = load_brief(conn, candidates, filter)?;
    let mut ranked: Vec<(i64, Scored, &str)> = brief
        .iter()
        .map(|b| {
            let text = s
                .bm25(b.rowid)
                .unwrap_or_else(|| text_score(&b.name_key, [&b.address, &b.comune], s.words));
            let in_comune = s
                .comune
                .is_some_and(|c| b.comune.as_deref().is_some_and(|b| fold(b) == c));
            let scored = s.score(
                text,
                b.name_key.starts_with(s.key),
                in_comune,
                (b.lat, b.lon),
            );
            (b.rowid, scored, b.name_key.as_str())
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.0
            .total_cmp(&a.1.0)
            .then_with(|| a.2.cmp(b.2))
            .then(a.0.cmp(&b.0))
    });
    ranked.truncate(limit);
    Ok(ranked.into_iter().map(|(r, (s, d), _)| (r, s, d)).collect())
}

/// Ranks the candidates as [`rank_rows`] does, from the nearest-places index's entries and the
/// places' words in memory: no row is read. `None` when the words are not to be had or a
/// candidate is not in the index (a replace committed after it was read).
fn rank_in_memory(
    conn: &Connection,
    index: &Arc<near::NearIndex>,
    candidates: &[i64],
    filter: &PoiFilter,
    s: &Scoring<'_>,
) -> Option<Ranked> {
    let place_words = index.place_words_ready(conn)?;
    let Some(pass) = index.compile(filter) else {
        return Some(Vec::new());
    };
    let comune = s
        .comune
        .and_then(|c| index.comuni.binary_search(&c.to_string()).ok());
    // Each query word whole and as the words it starts; the text's folded words, all but the
    // last whole and the last as a start (a name key starts with the text).
    let whole: Vec<Option<u32>> = s.words.iter().map(|w| place_words.number(w)).collect();
    let starts: Vec<(u32, u32)> = s.words.iter().map(|w| place_words.starting(w)).collect();
    let key: Vec<&str> = s.key.split(' ').collect();
    let (last, head) = key.split_last()?;
    let head: Option<Vec<u32>> = head.iter().map(|t| place_words.number(t)).collect();
    let last = place_words.starting(last);
    let mut ranked: Vec<(i64, Scored, &[u32])> = Vec::with_capacity(candidates.len());
    for &rowid in candidates {
        let position = index.tree.position(rowid)?;
        let e = index.tree.at(position)?;
        if !pass.matches(e) {
            continue;
        }
        let (name, place) = place_words.name_and_place(position)?;
        let text = s
            .bm25(rowid)
            .unwrap_or_else(|| text_score_of_words(name, place, &whole, &starts));
        let name_starts = head.as_ref().is_some_and(|head| {
            name.len() > head.len()
                && name[..head.len()] == head[..]
                && (last.0..last.1).contains(&name[head.len()])
        });
        let in_comune = comune.is_some_and(|c| c as u32 == e.comune);
        ranked.push((
            rowid,
            s.score(text, name_starts, in_comune, (e.at[0], e.at[1])),
            name,
        ));
    }
    // Word numbers are in the words' order, so a name's numbers order as its key does.
    ranked.sort_by(|a, b| {
        b.1.0
            .total_cmp(&a.1.0)
            .then_with(|| a.2.cmp(b.2))
            .then(a.0.cmp(&b.0))
    });
    Some(ranked.into_iter().map(|(r, (s, d), _)| (r, s, d)).collect())
}

/// [`text_score`] from a place's word numbers: its name's, in order, and its address's and
/// comune's; each query word's number (`None` when no place holds it whole) and the numbers
/// of the words it starts.
fn text_score_of_words(
    name: &[u32],
    place: &[u32],
    whole: &[Option<u32>],
    starts: &[(u32, u32)],
) -> f64 {
    let mut score = 0.0;
    for (w, (lo, hi)) in whole.iter().zip(starts) {
        let starts_one = |ids: &[u32]| ids.iter().any(|id| (*lo..*hi).contains(id));
        score += if w.is_some_and(|w| name.contains(&w)) {
            12.0
        } else if starts_one(name) {
            10.0
        } else if starts_one(place) {
            3.0
        } else {
            1.0
        };
    }
    score / (1.0 + 0.05 * name.len() as f64)
}

/// The comune a query names, folded: the longest run of its first or last words (up to four)
/// that is the name of a comune the store holds places in.
fn named_comune(index: &near::NearIndex, words: &[String]) -> Option<String> {
    let n = words.len();
    (1..=n.min(4)).rev().find_map(|len| {
        [&words[n - len..], &words[..len]]
            .into_iter()
            .map(|run| run.join(" "))
            .find(|name| index.comuni.binary_search(name).is_ok())
    })
}

/// Whether a word is in no place's name: it starts no term of the names' vocabulary. Told
/// only for a word the vocabulary can answer for (see [`in_vocabulary_form`]).
fn in_no_name(index: &near::NearIndex, words: &[String]) -> bool {
    index.name_terms.as_deref().is_some_and(|names| {
        words
            .iter()
            .any(|w| in_vocabulary_form(w) && near::vocab::terms_starting(names, w).is_empty())
    })
}

/// Whether the vocabulary lists every term a word can start: a word longer than the prefix
/// indexes, of ASCII letters and digits with a letter. FTS5 folds those as this crate does,
/// byte for byte; the vocabulary leaves out pieces of at most 3 bytes (whose terms are too
/// short to start such a word) and pieces of digits alone.
fn in_vocabulary_form(w: &str) -> bool {
    w.chars().count() > PREFIX_INDEXED
        && w.bytes().all(|b| b.is_ascii_alphanumeric())
        && w.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Rowids of up to `n` places passing the filter whose folded name starts with `key`, by name.
fn names_starting(
    conn: &Connection,
    key: &str,
    filter: &PoiFilter,
    n: usize,
) -> Result<Vec<i64>, DbError> {
    let mut params: Vec<Value> = vec![
        Value::Text(key.to_string()),
        Value::Text(format!("{key}\u{10FFFF}")),
    ];
    let cond = filter.sql(&mut params);
    params.push(Value::Integer(n as i64));
    let sql = format!(
        "SELECT p.rowid FROM pois p WHERE p.name_key >= ?1 AND p.name_key < ?2{cond}
         ORDER BY p.name_key LIMIT ?{}",
        params.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// How many matches FTS5 may read to find the names holding the words (see `search`).
const NAME_SCAN: usize = 20_000;

/// The highest rowid `n` matches reach, judged by how far `first` (the first matches, in
/// index order) reaches; no limit when `first` is all there is.
fn scan_limit(first: &[i64], n: usize) -> i64 {
    match (first.first(), first.last()) {
        (Some(a), Some(b)) if first.len() > 1 => {
            let per_match = (b - a + 1) as f64 / first.len() as f64;
            a.saturating_add((per_match * n as f64).ceil() as i64)
        }
        _ => i64::MAX,
    }
}

/// Rowids of up to `n` matches of an FTS expression at or below rowid `below`, in index order:
/// FTS5 reads no further.
fn first_matches_below(
    conn: &Connection,
    expr: &str,
    n: i64,
    below: i64,
) -> Result<Vec<i64>, DbError> {
    // The limit is written into the statement: FTS5 reads a bound LIMIT's value when it plans
    // (`sqlite3_vtab_rhs_value`), so binding another value makes SQLite prepare the statement
    // again at its first step (tens of thousands of instructions, several times a search).
    // The limits are a few constants; each has its cached statement.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid FROM pois_fts WHERE pois_fts MATCH ?1 AND rowid <= ?2 LIMIT {n}"
    ))?;
    let rows = stmt
        .query_map(rusqlite::params![expr, below], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The longest prefix the full-text index has a prefix index for (`prefix = '1 2 3'`).
const PREFIX_INDEXED: usize = 3;

/// Above this many rows for one word, bm25 (which reads every row of each phrase) is not used.
const BM25_MAX_PHRASE_ROWS: i64 = 2_000;

/// Rowids of up to `n` matches of an FTS expression, in index order.
fn first_matches(conn: &Connection, expr: &str, n: i64) -> Result<Vec<i64>, DbError> {
    first_matches_below(conn, expr, n, i64::MAX)
}

/// A word as an FTS5 phrase: the word whole, never read as syntax.
fn phrase(w: &str) -> String {
    format!("\"{}\"", w.replace('"', ""))
}

/// The most terms a prefix is written as; a prefix of more is searched as it is.
const MAX_PREFIX_TERMS: usize = 16;

/// The FTS5 expression of the words, every word a prefix, and whether FTS5 streams its rows.
/// A prefix the prefix indexes hold (up to [`PREFIX_INDEXED`] letters) streams. A longer one
/// (which FTS5 reads whole before the first row) is written as the terms it stands for, from
/// the vocabulary (`near::vocab`), when they are few: `("garibaldi" OR "garibaldino")`
/// matches the same rows as `"garib"*` and streams. Only words in [`in_vocabulary_form`] are
/// written so.
fn match_expression(words: &[String], terms: Option<&[String]>) -> (String, bool) {
    let mut streams = true;
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            let w = w.replace('"', "");
            if w.chars().count() <= PREFIX_INDEXED {
                return format!("\"{w}\"*");
            }
            let expanded = terms
                .filter(|_| in_vocabulary_form(&w))
                .map(|v| near::vocab::terms_starting(v, &w))
                .filter(|t| t.len() <= MAX_PREFIX_TERMS);
            match expanded {
                // No term: nothing matches, and FTS5 finds that at once.
                Some([]) => format!("\"{w}\"*"),
                Some([t]) if *t == w => phrase(&w),
                Some(t) => {
                    let quoted: Vec<String> = t.iter().map(|t| format!("\"{t}\"")).collect();
                    format!("({})", quoted.join(" OR "))
                }
                None => {
                    streams = false;
                    format!("\"{w}\"*")
                }
            }
        })
        .collect();
    // Explicit AND: FTS5 reads two adjacent phrases as AND, not a phrase and a group.
    (parts.join(" AND "), streams)
}

/// True when every word alone matches few enough rows for bm25 to be cheap.
fn phrases_are_rare(
    conn: &Connection,
    index: &Arc<near::NearIndex>,
    words: &[String],
    terms: Option<&[String]>,
) -> Result<bool, DbError> {
    if words.len() == 1 {
        // The whole query is that one word, already known to be narrow.
        return Ok(true);
    }
    // Counted inside SQLite: only the count crosses into Rust, not every rowid.
    let too_many = |expr: &str| -> Result<bool, DbError> {
        // The limit written in, as `first_matches_below` does.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM pois_fts WHERE pois_fts MATCH ?1 LIMIT {})",
            BM25_MAX_PHRASE_ROWS + 1
        ))?;
        let n: i64 = stmt.query_row([expr], |r| r.get(0))?;
        Ok(n > BM25_MAX_PHRASE_ROWS)
    };
    // A word of ASCII letters and digits that more places than that hold as a word of their
    // name, category, address or comune (the places' words in memory): the full-text index,
    // which holds those words and the descriptions, has at least as many rows for it.
    if let Some(place_words) = index.place_words_ready(conn) {
        let common = words.iter().any(|w| {
            w.bytes().all(|b| b.is_ascii_alphanumeric())
                && place_words.places_with(w) > BM25_MAX_PHRASE_ROWS as usize
        });
        if common {
            return Ok(false);
        }
    }
    // The words whole first: FTS5 streams those, while it builds a long prefix's rows whole
    // (see `search`), and a prefix matches at least what its word whole matches.
    for w in words {
        if too_many(&phrase(w))? {
            return Ok(false);
        }
    }
    for w in words {
        let whole = phrase(w);
        let expr = match_expression(std::slice::from_ref(w), terms).0;
        if expr != whole && too_many(&expr)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The bm25 signals, computed on a candidate: a word in the name weighs 10 (12 when whole),
/// in the address or comune 3, elsewhere (descriptions, category words) 1; shorter names rank a
/// little higher, as bm25's length normalisation does.
fn text_score(name_key: &str, place: [&Option<String>; 2], words: &[String]) -> f64 {
    let name: Vec<&str> = name_key.split(' ').collect();
    let mut place_key: Option<String> = None;
    let mut score = 0.0;
    for w in words {
        score += if name.iter().any(|t| t == w) {
            12.0
        } else if name.iter().any(|t| t.starts_with(w.as_str())) {
            10.0
        } else if place_key
            .get_or_insert_with(|| {
                let place: Vec<&str> = place.into_iter().flatten().map(String::as_str).collect();
                fold(&place.join(" "))
            })
            .split(' ')
            .any(|t| t.starts_with(w.as_str()))
        {
            3.0
        } else {
            1.0
        };
    }
    score / (1.0 + 0.05 * name.len() as f64)
}

/// What ranking needs of a candidate.
struct Brief {
    rowid: i64,
    name_key: String,
    /// Address and comune, as stored (folded only when ranking reads them).
    address: Option<String>,
    comune: Option<String>,
    lat: f64,
    lon: f64,
}

fn load_brief(
    conn: &Connection,
    rowids: &[i64],
    filter: &PoiFilter,
) -> Result<Vec<Brief>, DbError> {
    let mut out = Vec::with_capacity(rowids.len());
    for chunk in rowids.chunks(500) {
        let mut params: Vec<Value> = chunk.iter().map(|r| Value::Integer(*r)).collect();
        let marks = placeholders(chunk.len());
        let cond = filter.sql(&mut params);
        let sql = format!(
            "SELECT p.rowid, p.name_key, p.lat, p.lon, p.address, p.comune FROM pois p
             WHERE p.rowid IN ({marks}){cond}"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            out.push(Brief {
                rowid: r.get(0)?,
                name_key: r.get(1)?,
                address: r.get(4)?,
                comune: r.get(5)?,
                lat: r.get(2)?,
                lon: r.get(3)?,
            });
        }
    }
    Ok(out)
}

/// Up to this many matches of a query near a point are read from the full-text index and
/// measured one by one (their positions from the nearest-places index): reading the rowids is
/// most of the cost, about a millisecond for 10,000 on this project's machine. Five times what
/// it was when the positions were read from `pois`: a query of words that are common but
/// whose places are far from the point (a kind of place and a comune's name, 50 km away) no
/// longer walks the country.
const FEW_MATCHES: usize = 10_000;
/// ... and at most one place in this many: above it, the matches are dense enough that the
/// walk of the nearest places meets `limit` of them within about `limit * FEW_SHARE` places,
/// fewer than there are matches to read (a province's 50,000 places on a phone: a word 2,000
/// of them hold is found by the walk within a few hundred).
const FEW_SHARE: usize = 100;
/// Matches read first near a point, to tell few from many.
const GLANCE: usize = 2_000;
/// Up to this many matches are read from the full-text index into a set that the walk of the
/// nearest places looks up; beyond it the matches are dense and the nearest places are tested
/// against the words instead.
const SOME_MATCHES: usize = 50_000;

/// Rowids of the matches nearest to a point, nearest first, by how many places match (`expr`
/// is the query's full-text expression): a few are measured each. Beyond that, with the places'
/// words in memory ([`near::place_words`]), the nearest places are walked and tested against
/// the words as they come; when they are rare around the point, the places holding every word
/// are listed from the places holding each (in memory) and the nearest of them found, or, when
/// listing them costs too much, the matches measured or looked up, as below. Without the
/// words (not yet read), the nearest places whose words' bits ([`near::words`]) can hold the
/// query's words are tested on their rows, a batch at a time: the first `limit` that match are
/// the nearest matches. When that many tests found too few, a set of the matches that the walk
/// looks up takes over while the set is small enough; else the testing goes on, up to
/// [`NEAR_SCAN_MAX`] places. The cost stays bounded wherever the point is and however rare the
/// words.
fn nearest_matching(
    conn: &Connection,
    index: &Arc<near::NearIndex>,
    (lat, lon): (f64, f64),
    (whole, expr, words): (&str, &str, &[String]),
    (sampled, sample): (&str, &[i64]),
    limit: usize,
    filter: &PoiFilter,
) -> Result<Vec<i64>, DbError> {
    let Some(pass) = index.compile(filter) else {
        return Ok(Vec::new());
    };
    // The words taken whole match a subset of the prefixes' matches, and FTS5 streams them
    // (see `search`): when they alone are more than a few, so are the prefixes', and the
    // prefixes' rows (built whole by FTS5 before the first is returned) are not read here.
    // A first look at [`GLANCE`] matches; more are read only when how far those reach puts
    // all of them within [`FEW_MATCHES`] (reading 10,000 rowids costs about a millisecond).
    // The search's own first matches (`sample`, more than [`CANDIDATES`] of `sampled`) serve
    // as that look: an expression of several common words costs FTS5 about as much per match
    // as the words' rows it reads, so a second look would read most of them again.
    // Whether the matches read are all of them comes with them.
    // The first look alone: at most GLANCE matches are all of them, else `None`.
    let glance = |expr: &str| -> Result<(Vec<i64>, bool), DbError> {
        if expr == sampled && sample.len() > CANDIDATES {
            return Ok((sample.to_vec(), false));
        }
        let glance = first_matches(conn, expr, GLANCE as i64 + 1)?;
        let all = glance.len() <= GLANCE;
        Ok((glance, all))
    };
    // More than the first look, when how far it reaches puts every match within FEW_MATCHES.
    let read_few = |expr: &str, glance: Vec<i64>| -> Result<(Vec<i64>, bool), DbError> {
        let few = FEW_MATCHES.min(index.tree.len() / FEW_SHARE);
        if estimated_count(&glance, index.tree.len()) <= few as f64 {
            let all = first_matches(conn, expr, FEW_MATCHES as i64 + 1)?;
            let complete = all.len() <= FEW_MATCHES;
            return Ok((all, complete));
        }
        Ok((glance, false))
    };
    let (mut matches, mut all) = glance(whole)?;
    let mut read_of = whole;
    if all && whole != expr {
        (matches, all) = glance(expr)?;
        read_of = expr;
    }
    // The places' words in memory: the nearest places are tested against the query's words as
    // they are walked, with no row read; the first `limit` that hold them are the nearest
    // matches. When the places holding every word can be listed cheaply from the places
    // holding each ([`near::place_words::PlaceWords::holding_all`]), the walk tests no more
    // places than listing them costs; when it meets too few (the matches are rare around the
    // point: a kind of place and a comune's name, the comune away from the point), they are
    // listed and the nearest of them found by a walk of the tree that opens only the ranges
    // holding some ([`near::NearTree::nearest_among`]). Else the walk goes on up to
    // WALK_BUDGET places, and the full-text index's matches are measured (few) or looked up
    // (some), as below; not begun when the matches are few and, by where the first of them
    // lie, the walk would be long.
    let few = FEW_MATCHES.min(index.tree.len() / FEW_SHARE);
    let walk_too_long = || {
        matches.len() > CANDIDATES
            && estimated_count(&matches, index.tree.len()) <= few as f64
            && walk_length(index, (lat, lon), &matches, limit) > WALK_TOO_LONG
    };
    let words_ready = if all {
        None
    } else {
        index.place_words_ready(conn)
    };
    let mut paused = None;
    let ranges;
    if let Some(place_words) = words_ready {
        let Some(r) = place_words.ranges(words) else {
            return Ok(Vec::new());
        };
        ranges = r;
        let cost = place_words.cost_of_all(&ranges);
        let listed = cost <= LISTED_MAX;
        if listed || !walk_too_long() {
            let mut walk = index.tree.nearest_where_at(lat, lon, |i, e| {
                pass.matches(e) && place_words.holds(i, &ranges)
            });
            walk.budget(if listed {
                (cost / (near::place_words::TEST_COST * LISTED_SHARE))
                    .max(limit * TESTS_PER_RESULT)
                    .min(WALK_BUDGET)
            } else {
                WALK_BUDGET
            });
            let found: Vec<i64> = walk.by_ref().take(limit).map(|(e, _)| e.rowid).collect();
            if found.len() >= limit || !walk.paused() {
                return Ok(found);
            }
            if !listed {
                paused = Some((walk, found));
            }
        }
        if listed {
            let positions = place_words.holding_all(&ranges);
            return Ok(index
                .tree
                .nearest_among(lat, lon, &positions, |e| pass.matches(e))
                .take(limit)
                .map(|(e, _)| e.rowid)
                .collect());
        }
    }
    if !all {
        (matches, all) = read_few(read_of, matches)?;
        if all && read_of != expr {
            (matches, all) = glance(expr)?;
            if !all {
                (matches, all) = read_few(expr, matches)?;
            }
        }
    }
    if all {
        // The nearest, ties by rowid: position and filter from the index's entries (tens of
        // nanoseconds a match, and most are passed over unmeasured, see `near::closest`); a
        // match the index does not hold (a replace committed after the index was read) from
        // its row.
        let mut closest = near::closest::Closest::new(lat, lon, limit);
        let mut unindexed = Vec::new();
        for rowid in matches {
            match index.tree.entry(rowid) {
                Some(e) if pass.matches(e) => closest.offer(rowid, e.at[0], e.at[1]),
                Some(_) => {}
                None => unindexed.push(rowid),
            }
        }
        offer_rows(conn, &unindexed, filter, &mut closest)?;
        return Ok(closest.rowids());
    }
    if let Some((mut walk, mut found)) = paused {
        // Rare around the point, yet more than a few: a set of them when they are not many,
        // looked up by a walk from the start; else the walk goes on, up to WALK_MAX places.
        if let Some(nearest) =
            nearest_of_some(conn, index, expr, &matches, (lat, lon), limit, pass)?
        {
            return Ok(nearest);
        }
        walk.budget(WALK_MAX);
        found.extend(walk.take(limit - found.len()).map(|(e, _)| e.rowid));
        return Ok(found);
    }
    let needs = near::words::Needs::of(words);
    let mut candidates = index
        .tree
        .nearest_where(lat, lon, |e| {
            pass.matches(e) && needs.may_match(e.letters, e.pairs)
        })
        .map(|(e, _)| e.rowid);
    let mut found = Vec::new();
    let mut tested = 0;
    let mut batch = limit * 2;
    let mut budget = limit * TESTS_PER_RESULT;
    loop {
        let chunk: Vec<i64> = candidates
            .by_ref()
            .take(batch.min(budget - tested))
            .collect();
        if chunk.is_empty() {
            // Every place that can match was tested, or the budget is spent.
            if tested < budget || budget >= NEAR_SCAN_MAX {
                return Ok(found);
            }
            // Rare around here. Few enough matches in all for a set: the walk looks them up;
            // else the testing goes on.
            let some = nearest_of_some(conn, index, expr, &matches, (lat, lon), limit, pass)?;
            if let Some(nearest) = some {
                return Ok(nearest);
            }
            budget = NEAR_SCAN_MAX;
            continue;
        }
        tested += chunk.len();
        let hit = rows_matching(conn, &chunk, words)?;
        for rowid in chunk {
            if hit.contains(&rowid) {
                found.push(rowid);
                if found.len() >= limit {
                    return Ok(found);
                }
            }
        }
        batch *= 4;
    }
}

/// About how many places a walk from the point tests before it meets `limit` matches, judged
/// from the first matches (`first`, in index order) as a sample of them all: the distance
/// within which `limit` matches lie, and how many places lie that close if they were spread
/// evenly over the box of all places. It only chooses a strategy: a wrong guess costs time.
fn walk_length(
    index: &near::NearIndex,
    (lat, lon): (f64, f64),
    first: &[i64],
    limit: usize,
) -> f64 {
    let places = index.tree.len() as f64;
    let matches = estimated_count(first, index.tree.len()).max(1.0);
    let mut distances: Vec<f64> = first
        .iter()
        .filter_map(|r| index.tree.entry(*r))
        .map(|e| distance_m(lat, lon, e.at[0], e.at[1]))
        .collect();
    // The sample's share of the `limit` nearest matches.
    let k = ((limit as f64) * distances.len() as f64 / matches).ceil() as usize;
    if k == 0 || k > distances.len() {
        return 0.0;
    }
    let (_, radius, _) = distances.select_nth_unstable_by(k - 1, f64::total_cmp);
    let [[south, west], [north, east]] = index.tree.bounds();
    let metres_per_degree = 111_195.0;
    let mid = ((south + north) / 2.0).to_radians().cos();
    let area = ((north - south) * metres_per_degree).max(1.0)
        * ((east - west) * metres_per_degree * mid).max(1.0);
    places * (std::f64::consts::PI * *radius * *radius / area).min(1.0)
}

/// The `limit` matches of `expr` nearest to the point, when they are "some": at most
/// [`SOME_MATCHES`], by how far the first of them (`first`) reach and then by reading them.
/// They go into a set that a walk of the nearest places looks up. `None` when they are more.
fn nearest_of_some(
    conn: &Connection,
    index: &near::NearIndex,
    expr: &str,
    first: &[i64],
    (lat, lon): (f64, f64),
    limit: usize,
    pass: near::Compiled,
) -> Result<Option<Vec<i64>>, DbError> {
    if estimated_count(first, index.tree.len()) > SOME_MATCHES as f64 {
        return Ok(None);
    }
    let matches = first_matches(conn, expr, SOME_MATCHES as i64 + 1)?;
    if matches.len() > SOME_MATCHES {
        return Ok(None);
    }
    let set: HashSet<i64> = matches.into_iter().collect();
    Ok(Some(
        index
            .tree
            .nearest_where(lat, lon, |e| pass.matches(e) && set.contains(&e.rowid))
            .map(|(e, _)| e.rowid)
            .take(limit)
            .collect(),
    ))
}

/// Offers the places of `rowids` that pass the filter, from their rows.
fn offer_rows(
    conn: &Connection,
    rowids: &[i64],
    filter: &PoiFilter,
    closest: &mut near::closest::Closest,
) -> Result<(), DbError> {
    for part in rowids.chunks(500) {
        let mut params: Vec<Value> = part.iter().map(|r| Value::Integer(*r)).collect();
        let marks = placeholders(part.len());
        let cond = filter.sql(&mut params);
        let sql =
            format!("SELECT p.rowid, p.lat, p.lon FROM pois p WHERE p.rowid IN ({marks}){cond}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            closest.offer(r.get(0)?, r.get(1)?, r.get(2)?);
        }
    }
    Ok(())
}

/// The most that listing the places holding every word of a query near a point may cost, in
/// places marked ([`near::place_words::PlaceWords::cost_of_all`], a few nanoseconds each).
const LISTED_MAX: usize = 400_000;
/// Before listing them, the walk tests places costing up to this share of the listing: matches
/// dense around the point are met within a few hundred places, and when they are not, the walk
/// wasted little. 4, against 1 and none, at a million places: a kind of place and a comune
/// away from the point p50 0.94 ms (1.55, 0.73), one common word 0.23 ms (0.29, 0.48).
const LISTED_SHARE: usize = 4;

/// How many of `places` places match, from the first matches in index order: rowids come in
/// order and are mostly dense, so how far the first matches reach tells their share. It only
/// chooses a strategy: a wrong estimate costs time.
fn estimated_count(first: &[i64], places: usize) -> f64 {
    let reach = first
        .last()
        .zip(first.first())
        .map_or(1, |(l, f)| (l - f + 1).max(1));
    first.len() as f64 / reach as f64 * places as f64
}

/// Places the walk of [`nearest_matching`] tests against the query's words in memory before it
/// asks whether the full-text index's matches would be cheaper (about 20 ns a place).
const WALK_BUDGET: usize = 20_000;
/// A walk judged to test more places than this ([`walk_length`], a rough guess) is not begun
/// when the matches are few: they are read and measured instead.
const WALK_TOO_LONG: f64 = 5.0 * WALK_BUDGET as f64;
/// ... and at most this many in all, when they would not.
const WALK_MAX: usize = 400_000;

/// Places tested against the words, per result asked for, before [`nearest_matching`] asks
/// whether a set of the matches would be cheaper.
const TESTS_PER_RESULT: usize = 32;

/// Which of `rowids` hold every word (see [`row_matches`]).
fn rows_matching(
    conn: &Connection,
    rowids: &[i64],
    words: &[String],
) -> Result<HashSet<i64>, DbError> {
    let mut hit = HashSet::with_capacity(rowids.len());
    for part in rowids.chunks(500) {
        let marks = placeholders(part.len());
        let sql = format!(
            "SELECT p.rowid, p.name_key, p.address, p.comune, p.category FROM pois p
             WHERE p.rowid IN ({marks})"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(part.iter()))?;
        while let Some(r) = rows.next()? {
            if row_matches(r, words)? {
                hit.insert(r.get(0)?);
            }
        }
    }
    Ok(hit)
}

/// Whether every word starts a word of the row's name, category, address or comune (the row
/// selected as `rowid, name_key, address, comune, category`). Name and category words first;
/// the address and comune are folded only when a word is not found there.
fn row_matches(r: &rusqlite::Row<'_>, words: &[String]) -> Result<bool, DbError> {
    let name: String = r.get(1)?;
    let category: String = r.get(4)?;
    let category = Category::parse(&category).map_or("", Category::search_words);
    let mut place: Option<String> = None;
    for w in words {
        let w = w.as_str();
        let found = |text: &str| text.split(' ').any(|t| t.starts_with(w));
        if found(&name) || found(category) {
            continue;
        }
        if place.is_none() {
            let address: Option<String> = r.get(2)?;
            let comune: Option<String> = r.get(3)?;
            place = Some(near::place_words(address.as_deref(), comune.as_deref()));
        }
        if !place.as_deref().is_some_and(found) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// At most this many places around a point are tested by [`nearest_matching`].
const NEAR_SCAN_MAX: usize = 20_000;

/// Places this close to the k-th (in metres) are read too: the tree measures as [`distance_m`]
/// does, and the answer is ranked again on the stored rows, so ties are settled there.
const SLACK_M: f64 = 1e-6;

/// The `k` POIs nearest to a point by great-circle distance, nearest first, ties in rowid
/// order: the same answer as measuring every stored place, wherever the point is (the
/// nearest-places index is walked nearest first, see [`near`]).
pub fn nearest(
    store: &Store,
    lat: f64,
    lon: f64,
    k: usize,
    filter: &PoiFilter,
) -> Result<Vec<Hit>, DbError> {
    check_position(lat, lon)?;
    if k == 0 {
        return Ok(Vec::new());
    }
    let index = near::index(store)?;
    let Some(pass) = index.compile(filter) else {
        return Ok(Vec::new());
    };
    // Every place within the k-th's distance (and a hair more): the stored rows rank them.
    let mut ids = Vec::with_capacity(k + 1);
    let mut bound = f64::INFINITY;
    for (e, d) in index.tree.nearest_where(lat, lon, |e| pass.matches(e)) {
        if d > bound {
            break;
        }
        ids.push(e.rowid);
        if ids.len() == k {
            bound = d + SLACK_M;
        }
    }
    let mut pois = load(store.conn(), &ids, &PoiFilter::default())?;
    let mut hits: Vec<(i64, Hit)> = ids
        .into_iter()
        .filter_map(|rowid| {
            let poi = pois.remove(&rowid)?;
            let d = distance_m(lat, lon, poi.lat, poi.lon);
            Some((
                rowid,
                Hit {
                    poi,
                    distance_m: Some(d),
                    score: 1.0 / (1.0 + d),
                },
            ))
        })
        .collect();
    hits.sort_by(|a, b| {
        a.1.distance_m
            .unwrap_or(0.0)
            .total_cmp(&b.1.distance_m.unwrap_or(0.0))
            .then(a.0.cmp(&b.0))
    });
    Ok(hits.into_iter().take(k).map(|(_, h)| h).collect())
}

/// POIs inside a bounding box (edges included; a box whose west edge is east of its east edge
/// crosses the antimeridian), at most `limit`, in stored order.
pub fn within_bbox(
    store: &Store,
    bbox: BBox,
    filter: &PoiFilter,
    limit: usize,
) -> Result<Vec<Hit>, DbError> {
    check_position(bbox.south, bbox.west)?;
    check_position(bbox.north, bbox.east)?;
    let index = near::index(store)?;
    let Some(pass) = index.compile(filter) else {
        return Ok(Vec::new());
    };
    let mut ids = Vec::new();
    index
        .tree
        .within(bbox.south, bbox.west, bbox.north, bbox.east, &mut |e| {
            if pass.matches(e) {
                ids.push(e.rowid);
            }
        });
    ids.sort_unstable();
    ids.truncate(limit);
    let mut pois = load(store.conn(), &ids, &PoiFilter::default())?;
    Ok(ids
        .into_iter()
        .filter_map(|rowid| {
            Some(Hit {
                poi: pois.remove(&rowid)?,
                distance_m: None,
                score: 0.0,
            })
        })
        .collect())
}

/// One POI by its stable id.
pub fn get(store: &Store, id: &str) -> Result<Option<Poi>, DbError> {
    let sql = format!("SELECT {} FROM pois p WHERE p.id = ?1", row::COLUMNS);
    Ok(store
        .conn()
        .query_row(&sql, [id], row::from_row)
        .optional()?)
}
