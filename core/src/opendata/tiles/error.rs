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
        /// The archive.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },

    /// Fluent id: `tiles-error-unknown-format` (`$path`).
    #[error(
        "{path} is not a tile archive: it is neither MBTiles (an SQLite database) nor PMTiles version 3"
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },

    /// Fluent id: `tiles-error-pmtiles-version` (`$path`, `$version`).
    #[error("{path} is PMTiles version {version}, but only version 3 is supported")]
    UnsupportedPmtilesVersion {
        /// The file.
        path: PathBuf,
        /// The version it declares.
        version: u8,
    },

    /// Fluent id: `tiles-error-corrupt` (`$path`, `$detail`).
    #[error("{path} is damaged: {detail}")]
    Corrupt {
        /// The archive.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },

    /// Fluent id: `tiles-error-unsupported-compression` (`$path`, `$compression`).
    #[error("{path} uses {compression} compression for its directories, which is not supported")]
    UnsupportedCompression {
        /// The archive.
        path: PathBuf,
        /// The compression it names.
        compression: String,
    },

    /// Fluent id: `tiles-error-sqlite` (`$path`, `$reason`).
    #[error("cannot read the MBTiles database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },

    /// Fluent id: `tiles-error-not-mbtiles` (`$path`).
    #[error("{path} is an SQLite database but not MBTiles: it has no `tiles` table or view")]
    NotMbtiles {
        /// The database file.
        path: PathBuf,
    },

    /// Fluent id: `tiles-error-out-of-range` (`$z`, `$x`, `$y`, `$max`).
    #[error(
        "tile {z}/{x}/{y} does not exist: at zoom {z} the column x and row y go from 0 to {max}"
    )]
    OutOfRange {
        /// The zoom level.
        z: u8,
        /// The column asked.
        x: u32,
        /// The row asked.
        y: u32,
        /// The largest column and row at that zoom.
        max: u64,
    },

    /// Fluent id: `tiles-error-zoom-too-deep` (`$z`, `$max`).
    #[error("zoom {z} is too deep: tile archives go up to zoom {max_zoom}", max_zoom = super::MAX_ZOOM)]
    ZoomTooDeep {
        /// The zoom level asked.
        z: u8,
    },

    /// Fluent id: `tiles-error-decode` (`$detail`).
    #[error("cannot decode the tile: {detail}")]
    Decode {
        /// What failed.
        detail: String,
    },

    /// Fluent id: `tiles-error-geojson` (`$path`, `$detail`).
    #[error("cannot use the GeoJSON file {path}: {detail}")]
    GeoJson {
        /// The GeoJSON file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },

    /// Fluent id: `tiles-error-invalid-option` (`$detail`).
    #[error("invalid build option: {detail}")]
    InvalidOption {
        /// What is wrong with the options.
        detail: String,
    },

    /// Fluent id: `tiles-error-write` (`$path`, `$detail`).
    #[error("cannot write the tile archive {path}: {detail}")]
    Write {
        /// The archive being written.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
}

impl crate::i18n::Localize for TilesError {
    fn message(&self) -> (String, Vec<(&'static str, crate::i18n::Arg)>) {
        use crate::i18n::Arg;
        let path = |p: &PathBuf| ("path", Arg::Str(p.display().to_string()));
        let text = |name: &'static str, s: &str| (name, Arg::Str(s.to_string()));
        let (id, args) = match self {
            TilesError::Io { path: p, source } => (
                "tiles-error-io",
                vec![path(p), text("reason", &source.to_string())],
            ),
            TilesError::UnknownFormat { path: p } => ("tiles-error-unknown-format", vec![path(p)]),
            TilesError::UnsupportedPmtilesVersion { path: p, version } => (
                "tiles-error-pmtiles-version",
                vec![path(p), ("version", Arg::Num(f64::from(*version)))],
            ),
            TilesError::Corrupt { path: p, detail } => {
                ("tiles-error-corrupt", vec![path(p), text("detail", detail)])
            }
            TilesError::UnsupportedCompression {
                path: p,
                compression,
            } => (
                "tiles-error-unsupported-compression",
                vec![path(p), text("compression", compression)],
            ),
            TilesError::Sqlite { path: p, source } => (
                "tiles-error-sqlite",
                vec![path(p), text("reason", &source.to_string())],
            ),
            TilesError::NotMbtiles { path: p } => ("tiles-error-not-mbtiles", vec![path(p)]),
            TilesError::OutOfRange { z, x, y, max } => (
                "tiles-error-out-of-range",
                vec![
                    ("z", Arg::Num(f64::from(*z))),
                    ("x", Arg::Num(f64::from(*x))),
                    ("y", Arg::Num(f64::from(*y))),
                    ("max", Arg::Num(*max as f64)),
                ],
            ),
            TilesError::ZoomTooDeep { z } => (
                "tiles-error-zoom-too-deep",
                vec![
                    ("z", Arg::Num(f64::from(*z))),
                    ("max", Arg::Num(f64::from(super::MAX_ZOOM))),
                ],
            ),
            TilesError::Decode { detail } => ("tiles-error-decode", vec![text("detail", detail)]),
            TilesError::GeoJson { path: p, detail } => {
                ("tiles-error-geojson", vec![path(p), text("detail", detail)])
            }
            TilesError::InvalidOption { detail } => {
                ("tiles-error-invalid-option", vec![text("detail", detail)])
            }
            TilesError::Write { path: p, detail } => {
                ("tiles-error-write", vec![path(p), text("detail", detail)])
            }
        };
        (id.to_string(), args)
    }
}

impl TilesError {
    /// True when the input (a file, coordinates, options) is what is wrong.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, TilesError::Write { .. })
    }
}
