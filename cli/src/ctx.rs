//! What every command shares: output mode, language, the database location, the one async
//! runtime of the process, and the core's handle (opened on first use).

use std::path::PathBuf;
use std::sync::OnceLock;

use campanile_core::i18n::{Arg, I18n};
use campanile_core::{Campanile, Config, Database, Host, PagoPaConfig};

use crate::error::{CliError, Kind};

pub struct Ctx {
    pub json: bool,
    pub i18n: I18n,
    db: Option<PathBuf>,
    runtime: tokio::runtime::Runtime,
    core: OnceLock<Campanile>,
}

impl Ctx {
    pub fn new(
        json: bool,
        db: Option<PathBuf>,
        lang: Option<&str>,
        runtime: tokio::runtime::Runtime,
    ) -> Ctx {
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
            runtime,
            core: OnceLock::new(),
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

    /// The core's handle with pagoPA's defaults.
    pub fn core(&self) -> Result<&Campanile, CliError> {
        if let Some(c) = self.core.get() {
            return Ok(c);
        }
        let core = self.open_core(PagoPaConfig::default())?;
        Ok(self.core.get_or_init(|| core))
    }

    /// The core's handle with a pagoPA configuration from the command's options.
    pub fn open_core(&self, pagopa: PagoPaConfig) -> Result<Campanile, CliError> {
        let mut config = Config::new(Database::File(self.db_path()), self.i18n.lang());
        config.pagopa = pagopa;
        // The comune's trusted list of signers (ETSI TS 119 612 XML), and whether an SdI
        // notification whose signer it does not verify is refused.
        config.invoice_trust = campanile_core::invoices::InvoiceTrust {
            trusted_list: std::env::var_os("CAMPANILE_TRUSTED_LIST")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from),
            require_trusted_signer: std::env::var("CAMPANILE_REQUIRE_TRUSTED_SIGNER")
                .is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
        };
        Campanile::open(config, Host::default())
    }

    /// The core's handle over the database when it exists; else over a throwaway in-memory
    /// one, for the commands that need no database and must not create it (a deadline).
    pub fn core_if_stored(&self) -> Result<Campanile, CliError> {
        if self.db_path().exists() {
            return self.core().cloned();
        }
        let config = Config::new(Database::InMemory, self.i18n.lang());
        Campanile::open(config, Host::default())
    }

    /// Runs `f` to completion on the process's one runtime.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// Euros as the language writes them (the core's format).
    pub fn euros(&self, cents: u64) -> String {
        campanile_core::format::euros(&self.i18n, i64::try_from(cents).unwrap_or(i64::MAX))
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
            .map_err(|e| crate::error::fail(Kind::Other, e.to_string()))?;
        println!("{text}");
        Ok(())
    }

    /// Prints the error: with --json one document on stdout, the same shape for every
    /// command (`{"error": {"class", "code", "message", "details"}}`); otherwise the message on
    /// stderr. Secrets are taken out of both.
    pub fn report_error(&self, e: &CliError) {
        if self.json {
            let doc = serde_json::json!({ "error": e });
            println!("{doc}");
        } else {
            eprintln!("campanile: {}", campanile_core::secrets::redact(&e.message));
        }
    }
}
