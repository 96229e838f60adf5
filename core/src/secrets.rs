//! The pagoPA platform's subscription keys and tokens, kept in the operating system's keyring
//! and nowhere else: not in files, not in the database, not in logs.
//!
//! Each secret has a fixed name ([`SecretName`]) and lives under the service `campanile`
//! (`$CAMPANILE_KEYRING_SERVICE` picks another, so that tests and a second installation keep
//! apart). The stores, through keyring-core: macOS the Keychain, Windows the Credential
//! Manager, Linux the kernel's user keyring (no desktop session needed; see
//! `secrets/user_keyring.rs` — it keeps keys until reboot).
//!
//! Every value this process reads or writes is remembered, so that [`redact`] can take it out
//! of any text (log lines, error messages) before it is shown.

mod messages;
#[cfg(target_os = "linux")]
mod user_keyring;

use std::borrow::Cow;
use std::sync::{Arc, RwLock};

use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use serde::Serialize;
use zeroize::Zeroizing;

/// The service the secrets live under, unless `$CAMPANILE_KEYRING_SERVICE` says otherwise.
pub const SERVICE: &str = "campanile";
/// The variable that picks another service.
pub const SERVICE_ENV: &str = "CAMPANILE_KEYRING_SERVICE";
/// What [`redact`] puts in place of a secret.
pub const REDACTED: &str = "[redacted]";
/// Shortest and longest value accepted: a subscription key has 32 characters, a token a few
/// hundred; below 8 characters it is a typo, and redaction would hit ordinary words.
pub const MIN_VALUE: usize = 8;
/// The longest value accepted, in characters (see [`MIN_VALUE`]).
pub const MAX_VALUE: usize = 4096;

/// The secrets Campanile knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
pub enum SecretName {
    /// Subscription key of pagoPA Checkout (carts).
    PagopaCheckoutKey,
    /// Subscription key of notice verification (payment requests).
    PagopaPaymentRequestsKey,
    /// Subscription key of the creditor's debt positions (GPD).
    PagopaGpdKey,
    /// The bearer token the aggregation's hub signed for this device's session.
    HubToken,
    /// The hub's client secret at the OpenID Connect issuer (SPID/CIE), on the hub only.
    OidcClientSecret,
}

impl SecretName {
    /// Every secret, in display order.
    pub const ALL: [SecretName; 5] = [
        SecretName::PagopaCheckoutKey,
        SecretName::PagopaPaymentRequestsKey,
        SecretName::PagopaGpdKey,
        SecretName::HubToken,
        SecretName::OidcClientSecret,
    ];

    /// The secret's name in the keyring and on the command line (`pagopa-checkout-key`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SecretName::PagopaCheckoutKey => "pagopa-checkout-key",
            SecretName::PagopaPaymentRequestsKey => "pagopa-payment-requests-key",
            SecretName::PagopaGpdKey => "pagopa-gpd-key",
            SecretName::HubToken => "hub-token",
            SecretName::OidcClientSecret => "oidc-client-secret",
        }
    }

    /// One of the known names, exactly (lower case, dashes).
    pub fn parse(name: &str) -> Result<SecretName, SecretsError> {
        SecretName::ALL
            .into_iter()
            .find(|n| n.as_str() == name)
            .ok_or_else(|| SecretsError::UnknownName {
                name: name.chars().take(64).collect(),
            })
    }
}

impl From<SecretName> for &'static str {
    fn from(n: SecretName) -> &'static str {
        n.as_str()
    }
}

impl std::fmt::Display for SecretName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SecretName {
    type Err = SecretsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SecretName::parse(s)
    }
}

/// What is wrong with a value given to [`Secrets::set`]. The value itself is never repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "kebab-case")]
pub enum ValueProblem {
    /// The value is empty.
    Empty,
    /// Shorter than allowed.
    TooShort {
        /// The fewest characters accepted.
        min: usize,
    },
    /// Longer than allowed.
    TooLong {
        /// The most characters accepted.
        max: usize,
    },
    /// A space, line break or other control character at this 1-based position: keys and
    /// tokens have none.
    Character {
        /// The 1-based position of the character.
        position: usize,
    },
}

/// Why a secret cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsError {
    /// Not the name of a secret Campanile knows.
    #[error("unknown secret name '{name}'")]
    UnknownName {
        /// The name given.
        name: String,
    },
    /// A keyring service name with characters other than lower-case letters, digits, `.`, `_` and
    /// `-`, or longer than 64.
    #[error("bad keyring service name '{service}'")]
    BadService {
        /// The name given (its first 64 characters).
        service: String,
    },
    /// The value cannot be a key or token.
    #[error("bad value for {name}: {problem:?}")]
    Value {
        /// The secret it was for.
        name: SecretName,
        /// What is wrong with it.
        problem: ValueProblem,
    },
    /// No keyring on this system, or it refuses access (locked, no permission).
    #[error("the keyring ({backend}) is not available: {detail}")]
    Unavailable {
        /// The keyring backend's name.
        backend: String,
        /// What it said.
        detail: String,
    },
    /// The keyring failed on this secret.
    #[error("the keyring ({backend}) failed on {name}: {detail}")]
    Backend {
        /// The secret.
        name: SecretName,
        /// The keyring backend's name.
        backend: String,
        /// What it said.
        detail: String,
    },
}

/// A secret's value: shown only through [`Secret::expose`], wiped from memory when dropped,
/// never printed by `Debug`.
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// The value (to put in a request header, never in a message).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A secret from a value a host's store gave (remembered for [`redact`]).
    pub fn from_value(value: &str) -> Secret {
        remember(value);
        Secret(Zeroizing::new(value.to_string()))
    }
}

/// Checks that `value` can be stored under `name`: one line of [`MIN_VALUE`]–[`MAX_VALUE`]
/// characters without spaces or control characters. Every [`crate::host::SecretStore`]
/// applies it.
pub fn check(name: SecretName, value: &str) -> Result<(), SecretsError> {
    check_value(value).map_err(|problem| SecretsError::Value { name, problem })
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The secrets of one service in the OS keyring.
pub struct Secrets {
    store: Arc<CredentialStore>,
    service: String,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("backend", &self.backend())
            .field("service", &self.service)
            .finish()
    }
}

/// The native store of this system.
fn os_store() -> Result<Arc<CredentialStore>, SecretsError> {
    #[cfg(target_os = "linux")]
    {
        Ok(Arc::new(user_keyring::UserKeyring))
    }
    #[cfg(target_os = "macos")]
    {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()
            .map_err(|e| unavailable("macOS Keychain", &e))?;
        Ok(store)
    }
    #[cfg(target_os = "windows")]
    {
        let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()
            .map_err(|e| unavailable("Windows Credential Manager", &e))?;
        Ok(store)
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    {
        Err(SecretsError::Unavailable {
            backend: std::env::consts::OS.to_string(),
            detail: "no keyring is supported on this system".into(),
        })
    }
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
fn unavailable(backend: &str, e: &KeyringError) -> SecretsError {
    SecretsError::Unavailable {
        backend: backend.to_string(),
        detail: describe(e),
    }
}

/// Words for a keyring error that never carry the secret (some variants hold its bytes).
fn describe(e: &KeyringError) -> String {
    let text = match e {
        KeyringError::BadEncoding(_) => "the stored value is not UTF-8 text".to_string(),
        KeyringError::BadDataFormat(_, inner) => format!("the stored value is damaged: {inner}"),
        KeyringError::Ambiguous(entries) => format!("{} entries match", entries.len()),
        other => other.to_string(),
    };
    redact(&text).into_owned()
}

impl Secrets {
    /// The OS keyring, under `$CAMPANILE_KEYRING_SERVICE` or else [`SERVICE`].
    pub fn open() -> Result<Secrets, SecretsError> {
        let service = std::env::var(SERVICE_ENV)
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| SERVICE.to_string());
        Secrets::open_service(&service)
    }

    /// The OS keyring under another service name: lower-case letters, digits, `.`, `_` and
    /// `-`, at most 64.
    pub fn open_service(service: &str) -> Result<Secrets, SecretsError> {
        let valid = !service.is_empty()
            && service.len() <= 64
            && service
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if !valid {
            return Err(SecretsError::BadService {
                service: service.chars().take(64).collect(),
            });
        }
        Ok(Secrets {
            store: os_store()?,
            service: service.to_string(),
        })
    }

    /// The keyring service name the secrets are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Which keyring holds the secrets, e.g. "Linux kernel user keyring (keyutils)".
    pub fn backend(&self) -> String {
        self.store.vendor()
    }

    fn entry(&self, name: SecretName) -> Result<Entry, SecretsError> {
        self.store
            .build(&self.service, name.as_str(), None)
            .map_err(|e| self.failure(name, &e))
    }

    fn failure(&self, name: SecretName, e: &KeyringError) -> SecretsError {
        match e {
            KeyringError::NoStorageAccess(_) | KeyringError::NoDefaultStore => {
                SecretsError::Unavailable {
                    backend: self.backend(),
                    detail: describe(e),
                }
            }
            _ => SecretsError::Backend {
                name,
                backend: self.backend(),
                detail: describe(e),
            },
        }
    }

    /// Stores `value` under `name`, replacing what was there. The value must be one line of
    /// [`MIN_VALUE`]–[`MAX_VALUE`] characters without spaces or control characters.
    pub fn set(&self, name: SecretName, value: &str) -> Result<(), SecretsError> {
        check_value(value).map_err(|problem| SecretsError::Value { name, problem })?;
        remember(value);
        self.entry(name)?
            .set_password(value)
            .map_err(|e| self.failure(name, &e))
    }

    /// The value stored under `name`, if any.
    pub fn get(&self, name: SecretName) -> Result<Option<Secret>, SecretsError> {
        match self.entry(name)?.get_password() {
            Ok(value) => {
                let value = Zeroizing::new(value);
                remember(&value);
                Ok(Some(Secret(value)))
            }
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(self.failure(name, &e)),
        }
    }

    /// Removes `name`; true when there was something to remove.
    pub fn unset(&self, name: SecretName) -> Result<bool, SecretsError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(self.failure(name, &e)),
        }
    }

    /// The names that have a value (never the values).
    pub fn list(&self) -> Result<Vec<SecretName>, SecretsError> {
        let mut set = Vec::new();
        for name in SecretName::ALL {
            if self.get(name)?.is_some() {
                set.push(name);
            }
        }
        Ok(set)
    }
}

fn check_value(value: &str) -> Result<(), ValueProblem> {
    if value.is_empty() {
        return Err(ValueProblem::Empty);
    }
    if let Some((i, _)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(ValueProblem::Character { position: i + 1 });
    }
    let n = value.chars().count();
    if n < MIN_VALUE {
        return Err(ValueProblem::TooShort { min: MIN_VALUE });
    }
    if n > MAX_VALUE {
        return Err(ValueProblem::TooLong { max: MAX_VALUE });
    }
    Ok(())
}

/// The values this process has read or written, longest first.
static KNOWN: RwLock<Vec<Zeroizing<String>>> = RwLock::new(Vec::new());

/// Makes [`redact`] take `value` out of texts from now on: for tokens that come from
/// elsewhere than the keyring (an answer of the platform). Values shorter than [`MIN_VALUE`]
/// are ignored.
pub fn remember(value: &str) {
    if value.chars().count() < MIN_VALUE {
        return;
    }
    let mut known = match KNOWN.write() {
        Ok(k) => k,
        Err(poisoned) => poisoned.into_inner(),
    };
    if known.iter().any(|k| k.as_str() == value) {
        return;
    }
    known.push(Zeroizing::new(value.to_string()));
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
}

/// `text` with every secret value this process knows replaced by [`REDACTED`].
pub fn redact(text: &str) -> Cow<'_, str> {
    let known = match KNOWN.read() {
        Ok(k) => k,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut out = Cow::Borrowed(text);
    for value in known.iter() {
        if out.contains(value.as_str()) {
            out = Cow::Owned(out.replace(value.as_str(), REDACTED));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_known_ones_only() {
        for n in SecretName::ALL {
            assert_eq!(SecretName::parse(n.as_str()), Ok(n));
        }
        for bad in [
            "",
            "PAGOPA-GPD-KEY",
            "pagopa-gpd-key ",
            "pagopa_gpd_key",
            "gpd",
        ] {
            assert!(
                matches!(
                    SecretName::parse(bad),
                    Err(SecretsError::UnknownName { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn values_are_one_word_of_sensible_length() {
        assert_eq!(check_value("0123456789abcdef0123456789abcdef"), Ok(()));
        assert_eq!(check_value(""), Err(ValueProblem::Empty));
        assert_eq!(
            check_value("short"),
            Err(ValueProblem::TooShort { min: MIN_VALUE })
        );
        assert_eq!(
            check_value("abcdefgh\n"),
            Err(ValueProblem::Character { position: 9 })
        );
        assert_eq!(
            check_value("abcd efgh"),
            Err(ValueProblem::Character { position: 5 })
        );
        assert_eq!(
            check_value(&"x".repeat(MAX_VALUE + 1)),
            Err(ValueProblem::TooLong { max: MAX_VALUE })
        );
    }

    #[test]
    fn redaction_takes_out_every_known_value_and_nothing_else() {
        let key = "k3y-0f-the-unit-test-5c1f2a";
        let longer = "k3y-0f-the-unit-test-5c1f2a-and-more";
        assert_eq!(redact(&format!("x {key} y")), format!("x {key} y"));
        remember(key);
        remember(longer);
        remember("short");
        assert_eq!(
            redact(&format!("GET /x?k={key}&t={longer} short")),
            format!("GET /x?k={REDACTED}&t={REDACTED} short")
        );
        assert!(matches!(redact("nothing secret here"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_secret_does_not_show_in_debug_output() {
        let s = Secret(Zeroizing::new("v4lue-in-debug-output".into()));
        assert_eq!(format!("{s:?}"), REDACTED);
        assert_eq!(s.expose(), "v4lue-in-debug-output");
    }
}
