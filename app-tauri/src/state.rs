//! What the app holds as Tauri managed state: the core's handle, the open basemap, the
//! remembered settings, the long work running (to cancel it) and how URLs reach the browser.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use campanile_core::work::Cancel;
use campanile_core::{Campanile, Config, Database, Error, Host, TileArchive};

use crate::settings::Settings;

/// The bundled basemap of the Piceno and Fermano (PMTiles, about 90 KB).
pub const BASEMAP: &[u8] = include_bytes!("../../assets/basemap/piceno-fermano.pmtiles");

/// The bundled sample of places (CSV), loaded on demand when the store is empty.
pub const SAMPLE: &[u8] = include_bytes!("../../assets/sample/pois-piceno-fermano.csv");

/// Opens a URL outside the app (the system browser for pagoPA Checkout).
pub type OpenUrl = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// A file written for printing and handed to the system viewer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Printed {
    /// Where it is.
    pub path: String,
    /// Its `file://` address (what was opened).
    pub url: String,
    /// Its size.
    pub bytes: usize,
    /// Whether the system viewer was opened on it (else the page shows the path).
    pub opened: bool,
}

/// The app's state.
pub struct AppState {
    /// The core's one handle.
    pub core: Campanile,
    /// The basemap's tiles, open once for every tile request.
    pub tiles: TileArchive,
    /// What the app remembers.
    pub settings: Mutex<Settings>,
    /// Long work running, by id.
    work: Mutex<HashMap<u64, Cancel>>,
    next_work: AtomicU64,
    /// How a URL is opened in the system browser.
    pub open_url: OpenUrl,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("core", &self.core)
            .finish_non_exhaustive()
    }
}

/// Opens the core: `database` (default: `$CAMPANILE_DB`, else the per-user data folder),
/// the remembered language (else `$LANG`, else Italian), the hub at `$CAMPANILE_HUB_URL`.
pub fn open_core(database: Option<Database>, settings: &Settings) -> Result<Campanile, Error> {
    let database = database.unwrap_or_else(|| Database::File(default_db_path()));
    if let Database::File(p) = &database
        && let Some(dir) = p.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::internal("desktop.data-folder", e).with_detail("folder", dir.display())
        })?;
    }
    let language = settings
        .language
        .clone()
        .or_else(|| {
            std::env::var("LANG")
                .ok()
                .filter(|v| !v.is_empty() && v != "C")
        })
        .unwrap_or_else(|| "it".to_string());
    let mut config = Config::new(database, &language);
    config.hub_url = std::env::var("CAMPANILE_HUB_URL")
        .ok()
        .and_then(|u| u.parse().ok());
    Campanile::open(config, Host::default())
}

fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("CAMPANILE_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("it", "Campanile", "campanile")
        .map(|d| d.data_dir().join("campanile.db"))
        .unwrap_or_else(|| PathBuf::from("campanile.db"))
}

impl AppState {
    /// The state over `core`, with the basemap (`$CAMPANILE_TILES` names another archive) and
    /// the system browser.
    pub fn new(core: Campanile, settings: Settings) -> Result<AppState, Error> {
        let tiles = match std::env::var_os("CAMPANILE_TILES").filter(|p| !p.is_empty()) {
            Some(path) => core.tiles().open(std::path::Path::new(&path))?,
            None => core
                .tiles()
                .open_bytes("piceno-fermano.pmtiles", BASEMAP.to_vec())?,
        };
        let open_url: OpenUrl = Arc::new(|url: &str| {
            tauri_plugin_opener::open_url(url, None::<&str>).map_err(|e| e.to_string())
        });
        Ok(AppState {
            core,
            tiles,
            settings: Mutex::new(settings),
            work: Mutex::new(HashMap::new()),
            next_work: AtomicU64::new(1),
            open_url,
        })
    }

    /// The same state opening URLs with `open_url` instead (tests).
    pub fn with_open_url(mut self, open_url: OpenUrl) -> AppState {
        self.open_url = open_url;
        self
    }

    /// A new piece of long work: its id and its cancel token.
    pub fn start_work(&self) -> (u64, Cancel) {
        let id = self.next_work.fetch_add(1, Ordering::SeqCst);
        let cancel = Cancel::new();
        self.works().insert(id, cancel.clone());
        (id, cancel)
    }

    /// Trips the cancel of work `id`; false when no such work is running.
    pub fn cancel_work(&self, id: u64) -> bool {
        match self.works().get(&id) {
            Some(c) => {
                c.cancel();
                true
            }
            None => false,
        }
    }

    /// Forgets work `id` (it ended).
    pub fn end_work(&self, id: u64) {
        self.works().remove(&id);
    }

    fn works(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Cancel>> {
        self.work.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The settings, locked.
    pub fn settings(&self) -> std::sync::MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes a printable file (a receipt, a notice: a PDF) to the prints folder
    /// (`$CAMPANILE_PRINT_DIR`, else `campanile-prints` in the temporary folder) and opens it
    /// with the system viewer, from which it is printed.
    pub fn print_file(&self, name: &str, bytes: &[u8]) -> Result<Printed, Error> {
        let dir = std::env::var_os("CAMPANILE_PRINT_DIR")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("campanile-prints"));
        std::fs::create_dir_all(&dir).map_err(|e| {
            Error::internal("desktop.print-folder", e).with_detail("folder", dir.display())
        })?;
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(safe);
        std::fs::write(&path, bytes).map_err(|e| {
            Error::internal("desktop.print-write", e).with_detail("file", path.display())
        })?;
        let url = url::Url::from_file_path(&path)
            .map(|u| u.to_string())
            .unwrap_or_else(|()| path.display().to_string());
        let opened = match (self.open_url)(&url) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!("cannot open {url} in the system viewer: {e}");
                false
            }
        };
        Ok(Printed {
            path: path.display().to_string(),
            url,
            bytes: bytes.len(),
            opened,
        })
    }

    /// Runs `f` on the handle on a blocking thread (SQLite reads are short, but they are
    /// still blocking I/O and must not stall the async runtime).
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Campanile) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let core = self.core.clone();
        tauri::async_runtime::spawn_blocking(move || f(&core))
            .await
            .map_err(|e| Error::internal("desktop.task", e))?
    }
}
