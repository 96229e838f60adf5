//! The list of the app's commands: the invoke handler, and the names the build step and the
//! capability allow (only these, each once).

use crate::{
    beacons_cmd, citizen_cmd, language_cmd, places_cmd, staff_cmd, tiles_scheme, work_cmd,
};

/// Every command the page may call, as the capability names them (`allow-<name>` with `_`
/// as `-`).
pub const COMMANDS: &[&str] = &[
    "places_search",
    "place_get",
    "places_near",
    "places_categories",
    "places_count",
    "places_geojson",
    "tiles_info",
    "beacons_import_registry",
    "beacons_replay",
    "language_list",
    "language_get",
    "language_set",
    "notice_parse",
    "notice_check",
    "checkout_start",
    "ledger_attempts",
    "ledger_reconcile",
    "ledger_receipts",
    "practices_mine",
    "practice_detail",
    "hub_status",
    "hub_login_dev",
    "hub_logout",
    "hub_open",
    "hub_event",
    "hub_sync",
    "desk_practices",
    "practice_transitions",
    "work_import_sample",
    "work_import",
    "work_sync_portal",
    "work_cancel",
];

/// The invoke handler of every command in [`COMMANDS`].
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        places_cmd::places_search,
        places_cmd::place_get,
        places_cmd::places_near,
        places_cmd::places_categories,
        places_cmd::places_count,
        places_cmd::places_geojson,
        tiles_scheme::tiles_info,
        beacons_cmd::beacons_import_registry,
        beacons_cmd::beacons_replay,
        language_cmd::language_list,
        language_cmd::language_get,
        language_cmd::language_set,
        citizen_cmd::notice_parse,
        citizen_cmd::notice_check,
        citizen_cmd::checkout_start,
        citizen_cmd::ledger_attempts,
        citizen_cmd::ledger_reconcile,
        citizen_cmd::ledger_receipts,
        citizen_cmd::practices_mine,
        citizen_cmd::practice_detail,
        staff_cmd::hub_status,
        staff_cmd::hub_login_dev,
        staff_cmd::hub_logout,
        staff_cmd::hub_open,
        staff_cmd::hub_event,
        staff_cmd::hub_sync,
        staff_cmd::desk_practices,
        staff_cmd::practice_transitions,
        work_cmd::work_import_sample,
        work_cmd::work_import,
        work_cmd::work_sync_portal,
        work_cmd::work_cancel,
    ]
}
