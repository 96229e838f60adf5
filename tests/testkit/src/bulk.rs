//! Large generated datasets for benchmarks and the kill test: plausible Italian place names
//! spread over the Piceno and Fermano, deterministic for a given seed.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::sample::COMUNI;

const KINDS: &[(&str, &str)] = &[
    ("Chiesa di", "chiesa"),
    ("Museo", "museo"),
    ("Palazzo", "monumento"),
    ("Hotel", "albergo"),
    ("B&B", "b&b"),
    ("Agriturismo", "agriturismo"),
    ("Ristorante", "ristorante"),
    ("Trattoria", "trattoria"),
    ("Farmacia", "farmacia"),
    ("Scuola", "scuola"),
    ("Palestra", "palestra"),
    ("Fermata", "fermata"),
    ("Torre", "monumento"),
    ("Fontana", "attrazione"),
    ("Bottega", "negozio"),
];
#[rustfmt::skip] // a data table: one entry a line reads best
const NAMES: &[&str] = &[
    "San Francesco", "Sant'Agostino", "Santa Maria", "San Rocco", "San Giovanni", "Città",
    "del Duomo", "dei Priori", "della Rocca", "Belvedere", "del Mare", "dei Monti Sibillini",
    "Perché No", "Vittoria", "Garibaldi", "Mazzini", "Crivelli", "Licini", "Aquila", "Sibilla",
    "Tronto", "Aso", "Tenna", "Ete", "Fiastra", "Castellano", "Malatesta", "Capitani", "Arengo",
    "Borgo", "Cavour", "Verdi", "Leopardi", "Marconi", "Colle", "Fonte", "Pineta", "Uliveto",
];

/// A deterministic xorshift generator.
pub struct Rng(pub u64);
impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() % 1_000_000_007) as f64 / 1_000_000_007.0
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next_u64() % v.len() as u64) as usize]
    }
}

/// One generated place.
pub struct Place {
    pub id: u64,
    pub name: String,
    pub kind: &'static str,
    pub address: String,
    pub comune: &'static str,
    pub istat: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// `n` places from `seed`; `version` changes every name (a "new version" of the same dataset).
pub fn places(n: u64, seed: u64, version: u32) -> impl Iterator<Item = Place> {
    let mut rng = Rng(seed.max(1));
    (0..n).map(move |id| {
        let (prefix, kind) = *rng.pick(KINDS);
        let name = *rng.pick(NAMES);
        let c = rng.pick(COMUNI);
        let lat = c.3 + (rng.unit() - 0.5) * 0.08;
        let lon = c.4 + (rng.unit() - 0.5) * 0.10;
        let street = *rng.pick(NAMES);
        Place {
            id,
            name: if version == 0 {
                format!("{prefix} {name} {id}")
            } else {
                format!("{prefix} {name} {id} v{version}")
            },
            kind,
            address: format!("Via {street} {}", 1 + id % 97),
            comune: c.1,
            istat: c.0,
            lat,
            lon,
        }
    })
}

/// Writes places as a `;` CSV with Italian headers and comma decimals.
pub fn write_csv(w: &mut impl Write, n: u64, seed: u64, version: u32) -> std::io::Result<()> {
    writeln!(
        w,
        "id;denominazione;tipologia;indirizzo;comune;codice_istat;latitudine;longitudine"
    )?;
    for p in places(n, seed, version) {
        writeln!(
            w,
            "{};{};{};{};{};{};{};{}",
            p.id,
            p.name,
            p.kind,
            p.address,
            p.comune,
            p.istat,
            format!("{:.6}", p.lat).replace('.', ","),
            format!("{:.6}", p.lon).replace('.', ",")
        )?;
    }
    Ok(())
}

/// Writes places as a GeoJSON FeatureCollection of points.
pub fn write_geojson(w: &mut impl Write, n: u64, seed: u64, version: u32) -> std::io::Result<()> {
    write!(w, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (i, p) in places(n, seed, version).enumerate() {
        if i > 0 {
            write!(w, ",")?;
        }
        let props = serde_json::json!({
            "id": p.id, "name": p.name, "tipologia": p.kind, "indirizzo": p.address,
            "comune": p.comune, "codice_istat": p.istat,
        });
        write!(
            w,
            "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{:.6},{:.6}]}},\"properties\":{}}}",
            p.lon, p.lat, props
        )?;
    }
    write!(w, "]}}")?;
    Ok(())
}

/// Writes `n` places (seed 7, first version) as `<stem>.csv` and `<stem>.geojson` in `dir`;
/// returns the two paths.
pub fn write_files(dir: &Path, stem: &str, n: u64) -> std::io::Result<(PathBuf, PathBuf)> {
    let csv = dir.join(format!("{stem}.csv"));
    let geojson = dir.join(format!("{stem}.geojson"));
    let mut w = BufWriter::new(std::fs::File::create(&csv)?);
    write_csv(&mut w, n, 7, 0)?;
    w.flush()?;
    let mut w = BufWriter::new(std::fs::File::create(&geojson)?);
    write_geojson(&mut w, n, 7, 0)?;
    w.flush()?;
    Ok((csv, geojson))
}
