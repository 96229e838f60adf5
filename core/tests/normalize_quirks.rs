//! Every quirk Italian portals publish, in files this test writes itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::opendata::normalize::{NormalizeError, Normalized, ResourceContext, normalize};
use campanile_core::opendata::{Category, Poi, QuarantineReason};

const ASCOLI: (f64, f64) = (42.8536, 13.5749);
const FERMO: (f64, f64) = (43.1605, 13.7181);
const TORINO: (f64, f64) = (45.0703, 7.6869);
const MILANO: (f64, f64) = (45.4642, 9.19);
const ROMA: (f64, f64) = (41.9028, 12.4964);

fn ctx(name: &str) -> ResourceContext {
    ResourceContext {
        dataset_id: "ds-1".into(),
        resource_id: format!("res-{name}"),
        resource_name: name.into(),
        licence: Some("CC-BY-4.0".into()),
        attribution: Some("Comune di Prova".into()),
        ..Default::default()
    }
}

/// Writes the bytes to a temporary file and normalises what is read back, as the harvester will.
fn run(name: &str, bytes: &[u8], ctx: &ResourceContext) -> Normalized {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let read = std::fs::read(&path).unwrap();
    let out = normalize(&read, ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        out.rows as usize,
        out.pois.len() + out.quarantine.len(),
        "{name}"
    );
    for p in &out.pois {
        assert_eq!(p.dataset_id, ctx.dataset_id);
        assert_eq!(p.resource_id, ctx.resource_id);
        assert_eq!(p.licence, ctx.licence);
        assert_eq!(p.attribution, ctx.attribution);
    }
    out
}

/// Distance in metres between nearby points.
fn metres(p: &Poi, (lat, lon): (f64, f64)) -> f64 {
    let dlat = (p.lat - lat) * 111_320.0;
    let dlon = (p.lon - lon) * 111_320.0 * lat.to_radians().cos();
    (dlat * dlat + dlon * dlon).sqrt()
}

fn poi<'a>(out: &'a Normalized, name: &str) -> &'a Poi {
    out.pois
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no POI {name:?} in {:?} / {:?}", out.pois, out.quarantine))
}

fn reasons(out: &Normalized) -> Vec<(u64, &'static str)> {
    out.quarantine
        .iter()
        .map(|q| (q.row, q.reason.code()))
        .collect()
}

#[test]
fn semicolon_windows_1252_comma_decimals() {
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend_from_slice(
        b"ID;Denominazione;Indirizzo;Numero civico;Comune;Codice ISTAT;Latitudine;Longitudine;\
Descrizione;Descrizione_EN;Orari;Telefono;E-mail;Sito web;Accessibilit\xE0;Tipologia\r\n",
    );
    // 0x92 = ’ (Windows-1252 only), 0xE0 = à (Latin-1 and 1252).
    bytes.extend_from_slice(
        b"1;Pinacoteca civica;Piazza del Popolo;1;Fermo;109006;43,1605;13,7181;\
Collezione d\x92arte;Art collection;9-13;0734 123;info@fermo.it;www.fermo.it;Accessibile;Museo\r\n",
    );
    // Swapped lat/lon, ISTAT code that lost its leading zero, `città` in Latin-1.
    bytes.extend_from_slice(
        b"2;Sant\x92Agostino;Via della Citt\xE0;;Ascoli Piceno;44007;13,5749;42,8536;;;;;;;;Chiesa\r\n",
    );
    bytes.extend_from_slice(b"3;Segnaposto;;;Fermo;;0,00000000;0,00000000;;;;;;;;Museo\r\n");
    bytes.extend_from_slice(b"4;Tour Eiffel;;;Paris;;48,8584;2,2945;;;;;;;;Monumento\r\n");
    bytes.extend_from_slice(b"5;;Via Roma;;Fermo;;43,16;13,71;;;;;;;;Museo\r\n");
    bytes.extend_from_slice(b"6;Senza numeri;;;Fermo;;abc;13,7;;;;;;;;Museo\r\n");
    bytes.extend_from_slice(b"7;Senza posizione;;;Fermo;;n.d.;NULL;;;;;;;;Museo\r\n");
    bytes.extend_from_slice(b"8;Riga corta;Fermo\r\n");
    bytes.extend_from_slice(
        b"9;Teatro dell\x92Aquila;Via Mazzini;;Fermo;109006; 43.1612 ; 13.7166\xB0;;;;;;;;\r\n",
    );
    let mut c = ctx("punti.csv");
    c.tags = vec!["turismo".into()];
    let out = run("punti.csv", &bytes, &c);
    assert_eq!(out.rows, 9);
    assert_eq!(
        reasons(&out),
        vec![
            (3, "null-island"),
            (4, "outside-italy"),
            (5, "missing-name"),
            (6, "bad-coordinates"),
            (7, "missing-coordinates"),
            (8, "malformed")
        ]
    );
    assert_eq!(out.quarantine[0].resource, "punti.csv");
    assert!(matches!(
        out.quarantine[1].reason,
        QuarantineReason::OutsideItaly { lat, lon } if lat == 48.8584 && lon == 2.2945
    ));
    assert!(matches!(
        &out.quarantine[3].reason,
        QuarantineReason::BadCoordinates { value } if value == "abc, 13,7"
    ));

    let p = poi(&out, "Pinacoteca civica");
    assert_eq!((p.lat, p.lon), FERMO);
    assert_eq!(p.category, Category::Museum);
    assert_eq!(p.address.as_deref(), Some("Piazza del Popolo, 1"));
    assert_eq!(p.comune.as_deref(), Some("Fermo"));
    assert_eq!(p.istat.as_deref(), Some("109006"));
    assert_eq!(p.descriptions["it"], "Collezione d’arte");
    assert_eq!(p.descriptions["en"], "Art collection");
    assert_eq!(p.opening_hours.as_deref(), Some("9-13"));
    assert_eq!(p.phone.as_deref(), Some("0734 123"));
    assert_eq!(p.email.as_deref(), Some("info@fermo.it"));
    assert_eq!(p.website.as_deref(), Some("www.fermo.it"));
    assert_eq!(p.accessibility.as_deref(), Some("Accessibile"));

    let p = poi(&out, "Sant’Agostino");
    assert_eq!((p.lat, p.lon), ASCOLI, "swapped lat/lon fixed");
    assert_eq!(p.address.as_deref(), Some("Via della Città"));
    assert_eq!(p.istat.as_deref(), Some("044007"));
    assert_eq!(p.category, Category::Church);
    assert!(p.descriptions.is_empty());

    // Stray spaces and a degree sign; no category column value → dataset tags (turismo).
    let p = poi(&out, "Teatro dell’Aquila");
    assert_eq!((p.lat, p.lon), (43.1612, 13.7166));
    assert_eq!(p.category, Category::Attraction);
}

#[test]
fn comma_utf8_bom_quoted_english_headers() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        "name,address,municipality,lat,lon,category,website\n\
\"Duomo, Cattedrale di Milano\",\"Piazza del Duomo\",Milano,45.4642,9.19,church,https://duomomilano.it\n\
\"Hotel \"\"Centrale\"\"\",Via Roma 1,Torino,45.0703,7.6869,Albergo,\n"
            .as_bytes(),
    );
    let out = run("en.csv", &bytes, &ctx("en.csv"));
    assert_eq!(out.pois.len(), 2, "{:?}", out.quarantine);
    let p = poi(&out, "Duomo, Cattedrale di Milano");
    assert_eq!((p.lat, p.lon), MILANO);
    assert_eq!(p.category, Category::Church);
    assert_eq!(p.website.as_deref(), Some("https://duomomilano.it"));
    let p = poi(&out, "Hotel \"Centrale\"");
    assert_eq!(p.category, Category::Accommodation);
    assert_eq!(p.website, None);
}

#[test]
fn tab_separated_utf16_with_bom() {
    let text = "nome\tlat\tlon\nRocca\t42,8536\t13,5749\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let out = run("utf16.tsv", &bytes, &ctx("utf16.tsv"));
    let p = poi(&out, "Rocca");
    assert_eq!((p.lat, p.lon), ASCOLI);
    assert_eq!(p.category, Category::Monument);
}

#[test]
fn projected_coordinates() {
    // UTM 33N declared in the header.
    let out = run(
        "utm33.csv",
        b"nome;x_utm33;y_utm33\nFermo;395786,24;4779435,83\nRoma;292.335,31;4.642.015,50\n",
        &ctx("utm33.csv"),
    );
    assert!(metres(poi(&out, "Fermo"), FERMO) < 1.0);
    assert!(metres(poi(&out, "Roma"), ROMA) < 1.0);

    // Gauss-Boaga without a zone in the header: the zone comes from the false easting.
    let out = run(
        "gb.csv",
        b"denominazione\tEST_GB\tNORD_GB\nMilano\t1514881.49\t5034556.81\nAscoli\t2403572.05\t4745554.43\nTorino\t1396659.86\t4991618.23\n",
        &ctx("gb.csv"),
    );
    assert!(metres(poi(&out, "Milano"), MILANO) < 1.0);
    assert!(metres(poi(&out, "Ascoli"), ASCOLI) < 1.0);
    assert!(metres(poi(&out, "Torino"), TORINO) < 1.0);

    // Nothing declared: x < 1.3M is UTM 32N (national convention), 1.3–2.1M EPSG:3003,
    // 2.1–3.0M EPSG:3004; thousands separators and swapped columns are fine.
    let out = run(
        "xy.csv",
        b"nome,x,y\nTorino,\"396,634.28\",\"4,991,598.53\"\nMilano,1514881.49,5034556.81\nFermo,2415792.49,4779448.39\nScambiati,4991598.53,396634.28\nLontano,3500000,4700000\n",
        &ctx("xy.csv"),
    );
    assert!(metres(poi(&out, "Torino"), TORINO) < 1.0);
    assert!(metres(poi(&out, "Milano"), MILANO) < 1.0);
    assert!(metres(poi(&out, "Fermo"), FERMO) < 1.0);
    assert!(metres(poi(&out, "Scambiati"), TORINO) < 1.0);
    assert_eq!(reasons(&out), vec![(5, "projection")]);

    // The resource context declares UTM 33N.
    let mut c = ctx("ctx33.csv");
    c.crs = Some("EPSG:32633".into());
    let out = run(
        "ctx33.csv",
        b"nome;coord_x;coord_y\nFermo;395786.24;4779435.83\n",
        &c,
    );
    assert!(metres(poi(&out, "Fermo"), FERMO) < 1.0);

    // A per-row EPSG column wins; an unknown system is quarantined with the reason.
    let out = run(
        "epsg.csv",
        b"nome;x;y;epsg\nFermo;395786.24;4779435.83;32633\nRoma;2312339.20;4642025.79;EPSG:3004\nAscoli;383637.40;4745733.09;23033\nParigi;652000;6862000;EPSG:2154\nGradi;13.5749;42.8536;EPSG:2154\n",
        &ctx("epsg.csv"),
    );
    assert!(metres(poi(&out, "Fermo"), FERMO) < 1.0);
    assert!(metres(poi(&out, "Roma"), ROMA) < 1.0);
    assert!(metres(poi(&out, "Ascoli"), ASCOLI) < 1.0);
    assert_eq!((poi(&out, "Gradi").lat, poi(&out, "Gradi").lon), ASCOLI);
    assert!(matches!(
        &out.quarantine[0].reason,
        QuarantineReason::Projection { detail } if detail.contains("2154")
    ));

    // A resource-level declaration we cannot read: projected values say so.
    let mut c = ctx("lambert.csv");
    c.crs = Some("EPSG:2154".into());
    let out = run(
        "lambert.csv",
        b"nome;x;y\nParigi;652000;6862000\nRoma;41,9028;12,4964\n",
        &c,
    );
    assert!(matches!(
        &out.quarantine[0].reason,
        QuarantineReason::Projection { detail } if detail.contains("EPSG:2154")
    ));
    assert_eq!((poi(&out, "Roma").lat, poi(&out, "Roma").lon), ROMA);

    // Outside Italy after conversion.
    let out = run(
        "out.csv",
        b"nome;x_utm32;y_utm32\nMare;100000;3950000\n",
        &ctx("out.csv"),
    );
    assert_eq!(reasons(&out), vec![(1, "outside-italy")]);

    // WKT column in Web Mercator.
    let out = run(
        "wkt.csv",
        b"nome;wkt\nAscoli;SRID=3857;POINT(1511150.96 5289714.76)\n",
        &ctx("wkt.csv"),
    );
    assert_eq!(
        out.pois.len(),
        0,
        "`;` inside the WKT splits the row: it must be quoted"
    );
    let out = run(
        "wkt.csv",
        b"nome;wkt\nAscoli;\"SRID=3857;POINT(1511150.96 5289714.76)\"\nFermo;POINT (13.7181 43.1605)\n",
        &ctx("wkt.csv"),
    );
    assert!(metres(poi(&out, "Ascoli"), ASCOLI) < 1.0);
    assert_eq!((poi(&out, "Fermo").lat, poi(&out, "Fermo").lon), FERMO);

    // Opendatasoft exports: a `lat, lon` geo_point_2d and a GeoJSON geo_shape.
    let out = run(
        "ods.csv",
        "Nome;Geo Point;Geo Shape\nA;42.8536, 13.5749;\nB;;\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [13.7181, 43.1605]}\"\n".as_bytes(),
        &ctx("ods.csv"),
    );
    assert_eq!((poi(&out, "A").lat, poi(&out, "A").lon), ASCOLI);
    assert_eq!((poi(&out, "B").lat, poi(&out, "B").lon), FERMO);
}

#[test]
fn geojson_geometries() {
    let text = r#"{
      "type": "FeatureCollection",
      "features": [
        {"type": "Feature", "id": "p1", "properties": {"nome": "Punto", "tipologia": "Museo"},
         "geometry": {"type": "Point", "coordinates": [13.7181, 43.1605]}},
        {"type": "Feature", "properties": {"nome": "Multi"},
         "geometry": {"type": "MultiPoint", "coordinates": [[13.5749, 42.8536], [13.0, 43.0]]}},
        {"type": "Feature", "properties": {"nome": "Piazza"},
         "geometry": {"type": "Polygon", "coordinates": [[[13.57, 42.85], [13.58, 42.85], [13.58, 42.86], [13.57, 42.86], [13.57, 42.85]]]}},
        {"type": "Feature", "properties": {"nome": "Corso"},
         "geometry": {"type": "LineString", "coordinates": [[13.57, 42.85], [13.575, 42.855], [13.58, 42.86]]}},
        {"type": "Feature", "properties": {"nome": "Nessuna geometria"}, "geometry": null},
        {"type": "Feature", "properties": {"nome": "Solo proprietà", "lat": "43,1605", "lon": "13,7181"}, "geometry": null},
        {"type": "Feature", "properties": {"nome": "Zero"}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
        {"type": "Feature", "properties": {"nome": "Invertito"}, "geometry": {"type": "Point", "coordinates": [42.8536, 13.5749]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [13.7181, 43.1605]}}
      ]
    }"#;
    let mut c = ctx("punti.geojson");
    c.dataset_title = Some("Punti di interesse".into());
    let out = run("punti.geojson", text.as_bytes(), &c);
    assert_eq!(out.rows, 9);
    assert_eq!(
        reasons(&out),
        vec![
            (5, "missing-coordinates"),
            (7, "null-island"),
            (9, "missing-name")
        ]
    );
    let p = poi(&out, "Punto");
    assert_eq!((p.lat, p.lon), FERMO);
    assert_eq!(p.category, Category::Museum);
    assert_eq!(poi(&out, "Multi").lat, 42.8536, "MultiPoint: first point");
    assert_eq!(
        poi(&out, "Multi").category,
        Category::Attraction,
        "from the dataset title"
    );
    let piazza = poi(&out, "Piazza");
    assert!(
        (piazza.lat - 42.855).abs() < 1e-9 && (piazza.lon - 13.575).abs() < 1e-9,
        "Polygon: centroid"
    );
    assert_eq!(
        poi(&out, "Piazza").category,
        Category::Attraction,
        "from the dataset title"
    );
    let corso = poi(&out, "Corso");
    assert_eq!(
        (corso.lat, corso.lon),
        (42.855, 13.575),
        "LineString: middle vertex"
    );
    assert_eq!(
        (
            poi(&out, "Solo proprietà").lat,
            poi(&out, "Solo proprietà").lon
        ),
        FERMO
    );
    assert_eq!(
        (poi(&out, "Invertito").lat, poi(&out, "Invertito").lon),
        ASCOLI
    );
}

#[test]
fn json_arrays_and_wrapped_objects() {
    let array = r#"[
        {"id": 1, "denominazione": "Biblioteca", "latitudine": 43.1605, "longitudine": 13.7181, "tipo": "biblioteca"},
        {"id": 2, "denominazione": "Scuola", "coordinates": [13.5749, 42.8536], "tipo": "scuola primaria"},
        42
    ]"#;
    let out = run("a.json", array.as_bytes(), &ctx("a.json"));
    assert_eq!(poi(&out, "Biblioteca").category, Category::PublicBuilding);
    assert_eq!(poi(&out, "Scuola").category, Category::School);
    assert_eq!(reasons(&out), vec![(3, "malformed")]);

    let wrapped = r#"{"meta": {"count": 2}, "items": [
        {"node": {"title": "Stazione", "geo": {"latitude": 45.0703, "longitude": 7.6869},
                  "category": {"name": "Stazione ferroviaria"}, "contacts": {"phone": "011 1", "email": "a@b.it"}}},
        {"node": {"title": "Ospedale", "location": {"lat": "45,4642", "lon": "9,19"},
                  "description": {"it": "Pronto soccorso", "de": "Notaufnahme"}, "address": {"streetAddress": "Via Francesco Sforza 35", "addressLocality": "Milano"},
                  "istat": 15146}}
    ]}"#;
    let out = run("w.json", wrapped.as_bytes(), &ctx("w.json"));
    assert_eq!(out.pois.len(), 2, "{:?}", out.quarantine);
    let s = poi(&out, "Stazione");
    assert_eq!((s.lat, s.lon), TORINO);
    assert_eq!(s.category, Category::Transport);
    assert_eq!(s.phone.as_deref(), Some("011 1"));
    assert_eq!(s.email.as_deref(), Some("a@b.it"));
    let o = poi(&out, "Ospedale");
    assert_eq!((o.lat, o.lon), MILANO);
    assert_eq!(o.descriptions["de"], "Notaufnahme");
    assert_eq!(o.address.as_deref(), Some("Via Francesco Sforza 35"));
    assert_eq!(o.comune.as_deref(), Some("Milano"));
    assert_eq!(o.istat.as_deref(), Some("015146"));
    assert_eq!(
        o.category,
        Category::Health,
        "no category column: from the name"
    );
}

#[test]
fn unreadable_resources_are_errors() {
    let c = ctx("x");
    assert!(matches!(
        normalize(b"%PDF-1.7\n...", &c),
        Err(NormalizeError::UnsupportedFormat(_))
    ));
    assert!(matches!(
        normalize(b"PK\x03\x04\x14\x00", &c),
        Err(NormalizeError::UnsupportedFormat(_))
    ));
    match normalize(b"{\"data\": [\n  {\"a\": 1},\n  {\"b\": }\n]}", &c) {
        Err(NormalizeError::Syntax {
            format: "JSON",
            detail,
        }) => assert!(detail.contains("line 3"), "{detail}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        normalize(b"", &c),
        Err(NormalizeError::Syntax { .. })
    ));
}

#[test]
fn stable_ids_across_reharvests_and_reordering() {
    let c = ctx("ids.csv");
    // With a source id column.
    let a = b"codice;nome;lat;lon\nA1;Uno;43,1;13,1\nA2;Due;43,2;13,2\nA3;Tre;43,3;13,3\n";
    let b = b"codice;nome;lat;lon\nA3;Tre;43,3;13,3\nA1;Uno;43,1;13,1\nA2;Due;43,2;13,2\n";
    let ids = |out: &Normalized| {
        let mut v: Vec<(String, String)> = out
            .pois
            .iter()
            .map(|p| (p.name.clone(), p.id.clone()))
            .collect();
        v.sort();
        v
    };
    let first = run("ids.csv", a, &c);
    assert_eq!(ids(&first), ids(&run("ids.csv", a, &c)), "same file twice");
    assert_eq!(ids(&first), ids(&run("ids.csv", b, &c)), "reordered rows");
    // Without: from name + comune + coordinates, so reordering keeps them too.
    let a = b"nome;comune;lat;lon\nUno;Fermo;43,1;13,1\nDue;Fermo;43,2;13,2\n";
    let b = b"nome;comune;lat;lon\nDue;Fermo;43,2;13,2\nUno;Fermo;43,1;13,1\n";
    let first = run("ids.csv", a, &c);
    assert_eq!(ids(&first), ids(&run("ids.csv", b, &c)));
    // Another resource gives other ids.
    assert_ne!(ids(&first), ids(&run("ids.csv", a, &ctx("other.csv"))));
    // Duplicates get #2, #3 in row order.
    let out = run(
        "dup.csv",
        b"nome;lat;lon\nUno;43,1;13,1\nUno;43,1;13,1\nUno;43,1;13,1\n",
        &c,
    );
    let base = out.pois[0].id.clone();
    assert_eq!(base.len(), 20);
    assert_eq!(out.pois[1].id, format!("{base}#2"));
    assert_eq!(out.pois[2].id, format!("{base}#3"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(campanile_testkit::proptest_seed::with_cases(256))]

        /// Whatever the bytes, normalising never panics, and when it succeeds every row is
        /// accounted for.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            if let Ok(out) = normalize(&bytes, &ctx("fuzz")) {
                prop_assert_eq!(out.rows as usize, out.pois.len() + out.quarantine.len());
            }
        }

        /// CSV rows of arbitrary (quoted) fields: one POI or one quarantine entry per row.
        #[test]
        fn every_csv_row_is_accounted_for(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zA-Z0-9 ,.;°\"àè-]{0,12}", 0..6),
                1..20,
            ),
            delimiter in prop::sample::select(vec![';', ',', '\t']),
        ) {
            let d = delimiter.to_string();
            let mut text = ["nome", "latitudine", "longitudine", "comune"].join(&d);
            text.push('\n');
            for row in &rows {
                let fields: Vec<String> =
                    row.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect();
                // An empty line is no record at all: give each row a first field.
                text.push_str(&format!("\"x\"{d}{}\n", fields.join(&d)));
            }
            let out = normalize(text.as_bytes(), &ctx("p.csv")).unwrap();
            prop_assert_eq!(out.rows as usize, rows.len());
            prop_assert_eq!(out.rows as usize, out.pois.len() + out.quarantine.len());
        }

        /// JSON arrays of arbitrary records: one POI or one quarantine entry per element.
        #[test]
        fn every_json_element_is_accounted_for(
            lats in proptest::collection::vec(-100.0f64..5_500_000.0, 1..20),
        ) {
            let items: Vec<String> = lats
                .iter()
                .enumerate()
                .map(|(i, lat)| format!(r#"{{"nome": "p{i}", "lat": {lat}, "lon": {}}}"#, lat / 3.0))
                .collect();
            let text = format!("[{}]", items.join(","));
            let out = normalize(text.as_bytes(), &ctx("p.json")).unwrap();
            prop_assert_eq!(out.rows as usize, lats.len());
            prop_assert_eq!(out.rows as usize, out.pois.len() + out.quarantine.len());
            for p in &out.pois {
                prop_assert!((35.2..=47.2).contains(&p.lat) && (6.5..=18.7).contains(&p.lon));
            }
        }
    }
}
