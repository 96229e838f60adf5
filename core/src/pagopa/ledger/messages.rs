//! The Fluent messages of the ledger ([`Localize`] implementations); the ids live in
//! `locales/*/pagopa-ledger.ftl`.

use crate::i18n::{Arg, Localize};
use crate::pagopa::RptId;

use super::error::LedgerError;
use super::states::{AttemptState, NoticeOutcome, Reason, ReturnHint};

type Message = (String, Vec<(&'static str, Arg)>);

fn notice_args(rpt_id: &RptId) -> Vec<(&'static str, Arg)> {
    vec![
        ("notice", rpt_id.notice_number.grouped().into()),
        ("creditor", rpt_id.creditor.as_str().into()),
    ]
}

impl Localize for AttemptState {
    fn message(&self) -> Message {
        ("ledger-state".into(), vec![("state", self.code().into())])
    }
}

impl Localize for Reason {
    fn message(&self) -> Message {
        ("ledger-reason".into(), vec![("reason", self.code().into())])
    }
}

impl Localize for NoticeOutcome {
    fn message(&self) -> Message {
        (
            "ledger-outcome".into(),
            vec![("outcome", self.code().into())],
        )
    }
}

impl Localize for ReturnHint {
    fn message(&self) -> Message {
        ("ledger-hint".into(), vec![("hint", self.code().into())])
    }
}

impl Localize for LedgerError {
    fn message(&self) -> Message {
        match self {
            LedgerError::NoticeCount { count } => (
                "ledger-error-notice-count".into(),
                vec![("count", (*count).into()), ("max", super::MAX_CART.into())],
            ),
            LedgerError::DuplicateNotice { rpt_id } => {
                ("ledger-error-duplicate-notice".into(), notice_args(rpt_id))
            }
            LedgerError::AlreadyPaid { rpt_id, .. } => {
                ("ledger-error-already-paid".into(), notice_args(rpt_id))
            }
            LedgerError::InProgress {
                rpt_id,
                attempt,
                checkout_url,
                ..
            } => {
                let mut args = notice_args(rpt_id);
                args.push(("attempt", attempt.0.into()));
                match checkout_url {
                    Some(url) => {
                        args.push(("url", url.as_str().into()));
                        ("ledger-error-in-progress-continue".into(), args)
                    }
                    None => ("ledger-error-in-progress".into(), args),
                }
            }
            LedgerError::NotPayable {
                rpt_id, outcome, ..
            } => {
                let mut args = notice_args(rpt_id);
                args.push(("outcome", outcome.code().into()));
                ("ledger-error-not-payable".into(), args)
            }
            LedgerError::NoAnswer {
                rpt_id,
                attempt,
                error,
            } => {
                let mut args = notice_args(rpt_id);
                args.push(("attempt", attempt.0.into()));
                args.push(("detail", error.to_string().into()));
                ("ledger-error-no-answer".into(), args)
            }
            LedgerError::Refused {
                rpt_id,
                attempt,
                error,
            } => {
                let mut args = notice_args(rpt_id);
                args.push(("attempt", attempt.0.into()));
                args.push(("detail", error.to_string().into()));
                ("ledger-error-refused".into(), args)
            }
            LedgerError::NoSuchAttempt { id } => (
                "ledger-error-no-such-attempt".into(),
                vec![("attempt", id.0.into())],
            ),
            LedgerError::WrongState { id, state, action } => (
                "ledger-error-wrong-state".into(),
                vec![
                    ("attempt", id.0.into()),
                    ("state", state.code().into()),
                    ("action", (*action).into()),
                ],
            ),
            LedgerError::Busy { rpt_id } => ("ledger-error-busy".into(), notice_args(rpt_id)),
            LedgerError::Unanswered { rpt_id, error } => {
                let mut args = notice_args(rpt_id);
                args.push(("detail", error.to_string().into()));
                ("ledger-error-unanswered".into(), args)
            }
            LedgerError::Concurrent { id } => (
                "ledger-error-concurrent".into(),
                vec![("attempt", id.0.into())],
            ),
            LedgerError::Store(e) => (
                "ledger-error-database".into(),
                vec![("detail", e.to_string().into())],
            ),
            LedgerError::Db { context, source } => (
                "ledger-error-database".into(),
                vec![("detail", format!("{context}: {source}").into())],
            ),
            LedgerError::Corrupt { what, value } => (
                "ledger-error-database".into(),
                vec![("detail", format!("{what}: {value:?}").into())],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;
    use crate::pagopa::ledger::AttemptId;
    use crate::pagopa::platform::PlatformError;

    #[test]
    fn every_state_reason_outcome_and_refusal_has_words_in_both_languages() {
        let rpt = RptId::parse("00085240950300715700000000032").unwrap();
        let url = url::Url::parse("https://checkout.example/c/1").unwrap();
        let errors = vec![
            LedgerError::NoticeCount { count: 6 },
            LedgerError::DuplicateNotice { rpt_id: rpt },
            LedgerError::AlreadyPaid {
                rpt_id: rpt,
                recorded_at: crate::time::Instant::from_ms(0),
            },
            LedgerError::InProgress {
                rpt_id: rpt,
                attempt: AttemptId(3),
                checkout_url: Some(Box::new(url)),
                session_until: Some(crate::time::Instant::from_ms(1)),
            },
            LedgerError::InProgress {
                rpt_id: rpt,
                attempt: AttemptId(3),
                checkout_url: None,
                session_until: None,
            },
            LedgerError::NoAnswer {
                rpt_id: rpt,
                attempt: AttemptId(3),
                error: PlatformError::Timeout,
            },
            LedgerError::Refused {
                rpt_id: rpt,
                attempt: AttemptId(3),
                error: PlatformError::Unauthorized,
            },
            LedgerError::NoSuchAttempt { id: AttemptId(9) },
            LedgerError::WrongState {
                id: AttemptId(9),
                state: AttemptState::Paid,
                action: "checkout",
            },
            LedgerError::Concurrent { id: AttemptId(9) },
            LedgerError::Busy { rpt_id: rpt },
            LedgerError::Unanswered {
                rpt_id: rpt,
                error: PlatformError::Timeout,
            },
            LedgerError::Corrupt {
                what: "state",
                value: "x".into(),
            },
        ];
        let mut all: Vec<Box<dyn Localize>> = Vec::new();
        for e in errors {
            all.push(Box::new(e));
        }
        for o in NoticeOutcome::ALL {
            all.push(Box::new(LedgerError::NotPayable {
                rpt_id: rpt,
                outcome: o,
                attempt: AttemptId(1),
            }));
            all.push(Box::new(o));
        }
        for s in AttemptState::ALL {
            all.push(Box::new(s));
        }
        for r in Reason::ALL {
            all.push(Box::new(r));
        }
        for h in ReturnHint::ALL {
            all.push(Box::new(h));
        }
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            let mut seen = std::collections::HashSet::new();
            for m in &all {
                let (id, _) = m.message();
                assert!(i18n.has(&id), "{lang}: {id}");
                let text = i18n.localize(m.as_ref());
                assert!(
                    !text.contains('{') && !text.contains("ledger-") && !text.is_empty(),
                    "{lang}: {text}"
                );
                // Each state, reason, outcome and refusal reads differently.
                assert!(seen.insert(text.clone()), "{lang}: said twice: {text}");
            }
        }
        let en = I18n::new("en");
        let text = en.localize(&LedgerError::AlreadyPaid {
            rpt_id: rpt,
            recorded_at: crate::time::Instant::from_ms(0),
        });
        assert!(text.contains("3007 1570 0000 0000 32"), "{text}");
    }
}
