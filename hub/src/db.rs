//! The store: one sqlx pool over SQLite (the default) or PostgreSQL (when the URL says so),
//! the migrations (one set, portable SQL, for both) and the first start's data.

use std::path::Path;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Transaction};

use crate::config::is_postgres;
use crate::seed;

/// The database, shared by every request.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    /// Where transactions begin: on a SQLite file a pool of one connection of its own (see
    /// [`Db::begin`]); otherwise `pool` itself.
    writer: AnyPool,
    /// On a SQLite file, a connection of its own for the background checkpoints.
    checkpoints: Option<AnyPool>,
    postgres: bool,
}

/// The pool's options. On SQLite every connection runs in WAL mode with `synchronous =
/// NORMAL`: readers never wait for the writer nor the writer for them, and a commit appends to
/// the log without waiting for the disk (it is synced at checkpoints). A commit survives the
/// hub being killed at any moment; only a power loss or an OS crash may take back the last
/// commits, never corrupt the file. (The default rollback journal with `synchronous = FULL`
/// syncs the disk several times per commit: a few hundred writes a second at most.)
///
/// The checkpoints (the log copied into the file, each syncing the disk twice) run in the
/// background, on a connection of their own, every [`CHECKPOINT_EVERY`]: SQLite's own, run by
/// the commit that brings the log to 1000 pages, held the one writer — and every write queued
/// behind it — for as long as the disk took to sync, tens of milliseconds on a busy disk, about
/// every hundred writes. A connection's own checkpoint stays as a backstop, at 8000 pages (32
/// MiB of log): the log begins again from its start only after a checkpoint that a write did
/// not overtake, which under a steady stream of writes is the writer's own.
fn pool_options(postgres: bool, max_connections: u32) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10));
    if postgres {
        return options;
    }
    // No ping of a connection before lending it: it is a file opened by this process, and on
    // SQLite a ping is one more round trip to the connection's thread on every read and every
    // write (on the one writer, one more turn held by every write).
    options.test_before_acquire(false).after_connect(|conn, _| {
        Box::pin(async move {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA wal_autocheckpoint = 8000")
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    })
}

/// How often the background checkpoint runs (see [`pool_options`]).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);

/// Checkpoints the log of the SQLite file of `pool` (`PASSIVE`: as far as the readers allow,
/// never waiting for them nor for the writer) every [`CHECKPOINT_EVERY`], until the pool is
/// closed.
fn spawn_checkpoints(pool: AnyPool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    break;
                }
                tracing::warn!(error = %e, "cannot checkpoint the database's log");
            }
        }
    });
}

/// Whether a SQLite URL names an in-memory database (each pool would get its own).
fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// Why the database cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Connecting failed.
    #[error("cannot open the database: {0}")]
    Connect(sqlx::Error),
    /// The migrations failed.
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Loading the first start's data failed.
    #[error("cannot load the comuni and the procedures catalog: {0}")]
    Seed(String),
}

/// The migrations, the same for SQLite and PostgreSQL.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens the database at `url`, brings its schema up to date and, when it has no comuni
    /// yet, loads the aggregation's comuni and the procedures catalog.
    pub async fn open(url: &str) -> Result<Db, DbError> {
        install_default_drivers();
        let postgres = is_postgres(url);
        if !postgres
            && let Some(path) = url
                .strip_prefix("sqlite://")
                .map(|p| p.split('?').next().unwrap_or(p))
            && let Some(dir) = Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Connect(sqlx::Error::Io(e)))?;
        }
        let pool = pool_options(postgres, if postgres { 16 } else { 8 })
            .connect(url)
            .await
            .map_err(DbError::Connect)?;
        MIGRATOR.run(&pool).await?;
        let (writer, checkpoints) = if postgres || in_memory(url) {
            (pool.clone(), None)
        } else {
            let writer = pool_options(false, 1)
                .connect(url)
                .await
                .map_err(DbError::Connect)?;
            let checkpoints = pool_options(false, 1)
                .connect(url)
                .await
                .map_err(DbError::Connect)?;
            spawn_checkpoints(checkpoints.clone());
            (writer, Some(checkpoints))
        };
        let db = Db {
            pool,
            writer,
            checkpoints,
            postgres,
        };
        seed::first_start(&db)
            .await
            .map_err(|e| DbError::Seed(e.to_string()))?;
        crate::places::sample::first_start(&db)
            .await
            .map_err(|e| DbError::Seed(format!("the bundled sample places: {e}")))?;
        Ok(db)
    }

    /// The pool.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether it is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// Starts a transaction (for a write). On a SQLite file, where one writer at a time holds
    /// the lock, every transaction begins on the one connection of the writer pool: writers
    /// queue for it in the hub, in the order they came, and run back to back, instead of all
    /// starting and then retrying against SQLite's lock with sleeps (which also let a later
    /// write overtake an earlier one). Readers use the other connections and never wait for
    /// writers (WAL). So a transaction must not begin another one before it ends.
    ///
    /// On SQLite the transaction begins `IMMEDIATE`, holding the database's write lock from its
    /// start: what it reads before it first writes stays as read until it ends, even where
    /// another connection writes (the readers' pool writes a few rows of its own: sign-in
    /// states, payment claims).
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        if self.postgres {
            self.writer.begin().await
        } else {
            self.writer.begin_with("BEGIN IMMEDIATE").await
        }
    }

    /// Whether the database answers.
    pub async fn ready(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Closes the pool (at shutdown).
    pub async fn close(&self) {
        self.writer.close().await;
        if let Some(c) = &self.checkpoints {
            c.close().await;
        }
        self.pool.close().await;
    }
}
