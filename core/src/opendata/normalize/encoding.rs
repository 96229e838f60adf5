//! Character encoding: portals publish UTF-8 (with or without BOM), UTF-16 (with BOM, from
//! spreadsheet exports), Latin-1 and Windows-1252 with no declaration at all.
//!
//! Rule: a BOM decides; otherwise strict UTF-8 if the bytes are valid UTF-8; otherwise
//! Windows-1252, which is a superset of Latin-1 for every printable character (it adds the
//! smart quotes, `€`, `…` in 0x80–0x9F, where Latin-1 has only control characters).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The encoding a resource was read with (reported in logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectedEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// UTF-16 little-endian (with BOM).
    Utf16Le,
    /// UTF-16 big-endian (with BOM).
    Utf16Be,
    /// Windows-1252 (also covers Latin-1).
    Windows1252,
}

/// Decodes `bytes` to text, stripping any BOM. Borrows when the input is BOM-less UTF-8.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, DetectedEncoding) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            return match std::str::from_utf8(body) {
                Ok(s) => (Cow::Borrowed(s), DetectedEncoding::Utf8Bom),
                // A BOM followed by invalid UTF-8: the exporter lied, read the rest as 1252.
                Err(_) => (
                    WINDOWS_1252.decode_without_bom_handling(body).0,
                    DetectedEncoding::Windows1252,
                ),
            };
        }
        let detected = if enc == UTF_16LE {
            DetectedEncoding::Utf16Le
        } else {
            DetectedEncoding::Utf16Be
        };
        return (enc.decode_without_bom_handling(body).0, detected);
    }
    // UTF-16 without BOM: ASCII text has a zero in every other byte.
    if bytes.len() >= 4 && bytes.len().is_multiple_of(2) {
        if bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0 && bytes[2] != 0 {
            return (
                UTF_16LE.decode_without_bom_handling(bytes).0,
                DetectedEncoding::Utf16Le,
            );
        }
        if bytes[0] == 0 && bytes[2] == 0 && bytes[1] != 0 && bytes[3] != 0 {
            return (
                UTF_16BE.decode_without_bom_handling(bytes).0,
                DetectedEncoding::Utf16Be,
            );
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), DetectedEncoding::Utf8),
        Err(_) => (
            WINDOWS_1252.decode_without_bom_handling(bytes).0,
            DetectedEncoding::Windows1252,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (s, e) = decode("città;x".as_bytes());
        assert_eq!((s.as_ref(), e), ("città;x", DetectedEncoding::Utf8));
        assert!(matches!(s, Cow::Borrowed(_)));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("nome;città".as_bytes());
        let (s, e) = decode(&bom);
        assert_eq!((s.as_ref(), e), ("nome;città", DetectedEncoding::Utf8Bom));
    }

    #[test]
    fn latin1_and_windows_1252() {
        // 0xE0 = à in both; 0x92 = ’ only in Windows-1252; 0x80 = €.
        let (s, e) = decode(b"citt\xE0 dell\x92arte \x80");
        assert_eq!(s, "città dell’arte €");
        assert_eq!(e, DetectedEncoding::Windows1252);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "nome;città".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&le),
            (Cow::from("nome;città"), DetectedEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "nome".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).0, "nome");
        let no_bom: Vec<u8> = "id;x\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            decode(&no_bom),
            (Cow::from("id;x\n"), DetectedEncoding::Utf16Le)
        );
    }
}
