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
    CartNotice, CheckoutCart, CheckoutClient, PaymentRequestsClient, PlatformConfig, PlatformError,
    ReturnUrls, fault_codes,
};
use campanile_core::pagopa::{Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
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
    assert_eq!(info.due_date.as_deref(), Some("2026-10-31"));
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
            "PAYMENT_DUPLICATED" => PlatformError::AlreadyPaid { code: c },
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
    // A category the client knows with a code it does not: the category decides.
    let got = verify_with(Behaviour::json(
        409,
        fault("PAYMENT_DUPLICATED", "PAA_NUOVO"),
    ))
    .await;
    assert_eq!(
        got,
        Err(PlatformError::AlreadyPaid {
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
    let got = start_with(Behaviour::json(422, json!({ "title": "More than one" }))).await;
    assert!(
        matches!(&got, Err(PlatformError::BadRequest { .. })),
        "{got:?}"
    );
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
            code: "PPT_PAGAMENTO_DUPLICATO".into()
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
