//! `campanile tiles …`: inspect tile archives, extract tiles, build the basemap.
//!
//! Output is data (labelled lines in the user's language, or one JSON object with `--json`).
//! Reading archives and building are the core's (`Campanile::tiles`); this file is clap,
//! printing and writing the tile's bytes where they were asked for.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use campanile_core::opendata::tiles::{BuildOptions, LayerInput, build::parse_bbox};

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};

/// The `tiles` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum TilesCommand {
    /// Show what a tile archive (MBTiles or PMTiles) holds.
    Info {
        /// The archive to read.
        file: PathBuf,
    },
    /// Write one tile's bytes exactly as stored (XYZ numbering).
    Get {
        /// The archive to read.
        file: PathBuf,
        /// Zoom level.
        z: u8,
        /// Column, from the west.
        x: u32,
        /// Row, from the north (XYZ; MBTiles rows are flipped for you).
        y: u32,
        /// Write the bytes to this file instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Remove gzip compression when the tile is gzip-encoded.
        #[arg(long)]
        decompress: bool,
    },
    /// Build a vector-tile basemap from GeoJSON layers.
    Build {
        /// A layer as NAME=FILE.geojson (repeatable).
        #[arg(long = "layer", value_name = "NAME=FILE", required = true, value_parser = parse_layer)]
        layers: Vec<LayerInput>,
        /// The area to make tiles for: WEST,SOUTH,EAST,NORTH in degrees.
        #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox_arg, allow_hyphen_values = true)]
        bbox: [f64; 4],
        /// The first zoom level.
        #[arg(long, default_value_t = 0)]
        min_zoom: u8,
        /// The last zoom level.
        #[arg(long, default_value_t = 12)]
        max_zoom: u8,
        /// The archive to write: `.mbtiles` for MBTiles, otherwise PMTiles v3.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The archive's name (default: the output file's stem).
        #[arg(long)]
        name: Option<String>,
        /// The attribution (default: names the input files).
        #[arg(long)]
        attribution: Option<String>,
        /// A description for the metadata.
        #[arg(long)]
        description: Option<String>,
    },
}

fn parse_layer(s: &str) -> Result<LayerInput, String> {
    s.parse::<LayerInput>().map_err(|e| e.to_string())
}

fn parse_bbox_arg(s: &str) -> Result<[f64; 4], String> {
    parse_bbox(s).map_err(|e| e.to_string())
}

/// Writing the tile or the output failed. Fluent id: `tiles-error-output` (`$path`, `$reason`).
fn output_error(ctx: &Ctx, path: &Path, e: &std::io::Error) -> CliError {
    crate::error::fail(
        Kind::Other,
        ctx.tr_args(
            "tiles-error-output",
            &[
                ("path", path.display().to_string().into()),
                ("reason", e.to_string().into()),
            ],
        ),
    )
}

fn print_json(ctx: &Ctx, value: &serde_json::Value) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{value}").map_err(|e| output_error(ctx, Path::new("-"), &e))
}

fn print_lines(ctx: &Ctx, lines: &[String]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}").map_err(|e| output_error(ctx, Path::new("-"), &e))?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, CliError> {
    serde_json::to_value(value).map_err(|e| crate::error::fail(Kind::Other, e.to_string()))
}

/// Runs one `tiles` command.
pub fn run(cmd: TilesCommand, ctx: &Ctx) -> Result<(), CliError> {
    let core = ctx.core()?;
    let tiles = core.tiles();
    match cmd {
        TilesCommand::Info { file } => {
            let info = tiles.info(&file)?;
            if ctx.json {
                return print_json(ctx, &to_json(&info)?);
            }
            let lines: Vec<String> = tiles
                .info_text(&info)
                .into_iter()
                .map(|l| format!("{}: {}", l.label, l.value))
                .collect();
            print_lines(ctx, &lines)
        }
        TilesCommand::Get {
            file,
            z,
            x,
            y,
            out,
            decompress,
        } => {
            // Fluent id: `tiles-error-json-needs-out`.
            if ctx.json && out.is_none() {
                return Err(crate::error::fail(
                    Kind::BadInput,
                    ctx.tr("tiles-error-json-needs-out"),
                ));
            }
            // Fluent id: `tiles-error-binary-to-terminal`.
            if out.is_none() && std::io::stdout().is_terminal() {
                return Err(crate::error::fail(
                    Kind::BadInput,
                    ctx.tr("tiles-error-binary-to-terminal"),
                ));
            }
            let tile = tiles.tile(&file, z, x, y, decompress)?;
            match &out {
                Some(path) => {
                    std::fs::write(path, &tile.data).map_err(|e| output_error(ctx, path, &e))?
                }
                None => {
                    let mut stdout = std::io::stdout().lock();
                    stdout
                        .write_all(&tile.data)
                        .and_then(|()| stdout.flush())
                        .map_err(|e| output_error(ctx, Path::new("-"), &e))?;
                }
            }
            if ctx.json {
                let mut doc = to_json(&tile)?;
                if let Some(o) = doc.as_object_mut() {
                    o.insert("file".into(), serde_json::json!(file));
                    o.insert("z".into(), z.into());
                    o.insert("x".into(), x.into());
                    o.insert("y".into(), y.into());
                    o.insert("out".into(), serde_json::json!(out));
                }
                print_json(ctx, &doc)?;
            }
            Ok(())
        }
        TilesCommand::Build {
            layers,
            bbox,
            min_zoom,
            max_zoom,
            out,
            name,
            attribution,
            description,
        } => {
            let report = ctx.block_on(tiles.build(BuildOptions {
                layers,
                bbox,
                min_zoom,
                max_zoom,
                out,
                name,
                attribution,
                description,
            }))?;
            if ctx.json {
                return print_json(ctx, &to_json(&report)?);
            }
            print_lines(ctx, &tiles.build_text(&report))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: TilesCommand,
    }

    #[test]
    fn parses_build_arguments() {
        let cli = Cli::try_parse_from([
            "tiles",
            "build",
            "--layer",
            "land=a.geojson",
            "--layer",
            "places=b.geojson",
            "--bbox",
            "13.0,42.6,14.1,43.35",
            "--out",
            "x.pmtiles",
        ])
        .unwrap();
        let TilesCommand::Build {
            layers,
            bbox,
            min_zoom,
            max_zoom,
            ..
        } = cli.cmd
        else {
            panic!("not build")
        };
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[1].name, "places");
        assert_eq!(bbox, [13.0, 42.6, 14.1, 43.35]);
        assert_eq!((min_zoom, max_zoom), (0, 12));
        assert!(
            Cli::try_parse_from([
                "tiles", "build", "--layer", "x", "--bbox", "1,2,3,4", "--out", "o"
            ])
            .is_err()
        );
        assert!(
            Cli::try_parse_from([
                "tiles", "build", "--layer", "a=b", "--bbox", "1,2,3", "--out", "o"
            ])
            .is_err()
        );
    }

    #[test]
    fn parses_get_arguments() {
        let cli = Cli::try_parse_from([
            "tiles",
            "get",
            "a.pmtiles",
            "10",
            "550",
            "376",
            "--decompress",
        ])
        .unwrap();
        assert!(matches!(
            cli.cmd,
            TilesCommand::Get {
                z: 10,
                x: 550,
                y: 376,
                decompress: true,
                out: None,
                ..
            }
        ));
    }
}
