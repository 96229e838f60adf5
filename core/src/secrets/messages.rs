//! The Fluent messages of [`SecretsError`]; the ids live in `locales/*/secrets.ftl`.

use super::{SecretName, SecretsError, ValueProblem};
use crate::i18n::{Arg, Localize};

fn known() -> String {
    SecretName::ALL
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Localize for SecretsError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            SecretsError::UnknownName { name } => (
                "secrets-error-unknown-name".into(),
                vec![("name", name.into()), ("known", known().into())],
            ),
            SecretsError::BadService { service } => (
                "secrets-error-bad-service".into(),
                vec![("service", service.into())],
            ),
            SecretsError::Value { name, problem } => {
                let mut args: Vec<(&'static str, Arg)> = vec![("name", name.as_str().into())];
                let id = match problem {
                    ValueProblem::Empty => "secrets-error-value-empty",
                    ValueProblem::TooShort { min } => {
                        args.push(("min", (*min).into()));
                        "secrets-error-value-too-short"
                    }
                    ValueProblem::TooLong { max } => {
                        args.push(("max", (*max).into()));
                        "secrets-error-value-too-long"
                    }
                    ValueProblem::Character { position } => {
                        args.push(("position", (*position).into()));
                        "secrets-error-value-character"
                    }
                };
                (id.into(), args)
            }
            SecretsError::Unavailable { backend, detail } => (
                "secrets-error-unavailable".into(),
                vec![("backend", backend.into()), ("detail", detail.into())],
            ),
            SecretsError::Backend {
                name,
                backend,
                detail,
            } => (
                "secrets-error-backend".into(),
                vec![
                    ("name", name.as_str().into()),
                    ("backend", backend.into()),
                    ("detail", detail.into()),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    #[test]
    fn every_error_has_words_in_both_languages_and_says_which_secret() {
        let n = SecretName::PagopaGpdKey;
        let errors = [
            SecretsError::UnknownName {
                name: "pagopa-gdp-key".into(),
            },
            SecretsError::BadService {
                service: "Campanile Test".into(),
            },
            SecretsError::Value {
                name: n,
                problem: ValueProblem::Empty,
            },
            SecretsError::Value {
                name: n,
                problem: ValueProblem::TooShort { min: 8 },
            },
            SecretsError::Value {
                name: n,
                problem: ValueProblem::TooLong { max: 4096 },
            },
            SecretsError::Value {
                name: n,
                problem: ValueProblem::Character { position: 33 },
            },
            SecretsError::Unavailable {
                backend: "macOS Keychain".into(),
                detail: "locked".into(),
            },
            SecretsError::Backend {
                name: n,
                backend: "macOS Keychain".into(),
                detail: "denied".into(),
            },
        ];
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            for e in &errors {
                let (id, args) = e.message();
                assert!(i18n.has(&id), "{lang}: {id}");
                let text = i18n.localize(e);
                assert!(
                    !text.contains('{') && !text.contains("secrets-"),
                    "{lang}: {text}"
                );
                for (key, value) in args {
                    if let Arg::Str(s) = value {
                        assert!(text.contains(&s), "{lang}: {key}={s} not in {text}");
                    }
                }
            }
        }
    }
}
