//! What every command shares: output mode, language, the database location.

use std::path::PathBuf;

use campanile_core::i18n::{Arg, I18n};
use campanile_core::store::Store;

use crate::error::{CliError, Kind};

pub struct Ctx {
    pub json: bool,
    pub i18n: I18n,
    db: Option<PathBuf>,
}

impl Ctx {
    pub fn new(json: bool, db: Option<PathBuf>, lang: Option<&str>) -> Ctx {
        let lang = lang
            .map(str::to_string)
            .or_else(|| std::env::var("LC_ALL").ok().filter(|v| !v.is_empty()))
            .or_else(|| {
                std::env::var("LANG")
                    .ok()
                    .filter(|v| !v.is_empty() && v != "C" && v != "C.UTF-8" && v != "POSIX")
            })
            .unwrap_or_else(|| "it".to_string());
        Ctx {
            json,
            i18n: I18n::new(&lang),
            db,
        }
    }

    /// The database path: `--db`, `$CAMPANILE_DB`, else the per-user data folder.
    pub fn db_path(&self) -> PathBuf {
        if let Some(p) = &self.db {
            return p.clone();
        }
        directories::ProjectDirs::from("it", "Campanile", "campanile")
            .map(|d| d.data_dir().join("campanile.db"))
            .unwrap_or_else(|| PathBuf::from("campanile.db"))
    }

    pub fn open_store(&self) -> Result<Store, CliError> {
        let path = self.db_path();
        Store::open(&path).map_err(|e| {
            CliError::new(
                Kind::Other,
                self.i18n.tr_args(
                    "cli-error-database",
                    &[
                        ("path", path.display().to_string().into()),
                        ("detail", e.to_string().into()),
                    ],
                ),
            )
        })
    }

    pub fn tr(&self, id: &str) -> String {
        self.i18n.tr(id)
    }

    pub fn tr_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.i18n.tr_args(id, args)
    }

    /// Prints a JSON document on stdout.
    pub fn print_json(&self, value: &serde_json::Value) -> Result<(), CliError> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::new(Kind::Other, e.to_string()))?;
        println!("{text}");
        Ok(())
    }

    /// Prints the error (JSON on stdout with --json, text on stderr otherwise), any secret
    /// value taken out, and returns the exit code.
    pub fn report_error(&self, e: &CliError) -> i32 {
        let message = campanile_core::secrets::redact(&e.message);
        if self.json {
            let doc = serde_json::json!({"error": {"kind": e.kind.as_str(), "message": message}});
            println!("{doc}");
        } else {
            eprintln!("campanile: {message}");
        }
        e.kind.exit_code()
    }
}
