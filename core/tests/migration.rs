//! A database made by an older schema opens with this Campanile and keeps its data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::opendata::db::{self, PoiFilter, SearchQuery};
use campanile_core::store::{MIGRATIONS, Store, create_at_version};

#[test]
fn a_schema_1_database_is_migrated_and_keeps_its_places() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // What Campanile with schema 1 wrote: POIs and their indexes, no harvest state.
        let conn = create_at_version(&path, 1).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        conn.execute_batch(
            "INSERT INTO pois (rowid, id, dataset_id, resource_id, name, name_key, category, lat, lon, comune)
               VALUES (7, 'poi-1', 'musei-fermo', 'r1', 'Musei Civici di Palazzo dei Priori',
                       'musei civici di palazzo dei priori', 'museum', 43.1605, 13.7181, 'Fermo');
             INSERT INTO pois_fts (rowid, name, place, body)
               VALUES (7, 'Musei Civici di Palazzo dei Priori', 'Fermo', 'museo museum');
             INSERT INTO pois_rtree VALUES (7, 43.1605, 43.1605, 13.7181, 13.7181);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        MIGRATIONS.last().unwrap().version
    );
    let hits = db::search(
        &store,
        &SearchQuery {
            text: "priori".into(),
            near: None,
            filter: PoiFilter::default(),
            limit: 5,
        },
    )
    .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].poi.id, "poi-1");
    assert_eq!(
        db::nearest(&store, 43.16, 13.72, 1, &PoiFilter::default()).unwrap()[0]
            .poi
            .id,
        "poi-1"
    );
    // Schema 11 gave the places' full-text index a 32 MiB buffer before each write to disk.
    let hashsize: i64 = store
        .conn()
        .query_row(
            "SELECT v FROM pois_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hashsize, 32 << 20);
    // Schema 10 copied the places with their rowids (the full-text index's keys) and named the
    // unique index on their ids: a second place with the same id is still refused.
    let dup = store.conn().execute(
        "INSERT INTO pois (id, dataset_id, resource_id, name, name_key, category, lat, lon)
           VALUES ('poi-1', 'x', 'r', 'n', 'n', 'other', 0, 0)",
        [],
    );
    assert!(
        dup.unwrap_err().to_string().contains("UNIQUE"),
        "a duplicate id was stored"
    );
    let rowid: i64 = store
        .conn()
        .query_row("SELECT rowid FROM pois WHERE id = 'poi-1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(rowid, 7);
    // Schema 2 gave the old POIs a dataset record, so they are listed and counted.
    let stats = db::stats(&store).unwrap();
    assert_eq!(stats.pois, 1);
    assert_eq!(stats.datasets, 1);
    assert_eq!(stats.by_dataset[0].id, "musei-fermo");
    drop(store);
    // Opening again is a no-op.
    let store = Store::open(&path).unwrap();
    assert_eq!(db::stats(&store).unwrap().pois, 1);
}

/// Several processes opening one new file at once (fronts started together, tests side by
/// side) migrate it once: each step is applied under the write lock after looking at the
/// version again, so none fails on a table another just made.
#[test]
fn many_openers_of_a_new_file_migrate_it_once() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("race-{round}.db"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    campanile_core::store::Store::open(&path).map(|s| s.schema_version())
                })
            })
            .collect();
        let latest = campanile_core::store::MIGRATIONS.last().unwrap().version;
        for t in threads {
            let version = t.join().unwrap().unwrap().unwrap();
            assert_eq!(version, latest, "round {round}");
        }
    }
}
