//! The CKAN Action API (v3): portal address normalisation, `fq` building, the answer envelope,
//! and a lenient mapping of packages (real portals put nulls and strings everywhere).

use serde_json::Value;
use url::Url;

use super::{HarvestError, Package, Resource, SearchFilter};

/// `https://dati.example.it`, `…/`, `…/api`, `…/api/3`, `…/api/3/action` or
/// `…/api/3/action/package_search` → `…/api/3/action/` (with its trailing slash, ready for
/// `join`). The query and fragment are dropped.
pub fn api_base(portal: &str) -> Result<Url, HarvestError> {
    let mut url = parse_http_url(portal)?;
    url.set_query(None);
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_string();
    let root = if let Some(i) = path.find("/api/3/action") {
        path[..i].to_string()
    } else if let Some(stripped) = path.strip_suffix("/api/3") {
        stripped.to_string()
    } else if let Some(stripped) = path.strip_suffix("/api") {
        stripped.to_string()
    } else {
        path
    };
    url.set_path(&format!("{root}/api/3/action/"));
    Ok(url)
}

/// Parses an `http`/`https` URL, or says why not.
pub fn parse_http_url(s: &str) -> Result<Url, HarvestError> {
    let url = Url::parse(s.trim()).map_err(|e| HarvestError::InvalidUrl {
        url: s.to_string(),
        detail: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(HarvestError::InvalidUrl {
            url: s.to_string(),
            detail: format!("scheme {other:?} is not http or https"),
        }),
    }
}

/// A Solr phrase: `"…"` with `\` and `"` escaped.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `organization:"x" AND tags:"y" AND groups:"z" AND metadata_modified:[T TO *]` (the last one
/// when `modified_since` is given, for incremental harvests), or `None` without filters.
pub fn build_fq(filter: &SearchFilter, modified_since: Option<&str>) -> Option<String> {
    let mut clauses = Vec::new();
    if let Some(org) = filter.organization.as_deref().filter(|o| !o.is_empty()) {
        clauses.push(format!("organization:{}", quote(org)));
    }
    for tag in filter.tags.iter().filter(|t| !t.is_empty()) {
        clauses.push(format!("tags:{}", quote(tag)));
    }
    for group in filter.groups.iter().filter(|g| !g.is_empty()) {
        clauses.push(format!("groups:{}", quote(group)));
    }
    if let Some(since) = modified_since.filter(|s| !s.trim().is_empty()) {
        clauses.push(format!("metadata_modified:[{} TO *]", solr_date(since)));
    }
    (!clauses.is_empty()).then(|| clauses.join(" AND "))
}

/// CKAN writes `2017-07-05T19:29:07.136124` (UTC, no zone); Solr wants a `Z` and no spaces.
fn solr_date(s: &str) -> String {
    let s = s.trim().replace(' ', "T");
    if s.ends_with('Z') {
        s
    } else if s.len() == 10 {
        format!("{s}T00:00:00Z")
    } else {
        format!("{s}Z")
    }
}

/// True when a package must be harvested again: `metadata_modified` differs from (or there is
/// none to compare with) what the last harvest saw.
pub fn needs_refresh(previous_modified: Option<&str>, package: &Package) -> bool {
    match (previous_modified, package.metadata_modified.as_deref()) {
        (Some(prev), Some(now)) => prev.trim() != now.trim(),
        _ => true,
    }
}

/// One page of `package_search`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPage {
    /// What the portal says the total is (not always true).
    pub count: u64,
    /// The page's datasets.
    pub packages: Vec<Package>,
}

/// The `result` of a CKAN answer; `success: false` → [`HarvestError::Ckan`] with CKAN's
/// message, a non-JSON body → [`HarvestError::Json`] (or [`HarvestError::Status`] for an error
/// status).
pub fn parse_envelope(url: &str, status: u16, body: &[u8]) -> Result<Value, HarvestError> {
    let ok = (200..300).contains(&status);
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) if !ok => {
            return Err(HarvestError::Status {
                url: url.to_string(),
                status,
            });
        }
        Err(e) => {
            return Err(HarvestError::Json {
                url: url.to_string(),
                line: e.line(),
                column: e.column(),
                detail: e.to_string(),
            });
        }
    };
    if value.get("success").and_then(Value::as_bool) == Some(false) {
        return Err(HarvestError::Ckan {
            url: url.to_string(),
            status,
            message: error_message(value.get("error")),
        });
    }
    if !ok {
        return Err(HarvestError::Status {
            url: url.to_string(),
            status,
        });
    }
    match value {
        Value::Object(mut map) => map
            .remove("result")
            .ok_or_else(|| HarvestError::Unexpected {
                url: url.to_string(),
                detail: "no \"result\" in the CKAN answer".into(),
            }),
        _ => Err(HarvestError::Unexpected {
            url: url.to_string(),
            detail: "the CKAN answer is not a JSON object".into(),
        }),
    }
}

/// CKAN's `error`: `{"__type": "Not Found Error", "message": "Not found"}` or validation errors
/// `{"__type": "Validation Error", "rows": ["Invalid integer"]}`.
fn error_message(error: Option<&Value>) -> String {
    let Some(Value::Object(map)) = error else {
        return error
            .and_then(text)
            .unwrap_or_else(|| "no error message".into());
    };
    let kind = map.get("__type").and_then(text);
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = map.get("message").and_then(text) {
        parts.push(m);
    }
    for (k, v) in map {
        if k == "__type" || k == "message" {
            continue;
        }
        let detail = match v {
            Value::Array(items) => items.iter().filter_map(text).collect::<Vec<_>>().join("; "),
            other => text(other).unwrap_or_default(),
        };
        parts.push(format!("{k}: {detail}"));
    }
    match (kind, parts.is_empty()) {
        (Some(k), true) => k,
        (Some(k), false) => format!("{k}: {}", parts.join(", ")),
        (None, _) => parts.join(", "),
    }
}

/// A `package_search` answer (the whole body).
pub fn parse_search_answer(
    url: &str,
    status: u16,
    body: &[u8],
) -> Result<SearchPage, HarvestError> {
    let result = parse_envelope(url, status, body)?;
    let count = result.get("count").and_then(number).unwrap_or(0);
    let Some(results) = result.get("results").and_then(Value::as_array) else {
        return Err(HarvestError::Unexpected {
            url: url.to_string(),
            detail: "no \"results\" list in the package_search answer".into(),
        });
    };
    let packages = results
        .iter()
        .filter_map(|v| {
            let p = package_from_json(v);
            if p.is_none() {
                tracing::warn!(%url, "skipping a package without id nor name");
            }
            p
        })
        .collect();
    Ok(SearchPage { count, packages })
}

/// A `package_show` answer (the whole body).
pub fn parse_show_answer(url: &str, status: u16, body: &[u8]) -> Result<Package, HarvestError> {
    let result = parse_envelope(url, status, body)?;
    package_from_json(&result).ok_or_else(|| HarvestError::Unexpected {
        url: url.to_string(),
        detail: "the package has neither id nor name".into(),
    })
}

/// A non-empty string, number or boolean as text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A size or count: a number, or a string holding one.
fn number(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<u64>().ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .filter(|f| *f >= 0.0)
                    .map(|f| f as u64)
            })
        }
        _ => None,
    }
}

fn field(v: &Value, name: &str) -> Option<String> {
    v.get(name).and_then(text)
}

/// Names from `[{"name": …}]`, `["…"]` or `"a,b"`.
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::Object(_) => field(i, "name").or_else(|| field(i, "display_name")),
                other => text(other),
            })
            .collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// A CKAN package (as in `package_show`'s `result`), or `None` without id nor name.
pub fn package_from_json(v: &Value) -> Option<Package> {
    let id = field(v, "id").or_else(|| field(v, "name"))?;
    let name = field(v, "name").unwrap_or_else(|| id.clone());
    let (organization, organization_title) = match v.get("organization") {
        Some(org @ Value::Object(_)) => (field(org, "name"), field(org, "title")),
        Some(other) => (text(other), None),
        None => (None, None),
    };
    let resources = match v.get("resources") {
        Some(Value::Array(items)) => items.iter().filter_map(resource_from_json).collect(),
        _ => Vec::new(),
    };
    Some(Package {
        id,
        name,
        title: field(v, "title"),
        notes: field(v, "notes"),
        organization,
        organization_title,
        tags: names(v.get("tags")),
        groups: names(v.get("groups")),
        license_id: field(v, "license_id"),
        license_title: field(v, "license_title"),
        license_url: field(v, "license_url"),
        metadata_modified: field(v, "metadata_modified"),
        resources,
    })
}

/// A CKAN resource, or `None` without a URL.
pub fn resource_from_json(v: &Value) -> Option<Resource> {
    let url = field(v, "url")?;
    Some(Resource {
        id: field(v, "id").unwrap_or_else(|| url.clone()),
        url,
        name: field(v, "name"),
        format: field(v, "format"),
        mimetype: field(v, "mimetype"),
        last_modified: field(v, "last_modified"),
        size: v.get("size").and_then(number),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn api_base_normalises_every_spelling() {
        for portal in [
            "https://dati.example.it",
            "https://dati.example.it/",
            "https://dati.example.it/api",
            "https://dati.example.it/api/3",
            "https://dati.example.it/api/3/",
            "https://dati.example.it/api/3/action",
            "https://dati.example.it/api/3/action/",
            "https://dati.example.it/api/3/action/package_search?q=x",
        ] {
            assert_eq!(
                api_base(portal).unwrap().as_str(),
                "https://dati.example.it/api/3/action/",
                "{portal}"
            );
        }
        assert_eq!(
            api_base("http://x.it/ckan/").unwrap().as_str(),
            "http://x.it/ckan/api/3/action/"
        );
        assert!(api_base("ftp://x.it").is_err());
        assert!(api_base("not a url").is_err());
    }

    #[test]
    fn fq_quotes_and_escapes() {
        let filter = SearchFilter {
            organization: Some("comune-di-x".into()),
            tags: vec!["beni \"culturali\"".into(), "a\\b".into()],
            groups: vec!["turismo".into()],
            ..SearchFilter::default()
        };
        assert_eq!(
            build_fq(&filter, Some("2024-01-02T03:04:05.123456")).unwrap(),
            r#"organization:"comune-di-x" AND tags:"beni \"culturali\"" AND tags:"a\\b" AND groups:"turismo" AND metadata_modified:[2024-01-02T03:04:05.123456Z TO *]"#
        );
        assert_eq!(build_fq(&SearchFilter::default(), None), None);
        assert_eq!(
            build_fq(&SearchFilter::default(), Some("2024-01-02")).unwrap(),
            "metadata_modified:[2024-01-02T00:00:00Z TO *]"
        );
    }

    #[test]
    fn lenient_mapping() {
        let p = package_from_json(&json!({
            "id": "abc", "name": null, "title": "", "organization": null,
            "tags": [{"name": "a"}, {"display_name": "b"}, "c", null],
            "groups": null, "license_id": 7,
            "resources": [
                {"id": "r1", "url": "http://x/1.csv", "size": "1024", "format": null},
                {"id": "r2", "url": "http://x/2.csv", "size": 12.0, "mimetype": "text/csv"},
                {"id": "r3", "url": "", "size": null},
                {"url": "http://x/4.csv", "size": "n/a"}
            ]
        }))
        .unwrap();
        assert_eq!(p.name, "abc");
        assert_eq!(p.title, None);
        assert_eq!(p.tags, ["a", "b", "c"]);
        assert_eq!(p.license_id.as_deref(), Some("7"));
        assert_eq!(p.resources.len(), 3);
        assert_eq!(p.resources[0].size, Some(1024));
        assert_eq!(p.resources[1].size, Some(12));
        assert_eq!(p.resources[2].id, "http://x/4.csv");
        assert_eq!(p.resources[2].size, None);
        assert!(package_from_json(&json!({"title": "no id"})).is_none());
    }

    #[test]
    fn error_envelopes_say_what_ckan_said() {
        let e = parse_envelope(
            "u",
            409,
            br#"{"success": false, "error": {"__type": "Validation Error", "rows": ["Invalid integer"]}}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "u: the CKAN portal refused the request (HTTP 409): Validation Error: rows: Invalid integer"
        );
        let e = parse_envelope("u", 200, b"{\"success\": tru").unwrap_err();
        assert!(matches!(e, HarvestError::Json { line: 1, .. }), "{e}");
        let e = parse_envelope("u", 404, b"<html>").unwrap_err();
        assert!(matches!(e, HarvestError::Status { status: 404, .. }), "{e}");
    }

    #[test]
    fn refresh_follows_metadata_modified() {
        let p = Package {
            metadata_modified: Some("2024-01-02T00:00:00".into()),
            ..Package::default()
        };
        assert!(!needs_refresh(Some("2024-01-02T00:00:00"), &p));
        assert!(needs_refresh(Some("2024-01-01T00:00:00"), &p));
        assert!(needs_refresh(None, &p));
    }
}
