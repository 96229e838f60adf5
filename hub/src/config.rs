//! The hub's settings: the command line, then the environment (`CAMPANILE_HUB_*`), then an
//! optional config file (TOML, or JSON by its `.json` extension), then the defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use serde::Deserialize;

/// The default address: this machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8480";
/// The default lifetime of a token the hub signs.
pub const DEFAULT_TOKEN_TTL_SECS: u64 = 3600;
/// The default largest request body accepted.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// `campanile-hub`: the aggregation's server.
#[derive(Debug, Parser)]
#[command(name = "campanile-hub", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The hub's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
}

/// `campanile-hub serve`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// A config file (TOML, or JSON when it ends in `.json`) with the same settings.
    #[arg(long, env = "CAMPANILE_HUB_CONFIG")]
    pub config: Option<PathBuf>,
    /// The database: a SQLite file path (`sqlite:` URLs too) or a `postgres://` URL. Default: a
    /// SQLite file under the data folder.
    #[arg(long, env = "CAMPANILE_HUB_DB")]
    pub db: Option<String>,
    /// The address to listen on (default 127.0.0.1:8480).
    #[arg(long, env = "CAMPANILE_HUB_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Turn on `POST /api/v1/dev/login` (development only; never on by default).
    #[arg(long, env = "CAMPANILE_HUB_DEV_LOGIN")]
    pub dev_login: bool,
    /// The token signing key: a file readable only by the hub's user (at least 32 bytes).
    /// Default: generated on first start under the data folder.
    #[arg(long, env = "CAMPANILE_HUB_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// How long a token lasts, in seconds (default 3600).
    #[arg(long, env = "CAMPANILE_HUB_TOKEN_TTL")]
    pub token_ttl: Option<u64>,
    /// Logs as JSON lines (default: text).
    #[arg(long, env = "CAMPANILE_HUB_LOG_JSON")]
    pub log_json: bool,
    /// Logins a minute from one IP address (default 20; 0: no limit). Per process.
    #[arg(long, env = "CAMPANILE_HUB_LOGIN_RATE")]
    pub login_rate: Option<u32>,
    /// Writes a minute by one caller (default 600; 0: no limit). Per process.
    #[arg(long, env = "CAMPANILE_HUB_WRITE_RATE")]
    pub write_rate: Option<u32>,
    /// The pagoPA gateway: `--pagopa-…`.
    #[command(flatten)]
    pub pagopa: crate::payments::settings::PagoPaArgs,
    /// Sign-in with SPID or CIE through an OpenID Connect issuer: `--oidc-…`.
    #[command(flatten)]
    pub oidc: crate::oidc::settings::OidcArgs,
}

/// The settings a config file may hold (every one optional).
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct FileConfig {
    /// As `--db`.
    pub db: Option<String>,
    /// As `--addr`.
    pub addr: Option<SocketAddr>,
    /// As `--dev-login`.
    pub dev_login: Option<bool>,
    /// As `--key-file`.
    pub key_file: Option<PathBuf>,
    /// As `--token-ttl`.
    pub token_ttl: Option<u64>,
    /// As `--log-json`.
    pub log_json: Option<bool>,
    /// The largest request body accepted, in bytes.
    pub body_limit: Option<usize>,
    /// As `--login-rate`.
    pub login_rate: Option<u32>,
    /// As `--write-rate`.
    pub write_rate: Option<u32>,
    /// The `[pagopa]` table: as the `--pagopa-…` options.
    pub pagopa: Option<crate::payments::settings::PagoPaFile>,
    /// The `[oidc]` table: as the `--oidc-…` options.
    pub oidc: Option<crate::oidc::settings::OidcFile>,
}

/// Where the token signing key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A file given by the operator: it must exist and be readable only by the hub's user.
    File(PathBuf),
    /// Generated on first start into this file (then read from it).
    Generated(PathBuf),
}

/// The settings the hub runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The database URL (`sqlite://…` or `postgres://…`).
    pub db_url: String,
    /// The address to listen on.
    pub addr: SocketAddr,
    /// The development login is on.
    pub dev_login: bool,
    /// The token signing key.
    pub key: KeySource,
    /// How long a token lasts.
    pub token_ttl: Duration,
    /// Logs as JSON lines.
    pub log_json: bool,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// The rate limits on login and writes.
    pub limits: crate::limits::Limits,
    /// The pagoPA gateway's settings.
    pub pagopa: crate::payments::settings::PagoPaSettings,
    /// Sign-in through an OpenID Connect issuer (`None`: off).
    pub oidc: Option<crate::oidc::settings::OidcSettings>,
}

/// Why the settings cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file cannot be read.
    #[error("cannot read the config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The config file is not valid.
    #[error("the config file {path} is not valid: {detail}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },
    /// A value is out of range.
    #[error("{0}")]
    Value(String),
}

/// The per-user data folder (`~/.local/share/campanile-hub` on Linux).
pub fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("it", "Campanile", "campanile-hub")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The database URL of a `--db` value: `postgres://`, `postgresql://` and `sqlite:` URLs as
/// given, anything else a SQLite file path (created when missing).
pub fn db_url(db: &str) -> String {
    let db = db.trim();
    if db.starts_with("postgres://") || db.starts_with("postgresql://") || db.starts_with("sqlite:")
    {
        db.to_string()
    } else {
        format!("sqlite://{db}?mode=rwc")
    }
}

/// Whether a database URL names PostgreSQL.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Reads a config file: JSON when it ends in `.json`, else TOML.
pub fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let parse = |detail: String| ConfigError::Parse {
        path: path.to_path_buf(),
        detail,
    };
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        serde_json::from_str(&text).map_err(|e| parse(e.to_string()))
    } else {
        toml::from_str(&text).map_err(|e| parse(e.to_string()))
    }
}

impl Settings {
    /// The settings from the command line (and the environment, through clap), the config
    /// file they name, and the defaults; files go under `data` unless given.
    pub fn resolve(args: &ServeArgs, data: &Path) -> Result<Settings, ConfigError> {
        let file = match &args.config {
            Some(p) => read_file(p)?,
            None => FileConfig::default(),
        };
        let db = args
            .db
            .clone()
            .or(file.db)
            .unwrap_or_else(|| data.join("hub.db").display().to_string());
        let addr = match args.addr.or(file.addr) {
            Some(a) => a,
            None => DEFAULT_ADDR
                .parse()
                .map_err(|_| ConfigError::Value("bad default address".into()))?,
        };
        let key = match args.key_file.clone().or(file.key_file) {
            Some(p) => KeySource::File(p),
            None => KeySource::Generated(data.join("token-signing.key")),
        };
        let ttl = args
            .token_ttl
            .or(file.token_ttl)
            .unwrap_or(DEFAULT_TOKEN_TTL_SECS);
        if !(60..=86_400).contains(&ttl) {
            return Err(ConfigError::Value(format!(
                "token_ttl = {ttl}: from 60 to 86400 seconds"
            )));
        }
        let body_limit = file.body_limit.unwrap_or(DEFAULT_BODY_LIMIT);
        if !(1024..=16 * 1024 * 1024).contains(&body_limit) {
            return Err(ConfigError::Value(format!(
                "body_limit = {body_limit}: from 1 KiB to 16 MiB"
            )));
        }
        let rate = |name: &str, given: Option<u32>, default: u32| {
            let n = given.unwrap_or(default);
            if n > crate::limits::MAX_PER_MINUTE {
                return Err(ConfigError::Value(format!(
                    "{name} = {n}: from 0 (no limit) to {} a minute",
                    crate::limits::MAX_PER_MINUTE
                )));
            }
            Ok(n)
        };
        let limits = crate::limits::Limits {
            login_per_minute: rate(
                "login_rate",
                args.login_rate.or(file.login_rate),
                crate::limits::DEFAULT_LOGIN_PER_MINUTE,
            )?,
            writes_per_minute: rate(
                "write_rate",
                args.write_rate.or(file.write_rate),
                crate::limits::DEFAULT_WRITES_PER_MINUTE,
            )?,
        };
        let pagopa = crate::payments::settings::PagoPaSettings::resolve(
            &args.pagopa,
            file.pagopa.unwrap_or_default(),
        )?;
        // The client secret lives beside the pagoPA keys, under the hub's keyring service.
        let service = match &pagopa.keys {
            crate::payments::settings::PagoPaKeySource::Keyring(s) => s.clone(),
            crate::payments::settings::PagoPaKeySource::Dir(_) => {
                crate::payments::settings::DEFAULT_KEYRING_SERVICE.to_string()
            }
        };
        let oidc = crate::oidc::settings::OidcSettings::resolve(
            &args.oidc,
            file.oidc.unwrap_or_default(),
            &service,
        )?;
        Ok(Settings {
            db_url: db_url(&db),
            addr,
            dev_login: args.dev_login || file.dev_login.unwrap_or(false),
            key,
            token_ttl: Duration::from_secs(ttl),
            log_json: args.log_json || file.log_json.unwrap_or(false),
            body_limit,
            limits,
            pagopa,
            oidc,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_over_file_over_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let toml_file = dir.path().join("hub.toml");
        std::fs::write(
            &toml_file,
            "db = \"postgres://hub@127.0.0.1/hub\"\naddr = \"127.0.0.1:9000\"\ntoken_ttl = 600\n",
        )
        .unwrap();
        let args = ServeArgs {
            config: Some(toml_file),
            addr: Some("127.0.0.1:9100".parse().unwrap()),
            ..ServeArgs::default()
        };
        let s = Settings::resolve(&args, dir.path()).unwrap();
        assert_eq!(s.db_url, "postgres://hub@127.0.0.1/hub");
        assert_eq!(s.addr.port(), 9100);
        assert_eq!(s.token_ttl, Duration::from_secs(600));
        assert_eq!(s.limits, crate::limits::Limits::default());
        assert!(!s.dev_login);
        assert_eq!(
            s.key,
            KeySource::Generated(dir.path().join("token-signing.key"))
        );

        let json_file = dir.path().join("hub.json");
        std::fs::write(
            &json_file,
            r#"{"dev_login": true, "db": "x.db", "login_rate": 5, "write_rate": 0}"#,
        )
        .unwrap();
        let s = Settings::resolve(
            &ServeArgs {
                config: Some(json_file),
                ..ServeArgs::default()
            },
            dir.path(),
        )
        .unwrap();
        assert!(s.dev_login);
        assert_eq!(s.db_url, "sqlite://x.db?mode=rwc");
        assert_eq!(
            (s.limits.login_per_minute, s.limits.writes_per_minute),
            (5, 0)
        );
        assert_eq!(s.addr.to_string(), DEFAULT_ADDR);

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "colour = \"blue\"\n").unwrap();
        assert!(matches!(
            Settings::resolve(
                &ServeArgs {
                    config: Some(bad),
                    ..ServeArgs::default()
                },
                dir.path()
            ),
            Err(ConfigError::Parse { .. })
        ));
    }
}
