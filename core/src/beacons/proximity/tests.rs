//! ProximityEngine behaviour on hand-made, noise-free sequences (the physical-model traces are in
//! `core/tests/beacons_sim.rs`).

use super::*;
use crate::beacons::registry::RegistryEntry;

const UUID: &str = "f7826da6-4fa2-4e98-8024-bc5b71e0893e";

fn id(minor: u16) -> BeaconId {
    format!("ibeacon:{UUID}:1:{minor}").parse().unwrap()
}

/// An iBeacon advertisement of minor `minor`, measured power -59 dBm.
fn adv(minor: u16) -> Vec<u8> {
    let mut v = hex::decode("0201061aff4c000215f7826da64fa24e988024bc5b71e0893e0001").unwrap();
    v.extend_from_slice(&minor.to_be_bytes());
    v.push((-59i8) as u8);
    v
}

/// The RSSI heard at `d` metres with path-loss exponent 2.
fn rssi_at(d: f32) -> i16 {
    (-59.0 - 20.0 * d.log10()).round() as i16
}

fn engine(config: EngineConfig) -> ProximityEngine {
    let entries = vec![
        RegistryEntry {
            beacon: id(1),
            poi_id: "duomo".into(),
            name: "Duomo".into(),
            enter_m: None,
            exit_m: None,
            power_at_1m: None,
        },
        RegistryEntry {
            beacon: id(2),
            poi_id: "teatro".into(),
            name: "Teatro".into(),
            enter_m: None,
            exit_m: None,
            power_at_1m: None,
        },
    ];
    ProximityEngine::with_clock(
        Registry::from_entries(&entries),
        config,
        Box::new(ManualClock::new(0)),
    )
}

/// Feeds `minor` at distance `d` every 100 ms from `from` to `to` (ms); returns the events.
fn feed(
    e: &mut ProximityEngine,
    minor: u16,
    d: f32,
    from: Millis,
    to: Millis,
) -> Vec<ProximityEvent> {
    let bytes = adv(minor);
    let mut out = Vec::new();
    let mut t = from;
    while t < to {
        out.extend(
            e.on_advert(Payload::Advertisement(&bytes), rssi_at(d), t)
                .unwrap(),
        );
        t += 100;
    }
    out
}

fn kinds(events: &[ProximityEvent]) -> Vec<(ProximityEventKind, &str)> {
    events.iter().map(|e| (e.kind, e.poi_id.as_ref())).collect()
}

#[test]
fn enters_near_leaves_far_with_hysteresis() {
    let mut e = engine(EngineConfig::default());
    assert!(feed(&mut e, 1, 8.0, 0, 3_000).is_empty());
    let ev = feed(&mut e, 1, 1.5, 3_000, 8_000);
    assert_eq!(kinds(&ev), vec![(ProximityEventKind::Enter, "duomo")]);
    assert_eq!(ev[0].zone, Zone::Near);
    // Between enter (2.5 m) and exit (5 m): nothing happens.
    assert!(feed(&mut e, 1, 3.5, 8_000, 20_000).is_empty());
    let ev = feed(&mut e, 1, 9.0, 20_000, 30_000);
    assert_eq!(kinds(&ev), vec![(ProximityEventKind::Exit, "duomo")]);
    assert_eq!(ev[0].reason, Some(ExitReason::Distance));
}

#[test]
fn silence_leaves_after_the_exit_timeout() {
    let mut e = engine(EngineConfig::default());
    assert_eq!(feed(&mut e, 1, 1.0, 0, 3_000).len(), 1);
    assert!(e.tick(2_000 + 7_000).is_empty());
    let ev = e.tick(2_000 + 9_000);
    assert_eq!(kinds(&ev), vec![(ProximityEventKind::Exit, "duomo")]);
    assert_eq!(ev[0].reason, Some(ExitReason::Timeout));
    assert_eq!(e.tracked_count(), 0);
}

#[test]
fn poll_uses_the_injected_clock() {
    let clock = Arc::new(ManualClock::new(0));
    let entries = vec![RegistryEntry {
        beacon: id(1),
        poi_id: "duomo".into(),
        name: "Duomo".into(),
        enter_m: None,
        exit_m: None,
        power_at_1m: None,
    }];
    let mut e = ProximityEngine::with_clock(
        Registry::from_entries(&entries),
        EngineConfig::default(),
        Box::new(clock.clone()),
    );
    assert_eq!(feed(&mut e, 1, 1.0, 0, 3_000).len(), 1);
    clock.set(5_000);
    assert!(e.poll().is_empty());
    clock.advance(10_000);
    assert_eq!(e.poll().len(), 1);
}

#[test]
fn cooldown_silences_a_second_visit_but_not_a_later_one() {
    let cfg = EngineConfig {
        cooldown_ms: 60_000,
        ..EngineConfig::default()
    };
    let mut e = engine(cfg);
    assert_eq!(feed(&mut e, 1, 1.0, 0, 3_000).len(), 1);
    assert_eq!(e.tick(20_000).len(), 1); // exit by timeout
    // Back within the cooldown: entered silently, and so left silently.
    assert!(feed(&mut e, 1, 1.0, 30_000, 33_000).is_empty());
    assert_eq!(e.current_poi(), Some("duomo"));
    assert!(e.tick(50_000).is_empty());
    // After the cooldown: announced again.
    assert_eq!(feed(&mut e, 1, 1.0, 70_000, 73_000).len(), 1);
}

#[test]
fn quiet_hours_silence_entries() {
    let cfg = EngineConfig {
        // 22:00–07:00 Italian winter time.
        quiet_hours: Some(QuietHours {
            start_min: 22 * 60,
            end_min: 7 * 60,
            utc_offset_min: 60,
        }),
        ..EngineConfig::default()
    };
    let hour = 3_600_000;
    let mut e = engine(cfg);
    // 23:30 UTC is 00:30 in Italy: quiet.
    let night = 23 * hour + 30 * 60_000;
    assert!(feed(&mut e, 1, 1.0, night, night + 3_000).is_empty());
    assert!(e.tick(night + 20_000).is_empty());
    // 09:00 UTC is 10:00: announced.
    let day = 24 * hour + 9 * hour;
    assert_eq!(feed(&mut e, 2, 1.0, day, day + 3_000).len(), 1);
    let q = e.config().quiet_hours.unwrap();
    assert!(q.contains(6 * hour - 1) && !q.contains(6 * hour));
    let same_day = QuietHours {
        start_min: 12 * 60,
        end_min: 14 * 60,
        utc_offset_min: 0,
    };
    assert!(same_day.contains(13 * hour) && !same_day.contains(15 * hour));
}

#[test]
fn the_nearest_poi_wins_and_takes_over_with_a_margin() {
    let mut e = engine(EngineConfig::default());
    let (a, b) = (adv(1), adv(2));
    let mut ev = Vec::new();
    for i in 0..30 {
        let t = i * 100;
        ev.extend(
            e.on_advert(Payload::Advertisement(&a), rssi_at(2.0), t)
                .unwrap(),
        );
        ev.extend(
            e.on_advert(Payload::Advertisement(&b), rssi_at(1.0), t + 50)
                .unwrap(),
        );
    }
    assert_eq!(kinds(&ev), vec![(ProximityEventKind::Enter, "teatro")]);
    // Now the duomo is much nearer: it takes over.
    ev.clear();
    for i in 30..80 {
        let t = i * 100;
        ev.extend(
            e.on_advert(Payload::Advertisement(&a), rssi_at(0.5), t)
                .unwrap(),
        );
        ev.extend(
            e.on_advert(Payload::Advertisement(&b), rssi_at(2.4), t + 50)
                .unwrap(),
        );
    }
    assert_eq!(
        kinds(&ev),
        vec![
            (ProximityEventKind::Exit, "teatro"),
            (ProximityEventKind::Enter, "duomo")
        ]
    );
    assert_eq!(ev[0].reason, Some(ExitReason::NearerPoi));
}

#[test]
fn unregistered_beacons_and_non_beacons_cause_nothing_and_are_not_tracked() {
    let mut e = engine(EngineConfig::default());
    assert!(feed(&mut e, 9, 0.5, 0, 2_000).is_empty());
    assert_eq!(e.tracked_count(), 0);
    let tlm = hex::decode("1116aafe20000bb8fd8000000064000003e8").unwrap();
    assert!(
        e.on_advert(Payload::Advertisement(&tlm), -50, 0)
            .unwrap()
            .is_empty()
    );
    assert!(
        e.on_advert(Payload::Advertisement(&[0xff]), -50, 0)
            .is_err()
    );
    // Impossible RSSI values are ignored.
    assert!(
        e.on_advert(Payload::Advertisement(&adv(1)), 127, 0)
            .unwrap()
            .is_empty()
    );
    assert_eq!(e.tracked_count(), 0);
}

#[test]
fn visits_are_counted_only_when_the_visitor_opted_in() {
    let mut e = engine(EngineConfig::default());
    feed(&mut e, 1, 1.0, 0, 3_000);
    assert!(e.flow().is_none());
    let mut e = engine(EngineConfig::default());
    e.enable_flow();
    feed(&mut e, 1, 1.0, 0, 3_000);
    let counts = e.flow().unwrap().counts();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].visits, 1);
    assert!(e.flow().unwrap().export().is_empty());
}

#[test]
fn tracking_is_bounded() {
    let cfg = EngineConfig {
        max_tracked: 1,
        ..EngineConfig::default()
    };
    let mut e = engine(cfg);
    feed(&mut e, 1, 1.0, 0, 500);
    feed(&mut e, 2, 1.0, 500, 1_000);
    assert_eq!(e.tracked_count(), 1);
    assert!(e.tracked_bytes() > 0);
    assert_eq!(e.beacons().len(), 1);
}
