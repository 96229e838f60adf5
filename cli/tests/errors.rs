//! Every command fails the same way: with `--json`, one document `{"error": {"class", "code",
//! "message", "details"}}` on stdout, and the exit code of its class — one table for all. A
//! closed stdout ends a command quietly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_campanile");

/// The exit code of each class, as the README gives it.
fn exit_code(class: &str) -> i32 {
    match class {
        "internal" => 1,
        "bad-input" => 3,
        "unavailable" => 4,
        "outcome-unknown" => 5,
        "not-found" => 6,
        "conflict" => 7,
        other => panic!("unknown class {other}"),
    }
}

fn run(db: &std::path::Path, args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(BIN)
        .arg("--json")
        .arg("--lang")
        .arg("en")
        .arg("--db")
        .arg(db)
        .args(args)
        .env(
            "CAMPANILE_KEYRING_SERVICE",
            format!("campanile-errors-{}", std::process::id()),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON document ({e}): {stdout}"));
    (
        out.status.code().unwrap_or(-1),
        doc,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_command_fails_with_the_same_shape_and_its_class_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let missing = dir.path().join("none.pmtiles");
    let missing = missing.to_str().unwrap();
    // One failing call of every top-level command, and the class it must give.
    let cases: &[(&[&str], &str)] = &[
        (&["beacons", "parse", "zz"], "bad-input"),
        (&["data", "search", "museo", "--near", "95,12"], "bad-input"),
        (
            &["data", "near", "43.1,13.7", "--category", "spaceport"],
            "bad-input",
        ),
        (&["tiles", "info", missing], "bad-input"),
        (&["pay", "parse", "123"], "bad-input"),
        (
            &[
                "pay",
                "status",
                "PAGOPA|002|300715700000000032|00085240950|12345",
                "--base-url",
                "http://127.0.0.1:9/",
                "--timeout",
                "1",
            ],
            "internal",
        ),
        (
            &["positions", "status", "x", "--creditor", "123"],
            "bad-input",
        ),
        (&["secrets", "set", "no-such-secret"], "bad-input"),
        (&["procedures", "show", "NOPE"], "not-found"),
        (&["practices", "timeline", "NOPE-1"], "not-found"),
        (&["invoices", "status", "42"], "not-found"),
    ];
    let mut seen: BTreeMap<String, i32> = BTreeMap::new();
    for (args, class) in cases {
        let (code, doc, stderr) = run(&db, args);
        let err = doc
            .get("error")
            .unwrap_or_else(|| panic!("{args:?}: no error object: {doc}"));
        let obj = err.as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["class", "code", "details", "message"],
            "{args:?}: {doc}"
        );
        assert_eq!(doc.as_object().unwrap().len(), 1, "{args:?}: {doc}");
        assert_eq!(err["class"], *class, "{args:?}: {doc}");
        assert!(
            err["code"].as_str().unwrap().contains('.'),
            "{args:?}: the code is domain.name: {doc}"
        );
        assert!(!err["message"].as_str().unwrap().is_empty(), "{args:?}");
        assert!(err["details"].is_object(), "{args:?}: {doc}");
        assert_eq!(code, exit_code(class), "{args:?}: {doc}");
        // Nothing on stderr with --json but log lines: no second message, no backtrace.
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        seen.insert(err["code"].as_str().unwrap().to_string(), code);
    }
    println!("{} commands, codes seen: {seen:?}", cases.len());
}

/// Each class has its own exit code, none of them success (0) or clap's usage error (2).
#[test]
fn each_class_has_one_exit_code() {
    let classes = [
        "internal",
        "bad-input",
        "unavailable",
        "outcome-unknown",
        "not-found",
        "conflict",
    ];
    let codes: std::collections::BTreeSet<i32> = classes.iter().map(|c| exit_code(c)).collect();
    assert_eq!(codes.len(), classes.len());
    assert!(!codes.contains(&0) && !codes.contains(&2));
}

/// A reader that goes away (`campanile … | head`) ends the command quietly: exit 0, no panic,
/// no "Broken pipe" on stderr. The output is larger than a pipe holds, so the command is
/// still writing when the reader leaves.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/sample/pois-piceno-fermano.csv"
    );
    let import = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["data", "import", sample])
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    let mut child = Command::new(BIN)
        .args(["--lang", "en", "--json", "--db"])
        .arg(&db)
        .args(["data", "search", "a", "--limit", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0_u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    assert_eq!(first[0], b'{');
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
