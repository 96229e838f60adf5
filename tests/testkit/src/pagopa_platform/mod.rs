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

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;

mod truth;
mod wire;

pub(crate) use truth::{NoticeState, State};

/// What a fake GPD shares with the platform: its notices' truth and its clock.
#[derive(Debug, Clone)]
pub(crate) struct PlatformLink {
    pub(crate) state: Arc<Mutex<State>>,
    pub(crate) clock: Arc<AtomicI64>,
}
use wire::{Browser, serve};

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
    /// 409 `PAYMENT_DUPLICATED` / `PAA_PAGAMENTO_DUPLICATO`: the creditor says it is settled
    /// (e.g. the payment in full of a plan some of whose instalments are paid), though no
    /// payment of this notice went through pagoPA.
    SettledPerCreditor,
    /// 404 `PAYMENT_UNKNOWN` / `PAA_PAGAMENTO_SCONOSCIUTO`: the creditor does not know it (a
    /// debt position not published yet, or deleted).
    Unknown,
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
    /// 422 `ProblemJson` before any work: the request was read and refused as it is (Checkout's
    /// answer to a cart it will not take).
    Unprocessable,
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
            Fault::Unprocessable => "unprocessable",
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
        self.lock()
            .notices
            .insert(notice.rpt_id.clone(), NoticeState::new(notice));
    }

    /// Sets what the creditor says about a notice.
    pub fn set_standing(&self, rpt_id: &str, standing: Standing) {
        if let Some(n) = self.lock().notices.get_mut(rpt_id) {
            n.standing = standing;
        }
    }

    /// The notice is paid through another channel (one charge, not through a cart).
    pub fn pay_elsewhere(&self, rpt_id: &str) {
        let now = self.now_ms();
        if let Some(n) = self.lock().notices.get_mut(rpt_id) {
            n.charge(now, None);
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
    /// paid, and a payment under way in them that did not complete fails with its payment
    /// token (whose life, at most 30 minutes by pagoPA's rules, is within the session): nothing
    /// is charged and the notices are no longer "in progress" for it.
    pub fn end_sessions(&self, rpt_ids: &[&str]) {
        let mut st = self.lock();
        let mut released = Vec::new();
        for c in st.carts.iter_mut() {
            if c.notices.iter().any(|n| rpt_ids.contains(&n.as_str())) {
                c.session_ended = true;
                if c.paying {
                    c.paying = false;
                    released.extend(c.notices.iter().cloned());
                }
            }
        }
        for n in released {
            if let Some(ns) = st.notices.get_mut(&n) {
                ns.ongoing = ns.ongoing.saturating_sub(1);
            }
        }
    }

    /// The link a fake GPD keeps to this platform, so that both tell one truth.
    pub(crate) fn link(&self) -> PlatformLink {
        PlatformLink {
            state: self.state.clone(),
            clock: self.clock.clone(),
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
        let now = self.now_ms();
        for &i in &idx {
            let notices = st.carts[i].notices.clone();
            let cart = st.carts[i].id.clone();
            st.carts[i].paying = false;
            st.carts[i].charged = paid;
            for n in notices {
                if let Some(ns) = st.notices.get_mut(&n) {
                    ns.ongoing = ns.ongoing.saturating_sub(1);
                    if paid {
                        ns.charge(now, Some(&cart));
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
