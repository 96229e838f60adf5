//! Importing a CSV / GeoJSON / JSON file from disk as a dataset of its own.
//!
//! Invariants: a file is stored in one transaction that replaces whatever an earlier import of
//! it stored. A file on disk ([`import_file`], [`import_files`]) is read as a stream: a reader
//! thread normalises it in batches of [`BATCH_ROWS`] rows while the writer inserts the batches
//! into the open transaction, so memory is bounded by a few batches whatever the file's size;
//! a file refused at its end (no row maps), an error or a cancel rolls the transaction back.
//! [`import_files`] heeds its [`Cancel`] token between batches and between files, so a
//! cancelled or dropped import leaves every file's dataset whole (previous or new).

use std::path::{Path, PathBuf};

use super::db::{self, ApplyReport, DatasetRecord, DbError, ResourceRecord, ResourceUpdate};
use super::harvest::Validators;
use super::normalize::{
    self, NormalizeError, Normalized, ReadReport, ResourceContext, Sink, StreamError, Unmapped,
};
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

/// How many rows (POIs and quarantine entries) a streamed import hands from the reader to the
/// writer at a time.
pub const BATCH_ROWS: usize = 2_000;

/// Reads and normalises one file from disk, whole (see [`read_bytes`]); [`import_file`] reads
/// it as a stream instead.
pub fn read_file(
    path: &Path,
    opts: &ImportOptions,
) -> Result<(ResourceContext, Normalized), ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (file_name, opts) = file_options(path, opts);
    read_bytes(&file_name, &bytes, &opts).map_err(|e| match e {
        ImportError::Normalize { source, .. } => ImportError::Normalize {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    })
}

/// A file's name, and the options with the format from its extension unless given.
fn file_options(path: &Path, opts: &ImportOptions) -> (String, ImportOptions) {
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
    (file_name, opts)
}

/// What is known of a file called `name` before reading it.
fn context(name: &str, opts: &ImportOptions) -> ResourceContext {
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
    ResourceContext {
        dataset_id,
        resource_id: name.to_string(),
        resource_name: name.to_string(),
        dataset_title: None,
        tags: opts.tags.clone(),
        licence: opts.licence.clone(),
        attribution: opts.attribution.clone(),
        format,
        crs: opts.crs.clone(),
    }
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
    let ctx = context(name, opts);
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

/// Imports a file, replacing atomically what an earlier import of it stored; reads it as a
/// stream (see the module's invariants), with the same outcome as [`import_bytes`] of its
/// content.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let (report, _) = import_file_batched(store, path, opts, BATCH_ROWS)?;
    Ok(report)
}

/// [`import_file`] in batches of `batch` rows; also says how many rows (POIs and quarantine
/// entries) the reader held at most at once: `batch`, unless the file had to be read whole
/// (a JSON file that is not an array of records streaming by: a single record, a syntax error,
/// …), then all of them.
pub fn import_file_batched(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    batch: usize,
) -> Result<(ImportReport, usize), ImportError> {
    let stored = stream_only(store, path, opts, None, batch)?;
    db::near::refresh(store)?;
    Ok(stored)
}

/// Hands the builder's batches to the writer's thread.
struct ChannelSink(std::sync::mpsc::SyncSender<Normalized>);

impl Sink for ChannelSink {
    fn take(&mut self, out: &mut Normalized) -> bool {
        let held = out.pois.len();
        let batch = Normalized {
            pois: std::mem::replace(&mut out.pois, Vec::with_capacity(held)),
            quarantine: std::mem::take(&mut out.quarantine),
            rows: 0,
        };
        // The writer gone (an error, a cancel): stop reading.
        self.0.send(batch).is_ok()
    }
}

/// Reads the file at `path` as a stream into one transaction replacing its dataset (or, when
/// it has to be read whole, reads it whole and stores it as [`store_file`] does); the report
/// and the most rows held at once.
fn stream_only(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    cancel: Option<&Cancel>,
    batch: usize,
) -> Result<(ImportReport, usize), ImportError> {
    let (name, opts) = file_options(path, opts);
    let ctx = context(&name, &opts);
    let (dataset, record) = records(path, &ctx);
    let cancelled = || cancel.is_some_and(Cancel::is_cancelled);
    let streamed = std::thread::scope(|scope| {
        // One batch in the channel, one being read, one being inserted.
        let (sender, batches) = std::sync::mpsc::sync_channel::<Normalized>(1);
        let reader = scope.spawn(|| {
            let mut sink = ChannelSink(sender);
            normalize::normalize_file(path, &ctx, &mut sink, batch)
        });
        let mut failed: Option<ImportError> = None;
        let mut writer = match dataset.replace_in_batches(store, record) {
            Ok(w) => Some(w),
            Err(e) => {
                failed = Some(e.into());
                None
            }
        };
        if let Some(w) = writer.as_mut() {
            for b in &batches {
                if cancelled() {
                    failed = Some(ImportError::Cancelled);
                    break;
                }
                if let Err(e) = w.insert(&b) {
                    failed = Some(e.into());
                    break;
                }
            }
        }
        // The reader stops at its next batch when the writer has gone.
        drop(batches);
        let read = match reader.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if let Some(e) = failed {
            return Err(e);
        }
        let Some(writer) = writer else {
            return Err(ImportError::Cancelled);
        };
        let streamed = match read {
            Ok(streamed) => streamed,
            // Rolled back (the writer dropped): read whole below.
            Err(StreamError::ReadWhole) => return Ok(None),
            Err(StreamError::Io(source)) => {
                return Err(ImportError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
            Err(StreamError::Normalize(source)) => {
                return Err(ImportError::Normalize {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        if let Some(unmapped) = streamed.report.unmapped_of(&streamed.tally) {
            return Err(ImportError::Normalize {
                path: path.to_path_buf(),
                source: NormalizeError::nothing_mapped(unmapped),
            });
        }
        if cancelled() {
            return Err(ImportError::Cancelled);
        }
        let applied = writer.commit(streamed.tally.rows)?;
        Ok(Some((
            ImportReport {
                dataset_id: ctx.dataset_id.clone(),
                rows: streamed.tally.rows,
                applied,
                mostly_quarantined: ReadReport::default().mostly_quarantined_of(&streamed.tally),
            },
            streamed.max_held,
        )))
    })?;
    if let Some(stored) = streamed {
        return Ok(stored);
    }
    let (ctx, normalized) = read_file(path, &opts)?;
    let held = normalized.pois.len() + normalized.quarantine.len();
    Ok((store_only(store, path, ctx, normalized)?, held))
}

/// Imports `files` one after the other, each as [`import_file`] does (streamed: the file is
/// read while its rows go into the transaction, so `db`'s writer is held while it is read), off
/// the async executor's own work.
///
/// Reports [`WorkStep::Importing`] with `done: 0` first, then once after each file (its name as
/// `item`). Stops at the first file that fails, or with [`ImportError::Cancelled`] when
/// `cancel` trips before the last file is stored (it is heeded between batches: the file being
/// read is rolled back); the files stored before stay stored.
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
        let last = i + 1 == files.len();
        let report = db.write(|store| {
            let (report, _) = stream_only(store, path, opts, Some(cancel), BATCH_ROWS)?;
            // The nearest-places index is brought up to date once, after the last file.
            if last {
                db::near::refresh(store)?;
            }
            Ok::<_, ImportError>(report)
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
    let (dataset, record) = records(path, &ctx);
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

/// The dataset and resource records of a file.
fn records(path: &Path, ctx: &ResourceContext) -> (DatasetRecord, ResourceRecord) {
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
    (dataset, record)
}
