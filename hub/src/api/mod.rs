//! The HTTP API under `/api/v1`, its state, and the router with its layers (body limit, the
//! one error shape, request logs, security headers), `/openapi.json` and `/docs`.

pub mod beacons;
pub mod catalog;
mod curation;
pub mod dcat;
pub mod dev;
pub mod health;
pub mod me;
pub mod oidc;
pub mod pay;
pub mod places;
pub mod positions;
pub mod practices;
pub mod stream;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::get;
use campanile_core::practices::patrons::PatronDays;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Tokens;
use crate::db::Db;
use crate::error::{self, ApiError};
use crate::openapi;

/// What every request handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Signs and checks bearer tokens.
    pub tokens: Arc<Tokens>,
    /// `POST /api/v1/dev/login` is on.
    pub dev_login: bool,
    /// The comuni's patron-saint days (the core's shipped table): they move a last day.
    pub patrons: Arc<PatronDays>,
    /// The pagoPA gateway: the clients with the hub's keys.
    pub payments: Arc<crate::payments::Gateway>,
    /// The rate limits' counters (this process's: see [`crate::limits`]).
    pub limiter: Arc<crate::limits::Limiter>,
    /// Sign-in with SPID or CIE through an OpenID Connect issuer, when configured.
    pub oidc: Option<Arc<crate::oidc::Oidc>>,
    /// The practices' timelines this process last wrote (a hint for the next write).
    pub timelines: Arc<crate::store::Timelines>,
}

/// The API's routes with their OpenAPI description.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::ready))
        .routes(routes!(catalog::comuni))
        .routes(routes!(catalog::procedures))
        .routes(routes!(dev::login))
        .routes(routes!(oidc::start))
        .routes(routes!(oidc::callback))
        .routes(routes!(practices::create))
        .routes(routes!(practices::get_one))
        .routes(routes!(practices::add_event))
        .routes(routes!(me::me))
        .routes(routes!(me::practices))
        .routes(routes!(me::changes))
        .routes(routes!(stream::changes_stream))
        .routes(routes!(places::list, places::create))
        .routes(routes!(places::get_one, places::update, places::delete))
        .routes(routes!(beacons::list, beacons::create))
        .routes(routes!(beacons::update, beacons::delete))
        .routes(routes!(dcat::rdf_xml))
        .routes(routes!(dcat::turtle))
        .routes(routes!(positions::create))
        .routes(routes!(positions::get_one))
        .routes(routes!(positions::notice_pdf))
        .routes(routes!(pay::verify))
        .routes(routes!(pay::start_cart))
}

/// The OpenAPI document of the API, as served at `/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut doc = api_router().into_openapi();
    crate::limits::document(&mut doc);
    doc
}

/// The whole application: the API, `/openapi.json`, `/docs`, and the layers.
pub fn router(state: AppState, body_limit: usize) -> Router {
    let (api, mut doc) = api_router().split_for_parts();
    crate::limits::document(&mut doc);
    let doc_json = Arc::new(doc.to_json().unwrap_or_else(|_| "{}".to_string()));
    api.route(
        "/openapi.json",
        get(move || {
            let doc = doc_json.clone();
            async move {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    doc.as_str().to_owned(),
                )
            }
        }),
    )
    .route("/docs", get(openapi::docs_page))
    .route("/docs/docs.js", get(openapi::docs_script))
    .fallback(error::not_found)
    .with_state(state.clone())
    .layer(middleware::from_fn_with_state(
        state,
        crate::limits::enforce,
    ))
    .layer(middleware::from_fn(error::one_shape))
    .layer(DefaultBodyLimit::max(body_limit))
    .layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    ))
    .layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

/// Checks a fiscal code as given (spaces around ignored, upper-cased): a person's 16
/// characters (letters where the code has letters; digits or their omocodia letters where it
/// has digits) or a company's 11 digits.
pub fn fiscal_code(field: &str, value: &str) -> Result<String, ApiError> {
    let v = value.trim().to_ascii_uppercase();
    let b = v.as_bytes();
    let person = b.len() == 16
        && b.iter().enumerate().all(|(i, c)| match i {
            0..=5 | 8 | 11 | 15 => c.is_ascii_uppercase(),
            _ => c.is_ascii_digit() || b"LMNPQRSTUV".contains(c),
        });
    let company = b.len() == 11 && b.iter().all(u8::is_ascii_digit);
    if person || company {
        Ok(v)
    } else {
        Err(ApiError::unprocessable(
            "request.bad-fiscal-code",
            format!(
                "{field}: \"{}\" is not a fiscal code (16 characters for a person, 11 digits for a company)",
                value.trim()
            ),
        ))
    }
}

/// Checks that `istat` is one of the aggregation's comuni.
pub async fn known_comune(db: &Db, istat: &str) -> Result<String, ApiError> {
    let istat = istat.trim();
    if !campanile_core::practices::patrons::is_istat_code(istat) {
        return Err(ApiError::unprocessable(
            "comune.bad-code",
            format!("comune: \"{istat}\" is not an ISTAT code (6 digits)"),
        ));
    }
    let found: Option<(String,)> = sqlx::query_as("SELECT istat FROM comuni WHERE istat = $1")
        .bind(istat)
        .fetch_optional(db.pool())
        .await?;
    found.map(|(c,)| c).ok_or_else(|| {
        ApiError::unprocessable(
            "comune.unknown",
            format!("comune: {istat} is not a comune of the aggregation"),
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fiscal_codes() {
        assert_eq!(
            super::fiscal_code("subject", " rssmra80a01d542x ").unwrap(),
            "RSSMRA80A01D542X"
        );
        assert!(super::fiscal_code("subject", "RSSMRA80A01D54MX").is_ok());
        assert!(super::fiscal_code("subject", "00085240950").is_ok());
        assert!(super::fiscal_code("subject", "RSSMRA80A01D542").is_err());
        assert!(super::fiscal_code("subject", "1SSMRA80A01D542X").is_err());
        assert!(super::fiscal_code("subject", "' OR 1=1 --").is_err());
    }
}
