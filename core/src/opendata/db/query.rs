//! The queries: full-text search (bm25, optionally weighted by distance), nearest-k, bounding
//! box, each with category and comune filters.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params_from_iter, types::Value};
use serde::Serialize;

use super::{DbError, check_position, distance_m, row};
use crate::opendata::text::{MAX_QUERY_CHARS, fold, fts_expression, tokens};
use crate::opendata::{Category, Poi};
use crate::store::Store;

/// Filters every query accepts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoiFilter {
    pub category: Option<Category>,
    /// A comune's ISTAT code (6 digits) or name (case and accents ignored).
    pub comune: Option<String>,
}

/// A text search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// When given, nearer results rank higher and carry their distance.
    pub near: Option<(f64, f64)>,
    pub filter: PoiFilter,
    pub limit: usize,
}

/// A bounding box in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

/// A query result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
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

/// Registers the SQL functions the queries use (idempotent).
fn register(conn: &Connection) -> Result<(), DbError> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "campanile_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(s.map(|s| fold(&s)))
        },
    )?;
    Ok(())
}

fn load(
    conn: &Connection,
    rowids: &[i64],
    filter: &PoiFilter,
) -> Result<HashMap<i64, Poi>, DbError> {
    register(conn)?;
    let mut out = HashMap::with_capacity(rowids.len());
    for chunk in rowids.chunks(500) {
        let mut params: Vec<Value> = chunk.iter().map(|r| Value::Integer(*r)).collect();
        let marks = (1..=chunk.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(",");
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

/// Full-text search, ranked by bm25 (name counts most, then address and comune, then
/// descriptions) and, when a point is given, by distance.
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
    let expr = fts_expression(&words);
    let conn = store.conn();
    register(conn)?;
    let limit = q.limit.max(1);

    // Up to CANDIDATES + 1 matches in index order: cheap, and tells a narrow query (every
    // match seen, ranked exactly) from a broad one.
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, bm25(pois_fts, 10.0, 3.0, 1.0) FROM pois_fts WHERE pois_fts MATCH ?1 LIMIT ?2",
    )?;
    let mut scored: Vec<(i64, f64)> = stmt
        .query_map(rusqlite::params![expr, (CANDIDATES + 1) as i64], |r| {
            Ok((r.get(0)?, -r.get::<_, f64>(1)?))
        })?
        .collect::<Result<_, _>>()?;

    if scored.len() > CANDIDATES {
        // Broad: the first matches in index order are arbitrary, so add the ones that matter:
        // names starting with the text (a B-tree range) and, given a point, the nearest matches.
        let key = fold(&q.text);
        let mut extra: Vec<i64> = Vec::new();
        let mut params: Vec<Value> = vec![
            Value::Text(key.clone()),
            Value::Text(format!("{key}\u{10FFFF}")),
        ];
        let cond = q.filter.sql(&mut params);
        params.push(Value::Integer((limit * 4) as i64));
        let sql = format!(
            "SELECT p.rowid FROM pois p WHERE p.name_key >= ?1 AND p.name_key < ?2{cond}
             ORDER BY p.name_key LIMIT ?{}",
            params.len()
        );
        let mut by_name = conn.prepare_cached(&sql)?;
        extra.extend(
            by_name
                .query_map(params_from_iter(params), |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?,
        );
        if let Some((lat, lon)) = q.near {
            extra.extend(nearest_matching(conn, lat, lon, &words, limit, &q.filter)?);
        }
        let mut score_of = conn.prepare_cached(
            "SELECT bm25(pois_fts, 10.0, 3.0, 1.0) FROM pois_fts WHERE pois_fts MATCH ?1 AND rowid = ?2",
        )?;
        let mut seen: HashSet<i64> = scored.iter().map(|(r, _)| *r).collect();
        for rowid in extra {
            if !seen.insert(rowid) {
                continue;
            }
            if let Some(s) = score_of
                .query_row(rusqlite::params![expr, rowid], |r| r.get::<_, f64>(0))
                .optional()?
            {
                scored.push((rowid, -s));
            }
        }
    }

    // Rank on the few columns ranking needs, then load whole POIs for the best only.
    let key = fold(&q.text);
    let brief = load_brief(conn, &scored, &q.filter)?;
    let mut ranked: Vec<(i64, f64, Option<f64>, &str)> = brief
        .iter()
        .map(|b| {
            let mut score = b.bm25.max(0.0) + 1e-6;
            if b.name_key.starts_with(&key) {
                score *= 2.0;
            }
            let distance = q.near.map(|(lat, lon)| distance_m(lat, lon, b.lat, b.lon));
            if let Some(d) = distance {
                // Halve the score every 2 km.
                score /= 1.0 + d / 2_000.0;
            }
            (b.rowid, score, distance, b.name_key.as_str())
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.3.cmp(b.3))
            .then(a.0.cmp(&b.0))
    });
    ranked.truncate(limit);
    let ids: Vec<i64> = ranked.iter().map(|r| r.0).collect();
    let mut pois = load(conn, &ids, &PoiFilter::default())?;
    Ok(ranked
        .into_iter()
        .filter_map(|(rowid, score, distance_m, _)| {
            Some(Hit {
                poi: pois.remove(&rowid)?,
                distance_m,
                score,
            })
        })
        .collect())
}

/// What ranking needs of a candidate.
struct Brief {
    rowid: i64,
    bm25: f64,
    name_key: String,
    lat: f64,
    lon: f64,
}

fn load_brief(
    conn: &Connection,
    scored: &[(i64, f64)],
    filter: &PoiFilter,
) -> Result<Vec<Brief>, DbError> {
    let bm25: HashMap<i64, f64> = scored.iter().copied().collect();
    let mut out = Vec::with_capacity(scored.len());
    for chunk in scored.chunks(500) {
        let mut params: Vec<Value> = chunk.iter().map(|(r, _)| Value::Integer(*r)).collect();
        let marks = (1..=chunk.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let cond = filter.sql(&mut params);
        let sql = format!(
            "SELECT p.rowid, p.name_key, p.lat, p.lon FROM pois p WHERE p.rowid IN ({marks}){cond}"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            out.push(Brief {
                rowid,
                bm25: bm25.get(&rowid).copied().unwrap_or(0.0),
                name_key: r.get(1)?,
                lat: r.get(2)?,
                lon: r.get(3)?,
            });
        }
    }
    Ok(out)
}

/// True when every query word is a prefix of a word of the POI's indexed text: the same test
/// the full-text index makes, done on a loaded POI.
fn matches_words(poi: &Poi, words: &[String]) -> bool {
    let mut text = fold(&poi.name);
    for part in [&poi.address, &poi.comune].into_iter().flatten() {
        text.push(' ');
        text.push_str(&fold(part));
    }
    text.push(' ');
    text.push_str(poi.category.search_words());
    for d in poi.descriptions.values() {
        text.push(' ');
        text.push_str(&fold(d));
    }
    let indexed: Vec<&str> = text.split(' ').collect();
    words
        .iter()
        .all(|w| indexed.iter().any(|t| t.starts_with(w.as_str())))
}

/// Rowids of the matches nearest to a point: nearest POIs, widening, until `limit` match.
fn nearest_matching(
    conn: &Connection,
    lat: f64,
    lon: f64,
    words: &[String],
    limit: usize,
    filter: &PoiFilter,
) -> Result<Vec<i64>, DbError> {
    let mut k = limit * 8;
    loop {
        let near = nearest_impl(conn, lat, lon, k, filter)?;
        let exhausted = near.len() < k;
        let found: Vec<i64> = near
            .iter()
            .filter(|(_, _, poi)| matches_words(poi, words))
            .map(|(r, _, _)| *r)
            .take(limit)
            .collect();
        if found.len() >= limit || exhausted || k >= 50_000 {
            return Ok(found);
        }
        k *= 4;
    }
}

/// (rowid, distance, POI) of the `k` nearest, growing a box around the point until the circle
/// it contains holds `k` POIs.
fn nearest_impl(
    conn: &Connection,
    lat: f64,
    lon: f64,
    k: usize,
    filter: &PoiFilter,
) -> Result<Vec<(i64, f64, Poi)>, DbError> {
    check_position(lat, lon)?;
    register(conn)?;
    let k = k.max(1);
    let mut radius = 300.0_f64; // metres
    loop {
        let dlat = radius / 111_320.0;
        let dlon = radius / (111_320.0 * lat.to_radians().cos().max(0.01));
        let whole_world = radius > 20_100_000.0;
        let mut params: Vec<Value> = vec![
            Value::Real(lat - dlat),
            Value::Real(lat + dlat),
            Value::Real(lon - dlon),
            Value::Real(lon + dlon),
        ];
        let cond = filter.sql(&mut params);
        let sql = format!(
            "SELECT {}, p.rowid FROM pois_rtree r JOIN pois p ON p.rowid = r.id
             WHERE r.max_lat >= ?1 AND r.min_lat <= ?2 AND r.max_lon >= ?3 AND r.min_lon <= ?4{cond}",
            row::COLUMNS
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut found: Vec<(i64, f64, Poi)> = stmt
            .query_map(params_from_iter(params), |r| {
                let poi = row::from_row(r)?;
                let d = distance_m(lat, lon, poi.lat, poi.lon);
                Ok((r.get(18)?, d, poi))
            })?
            .collect::<Result<_, _>>()?;
        let inside = found.iter().filter(|(_, d, _)| *d <= radius).count();
        if inside >= k || whole_world {
            found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            found.truncate(k);
            return Ok(found);
        }
        // Grow faster when the box was nearly empty.
        radius *= if found.len() * 4 < k { 4.0 } else { 2.0 };
    }
}

/// The `k` POIs nearest to a point, nearest first.
pub fn nearest(
    store: &Store,
    lat: f64,
    lon: f64,
    k: usize,
    filter: &PoiFilter,
) -> Result<Vec<Hit>, DbError> {
    Ok(nearest_impl(store.conn(), lat, lon, k, filter)?
        .into_iter()
        .map(|(_, d, poi)| Hit {
            poi,
            distance_m: Some(d),
            score: 1.0 / (1.0 + d),
        })
        .collect())
}

/// POIs inside a bounding box (at most `limit`), in a stable order.
pub fn within_bbox(
    store: &Store,
    bbox: BBox,
    filter: &PoiFilter,
    limit: usize,
) -> Result<Vec<Hit>, DbError> {
    check_position(bbox.south, bbox.west)?;
    check_position(bbox.north, bbox.east)?;
    let conn = store.conn();
    register(conn)?;
    let mut params: Vec<Value> = vec![
        Value::Real(bbox.south),
        Value::Real(bbox.north),
        Value::Real(bbox.west),
        Value::Real(bbox.east),
    ];
    let cond = filter.sql(&mut params);
    params.push(Value::Integer(limit as i64));
    let sql = format!(
        "SELECT {} FROM pois_rtree r JOIN pois p ON p.rowid = r.id
         WHERE r.min_lat >= ?1 AND r.max_lat <= ?2 AND r.min_lon >= ?3 AND r.max_lon <= ?4{cond}
         ORDER BY p.rowid LIMIT ?{}",
        row::COLUMNS,
        params.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let hits = stmt
        .query_map(params_from_iter(params), |r| {
            Ok(Hit {
                poi: row::from_row(r)?,
                distance_m: None,
                score: 0.0,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(hits)
}

/// One POI by its stable id.
pub fn get(store: &Store, id: &str) -> Result<Option<Poi>, DbError> {
    let sql = format!("SELECT {} FROM pois p WHERE p.id = ?1", row::COLUMNS);
    Ok(store
        .conn()
        .query_row(&sql, [id], row::from_row)
        .optional()?)
}
