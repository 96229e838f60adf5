//! Kill `campanile data sync` at random moments, many times: after every kill the database
//! opens, passes SQLite's integrity check, and holds one whole version of the dataset — the
//! previous one or the new one, never a mix or a part.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use campanile_core::opendata::db::{self, PoiFilter};
use campanile_core::store::Store;
use campanile_testkit::bulk::{self, Rng};
use campanile_testkit::{FakeCkan, FakeDataset};

const ROWS: u64 = 10_000;
const KILLS: usize = 40;

fn csv(version: u32) -> Vec<u8> {
    let mut out = Vec::new();
    bulk::write_csv(&mut out, ROWS, 11, version).unwrap();
    out
}

fn publish(portal: &FakeCkan, version: u32) {
    portal.set_resource("/files/luoghi.csv", "text/csv", csv(version));
    portal.add_dataset(
        FakeDataset::new("luoghi")
            .modified(&format!("2026-11-01T00:00:{version:02}"))
            .resource("r-luoghi", "/files/luoghi.csv", "CSV"),
    );
}

fn sync_cmd(db: &Path, portal: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_campanile"));
    c.arg("--db")
        .arg(db)
        .args(["data", "sync", "--portal", portal, "--timeout", "30"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// The version every stored place of the dataset belongs to; fails on a mix or a wrong count.
fn stored_version(db: &Path) -> u32 {
    let store = Store::open(db).expect("the database opens after a kill");
    let c = store.conn();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // A replace this big drops the places' B-tree indexes and builds them again before its
    // commit: after any kill they are all there, and read.
    let indexes: BTreeSet<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pois'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        indexes,
        ["pois_by_id", "pois_by_name_key", "pois_by_resource"]
            .map(String::from)
            .into()
    );
    let plan: String = c
        .query_row(
            "EXPLAIN QUERY PLAN SELECT name FROM pois WHERE id = 'x'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("pois_by_id"), "{plan}");
    // The nearest-places index — current, stale or rebuilt — answers as a scan of the rows.
    let (lat, lon) = (43.0, 13.6);
    let near: Vec<String> = db::nearest(&store, lat, lon, 5, &PoiFilter::default())
        .unwrap()
        .into_iter()
        .map(|h| h.poi.id)
        .collect();
    let mut all: Vec<(f64, i64, String)> = c
        .prepare("SELECT rowid, id, lat, lon FROM pois")
        .unwrap()
        .query_map([], |r| {
            Ok((
                db::distance_m(lat, lon, r.get(2)?, r.get(3)?),
                r.get(0)?,
                r.get(1)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let scan: Vec<String> = all.into_iter().take(5).map(|a| a.2).collect();
    assert_eq!(near, scan, "nearest after a kill");
    let mut stmt = c
        .prepare("SELECT name FROM pois WHERE dataset_id = 'id-luoghi'")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names.len() as u64, ROWS, "a partial dataset is stored");
    let versions: BTreeSet<u32> = names
        .iter()
        .map(|n| match n.rsplit_once(" v") {
            Some((_, v)) if v.chars().all(|c| c.is_ascii_digit()) => v.parse().unwrap(),
            _ => 0,
        })
        .collect();
    assert_eq!(versions.len(), 1, "versions mixed: {versions:?}");
    // The indexes agree with the table.
    let near = db::near::index(&store).unwrap();
    assert_eq!(near.tree.len() as u64, ROWS);
    let fts: i64 = c
        .query_row(
            "SELECT count(*) FROM pois_fts WHERE pois_fts MATCH 'bottega'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let table: i64 = c
        .query_row(
            "SELECT count(*) FROM pois WHERE name LIKE 'Bottega %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts, table);
    *versions.iter().next().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sync_leaves_the_previous_version_whole() {
    let portal = FakeCkan::start().await;
    publish(&portal, 0);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let url = portal.url();

    // A first sync stores version 0; a second, timed, replaces it with version 1: kills land
    // anywhere in such a replacement's span (and a little past it).
    let mut span = Duration::ZERO;
    for version in 0..=1 {
        publish(&portal, version);
        let t = Instant::now();
        let status = tokio::task::spawn_blocking({
            let (db, url) = (db.clone(), url.clone());
            move || sync_cmd(&db, &url).status().unwrap()
        })
        .await
        .unwrap();
        assert!(status.success());
        span = t.elapsed();
        assert_eq!(stored_version(&db), version);
    }

    let mut rng = Rng(2026);
    let (mut kept, mut replaced) = (0, 0);
    let mut current = 1;
    for kill in 1..=KILLS {
        let next = kill as u32 + 1;
        publish(&portal, next);
        let delay = span.mul_f64(rng.unit() * 1.3);
        let (db2, url2) = (db.clone(), url.clone());
        let finished = tokio::task::spawn_blocking(move || {
            let mut child = sync_cmd(&db2, &url2).spawn().unwrap();
            std::thread::sleep(delay);
            let finished = child.try_wait().unwrap().is_some();
            let _ = child.kill();
            child.wait().unwrap();
            finished
        })
        .await
        .unwrap();
        let v = stored_version(&db);
        if v == current {
            kept += 1;
        } else {
            assert_eq!(
                v, next,
                "after kill {kill}: version {v}, expected {current} or {next}"
            );
            replaced += 1;
            current = v;
        }
        if finished {
            assert_eq!(
                v, next,
                "a sync that finished before the kill must have stored {next}"
            );
        }
    }
    println!(
        "{KILLS} kills over a {:.0} ms sync of {ROWS} rows: previous version kept whole {kept} times, new version whole {replaced} times, never a mix",
        span.as_secs_f64() * 1000.0
    );
    assert!(
        kept >= KILLS / 5,
        "too few kills landed before the commit: {kept}"
    );
    assert!(replaced >= 1, "no kill landed after the commit");

    // And a sync after all that completes and stores the newest version.
    let (db2, url2) = (db.clone(), url.clone());
    let status = tokio::task::spawn_blocking(move || sync_cmd(&db2, &url2).status().unwrap())
        .await
        .unwrap();
    assert!(status.success());
    assert_eq!(stored_version(&db), KILLS as u32 + 1);
}
