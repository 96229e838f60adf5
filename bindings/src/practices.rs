//! Practices as the hub syncs them to the device: the list, one practice's timeline and legal
//! deadline, a deadline from dates, and a person's changes feed.

use std::sync::Arc;

use campanile_core::practices::ClockInput;
use campanile_core::practices::practice::{
    Filter, Practice as CorePractice, PracticeEvent as CoreEvent,
};
use campanile_core::{Campanile, ClockView, DeadlineRequest};

use crate::core::Core;
use crate::error::Result;
use crate::views::{count, date, json};

/// A practice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Practice {
    /// Its id.
    pub id: String,
    /// Its subject.
    pub subject: String,
    /// The applicant's fiscal code.
    pub applicant: String,
    /// Its state (AgID SUAP states: `received`, `under-review`, …).
    pub state: String,
    /// The legal clock it runs on (`ordinary`, `scia`, …).
    pub regime: String,
    /// The comune's ISTAT code.
    pub comune: Option<String>,
    /// Every field, as JSON.
    pub json: String,
}

/// One event of a practice's timeline.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PracticeEvent {
    /// Its place in the timeline.
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// What happened (`received`, `integration-requested`, …).
    pub kind: String,
    /// Who did it.
    pub actor: String,
    /// The state after it.
    pub state_after: String,
    /// A note.
    pub note: Option<String>,
}

/// A legal deadline and the rules that give it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Deadline {
    /// The day it falls due (`YYYY-MM-DD`).
    pub due: String,
    /// The clock is stopped (a suspension is open).
    pub suspended: bool,
    /// The rule chain, each step in the handle's language.
    pub chain: Vec<String>,
    /// A practice's clock today in words ("due in 3 days", "overdue by 2 days: …"); none for
    /// a deadline from dates.
    pub status_text: Option<String>,
    /// How pressing it is (`overdue`, `today`, `soon`, `later`, `suspended`, `concluded`);
    /// none for a deadline from dates.
    pub urgency: Option<String>,
    /// Every field, as JSON.
    pub json: String,
}

/// A practice in a person's list, with its deadline today.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PracticeRow {
    /// The practice.
    pub practice: Practice,
    /// Its deadline today, when it has a legal clock.
    pub deadline: Option<Deadline>,
}

/// A notification to post.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PracticeNotification {
    /// Stable per practice or invoice: a newer notification replaces the older (`more` for
    /// the summary).
    pub key: String,
    /// The practice's or invoice's id (empty for the summary).
    pub subject_id: String,
    /// A reminder (deadline near, overdue): post it as urgent.
    pub urgent: bool,
    /// What it says, in the handle's language.
    pub text: String,
}

/// A poll of the changes feed: what to post, and the cursor to keep once posted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NotificationPoll {
    /// What to post (nothing on the first poll).
    pub notifications: Vec<PracticeNotification>,
    /// Keep it once the notifications are posted; give it to the next poll.
    pub cursor: String,
    /// The first poll (no cursor given): only the feed's end was taken.
    pub first: bool,
}

/// One change of a person's feed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Change {
    /// Its place in the feed.
    pub seq: i64,
    /// What changed, as JSON.
    pub json: String,
}

/// A page of the changes feed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChangesPage {
    /// The changes, oldest first.
    pub changes: Vec<Change>,
    /// Give it back for the next page.
    pub cursor: String,
    /// More changes are waiting.
    pub more: bool,
}

/// The practices part of the handle.
#[derive(Debug, uniffi::Object)]
pub struct Practices {
    core: Campanile,
}

#[uniffi::export]
impl Core {
    /// Practices.
    pub fn practices(&self) -> Arc<Practices> {
        Arc::new(Practices {
            core: self.inner.clone(),
        })
    }
}

fn practice(p: &CorePractice) -> Practice {
    Practice {
        id: p.id.clone(),
        subject: p.subject.clone(),
        applicant: p.applicant.clone(),
        state: p.state.as_str().to_string(),
        regime: p.regime.as_str().to_string(),
        comune: p.comune.clone(),
        json: json(p),
    }
}

fn clock(c: &ClockView) -> Deadline {
    Deadline {
        due: c.due.to_string(),
        suspended: c.suspended,
        chain: c.chain.iter().map(|s| s.text.clone()).collect(),
        status_text: Some(c.status_text.clone()),
        urgency: Some(c.urgency.code().to_string()),
        json: json(c),
    }
}

fn event(e: &CoreEvent) -> PracticeEvent {
    PracticeEvent {
        seq: e.seq,
        at: e.at.to_rfc3339(),
        kind: e.kind.as_str().to_string(),
        actor: e.actor.clone(),
        state_after: e.state_after.as_str().to_string(),
        note: e.note.clone(),
    }
}

#[uniffi::export]
impl Practices {
    /// The practices, newest first: of one applicant, open ones only.
    pub fn list(&self, applicant: Option<String>, open_only: bool) -> Result<Vec<Practice>> {
        let filter = Filter {
            applicant,
            state: None,
            open_only,
        };
        Ok(self
            .core
            .practices()
            .list(&filter)?
            .iter()
            .map(practice)
            .collect())
    }

    /// One practice.
    pub fn get(&self, id: String) -> Result<Practice> {
        Ok(practice(&self.core.practices().get(&id)?))
    }

    /// Its timeline, oldest first.
    pub fn timeline(&self, id: String) -> Result<Vec<PracticeEvent>> {
        Ok(self
            .core
            .practices()
            .timeline(&id)?
            .iter()
            .map(event)
            .collect())
    }

    /// The practice's legal deadline today (none when its clock does not run).
    pub fn practice_deadline(&self, id: String) -> Result<Option<Deadline>> {
        let view = self.core.practices().show(&id, None, None)?;
        Ok(view.clock.as_ref().map(clock))
    }

    /// A person's practices (`applicant`: their fiscal code; none: all on this device) as
    /// their list shows them: overdue first, then the nearest deadline, those without a
    /// clock last; each with its deadline today in words.
    pub fn worklist(&self, applicant: Option<String>, open_only: bool) -> Result<Vec<PracticeRow>> {
        let filter = Filter {
            applicant,
            state: None,
            open_only,
        };
        Ok(self
            .core
            .practices()
            .worklist(&filter)?
            .iter()
            .map(|r| PracticeRow {
                practice: practice(&r.practice),
                deadline: r.clock.as_ref().map(clock),
            })
            .collect())
    }

    /// What to notify `person` of since `cursor` (the one the last poll kept; none on the
    /// first poll, which notifies nothing and takes the feed's end): one notification per
    /// practice or invoice, reminders first, at most `max` and a "more" summary. Keep the
    /// returned cursor only after posting, so a poll killed half-way notifies again.
    pub fn notifications(
        &self,
        person: String,
        cursor: Option<String>,
        max: u32,
    ) -> Result<NotificationPoll> {
        let poll = self
            .core
            .practices()
            .notifications(&person, cursor.as_deref(), count(max))?;
        Ok(NotificationPoll {
            notifications: poll
                .notifications
                .into_iter()
                .map(|n| PracticeNotification {
                    key: n.key,
                    subject_id: n.subject_id,
                    urgent: n.urgent,
                    text: n.text,
                })
                .collect(),
            cursor: poll.cursor,
            first: poll.first,
        })
    }

    /// A legal deadline from dates: `regime` (`ordinary`, `scia`, `scia-building`,
    /// `building-permit`, …), the day received (`YYYY-MM-DD`), the procedure's own term, the
    /// comune's ISTAT code (its patron-saint day counts).
    pub fn deadline(
        &self,
        regime: String,
        received: String,
        term_days: Option<u32>,
        comune: Option<String>,
    ) -> Result<Deadline> {
        let part = self.core.practices();
        let mut input = ClockInput::new(part.parse_regime(&regime)?, date(&received)?);
        input.term_days = term_days;
        let d = part.deadline(
            &DeadlineRequest {
                input,
                comune,
                today: None,
            },
            None,
        )?;
        Ok(Deadline {
            due: d.due.to_string(),
            suspended: d.suspended,
            chain: d.chain.iter().map(|s| s.text.clone()).collect(),
            status_text: None,
            urgency: None,
            json: json(&d),
        })
    }

    /// A person's changes after `cursor` (none: from the start), at most `limit`.
    pub fn changes(
        &self,
        person: String,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<ChangesPage> {
        let page = self
            .core
            .practices()
            .changes(&person, cursor.as_deref(), count(limit))?;
        Ok(ChangesPage {
            changes: page
                .changes
                .iter()
                .map(|c| Change {
                    seq: c.seq,
                    json: json(c),
                })
                .collect(),
            cursor: page.cursor,
            more: page.more,
        })
    }
}
