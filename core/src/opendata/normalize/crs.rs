//! Coordinate reference systems Italian portals publish, and their conversion to WGS84 with
//! proj4rs.
//!
//! Definitions are the EPSG ones as PROJ writes them; the datum shifts are the EPSG
//! transformations PROJ picks by default for Italy:
//! - Monte Mario (EPSG:3003 / 3004, "Gauss-Boaga"): International 1924 ellipsoid,
//!   `+towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68` (EPSG:1660, Italy mainland, ~3–4 m).
//! - ED50 (EPSG:23032 / 23033): `+towgs84=-87,-98,-121` (EPSG:1133, ~5–10 m).
//! - WGS84 / ETRS89 / RDN2008 UTM (32632/32633, 25832/25833, 6707/6708): treated as WGS84
//!   (they differ by well under a metre).

use proj4rs::proj::Proj;

/// A reference system the normaliser can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Crs {
    /// Geographic degrees (EPSG:4326 and its practical equivalents 4258, 6706).
    Wgs84,
    /// UTM zone 32N on WGS84 / ETRS89 / RDN2008 (EPSG:32632, 25832, 6707).
    Utm32,
    /// UTM zone 33N on WGS84 / ETRS89 / RDN2008 (EPSG:32633, 25833, 6708).
    Utm33,
    /// ED50 / UTM zone 32N (EPSG:23032).
    Ed50Utm32,
    /// ED50 / UTM zone 33N (EPSG:23033).
    Ed50Utm33,
    /// Monte Mario / Italy zone 1, Gauss-Boaga "fuso Ovest" (EPSG:3003).
    MonteMario1,
    /// Monte Mario / Italy zone 2, Gauss-Boaga "fuso Est" (EPSG:3004).
    MonteMario2,
    /// Web Mercator (EPSG:3857).
    WebMercator,
    /// "UTM" declared without a zone: zone 32 (the national convention, extended zone).
    UtmUnknownZone,
    /// "Gauss-Boaga" declared without a zone: zone from the false easting.
    GaussBoagaUnknownZone,
}

impl Crs {
    /// Reads a declared reference system: `EPSG:3003`, `urn:ogc:def:crs:EPSG::32633`, `3004`,
    /// `WGS84 UTM 33N`, `Gauss-Boaga fuso Est`, `Monte Mario`, `ED50 UTM32`, `CRS84` …
    pub fn parse(s: &str) -> Option<Crs> {
        let folded = super::text::fold_key(s);
        if folded.is_empty() {
            return None;
        }
        // A known EPSG code anywhere in the text.
        let mut digits = String::new();
        let mut codes = Vec::new();
        for c in folded.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !digits.is_empty() {
                codes.push(std::mem::take(&mut digits));
            }
        }
        for code in &codes {
            if let Some(crs) = code.parse::<u32>().ok().and_then(Crs::from_epsg) {
                return Some(crs);
            }
        }
        let has = |w: &str| folded.contains(w);
        if has("utm") {
            let zone33 = codes.iter().any(|c| c == "33");
            return Some(match (has("ed50"), zone33) {
                (true, true) => Crs::Ed50Utm33,
                (true, false) => Crs::Ed50Utm32,
                (false, true) => Crs::Utm33,
                (false, false) if codes.iter().any(|c| c == "32") => Crs::Utm32,
                (false, false) => Crs::UtmUnknownZone,
            });
        }
        if has("gaussboaga") || has("montemario") || folded == "gb" || has("romane40") {
            return Some(
                if has("ovest") || has("west") || codes.iter().any(|c| c == "1") {
                    Crs::MonteMario1
                } else if has("est") || has("east") || codes.iter().any(|c| c == "2") {
                    Crs::MonteMario2
                } else {
                    Crs::GaussBoagaUnknownZone
                },
            );
        }
        if has("mercator") {
            return Some(Crs::WebMercator);
        }
        if has("wgs84") || has("crs84") || has("etrs89") || has("wgs1984") {
            return Some(Crs::Wgs84);
        }
        None
    }

    /// The reference system of an EPSG code, if supported.
    pub fn from_epsg(code: u32) -> Option<Crs> {
        Some(match code {
            4326 | 4258 | 6706 | 4979 => Crs::Wgs84,
            32632 | 25832 | 6707 | 3044 | 7791 => Crs::Utm32,
            32633 | 25833 | 6708 | 3045 | 7792 => Crs::Utm33,
            23032 => Crs::Ed50Utm32,
            23033 => Crs::Ed50Utm33,
            3003 | 26591 => Crs::MonteMario1,
            3004 | 26592 => Crs::MonteMario2,
            3857 | 900913 | 3785 | 102100 | 102113 => Crs::WebMercator,
            _ => return None,
        })
    }

    /// Whether coordinates in this system are degrees.
    pub fn is_geographic(self) -> bool {
        self == Crs::Wgs84
    }

    /// Picks the zone of a zone-less declaration (or of no declaration at all, `None`) from the
    /// values: the false eastings of Italian systems do not overlap.
    /// - x < 1,300,000 with y in 3.9M–5.3M → UTM 32N (extended zone, the national convention);
    /// - 1.3M ≤ x < 2.1M → Monte Mario zone 1 (EPSG:3003);
    /// - 2.1M ≤ x < 3.0M → Monte Mario zone 2 (EPSG:3004).
    pub fn resolve(declared: Option<Crs>, x: f64, y: f64) -> Option<Crs> {
        let northing_ok = (3_900_000.0..=5_300_000.0).contains(&y);
        let by_range = || {
            if !northing_ok {
                None
            } else if (0.0..1_300_000.0).contains(&x) {
                Some(Crs::Utm32)
            } else if (1_300_000.0..2_100_000.0).contains(&x) {
                Some(Crs::MonteMario1)
            } else if (2_100_000.0..3_000_000.0).contains(&x) {
                Some(Crs::MonteMario2)
            } else {
                None
            }
        };
        match declared {
            None | Some(Crs::Wgs84) => by_range(),
            Some(Crs::UtmUnknownZone) => Some(Crs::Utm32),
            Some(Crs::GaussBoagaUnknownZone) => match by_range() {
                Some(Crs::MonteMario2) => Some(Crs::MonteMario2),
                _ => Some(Crs::MonteMario1),
            },
            Some(other) => Some(other),
        }
    }

    fn proj_string(self) -> &'static str {
        match self {
            Crs::Wgs84 => "+proj=longlat +datum=WGS84 +no_defs",
            Crs::Utm32 | Crs::UtmUnknownZone => "+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs",
            Crs::Utm33 => "+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs",
            Crs::Ed50Utm32 => {
                "+proj=utm +zone=32 +ellps=intl +towgs84=-87,-98,-121,0,0,0,0 +units=m +no_defs"
            }
            Crs::Ed50Utm33 => {
                "+proj=utm +zone=33 +ellps=intl +towgs84=-87,-98,-121,0,0,0,0 +units=m +no_defs"
            }
            Crs::MonteMario1 | Crs::GaussBoagaUnknownZone => {
                "+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=1500000 +y_0=0 +ellps=intl +towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68 +units=m +no_defs"
            }
            Crs::MonteMario2 => {
                "+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=2520000 +y_0=0 +ellps=intl +towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68 +units=m +no_defs"
            }
            Crs::WebMercator => {
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs"
            }
        }
    }

    /// EPSG code, for messages.
    pub fn epsg(self) -> u32 {
        match self {
            Crs::Wgs84 => 4326,
            Crs::Utm32 | Crs::UtmUnknownZone => 32632,
            Crs::Utm33 => 32633,
            Crs::Ed50Utm32 => 23032,
            Crs::Ed50Utm33 => 23033,
            Crs::MonteMario1 | Crs::GaussBoagaUnknownZone => 3003,
            Crs::MonteMario2 => 3004,
            Crs::WebMercator => 3857,
        }
    }
}

/// Converts projected coordinates to WGS84, building each proj4rs definition once per resource.
#[derive(Default)]
pub struct Projector {
    wgs84: Option<Proj>,
    cache: Vec<(Crs, Proj)>,
}

impl Projector {
    /// `(x, y)` in `crs` → `(lat, lon)` WGS84 degrees.
    pub fn to_wgs84(&mut self, crs: Crs, x: f64, y: f64) -> Result<(f64, f64), String> {
        if crs.is_geographic() {
            return Ok((y, x));
        }
        if self.wgs84.is_none() {
            self.wgs84 = Some(
                Proj::from_proj_string(Crs::Wgs84.proj_string())
                    .map_err(|e| format!("WGS84 definition: {e}"))?,
            );
        }
        if !self.cache.iter().any(|(c, _)| *c == crs) {
            let proj = Proj::from_proj_string(crs.proj_string())
                .map_err(|e| format!("EPSG:{} definition: {e}", crs.epsg()))?;
            self.cache.push((crs, proj));
        }
        let (Some(dst), Some((_, src))) = (&self.wgs84, self.cache.iter().find(|(c, _)| *c == crs))
        else {
            return Err(format!("EPSG:{} not available", crs.epsg()));
        };
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(src, dst, &mut p)
            .map_err(|e| format!("EPSG:{} x={x} y={y}: {e}", crs.epsg()))?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        if lat.is_finite() && lon.is_finite() {
            Ok((lat, lon))
        } else {
            Err(format!("EPSG:{} x={x} y={y}: no result", crs.epsg()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_declarations() {
        let cases = [
            ("EPSG:3003", Crs::MonteMario1),
            ("urn:ogc:def:crs:EPSG::3004", Crs::MonteMario2),
            ("32633", Crs::Utm33),
            ("EPSG:25832", Crs::Utm32),
            ("WGS84 UTM 33N", Crs::Utm33),
            ("UTM32", Crs::Utm32),
            ("utm", Crs::UtmUnknownZone),
            ("ED50 UTM 33", Crs::Ed50Utm33),
            ("Gauss-Boaga fuso Est", Crs::MonteMario2),
            ("Gauss Boaga Ovest", Crs::MonteMario1),
            ("Monte Mario", Crs::GaussBoagaUnknownZone),
            ("urn:ogc:def:crs:OGC:1.3:CRS84", Crs::Wgs84),
            ("EPSG:4326", Crs::Wgs84),
            ("EPSG:3857", Crs::WebMercator),
        ];
        for (s, want) in cases {
            assert_eq!(Crs::parse(s), Some(want), "{s}");
        }
        assert_eq!(Crs::parse("EPSG:2154"), None);
        assert_eq!(Crs::parse(""), None);
    }

    #[test]
    fn resolves_by_range() {
        assert_eq!(Crs::resolve(None, 395_000.0, 4_930_000.0), Some(Crs::Utm32));
        assert_eq!(
            Crs::resolve(None, 1_510_000.0, 5_035_000.0),
            Some(Crs::MonteMario1)
        );
        assert_eq!(
            Crs::resolve(None, 2_380_000.0, 4_745_000.0),
            Some(Crs::MonteMario2)
        );
        assert_eq!(Crs::resolve(None, 3_500_000.0, 4_745_000.0), None);
        assert_eq!(Crs::resolve(None, 395_000.0, 6_930_000.0), None);
        assert_eq!(
            Crs::resolve(Some(Crs::Utm33), 395_000.0, 4_745_000.0),
            Some(Crs::Utm33)
        );
        assert_eq!(
            Crs::resolve(Some(Crs::GaussBoagaUnknownZone), 2_380_000.0, 4_745_000.0),
            Some(Crs::MonteMario2)
        );
    }
}
