//! From whatever a row carries (lat/lon or x/y columns, a GeoJSON point, a WKT string) to WGS84
//! latitude and longitude inside Italy, or the quarantine reason why not.
//!
//! Rules, in order:
//! 1. a zero in either coordinate (`0`, `0.00000000`) is the "no position" placeholder:
//!    [`QuarantineReason::NullIsland`];
//! 2. values that fit degrees (|a| ≤ 90, |b| ≤ 180) are WGS84 degrees whatever is declared
//!    (no projected coordinate in Italy is that small); if (lat, lon) is outside Italy but
//!    (lon, lat) is inside, the columns were swapped and are swapped back;
//! 3. otherwise they are projected: northing below easting means swapped columns; the CRS is
//!    the declared one (row column > header > GeoJSON `crs` > resource context), else inferred
//!    from the false easting ([`Crs::resolve`]);
//! 4. the result must fall in Italy's bounding box (lat 35.2–47.2, lon 6.5–18.7), else
//!    [`QuarantineReason::OutsideItaly`].

use crate::opendata::QuarantineReason;

use super::crs::{Crs, Projector};
use super::text::parse_number;

pub const LAT_RANGE: std::ops::RangeInclusive<f64> = 35.2..=47.2;
pub const LON_RANGE: std::ops::RangeInclusive<f64> = 6.5..=18.7;

/// Whether a WGS84 point is inside Italy's bounding box.
pub fn in_italy(lat: f64, lon: f64) -> bool {
    LAT_RANGE.contains(&lat) && LON_RANGE.contains(&lon)
}

/// A point written as text: WKT `POINT (x y)` (optionally `SRID=3003;` first, or `POINT Z`),
/// or a `lat, lon` / `lat lon` pair. Returns `((first, second), is_xy_order, srid)`:
/// WKT is x (lon) first, a bare pair is lat first.
pub fn parse_point_text(s: &str) -> Option<((f64, f64), bool, Option<Crs>)> {
    let t = s.trim();
    let (srid, body) = match t.split_once(';') {
        Some((head, rest)) if head.trim().to_ascii_uppercase().starts_with("SRID=") => {
            (Crs::parse(head), rest.trim())
        }
        _ => (None, t),
    };
    let upper_start = body.get(..5).map(str::to_ascii_uppercase);
    if upper_start.as_deref() == Some("POINT") {
        let open = body.find('(')?;
        let close = body.rfind(')')?;
        let inner = body.get(open + 1..close)?.trim();
        let mut it = inner.split_whitespace();
        let x = parse_number(it.next()?)?;
        let y = parse_number(it.next()?)?;
        return Some(((x, y), true, srid));
    }
    if upper_start.as_deref() == Some("MULTI") {
        // MULTIPOINT ((x y), …) or MULTIPOINT (x y, …): the first point.
        let inner = body.get(body.find('(')? + 1..)?;
        let inner = inner.trim_start_matches(['(', ' ']);
        let first = inner.split([',', ')']).next()?;
        let mut it = first.split_whitespace();
        let x = parse_number(it.next()?)?;
        let y = parse_number(it.next()?)?;
        return Some(((x, y), true, srid));
    }
    // `43.12, 13.45` / `43.12,13.45` / `43.12 13.45` / `43,12;13,45` (lat first).
    let body = body.trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']');
    // `43,1605, 13,7181`: decimal commas, the pair split by a comma and a space.
    if let Some((a, b)) = body.split_once(", ")
        && !b.contains(", ")
        && let (Some(a), Some(b)) = (parse_number(a), parse_number(b))
    {
        return Some(((a, b), false, srid));
    }
    let parts: Vec<&str> = if body.contains(';') {
        body.split(';').collect()
    } else if body.matches(',').count() == 1 {
        body.split(',').collect()
    } else {
        body.split_whitespace().collect()
    };
    if parts.len() != 2 {
        return None;
    }
    let a = parse_number(parts[0])?;
    let b = parse_number(parts[1])?;
    Some(((a, b), false, srid))
}

/// Turns a northing/latitude `a` and easting/longitude `b` into WGS84 `(lat, lon)`.
pub fn resolve(
    a: f64,
    b: f64,
    declared: Option<Crs>,
    projector: &mut Projector,
) -> Result<(f64, f64), QuarantineReason> {
    if !a.is_finite() || !b.is_finite() {
        return Err(QuarantineReason::BadCoordinates {
            value: format!("{a}, {b}"),
        });
    }
    if a == 0.0 || b == 0.0 {
        return Err(QuarantineReason::NullIsland);
    }
    let degrees = |v: f64| v.abs() <= 180.0;
    if degrees(a) && degrees(b) {
        return if in_italy(a, b) {
            Ok((a, b))
        } else if in_italy(b, a) {
            Ok((b, a))
        } else {
            Err(QuarantineReason::OutsideItaly { lat: a, lon: b })
        };
    }
    // Projected: Italian northings (3.9M–5.3M) are always larger than eastings.
    let (y, x) = if a < b { (b, a) } else { (a, b) };
    let Some(crs) = Crs::resolve(declared, x, y) else {
        return Err(QuarantineReason::Projection {
            detail: match declared {
                Some(c) => format!("x={x} y={y} cannot be read in EPSG:{}", c.epsg()),
                None => format!("cannot tell the reference system of x={x} y={y}"),
            },
        });
    };
    let (lat, lon) = projector
        .to_wgs84(crs, x, y)
        .map_err(|detail| QuarantineReason::Projection { detail })?;
    if in_italy(lat, lon) {
        Ok((lat, lon))
    } else {
        Err(QuarantineReason::OutsideItaly { lat, lon })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference points: WGS84 degrees and their projected coordinates, computed independently
    /// of proj4rs from the EPSG definitions (Krüger series for Transverse Mercator, the EPSG:1660
    /// position-vector Helmert shift for Monte Mario, EPSG:1133 for ED50; the script is
    /// `reference_points.py` next to this file). (name, lat, lon, [(crs, x, y)])
    type Projected = &'static [(Crs, f64, f64)];
    const REFS: &[(&str, f64, f64, Projected)] = &[
        (
            "Ascoli Piceno",
            42.8536,
            13.5749,
            &[
                (Crs::Utm32, 873_806.78, 4_754_718.82),
                (Crs::Utm33, 383_566.13, 4_745_542.47),
                (Crs::MonteMario1, 1_873_840.43, 4_754_732.07),
                (Crs::MonteMario2, 2_403_572.05, 4_745_554.43),
                (Crs::Ed50Utm33, 383_637.40, 4_745_733.09),
                (Crs::WebMercator, 1_511_150.96, 5_289_714.76),
            ],
        ),
        (
            "Fermo",
            43.1605,
            13.7181,
            &[
                (Crs::Utm33, 395_786.24, 4_779_435.83),
                (Crs::MonteMario2, 2_415_792.49, 4_779_448.39),
            ],
        ),
        (
            "Torino",
            45.0703,
            7.6869,
            &[
                (Crs::Utm32, 396_634.28, 4_991_598.53),
                (Crs::MonteMario1, 1_396_659.86, 4_991_618.23),
            ],
        ),
        (
            "Milano",
            45.4642,
            9.19,
            &[
                (Crs::Utm32, 514_853.50, 5_034_536.80),
                (Crs::MonteMario1, 1_514_881.49, 5_034_556.81),
            ],
        ),
        (
            "Roma",
            41.9028,
            12.4964,
            &[
                (Crs::Utm33, 292_335.31, 4_642_015.50),
                (Crs::MonteMario2, 2_312_339.20, 4_642_025.79),
            ],
        ),
    ];

    /// Distance in metres between two nearby WGS84 points.
    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        let dlat = (a.0 - b.0) * 111_320.0;
        let dlon = (a.1 - b.1) * 111_320.0 * a.0.to_radians().cos();
        (dlat * dlat + dlon * dlon).sqrt()
    }

    #[test]
    fn projected_reference_points_convert_within_a_metre() {
        let mut p = Projector::default();
        for (name, lat, lon, points) in REFS {
            for (crs, x, y) in *points {
                let got = p
                    .to_wgs84(*crs, *x, *y)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                let d = metres(got, (*lat, *lon));
                assert!(d < 1.0, "{name} {crs:?}: {got:?} is {d:.2} m away");
            }
        }
    }

    #[test]
    fn crs_inferred_from_range_and_declared_wins() {
        let mut p = Projector::default();
        // Gauss-Boaga zone 1 (Milano) and zone 2 (Fermo), UTM 32 by convention (Torino).
        for (x, y, want) in [
            (1_514_881.49, 5_034_556.81, (45.4642, 9.19)),
            (2_415_792.49, 4_779_448.39, (43.1605, 13.7181)),
            (396_634.28, 4_991_598.53, (45.0703, 7.6869)),
        ] {
            let got = resolve(y, x, None, &mut p).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(metres(got, want) < 1.0, "{got:?} vs {want:?}");
            // Swapped columns too.
            let got = resolve(x, y, None, &mut p).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(metres(got, want) < 1.0, "{got:?} vs {want:?}");
        }
        // UTM 33 only when declared: Fermo in 33N read as 32N would land in the sea west of Italy.
        let got = resolve(4_779_435.83, 395_786.24, Some(Crs::Utm33), &mut p);
        assert!(got.is_ok_and(|g| metres(g, (43.1605, 13.7181)) < 1.0));
        let wrong = resolve(4_779_435.83, 395_786.24, None, &mut p);
        assert!(wrong.is_ok_and(|g| metres(g, (43.1605, 13.7181)) > 100_000.0));
    }

    #[test]
    fn degrees_swaps_null_island_and_outside() {
        let mut p = Projector::default();
        assert_eq!(
            resolve(42.8536, 13.5749, None, &mut p),
            Ok((42.8536, 13.5749))
        );
        assert_eq!(
            resolve(13.5749, 42.8536, None, &mut p),
            Ok((42.8536, 13.5749))
        );
        // Declared projected but values in degrees: degrees win.
        assert_eq!(
            resolve(42.8536, 13.5749, Some(Crs::MonteMario1), &mut p),
            Ok((42.8536, 13.5749))
        );
        assert_eq!(
            resolve(0.0, 0.0, None, &mut p),
            Err(QuarantineReason::NullIsland)
        );
        assert_eq!(
            resolve(0.0, 13.5, None, &mut p),
            Err(QuarantineReason::NullIsland)
        );
        assert_eq!(
            resolve(48.8566, 2.3522, None, &mut p),
            Err(QuarantineReason::OutsideItaly {
                lat: 48.8566,
                lon: 2.3522
            })
        );
        assert!(matches!(
            resolve(4_000_000.0, 5_000_000.0, None, &mut p),
            Err(QuarantineReason::Projection { .. })
        ));
    }

    #[test]
    fn point_text() {
        assert_eq!(
            parse_point_text("POINT (13.5749 42.8536)"),
            Some(((13.5749, 42.8536), true, None))
        );
        assert_eq!(
            parse_point_text("SRID=3003;POINT(1514881.49 5034556.81)"),
            Some(((1_514_881.49, 5_034_556.81), true, Some(Crs::MonteMario1)))
        );
        assert_eq!(
            parse_point_text("point z (13.5 42.8 120)"),
            Some(((13.5, 42.8), true, None))
        );
        assert_eq!(
            parse_point_text("MULTIPOINT ((13.5 42.8), (14 43))"),
            Some(((13.5, 42.8), true, None))
        );
        assert_eq!(
            parse_point_text("42.8536, 13.5749"),
            Some(((42.8536, 13.5749), false, None))
        );
        assert_eq!(
            parse_point_text("42,8536;13,5749"),
            Some(((42.8536, 13.5749), false, None))
        );
        assert_eq!(
            parse_point_text("42,8536, 13,5749"),
            Some(((42.8536, 13.5749), false, None))
        );
        assert_eq!(parse_point_text("Piazza del Popolo"), None);
    }
}
