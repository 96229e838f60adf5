//! Notice QR codes read from photos the project makes itself (see `support/notice_photos.rs`):
//! 1080p webcam frames of a printed notice, degraded in ten ways; the decode rate of each
//! degradation is asserted. The 12 MP photos are in the `qr_bench` example (too slow for
//! debug-mode tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/notice_photos.rs"]
mod notice_photos;

use campanile_core::pagopa::scan::{self, ScanEngine, ScanOptions};
use notice_photos::{Degradation, FULL_HD, Rng, TWELVE_MP, photo, random_payload};

/// Images per degradation (debug builds are slow: keep it modest).
const PER_DEGRADATION: usize = 2;

fn decoded(payloads: &[String], bytes: &[u8], engine: ScanEngine) -> bool {
    let options = ScanOptions {
        engine,
        ..ScanOptions::default()
    };
    let result = scan::scan_bytes(bytes, &options).unwrap();
    payloads.iter().all(|p| {
        result
            .found
            .iter()
            .any(|f| &f.text == p && f.notice.is_some())
    })
}

#[test]
fn degraded_1080p_photos_are_decoded() {
    let mut rng = Rng::new(4);
    let degradations = Degradation::all();
    let jobs: Vec<(usize, usize, Vec<String>)> = (0..degradations.len())
        .flat_map(|d| (0..PER_DEGRADATION).map(move |i| (d, i)))
        .map(|(d, i)| (d, i, vec![random_payload(&mut rng)]))
        .collect();
    // Two workers: making and decoding 1080p photos is slow in a debug build.
    let results: Vec<(usize, bool)> = std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2))
            .map(|chunk| {
                let degradations = &degradations;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(d, i, payloads)| {
                            let p =
                                photo(payloads, FULL_HD, degradations[*d], (d * 100 + i) as u64);
                            let ok = decoded(payloads, &p.bytes, ScanEngine::Rxing);
                            if !ok && let Ok(dir) = std::env::var("CAMPANILE_KEEP_FAILED") {
                                std::fs::write(format!("{dir}/failed-{d:02}-{i}.jpg"), &p.bytes)
                                    .unwrap();
                            }
                            (*d, ok)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for (d, degradation) in degradations.iter().enumerate() {
        let ok = results.iter().filter(|(rd, ok)| *rd == d && *ok).count();
        report.push(format!("{}: {ok}/{PER_DEGRADATION}", degradation.name()));
        // Every degradation of the set is one a phone or webcam produces on a notice that a
        // person can still read: all must decode (the release benchmark measures more).
        if ok < PER_DEGRADATION {
            failures.push(degradation.name());
        }
    }
    println!("1080p decode rate per degradation: {}", report.join(", "));
    assert!(
        failures.is_empty(),
        "below the rate: {failures:?}\n{report:?}"
    );
}

#[test]
fn every_code_of_a_notice_with_instalments_is_found() {
    let mut rng = Rng::new(11);
    let payloads: Vec<String> = (0..3).map(|_| random_payload(&mut rng)).collect();
    let p = photo(&payloads, FULL_HD, Degradation::Clean, 99);
    let result = scan::scan_bytes(&p.bytes, &ScanOptions::default()).unwrap();
    for payload in &payloads {
        assert!(
            result.found.iter().any(|f| &f.text == payload),
            "{payload} not in {:?}",
            result.found
        );
    }
    assert_eq!(result.notices().count(), 3);
}

#[test]
fn rqrr_reads_a_clean_photo_too() {
    let mut rng = Rng::new(5);
    let payloads = vec![random_payload(&mut rng)];
    let p = photo(&payloads, FULL_HD, Degradation::Clean, 7);
    assert!(decoded(&payloads, &p.bytes, ScanEngine::Rqrr));
}

#[test]
fn a_png_screenshot_and_an_invalid_payload_are_reported() {
    // A QR code whose payload looks like pagoPA but has wrong check digits: found, not valid.
    let bad = "PAGOPA|002|300715700000000033|00085240950|12345".to_string();
    let mut rng = Rng::new(1);
    let page = notice_photos::notice_page(std::slice::from_ref(&bad), 4.0, &mut rng);
    let png = notice_photos::png(&page);
    let result = scan::scan_bytes(&png, &ScanOptions::default()).unwrap();
    assert_eq!(result.found.len(), 1, "{result:?}");
    assert_eq!(result.found[0].text, bad);
    assert!(result.found[0].notice.is_none());
    assert_eq!(
        result.found[0].error.as_ref().unwrap().field,
        campanile_core::pagopa::Field::NoticeNumber
    );
}

#[test]
fn the_poste_data_matrix_is_read_too() {
    use campanile_core::pagopa::{Amount, Source, datamatrix};
    let mut rng = Rng::new(3);
    let qr = random_payload(&mut rng);
    let notice = campanile_core::pagopa::parse(&qr, None).unwrap();
    let dm = datamatrix::encode(
        &notice.rpt_id,
        Amount::from_cents(4250).unwrap(),
        "12345678",
        "RSSMRA80A01H501U",
        "MARIO ROSSI",
        "TARI 2026 PRIMA RATA",
    );
    let s = 9.0;
    let mut page = notice_photos::notice_page(std::slice::from_ref(&qr), s, &mut rng);
    notice_photos::draw_data_matrix(&mut page, s, 165.0, 240.0, 25.0, &dm);
    let result = scan::scan_bytes(&notice_photos::png(&page), &ScanOptions::default()).unwrap();
    let sources: Vec<Source> = result.notices().map(|n| n.source).collect();
    assert!(sources.contains(&Source::Qr), "{result:?}");
    assert!(sources.contains(&Source::PosteDataMatrix), "{result:?}");
    let from_dm = result
        .notices()
        .find(|n| n.source == Source::PosteDataMatrix)
        .unwrap();
    assert_eq!(from_dm.rpt_id, notice.rpt_id);
    assert_eq!(from_dm.amount.unwrap().cents(), 4250);
}

#[test]
#[ignore = "12 MP in a debug build is slow; the qr_bench example measures it in release"]
fn twelve_megapixel_photo_is_decoded() {
    let mut rng = Rng::new(12);
    let payloads = vec![random_payload(&mut rng)];
    let p = photo(&payloads, TWELVE_MP, Degradation::Clean, 12);
    assert!(decoded(&payloads, &p.bytes, ScanEngine::Rxing));
}
