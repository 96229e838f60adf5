//! `campanile beacons …`: decode beacon frames, scan, replay traces, manage the beacon → POI
//! registry. The rules and the words are the core's (`Campanile::beacons`); this file is clap
//! and printing.

use std::path::PathBuf;

use campanile_core::ScanHeard;
use clap::Subcommand;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};

#[derive(Subcommand, Debug)]
pub enum BeaconsCommand {
    /// Decode an advertisement given in hex (AD structures: length, type, data…).
    Parse {
        /// The advertisement's bytes in hex (spaces and colons allowed).
        hex: String,
    },
    /// Listen with this computer's Bluetooth adapter and show the beacons heard and the places
    /// entered (needs a build with the `ble` feature).
    Scan {
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Also write every advert heard to this trace file (JSON lines), for `beacons replay`.
        #[arg(long)]
        record: Option<PathBuf>,
    },
    /// Replay a trace (JSON lines, or CSV when it ends in .csv) through the proximity engine
    /// with the stored registry, and show the events.
    Replay {
        trace: PathBuf,
        /// The scan cycle: how often (trace time, ms) the engine is ticked between adverts.
        #[arg(long, default_value_t = 1000)]
        tick_ms: u32,
    },
    /// The beacon → point-of-interest registry.
    #[command(subcommand)]
    Registry(RegistryCommand),
}

#[derive(Subcommand, Debug)]
pub enum RegistryCommand {
    /// Import a registry file (CSV or JSON: beacon, poi_id, name[, enter_m, exit_m,
    /// power_at_1m]); beacons already registered are updated.
    Import {
        file: PathBuf,
        /// Empty the registry first.
        #[arg(long)]
        replace: bool,
    },
    /// The registered beacons.
    List,
}

pub fn run(cmd: BeaconsCommand, ctx: &Ctx) -> Result<(), CliError> {
    let core = ctx.core()?;
    let beacons = core.beacons();
    match cmd {
        BeaconsCommand::Parse { hex } => {
            let frame = beacons.decode_hex(&hex)?;
            if ctx.json {
                return json(ctx, &frame);
            }
            let (headline, fields) = beacons.frame_text(&frame);
            println!("{headline}");
            for f in fields {
                println!("  {}: {}", f.label, f.value);
            }
            Ok(())
        }
        BeaconsCommand::Scan { seconds, record } => {
            if !ctx.json && cfg!(feature = "ble") {
                eprintln!("{}", beacons.scan_start_text(seconds));
            }
            let mut on = |heard: &ScanHeard| {
                if !ctx.json {
                    println!("{}", beacons.heard_text(heard));
                }
            };
            let report = ctx.block_on(beacons.scan(seconds, record.as_deref(), &mut on))?;
            if ctx.json {
                return json(ctx, &report);
            }
            println!("{}", beacons.scan_summary(&report));
            Ok(())
        }
        BeaconsCommand::Replay { trace, tick_ms } => {
            let replay = beacons.replay_file(&trace, tick_ms)?;
            if ctx.json {
                return json(ctx, &replay);
            }
            for e in &replay.events {
                println!("{}", beacons.event_text(e));
            }
            println!("{}", beacons.replay_summary(&replay));
            Ok(())
        }
        BeaconsCommand::Registry(RegistryCommand::Import { file, replace }) => {
            let imported = beacons.import_registry_file(&file, replace)?;
            if ctx.json {
                return json(ctx, &imported);
            }
            println!("{}", beacons.import_text(&imported));
            Ok(())
        }
        BeaconsCommand::Registry(RegistryCommand::List) => {
            let entries = beacons.registry()?;
            if ctx.json {
                return json(ctx, &serde_json::json!({ "beacons": entries }));
            }
            if entries.is_empty() {
                println!("{}", ctx.tr("beacons-registry-empty"));
            }
            for e in &entries {
                println!("{}", beacons.entry_text(e));
            }
            Ok(())
        }
    }
}

fn json<T: serde::Serialize>(ctx: &Ctx, view: &T) -> Result<(), CliError> {
    let value =
        serde_json::to_value(view).map_err(|e| crate::error::fail(Kind::Other, e.to_string()))?;
    ctx.print_json(&value)
}
