//! Importing a CSV / GeoJSON / JSON file from disk as a dataset of its own.
//!
//! Invariants: a file is read and normalised before the database is touched, then stored in
//! one transaction that replaces whatever an earlier import of it stored; [`import_files`]
//! holds the writer only for that transaction and heeds its [`Cancel`] token between files,
//! so a cancelled or dropped import leaves every file's dataset whole (previous or new).

use std::path::{Path, PathBuf};

use super::db::{self, ApplyReport, DatasetRecord, DbError, ResourceRecord, ResourceUpdate};
use super::harvest::Validators;
use super::normalize::{self, NormalizeError, Normalized, ReadReport, ResourceContext, Unmapped};
use super::resource_kind::classify_label;
use crate::store::{Db, Store};
use crate::work::{Cancel, Progress, WorkStep};

/// What the importer is told beyond the file itself.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Dataset id to store under; default `file:<file name>`, so importing the same file again
    /// replaces it.
    pub dataset_id: Option<String>,
    /// Tags that drive the default category (e.g. `musei`).
    pub tags: Vec<String>,
    /// The licence to record for the data.
    pub licence: Option<String>,
    /// Whom to credit for the data.
    pub attribution: Option<String>,
    /// A declared coordinate reference system such as `EPSG:3003`.
    pub crs: Option<String>,
    /// Declared format; default from the extension, else sniffed.
    pub format: Option<String>,
}

/// Why a file could not be imported. Nothing stored is changed when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file's rows cannot be normalised.
    #[error("{path}: {source}")]
    Normalize {
        /// The file.
        path: PathBuf,
        /// Why.
        source: NormalizeError,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The [`Cancel`] token was tripped: the files imported so far stay imported, the others
    /// were not touched.
    #[error("the import was cancelled")]
    Cancelled,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// The dataset id it was stored under.
    pub dataset_id: String,
    /// Rows read from the file.
    pub rows: u64,
    /// What the store did with them.
    pub applied: ApplyReport,
    /// When more than half of the rows went to quarantine (the import still succeeds): how
    /// many rows mapped and the commonest reason; its [`Localize`](crate::i18n::Localize)
    /// message (`data-import-mostly-quarantined`) says so.
    pub mostly_quarantined: Option<Unmapped>,
}

/// Reads and normalises one file from disk (see [`read_bytes`]).
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
    let mut opts = opts.clone();
    if opts.format.is_none() {
        opts.format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(classify_label)
            .map(|k| k.as_str().to_string());
    }
    read_bytes(&file_name, &bytes, &opts).map_err(|e| match e {
        ImportError::Normalize { source, .. } => ImportError::Normalize {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    })
}

/// Normalises one file's content: `name` is the file's name (it gives the dataset id
/// `file:<name>` unless the options give one, and the format from its extension unless the
/// options give it).
///
/// A file that has rows none of which maps is refused ([`NormalizeError::NoRecords`] with what
/// was tried: the columns read as the name and as coordinates, and an example row); a file
/// some of whose rows map is imported, its other rows quarantined.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<(ResourceContext, Normalized), ImportError> {
    let dataset_id = opts
        .dataset_id
        .clone()
        .unwrap_or_else(|| format!("file:{name}"));
    let format = opts.format.clone().or_else(|| {
        Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .and_then(classify_label)
            .map(|k| k.as_str().to_string())
    });
    let ctx = ResourceContext {
        dataset_id: dataset_id.clone(),
        resource_id: name.to_string(),
        resource_name: name.to_string(),
        dataset_title: None,
        tags: opts.tags.clone(),
        licence: opts.licence.clone(),
        attribution: opts.attribution.clone(),
        format,
        crs: opts.crs.clone(),
    };
    let refused = |source| ImportError::Normalize {
        path: PathBuf::from(name),
        source,
    };
    let (normalized, report) = normalize::normalize_with_report(bytes, &ctx).map_err(refused)?;
    if let Some(unmapped) = report.unmapped(&normalized) {
        return Err(refused(NormalizeError::nothing_mapped(unmapped)));
    }
    Ok((ctx, normalized))
}

/// Normalises `bytes` (a file called `name`) and stores it in one transaction, replacing
/// its dataset.
pub fn import_bytes(
    store: &mut Store,
    name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let (ctx, normalized) = read_bytes(name, bytes, opts)?;
    Ok(store_file(store, Path::new(name), ctx, normalized)?)
}

/// Imports a file, replacing atomically what an earlier import of it stored.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let (ctx, normalized) = read_file(path, opts)?;
    Ok(store_file(store, path, ctx, normalized)?)
}

/// Imports `files` one after the other, each as [`import_file`] does, reading and normalising
/// each off the async runtime and taking `db`'s writer only to store it.
///
/// Reports [`WorkStep::Importing`] with `done: 0` first, then once after each file (its name as
/// `item`). Stops at the first file that fails, or with [`ImportError::Cancelled`] when
/// `cancel` trips before the last file is stored; the files stored before stay stored.
pub async fn import_files(
    db: &Db,
    files: &[PathBuf],
    opts: &ImportOptions,
    cancel: &Cancel,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<Vec<ImportReport>, ImportError> {
    let total = files.len() as u64;
    progress(&Progress {
        step: WorkStep::Importing,
        done: 0,
        total: Some(total),
        item: None,
    });
    let mut reports = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(ImportError::Cancelled);
        }
        let read = tokio::task::spawn_blocking({
            let (path, opts) = (path.clone(), opts.clone());
            move || read_file(&path, &opts)
        });
        let (ctx, normalized) = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(ImportError::Cancelled),
            joined = read => match joined {
                Ok(read) => read?,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                // The runtime is shutting down.
                Err(_) => return Err(ImportError::Cancelled),
            },
        };
        if cancel.is_cancelled() {
            return Err(ImportError::Cancelled);
        }
        let last = i + 1 == files.len();
        let report = db.write(|store| {
            // The nearest-places index is brought up to date once, after the last file.
            let report = store_only(store, path, ctx, normalized)?;
            if last {
                db::near::refresh(store)?;
            }
            Ok::<_, DbError>(report)
        })?;
        reports.push(report);
        progress(&Progress {
            step: WorkStep::Importing,
            done: i as u64 + 1,
            total: Some(total),
            item: Some(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string()),
            ),
        });
    }
    Ok(reports)
}

/// Stores a read file in one transaction, replacing its dataset, then brings the
/// nearest-places index up to date: searchable and answerable when this returns.
pub(crate) fn store_file(
    store: &mut Store,
    path: &Path,
    ctx: ResourceContext,
    normalized: Normalized,
) -> Result<ImportReport, DbError> {
    let report = store_only(store, path, ctx, normalized)?;
    db::near::refresh(store)?;
    Ok(report)
}

/// Stores a read file in one transaction, replacing its dataset.
fn store_only(
    store: &mut Store,
    path: &Path,
    ctx: ResourceContext,
    normalized: Normalized,
) -> Result<ImportReport, DbError> {
    let rows = normalized.rows;
    let mostly_quarantined = ReadReport::default().mostly_quarantined(&normalized);
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
        mostly_quarantined,
    })
}
