//! Open data of the territory: points of interest harvested from CKAN / DCAT-AP_IT portals.
//!
//! The flow is [`harvest`] (download catalogues and resources, incrementally) →
//! [`normalize`] (turn each CSV / GeoJSON / JSON resource into [`model::Poi`]s plus a quarantine
//! report of the rows that could not be mapped) → [`db`] (store them atomically per dataset and
//! query them: full-text, nearest, bounding box). [`tiles`] serves offline vector map tiles.

pub(crate) mod category;
pub mod db;
pub mod harvest;
pub mod import;
mod messages;
pub(crate) mod model;
pub mod normalize;
pub(crate) mod resource_kind;
pub mod sync;
pub use crate::text;
pub mod tiles;

pub use category::Category;
pub use model::{Poi, QuarantineEntry, QuarantineReason};
