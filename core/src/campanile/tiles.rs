//! Offline map tiles through the handle: what an archive (MBTiles or PMTiles) holds, one tile
//! by z/x/y, and building the vector basemap from GeoJSON layers. Fronts write the bytes where
//! they belong (a file, a response, a map view); the rules are here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{Campanile, Labelled};
use crate::error::{Error, ErrorClass};
use crate::i18n::Arg;
use crate::opendata::tiles::{
    self, ArchiveKind, BuildOptions, BuildReport, TileEncoding, TileFormat, TileSource,
};

/// What a tile archive holds.
#[derive(Debug, Clone, Serialize)]
pub struct TilesInfo {
    /// The archive.
    pub file: PathBuf,
    /// MBTiles or PMTiles.
    pub archive: ArchiveKind,
    /// The tiles' format.
    pub format: TileFormat,
    /// The tiles' compression.
    pub encoding: TileEncoding,
    /// The first zoom level.
    pub min_zoom: u8,
    /// The last zoom level.
    pub max_zoom: u8,
    /// `[west, south, east, north]` in degrees.
    pub bounds: Option<[f64; 4]>,
    /// `[lon, lat, zoom]`.
    pub center: Option<(f64, f64, u8)>,
    /// The archive's name.
    pub name: Option<String>,
    /// The attribution.
    pub attribution: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The vector layers' ids.
    pub layers: Vec<String>,
    /// The TileJSON `vector_layers` array, when the archive has one.
    pub vector_layers: Option<serde_json::Value>,
    /// How many tiles, when the archive says.
    pub tile_count: Option<u64>,
}

/// One tile's bytes, and how they are encoded.
#[derive(Debug, Clone, Serialize)]
pub struct TileBytes {
    /// The bytes (exactly as stored, or without gzip when asked).
    #[serde(skip)]
    pub data: Vec<u8>,
    /// How many bytes.
    pub bytes: usize,
    /// The encoding of `data`.
    pub encoding: TileEncoding,
    /// The tile's format.
    pub format: TileFormat,
}

/// The tiles part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Tiles<'a> {
    pub(super) core: &'a Campanile,
}

impl Tiles<'_> {
    /// Opens the archive at `path`, to read it many times (a map view's tiles).
    pub fn open(&self, path: &Path) -> Result<TileArchive, Error> {
        let source = TileSource::open(path).map_err(|e| self.core.error(&e))?;
        Ok(self.archive(source))
    }

    /// Opens an archive held in memory (an app's bundled asset, a download), called `name`
    /// in messages.
    pub fn open_bytes(&self, name: &str, bytes: Vec<u8>) -> Result<TileArchive, Error> {
        let source = TileSource::from_bytes(name, bytes).map_err(|e| self.core.error(&e))?;
        Ok(self.archive(source))
    }

    fn archive(&self, source: TileSource) -> TileArchive {
        TileArchive {
            core: self.core.clone(),
            source: Arc::new(source),
        }
    }

    /// What the archive at `path` holds.
    pub fn info(&self, path: &Path) -> Result<TilesInfo, Error> {
        self.open(path)?.info()
    }

    /// What an archive holds, in words: labelled lines.
    pub fn info_text(&self, info: &TilesInfo) -> Vec<Labelled> {
        let archive = match info.archive {
            ArchiveKind::Mbtiles => "mbtiles",
            ArchiveKind::Pmtiles => "pmtiles",
        };
        let mut lines = vec![
            ("tiles-info-file", info.file.display().to_string()),
            ("tiles-info-archive", archive.to_owned()),
            ("tiles-info-format", info.format.as_str().to_owned()),
            ("tiles-info-encoding", info.encoding.as_str().to_owned()),
            (
                "tiles-info-zooms",
                format!("{}-{}", info.min_zoom, info.max_zoom),
            ),
        ];
        if let Some([w, s, e, n]) = info.bounds {
            lines.push(("tiles-info-bounds", format!("{w},{s},{e},{n}")));
        }
        if let Some((lon, lat, z)) = info.center {
            lines.push(("tiles-info-center", format!("{lon},{lat},{z}")));
        }
        for (key, value) in [
            ("tiles-info-name", &info.name),
            ("tiles-info-attribution", &info.attribution),
            ("tiles-info-description", &info.description),
        ] {
            if let Some(v) = value {
                lines.push((key, v.clone()));
            }
        }
        lines.push(("tiles-info-layers", info.layers.join(", ")));
        lines.push((
            "tiles-info-tiles",
            info.tile_count.map_or_else(
                || self.core.tr("tiles-info-tiles-unknown", &[]),
                |c| c.to_string(),
            ),
        ));
        lines
            .into_iter()
            .map(|(id, value)| Labelled {
                label: self.core.tr(id, &[]),
                value,
            })
            .collect()
    }

    /// Tile `z/x/y` of the archive at `path` (see [`TileArchive::tile`]).
    pub fn tile(
        &self,
        path: &Path,
        z: u8,
        x: u32,
        y: u32,
        decompress: bool,
    ) -> Result<TileBytes, Error> {
        self.open(path)?.tile(z, x, y, decompress)
    }

    /// Builds a vector-tile basemap from GeoJSON layers into `options.out` (`.mbtiles` for
    /// MBTiles, otherwise PMTiles v3), off the async executor.
    pub async fn build(&self, options: BuildOptions) -> Result<BuildReport, Error> {
        self.core
            .blocking(move |_| tiles::build(&options))
            .await?
            .map_err(|e| self.core.error(&e))
    }

    /// A build in words: what was written, then the features of each layer.
    pub fn build_text(&self, report: &BuildReport) -> Vec<String> {
        let mut lines = vec![self.core.tr(
            "tiles-build-done",
            &[
                ("tiles", Arg::Num(report.tiles as f64)),
                ("bytes", Arg::Num(report.bytes as f64)),
                ("out", report.out.display().to_string().into()),
            ],
        )];
        lines.extend(
            report
                .features
                .iter()
                .map(|(layer, n)| format!("  {layer}: {n}")),
        );
        lines
    }
}

/// An open tile archive: cheap to clone, shareable between threads (a map view asks for many
/// tiles at once).
#[derive(Clone)]
pub struct TileArchive {
    core: Campanile,
    source: Arc<TileSource>,
}

impl std::fmt::Debug for TileArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TileArchive")
            .field("file", &self.source.path())
            .finish_non_exhaustive()
    }
}

impl TileArchive {
    /// What the archive holds.
    pub fn info(&self) -> Result<TilesInfo, Error> {
        let src = &self.source;
        let m = src.metadata();
        let tile_count = src.tile_count().map_err(|e| self.core.error(&e))?;
        Ok(TilesInfo {
            file: src.path().to_path_buf(),
            layers: m.layer_names(),
            archive: m.archive,
            format: m.format,
            encoding: m.encoding,
            min_zoom: m.min_zoom,
            max_zoom: m.max_zoom,
            bounds: m.bounds,
            center: m.center,
            name: m.name,
            attribution: m.attribution,
            description: m.description,
            vector_layers: m.vector_layers,
            tile_count,
        })
    }

    /// Tile `z/x/y` (XYZ numbering: MBTiles rows are flipped here); with `decompress`, gzip is
    /// removed when the tile is gzip-encoded. A tile the archive does not have is an error
    /// naming it (Fluent id: `tiles-error-absent`).
    pub fn tile(&self, z: u8, x: u32, y: u32, decompress: bool) -> Result<TileBytes, Error> {
        let path = self.source.path();
        let tile = self
            .source
            .tile(z, x, y)
            .map_err(|e| self.core.error(&e))?
            .ok_or_else(|| {
                self.core
                    .fail(
                        ErrorClass::BadInput,
                        "tiles.absent",
                        "tiles-error-absent",
                        &[
                            ("file", path.display().to_string().into()),
                            ("z", Arg::Num(f64::from(z))),
                            ("x", Arg::Num(f64::from(x))),
                            ("y", Arg::Num(f64::from(y))),
                        ],
                    )
                    .with_detail("tile", format!("{z}/{x}/{y}"))
            })?;
        let (data, encoding) = if decompress && tile.encoding == TileEncoding::Gzip {
            (
                tile.decompressed().map_err(|e| self.core.error(&e))?,
                TileEncoding::None,
            )
        } else {
            (tile.data, tile.encoding)
        };
        Ok(TileBytes {
            bytes: data.len(),
            data,
            encoding,
            format: tile.format,
        })
    }
}
