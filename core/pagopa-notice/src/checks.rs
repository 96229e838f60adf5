//! Check digits: the notice number's "mod 93" and the creditor fiscal code's.
//!
//! Both functions take ASCII digits that the caller has already checked; anything else yields
//! `None`, never a panic.

/// The notice number's check digits (0‥92), per the "Specifiche attuative dei codici
/// identificativi di versamento" (SACI): the remainder of the division by 93 of the number
/// formed by the digits before them, that is `<aux digit>` followed by `<application code>` or
/// `<codice segregazione>` (when present) and `<IUV base>`: always the first 16 digits of the
/// 18-digit notice number, for aux digits 0, 2 and 3. Aux digit 1 has no check digits.
pub fn mod93(first16: &[u8]) -> Option<u8> {
    if first16.len() != 16 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in first16 {
        if !b.is_ascii_digit() {
            return None;
        }
        // 16 digits < 10^16 < u64::MAX: no overflow.
        n = n * 10 + u64::from(b - b'0');
    }
    u8::try_from(n % 93).ok()
}

/// The check digit (0‥9) of an 11-digit numeric fiscal code (the codice fiscale of a legal
/// person, equal to its Partita IVA when it has one), from its first 10 digits: digits in odd
/// positions (1st, 3rd, …) count as they are; digits in even positions are doubled, less 9 when
/// the double is more than 9; the check digit brings the sum to a multiple of 10.
pub fn fiscal_code_check_digit(first10: &[u8]) -> Option<u8> {
    if first10.len() != 10 {
        return None;
    }
    let mut sum: u32 = 0;
    for (i, &b) in first10.iter().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let d = u32::from(b - b'0');
        sum += if i % 2 == 0 {
            d
        } else if d * 2 > 9 {
            d * 2 - 9
        } else {
            d * 2
        };
    }
    u8::try_from((10 - sum % 10) % 10).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod93_of_known_notices() {
        // Aux digit 3, segregation code 00, from a Poste Data Matrix example: check digits 32.
        assert_eq!(mod93(b"3007157000000000"), Some(32));
        assert_eq!(mod93(b"0000000000000000"), Some(0));
        assert_eq!(
            mod93(b"9999999999999999"),
            Some((9_999_999_999_999_999u64 % 93) as u8)
        );
        assert_eq!(mod93(b"300715700000000"), None);
        assert_eq!(mod93(b"30071570000000a0"), None);
    }

    #[test]
    fn fiscal_code_check_digits() {
        // Fiscal codes from public notice examples and a well-known Partita IVA.
        for cf in ["00085240950", "01199250158", "00488410010"] {
            let b = cf.as_bytes();
            assert_eq!(
                fiscal_code_check_digit(&b[..10]),
                Some(b[10] - b'0'),
                "{cf}"
            );
        }
        assert_eq!(fiscal_code_check_digit(b"0008524095"), Some(0));
        assert_eq!(fiscal_code_check_digit(b"000852409"), None);
        assert_eq!(fiscal_code_check_digit(b"000852409x"), None);
    }
}
