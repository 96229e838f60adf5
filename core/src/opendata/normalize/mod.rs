//! Turns a downloaded resource (CSV, GeoJSON, JSON array) into [`Poi`]s and a quarantine report.
//!
//! INTERFACE STUB — filled in by the normalize work.

use super::model::{Poi, QuarantineEntry};

/// What is known about a resource before reading it: where it comes from and what its dataset
/// says about it (tags, licence, format, reference system).
#[derive(Debug, Clone, Default)]
pub struct ResourceContext {
    pub dataset_id: String,
    pub resource_id: String,
    /// URL or file name, used in quarantine entries.
    pub resource_name: String,
    pub dataset_title: Option<String>,
    /// Dataset tags / keywords and group names: they drive the default category.
    pub tags: Vec<String>,
    pub licence: Option<String>,
    pub attribution: Option<String>,
    /// The declared format (`CSV`, `GeoJSON`, `JSON`, a MIME type …), if any.
    pub format: Option<String>,
    /// A declared coordinate reference system such as `EPSG:3003`, if any.
    pub crs: Option<String>,
}

/// The outcome of normalising one resource.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub pois: Vec<Poi>,
    pub quarantine: Vec<QuarantineEntry>,
    /// Data rows / features / elements read (= pois + quarantine).
    pub rows: u64,
}

/// Why a whole resource could not be read.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
    #[error("not valid {format}: {detail}")]
    Syntax {
        format: &'static str,
        detail: String,
    },
}

/// Normalises one resource's bytes.
pub fn normalize(_bytes: &[u8], ctx: &ResourceContext) -> Result<Normalized, NormalizeError> {
    Err(NormalizeError::UnsupportedFormat(
        ctx.format.clone().unwrap_or_default(),
    ))
}
