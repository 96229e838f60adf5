//! The desktop's commands without a webview: Tauri's mock runtime, each command called through
//! the IPC with the arguments the page sends, answered with the core's views or its one error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{app, app_with};

#[test]
fn search_as_you_type_finds_the_sample_places_by_prefix() {
    let t = app();
    t.load_sample();
    for prefix in ["pi", "pina", "pinacoteca", "pinacoteca asc"] {
        let hits = t.ok(
            "places_search",
            json!({"request": {"text": prefix, "near": null, "category": null, "comune": null, "limit": 10}}),
        );
        let hits = hits.as_array().unwrap();
        assert!(!hits.is_empty(), "{prefix}");
        assert!(hits[0]["poi"]["name"].is_string());
        assert!(hits[0]["category_label"].is_string());
    }
    let none = t.ok("places_search", json!({"request": {"text": "zzzzqqq"}}));
    assert_eq!(none, json!([]));
}

#[test]
fn a_place_page_has_its_description_in_the_visitors_language() {
    let t = app();
    t.load_sample();
    let id = first_id(&t, "piazza del popolo ascoli");
    let en = t.ok("place_get", json!({"id": id, "lang": "en"}));
    assert_eq!(en["poi"]["name"], "Piazza del Popolo", "{en}");
    assert_eq!(en["description_language"], "en");
    assert!(en["description"].as_str().unwrap().contains("travertine"));
    // German has no description in the sample: Italian is the fallback.
    let de = t.ok("place_get", json!({"id": id, "lang": "de"}));
    assert_eq!(de["description_language"], "it");
    assert_eq!(de["poi"]["licence"], "CC-BY-4.0");
}

fn first_id(t: &support::TestApp, text: &str) -> String {
    let hits = t.ok("places_search", json!({"request": {"text": text}}));
    hits[0]["poi"]["id"].as_str().unwrap().to_string()
}

#[test]
fn near_categories_count_and_the_map_layer() {
    let t = app();
    t.load_sample();
    let near = t.ok(
        "places_near",
        json!({"lat": 42.8506, "lon": 13.5809, "limit": 3}),
    );
    let near = near.as_array().unwrap();
    assert_eq!(near.len(), 3);
    assert!(near[0]["distance_text"].is_string());
    let cats = t.ok("places_categories", json!({}));
    let total: u64 = cats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    let count = t.ok("places_count", json!({}));
    assert_eq!(Value::from(total), count);
    assert_eq!(count, 268);
    let fc = t.ok("places_geojson", json!({}));
    assert_eq!(
        fc["features"].as_array().unwrap().len(),
        268,
        "every place on the map"
    );
    // Filtered by category.
    let museums = t.ok(
        "places_near",
        json!({"lat": 42.85, "lon": 13.58, "limit": 50, "category": "museum"}),
    );
    assert!(
        museums
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["poi"]["category"] == "museum")
    );
}

#[test]
fn the_core_error_reaches_the_page_with_class_code_and_message() {
    let t = app();
    let e = t.call("place_get", json!({"id": "nowhere"})).unwrap_err();
    assert_eq!(e["class"], "not-found");
    assert_eq!(e["code"], "places.not-found");
    assert!(e["message"].as_str().unwrap().contains("nowhere"));
    let e = t
        .call("places_near", json!({"lat": 123.0, "lon": 13.0}))
        .unwrap_err();
    assert_eq!(e["class"], "bad-input");
    let e = t
        .call(
            "places_search",
            json!({"request": {"text": "x", "category": "spaceport"}}),
        )
        .unwrap_err();
    assert_eq!(e["code"], "places.bad-category");
    assert!(e["details"]["category"].is_string());
}

#[test]
fn the_basemap_info_and_its_tiles_through_the_scheme() {
    let t = app();
    let info = t.ok("tiles_info", json!({}));
    let layers: Vec<&str> = info["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for l in ["land", "coastline", "countries", "boundaries", "places"] {
        assert!(layers.contains(&l), "{l} in {layers:?}");
    }
    let tiles = &t.state().tiles;
    let ok = campanile_desktop::tiles_scheme::tile_response(tiles, "/0/0/0.pbf");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["content-type"], "application/x-protobuf");
    assert!(!ok.body().is_empty());
    // Not gzip: MapLibre reads the bytes as they come.
    assert_ne!(&ok.body()[..2], &[0x1f, 0x8b]);
    let sea = campanile_desktop::tiles_scheme::tile_response(tiles, "/12/0/0.pbf");
    assert_eq!(sea.status(), 204);
    let bad = campanile_desktop::tiles_scheme::tile_response(tiles, "/a/b");
    assert_eq!(bad.status(), 400);
}

#[test]
fn beacons_a_registry_and_a_trace_replayed_into_an_enter_event() {
    let t = app();
    let reg = "beacon,poi_id,name\nibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1,duomo,Duomo di Fermo\n";
    let msg = t.ok(
        "beacons_import_registry",
        json!({"name": "registry.csv", "text": reg, "replace": true}),
    );
    assert!(msg.as_str().unwrap().contains('1'));
    let trace = support_trace();
    let r = t.ok(
        "beacons_replay",
        json!({"name": "t.jsonl", "text": trace, "tickMs": 1000}),
    );
    assert_eq!(r["adverts"], 30);
    let enter = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "enter")
        .unwrap();
    assert!(enter["text"].as_str().unwrap().contains("Duomo di Fermo"));
}

pub fn support_trace() -> String {
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

#[test]
fn the_language_is_set_for_the_core_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desktop.json");
    let t = app_with(campanile_desktop::settings::Settings::load(&path));
    let langs = t.ok("language_list", json!({}));
    let codes: Vec<&str> = langs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(&codes[..5], &["it", "en", "de", "fr", "es"]);
    let c = t.ok("language_set", json!({"code": "en"}));
    assert_eq!(c, json!({"ui": "en", "core": "en"}));
    let e = t.call("place_get", json!({"id": "x"})).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("x"));
    // German: the page's language; the core's messages fall back.
    let c = t.ok("language_set", json!({"code": "de"}));
    assert_eq!(c["ui"], "de");
    drop(t);
    let again = app_with(campanile_desktop::settings::Settings::load(&path));
    assert_eq!(again.ok("language_get", json!({}))["ui"], "de");
    let bad = again
        .call("language_set", json!({"code": "tlh"}))
        .unwrap_err();
    assert_eq!(bad["code"], "desktop.bad-language");
}

#[test]
fn a_notice_is_read_offline_and_a_wrong_one_says_why() {
    let t = app();
    let n = t.ok(
        "notice_parse",
        json!({"text": "PAGOPA|002|300715700000000032|00085240950|12345"}),
    );
    assert_eq!(n["rpt_id"]["creditor"], "00085240950");
    let e = t
        .call(
            "notice_parse",
            json!({"text": "PAGOPA|002|30071570000000003|00085240950|12345"}),
        )
        .unwrap_err();
    assert_eq!(e["class"], "bad-input");
    assert!(
        e["code"].as_str().unwrap().starts_with("pay") || e["code"].as_str().unwrap().contains('.')
    );
    // The ledger is empty and needs no network.
    assert_eq!(t.ok("ledger_attempts", json!({"limit": 5})), json!([]));
    assert_eq!(t.ok("ledger_receipts", json!({})), json!([]));
}

#[test]
fn my_practices_with_their_deadline_and_timeline() {
    let t = app();
    open_practice(&t);
    let mine = t.ok("practices_mine", json!({"applicant": "rssmra80a01d542x"}));
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["practice"]["id"], "SUAP-1");
    assert!(mine[0]["clock"]["due"].is_string());
    let d = t.ok("practice_detail", json!({"id": "SUAP-1"}));
    assert!(!d["timeline"].as_array().unwrap().is_empty());
    let next = t.ok("practice_transitions", json!({"id": "SUAP-1"}));
    assert!(!next.as_array().unwrap().is_empty());
    let desk = t.ok("desk_practices", json!({"openOnly": true}));
    assert_eq!(desk.as_array().unwrap().len(), 1);
}

pub fn open_practice(t: &support::TestApp) {
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

#[test]
fn the_desk_without_a_hub_queues_nothing_and_says_so() {
    let t = app();
    let s = t.ok("hub_status", json!({"limit": 5}));
    assert_eq!(s["pending"], 0);
    assert!(s["session"].is_null());
    let e = t
        .call(
            "hub_event",
            json!({"practiceId": "SUAP-1", "kind": "note", "note": "x"}),
        )
        .unwrap_err();
    assert!(!e["code"].as_str().unwrap().is_empty());
    let e = t.call("hub_sync", json!({})).unwrap_err();
    assert!(!e["message"].as_str().unwrap().is_empty());
}

#[test]
fn the_capability_allows_exactly_the_commands_there_are() {
    let cap: Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let allowed: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let commands: Vec<String> = campanile_desktop::commands::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(allowed, commands);
    let build = include_str!("../build.rs");
    for c in &commands {
        assert!(build.contains(&format!("\"{c}\"")), "{c} not in build.rs");
    }
    // Every command the page calls exists.
    let ui = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/screens"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .chain([
            include_str!("../ui/src/app.js").to_string(),
            include_str!("../ui/src/map.js").to_string(),
        ])
        .collect::<String>();
    for c in &commands {
        assert!(ui.contains(&format!("'{c}'")), "the page never calls {c}");
    }
}

#[test]
fn the_csp_allows_no_remote_script() {
    let conf: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["default-src"], "'self'");
    let connect = csp["connect-src"].as_str().unwrap();
    assert!(connect.contains("tiles:"));
    assert!(!connect.contains("https:") && !connect.contains('*'));
}
