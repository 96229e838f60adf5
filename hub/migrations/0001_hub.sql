-- The hub's schema, one for SQLite and PostgreSQL: portable SQL only (TEXT, BIGINT, DOUBLE
-- PRECISION; times as RFC 3339 text; sequence numbers from the counters table, not from
-- AUTOINCREMENT or SERIAL).

CREATE TABLE comuni (
    istat TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL
);

-- The procedures catalog; doc is the procedure as the core's catalog writes it (JSON).
CREATE TABLE procedures (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    domain TEXT NOT NULL,
    regime TEXT NOT NULL,
    term_days BIGINT,
    doc TEXT NOT NULL
);

CREATE TABLE practices (
    id TEXT PRIMARY KEY,
    procedure_id TEXT REFERENCES procedures (id),
    domain TEXT NOT NULL,
    regime TEXT NOT NULL,
    term_days BIGINT,
    comune TEXT NOT NULL REFERENCES comuni (istat),
    applicant TEXT NOT NULL,
    subject TEXT NOT NULL,
    state TEXT NOT NULL,
    holder TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX practices_applicant ON practices (applicant, created_at);
CREATE INDEX practices_comune ON practices (comune, created_at);

-- The timeline, append only.
CREATE TABLE practice_events (
    practice_id TEXT NOT NULL REFERENCES practices (id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    state_after TEXT NOT NULL,
    note TEXT,
    attachments TEXT NOT NULL,
    PRIMARY KEY (practice_id, seq)
);

-- The changes feed per person. seq comes from counters ('changes'), taken inside the writing
-- transaction: the counter's row stays locked until commit, so a lower seq always commits
-- before a higher one, as the core's feed promises.
CREATE TABLE changes (
    seq BIGINT PRIMARY KEY,
    person TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    event TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX changes_person ON changes (person, seq);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('changes', 0);

-- Writes already applied, by the caller and the Idempotency-Key they sent: a retry is
-- answered with the stored status and body.
CREATE TABLE idempotency (
    subject TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (subject, idem_key)
);
