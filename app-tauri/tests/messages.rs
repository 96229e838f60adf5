//! The page's Fluent messages: the five visitor languages parse and define the same messages
//! as Italian, and every message the page names exists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;

fn file(lang: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../locales/{lang}/desktop.ftl"))
}

fn ids(lang: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file(lang)).unwrap();
    if let Err((_, e)) = FluentResource::try_new(text.clone()) {
        panic!("{lang}: {e:?}");
    }
    // A message starts a line: `id = …` or `id =` (its value on the next lines).
    text.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" ="))
        .map(|(id, _)| id.to_string())
        .collect()
}

#[test]
fn every_visitor_language_parses_and_has_every_message() {
    let it = ids("it");
    assert!(it.len() > 100);
    for lang in ["en", "de", "fr", "es"] {
        let other = ids(lang);
        assert_eq!(
            it.symmetric_difference(&other).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{lang}"
        );
    }
}

#[test]
fn every_message_the_page_names_exists() {
    let it = ids("it");
    let mut sources = vec![
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/index.html")).unwrap(),
    ];
    for dir in ["ui/src", "ui/src/screens"] {
        for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "js") {
                sources.push(std::fs::read_to_string(p).unwrap());
            }
        }
    }
    let mut named = BTreeSet::new();
    for s in &sources {
        for (i, _) in s.match_indices("desktop-") {
            let id: String = s[i..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            // Ids built at run time end in `-` here (`desktop-state-${…}`).
            if !id.ends_with('-') && id != "desktop-test" {
                named.insert(id);
            }
        }
    }
    let missing: Vec<_> = named.difference(&it).collect();
    assert!(missing.is_empty(), "{missing:?}");
    // The ids built at run time: each state, event kind, role, outbox state and language.
    for prefix in [
        "desktop-state-",
        "desktop-event-",
        "desktop-role-",
        "desktop-outbox-",
        "desktop-language-",
        "desktop-nav-",
    ] {
        assert!(it.iter().any(|i| i.starts_with(prefix)), "{prefix}");
    }
}
