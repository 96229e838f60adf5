//! The `campanile` binary as a user or a script runs it: the bundled sample, output in JSON and
//! in two languages, and exit codes that tell usage errors, bad input and network failures apart.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sample() -> PathBuf {
    repo().join("assets/sample/pois-piceno-fermano.csv")
}

fn campanile(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_campanile"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn loaded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let v = json(&campanile(
        &db,
        &["--json", "data", "import", sample().to_str().unwrap()],
    ));
    let imported = &v["imported"][0];
    // Every row of the bundled sample is a place: nothing in quarantine.
    assert_eq!(imported["quarantined"], 0, "{v}");
    assert_eq!(imported["pois"], imported["rows"]);
    assert!(imported["pois"].as_u64().unwrap() >= 250, "{v}");
    (dir, db)
}

fn names(v: &Value) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["poi"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_bundled_sample_loads_and_answers_searches() {
    let (_dir, db) = loaded();
    let v = json(&campanile(
        &db,
        &["--json", "data", "search", "sant elpidio"],
    ));
    let hits = v["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["poi"]["comune"] == "Sant'Elpidio a Mare"
                || h["poi"]["name"].as_str().unwrap().contains("Sant'Elpidio")),
        "{v}"
    );
    let perche = names(&json(&campanile(
        &db,
        &["--json", "data", "search", "perche"],
    )));
    assert!(
        perche.iter().any(|n| n == "Pinacoteca Civica"),
        "{perche:?}"
    );
    let citta = names(&json(&campanile(
        &db,
        &["--json", "data", "search", "citta", "--category", "museum"],
    )));
    assert!(citta.iter().any(|n| n.contains("Civiltà")), "{citta:?}");

    // Nearest to Fermo's Piazza del Popolo: five places, nearest first, all within 2 km.
    let v = json(&campanile(
        &db,
        &["--json", "data", "near", "43.1605,13.7181", "--limit", "5"],
    ));
    let d: Vec<f64> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["distance_m"].as_f64().unwrap())
        .collect();
    assert_eq!(d.len(), 5);
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    assert!(d[4] < 2_000.0, "{d:?}");

    // Museums near Ascoli, by category, ranked by distance.
    let v = json(&campanile(
        &db,
        &[
            "--json",
            "data",
            "search",
            "museo",
            "--near",
            "42.8536,13.5749",
            "--comune",
            "044007",
        ],
    ));
    let hits = v["results"].as_array().unwrap();
    assert!(hits.len() >= 2);
    assert!(hits.iter().all(|h| h["poi"]["istat"] == "044007"));

    let stats = json(&campanile(&db, &["--json", "data", "stats"]));
    assert_eq!(stats["datasets"], 1);
    assert!(
        stats["by_category"].as_array().unwrap().len() >= 10,
        "{stats}"
    );
}

#[test]
fn text_output_follows_the_language() {
    let (_dir, db) = loaded();
    let it = campanile(&db, &["--lang", "it", "data", "stats"]);
    let en = campanile(&db, &["--lang", "en", "data", "stats"]);
    let (it, en) = (
        String::from_utf8_lossy(&it.stdout),
        String::from_utf8_lossy(&en.stdout),
    );
    assert!(
        it.contains("luoghi") && it.contains("Per categoria"),
        "{it}"
    );
    assert!(en.contains("places") && en.contains("By category"), "{en}");
    let none = campanile(&db, &["--lang", "en", "data", "search", "zzzzzz"]);
    assert!(String::from_utf8_lossy(&none.stdout).contains("No results"));
}

#[test]
fn exit_codes_tell_usage_bad_input_and_network_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let code = |args: &[&str]| campanile(&db, args).status.code().unwrap();
    // Usage errors.
    assert_eq!(code(&["data", "search"]), 2);
    assert_eq!(code(&["data", "frobnicate"]), 2);
    // Bad input.
    assert_eq!(code(&["data", "near", "north-ish"]), 3);
    assert_eq!(code(&["data", "near", "95,13"]), 3);
    assert_eq!(code(&["data", "search", "***"]), 3);
    assert_eq!(
        code(&["data", "search", "duomo", "--category", "castle"]),
        3
    );
    assert_eq!(code(&["data", "import", "/nonexistent/musei.csv"]), 3);
    let binary = dir.path().join("image.csv");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    assert_eq!(code(&["data", "import", binary.to_str().unwrap()]), 3);
    assert_eq!(
        code(&[
            "tiles",
            "get",
            repo()
                .join("assets/basemap/piceno-fermano.pmtiles")
                .to_str()
                .unwrap(),
            "12",
            "0",
            "0",
            "--out",
            dir.path().join("t").to_str().unwrap()
        ]),
        3
    );
    // Network: nothing listens on port 1.
    let out = campanile(
        &db,
        &[
            "--json",
            "data",
            "sync",
            "--portal",
            "http://127.0.0.1:1",
            "--timeout",
            "2",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["class"], "unavailable");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1:1")
    );
}

#[test]
fn errors_name_what_was_wrong_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let out = campanile(&db, &["--lang", "en", "data", "near", "north-ish"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("north-ish") && err.contains("LAT,LON"),
        "{err}"
    );
    let out = campanile(
        &db,
        &["--lang", "it", "data", "import", "/nonexistent/musei.csv"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/musei.csv") && err.contains("Impossibile leggere"),
        "{err}"
    );
}

/// A file most of whose rows are quarantined still imports (exit 0) but says so: on stderr in
/// the person's language, and as `mostly_quarantined` in JSON. A file none of whose rows is a
/// place is refused (exit 3), naming the columns tried.
#[test]
fn a_mostly_quarantined_file_says_so_and_an_empty_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mostly = dir.path().join("mostly.csv");
    std::fs::write(
        &mostly,
        "nome;indirizzo;lat;lon\nMuseo Civico;Via Roma 1;43,16;13,72\n\
         Pro Loco;Via Verdi 2;;\nCircolo;Piazza 3;;\n",
    )
    .unwrap();
    let out = campanile(&db, &["--json", "data", "import", mostly.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let m = &v["imported"][0]["mostly_quarantined"];
    assert_eq!(
        (m["rows"].as_u64(), m["mapped"].as_u64()),
        (Some(3), Some(1)),
        "{v}"
    );
    assert!(m["message"].as_str().unwrap().contains('3'), "{v}");
    let out = campanile(
        &db,
        &["--lang", "it", "data", "import", mostly.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("mostly.csv"), "{stderr}");
    let none = dir.path().join("none.csv");
    std::fs::write(&none, "nome;indirizzo\nPro Loco;Via Verdi 2\n").unwrap();
    let out = campanile(
        &db,
        &[
            "--json",
            "--lang",
            "en",
            "data",
            "import",
            none.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "data.no-records", "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("nome"),
        "{v}"
    );
}
