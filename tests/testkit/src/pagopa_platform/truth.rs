//! What the fake platform knows and does: the notices and carts, the operations of the two
//! specifications with their exact answers, the Checkout page and its payer, and the faults.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::wire::{Action, Answer, Req, reason};
use super::{FakeCart, FakeNotice, Fault, Payer, Standing, Target};

#[derive(Debug)]
pub(crate) struct NoticeState {
    pub(crate) notice: FakeNotice,
    pub(crate) standing: Standing,
    pub(crate) charges: u32,
    /// Carts whose payment is under way.
    pub(crate) ongoing: u32,
    /// Paid through another channel (a bank, a PSP's app), counted in `charges`.
    pub(crate) paid_elsewhere: bool,
    /// When it was first charged (the fake's clock, ms) and through which cart (`None`:
    /// another channel): the receipt the creditor's side (GPD) reports.
    pub(crate) first_charge: Option<(i64, Option<String>)>,
}

impl NoticeState {
    /// A payable notice, never charged.
    pub(crate) fn new(notice: FakeNotice) -> NoticeState {
        NoticeState {
            notice,
            standing: Standing::Payable,
            charges: 0,
            ongoing: 0,
            paid_elsewhere: false,
            first_charge: None,
        }
    }

    /// One more charge, at `now`, through `cart` (`None`: another channel).
    pub(crate) fn charge(&mut self, now: i64, cart: Option<&str>) {
        self.charges += 1;
        if self.first_charge.is_none() {
            self.first_charge = Some((now, cart.map(str::to_string)));
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(super) base: String,
    pub(crate) notices: HashMap<String, NoticeState>,
    pub(super) carts: Vec<FakeCart>,
    pub(super) cart_index: HashMap<String, usize>,
    pub(super) faults: HashMap<Target, Vec<(Fault, u32)>>,
    pub(super) fault_counts: BTreeMap<&'static str, u64>,
    pub(super) requests: BTreeMap<&'static str, u64>,
    pub(super) key: Option<String>,
    pub(super) session_ttl_ms: Option<i64>,
    pub(super) next_cart: u64,
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

pub(super) fn route(state: &Arc<Mutex<State>>, clock: &Arc<AtomicI64>, req: &Req) -> Action {
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
        Some(Fault::Unprocessable) => Action::Answer(problem(
            422,
            "Unprocessable Content",
            "the cart cannot be processed",
        )),
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
    // A payment that went through pagoPA: the node's own duplicate, with the receipt.
    if n.charges > 0 {
        return fault_body(409, "PAYMENT_DUPLICATED", "PPT_PAGAMENTO_DUPLICATO");
    }
    if n.ongoing > 0 {
        return fault_body(409, "PAYMENT_ONGOING", "PPT_PAGAMENTO_IN_CORSO");
    }
    match n.standing {
        Standing::Expired => fault_body(409, "PAYMENT_EXPIRED", "PAA_PAGAMENTO_SCADUTO"),
        Standing::Revoked => fault_body(409, "PAYMENT_CANCELED", "PAA_PAGAMENTO_ANNULLATO"),
        Standing::DataError => fault_body(404, "PAYMENT_DATA_ERROR", "PPT_DOMINIO_SCONOSCIUTO"),
        Standing::Unknown => fault_body(404, "PAYMENT_UNKNOWN", "PAA_PAGAMENTO_SCONOSCIUTO"),
        Standing::CreditorDown => server_error(503),
        Standing::SettledPerCreditor => {
            fault_body(409, "PAYMENT_DUPLICATED", "PAA_PAGAMENTO_DUPLICATO")
        }
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
                ns.charge(now, Some(&cart.id));
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
