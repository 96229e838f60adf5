//! The Fluent messages of [`PositionNoticeError`]; the ids live in
//! `locales/*/pagopa-positions.ftl`, with the words for each status
//! (`pagopa-position-status`, `pagopa-option-status`) the fronts show.

use super::printable::PositionNoticeError;
use crate::i18n::{Arg, I18n, Localize};

impl Localize for PositionNoticeError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let (id, args): (&str, Vec<(&'static str, Arg)>) = match self {
            PositionNoticeError::NotPayable { iupd, status } => (
                "not-payable",
                vec![
                    ("iupd", iupd.into()),
                    (
                        "status",
                        status.as_ref().map_or("none", |s| s.code()).into(),
                    ),
                ],
            ),
            PositionNoticeError::OtherCreditor {
                iupd,
                position,
                given,
            } => (
                "other-creditor",
                vec![
                    ("iupd", iupd.into()),
                    ("position", position.into()),
                    ("given", given.into()),
                ],
            ),
            PositionNoticeError::OtherDebtor {
                iupd,
                position,
                given,
            } => (
                "other-debtor",
                vec![
                    ("iupd", iupd.into()),
                    ("position", position.into()),
                    ("given", given.into()),
                ],
            ),
            PositionNoticeError::Missing { part, option: None } => {
                ("missing", vec![("part", part.code().into())])
            }
            PositionNoticeError::Missing {
                part,
                option: Some(option),
            } => (
                "missing-in-option",
                vec![("part", part.code().into()), ("option", option.into())],
            ),
            PositionNoticeError::BadNoticeNumber { option, nav, .. } => (
                "bad-notice-number",
                vec![("option", option.into()), ("nav", nav.into())],
            ),
            PositionNoticeError::BadAmount { option, cents } => (
                "bad-amount",
                vec![("option", option.into()), ("cents", (*cents).into())],
            ),
            PositionNoticeError::UnknownOptionStatus { option, status } => (
                "unknown-option-status",
                vec![("option", option.into()), ("status", status.into())],
            ),
            PositionNoticeError::NothingToPay { iupd } => {
                ("nothing-to-pay", vec![("iupd", iupd.into())])
            }
            PositionNoticeError::SeveralInFull { first, second } => (
                "several-in-full",
                vec![("first", first.into()), ("second", second.into())],
            ),
            PositionNoticeError::OneInstallmentLeft { option } => {
                ("one-installment-left", vec![("option", option.into())])
            }
            PositionNoticeError::Print(_) => ("print", vec![]),
        };
        (format!("pagopa-position-notice-{id}"), args)
    }

    /// The wrapped errors' own words go in as `$detail`.
    fn render(&self, i18n: &I18n) -> String {
        let (id, mut args) = self.message();
        match self {
            PositionNoticeError::BadNoticeNumber { error, .. } => {
                args.push(("detail", i18n.localize(error).into()));
            }
            PositionNoticeError::Print(e) => args.push(("detail", i18n.localize(e).into())),
            _ => {}
        }
        i18n.tr_args(&id, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::super::printable::NoticePart;
    use super::*;
    use crate::pagopa::print::{PrintError, PrintField, PrintProblem};
    use crate::pagopa::{NoticeNumber, platform::PositionStatus};

    fn every_variant() -> Vec<PositionNoticeError> {
        let iupd = || "ente-0001".to_string();
        let mut all = vec![
            PositionNoticeError::OtherCreditor {
                iupd: iupd(),
                position: "00085240950".into(),
                given: "01199250158".into(),
            },
            PositionNoticeError::OtherDebtor {
                iupd: iupd(),
                position: "RSSMRA80A01H501U".into(),
                given: "VRDLGU70A01H501X".into(),
            },
            PositionNoticeError::BadNoticeNumber {
                option: "0071570000000003".into(),
                nav: "30071570000000003".into(),
                error: NoticeNumber::parse("30071570000000003").unwrap_err(),
            },
            PositionNoticeError::BadAmount {
                option: "00715700000000032".into(),
                cents: -5,
            },
            PositionNoticeError::UnknownOptionStatus {
                option: "00715700000000032".into(),
                status: "PO_SOMETHING".into(),
            },
            PositionNoticeError::NothingToPay { iupd: iupd() },
            PositionNoticeError::SeveralInFull {
                first: "00715700000000032".into(),
                second: "00715700000000133".into(),
            },
            PositionNoticeError::OneInstallmentLeft {
                option: "00715700000000133".into(),
            },
            PositionNoticeError::Print(PrintError::new(
                PrintField::DebtorName,
                PrintProblem::TooLong {
                    max: 140,
                    found: 150,
                },
            )),
        ];
        for status in [
            None,
            Some(PositionStatus::Draft),
            Some(PositionStatus::Invalid),
            Some(PositionStatus::Expired),
            Some(PositionStatus::Paid),
            Some(PositionStatus::Reported),
            Some(PositionStatus::Unknown("NEW".into())),
        ] {
            all.push(PositionNoticeError::NotPayable {
                iupd: iupd(),
                status,
            });
        }
        for part in NoticePart::ALL {
            all.push(PositionNoticeError::Missing { part, option: None });
            all.push(PositionNoticeError::Missing {
                part,
                option: Some("00715700000000032".into()),
            });
        }
        all
    }

    #[test]
    fn every_error_has_its_own_words_in_both_languages() {
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
                    if let Arg::Str(s) = value
                        && !["status", "part"].contains(&name)
                    {
                        assert!(text.contains(&s), "{lang}: {id} drops ${name}: {text}");
                    }
                }
                assert!(texts.insert(text.clone()), "{lang}: twice: {text}");
            }
        }
        let en = I18n::new("en");
        let text = en.localize(&PositionNoticeError::NotPayable {
            iupd: "x".into(),
            status: Some(PositionStatus::Draft),
        });
        assert!(text.contains("draft") && text.contains("publish"), "{text}");
    }

    #[test]
    fn every_status_has_words_in_both_languages() {
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            let mut seen = std::collections::BTreeSet::new();
            for code in [
                "draft",
                "published",
                "valid",
                "invalid",
                "expired",
                "partially-paid",
                "paid",
                "reported",
                "unknown",
            ] {
                let text = i18n.tr_args("pagopa-position-status", &[("status", code.into())]);
                assert!(!text.is_empty() && !text.contains('{'), "{lang}: {text}");
                assert!(seen.insert(text), "{lang}: {code}");
            }
            let mut seen = std::collections::BTreeSet::new();
            for code in [
                "unpaid",
                "paid",
                "partially-reported",
                "reported",
                "unknown",
            ] {
                let text = i18n.tr_args("pagopa-option-status", &[("status", code.into())]);
                assert!(!text.is_empty() && !text.contains('{'), "{lang}: {text}");
                assert!(seen.insert(text), "{lang}: {code}");
            }
        }
    }
}
