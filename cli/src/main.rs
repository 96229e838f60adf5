//! `campanile`: the headless front of Campanile, for scripts, counter staff and CI.
//!
//! A thin front over the core's handle: clap for the arguments, printing for the results, the
//! core's one error mapped to an exit code in one place ([`exit_code`]). Every command takes
//! `--json` (one JSON document on stdout; a failure is `{"error": {"class", "code", "message",
//! "details"}}` for every command), `--db PATH` (default: the per-user data folder, or
//! `$CAMPANILE_DB`) and `--lang`.

/// `println!` that ends the command quietly when stdout is closed (see `output.rs`).
macro_rules! println {
    () => {
        $crate::output::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))
    };
}

mod beacons_cmd;
mod ctx;
mod data_cmd;
mod error;
mod hub_cmd;
mod invoices_cmd;
mod invoices_print;
mod output;
mod pay_cmd;
mod pay_ledger_cmd;
mod positions_cmd;
mod positions_show;
mod practices_cmd;
mod procedures_cmd;
mod progress;
mod secrets_cmd;
mod tiles_cmd;

use clap::{Parser, Subcommand};

use campanile_core::ErrorClass;

use crate::ctx::Ctx;

/// The exit code of each error class (2 is clap's usage error, 0 success).
pub fn exit_code(class: ErrorClass) -> i32 {
    match class {
        ErrorClass::Internal => 1,
        ErrorClass::BadInput => 3,
        ErrorClass::Unavailable => 4,
        ErrorClass::OutcomeUnknown => 5,
        ErrorClass::NotFound => 6,
        ErrorClass::Conflict => 7,
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "campanile",
    version,
    about = "Campanile: the territory's open data, offline"
)]
struct Cli {
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// The database file (default: $CAMPANILE_DB, else the per-user data folder).
    #[arg(long, global = true, env = "CAMPANILE_DB")]
    db: Option<std::path::PathBuf>,
    /// Language of messages (it, en, …; default from $LANG, else Italian).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// More log output on stderr (-v, -vv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Bluetooth beacons: decode frames, scan, replay traces, the beacon → place registry.
    #[command(subcommand)]
    Beacons(beacons_cmd::BeaconsCommand),
    /// Open data: harvest, import, search.
    #[command(subcommand)]
    Data(data_cmd::DataCommand),
    /// Offline map tiles (MBTiles, PMTiles).
    #[command(subcommand)]
    Tiles(tiles_cmd::TilesCommand),
    /// pagoPA payment notices: validate, scan.
    #[command(subcommand)]
    Pay(pay_cmd::PayCommand),
    /// pagoPA debt positions (GPD) for counter staff: create, publish, status, invalidate,
    /// print the notice, receipts.
    #[command(subcommand)]
    Positions(positions_cmd::PositionsCommand),
    /// The platform's keys and tokens in the OS keyring: set (from stdin), unset, list.
    #[command(subcommand)]
    Secrets(secrets_cmd::SecretsCommand),
    /// The procedures catalog: import, search offline, show.
    #[command(subcommand)]
    Procedures(procedures_cmd::ProceduresCommand),
    /// Practices: timeline, legal deadlines, changes feed.
    #[command(subcommand)]
    Practices(practices_cmd::PracticesCommand),
    /// Supplier invoices (FatturaPA): import, SdI notifications, the comune's steps, status.
    #[command(subcommand)]
    Invoices(invoices_cmd::InvoicesCommand),
    /// The aggregation's hub: login, sync, status, writes queued offline.
    #[command(subcommand)]
    Hub(hub_cmd::HubCommand),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CAMPANILE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level)),
        )
        .with_writer(|| secrets_cmd::RedactedStderr)
        .init();
    // The process's one runtime: every command's async work runs on it.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("campanile: {e}");
            std::process::exit(exit_code(ErrorClass::Internal));
        }
    };
    let ctx = Ctx::new(cli.json, cli.db, cli.lang.as_deref(), runtime);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli.command, &ctx)));
    let code = match outcome {
        Ok(Ok(())) => {
            output::flush();
            0
        }
        Ok(Err(e)) => {
            ctx.report_error(&e);
            exit_code(e.class)
        }
        // stdout was closed by its reader: the command ends quietly.
        Err(payload) if payload.is::<output::StdoutClosed>() => 0,
        Err(payload) => std::panic::resume_unwind(payload),
    };
    std::process::exit(code);
}

fn run(command: Command, ctx: &Ctx) -> Result<(), error::CliError> {
    match command {
        Command::Beacons(cmd) => beacons_cmd::run(cmd, ctx),
        Command::Data(cmd) => data_cmd::run(cmd, ctx),
        Command::Tiles(cmd) => tiles_cmd::run(cmd, ctx),
        Command::Pay(cmd) => pay_cmd::run(cmd, ctx),
        Command::Positions(cmd) => positions_cmd::run(cmd, ctx),
        Command::Secrets(cmd) => secrets_cmd::run(cmd, ctx),
        Command::Procedures(cmd) => procedures_cmd::run(cmd, ctx),
        Command::Practices(cmd) => practices_cmd::run(cmd, ctx),
        Command::Invoices(cmd) => invoices_cmd::run(cmd, ctx),
        Command::Hub(cmd) => hub_cmd::run(cmd, ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One exit code per class, never success (0) or clap's usage error (2); the same table
    /// as `cli/tests/errors.rs` checks from outside.
    #[test]
    fn each_error_class_has_its_own_exit_code() {
        let codes: std::collections::BTreeSet<i32> =
            ErrorClass::ALL.iter().map(|c| exit_code(*c)).collect();
        assert_eq!(codes.len(), ErrorClass::ALL.len());
        assert!(!codes.contains(&0) && !codes.contains(&2));
        assert_eq!(exit_code(ErrorClass::BadInput), 3);
        assert_eq!(exit_code(ErrorClass::Unavailable), 4);
        assert_eq!(exit_code(ErrorClass::OutcomeUnknown), 5);
        assert_eq!(exit_code(ErrorClass::NotFound), 6);
        assert_eq!(exit_code(ErrorClass::Conflict), 7);
        assert_eq!(exit_code(ErrorClass::Internal), 1);
    }
}
