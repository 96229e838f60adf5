//! The handle: opened from a configuration and the host's secret store; its parts; languages.

use std::path::PathBuf;
use std::sync::Arc;

use campanile_core::host::SystemClock;
use campanile_core::{Campanile, Config, Database, Host, PagoPaEnvironment};

use crate::error::{CampanileError, Result};
use crate::secrets::{ForeignSecrets, HostSecrets};

/// What the shell says when it opens the core.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CoreConfig {
    /// The database file (the app's files folder); none: in memory.
    pub database_path: Option<String>,
    /// The language of messages (`it`, `en`, …; the best available is taken).
    pub language: String,
    /// `production` (default), `uat`, or `custom` (with the URLs below).
    pub pagopa_environment: Option<String>,
    /// pagoPA's payment-requests service (custom environment).
    pub pagopa_payment_requests_url: Option<String>,
    /// Checkout's carts service (custom environment).
    pub pagopa_checkout_url: Option<String>,
    /// The debt positions service, GPD (custom environment).
    pub pagopa_gpd_url: Option<String>,
    /// The aggregation's own comuni (their creditor fiscal codes).
    pub own_comuni: Vec<String>,
}

/// The core, opened: one per app, shared by every screen and thread.
#[derive(Debug, uniffi::Object)]
pub struct Core {
    pub(crate) inner: Campanile,
}

fn url(name: &str, text: Option<&String>) -> Result<Option<url::Url>> {
    text.map(|t| {
        url::Url::parse(t)
            .map_err(|e| CampanileError::bad_input("ffi.bad-url", format!("{name}: {t}: {e}")))
    })
    .transpose()
}

impl CoreConfig {
    fn to_core(&self) -> Result<Config> {
        let database = match &self.database_path {
            Some(p) => Database::File(PathBuf::from(p)),
            None => Database::InMemory,
        };
        let mut config = Config::new(database, &self.language);
        config.pagopa.environment = match self.pagopa_environment.as_deref() {
            None | Some("production") => PagoPaEnvironment::Production,
            Some("uat") => PagoPaEnvironment::Uat,
            Some("custom") => PagoPaEnvironment::Custom,
            Some(other) => {
                return Err(CampanileError::bad_input(
                    "ffi.bad-environment",
                    format!("{other}: production, uat or custom"),
                ));
            }
        };
        config.pagopa.payment_requests_url = url(
            "payment requests",
            self.pagopa_payment_requests_url.as_ref(),
        )?;
        config.pagopa.checkout_url = url("checkout", self.pagopa_checkout_url.as_ref())?;
        config.pagopa.gpd_url = url("gpd", self.pagopa_gpd_url.as_ref())?;
        config.pagopa.own_comuni = self.own_comuni.clone();
        Ok(config)
    }
}

#[uniffi::export]
impl Core {
    /// Opens (creating and migrating) the database the configuration names; the core keeps
    /// its keys and the hub's token in `secrets`.
    #[uniffi::constructor]
    pub fn open(config: CoreConfig, secrets: Arc<dyn HostSecrets>) -> Result<Arc<Core>> {
        let host = Host {
            secrets: Arc::new(ForeignSecrets(secrets)),
            clock: Arc::new(SystemClock),
        };
        let inner = Campanile::open(config.to_core()?, host)?;
        Ok(Arc::new(Core { inner }))
    }

    /// The language messages are in.
    pub fn language(&self) -> String {
        self.inner.language()
    }

    /// Switches the language of messages (the best available for `lang`); returns the one
    /// taken.
    pub fn set_language(&self, lang: String) -> String {
        self.inner.set_language(&lang);
        self.inner.language()
    }

    /// The languages the core speaks (Italian and English complete).
    pub fn languages(&self) -> Vec<String> {
        campanile_core::i18n::available_languages()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Today in Rome (`YYYY-MM-DD`), by the host's clock.
    pub fn today(&self) -> String {
        self.inner.today().to_string()
    }
}
