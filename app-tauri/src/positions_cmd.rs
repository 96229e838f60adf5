//! Counter staff's debt positions on pagoPA's GPD, through the core's positions part (as the
//! CLI's `campanile positions`; the hub offers no positions): create one for a practice from a
//! position file, print its notice, and see whether it was paid.

use campanile_core::Error;
use campanile_core::pagopa::platform::DebtPosition;
use serde::Serialize;
use tauri::State;

use crate::state::{AppState, Printed};

/// A position as the desk shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PositionView {
    /// The position as GPD answered.
    pub position: DebtPosition,
    /// Its state's code (`unknown` when GPD does not say).
    pub status: String,
    /// Its state in words.
    pub status_text: String,
    /// Whether it was paid.
    pub paid: bool,
    /// Whether it can be paid now.
    pub payable: bool,
}

fn view(state: &AppState, position: DebtPosition) -> PositionView {
    let status = position
        .status
        .as_ref()
        .map_or("unknown", |s| s.code())
        .to_string();
    PositionView {
        status_text: state.core.tr(
            "pagopa-position-status",
            &[("status", status.as_str().into())],
        ),
        paid: position.status.as_ref().is_some_and(|s| s.is_paid()),
        payable: position.status.as_ref().is_some_and(|s| s.is_payable()),
        status,
        position,
    }
}

/// Creates the position that the position file `text` (the project's JSON shape, called
/// `name`) describes, for `creditor`, published at once with `publish`.
#[tauri::command]
pub async fn position_create(
    state: State<'_, AppState>,
    creditor: String,
    name: Option<String>,
    text: String,
    publish: Option<bool>,
) -> Result<PositionView, Error> {
    let pos = state.core.positions();
    let org = pos.creditor(&creditor)?;
    let file = pos.read_file(name.as_deref().unwrap_or("position.json"), text.as_bytes())?;
    let created = pos.create(&org, &file, publish.unwrap_or(true)).await?;
    Ok(view(&state, created))
}

/// A position with its options' states, as GPD has it now: whether it was paid.
#[tauri::command]
pub async fn position_get(
    state: State<'_, AppState>,
    creditor: String,
    iupd: String,
) -> Result<PositionView, Error> {
    let pos = state.core.positions();
    let org = pos.creditor(&creditor)?;
    let p = pos.get(&org, iupd.trim()).await?;
    Ok(view(&state, p))
}

/// The position's printed notice (an A4 PDF in the handle's language), opened with the system
/// viewer; `text`, the position file it was created from, gives the debtor.
#[tauri::command]
pub async fn position_print(
    state: State<'_, AppState>,
    creditor: String,
    iupd: String,
    text: Option<String>,
) -> Result<Printed, Error> {
    let pos = state.core.positions();
    let org = pos.creditor(&creditor)?;
    let file = text
        .filter(|t| !t.trim().is_empty())
        .map(|t| pos.read_file("position.json", t.as_bytes()))
        .transpose()?;
    let (_, pdf) = pos.print(&org, iupd.trim(), file.as_ref()).await?;
    state.print_file(&format!("notice-{}.pdf", iupd.trim()), &pdf)
}
