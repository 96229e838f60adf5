//! Writing built tiles to a PMTiles v3 archive (with the `pmtiles` crate's writer, which
//! handles directories, leaf directories, run lengths and deduplication) or to MBTiles.

use std::path::Path;

use pmtiles::{Compression, PmTilesWriter, TileCoord, TileType};

use super::TilesError;

/// Archive-level facts that go to the header (PMTiles) or the metadata table (MBTiles).
#[derive(Debug, Clone)]
pub(crate) struct ArchiveInfo {
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub bounds: [f64; 4],
    pub center: (f64, f64, u8),
    /// The TileJSON-like metadata object.
    pub metadata: serde_json::Value,
}

/// Writes gzip-compressed MVT `tiles` (XYZ addressed) to `path`: MBTiles when the extension
/// is `.mbtiles`, PMTiles v3 otherwise.
pub(crate) fn write_archive(
    path: &Path,
    info: &ArchiveInfo,
    mut tiles: Vec<super::EncodedTile>,
) -> Result<(), TilesError> {
    let is_mbtiles = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mbtiles"));
    // Write beside the target and rename, so a failed build never leaves half an archive
    // where a good one was.
    let file_name = path.file_name().map_or_else(
        || "archive".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let partial = path.with_file_name(format!(".{file_name}.partial"));
    let written = if is_mbtiles {
        write_mbtiles(&partial, info, &tiles)
    } else {
        tiles.sort_by_key(|((z, x, y), _)| super::pmtiles::tile_id(*z, *x, *y));
        write_pmtiles(&partial, info, &tiles)
    };
    let result = written.and_then(|()| {
        std::fs::rename(&partial, path).map_err(|source| TilesError::Io {
            path: path.to_owned(),
            source,
        })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn write_pmtiles(
    path: &Path,
    info: &ArchiveInfo,
    tiles: &[super::EncodedTile],
) -> Result<(), TilesError> {
    let fail = |detail: String| TilesError::Write {
        path: path.to_owned(),
        detail,
    };
    let file = std::fs::File::create(path).map_err(|source| TilesError::Io {
        path: path.to_owned(),
        source,
    })?;
    let [w, s, e, n] = info.bounds;
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .precompressed(Compression::Gzip)
        .internal_compression(Compression::Gzip)
        .min_zoom(info.min_zoom)
        .max_zoom(info.max_zoom)
        .bounds(w, s, e, n)
        .center(info.center.0, info.center.1)
        .center_zoom(info.center.2)
        .metadata(info.metadata.to_string())
        .create(file)
        .map_err(|e| fail(e.to_string()))?;
    for ((z, x, y), data) in tiles {
        let coord = TileCoord::new(*z, *x, *y).map_err(|e| fail(e.to_string()))?;
        writer
            .add_tile(coord, data)
            .map_err(|e| fail(e.to_string()))?;
    }
    writer.finalize().map_err(|e| fail(e.to_string()))
}

fn write_mbtiles(
    path: &Path,
    info: &ArchiveInfo,
    tiles: &[super::EncodedTile],
) -> Result<(), TilesError> {
    let meta = &info.metadata;
    let text = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let [w, s, e, n] = info.bounds;
    let mut pairs: Vec<(String, String)> = vec![
        ("format".into(), "pbf".into()),
        ("type".into(), "baselayer".into()),
        ("version".into(), "1".into()),
        ("minzoom".into(), info.min_zoom.to_string()),
        ("maxzoom".into(), info.max_zoom.to_string()),
        ("bounds".into(), format!("{w},{s},{e},{n}")),
        (
            "center".into(),
            format!("{},{},{}", info.center.0, info.center.1, info.center.2),
        ),
    ];
    for key in ["name", "attribution", "description"] {
        if let Some(v) = text(key) {
            pairs.push((key.into(), v));
        }
    }
    if let Some(layers) = meta.get("vector_layers") {
        pairs.push((
            "json".into(),
            serde_json::json!({ "vector_layers": layers }).to_string(),
        ));
    }
    super::mbtiles::write(path, &pairs, tiles)
}
