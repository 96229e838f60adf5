//! GeoJSON and JSON reading.
//!
//! Accepted shapes: a GeoJSON `FeatureCollection` (with the old `crs` member honoured) or a
//! single `Feature`; a JSON array of records; a JSON object wrapping the array under a key such
//! as `features`, `nodes`, `data`, `results`, `records`, `items` (searched up to three objects
//! down, e.g. CKAN's `result.results`), else under the largest array of objects it holds.
//!
//! The top level is split into raw element slices first (no copy), then each element is parsed
//! and mapped on its own, so memory stays bounded by one element. Read as a stream
//! ([`read_stream`]), a top-level object is first walked to find where its records are (the
//! same rules, on its shape), then read again, its records handed on one at a time; any other
//! case (a syntax error, a single record, …) is left to the whole read ([`ReadWhole`]).
//!
//! Inside a record, nested objects are walked (up to 4 levels, each level deeper losing to the
//! shallower ones): `{"node": {...}}` wrappers, `geo: {latitude, longitude}`,
//! `location: {lat, lon}`, `address: {streetAddress, addressLocality}`, GeoJSON geometries
//! anywhere, `coordinates: [lon, lat]`, WKT strings, and objects of language → text under a
//! description or name key. Under a recognised key, the generic keys `name`, `label`, `value`,
//! `text` take that key's meaning (`category: {name: "Museo"}` is a category).

use std::collections::{BTreeMap, HashMap};

use std::io::BufReader;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::opendata::QuarantineReason;

use super::NormalizeError;
use super::coords::parse_point_text;
use super::crs::Crs;
use super::geojson::{
    looks_like_geometry, position_of, representative_point, representative_point_of,
};
use super::headers::{Column, Field, classify, lang_code};
use super::jvalue::{JVal, Members, get};
use super::name_guess::{NameGuess, SAMPLE_ROWS};
use super::record::{Builder, RawRow, Val};
use super::stream::{Text, TextReader};
use super::text::fold_key;

/// Keys that commonly wrap the array of records, in the order they are tried.
const WRAPPER_KEYS: &[&str] = &[
    "features",
    "nodes",
    "data",
    "results",
    "records",
    "items",
    "rows",
    "elements",
    "entries",
    "pois",
    "list",
    "@graph",
    "value",
    "result",
    "response",
    "docs",
    "hits",
    "content",
    "dati",
    "elenco",
    "risultati",
];

/// Keys that, under a recognised key, carry that key's value.
const GENERIC_KEYS: &[&str] = &[
    "name", "nome", "label", "value", "text", "valore", "testo", "@value", "title", "titolo",
];

const MAX_DEPTH: u8 = 4;

/// Keys (folded) whose array `[a, b]` or text `"a, b"` is a position. The order of the pair is
/// told apart by Italy's bounds ([`resolve`](super::coords::resolve)): `[lat, lon]` and
/// `[lon, lat]` both read; a pair that fits neither way is quarantined as outside Italy.
const POSITION_KEYS: &[&str] = &[
    "coordinates",
    "coordinate",
    "coords",
    "position",
    "posizione",
    "location",
    "geo",
    "gps",
    "point",
    "punto",
    "geopoint",
    "latlng",
    "latlon",
    "latlong",
    "lnglat",
    "lonlat",
    "posizionegps",
    "geolocation",
    "geolocalizzazione",
];

fn is_position_key(key: &str) -> bool {
    POSITION_KEYS.contains(&fold_key(key).as_str())
}

fn syntax(e: &serde_json::Error) -> NormalizeError {
    NormalizeError::Syntax {
        format: "JSON",
        detail: format!("line {}, column {}: {e}", e.line(), e.column()),
    }
}

type RawMap<'a> = BTreeMap<String, &'a RawValue>;

fn starts_with(raw: &RawValue, c: char) -> bool {
    raw.get().trim_start().starts_with(c)
}

/// Finds the array of records inside a wrapping object.
fn find_records<'a>(
    map: &RawMap<'a>,
    depth: u8,
) -> Result<Option<Vec<&'a RawValue>>, NormalizeError> {
    for key in WRAPPER_KEYS {
        let Some(raw) = map.get(*key) else { continue };
        if starts_with(raw, '[') {
            let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|e| syntax(&e))?;
            return Ok(Some(items));
        }
        if starts_with(raw, '{') && depth < 3 {
            let inner: RawMap<'a> = serde_json::from_str(raw.get()).map_err(|e| syntax(&e))?;
            if let Some(found) = find_records(&inner, depth + 1)? {
                return Ok(Some(found));
            }
        }
    }
    // Otherwise the largest array of objects.
    let mut best: Option<Vec<&'a RawValue>> = None;
    for raw in map.values() {
        if !starts_with(raw, '[') {
            continue;
        }
        let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|e| syntax(&e))?;
        if items.first().is_some_and(|i| starts_with(i, '{'))
            && best.as_ref().is_none_or(|b| items.len() > b.len())
        {
            best = Some(items);
        }
    }
    Ok(best)
}

/// Reads the `crs` member of an old-style GeoJSON: `{"type": "name", "properties": {"name": …}}`.
fn geojson_crs(raw: &RawValue) -> Option<Crs> {
    geojson_crs_value(&serde_json::from_str(raw.get()).ok()?)
}

/// Whether the text may be JSON Lines / NDJSON (one object per line): its first line is a
/// whole object and something follows it. Decided on the text's beginning as far as its first
/// line break and the next character that is not white space.
pub fn json_lines_head(text: &str) -> bool {
    let Some(first_end) = text.find('\n') else {
        return false;
    };
    let first = text[..first_end].trim();
    if !(first.starts_with('{') && first.ends_with('}')) {
        return false;
    }
    // Only if the first line is a complete value and something follows it.
    serde_json::from_str::<&RawValue>(first).is_ok() && !text[first_end..].trim().is_empty()
}

/// Whether a text's beginning is enough for [`json_lines_head`] to decide as on the whole.
fn json_lines_decided(head: &str) -> bool {
    head.find('\n')
        .is_some_and(|i| !head[i..].trim().is_empty())
}

/// JSON Lines / NDJSON (one object per line): the values, if the text is a sequence of at
/// least two top-level objects.
fn json_lines(text: &str) -> Option<Vec<&RawValue>> {
    if !json_lines_head(text) {
        return None;
    }
    serde_json::Deserializer::from_str(text)
        .into_iter::<&RawValue>()
        .collect::<Result<Vec<_>, _>>()
        .ok()
}

/// Reads a JSON / GeoJSON resource (already decoded) into `builder`.
pub fn read(text: &str, builder: &mut Builder<'_>) -> Result<(), NormalizeError> {
    let trimmed = text.trim_start();
    let elements: Vec<&RawValue> = if trimmed.starts_with('[') {
        serde_json::from_str(text).map_err(|e| syntax(&e))?
    } else if let Some(lines) = json_lines(text) {
        lines
    } else {
        let map: RawMap<'_> = serde_json::from_str(text).map_err(|e| syntax(&e))?;
        let kind = map
            .get("type")
            .and_then(|t| serde_json::from_str::<String>(t.get()).ok());
        if let Some(crs) = map.get("crs").and_then(|raw| geojson_crs(raw)) {
            builder.declared_crs = Some(crs);
        }
        match kind.as_deref() {
            Some("Feature") => {
                vec![serde_json::from_str::<&RawValue>(text).map_err(|e| syntax(&e))?]
            }
            Some("FeatureCollection") => match map.get("features") {
                Some(raw) => serde_json::from_str(raw.get()).map_err(|e| syntax(&e))?,
                None => {
                    return Err(NormalizeError::NoRecords {
                        detail: "GeoJSON FeatureCollection without a \"features\" array".into(),
                        unmapped: None,
                    });
                }
            },
            _ => match find_records(&map, 0)? {
                Some(items) => items,
                None if map
                    .keys()
                    .any(|k| classify(k).is_some_and(|c| c.field == Field::Name)) =>
                {
                    // One record on its own.
                    vec![serde_json::from_str::<&RawValue>(text).map_err(|e| syntax(&e))?]
                }
                None => {
                    return Err(NormalizeError::NoRecords {
                        detail: format!(
                            "JSON object with no array of records (keys: {})",
                            map.keys().take(10).cloned().collect::<Vec<_>>().join(", ")
                        ),
                        unmapped: None,
                    });
                }
            },
        }
    };
    tracing::debug!(elements = elements.len(), "JSON records found");
    builder.reserve(elements.len());
    let mut rows = Rows::default();
    rows.walker.guess_name(&elements);
    for raw in &elements {
        rows.element(raw, builder);
    }
    rows.finish(builder);
    Ok(())
}

/// Maps the elements one by one, in order.
#[derive(Default)]
struct Rows {
    walker: Walker,
    row_no: u64,
}

impl Rows {
    fn element(&mut self, raw: &RawValue, builder: &mut Builder<'_>) {
        self.row_no += 1;
        let row_no = self.row_no;
        let value: JVal<'_> = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                builder.quarantine(
                    row_no,
                    QuarantineReason::Malformed {
                        detail: format!("element {row_no}: {e}"),
                    },
                );
                return;
            }
        };
        let Some(obj) = value.as_object() else {
            builder.quarantine(
                row_no,
                QuarantineReason::Malformed {
                    detail: format!("element {row_no} is {}, not an object", value.kind()),
                },
            );
            return;
        };
        let mut row = RawRow::default();
        self.walker.walk(obj, None, 0, 0, &mut row);
        builder.push(row_no, &row, || raw.get().to_string());
    }

    fn finish(&self, builder: &mut Builder<'_>) {
        for (key, column) in &self.walker.seen {
            builder.report.column(key, column.map(|c| c.field));
        }
    }
}

/// How far a JSON Lines file's first line is looked for before it is read whole instead.
const MAX_FIRST_LINE: usize = 1 << 20;

/// Why a JSON resource read as a stream has to be read whole to know what it holds: a
/// syntax error, a single record or feature, no array of records, JSON Lines with a very long
/// first line, … — every case that is not rows streaming by; the whole read says exactly what
/// it always said.
#[derive(Debug)]
pub struct ReadWhole;

/// Reads a JSON / GeoJSON resource as a stream into `builder`, as [`read`] reads it whole:
/// `text` is its text (its head holds at least what [`detect_format`](super::detect_format)
/// looked at) and `reopen` reads it again from its start (the shape of an object is found by a
/// first pass). [`ReadWhole`] when it is not an array of records streaming by.
pub fn read_stream(
    mut text: Text,
    reopen: &dyn Fn() -> std::io::Result<TextReader>,
    builder: &mut Builder<'_>,
) -> Result<Result<(), ReadWhole>, std::io::Error> {
    let array = text.head().trim_start().starts_with('[');
    let mut path: Vec<String> = Vec::new();
    let mut lines = false;
    if !array {
        // First pass: the shape of the top-level object (no record is kept).
        let mut de = serde_json::Deserializer::from_reader(BufReader::new(reopen()?));
        let Ok(top) = Skeleton::parse(&mut de, 0) else {
            return Ok(Err(ReadWhole));
        };
        if de.end().is_err() {
            // More than one value: JSON Lines, or broken.
            text.read_head_until(|h| json_lines_decided(h) || h.len() > MAX_FIRST_LINE)?;
            if !(json_lines_decided(text.head()) || text.is_whole())
                || !json_lines_head(text.head())
            {
                return Ok(Err(ReadWhole));
            }
            lines = true;
        } else {
            if let Some(crs) = top.crs.as_ref().and_then(geojson_crs_value) {
                builder.declared_crs = Some(crs);
            }
            let found = match top.kind.as_deref() {
                Some("Feature") => None,
                Some("FeatureCollection") => match top.entries.get("features") {
                    Some(Entry::Array { .. }) => Some(vec!["features".to_string()]),
                    _ => None,
                },
                _ => top.find_records(0),
            };
            match found {
                Some(p) if top.unique_along(&p) => path = p,
                _ => return Ok(Err(ReadWhole)),
            }
        }
    }
    let (head, rest) = text.into_parts();
    let reader = BufReader::new(std::io::Read::chain(std::io::Cursor::new(head), rest));
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut rows = Streamed {
        rows: Rows::default(),
        held: Some(Vec::new()),
        builder,
    };
    let read = if lines {
        let mut ok = true;
        for raw in de.into_iter::<Box<RawValue>>() {
            match raw {
                Ok(raw) => {
                    if !rows.push(raw) {
                        break;
                    }
                }
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        ok
    } else {
        let read = if array {
            Elements(&mut rows).deserialize(&mut de)
        } else {
            ToPath(&path, &mut rows).deserialize(&mut de)
        };
        match read {
            Ok(()) => de.end().is_ok(),
            Err(_) => rows.builder.stopped(),
        }
    };
    if !read {
        return Ok(Err(ReadWhole));
    }
    rows.finish();
    Ok(Ok(()))
}

/// Reads the `crs` member of an old-style GeoJSON (see [`geojson_crs`]).
fn geojson_crs_value(v: &Value) -> Option<Crs> {
    Crs::parse(v.get("properties")?.get("name")?.as_str()?)
}

/// Elements streaming by: the first [`SAMPLE_ROWS`] are held to guess the name's key, as the
/// whole read does, then each is mapped as it comes.
struct Streamed<'b, 'c> {
    rows: Rows,
    held: Option<Vec<Box<RawValue>>>,
    builder: &'b mut Builder<'c>,
}

impl Streamed<'_, '_> {
    /// Takes the next element; `false` when the builder's sink said stop.
    fn push(&mut self, raw: Box<RawValue>) -> bool {
        match self.held.as_mut() {
            Some(held) => {
                held.push(raw);
                if held.len() >= SAMPLE_ROWS {
                    self.release();
                }
            }
            None => self.rows.element(&raw, self.builder),
        }
        !self.builder.stopped()
    }

    fn release(&mut self) {
        let Some(held) = self.held.take() else { return };
        let sample: Vec<&RawValue> = held.iter().map(|b| &**b).collect();
        self.rows.walker.guess_name(&sample);
        for raw in sample {
            self.rows.element(raw, self.builder);
        }
    }

    fn finish(mut self) {
        self.release();
        self.rows.finish(self.builder);
    }
}

/// The elements of an array, one at a time.
struct Elements<'s, 'b, 'c>(&'s mut Streamed<'b, 'c>);

impl<'de> DeserializeSeed<'de> for Elements<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if !self.0.push(raw) {
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// The array at a path of keys, the other members skipped.
struct ToPath<'p, 's, 'b, 'c>(&'p [String], &'s mut Streamed<'b, 'c>);

impl<'de> DeserializeSeed<'de> for ToPath<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ToPath<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ToPath(path, rows) = self;
        while let Some(key) = map.next_key::<String>()? {
            match path.split_first() {
                Some((first, [])) if *first == key => map.next_value_seed(Elements(rows))?,
                Some((first, inner)) if *first == key => {
                    map.next_value_seed(ToPath(inner, rows))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// What the first pass keeps of an object: what [`read`] looks at to find the records.
#[derive(Default)]
struct Skeleton {
    /// Its members (the last of a repeated key, as a map keeps it).
    entries: BTreeMap<String, Entry>,
    /// Keys met more than once.
    repeated: Vec<String>,
    /// At the top: `type`, when a string, and `crs`.
    kind: Option<String>,
    crs: Option<Value>,
}

enum Entry {
    /// An array: its length, and whether its first element is an object.
    Array {
        len: usize,
        first_object: bool,
    },
    /// An object; what it holds when it may wrap the records.
    Object(Option<Box<Skeleton>>),
    Other,
}

impl Skeleton {
    fn parse<'de, D: Deserializer<'de>>(d: D, depth: u8) -> Result<Skeleton, D::Error> {
        d.deserialize_map(SkeletonSeed(depth))
    }

    /// [`find_records`] on the shape: the keys down to the array of records.
    fn find_records(&self, depth: u8) -> Option<Vec<String>> {
        for key in WRAPPER_KEYS {
            match self.entries.get(*key) {
                Some(Entry::Array { .. }) => return Some(vec![(*key).to_string()]),
                Some(Entry::Object(Some(inner))) if depth < 3 => {
                    if let Some(mut found) = inner.find_records(depth + 1) {
                        found.insert(0, (*key).to_string());
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        // Otherwise the largest array of objects.
        let mut best: Option<(&String, usize)> = None;
        for (key, entry) in &self.entries {
            if let Entry::Array {
                len,
                first_object: true,
            } = entry
                && best.is_none_or(|b| *len > b.1)
            {
                best = Some((key, *len));
            }
        }
        best.map(|(key, _)| vec![key.clone()])
    }

    /// Whether no key of `path` is repeated in its object.
    fn unique_along(&self, path: &[String]) -> bool {
        let Some((first, inner)) = path.split_first() else {
            return true;
        };
        if self.repeated.contains(first) {
            return false;
        }
        match self.entries.get(first) {
            Some(Entry::Object(Some(o))) => o.unique_along(inner),
            _ => inner.is_empty(),
        }
    }
}

struct SkeletonSeed(u8);

impl<'de> DeserializeSeed<'de> for SkeletonSeed {
    type Value = Skeleton;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Skeleton, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SkeletonSeed {
    type Value = Skeleton;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skeleton, A::Error> {
        let depth = self.0;
        let mut out = Skeleton::default();
        while let Some(key) = map.next_key::<String>()? {
            let entry = if depth == 0 && (key == "crs" || key == "type") {
                let v: Value = map.next_value()?;
                let entry = match &v {
                    Value::Array(items) => Entry::Array {
                        len: items.len(),
                        first_object: items.first().is_some_and(Value::is_object),
                    },
                    Value::Object(_) => Entry::Object(None),
                    _ => Entry::Other,
                };
                if key == "crs" {
                    out.crs = Some(v);
                } else {
                    out.kind = v.as_str().map(str::to_string);
                }
                entry
            } else {
                let wraps = depth < 3 && WRAPPER_KEYS.contains(&key.as_str());
                map.next_value_seed(EntrySeed { depth, wraps })?
            };
            if out.entries.insert(key.clone(), entry).is_some() {
                out.repeated.push(key);
            }
        }
        Ok(out)
    }
}

struct EntrySeed {
    depth: u8,
    wraps: bool,
}

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Entry, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = Entry;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
        let Some(first_object) = seq.next_element_seed(IsObject)? else {
            return Ok(Entry::Array {
                len: 0,
                first_object: false,
            });
        };
        let mut len = 1;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            len += 1;
        }
        Ok(Entry::Array { len, first_object })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
        if self.wraps {
            let inner = SkeletonSeed(self.depth + 1).visit_map(map)?;
            return Ok(Entry::Object(Some(Box::new(inner))));
        }
        IgnoredAny.visit_map(map)?;
        Ok(Entry::Object(None))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Entry, E> {
        Ok(Entry::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Entry, E> {
        Ok(Entry::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Entry, E> {
        Ok(Entry::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Entry, E> {
        Ok(Entry::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Entry, E> {
        Ok(Entry::Other)
    }
    fn visit_unit<E>(self) -> Result<Entry, E> {
        Ok(Entry::Other)
    }
}

/// Whether a value is an object (skipping it).
struct IsObject;

impl<'de> DeserializeSeed<'de> for IsObject {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IsObject {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        IgnoredAny.visit_map(map)?;
        Ok(true)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Walks records, caching key classification across elements.
#[derive(Default)]
struct Walker {
    cache: HashMap<String, Option<Column>>,
    /// The keys met, in order, with what they were read as (for messages).
    seen: Vec<(String, Option<Column>)>,
    /// While sampling: the values of unrecognised keys, to find the name's key.
    guess: Option<NameGuess>,
}

impl Walker {
    fn column(&mut self, key: &str) -> Option<Column> {
        if let Some(c) = self.cache.get(key) {
            return *c;
        }
        let c = classify(key);
        self.cache.insert(key.to_string(), c);
        self.seen.push((key.to_string(), c));
        c
    }

    /// Walks a sample of the elements and, when recognised keys leave most of them nameless,
    /// reads the name from the most name-like unrecognised key (see [`NameGuess`]).
    fn guess_name(&mut self, elements: &[&RawValue]) {
        self.guess = Some(NameGuess::default());
        for raw in elements.iter().take(SAMPLE_ROWS) {
            let Ok(value) = serde_json::from_str::<JVal<'_>>(raw.get()) else {
                continue;
            };
            let Some(obj) = value.as_object() else {
                continue;
            };
            let mut row = RawRow::default();
            self.walk(obj, None, 0, 0, &mut row);
            if let Some(g) = self.guess.as_mut() {
                g.end_row(row.has_name());
            }
        }
        let Some(guess) = self.guess.take() else {
            return;
        };
        if let Some(key) = guess.pick() {
            tracing::info!(key, "JSON: name read from the most name-like key");
            let column = Some(Column {
                field: Field::Name,
                prio: 9,
                crs: None,
            });
            self.cache.insert(key.to_string(), column);
            if let Some(seen) = self.seen.iter_mut().find(|(k, _)| k == key) {
                seen.1 = column;
            }
        }
    }

    fn walk<'a>(
        &mut self,
        obj: &'a Members<'a>,
        parent: Option<Column>,
        depth: u8,
        penalty: u8,
        row: &mut RawRow<'a>,
    ) {
        if looks_like_geometry(obj) {
            if let Some((x, y)) = representative_point_of(obj) {
                row.offer_point(x, y);
            }
            return;
        }
        if get(obj, "type").and_then(JVal::as_str) == Some("Feature") {
            match get(obj, "id") {
                Some(JVal::Str(s)) => row.offer(Field::Id, 0, Val::S(s), None),
                Some(JVal::Num(n)) => row.offer(Field::Id, 0, Val::N(*n), None),
                _ => {}
            }
            if let Some(JVal::Obj(props)) = get(obj, "properties") {
                self.walk(props, None, depth, penalty, row);
            }
            if let Some(Some((x, y))) = get(obj, "geometry").map(representative_point) {
                row.offer_point(x, y);
            }
            if get(obj, "geometry").is_some() && !self.cache.contains_key("geometry") {
                self.cache.insert("geometry".into(), None);
                self.seen.push((
                    "geometry".into(),
                    Some(Column {
                        field: Field::Geometry,
                        prio: 0,
                        crs: None,
                    }),
                ));
            }
            return;
        }
        for (key, value) in obj {
            let key: &str = key;
            let own = self.column(key);
            // Under a recognised key, generic keys and language codes take its meaning.
            let inherited = parent.and_then(|p| {
                if GENERIC_KEYS.contains(&key) {
                    return Some(Column {
                        prio: p.prio + 1,
                        ..p
                    });
                }
                let lang = lang_code(key)?;
                match p.field {
                    Field::Description(_) => Some(Column {
                        field: Field::Description(lang),
                        ..p
                    }),
                    Field::Name => Some(Column {
                        prio: p.prio + if lang == "it" { 0 } else { 1 },
                        ..p
                    }),
                    _ => None,
                }
            });
            let col = inherited.or(own);
            match value {
                JVal::Str(s) => match col {
                    Some(c) => {
                        row.offer(c.field, c.prio.saturating_add(penalty), Val::S(s), c.crs);
                    }
                    // `"position": "43.1, 13.5"`: a point written under a key that may also
                    // hold an address, read only when it is one.
                    None if is_position_key(key) && parse_point_text(s).is_some() => {
                        row.offer(Field::Geometry, penalty.saturating_add(2), Val::S(s), None);
                    }
                    None if penalty == 0 => {
                        if let Some(g) = self.guess.as_mut() {
                            g.observe(key, s);
                        }
                    }
                    None => {}
                },
                JVal::Num(n) => {
                    if let Some(c) = col {
                        row.offer(c.field, c.prio.saturating_add(penalty), Val::N(*n), c.crs);
                    }
                }
                JVal::Obj(inner) => {
                    if depth < MAX_DEPTH {
                        // Inside a recognised key values keep their rank; inside anything else
                        // (wrappers, unrelated objects) they lose to shallower ones.
                        let penalty = if col.is_some() {
                            penalty
                        } else {
                            penalty.saturating_add(10)
                        };
                        self.walk(inner, col, depth + 1, penalty, row);
                    }
                }
                JVal::Arr(items) => self.walk_array(key, col, items, penalty, row),
                JVal::Null | JVal::Bool(_) => {}
            }
        }
    }

    fn walk_array<'a>(
        &mut self,
        key: &str,
        col: Option<Column>,
        items: &'a [JVal<'a>],
        penalty: u8,
        row: &mut RawRow<'a>,
    ) {
        let is_geometry = col.is_some_and(|c| c.field == Field::Geometry) || is_position_key(key);
        if is_geometry && let Some((a, b)) = position_of(items) {
            // GeoJSON order (x, y) unless the key says latitude first; a pair in the other
            // order is swapped back by Italy's bounds.
            if key.to_ascii_lowercase().starts_with("lat") {
                row.offer_point(b, a);
            } else {
                row.offer_point(a, b);
            }
            return;
        }
        let Some(c) = col else { return };
        match c.field {
            Field::Category | Field::Phone | Field::Email | Field::Website | Field::Name => {
                for item in items.iter().take(4) {
                    if let JVal::Str(s) = item {
                        row.offer(c.field, c.prio.saturating_add(penalty), Val::S(s), None);
                    }
                }
            }
            Field::Description(_) => {
                // [{"lang": "en", "value": "…"}] or ["…"]
                for item in items {
                    match item {
                        JVal::Str(s) => {
                            row.offer(c.field, c.prio.saturating_add(penalty), Val::S(s), None);
                        }
                        JVal::Obj(o) => {
                            let lang = ["lang", "language", "lingua", "@language"]
                                .iter()
                                .find_map(|k| get(o, k).and_then(JVal::as_str))
                                .and_then(|l| lang_code(&l.to_ascii_lowercase()));
                            let text = ["value", "text", "@value", "testo", "valore"]
                                .iter()
                                .find_map(|k| get(o, k).and_then(JVal::as_str));
                            if let (Some(lang), Some(text)) = (lang, text) {
                                row.offer(Field::Description(lang), c.prio, Val::S(text), None);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::normalize::ResourceContext;
    use crate::opendata::{Category, Poi};

    fn run(text: &str) -> crate::opendata::normalize::Normalized {
        let ctx = ResourceContext::default();
        let mut b = Builder::new(&ctx);
        read(text, &mut b).unwrap_or_else(|e| panic!("{e}"));
        b.finish()
    }

    fn only(out: &crate::opendata::normalize::Normalized) -> &Poi {
        assert_eq!(out.pois.len(), 1, "{:?}", out.quarantine);
        &out.pois[0]
    }

    #[test]
    fn nested_objects() {
        let out = run(r#"[{"node": {"title": {"it": "Duomo", "en": "Cathedral"},
                "geo": {"latitude": "43,1605", "longitude": 13.7181},
                "address": {"streetAddress": "Piazza del Popolo", "addressLocality": "Fermo"},
                "category": {"name": "Chiesa"},
                "description": {"it": "Bella", "en": "Nice"},
                "organization": {"name": "Not the name"}}}]"#);
        let p = only(&out);
        assert_eq!(p.name, "Duomo");
        assert_eq!((p.lat, p.lon), (43.1605, 13.7181));
        assert_eq!(p.address.as_deref(), Some("Piazza del Popolo"));
        assert_eq!(p.comune.as_deref(), Some("Fermo"));
        assert_eq!(p.category, Category::Church);
        assert_eq!(p.descriptions.get("en").map(String::as_str), Some("Nice"));
        assert_eq!(p.descriptions.get("it").map(String::as_str), Some("Bella"));
    }

    #[test]
    fn coordinates_arrays_and_wkt() {
        let out = run(r#"{"data": [
            {"nome": "A", "location": {"lat": 42.8536, "lon": 13.5749}},
            {"nome": "B", "coordinates": [13.5749, 42.8536]},
            {"nome": "C", "wkt": "POINT(13.5749 42.8536)"},
            {"nome": "D", "geometry": {"type": "Point", "coordinates": [13.5749, 42.8536]}},
            "not an object"
        ]}"#);
        assert_eq!(out.pois.len(), 4, "{:?}", out.quarantine);
        for p in &out.pois {
            assert_eq!((p.lat, p.lon), (42.8536, 13.5749), "{}", p.name);
        }
        assert_eq!(out.quarantine[0].row, 5);
        assert!(matches!(
            out.quarantine[0].reason,
            QuarantineReason::Malformed { .. }
        ));
    }

    #[test]
    fn wrappers_found() {
        for text in [
            r#"{"result": {"count": 1, "results": [{"name": "X", "lat": 43.1, "lon": 13.1}]}}"#,
            r#"{"meta": {}, "luoghi": [{"name": "X", "lat": 43.1, "lon": 13.1}]}"#,
            r#"{"name": "X", "lat": 43.1, "lon": 13.1}"#,
            r#"{"type": "Feature", "properties": {"name": "X"}, "geometry": {"type": "Point", "coordinates": [13.1, 43.1]}}"#,
        ] {
            let out = run(text);
            assert_eq!(only(&out).name, "X", "{text}");
        }
    }

    #[test]
    fn json_lines() {
        let out = run("{\"name\": \"A\", \"lat\": 43.1, \"lon\": 13.1}\n{\"name\": \"B\"}\n");
        assert_eq!((out.rows, out.pois.len()), (2, 1));
        assert_eq!(out.quarantine[0].row, 2);
    }

    #[test]
    fn geojson_crs_member() {
        let out = run(r#"{"type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}},
            "features": [{"type": "Feature", "id": 7, "properties": {"nome": "Fermo"},
                "geometry": {"type": "Point", "coordinates": [395786.24, 4779435.83]}}]}"#);
        let p = only(&out);
        assert!(
            (p.lat - 43.1605).abs() < 1e-4 && (p.lon - 13.7181).abs() < 1e-4,
            "{p:?}"
        );
    }

    #[test]
    fn errors_carry_position() {
        let ctx = ResourceContext::default();
        let mut b = Builder::new(&ctx);
        let err = read("{\n  \"data\": [1,,]\n}", &mut b);
        assert!(
            matches!(&err, Err(NormalizeError::Syntax { detail, .. }) if detail.contains("line 2")),
            "{err:?}"
        );
        let err = read(r#"{"help": "x", "success": true}"#, &mut b);
        assert!(
            matches!(err, Err(NormalizeError::NoRecords { .. })),
            "{err:?}"
        );
    }
}
