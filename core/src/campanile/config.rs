//! What a front says when it opens the core: where the database is, the language, the pagoPA
//! environment and the aggregation's own comuni, the hub. Checked once, in [`Config::check`],
//! so every front gets the same answer for the same mistake.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

#[cfg(feature = "payments")]
use crate::pagopa::CreditorFiscalCode;

/// The production Checkout for creditors (the specification's `servers`).
pub const CHECKOUT_PRODUCTION: &str = "https://api.platform.pagopa.it/checkout/ec/v1";
/// The test (UAT) Checkout for creditors.
pub const CHECKOUT_UAT: &str = "https://api.uat.platform.pagopa.it/checkout/ec/v1";
/// The production debt-position service (GPD).
pub const GPD_PRODUCTION: &str = "https://api.platform.pagopa.it/gpd/debt-positions-service/v1";
/// The test (UAT) debt-position service.
pub const GPD_UAT: &str = "https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1";

/// Which pagoPA the core talks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PagoPaEnvironment {
    /// The real platform: real money.
    #[default]
    Production,
    /// pagoPA's test environment (UAT).
    Uat,
    /// Other addresses (the project's fake platform in tests, a proxy).
    Custom,
}

/// The pagoPA part of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagoPaConfig {
    /// Production, UAT or custom: gives the default addresses.
    pub environment: PagoPaEnvironment,
    /// Notice verification (payment-requests): pagoPA gives its address with the
    /// subscription, so there is no default.
    pub payment_requests_url: Option<Url>,
    /// Checkout for creditors; default from the environment.
    pub checkout_url: Option<Url>,
    /// Debt positions (GPD); default from the environment.
    pub gpd_url: Option<Url>,
    /// The aggregation's own comuni (fiscal codes): their notices are verified through their
    /// debt positions (GPD), the others through payment-requests.
    pub own_comuni: Vec<String>,
    /// How long one request to the platform may take.
    pub timeout: Duration,
}

impl Default for PagoPaConfig {
    fn default() -> PagoPaConfig {
        PagoPaConfig {
            environment: PagoPaEnvironment::Production,
            payment_requests_url: None,
            checkout_url: None,
            gpd_url: None,
            own_comuni: Vec::new(),
            timeout: Duration::from_secs(30),
        }
    }
}

impl PagoPaConfig {
    /// Checkout's address: the configured one, else the environment's (none for a custom
    /// environment that did not give it).
    pub fn checkout(&self) -> Option<Url> {
        self.pick(&self.checkout_url, CHECKOUT_PRODUCTION, CHECKOUT_UAT)
    }

    /// GPD's address: the configured one, else the environment's.
    pub fn gpd(&self) -> Option<Url> {
        self.pick(&self.gpd_url, GPD_PRODUCTION, GPD_UAT)
    }

    fn pick(&self, given: &Option<Url>, production: &str, uat: &str) -> Option<Url> {
        if let Some(u) = given {
            return Some(u.clone());
        }
        match self.environment {
            PagoPaEnvironment::Production => Url::parse(production).ok(),
            PagoPaEnvironment::Uat => Url::parse(uat).ok(),
            PagoPaEnvironment::Custom => None,
        }
    }

    /// The own comuni, each checked as a creditor's fiscal code.
    #[cfg(feature = "payments")]
    pub fn own_comuni(&self) -> Result<Vec<CreditorFiscalCode>, String> {
        self.own_comuni
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .map(|c| CreditorFiscalCode::parse(c).map_err(|_| c.to_string()))
            .collect()
    }
}

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Database {
    /// A file (created with its folder when missing).
    File(PathBuf),
    /// In memory only: gone when the handle is dropped.
    InMemory,
}

/// Everything a front says when it opens the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Where the database is.
    pub database: Database,
    /// The language of messages (`it`, `en`, a tag such as `de-AT`; the best available is
    /// used, Italian then English as fallbacks).
    pub language: String,
    /// pagoPA.
    pub pagopa: PagoPaConfig,
    /// The aggregation's hub, when the front is joined to one.
    pub hub_url: Option<Url>,
    /// How signed invoices and SdI's notifications are checked for who signed them: the
    /// comune's trusted list (ETSI TS 119 612), and whether an unverified signer is refused.
    #[cfg(feature = "invoices")]
    pub invoice_trust: crate::invoices::InvoiceTrust,
}

impl Config {
    /// A configuration on the file `path`, in `language`, with pagoPA's production defaults.
    pub fn new(database: Database, language: &str) -> Config {
        Config {
            database,
            language: language.to_string(),
            pagopa: PagoPaConfig::default(),
            hub_url: None,
            #[cfg(feature = "invoices")]
            invoice_trust: crate::invoices::InvoiceTrust::default(),
        }
    }
}
