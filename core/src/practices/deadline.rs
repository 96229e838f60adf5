//! The deadline engine: by when the comune must conclude a practice, and the chain of rules
//! that gives that date. Pure functions of the dates given and of a [`Calendar`].
//!
//! Counting (art. 2963 c.c., art. 155 c.p.c., which administrative terms follow):
//! calendar days; the first day (receipt) is not counted; a last day that falls on a Sunday, a
//! national holiday or the comune's patron-saint day moves to the next working day.
//!
//! A suspension still open on the "as of" day is counted as if it ended that day: the due date
//! shown is the earliest the law allows given what has happened, and it never moves earlier as
//! the days pass or as suspensions end.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::calendar::{Calendar, DayOff};

/// Which legal clock a practice runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// A procedure started by an application: the procedure's own term, or 30 days
    /// (L. 241/1990 art. 2).
    Ordinary,
    /// SCIA: 60 days for the checks (L. 241/1990 art. 19 c. 3).
    Scia,
    /// Building SCIA: 30 days (L. 241/1990 art. 19 c. 6-bis).
    SciaBuilding,
    /// Building permit (DPR 380/2001 art. 20): 60 days for the proposal, then 30 for the
    /// decision.
    BuildingPermit,
}

impl Regime {
    /// Every regime, in catalog order.
    pub const ALL: [Regime; 4] = [
        Regime::Ordinary,
        Regime::Scia,
        Regime::SciaBuilding,
        Regime::BuildingPermit,
    ];

    /// The regime's name in the catalog and in JSON (`ordinary`, `scia`, `scia-building`,
    /// `building-permit`).
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Ordinary => "ordinary",
            Regime::Scia => "scia",
            Regime::SciaBuilding => "scia-building",
            Regime::BuildingPermit => "building-permit",
        }
    }

    /// Reads a regime by its name (case-insensitive, `_` for `-`); `None` if unknown.
    pub fn parse(s: &str) -> Option<Regime> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Regime::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the practice is a SCIA (ordinary or building), whose clock is the checks' term.
    pub fn is_scia(self) -> bool {
        matches!(self, Regime::Scia | Regime::SciaBuilding)
    }
}

impl std::fmt::Display for Regime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A period from a day to another (`to` is `None` while it is still open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The first day.
    pub from: NaiveDate,
    /// The last day, or `None` while the period is open.
    pub to: Option<NaiveDate>,
}

/// What the clock is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockInput {
    /// The legal clock the practice runs on.
    pub regime: Regime,
    /// The procedure's own term in days (ordinary regime only).
    pub term_days: Option<u32>,
    /// The day the application was received.
    pub received: NaiveDate,
    /// Requests for integration: `from` the request, `to` the day the documents arrived.
    /// Ordinary regime: a suspension (art. 2 c. 7); building permit: an interruption
    /// (DPR 380/2001 art. 20 c. 5).
    pub suspensions: Vec<Span>,
    /// Notices of the reasons for refusal (art. 10-bis): `from` the day the applicant received
    /// it, `to` the day their observations arrived.
    pub refusal_notices: Vec<Span>,
    /// Building permit: the day the proposal was made (art. 20 c. 3).
    pub proposal: Option<NaiveDate>,
}

impl ClockInput {
    /// A clock from the day the application was received, with no term, suspensions, notices or
    /// proposal.
    pub fn new(regime: Regime, received: NaiveDate) -> ClockInput {
        ClockInput {
            regime,
            term_days: None,
            received,
            suspensions: Vec::new(),
            refusal_notices: Vec::new(),
            proposal: None,
        }
    }
}

/// The default term when the procedure sets none: L. 241/1990 art. 2 c. 2.
pub const DEFAULT_TERM_DAYS: u32 = 30;
/// At most one suspension, of at most 30 days: L. 241/1990 art. 2 c. 7.
pub const MAX_SUSPENSION_DAYS: u32 = 30;
/// SCIA checks: L. 241/1990 art. 19 c. 3.
pub const SCIA_DAYS: u32 = 60;
/// Building SCIA checks: L. 241/1990 art. 19 c. 6-bis.
pub const SCIA_BUILDING_DAYS: u32 = 30;
/// Building permit: the proposal within 60 days (DPR 380/2001 art. 20 c. 3) …
pub const PERMIT_PROPOSAL_DAYS: u32 = 60;
/// … an interruption only within 30 days of the application (art. 20 c. 5) …
pub const PERMIT_INTERRUPTION_WINDOW_DAYS: u32 = 30;
/// … and the decision within 30 days of the proposal (art. 20 c. 6).
pub const PERMIT_DECISION_DAYS: u32 = 30;
/// Art. 10-bis: 10 days for the observations; the clock restarts 10 days after they arrive.
pub const OBSERVATION_DAYS: u32 = 10;
/// Longest term accepted (the longest terms in law are far shorter).
pub const MAX_TERM_DAYS: u32 = 3650;

/// One rule of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The application was received: terms run from the next day.
    Received,
    /// The procedure's own term from the catalog.
    TermProcedure,
    /// No term set: the default 30 days.
    TermDefault,
    /// SCIA: 60 days for the checks.
    TermScia,
    /// Building SCIA: 30 days for the checks.
    TermSciaBuilding,
    /// Building permit: an interruption within 30 days restarts the term from the integrating
    /// documents.
    PermitInterruption,
    /// Building permit: an interruption asked after the first 30 days, which does not restart the
    /// term.
    PermitInterruptionLate,
    /// Building permit: a second interruption, which does not restart the term.
    PermitInterruptionRepeated,
    /// Building permit: the proposal of decision is due.
    PermitProposal,
    /// Building permit: the decision is due 30 days after the proposal.
    PermitDecision,
    /// A suspension for integration adds its days.
    Suspension,
    /// A suspension longer than 30 days counts as 30.
    SuspensionCapped,
    /// A suspension still open, counted as if it ended on the "as of" day.
    SuspensionOpen,
    /// A second suspension, which does not count (once only).
    SuspensionRepeated,
    /// An art. 10-bis notice suspends the term until 10 days after the observations.
    RefusalNotice,
    /// An art. 10-bis notice with no observations: the term restarts when their 10 days end.
    RefusalNoticeNoObservations,
    /// An art. 10-bis notice still awaiting observations on the "as of" day.
    RefusalNoticePending,
    /// An art. 10-bis notice whose observations arrived after their 10 days.
    RefusalNoticeLateObservations,
    /// A suspension or notice on a SCIA, which does not stop the checks' term.
    NotApplicableScia,
    /// A suspension or notice after the term had already expired, which does not move it.
    AfterExpiry,
    /// The last day fell on a day off and moves to the next working day.
    LastDayMoved,
    /// The resulting due date.
    Due,
}

impl Rule {
    /// The rule's stable code (kebab-case), for messages and translations.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Received => "received",
            Rule::TermProcedure => "term-procedure",
            Rule::TermDefault => "term-default",
            Rule::TermScia => "term-scia",
            Rule::TermSciaBuilding => "term-scia-building",
            Rule::PermitInterruption => "permit-interruption",
            Rule::PermitInterruptionLate => "permit-interruption-late",
            Rule::PermitInterruptionRepeated => "permit-interruption-repeated",
            Rule::PermitProposal => "permit-proposal",
            Rule::PermitDecision => "permit-decision",
            Rule::Suspension => "suspension",
            Rule::SuspensionCapped => "suspension-capped",
            Rule::SuspensionOpen => "suspension-open",
            Rule::SuspensionRepeated => "suspension-repeated",
            Rule::RefusalNotice => "refusal-notice",
            Rule::RefusalNoticeNoObservations => "refusal-notice-no-observations",
            Rule::RefusalNoticePending => "refusal-notice-pending",
            Rule::RefusalNoticeLateObservations => "refusal-notice-late-observations",
            Rule::NotApplicableScia => "not-applicable-scia",
            Rule::AfterExpiry => "after-expiry",
            Rule::LastDayMoved => "last-day-moved",
            Rule::Due => "due",
        }
    }

    /// The legal reference of the rule.
    pub fn reference(self) -> &'static str {
        match self {
            // Terms run from the receipt of the application (L. 241/1990 art. 2 c. 6); the
            // first day is not counted (art. 2963 c. 2 c.c., art. 155 c. 1 c.p.c.).
            Rule::Received => "L. 241/1990 art. 2 c. 6; c.c. art. 2963 c. 2",
            // A term set for the procedure by law or regulation (L. 241/1990 art. 2 c. 3-5),
            // published in the catalog (D.Lgs 33/2013 art. 35).
            Rule::TermProcedure => "L. 241/1990 art. 2 c. 3-5",
            Rule::TermDefault => "L. 241/1990 art. 2 c. 2",
            Rule::TermScia => "L. 241/1990 art. 19 c. 3",
            Rule::TermSciaBuilding => "L. 241/1990 art. 19 c. 6-bis",
            // The term restarts in full from the integrating documents, once, and only when
            // they are asked for within 30 days of the application.
            Rule::PermitInterruption
            | Rule::PermitInterruptionLate
            | Rule::PermitInterruptionRepeated => "DPR 380/2001 art. 20 c. 5",
            Rule::PermitProposal => "DPR 380/2001 art. 20 c. 3",
            Rule::PermitDecision => "DPR 380/2001 art. 20 c. 6",
            // Once only, for at most 30 days.
            Rule::Suspension
            | Rule::SuspensionCapped
            | Rule::SuspensionOpen
            | Rule::SuspensionRepeated => "L. 241/1990 art. 2 c. 7",
            // As amended by DL 76/2020 (L. 120/2020): the notice suspends (no longer
            // interrupts) the term, which restarts 10 days after the observations arrive or,
            // without them, when the 10 days for them end.
            Rule::RefusalNotice
            | Rule::RefusalNoticeNoObservations
            | Rule::RefusalNoticePending
            | Rule::RefusalNoticeLateObservations => "L. 241/1990 art. 10-bis (DL 76/2020)",
            // A SCIA is not an application awaiting a decision: art. 2 c. 7 and art. 10-bis do
            // not stop the 60 (30) days of the checks.
            Rule::NotApplicableScia => "L. 241/1990 art. 19",
            Rule::AfterExpiry => "L. 241/1990 art. 2",
            Rule::LastDayMoved => "c.c. art. 2963 c. 3; c.p.c. art. 155 c. 4",
            Rule::Due => "L. 241/1990 art. 2",
        }
    }
}

/// One step of the chain: the rule, the date it gives, and the numbers it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineStep {
    /// The rule applied.
    pub rule: Rule,
    /// The date it gives.
    pub date: NaiveDate,
    /// The day the rule counts from (the receipt, a pause's start, the proposal), when it counts
    /// days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// The days counted or added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// For a moved last day: why the day was not a working day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_off: Option<DayOff>,
    /// The rule's legal reference.
    pub reference: &'static str,
}

impl DeadlineStep {
    fn new(rule: Rule, date: NaiveDate) -> DeadlineStep {
        DeadlineStep {
            rule,
            date,
            from: None,
            days: None,
            day_off: None,
            reference: rule.reference(),
        }
    }

    fn from(mut self, from: NaiveDate) -> DeadlineStep {
        self.from = Some(from);
        self
    }

    fn days(mut self, days: i64) -> DeadlineStep {
        self.days = Some(days);
        self
    }
}

/// The deadline fields of the AgID SUAP instance descriptor (`times-schema.yaml`) this clock
/// fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuapTimes {
    /// The day the procedure started (the receipt of the application).
    pub start: NaiveDate,
    /// The due date to conclude.
    pub end: NaiveDate,
    /// The last day to answer the first request for integration (30 days from it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_integration_response: Option<NaiveDate>,
}

/// The computed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The clock the deadline was computed on.
    pub regime: Regime,
    /// The day the application was received.
    pub received: NaiveDate,
    /// The last day for the comune to conclude.
    pub due: NaiveDate,
    /// A suspension or interruption is still open on the "as of" day.
    pub suspended: bool,
    /// The rules that give the due date, in order.
    pub chain: Vec<DeadlineStep>,
    /// The same dates as the SUAP descriptor's `times` fields.
    pub times: SuapTimes,
}

/// Why the dates given cannot make a clock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// A period ends before it starts.
    #[error("the period {from}..{to} ends before it starts")]
    SpanReversed {
        /// Its first day.
        from: NaiveDate,
        /// Its last day.
        to: NaiveDate,
    },
    /// A date is before the application was received.
    #[error("{date} is before the application was received ({received})")]
    BeforeReceipt {
        /// The date given.
        date: NaiveDate,
        /// The day the application was received.
        received: NaiveDate,
    },
    /// The procedure's term is 0 or longer than allowed.
    #[error("a term of {days} days is not accepted (1 to {max})")]
    TermDays {
        /// The term given, in days.
        days: u32,
        /// The longest term accepted, in days.
        max: u32,
    },
}

fn add(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

fn between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// A period during which the clock stands still.
#[derive(Debug, Clone)]
struct Pause {
    from: NaiveDate,
    restart: NaiveDate,
    rule: Rule,
}

/// Adds the pauses that start on or before the running last day; returns those that start
/// after it. `covered` is the last day already covered by a pause (overlaps count once).
fn apply_pauses(
    mut end: NaiveDate,
    pauses: Vec<Pause>,
    covered: &mut Option<NaiveDate>,
    chain: &mut Vec<DeadlineStep>,
) -> (NaiveDate, Vec<Pause>) {
    let mut left = Vec::new();
    for p in pauses {
        if p.from > end {
            left.push(p);
            continue;
        }
        let start = match *covered {
            Some(c) if c > p.from => c,
            _ => p.from,
        };
        let extra = between(start, p.restart).max(0);
        end = add(end, extra);
        *covered = Some(covered.map_or(p.restart, |c| c.max(p.restart)));
        chain.push(
            DeadlineStep::new(p.rule, p.restart)
                .from(p.from)
                .days(extra),
        );
    }
    (end, left)
}

fn moved_steps(cal: &Calendar, end: NaiveDate, chain: &mut Vec<DeadlineStep>) -> NaiveDate {
    let (day, skipped) = cal.last_day(end);
    for (d, why) in skipped {
        let mut s = DeadlineStep::new(Rule::LastDayMoved, d);
        s.day_off = Some(why);
        chain.push(s);
    }
    day
}

fn check_span(s: &Span, received: NaiveDate) -> Result<(), DeadlineError> {
    if s.from < received {
        return Err(DeadlineError::BeforeReceipt {
            date: s.from,
            received,
        });
    }
    if let Some(to) = s.to
        && to < s.from
    {
        return Err(DeadlineError::SpanReversed { from: s.from, to });
    }
    Ok(())
}

/// The pauses of the ordinary regime: the first request for integration (art. 2 c. 7) and
/// every notice of refusal (art. 10-bis), in date order. Later requests are noted, not counted.
fn ordinary_pauses(
    input: &ClockInput,
    cal: &Calendar,
    as_of: NaiveDate,
    chain: &mut Vec<DeadlineStep>,
    suspended: &mut bool,
) -> Vec<Pause> {
    let mut pauses = Vec::new();
    let mut suspensions = input.suspensions.clone();
    suspensions.sort_by_key(|s| s.from);
    for (i, s) in suspensions.iter().enumerate() {
        if i > 0 {
            // "per una sola volta": a second request does not stop the clock.
            chain.push(DeadlineStep::new(Rule::SuspensionRepeated, s.from));
            continue;
        }
        let (to, open) = match s.to {
            Some(to) => (to, false),
            None => (as_of.max(s.from), true),
        };
        let asked = between(s.from, to);
        let counted = asked.min(i64::from(MAX_SUSPENSION_DAYS));
        let rule = if open && asked <= i64::from(MAX_SUSPENSION_DAYS) {
            *suspended = true;
            Rule::SuspensionOpen
        } else if asked > i64::from(MAX_SUSPENSION_DAYS) {
            Rule::SuspensionCapped
        } else {
            Rule::Suspension
        };
        pauses.push(Pause {
            from: s.from,
            restart: add(s.from, counted),
            rule,
        });
    }
    pauses.extend(refusal_pauses(input, cal, as_of, suspended));
    pauses.sort_by_key(|p| p.from);
    pauses
}

/// Art. 10-bis as amended by DL 76/2020: the notice suspends the term; the applicant has 10
/// days for observations; the term restarts 10 days after they arrive or, without them, when
/// the 10 days end (moved like any last day when they end on a day off).
fn refusal_pauses(
    input: &ClockInput,
    cal: &Calendar,
    as_of: NaiveDate,
    suspended: &mut bool,
) -> Vec<Pause> {
    let obs = i64::from(OBSERVATION_DAYS);
    input
        .refusal_notices
        .iter()
        .map(|n| {
            let window_end = cal.last_day(add(n.from, obs)).0;
            let (restart, rule) = match n.to {
                Some(o) if o <= window_end => (add(o, obs), Rule::RefusalNotice),
                Some(_) => (window_end, Rule::RefusalNoticeLateObservations),
                None if as_of < window_end => {
                    *suspended = true;
                    // Observations that came today would restart the clock in 10 days.
                    (add(as_of, obs).min(window_end), Rule::RefusalNoticePending)
                }
                None => (window_end, Rule::RefusalNoticeNoObservations),
            };
            Pause {
                from: n.from,
                restart,
                rule,
            }
        })
        .collect()
}

/// Computes the deadline of `input` on `cal`, as of the day `as_of` (which only matters while a
/// suspension is open).
pub fn compute(
    input: &ClockInput,
    cal: &Calendar,
    as_of: NaiveDate,
) -> Result<Deadline, DeadlineError> {
    let received = input.received;
    for s in input.suspensions.iter().chain(&input.refusal_notices) {
        check_span(s, received)?;
    }
    if let Some(p) = input.proposal
        && p < received
    {
        return Err(DeadlineError::BeforeReceipt { date: p, received });
    }
    if let Some(days) = input.term_days
        && (days == 0 || days > MAX_TERM_DAYS)
    {
        return Err(DeadlineError::TermDays {
            days,
            max: MAX_TERM_DAYS,
        });
    }
    let mut chain = vec![DeadlineStep::new(Rule::Received, received)];
    let mut suspended = false;
    let mut covered = None;
    let end = match input.regime {
        Regime::Ordinary => {
            let (days, rule) = match input.term_days {
                Some(d) => (d, Rule::TermProcedure),
                None => (DEFAULT_TERM_DAYS, Rule::TermDefault),
            };
            let end = add(received, i64::from(days));
            chain.push(
                DeadlineStep::new(rule, end)
                    .from(received)
                    .days(i64::from(days)),
            );
            let pauses = ordinary_pauses(input, cal, as_of, &mut chain, &mut suspended);
            let (end, left) = apply_pauses(end, pauses, &mut covered, &mut chain);
            for p in left {
                chain.push(DeadlineStep::new(Rule::AfterExpiry, p.from));
            }
            end
        }
        Regime::Scia | Regime::SciaBuilding => {
            let (days, rule) = if input.regime == Regime::Scia {
                (SCIA_DAYS, Rule::TermScia)
            } else {
                (SCIA_BUILDING_DAYS, Rule::TermSciaBuilding)
            };
            let end = add(received, i64::from(days));
            chain.push(
                DeadlineStep::new(rule, end)
                    .from(received)
                    .days(i64::from(days)),
            );
            let mut ignored: Vec<NaiveDate> = input
                .suspensions
                .iter()
                .chain(&input.refusal_notices)
                .map(|s| s.from)
                .collect();
            ignored.sort();
            for d in ignored {
                chain.push(DeadlineStep::new(Rule::NotApplicableScia, d));
            }
            end
        }
        Regime::BuildingPermit => permit_end(input, cal, as_of, &mut chain, &mut suspended),
    };
    let due = moved_steps(cal, end, &mut chain);
    chain.push(DeadlineStep::new(Rule::Due, due));
    let max_integration_response = match input.regime {
        Regime::Ordinary | Regime::BuildingPermit => input
            .suspensions
            .iter()
            .map(|s| s.from)
            .min()
            .map(|from| cal.last_day(add(from, i64::from(MAX_SUSPENSION_DAYS))).0),
        _ => None,
    };
    Ok(Deadline {
        regime: input.regime,
        received,
        due,
        suspended,
        chain,
        times: SuapTimes {
            start: received,
            end: due,
            max_integration_response,
        },
    })
}

/// DPR 380/2001 art. 20: the proposal within 60 days of the application (c. 3), restarting in
/// full from the integrating documents when they were asked for within 30 days (c. 5); the
/// decision within 30 days of the proposal (c. 6). Art. 10-bis notices suspend either phase.
fn permit_end(
    input: &ClockInput,
    cal: &Calendar,
    as_of: NaiveDate,
    chain: &mut Vec<DeadlineStep>,
    suspended: &mut bool,
) -> NaiveDate {
    let received = input.received;
    let mut start = received;
    let window = add(received, i64::from(PERMIT_INTERRUPTION_WINDOW_DAYS));
    let mut interrupted = false;
    let mut requests = input.suspensions.clone();
    requests.sort_by_key(|s| s.from);
    for s in &requests {
        if interrupted {
            chain.push(DeadlineStep::new(Rule::PermitInterruptionRepeated, s.from));
        } else if s.from > window {
            chain.push(DeadlineStep::new(Rule::PermitInterruptionLate, s.from));
        } else {
            interrupted = true;
            let restart = match s.to {
                Some(to) => to,
                None => {
                    *suspended = true;
                    as_of.max(s.from)
                }
            };
            chain.push(DeadlineStep::new(Rule::PermitInterruption, restart).from(s.from));
            start = restart;
        }
    }
    let proposal_end = add(start, i64::from(PERMIT_PROPOSAL_DAYS));
    chain.push(
        DeadlineStep::new(Rule::PermitProposal, proposal_end)
            .from(start)
            .days(i64::from(PERMIT_PROPOSAL_DAYS)),
    );
    let mut pauses = refusal_pauses(input, cal, as_of, suspended);
    pauses.sort_by_key(|p| p.from);
    let mut covered = None;
    let (proposal_end, left) = apply_pauses(proposal_end, pauses, &mut covered, chain);
    let proposal_due = moved_steps(cal, proposal_end, chain);
    // An earlier proposal starts the decision's 30 days earlier; a late one does not give the
    // comune more time.
    let decision_from = input.proposal.map_or(proposal_due, |p| p.min(proposal_due));
    let decision_end = add(decision_from, i64::from(PERMIT_DECISION_DAYS));
    chain.push(
        DeadlineStep::new(Rule::PermitDecision, decision_end)
            .from(decision_from)
            .days(i64::from(PERMIT_DECISION_DAYS)),
    );
    let (end, left) = apply_pauses(decision_end, left, &mut covered, chain);
    for p in left {
        chain.push(DeadlineStep::new(Rule::AfterExpiry, p.from));
    }
    end
}

/// Where a practice's clock stands on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum ClockStatus {
    /// Running: `days_left` until the due date (0 on the due date itself).
    Running {
        /// Days until the due date (0 on the due date itself).
        days_left: i64,
    },
    /// Suspended (integration, art. 10-bis, permit interruption).
    Suspended,
    /// The due date has passed: L. 241/1990 art. 2 c. 9-bis gives the applicant the official
    /// with the substitute power, who must conclude within half the original term (c. 9-ter).
    Overdue {
        /// Days since the due date.
        days_late: i64,
        /// The days the substitute official has to conclude (half the original term).
        substitute_term_days: i64,
    },
    /// Concluded on `on`; `late` when after the due date.
    Concluded {
        /// The day the practice ended.
        on: NaiveDate,
        /// Whether it ended after the due date.
        late: bool,
    },
}

/// The status of `deadline` on `today`; `concluded` is the day the practice ended, if it did.
pub fn status(
    deadline: &Deadline,
    today: NaiveDate,
    concluded: Option<NaiveDate>,
    term_days: i64,
) -> ClockStatus {
    if let Some(on) = concluded {
        return ClockStatus::Concluded {
            on,
            late: on > deadline.due,
        };
    }
    if deadline.suspended {
        return ClockStatus::Suspended;
    }
    let left = between(today, deadline.due);
    if left >= 0 {
        ClockStatus::Running { days_left: left }
    } else {
        ClockStatus::Overdue {
            days_late: -left,
            // Art. 2 c. 9-ter: "entro un termine pari alla metà di quello originariamente
            // previsto" (rounded up, a day is not split).
            substitute_term_days: (term_days + 1) / 2,
        }
    }
}

/// The term in days the regime gives (for the substitute's half term).
pub fn term_days(regime: Regime, procedure_days: Option<u32>) -> i64 {
    i64::from(match regime {
        Regime::Ordinary => procedure_days.unwrap_or(DEFAULT_TERM_DAYS),
        Regime::Scia => SCIA_DAYS,
        Regime::SciaBuilding => SCIA_BUILDING_DAYS,
        Regime::BuildingPermit => PERMIT_PROPOSAL_DAYS + PERMIT_DECISION_DAYS,
    })
}
