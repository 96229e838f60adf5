//! The Fluent messages of [`PositionFileError`]; the ids live in
//! `locales/*/pagopa-positions.ftl`. A field's error starts with where it is
//! (`pagopa-position-file-spot`).

use super::position_file::{FileProblem, FileSpot, PositionFileError};
use crate::i18n::{Arg, I18n, Localize};
use crate::pagopa::platform::types::PlatformError;

fn spot_args(spot: &FileSpot) -> Vec<(&'static str, Arg)> {
    let shape = match (spot.option, spot.transfer) {
        (Some(_), Some(_)) => "transfer",
        (Some(_), None) => "option",
        _ => "field",
    };
    let mut args: Vec<(&'static str, Arg)> =
        vec![("where", shape.into()), ("field", spot.field.into())];
    if let Some(o) = spot.option {
        args.push(("option", o.into()));
    }
    if let Some(t) = spot.transfer {
        args.push(("transfer", t.into()));
    }
    args
}

impl Localize for PositionFileError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        match self {
            PositionFileError::Json {
                line,
                column,
                detail,
            } => (
                "pagopa-position-file-json".into(),
                vec![
                    ("line", (*line).into()),
                    ("column", (*column).into()),
                    ("detail", detail.into()),
                ],
            ),
            PositionFileError::Field { spot, problem } => {
                let mut args = spot_args(spot);
                match problem {
                    FileProblem::Amount { value }
                    | FileProblem::Date { value }
                    | FileProblem::FiscalCode { value }
                    | FileProblem::DebtorKind { value } => args.push(("value", value.into())),
                    FileProblem::TransferAmountNeeded
                    | FileProblem::Destination
                    | FileProblem::PostalIbanAlone => {}
                }
                (format!("pagopa-position-file-{}", problem.code()), args)
            }
            PositionFileError::Invalid(e) => {
                let detail = match e {
                    PlatformError::BadRequest { detail } => detail.clone(),
                    other => other.to_string(),
                };
                (
                    "pagopa-position-file-invalid".into(),
                    vec![("detail", detail.into())],
                )
            }
        }
    }

    /// A field's error starts with where it is, in the reader's language.
    fn render(&self, i18n: &I18n) -> String {
        let (id, mut args) = self.message();
        if let PositionFileError::Field { spot, .. } = self {
            let place = i18n.tr_args("pagopa-position-file-spot", &spot_args(spot));
            args.push(("spot", place.into()));
        }
        i18n.tr_args(&id, &args)
    }
}
