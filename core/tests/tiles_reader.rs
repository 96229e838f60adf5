//! The tile reader against archives these tests write themselves: PMTiles v3 laid out by hand
//! (gzip'd root and leaf directories, run lengths), PMTiles from the `pmtiles` crate's writer,
//! MBTiles with TMS rows (as a table, and as a view over `map`/`images`), and damaged files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use campanile_core::opendata::tiles::{
    ArchiveKind, TileEncoding, TileFormat, TileSource, TilesError,
};
use rusqlite::{Connection, params};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// (tile_id, offset, length, run_length)
type Entry = (u64, u64, u32, u32);

/// Serialises a directory as the spec says (delta ids, then run lengths, lengths, offsets with
/// 0 meaning "right after the previous entry").
fn directory(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, entries.len() as u64);
    let mut last = 0;
    for e in entries {
        varint(&mut out, e.0 - last);
        last = e.0;
    }
    for e in entries {
        varint(&mut out, u64::from(e.3));
    }
    for e in entries {
        varint(&mut out, u64::from(e.2));
    }
    for (i, e) in entries.iter().enumerate() {
        if i > 0 && e.1 == entries[i - 1].1 + u64::from(entries[i - 1].2) {
            varint(&mut out, 0);
        } else {
            varint(&mut out, e.1 + 1);
        }
    }
    out
}

fn pmtiles_id(z: u8, x: u32, y: u32) -> u64 {
    pmtiles::TileId::from(pmtiles::TileCoord::new(z, x, y).unwrap()).value()
}

struct Sections {
    root: Vec<u8>,
    metadata: Vec<u8>,
    leaves: Vec<u8>,
    data: Vec<u8>,
    internal_compression: u8,
}

fn header(s: &Sections, version: u8) -> Vec<u8> {
    let mut h = Vec::with_capacity(127);
    h.extend_from_slice(b"PMTiles");
    h.push(version);
    let root_off = 127u64;
    let meta_off = root_off + s.root.len() as u64;
    let leaf_off = meta_off + s.metadata.len() as u64;
    let data_off = leaf_off + s.leaves.len() as u64;
    for v in [
        root_off,
        s.root.len() as u64,
        meta_off,
        s.metadata.len() as u64,
        leaf_off,
        s.leaves.len() as u64,
        data_off,
        s.data.len() as u64,
        22, // addressed tiles
        0,
        0,
    ] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.push(1); // clustered
    h.push(s.internal_compression);
    h.push(2); // tiles gzip
    h.push(1); // mvt
    h.push(0); // min zoom
    h.push(2); // max zoom
    for deg in [13.0f64, 42.6, 14.1, 43.35] {
        h.extend_from_slice(&((deg * 1e7).round() as i32).to_le_bytes());
    }
    h.push(9);
    for deg in [13.55f64, 42.97] {
        h.extend_from_slice(&((deg * 1e7).round() as i32).to_le_bytes());
    }
    assert_eq!(h.len(), 127);
    h
}

fn assemble(s: &Sections, version: u8) -> Vec<u8> {
    let mut file = header(s, version);
    file.extend_from_slice(&s.root);
    file.extend_from_slice(&s.metadata);
    file.extend_from_slice(&s.leaves);
    file.extend_from_slice(&s.data);
    file
}

/// A hand-made archive: the root points at two gzip'd leaf directories; leaf A holds tile 0
/// and a run of 4 identical tiles (all of zoom 1), leaf B holds zoom 2 one tile per entry,
/// except tile id 10 which is missing.
fn hand_made_sections() -> Sections {
    let mut data = Vec::new();
    let mut leaf_a = Vec::new();
    let t0 = b"zero".to_vec();
    leaf_a.push((0, data.len() as u64, t0.len() as u32, 1));
    data.extend_from_slice(&t0);
    let run = b"same for all of zoom 1".to_vec();
    leaf_a.push((1, data.len() as u64, run.len() as u32, 4));
    data.extend_from_slice(&run);
    let mut leaf_b = Vec::new();
    for id in 5..=20u64 {
        if id == 10 {
            continue;
        }
        let t = format!("z2-{id}").into_bytes();
        leaf_b.push((id, data.len() as u64, t.len() as u32, 1));
        data.extend_from_slice(&t);
    }
    let a = gzip(&directory(&leaf_a));
    let b = gzip(&directory(&leaf_b));
    let mut leaves = a.clone();
    leaves.extend_from_slice(&b);
    let root = gzip(&directory(&[
        (0, 0, a.len() as u32, 0),
        (5, a.len() as u64, b.len() as u32, 0),
    ]));
    let metadata = gzip(
        br#"{"name":"hand made","attribution":"tests","vector_layers":[{"id":"land","fields":{}}]}"#,
    );
    Sections {
        root,
        metadata,
        leaves,
        data,
        internal_compression: 2,
    }
}

#[test]
fn tile_source_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<TileSource>();
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn pmtiles_hand_made_leaves_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "hand.pmtiles",
        &assemble(&hand_made_sections(), 3),
    );
    let src = TileSource::open(&path).unwrap();
    let m = src.metadata();
    assert_eq!(m.archive, ArchiveKind::Pmtiles);
    assert_eq!(m.format, TileFormat::Mvt);
    assert_eq!(m.encoding, TileEncoding::Gzip);
    assert_eq!((m.min_zoom, m.max_zoom), (0, 2));
    assert_eq!(m.bounds, Some([13.0, 42.6, 14.1, 43.35]));
    assert_eq!(m.center, Some((13.55, 42.97, 9)));
    assert_eq!(m.name.as_deref(), Some("hand made"));
    assert_eq!(m.attribution.as_deref(), Some("tests"));
    assert_eq!(m.layer_names(), vec!["land".to_owned()]);
    assert_eq!(src.tile_count().unwrap(), Some(22));

    assert_eq!(src.tile(0, 0, 0).unwrap().unwrap().data, b"zero");
    // The run of length 4 serves every tile of zoom 1.
    for x in 0..2 {
        for y in 0..2 {
            let t = src.tile(1, x, y).unwrap().unwrap();
            assert_eq!(t.data, b"same for all of zoom 1", "1/{x}/{y}");
            assert_eq!(t.encoding, TileEncoding::Gzip);
            assert_eq!(t.format, TileFormat::Mvt);
        }
    }
    // Zoom 2 from the second leaf, with the Hilbert ids of an independent implementation.
    let mut found = 0;
    for x in 0..4 {
        for y in 0..4 {
            let id = pmtiles_id(2, x, y);
            let t = src.tile(2, x, y).unwrap();
            if id == 10 {
                assert!(t.is_none(), "2/{x}/{y} (id 10) must be absent");
            } else {
                assert_eq!(
                    t.unwrap().data,
                    format!("z2-{id}").into_bytes(),
                    "2/{x}/{y}"
                );
                found += 1;
            }
        }
    }
    assert_eq!(found, 15);
    // Past the last entry, and a deeper zoom than the archive has.
    assert!(src.tile(3, 0, 0).unwrap().is_none());
    assert!(src.tile(14, 8800, 6000).unwrap().is_none());
}

#[test]
fn pmtiles_uncompressed_directories() {
    let mut s = hand_made_sections();
    // A single uncompressed root holding the tile entries directly, no leaves.
    let mut meta = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&s.metadata[..]),
        &mut meta,
    )
    .unwrap();
    s.root = directory(&[(0, 0, 4, 1), (1, 4, 22, 4)]);
    s.metadata = meta;
    s.leaves = Vec::new();
    s.internal_compression = 1;
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "plain.pmtiles", &assemble(&s, 3));
    let src = TileSource::open(&path).unwrap();
    assert_eq!(src.tile(0, 0, 0).unwrap().unwrap().data, b"zero");
    assert_eq!(
        src.tile(1, 1, 1).unwrap().unwrap().data,
        b"same for all of zoom 1"
    );
    assert!(src.tile(2, 0, 0).unwrap().is_none());
}

#[test]
fn pmtiles_from_the_crate_writer_with_leaves_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crate.pmtiles");
    let file = std::fs::File::create(&path).unwrap();
    let mut w = pmtiles::PmTilesWriter::new(pmtiles::TileType::Png)
        .min_zoom(0)
        .max_zoom(8)
        .metadata(r#"{"name":"crate"}"#)
        .create(file)
        .unwrap();
    let mut coords = Vec::new();
    for z in 0..=7u8 {
        for x in 0..(1u32 << z) {
            for y in 0..(1u32 << z) {
                coords.push((z, x, y));
            }
        }
    }
    coords.sort_by_key(|&(z, x, y)| pmtiles_id(z, x, y));
    let content = |z: u8, x: u32, y: u32| {
        // Half of zoom 7 is the same tile: consecutive ids there make runs.
        if z == 7 && x.is_multiple_of(2) {
            b"\x89PNG sea".to_vec()
        } else {
            format!(
                "\u{89}PNG {z}/{x}/{y} {}",
                "x".repeat(((x * 7 + y) % 13) as usize)
            )
            .into_bytes()
        }
    };
    for &(z, x, y) in &coords {
        w.add_tile(pmtiles::TileCoord::new(z, x, y).unwrap(), &content(z, x, y))
            .unwrap();
    }
    w.finalize().unwrap();

    let bytes = std::fs::read(&path).unwrap();
    let leaf_length = u64::from_le_bytes(bytes[48..56].try_into().unwrap());
    assert!(
        leaf_length > 0,
        "the writer was expected to make leaf directories"
    );
    let tile_entries = u64::from_le_bytes(bytes[80..88].try_into().unwrap());
    let addressed = u64::from_le_bytes(bytes[72..80].try_into().unwrap());
    assert!(
        tile_entries < addressed,
        "the writer was expected to make runs"
    );

    let src = TileSource::open(&path).unwrap();
    assert_eq!(src.metadata().format, TileFormat::Png);
    assert_eq!(src.metadata().encoding, TileEncoding::None);
    for &(z, x, y) in coords.iter().step_by(7) {
        let t = src.tile(z, x, y).unwrap().unwrap();
        assert_eq!(t.data, content(z, x, y), "{z}/{x}/{y}");
    }
    assert!(src.tile(8, 0, 0).unwrap().is_none());
}

fn mbtiles_fixture(dir: &Path, as_view: bool) -> PathBuf {
    let path = dir.join(if as_view {
        "view.mbtiles"
    } else {
        "table.mbtiles"
    });
    let c = Connection::open(&path).unwrap();
    // Untyped columns, as some tools write them: numbers stay numbers.
    c.execute_batch("CREATE TABLE metadata (name, value);")
        .unwrap();
    for (k, v) in [
        ("name", "fixture"),
        ("format", "pbf"),
        ("bounds", "13.0,42.6,14.1,43.35"),
        ("center", "13.55,42.97,2"),
        ("attribution", "© tests"),
        (
            "json",
            r#"{"vector_layers":[{"id":"water","fields":{}},{"id":"places","fields":{}}]}"#,
        ),
    ] {
        c.execute("INSERT INTO metadata VALUES (?1, ?2)", params![k, v])
            .unwrap();
    }
    c.execute_batch("INSERT INTO metadata VALUES ('minzoom', 0), ('maxzoom', 3);")
        .unwrap();
    // XYZ 1/0/0 (north-west) is TMS row 1; XYZ 3/4/1 is TMS row 6.
    let tiles: [(u8, u32, u32, Vec<u8>); 3] = [
        (1, 0, 1, gzip(b"north-west")),
        (1, 0, 0, gzip(b"south-west")),
        (3, 4, 6, gzip(b"three")),
    ];
    if as_view {
        c.execute_batch(
            "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
             CREATE TABLE images (tile_data BLOB, tile_id TEXT);
             CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,
                 map.tile_row AS tile_row, images.tile_data AS tile_data
                 FROM map JOIN images ON images.tile_id = map.tile_id;",
        )
        .unwrap();
        for (i, (z, x, row, data)) in tiles.iter().enumerate() {
            c.execute(
                "INSERT INTO map VALUES (?1, ?2, ?3, ?4)",
                params![z, x, row, i.to_string()],
            )
            .unwrap();
            c.execute(
                "INSERT INTO images VALUES (?1, ?2)",
                params![data, i.to_string()],
            )
            .unwrap();
        }
    } else {
        c.execute_batch(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);",
        )
        .unwrap();
        for (z, x, row, data) in &tiles {
            c.execute(
                "INSERT INTO tiles VALUES (?1, ?2, ?3, ?4)",
                params![z, x, row, data],
            )
            .unwrap();
        }
    }
    path
}

#[test]
fn mbtiles_flips_tms_rows_in_tables_and_views() {
    let dir = tempfile::tempdir().unwrap();
    for as_view in [false, true] {
        let path = mbtiles_fixture(dir.path(), as_view);
        let src = TileSource::open(&path).unwrap();
        let m = src.metadata();
        assert_eq!(m.archive, ArchiveKind::Mbtiles);
        assert_eq!(m.format, TileFormat::Mvt);
        assert_eq!(m.encoding, TileEncoding::Gzip);
        assert_eq!((m.min_zoom, m.max_zoom), (0, 3));
        assert_eq!(m.bounds, Some([13.0, 42.6, 14.1, 43.35]));
        assert_eq!(m.center, Some((13.55, 42.97, 2)));
        assert_eq!(m.attribution.as_deref(), Some("© tests"));
        assert_eq!(
            m.layer_names(),
            vec!["water".to_owned(), "places".to_owned()]
        );
        assert_eq!(m.raw["name"], "fixture");
        assert_eq!(src.tile_count().unwrap(), Some(3));

        let t = src.tile(1, 0, 0).unwrap().unwrap();
        assert_eq!(t.encoding, TileEncoding::Gzip);
        assert_eq!(t.decompressed().unwrap(), b"north-west");
        assert_eq!(
            t.data,
            gzip(b"north-west"),
            "bytes must be returned as stored"
        );
        assert_eq!(
            src.tile(1, 0, 1).unwrap().unwrap().decompressed().unwrap(),
            b"south-west"
        );
        assert_eq!(
            src.tile(3, 4, 1).unwrap().unwrap().decompressed().unwrap(),
            b"three"
        );
        assert!(src.tile(1, 1, 1).unwrap().is_none());
        assert!(src.tile(5, 3, 3).unwrap().is_none());
    }
}

#[test]
fn mbtiles_is_opened_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = mbtiles_fixture(dir.path(), false);
    let before = std::fs::read(&path).unwrap();
    let src = TileSource::open(&path).unwrap();
    let _ = src.tile(1, 0, 0).unwrap();
    drop(src);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn open_err(bytes: &[u8]) -> (TilesError, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "bad-archive.bin", bytes);
    let err = TileSource::open(&path).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("bad-archive.bin"),
        "the message must name the file: {msg}"
    );
    (err, msg)
}

#[test]
fn bad_files_give_errors_naming_the_file() {
    let (e, _) = open_err(b"");
    assert!(matches!(e, TilesError::UnknownFormat { .. }), "{e:?}");
    let (e, _) = open_err(b"hello, this is not a tile archive at all");
    assert!(matches!(e, TilesError::UnknownFormat { .. }), "{e:?}");
    // PMTiles v2 starts with "PM" and a u16 version, so it is an unknown format too.
    let (e, _) = open_err(b"PM\x02\x00 old archive");
    assert!(matches!(e, TilesError::UnknownFormat { .. }), "{e:?}");

    let (e, _) = open_err(b"PMTiles\x03 truncated");
    assert!(matches!(e, TilesError::Corrupt { .. }), "{e:?}");

    let mut v2 = assemble(&hand_made_sections(), 3);
    v2[7] = 4;
    let (e, msg) = open_err(&v2);
    assert!(
        matches!(e, TilesError::UnsupportedPmtilesVersion { version: 4, .. }),
        "{e:?}"
    );
    assert!(msg.contains("version 4"));

    // Sections past the end of the file.
    let full = assemble(&hand_made_sections(), 3);
    let (e, _) = open_err(&full[..full.len() - 3]);
    assert!(matches!(e, TilesError::Corrupt { .. }), "{e:?}");

    // A root directory that is not gzip.
    let mut s = hand_made_sections();
    let n = s.root.len();
    s.root = vec![0xAB; n];
    let (e, _) = open_err(&assemble(&s, 3));
    assert!(matches!(e, TilesError::Corrupt { .. }), "{e:?}");

    // An SQLite database without tiles.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-archive.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (a); INSERT INTO t VALUES (1);")
        .unwrap();
    let e = TileSource::open(&path).unwrap_err();
    assert!(matches!(e, TilesError::NotMbtiles { .. }), "{e:?}");
    assert!(e.to_string().contains("bad-archive.db"));

    // A missing file.
    let e = TileSource::open(dir.path().join("missing.pmtiles")).unwrap_err();
    assert!(matches!(e, TilesError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("missing.pmtiles"));
}

#[test]
fn coordinates_out_of_range_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let pm = write_file(
        dir.path(),
        "hand.pmtiles",
        &assemble(&hand_made_sections(), 3),
    );
    let mb = mbtiles_fixture(dir.path(), false);
    for path in [pm, mb] {
        let src = TileSource::open(&path).unwrap();
        let e = src.tile(2, 4, 0).unwrap_err();
        assert!(
            matches!(
                e,
                TilesError::OutOfRange {
                    z: 2,
                    x: 4,
                    y: 0,
                    max: 3
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("2/4/0"));
        assert!(matches!(
            src.tile(0, 0, 1).unwrap_err(),
            TilesError::OutOfRange { .. }
        ));
        assert!(matches!(
            src.tile(32, 0, 0).unwrap_err(),
            TilesError::ZoomTooDeep { z: 32 }
        ));
        assert!(src.tile(31, u32::MAX >> 1, 0).unwrap().is_none());
    }
}

#[test]
fn damaged_leaf_directory_is_an_error_not_a_panic() {
    let mut s = hand_made_sections();
    // Break leaf B (the second half of the leaf section) but leave its length.
    let half = s.leaves.len() / 2;
    for b in &mut s.leaves[half..] {
        *b ^= 0x5A;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "leafy.pmtiles", &assemble(&s, 3));
    let src = TileSource::open(&path).unwrap();
    // Leaf A may or may not survive; leaf B must fail cleanly.
    let r = src.tile(2, 0, 0);
    assert!(matches!(r, Err(TilesError::Corrupt { .. })), "{r:?}");
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(campanile_testkit::proptest_seed::with_cases(200))]
        #[test]
        fn flipped_bytes_never_panic(flips in proptest::collection::vec((0usize..400, any::<u8>()), 1..6)) {
            let mut bytes = assemble(&hand_made_sections(), 3);
            for (at, v) in flips {
                let i = at % bytes.len();
                bytes[i] ^= v | 1;
            }
            let dir = tempfile::tempdir().unwrap();
            let path = write_file(dir.path(), "fuzz.pmtiles", &bytes);
            if let Ok(src) = TileSource::open(&path) {
                let _ = src.metadata();
                for (z, x, y) in [(0, 0, 0), (1, 1, 0), (2, 3, 3), (2, 1, 2), (5, 10, 10)] {
                    let _ = src.tile(z, x, y);
                }
            }
        }
    }
}
