//! The first start's places: the bundled sample (`assets/sample/pois-piceno-fermano.csv`), read
//! by the core's own importer and normaliser, each place given to its comune by ISTAT code.
//! Loaded once in the database's life (the `places_sample` counter says it was), so places the
//! staff delete never come back at a restart; two hubs starting at once load it once.

use std::collections::HashMap;

use campanile_core::host::SystemClock;
use campanile_core::opendata::Poi;
use campanile_core::opendata::import::{self, ImportError, ImportOptions};
use campanile_core::time::Instant;

use super::store::{self, Stamp};
use crate::db::Db;

/// The bundled sample's file name (it gives the core's dataset id, hence the places' ids).
pub const SAMPLE_NAME: &str = "pois-piceno-fermano.csv";
/// The bundled sample.
pub const SAMPLE_CSV: &[u8] = include_bytes!("../../../assets/sample/pois-piceno-fermano.csv");
/// Whom the sample places credit.
pub const SAMPLE_ATTRIBUTION: &str = "Campanile, bundled sample of the Piceno and Fermano";
/// Who wrote the sample places.
pub const SAMPLE_WRITER: &str = "campanile-hub (first start)";

/// The sample's places, as the core's normaliser reads them.
pub fn sample_pois() -> Result<Vec<Poi>, ImportError> {
    let opts = ImportOptions {
        attribution: Some(SAMPLE_ATTRIBUTION.to_string()),
        ..ImportOptions::default()
    };
    let (_, normalized) = import::read_bytes(SAMPLE_NAME, SAMPLE_CSV, &opts)?;
    Ok(normalized.pois)
}

/// Loads the sample places once; `Ok(n)` the places loaded (0 when already done).
pub async fn first_start(db: &Db) -> anyhow::Result<usize> {
    let (done,): (i64,) = sqlx::query_as("SELECT value FROM counters WHERE name = 'places_sample'")
        .fetch_one(db.pool())
        .await?;
    if done != 0 {
        return Ok(0);
    }
    let pois = sample_pois()?;
    let mut tx = db.begin().await?;
    let claimed =
        sqlx::query("UPDATE counters SET value = 1 WHERE name = 'places_sample' AND value = 0")
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Ok(0);
    }
    let comuni: HashMap<String, String> = sqlx::query_as("SELECT istat, name FROM comuni")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
    let at = Instant::now(&SystemClock).to_rfc3339();
    let stamp = Stamp {
        version: store::next_version(&mut tx)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        at: &at,
        by: SAMPLE_WRITER,
    };
    let (mut loaded, mut skipped) = (0usize, 0usize);
    for mut poi in pois {
        let Some((istat, name)) = poi
            .istat
            .as_ref()
            .and_then(|i| comuni.get_key_value(i.as_str()))
        else {
            skipped += 1;
            continue;
        };
        poi.dataset_id = super::dataset_id(istat);
        poi.resource_id = super::RESOURCE_ID.to_string();
        poi.comune = Some(name.clone());
        let doc = serde_json::to_string(&poi)?;
        store::insert_place(&mut tx, &poi.id, istat, &doc, &stamp)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        loaded += 1;
    }
    tx.commit().await?;
    tracing::info!(
        places = loaded,
        skipped,
        "first start: loaded the bundled sample places"
    );
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_reads_with_istat_codes() {
        let pois = super::sample_pois().unwrap();
        assert_eq!(pois.len(), 268);
        assert!(
            pois.iter()
                .all(|p| p.istat.as_deref().is_some_and(|i| i.len() == 6))
        );
        let comuni = crate::seed::comuni().unwrap();
        assert!(
            pois.iter().all(|p| comuni
                .iter()
                .any(|c| Some(c.istat.as_str()) == p.istat.as_deref())),
            "every sample place is in a comune of the aggregation"
        );
    }
}
