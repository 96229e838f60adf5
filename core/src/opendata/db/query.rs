//! The queries: full-text search (bm25, optionally weighted by distance), nearest-k, bounding
//! box, each with category and comune filters.

use std::collections::HashMap;

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
        // Broad: add the names that start with the text (a B-tree range), and the matches
        // nearest to the point.
        let key = fold(&q.text);
        let mut by_name = conn.prepare_cached(
            "SELECT rowid FROM pois WHERE name_key >= ?1 AND name_key < ?2 ORDER BY name_key LIMIT ?3",
        )?;
        let upper = format!("{key}\u{10FFFF}");
        let named: Vec<i64> = by_name
            .query_map(rusqlite::params![key, upper, (limit * 4) as i64], |r| {
                r.get(0)
            })?
            .collect::<Result<_, _>>()?;
        let mut score_of = conn.prepare_cached(
            "SELECT bm25(pois_fts, 10.0, 3.0, 1.0) FROM pois_fts WHERE pois_fts MATCH ?1 AND rowid = ?2",
        )?;
        let mut extra = named;
        if let Some((lat, lon)) = q.near {
            extra.extend(nearest_rowids(conn, lat, lon, limit * 8, &q.filter)?);
        }
        let seen: std::collections::HashSet<i64> = scored.iter().map(|(r, _)| *r).collect();
        for rowid in extra {
            if seen.contains(&rowid) {
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

    let rowids: Vec<i64> = scored.iter().map(|(r, _)| *r).collect();
    let pois = load(conn, &rowids, &q.filter)?;
    let key = fold(&q.text);
    let mut hits: Vec<Hit> = scored
        .into_iter()
        .filter_map(|(rowid, bm25)| {
            let poi = pois.get(&rowid)?.clone();
            let mut score = bm25.max(0.0) + 1e-6;
            if fold(&poi.name).starts_with(&key) {
                score *= 2.0;
            }
            let distance = q
                .near
                .map(|(lat, lon)| distance_m(lat, lon, poi.lat, poi.lon));
            if let Some(d) = distance {
                // Halve the score every 2 km.
                score /= 1.0 + d / 2_000.0;
            }
            Some(Hit {
                poi,
                distance_m: distance,
                score,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.poi.name.cmp(&b.poi.name))
    });
    hits.truncate(limit);
    Ok(hits)
}

/// Rowids of up to `k` POIs nearest to a point (after filters), nearest first.
fn nearest_rowids(
    conn: &Connection,
    lat: f64,
    lon: f64,
    k: usize,
    filter: &PoiFilter,
) -> Result<Vec<i64>, DbError> {
    Ok(nearest_impl(conn, lat, lon, k, filter)?
        .into_iter()
        .map(|(r, _, _)| r)
        .collect())
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
