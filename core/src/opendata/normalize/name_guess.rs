//! Finds the name of places whose files put it under a key named after their subject
//! (`impianto_sportivo`, `museo`, `struttura`, `denominazione_struttura_ricettiva`): when most
//! rows of a sample have no recognised name, the column no rule recognised whose values are the
//! most name-like — mostly present, mostly distinct, short texts that are not numbers, dates,
//! URLs, e-mail addresses or codes — is read as the name.

use std::collections::HashSet;

use super::headers::words;
use super::text::{clean, parse_number};

/// How many rows are looked at before deciding.
pub const SAMPLE_ROWS: usize = 200;

/// Key words of columns that hold something else than the place's name, even when their values
/// look like names (an operator, a person, a part of the address, a note).
const NOT_THE_NAME: &[&str] = &[
    "nome",
    "name",
    "cognome",
    "surname",
    "lastname",
    "firstname",
    "comune",
    "provincia",
    "regione",
    "indirizz",
    "via",
    "localit",
    "frazion",
    "quartier",
    "municipi",
    "circoscrizion",
    "gestor",
    "responsabil",
    "titolar",
    "referent",
    "proprietar",
    "president",
    "contatt",
    "legal",
    "operator",
    "owner",
    "manager",
    "note",
    "descr",
    "testo",
    "orari",
    "tipo",
    "tipolog",
    "categor",
    "class",
    "email",
    "mail",
    "tel",
    "sito",
    "url",
    "link",
    "foto",
    "immagin",
    "data",
    "date",
    "stato",
    "status",
    "cap",
    "bandiera",
    "brand",
];

/// What the sample showed about one column.
#[derive(Debug, Default)]
struct ColumnStats {
    key: String,
    name_like: usize,
    distinct: HashSet<String>,
    chars: usize,
}

/// Collects a sample of rows and picks the name column (see the module rules).
#[derive(Debug, Default)]
pub struct NameGuess {
    columns: Vec<ColumnStats>,
    rows: usize,
    rows_with_name: usize,
}

impl NameGuess {
    /// Whether the sample is complete.
    pub fn is_full(&self) -> bool {
        self.rows >= SAMPLE_ROWS
    }

    /// Notes a value of a column that no rule recognised, in the current row.
    pub fn observe(&mut self, key: &str, value: &str) {
        if self.is_full() {
            return;
        }
        let Some(value) = clean(value) else { return };
        if !looks_like_a_name(value) {
            return;
        }
        let i = match self.columns.iter().position(|c| c.key == key) {
            Some(i) => i,
            None => {
                if is_not_the_name(key) {
                    return;
                }
                self.columns.push(ColumnStats {
                    key: key.to_string(),
                    ..ColumnStats::default()
                });
                self.columns.len() - 1
            }
        };
        let c = &mut self.columns[i];
        c.name_like += 1;
        c.chars += value.chars().count();
        c.distinct.insert(value.to_lowercase());
    }

    /// Ends the current row: `has_name` says whether a recognised column gave it a name.
    pub fn end_row(&mut self, has_name: bool) {
        if self.is_full() {
            return;
        }
        self.rows += 1;
        self.rows_with_name += usize::from(has_name);
    }

    /// The column to read the name from, if the recognised ones leave most rows nameless and
    /// one column fits: present in at least half the rows, at least half of its values
    /// distinct, 40 characters or fewer on average. The best score (presence × distinctness)
    /// wins; on a tie, the earlier column.
    pub fn pick(&self) -> Option<&str> {
        if self.rows == 0 || self.rows_with_name * 2 >= self.rows {
            return None;
        }
        let mut best: Option<(f64, &str)> = None;
        for c in &self.columns {
            let presence = c.name_like as f64 / self.rows as f64;
            let distinct = c.distinct.len() as f64 / c.name_like.max(1) as f64;
            let average = c.chars as f64 / c.name_like.max(1) as f64;
            if presence < 0.5 || distinct < 0.5 || average > 40.0 {
                continue;
            }
            let score = presence * distinct;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, c.key.as_str()));
            }
        }
        best.map(|(_, k)| k)
    }
}

/// Whether the column's key says it holds something else than the name.
fn is_not_the_name(key: &str) -> bool {
    words(key)
        .iter()
        .any(|w| NOT_THE_NAME.iter().any(|n| w.starts_with(n)))
}

/// Whether a value could be a place's name: two letters at least, at most 120 characters, not
/// a number, a URL, an e-mail address, a yes/no, or a code (one word mixing letters and digits,
/// or three capitals at most).
pub fn looks_like_a_name(value: &str) -> bool {
    let t = value.trim();
    let chars = t.chars().count();
    if !(2..=120).contains(&chars) || t.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let lower = t.to_lowercase();
    if lower.starts_with("http") || lower.starts_with("www.") || t.contains('@') {
        return false;
    }
    if parse_number(t).is_some() {
        return false;
    }
    if matches!(
        lower.as_str(),
        "si" | "sì" | "no" | "yes" | "true" | "false" | "vero" | "falso"
    ) {
        return false;
    }
    let one_word = !t.contains(char::is_whitespace);
    if one_word && t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if one_word && chars <= 3 && t.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_like_values() {
        for v in [
            "Palazzetto dello sport",
            "Stadio Riviera delle Palme",
            "Bar Centrale",
        ] {
            assert!(looks_like_a_name(v), "{v}");
        }
        for v in [
            "12",
            "43,1234",
            "2024-05-01",
            "12/05/2024",
            "https://example.org",
            "www.comune.it",
            "info@comune.it",
            "AB123",
            "SI",
            "x",
            "IT-001",
        ] {
            assert!(!looks_like_a_name(v), "{v}");
        }
    }

    #[test]
    fn picks_the_distinct_text_column_of_a_subject_named_key() {
        let mut g = NameGuess::default();
        for i in 0..10 {
            g.observe("id_impianto", &format!("{i}"));
            g.observe("impianto_sportivo", &format!("Campo sportivo numero {i}"));
            g.observe("tipologia_impianto", "Calcio");
            g.observe("disciplina", "Calcio a 5");
            g.observe("gestore", &format!("Società {i}"));
            g.end_row(false);
        }
        assert_eq!(g.pick(), Some("impianto_sportivo"));
    }

    #[test]
    fn nothing_when_names_are_found_or_nothing_fits() {
        let mut g = NameGuess::default();
        for i in 0..10 {
            g.observe("struttura", &format!("Struttura {i}"));
            g.end_row(i % 3 != 0);
        }
        assert_eq!(g.pick(), None, "most rows have a name");
        let mut g = NameGuess::default();
        for _ in 0..10 {
            g.observe("disciplina", "Nuoto");
            g.end_row(false);
        }
        assert_eq!(g.pick(), None, "one repeated value is a type, not a name");
    }
}
