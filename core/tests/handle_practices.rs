//! Practices and procedures through the handle only: a catalog imported from bytes, a practice
//! opened with its procedure's defaults, moved, its deadline and the feed; the error classes a
//! front branches on.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::practices::ClockInput;
use campanile_core::practices::practice::Filter;
use campanile_core::practices::{ClockStatus, Domain, PracticeEventKind, Regime, State};
use campanile_core::{
    Campanile, Config, Database, DeadlineRequest, ErrorClass, EventRequest, Host, OpenRequest,
};
use chrono::NaiveDate;

const CATALOG: &str = "id,name,domain,substitute,substitute_contacts,term_days,ending,regime
ANA-RES,Cambio di residenza,registry,Dirigente servizi demografici,0734 284111,45,silent-consent,
SUAP-VIC,Apertura esercizio di vicinato,suap,,,,scia,
";

fn core() -> Campanile {
    Campanile::open(Config::new(Database::InMemory, "en"), Host::default()).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn event(core: &Campanile, kind: &str, at: &str) -> EventRequest {
    let p = core.practices();
    EventRequest {
        kind: p.parse_event_kind(kind).unwrap(),
        at: Some(p.parse_when(at).unwrap()),
        actor: "counter".into(),
        note: None,
        attachments: Vec::new(),
    }
}

fn open_residence(core: &Campanile) {
    let p = core.practices();
    let opened = p
        .open(&OpenRequest {
            id: "ANA-1".into(),
            applicant: "RSSMRA80A01D542X".into(),
            subject: "Cambio di residenza".into(),
            procedure: Some("ANA-RES".into()),
            comune: Some(" 109006 ".into()),
            received: Some(p.parse_when("2026-03-02T09:30:00+01:00").unwrap()),
            actor: "counter".into(),
            ..OpenRequest::default()
        })
        .unwrap();
    // The procedure's defaults: its domain, regime and term; received, so presented.
    assert_eq!(opened.domain, Domain::Registry);
    assert_eq!(opened.regime, Regime::Ordinary);
    assert_eq!(opened.term_days, Some(45));
    assert_eq!(opened.comune.as_deref(), Some("109006"));
    assert_eq!(opened.state, State::Presented);
}

#[test]
fn a_catalog_a_practice_its_moves_its_deadline_and_the_feed() {
    let core = core();
    let report = core
        .procedures()
        .import_bytes("catalog.csv", CATALOG.as_bytes().to_vec(), false)
        .unwrap();
    assert_eq!(report.imported, 2);
    let found = core.procedures().search("residenza", 5).unwrap();
    assert_eq!(found[0].id, "ANA-RES");

    open_residence(&core);
    let p = core.practices();
    let e = p
        .event(
            "ANA-1",
            &event(&core, "integration_requested", "2026-03-10"),
        )
        .unwrap();
    assert_eq!(e.state_after, State::IntegrationRequested);
    p.event("ANA-1", &event(&core, "integrated", "2026-03-15"))
        .unwrap();
    assert_eq!(p.timeline("ANA-1").unwrap().len(), 4);

    // 2 March + 45 days + 5 suspended = 21 April; on 1 May it is overdue and the substitute
    // official is named, with the half term they have.
    let v = p.show("ANA-1", Some(day("2026-05-01")), None).unwrap();
    let clock = v.clock.as_ref().unwrap();
    assert_eq!(clock.due, day("2026-04-21"));
    assert_eq!(
        clock.status,
        ClockStatus::Overdue {
            days_late: 10,
            substitute_term_days: 23
        }
    );
    assert!(v.overdue);
    assert_eq!(
        v.substitute.as_deref(),
        Some("Dirigente servizi demografici (0734 284111)")
    );
    assert_eq!(v.procedure.as_ref().unwrap().name, "Cambio di residenza");
    assert!(clock.chain.iter().all(|s| !s.text.is_empty()));
    // Before the due date nobody is named.
    let early = p.show("ANA-1", Some(day("2026-04-01")), None).unwrap();
    assert!(!early.overdue && early.substitute.is_none());

    // The feed, in pages, then the reminder raised once.
    let first = p.changes("RSSMRA80A01D542X", None, 3).unwrap();
    assert_eq!(first.changes.len(), 3);
    assert!(first.more);
    let rest = p
        .changes("RSSMRA80A01D542X", Some(&first.cursor), 10)
        .unwrap();
    assert_eq!(rest.changes.len(), 1);
    let r = p.remind(3, Some(day("2026-05-01")), None).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].event, "overdue");
    assert!(
        p.remind(3, Some(day("2026-05-01")), None)
            .unwrap()
            .is_empty()
    );

    let open = p
        .list(&Filter {
            open_only: true,
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(open.len(), 1);
}

#[test]
fn a_practice_without_a_procedure_takes_the_law_defaults_and_a_term_only_when_ordinary() {
    let core = core();
    let p = core.practices();
    let started = p
        .open(&OpenRequest {
            id: "S-1".into(),
            applicant: "A".into(),
            subject: "Negozio".into(),
            regime: Some(Regime::Scia),
            term_days: Some(90),
            actor: "counter".into(),
            ..OpenRequest::default()
        })
        .unwrap();
    assert_eq!(started.domain, Domain::Suap);
    assert_eq!(started.state, State::Started);
    // A SCIA runs on the law's 60 days: the term given is not kept.
    assert_eq!(started.term_days, None);
    assert!(p.show("S-1", None, None).unwrap().clock.is_none());
}

#[test]
fn the_deadline_layers_patron_days_shipped_stored_and_given() {
    let core = core();
    let p = core.practices();
    let request = DeadlineRequest {
        input: ClockInput::new(Regime::Ordinary, day("2026-03-02")),
        comune: Some("109006".into()),
        today: Some(day("2026-03-02")),
    };
    // With the shipped table 1 April is a working day in Fermo: it is the due date. A patron
    // day put on 1 April (given for the call, then stored) moves it to the 2nd.
    assert_eq!(p.deadline(&request, None).unwrap().due, day("2026-04-01"));
    let over = p
        .read_patron_bytes(
            "fermo.csv",
            b"istat,name,province,saint,day\n109006,Fermo,FM,San Savino,04-01\n",
        )
        .unwrap();
    assert_eq!(over.source(), "fermo.csv");
    let given = p.deadline(&request, Some(&over)).unwrap();
    assert_eq!(given.due, day("2026-04-02"));
    assert_eq!(given.patron.as_ref().unwrap().saint, "San Savino");
    // Stored, the override holds without being given.
    assert_eq!(p.import_patron_days(&over).unwrap(), 1);
    assert_eq!(p.deadline(&request, None).unwrap().due, day("2026-04-02"));

    let bad = DeadlineRequest {
        comune: Some("44007".into()),
        ..request
    };
    let e = p.deadline(&bad, None).unwrap_err();
    assert_eq!(e.class, ErrorClass::BadInput);
    assert_eq!(e.code, "practices.bad-comune");
}

#[test]
fn errors_come_classified() {
    let core = core();
    core.procedures()
        .import_bytes("catalog.csv", CATALOG.as_bytes().to_vec(), false)
        .unwrap();
    let p = core.practices();

    let e = p.show("NOPE", None, None).unwrap_err();
    assert_eq!(e.class, ErrorClass::NotFound);
    assert_eq!(e.code, "practices.not-found");
    let e = p
        .event("NOPE", &event(&core, "note", "2026-03-02"))
        .unwrap_err();
    assert_eq!(e.class, ErrorClass::NotFound);
    assert_eq!(
        core.procedures().get("NOPE").unwrap_err().class,
        ErrorClass::NotFound
    );

    open_residence(&core);
    // A registry practice has no conferenza di servizi.
    let e = p
        .event("ANA-1", &event(&core, "cdss_convened", "2026-03-11"))
        .unwrap_err();
    assert_eq!(e.class, ErrorClass::Conflict);
    assert_eq!(e.code, "practices.transition-refused");
    // Opening it twice is a conflict too.
    let e = p
        .open(&OpenRequest {
            id: "ANA-1".into(),
            applicant: "X".into(),
            subject: "Y".into(),
            actor: "counter".into(),
            ..OpenRequest::default()
        })
        .unwrap_err();
    assert_eq!(e.class, ErrorClass::Conflict);

    let e = p.parse_event_kind("flying").unwrap_err();
    assert_eq!(e.class, ErrorClass::BadInput);
    assert!(e.message.contains("integrated"), "{}", e.message);
    assert_eq!(
        PracticeEventKind::parse("note"),
        Some(PracticeEventKind::Note)
    );
    let e = core
        .procedures()
        .import_bytes("bad.csv", b"id,name,term_days\nX,Y,many\n".to_vec(), false)
        .unwrap_err();
    assert_eq!(e.class, ErrorClass::BadInput);
    assert!(e.message.contains("record 1"), "{}", e.message);
}

#[test]
fn a_phone_is_told_each_practice_once_and_lists_the_most_pressing_first() {
    use campanile_core::practices::Urgency;
    let core = core();
    core.procedures()
        .import_bytes("catalog.csv", CATALOG.as_bytes().to_vec(), false)
        .unwrap();
    open_residence(&core);
    let p = core.practices();
    let person = "RSSMRA80A01D542X";

    // The first poll of a fresh install takes the feed's end: no old news.
    let first = p.notifications(person, None, 5).unwrap();
    assert!(first.first && first.notifications.is_empty());
    assert!(!first.cursor.is_empty());

    // The office asks for documents, they come, and the deadline (long past in this test's
    // clock) is reminded: one notification for the practice, the urgent reminder.
    p.event(
        "ANA-1",
        &event(&core, "integration_requested", "2026-03-10"),
    )
    .unwrap();
    p.event("ANA-1", &event(&core, "integrated", "2026-03-15"))
        .unwrap();
    p.remind(3, None, None).unwrap();
    let poll = p.notifications(person, Some(&first.cursor), 5).unwrap();
    assert!(!poll.first);
    assert_eq!(poll.notifications.len(), 1, "{:?}", poll.notifications);
    let n = &poll.notifications[0];
    assert_eq!(n.key, "practice:ANA-1");
    assert!(n.urgent);
    assert!(
        n.text.contains("ANA-1") && n.text.contains("2026-04-21"),
        "{}",
        n.text
    );
    // Nothing new: nothing to post; another person's feed is not this one's.
    assert!(
        p.notifications(person, Some(&poll.cursor), 5)
            .unwrap()
            .notifications
            .is_empty()
    );

    // The overdue practice comes before the one just started.
    p.open(&OpenRequest {
        id: "SUAP-2".into(),
        applicant: person.into(),
        subject: "Apertura esercizio di vicinato".into(),
        procedure: Some("SUAP-VIC".into()),
        actor: "counter".into(),
        ..OpenRequest::default()
    })
    .unwrap();
    let rows = p.worklist(&Filter::default()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].practice.id, "ANA-1");
    let clock = rows[0].clock.as_ref().unwrap();
    assert_eq!(clock.urgency, Urgency::Overdue);
    assert!(
        clock.status_text.contains("overdue"),
        "{}",
        clock.status_text
    );
    assert_eq!(rows[1].practice.id, "SUAP-2");
}
