//! Places: search as you type, nearest, what is stored, what was quarantined. Reads go through
//! the database's reader connections, so they never wait behind a payment or a sync.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Campanile;
use crate::error::{Error, ErrorClass};
use crate::format;
use crate::opendata::Category;
use crate::opendata::db::{self, Hit, PoiFilter, QuarantineRow, SearchQuery, Stats};
use crate::opendata::harvest::{Harvester, SearchFilter};
use crate::opendata::import::{self, ImportOptions, ImportReport};
use crate::opendata::model::Poi;
use crate::opendata::sync::{self, SyncReport};
use crate::work::{Cancel, Progress};

/// A search as a front asks it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The words typed (each a prefix; accents, case and apostrophes ignored).
    pub text: String,
    /// Rank nearer places higher: latitude and longitude (WGS 84).
    pub near: Option<(f64, f64)>,
    /// Only this category (its code: `museum`, `church`, …).
    pub category: Option<String>,
    /// Only this comune (its name or ISTAT code).
    pub comune: Option<String>,
    /// At most this many results (default 10).
    pub limit: Option<usize>,
}

/// The places part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Places<'a> {
    pub(super) core: &'a Campanile,
}

impl Places<'_> {
    /// Full-text search over the stored places.
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>, Error> {
        if let Some((lat, lon)) = request.near {
            self.check_position(lat, lon)?;
        }
        let query = SearchQuery {
            text: request.text.clone(),
            near: request.near,
            filter: self.filter(request.category.as_deref(), request.comune.as_deref())?,
            limit: request.limit.unwrap_or(10),
        };
        self.core.read(|s| db::search(s, &query))
    }

    /// The places nearest to a point.
    pub fn nearest(
        &self,
        lat: f64,
        lon: f64,
        limit: usize,
        category: Option<&str>,
        comune: Option<&str>,
    ) -> Result<Vec<Hit>, Error> {
        self.check_position(lat, lon)?;
        let filter = self.filter(category, comune)?;
        self.core.read(|s| db::nearest(s, lat, lon, limit, &filter))
    }

    /// One place by its id.
    pub fn get(&self, id: &str) -> Result<Poi, Error> {
        self.core.read(|s| db::get(s, id))?.ok_or_else(|| {
            self.core.fail(
                ErrorClass::NotFound,
                "places.not-found",
                "core-error-no-place",
                &[("id", id.into())],
            )
        })
    }

    /// What is stored: counts by category, comune and dataset.
    pub fn stats(&self) -> Result<Stats, Error> {
        self.core.read(db::stats)
    }

    /// Rows that could not become places, and why.
    pub fn quarantine(
        &self,
        dataset: Option<&str>,
        limit: usize,
    ) -> Result<Vec<QuarantineRow>, Error> {
        self.core.read(|s| db::quarantine(s, dataset, limit))
    }

    /// Harvests `portal` (a CKAN site or a DCAT catalogue) into the store, incrementally: the
    /// writer is taken for each dataset's transaction only, so searches go on meanwhile; a
    /// cancel (or dropping the future) leaves every dataset whole, old or new.
    pub async fn sync(
        &self,
        harvester: &Harvester,
        portal: &str,
        filter: &SearchFilter,
        cancel: &Cancel,
        progress: &(dyn Fn(&Progress) + Send + Sync),
    ) -> Result<SyncReport, Error> {
        sync::sync_portal(self.core.db(), harvester, portal, filter, cancel, progress)
            .await
            .map_err(|e| self.core.error(&e))
    }

    /// Imports files from disk (CSV, GeoJSON, JSON), each replacing what an earlier import of
    /// it stored, in one transaction each; read and normalised off the async executor.
    pub async fn import_files(
        &self,
        files: &[PathBuf],
        options: &ImportOptions,
        cancel: &Cancel,
        progress: &(dyn Fn(&Progress) + Send + Sync),
    ) -> Result<Vec<ImportReport>, Error> {
        import::import_files(self.core.db(), files, options, cancel, progress)
            .await
            .map_err(|e| self.core.error(&e))
    }

    /// Imports one file's content (a phone has bytes, not paths): `name` is the file's name.
    pub async fn import_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
        options: &ImportOptions,
    ) -> Result<ImportReport, Error> {
        let (name, options) = (name.to_string(), options.clone());
        self.core
            .blocking(move |core| {
                // Normalised first; the writer is taken only to store the result.
                let (ctx, normalized) = import::read_bytes(&name, &bytes, &options)?;
                core.db()
                    .write(|store| {
                        import::store_file(store, std::path::Path::new(&name), ctx, normalized)
                    })
                    .map_err(import::ImportError::from)
            })
            .await?
            .map_err(|e| self.core.error(&e))
    }

    /// After a sync: when every resource failed on the network and none was read, the device
    /// is offline (or the portal is), which is an error the front shows (the stored places are
    /// as they were).
    pub fn check_online(&self, report: &SyncReport) -> Result<(), Error> {
        let offline = !report.failures.is_empty()
            && report.resources_changed + report.resources_unchanged == 0
            && report.failures.iter().all(|f| f.network);
        if offline {
            return Err(self.core.fail(
                ErrorClass::Unavailable,
                "data.offline",
                "data-sync-all-failed",
                &[],
            ));
        }
        Ok(())
    }

    /// A distance as the current language writes it.
    pub fn format_distance(&self, metres: f64) -> String {
        format::distance(&self.core.i18n(), metres)
    }

    /// Reads a position typed as `LAT,LON`.
    pub fn parse_position(&self, text: &str) -> Result<(f64, f64), Error> {
        let parsed = text.split_once(',').and_then(|(a, b)| {
            let lat: f64 = a.trim().parse().ok()?;
            let lon: f64 = b.trim().parse().ok()?;
            Some((lat, lon))
        });
        match parsed {
            Some((lat, lon)) => self.check_position(lat, lon).map(|()| (lat, lon)),
            None => Err(self.bad_position(text)),
        }
    }

    fn check_position(&self, lat: f64, lon: f64) -> Result<(), Error> {
        db::check_position(lat, lon).map_err(|_| self.bad_position(&format!("{lat},{lon}")))
    }

    fn bad_position(&self, text: &str) -> Error {
        self.core
            .fail(
                ErrorClass::BadInput,
                "places.bad-position",
                "cli-error-position",
                &[("value", text.into())],
            )
            .with_detail("position", text)
    }

    fn filter(&self, category: Option<&str>, comune: Option<&str>) -> Result<PoiFilter, Error> {
        let category = match category {
            Some(c) => Some(Category::parse(c).ok_or_else(|| {
                let all = Category::ALL.map(Category::as_str).join(", ");
                self.core
                    .fail(
                        ErrorClass::BadInput,
                        "places.bad-category",
                        "cli-error-category",
                        &[("value", c.into()), ("known", all.into())],
                    )
                    .with_detail("category", c)
            })?),
            None => None,
        };
        Ok(PoiFilter {
            category,
            comune: comune.map(str::to_string),
        })
    }
}
