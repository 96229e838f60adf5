//! The fixed taxonomy of point-of-interest categories that every front shows.

use serde::{Deserialize, Serialize};

/// What kind of place a point of interest is. The set is fixed: every source is mapped onto it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A place worth a visit that fits no more specific category.
    Attraction,
    /// A museum or gallery.
    Museum,
    /// A monument, statue, castle or tower.
    Monument,
    /// A church, sanctuary or cathedral.
    Church,
    /// Somewhere to stay (hotel, B&B, agriturismo, campsite, …).
    Accommodation,
    /// Somewhere to eat or drink (restaurant, pizzeria, bar, …).
    Food,
    /// A sports ground, gym or pool.
    SportFacility,
    /// A public office or building (town hall, municipal offices, …).
    PublicBuilding,
    /// A school.
    School,
    /// A pharmacy, hospital, clinic or other health service.
    Health,
    /// A station, stop, car park or airport.
    Transport,
    /// An event (festival, sagra, concert, fair, …).
    Event,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the order fronts list them.
    pub const ALL: [Category; 13] = [
        Category::Attraction,
        Category::Museum,
        Category::Monument,
        Category::Church,
        Category::Accommodation,
        Category::Food,
        Category::SportFacility,
        Category::PublicBuilding,
        Category::School,
        Category::Health,
        Category::Transport,
        Category::Event,
        Category::Other,
    ];

    /// The stable identifier stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Attraction => "attraction",
            Category::Museum => "museum",
            Category::Monument => "monument",
            Category::Church => "church",
            Category::Accommodation => "accommodation",
            Category::Food => "food",
            Category::SportFacility => "sport_facility",
            Category::PublicBuilding => "public_building",
            Category::School => "school",
            Category::Health => "health",
            Category::Transport => "transport",
            Category::Event => "event",
            Category::Other => "other",
        }
    }

    /// Parses the stable identifier (also accepts `-` for `_` and any case).
    pub fn parse(s: &str) -> Option<Category> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Words (Italian, English) indexed with each POI of the category, so that searching
    /// "museo" or "museum" finds museums whatever their names say.
    pub fn search_words(self) -> &'static str {
        match self {
            Category::Attraction => "attrazione attraction",
            Category::Museum => "museo museum",
            Category::Monument => "monumento monument",
            Category::Church => "chiesa church",
            Category::Accommodation => "alloggio accommodation",
            Category::Food => "ristorazione food",
            Category::SportFacility => "sport impianto sportivo facility",
            Category::PublicBuilding => "edificio pubblico public building",
            Category::School => "scuola school",
            Category::Health => "salute health",
            Category::Transport => "trasporti transport",
            Category::Event => "evento event",
            Category::Other => "",
        }
    }

    /// The Fluent message id of the category's user-facing name.
    pub fn message_id(self) -> String {
        format!("category-{}", self.as_str().replace('_', "-"))
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(
            Category::parse("Sport-Facility"),
            Some(Category::SportFacility)
        );
        assert_eq!(Category::parse("castle"), None);
    }
}
