//! Fluent translations, embedded from `locales/<lang>/*.ftl` at build time.
//!
//! A message is looked up in the requested language, then Italian, then English (English first for the
//! languages shipped for the visitor's screens only: German, French, Spanish); a message that
//! is nowhere is shown as its id, so a missing translation is visible but never fatal.

use std::collections::BTreeSet;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The languages every user-facing message must exist in.
pub const REQUIRED_LANGUAGES: [&str; 2] = ["it", "en"];

/// A chain of Fluent bundles: the requested language, then Italian and English (English first
/// for the languages shipped for visitors only).
pub struct I18n {
    lang: String,
    chain: Vec<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").field("lang", &self.lang).finish()
    }
}

/// Languages that have at least one embedded locale file.
pub fn available_languages() -> Vec<&'static str> {
    let set: BTreeSet<&str> = LOCALE_FILES.iter().map(|(l, _, _)| *l).collect();
    set.into_iter().collect()
}

/// Picks the best embedded language for a requested tag such as `de-AT`, `en_US.UTF-8` or `it`.
pub fn negotiate(requested: &str) -> String {
    let primary = requested
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    let available = available_languages();
    if available.contains(&primary.as_str()) {
        return primary;
    }
    let base = primary.split('-').next().unwrap_or_default().to_lowercase();
    if available.contains(&base.as_str()) {
        return base;
    }
    "it".to_string()
}

fn bundle_for(lang: &str) -> Option<FluentBundle<FluentResource>> {
    let id: LanguageIdentifier = lang.parse().ok()?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    let mut any = false;
    for (_, name, src) in LOCALE_FILES.iter().filter(|(l, _, _)| *l == lang) {
        let res = match FluentResource::try_new((*src).to_string()) {
            Ok(r) => r,
            Err((r, errs)) => {
                tracing::warn!(lang, file = name, ?errs, "Fluent syntax errors");
                r
            }
        };
        if let Err(errs) = bundle.add_resource(res) {
            tracing::warn!(lang, file = name, ?errs, "duplicate Fluent messages");
        }
        any = true;
    }
    any.then_some(bundle)
}

impl I18n {
    /// Translations for `lang` (negotiated against the embedded languages).
    pub fn new(lang: &str) -> I18n {
        let lang = negotiate(lang);
        let mut order = vec![lang.clone()];
        // A visitor's language with only some messages (German, French, Spanish: the visitor's
        // screens) falls back to English, which a visitor more often reads than Italian.
        let fallbacks = if lang == "it" || lang == "en" {
            ["it", "en"]
        } else {
            ["en", "it"]
        };
        for fallback in fallbacks {
            if !order.iter().any(|l| l == fallback) {
                order.push(fallback.to_string());
            }
        }
        let chain = order.iter().filter_map(|l| bundle_for(l)).collect();
        I18n { lang, chain }
    }

    /// The language chosen.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The message `id` with no arguments.
    pub fn tr(&self, id: &str) -> String {
        self.tr_args(id, &[])
    }

    /// The message `id` with named arguments (strings or numbers).
    pub fn tr_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            let value = match v {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fargs.set(*k, value);
        }
        for bundle in &self.chain {
            if let Some(msg) = bundle.get_message(id)
                && let Some(pattern) = msg.value()
            {
                let mut errors = vec![];
                let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
                if !errors.is_empty() {
                    tracing::debug!(id, ?errors, "Fluent formatting errors");
                }
                return text.into_owned();
            }
        }
        tracing::warn!(id, "missing translation");
        id.to_string()
    }

    /// True when the message exists in some bundle of the chain.
    pub fn has(&self, id: &str) -> bool {
        self.chain.iter().any(|b| b.has_message(id))
    }
}

/// An error or outcome that has a Fluent message: its id and arguments.
pub trait Localize {
    /// The Fluent message id and its arguments.
    fn message(&self) -> (String, Vec<(&'static str, Arg)>);

    /// The text in `i18n`'s language; errors that wrap others override it to compose them.
    fn render(&self, i18n: &I18n) -> String {
        let (id, args) = self.message();
        i18n.tr_args(&id, &args)
    }
}

impl I18n {
    /// The user-facing text of anything [`Localize`].
    pub fn localize(&self, what: &dyn Localize) -> String {
        what.render(self)
    }
}

/// A Fluent argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A string.
    Str(String),
    /// A number.
    Num(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<f64> for Arg {
    fn from(n: f64) -> Self {
        Arg::Num(n)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<u16> for Arg {
    fn from(n: u16) -> Self {
        Arg::Num(f64::from(n))
    }
}

/// The ids of every message (and term) defined in `lang`'s embedded files.
pub fn message_ids(lang: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (_, _, src) in LOCALE_FILES.iter().filter(|(l, _, _)| *l == lang) {
        for line in src.lines() {
            let Some((head, _)) = line.split_once('=') else {
                continue;
            };
            let head = head.trim_end();
            let starts_ok = line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
            if starts_ok
                && !head.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                ids.insert(head.to_string());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_and_english_define_the_same_messages() {
        let it = message_ids("it");
        let en = message_ids("en");
        assert!(!it.is_empty(), "no Italian messages embedded");
        let only_it: Vec<_> = it.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&it).collect();
        assert!(only_it.is_empty(), "missing in English: {only_it:?}");
        assert!(only_en.is_empty(), "missing in Italian: {only_en:?}");
    }

    #[test]
    fn every_embedded_file_parses() {
        for (lang, name, src) in LOCALE_FILES {
            if let Err((_, errs)) = FluentResource::try_new((*src).to_string()) {
                panic!("{lang}/{name}: {errs:?}");
            }
        }
    }

    #[test]
    fn falls_back_to_italian_then_english_and_formats_arguments() {
        let ja = I18n::new("ja-JP");
        // Japanese is not shipped: Italian is the fallback.
        assert_eq!(ja.lang(), "it");
        // German is shipped for the visitor's screens: what it lacks comes in English.
        let de = I18n::new("de-DE");
        assert_eq!(de.lang(), "de");
        assert_eq!(
            de.tr("hub-status-no-session"),
            I18n::new("en").tr("hub-status-no-session")
        );
        let en = I18n::new("en_GB.UTF-8");
        assert_eq!(en.lang(), "en");
        let text = en.tr_args(
            "data-imported",
            &[("pois", 3u64.into()), ("quarantined", 1u64.into())],
        );
        assert!(text.contains('3') && text.contains('1'), "{text}");
        assert_eq!(en.tr("no-such-message"), "no-such-message");
    }
}
