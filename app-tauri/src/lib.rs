//! Campanile's desktop app (Tauri 2): a thin shell over the core's one handle,
//! [`campanile_core::Campanile`], held as Tauri managed state.
//!
//! Every command here only turns the webview's arguments into a call on the handle and its
//! answer (a view struct, or the core's one `Error`: class, code, message, details) into JSON;
//! the rules live in the core. Visitors search the open-data places offline and see them on the
//! offline vector basemap, served to MapLibre through the `tiles://` scheme; citizens read and
//! pay pagoPA notices and follow their practices; counter staff work practices through the
//! hub. Long work (an import, a portal sync) streams its progress through a
//! `tauri::ipc::Channel` and is cancelled by id.

pub mod beacons_cmd;
pub mod citizen_cmd;
pub mod commands;
pub mod invoices_cmd;
pub mod language_cmd;
pub mod places_cmd;
pub mod positions_cmd;
pub mod settings;
pub mod staff_cmd;
pub mod state;
pub mod tiles_scheme;
pub mod work_cmd;

pub use state::{AppState, open_core};

/// The scheme MapLibre reads the offline tiles through (`tiles://localhost/{z}/{x}/{y}.pbf`).
pub const TILES_SCHEME: &str = "tiles";

/// The app's commands and the tile scheme on a builder, without state: the app adds its state
/// in [`run`], tests theirs on `tauri::test::mock_builder()`.
pub fn builder<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .register_asynchronous_uri_scheme_protocol(TILES_SCHEME, tiles_scheme::handle)
        .invoke_handler(commands::handler())
}

/// Starts the app: the handle over the per-user database, the remembered language, the
/// bundled basemap, the window.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let settings = settings::Settings::load(&settings::Settings::default_path());
    let core = open_core(None, &settings)?;
    let state = AppState::new(core.clone(), settings)?;
    builder(tauri::Builder::default())
        .manage(state)
        .setup(move |app| {
            main_window(app)?;
            // What a front runs at start: payments left open settled with pagoPA's word (a
            // device with no pagoPA keys, or offline, says so in the log and goes on).
            tauri::async_runtime::spawn(async move {
                if let Err(e) = core.payments().reconcile().await {
                    tracing::info!(code = %e.code, "payments not reconciled at start: {}", e.message);
                }
            });
            Ok(())
        })
        .run(context())?;
    Ok(())
}

/// The main window, from `tauri.conf.json`: the camera allowed to the page (it asks only when
/// the person presses "read with the webcam", to read a notice), and on Linux WebKitGTK's media
/// stream turned on, which it leaves off by default.
fn main_window(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    use tauri::webview::{PermissionKind, PermissionResponse};
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or("tauri.conf.json has no main window")?;
    let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_permission_request(|_, kind| match kind {
            PermissionKind::Camera => PermissionResponse::Allow,
            _ => PermissionResponse::Default,
        })
        .build()?;
    #[cfg(target_os = "linux")]
    window.with_webview(|w| {
        use webkit2gtk::{SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&w.inner()) {
            settings.set_enable_media_stream(true);
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

/// The app's configuration, page and capabilities (`tauri.conf.json`, `ui/dist`,
/// `capabilities/`), for any runtime: the app's, or the tests' mock runtime, so that the tests
/// go through the same permissions as the app.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}
