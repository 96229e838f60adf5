//! The host's secret store as a foreign trait: Android implements it over the Keystore, iOS
//! over the Keychain; the core sees it through its `host::SecretStore` trait and never writes a
//! key anywhere else.

use std::sync::Arc;

use campanile_core::host::SecretStore;
use campanile_core::secrets::{Secret, SecretName, SecretsError};

use crate::error::CampanileError;

/// Where the shell keeps keys and tokens. Names are the core's (`hub-token`,
/// `pagopa-checkout-key`, …); values never leave the store but through `get`.
#[uniffi::export(with_foreign)]
pub trait HostSecrets: Send + Sync {
    /// The value kept under `name`, if any.
    fn get(&self, name: String) -> Result<Option<String>, CampanileError>;
    /// Keeps `value` under `name`, replacing what was there.
    fn set(&self, name: String, value: String) -> Result<(), CampanileError>;
    /// Removes `name`; true when there was something to remove.
    fn unset(&self, name: String) -> Result<bool, CampanileError>;
    /// The names that hold a value.
    fn list(&self) -> Result<Vec<String>, CampanileError>;
    /// Where the secrets are, for messages ("the Android Keystore").
    fn describe(&self) -> String;
}

/// The foreign store as the core's `SecretStore`.
pub(crate) struct ForeignSecrets(pub(crate) Arc<dyn HostSecrets>);

impl ForeignSecrets {
    fn failed(&self, name: Option<SecretName>, e: CampanileError) -> SecretsError {
        let CampanileError::Core { text, .. } = e;
        match name {
            Some(name) => SecretsError::Backend {
                name,
                backend: self.0.describe(),
                detail: text,
            },
            None => SecretsError::Unavailable {
                backend: self.0.describe(),
                detail: text,
            },
        }
    }
}

impl SecretStore for ForeignSecrets {
    fn get(&self, name: SecretName) -> Result<Option<Secret>, SecretsError> {
        let value = self
            .0
            .get(name.as_str().to_string())
            .map_err(|e| self.failed(Some(name), e))?;
        Ok(value.map(|v| {
            // Known to the redactor, so that it never reaches a message or a log.
            campanile_core::secrets::remember(&v);
            Secret::from_value(&v)
        }))
    }

    fn set(&self, name: SecretName, value: &str) -> Result<(), SecretsError> {
        campanile_core::secrets::check(name, value)?;
        campanile_core::secrets::remember(value);
        self.0
            .set(name.as_str().to_string(), value.to_string())
            .map_err(|e| self.failed(Some(name), e))
    }

    fn unset(&self, name: SecretName) -> Result<bool, SecretsError> {
        self.0
            .unset(name.as_str().to_string())
            .map_err(|e| self.failed(Some(name), e))
    }

    fn list(&self) -> Result<Vec<SecretName>, SecretsError> {
        let names = self.0.list().map_err(|e| self.failed(None, e))?;
        // Names the core does not know are the shell's own business: skipped.
        Ok(names
            .iter()
            .filter_map(|n| SecretName::parse(n).ok())
            .collect())
    }

    fn describe(&self) -> String {
        self.0.describe()
    }
}
