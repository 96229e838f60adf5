//! Reading GeoJSON layers for the builder, projected to Web Mercator world coordinates.

use std::collections::BTreeMap;
use std::path::Path;

use geo::Geometry;
use geo::{BoundingRect, Coord, MapCoords, MultiLineString, MultiPoint, MultiPolygon, Rect};

use super::TilesError;
use super::geometry::lonlat_to_world;

/// A feature's geometry reduced to one of the three MVT kinds.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    Points(MultiPoint<f64>),
    Lines(MultiLineString<f64>),
    Polygons(MultiPolygon<f64>),
}

/// One input feature in world coordinates.
#[derive(Debug, Clone)]
pub(crate) struct InputFeature {
    pub id: Option<u64>,
    pub properties: BTreeMap<String, serde_json::Value>,
    pub shape: Shape,
    pub bbox: Rect<f64>,
}

/// What the loaded features of a layer look like, for the `vector_layers` metadata.
#[derive(Debug, Default, Clone)]
pub(crate) struct LayerFields {
    /// Field name → TileJSON type (`String`, `Number`, `Boolean`).
    pub fields: BTreeMap<String, &'static str>,
}

fn project(c: Coord<f64>) -> Coord<f64> {
    let (x, y) = lonlat_to_world(c.x, c.y);
    Coord { x, y }
}

fn split(g: Geometry<f64>, out: &mut Vec<Shape>) {
    match g {
        Geometry::Point(p) => out.push(Shape::Points(MultiPoint(vec![p]))),
        Geometry::MultiPoint(mp) => out.push(Shape::Points(mp)),
        Geometry::Line(l) => out.push(Shape::Lines(MultiLineString(vec![l.into()]))),
        Geometry::LineString(ls) => out.push(Shape::Lines(MultiLineString(vec![ls]))),
        Geometry::MultiLineString(mls) => out.push(Shape::Lines(mls)),
        Geometry::Polygon(p) => out.push(Shape::Polygons(MultiPolygon(vec![p]))),
        Geometry::MultiPolygon(mp) => out.push(Shape::Polygons(mp)),
        Geometry::Rect(r) => out.push(Shape::Polygons(MultiPolygon(vec![r.to_polygon()]))),
        Geometry::Triangle(t) => out.push(Shape::Polygons(MultiPolygon(vec![t.to_polygon()]))),
        Geometry::GeometryCollection(gc) => {
            for g in gc {
                split(g, out);
            }
        }
    }
}

fn shape_bbox(shape: &Shape) -> Option<Rect<f64>> {
    match shape {
        Shape::Points(g) => g.bounding_rect(),
        Shape::Lines(g) => g.bounding_rect(),
        Shape::Polygons(g) => g.bounding_rect(),
    }
}

fn id_of(id: Option<&geojson::feature::Id>) -> Option<u64> {
    match id? {
        geojson::feature::Id::Number(n) => n.as_u64(),
        geojson::feature::Id::String(_) => None,
    }
}

/// Loads every feature of a GeoJSON file (a FeatureCollection, a Feature or a bare geometry).
pub(crate) fn load(path: &Path) -> Result<(Vec<InputFeature>, LayerFields), TilesError> {
    let bad = |detail: String| TilesError::GeoJson {
        path: path.to_owned(),
        detail,
    };
    let text = std::fs::read_to_string(path).map_err(|source| TilesError::Io {
        path: path.to_owned(),
        source,
    })?;
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| bad(format!("not valid GeoJSON: {e}")))?;
    let features: Vec<geojson::Feature> = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc.features,
        geojson::GeoJson::Feature(f) => vec![f],
        geojson::GeoJson::Geometry(g) => vec![geojson::Feature {
            geometry: Some(g),
            ..Default::default()
        }],
    };
    let mut out = Vec::new();
    let mut fields = LayerFields::default();
    for (i, f) in features.into_iter().enumerate() {
        let Some(geometry) = f.geometry else {
            continue;
        };
        let g = Geometry::<f64>::try_from(&geometry.value).map_err(|e| {
            bad(format!(
                "feature {i} has a geometry that cannot be used: {e}"
            ))
        })?;
        let mut properties = BTreeMap::new();
        for (k, v) in f.properties.unwrap_or_default() {
            let kind = match &v {
                serde_json::Value::Null => continue,
                serde_json::Value::Bool(_) => "Boolean",
                serde_json::Value::Number(_) => "Number",
                _ => "String",
            };
            fields.fields.entry(k.clone()).or_insert(kind);
            properties.insert(k, v);
        }
        let id = id_of(f.id.as_ref());
        let mut shapes = Vec::new();
        split(g, &mut shapes);
        for shape in shapes {
            let shape = match shape {
                Shape::Points(g) => Shape::Points(g.map_coords(project)),
                Shape::Lines(g) => Shape::Lines(g.map_coords(project)),
                Shape::Polygons(g) => Shape::Polygons(g.map_coords(project)),
            };
            let Some(bbox) = shape_bbox(&shape) else {
                continue;
            };
            if !(bbox.min().x.is_finite() && bbox.max().y.is_finite()) {
                return Err(bad(format!(
                    "feature {i} has coordinates that are not numbers"
                )));
            }
            out.push(InputFeature {
                id,
                properties: properties.clone(),
                shape,
                bbox,
            });
        }
    }
    tracing::debug!(path = %path.display(), features = out.len(), "loaded GeoJSON layer");
    Ok((out, fields))
}
