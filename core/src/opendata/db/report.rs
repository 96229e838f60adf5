//! What is stored: counts by category, comune and dataset, and the quarantine report.

use serde::Serialize;

use super::DbError;
use crate::opendata::QuarantineReason;
use crate::store::Store;

/// Counts of what is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// POIs stored.
    pub pois: u64,
    /// Datasets stored.
    pub datasets: u64,
    /// Resources stored.
    pub resources: u64,
    /// Rows in quarantine.
    pub quarantined: u64,
    /// (category, count), most first.
    pub by_category: Vec<(String, u64)>,
    /// (comune, count), most first, at most 20.
    pub by_comune: Vec<(String, u64)>,
    /// (dataset id, title, POIs, quarantined), by id.
    pub by_dataset: Vec<DatasetCount>,
}

/// Per-dataset counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DatasetCount {
    pub id: String,
    pub title: Option<String>,
    pub pois: u64,
    pub quarantined: u64,
}

/// One quarantined row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarantineRow {
    /// The dataset the row comes from.
    pub dataset_id: String,
    /// The resource (URL or file name) the row comes from.
    pub resource: String,
    /// The row's number in the resource (1-based line for CSV, element index + 1 for JSON).
    pub row: u64,
    /// Why it was not mapped.
    pub reason: QuarantineReason,
}

fn pairs(store: &Store, sql: &str) -> Result<Vec<(String, u64)>, DbError> {
    let mut stmt = store.conn().prepare(sql)?;
    let v = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<Result<_, _>>()?;
    Ok(v)
}

fn count(store: &Store, sql: &str) -> Result<u64, DbError> {
    Ok(store.conn().query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
}

/// Counts of what is stored.
pub fn stats(store: &Store) -> Result<Stats, DbError> {
    let mut stmt = store.conn().prepare(
        "SELECT d.id, d.title,
            (SELECT count(*) FROM pois p WHERE p.dataset_id = d.id),
            (SELECT count(*) FROM quarantine q WHERE q.dataset_id = d.id)
         FROM datasets d ORDER BY d.id",
    )?;
    let by_dataset = stmt
        .query_map([], |r| {
            Ok(DatasetCount {
                id: r.get(0)?,
                title: r.get(1)?,
                pois: r.get::<_, i64>(2)? as u64,
                quarantined: r.get::<_, i64>(3)? as u64,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Stats {
        pois: count(store, "SELECT count(*) FROM pois")?,
        datasets: count(store, "SELECT count(*) FROM datasets")?,
        resources: count(store, "SELECT count(*) FROM resources")?,
        quarantined: count(store, "SELECT count(*) FROM quarantine")?,
        by_category: pairs(
            store,
            "SELECT category, count(*) c FROM pois GROUP BY category ORDER BY c DESC, category",
        )?,
        by_comune: pairs(
            store,
            "SELECT COALESCE(comune, '?'), count(*) c FROM pois GROUP BY comune ORDER BY c DESC, comune LIMIT 20",
        )?,
        by_dataset,
    })
}

/// The quarantine report, optionally for one dataset, in source order.
pub fn quarantine(
    store: &Store,
    dataset: Option<&str>,
    limit: usize,
) -> Result<Vec<QuarantineRow>, DbError> {
    let mut stmt = store.conn().prepare(
        "SELECT dataset_id, resource, row, reason FROM quarantine
         WHERE ?1 IS NULL OR dataset_id = ?1
         ORDER BY dataset_id, resource_id, row LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![dataset, limit as i64], |r| {
            let reason: String = r.get(3)?;
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64, reason))
        })?
        .collect::<Result<Vec<(String, String, u64, String)>, _>>()?;
    rows.into_iter()
        .map(|(dataset_id, resource, row, reason)| {
            let reason = serde_json::from_str(&reason)
                .map_err(|e| DbError::Corrupt(format!("quarantine reason {reason}: {e}")))?;
            Ok(QuarantineRow {
                dataset_id,
                resource,
                row,
                reason,
            })
        })
        .collect()
}
