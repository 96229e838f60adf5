//! `campanile beacons …`: decode beacon frames, scan, replay traces, manage the beacon → POI
//! registry.

use std::path::{Path, PathBuf};

use campanile_core::beacons::frames::{self, Frame};
use campanile_core::beacons::proximity::{Engine, EngineConfig, Event, EventKind, ManualClock};
use campanile_core::beacons::registry::{self, Registry, RegistryError};
use campanile_core::beacons::trace;
use campanile_core::i18n::Arg;
use clap::Subcommand;
use serde_json::json;

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
    match cmd {
        BeaconsCommand::Parse { hex } => parse_cmd(ctx, &hex),
        BeaconsCommand::Scan { seconds, record } => scan_cmd(ctx, seconds, record.as_deref()),
        BeaconsCommand::Replay { trace, tick_ms } => replay_cmd(ctx, &trace, tick_ms),
        BeaconsCommand::Registry(RegistryCommand::Import { file, replace }) => {
            import_cmd(ctx, &file, replace)
        }
        BeaconsCommand::Registry(RegistryCommand::List) => list_cmd(ctx),
    }
}

fn parse_cmd(ctx: &Ctx, text: &str) -> Result<(), CliError> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let clean = clean
        .strip_prefix("0x")
        .or_else(|| clean.strip_prefix("0X"))
        .unwrap_or(&clean);
    let bytes = hex::decode(clean).map_err(|_| {
        crate::error::fail(
            Kind::BadInput,
            ctx.tr_args("beacons-error-hex", &[("value", text.into())]),
        )
    })?;
    let frame =
        frames::parse_advertisement(&bytes).map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    print_frame(ctx, &frame)
}

fn print_frame(ctx: &Ctx, frame: &Frame) -> Result<(), CliError> {
    let doc = frame.to_json();
    if ctx.json {
        return ctx.print_json(&doc);
    }
    println!(
        "{}",
        ctx.tr_args("beacons-parsed", &[("kind", frame.kind().as_str().into())])
    );
    if let Some(obj) = doc.as_object() {
        for (k, v) in obj.iter().filter(|(k, _)| k.as_str() != "kind") {
            let shown = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            println!("  {k}: {shown}");
        }
    }
    Ok(())
}

fn registry_error(ctx: &Ctx, e: &RegistryError) -> CliError {
    crate::error::localized(&ctx.i18n, e)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn import_cmd(ctx: &Ctx, file: &Path, replace: bool) -> Result<(), CliError> {
    let entries = registry::read_file(file).map_err(|e| registry_error(ctx, &e))?;
    let mut store = ctx.open_store()?;
    let n = registry::save(&mut store, &entries, replace, now_ms())
        .map_err(|e| registry_error(ctx, &e))?;
    if ctx.json {
        return ctx.print_json(&json!({
            "file": file.display().to_string(),
            "registered": n,
            "replaced": replace,
        }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "beacons-registry-imported",
            &[
                ("file", file.display().to_string().into()),
                ("count", n.into())
            ]
        )
    );
    Ok(())
}

fn list_cmd(ctx: &Ctx) -> Result<(), CliError> {
    let store = ctx.open_store()?;
    let entries = registry::list(&store).map_err(|e| registry_error(ctx, &e))?;
    if ctx.json {
        return ctx.print_json(&json!({ "beacons": entries }));
    }
    if entries.is_empty() {
        println!("{}", ctx.tr("beacons-registry-empty"));
    }
    for e in &entries {
        println!(
            "{}",
            ctx.tr_args(
                "beacons-registry-entry",
                &[
                    ("beacon", e.beacon.to_string().into()),
                    ("name", e.name.as_str().into()),
                    ("poi", e.poi_id.as_str().into()),
                ]
            )
        );
    }
    Ok(())
}

/// `HH:MM:SS.mmm` UTC of a timestamp in milliseconds.
fn clock_time(ms: i64) -> String {
    let day = ms.rem_euclid(86_400_000);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        day / 3_600_000,
        day / 60_000 % 60,
        day / 1_000 % 60,
        day % 1_000
    )
}

fn print_event(ctx: &Ctx, e: &Event) {
    let mut args: Vec<(&str, Arg)> = vec![
        ("time", clock_time(e.at).into()),
        ("name", e.name.as_ref().into()),
        ("poi", e.poi_id.as_ref().into()),
    ];
    let id = match e.kind {
        EventKind::Enter => {
            let d = e.distance_m.map_or("?".to_string(), |d| format!("{d:.1}"));
            args.push(("distance", d.into()));
            "beacons-event-enter"
        }
        EventKind::Exit => "beacons-event-exit",
    };
    println!("{}", ctx.tr_args(id, &args));
}

fn engine(ctx: &Ctx) -> Result<Engine, CliError> {
    let store = ctx.open_store()?;
    let reg = Registry::load(&store).map_err(|e| registry_error(ctx, &e))?;
    Ok(Engine::with_clock(
        reg,
        EngineConfig::default(),
        Box::new(ManualClock::new(0)),
    ))
}

fn replay_cmd(ctx: &Ctx, path: &Path, tick_ms: u32) -> Result<(), CliError> {
    let records = trace::read_file(path).map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    let mut engine = engine(ctx)?;
    let report = trace::replay(&mut engine, &records, tick_ms);
    if ctx.json {
        let rejected: Vec<_> = report
            .rejected
            .iter()
            .map(|(i, e)| json!({"index": i, "error": e.to_string()}))
            .collect();
        return ctx.print_json(&json!({
            "adverts": report.adverts,
            "events": report.events,
            "rejected": rejected,
        }));
    }
    for e in &report.events {
        print_event(ctx, e);
    }
    println!(
        "{}",
        ctx.tr_args(
            "beacons-replay-summary",
            &[
                ("adverts", report.adverts.into()),
                ("events", report.events.len().into()),
                ("rejected", report.rejected.len().into()),
            ]
        )
    );
    Ok(())
}

#[cfg(not(feature = "ble"))]
fn scan_cmd(ctx: &Ctx, _seconds: u64, _record: Option<&Path>) -> Result<(), CliError> {
    Err(crate::error::fail(
        Kind::Other,
        ctx.tr("beacons-error-no-ble"),
    ))
}

#[cfg(feature = "ble")]
fn scan_cmd(ctx: &Ctx, seconds: u64, record: Option<&Path>) -> Result<(), CliError> {
    use std::collections::BTreeSet;
    use std::io::Write as _;

    use campanile_core::beacons::scanner_btleplug;

    let mut engine = engine(ctx)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::fail(Kind::Other, e.to_string()))?;
    let mut recorder = match record {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| {
                crate::error::fail(
                    Kind::BadInput,
                    ctx.tr_args(
                        "beacons-error-trace-write",
                        &[
                            ("path", path.display().to_string().into()),
                            ("detail", e.to_string().into()),
                        ],
                    ),
                )
            })?,
        )),
        None => None,
    };
    if !ctx.json {
        eprintln!(
            "{}",
            ctx.tr_args("beacons-scan-start", &[("seconds", seconds.into())])
        );
    }
    let mut write_failed = None;
    let mut heard: BTreeSet<String> = BTreeSet::new();
    let mut beacons = Vec::new();
    let mut events = Vec::new();
    let mut frames_n = 0usize;
    let result = rt.block_on(scanner_btleplug::scan(
        std::time::Duration::from_secs(seconds),
        |rec| {
            if let Some(w) = recorder.as_mut()
                && write_failed.is_none()
                && let Err(e) = writeln!(w, "{}", rec.to_json_line())
            {
                write_failed = Some(e);
            }
            let Ok(frame) = frames::parse(rec.payload.as_payload()) else {
                return;
            };
            frames_n += 1;
            let key = frame
                .beacon_id()
                .map_or_else(|| frame.kind().as_str().to_string(), |id| id.to_string());
            if heard.insert(key.clone()) {
                let mut doc = frame.to_json();
                if let Some(o) = doc.as_object_mut() {
                    o.insert("rssi".into(), rec.rssi.into());
                }
                if !ctx.json {
                    println!(
                        "{}",
                        ctx.tr_args(
                            "beacons-scan-heard",
                            &[
                                ("kind", frame.kind().as_str().into()),
                                ("beacon", key.into()),
                                ("rssi", i64::from(rec.rssi).into()),
                            ]
                        )
                    );
                }
                beacons.push(doc);
            }
            if let Ok(evs) = engine.on_advert(rec.payload.as_payload(), rec.rssi, rec.t) {
                for e in evs {
                    if !ctx.json {
                        print_event(ctx, &e);
                    }
                    events.push(e);
                }
            }
        },
    ));
    let adverts = result.map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    let flushed = recorder.map(|mut w| w.flush()).transpose();
    if let (Some(path), Some(e)) = (record, write_failed.or(flushed.err())) {
        return Err(crate::error::fail(
            Kind::Other,
            ctx.tr_args(
                "beacons-error-trace-write",
                &[
                    ("path", path.display().to_string().into()),
                    ("detail", e.to_string().into()),
                ],
            ),
        ));
    }
    if ctx.json {
        return ctx.print_json(&json!({
            "adverts": adverts,
            "frames": frames_n,
            "beacons": beacons,
            "events": events,
        }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "beacons-scan-summary",
            &[("adverts", adverts.into()), ("frames", frames_n.into())]
        )
    );
    Ok(())
}
