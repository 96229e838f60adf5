//! Replacing a dataset's POIs atomically: one transaction per dataset, so a crash or a kill at
//! any moment leaves either the previous version or the new one, whole.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Transaction, params};

use super::DbError;
use crate::opendata::harvest::Validators;
use crate::opendata::normalize::Normalized;
use crate::opendata::text::fold;
use crate::opendata::{Poi, QuarantineEntry};
use crate::store::Store;

/// A dataset as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetRecord {
    /// The dataset's id (CKAN package id, DCAT identifier, or `file:<name>`).
    pub id: String,
    /// The portal it was harvested from; `None` for local imports.
    pub portal: Option<String>,
    /// Its URL name (slug).
    pub name: String,
    /// Its human title.
    pub title: Option<String>,
    /// The publishing organization.
    pub organization: Option<String>,
    /// The licence its data is published under.
    pub licence: Option<String>,
    /// When its metadata last changed, as the portal writes it.
    pub metadata_modified: Option<String>,
}

/// A resource of a dataset as stored, with what is needed to download it again only if changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceRecord {
    /// The resource's id.
    pub id: String,
    /// Where it was downloaded from.
    pub url: String,
    /// Its declared format.
    pub format: Option<String>,
    /// What its download returned, to download again only if changed.
    pub validators: Validators,
}

/// What happened to one resource in this harvest.
#[derive(Debug, Clone)]
pub enum ResourceUpdate {
    /// New content: its POIs and quarantine entries replace the stored ones.
    Changed {
        /// The resource as harvested now.
        record: ResourceRecord,
        /// Its POIs and quarantine entries.
        normalized: Normalized,
    },
    /// Same content as stored: its POIs stay; its validators are refreshed.
    Unchanged {
        /// The resource as harvested now.
        record: ResourceRecord,
    },
}

/// What is stored about a dataset, to decide what to download again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetState {
    /// When the dataset's metadata last changed, as stored.
    pub metadata_modified: Option<String>,
    /// Resource id → (URL, validators).
    pub resources: BTreeMap<String, (String, Validators)>,
}

/// Counts of an [`apply_dataset`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// POIs inserted.
    pub inserted: u64,
    /// POIs removed (replaced or gone).
    pub removed: u64,
    /// Rows put in quarantine.
    pub quarantined: u64,
    /// Resources kept as they were (same content).
    pub kept_resources: u64,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// What is stored about dataset `id`, if anything.
pub fn dataset_state(store: &Store, id: &str) -> Result<Option<DatasetState>, DbError> {
    let conn = store.conn();
    let mm: Option<Option<String>> = conn
        .query_row(
            "SELECT metadata_modified FROM datasets WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let Some(metadata_modified) = mm else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT id, url, etag, last_modified, sha256 FROM resources WHERE dataset_id = ?1",
    )?;
    let resources = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (
                    r.get::<_, String>(1)?,
                    Validators {
                        etag: r.get(2)?,
                        last_modified: r.get(3)?,
                        sha256: r.get(4)?,
                    },
                ),
            ))
        })?
        .collect::<Result<BTreeMap<_, _>, _>>()?;
    Ok(Some(DatasetState {
        metadata_modified,
        resources,
    }))
}

/// Stores a harvest of one dataset in one transaction: the dataset record, every resource's
/// validators, the POIs and quarantine entries of changed resources (replacing theirs), and the
/// removal of resources that are no longer listed.
pub fn apply_dataset(
    store: &mut Store,
    dataset: &DatasetRecord,
    updates: Vec<ResourceUpdate>,
) -> Result<ApplyReport, DbError> {
    let tx = store.conn_mut().transaction()?;
    let mut report = ApplyReport::default();
    let ts = now();
    let kept: BTreeSet<&str> = updates
        .iter()
        .filter_map(|u| match u {
            ResourceUpdate::Unchanged { record } => Some(record.id.as_str()),
            ResourceUpdate::Changed { .. } => None,
        })
        .collect();
    report.kept_resources = kept.len() as u64;
    report.removed = begin_dataset(&tx, dataset, &kept, ts)?;
    let mut indexes = PoiIndexes::default();

    for update in &updates {
        match update {
            ResourceUpdate::Unchanged { record } => {
                upsert_resource(&tx, &dataset.id, record, None, ts)?;
            }
            ResourceUpdate::Changed { record, normalized } => {
                indexes.before_insert(&tx, normalized.pois.len())?;
                report.inserted += insert_pois(&tx, &normalized.pois)?;
                report.quarantined +=
                    insert_quarantine(&tx, &dataset.id, &record.id, &normalized.quarantine)?;
                let counts = (
                    normalized.rows,
                    normalized.pois.len() as u64,
                    normalized.quarantine.len() as u64,
                );
                upsert_resource(&tx, &dataset.id, record, Some(counts), ts)?;
            }
        }
    }
    indexes.restore(&tx)?;
    if report.inserted > 0 || report.removed > 0 {
        super::near::bump(&tx)?;
    }
    tx.commit()?;
    Ok(report)
}

/// A replace of more places than the store holds besides, and at least this many: the B-tree
/// indexes of `pois` are dropped before its rows and built again before its commit. Below it
/// either way costs milliseconds; the CLI's kill test (10,000 rows) runs this way.
const BULK_ROWS: u64 = 10_000;

/// The B-tree indexes of `pois`, as migration 10 names them.
const POI_INDEXES: &str = "
CREATE UNIQUE INDEX pois_by_id ON pois(id);
CREATE INDEX pois_by_resource ON pois(dataset_id, resource_id);
CREATE INDEX pois_by_name_key ON pois(name_key);
";

/// The page cache while [`PoiIndexes::restore`] builds the indexes (4 MiB: a negative
/// `cache_size` counts KiB). SQLite sizes its sorter's runs from the page cache: with the
/// store's 64 MiB, a million keys were sorted in one run, out of the processor's caches; in
/// runs of 4 MiB, sorted on a second thread (`PRAGMA threads`) while the table is read, and
/// merged. Measured on 1,000,000 generated places (release, this 2-core machine, each index
/// alone): the id index 1.06 s → 0.43–0.54 s, the names' index 0.97 s → 0.42–0.49 s; in the
/// import, the two 2.7 s → 1.6–2.0 s.
const SORT_CACHE_KIB: i64 = -4096;

/// The B-tree indexes of `pois` during one replace.
///
/// Inserting a row puts its key in each index at a random place (the ids are digests): past the
/// page cache every insert is a read and a write of a page. Building an index once, sorted,
/// costs a fraction of that. Measured on 1,000,000 generated places (release, this 2-core
/// machine, a bare table and the three indexes, no full text): 172,000 rows/s kept up to date,
/// 308,000 rows/s built at the end. So a replace of more rows than the store holds besides
/// drops them when it passes [`BULK_ROWS`], and [`PoiIndexes::restore`] builds them again in the
/// same transaction: a kill or an error rolls both back, and readers (other connections) see
/// the previous state, indexes included, until the commit. The unique index, built again,
/// still refuses a duplicate id, and the replace with it.
#[derive(Default)]
struct PoiIndexes {
    /// Rows inserted by this replace.
    inserted: u64,
    /// Whether the indexes are dropped.
    dropped: bool,
    /// The places stored besides this replace's, once counted.
    others: Option<u64>,
}

impl PoiIndexes {
    /// Called before `n` more rows are inserted: drops the indexes when the replace has become
    /// a bulk load.
    fn before_insert(&mut self, tx: &Transaction<'_>, n: usize) -> Result<(), DbError> {
        self.inserted += n as u64;
        if self.dropped || self.inserted < BULK_ROWS {
            return Ok(());
        }
        let others = match self.others {
            Some(o) => o,
            None => {
                // Counted once, when it matters: before this replace's own rows.
                let stored: i64 = tx.query_row("SELECT count(*) FROM pois", [], |r| r.get(0))?;
                let o = (stored.max(0) as u64).saturating_sub(self.inserted - n as u64);
                self.others = Some(o);
                o
            }
        };
        if self.inserted > others {
            tx.execute_batch(
                "DROP INDEX pois_by_id; DROP INDEX pois_by_resource; DROP INDEX pois_by_name_key;",
            )?;
            self.dropped = true;
        }
        Ok(())
    }

    /// Builds the indexes again if they were dropped: call before the commit. The connection's
    /// page cache and sorting threads are as they were after it, whatever the outcome.
    fn restore(&mut self, tx: &Transaction<'_>) -> Result<(), DbError> {
        if !std::mem::take(&mut self.dropped) {
            return Ok(());
        }
        let cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let threads: i64 = tx.query_row("PRAGMA threads", [], |r| r.get(0))?;
        tx.execute_batch(&format!(
            "PRAGMA cache_size = {SORT_CACHE_KIB}; PRAGMA threads = 2;"
        ))?;
        let built = tx.execute_batch(POI_INDEXES);
        tx.execute_batch(&format!(
            "PRAGMA cache_size = {cache}; PRAGMA threads = {threads};"
        ))?;
        Ok(built?)
    }
}

/// Writes the dataset record and removes everything of it not in `kept`; the POIs removed.
fn begin_dataset(
    tx: &Transaction<'_>,
    dataset: &DatasetRecord,
    kept: &BTreeSet<&str>,
    ts: i64,
) -> Result<u64, DbError> {
    tx.execute(
        "INSERT INTO datasets (id, portal, name, title, organization, licence, metadata_modified, harvested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET portal = excluded.portal, name = excluded.name,
           title = excluded.title, organization = excluded.organization, licence = excluded.licence,
           metadata_modified = excluded.metadata_modified, harvested_at = excluded.harvested_at",
        params![
            dataset.id,
            dataset.portal,
            dataset.name,
            dataset.title,
            dataset.organization,
            dataset.licence,
            dataset.metadata_modified,
            ts
        ],
    )?;
    // Everything of this dataset not kept as it is goes: changed resources are re-inserted
    // after, vanished ones stay gone.
    let stored: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM resources WHERE dataset_id = ?1
             UNION SELECT DISTINCT resource_id FROM pois WHERE dataset_id = ?1",
        )?;
        stmt.query_map([&dataset.id], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    let mut removed = 0;
    for rid in stored.iter().filter(|r| !kept.contains(r.as_str())) {
        removed += remove_resource(tx, &dataset.id, rid)?;
    }
    Ok(removed)
}

/// A dataset of one resource replaced batch by batch, as [`apply_dataset`] replaces it with
/// one [`ResourceUpdate::Changed`]: in one open transaction, so that a dataset read as a
/// stream is stored whole or not at all. Dropped before [`DatasetWriter::commit`] (an error,
/// a cancel, a file refused at its end), it rolls back: the previous dataset stays as it was.
pub struct DatasetWriter<'s> {
    tx: Transaction<'s>,
    dataset_id: String,
    record: ResourceRecord,
    report: ApplyReport,
    ts: i64,
    indexes: PoiIndexes,
}

impl DatasetRecord {
    /// Starts replacing this dataset with the one resource `record`, its rows to come in
    /// batches ([`DatasetWriter::insert`]): opens the transaction, writes the dataset record
    /// and removes what the dataset held.
    pub fn replace_in_batches<'s>(
        &self,
        store: &'s mut Store,
        record: ResourceRecord,
    ) -> Result<DatasetWriter<'s>, DbError> {
        DatasetWriter::begin(store, self, record)
    }
}

impl<'s> DatasetWriter<'s> {
    fn begin(
        store: &'s mut Store,
        dataset: &DatasetRecord,
        record: ResourceRecord,
    ) -> Result<DatasetWriter<'s>, DbError> {
        let tx = store.conn_mut().transaction()?;
        let ts = now();
        let removed = begin_dataset(&tx, dataset, &BTreeSet::new(), ts)?;
        Ok(DatasetWriter {
            tx,
            dataset_id: dataset.id.clone(),
            record,
            report: ApplyReport {
                removed,
                ..ApplyReport::default()
            },
            ts,
            indexes: PoiIndexes::default(),
        })
    }

    /// Inserts a batch of the resource's POIs and quarantine entries.
    pub fn insert(&mut self, batch: &Normalized) -> Result<(), DbError> {
        self.indexes.before_insert(&self.tx, batch.pois.len())?;
        self.report.inserted += insert_pois(&self.tx, &batch.pois)?;
        self.report.quarantined += insert_quarantine(
            &self.tx,
            &self.dataset_id,
            &self.record.id,
            &batch.quarantine,
        )?;
        Ok(())
    }

    /// Whether this replace has become a bulk load: the places' B-tree indexes are dropped,
    /// to be built again before the commit.
    pub fn rebuilds_indexes(&self) -> bool {
        self.indexes.dropped
    }

    /// Records the resource (`rows` read in all) and commits.
    pub fn commit(mut self, rows: u64) -> Result<ApplyReport, DbError> {
        self.indexes.restore(&self.tx)?;
        let report = self.report;
        let counts = (rows, report.inserted, report.quarantined);
        upsert_resource(
            &self.tx,
            &self.dataset_id,
            &self.record,
            Some(counts),
            self.ts,
        )?;
        if report.inserted > 0 || report.removed > 0 {
            super::near::bump(&self.tx)?;
        }
        self.tx.commit()?;
        Ok(report)
    }
}

/// The datasets harvested from `portal`: (id, title or name), by id.
pub fn portal_datasets(store: &Store, portal: &str) -> Result<Vec<(String, String)>, DbError> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, COALESCE(title, name) FROM datasets WHERE portal = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([portal], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Removes dataset `id` — its POIs, quarantine entries, resources and record — in one
/// transaction, as a replace does: a kill leaves it whole or gone. The POIs removed.
pub fn remove_dataset(store: &mut Store, id: &str) -> Result<u64, DbError> {
    let tx = store.conn_mut().transaction()?;
    let resources: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM resources WHERE dataset_id = ?1
             UNION SELECT DISTINCT resource_id FROM pois WHERE dataset_id = ?1",
        )?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    let mut removed = 0;
    for rid in &resources {
        removed += remove_resource(&tx, id, rid)?;
    }
    tx.execute("DELETE FROM quarantine WHERE dataset_id = ?1", [id])?;
    tx.execute("DELETE FROM datasets WHERE id = ?1", [id])?;
    if removed > 0 {
        super::near::bump(&tx)?;
    }
    tx.commit()?;
    Ok(removed)
}

fn remove_resource(tx: &Transaction<'_>, dataset: &str, resource: &str) -> Result<u64, DbError> {
    tx.execute(
        "DELETE FROM pois_fts WHERE rowid IN
           (SELECT rowid FROM pois WHERE dataset_id = ?1 AND resource_id = ?2)",
        params![dataset, resource],
    )?;
    let n = tx.execute(
        "DELETE FROM pois WHERE dataset_id = ?1 AND resource_id = ?2",
        params![dataset, resource],
    )?;
    tx.execute(
        "DELETE FROM quarantine WHERE dataset_id = ?1 AND resource_id = ?2",
        params![dataset, resource],
    )?;
    tx.execute(
        "DELETE FROM resources WHERE dataset_id = ?1 AND id = ?2",
        params![dataset, resource],
    )?;
    Ok(n as u64)
}

fn upsert_resource(
    tx: &Transaction<'_>,
    dataset: &str,
    r: &ResourceRecord,
    counts: Option<(u64, u64, u64)>,
    ts: i64,
) -> Result<(), DbError> {
    match counts {
        Some((rows, pois, quarantined)) => tx.execute(
            "INSERT INTO resources (id, dataset_id, url, format, etag, last_modified, sha256, rows, pois, quarantined, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(dataset_id, id) DO UPDATE SET url = excluded.url, format = excluded.format,
               etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
               rows = excluded.rows, pois = excluded.pois, quarantined = excluded.quarantined,
               fetched_at = excluded.fetched_at",
            params![
                r.id,
                dataset,
                r.url,
                r.format,
                r.validators.etag,
                r.validators.last_modified,
                r.validators.sha256,
                rows as i64,
                pois as i64,
                quarantined as i64,
                ts
            ],
        )?,
        None => tx.execute(
            "INSERT INTO resources (id, dataset_id, url, format, etag, last_modified, sha256, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(dataset_id, id) DO UPDATE SET url = excluded.url, format = excluded.format,
               etag = COALESCE(excluded.etag, etag),
               last_modified = COALESCE(excluded.last_modified, last_modified),
               sha256 = COALESCE(excluded.sha256, sha256), fetched_at = excluded.fetched_at",
            params![
                r.id,
                dataset,
                r.url,
                r.format,
                r.validators.etag,
                r.validators.last_modified,
                r.validators.sha256,
                ts
            ],
        )?,
    };
    Ok(())
}

fn insert_pois(tx: &Transaction<'_>, pois: &[Poi]) -> Result<u64, DbError> {
    let mut main = tx.prepare_cached(
        "INSERT INTO pois (id, dataset_id, resource_id, name, name_key, category, descriptions,
           address, comune, istat, lat, lon, opening_hours, phone, email, website, accessibility,
           licence, attribution)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    let mut fts = tx.prepare_cached(
        "INSERT INTO pois_fts (rowid, name, place, body) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut place = String::new();
    let mut body = String::new();
    for p in pois {
        let descriptions = if p.descriptions.is_empty() {
            None
        } else {
            Some(
                serde_json::to_string(&p.descriptions)
                    .map_err(|e| DbError::Corrupt(e.to_string()))?,
            )
        };
        main.execute(params![
            p.id,
            p.dataset_id,
            p.resource_id,
            p.name,
            fold(&p.name),
            p.category.as_str(),
            descriptions,
            p.address,
            p.comune,
            p.istat,
            p.lat,
            p.lon,
            p.opening_hours,
            p.phone,
            p.email,
            p.website,
            p.accessibility,
            p.licence,
            p.attribution
        ])?;
        let rowid = tx.last_insert_rowid();
        place.clear();
        for part in [&p.address, &p.comune].into_iter().flatten() {
            place.push_str(part);
            place.push(' ');
        }
        body.clear();
        body.push_str(p.category.search_words());
        for d in p.descriptions.values() {
            body.push(' ');
            body.push_str(d);
        }
        fts.execute(params![rowid, p.name, place, body])?;
    }
    Ok(pois.len() as u64)
}

fn insert_quarantine(
    tx: &Transaction<'_>,
    dataset: &str,
    resource: &str,
    entries: &[QuarantineEntry],
) -> Result<u64, DbError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO quarantine (dataset_id, resource_id, resource, row, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in entries {
        let reason =
            serde_json::to_string(&e.reason).map_err(|err| DbError::Corrupt(err.to_string()))?;
        stmt.execute(params![dataset, resource, e.resource, e.row as i64, reason])?;
    }
    Ok(entries.len() as u64)
}
