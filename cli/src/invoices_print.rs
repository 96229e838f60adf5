//! How `campanile invoices` lays out what the core wrote: aligned labelled rows, a history,
//! a list's columns; JSON as the core's views serialise.

use campanile_core::{ImportText, InvoiceRow, InvoiceText, Labelled};
use serde::Serialize;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};

/// Prints a view as pretty JSON.
pub fn json<T: Serialize>(ctx: &Ctx, view: &T) -> Result<(), CliError> {
    let value =
        serde_json::to_value(view).map_err(|e| crate::error::fail(Kind::Other, e.to_string()))?;
    ctx.print_json(&value)
}

fn rows(rows: &[Labelled]) {
    let width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    for r in rows {
        let pad = width - r.label.chars().count();
        println!("  {}:{} {}", r.label, " ".repeat(pad), r.value);
    }
}

pub fn imported_text(t: &ImportText) {
    println!("{}", t.headline);
    for note in &t.notes {
        println!("{note}");
    }
    for invoice in &t.invoices {
        println!();
        rows(invoice);
    }
}

pub fn status_text(t: &InvoiceText) {
    rows(&t.rows);
    println!("  {}:", t.events_label);
    for e in &t.events {
        println!("    #{:<5} {:<10} {}", e.id, e.when, e.text);
    }
}

pub fn list_text(ctx: &Ctx, all: &[InvoiceRow]) {
    if all.is_empty() {
        println!("{}", ctx.tr("invoices-none"));
        return;
    }
    println!("{}", ctx.tr("invoices-list-header"));
    for r in all {
        let name: String = r.supplier.chars().take(30).collect();
        let number: String = r.number.chars().take(16).collect();
        println!(
            "{:<3} {:<11} {:<17} {:<31} {:>13}  {} / {} / {}",
            r.id, r.date, number, name, r.total, r.sdi, r.step, r.timeliness,
        );
    }
}
