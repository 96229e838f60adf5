//! What to tell a person from their changes feed, as a phone's background poll posts it: one
//! notification per practice or invoice with its newest change, reminders (deadline near,
//! overdue) first and never hidden by a later ordinary change, at most `max` and one "more"
//! summary. Assignments to an office are the office's business, not news.

use std::collections::HashMap;

use serde::Serialize;

use super::feed::{Change, ChangeDetail, ChangeEvent, ChangeKind};
use crate::i18n::I18n;

/// The key of the "more" summary.
pub const MORE_KEY: &str = "more";

/// One notification to post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// Stable per subject (`practice:<id>`, `invoice:<id>`), so a newer change replaces the
    /// older notification; [`MORE_KEY`] for the summary.
    pub key: String,
    /// The practice's or invoice's id (empty for the summary).
    pub subject_id: String,
    /// The change's kind (`practice`, `reminder`, `invoice`; `more` for the summary).
    pub kind: String,
    /// The change's event code (empty for the summary).
    pub event: String,
    /// A reminder: posted as urgent.
    pub urgent: bool,
    /// The change's sequence number (0 for the summary).
    pub seq: i64,
    /// What it says, in the person's language.
    pub text: String,
}

/// A poll of the feed: what to post, and the cursor to keep once posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Poll {
    /// What to post (empty on the first poll).
    pub notifications: Vec<Notification>,
    /// Keep it once the notifications are posted, and give it to the next poll. Kept only
    /// after posting, a poll killed half-way notifies again rather than never.
    pub cursor: String,
    /// The first poll (no cursor given): the feed's end is taken and nothing is notified, so
    /// a fresh install is not flooded with old news.
    pub first: bool,
}

fn urgent(c: &Change) -> bool {
    matches!(c.event, ChangeEvent::DeadlineNear | ChangeEvent::Overdue)
}

fn quiet(c: &Change) -> bool {
    c.event.code() == "assigned"
}

fn key(c: &Change) -> String {
    let family = match c.kind {
        ChangeKind::Practice | ChangeKind::Reminder => "practice",
        other => other.as_str(),
    };
    format!("{family}:{}", c.subject_id)
}

/// The changes to notify, most pressing first, and how many more were left out.
pub fn pick(changes: &[Change], max: usize) -> (Vec<&Change>, usize) {
    let mut ordered: Vec<&Change> = changes.iter().collect();
    ordered.sort_by_key(|c| c.seq);
    let mut newest: HashMap<String, &Change> = HashMap::new();
    for c in ordered.into_iter().filter(|c| !quiet(c)) {
        let k = key(c);
        if let Some(kept) = newest.get(&k)
            && urgent(kept)
            && !urgent(c)
        {
            continue;
        }
        newest.insert(k, c);
    }
    let mut picked: Vec<&Change> = newest.into_values().collect();
    picked.sort_by_key(|c| (!urgent(c), std::cmp::Reverse(c.seq)));
    let rest = picked.len().saturating_sub(max);
    picked.truncate(max);
    (picked, rest)
}

/// What to post for `changes`: [`pick`]ed and put in words.
pub fn notifications(i18n: &I18n, changes: &[Change], max: usize) -> Vec<Notification> {
    let (picked, rest) = pick(changes, max);
    let mut out: Vec<Notification> = picked
        .into_iter()
        .map(|c| Notification {
            key: key(c),
            subject_id: c.subject_id.clone(),
            kind: c.kind.as_str().to_string(),
            event: c.event.code().to_string(),
            urgent: urgent(c),
            seq: c.seq,
            text: text(i18n, c),
        })
        .collect();
    if rest > 0 {
        out.push(Notification {
            key: MORE_KEY.to_string(),
            subject_id: String::new(),
            kind: MORE_KEY.to_string(),
            event: String::new(),
            urgent: false,
            seq: 0,
            text: i18n.tr_args("practices-notify-more", &[("count", (rest as f64).into())]),
        });
    }
    out
}

fn text(i18n: &I18n, c: &Change) -> String {
    let id = ("id", c.subject_id.as_str().into());
    match (&c.event, &c.detail) {
        (ChangeEvent::DeadlineNear | ChangeEvent::Overdue, ChangeDetail::Reminder(r)) => i18n
            .tr_args(
                "practices-notify-reminder",
                &[
                    id,
                    ("event", c.event.code().into()),
                    ("date", r.due.to_string().as_str().into()),
                ],
            ),
        #[cfg(feature = "invoices")]
        (ChangeEvent::Invoice(_), detail) => {
            let number = match detail {
                ChangeDetail::Invoice(i) => i.number.clone(),
                _ => c.subject_id.clone(),
            };
            let what = i18n.tr_args("invoices-event-name", &[("event", c.event.code().into())]);
            i18n.tr_args(
                "practices-notify-invoice",
                &[
                    ("number", number.as_str().into()),
                    ("what", what.as_str().into()),
                ],
            )
        }
        _ => i18n.tr_args(
            "practices-notify-changed",
            &[id, ("event", c.event.code().into())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practices::feed::{PracticeChange, ReminderChange};
    use crate::time::Instant;

    fn change(seq: i64, kind: ChangeKind, subject: &str, event: &str) -> Change {
        let detail = match kind {
            ChangeKind::Reminder => ChangeDetail::Reminder(ReminderChange {
                due: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
                days_left: if event == "overdue" { -2 } else { 4 },
                substitute: None,
            }),
            _ => ChangeDetail::Practice(PracticeChange {
                state: "presented".into(),
                actor: "ufficio".into(),
                note: None,
                attachments: vec![],
            }),
        };
        Change {
            seq,
            person: "RSSMRA80A01H501U".into(),
            kind,
            subject_id: subject.into(),
            event: ChangeEvent::from_code(kind, event),
            at: Instant::from_ms(seq * 1000),
            detail,
        }
    }

    #[test]
    fn one_per_practice_with_reminders_first_and_a_summary() {
        use ChangeKind::{Practice as P, Reminder as R};
        let changes = vec![
            change(1, P, "A", "presented"),
            change(2, P, "A", "integration_requested"),
            change(3, R, "B", "deadline-near"),
            change(4, P, "B", "note"),
            change(5, P, "C", "assigned"),
            change(6, P, "D", "note"),
            change(7, R, "E", "overdue"),
        ];
        let (picked, rest) = pick(&changes, 10);
        let seqs: Vec<i64> = picked.iter().map(|c| c.seq).collect();
        // Reminders first (newest first), then the others newest first; A once with its
        // newest change; B's reminder not hidden by its later note; C's assignment is quiet.
        assert_eq!(seqs, vec![7, 3, 6, 2]);
        assert_eq!(rest, 0);
        let (picked, rest) = pick(&changes, 2);
        assert_eq!(picked.len(), 2);
        assert_eq!(rest, 2);
    }

    #[test]
    fn notifications_are_in_words_with_a_more_summary() {
        use ChangeKind::{Practice as P, Reminder as R};
        let changes = vec![
            change(1, P, "SUAP-1", "integration_requested"),
            change(2, R, "SUAP-2", "overdue"),
            change(3, P, "SUAP-3", "note"),
        ];
        let out = notifications(&I18n::new("en"), &changes, 2);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].key, "practice:SUAP-2");
        assert!(out[0].urgent);
        assert!(out[0].text.contains("SUAP-2"), "{}", out[0].text);
        assert!(out[0].text.contains("2026-12-10"), "{}", out[0].text);
        assert_eq!(out[1].key, "practice:SUAP-3");
        assert_eq!(out[2].key, MORE_KEY);
        assert_eq!(out[2].text, "And one more change.");
        let it = notifications(&I18n::new("it"), &changes, 5);
        let first = &it.iter().find(|n| n.subject_id == "SUAP-1").unwrap().text;
        assert!(first.contains("integrazione"), "{first}");
    }
}
