//! Points of interest in SQLite: atomic per-dataset replacement ([`write`]), the queries
//! ([`query`]) and the reports ([`report`]).

pub mod near;
mod query;
mod report;
mod row;
mod write;

pub use query::{BBox, Hit, PoiFilter, SearchQuery, get, nearest, search, within_bbox};
pub use report::{QuarantineRow, Stats, quarantine, stats};
pub use write::{
    ApplyReport, DatasetRecord, DatasetState, DatasetWriter, ResourceRecord, ResourceUpdate,
    apply_dataset, dataset_state, portal_datasets, remove_dataset,
};

/// Why a query or an update of the POI tables failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The search text has no letters or digits.
    #[error("nothing to search for: the text has no letters or digits")]
    EmptyQuery,
    /// The search text is longer than allowed.
    #[error("the search text is too long ({len} characters, at most {max})")]
    QueryTooLong {
        /// Its length in characters.
        len: usize,
        /// The most characters allowed.
        max: usize,
    },
    /// A position (latitude, longitude) that is not valid; the text says what.
    #[error("not a valid position: {0}")]
    BadPosition(String),
    /// The database failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored data cannot be read back (the text says what).
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

impl From<crate::store::StoreError> for DbError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::Sqlite(s) => DbError::Sqlite(s),
            other => DbError::Corrupt(other.to_string()),
        }
    }
}

/// Great-circle distance in metres (haversine on a 6,371,008.8 m sphere).
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().min(1.0).asin()
}

/// Checks a WGS84 position.
pub fn check_position(lat: f64, lon: f64) -> Result<(), DbError> {
    if lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
    {
        Ok(())
    } else {
        Err(DbError::BadPosition(format!("{lat},{lon}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_between_ascoli_and_fermo() {
        // About 35 km as the crow flies.
        let d = distance_m(42.8536, 13.5749, 43.1605, 13.7181);
        assert!((35_000.0..37_000.0).contains(&d), "{d}");
        assert_eq!(distance_m(43.0, 13.0, 43.0, 13.0), 0.0);
    }
}
