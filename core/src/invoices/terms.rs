//! When the comune must pay, and whether it paid late.
//!
//! D.Lgs. 9 ottobre 2002 n. 231, art. 4, as replaced by D.Lgs. 9 novembre 2012 n. 192 (which
//! transposed directive 2011/7/EU on late payment):
//! - c. 2 lett. a: interest runs, with no reminder needed, from the day after 30 days from the
//!   debtor's receipt of the invoice;
//! - c. 4: in transactions where the debtor is a public administration the parties may agree,
//!   expressly and in writing, a longer term when the nature or object of the contract
//!   justifies it, but never more than 60 days.
//!
//! The term runs from the day the invoice reached the comune: the delivery date in SdI's
//! receipt (RC, `DataOraConsegna`); when SdI could not deliver it, the day its attestation
//! (AT) was recorded; when no notification was recorded, the protocol registration date. Days
//! are calendar days and the day of receipt is not counted (due = receipt + term). The shift of
//! a last day falling on a holiday (c.c. art. 1187, 2963) is not applied: "late" here is
//! counted against the plain calendar term, which is what the supplier sees.

use chrono::{Days, NaiveDate};

use super::lifecycle::{InvoiceStep, Lifecycle, ReceiptKind};

/// D.Lgs 231/2002 art. 4 c. 2 lett. a: 30 days unless agreed.
pub const DEFAULT_TERM_DAYS: u32 = 30;
/// D.Lgs 231/2002 art. 4 c. 4: with a public administration, at most 60 days.
pub const MAX_AGREED_TERM_DAYS: u32 = 60;

/// Where the payment stands against its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// The invoice has not reached the comune: the term has not started.
    NotStarted,
    /// Not paid, and the due date has not passed.
    NotDue {
        /// Days until the due date.
        days_left: i64,
    },
    /// Not paid, and the due date has passed.
    Overdue {
        /// Days past the due date.
        days: i64,
    },
    /// Paid by the due date.
    OnTime,
    /// Paid after the due date.
    PaidLate {
        /// Days after the due date it was paid.
        days: i64,
    },
    /// Refused (EC02) or rejected by SdI (NS): nothing is owed on it.
    NotOwed,
}

impl Timeliness {
    /// A stable code (`not-started`, `not-due`, `overdue`, …).
    pub fn code(self) -> &'static str {
        match self {
            Timeliness::NotStarted => "not-started",
            Timeliness::NotDue { .. } => "not-due",
            Timeliness::Overdue { .. } => "overdue",
            Timeliness::OnTime => "on-time",
            Timeliness::PaidLate { .. } => "paid-late",
            Timeliness::NotOwed => "not-owed",
        }
    }

    /// True when the comune is or was late.
    pub fn is_late(self) -> bool {
        matches!(
            self,
            Timeliness::Overdue { .. } | Timeliness::PaidLate { .. }
        )
    }
}

/// The payment term of one invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTerm {
    /// The term in days: the agreed one, or 30.
    pub days: u32,
    /// True when the comune recorded an agreed term.
    pub agreed: bool,
    /// The day the term runs from, and how it is known.
    pub runs_from: Option<(NaiveDate, ReceiptKind)>,
    /// The last day to pay.
    pub due: Option<NaiveDate>,
    /// The day it was paid, once the comune recorded it.
    pub paid_on: Option<NaiveDate>,
    /// Whether it is, or was, paid on time.
    pub timeliness: Timeliness,
}

/// The payment term of an invoice in state `state`, on day `today`.
pub fn payment_term(state: &Lifecycle, today: NaiveDate) -> PaymentTerm {
    use super::lifecycle::SdiState;
    let days = state.agreed_term_days.unwrap_or(DEFAULT_TERM_DAYS);
    let runs_from = state.received_on.zip(state.received_by);
    let due = runs_from.and_then(|(from, _)| from.checked_add_days(Days::new(u64::from(days))));
    let paid_on = state.step_date(InvoiceStep::Paid);
    let timeliness = if matches!(state.sdi, SdiState::Refused | SdiState::Rejected) {
        Timeliness::NotOwed
    } else {
        match (due, paid_on) {
            (None, _) => Timeliness::NotStarted,
            (Some(due), Some(paid)) if paid <= due => Timeliness::OnTime,
            (Some(due), Some(paid)) => Timeliness::PaidLate {
                days: (paid - due).num_days(),
            },
            (Some(due), None) if today <= due => Timeliness::NotDue {
                days_left: (due - today).num_days(),
            },
            (Some(due), None) => Timeliness::Overdue {
                days: (today - due).num_days(),
            },
        }
    };
    PaymentTerm {
        days,
        agreed: state.agreed_term_days.is_some(),
        runs_from,
        due,
        paid_on,
        timeliness,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoices::lifecycle::{InvoiceEvent, replay};
    use campanile_fatturapa::sdi::NotificationKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn delivered_then(steps: &[(InvoiceStep, &str)], term: Option<u32>) -> Lifecycle {
        let mut events = vec![InvoiceEvent::Sdi {
            kind: NotificationKind::Delivered,
            outcome: None,
            on: d("2024-01-31"),
        }];
        if let Some(days) = term {
            events.push(InvoiceEvent::AgreedTerm { days });
        }
        events.extend(steps.iter().map(|(step, on)| InvoiceEvent::Step {
            step: *step,
            on: d(on),
        }));
        replay(d("2024-01-30"), &events).unwrap()
    }

    const PAID_ON: fn(&str) -> [(InvoiceStep, &str); 4] = |paid| {
        [
            (InvoiceStep::Registered, "2024-01-31"),
            (InvoiceStep::Assigned, "2024-02-01"),
            (InvoiceStep::Liquidated, "2024-02-20"),
            (InvoiceStep::Paid, paid),
        ]
    };

    #[test]
    fn thirty_days_from_delivery_across_a_leap_february() {
        let t = payment_term(&delivered_then(&[], None), d("2024-02-15"));
        assert_eq!(t.days, 30);
        assert!(!t.agreed);
        assert_eq!(t.runs_from, Some((d("2024-01-31"), ReceiptKind::Delivery)));
        // 31 January + 30 days = 1 March in a leap year.
        assert_eq!(t.due, Some(d("2024-03-01")));
        assert_eq!(t.timeliness, Timeliness::NotDue { days_left: 15 });
    }

    #[test]
    fn paid_on_the_last_day_is_on_time_the_day_after_is_late() {
        let t = payment_term(
            &delivered_then(&PAID_ON("2024-03-01"), None),
            d("2024-06-01"),
        );
        assert_eq!(t.timeliness, Timeliness::OnTime);
        let t = payment_term(
            &delivered_then(&PAID_ON("2024-03-02"), None),
            d("2024-06-01"),
        );
        assert_eq!(t.timeliness, Timeliness::PaidLate { days: 1 });
        assert!(t.timeliness.is_late());
    }

    #[test]
    fn an_agreed_sixty_day_term_moves_the_due_date() {
        let state = delivered_then(&PAID_ON("2024-03-20"), Some(60));
        let t = payment_term(&state, d("2024-06-01"));
        assert_eq!((t.days, t.agreed), (60, true));
        assert_eq!(t.due, Some(d("2024-03-31")));
        assert_eq!(t.timeliness, Timeliness::OnTime);
    }

    #[test]
    fn unpaid_after_the_due_date_is_overdue_by_the_days_past() {
        let state = delivered_then(&PAID_ON("2024-03-01")[..3], None);
        let t = payment_term(&state, d("2024-03-11"));
        assert_eq!(t.timeliness, Timeliness::Overdue { days: 10 });
        assert_eq!(
            payment_term(&state, d("2024-03-01")).timeliness,
            Timeliness::NotDue { days_left: 0 }
        );
    }

    #[test]
    fn no_term_before_receipt_and_nothing_owed_once_refused() {
        let fresh = Lifecycle::new(d("2024-01-30"));
        assert_eq!(
            payment_term(&fresh, d("2024-12-01")).timeliness,
            Timeliness::NotStarted
        );
        let refused = replay(
            d("2024-01-30"),
            &[
                InvoiceEvent::Sdi {
                    kind: NotificationKind::Delivered,
                    outcome: None,
                    on: d("2024-01-31"),
                },
                InvoiceEvent::Sdi {
                    kind: NotificationKind::Outcome,
                    outcome: Some(campanile_fatturapa::sdi::Outcome::Refused),
                    on: d("2024-02-02"),
                },
            ],
        )
        .unwrap();
        assert_eq!(
            payment_term(&refused, d("2024-12-01")).timeliness,
            Timeliness::NotOwed
        );
    }
}
