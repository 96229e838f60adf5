//! Every detailed core error, classified: one table, so the same fault has the same class
//! whichever part of the core met it. A platform that does not answer is `unavailable` when
//! nothing can have happened (a read) and `outcome-unknown` when a payment or a position may
//! have been made; a creditor that says it is unavailable is `unavailable` everywhere.

use super::{Classify, ErrorClass as C};
use crate::secrets::SecretsError;
use crate::store::StoreError;

#[cfg(feature = "beacons")]
mod beacons;
#[cfg(feature = "hub")]
mod hub;
#[cfg(feature = "invoices")]
mod invoices;
#[cfg(feature = "opendata")]
mod opendata;
#[cfg(feature = "payments")]
mod payments;
#[cfg(feature = "practices")]
mod practices;

impl Classify for StoreError {
    fn class(&self) -> C {
        match self {
            StoreError::TooNew { .. } => C::Conflict,
            _ => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => "store.open",
            StoreError::TooNew { .. } => "store.too-new",
            StoreError::Migration { .. } => "store.migration",
            StoreError::Sqlite(_) => "store.sqlite",
        }
    }
}

impl Classify for crate::work::Cancelled {
    // Like a cancelled sync: the work did not happen; ask again to have it.
    fn class(&self) -> C {
        C::Unavailable
    }
    fn code(&self) -> &'static str {
        "work.cancelled"
    }
}

impl crate::i18n::Localize for crate::work::Cancelled {
    fn message(&self) -> (String, Vec<(&'static str, crate::i18n::Arg)>) {
        ("work-cancelled".into(), Vec::new())
    }
}

impl Classify for SecretsError {
    fn class(&self) -> C {
        match self {
            SecretsError::UnknownName { .. }
            | SecretsError::BadService { .. }
            | SecretsError::Value { .. } => C::BadInput,
            SecretsError::Unavailable { .. } | SecretsError::Backend { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            SecretsError::UnknownName { .. } => "secrets.unknown-name",
            SecretsError::BadService { .. } => "secrets.bad-service",
            SecretsError::Value { .. } => "secrets.bad-value",
            SecretsError::Unavailable { .. } => "secrets.unavailable",
            SecretsError::Backend { .. } => "secrets.backend",
        }
    }
}
