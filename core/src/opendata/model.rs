//! The one point-of-interest model every source maps to, and the quarantine report of rows that
//! could not be mapped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Category;

/// A point of interest, normalised from any source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poi {
    /// Stable across re-harvests of the same source row (see `normalize::stable_id`).
    pub id: String,
    /// The dataset (CKAN package id, DCAT dataset identifier, or `file:<name>` for local
    /// imports) the POI comes from.
    pub dataset_id: String,
    /// The resource (distribution) inside the dataset.
    pub resource_id: String,
    /// Its name.
    pub name: String,
    /// What kind of place it is.
    pub category: Category,
    /// Descriptions by language code (`it`, `en`, `de`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptions: BTreeMap<String, String>,
    /// Its street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The comune's name as the source writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comune: Option<String>,
    /// The comune's 6-digit ISTAT code, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub istat: Option<String>,
    /// WGS84 latitude, degrees.
    pub lat: f64,
    /// WGS84 longitude, degrees.
    pub lon: f64,
    /// Opening hours as the source writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// What the source says about its accessibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    /// The licence of the source data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// Whom to credit for the source data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
}

/// A source row that could not be turned into a [`Poi`]: kept, never dropped silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarantineEntry {
    /// The resource (URL or file name) the row comes from.
    pub resource: String,
    /// 1-based row number in the source (data rows for CSV, the header not counted; feature or
    /// element index + 1 for GeoJSON / JSON).
    pub row: u64,
    /// Why it was not mapped.
    pub reason: QuarantineReason,
}

/// Why a row was quarantined. Each variant has a Fluent message `quarantine-<code>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum QuarantineReason {
    /// No usable name in any of the name columns.
    MissingName,
    /// No coordinates at all.
    MissingCoordinates,
    /// Coordinates present but not numbers (`value` is what was found).
    BadCoordinates {
        /// The text found.
        value: String,
    },
    /// Coordinates at (0, 0) or the `0.000` placeholder.
    NullIsland,
    /// Coordinates (after any projection) outside Italy's bounding box.
    OutsideItaly {
        /// Latitude in degrees (WGS 84).
        lat: f64,
        /// Longitude in degrees (WGS 84).
        lon: f64,
    },
    /// Projected coordinates whose reference system could not be converted.
    Projection {
        /// Why the conversion failed.
        detail: String,
    },
    /// The row itself could not be read (wrong number of fields, bad JSON element, …).
    Malformed {
        /// What could not be read.
        detail: String,
    },
}

impl QuarantineReason {
    /// The stable code, also the suffix of the Fluent message id.
    pub fn code(&self) -> &'static str {
        match self {
            QuarantineReason::MissingName => "missing-name",
            QuarantineReason::MissingCoordinates => "missing-coordinates",
            QuarantineReason::BadCoordinates { .. } => "bad-coordinates",
            QuarantineReason::NullIsland => "null-island",
            QuarantineReason::OutsideItaly { .. } => "outside-italy",
            QuarantineReason::Projection { .. } => "projection",
            QuarantineReason::Malformed { .. } => "malformed",
        }
    }
}
