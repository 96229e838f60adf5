//! How pressing a practice's deadline is, for lists and badges: overdue first, then due today,
//! due within [`SOON_DAYS`], later, suspended and concluded. Every front orders and colours
//! practices by this.

use serde::Serialize;

use super::deadline::ClockStatus;

/// Days within which a running deadline is "soon".
pub const SOON_DAYS: i64 = 7;

/// How pressing a deadline is; the order is the order of a person's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// The due date has passed.
    Overdue,
    /// Due today.
    Today,
    /// Due within [`SOON_DAYS`] days.
    Soon,
    /// Due later.
    Later,
    /// The clock is stopped.
    Suspended,
    /// The practice ended.
    Concluded,
}

impl Urgency {
    /// The urgency of a clock's status.
    pub fn of(status: &ClockStatus) -> Urgency {
        match status {
            ClockStatus::Overdue { .. } => Urgency::Overdue,
            ClockStatus::Running { days_left } if *days_left <= 0 => Urgency::Today,
            ClockStatus::Running { days_left } if *days_left <= SOON_DAYS => Urgency::Soon,
            ClockStatus::Running { .. } => Urgency::Later,
            ClockStatus::Suspended => Urgency::Suspended,
            ClockStatus::Concluded { .. } => Urgency::Concluded,
        }
    }

    /// Its stable code (`overdue`, `today`, `soon`, `later`, `suspended`, `concluded`).
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Today => "today",
            Urgency::Soon => "soon",
            Urgency::Later => "later",
            Urgency::Suspended => "suspended",
            Urgency::Concluded => "concluded",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_clock_is_as_pressing_as_its_days_left() {
        let run = |d| Urgency::of(&ClockStatus::Running { days_left: d });
        assert_eq!(run(0), Urgency::Today);
        assert_eq!(run(1), Urgency::Soon);
        assert_eq!(run(SOON_DAYS), Urgency::Soon);
        assert_eq!(run(SOON_DAYS + 1), Urgency::Later);
        let overdue = ClockStatus::Overdue {
            days_late: 3,
            substitute_term_days: 15,
        };
        assert_eq!(Urgency::of(&overdue), Urgency::Overdue);
        assert_eq!(Urgency::of(&ClockStatus::Suspended), Urgency::Suspended);
        let ended = ClockStatus::Concluded {
            on: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            late: true,
        };
        assert_eq!(Urgency::of(&ended), Urgency::Concluded);
        assert!(Urgency::Overdue < Urgency::Today && Urgency::Later < Urgency::Suspended);
    }
}
