//! The Fluent messages of open-data outcomes and errors ([`Localize`] implementations), kept in
//! one place so that each id is easy to find in `locales/*/`.

use crate::i18n::{Arg, I18n, Localize};

use super::QuarantineReason;
use super::db::DbError;
use super::import::ImportError;
use super::normalize::{NormalizeError, Unmapped};
use super::sync::SyncError;

fn msg(id: &str, args: Vec<(&'static str, Arg)>) -> (String, Vec<(&'static str, Arg)>) {
    (id.to_string(), args)
}

impl Localize for QuarantineReason {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let args = match self {
            QuarantineReason::BadCoordinates { value } => vec![("value", value.into())],
            QuarantineReason::OutsideItaly { lat, lon } => {
                vec![("lat", (*lat).into()), ("lon", (*lon).into())]
            }
            QuarantineReason::Projection { detail } | QuarantineReason::Malformed { detail } => {
                vec![("detail", detail.into())]
            }
            _ => vec![],
        };
        (format!("quarantine-{}", self.code()), args)
    }
}

impl Localize for DbError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            DbError::EmptyQuery => msg("data-error-empty-query", vec![]),
            DbError::QueryTooLong { len, max } => msg(
                "data-error-query-too-long",
                vec![("len", (*len).into()), ("max", (*max).into())],
            ),
            DbError::BadPosition(p) => msg("cli-error-position", vec![("value", p.into())]),
            DbError::Sqlite(e) => msg(
                "data-error-database",
                vec![("detail", e.to_string().into())],
            ),
            DbError::Corrupt(d) => msg("data-error-database", vec![("detail", d.into())]),
        }
    }
}

impl Localize for NormalizeError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let args = self
            .fluent_args()
            .into_iter()
            .map(|(k, v)| match (k, v.parse::<f64>()) {
                // Counts and row numbers are numbers, for the messages' plural forms.
                ("rows" | "name_count" | "coordinate_count" | "example_row", Ok(n)) => {
                    (k, Arg::Num(n))
                }
                (_, _) => (k, Arg::Str(v)),
            })
            .collect();
        (self.message_id().to_string(), args)
    }

    fn render(&self, i18n: &I18n) -> String {
        let (id, mut args) = self.message();
        // The commonest quarantine reason, in words.
        if let NormalizeError::NoRecords {
            unmapped: Some(u), ..
        } = self
        {
            args.retain(|(k, _)| *k != "reason");
            args.push(("reason", Arg::Str(i18n.localize(&u.reason))));
        }
        i18n.tr_args(&id, &args)
    }
}

/// The warning beside an import most of whose rows went to quarantine.
impl Localize for Unmapped {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        msg(
            "data-import-mostly-quarantined",
            vec![
                ("rows", self.rows.into()),
                ("mapped", self.mapped.into()),
                ("reason", self.reason.code().into()),
            ],
        )
    }

    fn render(&self, i18n: &I18n) -> String {
        let (id, mut args) = self.message();
        args.retain(|(k, _)| *k != "reason");
        args.push(("reason", Arg::Str(i18n.localize(&self.reason))));
        i18n.tr_args(&id, &args)
    }
}

impl Localize for ImportError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            ImportError::Read { path, source } => msg(
                "data-error-read",
                vec![
                    ("path", path.display().to_string().into()),
                    ("detail", source.to_string().into()),
                ],
            ),
            ImportError::Normalize { source, .. } => source.message(),
            ImportError::Db(e) => e.message(),
            ImportError::Cancelled => msg("data-import-cancelled", vec![]),
        }
    }

    fn render(&self, i18n: &I18n) -> String {
        match self {
            // The file, then what is wrong with it.
            ImportError::Normalize { path, source } => {
                format!("{}: {}", path.display(), source.render(i18n))
            }
            _ => {
                let (id, args) = self.message();
                i18n.tr_args(&id, &args)
            }
        }
    }
}

impl Localize for SyncError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            SyncError::Harvest(e) => e.message(),
            SyncError::Db(e) => e.message(),
            SyncError::Store(e) => msg(
                "data-error-database",
                vec![("detail", e.to_string().into())],
            ),
            SyncError::Cancelled => msg("data-sync-cancelled", vec![]),
        }
    }
}
