//! How `campanile invoices` shows invoices: text for people, JSON for scripts.

use campanile_core::invoices::fatturapa::{Amount, InvoiceFile, PaymentDetail, Warning};
use campanile_core::invoices::{Imported, InvoiceStatus, NaiveDate, Step, Timeliness};
use serde_json::{Value, json};

use crate::ctx::Ctx;
use crate::pay_cmd::format_amount;

/// A day as the language writes it: `05/03/2024` in Italian, `2024-03-05` in English.
pub fn date(ctx: &Ctx, d: NaiveDate) -> String {
    if ctx.i18n.lang() == "it" {
        d.format("%d/%m/%Y").to_string()
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// An amount in the invoice's currency: euros as the language writes them, others with their
/// code.
fn money(ctx: &Ctx, amount: Amount, currency: &str) -> String {
    if currency != "EUR" {
        return format!("{amount} {currency}");
    }
    let text = format_amount(ctx.i18n.lang(), amount.cents().unsigned_abs());
    if amount.cents() < 0 {
        format!("-{text}")
    } else {
        text
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn rows(rows: &[(String, String)]) {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let pad = width - label.chars().count();
        println!("  {label}:{} {value}", " ".repeat(pad));
    }
}

fn payment_line(ctx: &Ctx, d: &PaymentDetail, conditions: &str, currency: &str) -> String {
    let none = || "none".to_string();
    ctx.tr_args(
        "invoices-payment-line",
        &[
            ("conditions", conditions.into()),
            ("modality", d.modality.as_str().into()),
            (
                "due",
                d.due_date.map(|x| date(ctx, x)).unwrap_or_else(none).into(),
            ),
            (
                "days",
                d.term_days
                    .map(|x| x.to_string())
                    .unwrap_or_else(none)
                    .into(),
            ),
            ("amount", money(ctx, d.amount, currency).into()),
            ("iban", d.iban.clone().unwrap_or_else(none).into()),
        ],
    )
}

pub fn imported_json(file_name: &str, imported: &Imported) -> Value {
    let mut doc = serde_json::to_value(&imported.file).unwrap_or(Value::Null);
    if let Some(obj) = doc.as_object_mut() {
        obj.insert("file".into(), json!(file_name));
        obj.insert("file_id".into(), json!(imported.file_id));
        obj.insert("already_imported".into(), json!(imported.already_imported));
        obj.insert("invoice_ids".into(), json!(imported.invoice_ids));
        // The total in cents too, and each invoice's id beside its body.
        if let Some(bodies) = obj.get_mut("bodies").and_then(Value::as_array_mut) {
            for (body, (id, b)) in bodies
                .iter_mut()
                .zip(imported.invoice_ids.iter().zip(&imported.file.bodies))
            {
                body["id"] = json!(id);
                body["total_cents"] = json!(b.total.cents());
            }
        }
    }
    doc
}

pub fn imported_text(ctx: &Ctx, file_name: &str, imported: &Imported) {
    let f: &InvoiceFile = &imported.file;
    if let Some(sig) = &f.signature {
        for s in &sig.signers {
            let who = s.common_name.clone().unwrap_or_else(|| s.subject.clone());
            println!(
                "{}",
                ctx.tr_args("invoices-signed-by", &[("signer", who.into())])
            );
        }
    }
    for w in &f.warnings {
        match w {
            Warning::EncodingMismatch { declared, used } => println!(
                "{}",
                ctx.tr_args(
                    "invoices-warning-encoding",
                    &[("declared", declared.into()), ("used", used.into())]
                )
            ),
            Warning::Iban { value, at } => println!(
                "{}",
                ctx.tr_args(
                    "invoices-warning-iban",
                    &[
                        ("value", value.into()),
                        (
                            "at",
                            ctx.tr_args(
                                "invoices-at",
                                &[
                                    ("path", at.path.as_str().into()),
                                    ("line", u64::from(at.line).into()),
                                    ("column", u64::from(at.column).into()),
                                ],
                            )
                            .into()
                        ),
                    ]
                )
            ),
        }
    }
    for (id, b) in imported.invoice_ids.iter().zip(&f.bodies) {
        println!();
        let mut r = vec![
            (ctx.tr("invoices-label-id"), id.to_string()),
            (ctx.tr("invoices-label-file"), file_name.to_string()),
            (ctx.tr("invoices-label-format"), f.format.code().to_string()),
            (ctx.tr("invoices-label-recipient"), f.recipient_code.clone()),
            (ctx.tr("invoices-label-supplier"), f.supplier.name.clone()),
            (
                ctx.tr("invoices-label-supplier-vat"),
                f.supplier
                    .vat_id
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            (ctx.tr("invoices-label-customer"), f.customer.name.clone()),
            (ctx.tr("invoices-label-type"), b.document_type.clone()),
            (ctx.tr("invoices-label-number"), b.number.clone()),
            (ctx.tr("invoices-label-date"), date(ctx, b.date)),
            (
                ctx.tr("invoices-label-total"),
                format!(
                    "{} ({})",
                    money(ctx, b.total, &b.currency),
                    ctx.tr_args(
                        "invoices-label-total-source",
                        &[(
                            "source",
                            match b.total_source {
                                campanile_core::invoices::fatturapa::TotalSource::Declared => {
                                    "declared"
                                }
                                _ => "summary-lines",
                            }
                            .into()
                        )]
                    )
                ),
            ),
        ];
        if let Some(desc) = &b.description {
            r.push((ctx.tr("invoices-label-description"), desc.clone()));
        }
        for p in &b.payments {
            for d in &p.details {
                r.push((
                    ctx.tr("invoices-label-payment"),
                    payment_line(ctx, d, &p.conditions, &b.currency),
                ));
            }
        }
        rows(&r);
    }
}

fn timeliness_args(t: Timeliness) -> (&'static str, i64) {
    let days = match t {
        Timeliness::NotDue { days_left } => days_left,
        Timeliness::Overdue { days } | Timeliness::PaidLate { days } => days,
        _ => 0,
    };
    (t.code(), days)
}

pub fn status_json(st: &InvoiceStatus) -> Value {
    let inv = &st.invoice;
    let lc = &st.lifecycle;
    let steps: serde_json::Map<String, Value> = Step::ALL
        .iter()
        .filter_map(|s| {
            lc.step_date(*s)
                .map(|d| (s.code().to_string(), json!(iso(d))))
        })
        .collect();
    let (timeliness, days) = timeliness_args(st.term.timeliness);
    json!({
        "id": inv.id,
        "file": inv.file_name,
        "position": inv.position,
        "format": inv.format,
        "recipient_code": inv.recipient_code,
        "supplier_vat": inv.supplier_vat,
        "supplier_name": inv.supplier_name,
        "customer_name": inv.customer_name,
        "document_type": inv.document_type,
        "number": inv.number,
        "date": iso(inv.date),
        "currency": inv.currency,
        "total": inv.total.to_string(),
        "total_cents": inv.total.cents(),
        "total_source": inv.total_source,
        "description": inv.description,
        "payments": inv.payments,
        "sdi_id": inv.sdi_id,
        "signers": inv.signers,
        "sdi": lc.sdi.code(),
        "step": lc.last_step().map(Step::code),
        "steps": steps,
        "term": {
            "days": st.term.days,
            "agreed": st.term.agreed,
            "runs_from": st.term.runs_from.map(|(d, _)| iso(d)),
            "runs_from_by": st.term.runs_from.map(|(_, by)| by.code()),
            "due": st.term.due.map(iso),
            "paid_on": st.term.paid_on.map(iso),
            "timeliness": timeliness,
            "days_late": if st.term.timeliness.is_late() { Some(days) } else { None },
            "late": st.term.timeliness.is_late(),
        },
        "events": st.events.iter().map(|e| json!({
            "id": e.id,
            "kind": e.kind,
            "on": e.on.map(iso),
            "recorded_at": e.recorded_at,
            "detail": e.detail,
        })).collect::<Vec<_>>(),
    })
}

fn timeliness_text(ctx: &Ctx, t: Timeliness) -> String {
    let (state, days) = timeliness_args(t);
    ctx.tr_args(
        "invoices-timeliness",
        &[("state", state.into()), ("days", days.into())],
    )
}

fn comune_text(ctx: &Ctx, st: &InvoiceStatus) -> String {
    match st.lifecycle.last_step() {
        Some(s) => format!(
            "{} ({})",
            ctx.tr_args("invoices-event-name", &[("event", s.code().into())]),
            st.lifecycle
                .step_date(s)
                .map(|d| date(ctx, d))
                .unwrap_or_default()
        ),
        None => ctx.tr("invoices-no-step"),
    }
}

pub fn status_text(ctx: &Ctx, st: &InvoiceStatus) {
    let inv = &st.invoice;
    let term = match (st.term.runs_from, st.term.due) {
        (Some((from, by)), Some(due)) => format!(
            "{} — {}",
            ctx.tr_args(
                "invoices-term-line",
                &[
                    ("days", u64::from(st.term.days).into()),
                    ("agreed", if st.term.agreed { "yes" } else { "no" }.into()),
                    ("from", date(ctx, from).into()),
                    ("by", by.code().into()),
                    ("due", date(ctx, due).into()),
                ]
            ),
            timeliness_text(ctx, st.term.timeliness)
        ),
        _ if st.term.timeliness == Timeliness::NotOwed => timeliness_text(ctx, st.term.timeliness),
        _ => ctx.tr("invoices-term-not-started"),
    };
    let mut r = vec![
        (ctx.tr("invoices-label-id"), inv.id.to_string()),
        (ctx.tr("invoices-label-file"), inv.file_name.clone()),
        (
            ctx.tr("invoices-label-supplier"),
            format!("{} ({})", inv.supplier_name, inv.supplier_vat),
        ),
        (ctx.tr("invoices-label-number"), inv.number.clone()),
        (ctx.tr("invoices-label-date"), date(ctx, inv.date)),
        (
            ctx.tr("invoices-label-total"),
            money(ctx, inv.total, &inv.currency),
        ),
        (
            ctx.tr("invoices-label-sdi"),
            ctx.tr_args(
                "invoices-state-name",
                &[("state", st.lifecycle.sdi.code().into())],
            ),
        ),
        (ctx.tr("invoices-label-comune"), comune_text(ctx, st)),
        (ctx.tr("invoices-label-term"), term),
    ];
    if let Some(sdi) = &inv.sdi_id {
        r[1].1 = format!("{} (SdI {sdi})", inv.file_name);
    }
    rows(&r);
    println!("  {}:", ctx.tr("invoices-label-events"));
    for e in &st.events {
        let when = e.on.map(|d| date(ctx, d)).unwrap_or_default();
        let mut line = format!(
            "    #{:<5} {:<10} {}",
            e.id,
            when,
            ctx.tr_args("invoices-event-name", &[("event", e.kind.as_str().into())])
        );
        for key in ["outcome", "note", "description"] {
            if let Some(v) = e.detail.get(key).and_then(Value::as_str) {
                line.push_str(&format!(" — {v}"));
            }
        }
        if let Some(errors) = e.detail.get("errors").and_then(Value::as_array) {
            for err in errors {
                line.push_str(&format!(
                    " — {} {}",
                    err["code"].as_str().unwrap_or_default(),
                    err["description"].as_str().unwrap_or_default()
                ));
            }
        }
        if let Some(days) = e.detail.get("days").and_then(Value::as_u64) {
            line.push_str(&format!(" — {days}"));
        }
        println!("{line}");
    }
}

pub fn list_text(ctx: &Ctx, all: &[InvoiceStatus]) {
    if all.is_empty() {
        println!("{}", ctx.tr("invoices-none"));
        return;
    }
    println!("{}", ctx.tr("invoices-list-header"));
    for st in all {
        let inv = &st.invoice;
        let name: String = inv.supplier_name.chars().take(30).collect();
        let number: String = inv.number.chars().take(16).collect();
        println!(
            "{:<3} {:<11} {:<17} {:<31} {:>13}  {} / {} / {}",
            inv.id,
            date(ctx, inv.date),
            number,
            name,
            money(ctx, inv.total, &inv.currency),
            ctx.tr_args(
                "invoices-state-short",
                &[("state", st.lifecycle.sdi.code().into())]
            ),
            st.lifecycle.last_step().map_or_else(
                || "-".to_string(),
                |s| ctx.tr_args("invoices-event-name", &[("event", s.code().into())])
            ),
            timeliness_text(ctx, st.term.timeliness),
        );
    }
}
