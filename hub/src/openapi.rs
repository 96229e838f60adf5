//! The OpenAPI 3.1 document's frame (the operations come from the handlers' annotations) and
//! `/docs`: a small page of our own, with no remote script, that reads `/openapi.json` and
//! lists the operations.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::Modify;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

/// The document's frame: title, version, tags and the bearer scheme.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Campanile hub",
        description = "The aggregation's server: the comuni, the procedures catalog, practices with their legal clock (computed by campanile-core) and each person's changes feed. Every write carries an Idempotency-Key header; every error answer is {\"error\": {\"code\", \"message\"}}."
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "catalog", description = "The comuni and the procedures (public)"),
        (name = "auth", description = "Tokens"),
        (name = "practices", description = "Practices and their timeline"),
        (name = "me", description = "The caller's own practices and changes"),
        (name = "places", description = "Each comune's places and beacon registry: curated by its staff, published to the apps (incremental JSON with ETag) and as a DCAT-AP_IT catalogue"),
        (name = "payments", description = "The pagoPA gateway: debt positions linked to practices, notice verification and Checkout carts with the keys the hub holds")
    )
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

const DOCS_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campanile hub — API</title>
</head>
<body>
<h1 id="title">Campanile hub — API</h1>
<p id="description"></p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<div id="operations">Loading…</div>
<script src="/docs/docs.js"></script>
</body>
</html>
"#;

const DOCS_JS: &str = r#"'use strict';
(function () {
  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  fetch('/openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
    document.getElementById('description').textContent = doc.info.description || '';
    var root = document.getElementById('operations');
    root.textContent = '';
    Object.keys(doc.paths).forEach(function (path) {
      var item = doc.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        var section = el('section');
        section.appendChild(el('h2', method.toUpperCase() + ' ' + path));
        if (op.summary) { section.appendChild(el('p', op.summary)); }
        if (op.description && op.description !== op.summary) { section.appendChild(el('p', op.description)); }
        if (op.security) { section.appendChild(el('p', 'Needs a bearer token.')); }
        var params = (op.parameters || []).map(function (p) { return p.name + ' (' + p.in + ')'; });
        if (params.length) { section.appendChild(el('p', 'Parameters: ' + params.join(', '))); }
        var list = el('ul');
        Object.keys(op.responses || {}).forEach(function (status) {
          list.appendChild(el('li', status + ': ' + (op.responses[status].description || '')));
        });
        section.appendChild(list);
        root.appendChild(section);
      });
    });
  }).catch(function (e) {
    document.getElementById('operations').textContent = 'Cannot read /openapi.json: ' + e;
  });
})();
"#;

/// `GET /docs`: the page.
pub async fn docs_page() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        DOCS_HTML,
    )
}

/// `GET /docs/docs.js`: the page's script (served by the hub itself, as the CSP requires).
pub async fn docs_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        DOCS_JS,
    )
}
