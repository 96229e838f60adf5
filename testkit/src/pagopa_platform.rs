//! A fake pagoPA platform on `127.0.0.1:0` that holds the truth about its notices: which exist,
//! for how much, which are paid (and how many times), which have a payment under way. It speaks
//! the wire format of the two official specifications the app uses:
//!
//! - `GET …/payment-requests/{rpt_id}` (`payment-requests-v1.yaml`): 200
//!   `PaymentRequestsGetResponse`, or the fault bodies `{title, faultCodeCategory,
//!   faultCodeDetail}` with the specification's statuses (404 `PAYMENT_UNKNOWN` /
//!   `PAYMENT_DATA_ERROR`, 409 `PAYMENT_ONGOING` / `PAYMENT_EXPIRED` / `PAYMENT_CANCELED` /
//!   `PAYMENT_DUPLICATED`, 502 `GENERIC_ERROR`, 503 `DOMAIN_UNKNOWN`), `ProblemJson` for 400,
//!   401, 500 and 504;
//! - `POST …/carts` (`checkout-ec-carts-v1.json`): the `CartRequest` is checked as the
//!   specification says (1–5 notices, 18 + 11 digits, amounts, 140-character texts, the three
//!   return URLs), then answered `302` with `Location: {base}/c/{cart id}` (400 `ProblemJson`
//!   otherwise);
//! - `GET /c/{cart id}`: the Checkout page, where a simulated payer ([`Payer`], sent by
//!   [`FakePlatform::visit`] as the `x-fake-payer` header) pays, cancels, fails or leaves; it
//!   is sent back to the cart's return URLs with a 302, as Checkout does.
//!
//! Any prefix before `/payment-requests/` and `/carts` is accepted, so clients can be given a
//! base URL with a path (e.g. `{url}/ecommerce/payment-requests-service/v1`).
//!
//! **Charges are counted per notice and the fake does not refuse a second payment of a notice
//! through a second cart**: the real platform would, but the app must never rely on it, so the
//! fake lets a double charge happen and [`FakePlatform::charges`] shows it. A cart is charged
//! at most once (it is one checkout session) and cannot be paid once its session ended
//! ([`FakePlatform::end_sessions`], or the clock passing the session lifetime).
//!
//! Faults ([`Fault`]) are injected per operation and notice ([`Target`]), so that tests running
//! side by side on one server do not disturb each other: accepted-then-timeout, dropped
//! connections before or after the work, requests processed twice with the answer written
//! twice, 5xx before or after the work, slow answers, "in progress" and "creditor unavailable"
//! answers. Connections are kept alive between requests (HTTP/1.1), as real gateways do.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the creditor says about a notice, besides paid / in progress (which the fake tracks
/// from payments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Payable,
    /// 409 `PAYMENT_EXPIRED` / `PAA_PAGAMENTO_SCADUTO`.
    Expired,
    /// 409 `PAYMENT_CANCELED` / `PAA_PAGAMENTO_ANNULLATO`.
    Revoked,
    /// 404 `PAYMENT_DATA_ERROR` / `PPT_DOMINIO_SCONOSCIUTO`.
    DataError,
    /// 503 `DOMAIN_UNKNOWN` / `PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE`.
    CreditorDown,
}

/// A notice the platform knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeNotice {
    /// The 29-digit RptId: creditor fiscal code and notice number.
    pub rpt_id: String,
    pub amount_cents: u64,
    pub description: String,
    pub pa_name: String,
    pub due_date: Option<String>,
}

impl FakeNotice {
    pub fn new(rpt_id: &str, amount_cents: u64) -> FakeNotice {
        FakeNotice {
            rpt_id: rpt_id.to_string(),
            amount_cents,
            description: format!("Avviso {}", &rpt_id[11.min(rpt_id.len())..]),
            pa_name: "Comune di Fermo".into(),
            due_date: Some("2030-12-31".into()),
        }
    }
}

/// Where a fault strikes: an operation on one notice (for a cart, its first notice).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Verify(String),
    Cart(String),
}

/// A misbehaviour of the platform or of the network on the way to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Does the work (a cart is created), then never answers: the connection stays open until
    /// the client gives up.
    AcceptThenHang,
    /// Closes the connection as soon as the request is read, before any work.
    DropBeforeWork,
    /// Does the work, then closes the connection without a byte.
    DropAfterWork,
    /// The request is processed twice (as by a replaying proxy: two carts) and the answer is
    /// written twice on the connection, which is then closed.
    Duplicate,
    /// This 5xx with the specification's body; `after_work`: the work was done first.
    ServerError { status: u16, after_work: bool },
    /// Does the work, waits this long, then answers.
    Slow(Duration),
    /// Verification only: 409 `PAYMENT_ONGOING` whatever the truth.
    InProgress,
    /// 503 `DOMAIN_UNKNOWN`: the creditor's station is unreachable.
    CreditorUnavailable,
}

impl Fault {
    /// A short name, for counts.
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::AcceptThenHang => "accept-then-hang",
            Fault::DropBeforeWork => "drop-before-work",
            Fault::DropAfterWork => "drop-after-work",
            Fault::Duplicate => "duplicate",
            Fault::ServerError {
                after_work: false, ..
            } => "5xx-before-work",
            Fault::ServerError {
                after_work: true, ..
            } => "5xx-after-work",
            Fault::Slow(_) => "slow",
            Fault::InProgress => "in-progress",
            Fault::CreditorUnavailable => "creditor-unavailable",
        }
    }
}

/// What the simulated payer does on the Checkout page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payer {
    /// Pays: every notice of the cart is charged; back to the "ok" URL.
    Pay,
    /// Pays, but the page ends on the "error" URL (the return lies).
    PayThenError,
    /// Pays, then closes the window: no return at all.
    PayThenClose,
    /// Starts paying: the notices are "in progress" until [`FakePlatform::settle`].
    Start,
    /// Cancels: back to the "cancel" URL, nothing charged.
    Cancel,
    /// The payment fails: back to the "error" URL, nothing charged.
    Fail,
    /// Looks and leaves: nothing charged, no return.
    Leave,
}

impl Payer {
    fn code(self) -> &'static str {
        match self {
            Payer::Pay => "pay",
            Payer::PayThenError => "pay-then-error",
            Payer::PayThenClose => "pay-then-close",
            Payer::Start => "start",
            Payer::Cancel => "cancel",
            Payer::Fail => "fail",
            Payer::Leave => "leave",
        }
    }

    fn from_code(s: &str) -> Option<Payer> {
        [
            Payer::Pay,
            Payer::PayThenError,
            Payer::PayThenClose,
            Payer::Start,
            Payer::Cancel,
            Payer::Fail,
            Payer::Leave,
        ]
        .into_iter()
        .find(|p| p.code() == s)
    }
}

/// Where the payer ended after a visit to the Checkout page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Return {
    /// Sent back to one of the cart's return URLs (`ok`, `cancel` or `error`).
    Ok(String),
    Cancel(String),
    Error(String),
    /// Left on a page of Checkout (no return): paying, left, or the window was closed.
    Stayed,
    /// No such cart page (404).
    NotFound,
}

/// A cart the platform made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeCart {
    pub id: String,
    /// The app's `idCart`.
    pub id_cart: Option<String>,
    pub notices: Vec<String>,
    pub ok_url: String,
    pub cancel_url: String,
    pub error_url: String,
    pub created_at: i64,
    pub charged: bool,
    pub paying: bool,
    pub session_ended: bool,
}

#[derive(Debug)]
struct NoticeState {
    notice: FakeNotice,
    standing: Standing,
    charges: u32,
    /// Carts whose payment is under way.
    ongoing: u32,
    /// Paid through another channel (a bank, a PSP's app), counted in `charges`.
    paid_elsewhere: bool,
}

#[derive(Debug, Default)]
struct State {
    base: String,
    notices: HashMap<String, NoticeState>,
    carts: Vec<FakeCart>,
    cart_index: HashMap<String, usize>,
    faults: HashMap<Target, Vec<(Fault, u32)>>,
    fault_counts: BTreeMap<&'static str, u64>,
    requests: BTreeMap<&'static str, u64>,
    key: Option<String>,
    session_ttl_ms: Option<i64>,
    next_cart: u64,
}

/// The fake platform. Dropping it stops the server.
#[derive(Debug)]
pub struct FakePlatform {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    clock: Arc<AtomicI64>,
    task: tokio::task::JoinHandle<()>,
    browser: Browser,
}

impl Drop for FakePlatform {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The fake's clock starts here (2030-01-01T00:00:00Z, in ms).
pub const FAKE_EPOCH_MS: i64 = 1_893_456_000_000;

/// The simulated payer's browser: a plain HTTP client that does not follow redirects.
#[derive(Debug, Clone)]
struct Browser {
    addr: SocketAddr,
}

impl FakePlatform {
    /// Binds `127.0.0.1:0` and serves in the background (needs a tokio runtime).
    pub async fn start() -> FakePlatform {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            base: format!("http://{addr}"),
            ..State::default()
        }));
        let clock = Arc::new(AtomicI64::new(FAKE_EPOCH_MS));
        let st = state.clone();
        let ck = clock.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, st.clone(), ck.clone()));
            }
        });
        FakePlatform {
            addr,
            state,
            clock,
            task,
            browser: Browser { addr },
        }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A base URL for the notice-verification client.
    pub fn payment_requests_base(&self) -> String {
        format!("{}/ecommerce/payment-requests-service/v1", self.url())
    }

    /// A base URL for the Checkout carts client.
    pub fn checkout_base(&self) -> String {
        format!("{}/checkout/ec/v1", self.url())
    }

    /// Requires this subscription key (`x-api-key` for verification,
    /// `Ocp-Apim-Subscription-Key` or `subscription-key` for carts); 401 without it.
    pub fn require_key(&self, key: Option<&str>) {
        self.lock().key = key.map(str::to_string);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Adds (or replaces) a payable notice.
    pub fn add_notice(&self, notice: FakeNotice) {
        self.lock().notices.insert(
            notice.rpt_id.clone(),
            NoticeState {
                notice,
                standing: Standing::Payable,
                charges: 0,
                ongoing: 0,
                paid_elsewhere: false,
            },
        );
    }

    /// Sets what the creditor says about a notice.
    pub fn set_standing(&self, rpt_id: &str, standing: Standing) {
        if let Some(n) = self.lock().notices.get_mut(rpt_id) {
            n.standing = standing;
        }
    }

    /// The notice is paid through another channel (one charge, not through a cart).
    pub fn pay_elsewhere(&self, rpt_id: &str) {
        if let Some(n) = self.lock().notices.get_mut(rpt_id) {
            n.charges += 1;
            n.paid_elsewhere = true;
        }
    }

    /// A payment of the notice is under way through another channel (`true`), or no more.
    pub fn set_ongoing_elsewhere(&self, rpt_id: &str, ongoing: bool) {
        if let Some(n) = self.lock().notices.get_mut(rpt_id) {
            if ongoing {
                n.ongoing += 1;
            } else {
                n.ongoing = n.ongoing.saturating_sub(1);
            }
        }
    }

    /// The next `times` requests of `target` misbehave (`u32::MAX`: for ever), in the order
    /// the faults were injected.
    pub fn inject(&self, target: Target, fault: Fault, times: u32) {
        self.lock()
            .faults
            .entry(target)
            .or_default()
            .push((fault, times));
    }

    /// Forgets the faults not yet used for `target` (all targets with `None`).
    pub fn clear_faults(&self, target: Option<&Target>) {
        let mut st = self.lock();
        match target {
            Some(t) => {
                st.faults.remove(t);
            }
            None => st.faults.clear(),
        }
    }

    /// How many times each kind of fault struck.
    pub fn fault_counts(&self) -> BTreeMap<&'static str, u64> {
        self.lock().fault_counts.clone()
    }

    /// Requests received per operation (`verify`, `cart`, `checkout-page`, `other`).
    pub fn request_counts(&self) -> BTreeMap<&'static str, u64> {
        self.lock().requests.clone()
    }

    /// How many times the notice was charged (0 for an unknown notice).
    pub fn charges(&self, rpt_id: &str) -> u32 {
        self.lock().notices.get(rpt_id).map_or(0, |n| n.charges)
    }

    /// Whether the notice was paid through another channel.
    pub fn paid_elsewhere(&self, rpt_id: &str) -> bool {
        self.lock()
            .notices
            .get(rpt_id)
            .is_some_and(|n| n.paid_elsewhere)
    }

    /// Notices charged more than once.
    pub fn charged_twice(&self) -> Vec<String> {
        let st = self.lock();
        let mut v: Vec<String> = st
            .notices
            .values()
            .filter(|n| n.charges > 1)
            .map(|n| n.notice.rpt_id.clone())
            .collect();
        v.sort();
        v
    }

    /// Every cart made, in order.
    pub fn carts(&self) -> Vec<FakeCart> {
        self.lock().carts.clone()
    }

    /// The carts that hold a notice.
    pub fn carts_of(&self, rpt_id: &str) -> Vec<FakeCart> {
        self.lock()
            .carts
            .iter()
            .filter(|c| c.notices.iter().any(|n| n == rpt_id))
            .cloned()
            .collect()
    }

    /// The fake's clock, in ms since the Unix epoch (starts at [`FAKE_EPOCH_MS`]).
    pub fn now_ms(&self) -> i64 {
        self.clock.load(Ordering::SeqCst)
    }

    /// A handle on the clock, to share it with the app under test.
    pub fn clock(&self) -> Arc<AtomicI64> {
        self.clock.clone()
    }

    pub fn advance(&self, by: Duration) {
        self.clock
            .fetch_add(i64::try_from(by.as_millis()).unwrap(), Ordering::SeqCst);
    }

    /// A cart's session ends this long after it was made (`None`: only
    /// [`end_sessions`](Self::end_sessions) ends them).
    pub fn set_session_ttl(&self, ttl: Option<Duration>) {
        self.lock().session_ttl_ms = ttl.map(|d| i64::try_from(d.as_millis()).unwrap());
    }

    /// Ends the sessions of the carts that hold any of these notices: they can no longer be
    /// paid. A payment under way in them goes on until settled.
    pub fn end_sessions(&self, rpt_ids: &[&str]) {
        let mut st = self.lock();
        for c in st.carts.iter_mut() {
            if c.notices.iter().any(|n| rpt_ids.contains(&n.as_str())) {
                c.session_ended = true;
            }
        }
    }

    /// Finishes the payments under way in the carts that hold `rpt_id`: charged when `paid`.
    /// Returns how many carts were settled.
    pub fn settle(&self, rpt_id: &str, paid: bool) -> usize {
        let mut st = self.lock();
        let idx: Vec<usize> = st
            .carts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.paying && c.notices.iter().any(|n| n == rpt_id))
            .map(|(i, _)| i)
            .collect();
        for &i in &idx {
            let notices = st.carts[i].notices.clone();
            st.carts[i].paying = false;
            st.carts[i].charged = paid;
            for n in notices {
                if let Some(ns) = st.notices.get_mut(&n) {
                    ns.ongoing = ns.ongoing.saturating_sub(1);
                    if paid {
                        ns.charges += 1;
                    }
                }
            }
        }
        idx.len()
    }

    /// The payer opens a Checkout URL and does what `payer` says; where it ended.
    pub async fn visit(&self, checkout_url: &str, payer: Payer) -> Return {
        let Some((status, location)) = self.browser.visit(checkout_url, payer).await else {
            return Return::NotFound;
        };
        let id = checkout_url.rsplit("/c/").next().unwrap_or("");
        let cart = {
            let st = self.lock();
            st.cart_index.get(id).map(|&i| st.carts[i].clone())
        };
        match (status, location, cart) {
            (302, Some(loc), Some(cart)) => {
                if loc == cart.ok_url {
                    Return::Ok(loc)
                } else if loc == cart.cancel_url {
                    Return::Cancel(loc)
                } else {
                    Return::Error(loc)
                }
            }
            (404, _, _) | (_, _, None) => Return::NotFound,
            _ => Return::Stayed,
        }
    }
}

impl Browser {
    /// GETs the page with the payer's plan; the status and `Location`.
    async fn visit(&self, checkout_url: &str, payer: Payer) -> Option<(u16, Option<String>)> {
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
struct Req {
    method: String,
    path: String,
    query: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// Reads one request from a kept-alive connection; `None` at its end.
async fn read_req(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Req> {
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
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target, String::new()),
    };
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
struct Answer {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(status: u16, value: &Value) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    fn html(status: u16, text: &str) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
            body: format!("<!doctype html><title>Checkout</title><p>{text}</p>").into_bytes(),
        }
    }

    fn redirect(location: &str) -> Answer {
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

fn reason(status: u16) -> &'static str {
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
enum Action {
    Answer(Answer),
    Hang,
    Drop,
    Twice(Answer),
    Slow(Duration, Answer),
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>, clock: Arc<AtomicI64>) {
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

fn take_fault(st: &mut State, target: &Target) -> Option<Fault> {
    let queue = st.faults.get_mut(target)?;
    let slot = queue.iter_mut().find(|(_, n)| *n > 0)?;
    if slot.1 != u32::MAX {
        slot.1 -= 1;
    }
    let fault = slot.0.clone();
    *st.fault_counts.entry(fault.kind()).or_default() += 1;
    Some(fault)
}

fn problem(status: u16, title: &str, detail: &str) -> Answer {
    Answer::json(
        status,
        &json!({"type": "about:blank", "title": title, "status": status, "detail": detail}),
    )
}

fn fault_body(status: u16, category: &str, code: &str) -> Answer {
    Answer::json(
        status,
        &json!({"title": format!("{category}: {code}"), "faultCodeCategory": category, "faultCodeDetail": code}),
    )
}

fn server_error(status: u16) -> Answer {
    match status {
        502 => fault_body(502, "GENERIC_ERROR", "PPT_SYSTEM_ERROR"),
        503 => fault_body(503, "DOMAIN_UNKNOWN", "PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE"),
        s => problem(s, reason(s), "fault injected by the test"),
    }
}

fn route(state: &Arc<Mutex<State>>, clock: &Arc<AtomicI64>, req: &Req) -> Action {
    let mut st = state.lock().unwrap();
    let now = clock.load(Ordering::SeqCst);
    if req.method == "GET"
        && let Some(i) = req.path.find("/payment-requests/")
    {
        *st.requests.entry("verify").or_default() += 1;
        let rpt = req.path[i + "/payment-requests/".len()..].to_string();
        if let Some(a) = unauthorized(&st, req, &["x-api-key"]) {
            return Action::Answer(a);
        }
        let fault = take_fault(&mut st, &Target::Verify(rpt.clone()));
        return with_fault(fault, |_| verify(&st, &rpt));
    }
    if req.method == "POST" && req.path.ends_with("/carts") {
        *st.requests.entry("cart").or_default() += 1;
        if let Some(a) = unauthorized(&st, req, &["ocp-apim-subscription-key"]) {
            return Action::Answer(a);
        }
        let cart = match parse_cart(&st, &req.body) {
            Ok(c) => c,
            Err(detail) => return Action::Answer(problem(400, "Bad Request", &detail)),
        };
        let first = cart.notices.first().cloned().unwrap_or_default();
        let fault = take_fault(&mut st, &Target::Cart(first));
        return with_fault(fault, |times| {
            let mut answer = None;
            for _ in 0..times {
                answer = Some(make_cart(&mut st, cart.clone(), now));
            }
            answer.unwrap_or_else(|| problem(500, "Internal Server Error", "no work"))
        });
    }
    if req.method == "GET"
        && let Some(id) = req.path.strip_prefix("/c/")
    {
        *st.requests.entry("checkout-page").or_default() += 1;
        let payer = req
            .headers
            .get("x-fake-payer")
            .and_then(|p| Payer::from_code(p))
            .unwrap_or(Payer::Leave);
        return Action::Answer(checkout_page(&mut st, id, payer, now));
    }
    *st.requests.entry("other").or_default() += 1;
    Action::Answer(problem(404, "Not Found", "no such operation"))
}

/// Applies a fault around the work: `work(n)` does it `n` times (0: not at all) and gives the
/// normal answer.
fn with_fault(fault: Option<Fault>, work: impl FnOnce(u32) -> Answer) -> Action {
    match fault {
        None => Action::Answer(work(1)),
        Some(Fault::AcceptThenHang) => {
            work(1);
            Action::Hang
        }
        Some(Fault::DropBeforeWork) => Action::Drop,
        Some(Fault::DropAfterWork) => {
            work(1);
            Action::Drop
        }
        Some(Fault::Duplicate) => Action::Twice(work(2)),
        Some(Fault::ServerError { status, after_work }) => {
            if after_work {
                work(1);
            }
            Action::Answer(server_error(status))
        }
        Some(Fault::Slow(d)) => Action::Slow(d, work(1)),
        Some(Fault::InProgress) => {
            Action::Answer(fault_body(409, "PAYMENT_ONGOING", "PPT_PAGAMENTO_IN_CORSO"))
        }
        Some(Fault::CreditorUnavailable) => Action::Answer(server_error(503)),
    }
}

fn unauthorized(st: &State, req: &Req, headers: &[&str]) -> Option<Answer> {
    let key = st.key.as_ref()?;
    let in_header = headers.iter().any(|h| req.headers.get(*h) == Some(key));
    let in_query = req
        .query
        .split('&')
        .any(|kv| kv == format!("subscription-key={key}"));
    if in_header || in_query {
        None
    } else {
        Some(problem(
            401,
            "Unauthorized",
            "missing or wrong subscription key",
        ))
    }
}

fn verify(st: &State, rpt: &str) -> Answer {
    let Some(n) = st.notices.get(rpt) else {
        return fault_body(404, "PAYMENT_UNKNOWN", "PAA_PAGAMENTO_SCONOSCIUTO");
    };
    if n.charges > 0 {
        return fault_body(409, "PAYMENT_DUPLICATED", "PAA_PAGAMENTO_DUPLICATO");
    }
    if n.ongoing > 0 {
        return fault_body(409, "PAYMENT_ONGOING", "PPT_PAGAMENTO_IN_CORSO");
    }
    match n.standing {
        Standing::Expired => fault_body(409, "PAYMENT_EXPIRED", "PAA_PAGAMENTO_SCADUTO"),
        Standing::Revoked => fault_body(409, "PAYMENT_CANCELED", "PAA_PAGAMENTO_ANNULLATO"),
        Standing::DataError => fault_body(404, "PAYMENT_DATA_ERROR", "PPT_DOMINIO_SCONOSCIUTO"),
        Standing::CreditorDown => server_error(503),
        Standing::Payable => {
            let mut body = json!({
                "rptId": rpt,
                "paFiscalCode": &rpt[..11],
                "paName": n.notice.pa_name,
                "description": n.notice.description,
                "amount": n.notice.amount_cents,
                "paymentContextCode": format!("{:032x}", fxhash(rpt)),
            });
            if let Some(d) = &n.notice.due_date {
                body["dueDate"] = json!(d);
            }
            Answer::json(200, &body)
        }
    }
}

fn fxhash(s: &str) -> u128 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a `CartRequest` as the specification says.
fn parse_cart(st: &State, body: &[u8]) -> Result<FakeCart, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let notices = v["paymentNotices"]
        .as_array()
        .ok_or("paymentNotices is missing")?;
    if notices.is_empty() || notices.len() > 5 {
        return Err(format!(
            "paymentNotices has {} items, 1 to 5 allowed",
            notices.len()
        ));
    }
    let mut rpts = Vec::new();
    for (i, n) in notices.iter().enumerate() {
        let nn = n["noticeNumber"].as_str().unwrap_or("");
        let fc = n["fiscalCode"].as_str().unwrap_or("");
        if !digits(nn, 18) {
            return Err(format!(
                "paymentNotices[{i}].noticeNumber must have 18 characters"
            ));
        }
        if !digits(fc, 11) {
            return Err(format!(
                "paymentNotices[{i}].fiscalCode must have 11 characters"
            ));
        }
        let amount = n["amount"]
            .as_i64()
            .filter(|a| *a >= 1)
            .ok_or(format!("paymentNotices[{i}].amount must be an integer ≥ 1"))?;
        for field in ["companyName", "description"] {
            let text = n[field]
                .as_str()
                .ok_or(format!("paymentNotices[{i}].{field} is missing"))?;
            if text.chars().count() > 140 {
                return Err(format!("paymentNotices[{i}].{field} is longer than 140"));
            }
        }
        let rpt = format!("{fc}{nn}");
        if let Some(known) = st.notices.get(&rpt)
            && u64::try_from(amount).ok() != Some(known.notice.amount_cents)
        {
            return Err(format!(
                "paymentNotices[{i}].amount is {amount}, the notice is for {}",
                known.notice.amount_cents
            ));
        }
        rpts.push(rpt);
    }
    let urls = &v["returnUrls"];
    let url = |k: &str| {
        urls[k]
            .as_str()
            .filter(|s| s.contains(':') && !s.contains(char::is_whitespace))
            .map(str::to_string)
            .ok_or(format!("returnUrls.{k} is missing or not a URI"))
    };
    Ok(FakeCart {
        id: String::new(),
        id_cart: v["idCart"].as_str().map(str::to_string),
        notices: rpts,
        ok_url: url("returnOkUrl")?,
        cancel_url: url("returnCancelUrl")?,
        error_url: url("returnErrorUrl")?,
        created_at: 0,
        charged: false,
        paying: false,
        session_ended: false,
    })
}

fn make_cart(st: &mut State, mut cart: FakeCart, now: i64) -> Answer {
    st.next_cart += 1;
    cart.id = format!(
        "{:08x}-fake-cart-{:012x}",
        st.next_cart,
        fxhash(&cart.notices.join(",")) as u64 & 0xffff_ffff_ffff
    );
    cart.created_at = now;
    let location = format!("{}/c/{}", st.base, cart.id);
    st.cart_index.insert(cart.id.clone(), st.carts.len());
    st.carts.push(cart);
    Answer::redirect(&location)
}

/// Back to one of the cart's return URLs.
fn back(url: &str) -> Answer {
    Answer::redirect(url)
}

fn checkout_page(st: &mut State, id: &str, payer: Payer, now: i64) -> Answer {
    let Some(&i) = st.cart_index.get(id) else {
        return Answer::html(404, "No such cart");
    };
    let ttl = st.session_ttl_ms;
    let cart = st.carts[i].clone();
    if cart.charged {
        return back(&cart.ok_url);
    }
    if cart.paying {
        return Answer::html(200, "Payment under way");
    }
    let over = cart.session_ended || ttl.is_some_and(|t| now >= cart.created_at + t);
    if over {
        return back(&cart.error_url);
    }
    let payable = cart.notices.iter().all(|n| {
        st.notices
            .get(n)
            .is_some_and(|ns| ns.standing == Standing::Payable)
    });
    let charge = |st: &mut State| {
        for n in &cart.notices {
            if let Some(ns) = st.notices.get_mut(n) {
                ns.charges += 1;
            }
        }
        st.carts[i].charged = true;
    };
    match payer {
        Payer::Pay | Payer::PayThenError | Payer::PayThenClose | Payer::Start if !payable => {
            back(&cart.error_url)
        }
        Payer::Pay => {
            charge(st);
            back(&cart.ok_url)
        }
        Payer::PayThenError => {
            charge(st);
            back(&cart.error_url)
        }
        Payer::PayThenClose => {
            charge(st);
            Answer::html(200, "Paid")
        }
        Payer::Start => {
            st.carts[i].paying = true;
            for n in &cart.notices {
                if let Some(ns) = st.notices.get_mut(n) {
                    ns.ongoing += 1;
                }
            }
            Answer::html(200, "Payment under way")
        }
        Payer::Cancel => back(&cart.cancel_url),
        Payer::Fail => back(&cart.error_url),
        Payer::Leave => Answer::html(200, "Checkout"),
    }
}
