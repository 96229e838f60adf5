//! Reminders: a change in the applicant's feed N days before a practice's due date, and one
//! when it is overdue (naming the official with the substitute power). Each is recorded once
//! (the feed's dedup key), so running the reminders every day raises each notification once.

use chrono::NaiveDate;
use serde::Serialize;

use super::catalog;
use super::deadline::ClockStatus;
use super::feed::{self, ChangeEvent, ChangeKind, NewChange};
use super::patrons::PatronDays;
use super::practice::{self, Filter, PracticeError};
use crate::store::Store;

/// A reminder recorded in a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    /// The change's sequence number in the feed.
    pub seq: i64,
    /// The practice it is about.
    pub practice_id: String,
    /// Whose feed it is in.
    pub applicant: String,
    /// `deadline-near` or `overdue`.
    pub event: ChangeEvent,
    /// The practice's due date.
    pub due: NaiveDate,
    /// Days until the due date (negative when overdue).
    pub days_left: i64,
    /// Overdue: the official with the substitute power (L. 241/1990 art. 2 c. 9-bis), from the
    /// procedures catalog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substitute: Option<String>,
}

/// Records the reminders due on `today`: for every open practice whose due date is at most
/// `days_before` days away, and for every overdue one. `at` is the time written on the changes.
pub fn emit(
    store: &mut Store,
    patrons: &PatronDays,
    today: NaiveDate,
    days_before: u32,
    at: crate::time::Instant,
) -> Result<Vec<Reminder>, PracticeError> {
    let open = practice::list(
        store,
        &Filter {
            open_only: true,
            ..Filter::default()
        },
    )?;
    let mut planned = Vec::new();
    for p in open {
        let events = practice::timeline(store, &p.id)?;
        let cal = patrons.calendar(p.comune.as_deref());
        let Some(clock) = practice::clock(&p, &events, &cal, today)? else {
            continue;
        };
        let due = clock.deadline.due;
        let (event, days_left, key) = match clock.status {
            ClockStatus::Running { days_left } if days_left <= i64::from(days_before) => (
                ChangeEvent::DeadlineNear,
                days_left,
                format!("reminder:{}:{due}:{days_before}", p.id),
            ),
            ClockStatus::Overdue { days_late, .. } => (
                ChangeEvent::Overdue,
                -days_late,
                format!("overdue:{}:{due}", p.id),
            ),
            _ => continue,
        };
        let substitute = if event == ChangeEvent::Overdue {
            match p.procedure_id.as_deref() {
                Some(pid) => catalog::find(store, pid)
                    .map_err(|e| PracticeError::Corrupt(e.to_string()))?
                    .and_then(|proc_| proc_.substitute_text()),
                None => None,
            }
        } else {
            None
        };
        planned.push((p, event, days_left, due, key, substitute));
    }
    let tx = store.conn_mut().transaction()?;
    let mut out = Vec::new();
    for (p, event, days_left, due, key, substitute) in planned {
        let seq = feed::record_change(
            &tx,
            &NewChange {
                person: &p.applicant,
                kind: ChangeKind::Reminder,
                subject_id: &p.id,
                event: event.clone(),
                at,
                detail: feed::ChangeDetail::Reminder(feed::ReminderChange {
                    due,
                    days_left,
                    substitute: substitute.clone(),
                }),
                dedup_key: Some(key),
            },
        )?;
        if let Some(seq) = seq {
            out.push(Reminder {
                seq,
                practice_id: p.id.clone(),
                applicant: p.applicant.clone(),
                event,
                due,
                days_left,
                substitute,
            });
        }
    }
    tx.commit()?;
    Ok(out)
}
