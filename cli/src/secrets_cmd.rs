//! `campanile secrets …`: the platform's keys and tokens in the OS keyring. Values are read
//! from standard input (never from the command line, so they stay out of shell history and
//! process lists), never printed, and taken out of log lines and error messages.

use std::io::{IsTerminal, Read, Write};

use campanile_core::secrets::{self, MAX_VALUE, SecretName, Secrets, SecretsError};
use clap::Subcommand;
use serde_json::json;
use zeroize::Zeroizing;

use crate::ctx::Ctx;
use crate::error::{CliError, Kind};

#[derive(Subcommand, Debug)]
pub enum SecretsCommand {
    /// Store a secret (pagopa-checkout-key, pagopa-payment-requests-key, pagopa-gpd-key): its
    /// value is read from standard input, one line, typed without echo on a terminal.
    Set { name: String },
    /// Remove a secret from the keyring.
    Unset { name: String },
    /// The known secrets and whether each is set (never their values).
    List,
}

pub fn run(cmd: SecretsCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        SecretsCommand::Set { name } => set(ctx, &name),
        SecretsCommand::Unset { name } => unset(ctx, &name),
        SecretsCommand::List => list(ctx),
    }
}

fn error(ctx: &Ctx, e: &SecretsError) -> CliError {
    crate::error::localized(&ctx.i18n, e)
}

fn open(ctx: &Ctx) -> Result<Secrets, CliError> {
    let s = Secrets::open().map_err(|e| error(ctx, &e))?;
    tracing::debug!(?s, "keyring opened");
    Ok(s)
}

fn set(ctx: &Ctx, name: &str) -> Result<(), CliError> {
    let name = SecretName::parse(name).map_err(|e| error(ctx, &e))?;
    let store = open(ctx)?;
    let value = read_value(ctx, name)?;
    store.set(name, &value).map_err(|e| error(ctx, &e))?;
    tracing::info!(%name, backend = %store.backend(), "secret stored");
    if ctx.json {
        return ctx.print_json(&json!({
            "name": name,
            "stored": true,
            "backend": store.backend(),
            "service": store.service(),
        }));
    }
    println!(
        "{}",
        ctx.tr_args(
            "secrets-stored",
            &[
                ("name", name.as_str().into()),
                ("backend", store.backend().into())
            ]
        )
    );
    Ok(())
}

/// One line from standard input: without echo from a terminal, else the whole input less its
/// final line break.
fn read_value(ctx: &Ctx, name: SecretName) -> Result<Zeroizing<String>, CliError> {
    let stdin_error = |e: std::io::Error| {
        crate::error::fail(
            Kind::BadInput,
            ctx.tr_args(
                "secrets-error-stdin",
                &[
                    ("name", name.as_str().into()),
                    ("detail", e.to_string().into()),
                ],
            ),
        )
    };
    if std::io::stdin().is_terminal() {
        let prompt = format!(
            "{} ",
            ctx.tr_args("secrets-prompt", &[("name", name.as_str().into())])
        );
        let _ = std::io::stdout().flush();
        return rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(stdin_error);
    }
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .take(4 * MAX_VALUE as u64 + 2)
        .read_to_string(&mut text)
        .map_err(stdin_error)?;
    let line = text
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&text);
    if line.contains('\n') {
        return Err(crate::error::fail(
            Kind::BadInput,
            ctx.tr_args("secrets-error-lines", &[("name", name.as_str().into())]),
        ));
    }
    Ok(Zeroizing::new(line.to_string()))
}

fn unset(ctx: &Ctx, name: &str) -> Result<(), CliError> {
    let name = SecretName::parse(name).map_err(|e| error(ctx, &e))?;
    let store = open(ctx)?;
    let removed = store.unset(name).map_err(|e| error(ctx, &e))?;
    tracing::info!(%name, removed, "secret unset");
    if ctx.json {
        return ctx.print_json(&json!({ "name": name, "removed": removed }));
    }
    let id = if removed {
        "secrets-removed"
    } else {
        "secrets-not-set"
    };
    println!("{}", ctx.tr_args(id, &[("name", name.as_str().into())]));
    Ok(())
}

fn list(ctx: &Ctx) -> Result<(), CliError> {
    let store = open(ctx)?;
    let set = store.list().map_err(|e| error(ctx, &e))?;
    if ctx.json {
        let entries: Vec<_> = SecretName::ALL
            .iter()
            .map(|n| json!({ "name": n, "set": set.contains(n) }))
            .collect();
        return ctx.print_json(&json!({
            "backend": store.backend(),
            "service": store.service(),
            "secrets": entries,
        }));
    }
    let width = SecretName::ALL
        .iter()
        .map(|n| n.as_str().len())
        .max()
        .unwrap_or(0);
    for name in SecretName::ALL {
        let state = if set.contains(&name) {
            ctx.tr("secrets-list-set")
        } else {
            ctx.tr("secrets-list-unset")
        };
        println!("{:width$}  {state}", name.as_str());
    }
    println!(
        "{}",
        ctx.tr_args(
            "secrets-list-where",
            &[
                ("backend", store.backend().into()),
                ("service", store.service().into())
            ]
        )
    );
    Ok(())
}

/// Standard error with every known secret value taken out: the log writer.
pub struct RedactedStderr;

impl Write for RedactedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        std::io::stderr().write_all(secrets::redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
