//! Property tests of the invoice lifecycle: random sequences of SdI notifications, comune steps
//! and agreed terms. Whatever is accepted must be a possible history; dates never run
//! backwards; a refused event changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::invoices::fatturapa::sdi::{NotificationKind, Outcome};
use campanile_core::invoices::lifecycle::{InvoiceEvent, InvoiceStep, Lifecycle, SdiState, apply};
use campanile_core::invoices::{NaiveDate, Timeliness, payment_term};
use proptest::prelude::*;

fn issued() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 10).unwrap()
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
    let delta = prop_oneof![8 => 0i64..12, 1 => -10i64..0];
    prop::collection::vec((shape, delta), 0..24).prop_map(|list| {
        let mut day = issued() - chrono::Days::new(2);
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn random_histories_stay_possible(events in events()) {
        let mut state = Lifecycle::new(issued());
        let mut accepted = Vec::new();
        for e in &events {
            match apply(&state, e) {
                Ok(next) => {
                    accepted.push(*e);
                    state = next;
                    check(&state, &accepted);
                }
                Err(_) => {
                    // Refused: the state is untouched (apply is pure) and replaying the
                    // accepted events gives the same state.
                    let replayed = campanile_core::invoices::lifecycle::replay(issued(), &accepted).unwrap();
                    prop_assert_eq!(&replayed, &state);
                }
            }
        }
        // The payment term is consistent with the state.
        let today = issued() + chrono::Days::new(200);
        let term = payment_term(&state, today);
        match term.timeliness {
            Timeliness::NotStarted => prop_assert!(state.received_on.is_none()),
            Timeliness::OnTime | Timeliness::PaidLate { .. } => {
                prop_assert!(state.step_date(InvoiceStep::Paid).is_some());
            }
            Timeliness::Overdue { days } => prop_assert!(days > 0),
            Timeliness::NotDue { .. } => prop_assert!(false, "200 days on, nothing is not due"),
            Timeliness::NotOwed => {
                prop_assert!(matches!(state.sdi, SdiState::Refused | SdiState::Rejected));
            }
        }
    }
}
