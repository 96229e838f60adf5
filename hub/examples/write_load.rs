//! A small load client for the hub's writes, used by `scripts/bench-hub.sh`.
//!
//! oha sends the same headers with every request, but every hub write needs its own
//! `Idempotency-Key` (a repeated key is answered from the stored answer and not applied
//! again, which would measure replays, not writes). This client keeps `--concurrency`
//! requests in flight over keep-alive connections, each
//! `POST /api/v1/practices/{id}/events` with a note, a fresh random key, and the practices
//! taken in turn from `--practices` (so no single timeline grows long), and prints one JSON
//! line: requests, successes, errors, seconds, requests/s, p50/p90/p99 in milliseconds.
//!
//! ```sh
//! cargo run --release -p campanile-hub --example write_load -- \
//!     --base http://127.0.0.1:8480 --token "$STAFF" --practices ids.txt \
//!     --concurrency 10 --requests 5000
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Opts {
    base: String,
    token: String,
    practices: Vec<String>,
    concurrency: usize,
    requests: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: write_load --base URL --token TOKEN --practices FILE (one id a line) \
         [--concurrency N] [--requests N]"
    );
    std::process::exit(2)
}

fn opts() -> Opts {
    let mut args = std::env::args().skip(1);
    let (mut base, mut token, mut file) = (None, None, None);
    let (mut concurrency, mut requests) = (10, 5000);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--base" => base = Some(value()),
            "--token" => token = Some(value()),
            "--practices" => file = Some(value()),
            "--concurrency" => concurrency = value().parse().unwrap_or_else(|_| usage()),
            "--requests" => requests = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let (Some(base), Some(token), Some(file)) = (base, token, file) else {
        usage()
    };
    let practices: Vec<String> = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if practices.is_empty() || concurrency == 0 {
        usage()
    }
    Opts {
        base: base.trim_end_matches('/').to_string(),
        token,
        practices,
        concurrency,
        requests,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let o = Arc::new(opts());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.concurrency)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(o.concurrency);
    for _ in 0..o.concurrency {
        let (o, client, next) = (o.clone(), client.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut first_error: Option<String> = None;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= o.requests {
                    break;
                }
                let id = &o.practices[i % o.practices.len()];
                let t = Instant::now();
                let res = client
                    .post(format!("{}/api/v1/practices/{id}/events", o.base))
                    .bearer_auth(&o.token)
                    .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                    .header("Content-Type", "application/json")
                    .body(format!(r#"{{"kind":"note","note":"load {i}"}}"#))
                    .send()
                    .await;
                // The whole answer is read: the latency includes the body.
                let outcome = match res {
                    Ok(r) => {
                        let status = r.status();
                        match r.bytes().await {
                            Ok(_) if status.as_u16() == 201 => Ok(()),
                            Ok(body) => Err(format!(
                                "{status}: {}",
                                String::from_utf8_lossy(&body[..body.len().min(300)])
                            )),
                            Err(e) => Err(e.to_string()),
                        }
                    }
                    Err(e) => Err(e.to_string()),
                };
                latencies.push(t.elapsed());
                if let Err(e) = outcome {
                    errors += 1;
                    first_error.get_or_insert(e);
                }
            }
            (latencies, errors, first_error)
        }));
    }
    let mut latencies = Vec::with_capacity(o.requests);
    let mut errors = 0;
    let mut first_error = None;
    for w in workers {
        let (l, e, f) = w.await.unwrap();
        latencies.extend(l);
        errors += e;
        if first_error.is_none() {
            first_error = f;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let out = serde_json::json!({
        "requests": latencies.len(),
        "successes": latencies.len() - errors,
        "errors": errors,
        "first_error": first_error,
        "seconds": secs,
        "rps": latencies.len() as f64 / secs,
        "p50_ms": percentile(&latencies, 50.0),
        "p90_ms": percentile(&latencies, 90.0),
        "p99_ms": percentile(&latencies, 99.0),
    });
    println!("{out}");
}
