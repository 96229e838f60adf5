//! Patron-saint days by comune (ISTAT code), for the deadline engine.
//!
//! The shipped table is `assets/patron-saints.csv` (every comune of the provinces of Ascoli
//! Piceno and Fermo), embedded at build time. It is editable: a file with the same columns
//! (`istat,name,province,saint,day[,verified,note]`) overrides it row by row, and so do the rows
//! of the `patron_days` table in the store.
//!
//! `day` is `MM-DD`; or `MM-<weekday>N` for a feast kept on the N-th weekday of a month
//! (`09-sun1`: the first Sunday of September, `06-mon1`: the first Monday of June); or
//! `easter+N` for a feast N days after Easter (`easter+1`: Easter Monday).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::params;
use serde::Serialize;

use super::calendar::{Calendar, PatronDate, PatronDay};
use crate::store::Store;

/// The shipped table.
pub const SHIPPED_CSV: &str = include_str!("../../../assets/patron-saints.csv");

/// One comune's patron-saint day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatronEntry {
    /// ISTAT code, 6 digits.
    pub istat: String,
    /// The comune's name.
    pub name: String,
    /// The province's code (`AP`, `FM`).
    pub province: String,
    /// The patron saint's name.
    pub saint: String,
    /// When the feast falls.
    pub day: PatronDate,
    /// False when the day could not be checked against a published source.
    pub verified: bool,
    /// Where the day comes from, or what is uncertain about it.
    pub note: String,
}

impl PatronEntry {
    /// As written in the table: `MM-DD` or `MM-sunN`.
    pub fn day_text(&self) -> String {
        self.day.to_string()
    }
}

/// Why a patron-saint table could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PatronError {
    /// A file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A CSV record cannot be read.
    #[error("{source_name}: record {record}: {detail}")]
    Csv {
        /// The table's name (the file, or the shipped table).
        source_name: String,
        /// The record's number.
        record: usize,
        /// What the CSV reader said.
        detail: String,
    },
    /// The header lacks a column.
    #[error("{source_name}: the header has no column \"{column}\"")]
    MissingColumn {
        /// The table's name.
        source_name: String,
        /// The missing column.
        column: &'static str,
    },
    /// A field has a value that is not valid.
    #[error("{source_name}: record {record}, field {field} = \"{value}\" is not valid")]
    Field {
        /// The table's name.
        source_name: String,
        /// The record's number.
        record: usize,
        /// The field's name.
        field: &'static str,
        /// The value as read.
        value: String,
    },
    /// The database failed.
    #[error("patron-saint table: database error: {0}")]
    Db(#[from] rusqlite::Error),
}

/// Parses a table's `day`: `MM-DD`, `MM-<weekday>N` or `easter+N`.
pub fn parse_day(s: &str) -> Option<PatronDate> {
    PatronDate::parse(s)
}

/// An ISTAT code of a comune: exactly 6 digits (`044007`).
pub fn is_istat_code(s: &str) -> bool {
    s.len() == 6 && s.chars().all(|c| c.is_ascii_digit())
}

/// Parses a patron-saint CSV (header row, `,` or `;`). `source_name` is for messages.
pub fn parse_csv(text: &str, source_name: &str) -> Result<Vec<PatronEntry>, PatronError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text
        .lines()
        .find(|l| !l.trim_start().starts_with('#'))
        .unwrap_or_default();
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let csv_err = |record, e: csv::Error| PatronError::Csv {
        source_name: source_name.to_string(),
        record,
        detail: e.to_string(),
    };
    let headers = rdr.headers().map_err(|e| csv_err(0, e))?.clone();
    let col = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| PatronError::MissingColumn {
                source_name: source_name.to_string(),
                column: name,
            })
    };
    let (c_istat, c_name, c_saint, c_day) =
        (col("istat")?, col("name")?, col("saint")?, col("day")?);
    let c_prov = col("province").ok();
    let c_ver = col("verified").ok();
    let c_note = col("note").ok();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let record = i + 1;
        let rec = rec.map_err(|e| csv_err(record, e))?;
        let get = |c: usize| rec.get(c).unwrap_or_default().trim().to_string();
        let bad = |field, value: String| PatronError::Field {
            source_name: source_name.to_string(),
            record,
            field,
            value,
        };
        let istat = get(c_istat);
        if !is_istat_code(&istat) {
            return Err(bad("istat", istat));
        }
        let name = get(c_name);
        if name.is_empty() {
            return Err(bad("name", name));
        }
        let saint = get(c_saint);
        if saint.is_empty() {
            return Err(bad("saint", saint));
        }
        let day_text = get(c_day);
        let Some(day) = parse_day(&day_text) else {
            return Err(bad("day", day_text));
        };
        let verified = match c_ver.map(get) {
            None => true,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "" | "yes" | "true" | "1" | "si" | "sì" => true,
                "no" | "false" | "0" => false,
                _ => return Err(bad("verified", v)),
            },
        };
        out.push(PatronEntry {
            istat,
            name,
            province: c_prov.map(get).unwrap_or_default(),
            saint,
            day,
            verified,
            note: c_note.map(get).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Patron-saint days by ISTAT code: the shipped table with any overrides applied.
#[derive(Debug, Clone, Default)]
pub struct PatronDays {
    by_istat: BTreeMap<String, PatronEntry>,
}

impl PatronDays {
    /// The shipped table.
    pub fn shipped() -> Result<PatronDays, PatronError> {
        let mut p = PatronDays::default();
        p.apply(parse_csv(SHIPPED_CSV, "assets/patron-saints.csv")?);
        Ok(p)
    }

    /// Adds or replaces entries (an override file, the store's table).
    pub fn apply(&mut self, entries: Vec<PatronEntry>) {
        for e in entries {
            self.by_istat.insert(e.istat.clone(), e);
        }
    }

    /// Applies an override file.
    pub fn apply_file(&mut self, path: &Path) -> Result<(), PatronError> {
        let text = std::fs::read_to_string(path).map_err(|source| PatronError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let entries = parse_csv(&text, &path.display().to_string())?;
        self.apply(entries);
        Ok(())
    }

    /// Applies the rows of the store's `patron_days` table.
    pub fn apply_store(&mut self, store: &Store) -> Result<(), PatronError> {
        let mut stmt = store
            .conn()
            .prepare("SELECT istat, name, province, saint, day FROM patron_days")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (istat, name, province, saint, day) = row?;
            let Some(d) = parse_day(&day) else {
                tracing::warn!(istat, day, "patron_days row with an unreadable day skipped");
                continue;
            };
            entries.push(PatronEntry {
                istat,
                name,
                province: province.unwrap_or_default(),
                saint,
                day: d,
                verified: true,
                note: "patron_days".to_string(),
            });
        }
        self.apply(entries);
        Ok(())
    }

    /// Stores override rows in the `patron_days` table (one transaction).
    pub fn save_overrides(
        store: &mut Store,
        entries: &[PatronEntry],
    ) -> Result<usize, PatronError> {
        let tx = store.conn_mut().transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO patron_days (istat, name, province, saint, day) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(istat) DO UPDATE SET name = excluded.name, province = excluded.province,
                   saint = excluded.saint, day = excluded.day",
            )?;
            for e in entries {
                stmt.execute(params![e.istat, e.name, e.province, e.saint, e.day_text()])?;
            }
        }
        tx.commit()?;
        Ok(entries.len())
    }

    /// The entry of the comune with this ISTAT code (zero-padded to 6 digits).
    pub fn get(&self, istat: &str) -> Option<&PatronEntry> {
        let key = format!("{:0>6}", istat.trim());
        self.by_istat.get(&key)
    }

    /// Every entry, by ISTAT code.
    pub fn entries(&self) -> impl Iterator<Item = &PatronEntry> {
        self.by_istat.values()
    }

    /// How many comuni have an entry.
    pub fn len(&self) -> usize {
        self.by_istat.len()
    }

    /// Whether no comune has an entry.
    pub fn is_empty(&self) -> bool {
        self.by_istat.is_empty()
    }

    /// The calendar of a comune (national only when the comune is unknown or not given).
    pub fn calendar(&self, istat: Option<&str>) -> Calendar {
        match istat.and_then(|i| self.get(i)) {
            Some(e) => Calendar::with_patron(PatronDay {
                date: e.day,
                saint: e.saint.clone(),
            }),
            None => Calendar::national(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked() {
        assert!(parse_day("08-05").is_some());
        assert!(parse_day("02-29").is_some());
        assert_eq!(parse_day("02-30"), None);
        assert_eq!(parse_day("8-5"), None);
        assert_eq!(parse_day("13-01"), None);
        assert!(parse_day("09-sun1").is_some());
        assert_eq!(parse_day("09-sun6"), None);
    }

    #[test]
    fn a_bad_row_names_its_record_and_field() {
        let e = parse_csv(
            "istat,name,province,saint,day\n044007,Ascoli Piceno,AP,Sant'Emidio,08-05\n44,X,AP,Y,01-01\n",
            "t.csv",
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                PatronError::Field {
                    record: 2,
                    field: "istat",
                    ..
                }
            ),
            "{e}"
        );
        let e = parse_csv("istat,name,saint\n", "t.csv").unwrap_err();
        assert!(
            matches!(e, PatronError::MissingColumn { column: "day", .. }),
            "{e}"
        );
    }
}
