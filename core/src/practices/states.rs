//! The states of a practice and the transitions between them.
//!
//! The states are those of the AgID technical specification for SUAP (DPR 160/2010,
//! `instance-descriptor-schema.yaml`, `instance_status.state`), with the same names. Building
//! (SUE, DPR 380/2001 art. 5) and registry requests run on the same states; each domain allows
//! the transitions that make sense for it (a registry request has no conferenza di servizi and no
//! SCIA outcomes). Besides the transitions, the timeline holds events that keep the state: notes,
//! documents, assignments, the art. 10-bis notice and observations, a building-permit proposal.

use serde::Serialize;

use super::deadline::Regime;

/// A state of the AgID SUAP instance (`instance_status.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being filled in by the applicant at the front office.
    Started,
    /// Sent and received: the clock starts.
    Presented,
    /// The admissibility check asked for a correction.
    CorrectionRequested,
    /// The correction arrived.
    Corrected,
    /// Refused (also when an asked-for correction does not come).
    Refused,
    /// An integration of documents was requested (the clock stops).
    IntegrationRequested,
    /// Ended: the integration did not arrive in time.
    EndedByIntegrationTimesExpired,
    /// The integrating documents arrived.
    Integrated,
    /// A synchronous conferenza di servizi was convened.
    CdssConvened,
    /// Ended: the activity is suspended (SCIA).
    EndedBySuspensionRequested,
    /// Ended: the activity must be conformed to the rules (SCIA).
    EndedByConformationRequested,
    /// Ended: the term to conclude expired.
    EndedByProceedingTimeExpired,
    /// Ended with a positive outcome.
    EndedByPositiveOutcome,
    /// Ended: the submitter cancelled it.
    EndedBySubmitterCancelRequested,
}

impl State {
    /// Every state, in the specification's order.
    pub const ALL: [State; 14] = [
        State::Started,
        State::Presented,
        State::CorrectionRequested,
        State::Corrected,
        State::Refused,
        State::IntegrationRequested,
        State::EndedByIntegrationTimesExpired,
        State::Integrated,
        State::CdssConvened,
        State::EndedBySuspensionRequested,
        State::EndedByConformationRequested,
        State::EndedByProceedingTimeExpired,
        State::EndedByPositiveOutcome,
        State::EndedBySubmitterCancelRequested,
    ];

    /// The specification's name.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Started => "started",
            State::Presented => "presented",
            State::CorrectionRequested => "correction_requested",
            State::Corrected => "corrected",
            State::Refused => "refused",
            State::IntegrationRequested => "integration_requested",
            State::EndedByIntegrationTimesExpired => "ended_by_integration_times_expired",
            State::Integrated => "integrated",
            State::CdssConvened => "cdss_convened",
            State::EndedBySuspensionRequested => "ended_by_suspension_requested",
            State::EndedByConformationRequested => "ended_by_conformation_requested",
            State::EndedByProceedingTimeExpired => "ended_by_proceeding_time_expired",
            State::EndedByPositiveOutcome => "ended_by_positive_outcome",
            State::EndedBySubmitterCancelRequested => "ended_by_submitter_cancel_requested",
        }
    }

    /// Reads a state by its specification name (case-insensitive, `-` for `_`); `None` if unknown.
    pub fn parse(s: &str) -> Option<State> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Refused or ended: nothing changes the state any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            State::Refused
                | State::EndedByIntegrationTimesExpired
                | State::EndedBySuspensionRequested
                | State::EndedByConformationRequested
                | State::EndedByProceedingTimeExpired
                | State::EndedByPositiveOutcome
                | State::EndedBySubmitterCancelRequested
        )
    }

    /// The states the specification's flow allows from this one (for any domain).
    ///
    /// - `started` → `presented` (the front office sends the instance; its receipt starts the
    ///   clock) or the submitter cancels;
    /// - `presented` → the admissibility check asks for a correction (`correction_requested`,
    ///   then `corrected`, or `refused` when it does not come), an integration
    ///   (`integration_requested`, then `integrated` or `ended_by_integration_times_expired`),
    ///   a synchronous conferenza di servizi (`cdss_convened`), or an outcome;
    /// - every state before an outcome can end by the submitter's cancellation.
    pub fn successors(self) -> &'static [State] {
        use State::*;
        const OUTCOMES: [State; 5] = [
            Refused,
            EndedBySuspensionRequested,
            EndedByConformationRequested,
            EndedByProceedingTimeExpired,
            EndedByPositiveOutcome,
        ];
        match self {
            Started => &[Presented, EndedBySubmitterCancelRequested],
            Presented => &[
                CorrectionRequested,
                IntegrationRequested,
                CdssConvened,
                OUTCOMES[0],
                OUTCOMES[1],
                OUTCOMES[2],
                OUTCOMES[3],
                OUTCOMES[4],
                EndedBySubmitterCancelRequested,
            ],
            CorrectionRequested => &[Corrected, Refused, EndedBySubmitterCancelRequested],
            Corrected => &[
                IntegrationRequested,
                CdssConvened,
                OUTCOMES[0],
                OUTCOMES[1],
                OUTCOMES[2],
                OUTCOMES[3],
                OUTCOMES[4],
                EndedBySubmitterCancelRequested,
            ],
            IntegrationRequested => &[
                Integrated,
                EndedByIntegrationTimesExpired,
                EndedBySubmitterCancelRequested,
            ],
            Integrated => &[
                CdssConvened,
                OUTCOMES[0],
                OUTCOMES[1],
                OUTCOMES[2],
                OUTCOMES[3],
                OUTCOMES[4],
                EndedBySubmitterCancelRequested,
            ],
            CdssConvened => &[
                OUTCOMES[0],
                OUTCOMES[1],
                OUTCOMES[2],
                OUTCOMES[3],
                OUTCOMES[4],
                EndedBySubmitterCancelRequested,
            ],
            _ => &[],
        }
    }
}

/// Which counter a practice belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Sportello unico per le attività produttive (DPR 160/2010).
    Suap,
    /// Sportello unico per l'edilizia (DPR 380/2001 art. 5).
    Sue,
    /// Registry requests (anagrafe, stato civile).
    Registry,
}

impl Domain {
    /// Every domain.
    pub const ALL: [Domain; 3] = [Domain::Suap, Domain::Sue, Domain::Registry];

    /// The domain's name (`suap`, `sue`, `registry`).
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Suap => "suap",
            Domain::Sue => "sue",
            Domain::Registry => "registry",
        }
    }

    /// Reads a domain by its name (case-insensitive); `None` if unknown.
    pub fn parse(s: &str) -> Option<Domain> {
        let s = s.trim().to_ascii_lowercase();
        Domain::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// Whether the domain knows `state` at all: a registry request has no conferenza di servizi
    /// and, not being a SCIA, no suspension or conformation order.
    pub fn has_state(self, state: State) -> bool {
        match self {
            Domain::Suap | Domain::Sue => true,
            Domain::Registry => !matches!(
                state,
                State::CdssConvened
                    | State::EndedBySuspensionRequested
                    | State::EndedByConformationRequested
            ),
        }
    }
}

/// What an event of the timeline does. Serialized as its name (`presented`, `note`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PracticeEventKind {
    /// The practice enters this state.
    To(State),
    /// A note; any time, even after the end.
    Note,
    /// A document added (attachments listed); any time.
    Document,
    /// The practice is assigned to an office or official (the note says to whom).
    Assigned,
    /// Art. 10-bis: the notice of the reasons against the application was received.
    RefusalNotice,
    /// Art. 10-bis: the applicant's observations arrived.
    Observations,
    /// DPR 380/2001 art. 20 c. 3: the proposal of decision was made.
    Proposal,
}

impl PracticeEventKind {
    /// The event's name as stored and serialized (a state's name for a transition).
    pub fn as_str(self) -> &'static str {
        match self {
            PracticeEventKind::To(s) => s.as_str(),
            PracticeEventKind::Note => "note",
            PracticeEventKind::Document => "document",
            PracticeEventKind::Assigned => "assigned",
            PracticeEventKind::RefusalNotice => "refusal_notice",
            PracticeEventKind::Observations => "observations",
            PracticeEventKind::Proposal => "proposal",
        }
    }

    /// Reads an event kind by its name (a state's name or `note`, `document`, …); `None` if
    /// unknown.
    pub fn parse(s: &str) -> Option<PracticeEventKind> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        match t.as_str() {
            "note" => Some(PracticeEventKind::Note),
            "document" => Some(PracticeEventKind::Document),
            "assigned" => Some(PracticeEventKind::Assigned),
            "refusal_notice" => Some(PracticeEventKind::RefusalNotice),
            "observations" => Some(PracticeEventKind::Observations),
            "proposal" => Some(PracticeEventKind::Proposal),
            _ => State::parse(&t).map(PracticeEventKind::To),
        }
    }

    /// Every kind, for messages and tests.
    pub fn all() -> Vec<PracticeEventKind> {
        let mut v: Vec<PracticeEventKind> =
            State::ALL.into_iter().map(PracticeEventKind::To).collect();
        v.extend([
            PracticeEventKind::Note,
            PracticeEventKind::Document,
            PracticeEventKind::Assigned,
            PracticeEventKind::RefusalNotice,
            PracticeEventKind::Observations,
            PracticeEventKind::Proposal,
        ]);
        v
    }
}

impl Serialize for PracticeEventKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What the state machine needs to know of a practice besides its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    /// The counter the practice belongs to.
    pub domain: Domain,
    /// The legal clock it runs on.
    pub regime: Regime,
    /// Its current state.
    pub state: State,
    /// An integration was already requested once (art. 2 c. 7: once only).
    pub integration_requested: bool,
    /// An art. 10-bis notice awaits observations.
    pub refusal_notice_open: bool,
    /// A building-permit proposal was already made (art. 20 c. 3: once).
    pub proposal_made: bool,
}

/// Why an event is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The flow does not allow this transition.
    #[error("a practice in state {from} cannot go to {to}")]
    NotAllowed {
        /// The current state.
        from: State,
        /// The state asked for.
        to: State,
    },
    /// The domain has no such state (e.g. a registry request and a conferenza di servizi).
    #[error("a {domain} practice has no state {to}")]
    NotInDomain {
        /// The practice's domain.
        domain: Domain,
        /// The state asked for.
        to: State,
    },
    /// A SCIA-only outcome on a practice that is not a SCIA.
    #[error("{to} ends a SCIA only; this practice runs on the {regime} clock")]
    SciaOnly {
        /// The SCIA-only state asked for.
        to: State,
        /// The practice's regime.
        regime: Regime,
    },
    /// A second integration request (L. 241/1990 art. 2 c. 7 allows one).
    #[error("an integration was already requested once (L. 241/1990 art. 2 c. 7)")]
    IntegrationTwice,
    /// The practice is closed: only notes and documents can be added.
    #[error("the practice is closed ({state}): only notes and documents can be added")]
    Closed {
        /// Its final state.
        state: State,
    },
    /// An event needs something the practice has not got (e.g. observations without a notice).
    #[error("{kind} needs {needs}")]
    Precondition {
        /// The event's name.
        kind: &'static str,
        /// What it needs.
        needs: &'static str,
    },
}

impl Machine {
    /// The machine of a new practice (state `started`) in `domain` on the `regime` clock.
    pub fn new(domain: Domain, regime: Regime) -> Machine {
        Machine {
            domain,
            regime,
            state: State::Started,
            integration_requested: false,
            refusal_notice_open: false,
            proposal_made: false,
        }
    }

    /// Checks `kind` against the machine and, when allowed, applies it.
    pub fn apply(&mut self, kind: PracticeEventKind) -> Result<(), TransitionError> {
        let next = self.check(kind)?;
        *self = next;
        Ok(())
    }

    /// The machine after `kind`, or why `kind` is not allowed now.
    pub fn check(&self, kind: PracticeEventKind) -> Result<Machine, TransitionError> {
        let mut m = *self;
        let open = !self.state.is_final();
        let running = matches!(
            self.state,
            State::Presented | State::Corrected | State::Integrated | State::CdssConvened
        );
        match kind {
            PracticeEventKind::Note | PracticeEventKind::Document => {}
            PracticeEventKind::Assigned if open => {}
            PracticeEventKind::RefusalNotice if running && !self.regime.is_scia() => {
                if self.refusal_notice_open {
                    return Err(TransitionError::Precondition {
                        kind: "refusal_notice",
                        needs: "the observations on the previous notice first",
                    });
                }
                m.refusal_notice_open = true;
            }
            PracticeEventKind::RefusalNotice if open => {
                return Err(TransitionError::Precondition {
                    kind: "refusal_notice",
                    needs: "a presented application on a clock other than SCIA",
                });
            }
            PracticeEventKind::Observations if open => {
                if !self.refusal_notice_open {
                    return Err(TransitionError::Precondition {
                        kind: "observations",
                        needs: "a refusal_notice first",
                    });
                }
                m.refusal_notice_open = false;
            }
            PracticeEventKind::Proposal if open => {
                if self.regime != Regime::BuildingPermit || !running || self.proposal_made {
                    return Err(TransitionError::Precondition {
                        kind: "proposal",
                        needs: "a building permit under examination, without a proposal yet",
                    });
                }
                m.proposal_made = true;
            }
            PracticeEventKind::To(to) => {
                if !open {
                    return Err(TransitionError::Closed { state: self.state });
                }
                if !self.domain.has_state(to) {
                    return Err(TransitionError::NotInDomain {
                        domain: self.domain,
                        to,
                    });
                }
                if !self.state.successors().contains(&to) {
                    return Err(TransitionError::NotAllowed {
                        from: self.state,
                        to,
                    });
                }
                if matches!(
                    to,
                    State::EndedBySuspensionRequested | State::EndedByConformationRequested
                ) && !self.regime.is_scia()
                {
                    return Err(TransitionError::SciaOnly {
                        to,
                        regime: self.regime,
                    });
                }
                if to == State::IntegrationRequested {
                    if self.integration_requested {
                        return Err(TransitionError::IntegrationTwice);
                    }
                    m.integration_requested = true;
                }
                if to.is_final() {
                    m.refusal_notice_open = false;
                }
                m.state = to;
            }
            _ => return Err(TransitionError::Closed { state: self.state }),
        }
        Ok(m)
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Domain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
