//! Harvest → normalise → store, for a whole portal, incrementally, cancellably.
//!
//! A dataset whose `metadata_modified` and resource list are unchanged is skipped without a
//! request; otherwise each readable resource is downloaded conditionally (ETag /
//! If-Modified-Since, then content hash) and only changed ones are normalised again. A resource
//! that fails keeps its previous POIs, and the dataset is marked so that the next sync tries it
//! again.
//!
//! Datasets the portal no longer lists (deleted there, or outside the organisation and tag
//! selection of this sync) are removed once every listed dataset is stored, each in one
//! transaction like a replace, and named in the report. A listing of no dataset at all removes
//! nothing: an empty answer is likelier a portal's fault than the end of all its data.
//!
//! Invariants:
//! - each dataset is stored in one synchronous transaction, the only time the sync holds the
//!   database's writer (never across a download);
//! - the [`Cancel`] token is looked at before each dataset, during its downloads and before
//!   its store, so a cancelled sync — like a dropped or aborted one — leaves every dataset
//!   whole: the version it had, or the new one, never a mix.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::db::{self, DatasetRecord, DbError, ResourceRecord, ResourceUpdate};
use super::harvest::{Fetched, HarvestError, Harvester, Package, SearchFilter, Validators};
use super::normalize::{self, ResourceContext};
use super::resource_kind::select;
use crate::store::{Db, StoreError};
use crate::work::{Cancel, Progress, WorkStep};

/// Why a sync stopped. Per-resource failures do not stop it: they are in the report.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The portal's catalogue could not be harvested.
    #[error(transparent)]
    Harvest(#[from] HarvestError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A reader connection could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The [`Cancel`] token was tripped: the datasets stored so far keep their new version,
    /// the others their previous one.
    #[error("the sync was cancelled")]
    Cancelled,
}

/// A resource that could not be harvested this time.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceFailure {
    /// The dataset the resource belongs to.
    pub dataset_id: String,
    /// The resource's URL.
    pub url: String,
    /// What went wrong.
    pub error: String,
    /// True when the network or the server failed (retry later), false for bad content.
    pub network: bool,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Datasets in the portal's listing.
    pub datasets: u64,
    /// Datasets skipped because nothing about them changed.
    pub datasets_unchanged: u64,
    /// Datasets whose stored POIs changed.
    pub datasets_updated: u64,
    /// Resources downloaded with new content.
    pub resources_changed: u64,
    /// Resources answered 304, or downloaded with the same content hash.
    pub resources_unchanged: u64,
    /// Resources that could not be harvested, and why.
    pub failures: Vec<ResourceFailure>,
    /// POIs inserted.
    pub pois_inserted: u64,
    /// POIs removed (replaced or gone).
    pub pois_removed: u64,
    /// Rows put in quarantine.
    pub quarantined: u64,
    /// Bytes of resource bodies downloaded (catalogue requests not counted).
    pub resource_bytes: u64,
    /// Datasets removed because the portal no longer lists them: (id, title).
    pub datasets_removed: Vec<(String, String)>,
    /// Datasets with nothing this version can import, and why.
    pub nothing_to_import: Vec<NothingToImport>,
}

/// A dataset with no resource in a format the normaliser reads (CSV, JSON, GeoJSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NothingToImport {
    /// The dataset's id.
    pub dataset_id: String,
    /// Its title (or name).
    pub title: String,
    /// The formats its resources declare (or their addresses' extensions); empty when it
    /// lists no resource at all.
    pub formats: Vec<String>,
}

fn title_of(p: &Package) -> String {
    p.title.clone().unwrap_or_else(|| p.name.clone())
}

/// Runs `fut` unless `cancel` trips first.
async fn unless_cancelled<T>(
    cancel: &Cancel,
    fut: impl Future<Output = T>,
) -> Result<T, SyncError> {
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(SyncError::Cancelled),
        out = fut => Ok(out),
    }
}

/// Harvests `portal` (a CKAN site or a DCAT catalogue URL) into `db`.
///
/// Reports [`WorkStep::Listing`] before listing the catalogue, then [`WorkStep::Harvesting`] with
/// `done: 0` and the number of datasets, then once after each dataset (its title as `item`).
/// Returns [`SyncError::Cancelled`] when `cancel` trips before the last dataset is stored.
pub async fn sync_portal(
    db: &Arc<Db>,
    harvester: &Harvester,
    portal: &str,
    filter: &SearchFilter,
    cancel: &Cancel,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<SyncReport, SyncError> {
    progress(&Progress {
        step: WorkStep::Listing,
        done: 0,
        total: None,
        item: None,
    });
    let packages = unless_cancelled(cancel, harvester.list_datasets(portal, filter)).await??;
    let total = packages.len() as u64;
    let mut report = SyncReport {
        datasets: total,
        ..Default::default()
    };
    progress(&Progress {
        step: WorkStep::Harvesting,
        done: 0,
        total: Some(total),
        item: None,
    });
    for (i, pkg) in packages.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(SyncError::Cancelled);
        }
        sync_dataset(db, harvester, portal, pkg, &mut report, cancel).await?;
        progress(&Progress {
            step: WorkStep::Harvesting,
            done: i as u64 + 1,
            total: Some(total),
            item: Some(title_of(pkg)),
        });
    }
    if !packages.is_empty() {
        remove_unlisted(db, portal, &packages, &mut report, cancel).await?;
    }
    // The nearest-places index, rebuilt once for the whole sync (a query would otherwise build
    // it in memory on its first use).
    let writer = db.clone();
    match tokio::task::spawn_blocking(move || writer.write(db::near::refresh)).await {
        Ok(refreshed) => {
            refreshed?;
        }
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => return Err(SyncError::Cancelled),
    }
    Ok(report)
}

/// Removes the datasets of `portal` that `listed` does not hold, one transaction each.
async fn remove_unlisted(
    db: &Arc<Db>,
    portal: &str,
    listed: &[Package],
    report: &mut SyncReport,
    cancel: &Cancel,
) -> Result<(), SyncError> {
    let listed: BTreeSet<&str> = listed.iter().map(|p| p.id.as_str()).collect();
    let stored = db.read(|store| db::portal_datasets(store, portal))??;
    for (id, title) in stored
        .into_iter()
        .filter(|(id, _)| !listed.contains(id.as_str()))
    {
        if cancel.is_cancelled() {
            return Err(SyncError::Cancelled);
        }
        let writer = db.clone();
        let gone = id.clone();
        let removed = match tokio::task::spawn_blocking(move || {
            writer.write(|store| db::remove_dataset(store, &gone))
        })
        .await
        {
            Ok(removed) => removed?,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => return Err(SyncError::Cancelled),
        };
        report.pois_removed += removed;
        report.datasets_removed.push((id, title));
    }
    Ok(())
}

async fn sync_dataset(
    db: &Arc<Db>,
    harvester: &Harvester,
    portal: &str,
    pkg: &Package,
    report: &mut SyncReport,
    cancel: &Cancel,
) -> Result<(), SyncError> {
    let wanted = select(&pkg.resources);
    if wanted.is_empty() {
        let mut formats: Vec<String> = pkg
            .resources
            .iter()
            .filter_map(|r| {
                r.format.clone().or_else(|| r.mimetype.clone()).or_else(|| {
                    r.url
                        .rsplit_once('.')
                        .map(|(_, ext)| ext.to_ascii_uppercase())
                        .filter(|e| e.len() <= 8 && !e.contains('/'))
                })
            })
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect();
        formats.sort();
        formats.dedup();
        report.nothing_to_import.push(NothingToImport {
            dataset_id: pkg.id.clone(),
            title: title_of(pkg),
            formats,
        });
    }
    let state = db.read(|store| db::dataset_state(store, &pkg.id))??;
    if let Some(state) = &state {
        let stored: BTreeSet<&str> = state.resources.keys().map(String::as_str).collect();
        let listed: BTreeSet<&str> = wanted.iter().map(|(r, _)| r.id.as_str()).collect();
        if pkg.metadata_modified.is_some()
            && state.metadata_modified == pkg.metadata_modified
            && stored == listed
        {
            report.datasets_unchanged += 1;
            return Ok(());
        }
    }
    let previous = |rid: &str, url: &str| -> Option<Validators> {
        state
            .as_ref()?
            .resources
            .get(rid)
            .filter(|(u, _)| u == url)
            .map(|(_, v)| v.clone())
    };
    let requests = wanted
        .iter()
        .map(|(r, _)| (r.url.clone(), previous(&r.id, &r.url)))
        .collect();
    let results = unless_cancelled(cancel, harvester.fetch_resources(requests)).await?;

    let mut updates = Vec::new();
    let mut any_failed = false;
    for ((res, kind), result) in wanted.iter().zip(results) {
        let old = previous(&res.id, &res.url);
        let record = |validators: Validators| ResourceRecord {
            id: res.id.clone(),
            url: res.url.clone(),
            format: Some(kind.as_str().to_string()),
            validators,
        };
        let fail = |error: String, network: bool| ResourceFailure {
            dataset_id: pkg.id.clone(),
            url: res.url.clone(),
            error,
            network,
        };
        match result {
            Ok(Fetched::NotModified) if old.is_some() => {
                report.resources_unchanged += 1;
                updates.push(ResourceUpdate::Unchanged {
                    record: record(old.clone().unwrap_or_default()),
                });
            }
            Ok(Fetched::Same { validators, bytes }) if old.is_some() => {
                report.resources_unchanged += 1;
                report.resource_bytes += bytes;
                updates.push(ResourceUpdate::Unchanged {
                    record: record(validators),
                });
            }
            Ok(Fetched::NotModified | Fetched::Same { .. }) => {
                // Nothing stored to keep: a server answering 304 to an unconditional request.
                any_failed = true;
                report.failures.push(fail(
                    "the server said the resource was unchanged, but nothing of it is stored"
                        .into(),
                    true,
                ));
            }
            Ok(Fetched::Changed { body, validators }) => {
                report.resource_bytes += body.len() as u64;
                let ctx = ResourceContext {
                    dataset_id: pkg.id.clone(),
                    resource_id: res.id.clone(),
                    resource_name: res.url.clone(),
                    dataset_title: pkg.title.clone(),
                    tags: pkg.tags.iter().chain(&pkg.groups).cloned().collect(),
                    licence: pkg.license_title.clone().or_else(|| pkg.license_id.clone()),
                    attribution: pkg
                        .organization_title
                        .clone()
                        .or_else(|| pkg.organization.clone()),
                    format: Some(kind.as_str().to_string()),
                    crs: None,
                };
                // Normalising is CPU work: off the async executor.
                let normalized =
                    tokio::task::spawn_blocking(move || normalize::normalize(&body, &ctx)).await;
                let normalized = match normalized {
                    Ok(n) => n,
                    Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    // The runtime is shutting down.
                    Err(_) => return Err(SyncError::Cancelled),
                };
                match normalized {
                    Ok(normalized) => {
                        report.resources_changed += 1;
                        updates.push(ResourceUpdate::Changed {
                            record: record(validators),
                            normalized,
                        });
                    }
                    Err(e) => {
                        any_failed = true;
                        report.failures.push(fail(e.to_string(), false));
                        if let Some(old) = old {
                            updates.push(ResourceUpdate::Unchanged {
                                record: record(old),
                            });
                        }
                    }
                }
            }
            Err(e) => {
                any_failed = true;
                report.failures.push(fail(e.to_string(), e.is_network()));
                if let Some(old) = old {
                    updates.push(ResourceUpdate::Unchanged {
                        record: record(old),
                    });
                }
            }
        }
    }
    let changed = updates
        .iter()
        .any(|u| matches!(u, ResourceUpdate::Changed { .. }));
    let dataset = DatasetRecord {
        id: pkg.id.clone(),
        portal: Some(portal.to_string()),
        name: pkg.name.clone(),
        title: pkg.title.clone(),
        organization: pkg
            .organization_title
            .clone()
            .or_else(|| pkg.organization.clone()),
        licence: pkg.license_title.clone().or_else(|| pkg.license_id.clone()),
        // After a failure store no marker, so the next sync looks at the dataset again.
        metadata_modified: if any_failed {
            None
        } else {
            pkg.metadata_modified.clone()
        },
    };
    // The last moment a cancel is heeded: from here the dataset is stored whole, in one
    // transaction that no await can interrupt.
    if cancel.is_cancelled() {
        return Err(SyncError::Cancelled);
    }
    // One transaction, off the async executor; a cancel or a dropped future from here on
    // leaves it to finish whole.
    let writer = db.clone();
    let applied = match tokio::task::spawn_blocking(move || {
        writer.write(|store| db::apply_dataset(store, &dataset, updates))
    })
    .await
    {
        Ok(applied) => applied?,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => return Err(SyncError::Cancelled),
    };
    if changed || applied.removed > 0 {
        report.datasets_updated += 1;
    }
    report.pois_inserted += applied.inserted;
    report.pois_removed += applied.removed;
    report.quarantined += applied.quarantined;
    Ok(())
}
