//! Which resources hold points of interest we can read, and which of several distributions of
//! the same data to take.

use super::harvest::Resource;

/// A readable resource format, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Readable {
    GeoJson,
    Csv,
    Json,
}

impl Readable {
    /// The format name handed to the normaliser.
    pub fn as_str(self) -> &'static str {
        match self {
            Readable::GeoJson => "GeoJSON",
            Readable::Csv => "CSV",
            Readable::Json => "JSON",
        }
    }
}

fn extension(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// What a format label, MIME type or file extension says, if it is one we read.
pub fn classify_label(label: &str) -> Option<Readable> {
    let l = label.trim().to_ascii_lowercase();
    let l = l.rsplit('/').next().unwrap_or(&l).to_string();
    if l.contains("geojson") || l.contains("geo+json") {
        Some(Readable::GeoJson)
    } else if l == "csv" || l.contains("text/csv") || l.ends_with("csv") {
        Some(Readable::Csv)
    } else if l == "json" || l.ends_with("json") {
        Some(Readable::Json)
    } else {
        None
    }
}

/// The readable format of a resource, from its declared format, MIME type or URL.
pub fn classify(r: &Resource) -> Option<Readable> {
    [r.format.as_deref(), r.mimetype.as_deref()]
        .into_iter()
        .flatten()
        .find_map(classify_label)
        .or_else(|| classify_label(&extension(&r.url)))
}

/// The resources to harvest from a dataset: readable ones, and of several distributions of the
/// same data (same name or same file name but for the extension) only the best format, so the
/// same places are not stored twice.
pub fn select(resources: &[Resource]) -> Vec<(Resource, Readable)> {
    let mut best: Vec<(String, Resource, Readable)> = Vec::new();
    for r in resources {
        let Some(kind) = classify(r) else { continue };
        let key = group_key(r);
        match best.iter_mut().find(|(k, _, _)| *k == key) {
            Some(slot) if kind < slot.2 => *slot = (key, r.clone(), kind),
            Some(_) => {}
            None => best.push((key, r.clone(), kind)),
        }
    }
    best.into_iter().map(|(_, r, k)| (r, k)).collect()
}

fn group_key(r: &Resource) -> String {
    let stem = |s: &str| {
        let s = s.trim().to_lowercase();
        match s.rsplit_once('.') {
            Some((a, ext)) if ext.len() <= 7 && !a.is_empty() => a.to_string(),
            _ => s,
        }
    };
    match r.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(n) => {
            let n = stem(n);
            // "Musei (CSV)", "Musei - JSON": drop a trailing format word.
            let trimmed = n
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches("geojson")
                .trim_end_matches("json")
                .trim_end_matches("csv")
                .trim_end_matches(|c: char| !c.is_alphanumeric());
            if trimmed.is_empty() {
                n
            } else {
                trimmed.to_string()
            }
        }
        None => {
            let path = r.url.split(['?', '#']).next().unwrap_or_default();
            stem(path.rsplit('/').next().unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(id: &str, url: &str, format: Option<&str>, name: Option<&str>) -> Resource {
        Resource {
            id: id.into(),
            url: url.into(),
            format: format.map(Into::into),
            name: name.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn classifies_labels_mimes_and_extensions() {
        assert_eq!(
            classify(&res("a", "http://x/a.csv", None, None)),
            Some(Readable::Csv)
        );
        assert_eq!(
            classify(&res("a", "http://x/dl?id=1", Some("text/csv"), None)),
            Some(Readable::Csv)
        );
        assert_eq!(
            classify(&res(
                "a",
                "http://x/a",
                Some("http://publications.europa.eu/resource/authority/file-type/GEOJSON"),
                None
            )),
            Some(Readable::GeoJson)
        );
        assert_eq!(
            classify(&res("a", "http://x/a.pdf", Some("PDF"), None)),
            None
        );
        assert_eq!(
            classify(&res("a", "http://x/a.json", None, None)),
            Some(Readable::Json)
        );
    }

    #[test]
    fn keeps_one_distribution_of_the_same_data() {
        let picked = select(&[
            res("1", "http://x/musei.csv", Some("CSV"), Some("Musei (CSV)")),
            res(
                "2",
                "http://x/musei.json",
                Some("JSON"),
                Some("Musei (JSON)"),
            ),
            res("3", "http://x/musei.pdf", Some("PDF"), Some("Musei (PDF)")),
            res("4", "http://x/teatri.csv", Some("CSV"), Some("Teatri")),
        ]);
        let ids: Vec<_> = picked.iter().map(|(r, _)| r.id.as_str()).collect();
        assert_eq!(ids, vec!["1", "4"]);
    }
}
