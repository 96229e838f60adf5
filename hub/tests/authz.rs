//! The authorization matrix: every role × every route, each answer's status asserted — a
//! citizen reading another citizen's practice, staff of one comune reading or writing
//! another's, a citizen deciding their own practice, and no token at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

const ROLES: [&str; 6] = [
    "anonymous",
    "citizen (applicant)",
    "citizen (not the applicant)",
    "staff of the comune",
    "staff of another comune",
    "admin",
];

async fn every_role_on_every_route(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let staff_a = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let tokens: [Option<String>; 6] = [
        None,
        Some(hub.login(CITIZEN, "citizen", None).await),
        Some(hub.login(OTHER_CITIZEN, "citizen", Some(ASCOLI)).await),
        Some(staff_a.clone()),
        Some(hub.login(STAFF_FERMO, "staff", Some(FERMO)).await),
        Some(hub.login(ADMIN, "admin", None).await),
    ];
    let new_practice = json!({"procedure": "ACC-DOC", "applicant": CITIZEN,
        "subject": "Accesso agli atti", "comune": ASCOLI, "received": "2026-02-02"});
    let (s, p) = hub
        .post("/api/v1/practices", Some(&staff_a), &new_practice)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    let practice = format!("/api/v1/practices/{id}");
    let events = format!("/api/v1/practices/{id}/events");
    let missing = "/api/v1/practices/00000000-0000-0000-0000-000000000000".to_string();

    use StatusCode as S;
    const OK: S = S::OK;
    const CREATED: S = S::CREATED;
    const UNAUTH: S = S::UNAUTHORIZED;
    const FORBIDDEN: S = S::FORBIDDEN;
    const NOT_FOUND: S = S::NOT_FOUND;
    let matrix: Vec<(Method, String, Option<serde_json::Value>, [S; 6])> = vec![
        (Method::GET, "/health".into(), None, [OK; 6]),
        (Method::GET, "/ready".into(), None, [OK; 6]),
        (Method::GET, "/openapi.json".into(), None, [OK; 6]),
        (Method::GET, "/api/v1/comuni".into(), None, [OK; 6]),
        (Method::GET, "/api/v1/procedures".into(), None, [OK; 6]),
        (
            Method::POST,
            "/api/v1/practices".into(),
            Some(new_practice.clone()),
            [UNAUTH, FORBIDDEN, FORBIDDEN, CREATED, FORBIDDEN, CREATED],
        ),
        (
            Method::GET,
            practice.clone(),
            None,
            [UNAUTH, OK, NOT_FOUND, OK, NOT_FOUND, OK],
        ),
        (
            Method::GET,
            missing.clone(),
            None,
            [
                UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
            ],
        ),
        // A note: the applicant may add one to their own practice.
        (
            Method::POST,
            events.clone(),
            Some(json!({"kind": "note", "note": "una nota"})),
            [UNAUTH, CREATED, NOT_FOUND, CREATED, NOT_FOUND, CREATED],
        ),
        // An assignment: the counter's, not the applicant's.
        (
            Method::POST,
            events.clone(),
            Some(json!({"kind": "assigned", "note": "Ufficio protocollo"})),
            [UNAUTH, FORBIDDEN, NOT_FOUND, CREATED, NOT_FOUND, CREATED],
        ),
        (
            Method::POST,
            format!("{missing}/events"),
            Some(json!({"kind": "note"})),
            [
                UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
            ],
        ),
        (
            Method::GET,
            "/api/v1/me".into(),
            None,
            [UNAUTH, OK, OK, OK, OK, OK],
        ),
        // Sign-in is for everyone; this hub has no OIDC issuer, so it is not there for anyone.
        (
            Method::GET,
            "/api/v1/auth/oidc/start".into(),
            None,
            [NOT_FOUND; 6],
        ),
        (
            Method::GET,
            "/api/v1/me/practices".into(),
            None,
            [UNAUTH, OK, OK, OK, OK, OK],
        ),
        (
            Method::GET,
            "/api/v1/me/changes".into(),
            None,
            [UNAUTH, OK, OK, OK, OK, OK],
        ),
    ];
    let mut checked = 0;
    for (method, path, body, want) in &matrix {
        for (r, token) in tokens.iter().enumerate() {
            let key = new_key();
            let key = (*method == Method::POST).then_some(key.as_str());
            let (got, answer) = hub
                .call(method.clone(), path, token.as_deref(), key, body.as_ref())
                .await;
            assert_eq!(got, want[r], "{} {method} {path}: {answer}", ROLES[r]);
            if got == UNAUTH {
                assert_eq!(answer["error"]["code"], "auth.missing-token");
            }
            if got == FORBIDDEN {
                assert_eq!(answer["error"]["code"], "auth.forbidden");
            }
            if got == NOT_FOUND {
                let code = if path.starts_with("/api/v1/auth/oidc/") {
                    "auth.oidc-off"
                } else {
                    "practice.not-found"
                };
                assert_eq!(answer["error"]["code"], code);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, matrix.len() * ROLES.len());

    // What "me" gives: only the caller's own.
    let (_, mine) = hub.get("/api/v1/me/practices", tokens[1].as_deref()).await;
    assert_eq!(
        mine.as_array().unwrap().len(),
        3,
        "the two opened here and the first"
    );
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|p| p["applicant"] == CITIZEN)
    );
    for r in 2..6 {
        let (_, theirs) = hub.get("/api/v1/me/practices", tokens[r].as_deref()).await;
        assert_eq!(theirs, json!([]), "{}", ROLES[r]);
        let (_, feed) = hub.get("/api/v1/me/changes", tokens[r].as_deref()).await;
        assert_eq!(feed["changes"], json!([]), "{}", ROLES[r]);
    }
    // Staff of another comune cannot open a practice there even when naming their own
    // comune's staff as the applicant; admin can open one anywhere.
    let fermo_practice = json!({"procedure": "ACC-DOC", "applicant": CITIZEN,
        "subject": "Accesso", "comune": FERMO});
    let (s, _) = hub
        .post("/api/v1/practices", Some(&staff_a), &fermo_practice)
        .await;
    assert_eq!(s, FORBIDDEN);
    let (s, _) = hub
        .post("/api/v1/practices", tokens[4].as_deref(), &fermo_practice)
        .await;
    assert_eq!(s, CREATED);
}
on_both!(every_role_on_every_route);
