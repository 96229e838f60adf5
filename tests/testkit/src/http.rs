//! The few bytes of HTTP/1.1 the fake servers speak: one GET (or HEAD) per connection, answers
//! with `Connection: close`, and byte-level control over what is written (so that tests can
//! truncate bodies and stall).

use std::collections::HashMap;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// Percent-decoded path, without the query.
    pub path: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
}

impl Request {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// One request as it came: the method, the target (path and query, still percent-encoded),
/// header names in lower case, the `Content-Length` body, and the head as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    pub head: String,
}

impl RawRequest {
    /// The target split at `?`: the path and the raw query.
    pub fn path_and_query(&self) -> (&str, &str) {
        self.target
            .split_once('?')
            .unwrap_or((self.target.as_str(), ""))
    }
}

/// Reads one request, head (up to 64 KiB) and `Content-Length` body (up to 1 MiB), from
/// `stream`; `buf` carries bytes read past it to the next call on a kept-alive connection.
/// `None` when the client went away or sent garbage. The fake servers all read through here.
pub async fn read_raw_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<RawRequest> {
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if len > 1024 * 1024 {
        return None;
    }
    let body_start = head_end + 4;
    while buf.len() < body_start + len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + len].to_vec();
    buf.drain(..body_start + len);
    Some(RawRequest {
        method,
        target,
        headers,
        body,
        head,
    })
}

/// Reads a request (one a connection), its path percent-decoded and its query decoded.
/// `None` when the client went away or sent garbage.
pub async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let raw = read_raw_request(stream, &mut Vec::new()).await?;
    let (raw_path, raw_query) = raw.path_and_query();
    let path = percent_decode(raw_path);
    let query = form_urlencoded::parse(raw_query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Some(Request {
        method: raw.method,
        path,
        query,
        headers: raw.headers,
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// How to write an answer.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send only this many body bytes (Content-Length still says the full length), then close.
    pub truncate_at: Option<usize>,
    /// Sleep before writing anything.
    pub stall_before_headers: Option<Duration>,
    /// Write the head and half of the body, then sleep this long, then the rest.
    pub stall_mid_body: Option<Duration>,
    /// No `Content-Length`: the body ends when the connection closes.
    pub close_delimited: bool,
}

impl Answer {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Answer::default()
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Answer {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

/// Writes `answer`; returns how many body bytes went out.
pub async fn write_answer(stream: &mut TcpStream, answer: &Answer, head_only: bool) -> u64 {
    if let Some(d) = answer.stall_before_headers {
        tokio::time::sleep(d).await;
    }
    let mut head = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let no_body = answer.status == 304 || head_only;
    if answer.status != 304 && !answer.close_delimited {
        head.push_str(&format!("Content-Length: {}\r\n", answer.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return 0;
    }
    if no_body {
        let _ = stream.flush().await;
        return 0;
    }
    let body = match answer.truncate_at {
        Some(n) => &answer.body[..n.min(answer.body.len())],
        None => &answer.body[..],
    };
    let mut sent = 0u64;
    if let Some(d) = answer.stall_mid_body {
        let half = body.len() / 2;
        if stream.write_all(&body[..half]).await.is_err() {
            return 0;
        }
        let _ = stream.flush().await;
        sent += half as u64;
        tokio::time::sleep(d).await;
        if stream.write_all(&body[half..]).await.is_err() {
            return sent;
        }
        sent += (body.len() - half) as u64;
    } else {
        if stream.write_all(body).await.is_err() {
            return 0;
        }
        sent += body.len() as u64;
    }
    let _ = stream.flush().await;
    let _ = stream.shutdown().await;
    sent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b/c%2"), "/a b/c%2");
        assert_eq!(percent_decode("/%C3%A8"), "/è");
    }
}
