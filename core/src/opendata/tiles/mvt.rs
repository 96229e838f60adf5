//! Mapbox Vector Tile 2.1 (<https://github.com/mapbox/vector-tile-spec/tree/master/2.1>):
//! encoding tile-space geometries into the protobuf, and decoding them back.
//!
//! The protobuf messages are declared with `prost`'s derive, which saves a `protoc` build step
//! for a schema of four messages.

use std::collections::{BTreeMap, HashMap};

use prost::Message;

use super::TilesError;

/// The default tile extent (coordinates go from 0 to `EXTENT` inside the tile).
pub const EXTENT: u32 = 4096;

const CMD_MOVE_TO: u32 = 1;
const CMD_LINE_TO: u32 = 2;
const CMD_CLOSE_PATH: u32 = 7;

#[derive(Clone, PartialEq, Message)]
struct PbTile {
    #[prost(message, repeated, tag = "3")]
    layers: Vec<PbLayer>,
}

#[derive(Clone, PartialEq, Message)]
struct PbLayer {
    #[prost(uint32, required, tag = "15")]
    version: u32,
    #[prost(string, required, tag = "1")]
    name: String,
    #[prost(message, repeated, tag = "2")]
    features: Vec<PbFeature>,
    #[prost(string, repeated, tag = "3")]
    keys: Vec<String>,
    #[prost(message, repeated, tag = "4")]
    values: Vec<PbValue>,
    #[prost(uint32, optional, tag = "5")]
    extent: Option<u32>,
}

#[derive(Clone, PartialEq, Message)]
struct PbFeature {
    #[prost(uint64, optional, tag = "1")]
    id: Option<u64>,
    #[prost(uint32, repeated, tag = "2")]
    tags: Vec<u32>,
    /// 0 unknown, 1 point, 2 linestring, 3 polygon.
    #[prost(int32, optional, tag = "3")]
    r#type: Option<i32>,
    #[prost(uint32, repeated, tag = "4")]
    geometry: Vec<u32>,
}

#[derive(Clone, PartialEq, Message)]
struct PbValue {
    #[prost(string, optional, tag = "1")]
    string_value: Option<String>,
    #[prost(float, optional, tag = "2")]
    float_value: Option<f32>,
    #[prost(double, optional, tag = "3")]
    double_value: Option<f64>,
    #[prost(int64, optional, tag = "4")]
    int_value: Option<i64>,
    #[prost(uint64, optional, tag = "5")]
    uint_value: Option<u64>,
    #[prost(sint64, optional, tag = "6")]
    sint_value: Option<i64>,
    #[prost(bool, optional, tag = "7")]
    bool_value: Option<bool>,
}

/// A point in tile coordinates (x right, y down).
pub type TilePoint = [i32; 2];

/// The geometry of one feature in tile coordinates. Rings are stored without repeating their
/// first point.
#[derive(Debug, Clone, PartialEq)]
pub enum TileGeometry {
    /// Points.
    Points(Vec<TilePoint>),
    /// Lines, each a sequence of points.
    Lines(Vec<Vec<TilePoint>>),
    /// Each polygon is its exterior ring followed by its holes.
    Polygons(Vec<Vec<Vec<TilePoint>>>),
}

/// One feature of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct TileFeature {
    /// The feature's id, when it has one.
    pub id: Option<u64>,
    /// Property values are strings, numbers or booleans.
    pub properties: BTreeMap<String, serde_json::Value>,
    /// Its geometry.
    pub geometry: TileGeometry,
}

/// One layer of a vector tile.
#[derive(Debug, Clone, PartialEq)]
pub struct TileLayer {
    /// The layer's name.
    pub name: String,
    /// The tile's coordinate range: coordinates go from 0 to `extent` inside the tile.
    pub extent: u32,
    /// Its features.
    pub features: Vec<TileFeature>,
}

fn command(id: u32, count: usize) -> u32 {
    (id & 0x7) | ((count as u32) << 3)
}

fn zigzag(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

fn unzigzag(v: u32) -> i32 {
    ((v >> 1) as i32) ^ -((v & 1) as i32)
}

/// Twice the signed area by the surveyor's formula, in tile coordinates: positive for the
/// exterior rings of MVT 2.1 (clockwise on screen, where y grows downwards).
pub fn ring_area2(ring: &[TilePoint]) -> i64 {
    let n = ring.len();
    let sum: i128 = (0..n)
        .map(|i| {
            let [x0, y0] = ring[i];
            let [x1, y1] = ring[(i + 1) % n];
            i128::from(x0) * i128::from(y1) - i128::from(x1) * i128::from(y0)
        })
        .sum();
    sum.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Drops consecutive repeated points and, for rings, a closing point equal to the first.
fn dedup(points: &[TilePoint], ring: bool) -> Vec<TilePoint> {
    let mut out: Vec<TilePoint> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() != Some(p) {
            out.push(*p);
        }
    }
    if ring {
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
    }
    out
}

struct Cursor {
    x: i32,
    y: i32,
}

impl Cursor {
    fn push(&mut self, out: &mut Vec<u32>, p: TilePoint) {
        out.push(zigzag(p[0].wrapping_sub(self.x)));
        out.push(zigzag(p[1].wrapping_sub(self.y)));
        self.x = p[0];
        self.y = p[1];
    }
}

/// Encodes a geometry into MVT commands, fixing ring winding (exterior rings get a positive
/// area, holes a negative one) and dropping degenerate parts. `None` when nothing is left.
fn encode_geometry(geometry: &TileGeometry) -> Option<(i32, Vec<u32>)> {
    let mut out = Vec::new();
    let mut cur = Cursor { x: 0, y: 0 };
    let kind = match geometry {
        TileGeometry::Points(points) => {
            if points.is_empty() {
                return None;
            }
            out.push(command(CMD_MOVE_TO, points.len()));
            for p in points {
                cur.push(&mut out, *p);
            }
            1
        }
        TileGeometry::Lines(lines) => {
            for line in lines {
                let line = dedup(line, false);
                if line.len() < 2 {
                    continue;
                }
                out.push(command(CMD_MOVE_TO, 1));
                cur.push(&mut out, line[0]);
                out.push(command(CMD_LINE_TO, line.len() - 1));
                for p in &line[1..] {
                    cur.push(&mut out, *p);
                }
            }
            2
        }
        TileGeometry::Polygons(polygons) => {
            for polygon in polygons {
                for (i, ring) in polygon.iter().enumerate() {
                    let mut ring = dedup(ring, true);
                    if ring.len() < 3 {
                        if i == 0 {
                            break;
                        }
                        continue;
                    }
                    let area = ring_area2(&ring);
                    if area == 0 {
                        if i == 0 {
                            break;
                        }
                        continue;
                    }
                    if (i == 0) != (area > 0) {
                        ring.reverse();
                    }
                    out.push(command(CMD_MOVE_TO, 1));
                    cur.push(&mut out, ring[0]);
                    out.push(command(CMD_LINE_TO, ring.len() - 1));
                    for p in &ring[1..] {
                        cur.push(&mut out, *p);
                    }
                    out.push(command(CMD_CLOSE_PATH, 1));
                }
            }
            3
        }
    };
    (!out.is_empty()).then_some((kind, out))
}

#[derive(PartialEq, Eq, Hash)]
enum ValueKey {
    Str(String),
    Bool(bool),
    Uint(u64),
    Sint(i64),
    Double(u64),
}

fn to_value(v: &serde_json::Value) -> Option<(ValueKey, PbValue)> {
    let mut pb = PbValue::default();
    let key = match v {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => {
            pb.bool_value = Some(*b);
            ValueKey::Bool(*b)
        }
        serde_json::Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                pb.uint_value = Some(u);
                ValueKey::Uint(u)
            } else if let Some(i) = n.as_i64() {
                pb.sint_value = Some(i);
                ValueKey::Sint(i)
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                pb.double_value = Some(f);
                ValueKey::Double(f.to_bits())
            }
        }
        serde_json::Value::String(s) => {
            pb.string_value = Some(s.clone());
            ValueKey::Str(s.clone())
        }
        other => {
            let s = other.to_string();
            pb.string_value = Some(s.clone());
            ValueKey::Str(s)
        }
    };
    Some((key, pb))
}

/// Encodes layers into an (uncompressed) vector tile. Features whose geometry degenerates
/// away are left out, and so are layers left without features.
pub fn encode(layers: &[TileLayer]) -> Vec<u8> {
    let mut tile = PbTile::default();
    for layer in layers {
        let mut pb = PbLayer {
            version: 2,
            name: layer.name.clone(),
            extent: Some(layer.extent),
            ..Default::default()
        };
        let mut keys: HashMap<&str, u32> = HashMap::new();
        let mut values: HashMap<ValueKey, u32> = HashMap::new();
        for feature in &layer.features {
            let Some((kind, geometry)) = encode_geometry(&feature.geometry) else {
                continue;
            };
            let mut tags = Vec::new();
            for (k, v) in &feature.properties {
                let Some((vk, pv)) = to_value(v) else {
                    continue;
                };
                let ki = *keys.entry(k.as_str()).or_insert_with(|| {
                    pb.keys.push(k.clone());
                    (pb.keys.len() - 1) as u32
                });
                let vi = *values.entry(vk).or_insert_with(|| {
                    pb.values.push(pv);
                    (pb.values.len() - 1) as u32
                });
                tags.push(ki);
                tags.push(vi);
            }
            pb.features.push(PbFeature {
                id: feature.id,
                tags,
                r#type: Some(kind),
                geometry,
            });
        }
        if !pb.features.is_empty() {
            tile.layers.push(pb);
        }
    }
    tile.encode_to_vec()
}

fn from_value(v: &PbValue) -> serde_json::Value {
    if let Some(s) = &v.string_value {
        serde_json::Value::String(s.clone())
    } else if let Some(b) = v.bool_value {
        serde_json::Value::Bool(b)
    } else if let Some(u) = v.uint_value {
        u.into()
    } else if let Some(i) = v.int_value.or(v.sint_value) {
        i.into()
    } else if let Some(f) = v.double_value.or(v.float_value.map(f64::from)) {
        serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
    } else {
        serde_json::Value::Null
    }
}

fn bad(detail: impl Into<String>) -> TilesError {
    TilesError::Decode {
        detail: detail.into(),
    }
}

/// Splits the command stream into paths (each a MoveTo then its LineTos), noting which were
/// closed.
fn decode_paths(cmds: &[u32]) -> Result<Vec<(Vec<TilePoint>, bool)>, TilesError> {
    let mut paths: Vec<(Vec<TilePoint>, bool)> = Vec::new();
    let (mut x, mut y) = (0i32, 0i32);
    let mut i = 0;
    while i < cmds.len() {
        let id = cmds[i] & 0x7;
        let count = (cmds[i] >> 3) as usize;
        i += 1;
        match id {
            CMD_MOVE_TO | CMD_LINE_TO => {
                if cmds.len() - i < count.saturating_mul(2) {
                    return Err(bad("a geometry command runs past the end of the geometry"));
                }
                for k in 0..count {
                    x = x.wrapping_add(unzigzag(cmds[i + 2 * k]));
                    y = y.wrapping_add(unzigzag(cmds[i + 2 * k + 1]));
                    if id == CMD_MOVE_TO {
                        paths.push((vec![[x, y]], false));
                    } else {
                        let Some(path) = paths.last_mut() else {
                            return Err(bad("a LineTo comes before any MoveTo"));
                        };
                        path.0.push([x, y]);
                    }
                }
                i += 2 * count;
            }
            CMD_CLOSE_PATH => {
                let Some(path) = paths.last_mut() else {
                    return Err(bad("a ClosePath comes before any MoveTo"));
                };
                path.1 = true;
            }
            other => return Err(bad(format!("unknown geometry command {other}"))),
        }
    }
    Ok(paths)
}

/// Decodes an uncompressed (or gzip-compressed) vector tile.
pub fn decode(bytes: &[u8]) -> Result<Vec<TileLayer>, TilesError> {
    let owned;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        owned = super::gunzip(bytes).map_err(|e| bad(format!("the gzip data is damaged: {e}")))?;
        &owned[..]
    } else {
        bytes
    };
    let tile = PbTile::decode(bytes).map_err(|e| bad(format!("not a vector tile: {e}")))?;
    let mut layers = Vec::new();
    for layer in tile.layers {
        let mut features = Vec::new();
        for f in &layer.features {
            let mut properties = BTreeMap::new();
            for pair in f.tags.chunks(2) {
                let [k, v] = pair else {
                    return Err(bad(format!(
                        "a feature of layer {} has an odd number of tags",
                        layer.name
                    )));
                };
                let (Some(key), Some(value)) =
                    (layer.keys.get(*k as usize), layer.values.get(*v as usize))
                else {
                    return Err(bad(format!(
                        "a feature of layer {} refers to a missing key or value",
                        layer.name
                    )));
                };
                properties.insert(key.clone(), from_value(value));
            }
            let paths = decode_paths(&f.geometry)?;
            let geometry = match f.r#type.unwrap_or(0) {
                1 => TileGeometry::Points(paths.into_iter().map(|(p, _)| p[0]).collect()),
                2 => TileGeometry::Lines(paths.into_iter().map(|(p, _)| p).collect()),
                3 => {
                    let mut polygons: Vec<Vec<Vec<TilePoint>>> = Vec::new();
                    for (ring, _) in paths {
                        if ring_area2(&ring) > 0 || polygons.is_empty() {
                            polygons.push(vec![ring]);
                        } else if let Some(p) = polygons.last_mut() {
                            p.push(ring);
                        }
                    }
                    TileGeometry::Polygons(polygons)
                }
                _ => continue,
            };
            features.push(TileFeature {
                id: f.id,
                properties,
                geometry,
            });
        }
        layers.push(TileLayer {
            name: layer.name,
            extent: layer.extent.unwrap_or(EXTENT),
            features,
        });
    }
    Ok(layers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(campanile_testkit::proptest_seed::config())]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn random_commands_never_panic(cmds in proptest::collection::vec(any::<u32>(), 0..60), kind in 0i32..4) {
            let tile = PbTile { layers: vec![PbLayer {
                version: 2,
                name: "x".into(),
                features: vec![PbFeature { id: None, tags: vec![0, 0], r#type: Some(kind), geometry: cmds }],
                keys: vec!["k".into()],
                values: vec![PbValue::default()],
                extent: None,
            }] };
            let _ = decode(&tile.encode_to_vec());
        }
    }

    #[test]
    fn zigzag_round_trips() {
        for v in [0, 1, -1, 2, -2, 4095, -4096, i32::MAX, i32::MIN] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
    }

    #[test]
    fn spec_example_point_and_polygon() {
        // From the MVT 2.1 spec: a point at (25, 17) is [9, 50, 34].
        let (_, g) = encode_geometry(&TileGeometry::Points(vec![[25, 17]])).unwrap();
        assert_eq!(g, vec![9, 50, 34]);
        // Spec polygon (3,6) (8,12) (20,34): [9, 6, 12, 18, 10, 12, 24, 44, 15].
        let (_, g) = encode_geometry(&TileGeometry::Polygons(vec![vec![vec![
            [3, 6],
            [8, 12],
            [20, 34],
        ]]]))
        .unwrap();
        assert_eq!(g, vec![9, 6, 12, 18, 10, 12, 24, 44, 15]);
    }

    #[test]
    fn winding_is_fixed_and_decoded_back() {
        // Counter-clockwise on screen exterior, clockwise hole: both must be reversed.
        let outer = vec![[0, 0], [0, 100], [100, 100], [100, 0]];
        let hole = vec![[10, 10], [50, 10], [50, 50], [10, 50]];
        assert!(ring_area2(&outer) < 0);
        let layer = TileLayer {
            name: "land".into(),
            extent: EXTENT,
            features: vec![TileFeature {
                id: Some(7),
                properties: BTreeMap::from([("name".to_owned(), "x".into())]),
                geometry: TileGeometry::Polygons(vec![vec![outer, hole]]),
            }],
        };
        let back = decode(&encode(&[layer])).unwrap();
        let TileGeometry::Polygons(polys) = &back[0].features[0].geometry else {
            panic!("not a polygon")
        };
        assert_eq!(polys.len(), 1);
        assert_eq!(polys[0].len(), 2);
        assert!(ring_area2(&polys[0][0]) > 0);
        assert!(ring_area2(&polys[0][1]) < 0);
        assert_eq!(back[0].features[0].id, Some(7));
    }
}
