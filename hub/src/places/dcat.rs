//! A comune's DCAT-AP_IT catalogue of its places dataset, written with the oxigraph crates
//! (`oxrdf` triples, `oxrdfxml` and `oxttl` serializers): a `dcatapit:Catalog` with one
//! `dcatapit:Dataset` (identifier, titles and descriptions in Italian and English, the comune
//! as publisher and rights holder with its ISTAT code, licence, EU data themes, keywords) and
//! one `dcatapit:Distribution`, the places JSON the apps sync from.

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{Literal, NamedNode, Triple};
use oxrdfxml::RdfXmlSerializer;
use oxttl::TurtleSerializer;

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCATAPIT: &str = "http://dati.gov.it/onto/dcatapit#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const THEME: &str = "http://publications.europa.eu/resource/authority/data-theme/";
const FREQUENCY: &str = "http://publications.europa.eu/resource/authority/frequency/";
const LANGUAGE: &str = "http://publications.europa.eu/resource/authority/language/";
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";

/// The licence of a comune's places dataset: CC BY 4.0, the reference licence of AgID's open
/// data guidelines.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
const LICENCE_NAME: &str = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)";
const LICENCE_TYPE: &str = "http://purl.org/adms/licencetype/Attribution";

/// What the catalogue says about one comune's places.
#[derive(Debug, Clone)]
pub struct CatalogInfo {
    /// Where the hub is reached (`https://hub.example.it`), without a trailing slash.
    pub base: String,
    /// The comune's ISTAT code.
    pub istat: String,
    /// The comune's name.
    pub comune: String,
    /// The day the places last changed (`YYYY-MM-DD`).
    pub modified: String,
    /// How many places it holds.
    pub places: usize,
    /// The categories among them (keywords).
    pub categories: Vec<String>,
}

/// An RDF syntax of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// RDF/XML (`application/rdf+xml`).
    RdfXml,
    /// Turtle (`text/turtle`).
    Turtle,
}

/// Why a catalogue could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DcatError {
    /// An IRI built from the hub's address is not one.
    #[error("not an IRI: {0}")]
    Iri(#[from] oxrdf::IriParseError),
    /// A language tag is not one.
    #[error("not a language tag: {0}")]
    Language(#[from] oxrdf::LanguageTagParseError),
    /// The serializer failed.
    #[error("cannot write RDF: {0}")]
    Write(#[from] std::io::Error),
}

/// The URL of a comune's places JSON on the hub at `base`.
pub fn places_url(base: &str, istat: &str) -> String {
    format!("{base}/api/v1/comuni/{istat}/places")
}

fn iri(s: impl Into<String>) -> Result<NamedNode, DcatError> {
    Ok(NamedNode::new(s)?)
}

struct Graph(Vec<Triple>);

impl Graph {
    fn add(&mut self, s: &NamedNode, p: &str, o: impl Into<oxrdf::Term>) -> Result<(), DcatError> {
        self.0.push(Triple::new(s.clone(), iri(p)?, o));
        Ok(())
    }

    fn a(&mut self, s: &NamedNode, types: &[String]) -> Result<(), DcatError> {
        for t in types {
            self.0
                .push(Triple::new(s.clone(), rdf::TYPE, iri(t.as_str())?));
        }
        Ok(())
    }
}

fn lang(text: &str, tag: &str) -> Result<Literal, DcatError> {
    Ok(Literal::new_language_tagged_literal(text, tag)?)
}

/// The catalogue's triples.
pub fn triples(c: &CatalogInfo) -> Result<Vec<Triple>, DcatError> {
    let dct = |l: &str| format!("{DCT}{l}");
    let dcat = |l: &str| format!("{DCAT}{l}");
    let root = format!("{}/api/v1/comuni/{}", c.base, c.istat);
    let catalog = iri(format!("{root}/catalog"))?;
    let dataset = iri(format!("{root}/datasets/places"))?;
    let distribution = iri(format!("{root}/datasets/places/json"))?;
    let agent = iri(format!("{root}#comune"))?;
    let licence = iri(LICENCE_URL)?;
    let places = iri(places_url(&c.base, &c.istat))?;
    let modified = Literal::new_typed_literal(c.modified.as_str(), xsd::DATE);
    let italian = iri(format!("{LANGUAGE}ITA"))?;
    let owner = format!("Comune di {}", c.comune);
    let mut g = Graph(Vec::new());

    g.a(
        &agent,
        &[format!("{DCATAPIT}Agent"), format!("{FOAF}Agent")],
    )?;
    g.add(
        &agent,
        &dct("identifier"),
        Literal::new_simple_literal(&c.istat),
    )?;
    g.add(
        &agent,
        &format!("{FOAF}name"),
        Literal::new_simple_literal(&owner),
    )?;

    g.a(&catalog, &[format!("{DCATAPIT}Catalog"), dcat("Catalog")])?;
    g.add(
        &catalog,
        &dct("title"),
        lang(&format!("Dati aperti del {owner}"), "it")?,
    )?;
    g.add(
        &catalog,
        &dct("description"),
        lang(
            &format!("I dati del {owner} pubblicati dall'aggregazione con Campanile."),
            "it",
        )?,
    )?;
    g.add(&catalog, &dct("publisher"), agent.clone())?;
    g.add(&catalog, &dct("modified"), modified.clone())?;
    g.add(&catalog, &dct("language"), italian.clone())?;
    g.add(
        &catalog,
        &format!("{FOAF}homepage"),
        iri(format!("{}/docs", c.base))?,
    )?;
    g.add(
        &catalog,
        &dcat("themeTaxonomy"),
        iri("http://publications.europa.eu/resource/authority/data-theme")?,
    )?;
    g.add(&catalog, &dcat("dataset"), dataset.clone())?;

    g.a(&dataset, &[format!("{DCATAPIT}Dataset"), dcat("Dataset")])?;
    g.add(
        &dataset,
        &dct("identifier"),
        Literal::new_simple_literal(super::dataset_id(&c.istat)),
    )?;
    g.add(
        &dataset,
        &dct("title"),
        lang(&format!("Luoghi di {}", c.comune), "it")?,
    )?;
    g.add(
        &dataset,
        &dct("title"),
        lang(&format!("Places of {}", c.comune), "en")?,
    )?;
    g.add(
        &dataset,
        &dct("description"),
        lang(
            &format!(
                "I {} luoghi di interesse curati dal {owner}: nome, categoria, coordinate, indirizzo, descrizioni, orari, contatti e accessibilità.",
                c.places
            ),
            "it",
        )?,
    )?;
    g.add(
        &dataset,
        &dct("description"),
        lang(
            &format!(
                "The {} places of interest curated by the {owner}: name, category, coordinates, address, descriptions, opening hours, contacts and accessibility.",
                c.places
            ),
            "en",
        )?,
    )?;
    g.add(&dataset, &dct("publisher"), agent.clone())?;
    g.add(&dataset, &dct("rightsHolder"), agent.clone())?;
    g.add(&dataset, &dct("modified"), modified.clone())?;
    g.add(&dataset, &dct("language"), italian)?;
    g.add(
        &dataset,
        &dct("accrualPeriodicity"),
        iri(format!("{FREQUENCY}IRREG"))?,
    )?;
    for theme in ["EDUC", "REGI"] {
        g.add(&dataset, &dcat("theme"), iri(format!("{THEME}{theme}"))?)?;
    }
    for k in ["luoghi", "punti di interesse", "turismo"]
        .iter()
        .map(|k| (*k).to_string())
        .chain(c.categories.iter().cloned())
    {
        g.add(&dataset, &dcat("keyword"), lang(&k, "it")?)?;
    }
    g.add(&dataset, &dct("license"), licence.clone())?;
    g.add(&dataset, &dcat("landingPage"), places.clone())?;
    g.add(&dataset, &dcat("distribution"), distribution.clone())?;

    g.a(
        &distribution,
        &[format!("{DCATAPIT}Distribution"), dcat("Distribution")],
    )?;
    g.add(
        &distribution,
        &dct("title"),
        lang(&format!("Luoghi di {} (JSON)", c.comune), "it")?,
    )?;
    g.add(
        &distribution,
        &dct("format"),
        iri(format!("{FILE_TYPE}JSON"))?,
    )?;
    g.add(
        &distribution,
        &dcat("mediaType"),
        iri("http://www.iana.org/assignments/media-types/application/json")?,
    )?;
    g.add(&distribution, &dcat("accessURL"), places.clone())?;
    g.add(&distribution, &dcat("downloadURL"), places)?;
    g.add(&distribution, &dct("license"), licence.clone())?;
    g.add(&distribution, &dct("modified"), modified)?;

    g.a(
        &licence,
        &[
            format!("{DCATAPIT}LicenseDocument"),
            format!("{DCT}LicenseDocument"),
        ],
    )?;
    g.add(&licence, &dct("type"), iri(LICENCE_TYPE)?)?;
    g.add(&licence, &format!("{FOAF}name"), lang(LICENCE_NAME, "it")?)?;

    // The classes of the resources named above, as DCAT-AP's range shapes check them (SEMIC's
    // shapes need them in the graph when the controlled vocabularies are not loaded beside it).
    let typed: [(String, &str); 11] = [
        (LICENCE_TYPE.into(), "skos:Concept"),
        (format!("{THEME}EDUC"), "skos:Concept"),
        (format!("{THEME}REGI"), "skos:Concept"),
        (
            "http://publications.europa.eu/resource/authority/data-theme".into(),
            "skos:ConceptScheme",
        ),
        (format!("{LANGUAGE}ITA"), "dct:LinguisticSystem"),
        (format!("{FREQUENCY}IRREG"), "dct:Frequency"),
        (format!("{FILE_TYPE}JSON"), "dct:MediaTypeOrExtent"),
        (
            "http://www.iana.org/assignments/media-types/application/json".into(),
            "dct:MediaType",
        ),
        (format!("{}/docs", c.base), "foaf:Document"),
        (places_url(&c.base, &c.istat), "foaf:Document"),
        (places_url(&c.base, &c.istat), "rdfs:Resource"),
    ];
    for (node, class) in typed {
        let class = match class.split_once(':') {
            Some(("skos", l)) => format!("{SKOS}{l}"),
            Some(("dct", l)) => format!("{DCT}{l}"),
            Some(("foaf", l)) => format!("{FOAF}{l}"),
            Some((_, l)) => format!("{RDFS}{l}"),
            None => class.to_string(),
        };
        g.a(&iri(node)?, &[class])?;
    }
    // A concept has its label, a scheme its title (DCAT-AP's shapes for them).
    let pref = format!("{SKOS}prefLabel");
    for (node, it, en) in [
        (
            format!("{THEME}EDUC"),
            "Istruzione, cultura e sport",
            "Education, culture and sport",
        ),
        (
            format!("{THEME}REGI"),
            "Regioni e città",
            "Regions and cities",
        ),
        (LICENCE_TYPE.to_string(), "Attribuzione", "Attribution"),
    ] {
        let n = iri(node)?;
        g.add(&n, &pref, lang(it, "it")?)?;
        g.add(&n, &pref, lang(en, "en")?)?;
    }
    let scheme = iri("http://publications.europa.eu/resource/authority/data-theme")?;
    g.add(&scheme, &dct("title"), lang("Temi dei dati", "it")?)?;
    g.add(&scheme, &dct("title"), lang("Data theme", "en")?)?;
    Ok(g.0)
}

const PREFIXES: [(&str, &str); 5] = [
    ("dcat", DCAT),
    ("dcatapit", DCATAPIT),
    ("dct", DCT),
    ("foaf", FOAF),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The catalogue in `syntax`.
pub fn write(c: &CatalogInfo, syntax: Syntax) -> Result<Vec<u8>, DcatError> {
    let triples = triples(c)?;
    match syntax {
        Syntax::Turtle => {
            let mut s = TurtleSerializer::new();
            for (p, i) in PREFIXES {
                s = s.with_prefix(p, i)?;
            }
            let mut w = s.for_writer(Vec::new());
            for t in &triples {
                w.serialize_triple(t)?;
            }
            Ok(w.finish()?)
        }
        Syntax::RdfXml => {
            let mut s = RdfXmlSerializer::new();
            for (p, i) in PREFIXES {
                s = s.with_prefix(p, i)?;
            }
            let mut w = s.for_writer(Vec::new());
            for t in &triples {
                w.serialize_triple(t)?;
            }
            Ok(w.finish()?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use campanile_core::opendata::harvest::{DcatFormat, read_dcat};

    #[test]
    fn both_syntaxes_read_back_by_the_cores_reader() {
        let c = CatalogInfo {
            base: "http://127.0.0.1:8480".into(),
            istat: "044007".into(),
            comune: "Ascoli Piceno".into(),
            modified: "2026-03-02".into(),
            places: 2,
            categories: vec!["museum".into()],
        };
        for (syntax, format) in [
            (Syntax::Turtle, DcatFormat::Turtle),
            (Syntax::RdfXml, DcatFormat::RdfXml),
        ] {
            let bytes = write(&c, syntax).unwrap();
            let ps = read_dcat(&bytes, format, "http://127.0.0.1:8480/x").unwrap();
            assert_eq!(ps.len(), 1, "{}", String::from_utf8_lossy(&bytes));
            assert_eq!(ps[0].id, "044007:places");
            assert_eq!(ps[0].organization.as_deref(), Some("044007"));
            assert_eq!(ps[0].resources.len(), 1);
            assert_eq!(
                ps[0].resources[0].url,
                "http://127.0.0.1:8480/api/v1/comuni/044007/places"
            );
        }
    }
}
