#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `campanile positions`, run as counter staff would, against a fake of the platform's debt
//! positions service on 127.0.0.1 (`campanile_testkit::gpd::FakeGpd`, which keeps positions
//! and answers in the specification's shapes): create → status → print (the PDF read back with
//! poppler's `pdftotext`) → a payment → receipts → invalidate, and each way it can fail with its
//! exit code and words: a bad file, no key, 401, 404, 409, a platform that does not answer.
//!
//! The subscription key goes into the real OS keyring with `campanile secrets set`, under a
//! throw-away service (`CAMPANILE_KEYRING_SERVICE`) emptied at the end; it must never show in
//! what the command prints. Needs `pdftotext` (Debian `poppler-utils`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use campanile_core::secrets::{SecretName, Secrets};
use campanile_testkit::gpd::{FakeGpd, GpdFault};
use serde_json::{Value, json};

const ORG: &str = "00085240950";
const IUPD: &str = "00085240950-tari-2026-0001";
const IUPD2: &str = "00085240950-tari-2026-0002";

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

/// The throw-away keyring service, emptied when dropped (also when an assertion fails).
struct Service(String);

impl Service {
    fn new(test: &str) -> Service {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        Service(format!(
            "campanile-positions-{test}-{}-{nanos}",
            std::process::id()
        ))
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

static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Runs `campanile` in a blocking task, so that the fake keeps answering meanwhile.
async fn campanile(service: &str, args: &[&str], stdin: &str) -> Run {
    let service = service.to_string();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let stdin = stdin.to_string();
    tokio::task::spawn_blocking(move || {
        let db = std::env::temp_dir().join(format!(
            "campanile-positions-{}-{}.db",
            std::process::id(),
            RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let mut child = Command::new(env!("CARGO_BIN_EXE_campanile"))
            .args(&args)
            .env("CAMPANILE_KEYRING_SERVICE", service)
            // Each run its own database: the commands open one (the handle), and runs of the
            // tests side by side must not share a file.
            .env("CAMPANILE_DB", &db)
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
        // The run's database goes with it (and its WAL files, should the run have left them).
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    })
    .await
    .unwrap()
}

fn key() -> String {
    format!("gpd{:029x}", std::process::id() as u128 * 7_919)
}

fn assert_hidden(run: &Run, value: &str) {
    assert!(
        !run.stdout.contains(value) && !run.stderr.contains(value),
        "the key shows:\n{run:?}"
    );
}

/// Every platform command takes these.
fn on<'a>(server: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(["--creditor", ORG, "--base-url", server, "--timeout", "5"]);
    v
}

/// A school-canteen position: in full, or in two installments.
fn position_file() -> Value {
    let transfer = |cents: &str| {
        json!([{ "amount": cents, "iban": "IT60X0542811101000000123456",
                 "remittance": "Mensa scolastica 2026/27", "category": "9/0101100IM/" }])
    };
    json!({
        "iupd": IUPD,
        "company_name": "Comune di Fermo",
        "office_name": "Servizi scolastici",
        "creditor": { "info": "www.comune.fermo.it - 0734 2841", "cbill": "A1B2C" },
        "debtor": { "fiscal_code": "RSSMRA80A01H501U", "name": "Mario Rossi",
                    "street": "Via Roma", "civic_number": "1", "postal_code": "63900",
                    "city": "Fermo", "province": "FM", "email": "mario.rossi@example.it" },
        "options": [
            { "iuv": "00715700000000032", "amount": "120.00",
              "description": "Mensa scolastica 2026/27", "due_date": "2027-07-31",
              "transfers": transfer("120.00") },
            { "iuv": "00715700000000133", "amount": "60,00", "installment": true,
              "description": "Mensa scolastica 2026/27, prima rata", "due_date": "2027-07-31",
              "transfers": transfer("60") },
            { "iuv": "00715700000000234", "amount": 60, "installment": true,
              "description": "Mensa scolastica 2026/27, seconda rata", "due_date": "2027-10-31",
              "transfers": transfer("60.00") }
        ]
    })
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path.display().to_string()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

async fn set_key(service: &str, key: &str) {
    let set = campanile(
        service,
        &["secrets", "set", "pagopa-gpd-key"],
        &format!("{key}\n"),
    )
    .await;
    assert_eq!(set.code, 0, "{set:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_status_print_pay_and_invalidate() {
    let service = Service::new("flow");
    let s = service.0.as_str();
    let key = key();
    let server = FakeGpd::start(&key).await;
    let url = server.url();
    set_key(s, &key).await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "mensa.json", &position_file());

    // Create, published at once.
    let created = campanile(
        s,
        &on(
            &url,
            &["-vv", "--json", "positions", "create", &file, "--publish"],
        ),
        "",
    )
    .await;
    assert_eq!(created.code, 0, "{created:?}");
    assert_hidden(&created, &key);
    let doc = created.json();
    assert_eq!(doc["created"], true);
    assert_eq!(doc["status"], "valid");
    assert_eq!(doc["options"][0]["notice_number"], "300715700000000032");
    // What reached the platform: the spec's body, the key in the spec's header.
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].path, format!("/organizations/{ORG}/debtpositions"));
    assert_eq!(
        sent[0].query,
        vec![("toPublish".to_string(), "true".to_string())]
    );
    assert_eq!(sent[0].key.as_deref(), Some(key.as_str()));
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body["fullName"], "Mario Rossi");
    assert_eq!(body["streetName"], "Via Roma");
    assert_eq!(body["paymentOption"][1]["amount"], 6000);
    assert_eq!(body["paymentOption"][1]["isPartialPayment"], true);
    assert_eq!(body["paymentOption"][2]["dueDate"], "2027-10-31T22:59:59Z");

    // Its status, in words and as JSON.
    let status = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert_eq!(status.code, 0, "{status:?}");
    assert!(
        status
            .stdout
            .contains(&format!("Debt position {IUPD}: unpaid")),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("In full 3007 1570 0000 0000 32: €120.00, due 31 July 2027"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("Installment 3007 1570 0000 0002 34: €60.00, due 31 October 2027"),
        "{}",
        status.stdout
    );
    let it = campanile(
        s,
        &on(&url, &["--lang", "it", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert!(it.stdout.contains("da pagare"), "{}", it.stdout);
    let doc = campanile(s, &on(&url, &["--json", "positions", "status", IUPD]), "")
        .await
        .json();
    assert_eq!(doc["status"], "valid");
    assert_eq!(doc["paid"], false);
    assert_eq!(doc["payable"], true);

    // The printed notice: without the file the platform's copy has no debtor.
    let pdf = dir.path().join("avviso.pdf");
    let pdf_arg = pdf.display().to_string();
    let no_from = campanile(
        s,
        &on(
            &url,
            &[
                "--lang",
                "en",
                "positions",
                "print",
                IUPD,
                "--out",
                &pdf_arg,
            ],
        ),
        "",
    )
    .await;
    assert_eq!(no_from.code, 3, "{no_from:?}");
    assert!(
        no_from.stderr.contains("debtor") && no_from.stderr.contains("--from"),
        "{}",
        no_from.stderr
    );
    assert!(!pdf.exists());
    let printed = campanile(
        s,
        &on(
            &url,
            &[
                "--lang",
                "en",
                "positions",
                "print",
                IUPD,
                "--out",
                &pdf_arg,
                "--from",
                &file,
            ],
        ),
        "",
    )
    .await;
    assert_eq!(printed.code, 0, "{printed:?}");
    assert!(
        printed.stdout.contains("3 payment options"),
        "{}",
        printed.stdout
    );
    let text = pdftotext(&pdf);
    for expected in [
        "PAYMENT NOTICE",
        "3007 1570 0000 0000 32",
        "3007 1570 0000 0001 33",
        "3007 1570 0000 0002 34",
        "€120.00",
        "€60.00",
        "31/07/2027",
        "Mario Rossi",
        "RSSMRA80A01H501U",
        "Comune di Fermo",
        "Via Roma 1, 63900 Fermo (FM)",
        "Mensa scolastica 2026/27",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    // In Italian too.
    let pdf_it = dir.path().join("avviso-it.pdf");
    let printed = campanile(
        s,
        &on(
            &url,
            &[
                "--lang",
                "it",
                "positions",
                "print",
                IUPD,
                "--out",
                &pdf_it.display().to_string(),
                "--from",
                &file,
            ],
        ),
        "",
    )
    .await;
    assert_eq!(printed.code, 0, "{printed:?}");
    let text = pdftotext(&pdf_it);
    assert!(
        text.contains("AVVISO DI PAGAMENTO") && text.contains("120,00"),
        "{text}"
    );

    // Invalidate: no longer payable, no longer printable; twice is a conflict.
    let inv = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "invalidate", IUPD]),
        "",
    )
    .await;
    assert_eq!(inv.code, 0, "{inv:?}");
    assert!(
        inv.stdout.contains("invalidated: invalid"),
        "{}",
        inv.stdout
    );
    let again = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "invalidate", IUPD]),
        "",
    )
    .await;
    assert_eq!(again.code, 7, "a conflict: {again:?}");
    assert!(
        again.stderr.contains("refused the change") && again.stderr.contains("INVALID"),
        "{}",
        again.stderr
    );
    let printed = campanile(
        s,
        &on(
            &url,
            &[
                "--lang",
                "en",
                "positions",
                "print",
                IUPD,
                "--out",
                &pdf_arg,
                "--from",
                &file,
            ],
        ),
        "",
    )
    .await;
    assert_eq!(printed.code, 7, "not payable is a conflict: {printed:?}");
    assert!(
        printed.stderr.contains("has been invalidated"),
        "{}",
        printed.stderr
    );

    // A second position, which a payer pays in part: partially paid, one receipt, on the
    // platform's word; a partially paid position can no longer be invalidated.
    let mut second = position_file();
    second["iupd"] = json!(IUPD2);
    for (i, iuv) in [
        "00715700000000335",
        "00715700000000436",
        "00715700000000537",
    ]
    .iter()
    .enumerate()
    {
        second["options"][i]["iuv"] = json!(iuv);
    }
    let second_file = write(dir.path(), "second.json", &second);
    let created = campanile(
        s,
        &on(&url, &["positions", "create", &second_file, "--publish"]),
        "",
    )
    .await;
    assert_eq!(created.code, 0, "{created:?}");
    server.pay(ORG, IUPD2, "00715700000000436");
    let status = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", IUPD2]),
        "",
    )
    .await;
    assert!(
        status.stdout.contains("partially paid"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("through Banca Esempio S.p.A., receipt rec-00715700000000436"),
        "{}",
        status.stdout
    );
    let receipt = campanile(
        s,
        &on(
            &url,
            &["--json", "positions", "receipt", IUPD2, "00715700000000436"],
        ),
        "",
    )
    .await;
    assert_eq!(receipt.code, 0, "{receipt:?}");
    let doc = receipt.json();
    assert_eq!(doc["receipts"].as_array().unwrap().len(), 1);
    assert_eq!(doc["receipts"][0]["receipt_id"], "rec-00715700000000436");
    assert_eq!(doc["receipts"][0]["amount_cents"], 6000);
    // By notice code, not paid: no receipt.
    let unpaid = campanile(
        s,
        &on(
            &url,
            &[
                "--lang",
                "en",
                "positions",
                "receipt",
                IUPD2,
                "300715700000000537",
            ],
        ),
        "",
    )
    .await;
    assert_eq!(unpaid.code, 0, "{unpaid:?}");
    assert!(unpaid.stdout.contains("no receipt"), "{}", unpaid.stdout);
    let none = campanile(
        s,
        &on(
            &url,
            &["--lang", "en", "positions", "receipt", IUPD2, "99999"],
        ),
        "",
    )
    .await;
    assert_eq!(none.code, 3, "{none:?}");
    assert!(none.stderr.contains("99999"), "{}", none.stderr);

    let inv = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "invalidate", IUPD2]),
        "",
    )
    .await;
    assert_eq!(inv.code, 7, "a conflict: {inv:?}");
    assert!(inv.stderr.contains("PARTIALLY_PAID"), "{}", inv.stderr);

    // A status this version does not know is unknown, never paid.
    server.set_status(ORG, IUPD, "SOMETHING_NEW");
    let status = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert_eq!(status.code, 0, "{status:?}");
    let first = status.stdout.lines().next().unwrap();
    assert!(
        first.contains("unknown") && first.contains("SOMETHING_NEW") && !first.contains(": paid"),
        "{first}"
    );
    let doc = campanile(s, &on(&url, &["--json", "positions", "status", IUPD]), "")
        .await
        .json();
    assert_eq!(doc["status"], "unknown");
    assert_eq!(doc["status_given"], "SOMETHING_NEW");
    assert_eq!(doc["paid"], false);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.key.as_deref() == Some(key.as_str()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_has_its_exit_code_and_words() {
    let service = Service::new("faults");
    let s = service.0.as_str();
    let key = key();
    let server = FakeGpd::start(&key).await;
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "mensa.json", &position_file());

    // A bad file: exit 3, naming the file, the option, the transfer and the field — checked
    // before the key is even looked for.
    let mut bad = position_file();
    bad["options"][1]["transfers"][0]["amount"] = json!("60.001");
    let bad_file = write(dir.path(), "bad.json", &bad);
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "create", &bad_file]),
        "",
    )
    .await;
    assert_eq!(run.code, 3, "{run:?}");
    for expected in [
        "bad.json",
        "payment option 2",
        "transfer 1",
        "“amount”",
        "60.001",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    let mut bad = position_file();
    bad["debtor"]["fiscal_code"] = json!("RSSMRA80A01H501X");
    let bad_file = write(dir.path(), "bad-debtor.json", &bad);
    let run = campanile(
        s,
        &on(&url, &["--lang", "it", "positions", "create", &bad_file]),
        "",
    )
    .await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("non è valida") && run.stderr.contains("RSSMRA80A01H501X"),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n  \"iupd\": \"x\",\n  oops\n}",
    )
    .unwrap();
    let broken = dir.path().join("broken.json").display().to_string();
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "create", &broken]),
        "",
    )
    .await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("Line 3"), "{}", run.stderr);
    let missing = dir.path().join("missing.json").display().to_string();
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "create", &missing]),
        "",
    )
    .await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);

    // No key in the keyring: exit 1, saying how to store it; nothing sent.
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "create", &file]),
        "",
    )
    .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("campanile secrets set pagopa-gpd-key"),
        "{}",
        run.stderr
    );
    assert!(
        server.requests().is_empty(),
        "something reached the platform"
    );

    // A key the platform refuses: 401, exit 1 (the device's configuration, like a missing key).
    set_key(s, "not-the-right-key-0000").await;
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("refused the subscription key"),
        "{}",
        run.stderr
    );
    assert_hidden(&run, "not-the-right-key-0000");
    set_key(s, &key).await;

    // 404: no such position.
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", "nope-1"]),
        "",
    )
    .await;
    assert_eq!(run.code, 6, "not found: {run:?}");
    assert!(
        run.stderr.contains("Not found") && run.stderr.contains("nope-1"),
        "{}",
        run.stderr
    );
    let run = campanile(
        s,
        &on(&url, &["--json", "positions", "status", "nope-1"]),
        "",
    )
    .await;
    assert_eq!(run.code, 6);
    assert_eq!(run.json()["error"]["class"], "not-found");
    assert_eq!(run.json()["error"]["details"]["outcome"], "not-found");

    // 409: the same position twice.
    let run = campanile(s, &on(&url, &["positions", "create", &file]), "").await;
    assert_eq!(run.code, 0, "{run:?}");
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "create", &file]),
        "",
    )
    .await;
    assert_eq!(run.code, 7, "a conflict: {run:?}");
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    // A draft is not printed.
    let pdf = dir.path().join("draft.pdf").display().to_string();
    let run = campanile(
        s,
        &on(
            &url,
            &[
                "--lang",
                "en",
                "positions",
                "print",
                IUPD,
                "--out",
                &pdf,
                "--from",
                &file,
            ],
        ),
        "",
    )
    .await;
    assert_eq!(run.code, 7, "not payable yet is a conflict: {run:?}");
    assert!(run.stderr.contains("is a draft"), "{}", run.stderr);
    let publish = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "publish", IUPD]),
        "",
    )
    .await;
    assert_eq!(publish.code, 0, "{publish:?}");
    assert!(
        publish.stdout.contains("published: unpaid"),
        "{}",
        publish.stdout
    );

    // A platform that does not answer a change: exit 5, the outcome is unknown, and the
    // message says how to check before repeating it. A read that gets no answer: exit 4.
    server.fault(Some(GpdFault::Hang));
    let mut other = position_file();
    other["iupd"] = json!("00085240950-tari-2026-0002");
    let other_file = write(dir.path(), "other.json", &other);
    let mut args = on(&url, &["--lang", "en", "positions", "create", &other_file]);
    let n = args.len();
    args[n - 1] = "1";
    let run = campanile(s, &args, "").await;
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr.contains("did not answer in time")
            && run
                .stderr
                .contains("campanile positions status 00085240950-tari-2026-0002"),
        "{}",
        run.stderr
    );
    let mut args = on(&url, &["--json", "positions", "invalidate", IUPD]);
    let n = args.len();
    args[n - 1] = "1";
    let run = campanile(s, &args, "").await;
    assert_eq!(run.code, 5, "{run:?}");
    let doc = run.json();
    assert_eq!(doc["error"]["class"], "outcome-unknown");
    assert_eq!(doc["error"]["code"], "pagopa.timeout");
    assert_eq!(doc["error"]["details"]["outcome"], "timeout");
    assert_eq!(doc["error"]["details"]["position"], IUPD);
    server.fault(Some(GpdFault::Status(503)));
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert_eq!(run.code, 4, "{run:?}");
    server.fault(Some(GpdFault::Drop));
    let run = campanile(
        s,
        &on(&url, &["--lang", "en", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains("cannot be reached"), "{}", run.stderr);
    server.fault(None);

    // Nothing listening at all.
    let dead = "http://127.0.0.1:9/gpd/debt-positions-service/v1";
    let run = campanile(
        s,
        &on(dead, &["--lang", "en", "positions", "status", IUPD]),
        "",
    )
    .await;
    assert_eq!(run.code, 4, "{run:?}");

    // Bad options.
    let mut args = on(&url, &["--lang", "en", "positions", "status", IUPD]);
    args[6] = "00085240951";
    let run = campanile(s, &args, "").await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("--creditor"), "{}", run.stderr);
    let run = campanile(
        s,
        &[
            "positions",
            "status",
            IUPD,
            "--creditor",
            ORG,
            "--base-url",
            "not a url",
        ],
        "",
    )
    .await;
    assert_eq!(run.code, 3, "{run:?}");
    let run = campanile(s, &["positions", "status", IUPD], "").await;
    assert_eq!(run.code, 2, "no --creditor is a usage error: {run:?}");
    // The key is never taken from the command line.
    let run = campanile(
        s,
        &[
            "positions",
            "status",
            IUPD,
            "--creditor",
            ORG,
            "--key",
            &key,
        ],
        "",
    )
    .await;
    assert_eq!(run.code, 2, "{run:?}");
}

/// A comune with a postal account (a `postal_iban` on its transfers): every payment box of the
/// printed notice carries the Poste bulletin, its account taken from the postal IBAN.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postal_iban_prints_the_poste_bulletin_in_every_box() {
    let service = Service::new("bulletin");
    let s = service.0.as_str();
    let key = key();
    let server = FakeGpd::start(&key).await;
    let url = server.url();
    set_key(s, &key).await;
    let dir = tempfile::tempdir().unwrap();
    let mut position = position_file();
    for option in position["options"].as_array_mut().unwrap() {
        option["transfers"][0]["postal_iban"] = json!("IT51X0760103200000016302093");
    }
    // Poste's authorisation to print the bulletin, which the position file carries.
    position["creditor"]["poste_authorization"] = json!("AUT/CN/2026/4471");
    let file = write(dir.path(), "mensa.json", &position);
    let created = campanile(
        s,
        &on(&url, &["positions", "create", &file, "--publish"]),
        "",
    )
    .await;
    assert_eq!(created.code, 0, "{created:?}");

    for (lang, title, account) in [
        ("it", "BOLLETTINO POSTALE PA", "sul C/C n."),
        ("en", "POSTAL PAYMENT SLIP", "to postal account no."),
    ] {
        let pdf = dir.path().join(format!("avviso-{lang}.pdf"));
        let printed = campanile(
            s,
            &on(
                &url,
                &[
                    "--lang",
                    lang,
                    "positions",
                    "print",
                    IUPD,
                    "--out",
                    &pdf.display().to_string(),
                    "--from",
                    &file,
                ],
            ),
            "",
        )
        .await;
        assert_eq!(printed.code, 0, "{printed:?}");
        let text = pdftotext(&pdf);
        // One bulletin per option: in full and the two installments.
        assert_eq!(text.matches(title).count(), 3, "{lang}:\n{text}");
        assert_eq!(text.matches(account).count(), 3, "{lang}:\n{text}");
        assert!(text.contains("16302093"), "{lang}:\n{text}");
        assert!(text.contains("AUT/CN/2026/4471"), "{lang}:\n{text}");
        assert!(text.contains("BancoPosta"), "{lang}:\n{text}");
    }
}

/// `positions update`, `mark-paid` and `delete` as counter staff use them, against the fake
/// GPD: a correction before anyone paid, a payment taken at the counter, and a deletion GPD
/// refuses once the position is paid.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_mark_paid_and_delete() {
    let service = Service::new("update");
    let s = service.0.as_str();
    let key = key();
    let server = FakeGpd::start(&key).await;
    let url = server.url();
    set_key(s, &key).await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "mensa.json", &position_file());
    let run = |args: Vec<String>| {
        let s = s.to_string();
        let url = url.clone();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            campanile(&s, &on(&url, &args), "").await
        }
    };
    let created = run(vec![
        "positions".into(),
        "create".into(),
        file.clone(),
        "--publish".into(),
    ])
    .await;
    assert_eq!(created.code, 0, "{created:?}");
    // A corrected amount, before anyone paid.
    let mut corrected = position_file();
    corrected["options"][0]["amount"] = json!("125.00");
    corrected["options"][0]["transfers"][0]["amount"] = json!("125.00");
    let corrected = write(dir.path(), "corrected.json", &corrected);
    let updated = run(vec![
        "--lang".into(),
        "en".into(),
        "positions".into(),
        "update".into(),
        corrected,
        "--publish".into(),
    ])
    .await;
    assert_eq!(updated.code, 0, "{updated:?}");
    assert!(
        updated
            .stdout
            .contains(&format!("Debt position {IUPD} updated")),
        "{}",
        updated.stdout
    );
    assert_eq!(server.requests().last().unwrap().method, "PUT");
    // Paid at the counter.
    let paid = run(vec![
        "--lang".into(),
        "en".into(),
        "positions".into(),
        "mark-paid".into(),
        "3007 1570 0000 0000 32".into(),
        "--on".into(),
        "2026-11-30".into(),
    ])
    .await;
    assert_eq!(paid.code, 0, "{paid:?}");
    assert!(
        paid.stdout.contains("paid outside pagoPA"),
        "{}",
        paid.stdout
    );
    let status = run(vec![
        "--json".into(),
        "positions".into(),
        "status".into(),
        IUPD.into(),
    ])
    .await;
    assert_eq!(status.json()["status"], "paid", "{status:?}");
    // Paid: GPD refuses to delete it (a conflict, exit 7), and to take the payment again.
    let deleted = run(vec!["positions".into(), "delete".into(), IUPD.into()]).await;
    assert_eq!(deleted.code, 7, "{deleted:?}");
    let again = run(vec![
        "positions".into(),
        "mark-paid".into(),
        "300715700000000032".into(),
    ])
    .await;
    assert_eq!(again.code, 7, "{again:?}");
    // A payment cannot be recorded in the future; nothing is sent.
    let sent = server.requests().len();
    let future = run(vec![
        "positions".into(),
        "mark-paid".into(),
        "300715700000000032".into(),
        "--on".into(),
        "2999-01-01".into(),
    ])
    .await;
    assert_eq!(future.code, 3, "{future:?}");
    assert_eq!(server.requests().len(), sent);
}
