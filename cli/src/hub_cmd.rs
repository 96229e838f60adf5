//! `campanile hub …`: this device and the aggregation's hub — sign in, queue writes made
//! offline, sync, and where things stand. The rules (what waits, in which order, with which
//! key, how the hub's order wins) are the core's (`Campanile::hub`).

use campanile_core::hubsync::Login;
use campanile_core::{HubOpen, HubStatus};
use clap::Subcommand;
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::CliError;

#[derive(Subcommand, Debug)]
pub enum HubCommand {
    /// Sign in to a hub: with SPID or CIE in the browser (--browser), or with its development
    /// login (--dev FISCAL_CODE, a hub started with --dev-login). The token goes to the OS
    /// keyring.
    Login {
        /// The hub's address, e.g. http://127.0.0.1:8480.
        #[arg(long, env = "CAMPANILE_HUB_URL")]
        url: String,
        /// Sign in with SPID or CIE: open the address printed in a browser on this machine.
        #[arg(long, conflicts_with_all = ["dev", "role", "comune"], required_unless_present = "dev")]
        browser: bool,
        /// How long to wait for the browser, in seconds.
        #[arg(long, default_value_t = 300)]
        wait: u64,
        /// Your fiscal code (development login).
        #[arg(long)]
        dev: Option<String>,
        /// citizen, staff or admin.
        #[arg(long, default_value = "citizen")]
        role: String,
        /// The comune's ISTAT code (staff).
        #[arg(long)]
        comune: Option<String>,
    },
    /// Sign out (writes waiting are kept).
    Logout,
    /// Send what waits, in order, then bring in the hub's practices.
    Sync,
    /// The session and the writes waiting or refused.
    Status {
        /// How many of the latest writes to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Queue an event on a practice at the hub (sent at the next sync).
    Event {
        /// The practice's id at the hub.
        practice: String,
        /// An AgID state to move to, or note, document, assigned, …
        kind: String,
        /// A note.
        #[arg(long)]
        note: Option<String>,
        /// A document attached (repeatable).
        #[arg(long = "attach")]
        attachments: Vec<String>,
    },
    /// Queue the opening of a practice at the hub (staff; sent at the next sync).
    Open {
        /// The procedure's id in the hub's catalog.
        #[arg(long)]
        procedure: String,
        /// The applicant's fiscal code.
        #[arg(long)]
        applicant: String,
        /// What it is about.
        #[arg(long)]
        subject: String,
        /// The comune's ISTAT code.
        #[arg(long)]
        comune: String,
        /// When the application was received (YYYY-MM-DD or RFC 3339): it opens presented.
        #[arg(long)]
        received: Option<String>,
        /// A note on the first event.
        #[arg(long)]
        note: Option<String>,
    },
}

pub fn run(cmd: HubCommand, ctx: &Ctx) -> Result<(), CliError> {
    let core = ctx.core()?;
    let hub = core.hub();
    match cmd {
        HubCommand::Login {
            url,
            browser,
            wait,
            dev,
            role,
            comune,
        } => {
            let s = match dev {
                Some(subject) if !browser => {
                    let who = Login {
                        subject,
                        role,
                        comune,
                    };
                    ctx.block_on(hub.login_dev(&url, &who))?
                }
                _ => {
                    // Printed where a person sees it even when stdout is JSON for a program.
                    let open = |address: &str| {
                        eprintln!(
                            "{}",
                            ctx.tr_args("hub-browser-open", &[("url", address.into())])
                        );
                    };
                    ctx.block_on(hub.login_browser(
                        &url,
                        open,
                        std::time::Duration::from_secs(wait),
                    ))?
                }
            };
            if ctx.json {
                return ctx.print_json(&json!({ "session": s }));
            }
            println!(
                "{}",
                ctx.tr_args(
                    "hub-signed-in",
                    &[
                        ("url", s.url.into()),
                        ("subject", s.subject.into()),
                        ("role", s.role.into())
                    ]
                )
            );
        }
        HubCommand::Logout => {
            hub.logout()?;
            if ctx.json {
                return ctx.print_json(&json!({ "signed_out": true }));
            }
            println!("{}", ctx.tr("hub-signed-out"));
        }
        HubCommand::Sync => {
            let s = ctx.block_on(hub.sync())?;
            if ctx.json {
                return ctx.print_json(&json!({ "sync": s }));
            }
            println!(
                "{}",
                ctx.tr_args(
                    "hub-synced",
                    &[
                        ("sent", s.sent.into()),
                        ("replayed", s.replayed.into()),
                        ("rejected", s.rejected.len().into()),
                        ("practices", s.practices.into()),
                        ("events", s.events_added.into()),
                        ("pending", s.pending.into()),
                    ]
                )
            );
            for r in &s.rejected {
                eprintln!("{}: {}", r.what, r.last_error.as_deref().unwrap_or(""));
            }
        }
        HubCommand::Status { limit } => {
            let s = hub.status(limit)?;
            if ctx.json {
                return ctx.print_json(&json!({ "status": s }));
            }
            print_status(ctx, &s);
        }
        HubCommand::Event {
            practice,
            kind,
            note,
            attachments,
        } => {
            let e = hub.queue_event(&practice, &kind, note.as_deref(), &attachments, None)?;
            queued(ctx, e.seq, &e.what)?;
        }
        HubCommand::Open {
            procedure,
            applicant,
            subject,
            comune,
            received,
            note,
        } => {
            let received = received
                .as_deref()
                .map(|r| core.practices().parse_when(r))
                .transpose()?;
            let e = hub.queue_open(&HubOpen {
                procedure,
                applicant,
                subject,
                comune,
                received,
                note,
            })?;
            queued(ctx, e.seq, &e.what)?;
        }
    }
    Ok(())
}

fn queued(ctx: &Ctx, seq: i64, what: &str) -> Result<(), CliError> {
    if ctx.json {
        return ctx.print_json(&json!({ "queued": seq, "what": what }));
    }
    println!(
        "{}",
        ctx.tr_args("hub-queued", &[("seq", seq.into()), ("what", what.into())])
    );
    Ok(())
}

fn print_status(ctx: &Ctx, s: &HubStatus) {
    match &s.session {
        Some(session) => println!(
            "{}",
            ctx.tr_args(
                "hub-status-session",
                &[
                    ("url", session.url.clone().into()),
                    ("subject", session.subject.clone().into()),
                    ("role", session.role.clone().into()),
                    (
                        "last",
                        session
                            .last_sync
                            .map_or_else(|| ctx.tr("hub-status-never"), |t| t.to_rfc3339())
                            .into()
                    ),
                ]
            )
        ),
        None => println!("{}", ctx.tr("hub-status-no-session")),
    }
    println!(
        "{}",
        ctx.tr_args(
            "hub-status-outbox",
            &[
                ("pending", s.pending.into()),
                ("rejected", s.rejected.into())
            ]
        )
    );
    for e in &s.outbox {
        let state = serde_json::to_value(e.state)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        println!("  {:>4}  {:<9} {}", e.seq, state, e.what);
        if let Some(err) = &e.last_error {
            println!("        {err}");
        }
    }
}
