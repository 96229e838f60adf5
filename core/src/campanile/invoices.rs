//! Supplier invoices (FatturaPA) through the handle: import a file (bytes or a path), record
//! SdI's notifications and the comune's steps, agree a term, and see where each invoice stands
//! with its late-payment term (D.Lgs 231/2002). Writes take the database's writer for one
//! short transaction; reads go through the readers. Money and dates for people are written by
//! [`crate::format`]; JSON keeps ISO dates and cents.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Campanile, Labelled};
use crate::error::Error;
use crate::format;
use crate::invoices::fatturapa::envelope::SignerTrust;
use crate::invoices::fatturapa::sdi::signature::NotificationSignature;
use crate::invoices::fatturapa::sdi::{NotificationKind, Outcome, SdiError};
use crate::invoices::fatturapa::{Amount, PaymentDetail, TotalSource, Warning};
use crate::invoices::{
    self, Imported, InvoiceError, InvoiceStatus, InvoiceStep, InvoiceTrust, Timeliness,
};
use crate::invoices::{InvoiceEventDetail, InvoiceEventKind};
use crate::time::Instant;

fn row(label: String, value: String) -> Labelled {
    Labelled { label, value }
}

/// What an import stored (see [`Invoices::import_bytes`]). Serialised as the file read
/// (format, supplier, bodies…) plus `file`, `file_id`, `already_imported`, `invoice_ids`, and
/// each body's `id` and `total_cents`.
#[derive(Debug, Clone)]
pub struct ImportedInvoices {
    /// How the file is called.
    pub file: String,
    /// The stored file's id.
    pub file_id: i64,
    /// One id an invoice of the file, in file order.
    pub invoice_ids: Vec<i64>,
    /// True when the very same file was imported before: nothing was written.
    pub already_imported: bool,
    imported: Imported,
}

impl Serialize for ImportedInvoices {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc =
            serde_json::to_value(&self.imported.file).map_err(serde::ser::Error::custom)?;
        if let Some(obj) = doc.as_object_mut() {
            obj.insert("file".into(), json!(self.file));
            obj.insert("file_id".into(), json!(self.file_id));
            obj.insert("already_imported".into(), json!(self.already_imported));
            obj.insert("invoice_ids".into(), json!(self.invoice_ids));
            if let Some(bodies) = obj.get_mut("bodies").and_then(Value::as_array_mut) {
                for (body, (id, b)) in bodies
                    .iter_mut()
                    .zip(self.invoice_ids.iter().zip(&self.imported.file.bodies))
                {
                    body["id"] = json!(id);
                    body["total_cents"] = json!(b.total.cents());
                }
            }
        }
        doc.serialize(s)
    }
}

/// An import in words: what happened, the signers and warnings, and each invoice's fields.
#[derive(Debug, Clone, Serialize)]
pub struct ImportText {
    /// "Imported 1 invoice from …" or "… was already imported".
    pub headline: String,
    /// The signers (envelope intact; signer verified, not verified or untrusted) and the
    /// warnings, one line each.
    pub notes: Vec<String>,
    /// Each invoice's labelled fields, in file order.
    pub invoices: Vec<Vec<Labelled>>,
}

/// What recording an SdI notification did.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedNotification {
    /// Its kind (serialised as SdI's code: `RC`, `NS`, `MC`, `NE`, `DT`, `AT`).
    pub kind: NotificationKind,
    /// SdI's identifier of the file.
    pub sdi_id: String,
    /// The comune's outcome (NE only): `EC01` or `EC02`.
    pub outcome: Option<Outcome>,
    /// The errors SdI listed (NS).
    pub errors: Vec<SdiError>,
    /// The invoices it applied to.
    pub invoice_ids: Vec<i64>,
    /// The events appended.
    pub event_ids: Vec<i64>,
    /// True when it was recorded before: nothing changed.
    pub already_recorded: bool,
    /// SdI's signature, intact, and who signed: verified, not verified or untrusted.
    pub signature: NotificationSignature,
}

/// A step of the comune, recorded.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RecordedStep {
    /// The invoice.
    pub invoice_id: i64,
    /// The step (its code: `registered`, `assigned`, `liquidated`, `paid`).
    #[serde(serialize_with = "step_code")]
    pub step: InvoiceStep,
    /// The day it was done.
    pub on: NaiveDate,
    /// The event appended.
    pub event_id: i64,
}

/// An agreed payment term, recorded.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RecordedTerm {
    /// The invoice.
    pub invoice_id: i64,
    /// The term in days.
    pub days: u32,
    /// The event appended.
    pub event_id: i64,
}

/// An invoice's payment term as a view.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// The term in days: the agreed one, or 30.
    pub days: u32,
    /// True when a term was agreed.
    pub agreed: bool,
    /// The day it runs from.
    pub runs_from: Option<NaiveDate>,
    /// How that day is known (`sdi-delivery`, …).
    pub runs_from_by: Option<&'static str>,
    /// The last day to pay.
    pub due: Option<NaiveDate>,
    /// The day it was paid.
    pub paid_on: Option<NaiveDate>,
    /// `not-started`, `not-due`, `overdue`, `on-time`, `paid-late`, `not-owed`.
    pub timeliness: &'static str,
    /// Days late, when late.
    pub days_late: Option<i64>,
    /// True when the comune is or was late.
    pub late: bool,
}

/// One entry of an invoice's history.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Increasing, never reused.
    pub id: i64,
    /// `imported`, an SdI code, a step or `term`.
    pub kind: InvoiceEventKind,
    /// The day it happened.
    pub on: Option<NaiveDate>,
    /// When it was recorded.
    pub recorded_at: Instant,
    /// Notification ids, outcome, error codes, notes, the agreed days.
    pub detail: InvoiceEventDetail,
}

/// One invoice, where it stands, its term and its history.
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceView {
    /// The invoice's id.
    pub id: i64,
    /// The file it came in.
    pub file: String,
    /// Its place in the file (from 1).
    pub position: i64,
    /// `FPA12` or `FPR12`.
    pub format: String,
    /// The recipient office's code.
    pub recipient_code: String,
    /// The supplier's VAT id.
    pub supplier_vat: String,
    /// The supplier's name.
    pub supplier_name: String,
    /// The customer's name.
    pub customer_name: String,
    /// `TD01`, …
    pub document_type: String,
    /// The invoice's number.
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// ISO 4217.
    pub currency: String,
    /// The total as a decimal (`1220.00`).
    pub total: String,
    /// The total in cents.
    pub total_cents: i64,
    /// `declared` or `summary-lines`.
    pub total_source: String,
    /// The description (causale).
    pub description: Option<String>,
    /// The payment terms as read.
    pub payments: Value,
    /// SdI's id of the file, once known.
    pub sdi_id: Option<String>,
    /// The signers, each with its trust verdict (`trust.verdict`: verified, not-verified,
    /// untrusted).
    pub signers: Option<Value>,
    /// SdI's state (its code).
    pub sdi: &'static str,
    /// The comune's last step (its code).
    pub step: Option<&'static str>,
    /// Each step done (by its code), with its day.
    pub steps: BTreeMap<String, NaiveDate>,
    /// The payment term.
    pub term: TermView,
    /// The history, oldest first.
    pub events: Vec<EventView>,
    #[serde(skip)]
    status: InvoiceStatus,
}

/// One invoice in words: labelled fields and its history.
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceText {
    /// The labelled fields.
    pub rows: Vec<Labelled>,
    /// The history's label.
    pub events_label: String,
    /// The history, oldest first.
    pub events: Vec<EventLine>,
}

/// One history entry in words.
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    /// The event's id.
    pub id: i64,
    /// The day, as the language writes it (empty when unknown).
    pub when: String,
    /// What happened, with its outcome, note, errors or days.
    pub text: String,
}

/// One invoice as a row of a list, each column in words.
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceRow {
    /// The invoice's id.
    pub id: i64,
    /// Its date.
    pub date: String,
    /// Its number.
    pub number: String,
    /// The supplier.
    pub supplier: String,
    /// The total.
    pub total: String,
    /// SdI's state, short.
    pub sdi: String,
    /// The comune's last step, or `-`.
    pub step: String,
    /// Where the payment stands against its term.
    pub timeliness: String,
}

/// The invoices part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Invoices<'a> {
    pub(super) core: &'a Campanile,
}

impl Invoices<'_> {
    /// Imports an invoice file's bytes (FatturaPA XML, or a signed `.p7m`, binary or base64,
    /// whose signature is verified); `file_name` is how SdI's notifications will name it.
    /// The same invoice again is a conflict; the same file again changes nothing. Who signed
    /// is judged against the configured trusted list ([`crate::Config::invoice_trust`]).
    pub fn import_bytes(&self, file_name: &str, bytes: &[u8]) -> Result<ImportedInvoices, Error> {
        self.import_bytes_with(file_name, bytes, &self.core.config().invoice_trust)
    }

    /// [`Invoices::import_bytes`], with who signed a `.p7m` judged against the trusted list
    /// that `trust` names (verified or untrusted; without a list, not verified).
    pub fn import_bytes_with(
        &self,
        file_name: &str,
        bytes: &[u8],
        trust: &InvoiceTrust,
    ) -> Result<ImportedInvoices, Error> {
        let list = trust.load().map_err(|e| self.error(&e))?;
        let imported = self
            .core
            .db()
            .write(|store| invoices::import_bytes_trusted(store, file_name, bytes, list.as_ref()))
            .map_err(|e| self.error(&e))?;
        Ok(ImportedInvoices {
            file: file_name.to_string(),
            file_id: imported.file_id,
            invoice_ids: imported.invoice_ids.clone(),
            already_imported: imported.already_imported,
            imported,
        })
    }

    /// Imports the invoice file at `path` (see [`Invoices::import_bytes`]).
    pub fn import_file(&self, path: &Path) -> Result<ImportedInvoices, Error> {
        let bytes = self.read_path(path)?;
        self.import_bytes(&file_name(path), &bytes)
    }

    /// Records an SdI notification's bytes (RC, NS, MC, NE, DT, AT) on the invoices it is
    /// about; `received` dates those that carry no date of their own (default today).
    pub fn notify_bytes(
        &self,
        file_name: &str,
        bytes: &[u8],
        received: Option<NaiveDate>,
    ) -> Result<RecordedNotification, Error> {
        self.notify_bytes_with(
            file_name,
            bytes,
            received,
            &self.core.config().invoice_trust,
        )
    }

    /// [`Invoices::notify_bytes`]: SdI's XML signature is checked first (a tampered or
    /// unsigned notification is refused, nothing looked up or stored), and who signed is
    /// judged against the trusted list that `trust` names; an intact notification whose
    /// signer is not verified is accepted and shown as such, unless `trust` requires a
    /// verified signer.
    pub fn notify_bytes_with(
        &self,
        file_name: &str,
        bytes: &[u8],
        received: Option<NaiveDate>,
        trust: &InvoiceTrust,
    ) -> Result<RecordedNotification, Error> {
        let list = trust.load().map_err(|e| self.error(&e))?;
        let (n, signature) = invoices::check_notification(
            bytes,
            file_name,
            list.as_ref(),
            trust.require_trusted_signer,
        )
        .map_err(|e| self.error(&e))?;
        let today = received.unwrap_or_else(|| self.today());
        let r = self
            .core
            .db()
            .write(|store| invoices::record_signed_notification(store, n, today, Some(&signature)))
            .map_err(|e| self.error(&e))?;
        Ok(RecordedNotification {
            kind: r.notification.kind,
            sdi_id: r.notification.sdi_id,
            outcome: r.notification.outcome,
            errors: r.notification.errors,
            invoice_ids: r.invoice_ids,
            event_ids: r.event_ids,
            already_recorded: r.already_recorded,
            signature,
        })
    }

    /// Records the SdI notification at `path` (see [`Invoices::notify_bytes`]).
    pub fn notify_file(
        &self,
        path: &Path,
        received: Option<NaiveDate>,
    ) -> Result<RecordedNotification, Error> {
        let bytes = self.read_path(path)?;
        self.notify_bytes(&file_name(path), &bytes, received)
    }

    /// Records a step of the comune on day `on` (default today), with an optional note (the
    /// protocol number, the office, the payment order…).
    pub fn step(
        &self,
        id: i64,
        step: InvoiceStep,
        on: Option<NaiveDate>,
        note: Option<&str>,
    ) -> Result<RecordedStep, Error> {
        let on = on.unwrap_or_else(|| self.today());
        let event_id = self
            .core
            .db()
            .write(|store| invoices::record_step(store, id, step, on, note))
            .map_err(|e| self.error(&e))?;
        Ok(RecordedStep {
            invoice_id: id,
            step,
            on,
            event_id,
        })
    }

    /// Records a payment term agreed in writing, in days (at most 60 with a public
    /// administration; without one the term is 30 days).
    pub fn agree_term(
        &self,
        id: i64,
        days: u32,
        note: Option<&str>,
    ) -> Result<RecordedTerm, Error> {
        let event_id = self
            .core
            .db()
            .write(|store| invoices::agree_term(store, id, days, note))
            .map_err(|e| self.error(&e))?;
        Ok(RecordedTerm {
            invoice_id: id,
            days,
            event_id,
        })
    }

    /// Where invoice `id` stands today, with its history.
    pub fn status(&self, id: i64) -> Result<InvoiceView, Error> {
        let today = self.today();
        let st = self.read(|s| invoices::status(s, id, today))?;
        Ok(view(st))
    }

    /// Every invoice, newest first, with where it stands today.
    pub fn list(&self) -> Result<Vec<InvoiceView>, Error> {
        let today = self.today();
        let all = self.read(|s| invoices::list(s, today))?;
        Ok(all.into_iter().map(view).collect())
    }

    /// Today in Rome, by the host's clock: the default day of steps and notifications and the
    /// day terms are measured on.
    pub fn today(&self) -> NaiveDate {
        self.core.today()
    }

    /// An import in words.
    pub fn import_text(&self, imported: &ImportedInvoices) -> ImportText {
        let i18n = self.core.i18n();
        let name = imported.file.as_str();
        let headline = if imported.already_imported {
            i18n.tr_args("invoices-already-imported", &[("file", name.into())])
        } else {
            i18n.tr_args(
                "invoices-imported",
                &[
                    ("count", imported.invoice_ids.len().into()),
                    ("file", name.into()),
                ],
            )
        };
        let f = &imported.imported.file;
        let mut notes = Vec::new();
        if let Some(sig) = &f.signature {
            for s in &sig.signers {
                let who = s.common_name.clone().unwrap_or_else(|| s.subject.clone());
                let (anchor, reason) = match &s.trust {
                    SignerTrust::Verified { anchor } => (anchor.as_str(), ""),
                    SignerTrust::Untrusted { reason } => ("", reason.code()),
                    SignerTrust::NotVerified => ("", ""),
                };
                notes.push(i18n.tr_args(
                    "invoices-signed-by",
                    &[
                        ("signer", who.into()),
                        ("trust", s.trust.code().into()),
                        ("anchor", anchor.into()),
                        ("reason", reason.into()),
                    ],
                ));
            }
        }
        for w in &f.warnings {
            notes.push(match w {
                Warning::EncodingMismatch { declared, used } => i18n.tr_args(
                    "invoices-warning-encoding",
                    &[("declared", declared.into()), ("used", used.into())],
                ),
                Warning::Iban { value, at } => {
                    let at = i18n.tr_args(
                        "invoices-at",
                        &[
                            ("path", at.path.as_str().into()),
                            ("line", u64::from(at.line).into()),
                            ("column", u64::from(at.column).into()),
                        ],
                    );
                    i18n.tr_args(
                        "invoices-warning-iban",
                        &[("value", value.into()), ("at", at.into())],
                    )
                }
            });
        }
        let tr = |id: &str| i18n.tr(id);
        let invoices = imported
            .invoice_ids
            .iter()
            .zip(&f.bodies)
            .map(|(id, b)| {
                let source = match b.total_source {
                    TotalSource::Declared => "declared",
                    _ => "summary-lines",
                };
                let mut r = vec![
                    row(tr("invoices-label-id"), id.to_string()),
                    row(tr("invoices-label-file"), name.to_string()),
                    row(tr("invoices-label-format"), f.format.code().to_string()),
                    row(tr("invoices-label-recipient"), f.recipient_code.clone()),
                    row(tr("invoices-label-supplier"), f.supplier.name.clone()),
                    row(
                        tr("invoices-label-supplier-vat"),
                        f.supplier
                            .vat_id
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    ),
                    row(tr("invoices-label-customer"), f.customer.name.clone()),
                    row(tr("invoices-label-type"), b.document_type.clone()),
                    row(tr("invoices-label-number"), b.number.clone()),
                    row(tr("invoices-label-date"), self.date(b.date)),
                    row(
                        tr("invoices-label-total"),
                        format!(
                            "{} ({})",
                            self.money(b.total, &b.currency),
                            i18n.tr_args(
                                "invoices-label-total-source",
                                &[("source", source.into())]
                            )
                        ),
                    ),
                ];
                if let Some(desc) = &b.description {
                    r.push(row(tr("invoices-label-description"), desc.clone()));
                }
                for p in &b.payments {
                    for d in &p.details {
                        r.push(row(
                            tr("invoices-label-payment"),
                            self.payment_line(d, &p.conditions, &b.currency),
                        ));
                    }
                }
                r
            })
            .collect();
        ImportText {
            headline,
            notes,
            invoices,
        }
    }

    /// A recorded notification in words: what was recorded, then SdI's errors.
    pub fn notification_text(&self, r: &RecordedNotification) -> Vec<String> {
        let kind = r.kind.code();
        if r.already_recorded {
            return vec![
                self.core
                    .tr("invoices-notification-already", &[("event", kind.into())]),
            ];
        }
        let ids: Vec<String> = r.invoice_ids.iter().map(ToString::to_string).collect();
        let mut lines = vec![self.core.tr(
            "invoices-notification-recorded",
            &[
                ("event", kind.into()),
                ("count", r.invoice_ids.len().into()),
                ("ids", ids.join(", ").into()),
            ],
        )];
        lines.extend(
            r.errors
                .iter()
                .map(|e| format!("  {} {}", e.code, e.description)),
        );
        let s = &r.signature;
        let (anchor, reason) = match &s.trust {
            SignerTrust::Verified { anchor } => (anchor.as_str(), ""),
            SignerTrust::Untrusted { reason } => ("", reason.code()),
            SignerTrust::NotVerified => ("", ""),
        };
        lines.push(
            self.core.tr(
                "invoices-notification-signed-by",
                &[
                    (
                        "signer",
                        s.common_name
                            .clone()
                            .unwrap_or_else(|| s.subject.clone())
                            .into(),
                    ),
                    ("trust", s.trust.code().into()),
                    ("anchor", anchor.into()),
                    ("reason", reason.into()),
                ],
            ),
        );
        lines
    }

    /// A recorded step in words.
    pub fn step_text(&self, r: &RecordedStep) -> String {
        self.core.tr(
            "invoices-step-recorded",
            &[
                ("id", r.invoice_id.into()),
                ("event", r.step.code().into()),
                ("on", self.date(r.on).into()),
            ],
        )
    }

    /// A recorded term in words.
    pub fn term_text(&self, r: &RecordedTerm) -> String {
        self.core.tr(
            "invoices-term-recorded",
            &[
                ("id", r.invoice_id.into()),
                ("days", u64::from(r.days).into()),
            ],
        )
    }

    /// One invoice in words: its fields, where it stands, its term and its history.
    pub fn text(&self, v: &InvoiceView) -> InvoiceText {
        let i18n = self.core.i18n();
        let st = &v.status;
        let inv = &st.invoice;
        let term = match (st.term.runs_from, st.term.due) {
            (Some((from, by)), Some(due)) => format!(
                "{} — {}",
                i18n.tr_args(
                    "invoices-term-line",
                    &[
                        ("days", u64::from(st.term.days).into()),
                        ("agreed", if st.term.agreed { "yes" } else { "no" }.into()),
                        ("from", self.date(from).into()),
                        ("by", by.code().into()),
                        ("due", self.date(due).into()),
                    ]
                ),
                self.timeliness(st.term.timeliness)
            ),
            _ if st.term.timeliness == Timeliness::NotOwed => self.timeliness(st.term.timeliness),
            _ => i18n.tr("invoices-term-not-started"),
        };
        let file = match &inv.sdi_id {
            Some(sdi) => format!("{} (SdI {sdi})", inv.file_name),
            None => inv.file_name.clone(),
        };
        let rows = vec![
            row(i18n.tr("invoices-label-id"), inv.id.to_string()),
            row(i18n.tr("invoices-label-file"), file),
            row(
                i18n.tr("invoices-label-supplier"),
                format!("{} ({})", inv.supplier_name, inv.supplier_vat),
            ),
            row(i18n.tr("invoices-label-number"), inv.number.clone()),
            row(i18n.tr("invoices-label-date"), self.date(inv.date)),
            row(
                i18n.tr("invoices-label-total"),
                self.money(inv.total, &inv.currency),
            ),
            row(
                i18n.tr("invoices-label-sdi"),
                i18n.tr_args(
                    "invoices-state-name",
                    &[("state", st.lifecycle.sdi.code().into())],
                ),
            ),
            row(i18n.tr("invoices-label-comune"), self.comune(st)),
            row(i18n.tr("invoices-label-term"), term),
        ];
        let events = st
            .events
            .iter()
            .map(|e| {
                let mut text =
                    i18n.tr_args("invoices-event-name", &[("event", e.kind.as_str().into())]);
                let d = &e.detail;
                for v in [&d.outcome, &d.note, &d.description].into_iter().flatten() {
                    text.push_str(&format!(" — {v}"));
                }
                if let (Some(by), Some(trust)) = (&d.signed_by, &d.signer_trust) {
                    text.push_str(" — ");
                    text.push_str(&i18n.tr_args(
                        "invoices-event-signed",
                        &[
                            ("signer", by.as_str().into()),
                            ("trust", trust.as_str().into()),
                        ],
                    ));
                }
                for err in &d.errors {
                    text.push_str(&format!(
                        " — {} {}",
                        err.code,
                        err.description.as_deref().unwrap_or_default()
                    ));
                }
                if let Some(days) = d.days {
                    text.push_str(&format!(" — {days}"));
                }
                EventLine {
                    id: e.id,
                    when: e.on.map(|d| self.date(d)).unwrap_or_default(),
                    text,
                }
            })
            .collect();
        InvoiceText {
            rows,
            events_label: i18n.tr("invoices-label-events"),
            events,
        }
    }

    /// One invoice as a row of a list.
    pub fn row(&self, v: &InvoiceView) -> InvoiceRow {
        let st = &v.status;
        let inv = &st.invoice;
        InvoiceRow {
            id: inv.id,
            date: self.date(inv.date),
            number: inv.number.clone(),
            supplier: inv.supplier_name.clone(),
            total: self.money(inv.total, &inv.currency),
            sdi: self.core.tr(
                "invoices-state-short",
                &[("state", st.lifecycle.sdi.code().into())],
            ),
            step: st.lifecycle.last_step().map_or_else(
                || "-".to_string(),
                |s| {
                    self.core
                        .tr("invoices-event-name", &[("event", s.code().into())])
                },
            ),
            timeliness: self.timeliness(st.term.timeliness),
        }
    }

    fn payment_line(&self, d: &PaymentDetail, conditions: &str, currency: &str) -> String {
        let none = || "none".to_string();
        self.core.tr(
            "invoices-payment-line",
            &[
                ("conditions", conditions.into()),
                ("modality", d.modality.as_str().into()),
                (
                    "due",
                    d.due_date.map(|x| self.date(x)).unwrap_or_else(none).into(),
                ),
                (
                    "days",
                    d.term_days
                        .map(|x| x.to_string())
                        .unwrap_or_else(none)
                        .into(),
                ),
                ("amount", self.money(d.amount, currency).into()),
                ("iban", d.iban.clone().unwrap_or_else(none).into()),
            ],
        )
    }

    fn timeliness(&self, t: Timeliness) -> String {
        let (state, days) = timeliness_args(t);
        self.core.tr(
            "invoices-timeliness",
            &[("state", state.into()), ("days", days.into())],
        )
    }

    fn comune(&self, st: &InvoiceStatus) -> String {
        match st.lifecycle.last_step() {
            Some(s) => format!(
                "{} ({})",
                self.core
                    .tr("invoices-event-name", &[("event", s.code().into())]),
                st.lifecycle
                    .step_date(s)
                    .map(|d| self.date(d))
                    .unwrap_or_default()
            ),
            None => self.core.tr("invoices-no-step", &[]),
        }
    }

    /// A day in figures as the language writes it.
    fn date(&self, d: NaiveDate) -> String {
        format::date_numeric(&self.core.i18n(), d)
    }

    /// An amount in the invoice's currency.
    fn money(&self, amount: Amount, currency: &str) -> String {
        format::money(&self.core.i18n(), amount.cents(), currency)
    }

    fn error(&self, e: &InvoiceError) -> Error {
        self.core.error(e)
    }

    fn read_path(&self, path: &Path) -> Result<Vec<u8>, Error> {
        std::fs::read(path).map_err(|e| {
            self.error(&InvoiceError::Io {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })
        })
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&crate::store::Store) -> Result<T, InvoiceError>,
    ) -> Result<T, Error> {
        self.core
            .db()
            .read(f)
            .map_err(|e| self.core.error(&e))?
            .map_err(|e| self.error(&e))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn step_code<S: serde::Serializer>(step: &InvoiceStep, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(step.code())
}

fn timeliness_args(t: Timeliness) -> (&'static str, i64) {
    let days = match t {
        Timeliness::NotDue { days_left } => days_left,
        Timeliness::Overdue { days } | Timeliness::PaidLate { days } => days,
        _ => 0,
    };
    (t.code(), days)
}

fn view(st: InvoiceStatus) -> InvoiceView {
    let inv = &st.invoice;
    let lc = &st.lifecycle;
    let steps = InvoiceStep::ALL
        .iter()
        .filter_map(|s| lc.step_date(*s).map(|d| (s.code().to_string(), d)))
        .collect();
    let (timeliness, days) = timeliness_args(st.term.timeliness);
    let late = st.term.timeliness.is_late();
    InvoiceView {
        id: inv.id,
        file: inv.file_name.clone(),
        position: inv.position,
        format: inv.format.clone(),
        recipient_code: inv.recipient_code.clone(),
        supplier_vat: inv.supplier_vat.clone(),
        supplier_name: inv.supplier_name.clone(),
        customer_name: inv.customer_name.clone(),
        document_type: inv.document_type.clone(),
        number: inv.number.clone(),
        date: inv.date,
        currency: inv.currency.clone(),
        total: inv.total.to_string(),
        total_cents: inv.total.cents(),
        total_source: inv.total_source.clone(),
        description: inv.description.clone(),
        payments: inv.payments.clone(),
        sdi_id: inv.sdi_id.clone(),
        signers: inv.signers.clone(),
        sdi: lc.sdi.code(),
        step: lc.last_step().map(InvoiceStep::code),
        steps,
        term: TermView {
            days: st.term.days,
            agreed: st.term.agreed,
            runs_from: st.term.runs_from.map(|(d, _)| d),
            runs_from_by: st.term.runs_from.map(|(_, by)| by.code()),
            due: st.term.due,
            paid_on: st.term.paid_on,
            timeliness,
            days_late: late.then_some(days),
            late,
        },
        events: st
            .events
            .iter()
            .map(|e| EventView {
                id: e.id,
                kind: InvoiceEventKind::from_code(&e.kind),
                on: e.on,
                recorded_at: Instant::from_ms(e.recorded_at.saturating_mul(1000)),
                detail: e.detail.clone(),
            })
            .collect(),
        status: st,
    }
}
