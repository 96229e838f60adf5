//! Search as a visitor uses it: accents, apostrophes, prefixes, hostile input, distance, filters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use campanile_core::opendata::db::{self, BBox, DbError, PoiFilter, SearchQuery};
use campanile_core::opendata::{Category, Poi};
use campanile_core::store::Store;
use proptest::prelude::*;

#[path = "support/places.rs"]
mod places;

fn poi(id: &str, name: &str, category: Category, comune: &str, lat: f64, lon: f64) -> Poi {
    Poi {
        id: id.into(),
        dataset_id: "ds".into(),
        resource_id: "r".into(),
        name: name.into(),
        category,
        descriptions: BTreeMap::new(),
        address: None,
        comune: Some(comune.into()),
        istat: None,
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

fn store_with(pois: Vec<Poi>) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    places::replace(&mut store, pois);
    store
}

/// Ids of a search near a point, best first.
fn near_ids(store: &Store, text: &str, (lat, lon): (f64, f64), limit: usize) -> Vec<String> {
    db::search(
        store,
        &SearchQuery {
            text: text.into(),
            near: Some((lat, lon)),
            filter: PoiFilter::default(),
            limit,
        },
    )
    .unwrap()
    .into_iter()
    .map(|h| h.poi.id)
    .collect()
}

fn sample() -> Store {
    let mut p = vec![
        poi(
            "1",
            "Pinacoteca Civica",
            Category::Museum,
            "Ascoli Piceno",
            42.8541,
            13.5753,
        ),
        poi(
            "2",
            "Duomo di Fermo",
            Category::Church,
            "Fermo",
            43.1597,
            13.7196,
        ),
        poi(
            "3",
            "Chiesa di Sant'Agostino",
            Category::Church,
            "Sant'Elpidio a Mare",
            43.2297,
            13.6874,
        ),
        poi(
            "4",
            "Città Alta belvedere",
            Category::Attraction,
            "Ripatransone",
            42.9999,
            13.7616,
        ),
        poi(
            "5",
            "Teatro dell'Aquila",
            Category::Attraction,
            "Fermo",
            43.1611,
            13.7178,
        ),
        poi(
            "6",
            "Museo del Mare",
            Category::Museum,
            "San Benedetto del Tronto",
            42.9551,
            13.8883,
        ),
    ];
    p[0].istat = Some("044007".into());
    p[0].descriptions.insert(
        "it".into(),
        "Perché visitarla: tele di Tiziano e Crivelli.".into(),
    );
    p[0].descriptions
        .insert("en".into(), "Why visit: Titian and Crivelli.".into());
    p[4].address = Some("Via Mazzini 4".into());
    store_with(p)
}

fn names(store: &Store, text: &str) -> Vec<String> {
    db::search(
        store,
        &SearchQuery {
            text: text.into(),
            near: None,
            filter: PoiFilter::default(),
            limit: 10,
        },
    )
    .unwrap()
    .into_iter()
    .map(|h| h.poi.name)
    .collect()
}

#[test]
fn accents_case_and_apostrophes_do_not_matter() {
    let s = sample();
    assert_eq!(names(&s, "perche"), vec!["Pinacoteca Civica"]);
    assert_eq!(names(&s, "PERCHÉ"), vec!["Pinacoteca Civica"]);
    assert_eq!(names(&s, "citta"), vec!["Città Alta belvedere"]);
    assert_eq!(names(&s, "sant elpidio"), vec!["Chiesa di Sant'Agostino"]);
    assert_eq!(
        names(&s, "Sant'Elpidio a Mare"),
        vec!["Chiesa di Sant'Agostino"]
    );
    assert_eq!(names(&s, "sant’elpidio"), vec!["Chiesa di Sant'Agostino"]);
}

#[test]
fn prefixes_find_as_you_type() {
    let s = sample();
    assert_eq!(names(&s, "pinac"), vec!["Pinacoteca Civica"]);
    assert_eq!(
        names(&s, "p").first().map(String::as_str),
        Some("Pinacoteca Civica")
    );
    // "te" also matches "tele" in a description: the name match ranks first.
    assert_eq!(
        names(&s, "te"),
        vec!["Teatro dell'Aquila", "Pinacoteca Civica"]
    );
    // The address and the category words are indexed too.
    assert_eq!(names(&s, "mazzini"), vec!["Teatro dell'Aquila"]);
    let museums = names(&s, "museum");
    assert_eq!(museums.len(), 2, "{museums:?}");
}

#[test]
fn the_name_ranks_above_the_description() {
    let mut a = poi(
        "a",
        "Museo Diocesano",
        Category::Museum,
        "Ascoli Piceno",
        42.85,
        13.57,
    );
    a.descriptions
        .insert("it".into(), "Accanto al duomo".into());
    let b = poi(
        "b",
        "Duomo di Sant'Emidio",
        Category::Church,
        "Ascoli Piceno",
        42.85,
        13.58,
    );
    let s = store_with(vec![a, b]);
    assert_eq!(
        names(&s, "duomo"),
        vec!["Duomo di Sant'Emidio", "Museo Diocesano"]
    );
}

#[test]
fn hostile_input_gives_results_or_a_clear_error() {
    let s = sample();
    for text in [
        "\"",
        "\"\"",
        "\"duomo",
        "duomo\"",
        "NEAR(duomo fermo)",
        "duomo NEAR fermo",
        "*",
        "duo*",
        "^duomo",
        "(((duomo",
        "duomo)))",
        "a AND OR NOT b",
        "{name}: duomo",
        "-duomo",
        "+duomo",
        "duomo:",
        "'",
        "col:val",
        "\0",
        "NEAR/2",
        "😀 duomo",
    ] {
        let r = db::search(
            &s,
            &SearchQuery {
                text: text.into(),
                near: None,
                filter: PoiFilter::default(),
                limit: 10,
            },
        );
        match r {
            Ok(_) | Err(DbError::EmptyQuery) => {}
            Err(e) => panic!("{text:?}: {e}"),
        }
    }
    assert_eq!(names(&s, "\"duomo"), vec!["Duomo di Fermo"]);
    assert_eq!(names(&s, "(((duomo"), vec!["Duomo di Fermo"]);
    let long = "duomo ".repeat(2000); // 12 kB
    match db::search(
        &s,
        &SearchQuery {
            text: long,
            near: None,
            filter: PoiFilter::default(),
            limit: 10,
        },
    ) {
        Err(DbError::QueryTooLong { len: 12000, max }) => assert!(max < 12000),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        db::search(
            &s,
            &SearchQuery {
                text: "*** ^ (".into(),
                near: None,
                filter: PoiFilter::default(),
                limit: 10
            }
        ),
        Err(DbError::EmptyQuery)
    ));
}

proptest! {
    #![proptest_config(campanile_testkit::proptest_seed::with_cases(300))]
    #[test]
    fn any_text_is_answered_without_panic(text in "\\PC{0,300}") {
        let s = sample();
        let r = db::search(&s, &SearchQuery { text, near: None, filter: PoiFilter::default(), limit: 5 });
        prop_assert!(matches!(r, Ok(_) | Err(DbError::EmptyQuery) | Err(DbError::QueryTooLong { .. })), "{r:?}");
    }
}

#[test]
fn filters_by_category_and_comune() {
    let s = sample();
    let q = |category, comune: Option<&str>| {
        db::search(
            &s,
            &SearchQuery {
                text: "d".into(),
                near: None,
                filter: PoiFilter {
                    category,
                    comune: comune.map(Into::into),
                },
                limit: 10,
            },
        )
        .unwrap()
        .into_iter()
        .map(|h| h.poi.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(q(Some(Category::Church), Some("fermo")), vec!["2"]);
    assert_eq!(q(Some(Category::Attraction), Some("FERMO")), vec!["5"]);
    let near = db::nearest(
        &s,
        43.0,
        13.7,
        10,
        &PoiFilter {
            category: None,
            comune: Some("44007".into()),
        },
    )
    .unwrap();
    assert_eq!(near.len(), 1);
    assert_eq!(near[0].poi.id, "1");
}

#[test]
fn nearer_places_rank_higher_when_a_point_is_given() {
    let s = store_with(vec![
        poi(
            "far",
            "Chiesa di San Francesco",
            Category::Church,
            "Ascoli Piceno",
            42.8536,
            13.5749,
        ),
        poi(
            "near",
            "Chiesa di San Francesco",
            Category::Church,
            "Fermo",
            43.1605,
            13.7181,
        ),
    ]);
    let hits = db::search(
        &s,
        &SearchQuery {
            text: "san francesco".into(),
            near: Some((43.16, 13.72)),
            filter: PoiFilter::default(),
            limit: 10,
        },
    )
    .unwrap();
    assert_eq!(hits[0].poi.id, "near");
    assert!(hits[0].distance_m.unwrap() < 500.0);
    assert!(hits[1].distance_m.unwrap() > 30_000.0);
}

/// Deterministic numbers in `0..1` from a seed (xorshift).
fn unit_numbers(mut seed: u64) -> impl FnMut() -> f64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1_000_000) as f64 / 1_000_000.0
    }
}

/// Another store on the file at `path`, with the nearest-places index but not the places'
/// words (deleted through `store`): it reads the places' rows.
fn without_words(store: &Store, path: &std::path::Path) -> Store {
    store
        .conn()
        .execute("DELETE FROM pois_near_words", [])
        .unwrap();
    let rows = Store::open(path).unwrap();
    assert!(
        db::near::index(&rows)
            .unwrap()
            .place_words(rows.conn())
            .is_none()
    );
    rows
}

/// A deterministic spread of POIs around a centre.
fn grid(n: usize, every_nth_church: usize) -> Vec<Poi> {
    let mut next = unit_numbers(42);
    (0..n)
        .map(|i| {
            let (name, cat) = if i % every_nth_church == 0 {
                (format!("Chiesa di San Rocco {i}"), Category::Church)
            } else {
                (format!("Bottega {i}"), Category::Other)
            };
            poi(
                &format!("p{i}"),
                &name,
                cat,
                "Fermo",
                43.0 + next() * 0.3,
                13.5 + next() * 0.4,
            )
        })
        .collect()
}

#[test]
fn nearest_agrees_with_brute_force() {
    let pois = grid(3000, 7);
    let s = store_with(pois.clone());
    for (lat, lon) in [(43.1, 13.6), (43.0, 13.5), (43.29, 13.89), (45.0, 9.0)] {
        let got: Vec<String> = db::nearest(&s, lat, lon, 20, &PoiFilter::default())
            .unwrap()
            .into_iter()
            .map(|h| h.poi.id)
            .collect();
        let mut want: Vec<(f64, String)> = pois
            .iter()
            .map(|p| (db::distance_m(lat, lon, p.lat, p.lon), p.id.clone()))
            .collect();
        want.sort_by(|a, b| a.0.total_cmp(&b.0));
        let want: Vec<String> = want.into_iter().take(20).map(|w| w.1).collect();
        assert_eq!(got, want, "at {lat},{lon}");
    }
    let churches = db::nearest(
        &s,
        43.1,
        13.6,
        5,
        &PoiFilter {
            category: Some(Category::Church),
            comune: None,
        },
    )
    .unwrap();
    assert_eq!(churches.len(), 5);
    assert!(churches.iter().all(|h| h.poi.category == Category::Church));
}

#[test]
fn a_broad_query_near_a_point_returns_the_nearest_matches() {
    // 4000 POIs, one in seven a church: "chiesa" and "c" match far more than are ranked exactly.
    let pois = grid(4000, 7);
    let s = store_with(pois.clone());
    let (lat, lon) = (43.15, 13.7);
    for text in ["chiesa", "c", "ch"] {
        let got = near_ids(&s, text, (lat, lon), 10);
        let mut want: Vec<(f64, String)> = pois
            .iter()
            .filter(|p| p.category == Category::Church)
            .map(|p| (db::distance_m(lat, lon, p.lat, p.lon), p.id.clone()))
            .collect();
        want.sort_by(|a, b| a.0.total_cmp(&b.0));
        let want: Vec<String> = want.into_iter().take(10).map(|w| w.1).collect();
        assert_eq!(got, want, "{text}");
    }
    // Without a point, a broad prefix still answers, names starting with it first.
    let hits = names(&s, "b");
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().all(|n| n.starts_with("Bottega")), "{hits:?}");
}

#[test]
fn bounding_box_holds_exactly_the_points_inside() {
    let pois = grid(2000, 5);
    let s = store_with(pois.clone());
    let bbox = BBox {
        south: 43.1,
        west: 13.6,
        north: 43.2,
        east: 13.7,
    };
    let got = db::within_bbox(&s, bbox, &PoiFilter::default(), 100_000).unwrap();
    let want = pois
        .iter()
        .filter(|p| p.lat >= 43.1 && p.lat <= 43.2 && p.lon >= 13.6 && p.lon <= 13.7)
        .count();
    // The R*Tree stores 32-bit floats rounded outwards: allow points within ~1 m of an edge.
    assert!(
        (got.len() as i64 - want as i64).abs() <= 2,
        "{} vs {want}",
        got.len()
    );
    assert!(want > 50);
}

#[test]
fn bad_positions_are_refused() {
    let s = sample();
    assert!(matches!(
        db::nearest(&s, 91.0, 0.0, 5, &PoiFilter::default()),
        Err(DbError::BadPosition(_))
    ));
    assert!(matches!(
        db::nearest(&s, f64::NAN, 0.0, 5, &PoiFilter::default()),
        Err(DbError::BadPosition(_))
    ));
}

#[test]
fn a_query_naming_a_comune_ranks_its_places_first() {
    let pois = vec![
        poi(
            "a",
            "Bar Fermo",
            Category::Food,
            "Ascoli Piceno",
            42.85,
            13.57,
        ),
        poi(
            "b",
            "Ristorante Fermo Posta",
            Category::Food,
            "Montemonaco",
            42.89,
            13.33,
        ),
        poi("c", "Duomo", Category::Church, "Fermo", 43.16, 13.72),
        poi(
            "d",
            "Teatro dell'Aquila",
            Category::Attraction,
            "Fermo",
            43.16,
            13.71,
        ),
        poi(
            "e",
            "Museo Diocesano",
            Category::Museum,
            "Fermo",
            43.16,
            13.72,
        ),
        poi(
            "f",
            "Museo Fermo Arte",
            Category::Museum,
            "Ascoli Piceno",
            42.85,
            13.57,
        ),
    ];
    let s = store_with(pois);
    let got = names(&s, "fermo");
    assert_eq!(got.len(), 6, "{got:?}");
    let fermo = ["Duomo", "Teatro dell'Aquila", "Museo Diocesano"];
    assert!(
        got[..3].iter().all(|n| fermo.contains(&n.as_str())),
        "the places in Fermo come first: {got:?}"
    );
    // With another word, the comune still counts: the museum in Fermo first.
    assert_eq!(names(&s, "museo fermo")[0], "Museo Diocesano");
    assert_eq!(names(&s, "Fermo museo")[0], "Museo Diocesano");
    // A comune with two words.
    assert_eq!(names(&s, "bar ascoli piceno"), vec!["Bar Fermo"]);
}

const VOCABULARY: [&str; 8] = [
    "chiesa", "museo", "bar", "santa", "maria", "torre", "fonte", "villa",
];

/// Does every word start a word of the place's name, address, comune, category or description?
fn matches(p: &Poi, words: &[String]) -> bool {
    let text = format!(
        "{} {} {} {} {}",
        p.name,
        p.address.as_deref().unwrap_or(""),
        p.comune.as_deref().unwrap_or(""),
        p.category.search_words(),
        p.descriptions
            .values()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let folded = campanile_core::opendata::text::fold(&text);
    words
        .iter()
        .all(|w| folded.split(' ').any(|t| t.starts_with(w.as_str())))
}

fn random_places() -> impl Strategy<Value = Vec<Poi>> {
    // Up to 900 places from 8 words: one- and two-letter prefixes and common words match more
    // than the 400 places search ranks exactly (its broad path).
    some_random_places(1..900)
}

fn some_random_places(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Poi>> {
    let one = (
        prop::collection::vec(0usize..VOCABULARY.len(), 1..4),
        0usize..3,
        prop::option::of(0usize..2),
        0usize..Category::ALL.len(),
        (42.8f64..43.3, 13.3f64..13.9),
    );
    prop::collection::vec(one, n).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (name, comune, address, c, (lat, lon)))| {
                let name: Vec<&str> = name.iter().map(|w| VOCABULARY[*w]).collect();
                let comune = ["Fermo", "Ascoli Piceno", "Montemonaco"][comune];
                let mut p = poi(
                    &i.to_string(),
                    &name.join(" "),
                    Category::ALL[c],
                    comune,
                    lat,
                    lon,
                );
                p.address = address.map(|a| ["Via Roma 1", "Corso Mazzini 3"][a].to_string());
                p
            })
            .collect()
    })
}

fn random_query() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        (0usize..VOCABULARY.len(), 1usize..7)
            .prop_map(|(w, n)| VOCABULARY[w].chars().take(n).collect::<String>()),
        prop_oneof![
            Just("fermo"),
            Just("roma"),
            Just("ascoli"),
            Just("mazz"),
            Just("zzz")
        ]
        .prop_map(str::to_string),
    ];
    prop::collection::vec(word, 1..3)
}

proptest! {
    #![proptest_config(campanile_testkit::proptest_seed::with_cases(40))]

    /// The fast paths against a naive reference: only matches come back, every match when
    /// there are at most `limit`, `limit` of them otherwise, best first, each once.
    #[test]
    fn search_returns_the_matches_of_a_naive_scan(
        pois in random_places(),
        words in random_query(),
        limit in 1usize..40,
        near in prop::option::of((42.8f64..43.3, 13.3f64..13.9)),
    ) {
        let s = store_with(pois.clone());
        let text = words.join(" ");
        let hits = db::search(&s, &SearchQuery {
            text: text.clone(),
            near,
            filter: PoiFilter::default(),
            limit,
        })
        .unwrap();
        let want: std::collections::BTreeSet<String> =
            pois.iter().filter(|p| matches(p, &words)).map(|p| p.id.clone()).collect();
        let got: Vec<String> = hits.iter().map(|h| h.poi.id.clone()).collect();
        let unique: std::collections::BTreeSet<String> = got.iter().cloned().collect();
        prop_assert_eq!(unique.len(), got.len(), "a place twice for {}", text);
        prop_assert!(unique.is_subset(&want), "{}: {:?} are not matches", text, unique.difference(&want).collect::<Vec<_>>());
        if want.len() <= limit {
            prop_assert_eq!(&unique, &want, "{}: not every match", text);
        } else {
            prop_assert_eq!(got.len(), limit, "{}: fewer than the limit", text);
        }
        prop_assert!(
            hits.windows(2).all(|w| w[0].score >= w[1].score),
            "{}: not best first", text
        );
    }
}

fn random_filter() -> impl Strategy<Value = PoiFilter> {
    (
        prop::option::of(0usize..Category::ALL.len()),
        prop::option::of(prop_oneof![
            Just("Fermo"),
            Just("ascoli piceno"),
            Just("Roma")
        ]),
    )
        .prop_map(|(category, comune)| PoiFilter {
            category: category.map(|c| Category::ALL[c]),
            comune: comune.map(str::to_string),
        })
}

proptest! {
    #![proptest_config(campanile_testkit::proptest_seed::with_cases(40))]

    /// Ranking and the walk near a point from the places' words in memory give the very hits
    /// (places, order, scores, distances) that reading the places' rows gives.
    #[test]
    fn the_places_words_in_memory_answer_as_the_rows_do(
        // Most queries broad (more than 400 matches): ranked on the signals, not bm25.
        pois in some_random_places(1_500..2_500),
        words in prop::collection::vec(
            prop_oneof![
                3 => (0usize..VOCABULARY.len(), 1usize..7)
                    .prop_map(|(w, n)| VOCABULARY[w].chars().take(n).collect::<String>()),
                1 => prop_oneof![Just("fermo"), Just("montemonaco"), Just("roma")]
                    .prop_map(str::to_string),
            ],
            1..3,
        ),
        limit in 1usize..40,
        near in prop::option::of((42.8f64..43.3, 13.3f64..13.9)),
        filter in random_filter(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("places.db");
        let query = SearchQuery { text: words.join(" "), near, filter, limit };
        let mut in_memory = Store::open(&path).unwrap();
        places::replace(&mut in_memory, pois);
        db::near::refresh(&mut in_memory).unwrap();
        let from_words = db::search(&in_memory, &query).unwrap();
        let rows = without_words(&in_memory, &path);
        let from_rows = db::search(&rows, &query).unwrap();
        prop_assert_eq!(from_words, from_rows, "{:?}", query);
    }
}

/// The places' words are stored with the nearest-places index and read back by a store opened
/// later; words of another generation or damaged ones are not used, and search still answers.
#[test]
fn the_places_words_are_kept_with_their_index_and_never_trusted_stale_or_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.db");
    let pois = grid(2_000, 4);
    let mut store = Store::open(&path).unwrap();
    places::replace(&mut store, pois.clone());
    db::near::refresh(&mut store).unwrap();
    let want = near_ids(&store, "chiesa", (43.12, 13.61), 10);
    assert_eq!(want.len(), 10);

    let reopened = Store::open(&path).unwrap();
    let index = db::near::index(&reopened).unwrap();
    let words = index
        .place_words(reopened.conn())
        .expect("stored words are read");
    assert_eq!(words.places(), 2_000);
    assert_eq!(near_ids(&reopened, "chiesa", (43.12, 13.61), 10), want);

    // Damaged: not trusted (the rows answer).
    store
        .conn()
        .execute(
            "UPDATE pois_near_words SET data = substr(data, 1, length(data) - 3)",
            [],
        )
        .unwrap();
    let damaged = Store::open(&path).unwrap();
    let index = db::near::index(&damaged).unwrap();
    assert!(index.place_words(damaged.conn()).is_none());
    assert_eq!(near_ids(&damaged, "chiesa", (43.12, 13.61), 10), want);

    // None for this generation (words too many to store): not built again at every refresh.
    store
        .conn()
        .execute("UPDATE pois_near_words SET data = x''", [])
        .unwrap();
    assert!(
        !db::near::refresh(&mut store).unwrap(),
        "rebuilt for no words"
    );
    let none = Store::open(&path).unwrap();
    assert!(
        db::near::index(&none)
            .unwrap()
            .place_words(none.conn())
            .is_none()
    );
    assert_eq!(near_ids(&none, "chiesa", (43.12, 13.61), 10), want);

    // Another generation's words (the places replaced, the index not yet refreshed): the
    // index and its words are built from the places there and then.
    let mut fewer = pois;
    fewer.truncate(1_000);
    places::replace(&mut store, fewer);
    let stale = Store::open(&path).unwrap();
    let index = db::near::index(&stale).unwrap();
    assert_eq!(index.place_words(stale.conn()).unwrap().places(), 1_000);
}

#[test]
fn near_a_point_the_nearest_matches_come_whether_matches_are_few_some_or_most() {
    // 60,000 places, every fourth a church: "chiesa" matches 15,000 (looked up in a set while
    // walking the nearest places), "fermo" (every place's comune) all of them (the nearest
    // places tested one by one), "rocco 12" a few (each measured).
    let pois = grid(60_000, 4);
    let s = store_with(pois.clone());
    let (lat, lon) = (43.12, 13.61);
    let nearest = |keep: &dyn Fn(&Poi) -> bool| -> Vec<String> {
        let mut all: Vec<(f64, &Poi)> = pois
            .iter()
            .filter(|p| keep(p))
            .map(|p| (db::distance_m(lat, lon, p.lat, p.lon), p))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        all.into_iter()
            .take(10)
            .map(|(_, p)| p.id.clone())
            .collect()
    };
    let found = |text: &str| near_ids(&s, text, (lat, lon), 10);
    assert_eq!(
        found("chiesa"),
        nearest(&|p| p.category == Category::Church)
    );
    // Every place matches "fermo" alike (in its comune); shorter names rank a little higher,
    // so the ten nearest come back in their own order.
    let set = |v: Vec<String>| v.into_iter().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(set(found("fermo")), set(nearest(&|_| true)));
    let few = found("rocco 12");
    let want = nearest(&|p| {
        p.category == Category::Church
            && p.name
                .rsplit(' ')
                .next()
                .is_some_and(|n| n.starts_with("12"))
    });
    assert_eq!(
        few.iter().collect::<std::collections::BTreeSet<_>>(),
        want.iter().collect::<std::collections::BTreeSet<_>>()
    );
}

/// A word longer than the prefix indexes is searched as the terms it starts (the full-text
/// vocabulary): over accents, apostrophes, capitals, digits and text in other languages, every
/// prefix of every word finds exactly the places a naive scan finds.
#[test]
fn long_prefixes_find_what_a_scan_finds() {
    let texts = [
        (
            "Chiesa di Sant'Agostino",
            "Via Garibaldi 12/a",
            "Città di Castello",
        ),
        ("Pinacoteca Civica PERCHÉ", "Corso Garibaldino", "Fermo"),
        (
            "Museo dell'Arte Sacra",
            "Piazza del Popolo 1",
            "Ascoli Piceno",
        ),
        ("Straßenbahnmuseum Süd", "Garibaldistraße 3", "Fermo"),
        ("Torre Civica", "Via Roma", "Montemonaco"),
        ("Rifugio 2000 metri", "Località Garibaldi", "Montemonaco"),
    ];
    let pois: Vec<Poi> = texts
        .iter()
        .enumerate()
        .map(|(i, (name, address, comune))| {
            let mut p = poi(&i.to_string(), name, Category::Museum, comune, 43.0, 13.5);
            p.address = Some(address.to_string());
            if i % 2 == 0 {
                p.descriptions
                    .insert("de".into(), "Ein schönes Gebäude, geöffnet täglich".into());
            }
            p
        })
        .collect();
    let s = store_with(pois.clone());
    let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (name, address, comune) in texts {
        for w in campanile_core::opendata::text::tokens(&format!(
            "{name} {address} {comune} gebaude taglich"
        )) {
            for n in 4..=w.chars().count() {
                words.insert(w.chars().take(n).collect());
            }
        }
    }
    for w in &words {
        for near in [None, Some((43.0, 13.5))] {
            let hits = db::search(
                &s,
                &SearchQuery {
                    text: w.clone(),
                    near,
                    filter: PoiFilter::default(),
                    limit: 100,
                },
            )
            .unwrap();
            let got: std::collections::BTreeSet<String> =
                hits.iter().map(|h| h.poi.id.clone()).collect();
            let want: std::collections::BTreeSet<String> = pois
                .iter()
                .filter(|p| matches(p, std::slice::from_ref(w)))
                .map(|p| p.id.clone())
                .collect();
            assert_eq!(got, want, "{w}");
        }
    }
}

/// "farmacia ascoli" where 2,000 pharmacies are in Ascoli Piceno (a broad query): a name
/// holding both words ranks first however late it was stored, and without such a name (no
/// place's name says "ascoli", which the index's vocabulary of names tells without reading)
/// the pharmacies in Ascoli still come, with or without a point. The names' vocabulary holds
/// the names' words and not the comuni's.
#[test]
fn a_word_in_a_name_or_only_in_the_comune_is_found_either_way() {
    let pharmacies = |comune: &str| -> Vec<Poi> {
        (0..2_000)
            .map(|i| {
                poi(
                    &format!("f{i}"),
                    &format!("Farmacia {i}"),
                    Category::Health,
                    comune,
                    42.85 + (i % 50) as f64 * 0.001,
                    13.57 + (i / 50) as f64 * 0.001,
                )
            })
            .collect()
    };
    let mut pois = pharmacies("Ascoli Piceno");
    let s = store_with(pois.clone());
    let index = db::near::index(&s).unwrap();
    let name_terms = index.name_terms.as_deref().unwrap();
    assert!(name_terms.binary_search(&"farmacia".to_string()).is_ok());
    assert!(
        !name_terms
            .iter()
            .any(|t| t.starts_with("asco") || t.starts_with("pice"))
    );
    let hits = names(&s, "farmacia ascoli");
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().all(|n| n.starts_with("Farmacia ")), "{hits:?}");
    let near = near_ids(&s, "farmacia ascoli", (42.85, 13.57), 10);
    assert_eq!(near.first().map(String::as_str), Some("f0"), "{near:?}");
    assert_eq!(near.len(), 10);

    pois.push(poi(
        "centrale",
        "Farmacia Ascoli Centrale",
        Category::Health,
        "Fermo",
        43.16,
        13.72,
    ));
    let s = store_with(pois);
    assert_eq!(names(&s, "farmacia ascoli")[0], "Farmacia Ascoli Centrale");
    assert_eq!(names(&s, "farmacia ascol")[0], "Farmacia Ascoli Centrale");
}

/// A kind of place and a comune 25 km away from the point ("chiesa offida" in Fermo): the
/// walk of the nearest places meets few matches, and the places holding every word are listed
/// from the places' words in memory and the nearest of them found. The hits are those of a
/// store reading the full-text index's matches, and hold the nearest matches: the churches of
/// a street named after the comune, near the point, and the comune's nearest churches.
#[test]
fn near_a_point_the_matches_lying_together_far_away_are_found_from_the_places_words() {
    let mut pois = grid(20_000, 4);
    let mut next = unit_numbers(7);
    for i in 0..5_000 {
        let (name, category) = if i % 2 == 0 {
            (format!("Chiesa di San Rocco {i}"), Category::Church)
        } else {
            (format!("Bottega {i}"), Category::Other)
        };
        pois.push(poi(
            &format!("o{i}"),
            &name,
            category,
            "Offida",
            42.90 + next() * 0.05,
            13.66 + next() * 0.06,
        ));
    }
    let at = (43.15, 13.70);
    for (i, lat) in [43.151, 43.16, 43.18].into_iter().enumerate() {
        let mut p = poi(
            &format!("via{i}"),
            &format!("Chiesa di Santa Lucia {i}"),
            Category::Church,
            "Fermo",
            lat,
            13.70,
        );
        p.address = Some(format!("Via Offida {i}"));
        pois.push(p);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.db");
    let mut words = Store::open(&path).unwrap();
    places::replace(&mut words, pois.clone());
    db::near::refresh(&mut words).unwrap();
    assert!(
        db::near::index(&words)
            .unwrap()
            .place_words(words.conn())
            .is_some()
    );
    let queries = [
        "chiesa offida",
        "offida",
        "chiesa rocco offida",
        "rocc offi",
    ];
    let from_words: Vec<Vec<String>> = queries
        .iter()
        .map(|q| near_ids(&words, q, at, 10))
        .collect();
    let rows = without_words(&words, &path);
    for (q, got) in queries.iter().zip(&from_words) {
        assert_eq!(got, &near_ids(&rows, q, at, 10), "{q}");
    }

    let hits = &from_words[0];
    for near in ["via0", "via1", "via2"] {
        assert!(hits.iter().any(|h| h == near), "{near} not in {hits:?}");
    }
    let nearest_church_in_offida = pois
        .iter()
        .filter(|p| p.comune.as_deref() == Some("Offida") && p.category == Category::Church)
        .min_by(|a, b| {
            db::distance_m(at.0, at.1, a.lat, a.lon)
                .total_cmp(&db::distance_m(at.0, at.1, b.lat, b.lon))
        })
        .unwrap();
    assert!(hits.contains(&nearest_church_in_offida.id), "{hits:?}");
    assert_eq!(hits.len(), 10);
}
