//! What the command tests share: an app on Tauri's mock runtime over an in-memory core, with
//! the app's own configuration and capabilities, and calling a command through the IPC as the
//! page does (so a command the capability does not allow fails here as in the app).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use campanile_core::Database;
use campanile_desktop::settings::Settings;
use campanile_desktop::state::OpenUrl;
use campanile_desktop::{AppState, builder, open_core};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow};

/// An app and its window, with the URLs it "opened" in the browser.
pub struct TestApp {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub opened: Arc<Mutex<Vec<String>>>,
}

pub fn app_with(settings: Settings) -> TestApp {
    let core = open_core(Some(Database::InMemory), &settings).unwrap();
    app_over(core, settings)
}

/// The app over a core opened elsewhere (another pagoPA, keys in memory).
pub fn app_over(core: campanile_core::Campanile, settings: Settings) -> TestApp {
    let opened = Arc::new(Mutex::new(Vec::new()));
    let sink = opened.clone();
    let open_url: OpenUrl = Arc::new(move |u: &str| {
        sink.lock().unwrap().push(u.to_string());
        Ok(())
    });
    let state = AppState::new(core, settings)
        .unwrap()
        .with_open_url(open_url);
    let app = builder(mock_builder())
        .manage(state)
        .build(campanile_desktop::context())
        .unwrap();
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    TestApp {
        app,
        window,
        opened,
    }
}

pub fn app() -> TestApp {
    app_with(Settings::default())
}

impl TestApp {
    /// Calls `cmd` with `args` (camelCase keys, as the page sends them) through the IPC.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone())
            .unwrap_or_else(|e| panic!("{cmd} {args}: {e}"))
    }

    pub fn state(&self) -> tauri::State<'_, AppState> {
        use tauri::Manager;
        self.app.state::<AppState>()
    }

    /// Loads the bundled sample straight through the core (what `work_import_sample` does).
    pub fn load_sample(&self) {
        let core = self.state().core.clone();
        let opts = campanile_core::opendata::import::ImportOptions {
            licence: Some("CC-BY-4.0".into()),
            ..Default::default()
        };
        tauri::async_runtime::block_on(core.places().import_bytes(
            "pois-piceno-fermano.csv",
            campanile_desktop::state::SAMPLE.to_vec(),
            &opts,
        ))
        .unwrap();
    }
}

/// A PNG of a QR code holding `text` (8 pixels a module, a quiet zone of 4 modules).
pub fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let w = code.width() as u32;
    let colors = code.to_colors();
    let (scale, quiet) = (8u32, 4u32);
    let side = (w + 2 * quiet) * scale;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < w + quiet
            && my < w + quiet
            && colors[((my - quiet) * w + (mx - quiet)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
