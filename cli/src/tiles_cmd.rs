//! `campanile tiles …`: inspect tile archives, extract tiles, build the basemap.
//!
//! Output is data (`key: value` lines, or one JSON object with `--json`); errors are
//! [`TilesCliError`], whose variants name their Fluent message ids in `locales/*/tiles.ftl`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use campanile_core::opendata::tiles::{
    self, BuildOptions, LayerInput, TileSource, TilesError, build::parse_bbox,
};

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
    /// The process exit code: 3 for an absent tile (clap uses 2 for usage errors), 1 for
    /// everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Absent { .. } => 3,
            _ => 1,
        }
    }
}

fn stdout_error(source: std::io::Error) -> TilesCliError {
    TilesCliError::Output {
        path: PathBuf::from("-"),
        source,
    }
}

fn print_lines(lines: &[(&str, String)]) -> Result<(), TilesCliError> {
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

/// Runs one `tiles` command; `json` prints a single JSON object instead of `key: value` lines.
pub fn run(cmd: TilesCommand, json: bool) -> Result<(), TilesCliError> {
    match cmd {
        TilesCommand::Info { file } => info(file, json),
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
                let mut lines = vec![
                    ("out", report.out.display().to_string()),
                    ("tiles", report.tiles.to_string()),
                    ("bytes", report.bytes.to_string()),
                ];
                let features: Vec<String> = report
                    .features
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                lines.push(("features", features.join(", ")));
                print_lines(&lines)
            }
        }
    }
}

fn info(file: PathBuf, json: bool) -> Result<(), TilesCliError> {
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
        ("file", file.display().to_string()),
        (
            "archive",
            match m.archive {
                tiles::ArchiveKind::Mbtiles => "mbtiles",
                tiles::ArchiveKind::Pmtiles => "pmtiles",
            }
            .to_owned(),
        ),
        ("format", m.format.as_str().to_owned()),
        ("encoding", m.encoding.as_str().to_owned()),
        ("zooms", format!("{}-{}", m.min_zoom, m.max_zoom)),
    ];
    if let Some([w, s, e, n]) = m.bounds {
        lines.push(("bounds", format!("{w},{s},{e},{n}")));
    }
    if let Some((lon, lat, z)) = m.center {
        lines.push(("center", format!("{lon},{lat},{z}")));
    }
    for (key, value) in [
        ("name", &m.name),
        ("attribution", &m.attribution),
        ("description", &m.description),
    ] {
        if let Some(v) = value {
            lines.push((key, v.clone()));
        }
    }
    lines.push(("layers", layers.join(", ")));
    lines.push((
        "tiles",
        count.map_or_else(|| "unknown".to_owned(), |c| c.to_string()),
    ));
    print_lines(&lines)
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
