//! The pagoPA keys the hub holds — notice verification, Checkout, GPD — read at start from the
//! OS keyring (under the hub's own service) or from files readable only by the hub's user.
//! Never from the database, never logged: every value read is remembered by the core's
//! redaction (`campanile_core::secrets::redact`) so that no error text carries it.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use campanile_core::secrets::{self, Secret, SecretName, Secrets};

use super::settings::PagoPaKeySource;

/// The keys found (each may be missing). `Debug` shows which, never their values.
#[derive(Default)]
pub struct PagoPaKeys {
    /// Notice verification's key.
    pub payment_requests: Option<Secret>,
    /// Checkout's key.
    pub checkout: Option<Secret>,
    /// GPD's key.
    pub gpd: Option<Secret>,
}

impl std::fmt::Debug for PagoPaKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PagoPaKeys")
            .field("payment_requests", &self.payment_requests.is_some())
            .field("checkout", &self.checkout.is_some())
            .field("gpd", &self.gpd.is_some())
            .finish()
    }
}

impl PagoPaKeys {
    /// The names of the keys that are missing.
    pub fn missing(&self) -> Vec<SecretName> {
        [
            (SecretName::PagopaPaymentRequestsKey, &self.payment_requests),
            (SecretName::PagopaCheckoutKey, &self.checkout),
            (SecretName::PagopaGpdKey, &self.gpd),
        ]
        .into_iter()
        .filter(|(_, k)| k.is_none())
        .map(|(n, _)| n)
        .collect()
    }
}

/// Why a key cannot be used: the hub does not start.
#[derive(Debug, thiserror::Error)]
pub enum PagoPaKeyError {
    /// A key file cannot be read.
    #[error("secret file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Group or others may access a key file.
    #[error(
        "secret file {path}: mode {mode:o} lets group or others access it; run `chmod 600 {path}`"
    )]
    Exposed {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A key file or keyring entry holds something that cannot be a key.
    #[error("secret {what}: {detail}")]
    Value {
        /// The file or keyring entry.
        what: String,
        /// What is wrong (never the value).
        detail: String,
    },
    /// The keyring failed.
    #[error("pagoPA keys in the keyring: {0}")]
    Keyring(#[from] secrets::SecretsError),
}

const NAMES: [SecretName; 3] = [
    SecretName::PagopaPaymentRequestsKey,
    SecretName::PagopaCheckoutKey,
    SecretName::PagopaGpdKey,
];

/// Reads the keys from `source`. A missing key is only missing (its routes answer that the hub
/// is not configured for it); a key file others can read, or a value that cannot be a key,
/// stops the hub. A keyring that cannot be opened counts as no keys, with a warning.
pub fn load(source: &PagoPaKeySource) -> Result<PagoPaKeys, PagoPaKeyError> {
    let mut found: Vec<Option<Secret>> = Vec::with_capacity(NAMES.len());
    match source {
        PagoPaKeySource::Dir(dir) => {
            for name in NAMES {
                found.push(read_file(&dir.join(name.as_str()), name)?);
            }
        }
        PagoPaKeySource::Keyring(service) => {
            let store = match Secrets::open_service(service) {
                Ok(s) => s,
                Err(secrets::SecretsError::Unavailable { backend, detail }) => {
                    tracing::warn!(%backend, %detail, "no keyring: the hub holds no pagoPA key");
                    return Ok(PagoPaKeys::default());
                }
                Err(e) => return Err(e.into()),
            };
            for name in NAMES {
                found.push(store.get(name)?);
            }
        }
    }
    let mut it = found.into_iter();
    let keys = PagoPaKeys {
        payment_requests: it.next().flatten(),
        checkout: it.next().flatten(),
        gpd: it.next().flatten(),
    };
    tracing::info!(?keys, "pagoPA keys");
    Ok(keys)
}

/// One key file: `None` when it does not exist; refused when group or others can access it.
pub(crate) fn read_file(path: &Path, name: SecretName) -> Result<Option<Secret>, PagoPaKeyError> {
    let io = |source| PagoPaKeyError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(PagoPaKeyError::Exposed {
            path: path.to_path_buf(),
            mode,
        });
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let value = text.trim();
    secrets::check(name, value).map_err(|e| PagoPaKeyError::Value {
        what: path.display().to_string(),
        detail: e.to_string(),
    })?;
    Ok(Some(Secret::from_value(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_private_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let source = PagoPaKeySource::Dir(dir.path().to_path_buf());
        let none = load(&source).unwrap();
        assert_eq!(none.missing().len(), 3);

        let gpd = dir.path().join("pagopa-gpd-key");
        std::fs::write(&gpd, "gpd-secret-value-0001\n").unwrap();
        std::fs::set_permissions(&gpd, std::fs::Permissions::from_mode(0o600)).unwrap();
        let keys = load(&source).unwrap();
        assert_eq!(keys.gpd.as_ref().unwrap().expose(), "gpd-secret-value-0001");
        assert_eq!(
            keys.missing(),
            [
                SecretName::PagopaPaymentRequestsKey,
                SecretName::PagopaCheckoutKey
            ]
        );
        assert!(!format!("{keys:?}").contains("gpd-secret"));

        std::fs::set_permissions(&gpd, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(matches!(
            load(&source),
            Err(PagoPaKeyError::Exposed { mode: 0o640, .. })
        ));
        std::fs::write(&gpd, "has a space").unwrap();
        std::fs::set_permissions(&gpd, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load(&source).unwrap_err().to_string();
        assert!(matches!(load(&source), Err(PagoPaKeyError::Value { .. })));
        assert!(!err.contains("has a space"), "{err}");
    }

    #[test]
    fn the_keyring_under_the_hubs_own_service() {
        let service = format!("campanile-hub-test-{}", std::process::id());
        let store = match Secrets::open_service(&service) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("no keyring here ({e}): skipped");
                return;
            }
        };
        if store
            .set(SecretName::PagopaCheckoutKey, "checkout-key-in-keyring-01")
            .is_err()
        {
            eprintln!("the keyring refuses writes here: skipped");
            return;
        }
        let keys = load(&PagoPaKeySource::Keyring(service.clone())).unwrap();
        assert_eq!(
            keys.checkout.as_ref().map(Secret::expose),
            Some("checkout-key-in-keyring-01")
        );
        // Not the apps' service: nothing else is read.
        assert!(keys.payment_requests.is_none() && keys.gpd.is_none());
        let _ = store.unset(SecretName::PagopaCheckoutKey);
    }
}
