//! `campanile data sync` against a CKAN portal on 127.0.0.1: it harvests, and syncing the
//! unchanged portal again transfers 0 resource bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use campanile_testkit::{FakeCkan, FakeDataset, sample};
use serde_json::Value;

fn sync(db: &Path, portal: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
        .args(["--json", "--db"])
        .arg(db)
        .args(["data", "sync", "--portal", portal, "--timeout", "10"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const TEATRI: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":{"type":"Point","coordinates":[13.7178,43.1611]},
  "properties":{"nome":"Teatro dell'Aquila","comune":"Fermo","tipologia":"teatro"}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[13.5764,42.8547]},
  "properties":{"nome":"Teatro Ventidio Basso","comune":"Ascoli Piceno","tipologia":"teatro"}}]}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_harvests_and_an_unchanged_portal_costs_zero_resource_bytes() {
    let portal = FakeCkan::start().await;
    portal.add_dataset(
        FakeDataset::new("luoghi-piceno")
            .tags(&["turismo"])
            .modified("2026-10-01T10:00:00")
            .resource("r-luoghi", "/files/luoghi.csv", "CSV"),
    );
    portal.add_dataset(
        FakeDataset::new("teatri")
            .modified("2026-10-02T10:00:00")
            .resource("r-teatri", "/files/teatri.geojson", "GeoJSON"),
    );
    portal.set_resource(
        "/files/luoghi.csv",
        "text/csv",
        sample::sample_csv().into_bytes(),
    );
    portal.set_resource(
        "/files/teatri.geojson",
        "application/geo+json",
        TEATRI.as_bytes().to_vec(),
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let url = portal.url();
    let db2 = db.clone();
    let first = tokio::task::spawn_blocking(move || sync(&db2, &url))
        .await
        .unwrap();
    assert_eq!(first["datasets"], 2, "{first}");
    assert_eq!(first["resources_changed"], 2, "{first}");
    assert!(first["pois_inserted"].as_u64().unwrap() >= 250, "{first}");
    assert!(
        first["resource_bytes"].as_u64().unwrap() > 10_000,
        "{first}"
    );
    assert_eq!(first["failures"].as_array().unwrap().len(), 0, "{first}");

    // The same portal again: nothing downloaded, as the client and the server both count.
    portal.reset_counters();
    let (url, db2) = (portal.url(), db.clone());
    let second = tokio::task::spawn_blocking(move || sync(&db2, &url))
        .await
        .unwrap();
    assert_eq!(second["resource_bytes"], 0, "{second}");
    assert_eq!(second["datasets_unchanged"], 2, "{second}");
    assert_eq!(portal.resource_bytes_sent(), 0);

    // New metadata, same file: the conditional GET answers 304, still 0 bytes.
    portal.add_dataset(
        FakeDataset::new("teatri")
            .modified("2026-11-01T10:00:00")
            .resource("r-teatri", "/files/teatri.geojson", "GeoJSON"),
    );
    portal.reset_counters();
    let (url, db2) = (portal.url(), db.clone());
    let third = tokio::task::spawn_blocking(move || sync(&db2, &url))
        .await
        .unwrap();
    assert_eq!(third["resource_bytes"], 0, "{third}");
    assert_eq!(third["resources_unchanged"], 1, "{third}");
    assert_eq!(portal.resource_bytes_sent(), 0);

    // One resource really changes: only its bytes travel, and the store follows.
    let changed = TEATRI.replace("Teatro Ventidio Basso", "Teatro Ventidio Basso restaurato");
    portal.set_resource(
        "/files/teatri.geojson",
        "application/geo+json",
        changed.clone().into_bytes(),
    );
    portal.add_dataset(
        FakeDataset::new("teatri")
            .modified("2026-11-02T10:00:00")
            .resource("r-teatri", "/files/teatri.geojson", "GeoJSON"),
    );
    portal.reset_counters();
    let (url, db2) = (portal.url(), db.clone());
    let fourth = tokio::task::spawn_blocking(move || sync(&db2, &url))
        .await
        .unwrap();
    assert_eq!(fourth["resource_bytes"], changed.len() as u64, "{fourth}");
    assert_eq!(fourth["resources_changed"], 1, "{fourth}");
    let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
        .args(["--json", "--db"])
        .arg(&db)
        .args(["data", "search", "restaurato"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["results"][0]["poi"]["name"],
        "Teatro Ventidio Basso restaurato"
    );
    assert_eq!(v["results"][0]["poi"]["category"], "attraction");
}
