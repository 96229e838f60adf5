//! The life of a supplier invoice as pure functions: what SdI said about it (RC, NS, MC, NE,
//! DT, AT), then the comune's own steps (registered in protocol, assigned to an office,
//! liquidated, paid), each with its date. [`apply`] accepts an event or says why it is
//! impossible; [`replay`] rebuilds the state from the stored events.
//!
//! The SdI track (Sistema di Interscambio, "Specifiche tecniche" of the FatturaPA exchange):
//!
//! ```text
//! Submitted ─NS→ Rejected (final: the file never became an invoice)
//! Submitted ─MC→ NotDelivered ─AT→ TransmissionAttested
//! Submitted | NotDelivered ─RC→ Delivered ─NE EC01→ Accepted
//!                                         ─NE EC02→ Refused
//!                                         ─DT→ TermsElapsed (no outcome in 15 days; no NE after)
//! ```
//!
//! The comune's track runs in order, Registered → Assigned → Liquidated → Paid, once the
//! invoice reached the comune (RC, AT, or — when no notification was recorded — registering it
//! is itself the proof that it arrived). Nothing follows a refusal (EC02), and an invoice
//! already liquidated cannot be refused. Dates never run backwards within a track, and no
//! comune step is dated before the invoice reached the comune.

use campanile_fatturapa::sdi::{NotificationKind, Outcome};
use chrono::NaiveDate;

/// Where the invoice stands with SdI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SdiState {
    /// Imported; SdI has said nothing yet.
    Submitted,
    /// NS: SdI rejected the file.
    Rejected,
    /// MC: SdI could not deliver it (yet).
    NotDelivered,
    /// RC: delivered to the comune.
    Delivered,
    /// NE EC01: accepted by the comune.
    Accepted,
    /// NE EC02: refused by the comune.
    Refused,
    /// DT: 15 days passed with no outcome.
    TermsElapsed,
    /// AT: delivery impossible, transmission attested.
    TransmissionAttested,
}

impl SdiState {
    /// A stable identifier (message ids, JSON).
    pub fn code(self) -> &'static str {
        match self {
            SdiState::Submitted => "submitted",
            SdiState::Rejected => "rejected",
            SdiState::NotDelivered => "not-delivered",
            SdiState::Delivered => "delivered",
            SdiState::Accepted => "accepted",
            SdiState::Refused => "refused",
            SdiState::TermsElapsed => "terms-elapsed",
            SdiState::TransmissionAttested => "transmission-attested",
        }
    }

    /// True once the invoice reached (or is deemed to have reached) the comune.
    fn reached_comune(self) -> bool {
        matches!(
            self,
            SdiState::Delivered
                | SdiState::Accepted
                | SdiState::TermsElapsed
                | SdiState::TransmissionAttested
        )
    }
}

/// The comune's own steps, in the order they must happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvoiceStep {
    /// Registered in the protocol.
    Registered,
    /// Assigned to the office that checks it.
    Assigned,
    /// Liquidated (the expense is certified as due).
    Liquidated,
    /// Paid (payment order issued).
    Paid,
}

impl InvoiceStep {
    /// Every step, in order.
    pub const ALL: [InvoiceStep; 4] = [
        InvoiceStep::Registered,
        InvoiceStep::Assigned,
        InvoiceStep::Liquidated,
        InvoiceStep::Paid,
    ];

    /// The step's stable code (`registered`, `assigned`, `liquidated`, `paid`).
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStep::Registered => "registered",
            InvoiceStep::Assigned => "assigned",
            InvoiceStep::Liquidated => "liquidated",
            InvoiceStep::Paid => "paid",
        }
    }

    /// The step of a stored code; `None` if unknown.
    pub fn from_code(code: &str) -> Option<InvoiceStep> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    fn previous(self) -> Option<InvoiceStep> {
        match self {
            InvoiceStep::Registered => None,
            InvoiceStep::Assigned => Some(InvoiceStep::Registered),
            InvoiceStep::Liquidated => Some(InvoiceStep::Assigned),
            InvoiceStep::Paid => Some(InvoiceStep::Liquidated),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Something that happened to an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceEvent {
    /// An SdI notification, dated the day it speaks of.
    Sdi {
        /// Which notification (RC, NS, MC, NE, DT, AT).
        kind: NotificationKind,
        /// The comune's outcome, for an NE (EC01 accepted, EC02 refused).
        outcome: Option<Outcome>,
        /// The day it speaks of.
        on: NaiveDate,
    },
    /// A step of the comune.
    Step {
        /// The step.
        step: InvoiceStep,
        /// The day it was done.
        on: NaiveDate,
    },
    /// A payment term agreed in writing, in days (D.Lgs 231/2002 art. 4 c. 4: at most 60).
    AgreedTerm {
        /// The term in days.
        days: u32,
    },
}

impl InvoiceEvent {
    /// The stable name stored in `invoice_events.kind`: the SdI code (`RC`…), the step
    /// (`registered`…) or `term`.
    pub fn kind_code(&self) -> &'static str {
        match self {
            InvoiceEvent::Sdi { kind, .. } => kind.code(),
            InvoiceEvent::Step { step, .. } => step.code(),
            InvoiceEvent::AgreedTerm { .. } => "term",
        }
    }

    /// The day the event happened, if it has one (an agreed term has none).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            InvoiceEvent::Sdi { on, .. } | InvoiceEvent::Step { on, .. } => Some(*on),
            InvoiceEvent::AgreedTerm { .. } => None,
        }
    }
}

/// The state of one invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// The invoice's own date (no event may precede it).
    pub issued_on: NaiveDate,
    /// Where SdI's notifications have taken the invoice.
    pub sdi: SdiState,
    /// The date of the last SdI notification.
    pub sdi_on: Option<NaiveDate>,
    /// When the invoice reached the comune: the payment term runs from this day (see
    /// `terms`).
    pub received_on: Option<NaiveDate>,
    /// How `received_on` is known.
    pub received_by: Option<ReceiptKind>,
    /// The date of each comune step done, by [`InvoiceStep`] order.
    pub steps: [Option<NaiveDate>; 4],
    /// The agreed payment term in days, when one was recorded.
    pub agreed_term_days: Option<u32>,
}

/// How the day of receipt is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    /// The delivery date of SdI's RC.
    Delivery,
    /// The day SdI's AT (transmission attested) was recorded.
    Attestation,
    /// No notification: the protocol registration date.
    Registration,
}

impl ReceiptKind {
    /// A stable code (`delivery`, `attestation`, `registration`).
    pub fn code(self) -> &'static str {
        match self {
            ReceiptKind::Delivery => "delivery",
            ReceiptKind::Attestation => "attestation",
            ReceiptKind::Registration => "registration",
        }
    }
}

/// Why an event cannot happen now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// This SdI notification cannot follow the current SdI state.
    SdiOrder {
        /// The notification.
        kind: NotificationKind,
        /// The current SdI state.
        state: SdiState,
    },
    /// An NE without its outcome (EC01/EC02).
    OutcomeMissing,
    /// The step was already recorded.
    StepDone {
        /// The step.
        step: InvoiceStep,
        /// The day it was already recorded on.
        on: NaiveDate,
    },
    /// The step needs the previous one first.
    StepOrder {
        /// The step.
        step: InvoiceStep,
        /// The step it needs first.
        needs: InvoiceStep,
    },
    /// A comune step before the invoice reached the comune.
    NotReceived {
        /// The step.
        step: InvoiceStep,
        /// The current SdI state.
        state: SdiState,
    },
    /// A comune step after the comune refused the invoice (EC02).
    AfterRefusal {
        /// The step.
        step: InvoiceStep,
    },
    /// An SdI notification that contradicts the comune's steps: the comune cannot have
    /// registered (or liquidated) what SdI rejected, failed to deliver, or what it refuses now.
    ContradictsSteps {
        /// The notification.
        kind: NotificationKind,
        /// The step it contradicts.
        step: InvoiceStep,
    },
    /// The event's date is before an earlier one it must follow.
    DateBefore {
        /// The event's date.
        on: NaiveDate,
        /// The date it must not precede.
        earlier: NaiveDate,
        /// What that earlier date is.
        what: EarlierDate,
    },
    /// A payment term outside 1–60 days (D.Lgs 231/2002 art. 4 c. 4).
    TermRange {
        /// The term given, in days.
        days: u32,
    },
    /// The term cannot change once the invoice is paid.
    TermAfterPayment,
}

/// What an event's date is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarlierDate {
    /// The invoice's own date.
    Issued,
    /// The previous SdI notification.
    PreviousNotification,
    /// The day the invoice reached the comune.
    Received,
    /// The comune's previous step.
    PreviousStep(InvoiceStep),
}

impl Lifecycle {
    /// A just-imported invoice dated `issued_on`.
    pub fn new(issued_on: NaiveDate) -> Lifecycle {
        Lifecycle {
            issued_on,
            sdi: SdiState::Submitted,
            sdi_on: None,
            received_on: None,
            received_by: None,
            steps: [None; 4],
            agreed_term_days: None,
        }
    }

    /// The last comune step done.
    pub fn last_step(&self) -> Option<InvoiceStep> {
        InvoiceStep::ALL
            .into_iter()
            .rev()
            .find(|s| self.steps[s.index()].is_some())
    }

    /// The date of `step`, when done.
    pub fn step_date(&self, step: InvoiceStep) -> Option<NaiveDate> {
        self.steps[step.index()]
    }
}

/// Rebuilds the state from the events, in order. Stored events were all accepted when they
/// were recorded, so a refusal here means the database was edited by hand.
pub fn replay<'a>(
    issued_on: NaiveDate,
    events: impl IntoIterator<Item = &'a InvoiceEvent>,
) -> Result<Lifecycle, Refusal> {
    events
        .into_iter()
        .try_fold(Lifecycle::new(issued_on), |state, e| apply(&state, e))
}

/// The state after `event`, or why it cannot happen.
pub fn apply(state: &Lifecycle, event: &InvoiceEvent) -> Result<Lifecycle, Refusal> {
    let mut next = state.clone();
    match *event {
        InvoiceEvent::Sdi { kind, outcome, on } => {
            not_before(on, state.issued_on, EarlierDate::Issued)?;
            if let Some(prev) = state.sdi_on {
                not_before(on, prev, EarlierDate::PreviousNotification)?;
            }
            next.sdi = sdi_transition(state, kind, outcome)?;
            next.sdi_on = Some(on);
            match kind {
                NotificationKind::Delivered => {
                    // Registered before SdI delivered it? Only if the delivery day is not later.
                    if let Some(reg) = state.step_date(InvoiceStep::Registered) {
                        not_before(reg, on, EarlierDate::Received)?;
                    }
                    next.received_on = Some(on);
                    next.received_by = Some(ReceiptKind::Delivery);
                }
                NotificationKind::TransmissionAttested if state.received_on.is_none() => {
                    next.received_on = Some(on);
                    next.received_by = Some(ReceiptKind::Attestation);
                }
                _ => {}
            }
        }
        InvoiceEvent::Step { step, on } => {
            if let Some(done) = state.step_date(step) {
                return Err(Refusal::StepDone { step, on: done });
            }
            if let Some(needs) = step.previous()
                && state.step_date(needs).is_none()
            {
                return Err(Refusal::StepOrder { step, needs });
            }
            if state.sdi == SdiState::Refused {
                return Err(Refusal::AfterRefusal { step });
            }
            // Registering an invoice of which SdI said nothing is itself the proof that it
            // arrived; otherwise SdI must have delivered (or attested) it.
            let unnotified_registration =
                step == InvoiceStep::Registered && state.sdi == SdiState::Submitted;
            if !state.sdi.reached_comune() && !unnotified_registration {
                return Err(Refusal::NotReceived {
                    step,
                    state: state.sdi,
                });
            }
            not_before(on, state.issued_on, EarlierDate::Issued)?;
            if let Some(received) = state.received_on {
                not_before(on, received, EarlierDate::Received)?;
            }
            if let Some(prev) = step.previous()
                && let Some(prev_on) = state.step_date(prev)
            {
                not_before(on, prev_on, EarlierDate::PreviousStep(prev))?;
            }
            next.steps[step.index()] = Some(on);
            if step == InvoiceStep::Registered && next.received_on.is_none() {
                next.received_on = Some(on);
                next.received_by = Some(ReceiptKind::Registration);
            }
        }
        InvoiceEvent::AgreedTerm { days } => {
            if !(1..=60).contains(&days) {
                return Err(Refusal::TermRange { days });
            }
            if state.step_date(InvoiceStep::Paid).is_some() {
                return Err(Refusal::TermAfterPayment);
            }
            next.agreed_term_days = Some(days);
        }
    }
    Ok(next)
}

fn not_before(on: NaiveDate, earlier: NaiveDate, what: EarlierDate) -> Result<(), Refusal> {
    if on < earlier {
        return Err(Refusal::DateBefore { on, earlier, what });
    }
    Ok(())
}

fn sdi_transition(
    state: &Lifecycle,
    kind: NotificationKind,
    outcome: Option<Outcome>,
) -> Result<SdiState, Refusal> {
    use NotificationKind as K;
    use SdiState as S;
    let wrong = || Refusal::SdiOrder {
        kind,
        state: state.sdi,
    };
    let last_step = state.last_step();
    let next = match (kind, state.sdi) {
        (K::Rejected | K::NotDelivered, S::Submitted) => {
            if let Some(step) = last_step {
                return Err(Refusal::ContradictsSteps { kind, step });
            }
            if kind == K::Rejected {
                S::Rejected
            } else {
                S::NotDelivered
            }
        }
        (K::Delivered, S::Submitted | S::NotDelivered) => S::Delivered,
        (K::TransmissionAttested, S::NotDelivered) => S::TransmissionAttested,
        (K::Outcome, S::Delivered) => match outcome.ok_or(Refusal::OutcomeMissing)? {
            Outcome::Accepted => S::Accepted,
            Outcome::Refused => {
                if let Some(step) = last_step.filter(|s| *s >= InvoiceStep::Liquidated) {
                    return Err(Refusal::ContradictsSteps { kind, step });
                }
                S::Refused
            }
        },
        (K::TermsElapsed, S::Delivered) => S::TermsElapsed,
        _ => return Err(wrong()),
    };
    Ok(next)
}

#[cfg(test)]
mod tests;
