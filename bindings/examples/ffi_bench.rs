//! The Rust side of the FFI benchmark: the same search and the same advert as
//! `kotlin-tests/src/BenchTest.kt`, called from Rust — straight on the core's handle, and
//! through the bindings' Rust API (the conversions without the foreign call) — in calls per
//! second. `scripts/kotlin-test.sh --bench` prints them beside Kotlin's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use campanile_core::beacons::frames::Payload;
use campanile_core::beacons::proximity::{EngineConfig, ProximityEngine};
use campanile_core::beacons::registry::Registry;
use campanile_core::opendata::import::ImportOptions;
use campanile_core::{Campanile, Config, Database, Host, SearchRequest};
use campanile_ffi::{
    Advert, CampanileError, CoreConfig, HostSecrets, ProximityEvent, ProximityListener,
};

const CSV: &str = "id;denominazione;tipologia;indirizzo;comune;codice_istat;latitudine;longitudine
p1;Pinacoteca Civica;museo;Piazza Arringo 7;Ascoli Piceno;044007;42,853300;13,575900
p2;Duomo di Fermo;chiesa;Piazzale del Girfalco;Fermo;109006;43,162200;13,722300
p3;Teatro dell'Aquila;teatro;Via Mazzini 4;Fermo;109006;43,160600;13,718700
p4;Museo Archeologico;museo;Via dei Bagni 1;Fermo;109006;43,161000;13,720000
p5;Farmacia Centrale;farmacia;Corso Cefalonia 10;Fermo;109006;43,159000;13,717000
";
const REGISTRY: &str = "beacon,poi_id,name
ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1,p2,Duomo di Fermo
";
const ADVERT: &str = "0201061aff4c000215f7826da64fa24e988024bc5b71e0893e00010001c5";

fn rate(name: &str, mut call: impl FnMut()) {
    for _ in 0..200 {
        call();
    }
    let t0 = Instant::now();
    let mut n = 0u64;
    while t0.elapsed() < Duration::from_secs(2) {
        call();
        n += 1;
    }
    println!(
        "bench: {name:<26} {:>10.0} calls/s",
        n as f64 / t0.elapsed().as_secs_f64()
    );
}

struct NoSecrets;
impl HostSecrets for NoSecrets {
    fn get(&self, _: String) -> Result<Option<String>, CampanileError> {
        Ok(None)
    }
    fn set(&self, _: String, _: String) -> Result<(), CampanileError> {
        Ok(())
    }
    fn unset(&self, _: String) -> Result<bool, CampanileError> {
        Ok(false)
    }
    fn list(&self) -> Result<Vec<String>, CampanileError> {
        Ok(Vec::new())
    }
    fn describe(&self) -> String {
        "none".into()
    }
}

struct Quiet;
impl ProximityListener for Quiet {
    fn on_event(&self, _: ProximityEvent) {}
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();

    // Straight on the core's handle.
    let core = Campanile::open(
        Config::new(Database::File(dir.path().join("core.db")), "en"),
        Host::default(),
    )
    .unwrap();
    core.places()
        .import_bytes(
            "luoghi.csv",
            CSV.as_bytes().to_vec(),
            &ImportOptions::default(),
        )
        .await
        .unwrap();
    core.beacons()
        .import_registry_bytes("registry.csv", REGISTRY.as_bytes(), false)
        .unwrap();
    let request = SearchRequest {
        text: "duomo fer".into(),
        limit: Some(10),
        ..SearchRequest::default()
    };
    rate("rust core search", || {
        assert!(!core.places().search(&request).unwrap().is_empty());
    });
    let mut engine = ProximityEngine::new(
        Registry::from_entries(&core.beacons().registry().unwrap()),
        EngineConfig::default(),
    );
    let advert = hex_bytes(ADVERT);
    let mut t = 1_700_000_000_000i64;
    rate("rust core on_advert", || {
        let _ = engine.on_advert(Payload::Advertisement(&advert), -60, t);
        t += 100;
    });

    // Through the bindings' Rust API (records built, no foreign call).
    let ffi = campanile_ffi::Core::open(
        CoreConfig {
            database_path: Some(dir.path().join("ffi.db").display().to_string()),
            language: "en".into(),
            pagopa_environment: None,
            pagopa_payment_requests_url: None,
            pagopa_checkout_url: None,
            pagopa_gpd_url: None,
            own_comuni: Vec::new(),
        },
        Arc::new(NoSecrets),
    )
    .unwrap();
    ffi.places()
        .import_bytes("luoghi.csv".into(), CSV.as_bytes().to_vec(), None)
        .await
        .unwrap();
    ffi.beacons()
        .import_registry("registry.csv".into(), REGISTRY.as_bytes().to_vec(), false)
        .unwrap();
    let places = ffi.places();
    let req = campanile_ffi::SearchRequest {
        text: "duomo fer".into(),
        limit: Some(10),
        ..campanile_ffi::SearchRequest::default()
    };
    rate("rust bindings search", || {
        assert!(!places.search(req.clone()).unwrap().is_empty());
    });
    let session = ffi.beacons().session(Arc::new(Quiet)).unwrap();
    let mut t = 1_700_000_000_000i64;
    rate("rust bindings on_advert", || {
        session.on_advert(advert.clone(), -60, t);
        t += 100;
    });
    let mut tb = 1_800_000_000_000i64;
    rate("rust bindings on_adverts/100", || {
        let batch = (0..100)
            .map(|i| Advert {
                bytes: advert.clone(),
                rssi: -60,
                at_ms: tb + i * 100,
            })
            .collect();
        session.on_adverts(batch);
        tb += 10_000;
    });
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
