//! Running the hub: logs, the key, the database, the listener, and a graceful shutdown on
//! Ctrl-C or SIGTERM (requests in flight finish, then the pool closes).

use std::sync::Arc;

use anyhow::Context;
use campanile_core::practices::patrons::PatronDays;
use tokio::net::TcpListener;

use crate::api::{self, AppState};
use crate::auth::Tokens;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::keys;

/// Sets up the logs: `RUST_LOG` (default `info`), as text or JSON lines.
pub fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Opens what the hub needs from `settings`: the key, the database (migrated, first start
/// loaded) and the shared state.
pub async fn open(settings: &Settings) -> anyhow::Result<AppState> {
    let key = keys::load(&settings.key)?;
    let tokens = Tokens::new(&key, settings.token_ttl).context("the token signing key")?;
    tracing::info!(db = %db::redact(&settings.db_url), "opening the database");
    let db = Db::open(&settings.db_url).await?;
    let patrons = PatronDays::shipped().context("the shipped patron-saint days")?;
    let payments = crate::payments::Gateway::open(&settings.pagopa)
        .context("the pagoPA gateway (its keys and addresses)")?;
    let oidc = match &settings.oidc {
        Some(o) => Some(Arc::new(
            crate::oidc::Oidc::open(o.clone(), key.bytes())
                .context("sign-in with SPID or CIE (OpenID Connect)")?,
        )),
        None => None,
    };
    Ok(AppState {
        db,
        tokens: Arc::new(tokens),
        dev_login: settings.dev_login,
        patrons: Arc::new(patrons),
        payments: Arc::new(payments),
        limiter: Arc::new(crate::limits::Limiter::new(settings.limits)),
        oidc,
        timelines: Arc::default(),
    })
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let state = open(&settings).await?;
    if settings.dev_login {
        tracing::warn!("the development login is on: anyone can get any role's token");
    }
    let db = state.db.clone();
    let app = api::router(state, settings.body_limit);
    let listener = TcpListener::bind(settings.addr)
        .await
        .with_context(|| format!("cannot listen on {}", settings.addr))?;
    tracing::info!(addr = %listener.local_addr()?, "campanile-hub listening");
    // The peer's address is the key of the login limit (crate::limits).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    db.close().await;
    tracing::info!("campanile-hub stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
