//! Replacing a dataset: changed resources replaced, unchanged kept, vanished removed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use campanile_core::opendata::db::{self, DatasetRecord, ResourceRecord, ResourceUpdate};
use campanile_core::opendata::harvest::Validators;
use campanile_core::opendata::normalize::Normalized;
use campanile_core::opendata::{Category, Poi, QuarantineEntry, QuarantineReason};
use campanile_core::store::Store;

fn poi(id: &str, resource: &str, name: &str) -> Poi {
    Poi {
        id: id.into(),
        dataset_id: "ds".into(),
        resource_id: resource.into(),
        name: name.into(),
        category: Category::Museum,
        descriptions: BTreeMap::new(),
        address: None,
        comune: Some("Fermo".into()),
        istat: Some("109006".into()),
        lat: 43.16,
        lon: 13.71,
        opening_hours: None,
        phone: None,
        email: None,
        website: None,
        accessibility: None,
        licence: Some("CC-BY-4.0".into()),
        attribution: None,
    }
}

fn record(id: &str, etag: &str) -> ResourceRecord {
    ResourceRecord {
        id: id.into(),
        url: format!("http://portal/{id}.csv"),
        format: Some("CSV".into()),
        validators: Validators {
            etag: Some(etag.into()),
            last_modified: None,
            sha256: Some(format!("hash-{etag}")),
        },
    }
}

fn changed(
    id: &str,
    etag: &str,
    pois: Vec<Poi>,
    quarantine: Vec<QuarantineEntry>,
) -> ResourceUpdate {
    let rows = (pois.len() + quarantine.len()) as u64;
    ResourceUpdate::Changed {
        record: record(id, etag),
        normalized: Normalized {
            pois,
            quarantine,
            rows,
        },
    }
}

fn ids(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id FROM pois ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn changed_replaced_unchanged_kept_vanished_removed() {
    let mut store = Store::open_in_memory().unwrap();
    let ds = DatasetRecord {
        id: "ds".into(),
        name: "musei".into(),
        metadata_modified: Some("2026-01-01".into()),
        ..Default::default()
    };
    db::apply_dataset(
        &mut store,
        &ds,
        vec![
            changed(
                "a",
                "1",
                vec![poi("a1", "a", "Museo A1"), poi("a2", "a", "Museo A2")],
                vec![],
            ),
            changed(
                "b",
                "1",
                vec![poi("b1", "b", "Museo B1")],
                vec![QuarantineEntry {
                    resource: "http://portal/b.csv".into(),
                    row: 2,
                    reason: QuarantineReason::MissingName,
                }],
            ),
            changed("c", "1", vec![poi("c1", "c", "Museo C1")], vec![]),
        ],
    )
    .unwrap();
    assert_eq!(ids(&store), vec!["a1", "a2", "b1", "c1"]);
    assert_eq!(db::quarantine(&store, None, 10).unwrap().len(), 1);
    let state = db::dataset_state(&store, "ds").unwrap().unwrap();
    assert_eq!(state.metadata_modified.as_deref(), Some("2026-01-01"));
    assert_eq!(state.resources["a"].1.etag.as_deref(), Some("1"));

    // a changed, b unchanged, c vanished.
    let report = db::apply_dataset(
        &mut store,
        &DatasetRecord {
            metadata_modified: Some("2026-02-01".into()),
            ..ds.clone()
        },
        vec![
            changed("a", "2", vec![poi("a3", "a", "Museo A3")], vec![]),
            ResourceUpdate::Unchanged {
                record: record("b", "1"),
            },
        ],
    )
    .unwrap();
    assert_eq!(ids(&store), vec!["a3", "b1"]);
    assert_eq!(report.inserted, 1);
    assert_eq!(report.removed, 3);
    // b's quarantine stays with b.
    assert_eq!(db::quarantine(&store, Some("ds"), 10).unwrap().len(), 1);
    let state = db::dataset_state(&store, "ds").unwrap().unwrap();
    assert_eq!(state.resources.len(), 2);
    assert_eq!(state.resources["a"].1.etag.as_deref(), Some("2"));
    // The full-text and spatial indexes follow.
    let hits = db::search(
        &store,
        &db::SearchQuery {
            text: "museo".into(),
            near: None,
            filter: db::PoiFilter::default(),
            limit: 10,
        },
    )
    .unwrap();
    let mut found: Vec<_> = hits.into_iter().map(|h| h.poi.id).collect();
    found.sort();
    assert_eq!(found, vec!["a3", "b1"]);
    let fts: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM pois_fts WHERE pois_fts MATCH 'museo'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts, 2);
    let near = campanile_core::opendata::db::near::index(&store).unwrap();
    assert_eq!(near.tree.len(), 2);
}

#[test]
fn a_failed_update_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let ds = DatasetRecord {
        id: "ds".into(),
        name: "musei".into(),
        ..Default::default()
    };
    db::apply_dataset(
        &mut store,
        &ds,
        vec![changed("a", "1", vec![poi("a1", "a", "Museo A1")], vec![])],
    )
    .unwrap();
    // Two POIs with the same id: the insert fails half-way through the transaction.
    let r = db::apply_dataset(
        &mut store,
        &ds,
        vec![changed(
            "a",
            "2",
            vec![poi("x", "a", "X"), poi("x", "a", "X again")],
            vec![],
        )],
    );
    assert!(r.is_err());
    assert_eq!(ids(&store), vec!["a1"]);
    let state = db::dataset_state(&store, "ds").unwrap().unwrap();
    assert_eq!(state.resources["a"].1.etag.as_deref(), Some("1"));
}
