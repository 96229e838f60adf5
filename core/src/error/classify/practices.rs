//! Practices: the catalog, deadlines, the feed, patron days.

use super::C;
use crate::error::Classify;
use crate::practices::catalog::CatalogError;
use crate::practices::deadline::DeadlineError;
use crate::practices::feed::FeedError;
use crate::practices::patrons::PatronError;
use crate::practices::practice::PracticeError;

impl Classify for CatalogError {
    fn class(&self) -> C {
        match self {
            CatalogError::NotFound { .. } => C::NotFound,
            CatalogError::Duplicate { .. } => C::Conflict,
            CatalogError::Db(_) | CatalogError::Corrupt { .. } => C::Internal,
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            CatalogError::NotFound { .. } => "procedures.not-found",
            CatalogError::Duplicate { .. } => "procedures.duplicate",
            CatalogError::Db(_) => "procedures.database",
            CatalogError::Corrupt { .. } => "procedures.corrupt",
            CatalogError::EmptyQuery => "procedures.empty-query",
            CatalogError::QueryTooLong { .. } => "procedures.query-too-long",
            _ => "procedures.bad-file",
        }
    }
}

impl Classify for DeadlineError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "practices.bad-dates"
    }
}

impl Classify for FeedError {
    fn class(&self) -> C {
        match self {
            FeedError::BadCursor { .. } => C::BadInput,
            FeedError::Db(_) => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            FeedError::BadCursor { .. } => "feed.bad-cursor",
            FeedError::Db(_) => "feed.database",
        }
    }
}

impl Classify for PatronError {
    fn class(&self) -> C {
        match self {
            PatronError::Db(_) => C::Internal,
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            PatronError::Db(_) => "patrons.database",
            _ => "patrons.bad-file",
        }
    }
}

impl Classify for PracticeError {
    fn class(&self) -> C {
        match self {
            PracticeError::NotFound { .. } => C::NotFound,
            PracticeError::Exists { .. }
            | PracticeError::Transition { .. }
            | PracticeError::TimeBackwards { .. } => C::Conflict,
            PracticeError::Field { .. } | PracticeError::Clock { .. } => C::BadInput,
            PracticeError::Db(_) | PracticeError::Corrupt(_) => C::Internal,
            PracticeError::Feed(e) => e.class(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            PracticeError::NotFound { .. } => "practices.not-found",
            PracticeError::Exists { .. } => "practices.exists",
            PracticeError::Transition { .. } => "practices.transition-refused",
            PracticeError::TimeBackwards { .. } => "practices.time-backwards",
            PracticeError::Field { .. } => "practices.bad-field",
            PracticeError::Clock { .. } => "practices.bad-dates",
            PracticeError::Db(_) => "practices.database",
            PracticeError::Corrupt(_) => "practices.corrupt",
            PracticeError::Feed(e) => e.code(),
        }
    }
}
