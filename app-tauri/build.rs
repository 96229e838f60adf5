//! Tauri's build step: the app's configuration, and the permissions of its own commands
//! (`allow-<command>`), so that the capability in `capabilities/` allows exactly those the
//! page uses.

const COMMANDS: &[&str] = &[
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
    "payment_settle",
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
    "notice_scan",
    "receipt_print",
    "invoices_list",
    "invoice_detail",
    "invoices_import",
    "hub_login_browser",
    "position_create",
    "position_get",
    "position_print",
    "places_quarantine",
    "beacons_scan",
    "places_import_preview",
];

fn main() {
    // The page's files are copied to ui/dist by `npm run build --prefix app-tauri/ui`; an empty
    // page stands in until then, so the crate builds (and its tests run) without npm.
    let dist = std::path::Path::new("ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=\"it\"><meta charset=\"utf-8\"><title>Campanile</title><p>npm run build --prefix app-tauri/ui</p></html>\n",
        );
    }
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo::error=tauri build step: {e:#}");
    }
}
