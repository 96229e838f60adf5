//! What only the host has, given to the core through traits: the secret store and the clock.
//!
//! The desktop and the CLI use the OS keyring ([`crate::secrets::Secrets`] implements
//! [`SecretStore`]); Android gives its Keystore and iOS its Keychain through the same trait
//! (a foreign trait in the bindings). Tests give a clock they move by hand.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::secrets::{Secret, SecretName, Secrets, SecretsError};

/// Where the core reads the time: milliseconds since the Unix epoch.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// Where the platform's keys and the hub's token are kept. Implementations never write a
/// value anywhere else (no file, no database, no log).
pub trait SecretStore: Send + Sync {
    /// The value of `name`, if one is stored.
    fn get(&self, name: SecretName) -> Result<Option<Secret>, SecretsError>;
    /// Stores `value` under `name`, replacing what was there.
    fn set(&self, name: SecretName, value: &str) -> Result<(), SecretsError>;
    /// Removes `name`; true when there was something to remove.
    fn unset(&self, name: SecretName) -> Result<bool, SecretsError>;
    /// The names that hold a value.
    fn list(&self) -> Result<Vec<SecretName>, SecretsError>;
    /// Where the secrets are, for messages ("the service `campanile` of the kernel keyring").
    fn describe(&self) -> String;
}

impl SecretStore for Secrets {
    fn get(&self, name: SecretName) -> Result<Option<Secret>, SecretsError> {
        Secrets::get(self, name)
    }
    fn set(&self, name: SecretName, value: &str) -> Result<(), SecretsError> {
        Secrets::set(self, name, value)
    }
    fn unset(&self, name: SecretName) -> Result<bool, SecretsError> {
        Secrets::unset(self, name)
    }
    fn list(&self) -> Result<Vec<SecretName>, SecretsError> {
        Secrets::list(self)
    }
    fn describe(&self) -> String {
        format!("{} ({})", self.service(), self.backend())
    }
}

/// The OS keyring, opened on first use: a front that never touches a key never needs one
/// (a visitors' app has none).
#[derive(Debug, Default)]
pub struct OsKeyring {
    opened: Mutex<Option<Arc<Secrets>>>,
}

impl OsKeyring {
    fn store(&self) -> Result<Arc<Secrets>, SecretsError> {
        let mut guard = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = guard.as_ref() {
            return Ok(s.clone());
        }
        let s = Arc::new(Secrets::open()?);
        *guard = Some(s.clone());
        Ok(s)
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, name: SecretName) -> Result<Option<Secret>, SecretsError> {
        self.store()?.get(name)
    }
    fn set(&self, name: SecretName, value: &str) -> Result<(), SecretsError> {
        self.store()?.set(name, value)
    }
    fn unset(&self, name: SecretName) -> Result<bool, SecretsError> {
        self.store()?.unset(name)
    }
    fn list(&self) -> Result<Vec<SecretName>, SecretsError> {
        self.store()?.list()
    }
    fn describe(&self) -> String {
        self.store()
            .map_or_else(|e| e.to_string(), |s| SecretStore::describe(&*s))
    }
}

/// Secrets held in memory only (tests; a kiosk that is given its keys at start).
#[derive(Default)]
pub struct MemorySecrets {
    values: Mutex<BTreeMap<SecretName, String>>,
}

impl std::fmt::Debug for MemorySecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemorySecrets")
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, name: SecretName) -> Result<Option<Secret>, SecretsError> {
        let values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(values.get(&name).map(|v| Secret::from_value(v)))
    }
    fn set(&self, name: SecretName, value: &str) -> Result<(), SecretsError> {
        crate::secrets::check(name, value)?;
        crate::secrets::remember(value);
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        values.insert(name, value.to_string());
        Ok(())
    }
    fn unset(&self, name: SecretName) -> Result<bool, SecretsError> {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(values.remove(&name).is_some())
    }
    fn list(&self) -> Result<Vec<SecretName>, SecretsError> {
        let values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(values.keys().copied().collect())
    }
    fn describe(&self) -> String {
        "memory".to_string()
    }
}
