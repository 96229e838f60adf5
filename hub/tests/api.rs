//! The API over real HTTP on 127.0.0.1: health, the catalog, the OpenAPI document and the
//! docs page, the one error shape, a practice's life from the counter to the citizen, and the
//! changes feed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn service_routes(b: &Backend) {
    let hub = Hub::start(b, false).await;
    assert_eq!(
        hub.get("/health", None).await,
        (StatusCode::OK, json!({"status": "ok"}))
    );
    assert_eq!(
        hub.get("/ready", None).await,
        (StatusCode::OK, json!({"status": "ready"}))
    );

    let (s, comuni) = hub.get("/api/v1/comuni", None).await;
    assert_eq!(s, StatusCode::OK);
    let comuni = comuni.as_array().unwrap();
    assert_eq!(comuni.len(), 17);
    assert!(
        comuni
            .iter()
            .any(|c| c["istat"] == ASCOLI && c["name"] == "Ascoli Piceno")
    );
    let (s, procs) = hub.get("/api/v1/procedures", None).await;
    assert_eq!(s, StatusCode::OK);
    let osp = procs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "SUAP-OSP")
        .unwrap();
    assert_eq!(
        (osp["term_days"].as_u64(), osp["regime"].as_str()),
        (Some(45), Some("ordinary"))
    );

    let (s, doc) = hub.get("/openapi.json", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/comuni",
        "/api/v1/procedures",
        "/api/v1/dev/login",
        "/api/v1/practices",
        "/api/v1/practices/{id}",
        "/api/v1/practices/{id}/events",
        "/api/v1/me/practices",
        "/api/v1/me/changes",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} is not in the document"
        );
    }
    let page = hub
        .client
        .get(format!("{}/docs", hub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains("/openapi.json") && html.contains("src=\"/docs/docs.js\""));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "a remote resource in /docs"
    );
    let js = hub
        .client
        .get(format!("{}/docs/docs.js", hub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.text().await.unwrap().contains("fetch('/openapi.json')"));

    // Without --dev-login there is no login route.
    let (s, body) = hub
        .call(
            Method::POST,
            "/api/v1/dev/login",
            None,
            None,
            Some(&json!({"subject": CITIZEN, "role": "citizen"})),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not-found"))
    );
}
on_both!(service_routes);

async fn errors_have_one_shape(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let code = |v: &serde_json::Value| v["error"]["code"].as_str().unwrap().to_string();

    let (s, v) = hub.get("/api/v1/nothing-here", None).await;
    assert_eq!((s, code(&v).as_str()), (StatusCode::NOT_FOUND, "not-found"));
    let (s, v) = hub
        .call(Method::DELETE, "/api/v1/comuni", None, None, None)
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed")
    );
    // No Idempotency-Key on a write.
    let body = json!({"procedure": "SUAP-OSP", "applicant": CITIZEN, "subject": "Dehors", "comune": ASCOLI});
    let (s, v) = hub
        .call(
            Method::POST,
            "/api/v1/practices",
            Some(&staff),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::BAD_REQUEST, "idempotency.key-required")
    );
    // Malformed JSON, a wrong field, an unknown field, a body over the limit.
    let res = hub
        .client
        .post(format!("{}/api/v1/practices", hub.base))
        .bearer_auth(&staff)
        .header("Idempotency-Key", new_key())
        .header("Content-Type", "application/json")
        .body("{\"procedure\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_error_shape(&v);
    assert_eq!(code(&v), "request.malformed-json");
    let (s, v) = hub
        .post("/api/v1/practices", Some(&staff), &json!({"procedure": 3}))
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "request.invalid")
    );
    let mut extra = body.clone();
    extra["colour"] = json!("blue");
    let (s, v) = hub.post("/api/v1/practices", Some(&staff), &extra).await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "request.invalid")
    );
    let mut big = body.clone();
    big["subject"] = json!("x".repeat(20_000));
    let (s, v) = hub.post("/api/v1/practices", Some(&staff), &big).await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "request.too-large")
    );
    // Values the hub or the core refuse.
    for (field, value, want) in [
        ("procedure", json!("NOPE"), "procedure.unknown"),
        ("comune", json!("999999"), "comune.unknown"),
        ("comune", json!("44007"), "comune.bad-code"),
        ("applicant", json!("nobody"), "request.bad-fiscal-code"),
        ("received", json!("yesterday"), "request.bad-time"),
        ("subject", json!("   "), "practice.bad-field"),
    ] {
        let mut b = body.clone();
        b[field] = value;
        let (s, v) = hub.post("/api/v1/practices", Some(&staff), &b).await;
        assert_eq!(
            (s, code(&v).as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, want),
            "{field}"
        );
    }
    // Tokens: none, garbage, another hub's.
    let (s, v) = hub.get("/api/v1/me/practices", Some("not.a.token")).await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::UNAUTHORIZED, "auth.bad-token")
    );
    let other = Hub::start(&Backend::Sqlite, true).await;
    let foreign = other.login(CITIZEN, "citizen", None).await;
    let (s, v) = hub.get("/api/v1/me/practices", Some(&foreign)).await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::UNAUTHORIZED, "auth.bad-token")
    );
    // Dev login refuses what is not a person or a comune.
    for (body, want) in [
        (
            json!({"subject": "x", "role": "citizen"}),
            "request.bad-fiscal-code",
        ),
        (
            json!({"subject": CITIZEN, "role": "staff"}),
            "auth.comune-required",
        ),
        (
            json!({"subject": CITIZEN, "role": "staff", "comune": "123456"}),
            "comune.unknown",
        ),
        (
            json!({"subject": CITIZEN, "role": "mayor"}),
            "request.invalid",
        ),
    ] {
        let (s, v) = hub
            .call(Method::POST, "/api/v1/dev/login", None, None, Some(&body))
            .await;
        assert_eq!(
            (s, code(&v).as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, want),
            "{body}"
        );
    }
    // The feed's cursor and limit.
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let (s, v) = hub
        .get("/api/v1/me/changes?after=abc", Some(&citizen))
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::BAD_REQUEST, "feed.bad-cursor")
    );
    let (s, v) = hub.get("/api/v1/me/changes?limit=0", Some(&citizen)).await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::BAD_REQUEST, "feed.bad-limit")
    );
}
on_both!(errors_have_one_shape);

async fn a_practice_from_the_counter_to_the_citizen(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let code = |v: &serde_json::Value| v["error"]["code"].as_str().unwrap().to_string();

    let (s, p) = hub
        .post(
            "/api/v1/practices",
            Some(&staff),
            &json!({
                "procedure": "SUAP-OSP", "applicant": CITIZEN.to_lowercase(),
                "subject": "Dehors in piazza del Popolo", "comune": ASCOLI,
                "received": "2026-03-02T09:30:00+01:00", "note": "allo sportello"
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!(p["applicant"], CITIZEN);
    assert_eq!(p["state"], "presented");
    assert_eq!(
        (
            p["domain"].as_str(),
            p["regime"].as_str(),
            p["term_days"].as_u64()
        ),
        (Some("suap"), Some("ordinary"), Some(45))
    );
    assert_eq!(p["events"].as_array().unwrap().len(), 2);
    assert_eq!(p["events"][0]["note"], "allo sportello");
    // 45 days from 2 March 2026: 16 April.
    assert_eq!(p["clock"]["due"], "2026-04-16");

    let events = format!("/api/v1/practices/{id}/events");
    let (s, p) = hub
        .post(
            &events,
            Some(&staff),
            &json!({
            "kind": "integration_requested", "note": "manca la planimetria",
            "at": "2026-03-10T10:00:00+01:00"}),
        )
        .await;
    assert_eq!(
        (s, p["state"].as_str()),
        (StatusCode::CREATED, Some("integration_requested")),
        "{p}"
    );
    // The core's state machine: a second request, or an outcome now, is refused.
    let (s, v) = hub
        .post(
            &events,
            Some(&staff),
            &json!({"kind": "ended_by_positive_outcome", "at": "2026-03-11"}),
        )
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::CONFLICT, "practice.transition-refused")
    );
    // The citizen answers with the document.
    let (s, p) = hub
        .post(
            &events,
            Some(&citizen),
            &json!({
            "kind": "integrated", "attachments": ["planimetria.pdf"],
            "at": "2026-03-20T12:00:00+01:00"}),
        )
        .await;
    assert_eq!(
        (s, p["state"].as_str()),
        (StatusCode::CREATED, Some("integrated")),
        "{p}"
    );
    // ... but cannot decide it.
    let (s, v) = hub
        .post(
            &events,
            Some(&citizen),
            &json!({"kind": "ended_by_positive_outcome"}),
        )
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::FORBIDDEN, "auth.forbidden")
    );
    // Time only moves forward.
    let (s, v) = hub
        .post(
            &events,
            Some(&staff),
            &json!({"kind": "note", "at": "2026-03-01"}),
        )
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::CONFLICT, "practice.time-backwards")
    );
    let (s, v) = hub
        .post(&events, Some(&staff), &json!({"kind": "approve"}))
        .await;
    assert_eq!(
        (s, code(&v).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "practice.bad-kind")
    );
    let (s, p) = hub
        .post(
            &events,
            Some(&staff),
            &json!({"kind": "assigned", "note": "Ufficio commercio",
            "at": "2026-03-21"}),
        )
        .await;
    assert_eq!(
        (s, p["holder"].as_str()),
        (StatusCode::CREATED, Some("Ufficio commercio"))
    );
    // Suspended 10 March → 20 March: 10 days later, 26 April (a Sunday) → 27 April.
    assert_eq!(p["clock"]["due"], "2026-04-27", "{}", p["clock"]);
    let (s, p) = hub
        .post(
            &events,
            Some(&staff),
            &json!({"kind": "ended_by_positive_outcome",
            "note": "concessione n. 12", "at": "2026-04-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        p["clock"]["status"],
        json!({"status": "concluded", "on": "2026-04-01", "late": false})
    );

    // The citizen sees it, with the same clock, and their feed has every event in order.
    let (s, mine) = hub.get("/api/v1/me/practices", Some(&citizen)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], id.as_str());
    assert_eq!(mine[0]["clock"], p["clock"]);
    let (s, one) = hub
        .get(&format!("/api/v1/practices/{id}"), Some(&citizen))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(one["events"].as_array().unwrap().len(), 6);

    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (s, page) = hub
            .get(
                &format!("/api/v1/me/changes?after={cursor}&limit=2"),
                Some(&citizen),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{page}");
        for c in page["changes"].as_array().unwrap() {
            assert_eq!(
                (c["kind"].as_str(), c["subject_id"].as_str()),
                (Some("practice"), Some(id.as_str()))
            );
            seen.push(c["event"].as_str().unwrap().to_string());
        }
        cursor = page["cursor"].as_str().unwrap().to_string();
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(
        seen,
        [
            "started",
            "presented",
            "integration_requested",
            "integrated",
            "assigned",
            "ended_by_positive_outcome"
        ]
    );
    // The same cursor again: an empty page that keeps it.
    let (_, page) = hub
        .get(
            &format!("/api/v1/me/changes?after={cursor}"),
            Some(&citizen),
        )
        .await;
    assert_eq!(
        page,
        json!({"changes": [], "cursor": cursor, "more": false})
    );
    let (_, page) = hub.get("/api/v1/me/changes", Some(&citizen)).await;
    assert_eq!(
        page["changes"][3]["detail"]["attachments"],
        json!(["planimetria.pdf"])
    );
    assert_eq!(page["changes"][3]["detail"]["actor"], CITIZEN);
    // Someone else's feed is empty.
    let other = hub.login(OTHER_CITIZEN, "citizen", None).await;
    let (_, page) = hub.get("/api/v1/me/changes", Some(&other)).await;
    assert_eq!(page["changes"], json!([]));
}
on_both!(a_practice_from_the_counter_to_the_citizen);
