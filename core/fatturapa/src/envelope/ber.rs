//! A minimal BER reader that rewrites BER as DER, so that the DER-only decoders of the
//! RustCrypto `cms` crate can read what signing tools write.
//!
//! Signed invoices (CAdES, `.p7m`) are often BER: indefinite lengths, and the invoice split
//! into a constructed OCTET STRING of 1000-byte chunks. [`to_der`] gives every element a
//! definite, minimal length and joins constructed strings into one primitive string; primitive
//! contents and the order of elements are kept as they are, so a part that was already DER (the
//! signed attributes, the certificates) comes out byte for byte the same.

/// Deeper nesting is refused: CMS needs about 15 levels; the bound keeps recursion finite.
const MAX_DEPTH: usize = 48;

/// One element (tag, length, content) inside a byte slice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    /// The identifier octets (one, or more for tag numbers ≥ 31).
    pub tag: &'a [u8],
    pub constructed: bool,
    /// The content octets; for an indefinite length, the nested elements without the
    /// end-of-contents marker.
    pub content: &'a [u8],
    /// The whole encoding, header to end.
    pub raw: &'a [u8],
}

impl Tlv<'_> {
    /// The first identifier octet (class, constructed bit, low tag number).
    pub fn tag_byte(&self) -> u8 {
        self.tag.first().copied().unwrap_or(0)
    }
}

/// A structure that cannot be read, and the address of the byte where reading stopped (turned
/// into an offset by [`to_der`]).
#[derive(Debug)]
pub(crate) struct BerError {
    at: usize,
    pub what: String,
}

impl BerError {
    fn new(at: &[u8], what: impl Into<String>) -> BerError {
        BerError {
            at: at.as_ptr() as usize,
            what: what.into(),
        }
    }

    /// The offset of the failure from the start of `base`, the slice given to [`to_der`].
    pub fn offset_in(&self, base: &[u8]) -> usize {
        self.at.saturating_sub(base.as_ptr() as usize)
    }
}

impl std::fmt::Display for BerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

/// Reads the element at the start of `input`; returns it and what follows.
pub(crate) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), BerError> {
    read_at(input, 0)
}

fn read_at(input: &[u8], depth: usize) -> Result<(Tlv<'_>, &[u8]), BerError> {
    let err = |what: &str| BerError::new(input, what);
    if depth > MAX_DEPTH {
        return Err(err("nested too deep"));
    }
    let first = *input.first().ok_or_else(|| err("unexpected end of data"))?;
    let constructed = first & 0x20 != 0;
    let mut pos = 1;
    if first & 0x1f == 0x1f {
        // High tag number: base-128 digits, the last without the top bit.
        loop {
            let b = *input
                .get(pos)
                .ok_or_else(|| err("unexpected end of data in a tag"))?;
            pos += 1;
            if b & 0x80 == 0 {
                break;
            }
            if pos > 5 {
                return Err(err("tag number too large"));
            }
        }
    }
    let tag = &input[..pos];
    let len_byte = *input
        .get(pos)
        .ok_or_else(|| err("unexpected end of data in a length"))?;
    pos += 1;
    if len_byte == 0x80 {
        if !constructed {
            return Err(err("indefinite length on a primitive element"));
        }
        let start = pos;
        let mut rest = &input[pos..];
        loop {
            if rest.len() >= 2 && rest[0] == 0 && rest[1] == 0 {
                let end = input.len() - rest.len();
                let tlv = Tlv {
                    tag,
                    constructed,
                    content: &input[start..end],
                    raw: &input[..end + 2],
                };
                return Ok((tlv, &rest[2..]));
            }
            if rest.is_empty() {
                return Err(BerError::new(
                    rest,
                    "missing end-of-contents of an indefinite length",
                ));
            }
            let (_, after) = read_at(rest, depth + 1)?;
            rest = after;
        }
    }
    let len = if len_byte < 0x80 {
        usize::from(len_byte)
    } else {
        let n = usize::from(len_byte & 0x7f);
        if n > 4 || len_byte == 0xff {
            return Err(err("length too large"));
        }
        let bytes = input
            .get(pos..pos + n)
            .ok_or_else(|| err("unexpected end of data in a length"))?;
        pos += n;
        bytes
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
    };
    let end = pos
        .checked_add(len)
        .filter(|e| *e <= input.len())
        .ok_or_else(|| err("an element is longer than the data that remains"))?;
    let tlv = Tlv {
        tag,
        constructed,
        content: &input[pos..end],
        raw: &input[..end],
    };
    Ok((tlv, &input[end..]))
}

/// The elements inside a constructed element.
pub(crate) fn children<'a>(tlv: &Tlv<'a>) -> Result<Vec<Tlv<'a>>, BerError> {
    let mut out = Vec::new();
    let mut rest = tlv.content;
    while !rest.is_empty() {
        let (child, after) = read(rest)?;
        out.push(child);
        rest = after;
    }
    Ok(out)
}

/// The first element of `input` rewritten as DER (see the module's description). Bytes after
/// it are ignored when they are all zeros (padding some tools add), refused otherwise.
pub(crate) fn to_der(input: &[u8]) -> Result<Vec<u8>, BerError> {
    let (tlv, rest) = read(input)?;
    if rest.iter().any(|b| *b != 0) {
        return Err(BerError::new(rest, "unexpected bytes after the envelope"));
    }
    let mut out = Vec::with_capacity(input.len());
    write_der(&tlv, &mut out, 0)?;
    Ok(out)
}

/// Universal string types that BER may split into segments: OCTET STRING and the character
/// strings (UTF8String, PrintableString, IA5String, UTCTime…, BMPString).
fn is_segmentable_string(tag_byte: u8) -> bool {
    let number = tag_byte & 0x1f;
    tag_byte & 0xc0 == 0 && (number == 4 || number == 12 || (18..=30).contains(&number))
}

fn write_der(tlv: &Tlv<'_>, out: &mut Vec<u8>, depth: usize) -> Result<(), BerError> {
    if depth > MAX_DEPTH {
        return Err(BerError::new(tlv.raw, "nested too deep"));
    }
    if !tlv.constructed {
        out.extend_from_slice(tlv.tag);
        write_len(tlv.content.len(), out);
        out.extend_from_slice(tlv.content);
        return Ok(());
    }
    let tag_byte = tlv.tag_byte();
    if tag_byte & 0xc0 == 0 && tag_byte & 0x1f == 3 {
        return Err(BerError::new(
            tlv.raw,
            "a BIT STRING in segments is not supported",
        ));
    }
    if is_segmentable_string(tag_byte) {
        let mut joined = Vec::with_capacity(tlv.content.len());
        join_segments(tlv, tag_byte & !0x20, &mut joined, depth)?;
        out.push(tag_byte & !0x20);
        write_len(joined.len(), out);
        out.extend_from_slice(&joined);
        return Ok(());
    }
    let mut inner = Vec::with_capacity(tlv.content.len());
    for child in children(tlv)? {
        write_der(&child, &mut inner, depth + 1)?;
    }
    out.extend_from_slice(tlv.tag);
    write_len(inner.len(), out);
    out.extend_from_slice(&inner);
    Ok(())
}

/// Appends the contents of the segments of a constructed string, which must all be of the
/// same type (`primitive_tag`), themselves primitive or constructed.
fn join_segments(
    tlv: &Tlv<'_>,
    primitive_tag: u8,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<(), BerError> {
    if depth > MAX_DEPTH {
        return Err(BerError::new(tlv.raw, "nested too deep"));
    }
    for seg in children(tlv)? {
        if seg.tag_byte() & !0x20 != primitive_tag || seg.tag.len() != 1 {
            return Err(BerError::new(
                seg.raw,
                "a segmented string holds an element of another type",
            ));
        }
        if seg.constructed {
            join_segments(&seg, primitive_tag, out, depth + 1)?;
        } else {
            out.extend_from_slice(seg.content);
        }
    }
    Ok(())
}

fn write_len(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    out.push(0x80 | (bytes.len() - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_lengths_and_segmented_strings_become_der() {
        // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" }, NULL }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x05,
            0x00, 0x00, 0x00,
        ];
        assert_eq!(
            to_der(&ber).unwrap(),
            vec![0x30, 0x07, 0x04, 0x03, b'a', b'b', b'c', 0x05, 0x00]
        );
    }

    #[test]
    fn long_and_non_minimal_lengths_are_rewritten_minimal() {
        let mut ber = vec![0x04, 0x82, 0x00, 0x03, 1, 2, 3];
        assert_eq!(to_der(&ber).unwrap(), vec![0x04, 0x03, 1, 2, 3]);
        ber = vec![0x04, 0x81, 200];
        ber.extend(std::iter::repeat_n(7u8, 200));
        let der = to_der(&ber).unwrap();
        assert_eq!(&der[..3], &[0x04, 0x81, 200]);
    }

    #[test]
    fn truncated_and_hostile_input_is_refused() {
        assert!(to_der(&[0x30, 0x80, 0x04, 0x01]).is_err());
        assert!(to_der(&[0x30, 0x05, 0x04]).is_err());
        assert!(to_der(&[0x04, 0x80, 0x00, 0x00]).is_err());
        assert!(to_der(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_err());
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 200).flatten().collect();
        assert!(to_der(&deep).is_err());
        assert!(to_der(&[0x30, 0x00, 0x01]).is_err());
        assert_eq!(to_der(&[0x30, 0x00, 0x00, 0x00]).unwrap(), vec![0x30, 0x00]);
    }
}
