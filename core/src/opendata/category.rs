//! The fixed taxonomy of point-of-interest categories that every front shows.

use serde::{Deserialize, Serialize};

/// What kind of place a point of interest is. The set is fixed: every source is mapped onto it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Attraction,
    Museum,
    Monument,
    Church,
    Accommodation,
    Food,
    SportFacility,
    PublicBuilding,
    School,
    Health,
    Transport,
    Event,
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
