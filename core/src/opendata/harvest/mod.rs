//! Harvesting from open-data portals: the CKAN Action API and DCAT-AP_IT catalogues in RDF.
//!
//! - [`ckan`]: portal address normalisation, `fq` filters, CKAN's answer envelope and a lenient
//!   mapping of packages and resources.
//! - [`dcat`]: DCAT(-AP_IT) catalogues in Turtle, RDF/XML or N-Triples → [`Package`]s.
//! - `http`: GET with retries, backoff, `Retry-After`, timeouts, a size cap and counters
//!   ([`HarvestStats`]).
//! - `download`: conditional downloads (`ETag` / `Last-Modified` / SHA-256) → [`Fetched`].
//!
//! A [`Harvester`] lists a portal's datasets ([`Harvester::list_datasets`]) and downloads their
//! resources incrementally ([`Harvester::fetch_resources`]): re-harvesting an unchanged portal
//! that serves validators transfers 0 resource bytes. `metadata_modified` drives which datasets
//! to look at again ([`Harvester::list_datasets_since`], [`ckan::needs_refresh`]).

pub mod ckan;
pub(crate) mod dcat;
mod download;
mod error;
mod http;

use std::collections::HashSet;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

pub use ckan::SearchPage;
pub use dcat::{DcatFormat, DcatPage, read_dcat, read_dcat_page};
pub use download::sha256_hex;
pub use error::HarvestError;
pub use http::HarvestStats;

use http::{Http, Kind};

/// Tunables of a harvest.
#[derive(Debug, Clone)]
pub struct HarvestOptions {
    /// Resource downloads in flight at once.
    pub concurrency: usize,
    /// Retries after a 429 / 5xx / connection failure / timeout / truncated body (with
    /// exponential backoff).
    pub retries: u32,
    /// First backoff delay; doubled on each retry, plus up to 50 % jitter.
    pub backoff: std::time::Duration,
    /// Longest wait between two attempts: caps the backoff and `Retry-After`.
    pub max_backoff: std::time::Duration,
    /// Timeout of one HTTP request (connect + whole body).
    pub timeout: std::time::Duration,
    /// Largest resource accepted, in bytes.
    pub max_resource_bytes: u64,
    /// Largest API answer or DCAT catalogue accepted, in bytes.
    pub max_catalog_bytes: u64,
    /// `rows` per `package_search` page.
    pub page_size: u32,
}

impl Default for HarvestOptions {
    fn default() -> Self {
        HarvestOptions {
            concurrency: 4,
            retries: 4,
            backoff: std::time::Duration::from_millis(500),
            max_backoff: std::time::Duration::from_secs(60),
            timeout: std::time::Duration::from_secs(60),
            max_resource_bytes: 200 * 1024 * 1024,
            max_catalog_bytes: 256 * 1024 * 1024,
            page_size: 100,
        }
    }
}

/// `package_search` filters (applied by the portal for CKAN, here for DCAT catalogues).
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// Only datasets of this organization (its CKAN name).
    pub organization: Option<String>,
    /// Only datasets with all these tags.
    pub tags: Vec<String>,
    /// Only datasets in all these groups.
    pub groups: Vec<String>,
    /// Free text the datasets must match.
    pub query: Option<String>,
}

impl SearchFilter {
    /// Whether `p` passes the filter (what the portal does for CKAN, done here for DCAT):
    /// organization by name or title, every tag and group, every word of the query in the
    /// name, title, description or tags (case-insensitive).
    pub fn matches(&self, p: &Package) -> bool {
        let eq = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        if let Some(org) = self.organization.as_deref().filter(|o| !o.is_empty()) {
            let by_name = p.organization.as_deref().is_some_and(|o| eq(o, org));
            let by_title = p.organization_title.as_deref().is_some_and(|o| eq(o, org));
            if !by_name && !by_title {
                return false;
            }
        }
        if !self.tags.iter().all(|t| p.tags.iter().any(|pt| eq(pt, t))) {
            return false;
        }
        if !self
            .groups
            .iter()
            .all(|g| p.groups.iter().any(|pg| eq(pg, g)))
        {
            return false;
        }
        if let Some(q) = self.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let hay = format!(
                "{} {} {} {}",
                p.name,
                p.title.as_deref().unwrap_or(""),
                p.notes.as_deref().unwrap_or(""),
                p.tags.join(" ")
            )
            .to_lowercase();
            if !q.to_lowercase().split_whitespace().all(|w| hay.contains(w)) {
                return false;
            }
        }
        true
    }
}

/// Whether `p` was modified at or after `since` (a package without `metadata_modified` is kept:
/// nothing says it is old). Timestamps compare as ISO 8601 text.
pub fn modified_since(p: &Package, since: Option<&str>) -> bool {
    let Some(since) = since.map(str::trim).filter(|s| !s.is_empty()) else {
        return true;
    };
    match p.metadata_modified.as_deref() {
        Some(m) => m.trim().trim_end_matches('Z') >= since.trim_end_matches('Z'),
        None => true,
    }
}

/// A dataset as CKAN (`package_show`) or a DCAT catalogue describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// The dataset's id (CKAN's `id`; DCAT's `dct:identifier`, else the dataset's IRI).
    pub id: String,
    /// Its URL name (slug).
    pub name: String,
    /// Its human title.
    pub title: Option<String>,
    /// Its description.
    pub notes: Option<String>,
    /// The publishing organization's name.
    pub organization: Option<String>,
    /// The publishing organization's human title.
    pub organization_title: Option<String>,
    /// Its keywords.
    pub tags: Vec<String>,
    /// The groups (themes) it belongs to.
    pub groups: Vec<String>,
    /// The license's id.
    pub license_id: Option<String>,
    /// The license's human title.
    pub license_title: Option<String>,
    /// Link to the license text.
    pub license_url: Option<String>,
    /// When its metadata last changed, as the portal writes it (ISO 8601).
    pub metadata_modified: Option<String>,
    /// Its downloadable files.
    pub resources: Vec<Resource>,
}

/// A downloadable resource (CKAN) or distribution (DCAT).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The resource's id (CKAN's `id`; DCAT's `dct:identifier`, else the distribution's IRI).
    pub id: String,
    /// Where to download it.
    pub url: String,
    /// Its human name.
    pub name: Option<String>,
    /// Its declared format (`CSV`, `GeoJSON`, …).
    pub format: Option<String>,
    /// Its declared MIME type.
    pub mimetype: Option<String>,
    /// When it last changed, as the portal writes it.
    pub last_modified: Option<String>,
    /// Its declared size in bytes.
    pub size: Option<u64>,
}

/// What was learnt about a resource at its last download, to download it again only if changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` the server sent.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent.
    pub last_modified: Option<String>,
    /// Hex SHA-256 of the body.
    pub sha256: Option<String>,
}

/// The outcome of a conditional download.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// 304: nothing transferred.
    NotModified,
    /// Downloaded, but the body hashes the same as before.
    Same {
        /// The validators of this download.
        validators: Validators,
        /// The body's size in bytes.
        bytes: u64,
    },
    /// New content.
    Changed {
        /// The body.
        body: Vec<u8>,
        /// The validators to send next time.
        validators: Validators,
    },
}

/// A client for open-data portals. Clones share the HTTP connection pool and the counters.
#[derive(Debug, Clone)]
pub struct Harvester {
    /// The limits, timeouts and retries it runs with.
    pub options: HarvestOptions,
    http: Http,
}

/// What [`Harvester::list_datasets`] decided a portal address is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortalKind {
    /// A CKAN site (any spelling of its root or API path).
    Ckan,
    /// A DCAT catalogue in this format (told by the URL's extension).
    Dcat(DcatFormat),
    /// Nothing in the URL tells: try CKAN, then look at the document's `Content-Type`.
    Unknown,
}

impl PortalKind {
    /// Tells a portal's kind from its address alone, without a request.
    pub fn detect(portal: &str) -> Result<PortalKind, HarvestError> {
        let url = ckan::parse_http_url(portal)?;
        if url.path().contains("/api/3") || url.path().ends_with("/api") {
            return Ok(PortalKind::Ckan);
        }
        Ok(match DcatFormat::from_url(&url) {
            Some(f) => PortalKind::Dcat(f),
            None if url.path().trim_end_matches('/').is_empty() => PortalKind::Ckan,
            None => PortalKind::Unknown,
        })
    }
}

/// A catalogue on disk: a `file:` URL, or a path to a file that exists (not an http(s) URL).
fn local_catalogue(portal: &str) -> Option<std::path::PathBuf> {
    let trimmed = portal.trim();
    if let Ok(url) = url::Url::parse(trimmed) {
        match url.scheme() {
            "file" => return url.to_file_path().ok(),
            "http" | "https" => return None,
            _ => {}
        }
    }
    let path = std::path::Path::new(trimmed);
    path.is_file().then(|| path.to_path_buf())
}

/// The datasets of a DCAT catalogue file (Turtle, RDF/XML, N-Triples or JSON-LD, by extension
/// or content): relative addresses in it resolve against the file, so a catalogue next to its
/// files harvests them from disk.
fn list_local(
    path: &std::path::Path,
    filter: &SearchFilter,
    since: Option<&str>,
) -> Result<Vec<Package>, HarvestError> {
    let unreadable = |detail: String| HarvestError::InvalidUrl {
        url: path.display().to_string(),
        detail,
    };
    let bytes =
        std::fs::read(path).map_err(|e| unreadable(format!("cannot read the file: {e}")))?;
    let full = std::fs::canonicalize(path).map_err(|e| unreadable(e.to_string()))?;
    let base = url::Url::from_file_path(&full)
        .map_err(|()| unreadable("cannot be written as a file: URL".into()))?;
    let format = DcatFormat::from_url(&base).unwrap_or_else(|| DcatFormat::sniff(&bytes));
    let page = read_dcat_page(&bytes, format, base.as_str())?;
    tracing::info!(path = %path.display(), datasets = page.packages.len(), ?format, "read a catalogue file");
    let mut seen = HashSet::new();
    Ok(page
        .packages
        .into_iter()
        .filter(|p| seen.insert(p.id.clone()) && filter.matches(p) && modified_since(p, since))
        .collect())
}

const RDF_ACCEPT: &str = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.85, application/n-triples;q=0.8, */*;q=0.1";

impl Harvester {
    /// A harvester with these options (builds the HTTP client).
    pub fn new(options: HarvestOptions) -> Result<Self, HarvestError> {
        let http = Http::new(&options)?;
        Ok(Harvester { options, http })
    }

    /// Counters since the harvester was built (or [`Harvester::reset_stats`]).
    pub fn stats(&self) -> HarvestStats {
        self.http.counters.snapshot()
    }

    /// Sets the counters back to zero.
    pub fn reset_stats(&self) {
        self.http.counters.reset();
    }

    /// Every dataset of a portal matching `filter`: CKAN (`package_search`, paged) when `portal`
    /// is a CKAN site, the catalogue's datasets when it is a DCAT-AP_IT RDF document (told by
    /// the extension `.ttl` / `.rdf` / `.xml` / `.nt`, or, for other paths that do not answer as
    /// CKAN, by the `Content-Type`).
    pub async fn list_datasets(
        &self,
        portal: &str,
        filter: &SearchFilter,
    ) -> Result<Vec<Package>, HarvestError> {
        self.list_datasets_since(portal, filter, None).await
    }

    /// [`Harvester::list_datasets`] for an incremental harvest: only datasets whose
    /// `metadata_modified` is at or after `since` (pass the newest one seen last time). CKAN
    /// filters on the portal (`fq=metadata_modified:[since TO *]`), DCAT catalogues here on
    /// `dct:modified`.
    pub async fn list_datasets_since(
        &self,
        portal: &str,
        filter: &SearchFilter,
        since: Option<&str>,
    ) -> Result<Vec<Package>, HarvestError> {
        if let Some(path) = local_catalogue(portal) {
            return list_local(&path, filter, since);
        }
        match PortalKind::detect(portal)? {
            PortalKind::Ckan => self.list_ckan(portal, filter, since).await,
            PortalKind::Dcat(_) => self.list_dcat(portal, filter, since).await,
            PortalKind::Unknown => match self.list_ckan(portal, filter, since).await {
                Err(
                    ckan_err @ (HarvestError::Status { .. }
                    | HarvestError::Json { .. }
                    | HarvestError::Unexpected { .. }),
                ) => {
                    tracing::debug!(%portal, error = %ckan_err, "not CKAN; trying DCAT");
                    let (bytes, format) = self.get_catalog(portal).await?;
                    // JSON-LD is often served as plain `application/json`: its `@context`
                    // tells it.
                    let format = format.or_else(|| {
                        let json_ld = DcatFormat::sniff(&bytes) == DcatFormat::JsonLd
                            && bytes.windows(10).any(|w| w == b"\"@context\"");
                        json_ld.then_some(DcatFormat::JsonLd)
                    });
                    match format {
                        Some(format) => {
                            self.read_dcat_pages(portal, bytes, Some(format), filter, since)
                                .await
                        }
                        None => Err(ckan_err),
                    }
                }
                other => other,
            },
        }
    }

    /// Every CKAN package matching `filter`, page by page (`rows` = `page_size`, `start`) until
    /// the portal's `count` is reached, an empty page comes, or a page brings nothing new;
    /// de-duplicated by id.
    pub async fn list_ckan(
        &self,
        portal: &str,
        filter: &SearchFilter,
        since: Option<&str>,
    ) -> Result<Vec<Package>, HarvestError> {
        let rows = self.options.page_size.max(1);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut start: u64 = 0;
        loop {
            let page = self
                .package_search(portal, filter, since, start, rows)
                .await?;
            let n = page.packages.len() as u64;
            if n == 0 {
                break;
            }
            let before = out.len();
            for p in page.packages {
                if seen.insert(p.id.clone()) {
                    out.push(p);
                }
            }
            start += n;
            if start >= page.count {
                break;
            }
            if out.len() == before {
                tracing::warn!(%portal, start, "the portal repeats a page; stopping");
                break;
            }
        }
        tracing::info!(%portal, datasets = out.len(), "listed CKAN datasets");
        Ok(out)
    }

    /// One `package_search` page (sorted by name, so that pages do not shift while paging).
    pub async fn package_search(
        &self,
        portal: &str,
        filter: &SearchFilter,
        since: Option<&str>,
        start: u64,
        rows: u32,
    ) -> Result<SearchPage, HarvestError> {
        let mut url = ckan::api_base(portal)?
            .join("package_search")
            .map_err(|e| HarvestError::InvalidUrl {
                url: portal.to_string(),
                detail: e.to_string(),
            })?;
        {
            let mut q = url.query_pairs_mut();
            if let Some(text) = filter.query.as_deref().filter(|t| !t.trim().is_empty()) {
                q.append_pair("q", text.trim());
            }
            if let Some(fq) = ckan::build_fq(filter, since) {
                q.append_pair("fq", &fq);
            }
            q.append_pair("rows", &rows.to_string());
            q.append_pair("start", &start.to_string());
            q.append_pair("sort", "name asc");
        }
        let url = url.to_string();
        let answer = self
            .http
            .get(&self.options, &url, &[], Kind::Catalog)
            .await?;
        ckan::parse_search_answer(&url, answer.status, &answer.body)
    }

    /// `package_show?id=`.
    pub async fn package_show(&self, portal: &str, id: &str) -> Result<Package, HarvestError> {
        let mut url =
            ckan::api_base(portal)?
                .join("package_show")
                .map_err(|e| HarvestError::InvalidUrl {
                    url: portal.to_string(),
                    detail: e.to_string(),
                })?;
        url.query_pairs_mut().append_pair("id", id);
        let url = url.to_string();
        let answer = self
            .http
            .get(&self.options, &url, &[], Kind::Catalog)
            .await?;
        ckan::parse_show_answer(&url, answer.status, &answer.body)
    }

    /// The datasets of the DCAT catalogue at `url` matching `filter`, following
    /// `hydra:nextPage` (at most 1000 pages; a page seen before ends it). The format comes from
    /// the `Content-Type`, else the extension, else the first bytes.
    pub async fn list_dcat(
        &self,
        url: &str,
        filter: &SearchFilter,
        since: Option<&str>,
    ) -> Result<Vec<Package>, HarvestError> {
        let (bytes, format) = self.get_catalog(url).await?;
        self.read_dcat_pages(url, bytes, format, filter, since)
            .await
    }

    async fn read_dcat_pages(
        &self,
        url: &str,
        mut bytes: Vec<u8>,
        mut format: Option<DcatFormat>,
        filter: &SearchFilter,
        since: Option<&str>,
    ) -> Result<Vec<Package>, HarvestError> {
        let mut page_url = url.to_string();
        let mut visited = HashSet::new();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        loop {
            visited.insert(page_url.clone());
            let parsed = ckan::parse_http_url(&page_url)?;
            let fmt = format
                .or_else(|| DcatFormat::from_url(&parsed))
                .unwrap_or_else(|| DcatFormat::sniff(&bytes));
            let page = read_dcat_page(&bytes, fmt, &page_url)?;
            tracing::info!(url = %page_url, datasets = page.packages.len(), format = ?fmt, "read DCAT catalogue page");
            for p in page.packages {
                if seen.insert(p.id.clone()) && filter.matches(&p) && modified_since(&p, since) {
                    out.push(p);
                }
            }
            match page.next_page {
                Some(next) if !visited.contains(&next) && visited.len() < 1000 => {
                    (bytes, format) = self.get_catalog(&next).await?;
                    page_url = next;
                }
                _ => break,
            }
        }
        Ok(out)
    }

    /// The body of a catalogue and the RDF format its `Content-Type` names, if any.
    async fn get_catalog(&self, url: &str) -> Result<(Vec<u8>, Option<DcatFormat>), HarvestError> {
        ckan::parse_http_url(url)?;
        let accept = [(reqwest::header::ACCEPT, RDF_ACCEPT.to_string())];
        let answer = self
            .http
            .get(&self.options, url, &accept, Kind::Catalog)
            .await?;
        if !(200..300).contains(&answer.status) {
            return Err(HarvestError::Status {
                url: url.to_string(),
                status: answer.status,
            });
        }
        let format = answer
            .content_type
            .as_deref()
            .and_then(DcatFormat::from_content_type);
        Ok((answer.body, format))
    }

    /// One conditional download (see [`Fetched`]).
    pub async fn fetch_resource(
        &self,
        url: &str,
        previous: Option<&Validators>,
    ) -> Result<Fetched, HarvestError> {
        download::fetch(&self.http, &self.options, url, previous).await
    }

    /// Conditional downloads of many resources, at most `concurrency` at once; results in the
    /// input order.
    pub async fn fetch_resources(
        &self,
        requests: Vec<(String, Option<Validators>)>,
    ) -> Vec<Result<Fetched, HarvestError>> {
        let concurrency = self.options.concurrency.max(1);
        futures_util::stream::iter(requests)
            .map(
                |(url, previous)| async move { self.fetch_resource(&url, previous.as_ref()).await },
            )
            .buffered(concurrency)
            .collect()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_kinds() {
        let k = |s: &str| PortalKind::detect(s).unwrap();
        assert_eq!(k("https://dati.x.it"), PortalKind::Ckan);
        assert_eq!(k("https://dati.x.it/"), PortalKind::Ckan);
        assert_eq!(k("https://dati.x.it/api/3/action"), PortalKind::Ckan);
        assert_eq!(
            k("https://dati.x.it/catalog.ttl"),
            PortalKind::Dcat(DcatFormat::Turtle)
        );
        assert_eq!(
            k("https://dati.x.it/catalog.rdf"),
            PortalKind::Dcat(DcatFormat::RdfXml)
        );
        assert_eq!(k("https://dati.x.it/ckan"), PortalKind::Unknown);
        assert!(PortalKind::detect("file:///etc/passwd").is_err());
    }

    #[test]
    fn filter_matches_like_a_portal() {
        let p = Package {
            name: "musei".into(),
            title: Some("Musei civici".into()),
            organization: Some("c_x".into()),
            organization_title: Some("Comune di X".into()),
            tags: vec!["Cultura".into()],
            groups: vec!["EDUC".into()],
            metadata_modified: Some("2024-05-06".into()),
            ..Package::default()
        };
        let f = |f: SearchFilter| f.matches(&p);
        assert!(f(SearchFilter::default()));
        assert!(f(SearchFilter {
            organization: Some("comune di x".into()),
            tags: vec!["cultura".into()],
            groups: vec!["EDUC".into()],
            query: Some("CIVICI musei".into()),
        }));
        assert!(modified_since(&p, Some("2024-01-01T00:00:00Z")));
        assert!(modified_since(&p, Some("2024-05-06")));
        assert!(!modified_since(&p, Some("2025-01-01")));
        assert!(modified_since(&p, None));
        assert!(!f(SearchFilter {
            organization: Some("c_y".into()),
            ..SearchFilter::default()
        }));
        assert!(!f(SearchFilter {
            tags: vec!["cultura".into(), "sport".into()],
            ..SearchFilter::default()
        }));
        assert!(!f(SearchFilter {
            query: Some("teatri".into()),
            ..SearchFilter::default()
        }));
    }
}
