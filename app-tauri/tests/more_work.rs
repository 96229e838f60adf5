//! The commands added for issue 13 on Tauri's mock runtime: a notice read from an image (by
//! path and by bytes), a receipt and a notice written for printing, suppliers' invoices, the
//! SPID/CIE sign-in through the browser (its address opened, its wait cancelled or timed out),
//! debt positions against the project's fake GPD, the quarantine after an import, and the live
//! beacon scan on a machine with no Bluetooth adapter.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use campanile_core::host::{MemorySecrets, SecretStore, SystemClock};
use campanile_core::secrets::SecretName;
use campanile_core::{Campanile, Config, Database, Host, PagoPaConfig, PagoPaEnvironment};
use campanile_desktop::settings::Settings;
use serde_json::{Value, json};
use tauri::ipc::{Channel, InvokeResponseBody};
use url::Url;

/// A channel keeping what the command streamed.
fn channel() -> (
    Channel<campanile_desktop::work_cmd::WorkEvent>,
    Arc<Mutex<Vec<Value>>>,
) {
    let seen = Arc::new(Mutex::new(Vec::<Value>::new()));
    let sink = seen.clone();
    let ch = Channel::new(move |body: InvokeResponseBody| {
        if let InvokeResponseBody::Json(s) = body {
            sink.lock().unwrap().push(serde_json::from_str(&s).unwrap());
        }
        Ok(())
    });
    (ch, seen)
}

pub const NOTICE_QR: &str = "PAGOPA|002|300715700000000032|00085240950|12345";

#[test]
fn a_notice_is_read_from_an_image_by_path_and_by_bytes() {
    let t = support::app();
    let png = support::qr_png(NOTICE_QR);
    let (ch, seen) = channel();
    let r = tauri::async_runtime::block_on(campanile_desktop::citizen_cmd::notice_scan(
        t.state(),
        None,
        Some(png.clone()),
        Some("avviso.png".into()),
        ch,
    ))
    .unwrap();
    let r = serde_json::to_value(&r).unwrap();
    assert_eq!(r["found"][0]["text"], NOTICE_QR, "{r}");
    assert_eq!(r["found"][0]["notice"]["rpt_id"]["creditor"], "00085240950");
    let events = seen.lock().unwrap().clone();
    assert_eq!(events[0]["event"], "started");
    assert!(
        events.iter().any(|e| e["event"] == "progress"),
        "{events:?}"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("avviso.png");
    std::fs::write(&path, &png).unwrap();
    let (ch, _) = channel();
    let r = tauri::async_runtime::block_on(campanile_desktop::citizen_cmd::notice_scan(
        t.state(),
        Some(path),
        None,
        None,
        ch,
    ))
    .unwrap();
    assert_eq!(r.notices().count(), 1);

    // A white image: the core's error says nothing was found.
    let blank = {
        let img = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let (ch, _) = channel();
    let e = tauri::async_runtime::block_on(campanile_desktop::citizen_cmd::notice_scan(
        t.state(),
        None,
        Some(blank),
        Some("white.png".into()),
        ch,
    ))
    .unwrap_err();
    assert_eq!(e.code, "pay.no-notice-in-photo");
    // A file that is not there.
    let (ch, _) = channel();
    let e = tauri::async_runtime::block_on(campanile_desktop::citizen_cmd::notice_scan(
        t.state(),
        Some(dir.path().join("none.png")),
        None,
        None,
        ch,
    ))
    .unwrap_err();
    assert_eq!(e.class.as_str(), "bad-input", "{e:?}");
}

#[test]
fn a_receipt_not_on_this_device_cannot_be_printed_and_a_print_opens_the_viewer() {
    let t = support::app();
    let e = t
        .call("receipt_print", json!({"notice": NOTICE_QR}))
        .unwrap_err();
    assert_eq!(e["class"], "not-found", "{e}");
    let p = t
        .state()
        .print_file("receipt-x.pdf", b"%PDF-1.4\n")
        .unwrap();
    assert!(p.opened);
    assert!(std::path::Path::new(&p.path).exists());
    assert!(p.url.starts_with("file://"));
    assert_eq!(
        t.opened.lock().unwrap().as_slice(),
        std::slice::from_ref(&p.url)
    );
}

#[test]
fn a_suppliers_invoice_is_imported_listed_and_shown_with_its_state() {
    let t = support::app();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("IT01234567890_00001.xml");
    std::fs::write(&path, campanile_testkit::fatturapa::Spec::fpa12().bytes()).unwrap();
    let r = t.ok(
        "invoices_import",
        json!({"path": path, "name": null, "bytes": null}),
    );
    assert!(!r["headline"].as_str().unwrap().is_empty(), "{r}");
    let rows = t.ok("invoices_list", json!({}));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["number"], "FT-2024/17");
    assert!(rows[0]["supplier"].as_str().unwrap().contains("Tipografia"));
    assert!(!rows[0]["sdi"].as_str().unwrap().is_empty());
    let d = t.ok("invoice_detail", json!({"id": rows[0]["id"]}));
    assert!(!d["rows"].as_array().unwrap().is_empty());
    // The same file again, as bytes picked in the page: nothing changes.
    let again = t.ok(
        "invoices_import",
        json!({"path": null, "name": "IT01234567890_00001.xml", "bytes": campanile_testkit::fatturapa::Spec::fpa12().bytes()}),
    );
    assert_ne!(again["headline"], r["headline"]);
    assert_eq!(
        t.ok("invoices_list", json!({})).as_array().unwrap().len(),
        1
    );
    let e = t.call("invoice_detail", json!({"id": 999})).unwrap_err();
    assert_eq!(e["class"], "not-found", "{e}");
    let e = t
        .call(
            "invoices_import",
            json!({"path": dir.path().join("none.xml")}),
        )
        .unwrap_err();
    assert!(!e["message"].as_str().unwrap().is_empty());
}

#[test]
fn the_spid_sign_in_opens_the_browser_and_its_wait_is_cancelled_or_times_out() {
    let t = support::app();
    let (ch, seen) = channel();
    let e = tauri::async_runtime::block_on(campanile_desktop::staff_cmd::hub_login_browser(
        t.state(),
        "http://127.0.0.1:9".into(),
        Some(1),
        ch,
    ))
    .unwrap_err();
    assert!(!e.message.is_empty(), "{e:?}");
    let opened = t.opened.lock().unwrap().clone();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert!(opened[0].starts_with("http://127.0.0.1:9/"), "{opened:?}");
    assert!(opened[0].contains("127.0.0.1"), "{opened:?}");
    let events = seen.lock().unwrap().clone();
    assert_eq!(events[0]["event"], "started");
    assert_eq!(events[1]["event"], "open");
    assert_eq!(events[1]["url"].as_str().unwrap(), opened[0]);

    // Cancelled while it waits: the work's id, then work_cancel.
    let (ch, seen) = channel();
    let state = t.state();
    let e = tauri::async_runtime::block_on(async {
        let login = campanile_desktop::staff_cmd::hub_login_browser(
            state.clone(),
            "http://127.0.0.1:9".into(),
            Some(600),
            ch,
        );
        let cancel = async {
            loop {
                let id = seen.lock().unwrap().first().and_then(|e| e["id"].as_u64());
                if let Some(id) = id {
                    assert!(state.cancel_work(id));
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        let (r, ()) = tokio::join!(login, cancel);
        r
    })
    .unwrap_err();
    assert_eq!(e.code, "work.cancelled", "{e:?}");
}

#[test]
fn a_debt_position_is_created_checked_paid_and_its_notice_printed() {
    const KEY: &str = "gpd-key-0123456789";
    let gpd = tauri::async_runtime::block_on(campanile_testkit::gpd::FakeGpd::start(KEY));
    let mut config = Config::new(Database::InMemory, "it");
    config.pagopa = PagoPaConfig {
        environment: PagoPaEnvironment::Custom,
        payment_requests_url: None,
        checkout_url: None,
        gpd_url: Some(Url::parse(&gpd.url()).unwrap()),
        own_comuni: Vec::new(),
        timeout: Duration::from_secs(30),
    };
    let secrets = MemorySecrets::default();
    secrets.set(SecretName::PagopaGpdKey, KEY).unwrap();
    let host = Host {
        secrets: Arc::new(secrets),
        clock: Arc::new(SystemClock),
    };
    let core = Campanile::open(config, host).unwrap();
    let t = support::app_over(core, Settings::default());
    let file = include_str!("../../assets/positions/example.json");
    let iupd = "00085240950-tari-2027-0001";
    let v = t.ok(
        "position_create",
        json!({"creditor": "00085240950", "name": "example.json", "text": file, "publish": true}),
    );
    assert_eq!(v["position"]["iupd"], iupd, "{v}");
    let v = t.ok(
        "position_get",
        json!({"creditor": "00085240950", "iupd": iupd}),
    );
    assert_eq!(v["paid"], false, "{v}");
    assert_eq!(v["payable"], true, "{v}");
    assert!(!v["status_text"].as_str().unwrap().is_empty());
    let p = t.ok(
        "position_print",
        json!({"creditor": "00085240950", "iupd": iupd, "text": file}),
    );
    assert_eq!(p["opened"], true);
    let pdf = std::fs::read(p["path"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(t.opened.lock().unwrap()[0].ends_with(".pdf"));
    // Paid at a PSP: the desk sees it, and there is no notice left to print.
    gpd.pay("00085240950", iupd, "00715700000000032");
    let v = t.ok(
        "position_get",
        json!({"creditor": "00085240950", "iupd": iupd}),
    );
    assert_eq!(v["paid"], true, "{v}");
    let e = t
        .call(
            "position_print",
            json!({"creditor": "00085240950", "iupd": iupd, "text": file}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "positions.not-payable");
    let e = t
        .call("position_get", json!({"creditor": "123", "iupd": iupd}))
        .unwrap_err();
    assert_eq!(e["code"], "positions.bad-creditor");
}

#[test]
fn positions_without_a_gpd_say_what_is_missing() {
    let t = support::app();
    let e = t
        .call(
            "position_get",
            json!({"creditor": "00085240950", "iupd": "x"}),
        )
        .unwrap_err();
    assert!(!e["message"].as_str().unwrap().is_empty(), "{e}");
}

#[test]
fn an_import_shows_its_quarantined_rows_and_why() {
    let t = support::app();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("musei.csv");
    std::fs::write(
        &path,
        "name,lat,lon,category\nPinacoteca civica,42.854,13.575,museum\nSenza posizione,,,museum\nFuori mappa,123.0,13.5,museum\n",
    )
    .unwrap();
    // The preview first: read and checked, nothing stored.
    let p = t.ok(
        "places_import_preview",
        json!({"files": [path], "licence": "CC-BY-4.0", "limit": 50}),
    );
    assert_eq!(p[0]["rows"], 3, "{p}");
    assert_eq!(p[0]["pois"], 1, "{p}");
    assert_eq!(p[0]["quarantined"], 2, "{p}");
    assert_eq!(p[0]["quarantine"].as_array().unwrap().len(), 2);
    assert!(
        !p[0]["quarantine"][0]["message"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        t.ok("places_count", json!({})),
        0,
        "the preview stores nothing"
    );
    let e = t
        .call(
            "places_import_preview",
            json!({"files": [dir.path().join("none.csv")]}),
        )
        .unwrap_err();
    assert!(!e["message"].as_str().unwrap().is_empty());
    let (ch, _) = channel();
    let s = tauri::async_runtime::block_on(campanile_desktop::work_cmd::work_import(
        t.state(),
        vec![path],
        Some("CC-BY-4.0".into()),
        ch,
    ))
    .unwrap();
    assert!(s.quarantined >= 1, "{s:?}");
    assert_eq!(s.datasets.len(), 1);
    let rows = t.ok(
        "places_quarantine",
        json!({"dataset": s.datasets[0], "limit": 50}),
    );
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len() as u64, s.quarantined, "{rows:?}");
    assert!(rows[0]["row"].as_u64().unwrap() >= 2);
    assert!(!rows[0]["message"].as_str().unwrap().is_empty());
    assert_eq!(rows[0]["resource"], "musei.csv");
}

#[test]
fn a_live_beacon_scan_without_an_adapter_says_so() {
    let t = support::app();
    let (ch, seen) = channel();
    let e = tauri::async_runtime::block_on(campanile_desktop::beacons_cmd::beacons_scan(
        t.state(),
        Some(2),
        ch,
    ))
    .unwrap_err();
    assert!(
        ["beacons.no-adapter", "beacons.bluetooth-unavailable"].contains(&e.code.as_str()),
        "{e:?}"
    );
    assert_eq!(e.class.as_str(), "unavailable");
    assert_eq!(seen.lock().unwrap()[0]["event"], "started");
}
