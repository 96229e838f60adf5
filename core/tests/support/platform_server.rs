//! A fake pagoPA platform on 127.0.0.1: a hand-written HTTP/1.1 server on a `TcpListener` that
//! answers each request as a test's function says (canned status, headers and body, or a fault:
//! never answer, drop the connection, cut the body short, answer slowly) and records every
//! request with its body.
//!
//! Shared by the platform tests (`#[path]` include).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// A request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The path as sent (still percent-encoded), without the query.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    /// Everything received, head and body, as text.
    pub raw: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Answer with this status, headers and body.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Read the request, then never answer (hold the connection open).
    Hang,
    /// Read the request, then close the connection without a byte.
    Drop,
    /// Send the head with the full `Content-Length`, then only half of the body, then close.
    CutBody { status: u16, body: Vec<u8> },
    /// Wait this long, then answer.
    Slow(Duration, Box<Behaviour>),
}

impl Behaviour {
    pub fn json(status: u16, body: serde_json::Value) -> Behaviour {
        Behaviour::Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub fn raw(status: u16, content_type: &str, body: &str) -> Behaviour {
        Behaviour::Answer {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn empty(status: u16) -> Behaviour {
        Behaviour::Answer {
            status,
            headers: vec![],
            body: vec![],
        }
    }

    pub fn redirect(status: u16, location: Option<&str>) -> Behaviour {
        Behaviour::Answer {
            status,
            headers: location
                .map(|l| vec![("Location".to_string(), l.to_string())])
                .unwrap_or_default(),
            body: vec![],
        }
    }
}

type Handler = dyn Fn(&Received) -> Behaviour + Send + Sync;

/// The running server; it stops when dropped.
pub struct FakePlatform {
    pub base: Url,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakePlatform {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakePlatform {
    /// Starts a server whose base URL ends with `prefix` (e.g. `/checkout/ec/v1`).
    pub async fn start(
        prefix: &str,
        handler: impl Fn(&Received) -> Behaviour + Send + Sync + 'static,
    ) -> FakePlatform {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = received.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let log = log.clone();
                tokio::spawn(async move { serve(stream, handler, log).await });
            }
        });
        FakePlatform {
            base: Url::parse(&format!("http://{addr}{prefix}")).unwrap(),
            received,
            task,
        }
    }

    /// A server that answers every request the same way.
    pub async fn always(prefix: &str, behaviour: Behaviour) -> FakePlatform {
        FakePlatform::start(prefix, move |_| behaviour.clone()).await
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Received>>>) {
    // One request per connection: every answer says `Connection: close`.
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    let behaviour = handler(&request);
    act(&mut stream, behaviour).await;
}

async fn act(stream: &mut TcpStream, behaviour: Behaviour) {
    let mut behaviour = behaviour;
    loop {
        match behaviour {
            Behaviour::Slow(d, next) => {
                tokio::time::sleep(d).await;
                behaviour = *next;
            }
            Behaviour::Hang => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Behaviour::Drop => {
                let _ = stream.shutdown().await;
                return;
            }
            Behaviour::Answer {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (k, v) in &headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                ));
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.flush().await;
                let _ = stream.shutdown().await;
                return;
            }
            Behaviour::CutBody { status, body } => {
                let head = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    reason(status),
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body[..body.len() / 2]).await;
                let _ = stream.flush().await;
                let _ = stream.shutdown().await;
                return;
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let raw = campanile_testkit::http::read_raw_request(stream, &mut Vec::new()).await?;
    let (path, query) = raw.path_and_query();
    let query = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Some(Received {
        path: path.to_string(),
        query,
        raw: format!("{}\r\n\r\n{}", raw.head, String::from_utf8_lossy(&raw.body)),
        method: raw.method,
        headers: raw.headers,
        body: raw.body,
    })
}
