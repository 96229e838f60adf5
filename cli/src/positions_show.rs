//! What `campanile positions` prints: a position's status and options in the user's language,
//! or one JSON document with --json. A status this version does not know is shown as unknown
//! with the platform's own word beside it, never as paid.

use std::path::Path;

use campanile_core::pagopa::platform::{
    DebtPosition, OptionStatus, PositionOption, PositionStatus,
};
use campanile_core::pagopa::print::PrintableNotice;
use campanile_core::pagopa::{CreditorFiscalCode, NoticeNumber};
use campanile_core::time::{CivilDate, rome_day};
use serde_json::{Value, json};

use crate::ctx::Ctx;
use crate::error::CliError;

fn position_status(ctx: &Ctx, s: Option<&PositionStatus>) -> String {
    let words = ctx.tr_args(
        "pagopa-position-status",
        &[("status", s.map_or("unknown", PositionStatus::code).into())],
    );
    match s {
        Some(PositionStatus::Unknown(raw)) => format!("{words} [{raw}]"),
        _ => words,
    }
}

fn option_status(ctx: &Ctx, s: Option<&OptionStatus>) -> String {
    let words = ctx.tr_args(
        "pagopa-option-status",
        &[("status", s.map_or("unknown", OptionStatus::code).into())],
    );
    match s {
        Some(OptionStatus::Unknown(raw)) => format!("{words} [{raw}]"),
        _ => words,
    }
}

fn raw_position_status(s: Option<&PositionStatus>) -> Option<&str> {
    match s {
        Some(PositionStatus::Unknown(raw)) => Some(raw),
        _ => None,
    }
}

fn day(ctx: &Ctx, d: CivilDate) -> String {
    campanile_core::format::date(&ctx.i18n, d)
}

/// The notice code in groups of four when it is a valid one, else as given.
fn notice_code(o: &PositionOption) -> String {
    match o.nav.as_deref() {
        Some(nav) => NoticeNumber::parse(nav).map_or_else(|_| nav.to_string(), |n| n.grouped()),
        None => o.iuv.clone().unwrap_or_else(|| "?".into()),
    }
}

fn option_line(ctx: &Ctx, o: &PositionOption) -> String {
    let kind = match o.is_partial_payment {
        Some(true) => "installment",
        Some(false) => "full",
        None => "unknown",
    };
    let amount = o
        .amount()
        .map_or_else(|| "?".into(), |a| ctx.euros(a.cents()));
    let due = o.due_day().map_or_else(|| "?".into(), |d| day(ctx, d));
    let mut line = ctx.tr_args(
        "positions-option",
        &[
            ("kind", kind.into()),
            ("notice", notice_code(o).into()),
            ("amount", amount.into()),
            ("due", due.into()),
            ("status", option_status(ctx, o.status.as_ref()).into()),
        ],
    );
    if o.is_paid() {
        let paid_on = o
            .payment_date
            .as_deref()
            .and_then(rome_day)
            .map_or_else(|| "?".into(), |d| day(ctx, d));
        line.push_str("\n      ");
        line.push_str(&ctx.tr_args(
            "positions-option-paid",
            &[
                ("date", paid_on.into()),
                (
                    "psp",
                    o.psp_company.clone().unwrap_or_else(|| "?".into()).into(),
                ),
                (
                    "receipt",
                    o.receipt_id.clone().unwrap_or_else(|| "?".into()).into(),
                ),
            ],
        ));
    }
    line
}

fn option_json(o: &PositionOption) -> Value {
    json!({
        "iuv": o.iuv,
        "notice_number": o.nav,
        "amount_cents": o.amount_cents,
        "due_date": o.due_day(),
        "installment": o.is_partial_payment,
        "status": o.status.as_ref().map_or("unknown", OptionStatus::code),
        "status_given": match &o.status {
            Some(OptionStatus::Unknown(raw)) => Some(raw.as_str()),
            _ => None,
        },
        "paid": o.is_paid(),
    })
}

fn position_json(p: &DebtPosition) -> Value {
    let status = p.status.as_ref();
    json!({
        "iupd": p.iupd,
        "status": status.map_or("unknown", PositionStatus::code),
        "status_given": raw_position_status(status),
        "paid": status.is_some_and(PositionStatus::is_paid),
        "payable": status.is_some_and(PositionStatus::is_payable),
        "options": p.options.iter().map(option_json).collect::<Vec<_>>(),
        "position": p,
    })
}

fn print_options(ctx: &Ctx, p: &DebtPosition) {
    for o in &p.options {
        println!("  {}", option_line(ctx, o));
    }
}

/// After publish or invalidate.
pub fn changed(ctx: &Ctx, id: &str, p: &DebtPosition) -> Result<(), CliError> {
    if ctx.json {
        return ctx.print_json(&position_json(p));
    }
    println!(
        "{}",
        ctx.tr_args(
            id,
            &[
                ("iupd", p.iupd.as_str().into()),
                ("status", position_status(ctx, p.status.as_ref()).into()),
            ],
        )
    );
    Ok(())
}

pub fn created(ctx: &Ctx, published: bool, p: &DebtPosition) -> Result<(), CliError> {
    if ctx.json {
        let mut doc = position_json(p);
        doc["created"] = json!(true);
        doc["published"] = json!(published);
        return ctx.print_json(&doc);
    }
    let id = if published {
        "positions-created-published"
    } else {
        "positions-created-draft"
    };
    println!(
        "{}",
        ctx.tr_args(
            id,
            &[
                ("iupd", p.iupd.as_str().into()),
                ("status", position_status(ctx, p.status.as_ref()).into()),
            ],
        )
    );
    print_options(ctx, p);
    Ok(())
}

pub fn status(ctx: &Ctx, org: &CreditorFiscalCode, p: &DebtPosition) -> Result<(), CliError> {
    if ctx.json {
        let mut doc = position_json(p);
        doc["creditor"] = json!(org.as_str());
        return ctx.print_json(&doc);
    }
    println!(
        "{}",
        ctx.tr_args(
            "positions-status",
            &[
                ("iupd", p.iupd.as_str().into()),
                ("status", position_status(ctx, p.status.as_ref()).into()),
            ],
        )
    );
    let name = p.company_name.clone().unwrap_or_default();
    let office = p
        .office_name
        .as_deref()
        .map(|o| format!(", {o}"))
        .unwrap_or_default();
    println!(
        "  {}",
        ctx.tr_args(
            "positions-creditor",
            &[
                ("name", format!("{name}{office}").into()),
                ("code", org.as_str().into()),
            ],
        )
    );
    print_options(ctx, p);
    Ok(())
}

/// The receipts of a position: of `option` (IUV or notice number), or of every paid option.
/// Only what the platform says is paid has one.
pub fn receipts(
    ctx: &Ctx,
    org: &CreditorFiscalCode,
    p: &DebtPosition,
    option: Option<&str>,
) -> Result<(), CliError> {
    let org_code = p
        .organization_fiscal_code
        .clone()
        .unwrap_or_else(|| org.to_string());
    let options: Vec<&PositionOption> = match option {
        Some(id) => {
            let found: Vec<_> = p.options.iter().filter(|o| o.is(id)).collect();
            if found.is_empty() {
                return Err(crate::error::fail(
                    crate::error::Kind::BadInput,
                    ctx.tr_args(
                        "positions-error-no-option",
                        &[("iupd", p.iupd.as_str().into()), ("option", id.into())],
                    ),
                ));
            }
            found
        }
        None => p.options.iter().collect(),
    };
    let receipts: Vec<_> = options
        .iter()
        .filter_map(|o| o.receipt(&org_code, &p.iupd))
        .collect();
    if ctx.json {
        return ctx.print_json(&json!({
            "iupd": p.iupd,
            "status": p.status.as_ref().map_or("unknown", PositionStatus::code),
            "options": options.iter().map(|o| option_json(o)).collect::<Vec<_>>(),
            "receipts": receipts,
        }));
    }
    for o in &options {
        println!("{}", option_line(ctx, o));
        if !o.is_paid() {
            println!(
                "      {}",
                ctx.tr_args(
                    "positions-no-receipt",
                    &[("status", option_status(ctx, o.status.as_ref()).into())]
                )
            );
        }
    }
    Ok(())
}

pub fn printed(
    ctx: &Ctx,
    iupd: &str,
    out: &Path,
    notice: &PrintableNotice,
) -> Result<(), CliError> {
    let options = notice.options().count();
    if ctx.json {
        return ctx.print_json(&json!({
            "iupd": iupd,
            "out": out.display().to_string(),
            "language": notice.language,
            "notice": notice,
        }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "positions-printed",
            &[
                ("iupd", iupd.into()),
                ("path", out.display().to_string().into()),
                ("options", options.into()),
            ],
        )
    );
    for o in notice.options() {
        println!(
            "  {}  {}  {}",
            o.notice_number.grouped(),
            ctx.euros(o.amount.cents()),
            day(ctx, o.due_date)
        );
    }
    Ok(())
}
