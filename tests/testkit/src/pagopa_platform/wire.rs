//! The HTTP/1.1 the fake platform speaks: requests with bodies read from kept-alive
//! connections, answers written whole (or twice, or never), and the payer's browser.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::Payer;
use super::truth::{State, route};

/// The simulated payer's browser: a plain HTTP client that does not follow redirects.
#[derive(Debug, Clone)]
pub(super) struct Browser {
    pub(super) addr: SocketAddr,
}

impl Browser {
    /// GETs the page with the payer's plan; the status and `Location`.
    pub(super) async fn visit(
        &self,
        checkout_url: &str,
        payer: Payer,
    ) -> Option<(u16, Option<String>)> {
        let rest = checkout_url.split("://").nth(1)?;
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        let mut stream = TcpStream::connect(self.addr).await.ok()?;
        let req = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nx-fake-payer: {}\r\nConnection: close\r\n\r\n",
            self.addr,
            payer.code()
        );
        stream.write_all(req.as_bytes()).await.ok()?;
        let mut buf = Vec::new();
        let _ = stream.read_to_end(&mut buf).await;
        let text = String::from_utf8_lossy(&buf);
        let status = text.split(' ').nth(1)?.parse().ok()?;
        let location = text
            .lines()
            .find_map(|l| l.strip_prefix("Location: "))
            .map(|s| s.trim().to_string());
        Some((status, location))
    }
}

/// A request with its body.
#[derive(Debug)]
pub(super) struct Req {
    pub(super) method: String,
    pub(super) path: String,
    pub(super) query: String,
    pub(super) headers: HashMap<String, String>,
    pub(super) body: Vec<u8>,
}

/// Reads one request from a kept-alive connection; `None` at its end.
async fn read_req(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Req> {
    let raw = crate::http::read_raw_request(stream, buf).await?;
    let (path, query) = raw.path_and_query();
    let (path, query) = (path.to_string(), query.to_string());
    let (method, headers, body) = (raw.method, raw.headers, raw.body);
    Some(Req {
        method,
        path,
        query,
        headers,
        body,
    })
}

/// An answer to write.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Vec<u8>,
}

impl Answer {
    pub(super) fn json(status: u16, value: &Value) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    pub(super) fn html(status: u16, text: &str) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
            body: format!("<!doctype html><title>Checkout</title><p>{text}</p>").into_bytes(),
        }
    }

    pub(super) fn redirect(location: &str) -> Answer {
        Answer {
            status: 302,
            headers: vec![("Location", location.to_string())],
            body: Vec::new(),
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

pub(super) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// What to do with the connection once a request was routed.
pub(super) enum Action {
    Answer(Answer),
    Hang,
    Drop,
    Twice(Answer),
    Slow(Duration, Answer),
}

pub(super) async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>, clock: Arc<AtomicI64>) {
    let mut buf = Vec::new();
    loop {
        let Some(req) = read_req(&mut stream, &mut buf).await else {
            return;
        };
        let action = route(&state, &clock, &req);
        match action {
            Action::Answer(a) => {
                if stream.write_all(&a.bytes()).await.is_err() {
                    return;
                }
            }
            Action::Slow(d, a) => {
                tokio::time::sleep(d).await;
                if stream.write_all(&a.bytes()).await.is_err() {
                    return;
                }
            }
            Action::Twice(a) => {
                let mut bytes = a.bytes();
                bytes.extend_from_slice(&a.bytes());
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Action::Drop => return,
            Action::Hang => {
                // Never answer: wait for the client to give up (or two minutes).
                let mut sink = [0u8; 1024];
                let wait = async {
                    loop {
                        match stream.read(&mut sink).await {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                    }
                };
                let _ = tokio::time::timeout(Duration::from_secs(120), wait).await;
                return;
            }
        }
        if req
            .headers
            .get("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
        {
            let _ = stream.shutdown().await;
            return;
        }
    }
}
