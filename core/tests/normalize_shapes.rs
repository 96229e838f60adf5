//! Every real shape of the same facts, in files this test writes itself: names under a key
//! named after the subject, coordinates under prefixed headers, `[lat, lon]` pairs, strings
//! with decimal commas, a record's own classification over words in its name, names read in
//! whole words only; and a file none of whose rows maps is refused, saying what was tried.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::ErrorClass;
use campanile_core::error::Classify;
use campanile_core::i18n::I18n;
use campanile_core::opendata::import::{ImportError, ImportOptions, import_bytes, read_bytes};
use campanile_core::opendata::normalize::{NormalizeError, Normalized, ResourceContext, normalize};
use campanile_core::opendata::{Category, Poi, QuarantineReason};
use campanile_core::store::Store;

const FERMO: (f64, f64) = (43.1605, 13.7181);

fn ctx(name: &str, tags: &[&str]) -> ResourceContext {
    ResourceContext {
        dataset_id: "ds-shapes".into(),
        resource_id: format!("res-{name}"),
        resource_name: name.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

fn run(name: &str, text: &str, tags: &[&str]) -> Normalized {
    let out =
        normalize(text.as_bytes(), &ctx(name, tags)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(out.rows as usize, out.pois.len() + out.quarantine.len());
    out
}

fn poi<'a>(out: &'a Normalized, name: &str) -> &'a Poi {
    out.pois
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no POI {name:?} in {:?} / {:?}", out.pois, out.quarantine))
}

fn at_fermo(p: &Poi) -> bool {
    (p.lat - FERMO.0).abs() < 1e-6 && (p.lon - FERMO.1).abs() < 1e-6
}

/// A GeoJSON whose name property is named after the thing (`impianto_sportivo`): 0 of 238 were
/// imported.
#[test]
fn name_under_a_property_named_after_the_subject() {
    let features: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"type": "Feature", "properties": {{"id_impianto": {i},
                "impianto_sportivo": "Campo sportivo {i}", "tipologia_impianto": "Calcio",
                "gestore": "ASD Società {i}", "indirizzo": "Via Roma {i}",
                "sito": "https://example.org/{i}", "data_agg": "2024-05-0{}"}},
                "geometry": {{"type": "Point", "coordinates": [13.7181, 43.1605]}}}}"#,
                i % 9 + 1
            )
        })
        .collect();
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    );
    let out = run("impianti.geojson", &text, &["sport"]);
    assert_eq!(out.pois.len(), 30, "{:?}", out.quarantine.first());
    assert!(at_fermo(poi(&out, "Campo sportivo 7")));
    assert!(
        out.pois
            .iter()
            .all(|p| p.category == Category::SportFacility)
    );
    // The same in a CSV whose name column is called after the subject.
    let mut csv = String::from("codice;Struttura;Categoria;lat;lon\n");
    for i in 0..5 {
        csv.push_str(&format!(
            "S{i};Albergo del Sole {i};3 stelle;43,1605;13,7181\n"
        ));
    }
    let out = run("strutture.csv", &csv, &[]);
    assert_eq!(out.pois.len(), 5, "{:?}", out.quarantine.first());
    assert!(at_fermo(poi(&out, "Albergo del Sole 3")));
}

/// Headers with prefixes, separators and spaces: `posizione - latitudine` imported 0 of 182
/// ("No coordinates.").
#[test]
fn prefixed_coordinate_headers_match_on_words() {
    for (lat, lon) in [
        ("posizione - latitudine", "posizione - longitudine"),
        ("geo.lat", "geo.lon"),
        ("Coordinate_Lat", "Coordinate_Lon"),
        ("LATITUDINE (WGS84)", "LONGITUDINE (WGS84)"),
        ("Coordinate X", "Coordinate Y"),
        ("punto: latitudine decimale", "punto: longitudine decimale"),
    ] {
        let (first, second) = if lat.ends_with('X') {
            // x is the longitude: the columns hold (lon, lat).
            ("13,7181", "43,1605")
        } else {
            ("43,1605", "13,7181")
        };
        let text = format!("nome;{lat};{lon}\nPinacoteca;{first};{second}\n");
        let out = run("prefissi.csv", &text, &[]);
        assert_eq!(out.pois.len(), 1, "{lat}: {:?}", out.quarantine);
        assert!(at_fermo(&out.pois[0]), "{lat}: {:?}", out.pois[0]);
    }
}

/// JSON records with `position: [lat, lon]` imported 0; pairs in either order are told apart by
/// Italy's bounds, and a pair that fits neither way is quarantined with the reason.
#[test]
fn position_pairs_in_either_order() {
    let text = r#"[
        {"name": "A", "position": [43.1605, 13.7181]},
        {"name": "B", "position": [13.7181, 43.1605]},
        {"name": "C", "location": [43.1605, 13.7181]},
        {"name": "D", "geo": [13.7181, 43.1605]},
        {"name": "E", "coordinates": ["43.1605", "13.7181"]},
        {"name": "F", "posizione": "43.1605, 13.7181"},
        {"name": "G", "position": {"lat": 43.1605, "lng": 13.7181}},
        {"name": "Parigi", "position": [48.8566, 2.3522]},
        {"name": "Senza", "location": "Piazza del Popolo"}
    ]"#;
    let out = run("positions.json", text, &[]);
    for name in ["A", "B", "C", "D", "E", "F", "G"] {
        assert!(at_fermo(poi(&out, name)), "{name}: {:?}", poi(&out, name));
    }
    let reasons: Vec<_> = out
        .quarantine
        .iter()
        .map(|q| (q.row, q.reason.code()))
        .collect();
    assert_eq!(reasons, [(8, "outside-italy"), (9, "missing-coordinates")]);
}

/// Coordinates written as strings, with decimal commas, in every place they are met.
#[test]
fn string_coordinates_with_decimal_commas() {
    let csv = "nome,lat,lon\n\"Duomo\",\"43,1605\",\"13,7181\"\n";
    let out = run("virgole.csv", csv, &[]);
    assert!(at_fermo(poi(&out, "Duomo")));
    let csv = "nome;coordinate\nDuomo;43,1605, 13,7181\n";
    let out = run("coppia.csv", csv, &[]);
    assert!(at_fermo(poi(&out, "Duomo")), "{:?}", out.quarantine);
    let json = r#"[{"nome": "Duomo", "geo": {"lat": "43,1605", "lon": " 13,7181 "}},
        {"nome": "Teatro", "position": ["43,1605", "13,7181"]}]"#;
    let out = run("stringhe.json", json, &[]);
    assert!(at_fermo(poi(&out, "Duomo")));
    assert!(at_fermo(poi(&out, "Teatro")));
}

/// A record's own classification decides before the words of its name: `classifications:
/// Hotel` was ignored and "Castello …" made a monument.
#[test]
fn classification_field_wins_over_name_words() {
    let json = r#"[
        {"name": "Castello Resort", "classifications": "Hotel", "lat": 43.1605, "lon": 13.7181},
        {"name": "Torre Bar", "classifications": ["Ristorante"], "lat": 43.1605, "lon": 13.7181},
        {"name": "Museo del Gusto", "tipo_struttura": "Agriturismo", "lat": 43.1605, "lon": 13.7181},
        {"name": "Chiesa Vecchia", "tipologia": "Bed and breakfast", "lat": 43.1605, "lon": 13.7181}
    ]"#;
    let out = run("ricettive.json", json, &[]);
    assert_eq!(
        poi(&out, "Castello Resort").category,
        Category::Accommodation
    );
    assert_eq!(poi(&out, "Torre Bar").category, Category::Food);
    assert_eq!(
        poi(&out, "Museo del Gusto").category,
        Category::Accommodation
    );
    assert_eq!(
        poi(&out, "Chiesa Vecchia").category,
        Category::Accommodation
    );
    // A CSV's `Tipo impianto` column, and the dataset's tags, before the name.
    let csv = "nome;Tipo impianto;lat;lon\nTorre Sport;Piscina;43,1605;13,7181\n";
    let out = run("impianti.csv", csv, &[]);
    assert_eq!(out.pois[0].category, Category::SportFacility);
    let csv = "nome;lat;lon\nChiesa Mario;43,1605;13,7181\n";
    let out = run("carburanti.csv", csv, &["carburanti"]);
    assert_eq!(out.pois[0].category, Category::Transport);
}

/// Words in names count only as whole words at the name's head: in a national list of fuel
/// stations a surname like "Cappellini" made a church, a locality "C.DA MUSEBBI" a museum, a
/// surname "Dalla Torre" a monument.
#[test]
fn names_count_only_in_whole_words() {
    let csv = "Gestore;Indirizzo;Latitudine;Longitudine\n\
        CAPPELLINI MARIO;VIA ROMA 1;43.1605;13.7181\n\
        MUSEBBI CARBURANTI SRL;C.DA MUSEBBI;43.1605;13.7181\n\
        C.DA MUSEBBI;SS 16;43.1605;13.7181\n\
        DALLA TORRE GIUSEPPE;VIA MARE 3;43.1605;13.7181\n\
        Museo civico;Piazza;43.1605;13.7181\n";
    // `Gestore` is no name column: add the name explicitly, as the fuel list has `Nome Impianto`.
    let csv = csv.replacen("Gestore;", "Nome Impianto;", 1);
    let out = run("distributori.csv", &csv, &[]);
    assert_eq!(out.pois.len(), 5, "{:?}", out.quarantine);
    for name in [
        "CAPPELLINI MARIO",
        "MUSEBBI CARBURANTI SRL",
        "C.DA MUSEBBI",
        "DALLA TORRE GIUSEPPE",
    ] {
        assert_eq!(poi(&out, name).category, Category::Other, "{name}");
    }
    assert_eq!(poi(&out, "Museo civico").category, Category::Museum);
}

/// A file that has rows none of which can be used is refused as bad input (exit 3 in the CLI),
/// naming the columns tried and an example row, in Italian and in English; a file some of
/// whose rows map is imported.
#[test]
fn importing_nothing_is_an_error_naming_the_columns_tried() {
    let csv = "nome;indirizzo;posizione - gps\nPinacoteca;Piazza del Popolo;vedi mappa\nDuomo;Piazza Girfalco;vedi mappa\n";
    let err = read_bytes("luoghi.csv", csv.as_bytes(), &ImportOptions::default())
        .err()
        .unwrap_or_else(|| panic!("imported nothing without an error"));
    assert_eq!(err.class(), ErrorClass::BadInput);
    assert_eq!(err.code(), "data.no-records");
    let ImportError::Normalize {
        source: NormalizeError::NoRecords {
            unmapped: Some(u), ..
        },
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(u.rows, 2);
    assert_eq!(u.reason, QuarantineReason::MissingCoordinates);
    assert_eq!(u.name_columns, ["nome"]);
    assert!(u.coordinate_columns.is_empty());
    assert_eq!(u.columns, ["nome", "indirizzo", "posizione - gps"]);
    let en = I18n::new("en").localize(&err);
    for part in [
        "luoghi.csv",
        "none of the file's 2 rows",
        "No coordinates.",
        "as the name: nome",
        "as coordinates: none",
        "posizione - gps",
        "Row 1: nome: Pinacoteca; indirizzo: Piazza del Popolo; posizione - gps: vedi mappa",
    ] {
        assert!(en.contains(part), "{part:?} not in {en}");
    }
    let it = I18n::new("it").localize(&err);
    for part in [
        "nessuna delle 2 righe",
        "Nessuna coordinata.",
        "come coordinate: nessuna",
        "Riga 1: nome: Pinacoteca",
    ] {
        assert!(it.contains(part), "{part:?} not in {it}");
    }
    // The columns it read as coordinates are named too, with a JSON example row.
    let json = r#"[{"titolo": "Duomo", "lat": "n.d. ", "lon": "vedi"}]"#;
    let err = read_bytes("luoghi.json", json.as_bytes(), &ImportOptions::default())
        .err()
        .unwrap_or_else(|| panic!("imported nothing without an error"));
    let en = I18n::new("en").localize(&err);
    assert!(en.contains("the file's only row"), "{en}");
    assert!(en.contains("as coordinates: lat, lon"), "{en}");
    assert!(en.contains(r#"Row 1: {"titolo": "Duomo""#), "{en}");
    // Partial success, and a file with no rows, are not errors; an import most of whose rows
    // went to quarantine says so.
    let some = "nome;lat;lon\nA;43,1605;13,7181\nB;;\n";
    let (_, out) = read_bytes("parte.csv", some.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!((out.pois.len(), out.quarantine.len()), (1, 1));
    let mut store = Store::open_in_memory().unwrap();
    let report = import_bytes(
        &mut store,
        "parte.csv",
        some.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(report.mostly_quarantined, None, "half is not most");
    let most = "nome;lat;lon\nA;43,1605;13,7181\nB;;\nC;;\n";
    let report = import_bytes(
        &mut store,
        "most.csv",
        most.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    let warning = report.mostly_quarantined.unwrap();
    assert_eq!((warning.rows, warning.mapped), (3, 1));
    let en = I18n::new("en").localize(&warning);
    assert!(
        en.starts_with("Only 1 of the file's 3 rows could be used")
            && en.ends_with("Commonest reason: No coordinates."),
        "{en}"
    );
    let it = I18n::new("it").localize(&warning);
    assert!(it.starts_with("Solo 1 delle 3 righe"), "{it}");
    let (_, out) = read_bytes("vuoto.csv", b"nome;lat;lon\n", &ImportOptions::default()).unwrap();
    assert_eq!(out.rows, 0);
}
