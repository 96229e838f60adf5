//! Long work through the handle as a front drives it: a photo scan and a printed notice report
//! their progress to the front's callback as they go, and stop when the front cancels, with the
//! one `work.cancelled` error and nothing half made.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use campanile_core::host::MemorySecrets;
use campanile_core::host::SecretStore;
use campanile_core::pagopa::scan::ScanOptions;
use campanile_core::secrets::SecretName;
use campanile_core::work::{Cancel, Progress, WorkStep};
use campanile_core::{Campanile, Config, Database, ErrorClass, Host, PagoPaConfig};
use campanile_core::{PagoPaEnvironment, host::SystemClock};
use campanile_testkit::gpd::FakeGpd;
use image::{ImageFormat, Luma};
use url::Url;

const KEY: &str = "gpd-key-0123456789abcdef";
const CREDITOR: &str = "00085240950";
const PAYLOAD: &str = "PAGOPA|002|300715700000000032|00085240950|12000";

fn core(gpd: Option<&FakeGpd>) -> Campanile {
    let mut config = Config::new(Database::InMemory, "en");
    config.pagopa = PagoPaConfig {
        environment: PagoPaEnvironment::Custom,
        payment_requests_url: None,
        checkout_url: None,
        gpd_url: gpd.map(|g| Url::parse(&g.url()).unwrap()),
        own_comuni: Vec::new(),
        timeout: Duration::from_secs(30),
    };
    let secrets = MemorySecrets::default();
    secrets.set(SecretName::PagopaGpdKey, KEY).unwrap();
    Campanile::open(
        config,
        Host {
            secrets: Arc::new(secrets),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap()
}

/// A PNG of `payload` as a QR code, `side` pixels wide, in the middle of a grey page.
fn qr_png(payload: &str, side: u32) -> Vec<u8> {
    let code = qrcode::QrCode::new(payload.as_bytes()).unwrap();
    let qr = code.render::<Luma<u8>>().min_dimensions(200, 200).build();
    let mut page = image::GrayImage::from_pixel(side, side * 3 / 4, Luma([200]));
    image::imageops::overlay(&mut page, &qr, 40, 40);
    let mut bytes = Vec::new();
    page.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// A photo with no code at all: every pass of a thorough scan runs.
fn blank_png(side: u32) -> Vec<u8> {
    let page = image::GrayImage::from_fn(side, side, |x, y| Luma([((x * 7 + y * 13) % 251) as u8]));
    let mut bytes = Vec::new();
    page.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

fn recorder() -> (Arc<Mutex<Vec<Progress>>>, impl Fn(&Progress) + Send + Sync) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |p: &Progress| {
        sink.lock().unwrap().push(p.clone())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_scan_reports_each_pass_and_finds_the_notice() {
    let core = core(None);
    let (seen, progress) = recorder();
    let result = core
        .payments()
        .scan_photo_with(
            qr_png(PAYLOAD, 800),
            ScanOptions::default(),
            &Cancel::new(),
            &progress,
        )
        .await
        .unwrap();
    assert!(
        result
            .found
            .iter()
            .any(|f| f.text == PAYLOAD && f.notice.is_some()),
        "{result:?}"
    );
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.len() >= 2,
        "decoding, then at least one pass: {seen:?}"
    );
    assert!(seen.iter().all(|p| p.step == WorkStep::Scanning));
    let total = seen[0].total.unwrap();
    assert_eq!(seen[0].done, 1, "the decoding is the first step");
    for pair in seen.windows(2) {
        assert!(pair[1].done > pair[0].done, "{seen:?}");
        assert_eq!(pair[1].total, Some(total));
    }
    assert!(seen.last().unwrap().done <= total);
    assert_eq!(
        u64::from(result.passes) + 1,
        seen.last().unwrap().done,
        "one report per pass"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_scan_stops_at_the_next_pass() {
    let core = core(None);
    let options = ScanOptions {
        thorough: true,
        ..ScanOptions::default()
    };
    // Uncancelled, a blank photo takes every pass.
    let (seen, progress) = recorder();
    let full = core
        .payments()
        .scan_photo_with(blank_png(900), options, &Cancel::new(), &progress)
        .await
        .unwrap();
    assert!(full.found.is_empty());
    let passes = seen.lock().unwrap().len();
    assert!(passes >= 4, "a thorough scan of nothing: {passes} reports");

    // Cancelled by the front while the second pass is reported: no third.
    let cancel = Cancel::new();
    let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let progress = {
        let (seen, cancel) = (seen.clone(), cancel.clone());
        move |p: &Progress| {
            seen.lock().unwrap().push(p.clone());
            if p.done == 2 {
                cancel.cancel();
            }
        }
    };
    let err = core
        .payments()
        .scan_photo_with(blank_png(900), options, &cancel, &progress)
        .await
        .unwrap_err();
    assert_eq!(err.code, "work.cancelled", "{err:?}");
    assert_eq!(err.class, ErrorClass::Unavailable);
    let seen = seen.lock().unwrap().clone();
    assert!(seen.len() < passes, "{} of {passes} reports", seen.len());
    assert!(seen.iter().all(|p| p.done <= 3), "{seen:?}");

    // Cancelled before it starts: stops after the decoding, and the handle still scans.
    let cancel = Cancel::new();
    cancel.cancel();
    let err = core
        .payments()
        .scan_photo_with(qr_png(PAYLOAD, 800), options, &cancel, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, "work.cancelled");
    assert!(!err.message.is_empty());
    let again = core
        .payments()
        .scan_photo(qr_png(PAYLOAD, 800), options)
        .await
        .unwrap();
    assert!(again.found.iter().any(|f| f.notice.is_some()));
}

/// The IUV of option `i`: 15 digits, then the check digits of a notice with aux digit 3.
fn iuv(i: u64) -> String {
    let base = format!("0071570000001{i:02}");
    let check = format!("3{base}").parse::<u64>().unwrap() % 93;
    format!("{base}{check:02}")
}

fn position_file(iupd: &str) -> Vec<u8> {
    let transfer = |cents: &str| {
        serde_json::json!([{ "amount": cents, "iban": "IT60X0542811101000000123456",
                 "remittance": "Mensa scolastica 2026/27", "category": "9/0101100IM/" }])
    };
    let options: Vec<_> = (0..4)
        .map(|i| {
            serde_json::json!({
                "iuv": iuv(i),
                "amount": "30.00", "installment": true,
                "description": format!("Rata {}", i + 1),
                "due_date": format!("2027-0{}-28", i + 3),
                "transfers": transfer("30.00")
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "iupd": iupd,
        "company_name": "Comune di Fermo",
        "debtor": { "fiscal_code": "RSSMRA80A01H501U", "name": "Mario Rossi",
                    "street": "Via Roma", "civic_number": "1", "postal_code": "63900",
                    "city": "Fermo", "province": "FM" },
        "options": options
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_printed_notice_reports_each_payment_box_and_can_be_cancelled() {
    let gpd = FakeGpd::start(KEY).await;
    let core = core(Some(&gpd));
    let positions = core.positions();
    let creditor = positions.creditor(CREDITOR).unwrap();
    let iupd = "00085240950-mensa-2027-0001";
    let file = positions
        .read_file("mensa.json", &position_file(iupd))
        .unwrap();
    positions.create(&creditor, &file, true).await.unwrap();

    let (seen, progress) = recorder();
    let (notice, pdf) = positions
        .print_with(&creditor, iupd, Some(&file), &Cancel::new(), &progress)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(notice.options().count(), 4);
    let seen = seen.lock().unwrap().clone();
    let dones: Vec<u64> = seen.iter().map(|p| p.done).collect();
    assert_eq!(
        dones,
        [1, 2, 3, 4, 5],
        "four boxes, then the file: {seen:?}"
    );
    assert!(
        seen.iter()
            .all(|p| p.step == WorkStep::Rendering && p.total == Some(5))
    );

    // Cancelled after the second box: an error, no PDF.
    let cancel = Cancel::new();
    let count = Arc::new(Mutex::new(0u64));
    let progress = {
        let (cancel, count) = (cancel.clone(), count.clone());
        move |p: &Progress| {
            *count.lock().unwrap() += 1;
            if p.done == 2 {
                cancel.cancel();
            }
        }
    };
    let err = positions
        .print_with(&creditor, iupd, Some(&file), &cancel, &progress)
        .await
        .unwrap_err();
    assert_eq!(err.code, "work.cancelled", "{err:?}");
    assert_eq!(*count.lock().unwrap(), 2);
}
