//! Worked sequences of the lifecycle: what is accepted, what is refused and why.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn sdi(kind: NotificationKind, on: &str) -> InvoiceEvent {
    InvoiceEvent::Sdi {
        kind,
        outcome: None,
        on: d(on),
    }
}

fn ne(outcome: Outcome, on: &str) -> InvoiceEvent {
    InvoiceEvent::Sdi {
        kind: NotificationKind::Outcome,
        outcome: Some(outcome),
        on: d(on),
    }
}

fn step(step: InvoiceStep, on: &str) -> InvoiceEvent {
    InvoiceEvent::Step { step, on: d(on) }
}

const RC: NotificationKind = NotificationKind::Delivered;
const NS: NotificationKind = NotificationKind::Rejected;
const MC: NotificationKind = NotificationKind::NotDelivered;
const DT: NotificationKind = NotificationKind::TermsElapsed;
const AT: NotificationKind = NotificationKind::TransmissionAttested;

fn run(events: &[InvoiceEvent]) -> Result<Lifecycle, Refusal> {
    replay(d("2024-03-01"), events)
}

#[test]
fn the_whole_way_to_payment() {
    let s = run(&[
        sdi(RC, "2024-03-02"),
        step(InvoiceStep::Registered, "2024-03-02"),
        ne(Outcome::Accepted, "2024-03-05"),
        step(InvoiceStep::Assigned, "2024-03-06"),
        step(InvoiceStep::Liquidated, "2024-03-20"),
        step(InvoiceStep::Paid, "2024-03-28"),
    ])
    .unwrap();
    assert_eq!(s.sdi, SdiState::Accepted);
    assert_eq!(s.last_step(), Some(InvoiceStep::Paid));
    assert_eq!(s.received_on, Some(d("2024-03-02")));
    assert_eq!(s.received_by, Some(ReceiptKind::Delivery));
}

#[test]
fn not_delivered_then_delivered_or_attested() {
    let s = run(&[sdi(MC, "2024-03-02"), sdi(RC, "2024-03-04")]).unwrap();
    assert_eq!(s.sdi, SdiState::Delivered);
    let s = run(&[sdi(MC, "2024-03-02"), sdi(AT, "2024-03-12")]).unwrap();
    assert_eq!(s.sdi, SdiState::TransmissionAttested);
    assert_eq!(s.received_by, Some(ReceiptKind::Attestation));
    assert_eq!(s.received_on, Some(d("2024-03-12")));
    run(&[
        sdi(MC, "2024-03-02"),
        sdi(AT, "2024-03-12"),
        step(InvoiceStep::Registered, "2024-03-13"),
    ])
    .unwrap();
}

#[test]
fn impossible_sdi_sequences_are_refused() {
    let cases: &[(&[InvoiceEvent], Refusal)] = &[
        (
            &[sdi(NS, "2024-03-02"), sdi(RC, "2024-03-03")],
            Refusal::SdiOrder {
                kind: RC,
                state: SdiState::Rejected,
            },
        ),
        (
            &[sdi(RC, "2024-03-02"), sdi(NS, "2024-03-03")],
            Refusal::SdiOrder {
                kind: NS,
                state: SdiState::Delivered,
            },
        ),
        (
            &[ne(Outcome::Accepted, "2024-03-02")],
            Refusal::SdiOrder {
                kind: NotificationKind::Outcome,
                state: SdiState::Submitted,
            },
        ),
        (
            &[
                sdi(RC, "2024-03-02"),
                sdi(DT, "2024-03-17"),
                ne(Outcome::Refused, "2024-03-18"),
            ],
            Refusal::SdiOrder {
                kind: NotificationKind::Outcome,
                state: SdiState::TermsElapsed,
            },
        ),
        (
            &[sdi(AT, "2024-03-02")],
            Refusal::SdiOrder {
                kind: AT,
                state: SdiState::Submitted,
            },
        ),
        (
            &[sdi(RC, "2024-03-02"), sdi(RC, "2024-03-03")],
            Refusal::SdiOrder {
                kind: RC,
                state: SdiState::Delivered,
            },
        ),
    ];
    for (events, refusal) in cases {
        assert_eq!(run(events).unwrap_err(), *refusal, "{events:?}");
    }
}

#[test]
fn comune_steps_go_in_order_once_received() {
    assert_eq!(
        run(&[
            sdi(RC, "2024-03-02"),
            step(InvoiceStep::Liquidated, "2024-03-03")
        ])
        .unwrap_err(),
        Refusal::StepOrder {
            step: InvoiceStep::Liquidated,
            needs: InvoiceStep::Assigned
        }
    );
    assert_eq!(
        run(&[
            sdi(NS, "2024-03-02"),
            step(InvoiceStep::Registered, "2024-03-03")
        ])
        .unwrap_err(),
        Refusal::NotReceived {
            step: InvoiceStep::Registered,
            state: SdiState::Rejected
        }
    );
    assert_eq!(
        run(&[
            sdi(RC, "2024-03-02"),
            step(InvoiceStep::Registered, "2024-03-02"),
            step(InvoiceStep::Registered, "2024-03-04")
        ])
        .unwrap_err(),
        Refusal::StepDone {
            step: InvoiceStep::Registered,
            on: d("2024-03-02")
        }
    );
    assert_eq!(
        run(&[
            sdi(RC, "2024-03-02"),
            step(InvoiceStep::Registered, "2024-03-02"),
            ne(Outcome::Refused, "2024-03-04"),
            step(InvoiceStep::Assigned, "2024-03-05")
        ])
        .unwrap_err(),
        Refusal::AfterRefusal {
            step: InvoiceStep::Assigned
        }
    );
}

#[test]
fn registering_without_notifications_is_the_receipt() {
    let s = run(&[step(InvoiceStep::Registered, "2024-03-04")]).unwrap();
    assert_eq!(
        (s.received_on, s.received_by),
        (Some(d("2024-03-04")), Some(ReceiptKind::Registration))
    );
    // The RC recorded later moves the receipt to the delivery day…
    let s = run(&[
        step(InvoiceStep::Registered, "2024-03-04"),
        sdi(RC, "2024-03-03"),
    ])
    .unwrap();
    assert_eq!(
        (s.received_on, s.received_by),
        (Some(d("2024-03-03")), Some(ReceiptKind::Delivery))
    );
    // …but cannot say it was delivered after it was registered.
    assert_eq!(
        run(&[
            step(InvoiceStep::Registered, "2024-03-04"),
            sdi(RC, "2024-03-05")
        ])
        .unwrap_err(),
        Refusal::DateBefore {
            on: d("2024-03-04"),
            earlier: d("2024-03-05"),
            what: EarlierDate::Received
        }
    );
    // Nor can SdI reject or fail to deliver what the comune registered.
    assert_eq!(
        run(&[
            step(InvoiceStep::Registered, "2024-03-04"),
            sdi(NS, "2024-03-05")
        ])
        .unwrap_err(),
        Refusal::ContradictsSteps {
            kind: NS,
            step: InvoiceStep::Registered
        }
    );
    // Only registration can come first: assignment needs it.
    assert!(matches!(
        run(&[step(InvoiceStep::Assigned, "2024-03-04")]).unwrap_err(),
        Refusal::StepOrder { .. }
    ));
}

#[test]
fn a_liquidated_invoice_cannot_be_refused_but_can_be_accepted() {
    let before = [
        sdi(RC, "2024-03-02"),
        step(InvoiceStep::Registered, "2024-03-02"),
        step(InvoiceStep::Assigned, "2024-03-03"),
        step(InvoiceStep::Liquidated, "2024-03-04"),
    ];
    let mut refused = before.to_vec();
    refused.push(ne(Outcome::Refused, "2024-03-05"));
    assert_eq!(
        run(&refused).unwrap_err(),
        Refusal::ContradictsSteps {
            kind: NotificationKind::Outcome,
            step: InvoiceStep::Liquidated
        }
    );
    let mut accepted = before.to_vec();
    accepted.push(ne(Outcome::Accepted, "2024-03-05"));
    assert_eq!(run(&accepted).unwrap().sdi, SdiState::Accepted);
}

#[test]
fn dates_never_run_backwards() {
    assert_eq!(
        run(&[sdi(RC, "2024-02-28")]).unwrap_err(),
        Refusal::DateBefore {
            on: d("2024-02-28"),
            earlier: d("2024-03-01"),
            what: EarlierDate::Issued
        }
    );
    assert_eq!(
        run(&[sdi(MC, "2024-03-05"), sdi(RC, "2024-03-04")]).unwrap_err(),
        Refusal::DateBefore {
            on: d("2024-03-04"),
            earlier: d("2024-03-05"),
            what: EarlierDate::PreviousNotification
        }
    );
    assert_eq!(
        run(&[
            sdi(RC, "2024-03-02"),
            step(InvoiceStep::Registered, "2024-03-05"),
            step(InvoiceStep::Assigned, "2024-03-04")
        ])
        .unwrap_err(),
        Refusal::DateBefore {
            on: d("2024-03-04"),
            earlier: d("2024-03-05"),
            what: EarlierDate::PreviousStep(InvoiceStep::Registered)
        }
    );
    assert_eq!(
        run(&[
            sdi(RC, "2024-03-06"),
            step(InvoiceStep::Registered, "2024-03-05")
        ])
        .unwrap_err(),
        Refusal::DateBefore {
            on: d("2024-03-05"),
            earlier: d("2024-03-06"),
            what: EarlierDate::Received
        }
    );
}

#[test]
fn the_agreed_term_is_one_to_sixty_days_and_fixed_once_paid() {
    assert_eq!(
        run(&[InvoiceEvent::AgreedTerm { days: 60 }])
            .unwrap()
            .agreed_term_days,
        Some(60)
    );
    assert_eq!(
        run(&[InvoiceEvent::AgreedTerm { days: 90 }]).unwrap_err(),
        Refusal::TermRange { days: 90 }
    );
    assert_eq!(
        run(&[InvoiceEvent::AgreedTerm { days: 0 }]).unwrap_err(),
        Refusal::TermRange { days: 0 }
    );
    let paid = [
        sdi(RC, "2024-03-02"),
        step(InvoiceStep::Registered, "2024-03-02"),
        step(InvoiceStep::Assigned, "2024-03-03"),
        step(InvoiceStep::Liquidated, "2024-03-04"),
        step(InvoiceStep::Paid, "2024-03-05"),
        InvoiceEvent::AgreedTerm { days: 45 },
    ];
    assert_eq!(run(&paid).unwrap_err(), Refusal::TermAfterPayment);
}
