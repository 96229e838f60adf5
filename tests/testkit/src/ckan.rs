//! A fake CKAN portal on `127.0.0.1:0`.
//!
//! ```no_run
//! # async fn demo() {
//! use campanile_testkit::{FakeCkan, FakeDataset, Fault};
//! let portal = FakeCkan::start().await;
//! portal.add_dataset(FakeDataset::new("musei").organization("comune-x").resource("r1", "/files/musei.csv", "CSV"));
//! portal.set_resource("/files/musei.csv", "text/csv", b"nome;lat;lon\n".to_vec());
//! portal.inject("/files/musei.csv", Fault::Status(503), 2);
//! let site = portal.url(); // http://127.0.0.1:PORT
//! # }
//! ```
//!
//! Served paths:
//! - `/api/3/action/package_search` — `q` (free text over name, title, notes, tags; `*:*` is
//!   everything), `fq` (`organization:"x" AND tags:"y" AND groups:"z"`, also `name:`, `id:` and
//!   `metadata_modified:[FROM TO *]`), `rows` (default 10, at most 1000), `start`, `sort`
//!   (`name asc` or insertion order); CKAN's envelopes `{"success":true,"result":{"count":N,
//!   "results":[…]}}` and `{"success":false,"error":{…}}` (409 for a bad query).
//! - `/api/3/action/package_show?id=` — by id or name, 404 envelope when unknown.
//! - resources set with [`FakeCkan::set_resource`]: `ETag` and/or `Last-Modified`, `304` on
//!   `If-None-Match` / `If-Modified-Since`; their body bytes are counted.
//! - documents set with [`FakeCkan::set_document`] (DCAT catalogues, canned API answers): served
//!   as they are, without validators.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use crate::http::{Answer, Request, read_request, write_answer};

/// A resource of a [`FakeDataset`]: `path` is where the portal serves it.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeResource {
    pub id: String,
    pub path: String,
    pub format: String,
    pub name: Option<String>,
    /// Written as a JSON string (as some real portals do) when set.
    pub size: Option<u64>,
}

/// A dataset the portal lists. `id` defaults to `id-<name>`.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeDataset {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub notes: Option<String>,
    pub organization: Option<String>,
    pub tags: Vec<String>,
    pub groups: Vec<String>,
    pub license_id: Option<String>,
    pub metadata_modified: String,
    pub resources: Vec<FakeResource>,
}

impl FakeDataset {
    pub fn new(name: &str) -> FakeDataset {
        FakeDataset {
            id: format!("id-{name}"),
            name: name.to_string(),
            title: Some(format!("Dataset {name}")),
            notes: None,
            organization: None,
            tags: Vec::new(),
            groups: Vec::new(),
            license_id: Some("cc-by".into()),
            metadata_modified: "2024-01-01T00:00:00.000000".into(),
            resources: Vec::new(),
        }
    }
    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.into());
        self
    }
    pub fn notes(mut self, notes: &str) -> Self {
        self.notes = Some(notes.into());
        self
    }
    pub fn organization(mut self, org: &str) -> Self {
        self.organization = Some(org.into());
        self
    }
    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.tags = tags.iter().map(|t| t.to_string()).collect();
        self
    }
    pub fn groups(mut self, groups: &[&str]) -> Self {
        self.groups = groups.iter().map(|t| t.to_string()).collect();
        self
    }
    pub fn modified(mut self, metadata_modified: &str) -> Self {
        self.metadata_modified = metadata_modified.into();
        self
    }
    pub fn resource(mut self, id: &str, path: &str, format: &str) -> Self {
        self.resources.push(FakeResource {
            id: id.into(),
            path: path.into(),
            format: format.into(),
            name: Some(format!("{id}.{}", format.to_ascii_lowercase())),
            size: None,
        });
        self
    }

    /// The `package_show` JSON, with resource URLs under `base`.
    pub fn to_json(&self, base: &str) -> Value {
        let org = self.organization.as_ref().map(|o| {
            json!({"id": format!("org-{o}"), "name": o, "title": format!("Org {o}"),
                   "is_organization": true, "type": "organization"})
        });
        json!({
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "notes": self.notes,
            "state": "active",
            "type": "dataset",
            "private": false,
            "organization": org,
            "owner_org": org.as_ref().map(|o| o["id"].clone()),
            "tags": self.tags.iter().map(|t| json!({"name": t, "display_name": t, "vocabulary_id": null})).collect::<Vec<_>>(),
            "groups": self.groups.iter().map(|g| json!({"name": g, "title": g.to_uppercase()})).collect::<Vec<_>>(),
            "license_id": self.license_id,
            "license_title": self.license_id.as_ref().map(|l| format!("License {l}")),
            "license_url": null,
            "metadata_created": "2023-01-01T00:00:00.000000",
            "metadata_modified": self.metadata_modified,
            "num_resources": self.resources.len(),
            "resources": self.resources.iter().enumerate().map(|(i, r)| json!({
                "id": r.id,
                "package_id": self.id,
                "url": format!("{base}{}", r.path),
                "format": r.format,
                "name": r.name,
                "mimetype": null,
                "last_modified": null,
                "size": r.size.map(|s| s.to_string()),
                "position": i,
            })).collect::<Vec<_>>(),
        })
    }
}

/// A misbehaviour of the portal on one path, for a number of requests.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 429 with this `Retry-After` value (seconds or an HTTP date), if any.
    TooManyRequests { retry_after: Option<String> },
    /// This status with a short text body (500, 503, 404, 403…).
    Status(u16),
    /// Nothing is written for this long (then the normal answer).
    StallBeforeHeaders(Duration),
    /// The head and half of the body, then nothing for this long (then the rest).
    StallMidBody(Duration),
    /// `Content-Length` of the full body but only `send` bytes of it, then the connection closes.
    Truncate { send: usize },
    /// The normal answer without `Content-Length`: the body ends when the connection closes.
    CloseDelimited,
    /// 200 `application/json` with a document that is not JSON.
    MalformedJson,
    /// CKAN's error envelope with this HTTP status and message.
    CkanError { status: u16, message: String },
}

/// One request the portal received.
pub type LoggedRequest = Request;

#[derive(Debug, Clone)]
struct Served {
    body: Vec<u8>,
    content_type: String,
    etag: Option<String>,
    last_modified: Option<SystemTime>,
}

#[derive(Debug, Default)]
struct State {
    base: String,
    datasets: Vec<FakeDataset>,
    resources: HashMap<String, Served>,
    send_etag: bool,
    send_last_modified: bool,
    documents: HashMap<String, (String, Vec<u8>)>,
    faults: HashMap<String, Vec<(Fault, u32)>>,
    log: Vec<LoggedRequest>,
    resource_bytes_sent: u64,
    /// Logical clock for `Last-Modified`: seconds after 2024-01-01, bumped on each change.
    clock: u64,
    count_override: Option<u64>,
    repeat_pages: bool,
    in_flight: usize,
    max_in_flight: usize,
}

/// The fake portal. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeCkan {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeCkan {
    fn drop(&mut self) {
        self.task.abort();
    }
}

const LM_EPOCH: u64 = 1_704_067_200; // 2024-01-01T00:00:00Z

impl FakeCkan {
    /// Binds `127.0.0.1:0` and serves in the background (needs a tokio runtime).
    pub async fn start() -> FakeCkan {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            base: format!("http://{addr}"),
            send_etag: true,
            send_last_modified: true,
            ..State::default()
        }));
        let st = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    // Out of file descriptors or the like: do not spin.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let st = st.clone();
                tokio::spawn(async move {
                    let Some(req) = read_request(&mut stream).await else {
                        return;
                    };
                    let (answer, is_resource) = route(&st, &req);
                    {
                        let mut s = st.lock().unwrap();
                        s.in_flight += 1;
                        s.max_in_flight = s.max_in_flight.max(s.in_flight);
                    }
                    let sent = write_answer(&mut stream, &answer, req.method == "HEAD").await;
                    let mut s = st.lock().unwrap();
                    s.in_flight -= 1;
                    if is_resource {
                        s.resource_bytes_sent += sent;
                    }
                });
            }
        });
        FakeCkan { addr, state, task }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds (or replaces, by id) a dataset.
    pub fn add_dataset(&self, dataset: FakeDataset) {
        let mut st = self.state.lock().unwrap();
        st.datasets.retain(|d| d.id != dataset.id);
        st.datasets.push(dataset);
    }

    pub fn remove_dataset(&self, id: &str) {
        self.state.lock().unwrap().datasets.retain(|d| d.id != id);
    }

    /// Serves `body` at `path` as a resource with validators; a changed body gets a new `ETag`
    /// and a later `Last-Modified`.
    pub fn set_resource(&self, path: &str, content_type: &str, body: Vec<u8>) {
        let mut st = self.state.lock().unwrap();
        if st.resources.get(path).is_some_and(|s| s.body == body) {
            return;
        }
        st.clock += 1;
        let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..16]);
        let lm = SystemTime::UNIX_EPOCH + Duration::from_secs(LM_EPOCH + st.clock);
        st.resources.insert(
            path.to_string(),
            Served {
                body,
                content_type: content_type.into(),
                etag: Some(etag),
                last_modified: Some(lm),
            },
        );
    }

    /// Whether resources are served with `ETag` and with `Last-Modified` (both by default).
    pub fn set_validators(&self, etag: bool, last_modified: bool) {
        let mut st = self.state.lock().unwrap();
        st.send_etag = etag;
        st.send_last_modified = last_modified;
    }

    /// Serves `body` at `path` as it is (e.g. a DCAT catalogue, a canned API answer).
    pub fn set_document(&self, path: &str, content_type: &str, body: Vec<u8>) {
        self.state
            .lock()
            .unwrap()
            .documents
            .insert(path.to_string(), (content_type.to_string(), body));
    }

    /// The next `times` requests to `path` misbehave (`u32::MAX`: for ever). Faults queue up in
    /// the order they are injected.
    pub fn inject(&self, path: &str, fault: Fault, times: u32) {
        self.state
            .lock()
            .unwrap()
            .faults
            .entry(path.to_string())
            .or_default()
            .push((fault, times));
    }

    pub fn clear_faults(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    /// `package_search` answers this `count` whatever it found (a lying portal).
    pub fn set_count_override(&self, count: Option<u64>) {
        self.state.lock().unwrap().count_override = count;
    }

    /// `package_search` ignores `start` (a portal that repeats its first page).
    pub fn set_repeat_pages(&self, repeat: bool) {
        self.state.lock().unwrap().repeat_pages = repeat;
    }

    /// Requests received on `path` so far.
    pub fn requests(&self, path: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    /// Every request received on `path`, in order.
    pub fn logged(&self, path: &str) -> Vec<LoggedRequest> {
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub fn total_requests(&self) -> usize {
        self.state.lock().unwrap().log.len()
    }

    /// Body bytes of resources (not API answers nor documents) written so far.
    pub fn resource_bytes_sent(&self) -> u64 {
        self.state.lock().unwrap().resource_bytes_sent
    }

    /// The most answers that were being written at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.state.lock().unwrap().max_in_flight
    }

    /// Zeroes the byte counter and the in-flight high-water mark and forgets the request log.
    pub fn reset_counters(&self) {
        let mut st = self.state.lock().unwrap();
        st.resource_bytes_sent = 0;
        st.max_in_flight = st.in_flight;
        st.log.clear();
    }
}

fn take_fault(st: &mut State, path: &str) -> Option<Fault> {
    let queue = st.faults.get_mut(path)?;
    let slot = queue.iter_mut().find(|(_, n)| *n > 0)?;
    if slot.1 != u32::MAX {
        slot.1 -= 1;
    }
    Some(slot.0.clone())
}

fn json_answer(status: u16, value: &Value) -> Answer {
    Answer::new(
        status,
        "application/json;charset=utf-8",
        value.to_string().into_bytes(),
    )
}

fn ckan_error(status: u16, kind: &str, message: &str) -> Answer {
    json_answer(
        status,
        &json!({"help": "http://fake/api/3/action/help_show", "success": false,
                "error": {"__type": kind, "message": message}}),
    )
}

fn route(state: &Arc<Mutex<State>>, req: &Request) -> (Answer, bool) {
    let mut st = state.lock().unwrap();
    st.log.push(req.clone());
    let fault = take_fault(&mut st, &req.path);
    let is_resource = st.resources.contains_key(&req.path);
    let normal = || -> Answer {
        if let Some(served) = st.resources.get(&req.path) {
            return serve_resource(served, st.send_etag, st.send_last_modified, req);
        }
        if let Some((ct, body)) = st.documents.get(&req.path) {
            return Answer::new(200, ct, body.clone());
        }
        match req.path.as_str() {
            "/api/3/action/package_search" => package_search(&st, req),
            "/api/3/action/package_show" => package_show(&st, req),
            p if p.starts_with("/api/3/action/") => ckan_error(
                400,
                "Bad Request",
                &format!("Bad request - Action name not known: {}", &p[14..]),
            ),
            _ => Answer::new(404, "text/plain", b"not found".to_vec()),
        }
    };
    let answer = match fault {
        None => normal(),
        Some(Fault::TooManyRequests { retry_after }) => {
            let a = Answer::new(429, "text/plain", b"slow down".to_vec());
            match retry_after {
                Some(r) => a.header("Retry-After", r),
                None => a,
            }
        }
        Some(Fault::Status(s)) => Answer::new(s, "text/plain", format!("fault {s}").into_bytes()),
        Some(Fault::StallBeforeHeaders(d)) => Answer {
            stall_before_headers: Some(d),
            ..normal()
        },
        Some(Fault::StallMidBody(d)) => Answer {
            stall_mid_body: Some(d),
            ..normal()
        },
        Some(Fault::Truncate { send }) => Answer {
            truncate_at: Some(send),
            ..normal()
        },
        Some(Fault::CloseDelimited) => Answer {
            close_delimited: true,
            ..normal()
        },
        Some(Fault::MalformedJson) => Answer::new(
            200,
            "application/json",
            b"{\"success\": true, \"result\": {\"count\": 3, \"results\": [{\"id\": \"a\",}"
                .to_vec(),
        ),
        Some(Fault::CkanError { status, message }) => ckan_error(status, "Error", &message),
    };
    (answer, is_resource)
}

fn serve_resource(served: &Served, etag: bool, lm: bool, req: &Request) -> Answer {
    let etag = served.etag.as_ref().filter(|_| etag);
    let lm = served.last_modified.filter(|_| lm);
    let not_modified = if let Some(inm) = req.header("if-none-match") {
        etag.is_some_and(|e| {
            inm.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == e || t == "*")
        })
    } else if let Some(ims) = req.header("if-modified-since") {
        match (lm, httpdate::parse_http_date(ims)) {
            (Some(lm), Ok(ims)) => lm <= ims,
            _ => false,
        }
    } else {
        false
    };
    let mut answer = if not_modified {
        Answer {
            status: 304,
            ..Answer::default()
        }
    } else {
        Answer::new(200, &served.content_type, served.body.clone())
    };
    if let Some(e) = etag {
        answer = answer.header("ETag", e.clone());
    }
    if let Some(lm) = lm {
        answer = answer.header("Last-Modified", httpdate::fmt_http_date(lm));
    }
    answer
}

fn package_show(st: &State, req: &Request) -> Answer {
    let Some(id) = req.param("id") else {
        return json_answer(
            409,
            &json!({"success": false, "error": {"__type": "Validation Error", "id": ["Missing value"]}}),
        );
    };
    match st.datasets.iter().find(|d| d.id == id || d.name == id) {
        Some(d) => json_answer(
            200,
            &json!({"help": "http://fake/api/3/action/help_show?name=package_show",
                    "success": true, "result": d.to_json(&st.base)}),
        ),
        None => ckan_error(404, "Not Found Error", "Not found"),
    }
}

/// One `field:value` clause of an `fq`.
#[derive(Debug, Clone, PartialEq)]
enum Clause {
    Eq(String, String),
    From(String, String),
}

/// Parses `a:"x" AND b:y AND c:[FROM TO *]`; `None` on anything else.
fn parse_fq(fq: &str) -> Option<Vec<Clause>> {
    let chars: Vec<char> = fq.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_ws(&mut i);
        if i >= chars.len() {
            break;
        }
        if !out.is_empty() {
            let rest: String = chars[i..].iter().take(4).collect();
            if rest != "AND " {
                return None;
            }
            i += 4;
            skip_ws(&mut i);
        }
        let start = i;
        while i < chars.len() && chars[i] != ':' {
            i += 1;
        }
        if i >= chars.len() {
            return None;
        }
        let field: String = chars[start..i].iter().collect();
        i += 1;
        match chars.get(i) {
            Some('"') => {
                i += 1;
                let mut v = String::new();
                loop {
                    match chars.get(i) {
                        None => return None,
                        Some('\\') => {
                            v.push(*chars.get(i + 1)?);
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(c) => {
                            v.push(*c);
                            i += 1;
                        }
                    }
                }
                out.push(Clause::Eq(field, v));
            }
            Some('[') => {
                let end = chars[i..].iter().position(|c| *c == ']')? + i;
                let inner: String = chars[i + 1..end].iter().collect();
                let (from, to) = inner.split_once(" TO ")?;
                if to.trim() != "*" {
                    return None;
                }
                out.push(Clause::From(field, from.trim().to_string()));
                i = end + 1;
            }
            Some(_) => {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                out.push(Clause::Eq(field, chars[start..i].iter().collect()));
            }
            None => return None,
        }
    }
    Some(out)
}

fn matches(d: &FakeDataset, clause: &Clause) -> Option<bool> {
    Some(match clause {
        Clause::Eq(f, v) => match f.as_str() {
            "organization" => d.organization.as_deref() == Some(v.as_str()),
            "tags" => d.tags.iter().any(|t| t == v),
            "groups" => d.groups.iter().any(|g| g == v),
            "name" => &d.name == v,
            "id" => &d.id == v,
            _ => return None,
        },
        Clause::From(f, from) if f == "metadata_modified" => {
            let from = from.trim_end_matches('Z');
            d.metadata_modified.trim_end_matches('Z') >= from
        }
        Clause::From(..) => return None,
    })
}

fn package_search(st: &State, req: &Request) -> Answer {
    let int = |name: &str, default: u64| -> Result<u64, Answer> {
        match req.param(name) {
            None => Ok(default),
            Some(v) => v.trim().parse::<u64>().map_err(|_| {
                json_answer(
                    409,
                    &json!({"success": false, "error": {"__type": "Validation Error", name: ["Invalid integer"]}}),
                )
            }),
        }
    };
    let rows = match int("rows", 10) {
        Ok(r) => r.min(1000),
        Err(a) => return a,
    };
    let start = match int("start", 0) {
        Ok(s) => s,
        Err(a) => return a,
    };
    let clauses = match req.param("fq").map(parse_fq) {
        None => Vec::new(),
        Some(Some(c)) => c,
        Some(None) => {
            return ckan_error(
                409,
                "Search Query Error",
                "Search Query is invalid: \"Invalid search parameters\"",
            );
        }
    };
    let q = req
        .param("q")
        .map(str::trim)
        .filter(|q| !q.is_empty() && *q != "*:*")
        .map(str::to_lowercase);
    let mut found = Vec::new();
    for d in &st.datasets {
        let mut ok = true;
        for c in &clauses {
            match matches(d, c) {
                Some(m) => ok &= m,
                None => {
                    return ckan_error(
                        409,
                        "Search Query Error",
                        "Search Query is invalid: \"undefined field\"",
                    );
                }
            }
        }
        if let Some(q) = &q {
            let hay = format!(
                "{} {} {} {}",
                d.name,
                d.title.as_deref().unwrap_or(""),
                d.notes.as_deref().unwrap_or(""),
                d.tags.join(" ")
            )
            .to_lowercase();
            ok &= q.split_whitespace().all(|w| hay.contains(w));
        }
        if ok {
            found.push(d);
        }
    }
    if req.param("sort").map(str::trim) == Some("name asc") {
        found.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let count = st.count_override.unwrap_or(found.len() as u64);
    let start = if st.repeat_pages { 0 } else { start as usize };
    let page: Vec<Value> = found
        .iter()
        .skip(start)
        .take(rows as usize)
        .map(|d| d.to_json(&st.base))
        .collect();
    json_answer(
        200,
        &json!({"help": "http://fake/api/3/action/help_show?name=package_search", "success": true,
                "result": {"count": count, "sort": req.param("sort").unwrap_or("score desc, metadata_modified desc"),
                           "facets": {}, "results": page, "search_facets": {}}}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_filter_queries() {
        assert_eq!(
            parse_fq(
                r#"organization:"comune-x" AND tags:"a \"b\"" AND metadata_modified:[2024-01-01T00:00:00Z TO *]"#
            ),
            Some(vec![
                Clause::Eq("organization".into(), "comune-x".into()),
                Clause::Eq("tags".into(), "a \"b\"".into()),
                Clause::From("metadata_modified".into(), "2024-01-01T00:00:00Z".into()),
            ])
        );
        assert_eq!(
            parse_fq("groups:x"),
            Some(vec![Clause::Eq("groups".into(), "x".into())])
        );
        assert_eq!(parse_fq("groups:\"x"), None);
        assert_eq!(parse_fq("a:b OR c:d"), None);
    }
}
