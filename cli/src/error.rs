//! The CLI's error is the core's one error ([`campanile_core::Error`]): its class picks the
//! exit code (in `main.rs`, one table), its code and details go out in `--json`.
//!
//! The few failures the CLI finds itself (an argument it cannot read) are made here with a
//! class, never with an exit code.

use campanile_core::error::Classify;
use campanile_core::i18n::{I18n, Localize};
use campanile_core::{Error, ErrorClass};

/// The CLI's error: the core's.
pub type CliError = Error;

/// What kind of failure the CLI found itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An argument or a file that is wrong.
    BadInput,
    /// The device failed (a file that cannot be written).
    Other,
}

impl Kind {
    fn class(self) -> ErrorClass {
        match self {
            Kind::BadInput => ErrorClass::BadInput,
            Kind::Other => ErrorClass::Internal,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Kind::BadInput => "cli.bad-argument",
            Kind::Other => "cli.failed",
        }
    }
}

/// A failure the CLI found, already in words.
pub fn fail(kind: Kind, message: impl Into<String>) -> Error {
    Error::new(kind.class(), kind.code(), message)
}

/// A core error, classified by the core's table and put in the CLI's language.
pub fn localized<E: Classify + Localize>(i18n: &I18n, e: &E) -> Error {
    Error::from_domain(i18n, e)
}
