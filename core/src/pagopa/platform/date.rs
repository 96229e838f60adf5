//! Calendar days as the comune means them (Europe/Rome), and the RFC 3339 instants the
//! platform's `date-time` fields carry.
//!
//! A due date is a day in Italy: it is sent as the last second of that day in Rome, written in
//! UTC (`2026-07-31T21:59:59Z` in summer, `2026-12-31T22:59:59Z` in winter), and an instant read
//! back is turned into the day it is in Rome. Central European time: UTC+1, and UTC+2 from 01:00
//! UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.

use std::fmt;

use serde::Serialize;

/// A calendar day (proleptic Gregorian, years 1‥9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A day that exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(format!("“{s}” is not a date written YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u16>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        Date::new(
            y,
            u8::try_from(m).unwrap_or(0),
            u8::try_from(d).unwrap_or(0),
        )
        .ok_or_else(|| format!("{s} is not a day of the calendar"))
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    fn days(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }

    fn from_days(days: i64) -> Option<Date> {
        let (y, m, d) = civil_from_days(days);
        Date::new(
            u16::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }

    /// The offset of Rome from UTC, in hours, at `hour`:00 local time of this day (the hour
    /// lost or repeated in spring and autumn is read as the later offset).
    fn rome_offset_hours(self, local_hour: i64) -> i64 {
        let utc_hour_guess = self.days() * 24 + local_hour - 1;
        rome_offset_at(utc_hour_guess * 3600)
    }

    /// The last second of this day in Rome, in UTC: the instant a due date ends.
    pub fn end_of_day_utc(self) -> String {
        let offset = self.rome_offset_hours(23);
        let secs = self.days() * 86_400 + 23 * 3600 + 59 * 60 + 59 - offset * 3600;
        format_utc(secs)
    }

    /// The first second of this day in Rome, in UTC: the instant a validity date starts.
    pub fn start_of_day_utc(self) -> String {
        let offset = self.rome_offset_hours(0);
        let secs = self.days() * 86_400 - offset * 3600;
        format_utc(secs)
    }

    /// The day in Rome of an RFC 3339 instant (`2026-07-31T21:59:59Z`,
    /// `2026-07-31T23:59:59.999+02:00`); an instant without an offset is read as Rome's local
    /// time, and a bare `YYYY-MM-DD` as that day.
    pub fn of_instant(s: &str) -> Option<Date> {
        let s = s.trim();
        let date = Date::parse(s.get(..10)?).ok()?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(date);
        }
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let b = rest.as_bytes();
        if b.len() < 8 || b[2] != b':' || b[5] != b':' {
            return None;
        }
        let hh: i64 = rest.get(0..2)?.parse().ok()?;
        let mm: i64 = rest.get(3..5)?.parse().ok()?;
        let ss: i64 = rest.get(6..8)?.parse().ok()?;
        if hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
        let mut tail = &rest[8..];
        if let Some(frac) = tail.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            tail = &frac[n..];
        }
        let offset_secs = match tail {
            "" => return Some(date),
            "Z" | "z" => 0,
            _ => {
                let sign = match tail.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let digits: String = tail[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let oh: i64 = digits[..2].parse().ok()?;
                let om: i64 = digits[2..].parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
        };
        let utc = date.days() * 86_400 + hh * 3600 + mm * 60 + ss - offset_secs;
        let local = utc + rome_offset_at(utc) * 3600;
        Date::from_days(local.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of the last Sunday of `month` in `year`.
fn last_sunday(year: i64, month: u32) -> i64 {
    let last = days_from_civil(year, month, 31);
    // 1970-01-01 was a Thursday: weekday 0 = Sunday → (days + 4) mod 7.
    let weekday = (last + 4).rem_euclid(7);
    last - weekday
}

/// Rome's offset from UTC, in hours, at a UTC instant (seconds since the epoch).
fn rome_offset_at(utc_secs: i64) -> i64 {
    let (year, _, _) = civil_from_days(utc_secs.div_euclid(86_400));
    let start = last_sunday(year, 3) * 86_400 + 3600;
    let end = last_sunday(year, 10) * 86_400 + 3600;
    if (start..end).contains(&utc_secs) {
        2
    } else {
        1
    }
}

fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_end_in_rome() {
        let summer = Date::parse("2026-07-31").unwrap();
        assert_eq!(summer.end_of_day_utc(), "2026-07-31T21:59:59Z");
        assert_eq!(summer.start_of_day_utc(), "2026-07-30T22:00:00Z");
        let winter = Date::parse("2026-12-31").unwrap();
        assert_eq!(winter.end_of_day_utc(), "2026-12-31T22:59:59Z");
        // 2026: summer time from 29 March to 25 October.
        assert_eq!(
            Date::parse("2026-03-29").unwrap().end_of_day_utc(),
            "2026-03-29T21:59:59Z"
        );
        assert_eq!(
            Date::parse("2026-03-28").unwrap().end_of_day_utc(),
            "2026-03-28T22:59:59Z"
        );
        assert_eq!(
            Date::parse("2026-10-25").unwrap().end_of_day_utc(),
            "2026-10-25T22:59:59Z"
        );
        assert_eq!(
            Date::parse("2026-10-24").unwrap().end_of_day_utc(),
            "2026-10-24T21:59:59Z"
        );
        assert_eq!(
            Date::parse("2024-02-29").unwrap().end_of_day_utc(),
            "2024-02-29T22:59:59Z"
        );
    }

    #[test]
    fn instants_read_back_as_rome_days() {
        for day in [
            "2026-07-31",
            "2026-12-31",
            "2026-03-29",
            "2026-10-25",
            "2000-02-29",
        ] {
            let d = Date::parse(day).unwrap();
            assert_eq!(Date::of_instant(&d.end_of_day_utc()), Some(d), "{day}");
            assert_eq!(Date::of_instant(&d.start_of_day_utc()), Some(d), "{day}");
        }
        assert_eq!(
            Date::of_instant("2026-07-31T23:59:59.999+02:00"),
            Date::new(2026, 7, 31)
        );
        assert_eq!(
            Date::of_instant("2026-07-31T23:30:00Z"),
            Date::new(2026, 8, 1)
        );
        assert_eq!(
            Date::of_instant("2019-08-24T14:15:22Z"),
            Date::new(2019, 8, 24)
        );
        assert_eq!(
            Date::of_instant("1904-05-23T23:44:13.0Z"),
            Date::new(1904, 5, 24)
        );
        assert_eq!(
            Date::of_instant("2026-07-31T10:00:00"),
            Date::new(2026, 7, 31)
        );
        assert_eq!(Date::of_instant("2026-07-31"), Date::new(2026, 7, 31));
        assert_eq!(Date::of_instant("2026-07-31X"), None);
        assert_eq!(Date::of_instant("string"), None);
    }

    #[test]
    fn only_real_days_parse() {
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-13-01").is_err());
        assert!(Date::parse("2025-1-01").is_err());
        assert!(Date::parse("0000-01-01").is_err());
        assert_eq!(Date::parse("2025-07-31").unwrap().to_string(), "2025-07-31");
    }
}
