//! Text folding and safe full-text query building for search-as-you-type.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest query accepted, in characters: longer input is a mistake or an attack.
pub const MAX_QUERY_CHARS: usize = 256;
/// At most this many words of a query are used.
pub const MAX_QUERY_TOKENS: usize = 12;

/// Lower-case, diacritics removed, every run of non-alphanumerics one space, trimmed:
/// `"Sant'Elpidio a Mare"` → `"sant elpidio a mare"`, `"Città"` → `"citta"`.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        fold_ascii(s)
    } else {
        fold_unicode(s)
    }
}

/// [`fold`] of any text.
fn fold_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`fold`] of ASCII text, byte by byte: no decomposition, no marks, ASCII letters and digits
/// alone are alphanumeric. Most stored text (names, addresses, comuni) is ASCII, and ranking
/// and the index build fold it per row.
fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(b.to_ascii_lowercase() as char);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words of a query as FTS5 sees them (the `unicode61` tokenizer splits on anything that
/// is not a letter or a digit).
pub fn tokens(s: &str) -> Vec<String> {
    fold(s)
        .split(' ')
        .filter(|t| !t.is_empty())
        .take(MAX_QUERY_TOKENS)
        .map(str::to_string)
        .collect()
}

/// An FTS5 MATCH expression where every word is a quoted prefix: user input can never be read
/// as FTS syntax (`NEAR`, `*`, `^`, quotes, parentheses are all just text).
pub fn fts_expression(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The ASCII path folds as the general one does.
        #[test]
        fn ascii_folds_as_the_general_path(s in "[\\x00-\\x7F]{0,60}") {
            prop_assert_eq!(fold_ascii(&s), fold_unicode(&s));
        }
    }

    #[test]
    fn folds_accents_apostrophes_and_case() {
        assert_eq!(fold("Sant'Elpidio a Mare"), "sant elpidio a mare");
        assert_eq!(fold("  Città  di  CASTELLO "), "citta di castello");
        assert_eq!(fold("perché?"), "perche");
        assert_eq!(fold("Sant’Elpidio"), "sant elpidio");
    }

    #[test]
    fn hostile_input_becomes_plain_words() {
        let w = tokens("\"NEAR(a b)\" * ^x (((");
        assert_eq!(w, vec!["near", "a", "b", "x"]);
        assert_eq!(fts_expression(&w), "\"near\"* \"a\"* \"b\"* \"x\"*");
        assert!(tokens("*** ((( ^").is_empty());
    }
}
