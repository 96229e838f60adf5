//! `campanile invoices …` as a script or a clerk sees it: the built binary, exit codes, text in
//! both languages and JSON; invoices and notifications made by the testkit, and the real files
//! when `$CAMPANILE_REAL_DATA` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use campanile_testkit::fatturapa::{PaySpec, Spec, notification, windows_1252};
use campanile_testkit::p7m::{SignOptions, base64_lines, sign, signer};
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        let db = self.dir.path().join("c.db");
        Command::new(env!("CARGO_BIN_EXE_campanile"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("CAMPANILE_DB")
            .output()
            .unwrap()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn json(&self, args: &[&str]) -> (Option<i32>, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let text = String::from_utf8(out.stdout).unwrap();
        let doc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (out.status.code(), doc)
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const FILE: &str = "IT01234567890_00017.xml";

fn invoice_spec() -> Spec {
    let mut spec = Spec::fpa12();
    spec.bodies[0].payment = Some(PaySpec {
        conditions: "TP02".into(),
        modality: "MP05".into(),
        terms_from: None,
        term_days: Some("30".into()),
        due: Some("2024-04-06".into()),
        amount: "1220.00".into(),
        iban: Some("IT60X0542811101000000123456".into()),
    });
    spec
}

#[test]
fn import_prints_the_fields_in_text_and_json() {
    let env = Env::new();
    let path = env.file(FILE, &invoice_spec().bytes());
    let out = env.run(&["--lang", "en", "invoices", "import", s(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "Imported one invoice",
        "FT-2024/17",
        "IT01234567890",
        "Tipografia Picena Srl",
        "UF1234",
        "2024-03-05",
        "€1,220.00",
        "sum of the summary lines",
        "TP02, MP05, due 2024-04-06, 30 days: €1,220.00, IBAN IT60X0542811101000000123456",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // The same file again: nothing new.
    let (code, doc) = env.json(&["invoices", "import", s(&path)]);
    assert_eq!(code, Some(0));
    assert_eq!(doc["already_imported"], true);
    assert_eq!(doc["format"], "FPA12");
    assert_eq!(doc["recipient_code"], "UF1234");
    assert_eq!(doc["supplier"]["vat_id"]["code"], "01234567890");
    assert_eq!(doc["bodies"][0]["number"], "FT-2024/17");
    assert_eq!(doc["bodies"][0]["total"], "1220.00");
    assert_eq!(doc["bodies"][0]["total_cents"], 122_000);
    assert_eq!(doc["bodies"][0]["total_source"], "summary-lines");
    assert_eq!(
        doc["bodies"][0]["payments"][0]["details"][0]["due_date"],
        "2024-04-06"
    );
    assert_eq!(doc["bodies"][0]["id"], doc["invoice_ids"][0]);
}

#[test]
fn a_windows_1252_file_is_read_with_its_accents_and_a_warning() {
    let env = Env::new();
    let mut spec = Spec::fpr12();
    spec.supplier_name = "Caffè della Città di Fermo".into();
    spec.declared_encoding = Some("UTF-8".into());
    let path = env.file("IT01234567890_00020.xml", &windows_1252(&spec.xml()));
    let out = env.run(&["--lang", "it", "invoices", "import", s(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Caffè della Città di Fermo"), "{text}");
    assert!(
        text.contains("dichiara UTF-8 ma è scritto in windows-1252"),
        "{text}"
    );
}

#[test]
fn a_bad_file_exits_3_saying_what_and_where() {
    let env = Env::new();
    let xml = Spec::fpa12()
        .xml()
        .replace("<Data>2024-03-05</Data>", "<Data>2024-02-30</Data>");
    let line = xml[..xml.find("<Data>2024-02-30").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let path = env.file("rotta.xml", xml.as_bytes());
    let out = env.run(&["--lang", "en", "invoices", "import", s(&path)]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("rotta.xml: <Data> is “2024-02-30”, not a date"),
        "{err}"
    );
    assert!(err.contains(&format!("(line {line}, column")), "{err}");
    let (code, doc) = env.json(&["invoices", "import", s(&path)]);
    assert_eq!(code, Some(3));
    assert_eq!(doc["error"]["class"], "bad-input");
    assert_eq!(doc["error"]["code"], "invoices.bad-file");
    assert_eq!(doc["error"]["details"]["tampered"], "false");
    assert_eq!(doc["error"]["details"]["line"], line.to_string());
    assert!(
        doc["error"]["details"]["element"]
            .as_str()
            .unwrap()
            .ends_with("DatiGeneraliDocumento/Data")
    );
    let missing = env.run(&["invoices", "import", "/nonexistent/fattura.xml"]);
    assert_eq!(missing.status.code(), Some(3));
    // Nothing was stored.
    let (_, list) = env.json(&["invoices", "status"]);
    assert_eq!(list["invoices"].as_array().unwrap().len(), 0);
}

#[test]
fn signed_files_are_verified_and_tampered_ones_refused() {
    let env = Env::new();
    let der = sign(&Spec::fpa12().bytes(), signer(), SignOptions::default());
    let b64 = env.file(
        "IT01234567890_00017.xml.p7m",
        base64_lines(&der, 76, "\r\n").as_bytes(),
    );
    let out = env.run(&["--lang", "en", "invoices", "import", s(&b64)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Intact, but who signed is not verified: no trusted list is configured (and this
    // certificate is self-signed), so the CLI never says "signature verified".
    let text = stdout(&out);
    assert!(
        text.contains("Signed by Mario Rossi: envelope intact; signer not verified (no trusted list configured)"),
        "{text}"
    );
    assert!(!text.contains("signature verified"), "{text}");
    let (code, doc) = env.json(&["invoices", "status", "1"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        doc["signers"][0]["trust"]["verdict"], "not-verified",
        "{doc}"
    );

    let mut tampered = der.clone();
    let at = tampered.windows(7).position(|w| w == b"1000.00").unwrap();
    tampered[at] = b'9';
    let path = env.file("IT01234567890_00099.xml.p7m", &tampered);
    let out = env.run(&["--lang", "en", "invoices", "import", s(&path)]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("TAMPERED envelope: the invoice inside is not the one that was signed"),
        "{err}"
    );
    let (code, doc) = env.json(&["invoices", "import", s(&path)]);
    assert_eq!(code, Some(3));
    assert_eq!(doc["error"]["details"]["tampered"], "true");
}

fn notification_file(env: &Env, kind: &str, root: &str, body: &str) -> PathBuf {
    env.file(
        &format!("IT01234567890_00017_{kind}_001.xml"),
        notification(root, Some("types"), body).as_bytes(),
    )
}

#[test]
fn from_delivery_to_a_late_payment() {
    let env = Env::new();
    let path = env.file(FILE, &invoice_spec().bytes());
    let (_, doc) = env.json(&["invoices", "import", s(&path)]);
    let id = doc["invoice_ids"][0].as_i64().unwrap().to_string();

    let rc = notification_file(
        &env,
        "RC",
        "RicevutaConsegna",
        &format!(
            "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione><DataOraConsegna>2024-03-07T09:00:00</DataOraConsegna>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune</Descrizione></Destinatario><MessageId>1</MessageId>"
        ),
    );
    let out = env.run(&["--lang", "en", "invoices", "notify", s(&rc)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Recorded the delivery receipt (RC) for invoice"),
        "{}",
        stdout(&out)
    );
    // SdI's signature checked: intact; no trusted list, so the signer is not verified.
    assert!(
        stdout(&out).contains(
            "Signed by Sistema Interscambio Fattura PA: signature intact; signer not verified"
        ),
        "{}",
        stdout(&out)
    );
    // Who signed it, and how that signer was judged, stay in the invoice's history.
    let out = env.run(&["--lang", "en", "invoices", "status", &id]);
    assert!(
        stdout(&out).contains("signed by Sistema Interscambio Fattura PA (signer not verified)"),
        "{}",
        stdout(&out)
    );
    let (_, doc) = env.json(&["invoices", "status", &id]);
    let rc_event = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "RC")
        .unwrap()
        .clone();
    assert_eq!(
        rc_event["detail"]["signer_trust"], "not-verified",
        "{rc_event}"
    );
    // The same receipt with its delivery date changed: refused as tampered, exit 3, nothing
    // recorded.
    let text = std::fs::read_to_string(&rc).unwrap();
    let forged = env.file(
        "IT01234567890_00017_RC_002.xml",
        text.replace("2024-03-07T09:00:00", "2024-02-07T09:00:00")
            .as_bytes(),
    );
    let out = env.run(&["--lang", "en", "invoices", "notify", s(&forged)]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("TAMPERED notification"),
        "{}",
        stderr(&out)
    );

    for (step, date) in [("registered", "2024-03-07"), ("assigned", "08/03/2024")] {
        let out = env.run(&[
            "invoices", "step", &id, step, "--date", date, "--note", "prot. 99",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // Paying before liquidating is impossible.
    let out = env.run(&[
        "--lang",
        "en",
        "invoices",
        "step",
        &id,
        "paid",
        "--date",
        "2024-04-01",
    ]);
    // A step the lifecycle refuses is a conflict (exit 7).
    assert_eq!(out.status.code(), Some(7));
    assert!(
        stderr(&out).contains("needs the liquidation first"),
        "{}",
        stderr(&out)
    );
    // A term beyond 60 days is refused, citing the law.
    let out = env.run(&["--lang", "en", "invoices", "term", &id, "90"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(
        stderr(&out).contains("D.Lgs 231/2002 art. 4 c. 4"),
        "{}",
        stderr(&out)
    );

    let ne = notification_file(
        &env,
        "NE",
        "NotificaEsito",
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>IT01234567890_00017.xml</NomeFile>
<EsitoCommittente><IdentificativoSdI>4711</IdentificativoSdI><Esito>EC01</Esito></EsitoCommittente><MessageId>2</MessageId>",
    );
    let out = env.run(&["invoices", "notify", s(&ne), "--date", "2024-03-09"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (step, date) in [("liquidated", "2024-04-10"), ("paid", "2024-04-16")] {
        let out = env.run(&["invoices", "step", &id, step, "--date", date]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    let (code, st) = env.json(&["invoices", "status", &id]);
    assert_eq!(code, Some(0));
    assert_eq!(st["sdi"], "accepted");
    assert_eq!(st["sdi_id"], "4711");
    assert_eq!(st["step"], "paid");
    assert_eq!(st["steps"]["assigned"], "2024-03-08");
    assert_eq!(st["term"]["runs_from"], "2024-03-07");
    assert_eq!(st["term"]["runs_from_by"], "delivery");
    assert_eq!(st["term"]["due"], "2024-04-06");
    assert_eq!(st["term"]["timeliness"], "paid-late");
    assert_eq!(st["term"]["late"], true);
    assert_eq!(st["term"]["days_late"], 10);
    let kinds: Vec<&str> = st["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "imported",
            "RC",
            "registered",
            "assigned",
            "NE",
            "liquidated",
            "paid"
        ]
    );

    let out = env.run(&["--lang", "it", "invoices", "status", &id]);
    let text = stdout(&out);
    assert!(text.contains("PAGATA IN RITARDO di 10 giorni"), "{text}");
    assert!(
        text.contains("30 giorni dal 07/03/2024 (consegna SdI), scadenza 06/04/2024"),
        "{text}"
    );
    assert!(text.contains("prot. 99"), "{text}");
    let out = env.run(&["--lang", "en", "invoices", "status"]);
    let list = stdout(&out);
    assert!(
        list.contains("FT-2024/17") && list.contains("PAID LATE by 10 days"),
        "{list}"
    );
}

#[test]
fn usage_and_lookup_errors() {
    let env = Env::new();
    let out = env.run(&["invoices", "step", "1", "paid", "--date", "31/02/2024"]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.run(&["invoices", "step", "1", "archived"]);
    assert_eq!(out.status.code(), Some(2));
    let out = env.run(&["--lang", "en", "invoices", "status", "42"]);
    assert_eq!(out.status.code(), Some(6), "not found");
    assert!(stderr(&out).contains("There is no invoice 42"));
    let stray = env.file(
        "IT09999999999_00001_RC_001.xml",
        notification(
            "RicevutaConsegna",
            None,
            "<IdentificativoSdI>1</IdentificativoSdI><NomeFile>IT09999999999_00001.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione><DataOraConsegna>2024-03-07T09:00:00</DataOraConsegna>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune</Descrizione></Destinatario><MessageId>1</MessageId>",
        )
        .as_bytes(),
    );
    let out = env.run(&["--lang", "en", "invoices", "notify", s(&stray)]);
    assert_eq!(out.status.code(), Some(6), "no invoice for it");
    assert!(
        stderr(&out).contains("import the invoice first"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_real_files_import_and_the_tampered_one_exits_3() {
    let files = [
        ("IT01234567890_FPA01.xml", 0),
        ("IT01234567890_FPR01.xml", 0),
        // A duplicate is a conflict with what is stored (exit 7).
        ("IT01234567890_FPR03.xml", 7),
        ("IT02182030391_31.xml.p7m", 0),
        ("IT02182030391_31_tampered.xml.p7m", 3),
        ("IT02182030391_32.windows-1252.xml", 0),
    ];
    let needs = files.map(|(name, _)| format!("fatturapa/{name}"));
    let needs = needs.each_ref().map(String::as_str);
    let test = format!(
        "{}/{}::the_real_files_import_and_the_tampered_one_exits_3",
        env!("CARGO_PKG_NAME"),
        module_path!()
    );
    let Some(root) = campanile_testkit::realdata::dir(&test, &needs) else {
        return;
    };
    let dir = root.join("fatturapa");
    for (name, code) in files {
        // FPR03's first invoice is FPR01's (123 of 2014 from the same supplier): a duplicate.
        let env_code = {
            let env = Env::new();
            if name == "IT01234567890_FPR03.xml" {
                env.run(&[
                    "invoices",
                    "import",
                    s(&dir.join("IT01234567890_FPR01.xml")),
                ]);
            }
            let out = env.run(&["--lang", "en", "invoices", "import", s(&dir.join(name))]);
            if name.contains("tampered") {
                assert!(stderr(&out).contains("TAMPERED"), "{}", stderr(&out));
            }
            if name.ends_with("_31.xml.p7m") {
                assert!(
                    stdout(&out).contains("Signed by GARDINI STEFANO"),
                    "{}",
                    stdout(&out)
                );
            }
            out.status.code()
        };
        assert_eq!(env_code, Some(code), "{name}");
    }
}

/// The comune's trusted list, named by `CAMPANILE_TRUSTED_LIST`: a signer it lists is
/// verified; an unreadable list is a clear error naming it, and nothing is stored.
#[test]
fn the_configured_trusted_list_judges_who_signed() {
    let env = Env::new();
    // Signed now, while the signer's certificate is valid.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let opts = SignOptions {
        signing_time: Some(now),
        ..SignOptions::default()
    };
    use campanile_testkit::p7m::{CertSpec, issue, test_ca, trusted_list_xml};
    let supplier = issue(
        &CertSpec::signer("CN=Mario Rossi,O=Tipografia Picena Srl,C=IT", 31),
        Some(test_ca()),
    );
    let der = sign(&Spec::fpa12().bytes(), &supplier, opts);
    let p7m = env.file("IT01234567890_00018.xml.p7m", &der);
    let list = env.file(
        "trusted-list.xml",
        trusted_list_xml(&[(&test_ca().cert, "granted")]).as_bytes(),
    );
    let db = env.dir.path().join("c.db");
    let run = |list: &Path| {
        Command::new(env!("CARGO_BIN_EXE_campanile"))
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en", "invoices", "import", s(&p7m)])
            .env("CAMPANILE_TRUSTED_LIST", list)
            .env_remove("CAMPANILE_DB")
            .output()
            .unwrap()
    };
    let missing = env.dir.path().join("no-such-list.xml");
    let out = run(&missing);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no-such-list.xml"),
        "{}",
        stderr(&out)
    );
    let (_, none) = env.json(&["invoices", "status"]);
    assert_eq!(none["invoices"].as_array().unwrap().len(), 0, "{none}");
    let out = run(&list);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("signer verified against the trusted list"),
        "{text}"
    );
}
