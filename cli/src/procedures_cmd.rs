//! `campanile procedures …`: the procedures catalog (import, offline search, show). Clap and
//! printing only: the catalog's rules are the core's, behind `core.procedures()`.

use std::path::{Path, PathBuf};

use campanile_core::practices::catalog::Procedure;
use clap::Subcommand;
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::CliError;

#[derive(Subcommand, Debug)]
pub enum ProceduresCommand {
    /// Import a catalog file (JSON: an array of procedures or {"procedures": [...]}; CSV with a
    /// header, lists separated by "|"). Columns: id, name, description, domain (suap|sue|registry),
    /// legal_references, office, office_contacts, official, official_contacts, substitute,
    /// substitute_contacts, term_days, ending (express|silent-consent|scia), regime
    /// (ordinary|scia|scia-building|building-permit), documents, forms, fees, remedies,
    /// online_service. A bad record is refused with its number and field, and nothing is imported.
    Import {
        file: PathBuf,
        /// Empty the catalog first.
        #[arg(long)]
        replace: bool,
    },
    /// Search the catalog offline (every word a prefix; accents and case ignored).
    Search {
        text: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Show one procedure.
    Show { id: String },
}

pub fn run(cmd: ProceduresCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        ProceduresCommand::Import { file, replace } => import_cmd(ctx, &file, replace),
        ProceduresCommand::Search { text, limit } => search_cmd(ctx, &text, limit),
        ProceduresCommand::Show { id } => show_cmd(ctx, &id),
    }
}

fn import_cmd(ctx: &Ctx, file: &Path, replace: bool) -> Result<(), CliError> {
    let report = ctx.core()?.procedures().import_file(file, replace)?;
    if ctx.json {
        return ctx.print_json(&json!(report));
    }
    println!(
        "{}",
        ctx.tr_args(
            "practices-procedures-imported",
            &[
                ("file", report.file.into()),
                ("count", report.imported.into())
            ]
        )
    );
    Ok(())
}

fn search_cmd(ctx: &Ctx, text: &str, limit: usize) -> Result<(), CliError> {
    let found = ctx.core()?.procedures().search(text, limit)?;
    if ctx.json {
        return ctx.print_json(&json!({ "procedures": found }));
    }
    if found.is_empty() {
        println!("{}", ctx.tr("practices-procedures-none"));
    }
    for p in &found {
        println!("{}  {}", p.id, p.name);
    }
    Ok(())
}

fn show_cmd(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let p = ctx.core()?.procedures().get(id)?;
    if ctx.json {
        return ctx.print_json(&json!(p));
    }
    print_procedure(ctx, &p);
    Ok(())
}

fn line(label: &str, value: &Option<String>) {
    if let Some(v) = value {
        println!("  {label}: {v}");
    }
}

fn list(label: &str, values: &[String]) {
    if !values.is_empty() {
        println!("  {label}:");
        for v in values {
            println!("    - {v}");
        }
    }
}

fn print_procedure(ctx: &Ctx, p: &Procedure) {
    println!("{}  {}", p.id, p.name);
    line("description", &p.description);
    println!(
        "  {} · {} · {}",
        p.domain.as_str(),
        p.ending.as_str(),
        p.regime.as_str()
    );
    match p.term_days {
        Some(d) => println!(
            "  {}",
            ctx.tr_args("practices-procedure-term", &[("days", u64::from(d).into())])
        ),
        None => println!("  {}", ctx.tr("practices-procedure-term-default")),
    }
    list("legal_references", &p.legal_references);
    line("office", &p.office);
    line("office_contacts", &p.office_contacts);
    line("official", &p.official);
    line("official_contacts", &p.official_contacts);
    match p.substitute_text() {
        Some(who) => {
            println!(
                "  {}",
                ctx.tr_args("practices-substitute", &[("who", who.into())])
            );
        }
        None => println!("  {}", ctx.tr("practices-substitute-unknown")),
    }
    list("documents", &p.documents);
    list("forms", &p.forms);
    line("fees", &p.fees);
    line("remedies", &p.remedies);
    line("online_service", &p.online_service);
}
