//! Time as the core's API gives it: one instant type ([`Instant`], milliseconds since the Unix
//! epoch, UTC, serialised as RFC 3339) and one civil-date type ([`CivilDate`], a day in the
//! calendar with no time zone: due dates, deadlines, holidays).
//!
//! A day the comune means is a day in Italy: [`rome_end_of_day`] and [`rome_start_of_day`] give
//! the instants it ends and starts (`2026-07-31T21:59:59Z` in summer, `2026-12-31T22:59:59Z` in
//! winter), and [`rome_day`] the day an instant falls on there. Central European time: UTC+1, and
//! UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc, Weekday};
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

    /// `ms` milliseconds later (saturating).
    pub const fn plus_ms(self, ms: i64) -> Instant {
        Instant(self.0.saturating_add(ms))
    }

    /// The day this instant falls on in Rome.
    pub fn day_in_rome(self) -> CivilDate {
        let secs = self.0.div_euclid(1000);
        let local = secs + rome_offset_at(secs);
        DateTime::<Utc>::from_timestamp(local, 0).map_or(CivilDate::MIN, |t| t.date_naive())
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

    /// RFC 3339 in UTC to the second (`2026-07-31T21:59:59Z`), as the platform's `date-time`
    /// fields are written.
    pub fn to_rfc3339_seconds(self) -> String {
        DateTime::<Utc>::from_timestamp_millis(self.0).map_or_else(
            || self.0.to_string(),
            |t| t.to_rfc3339_opts(SecondsFormat::Secs, true),
        )
    }

    /// Reads RFC 3339; a date-time written without an offset (as some platform answers are)
    /// is read as Rome's local time.
    pub fn parse_rome(text: &str) -> Option<Instant> {
        let text = text.trim();
        if let Some(t) = Instant::parse_rfc3339(text) {
            return Some(t);
        }
        let local = [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
        ]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())?;
        let naive = local.and_utc().timestamp();
        let utc = naive - rome_offset_at(naive - 3600);
        Some(Instant(
            utc * 1000 + i64::from(local.and_utc().timestamp_subsec_millis()),
        ))
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

/// Reads RFC 3339 text, or a whole number of milliseconds since the epoch (as data written
/// before instants were RFC 3339 holds them).
impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Ms(i64),
            Text(String),
        }
        match Written::deserialize(d)? {
            Written::Ms(ms) => Ok(Instant(ms)),
            Written::Text(text) => Instant::parse_rfc3339(&text).ok_or_else(|| {
                serde::de::Error::custom(format!("not an RFC 3339 instant: {text}"))
            }),
        }
    }
}

/// Stored as milliseconds since the epoch (an SQLite integer).
impl rusqlite::types::ToSql for Instant {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.0.into())
    }
}

impl rusqlite::types::FromSql for Instant {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        value.as_i64().map(Instant)
    }
}

/// Reads a day written `YYYY-MM-DD` (four, two and two digits), one that exists.
pub fn parse_civil_date(text: &str) -> Result<CivilDate, String> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(format!("“{text}” is not a date written YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| d.year() >= 1)
        .ok_or_else(|| format!("{text} is not a day of the calendar"))
}

/// Rome's offset from UTC at `at`, in seconds.
pub fn rome_offset_seconds(at: Instant) -> i64 {
    rome_offset_at(at.0.div_euclid(1000))
}

/// Rome's offset from UTC, in seconds, at a UTC instant (seconds since the epoch).
fn rome_offset_at(utc_secs: i64) -> i64 {
    let Some(at) = DateTime::<Utc>::from_timestamp(utc_secs, 0) else {
        return 3600;
    };
    let switch = |month: u32| {
        last_sunday(at.year(), month)
            .and_then(|d| d.and_hms_opt(1, 0, 0))
            .map_or(0, |t| t.and_utc().timestamp())
    };
    if (switch(3)..switch(10)).contains(&utc_secs) {
        7200
    } else {
        3600
    }
}

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let last = NaiveDate::from_ymd_opt(year, month, 31)?;
    let back = last.weekday().days_since(Weekday::Sun);
    last.checked_sub_days(chrono::Days::new(u64::from(back)))
}

/// Seconds since the epoch of `local` (seconds of the day) on `day` in Rome.
fn rome_local(day: CivilDate, local: i64) -> i64 {
    let naive = day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() + local;
    // The offset in force one hour before (the hour lost or repeated reads as the later one).
    naive - rome_offset_at(naive - 3600)
}

/// The last second of `day` in Rome: the instant a due date ends.
pub fn rome_end_of_day(day: CivilDate) -> Instant {
    Instant(rome_local(day, 86_399) * 1000)
}

/// The first second of `day` in Rome: the instant a validity date starts.
pub fn rome_start_of_day(day: CivilDate) -> Instant {
    Instant(rome_local(day, 0) * 1000)
}

/// The day in Rome of an RFC 3339 instant (`2026-07-31T21:59:59Z`,
/// `2026-07-31T23:59:59.999+02:00`); an instant without an offset is read as Rome's local time,
/// and a bare `YYYY-MM-DD` as that day.
pub fn rome_day(text: &str) -> Option<CivilDate> {
    let text = text.trim();
    let day = parse_civil_date(text.get(..10)?).ok()?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(day);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        let utc = t.timestamp();
        let local = utc + rome_offset_at(utc);
        return DateTime::<Utc>::from_timestamp(local, 0).map(|l| l.date_naive());
    }
    // No offset: Rome's own clock, if the time of day is well formed.
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let time = rest.get(..8)?;
    let frac = &rest[8..];
    let frac_ok = frac.is_empty()
        || frac
            .strip_prefix('.')
            .is_some_and(|f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()));
    (frac_ok && chrono::NaiveTime::parse_from_str(time, "%H:%M:%S").is_ok()).then_some(day)
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
        // Milliseconds, as earlier versions stored them, still read.
        assert_eq!(serde_json::from_str::<Instant>("1796404925123").unwrap(), t);
        assert!(serde_json::from_str::<Instant>("\"yesterday\"").is_err());
    }

    fn day(text: &str) -> CivilDate {
        parse_civil_date(text).unwrap()
    }

    #[test]
    fn days_end_in_rome() {
        let end = |d: &str| rome_end_of_day(day(d)).to_rfc3339_seconds();
        assert_eq!(end("2026-07-31"), "2026-07-31T21:59:59Z");
        assert_eq!(
            rome_start_of_day(day("2026-07-31")).to_rfc3339_seconds(),
            "2026-07-30T22:00:00Z"
        );
        assert_eq!(end("2026-12-31"), "2026-12-31T22:59:59Z");
        // 2026: summer time from 29 March to 25 October.
        assert_eq!(end("2026-03-29"), "2026-03-29T21:59:59Z");
        assert_eq!(end("2026-03-28"), "2026-03-28T22:59:59Z");
        assert_eq!(end("2026-10-25"), "2026-10-25T22:59:59Z");
        assert_eq!(end("2026-10-24"), "2026-10-24T21:59:59Z");
        assert_eq!(end("2024-02-29"), "2024-02-29T22:59:59Z");
    }

    #[test]
    fn instants_read_back_as_rome_days() {
        for d in [
            "2026-07-31",
            "2026-12-31",
            "2026-03-29",
            "2026-10-25",
            "2000-02-29",
        ] {
            let d = day(d);
            assert_eq!(rome_day(&rome_end_of_day(d).to_rfc3339_seconds()), Some(d));
            assert_eq!(rome_day(&rome_start_of_day(d).to_rfc3339()), Some(d));
        }
        let some = |d: &str| Some(day(d));
        assert_eq!(
            rome_day("2026-07-31T23:59:59.999+02:00"),
            some("2026-07-31")
        );
        assert_eq!(rome_day("2026-07-31T23:30:00Z"), some("2026-08-01"));
        assert_eq!(rome_day("2019-08-24T14:15:22Z"), some("2019-08-24"));
        assert_eq!(rome_day("1904-05-23T23:44:13.0Z"), some("1904-05-24"));
        assert_eq!(rome_day("2026-07-31T10:00:00"), some("2026-07-31"));
        assert_eq!(rome_day("2026-07-31"), some("2026-07-31"));
        assert_eq!(rome_day("2026-07-31X"), None);
        assert_eq!(rome_day("2026-07-31T25:00:00"), None);
        assert_eq!(rome_day("string"), None);
        let t = |s: &str| Instant::parse_rome(s).map(Instant::to_rfc3339);
        assert_eq!(
            t("2026-07-02T10:11:12"),
            Some("2026-07-02T08:11:12.000Z".into())
        );
        assert_eq!(
            t("2026-12-02T10:11:12.5"),
            Some("2026-12-02T09:11:12.500Z".into())
        );
        assert_eq!(
            t("2026-07-02T10:11:12Z"),
            Some("2026-07-02T10:11:12.000Z".into())
        );
        assert_eq!(t("yesterday"), None);
    }

    #[test]
    fn only_real_days_parse() {
        assert!(parse_civil_date("2025-02-29").is_err());
        assert!(parse_civil_date("2024-02-29").is_ok());
        assert!(parse_civil_date("2025-13-01").is_err());
        assert!(parse_civil_date("2025-1-01").is_err());
        assert!(parse_civil_date("0000-01-01").is_err());
        assert_eq!(day("2025-07-31").to_string(), "2025-07-31");
    }
}
