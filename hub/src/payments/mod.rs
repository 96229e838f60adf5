//! The hub as the aggregation's pagoPA gateway: it holds the creditor's keys (notice
//! verification, Checkout, GPD — read by [`keys`] from the OS keyring or private files) and
//! makes the calls the apps cannot make themselves, through the core's own clients: debt
//! positions linked to practices (created at GPD, read back with their receipts, printed as
//! notices), notice verification (the aggregation's own creditors through GPD, the others
//! through pagoPA's notice verification) and Checkout carts.
//!
//! The answers carry the platform's outcome in the core's wire form
//! (`campanile_core::pagopa::ledger::HubFailure`, …) so that the device's ledger, running over
//! `HubPlatform`, reads back exactly the `PlatformError` or `NoticeInfo` the hub got.

pub mod claim;
pub mod errors;
pub mod keys;
pub mod settings;
pub mod store;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use campanile_core::i18n::I18n;
use campanile_core::pagopa::CreditorFiscalCode;
use campanile_core::pagopa::ledger::{OwnComuniPlatform, PagoPaPlatform};
use campanile_core::pagopa::platform::{GpdClient, GpdVerifier, PlatformConfig};
use campanile_core::secrets::{Secret, SecretName};
use url::Url;

use crate::error::ApiError;
use settings::PagoPaSettings;

/// The hub's pagoPA clients, with its keys.
pub struct Gateway {
    gpd: Option<GpdClient>,
    platform: Option<OwnComuniPlatform>,
    own: BTreeMap<CreditorFiscalCode, Option<String>>,
    /// The keys missing for positions (GPD) and for paying (the others).
    missing_gpd: Vec<SecretName>,
    missing_pay: Vec<SecretName>,
    timeout: Duration,
    italian: I18n,
    english: I18n,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("gpd", &self.gpd.is_some())
            .field("platform", &self.platform.is_some())
            .field("own", &self.own)
            .finish_non_exhaustive()
    }
}

fn config(base_url: &Url, key: Option<&Secret>, timeout: Duration) -> PlatformConfig {
    PlatformConfig {
        base_url: base_url.clone(),
        api_key: key.map(|k| k.expose().to_string()),
        timeout,
    }
}

impl Gateway {
    /// The clients of `settings`, with the keys they name.
    pub fn open(settings: &PagoPaSettings) -> anyhow::Result<Gateway> {
        let keys = keys::load(&settings.keys)?;
        let t = settings.timeout;
        let gpd = match &keys.gpd {
            Some(k) => Some(GpdClient::new(config(&settings.gpd_url, Some(k), t))?),
            None => None,
        };
        let missing_gpd: Vec<SecretName> = keys
            .missing()
            .into_iter()
            .filter(|n| *n == SecretName::PagopaGpdKey)
            .collect();
        let mut missing_pay: Vec<SecretName> = keys
            .missing()
            .into_iter()
            .filter(|n| *n != SecretName::PagopaGpdKey)
            .collect();
        if !settings.own_creditors.is_empty() {
            missing_pay.extend(missing_gpd.iter().copied());
        }
        let platform = match (&keys.payment_requests, &keys.checkout) {
            (Some(requests), Some(checkout)) if missing_pay.is_empty() => {
                let pagopa = PagoPaPlatform::new(
                    config(&settings.payment_requests_url, Some(requests), t),
                    config(&settings.checkout_url, Some(checkout), t),
                )?;
                let verifier = GpdVerifier::new(GpdClient::new(config(
                    &settings.gpd_url,
                    keys.gpd.as_ref(),
                    t,
                ))?);
                Some(OwnComuniPlatform::new(
                    pagopa,
                    verifier,
                    settings.own_creditors.keys().copied(),
                ))
            }
            _ => None,
        };
        Ok(Gateway {
            gpd,
            platform,
            own: settings.own_creditors.clone(),
            missing_gpd,
            missing_pay,
            timeout: t,
            italian: I18n::new("it"),
            english: I18n::new("en"),
        })
    }

    /// The GPD client, or 503 when the hub holds no GPD key.
    pub fn gpd(&self) -> Result<&GpdClient, ApiError> {
        self.gpd
            .as_ref()
            .ok_or_else(|| not_configured(&self.missing_gpd))
    }

    /// The platform for verifying and paying, or 503 when a key it needs is missing.
    pub fn platform(&self) -> Result<&OwnComuniPlatform, ApiError> {
        self.platform
            .as_ref()
            .ok_or_else(|| not_configured(&self.missing_pay))
    }

    /// Whether `creditor` is one of the aggregation's own.
    pub fn is_own(&self, creditor: &CreditorFiscalCode) -> bool {
        self.own.contains_key(creditor)
    }

    /// `creditor` checked for a position of a practice of `comune`: one of the aggregation's
    /// own, and not tied to another comune.
    pub fn creditor_for(
        &self,
        creditor: &str,
        comune: &str,
    ) -> Result<CreditorFiscalCode, ApiError> {
        let code = CreditorFiscalCode::parse(creditor.trim()).map_err(|e| {
            ApiError::unprocessable(
                "position.bad-creditor",
                format!(
                    "creditor: \"{}\" is not a creditor's fiscal code: {}",
                    creditor.trim(),
                    self.english.localize(&e)
                ),
            )
        })?;
        match self.own.get(&code) {
            None => Err(ApiError::unprocessable(
                "position.not-own-creditor",
                format!("creditor: {code} is not one of the aggregation's creditors"),
            )),
            Some(Some(tied)) if tied != comune => Err(ApiError::forbidden(format!(
                "creditor {code} belongs to another comune"
            ))),
            Some(_) => Ok(code),
        }
    }

    /// How long a claimed platform write may stay unanswered before a retry takes it over.
    pub fn lease(&self) -> Duration {
        self.timeout.saturating_mul(2) + Duration::from_secs(30)
    }

    /// The core's messages in `lang` (`it`, else English).
    pub fn i18n(&self, lang: &str) -> &I18n {
        if lang == "it" {
            &self.italian
        } else {
            &self.english
        }
    }
}

fn not_configured(missing: &[SecretName]) -> ApiError {
    let names: Vec<&str> = missing.iter().map(|n| n.as_str()).collect();
    ApiError::new(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "pagopa.not-configured",
        format!(
            "the hub holds no pagoPA key for this ({}); ask the aggregation's administrator",
            names.join(", ")
        ),
    )
}

/// Shared by the routes.
pub type SharedGateway = Arc<Gateway>;
