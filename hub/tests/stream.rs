//! The changes feed as server-sent events: what is already there, then a change made after
//! subscribing, with the same content and order as `GET /api/v1/me/changes`; resuming from
//! `Last-Event-ID`; a stream on a second hub process streaming what the first one wrote; only
//! the caller's own changes; refusals in the one error shape.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const STREAM: &str = "/api/v1/me/changes/stream";

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
struct SseEvent {
    id: Option<String>,
    event: Option<String>,
    data: String,
}

/// A stream being read.
struct Events {
    res: reqwest::Response,
    buf: String,
}

impl Events {
    async fn open(hub: &Hub, token: &str, last_event_id: Option<&str>) -> Events {
        // A client without the harness's overall timeout: a stream lasts.
        let mut req = reqwest::Client::new()
            .get(format!("{}{STREAM}", hub.base))
            .bearer_auth(token);
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        Events {
            res,
            buf: String::new(),
        }
    }

    /// The next event (comments skipped), within 10 s.
    async fn next(&mut self) -> SseEvent {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Some(end) = self.buf.find("\n\n") {
                    let block: String = self.buf.drain(..end + 2).collect();
                    let mut ev = SseEvent {
                        id: None,
                        event: None,
                        data: String::new(),
                    };
                    let mut any = false;
                    for line in block.lines() {
                        if line.starts_with(':') || line.is_empty() {
                            continue;
                        }
                        let (field, value) = line.split_once(':').unwrap_or((line, ""));
                        let value = value.strip_prefix(' ').unwrap_or(value);
                        any = true;
                        match field {
                            "id" => ev.id = Some(value.to_string()),
                            "event" => ev.event = Some(value.to_string()),
                            "data" => ev.data.push_str(value),
                            _ => {}
                        }
                    }
                    if any {
                        return ev;
                    }
                    continue;
                }
                let chunk = self.res.chunk().await.unwrap().expect("the stream ended");
                self.buf.push_str(&String::from_utf8_lossy(&chunk));
            }
        })
        .await
        .expect("no event within 10 s")
    }

    async fn take(&mut self, n: usize) -> Vec<SseEvent> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.next().await);
        }
        out
    }
}

async fn open_practice(hub: &Hub, staff: &str, applicant: &str, comune: &str) -> String {
    let (s, p) = hub
        .post(
            "/api/v1/practices",
            Some(staff),
            &json!({"procedure": "SUAP-OSP", "applicant": applicant, "subject": "Dehors",
                "comune": comune, "received": "2026-03-02"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    p["id"].as_str().unwrap().to_string()
}

fn data(events: &[SseEvent]) -> Vec<Value> {
    events
        .iter()
        .map(|e| serde_json::from_str(&e.data).unwrap())
        .collect()
}

async fn stream_delivers_and_resumes(b: &Backend) {
    let hub = Hub::start(b, true).await;
    let second = hub.sibling().await;
    let staff = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let other = hub.login(OTHER_CITIZEN, "citizen", None).await;

    // Before subscribing: a practice opened and presented (two changes).
    let id = open_practice(&hub, &staff, CITIZEN, ASCOLI).await;
    let mut live = Events::open(&hub, &citizen, None).await;
    let mut on_second = Events::open(&second, &citizen, None).await;
    let before = live.take(2).await;
    // After subscribing: an integration request, written on the first hub.
    let (s, _) = hub
        .post(
            &format!("/api/v1/practices/{id}/events"),
            Some(&staff),
            &json!({"kind": "integration_requested", "note": "Manca la planimetria", "at": "2026-03-05"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let after = live.next().await;
    let mut streamed = before.clone();
    streamed.push(after.clone());

    // The same content and order as the feed, each event's id its cursor.
    let (_, feed) = hub.get("/api/v1/me/changes", Some(&citizen)).await;
    let changes = feed["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3);
    assert_eq!(data(&streamed), *changes);
    for (e, c) in streamed.iter().zip(changes) {
        assert_eq!(e.event.as_deref(), Some("change"));
        assert_eq!(e.id.as_deref(), Some(c["seq"].to_string().as_str()));
    }
    assert_eq!(streamed[2].id.as_deref(), feed["cursor"].as_str());
    // A second hub process on the same database streams the same, though it wrote nothing.
    assert_eq!(on_second.take(3).await, streamed);

    // Resuming after the first event gives the rest, in order.
    let mut resumed = Events::open(&second, &citizen, before[0].id.as_deref()).await;
    assert_eq!(resumed.take(2).await, streamed[1..]);
    // Resuming after the last one waits for the next change, and gets it.
    let mut tail = Events::open(&hub, &citizen, streamed[2].id.as_deref()).await;
    let (s, _) = second
        .post(
            &format!("/api/v1/practices/{id}/events"),
            Some(&staff),
            &json!({"kind": "note", "note": "Sollecito", "at": "2026-03-06"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let next = tail.next().await;
    assert_eq!(live.next().await, next);
    let (_, feed) = hub
        .get(
            &format!(
                "/api/v1/me/changes?after={}",
                streamed[2].id.as_deref().unwrap()
            ),
            Some(&citizen),
        )
        .await;
    assert_eq!(data(&[next]), *feed["changes"].as_array().unwrap());

    // Only the caller's own changes: the other citizen's stream starts with their practice.
    let mut theirs = Events::open(&hub, &other, None).await;
    open_practice(&hub, &staff, OTHER_CITIZEN, ASCOLI).await;
    let first = data(&[theirs.next().await]);
    assert_eq!(first[0]["person"], OTHER_CITIZEN);

    // Refusals: no token, a cursor that is not one.
    let (s, v) = hub.get(STREAM, None).await;
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("auth.missing-token"))
    );
    let res = hub
        .client
        .get(format!("{}{STREAM}", hub.base))
        .bearer_auth(&citizen)
        .header("Last-Event-ID", "abc")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let v: Value = res.json().await.unwrap();
    assert_error_shape(&v);
    assert_eq!(v["error"]["code"], "feed.bad-cursor");
}
on_both!(stream_delivers_and_resumes);

/// A quiet stream carries a keep-alive comment every 15 s, so that proxies keep it open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_stream_keeps_alive() {
    let hub = Hub::start(&Backend::Sqlite, true).await;
    let citizen = hub.login(CITIZEN, "citizen", None).await;
    let mut res = reqwest::Client::new()
        .get(format!("{}{STREAM}", hub.base))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let started = std::time::Instant::now();
    let chunk = tokio::time::timeout(Duration::from_secs(45), res.chunk())
        .await
        .expect("nothing within 45 s")
        .unwrap()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&chunk),
        ": keep-alive\n\n",
        "a comment"
    );
    assert!(started.elapsed() >= Duration::from_secs(14));
}
