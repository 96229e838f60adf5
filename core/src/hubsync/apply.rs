//! What the hub says of a practice, brought into the local store in the hub's order.

use serde::Deserialize;

use super::HubSyncError;
use crate::practices::deadline::Regime;
use crate::practices::practice::{self, NewEvent, NewPractice, PracticeError};
use crate::practices::states::{Domain, PracticeEventKind};
use crate::store::Store;
use crate::time::Instant;

/// A practice as the hub gives it (`GET /api/v1/practices/{id}`): what the device stores. The
/// hub's clock is not taken: the device computes it with the same rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HubPractice {
    /// The practice's id.
    pub id: String,
    /// Its procedure in the catalog.
    pub procedure_id: Option<String>,
    /// `suap`, `sue` or `registry`.
    pub domain: String,
    /// Its legal clock's regime.
    pub regime: String,
    /// Its own term in days (ordinary clock).
    pub term_days: Option<u32>,
    /// The comune's ISTAT code.
    pub comune: Option<String>,
    /// The applicant's fiscal code.
    pub applicant: String,
    /// What it is about.
    pub subject: String,
    /// Its timeline, oldest first, in the hub's order.
    pub events: Vec<HubEvent>,
}

/// An event of a hub practice's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HubEvent {
    /// Its number in the timeline (from 1).
    pub seq: i64,
    /// When it happened (RFC 3339).
    pub at: String,
    /// What it did.
    pub kind: String,
    /// Who did it.
    pub actor: String,
    /// Its note.
    pub note: Option<String>,
    /// The documents attached.
    #[serde(default)]
    pub attachments: Vec<String>,
}

fn protocol(id: &str, detail: String) -> HubSyncError {
    HubSyncError::Protocol {
        what: format!("practice {id}"),
        detail,
    }
}

impl HubEvent {
    fn to_new(&self, practice: &str) -> Result<NewEvent, HubSyncError> {
        Ok(NewEvent {
            at: Instant::parse_rfc3339(&self.at).ok_or_else(|| {
                protocol(practice, format!("event {}: time {}", self.seq, self.at))
            })?,
            kind: PracticeEventKind::parse(&self.kind).ok_or_else(|| {
                protocol(practice, format!("event {}: kind {}", self.seq, self.kind))
            })?,
            actor: self.actor.clone(),
            note: self.note.clone(),
            attachments: self.attachments.clone(),
        })
    }
}

/// Brings `p` into the store: opened with its first event if the device does not have it,
/// then the events the device lacks appended in the hub's order, each checked by the core's
/// rules (one transaction per event, as at the counter). The number of events added.
/// [`HubSyncError::Diverged`] when the device's timeline is not a prefix of the hub's.
pub fn apply_practice(store: &mut Store, p: &HubPractice) -> Result<usize, HubSyncError> {
    let Some(first) = p.events.first() else {
        return Err(protocol(&p.id, "a practice without events".into()));
    };
    let local = match practice::timeline(store, &p.id) {
        Ok(events) => Some(events),
        Err(PracticeError::NotFound { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let mut added = 0;
    let have = match local {
        None => {
            let new = NewPractice {
                id: p.id.clone(),
                procedure_id: p.procedure_id.clone(),
                domain: Domain::parse(&p.domain)
                    .ok_or_else(|| protocol(&p.id, format!("domain {}", p.domain)))?,
                regime: Regime::parse(&p.regime)
                    .ok_or_else(|| protocol(&p.id, format!("regime {}", p.regime)))?,
                term_days: p.term_days,
                comune: p.comune.clone(),
                applicant: p.applicant.clone(),
                subject: p.subject.clone(),
            };
            practice::open(store, &new, &first.to_new(&p.id)?)?;
            added += 1;
            1
        }
        Some(events) => {
            for (mine, theirs) in events.iter().zip(&p.events) {
                let same = mine.kind.as_str() == theirs.kind
                    && Instant::parse_rfc3339(&theirs.at) == Some(mine.at)
                    && mine.actor == theirs.actor;
                if !same {
                    return Err(HubSyncError::Diverged {
                        id: p.id.clone(),
                        seq: mine.seq,
                    });
                }
            }
            if events.len() > p.events.len() {
                return Err(HubSyncError::Diverged {
                    id: p.id.clone(),
                    seq: i64::try_from(p.events.len()).unwrap_or(i64::MAX) + 1,
                });
            }
            events.len()
        }
    };
    for e in &p.events[have..] {
        practice::append(store, &p.id, &e.to_new(&p.id)?)?;
        added += 1;
    }
    Ok(added)
}
