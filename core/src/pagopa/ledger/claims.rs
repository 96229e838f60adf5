//! Claims on notices inside one process: an operation that will ask the platform about some
//! notices and move their attempt on (verify, checkout, start, reconcile) claims them first,
//! and another operation of the same process on any of them is refused at once with
//! [`LedgerError::Busy`] instead of racing it.
//!
//! SQLite already keeps two racing operations from doing harm (one open attempt per notice,
//! compare-and-set on every move of state), across processes as well; the claims make the
//! outcome of a race inside one process clean: the second tap on "pay" is told a payment is
//! being started, it does not supersede the first one's attempt nor get a
//! [`LedgerError::Concurrent`] after a platform call that was made for nothing.
//!
//! A claim is keyed by the shared database ([`Db`], by address) and the notice, so that every
//! [`Ledger`](super::Ledger) over the same `Arc<Db>` sees the others' claims. It is held
//! across platform calls (it is no lock: nobody waits on it) and given back when dropped,
//! also when the operation's future is dropped half-way.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::pagopa::RptId;
use crate::store::Db;

use super::error::LedgerError;

/// Every notice claimed in this process, by the address of its database.
static CLAIMED: Mutex<BTreeSet<(usize, RptId)>> = Mutex::new(BTreeSet::new());

fn claimed() -> MutexGuard<'static, BTreeSet<(usize, RptId)>> {
    // Poisoned only by a panic between two set operations, which leave the set whole.
    CLAIMED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The notices one operation holds. The database is kept alive with it, so that its address
/// is not reused while the claim lasts.
pub(super) struct Claim {
    db: Arc<Db>,
    held: Vec<RptId>,
}

impl Claim {
    /// A claim holding nothing yet.
    pub(super) fn new(db: &Arc<Db>) -> Claim {
        Claim {
            db: db.clone(),
            held: Vec::new(),
        }
    }

    fn key(&self) -> usize {
        Arc::as_ptr(&self.db).addr()
    }

    /// Claims `notices` too (those held already are kept): all of them, or none when another
    /// operation holds one.
    pub(super) fn take(&mut self, notices: &[RptId]) -> Result<(), LedgerError> {
        let key = self.key();
        let mut set = claimed();
        let mut new: Vec<RptId> = Vec::new();
        for r in notices {
            if self.held.contains(r) || new.contains(r) {
                continue;
            }
            if set.contains(&(key, *r)) {
                return Err(LedgerError::Busy { rpt_id: *r });
            }
            new.push(*r);
        }
        for r in new {
            set.insert((key, r));
            self.held.push(r);
        }
        Ok(())
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let key = self.key();
        let mut set = claimed();
        for r in self.held.drain(..) {
            set.remove(&(key, r));
        }
    }
}
