//! Points of interest in SQLite: atomic per-dataset replacement and the queries.
