//! Tile archives from bytes, as a phone app holds its bundled basemap: an MBTiles or PMTiles
//! archive opened from memory through the handle reads exactly as the same file does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use campanile_core::host::{MemorySecrets, SystemClock};
use campanile_core::opendata::tiles::{BuildOptions, LayerInput};
use campanile_core::{Campanile, Config, Database, ErrorClass, Host};

const BBOX: [f64; 4] = [13.0, 42.6, 14.1, 43.35];

fn core() -> Campanile {
    Campanile::open(
        Config::new(Database::InMemory, "en"),
        Host {
            secrets: Arc::new(MemorySecrets::default()),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap()
}

/// The XYZ tile holding a point at zoom `z`.
fn tile_of(z: u8, lon: f64, lat: f64) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = (lon + 180.0) / 360.0 * n;
    let lat = lat.to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (x.floor() as u32, y.floor() as u32)
}

fn layers(dir: &Path) -> Vec<LayerInput> {
    let places = dir.join("places.geojson");
    let features: Vec<_> = (0..40)
        .map(|i| {
            let (lon, lat) = (
                13.05 + f64::from(i) * 0.025,
                42.65 + f64::from(i % 10) * 0.06,
            );
            serde_json::json!({"type": "Feature", "properties": {"name": format!("P{i}")},
                "geometry": {"type": "Point", "coordinates": [lon, lat]}})
        })
        .collect();
    let json = serde_json::json!({"type": "FeatureCollection", "features": features});
    std::fs::write(&places, json.to_string()).unwrap();
    vec![LayerInput {
        name: "places".into(),
        path: places,
    }]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archives_read_the_same_from_bytes_as_from_their_file() {
    let core = core();
    let dir = tempfile::tempdir().unwrap();
    for out in ["basemap.mbtiles", "basemap.pmtiles"] {
        let report = core
            .tiles()
            .build(BuildOptions {
                layers: layers(dir.path()),
                bbox: BBOX,
                min_zoom: 0,
                max_zoom: 9,
                out: dir.path().join(out),
                name: Some("bytes test".into()),
                attribution: None,
                description: None,
            })
            .await
            .unwrap();
        assert!(report.tiles > 10, "{report:?}");
        let path = dir.path().join(out);
        let from_file = core.tiles().open(&path).unwrap();
        let from_bytes = core
            .tiles()
            .open_bytes(out, std::fs::read(&path).unwrap())
            .unwrap();
        let (a, b) = (from_file.info().unwrap(), from_bytes.info().unwrap());
        assert_eq!(b.file, Path::new(out));
        assert_eq!(
            (
                a.archive,
                a.format,
                a.min_zoom,
                a.max_zoom,
                a.tile_count,
                &a.layers
            ),
            (
                b.archive,
                b.format,
                b.min_zoom,
                b.max_zoom,
                b.tile_count,
                &b.layers
            ),
            "{out}"
        );
        assert_eq!(b.name.as_deref(), Some("bytes test"));
        let mut compared = 0;
        for z in 0..=9u8 {
            let ((x0, y0), (x1, y1)) = (tile_of(z, BBOX[0], BBOX[3]), tile_of(z, BBOX[2], BBOX[1]));
            for x in x0..=x1 {
                for y in y0..=y1 {
                    let (Ok(t1), t2) = (
                        from_file.tile(z, x, y, true),
                        from_bytes.tile(z, x, y, true),
                    ) else {
                        continue;
                    };
                    assert_eq!(t1.data, t2.unwrap().data, "{out} {z}/{x}/{y}");
                    compared += 1;
                }
            }
        }
        assert_eq!(compared as u64, report.tiles, "{out}: every tile compared");
        // Shared between threads, as a map view asks for tiles.
        let shared = from_bytes.clone();
        std::thread::spawn(move || shared.info().unwrap())
            .join()
            .unwrap();
    }
}

#[test]
fn bytes_that_are_no_archive_are_refused_by_name() {
    let err = core()
        .tiles()
        .open_bytes("download.bin", b"<html>not found</html>".to_vec())
        .unwrap_err();
    assert_eq!(err.code, "tiles.unknown-format", "{err:?}");
    assert_eq!(err.class, ErrorClass::BadInput);
    assert!(err.message.contains("download.bin"), "{}", err.message);
    // An SQLite header over truncated bytes: an error, not a crash.
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend_from_slice(&[0u8; 200]);
    assert!(core().tiles().open_bytes("cut.mbtiles", bytes).is_err());
}
