//! The hub's pagoPA settings: where the three interfaces are (payment-requests, Checkout,
//! GPD), the aggregation's own creditors, where the keys are, and how long a call may take.
//! From the command line (`--pagopa-…`), the environment (`CAMPANILE_HUB_PAGOPA_…`) and the
//! config file's `[pagopa]` table, in that order, then the defaults.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use campanile_core::pagopa::CreditorFiscalCode;
use clap::Args;
use serde::Deserialize;
use url::Url;

use crate::config::ConfigError;

/// The production notice verification (pagoPA eCommerce `payment-requests`). pagoPA gives
/// the address with the subscription; this is the one its specification names.
pub const PAYMENT_REQUESTS_PRODUCTION: &str =
    "https://api.platform.pagopa.it/ecommerce/payment-requests-service/v1";
/// The default keyring service the hub's pagoPA keys live under (not the apps' `campanile`).
pub const DEFAULT_KEYRING_SERVICE: &str = "campanile-hub";
/// The default time one pagoPA request may take, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// `--pagopa-…` options of `campanile-hub serve`.
#[derive(Debug, Clone, Default, Args)]
pub struct PagoPaArgs {
    /// Notice verification's base URL (default: pagoPA's production).
    #[arg(
        long = "pagopa-payment-requests-url",
        env = "CAMPANILE_HUB_PAGOPA_PAYMENT_REQUESTS_URL"
    )]
    pub payment_requests_url: Option<Url>,
    /// Checkout's base URL (default: pagoPA's production).
    #[arg(
        long = "pagopa-checkout-url",
        env = "CAMPANILE_HUB_PAGOPA_CHECKOUT_URL"
    )]
    pub checkout_url: Option<Url>,
    /// The debt positions' (GPD) base URL (default: pagoPA's production).
    #[arg(long = "pagopa-gpd-url", env = "CAMPANILE_HUB_PAGOPA_GPD_URL")]
    pub gpd_url: Option<Url>,
    /// The aggregation's own creditors, each `FISCAL_CODE` or `ISTAT=FISCAL_CODE` (tied to one
    /// comune: only its staff create positions for it). Their notices are verified through
    /// GPD. Repeat the option, or separate with commas.
    #[arg(
        long = "pagopa-own-creditor",
        env = "CAMPANILE_HUB_PAGOPA_OWN_CREDITORS",
        value_delimiter = ','
    )]
    pub own_creditors: Vec<String>,
    /// The OS keyring service the keys are read from (default `campanile-hub`).
    #[arg(
        long = "pagopa-keyring-service",
        env = "CAMPANILE_HUB_PAGOPA_KEYRING_SERVICE"
    )]
    pub keyring_service: Option<String>,
    /// Read the keys from this folder instead of the keyring: files named
    /// `pagopa-payment-requests-key`, `pagopa-checkout-key`, `pagopa-gpd-key`, each readable
    /// only by the hub's user.
    #[arg(long = "pagopa-key-dir", env = "CAMPANILE_HUB_PAGOPA_KEY_DIR")]
    pub key_dir: Option<PathBuf>,
    /// How long one pagoPA request may take, in seconds (default 30).
    #[arg(long = "pagopa-timeout", env = "CAMPANILE_HUB_PAGOPA_TIMEOUT")]
    pub timeout: Option<u64>,
}

/// The config file's `[pagopa]` table (every setting optional; the same names as the options).
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct PagoPaFile {
    /// As `--pagopa-payment-requests-url`.
    pub payment_requests_url: Option<Url>,
    /// As `--pagopa-checkout-url`.
    pub checkout_url: Option<Url>,
    /// As `--pagopa-gpd-url`.
    pub gpd_url: Option<Url>,
    /// As `--pagopa-own-creditor`.
    pub own_creditors: Option<Vec<String>>,
    /// As `--pagopa-keyring-service`.
    pub keyring_service: Option<String>,
    /// As `--pagopa-key-dir`.
    pub key_dir: Option<PathBuf>,
    /// As `--pagopa-timeout`.
    pub timeout: Option<u64>,
}

/// Where the pagoPA keys are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagoPaKeySource {
    /// The OS keyring, under this service.
    Keyring(String),
    /// Files in this folder, each readable only by the hub's user.
    Dir(PathBuf),
}

/// The pagoPA settings the hub runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagoPaSettings {
    /// Notice verification.
    pub payment_requests_url: Url,
    /// Checkout.
    pub checkout_url: Url,
    /// Debt positions (GPD).
    pub gpd_url: Url,
    /// The aggregation's own creditors, each with the comune it is tied to, if any.
    pub own_creditors: BTreeMap<CreditorFiscalCode, Option<String>>,
    /// Where the keys are.
    pub keys: PagoPaKeySource,
    /// How long one request may take.
    pub timeout: Duration,
}

fn production(url: &str) -> Result<Url, ConfigError> {
    Url::parse(url).map_err(|e| ConfigError::Value(format!("bad default URL {url}: {e}")))
}

/// One `FISCAL_CODE` or `ISTAT=FISCAL_CODE`.
fn own_creditor(entry: &str) -> Result<(CreditorFiscalCode, Option<String>), ConfigError> {
    let entry = entry.trim();
    let (istat, code) = match entry.split_once('=') {
        Some((i, c)) => (Some(i.trim()), c.trim()),
        None => (None, entry),
    };
    if let Some(i) = istat
        && !campanile_core::practices::patrons::is_istat_code(i)
    {
        return Err(ConfigError::Value(format!(
            "pagopa own creditor \"{entry}\": \"{i}\" is not an ISTAT code (6 digits)"
        )));
    }
    let code = CreditorFiscalCode::parse(code).map_err(|e| {
        ConfigError::Value(format!(
            "pagopa own creditor \"{entry}\": not a creditor's fiscal code ({e})"
        ))
    })?;
    Ok((code, istat.map(str::to_string)))
}

impl PagoPaSettings {
    /// The settings from the options (and the environment, through clap), then the file's
    /// `[pagopa]` table, then the defaults.
    pub fn resolve(args: &PagoPaArgs, file: PagoPaFile) -> Result<PagoPaSettings, ConfigError> {
        let pick = |a: &Option<Url>, f: Option<Url>, default: &str| match a.clone().or(f) {
            Some(u) => Ok(u),
            None => production(default),
        };
        let entries = if args.own_creditors.is_empty() {
            file.own_creditors.unwrap_or_default()
        } else {
            args.own_creditors.clone()
        };
        let mut own_creditors = BTreeMap::new();
        for e in entries.iter().filter(|e| !e.trim().is_empty()) {
            let (code, istat) = own_creditor(e)?;
            if own_creditors.insert(code, istat).is_some() {
                return Err(ConfigError::Value(format!(
                    "pagopa own creditor {code} is given twice"
                )));
            }
        }
        let keys = match args.key_dir.clone().or(file.key_dir) {
            Some(dir) => PagoPaKeySource::Dir(dir),
            None => PagoPaKeySource::Keyring(
                args.keyring_service
                    .clone()
                    .or(file.keyring_service)
                    .unwrap_or_else(|| DEFAULT_KEYRING_SERVICE.to_string()),
            ),
        };
        let timeout = args
            .timeout
            .or(file.timeout)
            .unwrap_or(DEFAULT_TIMEOUT_SECS);
        if !(1..=600).contains(&timeout) {
            return Err(ConfigError::Value(format!(
                "pagopa timeout = {timeout}: from 1 to 600 seconds"
            )));
        }
        Ok(PagoPaSettings {
            payment_requests_url: pick(
                &args.payment_requests_url,
                file.payment_requests_url,
                PAYMENT_REQUESTS_PRODUCTION,
            )?,
            checkout_url: pick(
                &args.checkout_url,
                file.checkout_url,
                campanile_core::CHECKOUT_PRODUCTION,
            )?,
            gpd_url: pick(&args.gpd_url, file.gpd_url, campanile_core::GPD_PRODUCTION)?,
            own_creditors,
            keys,
            timeout: Duration::from_secs(timeout),
        })
    }

    /// The production platform, no own creditors, the keys from files in `key_dir` (none
    /// there: the hub is no pagoPA gateway). For tests and tools.
    pub fn with_key_dir(key_dir: PathBuf) -> Result<PagoPaSettings, ConfigError> {
        let args = PagoPaArgs {
            key_dir: Some(key_dir),
            ..PagoPaArgs::default()
        };
        PagoPaSettings::resolve(&args, PagoPaFile::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_over_file_over_production() {
        let s = PagoPaSettings::resolve(&PagoPaArgs::default(), PagoPaFile::default()).unwrap();
        assert_eq!(s.gpd_url.as_str(), campanile_core::GPD_PRODUCTION);
        assert_eq!(s.checkout_url.as_str(), campanile_core::CHECKOUT_PRODUCTION);
        assert!(s.own_creditors.is_empty());
        assert_eq!(
            s.keys,
            PagoPaKeySource::Keyring(DEFAULT_KEYRING_SERVICE.into())
        );

        let file: PagoPaFile = toml::from_str(
            "gpd_url = \"https://gpd.example.it/v1\"\nown_creditors = [\"109006=00085240950\"]\nkeyring_service = \"hub-test\"\ntimeout = 5\n",
        )
        .unwrap();
        let args = PagoPaArgs {
            own_creditors: vec!["00085240950".into()],
            ..PagoPaArgs::default()
        };
        let s = PagoPaSettings::resolve(&args, file).unwrap();
        assert_eq!(s.gpd_url.as_str(), "https://gpd.example.it/v1");
        assert_eq!(s.keys, PagoPaKeySource::Keyring("hub-test".into()));
        assert_eq!(s.timeout, Duration::from_secs(5));
        let fermo = CreditorFiscalCode::parse("00085240950").unwrap();
        // The command line's list replaces the file's: not tied to a comune.
        assert_eq!(s.own_creditors.get(&fermo), Some(&None));

        for bad in ["12345", "10900=00085240950", "00085240950,00085240950"] {
            let args = PagoPaArgs {
                own_creditors: bad.split(',').map(str::to_string).collect(),
                ..PagoPaArgs::default()
            };
            assert!(
                PagoPaSettings::resolve(&args, PagoPaFile::default()).is_err(),
                "{bad}"
            );
        }
    }
}
