//! The platform clients against a fake platform of our own on 127.0.0.1
//! (`support/platform_server.rs`) that answers with every status and fault the specifications
//! list, and with the faults of a network: no answer, a dropped connection, a body cut short, a
//! slow answer, malformed JSON, a redirect without `Location`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/platform_server.rs"]
mod platform_server;

use std::time::{Duration, Instant};

use campanile_core::i18n::I18n;
use campanile_core::pagopa::platform::{
    CartNotice, CheckoutCart, CheckoutClient, DebtPosition, DebtorKind, GpdClient, Metadata,
    NewDebtPosition, NewPaymentOption, NewTransfer, OptionStatus, PaymentRequestsClient,
    PlatformConfig, PlatformError, PositionDebtor, PositionStatus, ReturnUrls, Stamp,
    TransferDestination, fault_codes,
};
use campanile_core::pagopa::{Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use campanile_core::time::{CivilDate, parse_civil_date};
use platform_server::{Behaviour, FakePlatform};
use serde_json::json;
use url::Url;

const KEY: &str = "s3cr3t-KEY-0123456789abcdef";

fn rpt(n: u32) -> RptId {
    let body = format!("00{n:013}");
    RptId::new(
        CreditorFiscalCode::parse("00085240950").unwrap(),
        NoticeNumber::compose(AuxDigit::Three, &body).unwrap(),
    )
}

fn config(base: &Url, timeout: Duration) -> PlatformConfig {
    PlatformConfig {
        base_url: base.clone(),
        api_key: Some(KEY.to_string()),
        timeout,
    }
}

fn verifier(server: &FakePlatform) -> PaymentRequestsClient {
    PaymentRequestsClient::new(config(&server.base, Duration::from_secs(5))).unwrap()
}

async fn verify_with(
    behaviour: Behaviour,
) -> Result<campanile_core::pagopa::platform::NoticeInfo, PlatformError> {
    let server = FakePlatform::always("/ecommerce/payment-requests-service/v1", behaviour).await;
    let result = verifier(&server).verify(&rpt(1)).await;
    assert_eq!(server.received().len(), 1);
    result
}

fn fault(category: &str, code: &str) -> serde_json::Value {
    json!({ "title": "fault", "faultCodeCategory": category, "faultCodeDetail": code })
}

// ---------------------------------------------------------------- verification

#[tokio::test]
async fn verify_reads_the_notice_and_sends_the_key_in_the_spec_header() {
    let id = rpt(1);
    let server = FakePlatform::always(
        "/ecommerce/payment-requests-service/v1/",
        Behaviour::json(
            200,
            json!({
                "rptId": id.to_string(),
                "paFiscalCode": "00085240950",
                "paName": "Comune di Esempio",
                "description": "Mensa scolastica, ottobre",
                "amount": 12345,
                "paymentContextCode": "0123456789abcdef0123456789abcdef",
                "dueDate": "2026-10-31"
            }),
        ),
    )
    .await;
    let info = verifier(&server).verify(&id).await.unwrap();
    assert_eq!(info.rpt_id, id);
    assert_eq!(info.amount, Amount::from_cents(12345).unwrap());
    assert_eq!(
        info.description.as_deref(),
        Some("Mensa scolastica, ottobre")
    );
    assert_eq!(
        info.due_date.map(|d| d.to_string()).as_deref(),
        Some("2026-10-31")
    );
    assert_eq!(info.payee_name.as_deref(), Some("Comune di Esempio"));
    assert_eq!(info.payee_fiscal_code.as_deref(), Some("00085240950"));
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "GET");
    assert_eq!(
        got[0].path,
        format!("/ecommerce/payment-requests-service/v1/payment-requests/{id}")
    );
    assert_eq!(got[0].header("x-api-key"), Some(KEY));
    assert_eq!(got[0].header("ocp-apim-subscription-key"), None);
}

#[tokio::test]
async fn verify_takes_what_the_spec_makes_optional_as_missing() {
    let info = verify_with(Behaviour::json(
        200,
        json!({ "amount": 1, "paymentContextCode": "0123456789abcdef0123456789abcdef",
                "description": "  ", "rptId": "RF23ABC" }),
    ))
    .await
    .unwrap();
    assert_eq!(info.amount.cents(), 1);
    assert_eq!(info.description, None);
    assert_eq!(info.due_date, None);
    assert_eq!(info.payee_name, None);
    assert_eq!(info.payee_fiscal_code, None);
    // Without paymentContextCode (deprecated) it still reads.
    let info = verify_with(Behaviour::json(
        200,
        json!({ "amount": 99_999_999_999_i64 }),
    ))
    .await
    .unwrap();
    assert_eq!(info.amount.cents(), Amount::MAX_CENTS);
    // A due date that is not a day is dropped, never guessed.
    let info = verify_with(Behaviour::json(
        200,
        json!({ "amount": 500, "dueDate": "2026-02-30" }),
    ))
    .await
    .unwrap();
    assert_eq!(info.due_date, None);
}

#[tokio::test]
async fn every_fault_code_of_the_spec_maps_to_its_outcome() {
    let mut counted = 0;
    for (code, category) in fault_codes() {
        let status = match category {
            "PAYMENT_UNKNOWN" | "PAYMENT_DATA_ERROR" => 404,
            "PAYMENT_ONGOING" | "PAYMENT_EXPIRED" | "PAYMENT_CANCELED" | "PAYMENT_DUPLICATED" => {
                409
            }
            "PAYMENT_UNAVAILABLE" => 502,
            "DOMAIN_UNKNOWN" => 503,
            other => panic!("category {other}"),
        };
        let c = code.to_string();
        let expected = match category {
            "PAYMENT_UNKNOWN" => PlatformError::UnknownNotice { code: c },
            "PAYMENT_DATA_ERROR" => PlatformError::NoticeDataError { code: c },
            "PAYMENT_ONGOING" => PlatformError::InProgress { code: c },
            "PAYMENT_EXPIRED" => PlatformError::Expired { code: c },
            "PAYMENT_CANCELED" => PlatformError::Revoked { code: c },
            // Only pagoPA's own duplicate is evidence of a payment.
            "PAYMENT_DUPLICATED" if code == "PPT_PAGAMENTO_DUPLICATO" => {
                PlatformError::AlreadyPaid {
                    code: c,
                    receipt: None,
                }
            }
            "PAYMENT_DUPLICATED" => PlatformError::SettledPerCreditor { code: c },
            _ => PlatformError::CreditorUnavailable { code: c },
        };
        let got = verify_with(Behaviour::json(status, fault(category, code))).await;
        assert_eq!(got, Err(expected.clone()), "{status} {category} {code}");
        // The code alone (no category) is enough.
        let got = verify_with(Behaviour::json(status, json!({ "faultCodeDetail": code }))).await;
        assert_eq!(got, Err(expected), "{status} {code} alone");
        counted += 1;
    }
    assert_eq!(counted, 38, "the specification enumerates 38 fault codes");
    // GENERIC_ERROR carries free text: the platform failed, the notice is not judged.
    let got = verify_with(Behaviour::json(502, fault("GENERIC_ERROR", "PPT_QUALCOSA"))).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 502, detail }) if detail.contains("PPT_QUALCOSA")),
        "{got:?}"
    );
    // A category the client knows with a code it does not: the category decides, and a
    // duplicate that is not pagoPA's own is no receipt.
    let got = verify_with(Behaviour::json(
        409,
        fault("PAYMENT_DUPLICATED", "PAA_NUOVO"),
    ))
    .await;
    assert_eq!(
        got,
        Err(PlatformError::SettledPerCreditor {
            code: "PAA_NUOVO".into()
        })
    );
}

#[tokio::test]
async fn a_fault_with_another_status_than_the_specs_is_no_evidence() {
    for (status, category, code) in [
        (500, "PAYMENT_DUPLICATED", "PAA_PAGAMENTO_DUPLICATO"),
        (404, "PAYMENT_DUPLICATED", "PPT_PAGAMENTO_DUPLICATO"),
        (404, "PAYMENT_ONGOING", "PPT_PAGAMENTO_IN_CORSO"),
        (409, "PAYMENT_UNKNOWN", "PAA_PAGAMENTO_SCONOSCIUTO"),
    ] {
        let got = verify_with(Behaviour::json(status, fault(category, code))).await;
        assert!(
            matches!(&got, Err(PlatformError::Protocol { .. })),
            "{status} {category}: {got:?}"
        );
        assert!(got.unwrap_err().is_indeterminate());
    }
}

#[tokio::test]
async fn every_status_of_the_spec_maps_to_its_outcome() {
    let problem = |status: u16| {
        json!({ "type": "https://example.com/problem", "title": "Problem", "status": status,
                "detail": "There was an error processing the request" })
    };
    let got = verify_with(Behaviour::json(400, problem(400))).await;
    assert!(
        matches!(&got, Err(PlatformError::BadRequest { detail }) if detail.contains("There was an error")),
        "{got:?}"
    );
    assert_eq!(
        verify_with(Behaviour::json(401, problem(401))).await,
        Err(PlatformError::Unauthorized)
    );
    assert_eq!(
        verify_with(Behaviour::empty(403)).await,
        Err(PlatformError::Unauthorized)
    );
    // A 404 without a fault (a wrong base URL, say) is not "unknown notice".
    let got = verify_with(Behaviour::raw(
        404,
        "text/html",
        "<h1>Resource not found</h1>",
    ))
    .await;
    assert!(
        matches!(&got, Err(PlatformError::NotFound { .. })),
        "{got:?}"
    );
    // A 409 without a known fault says neither paid nor payable.
    let got = verify_with(Behaviour::json(409, problem(409))).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
    let got = verify_with(Behaviour::json(500, problem(500))).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 500, .. })),
        "{got:?}"
    );
    let got = verify_with(Behaviour::empty(503)).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 503, .. })),
        "{got:?}"
    );
    assert_eq!(
        verify_with(Behaviour::json(504, problem(504))).await,
        Err(PlatformError::Timeout)
    );
    let got = verify_with(Behaviour::empty(429)).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 429, .. })),
        "{got:?}"
    );
    let got = verify_with(Behaviour::redirect(302, Some("http://elsewhere.invalid/"))).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
    let got = verify_with(Behaviour::empty(204)).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
}

#[tokio::test]
async fn answers_that_do_not_follow_the_spec_are_protocol_errors() {
    for (what, behaviour) in [
        (
            "malformed JSON",
            Behaviour::raw(200, "application/json", "{\"amount\": 12"),
        ),
        (
            "not JSON",
            Behaviour::raw(200, "text/html", "<html>maintenance</html>"),
        ),
        (
            "no amount",
            Behaviour::json(200, json!({ "description": "x" })),
        ),
        ("amount 0", Behaviour::json(200, json!({ "amount": 0 }))),
        (
            "negative amount",
            Behaviour::json(200, json!({ "amount": -5 })),
        ),
        (
            "amount too large",
            Behaviour::json(200, json!({ "amount": 100_000_000_000_i64 })),
        ),
        (
            "amount not an integer",
            Behaviour::json(200, json!({ "amount": 12.5 })),
        ),
        (
            "another notice",
            Behaviour::json(200, json!({ "amount": 100, "rptId": rpt(2).to_string() })),
        ),
    ] {
        let got = verify_with(behaviour).await;
        assert!(
            matches!(&got, Err(PlatformError::Protocol { .. })),
            "{what}: {got:?}"
        );
    }
}

#[tokio::test]
async fn a_platform_that_never_answers_times_out() {
    let server = FakePlatform::always("/v1", Behaviour::Hang).await;
    let client =
        PaymentRequestsClient::new(config(&server.base, Duration::from_millis(300))).unwrap();
    let started = Instant::now();
    assert_eq!(client.verify(&rpt(1)).await, Err(PlatformError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(PlatformError::Timeout.is_indeterminate());

    // Slower than the timeout: timed out; faster: answered.
    let slow = FakePlatform::always(
        "/v1",
        Behaviour::Slow(
            Duration::from_millis(800),
            Box::new(Behaviour::json(200, json!({ "amount": 100 }))),
        ),
    )
    .await;
    let impatient =
        PaymentRequestsClient::new(config(&slow.base, Duration::from_millis(200))).unwrap();
    assert_eq!(impatient.verify(&rpt(1)).await, Err(PlatformError::Timeout));
    let patient = PaymentRequestsClient::new(config(&slow.base, Duration::from_secs(5))).unwrap();
    assert_eq!(patient.verify(&rpt(1)).await.unwrap().amount.cents(), 100);
}

#[tokio::test]
async fn broken_connections_are_transport_errors() {
    let got = verify_with(Behaviour::Drop).await;
    assert!(
        matches!(&got, Err(PlatformError::Transport { .. })),
        "{got:?}"
    );
    assert!(got.unwrap_err().is_indeterminate());
    let got = verify_with(Behaviour::CutBody {
        status: 200,
        body: json!({ "amount": 100, "description": "a long enough description" })
            .to_string()
            .into_bytes(),
    })
    .await;
    assert!(
        matches!(&got, Err(PlatformError::Transport { .. })),
        "{got:?}"
    );

    // Nobody listening.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let base = Url::parse(&format!("http://127.0.0.1:{port}/v1")).unwrap();
    let client = PaymentRequestsClient::new(config(&base, Duration::from_secs(2))).unwrap();
    let got = client.verify(&rpt(1)).await;
    assert!(
        matches!(&got, Err(PlatformError::Transport { .. })),
        "{got:?}"
    );
}

#[tokio::test]
async fn the_key_never_shows_in_errors_or_debug_output() {
    let echo = format!("invalid subscription key {KEY} for this API");
    let server = FakePlatform::always(
        "/v1",
        Behaviour::json(400, json!({ "title": "Bad", "detail": echo })),
    )
    .await;
    let client = verifier(&server);
    let err = client.verify(&rpt(1)).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    for lang in ["it", "en"] {
        let text = I18n::new(lang).localize(&err);
        assert!(!text.contains(KEY), "{text}");
    }
    assert!(!format!("{client:?}").contains(KEY));
    let cfg = config(&server.base, Duration::from_secs(1));
    assert!(!format!("{cfg:?}").contains(KEY));
    // The cart client too.
    let checkout = CheckoutClient::new(cfg).unwrap();
    assert!(!format!("{checkout:?}").contains(KEY));
    let err = checkout.start_cart(&cart(1)).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(KEY));
}

#[tokio::test]
async fn bad_configurations_are_refused() {
    let mut cfg = config(
        &Url::parse("ftp://example.invalid/").unwrap(),
        Duration::from_secs(1),
    );
    assert!(matches!(
        PaymentRequestsClient::new(cfg.clone()),
        Err(PlatformError::BadRequest { .. })
    ));
    cfg.base_url = Url::parse("https://example.invalid/v1").unwrap();
    cfg.api_key = Some("bad\nkey".into());
    let err = CheckoutClient::new(cfg.clone()).unwrap_err();
    assert!(matches!(&err, PlatformError::BadRequest { detail } if !detail.contains("bad\nkey")));
    cfg.api_key = None;
    cfg.timeout = Duration::ZERO;
    assert!(CheckoutClient::new(cfg.clone()).is_err());
    cfg.timeout = Duration::from_secs(1);
    let client = PaymentRequestsClient::new(cfg).unwrap();
    assert!(client.clone().with_header("Prefer", "code=404").is_ok());
    assert!(client.clone().with_header("bad header", "x").is_err());
    assert!(client.with_header("x-api-key", "other").is_err());
}

#[tokio::test]
async fn without_a_key_no_key_header_is_sent() {
    let server = FakePlatform::always("/v1", Behaviour::json(200, json!({ "amount": 7 }))).await;
    let mut cfg = config(&server.base, Duration::from_secs(5));
    cfg.api_key = None;
    PaymentRequestsClient::new(cfg)
        .unwrap()
        .verify(&rpt(1))
        .await
        .unwrap();
    assert_eq!(server.received()[0].header("x-api-key"), None);
}

// ---------------------------------------------------------------- checkout carts

fn cart(n: usize) -> CheckoutCart {
    CheckoutCart {
        notices: (0..n)
            .map(|i| CartNotice {
                rpt_id: rpt(10 + i as u32),
                amount: Amount::from_cents(1000 * (i as u64 + 1)).unwrap(),
                description: format!("Rata {}", i + 1),
                company_name: "Comune di Esempio".into(),
            })
            .collect(),
        return_urls: ReturnUrls {
            ok: Url::parse("https://campanile.example/pagopa/ok").unwrap(),
            cancel: Url::parse("https://campanile.example/pagopa/cancel").unwrap(),
            error: Url::parse("https://campanile.example/pagopa/error").unwrap(),
        },
        id_cart: Some("attempt-42".into()),
        email: Some("mario.rossi@example.it".into()),
    }
}

async fn start_with(behaviour: Behaviour) -> Result<Url, PlatformError> {
    let server = FakePlatform::always("/checkout/ec/v1", behaviour).await;
    let client = CheckoutClient::new(config(&server.base, Duration::from_secs(5))).unwrap();
    let result = client.start_cart(&cart(1)).await;
    assert_eq!(
        server.received().len(),
        1,
        "one request, no redirect followed"
    );
    result
}

#[tokio::test]
async fn a_cart_is_posted_as_the_spec_says_and_the_redirect_is_returned_not_followed() {
    let server = FakePlatform::start("/checkout/ec/v1", |req| {
        if req.path.ends_with("/carts") {
            // Pointing back at this very server: a client that followed would ask for it.
            Behaviour::redirect(302, Some("/c/carts/0123?lang=it"))
        } else {
            Behaviour::json(200, json!({}))
        }
    })
    .await;
    let client = CheckoutClient::new(config(&server.base, Duration::from_secs(5))).unwrap();
    let two = cart(2);
    let url = client.start_cart(&two).await.unwrap();
    assert_eq!(url.path(), "/c/carts/0123");
    assert_eq!(url.host_str(), Some("127.0.0.1"));
    let got = server.received();
    assert_eq!(got.len(), 1, "the redirect was followed");
    assert_eq!(got[0].method, "POST");
    assert_eq!(got[0].path, "/checkout/ec/v1/carts");
    assert_eq!(got[0].header("ocp-apim-subscription-key"), Some(KEY));
    assert_eq!(got[0].header("x-api-key"), None);
    assert!(
        got[0]
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(
        got[0].json(),
        json!({
            "emailNotice": "mario.rossi@example.it",
            "paymentNotices": [
                { "noticeNumber": two.notices[0].rpt_id.notice_number.as_str(),
                  "fiscalCode": "00085240950", "amount": 1000,
                  "companyName": "Comune di Esempio", "description": "Rata 1" },
                { "noticeNumber": two.notices[1].rpt_id.notice_number.as_str(),
                  "fiscalCode": "00085240950", "amount": 2000,
                  "companyName": "Comune di Esempio", "description": "Rata 2" }
            ],
            "returnUrls": {
                "returnOkUrl": "https://campanile.example/pagopa/ok",
                "returnCancelUrl": "https://campanile.example/pagopa/cancel",
                "returnErrorUrl": "https://campanile.example/pagopa/error"
            },
            "idCart": "attempt-42"
        })
    );

    // Optional fields are left out when absent.
    let mut bare = cart(1);
    bare.email = None;
    bare.id_cart = None;
    let server = FakePlatform::always(
        "/checkout/ec/v1",
        Behaviour::redirect(302, Some("https://checkout.pagopa.it/c/abc")),
    )
    .await;
    let client = CheckoutClient::new(config(&server.base, Duration::from_secs(5))).unwrap();
    let url = client.start_cart(&bare).await.unwrap();
    assert_eq!(url.as_str(), "https://checkout.pagopa.it/c/abc");
    let body = server.received()[0].json();
    assert!(
        body.get("emailNotice").is_none() && body.get("idCart").is_none(),
        "{body}"
    );
}

#[tokio::test]
async fn carts_the_spec_refuses_are_refused_before_any_call() {
    let server = FakePlatform::always(
        "/checkout/ec/v1",
        Behaviour::redirect(302, Some("https://checkout.pagopa.it/c/abc")),
    )
    .await;
    let client = CheckoutClient::new(config(&server.base, Duration::from_secs(5))).unwrap();
    let mut cases: Vec<(CheckoutCart, &str)> = vec![(cart(0), "empty"), (cart(6), "at most 5")];
    let mut dup = cart(2);
    dup.notices[1].rpt_id = dup.notices[0].rpt_id;
    cases.push((dup, "already in the cart"));
    let mut long = cart(1);
    long.notices[0].description = "x".repeat(141);
    cases.push((long, "141 characters"));
    let mut long_name = cart(3);
    long_name.notices[2].company_name = "è".repeat(141);
    cases.push((long_name, "company name of notice 3"));
    let mut email = cart(1);
    email.email = Some("not an address".into());
    cases.push((email, "e-mail"));
    for (c, expected) in cases {
        match client.start_cart(&c).await {
            Err(PlatformError::BadRequest { detail }) => {
                assert!(detail.contains(expected), "{expected}: {detail}")
            }
            other => panic!("{expected}: {other:?}"),
        }
    }
    assert!(
        server.received().is_empty(),
        "a refused cart reached the network"
    );
    // The limits themselves are fine.
    let mut edge = cart(5);
    edge.notices[0].description = "è".repeat(140);
    assert!(CheckoutClient::validate(&edge).is_ok());
    client.start_cart(&edge).await.unwrap();
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn cart_answers_map_to_outcomes() {
    let got = start_with(Behaviour::redirect(302, None)).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { detail }) if detail.contains("Location")),
        "{got:?}"
    );
    let got = start_with(Behaviour::redirect(302, Some("javascript:alert(1)"))).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
    let got = start_with(Behaviour::redirect(
        303,
        Some("https://checkout.pagopa.it/x"),
    ))
    .await;
    assert_eq!(got.unwrap().as_str(), "https://checkout.pagopa.it/x");
    let got = start_with(Behaviour::json(200, json!({ "ok": true }))).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
    let problem = json!({ "type": "about:blank", "title": "Bad", "status": 400,
                          "detail": "Invalid notice number" });
    let got = start_with(Behaviour::json(400, problem)).await;
    assert!(
        matches!(&got, Err(PlatformError::BadRequest { detail }) if detail.contains("Invalid notice number")),
        "{got:?}"
    );
    assert_eq!(
        start_with(Behaviour::empty(401)).await,
        Err(PlatformError::Unauthorized)
    );
    // 422: Checkout read the cart and refused what is in it: its own outcome, not "bad request".
    let got = start_with(Behaviour::json(
        422,
        json!({ "title": "Unprocessable", "status": 422, "detail": "More than one" }),
    ))
    .await;
    assert!(
        matches!(&got, Err(PlatformError::Unprocessable { detail }) if detail.contains("More than one")),
        "{got:?}"
    );
    assert!(!got.as_ref().unwrap_err().is_indeterminate());
    let got = start_with(Behaviour::json(500, json!({ "status": 500 }))).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 500, .. })),
        "{got:?}"
    );
    assert_eq!(
        start_with(Behaviour::empty(504)).await,
        Err(PlatformError::Timeout)
    );
    // A pagoPA fault on a cart keeps its meaning.
    let got = start_with(Behaviour::json(
        409,
        fault("PAYMENT_DUPLICATED", "PPT_PAGAMENTO_DUPLICATO"),
    ))
    .await;
    assert_eq!(
        got,
        Err(PlatformError::AlreadyPaid {
            code: "PPT_PAGAMENTO_DUPLICATO".into(),
            receipt: None
        })
    );
    let got = start_with(Behaviour::Drop).await;
    assert!(
        matches!(&got, Err(PlatformError::Transport { .. })),
        "{got:?}"
    );
}

#[tokio::test]
async fn a_cart_that_gets_no_answer_times_out() {
    let server = FakePlatform::always("/checkout/ec/v1", Behaviour::Hang).await;
    let client = CheckoutClient::new(config(&server.base, Duration::from_millis(300))).unwrap();
    let started = Instant::now();
    assert_eq!(
        client.start_cart(&cart(1)).await,
        Err(PlatformError::Timeout)
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.received().len(), 1);
}

// ---------------------------------------------------------------- GPD debt positions

const ORG: &str = "00085240950";
const IBAN: &str = "IT60X0542811101000000123456";

fn org() -> CreditorFiscalCode {
    CreditorFiscalCode::parse(ORG).unwrap()
}

fn transfer(id: u8, cents: u64) -> NewTransfer {
    NewTransfer {
        id,
        amount: Amount::from_cents(cents).unwrap(),
        organization_fiscal_code: None,
        company_name: None,
        remittance_information: format!("Quota {id}"),
        category: "9/0101100IM/".into(),
        destination: TransferDestination::Account {
            iban: IBAN.into(),
            postal_iban: None,
        },
        metadata: vec![],
    }
}

fn option(iuv: &str, cents: u64, due: &str) -> NewPaymentOption {
    NewPaymentOption {
        iuv: iuv.into(),
        amount: Amount::from_cents(cents).unwrap(),
        description: "Mensa scolastica 2026/27".into(),
        due_date: parse_civil_date(due).unwrap(),
        retention_date: None,
        is_partial_payment: false,
        transfers: vec![transfer(1, cents)],
        metadata: vec![],
    }
}

fn position() -> NewDebtPosition {
    NewDebtPosition {
        iupd: "00085240950-mensa-2026-0001".into(),
        debtor: PositionDebtor {
            kind: Some(DebtorKind::Person),
            fiscal_code: "rssmra80a01h501u".into(),
            full_name: "Mario Rossi".into(),
            city: Some("Ascoli Piceno".into()),
            province: Some("ap".into()),
            country: Some("IT".into()),
            email: Some("mario.rossi@example.it".into()),
            ..PositionDebtor::default()
        },
        company_name: "Comune di Esempio".into(),
        office_name: Some("Ufficio scuola".into()),
        validity_date: None,
        switch_to_expired: true,
        pay_stand_in: None,
        options: vec![option("00715700000000032", 12000, "2026-07-31")],
    }
}

fn gpd(server: &FakePlatform) -> GpdClient {
    GpdClient::new(config(&server.base, Duration::from_secs(5))).unwrap()
}

fn position_answer(status: &str, options: serde_json::Value) -> serde_json::Value {
    json!({
        "iupd": "00085240950-mensa-2026-0001",
        "organizationFiscalCode": ORG,
        "type": "F",
        "companyName": "Comune di Esempio",
        "insertedDate": "2026-06-01T08:00:00Z",
        "status": status,
        "paymentOption": options
    })
}

fn paid_option() -> serde_json::Value {
    json!({
        "nav": "300715700000000032", "iuv": "00715700000000032",
        "organizationFiscalCode": ORG, "amount": 12000,
        "description": "Mensa scolastica 2026/27", "isPartialPayment": false,
        "dueDate": "2026-07-31T21:59:59Z", "paymentDate": "2026-07-02T10:11:12Z",
        "paymentMethod": "CP", "fee": 150, "pspCompany": "Banca Esempio",
        "idReceipt": "rec-123", "status": "PO_PAID",
        "transfer": [{ "idTransfer": "1", "amount": 12000, "iban": IBAN,
                       "remittanceInformation": "Quota 1", "category": "9/0101100IM/",
                       "status": "T_UNREPORTED" }]
    })
}

#[tokio::test]
async fn a_position_is_created_as_the_spec_says() {
    let server = FakePlatform::start("/gpd/debt-positions-service/v1", |req| {
        let mut echo = req.json();
        echo["status"] = json!("DRAFT");
        Behaviour::json(201, echo)
    })
    .await;
    let client = gpd(&server);
    let mut p = position();
    p.validity_date = Some(parse_civil_date("2026-06-15").unwrap());
    p.pay_stand_in = Some(true);
    p.options[0].retention_date = Some(parse_civil_date("2027-07-31").unwrap());
    p.options[0].metadata = vec![Metadata {
        key: "classe".into(),
        value: "3B".into(),
    }];
    p.options[0].transfers = vec![transfer(1, 10000), transfer(2, 2000)];
    p.options[0].transfers[1].destination = TransferDestination::Stamp(Stamp {
        hash_document: "aGFzaA==".into(),
        stamp_type: "01".into(),
        provincial_residence: "AP".into(),
    });
    p.options[0].transfers[1].organization_fiscal_code =
        Some(CreditorFiscalCode::parse("01199250158").unwrap());
    let created = client.create(&org(), &p, false).await.unwrap();
    assert_eq!(created.iupd, p.iupd);
    assert_eq!(created.status, Some(PositionStatus::Draft));
    assert_eq!(created.debtor_kind, Some(DebtorKind::Person));
    assert_eq!(
        created.debtor_fiscal_code.as_deref(),
        Some("RSSMRA80A01H501U")
    );
    assert_eq!(created.options[0].amount().unwrap().cents(), 12000);
    assert_eq!(
        created.options[0].due_day(),
        CivilDate::from_ymd_opt(2026, 7, 31)
    );
    // No status in a create answer: never paid.
    assert!(created.receipts().is_empty());

    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "POST");
    assert_eq!(
        got[0].path,
        "/gpd/debt-positions-service/v1/organizations/00085240950/debtpositions"
    );
    assert_eq!(got[0].param("toPublish"), Some("false"));
    assert_eq!(got[0].header("ocp-apim-subscription-key"), Some(KEY));
    assert_eq!(
        got[0].json(),
        json!({
            "iupd": "00085240950-mensa-2026-0001",
            "type": "F",
            "payStandIn": true,
            "fiscalCode": "RSSMRA80A01H501U",
            "fullName": "Mario Rossi",
            "city": "Ascoli Piceno",
            "province": "AP",
            "country": "IT",
            "email": "mario.rossi@example.it",
            "switchToExpired": true,
            "companyName": "Comune di Esempio",
            "officeName": "Ufficio scuola",
            "validityDate": "2026-06-14T22:00:00Z",
            "paymentOption": [{
                "iuv": "00715700000000032",
                "amount": 12000,
                "description": "Mensa scolastica 2026/27",
                "isPartialPayment": false,
                "dueDate": "2026-07-31T21:59:59Z",
                "retentionDate": "2027-07-31T21:59:59Z",
                "transfer": [
                    { "idTransfer": "1", "amount": 10000, "remittanceInformation": "Quota 1",
                      "category": "9/0101100IM/", "iban": IBAN },
                    { "idTransfer": "2", "amount": 2000, "organizationFiscalCode": "01199250158",
                      "remittanceInformation": "Quota 2", "category": "9/0101100IM/",
                      "stamp": { "hashDocument": "aGFzaA==", "stampType": "01",
                                 "provincialResidence": "AP" } }
                ],
                "paymentOptionMetadata": [{ "key": "classe", "value": "3B" }]
            }]
        })
    );

    // Published at once; a legal entity by VAT number.
    let mut firm = position();
    firm.debtor = PositionDebtor {
        kind: None,
        fiscal_code: "01199250158".into(),
        full_name: "Esempio S.r.l.".into(),
        ..PositionDebtor::default()
    };
    client.create(&org(), &firm, true).await.unwrap();
    let got = server.received();
    assert_eq!(got[1].param("toPublish"), Some("true"));
    assert_eq!(got[1].json()["type"], "G");
}

#[tokio::test]
async fn positions_the_spec_refuses_are_refused_before_any_call() {
    let server = FakePlatform::always("/gpd", Behaviour::json(201, json!({}))).await;
    let client = gpd(&server);
    let mut cases: Vec<(NewDebtPosition, &str)> = vec![];
    let mut p = position();
    p.options.clear();
    cases.push((p, "no payment option"));
    let mut p = position();
    p.iupd = "a/b".into();
    cases.push((p, "IUPD"));
    let mut p = position();
    p.debtor.fiscal_code = "RSSMRA80A01H501X".into();
    cases.push((p, "not a valid fiscal code"));
    let mut p = position();
    p.debtor.fiscal_code = "00085240951".into();
    cases.push((p, "not a valid fiscal code"));
    let mut p = position();
    p.debtor.full_name = " ".into();
    cases.push((p, "debtor's name is empty"));
    let mut p = position();
    p.debtor.country = Some("Italia".into());
    cases.push((p, "country"));
    let mut p = position();
    p.company_name = "x".repeat(141);
    cases.push((p, "141 characters"));
    let mut p = position();
    p.options[0].transfers = vec![transfer(1, 10000), transfer(2, 1000)];
    cases.push((p, "add up to 110.00 but its amount is 120.00"));
    let mut p = position();
    p.options[0].transfers = (1..=6).map(|i| transfer(i, 2000)).collect();
    cases.push((p, "6 transfers"));
    let mut p = position();
    p.options[0].transfers = vec![transfer(1, 6000), transfer(1, 6000)];
    cases.push((p, "repeated"));
    let mut p = position();
    p.options[0].transfers = vec![];
    cases.push((p, "no transfer"));
    let mut p = position();
    p.options[0].transfers[0].destination = TransferDestination::Account {
        iban: "IT61X0542811101000000123456".into(),
        postal_iban: None,
    };
    cases.push((p, "check digits"));
    let mut p = position();
    p.options[0].transfers[0].destination = TransferDestination::Account {
        iban: IBAN.into(),
        postal_iban: Some("IT 60".into()),
    };
    cases.push((p, "postal IBAN"));
    let mut p = position();
    p.options[0].transfers[0].destination = TransferDestination::Stamp(Stamp {
        hash_document: "h".into(),
        stamp_type: "01".into(),
        provincial_residence: "ap".into(),
    });
    cases.push((p, "province"));
    let mut p = position();
    p.options[0].transfers[0].category = String::new();
    cases.push((p, "category"));
    let mut p = position();
    p.options
        .push(option("00715700000000032", 6000, "2026-08-31"));
    cases.push((p, "used by another option"));
    let mut p = position();
    p.options[0].iuv = "0071-5700".into();
    cases.push((p, "IUV"));
    let mut p = position();
    p.options[0].metadata = (0..11)
        .map(|i| Metadata {
            key: format!("k{i}"),
            value: "v".into(),
        })
        .collect();
    cases.push((p, "11 metadata pairs"));
    let mut p = position();
    p.options[0].retention_date = Some(parse_civil_date("2026-01-01").unwrap());
    cases.push((p, "retention date"));
    for (p, expected) in cases {
        match client.create(&org(), &p, false).await {
            Err(PlatformError::BadRequest { detail }) => {
                assert!(detail.contains(expected), "{expected}: {detail}")
            }
            other => panic!("{expected}: {other:?}"),
        }
    }
    assert!(client.publish(&org(), "../x").await.is_err());
    assert!(
        server.received().is_empty(),
        "a refused position reached the network"
    );
    // Anonymous debtors and instalments are fine.
    let mut p = position();
    p.debtor.fiscal_code = "ANONIMO".into();
    p.options = vec![
        option("00715700000000032", 12000, "2026-07-31"),
        option("00715700000000133", 6000, "2026-07-31"),
        option("00715700000000234", 6000, "2026-10-31"),
    ];
    p.options[1].is_partial_payment = true;
    p.options[2].is_partial_payment = true;
    assert!(p.validate().is_ok());
}

#[tokio::test]
async fn publish_read_and_invalidate_go_where_the_spec_says() {
    let server = FakePlatform::start("/gpd/v1", |req| {
        let status = if req.path.ends_with("/publish") {
            "VALID"
        } else if req.path.ends_with("/invalidate") {
            "INVALID"
        } else {
            "PARTIALLY_PAID"
        };
        Behaviour::json(200, position_answer(status, json!([])))
    })
    .await;
    let client = gpd(&server);
    let iupd = "00085240950-mensa-2026-0001";
    let p = client.publish(&org(), iupd).await.unwrap();
    assert_eq!(p.status, Some(PositionStatus::Valid));
    assert!(p.status.as_ref().unwrap().is_payable());
    let p = client.invalidate(&org(), iupd).await.unwrap();
    assert_eq!(p.status, Some(PositionStatus::Invalid));
    assert_eq!(
        client.status(&org(), iupd).await.unwrap(),
        PositionStatus::PartiallyPaid
    );
    let got = server.received();
    let base = format!("/gpd/v1/organizations/{ORG}/debtpositions/{iupd}");
    assert_eq!(
        got.iter()
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("POST", format!("{base}/publish").as_str()),
            ("POST", format!("{base}/invalidate").as_str()),
            ("GET", base.as_str()),
        ]
    );
    assert!(
        got.iter()
            .all(|r| r.header("ocp-apim-subscription-key") == Some(KEY))
    );
    assert!(got.iter().all(|r| r.body.is_empty()));
}

#[tokio::test]
async fn every_position_status_is_read() {
    for (given, expected) in [
        ("DRAFT", PositionStatus::Draft),
        ("PUBLISHED", PositionStatus::Published),
        ("VALID", PositionStatus::Valid),
        ("INVALID", PositionStatus::Invalid),
        ("EXPIRED", PositionStatus::Expired),
        ("PARTIALLY_PAID", PositionStatus::PartiallyPaid),
        ("PAID", PositionStatus::Paid),
        ("REPORTED", PositionStatus::Reported),
        ("ARCHIVED", PositionStatus::Unknown("ARCHIVED".into())),
    ] {
        let server = FakePlatform::always(
            "/gpd",
            Behaviour::json(200, position_answer(given, json!([]))),
        )
        .await;
        let status = gpd(&server).status(&org(), "x-1").await.unwrap();
        assert_eq!(status, expected, "{given}");
        assert_eq!(status.is_paid(), matches!(given, "PAID" | "REPORTED"));
    }
    let server = FakePlatform::always(
        "/gpd",
        Behaviour::json(200, json!({ "iupd": "x-1", "paymentOption": [] })),
    )
    .await;
    let got = gpd(&server).status(&org(), "x-1").await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
}

#[tokio::test]
async fn a_receipt_only_for_what_the_platform_says_is_paid() {
    let mut unpaid = paid_option();
    unpaid["status"] = json!("PO_UNPAID");
    unpaid["iuv"] = json!("00715700000000133");
    unpaid["nav"] = json!("300715700000000133");
    let mut unknown = paid_option();
    unknown["status"] = json!("PO_MAYBE");
    unknown["iuv"] = json!("00715700000000234");
    let mut silent = paid_option();
    silent.as_object_mut().unwrap().remove("status");
    silent["iuv"] = json!("00715700000000335");
    let mut reported = paid_option();
    reported["status"] = json!("PO_REPORTED");
    reported["iuv"] = json!("00715700000000436");
    reported["idFlowReporting"] = json!("2026-07-05ABI-001");
    reported["reportingDate"] = json!("2026-07-05T06:00:00Z");
    let server = FakePlatform::always(
        "/gpd",
        Behaviour::json(
            200,
            position_answer(
                "PARTIALLY_PAID",
                json!([paid_option(), unpaid, unknown, silent, reported]),
            ),
        ),
    )
    .await;
    let client = gpd(&server);
    let iupd = "00085240950-mensa-2026-0001";
    let receipt = client
        .receipt(&org(), iupd, "00715700000000032")
        .await
        .unwrap()
        .expect("a receipt for the paid option");
    assert_eq!(receipt.status, OptionStatus::Paid);
    assert_eq!(receipt.iupd, iupd);
    assert_eq!(receipt.organization_fiscal_code, ORG);
    assert_eq!(receipt.nav.as_deref(), Some("300715700000000032"));
    assert_eq!(receipt.amount_cents, Some(12000));
    assert_eq!(
        receipt.payment_date.as_deref(),
        Some("2026-07-02T10:11:12Z")
    );
    assert_eq!(receipt.psp_company.as_deref(), Some("Banca Esempio"));
    assert_eq!(receipt.receipt_id.as_deref(), Some("rec-123"));
    assert_eq!(receipt.payment_method.as_deref(), Some("CP"));
    assert_eq!(receipt.fee_cents, Some(150));
    // By notice number too.
    assert!(
        client
            .receipt(&org(), iupd, "300715700000000032")
            .await
            .unwrap()
            .is_some()
    );
    for not_paid in [
        "300715700000000133",
        "00715700000000234",
        "00715700000000335",
    ] {
        assert_eq!(
            client.receipt(&org(), iupd, not_paid).await.unwrap(),
            None,
            "{not_paid}"
        );
    }
    let got = client.receipt(&org(), iupd, "99999999999999999").await;
    assert!(
        matches!(&got, Err(PlatformError::NotFound { .. })),
        "{got:?}"
    );
    let all = client.receipts(&org(), iupd).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].status, OptionStatus::Reported);
    assert_eq!(
        all[1].flow_reporting_id.as_deref(),
        Some("2026-07-05ABI-001")
    );
}

async fn gpd_with(behaviour: Behaviour) -> Result<DebtPosition, PlatformError> {
    let server = FakePlatform::always("/gpd", behaviour).await;
    let result = gpd(&server).publish(&org(), "x-1").await;
    assert_eq!(server.received().len(), 1);
    result
}

#[tokio::test]
async fn gpd_statuses_map_to_outcomes() {
    let problem = |status: u16, detail: &str| json!({ "title": "Problem", "status": status, "detail": detail });
    let got = gpd_with(Behaviour::json(
        400,
        problem(400, "dueDate must be in the future"),
    ))
    .await;
    assert!(
        matches!(&got, Err(PlatformError::BadRequest { detail }) if detail.contains("dueDate")),
        "{got:?}"
    );
    assert_eq!(
        gpd_with(Behaviour::empty(401)).await,
        Err(PlatformError::Unauthorized)
    );
    assert_eq!(
        gpd_with(Behaviour::json(
            403,
            json!({ "statusCode": 403, "message": "You are not allowed to access this resource." })
        ))
        .await,
        Err(PlatformError::Unauthorized)
    );
    let got = gpd_with(Behaviour::json(404, problem(404, "No debt position found"))).await;
    assert!(
        matches!(&got, Err(PlatformError::NotFound { detail }) if detail.contains("No debt position")),
        "{got:?}"
    );
    let got = gpd_with(Behaviour::json(
        409,
        problem(409, "not in publishable state"),
    ))
    .await;
    assert!(
        matches!(&got, Err(PlatformError::Conflict { detail }) if detail.contains("publishable")),
        "{got:?}"
    );
    let got = gpd_with(Behaviour::json(422, problem(422, "not in payable state"))).await;
    assert!(
        matches!(&got, Err(PlatformError::Unprocessable { detail }) if detail.contains("payable")),
        "{got:?}"
    );
    for status in [429, 500, 502, 503] {
        let got = gpd_with(Behaviour::json(
            status,
            problem(status, "Service unavailable"),
        ))
        .await;
        assert!(
            matches!(&got, Err(PlatformError::Server { status: s, .. }) if *s == status),
            "{status}: {got:?}"
        );
    }
    assert_eq!(
        gpd_with(Behaviour::empty(504)).await,
        Err(PlatformError::Timeout)
    );
    let got = gpd_with(Behaviour::raw(200, "application/json", "{\"iupd\": ")).await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
    let got = gpd_with(Behaviour::json(
        200,
        json!({ "paymentOption": [{ "amount": "12" }] }),
    ))
    .await;
    assert!(
        matches!(&got, Err(PlatformError::Protocol { .. })),
        "{got:?}"
    );
    let got = gpd_with(Behaviour::Drop).await;
    assert!(
        matches!(&got, Err(PlatformError::Transport { .. })),
        "{got:?}"
    );
    let got = gpd_with(Behaviour::CutBody {
        status: 200,
        body: position_answer("VALID", json!([])).to_string().into_bytes(),
    })
    .await;
    assert!(
        matches!(&got, Err(PlatformError::Transport { .. })),
        "{got:?}"
    );

    // A create that gets no answer in time.
    let server = FakePlatform::always("/gpd", Behaviour::Hang).await;
    let client = GpdClient::new(config(&server.base, Duration::from_millis(300))).unwrap();
    let started = Instant::now();
    assert_eq!(
        client.create(&org(), &position(), false).await,
        Err(PlatformError::Timeout)
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn gpd_reads_answers_with_amounts_the_spec_does_not_bound() {
    // The specification bounds amounts only in requests: a read answer may carry anything.
    let server = FakePlatform::always(
        "/gpd",
        Behaviour::json(
            200,
            position_answer(
                "DRAFT",
                json!([{ "iuv": "string", "amount": -9007199254740991_i64, "fee": -1,
                         "status": "PO_UNPAID", "transfer": [{ "amount": -5, "stamp": {
                             "hashDocument": "string", "stampType": "st",
                             "provincialResidence": "RM" } }] }]),
            ),
        ),
    )
    .await;
    let p = gpd(&server).position(&org(), "x-1").await.unwrap();
    assert_eq!(p.options[0].amount_cents, Some(-9007199254740991));
    assert_eq!(p.options[0].amount(), None);
    assert_eq!(
        p.options[0].transfers[0].stamp.as_ref().unwrap().stamp_type,
        "st"
    );
    assert!(p.receipts().is_empty());
}
