//! Harvest → normalise → store, for a whole portal, incrementally.
//!
//! A dataset whose `metadata_modified` and resource list are unchanged is skipped without a
//! request; otherwise each readable resource is downloaded conditionally (ETag /
//! If-Modified-Since, then content hash) and only changed ones are normalised again. Each
//! dataset is stored in one transaction. A resource that fails keeps its previous POIs, and the
//! dataset is marked so that the next sync tries it again.

use std::collections::BTreeSet;

use super::db::{self, DatasetRecord, DbError, ResourceRecord, ResourceUpdate};
use super::harvest::{Fetched, HarvestError, Harvester, Package, SearchFilter, Validators};
use super::normalize::{self, ResourceContext};
use super::resource_kind::select;
use crate::store::Store;

/// Why a sync stopped. Per-resource failures do not stop it: they are in the report.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Harvest(#[from] HarvestError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// A resource that could not be harvested this time.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceFailure {
    pub dataset_id: String,
    pub url: String,
    pub error: String,
    /// True when the network or the server failed (retry later), false for bad content.
    pub network: bool,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    pub datasets: u64,
    /// Datasets skipped because nothing about them changed.
    pub datasets_unchanged: u64,
    pub datasets_updated: u64,
    /// Resources downloaded with new content.
    pub resources_changed: u64,
    /// Resources answered 304, or downloaded with the same content hash.
    pub resources_unchanged: u64,
    pub failures: Vec<ResourceFailure>,
    pub pois_inserted: u64,
    pub pois_removed: u64,
    pub quarantined: u64,
    /// Bytes of resource bodies downloaded (catalogue requests not counted).
    pub resource_bytes: u64,
}

/// Progress events, for progress bars.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// The catalogue was listed: this many datasets to look at.
    Listed { datasets: u64 },
    /// One dataset was handled.
    DatasetDone { id: String, title: String },
}

fn title_of(p: &Package) -> String {
    p.title.clone().unwrap_or_else(|| p.name.clone())
}

/// Harvests `portal` (a CKAN site or a DCAT catalogue URL) into `store`.
pub async fn sync_portal(
    store: &mut Store,
    harvester: &Harvester,
    portal: &str,
    filter: &SearchFilter,
    progress: &(dyn Fn(SyncEvent) + Sync),
) -> Result<SyncReport, SyncError> {
    let packages = harvester.list_datasets(portal, filter).await?;
    let mut report = SyncReport {
        datasets: packages.len() as u64,
        ..Default::default()
    };
    progress(SyncEvent::Listed {
        datasets: packages.len() as u64,
    });
    for pkg in &packages {
        sync_dataset(store, harvester, portal, pkg, &mut report).await?;
        progress(SyncEvent::DatasetDone {
            id: pkg.id.clone(),
            title: title_of(pkg),
        });
    }
    Ok(report)
}

async fn sync_dataset(
    store: &mut Store,
    harvester: &Harvester,
    portal: &str,
    pkg: &Package,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let wanted = select(&pkg.resources);
    let state = db::dataset_state(store, &pkg.id)?;
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
    let results = harvester.fetch_resources(requests).await;

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
                match normalize::normalize(&body, &ctx) {
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
    let applied = db::apply_dataset(store, &dataset, updates)?;
    if changed || applied.removed > 0 {
        report.datasets_updated += 1;
    }
    report.pois_inserted += applied.inserted;
    report.pois_removed += applied.removed;
    report.quarantined += applied.quarantined;
    Ok(())
}
