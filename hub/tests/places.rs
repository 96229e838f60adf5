//! Places and the beacon registry over HTTP: the bundled sample loaded on first start (once),
//! curation with every role's answer asserted, the apps' incremental sync with a deletion and
//! the ETag/304, and the DCAT-AP_IT catalogue read back by the core's own DCAT reader.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use campanile_core::opendata::Poi;
use campanile_core::opendata::harvest::{DcatFormat, read_dcat};
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn places(istat: &str) -> String {
    format!("/api/v1/comuni/{istat}/places")
}

fn beacons(istat: &str) -> String {
    format!("/api/v1/comuni/{istat}/beacons")
}

fn museum(name: &str) -> Value {
    json!({"name": name, "category": "museum", "lat": 42.8541, "lon": 13.5763,
        "address": "Piazza Arringo", "descriptions": {"it": "Quadri e ceramiche", "en": "Paintings"},
        "opening_hours": "Tu-Su 10:00-19:00", "phone": "+39 0736 298213",
        "email": "musei@comune.ascoli-piceno.it", "website": "https://www.ascolimusei.it/",
        "accessibility": "Ascensore", "source": "Comune di Ascoli Piceno", "licence": "CC-BY-4.0"})
}

/// A GET with its ETag: (status, ETag, body text).
async fn get_tagged(
    hub: &Hub,
    path: &str,
    if_none_match: Option<&str>,
) -> (StatusCode, String, String) {
    let mut req = hub.client.get(format!("{}{path}", hub.base));
    if let Some(t) = if_none_match {
        req = req.header("If-None-Match", t);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let etag = res
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, etag, res.text().await.unwrap())
}

async fn sample_loaded_on_first_start(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let (_, comuni) = hub.get("/api/v1/comuni", None).await;
    let mut total = 0;
    for c in comuni.as_array().unwrap() {
        let istat = c["istat"].as_str().unwrap();
        let (s, doc) = hub.get(&places(istat), None).await;
        assert_eq!(s, StatusCode::OK, "{doc}");
        assert_eq!(doc["full"], true);
        let list = doc["places"].as_array().unwrap();
        assert!(!list.is_empty(), "{istat} has sample places");
        for p in list {
            // The apps' core reads every place as its own Poi.
            let poi: Poi = serde_json::from_value(p.clone()).unwrap();
            assert_eq!(poi.istat.as_deref(), Some(istat));
            assert_eq!(poi.comune.as_deref(), c["name"].as_str());
            assert_eq!(poi.dataset_id, format!("{istat}:places"));
        }
        total += list.len();
    }
    assert_eq!(total, 268, "every place of the bundled sample, once");
    let (_, ascoli) = hub.get(&places(ASCOLI), None).await;
    assert_eq!(ascoli["places"].as_array().unwrap().len(), 29);
    let piazza = ascoli["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Piazza del Popolo")
        .unwrap();
    assert_eq!(piazza["category"], "attraction");
    assert_eq!(
        piazza["descriptions"]["en"],
        "The town's drawing room, paved in travertine."
    );

    // A place deleted stays deleted across a restart: the sample loads once in a database's
    // life, and a second hub starting on it loads nothing twice.
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let id = piazza["id"].as_str().unwrap();
    let (s, _) = hub
        .call(
            Method::DELETE,
            &format!("{}/{id}", places(ASCOLI)),
            Some(&staff),
            Some(&new_key()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    hub.stop();
    let again = hub.sibling().await;
    let (_, ascoli) = again.get(&places(ASCOLI), None).await;
    assert_eq!(ascoli["places"].as_array().unwrap().len(), 28);
    let (_, fermo) = again.get(&places(FERMO), None).await;
    assert_eq!(fermo["places"].as_array().unwrap().len(), 20);
}
on_both!(sample_loaded_on_first_start);

async fn curation_by_role(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let fermo = hub.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let admin = hub.login(ADMIN, "admin", None).await;
    let denied = [
        (None, StatusCode::UNAUTHORIZED, "auth.missing-token"),
        (
            Some(citizen.as_str()),
            StatusCode::FORBIDDEN,
            "auth.forbidden",
        ),
        (
            Some(fermo.as_str()),
            StatusCode::FORBIDDEN,
            "auth.forbidden",
        ),
    ];

    // Create: denied to anonymous, citizens and another comune's staff; nothing applied.
    for (token, status, code) in &denied {
        let (s, v) = hub
            .post(&places(ASCOLI), *token, &museum("Pinacoteca"))
            .await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (*status, Some(*code)),
            "{v}"
        );
    }
    let key = new_key();
    let body = museum("Pinacoteca");
    let (s, created) = hub
        .call(
            Method::POST,
            &places(ASCOLI),
            Some(&staff),
            Some(&key),
            Some(&body),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    // A retry is answered the same and creates nothing more.
    let retry = hub
        .call(
            Method::POST,
            &places(ASCOLI),
            Some(&staff),
            Some(&key),
            Some(&body),
        )
        .await;
    assert_eq!(retry, (s, created.clone()));
    let (_, all) = hub.get(&places(ASCOLI), None).await;
    let named = |v: &Value, n: &str| {
        v["places"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == n)
            .count()
    };
    assert_eq!(named(&all, "Pinacoteca"), 1);
    assert_eq!(created["name"], "Pinacoteca");
    assert_eq!(created["attribution"], "Comune di Ascoli Piceno");
    assert_eq!(created["istat"], ASCOLI);
    let (s, by_admin) = hub
        .post(&places(ASCOLI), Some(&admin), &museum("Forte Malatesta"))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{by_admin}");
    let id = created["id"].as_str().unwrap();
    let one = format!("{}/{id}", places(ASCOLI));
    let (s, read) = hub.get(&one, None).await;
    assert_eq!((s, &read), (StatusCode::OK, &created), "public read");
    // The place is Ascoli's: not found under Fermo, even for Fermo's staff.
    let (s, v) = hub.get(&format!("{}/{id}", places(FERMO)), None).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("place.not-found"))
    );

    // Update.
    let renamed = museum("Pinacoteca civica");
    for (token, status, code) in &denied {
        let (s, v) = hub
            .call(Method::PUT, &one, *token, Some(&new_key()), Some(&renamed))
            .await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (*status, Some(*code)),
            "{v}"
        );
    }
    let (s, v) = hub
        .call(
            Method::PUT,
            &format!("{}/{id}", places(FERMO)),
            Some(&fermo),
            Some(&new_key()),
            Some(&renamed),
        )
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("place.not-found"))
    );
    let (s, updated) = hub
        .call(
            Method::PUT,
            &one,
            Some(&staff),
            Some(&new_key()),
            Some(&renamed),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["name"], "Pinacoteca civica");
    assert!(updated["version"].as_i64() > created["version"].as_i64());
    let (s, _) = hub
        .call(
            Method::PUT,
            &one,
            Some(&admin),
            Some(&new_key()),
            Some(&renamed),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // Validation: one error shape, a clear code and the field named.
    let mut bad_category = museum("X");
    bad_category["category"] = json!("castle");
    let mut bad_position = museum("X");
    bad_position["lat"] = json!(95.0);
    let mut bad_email = museum("X");
    bad_email["email"] = json!("not an address");
    let mut no_name = museum("X");
    no_name.as_object_mut().unwrap().remove("name");
    let mut extra = museum("X");
    extra["stars"] = json!(5);
    for (body, status, code, field) in [
        (
            bad_category,
            StatusCode::UNPROCESSABLE_ENTITY,
            "place.bad-category",
            "category",
        ),
        (
            bad_position,
            StatusCode::UNPROCESSABLE_ENTITY,
            "place.bad-position",
            "lat",
        ),
        (
            bad_email,
            StatusCode::UNPROCESSABLE_ENTITY,
            "place.bad-field",
            "email",
        ),
        (
            no_name,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid",
            "name",
        ),
        (
            extra,
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid",
            "stars",
        ),
    ] {
        let (s, v) = hub.post(&places(ASCOLI), Some(&staff), &body).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (status, Some(code)),
            "{v}"
        );
        assert!(
            v["error"]["message"].as_str().unwrap().contains(field),
            "{v}"
        );
    }
    let (s, v) = hub
        .call(
            Method::POST,
            &places(ASCOLI),
            Some(&staff),
            None,
            Some(&museum("X")),
        )
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency.key-required"))
    );
    let (s, v) = hub
        .post(&places("999999"), Some(&admin), &museum("X"))
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("comune.not-found"))
    );

    // Beacons: the same roles.
    let entry = json!({"place_id": id,
        "eddystone_uid": {"namespace": "00112233445566778899", "instance": "aabbccddeeff"},
        "ibeacon": {"uuid": "f7826da6-4fa2-4e98-8024-bc5b71e0893e", "major": 1, "minor": 7},
        "enter_m": 3, "exit_m": 6, "power_at_1m": -62});
    for (token, status, code) in &denied {
        let (s, v) = hub.post(&beacons(ASCOLI), *token, &entry).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (*status, Some(*code)),
            "{v}"
        );
    }
    let (s, beacon) = hub.post(&beacons(ASCOLI), Some(&staff), &entry).await;
    assert_eq!(s, StatusCode::CREATED, "{beacon}");
    assert_eq!(
        beacon["name"], "Pinacoteca civica",
        "the place's name by default"
    );
    assert_eq!(beacon["ibeacon"]["minor"], 7);
    // One beacon, one place: registering it again (anywhere) is a conflict.
    let (s, v) = hub.post(&beacons(ASCOLI), Some(&admin), &entry).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("beacon.taken"))
    );
    // Fermo's staff cannot hang a beacon in Fermo on Ascoli's place.
    let mut other = entry.clone();
    other["eddystone_uid"] = Value::Null;
    other["ibeacon"]["minor"] = json!(8);
    let (s, v) = hub.post(&beacons(FERMO), Some(&fermo), &other).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("beacon.unknown-place")
        )
    );
    let mut bad = other.clone();
    bad["enter_m"] = json!(8);
    let (s, v) = hub.post(&beacons(ASCOLI), Some(&staff), &bad).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("beacon.bad-field")),
        "{v}"
    );
    assert!(
        v["error"]["message"].as_str().unwrap().contains("exit_m"),
        "{v}"
    );
    bad["ibeacon"]["uuid"] = json!("f7826da6");
    let (s, v) = hub.post(&beacons(ASCOLI), Some(&staff), &bad).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("beacon.bad-id")),
        "{v}"
    );
    let bid = beacon["id"].as_str().unwrap();
    let beacon_one = format!("{}/{bid}", beacons(ASCOLI));
    let mut moved = entry.clone();
    moved["name"] = json!("Ingresso della Pinacoteca");
    for (token, status, code) in &denied {
        let (s, v) = hub
            .call(
                Method::PUT,
                &beacon_one,
                *token,
                Some(&new_key()),
                Some(&moved),
            )
            .await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (*status, Some(*code)),
            "{v}"
        );
    }
    let (s, v) = hub
        .call(
            Method::PUT,
            &beacon_one,
            Some(&staff),
            Some(&new_key()),
            Some(&moved),
        )
        .await;
    assert_eq!(
        (s, v["name"].as_str()),
        (StatusCode::OK, Some("Ingresso della Pinacoteca")),
        "{v}"
    );

    // A place with a beacon cannot go; the beacon first.
    let (s, v) = hub
        .call(Method::DELETE, &one, Some(&staff), Some(&new_key()), None)
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("place.has-beacons"))
    );
    for (token, status, code) in &denied {
        let (s, v) = hub
            .call(Method::DELETE, &beacon_one, *token, Some(&new_key()), None)
            .await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (*status, Some(*code)),
            "{v}"
        );
    }
    let (s, _) = hub
        .call(
            Method::DELETE,
            &beacon_one,
            Some(&staff),
            Some(&new_key()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    for (token, status, code) in &denied {
        let (s, v) = hub
            .call(Method::DELETE, &one, *token, Some(&new_key()), None)
            .await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (*status, Some(*code)),
            "{v}"
        );
    }
    let key = new_key();
    let first = hub
        .call(Method::DELETE, &one, Some(&staff), Some(&key), None)
        .await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    assert_eq!(first.1["deleted"], true);
    // A retry is answered the same; a new delete finds nothing.
    let retry = hub
        .call(Method::DELETE, &one, Some(&staff), Some(&key), None)
        .await;
    assert_eq!(retry, first);
    let (s, v) = hub
        .call(Method::DELETE, &one, Some(&staff), Some(&new_key()), None)
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("place.not-found"))
    );
    let (s, _) = hub.get(&one, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Freed, the beacon can be registered again, at the admin's place.
    let mut again = entry.clone();
    again["place_id"] = by_admin["id"].clone();
    let (s, v) = hub.post(&beacons(ASCOLI), Some(&admin), &again).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}
on_both!(curation_by_role);

async fn incremental_sync_with_deletion_and_etag(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let other = hub.sibling().await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;

    let (s, etag0, text) = get_tagged(&hub, &places(ASCOLI), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        etag0.starts_with('"') && etag0.ends_with('"'),
        "a strong ETag: {etag0}"
    );
    let full: Value = serde_json::from_str(&text).unwrap();
    let cursor0 = full["cursor"].as_str().unwrap().to_string();
    let sample = full["places"].as_array().unwrap().clone();
    // Unchanged: 304 with no body, on this hub and on another process on the same database.
    for h in [&hub, &other] {
        let (s, etag, body) = get_tagged(h, &places(ASCOLI), Some(&etag0)).await;
        assert_eq!(
            (s, etag.as_str(), body.as_str()),
            (StatusCode::NOT_MODIFIED, etag0.as_str(), "")
        );
    }
    let (s, _, _) = get_tagged(&hub, &places(ASCOLI), Some("\"stale\"")).await;
    assert_eq!(s, StatusCode::OK);

    // Changes: two new places, one sample place changed, one deleted.
    let (_, a) = hub
        .post(&places(ASCOLI), Some(&staff), &museum("Pinacoteca"))
        .await;
    let (_, b2) = hub
        .post(&places(ASCOLI), Some(&staff), &museum("Galleria d'arte"))
        .await;
    let changed = &sample[3];
    let mut body = museum(changed["name"].as_str().unwrap());
    body["category"] = changed["category"].clone();
    body["opening_hours"] = json!("Mo-Su 07:00-12:00");
    let (s, c) = hub
        .call(
            Method::PUT,
            &format!("{}/{}", places(ASCOLI), changed["id"].as_str().unwrap()),
            Some(&staff),
            Some(&new_key()),
            Some(&body),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let gone = sample[5]["id"].as_str().unwrap();
    let (s, _) = hub
        .call(
            Method::DELETE,
            &format!("{}/{gone}", places(ASCOLI)),
            Some(&staff),
            Some(&new_key()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Another comune's writes are not Ascoli's changes.
    let admin = hub.login(ADMIN, "admin", None).await;
    let (s, _) = hub
        .post(&places(FERMO), Some(&admin), &museum("Fuori"))
        .await;
    assert_eq!(s, StatusCode::CREATED);

    let since0 = format!("{}?since={cursor0}", places(ASCOLI));
    let (s, etag1, text) = get_tagged(&other, &since0, None).await;
    assert_eq!(s, StatusCode::OK);
    let delta: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(delta["full"], false);
    let names: Vec<&str> = delta["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            a["name"].as_str().unwrap(),
            b2["name"].as_str().unwrap(),
            c["name"].as_str().unwrap()
        ],
        "in write order"
    );
    assert_eq!(delta["places"][2]["opening_hours"], "Mo-Su 07:00-12:00");
    assert_eq!(delta["deleted"], json!([gone]));
    let cursor1 = delta["cursor"].as_str().unwrap().to_string();
    assert!(cursor1.parse::<i64>().unwrap() > cursor0.parse::<i64>().unwrap());
    let (s, _, _) = get_tagged(&hub, &since0, Some(&etag1)).await;
    assert_eq!(
        s,
        StatusCode::NOT_MODIFIED,
        "the same delta, the same ETag on either hub"
    );

    // Nothing after the new cursor; the full copy has changed.
    let (_, nothing) = hub
        .get(&format!("{}?since={cursor1}", places(ASCOLI)), None)
        .await;
    assert_eq!(
        (
            nothing["places"].clone(),
            nothing["deleted"].clone(),
            nothing["cursor"].clone()
        ),
        (json!([]), json!([]), json!(cursor1))
    );
    let (s, etag2, text) = get_tagged(&hub, &places(ASCOLI), Some(&etag0)).await;
    assert_eq!(s, StatusCode::OK);
    assert_ne!(etag2, etag0);
    let full2: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        full2["places"].as_array().unwrap().len(),
        sample.len() + 2 - 1
    );
    assert_eq!(full2["deleted"], json!([]));
    assert_eq!(full2["cursor"], json!(cursor1));
    let (s, v) = hub
        .get(&format!("{}?since=abc", places(ASCOLI)), None)
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("sync.bad-cursor"))
    );

    // The beacon registry syncs the same way, and reads as the core's registry file.
    let (s, etag_b0, text) = get_tagged(&hub, &beacons(ASCOLI), None).await;
    assert_eq!(s, StatusCode::OK);
    let b0: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b0["entries"], json!([]));
    let entry = json!({"place_id": a["id"], "name": "Pinacoteca, ingresso",
        "eddystone_uid": {"namespace": "00112233445566778899", "instance": "aabbccddeeff"},
        "ibeacon": {"uuid": "f7826da6-4fa2-4e98-8024-bc5b71e0893e", "major": 1, "minor": 1},
        "enter_m": 2.5, "exit_m": 5});
    let (s, e) = hub.post(&beacons(ASCOLI), Some(&staff), &entry).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let (s, _, _) = get_tagged(&hub, &beacons(ASCOLI), Some(&etag_b0)).await;
    assert_eq!(s, StatusCode::OK);
    let since_b = format!(
        "{}?since={}",
        beacons(ASCOLI),
        b0["cursor"].as_str().unwrap()
    );
    let (_, _, text) = get_tagged(&other, &since_b, None).await;
    let registry =
        campanile_core::beacons::registry::parse_json(&text, std::path::Path::new("hub")).unwrap();
    assert_eq!(registry.len(), 2, "one row per beacon id");
    assert_eq!(
        registry[0].beacon.to_string(),
        "eddystone-uid:00112233445566778899:aabbccddeeff"
    );
    assert_eq!(
        registry[1].beacon.to_string(),
        "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1"
    );
    assert!(
        registry
            .iter()
            .all(|r| r.poi_id == a["id"].as_str().unwrap() && r.enter_m == Some(2.5))
    );
    let (s, _) = hub
        .call(
            Method::DELETE,
            &format!("{}/{}", beacons(ASCOLI), e["id"].as_str().unwrap()),
            Some(&staff),
            Some(&new_key()),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, d) = other.get(&since_b, None).await;
    assert_eq!(
        (
            d["entries"].clone(),
            d["deleted"].clone(),
            d["beacons"].clone()
        ),
        (json!([]), json!([e["id"]]), json!([]))
    );
    let (s, etag_b, _) = get_tagged(&hub, &beacons(ASCOLI), None).await;
    let (s2, _, _) = get_tagged(&other, &beacons(ASCOLI), Some(&etag_b)).await;
    assert_eq!((s, s2), (StatusCode::OK, StatusCode::NOT_MODIFIED));
}
on_both!(incremental_sync_with_deletion_and_etag);

async fn dcat_catalogue_round_trip(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let (s, _) = hub
        .post(&places(ASCOLI), Some(&staff), &museum("Pinacoteca"))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    for (ext, format, mime) in [
        ("rdf", DcatFormat::RdfXml, "application/rdf+xml"),
        ("ttl", DcatFormat::Turtle, "text/turtle"),
    ] {
        let url = format!("{}/api/v1/comuni/{ASCOLI}/catalog.{ext}", hub.base);
        let res = hub.client.get(&url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let ct = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with(mime), "{ct}");
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        let bytes = res.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("dcatapit"), "{text}");
        let packages = read_dcat(&bytes, format, &url).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(packages.len(), 1, "{text}");
        let p = &packages[0];
        assert_eq!(p.id, format!("{ASCOLI}:places"));
        assert_eq!(p.title.as_deref(), Some("Luoghi di Ascoli Piceno"));
        assert!(
            p.notes.as_deref().unwrap().contains("30 luoghi"),
            "{:?}",
            p.notes
        );
        assert_eq!(p.organization.as_deref(), Some(ASCOLI));
        assert_eq!(
            p.organization_title.as_deref(),
            Some("Comune di Ascoli Piceno")
        );
        assert_eq!(
            p.license_url.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        assert_eq!(p.groups, ["EDUC", "REGI"]);
        assert!(p.tags.iter().any(|t| t == "museum"), "{:?}", p.tags);
        assert_eq!(p.resources.len(), 1);
        let r = &p.resources[0];
        assert_eq!(r.url, format!("{}/api/v1/comuni/{ASCOLI}/places", hub.base));
        assert_eq!(r.format.as_deref(), Some("JSON"));
        assert_eq!(r.mimetype.as_deref(), Some("application/json"));
        // The distribution is the places JSON itself.
        let doc: Value = hub
            .client
            .get(&r.url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(doc["places"].as_array().unwrap().len(), 30);
        let res = hub
            .client
            .get(&url)
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    }
    let (s, v) = hub.get("/api/v1/comuni/000000/catalog.ttl", None).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("comune.not-found"))
    );
}
on_both!(dcat_catalogue_round_trip);
