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
        r.record(&t, "hub_status", lang, json!({"limit": 10}));
        r.record(&t, "hub_sync", lang, json!({}));
        r.record(&t, "ledger_attempts", lang, json!({"limit": 20}));
        r.record(&t, "ledger_receipts", lang, json!({}));
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
