//! The fake stack the Kotlin tests run against, all on 127.0.0.1: a fake CKAN portal with two
//! small datasets, a slow one (each file stalls) to cancel a sync on, the project's fake pagoPA
//! platform with payable notices, a hub with its development login holding the platform's
//! keys, and two camera frames (PNG files: a notice's QR code on a grey page, a page of noise).
//! Prints one JSON line with the URLs, notices and files, then runs until stdin closes.
//!
//! `cargo run -p campanile-ffi --example fake_stack`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write as _};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use campanile_hub::config::{KeySource, Settings};
use campanile_hub::payments::settings::{PagoPaKeySource, PagoPaSettings};
use campanile_testkit::bulk;
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform};
use campanile_testkit::{FakeCkan, FakeDataset, Fault};
use image::{ImageFormat, Luma};
use tokio::io::AsyncReadExt as _;

/// The platform's key (notice verification and Checkout take the same one in the fake).
const PLATFORM_KEY: &str = "platform-key-2f7c1e9a4b8d3c6e";
/// Comune di Fermo, the creditor of the notices.
const CREDITOR: &str = "00085240950";
/// Payable notices (notice numbers with valid check digits), 12.50 € and 30.00 €.
const NOTICES: [(&str, u64); 2] = [("300715700000000032", 1_250), ("300000000000000104", 3_000)];

/// The QR code's text on the photographed notice: 120.00 €.
const NOTICE_QR: &str = "PAGOPA|002|300715700000000032|00085240950|12000";

fn csv(rows: u64, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    bulk::write_csv(&mut out, rows, seed, 1).unwrap();
    out
}

/// `datasets` datasets of one CSV each; with `stall`, every file waits that long first.
fn publish(portal: &FakeCkan, datasets: usize, stall: Option<Duration>) {
    for d in 0..datasets {
        let path = format!("/files/d{d}.csv");
        portal.set_resource(&path, "text/csv", csv(40, d as u64 + 1));
        if let Some(wait) = stall {
            portal.inject(&path, Fault::StallBeforeHeaders(wait), 100);
        }
        portal.add_dataset(
            FakeDataset::new(&format!("d{d}"))
                .title(&format!("Luoghi {d}"))
                .modified("2026-11-01T00:00:00")
                .resource(&format!("r-d{d}"), &path, "CSV"),
        );
    }
}

/// A PNG of `payload` as a QR code, in the corner of a grey page (as a camera frames it).
fn qr_png(payload: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(payload.as_bytes()).unwrap();
    let qr = code.render::<Luma<u8>>().min_dimensions(200, 200).build();
    let mut page = image::GrayImage::from_pixel(800, 600, Luma([200]));
    image::imageops::overlay(&mut page, &qr, 40, 40);
    png(&page)
}

/// A page with no code at all: every pass of the scan runs.
fn noise_png() -> Vec<u8> {
    png(&image::GrayImage::from_fn(900, 900, |x, y| {
        Luma([((x * 7 + y * 13) % 251) as u8])
    }))
}

fn png(page: &image::GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    page.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

fn write_key(dir: &std::path::Path, name: &str, value: &str) {
    let path = dir.join(name);
    std::fs::write(&path, format!("{value}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[tokio::main]
async fn main() {
    let portal = FakeCkan::start().await;
    publish(&portal, 2, None);
    let slow_portal = FakeCkan::start().await;
    publish(&slow_portal, 6, Some(Duration::from_secs(3)));

    let platform = FakePlatform::start().await;
    platform.require_key(Some(PLATFORM_KEY));
    let mut notices = Vec::new();
    for (number, cents) in NOTICES {
        let rpt_id = format!("{CREDITOR}{number}");
        platform.add_notice(FakeNotice::new(&rpt_id, cents));
        notices.push(serde_json::json!({"rpt_id": rpt_id, "amount_cents": cents}));
    }

    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("pagopa-keys");
    std::fs::create_dir(&keys).unwrap();
    std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o700)).unwrap();
    write_key(&keys, "pagopa-payment-requests-key", PLATFORM_KEY);
    write_key(&keys, "pagopa-checkout-key", PLATFORM_KEY);
    let mut pagopa = PagoPaSettings::with_key_dir(keys.clone()).unwrap();
    pagopa.payment_requests_url = url::Url::parse(&platform.payment_requests_base()).unwrap();
    pagopa.checkout_url = url::Url::parse(&platform.checkout_base()).unwrap();
    pagopa.keys = PagoPaKeySource::Dir(keys);
    pagopa.timeout = Duration::from_secs(10);
    let settings = Settings {
        db_url: campanile_hub::config::db_url(&dir.path().join("hub.db").display().to_string()),
        addr: "127.0.0.1:0".parse().unwrap(),
        dev_login: true,
        key: KeySource::Generated(dir.path().join("key")),
        token_ttl: Duration::from_secs(3600),
        log_json: false,
        body_limit: 64 * 1024,
        limits: campanile_hub::limits::Limits::default(),
        oidc: None,
        pagopa,
    };
    let state = campanile_hub::serve::open(&settings).await.unwrap();
    let app = campanile_hub::api::router(state, settings.body_limit);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hub = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app).await.unwrap();
    });

    let notice_photo = dir.path().join("notice.png");
    std::fs::write(&notice_photo, qr_png(NOTICE_QR)).unwrap();
    let noise_photo = dir.path().join("noise.png");
    std::fs::write(&noise_photo, noise_png()).unwrap();

    let line = serde_json::json!({
        "notice_photo": notice_photo,
        "noise_photo": noise_photo,
        "portal": portal.url(),
        "slow_portal": slow_portal.url(),
        "platform": platform.url(),
        "checkout": platform.checkout_base(),
        "hub": hub,
        "notices": notices,
    });
    let mut out = std::io::stdout();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();

    // Until the test closes our stdin (or dies).
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await;
}
