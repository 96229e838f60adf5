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

/// The one text column `sql` selects, row by row.
fn strings(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn ids(store: &Store) -> Vec<String> {
    strings(store, "SELECT id FROM pois ORDER BY id")
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

/// The indexes of `pois`, by name.
fn indexes(store: &Store) -> Vec<String> {
    strings(
        store,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pois' ORDER BY name",
    )
}

/// A replace bigger than the rest of the store builds the places' B-tree indexes at its end:
/// the outcome is the same as row by row (every index there and read, a duplicate id refused
/// and nothing changed), and a failure or a drop before the commit leaves the indexes too.
#[test]
fn a_bulk_replace_rebuilds_the_indexes_and_fails_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("c.db")).unwrap();
    let all = ["pois_by_id", "pois_by_name_key", "pois_by_resource"].map(String::from);
    let ds = DatasetRecord {
        id: "ds".into(),
        name: "musei".into(),
        ..Default::default()
    };
    let many = |n: usize, tag: &str| -> Vec<Poi> {
        (0..n)
            .map(|i| {
                let mut p = poi(&format!("{tag}{i:06}"), "a", &format!("Museo {tag} {i}"));
                p.lat += (i % 100) as f64 * 0.001;
                p
            })
            .collect()
    };
    db::apply_dataset(
        &mut store,
        &ds,
        vec![changed("a", "1", many(30_000, "v1-"), vec![])],
    )
    .unwrap();
    assert_eq!(indexes(&store), all);
    let plan: String = store
        .conn()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT name FROM pois WHERE id = 'v1-000007'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("pois_by_id"), "{plan}");
    assert_eq!(
        db::get(&store, "v1-000007").unwrap().unwrap().name,
        "Museo v1- 7"
    );
    let before = ids(&store);

    // A duplicate id at the very end: refused when the unique index is built, and nothing
    // of the replace stays.
    let mut dup = many(30_000, "v2-");
    dup.push(poi("v2-000001", "a", "Again"));
    let err = db::apply_dataset(&mut store, &ds, vec![changed("a", "2", dup, vec![])]);
    assert!(format!("{:?}", err.unwrap_err()).contains("UNIQUE"));
    assert_eq!(ids(&store), before);
    assert_eq!(indexes(&store), all);
    let state = db::dataset_state(&store, "ds").unwrap().unwrap();
    assert_eq!(state.resources["a"].1.etag.as_deref(), Some("1"));

    // A streamed replace dropped before its commit (a cancel, a file refused at its end).
    let record = record("a", "3");
    let mut writer = ds.replace_in_batches(&mut store, record).unwrap();
    assert!(!writer.rebuilds_indexes());
    for chunk in many(30_000, "v3-").chunks(2_000) {
        writer
            .insert(&Normalized {
                pois: chunk.to_vec(),
                quarantine: vec![],
                rows: chunk.len() as u64,
            })
            .unwrap();
    }
    assert!(
        writer.rebuilds_indexes(),
        "30,000 rows replacing 30,000 is a bulk load"
    );
    drop(writer);
    assert_eq!(ids(&store), before);
    assert_eq!(indexes(&store), all);

    // A small dataset beside a big one is replaced the same way, the indexes kept.
    let other = DatasetRecord {
        id: "other".into(),
        name: "altro".into(),
        ..Default::default()
    };
    let mut small = poi("o1", "b", "Piccolo");
    small.dataset_id = "other".into();
    db::apply_dataset(
        &mut store,
        &other,
        vec![changed("b", "1", vec![small], vec![])],
    )
    .unwrap();
    assert_eq!(indexes(&store), all);
    assert_eq!(ids(&store).len(), 30_001);
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
