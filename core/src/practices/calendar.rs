//! The legal calendar: national holidays (Easter Monday computed), Sundays and the comune's
//! patron-saint day, and the rule that moves a last day falling on one of them.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DayOff {
    /// A Sunday.
    Sunday,
    /// A national holiday; `id` names it (`easter-monday`, `st-francis`, …).
    Holiday {
        /// The holiday's id.
        id: &'static str,
    },
    /// The comune's patron-saint day.
    Patron {
        /// The saint's name.
        saint: String,
    },
}

impl DayOff {
    /// A short code for messages: `sunday`, the holiday id, or `patron`.
    pub fn code(&self) -> &str {
        match self {
            DayOff::Sunday => "sunday",
            DayOff::Holiday { id } => id,
            DayOff::Patron { .. } => "patron",
        }
    }
}

/// Easter Sunday of a Gregorian year: the "anonymous Gregorian algorithm" (Meeus/Jones/Butcher),
/// J. Meeus, *Astronomical Algorithms*, 2nd ed. 1998, ch. 8, valid for every year from 1583.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The first year in which 4 October (St Francis of Assisi and St Catherine of Siena) is a
/// national holiday again: L. 151/2025 restored it from 2026 (it had been one until
/// L. 54/1977 abolished it).
pub const ST_FRANCIS_FROM: i32 = 2026;

/// The national holiday falling on `date`, if any.
///
/// - L. 260/1949 art. 2, as amended by L. 54/1977, DPR 792/1985 (6 January restored) and
///   L. 336/2000 (2 June restored from 2001): 1 January, 6 January, Easter Monday, 25 April,
///   1 May, 2 June, 15 August, 1 November, 8 December, 25 and 26 December (Easter Sunday is a
///   Sunday anyway);
/// - L. 151/2025: 4 October, from 2026.
///
/// The rules are those in force since 2001; earlier years are not modelled.
pub fn national_holiday(date: NaiveDate) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("new-year"),
        (1, 6) => Some("epiphany"),
        (4, 25) => Some("liberation"),
        (5, 1) => Some("labour"),
        (6, 2) => Some("republic"),
        (8, 15) => Some("assumption"),
        (10, 4) if date.year() >= ST_FRANCIS_FROM => Some("st-francis"),
        (11, 1) => Some("all-saints"),
        (12, 8) => Some("immaculate"),
        (12, 25) => Some("christmas"),
        (12, 26) => Some("st-stephen"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(date.year())?;
    if Some(date) == easter.checked_add_days(Days::new(1)) {
        return Some("easter-monday");
    }
    None
}

/// When a patron saint's feast falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatronDate {
    /// The same day every year (`MM-DD`).
    Fixed {
        /// The month (1-12).
        month: u32,
        /// The day of the month.
        day: u32,
    },
    /// The `n`-th given weekday of `month` (`MM-sun1`: the first Sunday of the month).
    NthWeekday {
        /// The month (1-12).
        month: u32,
        /// The weekday.
        weekday: Weekday,
        /// Which one in the month (1 for the first).
        n: u32,
    },
    /// `days` after Easter Sunday (`easter+1`: Easter Monday, `easter+2`: the Tuesday after).
    Easter {
        /// Days after Easter Sunday.
        days: u32,
    },
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

impl PatronDate {
    /// Parses `MM-DD`, `MM-<weekday>N` (`06-mon1`, `09-sun1`) or `easter+N`.
    pub fn parse(s: &str) -> Option<PatronDate> {
        let s = s.trim().to_ascii_lowercase();
        if let Some(days) = s.strip_prefix("easter+") {
            let days: u32 = days.parse().ok().filter(|d| *d <= 60)?;
            return Some(PatronDate::Easter { days });
        }
        let (m, rest) = s.split_once('-')?;
        if m.len() != 2 {
            return None;
        }
        let month: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        for (name, weekday) in WEEKDAYS {
            if let Some(n) = rest.strip_prefix(name) {
                let n: u32 = n.parse().ok().filter(|n| (1..=5).contains(n))?;
                return Some(PatronDate::NthWeekday { month, weekday, n });
            }
        }
        if rest.len() != 2 {
            return None;
        }
        let day: u32 = rest.parse().ok()?;
        // 2024 is a leap year, so every real month-day exists in it.
        NaiveDate::from_ymd_opt(2024, month, day).map(|_| PatronDate::Fixed { month, day })
    }

    /// Whether the feast falls on `date`.
    pub fn matches(&self, date: NaiveDate) -> bool {
        match *self {
            PatronDate::Fixed { month, day } => date.month() == month && date.day() == day,
            PatronDate::NthWeekday { month, weekday, n } => {
                date.month() == month && date.weekday() == weekday && (date.day() - 1) / 7 + 1 == n
            }
            PatronDate::Easter { days } => {
                easter_sunday(date.year())
                    .and_then(|e| e.checked_add_days(Days::new(u64::from(days))))
                    == Some(date)
            }
        }
    }
}

impl std::fmt::Display for PatronDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatronDate::Fixed { month, day } => write!(f, "{month:02}-{day:02}"),
            PatronDate::NthWeekday { month, weekday, n } => {
                let name = WEEKDAYS
                    .iter()
                    .find(|(_, w)| w == weekday)
                    .map_or("sun", |(n, _)| *n);
                write!(f, "{month:02}-{name}{n}")
            }
            PatronDate::Easter { days } => write!(f, "easter+{days}"),
        }
    }
}

impl Serialize for PatronDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A patron-saint day: when it falls and the saint's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatronDay {
    /// When the feast falls.
    pub date: PatronDate,
    /// The saint's name.
    pub saint: String,
}

/// The calendar of one comune: national holidays, Sundays, and its patron-saint day when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// The comune's patron-saint day, when known.
    pub patron: Option<PatronDay>,
}

impl Calendar {
    /// National holidays and Sundays only (no comune given).
    pub fn national() -> Calendar {
        Calendar { patron: None }
    }

    /// The calendar of a comune with this patron-saint day.
    pub fn with_patron(patron: PatronDay) -> Calendar {
        Calendar {
            patron: Some(patron),
        }
    }

    /// Why `date` is not a working day, or `None` when it is one. Saturdays are working days:
    /// the Saturday rule of art. 155 c. 5 c.p.c. is for court acts only.
    pub fn day_off(&self, date: NaiveDate) -> Option<DayOff> {
        if let Some(id) = national_holiday(date) {
            return Some(DayOff::Holiday { id });
        }
        if date.weekday() == Weekday::Sun {
            return Some(DayOff::Sunday);
        }
        // The patron saint's day is the comune's own holiday: its offices are closed (a day
        // off in the public-sector collective agreements, e.g. CCNL Funzioni locali), so a term
        // ending on it moves like one ending on a national holiday.
        if let Some(p) = &self.patron
            && p.date.matches(date)
        {
            return Some(DayOff::Patron {
                saint: p.saint.clone(),
            });
        }
        None
    }

    /// The last day of a term: `date` itself when it is a working day, else the first working
    /// day after it, with the days skipped and why. Art. 2963 c. 3 c.c. and art. 155 c. 4 c.p.c.:
    /// "se il giorno di scadenza è festivo, la scadenza è prorogata di diritto al primo giorno
    /// seguente non festivo".
    pub fn last_day(&self, date: NaiveDate) -> (NaiveDate, Vec<(NaiveDate, DayOff)>) {
        let mut d = date;
        let mut skipped = Vec::new();
        // At most a handful of consecutive days off (e.g. 24 Dec Sunday, 25, 26); the bound
        // only guards against a calendar that is nothing but holidays.
        for _ in 0..14 {
            match self.day_off(d) {
                Some(why) => {
                    skipped.push((d, why));
                    match d.succ_opt() {
                        Some(next) => d = next,
                        None => break,
                    }
                }
                None => break,
            }
        }
        (d, skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_sundays_match_the_published_tables() {
        for (y, m, day) in [
            (2000, 4, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), Some(d(y, m, day)), "{y}");
        }
    }

    #[test]
    fn patron_dates_parse_and_match() {
        let p = PatronDate::parse("06-mon1").unwrap();
        assert!(p.matches(d(2026, 6, 1)));
        assert!(!p.matches(d(2026, 6, 8)));
        let e = PatronDate::parse("easter+2").unwrap();
        assert!(e.matches(d(2026, 4, 7)));
        assert!(e.matches(d(2027, 3, 30)));
        assert_eq!(
            PatronDate::parse("02-29"),
            Some(PatronDate::Fixed { month: 2, day: 29 })
        );
        for bad in [
            "02-30",
            "13-01",
            "9-sun1",
            "09-sun6",
            "09-xyz1",
            "easter+",
            "easter+99",
            "8-5",
        ] {
            assert_eq!(PatronDate::parse(bad), None, "{bad}");
        }
        for ok in ["08-05", "09-sun1", "06-mon1", "easter+1"] {
            assert_eq!(PatronDate::parse(ok).unwrap().to_string(), ok);
        }
    }

    #[test]
    fn easter_monday_and_st_francis() {
        assert_eq!(national_holiday(d(2025, 4, 21)), Some("easter-monday"));
        assert_eq!(national_holiday(d(2026, 4, 6)), Some("easter-monday"));
        assert_eq!(national_holiday(d(2027, 3, 29)), Some("easter-monday"));
        assert_eq!(national_holiday(d(2026, 4, 21)), None);
        assert_eq!(national_holiday(d(2025, 10, 4)), None);
        assert_eq!(national_holiday(d(2026, 10, 4)), Some("st-francis"));
    }
}
