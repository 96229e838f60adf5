//! The basemap builder: GeoJSON layers → clipped, simplified, quantised MVT tiles → PMTiles or
//! MBTiles.
//!
//! For each zoom, each feature is simplified once to the zoom's resolution (so neighbouring
//! tiles agree on shared edges), then clipped to every tile it touches plus a small buffer,
//! quantised to the tile extent and encoded. Tiles left without features are skipped.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::str::FromStr;

use geo::{BooleanOps, Coord, Intersects, MultiLineString, MultiPolygon, Rect, Simplify};
use serde::Serialize;

use super::TilesError;
use super::geometry::{tile_range, world_to_lonlat};
use super::input::{InputFeature, LayerFields, Shape, load};
use super::mvt::{EXTENT, TileFeature, TileGeometry, TileLayer, TilePoint, encode};
use super::writer::{ArchiveInfo, write_archive};

/// Simplification tolerance, in tile units (1/4096 of a tile side).
const SIMPLIFY_UNITS: f64 = 4.0;
/// How far geometries reach past the tile edge, in tile units.
const BUFFER_UNITS: f64 = 64.0;
/// The deepest zoom the builder makes.
pub const MAX_BUILD_ZOOM: u8 = 16;

/// One `NAME=FILE.geojson` layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerInput {
    /// The layer's name in the tiles.
    pub name: String,
    /// The GeoJSON file its features come from.
    pub path: PathBuf,
}

impl FromStr for LayerInput {
    type Err = TilesError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, path) = s.split_once('=').ok_or_else(|| TilesError::InvalidOption {
            detail: format!("layer `{s}` must be written NAME=FILE.geojson"),
        })?;
        let name = name.trim();
        if name.is_empty() || path.trim().is_empty() {
            return Err(TilesError::InvalidOption {
                detail: format!("layer `{s}` needs both a name and a file (NAME=FILE.geojson)"),
            });
        }
        Ok(Self {
            name: name.to_owned(),
            path: PathBuf::from(path.trim()),
        })
    }
}

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The layers to encode, each from its GeoJSON file.
    pub layers: Vec<LayerInput>,
    /// `[west, south, east, north]` in degrees: the area whose tiles are made.
    pub bbox: [f64; 4],
    /// The shallowest zoom level made.
    pub min_zoom: u8,
    /// The deepest zoom level made (at most `MAX_BUILD_ZOOM`).
    pub max_zoom: u8,
    /// `.mbtiles` writes MBTiles, anything else PMTiles v3.
    pub out: PathBuf,
    /// The archive's name, in its metadata.
    pub name: Option<String>,
    /// Defaults to a sentence naming the input files.
    pub attribution: Option<String>,
    /// The archive's description, in its metadata.
    pub description: Option<String>,
}

/// What a build made.
#[derive(Debug, Clone, Serialize)]
pub struct BuildReport {
    /// The archive written.
    pub out: PathBuf,
    /// How many tiles it has.
    pub tiles: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Features encoded per layer, summed over all tiles.
    pub features: BTreeMap<String, u64>,
}

/// Parses `W,S,E,N`.
pub fn parse_bbox(s: &str) -> Result<[f64; 4], TilesError> {
    let bad = || TilesError::InvalidOption {
        detail: format!("bbox `{s}` must be four numbers WEST,SOUTH,EAST,NORTH in degrees"),
    };
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let [w, s_, e, n] = v[..] else {
        return Err(bad());
    };
    Ok([w, s_, e, n])
}

fn check(opts: &BuildOptions) -> Result<(), TilesError> {
    let invalid = |detail: String| Err(TilesError::InvalidOption { detail });
    let [w, s, e, n] = opts.bbox;
    let lon_ok = |v: f64| (-180.0..=180.0).contains(&v);
    let lat_ok = |v: f64| (-90.0..=90.0).contains(&v);
    if !(lon_ok(w) && lon_ok(e) && lat_ok(s) && lat_ok(n) && w < e && s < n) {
        return invalid(format!(
            "bbox {w},{s},{e},{n} must have west < east within ±180 and south < north within ±90"
        ));
    }
    if opts.min_zoom > opts.max_zoom || opts.max_zoom > MAX_BUILD_ZOOM {
        return invalid(format!(
            "zooms {}..{} must satisfy min ≤ max ≤ {MAX_BUILD_ZOOM}",
            opts.min_zoom, opts.max_zoom
        ));
    }
    if opts.layers.is_empty() {
        return invalid("at least one --layer NAME=FILE.geojson is needed".to_owned());
    }
    let mut seen = std::collections::HashSet::new();
    for l in &opts.layers {
        if !seen.insert(&l.name) {
            return invalid(format!("layer name `{}` is used twice", l.name));
        }
    }
    Ok(())
}

/// A tile's frame: world coordinates → tile units.
struct Frame {
    scale: f64,
    tx: f64,
    ty: f64,
}

impl Frame {
    fn point(&self, c: Coord<f64>) -> TilePoint {
        let e = f64::from(EXTENT);
        [
            ((c.x * self.scale - self.tx) * e).round() as i32,
            ((c.y * self.scale - self.ty) * e).round() as i32,
        ]
    }
}

fn world_rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect<f64> {
    Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 })
}

/// Simplifies a shape to a tolerance in world units and cuts it to `region`.
fn prepare(shape: &Shape, tolerance: f64, region: &Rect<f64>) -> Option<Shape> {
    let region_poly = region.to_polygon();
    match shape {
        Shape::Points(p) => Some(Shape::Points(p.clone())),
        Shape::Lines(l) => {
            let clipped = region_poly.clip(&l.simplify(tolerance), false);
            (!clipped.0.is_empty()).then_some(Shape::Lines(clipped))
        }
        Shape::Polygons(p) => {
            let clipped = p.simplify(tolerance).intersection(&region_poly);
            (!clipped.0.is_empty()).then_some(Shape::Polygons(clipped))
        }
    }
}

/// Clips a prepared shape to one tile (with buffer) and quantises it.
fn cut(shape: &Shape, tile: &Rect<f64>, frame: &Frame) -> Option<TileGeometry> {
    match shape {
        Shape::Points(mp) => {
            let pts: Vec<TilePoint> =
                mp.0.iter()
                    .filter(|p| tile.intersects(*p))
                    .map(|p| frame.point(p.0))
                    .collect();
            (!pts.is_empty()).then_some(TileGeometry::Points(pts))
        }
        Shape::Lines(mls) => {
            let clipped: MultiLineString<f64> = tile.to_polygon().clip(mls, false);
            let lines: Vec<Vec<TilePoint>> = clipped
                .0
                .iter()
                .map(|ls| ls.0.iter().map(|c| frame.point(*c)).collect())
                .collect();
            (!lines.is_empty()).then_some(TileGeometry::Lines(lines))
        }
        Shape::Polygons(mp) => {
            let clipped: MultiPolygon<f64> = mp.intersection(&tile.to_polygon());
            let polys: Vec<Vec<Vec<TilePoint>>> = clipped
                .0
                .iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(|ring| ring.0.iter().map(|c| frame.point(*c)).collect())
                        .collect()
                })
                .collect();
            (!polys.is_empty()).then_some(TileGeometry::Polygons(polys))
        }
    }
}

fn shape_bbox(shape: &Shape) -> Option<Rect<f64>> {
    use geo::BoundingRect;
    match shape {
        Shape::Points(g) => g.bounding_rect(),
        Shape::Lines(g) => g.bounding_rect(),
        Shape::Polygons(g) => g.bounding_rect(),
    }
}

/// Builds the archive described by `opts`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, TilesError> {
    check(opts)?;
    let mut layers: Vec<(String, Vec<InputFeature>, LayerFields)> = Vec::new();
    for l in &opts.layers {
        let (features, fields) = load(&l.path)?;
        layers.push((l.name.clone(), features, fields));
    }
    let mut tiles: Vec<super::EncodedTile> = Vec::new();
    let mut counts: BTreeMap<String, u64> = layers.iter().map(|l| (l.0.clone(), 0)).collect();
    let mut layer_zooms: HashMap<String, (u8, u8)> = HashMap::new();
    for z in opts.min_zoom..=opts.max_zoom {
        let scale = (1u64 << z) as f64;
        let unit = 1.0 / (scale * f64::from(EXTENT));
        let buffer = BUFFER_UNITS * unit;
        let (x0, y0, x1, y1) = tile_range(opts.bbox, z);
        let region = world_rect(
            f64::from(x0) / scale - buffer,
            f64::from(y0) / scale - buffer,
            f64::from(x1 + 1) / scale + buffer,
            f64::from(y1 + 1) / scale + buffer,
        );
        // (x, y) → features per layer.
        let mut grid: BTreeMap<(u32, u32), Vec<Vec<TileFeature>>> = BTreeMap::new();
        for (li, (_, features, _)) in layers.iter().enumerate() {
            for f in features {
                if !f.bbox.intersects(&region) {
                    continue;
                }
                let Some(shape) = prepare(&f.shape, SIMPLIFY_UNITS * unit, &region) else {
                    continue;
                };
                let Some(sb) = shape_bbox(&shape) else {
                    continue;
                };
                let clamp =
                    |v: f64, lo: u32, hi: u32| ((v * scale).floor().max(0.0) as u32).clamp(lo, hi);
                let (fx0, fx1) = (
                    clamp(sb.min().x - buffer, x0, x1),
                    clamp(sb.max().x + buffer, x0, x1),
                );
                let (fy0, fy1) = (
                    clamp(sb.min().y - buffer, y0, y1),
                    clamp(sb.max().y + buffer, y0, y1),
                );
                for ty in fy0..=fy1 {
                    for tx in fx0..=fx1 {
                        let tile = world_rect(
                            f64::from(tx) / scale - buffer,
                            f64::from(ty) / scale - buffer,
                            f64::from(tx + 1) / scale + buffer,
                            f64::from(ty + 1) / scale + buffer,
                        );
                        if !sb.intersects(&tile) {
                            continue;
                        }
                        let frame = Frame {
                            scale,
                            tx: f64::from(tx),
                            ty: f64::from(ty),
                        };
                        if let Some(geometry) = cut(&shape, &tile, &frame) {
                            grid.entry((tx, ty))
                                .or_insert_with(|| vec![Vec::new(); layers.len()])[li]
                                .push(TileFeature {
                                    id: f.id,
                                    properties: f.properties.clone(),
                                    geometry,
                                });
                        }
                    }
                }
            }
        }
        for ((x, y), per_layer) in grid {
            let tile_layers: Vec<TileLayer> = per_layer
                .into_iter()
                .enumerate()
                .filter(|(_, fs)| !fs.is_empty())
                .map(|(li, features)| TileLayer {
                    name: layers[li].0.clone(),
                    extent: EXTENT,
                    features,
                })
                .collect();
            let pbf = encode(&tile_layers);
            // Count what survived encoding (degenerate geometries are dropped there).
            let decoded = super::mvt::decode(&pbf)?;
            if decoded.is_empty() {
                continue;
            }
            for l in &decoded {
                *counts.entry(l.name.clone()).or_default() += l.features.len() as u64;
                let zr = layer_zooms.entry(l.name.clone()).or_insert((z, z));
                zr.0 = zr.0.min(z);
                zr.1 = zr.1.max(z);
            }
            let gz = super::gzip(&pbf).map_err(|e| TilesError::Write {
                path: opts.out.clone(),
                detail: format!("cannot compress a tile: {e}"),
            })?;
            tiles.push(((z, x, y), gz));
        }
        tracing::info!(zoom = z, tiles = tiles.len(), "built zoom level");
    }
    let vector_layers: Vec<serde_json::Value> = layers
        .iter()
        .map(|(name, _, fields)| {
            let (minz, maxz) = layer_zooms
                .get(name)
                .copied()
                .unwrap_or((opts.min_zoom, opts.max_zoom));
            serde_json::json!({
                "id": name,
                "fields": fields.fields,
                "minzoom": minz,
                "maxzoom": maxz,
            })
        })
        .collect();
    let [w, s, e, n] = opts.bbox;
    let center_zoom = opts
        .min_zoom
        .max(opts.max_zoom.saturating_sub(3))
        .min(opts.max_zoom);
    let (cx, cy) = {
        let (wx0, wy0) = super::geometry::lonlat_to_world(w, n);
        let (wx1, wy1) = super::geometry::lonlat_to_world(e, s);
        world_to_lonlat((wx0 + wx1) / 2.0, (wy0 + wy1) / 2.0)
    };
    let attribution = opts.attribution.clone().unwrap_or_else(|| {
        let files: Vec<String> = opts
            .layers
            .iter()
            .map(|l| {
                l.path.file_name().map_or_else(
                    || l.path.display().to_string(),
                    |f| f.to_string_lossy().into_owned(),
                )
            })
            .collect();
        format!("Built by Campanile from {}", files.join(", "))
    });
    let name = opts.name.clone().unwrap_or_else(|| {
        opts.out.file_stem().map_or_else(
            || "basemap".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    let mut metadata = serde_json::json!({
        "name": name,
        "attribution": attribution,
        "type": "baselayer",
        "format": "pbf",
        "vector_layers": vector_layers,
        "generator": format!("campanile {}", env!("CARGO_PKG_VERSION")),
    });
    if let (Some(d), Some(obj)) = (&opts.description, metadata.as_object_mut()) {
        obj.insert("description".into(), d.clone().into());
    }
    let info = ArchiveInfo {
        min_zoom: opts.min_zoom,
        max_zoom: opts.max_zoom,
        bounds: opts.bbox,
        center: (cx, cy, center_zoom),
        metadata,
    };
    let count = tiles.len() as u64;
    write_archive(&opts.out, &info, tiles)?;
    let bytes = std::fs::metadata(&opts.out)
        .map_err(|source| TilesError::Io {
            path: opts.out.clone(),
            source,
        })?
        .len();
    tracing::info!(out = %opts.out.display(), tiles = count, bytes, "wrote tile archive");
    Ok(BuildReport {
        out: opts.out.clone(),
        tiles: count,
        bytes,
        features: counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_layers_and_bbox() {
        let l: LayerInput = "land=/tmp/land.geojson".parse().unwrap();
        assert_eq!(l.name, "land");
        assert!("nolayer".parse::<LayerInput>().is_err());
        assert!("=x.geojson".parse::<LayerInput>().is_err());
        assert_eq!(
            parse_bbox("13,42.6,14.1,43.35").unwrap(),
            [13.0, 42.6, 14.1, 43.35]
        );
        assert!(parse_bbox("13,42.6,14.1").is_err());
        assert!(parse_bbox("a,b,c,d").is_err());
    }
}
