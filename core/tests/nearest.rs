//! Nearest places, checked against measuring every place: the same k, in the same order (ties
//! by the order they were stored), with filters, at any point — in a town, in empty country,
//! out at sea, on the other side of the world — and whatever state the derived index is in
//! (current, stale after a replace, missing, damaged).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use campanile_core::opendata::db::{self, PoiFilter, near};
use campanile_core::opendata::{Category, Poi};
use campanile_core::store::{Db, Store};
use proptest::prelude::*;

#[path = "support/places.rs"]
mod places;
use places::replace;

const COMUNI: [(&str, &str); 3] = [
    ("Fermo", "109006"),
    ("Ascoli Piceno", "044007"),
    ("Montemonaco", "044048"),
];

fn poi(i: usize, lat: f64, lon: f64, category: Category, comune: usize) -> Poi {
    Poi {
        id: format!("p{i}"),
        dataset_id: "ds".into(),
        resource_id: "r".into(),
        name: format!("Luogo {i}"),
        category,
        descriptions: BTreeMap::new(),
        address: None,
        comune: Some(COMUNI[comune].0.into()),
        istat: (comune != 2).then(|| COMUNI[comune].1.to_string()),
        lat,
        lon,
        opening_hours: None,
        phone: None,
        email: None,
        website: None,
        accessibility: None,
        licence: None,
        attribution: None,
    }
}

/// What a scan of every place answers: the k nearest passing the filter, ties in stored order.
fn scan(pois: &[Poi], lat: f64, lon: f64, k: usize, filter: &PoiFilter) -> Vec<String> {
    let mut all: Vec<(f64, usize, &Poi)> = pois
        .iter()
        .enumerate()
        .filter(|(_, p)| filter.category.is_none_or(|c| c == p.category))
        .filter(|(_, p)| match filter.comune.as_deref() {
            None => true,
            Some(c) if c.chars().all(|ch| ch.is_ascii_digit()) => {
                p.istat.as_deref() == Some(&format!("{c:0>6}"))
            }
            Some(c) => p.comune.as_deref().map(str::to_lowercase) == Some(c.to_lowercase()),
        })
        .map(|(i, p)| (db::distance_m(lat, lon, p.lat, p.lon), i, p))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    all.into_iter()
        .take(k)
        .map(|(_, _, p)| p.id.clone())
        .collect()
}

fn found(store: &Store, lat: f64, lon: f64, k: usize, filter: &PoiFilter) -> Vec<String> {
    db::nearest(store, lat, lon, k, filter)
        .unwrap()
        .into_iter()
        .map(|h| h.poi.id)
        .collect()
}

/// Places in clusters (towns), scattered (country), on a line, and repeating a position.
fn places() -> impl Strategy<Value = Vec<Poi>> {
    let one = (
        prop_oneof![
            // A town: within a kilometre or so of one of three centres.
            4 => (0usize..3, -0.01f64..0.01, -0.01f64..0.01).prop_map(|(c, a, b)| {
                let centre = [(43.16, 13.72), (42.85, 13.57), (42.89, 13.33)][c];
                (centre.0 + a, centre.1 + b)
            }),
            // Anywhere in Italy's box.
            2 => (36.6f64..47.1, 6.6f64..18.5),
            // Anywhere at all, poles and antimeridian included.
            1 => (-90.0f64..=90.0, -180.0f64..=180.0),
        ],
        0usize..Category::ALL.len(),
        0usize..3,
    );
    prop::collection::vec(one, 0..400).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, ((lat, lon), c, comune))| {
                // Every fifth place stands exactly where an earlier one does: exact ties.
                let (lat, lon) = if i % 5 == 4 {
                    (43.16, 13.72)
                } else {
                    (lat, lon)
                };
                poi(i, lat, lon, Category::ALL[c], comune)
            })
            .collect()
    })
}

fn filters() -> impl Strategy<Value = PoiFilter> {
    (
        prop::option::of(0usize..Category::ALL.len()),
        prop::option::of(prop_oneof![
            Just("Fermo".to_string()),
            Just("ascoli piceno".to_string()),
            Just("44007".to_string()),
            Just("109006".to_string()),
            Just("Montemonaco".to_string()),
            Just("Roma".to_string()),
        ]),
    )
        .prop_map(|(c, comune)| PoiFilter {
            category: c.map(|c| Category::ALL[c]),
            comune,
        })
}

fn points() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        // In a town.
        (43.15f64..43.17, 13.71f64..13.73),
        // Italy's box: mountains, empty country, the sea.
        (36.6f64..47.1, 6.6f64..18.5),
        // Anywhere.
        (-90.0f64..=90.0, -180.0f64..=180.0),
    ]
}

proptest! {
    #![proptest_config(campanile_testkit::proptest_seed::with_cases(200))]

    #[test]
    fn nearest_is_what_a_full_scan_finds(
        pois in places(),
        filter in filters(),
        queries in prop::collection::vec((points(), 1usize..30), 1..6),
    ) {
        let mut store = Store::open_in_memory().unwrap();
        replace(&mut store, pois.clone());
        // Stale (never refreshed): the index is built in memory for the query.
        for ((lat, lon), k) in &queries {
            prop_assert_eq!(found(&store, *lat, *lon, *k, &filter), scan(&pois, *lat, *lon, *k, &filter));
        }
        // Stored, then read back by a fresh cache.
        near::refresh(&mut store).unwrap();
        for ((lat, lon), k) in &queries {
            prop_assert_eq!(found(&store, *lat, *lon, *k, &filter), scan(&pois, *lat, *lon, *k, &filter));
        }
    }
}

#[test]
fn the_index_follows_every_replace_and_survives_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let first: Vec<Poi> = (0..500)
        .map(|i| {
            poi(
                i,
                43.0 + (i % 25) as f64 * 0.01,
                13.5 + (i / 25) as f64 * 0.01,
                Category::Museum,
                0,
            )
        })
        .collect();
    let db = Db::open(&path).unwrap();
    db.write(|s| replace(s, first.clone()));
    db.write(|s| assert!(near::refresh(s).unwrap(), "a stale index is rebuilt"));
    db.write(|s| assert!(!near::refresh(s).unwrap(), "a current index is kept"));
    let here = (43.1, 13.6);
    let readers = |pois: &[Poi]| {
        let want = scan(pois, here.0, here.1, 10, &PoiFilter::default());
        let got = db
            .read(|s| found(s, here.0, here.1, 10, &PoiFilter::default()))
            .unwrap();
        assert_eq!(got, want);
    };
    readers(&first);

    // A replace moves every place 50 km north: a reader sees the new places at once, before
    // any refresh, and after it.
    let second: Vec<Poi> = first
        .iter()
        .map(|p| Poi {
            lat: p.lat + 0.45,
            ..p.clone()
        })
        .collect();
    db.write(|s| replace(s, second.clone()));
    readers(&second);
    db.write(|s| assert!(near::refresh(s).unwrap()));
    readers(&second);

    // A damaged stored index is not trusted: the answer is still right.
    db.write(|s| {
        s.conn()
            .execute("UPDATE pois_near SET data = x'00112233'", [])
            .unwrap();
    });
    drop(db);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        found(&store, here.0, here.1, 10, &PoiFilter::default()),
        scan(&second, here.0, here.1, 10, &PoiFilter::default())
    );
    // ...and the next refresh (an open of the core, an import) replaces it, although its
    // generation is current: so does an index written by an older build, whose format this
    // one does not read.
    let stored = |s: &Store| -> Vec<u8> {
        s.conn()
            .query_row("SELECT data FROM pois_near", [], |r| r.get(0))
            .unwrap()
    };
    assert!(
        near::refresh(&mut store).unwrap(),
        "a damaged index is rebuilt"
    );
    assert!(stored(&store).starts_with(b"CNEAR"));
    assert!(!near::refresh(&mut store).unwrap());
    let mut older = stored(&store);
    older[..8].copy_from_slice(b"CNEAR003");
    store
        .conn()
        .execute("UPDATE pois_near SET data = ?1", [older])
        .unwrap();
    assert!(
        near::refresh(&mut store).unwrap(),
        "an older format is rebuilt"
    );
    assert!(!near::refresh(&mut store).unwrap());
    drop(store);
    // Opening the core does it too.
    let old_format = |s: &Store| {
        s.conn()
            .execute("UPDATE pois_near SET data = x'00112233'", [])
            .unwrap()
    };
    old_format(&Store::open(&path).unwrap());
    drop(
        campanile_core::Campanile::open(
            campanile_core::Config::new(campanile_core::Database::File(path.clone()), "en"),
            campanile_core::Host::default(),
        )
        .unwrap(),
    );
    let store = Store::open(&path).unwrap();
    assert_ne!(
        stored(&store),
        vec![0x00, 0x11, 0x22, 0x33],
        "opening the core rebuilt it"
    );
    assert_eq!(
        found(&store, here.0, here.1, 10, &PoiFilter::default()),
        scan(&second, here.0, here.1, 10, &PoiFilter::default())
    );

    // Removing the dataset empties the answer.
    let mut store = store;
    db::remove_dataset(&mut store, "ds").unwrap();
    assert!(found(&store, here.0, here.1, 10, &PoiFilter::default()).is_empty());
}
