//! Numbered schema migrations. Append only: a released migration is never edited, a change is a
//! new migration with the next number.

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

/// One schema step: `version` is what `PRAGMA user_version` says once it has run.
#[derive(Debug)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "points of interest with full-text and spatial indexes",
        sql: r#"
CREATE TABLE pois (
    rowid         INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    dataset_id    TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    category      TEXT NOT NULL,
    descriptions  TEXT,
    address       TEXT,
    comune        TEXT,
    istat         TEXT,
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    opening_hours TEXT,
    phone         TEXT,
    email         TEXT,
    website       TEXT,
    accessibility TEXT,
    licence       TEXT,
    attribution   TEXT
);
CREATE INDEX pois_by_resource ON pois(dataset_id, resource_id);
CREATE INDEX pois_by_name_key ON pois(name_key);
-- Contentless: the text lives in `pois`; the index only maps tokens to rowids.
CREATE VIRTUAL TABLE pois_fts USING fts5(
    name, place, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE VIRTUAL TABLE pois_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
"#,
    },
    Migration {
        version: 2,
        name: "harvest state: datasets, resources and the quarantine report",
        sql: r#"
CREATE TABLE datasets (
    id                TEXT PRIMARY KEY,
    portal            TEXT,
    name              TEXT NOT NULL,
    title             TEXT,
    organization      TEXT,
    licence           TEXT,
    metadata_modified TEXT,
    harvested_at      INTEGER NOT NULL
);
CREATE TABLE resources (
    id            TEXT NOT NULL,
    dataset_id    TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    format        TEXT,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT,
    rows          INTEGER NOT NULL DEFAULT 0,
    pois          INTEGER NOT NULL DEFAULT 0,
    quarantined   INTEGER NOT NULL DEFAULT 0,
    fetched_at    INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, id)
);
CREATE TABLE quarantine (
    dataset_id  TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    resource    TEXT NOT NULL,
    row         INTEGER NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX quarantine_by_resource ON quarantine(dataset_id, resource_id);
-- POIs stored by schema 1 had no dataset record: give them one so they stay listed.
INSERT INTO datasets (id, name, harvested_at)
    SELECT DISTINCT dataset_id, dataset_id, CAST(strftime('%s','now') AS INTEGER) FROM pois;
"#,
    },
    Migration {
        version: 3,
        name: "beacons: the beacon to point-of-interest registry and the opt-in visitor flow",
        sql: r#"
-- One row a beacon. POIs are replaced on re-harvest, so no foreign key: the POI id and a
-- display name are kept here.
CREATE TABLE beacon_registry (
    beacon      TEXT PRIMARY KEY,
    poi_id      TEXT NOT NULL,
    name        TEXT NOT NULL,
    enter_m     REAL,
    exit_m      REAL,
    power_at_1m INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX beacon_registry_by_poi ON beacon_registry(poi_id);
-- Visits a POI an hour, counted on the device only when the visitor opted in. No device ids.
CREATE TABLE beacon_flow (
    poi_id     TEXT NOT NULL,
    hour_start INTEGER NOT NULL,
    visits     INTEGER NOT NULL,
    PRIMARY KEY (poi_id, hour_start)
);
"#,
    },
    // Placeholder so that versions stay consecutive on this branch: version 4 belongs to
    // another branch and replaces this entry when the branches are merged.
    Migration {
        version: 4,
        name: "placeholder",
        sql: "",
    },
    Migration {
        version: 5,
        name: "practices: procedures catalog, practices and their timeline, the changes feed",
        sql: r#"
-- The procedures catalog (D.Lgs 33/2013 art. 35). Lists are JSON arrays of strings.
CREATE TABLE procedures (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    description         TEXT,
    domain              TEXT NOT NULL,
    legal_references    TEXT NOT NULL DEFAULT '[]',
    office              TEXT,
    office_contacts     TEXT,
    official            TEXT,
    official_contacts   TEXT,
    substitute          TEXT,
    substitute_contacts TEXT,
    term_days           INTEGER,
    ending              TEXT NOT NULL,
    regime              TEXT NOT NULL,
    documents           TEXT NOT NULL DEFAULT '[]',
    forms               TEXT NOT NULL DEFAULT '[]',
    fees                TEXT,
    remedies            TEXT,
    online_service      TEXT,
    updated_at          INTEGER NOT NULL
);
-- Folded text (accents, case, apostrophes removed), so the search is accent-blind.
CREATE VIRTUAL TABLE procedures_fts USING fts5(
    id UNINDEXED, name, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TABLE practices (
    id           TEXT PRIMARY KEY,
    procedure_id TEXT,
    domain       TEXT NOT NULL,
    regime       TEXT NOT NULL,
    term_days    INTEGER,
    comune       TEXT,
    applicant    TEXT NOT NULL,
    subject      TEXT NOT NULL,
    state        TEXT NOT NULL,
    holder       TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX practices_by_applicant ON practices(applicant);
-- The timeline: append only (the triggers refuse any change to a written event).
CREATE TABLE practice_events (
    practice_id TEXT NOT NULL REFERENCES practices(id),
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    state_after TEXT NOT NULL,
    note        TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (practice_id, seq)
);
CREATE TRIGGER practice_events_append_only_update BEFORE UPDATE ON practice_events
BEGIN SELECT RAISE(ABORT, 'practice events are append-only'); END;
CREATE TRIGGER practice_events_append_only_delete BEFORE DELETE ON practice_events
BEGIN SELECT RAISE(ABORT, 'practice events are append-only'); END;
-- The changes feed, per person: practices now, invoices (kind 'invoice') and reminders too.
-- seq is the cursor: AUTOINCREMENT never reuses a number, and SQLite's single writer commits
-- them in order, so a reader that saw seq N has seen every change below N.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    person     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    event      TEXT NOT NULL,
    at         TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}',
    dedup_key  TEXT UNIQUE
);
CREATE INDEX changes_by_person ON changes(person, seq);
-- Patron-saint days that override the shipped assets/patron-saints.csv, by ISTAT code.
CREATE TABLE patron_days (
    istat    TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    province TEXT,
    saint    TEXT NOT NULL,
    day      TEXT NOT NULL
);
"#,
    },
    Migration {
        version: 6,
        name: "supplier invoices",
        sql: r#"
-- One row a received file (the SdI unit: one IdentificativoSdI a file).
CREATE TABLE invoice_files (
    id             INTEGER PRIMARY KEY,
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL UNIQUE,
    format         TEXT NOT NULL,
    transmitter    TEXT NOT NULL,
    progressive    TEXT NOT NULL,
    recipient_code TEXT NOT NULL,
    encoding       TEXT NOT NULL,
    -- JSON array of the verified signers when the file came in a signed envelope, else NULL.
    signers        TEXT,
    sdi_id         TEXT,
    imported_at    INTEGER NOT NULL
);
CREATE INDEX invoice_files_by_sdi_id ON invoice_files(sdi_id);
-- One row an invoice (a FatturaElettronicaBody of a file).
CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES invoice_files(id),
    position       INTEGER NOT NULL,
    supplier_vat   TEXT NOT NULL,
    supplier_name  TEXT NOT NULL,
    customer_name  TEXT NOT NULL,
    customer_id    TEXT,
    document_type  TEXT NOT NULL,
    number         TEXT NOT NULL,
    date           TEXT NOT NULL,
    currency       TEXT NOT NULL,
    total_cents    INTEGER NOT NULL,
    total_source   TEXT NOT NULL,
    description    TEXT,
    -- JSON of the payment terms (DatiPagamento) as read.
    payments       TEXT NOT NULL,
    UNIQUE (file_id, position)
);
CREATE INDEX invoices_by_supplier_number ON invoices(supplier_vat, number);
-- What happened to each invoice, append only: the id only grows (AUTOINCREMENT never reuses
-- one), so a changes feed can read "everything after id N".
CREATE TABLE invoice_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
    recorded_at INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    on_date     TEXT,
    detail      TEXT NOT NULL
);
CREATE INDEX invoice_events_by_invoice ON invoice_events(invoice_id, id);
CREATE TRIGGER invoice_events_no_update BEFORE UPDATE ON invoice_events
    BEGIN SELECT RAISE(ABORT, 'invoice_events is append-only'); END;
CREATE TRIGGER invoice_events_no_delete BEFORE DELETE ON invoice_events
    BEGIN SELECT RAISE(ABORT, 'invoice_events is append-only'); END;
"#,
    },
];

/// Applies every migration newer than the database's version.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    migrate_to(conn, path, i64::MAX)
}

/// Applies migrations up to `target` (inclusive). Public to the crate for the migration tests,
/// which build databases as older versions left them.
pub(crate) fn migrate_to(
    conn: &mut Connection,
    path: &Path,
    target: i64,
) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.last().map_or(0, |m| m.version);
    if current > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: current,
            known,
        });
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        let fail = |source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        };
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(m.sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        tracing::info!(version = m.version, name = m.name, "schema migrated");
    }
    Ok(())
}

/// Builds a database as the given schema version left it (for migration tests of any module).
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: i64) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    migrate_to(&mut conn, path, version)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "migration {}", m.name);
        }
    }

    #[test]
    fn a_newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 999).unwrap();
        }
        match crate::store::Store::open(&path) {
            Err(StoreError::TooNew { found: 999, .. }) => {}
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("a database from a newer schema was opened"),
        }
    }
}
