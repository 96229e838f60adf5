//! `campanile`: the headless front of Campanile.
//!
//! TEMPORARY wiring of the `tiles` commands only; the integrator rewrites this file.

mod tiles_cmd;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(name = "campanile", version)]
struct Cli {
    /// Print one JSON object instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Offline map tiles.
    Tiles {
        #[command(subcommand)]
        cmd: tiles_cmd::TilesCommand,
    },
}

fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::WARN)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Tiles { cmd } => tiles_cmd::run(cmd, cli.json),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}
