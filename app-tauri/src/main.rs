//! Campanile's desktop app: the Tauri 2 shell over the core's handle (see the library).

// No console window behind the app on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = campanile_desktop::run() {
        eprintln!("campanile-desktop: {e}");
        std::process::exit(1);
    }
}
