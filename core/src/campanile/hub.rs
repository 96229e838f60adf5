//! The hub through the handle: sign in (the token to the host's secret store), writes queued
//! offline with their idempotency keys, sync (send what waits, in order; bring the hub's
//! practices in, in the hub's order), and where things stand.

use serde::Serialize;

use super::Campanile;
use crate::error::Error;
use crate::hubsync::{
    self, HubClient, HubPosition, HubPractice, HubSyncError, Login, OutboxEntry, OutboxState,
    SessionInfo,
};
use crate::secrets::SecretName;
use crate::time::Instant;

/// The hub part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Hub<'a> {
    pub(super) core: &'a Campanile,
}

/// A practice to open at the hub (staff of its comune).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HubOpen {
    /// The procedure's id in the hub's catalog.
    pub procedure: String,
    /// The applicant's fiscal code.
    pub applicant: String,
    /// What it is about.
    pub subject: String,
    /// The comune's ISTAT code.
    pub comune: String,
    /// When the application was received (the clock starts); none: it opens started.
    pub received: Option<Instant>,
    /// A note on the first event.
    pub note: Option<String>,
}

/// Where the device stands with the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HubStatus {
    /// Who is signed in where, if anyone.
    pub session: Option<SessionInfo>,
    /// Writes waiting for the hub.
    pub pending: usize,
    /// Writes the hub refused.
    pub rejected: usize,
    /// The latest writes, newest first.
    pub outbox: Vec<OutboxEntry>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    /// Writes the hub applied now.
    pub sent: usize,
    /// Of those, writes the hub had already applied (a retry after a lost answer).
    pub replayed: usize,
    /// Writes the hub refused now, with its message.
    pub rejected: Vec<OutboxEntry>,
    /// Practices read from the hub.
    pub practices: usize,
    /// Events brought into the local store.
    pub events_added: usize,
    /// Writes still waiting.
    pub pending: usize,
}

fn new_key() -> Result<String, HubSyncError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| HubSyncError::Protocol {
        what: "an idempotency key".into(),
        detail: e.to_string(),
    })?;
    Ok(hex::encode(bytes))
}

impl Hub<'_> {
    fn session(&self) -> Result<SessionInfo, Error> {
        self.core
            .read(|s| hubsync::load_session(s.conn()).map_err(HubSyncError::from))?
            .ok_or_else(|| self.core.error(&HubSyncError::NotSignedIn))
    }

    fn client(&self) -> Result<(SessionInfo, HubClient), Error> {
        let session = self.session()?;
        let token = self.core.key(SecretName::HubToken)?;
        let client = HubClient::new(&session.url, Some(token)).map_err(|e| self.core.error(&e))?;
        Ok((session, client))
    }

    /// Signs in to the hub at `url` with its development login (a hub started with
    /// `--dev-login`): the token goes to the host's secret store, the session to the database.
    pub async fn login_dev(&self, url: &str, who: &Login) -> Result<SessionInfo, Error> {
        let client = HubClient::new(url, None).map_err(|e| self.core.error(&e))?;
        let token = client
            .dev_login(who)
            .await
            .map_err(|e| self.core.error(&e))?;
        self.remember(client.base(), &token, who)
    }

    /// Signs in with a token the hub gave (a phone's app address received it from the
    /// browser): the hub says whose it is; then as [`Hub::login_dev`].
    pub async fn login_token(&self, url: &str, token: &str) -> Result<SessionInfo, Error> {
        let client =
            HubClient::new(url, Some(token.to_string())).map_err(|e| self.core.error(&e))?;
        let me = client.me().await.map_err(|e| self.core.error(&e))?;
        let who = Login {
            subject: me.subject,
            role: me.role,
            comune: me.comune,
        };
        self.remember(client.base(), token, &who)
    }

    /// Finishes a sign-in a phone started with the hub's sign-in address and its own return
    /// address `return_to`: `returned` is the address the app was opened with. None when that
    /// is not the sign-in's return (another link opened the app); the hub's error when it
    /// refused; otherwise signed in as [`Hub::login_token`].
    pub async fn finish_sign_in(
        &self,
        url: &str,
        returned: &str,
        return_to: &str,
    ) -> Result<Option<SessionInfo>, Error> {
        use crate::hubsync::browser::{self, Outcome};
        match browser::app_return(returned, return_to) {
            None => Ok(None),
            Some(Outcome::Token(token)) => self.login_token(url, &token).await.map(Some),
            Some(Outcome::Failed { code, detail }) => Err(self
                .core
                .error(&HubSyncError::SignInFailed { code, detail })),
        }
    }

    /// Signs in with SPID or CIE through the browser: `open` is given the address to open in
    /// the system browser (the hub's sign-in, which comes back to a one-shot listener on a
    /// loopback port of this machine); waits up to `timeout` for the person to finish.
    pub async fn login_browser(
        &self,
        url: &str,
        open: impl FnOnce(&str),
        timeout: std::time::Duration,
    ) -> Result<SessionInfo, Error> {
        use crate::hubsync::browser::{self, Loopback, Outcome};
        let client = HubClient::new(url, None).map_err(|e| self.core.error(&e))?;
        let loopback = Loopback::bind().await.map_err(|e| self.core.error(&e))?;
        open(&browser::start_url(client.base(), loopback.return_to()));
        let page = |outcome: &Outcome| {
            let (title, words) = match outcome {
                Outcome::Token(_) => (
                    self.core.tr("hub-browser-done-title", &[]),
                    self.core.tr("hub-browser-done", &[]),
                ),
                Outcome::Failed { detail, .. } => (
                    self.core.tr("hub-browser-failed-title", &[]),
                    self.core
                        .tr("hub-browser-failed", &[("detail", detail.as_str().into())]),
                ),
            };
            crate::loopback::page(&self.core.language(), &title, &words)
        };
        match loopback
            .wait(timeout, page)
            .await
            .map_err(|e| self.core.error(&e))?
        {
            Outcome::Token(token) => self.login_token(client.base(), &token).await,
            Outcome::Failed { code, detail } => Err(self
                .core
                .error(&HubSyncError::SignInFailed { code, detail })),
        }
    }

    /// Creates a practice's debt position at GPD through the hub, which holds the creditor's
    /// key: `position` is the position file (the core's format, checked here first), for
    /// `creditor`, published at once with `publish`. Staff of the practice's comune only.
    pub async fn create_position(
        &self,
        practice_id: &str,
        creditor: &str,
        position: &[u8],
        publish: bool,
    ) -> Result<HubPosition, Error> {
        #[cfg(feature = "payments")]
        {
            let part = self.core.positions();
            part.creditor(creditor)?;
            part.read_file("position.json", position)?;
        }
        let position: serde_json::Value = serde_json::from_slice(position).map_err(|e| {
            self.core.error(&HubSyncError::Protocol {
                what: "position".into(),
                detail: e.to_string(),
            })
        })?;
        let (_, client) = self.client()?;
        let body = serde_json::json!({
            "creditor": creditor.trim(),
            "publish": publish,
            "position": position,
        });
        let key = new_key().map_err(|e| self.core.error(&e))?;
        client
            .create_position(practice_id.trim(), &body, &key)
            .await
            .map_err(|e| self.core.error(&e))
    }

    /// A debt position as GPD has it now, through the hub: whether it was paid.
    pub async fn position(&self, iupd: &str) -> Result<HubPosition, Error> {
        let (_, client) = self.client()?;
        client
            .position(iupd.trim())
            .await
            .map_err(|e| self.core.error(&e))
    }

    /// A debt position's printed notice (A4 PDF, in the handle's language), through the hub.
    pub async fn position_notice(&self, iupd: &str) -> Result<Vec<u8>, Error> {
        let (_, client) = self.client()?;
        let lang = if self.core.language() == "it" {
            "it"
        } else {
            "en"
        };
        client
            .position_notice(iupd.trim(), lang)
            .await
            .map_err(|e| self.core.error(&e))
    }

    /// Keeps a session: the token to the host's secret store, the session to the database.
    fn remember(&self, url: &str, token: &str, who: &Login) -> Result<SessionInfo, Error> {
        self.core
            .host()
            .secrets
            .set(SecretName::HubToken, token)
            .map_err(|e| self.core.error(&e))?;
        let session = SessionInfo {
            url: url.to_string(),
            subject: who.subject.clone(),
            role: who.role.clone(),
            comune: who.comune.clone(),
            last_sync: None,
        };
        self.core
            .write(|s| hubsync::save_session(s.conn_mut(), &session).map_err(HubSyncError::from))?;
        // Payments go through the hub from now on.
        #[cfg(feature = "payments")]
        self.core.payments().reset();
        Ok(session)
    }

    /// Signs out: the token is removed and the session forgotten; writes waiting stay.
    pub fn logout(&self) -> Result<(), Error> {
        self.core
            .host()
            .secrets
            .unset(SecretName::HubToken)
            .map_err(|e| self.core.error(&e))?;
        self.core
            .write(|s| hubsync::clear_session(s.conn()).map_err(HubSyncError::from))?;
        #[cfg(feature = "payments")]
        self.core.payments().reset();
        Ok(())
    }

    /// Where things stand: the session, and the latest `limit` writes.
    pub fn status(&self, limit: usize) -> Result<HubStatus, Error> {
        self.core.read(|s| {
            let session = hubsync::load_session(s.conn())?;
            let all = hubsync::entries(s.conn(), usize::MAX)?;
            Ok::<_, HubSyncError>(HubStatus {
                session,
                pending: all
                    .iter()
                    .filter(|e| e.state == OutboxState::Pending)
                    .count(),
                rejected: all
                    .iter()
                    .filter(|e| e.state == OutboxState::Rejected)
                    .count(),
                outbox: all.into_iter().take(limit).collect(),
            })
        })
    }

    fn queue(
        &self,
        path: String,
        body: serde_json::Value,
        practice_id: Option<&str>,
        what: String,
    ) -> Result<OutboxEntry, Error> {
        let key = new_key().map_err(|e| self.core.error(&e))?;
        let at = self.core.now();
        self.core.write(|s| {
            let body = body.to_string();
            let seq = hubsync::queue(
                s.conn(),
                &hubsync::NewWrite {
                    key: &key,
                    method: "POST",
                    path: &path,
                    body: &body,
                    practice_id,
                    what: &what,
                    at,
                },
            )?;
            let entry = hubsync::entries(s.conn(), usize::MAX)?
                .into_iter()
                .find(|e| e.seq == seq);
            entry.ok_or(HubSyncError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
        })
    }

    /// Queues an event on a practice of the hub (sent at the next sync). The kind is checked
    /// now; the state machine is the hub's to check (the same rules as here).
    pub fn queue_event(
        &self,
        practice_id: &str,
        kind: &str,
        note: Option<&str>,
        attachments: &[String],
        at: Option<Instant>,
    ) -> Result<OutboxEntry, Error> {
        let kind = self.core.practices().parse_event_kind(kind)?;
        self.session()?;
        let mut body = serde_json::json!({
            "kind": kind.as_str(),
            "attachments": attachments,
            "at": at.unwrap_or_else(|| self.core.now()).to_rfc3339(),
        });
        if let Some(n) = note {
            body["note"] = serde_json::json!(n);
        }
        self.queue(
            format!("/api/v1/practices/{}/events", hubsync::encode(practice_id)),
            body,
            Some(practice_id),
            format!("{} {practice_id}", kind.as_str()),
        )
    }

    /// Queues the opening of a practice at the hub (staff; sent at the next sync).
    pub fn queue_open(&self, open: &HubOpen) -> Result<OutboxEntry, Error> {
        let comune = self.core.practices().check_istat(&open.comune)?;
        self.session()?;
        let mut body = serde_json::json!({
            "procedure": open.procedure,
            "applicant": open.applicant,
            "subject": open.subject,
            "comune": comune,
        });
        if let Some(r) = open.received {
            body["received"] = serde_json::json!(r.to_rfc3339());
        }
        if let Some(n) = &open.note {
            body["note"] = serde_json::json!(n);
        }
        self.queue(
            "/api/v1/practices".into(),
            body,
            None,
            format!("open {} for {}", open.procedure, open.applicant),
        )
    }

    /// Sends the writes waiting, in order, then brings in the hub's practices: the
    /// signed-in citizen's own, and every practice a write of this device touched. Stops at
    /// the first write without an answer (it stays pending, with its key) and reports the hub
    /// unavailable; a write the hub refuses is kept as rejected, with its message.
    pub async fn sync(&self) -> Result<SyncSummary, Error> {
        let (session, client) = self.client()?;
        let err = |e: HubSyncError| self.core.error(&e);
        let mut summary = SyncSummary::default();
        let waiting = self
            .core
            .read(|s| hubsync::pending(s.conn()).map_err(HubSyncError::from))?;
        for entry in waiting {
            let answer = client
                .write(&entry.method, &entry.path, &entry.body, &entry.key)
                .await;
            let now = self.core.now();
            match answer {
                Ok(sent) if (200..300).contains(&sent.status) => {
                    let created = serde_json::from_str::<serde_json::Value>(&sent.body)
                        .ok()
                        .and_then(|v| v["id"].as_str().map(str::to_string));
                    self.core.write(|s| {
                        hubsync::mark(
                            s.conn(),
                            entry.seq,
                            OutboxState::Sent,
                            Some(sent.status),
                            Some(&sent.body),
                            None,
                            now,
                        )?;
                        if entry.practice_id.is_none()
                            && let Some(id) = &created
                        {
                            s.conn().execute(
                                "UPDATE hub_outbox SET practice_id = ?2 WHERE seq = ?1",
                                rusqlite::params![entry.seq, id],
                            )?;
                        }
                        Ok::<_, HubSyncError>(())
                    })?;
                    summary.sent += 1;
                    summary.replayed += usize::from(sent.replayed);
                }
                Ok(sent) if sent.status == 401 => {
                    // The token expired or was revoked: nothing is refused, sign in again.
                    self.core.write(|s| {
                        hubsync::mark(
                            s.conn(),
                            entry.seq,
                            OutboxState::Pending,
                            Some(sent.status),
                            None,
                            Some("401"),
                            now,
                        )
                        .map_err(HubSyncError::from)
                    })?;
                    return Err(err(HubSyncError::NotSignedIn));
                }
                Ok(sent) => {
                    let refused = HubSyncError::Refused {
                        what: entry.what.clone(),
                        status: sent.status,
                        code: String::new(),
                        message: sent.body.chars().take(500).collect(),
                    };
                    let message = self.core.error(&refused).message;
                    self.core.write(|s| {
                        hubsync::mark(
                            s.conn(),
                            entry.seq,
                            OutboxState::Rejected,
                            Some(sent.status),
                            Some(&sent.body),
                            Some(&message),
                            now,
                        )
                        .map_err(HubSyncError::from)
                    })?;
                    let mut rejected = entry.clone();
                    rejected.state = OutboxState::Rejected;
                    rejected.status = Some(i64::from(sent.status));
                    rejected.last_error = Some(message);
                    summary.rejected.push(rejected);
                }
                Err(e) => {
                    let text = self.core.error(&e).message;
                    self.core.write(|s| {
                        hubsync::mark(
                            s.conn(),
                            entry.seq,
                            OutboxState::Pending,
                            None,
                            None,
                            Some(&text),
                            now,
                        )
                        .map_err(HubSyncError::from)
                    })?;
                    return Err(err(e));
                }
            }
        }
        // What to bring in: the citizen's own practices, and those this device wrote to.
        let mut practices: Vec<HubPractice> = Vec::new();
        if session.role == "citizen" {
            practices = client.my_practices().await.map_err(err)?;
        }
        let touched: Vec<String> = self.core.read(|s| {
            let mut stmt = s.conn().prepare(
                "SELECT DISTINCT practice_id FROM hub_outbox
                 WHERE practice_id IS NOT NULL AND state = 'sent' ORDER BY practice_id",
            )?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok::<_, HubSyncError>(ids)
        })?;
        for id in touched {
            if practices.iter().all(|p| p.id != id) {
                practices.push(client.practice(&id).await.map_err(err)?);
            }
        }
        for p in &practices {
            summary.events_added += self.core.write(|s| hubsync::apply_practice(s, p))?;
        }
        summary.practices = practices.len();
        let now = self.core.now();
        summary.pending = self.core.write(|s| {
            hubsync::set_last_sync(s.conn(), now)?;
            Ok::<_, HubSyncError>(hubsync::pending(s.conn())?.len())
        })?;
        Ok(summary)
    }
}
