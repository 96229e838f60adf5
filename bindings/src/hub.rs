//! The aggregation's hub: sign in (on a phone, the hub's browser sign-in — SPID, CIE — in a
//! Custom Tab or `ASWebAuthenticationSession` coming back to the app's address with the token,
//! handed to `login_token`; the development login of a hub started with `--dev-login`), sign
//! out, sync (writes queued offline, then the hub's practices), status.
//! Signed in, payments go through the hub.

use std::sync::Arc;

use campanile_core::Campanile;
use campanile_core::hubsync::{Login, SessionInfo};

use crate::core::Core;
use crate::error::Result;
use crate::views::{count, count_out, json};

/// Who is signed in, where.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HubSession {
    /// The hub's URL.
    pub url: String,
    /// The person's fiscal code.
    pub subject: String,
    /// `citizen`, `staff` or `admin`.
    pub role: String,
    /// The comune's ISTAT code (staff).
    pub comune: Option<String>,
    /// The last sync (RFC 3339).
    pub last_sync: Option<String>,
}

/// Where the device stands with the hub.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HubStatus {
    /// The session, when signed in.
    pub session: Option<HubSession>,
    /// Writes waiting to be sent.
    pub pending: u64,
    /// Writes the hub refused.
    pub rejected: u64,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HubSyncSummary {
    /// Writes sent.
    pub sent: u64,
    /// Writes the hub had already taken (replayed).
    pub replayed: u64,
    /// Writes refused.
    pub rejected: u64,
    /// Practices brought in.
    pub practices: u64,
    /// Timeline events added.
    pub events_added: u64,
    /// Writes still waiting.
    pub pending: u64,
    /// Every field, as JSON.
    pub json: String,
}

/// The hub part of the handle.
#[derive(Debug, uniffi::Object)]
pub struct Hub {
    core: Campanile,
}

#[uniffi::export]
impl Core {
    /// Sync with the aggregation's hub.
    pub fn hub(&self) -> Arc<Hub> {
        Arc::new(Hub {
            core: self.inner.clone(),
        })
    }
}

fn session(s: SessionInfo) -> HubSession {
    HubSession {
        url: s.url,
        subject: s.subject,
        role: s.role,
        comune: s.comune,
        last_sync: s.last_sync.map(|t| t.to_rfc3339()),
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Hub {
    /// Signs in with the hub's development login: the token goes to the host's secret store.
    pub async fn login_dev(
        &self,
        url: String,
        subject: String,
        role: String,
        comune: Option<String>,
    ) -> Result<HubSession> {
        let who = Login {
            subject,
            role,
            comune,
        };
        Ok(session(self.core.hub().login_dev(&url, &who).await?))
    }

    /// Signs in with a token the hub gave: the one its browser sign-in (SPID, CIE) sends back
    /// in the fragment of the app's address (`it.campanile.app:/login#token=…`). The hub is
    /// asked who the token is; the token goes to the host's secret store.
    pub async fn login_token(&self, url: String, token: String) -> Result<HubSession> {
        Ok(session(self.core.hub().login_token(&url, &token).await?))
    }

    /// Finishes a sign-in started with [`Hub::sign_in_url`]: `returned_url` is the address
    /// that opened the app. None when it is not the sign-in's return (another link); the
    /// hub's refusal as an error (`hub.sign-in-failed`); otherwise the session, its token in
    /// the host's secret store.
    pub async fn finish_sign_in(
        &self,
        hub_url: String,
        returned_url: String,
        return_to: String,
    ) -> Result<Option<HubSession>> {
        Ok(self
            .core
            .hub()
            .finish_sign_in(&hub_url, &returned_url, &return_to)
            .await?
            .map(session))
    }

    /// The hub's browser sign-in address for `hub_url`, coming back to `return_to` (an app
    /// address the hub allows, such as `it.campanile.app:/login`): open it in a Custom Tab or
    /// an `ASWebAuthenticationSession`.
    pub fn sign_in_url(&self, hub_url: String, return_to: String) -> String {
        campanile_core::hubsync::browser::start_url(&hub_url, &return_to)
    }

    /// Signs out: the token is removed; writes waiting stay.
    pub fn logout(&self) -> Result<()> {
        Ok(self.core.hub().logout()?)
    }

    /// Sends the writes waiting, then brings the hub's practices in.
    pub async fn sync(&self) -> Result<HubSyncSummary> {
        let s = self.core.hub().sync().await?;
        Ok(HubSyncSummary {
            json: json(&s),
            sent: count_out(s.sent),
            replayed: count_out(s.replayed),
            rejected: count_out(s.rejected.len()),
            practices: count_out(s.practices),
            events_added: count_out(s.events_added),
            pending: count_out(s.pending),
        })
    }

    /// The session and the writes waiting (at most `limit` listed in the core's view).
    pub fn status(&self, limit: u32) -> Result<HubStatus> {
        let s = self.core.hub().status(count(limit))?;
        Ok(HubStatus {
            session: s.session.map(session),
            pending: count_out(s.pending),
            rejected: count_out(s.rejected),
        })
    }
}
