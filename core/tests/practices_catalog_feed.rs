//! The procedures catalog (import from JSON and CSV, offline search, bad files refused whole)
//! and the changes feed (cursor semantics, reminders recorded once).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::Path;

use campanile_core::practices::catalog::{self, CatalogError, Ending};
use campanile_core::practices::deadline::Regime;
use campanile_core::practices::feed::{self, NewChange};
use campanile_core::practices::patrons::PatronDays;
use campanile_core::practices::practice::{self, NewEvent, NewPractice, parse_when};
use campanile_core::practices::reminders;
use campanile_core::practices::states::{Domain, PracticeEventKind, State};
use campanile_core::store::Store;
use campanile_core::time::Instant;
use chrono::NaiveDate;

const CSV: &str = "id;name;description;domain;legal_references;office;official;substitute;substitute_contacts;term_days;ending;regime;documents;fees;online_service
SUAP-VIC;Apertura esercizio di vicinato;Avvio di un negozio di vicinato;suap;D.Lgs 114/1998 art. 7|L. 241/1990 art. 19;Sportello unico attività produttive;dott. Mario Rossi;Segretario generale;segretario@comune.fermo.it;;scia;;Planimetria|Visura camerale;Diritti di segreteria 50 euro;https://www.impresainungiorno.gov.it
SUE-PDC;Permesso di costruire;Nuova costruzione o ristrutturazione edilizia;sue;DPR 380/2001 art. 20;Sportello unico edilizia;arch. Bianchi;Dirigente area tecnica;;;express;building-permit;Progetto|Relazione tecnica;;
ANA-RES;Cambio di residenza;Dichiarazione di residenza anagrafica e verifica della dimora abituale;registry;DPR 223/1989 art. 13;Ufficio anagrafe;sig.ra Verdi;;;45;silent-consent;;Documento d'identità;;
";

#[test]
fn csv_and_json_catalogs_import_and_search_offline() {
    let procs = catalog::parse_csv(CSV, Path::new("cat.csv")).unwrap();
    assert_eq!(procs.len(), 3);
    assert_eq!(procs[0].regime, Regime::Scia);
    assert_eq!(procs[0].ending, Ending::Scia);
    assert_eq!(procs[0].legal_references.len(), 2);
    assert_eq!(procs[1].regime, Regime::BuildingPermit);
    assert_eq!(procs[2].term_days, Some(45));
    assert_eq!(procs[2].ending, Ending::SilentConsent);
    let json = serde_json::json!({"procedures": [{
        "id": "SUAP-VIC", "name": "Apertura esercizio di vicinato",
        "description": "Avvio di un negozio di vicinato", "domain": "suap",
        "legal_references": ["D.Lgs 114/1998 art. 7", "L. 241/1990 art. 19"],
        "office": "Sportello unico attività produttive", "official": "dott. Mario Rossi",
        "substitute": "Segretario generale", "substitute_contacts": "segretario@comune.fermo.it",
        "ending": "scia", "documents": ["Planimetria", "Visura camerale"],
        "fees": "Diritti di segreteria 50 euro",
        "online_service": "https://www.impresainungiorno.gov.it"
    }]});
    let from_json = catalog::parse_json(&json.to_string(), Path::new("cat.json")).unwrap();
    assert_eq!(from_json[0], procs[0]);

    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(catalog::save(&mut store, &procs, false, 0).unwrap(), 3);
    // Accents, case, apostrophes and prefixes: "attivita" finds "attività", "identita" finds
    // "identità", "resid" finds "residenza".
    fn ids_in(store: &Store, q: &str) -> Vec<String> {
        catalog::search(store, q, 10)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect()
    }
    assert_eq!(ids_in(&store, "vicinato"), ["SUAP-VIC"]);
    assert_eq!(ids_in(&store, "ATTIVITA produttive"), ["SUAP-VIC"]);
    assert_eq!(ids_in(&store, "resid"), ["ANA-RES"]);
    assert_eq!(ids_in(&store, "d identita"), ["ANA-RES"]);
    assert_eq!(ids_in(&store, "permesso costruire"), ["SUE-PDC"]);
    assert!(ids_in(&store, "ristorante").is_empty());
    // FTS syntax is plain text; an empty query says so.
    assert!(catalog::search(&store, "\"NEAR(a b)\" * ^ (((", 10).is_ok());
    assert!(matches!(
        catalog::search(&store, "*** ((", 10),
        Err(CatalogError::EmptyQuery)
    ));
    // Importing again replaces, not duplicates; --replace empties first.
    catalog::save(&mut store, &procs, false, 0).unwrap();
    assert_eq!(catalog::list(&store).unwrap().len(), 3);
    assert_eq!(ids_in(&store, "vicinato"), ["SUAP-VIC"]);
    catalog::save(&mut store, &procs[..1], true, 0).unwrap();
    assert_eq!(catalog::list(&store).unwrap().len(), 1);
    assert!(ids_in(&store, "resid").is_empty());
    let p = catalog::get(&store, "SUAP-VIC").unwrap();
    assert_eq!(p, procs[0]);
    assert!(matches!(
        catalog::get(&store, "NOPE"),
        Err(CatalogError::NotFound { .. })
    ));
}

#[test]
fn a_bad_record_is_named_and_nothing_is_imported() {
    let bad = CSV.replace(";45;silent-consent;", ";45 giorni;silent-consent;");
    let e = catalog::parse_csv(&bad, Path::new("cat.csv")).unwrap_err();
    match e {
        CatalogError::Field {
            record: 3,
            field: "term_days",
            ..
        } => {}
        other => panic!("{other}"),
    }
    let e = catalog::parse_csv(
        "id,name,ending,regime\nX,Y,scia,ordinary\n",
        Path::new("c.csv"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("regime"), "{e}");
    let e = catalog::parse_csv("id,name\nX,Y\nX,Z\n", Path::new("c.csv")).unwrap_err();
    assert!(
        matches!(
            e,
            CatalogError::Duplicate {
                record: 2,
                first: 1,
                ..
            }
        ),
        "{e}"
    );
    let e = catalog::parse_json("[{\"id\": \"X\"}]", Path::new("c.json")).unwrap_err();
    assert!(e.to_string().contains("name"), "{e}");
    let e = catalog::parse_json(
        "[{\"id\":\"X\",\"name\":\"Y\",\"online_service\":\"javascript:alert(1)\"}]",
        Path::new("c.json"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("online_service"), "{e}");
}

fn open_for(store: &mut Store, id: &str, person: &str, day: &str) {
    practice::open(
        store,
        &NewPractice {
            id: id.into(),
            procedure_id: None,
            domain: Domain::Suap,
            regime: Regime::Ordinary,
            term_days: None,
            comune: None,
            applicant: person.into(),
            subject: "s".into(),
        },
        &NewEvent {
            at: parse_when(day).unwrap(),
            kind: PracticeEventKind::To(State::Presented),
            actor: "counter".into(),
            note: None,
            attachments: vec![],
        },
    )
    .unwrap();
}

fn note(store: &mut Store, id: &str, day: &str, text: &str) {
    practice::append(
        store,
        id,
        &NewEvent {
            at: parse_when(day).unwrap(),
            kind: PracticeEventKind::Note,
            actor: "counter".into(),
            note: Some(text.into()),
            attachments: vec![],
        },
    )
    .unwrap();
}

#[test]
fn feed_pages_lose_nothing_and_repeat_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    open_for(&mut store, "A", "alice", "2026-03-02");
    open_for(&mut store, "B", "bob", "2026-03-02");
    for i in 0..20 {
        note(
            &mut store,
            if i % 3 == 0 { "B" } else { "A" },
            "2026-03-03",
            &format!("n{i}"),
        );
    }
    // Alice reads in pages of 3, while more changes arrive between pages.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut extra = 0;
    loop {
        let page = feed::changes_since(store.conn(), "alice", cursor.as_deref(), 3).unwrap();
        assert!(page.changes.iter().all(|c| c.person == "alice"));
        seen.extend(page.changes.iter().map(|c| c.seq));
        cursor = Some(page.cursor.clone());
        if extra < 4 {
            note(&mut store, "A", "2026-03-04", &format!("late{extra}"));
            note(&mut store, "B", "2026-03-04", "bob's");
            extra += 1;
        } else if !page.more && page.changes.is_empty() {
            break;
        }
    }
    let all = feed::changes_since(store.conn(), "alice", None, 10_000).unwrap();
    let all_seqs: Vec<i64> = all.changes.iter().map(|c| c.seq).collect();
    assert_eq!(seen, all_seqs, "pages differ from the whole feed");
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "a change was repeated");
    // started + presented + 13 notes + 4 late notes.
    assert_eq!(seen.len(), 2 + 13 + 4);
    assert_eq!(all.changes[1].event, "presented");
    let feed::ChangeDetail::Practice(change) = &all.changes[2].detail else {
        panic!("not a practice change: {:?}", all.changes[2].detail);
    };
    assert_eq!(change.note.as_deref(), Some("n1"));
    // A cursor at the end gives an empty page and the same cursor back.
    let end = feed::changes_since(store.conn(), "alice", Some(&all.cursor), 5).unwrap();
    assert!(end.changes.is_empty() && !end.more);
    assert_eq!(end.cursor, all.cursor);
    assert!(feed::changes_since(store.conn(), "alice", Some("abc"), 5).is_err());
    assert!(feed::changes_since(store.conn(), "alice", Some("-4"), 5).is_err());
}

#[test]
fn other_modules_record_changes_in_their_own_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let tx = store.conn_mut().transaction().unwrap();
        let seq = feed::record_change(
            &tx,
            &NewChange {
                person: "IT01234567890",
                kind: feed::ChangeKind::Invoice,
                subject_id: "FPA-1/2026",
                event: feed::ChangeEvent::from_code(feed::ChangeKind::Invoice, "RC"),
                at: Instant::parse_rfc3339("2026-03-02T10:00:00+01:00").unwrap(),
                detail: feed::ChangeDetail::Other(r#"{"sdi": "RC"}"#.to_string()),
                dedup_key: None,
            },
        )
        .unwrap();
        assert!(seq.is_some());
        // Rolled back with the caller's data: not in the feed.
        tx.rollback().unwrap();
    }
    assert!(
        feed::changes_since(store.conn(), "IT01234567890", None, 10)
            .unwrap()
            .changes
            .is_empty()
    );
    let tx = store.conn_mut().transaction().unwrap();
    feed::record_change(
        &tx,
        &NewChange {
            person: "IT01234567890",
            kind: feed::ChangeKind::Invoice,
            subject_id: "FPA-1/2026",
            event: feed::ChangeEvent::from_code(feed::ChangeKind::Invoice, "RC"),
            at: Instant::parse_rfc3339("2026-03-02T10:00:00+01:00").unwrap(),
            detail: feed::ChangeDetail::Other("{}".to_string()),
            dedup_key: None,
        },
    )
    .unwrap();
    tx.commit().unwrap();
    let page = feed::changes_since(store.conn(), "IT01234567890", None, 10).unwrap();
    assert_eq!(page.changes.len(), 1);
    assert_eq!(page.changes[0].kind, feed::ChangeKind::Invoice);
}

#[test]
fn reminders_before_the_deadline_and_when_overdue_are_recorded_once() {
    let mut store = Store::open_in_memory().unwrap();
    // Received 2 March 2026: due 1 April.
    open_for(&mut store, "A", "alice", "2026-03-02");
    let patrons = PatronDays::shipped().unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let far = reminders::emit(
        &mut store,
        &patrons,
        day("2026-03-20"),
        3,
        Instant::from_ms(0),
    )
    .unwrap();
    assert!(far.is_empty(), "{far:?}");
    let near = reminders::emit(
        &mut store,
        &patrons,
        day("2026-03-29"),
        3,
        Instant::from_ms(0),
    )
    .unwrap();
    assert_eq!(near.len(), 1);
    assert_eq!(
        (near[0].event.code(), near[0].days_left),
        ("deadline-near", 3)
    );
    // Running again the next day raises nothing new for the same deadline.
    assert!(
        reminders::emit(
            &mut store,
            &patrons,
            day("2026-03-30"),
            3,
            Instant::from_ms(0)
        )
        .unwrap()
        .is_empty()
    );
    let overdue = reminders::emit(
        &mut store,
        &patrons,
        day("2026-04-03"),
        3,
        Instant::from_ms(0),
    )
    .unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].event, "overdue");
    assert!(
        reminders::emit(
            &mut store,
            &patrons,
            day("2026-04-04"),
            3,
            Instant::from_ms(0)
        )
        .unwrap()
        .is_empty()
    );
    let kinds: Vec<String> = feed::changes_since(store.conn(), "alice", None, 100)
        .unwrap()
        .changes
        .into_iter()
        .map(|c| format!("{}:{}", c.kind.as_str(), c.event))
        .collect();
    assert_eq!(
        kinds,
        [
            "practice:started",
            "practice:presented",
            "reminder:deadline-near",
            "reminder:overdue"
        ]
    );
}
