//! Storing test places: one dataset `ds` with one resource `r`, replaced whole each time.

use campanile_core::opendata::Poi;
use campanile_core::opendata::db::{self, DatasetRecord, ResourceRecord, ResourceUpdate};
use campanile_core::opendata::normalize::Normalized;
use campanile_core::store::Store;

/// Replaces dataset `ds` with `pois`, as an import of a file does.
pub fn replace(store: &mut Store, pois: Vec<Poi>) {
    let n = pois.len() as u64;
    db::apply_dataset(
        store,
        &DatasetRecord {
            id: "ds".into(),
            name: "ds".into(),
            ..Default::default()
        },
        vec![ResourceUpdate::Changed {
            record: ResourceRecord {
                id: "r".into(),
                url: "file:r".into(),
                ..Default::default()
            },
            normalized: Normalized {
                pois,
                quarantine: vec![],
                rows: n,
            },
        }],
    )
    .unwrap();
}
