#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `campanile secrets`, run as a person would: the value goes in on standard input, and it never
//! comes out — not on stdout, not on stderr, not with `-vv` logging, not in errors. Runs
//! against the real OS keyring under a throw-away service (`CAMPANILE_KEYRING_SERVICE`), which
//! the test empties at the end.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use campanile_core::secrets::{SecretName, Secrets};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn campanile(service: &str, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_campanile"))
        .args(args)
        .env("CAMPANILE_KEYRING_SERVICE", service)
        .env("CAMPANILE_DB", "/nonexistent/never-opened.db")
        .env_remove("CAMPANILE_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// The throw-away service, emptied when dropped (also when an assertion fails).
struct Service(String);

impl Service {
    fn new() -> Service {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        Service(format!("campanile-cli-test-{}-{nanos}", std::process::id()))
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Ok(s) = Secrets::open_service(&self.0) {
            for name in SecretName::ALL {
                let _ = s.unset(name);
            }
        }
    }
}

fn assert_hidden(run: &Run, value: &str, what: &str) {
    assert!(
        !run.stdout.contains(value) && !run.stderr.contains(value),
        "{what}: the value shows:\nstdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn set_list_unset_never_show_the_value() {
    let service = Service::new();
    let s = service.0.as_str();
    let value = format!("9f1c{:028x}", std::process::id() as u128 * 104_729);

    let before = campanile(s, &["--lang", "en", "secrets", "list"], "");
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert!(before.stdout.contains("pagopa-gpd-key") && before.stdout.contains("not set"));

    // Set, with the most verbose logging, the value on stdin with its line break.
    let set = campanile(
        s,
        &["-vv", "--lang", "en", "secrets", "set", "pagopa-gpd-key"],
        &format!("{value}\n"),
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(
        set.stdout.contains("pagopa-gpd-key stored"),
        "{}",
        set.stdout
    );
    assert!(
        set.stderr.contains("secret stored"),
        "no -vv log: {}",
        set.stderr
    );
    assert_hidden(&set, &value, "set -vv");
    // What was stored is the line, without its line break.
    let stored = Secrets::open_service(s).unwrap();
    assert_eq!(
        stored
            .get(SecretName::PagopaGpdKey)
            .unwrap()
            .unwrap()
            .expose(),
        value
    );

    let list = campanile(s, &["-vv", "--json", "secrets", "list"], "");
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert_hidden(&list, &value, "list -vv --json");
    let doc: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(doc["service"], s);
    let states: Vec<(String, bool)> = doc["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["set"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ("pagopa-checkout-key".to_string(), false),
            ("pagopa-payment-requests-key".to_string(), false),
            ("pagopa-gpd-key".to_string(), true),
            ("hub-token".to_string(), false),
            ("oidc-client-secret".to_string(), false),
        ]
    );
    let text_list = campanile(s, &["--lang", "it", "secrets", "list"], "");
    let rows: Vec<Vec<&str>> = text_list
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        rows.contains(&vec!["pagopa-gpd-key", "impostato"])
            && rows.contains(&vec!["pagopa-checkout-key", "non", "impostato"]),
        "{}",
        text_list.stdout
    );
    assert_hidden(&text_list, &value, "list");

    let unset = campanile(
        s,
        &["-vv", "--lang", "en", "secrets", "unset", "pagopa-gpd-key"],
        "",
    );
    assert_eq!(unset.code, 0, "{}", unset.stderr);
    assert!(unset.stdout.contains("removed"), "{}", unset.stdout);
    assert_hidden(&unset, &value, "unset -vv");
    assert!(stored.get(SecretName::PagopaGpdKey).unwrap().is_none());
    let again = campanile(
        s,
        &["--lang", "en", "secrets", "unset", "pagopa-gpd-key"],
        "",
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("was not set"), "{}", again.stdout);
}

#[test]
fn bad_names_and_values_are_refused_without_echoing_the_value() {
    let service = Service::new();
    let s = service.0.as_str();

    let unknown = campanile(
        s,
        &["--lang", "en", "secrets", "set", "pagopa-gdp-key"],
        "whatever-value\n",
    );
    assert_eq!(unknown.code, 3);
    assert!(
        unknown.stderr.contains("pagopa-gdp-key") && unknown.stderr.contains("pagopa-gpd-key"),
        "the error names the wrong name and the right ones: {}",
        unknown.stderr
    );
    assert_hidden(&unknown, "whatever-value", "unknown name");

    let spaced = "abcd efgh ijkl mnop";
    let bad = campanile(
        s,
        &[
            "-vv",
            "--lang",
            "en",
            "secrets",
            "set",
            "pagopa-checkout-key",
        ],
        spaced,
    );
    assert_eq!(bad.code, 3);
    assert!(bad.stderr.contains("position 5"), "{}", bad.stderr);
    assert_hidden(&bad, spaced, "value with spaces");

    let two_lines = "first-line-of-it\nsecond-line-of-it\n";
    let lines = campanile(
        s,
        &["--lang", "en", "secrets", "set", "pagopa-checkout-key"],
        two_lines,
    );
    assert_eq!(lines.code, 3);
    assert!(
        lines.stderr.contains("more than one line"),
        "{}",
        lines.stderr
    );
    assert_hidden(&lines, "first-line-of-it", "two lines");
    assert_hidden(&lines, "second-line-of-it", "two lines");

    let empty = campanile(
        s,
        &["--lang", "en", "secrets", "set", "pagopa-checkout-key"],
        "",
    );
    assert_eq!(empty.code, 3);
    assert!(empty.stderr.contains("empty"), "{}", empty.stderr);

    let stored = Secrets::open_service(s).unwrap();
    assert!(stored.list().unwrap().is_empty(), "nothing was stored");

    // The value is never taken from the command line.
    let argv = campanile(
        s,
        &["secrets", "set", "pagopa-checkout-key", "0123456789abcdef"],
        "",
    );
    assert_eq!(argv.code, 2, "{}", argv.stderr);
}
