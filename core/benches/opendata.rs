//! Open-data benchmarks on generated POIs (default 1,000,000; `CAMPANILE_BENCH_POIS` to change;
//! `CAMPANILE_BENCH_IMPORT=csv` or `geojson` to import only that file):
//! import rate from CSV and GeoJSON, search-as-you-type latency (p50/p99) for 1–3 letter
//! prefixes, 4–7 letters, whole words and two words (each also near a point), nearest-20 latency (among the places and anywhere in Italy), the
//! same text searches as a `LIKE '%…%'` scan as a ratio, each import's peak resident memory
//! (read whole, and as a stream; the streamed import's reader alone and its nearest-places
//! index alone), the store's size per place, and opening the store to answer a first query.
//! Run with `cargo bench -p campanile-core --bench opendata`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use campanile_core::opendata::db::{self, PoiFilter, SearchQuery};
use campanile_core::opendata::import::{self, ImportOptions};
use campanile_core::opendata::normalize;
use campanile_core::store::Store;
use campanile_testkit::bulk::{self, Rng};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

/// Discards what the reader hands on (the reader's own cost).
struct Discard;

impl normalize::Sink for Discard {
    fn take(&mut self, out: &mut normalize::Normalized) -> bool {
        out.pois.clear();
        out.quarantine.clear();
        true
    }
}

/// One way of importing, timed, with its own peak resident memory: the peak, and how far
/// above the resident memory at its start (what earlier steps left allocated) it went.
struct Run {
    rate: f64,
    peak: String,
}

fn measured<T>(n: u64, f: impl FnOnce() -> T) -> (T, Run) {
    // The step's own peak: the high-water mark is reset first (Linux).
    reset_peak_rss();
    let start = status_kb("VmRSS:");
    let t = Instant::now();
    let out = f();
    let rate = n as f64 / t.elapsed().as_secs_f64();
    let peak = match (status_kb("VmHWM:"), start) {
        (Some(peak), Some(start)) => format!(
            "{:.0} MB (+{:.0} MB)",
            peak as f64 / 1024.0,
            peak.saturating_sub(start) as f64 / 1024.0
        ),
        _ => "unknown".into(),
    };
    (out, Run { rate, peak })
}

/// A `kB` line of /proc/self/status (Linux).
fn status_kb(key: &str) -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|l| l.starts_with(key))?
        .trim_start_matches(key)
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn new_store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("bench.db")).unwrap();
    std::mem::forget(dir);
    store
}

/// Reads the file with the streaming reader alone (its rows discarded), imports it as a
/// stream ([`import::import_file`]), builds the nearest-places index alone, and imports it the
/// old way (its bytes read and normalised whole, then stored), in that order: the first has
/// the cleanest start. Prints each one's rate and peak resident memory; gives the streamed
/// store.
fn time_import(path: &std::path::Path, label: &str, format: &str, n: u64) -> Store {
    let opts = ImportOptions {
        format: Some(format.into()),
        ..Default::default()
    };
    let name = path.file_name().unwrap().to_str().unwrap();
    let ctx = normalize::ResourceContext {
        dataset_id: "bench".into(),
        resource_id: name.into(),
        resource_name: name.into(),
        format: Some(format.into()),
        ..Default::default()
    };
    let (read, reader) = measured(n, || {
        normalize::normalize_file(path, &ctx, &mut Discard, import::BATCH_ROWS).unwrap()
    });
    assert_eq!(read.tally.mapped, n);
    let mut store = new_store();
    let (report, streamed) = measured(n, || import::import_file(&mut store, path, &opts).unwrap());
    assert_eq!(report.applied.inserted, n);
    let (_, near) = measured(n, || db::near::build(store.conn(), 0).unwrap());
    let whole = {
        let mut store = new_store();
        let (report, run) = measured(n, || {
            let bytes = std::fs::read(path).unwrap();
            import::import_bytes(&mut store, name, &bytes, &opts).unwrap()
        });
        assert_eq!(report.applied.inserted, n);
        run
    };
    println!(
        "import {label:<8} streamed: {:>7.0} POIs/s, peak {:>20};  read whole: {:>7.0} POIs/s, peak {:>20}",
        streamed.rate, streamed.peak, whole.rate, whole.peak
    );
    println!(
        "       {label:<8} the streaming reader alone {:>7.0} POIs/s, peak {:>20}; the nearest-places index alone: peak {}",
        reader.rate, reader.peak, near.peak
    );
    store
}

fn main() {
    let n: u64 = std::env::var("CAMPANILE_BENCH_POIS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: keep that quick.
    let n = if std::env::args().any(|a| a == "--bench") {
        n
    } else {
        n.min(20_000)
    };
    let dir = tempfile::tempdir().unwrap();
    let (csv, geojson) = bulk::write_files(dir.path(), "pois", n).unwrap();
    println!("opendata benchmarks on {n} generated POIs");

    // `CAMPANILE_BENCH_IMPORT=csv` or `geojson`: that import only (a process of its own gives
    // each import's memory a clean start).
    let only = std::env::var("CAMPANILE_BENCH_IMPORT").unwrap_or_default();
    let store = match only.as_str() {
        "geojson" => time_import(&geojson, "GeoJSON", "GeoJSON", n),
        "csv" => time_import(&csv, "CSV", "CSV", n),
        _ => {
            drop(time_import(&geojson, "GeoJSON", "GeoJSON", n));
            time_import(&csv, "CSV", "CSV", n)
        }
    };

    let mut rng = Rng(99);
    let words = [
        "chiesa",
        "museo",
        "palazzo",
        "francesco",
        "sibilla",
        "trattoria",
        "garibaldi",
        "duomo",
        "perche",
        "citta",
    ];
    let prefixes: Vec<String> = (0..300)
        .map(|i| {
            let w = rng.pick(&words);
            w.chars().take(1 + i % 3).collect()
        })
        .collect();
    let points: Vec<(f64, f64)> = (0..300)
        .map(|_| (42.8 + rng.unit() * 0.45, 13.3 + rng.unit() * 0.55))
        .collect();

    let run = |label: &str, queries: &[String], near: bool| -> Duration {
        let mut times = Vec::new();
        for (i, q) in queries.iter().enumerate() {
            let query = SearchQuery {
                text: q.clone(),
                near: near.then(|| points[i % points.len()]),
                filter: PoiFilter::default(),
                limit: 20,
            };
            let t = Instant::now();
            let hits = db::search(&store, &query).unwrap();
            times.push(t.elapsed());
            assert!(!hits.is_empty(), "{q} found nothing");
        }
        times.sort();
        let p50 = percentile(&times, 0.5);
        println!(
            "search {label:<28} p50 {:>8}  p99 {:>8}  ({} queries)",
            us(p50),
            us(percentile(&times, 0.99)),
            times.len()
        );
        p50
    };
    let whole: Vec<String> = (0..300)
        .map(|i| words[i % words.len()].to_string())
        .collect();
    for len in 1..=3 {
        let qs: Vec<String> = prefixes
            .iter()
            .filter(|p| p.chars().count() == len)
            .cloned()
            .collect();
        run(&format!("{len}-letter prefix"), &qs, false);
        run(&format!("{len}-letter prefix near a point"), &qs, true);
    }
    let fts_p50 = run("whole word", &whole, false);
    run("whole word near a point", &whole, true);
    // Two words: a kind of place and a name or a comune, as a visitor types them in full.
    let pairs = [
        "chiesa francesco",
        "museo sibilla",
        "trattoria garibaldi",
        "palazzo priori",
        "torre rocca",
        "museo offida",
        "chiesa ripatransone",
        "hotel grottammare",
        "farmacia ascoli",
        "fontana fermo",
    ];
    let two: Vec<String> = (0..300)
        .map(|i| pairs[i % pairs.len()].to_string())
        .collect();
    run("two words", &two, false);
    run("two words near a point", &two, true);
    // Four to seven letters of a word: longer than the prefix indexes.
    let longer: Vec<String> = (0..300)
        .map(|i| {
            let w = words[i % words.len()];
            w.chars().take(4 + i % 4).collect()
        })
        .collect();
    run("4-7 letters", &longer, false);
    run("4-7 letters near a point", &longer, true);

    // Nearest 20 where the places are (the generated ones lie around Fermo and Ascoli), and
    // at random points over all of Italy's box: mountains, empty country, the sea.
    let italy: Vec<(f64, f64)> = (0..300)
        .map(|_| (36.6 + rng.unit() * 10.5, 6.6 + rng.unit() * 11.9))
        .collect();
    for (label, points) in [("among the places", &points), ("anywhere in Italy", &italy)] {
        let mut times = Vec::new();
        for (lat, lon) in points {
            let t = Instant::now();
            let hits = db::nearest(&store, *lat, *lon, 20, &PoiFilter::default()).unwrap();
            times.push(t.elapsed());
            assert_eq!(hits.len(), 20);
        }
        times.sort();
        println!(
            "nearest-20 {label:<24} p50 {:>8}  p99 {:>8}",
            us(percentile(&times, 0.5)),
            us(percentile(&times, 0.99))
        );
    }

    // The same whole-word searches as a LIKE scan of name, address and comune.
    let mut like_times = Vec::new();
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT id, name FROM pois WHERE name_key LIKE ?1 OR address LIKE ?1 OR comune LIKE ?1
             ORDER BY name LIMIT 20",
        )
        .unwrap();
    for w in whole.iter().take(30) {
        let pattern = format!("%{w}%");
        let t = Instant::now();
        let rows: Vec<String> = stmt
            .query_map([&pattern], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        like_times.push(t.elapsed());
        std::hint::black_box(rows);
    }
    drop(stmt);
    like_times.sort();
    let like_p50 = percentile(&like_times, 0.5);
    println!(
        "LIKE '%word%' scan                  p50 {:>8}  → full-text is {:.0}× faster",
        us(like_p50),
        like_p50.as_secs_f64() / fts_p50.as_secs_f64()
    );
    reopen(store, n);
}

/// Resets the peak resident memory to the current one (Linux; elsewhere nothing).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Opens the store afresh and times the first nearest and the first search; prints the size
/// on disk per place.
fn reopen(store: Store, n: u64) {
    let path = store.path().to_path_buf();
    drop(store);
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|ext| std::fs::metadata(format!("{}{ext}", path.display())).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "store on disk: {:.1} MB, {:.0} bytes per place",
        size as f64 / 1e6,
        size as f64 / n as f64
    );
    for first in ["nearest", "search"] {
        let t = Instant::now();
        let store = Store::open(&path).unwrap();
        let hits = if first == "nearest" {
            db::nearest(&store, 43.0, 13.6, 20, &PoiFilter::default()).unwrap()
        } else {
            db::search(
                &store,
                &SearchQuery {
                    text: "chiesa".into(),
                    near: None,
                    filter: PoiFilter::default(),
                    limit: 20,
                },
            )
            .unwrap()
        };
        assert!(!hits.is_empty());
        println!(
            "open the store and answer a first {first:<8} {:>8}",
            us(t.elapsed())
        );
    }
}
