-- Debt positions linked to practices (the hub as pagoPA gateway). Portable SQL for SQLite and
-- PostgreSQL, as 0001. The position's truth (status, payments, receipts) stays at GPD and is
-- read from there; the hub keeps the link, who may see it, and the position file it was
-- created from (the debtor and the creditor's contacts the printed notice needs, which GPD
-- does not give back). No key is ever stored here.
CREATE TABLE positions (
    iupd TEXT PRIMARY KEY,
    creditor TEXT NOT NULL,
    practice_id TEXT NOT NULL REFERENCES practices (id),
    comune TEXT NOT NULL REFERENCES comuni (istat),
    position_file TEXT NOT NULL,
    published BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX positions_practice ON positions (practice_id);
