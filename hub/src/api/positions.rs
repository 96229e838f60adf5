//! Debt positions linked to practices: created at GPD by the staff of the practice's comune
//! through the core's `GpdClient` with the hub's key; read back from GPD (paid or not, with
//! the receipts) by that staff and the practice's applicant; printed as the payment notice
//! (the core's print). The position's truth stays at GPD; the hub keeps the link.

use axum::Json;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use campanile_core::pagopa::CreditorFiscalCode;
use campanile_core::pagopa::platform::{
    DebtPosition, PlatformError, PositionFile, PositionReceipt,
};
use campanile_core::pagopa::print;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::practices::today;
use crate::auth::{Auth, Role};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{IdempotencyKey, JsonBody};
use crate::payments::claim::{self, Claim, Claimed};
use crate::payments::errors::{Lang, staff_error, words};
use crate::payments::store::{self as links, PositionLink};
use crate::store;

/// A debt position to create for a practice.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePosition {
    /// The creditor's fiscal code: one of the aggregation's own, not tied to another comune.
    #[schema(example = "00085240950")]
    pub creditor: String,
    /// Publish it at once (default): payable from its validity date. Otherwise a draft.
    #[serde(default = "yes")]
    pub publish: bool,
    /// The position in the core's position-file format (`assets/positions/example.json`):
    /// `iupd`, `company_name`, `debtor`, `options` with their `transfers`, …
    #[schema(value_type = Object)]
    pub position: serde_json::Value,
}

fn yes() -> bool {
    true
}

/// A payment option as GPD has it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OptionOut {
    /// The IUV.
    pub iuv: Option<String>,
    /// The notice number (18 digits).
    pub nav: Option<String>,
    /// The notice to pay (creditor + notice number, 29 digits).
    pub rpt_id: Option<String>,
    /// The amount in euro cents.
    pub amount_cents: Option<i64>,
    /// Its description.
    pub description: Option<String>,
    /// The last moment to pay (RFC 3339, as GPD gives it).
    pub due_date: Option<String>,
    /// GPD's status (`unpaid`, `paid`, `partially-reported`, `reported`, `unknown`); none in
    /// the answer to a create.
    pub status: Option<String>,
    /// Paid, on GPD's word.
    pub paid: bool,
    /// The receipt, when paid: `payment_date`, `psp_company`, `receipt_id`, `amount_cents`,
    /// `payment_method`, …
    #[schema(value_type = Option<Object>)]
    pub receipt: Option<PositionReceipt>,
}

/// A debt position linked to a practice, as GPD has it now.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionOut {
    /// The IUPD.
    pub iupd: String,
    /// The creditor's fiscal code.
    pub creditor: String,
    /// The practice it belongs to.
    pub practice_id: String,
    /// The practice's comune (ISTAT code).
    pub comune: String,
    /// GPD's status (`draft`, `published`, `valid`, `invalid`, `expired`, `partially-paid`,
    /// `paid`, `reported`, `unknown`); none when GPD's answer does not say.
    pub status: Option<String>,
    /// Paid in full, on GPD's word.
    pub paid: bool,
    /// Its payment options.
    pub options: Vec<OptionOut>,
    /// The receipts of its paid options.
    #[schema(value_type = Vec<Object>)]
    pub receipts: Vec<PositionReceipt>,
}

fn view(link: &PositionLink, p: &DebtPosition) -> PositionOut {
    let org = p
        .organization_fiscal_code
        .clone()
        .unwrap_or_else(|| link.creditor.clone());
    PositionOut {
        iupd: link.iupd.clone(),
        creditor: link.creditor.clone(),
        practice_id: link.practice_id.clone(),
        comune: link.comune.clone(),
        status: p.status.as_ref().map(|s| s.code().to_string()),
        paid: p.status.as_ref().is_some_and(|s| s.is_paid()),
        options: p
            .options
            .iter()
            .map(|o| OptionOut {
                iuv: o.iuv.clone(),
                nav: o.nav.clone(),
                rpt_id: o.nav.as_ref().map(|n| format!("{}{n}", link.creditor)),
                amount_cents: o.amount_cents,
                description: o.description.clone(),
                due_date: o.due_date.clone(),
                status: o.status.as_ref().map(|s| s.code().to_string()),
                paid: o.is_paid(),
                receipt: o.receipt(&org, &link.iupd),
            })
            .collect(),
        receipts: DebtPosition {
            organization_fiscal_code: Some(org.clone()),
            ..p.clone()
        }
        .receipts(),
    }
}

fn not_found(iupd: &str) -> ApiError {
    ApiError::not_found("position.not-found", format!("no debt position {iupd}"))
}

/// The link of `iupd`, when the caller may see it (its practice's comune's staff, its
/// applicant, the administrator); anyone else is told it does not exist.
async fn visible(state: &AppState, auth: &Auth, iupd: &str) -> Result<PositionLink, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let link = links::get(&mut conn, iupd)
        .await?
        .ok_or_else(|| not_found(iupd))?;
    let practice = store::get(&mut conn, &link.practice_id)
        .await?
        .ok_or_else(|| not_found(iupd))?;
    if !auth.can_see(&link.comune, &practice.applicant) {
        return Err(not_found(iupd));
    }
    Ok(link)
}

fn creditor_of(link: &PositionLink) -> Result<CreditorFiscalCode, ApiError> {
    CreditorFiscalCode::parse(&link.creditor)
        .map_err(|_| ApiError::internal(&format!("stored creditor \"{}\"", link.creditor)))
}

fn bad_file(message: String) -> ApiError {
    ApiError::unprocessable("position.bad-file", format!("position: {message}"))
}

/// Creates a debt position at GPD for a practice, and links it (staff of the practice's
/// comune, or the administrator).
#[utoipa::path(post, path = "/api/v1/practices/{id}/positions", tag = "payments",
    request_body = CreatePosition,
    params(
        ("id" = String, Path, description = "The practice's id"),
        ("Idempotency-Key" = String, Header, description = "A new random value per write; the same on its retries")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created at GPD and linked", body = PositionOut),
        (status = 400, description = "Malformed request or no Idempotency-Key", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not staff of this comune or of the creditor's", body = ErrorBody),
        (status = 404, description = "No such practice the caller may see", body = ErrorBody),
        (status = 409, description = "The position exists (here or at GPD), or the same write is under way", body = ErrorBody),
        (status = 422, description = "The position is not acceptable (its file, or GPD refused it)", body = ErrorBody),
        (status = 502, description = "GPD refused the hub's key or answered unexpectedly", body = ErrorBody),
        (status = 503, description = "The hub holds no GPD key", body = ErrorBody),
        (status = 504, description = "GPD did not answer: the outcome is unknown; read the position, or retry with the same key", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    lang: Lang,
    UrlPath(id): UrlPath<String>,
    key: IdempotencyKey,
    body: JsonBody<CreatePosition>,
) -> Result<Response, ApiError> {
    let req = &body.value;
    if auth.0.role == Role::Citizen {
        return Err(ApiError::forbidden(
            "citizens cannot create debt positions; the counter does",
        ));
    }
    let practice_missing =
        || ApiError::not_found("practice.not-found", format!("no practice {id}"));
    let practice = {
        let mut conn = state.db.pool().acquire().await?;
        store::get(&mut conn, &id)
            .await?
            .ok_or_else(practice_missing)?
    };
    let comune = practice.comune.clone().unwrap_or_default();
    if !auth.manages(&comune) {
        return Err(practice_missing());
    }
    let gw = state.payments.clone();
    let i18n = gw.i18n(lang.0);
    let creditor = gw.creditor_for(&req.creditor, &comune)?;
    let file =
        PositionFile::parse(&req.position.to_string()).map_err(|e| bad_file(i18n.localize(&e)))?;
    file.position
        .validate_on(today())
        .map_err(|e| bad_file(words(i18n, &e)))?;
    let gpd = gw.gpd()?;
    let iupd = file.position.iupd.clone();

    let (stamp, resumed) = match claim::claim(
        &state.db,
        &auth.0.sub,
        &key.0,
        &body.fingerprint,
        gw.lease(),
    )
    .await?
    {
        Claimed::Replay(res) => return Ok(res),
        Claimed::Go { stamp, resumed } => (stamp, resumed),
    };
    let c = Claim {
        subject: auth.0.sub.clone(),
        key: key.0.clone(),
        stamp,
    };
    let exists = || {
        ApiError::new(
            StatusCode::CONFLICT,
            "position.exists",
            format!("the debt position {iupd} is linked already"),
        )
    };
    {
        let mut conn = state.db.pool().acquire().await?;
        if links::get(&mut conn, &iupd).await?.is_some() {
            c.release(&state.db).await;
            return Err(exists());
        }
    }
    let position = match gpd.create(&creditor, &file.position, req.publish).await {
        Ok(p) => p,
        // An earlier try of this same write may have made it: read it back.
        Err(PlatformError::Conflict { .. }) if resumed => {
            match gpd.position(&creditor, &iupd).await {
                Ok(p) => p,
                Err(e) => {
                    c.leave_open(&state.db).await;
                    return Err(staff_error(i18n, &e, true));
                }
            }
        }
        Err(e) if e.is_indeterminate() => {
            c.leave_open(&state.db).await;
            return Err(staff_error(i18n, &e, true));
        }
        Err(e) => {
            c.release(&state.db).await;
            return Err(staff_error(i18n, &e, true));
        }
    };
    let link = PositionLink {
        iupd: iupd.clone(),
        creditor: creditor.to_string(),
        practice_id: practice.id.clone(),
        comune: comune.clone(),
        position_file: req.position.to_string(),
        published: req.publish,
        created_by: auth.0.sub.clone(),
        created_at: campanile_core::time::Instant::now(&campanile_core::host::SystemClock)
            .to_rfc3339(),
    };
    let out = serde_json::to_value(view(&link, &position)).map_err(|e| ApiError::internal(&e))?;
    let mut tx = state.db.begin().await?;
    if !links::insert(&mut tx, &link).await? {
        drop(tx);
        c.release(&state.db).await;
        return Err(exists());
    }
    let res = c.complete(&mut tx, StatusCode::CREATED, &out).await?;
    tx.commit().await?;
    tracing::info!(practice = %practice.id, %iupd, %creditor, "debt position created");
    Ok(res)
}

/// A debt position as GPD has it now: paid or not, with the receipts (its practice's comune's
/// staff, its applicant, the administrator).
#[utoipa::path(get, path = "/api/v1/positions/{iupd}", tag = "payments",
    params(("iupd" = String, Path, description = "The position's IUPD")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The position", body = PositionOut),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such position the caller may see (or GPD does not have it)", body = ErrorBody),
        (status = 502, description = "GPD refused the hub's key or answered unexpectedly", body = ErrorBody),
        (status = 503, description = "The hub holds no GPD key", body = ErrorBody),
        (status = 504, description = "GPD did not answer; ask again", body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    auth: Auth,
    lang: Lang,
    UrlPath(iupd): UrlPath<String>,
) -> Result<Json<PositionOut>, ApiError> {
    let link = visible(&state, &auth, &iupd).await?;
    let gw = state.payments.clone();
    let p = gw
        .gpd()?
        .position(&creditor_of(&link)?, &iupd)
        .await
        .map_err(|e| staff_error(gw.i18n(lang.0), &e, false))?;
    Ok(Json(view(&link, &p)))
}

/// The language of a printed notice.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoticeQuery {
    /// `it` (default) or `en`.
    pub lang: Option<String>,
}

/// The position's payment notice as an A4 PDF (the core's print), while it can be paid.
#[utoipa::path(get, path = "/api/v1/positions/{iupd}/notice.pdf", tag = "payments",
    params(("iupd" = String, Path, description = "The position's IUPD"), NoticeQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The notice", content_type = "application/pdf", body = String),
        (status = 400, description = "Not a language of the notice", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such position the caller may see", body = ErrorBody),
        (status = 409, description = "The position cannot be paid now (a draft, paid, invalid, …)", body = ErrorBody),
        (status = 502, description = "GPD refused the hub's key or answered unexpectedly", body = ErrorBody),
        (status = 503, description = "The hub holds no GPD key", body = ErrorBody),
        (status = 504, description = "GPD did not answer; ask again", body = ErrorBody)))]
pub async fn notice_pdf(
    State(state): State<AppState>,
    auth: Auth,
    lang: Lang,
    UrlPath(iupd): UrlPath<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, ApiError> {
    let notice_lang = match q.lang.as_deref().map(str::trim) {
        None | Some("") | Some("it") => "it",
        Some("en") => "en",
        Some(other) => {
            return Err(ApiError::bad_request(
                "request.bad-lang",
                format!("lang: \"{other}\" is not it or en"),
            ));
        }
    };
    let link = visible(&state, &auth, &iupd).await?;
    let gw = state.payments.clone();
    let i18n = gw.i18n(lang.0);
    let creditor = creditor_of(&link)?;
    let p = gw
        .gpd()?
        .position(&creditor, &iupd)
        .await
        .map_err(|e| staff_error(i18n, &e, false))?;
    let file = PositionFile::parse(&link.position_file).map_err(|e| ApiError::internal(&e))?;
    let notice = p
        .printable_notice(
            &file.creditor_details(creditor),
            Some(&file.position.debtor),
            notice_lang,
        )
        .map_err(|e| {
            ApiError::new(
                StatusCode::CONFLICT,
                "position.not-printable",
                i18n.localize(&e),
            )
        })?;
    let pdf = tokio::task::spawn_blocking(move || print::render_pdf(&notice))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map_err(|e| ApiError::internal(&e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"avviso-{}.pdf\"", safe_name(&iupd)),
            ),
        ],
        pdf,
    )
        .into_response())
}

fn safe_name(iupd: &str) -> String {
    iupd.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
