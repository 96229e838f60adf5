//! A place's words in a few bits, for the nearest-first walk of a search near a point: which
//! letters its words start with ([`Entry::letters`](super::Entry::letters)) and which of 64
//! classes of two-letter starts ([`Entry::pairs`](super::Entry::pairs)).
//!
//! A query word can start a word of the place only if the place holds the word's bits, so the
//! bits never rule out a match. A one-letter word is told exactly by the letters; a longer one
//! is ruled out by most places that do not hold it. The words are the ones the row test of a
//! search reads (name, category words, folded address and comune), split on spaces.

/// The bits a word sets: its first letter's, and its first two letters' class.
pub fn bits(word: &str) -> (u32, u64) {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return (0, 0);
    };
    let letter = match first {
        'a'..='z' => first as u32 - 'a' as u32,
        '0'..='9' => 26,
        _ => 27,
    };
    let pair = chars.next().map_or(0, |second| {
        let class = (first as u64).wrapping_mul(31).wrapping_add(second as u64) % 64;
        1u64 << class
    });
    (1 << letter, pair)
}

/// The bits of every word of `text` (split on spaces), added to `into`.
pub fn add_text(into: &mut (u32, u64), text: &str) {
    for word in text.split(' ') {
        let (letters, pairs) = bits(word);
        into.0 |= letters;
        into.1 |= pairs;
    }
}

/// What a query needs of a place: the bits of each of its words.
#[derive(Debug, Clone, Default)]
pub struct Needs(Vec<(u32, u64)>);

impl Needs {
    /// The needs of the query words.
    pub fn of(words: &[String]) -> Needs {
        Needs(words.iter().map(|w| bits(w)).collect())
    }

    /// Whether a place with these bits can hold every word.
    pub fn may_match(&self, letters: u32, pairs: u64) -> bool {
        self.0
            .iter()
            .all(|(l, p)| letters & l == *l && pairs & p == *p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn place_bits(text: &str) -> (u32, u64) {
        let mut b = (0, 0);
        add_text(&mut b, text);
        b
    }

    proptest! {
        /// Never a match ruled out: a word that starts a word of the text passes.
        #[test]
        fn a_word_that_starts_a_word_of_the_text_passes(
            text in "[a-z0-9àè' ]{0,40}",
            pick in 0usize..40,
            len in 1usize..6,
        ) {
            let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            prop_assume!(!words.is_empty());
            let word = words[pick % words.len()];
            let query: String = word.chars().take(len).collect();
            let (l, p) = place_bits(&text);
            prop_assert!(Needs::of(&[query]).may_match(l, p));
        }
    }

    #[test]
    fn one_letter_is_told_exactly_and_pairs_rule_out() {
        let (l, p) = place_bits("chiesa di san rocco via roma");
        let needs = |w: &str| Needs::of(&[w.to_string()]);
        for w in ["c", "d", "s", "r", "v", "ch", "chie", "ro", "rom", "sa"] {
            assert!(needs(w).may_match(l, p), "{w}");
        }
        for w in ["a", "m", "b", "z"] {
            assert!(!needs(w).may_match(l, p), "{w}");
        }
        // Two letters whose first letter is held but whose pair is not.
        let ruled_out = ["ca", "ce", "co", "cu", "sb", "sc", "re", "ri"]
            .iter()
            .filter(|w| !needs(w).may_match(l, p))
            .count();
        assert!(ruled_out >= 6, "only {ruled_out} of 8 ruled out");
    }
}
