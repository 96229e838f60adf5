//! The frames other projects' test suites assert, from `$CAMPANILE_REAL_DATA/beacons/vectors.jsonl`
//! (see shared/realdata/README.md). Each line says what its source expects: decoded values,
//! `expected.accepted` (the source only asserts that it parses), an error (`kind: malformed`),
//! or `lenient_only` (the source library accepts bytes that a strict parser rejects). Ours reads
//! a `lenient_only` frame whose identity is complete as its source does, except that a field the
//! frame lacks is absent rather than the source's zero; one without an identity it refuses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::beacons::frames::{self, Frame, FrameError, Payload};
use serde_json::{Value, json};

/// The vectors, which `test` reads; `None` when the test is skipped, saying so (it fails instead
/// when `CI` is set).
#[track_caller]
fn vectors(test: &str) -> Option<Vec<Value>> {
    let test = format!("{}/{}::{test}", env!("CARGO_PKG_NAME"), module_path!());
    let root = campanile_testkit::realdata::dir(&test, &["beacons/vectors.jsonl"])?;
    let path = root.join("beacons/vectors.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "CAMPANILE_REAL_DATA is set but {} is unreadable: {e}",
            path.display()
        )
    });
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    )
}

/// Decodes one vector's bytes as its `input_kind` says; the result as JSON with the field names
/// the sources use added as aliases.
fn decode(v: &Value) -> Result<Value, FrameError> {
    let bytes = hex::decode(v["hex"].as_str().unwrap()).unwrap();
    let frame = match v["input_kind"].as_str().unwrap() {
        "url_encoded" => return frames::decode_url(&bytes).map(|url| json!({ "url": url })),
        "adv" => frames::parse_advertisement(&bytes)?,
        "manufacturer_data" => frames::parse(Payload::ManufacturerData {
            company_id: v["company_id"].as_u64().unwrap() as u16,
            data: &bytes,
        })?,
        "service_data_feaa" => frames::parse(Payload::ServiceData {
            uuid: 0xFEAA,
            data: &bytes,
        })?,
        other => panic!("unknown input_kind {other}"),
    };
    let mut j = frame.to_json();
    let o = j.as_object_mut().unwrap();
    match frame {
        Frame::IBeacon(b) => {
            o.insert("tx_power".into(), b.measured_power.into());
            o.insert("reference_rssi".into(), b.measured_power.into());
        }
        Frame::AltBeacon(b) => {
            o.insert("uuid".into(), o["id1"].clone());
            o.insert("major".into(), b.id2().into());
            o.insert("minor".into(), b.id3().into());
            o.insert("tx_power".into(), b.reference_rssi.into());
            o.insert("data_field_count".into(), 1.into());
        }
        Frame::Eddystone(_) => {}
    }
    Ok(j)
}

fn same(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) => {
            (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9
        }
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        _ => expected == got,
    }
}

#[test]
fn beacons_real_vectors_decode_as_their_sources_assert() {
    let Some(vectors) = vectors("beacons_real_vectors_decode_as_their_sources_assert") else {
        return;
    };
    assert!(vectors.len() >= 50, "only {} vectors", vectors.len());
    let (mut decoded, mut rejected, mut lenient, mut lenient_read) = (0, 0, 0, 0);
    for v in &vectors {
        let id = v["id"].as_str().unwrap();
        let result = decode(v);
        let lenient_only = v["lenient_only"].as_bool().unwrap_or(false);
        let identity = ["ibeacon", "altbeacon", "eddystone-uid", "eddystone-eid"]
            .contains(&v["kind"].as_str().unwrap_or(""));
        if v["kind"] == "malformed" || (lenient_only && !identity) {
            let e = result
                .err()
                .unwrap_or_else(|| panic!("{id}: accepted, expected an error"));
            assert!(!e.to_string().is_empty());
            if lenient_only {
                lenient += 1;
            } else {
                rejected += 1;
            }
            continue;
        }
        let got = result.unwrap_or_else(|e| panic!("{id}: rejected: {e}"));
        let expected = v["expected"].as_object().unwrap();
        if expected.get("accepted") == Some(&Value::Bool(true)) {
            decoded += 1;
            continue;
        }
        if let Some(kind) = v["kind"].as_str().filter(|_| got.get("kind").is_some()) {
            assert_eq!(got["kind"], kind, "{id}");
        }
        for (field, want) in expected {
            let have = got
                .get(field)
                .unwrap_or_else(|| panic!("{id}: no field {field} in {got}"));
            if lenient_only && have.is_null() {
                // The frame lacks this field; the source reads it as zero padding.
                assert_eq!(want, &json!(0), "{id}: {field}");
                continue;
            }
            assert!(same(want, have), "{id}: {field} is {have}, expected {want}");
        }
        decoded += 1;
        if lenient_only {
            lenient_read += 1;
        }
    }
    println!(
        "{} vectors: {decoded} decoded as asserted ({lenient_read} of them lenient-only, identity complete), {rejected} malformed rejected, {lenient} lenient-only without an identity rejected",
        vectors.len()
    );
}
