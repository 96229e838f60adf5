-- Places and the beacon → place registry of each comune, published to the apps. Portable SQL
-- for SQLite and PostgreSQL, as 0001.
--
-- Every write takes a new number from the counters row 'places' (inside its transaction: the
-- row stays locked until commit, so numbers commit in order) and stores it as the row's
-- version: a reader that saw version N has seen every write numbered below N, and "the
-- changes after cursor N" are the rows whose version is above N. A deleted row stays as a
-- tombstone (deleted = 1) so that an incremental read after it learns of the deletion.

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    comune TEXT NOT NULL REFERENCES comuni (istat),
    -- The place as the core's Poi (JSON).
    doc TEXT NOT NULL,
    version BIGINT NOT NULL,
    deleted BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX places_comune ON places (comune, version);

-- A beacon entry: one place, one beacon that may advertise an Eddystone-UID, an iBeacon id or
-- both. The id columns hold the core's canonical text (`eddystone-uid:NS:INSTANCE`,
-- `ibeacon:UUID:MAJOR:MINOR`) while the entry lives, NULL once deleted: a beacon stands at one
-- place of the whole aggregation at a time.
CREATE TABLE beacons (
    id TEXT PRIMARY KEY,
    comune TEXT NOT NULL REFERENCES comuni (istat),
    place_id TEXT NOT NULL REFERENCES places (id),
    eddystone_uid TEXT,
    ibeacon TEXT,
    -- The entry as the API shows it (JSON).
    doc TEXT NOT NULL,
    version BIGINT NOT NULL,
    deleted BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX beacons_comune ON beacons (comune, version);
CREATE INDEX beacons_place ON beacons (place_id);
CREATE UNIQUE INDEX beacons_eddystone_uid ON beacons (eddystone_uid);
CREATE UNIQUE INDEX beacons_ibeacon ON beacons (ibeacon);

INSERT INTO counters (name, value) VALUES ('places', 0);
-- 0 until the first start has loaded the bundled sample places (once, ever).
INSERT INTO counters (name, value) VALUES ('places_sample', 0);
