//! Counter staff's debt positions on pagoPA's GPD: create one for a practice from a position
//! file, print its notice, and see whether it was paid. Signed in to the aggregation's hub,
//! all of it goes through the hub, which holds the creditor's GPD key (the desk holds none);
//! otherwise through the core's positions part with this computer's own key (a comune with no
//! hub, as the CLI's `campanile positions`).

use campanile_core::Error;
use campanile_core::hubsync::HubPosition;
use campanile_core::pagopa::platform::{DebtPosition, PositionStatus};
use serde::Serialize;
use tauri::State;

use crate::state::{AppState, Printed};

/// A position as the desk shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PositionView {
    /// The position as GPD answered (through the hub, the hub's view of it).
    pub position: serde_json::Value,
    /// Its state's code (`unknown` when GPD does not say).
    pub status: String,
    /// Its state in words.
    pub status_text: String,
    /// Whether it was paid.
    pub paid: bool,
    /// Whether it can be paid now.
    pub payable: bool,
    /// Created or read through the hub.
    pub through_hub: bool,
}

fn view(
    state: &AppState,
    status: &PositionStatus,
    paid: bool,
    position: serde_json::Value,
    through_hub: bool,
) -> PositionView {
    let code = status.code().to_string();
    PositionView {
        status_text: state.core.tr(
            "pagopa-position-status",
            &[("status", code.as_str().into())],
        ),
        paid,
        payable: status.is_payable(),
        status: code,
        position,
        through_hub,
    }
}

fn local(state: &AppState, p: &DebtPosition) -> PositionView {
    let status = p
        .status
        .clone()
        .unwrap_or_else(|| PositionStatus::Unknown(String::new()));
    let paid = status.is_paid();
    view(
        state,
        &status,
        paid,
        serde_json::to_value(p).unwrap_or_default(),
        false,
    )
}

fn hub(state: &AppState, p: &HubPosition) -> PositionView {
    view(
        state,
        &p.status(),
        p.paid,
        serde_json::to_value(p).unwrap_or_default(),
        true,
    )
}

/// Whether the desk is signed in to a hub.
fn signed_in(state: &AppState) -> bool {
    state
        .core
        .hub()
        .status(0)
        .is_ok_and(|s| s.session.is_some())
}

/// Creates the position that the position file `text` (the project's JSON shape, called
/// `name`) describes, for `creditor`, published at once with `publish`; through the hub, for
/// the practice `practice`.
#[tauri::command]
pub async fn position_create(
    state: State<'_, AppState>,
    creditor: String,
    name: Option<String>,
    text: String,
    publish: Option<bool>,
    practice: Option<String>,
) -> Result<PositionView, Error> {
    if signed_in(&state) {
        let created = state
            .core
            .hub()
            .create_position(
                practice.as_deref().unwrap_or_default(),
                &creditor,
                text.as_bytes(),
                publish.unwrap_or(true),
            )
            .await?;
        return Ok(hub(&state, &created));
    }
    let pos = state.core.positions();
    let org = pos.creditor(&creditor)?;
    let file = pos.read_file(name.as_deref().unwrap_or("position.json"), text.as_bytes())?;
    let created = pos.create(&org, &file, publish.unwrap_or(true)).await?;
    Ok(local(&state, &created))
}

/// A position with its options' states, as GPD has it now: whether it was paid.
#[tauri::command]
pub async fn position_get(
    state: State<'_, AppState>,
    creditor: String,
    iupd: String,
) -> Result<PositionView, Error> {
    if signed_in(&state) {
        let p = state.core.hub().position(&iupd).await?;
        return Ok(hub(&state, &p));
    }
    let pos = state.core.positions();
    let org = pos.creditor(&creditor)?;
    let p = pos.get(&org, iupd.trim()).await?;
    Ok(local(&state, &p))
}

/// The position's printed notice (an A4 PDF in the handle's language), opened with the system
/// viewer; `text`, the position file it was created from, gives the debtor (the hub prints
/// from GPD's own data).
#[tauri::command]
pub async fn position_print(
    state: State<'_, AppState>,
    creditor: String,
    iupd: String,
    text: Option<String>,
) -> Result<Printed, Error> {
    let pdf = if signed_in(&state) {
        state.core.hub().position_notice(&iupd).await?
    } else {
        let pos = state.core.positions();
        let org = pos.creditor(&creditor)?;
        let file = text
            .filter(|t| !t.trim().is_empty())
            .map(|t| pos.read_file("position.json", t.as_bytes()))
            .transpose()?;
        pos.print(&org, iupd.trim(), file.as_ref()).await?.1
    };
    state.print_file(&format!("notice-{}.pdf", iupd.trim()), &pdf)
}
