//! The deadline a practice shows through the hub is the core's: the same practice, opened and
//! moved through the same events in the core's own handle (`campanile_core::Campanile`, its
//! own SQLite store), gives the same due date, status, chain of rules and SUAP times.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use campanile_core::host::{MemorySecrets, SystemClock};
use campanile_core::practices::states::PracticeEventKind;
use campanile_core::{Campanile, Config, Database, Host, time::Instant};
use campanile_core::{EventRequest, OpenRequest};
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn core() -> Campanile {
    let core = Campanile::open(
        Config::new(Database::InMemory, "en"),
        Host {
            secrets: Arc::new(MemorySecrets::default()),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap();
    core.procedures()
        .import_bytes(
            "procedures.json",
            campanile_hub::seed::PROCEDURES_JSON.as_bytes().to_vec(),
            false,
        )
        .unwrap();
    core
}

/// One case: a procedure, a comune, the day of receipt and the events after it.
struct Case {
    procedure: &'static str,
    comune: &'static str,
    received: &'static str,
    events: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    // Ordinary, 45 days, an integration that suspends it.
    Case {
        procedure: "SUAP-OSP",
        comune: ASCOLI,
        received: "2026-03-02T09:30:00+01:00",
        events: &[
            ("integration_requested", "2026-03-10"),
            ("integrated", "2026-03-20"),
        ],
    },
    // Ordinary, the law's 30 days, ending in Fermo near its patron's day (15 August).
    Case {
        procedure: "ACC-DOC",
        comune: FERMO,
        received: "2026-07-16",
        events: &[],
    },
    // Building permit: interrupted within 30 days, a notice of refusal with observations.
    Case {
        procedure: "SUE-PDC",
        comune: ASCOLI,
        received: "2026-01-12",
        events: &[
            ("integration_requested", "2026-01-20"),
            ("integrated", "2026-02-03"),
            ("refusal_notice", "2026-03-02"),
            ("observations", "2026-03-09"),
        ],
    },
    // SCIA: 60 days whatever happens; an integration still open.
    Case {
        procedure: "SUAP-VIC",
        comune: FERMO,
        received: "2026-04-20",
        events: &[("integration_requested", "2026-04-28")],
    },
    // Concluded.
    Case {
        procedure: "ANA-RES",
        comune: ASCOLI,
        received: "2026-05-04",
        events: &[("ended_by_positive_outcome", "2026-05-30")],
    },
];

async fn the_hub_shows_the_cores_deadline(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let core = core();
    let practices = core.practices();
    for (n, case) in CASES.iter().enumerate() {
        let staff = hub.login(STAFF_ASCOLI, "staff", Some(case.comune)).await;
        let (s, mut p) = hub
            .post(
                "/api/v1/practices",
                Some(&staff),
                &json!({
                "procedure": case.procedure, "applicant": CITIZEN, "subject": "caso",
                "comune": case.comune, "received": case.received}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
        let id = p["id"].as_str().unwrap().to_string();
        let core_id = format!("case-{n}");
        practices
            .open(&OpenRequest {
                id: core_id.clone(),
                applicant: CITIZEN.into(),
                subject: "caso".into(),
                procedure: Some(case.procedure.into()),
                comune: Some(case.comune.into()),
                received: Some(practices.parse_when(case.received).unwrap()),
                actor: STAFF_ASCOLI.into(),
                ..OpenRequest::default()
            })
            .unwrap();
        for (kind, at) in case.events {
            let (s, after) = hub
                .post(
                    &format!("/api/v1/practices/{id}/events"),
                    Some(&staff),
                    &json!({"kind": kind, "at": at}),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{after}");
            p = after;
            practices
                .event(
                    &core_id,
                    &EventRequest {
                        kind: PracticeEventKind::parse(kind).unwrap(),
                        at: Some(practices.parse_when(at).unwrap()),
                        actor: STAFF_ASCOLI.into(),
                        note: None,
                        attachments: Vec::new(),
                    },
                )
                .unwrap();
        }
        let today = Instant::now(&SystemClock).day_in_rome();
        let view = practices.show(&core_id, Some(today), None).unwrap();
        let clock = view.clock.expect("the core computes a clock");
        let hub_clock = &p["clock"];
        assert_eq!(
            hub_clock["due"],
            json!(clock.due),
            "{}: due",
            case.procedure
        );
        assert_eq!(
            hub_clock["status"],
            json!(clock.status),
            "{}: status",
            case.procedure
        );
        assert_eq!(
            hub_clock["times"],
            json!(clock.times),
            "{}: times",
            case.procedure
        );
        assert_eq!(hub_clock["suspended"], json!(clock.suspended));
        // The chain, step by step (the core's view adds a text in its language).
        let core_chain: Vec<Value> = clock
            .chain
            .iter()
            .map(|s| serde_json::to_value(&s.step).unwrap())
            .collect();
        assert_eq!(
            hub_clock["chain"],
            json!(core_chain),
            "{}: chain",
            case.procedure
        );
        assert_eq!(p["state"], view.practice.state.as_str());
        assert_eq!(p["regime"], view.practice.regime.as_str());
        assert_eq!(p["term_days"], json!(view.practice.term_days));
        // And as the citizen reads it.
        let citizen = hub.login(CITIZEN, "citizen", None).await;
        let (_, mine) = hub
            .get(&format!("/api/v1/practices/{id}"), Some(&citizen))
            .await;
        assert_eq!(mine["clock"], *hub_clock);
    }
}
on_both!(the_hub_shows_the_cores_deadline);
