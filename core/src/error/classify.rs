//! Every detailed core error, classified: one table, so the same fault has the same class
//! whichever part of the core met it. A platform that does not answer is `unavailable` when
//! nothing can have happened (a read) and `outcome-unknown` when a payment or a position may
//! have been made; a creditor that says it is unavailable is `unavailable` everywhere.

use super::{Classify, ErrorClass as C};
use crate::beacons::registry::RegistryError;
use crate::beacons::trace::TraceError;
use crate::invoices::InvoiceError;
use crate::opendata::db::DbError;
use crate::opendata::harvest::HarvestError;
use crate::opendata::import::ImportError;
use crate::opendata::normalize::NormalizeError;
use crate::opendata::sync::SyncError;
use crate::opendata::tiles::TilesError;
use crate::pagopa::NoticeError;
use crate::pagopa::ledger::LedgerError;
use crate::pagopa::platform::{PlatformError, PositionFileError, PositionNoticeError};
use crate::pagopa::print::PrintError;
use crate::pagopa::scan::ScanError as PhotoError;
use crate::practices::catalog::CatalogError;
use crate::practices::deadline::DeadlineError;
use crate::practices::feed::FeedError;
use crate::practices::patrons::PatronError;
use crate::practices::practice::PracticeError;
use crate::secrets::SecretsError;
use crate::store::StoreError;

impl Classify for StoreError {
    fn class(&self) -> C {
        match self {
            StoreError::TooNew { .. } => C::Conflict,
            _ => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => "store.open",
            StoreError::TooNew { .. } => "store.too-new",
            StoreError::Migration { .. } => "store.migration",
            StoreError::Sqlite(_) => "store.sqlite",
        }
    }
}

impl Classify for SecretsError {
    fn class(&self) -> C {
        match self {
            SecretsError::UnknownName { .. }
            | SecretsError::BadService { .. }
            | SecretsError::Value { .. } => C::BadInput,
            SecretsError::Unavailable { .. } | SecretsError::Backend { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            SecretsError::UnknownName { .. } => "secrets.unknown-name",
            SecretsError::BadService { .. } => "secrets.bad-service",
            SecretsError::Value { .. } => "secrets.bad-value",
            SecretsError::Unavailable { .. } => "secrets.unavailable",
            SecretsError::Backend { .. } => "secrets.backend",
        }
    }
}

impl Classify for PlatformError {
    fn class(&self) -> C {
        match self {
            PlatformError::UnknownNotice { .. } | PlatformError::NotFound { .. } => C::NotFound,
            PlatformError::NoticeDataError { .. } | PlatformError::BadRequest { .. } => C::BadInput,
            PlatformError::Expired { .. }
            | PlatformError::Revoked { .. }
            | PlatformError::AlreadyPaid { .. }
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
            PlatformError::InProgress { .. } => "pagopa.in-progress",
            PlatformError::CreditorUnavailable { .. } => "pagopa.creditor-unavailable",
            PlatformError::BadRequest { .. } => "pagopa.bad-request",
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

impl Classify for DbError {
    fn class(&self) -> C {
        match self {
            DbError::EmptyQuery | DbError::QueryTooLong { .. } | DbError::BadPosition { .. } => {
                C::BadInput
            }
            DbError::Sqlite(_) | DbError::Corrupt { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            DbError::EmptyQuery => "places.empty-query",
            DbError::QueryTooLong { .. } => "places.query-too-long",
            DbError::BadPosition { .. } => "places.bad-position",
            DbError::Sqlite(_) => "places.database",
            DbError::Corrupt { .. } => "places.corrupt",
        }
    }
}

impl Classify for HarvestError {
    fn class(&self) -> C {
        match self {
            HarvestError::Status { status, .. } if *status == 404 || *status == 410 => C::NotFound,
            HarvestError::Unavailable { .. }
            | HarvestError::Network { .. }
            | HarvestError::Timeout { .. }
            | HarvestError::Truncated { .. } => C::Unavailable,
            HarvestError::Status { .. }
            | HarvestError::TooLarge { .. }
            | HarvestError::Json { .. }
            | HarvestError::Unexpected { .. }
            | HarvestError::Ckan { .. }
            | HarvestError::Rdf { .. }
            | HarvestError::InvalidUrl { .. } => C::BadInput,
            HarvestError::Client { .. } => C::Internal,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            HarvestError::Status { .. } => "data.http-status",
            HarvestError::Unavailable { .. } => "data.portal-unavailable",
            HarvestError::Network { .. } => "data.network",
            HarvestError::Timeout { .. } => "data.timeout",
            HarvestError::Truncated { .. } => "data.truncated",
            HarvestError::TooLarge { .. } => "data.too-large",
            HarvestError::Json { .. } => "data.bad-json",
            HarvestError::Unexpected { .. } => "data.unexpected-answer",
            HarvestError::Ckan { .. } => "data.ckan-refused",
            HarvestError::Rdf { .. } => "data.bad-rdf",
            HarvestError::InvalidUrl { .. } => "data.bad-url",
            HarvestError::Client { .. } => "data.http-client",
        }
    }
}

impl Classify for SyncError {
    fn class(&self) -> C {
        match self {
            SyncError::Harvest(e) => e.class(),
            SyncError::Db(e) => e.class(),
            SyncError::Store(e) => e.class(),
            // Asked for: nothing is broken, the rest can be fetched again later.
            SyncError::Cancelled => C::Unavailable,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            SyncError::Harvest(e) => e.code(),
            SyncError::Db(e) => e.code(),
            SyncError::Store(e) => e.code(),
            SyncError::Cancelled => "data.sync-cancelled",
        }
    }
}

impl Classify for NormalizeError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        match self {
            NormalizeError::UnsupportedFormat { .. } => "data.unsupported-format",
            NormalizeError::Syntax { .. } => "data.syntax",
            NormalizeError::NoRecords { .. } => "data.no-records",
        }
    }
}

impl Classify for ImportError {
    fn class(&self) -> C {
        match self {
            ImportError::Read { .. } => C::BadInput,
            ImportError::Normalize { source: e, .. } => e.class(),
            ImportError::Db(e) => e.class(),
            ImportError::Cancelled => C::Unavailable,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            ImportError::Read { .. } => "data.file-unreadable",
            ImportError::Normalize { source: e, .. } => e.code(),
            ImportError::Db(e) => e.code(),
            ImportError::Cancelled => "data.import-cancelled",
        }
    }
}

impl Classify for TilesError {
    fn class(&self) -> C {
        match self {
            TilesError::Sqlite { .. } | TilesError::Write { .. } => C::Internal,
            TilesError::OutOfRange { .. } => C::NotFound,
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            TilesError::Io { .. } => "tiles.io",
            TilesError::UnknownFormat { .. } => "tiles.unknown-format",
            TilesError::UnsupportedPmtilesVersion { .. } => "tiles.pmtiles-version",
            TilesError::Corrupt { .. } => "tiles.corrupt",
            TilesError::UnsupportedCompression { .. } => "tiles.compression",
            TilesError::Sqlite { .. } => "tiles.database",
            TilesError::NotMbtiles { .. } => "tiles.not-mbtiles",
            TilesError::OutOfRange { .. } => "tiles.out-of-range",
            TilesError::ZoomTooDeep { .. } => "tiles.zoom-too-deep",
            TilesError::Decode { .. } => "tiles.decode",
            TilesError::GeoJson { .. } => "tiles.geojson",
            TilesError::InvalidOption { .. } => "tiles.bad-option",
            TilesError::Write { .. } => "tiles.write",
        }
    }
}

impl Classify for RegistryError {
    fn class(&self) -> C {
        match self {
            RegistryError::Db(_) => C::Internal,
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            RegistryError::Db(_) => "beacons.database",
            RegistryError::Duplicate { .. } => "beacons.duplicate",
            _ => "beacons.bad-registry-file",
        }
    }
}

#[cfg(feature = "ble")]
impl Classify for crate::beacons::scanner_btleplug::ScanError {
    /// No adapter, no Bluetooth service, a scan that failed: try again when Bluetooth is on.
    fn class(&self) -> C {
        C::Unavailable
    }
    fn code(&self) -> &'static str {
        use crate::beacons::scanner_btleplug::ScanError;
        match self {
            ScanError::NoAdapter => "beacons.no-adapter",
            ScanError::Unavailable(_) => "beacons.bluetooth-unavailable",
            ScanError::Scan(_) => "beacons.scan-failed",
        }
    }
}

impl Classify for TraceError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "beacons.bad-trace"
    }
}

impl Classify for InvoiceError {
    fn class(&self) -> C {
        match self {
            InvoiceError::Io { .. }
            | InvoiceError::Read { .. }
            | InvoiceError::SdiIdMismatch { .. } => C::BadInput,
            InvoiceError::Duplicate { .. } | InvoiceError::Refused { .. } => C::Conflict,
            InvoiceError::NotFound { .. }
            | InvoiceError::NoInvoiceForNotification { .. }
            | InvoiceError::NoInvoiceForReference { .. } => C::NotFound,
            InvoiceError::Corrupt { .. } => C::Internal,
            InvoiceError::Store(e) => e.class(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            InvoiceError::Io { .. } => "invoices.file-unreadable",
            InvoiceError::Read { .. } => "invoices.bad-file",
            InvoiceError::Duplicate { .. } => "invoices.duplicate",
            InvoiceError::NotFound { .. } => "invoices.not-found",
            InvoiceError::NoInvoiceForNotification { .. } => "invoices.no-invoice-for-notification",
            InvoiceError::SdiIdMismatch { .. } => "invoices.sdi-id-mismatch",
            InvoiceError::NoInvoiceForReference { .. } => "invoices.no-invoice-for-reference",
            InvoiceError::Refused { .. } => "invoices.step-refused",
            InvoiceError::Corrupt { .. } => "invoices.corrupt",
            InvoiceError::Store(e) => e.code(),
        }
    }
    /// A file that is not a valid invoice says which file, where it is wrong and whether its
    /// signed envelope was tampered with.
    fn details(&self) -> Vec<(&'static str, String)> {
        match self {
            InvoiceError::Read { file, source } => {
                let mut d = vec![
                    ("file", file.clone()),
                    ("tampered", source.is_tampered().to_string()),
                ];
                if let Some(at) = &source.at {
                    d.push(("element", at.path.clone()));
                    d.push(("line", at.line.to_string()));
                    d.push(("column", at.column.to_string()));
                }
                d
            }
            InvoiceError::Io { path, .. } => vec![("file", path.display().to_string())],
            InvoiceError::NotFound { id } => vec![("invoice", id.to_string())],
            InvoiceError::Duplicate { existing, .. } => vec![("existing", existing.to_string())],
            _ => Vec::new(),
        }
    }
}

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

impl Classify for crate::beacons::FrameError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "beacons.bad-frame"
    }
}
