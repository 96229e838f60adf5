//! Strong entity tags over the exact bytes of an answer, and `If-None-Match`: an app that
//! already holds the answer gets `304 Not Modified` and no body.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The strong ETag of `body`: a quoted SHA-256 prefix of its bytes.
pub fn of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Whether `If-None-Match` names `etag` (or is `*`). Compared weakly, as RFC 9110 says for
/// this header: `W/"x"` matches `"x"`.
pub fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// The answer of a GET: `body` as `content_type` with its ETag, or `304 Not Modified` when the
/// request already holds it. Apps revalidate every time (`Cache-Control: no-cache`).
pub fn answer(headers: &HeaderMap, content_type: &'static str, body: Vec<u8>) -> Response {
    let etag = of(&body);
    let tag = HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    let cache = (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if matches(headers, &etag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag), cache]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::ETAG, tag),
            cache,
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_forms() {
        let tag = of(b"{}");
        let mut h = HeaderMap::new();
        assert!(!matches(&h, &tag));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"other\", W/{tag}")).unwrap(),
        );
        assert!(matches(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(matches(&h, &tag));
        assert_ne!(of(b"{}"), of(b"{ }"));
    }
}
