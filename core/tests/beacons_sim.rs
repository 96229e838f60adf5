//! Traces generated from a physical model, replayed through the proximity engine.
//!
//! The model: beacons advertise every 100 ms (±10 ms) at -59 dBm measured power; the received
//! power follows the log-distance path loss (exponent 2) plus log-normal shadowing — a slow
//! component that drifts as the body and the crowd move (first-order autoregressive, 3 dB,
//! correlation time 2 s) and a fast one per packet (3 dB) — packets are lost at random (25 %)
//! and below the receiver's sensitivity (-95 dBm). Every scenario runs over many seeds: the
//! assertions hold for each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::beacons::proximity::{
    EngineConfig, ManualClock, ProximityEngine, ProximityEvent, ProximityEventKind, QuietHours,
};
use campanile_core::beacons::registry::{Registry, RegistryEntry};
use campanile_core::beacons::trace::{self, PayloadBuf, TraceRecord};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

const SEEDS: u64 = 100;
const UUID: &str = "f7826da64fa24e988024bc5b71e0893e";
const POWER_1M: f64 = -59.0;

struct Beacon {
    minor: u16,
    x: f64,
    y: f64,
}

struct Radio {
    slow_sigma: f64,
    slow_tau_ms: f64,
    fast_sigma: f64,
    drop: f64,
    sensitivity: f64,
}

const RADIO: Radio = Radio {
    slow_sigma: 2.0,
    slow_tau_ms: 5_000.0,
    fast_sigma: 4.0,
    drop: 0.25,
    sensitivity: -95.0,
};

fn adv(minor: u16) -> Vec<u8> {
    let mut v = hex::decode(format!("0201061aff4c000215{UUID}0001")).unwrap();
    v.extend_from_slice(&minor.to_be_bytes());
    v.push(POWER_1M as i8 as u8);
    v
}

/// The adverts a phone following `path(t)` (metres) hears from `t0` to `t1` (ms).
fn simulate(
    seed: u64,
    beacons: &[Beacon],
    t0: i64,
    t1: i64,
    path: impl Fn(i64) -> (f64, f64),
) -> Vec<TraceRecord> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let fast = Normal::new(0.0, RADIO.fast_sigma).unwrap();
    let unit = Normal::new(0.0, 1.0).unwrap();
    let mut out = Vec::new();
    for b in beacons {
        let bytes = adv(b.minor);
        let mut t = t0 + rng.random_range(0..100);
        let mut slow = RADIO.slow_sigma * unit.sample(&mut rng);
        let mut last = t;
        while t < t1 {
            // AR(1) shadowing: keeps its variance, decorrelates over slow_tau_ms.
            let a = (-((t - last) as f64) / RADIO.slow_tau_ms).exp();
            slow = a * slow + (1.0 - a * a).sqrt() * RADIO.slow_sigma * unit.sample(&mut rng);
            last = t;
            let (px, py) = path(t);
            let d = ((px - b.x).powi(2) + (py - b.y).powi(2)).sqrt().max(0.1);
            let rssi = POWER_1M - 20.0 * d.log10() + slow + fast.sample(&mut rng);
            if rssi >= RADIO.sensitivity && !rng.random_bool(RADIO.drop) {
                out.push(TraceRecord {
                    t,
                    rssi: rssi.round() as i16,
                    payload: PayloadBuf::Advertisement(bytes.clone()),
                });
            }
            t += 100 + rng.random_range(-10..=10);
        }
    }
    out.sort_by_key(|r| r.t);
    out
}

fn entry(minor: u16, poi: &str) -> RegistryEntry {
    RegistryEntry {
        beacon: format!("ibeacon:{UUID}:1:{minor}").parse().unwrap(),
        poi_id: poi.into(),
        name: poi.to_uppercase(),
        enter_m: None,
        exit_m: None,
        power_at_1m: None,
    }
}

fn engine(config: EngineConfig) -> ProximityEngine {
    let reg = Registry::from_entries(&[entry(1, "duomo"), entry(2, "teatro")]);
    ProximityEngine::with_clock(reg, config, Box::new(ManualClock::new(0)))
}

const A: Beacon = Beacon {
    minor: 1,
    x: 0.0,
    y: 0.0,
};
/// Four metres from A.
const B: Beacon = Beacon {
    minor: 2,
    x: 4.0,
    y: 0.0,
};

fn summary(events: &[ProximityEvent]) -> Vec<(ProximityEventKind, String)> {
    events
        .iter()
        .map(|e| (e.kind, e.poi_id.to_string()))
        .collect()
}

/// No POI is entered twice in a row without an exit, nor left without having been entered.
fn assert_well_formed(events: &[ProximityEvent], ctx: &str) {
    let mut inside: Option<&str> = None;
    for e in events {
        match e.kind {
            ProximityEventKind::Enter => {
                assert!(
                    inside.is_none(),
                    "{ctx}: enter while inside: {:?}",
                    summary(events)
                );
                inside = Some(&e.poi_id);
            }
            ProximityEventKind::Exit => {
                assert_eq!(
                    inside,
                    Some(e.poi_id.as_ref()),
                    "{ctx}: {:?}",
                    summary(events)
                );
                inside = None;
            }
        }
    }
}

/// Walking at 1 m/s along y = 1 m from x = -20 to x = 24, past A then B.
fn walk_past(seed: u64, start: i64) -> Vec<TraceRecord> {
    simulate(seed, &[A, B], start, start + 44_000, move |t| {
        (-20.0 + (t - start) as f64 / 1_000.0, 1.0)
    })
}

/// Each POI entered at most once and left at most once: no flapping.
fn assert_no_flapping(events: &[ProximityEvent], ctx: &str) {
    for poi in ["duomo", "teatro"] {
        for kind in [ProximityEventKind::Enter, ProximityEventKind::Exit] {
            let n = events
                .iter()
                .filter(|e| e.kind == kind && e.poi_id.as_ref() == poi)
                .count();
            assert!(
                n <= 1,
                "{ctx}: {poi} {kind:?} {n} times: {:?}",
                summary(events)
            );
        }
    }
}

#[test]
fn beacons_sim_a_walker_passing_two_beacons_enters_and_leaves_each_once_in_order() {
    let ideal = vec![
        (ProximityEventKind::Enter, "duomo".to_string()),
        (ProximityEventKind::Exit, "duomo".to_string()),
        (ProximityEventKind::Enter, "teatro".to_string()),
        (ProximityEventKind::Exit, "teatro".to_string()),
    ];
    let mut exact = 0;
    for seed in 0..SEEDS {
        let ctx = format!("seed {seed}");
        let mut e = engine(EngineConfig::default());
        let r = trace::replay(&mut e, &walk_past(seed, 0), 1_000);
        assert_well_formed(&r.events, &ctx);
        assert_no_flapping(&r.events, &ctx);
        // The duomo comes first on this path.
        if let Some(i) = r.events.iter().position(|e| e.poi_id.as_ref() == "duomo") {
            assert!(
                r.events[..i].iter().all(|e| e.poi_id.as_ref() != "teatro"),
                "{ctx}: {:?}",
                summary(&r.events)
            );
        }
        // Entered while near: within a few metres of the beacon, not from across the square.
        for ev in r
            .events
            .iter()
            .filter(|e| e.kind == ProximityEventKind::Enter)
        {
            let x = -20.0 + ev.at as f64 / 1_000.0;
            let bx = if ev.poi_id.as_ref() == "duomo" {
                A.x
            } else {
                B.x
            };
            assert!(
                (x - bx).abs() < 4.0,
                "{ctx}: {} entered at x = {x:.1}",
                ev.poi_id
            );
        }
        if summary(&r.events) == ideal {
            exact += 1;
        }
    }
    // A POI can be missed when shadowing hides it for the few seconds the walker is near it,
    // or (the teatro, 4 m after the duomo) nearer to it than to the duomo: rarely.
    println!("walker: {exact}/{SEEDS} passes with both POIs entered and left once");
    assert!(exact * 100 >= SEEDS * 95, "{exact}/{SEEDS}");
}

/// Ten passes past one beacon, to and fro along y = 1 m between x = -20 and x = 20 at 1 m/s
/// (40 s a pass), announced each time (no cooldown): one enter and one exit per pass, for every
/// seed, the enter within a few metres of the beacon (the walker is 2.5 m from it at 2.3 m along
/// the path).
#[test]
fn beacons_sim_every_pass_past_a_beacon_is_one_enter_and_one_exit() {
    const PASSES: i64 = 10;
    const PASS_MS: i64 = 40_000;
    let mut total = 0;
    let mut worst: f64 = 0.0;
    for seed in 0..SEEDS {
        let ctx = format!("seed {seed}");
        let x_at = |t: i64| {
            let along = (t % PASS_MS) as f64 / 1_000.0;
            if (t / PASS_MS) % 2 == 0 {
                -20.0 + along
            } else {
                20.0 - along
            }
        };
        let recs = simulate(seed, &[A], 0, PASSES * PASS_MS, |t| (x_at(t), 1.0));
        let cfg = EngineConfig {
            cooldown_ms: 0,
            ..EngineConfig::default()
        };
        let r = trace::replay(&mut engine(cfg), &recs, 1_000);
        assert_well_formed(&r.events, &ctx);
        for pass in 0..PASSES {
            let in_pass: Vec<&ProximityEvent> = r
                .events
                .iter()
                .filter(|e| e.at >= pass * PASS_MS && e.at < (pass + 1) * PASS_MS)
                .collect();
            let kinds: Vec<ProximityEventKind> = in_pass.iter().map(|e| e.kind).collect();
            assert_eq!(
                kinds,
                vec![ProximityEventKind::Enter, ProximityEventKind::Exit],
                "{ctx}, pass {pass}: {:?}",
                summary(&r.events)
            );
            let x = x_at(in_pass[0].at);
            worst = worst.max(x.abs());
            // 2.3 m along the path is 2.5 m from the beacon; the filter's lag and a kind
            // shadowing can bring the enter a few metres early or late, never from far away.
            assert!(x.abs() < 6.0, "{ctx}, pass {pass}: entered at x = {x:.1}");
        }
        total += PASSES;
    }
    println!(
        "passes: {total} of {total} with one enter and one exit; entered at most {worst:.1} m \
         along the path from the beacon"
    );
}

#[test]
fn beacons_sim_a_visitor_standing_at_the_edge_does_not_flap() {
    // Ten-minute traces: fewer seeds.
    for seed in 0..SEEDS / 4 {
        // At the enter distance (2.5 m) for ten minutes, then away.
        let mut e = engine(EngineConfig::default());
        let recs = simulate(seed, &[A], 0, 600_000, |_| (0.0, -2.5));
        let r = trace::replay(&mut e, &recs, 1_000);
        assert_well_formed(&r.events, &format!("seed {seed}"));
        let enters = r
            .events
            .iter()
            .filter(|e| e.kind == ProximityEventKind::Enter)
            .count();
        assert!(enters <= 1, "seed {seed}: {:?}", summary(&r.events));
        assert!(r.events.len() <= 2, "seed {seed}: {:?}", summary(&r.events));

        // At the edge of radio range (20 m): most packets lost, never entered.
        let mut e = engine(EngineConfig::default());
        let recs = simulate(seed, &[A], 0, 600_000, |_| (20.0, 0.0));
        assert!(
            recs.len() > 100,
            "seed {seed}: the model should still hear some packets"
        );
        let r = trace::replay(&mut e, &recs, 1_000);
        assert!(r.events.is_empty(), "seed {seed}: {:?}", summary(&r.events));
    }
}

#[test]
fn beacons_sim_the_nearest_poi_wins_for_a_visitor_between_two_beacons() {
    let mut exact = 0;
    for seed in 0..SEEDS {
        let ctx = format!("seed {seed}");
        let mut e = engine(EngineConfig::default());
        // Two minutes 1.3 m from A and 2.85 m from B (within B's enter distance when the
        // shadowing is kind to B).
        let recs = simulate(seed, &[A, B], 0, 120_000, |_| (1.2, 0.5));
        let r = trace::replay(&mut e, &recs, 1_000);
        assert_well_formed(&r.events, &ctx);
        assert_no_flapping(&r.events, &ctx);
        // Whatever the first seconds said, the visitor ends at the duomo.
        let last_enter = r
            .events
            .iter()
            .rev()
            .find(|e| e.kind == ProximityEventKind::Enter);
        assert_eq!(
            last_enter.map(|e| e.poi_id.as_ref()),
            Some("duomo"),
            "{ctx}"
        );
        if summary(&r.events)
            == vec![
                (ProximityEventKind::Enter, "duomo".into()),
                (ProximityEventKind::Exit, "duomo".into()),
            ]
        {
            exact += 1;
        }
    }
    println!("standing between: {exact}/{SEEDS} with only the duomo entered");
    assert!(exact * 100 >= SEEDS * 95, "{exact}/{SEEDS}");
}

#[test]
fn beacons_sim_cooldown_and_quiet_hours_are_honoured() {
    let hour = 3_600_000;
    for seed in 0..SEEDS / 2 {
        let cfg = EngineConfig {
            cooldown_ms: 10 * 60_000,
            // 20:00–08:00 UTC.
            quiet_hours: Some(QuietHours {
                start_min: 20 * 60,
                end_min: 8 * 60,
                utc_offset_min: 0,
            }),
            ..EngineConfig::default()
        };
        let day = 10 * hour;
        let passes = [
            walk_past(seed, day),
            // Back two minutes later (within the cooldown), after twenty minutes, and at night.
            walk_past(seed + 1_000, day + 2 * 60_000),
            walk_past(seed + 2_000, day + 20 * 60_000),
            walk_past(seed + 3_000, day + 12 * hour),
        ];
        // Which POIs each pass brings the visitor into, on an engine with neither cooldown nor
        // quiet hours (the radio model can hide one now and then).
        let seen: Vec<Vec<String>> = passes
            .iter()
            .map(|p| {
                let r = trace::replay(&mut engine(EngineConfig::default()), p, 1_000);
                r.events
                    .iter()
                    .filter(|e| e.kind == ProximityEventKind::Enter)
                    .map(|e| e.poi_id.to_string())
                    .collect()
            })
            .collect();
        let mut e = engine(cfg);
        e.enable_flow();
        let all: Vec<TraceRecord> = passes.concat();
        let r = trace::replay(&mut e, &all, 1_000);
        assert_well_formed(&r.events, &format!("seed {seed}"));
        let s = summary(&r.events);
        let in_pass = |ev: &ProximityEvent, i: usize| {
            let start = passes[i].first().map_or(0, |r| r.t);
            ev.at >= start && ev.at < start + 60_000
        };
        for (i, expected) in seen.iter().enumerate() {
            let announced: Vec<String> = r
                .events
                .iter()
                .filter(|ev| ev.kind == ProximityEventKind::Enter && in_pass(ev, i))
                .map(|ev| ev.poi_id.to_string())
                .collect();
            match i {
                // First pass and the one after the cooldown: announced as seen.
                0 | 2 => assert_eq!(&announced, expected, "seed {seed}, pass {i}: {s:?}"),
                // Within the cooldown: only a POI the first pass missed; at night: nothing.
                1 => {
                    let fresh: Vec<String> = expected
                        .iter()
                        .filter(|p| !seen[0].contains(p))
                        .cloned()
                        .collect();
                    assert_eq!(announced, fresh, "seed {seed}: within the cooldown: {s:?}");
                }
                _ => assert!(announced.is_empty(), "seed {seed}: quiet hours: {s:?}"),
            }
        }
        // Visits counted: the night pass too (a visit, only not announced); the return within
        // the cooldown only for a POI the first pass missed.
        let counts = e.flow().unwrap().counts();
        let visits: u32 = counts.iter().map(|c| c.visits).sum();
        let second_new = seen[1].iter().filter(|p| !seen[0].contains(p)).count();
        let expected = seen[0].len() + second_new + seen[2].len() + seen[3].len();
        assert_eq!(
            visits as usize, expected,
            "seed {seed}: {counts:?} {seen:?}"
        );
        assert!(e.flow().unwrap().export().is_empty());
    }
}

#[test]
fn beacons_sim_a_trace_file_replays_to_the_same_events() {
    let recs = walk_past(7, 1_700_000_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.jsonl");
    let text: Vec<String> = recs.iter().map(TraceRecord::to_json_line).collect();
    std::fs::write(&path, text.join("\n")).unwrap();
    let back = trace::read_file(&path).unwrap();
    assert_eq!(back, recs);
    let a = trace::replay(&mut engine(EngineConfig::default()), &back, 1_000);
    let b = trace::replay(&mut engine(EngineConfig::default()), &back, 1_000);
    assert_eq!(a.events, b.events);
    assert_eq!(a.events.len(), 4);
}

/// Tuning aid: `SWEEP=switch_ratio,switch_after_ms,window_ms[,settle_ms] cargo test --release
/// --test beacons_sim sweep -- --ignored --nocapture` prints failure rates over 100 seeds.
#[test]
#[ignore]
fn beacons_sim_sweep() {
    let v: Vec<f64> = std::env::var("SWEEP")
        .unwrap_or("1.5,3000,3000".into())
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();
    let cfg = EngineConfig {
        switch_ratio: v[0] as f32,
        switch_after_ms: v[1] as u32,
        filter: campanile_core::beacons::ranging::FilterConfig::RunningAverage {
            window_ms: v[2] as u32,
        },
        settle_ms: v.get(3).copied().unwrap_or(1_000.0) as u32,
        ..EngineConfig::default()
    };
    let (mut walk_bad, mut stand_bad) = (0, 0);
    for seed in 0..100 {
        let r = trace::replay(&mut engine(cfg.clone()), &walk_past(seed, 0), 1_000);
        if r.events.len() != 4 || r.events[0].poi_id.as_ref() != "duomo" {
            walk_bad += 1;
            if walk_bad < 3 {
                for ev in &r.events {
                    println!(
                        "  walk {:?} {} {} {:?} {:?}",
                        ev.kind, ev.poi_id, ev.at, ev.distance_m, ev.reason
                    );
                }
            }
        }
        let recs = simulate(seed, &[A, B], 0, 120_000, |_| (1.2, 0.5));
        let r = trace::replay(&mut engine(cfg.clone()), &recs, 1_000);
        if r.events.len() != 2 || r.events[0].poi_id.as_ref() != "duomo" {
            stand_bad += 1;
            if stand_bad < 3 {
                for ev in &r.events {
                    println!(
                        "  {:?} {} {} {:?} {:?}",
                        ev.kind, ev.poi_id, ev.at, ev.distance_m, ev.reason
                    );
                }
            }
        }
    }
    println!("{v:?}: walk failures {walk_bad}/100, stand failures {stand_bad}/100");
}
