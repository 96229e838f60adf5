//! The Fluent message of [`PrintError`]; the ids live in `locales/*/pagopa-print.ftl`. Each
//! message starts with the field's name (`pagopa-print-field-name`).

use super::model::{PrintError, PrintProblem};
use crate::i18n::{Arg, Localize};

impl Localize for PrintError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let mut args: Vec<(&'static str, Arg)> = vec![("field", self.field.code().into())];
        match &self.problem {
            PrintProblem::Missing
            | PrintProblem::Format
            | PrintProblem::NoOption
            | PrintProblem::OneInstallment => {}
            PrintProblem::TooLong { max, found } => {
                args.push(("max", (*max).into()));
                args.push(("found", (*found).into()));
            }
            PrintProblem::Unprintable { position, found } => {
                args.push(("position", (*position).into()));
                args.push(("char", found.to_string().into()));
                args.push(("code", format!("U+{:04X}", u32::from(*found)).into()));
            }
            PrintProblem::Duplicate { notice_number } => {
                args.push(("notice", notice_number.into()));
            }
        }
        (format!("pagopa-print-error-{}", self.problem.code()), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;
    use crate::pagopa::print::PrintField;

    #[test]
    fn every_problem_and_field_has_words_in_both_languages() {
        let problems = [
            PrintProblem::Missing,
            PrintProblem::TooLong {
                max: 140,
                found: 141,
            },
            PrintProblem::Unprintable {
                position: 3,
                found: 'Ł',
            },
            PrintProblem::Format,
            PrintProblem::NoOption,
            PrintProblem::OneInstallment,
            PrintProblem::Duplicate {
                notice_number: "300715700000000032".into(),
            },
        ];
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            let names: Vec<String> = PrintField::ALL
                .iter()
                .map(|f| i18n.tr_args("pagopa-print-field-name", &[("field", f.code().into())]))
                .collect();
            let unique: std::collections::BTreeSet<_> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{lang}: {names:?}");
            for (field, name) in PrintField::ALL.iter().zip(&names) {
                for p in &problems {
                    let e = PrintError::new(*field, p.clone());
                    let (id, _) = e.message();
                    assert!(i18n.has(&id), "{lang}: {id}");
                    let text = i18n.localize(&e);
                    assert!(
                        !text.contains('{') && !text.contains("pagopa-"),
                        "{lang}: {text}"
                    );
                    assert!(text.starts_with(name.as_str()), "{lang}: {text}");
                }
            }
        }
        let text = I18n::new("en").localize(&PrintError::new(
            PrintField::DebtorName,
            PrintProblem::Unprintable {
                position: 3,
                found: 'Ł',
            },
        ));
        assert!(text.contains('Ł') && text.contains('3'), "{text}");
    }

    #[test]
    fn the_notice_s_own_texts_print_in_the_standard_font() {
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            let ids = crate::i18n::message_ids(lang);
            let printed: Vec<&String> = ids
                .iter()
                .filter(|id| id.starts_with("pagopa-print-") && !id.contains("-error-"))
                .filter(|id| id.as_str() != "pagopa-print-field-name")
                .collect();
            assert!(printed.len() > 30, "{lang}: {printed:?}");
            for id in printed {
                let text = i18n.tr(id);
                assert!(
                    text.chars()
                        .all(|c| super::super::font::winansi(c).is_some()),
                    "{lang}: {id} = {text}"
                );
            }
        }
    }
}
