//! The procedures catalog: what the comune publishes of each procedure (D.Lgs 33/2013 art. 35,
//! regional catalogs such as ProcediMarche), imported from JSON or CSV and searched offline.
//!
//! Fields (JSON keys and CSV columns; CSV lists are separated by `|`):
//!
//! | field | required | meaning |
//! | --- | --- | --- |
//! | `id` | yes | the procedure's code in the catalog |
//! | `name` | yes | its name |
//! | `description` | no | what it is for |
//! | `domain` | no | `suap`, `sue` or `registry` (default `suap`) |
//! | `legal_references` | no | laws and regulations (list) |
//! | `office`, `office_contacts` | no | the office responsible and how to reach it |
//! | `official`, `official_contacts` | no | the official responsible for the procedure |
//! | `substitute`, `substitute_contacts` | no | the official with the substitute power on inaction (L. 241/1990 art. 2 c. 9-bis) |
//! | `term_days` | no | the term to conclude, in days (default 30, L. 241/1990 art. 2 c. 2) |
//! | `ending` | no | `express` (an express decision, default), `silent-consent`, `scia` |
//! | `regime` | no | the clock: `ordinary` (default), `scia`, `scia-building`, `building-permit` |
//! | `documents`, `forms` | no | what to hand in (lists) |
//! | `fees`, `remedies` | no | what it costs; how to appeal |
//! | `online_service` | no | link to the online service |

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::deadline::{MAX_TERM_DAYS, Regime};
use super::states::Domain;
use crate::store::Store;
use crate::text::{MAX_QUERY_CHARS, fold, fts_expression, tokens};

/// How a procedure ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// An express decision (L. 241/1990 art. 2 c. 1).
    Express,
    /// Silent consent (L. 241/1990 art. 20).
    SilentConsent,
    /// SCIA: the activity starts on filing (L. 241/1990 art. 19).
    Scia,
}

impl Ending {
    /// The ending's name in the catalog and in JSON (`express`, `silent-consent`, `scia`).
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Express => "express",
            Ending::SilentConsent => "silent-consent",
            Ending::Scia => "scia",
        }
    }

    /// Reads an ending from the catalog, in English or Italian (`provvedimento-espresso`,
    /// `silenzio-assenso`); `None` if unknown.
    pub fn parse(s: &str) -> Option<Ending> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "express" | "provvedimento-espresso" => Some(Ending::Express),
            "silent-consent" | "silenzio-assenso" => Some(Ending::SilentConsent),
            "scia" => Some(Ending::Scia),
            _ => None,
        }
    }
}

/// One procedure of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procedure {
    /// The procedure's code in the catalog.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Which office's states it runs on (SUAP, SUE or registry).
    pub domain: Domain,
    /// The laws and regulations it rests on.
    pub legal_references: Vec<String>,
    /// The office responsible.
    pub office: Option<String>,
    /// How to reach the office.
    pub office_contacts: Option<String>,
    /// The official responsible for the procedure.
    pub official: Option<String>,
    /// How to reach the official.
    pub official_contacts: Option<String>,
    /// The official with the substitute power on inaction (L. 241/1990 art. 2 c. 9-bis).
    pub substitute: Option<String>,
    /// How to reach the substitute.
    pub substitute_contacts: Option<String>,
    /// The term to conclude, in days (30 when `None`, L. 241/1990 art. 2 c. 2).
    pub term_days: Option<u32>,
    /// How the procedure ends.
    pub ending: Ending,
    /// The clock its deadline runs on.
    pub regime: Regime,
    /// What to hand in.
    pub documents: Vec<String>,
    /// The forms to fill in.
    pub forms: Vec<String>,
    /// What it costs.
    pub fees: Option<String>,
    /// How to appeal.
    pub remedies: Option<String>,
    /// Link to the online service.
    pub online_service: Option<String>,
}

impl Procedure {
    /// The term a practice of this procedure runs on: the procedure's own on the ordinary
    /// clock; none on the others (SCIA and building permits run on the law's terms).
    pub fn practice_term_days(&self) -> Option<u32> {
        self.term_days.filter(|_| self.regime == Regime::Ordinary)
    }

    /// The official with the substitute power on inaction (L. 241/1990 art. 2 c. 9-bis) and
    /// how to reach them (`name (contacts)`), when the catalog gives them.
    pub fn substitute_text(&self) -> Option<String> {
        self.substitute
            .as_ref()
            .map(|s| match &self.substitute_contacts {
                Some(c) => format!("{s} ({c})"),
                None => s.clone(),
            })
    }
}

/// What a catalog field should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFieldReason {
    /// A required field is empty.
    Required,
    /// Not `suap`, `sue` or `registry`.
    Domain,
    /// Not a known ending.
    Ending,
    /// Not a known regime.
    Regime,
    /// Not a whole number of days within the allowed term.
    Days,
    /// Not a valid URL.
    Url,
    /// `ending` and `regime` disagree (a SCIA must run on a SCIA clock and the other way round).
    EndingRegime,
}

impl CatalogFieldReason {
    /// The reason's stable code, for messages and translations.
    pub fn code(self) -> &'static str {
        match self {
            CatalogFieldReason::Required => "required",
            CatalogFieldReason::Domain => "domain",
            CatalogFieldReason::Ending => "ending",
            CatalogFieldReason::Regime => "regime",
            CatalogFieldReason::Days => "days",
            CatalogFieldReason::Url => "url",
            CatalogFieldReason::EndingRegime => "ending-regime",
        }
    }
}

impl std::fmt::Display for CatalogFieldReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CatalogFieldReason::Required => "required",
            CatalogFieldReason::Domain => "one of suap, sue, registry",
            CatalogFieldReason::Ending => "one of express, silent-consent, scia",
            CatalogFieldReason::Regime => "one of ordinary, scia, scia-building, building-permit",
            CatalogFieldReason::Days => "a whole number of days from 1 to 3650",
            CatalogFieldReason::Url => "an http or https link",
            CatalogFieldReason::EndingRegime => {
                "a SCIA ending needs a scia or scia-building regime, and those regimes a SCIA ending"
            }
        })
    }
}

/// Why a catalog file could not be imported or the catalog queried.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The catalog file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The catalog file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is neither `.csv` nor `.json`.
    #[error("{path}: unknown catalog format (use a .csv or .json file)")]
    UnknownFormat {
        /// The catalog file.
        path: PathBuf,
    },
    /// The file is not valid JSON.
    #[error("{path}: not valid JSON at line {line}, column {column}: {detail}")]
    Json {
        /// The catalog file.
        path: PathBuf,
        /// The line of the error (1-based).
        line: usize,
        /// The column of the error (1-based).
        column: usize,
        /// What the JSON parser said.
        detail: String,
    },
    /// A CSV record cannot be read.
    #[error("{path}: CSV record {record}: {detail}")]
    Csv {
        /// The catalog file.
        path: PathBuf,
        /// The record's number.
        record: usize,
        /// What the CSV reader said.
        detail: String,
    },
    /// The CSV header lacks a column.
    #[error("{path}: the header has no column \"{column}\"")]
    MissingColumn {
        /// The catalog file.
        path: PathBuf,
        /// The missing column.
        column: &'static str,
    },
    /// A field has a value that is not allowed.
    #[error("{path}: record {record}, field {field} = \"{value}\": {reason}")]
    Field {
        /// The catalog file.
        path: PathBuf,
        /// The record's number.
        record: usize,
        /// The field's name.
        field: &'static str,
        /// The value as read.
        value: String,
        /// What the field should have been.
        reason: CatalogFieldReason,
    },
    /// Two records have the same procedure id.
    #[error("{path}: record {record}: procedure {id} is listed twice (first at record {first})")]
    Duplicate {
        /// The catalog file.
        path: PathBuf,
        /// The record of the second one.
        record: usize,
        /// The record of the first one.
        first: usize,
        /// The repeated procedure id.
        id: String,
    },
    /// The search text has no letters or digits.
    #[error("nothing to search for: the text has no letters or digits")]
    EmptyQuery,
    /// The search text is longer than allowed.
    #[error("the search text is too long ({len} characters, at most {max})")]
    QueryTooLong {
        /// Its length in characters.
        len: usize,
        /// The most characters allowed.
        max: usize,
    },
    /// No procedure with that id.
    #[error("no procedure {id} in the catalog")]
    NotFound {
        /// The procedure id asked for.
        id: String,
    },
    /// The database failed.
    #[error("catalog database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// Stored catalog data cannot be read back (the text says what).
    #[error("stored catalog data is damaged: {0}")]
    Corrupt(String),
}

const COLUMNS: [&str; 19] = [
    "id",
    "name",
    "description",
    "domain",
    "legal_references",
    "office",
    "office_contacts",
    "official",
    "official_contacts",
    "substitute",
    "substitute_contacts",
    "term_days",
    "ending",
    "regime",
    "documents",
    "forms",
    "fees",
    "remedies",
    "online_service",
];

/// A record as read, before checking: each column's text, or for lists their items.
type RawRecord = HashMap<&'static str, RawValue>;

#[derive(Debug, Clone)]
enum RawValue {
    Text(String),
    List(Vec<String>),
}

fn list_of(v: Option<&RawValue>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(RawValue::List(l)) => l.clone(),
        Some(RawValue::Text(t)) => t
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

fn text_of(v: Option<&RawValue>) -> Option<String> {
    match v {
        Some(RawValue::Text(t)) => {
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Some(RawValue::List(l)) => (!l.is_empty()).then(|| l.join("; ")),
        None => None,
    }
}

struct Checker<'a> {
    path: &'a Path,
    seen: HashMap<String, usize>,
}

impl Checker<'_> {
    fn bad(
        &self,
        record: usize,
        field: &'static str,
        value: &str,
        reason: CatalogFieldReason,
    ) -> CatalogError {
        CatalogError::Field {
            path: self.path.to_path_buf(),
            record,
            field,
            value: value.to_string(),
            reason,
        }
    }

    fn procedure(&mut self, record: usize, raw: &RawRecord) -> Result<Procedure, CatalogError> {
        let text = |k: &'static str| text_of(raw.get(k));
        let id =
            text("id").ok_or_else(|| self.bad(record, "id", "", CatalogFieldReason::Required))?;
        let name = text("name")
            .ok_or_else(|| self.bad(record, "name", "", CatalogFieldReason::Required))?;
        let domain = match text("domain") {
            None => Domain::Suap,
            Some(d) => Domain::parse(&d)
                .ok_or_else(|| self.bad(record, "domain", &d, CatalogFieldReason::Domain))?,
        };
        let term_days = match text("term_days") {
            None => None,
            Some(d) => match d.parse::<u32>() {
                Ok(n) if (1..=MAX_TERM_DAYS).contains(&n) => Some(n),
                _ => return Err(self.bad(record, "term_days", &d, CatalogFieldReason::Days)),
            },
        };
        let ending = match text("ending") {
            None => None,
            Some(e) => Some(
                Ending::parse(&e)
                    .ok_or_else(|| self.bad(record, "ending", &e, CatalogFieldReason::Ending))?,
            ),
        };
        let regime = match text("regime") {
            None => None,
            Some(r) => Some(
                Regime::parse(&r)
                    .ok_or_else(|| self.bad(record, "regime", &r, CatalogFieldReason::Regime))?,
            ),
        };
        // Either one implies the other when it is a SCIA; a building SCIA is a SUE one.
        let (ending, regime) = match (ending, regime) {
            (None, None) => (Ending::Express, Regime::Ordinary),
            (Some(Ending::Scia), None) if domain == Domain::Sue => {
                (Ending::Scia, Regime::SciaBuilding)
            }
            (Some(Ending::Scia), None) => (Ending::Scia, Regime::Scia),
            (Some(e), None) => (e, Regime::Ordinary),
            (None, Some(r)) if r.is_scia() => (Ending::Scia, r),
            (None, Some(r)) => (Ending::Express, r),
            (Some(e), Some(r)) => (e, r),
        };
        if (ending == Ending::Scia) != regime.is_scia() {
            return Err(self.bad(
                record,
                "regime",
                regime.as_str(),
                CatalogFieldReason::EndingRegime,
            ));
        }
        let online_service = text("online_service");
        if let Some(u) = &online_service {
            let ok = url::Url::parse(u)
                .map(|u| matches!(u.scheme(), "http" | "https"))
                .unwrap_or(false);
            if !ok {
                return Err(self.bad(record, "online_service", u, CatalogFieldReason::Url));
            }
        }
        if let Some(first) = self.seen.insert(id.clone(), record) {
            return Err(CatalogError::Duplicate {
                path: self.path.to_path_buf(),
                record,
                first,
                id,
            });
        }
        Ok(Procedure {
            id,
            name,
            description: text("description"),
            domain,
            legal_references: list_of(raw.get("legal_references")),
            office: text("office"),
            office_contacts: text("office_contacts"),
            official: text("official"),
            official_contacts: text("official_contacts"),
            substitute: text("substitute"),
            substitute_contacts: text("substitute_contacts"),
            term_days,
            ending,
            regime,
            documents: list_of(raw.get("documents")),
            forms: list_of(raw.get("forms")),
            fees: text("fees"),
            remedies: text("remedies"),
            online_service,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JsonDoc {
    List(Vec<serde_json::Map<String, serde_json::Value>>),
    Wrapped {
        procedures: Vec<serde_json::Map<String, serde_json::Value>>,
    },
}

fn json_value(v: &serde_json::Value) -> Option<RawValue> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(RawValue::Text(s.clone())),
        serde_json::Value::Array(a) => Some(RawValue::List(
            a.iter()
                .filter_map(|x| match x {
                    serde_json::Value::String(s) => Some(s.trim().to_string()),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string()),
                })
                .filter(|s| !s.is_empty())
                .collect(),
        )),
        other => Some(RawValue::Text(other.to_string())),
    }
}

/// Parses a catalog in JSON: an array of procedures or `{"procedures": [...]}`. Records count
/// from 1; `path` is for messages.
pub fn parse_json(text: &str, path: &Path) -> Result<Vec<Procedure>, CatalogError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: JsonDoc = serde_json::from_str(text).map_err(|e| CatalogError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let items = match doc {
        JsonDoc::List(l) | JsonDoc::Wrapped { procedures: l } => l,
    };
    let mut checker = Checker {
        path,
        seen: HashMap::new(),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, obj)| {
            let raw: RawRecord = COLUMNS
                .iter()
                .filter_map(|c| obj.get(*c).and_then(json_value).map(|v| (*c, v)))
                .collect();
            checker.procedure(i + 1, &raw)
        })
        .collect()
}

/// Parses a catalog in CSV (header row; `,` or `;`; lists separated by `|`).
pub fn parse_csv(text: &str, path: &Path) -> Result<Vec<Procedure>, CatalogError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_err = |record, e: csv::Error| CatalogError::Csv {
        path: path.to_path_buf(),
        record,
        detail: e.to_string(),
    };
    let headers = rdr.headers().map_err(|e| csv_err(0, e))?.clone();
    let positions: Vec<(&'static str, usize)> = COLUMNS
        .iter()
        .filter_map(|c| {
            headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(c))
                .map(|p| (*c, p))
        })
        .collect();
    for required in ["id", "name"] {
        if !positions.iter().any(|(c, _)| *c == required) {
            return Err(CatalogError::MissingColumn {
                path: path.to_path_buf(),
                column: required,
            });
        }
    }
    let mut checker = Checker {
        path,
        seen: HashMap::new(),
    };
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| csv_err(i + 1, e))?;
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let raw: RawRecord = positions
            .iter()
            .filter_map(|(c, p)| rec.get(*p).map(|v| (*c, RawValue::Text(v.to_string()))))
            .collect();
        out.push(checker.procedure(i + 1, &raw)?);
    }
    Ok(out)
}

/// Reads a catalog file (`.json` or `.csv`, else sniffed from its first character).
pub fn read_file(path: &Path) -> Result<Vec<Procedure>, CatalogError> {
    let bytes = std::fs::read(path).map_err(|source| CatalogError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_bytes(bytes, path)
}

/// Parses a catalog's bytes: `name` (a file name) picks the format by its extension (`.json`,
/// `.csv`), else the first character decides; it is also how messages call the catalog.
pub fn parse_bytes(bytes: Vec<u8>, name: &Path) -> Result<Vec<Procedure>, CatalogError> {
    let path = name;
    // Regional exports are not always UTF-8: fall back to Windows-1252.
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => parse_json(&text, path),
        Some("csv") => parse_csv(&text, path),
        _ => match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('[') | Some('{') => parse_json(&text, path),
            Some(_) => parse_csv(&text, path),
            None => Err(CatalogError::UnknownFormat {
                path: path.to_path_buf(),
            }),
        },
    }
}

fn json_list(l: &[String]) -> String {
    serde_json::to_string(l).unwrap_or_else(|_| "[]".to_string())
}

/// Stores procedures (one already in the catalog is replaced); with `replace`, the catalog is
/// emptied first. One transaction: on error nothing changes.
pub fn save(
    store: &mut Store,
    procedures: &[Procedure],
    replace: bool,
    now_unix: i64,
) -> Result<usize, CatalogError> {
    let tx = store.conn_mut().transaction()?;
    if replace {
        tx.execute("DELETE FROM procedures", [])?;
        tx.execute("DELETE FROM procedures_fts", [])?;
    }
    {
        let mut del_fts = tx.prepare("DELETE FROM procedures_fts WHERE id = ?1")?;
        let mut ins = tx.prepare(
            "INSERT OR REPLACE INTO procedures (id, name, description, domain, legal_references,
               office, office_contacts, official, official_contacts, substitute,
               substitute_contacts, term_days, ending, regime, documents, forms, fees, remedies,
               online_service, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
               ?18, ?19, ?20)",
        )?;
        let mut fts =
            tx.prepare("INSERT INTO procedures_fts (id, name, body) VALUES (?1, ?2, ?3)")?;
        for p in procedures {
            ins.execute(params![
                p.id,
                p.name,
                p.description,
                p.domain.as_str(),
                json_list(&p.legal_references),
                p.office,
                p.office_contacts,
                p.official,
                p.official_contacts,
                p.substitute,
                p.substitute_contacts,
                p.term_days,
                p.ending.as_str(),
                p.regime.as_str(),
                json_list(&p.documents),
                json_list(&p.forms),
                p.fees,
                p.remedies,
                p.online_service,
                now_unix
            ])?;
            del_fts.execute([&p.id])?;
            let body = [
                p.description.as_deref().unwrap_or_default(),
                &p.legal_references.join(" "),
                p.office.as_deref().unwrap_or_default(),
                &p.documents.join(" "),
                &p.forms.join(" "),
            ]
            .join(" ");
            fts.execute(params![p.id, fold(&p.name), fold(&body)])?;
        }
    }
    tx.commit()?;
    Ok(procedures.len())
}

const SELECT: &str = "SELECT id, name, description, domain, legal_references, office,
    office_contacts, official, official_contacts, substitute, substitute_contacts, term_days,
    ending, regime, documents, forms, fees, remedies, online_service FROM procedures";

fn from_row(r: &rusqlite::Row<'_>) -> Result<Procedure, CatalogError> {
    let corrupt = |what: &str, v: &str| CatalogError::Corrupt(format!("{what} \"{v}\""));
    let list = |i: usize| -> Result<Vec<String>, CatalogError> {
        let t: String = r.get(i)?;
        serde_json::from_str(&t).map_err(|_| corrupt("list", &t))
    };
    let domain: String = r.get(3)?;
    let ending: String = r.get(12)?;
    let regime: String = r.get(13)?;
    Ok(Procedure {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        domain: Domain::parse(&domain).ok_or_else(|| corrupt("domain", &domain))?,
        legal_references: list(4)?,
        office: r.get(5)?,
        office_contacts: r.get(6)?,
        official: r.get(7)?,
        official_contacts: r.get(8)?,
        substitute: r.get(9)?,
        substitute_contacts: r.get(10)?,
        term_days: r.get(11)?,
        ending: Ending::parse(&ending).ok_or_else(|| corrupt("ending", &ending))?,
        regime: Regime::parse(&regime).ok_or_else(|| corrupt("regime", &regime))?,
        documents: list(14)?,
        forms: list(15)?,
        fees: r.get(16)?,
        remedies: r.get(17)?,
        online_service: r.get(18)?,
    })
}

/// One procedure by id.
pub fn get(store: &Store, id: &str) -> Result<Procedure, CatalogError> {
    let mut stmt = store
        .conn()
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => from_row(r),
        None => Err(CatalogError::NotFound { id: id.to_string() }),
    }
}

/// One procedure by id, or `None`.
pub fn find(store: &Store, id: &str) -> Result<Option<Procedure>, CatalogError> {
    match get(store, id) {
        Ok(p) => Ok(Some(p)),
        Err(CatalogError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every procedure, by name.
pub fn list(store: &Store) -> Result<Vec<Procedure>, CatalogError> {
    let mut stmt = store
        .conn()
        .prepare(&format!("{SELECT} ORDER BY name, id"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(from_row(r)?);
    }
    Ok(out)
}

/// Full-text search, offline: every word a prefix, accents and case ignored, the name weighing
/// most (bm25). FTS syntax in the text is plain text.
pub fn search(store: &Store, text: &str, limit: usize) -> Result<Vec<Procedure>, CatalogError> {
    let len = text.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(CatalogError::QueryTooLong {
            len,
            max: MAX_QUERY_CHARS,
        });
    }
    let words = tokens(text);
    if words.is_empty() {
        return Err(CatalogError::EmptyQuery);
    }
    let expr = fts_expression(&words);
    let ids: Vec<String> = {
        let mut stmt = store.conn().prepare_cached(
            "SELECT id FROM procedures_fts WHERE procedures_fts MATCH ?1
             ORDER BY bm25(procedures_fts, 0.0, 10.0, 1.0) LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![expr, limit.max(1) as i64], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut stmt = store
            .conn()
            .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
        let found = stmt.query_row([&id], |r| Ok(from_row(r))).optional()?;
        if let Some(p) = found {
            out.push(p?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A procedure's own term is kept only on the ordinary clock.
    #[test]
    fn practice_term_days_only_on_the_ordinary_clock() {
        let csv = "id,name,term_days,regime\nA,Ordinaria,45,\nB,SCIA,45,scia\nC,Senza termine,,\n";
        let procs = parse_csv(csv, Path::new("cat.csv")).unwrap();
        assert_eq!(procs[0].practice_term_days(), Some(45));
        assert_eq!(procs[1].practice_term_days(), None);
        assert_eq!(procs[2].practice_term_days(), None);
    }
}
