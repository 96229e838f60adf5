//! Money, dates and distances written as each language writes them, through Fluent
//! (`locales/<lang>/format.ftl`): the separators, the currency's place, the date's order and
//! the month names are translations, not code. Every front shows them through here.

use chrono::{Datelike, NaiveDate};

use crate::i18n::I18n;

/// Writes `int_part` with the language's group separator every three digits.
fn grouped(i18n: &I18n, digits: &str) -> String {
    let group = i18n.tr("format-group-separator");
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(&group);
        }
        out.push(c);
    }
    out
}

/// An amount in cents as a number with two decimals (`1.234,56` in Italian), sign first.
pub fn decimal_cents(i18n: &I18n, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!(
        "{sign}{}{}{:02}",
        grouped(i18n, &(abs / 100).to_string()),
        i18n.tr("format-decimal-separator"),
        abs % 100
    )
}

/// Money in euros: `1.234,56 €` in Italian, `€1,234.56` in English.
pub fn euros(i18n: &I18n, cents: i64) -> String {
    i18n.tr_args(
        "format-money-eur",
        &[("number", decimal_cents(i18n, cents).into())],
    )
}

/// Money in `currency` (ISO 4217): euros as [`euros`], others with their code.
pub fn money(i18n: &I18n, cents: i64, currency: &str) -> String {
    if currency.eq_ignore_ascii_case("EUR") {
        return euros(i18n, cents);
    }
    i18n.tr_args(
        "format-money-other",
        &[
            ("number", decimal_cents(i18n, cents).into()),
            ("currency", currency.into()),
        ],
    )
}

/// Money that may not be known (an amount the platform has not given yet).
pub fn euros_or_unknown(i18n: &I18n, cents: Option<i64>) -> String {
    cents.map_or_else(|| i18n.tr("format-unknown"), |c| euros(i18n, c))
}

/// A civil date: `04/12/2026` in Italian, `4 December 2026` in English.
pub fn date(i18n: &I18n, d: NaiveDate) -> String {
    let month_name = i18n.tr(&format!("format-month-{}", d.month()));
    i18n.tr_args(
        "format-date",
        &[
            (
                "day",
                format!("{:02}", d.day()).trim_start_matches('0').into(),
            ),
            ("month", format!("{:02}", d.month()).into()),
            ("month-name", month_name.into()),
            ("year", i64::from(d.year()).to_string().into()),
        ],
    )
}

/// A moment as people in Italy read it: its day and time in Rome (`4 December 2026 at 18:22`).
pub fn instant(i18n: &I18n, at: crate::time::Instant) -> String {
    let secs = at.as_ms().div_euclid(1000);
    let day = at.day_in_rome();
    let local = chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t + chrono::Duration::seconds(crate::time::rome_offset_seconds(at)))
        .map_or_else(String::new, |t| t.format("%H:%M").to_string());
    i18n.tr_args(
        "format-date-time",
        &[("date", date(i18n, day).into()), ("time", local.into())],
    )
}

/// A civil date in figures, for tables and lists: `05/03/2024` in Italian, `2024-03-05` in
/// English.
pub fn date_numeric(i18n: &I18n, d: NaiveDate) -> String {
    i18n.tr_args(
        "format-date-numeric",
        &[
            ("dd", format!("{:02}", d.day()).into()),
            ("mm", format!("{:02}", d.month()).into()),
            ("year", format!("{:04}", d.year()).into()),
        ],
    )
}

/// A distance in metres: `350 m` below a kilometre, `1,2 km` / `1.2 km` above.
pub fn distance(i18n: &I18n, metres: f64) -> String {
    if metres < 1000.0 {
        return i18n.tr_args(
            "format-distance-m",
            &[("metres", format!("{metres:.0}").into())],
        );
    }
    let tenths = (metres / 100.0).round() as i64;
    let km = format!(
        "{}{}{}",
        grouped(i18n, &(tenths / 10).to_string()),
        i18n.tr("format-decimal-separator"),
        tenths % 10
    );
    i18n.tr_args("format-distance-km", &[("km", km.into())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: String) -> String {
        // Fluent isolates placeables with Unicode marks; the tests compare the visible text.
        s.replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn money_as_each_language_writes_it() {
        let it = I18n::new("it");
        let en = I18n::new("en");
        assert_eq!(strip(euros(&it, 123_456)), "1.234,56 €");
        assert_eq!(strip(euros(&en, 123_456)), "€1,234.56");
        assert_eq!(strip(euros(&it, 5)), "0,05 €");
        assert_eq!(strip(euros(&en, -100_000_000)), "€-1,000,000.00");
        assert_eq!(strip(money(&it, 1050, "USD")), "10,50 USD");
        assert_eq!(strip(euros(&it, 123_456_789)), "1.234.567,89 €");
        assert_eq!(strip(euros(&en, 123_456_789)), "€1,234,567.89");
        assert_eq!(strip(euros(&en, 100_000)), "€1,000.00");
    }

    #[test]
    fn dates_and_distances() {
        let it = I18n::new("it");
        let en = I18n::new("en");
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(strip(date(&it, d)), "4/12/2026");
        assert_eq!(strip(date(&en, d)), "4 December 2026");
        assert_eq!(strip(date_numeric(&it, d)), "04/12/2026");
        assert_eq!(strip(date_numeric(&en, d)), "2026-12-04");
        assert_eq!(strip(distance(&it, 349.6)), "350 m");
        assert_eq!(strip(distance(&it, 1234.0)), "1,2 km");
        assert_eq!(strip(distance(&en, 12_345.0)), "12.3 km");
    }
}
