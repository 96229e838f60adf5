//! Time as the core's API gives it: one instant type ([`Instant`], milliseconds since the Unix
//! epoch, UTC, serialised as RFC 3339) and one civil-date type ([`CivilDate`], a day in the
//! calendar with no time zone: due dates, deadlines, holidays).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day in the calendar (no time, no zone).
pub type CivilDate = chrono::NaiveDate;

/// A moment: milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

impl Instant {
    /// The instant `ms` milliseconds after the Unix epoch.
    pub const fn from_ms(ms: i64) -> Instant {
        Instant(ms)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_ms(self) -> i64 {
        self.0
    }

    /// Now, by `clock`.
    pub fn now(clock: &dyn crate::host::Clock) -> Instant {
        Instant(clock.now_ms())
    }

    /// RFC 3339 in UTC with milliseconds (`2026-12-04T17:22:05.000Z`).
    pub fn to_rfc3339(self) -> String {
        DateTime::<Utc>::from_timestamp_millis(self.0).map_or_else(
            || self.0.to_string(),
            |t| t.to_rfc3339_opts(SecondsFormat::Millis, true),
        )
    }

    /// Reads RFC 3339 (any offset).
    pub fn parse_rfc3339(text: &str) -> Option<Instant> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| Instant(t.timestamp_millis()))
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let text = String::deserialize(d)?;
        Instant::parse_rfc3339(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 instant: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_through_rfc3339() {
        let t = Instant::from_ms(1_796_404_925_123);
        assert_eq!(t.to_rfc3339(), "2026-12-04T17:22:05.123Z");
        assert_eq!(Instant::parse_rfc3339(&t.to_rfc3339()), Some(t));
        assert_eq!(
            Instant::parse_rfc3339("2026-12-04T18:22:05.123+01:00"),
            Some(t)
        );
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Instant>(&json).unwrap(), t);
    }
}
