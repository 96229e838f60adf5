//! A fake GPD ("Gestione Posizioni Debitorie", `gpd-debt-positions-external-v1.json`): a real
//! HTTP/1.1 server on `127.0.0.1:0` that keeps debt positions the way the platform does and
//! answers in the specification's shapes — create (`201` `PaymentPositionModel`, `409` for an
//! IUPD or IUV already there), read (`PaymentPositionModelBaseResponse`: statuses and payments,
//! no debtor), list (`PaymentPositionsInfo`, paged, newest first), publish and invalidate (`409` when the state does not allow it), `404`
//! `ProblemJson` for what is not there, `401` without the subscription key.
//!
//! Tests play the rest of the world on it: [`FakeGpd::pay`] is a payment taken by a PSP,
//! [`FakeGpd::set_status`] a status this version does not know, [`FakeGpd::fault`] a platform
//! that hangs, drops the connection or fails ([`FakeGpd::fault_for`]: for one creditor's
//! requests, a number of times); every request is logged ([`FakeGpd::requests`]).
//!
//! **One truth with the fake pagoPA platform.** Started with [`FakeGpd::start_linked`], the fake
//! shares the truth of each notice with a [`FakePlatform`]: a position's options are notices the
//! platform's verification and Checkout know (payable while the position is, expired, revoked,
//! unknown or "settled per the creditor" as GPD says), and a notice charged through Checkout (or
//! paid through another channel) reads as its option paid, with the receipt's data (payment
//! date by the platform's clock, PSP, receipt id, method) — as GPD reports a payment once
//! pagoPA sent it the receipt. GPD never sees a payment under way: like the real one, it knows
//! only what was paid.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::FakePlatform;
use crate::pagopa_platform::{FakeNotice, NoticeState, PlatformLink, Standing};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// The path the platform serves the interface under.
pub const PREFIX: &str = "/gpd/debt-positions-service/v1";
/// The header of the specification's security scheme.
pub const KEY_HEADER: &str = "ocp-apim-subscription-key";

/// A request as received.
#[derive(Debug, Clone)]
pub struct GpdRequest {
    pub method: String,
    /// The path after [`PREFIX`], as sent.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The subscription key sent, if any.
    pub key: Option<String>,
    pub body: Vec<u8>,
}

/// How the fake misbehaves, for every request until cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GpdFault {
    /// Read the request, never answer.
    Hang,
    /// Read the request, close the connection without a byte.
    Drop,
    /// Answer with this status and a `ProblemJson`.
    Status(u16),
}

#[derive(Default)]
struct State {
    key: String,
    /// (organization, IUPD) → the position as stored (`PaymentPositionModel` plus the
    /// platform's own fields).
    positions: BTreeMap<(String, String), Value>,
    /// The keys of `positions` in the order they were created.
    created: Vec<(String, String)>,
    fault: Option<GpdFault>,
    /// Faults for one creditor's requests, each for a number of requests.
    faults_for: BTreeMap<String, Vec<(GpdFault, u32)>>,
    fault_counts: BTreeMap<&'static str, u64>,
    log: Vec<GpdRequest>,
    /// The platform whose truth this fake shares.
    link: Option<PlatformLink>,
}

/// The running fake; it stops when dropped.
pub struct FakeGpd {
    base: String,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGpd {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeGpd {
    /// Starts a fake that accepts requests carrying `key` in [`KEY_HEADER`].
    pub async fn start(key: &str) -> FakeGpd {
        FakeGpd::start_with(key, None).await
    }

    /// Starts a fake that shares the truth of its notices with `platform` (see the module's
    /// documentation).
    pub async fn start_linked(key: &str, platform: &FakePlatform) -> FakeGpd {
        FakeGpd::start_with(key, Some(platform.link())).await
    }

    async fn start_with(key: &str, link: Option<PlatformLink>) -> FakeGpd {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            key: key.to_string(),
            link,
            ..State::default()
        }));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = shared.clone();
                tokio::spawn(async move { serve(stream, state).await });
            }
        });
        FakeGpd {
            base: format!("http://{addr}{PREFIX}"),
            state,
            task,
        }
    }

    /// The base URL to give the client (ends with [`PREFIX`]).
    pub fn url(&self) -> String {
        self.base.clone()
    }

    /// Misbehave from now on (`None`: behave again).
    pub fn fault(&self, fault: Option<GpdFault>) {
        self.state.lock().unwrap().fault = fault;
    }

    /// The next `times` requests about creditor `org` misbehave (after any queued before).
    pub fn fault_for(&self, org: &str, fault: GpdFault, times: u32) {
        self.state
            .lock()
            .unwrap()
            .faults_for
            .entry(org.to_string())
            .or_default()
            .push((fault, times));
    }

    /// Forgets the faults not yet used for `org`.
    pub fn clear_faults_for(&self, org: &str) {
        self.state.lock().unwrap().faults_for.remove(org);
    }

    /// How many times each kind of fault struck (`hang`, `drop`, `status`).
    pub fn fault_counts(&self) -> BTreeMap<&'static str, u64> {
        self.state.lock().unwrap().fault_counts.clone()
    }

    pub fn requests(&self) -> Vec<GpdRequest> {
        self.state.lock().unwrap().log.clone()
    }

    /// The position as stored, with its status.
    pub fn position(&self, org: &str, iupd: &str) -> Option<Value> {
        let mut s = self.state.lock().unwrap();
        pull_payments(&mut s, Some(org));
        s.positions
            .get(&(org.to_string(), iupd.to_string()))
            .cloned()
    }

    /// Creates a position as `POST …/debtpositions` (published with `publish`) would, without
    /// a request: the answer's status and body.
    pub fn create_position(&self, org: &str, body: &Value, publish: bool) -> (u16, Value) {
        let req = GpdRequest {
            method: "POST".into(),
            path: format!("/organizations/{org}/debtpositions"),
            query: vec![("toPublish".into(), publish.to_string())],
            key: None,
            body: body.to_string().into_bytes(),
        };
        let mut s = self.state.lock().unwrap();
        let answer = create(&mut s, org, &req);
        push_standings(&mut s, Some(org), &[]);
        answer
    }

    /// Gives a position a status of the fake's choosing (e.g. one the client does not know).
    pub fn set_status(&self, org: &str, iupd: &str, status: &str) {
        let mut s = self.state.lock().unwrap();
        let p = s
            .positions
            .get_mut(&(org.to_string(), iupd.to_string()))
            .expect("a position to set the status of");
        p["status"] = json!(status);
        push_standings(&mut s, Some(org), &[]);
    }

    /// A PSP took the payment of option `iuv`: the option turns `PO_PAID` with a receipt,
    /// the position `PAID` or, while other instalments are unpaid, `PARTIALLY_PAID`. Linked to
    /// a platform, the notice is charged there too (paid through another channel).
    pub fn pay(&self, org: &str, iupd: &str, iuv: &str) {
        let mut s = self.state.lock().unwrap();
        let link = s.link.clone();
        let p = s
            .positions
            .get_mut(&(org.to_string(), iupd.to_string()))
            .expect("a position to pay");
        let nav = p["paymentOption"]
            .as_array()
            .and_then(|os| os.iter().find(|o| o["iuv"] == iuv))
            .and_then(|o| o["nav"].as_str().map(str::to_string))
            .expect("an option with that IUV");
        let paid = Receipt {
            date: now(),
            method: "CP",
            psp: "Banca Esempio S.p.A.",
            id: format!("rec-{iuv}"),
        };
        if let Some(link) = link {
            let ms = link.clock.load(std::sync::atomic::Ordering::SeqCst);
            if let Some(n) = link
                .state
                .lock()
                .unwrap()
                .notices
                .get_mut(&format!("{org}{nav}"))
            {
                n.charge(ms, None);
                n.paid_elsewhere = true;
            }
        }
        pay_option(p, &nav, &paid);
        push_standings(&mut s, Some(org), &[]);
    }
}

/// The receipt's data GPD keeps on a paid option.
struct Receipt {
    date: String,
    method: &'static str,
    psp: &'static str,
    id: String,
}

/// Option `nav` of position `p` turns `PO_PAID` with `receipt`; the position `PAID` or, while
/// other instalments are unpaid, `PARTIALLY_PAID`.
fn pay_option(p: &mut Value, nav: &str, receipt: &Receipt) {
    let Some(options) = p["paymentOption"].as_array_mut() else {
        return;
    };
    let Some(o) = options.iter_mut().find(|o| o["nav"] == nav) else {
        return;
    };
    let partial = o["isPartialPayment"].as_bool().unwrap_or(false);
    o["status"] = json!("PO_PAID");
    o["paymentDate"] = json!(receipt.date);
    o["paymentMethod"] = json!(receipt.method);
    o["pspCompany"] = json!(receipt.psp);
    o["idReceipt"] = json!(receipt.id);
    o["fee"] = json!(150);
    let all_paid = !partial
        || options
            .iter()
            .filter(|o| o["isPartialPayment"] == true)
            .all(|o| o["status"] == "PO_PAID");
    p["status"] = json!(if all_paid { "PAID" } else { "PARTIALLY_PAID" });
    p["paymentDate"] = json!(receipt.date);
}

/// The notices the platform charged (through Checkout or another channel) read as their
/// options paid, with the receipt's data — what GPD shows once pagoPA sent the receipt.
fn pull_payments(s: &mut State, only: Option<&str>) {
    let Some(link) = s.link.clone() else {
        return;
    };
    let platform = link.state.lock().unwrap();
    let from = (only.unwrap_or_default().to_string(), String::new());
    for ((org, _), p) in s.positions.range_mut(from..) {
        if only.is_some_and(|o| o != org) {
            break;
        }
        let unpaid: Vec<(String, i64, Option<String>)> = p["paymentOption"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|o| o["status"] == "PO_UNPAID")
            .filter_map(|o| {
                let nav = o["nav"].as_str()?.to_string();
                let n = platform.notices.get(&format!("{org}{nav}"))?;
                let (at, cart) = n.first_charge.clone()?;
                Some((nav, at, cart))
            })
            .collect();
        for (nav, at, cart) in unpaid {
            let receipt = Receipt {
                date: rfc3339(at.div_euclid(1000)),
                method: "CP",
                psp: "PSP Esempio S.p.A.",
                id: match cart {
                    Some(cart) => format!("{cart}-{nav}"),
                    None => format!("rec-{nav}"),
                },
            };
            pay_option(p, &nav, &receipt);
        }
    }
}

/// What the platform says of each option's notice follows its position (`removed`: notices
/// of positions deleted, which the platform no longer knows).
fn push_standings(s: &mut State, only: Option<&str>, removed: &[String]) {
    let Some(link) = s.link.clone() else {
        return;
    };
    let mut platform = link.state.lock().unwrap();
    for rpt in removed {
        if let Some(n) = platform.notices.get_mut(rpt) {
            n.standing = Standing::Unknown;
        }
    }
    let from = (only.unwrap_or_default().to_string(), String::new());
    for ((org, _), p) in s.positions.range(from..) {
        if only.is_some_and(|o| o != org) {
            break;
        }
        let status = p["status"].as_str().unwrap_or_default();
        for o in p["paymentOption"].as_array().into_iter().flatten() {
            let Some(nav) = o["nav"].as_str() else {
                continue;
            };
            let partial = o["isPartialPayment"].as_bool().unwrap_or(false);
            let standing = match (status, o["status"].as_str().unwrap_or_default()) {
                // Paid by hand (outside pagoPA) or through the platform: the creditor says so.
                (_, opt) if opt != "PO_UNPAID" => Standing::SettledPerCreditor,
                ("DRAFT", _) => Standing::Unknown,
                ("PUBLISHED", _) if p["validityDate"].is_string() => Standing::Unknown,
                ("VALID" | "PUBLISHED", _) => Standing::Payable,
                ("PARTIALLY_PAID", _) if partial => Standing::Payable,
                ("PARTIALLY_PAID" | "PAID" | "REPORTED", _) => Standing::SettledPerCreditor,
                ("INVALID", _) => Standing::Revoked,
                ("EXPIRED", _) => Standing::Expired,
                _ => Standing::DataError,
            };
            let rpt = format!("{org}{nav}");
            let n = platform.notices.entry(rpt.clone()).or_insert_with(|| {
                let mut notice = FakeNotice::new(&rpt, 0);
                notice.pa_name = p["companyName"].as_str().unwrap_or_default().to_string();
                notice.due_date = o["dueDate"].as_str().map(|d| d.chars().take(10).collect());
                let mut state = NoticeState::new(notice);
                state.standing = Standing::Unknown;
                state
            });
            n.notice.amount_cents = o["amount"].as_u64().unwrap_or_default();
            if let Some(d) = o["description"].as_str() {
                n.notice.description = d.to_string();
            }
            n.standing = standing;
        }
    }
}

/// Now, as the platform writes instants (RFC 3339, UTC).
fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64;
    rfc3339(secs)
}

/// Seconds since the Unix epoch as RFC 3339, UTC.
fn rfc3339(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        201 => "Created",
        401 => "Unauthorized",
        other => crate::http::reason(other),
    }
}

fn problem(status: u16, detail: &str) -> (u16, Value) {
    (
        status,
        json!({ "title": reason(status), "status": status, "detail": detail }),
    )
}

/// The notice number of an IUV: aux digit 3 (segregation code) followed by the IUV, as for a
/// creditor whose IUVs carry their check digits.
fn nav(iuv: &str) -> String {
    format!("3{iuv}")
}

/// Checks what the specification requires of a `PaymentPositionModel`.
fn check_new(body: &Value) -> Result<(), String> {
    for field in [
        "iupd",
        "type",
        "fiscalCode",
        "fullName",
        "companyName",
        "switchToExpired",
    ] {
        if body.get(field).is_none_or(Value::is_null) {
            return Err(format!("{field} is required"));
        }
    }
    let options = body["paymentOption"]
        .as_array()
        .filter(|o| !o.is_empty())
        .ok_or("paymentOption is required")?;
    for o in options {
        for field in [
            "iuv",
            "amount",
            "description",
            "isPartialPayment",
            "dueDate",
        ] {
            if o.get(field).is_none_or(Value::is_null) {
                return Err(format!("paymentOption.{field} is required"));
            }
        }
        let transfers = o["transfer"]
            .as_array()
            .filter(|t| !t.is_empty())
            .ok_or("paymentOption.transfer is required")?;
        for t in transfers {
            for field in ["idTransfer", "amount", "remittanceInformation", "category"] {
                if t.get(field).is_none_or(Value::is_null) {
                    return Err(format!("transfer.{field} is required"));
                }
            }
        }
    }
    Ok(())
}

/// The answer to create, publish and invalidate: the stored position as a
/// `PaymentPositionModel` (the debtor included; options with their `nav`, without statuses).
fn model(p: &Value) -> Value {
    let mut out = p.clone();
    let obj = out.as_object_mut().unwrap();
    for internal in [
        "organizationFiscalCode",
        "insertedDate",
        "publishDate",
        "lastUpdatedDate",
    ] {
        obj.remove(internal);
    }
    if let Some(options) = obj.get_mut("paymentOption").and_then(Value::as_array_mut) {
        for o in options {
            let o = o.as_object_mut().unwrap();
            o.retain(|k, _| {
                [
                    "nav",
                    "iuv",
                    "amount",
                    "description",
                    "isPartialPayment",
                    "dueDate",
                    "retentionDate",
                    "fee",
                    "notificationFee",
                    "transfer",
                    "paymentOptionMetadata",
                ]
                .contains(&k.as_str())
            });
        }
    }
    out
}

/// The answer to a read: `PaymentPositionModelBaseResponse` (no debtor).
fn base_response(p: &Value) -> Value {
    let mut out = json!({});
    for field in [
        "iupd",
        "organizationFiscalCode",
        "type",
        "companyName",
        "officeName",
        "insertedDate",
        "publishDate",
        "validityDate",
        "paymentDate",
        "status",
        "lastUpdatedDate",
    ] {
        if let Some(v) = p.get(field).filter(|v| !v.is_null()) {
            out[field] = v.clone();
        }
    }
    let org = p["organizationFiscalCode"].clone();
    out["paymentOption"] = p["paymentOption"]
        .as_array()
        .map(|options| {
            options
                .iter()
                .map(|o| {
                    let mut o = o.clone();
                    o["organizationFiscalCode"] = org.clone();
                    if let Some(ts) = o["transfer"].as_array_mut() {
                        for t in ts {
                            if t.get("organizationFiscalCode").is_none() {
                                t["organizationFiscalCode"] = org.clone();
                            }
                            t["status"] = json!("T_UNREPORTED");
                        }
                    }
                    o
                })
                .collect()
        })
        .unwrap_or_else(|| json!([]));
    out
}

fn route(state: &mut State, req: &GpdRequest) -> (u16, Value) {
    if req.key.as_deref() != Some(state.key.as_str()) {
        return (401, Value::Null);
    }
    let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    match (req.method.as_str(), segments.as_slice()) {
        ("POST", ["organizations", org, "debtpositions"]) => create(state, org, req),
        ("PUT", ["organizations", org, "debtpositions", iupd]) => update(state, org, iupd, req),
        ("DELETE", ["organizations", org, "debtpositions", iupd]) => {
            let key = (org.to_string(), iupd.to_string());
            let Some(p) = state.positions.get(&key) else {
                return problem(404, &format!("No debt position found with IUPD {iupd}"));
            };
            let status = p["status"].as_str().unwrap_or_default().to_string();
            if !matches!(status.as_str(), "DRAFT" | "PUBLISHED" | "VALID") || any_option_paid(p) {
                return problem(
                    409,
                    &format!("Debt position {iupd} is {status}: it cannot be deleted"),
                );
            }
            state.positions.remove(&key);
            state.created.retain(|k| *k != key);
            (200, json!("OK"))
        }
        ("POST", ["organizations", org, "paymentoptions", "paids", nav]) => {
            mark_paid(state, org, nav, req)
        }
        ("GET", ["organizations", org, "debtpositions"]) => list(state, org, req),
        ("GET", ["organizations", org, "debtpositions", iupd]) => {
            match state.positions.get(&(org.to_string(), iupd.to_string())) {
                Some(p) => (200, base_response(p)),
                None => problem(404, &format!("No debt position found with IUPD {iupd}")),
            }
        }
        ("POST", ["organizations", org, "debtpositions", iupd, action]) => {
            let Some(p) = state
                .positions
                .get_mut(&(org.to_string(), iupd.to_string()))
            else {
                return problem(404, &format!("No debt position found with IUPD {iupd}"));
            };
            let status = p["status"].as_str().unwrap_or_default().to_string();
            let next = match (*action, status.as_str()) {
                ("publish", "DRAFT") => "VALID",
                ("invalidate", "VALID" | "PUBLISHED") => "INVALID",
                ("publish", _) => {
                    return problem(
                        409,
                        &format!("Debt position {iupd} is {status}: only a DRAFT can be published"),
                    );
                }
                ("invalidate", _) => {
                    return problem(
                        409,
                        &format!("Debt position {iupd} is {status}: it cannot be invalidated"),
                    );
                }
                _ => return problem(404, "No such operation"),
            };
            p["status"] = json!(next);
            p["lastUpdatedDate"] = json!(now());
            if next == "VALID" {
                p["publishDate"] = json!(now());
            }
            (200, model(p))
        }
        _ => problem(404, "No such resource"),
    }
}

/// The list (`PaymentPositionsInfo`): `limit` (default 10, at most 50), `page` (from 0) and
/// `status` as the specification says; newest first (the default ordering); the date filters
/// and other orderings are ignored.
fn list(state: &State, org: &str, req: &GpdRequest) -> (u16, Value) {
    let param = |name: &str| {
        req.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Ok(limit) = param("limit").unwrap_or("10").parse::<usize>() else {
        return problem(400, "limit is not a number");
    };
    let Ok(page) = param("page").unwrap_or("0").parse::<usize>() else {
        return problem(400, "page is not a number");
    };
    if !(1..=50).contains(&limit) {
        return problem(400, "limit must be from 1 to 50");
    }
    let status = param("status");
    let all: Vec<&Value> = state
        .created
        .iter()
        .rev()
        .filter(|(o, _)| o == org)
        .filter_map(|k| state.positions.get(k))
        .filter(|p| status.is_none_or(|s| p["status"] == s))
        .collect();
    let items: Vec<Value> = all
        .iter()
        .skip(page * limit)
        .take(limit)
        .map(|p| base_response(p))
        .collect();
    (
        200,
        json!({
            "payment_position_list": items,
            "page_info": {
                "page": page,
                "limit": limit,
                "items_found": items.len(),
                "total_pages": all.len().div_ceil(limit),
            }
        }),
    )
}

fn any_option_paid(p: &Value) -> bool {
    p["paymentOption"]
        .as_array()
        .is_some_and(|os| os.iter().any(|o| o["status"] != "PO_UNPAID"))
}

/// `PUT`: replaces a position nobody has paid (DRAFT, PUBLISHED or VALID), keeping its IUVs'
/// uniqueness; 409 otherwise, 404 when it is not there.
fn update(state: &mut State, org: &str, iupd: &str, req: &GpdRequest) -> (u16, Value) {
    let key = (org.to_string(), iupd.to_string());
    let Some(old) = state.positions.get(&key) else {
        return problem(404, &format!("No debt position found with IUPD {iupd}"));
    };
    let status = old["status"].as_str().unwrap_or_default().to_string();
    if !matches!(status.as_str(), "DRAFT" | "PUBLISHED" | "VALID") || any_option_paid(old) {
        return problem(
            409,
            &format!("Debt position {iupd} is {status}: it cannot be updated"),
        );
    }
    let same = serde_json::from_slice::<Value>(&req.body)
        .ok()
        .is_some_and(|b| b["iupd"] == iupd);
    if !same {
        return problem(400, "iupd in the body differs from the path's");
    }
    let old = old.clone();
    state.positions.remove(&key);
    let (code, answer) = create(state, org, req);
    match code {
        201 => {
            let p = state.positions.get_mut(&key).unwrap();
            p["insertedDate"] = old["insertedDate"].clone();
            state.created.retain(|k| *k != key);
            state.created.push(key.clone());
            let mut answer = answer;
            answer["iupd"] = json!(iupd);
            (200, answer)
        }
        _ => {
            state.positions.insert(key, old);
            (code, answer)
        }
    }
}

/// `POST …/paymentoptions/paids/{nav}`: the option was paid outside pagoPA on `paymentDate`;
/// 404 for an unknown notice, 409 when it is paid already or its position cannot be paid.
fn mark_paid(state: &mut State, org: &str, nav: &str, req: &GpdRequest) -> (u16, Value) {
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return problem(400, "The body is not JSON");
    };
    let Some(date) = body["paymentDate"].as_str().map(str::to_string) else {
        return problem(400, "paymentDate is required");
    };
    let Some(p) = state
        .positions
        .iter_mut()
        .filter(|((o, _), _)| o == org)
        .map(|(_, p)| p)
        .find(|p| {
            p["paymentOption"]
                .as_array()
                .is_some_and(|os| os.iter().any(|o| o["nav"] == nav))
        })
    else {
        return problem(404, &format!("No payment option found with NAV {nav}"));
    };
    let status = p["status"].as_str().unwrap_or_default().to_string();
    if !matches!(status.as_str(), "VALID" | "PARTIALLY_PAID") {
        return problem(
            409,
            &format!("The debt position is {status}: it cannot be paid"),
        );
    }
    let options = p["paymentOption"].as_array_mut().unwrap();
    let o = options.iter_mut().find(|o| o["nav"] == nav).unwrap();
    if o["status"] != "PO_UNPAID" {
        return problem(409, &format!("The payment option {nav} is already paid"));
    }
    o["status"] = json!("PO_PAID");
    o["paymentDate"] = json!(date);
    o["paymentMethod"] = json!("BY_HAND");
    let partial = o["isPartialPayment"].as_bool().unwrap_or(false);
    let answer = json!({ "nav": nav, "iuv": o["iuv"], "organizationFiscalCode": org,
                         "amount": o["amount"], "status": "PO_PAID" });
    let all_paid = !partial
        || options
            .iter()
            .filter(|o| o["isPartialPayment"] == true)
            .all(|o| o["status"] == "PO_PAID");
    p["status"] = json!(if all_paid { "PAID" } else { "PARTIALLY_PAID" });
    p["paymentDate"] = json!(date);
    (200, answer)
}

fn create(state: &mut State, org: &str, req: &GpdRequest) -> (u16, Value) {
    let Ok(mut body) = serde_json::from_slice::<Value>(&req.body) else {
        return problem(400, "The body is not JSON");
    };
    if let Err(e) = check_new(&body) {
        return problem(400, &e);
    }
    let iupd = body["iupd"].as_str().unwrap_or_default().to_string();
    if state
        .positions
        .contains_key(&(org.to_string(), iupd.clone()))
    {
        return problem(409, &format!("Debt position {iupd} already exists"));
    }
    let taken: Vec<String> = state
        .positions
        .iter()
        .filter(|((o, _), _)| o == org)
        .flat_map(|(_, p)| p["paymentOption"].as_array().cloned().unwrap_or_default())
        .filter_map(|o| o["iuv"].as_str().map(str::to_string))
        .collect();
    let publish = req
        .query
        .iter()
        .any(|(k, v)| k == "toPublish" && v == "true");
    let now = now();
    for o in body["paymentOption"].as_array_mut().unwrap() {
        let iuv = o["iuv"].as_str().unwrap_or_default().to_string();
        if taken.contains(&iuv) {
            return problem(409, &format!("IUV {iuv} is used by another debt position"));
        }
        o["nav"] = json!(nav(&iuv));
        o["status"] = json!("PO_UNPAID");
        o["insertedDate"] = json!(now);
    }
    body["organizationFiscalCode"] = json!(org);
    body["status"] = json!(if publish { "VALID" } else { "DRAFT" });
    body["insertedDate"] = json!(now);
    body["lastUpdatedDate"] = json!(now);
    if publish {
        body["publishDate"] = json!(now);
    }
    let answer = model(&body);
    state.created.push((org.to_string(), iupd.clone()));
    state.positions.insert((org.to_string(), iupd), body);
    (201, answer)
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    let (fault, (status, body)) = {
        let mut s = state.lock().unwrap();
        s.log.push(req.clone());
        let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
        let org = match segments.as_slice() {
            ["organizations", org, ..] => Some(org.to_string()),
            _ => None,
        };
        let fault = s.fault.clone().or_else(|| {
            let queue = s.faults_for.get_mut(org.as_deref()?)?;
            let slot = queue.iter_mut().find(|(_, n)| *n > 0)?;
            slot.1 -= 1;
            Some(slot.0.clone())
        });
        if let Some(f) = &fault {
            let kind = match f {
                GpdFault::Hang => "hang",
                GpdFault::Drop => "drop",
                GpdFault::Status(_) => "status",
            };
            *s.fault_counts.entry(kind).or_default() += 1;
        }
        let answer = match &fault {
            None => {
                pull_payments(&mut s, org.as_deref());
                let known = |s: &State| -> Vec<String> {
                    s.positions
                        .iter()
                        .filter(|((o, _), _)| Some(o) == org.as_ref())
                        .flat_map(|((o, _), p)| {
                            p["paymentOption"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|opt| opt["nav"].as_str().map(|n| format!("{o}{n}")))
                                .collect::<Vec<_>>()
                        })
                        .collect()
                };
                let before = if req.method == "DELETE" {
                    known(&s)
                } else {
                    Vec::new()
                };
                let answer = route(&mut s, &req);
                if req.method != "GET" {
                    let after = known(&s);
                    let removed: Vec<String> =
                        before.into_iter().filter(|r| !after.contains(r)).collect();
                    push_standings(&mut s, org.as_deref(), &removed);
                }
                answer
            }
            Some(GpdFault::Status(code)) => problem(*code, "Fault injected by the test"),
            Some(_) => (0, Value::Null),
        };
        (fault, answer)
    };
    match fault {
        Some(GpdFault::Hang) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
        Some(GpdFault::Drop) => {
            let _ = stream.shutdown().await;
            return;
        }
        _ => {}
    }
    let body = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    if !body.is_empty() {
        let ct = if status < 400 {
            "application/json"
        } else {
            "application/problem+json"
        };
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&body).await;
    let _ = stream.flush().await;
    let _ = stream.shutdown().await;
}

/// One request, head and body (`Content-Length`).
async fn read_request(stream: &mut TcpStream) -> Option<GpdRequest> {
    let raw = crate::http::read_raw_request(stream, &mut Vec::new()).await?;
    let (path, query) = raw.path_and_query();
    let query = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Some(GpdRequest {
        method: raw.method.clone(),
        path: path.strip_prefix(PREFIX).unwrap_or(path).to_string(),
        query,
        key: raw.headers.get(KEY_HEADER).cloned(),
        body: raw.body.clone(),
    })
}
