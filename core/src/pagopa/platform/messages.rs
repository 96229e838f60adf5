//! The Fluent messages of platform outcomes ([`Localize`] for [`PlatformError`]); the ids live
//! in `locales/*/pagopa-platform.ftl`.

use crate::i18n::{Arg, Localize};

use super::types::PlatformError;

impl Localize for PlatformError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let (id, args): (&str, Vec<(&'static str, Arg)>) = match self {
            PlatformError::UnknownNotice { code } => {
                ("unknown-notice", vec![("code", code.into())])
            }
            PlatformError::NoticeDataError { code } => {
                ("notice-data-error", vec![("code", code.into())])
            }
            PlatformError::Expired { code } => ("expired", vec![("code", code.into())]),
            PlatformError::Revoked { code } => ("revoked", vec![("code", code.into())]),
            PlatformError::AlreadyPaid { code, .. } => {
                ("already-paid", vec![("code", code.into())])
            }
            PlatformError::SettledPerCreditor { code } => {
                ("settled-per-creditor", vec![("code", code.into())])
            }
            PlatformError::InProgress { code } => ("in-progress", vec![("code", code.into())]),
            PlatformError::CreditorUnavailable { code } => {
                ("creditor-unavailable", vec![("code", code.into())])
            }
            PlatformError::BadRequest { detail } => {
                ("bad-request", vec![("detail", detail.into())])
            }
            PlatformError::Unprocessable { detail } => {
                ("unprocessable", vec![("detail", detail.into())])
            }
            PlatformError::Unauthorized => ("unauthorized", vec![]),
            PlatformError::NotFound { detail } => ("not-found", vec![("detail", detail.into())]),
            PlatformError::Conflict { detail } => ("conflict", vec![("detail", detail.into())]),
            PlatformError::Timeout => ("timeout", vec![]),
            PlatformError::Transport { detail } => ("transport", vec![("detail", detail.into())]),
            PlatformError::Server { status, detail } => (
                "server",
                vec![("status", (*status).into()), ("detail", detail.into())],
            ),
            PlatformError::Protocol { detail } => ("protocol", vec![("detail", detail.into())]),
        };
        (format!("pagopa-platform-{id}"), args)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::I18n;

    /// One of each variant.
    pub(crate) fn every_variant() -> Vec<PlatformError> {
        let code = || "PAA_X".to_string();
        let detail = || "the detail".to_string();
        vec![
            PlatformError::UnknownNotice { code: code() },
            PlatformError::NoticeDataError { code: code() },
            PlatformError::Expired { code: code() },
            PlatformError::Revoked { code: code() },
            PlatformError::AlreadyPaid {
                code: code(),
                receipt: None,
            },
            PlatformError::SettledPerCreditor { code: code() },
            PlatformError::InProgress { code: code() },
            PlatformError::CreditorUnavailable { code: code() },
            PlatformError::BadRequest { detail: detail() },
            PlatformError::Unprocessable { detail: detail() },
            PlatformError::Unauthorized,
            PlatformError::NotFound { detail: detail() },
            PlatformError::Conflict { detail: detail() },
            PlatformError::Timeout,
            PlatformError::Transport { detail: detail() },
            PlatformError::Server {
                status: 502,
                detail: detail(),
            },
            PlatformError::Protocol { detail: detail() },
        ]
    }

    #[test]
    fn every_outcome_has_its_own_words_in_both_languages() {
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            let mut texts = std::collections::BTreeSet::new();
            for e in every_variant() {
                let (id, args) = e.message();
                assert!(i18n.has(&id), "{lang}: {id}");
                let text = i18n.localize(&e);
                assert!(
                    !text.contains('{') && !text.contains("pagopa-"),
                    "{lang}: {text}"
                );
                for (name, value) in args {
                    if let Arg::Str(s) = value {
                        assert!(text.contains(&s), "{lang}: {id} drops ${name}: {text}");
                    }
                }
                assert!(texts.insert(text.clone()), "{lang}: twice: {text}");
            }
        }
        let it = I18n::new("it");
        assert!(
            it.localize(&PlatformError::AlreadyPaid {
                code: "PPT_PAGAMENTO_DUPLICATO".into(),
                receipt: None
            })
            .contains("già stato pagato")
        );
    }
}
