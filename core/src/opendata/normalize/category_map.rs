//! Maps free text (a row's category / tipologia value, a dataset's title or tags) onto the fixed
//! [`Category`] taxonomy with Italian and English keyword lists.
//!
//! Rules:
//! - text is folded (lower case, accents removed) and split into words; a keyword ending in `*`
//!   matches any word starting with it (`muse*` → museo, musei, museum), other keywords match
//!   whole words or whole phrases (`bar` does not match `barocco`);
//! - in one text the keyword that appears first wins (Italian names put the head noun first:
//!   "Parcheggio del castello" is transport, "Museo della torre" a museum);
//! - the generic tourism words (`turismo`, `punti di interesse`, …) give
//!   [`Category::Attraction`] only when no specific keyword matches;
//! - over a list of tags, the most specific category wins in taxonomy order (tags come in no
//!   meaningful order);
//! - the stable ids themselves (`museum`, `sport_facility`, …) are accepted as they are.
//!
//! A place's own name is read more strictly ([`category_from_name`]): only its head noun
//! counts (the first word, after an article or a leading adjective such as `antica`, `civico`),
//! and a keyword ending in `*` matches only its inflections (`cappell*` → cappella, cappelle,
//! not Cappellini; `muse*` → museo, musei, museum, not MUSEBBI), so that surnames and
//! localities inside names ("Dalla Torre", "C.da Musebbi") name nothing.

use crate::opendata::Category;

use super::text::fold_words;

/// Specific keywords, per category, in taxonomy order.
const RULES: &[(Category, &[&str])] = &[
    (
        Category::Museum,
        &[
            "muse*",
            "ecomuse*",
            "pinacotec*",
            "galleria d arte",
            "gallerie d arte",
            "antiquarium",
            "art gallery",
            "planetari*",
        ],
    ),
    (
        Category::Church,
        &[
            "chies*",
            "church*",
            "santuari*",
            "sanctuar*",
            "basilic*",
            "duomo",
            "cattedral*",
            "cathedral*",
            "pieve",
            "abbazi*",
            "abbey",
            "convent*",
            "monaster*",
            "oratori*",
            "cappell*",
            "chapel*",
            "parrocchi*",
            "luoghi di culto",
            "luogo di culto",
            "edifici religiosi",
            "edifici di culto",
            "sinagog*",
            "moschea",
        ],
    ),
    (
        Category::Monument,
        &[
            "monument*",
            "statua",
            "statue*",
            "castell*",
            "castle*",
            "rocca",
            "rocche",
            "torre",
            "torri",
            "tower*",
            "fortezz*",
            "fortific*",
            "forte",
            "mura",
            "palazzo storico",
            "palazzi storici",
            "dimore storiche",
            "villa storica",
            "ville storiche",
            "archeolog*",
            "archaeolog*",
            "rovine",
            "ruins",
            "fontana",
            "fontane",
            "fountain*",
            "anfiteatro",
            "teatro romano",
            "arco",
            "lapide",
            "lapidi",
            "sacrari*",
            "memorial*",
        ],
    ),
    (
        Category::Accommodation,
        &[
            "alberg*",
            "hotel*",
            "b&b",
            "bed and breakfast",
            "agriturism*",
            "campegg*",
            "camping*",
            "affittacamer*",
            "strutture ricettive",
            "struttura ricettiva",
            "ricettiv*",
            "ostell*",
            "hostel*",
            "casa vacanze",
            "case vacanza",
            "case vacanze",
            "case per ferie",
            "residence",
            "accommodation*",
            "lodging*",
            "rifugi*",
            "alloggi*",
            "villaggio turistico",
            "villaggi turistici",
        ],
    ),
    (
        Category::Food,
        &[
            "ristorant*",
            "restaurant*",
            "trattori*",
            "osteri*",
            "pizzeri*",
            "bar",
            "bars",
            "caffe",
            "caffetteri*",
            "cafe",
            "enotec*",
            "gelateri*",
            "pasticceri*",
            "somministrazione",
            "food",
            "street food",
            "pub",
            "paninoteca",
            "tavola calda",
        ],
    ),
    (
        Category::Health,
        &[
            "farmaci*",
            "pharmac*",
            "ospedal*",
            "hospital*",
            "ambulator*",
            "poliambulator*",
            "clinic*",
            "pronto soccorso",
            "guardia medica",
            "sanit*",
            "asl",
            "consultori*",
            "defibrillator*",
            "health",
            "parafarmaci*",
        ],
    ),
    (
        Category::School,
        &[
            "scuol*",
            "school*",
            "istituto",
            "istituti",
            "istituto comprensivo",
            "liceo",
            "licei",
            "asilo",
            "asili",
            "nido",
            "nidi",
            "universit*",
            "ateneo",
            "college",
            "kindergarten",
        ],
    ),
    (
        Category::SportFacility,
        &[
            "impianti sportivi",
            "impianto sportivo",
            "sport",
            "sports",
            "sportiv*",
            "palestr*",
            "gym*",
            "piscin*",
            "swimming pool*",
            "stadi*",
            "stadium*",
            "campo sportivo",
            "campi sportivi",
            "palazzetto",
            "palasport",
            "tennis",
            "calcio",
            "bocciodromo",
            "golf",
            "maneggio",
        ],
    ),
    (
        Category::Transport,
        &[
            "stazion*",
            "station*",
            "fermat*",
            "bus stop*",
            "parchegg*",
            "parking*",
            "aeroport*",
            "airport*",
            "trasport*",
            "transport*",
            "bike sharing",
            "car sharing",
            "colonnin*",
            "ricarica",
            "taxi",
            "metro",
            "metropolitana",
            "autostazione",
            "capolinea",
            "autobus",
            "treni",
            "ferrovi*",
            "porto turistico",
            "approdo",
            "carburant*",
            "stazione di servizio",
            "stazioni di servizio",
            "area di servizio",
            "aree di servizio",
        ],
    ),
    (
        Category::PublicBuilding,
        &[
            "municipi*",
            "uffici pubblici",
            "ufficio pubblico",
            "uffici comunali",
            "ufficio comunale",
            "palazzo comunale",
            "sede comunale",
            "town hall",
            "city hall",
            "bibliotec*",
            "librar*",
            "urp",
            "anagrafe",
            "ufficio postale",
            "uffici postali",
            "poste",
            "caserm*",
            "carabinieri",
            "polizia",
            "questur*",
            "prefettur*",
            "tribunal*",
            "archivio",
            "archivi",
            "pubblica amministrazione",
            "public building*",
            "edifici pubblici",
            "edificio pubblico",
            "informagiovani",
        ],
    ),
    (
        Category::Event,
        &[
            "event*",
            "manifestazion*",
            "sagr*",
            "festival*",
            "concert*",
            "fiera",
            "fiere",
            "spettacol*",
            "rassegn*",
            "mostre",
            "mostra",
            "exhibition*",
        ],
    ),
];

/// Generic words: they give [`Category::Attraction`] only when nothing specific matches.
const ATTRACTION: &[&str] = &[
    "attrazion*",
    "attraction*",
    "punti di interesse",
    "punto di interesse",
    "punti d interesse",
    "punto d interesse",
    "poi",
    "turism*",
    "touris*",
    "turistic*",
    "luoghi di interesse",
    "luogo di interesse",
    "siti di interesse",
    "belvedere",
    "panoram*",
    "parco",
    "parchi",
    "park",
    "parks",
    "spiagg*",
    "beach*",
    "giardin*",
    "garden*",
    "riserva naturale",
    "sentier*",
    "trail*",
    "grott*",
    "cascat*",
    "naturalistic*",
    "da visitare",
    "sightseeing",
    "beni culturali",
    "cultural heritage",
    "teatr*",
    "theat*",
    "cinema*",
    "auditorium",
];

/// Position of the first match of any keyword in `words` (folded, space-padded text).
fn first_match(words: &str, keywords: &[&str]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for kw in keywords {
        let (stem, prefix) = match kw.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (*kw, false),
        };
        let mut from = 0;
        while let Some(pos) = words[from..].find(stem) {
            let at = from + pos;
            let before_ok = at > 0 && words.as_bytes()[at - 1] == b' ';
            let end = at + stem.len();
            let after_ok = prefix || words.as_bytes().get(end) == Some(&b' ');
            if before_ok && after_ok {
                best = Some(best.map_or(at, |b| b.min(at)));
                break;
            }
            from = at + 1;
        }
    }
    best
}

/// The category free text names, if any (see the module rules).
pub fn category_from_text(text: &str) -> Option<Category> {
    if let Some(c) = Category::parse(text) {
        return Some(c);
    }
    let words = fold_words(text);
    let mut best: Option<(usize, Category)> = None;
    for (category, keywords) in RULES {
        if let Some(pos) = first_match(&words, keywords)
            && best.is_none_or(|(b, _)| pos < b)
        {
            best = Some((pos, *category));
        }
    }
    if let Some((_, c)) = best {
        return Some(c);
    }
    first_match(&words, ATTRACTION).map(|_| Category::Attraction)
}

/// The endings a keyword's stem may take in a name: Italian and English inflections only.
const INFLECTIONS: &[&str] = &[
    "", "a", "e", "i", "o", "he", "hi", "s", "es", "um", "ums", "io", "ia", "ie", "ale", "ali",
];

/// Words that may come before the head noun of a place's name.
const NAME_LEADERS: &[&str] = &[
    "il", "lo", "la", "l", "i", "gli", "le", "the", "ex", "antico", "antica", "antichi", "antiche",
    "nuovo", "nuova", "vecchio", "vecchia", "grand", "grande", "piccolo", "piccola", "civico",
    "civica", "civici", "civiche", "storico", "storica", "old", "new",
];

/// Whether `keyword` names the head of `head` (folded words, starting with a space).
fn names_head(head: &str, keyword: &str) -> bool {
    match keyword.strip_suffix('*') {
        Some(stem) => {
            let first = head.trim_start().split(' ').next().unwrap_or_default();
            first
                .strip_prefix(stem)
                .is_some_and(|ending| INFLECTIONS.contains(&ending))
        }
        None => head
            .strip_prefix(' ')
            .and_then(|h| h.strip_prefix(keyword))
            .is_some_and(|rest| rest.starts_with(' ')),
    }
}

/// The category a place's own name gives, read strictly (see the module rules): `None` unless
/// its head noun is a keyword. Names never give [`Category::Attraction`].
pub fn category_from_name(name: &str) -> Option<Category> {
    let words = fold_words(name);
    let mut head = words.as_str();
    while let Some(first) = head.get(1..).and_then(|h| h.split(' ').next())
        && !first.is_empty()
        && NAME_LEADERS.contains(&first)
    {
        head = &head[1 + first.len()..];
    }
    RULES
        .iter()
        .find(|(_, keywords)| keywords.iter().any(|k| names_head(head, k)))
        .map(|(c, _)| *c)
}

/// The default category of a dataset: its title first (first keyword wins), then its tags (the
/// most specific category over all tags wins); `None` when nothing matches.
pub fn category_from_dataset(title: Option<&str>, tags: &[String]) -> Option<Category> {
    if let Some(c) = title.and_then(category_from_text)
        && c != Category::Attraction
    {
        return Some(c);
    }
    let mut generic = false;
    let specific = tags
        .iter()
        .filter_map(|t| category_from_text(t))
        .filter(|c| {
            generic |= *c == Category::Attraction;
            *c != Category::Attraction
        })
        .min_by_key(|c| Category::ALL.iter().position(|a| a == c));
    specific
        .or_else(|| title.and_then(category_from_text))
        .or(generic.then_some(Category::Attraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_italian_and_english_keywords() {
        let cases = [
            ("Musei", Category::Museum),
            ("Museum", Category::Museum),
            ("Chiesa parrocchiale", Category::Church),
            ("Santuario", Category::Church),
            ("Duomo", Category::Church),
            ("Castello", Category::Monument),
            ("Rocca", Category::Monument),
            ("Albergo", Category::Accommodation),
            ("B&B", Category::Accommodation),
            ("Strutture ricettive", Category::Accommodation),
            ("Agriturismo", Category::Accommodation),
            ("Ristorante", Category::Food),
            ("Bar", Category::Food),
            ("Impianti sportivi", Category::SportFacility),
            ("Piscina comunale", Category::SportFacility),
            ("Municipio", Category::PublicBuilding),
            ("Biblioteca civica", Category::PublicBuilding),
            ("Scuola primaria", Category::School),
            ("Farmacie", Category::Health),
            ("Ospedale", Category::Health),
            ("Stazione ferroviaria", Category::Transport),
            ("Parcheggi", Category::Transport),
            ("Eventi", Category::Event),
            ("event", Category::Event),
            ("Punti di interesse", Category::Attraction),
            ("turismo", Category::Attraction),
            ("sport_facility", Category::SportFacility),
        ];
        for (text, want) in cases {
            assert_eq!(category_from_text(text), Some(want), "{text}");
        }
    }

    #[test]
    fn whole_words_and_first_keyword_win() {
        assert_eq!(category_from_text("Barocco piemontese"), None);
        assert_eq!(category_from_text("Sportello unico"), None);
        assert_eq!(
            category_from_text("Parcheggio del castello"),
            Some(Category::Transport)
        );
        assert_eq!(
            category_from_text("Museo della torre"),
            Some(Category::Museum)
        );
        assert_eq!(
            category_from_text("Hotel Castello"),
            Some(Category::Accommodation)
        );
        // Generic tourism words lose to anything specific.
        assert_eq!(
            category_from_text("Turismo: chiese e santuari"),
            Some(Category::Church)
        );
        assert_eq!(
            category_from_text("Associazione di promozione sociale"),
            None
        );
    }

    #[test]
    fn names_count_by_their_head_noun_in_whole_words() {
        let cases = [
            ("Museo civico", Some(Category::Museum)),
            ("Civico Museo Archeologico", Some(Category::Museum)),
            ("Cappella del Suffragio", Some(Category::Church)),
            ("Chiesa di San Francesco", Some(Category::Church)),
            ("Torre civica", Some(Category::Monument)),
            ("La Rocca", Some(Category::Monument)),
            ("Hotel Castello", Some(Category::Accommodation)),
            ("B&B Le Rose", Some(Category::Accommodation)),
            ("Bed and Breakfast Sole", Some(Category::Accommodation)),
            ("Antica Farmacia", Some(Category::Health)),
            ("Piscina comunale", Some(Category::SportFacility)),
            // The fuel-station misfires: a surname, a locality, a surname.
            ("CAPPELLINI MARIO", None),
            ("C.DA MUSEBBI", None),
            ("DALLA TORRE GIUSEPPE", None),
            ("Distributore Dalla Torre", None),
            ("Bar Centrale", Some(Category::Food)),
            ("Barocco", None),
            ("Parco del Colle", None),
        ];
        for (name, want) in cases {
            assert_eq!(category_from_name(name), want, "{name}");
        }
    }

    #[test]
    fn fuel_stations_are_transport() {
        assert_eq!(
            category_from_text("Distributori di carburante"),
            Some(Category::Transport)
        );
        assert_eq!(
            category_from_dataset(Some("Anagrafica impianti"), &["carburanti".into()]),
            Some(Category::Transport)
        );
    }

    #[test]
    fn dataset_default() {
        let tags = vec![
            "turismo".to_string(),
            "musei".to_string(),
            "cultura".to_string(),
        ];
        assert_eq!(category_from_dataset(None, &tags), Some(Category::Museum));
        assert_eq!(
            category_from_dataset(Some("Farmacie del comune"), &tags),
            Some(Category::Health)
        );
        assert_eq!(
            category_from_dataset(Some("Punti di interesse"), &[]),
            Some(Category::Attraction)
        );
        assert_eq!(category_from_dataset(Some("Associazioni"), &[]), None);
    }
}
