//! `campanile invoices …`: supplier invoices (FatturaPA): import a file (XML or a signed
//! `.p7m`, whose signature is verified), record SdI notifications and the comune's steps, and
//! see where each invoice stands and whether it is paid late (D.Lgs 231/2002). The rules and
//! the words are the core's (`Campanile::invoices`); this file is clap and printing.

use std::path::PathBuf;

use campanile_core::invoices::{self, InvoiceStep, NaiveDate};
use clap::{Subcommand, ValueEnum};

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

impl From<StepArg> for InvoiceStep {
    fn from(s: StepArg) -> InvoiceStep {
        match s {
            StepArg::Registered => InvoiceStep::Registered,
            StepArg::Assigned => InvoiceStep::Assigned,
            StepArg::Liquidated => InvoiceStep::Liquidated,
            StepArg::Paid => InvoiceStep::Paid,
        }
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY` (the core's rule; clap says what is wrong).
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    invoices::parse_date(s).ok_or_else(|| format!("“{s}” is not a date (YYYY-MM-DD or DD/MM/YYYY)"))
}

pub fn run(cmd: InvoicesCommand, ctx: &Ctx) -> Result<(), CliError> {
    let core = ctx.core()?;
    let inv = core.invoices();
    match cmd {
        InvoicesCommand::Import { file } => {
            let imported = inv.import_file(&file)?;
            if ctx.json {
                return print::json(ctx, &imported);
            }
            print::imported_text(&inv.import_text(&imported));
            Ok(())
        }
        InvoicesCommand::Status { id: Some(id) } => {
            let st = inv.status(id)?;
            if ctx.json {
                return print::json(ctx, &st);
            }
            print::status_text(&inv.text(&st));
            Ok(())
        }
        InvoicesCommand::Status { id: None } => {
            let all = inv.list()?;
            if ctx.json {
                return print::json(ctx, &serde_json::json!({ "invoices": all }));
            }
            let rows: Vec<_> = all.iter().map(|v| inv.row(v)).collect();
            print::list_text(ctx, &rows);
            Ok(())
        }
        InvoicesCommand::Notify { file, date } => {
            let r = inv.notify_file(&file, date)?;
            if ctx.json {
                return print::json(ctx, &r);
            }
            for line in inv.notification_text(&r) {
                println!("{line}");
            }
            Ok(())
        }
        InvoicesCommand::Step {
            id,
            step,
            date,
            note,
        } => {
            let r = inv.step(id, step.into(), date, note.as_deref())?;
            if ctx.json {
                return print::json(ctx, &r);
            }
            println!("{}", inv.step_text(&r));
            Ok(())
        }
        InvoicesCommand::Term { id, days, note } => {
            let r = inv.agree_term(id, days, note.as_deref())?;
            if ctx.json {
                return print::json(ctx, &r);
            }
            println!("{}", inv.term_text(&r));
            Ok(())
        }
    }
}
