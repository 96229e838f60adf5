//! The one error every front gets from the core: a class, a stable code, the message in the
//! person's language, and the details a front may show.
//!
//! Inside, each part of the core keeps its own detailed error enum (what went wrong, where).
//! At the edge — every method of [`Campanile`](crate::Campanile) — they become one [`Error`]
//! through [`Classify`], so the same fault has the same class in every front: the CLI maps the
//! class to its exit code in one place, the hub to its HTTP status, the bindings to one typed
//! exception.

mod classify;

use serde::Serialize;

use crate::i18n::{I18n, Localize};

/// What kind of failure it is: what the person (or the program) can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorClass {
    /// The input is wrong (a file, a notice number, a query, an option): correct it.
    BadInput,
    /// A service or resource did not answer or refused for now: try again later. Nothing was
    /// done.
    Unavailable,
    /// A request was sent and its outcome is not known (it may have taken effect): ask again
    /// before repeating it. Money and practices are never guessed.
    OutcomeUnknown,
    /// The thing asked for does not exist.
    NotFound,
    /// The thing exists but is not in a state that allows this (already paid, a payment in
    /// progress, a transition the rules forbid).
    Conflict,
    /// A defect or a broken device (database, keyring): not the person's doing.
    Internal,
}

impl ErrorClass {
    /// Every class, in a fixed order.
    pub const ALL: [ErrorClass; 6] = [
        ErrorClass::BadInput,
        ErrorClass::Unavailable,
        ErrorClass::OutcomeUnknown,
        ErrorClass::NotFound,
        ErrorClass::Conflict,
        ErrorClass::Internal,
    ];

    /// The class's name as serialised (`bad-input`, `unavailable`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::BadInput => "bad-input",
            ErrorClass::Unavailable => "unavailable",
            ErrorClass::OutcomeUnknown => "outcome-unknown",
            ErrorClass::NotFound => "not-found",
            ErrorClass::Conflict => "conflict",
            ErrorClass::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a front may show beside the message, by name (`notice`, `file`, `attempt`,
/// `continue-at`, …), each value as text.
pub type ErrorDetails = std::collections::BTreeMap<String, String>;

/// The core's one error, as every front receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// What kind of failure.
    pub class: ErrorClass,
    /// A stable code (`pay.already-paid`, `data.file-unreadable`, …): programs branch on it,
    /// never on the message.
    pub code: String,
    /// The message in the handle's language, secrets taken out.
    pub message: String,
    /// What a front may show beside the message.
    pub details: ErrorDetails,
}

impl Error {
    /// An error of `class` with `code` and an already-localized message.
    pub fn new(class: ErrorClass, code: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            class,
            code: code.into(),
            message: crate::secrets::redact(&message.into()).into_owned(),
            details: ErrorDetails::new(),
        }
    }

    /// Adds a detail (replacing one of the same name).
    pub fn with_detail(mut self, key: impl Into<String>, value: impl ToString) -> Error {
        self.details.insert(
            key.into(),
            crate::secrets::redact(&value.to_string()).into_owned(),
        );
        self
    }

    /// Puts `context` (the notice, the file) before the message.
    pub fn in_context(mut self, context: &str) -> Error {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// A detailed core error, classified and put into words in `i18n`'s language.
    pub fn from_domain<E: Classify + Localize>(i18n: &I18n, e: &E) -> Error {
        let mut err = Error::new(e.class(), e.code(), i18n.localize(e));
        for (k, v) in e.details() {
            err = err.with_detail(k, v);
        }
        err
    }

    /// An internal failure with a message that is not translated (a defect).
    pub fn internal(code: &str, detail: impl std::fmt::Display) -> Error {
        Error::new(ErrorClass::Internal, code, detail.to_string())
    }
}

/// How a detailed core error is seen at the edge.
pub trait Classify {
    /// Its class.
    fn class(&self) -> ErrorClass;
    /// Its stable code.
    fn code(&self) -> &'static str;
    /// Details a front may show (none by default).
    fn details(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// The core's result at the edge.
pub type Result<T, E = Error> = std::result::Result<T, E>;
