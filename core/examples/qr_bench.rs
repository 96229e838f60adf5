//! QR decoding from photos, side by side with `zbarimg` (Debian package `zbar-tools`) on the
//! same images: decode rate and time per image, by frame size and degradation.
//!
//! ```text
//! cargo run --release -p campanile-core --example qr_bench -- [--per N] [--frames 1080p,12MP]
//!     [--engines rxing,rqrr] [--keep DIR]
//! ```
//!
//! The images (JPEG, as cameras write them) go to a temporary folder (or `--keep DIR`). Our
//! time includes reading and decoding the file, like zbarimg's; zbarimg's also includes
//! starting its process, so its figure is also shown without that start-up cost (measured on a
//! 1×1 image and subtracted).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/notice_photos.rs"]
mod notice_photos;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use campanile_core::pagopa::scan::{self, ScanEngine, ScanOptions};
use notice_photos::{Degradation, FULL_HD, Frame, Rng, TWELVE_MP, photo, random_payload};

struct Image {
    frame: &'static str,
    degradation: String,
    path: PathBuf,
    payloads: Vec<String>,
}

#[derive(Default, Clone)]
struct Tally {
    images: u32,
    decoded: u32,
    time: Duration,
}

impl Tally {
    fn add(&mut self, ok: bool, t: Duration) {
        self.images += 1;
        self.decoded += u32::from(ok);
        self.time += t;
    }
    fn rate(&self) -> f64 {
        f64::from(self.decoded) * 100.0 / f64::from(self.images.max(1))
    }
    fn ms(&self) -> f64 {
        self.time.as_secs_f64() * 1000.0 / f64::from(self.images.max(1))
    }
}

fn zbar(path: &Path) -> Option<(Vec<String>, Duration)> {
    let start = Instant::now();
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(path)
        .output()
        .ok()?;
    let t = start.elapsed();
    let text = String::from_utf8_lossy(&out.stdout);
    Some((text.lines().map(str::to_string).collect(), t))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let per: usize = arg("--per").and_then(|v| v.parse().ok()).unwrap_or(4);
    let frames: Vec<Frame> = arg("--frames")
        .unwrap_or_else(|| "1080p,12MP".into())
        .split(',')
        .filter_map(|f| match f {
            "1080p" => Some(FULL_HD),
            "12MP" => Some(TWELVE_MP),
            _ => None,
        })
        .collect();
    let engines: Vec<ScanEngine> = arg("--engines")
        .unwrap_or_else(|| "rxing,rqrr".into())
        .split(',')
        .filter_map(|e| match e {
            "rxing" => Some(ScanEngine::Rxing),
            "rqrr" => Some(ScanEngine::Rqrr),
            _ => None,
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let dir = arg("--keep")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();

    let have_zbar = Command::new("zbarimg").arg("--version").output().is_ok();
    if !have_zbar {
        eprintln!("zbarimg not found (apt-get install zbar-tools): its columns stay empty");
    }

    // Make the images.
    let mut images = Vec::new();
    let mut rng = Rng::new(2026);
    let t = Instant::now();
    for frame in &frames {
        for (d, deg) in Degradation::all().into_iter().enumerate() {
            for i in 0..per {
                let n = if i == 0 && deg == Degradation::Clean {
                    2
                } else {
                    1
                };
                let payloads: Vec<String> = (0..n).map(|_| random_payload(&mut rng)).collect();
                let seed = (d * 1000 + i) as u64 + u64::from(frame.width);
                let p = photo(&payloads, *frame, deg, seed);
                let path = dir.join(format!("{}-{d:02}-{i:02}.{}", frame.name, p.extension));
                std::fs::write(&path, &p.bytes).unwrap();
                images.push(Image {
                    frame: frame.name,
                    degradation: deg.name(),
                    path,
                    payloads,
                });
            }
        }
    }
    eprintln!(
        "{} images written to {} in {:.1} s",
        images.len(),
        dir.display(),
        t.elapsed().as_secs_f64()
    );

    // zbarimg's start-up cost, on a blank image of the same kind.
    let blank = dir.join("blank.png");
    std::fs::write(
        &blank,
        notice_photos::png(&image::GrayImage::from_pixel(1, 1, image::Luma([255]))),
    )
    .unwrap();
    let startup = if have_zbar {
        let runs = 5;
        let total: Duration = (0..runs).filter_map(|_| zbar(&blank).map(|(_, t)| t)).sum();
        total / runs
    } else {
        Duration::ZERO
    };

    // (frame, degradation) → tallies; "all" rows per frame.
    let mut ours: BTreeMap<(ScanEngine, String, String), Tally> = BTreeMap::new();
    let mut theirs: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let keys = |img: &Image| {
        [
            (img.frame.to_string(), img.degradation.clone()),
            (img.frame.to_string(), "ALL".to_string()),
        ]
    };
    for img in &images {
        for &engine in &engines {
            let options = ScanOptions {
                engine,
                ..ScanOptions::default()
            };
            let start = Instant::now();
            let result = scan::scan_file(&img.path, &options);
            let t = start.elapsed();
            let ok = result.is_ok_and(|r| {
                img.payloads
                    .iter()
                    .all(|p| r.found.iter().any(|f| &f.text == p && f.notice.is_some()))
            });
            for (f, d) in keys(img) {
                ours.entry((engine, f, d)).or_default().add(ok, t);
            }
        }
        if have_zbar && let Some((lines, t)) = zbar(&img.path) {
            let ok = img.payloads.iter().all(|p| lines.iter().any(|l| l == p));
            for k in keys(img) {
                theirs.entry(k).or_default().add(ok, t);
            }
        }
    }

    println!(
        "zbarimg start-up (1×1 PNG): {:.1} ms, subtracted in the 'zbar net' column",
        startup.as_secs_f64() * 1000.0
    );
    print!("{:<6} {:<16} {:>4}", "frame", "degradation", "n");
    for e in &engines {
        print!(" | {:>7} {:>9}", format!("{e:?}"), "ms");
    }
    println!(
        " | {:>7} {:>9} {:>9} | {:>10}",
        "zbar", "ms", "net ms", "time ratio"
    );
    let mut rows: Vec<(String, String)> = theirs.keys().cloned().collect();
    if rows.is_empty() {
        rows = ours
            .keys()
            .map(|(_, f, d)| (f.clone(), d.clone()))
            .collect();
        rows.dedup();
    }
    for (f, d) in rows {
        let z = theirs
            .get(&(f.clone(), d.clone()))
            .cloned()
            .unwrap_or_default();
        let first = ours
            .get(&(engines[0], f.clone(), d.clone()))
            .cloned()
            .unwrap_or_default();
        print!("{f:<6} {d:<16} {:>4}", first.images);
        for &e in &engines {
            let o = ours
                .get(&(e, f.clone(), d.clone()))
                .cloned()
                .unwrap_or_default();
            print!(" | {:>6.0}% {:>9.1}", o.rate(), o.ms());
        }
        let net = (z.ms() - startup.as_secs_f64() * 1000.0).max(0.0);
        let ratio = if z.ms() > 0.0 {
            first.ms() / z.ms()
        } else {
            0.0
        };
        println!(
            " | {:>6.0}% {:>9.1} {:>9.1} | {:>9.2}x",
            z.rate(),
            z.ms(),
            net,
            ratio
        );
    }
    println!(
        "time ratio = {:?} ms per image / zbarimg ms per image (process included); below 1 is faster",
        engines[0]
    );
}
