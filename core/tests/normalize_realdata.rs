//! Normalises the real files under `$CAMPANILE_REAL_DATA/opendata/` (see the folder's README for
//! what each one exercises). Skipped, saying so, when the variable is unset or the folder lacks a
//! file a test reads (`campanile_testkit::realdata`); failed instead when `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use campanile_core::opendata::normalize::{Normalized, ResourceContext, normalize};
use campanile_core::opendata::{Category, QuarantineReason};

/// The real open-data files, one of each quirk (see the folder's README).
const FILES: [&str; 6] = [
    "piemonte_musei_cp1252.csv",
    "catania_farmacie.csv",
    "campania_associazioni_bom.csv",
    "trento_eventi_comunweb_api.json",
    "ckan_demo_package_show.json",
    "ckan_demo_package_search.json",
];

/// `$CAMPANILE_REAL_DATA/opendata/` when it holds `files`, which `test` reads; otherwise the test
/// is skipped, saying so (or fails when `CI` is set).
#[track_caller]
fn opendata_dir(test: &str, files: &[&str]) -> Option<PathBuf> {
    let needs: Vec<String> = files.iter().map(|f| format!("opendata/{f}")).collect();
    let needs: Vec<&str> = needs.iter().map(String::as_str).collect();
    let test = format!("{}/{}::{test}", env!("CARGO_PKG_NAME"), module_path!());
    campanile_testkit::realdata::dir(&test, &needs).map(|d| d.join("opendata"))
}

fn ctx(file: &str, title: &str, tags: &[&str]) -> ResourceContext {
    ResourceContext {
        dataset_id: format!("file:{file}"),
        resource_id: file.to_string(),
        resource_name: file.to_string(),
        dataset_title: Some(title.to_string()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        licence: Some("test-licence".into()),
        attribution: Some("test-attribution".into()),
        format: None,
        crs: None,
    }
}

fn load(dir: &std::path::Path, file: &str, title: &str, tags: &[&str]) -> Normalized {
    let bytes = std::fs::read(dir.join(file)).unwrap();
    let out = normalize(&bytes, &ctx(file, title, tags)).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(
        out.rows as usize,
        out.pois.len() + out.quarantine.len(),
        "{file}"
    );
    for p in &out.pois {
        assert!(
            (35.2..=47.2).contains(&p.lat) && (6.5..=18.7).contains(&p.lon),
            "{file}: {p:?}"
        );
        assert_eq!(p.licence.as_deref(), Some("test-licence"));
    }
    out
}

#[test]
fn every_csv_and_json_file_normalises_without_panic() {
    let Some(dir) = opendata_dir("every_csv_and_json_file_normalises_without_panic", &FILES) else {
        return;
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "csv" | "json" | "geojson") {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).unwrap();
        match normalize(&bytes, &ctx(&name, "", &[])) {
            Ok(out) => {
                assert_eq!(
                    out.rows as usize,
                    out.pois.len() + out.quarantine.len(),
                    "{name}"
                );
                eprintln!(
                    "{name}: {} rows, {} POIs, {} quarantined",
                    out.rows,
                    out.pois.len(),
                    out.quarantine.len()
                );
            }
            // CKAN catalogue answers are not POI data: an error that says so is fine.
            Err(e) => eprintln!("{name}: not POI data: {e}"),
        }
    }
    assert!(
        seen >= 4,
        "expected the README's CSV/JSON files, found {seen}"
    );
}

#[test]
fn piemonte_musei_windows_1252() {
    let Some(dir) = opendata_dir(
        "piemonte_musei_windows_1252",
        &["piemonte_musei_cp1252.csv"],
    ) else {
        return;
    };
    let out = load(
        &dir,
        "piemonte_musei_cp1252.csv",
        "Musei del Piemonte",
        &["cultura"],
    );
    assert_eq!(out.rows, 469);
    let null_island = out
        .quarantine
        .iter()
        .filter(|q| q.reason == QuarantineReason::NullIsland)
        .count();
    assert_eq!(null_island, 19, "{:?}", out.quarantine);
    assert_eq!(out.quarantine.len(), 19, "{:?}", out.quarantine);
    assert_eq!(out.pois.len(), 450);
    // Smart quotes (0x92 → ’) decoded, doubled quotes unescaped.
    let martini = out
        .pois
        .iter()
        .find(|p| p.name.contains("Martini"))
        .unwrap();
    assert_eq!(
        martini.name,
        "Museo \"Martini\" di Storia dell'Enologia (Chieri)"
    );
    assert!(
        martini.descriptions["it"].contains("dell’uomo"),
        "{:?}",
        martini.descriptions
    );
    assert!(out.pois.iter().all(|p| p.category == Category::Museum));
    assert!(out.pois.iter().all(|p| {
        p.istat
            .as_ref()
            .is_some_and(|i| i.len() == 6 && i.bytes().all(|b| b.is_ascii_digit()))
    }));
    assert!(out.pois.iter().all(|p| !p.name.contains('\u{FFFD}')));
    // Piemonte: lat 44–46.5, lon 6.6–9.3.
    assert!(
        out.pois
            .iter()
            .all(|p| (44.0..46.5).contains(&p.lat) && (6.6..9.3).contains(&p.lon))
    );
    // Source ids are unique: no duplicate suffix.
    assert!(out.pois.iter().all(|p| !p.id.contains('#')));
}

#[test]
fn catania_farmacie_lon_before_lat() {
    let Some(dir) = opendata_dir("catania_farmacie_lon_before_lat", &["catania_farmacie.csv"])
    else {
        return;
    };
    let out = load(
        &dir,
        "catania_farmacie.csv",
        "Farmacie di Catania",
        &["farmacie", "sanità"],
    );
    assert_eq!(out.rows, 100);
    assert_eq!(out.pois.len(), 100, "{:?}", out.quarantine);
    for p in &out.pois {
        // Sicily.
        assert!(
            (36.6..38.4).contains(&p.lat) && (12.3..15.7).contains(&p.lon),
            "{p:?}"
        );
        assert_eq!(p.category, Category::Health);
        assert!(p.address.as_deref().is_some_and(|a| !a.is_empty()));
    }
    assert_eq!(out.pois[0].name, "COFFA ANTONINA");
    assert_eq!(
        out.pois[0].address.as_deref(),
        Some("VIA COLOMBO CRISTOFORO 25")
    );
    assert!((out.pois[0].lat - 37.500_405_74).abs() < 1e-9);
    assert!((out.pois[0].lon - 15.087_878_37).abs() < 1e-9);
}

#[test]
fn campania_associazioni_bom_all_quarantined() {
    let Some(dir) = opendata_dir(
        "campania_associazioni_bom_all_quarantined",
        &["campania_associazioni_bom.csv"],
    ) else {
        return;
    };
    let bytes = std::fs::read(dir.join("campania_associazioni_bom.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let out = load(&dir, "campania_associazioni_bom.csv", "Associazioni", &[]);
    assert_eq!(out.rows, 57);
    assert_eq!(out.pois.len(), 0);
    assert_eq!(out.quarantine.len(), 57);
    assert!(
        out.quarantine
            .iter()
            .all(|q| q.reason == QuarantineReason::MissingCoordinates)
    );
    let rows: Vec<u64> = out.quarantine.iter().map(|q| q.row).collect();
    assert_eq!(rows, (1..=57).collect::<Vec<_>>());
    // The BOM is stripped from the first header: with coordinates added, the name is read.
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with('\u{FEFF}'));
    let first = lines.next().unwrap();
    let patched = format!("{header};lat;lon\n{first};41,0;14,8\n");
    let out = normalize(patched.as_bytes(), &ctx("patched.csv", "", &[])).unwrap();
    assert_eq!(out.pois.len(), 1, "{:?}", out.quarantine);
    assert_eq!(
        out.pois[0].name,
        "Associazione di Promozione Sociale SannioIrpinia LAB"
    );
    assert_eq!(
        out.pois[0].comune.as_deref(),
        Some("San Martino Valle caudina")
    );
    assert_eq!(
        out.pois[0].email.as_deref(),
        Some("presidenza@sannioirpinialab.org")
    );
    assert_eq!(out.pois[0].phone.as_deref(), Some("824840422"));
    assert_eq!(
        out.pois[0].website.as_deref(),
        Some("www.sannioirpinialab.org")
    );
}

#[test]
fn trento_eventi_nodes_array() {
    let Some(dir) = opendata_dir(
        "trento_eventi_nodes_array",
        &["trento_eventi_comunweb_api.json"],
    ) else {
        return;
    };
    let out = load(&dir, "trento_eventi_comunweb_api.json", "Eventi", &[]);
    // The `nodes` array is read (not `metadata` or `requestedResponseGroups`).
    assert_eq!(out.rows, 100);
    // The API answer carries no coordinates: every node is quarantined, none silently.
    assert_eq!(out.pois.len(), 0);
    assert!(
        out.quarantine
            .iter()
            .all(|q| q.reason == QuarantineReason::MissingCoordinates)
    );
    // With a position added to each node, they map, named from `objectName`, as events.
    let text = std::fs::read_to_string(dir.join("trento_eventi_comunweb_api.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for node in v["nodes"].as_array_mut().unwrap() {
        node["geo"] = serde_json::json!({"latitude": 46.0667, "longitude": 11.1211});
    }
    let out = normalize(v.to_string().as_bytes(), &ctx("trento.json", "", &[])).unwrap();
    assert_eq!(out.pois.len(), 100, "{:?}", out.quarantine.first());
    assert_eq!(out.pois[0].name, "Mercato dell'artigianato artistico");
    assert_eq!(out.pois[2].name, "Mercato settimanale del giovedì");
    assert!(out.pois.iter().all(|p| p.category == Category::Event));
    assert!(
        out.pois[0]
            .website
            .as_deref()
            .is_some_and(|w| w.starts_with("http://www.comune.trento.it/Aree-tematiche"))
    );
    // objectRemoteId is unique per node → stable ids without suffixes.
    assert!(out.pois.iter().all(|p| !p.id.contains('#')));
}
