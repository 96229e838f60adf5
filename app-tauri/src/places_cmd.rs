//! Visitors' commands on places: search as you type, a place's page, near a point, the
//! categories, and every place as GeoJSON for the map's clustered layer.

use campanile_core::opendata::Category;
use campanile_core::opendata::Poi;
use campanile_core::opendata::db::Hit;
use campanile_core::{Campanile, Error, SearchRequest};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// A search result as the list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HitView {
    /// The place, its distance and score.
    #[serde(flatten)]
    pub hit: Hit,
    /// The category's name in the handle's language.
    pub category_label: String,
    /// The distance as the language writes it, when there is one.
    pub distance_text: Option<String>,
}

/// A place's page.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    /// The place as stored.
    pub poi: Poi,
    /// The category's name in the handle's language.
    pub category_label: String,
    /// The description in the visitor's language, else Italian, else English, else any.
    pub description: Option<String>,
    /// The language of `description`.
    pub description_language: Option<String>,
}

/// A category with its name and how many places it has.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// Its code (`museum`, `church`, …).
    pub code: String,
    /// Its name in the handle's language.
    pub label: String,
    /// Places stored in it.
    pub count: u64,
}

fn label(core: &Campanile, category: Category) -> String {
    core.tr(&category.message_id(), &[])
}

fn view(core: &Campanile, hit: Hit) -> HitView {
    HitView {
        category_label: label(core, hit.poi.category),
        distance_text: hit.distance_m.map(|m| core.places().format_distance(m)),
        hit,
    }
}

/// The description a visitor speaking `lang` reads.
pub fn description_for(poi: &Poi, lang: &str) -> Option<(String, String)> {
    [lang, "it", "en"]
        .iter()
        .find_map(|l| poi.descriptions.get(*l).map(|d| (l.to_string(), d.clone())))
        .or_else(|| {
            poi.descriptions
                .iter()
                .next()
                .map(|(l, d)| (l.clone(), d.clone()))
        })
}

/// Full-text search (each word a prefix), nearer places first when `near` is given.
#[tauri::command]
pub async fn places_search(
    state: State<'_, AppState>,
    request: SearchRequest,
) -> Result<Vec<HitView>, Error> {
    state
        .blocking(move |core| {
            let hits = core.places().search(&request)?;
            Ok(hits.into_iter().map(|h| view(core, h)).collect())
        })
        .await
}

/// One place's page; `lang` is the visitor's language (the UI's, which may be one the core
/// has no messages in).
#[tauri::command]
pub async fn place_get(
    state: State<'_, AppState>,
    id: String,
    lang: Option<String>,
) -> Result<PlaceView, Error> {
    state
        .blocking(move |core| {
            let poi = core.places().get(&id)?;
            let lang = lang.unwrap_or_else(|| core.language());
            let description = description_for(&poi, &lang);
            Ok(PlaceView {
                category_label: label(core, poi.category),
                description_language: description.as_ref().map(|(l, _)| l.clone()),
                description: description.map(|(_, d)| d),
                poi,
            })
        })
        .await
}

/// The places nearest to a point.
#[tauri::command]
pub async fn places_near(
    state: State<'_, AppState>,
    lat: f64,
    lon: f64,
    limit: Option<usize>,
    category: Option<String>,
) -> Result<Vec<HitView>, Error> {
    state
        .blocking(move |core| {
            let hits =
                core.places()
                    .nearest(lat, lon, limit.unwrap_or(10), category.as_deref(), None)?;
            Ok(hits.into_iter().map(|h| view(core, h)).collect())
        })
        .await
}

/// Every category, with its name and its places (empty ones too).
#[tauri::command]
pub async fn places_categories(state: State<'_, AppState>) -> Result<Vec<CategoryView>, Error> {
    state
        .blocking(|core| {
            let stats = core.places().stats()?;
            Ok(Category::ALL
                .iter()
                .map(|c| CategoryView {
                    code: c.as_str().to_string(),
                    label: label(core, *c),
                    count: stats
                        .by_category
                        .iter()
                        .find(|(code, _)| code == c.as_str())
                        .map_or(0, |(_, n)| *n),
                })
                .collect())
        })
        .await
}

/// How many places are stored.
#[tauri::command]
pub async fn places_count(state: State<'_, AppState>) -> Result<u64, Error> {
    state.blocking(|core| Ok(core.places().stats()?.pois)).await
}

/// The most places the map layer holds.
pub const MAP_LIMIT: usize = 20_000;

/// Every stored place as a GeoJSON FeatureCollection of points (`id`, `name`, `category`).
///
/// The core has no "all places" read; the places nearest to the basemap's centre, as many as
/// there are, are the same thing.
#[tauri::command]
pub async fn places_geojson(state: State<'_, AppState>) -> Result<serde_json::Value, Error> {
    let centre = state
        .tiles
        .info()
        .ok()
        .and_then(|i| i.center)
        .map_or((43.0, 13.6), |(lon, lat, _)| (lat, lon));
    state
        .blocking(move |core| {
            let hits = core
                .places()
                .nearest(centre.0, centre.1, MAP_LIMIT, None, None)?;
            let features: Vec<_> = hits
                .into_iter()
                .map(|h| {
                    serde_json::json!({
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [h.poi.lon, h.poi.lat]},
                        "properties": {
                            "id": h.poi.id,
                            "name": h.poi.name,
                            "category": h.poi.category.as_str(),
                        },
                    })
                })
                .collect();
            Ok(serde_json::json!({"type": "FeatureCollection", "features": features}))
        })
        .await
}
