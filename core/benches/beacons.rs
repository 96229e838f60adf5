//! Beacon benchmarks: frames parsed and filtered per second on one core (target ≥ 2,000,000/s),
//! the engine's cost per advert, the time from an advert to its proximity event, and memory per
//! tracked beacon.
//!
//! `cargo bench -p campanile-core --bench beacons`. The latency in trace time and the memory
//! figures are printed once before the timed benchmarks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use campanile_core::beacons::frames::{self, Frame};
use campanile_core::beacons::proximity::{
    EngineConfig, ManualClock, ProximityEngine, ProximityEventKind,
};
use campanile_core::beacons::ranging::{FilterConfig, RssiFilter};
use campanile_core::beacons::registry::{Registry, RegistryEntry};
use campanile_core::beacons::{BeaconId, Payload};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const UUID: &str = "f7826da64fa24e988024bc5b71e0893e";

fn ibeacon(minor: u16) -> Vec<u8> {
    let mut v = hex::decode(format!("0201061aff4c000215{UUID}0001")).unwrap();
    v.extend_from_slice(&minor.to_be_bytes());
    v.push((-59i8) as u8);
    v
}

/// A realistic mix: iBeacons, Eddystone UID, URL and TLM, an AltBeacon, and a phone's
/// non-beacon Apple advert.
fn mix() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = (0..8).map(ibeacon).collect();
    for h in [
        "0201060303aafe1716aafe00e800112233445566778899aabbccddeeff0000",
        "0303aafe0d16aafe10eb03676f6f676c6507",
        "0201060303aafe1116aafe20000bb8fd8000000064000003e8",
        "1bff1801beac0102030405060708090a0b0c0d0e0f1011121314c5ab",
        "02011a0aff4c001005031c2a0e5e",
    ] {
        v.push(hex::decode(h).unwrap());
    }
    v
}

fn registry(n: u16) -> Registry {
    let entries: Vec<RegistryEntry> = (0..n)
        .map(|i| RegistryEntry {
            beacon: format!("ibeacon:{UUID}:1:{i}").parse().unwrap(),
            poi_id: format!("poi-{i}"),
            name: format!("POI {i}"),
            enter_m: None,
            exit_m: None,
            power_at_1m: None,
        })
        .collect();
    Registry::from_entries(&entries)
}

fn engine(n: u16, filter: FilterConfig) -> ProximityEngine {
    ProximityEngine::with_clock(
        registry(n),
        EngineConfig {
            filter,
            ..EngineConfig::default()
        },
        Box::new(ManualClock::new(0)),
    )
}

fn rssi_at(d: f64) -> i16 {
    (-59.0 - 20.0 * d.log10()).round() as i16
}

/// Trace time from a step (visitor 8 m away, then 1 m away) to the Enter event.
fn step_latency_ms(filter: FilterConfig) -> i64 {
    let mut e = engine(1, filter);
    let adv = ibeacon(0);
    let mut t = 0;
    while t < 10_000 {
        e.on_advert(Payload::Advertisement(&adv), rssi_at(8.0), t)
            .unwrap();
        t += 100;
    }
    let step = t;
    loop {
        let ev = e
            .on_advert(Payload::Advertisement(&adv), rssi_at(1.0), t)
            .unwrap();
        if ev.iter().any(|e| e.kind == ProximityEventKind::Enter) {
            return t - step;
        }
        t += 100;
        assert!(t < step + 60_000, "never entered");
    }
}

fn print_figures() {
    for (name, f) in [
        ("Kalman q=0.5 r=9, the default", FilterConfig::default()),
        (
            "running average 3 s",
            FilterConfig::RunningAverage { window_ms: 3_000 },
        ),
        ("ARMA 0.1", FilterConfig::Arma { coefficient: 0.1 }),
    ] {
        println!(
            "figure: step 8 m -> 1 m at 10 adverts/s, Enter after {} ms of trace time ({name})",
            step_latency_ms(f)
        );
    }
    // Memory: 64 beacons tracked at 10 adverts/s each for a full filter window.
    let mut e = engine(64, FilterConfig::default());
    let advs: Vec<Vec<u8>> = (0..64).map(ibeacon).collect();
    for step in 0..50 {
        for (i, a) in advs.iter().enumerate() {
            e.on_advert(Payload::Advertisement(a), -80, step * 100 + i as i64)
                .unwrap();
        }
    }
    println!(
        "figure: {} tracked beacons hold {} bytes: {} bytes per tracked beacon (default filter, 10 adverts/s)",
        e.tracked_count(),
        e.tracked_bytes(),
        e.tracked_bytes() / e.tracked_count().max(1)
    );
    println!(
        "figure: size_of BeaconId {} bytes, Frame {} bytes",
        std::mem::size_of::<BeaconId>(),
        std::mem::size_of::<Frame>()
    );
}

fn benches(c: &mut Criterion) {
    print_figures();
    let advs = mix();
    let mut g = c.benchmark_group("beacons");
    g.throughput(Throughput::Elements(advs.len() as u64));
    g.bench_function("parse", |b| {
        b.iter(|| {
            for a in &advs {
                let _ = black_box(frames::parse_advertisement(black_box(a)));
            }
        })
    });
    // Parse, then filter the RSSI of each beacon frame (one default filter a frame
    // slot, as the engine keeps one a beacon).
    let mut filters: Vec<RssiFilter> = advs
        .iter()
        .map(|_| RssiFilter::new(FilterConfig::default()))
        .collect();
    let mut t = 0i64;
    g.bench_function("parse_and_filter", |b| {
        b.iter(|| {
            t += 100;
            for (a, f) in advs.iter().zip(filters.iter_mut()) {
                if let Ok(frame) = frames::parse_advertisement(black_box(a))
                    && frame.beacon_id().is_some()
                {
                    f.add(t, -70);
                }
            }
        })
    });
    // The whole engine: 20 registered beacons in range, adverts round-robin at 10 Hz each.
    let mut e = engine(20, FilterConfig::default());
    let reg_advs: Vec<Vec<u8>> = (0..20).map(ibeacon).collect();
    let mut t = 0i64;
    g.throughput(Throughput::Elements(reg_advs.len() as u64));
    g.bench_function("on_advert_20_registered", |b| {
        b.iter(|| {
            t += 100;
            for (i, a) in reg_advs.iter().enumerate() {
                let rssi = -70 - (i as i16 % 10);
                black_box(e.on_advert(Payload::Advertisement(a), rssi, t).unwrap());
            }
        })
    });
    g.finish();

    // Advert -> event: the cost of the one on_advert call that emits the Enter event. The
    // engine is brought to the advert before (3 s at 2.6 m, then k-1 adverts at 0.3 m).
    let adv = ibeacon(0);
    let prepare = |k: usize| {
        let mut e = engine(1, FilterConfig::default());
        let mut t = 0;
        let mut events = 0;
        while t < 3_000 {
            events += e
                .on_advert(Payload::Advertisement(&adv), rssi_at(2.6), t)
                .unwrap()
                .len();
            t += 100;
        }
        for _ in 0..k {
            events += e
                .on_advert(Payload::Advertisement(&adv), rssi_at(0.3), t)
                .unwrap()
                .len();
            t += 100;
        }
        (e, t, events)
    };
    let k = (0..100)
        .find(|&k| prepare(k + 1).2 > 0)
        .expect("the step makes the visitor enter");
    c.bench_function("beacons/advert_to_enter_event", |b| {
        b.iter_batched(
            || prepare(k),
            |(mut e, t, before)| {
                assert_eq!(before, 0);
                let ev = e
                    .on_advert(Payload::Advertisement(&adv), rssi_at(0.3), t)
                    .unwrap();
                assert_eq!(ev.len(), 1);
                black_box(ev)
            },
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(beacons, benches);
criterion_main!(beacons);
