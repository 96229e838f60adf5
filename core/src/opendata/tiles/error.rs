//! The errors of the tiles area: reading archives, decoding tiles and building basemaps.

use std::path::PathBuf;

/// Everything that can go wrong while reading or building tile archives.
///
/// Each variant names the Fluent message id (in `locales/*/tiles.ftl`) that fronts use to show
/// it; the `Display` text is the English fallback.
#[derive(Debug, thiserror::Error)]
pub enum TilesError {
    /// Fluent id: `tiles-error-io` (`$path`, `$reason`).
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Fluent id: `tiles-error-unknown-format` (`$path`).
    #[error(
        "{path} is not a tile archive: it is neither MBTiles (an SQLite database) nor PMTiles version 3"
    )]
    UnknownFormat { path: PathBuf },

    /// Fluent id: `tiles-error-pmtiles-version` (`$path`, `$version`).
    #[error("{path} is PMTiles version {version}, but only version 3 is supported")]
    UnsupportedPmtilesVersion { path: PathBuf, version: u8 },

    /// Fluent id: `tiles-error-corrupt` (`$path`, `$detail`).
    #[error("{path} is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },

    /// Fluent id: `tiles-error-unsupported-compression` (`$path`, `$compression`).
    #[error("{path} uses {compression} compression for its directories, which is not supported")]
    UnsupportedCompression { path: PathBuf, compression: String },

    /// Fluent id: `tiles-error-sqlite` (`$path`, `$reason`).
    #[error("cannot read the MBTiles database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// Fluent id: `tiles-error-not-mbtiles` (`$path`).
    #[error("{path} is an SQLite database but not MBTiles: it has no `tiles` table or view")]
    NotMbtiles { path: PathBuf },

    /// Fluent id: `tiles-error-out-of-range` (`$z`, `$x`, `$y`, `$max`).
    #[error(
        "tile {z}/{x}/{y} does not exist: at zoom {z} the column x and row y go from 0 to {max}"
    )]
    OutOfRange { z: u8, x: u32, y: u32, max: u64 },

    /// Fluent id: `tiles-error-zoom-too-deep` (`$z`, `$max`).
    #[error("zoom {z} is too deep: tile archives go up to zoom {max_zoom}", max_zoom = super::MAX_ZOOM)]
    ZoomTooDeep { z: u8 },

    /// Fluent id: `tiles-error-decode` (`$detail`).
    #[error("cannot decode the tile: {detail}")]
    Decode { detail: String },

    /// Fluent id: `tiles-error-geojson` (`$path`, `$detail`).
    #[error("cannot use the GeoJSON file {path}: {detail}")]
    GeoJson { path: PathBuf, detail: String },

    /// Fluent id: `tiles-error-invalid-option` (`$detail`).
    #[error("invalid build option: {detail}")]
    InvalidOption { detail: String },

    /// Fluent id: `tiles-error-write` (`$path`, `$detail`).
    #[error("cannot write the tile archive {path}: {detail}")]
    Write { path: PathBuf, detail: String },
}
