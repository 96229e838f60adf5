//! Rate limits: past a small configured limit, logins (per IP address) and writes (per token
//! subject) are answered 429 in the one error shape with a Retry-After header, nothing of the
//! refused write is applied, other callers and reads go on; the document says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::net::{IpAddr, Ipv4Addr};

use campanile_hub::limits::Limits;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Retry-After of a 429 in whole seconds, after checking the answer's shape.
async fn refused(res: reqwest::Response) -> u64 {
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_error_shape(&body);
    assert_eq!(body["error"]["code"], "rate-limited", "{body}");
    retry
}

async fn login_from(hub: &Hub, client: &reqwest::Client, subject: &str) -> reqwest::Response {
    client
        .post(format!("{}/api/v1/dev/login", hub.base))
        .json(&json!({"subject": subject, "role": "citizen"}))
        .send()
        .await
        .unwrap()
}

async fn login_limit(b: &Backend) {
    let hub = Hub::start_with(b, true, |s| {
        s.limits = Limits {
            login_per_minute: 3,
            writes_per_minute: 0,
        };
    })
    .await;
    for _ in 0..3 {
        let res = login_from(&hub, &hub.client, CITIZEN).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // The fourth from this address, whoever it names, waits: a third of a minute's allowance.
    let retry = refused(login_from(&hub, &hub.client, OTHER_CITIZEN).await).await;
    assert!((1..=20).contains(&retry), "Retry-After: {retry}");
    // Another address has its own allowance (the loopback answers on all of 127/8).
    let elsewhere = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .unwrap();
    let res = login_from(&hub, &elsewhere, CITIZEN).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Reads are not counted.
    for _ in 0..10 {
        let (s, _) = hub.get("/api/v1/comuni", None).await;
        assert_eq!(s, StatusCode::OK);
    }
}
on_both!(login_limit);

async fn write_limit(b: &Backend) {
    let hub = Hub::start_with(b, true, |s| {
        s.limits = Limits {
            login_per_minute: 100,
            writes_per_minute: 4,
        };
    })
    .await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    // The same person on a second device: the same allowance.
    let staff_again = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let admin = hub.login(ADMIN, "admin", None).await;
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let open = json!({"procedure": "SUAP-OSP", "applicant": CITIZEN, "subject": "Dehors",
        "comune": ASCOLI, "received": "2026-03-02"});
    for i in 0..4 {
        let token = if i % 2 == 0 { &staff } else { &staff_again };
        let (s, v) = hub.post("/api/v1/practices", Some(token), &open).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let key = new_key();
    let send = |token: &str| {
        hub.client
            .post(format!("{}/api/v1/practices", hub.base))
            .bearer_auth(token)
            .header("Idempotency-Key", &key)
            .json(&open)
            .send()
    };
    let retry = refused(send(&staff).await.unwrap()).await;
    assert!((1..=15).contains(&retry), "Retry-After: {retry}");
    refused(send(&staff_again).await.unwrap()).await;
    // Nothing of the refused write was applied; reads go on.
    let (s, mine) = hub.get("/api/v1/me/practices", Some(&citizen)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(mine.as_array().unwrap().len(), 4);
    // Another caller writes, even with the same key (keys are each caller's own).
    let res = send(&admin).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    // A write with no valid token is counted by address, and answered 401 until the limit.
    for _ in 0..4 {
        let (s, _) = hub
            .call(
                Method::POST,
                "/api/v1/practices",
                None,
                Some("k"),
                Some(&open),
            )
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let res = hub
        .client
        .post(format!("{}/api/v1/practices", hub.base))
        .header("Idempotency-Key", "k")
        .json(&open)
        .send()
        .await
        .unwrap();
    refused(res).await;
}
on_both!(write_limit);

#[test]
fn documented_and_configured() {
    let doc = serde_json::to_value(campanile_hub::api::openapi_document()).unwrap();
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/dev/login", "post"),
        ("/api/v1/practices", "post"),
        ("/api/v1/practices/{id}/events", "post"),
        ("/api/v1/comuni/{istat}/places/{id}", "put"),
        ("/api/v1/comuni/{istat}/places/{id}", "delete"),
    ] {
        let r = &paths[path][method]["responses"]["429"];
        assert!(r["headers"]["Retry-After"].is_object(), "{path} {method}");
        assert_eq!(
            r["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
    }
    assert!(paths["/api/v1/practices/{id}"]["get"]["responses"]["429"].is_null());

    use clap::Parser;
    let cli = campanile_hub::config::Cli::try_parse_from([
        "campanile-hub",
        "serve",
        "--login-rate",
        "5",
        "--write-rate",
        "0",
    ])
    .unwrap();
    let campanile_hub::config::Command::Serve(args) = cli.command;
    let dir = tempfile::tempdir().unwrap();
    let s = campanile_hub::config::Settings::resolve(&args, dir.path()).unwrap();
    assert_eq!(
        s.limits,
        Limits {
            login_per_minute: 5,
            writes_per_minute: 0
        }
    );
}
