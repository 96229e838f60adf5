//! `campanile pay verify|start|status|receipts|return`: paying notices through pagoPA, every
//! step kept in the payment ledger (`core::pagopa::ledger`).
//!
//! The keys come from the OS keyring only (`pagopa-payment-requests-key`,
//! `pagopa-checkout-key`, stored with `campanile secrets set`). Before anything else, every
//! command that talks to the platform reconciles the open attempts, so a payment interrupted
//! by a crash or a lost connection is settled first. A notice is shown paid only when pagoPA
//! said so; without an answer the state is "not known yet", and the command exits 4.

use std::time::Duration;

use campanile_core::pagopa::RptId;
use campanile_core::pagopa::ledger::{Attempt, NoticeStatus, PaymentReceipt, ReturnHint};
use campanile_core::pagopa::platform::ReturnUrls;
use campanile_core::{Campanile, PagoPaConfig, PagoPaEnvironment};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};

/// Where the platform is.
#[derive(Args, Debug)]
pub struct PlatformArgs {
    /// The notice-verification service (payment-requests) of the environment: PagoPA gives
    /// its URL with the subscription.
    #[arg(long, value_name = "URL", env = "CAMPANILE_PAYMENT_REQUESTS_URL")]
    base_url: Option<String>,
    /// pagoPA Checkout for creditors. Default: production.
    #[arg(long, value_name = "URL", env = "CAMPANILE_CHECKOUT_URL",
          default_value = campanile_core::CHECKOUT_PRODUCTION)]
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
          default_value = campanile_core::GPD_PRODUCTION)]
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
    /// Ask pagoPA even when the check digits are wrong (pagoPA decides whether the notice
    /// exists; some real notices are printed with wrong check digits).
    #[arg(long)]
    anyway: bool,
}

impl NoticesArgs {
    fn checks(&self) -> campanile_core::pagopa::Checks {
        if self.anyway {
            campanile_core::pagopa::Checks::SkipCheckDigits
        } else {
            campanile_core::pagopa::Checks::Strict
        }
    }
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
        /// Ask pagoPA even when the check digits are wrong.
        #[arg(long)]
        anyway: bool,
        /// Do not ask pagoPA: show what the ledger holds.
        #[arg(long)]
        offline: bool,
        #[command(flatten)]
        platform: PlatformArgs,
    },
    /// The receipts kept on this device: notices pagoPA confirmed as paid.
    Receipts,
    /// One notice's receipt as a PDF (in the --lang language), from what this device keeps.
    Receipt {
        /// The notice (QR text, RptId, or notice number with --creditor).
        notice: String,
        #[arg(long)]
        creditor: Option<String>,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
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
            let core = open(ctx, &platform)?;
            let pay = core.payments();
            let rpts = pay.notices_with(
                &notices.notices,
                notices.creditor.as_deref(),
                notices.checks(),
            )?;
            let attempt = ctx.block_on(pay.verify(&rpts))?;
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
            let core = open(ctx, &platform)?;
            let pay = core.payments();
            let rpts = pay.notices_with(
                &notices.notices,
                notices.creditor.as_deref(),
                notices.checks(),
            )?;
            let return_urls = ReturnUrls {
                ok: pay.return_url("--return-ok", &return_ok)?,
                cancel: pay.return_url("--return-cancel", &return_cancel)?,
                error: pay.return_url("--return-error", &return_error)?,
            };
            let started = ctx.block_on(pay.start(rpts, return_urls, email))?;
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
            anyway,
            offline,
            platform,
        } => {
            let core = if offline {
                ctx.core()?.clone()
            } else {
                open(ctx, &platform)?
            };
            let pay = core.payments();
            match notice {
                Some(text) => {
                    let checks = if anyway {
                        campanile_core::pagopa::Checks::SkipCheckDigits
                    } else {
                        campanile_core::pagopa::Checks::Strict
                    };
                    let rpt = pay
                        .notices_with(&[text], creditor.as_deref(), checks)?
                        .remove(0);
                    // Online, pagoPA is asked (paid elsewhere meanwhile?) without opening an
                    // attempt; offline, what this device holds.
                    let status = if offline {
                        pay.status(&rpt)?
                    } else {
                        ctx.block_on(pay.check(&rpt))?
                    };
                    show_notice_status(ctx, &rpt, &status)
                }
                None => {
                    let attempts = if offline {
                        pay.attempts_offline(50)?
                    } else {
                        ctx.block_on(pay.attempts(50))?
                    };
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
            let core = ctx.core()?;
            let receipts = core.payments().receipts()?;
            if ctx.json {
                let list: Vec<_> = receipts.iter().map(|r| receipt_json(ctx, r)).collect();
                return ctx.print_json(&json!({ "receipts": list }));
            }
            if receipts.is_empty() {
                println!("{}", ctx.tr("pay-no-receipts"));
            }
            for r in &receipts {
                print_receipt(ctx, core, r);
            }
            Ok(())
        }
        PayLedgerCommand::Receipt {
            notice,
            creditor,
            out,
        } => {
            let core = ctx.core()?;
            let pay = core.payments();
            let rpt = pay.notices(&[notice], creditor.as_deref())?.remove(0);
            let receipt = pay.receipt(&rpt)?;
            let pdf = pay.receipt_pdf(&receipt);
            std::fs::write(&out, &pdf).map_err(|e| {
                crate::error::fail(
                    crate::error::Kind::Other,
                    ctx.tr_args(
                        "pay-error-write",
                        &[
                            ("path", out.display().to_string().into()),
                            ("detail", e.to_string().into()),
                        ],
                    ),
                )
            })?;
            if ctx.json {
                return ctx.print_json(&json!({
                    "receipt": receipt_json(ctx, &receipt),
                    "pdf": out.display().to_string(),
                    "bytes": pdf.len(),
                }));
            }
            println!(
                "{}",
                ctx.tr_args(
                    "pay-receipt-written",
                    &[("path", out.display().to_string().into())]
                )
            );
            Ok(())
        }
        PayLedgerCommand::Return {
            attempt,
            outcome,
            platform,
        } => {
            let core = open(ctx, &platform)?;
            let hint = match outcome {
                ReturnArg::Ok => ReturnHint::Ok,
                ReturnArg::Cancel => ReturnHint::Cancel,
                ReturnArg::Error => ReturnHint::Error,
            };
            let a = ctx.block_on(core.payments().record_return(attempt, hint))?;
            show_attempt(ctx, &a)
        }
    }
}

/// The core's handle with the platform the options name.
fn open(ctx: &Ctx, p: &PlatformArgs) -> Result<Campanile, CliError> {
    let url = |flag: &str, value: &str| {
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
    };
    let pagopa = PagoPaConfig {
        environment: PagoPaEnvironment::Custom,
        payment_requests_url: p
            .base_url
            .as_deref()
            .map(|u| url("--base-url", u))
            .transpose()?,
        checkout_url: Some(url("--checkout-url", &p.checkout_url)?),
        gpd_url: Some(url("--gpd-url", &p.gpd_url)?),
        own_comuni: p.own_comuni.clone(),
        timeout: Duration::from_secs(p.timeout),
    };
    ctx.open_core(pagopa)
}

fn show_attempt(ctx: &Ctx, a: &Attempt) -> Result<(), CliError> {
    if ctx.json {
        return ctx.print_json(&json!({ "attempt": attempt_json(ctx, a) }));
    }
    print_attempt(ctx, a);
    Ok(())
}

fn money(ctx: &Ctx, cents: Option<u64>) -> String {
    campanile_core::format::euros_or_unknown(&ctx.i18n, cents.and_then(|c| i64::try_from(c).ok()))
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
        let due = n
            .due_date
            .map(|d| campanile_core::format::date(&ctx.i18n, d));
        for (label, value) in [
            ("pay-label-description", &n.description),
            ("pay-label-due-date", &due),
            ("pay-label-payee", &n.payee_name),
        ] {
            if let Some(v) = value {
                println!("    {}: {v}", ctx.tr(label));
            }
        }
    }
    if let Some(url) = ctx.core().ok().and_then(|c| c.payments().continue_url(a)) {
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

fn receipt_json(ctx: &Ctx, r: &PaymentReceipt) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "amount_text".into(),
            money(ctx, r.amount.map(|x| x.cents())).into(),
        );
    }
    v
}

fn print_receipt(ctx: &Ctx, core: &Campanile, r: &PaymentReceipt) {
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
    for line in core.payments().receipt_text(r) {
        println!("  {}: {}", line.label, line.value);
    }
}

fn show_notice_status(ctx: &Ctx, rpt: &RptId, s: &NoticeStatus) -> Result<(), CliError> {
    if ctx.json {
        let v = serde_json::to_value(s).unwrap_or_default();
        return ctx.print_json(&json!({ "rpt_id": rpt.to_string(), "status": v }));
    }
    match s {
        NoticeStatus::Paid { receipt } => print_receipt(ctx, ctx.core()?, receipt),
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
