//! The `campanile-hub` command: `campanile-hub serve [--db …] [--addr …] [--dev-login]`
//! runs the aggregation's server until Ctrl-C or SIGTERM.

use std::process::ExitCode;

use campanile_hub::config::{Cli, Command, Settings, data_dir};
use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            let settings = match Settings::resolve(&args, &data_dir()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("campanile-hub: {e}");
                    return ExitCode::from(2);
                }
            };
            campanile_hub::serve::init_logs(settings.log_json);
            match campanile_hub::serve::run(settings).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tracing::error!(error = format!("{e:#}"), "campanile-hub failed");
                    eprintln!("campanile-hub: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
