//! A file imported from disk is read as a stream, in batches: it stores exactly what importing
//! its bytes whole stores (the same places, ids, quarantine entries, reports and errors) for
//! every shape and encoding the normaliser reads; a file refused after rows have streamed by
//! leaves the previous dataset whole; and the reader never holds more than a batch of rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use campanile_core::opendata::import::{
    ImportError, ImportOptions, ImportReport, import_bytes, import_file, import_file_batched,
};
use campanile_core::store::Store;
use campanile_testkit::bulk;

/// Every stored row of the places' tables, as text (timestamps and the file's URL left out:
/// they differ between the two imports by design).
fn dump(store: &Store) -> Vec<String> {
    let queries = [
        "SELECT rowid, id, dataset_id, resource_id, name, name_key, category, descriptions,
           address, comune, istat, lat, lon, opening_hours, phone, email, website, accessibility,
           licence, attribution FROM pois ORDER BY rowid",
        "SELECT rowid, name, place, body FROM pois_fts ORDER BY rowid",
        "SELECT dataset_id, resource_id, resource, row, reason FROM quarantine ORDER BY rowid",
        "SELECT id, dataset_id, format, rows, pois, quarantined FROM resources ORDER BY dataset_id, id",
        "SELECT id, portal, name, title, licence FROM datasets ORDER BY id",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut stmt = store.conn().prepare(q).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = Vec::new();
                for i in 0..n {
                    line.push(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(line.join(" | "))
            })
            .unwrap();
        for row in rows {
            out.push(row.unwrap());
        }
        out.push("--".into());
    }
    out
}

/// What an import came to, comparable between the two ways: the report, or the error without
/// the file's path.
fn outcome(result: Result<ImportReport, ImportError>) -> String {
    match result {
        Ok(report) => format!("{report:?}"),
        Err(ImportError::Normalize { source, .. }) => {
            format!("refused {}: {source:?}", source.message_id())
        }
        Err(e) => format!("error {e}"),
    }
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    opts: ImportOptions,
}

fn case(name: &'static str, bytes: impl Into<Vec<u8>>) -> Case {
    Case {
        name,
        bytes: bytes.into(),
        opts: ImportOptions::default(),
    }
}

fn feature(i: usize, id: &str, name: &str, lon: f64, lat: f64) -> String {
    format!(
        r#"{{"type": "Feature", "id": {id}, "properties": {{"nome": "{name} {i}", "comune": "Fermo", "descrizione": "riga\nnuova \"citata\""}},
            "geometry": {{"type": "Point", "coordinates": [{lon}, {lat}]}}}}"#
    )
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    // CSV: quoted line breaks and delimiters, decimal commas, duplicates, quarantined rows.
    let mut csv = String::from("nome;descrizione;comune;lat;lon\n");
    for i in 0..3000 {
        match i % 10 {
            0 => csv.push_str(&format!(
                "\"Chiesa {i}\";\"prima riga\nseconda; riga\";Fermo;43,16{i:03};13,71\n"
            )),
            1 => csv.push_str("Duomo;\"uguale\";Fermo;43,1605;13,7181\n"),
            2 => csv.push_str(&format!("Senza coordinate {i};;Fermo;;\n")),
            3 => csv.push_str(&format!("Troppi {i};a;b;c;d;e;f\n")),
            _ => csv.push_str(&format!("Museo {i};;Ascoli Piceno;42,85{i:04};13,57\n")),
        }
    }
    out.push(case("luoghi.csv", csv.clone()));
    // The same with a BOM, and as UTF-16.
    out.push(case(
        "bom.csv",
        [&[0xEF, 0xBB, 0xBF][..], csv.as_bytes()].concat(),
    ));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in csv.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    out.push(case("utf16.csv", utf16));
    // Windows-1252, its only byte that is not UTF-8 far down the file (past the first chunks).
    let mut cp1252 = csv.clone().into_bytes();
    cp1252.extend_from_slice(b"Citt\xE0 dell\x92arte \x80;;Fermo;43,1;13,7\n");
    out.push(case("cp1252.csv", cp1252));
    // Excel's separator line, title lines above the header, commas, tabs.
    out.push(case(
        "excel.csv",
        "sep=,\nElenco dei musei,,\nAggiornato al 2024,,\nnome,lat,lon\nA,43.1,13.1\nB,43.2,13.2\n",
    ));
    out.push(case(
        "tab.tsv",
        "nome\tlat\tlon\nA\t43.1\t13.1\nA\t43.1\t13.1\nA\t43.1\t13.1\n",
    ));
    // A header with no recognisable column; an empty file; nothing but a header.
    out.push(case("ignoto.csv", "foo;bar\n1;2\n"));
    out.push(case("vuoto.csv", ""));
    out.push(case("solo-intestazione.csv", "nome;lat;lon\n"));
    // No row maps: refused, saying what was tried. Most rows quarantined: a warning.
    let mut none = String::from("nome;lat;lon\n");
    for i in 0..5000 {
        none.push_str(&format!("Senza {i};;\n"));
    }
    out.push(case("nessuno.csv", none.clone()));
    out.push(case(
        "quasi.csv",
        format!("{none}Uno;43,1605;13,7181\n").into_bytes(),
    ));
    out.push(case("documento.csv", "%PDF-1.4 binary"));

    // GeoJSON: duplicate ids, features without geometry, elements that are not objects, the
    // old `crs` member after the features (projected coordinates).
    let mut features = Vec::new();
    for i in 0..2500 {
        let id = if i % 7 == 0 {
            "\"dup\"".to_string()
        } else {
            i.to_string()
        };
        features.push(feature(i, &id, "Palazzo", 13.5 + i as f64 * 1e-4, 42.8));
    }
    features.push(r#"{"type": "Feature", "properties": {"nome": "Senza geometria"}}"#.into());
    features.push(r#""non un oggetto""#.into());
    out.push(case(
        "luoghi.geojson",
        format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}",
            features.join(",\n")
        ),
    ));
    let projected: Vec<String> = (0..50)
        .map(|i| feature(i, &i.to_string(), "Fermo", 395786.24 + i as f64, 4779435.83))
        .collect();
    out.push(case(
        "utm.geojson",
        format!(
            r#"{{"features": [{}], "type": "FeatureCollection",
                "crs": {{"type": "name", "properties": {{"name": "urn:ogc:def:crs:EPSG::32633"}}}}}}"#,
            projected.join(",")
        ),
    ));
    // JSON: an array of records, records under wrappers, the largest array of objects, JSON
    // Lines, a single record, a single feature.
    let records: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r#"{{"denominazione": "Teatro {}", "geo": {{"latitude": "43,1{i:03}", "longitude": 13.71}}, "indirizzo": {{"via": "Corso Cavour"}}}}"#,
                i % 1000
            )
        })
        .collect();
    let array = format!("[{}]", records.join(",\n"));
    out.push(case("array.json", array.clone()));
    out.push(case(
        "ckan.json",
        format!(
            r#"{{"help": "x", "result": {{"count": 3000, "results": {array}}}, "success": true}}"#
        ),
    ));
    out.push(case(
        "grande.json",
        format!(r#"{{"meta": {{"n": 1}}, "altri": [{{"x": 1}}], "luoghi": {array}, "vuoti": []}}"#),
    ));
    out.push(case("righe.json", records.join("\n")));
    out.push(case(
        "uno.json",
        r#"{"name": "X", "lat": 43.1, "lon": 13.1}"#,
    ));
    out.push(case("feature.geojson", feature(1, "1", "Solo", 13.1, 43.1)));
    // Broken JSON: a syntax error after many rows, trailing characters, a repeated wrapper key,
    // no array of records.
    out.push(case(
        "rotto.json",
        format!("{}, {{\"nome\": }}]", &array[..array.len() - 1]),
    ));
    out.push(case("coda.json", format!("{array} x")));
    out.push(case(
        "doppio.json",
        format!(r#"{{"data": [{{"nome": "Primo", "lat": 43.1, "lon": 13.1}}], "data": {array}}}"#),
    ));
    out.push(case("niente.json", r#"{"help": "x", "success": true}"#));
    // A declared format that the content contradicts, and a declared reference system.
    let mut declared = case("dati.txt", "[id];nome;lat;lon\n1;A;43,1;13,1\n");
    declared.opts.format = Some("CSV".into());
    declared.opts.tags = vec!["musei".into()];
    declared.opts.licence = Some("CC-BY-4.0".into());
    out.push(declared);
    let mut utm = case("utm.csv", "nome;x;y\nA;395786,24;4779435,83\n");
    utm.opts.crs = Some("EPSG:32633".into());
    out.push(utm);
    out
}

const BATCH: usize = 64;

/// Imports `bytes` whole into one store and as a file into another: both stores and both
/// outcomes must be the same.
fn same_both_ways(dir: &Path, case: &Case) {
    let path = dir.join(case.name);
    std::fs::write(&path, &case.bytes).unwrap();
    let mut whole = Store::open_in_memory().unwrap();
    let mut streamed = Store::open_in_memory().unwrap();
    let a = outcome(import_bytes(&mut whole, case.name, &case.bytes, &case.opts));
    let mut held = None;
    let b = outcome(
        import_file_batched(&mut streamed, &path, &case.opts, BATCH).map(|(r, h)| {
            held = Some(h);
            r
        }),
    );
    assert_eq!(a, b, "{}", case.name);
    // Read whole only when it holds a single record (a feature, an object), or repeats the
    // key of its array of records.
    if let Some(held) = held {
        let whole = ["feature.geojson", "uno.json", "doppio.json"].contains(&case.name);
        assert!(
            held <= BATCH || whole,
            "{}: held {held} rows at once",
            case.name
        );
    }
    println!("{}: {b:.100}, held {held:?}", case.name);
    let (a, b) = (dump(&whole), dump(&streamed));
    assert_eq!(a.len(), b.len(), "{}", case.name);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{}", case.name);
    }
}

#[test]
fn a_streamed_import_stores_what_the_whole_import_stores() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    for case in &cases {
        same_both_ways(dir.path(), case);
    }
    println!("{} files: same places both ways", cases.len());
}

fn generated(dir: &Path, n: u64) -> (PathBuf, PathBuf) {
    bulk::write_files(dir, "generati", n).unwrap()
}

#[test]
fn the_reader_never_holds_more_than_a_batch() {
    const N: u64 = 20_000;
    const BATCH: usize = 250;
    let dir = tempfile::tempdir().unwrap();
    let (csv, geojson) = generated(dir.path(), N);
    for path in [&csv, &geojson] {
        let mut streamed = Store::open_in_memory().unwrap();
        let (report, held) =
            import_file_batched(&mut streamed, path, &ImportOptions::default(), BATCH).unwrap();
        assert_eq!(report.rows, N);
        assert_eq!(report.applied.inserted, N);
        assert!(
            held <= BATCH && held > 0,
            "{}: held {held} rows at once, batch {BATCH}",
            path.display()
        );
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let mut whole = Store::open_in_memory().unwrap();
        let whole_report =
            import_bytes(&mut whole, name, &bytes, &ImportOptions::default()).unwrap();
        assert_eq!(
            (whole_report.rows, whole_report.applied),
            (report.rows, report.applied)
        );
        assert_eq!(dump(&whole), dump(&streamed), "{name}");
    }
}

#[test]
fn a_refused_file_leaves_the_previous_dataset_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("luoghi.json");
    let mut store = Store::open_in_memory().unwrap();
    let (csv, _) = generated(dir.path(), 3000);
    // A CSV of the same name first, then JSON versions of it that fail after rows streamed.
    std::fs::copy(&csv, &path).unwrap();
    let opts = ImportOptions {
        dataset_id: Some("file:luoghi".into()),
        ..Default::default()
    };
    let first = import_file(&mut store, &path, &opts).unwrap();
    assert_eq!(first.applied.inserted, 3000);
    let before = dump(&store);
    let records: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{"nome": "Nuovo {i}", "lat": 43.1, "lon": 13.{i:04}}}"#))
        .collect();
    let unmapped: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{"nome": "Nuovo {i}"}}"#))
        .collect();
    let broken = [
        // A syntax error after 3000 records.
        format!("[{}, {{]", records.join(",")),
        // Trailing characters after the array.
        format!("[{}] ]", records.join(",")),
        // Rows none of which maps.
        format!("[{}]", unmapped.join(",")),
        // In a CSV, too.
        format!(
            "nome;lat;lon\n{}",
            (0..3000)
                .map(|i| format!("Nuovo {i};;\n"))
                .collect::<String>()
        ),
    ];
    for text in &broken {
        std::fs::write(&path, text).unwrap();
        let err = import_file_batched(&mut store, &path, &opts, 100).unwrap_err();
        assert!(matches!(err, ImportError::Normalize { .. }), "{err}");
        assert_eq!(dump(&store), before, "{err}");
    }
    // A missing file too.
    let err = import_file(&mut store, &dir.path().join("manca.csv"), &opts).unwrap_err();
    assert!(matches!(err, ImportError::Read { .. }), "{err}");
    assert_eq!(dump(&store), before);
    // And a good file then replaces it whole.
    std::fs::write(&path, format!("[{}]", records.join(","))).unwrap();
    let report = import_file_batched(&mut store, &path, &opts, 100)
        .unwrap()
        .0;
    assert_eq!(
        (report.applied.inserted, report.applied.removed),
        (3000, 3000)
    );
}

/// A cancel that lands while a file's rows stream into the store: the file's dataset stays as
/// it was (or, if the cancel came after its last batch, is the new one), never partly new.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_while_rows_stream_leaves_the_dataset_whole() {
    use campanile_core::opendata::import::import_files;
    use campanile_core::store::Db;
    use campanile_core::work::Cancel;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("luoghi.csv");
    let db = Db::open(dir.path().join("places.db")).unwrap();
    let count = |db: &Db| -> i64 {
        db.write(|store| {
            store
                .conn()
                .query_row(
                    "SELECT count(*) FROM pois WHERE dataset_id = 'file:luoghi.csv'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        })
    };
    let write = |n: u64| {
        bulk::write_csv(
            &mut BufWriter::new(std::fs::File::create(&path).unwrap()),
            n,
            7,
            0,
        )
        .unwrap();
    };
    let opts = ImportOptions::default();
    // The first version (1,000 places) imported whole.
    let first_version = || async {
        write(1000);
        import_files(
            &db,
            std::slice::from_ref(&path),
            &opts,
            &Cancel::new(),
            &|_| {},
        )
        .await
        .unwrap();
    };
    first_version().await;
    assert_eq!(count(&db), 1000);
    write(30_000);
    let mut outcomes = std::collections::BTreeSet::new();
    for delay_ms in [0u64, 5, 20, 60, 150, 400] {
        let cancel = Cancel::new();
        let tripper = {
            let cancel = cancel.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(delay_ms));
                cancel.cancel();
            })
        };
        let result = import_files(&db, std::slice::from_ref(&path), &opts, &cancel, &|_| {}).await;
        tripper.join().unwrap();
        let n = count(&db);
        match result {
            Ok(_) => assert_eq!(n, 30_000),
            Err(ImportError::Cancelled) => assert!(n == 1000 || n == 30_000, "{n} places"),
            Err(e) => panic!("{e}"),
        }
        outcomes.insert(n);
        // Back to the first version for the next try.
        if n == 30_000 {
            first_version().await;
            write(30_000);
        }
    }
    println!("places after each cancel: {outcomes:?}");
}

/// The real files under `$CAMPANILE_REAL_DATA/opendata/` (a BOM, Windows-1252, a JSON API's
/// answer, …): the same both ways. Skipped, saying so, when the folder is not there.
#[test]
fn real_files_store_the_same_both_ways() {
    const FILES: [&str; 5] = [
        "campania_associazioni_bom.csv",
        "catania_farmacie.csv",
        "piemonte_musei_cp1252.csv",
        "trento_eventi_comunweb_api.json",
        "ckan_demo_package_search.json",
    ];
    let needs: Vec<String> = FILES.iter().map(|f| format!("opendata/{f}")).collect();
    let needs: Vec<&str> = needs.iter().map(String::as_str).collect();
    let Some(root) =
        campanile_testkit::realdata::dir("real_files_store_the_same_both_ways", &needs)
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for name in FILES {
        let bytes = std::fs::read(root.join("opendata").join(name)).unwrap();
        same_both_ways(
            dir.path(),
            &Case {
                name,
                bytes,
                opts: ImportOptions::default(),
            },
        );
    }
}
