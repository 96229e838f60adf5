//! Long work from the page: importing the bundled sample or files, syncing an open-data
//! portal. Each streams [`WorkEvent`]s through a `tauri::ipc::Channel` (its id first, then its
//! progress) and is stopped by [`work_cancel`] with that id; a cancel leaves every dataset whole.

use std::path::PathBuf;

use campanile_core::opendata::db::QuarantineRow;
use campanile_core::opendata::harvest::{HarvestOptions, Harvester, SearchFilter};
use campanile_core::opendata::import::{ImportOptions, ImportReport};
use campanile_core::work::{Cancel, Progress};
use campanile_core::{Campanile, Error};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::{AppState, SAMPLE};

/// What long work tells the page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum WorkEvent {
    /// The work started: its id, for [`work_cancel`].
    Started {
        /// The id.
        id: u64,
    },
    /// An address to open in the system browser (a sign-in), shown too in case no browser
    /// opens.
    Open {
        /// The address.
        url: String,
    },
    /// Something heard in a live beacon scan, in words.
    Heard {
        /// A beacon heard or a place entered or left.
        #[serde(flatten)]
        heard: campanile_core::ScanHeard,
        /// What to show.
        text: String,
    },
    /// How far it got.
    Progress {
        /// The progress.
        #[serde(flatten)]
        progress: Progress,
        /// The step in words.
        message: String,
    },
}

/// What an import or a sync did, in numbers and words.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkSummary {
    /// Places added.
    pub pois: u64,
    /// Rows in quarantine.
    pub quarantined: u64,
    /// What was done, in words.
    pub lines: Vec<String>,
    /// The datasets written (for their quarantined rows).
    #[serde(default)]
    pub datasets: Vec<String>,
}

/// A quarantined row and why, in words.
#[derive(Debug, Clone, Serialize)]
pub struct QuarantineView {
    /// The row.
    #[serde(flatten)]
    pub row: QuarantineRow,
    /// Why it is not a place, in the handle's language.
    pub message: String,
}

/// Runs `work` with a fresh cancel token registered under an id sent first on `channel`.
pub(crate) async fn tracked<F, Fut, T>(
    state: &AppState,
    channel: &Channel<WorkEvent>,
    work: F,
) -> Result<T, Error>
where
    F: FnOnce(Cancel, Box<dyn Fn(&Progress) + Send + Sync>) -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let (id, cancel) = state.start_work();
    if let Err(e) = channel.send(WorkEvent::Started { id }) {
        tracing::warn!("work {id}: the page stopped listening: {e}");
    }
    let core = state.core.clone();
    let ch = channel.clone();
    let progress = move |p: &Progress| {
        let _ = ch.send(WorkEvent::Progress {
            message: core.tr(p.step.message_id(), &[]),
            progress: p.clone(),
        });
    };
    let out = work(cancel, Box::new(progress)).await;
    state.end_work(id);
    out
}

fn import_summary(core: &Campanile, reports: &[(String, ImportReport)]) -> WorkSummary {
    let mut s = WorkSummary::default();
    for (file, r) in reports {
        s.datasets.push(r.dataset_id.clone());
        s.pois += r.applied.inserted;
        s.quarantined += r.applied.quarantined;
        s.lines.push(core.tr(
            "data-imported",
            &[
                ("file", file.as_str().into()),
                ("rows", r.rows.into()),
                ("pois", r.applied.inserted.into()),
                ("quarantined", r.applied.quarantined.into()),
            ],
        ));
    }
    s
}

/// Imports the bundled sample (268 places of the Piceno and Fermano, CC-BY-4.0).
#[tauri::command]
pub async fn work_import_sample(
    state: State<'_, AppState>,
    on_event: Channel<WorkEvent>,
) -> Result<WorkSummary, Error> {
    // The import reads files: the bundled bytes go to a folder of this import's own (removed
    // when it ends), under the name the sample's dataset is known by.
    let dir = tempfile::Builder::new()
        .prefix("campanile-sample-")
        .tempdir()
        .map_err(|e| Error::internal("desktop.sample", e))?;
    let file = dir.path().join("pois-piceno-fermano.csv");
    std::fs::write(&file, SAMPLE)
        .map_err(|e| Error::internal("desktop.sample", e).with_detail("file", file.display()))?;
    let options = ImportOptions {
        licence: Some("CC-BY-4.0".into()),
        ..ImportOptions::default()
    };
    let files = vec![file.clone()];
    let core = state.core.clone();
    let reports = tracked(&state, &on_event, |cancel, progress| async move {
        core.places()
            .import_files(&files, &options, &cancel, &*progress)
            .await
    })
    .await;
    drop(dir);
    let reports = reports?;
    let named: Vec<_> = reports
        .into_iter()
        .map(|r| ("pois-piceno-fermano.csv".to_string(), r))
        .collect();
    Ok(import_summary(&state.core, &named))
}

/// Imports files (CSV, GeoJSON, JSON) from disk, each replacing its earlier import.
#[tauri::command]
pub async fn work_import(
    state: State<'_, AppState>,
    files: Vec<PathBuf>,
    licence: Option<String>,
    on_event: Channel<WorkEvent>,
) -> Result<WorkSummary, Error> {
    let options = ImportOptions {
        licence: licence.filter(|l| !l.is_empty()),
        ..ImportOptions::default()
    };
    let core = state.core.clone();
    let paths = files.clone();
    let reports = tracked(&state, &on_event, |cancel, progress| async move {
        core.places()
            .import_files(&paths, &options, &cancel, &*progress)
            .await
    })
    .await?;
    let named: Vec<_> = files
        .iter()
        .map(|f| f.display().to_string())
        .zip(reports)
        .collect();
    Ok(import_summary(&state.core, &named))
}

/// Harvests an open-data portal (CKAN or DCAT) into the store, incrementally.
#[tauri::command]
pub async fn work_sync_portal(
    state: State<'_, AppState>,
    portal: String,
    organization: Option<String>,
    on_event: Channel<WorkEvent>,
) -> Result<WorkSummary, Error> {
    let harvester = Harvester::new(HarvestOptions::default())
        .map_err(|e| Error::from_domain(&state.core.i18n(), &e))?;
    let filter = SearchFilter {
        organization: organization.filter(|o| !o.is_empty()),
        ..SearchFilter::default()
    };
    let core = state.core.clone();
    let report = tracked(&state, &on_event, |cancel, progress| async move {
        core.places()
            .sync(&harvester, &portal, &filter, &cancel, &*progress)
            .await
    })
    .await?;
    state.core.places().check_online(&report)?;
    Ok(WorkSummary {
        datasets: Vec::new(),
        pois: report.pois_inserted,
        quarantined: report.quarantined,
        lines: vec![state.core.tr(
            "data-synced",
            &[
                ("datasets", report.datasets.into()),
                ("updated", report.datasets_updated.into()),
                ("unchanged", report.datasets_unchanged.into()),
                ("bytes", report.resource_bytes.into()),
                ("pois", report.pois_inserted.into()),
                ("quarantined", report.quarantined.into()),
            ],
        )],
    })
}

/// The rows of `dataset` (all datasets when none) that could not become places, and why:
/// what a curator checks after an import.
#[tauri::command]
pub async fn places_quarantine(
    state: State<'_, AppState>,
    dataset: Option<String>,
    limit: Option<usize>,
) -> Result<Vec<QuarantineView>, Error> {
    state
        .blocking(move |core| {
            let i18n = core.i18n();
            Ok(core
                .places()
                .quarantine(dataset.as_deref(), limit.unwrap_or(200))?
                .into_iter()
                .map(|row| QuarantineView {
                    message: i18n.localize(&row.reason),
                    row,
                })
                .collect())
        })
        .await
}

/// What importing one file would do, read and checked without storing anything.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewView {
    /// The file.
    pub file: String,
    /// Rows read.
    pub rows: u64,
    /// Rows that would become places.
    pub pois: u64,
    /// Rows that would go to quarantine.
    pub quarantined: u64,
    /// Those rows (the first `limit`), each with why, in the handle's language.
    pub quarantine: Vec<PreviewRow>,
}

/// A row that would be quarantined.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    /// The file (or resource) it is in.
    pub resource: String,
    /// Its number (data rows for CSV, features for GeoJSON).
    pub row: u64,
    /// Why, in the handle's language.
    pub message: String,
}

/// Reads and normalises `files` as an import would, storing nothing: how many rows would
/// become places and which would go to quarantine, and why (the first `limit` of each file).
#[tauri::command]
pub async fn places_import_preview(
    state: State<'_, AppState>,
    files: Vec<PathBuf>,
    licence: Option<String>,
    limit: Option<usize>,
) -> Result<Vec<PreviewView>, Error> {
    let options = ImportOptions {
        licence: licence.filter(|l| !l.is_empty()),
        ..ImportOptions::default()
    };
    let limit = limit.unwrap_or(200);
    state
        .blocking(move |core| {
            let i18n = core.i18n();
            files
                .iter()
                .map(|f| {
                    let (_, n) =
                        campanile_core::opendata::import::read_file(f, &options).map_err(|e| {
                            Error::from_domain(&i18n, &e).with_detail("file", f.display())
                        })?;
                    Ok(PreviewView {
                        file: f.display().to_string(),
                        rows: n.rows,
                        pois: n.pois.len() as u64,
                        quarantined: n.quarantine.len() as u64,
                        quarantine: n
                            .quarantine
                            .iter()
                            .take(limit)
                            .map(|q| PreviewRow {
                                resource: q.resource.clone(),
                                row: q.row,
                                message: i18n.localize(&q.reason),
                            })
                            .collect(),
                    })
                })
                .collect()
        })
        .await
}

/// Asks the work `id` to stop at its next safe point; false when it is not running.
#[tauri::command]
pub async fn work_cancel(state: State<'_, AppState>, id: u64) -> Result<bool, Error> {
    Ok(state.cancel_work(id))
}
