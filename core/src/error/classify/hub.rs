//! Sync with the aggregation's hub.

use super::C;
use crate::error::Classify;
use crate::hubsync::HubSyncError;

impl Classify for HubSyncError {
    fn class(&self) -> C {
        match self {
            HubSyncError::NotSignedIn | HubSyncError::BadUrl { .. } => C::BadInput,
            HubSyncError::Unreachable { .. } => C::Unavailable,
            HubSyncError::Refused { status, .. } => match status {
                404 => C::NotFound,
                409 | 422 => C::Conflict,
                429 | 500.. => C::Unavailable,
                _ => C::BadInput,
            },
            HubSyncError::Protocol { .. } | HubSyncError::Sqlite(_) => C::Internal,
            HubSyncError::Diverged { .. } => C::Conflict,
            HubSyncError::SignInFailed { code, .. } if code.as_str() == "auth.oidc-unavailable" => {
                C::Unavailable
            }
            HubSyncError::SignInFailed { .. } => C::BadInput,
            HubSyncError::SignInTimedOut { .. } => C::Unavailable,
            HubSyncError::Practice(e) => e.class(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            HubSyncError::NotSignedIn => "hub.not-signed-in",
            HubSyncError::BadUrl { .. } => "hub.bad-url",
            HubSyncError::Unreachable { .. } => "hub.unreachable",
            HubSyncError::Refused { .. } => "hub.refused",
            HubSyncError::Protocol { .. } => "hub.protocol",
            HubSyncError::Diverged { .. } => "hub.diverged",
            HubSyncError::SignInFailed { .. } => "hub.sign-in-failed",
            HubSyncError::SignInTimedOut { .. } => "hub.sign-in-timed-out",
            HubSyncError::Practice(e) => e.code(),
            HubSyncError::Sqlite(_) => "hub.store",
        }
    }
}
