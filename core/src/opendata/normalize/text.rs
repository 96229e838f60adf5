//! Small text helpers shared by every reader: accent folding, missing-value markers and the
//! forgiving number parser (comma decimals, thousands separators, degree signs, DMS).

/// Lower-cases `c` and folds the accented Latin letters Italian and its neighbours use.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => c,
    }
}

/// Folds a header or key: lower case, accents folded, only ASCII letters and digits kept
/// (`Città` → `citta`, `Sito_Web` → `sitoweb`, `e-mail` → `email`).
pub(crate) fn fold_key(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Folds free text into space-separated words with a leading and trailing space, keeping `&`
/// (so `B&B` stays one word): `"Musei, Chiese"` → `" musei chiese "`.
pub(crate) fn fold_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for c in s.chars().map(fold_char) {
        if c.is_ascii_alphanumeric() || c == '&' {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// True for the markers portals use for "no value": empty, `null`, `n.d.`, `-`, `N/A` …
pub(crate) fn is_missing(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return true;
    }
    if t.len() > 9 {
        return false;
    }
    const MARKERS: [&str; 14] = [
        "null",
        "n.d.",
        "n.d",
        "nd",
        "n/d",
        "-",
        "--",
        "n/a",
        "na",
        "none",
        "nan",
        "undefined",
        "nil",
        "?",
    ];
    MARKERS.iter().any(|m| m.eq_ignore_ascii_case(t))
}

/// The trimmed value, or `None` when it is a missing-value marker.
pub(crate) fn clean(s: &str) -> Option<&str> {
    if is_missing(s) { None } else { Some(s.trim()) }
}

/// Parses a number as Italian portals write it: `43.1234`, `43,1234`, ` 43.1234 `, `43.1234°`,
/// `1.512.345,67`, `1,512,345.67`, `4 812 345`, `43°51'13.2"N`. Returns `None` for anything
/// else (and for NaN / infinities).
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    if t.contains('°') {
        let after = t.split_once('°').map(|(_, a)| a.trim()).unwrap_or_default();
        if after.chars().any(|c| c.is_ascii_digit()) {
            return parse_dms(t);
        }
    }
    let mut buf = [0u8; 64];
    let mut n = 0usize;
    let mut negate = false;
    let (mut dots, mut commas) = (0u32, 0u32);
    let (mut last_dot, mut last_comma) = (None, None);
    for (i, c) in t.char_indices() {
        match c {
            '0'..='9' | '.' | ',' | '-' | '+' | 'e' | 'E' => {
                if matches!(c, 'e' | 'E') && (n == 0 || i + 1 == t.len()) {
                    // A trailing `E` is the compass point (east).
                    if i + 1 == t.len() {
                        continue;
                    }
                    return None;
                }
                if n == buf.len() {
                    return None;
                }
                if c == '.' {
                    dots += 1;
                    last_dot = Some(n);
                } else if c == ',' {
                    commas += 1;
                    last_comma = Some(n);
                }
                buf[n] = c as u8;
                n += 1;
            }
            ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’' | '°' | '\t' => {}
            'N' | 'n' if i + 1 == t.len() => {}
            'S' | 's' | 'W' | 'w' | 'O' | 'o' if i + c.len_utf8() == t.len() => negate = true,
            _ => return None,
        }
    }
    if n == 0 {
        return None;
    }
    // Decide which separator is the decimal one.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots == 1 => last_dot,
        (_, 0) => None, // `1.512.345`: dots are thousands separators
        (0, 1) => last_comma,
        (0, _) => None, // `1,512,345`
        _ => match (last_dot, last_comma) {
            (Some(d), Some(c)) => Some(d.max(c)),
            _ => None,
        },
    };
    let mut out = [0u8; 64];
    let mut m = 0usize;
    for (i, &b) in buf[..n].iter().enumerate() {
        match b {
            b'.' | b',' if Some(i) == decimal => {
                out[m] = b'.';
                m += 1;
            }
            b'.' | b',' => {}
            _ => {
                out[m] = b;
                m += 1;
            }
        }
    }
    let text = std::str::from_utf8(&out[..m]).ok()?;
    let v = text.parse::<f64>().ok()?;
    let v = if negate { -v } else { v };
    v.is_finite().then_some(v)
}

/// Degrees, minutes, seconds: `43°51'13.2"N`, `13° 34' 29" E`, `43°51,5'`.
fn parse_dms(t: &str) -> Option<f64> {
    let mut parts = [0f64; 3];
    let mut count = 0usize;
    let mut current = String::new();
    let mut negate = false;
    let flush = |current: &mut String, parts: &mut [f64; 3], count: &mut usize| -> Option<()> {
        if !current.is_empty() {
            if *count == 3 {
                return None;
            }
            parts[*count] = current.replace(',', ".").parse::<f64>().ok()?;
            *count += 1;
            current.clear();
        }
        Some(())
    };
    for c in t.chars() {
        match c {
            '0'..='9' | '.' | ',' => current.push(c),
            '-' if count == 0 && current.is_empty() => negate = true,
            'S' | 's' | 'W' | 'w' | 'O' | 'o' => {
                flush(&mut current, &mut parts, &mut count)?;
                negate = true;
            }
            _ => flush(&mut current, &mut parts, &mut count)?,
        }
    }
    flush(&mut current, &mut parts, &mut count)?;
    if count == 0 || parts[1] >= 60.0 || parts[2] >= 60.0 {
        return None;
    }
    let v = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
    Some(if negate { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_keys_and_words() {
        assert_eq!(fold_key("Città"), "citta");
        assert_eq!(fold_key(" Sito_Web "), "sitoweb");
        assert_eq!(fold_key("E-Mail"), "email");
        assert_eq!(fold_key("Accessibilità"), "accessibilita");
        assert_eq!(fold_words("Musei, Chiese & B&B"), " musei chiese & b&b ");
        assert_eq!(fold_words("Località"), " localita ");
    }

    #[test]
    fn missing_markers() {
        for m in [
            "", "  ", "null", "NULL", "n.d.", "N.D.", "nd", "-", "N/A", "None",
        ] {
            assert!(is_missing(m), "{m:?} should be missing");
        }
        for v in ["0", "Roma", "null island", "n.d.a"] {
            assert!(!is_missing(v), "{v:?} should not be missing");
        }
        assert_eq!(clean("  Fermo "), Some("Fermo"));
        assert_eq!(clean("NULL"), None);
    }

    #[test]
    fn numbers() {
        let cases: [(&str, f64); 15] = [
            ("43.1234", 43.1234),
            ("43,1234", 43.1234),
            (" 43.1234 ", 43.1234),
            ("43.1234°", 43.1234),
            ("13,5749 E", 13.5749),
            ("1.512.345,67", 1_512_345.67),
            ("1,512,345.67", 1_512_345.67),
            ("4 812 345", 4_812_345.0),
            ("4812345", 4_812_345.0),
            ("2.345.678", 2_345_678.0),
            ("-12,5", -12.5),
            ("0.00000000", 0.0),
            ("43°51'13.2\"N", 43.0 + 51.0 / 60.0 + 13.2 / 3600.0),
            ("13° 34' 29\" E", 13.0 + 34.0 / 60.0 + 29.0 / 3600.0),
            ("1e3", 1000.0),
        ];
        for (s, want) in cases {
            let got = parse_number(s);
            assert!(
                got.is_some_and(|g| (g - want).abs() < 1e-9),
                "{s:?} → {got:?}, want {want}"
            );
        }
        for bad in ["", "abc", "12a", "NaN", "inf", "43.1.x", "--"] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }
}
