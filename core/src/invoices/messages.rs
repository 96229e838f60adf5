//! The Fluent messages of invoice errors ([`Localize`]); the ids live in
//! `locales/*/invoices.ftl`. Errors of the `campanile-fatturapa` crate are worded here too, so
//! that the crate stays free of the core.

use campanile_fatturapa::sdi::signature::SignatureError;
use campanile_fatturapa::{EnvelopeError, Error, ErrorKind, Expected, Location, Tamper};

use super::InvoiceError;
use super::lifecycle::{EarlierDate, Refusal};
use crate::i18n::{Arg, I18n, Localize};

type Args = Vec<(&'static str, Arg)>;

fn iso(d: chrono::NaiveDate) -> Arg {
    d.format("%Y-%m-%d").to_string().into()
}

/// The message of a file that cannot be read, without its location.
fn read_error(e: &Error) -> (String, Args) {
    let (id, args): (&str, Args) = match &e.kind {
        ErrorKind::Empty => ("invoices-error-empty", vec![]),
        ErrorKind::UnknownContent => ("invoices-error-unknown-content", vec![]),
        ErrorKind::UnknownEncoding { declared } => (
            "invoices-error-unknown-encoding",
            vec![("declared", declared.into())],
        ),
        ErrorKind::Xml { detail } => ("invoices-error-xml", vec![("detail", detail.into())]),
        ErrorKind::NotInvoice { root } => {
            ("invoices-error-not-invoice", vec![("root", root.into())])
        }
        ErrorKind::Simplified => ("invoices-error-simplified", vec![]),
        ErrorKind::Version { found } => ("invoices-error-version", vec![("found", found.into())]),
        ErrorKind::FormatMismatch { versione, formato } => (
            "invoices-error-format-mismatch",
            vec![("versione", versione.into()), ("formato", formato.into())],
        ),
        ErrorKind::Missing { element } => (
            "invoices-error-missing",
            vec![("element", (*element).into())],
        ),
        ErrorKind::Invalid {
            element,
            value,
            expected,
        } => {
            let shape = match expected {
                Expected::Code(shape) => *shape,
                _ => "",
            };
            (
                "invoices-error-invalid",
                vec![
                    ("element", (*element).into()),
                    ("value", value.into()),
                    ("expected", expected.code().into()),
                    ("shape", shape.into()),
                ],
            )
        }
        ErrorKind::NoBody => ("invoices-error-no-body", vec![]),
        ErrorKind::Envelope(env) => return envelope_error(env),
        ErrorKind::NotNotification { root } => (
            "invoices-error-not-notification",
            vec![("root", root.into())],
        ),
        ErrorKind::NotificationNameMismatch {
            in_name,
            in_content,
        } => (
            "invoices-error-notification-name",
            vec![
                ("in_name", in_name.into()),
                ("in_content", in_content.into()),
            ],
        ),
        ErrorKind::NotificationSignature(e) => {
            let detail = match e {
                SignatureError::Tampered { detail } | SignatureError::Unverifiable { detail } => {
                    detail.clone()
                }
                SignatureError::Unsigned => String::new(),
            };
            (
                "invoices-error-notification-signature",
                vec![("how", e.code().into()), ("detail", detail.into())],
            )
        }
    };
    (id.to_string(), args)
}

fn envelope_error(e: &EnvelopeError) -> (String, Args) {
    let (id, args): (&str, Args) = match e {
        EnvelopeError::Base64 { detail } => {
            ("invoices-envelope-base64", vec![("detail", detail.into())])
        }
        EnvelopeError::Asn1 { detail } => {
            ("invoices-envelope-asn1", vec![("detail", detail.into())])
        }
        EnvelopeError::NotSignedData { content_type } => (
            "invoices-envelope-not-signed-data",
            vec![("type", content_type.into())],
        ),
        EnvelopeError::Detached => ("invoices-envelope-detached", vec![]),
        EnvelopeError::NoSigner => ("invoices-envelope-no-signer", vec![]),
        EnvelopeError::CertificateMissing => ("invoices-envelope-certificate-missing", vec![]),
        EnvelopeError::Certificate { detail } => (
            "invoices-envelope-certificate",
            vec![("detail", detail.into())],
        ),
        EnvelopeError::UnsupportedDigest { oid } => (
            "invoices-envelope-unsupported-digest",
            vec![("oid", oid.into())],
        ),
        EnvelopeError::UnsupportedSignature { oid } => (
            "invoices-envelope-unsupported-signature",
            vec![("oid", oid.into())],
        ),
        EnvelopeError::WeakAlgorithm { oid } => (
            "invoices-envelope-weak-algorithm",
            vec![("oid", oid.into())],
        ),
        EnvelopeError::TooDeep => ("invoices-envelope-too-deep", vec![]),
        EnvelopeError::Tampered(t) => {
            let offset = match t {
                Tamper::Structure { offset } => *offset,
                _ => 0,
            };
            (
                "invoices-envelope-tampered",
                vec![("how", t.code().into()), ("offset", offset.into())],
            )
        }
    };
    (id.to_string(), args)
}

fn location(i18n: &I18n, at: &Location) -> String {
    let args: [(&str, Arg); 3] = [
        ("path", at.path.as_str().into()),
        ("line", u64::from(at.line).into()),
        ("column", u64::from(at.column).into()),
    ];
    if at.path.is_empty() {
        i18n.tr_args("invoices-at-line", &args)
    } else {
        i18n.tr_args("invoices-at", &args)
    }
}

/// A FatturaPA reading error in the user's language, with where it is.
pub fn render_read_error(i18n: &I18n, e: &Error) -> String {
    let (id, args) = read_error(e);
    let mut text = i18n.tr_args(&id, &args);
    if let Some(at) = &e.at {
        text.push(' ');
        text.push_str(&location(i18n, at));
    }
    text
}

fn refusal(r: &Refusal) -> (String, Args) {
    let (id, args): (&str, Args) = match r {
        Refusal::SdiOrder { kind, state } => (
            "invoices-refusal-sdi-order",
            vec![("kind", kind.code().into()), ("state", state.code().into())],
        ),
        Refusal::OutcomeMissing => ("invoices-refusal-outcome-missing", vec![]),
        Refusal::StepDone { step, on } => (
            "invoices-refusal-step-done",
            vec![("step", step.code().into()), ("on", iso(*on))],
        ),
        Refusal::StepOrder { step, needs } => (
            "invoices-refusal-step-order",
            vec![("step", step.code().into()), ("needs", needs.code().into())],
        ),
        Refusal::NotReceived { step, state } => (
            "invoices-refusal-not-received",
            vec![("step", step.code().into()), ("state", state.code().into())],
        ),
        Refusal::AfterRefusal { step } => (
            "invoices-refusal-after-refusal",
            vec![("step", step.code().into())],
        ),
        Refusal::ContradictsSteps { kind, step } => (
            "invoices-refusal-contradicts",
            vec![("kind", kind.code().into()), ("step", step.code().into())],
        ),
        Refusal::DateBefore { on, earlier, what } => {
            let (what, step) = match what {
                EarlierDate::Issued => ("issued", ""),
                EarlierDate::PreviousNotification => ("notification", ""),
                EarlierDate::Received => ("received", ""),
                EarlierDate::PreviousStep(s) => ("step", s.code()),
            };
            (
                "invoices-refusal-date-before",
                vec![
                    ("on", iso(*on)),
                    ("earlier", iso(*earlier)),
                    ("what", what.into()),
                    ("step", step.into()),
                ],
            )
        }
        Refusal::TermRange { days } => (
            "invoices-refusal-term-range",
            vec![("days", u64::from(*days).into())],
        ),
        Refusal::TermAfterPayment => ("invoices-refusal-term-after-payment", vec![]),
    };
    (id.to_string(), args)
}

impl Localize for InvoiceError {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let (id, args): (&str, Args) = match self {
            InvoiceError::Io { path, detail } => (
                "invoices-error-io",
                vec![
                    ("path", path.display().to_string().into()),
                    ("detail", detail.into()),
                ],
            ),
            InvoiceError::Read { source, .. } => return read_error(source),
            InvoiceError::UntrustedNotification {
                file,
                signer,
                verdict,
                reason,
            } => (
                "invoices-error-untrusted-notification",
                vec![
                    ("file", file.into()),
                    ("signer", signer.into()),
                    ("trust", verdict.into()),
                    ("reason", reason.into()),
                ],
            ),
            InvoiceError::TrustedList { path, detail } => (
                "invoices-error-trusted-list",
                vec![
                    ("path", path.display().to_string().into()),
                    ("detail", detail.into()),
                ],
            ),
            InvoiceError::Duplicate {
                number,
                supplier,
                existing,
            } => (
                "invoices-error-duplicate",
                vec![
                    ("number", number.into()),
                    ("supplier", supplier.into()),
                    ("existing", (*existing).into()),
                ],
            ),
            InvoiceError::NotFound { id } => {
                ("invoices-error-not-found", vec![("id", (*id).into())])
            }
            InvoiceError::NoInvoiceForNotification { sdi_id, file_name } => (
                "invoices-error-no-file-for-notification",
                vec![
                    ("sdi", sdi_id.into()),
                    ("file", file_name.clone().unwrap_or_default().into()),
                ],
            ),
            InvoiceError::SdiIdMismatch {
                file_name,
                known,
                found,
            } => (
                "invoices-error-sdi-mismatch",
                vec![
                    ("file", file_name.into()),
                    ("known", known.into()),
                    ("found", found.into()),
                ],
            ),
            InvoiceError::NoInvoiceForReference { number, year } => (
                "invoices-error-no-reference",
                vec![("number", number.into()), ("year", year.to_string().into())],
            ),
            InvoiceError::Refused {
                invoice_id, event, ..
            } => (
                "invoices-error-refused",
                vec![("id", (*invoice_id).into()), ("event", event.into())],
            ),
            InvoiceError::Corrupt { invoice_id, detail } => (
                "invoices-error-corrupt",
                vec![("id", (*invoice_id).into()), ("detail", detail.into())],
            ),
            InvoiceError::Store(e) => (
                "invoices-error-store",
                vec![("detail", e.to_string().into())],
            ),
        };
        (id.to_string(), args)
    }

    fn render(&self, i18n: &I18n) -> String {
        let (id, args) = self.message();
        let head = i18n.tr_args(&id, &args);
        match self {
            InvoiceError::Read { file, source } => {
                format!("{file}: {}", render_read_error(i18n, source))
            }
            InvoiceError::Refused { refusal: r, .. } => {
                let (rid, rargs) = refusal(r);
                format!("{head} {}", i18n.tr_args(&rid, &rargs))
            }
            _ => head,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoices::lifecycle::{InvoiceStep, SdiState};
    use campanile_fatturapa::sdi::NotificationKind;

    /// Every message an invoice error can produce exists in both languages and fills its
    /// arguments.
    #[test]
    fn every_error_is_worded_in_italian_and_english() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        let refusals = [
            Refusal::SdiOrder {
                kind: NotificationKind::Delivered,
                state: SdiState::Rejected,
            },
            Refusal::OutcomeMissing,
            Refusal::StepDone {
                step: InvoiceStep::Paid,
                on: d,
            },
            Refusal::StepOrder {
                step: InvoiceStep::Paid,
                needs: InvoiceStep::Liquidated,
            },
            Refusal::NotReceived {
                step: InvoiceStep::Registered,
                state: SdiState::NotDelivered,
            },
            Refusal::AfterRefusal {
                step: InvoiceStep::Paid,
            },
            Refusal::ContradictsSteps {
                kind: NotificationKind::Rejected,
                step: InvoiceStep::Registered,
            },
            Refusal::DateBefore {
                on: d,
                earlier: d,
                what: EarlierDate::PreviousStep(InvoiceStep::Assigned),
            },
            Refusal::TermRange { days: 90 },
            Refusal::TermAfterPayment,
        ];
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            for r in &refusals {
                let e = InvoiceError::Refused {
                    invoice_id: 7,
                    event: "paid".into(),
                    refusal: r.clone(),
                };
                let text = i18n.localize(&e);
                assert!(!text.contains("invoices-"), "{lang}: {text}");
                assert!(!text.contains('{'), "{lang}: {text}");
                assert!(text.contains('7'), "{lang}: {text}");
            }
            for kind in [
                ErrorKind::Empty,
                ErrorKind::UnknownContent,
                ErrorKind::NoBody,
                ErrorKind::Simplified,
                ErrorKind::Missing { element: "Numero" },
                ErrorKind::Envelope(EnvelopeError::Tampered(Tamper::ContentDigest)),
                ErrorKind::Envelope(EnvelopeError::Tampered(Tamper::Structure { offset: 5752 })),
                ErrorKind::Envelope(EnvelopeError::Detached),
                ErrorKind::Invalid {
                    element: "Data",
                    value: "2023-02-30".into(),
                    expected: Expected::Date,
                },
            ] {
                let err = Error {
                    kind,
                    at: Some(Location {
                        path: "FatturaElettronica/FatturaElettronicaBody[2]".into(),
                        line: 48,
                        column: 3,
                    }),
                };
                let text = render_read_error(&i18n, &err);
                assert!(!text.contains("invoices-"), "{lang}: {text}");
                assert!(
                    text.contains("FatturaElettronicaBody[2]") && text.contains("48"),
                    "{text}"
                );
            }
        }
    }
}
