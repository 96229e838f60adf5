//! Web Mercator arithmetic: degrees ↔ world coordinates (0..1, y down) ↔ tiles.

use std::f64::consts::PI;

/// The latitude limit of Web Mercator.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;

/// Longitude/latitude in degrees → world coordinates, both in `0..=1`, y growing southwards.
pub fn lonlat_to_world(lon: f64, lat: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0;
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0;
    (x, y)
}

/// World coordinates → longitude/latitude in degrees.
pub fn world_to_lonlat(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lon, lat)
}

/// The tile containing a point at zoom `z` (clamped to the grid).
pub fn tile_for(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let (x, y) = lonlat_to_world(lon, lat);
    let n = (1u64 << z) as f64;
    let clamp = |v: f64| (v * n).floor().clamp(0.0, n - 1.0) as u32;
    (clamp(x), clamp(y))
}

/// The tile range `(x0, y0, x1, y1)` (inclusive) covering a `[west, south, east, north]`
/// box at zoom `z`.
pub fn tile_range(bbox: [f64; 4], z: u8) -> (u32, u32, u32, u32) {
    let (x0, y0) = tile_for(bbox[0], bbox[3], z);
    let (x1, y1) = tile_for(bbox[2], bbox[1], z);
    (x0, y0, x1, y1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascoli_piceno_tile_at_zoom_10() {
        // 13.5749 E, 42.8536 N: x = floor((13.5749 + 180) / 360 * 1024) = 550.
        let (x, y) = tile_for(13.5749, 42.8536, 10);
        assert_eq!(x, 550);
        assert_eq!(y, 376);
        let (lon, lat) = world_to_lonlat(
            lonlat_to_world(13.5749, 42.8536).0,
            lonlat_to_world(13.5749, 42.8536).1,
        );
        assert!((lon - 13.5749).abs() < 1e-9 && (lat - 42.8536).abs() < 1e-9);
    }
}
