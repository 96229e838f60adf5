//! The Fluent messages of pagoPA errors ([`Localize`] implementations); the ids live in
//! `locales/*/pagopa.ftl`.
//!
//! Every error message starts with the field's name, chosen in Fluent from the `field`
//! argument (`pagopa-field-name`), so that each language words it its own way.

use crate::i18n::{Arg, Localize};

use super::notice::{NoticeError, Problem};
use super::scan::PhotoScanError;

impl Localize for NoticeError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let mut args: Vec<(&'static str, Arg)> = vec![("field", self.field.code().into())];
        match &self.problem {
            Problem::Missing | Problem::Unrecognized | Problem::Zero => {}
            Problem::Length { min, max, found } => {
                args.push(("min", (*min).into()));
                args.push(("max", (*max).into()));
                args.push(("found", (*found).into()));
                args.push(("span", if min == max { "exact" } else { "range" }.into()));
            }
            Problem::NotDigit { position, found } => {
                args.push(("position", (*position).into()));
                args.push(("char", found.to_string().into()));
            }
            Problem::Unexpected { expected, found } => {
                args.push(("expected", expected.into()));
                args.push(("found", found.into()));
            }
            Problem::AuxDigit { found } => args.push(("found", u64::from(*found).into())),
            Problem::CheckDigits { expected, found } => {
                args.push(("expected", format!("{expected:02}").into()));
                args.push(("found", format!("{found:02}").into()));
            }
            Problem::CheckDigit { expected, found } => {
                args.push(("expected", u64::from(*expected).into()));
                args.push(("found", u64::from(*found).into()));
            }
            Problem::TooLarge { max } => {
                args.push(("max", format!("{}.{:02}", max / 100, max % 100).into()));
            }
            Problem::Parts { expected, found } => {
                args.push(("expected", (*expected).into()));
                args.push(("found", (*found).into()));
            }
        }
        (format!("pagopa-error-{}", self.problem.code()), args)
    }
}

impl Localize for PhotoScanError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            PhotoScanError::Read { detail } => (
                "pagopa-scan-error-read".into(),
                vec![("detail", detail.into())],
            ),
            PhotoScanError::Image { detail } => (
                "pagopa-scan-error-image".into(),
                vec![("detail", detail.into())],
            ),
            PhotoScanError::TooLarge { width, height } => (
                "pagopa-scan-error-too-large".into(),
                vec![
                    ("width", u64::from(*width).into()),
                    ("height", u64::from(*height).into()),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;
    use crate::pagopa::notice::Field;

    #[test]
    fn every_problem_and_field_has_words_in_both_languages() {
        let problems = [
            Problem::Missing,
            Problem::Unrecognized,
            Problem::Length {
                min: 18,
                max: 18,
                found: 17,
            },
            Problem::NotDigit {
                position: 3,
                found: 'x',
            },
            Problem::Unexpected {
                expected: "002".into(),
                found: "001".into(),
            },
            Problem::AuxDigit { found: 7 },
            Problem::CheckDigits {
                expected: 32,
                found: 5,
            },
            Problem::CheckDigit {
                expected: 0,
                found: 1,
            },
            Problem::Zero,
            Problem::TooLarge {
                max: 99_999_999_999,
            },
            Problem::Parts {
                expected: 5,
                found: 4,
            },
        ];
        let fields = [
            Field::Payload,
            Field::Identifier,
            Field::Version,
            Field::NoticeNumber,
            Field::CreditorFiscalCode,
            Field::Amount,
            Field::DataMatrix,
            Field::PostalAccount,
            Field::DocumentType,
        ];
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            let field_names: Vec<String> = fields
                .iter()
                .map(|f| i18n.tr_args("pagopa-field-name", &[("field", f.code().into())]))
                .collect();
            let unique: std::collections::BTreeSet<_> = field_names.iter().collect();
            assert_eq!(unique.len(), fields.len(), "{lang}: {field_names:?}");
            for p in &problems {
                let e = NoticeError::new(Field::NoticeNumber, p.clone());
                let (id, _) = e.message();
                assert!(i18n.has(&id), "{lang}: {id}");
                let text = i18n.localize(&e);
                assert!(
                    !text.contains('{') && !text.contains("pagopa-"),
                    "{lang}: {text}"
                );
                assert!(text.starts_with(&field_names[3]), "{lang}: {text}");
            }
        }
        let en = I18n::new("en");
        let e = NoticeError::new(
            Field::NoticeNumber,
            Problem::CheckDigits {
                expected: 32,
                found: 5,
            },
        );
        let text = en.localize(&e);
        assert!(text.contains("05") && text.contains("32"), "{text}");
    }
}
