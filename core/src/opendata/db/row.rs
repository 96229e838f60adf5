//! Reading a stored POI back from a `pois` row.

use std::collections::BTreeMap;

use rusqlite::Row;

use crate::opendata::{Category, Poi};

/// The `pois` columns [`from_row`] reads, in order, prefixed by `p.`.
pub const COLUMNS: &str = "p.id, p.dataset_id, p.resource_id, p.name, p.category, p.descriptions, \
     p.address, p.comune, p.istat, p.lat, p.lon, p.opening_hours, p.phone, p.email, p.website, \
     p.accessibility, p.licence, p.attribution";

/// Builds a [`Poi`] from a row selected with [`COLUMNS`] first.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Poi> {
    let category: String = r.get(4)?;
    let descriptions: Option<String> = r.get(5)?;
    let descriptions: BTreeMap<String, String> = descriptions
        .and_then(|d| serde_json::from_str(&d).ok())
        .unwrap_or_default();
    Ok(Poi {
        id: r.get(0)?,
        dataset_id: r.get(1)?,
        resource_id: r.get(2)?,
        name: r.get(3)?,
        category: Category::parse(&category).unwrap_or(Category::Other),
        descriptions,
        address: r.get(6)?,
        comune: r.get(7)?,
        istat: r.get(8)?,
        lat: r.get(9)?,
        lon: r.get(10)?,
        opening_hours: r.get(11)?,
        phone: r.get(12)?,
        email: r.get(13)?,
        website: r.get(14)?,
        accessibility: r.get(15)?,
        licence: r.get(16)?,
        attribution: r.get(17)?,
    })
}
