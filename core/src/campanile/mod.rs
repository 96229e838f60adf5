//! The one handle every front holds: [`Campanile`].
//!
//! `Send + Sync` and cheap to clone (an `Arc` inside): the CLI, the hub, a Tauri managed state
//! and a UniFFI object all hold the same thing. It owns the database ([`Db`]: one writer,
//! pooled WAL readers), the translations, the configuration and what the host gives (secret
//! store, clock). The domain parts hang off it — [`places`](Campanile::places),
//! [`payments`](Campanile::payments), [`positions`](Campanile::positions),
//! [`invoices`](Campanile::invoices), [`beacons`](Campanile::beacons),
//! [`tiles`](Campanile::tiles), [`practices`](Campanile::practices),
//! [`procedures`](Campanile::procedures) — each taking
//! `&self`, each returning the core's view structs or its one [`Error`].
//!
//! Rules live here, not in the fronts: which key goes with which pagoPA client, which notices
//! go through GPD, what "offline" means after a sync, how money is written.

#[cfg(feature = "beacons")]
mod beacons;
mod config;
#[cfg(feature = "hub")]
mod hub;
#[cfg(feature = "invoices")]
mod invoices;
#[cfg(feature = "payments")]
mod payments;
#[cfg(feature = "opendata")]
mod places;
#[cfg(feature = "payments")]
mod positions;
#[cfg(feature = "practices")]
mod practices;
#[cfg(feature = "practices")]
mod procedures;
#[cfg(feature = "opendata")]
mod tiles;

use std::sync::{Arc, RwLock};

#[cfg(feature = "beacons")]
pub use beacons::{Beacons, DecodedFrame, RegistryImport, Rejected, Replay, ScanHeard, ScanReport};
pub use config::{
    CHECKOUT_PRODUCTION, CHECKOUT_UAT, Config, Database, GPD_PRODUCTION, GPD_UAT, PagoPaConfig,
    PagoPaEnvironment,
};
#[cfg(feature = "hub")]
pub use hub::{Hub, HubOpen, HubStatus, SyncSummary};
#[cfg(feature = "invoices")]
pub use invoices::{
    EventLine, EventView, ImportText, ImportedInvoices, InvoiceRow, InvoiceText, InvoiceView,
    Invoices, RecordedNotification, RecordedStep, RecordedTerm, TermView,
};
#[cfg(feature = "payments")]
pub use payments::{BrowserReturn, Payments, Settlement};
#[cfg(feature = "opendata")]
pub use places::{Places, SearchRequest};
#[cfg(feature = "payments")]
pub use positions::{PositionView, Positions};
#[cfg(feature = "practices")]
pub use practices::{
    ClockView, DeadlineRequest, DeadlineView, EventRequest, OpenRequest, PatronOverrides,
    PracticeRow, PracticeView, Practices, ProcedureRef, StepView,
};
#[cfg(feature = "practices")]
pub use procedures::{CatalogImport, Procedures};
#[cfg(feature = "opendata")]
pub use tiles::{TileArchive, TileBytes, Tiles, TilesInfo};

use crate::error::{Classify, Error, ErrorClass};
use crate::host::{Clock, OsKeyring, SecretStore, SystemClock};
use crate::i18n::{Arg, I18n, Localize};
use crate::secrets::SecretName;
use crate::store::Db;

/// A label and its value, for a person (an invoice's summary, a tile archive's facts).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Labelled {
    /// The label, in the handle's language.
    pub label: String,
    /// The value, as the language writes it.
    pub value: String,
}

/// What the host gives the core.
#[derive(Clone)]
pub struct Host {
    /// Where keys and tokens are kept.
    pub secrets: Arc<dyn SecretStore>,
    /// The time.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("secrets", &self.secrets.describe())
            .finish()
    }
}

impl Default for Host {
    /// The OS keyring (opened on first use) and the system clock: the CLI and the desktop.
    fn default() -> Host {
        Host {
            secrets: Arc::new(OsKeyring::default()),
            clock: Arc::new(SystemClock),
        }
    }
}

/// The core, opened: see the module documentation.
#[derive(Clone, Debug)]
pub struct Campanile {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    #[cfg_attr(
        not(any(
            feature = "opendata",
            feature = "beacons",
            feature = "payments",
            feature = "practices"
        )),
        allow(dead_code)
    )]
    db: Arc<Db>,
    i18n: RwLock<Arc<I18n>>,
    host: Host,
    #[cfg(feature = "payments")]
    ledger: payments::LedgerSlot,
}

impl Campanile {
    /// Opens the database the configuration names (creating and migrating it as needed).
    pub fn open(config: Config, host: Host) -> Result<Campanile, Error> {
        let i18n = I18n::new(&config.language);
        let db = match &config.database {
            Database::File(path) => Db::open(path),
            Database::InMemory => Db::open_in_memory(),
        }
        .map_err(|e| {
            let path = match &config.database {
                Database::File(p) => p.display().to_string(),
                Database::InMemory => ":memory:".to_string(),
            };
            Error::from_domain(&i18n, &e).with_detail("database", path)
        })?;
        db.write(|store| store.set_clock(host.clock.clone()));
        // A store upgraded from an older build (or killed between a replace and its index)
        // gets its nearest-places index once, here, rather than in memory in every process.
        // Derived data: if it cannot be written now, queries build it and the next open tries
        // again, so a failure is not the open's.
        #[cfg(feature = "opendata")]
        let _ = db.write(crate::opendata::db::near::refresh);
        Ok(Campanile {
            inner: Arc::new(Inner {
                config,
                db: Arc::new(db),
                i18n: RwLock::new(Arc::new(i18n)),
                host,
                #[cfg(feature = "payments")]
                ledger: payments::LedgerSlot::default(),
            }),
        })
    }

    /// The configuration the handle was opened with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The translations in the current language.
    pub fn i18n(&self) -> Arc<I18n> {
        self.inner
            .i18n
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The language messages are in.
    pub fn language(&self) -> String {
        self.i18n().lang().to_string()
    }

    /// Switches the language of messages (the best available for `lang`).
    pub fn set_language(&self, lang: &str) {
        let next = Arc::new(I18n::new(lang));
        *self
            .inner
            .i18n
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = next;
    }

    /// A message in the current language.
    pub fn tr(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.i18n().tr_args(id, args)
    }

    #[cfg(feature = "opendata")]
    /// Places, search and open-data harvesting.
    pub fn places(&self) -> Places<'_> {
        Places { core: self }
    }

    #[cfg(feature = "payments")]
    /// Paying notices: verify, Checkout, the ledger, receipts.
    pub fn payments(&self) -> Payments<'_> {
        Payments { core: self }
    }

    #[cfg(feature = "payments")]
    /// The comune's debt positions on GPD (counter staff).
    pub fn positions(&self) -> Positions<'_> {
        Positions { core: self }
    }

    #[cfg(feature = "invoices")]
    /// Supplier invoices (FatturaPA): import, SdI notifications, the comune's steps, terms.
    pub fn invoices(&self) -> Invoices<'_> {
        Invoices { core: self }
    }

    #[cfg(feature = "beacons")]
    /// Bluetooth beacons: frames, the beacon → place registry, replays and live scans.
    pub fn beacons(&self) -> Beacons<'_> {
        Beacons { core: self }
    }

    #[cfg(feature = "opendata")]
    /// Offline map tiles: read archives, build the basemap.
    pub fn tiles(&self) -> Tiles<'_> {
        Tiles { core: self }
    }

    /// Sync with the aggregation's hub: sign in, writes queued offline, sync, status.
    #[cfg(feature = "hub")]
    pub fn hub(&self) -> Hub<'_> {
        Hub { core: self }
    }

    #[cfg(feature = "practices")]
    /// Practices at the counter: opening, events, the legal clock, reminders, the feed.
    pub fn practices(&self) -> Practices<'_> {
        Practices { core: self }
    }

    #[cfg(feature = "practices")]
    /// The procedures catalog: import, search, show.
    pub fn procedures(&self) -> Procedures<'_> {
        Procedures { core: self }
    }

    /// What the host gives.
    pub fn host(&self) -> &Host {
        &self.inner.host
    }

    /// Now, by the host's clock.
    pub fn now(&self) -> crate::time::Instant {
        crate::time::Instant::now(self.inner.host.clock.as_ref())
    }

    /// Today in Rome, by the host's clock: the day the comune's terms and deadlines are counted
    /// on, wherever the device is.
    pub fn today(&self) -> crate::time::CivilDate {
        self.now().day_in_rome()
    }
}

// What the domain parts share. A build without some domain features leaves some of these unused,
// which is no defect.
#[cfg_attr(
    not(all(
        feature = "opendata",
        feature = "beacons",
        feature = "payments",
        feature = "practices",
        feature = "invoices"
    )),
    allow(dead_code)
)]
impl Campanile {
    /// The database, for the parts of the core.
    pub(crate) fn db(&self) -> &Arc<Db> {
        &self.inner.db
    }

    /// Runs `f` on a reader connection; its error and the pool's become the edge error.
    pub(crate) fn read<T, E: Classify + Localize>(
        &self,
        f: impl FnOnce(&crate::store::Store) -> Result<T, E>,
    ) -> Result<T, Error> {
        self.db()
            .read(f)
            .map_err(|e| self.error(&e))?
            .map_err(|e| self.error(&e))
    }

    /// Runs `f` with the writer (a short transaction); its error becomes the edge error.
    pub(crate) fn write<T, E: Classify + Localize>(
        &self,
        f: impl FnOnce(&mut crate::store::Store) -> Result<T, E>,
    ) -> Result<T, Error> {
        self.db().write(f).map_err(|e| self.error(&e))
    }

    /// A detailed core error as the one edge error, in the current language.
    pub(crate) fn error<E: Classify + Localize>(&self, e: &E) -> Error {
        Error::from_domain(&self.i18n(), e)
    }

    /// An error with a message of the core's own.
    pub(crate) fn fail(
        &self,
        class: ErrorClass,
        code: &str,
        id: &str,
        args: &[(&str, Arg)],
    ) -> Error {
        Error::new(class, code, self.tr(id, args))
    }

    /// A key from the host's secret store, or an error naming it and where it was looked for.
    pub(crate) fn key(&self, name: SecretName) -> Result<String, Error> {
        let store = &self.inner.host.secrets;
        match store.get(name) {
            Ok(Some(secret)) => Ok(secret.expose().to_string()),
            Ok(None) => Err(self
                .fail(
                    ErrorClass::Internal,
                    "secrets.missing",
                    "pay-error-no-key",
                    &[
                        ("name", name.as_str().into()),
                        ("service", store.describe().into()),
                    ],
                )
                .with_detail("secret", name.as_str())),
            Err(e) => Err(self.error(&e)),
        }
    }

    /// Runs blocking work (SQLite, parsing, rendering) off the async executor when there is
    /// one; inline otherwise.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(Campanile) -> T + Send + 'static,
    ) -> Result<T, Error> {
        let core = self.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => rt
                .spawn_blocking(move || f(core))
                .await
                .map_err(|e| Error::internal("core.task", e)),
            Err(_) => Ok(f(core)),
        }
    }

    /// [`Campanile::blocking`] for long work that reports progress: what it reports reaches
    /// `progress` on the caller's task, and the work waits until `progress` has returned, so a
    /// cancel tripped from the callback stops the work at its next check (as a sync's does).
    /// The front's callback need not be `'static`.
    #[cfg_attr(not(feature = "payments"), allow(dead_code))]
    pub(crate) async fn blocking_with_progress<T: Send + 'static>(
        &self,
        progress: &(dyn Fn(&crate::work::Progress) + Send + Sync),
        f: impl FnOnce(Campanile, &(dyn Fn(&crate::work::Progress) + Send + Sync)) -> T + Send + 'static,
    ) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_err() {
            // No executor to keep free: the work runs here, calling the front directly.
            return Ok(f(self.clone(), progress));
        }
        type Ack = std::sync::mpsc::Sender<()>;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(crate::work::Progress, Ack)>();
        let work = self.blocking(move |core| {
            let send = move |p: &crate::work::Progress| {
                let (ack, done) = std::sync::mpsc::channel();
                // Dropped by a caller that stopped listening: nothing to wait for then.
                if tx.send((p.clone(), ack)).is_ok() {
                    let _ = done.recv();
                }
            };
            f(core, &send)
        });
        tokio::pin!(work);
        loop {
            tokio::select! {
                Some((p, ack)) = rx.recv() => {
                    progress(&p);
                    let _ = ack.send(());
                }
                out = &mut work => return out,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_is_send_sync_and_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Campanile>();
    }
}
