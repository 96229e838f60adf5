//! The on-device SQLite database: bundled SQLite (FTS5, R*Tree), WAL, numbered migrations.
