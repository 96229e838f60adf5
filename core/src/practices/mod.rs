//! Practice tracking: the procedures catalog, practices with an append-only timeline on the
//! AgID SUAP states, the legal deadline engine, and the changes feed the fronts notify from.
//!
//! - [`catalog`]: procedures (D.Lgs 33/2013 art. 35) imported from JSON/CSV, searched offline.
//! - [`states`]: the AgID SUAP states (DPR 160/2010) and the transitions each domain (SUAP,
//!   SUE, registry) allows.
//! - [`practice`]: practices and their timeline in the store.
//! - [`deadline`] and [`calendar`]: the legal clock as pure functions, each rule with its legal
//!   reference; [`patrons`]: the comuni's patron-saint days (`assets/patron-saints.csv`).
//! - [`feed`] and [`reminders`]: the per-person, cursor-based changes feed.

pub mod calendar;
pub mod catalog;
pub mod deadline;
pub mod feed;
pub(crate) mod messages;
pub mod notify;
pub mod patrons;
pub mod practice;
pub mod reminders;
pub mod states;
pub mod urgency;

pub use calendar::Calendar;
pub use deadline::{ClockInput, ClockStatus, Deadline, Regime, Span};
pub use patrons::PatronDays;
pub use states::{Domain, PracticeEventKind, State};
pub use urgency::Urgency;
