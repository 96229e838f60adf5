//! GET with retries: exponential backoff with jitter on 429 / 5xx / connection failures /
//! timeouts / truncated bodies, `Retry-After` honoured (capped), a timeout per request, a size
//! cap enforced from `Content-Length` and while streaming, and counters of what went over the
//! wire.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use futures_util::StreamExt;
use reqwest::header::{CONTENT_TYPE, ETAG, HeaderName, LAST_MODIFIED, RETRY_AFTER};

use super::{HarvestError, HarvestOptions};

/// What a harvester did so far (shared by its clones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HarvestStats {
    /// HTTP requests sent, retries included.
    pub requests: u64,
    /// Requests that were retries of a failed one.
    pub retries: u64,
    /// Body bytes of resources received (0 for a 304), partial bodies included.
    pub resource_bytes: u64,
    /// Body bytes of API answers and catalogues received.
    pub catalog_bytes: u64,
    /// Resource downloads answered `304 Not Modified`.
    pub not_modified: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    retries: AtomicU64,
    resource_bytes: AtomicU64,
    catalog_bytes: AtomicU64,
    not_modified: AtomicU64,
}

impl Counters {
    pub(crate) fn snapshot(&self) -> HarvestStats {
        HarvestStats {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            resource_bytes: self.resource_bytes.load(Ordering::Relaxed),
            catalog_bytes: self.catalog_bytes.load(Ordering::Relaxed),
            not_modified: self.not_modified.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn reset(&self) {
        for c in [
            &self.requests,
            &self.retries,
            &self.resource_bytes,
            &self.catalog_bytes,
            &self.not_modified,
        ] {
            c.store(0, Ordering::Relaxed);
        }
    }
}

/// What is being downloaded: decides the size cap and which byte counter grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A CKAN API answer or a DCAT catalogue.
    Catalog,
    /// A resource / distribution.
    Resource,
}

/// A final answer (2xx, 304, or a status that retrying will not change).
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// Empty for 304; at most 64 KiB for error statuses of catalogues, empty for resources.
    pub body: Vec<u8>,
}

enum Failure {
    Retry(HarvestError, Option<Duration>),
    Fatal(HarvestError),
}

/// The HTTP side of a [`super::Harvester`].
#[derive(Debug, Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    pub(crate) counters: Arc<Counters>,
}

const ERROR_BODY_LIMIT: usize = 64 * 1024;

impl Http {
    pub(crate) fn new(options: &HarvestOptions) -> Result<Http, HarvestError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "Campanile/",
                env!("CARGO_PKG_VERSION"),
                " (open-data harvester)"
            ))
            .connect_timeout(options.timeout)
            .build()
            .map_err(|e| HarvestError::Client {
                detail: error_chain(&e),
            })?;
        Ok(Http {
            client,
            counters: Arc::new(Counters::default()),
        })
    }

    /// GET `url` with `headers`, retrying as `options` say.
    pub(crate) async fn get(
        &self,
        options: &HarvestOptions,
        url: &str,
        headers: &[(HeaderName, String)],
        kind: Kind,
    ) -> Result<Answer, HarvestError> {
        let mut attempt: u32 = 0;
        loop {
            match self.attempt(options, url, headers, kind).await {
                Ok(answer) => return Ok(answer),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(mut e, retry_after)) => {
                    if attempt >= options.retries {
                        if let HarvestError::Unavailable { attempts, .. } = &mut e {
                            *attempts = attempt + 1;
                        }
                        tracing::warn!(%url, error = %e, "giving up after {} attempts", attempt + 1);
                        return Err(e);
                    }
                    let delay = backoff_delay(options, attempt, retry_after);
                    tracing::info!(%url, error = %e, ?delay, attempt = attempt + 1, "retrying");
                    self.counters.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    }

    async fn attempt(
        &self,
        options: &HarvestOptions,
        url: &str,
        headers: &[(HeaderName, String)],
        kind: Kind,
    ) -> Result<Answer, Failure> {
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(%url, ?kind, "GET");
        let mut request = self.client.get(url).timeout(options.timeout);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request
            .send()
            .await
            .map_err(|e| classify_send_error(url, options, &e))?;
        let status = response.status().as_u16();
        let header = |name: HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status == 429 || (500..600).contains(&status) {
            let retry_after = header(RETRY_AFTER)
                .and_then(|v| parse_retry_after(&v, SystemTime::now()))
                .map(|d| d.min(options.max_backoff));
            return Err(Failure::Retry(
                HarvestError::Unavailable {
                    url: url.to_string(),
                    status,
                    attempts: 1,
                },
                retry_after,
            ));
        }
        let mut answer = Answer {
            status,
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
            content_type: header(CONTENT_TYPE),
            body: Vec::new(),
        };
        let limit = match kind {
            Kind::Catalog => options.max_catalog_bytes,
            Kind::Resource => options.max_resource_bytes,
        };
        let ok = (200..300).contains(&status);
        if status == 304 {
            if kind == Kind::Resource {
                self.counters.not_modified.fetch_add(1, Ordering::Relaxed);
            }
            return Ok(answer);
        }
        if !ok && kind == Kind::Resource {
            return Ok(answer);
        }
        let expected = response.content_length();
        if let Some(size) = expected.filter(|s| ok && *s > limit) {
            return Err(Failure::Fatal(HarvestError::TooLarge {
                url: url.to_string(),
                size,
                limit,
            }));
        }
        let counter = match kind {
            Kind::Catalog => &self.counters.catalog_bytes,
            Kind::Resource => &self.counters.resource_bytes,
        };
        let mut body: Vec<u8> =
            Vec::with_capacity(expected.unwrap_or(0).min(limit).min(8 << 20) as usize);
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    let received = body.len() as u64;
                    let err = if e.is_timeout() {
                        timeout_error(url, options)
                    } else if let Some(expected) = expected.filter(|x| received < *x) {
                        HarvestError::Truncated {
                            url: url.to_string(),
                            received,
                            expected,
                        }
                    } else {
                        HarvestError::Network {
                            url: url.to_string(),
                            detail: error_chain(&e),
                        }
                    };
                    return Err(Failure::Retry(err, None));
                }
            };
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            if !ok {
                // An error page: keep its start for the message, drop the rest.
                let room = ERROR_BODY_LIMIT.saturating_sub(body.len());
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                continue;
            }
            let size = body.len() as u64 + chunk.len() as u64;
            if size > limit {
                return Err(Failure::Fatal(HarvestError::TooLarge {
                    url: url.to_string(),
                    size,
                    limit,
                }));
            }
            body.extend_from_slice(&chunk);
        }
        if let Some(expected) = expected.filter(|x| ok && body.len() as u64 != *x) {
            return Err(Failure::Retry(
                HarvestError::Truncated {
                    url: url.to_string(),
                    received: body.len() as u64,
                    expected,
                },
                None,
            ));
        }
        answer.body = body;
        Ok(answer)
    }
}

fn timeout_error(url: &str, options: &HarvestOptions) -> HarvestError {
    HarvestError::Timeout {
        url: url.to_string(),
        timeout_ms: options.timeout.as_millis().min(u64::MAX as u128) as u64,
    }
}

fn classify_send_error(url: &str, options: &HarvestOptions, e: &reqwest::Error) -> Failure {
    if e.is_builder() {
        return Failure::Fatal(HarvestError::InvalidUrl {
            url: url.to_string(),
            detail: error_chain(e),
        });
    }
    if e.is_timeout() {
        return Failure::Retry(timeout_error(url, options), None);
    }
    Failure::Retry(
        HarvestError::Network {
            url: url.to_string(),
            detail: error_chain(e),
        },
        None,
    )
}

/// `e` and its sources, joined with `: ` (reqwest's own message alone says little).
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// The wait before retry number `attempt + 1`: `backoff × 2^attempt` plus up to 50 % jitter,
/// or longer when the server's `Retry-After` asks for more (never sooner than it says, so that a
/// `Retry-After: 0` does not turn retries into a hammering), capped at `max_backoff`.
pub(crate) fn backoff_delay(
    options: &HarvestOptions,
    attempt: u32,
    retry_after: Option<Duration>,
) -> Duration {
    let base = options
        .backoff
        .saturating_mul(2u32.saturating_pow(attempt.min(30)));
    let jitter = base.mul_f64(fastrand::f64() * 0.5);
    let exponential = base.saturating_add(jitter);
    retry_after
        .map_or(exponential, |ra| ra.max(exponential))
        .min(options.max_backoff)
}

/// `Retry-After`: delay-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 3 ", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(42));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(42))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(42));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let options = HarvestOptions {
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            ..HarvestOptions::default()
        };
        for attempt in 0..3 {
            let d = backoff_delay(&options, attempt, None);
            let base = Duration::from_millis(100 * 2u64.pow(attempt));
            assert!(d >= base && d <= base.mul_f64(1.5), "{attempt}: {d:?}");
        }
        assert_eq!(backoff_delay(&options, 10, None), Duration::from_secs(1));
        assert_eq!(
            backoff_delay(&options, 0, Some(Duration::from_secs(30))),
            Duration::from_secs(1)
        );
        assert_eq!(
            backoff_delay(&options, 0, Some(Duration::from_millis(700))),
            Duration::from_millis(700)
        );
        let d = backoff_delay(&options, 2, Some(Duration::ZERO));
        assert!(
            d >= Duration::from_millis(400),
            "Retry-After: 0 still backs off: {d:?}"
        );
    }
}
