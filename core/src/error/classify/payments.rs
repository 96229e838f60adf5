//! pagoPA: the platform, the ledger, notices, photos, debt positions, printing.

use super::C;
use crate::error::Classify;
use crate::pagopa::NoticeError;
use crate::pagopa::ledger::LedgerError;
use crate::pagopa::platform::{PlatformError, PositionFileError, PositionNoticeError};
use crate::pagopa::print::PrintError;
use crate::pagopa::scan::PhotoScanError as PhotoError;

impl Classify for PlatformError {
    fn class(&self) -> C {
        match self {
            PlatformError::UnknownNotice { .. } | PlatformError::NotFound { .. } => C::NotFound,
            PlatformError::NoticeDataError { .. }
            | PlatformError::BadRequest { .. }
            | PlatformError::Unprocessable { .. } => C::BadInput,
            PlatformError::Expired { .. }
            | PlatformError::Revoked { .. }
            | PlatformError::AlreadyPaid { .. }
            | PlatformError::SettledPerCreditor { .. }
            | PlatformError::InProgress { .. }
            | PlatformError::Conflict { .. } => C::Conflict,
            PlatformError::CreditorUnavailable { .. } => C::Unavailable,
            // The key is the device's configuration, not the person's input.
            PlatformError::Unauthorized => C::Internal,
            PlatformError::Timeout
            | PlatformError::Transport { .. }
            | PlatformError::Server { .. }
            | PlatformError::Protocol { .. } => C::OutcomeUnknown,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            PlatformError::UnknownNotice { .. } => "pagopa.unknown-notice",
            PlatformError::NoticeDataError { .. } => "pagopa.notice-data-error",
            PlatformError::Expired { .. } => "pagopa.expired",
            PlatformError::Revoked { .. } => "pagopa.revoked",
            PlatformError::AlreadyPaid { .. } => "pagopa.already-paid",
            PlatformError::SettledPerCreditor { .. } => "pagopa.settled-per-creditor",
            PlatformError::InProgress { .. } => "pagopa.in-progress",
            PlatformError::CreditorUnavailable { .. } => "pagopa.creditor-unavailable",
            PlatformError::BadRequest { .. } => "pagopa.bad-request",
            PlatformError::Unprocessable { .. } => "pagopa.unprocessable",
            PlatformError::Unauthorized => "pagopa.unauthorized",
            PlatformError::NotFound { .. } => "pagopa.not-found",
            PlatformError::Conflict { .. } => "pagopa.conflict",
            PlatformError::Timeout => "pagopa.timeout",
            PlatformError::Transport { .. } => "pagopa.transport",
            PlatformError::Server { .. } => "pagopa.server",
            PlatformError::Protocol { .. } => "pagopa.protocol",
        }
    }
}

impl Classify for LedgerError {
    fn class(&self) -> C {
        match self {
            LedgerError::NoticeCount { .. } | LedgerError::DuplicateNotice { .. } => C::BadInput,
            LedgerError::AlreadyPaid { .. }
            | LedgerError::InProgress { .. }
            | LedgerError::NotPayable { .. }
            | LedgerError::WrongState { .. }
            | LedgerError::Concurrent { .. }
            | LedgerError::Busy { .. } => C::Conflict,
            LedgerError::NoAnswer { .. } => C::OutcomeUnknown,
            // Asked without an attempt: nothing can have happened.
            LedgerError::Unanswered { error, .. } => match error.class() {
                C::OutcomeUnknown => C::Unavailable,
                other => other,
            },
            LedgerError::Refused { error, .. } => match error.class() {
                // A refusal is an answer: the request did not take effect.
                C::OutcomeUnknown => C::Unavailable,
                other => other,
            },
            LedgerError::NoSuchAttempt { .. } => C::NotFound,
            LedgerError::Store(e) => e.class(),
            LedgerError::Db { .. } | LedgerError::Corrupt { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            LedgerError::NoticeCount { .. } => "pay.notice-count",
            LedgerError::DuplicateNotice { .. } => "pay.duplicate-notice",
            LedgerError::AlreadyPaid { .. } => "pay.already-paid",
            LedgerError::InProgress { .. } => "pay.in-progress",
            LedgerError::NotPayable { .. } => "pay.not-payable",
            LedgerError::NoAnswer { .. } => "pay.no-answer",
            LedgerError::Busy { .. } => "pay.busy",
            LedgerError::Unanswered { .. } => "pay.unanswered",
            LedgerError::Refused { error, .. } => error.code(),
            LedgerError::NoSuchAttempt { .. } => "pay.no-such-attempt",
            LedgerError::WrongState { .. } => "pay.wrong-state",
            LedgerError::Concurrent { .. } => "pay.concurrent",
            LedgerError::Store(e) => e.code(),
            LedgerError::Db { .. } => "pay.database",
            LedgerError::Corrupt { .. } => "pay.corrupt",
        }
    }
    fn details(&self) -> Vec<(&'static str, String)> {
        let mut d = Vec::new();
        match self {
            LedgerError::AlreadyPaid { rpt_id, .. }
            | LedgerError::DuplicateNotice { rpt_id }
            | LedgerError::Busy { rpt_id }
            | LedgerError::Unanswered { rpt_id, .. } => {
                d.push(("notice", rpt_id.to_string()));
            }
            LedgerError::InProgress {
                rpt_id,
                attempt,
                checkout_url,
                ..
            } => {
                d.push(("notice", rpt_id.to_string()));
                d.push(("attempt", attempt.to_string()));
                if let Some(url) = checkout_url {
                    d.push(("continue-at", url.to_string()));
                }
            }
            LedgerError::NotPayable {
                rpt_id, attempt, ..
            }
            | LedgerError::NoAnswer {
                rpt_id, attempt, ..
            }
            | LedgerError::Refused {
                rpt_id, attempt, ..
            } => {
                d.push(("notice", rpt_id.to_string()));
                d.push(("attempt", attempt.to_string()));
            }
            LedgerError::NoSuchAttempt { id }
            | LedgerError::WrongState { id, .. }
            | LedgerError::Concurrent { id } => d.push(("attempt", id.to_string())),
            _ => {}
        }
        d
    }
}

impl Classify for NoticeError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "pay.bad-notice"
    }
    /// The notice error's own fields (`field`, `problem`, `expected`, …) as text.
    fn details(&self) -> Vec<(&'static str, String)> {
        let mut d = Vec::new();
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(self) {
            for (k, v) in map {
                let key: &'static str = match k.as_str() {
                    "field" => "field",
                    "problem" => "problem",
                    "expected" => "expected",
                    "found" => "found",
                    "length" => "length",
                    "min" => "min",
                    "position" => "position",
                    "max" => "max",
                    _ => continue,
                };
                let text = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                d.push((key, text));
            }
        }
        d
    }
}

impl Classify for PhotoError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        match self {
            PhotoError::Read { .. } => "pay.photo-unreadable",
            PhotoError::Image { .. } => "pay.photo-not-an-image",
            PhotoError::TooLarge { .. } => "pay.photo-too-large",
        }
    }
}

impl Classify for PositionFileError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "positions.bad-file"
    }
}

impl Classify for PositionNoticeError {
    fn class(&self) -> C {
        match self {
            PositionNoticeError::Print(_) => C::Internal,
            PositionNoticeError::NotPayable { .. } | PositionNoticeError::NothingToPay { .. } => {
                C::Conflict
            }
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            PositionNoticeError::NotPayable { .. } => "positions.not-payable",
            PositionNoticeError::NothingToPay { .. } => "positions.nothing-to-pay",
            PositionNoticeError::Print(_) => "positions.print",
            _ => "positions.not-printable",
        }
    }
}

impl Classify for PrintError {
    fn class(&self) -> C {
        C::Internal
    }
    fn code(&self) -> &'static str {
        "pay.print"
    }
}
