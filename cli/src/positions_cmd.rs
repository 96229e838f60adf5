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

use campanile_core::i18n::Localize;
use campanile_core::pagopa::CreditorFiscalCode;
use campanile_core::pagopa::platform::{
    CreditorDetails, DebtPosition, GpdClient, NoticePart, PlatformConfig, PlatformError,
    PositionFile, PositionNoticeError,
};
use campanile_core::pagopa::print;
use campanile_core::secrets::{SecretName, Secrets};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};
use crate::positions_show as show;

/// The production environment, from the specification's `servers`.
pub const PRODUCTION_URL: &str = "https://api.platform.pagopa.it/gpd/debt-positions-service/v1";

/// Where the platform is and who the positions belong to.
#[derive(Args, Debug)]
pub struct Platform {
    /// The creditor the positions belong to: the organization's 11-digit fiscal code.
    #[arg(long, value_name = "FISCAL_CODE")]
    creditor: String,
    /// The GPD environment. Default: production. The test environment (UAT) is
    /// https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1
    #[arg(long, value_name = "URL", default_value = PRODUCTION_URL)]
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
        } => create(ctx, &file, publish, &platform),
        PositionsCommand::Publish { iupd, platform } => {
            let (client, org) = connect(ctx, &platform)?;
            let p = block_on(ctx, Some((&iupd, &org)), client.publish(&org, &iupd))?;
            show::changed(ctx, "positions-published", &p)
        }
        PositionsCommand::Status { iupd, platform } => {
            let (client, org) = connect(ctx, &platform)?;
            let p = block_on(ctx, None, client.position(&org, &iupd))?;
            show::status(ctx, &org, &p)
        }
        PositionsCommand::Invalidate { iupd, platform } => {
            let (client, org) = connect(ctx, &platform)?;
            let p = block_on(ctx, Some((&iupd, &org)), client.invalidate(&org, &iupd))?;
            show::changed(ctx, "positions-invalidated", &p)
        }
        PositionsCommand::Print {
            iupd,
            out,
            from,
            platform,
        } => print_notice(ctx, &iupd, &out, from.as_deref(), &platform),
        PositionsCommand::Receipt {
            iupd,
            option,
            platform,
        } => {
            let (client, org) = connect(ctx, &platform)?;
            let p = block_on(ctx, None, client.position(&org, &iupd))?;
            show::receipts(ctx, &org, &p, option.as_deref())
        }
    }
}

/// The creditor, the key from the keyring and the client, or why not.
fn connect(ctx: &Ctx, p: &Platform) -> Result<(GpdClient, CreditorFiscalCode), CliError> {
    let org = CreditorFiscalCode::parse(p.creditor.trim()).map_err(|e| {
        CliError::new(
            Kind::BadInput,
            ctx.tr_args(
                "positions-error-creditor",
                &[
                    ("value", p.creditor.as_str().into()),
                    ("detail", ctx.i18n.localize(&e).into()),
                ],
            ),
        )
    })?;
    let base_url = url::Url::parse(&p.base_url).map_err(|e| {
        CliError::new(
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
    let secrets = Secrets::open().map_err(|e| CliError::localized(Kind::Other, &ctx.i18n, &e))?;
    let key = secrets
        .get(SecretName::PagopaGpdKey)
        .map_err(|e| CliError::localized(Kind::Other, &ctx.i18n, &e))?
        .ok_or_else(|| {
            CliError::new(
                Kind::Other,
                ctx.tr_args(
                    "positions-error-no-key",
                    &[("service", secrets.service().into())],
                ),
            )
        })?;
    let config = PlatformConfig {
        base_url,
        api_key: Some(key.expose().to_string()),
        timeout: Duration::from_secs(p.timeout),
    };
    tracing::info!(?config, creditor = %org, "GPD client");
    let client = GpdClient::new(config).map_err(|e| platform_error(ctx, &e, None))?;
    Ok((client, org))
}

/// Runs one platform call; `change` names the position a change is about, for the advice to
/// check its status when the outcome is unknown.
fn block_on<T>(
    ctx: &Ctx,
    change: Option<(&str, &CreditorFiscalCode)>,
    f: impl std::future::Future<Output = Result<T, PlatformError>>,
) -> Result<T, CliError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::new(Kind::Other, e.to_string()))?;
    rt.block_on(f).map_err(|e| platform_error(ctx, &e, change))
}

/// A platform outcome as the CLI's error: exit 4 when the platform did not answer (for a
/// change, `change` names it, and the message says to check before repeating it), 3 otherwise.
/// With --json, the outcome's code goes out too.
fn platform_error(
    ctx: &Ctx,
    e: &PlatformError,
    change: Option<(&str, &CreditorFiscalCode)>,
) -> CliError {
    let network = matches!(
        e,
        PlatformError::Timeout
            | PlatformError::Transport { .. }
            | PlatformError::Server { .. }
            | PlatformError::CreditorUnavailable { .. }
    );
    let kind = if network {
        Kind::Network
    } else {
        Kind::BadInput
    };
    let mut message = ctx.i18n.localize(e);
    if let Some((iupd, org)) = change.filter(|_| e.is_indeterminate()) {
        message.push(' ');
        message.push_str(&ctx.tr_args(
            "positions-check-status",
            &[("iupd", iupd.into()), ("creditor", org.as_str().into())],
        ));
    }
    if ctx.json {
        let (id, _) = e.message();
        let doc = json!({"error": {
            "kind": kind.as_str(),
            "outcome": id.trim_start_matches("pagopa-platform-"),
            "indeterminate": e.is_indeterminate(),
            "message": campanile_core::secrets::redact(&message),
        }});
        println!("{doc}");
        std::process::exit(kind.exit_code());
    }
    CliError::new(kind, message)
}

/// A position file, read and checked; errors name the file, then the place in it.
fn read_file(ctx: &Ctx, path: &Path) -> Result<PositionFile, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::new(
            Kind::BadInput,
            ctx.tr_args(
                "positions-error-read",
                &[
                    ("path", path.display().to_string().into()),
                    ("detail", e.to_string().into()),
                ],
            ),
        )
    })?;
    PositionFile::parse(&text).map_err(|e| {
        CliError::new(
            Kind::BadInput,
            format!("{}: {}", path.display(), ctx.i18n.localize(&e)),
        )
    })
}

fn create(ctx: &Ctx, file: &Path, publish: bool, p: &Platform) -> Result<(), CliError> {
    let f = read_file(ctx, file)?;
    let (client, org) = connect(ctx, p)?;
    let iupd = f.position.iupd.clone();
    tracing::info!(%iupd, publish, "creating a debt position");
    let created = block_on(
        ctx,
        Some((&iupd, &org)),
        client.create(&org, &f.position, publish),
    )?;
    show::created(ctx, publish, &created)
}

fn print_notice(
    ctx: &Ctx,
    iupd: &str,
    out: &Path,
    from: Option<&Path>,
    p: &Platform,
) -> Result<(), CliError> {
    let file = from.map(|f| read_file(ctx, f)).transpose()?;
    if let (Some(f), Some(path)) = (&file, from)
        && f.position.iupd != iupd
    {
        return Err(CliError::new(
            Kind::BadInput,
            ctx.tr_args(
                "positions-error-file-iupd",
                &[
                    ("path", path.display().to_string().into()),
                    ("file", f.position.iupd.as_str().into()),
                    ("iupd", iupd.into()),
                ],
            ),
        ));
    }
    let (client, org) = connect(ctx, p)?;
    let position: DebtPosition = block_on(ctx, None, client.position(&org, iupd))?;
    let creditor = match &file {
        Some(f) => f.creditor_details(org),
        None => CreditorDetails {
            fiscal_code: org,
            name: None,
            sector: None,
            info: None,
            cbill: None,
        },
    };
    let debtor = file.as_ref().map(|f| &f.position.debtor);
    let notice = position
        .printable_notice(&creditor, debtor, ctx.i18n.lang())
        .map_err(|e| {
            let mut message = ctx.i18n.localize(&e);
            let no_debtor = matches!(
                e,
                PositionNoticeError::Missing {
                    part: NoticePart::DebtorName | NoticePart::DebtorFiscalCode,
                    option: None
                }
            );
            if no_debtor && file.is_none() {
                message.push(' ');
                message.push_str(&ctx.tr("positions-hint-from"));
            }
            CliError::new(Kind::BadInput, message)
        })?;
    let pdf = print::render_pdf(&notice)
        .map_err(|e| CliError::localized(Kind::BadInput, &ctx.i18n, &e))?;
    std::fs::write(out, &pdf).map_err(|e| {
        CliError::new(
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
    show::printed(ctx, iupd, out, &notice)
}
