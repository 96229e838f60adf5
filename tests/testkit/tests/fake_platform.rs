//! The fake pagoPA platform speaks the specifications' wire format, byte for byte as a client
//! sees it (raw HTTP over TCP here), and its truth, payer and faults behave as documented.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use campanile_testkit::FakePlatform;
use campanile_testkit::pagopa_platform::{FakeNotice, Fault, Payer, Return, Standing, Target};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const RPT: &str = "00085240950300715700000000032";
const RPT2: &str = "01199250158301000000000001053";

/// Sends one request (`Connection: close`) and reads everything the server writes, for at most
/// `wait`.
async fn raw(
    p: &FakePlatform,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
    wait: Duration,
) -> String {
    let addr = p.url().trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(wait, s.read_to_end(&mut buf)).await;
    String::from_utf8_lossy(&buf).into_owned()
}

async fn call(p: &FakePlatform, method: &str, path: &str, body: &str) -> (u16, String, Value) {
    let text = raw(p, method, path, "", body, Duration::from_secs(5)).await;
    let status = text.split(' ').nth(1).unwrap().parse().unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let json = serde_json::from_str(body).unwrap_or(Value::Null);
    (status, head.to_string(), json)
}

fn verify_path(rpt: &str) -> String {
    format!("/ecommerce/payment-requests-service/v1/payment-requests/{rpt}")
}

fn cart(rpts: &[(&str, u64)]) -> String {
    json!({
        "paymentNotices": rpts.iter().map(|(r, a)| json!({
            "noticeNumber": &r[11..], "fiscalCode": &r[..11], "amount": a,
            "companyName": "Comune di Fermo", "description": "TARI"})).collect::<Vec<_>>(),
        "returnUrls": {"returnOkUrl": "https://app.example/ok", "returnCancelUrl": "https://app.example/cancel",
                       "returnErrorUrl": "https://app.example/error"},
        "idCart": "17"
    })
    .to_string()
}

#[tokio::test]
async fn verification_answers_as_the_specification_says() {
    let p = FakePlatform::start().await;
    p.add_notice(FakeNotice::new(RPT, 12_345));
    let (status, _, body) = call(&p, "GET", &verify_path(RPT), "").await;
    assert_eq!(status, 200);
    assert_eq!(body["rptId"], RPT);
    assert_eq!(body["paFiscalCode"], "00085240950");
    assert_eq!(body["amount"], 12_345);
    assert_eq!(body["paymentContextCode"].as_str().unwrap().len(), 32);
    assert_eq!(body["dueDate"], "2030-12-31");
    assert!(body["paName"].is_string() && body["description"].is_string());

    let fault = |status: u16, body: &Value, category: &str, code: &str| {
        assert_eq!(
            (
                status,
                body["faultCodeCategory"].as_str(),
                body["faultCodeDetail"].as_str()
            ),
            (status, Some(category), Some(code)),
            "{body}"
        );
    };
    let (s, _, b) = call(&p, "GET", &verify_path(RPT2), "").await;
    assert_eq!(s, 404);
    fault(s, &b, "PAYMENT_UNKNOWN", "PAA_PAGAMENTO_SCONOSCIUTO");
    for (standing, want_status, category, code) in [
        (
            Standing::Expired,
            409,
            "PAYMENT_EXPIRED",
            "PAA_PAGAMENTO_SCADUTO",
        ),
        (
            Standing::Revoked,
            409,
            "PAYMENT_CANCELED",
            "PAA_PAGAMENTO_ANNULLATO",
        ),
        (
            Standing::DataError,
            404,
            "PAYMENT_DATA_ERROR",
            "PPT_DOMINIO_SCONOSCIUTO",
        ),
        (
            Standing::CreditorDown,
            503,
            "DOMAIN_UNKNOWN",
            "PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE",
        ),
    ] {
        p.set_standing(RPT, standing);
        let (s, _, b) = call(&p, "GET", &verify_path(RPT), "").await;
        assert_eq!(s, want_status, "{standing:?}");
        fault(s, &b, category, code);
    }
    p.set_standing(RPT, Standing::Payable);
    p.set_ongoing_elsewhere(RPT, true);
    let (s, _, b) = call(&p, "GET", &verify_path(RPT), "").await;
    fault(s, &b, "PAYMENT_ONGOING", "PPT_PAGAMENTO_IN_CORSO");
    assert_eq!(s, 409);
    p.set_ongoing_elsewhere(RPT, false);
    p.pay_elsewhere(RPT);
    let (s, _, b) = call(&p, "GET", &verify_path(RPT), "").await;
    assert_eq!(s, 409);
    fault(s, &b, "PAYMENT_DUPLICATED", "PPT_PAGAMENTO_DUPLICATO");
    assert_eq!(p.charges(RPT), 1);

    p.require_key(Some("k3y"));
    let (s, _, b) = call(&p, "GET", &verify_path(RPT), "").await;
    assert_eq!((s, b["status"].as_u64()), (401, Some(401)));
    let text = raw(
        &p,
        "GET",
        &verify_path(RPT),
        "x-api-key: k3y\r\n",
        "",
        Duration::from_secs(5),
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 409"), "{text}");
}

#[tokio::test]
async fn carts_are_checked_answered_302_and_paid_by_the_payer() {
    let p = FakePlatform::start().await;
    p.add_notice(FakeNotice::new(RPT, 1_000));
    p.add_notice(FakeNotice::new(RPT2, 2_000));
    let (s, head, _) = call(
        &p,
        "POST",
        "/checkout/ec/v1/carts",
        &cart(&[(RPT, 1_000), (RPT2, 2_000)]),
    )
    .await;
    assert_eq!(s, 302);
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap()
        .to_string();
    assert!(
        location.starts_with(&format!("{}/c/", p.url())),
        "{location}"
    );
    assert_eq!(p.carts()[0].id_cart.as_deref(), Some("17"));

    for bad in [
        cart(&[(RPT, 999)]),
        cart(&[(RPT, 1_000); 6]),
        json!({"paymentNotices": []}).to_string(),
        "{".to_string(),
    ] {
        let (s, _, b) = call(&p, "POST", "/checkout/ec/v1/carts", &bad).await;
        assert_eq!((s, b["status"].as_u64()), (400, Some(400)), "{bad}: {b}");
        assert!(b["detail"].is_string());
    }
    assert_eq!(p.carts().len(), 1);

    // Nothing is paid until the payer pays; a cart is charged once; the return is the cart's.
    assert_eq!(p.charges(RPT), 0);
    assert_eq!(
        p.visit(&location, Payer::Cancel).await,
        Return::Cancel("https://app.example/cancel".into())
    );
    assert_eq!(
        p.visit(&location, Payer::Pay).await,
        Return::Ok("https://app.example/ok".into())
    );
    assert_eq!(
        p.visit(&location, Payer::Pay).await,
        Return::Ok("https://app.example/ok".into())
    );
    assert_eq!((p.charges(RPT), p.charges(RPT2)), (1, 1));
    // A second cart for a paid notice can be paid again: the fake lets a double charge be seen.
    let (_, head, _) = call(&p, "POST", "/checkout/ec/v1/carts", &cart(&[(RPT, 1_000)])).await;
    let second = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap()
        .to_string();
    p.visit(&second, Payer::Pay).await;
    assert_eq!(p.charged_twice(), vec![RPT.to_string()]);
    // Sessions end; payments under way wait for settle.
    let (_, head, _) = call(&p, "POST", "/checkout/ec/v1/carts", &cart(&[(RPT2, 2_000)])).await;
    let third = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap()
        .to_string();
    assert_eq!(p.visit(&third, Payer::Start).await, Return::Stayed);
    assert_eq!(p.settle(RPT2, false), 1);
    p.end_sessions(&[RPT2]);
    assert!(matches!(
        p.visit(&third, Payer::Pay).await,
        Return::Error(_)
    ));
    assert_eq!(p.charges(RPT2), 1);
    assert_eq!(
        p.visit(&format!("{}/c/nope", p.url()), Payer::Pay).await,
        Return::NotFound
    );
}

#[tokio::test]
async fn faults_strike_the_named_operation_and_notice_only() {
    let p = FakePlatform::start().await;
    p.add_notice(FakeNotice::new(RPT, 1_000));
    p.add_notice(FakeNotice::new(RPT2, 2_000));
    let body = cart(&[(RPT, 1_000)]);
    let short = Duration::from_millis(300);

    p.inject(Target::Cart(RPT.into()), Fault::DropBeforeWork, 1);
    assert_eq!(raw(&p, "POST", "/carts", "", &body, short).await, "");
    assert_eq!(p.carts().len(), 0);

    p.inject(Target::Cart(RPT.into()), Fault::DropAfterWork, 1);
    assert_eq!(raw(&p, "POST", "/carts", "", &body, short).await, "");
    assert_eq!(p.carts().len(), 1);

    p.inject(Target::Cart(RPT.into()), Fault::AcceptThenHang, 1);
    assert_eq!(raw(&p, "POST", "/carts", "", &body, short).await, "");
    assert_eq!(p.carts().len(), 2);

    p.inject(Target::Cart(RPT.into()), Fault::Duplicate, 1);
    let text = raw(&p, "POST", "/carts", "", &body, short).await;
    assert_eq!(text.matches("HTTP/1.1 302").count(), 2, "{text}");
    assert_eq!(p.carts().len(), 4);

    p.inject(
        Target::Cart(RPT.into()),
        Fault::ServerError {
            status: 500,
            after_work: true,
        },
        1,
    );
    let (s, _, b) = call(&p, "POST", "/carts", &body).await;
    assert_eq!((s, b["status"].as_u64()), (500, Some(500)));
    assert_eq!(p.carts().len(), 5);

    // A fault on one notice leaves the other alone.
    p.inject(Target::Verify(RPT.into()), Fault::InProgress, 1);
    assert_eq!(call(&p, "GET", &verify_path(RPT2), "").await.0, 200);
    let (s, _, b) = call(&p, "GET", &verify_path(RPT), "").await;
    assert_eq!(
        (s, b["faultCodeCategory"].as_str()),
        (409, Some("PAYMENT_ONGOING"))
    );
    assert_eq!(call(&p, "GET", &verify_path(RPT), "").await.0, 200);

    p.inject(
        Target::Verify(RPT.into()),
        Fault::Slow(Duration::from_millis(400)),
        1,
    );
    assert_eq!(
        raw(
            &p,
            "GET",
            &verify_path(RPT),
            "",
            "",
            Duration::from_millis(100)
        )
        .await,
        ""
    );

    let counts = p.fault_counts();
    for kind in [
        "drop-before-work",
        "drop-after-work",
        "accept-then-hang",
        "duplicate",
        "5xx-after-work",
        "in-progress",
        "slow",
    ] {
        assert_eq!(counts.get(kind), Some(&1), "{kind}: {counts:?}");
    }
    assert_eq!(p.charges(RPT), 0);
}

/// A fake GPD linked to the platform tells one truth: its positions' notices are the
/// platform's, a payment through Checkout reads as the option paid with the receipt's data,
/// paid by hand or invalidated reads as the creditor's answers, and a payment started when the
/// session ends is never charged (its token expired).
#[tokio::test]
async fn the_fake_gpd_and_the_platform_share_one_truth() {
    use campanile_testkit::gpd::FakeGpd;
    let p = FakePlatform::start().await;
    let gpd = FakeGpd::start_linked("k", &p).await;
    let org = &RPT[..11];
    let position = |iupd: &str, iuv: &str| {
        json!({
            "iupd": iupd, "type": "F", "fiscalCode": "RSSMRA80A01D542X", "fullName": "Mario Rossi",
            "companyName": "Comune di Fermo", "switchToExpired": false,
            "paymentOption": [{"iuv": iuv, "amount": 1_000, "description": "TARI",
                "isPartialPayment": false, "dueDate": "2030-12-31T23:59:59",
                "transfer": [{"idTransfer": "1", "amount": 1_000, "remittanceInformation": "TARI",
                              "category": "9/0101101IM/"}]}]
        })
    };
    // A draft is unknown to the platform; published, it is payable for the option's amount.
    assert_eq!(
        gpd.create_position(org, &position("a", &RPT[12..]), false)
            .0,
        201
    );
    let (status, _, body) = call(&p, "GET", &verify_path(RPT), "").await;
    assert_eq!(
        (status, body["faultCodeDetail"].as_str()),
        (404, Some("PAA_PAGAMENTO_SCONOSCIUTO"))
    );
    gpd.set_status(org, "a", "VALID");
    let (status, _, body) = call(&p, "GET", &verify_path(RPT), "").await;
    assert_eq!((status, body["amount"].as_u64()), (200, Some(1_000)));
    // Paid through Checkout: GPD shows the option paid, with the receipt.
    let (_, head, _) = call(&p, "POST", "/checkout/ec/v1/carts", &cart(&[(RPT, 1_000)])).await;
    let url = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap()
        .to_string();
    assert!(matches!(p.visit(&url, Payer::Pay).await, Return::Ok(_)));
    let stored = gpd.position(org, "a").unwrap();
    let option = &stored["paymentOption"][0];
    assert_eq!(stored["status"], "PAID");
    assert_eq!(option["status"], "PO_PAID");
    assert!(option["idReceipt"].as_str().unwrap().contains(&RPT[11..]));
    assert!(
        option["paymentDate"]
            .as_str()
            .unwrap()
            .starts_with("2030-01-01T")
    );
    assert_eq!(option["pspCompany"], "PSP Esempio S.p.A.");
    // Invalidated: the creditor says cancelled.
    let other = "00085240950301000000000001053";
    assert_eq!(
        gpd.create_position(org, &position("b", &other[12..]), true)
            .0,
        201
    );
    gpd.set_status(org, "b", "INVALID");
    let (status, _, body) = call(&p, "GET", &verify_path(other), "").await;
    assert_eq!(
        (status, body["faultCodeDetail"].as_str()),
        (409, Some("PAA_PAGAMENTO_ANNULLATO"))
    );
    // A payment started and not completed when the session ends is not charged.
    gpd.set_status(org, "b", "VALID");
    let (_, head, _) = call(
        &p,
        "POST",
        "/checkout/ec/v1/carts",
        &cart(&[(other, 1_000)]),
    )
    .await;
    let url = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap()
        .to_string();
    assert_eq!(p.visit(&url, Payer::Start).await, Return::Stayed);
    let (status, _, _) = call(&p, "GET", &verify_path(other), "").await;
    assert_eq!(status, 409, "in progress");
    p.end_sessions(&[other]);
    assert_eq!(p.settle(other, true), 0);
    assert_eq!(p.charges(other), 0);
    let (status, _, _) = call(&p, "GET", &verify_path(other), "").await;
    assert_eq!(status, 200, "payable again once the token expired");
    assert_eq!(
        gpd.position(org, "b").unwrap()["paymentOption"][0]["status"],
        "PO_UNPAID"
    );
}
