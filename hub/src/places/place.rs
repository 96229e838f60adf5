//! A place as staff write it ([`PlaceIn`]), checked and turned into the core's
//! [`Poi`]; and a place as the API shows it ([`PlaceOut`]: the `Poi`'s fields, which the core
//! reads back as a `Poi`, plus its version).

use std::collections::BTreeMap;

use campanile_core::opendata::db::check_position;
use campanile_core::opendata::{Category, Poi};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;

/// A place to create, or the whole new content of one to update.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceIn {
    /// Its name.
    #[schema(example = "Pinacoteca civica")]
    pub name: String,
    /// One of the core's categories: `attraction`, `museum`, `monument`, `church`,
    /// `accommodation`, `food`, `sport_facility`, `public_building`, `school`, `health`,
    /// `transport`, `event`, `other`.
    #[schema(example = "museum")]
    pub category: String,
    /// WGS84 latitude, degrees.
    #[schema(example = 42.8536)]
    pub lat: f64,
    /// WGS84 longitude, degrees.
    #[schema(example = 13.5749)]
    pub lon: f64,
    /// Its street address.
    pub address: Option<String>,
    /// Descriptions by language code (`it`, `en`, `de`, …).
    #[serde(default)]
    pub descriptions: BTreeMap<String, String>,
    /// Opening hours, as the comune writes them.
    pub opening_hours: Option<String>,
    /// Contact: a phone number.
    pub phone: Option<String>,
    /// Contact: an email address.
    pub email: Option<String>,
    /// Contact: a website (http or https).
    pub website: Option<String>,
    /// What a visitor needs to know about its accessibility.
    pub accessibility: Option<String>,
    /// The source of the data: whom to credit (also accepted as `source`).
    #[serde(alias = "source")]
    pub attribution: Option<String>,
    /// The licence of the data (an id such as `CC-BY-4.0`, or a URL).
    pub licence: Option<String>,
}

/// A place as the API publishes it: the core's `Poi` (its fields, read back as a `Poi` by the
/// apps' core), its version and when it last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlaceOut {
    /// Its id (stable: a sample place keeps the id the core's normaliser gave it).
    pub id: String,
    /// The comune's places dataset (`ISTAT:places`).
    pub dataset_id: String,
    /// The distribution (`places`).
    pub resource_id: String,
    /// Its name.
    pub name: String,
    /// Its category.
    pub category: String,
    /// Descriptions by language code.
    pub descriptions: BTreeMap<String, String>,
    /// Its street address.
    pub address: Option<String>,
    /// The comune's name.
    pub comune: Option<String>,
    /// The comune's ISTAT code.
    pub istat: Option<String>,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// Opening hours.
    pub opening_hours: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Accessibility.
    pub accessibility: Option<String>,
    /// The licence of the data.
    pub licence: Option<String>,
    /// The source of the data (whom to credit).
    pub attribution: Option<String>,
    /// The write that last changed it: a place with a higher version changed later.
    pub version: i64,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

impl PlaceOut {
    /// The published form of a stored place.
    pub fn of(p: Poi, version: i64, updated_at: String) -> PlaceOut {
        PlaceOut {
            id: p.id,
            dataset_id: p.dataset_id,
            resource_id: p.resource_id,
            name: p.name,
            category: p.category.as_str().to_string(),
            descriptions: p.descriptions,
            address: p.address,
            comune: p.comune,
            istat: p.istat,
            lat: p.lat,
            lon: p.lon,
            opening_hours: p.opening_hours,
            phone: p.phone,
            email: p.email,
            website: p.website,
            accessibility: p.accessibility,
            licence: p.licence,
            attribution: p.attribution,
            version,
            updated_at,
        }
    }
}

fn bad(field: &str, why: impl std::fmt::Display) -> ApiError {
    ApiError::unprocessable("place.bad-field", format!("{field}: {why}"))
}

/// An optional text: trimmed, empty as none, at most `max` characters, no control characters
/// but line breaks.
fn text(field: &str, v: Option<&str>, max: usize) -> Result<Option<String>, ApiError> {
    let Some(t) = v.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > max {
        return Err(bad(field, format!("longer than {max} characters")));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(bad(field, "holds control characters"));
    }
    Ok(Some(t.to_string()))
}

fn language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn email(v: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(e) = text("email", v, 254)? else {
        return Ok(None);
    };
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(Some(e))
    } else {
        Err(bad("email", format!("\"{e}\" is not an email address")))
    }
}

fn website(v: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(w) = text("website", v, 2000)? else {
        return Ok(None);
    };
    match url::Url::parse(&w) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => {
            Ok(Some(w))
        }
        _ => Err(bad(
            "website",
            format!("\"{w}\" is not an http or https address"),
        )),
    }
}

fn phone(v: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(p) = text("phone", v, 40)? else {
        return Ok(None);
    };
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let allowed = p
        .chars()
        .all(|c| c.is_ascii_digit() || " +-/().".contains(c));
    if allowed && (5..=20).contains(&digits) {
        Ok(Some(p))
    } else {
        Err(bad(
            "phone",
            format!("\"{p}\" is not a phone number (5 to 20 digits, spaces, + - / ( ) .)"),
        ))
    }
}

impl PlaceIn {
    /// The place as the core's `Poi`, every field checked: `id` is its id, in comune `istat`
    /// named `comune_name`.
    pub fn to_poi(&self, id: &str, istat: &str, comune_name: &str) -> Result<Poi, ApiError> {
        let name = text("name", Some(&self.name), 200)?
            .ok_or_else(|| bad("name", "required, and not blank"))?;
        let category = Category::parse(&self.category).ok_or_else(|| {
            let known: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            ApiError::unprocessable(
                "place.bad-category",
                format!(
                    "category: \"{}\" is not one of {}",
                    self.category.trim(),
                    known.join(", ")
                ),
            )
        })?;
        check_position(self.lat, self.lon)
            .map_err(|e| ApiError::unprocessable("place.bad-position", format!("lat, lon: {e}")))?;
        let mut descriptions = BTreeMap::new();
        for (lang, d) in &self.descriptions {
            let lang = lang.trim().to_string();
            if !language_code(&lang) {
                return Err(bad(
                    "descriptions",
                    format!("\"{lang}\" is not a language code (such as it, en, de)"),
                ));
            }
            if let Some(d) = text(&format!("descriptions.{lang}"), Some(d), 4000)? {
                descriptions.insert(lang, d);
            }
        }
        Ok(Poi {
            id: id.to_string(),
            dataset_id: super::dataset_id(istat),
            resource_id: super::RESOURCE_ID.to_string(),
            name,
            category,
            descriptions,
            address: text("address", self.address.as_deref(), 300)?,
            comune: Some(comune_name.to_string()),
            istat: Some(istat.to_string()),
            lat: self.lat,
            lon: self.lon,
            opening_hours: text("opening_hours", self.opening_hours.as_deref(), 1000)?,
            phone: phone(self.phone.as_deref())?,
            email: email(self.email.as_deref())?,
            website: website(self.website.as_deref())?,
            accessibility: text("accessibility", self.accessibility.as_deref(), 2000)?,
            licence: text("licence", self.licence.as_deref(), 300)?,
            attribution: text("attribution", self.attribution.as_deref(), 300)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> PlaceIn {
        serde_json::from_value(serde_json::json!({
            "name": " Pinacoteca ", "category": "Museum", "lat": 42.85, "lon": 13.57,
            "descriptions": {"it": "Quadri", "en": " "}, "email": "info@comune.it",
            "website": "https://www.comune.it/", "phone": "+39 0736 298213", "source": "Comune"
        }))
        .unwrap()
    }

    #[test]
    fn a_good_place_is_the_cores_poi() {
        let p = place().to_poi("x", "044007", "Ascoli Piceno").unwrap();
        assert_eq!(p.name, "Pinacoteca");
        assert_eq!(p.category, Category::Museum);
        assert_eq!(p.descriptions.len(), 1, "a blank description is dropped");
        assert_eq!(p.attribution.as_deref(), Some("Comune"));
        assert_eq!(p.dataset_id, "044007:places");
        let out = PlaceOut::of(p.clone(), 3, "t".into());
        let back: Poi = serde_json::from_value(serde_json::to_value(&out).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn bad_fields_are_refused_by_name() {
        let cases: Vec<(serde_json::Value, &str, &str)> = vec![
            (serde_json::json!({"name": "  "}), "place.bad-field", "name"),
            (
                serde_json::json!({"category": "castle"}),
                "place.bad-category",
                "category",
            ),
            (
                serde_json::json!({"lat": 91.0}),
                "place.bad-position",
                "lat",
            ),
            (
                serde_json::json!({"email": "nope"}),
                "place.bad-field",
                "email",
            ),
            (
                serde_json::json!({"website": "ftp://x.it"}),
                "place.bad-field",
                "website",
            ),
            (
                serde_json::json!({"phone": "call me"}),
                "place.bad-field",
                "phone",
            ),
            (
                serde_json::json!({"descriptions": {"ITALIANO": "x"}}),
                "place.bad-field",
                "descriptions",
            ),
        ];
        for (patch, code, field) in cases {
            let mut v = serde_json::to_value(serde_json::json!({
                "name": "A", "category": "museum", "lat": 42.0, "lon": 13.0}))
            .unwrap();
            for (k, x) in patch.as_object().unwrap() {
                v[k] = x.clone();
            }
            let p: PlaceIn = serde_json::from_value(v).unwrap();
            let e = p.to_poi("x", "044007", "A").unwrap_err();
            assert_eq!(e.code, code, "{patch}");
            assert!(e.message.starts_with(field), "{}", e.message);
        }
    }
}
