//! Idempotent writes: the same write sent twice with one key is applied once and answered the
//! same; across a restart and across two hubs on one database; a key reused for another
//! write is refused; concurrent retries apply it once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn one_key_one_write(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let body = json!({"procedure": "SUAP-OSP", "applicant": CITIZEN, "subject": "Dehors",
        "comune": ASCOLI, "received": "2026-03-02"});
    let key = new_key();
    let first = hub
        .call(
            Method::POST,
            "/api/v1/practices",
            Some(&staff),
            Some(&key),
            Some(&body),
        )
        .await;
    assert_eq!(first.0, StatusCode::CREATED);
    let again = hub
        .call(
            Method::POST,
            "/api/v1/practices",
            Some(&staff),
            Some(&key),
            Some(&body),
        )
        .await;
    assert_eq!(again, first, "a retry is answered the same");
    let (_, mine) = hub.get("/api/v1/me/practices", Some(&citizen)).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "applied once");

    // An event, retried: one event, one change.
    let id = first.1["id"].as_str().unwrap();
    let events = format!("/api/v1/practices/{id}/events");
    let ev = json!({"kind": "integration_requested", "at": "2026-03-05"});
    let ekey = new_key();
    let a = hub
        .call(Method::POST, &events, Some(&staff), Some(&ekey), Some(&ev))
        .await;
    assert_eq!(a.0, StatusCode::CREATED);
    let replay = hub
        .client
        .post(format!("{}{events}", hub.base))
        .bearer_auth(&staff)
        .header("Idempotency-Key", &ekey)
        .json(&ev)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<serde_json::Value>().await.unwrap(), a.1);
    let (_, p) = hub
        .get(&format!("/api/v1/practices/{id}"), Some(&staff))
        .await;
    assert_eq!(p["events"].as_array().unwrap().len(), 3);
    let (_, feed) = hub.get("/api/v1/me/changes", Some(&citizen)).await;
    assert_eq!(feed["changes"].as_array().unwrap().len(), 3);

    // Retried, an event the practice would still take (a note) is answered as it was the first
    // time, not added again.
    let note = json!({"kind": "note", "note": "visto", "at": "2026-03-05"});
    let nkey = new_key();
    let n = hub
        .call(
            Method::POST,
            &events,
            Some(&staff),
            Some(&nkey),
            Some(&note),
        )
        .await;
    assert_eq!(n.0, StatusCode::CREATED);
    for _ in 0..2 {
        let replay = hub
            .client
            .post(format!("{}{events}", hub.base))
            .bearer_auth(&staff)
            .header("Idempotency-Key", &nkey)
            .json(&note)
            .send()
            .await
            .unwrap();
        assert_eq!(replay.status(), StatusCode::CREATED);
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
        assert_eq!(replay.json::<serde_json::Value>().await.unwrap(), n.1);
    }
    let (_, p) = hub
        .get(&format!("/api/v1/practices/{id}"), Some(&staff))
        .await;
    assert_eq!(p["events"].as_array().unwrap().len(), 4);
    let (_, feed) = hub.get("/api/v1/me/changes", Some(&citizen)).await;
    assert_eq!(feed["changes"].as_array().unwrap().len(), 4);

    // The same key for another write is refused, and applies nothing.
    let other = json!({"kind": "note", "note": "diverso", "at": "2026-03-06"});
    let (s, v) = hub
        .call(
            Method::POST,
            &events,
            Some(&staff),
            Some(&ekey),
            Some(&other),
        )
        .await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("idempotency.key-reused")
        )
    );
    // Keys are the caller's own: another caller's same key is another write.
    let admin = hub.login(ADMIN, "admin", None).await;
    let (s, _) = hub
        .call(
            Method::POST,
            &events,
            Some(&admin),
            Some(&ekey),
            Some(&other),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);

    // A refused write stores nothing: once the state allows it, the same key applies it.
    let outcome = json!({"kind": "ended_by_positive_outcome", "at": "2026-03-20"});
    let okey = new_key();
    let (s, _) = hub
        .call(
            Method::POST,
            &events,
            Some(&staff),
            Some(&okey),
            Some(&outcome),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = hub
        .post(
            &events,
            Some(&staff),
            &json!({"kind": "integrated", "at": "2026-03-10"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = hub
        .call(
            Method::POST,
            &events,
            Some(&staff),
            Some(&okey),
            Some(&outcome),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);

    // After a restart (another hub on the same database and key), the retry is answered the
    // same and applies nothing.
    hub.stop();
    let restarted = hub.sibling().await;
    let after = restarted
        .call(
            Method::POST,
            "/api/v1/practices",
            Some(&staff),
            Some(&key),
            Some(&body),
        )
        .await;
    assert_eq!(after, first);
    let (_, mine) = restarted.get("/api/v1/me/practices", Some(&citizen)).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
}
on_both!(one_key_one_write);

async fn concurrent_retries_on_two_hubs(b: &Backend) {
    let one = Hub::start(b, true).await;
    let two = one.sibling().await;
    let staff = one.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let citizen = one.login(CITIZEN, "citizen", None).await;
    let mut keys = Vec::new();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let key = new_key();
        keys.push(key.clone());
        let body = json!({"procedure": "ANA-RES", "applicant": CITIZEN,
            "subject": format!("Residenza {i}"), "comune": FERMO});
        // Each write sent four times at once, two to each hub.
        for hub in [&one, &two, &one, &two] {
            let (client, url, staff, key, body) = (
                hub.client.clone(),
                format!("{}/api/v1/practices", hub.base),
                staff.clone(),
                key.clone(),
                body.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let res = client
                    .post(url)
                    .bearer_auth(staff)
                    .header("Idempotency-Key", key.clone())
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                (key, status, res.json::<serde_json::Value>().await.unwrap())
            }));
        }
    }
    let mut answers: std::collections::HashMap<String, serde_json::Value> = Default::default();
    for t in tasks {
        let (key, status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let first = answers.entry(key).or_insert_with(|| body.clone());
        assert_eq!(*first, body, "every retry answered the same");
    }
    assert_eq!(answers.len(), 8);
    let (_, mine) = two.get("/api/v1/me/practices", Some(&citizen)).await;
    assert_eq!(mine.as_array().unwrap().len(), 8, "each write applied once");
    // The feed reads the same on both hubs, in one order.
    let (_, a) = one
        .get("/api/v1/me/changes?limit=1000", Some(&citizen))
        .await;
    let (_, b) = two
        .get("/api/v1/me/changes?limit=1000", Some(&citizen))
        .await;
    assert_eq!(a, b);
    assert_eq!(a["changes"].as_array().unwrap().len(), 8);
}
on_both!(concurrent_retries_on_two_hubs);
