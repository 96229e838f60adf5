//! Amounts in cents: FatturaPA writes them with a point and two decimals (`1234.50`).

use std::fmt;

/// An amount of money in cents (of the invoice's currency). May be negative (credit notes,
/// discounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub i64);

impl Amount {
    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses `-?digits[.d[d]]`; more decimals are accepted only when they are zeros. At most
    /// 15 integer digits (FatturaPA allows 11).
    pub fn parse(s: &str) -> Option<Amount> {
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() || int.len() > 15 || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (body.contains('.') && frac.is_empty()) {
            return None;
        }
        let (cents_part, extra) = frac.split_at(frac.len().min(2));
        if extra.bytes().any(|b| b != b'0') {
            return None;
        }
        let units: i64 = int.parse().ok()?;
        let mut cents: i64 = cents_part.parse().unwrap_or(0);
        if cents_part.len() == 1 {
            cents *= 10;
        }
        let value = units.checked_mul(100)?.checked_add(cents)?;
        Some(Amount(if negative { -value } else { value }))
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }
}

impl fmt::Display for Amount {
    /// `1234.50`, `-0.05`: the FatturaPA notation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Amount {
    /// As the decimal string (`"1234.50"`), so that no reader turns it into a float.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for (text, cents, shown) in [
            ("1234.50", 123_450, "1234.50"),
            ("6.1", 610, "6.10"),
            ("10", 1000, "10.00"),
            ("-0.05", -5, "-0.05"),
            ("2.00000000", 200, "2.00"),
        ] {
            let a = Amount::parse(text).unwrap();
            assert_eq!(a.cents(), cents, "{text}");
            assert_eq!(a.to_string(), shown);
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for text in [
            "",
            "-",
            "1,50",
            "1.005",
            "1.",
            ".5",
            "1e3",
            "+1",
            "1 000",
            "9999999999999999",
        ] {
            assert_eq!(Amount::parse(text), None, "{text:?}");
        }
    }
}
