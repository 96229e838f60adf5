//! `campanile procedures …` and `campanile practices …` end to end: the deadline and its rule
//! chain, the catalog, a practice's life at the counter, the changes feed; exit codes and both
//! languages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn campanile_lang(db: &Path, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_campanile"))
        .args(["--lang", lang, "--db"])
        .arg(db)
        .args(args)
        .env_remove("CAMPANILE_PATRON_SAINTS")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn campanile(db: &Path, args: &[&str]) -> (i32, String, String) {
    campanile_lang(db, "en", args)
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[test]
fn deadline_prints_the_due_date_and_the_rule_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let (code, out, err) = campanile(
        &db,
        &[
            "practices",
            "deadline",
            "--received",
            "2026-03-02",
            "--suspended",
            "2026-03-10..2026-03-20",
            "--refusal-notice",
            "2026-04-08..2026-04-13",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["due"], "2026-04-27");
    let rules: Vec<&str> = v["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "received",
            "term-default",
            "suspension",
            "refusal-notice",
            "last-day-moved",
            "due"
        ]
    );
    assert_eq!(v["chain"][2]["reference"], "L. 241/1990 art. 2 c. 7");
    assert!(
        v["chain"][4]["text"].as_str().unwrap().contains("Sunday"),
        "{out}"
    );
    // The deadline needs no database: none was created.
    assert!(!db.exists());

    // Text, in Italian, with the comune's patron-saint day (Ascoli Piceno, Sant'Emidio).
    let (code, out, _) = campanile_lang(
        &db,
        "it",
        &[
            "practices",
            "deadline",
            "--received",
            "2026-07-06",
            "--comune",
            "044007",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("Scadenza: 2026-08-06"), "{out}");
    assert!(out.contains("Sant'Emidio"), "{out}");
    assert!(out.contains("c.c. art. 2963 c. 3"), "{out}");

    // The procedure's own term; SCIA; a building permit.
    for (args, due) in [
        (vec!["--days", "60"], "2026-05-02"),
        (vec!["--regime", "scia"], "2026-05-02"),
        (vec!["--regime", "scia-building"], "2026-04-01"),
        (vec!["--regime", "building-permit"], "2026-06-01"),
    ] {
        let mut a = vec![
            "--json",
            "practices",
            "deadline",
            "--received",
            "2026-03-02",
        ];
        a.extend(args.iter());
        let (code, out, err) = campanile(&db, &a);
        assert_eq!(code, 0, "{err}");
        assert_eq!(json(&out)["due"], due, "{args:?}");
    }
}

#[test]
fn deadline_input_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let (code, _, err) = campanile(&db, &["practices", "deadline", "--received", "2026-02-30"]);
    assert_eq!(code, 3);
    assert!(err.contains("\"2026-02-30\" is not a date"), "{err}");
    let (code, _, err) = campanile(
        &db,
        &[
            "practices",
            "deadline",
            "--received",
            "2026-03-02",
            "--suspended",
            "2026-03-20..2026-03-10",
        ],
    );
    assert_eq!(code, 3);
    assert!(err.contains("ends before it starts"), "{err}");
    let (code, _, err) = campanile(
        &db,
        &[
            "practices",
            "deadline",
            "--received",
            "2026-03-02",
            "--suspended",
            "2026-03-10",
        ],
    );
    assert_eq!(code, 3);
    assert!(err.contains("FROM..TO"), "{err}");
    let (code, out, _) = campanile(
        &db,
        &[
            "--json",
            "practices",
            "deadline",
            "--received",
            "2026-03-02",
            "--regime",
            "nope",
        ],
    );
    assert_eq!(code, 3);
    assert_eq!(json(&out)["error"]["class"], "bad-input");
    let (code, _, err) = campanile_lang(
        &db,
        "it",
        &[
            "practices",
            "deadline",
            "--received",
            "2026-03-02",
            "--comune",
            "44007",
        ],
    );
    assert_eq!(code, 3);
    assert!(err.contains("comune"), "{err}");
    // A missing argument is a usage error.
    let (code, _, _) = campanile(&db, &["practices", "deadline"]);
    assert_eq!(code, 2);
}

#[test]
fn patron_saint_days_can_be_overridden_by_a_file_and_by_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = dir.path().join("patrons.csv");
    std::fs::write(
        &file,
        "istat,name,province,saint,day\n109006,Fermo,FM,San Savino,04-01\n",
    )
    .unwrap();
    let base = [
        "--json",
        "practices",
        "deadline",
        "--received",
        "2026-03-02",
        "--comune",
        "109006",
    ];
    let (_, out, _) = campanile(&db, &base);
    assert_eq!(json(&out)["due"], "2026-04-01");
    let mut with_file = base.to_vec();
    with_file.extend(["--patron-saints", file.to_str().unwrap()]);
    let (code, out, err) = campanile(&db, &with_file);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["due"], "2026-04-02");
    // Stored in the database, the override holds without the flag.
    let (code, _, err) = campanile(
        &db,
        &["practices", "patron-days", "import", file.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = campanile(&db, &base);
    assert_eq!(json(&out)["due"], "2026-04-02");
    let (code, out, _) = campanile(&db, &["--json", "practices", "patron-days", "list"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["patron_days"].as_array().unwrap().len(), 73);
    // A bad override file is refused with its record and field.
    std::fs::write(&file, "istat,name,saint,day\n109006,Fermo,X,4-1\n").unwrap();
    let (code, out, _) = campanile(&db, &with_file);
    assert_eq!(code, 3);
    let msg = json(&out)["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.contains("record 1") && msg.contains("day"), "{msg}");
}

const CATALOG: &str = "id,name,description,domain,office,substitute,substitute_contacts,term_days,ending,regime,documents
SUAP-VIC,Apertura esercizio di vicinato,Avvio di un negozio di vicinato,suap,Sportello unico attività produttive,Segretario generale,segretario@comune.fermo.it,,scia,,Planimetria|Visura camerale
ANA-RES,Cambio di residenza,Dichiarazione di residenza,registry,Ufficio anagrafe,Dirigente servizi demografici,0734 284111,45,silent-consent,,Documento d'identità
";

#[test]
fn procedures_import_search_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = dir.path().join("catalog.csv");
    std::fs::write(&file, CATALOG).unwrap();
    let (code, out, err) = campanile(&db, &["procedures", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 procedures imported"), "{out}");
    let (code, out, _) = campanile(&db, &["--json", "procedures", "search", "attivita"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["procedures"][0]["id"], "SUAP-VIC");
    let (code, out, _) = campanile(&db, &["procedures", "show", "ANA-RES"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Cambio di residenza") && out.contains("45 days"),
        "{out}"
    );
    let (code, _, err) = campanile(&db, &["procedures", "show", "NOPE"]);
    assert_eq!(code, 6, "not found");
    assert!(err.contains("NOPE"), "{err}");
    // A bad file imports nothing and says where.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, CATALOG.replace(",45,", ",quarantacinque,")).unwrap();
    let (code, _, err) =
        campanile_lang(&db, "it", &["procedures", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(
        err.contains("record 2")
            && err.contains("term_days")
            && err.contains("Non è stato importato nulla"),
        "{err}"
    );
}

#[test]
fn a_practice_at_the_counter_its_timeline_and_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = dir.path().join("catalog.csv");
    std::fs::write(&file, CATALOG).unwrap();
    campanile(&db, &["procedures", "import", file.to_str().unwrap()]);
    let (code, out, err) = campanile(
        &db,
        &[
            "practices",
            "open",
            "ANA-2026-7",
            "--applicant",
            "RSSMRA80A01D542X",
            "--subject",
            "Cambio di residenza in via Roma 1",
            "--procedure",
            "ANA-RES",
            "--comune",
            "109006",
            "--received",
            "2026-03-02T09:30:00+01:00",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ANA-2026-7") && out.contains("presented"),
        "{out}"
    );
    let (code, _, err) = campanile(
        &db,
        &[
            "practices",
            "event",
            "ANA-2026-7",
            "assigned",
            "--at",
            "2026-03-03",
            "--note",
            "Ufficio anagrafe",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = campanile(
        &db,
        &[
            "practices",
            "event",
            "ANA-2026-7",
            "integration_requested",
            "--at",
            "2026-03-10",
            "--attach",
            "richiesta.pdf",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // A registry request has no conferenza di servizi: refused, exit 3, in Italian too.
    let (code, _, err) = campanile_lang(
        &db,
        "it",
        &[
            "practices",
            "event",
            "ANA-2026-7",
            "cdss_convened",
            "--at",
            "2026-03-11",
        ],
    );
    // A transition the rules forbid is a conflict with the practice's state (exit 7).
    assert_eq!(code, 7);
    assert!(err.contains("rifiutato"), "{err}");
    let (code, _, err) = campanile(&db, &["practices", "event", "ANA-2026-7", "flying"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("Unknown event") && err.contains("integrated"),
        "{err}"
    );

    let (code, out, _) = campanile(&db, &["--json", "practices", "timeline", "ANA-2026-7"]);
    assert_eq!(code, 0);
    let events = json(&out)["events"].as_array().unwrap().clone();
    assert_eq!(events.len(), 4);
    assert_eq!(events[3]["kind"], "integration_requested");
    assert_eq!(events[3]["attachments"][0], "richiesta.pdf");

    // Suspended on 20 March; received 2 March, 45 days.
    let (code, out, _) = campanile(
        &db,
        &[
            "--json",
            "practices",
            "show",
            "ANA-2026-7",
            "--today",
            "2026-03-20",
        ],
    );
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["practice"]["holder"], "Ufficio anagrafe");
    assert_eq!(v["clock"]["status"]["status"], "suspended");
    campanile(
        &db,
        &[
            "practices",
            "event",
            "ANA-2026-7",
            "integrated",
            "--at",
            "2026-03-15",
        ],
    );
    // 2 March + 45 + 5 = 21 April; on 1 May it is overdue, and the substitute is named.
    let (code, out, _) = campanile(
        &db,
        &["practices", "show", "ANA-2026-7", "--today", "2026-05-01"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("Due: 2026-04-21"), "{out}");
    assert!(out.contains("overdue by 10 days"), "{out}");
    assert!(out.contains("Dirigente servizi demografici"), "{out}");

    let (code, out, _) = campanile(
        &db,
        &[
            "--json",
            "practices",
            "list",
            "--person",
            "RSSMRA80A01D542X",
            "--open",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["practices"].as_array().unwrap().len(), 1);

    // The feed, in pages, then the reminders.
    let (code, out, _) = campanile(
        &db,
        &[
            "--json",
            "practices",
            "changes",
            "--person",
            "RSSMRA80A01D542X",
            "--limit",
            "3",
        ],
    );
    assert_eq!(code, 0);
    let page = json(&out);
    assert_eq!(page["changes"].as_array().unwrap().len(), 3);
    assert_eq!(page["more"], true);
    let cursor = page["cursor"].as_str().unwrap().to_string();
    let (_, out, _) = campanile(
        &db,
        &[
            "--json",
            "practices",
            "changes",
            "--person",
            "RSSMRA80A01D542X",
            "--after",
            &cursor,
        ],
    );
    let rest = json(&out);
    assert_eq!(rest["changes"].as_array().unwrap().len(), 2);
    assert_eq!(rest["more"], false);
    let (code, out, _) = campanile(
        &db,
        &["--json", "practices", "remind", "--today", "2026-05-01"],
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["reminders"][0]["event"], "overdue");
    let (_, out, _) = campanile(
        &db,
        &["--json", "practices", "remind", "--today", "2026-05-02"],
    );
    assert!(json(&out)["reminders"].as_array().unwrap().is_empty());
    let (code, _, err) = campanile(
        &db,
        &["practices", "changes", "--person", "x", "--after", "zz"],
    );
    assert_eq!(code, 3);
    assert!(err.contains("cursor"), "{err}");
}
