//! `campanile practices …`: practices and their timeline, the legal deadline, the changes feed.
//!
//! Clap and printing only: the rules (defaults from the procedure, the clock, patron-saint days,
//! the substitute official, the checks) are the core's, behind `core.practices()`.

use std::path::{Path, PathBuf};

use campanile_core::i18n::Arg;
use campanile_core::practices::ClockInput;
use campanile_core::practices::practice::Filter;
use campanile_core::{
    Campanile, DeadlineRequest, EventRequest, OpenRequest, PatronOverrides, Practices, StepView,
};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::CliError;

/// Patron-saint days: the shipped `assets/patron-saints.csv`, then the store's `patron_days`
/// table (`practices patron-days import`), then this file, each overriding the one before.
#[derive(Args, Debug, Clone, Default)]
pub struct PatronArgs {
    /// A CSV of patron-saint days (istat,name,province,saint,day; day MM-DD, MM-sun1 for the
    /// first Sunday of a month, or easter+N) overriding the shipped ones for the comuni it lists.
    #[arg(long, env = "CAMPANILE_PATRON_SAINTS", value_name = "CSV")]
    patron_saints: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum PracticesCommand {
    /// The practices, newest first.
    List {
        /// Only this person's (applicant id).
        #[arg(long)]
        person: Option<String>,
        /// Only those in this state (AgID SUAP state name).
        #[arg(long)]
        state: Option<String>,
        /// Only those not concluded.
        #[arg(long)]
        open: bool,
    },
    /// One practice: its state, who holds it, its deadline and the rules that give it.
    Show {
        id: String,
        /// The day to compute the clock on (default: today).
        #[arg(long)]
        today: Option<String>,
        #[command(flatten)]
        patrons: PatronArgs,
    },
    /// The timeline of a practice: who did what, when, with which documents.
    Timeline { id: String },
    /// Compute a legal deadline from dates and print the rule chain that gives it.
    ///
    /// Calendar days, the day of receipt not counted; a last day on a Sunday, a national holiday
    /// (Easter Monday included; 4 October from 2026) or the comune's patron-saint day moves to
    /// the next working day. --comune ISTAT picks the patron-saint day from
    /// assets/patron-saints.csv (override with --patron-saints FILE or the patron_days table).
    Deadline {
        /// The day the application was received (YYYY-MM-DD).
        #[arg(long)]
        received: String,
        /// The procedure's own term in days (ordinary regime; default 30, L. 241/1990 art. 2).
        #[arg(long)]
        days: Option<u32>,
        /// ordinary, scia (60 days), scia-building (30), building-permit (DPR 380/2001 art. 20).
        #[arg(long, default_value = "ordinary")]
        regime: String,
        /// A suspension for integration, FROM..TO (art. 2 c. 7: once, at most 30 days; for a
        /// building permit, the interruption of art. 20 c. 5). TO may be left out while open.
        #[arg(long, value_name = "FROM..TO")]
        suspended: Vec<String>,
        /// A notice of refusal (art. 10-bis), NOTICE..OBSERVATIONS (the observations' day may be
        /// left out when none came).
        #[arg(long, value_name = "NOTICE..OBSERVATIONS")]
        refusal_notice: Vec<String>,
        /// Building permit: the day the proposal was made.
        #[arg(long)]
        proposal: Option<String>,
        /// The comune's ISTAT code (6 digits), for its patron-saint day.
        #[arg(long)]
        comune: Option<String>,
        /// The day open periods are counted to (default: today).
        #[arg(long)]
        today: Option<String>,
        #[command(flatten)]
        patrons: PatronArgs,
    },
    /// Open a practice (counter staff).
    Open {
        id: String,
        /// Whose practice it is (the id their changes feed is read with).
        #[arg(long)]
        applicant: String,
        /// What it is about.
        #[arg(long)]
        subject: String,
        /// The procedure's id in the catalog: domain, regime and term come from it.
        #[arg(long)]
        procedure: Option<String>,
        #[arg(long)]
        domain: Option<String>,
        #[arg(long)]
        regime: Option<String>,
        #[arg(long)]
        days: Option<u32>,
        /// The comune's ISTAT code (its patron-saint day counts).
        #[arg(long)]
        comune: Option<String>,
        /// Received on this day or moment: the practice is presented and its clock starts.
        #[arg(long)]
        received: Option<String>,
        #[arg(long, default_value = "counter")]
        actor: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Add an event to a practice's timeline: an AgID state (presented, integration_requested,
    /// integrated, ended_by_positive_outcome, …) or note, document, assigned, refusal_notice,
    /// observations, proposal. Transitions the specification does not allow are refused.
    Event {
        id: String,
        kind: String,
        /// When (YYYY-MM-DD or RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        #[arg(long, default_value = "counter")]
        actor: String,
        /// A note (for `assigned`: the office or official now holding the practice).
        #[arg(long)]
        note: Option<String>,
        /// A document attached (repeatable).
        #[arg(long)]
        attach: Vec<String>,
    },
    /// A person's changes after a cursor (for notifications); prints the next cursor.
    Changes {
        #[arg(long)]
        person: String,
        #[arg(long)]
        after: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Record reminders in the feeds: practices due within N days, and overdue ones.
    Remind {
        #[arg(long, default_value_t = 3)]
        days: u32,
        #[arg(long)]
        today: Option<String>,
        #[command(flatten)]
        patrons: PatronArgs,
    },
    /// Patron-saint days: list them, or store overrides in the database.
    #[command(subcommand)]
    PatronDays(PatronDaysCommand),
}

#[derive(Subcommand, Debug)]
pub enum PatronDaysCommand {
    /// The patron-saint days in force (shipped, then overrides).
    List {
        #[command(flatten)]
        patrons: PatronArgs,
    },
    /// Store a CSV of patron-saint days in the database, overriding the shipped ones.
    Import { file: PathBuf },
}

pub fn run(cmd: PracticesCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        PracticesCommand::List {
            person,
            state,
            open,
        } => list_cmd(ctx, person, state.as_deref(), open),
        PracticesCommand::Show { id, today, patrons } => {
            show_cmd(ctx, &id, today.as_deref(), &patrons)
        }
        PracticesCommand::Timeline { id } => timeline_cmd(ctx, &id),
        PracticesCommand::Deadline {
            received,
            days,
            regime,
            suspended,
            refusal_notice,
            proposal,
            comune,
            today,
            patrons,
        } => {
            // A deadline needs no database: the store is read for its patron-day overrides
            // only when it already exists.
            let core = ctx.core_if_stored()?;
            let part = core.practices();
            let mut input =
                ClockInput::new(part.parse_regime(&regime)?, part.parse_date(&received)?);
            input.term_days = days;
            input.suspensions = suspended
                .iter()
                .map(|s| part.parse_span(s))
                .collect::<Result<_, _>>()?;
            input.refusal_notices = refusal_notice
                .iter()
                .map(|s| part.parse_span(s))
                .collect::<Result<_, _>>()?;
            input.proposal = proposal
                .as_deref()
                .map(|p| part.parse_date(p))
                .transpose()?;
            let request = DeadlineRequest {
                input,
                comune,
                today: parse_today(part, today.as_deref())?,
            };
            let extra = overrides(part, &patrons)?;
            let d = part.deadline(&request, extra.as_ref())?;
            if ctx.json {
                return ctx.print_json(&json!(d));
            }
            print_deadline(ctx, d.due, d.suspended, &d.chain);
            Ok(())
        }
        PracticesCommand::Open {
            id,
            applicant,
            subject,
            procedure,
            domain,
            regime,
            days,
            comune,
            received,
            actor,
            note,
        } => {
            let core = ctx.core()?;
            let part = core.practices();
            let request = OpenRequest {
                id,
                applicant,
                subject,
                procedure,
                domain: domain
                    .as_deref()
                    .map(|d| part.parse_domain(d))
                    .transpose()?,
                regime: regime
                    .as_deref()
                    .map(|r| part.parse_regime(r))
                    .transpose()?,
                term_days: days,
                comune,
                received: received
                    .as_deref()
                    .map(|r| part.parse_when(r))
                    .transpose()?,
                actor,
                note,
            };
            let p = part.open(&request)?;
            if ctx.json {
                return ctx.print_json(&json!({ "practice": p }));
            }
            println!(
                "{}",
                ctx.tr_args(
                    "practices-opened",
                    &[
                        ("id", p.id.as_str().into()),
                        ("state", p.state.as_str().into())
                    ]
                )
            );
            Ok(())
        }
        PracticesCommand::Event {
            id,
            kind,
            at,
            actor,
            note,
            attach,
        } => {
            let core = ctx.core()?;
            let part = core.practices();
            let request = EventRequest {
                kind: part.parse_event_kind(&kind)?,
                at: at.as_deref().map(|a| part.parse_when(a)).transpose()?,
                actor,
                note,
                attachments: attach,
            };
            let e = part.event(&id, &request)?;
            if ctx.json {
                return ctx.print_json(&json!({ "id": id, "event": e }));
            }
            println!(
                "{}",
                ctx.tr_args(
                    "practices-event-added",
                    &[
                        ("id", id.as_str().into()),
                        ("kind", e.kind.as_str().into()),
                        ("state", e.state_after.as_str().into())
                    ]
                )
            );
            Ok(())
        }
        PracticesCommand::Changes {
            person,
            after,
            limit,
        } => changes_cmd(ctx, &person, after.as_deref(), limit),
        PracticesCommand::Remind {
            days,
            today,
            patrons,
        } => remind_cmd(ctx, days, today.as_deref(), &patrons),
        PracticesCommand::PatronDays(PatronDaysCommand::List { patrons }) => {
            let core = ctx.core_if_stored()?;
            let part = core.practices();
            let entries = part.patron_days(overrides(part, &patrons)?.as_ref())?;
            if ctx.json {
                return ctx.print_json(&json!({ "patron_days": entries }));
            }
            for e in entries {
                let mark = if e.verified { "" } else { "  (?)" };
                println!(
                    "{}  {:<28} {}  {}  {}{mark}",
                    e.istat,
                    e.name,
                    e.province,
                    e.day_text(),
                    e.saint
                );
            }
            Ok(())
        }
        PracticesCommand::PatronDays(PatronDaysCommand::Import { file }) => {
            patrons_import_cmd(ctx, &file)
        }
    }
}

/// `--today`, or none for the core's today.
fn parse_today(part: Practices<'_>, s: Option<&str>) -> Result<Option<NaiveDate>, CliError> {
    s.map(|s| part.parse_date(s)).transpose()
}

/// The `--patron-saints` file, read.
fn overrides(part: Practices<'_>, args: &PatronArgs) -> Result<Option<PatronOverrides>, CliError> {
    args.patron_saints
        .as_deref()
        .map(|f| part.read_patron_file(f))
        .transpose()
}

fn print_deadline(ctx: &Ctx, due: NaiveDate, suspended: bool, chain: &[StepView]) {
    println!(
        "{}",
        ctx.tr_args(
            "practices-deadline-due",
            &[("date", due.to_string().into())]
        )
    );
    if suspended {
        println!("{}", ctx.tr("practices-deadline-suspended"));
    }
    println!("{}", ctx.tr("practices-deadline-chain"));
    for s in chain {
        println!("  - {}  [{}]", s.text, s.step.reference);
    }
}

fn list_cmd(
    ctx: &Ctx,
    person: Option<String>,
    state: Option<&str>,
    open_only: bool,
) -> Result<(), CliError> {
    let core = ctx.core()?;
    let part = core.practices();
    let filter = Filter {
        applicant: person,
        state: state.map(|s| part.parse_state(s)).transpose()?,
        open_only,
    };
    let found = part.list(&filter)?;
    if ctx.json {
        return ctx.print_json(&json!({ "practices": found }));
    }
    if found.is_empty() {
        println!("{}", ctx.tr("practices-list-empty"));
    }
    for p in &found {
        println!(
            "{}  {}  {}  {}",
            p.id,
            p.state.as_str(),
            p.applicant,
            p.subject
        );
    }
    Ok(())
}

fn show_cmd(
    ctx: &Ctx,
    id: &str,
    today: Option<&str>,
    patrons: &PatronArgs,
) -> Result<(), CliError> {
    let core = ctx.core()?;
    let part = core.practices();
    let today = parse_today(part, today)?;
    let v = part.show(id, today, overrides(part, patrons)?.as_ref())?;
    if ctx.json {
        return ctx.print_json(&json!(v));
    }
    let p = &v.practice;
    println!("{}  {}", p.id, p.subject);
    println!(
        "  {} · {} · {}{}",
        p.domain.as_str(),
        p.regime.as_str(),
        p.state.as_str(),
        p.holder
            .as_ref()
            .map(|h| format!(" · {h}"))
            .unwrap_or_default()
    );
    if let Some(pr) = &v.procedure {
        println!("  {}  {}", pr.id, pr.name);
    }
    match &v.clock {
        None => println!("  {}", ctx.tr("practices-no-clock")),
        Some(c) => {
            println!("  {}", c.status_text);
            print_deadline(ctx, c.due, c.suspended, &c.chain);
            if v.overdue {
                match &v.substitute {
                    Some(s) => println!(
                        "{}",
                        ctx.tr_args("practices-substitute", &[("who", s.as_str().into())])
                    ),
                    None => println!("{}", ctx.tr("practices-substitute-unknown")),
                }
            }
        }
    }
    Ok(())
}

fn timeline_cmd(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    let events = ctx.core()?.practices().timeline(id)?;
    if ctx.json {
        return ctx.print_json(&json!({ "id": id, "events": events }));
    }
    for e in &events {
        let mut line = format!(
            "{}  {}  {} → {}  ({})",
            e.seq,
            e.at.to_rfc3339(),
            e.kind.as_str(),
            e.state_after.as_str(),
            e.actor
        );
        if let Some(n) = &e.note {
            line.push_str(&format!("  “{n}”"));
        }
        if !e.attachments.is_empty() {
            line.push_str(&format!("  [{}]", e.attachments.join(", ")));
        }
        println!("{line}");
    }
    Ok(())
}

fn changes_cmd(ctx: &Ctx, person: &str, after: Option<&str>, limit: usize) -> Result<(), CliError> {
    let page = ctx.core()?.practices().changes(person, after, limit)?;
    if ctx.json {
        return ctx.print_json(&json!(page));
    }
    if page.changes.is_empty() {
        println!("{}", ctx.tr("practices-changes-empty"));
    }
    for c in &page.changes {
        println!(
            "{}  {}  {}  {}  {}",
            c.seq,
            c.at,
            c.kind.as_str(),
            c.subject_id,
            c.event
        );
    }
    println!(
        "{}",
        ctx.tr_args(
            "practices-changes-cursor",
            &[("cursor", page.cursor.into())]
        )
    );
    Ok(())
}

fn remind_cmd(
    ctx: &Ctx,
    days: u32,
    today: Option<&str>,
    patrons: &PatronArgs,
) -> Result<(), CliError> {
    let core: &Campanile = ctx.core()?;
    let part = core.practices();
    let today = parse_today(part, today)?;
    let done = part.remind(days, today, overrides(part, patrons)?.as_ref())?;
    if ctx.json {
        return ctx.print_json(&json!({ "reminders": done }));
    }
    for r in &done {
        println!("{}  {}  {}  {}", r.practice_id, r.applicant, r.event, r.due);
    }
    println!(
        "{}",
        ctx.tr_args("practices-reminders", &[("count", done.len().into())])
    );
    Ok(())
}

fn patrons_import_cmd(ctx: &Ctx, file: &Path) -> Result<(), CliError> {
    let core = ctx.core()?;
    let part = core.practices();
    let days = part.read_patron_file(file)?;
    let n = part.import_patron_days(&days)?;
    if ctx.json {
        return ctx.print_json(&json!({ "file": file.display().to_string(), "stored": n }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "practices-patrons-imported",
            &[
                ("file", file.display().to_string().into()),
                ("count", Arg::from(n))
            ]
        )
    );
    Ok(())
}
