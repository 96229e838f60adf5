//! What a reader learnt about a resource's columns, kept to tell a person why its rows did not
//! map: the columns it read as the name and as coordinates, every column it saw, and one example
//! row.

use crate::opendata::QuarantineReason;

use super::Normalized;
use super::headers::Field;

/// How many characters of the example row are kept.
const EXAMPLE_CHARS: usize = 300;
/// How many column names are listed.
const MAX_COLUMNS: usize = 30;

/// The columns (CSV headers, JSON keys) a reader saw, in order, with what each was read as,
/// and the first quarantined row as text.
#[derive(Debug, Clone, Default)]
pub struct ReadReport {
    columns: Vec<(String, Option<Field>)>,
    example: Option<(u64, String)>,
}

/// The counts of a resource's rows, kept as they are read: what [`ReadReport::unmapped`] and
/// [`ReadReport::mostly_quarantined`] need of its output, without its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Rows read.
    pub rows: u64,
    /// Rows that became places.
    pub mapped: u64,
    /// Rows quarantined.
    pub quarantined: u64,
    /// Per quarantine code: how many rows, and the first row's reason.
    reasons: Vec<(&'static str, u64, QuarantineReason)>,
}

impl Tally {
    /// The counts of a whole output.
    pub fn of(out: &Normalized) -> Tally {
        let mut tally = Tally {
            rows: out.rows,
            mapped: out.pois.len() as u64,
            ..Tally::default()
        };
        for q in &out.quarantine {
            tally.count_reason(&q.reason);
        }
        tally
    }

    /// Counts a quarantined row's reason (not the row: see [`Tally::quarantined`]).
    pub fn count_reason(&mut self, reason: &QuarantineReason) {
        self.quarantined += 1;
        let code = reason.code();
        match self.reasons.iter_mut().find(|(c, _, _)| *c == code) {
            Some((_, n, _)) => *n += 1,
            None => self.reasons.push((code, 1, reason.clone())),
        }
    }
}

/// Why a resource's rows could not be used: every row (an import refused) or most of them (a
/// warning beside an import) went to quarantine.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmapped {
    /// Rows read.
    pub rows: u64,
    /// Rows that became places.
    pub mapped: u64,
    /// The most frequent reason.
    pub reason: QuarantineReason,
    /// The columns read as the name.
    pub name_columns: Vec<String>,
    /// The columns read as coordinates (latitude, longitude or a whole point).
    pub coordinate_columns: Vec<String>,
    /// Every column seen (the first 30).
    pub columns: Vec<String>,
    /// One quarantined row: its number and its values as text.
    pub example: Option<(u64, String)>,
}

impl Unmapped {
    /// The Fluent variables of `normalize-error-nothing-mapped`, as text, by name; `reason` is
    /// the quarantine code here (the localised message renders its text).
    pub fn fluent_args(&self) -> Vec<(&'static str, String)> {
        let list = |v: &[String]| v.join(", ");
        let (example_row, example) = self.example.clone().unwrap_or_default();
        vec![
            ("rows", self.rows.to_string()),
            ("mapped", self.mapped.to_string()),
            ("reason", self.reason.code().to_string()),
            ("name_count", self.name_columns.len().to_string()),
            ("name_columns", list(&self.name_columns)),
            (
                "coordinate_count",
                self.coordinate_columns.len().to_string(),
            ),
            ("coordinate_columns", list(&self.coordinate_columns)),
            ("columns", list(&self.columns)),
            ("example_row", example_row.to_string()),
            ("example", example),
        ]
    }
}

impl ReadReport {
    /// Records a column and what it is read as (once per name).
    pub fn column(&mut self, name: &str, field: Option<Field>) {
        match self.columns.iter_mut().find(|(n, _)| n == name) {
            Some((_, f)) => {
                if f.is_none() {
                    *f = field;
                }
            }
            None => self.columns.push((name.to_string(), field)),
        }
    }

    /// Whether an example row is still wanted.
    pub fn wants_example(&self) -> bool {
        self.example.is_none()
    }

    /// Keeps `text` (whitespace collapsed, shortened) as the example row `row`.
    pub fn example(&mut self, row: u64, text: &str) {
        let mut out = String::new();
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        if out.chars().count() > EXAMPLE_CHARS {
            out = out.chars().take(EXAMPLE_CHARS).collect();
            out.push('…');
        }
        self.example = Some((row, out));
    }

    /// The summary of a resource none of whose rows mapped; `None` when some did, or when it
    /// had no rows.
    pub fn unmapped(&self, out: &Normalized) -> Option<Unmapped> {
        self.unmapped_of(&Tally::of(out))
    }

    /// The summary of a resource some of whose rows mapped but more than half went to
    /// quarantine; `None` otherwise.
    pub fn mostly_quarantined(&self, out: &Normalized) -> Option<Unmapped> {
        self.mostly_quarantined_of(&Tally::of(out))
    }

    /// [`ReadReport::unmapped`] from the counts of a resource read in batches.
    pub fn unmapped_of(&self, tally: &Tally) -> Option<Unmapped> {
        if tally.rows == 0 || tally.mapped > 0 {
            return None;
        }
        Some(self.summary(tally))
    }

    /// [`ReadReport::mostly_quarantined`] from the counts of a resource read in batches.
    pub fn mostly_quarantined_of(&self, tally: &Tally) -> Option<Unmapped> {
        if tally.mapped == 0 || tally.quarantined * 2 <= tally.rows {
            return None;
        }
        Some(self.summary(tally))
    }

    fn summary(&self, tally: &Tally) -> Unmapped {
        let reason = tally
            .reasons
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map_or(QuarantineReason::MissingCoordinates, |(_, _, r)| r.clone());
        let with = |keep: fn(Field) -> bool| -> Vec<String> {
            self.columns
                .iter()
                .filter(|(_, f)| f.is_some_and(keep))
                .map(|(n, _)| n.clone())
                .collect()
        };
        Unmapped {
            rows: tally.rows,
            mapped: tally.mapped,
            reason,
            name_columns: with(|f| f == Field::Name),
            coordinate_columns: with(|f| matches!(f, Field::Lat | Field::Lon | Field::Geometry)),
            columns: self
                .columns
                .iter()
                .take(MAX_COLUMNS)
                .map(|(n, _)| n.clone())
                .collect(),
            example: self.example.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::QuarantineEntry;

    #[test]
    fn unmapped_names_the_columns_and_the_commonest_reason() {
        let mut r = ReadReport::default();
        r.column("nome", Some(Field::Name));
        r.column("posizione", None);
        r.column("lat", Some(Field::Lat));
        r.column("nome", None);
        r.example(1, "{\"nome\":  \"A\",\n \"posizione\": \"?\"}");
        let q = |row, reason| QuarantineEntry {
            resource: "f".into(),
            row,
            reason,
        };
        let out = Normalized {
            pois: vec![],
            quarantine: vec![
                q(1, QuarantineReason::MissingCoordinates),
                q(2, QuarantineReason::MissingName),
                q(3, QuarantineReason::MissingCoordinates),
            ],
            rows: 3,
        };
        let u = r.unmapped(&out).unwrap_or_else(|| panic!("unmapped"));
        assert_eq!(u.rows, 3);
        assert_eq!(u.reason, QuarantineReason::MissingCoordinates);
        assert_eq!(u.name_columns, ["nome"]);
        assert_eq!(u.coordinate_columns, ["lat"]);
        assert_eq!(u.columns, ["nome", "posizione", "lat"]);
        assert_eq!(
            u.example,
            Some((1, "{\"nome\": \"A\", \"posizione\": \"?\"}".to_string()))
        );
        assert!(
            ReadReport::default()
                .unmapped(&Normalized::default())
                .is_none()
        );
    }
}
