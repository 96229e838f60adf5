//! The fake portal's bytes, read with a bare TCP client (no HTTP library between the test and
//! what the server writes).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use campanile_testkit::{FakeCkan, FakeDataset, Fault};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends a GET and reads until the server closes: (head, body).
async fn get(portal: &FakeCkan, target: &str, headers: &[(&str, &str)]) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(portal.addr()).await.unwrap();
    let mut req = format!("GET {target} HTTP/1.1\r\nHost: x\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut all = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut all))
        .await
        .unwrap()
        .unwrap();
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(all[..split].to_vec()).unwrap();
    (head, all[split + 4..].to_vec())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

#[tokio::test]
async fn package_search_pages_and_filters() {
    let portal = FakeCkan::start().await;
    for i in 0..5 {
        let ds = FakeDataset::new(&format!("d{i}")).organization(if i % 2 == 0 {
            "pari"
        } else {
            "dispari"
        });
        portal.add_dataset(ds);
    }
    let (head, body) = get(
        &portal,
        "/api/3/action/package_search?fq=organization:%22pari%22&rows=2&start=1&sort=name%20asc",
        &[],
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["success"], true);
    assert_eq!(v["result"]["count"], 3);
    let names: Vec<_> = v["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["d2", "d4"]);
    let logged = portal.logged("/api/3/action/package_search");
    assert_eq!(logged[0].param("fq"), Some("organization:\"pari\""));

    let (head, body) = get(
        &portal,
        "/api/3/action/package_search?fq=foo%20OR%20bar",
        &[],
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 409"), "{head}");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["success"], false);
}

#[tokio::test]
async fn conditional_requests_get_304_without_body() {
    let portal = FakeCkan::start().await;
    portal.set_resource("/f.csv", "text/csv", b"a;b\n1;2\n".to_vec());
    let (head, body) = get(&portal, "/f.csv", &[]).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, b"a;b\n1;2\n");
    let etag = header(&head, "etag").unwrap().to_string();
    let lm = header(&head, "last-modified").unwrap().to_string();
    assert_eq!(portal.resource_bytes_sent(), 8);

    let (head, body) = get(&portal, "/f.csv", &[("If-None-Match", &etag)]).await;
    assert!(head.starts_with("HTTP/1.1 304"), "{head}");
    assert!(body.is_empty());
    let (head, _) = get(&portal, "/f.csv", &[("If-Modified-Since", &lm)]).await;
    assert!(head.starts_with("HTTP/1.1 304"), "{head}");
    let (head, _) = get(&portal, "/f.csv", &[("If-None-Match", "\"other\"")]).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(portal.resource_bytes_sent(), 16);

    portal.set_resource("/f.csv", "text/csv", b"changed".to_vec());
    let (head, body) = get(&portal, "/f.csv", &[("If-None-Match", &etag)]).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, b"changed");
    assert_ne!(header(&head, "etag").unwrap(), etag);
}

#[tokio::test]
async fn faults_come_in_order_then_stop() {
    let portal = FakeCkan::start().await;
    portal.set_resource("/f.csv", "text/csv", vec![b'x'; 100]);
    portal.inject(
        "/f.csv",
        Fault::TooManyRequests {
            retry_after: Some("7".into()),
        },
        1,
    );
    portal.inject("/f.csv", Fault::Truncate { send: 10 }, 1);
    portal.inject("/f.csv", Fault::CloseDelimited, 1);

    let (head, _) = get(&portal, "/f.csv", &[]).await;
    assert!(head.starts_with("HTTP/1.1 429"), "{head}");
    assert_eq!(header(&head, "retry-after"), Some("7"));

    let (head, body) = get(&portal, "/f.csv", &[]).await;
    assert_eq!(header(&head, "content-length"), Some("100"));
    assert_eq!(body.len(), 10, "truncated");

    let (head, body) = get(&portal, "/f.csv", &[]).await;
    assert_eq!(header(&head, "content-length"), None);
    assert_eq!(body.len(), 100);

    let (head, body) = get(&portal, "/f.csv", &[]).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body.len(), 100);
    assert_eq!(portal.requests("/f.csv"), 4);
}

#[tokio::test]
async fn package_show_and_unknown_paths() {
    let portal = FakeCkan::start().await;
    portal.add_dataset(FakeDataset::new("musei").resource("r1", "/files/m.csv", "CSV"));
    let (_, body) = get(&portal, "/api/3/action/package_show?id=musei", &[]).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["result"]["id"], "id-musei");
    assert_eq!(
        v["result"]["resources"][0]["url"],
        format!("{}/files/m.csv", portal.url())
    );
    let (head, body) = get(&portal, "/api/3/action/package_show?id=none", &[]).await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["error"]["message"], "Not found");
    let (head, _) = get(&portal, "/nothing", &[]).await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
}
