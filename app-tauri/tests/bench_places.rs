//! The store the desktop's benchmark runs on (scripts/desktop-test.sh): 100,000 generated
//! places (tests/testkit's bulk generator, as core/benches/opendata.rs) imported through the
//! core into the database file named by `CAMPANILE_BENCH_DB`; the real app is then started on
//! it under Xvfb (ui/tests/real/bench.test.mjs). Without the variable it builds a small store
//! and only checks that the generated places are found by prefix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufWriter;
use std::path::PathBuf;

use campanile_core::opendata::import::ImportOptions;
use campanile_core::work::Cancel;
use campanile_core::{Campanile, Config, Database, Host, SearchRequest};

#[test]
fn a_store_of_generated_places_for_the_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    let (db, n) = match std::env::var_os("CAMPANILE_BENCH_DB") {
        Some(p) => (PathBuf::from(p), 100_000),
        // Removed with `dir`, its WAL files too.
        None => (dir.path().join("bench.db"), 2_000),
    };
    let _ = std::fs::remove_file(&db);
    let csv = dir.path().join("bulk-places.csv");
    campanile_testkit::bulk::write_csv(
        &mut BufWriter::new(std::fs::File::create(&csv).unwrap()),
        n,
        7,
        0,
    )
    .unwrap();
    let core = Campanile::open(
        Config::new(Database::File(db.clone()), "it"),
        Host::default(),
    )
    .unwrap();
    let opts = ImportOptions {
        licence: Some("CC-BY-4.0".into()),
        ..ImportOptions::default()
    };
    let reports = tauri::async_runtime::block_on(core.places().import_files(
        &[csv],
        &opts,
        &Cancel::new(),
        &|_| {},
    ))
    .unwrap();
    assert!(
        reports[0].applied.inserted >= n * 9 / 10,
        "{:?}",
        reports[0].applied
    );
    for prefix in ["c", "chi", "chiesa", "museo", "pal"] {
        let hits = core
            .places()
            .search(&SearchRequest {
                text: prefix.into(),
                limit: Some(20),
                ..SearchRequest::default()
            })
            .unwrap();
        assert!(!hits.is_empty(), "{prefix}");
    }
    drop(core);
}
