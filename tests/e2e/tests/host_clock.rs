//! Time through the handle: what the core writes is dated by the host's clock (not the
//! machine's), given back as RFC 3339 instants, and "today" is the day in Rome, where the
//! comune's terms are counted, whatever the device's zone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use campanile_core::host::{Clock, MemorySecrets};
use campanile_core::practices::feed::ChangeEvent;
use campanile_core::time::Instant;
use campanile_core::{Campanile, Config, Database, Host, OpenRequest};
use campanile_testkit::fatturapa::Spec;

struct FixedClock(i64);

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0
    }
}

fn core_at(rfc3339: &str) -> Campanile {
    let at = Instant::parse_rfc3339(rfc3339).unwrap();
    Campanile::open(
        Config::new(Database::InMemory, "en"),
        Host {
            secrets: Arc::new(MemorySecrets::default()),
            clock: Arc::new(FixedClock(at.as_ms())),
        },
    )
    .unwrap()
}

#[test]
fn invoice_events_and_their_changes_carry_the_hosts_time() {
    // 23:30 UTC on 31 December is already 1 January in Rome.
    let core = core_at("2026-12-31T23:30:00Z");
    assert_eq!(core.today().to_string(), "2027-01-01");
    assert_eq!(core.invoices().today().to_string(), "2027-01-01");
    let imported = core
        .invoices()
        .import_bytes("IT01234567890_00001.xml", &Spec::fpa12().bytes())
        .unwrap();
    let id = imported.invoice_ids[0];
    let view = core.invoices().status(id).unwrap();
    let event = &view.events[0];
    assert_eq!(event.kind.code(), "imported");
    assert_eq!(event.recorded_at.to_rfc3339(), "2026-12-31T23:30:00.000Z");
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["events"][0]["recorded_at"], "2026-12-31T23:30:00.000Z");
    assert_eq!(json["date"], "2024-03-05");
    // A step left undated is done today, in Rome.
    let step = core
        .invoices()
        .step(
            id,
            campanile_core::invoices::InvoiceStep::Registered,
            None,
            None,
        )
        .unwrap();
    assert_eq!(step.on.to_string(), "2027-01-01");
    let feed = core.practices().changes("IT01234567890", None, 10).unwrap();
    assert!(!feed.changes.is_empty());
    for c in &feed.changes {
        assert_eq!(c.at.to_rfc3339(), "2026-12-31T23:30:00.000Z");
    }
    assert_eq!(feed.changes.last().unwrap().event, "registered");
}

#[test]
fn a_practice_opened_now_starts_on_the_hosts_instant() {
    let core = core_at("2026-03-29T00:30:00Z");
    let practice = core
        .practices()
        .open(&OpenRequest {
            id: "SUAP-1".into(),
            applicant: "RSSMRA80A01H501U".into(),
            subject: "Apertura bar".into(),
            actor: "sportello".into(),
            ..OpenRequest::default()
        })
        .unwrap();
    assert_eq!(practice.created_at.to_rfc3339(), "2026-03-29T00:30:00.000Z");
    let feed = core
        .practices()
        .changes("RSSMRA80A01H501U", None, 10)
        .unwrap();
    assert_eq!(feed.changes.len(), 1);
    assert!(matches!(feed.changes[0].event, ChangeEvent::Practice(_)));
    assert_eq!(
        serde_json::to_value(&feed.changes[0]).unwrap()["at"],
        "2026-03-29T00:30:00.000Z"
    );
}
