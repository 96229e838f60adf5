//! Numbered schema migrations. Append only: a released migration is never edited, a change is a
//! new migration with the next number.

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

/// One schema step: `version` is what `PRAGMA user_version` says once it has run.
#[derive(Debug)]
pub struct Migration {
    /// The schema version once it has run.
    pub version: i64,
    /// What it sets up.
    pub name: &'static str,
    /// Its SQL, run in one transaction.
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
    Migration {
        version: 4,
        name: "payment ledger: attempts, their notices, the transitions log and receipts",
        sql: MIGRATION_4_PAYMENT_LEDGER,
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
    Migration {
        version: 7,
        name: "a notice the creditor says is settled, without a receipt",
        sql: MIGRATION_7_SETTLED_PER_CREDITOR,
    },
    Migration {
        version: 8,
        name: "the hub: writes waiting to be sent, and what the device knows of its session",
        sql: MIGRATION_8_HUB,
    },
    Migration {
        version: 9,
        name: "the nearest-places index, versioned with the places, in place of the R*Tree",
        sql: MIGRATION_9_NEAR,
    },
    Migration {
        version: 10,
        name: "places: the unique index on the POI id named, so a bulk replace can rebuild it",
        sql: MIGRATION_10_POI_ID_INDEX,
    },
    Migration {
        version: 11,
        name: "places' full text: a larger in-memory buffer before each write to disk",
        sql: MIGRATION_11_FTS_HASHSIZE,
    },
    Migration {
        version: 12,
        name: "places' words for the nearest-first walk of a search near a point",
        sql: MIGRATION_12_NEAR_WORDS,
    },
];

/// The words of every place as a search's row test reads them, numbered, in the order of the
/// nearest-places index (`opendata::db::near::words::PlaceWords`): a search near a point tests
/// the places it walks against its words in memory instead of reading each one's row. Derived
/// and versioned like `pois_near`, built with it; kept apart so that opening a store and its
/// first query do not read it (it is as large as the index itself).
const MIGRATION_12_NEAR_WORDS: &str = r#"
CREATE TABLE pois_near_words (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    data       BLOB NOT NULL
);
"#;

/// FTS5 gathers new rows' terms in memory and writes them as a segment whenever that buffer
/// passes `hashsize` (1 MiB by default); segments are merged as they pile up. A replace of a
/// million places wrote hundreds of small segments and spent three fifths of its full-text time
/// merging them; with 32 MiB it writes a few large ones. It is a ceiling, not an allocation: a
/// transaction of a few rows holds a few rows' terms, and every commit writes what it holds.
/// Measured on 1,000,000 generated places (release, this 2-core machine): the full-text index
/// alone took 7.5 s with 1 MiB, 5.2 s with 16 MiB, 3.8 s with 64 MiB and 5.4 s with 256 MiB
/// (one huge segment written at the commit); the whole import took as long with 32 MiB as with
/// 64 MiB (10.1–10.7 s against 10.3–10.5 s) with a peak 55 MB lower (326–332 MB).
const MIGRATION_11_FTS_HASHSIZE: &str = r#"
INSERT INTO pois_fts (pois_fts, rank) VALUES ('hashsize', 33554432);
"#;

/// `pois.id` was `UNIQUE` in the table's definition: an index SQLite makes and never lets go.
/// A replace of hundreds of thousands of places spent most of its B-tree time inserting random
/// 80-bit ids into it; as a named index it can be dropped for such a replace and built again,
/// sorted, before the commit (`opendata::db::write`). The table is copied with its rowids, which
/// the full-text index and the nearest-places index refer to.
const MIGRATION_10_POI_ID_INDEX: &str = r#"
CREATE TABLE pois_v10 (
    rowid         INTEGER PRIMARY KEY,
    id            TEXT NOT NULL,
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
INSERT INTO pois_v10 (rowid, id, dataset_id, resource_id, name, name_key, category, descriptions,
    address, comune, istat, lat, lon, opening_hours, phone, email, website, accessibility,
    licence, attribution)
  SELECT rowid, id, dataset_id, resource_id, name, name_key, category, descriptions,
    address, comune, istat, lat, lon, opening_hours, phone, email, website, accessibility,
    licence, attribution FROM pois;
DROP TABLE pois;
ALTER TABLE pois_v10 RENAME TO pois;
CREATE UNIQUE INDEX pois_by_id ON pois(id);
CREATE INDEX pois_by_resource ON pois(dataset_id, resource_id);
CREATE INDEX pois_by_name_key ON pois(name_key);
"#;

/// The nearest-places index (`opendata::db::near`): `pois_version.generation` changes in every
/// transaction that changes `pois`; `pois_near` holds the index and the generation it was built
/// from, so a stale one is known and rebuilt. It answers bounding boxes too, so the R*Tree (a
/// fifth of the time of every insert) goes.
const MIGRATION_9_NEAR: &str = r#"
DROP TABLE pois_rtree;
CREATE TABLE pois_version (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO pois_version (id, generation) VALUES (1, 1);
CREATE TABLE pois_near (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    data       BLOB NOT NULL
);
"#;

/// Sync with the aggregation's hub (`hubsync`): the writes made offline wait in `hub_outbox`,
/// in the order they were made, each with the idempotency key it is sent with (so a retry is
/// applied once); `hub_state` keeps the hub's address, who is signed in (never the token: that
/// is in the OS keyring) and when the last sync ended.
const MIGRATION_8_HUB: &str = r#"
CREATE TABLE hub_outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT NOT NULL UNIQUE,
    method      TEXT NOT NULL CHECK (method IN ('POST', 'PUT', 'DELETE')),
    path        TEXT NOT NULL,
    body        TEXT NOT NULL,
    practice_id TEXT,
    what        TEXT NOT NULL,
    queued_at   TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
    tries       INTEGER NOT NULL DEFAULT 0,
    status      INTEGER,
    answer      TEXT,
    last_error  TEXT,
    done_at     TEXT
);
CREATE INDEX hub_outbox_pending ON hub_outbox(state, seq);
CREATE TABLE hub_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#;

/// The pagoPA payment ledger (`pagopa::ledger`). What SQL can enforce is enforced here, so that
/// no code path (nor a second process on the same file) can break it:
/// - at most one open attempt per notice (a partial unique index);
/// - a closed attempt never changes state, and only the ledger's transitions are allowed;
/// - an attempt is `paid` only when every notice of it carries the platform's evidence;
/// - a checkout URL, once recorded, never changes; attempts are never deleted;
/// - the transitions log and the receipts are append-only.
const MIGRATION_4_PAYMENT_LEDGER: &str = r#"
CREATE TABLE payment_attempts (
    id                  INTEGER PRIMARY KEY,
    state               TEXT NOT NULL CHECK (state IN
                            ('draft', 'verified', 'checkout-started', 'unknown',
                             'paid', 'failed', 'cancelled', 'expired')),
    reason              TEXT,
    -- The network call under way: written (committed) before the call, cleared after it.
    pending_call        TEXT CHECK (pending_call IN ('verify', 'cart')),
    pending_since       INTEGER,
    -- From this time a cart may exist at the platform (set before POST /carts).
    cart_requested_at   INTEGER,
    checkout_url        TEXT,
    checkout_started_at INTEGER,
    -- Until when the payer may still pay through the checkout URL.
    session_until       INTEGER,
    return_hint         TEXT CHECK (return_hint IN ('ok', 'cancel', 'error')),
    return_hint_at      INTEGER,
    last_error          TEXT,
    last_checked_at     INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    closed_at           INTEGER,
    version             INTEGER NOT NULL DEFAULT 0,
    CHECK (state <> 'checkout-started' OR (checkout_url IS NOT NULL AND session_until IS NOT NULL)),
    CHECK ((closed_at IS NOT NULL) = (state IN ('paid', 'failed', 'cancelled', 'expired')))
);
CREATE INDEX payment_attempts_open ON payment_attempts(state)
    WHERE state IN ('draft', 'verified', 'checkout-started', 'unknown');

CREATE TABLE payment_attempt_notices (
    attempt_id        INTEGER NOT NULL REFERENCES payment_attempts(id),
    position          INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),
    rpt_id            TEXT NOT NULL CHECK (length(rpt_id) = 29),
    -- 1 while the attempt is open (kept by the trigger below).
    open              INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
    amount_cents      INTEGER CHECK (amount_cents > 0),
    description       TEXT,
    due_date          TEXT,
    payee_name        TEXT,
    payee_fiscal_code TEXT,
    -- The platform's last word on the notice, and when.
    outcome           TEXT CHECK (outcome IN
                          ('payable', 'paid', 'in-progress', 'expired', 'revoked',
                           'unknown-notice', 'data-error')),
    outcome_at        INTEGER,
    -- What the platform said that proves the notice paid (JSON).
    paid_evidence     TEXT,
    PRIMARY KEY (attempt_id, position),
    UNIQUE (attempt_id, rpt_id),
    CHECK (paid_evidence IS NULL OR outcome = 'paid')
);
CREATE UNIQUE INDEX payment_one_open_attempt_per_notice
    ON payment_attempt_notices(rpt_id) WHERE open = 1;
CREATE INDEX payment_attempt_notices_by_rpt ON payment_attempt_notices(rpt_id);

CREATE TABLE payment_transitions (
    id          INTEGER PRIMARY KEY,
    attempt_id  INTEGER NOT NULL REFERENCES payment_attempts(id),
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('state', 'call', 'answer', 'hint')),
    from_state  TEXT,
    to_state    TEXT,
    detail      TEXT
);
CREATE INDEX payment_transitions_by_attempt ON payment_transitions(attempt_id, id);

CREATE TABLE payment_receipts (
    rpt_id       TEXT PRIMARY KEY CHECK (length(rpt_id) = 29),
    attempt_id   INTEGER REFERENCES payment_attempts(id),
    amount_cents INTEGER,
    description  TEXT,
    payee_name   TEXT,
    evidence     TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL
);

-- Every state an attempt takes is logged, from its creation on.
CREATE TRIGGER payment_attempts_log_insert AFTER INSERT ON payment_attempts
BEGIN
    INSERT INTO payment_transitions (attempt_id, at, kind, from_state, to_state, detail)
    VALUES (NEW.id, NEW.created_at, 'state', NULL, NEW.state, NEW.reason);
END;
CREATE TRIGGER payment_attempts_log_state AFTER UPDATE OF state ON payment_attempts
WHEN OLD.state <> NEW.state
BEGIN
    INSERT INTO payment_transitions (attempt_id, at, kind, from_state, to_state, detail)
    VALUES (NEW.id, NEW.updated_at, 'state', OLD.state, NEW.state, NEW.reason);
    UPDATE payment_attempt_notices
       SET open = (NEW.state IN ('draft', 'verified', 'checkout-started', 'unknown'))
     WHERE attempt_id = NEW.id;
END;
-- Only the ledger's transitions; a closed attempt is final.
CREATE TRIGGER payment_attempts_transitions BEFORE UPDATE OF state ON payment_attempts
WHEN OLD.state <> NEW.state AND NOT (
       (OLD.state = 'draft' AND NEW.state IN
            ('verified', 'unknown', 'paid', 'failed', 'cancelled', 'expired'))
    OR (OLD.state = 'verified' AND NEW.state IN
            ('checkout-started', 'unknown', 'paid', 'failed', 'cancelled', 'expired'))
    OR (OLD.state IN ('checkout-started', 'unknown') AND NEW.state IN
            ('paid', 'failed', 'cancelled', 'expired')))
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: transition not allowed');
END;
CREATE TRIGGER payment_attempts_paid_needs_evidence BEFORE UPDATE OF state ON payment_attempts
WHEN NEW.state = 'paid' AND EXISTS (
    SELECT 1 FROM payment_attempt_notices WHERE attempt_id = NEW.id AND paid_evidence IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: paid without the platform''s evidence');
END;
CREATE TRIGGER payment_attempts_url_once BEFORE UPDATE OF checkout_url ON payment_attempts
WHEN OLD.checkout_url IS NOT NULL AND NEW.checkout_url IS NOT OLD.checkout_url
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: a checkout URL never changes');
END;
CREATE TRIGGER payment_attempts_kept BEFORE DELETE ON payment_attempts
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: attempts are never deleted');
END;
CREATE TRIGGER payment_attempt_notices_kept BEFORE DELETE ON payment_attempt_notices
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: attempts are never deleted');
END;
CREATE TRIGGER payment_evidence_once BEFORE UPDATE OF paid_evidence ON payment_attempt_notices
WHEN OLD.paid_evidence IS NOT NULL AND NEW.paid_evidence IS NOT OLD.paid_evidence
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: evidence of payment is never changed');
END;
CREATE TRIGGER payment_paid_outcome_final BEFORE UPDATE OF outcome ON payment_attempt_notices
WHEN OLD.outcome = 'paid' AND NEW.outcome <> 'paid'
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: a paid notice stays paid');
END;
CREATE TRIGGER payment_transitions_no_update BEFORE UPDATE ON payment_transitions
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: the transitions log is append-only');
END;
CREATE TRIGGER payment_transitions_no_delete BEFORE DELETE ON payment_transitions
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: the transitions log is append-only');
END;
CREATE TRIGGER payment_receipts_no_update BEFORE UPDATE ON payment_receipts
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: receipts are kept as recorded');
END;
CREATE TRIGGER payment_receipts_no_delete BEFORE DELETE ON payment_receipts
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: receipts are kept as recorded');
END;
"#;

/// SQLite cannot change a CHECK constraint: the notices of the payment attempts are copied into
/// a table that also allows the outcome `settled-per-creditor`, with their indexes and
/// triggers made again as migration 4 made them (the attempts' triggers that name the notices
/// too: SQLite checks them when the new table takes the old one's name).
const MIGRATION_7_SETTLED_PER_CREDITOR: &str = r#"
DROP TRIGGER payment_attempts_log_state;
DROP TRIGGER payment_attempts_paid_needs_evidence;
CREATE TABLE payment_attempt_notices_v7 (
    attempt_id        INTEGER NOT NULL REFERENCES payment_attempts(id),
    position          INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),
    rpt_id            TEXT NOT NULL CHECK (length(rpt_id) = 29),
    open              INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
    amount_cents      INTEGER CHECK (amount_cents > 0),
    description       TEXT,
    due_date          TEXT,
    payee_name        TEXT,
    payee_fiscal_code TEXT,
    outcome           TEXT CHECK (outcome IN
                          ('payable', 'paid', 'in-progress', 'expired', 'revoked',
                           'unknown-notice', 'data-error', 'settled-per-creditor')),
    outcome_at        INTEGER,
    paid_evidence     TEXT,
    PRIMARY KEY (attempt_id, position),
    UNIQUE (attempt_id, rpt_id),
    CHECK (paid_evidence IS NULL OR outcome = 'paid')
);
INSERT INTO payment_attempt_notices_v7
    SELECT attempt_id, position, rpt_id, open, amount_cents, description, due_date, payee_name,
           payee_fiscal_code, outcome, outcome_at, paid_evidence
      FROM payment_attempt_notices;
DROP TABLE payment_attempt_notices;
ALTER TABLE payment_attempt_notices_v7 RENAME TO payment_attempt_notices;
CREATE UNIQUE INDEX payment_one_open_attempt_per_notice
    ON payment_attempt_notices(rpt_id) WHERE open = 1;
CREATE INDEX payment_attempt_notices_by_rpt ON payment_attempt_notices(rpt_id);
CREATE TRIGGER payment_attempt_notices_kept BEFORE DELETE ON payment_attempt_notices
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: attempts are never deleted');
END;
CREATE TRIGGER payment_evidence_once BEFORE UPDATE OF paid_evidence ON payment_attempt_notices
WHEN OLD.paid_evidence IS NOT NULL AND NEW.paid_evidence IS NOT OLD.paid_evidence
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: evidence of payment is never changed');
END;
CREATE TRIGGER payment_paid_outcome_final BEFORE UPDATE OF outcome ON payment_attempt_notices
WHEN OLD.outcome = 'paid' AND NEW.outcome <> 'paid'
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: a paid notice stays paid');
END;
CREATE TRIGGER payment_attempts_log_state AFTER UPDATE OF state ON payment_attempts
WHEN OLD.state <> NEW.state
BEGIN
    INSERT INTO payment_transitions (attempt_id, at, kind, from_state, to_state, detail)
    VALUES (NEW.id, NEW.updated_at, 'state', OLD.state, NEW.state, NEW.reason);
    UPDATE payment_attempt_notices
       SET open = (NEW.state IN ('draft', 'verified', 'checkout-started', 'unknown'))
     WHERE attempt_id = NEW.id;
END;
CREATE TRIGGER payment_attempts_paid_needs_evidence BEFORE UPDATE OF state ON payment_attempts
WHEN NEW.state = 'paid' AND EXISTS (
    SELECT 1 FROM payment_attempt_notices WHERE attempt_id = NEW.id AND paid_evidence IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'payment ledger: paid without the platform''s evidence');
END;
"#;

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
        // Another process may be migrating the same file: take the write lock first
        // (IMMEDIATE), then look again at the version under it, so each step runs once.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(fail)?;
        if now >= m.version {
            continue;
        }
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

    /// Migration 7 rebuilds the attempts' notices: what was stored is kept, and the ledger's
    /// triggers still guard it.
    #[test]
    fn notices_stored_before_version_7_are_kept_and_still_guarded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v6.db");
        let rpt = "00085240950300715700000000032";
        {
            let c = create_at_version(&path, 6).unwrap();
            c.execute_batch(&format!(
                "INSERT INTO payment_attempts (id, state, created_at, updated_at)
                     VALUES (1, 'draft', 0, 0);
                 INSERT INTO payment_attempt_notices (attempt_id, position, rpt_id, amount_cents,
                     outcome) VALUES (1, 0, '{rpt}', 12000, 'payable');"
            ))
            .unwrap();
        }
        let mut store = crate::store::Store::open(&path).unwrap();
        let c = store.conn_mut();
        let kept: (String, i64, String, i64) = c
            .query_row(
                "SELECT rpt_id, amount_cents, outcome, open FROM payment_attempt_notices",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(kept, (rpt.to_string(), 12_000, "payable".to_string(), 1));
        c.execute(
            "UPDATE payment_attempt_notices SET outcome = 'settled-per-creditor'",
            [],
        )
        .unwrap();
        // The attempts' triggers still reach the notices: closing frees them, and logs it.
        c.execute(
            "UPDATE payment_attempts SET state = 'failed', closed_at = 1, updated_at = 1",
            [],
        )
        .unwrap();
        let open: i64 = c
            .query_row("SELECT open FROM payment_attempt_notices", [], |r| r.get(0))
            .unwrap();
        assert_eq!(open, 0);
        assert!(
            c.execute("DELETE FROM payment_attempt_notices", [])
                .is_err()
        );
        assert!(
            c.execute("UPDATE payment_attempt_notices SET outcome = 'made-up'", [])
                .is_err()
        );
    }
}
