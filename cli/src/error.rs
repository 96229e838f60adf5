//! The CLI's error: what kind of failure (it picks the exit code) and the user-facing message.

use campanile_core::i18n::{I18n, Localize};

/// Kinds of failure, each with its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file, a query or a portal answer that is wrong: exit 3.
    BadInput,
    /// The network or a server failed: exit 4.
    Network,
    /// Anything else (a database that cannot be written, a bug): exit 1.
    Other,
}

impl Kind {
    pub fn exit_code(self) -> i32 {
        match self {
            Kind::BadInput => 3,
            Kind::Network => 4,
            Kind::Other => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::BadInput => "bad-input",
            Kind::Network => "network",
            Kind::Other => "other",
        }
    }
}

/// A failure, already put into words in the user's language.
#[derive(Debug)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
}

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> CliError {
        CliError {
            kind,
            message: message.into(),
        }
    }

    /// From any core error that has a Fluent message.
    pub fn localized(kind: Kind, i18n: &I18n, e: &dyn Localize) -> CliError {
        CliError::new(kind, i18n.localize(e))
    }
}
