//! Harvest → normalise → store, for a whole portal, incrementally.
