//! `campanile positions …`: the comune's debt positions on the pagoPA platform (GPD), for
//! counter staff: create one from a JSON file, publish it, read its status, invalidate it,
//! print its notice, fetch its receipts.
//!
//! The subscription key is read from the OS keyring (`pagopa-gpd-key`, stored with
//! `campanile secrets set`), never from the command line or the environment. Exit codes: 3 for
//! what is wrong in the input or refused by the platform (400, 401/403, 404, 409), 4 when the
//! platform or the network did not answer (timeouts, broken connections, 5xx) — then the
//! outcome of a change is unknown, and the message says to check the status before repeating
//! it. A status this version does not know is shown as unknown, never as paid.

use std::path::{Path, PathBuf};
use std::time::Duration;

use campanile_core::pagopa::CreditorFiscalCode;
use campanile_core::pagopa::platform::PositionFile;
use campanile_core::{Campanile, PagoPaConfig, PagoPaEnvironment};
use clap::{Args, Subcommand};

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};
use crate::positions_show as show;

/// Where the platform is and who the positions belong to.
#[derive(Args, Debug)]
pub struct Platform {
    /// The creditor the positions belong to: the organization's 11-digit fiscal code.
    #[arg(long, value_name = "FISCAL_CODE")]
    creditor: String,
    /// The GPD environment. Default: production. The test environment (UAT) is
    /// https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1
    #[arg(long, value_name = "URL", default_value = campanile_core::GPD_PRODUCTION)]
    base_url: String,
    /// Seconds one request to the platform may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
}

#[derive(Subcommand, Debug)]
pub enum PositionsCommand {
    /// Create a debt position from a JSON file (its shape is in the README), checked before
    /// any call; left as a draft unless --publish.
    Create {
        file: PathBuf,
        /// Publish it at once: payable from its validity date.
        #[arg(long)]
        publish: bool,
        #[command(flatten)]
        platform: Platform,
    },
    /// Replace a position nobody has paid with what a JSON file says (checked first).
    Update {
        file: PathBuf,
        /// Publish it at once.
        #[arg(long)]
        publish: bool,
        #[command(flatten)]
        platform: Platform,
    },
    /// Delete a position nobody can have paid.
    Delete {
        iupd: String,
        #[command(flatten)]
        platform: Platform,
    },
    /// Record that a payment option was paid outside pagoPA (at the counter, by transfer).
    MarkPaid {
        /// The option's notice number (spaces allowed).
        notice: String,
        /// When it was paid (RFC 3339, or a day YYYY-MM-DD); default now.
        #[arg(long, value_name = "WHEN")]
        on: Option<String>,
        #[command(flatten)]
        platform: Platform,
    },
    /// Publish a draft position: it becomes payable.
    Publish {
        iupd: String,
        #[command(flatten)]
        platform: Platform,
    },
    /// The status of a position and of each of its payment options.
    Status {
        iupd: String,
        #[command(flatten)]
        platform: Platform,
    },
    /// Invalidate a position: it can no longer be paid.
    Invalidate {
        iupd: String,
        #[command(flatten)]
        platform: Platform,
    },
    /// Print the position's payment notice as an A4 PDF, in the --lang language (it, en).
    Print {
        iupd: String,
        /// The PDF file to write.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// The file the position was created from: its debtor (the platform does not give
        /// it back) and the creditor's contacts and CBILL code.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        #[command(flatten)]
        platform: Platform,
    },
    /// The receipt of a paid option (its IUV or notice number), or of every paid option.
    Receipt {
        iupd: String,
        option: Option<String>,
        #[command(flatten)]
        platform: Platform,
    },
}

pub fn run(cmd: PositionsCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        PositionsCommand::Create {
            file,
            publish,
            platform,
        } => {
            let (core, org) = connect(ctx, &platform)?;
            let f = read_file(&core, &file)?;
            tracing::info!(iupd = %f.position.iupd, publish, "creating a debt position");
            let created = ctx.block_on(core.positions().create(&org, &f, publish))?;
            show::created(ctx, publish, &created)
        }
        PositionsCommand::Update {
            file,
            publish,
            platform,
        } => {
            let (core, org) = connect(ctx, &platform)?;
            let f = read_file(&core, &file)?;
            let updated = ctx.block_on(core.positions().update(&org, &f, publish))?;
            show::changed(ctx, "positions-updated", &updated)
        }
        PositionsCommand::Delete { iupd, platform } => {
            let (core, org) = connect(ctx, &platform)?;
            ctx.block_on(core.positions().delete(&org, &iupd))?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "iupd": iupd, "deleted": true }));
            }
            println!(
                "{}",
                ctx.tr_args("positions-deleted", &[("iupd", iupd.as_str().into())])
            );
            Ok(())
        }
        PositionsCommand::MarkPaid {
            notice,
            on,
            platform,
        } => {
            let (core, org) = connect(ctx, &platform)?;
            let at = on
                .as_deref()
                .map(|t| core.practices().parse_when(t))
                .transpose()?;
            ctx.block_on(core.positions().mark_paid(&org, &notice, at))?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "notice": notice, "paid": true }));
            }
            println!(
                "{}",
                ctx.tr_args(
                    "positions-marked-paid",
                    &[("notice", notice.as_str().into())]
                )
            );
            Ok(())
        }
        PositionsCommand::Publish { iupd, platform } => {
            let (core, org) = connect(ctx, &platform)?;
            let p = ctx.block_on(core.positions().publish(&org, &iupd))?;
            show::changed(ctx, "positions-published", &p)
        }
        PositionsCommand::Status { iupd, platform } => {
            let (core, org) = connect(ctx, &platform)?;
            let p = ctx.block_on(core.positions().get(&org, &iupd))?;
            show::status(ctx, &org, &p)
        }
        PositionsCommand::Invalidate { iupd, platform } => {
            let (core, org) = connect(ctx, &platform)?;
            let p = ctx.block_on(core.positions().invalidate(&org, &iupd))?;
            show::changed(ctx, "positions-invalidated", &p)
        }
        PositionsCommand::Print {
            iupd,
            out,
            from,
            platform,
        } => {
            let (core, org) = connect(ctx, &platform)?;
            let file = from.as_deref().map(|f| read_file(&core, f)).transpose()?;
            let (notice, pdf) = ctx
                .block_on(core.positions().print(&org, &iupd, file.as_ref()))
                .map_err(|e| match &from {
                    Some(path) if e.code == "positions.file-iupd" => {
                        e.in_context(&path.display().to_string())
                    }
                    _ => e,
                })?;
            std::fs::write(&out, &pdf).map_err(|e| {
                crate::error::fail(
                    Kind::Other,
                    ctx.tr_args(
                        "positions-error-write",
                        &[
                            ("path", out.display().to_string().into()),
                            ("detail", e.to_string().into()),
                        ],
                    ),
                )
            })?;
            show::printed(ctx, &iupd, &out, &notice)
        }
        PositionsCommand::Receipt {
            iupd,
            option,
            platform,
        } => {
            let (core, org) = connect(ctx, &platform)?;
            let p = ctx.block_on(core.positions().get(&org, &iupd))?;
            show::receipts(ctx, &org, &p, option.as_deref())
        }
    }
}

/// The core's handle on GPD at `--base-url`, and the creditor.
fn connect(ctx: &Ctx, p: &Platform) -> Result<(Campanile, CreditorFiscalCode), CliError> {
    let base_url = url::Url::parse(&p.base_url).map_err(|e| {
        crate::error::fail(
            Kind::BadInput,
            ctx.tr_args(
                "positions-error-base-url",
                &[
                    ("value", p.base_url.as_str().into()),
                    ("detail", e.to_string().into()),
                ],
            ),
        )
    })?;
    let pagopa = PagoPaConfig {
        environment: PagoPaEnvironment::Custom,
        gpd_url: Some(base_url),
        timeout: Duration::from_secs(p.timeout),
        ..PagoPaConfig::default()
    };
    let core = ctx.open_core(pagopa)?;
    let org = core.positions().creditor(&p.creditor)?;
    Ok((core, org))
}

/// A position file, read and checked; errors name the file, then the place in it.
fn read_file(core: &Campanile, path: &Path) -> Result<PositionFile, CliError> {
    let bytes = std::fs::read(path).map_err(|e| {
        crate::error::fail(
            Kind::BadInput,
            core.tr(
                "positions-error-read",
                &[
                    ("path", path.display().to_string().into()),
                    ("detail", e.to_string().into()),
                ],
            ),
        )
    })?;
    core.positions()
        .read_file(&path.display().to_string(), &bytes)
}
