//! Practices in the store: the AgID SUAP transitions, the append-only timeline, and property
//! tests over random event sequences (no illegal transition accepted; the clock never runs
//! backwards).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::practices::Calendar;
use campanile_core::practices::deadline::{ClockStatus, Regime};
use campanile_core::practices::practice::{self, NewEvent, NewPractice, PracticeError, parse_when};
use campanile_core::practices::states::{Domain, PracticeEventKind, State};
use campanile_core::store::Store;
use campanile_core::time::Instant;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn at(day: &str) -> Instant {
    parse_when(day).unwrap()
}

fn ev(kind: PracticeEventKind, day: &str) -> NewEvent {
    NewEvent {
        at: at(day),
        kind,
        actor: "ufficio SUAP".into(),
        note: None,
        attachments: vec![],
    }
}

fn new_practice(id: &str, domain: Domain, regime: Regime) -> NewPractice {
    NewPractice {
        id: id.into(),
        procedure_id: None,
        domain,
        regime,
        term_days: None,
        comune: Some("109006".into()),
        applicant: "RSSMRA80A01D542X".into(),
        subject: "Apertura esercizio di vicinato".into(),
    }
}

fn to(s: State) -> PracticeEventKind {
    PracticeEventKind::To(s)
}

#[test]
fn a_suap_practice_from_receipt_to_outcome_with_its_clock() {
    let mut store = Store::open_in_memory().unwrap();
    let p = new_practice("SUAP-1", Domain::Suap, Regime::Ordinary);
    practice::open(&mut store, &p, &ev(to(State::Presented), "2026-03-02")).unwrap();
    let mut assign = ev(PracticeEventKind::Assigned, "2026-03-03");
    assign.note = Some("Ufficio commercio, dott.ssa Rossi".into());
    practice::append(&mut store, "SUAP-1", &assign).unwrap();
    practice::append(
        &mut store,
        "SUAP-1",
        &ev(to(State::IntegrationRequested), "2026-03-10"),
    )
    .unwrap();
    let mut docs = ev(to(State::Integrated), "2026-03-20");
    docs.attachments = vec!["planimetria.pdf".into(), "visura.pdf".into()];
    docs.actor = "applicant".into();
    practice::append(&mut store, "SUAP-1", &docs).unwrap();

    let got = practice::get(&store, "SUAP-1").unwrap();
    assert_eq!(got.state, State::Integrated);
    assert_eq!(
        got.holder.as_deref(),
        Some("Ufficio commercio, dott.ssa Rossi")
    );
    let events = practice::timeline(&store, "SUAP-1").unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "started",
            "presented",
            "assigned",
            "integration_requested",
            "integrated"
        ]
    );
    assert_eq!(events[4].attachments, ["planimetria.pdf", "visura.pdf"]);
    // 2 March + 30 + 10 days of integration = 11 April 2026 (Saturday).
    let clock = practice::clock(
        &got,
        &events,
        &Calendar::national(),
        NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(clock.deadline.due.to_string(), "2026-04-11");
    assert_eq!(clock.status, ClockStatus::Running { days_left: 10 });
    // A day after the due date it is overdue, and the substitute has half the term.
    let late = practice::clock(
        &got,
        &events,
        &Calendar::national(),
        NaiveDate::from_ymd_opt(2026, 4, 20).unwrap(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        late.status,
        ClockStatus::Overdue {
            days_late: 9,
            substitute_term_days: 15
        }
    );
    practice::append(
        &mut store,
        "SUAP-1",
        &ev(to(State::EndedByPositiveOutcome), "2026-04-09"),
    )
    .unwrap();
    let done = practice::get(&store, "SUAP-1").unwrap();
    let events = practice::timeline(&store, "SUAP-1").unwrap();
    let clock = practice::clock(
        &done,
        &events,
        &Calendar::national(),
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
    )
    .unwrap()
    .unwrap();
    assert!(matches!(
        clock.status,
        ClockStatus::Concluded { late: false, .. }
    ));
}

#[test]
fn illegal_transitions_are_refused_and_say_why() {
    let mut store = Store::open_in_memory().unwrap();
    let p = new_practice("P", Domain::Suap, Regime::Ordinary);
    practice::open(&mut store, &p, &ev(to(State::Started), "2026-03-01")).unwrap();
    // Cannot be integrated before anything was asked.
    let e =
        practice::append(&mut store, "P", &ev(to(State::Integrated), "2026-03-02")).unwrap_err();
    assert!(matches!(e, PracticeError::Transition { .. }), "{e}");
    assert!(
        e.to_string().contains("started cannot go to integrated"),
        "{e}"
    );
    practice::append(&mut store, "P", &ev(to(State::Presented), "2026-03-02")).unwrap();
    practice::append(
        &mut store,
        "P",
        &ev(to(State::IntegrationRequested), "2026-03-03"),
    )
    .unwrap();
    practice::append(&mut store, "P", &ev(to(State::Integrated), "2026-03-04")).unwrap();
    // Only one request for integration (L. 241/1990 art. 2 c. 7).
    let e = practice::append(
        &mut store,
        "P",
        &ev(to(State::IntegrationRequested), "2026-03-05"),
    )
    .unwrap_err();
    // The flow has no way back to it.
    assert!(
        e.to_string()
            .contains("integrated cannot go to integration_requested"),
        "{e}"
    );
    // Conformation ends a SCIA only.
    let e = practice::append(
        &mut store,
        "P",
        &ev(to(State::EndedByConformationRequested), "2026-03-05"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("SCIA"), "{e}");
    // The timeline never goes back in time.
    let e =
        practice::append(&mut store, "P", &ev(PracticeEventKind::Note, "2026-03-01")).unwrap_err();
    assert!(matches!(e, PracticeError::TimeBackwards { .. }), "{e}");
    // After the outcome only notes and documents.
    practice::append(&mut store, "P", &ev(to(State::Refused), "2026-03-06")).unwrap();
    let e = practice::append(&mut store, "P", &ev(to(State::Presented), "2026-03-07")).unwrap_err();
    assert!(e.to_string().contains("closed"), "{e}");
    practice::append(&mut store, "P", &ev(PracticeEventKind::Note, "2026-03-07")).unwrap();
    // A refused event leaves nothing behind.
    assert_eq!(practice::timeline(&store, "P").unwrap().len(), 6);
}

#[test]
fn registry_requests_have_no_conferenza_and_the_timeline_is_append_only() {
    let mut store = Store::open_in_memory().unwrap();
    let p = new_practice("ANA-1", Domain::Registry, Regime::Ordinary);
    practice::open(&mut store, &p, &ev(to(State::Presented), "2026-03-02")).unwrap();
    let e = practice::append(
        &mut store,
        "ANA-1",
        &ev(to(State::CdssConvened), "2026-03-03"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("registry"), "{e}");
    // The table itself refuses changes to written events.
    let conn = store.conn();
    assert!(
        conn.execute("UPDATE practice_events SET note = 'x'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM practice_events", []).is_err());
    assert_eq!(practice::timeline(&store, "ANA-1").unwrap().len(), 2);
    // Opening the same id twice is refused.
    let e = practice::open(&mut store, &p, &ev(to(State::Started), "2026-03-02")).unwrap_err();
    assert!(matches!(e, PracticeError::Exists { .. }), "{e}");
}

#[test]
fn building_permit_and_refusal_notice_through_the_timeline() {
    let mut store = Store::open_in_memory().unwrap();
    let p = new_practice("PDC-7", Domain::Sue, Regime::BuildingPermit);
    practice::open(&mut store, &p, &ev(to(State::Presented), "2026-03-02")).unwrap();
    for (kind, day) in [
        (to(State::IntegrationRequested), "2026-03-20"),
        (to(State::Integrated), "2026-04-10"),
        (PracticeEventKind::RefusalNotice, "2026-05-04"),
        (PracticeEventKind::Observations, "2026-05-08"),
    ] {
        practice::append(&mut store, "PDC-7", &ev(kind, day)).unwrap();
    }
    let got = practice::get(&store, "PDC-7").unwrap();
    let events = practice::timeline(&store, "PDC-7").unwrap();
    let clock = practice::clock(
        &got,
        &events,
        &Calendar::national(),
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
    )
    .unwrap()
    .unwrap();
    // Proposal: 10 April + 60 = 9 June; the notice of 4 May, observations on 8 May, restart
    // 18 May: 14 days → 23 June; decision + 30 = 23 July 2026 (Thursday).
    assert_eq!(clock.deadline.due.to_string(), "2026-07-23");
}

/// The transitions the AgID SUAP flow allows, written out again here as the test's oracle.
fn oracle_allows(from: State, to: State) -> bool {
    use State::*;
    let outcome = matches!(
        to,
        Refused
            | EndedBySuspensionRequested
            | EndedByConformationRequested
            | EndedByProceedingTimeExpired
            | EndedByPositiveOutcome
    );
    match from {
        Started => matches!(to, Presented | EndedBySubmitterCancelRequested),
        Presented => {
            outcome
                || matches!(
                    to,
                    CorrectionRequested
                        | IntegrationRequested
                        | CdssConvened
                        | EndedBySubmitterCancelRequested
                )
        }
        CorrectionRequested => matches!(to, Corrected | Refused | EndedBySubmitterCancelRequested),
        Corrected => {
            outcome
                || matches!(
                    to,
                    IntegrationRequested | CdssConvened | EndedBySubmitterCancelRequested
                )
        }
        IntegrationRequested => matches!(
            to,
            Integrated | EndedByIntegrationTimesExpired | EndedBySubmitterCancelRequested
        ),
        Integrated => outcome || matches!(to, CdssConvened | EndedBySubmitterCancelRequested),
        CdssConvened => outcome || to == EndedBySubmitterCancelRequested,
        _ => false,
    }
}

fn arb_kind() -> impl Strategy<Value = PracticeEventKind> {
    let all = PracticeEventKind::all();
    (0..all.len()).prop_map(move |i| all[i])
}

fn arb_regime() -> impl Strategy<Value = Regime> {
    prop_oneof![
        Just(Regime::Ordinary),
        Just(Regime::Scia),
        Just(Regime::SciaBuilding),
        Just(Regime::BuildingPermit),
    ]
}

fn arb_domain() -> impl Strategy<Value = Domain> {
    prop_oneof![
        Just(Domain::Suap),
        Just(Domain::Sue),
        Just(Domain::Registry)
    ]
}

proptest! {
    #![proptest_config(campanile_testkit::proptest_seed::with_cases(64))]

    #[test]
    fn random_event_sequences_never_break_the_rules(
        regime in arb_regime(),
        domain in arb_domain(),
        steps in proptest::collection::vec((arb_kind(), -3i64..12), 1..40),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let p = new_practice("X", domain, regime);
        let start = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        practice::open(&mut store, &p, &NewEvent {
            at: Instant::from_ms(start.and_hms_opt(9, 0, 0).unwrap().and_utc().timestamp_millis()),
            kind: PracticeEventKind::To(State::Started),
            actor: "t".into(), note: None, attachments: vec![],
        }).unwrap();
        let cal = Calendar::national();
        let mut day = start;
        let mut state = State::Started;
        let mut integration_asked = false;
        let mut last_due: Option<NaiveDate> = None;
        let mut accepted = 1usize;
        for (kind, step) in steps {
            let when = if step >= 0 {
                day.checked_add_days(Days::new(step as u64)).unwrap()
            } else {
                day.checked_sub_days(Days::new((-step) as u64)).unwrap()
            };
            let mut e = NewEvent {
                at: Instant::from_ms(when.and_hms_opt(10, 0, 0).unwrap().and_utc().timestamp_millis()),
                kind, actor: "t".into(), note: None, attachments: vec![],
            };
            if kind == PracticeEventKind::Assigned {
                e.note = Some("ufficio".into());
            }
            let before = practice::timeline(&store, "X").unwrap();
            match practice::append(&mut store, "X", &e) {
                Ok(event) => {
                    accepted += 1;
                    // The clock of events never runs backwards.
                    prop_assert!(when >= day, "an event dated {when} after {day} was accepted");
                    day = when;
                    if let PracticeEventKind::To(next) = kind {
                        prop_assert!(oracle_allows(state, next), "{state} -> {next} accepted");
                        prop_assert!(domain != Domain::Registry || !matches!(next,
                            State::CdssConvened | State::EndedBySuspensionRequested
                            | State::EndedByConformationRequested));
                        if matches!(next, State::EndedBySuspensionRequested | State::EndedByConformationRequested) {
                            prop_assert!(regime.is_scia());
                        }
                        if next == State::IntegrationRequested {
                            prop_assert!(!integration_asked, "a second integration request accepted");
                            integration_asked = true;
                        }
                        state = next;
                    } else if state.is_final() {
                        prop_assert!(matches!(kind, PracticeEventKind::Note | PracticeEventKind::Document),
                            "{} accepted on a closed practice", kind.as_str());
                    }
                    prop_assert_eq!(event.state_after, state);
                }
                Err(err) => {
                    // Nothing was written.
                    prop_assert_eq!(practice::timeline(&store, "X").unwrap(), before);
                    prop_assert!(matches!(err,
                        PracticeError::Transition { .. } | PracticeError::TimeBackwards { .. }),
                        "unexpected error {err}");
                }
            }
            // The stored timeline is the accepted events, in order, append only.
            let events = practice::timeline(&store, "X").unwrap();
            prop_assert_eq!(events.len(), accepted);
            prop_assert!(events.windows(2).all(|w| w[0].seq < w[1].seq && w[0].at <= w[1].at));
            let stored = practice::get(&store, "X").unwrap();
            prop_assert_eq!(stored.state, state);
            // The due date never moves earlier, except when a building-permit proposal starts
            // the decision's 30 days (DPR 380/2001 art. 20 c. 6).
            if let Some(clock) = practice::clock(&stored, &events, &cal, day).unwrap() {
                let due = clock.deadline.due;
                if let Some(prev) = last_due
                    && kind != PracticeEventKind::Proposal
                {
                    prop_assert!(due >= prev, "due moved from {prev} to {due} after {}", kind.as_str());
                }
                last_due = Some(due);
            }
        }
    }

    #[test]
    fn an_open_suspension_never_makes_the_due_date_earlier_as_days_pass(
        request in 0u64..40,
        notice in proptest::option::of(0u64..60),
        observations in proptest::option::of(0u64..15),
        days in proptest::collection::vec(0u64..120, 2..10),
    ) {
        use campanile_core::practices::deadline::{ClockInput, Span, compute};
        let received = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let plus = |n: u64| received.checked_add_days(Days::new(n)).unwrap();
        let mut input = ClockInput::new(Regime::Ordinary, received);
        input.suspensions.push(Span { from: plus(request), to: None });
        if let Some(n) = notice {
            input.refusal_notices.push(Span {
                from: plus(request + n),
                to: observations.map(|o| plus(request + n + o)),
            });
        }
        let mut days = days;
        days.sort_unstable();
        let cal = Calendar::national();
        let mut prev = None;
        for d in days {
            let due = compute(&input, &cal, plus(d)).unwrap().due;
            if let Some(p) = prev {
                prop_assert!(due >= p, "as of +{d} the due date went back from {p} to {due}");
            }
            prev = Some(due);
        }
    }
}
