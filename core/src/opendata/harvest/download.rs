//! Conditional resource downloads: `If-None-Match` / `If-Modified-Since` from the previous
//! [`Validators`], a SHA-256 of what did come, and the verdict ([`Fetched`]).

use reqwest::header::{HeaderName, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use sha2::{Digest, Sha256};

use super::ckan::parse_http_url;
use super::http::{Answer, Http, Kind};
use super::{Fetched, HarvestError, HarvestOptions, Validators};

/// The conditional headers for a download after `previous`.
pub(crate) fn conditional_headers(previous: Option<&Validators>) -> Vec<(HeaderName, String)> {
    let mut headers = Vec::new();
    if let Some(v) = previous {
        if let Some(etag) = v.etag.as_deref().filter(|e| !e.is_empty()) {
            headers.push((IF_NONE_MATCH, etag.to_string()));
        }
        if let Some(lm) = v.last_modified.as_deref().filter(|l| !l.is_empty()) {
            headers.push((IF_MODIFIED_SINCE, lm.to_string()));
        }
    }
    headers
}

/// Hex SHA-256 of `body`.
pub fn sha256_hex(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// What an answer means given what was known before.
pub(crate) fn verdict(
    url: &str,
    answer: Answer,
    previous: Option<&Validators>,
) -> Result<Fetched, HarvestError> {
    match answer.status {
        304 => Ok(Fetched::NotModified),
        200..=299 => {
            let sha = sha256_hex(&answer.body);
            let validators = Validators {
                etag: answer.etag,
                last_modified: answer.last_modified,
                sha256: Some(sha.clone()),
            };
            if previous.and_then(|p| p.sha256.as_deref()) == Some(sha.as_str()) {
                Ok(Fetched::Same {
                    validators,
                    bytes: answer.body.len() as u64,
                })
            } else {
                Ok(Fetched::Changed {
                    body: answer.body,
                    validators,
                })
            }
        }
        status => Err(HarvestError::Status {
            url: url.to_string(),
            status,
        }),
    }
}

/// One conditional download.
pub(crate) async fn fetch(
    http: &Http,
    options: &HarvestOptions,
    url: &str,
    previous: Option<&Validators>,
) -> Result<Fetched, HarvestError> {
    if let Some(path) = url::Url::parse(url)
        .ok()
        .filter(|u| u.scheme() == "file")
        .and_then(|u| u.to_file_path().ok())
    {
        return local(url, &path, previous);
    }
    parse_http_url(url)?;
    let headers = conditional_headers(previous);
    let answer = http.get(options, url, &headers, Kind::Resource).await?;
    let fetched = verdict(url, answer, previous)?;
    match &fetched {
        Fetched::NotModified => tracing::debug!(%url, "not modified"),
        Fetched::Same { bytes, .. } => tracing::debug!(%url, bytes, "downloaded, same content"),
        Fetched::Changed { body, .. } => tracing::info!(%url, bytes = body.len(), "changed"),
    }
    Ok(fetched)
}

/// A resource on disk (a catalogue file next to its data): read whole, its hash compared.
fn local(
    url: &str,
    path: &std::path::Path,
    previous: Option<&Validators>,
) -> Result<Fetched, HarvestError> {
    let body = std::fs::read(path).map_err(|e| HarvestError::InvalidUrl {
        url: url.to_string(),
        detail: format!("cannot read the file: {e}"),
    })?;
    let answer = Answer {
        status: 200,
        etag: None,
        last_modified: None,
        content_type: None,
        body,
    };
    verdict(url, answer, previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &[u8]) -> Answer {
        Answer {
            status,
            etag: Some("\"e\"".into()),
            last_modified: None,
            content_type: None,
            body: body.to_vec(),
        }
    }

    #[test]
    fn verdicts() {
        let prev = Validators {
            etag: Some("\"old\"".into()),
            last_modified: Some("Mon, 01 Jan 2024 00:00:00 GMT".into()),
            sha256: Some(sha256_hex(b"abc")),
        };
        assert_eq!(
            verdict("u", answer(304, b""), Some(&prev)).unwrap(),
            Fetched::NotModified
        );
        assert!(matches!(
            verdict("u", answer(200, b"abc"), Some(&prev)).unwrap(),
            Fetched::Same { bytes: 3, .. }
        ));
        match verdict("u", answer(200, b"abcd"), Some(&prev)).unwrap() {
            Fetched::Changed { body, validators } => {
                assert_eq!(body, b"abcd");
                assert_eq!(validators.etag.as_deref(), Some("\"e\""));
                assert_eq!(validators.sha256, Some(sha256_hex(b"abcd")));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            verdict("u", answer(200, b"abc"), None).unwrap(),
            Fetched::Changed { .. }
        ));
        let e = verdict("u", answer(410, b""), None).unwrap_err();
        assert!(matches!(e, HarvestError::Status { status: 410, .. }));
        assert!(!e.is_network());
        let h = conditional_headers(Some(&prev));
        assert_eq!(h.len(), 2);
        assert!(conditional_headers(None).is_empty());
    }
}
