//! `campanile pay verify|start|status|receipts|return`: paying notices through pagoPA, every
//! step kept in the payment ledger (`core::pagopa::ledger`).
//!
//! The keys come from the OS keyring only (`pagopa-payment-requests-key`,
//! `pagopa-checkout-key`, stored with `campanile secrets set`). Before anything else, every
//! command that talks to the platform reconciles the open attempts, so a payment interrupted
//! by a crash or a lost connection is settled first. A notice is shown paid only when pagoPA
//! said so; without an answer the state is "not known yet", and the command exits 4.

use std::time::Duration;

use campanile_core::pagopa::ledger::{
    Attempt, Ledger, LedgerError, NoticeStatus, OwnComuniPlatform, PagoPaPlatform, Receipt,
    ReturnHint, StartRequest,
};
use campanile_core::pagopa::platform::{
    GpdClient, GpdVerifier, PlatformConfig, PlatformError, ReturnUrls,
};
use campanile_core::pagopa::{self, CreditorFiscalCode, RptId};
use campanile_core::secrets::{SecretName, Secrets};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};
use crate::pay_cmd::format_amount;

/// The production Checkout for creditors, from the specification's `servers`.
pub const CHECKOUT_PRODUCTION_URL: &str = "https://api.platform.pagopa.it/checkout/ec/v1";

/// Where the platform is.
#[derive(Args, Debug)]
pub struct PlatformArgs {
    /// The notice-verification service (payment-requests) of the environment: PagoPA gives
    /// its URL with the subscription.
    #[arg(long, value_name = "URL", env = "CAMPANILE_PAYMENT_REQUESTS_URL")]
    base_url: Option<String>,
    /// pagoPA Checkout for creditors. Default: production.
    #[arg(long, value_name = "URL", env = "CAMPANILE_CHECKOUT_URL",
          default_value = CHECKOUT_PRODUCTION_URL)]
    checkout_url: String,
    /// The aggregation's own comuni (fiscal codes, comma-separated): their notices are verified
    /// through their debt positions (GPD, key `pagopa-gpd-key`), the others through
    /// payment-requests.
    #[arg(
        long,
        value_name = "CF,CF,...",
        env = "CAMPANILE_OWN_COMUNI",
        value_delimiter = ','
    )]
    own_comuni: Vec<String>,
    /// The debt-position service (GPD) of the environment, for --own-comuni. Default:
    /// production.
    #[arg(long, value_name = "URL", env = "CAMPANILE_GPD_URL",
          default_value = crate::positions_cmd::PRODUCTION_URL)]
    gpd_url: String,
    /// Seconds one request to the platform may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
}

/// The notices: QR texts, Data Matrix texts, RptIds, or notice numbers with --creditor.
#[derive(Args, Debug)]
pub struct NoticesArgs {
    /// 1 to 5 notices.
    #[arg(required = true, num_args = 1..=5)]
    notices: Vec<String>,
    /// The creditor's fiscal code, for notice numbers typed alone.
    #[arg(long)]
    creditor: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum PayLedgerCommand {
    /// Ask pagoPA for the notices' amount, description, due date and payee.
    Verify {
        #[command(flatten)]
        notices: NoticesArgs,
        #[command(flatten)]
        platform: PlatformArgs,
    },
    /// Verify the notices and hand them to pagoPA Checkout as one cart: prints the URL of the
    /// payment page to open in the browser.
    Start {
        #[command(flatten)]
        notices: NoticesArgs,
        #[command(flatten)]
        platform: PlatformArgs,
        /// Where Checkout sends the payer when the payment succeeds.
        #[arg(long, value_name = "URL", default_value = "https://www.pagopa.gov.it/")]
        return_ok: String,
        /// …when the payer cancels.
        #[arg(long, value_name = "URL", default_value = "https://www.pagopa.gov.it/")]
        return_cancel: String,
        /// …when the payment fails.
        #[arg(long, value_name = "URL", default_value = "https://www.pagopa.gov.it/")]
        return_error: String,
        /// Where Checkout sends the receipt (passed on, not stored).
        #[arg(long)]
        email: Option<String>,
    },
    /// The payments: settle the open ones with pagoPA, then list them (or one notice's).
    Status {
        /// One notice (QR text, RptId, or notice number with --creditor).
        notice: Option<String>,
        #[arg(long)]
        creditor: Option<String>,
        /// Do not ask pagoPA: show what the ledger holds.
        #[arg(long)]
        offline: bool,
        #[command(flatten)]
        platform: PlatformArgs,
    },
    /// The receipts kept on this device: notices pagoPA confirmed as paid.
    Receipts,
    /// Record where Checkout sent the payer back (a hint: only pagoPA's word makes it paid).
    Return {
        attempt: i64,
        #[arg(value_enum)]
        outcome: ReturnArg,
        #[command(flatten)]
        platform: PlatformArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReturnArg {
    Ok,
    Cancel,
    Error,
}

pub fn run(cmd: PayLedgerCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        PayLedgerCommand::Verify { notices, platform } => {
            let rpts = parse_notices(ctx, &notices.notices, notices.creditor.as_deref())?;
            let ledger = open(ctx, &platform)?;
            ctx.block_on(ledger.reconcile())
                .map_err(|e| ledger_error(ctx, &e))?;
            let attempt = ctx
                .block_on(ledger.verify(&rpts))
                .map_err(|e| ledger_error(ctx, &e))?;
            show_attempt(ctx, &attempt)
        }
        PayLedgerCommand::Start {
            notices,
            platform,
            return_ok,
            return_cancel,
            return_error,
            email,
        } => {
            let rpts = parse_notices(ctx, &notices.notices, notices.creditor.as_deref())?;
            let return_urls = ReturnUrls {
                ok: url_arg(ctx, "--return-ok", &return_ok)?,
                cancel: url_arg(ctx, "--return-cancel", &return_cancel)?,
                error: url_arg(ctx, "--return-error", &return_error)?,
            };
            let ledger = open(ctx, &platform)?;
            ctx.block_on(ledger.reconcile())
                .map_err(|e| ledger_error(ctx, &e))?;
            let request = StartRequest {
                notices: rpts,
                return_urls,
                email,
            };
            let started = ctx
                .block_on(ledger.start(&request))
                .map_err(|e| ledger_error(ctx, &e))?;
            if ctx.json {
                return ctx.print_json(&json!({
                    "checkout_url": started.checkout_url.as_str(),
                    "attempt": attempt_json(ctx, &started.attempt),
                }));
            }
            print_attempt(ctx, &started.attempt);
            println!(
                "{}",
                ctx.tr_args(
                    "pay-open-checkout",
                    &[("url", started.checkout_url.as_str().into())]
                )
            );
            Ok(())
        }
        PayLedgerCommand::Status {
            notice,
            creditor,
            offline,
            platform,
        } => {
            let ledger = if offline {
                offline_ledger(ctx)?
            } else {
                let l = open(ctx, &platform)?;
                ctx.block_on(l.reconcile())
                    .map_err(|e| ledger_error(ctx, &e))?;
                l
            };
            match notice {
                Some(text) => {
                    let rpt = parse_notices(ctx, &[text], creditor.as_deref())?.remove(0);
                    // Online, pagoPA is asked (paid elsewhere meanwhile?) without opening an
                    // attempt; offline, what the ledger holds.
                    let status = if offline {
                        ledger.status(&rpt)
                    } else {
                        ctx.block_on(ledger.check(&rpt))
                    }
                    .map_err(|e| ledger_error(ctx, &e))?;
                    show_notice_status(ctx, &rpt, &status)
                }
                None => {
                    let attempts = ledger
                        .attempts(false, 50)
                        .map_err(|e| ledger_error(ctx, &e))?;
                    if ctx.json {
                        let list: Vec<_> = attempts.iter().map(|a| attempt_json(ctx, a)).collect();
                        return ctx.print_json(&json!({ "attempts": list }));
                    }
                    if attempts.is_empty() {
                        println!("{}", ctx.tr("pay-no-attempts"));
                    }
                    for a in &attempts {
                        print_attempt(ctx, a);
                    }
                    Ok(())
                }
            }
        }
        PayLedgerCommand::Receipts => {
            let ledger = offline_ledger(ctx)?;
            let receipts = ledger.receipts().map_err(|e| ledger_error(ctx, &e))?;
            if ctx.json {
                let list: Vec<_> = receipts.iter().map(|r| receipt_json(ctx, r)).collect();
                return ctx.print_json(&json!({ "receipts": list }));
            }
            if receipts.is_empty() {
                println!("{}", ctx.tr("pay-no-receipts"));
            }
            for r in &receipts {
                print_receipt(ctx, r);
            }
            Ok(())
        }
        PayLedgerCommand::Return {
            attempt,
            outcome,
            platform,
        } => {
            let ledger = open(ctx, &platform)?;
            let hint = match outcome {
                ReturnArg::Ok => ReturnHint::Ok,
                ReturnArg::Cancel => ReturnHint::Cancel,
                ReturnArg::Error => ReturnHint::Error,
            };
            let a = ctx
                .block_on(
                    ledger.record_return(campanile_core::pagopa::ledger::AttemptId(attempt), hint),
                )
                .map_err(|e| ledger_error(ctx, &e))?;
            show_attempt(ctx, &a)
        }
    }
}

fn parse_notices(
    ctx: &Ctx,
    texts: &[String],
    creditor: Option<&str>,
) -> Result<Vec<RptId>, CliError> {
    texts
        .iter()
        .map(|t| {
            pagopa::parse(t, creditor).map(|n| n.rpt_id).map_err(|e| {
                crate::error::fail(Kind::BadInput, format!("{t}: {}", ctx.i18n.localize(&e)))
            })
        })
        .collect()
}

fn url_arg(ctx: &Ctx, flag: &str, value: &str) -> Result<url::Url, CliError> {
    url::Url::parse(value).map_err(|e| {
        crate::error::fail(
            Kind::BadInput,
            ctx.tr_args(
                "pay-error-url",
                &[
                    ("flag", flag.into()),
                    ("value", value.into()),
                    ("detail", e.to_string().into()),
                ],
            ),
        )
    })
}

fn key(ctx: &Ctx, secrets: &Secrets, name: SecretName) -> Result<String, CliError> {
    let secret = secrets
        .get(name)
        .map_err(|e| crate::error::localized(&ctx.i18n, &e))?
        .ok_or_else(|| {
            crate::error::fail(
                Kind::Other,
                ctx.tr_args(
                    "pay-error-no-key",
                    &[
                        ("name", name.as_str().into()),
                        ("service", secrets.service().into()),
                    ],
                ),
            )
        })?;
    Ok(secret.expose().to_string())
}

/// The ledger over the real platform clients, keys from the keyring.
fn open(ctx: &Ctx, p: &PlatformArgs) -> Result<Ledger<OwnComuniPlatform>, CliError> {
    let base = p
        .base_url
        .as_deref()
        .ok_or_else(|| crate::error::fail(Kind::BadInput, ctx.tr("pay-error-no-base-url")))?;
    let requests_url = url_arg(ctx, "--base-url", base)?;
    let checkout_url = url_arg(ctx, "--checkout-url", &p.checkout_url)?;
    let secrets = Secrets::open().map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    let timeout = Duration::from_secs(p.timeout);
    let requests = PlatformConfig {
        base_url: requests_url,
        api_key: Some(key(ctx, &secrets, SecretName::PagopaPaymentRequestsKey)?),
        timeout,
    };
    let checkout = PlatformConfig {
        base_url: checkout_url,
        api_key: Some(key(ctx, &secrets, SecretName::PagopaCheckoutKey)?),
        timeout,
    };
    tracing::info!(?requests, ?checkout, "pagoPA clients");
    let pagopa = PagoPaPlatform::new(requests, checkout).map_err(|e| platform_error(ctx, &e))?;
    let comuni = p
        .own_comuni
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            CreditorFiscalCode::parse(c.trim()).map_err(|e| {
                crate::error::fail(
                    Kind::BadInput,
                    format!("--own-comuni {c}: {}", ctx.i18n.localize(&e)),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let gpd = PlatformConfig {
        base_url: url_arg(ctx, "--gpd-url", &p.gpd_url)?,
        // Only asked for when some notices go through GPD.
        api_key: if comuni.is_empty() {
            None
        } else {
            Some(key(ctx, &secrets, SecretName::PagopaGpdKey)?)
        },
        timeout,
    };
    let verifier = GpdVerifier::new(GpdClient::new(gpd).map_err(|e| platform_error(ctx, &e))?);
    let platform = OwnComuniPlatform::new(pagopa, verifier, comuni);
    Ok(Ledger::new(ctx.open_store()?, platform))
}

/// The ledger for reading only: no platform call is made through it.
fn offline_ledger(ctx: &Ctx) -> Result<Ledger<OwnComuniPlatform>, CliError> {
    let unused = |u: &str| -> Result<PlatformConfig, CliError> {
        Ok(PlatformConfig {
            base_url: url_arg(ctx, "--base-url", u)?,
            api_key: None,
            timeout: Duration::from_secs(1),
        })
    };
    let pagopa = PagoPaPlatform::new(
        unused("http://127.0.0.1:9/")?,
        unused("http://127.0.0.1:9/")?,
    )
    .map_err(|e| platform_error(ctx, &e))?;
    let gpd =
        GpdClient::new(unused("http://127.0.0.1:9/")?).map_err(|e| platform_error(ctx, &e))?;
    let platform = OwnComuniPlatform::new(pagopa, GpdVerifier::new(gpd), Vec::new());
    Ok(Ledger::new(ctx.open_store()?, platform))
}

fn platform_error(ctx: &Ctx, e: &PlatformError) -> CliError {
    crate::error::localized(&ctx.i18n, e)
}

fn ledger_error(ctx: &Ctx, e: &LedgerError) -> CliError {
    crate::error::localized(&ctx.i18n, e)
}

fn show_attempt(ctx: &Ctx, a: &Attempt) -> Result<(), CliError> {
    if ctx.json {
        return ctx.print_json(&json!({ "attempt": attempt_json(ctx, a) }));
    }
    print_attempt(ctx, a);
    Ok(())
}

fn money(ctx: &Ctx, cents: Option<u64>) -> String {
    cents.map_or_else(|| "?".into(), |c| format_amount(ctx.i18n.lang(), c))
}

fn print_attempt(ctx: &Ctx, a: &Attempt) {
    println!(
        "{}",
        ctx.tr_args(
            "pay-attempt",
            &[
                ("id", a.id.0.into()),
                ("state", ctx.i18n.localize(&a.state).into()),
            ]
        )
    );
    if let Some(r) = a.reason {
        println!("  {}", ctx.i18n.localize(&r));
    }
    for n in &a.notices {
        let outcome = n.outcome.map(|o| ctx.i18n.localize(&o)).unwrap_or_default();
        println!(
            "  {}  {}  {}",
            n.rpt_id,
            money(ctx, n.amount.map(|x| x.cents())),
            outcome
        );
        for (label, value) in [
            ("pay-label-description", &n.description),
            ("pay-label-due-date", &n.due_date),
            ("pay-label-payee", &n.payee_name),
        ] {
            if let Some(v) = value {
                println!("    {}: {v}", ctx.tr(label));
            }
        }
    }
    if let (Some(url), true) = (&a.checkout_url, a.is_open()) {
        println!(
            "  {}",
            ctx.tr_args("pay-continue-at", &[("url", url.as_str().into())])
        );
    }
}

fn attempt_json(ctx: &Ctx, a: &Attempt) -> serde_json::Value {
    let mut v = serde_json::to_value(a).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("state_text".into(), ctx.i18n.localize(&a.state).into());
        o.insert("open".into(), a.is_open().into());
    }
    v
}

fn receipt_json(ctx: &Ctx, r: &Receipt) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "amount_text".into(),
            money(ctx, r.amount.map(|x| x.cents())).into(),
        );
    }
    v
}

fn print_receipt(ctx: &Ctx, r: &Receipt) {
    println!(
        "{}",
        ctx.tr_args(
            "pay-receipt",
            &[
                ("rpt", r.rpt_id.to_string().into()),
                ("amount", money(ctx, r.amount.map(|x| x.cents())).into()),
                ("payee", r.payee_name.clone().unwrap_or_default().into()),
                ("evidence", r.evidence.code.clone().into()),
            ]
        )
    );
    if let Some(d) = &r.description {
        println!("  {d}");
    }
}

fn show_notice_status(ctx: &Ctx, rpt: &RptId, s: &NoticeStatus) -> Result<(), CliError> {
    if ctx.json {
        let v = serde_json::to_value(s).unwrap_or_default();
        return ctx.print_json(&json!({ "rpt_id": rpt.to_string(), "status": v }));
    }
    match s {
        NoticeStatus::Paid { receipt } => print_receipt(ctx, receipt),
        NoticeStatus::InProgress { attempt } => print_attempt(ctx, attempt),
        NoticeStatus::NotPaid {
            attempt, outcome, ..
        } => println!(
            "{}",
            ctx.tr_args(
                "pay-not-paid",
                &[
                    ("rpt", rpt.to_string().into()),
                    ("attempt", attempt.0.into()),
                    (
                        "outcome",
                        outcome
                            .map(|o| ctx.i18n.localize(&o))
                            .unwrap_or_default()
                            .into()
                    ),
                ]
            )
        ),
        NoticeStatus::Unseen => println!(
            "{}",
            ctx.tr_args("pay-unseen", &[("rpt", rpt.to_string().into())])
        ),
        NoticeStatus::Payable { info, .. } => println!(
            "{}",
            ctx.tr_args(
                "pay-payable",
                &[
                    ("rpt", rpt.to_string().into()),
                    ("amount", money(ctx, Some(info.amount.cents())).into()),
                    ("payee", info.payee_name.clone().unwrap_or_default().into()),
                ]
            )
        ),
        NoticeStatus::NotPayable { outcome, .. } => println!(
            "{}",
            ctx.tr_args(
                "pay-not-payable",
                &[
                    ("rpt", rpt.to_string().into()),
                    ("outcome", ctx.i18n.localize(outcome).into()),
                ]
            )
        ),
    }
    Ok(())
}
