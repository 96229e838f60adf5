//! Notices of the aggregation's own comuni verified through their debt positions: positions
//! created and published with the real `GpdClient` on the fake GPD
//! (`campanile_testkit::gpd::FakeGpd`, 127.0.0.1), then found by notice number in the paged
//! list and verified with the outcomes notice verification gives; other creditors' notices and
//! carts go to the fake pagoPA platform.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use campanile_core::pagopa::ledger::{OwnComuniPlatform, PagoPaPlatform, Platform, VerifyRoute};
use campanile_core::pagopa::platform::{
    CartNotice, CheckoutCart, DebtorKind, FindLimits, GpdClient, GpdVerifier, NewDebtPosition,
    NewPaymentOption, NewTransfer, PlatformConfig, PlatformError, PositionDebtor, ReturnUrls,
    TransferDestination,
};
use campanile_core::pagopa::{Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use campanile_core::time::parse_civil_date;
use campanile_testkit::gpd::{FakeGpd, GpdFault};
use campanile_testkit::pagopa_platform::{FakeNotice, FakePlatform};
use url::Url;

const KEY: &str = "gpd-key-0123456789";
const ORG: &str = "00085240950";
const OTHER: &str = "80016350821";

fn org() -> CreditorFiscalCode {
    CreditorFiscalCode::parse(ORG).unwrap()
}

fn notice(n: u32) -> NoticeNumber {
    NoticeNumber::compose(AuxDigit::Three, &format!("01{n:013}")).unwrap()
}

fn rpt(n: u32) -> RptId {
    RptId::new(org(), notice(n))
}

fn config(base: &str, key: Option<&str>) -> PlatformConfig {
    PlatformConfig {
        base_url: Url::parse(base).unwrap(),
        api_key: key.map(str::to_string),
        timeout: Duration::from_secs(5),
    }
}

fn client(server: &FakeGpd) -> GpdClient {
    GpdClient::new(config(&server.url(), Some(KEY))).unwrap()
}

fn iupd(n: u32) -> String {
    format!("{ORG}-tari-2026-{n:04}")
}

/// A position with one option, notice number `notice(n)`.
fn position(n: u32, cents: u64) -> NewDebtPosition {
    NewDebtPosition {
        iupd: iupd(n),
        debtor: PositionDebtor {
            kind: Some(DebtorKind::Person),
            fiscal_code: "RSSMRA80A01H501U".into(),
            full_name: "Mario Rossi".into(),
            ..PositionDebtor::default()
        },
        company_name: "Comune di Esempio".into(),
        office_name: None,
        validity_date: None,
        switch_to_expired: true,
        pay_stand_in: None,
        options: vec![NewPaymentOption {
            iuv: notice(n).iuv().to_string(),
            amount: Amount::from_cents(cents).unwrap(),
            description: format!("TARI 2026 n. {n}"),
            due_date: parse_civil_date("2030-12-31").unwrap(),
            retention_date: None,
            is_partial_payment: false,
            transfers: vec![NewTransfer {
                id: 1,
                amount: Amount::from_cents(cents).unwrap(),
                organization_fiscal_code: None,
                company_name: None,
                remittance_information: format!("TARI {n}"),
                category: "9/0101100IM/".into(),
                destination: TransferDestination::Account {
                    iban: "IT60X0542811101000000123456".into(),
                    postal_iban: None,
                },
                metadata: vec![],
            }],
            metadata: vec![],
        }],
    }
}

/// Creates position `n` as a draft and publishes it, through the real client.
async fn published(gpd: &GpdClient, n: u32, cents: u64) {
    gpd.create(&org(), &position(n, cents), false)
        .await
        .unwrap();
    gpd.publish(&org(), &iupd(n)).await.unwrap();
}

fn list_requests(server: &FakeGpd) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/debtpositions"))
        .count()
}

#[tokio::test]
async fn a_published_position_is_found_by_notice_number_and_is_payable() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    published(&gpd, 1, 12_345).await;
    published(&gpd, 2, 500).await;

    let (position, option) = gpd.find_notice(&org(), &notice(1)).await.unwrap().unwrap();
    assert_eq!(position.iupd, iupd(1));
    assert_eq!(option.nav.as_deref(), Some(notice(1).as_str()));

    let info = GpdVerifier::new(gpd).verify(&rpt(1)).await.unwrap();
    assert_eq!(info.rpt_id, rpt(1));
    assert_eq!(info.amount.cents(), 12_345);
    assert_eq!(info.description.as_deref(), Some("TARI 2026 n. 1"));
    assert_eq!(
        info.due_date.map(|d| d.to_string()).as_deref(),
        Some("2030-12-31")
    );
    assert_eq!(info.payee_name.as_deref(), Some("Comune di Esempio"));
    assert_eq!(info.payee_fiscal_code.as_deref(), Some(ORG));

    // The list is asked as the specification says.
    let list = server
        .requests()
        .into_iter()
        .find(|r| r.method == "GET" && r.path.ends_with("/debtpositions"))
        .unwrap();
    assert_eq!(list.path, format!("/organizations/{ORG}/debtpositions"));
    assert_eq!(list.key.as_deref(), Some(KEY));
    let q = |k: &str| {
        list.query
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(q("limit").as_deref(), Some("50"));
    assert_eq!(q("page").as_deref(), Some("0"));
}

#[tokio::test]
async fn a_paid_option_is_already_paid() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    published(&gpd, 3, 1_000).await;
    server.pay(ORG, &iupd(3), notice(3).iuv());
    let err = GpdVerifier::new(gpd).verify(&rpt(3)).await.unwrap_err();
    // Paid on the creditor's own receipt: its data come with it.
    let PlatformError::AlreadyPaid { code, receipt } = err else {
        panic!("{err:?}");
    };
    assert_eq!(code, "PO_PAID");
    let receipt = receipt.expect("the receipt's data");
    assert_eq!(receipt.psp.as_deref(), Some("Banca Esempio S.p.A."));
    assert_eq!(receipt.receipt_id, Some(format!("rec-{}", notice(3).iuv())));
    assert_eq!(receipt.amount_cents, Some(1_000));
    assert_eq!(receipt.payment_method.as_deref(), Some("CP"));
    assert!(receipt.paid_at.is_some(), "{receipt:?}");
}

/// An instalment plan: once an instalment is paid, the payment in full is "settled" by the
/// creditor — the same answer the verification route gives for PAA_PAGAMENTO_DUPLICATO —
/// never paid, and never a data error.
#[tokio::test]
async fn the_payment_in_full_of_a_partly_paid_plan_is_settled_not_paid() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    let mut p = position(4, 2_000);
    let full = p.options[0].clone();
    let mut first = full.clone();
    first.iuv = notice(40).iuv().to_string();
    first.amount = Amount::from_cents(1_000).unwrap();
    first.is_partial_payment = true;
    first.transfers[0].amount = first.amount;
    let mut second = first.clone();
    second.iuv = notice(41).iuv().to_string();
    p.options = vec![full, first, second];
    gpd.create(&org(), &p, false).await.unwrap();
    gpd.publish(&org(), &iupd(4)).await.unwrap();
    server.pay(ORG, &iupd(4), notice(40).iuv());
    let verifier = GpdVerifier::new(gpd);
    let err = verifier.verify(&rpt(4)).await.unwrap_err();
    assert_eq!(
        err,
        PlatformError::SettledPerCreditor {
            code: "PARTIALLY_PAID".into()
        }
    );
    // The unpaid instalment stays payable, for its own amount.
    let info = verifier.verify(&rpt(41)).await.unwrap();
    assert_eq!(info.amount.cents(), 1_000);
}

#[tokio::test]
async fn an_invalidated_position_is_revoked() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    published(&gpd, 4, 1_000).await;
    gpd.invalidate(&org(), &iupd(4)).await.unwrap();
    let err = GpdVerifier::new(gpd).verify(&rpt(4)).await.unwrap_err();
    assert_eq!(
        err,
        PlatformError::Revoked {
            code: "INVALID".into()
        }
    );
}

#[tokio::test]
async fn drafts_expired_and_unknown_notices() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    gpd.create(&org(), &position(5, 1_000), false)
        .await
        .unwrap();
    published(&gpd, 6, 1_000).await;
    server.set_status(ORG, &iupd(6), "EXPIRED");
    published(&gpd, 7, 1_000).await;
    server.set_status(ORG, &iupd(7), "SOMETHING_NEW");
    let verifier = GpdVerifier::new(gpd.clone());

    assert_eq!(
        verifier.verify(&rpt(5)).await.unwrap_err(),
        PlatformError::UnknownNotice {
            code: "DRAFT".into()
        }
    );
    assert_eq!(
        verifier.verify(&rpt(6)).await.unwrap_err(),
        PlatformError::Expired {
            code: "EXPIRED".into()
        }
    );
    // A status this version does not know says nothing about the notice.
    let err = verifier.verify(&rpt(7)).await.unwrap_err();
    assert!(
        matches!(err, PlatformError::Protocol { .. }) && err.is_indeterminate(),
        "{err:?}"
    );
    assert_eq!(gpd.find_notice(&org(), &notice(99)).await.unwrap(), None);
    assert_eq!(
        verifier.verify(&rpt(99)).await.unwrap_err(),
        PlatformError::UnknownNotice {
            code: "NOT_FOUND".into()
        }
    );
    // Another creditor's list is another list.
    let other = RptId::new(CreditorFiscalCode::parse(OTHER).unwrap(), notice(6));
    assert!(matches!(
        verifier.verify(&other).await,
        Err(PlatformError::UnknownNotice { .. })
    ));
}

#[tokio::test]
async fn notices_past_the_first_page_are_found_and_the_search_is_bounded() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    for n in 10..17 {
        published(&gpd, n, 100 + u64::from(n)).await;
    }
    let small = FindLimits {
        page_size: 3,
        max_pages: 5,
    };
    // Newest first: the oldest position is on the third page of three.
    let before = list_requests(&server);
    let (position, option) = gpd
        .find_notice_with(&org(), &notice(10), small)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(position.iupd, iupd(10));
    assert_eq!(option.amount_cents, Some(110));
    assert_eq!(list_requests(&server) - before, 3);

    // The newest stops at the first page.
    let before = list_requests(&server);
    let verifier = GpdVerifier::new(gpd.clone()).with_limits(small);
    assert_eq!(verifier.verify(&rpt(16)).await.unwrap().amount.cents(), 116);
    assert_eq!(list_requests(&server) - before, 1);

    // Not found in the whole list: unknown, after every page and no more.
    let before = list_requests(&server);
    assert_eq!(
        gpd.find_notice_with(&org(), &notice(99), small)
            .await
            .unwrap(),
        None
    );
    assert_eq!(list_requests(&server) - before, 3);

    // Not found within the pages allowed: nothing is said about the notice.
    let short = FindLimits {
        page_size: 3,
        max_pages: 2,
    };
    let err = GpdVerifier::new(gpd.clone())
        .with_limits(short)
        .verify(&rpt(10))
        .await
        .unwrap_err();
    assert!(matches!(err, PlatformError::NotFound { .. }), "{err:?}");

    // More than the specification's page of 50, with the default limits.
    for n in 17..62 {
        published(&gpd, n, 1_000).await;
    }
    let found = gpd.find_notice(&org(), &notice(10)).await.unwrap().unwrap();
    assert_eq!(found.0.iupd, iupd(10));
}

#[tokio::test]
async fn a_failing_gpd_says_nothing_about_the_notice() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    published(&gpd, 8, 1_000).await;
    let verifier = GpdVerifier::new(gpd);
    server.fault(Some(GpdFault::Status(500)));
    assert!(
        verifier
            .verify(&rpt(8))
            .await
            .unwrap_err()
            .is_indeterminate()
    );
    server.fault(Some(GpdFault::Drop));
    assert!(
        verifier
            .verify(&rpt(8))
            .await
            .unwrap_err()
            .is_indeterminate()
    );
    server.fault(None);
    let wrong_key = GpdClient::new(config(&server.url(), Some("wrong"))).unwrap();
    assert_eq!(
        GpdVerifier::new(wrong_key)
            .verify(&rpt(8))
            .await
            .unwrap_err(),
        PlatformError::Unauthorized
    );
}

#[tokio::test]
async fn own_comuni_go_to_gpd_others_to_verification_and_carts_to_checkout() {
    let gpd_server = FakeGpd::start(KEY).await;
    let gpd = client(&gpd_server);
    published(&gpd, 20, 2_000).await;
    let platform_server = FakePlatform::start().await;
    let other = RptId::new(CreditorFiscalCode::parse(OTHER).unwrap(), notice(21));
    platform_server.add_notice(FakeNotice::new(&other.to_string(), 3_000));

    let pagopa = PagoPaPlatform::new(
        config(&platform_server.payment_requests_base(), None),
        config(&platform_server.checkout_base(), None),
    )
    .unwrap();
    let platform = OwnComuniPlatform::new(pagopa, GpdVerifier::new(gpd), [org()]);
    assert_eq!(platform.route(&rpt(20)), VerifyRoute::OwnDebtPositions);
    assert_eq!(platform.route(&other), VerifyRoute::PaymentRequests);

    let own = platform.verify(&rpt(20)).await.unwrap();
    assert_eq!(own.amount.cents(), 2_000);
    let theirs = platform.verify(&other).await.unwrap();
    assert_eq!(theirs.amount.cents(), 3_000);
    // The own comune's notice never reached payment-requests, the other never reached GPD.
    let verifies = platform_server
        .request_counts()
        .into_iter()
        .filter(|(k, _)| k.contains("verify"))
        .map(|(_, v)| v)
        .sum::<u64>();
    assert_eq!(verifies, 1);
    assert_eq!(list_requests(&gpd_server), 1);

    let cart = CheckoutCart {
        notices: vec![CartNotice {
            rpt_id: other,
            amount: Amount::from_cents(3_000).unwrap(),
            description: "Avviso".into(),
            company_name: "Comune di Fermo".into(),
        }],
        return_urls: ReturnUrls {
            ok: Url::parse("https://example.it/ok").unwrap(),
            cancel: Url::parse("https://example.it/cancel").unwrap(),
            error: Url::parse("https://example.it/error").unwrap(),
        },
        id_cart: Some("cart-1".into()),
        email: None,
    };
    platform.start_cart(&cart).await.unwrap();
    assert_eq!(platform_server.carts().len(), 1);
}

/// GPD checks dates against its own clock and refuses what is past; a wrong aux-digit-3 check
/// digit makes a notice nobody can print or pay. Both are refused here, before any call.
#[test]
fn dates_and_check_digits_are_checked_before_any_call() {
    let today = parse_civil_date("2026-12-04").unwrap();
    let p = position(5, 1_000);
    p.validate_on(today).unwrap();
    let refused = |p: &NewDebtPosition| match p.validate_on(today) {
        Err(PlatformError::BadRequest { detail }) => detail,
        other => panic!("not refused: {other:?}"),
    };
    let mut due_today = p.clone();
    due_today.options[0].due_date = today;
    due_today.validate_on(today).unwrap();
    let mut past = p.clone();
    past.options[0].due_date = parse_civil_date("2026-12-03").unwrap();
    assert!(refused(&past).contains("is past"));
    let mut valid_today = p.clone();
    valid_today.validity_date = Some(today);
    assert!(refused(&valid_today).contains("leave it out"));
    let mut valid_tomorrow = p.clone();
    valid_tomorrow.validity_date = today.succ_opt();
    valid_tomorrow.validate_on(today).unwrap();
    let mut bad_check = p.clone();
    let iuv = bad_check.options[0].iuv.clone();
    let last = iuv.as_bytes()[16] - b'0';
    bad_check.options[0].iuv = format!("{}{}", &iuv[..16], (last + 1) % 10);
    assert!(refused(&bad_check).contains("aux digit 3"));
    assert!(bad_check.validate().is_err(), "checked without a date too");
}

/// Counter staff correct a position nobody has paid, record a payment taken at the counter,
/// and delete what nobody can have paid; GPD refuses the rest.
#[tokio::test]
async fn update_mark_paid_and_delete_as_gpd_allows_them() {
    let server = FakeGpd::start(KEY).await;
    let gpd = client(&server);
    published(&gpd, 8, 1_000).await;
    // A correction of the amount, before anyone paid.
    let mut corrected = position(8, 1_500);
    corrected.options[0].description = "TARI 2026 n. 8, corretta".into();
    let updated = gpd.update(&org(), &corrected, true).await.unwrap();
    assert_eq!(updated.iupd, iupd(8));
    let verifier = GpdVerifier::new(gpd.clone());
    assert_eq!(
        verifier.verify(&rpt(8)).await.unwrap().amount.cents(),
        1_500
    );
    // Paid at the counter: GPD marks it paid, and the notice reads paid with that date.
    let paid_at = campanile_core::time::Instant::parse_rfc3339("2026-11-30T09:30:00Z").unwrap();
    gpd.mark_paid(&org(), &notice(8), paid_at).await.unwrap();
    let PlatformError::AlreadyPaid { receipt, .. } = verifier.verify(&rpt(8)).await.unwrap_err()
    else {
        panic!("not paid");
    };
    assert_eq!(receipt.unwrap().paid_at, Some(paid_at));
    // Paid: it can be neither paid again, nor updated, nor deleted.
    let again = gpd
        .mark_paid(&org(), &notice(8), paid_at)
        .await
        .unwrap_err();
    assert!(matches!(again, PlatformError::Conflict { .. }), "{again:?}");
    let err = gpd.update(&org(), &corrected, false).await.unwrap_err();
    assert!(matches!(err, PlatformError::Conflict { .. }), "{err:?}");
    let err = gpd.delete(&org(), &iupd(8)).await.unwrap_err();
    assert!(matches!(err, PlatformError::Conflict { .. }), "{err:?}");
    // A draft nobody can have paid is deleted, and gone.
    gpd.create(&org(), &position(9, 700), false).await.unwrap();
    gpd.delete(&org(), &iupd(9)).await.unwrap();
    let err = gpd.position(&org(), &iupd(9)).await.unwrap_err();
    assert!(matches!(err, PlatformError::NotFound { .. }), "{err:?}");
    let err = gpd
        .mark_paid(&org(), &notice(9), paid_at)
        .await
        .unwrap_err();
    assert!(matches!(err, PlatformError::NotFound { .. }), "{err:?}");
}
