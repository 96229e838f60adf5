//! Reading a file on disk in chunks, as [`decode`](super::encoding::decode) reads it whole.
//!
//! The encoding is decided for the whole file first, by one pass in chunks (the same rule:
//! a BOM; else UTF-16 by its zeros; else UTF-8 if every byte of the file is valid UTF-8; else
//! Windows-1252); then the text is read through [`TextReader`], which decodes chunk by chunk
//! with `encoding_rs`'s streaming decoder (UTF-8 passes through). [`Text`] keeps the first
//! part of it in memory for format detection and sniffing, then hands on the rest.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::encoding::DetectedEncoding;

const CHUNK: usize = 1 << 16;

/// How a file's bytes become its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoding {
    /// What [`decode`](super::encoding::decode) would report.
    pub encoding: DetectedEncoding,
    /// Bytes to skip first (the BOM).
    skip: u64,
    /// `None` when the bytes are the text (valid UTF-8).
    decoder: Option<&'static Encoding>,
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Decides the encoding of the file at `path` as [`decode`](super::encoding::decode) would
/// on its whole content, reading it once in chunks.
pub fn detect(path: &Path) -> io::Result<Decoding> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; CHUNK + 4];
    let mut head = [0u8; 4];
    let mut head_len = 0;
    let mut total: u64 = 0;
    let mut valid = true;
    let mut carry = 0;
    loop {
        let n = read_full(&mut file, &mut buf[carry..])?;
        if head_len < 4 {
            let take = (4 - head_len).min(n);
            head[head_len..head_len + take].copy_from_slice(&buf[carry..carry + take]);
            head_len += take;
        }
        total += n as u64;
        if n == 0 {
            // A character cut short by the end of the file.
            valid &= carry == 0;
            break;
        }
        let len = carry + n;
        carry = 0;
        if valid && let Err(e) = std::str::from_utf8(&buf[..len]) {
            if e.error_len().is_some() {
                valid = false;
            } else {
                let at = e.valid_up_to();
                buf.copy_within(at..len, 0);
                carry = len - at;
            }
        }
    }
    let head = &head[..head_len];
    let plain = |encoding, skip| Decoding {
        encoding,
        skip,
        decoder: None,
    };
    let decoded = |encoding, skip, with| Decoding {
        encoding,
        skip,
        decoder: Some(with),
    };
    if let Some((enc, bom_len)) = Encoding::for_bom(head) {
        let bom_len = bom_len as u64;
        if enc == UTF_8 {
            // The BOM itself is valid UTF-8: the file is valid exactly when its body is.
            return Ok(if valid {
                plain(DetectedEncoding::Utf8Bom, bom_len)
            } else {
                decoded(DetectedEncoding::Windows1252, bom_len, WINDOWS_1252)
            });
        }
        return Ok(if enc == UTF_16LE {
            decoded(DetectedEncoding::Utf16Le, bom_len, UTF_16LE)
        } else {
            decoded(DetectedEncoding::Utf16Be, bom_len, UTF_16BE)
        });
    }
    if total >= 4 && total.is_multiple_of(2) {
        if head[1] == 0 && head[3] == 0 && head[0] != 0 && head[2] != 0 {
            return Ok(decoded(DetectedEncoding::Utf16Le, 0, UTF_16LE));
        }
        if head[0] == 0 && head[2] == 0 && head[1] != 0 && head[3] != 0 {
            return Ok(decoded(DetectedEncoding::Utf16Be, 0, UTF_16BE));
        }
    }
    Ok(if valid {
        plain(DetectedEncoding::Utf8, 0)
    } else {
        decoded(DetectedEncoding::Windows1252, 0, WINDOWS_1252)
    })
}

/// A file's text as UTF-8, read in chunks.
pub struct TextReader {
    file: File,
    decoder: Option<Box<DecodeState>>,
}

struct DecodeState {
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    done: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
}

impl TextReader {
    /// Opens the file at `path` to read its text as `decoding` says.
    pub fn open(path: &Path, decoding: &Decoding) -> io::Result<TextReader> {
        let mut file = File::open(path)?;
        if decoding.skip > 0 {
            io::copy(&mut (&mut file).take(decoding.skip), &mut io::sink())?;
        }
        let decoder = decoding.decoder.map(|enc| {
            Box::new(DecodeState {
                decoder: enc.new_decoder_without_bom_handling(),
                input: vec![0; CHUNK],
                start: 0,
                end: 0,
                eof: false,
                done: false,
                output: vec![0; CHUNK * 3 + 16],
                out_start: 0,
                out_end: 0,
            })
        });
        Ok(TextReader { file, decoder })
    }
}

impl DecodeState {
    /// Decodes more input into the empty output buffer; leaves it empty only at the end.
    fn refill(&mut self, file: &mut File) -> io::Result<()> {
        self.out_start = 0;
        self.out_end = 0;
        while self.out_end == 0 && !self.done {
            if self.start == self.end && !self.eof {
                let n = read_full(file, &mut self.input)?;
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.output,
                self.eof,
            );
            self.start += read;
            self.out_end += written;
            if self.eof && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
        Ok(())
    }
}

impl Read for TextReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let Some(state) = self.decoder.as_mut() else {
            return self.file.read(out);
        };
        if state.out_start == state.out_end {
            state.refill(&mut self.file)?;
        }
        let n = out.len().min(state.out_end - state.out_start);
        out[..n].copy_from_slice(&state.output[state.out_start..state.out_start + n]);
        state.out_start += n;
        Ok(n)
    }
}

/// A text read as a stream, with its beginning kept in memory.
pub struct Text {
    head: Vec<u8>,
    /// How much of the head is whole characters.
    valid: usize,
    rest: TextReader,
    eof: bool,
}

impl Text {
    /// Opens the file's text.
    pub fn open(path: &Path, decoding: &Decoding) -> io::Result<Text> {
        Ok(Text {
            head: Vec::new(),
            valid: 0,
            rest: TextReader::open(path, decoding)?,
            eof: false,
        })
    }

    /// The beginning read so far, up to its last whole character.
    pub fn head(&self) -> &str {
        std::str::from_utf8(&self.head[..self.valid]).unwrap_or_default()
    }

    /// Whether the head is the whole text.
    pub fn is_whole(&self) -> bool {
        self.eof
    }

    /// Reads on into the head until `enough(head)` or the end of the text.
    pub fn read_head_until(&mut self, enough: impl Fn(&str) -> bool) -> io::Result<()> {
        while !self.eof && !enough(self.head()) {
            // Doubling: a head that has to grow far costs linear time all the same.
            let (len, more) = (self.head.len(), self.head.len().max(CHUNK));
            self.head.resize(len + more, 0);
            let n = read_full(&mut self.rest, &mut self.head[len..])?;
            self.head.truncate(len + n);
            self.eof = n < more;
            // The decoded text is UTF-8: only a character cut at the end can be incomplete.
            self.valid += match std::str::from_utf8(&self.head[self.valid..]) {
                Ok(s) => s.len(),
                Err(e) => e.valid_up_to(),
            };
        }
        Ok(())
    }

    /// The head as bytes and the reader of what follows it.
    pub fn into_parts(self) -> (Vec<u8>, TextReader) {
        (self.head, self.rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::normalize::encoding::decode;

    fn read_all(path: &Path) -> (String, DetectedEncoding) {
        let d = detect(path).unwrap_or_else(|e| panic!("{e}"));
        let mut text = String::new();
        TextReader::open(path, &d)
            .and_then(|mut r| r.read_to_string(&mut text))
            .unwrap_or_else(|e| panic!("{e}"));
        (text, d.encoding)
    }

    #[test]
    fn same_text_and_encoding_as_decoding_whole() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let long_utf8 = "città;".repeat(30_000);
        let mut late_1252 = "nome;città\n".repeat(20_000).into_bytes();
        late_1252.extend_from_slice(b"caff\xE8 dell\x92arte \x80\n");
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        for u in "nome;città\n".repeat(9_000).encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let mut bad_bom = vec![0xEF, 0xBB, 0xBF];
        bad_bom.extend_from_slice(b"nome\ncitt\xE0\n");
        let mut cut = long_utf8.clone().into_bytes();
        cut.push(0xC3);
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"ab".to_vec(),
            long_utf8.into_bytes(),
            late_1252,
            utf16,
            "id;x\n".encode_utf16().flat_map(u16::to_be_bytes).collect(),
            "id;x\n".encode_utf16().flat_map(u16::to_le_bytes).collect(),
            bad_bom,
            [&[0xEF, 0xBB, 0xBF][..], "nome;città".as_bytes()].concat(),
            cut,
            vec![0xFE, 0xFF, 0x00],
        ];
        for (i, bytes) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.txt"));
            std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
            let (whole, encoding) = decode(bytes);
            assert_eq!(read_all(&path), (whole.into_owned(), encoding), "case {i}");
        }
    }
}
