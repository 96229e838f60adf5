//! A comune's DCAT-AP_IT catalogue (RDF/XML and Turtle), so that its places go back to the
//! regional and national portals. Public, with a strong ETag like the places JSON.

use std::collections::BTreeSet;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use campanile_core::host::SystemClock;
use campanile_core::time::Instant;

use super::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::places::dcat::{self, CatalogInfo, Syntax};
use crate::places::store::{self, Table};
use crate::places::{comune_of_path, etag};

/// The hub's address as the caller reached it (`X-Forwarded-Proto` and `Host`), for the
/// catalogue's IRIs; a host with characters outside a host name's is replaced by `localhost`.
pub fn base_url(headers: &HeaderMap) -> String {
    let proto = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    {
        Some("https") => "https",
        _ => "http",
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("{proto}://{host}")
}

async fn catalog(
    state: &AppState,
    istat: &str,
    headers: &HeaderMap,
    syntax: Syntax,
) -> Result<Response, ApiError> {
    let (istat, comune) = comune_of_path(&state.db, istat).await?;
    let mut conn = state.db.pool().acquire().await?;
    let rows = store::since(&mut conn, Table::Places, &istat, 0).await?;
    drop(conn);
    let mut categories = BTreeSet::new();
    let mut places = 0;
    for r in rows.iter().filter(|r| !r.deleted) {
        places += 1;
        categories.insert(super::places::place_out(r)?.category);
    }
    // The day of the last write, deletions included (rows come oldest change first).
    let modified = rows
        .last()
        .and_then(|r| Instant::parse_rfc3339(&r.updated_at))
        .unwrap_or_else(|| Instant::now(&SystemClock))
        .day_in_rome()
        .to_string();
    let info = CatalogInfo {
        base: base_url(headers),
        istat,
        comune,
        modified,
        places,
        categories: categories.into_iter().collect(),
    };
    let body = dcat::write(&info, syntax).map_err(|e| ApiError::internal(&e))?;
    let content_type = match syntax {
        Syntax::RdfXml => "application/rdf+xml",
        Syntax::Turtle => "text/turtle; charset=utf-8",
    };
    Ok(etag::answer(headers, content_type, body))
}

/// The comune's DCAT-AP_IT catalogue of its places dataset, in RDF/XML.
#[utoipa::path(get, path = "/api/v1/comuni/{istat}/catalog.rdf", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code")),
    responses(
        (status = 200, description = "The catalogue", content_type = "application/rdf+xml", body = String),
        (status = 304, description = "Not modified"),
        (status = 404, description = "Not a comune of the aggregation", body = ErrorBody)))]
pub async fn rdf_xml(
    State(state): State<AppState>,
    UrlPath(istat): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalog(&state, &istat, &headers, Syntax::RdfXml).await
}

/// The comune's DCAT-AP_IT catalogue of its places dataset, in Turtle.
#[utoipa::path(get, path = "/api/v1/comuni/{istat}/catalog.ttl", tag = "places",
    params(("istat" = String, Path, description = "The comune's ISTAT code")),
    responses(
        (status = 200, description = "The catalogue", content_type = "text/turtle", body = String),
        (status = 304, description = "Not modified"),
        (status = 404, description = "Not a comune of the aggregation", body = ErrorBody)))]
pub async fn turtle(
    State(state): State<AppState>,
    UrlPath(istat): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalog(&state, &istat, &headers, Syntax::Turtle).await
}
