//! The Fluent messages of the practices module (`locales/*/practices.ftl`): errors, the steps
//! of a deadline's rule chain, clock statuses.

use crate::i18n::{Arg, I18n, Localize};

use super::catalog::CatalogError;
use super::deadline::{ClockStatus, DeadlineError, DeadlineStep};
use super::feed::FeedError;
use super::patrons::PatronError;
use super::practice::PracticeError;
use super::states::TransitionError;

type Message = (String, Vec<(&'static str, Arg)>);

fn msg(id: &str, args: Vec<(&'static str, Arg)>) -> Message {
    (id.to_string(), args)
}

fn path_arg(p: &std::path::Path) -> Arg {
    Arg::Str(p.display().to_string())
}

impl Localize for CatalogError {
    fn message(&self) -> Message {
        match self {
            CatalogError::Read { path, source } => msg(
                "practices-error-catalog-read",
                vec![
                    ("path", path_arg(path)),
                    ("detail", source.to_string().into()),
                ],
            ),
            CatalogError::UnknownFormat { path } => msg(
                "practices-error-catalog-format",
                vec![("path", path_arg(path))],
            ),
            CatalogError::Json {
                path,
                line,
                column,
                detail,
            } => msg(
                "practices-error-catalog-json",
                vec![
                    ("path", path_arg(path)),
                    ("line", (*line).into()),
                    ("column", (*column).into()),
                    ("detail", detail.into()),
                ],
            ),
            CatalogError::Csv {
                path,
                record,
                detail,
            } => msg(
                "practices-error-catalog-csv",
                vec![
                    ("path", path_arg(path)),
                    ("record", (*record).into()),
                    ("detail", detail.into()),
                ],
            ),
            CatalogError::MissingColumn { path, column } => msg(
                "practices-error-catalog-column",
                vec![("path", path_arg(path)), ("column", (*column).into())],
            ),
            CatalogError::Field {
                path,
                record,
                field,
                value,
                reason,
            } => msg(
                "practices-error-catalog-field",
                vec![
                    ("path", path_arg(path)),
                    ("record", (*record).into()),
                    ("field", (*field).into()),
                    ("value", value.into()),
                    ("reason", reason.code().into()),
                ],
            ),
            CatalogError::Duplicate {
                path,
                record,
                first,
                id,
            } => msg(
                "practices-error-catalog-duplicate",
                vec![
                    ("path", path_arg(path)),
                    ("record", (*record).into()),
                    ("first", (*first).into()),
                    ("id", id.into()),
                ],
            ),
            CatalogError::EmptyQuery => msg("practices-error-empty-query", vec![]),
            CatalogError::QueryTooLong { len, max } => msg(
                "practices-error-query-too-long",
                vec![("len", (*len).into()), ("max", (*max).into())],
            ),
            CatalogError::NotFound { id } => msg(
                "practices-error-procedure-not-found",
                vec![("id", id.into())],
            ),
            CatalogError::Db(e) => {
                msg("practices-error-db", vec![("detail", e.to_string().into())])
            }
            CatalogError::Corrupt(d) => msg("practices-error-db", vec![("detail", d.into())]),
        }
    }
}

impl Localize for TransitionError {
    fn message(&self) -> Message {
        match self {
            TransitionError::NotAllowed { from, to } => msg(
                "practices-error-transition",
                vec![("from", from.as_str().into()), ("to", to.as_str().into())],
            ),
            TransitionError::NotInDomain { domain, to } => msg(
                "practices-error-transition-domain",
                vec![
                    ("domain", domain.as_str().into()),
                    ("to", to.as_str().into()),
                ],
            ),
            TransitionError::SciaOnly { to, regime } => msg(
                "practices-error-transition-scia-only",
                vec![
                    ("to", to.as_str().into()),
                    ("regime", regime.as_str().into()),
                ],
            ),
            TransitionError::IntegrationTwice => {
                msg("practices-error-transition-integration-twice", vec![])
            }
            TransitionError::Closed { state } => msg(
                "practices-error-transition-closed",
                vec![("state", state.as_str().into())],
            ),
            TransitionError::Precondition { kind, .. } => msg(
                "practices-error-transition-precondition",
                vec![("kind", (*kind).into())],
            ),
        }
    }
}

impl Localize for DeadlineError {
    fn message(&self) -> Message {
        match self {
            DeadlineError::SpanReversed { from, to } => msg(
                "practices-error-span-reversed",
                vec![
                    ("from", from.to_string().into()),
                    ("to", to.to_string().into()),
                ],
            ),
            DeadlineError::BeforeReceipt { date, received } => msg(
                "practices-error-before-receipt",
                vec![
                    ("date", date.to_string().into()),
                    ("received", received.to_string().into()),
                ],
            ),
            DeadlineError::TermDays { days, max } => msg(
                "practices-error-term-days",
                vec![
                    ("days", u64::from(*days).into()),
                    ("max", u64::from(*max).into()),
                ],
            ),
        }
    }
}

impl Localize for FeedError {
    fn message(&self) -> Message {
        match self {
            FeedError::BadCursor { value } => {
                msg("practices-error-cursor", vec![("value", value.into())])
            }
            FeedError::Db(e) => msg("practices-error-db", vec![("detail", e.to_string().into())]),
        }
    }
}

impl Localize for PatronError {
    fn message(&self) -> Message {
        match self {
            PatronError::Read { path, source } => msg(
                "practices-error-patrons-read",
                vec![
                    ("path", path_arg(path)),
                    ("detail", source.to_string().into()),
                ],
            ),
            PatronError::Csv {
                source_name,
                record,
                detail,
            } => msg(
                "practices-error-patrons-csv",
                vec![
                    ("path", source_name.into()),
                    ("record", (*record).into()),
                    ("detail", detail.into()),
                ],
            ),
            PatronError::MissingColumn {
                source_name,
                column,
            } => msg(
                "practices-error-patrons-column",
                vec![("path", source_name.into()), ("column", (*column).into())],
            ),
            PatronError::Field {
                source_name,
                record,
                field,
                value,
            } => msg(
                "practices-error-patrons-field",
                vec![
                    ("path", source_name.into()),
                    ("record", (*record).into()),
                    ("field", (*field).into()),
                    ("value", value.into()),
                ],
            ),
            PatronError::Db(e) => msg("practices-error-db", vec![("detail", e.to_string().into())]),
        }
    }
}

impl Localize for PracticeError {
    fn message(&self) -> Message {
        match self {
            PracticeError::NotFound { id } => {
                msg("practices-error-not-found", vec![("id", id.into())])
            }
            PracticeError::Exists { id } => msg("practices-error-exists", vec![("id", id.into())]),
            PracticeError::Transition { .. }
            | PracticeError::Clock { .. }
            | PracticeError::Feed(_) => {
                // Composed in render().
                msg(
                    "practices-error-db",
                    vec![("detail", self.to_string().into())],
                )
            }
            PracticeError::TimeBackwards { id, at, last } => msg(
                "practices-error-time-backwards",
                vec![("id", id.into()), ("at", at.into()), ("last", last.into())],
            ),
            PracticeError::Field {
                field,
                value,
                reason,
            } => msg(
                "practices-error-field",
                vec![
                    ("field", (*field).into()),
                    ("value", value.into()),
                    ("reason", (*reason).into()),
                ],
            ),
            PracticeError::Db(e) => {
                msg("practices-error-db", vec![("detail", e.to_string().into())])
            }
            PracticeError::Corrupt(d) => msg("practices-error-db", vec![("detail", d.into())]),
        }
    }

    fn render(&self, i18n: &I18n) -> String {
        match self {
            PracticeError::Transition { id, kind, source } => i18n.tr_args(
                "practices-error-refused",
                &[
                    ("id", id.into()),
                    ("kind", (*kind).into()),
                    ("reason", i18n.localize(source).into()),
                ],
            ),
            PracticeError::Clock { id, source } => i18n.tr_args(
                "practices-error-clock",
                &[("id", id.into()), ("reason", i18n.localize(source).into())],
            ),
            PracticeError::Feed(e) => i18n.localize(e),
            _ => {
                let (id, args) = self.message();
                i18n.tr_args(&id, &args)
            }
        }
    }
}

/// One step of a rule chain in words (the legal reference is printed beside it by the fronts).
pub fn step_text(i18n: &I18n, s: &DeadlineStep) -> String {
    let mut args: Vec<(&str, Arg)> = vec![("date", s.date.to_string().into())];
    if let Some(f) = s.from {
        args.push(("from", f.to_string().into()));
    }
    if let Some(d) = s.days {
        args.push(("days", d.into()));
    }
    if let Some(why) = &s.day_off {
        args.push(("why", why.code().into()));
        if let super::calendar::DayOff::Patron { saint } = why {
            args.push(("saint", saint.into()));
        }
    }
    i18n.tr_args(&format!("practices-rule-{}", s.rule.code()), &args)
}

/// A clock status in words.
pub fn status_text(i18n: &I18n, s: &ClockStatus) -> String {
    match s {
        ClockStatus::Running { days_left } => {
            i18n.tr_args("practices-status-running", &[("days", (*days_left).into())])
        }
        ClockStatus::Suspended => i18n.tr("practices-status-suspended"),
        ClockStatus::Overdue {
            days_late,
            substitute_term_days,
        } => i18n.tr_args(
            "practices-status-overdue",
            &[
                ("days", (*days_late).into()),
                ("half", (*substitute_term_days).into()),
            ],
        ),
        ClockStatus::Concluded { on, late } => i18n.tr_args(
            if *late {
                "practices-status-concluded-late"
            } else {
                "practices-status-concluded"
            },
            &[("date", on.to_string().into())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practices::calendar::Calendar;
    use crate::practices::deadline::{ClockInput, Regime, compute};
    use crate::practices::states::{Domain, Machine, PracticeEventKind, State};

    #[test]
    fn errors_and_rule_chains_read_well_in_italian_and_english() {
        let e = Machine::new(Domain::Registry, Regime::Ordinary)
            .check(PracticeEventKind::To(State::Integrated))
            .unwrap_err();
        let it = I18n::new("it").localize(&e);
        let en = I18n::new("en").localize(&e);
        assert!(it.contains("non può passare a integrated"), "{it}");
        assert!(en.contains("cannot go to integrated"), "{en}");
        let pe = PracticeError::Transition {
            id: "P-1".into(),
            kind: "integrated",
            source: e,
        };
        assert!(I18n::new("it").localize(&pe).starts_with("Pratica P-1"));
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap_or_default();
        let dl = compute(
            &ClockInput::new(Regime::Ordinary, d),
            &Calendar::national(),
            d,
        )
        .unwrap();
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            for s in &dl.chain {
                let text = step_text(&i18n, s);
                assert!(!text.starts_with("practices-rule-"), "{lang}: {text}");
                assert!(text.contains(&s.date.to_string()), "{lang}: {text}");
            }
        }
        let moved = dl.chain.iter().find(|s| s.day_off.is_some()).unwrap();
        assert!(step_text(&I18n::new("it"), moved).contains("domenica"));
        assert!(step_text(&I18n::new("en"), moved).contains("Sunday"));
    }
}
