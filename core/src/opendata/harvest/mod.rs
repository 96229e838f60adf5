//! Harvesting from open-data portals: the CKAN Action API and DCAT-AP_IT catalogues in RDF.
//!
//! INTERFACE STUB — filled in by the harvest work.

use serde::{Deserialize, Serialize};

/// Tunables of a harvest.
#[derive(Debug, Clone)]
pub struct HarvestOptions {
    /// Resource downloads in flight at once.
    pub concurrency: usize,
    /// Retries after a 429 / 5xx / connection failure (with exponential backoff).
    pub retries: u32,
    /// First backoff delay; doubled on each retry, `Retry-After` honoured when shorter than 60 s.
    pub backoff: std::time::Duration,
    /// Timeout of one HTTP request (connect + whole body).
    pub timeout: std::time::Duration,
    /// Largest resource accepted, in bytes.
    pub max_resource_bytes: u64,
    /// `rows` per `package_search` page.
    pub page_size: u32,
}

impl Default for HarvestOptions {
    fn default() -> Self {
        HarvestOptions {
            concurrency: 4,
            retries: 4,
            backoff: std::time::Duration::from_millis(500),
            timeout: std::time::Duration::from_secs(60),
            max_resource_bytes: 200 * 1024 * 1024,
            page_size: 100,
        }
    }
}

/// `package_search` filters.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub organization: Option<String>,
    pub tags: Vec<String>,
    pub groups: Vec<String>,
    pub query: Option<String>,
}

/// A dataset as CKAN (`package_show`) or a DCAT catalogue describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub notes: Option<String>,
    pub organization: Option<String>,
    pub organization_title: Option<String>,
    pub tags: Vec<String>,
    pub groups: Vec<String>,
    pub license_id: Option<String>,
    pub license_title: Option<String>,
    pub license_url: Option<String>,
    pub metadata_modified: Option<String>,
    pub resources: Vec<Resource>,
}

/// A downloadable resource (CKAN) or distribution (DCAT).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    pub url: String,
    pub name: Option<String>,
    pub format: Option<String>,
    pub mimetype: Option<String>,
    pub last_modified: Option<String>,
    pub size: Option<u64>,
}

/// What was learnt about a resource at its last download, to download it again only if changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
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
    Same { validators: Validators, bytes: u64 },
    /// New content.
    Changed {
        body: Vec<u8>,
        validators: Validators,
    },
}

/// Why a harvest step failed.
#[derive(Debug, thiserror::Error)]
pub enum HarvestError {
    #[error("{url}: the portal answered {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: {detail}")]
    Network { url: String, detail: String },
}

impl HarvestError {
    /// True when the failure is the network's or the server's (exit code "network"), false when
    /// the portal's answer was bad input.
    pub fn is_network(&self) -> bool {
        true
    }
}

/// A client for one portal.
#[derive(Debug, Clone)]
pub struct Harvester {
    pub options: HarvestOptions,
}

impl Harvester {
    pub fn new(options: HarvestOptions) -> Result<Self, HarvestError> {
        Ok(Harvester { options })
    }

    /// Every dataset of a portal matching `filter`: CKAN (`package_search`, paged) when `portal`
    /// is a CKAN site, the catalogue's datasets when it is a DCAT-AP_IT RDF document.
    pub async fn list_datasets(
        &self,
        portal: &str,
        _filter: &SearchFilter,
    ) -> Result<Vec<Package>, HarvestError> {
        Err(HarvestError::Network {
            url: portal.to_string(),
            detail: "not implemented".into(),
        })
    }

    /// Conditional downloads of many resources, at most `concurrency` at once; results in the
    /// input order.
    pub async fn fetch_resources(
        &self,
        requests: Vec<(String, Option<Validators>)>,
    ) -> Vec<Result<Fetched, HarvestError>> {
        requests
            .into_iter()
            .map(|(url, _)| {
                Err(HarvestError::Network {
                    url,
                    detail: "not implemented".into(),
                })
            })
            .collect()
    }
}
