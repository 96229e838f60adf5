//! The full-text index's vocabulary: every term `pois_fts` holds, sorted, built with the index
//! of nearest places and versioned with it.
//!
//! A query word longer than the full-text index's prefix indexes (`prefix = '1 2 3'`) makes
//! FTS5 build, before it returns a first row, the rows of every term the word starts: for a
//! word a twentieth of a million places hold, milliseconds, whatever the `LIMIT`. The same
//! query written as the terms it stands for, `("garibaldi" OR "garibaldino")`, streams. So the
//! vocabulary turns such a prefix into its terms ([`terms_starting`]).
//!
//! The terms must be exactly FTS5's, or a match would be lost: they are FTS5's. The text of
//! the places (what `pois_fts` is given) is cut at white space, which FTS5's tokenizer never
//! joins across, into distinct pieces; those are put into a temporary FTS5 table with the
//! same tokenizer, and its `fts5vocab` table lists the terms.

use rusqlite::Connection;
use rustc_hash::FxHashSet;

/// The tokenizer of `pois_fts` (migration 1).
const TOKENIZER: &str = "unicode61 remove_diacritics 2";

/// The distinct white-space-separated pieces of the places' text.
#[derive(Default)]
pub struct Pieces {
    seen: FxHashSet<String>,
}

impl Pieces {
    /// Adds the pieces of `text`. Left out: pieces of at most 3 bytes (their terms are too
    /// short to start a word longer than the prefix indexes), and pieces of digits alone (a
    /// house number, a postcode, a number in every name; words of digits alone are not
    /// written as terms).
    pub fn add(&mut self, text: &str) {
        for piece in text.split_whitespace() {
            if piece.len() <= 3 || piece.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if !self.seen.contains(piece) {
                self.seen.insert(piece.to_string());
            }
        }
    }

    /// The terms FTS5 makes of the pieces, sorted. Runs in the connection's temporary
    /// database, and leaves nothing there.
    pub fn terms(self, conn: &Connection) -> rusqlite::Result<Vec<String>> {
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.campanile_vocab_terms;
             DROP TABLE IF EXISTS temp.campanile_vocab_text;
             CREATE VIRTUAL TABLE temp.campanile_vocab_text USING fts5(
                 t, tokenize = '{TOKENIZER}', detail = none);
             CREATE VIRTUAL TABLE temp.campanile_vocab_terms
                 USING fts5vocab(temp, campanile_vocab_text, 'row');"
        ))?;
        let result = (|| -> rusqlite::Result<Vec<String>> {
            let mut insert =
                conn.prepare("INSERT INTO temp.campanile_vocab_text (t) VALUES (?1)")?;
            let pieces: Vec<String> = self.seen.into_iter().collect();
            for part in pieces.chunks(1_000) {
                insert.execute([part.join(" ")])?;
            }
            let mut stmt = conn.prepare("SELECT term FROM temp.campanile_vocab_terms")?;
            let terms = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(terms)
        })();
        conn.execute_batch(
            "DROP TABLE IF EXISTS temp.campanile_vocab_terms;
             DROP TABLE IF EXISTS temp.campanile_vocab_text;",
        )?;
        let mut terms = result?;
        // fts5vocab lists them in FTS5's order (bytes); sorted here by Rust's (the same for
        // UTF-8), so that a binary search finds a prefix's range.
        terms.sort_unstable();
        terms.dedup();
        Ok(terms)
    }
}

/// The terms of `vocabulary` that start with `prefix`.
pub fn terms_starting<'v>(vocabulary: &'v [String], prefix: &str) -> &'v [String] {
    let from = vocabulary.partition_point(|t| t.as_str() < prefix);
    let to = from + vocabulary[from..].partition_point(|t| t.starts_with(prefix));
    &vocabulary[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terms_are_fts5s_and_a_prefix_finds_its_range() {
        let conn = Connection::open_in_memory().unwrap();
        let mut p = Pieces::default();
        p.add("Chiesa di Sant'Agostino  Città");
        p.add("Straße\tMUSEO museo-civico 12/a");
        let terms = p.terms(&conn).unwrap();
        for t in [
            "agostino", "chiesa", "citta", "civico", "museo", "sant", "12", "a",
        ] {
            assert!(
                terms.binary_search(&t.to_string()).is_ok(),
                "{t}: {terms:?}"
            );
        }
        assert!(terms.iter().any(|t| t.starts_with("stra")), "{terms:?}");
        assert_eq!(terms_starting(&terms, "mus"), ["museo"]);
        assert_eq!(terms_starting(&terms, "c"), ["chiesa", "citta", "civico"]);
        assert!(terms_starting(&terms, "zz").is_empty());
        // Nothing is left in the temporary database.
        let left: i64 = conn
            .query_row("SELECT count(*) FROM temp.sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
