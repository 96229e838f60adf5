//! Importing a CSV / GeoJSON / JSON file from disk as a dataset of its own.

use std::path::{Path, PathBuf};

use super::db::{self, ApplyReport, DatasetRecord, DbError, ResourceRecord, ResourceUpdate};
use super::harvest::Validators;
use super::normalize::{self, NormalizeError, Normalized, ResourceContext};
use super::resource_kind::classify_label;
use crate::store::Store;

/// What the importer is told beyond the file itself.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Dataset id to store under; default `file:<file name>`, so importing the same file again
    /// replaces it.
    pub dataset_id: Option<String>,
    /// Tags that drive the default category (e.g. `musei`).
    pub tags: Vec<String>,
    pub licence: Option<String>,
    pub attribution: Option<String>,
    /// A declared coordinate reference system such as `EPSG:3003`.
    pub crs: Option<String>,
    /// Declared format; default from the extension, else sniffed.
    pub format: Option<String>,
}

/// Why a file could not be imported. Nothing stored is changed when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Normalize {
        path: PathBuf,
        source: NormalizeError,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub dataset_id: String,
    pub rows: u64,
    pub applied: ApplyReport,
}

/// Reads and normalises a file without storing it.
pub fn read_file(
    path: &Path,
    opts: &ImportOptions,
) -> Result<(ResourceContext, Normalized), ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let dataset_id = opts
        .dataset_id
        .clone()
        .unwrap_or_else(|| format!("file:{file_name}"));
    let format = opts.format.clone().or_else(|| {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(classify_label)
            .map(|k| k.as_str().to_string())
    });
    let ctx = ResourceContext {
        dataset_id: dataset_id.clone(),
        resource_id: file_name.clone(),
        resource_name: file_name,
        dataset_title: None,
        tags: opts.tags.clone(),
        licence: opts.licence.clone(),
        attribution: opts.attribution.clone(),
        format,
        crs: opts.crs.clone(),
    };
    let normalized =
        normalize::normalize(&bytes, &ctx).map_err(|source| ImportError::Normalize {
            path: path.to_path_buf(),
            source,
        })?;
    Ok((ctx, normalized))
}

/// Imports a file, replacing atomically what an earlier import of it stored.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let (ctx, normalized) = read_file(path, opts)?;
    let rows = normalized.rows;
    let record = ResourceRecord {
        id: ctx.resource_id.clone(),
        url: path.display().to_string(),
        format: ctx.format.clone(),
        validators: Validators::default(),
    };
    let dataset = DatasetRecord {
        id: ctx.dataset_id.clone(),
        portal: None,
        name: ctx.resource_name.clone(),
        title: Some(ctx.resource_name.clone()),
        organization: None,
        licence: ctx.licence.clone(),
        metadata_modified: None,
    };
    let applied = db::apply_dataset(
        store,
        &dataset,
        vec![ResourceUpdate::Changed { record, normalized }],
    )?;
    Ok(ImportReport {
        dataset_id: ctx.dataset_id,
        rows,
        applied,
    })
}
