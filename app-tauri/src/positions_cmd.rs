//! Counter staff's debt positions on pagoPA's GPD: create one for a practice from a position
//! file, print its notice, and see whether it was paid. The core decides the way: through the
//! aggregation's hub when signed in to one (it holds the creditor's key), else with this
//! computer's own key.

use campanile_core::{Error, PositionView};
use tauri::State;

use crate::state::{AppState, Printed};

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
    state
        .core
        .positions()
        .create_at_desk(
            practice.as_deref(),
            &creditor,
            name.as_deref().unwrap_or("position.json"),
            text.as_bytes(),
            publish.unwrap_or(true),
        )
        .await
}

/// A position with its options' states, as GPD has it now: whether it was paid.
#[tauri::command]
pub async fn position_get(
    state: State<'_, AppState>,
    creditor: String,
    iupd: String,
) -> Result<PositionView, Error> {
    state.core.positions().look_up(&creditor, &iupd).await
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
    let pdf = state
        .core
        .positions()
        .notice_pdf(&creditor, &iupd, text.as_deref().map(str::as_bytes))
        .await?;
    state.print_file(&format!("notice-{}.pdf", iupd.trim()), &pdf)
}
