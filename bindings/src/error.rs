//! The core's one error as the one FFI error: `CampanileException.Core` in Kotlin,
//! `CampanileError.core` in Swift, with the core's class, stable code, message and details.

use std::collections::HashMap;

/// What kind of failure (the core's `ErrorClass`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ErrorClass {
    /// The input is wrong: correct it.
    BadInput,
    /// A service did not answer or refused for now: try again later.
    Unavailable,
    /// A request was sent and its outcome is not known: ask again before repeating it.
    OutcomeUnknown,
    /// The thing asked for does not exist.
    NotFound,
    /// The thing is not in a state that allows this.
    Conflict,
    /// A defect or a broken device.
    Internal,
}

impl From<campanile_core::ErrorClass> for ErrorClass {
    fn from(c: campanile_core::ErrorClass) -> ErrorClass {
        use campanile_core::ErrorClass as C;
        match c {
            C::BadInput => ErrorClass::BadInput,
            C::Unavailable => ErrorClass::Unavailable,
            C::OutcomeUnknown => ErrorClass::OutcomeUnknown,
            C::NotFound => ErrorClass::NotFound,
            C::Conflict => ErrorClass::Conflict,
            C::Internal => ErrorClass::Internal,
        }
    }
}

/// The one error every exported call may raise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum CampanileError {
    /// The core's error: programs branch on `code`, people read `text`.
    #[error("{code}: {text}")]
    Core {
        /// Its class (what the person or the program can do about it).
        error_class: ErrorClass,
        /// Its stable code (`pay.already-paid`, `notice.bad-check-digit`, …).
        code: String,
        /// The message in the handle's language.
        text: String,
        /// What a front may show beside the message.
        details: HashMap<String, String>,
    },
}

impl CampanileError {
    /// An internal error of the bindings themselves (never the person's doing).
    pub(crate) fn internal(code: &str, text: impl std::fmt::Display) -> CampanileError {
        CampanileError::from(campanile_core::Error::internal(code, text))
    }

    /// Bad input found by the bindings (an argument the core's types cannot hold).
    pub(crate) fn bad_input(code: &str, text: impl std::fmt::Display) -> CampanileError {
        CampanileError::from(campanile_core::Error::new(
            campanile_core::ErrorClass::BadInput,
            code,
            text.to_string(),
        ))
    }
}

impl From<campanile_core::Error> for CampanileError {
    fn from(e: campanile_core::Error) -> CampanileError {
        CampanileError::Core {
            error_class: e.class.into(),
            code: e.code,
            text: e.message,
            details: e.details.into_iter().collect(),
        }
    }
}

/// A foreign callback that failed in a way its interface does not declare.
impl From<uniffi::UnexpectedUniFFICallbackError> for CampanileError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> CampanileError {
        CampanileError::internal("ffi.callback", e.reason)
    }
}

/// The bindings' results.
pub type Result<T, E = CampanileError> = std::result::Result<T, E>;
