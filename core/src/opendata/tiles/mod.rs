//! Offline vector map tiles from MBTiles and PMTiles v3 archives, and a small builder that turns
//! GeoJSON layers into a vector-tile basemap.
//!
//! - [`TileSource`] opens an archive (the format is detected from its content, not its name) and
//!   serves tiles synchronously, exactly as stored, with their encoding and format.
//! - [`mvt`] encodes and decodes Mapbox Vector Tiles 2.1.
//! - [`build`] clips, simplifies and quantises GeoJSON layers into tiles and writes them as
//!   PMTiles or MBTiles.
//!
//! Coordinates are always XYZ (slippy map, y grows southwards); MBTiles' TMS rows are flipped
//! internally.

pub mod build;
mod error;
pub mod geometry;
mod input;
mod mbtiles;
pub mod mvt;
mod pmtiles;
mod source;
mod writer;

pub use build::{BuildOptions, BuildReport, LayerInput, build};
pub use error::TilesError;
pub use source::TileSource;

use serde::Serialize;

/// The deepest zoom level that tile coordinates may use.
pub const MAX_ZOOM: u8 = 31;

/// What the tiles of an archive hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TileFormat {
    /// Mapbox Vector Tile (`pbf` in MBTiles, `mvt` in PMTiles).
    Mvt,
    /// PNG images.
    Png,
    /// JPEG images.
    Jpeg,
    /// WebP images.
    Webp,
    /// AVIF images.
    Avif,
    /// A format the archive names but this build does not know.
    Unknown,
}

impl TileFormat {
    /// The short name used in metadata and the CLI: `mvt`, `png`, `jpeg`, `webp`, `avif`,
    /// `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mvt => "mvt",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
            Self::Webp => "webp",
            Self::Avif => "avif",
            Self::Unknown => "unknown",
        }
    }

    /// The MIME type to serve the (decoded) tile with.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Mvt => "application/vnd.mapbox-vector-tile",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Avif => "image/avif",
            Self::Unknown => "application/octet-stream",
        }
    }

    /// Parses the MBTiles `format` metadata value.
    pub(crate) fn from_mbtiles(value: &str) -> Self {
        match value.trim().to_ascii_lowercase().as_str() {
            "pbf" | "mvt" => Self::Mvt,
            "png" => Self::Png,
            "jpg" | "jpeg" => Self::Jpeg,
            "webp" => Self::Webp,
            "avif" => Self::Avif,
            _ => Self::Unknown,
        }
    }

    /// Guesses the format of (decoded) tile bytes from their magic numbers.
    pub(crate) fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(&[0x89, b'P', b'N', b'G']) {
            Self::Png
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Self::Jpeg
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Self::Webp
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && &bytes[8..11] == b"avi" {
            Self::Avif
        } else {
            Self::Unknown
        }
    }
}

/// How the bytes of a tile are compressed (HTTP `Content-Encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TileEncoding {
    /// Not compressed.
    None,
    /// gzip.
    Gzip,
    /// Brotli.
    Brotli,
    /// Zstandard.
    Zstd,
    /// A compression this build does not know.
    Unknown,
}

impl TileEncoding {
    /// The short name: `none`, `gzip`, `brotli`, `zstd`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Gzip => "gzip",
            Self::Brotli => "brotli",
            Self::Zstd => "zstd",
            Self::Unknown => "unknown",
        }
    }

    /// The HTTP `Content-Encoding` value, `None` for uncompressed or unknown.
    pub fn content_encoding(self) -> Option<&'static str> {
        match self {
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
            Self::Zstd => Some("zstd"),
            Self::None | Self::Unknown => None,
        }
    }

    /// Guesses the compression of stored tile bytes from their magic numbers (brotli has none,
    /// so it is never guessed).
    pub(crate) fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Self::Gzip
        } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Self::Zstd
        } else {
            Self::None
        }
    }
}

/// The container format of an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArchiveKind {
    /// MBTiles: an SQLite database.
    Mbtiles,
    /// PMTiles version 3: a single file of directories and tiles.
    Pmtiles,
}

/// What an archive says about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TileMetadata {
    /// The archive's container format.
    pub archive: ArchiveKind,
    /// What its tiles hold.
    pub format: TileFormat,
    /// How its tiles are compressed.
    pub encoding: TileEncoding,
    /// The shallowest zoom level it has.
    pub min_zoom: u8,
    /// The deepest zoom level it has.
    pub max_zoom: u8,
    /// `[west, south, east, north]` in degrees.
    pub bounds: Option<[f64; 4]>,
    /// `(lon, lat, zoom)`.
    pub center: Option<(f64, f64, u8)>,
    /// Its name, from its metadata.
    pub name: Option<String>,
    /// Its attribution text, to show on the map.
    pub attribution: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// The TileJSON `vector_layers` array, when the archive has one.
    pub vector_layers: Option<serde_json::Value>,
    /// All metadata as JSON: the PMTiles metadata object, or the MBTiles `metadata` table as
    /// name → value strings.
    pub raw: serde_json::Value,
}

impl TileMetadata {
    /// The ids of the vector layers listed in the metadata.
    pub fn layer_names(&self) -> Vec<String> {
        self.vector_layers
            .as_ref()
            .and_then(|v| v.as_array())
            .map(|layers| {
                layers
                    .iter()
                    .filter_map(|l| l.get("id").and_then(|id| id.as_str()).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// One tile, with its bytes exactly as stored in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    /// The tile's bytes, still compressed.
    pub data: Vec<u8>,
    /// How the bytes are compressed.
    pub encoding: TileEncoding,
    /// What the bytes are once decompressed.
    pub format: TileFormat,
}

impl Tile {
    /// The tile bytes with gzip removed when they are gzip-encoded; other encodings are
    /// returned as stored.
    pub fn decompressed(&self) -> Result<Vec<u8>, TilesError> {
        match self.encoding {
            TileEncoding::Gzip => gunzip(&self.data).map_err(|e| TilesError::Decode {
                detail: format!("the gzip data is damaged: {e}"),
            }),
            _ => Ok(self.data.clone()),
        }
    }
}

/// A built tile: its XYZ address and its stored bytes.
pub(crate) type EncodedTile = ((u8, u32, u32), Vec<u8>);

/// Checks that `z/x/y` is a valid tile address.
pub(crate) fn check_coords(z: u8, x: u32, y: u32) -> Result<(), TilesError> {
    if z > MAX_ZOOM {
        return Err(TilesError::ZoomTooDeep { z });
    }
    let n = 1u64 << z;
    if u64::from(x) >= n || u64::from(y) >= n {
        return Err(TilesError::OutOfRange {
            z,
            x,
            y,
            max: n - 1,
        });
    }
    Ok(())
}

pub(crate) fn gunzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

pub(crate) fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    enc.finish()
}
