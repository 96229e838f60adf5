//! The two fonts of the printed notice, Helvetica and Helvetica-Bold: two of the 14 standard
//! PDF fonts, which every reader has, so nothing is embedded. Text is written in WinAnsi
//! (Windows-1252), which holds the Italian accented letters and the euro sign; widths come from
//! Adobe's metrics files for these fonts, so text can be wrapped, centred and right-aligned.

use std::collections::HashMap;
use std::sync::OnceLock;

use pdf_encoding::Encoding;

/// A typeface of the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
}

impl Face {
    /// The font's PostScript name.
    pub(crate) fn base_font(self) -> &'static str {
        match self {
            Face::Regular => "Helvetica",
            Face::Bold => "Helvetica-Bold",
        }
    }

    /// The name of the font in a page's resources.
    pub(crate) fn resource(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
        }
    }

    fn widths(self) -> &'static [u16; 256] {
        static REGULAR: OnceLock<[u16; 256]> = OnceLock::new();
        static BOLD: OnceLock<[u16; 256]> = OnceLock::new();
        match self {
            Face::Regular => {
                REGULAR.get_or_init(|| winansi_widths(pdf_core_14_font_afms::HELVETICA))
            }
            Face::Bold => {
                BOLD.get_or_init(|| winansi_widths(pdf_core_14_font_afms::HELVETICA_BOLD))
            }
        }
    }

    /// The width of `text` at `size` points, in points (characters outside WinAnsi count as
    /// the `?` that replaces them).
    pub(crate) fn width(self, text: &str, size: f32) -> f32 {
        let widths = self.widths();
        let units: u32 = encode_lossy(text)
            .iter()
            .map(|b| u32::from(widths[usize::from(*b)]))
            .sum();
        units as f32 * size / 1000.0
    }
}

/// The WinAnsi code of a character, when it has one.
pub(crate) fn winansi(c: char) -> Option<u8> {
    Encoding::WinAnsiEncoding
        .reverse_map()
        .and_then(|m| m.get(u32::from(c)))
}

/// `text` in WinAnsi, with `?` for any character WinAnsi lacks (the notice's own texts and the
/// validated input never have one).
pub(crate) fn encode_lossy(text: &str) -> Vec<u8> {
    text.chars().map(|c| winansi(c).unwrap_or(b'?')).collect()
}

/// Advance widths (thousandths of the font size) of the 256 WinAnsi codes, from an AFM file:
/// each glyph's name is mapped to its character (Adobe Glyph List), then to its code.
fn winansi_widths(afm: &str) -> [u16; 256] {
    let mut by_char: HashMap<char, u16> = HashMap::new();
    for line in afm.lines() {
        if !line.starts_with("C ") {
            continue;
        }
        let mut width = None;
        let mut name = None;
        for field in line.split(';') {
            let field = field.trim();
            if let Some(w) = field.strip_prefix("WX ") {
                width = w.trim().parse::<u16>().ok();
            } else if let Some(n) = field.strip_prefix("N ") {
                name = Some(n.trim());
            }
        }
        let (Some(width), Some(name)) = (width, name) else {
            continue;
        };
        let mut chars = pdf_encoding::glyphname_to_unicode(name)
            .unwrap_or_default()
            .chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            by_char.entry(c).or_insert(width);
        }
    }
    let space = by_char.get(&' ').copied().unwrap_or(278);
    let mut widths = [0u16; 256];
    if let Some(forward) = Encoding::WinAnsiEncoding.forward_map() {
        for (code, slot) in widths.iter_mut().enumerate() {
            let Ok(code) = u8::try_from(code) else {
                continue;
            };
            if let Some(c) = forward.get(code) {
                // A no-break space is drawn as a space.
                let c = if c == '\u{a0}' { ' ' } else { c };
                *slot = by_char.get(&c).copied().unwrap_or(space);
            }
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_letters_and_the_euro_sign_are_in_winansi() {
        for (c, code) in [
            ('à', 0xE0),
            ('è', 0xE8),
            ('é', 0xE9),
            ('ì', 0xEC),
            ('ò', 0xF2),
            ('ù', 0xF9),
            ('È', 0xC8),
            ('€', 0x80),
            ('’', 0x92),
            ('A', 0x41),
        ] {
            assert_eq!(winansi(c), Some(code), "{c}");
        }
        assert_eq!(winansi('Ł'), None);
        assert_eq!(encode_lossy("Città Ł"), b"Citt\xe0 ?".to_vec());
    }

    #[test]
    fn widths_are_adobe_s() {
        // Helvetica: space 278, digits 556, 'W' 944, 'è' 556, '€' 556; bold 'W' 944, 'a' 556.
        assert_eq!(Face::Regular.width(" ", 1000.0), 278.0);
        assert_eq!(Face::Regular.width("0123456789", 1.0), 5.56);
        assert_eq!(Face::Regular.width("W", 10.0), 9.44);
        assert_eq!(Face::Regular.width("è", 1000.0), 556.0);
        assert_eq!(Face::Regular.width("€", 1000.0), 556.0);
        assert_eq!(Face::Bold.width("a", 1000.0), 556.0);
        assert!(Face::Bold.width("Comune", 10.0) > Face::Regular.width("Comune", 10.0));
    }
}
