//! `campanile practices …`: practices and their timeline, the legal deadline, the changes feed.

use std::path::{Path, PathBuf};

use campanile_core::i18n::Arg;
use campanile_core::practices::catalog;
use campanile_core::practices::deadline::{self, ClockInput, Deadline, Regime, Span};
use campanile_core::practices::feed;
use campanile_core::practices::messages::{status_text, step_text};
use campanile_core::practices::patrons::{self, PatronDays, PatronError};
use campanile_core::practices::practice::{
    self, Filter, NewEvent, NewPractice, PracticeError, parse_when,
};
use campanile_core::practices::reminders;
use campanile_core::practices::states::{Domain, EventKind, State};
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};

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
            let mut input =
                ClockInput::new(parse_regime(ctx, &regime)?, parse_date(ctx, &received)?);
            input.term_days = days;
            input.suspensions = suspended
                .iter()
                .map(|s| parse_span(ctx, s))
                .collect::<Result<_, _>>()?;
            input.refusal_notices = refusal_notice
                .iter()
                .map(|s| parse_span(ctx, s))
                .collect::<Result<_, _>>()?;
            input.proposal = proposal
                .as_deref()
                .map(|p| parse_date(ctx, p))
                .transpose()?;
            let comune = comune.map(|c| check_istat(ctx, &c)).transpose()?;
            deadline_cmd(ctx, &input, comune.as_deref(), today.as_deref(), &patrons)
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
            let o = OpenArgs {
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
            };
            open_cmd(ctx, o)
        }
        PracticesCommand::Event {
            id,
            kind,
            at,
            actor,
            note,
            attach,
        } => event_cmd(ctx, &id, &kind, at.as_deref(), actor, note, attach),
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
            patrons_list_cmd(ctx, &patrons)
        }
        PracticesCommand::PatronDays(PatronDaysCommand::Import { file }) => {
            patrons_import_cmd(ctx, &file)
        }
    }
}

fn bad(ctx: &Ctx, id: &str, value: &str) -> CliError {
    crate::error::fail(Kind::BadInput, ctx.tr_args(id, &[("value", value.into())]))
}

fn parse_date(ctx: &Ctx, s: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad(ctx, "practices-error-date", s))
}

fn parse_span(ctx: &Ctx, s: &str) -> Result<Span, CliError> {
    let Some((from, to)) = s.split_once("..") else {
        return Err(bad(ctx, "practices-error-span", s));
    };
    let from = parse_date(ctx, from).map_err(|_| bad(ctx, "practices-error-span", s))?;
    let to = match to.trim() {
        "" => None,
        t => Some(parse_date(ctx, t).map_err(|_| bad(ctx, "practices-error-span", s))?),
    };
    Ok(Span { from, to })
}

fn parse_regime(ctx: &Ctx, s: &str) -> Result<Regime, CliError> {
    Regime::parse(s).ok_or_else(|| bad(ctx, "practices-error-regime", s))
}

fn check_istat(ctx: &Ctx, s: &str) -> Result<String, CliError> {
    let t = s.trim();
    if t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err(bad(ctx, "practices-error-istat", t))
    }
}

fn today(ctx: &Ctx, s: Option<&str>) -> Result<NaiveDate, CliError> {
    match s {
        Some(s) => parse_date(ctx, s),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

fn practice_error(ctx: &Ctx, e: &PracticeError) -> CliError {
    crate::error::localized(&ctx.i18n, e)
}

fn patron_error(ctx: &Ctx, e: &PatronError) -> CliError {
    crate::error::localized(&ctx.i18n, e)
}

/// The patron-saint days in force: shipped, then the store's table, then the file.
fn load_patrons(
    ctx: &Ctx,
    args: &PatronArgs,
    store: Option<&campanile_core::store::Store>,
) -> Result<PatronDays, CliError> {
    let mut p = PatronDays::shipped().map_err(|e| patron_error(ctx, &e))?;
    if let Some(store) = store {
        p.apply_store(store).map_err(|e| patron_error(ctx, &e))?;
    }
    if let Some(file) = &args.patron_saints {
        p.apply_file(file).map_err(|e| patron_error(ctx, &e))?;
    }
    Ok(p)
}

fn chain_json(ctx: &Ctx, d: &Deadline) -> serde_json::Value {
    let steps: Vec<serde_json::Value> = d
        .chain
        .iter()
        .map(|s| {
            let mut v = json!(s);
            if let Some(o) = v.as_object_mut() {
                o.insert("text".into(), json!(step_text(&ctx.i18n, s)));
            }
            v
        })
        .collect();
    json!(steps)
}

fn print_deadline(ctx: &Ctx, d: &Deadline) {
    println!(
        "{}",
        ctx.tr_args(
            "practices-deadline-due",
            &[("date", d.due.to_string().into())]
        )
    );
    if d.suspended {
        println!("{}", ctx.tr("practices-deadline-suspended"));
    }
    println!("{}", ctx.tr("practices-deadline-chain"));
    for s in &d.chain {
        println!("  - {}  [{}]", step_text(&ctx.i18n, s), s.reference);
    }
}

fn deadline_cmd(
    ctx: &Ctx,
    input: &ClockInput,
    comune: Option<&str>,
    today_arg: Option<&str>,
    patrons: &PatronArgs,
) -> Result<(), CliError> {
    // The store is only read for its patron_days overrides, and only when it already exists:
    // a deadline needs no database.
    let store = if ctx.db_path().exists() {
        Some(ctx.open_store()?)
    } else {
        None
    };
    let table = load_patrons(ctx, patrons, store.as_ref())?;
    let cal = table.calendar(comune);
    let as_of = today(ctx, today_arg)?;
    let d = deadline::compute(input, &cal, as_of)
        .map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    if ctx.json {
        return ctx.print_json(&json!({
            "received": d.received.to_string(),
            "regime": d.regime,
            "due": d.due.to_string(),
            "suspended": d.suspended,
            "comune": comune,
            "patron": comune.and_then(|c| table.get(c)),
            "chain": chain_json(ctx, &d),
            "times": d.times,
        }));
    }
    print_deadline(ctx, &d);
    Ok(())
}

fn list_cmd(
    ctx: &Ctx,
    person: Option<String>,
    state: Option<&str>,
    open_only: bool,
) -> Result<(), CliError> {
    let state = match state {
        Some(s) => Some(State::parse(s).ok_or_else(|| {
            let known: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
            crate::error::fail(
                Kind::BadInput,
                ctx.tr_args(
                    "practices-error-state",
                    &[("value", s.into()), ("known", known.join(", ").into())],
                ),
            )
        })?),
        None => None,
    };
    let store = ctx.open_store()?;
    let found = practice::list(
        &store,
        &Filter {
            applicant: person,
            state,
            open_only,
        },
    )
    .map_err(|e| practice_error(ctx, &e))?;
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
    today_arg: Option<&str>,
    patrons: &PatronArgs,
) -> Result<(), CliError> {
    let store = ctx.open_store()?;
    let p = practice::get(&store, id).map_err(|e| practice_error(ctx, &e))?;
    let events = practice::timeline(&store, id).map_err(|e| practice_error(ctx, &e))?;
    let table = load_patrons(ctx, patrons, Some(&store))?;
    let cal = table.calendar(p.comune.as_deref());
    let day = today(ctx, today_arg)?;
    let clock = practice::clock(&p, &events, &cal, day).map_err(|e| practice_error(ctx, &e))?;
    let procedure = match &p.procedure_id {
        Some(pid) => {
            catalog::find(&store, pid).map_err(|e| crate::procedures_cmd::catalog_error(ctx, &e))?
        }
        None => None,
    };
    let overdue = matches!(
        clock.as_ref().map(|c| &c.status),
        Some(deadline::ClockStatus::Overdue { .. })
    );
    let substitute = procedure.as_ref().and_then(|pr| {
        pr.substitute
            .as_ref()
            .map(|s| match &pr.substitute_contacts {
                Some(c) => format!("{s} ({c})"),
                None => s.clone(),
            })
    });
    if ctx.json {
        return ctx.print_json(&json!({
            "practice": p,
            "procedure": procedure.as_ref().map(|pr| json!({"id": pr.id, "name": pr.name})),
            "clock": clock.as_ref().map(|c| json!({
                "due": c.deadline.due.to_string(),
                "status": c.status,
                "status_text": status_text(&ctx.i18n, &c.status),
                "suspended": c.deadline.suspended,
                "chain": chain_json(ctx, &c.deadline),
                "times": c.deadline.times,
            })),
            "overdue": overdue,
            "substitute": if overdue { substitute.clone() } else { None },
            "events": events.len(),
        }));
    }
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
    if let Some(pr) = &procedure {
        println!("  {}  {}", pr.id, pr.name);
    }
    match &clock {
        None => println!("  {}", ctx.tr("practices-no-clock")),
        Some(c) => {
            println!("  {}", status_text(&ctx.i18n, &c.status));
            print_deadline(ctx, &c.deadline);
            if overdue {
                match &substitute {
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
    let store = ctx.open_store()?;
    let events = practice::timeline(&store, id).map_err(|e| practice_error(ctx, &e))?;
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

struct OpenArgs {
    id: String,
    applicant: String,
    subject: String,
    procedure: Option<String>,
    domain: Option<String>,
    regime: Option<String>,
    days: Option<u32>,
    comune: Option<String>,
    received: Option<String>,
    actor: String,
    note: Option<String>,
}

fn open_cmd(ctx: &Ctx, o: OpenArgs) -> Result<(), CliError> {
    let mut store = ctx.open_store()?;
    let procedure = match &o.procedure {
        Some(pid) => Some(
            catalog::get(&store, pid).map_err(|e| crate::procedures_cmd::catalog_error(ctx, &e))?,
        ),
        None => None,
    };
    let domain = match &o.domain {
        Some(d) => Domain::parse(d).ok_or_else(|| bad(ctx, "practices-error-domain", d))?,
        None => procedure.as_ref().map_or(Domain::Suap, |p| p.domain),
    };
    let regime = match &o.regime {
        Some(r) => parse_regime(ctx, r)?,
        None => procedure.as_ref().map_or(Regime::Ordinary, |p| p.regime),
    };
    let term_days = o.days.or(procedure.as_ref().and_then(|p| p.term_days));
    let comune = o
        .comune
        .as_deref()
        .map(|c| check_istat(ctx, c))
        .transpose()?;
    let (at, kind) = match &o.received {
        Some(r) => (
            parse_when(r).ok_or_else(|| bad(ctx, "practices-error-when", r))?,
            EventKind::To(State::Presented),
        ),
        None => (now(), EventKind::To(State::Started)),
    };
    let p = practice::open(
        &mut store,
        &NewPractice {
            id: o.id,
            procedure_id: o.procedure,
            domain,
            regime,
            term_days: if regime == Regime::Ordinary {
                term_days
            } else {
                None
            },
            comune,
            applicant: o.applicant,
            subject: o.subject,
        },
        &NewEvent {
            at,
            kind,
            actor: o.actor,
            note: o.note,
            attachments: Vec::new(),
        },
    )
    .map_err(|e| practice_error(ctx, &e))?;
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

fn event_cmd(
    ctx: &Ctx,
    id: &str,
    kind: &str,
    at: Option<&str>,
    actor: String,
    note: Option<String>,
    attachments: Vec<String>,
) -> Result<(), CliError> {
    let kind_parsed = EventKind::parse(kind).ok_or_else(|| {
        let known: Vec<&str> = EventKind::all().iter().map(|k| k.as_str()).collect();
        crate::error::fail(
            Kind::BadInput,
            ctx.tr_args(
                "practices-error-event-kind",
                &[("value", kind.into()), ("known", known.join(", ").into())],
            ),
        )
    })?;
    let at = match at {
        Some(a) => parse_when(a).ok_or_else(|| bad(ctx, "practices-error-when", a))?,
        None => now(),
    };
    let mut store = ctx.open_store()?;
    let e = practice::append(
        &mut store,
        id,
        &NewEvent {
            at,
            kind: kind_parsed,
            actor,
            note,
            attachments,
        },
    )
    .map_err(|e| practice_error(ctx, &e))?;
    if ctx.json {
        return ctx.print_json(&json!({ "id": id, "event": e }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "practices-event-added",
            &[
                ("id", id.into()),
                ("kind", e.kind.as_str().into()),
                ("state", e.state_after.as_str().into())
            ]
        )
    );
    Ok(())
}

fn changes_cmd(ctx: &Ctx, person: &str, after: Option<&str>, limit: usize) -> Result<(), CliError> {
    let store = ctx.open_store()?;
    let page = feed::changes_since(store.conn(), person, after, limit)
        .map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    if ctx.json {
        return ctx.print_json(&json!(page));
    }
    if page.changes.is_empty() {
        println!("{}", ctx.tr("practices-changes-empty"));
    }
    for c in &page.changes {
        println!(
            "{}  {}  {}  {}  {}",
            c.seq, c.at, c.kind, c.subject_id, c.event
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
    today_arg: Option<&str>,
    patrons: &PatronArgs,
) -> Result<(), CliError> {
    let mut store = ctx.open_store()?;
    let table = load_patrons(ctx, patrons, Some(&store))?;
    let day = today(ctx, today_arg)?;
    let done = reminders::emit(&mut store, &table, day, days, &now().to_rfc3339())
        .map_err(|e| practice_error(ctx, &e))?;
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

fn patrons_list_cmd(ctx: &Ctx, args: &PatronArgs) -> Result<(), CliError> {
    let store = if ctx.db_path().exists() {
        Some(ctx.open_store()?)
    } else {
        None
    };
    let table = load_patrons(ctx, args, store.as_ref())?;
    let entries: Vec<_> = table.entries().collect();
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

fn patrons_import_cmd(ctx: &Ctx, file: &Path) -> Result<(), CliError> {
    let text = std::fs::read_to_string(file).map_err(|source| {
        patron_error(
            ctx,
            &PatronError::Read {
                path: file.to_path_buf(),
                source,
            },
        )
    })?;
    let entries = patrons::parse_csv(&text, &file.display().to_string())
        .map_err(|e| patron_error(ctx, &e))?;
    let mut store = ctx.open_store()?;
    let n = PatronDays::save_overrides(&mut store, &entries).map_err(|e| patron_error(ctx, &e))?;
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
