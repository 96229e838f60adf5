//! `campanile invoices …`: supplier invoices (FatturaPA): import a file (XML or a signed
//! `.p7m`, whose signature is verified), record SdI notifications and the comune's steps, and
//! see where each invoice stands and whether it is paid late (D.Lgs 231/2002).

use std::path::{Path, PathBuf};

use campanile_core::invoices::{self, InvoiceError, NaiveDate, Step};
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::CliError;
use crate::invoices_print as print;

#[derive(Subcommand, Debug)]
pub enum InvoicesCommand {
    /// Read an invoice file (FatturaPA XML, or a signed .p7m, binary or base64) and store its
    /// invoices; prints what was read. Exit 3 with the reason when the file is not a valid
    /// invoice or its signed envelope was tampered with.
    Import { file: PathBuf },
    /// Where invoices stand: all of them, or one by its id with its history.
    Status { id: Option<i64> },
    /// Record an SdI notification file (RC, NS, MC, NE, DT, AT) on the invoices it is about.
    Notify {
        file: PathBuf,
        /// The day it was received, for the notifications that carry no date of their own (NE,
        /// DT, AT); default today. YYYY-MM-DD or DD/MM/YYYY.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Record a step of the comune: registered (in protocol), assigned (to an office),
    /// liquidated, paid.
    Step {
        id: i64,
        #[arg(value_enum)]
        step: StepArg,
        /// The day it was done (YYYY-MM-DD or DD/MM/YYYY); default today.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// A note: the protocol number, the office, the payment order…
        #[arg(long)]
        note: Option<String>,
    },
    /// Record a payment term agreed in writing, in days (at most 60 with a public
    /// administration, D.Lgs 231/2002 art. 4 c. 4; without one the term is 30 days).
    Term {
        id: i64,
        days: u32,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StepArg {
    Registered,
    Assigned,
    Liquidated,
    Paid,
}

impl From<StepArg> for Step {
    fn from(s: StepArg) -> Step {
        match s {
            StepArg::Registered => Step::Registered,
            StepArg::Assigned => Step::Assigned,
            StepArg::Liquidated => Step::Liquidated,
            StepArg::Paid => Step::Paid,
        }
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| format!("“{s}” is not a date (YYYY-MM-DD or DD/MM/YYYY)"))
}

/// Today, in local time.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn run(cmd: InvoicesCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        InvoicesCommand::Import { file } => import(ctx, &file),
        InvoicesCommand::Status { id } => status(ctx, id),
        InvoicesCommand::Notify { file, date } => notify(ctx, &file, date.unwrap_or_else(today)),
        InvoicesCommand::Step {
            id,
            step,
            date,
            note,
        } => step_cmd(
            ctx,
            id,
            step.into(),
            date.unwrap_or_else(today),
            note.as_deref(),
        ),
        InvoicesCommand::Term { id, days, note } => term(ctx, id, days, note.as_deref()),
    }
}

/// The CLI error of an invoice error; with --json the document says where the file is wrong
/// and whether it was tampered with, then the command exits 3.
fn fail(ctx: &Ctx, e: &InvoiceError) -> CliError {
    let mut err = crate::error::localized(&ctx.i18n, e);
    if let InvoiceError::Read { file, source } = e {
        err = err
            .with_detail("file", file)
            .with_detail("tampered", source.is_tampered());
        if let Some(at) = &source.at {
            err = err
                .with_detail("element", &at.path)
                .with_detail("line", at.line)
                .with_detail("column", at.column);
        }
    }
    err
}

fn import(ctx: &Ctx, path: &Path) -> Result<(), CliError> {
    let mut store = ctx.open_store()?;
    let imported = invoices::import_file(&mut store, path).map_err(|e| fail(ctx, &e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if ctx.json {
        return ctx.print_json(&print::imported_json(&name, &imported));
    }
    if imported.already_imported {
        println!(
            "{}",
            ctx.tr_args(
                "invoices-already-imported",
                &[("file", name.as_str().into())]
            )
        );
    } else {
        println!(
            "{}",
            ctx.tr_args(
                "invoices-imported",
                &[
                    ("count", imported.invoice_ids.len().into()),
                    ("file", name.as_str().into())
                ]
            )
        );
    }
    print::imported_text(ctx, &name, &imported);
    Ok(())
}

fn status(ctx: &Ctx, id: Option<i64>) -> Result<(), CliError> {
    let store = ctx.open_store()?;
    let today = today();
    match id {
        Some(id) => {
            let st = invoices::status(&store, id, today).map_err(|e| fail(ctx, &e))?;
            if ctx.json {
                ctx.print_json(&print::status_json(&st))
            } else {
                print::status_text(ctx, &st);
                Ok(())
            }
        }
        None => {
            let all = invoices::list(&store, today).map_err(|e| fail(ctx, &e))?;
            if ctx.json {
                let list: Vec<_> = all.iter().map(print::status_json).collect();
                ctx.print_json(&json!({ "invoices": list }))
            } else {
                print::list_text(ctx, &all);
                Ok(())
            }
        }
    }
}

fn notify(ctx: &Ctx, path: &Path, today: NaiveDate) -> Result<(), CliError> {
    let mut store = ctx.open_store()?;
    let r =
        invoices::record_notification_file(&mut store, path, today).map_err(|e| fail(ctx, &e))?;
    let kind = r.notification.kind.code();
    if ctx.json {
        return ctx.print_json(&json!({
            "kind": kind,
            "sdi_id": r.notification.sdi_id,
            "outcome": r.notification.outcome.map(|o| o.code()),
            "errors": r.notification.errors,
            "invoice_ids": r.invoice_ids,
            "event_ids": r.event_ids,
            "already_recorded": r.already_recorded,
        }));
    }
    if r.already_recorded {
        println!(
            "{}",
            ctx.tr_args("invoices-notification-already", &[("event", kind.into())])
        );
        return Ok(());
    }
    let ids: Vec<String> = r.invoice_ids.iter().map(ToString::to_string).collect();
    println!(
        "{}",
        ctx.tr_args(
            "invoices-notification-recorded",
            &[
                ("event", kind.into()),
                ("count", r.invoice_ids.len().into()),
                ("ids", ids.join(", ").into()),
            ]
        )
    );
    for e in &r.notification.errors {
        println!("  {} {}", e.code, e.description);
    }
    Ok(())
}

fn step_cmd(
    ctx: &Ctx,
    id: i64,
    step: Step,
    on: NaiveDate,
    note: Option<&str>,
) -> Result<(), CliError> {
    let mut store = ctx.open_store()?;
    let event_id =
        invoices::record_step(&mut store, id, step, on, note).map_err(|e| fail(ctx, &e))?;
    if ctx.json {
        return ctx.print_json(&json!({
            "invoice_id": id,
            "step": step.code(),
            "on": on.format("%Y-%m-%d").to_string(),
            "event_id": event_id,
        }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "invoices-step-recorded",
            &[
                ("id", id.into()),
                ("event", step.code().into()),
                ("on", print::date(ctx, on).into()),
            ]
        )
    );
    Ok(())
}

fn term(ctx: &Ctx, id: i64, days: u32, note: Option<&str>) -> Result<(), CliError> {
    let mut store = ctx.open_store()?;
    let event_id = invoices::agree_term(&mut store, id, days, note).map_err(|e| fail(ctx, &e))?;
    if ctx.json {
        return ctx.print_json(&json!({ "invoice_id": id, "days": days, "event_id": event_id }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "invoices-term-recorded",
            &[("id", id.into()), ("days", u64::from(days).into())]
        )
    );
    Ok(())
}
