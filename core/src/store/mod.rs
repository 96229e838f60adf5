//! The on-device SQLite database: bundled SQLite (FTS5, R*Tree), WAL, numbered migrations.
//!
//! Every front opens the same file through [`Store::open`]; migrations run on open, each in its
//! own transaction, so a database made by an older Campanile is brought up to date and keeps its
//! data.

mod migrations;
mod pool;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use migrations::{MIGRATIONS, Migration, create_at_version};
pub use pool::Db;

/// Why the database could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file cannot be opened or set up (WAL, pragmas).
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} was made by a newer Campanile (schema {found}, this one knows up to {known})"
    )]
    /// A newer Campanile made the file: this one does not touch it.
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    #[error("migration {version} ({name}) failed: {source}")]
    /// A migration failed; it was rolled back whole.
    Migration {
        /// The migration's number.
        version: i64,
        /// Its name.
        name: &'static str,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A statement failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Prepared statements kept per connection (rusqlite's default is 16): a search uses about
/// twenty, some written per size of an `IN` list, and one evicted is prepared again.
const STATEMENT_CACHE: usize = 64;

/// Plans that do not depend on the values bound (SQLite's query planner stability guarantee).
///
/// Without it SQLite prepares a statement again when a value bound to it could change its
/// plan: among others, an equality with 0 or 1 against one with any other integer. FTS5 looks
/// a term up in each segment of its index with one statement, `… WHERE segid = ? AND term <= ?`,
/// and the segments are numbered from 1: every search prepared that statement again, once
/// or more a word (a statement's parse and plan each time). Measured with callgrind on
/// 50,000 generated places, 150 searches: 150 re-prepares, 608.5 → 569.2 million
/// instructions with the guarantee (−6.5 %, start-up included).
/// What it costs: a plan that a bound value would improve (a `LIKE ?`, a partial index matched
/// by a bound value) is not made. The store's queries write such values into their SQL
/// (the payments' partial indexes are matched by literal states), and the limits the full-text
/// index reads are written literally too (`opendata::db::query`).
fn plan_once(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The SQL functions queries use: `campanile_fold(text)` ([`crate::text::fold`]). Registered
/// once per connection when it opens: (re)defining a function makes SQLite throw away every
/// prepared statement of the connection.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "campanile_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(s.map(|s| crate::text::fold(&s)))
        },
    )
}

/// An open Campanile database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The clock that dates what is written (the host's, through the handle).
    clock: std::sync::Arc<dyn crate::host::Clock>,
    /// An index derived from the tables, kept in memory between queries by the module that
    /// owns it (it checks it is current) and shared by every connection of one [`Db`].
    derived: Derived,
}

/// See [`Store::derived`].
pub type Derived =
    std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>>>;

impl Store {
    /// Dates what is written from now on by `clock` (the system's by default).
    pub fn set_clock(&mut self, clock: std::sync::Arc<dyn crate::host::Clock>) {
        self.clock = clock;
    }

    /// Now, by the store's clock.
    pub fn now(&self) -> crate::time::Instant {
        crate::time::Instant::now(self.clock.as_ref())
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            // A missing folder is created; a failure shows up as an open error below.
            let _ = std::fs::create_dir_all(parent);
        }
        let conn = Connection::open(&path).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Self::with_connection(conn, path)
    }

    /// Opens an existing database with `flags` (a read-only reader of [`Db`]), without
    /// migrating it: the writer did.
    pub(crate) fn open_with_flags(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -16_384)
            .map_err(open_err)?;
        register_functions(&conn).map_err(open_err)?;
        plan_once(&conn).map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            clock: std::sync::Arc::new(crate::host::SystemClock),
            derived: Derived::default(),
        })
    }

    /// An in-memory database, for tests and throwaway work.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        Self::with_connection(conn, PathBuf::from(":memory:"))
    }

    fn with_connection(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // WAL: readers never block the writer, and a killed writer leaves the last committed
        // state whole. synchronous=NORMAL is durable across process kills in WAL mode.
        set_wal(&conn).map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // 64 MiB of page cache (the default is 2 MiB): a harvest inserts into several indexes
        // at random keys, and a cache smaller than the indexes makes every insert a disk read.
        conn.pragma_update(None, "cache_size", -65_536)
            .map_err(open_err)?;
        register_functions(&conn).map_err(open_err)?;
        plan_once(&conn).map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mut store = Store {
            conn,
            path,
            clock: std::sync::Arc::new(crate::host::SystemClock),
            derived: Derived::default(),
        };
        migrations::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Where the database lives (`:memory:` for in-memory ones).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The in-memory copy of an index derived from the tables (one per database: the
    /// nearest-places index).
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// Shares `derived` with another connection to the same database.
    pub(crate) fn share_derived(&mut self, derived: Derived) {
        self.derived = derived;
    }

    /// The underlying connection, for the modules that own tables.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection, mutably (transactions).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl crate::i18n::Localize for StoreError {
    fn message(&self) -> (String, Vec<(&'static str, crate::i18n::Arg)>) {
        let path = match self {
            StoreError::Open { path, .. } | StoreError::TooNew { path, .. } => {
                path.display().to_string()
            }
            StoreError::Migration { .. } | StoreError::Sqlite(_) => String::new(),
        };
        (
            "cli-error-database".to_string(),
            vec![("path", path.into()), ("detail", self.to_string().into())],
        )
    }
}

/// Puts the database in WAL mode (it stays so). Turning a new file to WAL takes its exclusive
/// lock, and SQLite may answer "busy" at once, without waiting the busy timeout, when other
/// processes are opening the same new file: so it is asked again, for up to ten seconds.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let busy = |e: &rusqlite::Error| {
        matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        ) && std::time::Instant::now() < deadline
    };
    loop {
        let mode = conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0));
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => match conn.pragma_update(None, "journal_mode", "WAL") {
                Ok(()) => return Ok(()),
                Err(e) if busy(&e) => {}
                Err(e) => return Err(e),
            },
            Err(e) if busy(&e) => {}
            Err(e) => return Err(e),
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_and_rtree_are_compiled_in() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        c.execute_batch(
            "CREATE VIRTUAL TABLE t_fts USING fts5(a, tokenize='unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE t_rt USING rtree(id, a, b);",
        )
        .unwrap();
    }

    #[test]
    fn fresh_database_is_at_the_latest_schema_and_in_wal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("sub/c.db")).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            MIGRATIONS.last().unwrap().version
        );
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
