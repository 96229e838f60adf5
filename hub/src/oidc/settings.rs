//! The OpenID Connect settings (SPID and CIE through a configured issuer): the issuer, the
//! hub's client id and redirect URI as registered there, where the client secret is, which
//! app addresses a login may return to, and who signs in as staff or administrator. From the
//! command line (`--oidc-…`), the environment (`CAMPANILE_HUB_OIDC_…`) and the config file's
//! `[oidc]` table, in that order. No issuer: no OIDC login.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;
use url::Url;

use crate::config::ConfigError;

/// The claims a fiscal code is looked for in, in order, when none is configured: the eID
/// attribute of the Italian OIDC profiles (SPID, CIE), then the names brokers use.
pub const DEFAULT_FISCAL_CODE_CLAIMS: [&str; 3] = [
    "https://attributes.eid.gov.it/fiscal_number",
    "fiscal_number",
    "fiscalNumber",
];

/// `--oidc-…` options of `campanile-hub serve`.
#[derive(Debug, Clone, Default, Args)]
pub struct OidcArgs {
    /// The OpenID Connect issuer (its `/.well-known/openid-configuration` is read). Turns on
    /// `GET /api/v1/auth/oidc/start`.
    #[arg(long = "oidc-issuer", env = "CAMPANILE_HUB_OIDC_ISSUER")]
    pub issuer: Option<Url>,
    /// The hub's client id at the issuer.
    #[arg(long = "oidc-client-id", env = "CAMPANILE_HUB_OIDC_CLIENT_ID")]
    pub client_id: Option<String>,
    /// The redirect URI registered at the issuer: the hub's
    /// `…/api/v1/auth/oidc/callback` as the browser reaches it.
    #[arg(long = "oidc-redirect-uri", env = "CAMPANILE_HUB_OIDC_REDIRECT_URI")]
    pub redirect_uri: Option<Url>,
    /// Read the client secret from this file (readable only by the hub's user) instead of
    /// the keyring entry `oidc-client-secret` of the hub's service.
    #[arg(
        long = "oidc-client-secret-file",
        env = "CAMPANILE_HUB_OIDC_CLIENT_SECRET_FILE"
    )]
    pub client_secret_file: Option<PathBuf>,
    /// An app address a login may return to (besides loopback `http://127.0.0.1:PORT/…`
    /// addresses, always allowed), e.g. `it.campanile.app:/login`. Repeat, or separate with
    /// commas.
    #[arg(
        long = "oidc-return-uri",
        env = "CAMPANILE_HUB_OIDC_RETURN_URIS",
        value_delimiter = ','
    )]
    pub return_uris: Vec<String>,
    /// A person who signs in as staff: `FISCAL_CODE=ISTAT`. Repeat, or separate with commas.
    #[arg(
        long = "oidc-staff",
        env = "CAMPANILE_HUB_OIDC_STAFF",
        value_delimiter = ','
    )]
    pub staff: Vec<String>,
    /// A person who signs in as the aggregation's administrator: `FISCAL_CODE`.
    #[arg(
        long = "oidc-admin",
        env = "CAMPANILE_HUB_OIDC_ADMINS",
        value_delimiter = ','
    )]
    pub admins: Vec<String>,
    /// The ID token claim with the fiscal code (default: the eID attribute
    /// `https://attributes.eid.gov.it/fiscal_number`, then `fiscal_number`, `fiscalNumber`).
    #[arg(
        long = "oidc-fiscal-code-claim",
        env = "CAMPANILE_HUB_OIDC_FISCAL_CODE_CLAIM"
    )]
    pub fiscal_code_claim: Option<String>,
}

/// The config file's `[oidc]` table (the same names as the options).
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct OidcFile {
    /// As `--oidc-issuer`.
    pub issuer: Option<Url>,
    /// As `--oidc-client-id`.
    pub client_id: Option<String>,
    /// As `--oidc-redirect-uri`.
    pub redirect_uri: Option<Url>,
    /// As `--oidc-client-secret-file`.
    pub client_secret_file: Option<PathBuf>,
    /// As `--oidc-return-uri`.
    pub return_uris: Option<Vec<String>>,
    /// As `--oidc-staff`.
    pub staff: Option<Vec<String>>,
    /// As `--oidc-admin`.
    pub admins: Option<Vec<String>>,
    /// As `--oidc-fiscal-code-claim`.
    pub fiscal_code_claim: Option<String>,
}

/// Where the client secret is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientSecretSource {
    /// The OS keyring, under this service (entry `oidc-client-secret`).
    Keyring(String),
    /// A file readable only by the hub's user.
    File(PathBuf),
}

/// The OIDC settings the hub runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// The issuer.
    pub issuer: Url,
    /// The hub's client id.
    pub client_id: String,
    /// The hub's callback as registered at the issuer.
    pub redirect_uri: Url,
    /// Where the client secret is.
    pub client_secret: ClientSecretSource,
    /// App addresses a login may return to (exactly, or as a prefix ending in `/`).
    pub return_uris: Vec<String>,
    /// Staff: fiscal code → ISTAT code of their comune.
    pub staff: BTreeMap<String, String>,
    /// Administrators' fiscal codes.
    pub admins: Vec<String>,
    /// The claims looked at for the fiscal code, in order.
    pub fiscal_code_claims: Vec<String>,
}

fn code(entry: &str, what: &str) -> Result<String, ConfigError> {
    crate::api::fiscal_code(what, entry)
        .map_err(|e| ConfigError::Value(format!("oidc {what}: {}", e.message)))
}

impl OidcSettings {
    /// The settings from the options, then the file's `[oidc]` table; `None` without an
    /// issuer. `keyring_service` is the hub's service (the pagoPA keys' one).
    pub fn resolve(
        args: &OidcArgs,
        file: OidcFile,
        keyring_service: &str,
    ) -> Result<Option<OidcSettings>, ConfigError> {
        let Some(issuer) = args.issuer.clone().or(file.issuer) else {
            return Ok(None);
        };
        let missing = |what: &str| {
            ConfigError::Value(format!(
                "oidc: the issuer is set, so {what} must be too (--oidc-{what})"
            ))
        };
        let client_id = args
            .client_id
            .clone()
            .or(file.client_id)
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| missing("client-id"))?;
        let redirect_uri = args
            .redirect_uri
            .clone()
            .or(file.redirect_uri)
            .ok_or_else(|| missing("redirect-uri"))?;
        for (what, url) in [("issuer", &issuer), ("redirect-uri", &redirect_uri)] {
            let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
            if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
                return Err(ConfigError::Value(format!(
                    "oidc {what} {url}: must be https (http only on this machine)"
                )));
            }
        }
        let client_secret = match args.client_secret_file.clone().or(file.client_secret_file) {
            Some(p) => ClientSecretSource::File(p),
            None => ClientSecretSource::Keyring(keyring_service.to_string()),
        };
        let list = |a: &Vec<String>, f: Option<Vec<String>>| {
            let v = if a.is_empty() {
                f.unwrap_or_default()
            } else {
                a.clone()
            };
            v.into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let return_uris = list(&args.return_uris, file.return_uris);
        for r in &return_uris {
            let url = Url::parse(r)
                .map_err(|e| ConfigError::Value(format!("oidc return uri {r}: {e}")))?;
            if url.fragment().is_some() {
                return Err(ConfigError::Value(format!(
                    "oidc return uri {r}: no fragment (the token is sent in it)"
                )));
            }
        }
        let mut staff = BTreeMap::new();
        for entry in list(&args.staff, file.staff) {
            let Some((fc, istat)) = entry.split_once('=') else {
                return Err(ConfigError::Value(format!(
                    "oidc staff \"{entry}\": write FISCAL_CODE=ISTAT"
                )));
            };
            let istat = istat.trim();
            if !campanile_core::practices::patrons::is_istat_code(istat) {
                return Err(ConfigError::Value(format!(
                    "oidc staff \"{entry}\": \"{istat}\" is not an ISTAT code (6 digits)"
                )));
            }
            staff.insert(code(fc, "staff")?, istat.to_string());
        }
        let admins = list(&args.admins, file.admins)
            .iter()
            .map(|a| code(a, "admin"))
            .collect::<Result<Vec<_>, _>>()?;
        let fiscal_code_claims = match args.fiscal_code_claim.clone().or(file.fiscal_code_claim) {
            Some(c) => vec![c],
            None => DEFAULT_FISCAL_CODE_CLAIMS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        Ok(Some(OidcSettings {
            issuer,
            client_id,
            redirect_uri,
            client_secret,
            return_uris,
            staff,
            admins,
            fiscal_code_claims,
        }))
    }

    /// Whether a login may return to `uri`: a loopback `http` address (RFC 8252 §7.3) or one
    /// of the configured app addresses (exactly, or under one ending in `/`).
    pub fn may_return_to(&self, uri: &str) -> bool {
        let Ok(url) = Url::parse(uri) else {
            return false;
        };
        if url.fragment().is_some() {
            return false;
        }
        if url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "[::1]")) {
            return true;
        }
        self.return_uris
            .iter()
            .any(|r| r == uri || (r.ends_with('/') && uri.starts_with(r.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> OidcArgs {
        OidcArgs {
            issuer: Some(Url::parse("https://id.example.it").unwrap()),
            client_id: Some("hub".into()),
            redirect_uri: Some(
                Url::parse("https://hub.example.it/api/v1/auth/oidc/callback").unwrap(),
            ),
            return_uris: vec![
                "it.campanile.app:/login".into(),
                "https://app.example.it/".into(),
            ],
            staff: vec!["rssmra80a01d542x=044007".into()],
            ..OidcArgs::default()
        }
    }

    #[test]
    fn off_without_issuer_and_checked_with_one() {
        let none = OidcSettings::resolve(&OidcArgs::default(), OidcFile::default(), "s").unwrap();
        assert!(none.is_none());
        let s = OidcSettings::resolve(&args(), OidcFile::default(), "campanile-hub")
            .unwrap()
            .unwrap();
        assert_eq!(s.staff.get("RSSMRA80A01D542X").unwrap(), "044007");
        assert_eq!(
            s.client_secret,
            ClientSecretSource::Keyring("campanile-hub".into())
        );
        assert_eq!(s.fiscal_code_claims[0], DEFAULT_FISCAL_CODE_CLAIMS[0]);
        assert!(s.may_return_to("http://127.0.0.1:49152/done"));
        assert!(s.may_return_to("it.campanile.app:/login"));
        assert!(s.may_return_to("https://app.example.it/after"));
        assert!(!s.may_return_to("https://evil.example/"));
        assert!(!s.may_return_to("http://127.0.0.1:49152/done#x"));
        assert!(!s.may_return_to("https://app.example.it.evil.example/"));

        let mut bad = args();
        bad.client_id = None;
        let e = OidcSettings::resolve(&bad, OidcFile::default(), "s").unwrap_err();
        assert!(e.to_string().contains("client-id"), "{e}");
        let mut bad = args();
        bad.issuer = Some(Url::parse("http://id.example.it").unwrap());
        let e = OidcSettings::resolve(&bad, OidcFile::default(), "s").unwrap_err();
        assert!(e.to_string().contains("https"), "{e}");
        let mut bad = args();
        bad.staff = vec!["RSSMRA80A01D542X".into()];
        let e = OidcSettings::resolve(&bad, OidcFile::default(), "s").unwrap_err();
        assert!(e.to_string().contains("FISCAL_CODE=ISTAT"), "{e}");
    }
}
