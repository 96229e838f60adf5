//! Bytes to text: the XML's character encoding, decided by its byte-order mark, its declaration
//! and, where the two can disagree with the bytes, by which reading is valid.
//!
//! FatturaPA files must be UTF-8, but files written as Windows-1252 (often still declaring
//! UTF-8) or declared ISO-8859-1 reach the comuni anyway. The rules:
//! - a byte-order mark decides (UTF-8 or UTF-16);
//! - declared UTF-8, or nothing declared: UTF-8 when the bytes are valid UTF-8, else
//!   Windows-1252 (the declaration is false);
//! - declared single-byte encoding (Windows-1252, ISO-8859-1, ISO-8859-15…): that encoding,
//!   unless the bytes hold non-ASCII characters and are valid UTF-8 as a whole, in which case
//!   the declaration is false the other way round.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::error::{Error, ErrorKind};

/// How a file's bytes were read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TextEncoding {
    /// The encoding used, by its WHATWG name (`UTF-8`, `windows-1252`, `ISO-8859-15`, `UTF-16LE`…).
    pub used: &'static str,
    /// The XML declaration's `encoding`, as written.
    pub declared: Option<String>,
    /// The file starts with a byte-order mark.
    pub bom: bool,
}

impl TextEncoding {
    /// True when the bytes were not in the declared encoding (ISO-8859-1 read as its superset
    /// Windows-1252 is not a disagreement).
    pub fn contradicts_declaration(&self) -> bool {
        let Some(declared) = &self.declared else {
            return false;
        };
        match Encoding::for_label(declared.trim().as_bytes()) {
            Some(enc) => enc.name() != self.used && !(self.bom && self.used.starts_with("UTF")),
            None => true,
        }
    }
}

/// Reads `bytes` as text; the returned string has no byte-order mark.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), Error> {
    let declared = declared_encoding(bytes);
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        let (enc, text) = if enc == UTF_8 {
            match std::str::from_utf8(rest) {
                Ok(s) => (UTF_8, s.to_string()),
                Err(_) => (WINDOWS_1252, windows_1252(rest)),
            }
        } else {
            let text = enc
                .decode_without_bom_handling_and_without_replacement(rest)
                .ok_or_else(|| {
                    Error::new(ErrorKind::Xml {
                        detail: format!("the bytes are not valid {}", enc.name()),
                    })
                })?;
            (enc, text.into_owned())
        };
        let declared = declared_encoding(text.as_bytes()).or(declared);
        return Ok((
            text,
            TextEncoding {
                used: enc.name(),
                declared,
                bom: true,
            },
        ));
    }
    let enc = match &declared {
        None => UTF_8,
        Some(label) => Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::new(ErrorKind::UnknownEncoding {
                declared: label.clone(),
            })
        })?,
    };
    let utf8 = std::str::from_utf8(bytes).ok();
    let (used, text) = if enc == UTF_8 || !enc.is_ascii_compatible() {
        // Declared UTF-8 (or UTF-16 without a byte-order mark, which cannot be: the declaration
        // was read as ASCII): validity decides.
        match utf8 {
            Some(s) => (UTF_8, s.to_string()),
            None => (WINDOWS_1252, windows_1252(bytes)),
        }
    } else {
        match utf8 {
            Some(s) if !s.is_ascii() => (UTF_8, s.to_string()),
            _ => (enc, enc.decode_without_bom_handling(bytes).0.into_owned()),
        }
    };
    Ok((
        text,
        TextEncoding {
            used: used.name(),
            declared,
            bom: false,
        },
    ))
}

fn windows_1252(bytes: &[u8]) -> String {
    WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// The `encoding` pseudo-attribute of a leading `<?xml …?>` declaration, read as ASCII.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &bytes[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[5..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, e) =
            decode("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>è</a>".as_bytes()).unwrap();
        assert!(t.contains('è'));
        assert_eq!((e.used, e.bom), ("UTF-8", false));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<a>è</a>".as_bytes());
        let (t, e) = decode(&b).unwrap();
        assert_eq!(t, "<a>è</a>");
        assert_eq!((e.used, e.bom, e.declared), ("UTF-8", true, None));
    }

    #[test]
    fn windows_1252_declared_as_utf8_is_read_as_windows_1252() {
        let b = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a>citt\xe0 \x80</a>";
        let (t, e) = decode(b).unwrap();
        assert!(t.contains("città €"), "{t}");
        assert_eq!(e.used, "windows-1252");
        assert!(e.contradicts_declaration());
    }

    #[test]
    fn iso_8859_1_declared() {
        let b = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>perch\xe9</a>";
        let (t, e) = decode(b).unwrap();
        assert!(t.contains("perché"));
        assert_eq!(e.declared.as_deref(), Some("ISO-8859-1"));
        assert!(!e.contradicts_declaration());
    }

    #[test]
    fn utf8_declared_as_windows_1252_is_read_as_utf8() {
        let b = "<?xml version='1.0' encoding='windows-1252'?><a>perché</a>".as_bytes();
        let (t, e) = decode(b).unwrap();
        assert!(t.contains("perché"));
        assert_eq!(e.used, "UTF-8");
        assert!(e.contradicts_declaration());
    }

    #[test]
    fn unknown_encoding_is_named() {
        let err = decode(b"<?xml version='1.0' encoding='klingon'?><a/>").unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::UnknownEncoding {
                declared: "klingon".into()
            }
        );
    }
}
