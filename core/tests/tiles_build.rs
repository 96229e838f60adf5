//! The builder round trip: GeoJSON layers → PMTiles / MBTiles → reader → MVT decoder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use campanile_core::opendata::tiles::geometry::{lonlat_to_world, tile_for};
use campanile_core::opendata::tiles::mvt::{self, TileGeometry, ring_area2};
use campanile_core::opendata::tiles::{
    ArchiveKind, BuildOptions, LayerInput, TileEncoding, TileFormat, TileSource, TilesError, build,
};

const BBOX: [f64; 4] = [13.0, 42.6, 14.1, 43.35];

fn write(dir: &Path, name: &str, json: serde_json::Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, json.to_string()).unwrap();
    p
}

/// Land: a square 13.2–13.9 E, 42.7–43.2 N with a square lake hole; a river line crossing it;
/// two places.
fn inputs(dir: &Path) -> Vec<LayerInput> {
    let land = write(
        dir,
        "land.geojson",
        serde_json::json!({"type": "FeatureCollection", "features": [{
            "type": "Feature", "properties": {"kind": "land"},
            "geometry": {"type": "Polygon", "coordinates": [
                [[13.2, 42.7], [13.9, 42.7], [13.9, 43.2], [13.2, 43.2], [13.2, 42.7]],
                [[13.4, 42.9], [13.4, 43.0], [13.5, 43.0], [13.5, 42.9], [13.4, 42.9]]
            ]}
        }]}),
    );
    let rivers = write(
        dir,
        "rivers.geojson",
        serde_json::json!({"type": "FeatureCollection", "features": [{
            "type": "Feature", "properties": {"name": "Tronto"},
            "geometry": {"type": "LineString", "coordinates": [[13.0, 42.8], [13.6, 42.85], [13.9, 42.9]]}
        }]}),
    );
    let places = write(
        dir,
        "places.geojson",
        serde_json::json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": 44007, "properties": {"name": "Ascoli Piceno", "istat": "044007", "pop": 46000, "capoluogo": true, "none": null},
             "geometry": {"type": "Point", "coordinates": [13.5749, 42.8536]}},
            {"type": "Feature", "properties": {"name": "Fermo", "elev": 319.5},
             "geometry": {"type": "Point", "coordinates": [13.7183, 43.1605]}}
        ]}),
    );
    vec![
        LayerInput {
            name: "land".into(),
            path: land,
        },
        LayerInput {
            name: "rivers".into(),
            path: rivers,
        },
        LayerInput {
            name: "places".into(),
            path: places,
        },
    ]
}

fn options(dir: &Path, out: &str) -> BuildOptions {
    BuildOptions {
        layers: inputs(dir),
        bbox: BBOX,
        min_zoom: 0,
        max_zoom: 10,
        out: dir.join(out),
        name: Some("test basemap".into()),
        attribution: None,
        description: Some("round trip".into()),
    }
}

/// The expected tile-space position of a point.
fn expected(lon: f64, lat: f64, z: u8, x: u32, y: u32) -> [i32; 2] {
    let (wx, wy) = lonlat_to_world(lon, lat);
    let s = f64::from(1u32 << z);
    [
        ((wx * s - f64::from(x)) * 4096.0).round() as i32,
        ((wy * s - f64::from(y)) * 4096.0).round() as i32,
    ]
}

fn check_archive(path: &Path, kind: ArchiveKind) {
    let src = TileSource::open(path).unwrap();
    let m = src.metadata();
    assert_eq!(m.archive, kind);
    assert_eq!(m.format, TileFormat::Mvt);
    assert_eq!(m.encoding, TileEncoding::Gzip);
    assert_eq!((m.min_zoom, m.max_zoom), (0, 10));
    let b = m.bounds.unwrap();
    for i in 0..4 {
        assert!((b[i] - BBOX[i]).abs() < 1e-6, "bounds {b:?}");
    }
    let (clon, clat, _) = m.center.unwrap();
    assert!(clon > BBOX[0] && clon < BBOX[2] && clat > BBOX[1] && clat < BBOX[3]);
    assert_eq!(m.name.as_deref(), Some("test basemap"));
    let attribution = m.attribution.clone().unwrap();
    for f in ["land.geojson", "rivers.geojson", "places.geojson"] {
        assert!(
            attribution.contains(f),
            "attribution {attribution:?} must name {f}"
        );
    }
    assert_eq!(m.layer_names(), vec!["land", "rivers", "places"]);
    let layers = m.vector_layers.unwrap();
    assert_eq!(layers[2]["fields"]["pop"], "Number");
    assert_eq!(layers[2]["fields"]["capoluogo"], "Boolean");
    assert_eq!(layers[2]["fields"]["name"], "String");

    // Ascoli Piceno at zoom 10: the place, land around it.
    let (z, (x, y)) = (10, tile_for(13.5749, 42.8536, 10));
    let tile = src
        .tile(z, x, y)
        .unwrap()
        .expect("the Ascoli Piceno tile exists");
    assert_eq!(tile.encoding, TileEncoding::Gzip);
    let layers = mvt::decode(&tile.decompressed().unwrap()).unwrap();
    let places = layers
        .iter()
        .find(|l| l.name == "places")
        .expect("places layer");
    assert_eq!(places.extent, 4096);
    let ap = places
        .features
        .iter()
        .find(|f| f.properties["name"] == "Ascoli Piceno")
        .expect("Ascoli Piceno is in its tile");
    assert_eq!(ap.id, Some(44007));
    assert_eq!(ap.properties["pop"], 46000);
    assert_eq!(ap.properties["capoluogo"], true);
    assert_eq!(ap.properties["istat"], "044007");
    assert!(!ap.properties.contains_key("none"));
    assert_eq!(
        ap.geometry,
        TileGeometry::Points(vec![expected(13.5749, 42.8536, z, x, y)])
    );
    let land = layers
        .iter()
        .find(|l| l.name == "land")
        .expect("land layer");
    let TileGeometry::Polygons(polys) = &land.features[0].geometry else {
        panic!("land is not a polygon")
    };
    for p in polys {
        assert!(
            ring_area2(&p[0]) > 0,
            "exterior rings have positive area (clockwise on screen)"
        );
        for hole in &p[1..] {
            assert!(ring_area2(hole) < 0);
        }
        // Clipped to the tile plus a buffer smaller than a quarter tile.
        for ring in p {
            for pt in ring {
                assert!(
                    (-1024..=5120).contains(&pt[0]) && (-1024..=5120).contains(&pt[1]),
                    "{pt:?}"
                );
            }
        }
    }

    // The lake (13.4–13.5 E, 42.9–43.0 N) lies inside the Ascoli Piceno tile: a hole.
    let holes: Vec<&Vec<[i32; 2]>> = polys.iter().flat_map(|p| &p[1..]).collect();
    assert_eq!(holes.len(), 1, "one lake hole in {polys:?}");
    let corner = expected(13.4, 43.0, z, x, y);
    assert!(
        holes[0]
            .iter()
            .any(|p| (p[0] - corner[0]).abs() <= 1 && (p[1] - corner[1]).abs() <= 1),
        "the hole has the lake's north-west corner {corner:?}: {:?}",
        holes[0]
    );

    // The river crosses the tile of 13.6 E, 42.85 N.
    let (rx, ry) = tile_for(13.6, 42.85, 10);
    let t = src.tile(10, rx, ry).unwrap().unwrap();
    let layers = mvt::decode(&t.decompressed().unwrap()).unwrap();
    let rivers = layers
        .iter()
        .find(|l| l.name == "rivers")
        .expect("river in its tile");
    assert_eq!(rivers.features[0].properties["name"], "Tronto");
    assert!(matches!(&rivers.features[0].geometry, TileGeometry::Lines(l) if !l.is_empty()));

    // Zoom 0 holds everything.
    let t0 = mvt::decode(&src.tile(0, 0, 0).unwrap().unwrap().data).unwrap();
    let names: Vec<&str> = t0.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["land", "rivers", "places"]);
    assert_eq!(t0[2].features.len(), 2);

    // Empty tiles are skipped: the north-west corner of the bbox is in no layer at zoom 10.
    let (ex, ey) = tile_for(13.01, 43.34, 10);
    assert!(src.tile(10, ex, ey).unwrap().is_none());
    // Outside the bbox there are no tiles.
    let (ox, oy) = tile_for(12.0, 42.0, 10);
    assert!(src.tile(10, ox, oy).unwrap().is_none());
    // Beyond the max zoom either.
    let (dx, dy) = tile_for(13.5749, 42.8536, 11);
    assert!(src.tile(11, dx, dy).unwrap().is_none());
}

#[test]
fn builds_pmtiles_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let report = build(&options(dir.path(), "out.pmtiles")).unwrap();
    assert!(report.tiles > 10);
    assert!(report.features["places"] >= 11 * 2, "{report:?}");
    check_archive(&report.out, ArchiveKind::Pmtiles);
}

#[test]
fn builds_mbtiles_with_the_same_tiles() {
    let dir = tempfile::tempdir().unwrap();
    let pm = build(&options(dir.path(), "out.pmtiles")).unwrap();
    let mb = build(&options(dir.path(), "out.mbtiles")).unwrap();
    assert_eq!(pm.tiles, mb.tiles);
    check_archive(&mb.out, ArchiveKind::Mbtiles);
    let (a, b) = (
        TileSource::open(&pm.out).unwrap(),
        TileSource::open(&mb.out).unwrap(),
    );
    assert_eq!(b.tile_count().unwrap(), Some(mb.tiles));
    for z in 0..=10 {
        let (x0, y0) = tile_for(BBOX[0], BBOX[3], z);
        let (x1, y1) = tile_for(BBOX[2], BBOX[1], z);
        for x in x0..=x1 {
            for y in y0..=y1 {
                assert_eq!(
                    a.tile(z, x, y).unwrap(),
                    b.tile(z, x, y).unwrap(),
                    "{z}/{x}/{y}"
                );
            }
        }
    }
}

#[test]
fn bad_build_options_and_inputs_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = options(dir.path(), "x.pmtiles");
    o.bbox = [14.0, 42.0, 13.0, 43.0];
    assert!(matches!(build(&o), Err(TilesError::InvalidOption { .. })));
    let mut o = options(dir.path(), "x.pmtiles");
    o.min_zoom = 5;
    o.max_zoom = 3;
    assert!(matches!(build(&o), Err(TilesError::InvalidOption { .. })));
    let mut o = options(dir.path(), "x.pmtiles");
    o.layers[1].name = "land".into();
    assert!(matches!(build(&o), Err(TilesError::InvalidOption { .. })));
    let mut o = options(dir.path(), "x.pmtiles");
    let broken = dir.path().join("broken.geojson");
    std::fs::write(&broken, "{\"type\": \"FeatureCollection\", \"features\": [").unwrap();
    o.layers[0].path = broken;
    let e = build(&o).unwrap_err();
    assert!(matches!(e, TilesError::GeoJson { .. }), "{e:?}");
    assert!(e.to_string().contains("broken.geojson"));
    assert!(!dir.path().join("x.pmtiles").exists());
}
