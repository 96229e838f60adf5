//! The first start's data: the aggregation's comuni (the bundled sample's
//! `assets/sample/comuni.csv`) and the procedures catalog (`hub/assets/procedures.json`, read
//! by the core's catalog reader), loaded when the database has no comuni yet.

use std::path::Path;

use campanile_core::practices::catalog::{self, Procedure};
use serde::Deserialize;

use crate::db::Db;

/// The aggregation's comuni: `istat,name,province,lat,lon`.
pub const COMUNI_CSV: &str = include_str!("../../assets/sample/comuni.csv");
/// The procedures catalog, in the core's catalog format.
pub const PROCEDURES_JSON: &str = include_str!("../assets/procedures.json");

/// A comune of the aggregation, as the CSV has it.
#[derive(Debug, Clone, Deserialize)]
pub struct ComuneRow {
    /// ISTAT code (6 digits).
    pub istat: String,
    /// Its name.
    pub name: String,
    /// Province code.
    pub province: String,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
}

/// The bundled comuni.
pub fn comuni() -> Result<Vec<ComuneRow>, csv::Error> {
    csv::Reader::from_reader(COMUNI_CSV.as_bytes())
        .deserialize()
        .collect()
}

/// The bundled procedures, checked by the core's catalog reader.
pub fn procedures() -> Result<Vec<Procedure>, catalog::CatalogError> {
    catalog::parse_json(PROCEDURES_JSON, Path::new("hub/assets/procedures.json"))
}

/// Loads the comuni and the catalog when the database has no comuni; a second hub starting at
/// the same moment inserts nothing twice (`ON CONFLICT DO NOTHING`).
pub async fn first_start(db: &Db) -> anyhow::Result<()> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM comuni")
        .fetch_one(db.pool())
        .await?;
    if n > 0 {
        return Ok(());
    }
    let comuni = comuni()?;
    let procedures = procedures()?;
    let mut tx = db.begin().await?;
    for c in &comuni {
        sqlx::query(
            "INSERT INTO comuni (istat, name, province, lat, lon) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (istat) DO NOTHING",
        )
        .bind(&c.istat)
        .bind(&c.name)
        .bind(&c.province)
        .bind(c.lat)
        .bind(c.lon)
        .execute(&mut *tx)
        .await?;
    }
    for p in &procedures {
        sqlx::query(
            "INSERT INTO procedures (id, name, domain, regime, term_days, doc)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&p.id)
        .bind(&p.name)
        .bind(p.domain.as_str())
        .bind(p.regime.as_str())
        .bind(p.term_days.map(i64::from))
        .bind(serde_json::to_string(p)?)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        comuni = comuni.len(),
        procedures = procedures.len(),
        "first start: loaded the comuni and the procedures catalog"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_data_reads() {
        assert_eq!(super::comuni().unwrap().len(), 17);
        assert!(super::procedures().unwrap().len() >= 5);
    }
}
