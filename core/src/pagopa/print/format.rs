//! Amounts and dates as the notice prints them, in its language (separators and order come
//! from Fluent: `1.234,56 €` in Italian, `€1,234.56` in English).

use chrono::{Datelike, NaiveDate};

use crate::i18n::I18n;
use crate::pagopa::Amount;

/// Euros with thousands grouped, e.g. `1.234,56 €`.
pub(crate) fn amount(i18n: &I18n, amount: Amount) -> String {
    cents(i18n, amount.cents())
}

/// The same for any number of cents (a total of installments).
pub(crate) fn cents(i18n: &I18n, cents: u64) -> String {
    let group = i18n.tr("pagopa-print-group-separator");
    let decimal = i18n.tr("pagopa-print-decimal-separator");
    let euros = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push_str(&group);
        }
        grouped.push(c);
    }
    let value = format!("{grouped}{decimal}{:02}", cents % 100);
    i18n.tr_args("pagopa-print-amount", &[("value", value.into())])
}

/// A due date, e.g. `31/12/2026`.
pub(crate) fn date(i18n: &I18n, date: NaiveDate) -> String {
    i18n.tr_args(
        "pagopa-print-date",
        &[
            ("day", format!("{:02}", date.day()).into()),
            ("month", format!("{:02}", date.month()).into()),
            ("year", date.year().to_string().into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_dates_follow_the_language() {
        let it = I18n::new("it");
        let en = I18n::new("en");
        let a = Amount::from_cents(123_456_789).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(amount(&it, a), "1.234.567,89 €");
        assert_eq!(amount(&en, a), "€1,234,567.89");
        assert_eq!(cents(&it, 5), "0,05 €");
        assert_eq!(cents(&en, 100_000), "€1,000.00");
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default();
        assert_eq!(date(&it, d), "07/03/2026");
        assert_eq!(date(&en, d), "07/03/2026");
    }
}
