//! Every real open-data file under `$CAMPANILE_REAL_DATA/opendata/` goes through
//! `campanile data import`: a file of places imports with its quarantine report (every row a
//! place or a quarantined row, a record without coordinates quarantined); a file none of whose
//! rows is a place (no coordinates anywhere: associations, events, CKAN API answers) is refused
//! as bad input, naming the file, the columns it tried and an example row; a file that is no
//! list at all (a DCAT catalogue in RDF/XML) is refused as an unsupported format. Never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::Value;

#[test]
fn every_real_open_data_file_imports_or_is_refused_cleanly() {
    // The README's files, one of each kind; the test goes through every file of the folder.
    let needs = [
        "opendata/piemonte_musei_cp1252.csv",
        "opendata/catania_farmacie.csv",
        "opendata/campania_associazioni_bom.csv",
        "opendata/trento_eventi_comunweb_api.json",
        "opendata/alessandria_catalog_dcatapit.rdf",
        "opendata/ckan_demo_package_show.json",
        "opendata/ckan_demo_package_search.json",
    ];
    let test = format!(
        "{}/{}::every_real_open_data_file_imports_or_is_refused_cleanly",
        env!("CARGO_PKG_NAME"),
        module_path!()
    );
    let Some(root) = campanile_testkit::realdata::dir(&test, &needs) else {
        return;
    };
    let dir = root.join("opendata");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("c.db");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{}", dir.display());
    let (mut imported, mut refused) = (Vec::new(), Vec::new());
    for f in &files {
        let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
            .args(["--json", "--lang", "en", "--db"])
            .arg(&db)
            .arg("data")
            .arg("import")
            .arg(f)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {:?}", f.display(), out));
        match out.status.code() {
            Some(0) => {
                let r = &v["imported"][0];
                let rows = r["rows"].as_u64().unwrap();
                let pois = r["pois"].as_u64().unwrap();
                let quarantined = r["quarantined"].as_u64().unwrap();
                assert_eq!(rows, pois + quarantined, "{}: {v}", f.display());
                assert!(rows > 0, "{}: {v}", f.display());
                println!(
                    "{}: {rows} rows, {pois} places, {quarantined} quarantined",
                    f.display()
                );
                imported.push(f.file_name().unwrap().to_string_lossy().into_owned());
            }
            Some(3) => {
                let msg = v["error"]["message"].as_str().unwrap();
                let name = f.file_name().unwrap().to_string_lossy();
                assert!(msg.contains(name.as_ref()), "{msg}");
                if v["error"]["code"] == "data.no-records" {
                    // Which columns were tried, and a row to look at.
                    assert!(msg.contains("Columns read as the name"), "{msg}");
                    assert!(msg.contains("Row 1"), "{msg}");
                }
                println!("{}: refused: {msg}", f.display());
                refused.push((name.into_owned(), v["error"]["code"].clone()));
            }
            other => panic!("{}: exit {other:?}: {v}", f.display()),
        }
    }
    // The files of places import; those without a single place, and the catalogue, are refused.
    for name in ["piemonte_musei_cp1252.csv", "catania_farmacie.csv"] {
        assert!(imported.iter().any(|i| i == name), "{name}: {refused:?}");
    }
    for (name, code) in [
        ("campania_associazioni_bom.csv", "data.no-records"),
        ("trento_eventi_comunweb_api.json", "data.no-records"),
        ("ckan_demo_package_search.json", "data.no-records"),
        (
            "alessandria_catalog_dcatapit.rdf",
            "data.unsupported-format",
        ),
    ] {
        assert!(
            refused.iter().any(|(n, c)| n == name && c == code),
            "{name} not refused as {code}: {refused:?}"
        );
    }
    // The quarantine report lists the rows with their resource, row number and reason.
    let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
        .args(["--json", "--lang", "en", "--db"])
        .arg(&db)
        .args(["data", "quarantine", "--limit", "100000"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["quarantine"].as_array().unwrap();
    // The museums' 19 rows without coordinates; nothing of a refused file is stored.
    assert!(rows.len() >= 19, "{}", rows.len());
    assert!(
        rows.iter()
            .all(|r| !r["resource"].as_str().unwrap().contains("campania")),
        "a refused file left rows behind"
    );
    assert!(rows.iter().all(|r| r["row"].as_u64().unwrap() >= 1
        && !r["resource"].as_str().unwrap().is_empty()
        && !r["message"].as_str().unwrap().is_empty()));
}
