//! The bundled basemap `assets/basemap/piceno-fermano.pmtiles` opens and serves the territory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use campanile_core::opendata::tiles::geometry::tile_for;
use campanile_core::opendata::tiles::mvt::{self, TileGeometry, ring_area2};
use campanile_core::opendata::tiles::{ArchiveKind, TileEncoding, TileFormat, TileSource};

fn basemap() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/basemap/piceno-fermano.pmtiles")
}

#[test]
fn basemap_is_small_and_describes_itself() {
    let path = basemap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < 3 * 1024 * 1024,
        "the basemap must stay well under 3 MB: {size}"
    );
    let src = TileSource::open(&path).unwrap();
    let m = src.metadata();
    assert_eq!(m.archive, ArchiveKind::Pmtiles);
    assert_eq!(m.format, TileFormat::Mvt);
    assert_eq!(m.encoding, TileEncoding::Gzip);
    assert_eq!((m.min_zoom, m.max_zoom), (0, 12));
    let [w, s, e, n] = m.bounds.unwrap();
    assert!(w <= 13.0 && s <= 42.6 && e >= 14.1 && n >= 43.35);
    assert!(m.attribution.as_deref().unwrap().contains("Natural Earth"));
    for layer in ["land", "coastline", "places"] {
        assert!(
            m.layer_names().iter().any(|l| l == layer),
            "{layer} layer listed"
        );
    }
}

#[test]
fn ascoli_piceno_at_zoom_10_has_its_place_on_land() {
    let src = TileSource::open(basemap()).unwrap();
    let (x, y) = tile_for(13.5749, 42.8536, 10);
    let tile = src.tile(10, x, y).unwrap().expect("the Ascoli Piceno tile");
    let layers = mvt::decode(&tile.decompressed().unwrap()).unwrap();
    let places = layers
        .iter()
        .find(|l| l.name == "places")
        .expect("places layer");
    assert!(
        places.features.iter().any(
            |f| f.properties.get("name") == Some(&"Ascoli Piceno".into())
                && matches!(f.geometry, TileGeometry::Points(_))
        ),
        "Ascoli Piceno in {:?}",
        places.features
    );
    // Ascoli Piceno is well inland: its tile is all land.
    let land = layers
        .iter()
        .find(|l| l.name == "land")
        .expect("land layer");
    let area: i64 = land
        .features
        .iter()
        .flat_map(|f| match &f.geometry {
            TileGeometry::Polygons(p) => p.iter().flatten().map(|r| ring_area2(r)).collect(),
            _ => Vec::new(),
        })
        .sum();
    assert!(area >= 2 * 4096 * 4096, "land covers the tile: {area}");
}

#[test]
fn the_coast_is_on_the_coast() {
    let src = TileSource::open(basemap()).unwrap();
    // San Benedetto del Tronto, on the Adriatic: its zoom 12 tile has coastline.
    let (x, y) = tile_for(13.8819, 42.9544, 12);
    let tile = src.tile(12, x, y).unwrap().expect("the San Benedetto tile");
    let layers = mvt::decode(&tile.data).unwrap();
    assert!(
        layers.iter().any(|l| l.name == "coastline"),
        "coastline at San Benedetto"
    );
    // Open sea east of Porto Sant'Elpidio (coast near 13.76 E) has no land.
    let (x, y) = tile_for(14.08, 43.3, 12);
    if let Some(t) = src.tile(12, x, y).unwrap() {
        let layers = mvt::decode(&t.data).unwrap();
        assert!(
            layers.iter().all(|l| l.name != "land"),
            "no land in the open sea"
        );
    }
    // Every zoom has tiles.
    for z in 0..=12 {
        let (x, y) = tile_for(13.5749, 42.8536, z);
        assert!(src.tile(z, x, y).unwrap().is_some(), "zoom {z}");
    }
}
