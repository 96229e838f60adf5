//! Citizens pay through the hub: notice verification (the aggregation's own creditors through
//! their debt positions at GPD, every other creditor through pagoPA's notice verification) and
//! Checkout carts, with the keys the hub holds. The answers carry the platform's outcome in the
//! core's wire form (`HubVerifyAnswer`, `HubCartAnswer`), which the device's `HubPlatform`
//! turns back into exactly the `NoticeInfo` or `PlatformError` the hub got — a timeout here
//! reaches the device as a timeout, never as "not paid" — and say which route verified the
//! notice, so that the device knows whether a payment under way would show.

use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use campanile_core::pagopa::RptId;
use campanile_core::pagopa::ledger::{HubCart, HubCartAnswer, HubVerifyAnswer, Platform};
use campanile_core::pagopa::platform::MAX_CART_NOTICES;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{IdempotencyKey, JsonBody};
use crate::payments::claim::{self, Claim, Claimed};
use crate::payments::errors::{Lang, failure};

/// A notice that can be paid now.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeDoc {
    /// The notice (29 digits: creditor and notice number).
    pub rpt_id: String,
    /// The amount to pay now, in euro cents.
    pub amount_cents: u64,
    /// The payment's description (causale).
    pub description: Option<String>,
    /// The last day to pay (`YYYY-MM-DD`).
    pub due_date: Option<String>,
    /// The creditor's name.
    pub payee_name: Option<String>,
    /// The creditor's fiscal code.
    pub payee_fiscal_code: Option<String>,
}

/// The platform's outcome other than "payable": the core's `PlatformError` on the wire.
#[derive(Debug, Serialize, ToSchema)]
pub struct FailureDoc {
    /// `unknown-notice`, `notice-data-error`, `expired`, `revoked`, `already-paid`,
    /// `settled-per-creditor`, `in-progress`, `creditor-unavailable`, `bad-request`,
    /// `unprocessable`, `unauthorized`, `not-found`, `conflict`, `timeout`, `transport`,
    /// `server`, `protocol`.
    #[schema(example = "timeout")]
    pub kind: String,
    /// The outcome is not known: the request may have taken effect (never "not paid").
    pub indeterminate: bool,
    /// The platform's fault code or status (`PO_PAID`, `PAA_PAGAMENTO_SCADUTO`, …).
    pub code: Option<String>,
    /// What the platform said.
    pub detail: Option<String>,
    /// The HTTP status of a platform failure (`server`).
    pub status: Option<u16>,
    /// A paid notice's receipt as the creditor gave it (`paid_at`, `psp`, `receipt_id`,
    /// `amount_cents`, `payment_method`).
    #[schema(value_type = Option<Object>)]
    pub receipt: Option<serde_json::Value>,
    /// The outcome in words (the core's message, in the `Accept-Language`: `it` or `en`).
    pub message: Option<String>,
}

/// A notice verified: exactly one of `notice` and `failure`.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyDoc {
    /// The notice asked about.
    pub rpt_id: String,
    /// `own-debt-positions` (the creditor's debt positions at GPD: a payment under way does
    /// not show) or `payment-requests` (pagoPA's notice verification: it shows).
    #[schema(example = "own-debt-positions")]
    pub route: String,
    /// The creditor is one of the aggregation's comuni; otherwise the notice is another
    /// creditor's, verified by pagoPA and paid on pagoPA's Checkout page.
    pub aggregation: bool,
    /// The notice, when it can be paid now.
    pub notice: Option<NoticeDoc>,
    /// Why not, or that the outcome is unknown.
    pub failure: Option<FailureDoc>,
}

/// One notice of a cart.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartNoticeDoc {
    /// The notice (29 digits).
    pub rpt_id: String,
    /// The amount to pay, in euro cents (as verified).
    pub amount_cents: u64,
    /// The payment's description.
    pub description: String,
    /// The creditor's name.
    pub company_name: String,
}

/// Where Checkout sends the payer back.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnUrlsDoc {
    /// After a payment.
    pub ok: String,
    /// After the payer cancelled.
    pub cancel: String,
    /// After an error.
    pub error: String,
}

/// A cart of 1–5 notices to hand to Checkout.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartDoc {
    /// The notices (1 to 5).
    pub notices: Vec<CartNoticeDoc>,
    /// Where Checkout sends the payer back.
    pub return_urls: ReturnUrlsDoc,
    /// The caller's own id for the cart, echoed by Checkout.
    pub id_cart: Option<String>,
    /// Where Checkout sends the receipt; passed on, never stored.
    pub email: Option<String>,
}

/// A cart's outcome: exactly one of `checkout_url` and `failure`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CartAnswerDoc {
    /// Where the payer pays.
    pub checkout_url: Option<String>,
    /// Why no cart was made, or that the outcome is unknown.
    pub failure: Option<FailureDoc>,
}

/// Verifies a notice through the hub's keys (any signed-in caller).
#[utoipa::path(get, path = "/api/v1/pay/notices/{rpt_id}", tag = "payments",
    params(("rpt_id" = String, Path, description = "The notice: creditor fiscal code and notice number (29 digits)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The platform's outcome, payable or not (or unknown), and the route", body = VerifyDoc),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 422, description = "Not a notice", body = ErrorBody),
        (status = 503, description = "The hub holds no key for this", body = ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    _auth: Auth,
    lang: Lang,
    UrlPath(rpt_id): UrlPath<String>,
) -> Result<Json<HubVerifyAnswer>, ApiError> {
    let gw = state.payments.clone();
    let i18n = gw.i18n(lang.0);
    let rpt = RptId::parse(rpt_id.trim()).map_err(|e| {
        ApiError::unprocessable(
            "notice.bad-rpt-id",
            format!("rpt_id: {}", i18n.localize(&e)),
        )
    })?;
    let platform = gw.platform()?;
    let route = platform.route(&rpt);
    let outcome = platform.verify(&rpt).await;
    let mut answer = HubVerifyAnswer::new(&rpt, route, gw.is_own(&rpt.creditor), &outcome);
    if let Err(e) = &outcome {
        answer.failure = Some(failure(i18n, e));
    }
    tracing::info!(
        rpt_id = %rpt,
        route = %answer.route,
        outcome = answer.failure.as_ref().map_or("payable", |f| f.kind.as_str()),
        "notice verified"
    );
    Ok(Json(answer))
}

/// Hands a cart of 1–5 notices to pagoPA Checkout (any signed-in caller); the payer opens the
/// URL answered.
#[utoipa::path(post, path = "/api/v1/pay/carts", tag = "payments", request_body = CartDoc,
    params(("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The cart: where the payer pays", body = CartAnswerDoc),
        (status = 200, description = "No cart: the platform's outcome (refused, or unknown)", body = CartAnswerDoc),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 409, description = "The same write is under way", body = ErrorBody),
        (status = 422, description = "Not a cart of 1 to 5 notices", body = ErrorBody),
        (status = 503, description = "The hub holds no key for this", body = ErrorBody)))]
pub async fn start_cart(
    State(state): State<AppState>,
    auth: Auth,
    lang: Lang,
    key: IdempotencyKey,
    body: JsonBody<HubCart>,
) -> Result<Response, ApiError> {
    let n = body.value.notices.len();
    if !(1..=MAX_CART_NOTICES).contains(&n) {
        return Err(ApiError::unprocessable(
            "cart.size",
            format!("notices: {n} notices; a cart has 1 to {MAX_CART_NOTICES}"),
        ));
    }
    let cart = body
        .value
        .clone()
        .into_cart()
        .map_err(|m| ApiError::unprocessable("cart.bad-notice", m))?;
    let gw = state.payments.clone();
    let platform = gw.platform()?;
    let c = match claim::claim(
        &state.db,
        &auth.0.sub,
        &key.0,
        &body.fingerprint,
        gw.lease(),
    )
    .await?
    {
        Claimed::Replay(res) => return Ok(res),
        Claimed::Go { stamp, .. } => Claim {
            subject: auth.0.sub.clone(),
            key: key.0.clone(),
            stamp,
        },
    };
    let outcome = platform.start_cart(&cart).await;
    let mut answer = HubCartAnswer::new(&outcome);
    let status = match &outcome {
        Ok(_) => StatusCode::CREATED,
        Err(e) => {
            answer.failure = Some(failure(gw.i18n(lang.0), e));
            StatusCode::OK
        }
    };
    tracing::info!(
        notices = n,
        id_cart = cart.id_cart.as_deref().unwrap_or_default(),
        outcome = answer.failure.as_ref().map_or("cart", |f| f.kind.as_str()),
        "Checkout cart"
    );
    let body = serde_json::to_value(&answer).map_err(|e| ApiError::internal(&e))?;
    if outcome.as_ref().is_err_and(|e| e.is_indeterminate()) {
        // A cart may have been made: not stored, so a retry with this key asks again (its
        // first URL never reached anybody).
        c.leave_open(&state.db).await;
        return Ok((status, Json(body)).into_response());
    }
    let mut tx = state.db.begin().await?;
    let res = c.complete(&mut tx, status, &body).await?;
    tx.commit().await?;
    Ok(res)
}
