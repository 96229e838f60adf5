//! GeoJSON geometries → one representative point.
//!
//! - `Point`: the point.
//! - `MultiPoint`: the first point.
//! - `LineString`: its middle vertex (index `len / 2`), which lies on the line;
//!   `MultiLineString`: the middle vertex of its first line.
//! - `Polygon`: the area-weighted centroid of its exterior ring (the mean of its vertices when
//!   the ring has no area); `MultiPolygon`: that of its largest exterior ring. A centroid can
//!   fall outside a strongly concave shape; for the size of a POI's footprint that is fine.
//! - `GeometryCollection`: the first member that yields a point.
//!
//! Points are `(x, y)` in the geometry's reference system (lon, lat for standard GeoJSON).

use super::jvalue::{JVal, Members, get};

use super::text::parse_number;

/// The geometry types GeoJSON defines.
pub fn is_geometry_type(t: &str) -> bool {
    matches!(
        t,
        "Point"
            | "MultiPoint"
            | "LineString"
            | "MultiLineString"
            | "Polygon"
            | "MultiPolygon"
            | "GeometryCollection"
    )
}

/// Whether an object looks like a GeoJSON geometry.
pub fn looks_like_geometry(obj: &Members<'_>) -> bool {
    get(obj, "type")
        .and_then(JVal::as_str)
        .is_some_and(is_geometry_type)
        && (get(obj, "coordinates").is_some() || get(obj, "geometries").is_some())
}

/// A position `[x, y, …]`; numbers written as strings are accepted too.
pub fn position(v: &JVal<'_>) -> Option<(f64, f64)> {
    position_of(v.as_array()?)
}

/// A position given as the array's items.
pub fn position_of(a: &[JVal<'_>]) -> Option<(f64, f64)> {
    if a.len() < 2 {
        return None;
    }
    let num = |v: &JVal<'_>| match v {
        JVal::Num(n) => Some(*n),
        JVal::Str(s) => parse_number(s),
        _ => None,
    };
    Some((num(&a[0])?, num(&a[1])?))
}

fn positions(v: &JVal<'_>) -> Option<Vec<(f64, f64)>> {
    v.as_array()?.iter().map(position).collect()
}

/// Signed area and centroid of a ring.
fn ring_centroid(ring: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    if ring.is_empty() {
        return None;
    }
    // Work relative to the first vertex for precision with projected coordinates.
    let (ox, oy) = ring[0];
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let (x0, y0) = (w[0].0 - ox, w[0].1 - oy);
        let (x1, y1) = (w[1].0 - ox, w[1].1 - oy);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if a.abs() < f64::EPSILON * 1e3 {
        let n = ring.len() as f64;
        let (sx, sy) = ring
            .iter()
            .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
        return Some((0.0, sx / n, sy / n));
    }
    Some((a.abs() / 2.0, ox + cx / (3.0 * a), oy + cy / (3.0 * a)))
}

/// The representative point of a geometry object (see the module rules).
pub fn representative_point(geom: &JVal<'_>) -> Option<(f64, f64)> {
    representative_point_of(geom.as_object()?)
}

/// [`representative_point`] of a geometry object's members.
pub fn representative_point_of(obj: &Members<'_>) -> Option<(f64, f64)> {
    let kind = get(obj, "type")?.as_str()?;
    let coords = get(obj, "coordinates");
    match kind {
        "Point" => position(coords?),
        "MultiPoint" => position(coords?.as_array()?.first()?),
        "LineString" => {
            let line = coords?.as_array()?;
            position(line.get(line.len() / 2)?)
        }
        "MultiLineString" => {
            let line = coords?.as_array()?.first()?.as_array()?;
            position(line.get(line.len() / 2)?)
        }
        "Polygon" => {
            let ring = positions(coords?.as_array()?.first()?)?;
            ring_centroid(&ring).map(|(_, x, y)| (x, y))
        }
        "MultiPolygon" => coords?
            .as_array()?
            .iter()
            .filter_map(|poly| {
                let ring = positions(poly.as_array()?.first()?)?;
                ring_centroid(&ring)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, x, y)| (x, y)),
        "GeometryCollection" => get(obj, "geometries")?
            .as_array()?
            .iter()
            .find_map(representative_point),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(text: &str) -> JVal<'_> {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn points_and_lines() {
        let p = j(r#"{"type": "Point", "coordinates": [13.5749, 42.8536]}"#);
        assert_eq!(representative_point(&p), Some((13.5749, 42.8536)));
        let p = j(r#"{"type": "Point", "coordinates": ["13,5749", "42,8536"]}"#);
        assert_eq!(representative_point(&p), Some((13.5749, 42.8536)));
        let mp = j(r#"{"type": "MultiPoint", "coordinates": [[1.0, 2.0], [3.0, 4.0]]}"#);
        assert_eq!(representative_point(&mp), Some((1.0, 2.0)));
        let l = j(r#"{"type": "LineString", "coordinates": [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]}"#);
        assert_eq!(representative_point(&l), Some((1.0, 1.0)));
        let empty = j(r#"{"type": "Point", "coordinates": []}"#);
        assert_eq!(representative_point(&empty), None);
        assert_eq!(representative_point(&JVal::Null), None);
    }

    #[test]
    fn polygon_centroids() {
        let sq = j(
            r#"{"type": "Polygon", "coordinates": [[[10.0, 40.0], [12.0, 40.0], [12.0, 42.0], [10.0, 42.0], [10.0, 40.0]]]}"#,
        );
        let c = representative_point(&sq).unwrap_or_default();
        assert!(close(c, (11.0, 41.0)), "{c:?}");
        // An L shape: the area-weighted centroid, not the vertex mean.
        let l = j(
            r#"{"type": "Polygon", "coordinates": [[[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0], [1.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]}"#,
        );
        let c = representative_point(&l).unwrap_or_default();
        assert!(close(c, (5.0 / 6.0, 5.0 / 6.0)), "{c:?}");
        let multi = j(r#"{"type": "MultiPolygon", "coordinates": [
            [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]],
            [[[10.0, 10.0], [14.0, 10.0], [14.0, 14.0], [10.0, 14.0], [10.0, 10.0]]]
        ]}"#);
        let c = representative_point(&multi).unwrap_or_default();
        assert!(close(c, (12.0, 12.0)), "{c:?}");
        let gc = j(
            r#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [5.0, 6.0]}]}"#,
        );
        assert_eq!(representative_point(&gc), Some((5.0, 6.0)));
    }
}
