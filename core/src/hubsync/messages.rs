//! The Fluent messages of hub sync errors (`locales/*/hub.ftl`).

use crate::i18n::{Arg, Localize};

use super::HubSyncError;

impl Localize for HubSyncError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let (id, args): (&str, Vec<(&'static str, Arg)>) = match self {
            HubSyncError::NotSignedIn => ("hub-error-not-signed-in", vec![]),
            HubSyncError::BadUrl { url, detail } => (
                "hub-error-bad-url",
                vec![("url", url.into()), ("detail", detail.into())],
            ),
            HubSyncError::Unreachable { url, detail } => (
                "hub-error-unreachable",
                vec![("url", url.into()), ("detail", detail.into())],
            ),
            HubSyncError::Refused {
                what,
                status,
                code,
                message,
            } => (
                "hub-error-refused",
                vec![
                    ("what", what.into()),
                    ("status", (*status).into()),
                    ("code", code.into()),
                    ("message", message.into()),
                ],
            ),
            HubSyncError::Protocol { what, detail } => (
                "hub-error-protocol",
                vec![("what", what.into()), ("detail", detail.into())],
            ),
            HubSyncError::Diverged { id, seq } => (
                "hub-error-diverged",
                vec![("id", id.into()), ("seq", (*seq).into())],
            ),
            HubSyncError::SignInFailed { code, detail } => (
                "hub-error-sign-in-failed",
                vec![("code", code.into()), ("detail", detail.into())],
            ),
            HubSyncError::SignInTimedOut { seconds } => (
                "hub-error-sign-in-timed-out",
                vec![("seconds", (*seconds).into())],
            ),
            HubSyncError::Practice(e) => return e.message(),
            HubSyncError::Sqlite(e) => ("hub-error-store", vec![("detail", e.to_string().into())]),
        };
        (id.to_string(), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    #[test]
    fn every_error_has_words_in_italian_and_english() {
        let errors = [
            HubSyncError::NotSignedIn,
            HubSyncError::BadUrl {
                url: "x".into(),
                detail: "d".into(),
            },
            HubSyncError::Unreachable {
                url: "x".into(),
                detail: "d".into(),
            },
            HubSyncError::Refused {
                what: "w".into(),
                status: 409,
                code: "c".into(),
                message: "m".into(),
            },
            HubSyncError::Protocol {
                what: "w".into(),
                detail: "d".into(),
            },
            HubSyncError::Diverged {
                id: "p".into(),
                seq: 2,
            },
            HubSyncError::SignInFailed {
                code: "auth.oidc-denied".into(),
                detail: "d".into(),
            },
            HubSyncError::SignInTimedOut { seconds: 300 },
            HubSyncError::Sqlite(rusqlite::Error::InvalidQuery),
        ];
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            for e in &errors {
                let (id, _) = e.message();
                assert!(i18n.has(&id), "{lang}: {id}");
            }
        }
    }
}
