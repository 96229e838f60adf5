//! The hub as the pagoPA gateway, over real HTTP on 127.0.0.1, against the project's fake
//! pagoPA platform and a fake GPD sharing its truth: staff create a practice's debt position;
//! the citizen's own ledger, running over `HubPlatform`, verifies the notice through the hub,
//! starts a cart, the payer pays on the Checkout page, the ledger reconciles it paid with GPD's
//! receipt; staff read the position paid with that receipt. Also: who may do what, a platform
//! timeout reaching the device as indeterminate, a write retried after no answer, and the keys
//! appearing in no answer and nowhere in the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::time::Duration;

use campanile_core::pagopa::RptId;
use campanile_core::pagopa::ledger::{
    HubPlatform, Ledger, LedgerError, NoticeStatus, Platform, StartRequest,
};
use campanile_core::pagopa::platform::{PlatformConfig, PlatformError, ReturnUrls};
use campanile_core::store::Db as CoreDb;
use campanile_hub::payments::settings::PagoPaKeySource;
use campanile_testkit::gpd::{FakeGpd, GpdFault};
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform, Fault, Payer, Return, Target};
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use url::Url;

/// The platform's key (notice verification and Checkout take the same one in the fake).
const PLATFORM_KEY: &str = "platform-key-2f7c1e9a4b8d3c6e";
const GPD_KEY: &str = "gpd-key-7a1c9e4f2b6d8a3c5e7f";
/// Comune di Fermo, the aggregation's own creditor (tied to Fermo, ISTAT 109006).
const CREDITOR: &str = "00085240950";
/// A creditor outside the aggregation.
const OTHER_CREDITOR: &str = "80016350821";
const NAV: &str = "300715700000000032";
/// The applicant of the practice, the debtor of the example position.
const DEBTOR: &str = "RSSMRA80A01H501U";

struct World {
    platform: FakePlatform,
    gpd: FakeGpd,
    hub: Hub,
    _keys: tempfile::TempDir,
}

fn write_key(dir: &std::path::Path, name: &str, value: &str) {
    let path = dir.join(name);
    std::fs::write(&path, format!("{value}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// The fakes and a hub holding their keys (in private files), with Fermo's creditor as its own.
async fn world(b: &Backend, timeout: Duration) -> World {
    let platform = FakePlatform::start().await;
    platform.require_key(Some(PLATFORM_KEY));
    let gpd = FakeGpd::start_linked(GPD_KEY, &platform).await;
    let keys = tempfile::tempdir().unwrap();
    write_key(keys.path(), "pagopa-payment-requests-key", PLATFORM_KEY);
    write_key(keys.path(), "pagopa-checkout-key", PLATFORM_KEY);
    write_key(keys.path(), "pagopa-gpd-key", GPD_KEY);
    let requests = Url::parse(&platform.payment_requests_base()).unwrap();
    let checkout = Url::parse(&platform.checkout_base()).unwrap();
    let gpd_url = Url::parse(&gpd.url()).unwrap();
    let key_dir = keys.path().to_path_buf();
    let hub = Hub::start_with(b, true, move |s| {
        let p = &mut s.pagopa;
        p.payment_requests_url = requests;
        p.checkout_url = checkout;
        p.gpd_url = gpd_url;
        p.own_creditors.insert(
            campanile_core::pagopa::CreditorFiscalCode::parse(CREDITOR).unwrap(),
            Some(FERMO.to_string()),
        );
        p.keys = PagoPaKeySource::Dir(key_dir);
        p.timeout = timeout;
    })
    .await;
    World {
        platform,
        gpd,
        hub,
        _keys: keys,
    }
}

/// The bundled example position (its debtor is [`DEBTOR`]), due next year.
fn position_file() -> Value {
    let text = include_str!("../../assets/positions/example.json");
    let next = chrono::Utc::now()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        + 1;
    serde_json::from_str(&text.replace("2027-", &format!("{next}-"))).unwrap()
}

async fn open_practice(hub: &Hub, staff: &str) -> String {
    let (s, p) = hub
        .post(
            "/api/v1/practices",
            Some(staff),
            &json!({"procedure": "SUAP-OSP", "applicant": DEBTOR,
                "subject": "Occupazione di suolo pubblico", "comune": FERMO,
                "received": "2026-11-02"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    p["id"].as_str().unwrap().to_string()
}

fn hub_platform(hub: &Hub, token: &str, timeout: Duration) -> HubPlatform {
    HubPlatform::new(PlatformConfig {
        base_url: Url::parse(&hub.base).unwrap(),
        api_key: Some(token.to_string()),
        timeout,
    })
    .unwrap()
}

fn rpt(creditor: &str, nav: &str) -> RptId {
    RptId::parse(&format!("{creditor}{nav}")).unwrap()
}

/// A notice of the creditor outside the aggregation.
fn other_rpt() -> RptId {
    use campanile_core::pagopa::{AuxDigit, CreditorFiscalCode, NoticeNumber};
    RptId::new(
        CreditorFiscalCode::parse(OTHER_CREDITOR).unwrap(),
        NoticeNumber::compose(AuxDigit::Three, "010000000000021").unwrap(),
    )
}

fn return_urls() -> ReturnUrls {
    ReturnUrls {
        ok: Url::parse("https://app.example.it/pay/ok").unwrap(),
        cancel: Url::parse("https://app.example.it/pay/cancel").unwrap(),
        error: Url::parse("https://app.example.it/pay/error").unwrap(),
    }
}

/// Every text the database holds: the SQLite file (and its WAL), or PostgreSQL's rows.
async fn database_text(hub: &Hub) -> String {
    let url = &hub.settings.db_url;
    if let Some(rest) = url.strip_prefix("sqlite://") {
        let path = rest.split('?').next().unwrap();
        let mut bytes = std::fs::read(path).unwrap();
        for side in ["-wal", "-journal"] {
            if let Ok(more) = std::fs::read(format!("{path}{side}")) {
                bytes.extend(more);
            }
        }
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    let mut out = String::new();
    for q in [
        "SELECT subject || fingerprint || body || created_at FROM idempotency",
        "SELECT iupd || creditor || practice_id || position_file || created_by FROM positions",
    ] {
        let rows: Vec<(String,)> = sqlx::query_as(q).fetch_all(&mut conn).await.unwrap();
        for (r,) in rows {
            out.push_str(&r);
        }
    }
    out
}

fn assert_no_key(what: &str, text: &str) {
    for key in [PLATFORM_KEY, GPD_KEY] {
        assert!(!text.contains(key), "{what} holds a pagoPA key");
    }
}

async fn staff_to_citizen_to_checkout_and_back(b: &Backend) {
    let w = world(b, Duration::from_secs(10)).await;
    let hub = &w.hub;
    let mut answers = Vec::new();
    let staff = hub.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let citizen = hub.login(DEBTOR, "citizen", None).await;
    let id = open_practice(hub, &staff).await;

    // Staff create the practice's debt position at GPD.
    let body = json!({"creditor": CREDITOR, "position": position_file()});
    let (s, created) = hub
        .post(
            &format!("/api/v1/practices/{id}/positions"),
            Some(&staff),
            &body,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let iupd = created["iupd"].as_str().unwrap().to_string();
    assert_eq!(created["practice_id"], id.as_str());
    assert_eq!(created["paid"], false);
    let own = rpt(CREDITOR, NAV);
    assert!(
        created["options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["rpt_id"] == own.to_string()),
        "{created}"
    );
    answers.push(created.to_string());

    // The printed notice, while it can be paid.
    let res = hub
        .client
        .get(format!("{}/api/v1/positions/{iupd}/notice.pdf", hub.base))
        .bearer_auth(&citizen)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");

    // The citizen's ledger, over the hub.
    let device = tempfile::tempdir().unwrap();
    let db = Arc::new(CoreDb::open(device.path().join("device.db")).unwrap());
    let ledger = Ledger::with_db(db, hub_platform(hub, &citizen, Duration::from_secs(30)));
    let (s, verified) = hub
        .get(&format!("/api/v1/pay/notices/{own}"), Some(&citizen))
        .await;
    assert_eq!(s, StatusCode::OK, "{verified}");
    assert_eq!(verified["route"], "own-debt-positions");
    assert_eq!(verified["aggregation"], true);
    assert_eq!(verified["notice"]["amount_cents"], 12_000);
    answers.push(verified.to_string());

    let started = ledger
        .start(&StartRequest {
            notices: vec![own],
            return_urls: return_urls(),
            email: None,
        })
        .await
        .unwrap();
    // Verified through GPD: pagoPA's notice verification was never asked; GPD shows no
    // payment under way, and the device knows it.
    assert_eq!(w.platform.request_counts().get("verify"), None);
    assert!(!ledger.platform().sees_payments_under_way(&own));
    let url = started.checkout_url.to_string();
    assert!(url.starts_with(&w.platform.url()), "{url}");

    // The payer pays on the Checkout page; the ledger reconciles it paid, with GPD's receipt.
    assert!(matches!(
        w.platform.visit(&url, Payer::Pay).await,
        Return::Ok(_)
    ));
    assert_eq!(w.platform.charges(&own.to_string()), 1);
    let NoticeStatus::Paid { receipt } = ledger.check(&own).await.unwrap() else {
        panic!("not paid after the payment");
    };
    assert_eq!(receipt.evidence.code, "PO_PAID");
    let paid = receipt
        .evidence
        .receipt
        .clone()
        .expect("GPD's receipt data");
    let receipt_id = paid.receipt_id.clone().expect("a receipt id");
    assert!(paid.paid_at.is_some());

    // Staff read the position paid, with the same receipt; so does the citizen.
    for token in [&staff, &citizen] {
        let (s, p) = hub
            .get(&format!("/api/v1/positions/{iupd}"), Some(token))
            .await;
        assert_eq!(s, StatusCode::OK, "{p}");
        let option = p["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rpt_id"] == own.to_string())
            .unwrap()
            .clone();
        assert_eq!(option["paid"], true, "{p}");
        assert_eq!(option["receipt"]["receipt_id"], receipt_id.as_str(), "{p}");
        assert!(
            p["receipts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["receipt_id"] == receipt_id.as_str()),
            "{p}"
        );
        answers.push(p.to_string());
    }

    // A notice of a creditor outside the aggregation: verified by pagoPA, and said so.
    let other = other_rpt();
    w.platform
        .add_notice(FakeNotice::new(&other.to_string(), 3_000));
    let (s, v) = hub
        .get(&format!("/api/v1/pay/notices/{other}"), Some(&citizen))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["route"], "payment-requests");
    assert_eq!(v["aggregation"], false);
    answers.push(v.to_string());
    let info = ledger.platform().verify(&other).await.unwrap();
    assert_eq!(info.amount.cents(), 3_000);
    assert!(ledger.platform().sees_payments_under_way(&other));

    // The keys are in no answer and nowhere in the database.
    for a in &answers {
        assert_no_key("an answer", a);
    }
    let (_, doc) = hub.get("/openapi.json", None).await;
    assert_no_key("the OpenAPI document", &doc.to_string());
    assert_no_key("the database", &database_text(hub).await);
    // …and the platforms got them.
    assert!(
        w.gpd
            .requests()
            .iter()
            .all(|r| r.key.as_deref() == Some(GPD_KEY))
    );
}

async fn who_may_do_what(b: &Backend) {
    let w = world(b, Duration::from_secs(10)).await;
    let hub = &w.hub;
    let staff = hub.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let staff_ascoli = hub.login(STAFF_ASCOLI, "staff", Some(ASCOLI)).await;
    let citizen = hub.login(DEBTOR, "citizen", None).await;
    let other_citizen = hub.login(OTHER_CITIZEN, "citizen", None).await;
    let admin = hub.login(ADMIN, "admin", None).await;
    let id = open_practice(hub, &staff).await;
    let create = format!("/api/v1/practices/{id}/positions");
    let body = json!({"creditor": CREDITOR, "position": position_file()});

    // Nobody but the comune's staff (or the administrator) creates positions.
    assert_eq!(
        hub.post(&create, None, &body).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        hub.post(&create, Some(&citizen), &body).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        hub.post(&create, Some(&staff_ascoli), &body).await.0,
        StatusCode::NOT_FOUND
    );
    // Only for the aggregation's own creditors.
    let (s, e) = hub
        .post(
            &create,
            Some(&staff),
            &json!({"creditor": OTHER_CREDITOR, "position": position_file()}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "position.not-own-creditor");
    // A file the core refuses, with the core's words.
    let mut bad = position_file();
    bad["options"][0]["amount"] = json!("12,5.0");
    let (s, e) = hub
        .post(
            &create,
            Some(&staff),
            &json!({"creditor": CREDITOR, "position": bad}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "position.bad-file");
    assert_eq!(w.gpd.requests().len(), 0, "nothing reached GPD");

    // Idempotent: the same write retried is answered the same and applied once.
    let key = new_key();
    let (s1, a1) = hub
        .call(Method::POST, &create, Some(&staff), Some(&key), Some(&body))
        .await;
    assert_eq!(s1, StatusCode::CREATED, "{a1}");
    let (s2, a2) = hub
        .call(Method::POST, &create, Some(&staff), Some(&key), Some(&body))
        .await;
    assert_eq!((s2, &a2), (s1, &a1));
    let creates = w
        .gpd
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(creates, 1);
    // A second write of the same position is refused.
    let (s, e) = hub.post(&create, Some(&staff), &body).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");

    let iupd = a1["iupd"].as_str().unwrap();
    let position = format!("/api/v1/positions/{iupd}");
    let pdf = format!("/api/v1/positions/{iupd}/notice.pdf");
    let expect = [
        (None, StatusCode::UNAUTHORIZED),
        (Some(&citizen), StatusCode::OK),
        (Some(&other_citizen), StatusCode::NOT_FOUND),
        (Some(&staff), StatusCode::OK),
        (Some(&staff_ascoli), StatusCode::NOT_FOUND),
        (Some(&admin), StatusCode::OK),
    ];
    for (token, status) in expect {
        assert_eq!(
            hub.get(&position, token.map(String::as_str)).await.0,
            status,
            "{token:?}"
        );
        let mut req = hub.client.get(format!("{}{pdf}", hub.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.unwrap().status(), status, "pdf {token:?}");
    }
    let (s, _) = hub
        .get("/api/v1/positions/nothing-here", Some(&admin))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Paying needs a token; a malformed notice is refused before any call.
    let own = rpt(CREDITOR, NAV);
    assert_eq!(
        hub.get(&format!("/api/v1/pay/notices/{own}"), None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (s, e) = hub.get("/api/v1/pay/notices/123", Some(&citizen)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (s, e) = hub
        .post("/api/v1/pay/carts", Some(&citizen), &json!({"notices": [],
            "return_urls": {"ok": "https://a.it/ok", "cancel": "https://a.it/c", "error": "https://a.it/e"}}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "cart.size");

    // A hub that holds no key says so, and serves no payment.
    let bare = Hub::start(b, true).await;
    let t = bare.login(CITIZEN, "citizen", None).await;
    let (s, e) = bare
        .get(&format!("/api/v1/pay/notices/{own}"), Some(&t))
        .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{e}");
    assert_eq!(e["error"]["code"], "pagopa.not-configured");
}

async fn a_timeout_stays_indeterminate(b: &Backend) {
    let w = world(b, Duration::from_secs(1)).await;
    let hub = &w.hub;
    let staff = hub.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let citizen = hub.login(DEBTOR, "citizen", None).await;
    let id = open_practice(hub, &staff).await;
    let create = format!("/api/v1/practices/{id}/positions");
    let body = json!({"creditor": CREDITOR, "position": position_file()});

    // GPD does not answer a create: the outcome is unknown, and a retry with the same key
    // goes through.
    w.gpd.fault_for(CREDITOR, GpdFault::Hang, 1);
    let key = new_key();
    let (s, e) = hub
        .call(Method::POST, &create, Some(&staff), Some(&key), Some(&body))
        .await;
    assert_eq!(s, StatusCode::GATEWAY_TIMEOUT, "{e}");
    assert_eq!(e["error"]["code"], "pagopa.outcome-unknown");
    let (s, p) = hub
        .call(Method::POST, &create, Some(&staff), Some(&key), Some(&body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");

    // GPD does not answer a verification: the device gets a timeout, never "not payable".
    let own = rpt(CREDITOR, NAV);
    let platform = hub_platform(hub, &citizen, Duration::from_secs(20));
    w.gpd.fault_for(CREDITOR, GpdFault::Hang, 1);
    let err = platform.verify(&own).await.unwrap_err();
    assert_eq!(err, PlatformError::Timeout);
    let (s, v) = hub
        .get(&format!("/api/v1/pay/notices/{own}"), Some(&citizen))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["notice"]["amount_cents"], 12_000, "the fault struck once");
    w.gpd.fault_for(CREDITOR, GpdFault::Hang, 1);
    let device = tempfile::tempdir().unwrap();
    let db = Arc::new(CoreDb::open(device.path().join("device.db")).unwrap());
    let ledger = Ledger::with_db(db, platform.clone());
    match ledger.check(&own).await {
        Err(LedgerError::Unanswered { error, .. }) => assert!(error.is_indeterminate()),
        other => panic!("a timeout read as {other:?}"),
    }

    // pagoPA's notice verification hangs, then Checkout: both reach the device as timeouts.
    let other = other_rpt();
    w.platform
        .add_notice(FakeNotice::new(&other.to_string(), 3_000));
    w.platform
        .inject(Target::Verify(other.to_string()), Fault::AcceptThenHang, 1);
    assert_eq!(
        platform.verify(&other).await.unwrap_err(),
        PlatformError::Timeout
    );
    w.platform
        .inject(Target::Cart(other.to_string()), Fault::AcceptThenHang, 1);
    let err = ledger
        .start(&StartRequest {
            notices: vec![other],
            return_urls: return_urls(),
            email: None,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            LedgerError::NoAnswer {
                error: PlatformError::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    // The attempt stays open: the notice is neither paid nor payable again meanwhile.
    assert!(!matches!(
        ledger.status(&other).unwrap(),
        NoticeStatus::Paid { .. } | NoticeStatus::Payable { .. }
    ));
}

on_both!(staff_to_citizen_to_checkout_and_back);
on_both!(who_may_do_what);
on_both!(a_timeout_stays_indeterminate);

/// A device signed in to the hub pays through its own handle (`Campanile::payments`) with no
/// pagoPA key of its own: the handle's ledger goes through the hub, and the notice ends paid
/// with GPD's receipt. Signed out, the handle asks for its own keys again.
/// A device's handle on its own database file, with an empty secret store.
fn device(db: &std::path::Path, lang: &str) -> campanile_core::Campanile {
    use campanile_core::host::{MemorySecrets, SystemClock};
    use campanile_core::{Campanile, Config, Database, Host};
    Campanile::open(
        Config::new(Database::File(db.to_path_buf()), lang),
        Host {
            secrets: Arc::new(MemorySecrets::default()),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap()
}

/// Signs a device in to the hub with its development login.
async fn sign_in(
    core: &campanile_core::Campanile,
    hub: &Hub,
    subject: &str,
    role: &str,
    comune: Option<&str>,
) {
    core.hub()
        .login_dev(
            &hub.base,
            &campanile_core::hubsync::Login {
                subject: subject.into(),
                role: role.into(),
                comune: comune.map(str::to_string),
            },
        )
        .await
        .unwrap();
}

async fn a_signed_in_device_pays_through_the_hub(b: &Backend) {
    use campanile_core::ErrorClass;
    let w = world(b, Duration::from_secs(10)).await;
    let hub = &w.hub;
    let staff = hub.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let id = open_practice(hub, &staff).await;
    let (s, created) = hub
        .post(
            &format!("/api/v1/practices/{id}/positions"),
            Some(&staff),
            &json!({"creditor": CREDITOR, "position": position_file()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");

    let dir = tempfile::tempdir().unwrap();
    let core = device(&dir.path().join("device.db"), "en");
    let own = rpt(CREDITOR, NAV);
    // No hub session and no keys: the handle cannot pay.
    let err = core.payments().check(&own).await.unwrap_err();
    assert_ne!(err.class, ErrorClass::OutcomeUnknown, "{err:?}");
    sign_in(&core, hub, DEBTOR, "citizen", None).await;
    let started = core
        .payments()
        .start(vec![own], return_urls(), None)
        .await
        .unwrap();
    assert!(
        matches!(
            w.platform
                .visit(started.checkout_url.as_str(), Payer::Pay)
                .await,
            Return::Ok(_)
        ),
        "the payer pays"
    );
    let NoticeStatus::Paid { receipt } = core.payments().check(&own).await.unwrap() else {
        panic!("not paid after the payment");
    };
    assert_eq!(receipt.evidence.code, "PO_PAID");
    assert!(
        receipt
            .evidence
            .receipt
            .is_some_and(|r| r.receipt_id.is_some())
    );
    assert_eq!(w.platform.charges(&own.to_string()), 1);
    // Offline, the receipt is still there.
    assert!(core.payments().receipt(&own).is_ok());
    core.hub().logout().unwrap();
    // Signed out: the device keeps what it knows, and asks for its own keys to ask pagoPA.
    assert!(matches!(
        core.payments().status(&own).unwrap(),
        NoticeStatus::Paid { .. }
    ));
    assert!(core.payments().check(&own).await.is_err());
}
on_both!(a_signed_in_device_pays_through_the_hub);

/// A counter's desk with no pagoPA key: signed in to the hub as staff, it creates a practice's
/// debt position at GPD through the hub, reads whether it was paid, and prints its notice.
async fn a_desk_creates_and_reads_a_position_through_the_hub(b: &Backend) {
    use campanile_core::ErrorClass;
    let w = world(b, Duration::from_secs(10)).await;
    let hub = &w.hub;
    let staff = hub.login(STAFF_FERMO, "staff", Some(FERMO)).await;
    let id = open_practice(hub, &staff).await;

    let desk = tempfile::tempdir().unwrap();
    let core = device(&desk.path().join("desk.db"), "it");
    let file = serde_json::to_vec(&position_file()).unwrap();
    // Not signed in: the desk would use its own key, which it has not; nothing reaches GPD.
    let pos = core.positions();
    assert!(!pos.through_hub());
    let err = pos
        .create_at_desk(Some(&id), CREDITOR, "position.json", &file, true)
        .await
        .unwrap_err();
    assert_ne!(err.class, ErrorClass::OutcomeUnknown, "{err:?}");
    let err = core
        .hub()
        .create_position(&id, CREDITOR, &file, true)
        .await
        .unwrap_err();
    assert_ne!(err.class, ErrorClass::OutcomeUnknown, "{err:?}");
    assert_eq!(w.gpd.requests().len(), 0);

    sign_in(&core, hub, STAFF_FERMO, "staff", Some(FERMO)).await;
    assert!(core.positions().through_hub());
    // A position file that is not one is refused on the desk, before the hub is asked.
    let before = w.gpd.requests().len();
    let bad = core
        .hub()
        .create_position(&id, CREDITOR, b"{\"iupd\": 1}", true)
        .await
        .unwrap_err();
    assert_eq!(bad.class, ErrorClass::BadInput, "{bad:?}");
    assert_eq!(w.gpd.requests().len(), before);

    // The desk's way: through the hub, since it is signed in to one.
    let view = core
        .positions()
        .create_at_desk(Some(&id), CREDITOR, "position.json", &file, true)
        .await
        .unwrap();
    assert!(view.through_hub && !view.paid, "{view:?}");
    let iupd = view.position["iupd"].as_str().unwrap().to_string();
    let created = core.hub().position(&iupd).await.unwrap();
    assert_eq!(created.practice_id, id);
    assert_eq!(created.creditor, CREDITOR);
    assert!(!created.paid);
    let nav = created.options[0].nav.clone().unwrap();
    let read = core.hub().position(&created.iupd).await.unwrap();
    assert!(!read.paid, "{read:?}");
    let pdf = core
        .positions()
        .notice_pdf(CREDITOR, &created.iupd, None)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    // The debtor pays it on pagoPA: the desk reads it paid, on GPD's word, with the receipt.
    let own = rpt(CREDITOR, &nav);
    let payer = device(&desk.path().join("payer.db"), "it");
    sign_in(&payer, hub, DEBTOR, "citizen", None).await;
    let started = payer
        .payments()
        .start(vec![own], return_urls(), None)
        .await
        .unwrap();
    w.platform
        .visit(started.checkout_url.as_str(), Payer::Pay)
        .await;
    let paid = core.hub().position(&created.iupd).await.unwrap();
    assert!(paid.paid, "{paid:?}");
    let seen = core
        .positions()
        .look_up(CREDITOR, &created.iupd)
        .await
        .unwrap();
    assert!(seen.paid && seen.through_hub, "{seen:?}");
    assert!(!paid.receipts.is_empty(), "{paid:?}");
    // The desk's database holds no pagoPA key.
    let text = std::fs::read(desk.path().join("desk.db")).unwrap();
    assert_no_key("the desk's database", &String::from_utf8_lossy(&text));
}
on_both!(a_desk_creates_and_reads_a_position_through_the_hub);
