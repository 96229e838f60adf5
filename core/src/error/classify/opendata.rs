//! Open data: harvesting, normalising, importing, the place store, tiles.

use super::C;
use crate::error::Classify;
use crate::opendata::db::DbError;
use crate::opendata::harvest::HarvestError;
use crate::opendata::import::ImportError;
use crate::opendata::normalize::NormalizeError;
use crate::opendata::sync::SyncError;
use crate::opendata::tiles::TilesError;

impl Classify for DbError {
    fn class(&self) -> C {
        match self {
            DbError::EmptyQuery | DbError::QueryTooLong { .. } | DbError::BadPosition { .. } => {
                C::BadInput
            }
            DbError::Sqlite(_) | DbError::Corrupt { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            DbError::EmptyQuery => "places.empty-query",
            DbError::QueryTooLong { .. } => "places.query-too-long",
            DbError::BadPosition { .. } => "places.bad-position",
            DbError::Sqlite(_) => "places.database",
            DbError::Corrupt { .. } => "places.corrupt",
        }
    }
}

impl Classify for HarvestError {
    fn class(&self) -> C {
        match self {
            HarvestError::Status { status, .. } if *status == 404 || *status == 410 => C::NotFound,
            HarvestError::Unavailable { .. }
            | HarvestError::Network { .. }
            | HarvestError::Timeout { .. }
            | HarvestError::Truncated { .. } => C::Unavailable,
            HarvestError::Status { .. }
            | HarvestError::TooLarge { .. }
            | HarvestError::Json { .. }
            | HarvestError::Unexpected { .. }
            | HarvestError::Ckan { .. }
            | HarvestError::Rdf { .. }
            | HarvestError::InvalidUrl { .. } => C::BadInput,
            HarvestError::Client { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            HarvestError::Status { .. } => "data.http-status",
            HarvestError::Unavailable { .. } => "data.portal-unavailable",
            HarvestError::Network { .. } => "data.network",
            HarvestError::Timeout { .. } => "data.timeout",
            HarvestError::Truncated { .. } => "data.truncated",
            HarvestError::TooLarge { .. } => "data.too-large",
            HarvestError::Json { .. } => "data.bad-json",
            HarvestError::Unexpected { .. } => "data.unexpected-answer",
            HarvestError::Ckan { .. } => "data.ckan-refused",
            HarvestError::Rdf { .. } => "data.bad-rdf",
            HarvestError::InvalidUrl { .. } => "data.bad-url",
            HarvestError::Client { .. } => "data.http-client",
        }
    }
}

impl Classify for SyncError {
    fn class(&self) -> C {
        match self {
            SyncError::Harvest(e) => e.class(),
            SyncError::Db(e) => e.class(),
            SyncError::Store(e) => e.class(),
            // Asked for: nothing is broken, the rest can be fetched again later.
            SyncError::Cancelled => C::Unavailable,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            SyncError::Harvest(e) => e.code(),
            SyncError::Db(e) => e.code(),
            SyncError::Store(e) => e.code(),
            SyncError::Cancelled => "data.sync-cancelled",
        }
    }
}

impl Classify for NormalizeError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        match self {
            NormalizeError::UnsupportedFormat { .. } => "data.unsupported-format",
            NormalizeError::Syntax { .. } => "data.syntax",
            NormalizeError::NoRecords { .. } => "data.no-records",
        }
    }
}

impl Classify for ImportError {
    fn class(&self) -> C {
        match self {
            ImportError::Read { .. } => C::BadInput,
            ImportError::Normalize { source: e, .. } => e.class(),
            ImportError::Db(e) => e.class(),
            ImportError::Cancelled => C::Unavailable,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            ImportError::Read { .. } => "data.file-unreadable",
            ImportError::Normalize { source: e, .. } => e.code(),
            ImportError::Db(e) => e.code(),
            ImportError::Cancelled => "data.import-cancelled",
        }
    }
}

impl Classify for TilesError {
    fn class(&self) -> C {
        match self {
            TilesError::Sqlite { .. } | TilesError::Write { .. } => C::Internal,
            TilesError::OutOfRange { .. } => C::NotFound,
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            TilesError::Io { .. } => "tiles.io",
            TilesError::UnknownFormat { .. } => "tiles.unknown-format",
            TilesError::UnsupportedPmtilesVersion { .. } => "tiles.pmtiles-version",
            TilesError::Corrupt { .. } => "tiles.corrupt",
            TilesError::UnsupportedCompression { .. } => "tiles.compression",
            TilesError::Sqlite { .. } => "tiles.database",
            TilesError::NotMbtiles { .. } => "tiles.not-mbtiles",
            TilesError::OutOfRange { .. } => "tiles.out-of-range",
            TilesError::ZoomTooDeep { .. } => "tiles.zoom-too-deep",
            TilesError::Decode { .. } => "tiles.decode",
            TilesError::GeoJson { .. } => "tiles.geojson",
            TilesError::InvalidOption { .. } => "tiles.bad-option",
            TilesError::Write { .. } => "tiles.write",
        }
    }
}
