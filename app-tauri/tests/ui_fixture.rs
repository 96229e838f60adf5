//! The browser tests' IPC double, made by the real commands: each command called through the
//! mock runtime's IPC with the arguments the page sends, its answer (or the core's error)
//! recorded, and the basemap's tiles written out. With `CAMPANILE_UI_FIXTURES=<dir>` the
//! fixture goes there (scripts/desktop-test.sh: app-tauri/ui/tests/fixtures); else to a
//! temporary folder, and the test only checks that every call answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

struct Recorder {
    calls: BTreeMap<String, Vec<Value>>,
}

impl Recorder {
    fn record(&mut self, t: &support::TestApp, cmd: &str, key: &str, args: Value) -> Value {
        let out = t.call(cmd, args.clone());
        let entry = match &out {
            Ok(v) => json!({"key": key, "args": args, "ok": v}),
            Err(e) => json!({"key": key, "args": args, "err": e}),
        };
        self.calls.entry(cmd.to_string()).or_default().push(entry);
        out.unwrap_or(Value::Null)
    }
}

/// A channel keeping what a command streamed.
fn channel() -> (
    tauri::ipc::Channel<campanile_desktop::work_cmd::WorkEvent>,
    std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let sink = seen.clone();
    let ch = tauri::ipc::Channel::new(move |body: tauri::ipc::InvokeResponseBody| {
        if let tauri::ipc::InvokeResponseBody::Json(s) = body {
            sink.lock().unwrap().push(serde_json::from_str(&s).unwrap());
        }
        Ok(())
    });
    (ch, seen)
}

impl Recorder {
    /// Records long work called straight (its channel's events with its answer).
    fn record_work<T: serde::Serialize>(
        &mut self,
        cmd: &str,
        key: &str,
        args: Value,
        run: impl FnOnce(
            tauri::ipc::Channel<campanile_desktop::work_cmd::WorkEvent>,
        ) -> Result<T, campanile_core::Error>,
    ) {
        let (ch, seen) = channel();
        let out = run(ch);
        let events = seen.lock().unwrap().clone();
        let entry = match out {
            Ok(v) => json!({"key": key, "args": args, "ok": v, "events": events}),
            Err(e) => json!({"key": key, "args": args, "err": e, "events": events}),
        };
        self.calls.entry(cmd.to_string()).or_default().push(entry);
    }
}

/// What the browser tests type, one key at a time.
const TYPED: &[&str] = &["pinacoteca", "duomo", "teatro", "fermo", "zzz"];

fn lon_to_x(lon: f64, z: u8) -> u32 {
    (((lon + 180.0) / 360.0) * f64::from(1u32 << z)).floor() as u32
}

fn lat_to_y(lat: f64, z: u8) -> u32 {
    let r = lat.to_radians();
    let n = f64::from(1u32 << z);
    ((1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor() as u32
}

#[test]
fn the_ui_fixture_is_made_by_the_real_commands() {
    let dir = std::env::var_os("CAMPANILE_UI_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("campanile-ui-fixture-{}", std::process::id()))
        });
    std::fs::create_dir_all(&dir).unwrap();
    let t = support::app();
    t.load_sample();
    open_practice(&t);
    let mut r = Recorder {
        calls: BTreeMap::new(),
    };
    let extra = more::Extra::new();

    r.record(&t, "tiles_info", "", json!({}));
    r.record(&t, "language_list", "", json!({}));
    r.record(&t, "places_geojson", "", json!({}));
    r.record(&t, "places_count", "", json!({}));
    for lang in ["it", "en"] {
        t.ok("language_set", json!({"code": lang}));
        r.record(&t, "places_categories", lang, json!({}));
        for word in TYPED {
            for n in 1..=word.len() {
                let text = &word[..n];
                for category in [Value::Null, json!("museum")] {
                    let key = format!("{lang}|{text}|{}", category.as_str().unwrap_or(""));
                    r.record(
                        &t,
                        "places_search",
                        &key,
                        json!({"request": {"text": text, "near": null, "category": category, "comune": null, "limit": 20}}),
                    );
                }
            }
        }
        let all = t.ok(
            "places_near",
            json!({"lat": 43.0, "lon": 13.6, "limit": 1000}),
        );
        for hit in all.as_array().unwrap() {
            let id = hit["poi"]["id"].as_str().unwrap();
            for page_lang in ["it", "en", "de", "fr", "es"] {
                if (lang == "en") != (page_lang == "en") {
                    continue;
                }
                r.record(
                    &t,
                    "place_get",
                    &format!("{lang}|{id}|{page_lang}"),
                    json!({"id": id, "lang": page_lang}),
                );
            }
            let (lat, lon) = (
                hit["poi"]["lat"].as_f64().unwrap(),
                hit["poi"]["lon"].as_f64().unwrap(),
            );
            r.record(
                &t,
                "places_near",
                &format!("{lang}|{lat}|{lon}"),
                json!({"lat": lat, "lon": lon, "limit": 6, "category": null}),
            );
        }
        r.record(
            &t,
            "notice_parse",
            &format!("{lang}|ok"),
            json!({"text": "PAGOPA|002|300715700000000032|00085240950|12345", "creditor": null}),
        );
        r.record(
            &t,
            "notice_parse",
            &format!("{lang}|bad"),
            json!({"text": "PAGOPA|002|300715700000000031|00085240950|12345", "creditor": null}),
        );
        // No pagoPA answers this app: "ask again" after Checkout is "unknown" (never paid).
        r.record(
            &t,
            "payment_settle",
            lang,
            json!({"notice": "PAGOPA|002|300715700000000032|00085240950|12345", "attempt": null}),
        );
        r.record(
            &t,
            "practices_mine",
            &format!("{lang}|RSSMRA80A01D542X"),
            json!({"applicant": "RSSMRA80A01D542X"}),
        );
        r.record(
            &t,
            "practice_detail",
            &format!("{lang}|SUAP-1"),
            json!({"id": "SUAP-1"}),
        );
        r.record(
            &t,
            "practice_transitions",
            &format!("{lang}|SUAP-1"),
            json!({"id": "SUAP-1"}),
        );
        r.record(&t, "desk_practices", lang, json!({"openOnly": true}));
        r.record(
            &t,
            "hub_event",
            lang,
            json!({"practiceId": "SUAP-1", "kind": "note", "note": "Chiamato il richiedente"}),
        );
        r.record(&t, "hub_status", lang, json!({"limit": 10}));
        r.record(&t, "hub_sync", lang, json!({}));
        r.record(&t, "ledger_attempts", lang, json!({"limit": 20}));
        let reg = "beacon,poi_id,name\nibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1,duomo,Duomo di Fermo\n";
        r.record(
            &t,
            "beacons_import_registry",
            lang,
            json!({"name": "registry.csv", "text": reg, "replace": true}),
        );
        r.record(
            &t,
            "beacons_replay",
            lang,
            json!({"name": "trace.jsonl", "text": trace(), "tickMs": 1000}),
        );
        more::record(&mut r, &t, &extra, lang);
    }
    r.record(&t, "language_get", "", json!({}));

    // The long work's events, as the channel carried them.
    let t2 = support::app();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let sink = seen.clone();
    let ch = tauri::ipc::Channel::new(move |body: tauri::ipc::InvokeResponseBody| {
        if let tauri::ipc::InvokeResponseBody::Json(s) = body {
            sink.lock().unwrap().push(serde_json::from_str(&s).unwrap());
        }
        Ok(())
    });
    let summary = tauri::async_runtime::block_on(campanile_desktop::work_cmd::work_import_sample(
        t2.state(),
        ch,
    ))
    .unwrap();
    let events = seen.lock().unwrap().clone();
    r.calls
        .entry("work_import_sample".into())
        .or_default()
        .push(json!({"key": "", "args": {}, "ok": summary, "events": events}));

    let fixture = json!({
        "commands": campanile_desktop::commands::COMMANDS,
        "calls": r.calls,
    });
    std::fs::write(dir.join("ipc.json"), serde_json::to_vec(&fixture).unwrap()).unwrap();

    // The basemap's tiles, gzip removed, as the scheme serves them.
    let tiles = &t.state().tiles;
    let info = tiles.info().unwrap();
    let [w, s, e, n] = info.bounds.unwrap_or([13.0, 42.6, 14.1, 43.35]);
    let mut written = 0;
    for z in info.min_zoom..=info.max_zoom {
        let (x0, x1) = (lon_to_x(w, z).saturating_sub(1), lon_to_x(e, z) + 1);
        let (y0, y1) = (lat_to_y(n, z).saturating_sub(1), lat_to_y(s, z) + 1);
        for x in x0..=x1.min((1 << z) - 1) {
            for y in y0..=y1.min((1 << z) - 1) {
                if let Ok(tile) = tiles.tile(z, x, y, true) {
                    let p = dir.join(format!("tiles/{z}/{x}"));
                    std::fs::create_dir_all(&p).unwrap();
                    std::fs::write(p.join(format!("{y}.pbf")), tile.data).unwrap();
                    written += 1;
                }
            }
        }
    }
    assert!(written > 20, "{written} tiles");
    // What the browser's fake webcam films: the notice's QR code on a desk, as MJPEG frames.
    std::fs::write(dir.join("notice.mjpeg"), more::qr_mjpeg(more::NOTICE_QR)).unwrap();
    if std::env::var_os("CAMPANILE_UI_FIXTURES").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn trace() -> String {
    const IBEACON: &str = "0201061aff4c000215f7826da64fa24e988024bc5b71e0893e00010001c5";
    (0..30)
        .map(|i| {
            format!(
                r#"{{"t": {}, "rssi": -60, "adv": "{IBEACON}"}}"#,
                1_000_000 + i * 100
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn open_practice(t: &support::TestApp) {
    let core = t.state().core.clone();
    let p = core.practices();
    p.open(&campanile_core::OpenRequest {
        id: "SUAP-1".into(),
        applicant: "RSSMRA80A01D542X".into(),
        subject: "Apertura di un negozio".into(),
        regime: Some(p.parse_regime("ordinary").unwrap()),
        term_days: Some(30),
        comune: Some("044007".into()),
        received: Some(p.parse_when("2026-03-02T09:30:00+01:00").unwrap()),
        actor: "counter".into(),
        ..Default::default()
    })
    .unwrap();
}

/// The issue-13 screens' answers: a notice read from an image, a receipt printed (from a
/// ledger that paid one on the project's fake pagoPA), suppliers' invoices, the SPID/CIE
/// sign-in (its address opened, then its wait timing out: no hub answers here), debt positions
/// on the fake GPD, an import's quarantine, the live beacon scan with no adapter.
mod more {
    use std::sync::Arc;
    use std::time::Duration;

    use campanile_core::host::{MemorySecrets, SecretStore, SystemClock};
    use campanile_core::secrets::SecretName;
    use campanile_core::{Campanile, Config, Database, Host, PagoPaConfig, PagoPaEnvironment};
    use campanile_desktop::settings::Settings;
    use campanile_testkit::gpd::FakeGpd;
    use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform, Payer};
    use serde_json::json;
    use url::Url;

    use super::{Recorder, support};

    pub const NOTICE_QR: &str = "PAGOPA|002|300715700000000032|00085240950|12345";
    pub const CREDITOR: &str = "00085240950";
    pub const IUPD: &str = "00085240950-tari-2027-0001";
    const GPD_KEY: &str = "gpd-key-0123456789";

    pub struct Extra {
        pub paid: support::TestApp,
        pub positions: support::TestApp,
        _platform: FakePlatform,
        _gpd: FakeGpd,
        pub dir: tempfile::TempDir,
        pub rpt: String,
    }

    fn core(pagopa: PagoPaConfig, secrets: MemorySecrets) -> Campanile {
        let mut config = Config::new(Database::InMemory, "it");
        config.pagopa = pagopa;
        let host = Host {
            secrets: Arc::new(secrets),
            clock: Arc::new(SystemClock),
        };
        Campanile::open(config, host).unwrap()
    }

    impl Extra {
        pub fn new() -> Extra {
            let platform = tauri::async_runtime::block_on(FakePlatform::start());
            let secrets = MemorySecrets::default();
            secrets
                .set(
                    SecretName::PagopaPaymentRequestsKey,
                    "requests-key-0123456789",
                )
                .unwrap();
            secrets
                .set(SecretName::PagopaCheckoutKey, "checkout-key-0123456789")
                .unwrap();
            let paid = support::app_over(
                core(
                    PagoPaConfig {
                        environment: PagoPaEnvironment::Custom,
                        payment_requests_url: Some(
                            Url::parse(&platform.payment_requests_base()).unwrap(),
                        ),
                        checkout_url: Some(Url::parse(&platform.checkout_base()).unwrap()),
                        gpd_url: Some(Url::parse("http://127.0.0.1:9/gpd").unwrap()),
                        own_comuni: Vec::new(),
                        timeout: Duration::from_secs(30),
                    },
                    secrets,
                ),
                Settings::default(),
            );
            let rpt = {
                use campanile_core::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
                let creditor = CreditorFiscalCode::parse(CREDITOR).unwrap();
                let number =
                    NoticeNumber::compose(AuxDigit::Three, &format!("01{:013}", 7)).unwrap();
                RptId::new(creditor, number).to_string()
            };
            platform.add_notice(FakeNotice::new(&rpt, 12_345));
            let started = paid.ok(
                "checkout_start",
                json!({"notices": [rpt], "email": null, "onSettled": "__CHANNEL__:90"}),
            );
            tauri::async_runtime::block_on(
                platform.visit(started["checkout_url"].as_str().unwrap(), Payer::Pay),
            );
            paid.ok("ledger_reconcile", json!({}));

            let gpd = tauri::async_runtime::block_on(FakeGpd::start(GPD_KEY));
            let secrets = MemorySecrets::default();
            secrets.set(SecretName::PagopaGpdKey, GPD_KEY).unwrap();
            let positions = support::app_over(
                core(
                    PagoPaConfig {
                        environment: PagoPaEnvironment::Custom,
                        payment_requests_url: Some(Url::parse("http://127.0.0.1:9/pr").unwrap()),
                        checkout_url: Some(Url::parse("http://127.0.0.1:9/co").unwrap()),
                        gpd_url: Some(Url::parse(&gpd.url()).unwrap()),
                        own_comuni: Vec::new(),
                        timeout: Duration::from_secs(30),
                    },
                    secrets,
                ),
                Settings::default(),
            );
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(
                dir.path().join("musei.csv"),
                "name,lat,lon,category\nPinacoteca civica,42.854,13.575,museum\nSenza posizione,,,museum\nFuori mappa,123.0,13.5,museum\n",
            )
            .unwrap();
            Extra {
                paid,
                positions,
                _platform: platform,
                _gpd: gpd,
                dir,
                rpt,
            }
        }
    }

    pub fn record(r: &mut Recorder, t: &support::TestApp, x: &Extra, lang: &str) {
        let png = support::qr_png(NOTICE_QR);
        r.record_work(
            "notice_scan",
            lang,
            json!({"path": null, "bytes": png, "name": "avviso.png"}),
            |ch| {
                tauri::async_runtime::block_on(campanile_desktop::citizen_cmd::notice_scan(
                    t.state(),
                    None,
                    Some(png.clone()),
                    Some("avviso.png".into()),
                    ch,
                ))
            },
        );
        x.paid.ok("language_set", json!({"code": lang}));
        if lang == "it" {
            // A cart handed to Checkout (the page opens it in the browser); one is enough.
            let rpt = {
                use campanile_core::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
                let creditor = CreditorFiscalCode::parse(CREDITOR).unwrap();
                let number =
                    NoticeNumber::compose(AuxDigit::Three, &format!("01{:013}", 11)).unwrap();
                RptId::new(creditor, number).to_string()
            };
            x._platform.add_notice(FakeNotice::new(&rpt, 4_500));
            r.record(
                &x.paid,
                "checkout_start",
                "",
                json!({"notices": [rpt], "email": null, "onSettled": "__CHANNEL__:92"}),
            );
        }
        r.record(&x.paid, "ledger_receipts", lang, json!({}));
        r.record(&x.paid, "receipt_print", lang, json!({"notice": x.rpt}));

        let invoice = campanile_testkit::fatturapa::Spec::fpa12().bytes();
        r.record(
            t,
            "invoices_import",
            lang,
            json!({"path": null, "name": "IT01234567890_00001.xml", "bytes": invoice}),
        );
        let rows = r.record(t, "invoices_list", lang, json!({}));
        r.record(t, "invoice_detail", lang, json!({"id": rows[0]["id"]}));

        r.record_work(
            "hub_login_browser",
            lang,
            json!({"url": "http://127.0.0.1:8480", "timeoutSecs": 300}),
            |ch| {
                tauri::async_runtime::block_on(campanile_desktop::staff_cmd::hub_login_browser(
                    t.state(),
                    "http://127.0.0.1:8480".into(),
                    Some(1),
                    ch,
                ))
            },
        );

        x.positions.ok("language_set", json!({"code": lang}));
        let file = include_str!("../../assets/positions/example.json");
        if lang == "it" {
            r.record(
                &x.positions,
                "position_create",
                lang,
                json!({"creditor": CREDITOR, "name": "position.json", "text": file, "publish": true}),
            );
        } else {
            // Created once; the answer in English is what a read says.
            let v = x
                .positions
                .ok("position_get", json!({"creditor": CREDITOR, "iupd": IUPD}));
            r.calls
                .entry("position_create".into())
                .or_default()
                .push(json!({"key": lang, "args": {}, "ok": v}));
        }
        r.record(
            &x.positions,
            "position_get",
            lang,
            json!({"creditor": CREDITOR, "iupd": IUPD}),
        );
        r.record(
            &x.positions,
            "position_print",
            lang,
            json!({"creditor": CREDITOR, "iupd": IUPD, "text": file}),
        );

        let path = x.dir.path().join("musei.csv");
        r.record(
            t,
            "places_import_preview",
            lang,
            json!({"files": [path], "licence": "CC-BY-4.0", "limit": 200}),
        );
        r.record_work(
            "work_import",
            lang,
            json!({"files": [path], "licence": "CC-BY-4.0"}),
            |ch| {
                tauri::async_runtime::block_on(campanile_desktop::work_cmd::work_import(
                    t.state(),
                    vec![path.clone()],
                    Some("CC-BY-4.0".into()),
                    ch,
                ))
            },
        );
        r.record(
            t,
            "places_quarantine",
            lang,
            json!({"dataset": "file:musei.csv", "limit": 200}),
        );

        r.record_work("beacons_scan", lang, json!({"seconds": 30}), |ch| {
            tauri::async_runtime::block_on(campanile_desktop::beacons_cmd::beacons_scan(
                t.state(),
                Some(1),
                ch,
            ))
        });
    }

    /// A few 640×480 JPEG frames of the QR code on a light grey page: an MJPEG file, as
    /// Chromium's fake video capture plays it in a loop.
    pub fn qr_mjpeg(text: &str) -> Vec<u8> {
        let qr = image::load_from_memory(&support::qr_png(text))
            .unwrap()
            .to_luma8();
        let mut page = image::GrayImage::from_pixel(640, 480, image::Luma([225]));
        image::imageops::overlay(&mut page, &qr, 120, 60);
        let rgb = image::DynamicImage::ImageLuma8(page).to_rgb8();
        let mut out = Vec::new();
        for _ in 0..3 {
            let mut frame = std::io::Cursor::new(Vec::new());
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut frame, 92)
                .encode_image(&rgb)
                .unwrap();
            out.extend(frame.into_inner());
        }
        out
    }
}
