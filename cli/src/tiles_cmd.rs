//! `campanile tiles …`: inspect tile archives, extract tiles, build the basemap.
//!
//! Output is data (labelled lines in the user's language, or one JSON object with `--json`);
//! errors are [`TilesCliError`], whose variants name their Fluent message ids in
//! `locales/*/tiles.ftl`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use campanile_core::i18n::{Arg, Localize};
use campanile_core::opendata::tiles::{
    self, BuildOptions, LayerInput, TileSource, TilesError, build::parse_bbox,
};

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

/// What can go wrong in the `tiles` commands.
#[derive(Debug, thiserror::Error)]
pub enum TilesCliError {
    /// Fluent ids: those of [`TilesError`].
    #[error(transparent)]
    Tiles(#[from] TilesError),

    /// Fluent id: `tiles-error-absent` (`$file`, `$z`, `$x`, `$y`).
    #[error("tile {z}/{x}/{y} is not in {file}", file = file.display())]
    Absent {
        file: PathBuf,
        z: u8,
        x: u32,
        y: u32,
    },

    /// Fluent id: `tiles-error-output` (`$path`, `$reason`).
    #[error("cannot write {path}: {source}", path = path.display())]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Fluent id: `tiles-error-binary-to-terminal`.
    #[error("a tile is binary data: give --out PATH or redirect standard output to a file")]
    BinaryToTerminal,

    /// Fluent id: `tiles-error-json-needs-out`.
    #[error("with --json, `tiles get` needs --out PATH for the tile bytes")]
    JsonNeedsOut,
}

impl TilesCliError {
    /// What kind of failure it is (the exit code): an absent tile or a bad file or option is
    /// bad input (3); failing to write the output is not (1).
    pub fn kind(&self) -> Kind {
        match self {
            Self::Tiles(e) if e.is_bad_input() => Kind::BadInput,
            Self::Absent { .. } | Self::BinaryToTerminal | Self::JsonNeedsOut => Kind::BadInput,
            _ => Kind::Other,
        }
    }
}

impl Localize for TilesCliError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            Self::Tiles(e) => e.message(),
            Self::Absent { file, z, x, y } => (
                "tiles-error-absent".into(),
                vec![
                    ("file", file.display().to_string().into()),
                    ("z", Arg::Num(f64::from(*z))),
                    ("x", Arg::Num(f64::from(*x))),
                    ("y", Arg::Num(f64::from(*y))),
                ],
            ),
            Self::Output { path, source } => (
                "tiles-error-output".into(),
                vec![
                    ("path", path.display().to_string().into()),
                    ("reason", source.to_string().into()),
                ],
            ),
            Self::BinaryToTerminal => ("tiles-error-binary-to-terminal".into(), vec![]),
            Self::JsonNeedsOut => ("tiles-error-json-needs-out".into(), vec![]),
        }
    }
}

fn stdout_error(source: std::io::Error) -> TilesCliError {
    TilesCliError::Output {
        path: PathBuf::from("-"),
        source,
    }
}

fn print_lines<K: std::fmt::Display>(lines: &[(K, String)]) -> Result<(), TilesCliError> {
    let mut out = std::io::stdout().lock();
    for (k, v) in lines {
        writeln!(out, "{k}: {v}").map_err(stdout_error)?;
    }
    Ok(())
}

fn print_json(value: &serde_json::Value) -> Result<(), TilesCliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{value}").map_err(stdout_error)
}

/// Runs one `tiles` command, its failure put into words in the user's language.
pub fn run(cmd: TilesCommand, ctx: &Ctx) -> Result<(), CliError> {
    run_inner(cmd, ctx).map_err(|e| crate::error::fail(e.kind(), ctx.i18n.localize(&e)))
}

fn run_inner(cmd: TilesCommand, ctx: &Ctx) -> Result<(), TilesCliError> {
    let json = ctx.json;
    match cmd {
        TilesCommand::Info { file } => info(file, ctx),
        TilesCommand::Get {
            file,
            z,
            x,
            y,
            out,
            decompress,
        } => get(file, (z, x, y), out, decompress, json),
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
            let report = tiles::build(&BuildOptions {
                layers,
                bbox,
                min_zoom,
                max_zoom,
                out,
                name,
                attribution,
                description,
            })?;
            if json {
                print_json(&serde_json::json!(report))
            } else {
                let mut out = std::io::stdout().lock();
                let done = ctx.tr_args(
                    "tiles-build-done",
                    &[
                        ("tiles", Arg::Num(report.tiles as f64)),
                        ("bytes", Arg::Num(report.bytes as f64)),
                        ("out", report.out.display().to_string().into()),
                    ],
                );
                writeln!(out, "{done}").map_err(stdout_error)?;
                for (layer, n) in &report.features {
                    writeln!(out, "  {layer}: {n}").map_err(stdout_error)?;
                }
                Ok(())
            }
        }
    }
}

fn info(file: PathBuf, ctx: &Ctx) -> Result<(), TilesCliError> {
    let json = ctx.json;
    let src = TileSource::open(&file)?;
    let m = src.metadata();
    let count = src.tile_count()?;
    let layers = m.layer_names();
    if json {
        return print_json(&serde_json::json!({
            "file": file,
            "archive": m.archive,
            "format": m.format,
            "encoding": m.encoding,
            "min_zoom": m.min_zoom,
            "max_zoom": m.max_zoom,
            "bounds": m.bounds,
            "center": m.center.map(|(lon, lat, z)| serde_json::json!([lon, lat, z])),
            "name": m.name,
            "attribution": m.attribution,
            "description": m.description,
            "layers": layers,
            "vector_layers": m.vector_layers,
            "tile_count": count,
        }));
    }
    let mut lines = vec![
        ("tiles-info-file", file.display().to_string()),
        (
            "tiles-info-archive",
            match m.archive {
                tiles::ArchiveKind::Mbtiles => "mbtiles",
                tiles::ArchiveKind::Pmtiles => "pmtiles",
            }
            .to_owned(),
        ),
        ("tiles-info-format", m.format.as_str().to_owned()),
        ("tiles-info-encoding", m.encoding.as_str().to_owned()),
        ("tiles-info-zooms", format!("{}-{}", m.min_zoom, m.max_zoom)),
    ];
    if let Some([w, s, e, n]) = m.bounds {
        lines.push(("tiles-info-bounds", format!("{w},{s},{e},{n}")));
    }
    if let Some((lon, lat, z)) = m.center {
        lines.push(("tiles-info-center", format!("{lon},{lat},{z}")));
    }
    for (key, value) in [
        ("tiles-info-name", &m.name),
        ("tiles-info-attribution", &m.attribution),
        ("tiles-info-description", &m.description),
    ] {
        if let Some(v) = value {
            lines.push((key, v.clone()));
        }
    }
    lines.push(("tiles-info-layers", layers.join(", ")));
    lines.push((
        "tiles-info-tiles",
        count.map_or_else(|| ctx.tr("tiles-info-tiles-unknown"), |c| c.to_string()),
    ));
    let labelled: Vec<(String, String)> =
        lines.into_iter().map(|(id, v)| (ctx.tr(id), v)).collect();
    print_lines(&labelled)
}

fn get(
    file: PathBuf,
    (z, x, y): (u8, u32, u32),
    out: Option<PathBuf>,
    decompress: bool,
    json: bool,
) -> Result<(), TilesCliError> {
    if json && out.is_none() {
        return Err(TilesCliError::JsonNeedsOut);
    }
    if out.is_none() && std::io::stdout().is_terminal() {
        return Err(TilesCliError::BinaryToTerminal);
    }
    let src = TileSource::open(&file)?;
    let Some(tile) = src.tile(z, x, y)? else {
        return Err(TilesCliError::Absent { file, z, x, y });
    };
    let (bytes, encoding) = if decompress && tile.encoding == tiles::TileEncoding::Gzip {
        (tile.decompressed()?, tiles::TileEncoding::None)
    } else {
        (tile.data, tile.encoding)
    };
    match &out {
        Some(path) => std::fs::write(path, &bytes).map_err(|source| TilesCliError::Output {
            path: path.clone(),
            source,
        })?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(stdout_error)?;
        }
    }
    if json {
        print_json(&serde_json::json!({
            "file": file,
            "z": z,
            "x": x,
            "y": y,
            "out": out,
            "bytes": bytes.len(),
            "encoding": encoding,
            "format": tile.format,
        }))?;
    }
    Ok(())
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
