//! `campanile pay parse|scan`: pagoPA notices, offline: validate what is typed or scanned
//! (paying them: `pay_ledger_cmd`).

use std::path::PathBuf;

use campanile_core::i18n::Localize;
use campanile_core::pagopa::scan::{self, ScanEngine, ScanOptions, ScanResult};
use campanile_core::pagopa::{self, Notice, NoticeError, Source};
use clap::{Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::ctx::Ctx;
use crate::error::CliError;

#[derive(Subcommand, Debug)]
pub enum PayCommand {
    /// Validate a notice offline and print its fields: a QR code's text (PAGOPA|002|…), a Poste
    /// Data Matrix's (codfase=NBPA;…), or a notice number typed by hand (spaces, dots and dashes
    /// allowed) with --creditor. Exit 0 when valid, 3 with the reason when not.
    Parse {
        /// The QR / Data Matrix text, the notice number, or the 29 digits of an RptId.
        notice: String,
        /// The creditor's fiscal code (11 digits), for a typed notice number.
        #[arg(long)]
        creditor: Option<String>,
    },
    /// Find notice QR codes (and Poste Data Matrix codes) in a PNG or JPEG photo.
    Scan {
        image: PathBuf,
        /// The decoder.
        #[arg(long, value_enum, default_value_t = EngineArg::Rxing, hide = true)]
        engine: EngineArg,
    },
    #[command(flatten)]
    Ledger(Box<crate::pay_ledger_cmd::PayLedgerCommand>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Rxing,
    Rqrr,
}

pub fn run(cmd: PayCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        PayCommand::Parse { notice, creditor } => parse_cmd(ctx, &notice, creditor.as_deref()),
        PayCommand::Scan { image, engine } => scan_cmd(ctx, &image, engine),
        PayCommand::Ledger(cmd) => crate::pay_ledger_cmd::run(*cmd, ctx),
    }
}

fn parse_cmd(ctx: &Ctx, text: &str, creditor: Option<&str>) -> Result<(), CliError> {
    // Offline: no database or keyring needed, so the core's parser is called directly; the
    // error is the core's, its details naming the wrong field.
    let notice = pagopa::parse(text, creditor).map_err(|e| {
        let (id, _) = e.message();
        crate::error::localized(&ctx.i18n, &e).with_detail("message-id", id)
    })?;
    if ctx.json {
        ctx.print_json(&json!({ "valid": true, "notice": notice_json(ctx, &notice) }))
    } else {
        print_notice(ctx, &notice);
        Ok(())
    }
}

fn scan_cmd(ctx: &Ctx, path: &std::path::Path, engine: EngineArg) -> Result<(), CliError> {
    let options = ScanOptions {
        engine: match engine {
            EngineArg::Rxing => ScanEngine::Rxing,
            EngineArg::Rqrr => ScanEngine::Rqrr,
        },
        ..ScanOptions::default()
    };
    let bytes = std::fs::read(path).map_err(|e| {
        let e = scan::PhotoScanError::Read {
            detail: e.to_string(),
        };
        crate::error::localized(&ctx.i18n, &e)
            .in_context(&path.display().to_string())
            .with_detail("file", path.display())
    })?;
    let result = ctx
        .block_on(ctx.core()?.payments().scan_photo(bytes, options))
        .map_err(|e| {
            e.in_context(&path.display().to_string())
                .with_detail("file", path.display())
        })?;
    let valid = result.notices().count();
    if ctx.json && valid > 0 {
        ctx.print_json(&scan_json(ctx, &result))?;
    } else if !ctx.json {
        for (i, f) in result.found.iter().enumerate() {
            if i > 0 {
                println!();
            }
            match (&f.notice, &f.error) {
                (Some(n), _) => print_notice(ctx, n),
                (None, Some(e)) => {
                    println!("{}", f.text);
                    println!("  {}", ctx.i18n.localize(e));
                }
                (None, None) => println!("{}", f.text),
            }
        }
        for o in &result.other {
            println!("{}", ctx.tr_args("pay-scan-other", &[("text", o.into())]));
        }
    }
    // Nothing valid read: the core's error, naming what was found.
    ctx.core()?
        .payments()
        .require_notice(&result, &path.display().to_string())
}

fn source_id(source: Source) -> &'static str {
    match source {
        Source::Qr => "pay-source-qr",
        Source::PosteDataMatrix => "pay-source-data-matrix",
        Source::Manual => "pay-source-manual",
    }
}

fn print_notice(ctx: &Ctx, n: &Notice) {
    let nn = n.notice_number();
    println!(
        "{}",
        ctx.tr_args(
            "pay-valid",
            &[("source", ctx.tr(source_id(n.source)).into())]
        )
    );
    let mut rows: Vec<(String, String)> = vec![
        (ctx.tr("pay-label-notice-number"), nn.grouped()),
        (
            ctx.tr("pay-label-aux-digit"),
            nn.aux_digit().digit().to_string(),
        ),
    ];
    if let Some(code) = nn.application_code() {
        rows.push((ctx.tr("pay-label-application-code"), code.to_string()));
    }
    if let Some(code) = nn.segregation_code() {
        rows.push((ctx.tr("pay-label-segregation-code"), code.to_string()));
    }
    rows.push((ctx.tr("pay-label-iuv"), nn.iuv().to_string()));
    if let Some(c) = nn.check_digits() {
        rows.push((ctx.tr("pay-label-check-digits"), c.to_string()));
    }
    rows.push((ctx.tr("pay-label-creditor"), n.creditor().to_string()));
    rows.push((ctx.tr("pay-label-rpt-id"), n.rpt_id.to_string()));
    if let Some(a) = n.amount {
        rows.push((ctx.tr("pay-label-amount"), ctx.euros(a.cents())));
    }
    if let Some(p) = &n.poste {
        rows.push((ctx.tr("pay-label-postal-account"), p.postal_account.clone()));
        if let Some(d) = &p.debtor_fiscal_code {
            rows.push((ctx.tr("pay-label-debtor"), d.clone()));
        }
        if let Some(d) = &p.debtor_name {
            rows.push((ctx.tr("pay-label-debtor-name"), d.clone()));
        }
        if let Some(s) = &p.subject {
            rows.push((ctx.tr("pay-label-subject"), s.clone()));
        }
    }
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

fn notice_json(ctx: &Ctx, n: &Notice) -> Value {
    let nn = n.notice_number();
    let mut v = json!({
        "source": n.source,
        "rpt_id": n.rpt_id.to_string(),
        "notice_number": nn.as_str(),
        "aux_digit": nn.aux_digit().digit(),
        "application_code": nn.application_code(),
        "segregation_code": nn.segregation_code(),
        "iuv": nn.iuv(),
        "iuv_base": nn.iuv_base(),
        "check_digits": nn.check_digits(),
        "creditor_fiscal_code": n.creditor().as_str(),
        "amount_cents": n.amount.map(|a| a.cents()),
        "amount": n.amount.map(|a| ctx.euros(a.cents())),
    });
    if let (Some(p), Some(obj)) = (&n.poste, v.as_object_mut()) {
        obj.insert("poste".into(), json!(p));
    }
    v
}

fn error_json(ctx: &Ctx, e: &NoticeError) -> Value {
    let mut v = json!(e);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("message".into(), json!(ctx.i18n.localize(e)));
        let (id, _) = e.message();
        obj.insert("message_id".into(), json!(id));
    }
    v
}

fn scan_json(ctx: &Ctx, r: &ScanResult) -> Value {
    let found: Vec<Value> = r
        .found
        .iter()
        .map(|f| {
            json!({
                "text": f.text,
                "valid": f.notice.is_some(),
                "notice": f.notice.as_ref().map(|n| notice_json(ctx, n)),
                "error": f.error.as_ref().map(|e| error_json(ctx, e)),
            })
        })
        .collect();
    json!({
        "width": r.width,
        "height": r.height,
        "found": found,
        "other": r.other,
    })
}
