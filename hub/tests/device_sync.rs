//! A device syncs with the hub through the core (`Campanile::hub`), offline first: the staff
//! opens a practice at the hub, the citizen's device signs in and syncs, and sees it with the
//! same deadline the hub shows; an event the citizen adds while the hub is down waits in the
//! device's outbox, is sent once the hub is back, and a retry of it (an answer lost) is applied
//! once; the device's timeline converges to the hub's order.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use campanile_core::host::{MemorySecrets, SystemClock};
use campanile_core::hubsync::Login;
use campanile_core::{Campanile, Config, Database, ErrorClass, Host, time::Instant};
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;

fn device(dir: &tempfile::TempDir) -> Campanile {
    Campanile::open(
        Config::new(Database::File(dir.path().join("device.db")), "en"),
        Host {
            secrets: Arc::new(MemorySecrets::default()),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap()
}

fn citizen() -> Login {
    Login {
        subject: CITIZEN.into(),
        role: "citizen".into(),
        comune: None,
    }
}

fn kinds(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn a_device_syncs_offline_first(backend: &Backend) {
    let hub = Hub::start(backend, true).await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let (s, p) = hub
        .post(
            "/api/v1/practices",
            Some(&staff),
            &json!({"procedure": "SUAP-OSP", "applicant": CITIZEN, "subject": "Dehors",
                    "comune": ASCOLI, "received": "2026-11-02"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let id = p["id"].as_str().unwrap().to_string();

    // The citizen's device signs in and syncs: the practice, with the hub's deadline.
    let dir = tempfile::tempdir().unwrap();
    let core = device(&dir);
    assert_eq!(
        core.hub().sync().await.unwrap_err().class,
        ErrorClass::BadInput,
        "not signed in"
    );
    core.hub().login_dev(&hub.base, &citizen()).await.unwrap();
    let first = core.hub().sync().await.unwrap();
    // Opened presented: `started`, then `presented`, as the core opens one.
    assert_eq!((first.practices, first.events_added), (1, 2), "{first:?}");
    let today = Instant::now(&SystemClock).day_in_rome();
    let view = core.practices().show(&id, Some(today), None).unwrap();
    let clock = view.clock.expect("presented: the clock runs");
    assert_eq!(json!(clock.due), p["clock"]["due"], "the same deadline");
    assert_eq!(json!(clock.status), p["clock"]["status"]);

    // The hub goes down; the citizen adds a document: it waits.
    hub.stop();
    let queued = core
        .hub()
        .queue_event(
            &id,
            "document",
            Some("planimetria"),
            &["plan.pdf".into()],
            None,
        )
        .unwrap();
    let err = core.hub().sync().await.unwrap_err();
    assert_eq!(err.class, ErrorClass::Unavailable, "{err:?}");
    let status = core.hub().status(10).unwrap();
    assert_eq!((status.pending, status.rejected), (1, 0));
    assert_eq!(status.outbox[0].key, queued.key);
    assert_eq!(status.outbox[0].tries, 1);

    // Back (a new process on the same database): sent once, with the same key.
    let hub = hub.sibling().await;
    core.hub().login_dev(&hub.base, &citizen()).await.unwrap();
    let second = core.hub().sync().await.unwrap();
    assert_eq!((second.sent, second.replayed, second.pending), (1, 0, 0));
    let (_, at_hub) = hub
        .get(&format!("/api/v1/practices/{id}"), Some(&staff))
        .await;
    assert_eq!(
        kinds(&at_hub["events"]),
        ["started", "presented", "document"]
    );

    // The answer was lost (the device never saw it): the retry is applied once.
    let mut db = sqlx::SqliteConnection::connect(&format!(
        "sqlite://{}",
        dir.path().join("device.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE hub_outbox SET state = 'pending'")
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    let retry = core.hub().sync().await.unwrap();
    assert_eq!((retry.sent, retry.replayed), (1, 1), "{retry:?}");
    let (_, at_hub) = hub
        .get(&format!("/api/v1/practices/{id}"), Some(&staff))
        .await;
    assert_eq!(
        kinds(&at_hub["events"]),
        ["started", "presented", "document"]
    );

    // The staff moves it on; the device follows, in the hub's order.
    let (s, _) = hub
        .post(
            &format!("/api/v1/practices/{id}/events"),
            Some(&staff),
            &json!({"kind": "integration_requested", "note": "manca la firma"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let third = core.hub().sync().await.unwrap();
    assert_eq!(third.events_added, 1, "{third:?}");
    let local: Vec<String> = core
        .practices()
        .timeline(&id)
        .unwrap()
        .iter()
        .map(|e| e.kind.as_str().to_string())
        .collect();
    let (_, at_hub) = hub
        .get(&format!("/api/v1/practices/{id}"), Some(&staff))
        .await;
    assert_eq!(local, kinds(&at_hub["events"]));
    let view = core.practices().show(&id, Some(today), None).unwrap();
    assert_eq!(view.practice.state.as_str(), "integration_requested");

    // A write the hub refuses (a citizen cannot conclude a practice) is kept as refused.
    core.hub()
        .queue_event(&id, "ended_by_positive_outcome", None, &[], None)
        .unwrap();
    let fourth = core.hub().sync().await.unwrap();
    assert_eq!(fourth.rejected.len(), 1, "{fourth:?}");
    assert!(fourth.rejected[0].last_error.is_some());
    let status = core.hub().status(10).unwrap();
    assert_eq!((status.pending, status.rejected), (0, 1));
    assert!(status.session.unwrap().last_sync.is_some());
}
on_both!(a_device_syncs_offline_first);
