//! Counter staff's practice desk through the core's hub part: sign in, open practices and
//! change their state offline (writes queued with their idempotency keys), sync, and where
//! the queued writes stand.

use campanile_core::hubsync::{Login, OutboxEntry, SessionInfo};
use campanile_core::practices::practice::Filter;
use campanile_core::{Error, HubOpen, HubStatus, PracticeView, SyncSummary};
use std::time::Duration;

use campanile_core::work::Cancelled;
use tauri::State;
use tauri::ipc::Channel;

use crate::state::AppState;
use crate::work_cmd::WorkEvent;

/// Where the device stands with the hub: the session, pending and refused writes, the latest
/// `limit` writes.
#[tauri::command]
pub async fn hub_status(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> Result<HubStatus, Error> {
    state
        .blocking(move |core| core.hub().status(limit.unwrap_or(20)))
        .await
}

/// Signs in to a hub started with its development login.
#[tauri::command]
pub async fn hub_login_dev(
    state: State<'_, AppState>,
    url: String,
    subject: String,
    role: String,
    comune: Option<String>,
) -> Result<SessionInfo, Error> {
    let who = Login {
        subject,
        role,
        comune: comune.filter(|c| !c.is_empty()),
    };
    state.core.hub().login_dev(&url, &who).await
}

/// Signs out (the token leaves the secret store; queued writes stay).
#[tauri::command]
pub async fn hub_logout(state: State<'_, AppState>) -> Result<(), Error> {
    state.blocking(|core| core.hub().logout()).await
}

/// Queues the opening of a practice at the hub (sent at the next sync).
#[tauri::command]
pub async fn hub_open(
    state: State<'_, AppState>,
    procedure: String,
    applicant: String,
    subject: String,
    comune: String,
    note: Option<String>,
) -> Result<OutboxEntry, Error> {
    let open = HubOpen {
        procedure,
        applicant,
        subject,
        comune,
        received: None,
        note: note.filter(|n| !n.is_empty()),
    };
    state
        .blocking(move |core| core.hub().queue_open(&open))
        .await
}

/// Queues an event on a practice (a new state such as `in_review`, or `note`, …).
#[tauri::command]
pub async fn hub_event(
    state: State<'_, AppState>,
    practice_id: String,
    kind: String,
    note: Option<String>,
) -> Result<OutboxEntry, Error> {
    state
        .blocking(move |core| {
            core.hub().queue_event(
                &practice_id,
                &kind,
                note.as_deref().filter(|n| !n.is_empty()),
                &[],
                None,
            )
        })
        .await
}

/// Sends what waits, then brings the hub's practices in.
#[tauri::command]
pub async fn hub_sync(state: State<'_, AppState>) -> Result<SyncSummary, Error> {
    state.core.hub().sync().await
}

/// The practices on this device (all, or only those not concluded), each with its clock.
#[tauri::command]
pub async fn desk_practices(
    state: State<'_, AppState>,
    open_only: Option<bool>,
) -> Result<Vec<PracticeView>, Error> {
    state
        .blocking(move |core| {
            let pr = core.practices();
            let filter = Filter {
                open_only: open_only.unwrap_or(true),
                ..Filter::default()
            };
            pr.list(&filter)?
                .iter()
                .map(|p| pr.show(&p.id, None, None))
                .collect()
        })
        .await
}

/// The states a practice may move to now (the rules' successors of its state).
#[tauri::command]
pub async fn practice_transitions(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<String>, Error> {
    state
        .blocking(move |core| {
            let p = core.practices().get(&id)?;
            Ok(p.state
                .successors()
                .iter()
                .map(|s| s.as_str().to_string())
                .collect())
        })
        .await
}

/// Signs in with SPID or CIE through the system browser: the hub's sign-in address goes to the
/// browser (and to `on_event`, in case none opens); the answer comes back to a one-shot
/// listener on a loopback port. Waits up to `timeout_secs` (default 300), or until
/// [`crate::work_cmd::work_cancel`] with the id sent first.
#[tauri::command]
pub async fn hub_login_browser(
    state: State<'_, AppState>,
    url: String,
    timeout_secs: Option<u64>,
    on_event: Channel<WorkEvent>,
) -> Result<SessionInfo, Error> {
    let (id, cancel) = state.start_work();
    if let Err(e) = on_event.send(WorkEvent::Started { id }) {
        tracing::warn!("work {id}: the page stopped listening: {e}");
    }
    let open_url = state.open_url.clone();
    let ch = on_event.clone();
    let open = move |u: &str| {
        let _ = ch.send(WorkEvent::Open { url: u.to_string() });
        if let Err(e) = open_url(u) {
            tracing::warn!("cannot open the browser on the sign-in: {e}");
        }
    };
    let timeout = Duration::from_secs(timeout_secs.unwrap_or(300).clamp(1, 3600));
    let hub = state.core.hub();
    let out = tokio::select! {
        r = hub.login_browser(&url, open, timeout) => r,
        () = cancel.cancelled() => Err(Error::from_domain(&state.core.i18n(), &Cancelled)),
    };
    state.end_work(id);
    out
}
