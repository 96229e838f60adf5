//! Linux: secrets in the kernel's key retention service, in the user's keyring (`@u`), as a
//! keyring-core credential store.
//!
//! The kernel keeps them in memory for the user until reboot, with no desktop session, D-Bus
//! or daemon: the same on a counter's PC and on a headless CI machine. The ecosystem's own
//! keyutils store keeps entries in the *session* keyring linked to the *persistent* one, which
//! processes started without a login session (services, CI jobs, containers) cannot use: there
//! the session keyring is the per-process default and linking to the persistent keyring is
//! refused. The user keyring is shared by every process of the user, so a key set by one
//! command is found by the next.
//!
//! Each secret is a `user` key described `<service>:<name>`, readable by its owner's processes
//! (possessor: everything; user: view, read, write, search, link), nobody else's.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use keyring_core::api::{CredentialApi, CredentialPersistence, CredentialStoreApi};
use keyring_core::{Credential, Entry, Error, Result};
use linux_keyutils::{KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};

/// The store: builds one credential per (service, name).
#[derive(Debug, Default)]
pub(super) struct UserKeyring;

impl CredentialStoreApi for UserKeyring {
    fn vendor(&self) -> String {
        "Linux kernel user keyring (keyutils)".into()
    }

    fn id(&self) -> String {
        "campanile-user-keyring".into()
    }

    fn build(
        &self,
        service: &str,
        user: &str,
        _modifiers: Option<&HashMap<&str, &str>>,
    ) -> Result<Entry> {
        Ok(Entry::new_with_credential(Arc::new(UserKey {
            description: format!("{service}:{user}"),
            service: service.to_string(),
            user: user.to_string(),
        })))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn persistence(&self) -> CredentialPersistence {
        CredentialPersistence::UntilReboot
    }
}

/// One secret: a `user` key in the user keyring.
#[derive(Debug)]
struct UserKey {
    description: String,
    service: String,
    user: String,
}

fn keyring() -> Result<KeyRing> {
    KeyRing::from_special_id(KeyRingIdentifier::User, true).map_err(storage_error)
}

fn storage_error(e: KeyError) -> Error {
    match e {
        KeyError::KeyDoesNotExist
        | KeyError::KeyringDoesNotExist
        | KeyError::KeyRevoked
        | KeyError::KeyExpired => Error::NoEntry,
        KeyError::AccessDenied | KeyError::PermissionDenied | KeyError::QuotaExceeded => {
            Error::NoStorageAccess(Box::new(e))
        }
        other => Error::PlatformFailure(Box::new(other)),
    }
}

impl CredentialApi for UserKey {
    fn set_secret(&self, secret: &[u8]) -> Result<()> {
        if secret.is_empty() {
            return Err(Error::Invalid("secret".into(), "cannot be empty".into()));
        }
        let key = keyring()?
            .add_key(&self.description, secret)
            .map_err(storage_error)?;
        let perms = KeyPermissionsBuilder::builder()
            .posessor(Permission::ALL)
            .user(
                Permission::VIEW
                    | Permission::READ
                    | Permission::WRITE
                    | Permission::SEARCH
                    | Permission::LINK,
            )
            .build();
        key.set_perms(perms).map_err(storage_error)
    }

    fn get_secret(&self) -> Result<Vec<u8>> {
        let key = keyring()?
            .search(&self.description)
            .map_err(storage_error)?;
        key.read_to_vec().map_err(storage_error)
    }

    fn delete_credential(&self) -> Result<()> {
        let key = keyring()?
            .search(&self.description)
            .map_err(storage_error)?;
        key.invalidate().map_err(storage_error)
    }

    fn get_credential(&self) -> Result<Option<Arc<Credential>>> {
        keyring()?
            .search(&self.description)
            .map_err(storage_error)?;
        Ok(None)
    }

    fn get_specifiers(&self) -> Option<(String, String)> {
        Some((self.service.clone(), self.user.clone()))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
