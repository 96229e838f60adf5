//! Places: search as you type, nearest, one place's detail, what is stored; sync from a portal
//! (progress, cancel) and import of a file's bytes.

use std::sync::Arc;

use campanile_core::opendata::harvest::{HarvestOptions, Harvester, SearchFilter};
use campanile_core::opendata::import::ImportOptions;
use campanile_core::{Campanile, SearchRequest as CoreSearch};

use crate::core::Core;
use crate::error::{CampanileError, Result};
use crate::views::{count, json, tag};
use crate::work::{CancelToken, ProgressListener, callback};

/// A search as the shell asks it.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct SearchRequest {
    /// The words typed (each a prefix; accents, case and apostrophes ignored).
    pub text: String,
    /// Rank nearer places higher: latitude (WGS 84).
    pub near_lat: Option<f64>,
    /// … and longitude.
    pub near_lon: Option<f64>,
    /// Only this category (`museum`, `church`, …).
    pub category: Option<String>,
    /// Only this comune (its name or ISTAT code).
    pub comune: Option<String>,
    /// At most this many results (default 10).
    pub limit: Option<u32>,
}

/// A place found.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlaceHit {
    /// Its id (for `place(id)`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its category's code.
    pub category: String,
    /// Its comune.
    pub comune: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Metres from the query point, when there was one.
    pub distance_m: Option<f64>,
    /// The distance as the language writes it.
    pub distance_text: Option<String>,
    /// Higher is better; only comparable within one query.
    pub score: f64,
}

/// One place in full.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Place {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its category's code.
    pub category: String,
    /// Its description in the handle's language (or the first there is).
    pub description: Option<String>,
    /// Its address.
    pub address: Option<String>,
    /// Its comune.
    pub comune: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Opening hours, as published.
    pub opening_hours: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Every field, as JSON.
    pub json: String,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncSummary {
    /// Datasets seen.
    pub datasets: u64,
    /// Of which updated.
    pub datasets_updated: u64,
    /// Of which unchanged.
    pub datasets_unchanged: u64,
    /// Places stored.
    pub places_inserted: u64,
    /// Places removed.
    pub places_removed: u64,
    /// Rows quarantined.
    pub quarantined: u64,
    /// Resources that failed (each with its error text).
    pub failures: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImportSummary {
    /// The dataset it became.
    pub dataset_id: String,
    /// Rows read.
    pub rows: u64,
    /// Places stored.
    pub inserted: u64,
    /// Rows quarantined.
    pub quarantined: u64,
}

/// The places part of the handle.
#[derive(Debug, uniffi::Object)]
pub struct Places {
    core: Campanile,
}

#[uniffi::export]
impl Core {
    /// Places, search and open-data sync.
    pub fn places(&self) -> Arc<Places> {
        Arc::new(Places {
            core: self.inner.clone(),
        })
    }
}

impl Places {
    fn hit(&self, h: campanile_core::opendata::db::Hit) -> PlaceHit {
        let places = self.core.places();
        PlaceHit {
            distance_text: h.distance_m.map(|d| places.format_distance(d)),
            id: h.poi.id,
            name: h.poi.name,
            category: h.poi.category.as_str().to_string(),
            comune: h.poi.comune,
            lat: h.poi.lat,
            lon: h.poi.lon,
            distance_m: h.distance_m,
            score: h.score,
        }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Places {
    /// Full-text search over the stored places.
    pub fn search(&self, request: SearchRequest) -> Result<Vec<PlaceHit>> {
        let near = match (request.near_lat, request.near_lon) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            (None, None) => None,
            _ => {
                return Err(CampanileError::bad_input(
                    "ffi.bad-position",
                    "near_lat and near_lon go together",
                ));
            }
        };
        let hits = self.core.places().search(&CoreSearch {
            text: request.text,
            near,
            category: request.category,
            comune: request.comune,
            limit: request.limit.map(count),
        })?;
        Ok(hits.into_iter().map(|h| self.hit(h)).collect())
    }

    /// The places nearest to a point, optionally of one category.
    pub fn near(
        &self,
        lat: f64,
        lon: f64,
        limit: u32,
        category: Option<String>,
    ) -> Result<Vec<PlaceHit>> {
        let hits = self
            .core
            .places()
            .nearest(lat, lon, count(limit), category.as_deref(), None)?;
        Ok(hits.into_iter().map(|h| self.hit(h)).collect())
    }

    /// One place by its id.
    pub fn place(&self, id: String) -> Result<Place> {
        let p = self.core.places().get(&id)?;
        let lang = self.core.language();
        let description = p
            .descriptions
            .get(&lang)
            .or_else(|| p.descriptions.values().next())
            .cloned();
        Ok(Place {
            json: json(&p),
            description,
            id: p.id,
            name: p.name,
            category: tag(&p.category),
            address: p.address,
            comune: p.comune,
            lat: p.lat,
            lon: p.lon,
            opening_hours: p.opening_hours,
            phone: p.phone,
            website: p.website,
        })
    }

    /// How many places are stored.
    pub fn count(&self) -> Result<u64> {
        Ok(self.core.places().stats()?.pois)
    }

    /// Harvests `portal` (a CKAN site or a DCAT catalogue) into the store. Cancelling the
    /// call (the coroutine, the task) or tripping `cancel` stops it, every dataset left whole;
    /// `cancel` ends it with the error `work.cancelled`.
    pub async fn sync(
        &self,
        portal: String,
        organization: Option<String>,
        listener: Option<Arc<dyn ProgressListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<SyncSummary> {
        let harvester = Harvester::new(HarvestOptions::default())
            .map_err(|e| CampanileError::internal("data.harvester", e))?;
        let filter = SearchFilter {
            organization,
            ..SearchFilter::default()
        };
        let cancel = cancel.map(|c| c.inner.clone()).unwrap_or_default();
        let progress = callback(&self.core, listener);
        let places = self.core.places();
        let report = places
            .sync(&harvester, &portal, &filter, &cancel, &progress)
            .await?;
        places.check_online(&report)?;
        Ok(SyncSummary {
            datasets: report.datasets,
            datasets_updated: report.datasets_updated,
            datasets_unchanged: report.datasets_unchanged,
            places_inserted: report.pois_inserted,
            places_removed: report.pois_removed,
            quarantined: report.quarantined,
            failures: report
                .failures
                .iter()
                .map(|f| format!("{}: {}", f.url, f.error))
                .collect(),
        })
    }

    /// Imports one file's bytes (CSV, GeoJSON, JSON; `name` is the file's name), replacing
    /// what an earlier import of it stored.
    pub async fn import_bytes(
        &self,
        name: String,
        bytes: Vec<u8>,
        dataset_id: Option<String>,
    ) -> Result<ImportSummary> {
        let options = ImportOptions {
            dataset_id,
            ..ImportOptions::default()
        };
        let r = self
            .core
            .places()
            .import_bytes(&name, bytes, &options)
            .await?;
        Ok(ImportSummary {
            dataset_id: r.dataset_id,
            rows: r.rows,
            inserted: r.applied.inserted,
            quarantined: r.applied.quarantined,
        })
    }
}
