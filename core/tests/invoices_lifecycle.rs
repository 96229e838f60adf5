//! Property tests of the invoice lifecycle: random sequences of SdI notifications, comune steps
//! and agreed terms. Whatever is accepted must be a possible history; dates never run
//! backwards; a refused event changes nothing; the payment term reads the same at any day, and
//! on a day after every due date the generator can reach, nothing is "not due".
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::invoices::fatturapa::sdi::{NotificationKind, Outcome};
use campanile_core::invoices::lifecycle::{InvoiceEvent, InvoiceStep, Lifecycle, SdiState, apply};
use campanile_core::invoices::terms::{DEFAULT_TERM_DAYS, MAX_AGREED_TERM_DAYS};
use campanile_core::invoices::{NaiveDate, Timeliness, payment_term};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn issued() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 10).unwrap()
}

/// The generator's bounds: at most this many events, each dated at most this many days after
/// the one before, the first counted from two days before the invoice.
const MAX_EVENTS: usize = 23;
const MAX_FORWARD_DAYS: u64 = 11;
const FIRST_DAY_BEFORE_ISSUE: u64 = 2;

/// The last day a generated event can carry.
fn latest_event_day() -> NaiveDate {
    issued() - chrono::Days::new(FIRST_DAY_BEFORE_ISSUE)
        + chrono::Days::new(MAX_EVENTS as u64 * MAX_FORWARD_DAYS)
}

/// A day after every due date a generated history can have: its latest delivery plus the
/// longest term, plus one. It follows from the generator's bounds, so no history ends on it.
fn horizon() -> NaiveDate {
    latest_event_day()
        + chrono::Days::new(u64::from(MAX_AGREED_TERM_DAYS.max(DEFAULT_TERM_DAYS)) + 1)
}

/// Random events whose dates mostly move forward (a few days at a time, sometimes back), so
/// that long histories, to payment and beyond, are reached as often as refusals.
fn events() -> impl Strategy<Value = Vec<InvoiceEvent>> {
    let kind = prop_oneof![
        Just(NotificationKind::Delivered),
        Just(NotificationKind::Rejected),
        Just(NotificationKind::NotDelivered),
        Just(NotificationKind::Outcome),
        Just(NotificationKind::TermsElapsed),
        Just(NotificationKind::TransmissionAttested),
    ];
    let outcome = prop_oneof![
        1 => Just(None),
        3 => Just(Some(Outcome::Accepted)),
        2 => Just(Some(Outcome::Refused)),
    ];
    let step = prop_oneof![
        Just(InvoiceStep::Registered),
        Just(InvoiceStep::Assigned),
        Just(InvoiceStep::Liquidated),
        Just(InvoiceStep::Paid),
    ];
    #[derive(Debug, Clone)]
    enum Shape {
        Sdi(NotificationKind, Option<Outcome>),
        Step(InvoiceStep),
        Term(u32),
    }
    let shape = prop_oneof![
        3 => (kind, outcome).prop_map(|(k, o)| Shape::Sdi(k, o)),
        4 => step.prop_map(Shape::Step),
        1 => (0u32..90).prop_map(Shape::Term),
    ];
    let delta = prop_oneof![8 => 0i64..=MAX_FORWARD_DAYS as i64, 1 => -10i64..0];
    prop::collection::vec((shape, delta), 0..=MAX_EVENTS).prop_map(|list| {
        let mut day = issued() - chrono::Days::new(FIRST_DAY_BEFORE_ISSUE);
        list.into_iter()
            .map(|(shape, delta)| {
                day = if delta >= 0 {
                    day + chrono::Days::new(delta.unsigned_abs())
                } else {
                    day - chrono::Days::new(delta.unsigned_abs())
                };
                match shape {
                    Shape::Sdi(kind, outcome) => InvoiceEvent::Sdi {
                        kind,
                        outcome,
                        on: day,
                    },
                    Shape::Step(step) => InvoiceEvent::Step { step, on: day },
                    Shape::Term(days) => InvoiceEvent::AgreedTerm { days },
                }
            })
            .collect()
    })
}

fn check(state: &Lifecycle, accepted: &[InvoiceEvent]) {
    // No event precedes the invoice.
    for e in accepted {
        if let Some(on) = e.date() {
            assert!(on >= state.issued_on, "{e:?} before the invoice");
        }
    }
    // SdI dates never run backwards; nor do the comune's steps.
    let sdi_dates: Vec<_> = accepted
        .iter()
        .filter_map(|e| match e {
            InvoiceEvent::Sdi { on, .. } => Some(*on),
            _ => None,
        })
        .collect();
    assert!(sdi_dates.windows(2).all(|w| w[0] <= w[1]), "{accepted:?}");
    let step_dates: Vec<_> = InvoiceStep::ALL
        .iter()
        .filter_map(|s| state.step_date(*s))
        .collect();
    assert!(step_dates.windows(2).all(|w| w[0] <= w[1]), "{accepted:?}");
    // Steps are a prefix of the order: no step without the one before.
    let done: Vec<bool> = InvoiceStep::ALL
        .iter()
        .map(|s| state.step_date(*s).is_some())
        .collect();
    assert!(done.windows(2).all(|w| w[0] || !w[1]), "{accepted:?}");
    // Nothing the comune did on an invoice SdI rejected or never delivered.
    if matches!(state.sdi, SdiState::Rejected | SdiState::NotDelivered) {
        assert!(state.last_step().is_none(), "{accepted:?}");
    }
    // Once the comune did something, the invoice had reached it, and no step precedes that.
    if let Some(first) = state.step_date(InvoiceStep::Registered) {
        let received = state.received_on.expect("registered without receipt");
        assert!(received <= first, "{accepted:?}");
    }
    // A refused invoice was never liquidated or paid.
    if state.sdi == SdiState::Refused {
        assert!(
            state.step_date(InvoiceStep::Liquidated).is_none(),
            "{accepted:?}"
        );
    }
    if let Some(days) = state.agreed_term_days {
        assert!((1..=60).contains(&days));
    }
}

/// What the payment term says on `today`, checked against its own due date: true on any day.
fn check_term_on(state: &Lifecycle, today: NaiveDate) -> Result<(), TestCaseError> {
    let term = payment_term(state, today);
    let paid = state.step_date(InvoiceStep::Paid);
    match term.timeliness {
        Timeliness::NotStarted => prop_assert!(state.received_on.is_none()),
        Timeliness::OnTime | Timeliness::PaidLate { .. } => prop_assert!(paid.is_some()),
        Timeliness::Overdue { days } => {
            prop_assert!(days > 0);
            prop_assert!(paid.is_none());
            prop_assert_eq!(Some(today - chrono::Days::new(days as u64)), term.due);
        }
        Timeliness::NotDue { days_left } => {
            prop_assert!(days_left >= 0);
            prop_assert!(paid.is_none());
            prop_assert_eq!(Some(today + chrono::Days::new(days_left as u64)), term.due);
        }
        Timeliness::NotOwed => {
            prop_assert!(matches!(state.sdi, SdiState::Refused | SdiState::Rejected));
        }
    }
    Ok(())
}

/// Applies `events` one by one, checking every accepted state and every refusal, then the
/// payment term on every day the history names and on the horizon.
fn history_stays_possible(events: &[InvoiceEvent]) -> Result<(), TestCaseError> {
    let mut state = Lifecycle::new(issued());
    let mut accepted = Vec::new();
    for e in events {
        if let Some(on) = e.date() {
            prop_assert!(
                on <= latest_event_day(),
                "{:?} after the generator's last day",
                e
            );
        }
        match apply(&state, e) {
            Ok(next) => {
                accepted.push(*e);
                state = next;
                check(&state, &accepted);
            }
            Err(_) => {
                // Refused: the state is untouched (apply is pure) and replaying the
                // accepted events gives the same state.
                let replayed =
                    campanile_core::invoices::lifecycle::replay(issued(), &accepted).unwrap();
                prop_assert_eq!(&replayed, &state);
            }
        }
    }
    for today in events.iter().filter_map(InvoiceEvent::date) {
        check_term_on(&state, today)?;
    }
    check_term_on(&state, horizon())?;
    // After every due date the generator can reach, nothing is still to be paid on time.
    let term = payment_term(&state, horizon());
    prop_assert!(
        !matches!(term.timeliness, Timeliness::NotDue { .. }),
        "due {:?}, on {} still not due",
        term.due,
        horizon()
    );
    Ok(())
}

proptest! {
    #![proptest_config(campanile_testkit::proptest_seed::with_cases(2048))]

    #[test]
    fn random_histories_stay_possible(events in events()) {
        history_stays_possible(&events)?;
    }
}

/// The history proptest shrank a failure on a fresh clone to, when the test looked at a fixed
/// day 200 days after the invoice: delivered (RC) on day 141 with an agreed term of 59 days, it
/// is due on day 200 itself, where "not due" is right.
#[test]
fn delivered_on_day_141_with_59_days_is_due_on_day_200() {
    use InvoiceStep::Registered;
    use NotificationKind::{Delivered, NotDelivered, Rejected};
    let day = |n: u64| issued() + chrono::Days::new(n);
    let sdi = |kind, n| InvoiceEvent::Sdi {
        kind,
        outcome: None,
        on: day(n),
    };
    let step = |n| InvoiceEvent::Step {
        step: Registered,
        on: day(n),
    };
    let events = [
        sdi(NotDelivered, 6),
        sdi(Rejected, 14),
        sdi(Rejected, 22),
        sdi(Rejected, 30),
        sdi(Rejected, 38),
        step(46),
        step(54),
        sdi(Rejected, 62),
        sdi(Rejected, 70),
        step(78),
        step(86),
        InvoiceEvent::AgreedTerm { days: 59 },
        sdi(Rejected, 94),
        sdi(Rejected, 102),
        step(110),
        sdi(Rejected, 118),
        step(126),
        sdi(Rejected, 134),
        sdi(Delivered, 141),
    ];
    let mut state = Lifecycle::new(issued());
    for e in &events {
        if let Ok(next) = apply(&state, e) {
            state = next;
        }
    }
    assert_eq!(state.received_on, Some(day(141)));
    assert_eq!(state.agreed_term_days, Some(59));
    let term = payment_term(&state, day(200));
    assert_eq!(term.due, Some(day(200)));
    assert_eq!(term.timeliness, Timeliness::NotDue { days_left: 0 });
    assert_eq!(
        payment_term(&state, day(201)).timeliness,
        Timeliness::Overdue { days: 1 }
    );
    history_stays_possible(&events).unwrap();
}
