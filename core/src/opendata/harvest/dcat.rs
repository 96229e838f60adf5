//! DCAT-AP_IT catalogues in RDF (Turtle, RDF/XML, N-Triples, JSON-LD): their `dcat:Dataset`s
//! (also `dcatapit:Dataset`) and `dcat:distribution`s as [`Package`]s and [`Resource`]s.
//!
//! JSON-LD is read with its `@context` inline (as CKAN's DCAT endpoints write it); a context
//! given only by URL cannot be fetched while parsing and is reported as an error naming it.

use std::collections::{HashMap, HashSet};

use oxrdf::{NamedOrBlankNode, Term, Triple};
use url::Url;

use super::{HarvestError, Package, Resource};

/// An RDF syntax a catalogue may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DcatFormat {
    /// Turtle (`.ttl`).
    Turtle,
    /// RDF/XML (`.rdf`, `.xml`).
    RdfXml,
    /// N-Triples (`.nt`).
    NTriples,
    /// JSON-LD (`.jsonld`).
    JsonLd,
}

impl DcatFormat {
    /// From a `Content-Type` (parameters ignored); `None` for anything not RDF.
    pub fn from_content_type(content_type: &str) -> Option<DcatFormat> {
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match mime.as_str() {
            "text/turtle" | "application/x-turtle" | "application/turtle" => {
                Some(DcatFormat::Turtle)
            }
            "application/rdf+xml" => Some(DcatFormat::RdfXml),
            "application/n-triples" => Some(DcatFormat::NTriples),
            "application/ld+json" => Some(DcatFormat::JsonLd),
            _ => None,
        }
    }

    /// From the extension of a URL's path (`.ttl`, `.rdf`, `.xml`, `.owl`, `.nt`).
    pub fn from_url(url: &Url) -> Option<DcatFormat> {
        let path = url.path().to_ascii_lowercase();
        let ext = path.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "ttl" | "turtle" => Some(DcatFormat::Turtle),
            "rdf" | "xml" | "owl" => Some(DcatFormat::RdfXml),
            "nt" => Some(DcatFormat::NTriples),
            "jsonld" | "json-ld" => Some(DcatFormat::JsonLd),
            _ => None,
        }
    }

    /// A guess from the first bytes: XML → RDF/XML, a JSON object or array → JSON-LD, else
    /// Turtle.
    pub fn sniff(bytes: &[u8]) -> DcatFormat {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
            .unwrap_or(0);
        let rest = &bytes[start..];
        if rest.starts_with(b"<?xml") || rest.starts_with(b"<rdf:RDF") {
            DcatFormat::RdfXml
        } else if rest.starts_with(b"{") || rest.starts_with(b"[") {
            DcatFormat::JsonLd
        } else {
            DcatFormat::Turtle
        }
    }
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_VALUE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCATAPIT: &str = "http://dati.gov.it/onto/dcatapit#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF_NAME: &str = "http://xmlns.com/foaf/0.1/name";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Node {
    Iri(String),
    Blank(String),
}

impl Node {
    fn label(&self) -> String {
        match self {
            Node::Iri(i) => i.clone(),
            Node::Blank(b) => format!("_:{b}"),
        }
    }
}

#[derive(Debug, Clone)]
enum Value {
    Node(Node),
    Literal { value: String, lang: Option<String> },
}

fn subject_node(s: &NamedOrBlankNode) -> Node {
    match s {
        NamedOrBlankNode::NamedNode(n) => Node::Iri(n.as_str().to_string()),
        NamedOrBlankNode::BlankNode(b) => Node::Blank(b.as_str().to_string()),
    }
}

fn object_value(t: &Term) -> Option<Value> {
    match t {
        Term::NamedNode(n) => Some(Value::Node(Node::Iri(n.as_str().to_string()))),
        Term::BlankNode(b) => Some(Value::Node(Node::Blank(b.as_str().to_string()))),
        Term::Literal(l) => Some(Value::Literal {
            value: l.value().to_string(),
            lang: l.language().map(str::to_ascii_lowercase),
        }),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// Triples indexed by subject, in document order.
#[derive(Debug, Default)]
struct Graph {
    props: HashMap<Node, Vec<(String, Value)>>,
    order: Vec<Node>,
}

impl Graph {
    fn add(&mut self, t: Triple) {
        let s = subject_node(&t.subject);
        let Some(o) = object_value(&t.object) else {
            return;
        };
        let entry = self.props.entry(s.clone()).or_insert_with(|| {
            self.order.push(s);
            Vec::new()
        });
        entry.push((t.predicate.as_str().to_string(), o));
    }

    fn values(&self, s: &Node, p: &str) -> std::vec::IntoIter<&Value> {
        self.props
            .get(s)
            .into_iter()
            .flatten()
            .filter(|(pp, _)| pp == p)
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn nodes(&self, s: &Node, p: &str) -> std::vec::IntoIter<&Node> {
        self.values(s, p)
            .filter_map(|v| match v {
                Value::Node(n) => Some(n),
                Value::Literal { .. } => None,
            })
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Non-empty literals of `p`, those in Italian first, then untagged, then the others.
    fn literals(&self, s: &Node, p: &str) -> Vec<String> {
        let mut lits: Vec<(u8, String)> = self
            .values(s, p)
            .filter_map(|v| match v {
                Value::Literal { value, lang } if !value.trim().is_empty() => {
                    let rank = match lang.as_deref() {
                        Some(l) if l == "it" || l.starts_with("it-") => 0,
                        None => 1,
                        Some(_) => 2,
                    };
                    Some((rank, value.trim().to_string()))
                }
                _ => None,
            })
            .collect();
        lits.sort_by_key(|(rank, _)| *rank);
        lits.into_iter().map(|(_, v)| v).collect()
    }

    fn literal(&self, s: &Node, p: &str) -> Option<String> {
        self.literals(s, p).into_iter().next()
    }

    /// A literal, or the IRI of a node.
    fn text_or_iri(&self, s: &Node, p: &str) -> Option<String> {
        self.literal(s, p).or_else(|| {
            self.nodes(s, p).find_map(|n| match n {
                Node::Iri(i) => Some(i.clone()),
                Node::Blank(_) => None,
            })
        })
    }

    fn has_type(&self, s: &Node, types: &[&str]) -> bool {
        self.nodes(s, RDF_TYPE)
            .any(|n| matches!(n, Node::Iri(i) if types.contains(&i.as_str())))
    }
}

fn last_segment(iri: &str) -> String {
    let trimmed = iri.trim_end_matches(['/', '#']);
    trimmed
        .rsplit(['/', '#'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(trimmed)
        .to_string()
}

/// 0-based byte `offset` → 1-based line and column (in characters).
fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    (line, column)
}

fn parse_triples(bytes: &[u8], format: DcatFormat, base: &str) -> Result<Graph, HarvestError> {
    let rdf_error = |line: u64, column: u64, detail: String| HarvestError::Rdf {
        url: base.to_string(),
        line,
        column,
        detail,
    };
    let bad_base = |e: oxrdf::IriParseError| HarvestError::InvalidUrl {
        url: base.to_string(),
        detail: e.to_string(),
    };
    let mut graph = Graph::default();
    match format {
        DcatFormat::Turtle | DcatFormat::NTriples => {
            let results: Box<dyn Iterator<Item = Result<Triple, oxttl::TurtleSyntaxError>>> =
                if format == DcatFormat::Turtle {
                    Box::new(
                        oxttl::TurtleParser::new()
                            .with_base_iri(base)
                            .map_err(bad_base)?
                            .for_slice(bytes),
                    )
                } else {
                    Box::new(oxttl::NTriplesParser::new().for_slice(bytes))
                };
            for t in results {
                match t {
                    Ok(t) => graph.add(t),
                    Err(e) => {
                        let at = e.location().start;
                        return Err(rdf_error(
                            at.line + 1,
                            at.column + 1,
                            e.message().to_string(),
                        ));
                    }
                }
            }
        }
        DcatFormat::JsonLd => {
            let parser = oxjsonld::JsonLdParser::new()
                .with_base_iri(base)
                .map_err(bad_base)?
                .for_slice(bytes)
                .with_load_document_callback(|url, _| {
                    Err(format!(
                        "the JSON-LD context {url} is given by URL only; it cannot be fetched \
                         while the catalogue is read (write the context inline)"
                    )
                    .into())
                });
            for q in parser {
                match q {
                    // Every graph of the document: a catalogue may sit in a named one.
                    Ok(q) => graph.add(Triple::new(q.subject, q.predicate, q.object)),
                    Err(e) => {
                        let (line, column) = e
                            .location()
                            .map_or((0, 0), |r| (r.start.line + 1, r.start.column + 1));
                        return Err(rdf_error(line, column, e.to_string()));
                    }
                }
            }
        }
        DcatFormat::RdfXml => {
            let mut parser = oxrdfxml::RdfXmlParser::new()
                .with_base_iri(base)
                .map_err(bad_base)?
                .for_slice(bytes);
            while let Some(t) = parser.next() {
                match t {
                    Ok(t) => graph.add(t),
                    Err(e) => {
                        let (line, column) = line_column(bytes, parser.buffer_position() as usize);
                        return Err(rdf_error(line, column, e.to_string()));
                    }
                }
            }
        }
    }
    Ok(graph)
}

/// The datasets of a DCAT(-AP_IT) catalogue, in document order. `base` is the document's URL
/// (relative IRIs resolve against it; errors name it).
pub fn read_dcat(
    bytes: &[u8],
    format: DcatFormat,
    base: &str,
) -> Result<Vec<Package>, HarvestError> {
    Ok(read_dcat_page(bytes, format, base)?.packages)
}

/// One page of a catalogue: its datasets and the `hydra:nextPage` it names, if any (CKAN's
/// DCAT endpoints such as `/catalog.ttl` are paged that way).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DcatPage {
    /// The page's datasets.
    pub packages: Vec<Package>,
    /// The next page's URL, when the catalogue is paged.
    pub next_page: Option<String>,
}

const HYDRA_NEXT_PAGE: &str = "http://www.w3.org/ns/hydra/core#nextPage";

/// [`read_dcat`], plus the next page.
pub fn read_dcat_page(
    bytes: &[u8],
    format: DcatFormat,
    base: &str,
) -> Result<DcatPage, HarvestError> {
    let graph = parse_triples(bytes, format, base)?;
    let next_page = graph
        .order
        .iter()
        .find_map(|s| graph.text_or_iri(s, HYDRA_NEXT_PAGE))
        .and_then(|next| Url::parse(base).ok()?.join(&next).ok())
        .map(|u| u.to_string())
        .filter(|u| u != base);
    let dataset_types = [format!("{DCAT}Dataset"), format!("{DCATAPIT}Dataset")];
    let dataset_types: Vec<&str> = dataset_types.iter().map(String::as_str).collect();
    let dcat_dataset = format!("{DCAT}dataset");
    let mut seen = HashSet::new();
    let mut datasets = Vec::new();
    for s in &graph.order {
        if graph.has_type(s, &dataset_types) && seen.insert(s.clone()) {
            datasets.push(s.clone());
        }
    }
    // Datasets a catalogue links to without typing them.
    for s in &graph.order {
        for d in graph.nodes(s, &dcat_dataset) {
            if graph.props.contains_key(d) && seen.insert(d.clone()) {
                datasets.push(d.clone());
            }
        }
    }
    Ok(DcatPage {
        packages: datasets.iter().map(|d| package(&graph, d)).collect(),
        next_page,
    })
}

fn package(g: &Graph, d: &Node) -> Package {
    let p = |local: &str| format!("{DCT}{local}");
    // Blank node labels change from one parse to the next: never use them as ids when anything
    // stabler is there.
    let id = g
        .literal(d, &p("identifier"))
        .or_else(|| match d {
            Node::Iri(i) => Some(i.clone()),
            Node::Blank(_) => g.literal(d, &p("title")),
        })
        .unwrap_or_else(|| d.label());
    let name = match d {
        Node::Iri(iri) => last_segment(iri),
        Node::Blank(_) => id.clone(),
    };
    let mut keywords = Vec::new();
    for k in g.literals(d, &format!("{DCAT}keyword")) {
        if !keywords.contains(&k) {
            keywords.push(k);
        }
    }
    let themes = g
        .values(d, &format!("{DCAT}theme"))
        .filter_map(|v| match v {
            Value::Node(Node::Iri(i)) => Some(last_segment(i)),
            Value::Literal { value, .. } if !value.trim().is_empty() => {
                Some(value.trim().to_string())
            }
            _ => None,
        })
        .collect();
    let publisher = g.nodes(d, &p("publisher")).next();
    let (organization, organization_title) = match publisher {
        Some(n) => {
            let title = g.literal(n, FOAF_NAME);
            let org = g.literal(n, &p("identifier")).or_else(|| match n {
                Node::Iri(i) => Some(last_segment(i)),
                Node::Blank(_) => None,
            });
            (org, title)
        }
        None => (None, g.literal(d, &p("publisher"))),
    };
    let license = g.nodes(d, &p("license")).next();
    let license_url = license.and_then(|n| match n {
        Node::Iri(i) => Some(i.clone()),
        Node::Blank(_) => None,
    });
    let license_title = license.and_then(|n| {
        g.literal(n, FOAF_NAME)
            .or_else(|| g.literal(n, &p("title")))
    });
    let license_id = license
        .and_then(|n| g.literal(n, &p("identifier")))
        .or_else(|| license_url.clone())
        .or_else(|| g.literal(d, &p("license")));
    let mut resources = Vec::new();
    for dist in g.nodes(d, &format!("{DCAT}distribution")) {
        match resource(g, dist) {
            Some(r) => resources.push(r),
            None => tracing::warn!(
                dataset = %id,
                distribution = %dist.label(),
                "distribution without downloadURL nor accessURL, skipped"
            ),
        }
    }
    Package {
        id,
        name,
        title: g.literal(d, &p("title")),
        notes: g.literal(d, &p("description")),
        organization,
        organization_title,
        tags: keywords,
        groups: themes,
        license_id,
        license_title,
        license_url,
        metadata_modified: g.literal(d, &p("modified")),
        resources,
    }
}

fn resource(g: &Graph, dist: &Node) -> Option<Resource> {
    let p = |local: &str| format!("{DCT}{local}");
    let url = g
        .text_or_iri(dist, &format!("{DCAT}downloadURL"))
        .or_else(|| g.text_or_iri(dist, &format!("{DCAT}accessURL")))?;
    let format = g.values(dist, &p("format")).find_map(|v| match v {
        Value::Node(n @ Node::Blank(_)) => g
            .literal(n, RDF_VALUE)
            .or_else(|| g.literal(n, SKOS_PREF_LABEL))
            .or_else(|| g.literal(n, &p("identifier"))),
        Value::Node(Node::Iri(i)) => Some(last_segment(i)),
        Value::Literal { value, .. } if !value.trim().is_empty() => Some(value.trim().to_string()),
        Value::Literal { .. } => None,
    });
    let mimetype =
        g.text_or_iri(dist, &format!("{DCAT}mediaType"))
            .map(|m| match m.find("/media-types/") {
                Some(i) => m[i + "/media-types/".len()..].to_string(),
                None => m,
            });
    Some(Resource {
        id: g
            .literal(dist, &p("identifier"))
            .or_else(|| match dist {
                Node::Iri(i) => Some(i.clone()),
                Node::Blank(_) => None,
            })
            .unwrap_or_else(|| url.clone()),
        url,
        name: g.literal(dist, &p("title")),
        format,
        mimetype,
        last_modified: g.literal(dist, &p("modified")),
        size: g
            .literal(dist, &format!("{DCAT}byteSize"))
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| *s >= 0.0)
            .map(|s| s as u64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: &str = r#"
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcatapit: <http://dati.gov.it/onto/dcatapit#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

<cat> a dcat:Catalog ; dcat:dataset <ds/musei>, _:teatri .
<ds/musei> a dcatapit:Dataset, dcat:Dataset ;
  dct:identifier "c_x:musei" ;
  dct:title "Museums"@en, "Musei"@it ;
  dct:description "I musei del comune" ;
  dcat:keyword "cultura", "musei", "cultura" ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/EDUC> ;
  dct:publisher [ dct:identifier "c_x" ; foaf:name "Comune di X" ] ;
  dct:license <https://creativecommons.org/licenses/by/4.0/> ;
  dct:modified "2024-05-06"^^<http://www.w3.org/2001/XMLSchema#date> ;
  dcat:distribution <ds/musei/csv>, [ dcat:accessURL <http://x.it/musei.json> ; dct:format "JSON" ] ,
     [ dct:title "nessun URL" ] .
<ds/musei/csv> dcat:downloadURL <http://x.it/musei.csv> ; dcat:accessURL <http://x.it/pagina> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
  dcat:mediaType <http://www.iana.org/assignments/media-types/text/csv> ;
  dct:title "Musei CSV" ; dcat:byteSize "2048" .
_:teatri dct:title "Teatri" .
"#;

    #[test]
    fn turtle_datasets_and_distributions() {
        let ps = read_dcat(
            TTL.as_bytes(),
            DcatFormat::Turtle,
            "http://x.it/catalog.ttl",
        )
        .unwrap();
        assert_eq!(ps.len(), 2);
        let m = &ps[0];
        assert_eq!(m.id, "c_x:musei");
        assert_eq!(m.name, "musei");
        assert_eq!(m.title.as_deref(), Some("Musei"));
        assert_eq!(m.tags, ["cultura", "musei"]);
        assert_eq!(m.groups, ["EDUC"]);
        assert_eq!(m.organization.as_deref(), Some("c_x"));
        assert_eq!(m.organization_title.as_deref(), Some("Comune di X"));
        assert_eq!(m.metadata_modified.as_deref(), Some("2024-05-06"));
        assert_eq!(
            m.license_url.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        assert_eq!(m.resources.len(), 2);
        let csv = &m.resources[0];
        assert_eq!(csv.url, "http://x.it/musei.csv");
        assert_eq!(csv.id, "http://x.it/ds/musei/csv");
        assert_eq!(csv.format.as_deref(), Some("CSV"));
        assert_eq!(csv.mimetype.as_deref(), Some("text/csv"));
        assert_eq!(csv.size, Some(2048));
        assert_eq!(m.resources[1].url, "http://x.it/musei.json");
        assert_eq!(
            m.resources[1].id, "http://x.it/musei.json",
            "blank node: the URL"
        );
        assert_eq!(m.resources[1].format.as_deref(), Some("JSON"));
        assert_eq!(ps[1].title.as_deref(), Some("Teatri"));
        assert_eq!(
            ps[1].id, "Teatri",
            "blank node without identifier: the title"
        );
    }

    /// The catalogue of `TTL` as CKAN's DCAT endpoint writes it in JSON-LD: an inline
    /// `@context` of prefixes and a `@graph`.
    const JSONLD: &str = r#"{
  "@context": {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#"
  },
  "@graph": [
    {"@id": "cat", "@type": "dcat:Catalog", "dcat:dataset": [{"@id": "ds/musei"}, {"@id": "_:teatri"}]},
    {"@id": "ds/musei", "@type": ["dcatapit:Dataset", "dcat:Dataset"],
     "dct:identifier": "c_x:musei",
     "dct:title": [{"@value": "Museums", "@language": "en"}, {"@value": "Musei", "@language": "it"}],
     "dct:description": "I musei del comune",
     "dcat:keyword": ["cultura", "musei", "cultura"],
     "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/EDUC"},
     "dct:publisher": {"dct:identifier": "c_x", "foaf:name": "Comune di X"},
     "dct:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
     "dct:modified": {"@value": "2024-05-06", "@type": "xsd:date"},
     "dcat:distribution": [
       {"@id": "ds/musei/csv"},
       {"dcat:accessURL": {"@id": "http://x.it/musei.json"}, "dct:format": "JSON"},
       {"dct:title": "nessun URL"}
     ]},
    {"@id": "ds/musei/csv", "dcat:downloadURL": {"@id": "http://x.it/musei.csv"},
     "dcat:accessURL": {"@id": "http://x.it/pagina"},
     "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/CSV"},
     "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/text/csv"},
     "dct:title": "Musei CSV", "dcat:byteSize": "2048"},
    {"@id": "_:teatri", "dct:title": "Teatri"}
  ]
}"#;

    #[test]
    fn json_ld_reads_like_turtle() {
        let base = "http://x.it/catalog.jsonld";
        assert_eq!(DcatFormat::sniff(JSONLD.as_bytes()), DcatFormat::JsonLd);
        assert_eq!(
            DcatFormat::from_url(&Url::parse(base).unwrap()),
            Some(DcatFormat::JsonLd)
        );
        assert_eq!(
            DcatFormat::from_content_type("application/ld+json; charset=utf-8"),
            Some(DcatFormat::JsonLd)
        );
        let from_json = read_dcat(JSONLD.as_bytes(), DcatFormat::JsonLd, base).unwrap();
        let from_ttl = read_dcat(TTL.as_bytes(), DcatFormat::Turtle, base).unwrap();
        assert_eq!(from_json.len(), 2);
        // Blank nodes are named by each parser: compare what does not depend on their labels.
        let view = |ps: &[Package]| {
            ps.iter()
                .map(|p| {
                    (
                        p.title.clone(),
                        p.tags.clone(),
                        p.groups.clone(),
                        p.organization_title.clone(),
                        p.metadata_modified.clone(),
                        p.license_url.clone(),
                        p.resources
                            .iter()
                            .map(|r| (r.url.clone(), r.format.clone(), r.size))
                            .collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&from_json), view(&from_ttl));
        assert_eq!(from_json[0].id, "c_x:musei");
    }

    #[test]
    fn json_ld_errors_say_what() {
        let e = read_dcat(
            b"{\"@graph\": [",
            DcatFormat::JsonLd,
            "http://x.it/c.jsonld",
        )
        .unwrap_err();
        assert!(matches!(e, HarvestError::Rdf { .. }), "{e}");
        // A context only by URL cannot be fetched offline: an error, naming it.
        let remote = r#"{"@context": "https://example.org/dcat-ap.jsonld", "@id": "x", "@type": "dcat:Dataset"}"#;
        let e = read_dcat(
            remote.as_bytes(),
            DcatFormat::JsonLd,
            "http://x.it/c.jsonld",
        )
        .unwrap_err();
        assert!(e.to_string().contains("example.org/dcat-ap.jsonld"), "{e}");
    }

    #[test]
    fn hydra_next_page_is_found() {
        let ttl = format!(
            "{TTL}\n<http://x.it/catalog.ttl?page=1> a <http://www.w3.org/ns/hydra/core#PagedCollection> ;\n  <http://www.w3.org/ns/hydra/core#nextPage> \"http://x.it/catalog.ttl?page=2\" ."
        );
        let page = read_dcat_page(
            ttl.as_bytes(),
            DcatFormat::Turtle,
            "http://x.it/catalog.ttl",
        )
        .unwrap();
        assert_eq!(page.packages.len(), 2);
        assert_eq!(
            page.next_page.as_deref(),
            Some("http://x.it/catalog.ttl?page=2")
        );
        let page = read_dcat_page(
            TTL.as_bytes(),
            DcatFormat::Turtle,
            "http://x.it/catalog.ttl",
        )
        .unwrap();
        assert_eq!(page.next_page, None);
    }

    #[test]
    fn turtle_syntax_error_says_where() {
        let bad =
            "@prefix dct: <http://purl.org/dc/terms/> .\n<a> dct:title \"x\" ;\n  dct:oops .\n";
        let e = read_dcat(bad.as_bytes(), DcatFormat::Turtle, "http://x.it/c.ttl").unwrap_err();
        match e {
            HarvestError::Rdf { line, .. } => assert_eq!(line, 3, "{e}"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn rdfxml_syntax_error_says_where() {
        let bad = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <rdf:Description rdf:about=\"http://x\">\n</rdf:RDF>\n";
        let e = read_dcat(bad.as_bytes(), DcatFormat::RdfXml, "http://x.it/c.rdf").unwrap_err();
        assert!(matches!(e, HarvestError::Rdf { line: 3.., .. }), "{e}");
        assert!(!e.is_network());
    }

    #[test]
    fn formats_from_urls_types_and_bytes() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            DcatFormat::from_url(&u("http://x/catalog.ttl")),
            Some(DcatFormat::Turtle)
        );
        assert_eq!(
            DcatFormat::from_url(&u("http://x/catalog.rdf?page=2")),
            Some(DcatFormat::RdfXml)
        );
        assert_eq!(DcatFormat::from_url(&u("http://x/")), None);
        assert_eq!(
            DcatFormat::from_content_type("application/rdf+xml; charset=utf-8"),
            Some(DcatFormat::RdfXml)
        );
        assert_eq!(DcatFormat::from_content_type("text/html"), None);
        assert_eq!(
            DcatFormat::sniff(b"\xEF\xBB\xBF<?xml version"),
            DcatFormat::RdfXml
        );
        assert_eq!(DcatFormat::sniff(b"@prefix"), DcatFormat::Turtle);
    }
}
