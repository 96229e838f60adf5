//! `locales/*/tiles.ftl` parse, have the same messages in Italian and English, and cover every
//! Fluent id that the tiles errors name in their doc comments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bundle(lang: &str) -> (FluentBundle<FluentResource>, BTreeSet<String>) {
    let text = std::fs::read_to_string(root().join(format!("locales/{lang}/tiles.ftl"))).unwrap();
    let res = FluentResource::try_new(text)
        .unwrap_or_else(|(_, errs)| panic!("{lang}/tiles.ftl does not parse: {errs:?}"));
    let ids: BTreeSet<String> = res
        .source()
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '*', '[', '}']) && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap().trim().to_owned())
        .collect();
    let mut b = FluentBundle::new(vec![lang.parse().unwrap()]);
    b.set_use_isolating(false);
    b.add_resource(res).unwrap();
    for id in &ids {
        assert!(b.has_message(id), "{lang}: {id}");
    }
    (b, ids)
}

#[test]
fn italian_and_english_match_and_cover_the_errors() {
    let (en, en_ids) = bundle("en");
    let (it, it_ids) = bundle("it");
    assert_eq!(en_ids, it_ids, "the same message ids in both languages");
    assert!(en_ids.iter().all(|id| id.starts_with("tiles-")));

    let mut named = BTreeSet::new();
    for file in [
        "core/src/opendata/tiles/error.rs",
        "core/src/campanile/tiles.rs",
        "cli/src/tiles_cmd.rs",
    ] {
        let src = std::fs::read_to_string(root().join(file)).unwrap();
        for part in src.split("Fluent id: `").skip(1) {
            named.insert(part.split('`').next().unwrap().to_owned());
        }
    }
    assert!(named.len() >= 15, "{named:?}");
    for id in &named {
        assert!(
            en_ids.contains(id),
            "{id} is named by an error but missing from the .ftl files"
        );
    }

    let mut args = FluentArgs::new();
    for (k, v) in [("z", "2"), ("x", "4"), ("y", "0"), ("max", "3")] {
        args.set(k, v);
    }
    for (b, expected) in [(&en, "does not exist"), (&it, "non esiste")] {
        let msg = b.get_message("tiles-error-out-of-range").unwrap();
        let mut errs = vec![];
        let text = b.format_pattern(msg.value().unwrap(), Some(&args), &mut errs);
        assert!(errs.is_empty(), "{errs:?}");
        assert!(text.contains("2/4/0") && text.contains(expected), "{text}");
    }
}
