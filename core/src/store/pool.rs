//! One writer and a few readers over the same database file, shareable between threads.
//!
//! SQLite in WAL mode lets readers read while one writer writes. [`Db`] holds the one writer
//! connection behind a mutex and a small pool of reader connections, so that a search never
//! waits behind a write and a write never waits behind a search. Callers take the writer only
//! around a transaction: nothing holds it across a network call (the payment ledger commits
//! before and after each platform call, a sync stores one dataset at a time).
//!
//! An in-memory database cannot be shared between connections, so there every read goes
//! through the writer.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::OpenFlags;

use super::{Store, StoreError};

/// How many reader connections a file database keeps at most.
const MAX_READERS: usize = 4;

/// A database shared by every part of the core: one writer, pooled readers.
pub struct Db {
    writer: Mutex<Store>,
    readers: Mutex<Vec<Store>>,
    path: PathBuf,
    in_memory: bool,
    /// The writer's derived indexes, shared with every reader.
    derived: super::Derived,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

/// Runs blocking work (a statement, a transaction) so that it does not hold up the async
/// executor: on a multi-thread tokio worker the runtime is told the thread will block and moves
/// its other tasks elsewhere (`block_in_place`); anywhere else (no runtime, a current-thread
/// runtime, a blocking thread) it runs as is.
pub(crate) fn off_executor<T>(f: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

impl Db {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Db, StoreError> {
        Ok(Db::from_store(Store::open(path)?))
    }

    /// A throwaway in-memory database.
    pub fn open_in_memory() -> Result<Db, StoreError> {
        Ok(Db::from_store(Store::open_in_memory()?))
    }

    /// Shares an open store: it becomes the writer.
    pub fn from_store(store: Store) -> Db {
        let path = store.path().to_path_buf();
        let in_memory = path.as_os_str() == ":memory:";
        let derived = store.derived().clone();
        Db {
            derived,
            writer: Mutex::new(store),
            readers: Mutex::new(Vec::new()),
            path,
            in_memory,
        }
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the writer, waiting for the one in use to be given back. Keep `f` short:
    /// a transaction, never a network call. Called from async code, it runs off the
    /// executor's own work ([`off_executor`]).
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        off_executor(|| {
            let mut guard = lock(&self.writer);
            f(&mut guard)
        })
    }

    /// Runs `f` with a reader connection: it sees the last committed state and never waits
    /// for the writer. Called from async code, it runs off the executor's own work
    /// ([`off_executor`]).
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, StoreError> {
        off_executor(|| self.read_here(f))
    }

    fn read_here<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, StoreError> {
        if self.in_memory {
            let guard = lock(&self.writer);
            return Ok(f(&guard));
        }
        let reader = lock(&self.readers).pop();
        let reader = match reader {
            Some(r) => r,
            None => self.open_reader()?,
        };
        let out = f(&reader);
        let mut pool = lock(&self.readers);
        if pool.len() < MAX_READERS {
            pool.push(reader);
        }
        Ok(out)
    }

    fn open_reader(&self) -> Result<Store, StoreError> {
        // The writer created and migrated the file; readers only read it.
        let mut reader = Store::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        reader.share_derived(self.derived.clone());
        Ok(reader)
    }
}

/// A poisoned lock only means another thread panicked while holding it; SQLite rolled back
/// whatever that thread had not committed, so the connection is still good.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of table `t`, as a reader sees them.
    fn rows(db: &Db) -> i64 {
        db.read(|s| {
            s.conn()
                .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        })
        .unwrap()
        .unwrap()
    }

    #[test]
    fn readers_see_what_the_writer_committed_and_read_while_it_holds_a_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path().join("c.db")).unwrap();
        db.write(|s| {
            s.conn()
                .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .unwrap()
        });
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::channel();
            let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
            let db = &db;
            scope.spawn(move || {
                db.write(|s| {
                    let tx_ = s.conn().unchecked_transaction().unwrap();
                    tx_.execute("INSERT INTO t VALUES (2)", []).unwrap();
                    tx.send(()).unwrap();
                    done_rx.recv().unwrap();
                    tx_.commit().unwrap();
                })
            });
            rx.recv().unwrap();
            let n = rows(db);
            assert_eq!(
                n, 1,
                "a reader sees the last commit, not the open transaction"
            );
            done_tx.send(()).unwrap();
        });
        let n = rows(&db);
        assert_eq!(n, 2);
    }

    #[test]
    fn in_memory_reads_go_through_the_writer() {
        let db = Db::open_in_memory().unwrap();
        db.write(|s| s.conn().execute_batch("CREATE TABLE t(x);").unwrap());
        let n = rows(&db);
        assert_eq!(n, 0);
    }
}
