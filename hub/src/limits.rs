//! Rate limits on login and writes: each caller may log in `login_per_minute` times and write
//! `writes_per_minute` times a minute (a GCRA through `governor`: the whole allowance may come
//! in one burst, then it refills evenly over the minute). Past it the hub answers 429 in the one
//! error shape (`rate-limited`) with a `Retry-After` header, in whole seconds.
//!
//! - **Login** (`POST /api/v1/dev/login`, the OIDC sign-in's start) is counted per client
//!   IP address: whoever logs in has no token yet. The address is the TCP peer's; behind a
//!   reverse proxy every client shares the proxy's, so the proxy limits its clients itself
//!   (`X-Forwarded-For` is not read: any client could write it).
//! - **Writes** (every `POST`, `PUT`, `PATCH` and `DELETE` under `/api/v1/` other than login)
//!   are counted per token subject (a fiscal code): one person's devices share their
//!   allowance. A write without a valid token (answered 401 anyway) is counted per IP.
//!
//! **The counters are per process**, in memory: two hub processes on one PostgreSQL each allow
//! the limit (a caller spread over both gets twice it), and a restart starts the counters
//! afresh. Keeping them in the database would cost every write one more row written — on
//! SQLite, one more turn of its single writer — for a guard against floods; the hub's data
//! (practices, feeds, idempotent answers) stays in the database, and these counters are not
//! data. An aggregation that needs one limit over its processes sets it at the load balancer in
//! front of them, or gives each process the limit divided by their number.
//!
//! A limit of 0 turns it off (for a benchmark that writes as one caller).

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::ObjectBuilder;
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, ResponseBuilder, Type};

use crate::api::AppState;
use crate::error::ApiError;

/// The default number of logins a minute from one IP address.
pub const DEFAULT_LOGIN_PER_MINUTE: u32 = 20;
/// The default number of writes a minute by one caller.
pub const DEFAULT_WRITES_PER_MINUTE: u32 = 600;
/// The largest limit accepted (a minute's allowance).
pub const MAX_PER_MINUTE: u32 = 1_000_000;

/// The login routes: counted per IP address, apart from the writes.
pub const LOGIN_PATHS: &[&str] = &[
    "/api/v1/dev/login",
    // A sign-in's callback needs a state this start wrote (used once): the start is counted.
    "/api/v1/auth/oidc/start",
];

/// The limits a hub runs with (0: off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Logins a minute from one IP address.
    pub login_per_minute: u32,
    /// Writes a minute by one caller (a token subject, or an IP address without a token).
    pub writes_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            login_per_minute: DEFAULT_LOGIN_PER_MINUTE,
            writes_per_minute: DEFAULT_WRITES_PER_MINUTE,
        }
    }
}

/// What a request counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A login.
    Login,
    /// A write.
    Write,
    /// A read (not limited here).
    Read,
}

/// What `method` on `path` counts as. `path` may be a route's template (`/…/{id}`): only the
/// `/api/v1/` prefix and the login paths matter.
pub fn class(method: &Method, path: &str) -> Class {
    let write = matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if LOGIN_PATHS.contains(&path) {
        Class::Login
    } else if !write || !path.starts_with("/api/v1/") {
        Class::Read
    } else {
        Class::Write
    }
}

/// One process's counters.
pub struct Limiter {
    login: Option<DefaultKeyedRateLimiter<String>>,
    writes: Option<DefaultKeyedRateLimiter<String>>,
    clock: DefaultClock,
    checks: AtomicU64,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("login", &self.login.is_some())
            .field("writes", &self.writes.is_some())
            .finish()
    }
}

/// Forget the callers whose allowance is whole again every this many checks.
const SWEEP_EVERY: u64 = 4096;

impl Limiter {
    /// Counters for `limits`.
    pub fn new(limits: Limits) -> Limiter {
        let keyed = |n: u32| NonZeroU32::new(n).map(|n| RateLimiter::keyed(Quota::per_minute(n)));
        Limiter {
            login: keyed(limits.login_per_minute),
            writes: keyed(limits.writes_per_minute),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts a request of `class` by `caller`: `Err(wait)` when over the limit.
    pub fn check(&self, class: Class, caller: &str) -> Result<(), Duration> {
        let limiter = match class {
            Class::Login => &self.login,
            Class::Write => &self.writes,
            Class::Read => return Ok(()),
        };
        let Some(limiter) = limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for l in [&self.login, &self.writes].into_iter().flatten() {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        limiter
            .check_key(&caller.to_string())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

/// The 429 answer: the one error shape and `Retry-After` (whole seconds, at least 1).
pub fn too_many(class: Class, wait: Duration) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let what = match class {
        Class::Login => "too many logins from this address",
        _ => "too many writes by this caller",
    };
    let mut res = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
        format!("{what}: retry after {secs} s"),
    )
    .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    res
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
}

/// Middleware: counts logins and writes, and answers 429 past the limit.
pub async fn enforce(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let class = class(req.method(), req.uri().path());
    if class == Class::Read {
        return next.run(req).await;
    }
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string());
    let caller = match class {
        Class::Write => match bearer(&req).and_then(|t| state.tokens.check(t).ok()) {
            Some(claims) => format!("sub:{}", claims.sub),
            None => format!("ip:{ip}"),
        },
        _ => format!("ip:{ip}"),
    };
    match state.limiter.check(class, &caller) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            tracing::warn!(?class, ip = %ip, "rate limited");
            too_many(class, wait)
        }
    }
}

/// Documents the 429 answer (with `Retry-After`) on every operation the limits count.
pub fn document(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let ops: [(Method, &mut Option<Operation>); 5] = [
            (Method::GET, &mut item.get),
            (Method::POST, &mut item.post),
            (Method::PUT, &mut item.put),
            (Method::PATCH, &mut item.patch),
            (Method::DELETE, &mut item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let description = match class(&method, path) {
                Class::Read => continue,
                Class::Login => "Too many logins from this address: retry after Retry-After",
                Class::Write => "Too many writes by this caller: retry after Retry-After",
            };
            let response = ResponseBuilder::new()
                .description(description)
                .header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(Some(
                            ObjectBuilder::new().schema_type(Type::Integer).build(),
                        ))
                        .description(Some("Seconds to wait before trying again"))
                        .build(),
                )
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build();
            op.responses
                .responses
                .insert("429".to_string(), response.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class(&Method::POST, "/api/v1/dev/login"), Class::Login);
        assert_eq!(class(&Method::POST, "/api/v1/practices"), Class::Write);
        assert_eq!(
            class(&Method::DELETE, "/api/v1/comuni/{istat}/places/{id}"),
            Class::Write
        );
        assert_eq!(class(&Method::GET, "/api/v1/practices/x"), Class::Read);
        assert_eq!(class(&Method::POST, "/health"), Class::Read);
    }

    #[test]
    fn over_the_limit_waits_and_zero_is_off() {
        let l = Limiter::new(Limits {
            login_per_minute: 2,
            writes_per_minute: 0,
        });
        assert!(l.check(Class::Login, "ip:a").is_ok());
        assert!(l.check(Class::Login, "ip:a").is_ok());
        let wait = l.check(Class::Login, "ip:a").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(l.check(Class::Login, "ip:b").is_ok(), "per caller");
        for _ in 0..10_000 {
            assert!(l.check(Class::Write, "sub:x").is_ok());
        }
        let res = too_many(Class::Login, Duration::from_millis(29_001));
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[header::RETRY_AFTER], "30");
    }
}
