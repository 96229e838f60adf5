//! CSV reading: delimiter sniffing, header mapping resolved once, one reused record buffer.

use crate::opendata::QuarantineReason;

use std::collections::VecDeque;

use super::NormalizeError;
use super::headers::{Column, Field, classify_header_row};
use super::name_guess::{NameGuess, SAMPLE_ROWS};
use super::record::{Builder, RawRow, Val};
use super::text::clean;

/// Picks the delimiter from the header line (or, when it has none, the first of the next few
/// lines that has one): the most frequent of `;`, `,`, tab and `|` outside quotes (ties: `;`
/// then tab then `,` then `|`, since Italian exports use `;` because `,` is their decimal
/// separator).
pub fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b'\t', b',', b'|'];
    let mut rest = text;
    for _ in 0..6 {
        let mut counts = [0usize; 4];
        let mut in_quotes = false;
        let mut end = rest.len();
        for (i, b) in rest.bytes().enumerate() {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    end = i + 1;
                    break;
                }
                _ if !in_quotes => {
                    if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                        counts[i] += 1;
                    }
                }
                _ => {}
            }
        }
        let mut best = 0;
        for i in 1..CANDIDATES.len() {
            if counts[i] > counts[best] {
                best = i;
            }
        }
        if counts[best] > 0 || end >= rest.len() {
            return CANDIDATES[best];
        }
        rest = &rest[end..];
    }
    b';'
}

/// Excel's `sep=;` first line: the delimiter it names and the text after it.
fn excel_separator_hint(text: &str) -> Option<(u8, &str)> {
    let head = text.get(..4)?;
    if !head.eq_ignore_ascii_case("sep=") {
        return None;
    }
    let line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let d = *text.as_bytes().get(4)?;
    matches!(d, b';' | b',' | b'\t' | b'|').then(|| (d, &text[line_end..]))
}

/// How many lines before the header a file may have (a title, a date, a blank line).
const MAX_PREAMBLE: usize = 5;

/// The delimiter and where the rows start (after Excel's `sep=` line, if any).
fn dialect(text: &str) -> (u8, usize) {
    match excel_separator_hint(text) {
        Some((d, rest)) => (d, text.len() - rest.len()),
        None => (sniff_delimiter(text), 0),
    }
}

/// Whether the first `text` of a resource is enough for [`dialect`] to decide as it would on
/// the whole: the `sep=` line and the six lines [`sniff_delimiter`] may look at, each ended by
/// a line break outside quotes.
pub fn dialect_decided(text: &str) -> bool {
    if text.len() < 4 {
        return false;
    }
    let mut rest = text;
    if text
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("sep="))
    {
        match text.find('\n') {
            Some(i) => rest = &text[i + 1..],
            None => return false,
        }
    }
    let mut lines = 0;
    let mut in_quotes = false;
    for b in rest.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                lines += 1;
                if lines >= 6 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Reads a CSV resource (already decoded) into `builder`.
pub fn read(text: &str, builder: &mut Builder<'_>) -> Result<(), NormalizeError> {
    let (delimiter, skip) = dialect(text);
    let text = &text[skip..];
    // Reserve from the average length of the first lines: avoids regrowing a million POIs.
    let sample: Vec<usize> = text.lines().skip(1).take(20).map(str::len).collect();
    if !sample.is_empty() {
        let avg = sample.iter().sum::<usize>() / sample.len() + 1;
        builder.reserve((text.len() / avg).min(20_000_000));
    }
    read_rows(delimiter, text.as_bytes(), builder)
}

/// Reads a CSV resource from its text as a stream: `head` is its beginning (at least as far
/// as [`dialect_decided`] wants, or all of it), `rest` what follows.
pub fn read_stream(
    head: &[u8],
    head_text: &str,
    rest: impl std::io::Read,
    builder: &mut Builder<'_>,
) -> Result<(), NormalizeError> {
    let (delimiter, skip) = dialect(head_text);
    read_rows(
        delimiter,
        std::io::Read::chain(&head[skip..], rest),
        builder,
    )
}

/// Reads the rows (the header first) of a CSV whose delimiter is known.
fn read_rows(
    delimiter: u8,
    text: impl std::io::Read,
    builder: &mut Builder<'_>,
) -> Result<(), NormalizeError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text);
    // The header is the first line with at least two recognised columns (else the first with
    // one) among the first few: portals sometimes put a title line above it. The lines read
    // while looking are kept and processed as rows if they come after the header.
    let mut head: Vec<csv::StringRecord> = Vec::new();
    for _ in 0..=MAX_PREAMBLE {
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => head.push(record),
            Ok(false) => break,
            Err(e) => {
                return Err(NormalizeError::Syntax {
                    format: "CSV",
                    detail: format!("line {}: {e}", head.len() + 1),
                });
            }
        }
    }
    let recognised: Vec<usize> = head
        .iter()
        .map(|r| classify_header_row(r.iter()).iter().flatten().count())
        .collect();
    let header_at = recognised
        .iter()
        .position(|n| *n >= 2)
        .or_else(|| recognised.iter().position(|n| *n == 1));
    let Some(header_at) = header_at else {
        return Err(match head.first() {
            None => NormalizeError::Syntax {
                format: "CSV",
                detail: "the file is empty: no header row".into(),
            },
            Some(first) => NormalizeError::NoRecords {
                detail: format!(
                    "CSV: no recognisable column in the first {} lines, e.g. {:?} (delimiter {:?})",
                    head.len(),
                    first.iter().take(8).collect::<Vec<_>>(),
                    delimiter as char
                ),
                unmapped: None,
            },
        });
    };
    if header_at > 0 {
        tracing::warn!(
            skipped = header_at,
            "CSV: lines above the header skipped (title / preamble)"
        );
    }
    let mut buffered: VecDeque<Result<csv::StringRecord, csv::Error>> =
        head.split_off(header_at + 1).into_iter().map(Ok).collect();
    let header = head.pop().unwrap_or_default();
    let mut columns = classify_header_row(header.iter());
    // A sample of rows, kept to be processed, tells which column holds the name when none is
    // recognised by its header.
    while buffered.len() < SAMPLE_ROWS {
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => buffered.push_back(Ok(record)),
            Ok(false) => break,
            Err(e) => buffered.push_back(Err(e)),
        }
    }
    guess_name_column(&header, &mut columns, buffered.iter().flatten());
    for (h, c) in header.iter().zip(&columns) {
        builder.report.column(h.trim(), c.map(|c| c.field));
    }
    let width = header.len();
    // A trailing delimiter on the header line only: rows may stop before the empty names.
    let min_width = width
        - header
            .iter()
            .rev()
            .take_while(|h| h.trim().is_empty())
            .count();
    tracing::debug!(
        delimiter = %(delimiter as char),
        columns = width,
        mapped = columns.iter().flatten().count(),
        "CSV header resolved"
    );
    let mut record = csv::StringRecord::new();
    let mut row_no = 0u64;
    while !builder.stopped() {
        let next = match buffered.pop_front() {
            Some(Ok(r)) => {
                record = r;
                Ok(true)
            }
            Some(Err(e)) => Err(e),
            None => reader.read_record(&mut record),
        };
        match next {
            Ok(false) => break,
            Ok(true) => {
                row_no += 1;
                let len = record.len();
                let extra_empty =
                    len > width && record.iter().skip(width).all(|f| f.trim().is_empty());
                if (len < min_width || len > width) && !extra_empty {
                    let line = record.position().map_or(0, |p| p.line());
                    builder.quarantine(
                        row_no,
                        QuarantineReason::Malformed {
                            detail: format!("line {line}: expected {width} fields, found {len}"),
                        },
                    );
                    continue;
                }
                let mut row = RawRow::default();
                for (value, column) in record.iter().zip(&columns) {
                    if let Some(c) = column {
                        row.offer(c.field, c.prio, Val::S(value), c.crs);
                    }
                }
                builder.push(row_no, &row, || example(&header, &record));
            }
            Err(e) => {
                row_no += 1;
                let line = e.position().map_or(0, |p| p.line());
                builder.quarantine(
                    row_no,
                    QuarantineReason::Malformed {
                        detail: format!("line {line}: {e}"),
                    },
                );
                if row_no > 10_000_000 {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Reads the name from the most name-like column no header rule recognised, when the
/// recognised name columns leave most of the sampled rows nameless (see [`NameGuess`]).
fn guess_name_column<'r>(
    header: &csv::StringRecord,
    columns: &mut [Option<Column>],
    sample: impl Iterator<Item = &'r csv::StringRecord>,
) {
    let mut guess = NameGuess::default();
    for record in sample {
        let mut has_name = false;
        for ((h, value), c) in header.iter().zip(record.iter()).zip(columns.iter()) {
            match c {
                Some(c) => has_name |= c.field == Field::Name && clean(value).is_some(),
                None => guess.observe(h, value),
            }
        }
        guess.end_row(has_name);
    }
    if let Some(key) = guess.pick()
        && let Some(i) = header.iter().position(|h| h == key)
    {
        tracing::info!(
            column = key,
            "CSV: name read from the most name-like column"
        );
        columns[i] = Some(Column {
            field: Field::Name,
            prio: 9,
            crs: None,
        });
    }
}

/// A row as `header: value` pairs (the non-empty ones), for the example in messages.
fn example(header: &csv::StringRecord, record: &csv::StringRecord) -> String {
    header
        .iter()
        .zip(record.iter())
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(h, v)| format!("{}: {}", h.trim(), v.trim()))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::normalize::ResourceContext;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("Elenco dei musei\n\nnome,lat,lon\n"), b',');
        assert_eq!(
            excel_separator_hint("sep=,\r\nnome,lat\n"),
            Some((b',', "nome,lat\n"))
        );
        assert_eq!(excel_separator_hint("nome;lat\n"), None);
        assert_eq!(sniff_delimiter("a;b;c\n1,2;3,4;5"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1;2"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("\"a,x\";\"b\"\n"), b';');
        assert_eq!(sniff_delimiter("a|b|c"), b'|');
    }

    #[test]
    fn wrong_field_counts_are_quarantined_not_fatal() {
        let ctx = ResourceContext::default();
        let mut b = Builder::new(&ctx);
        let text = "nome;lat;lon;\nA;43,1;13,7\nB;43,1\nC;43,2;13,8;;\nD;43,2;13,8;;x\n";
        read(text, &mut b).unwrap_or_else(|e| panic!("{e}"));
        let out = b.finish();
        assert_eq!(out.rows, 4);
        let names: Vec<_> = out.pois.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["A", "C"]);
        let rows: Vec<_> = out.quarantine.iter().map(|q| q.row).collect();
        assert_eq!(rows, [2, 4]);
        assert!(matches!(
            &out.quarantine[0].reason,
            QuarantineReason::Malformed { detail } if detail.contains("line 3") && detail.contains("expected 4")
        ));
    }

    #[test]
    fn title_lines_and_excel_hint_before_the_header() {
        let ctx = ResourceContext::default();
        let mut b = Builder::new(&ctx);
        let text = "sep=,\nElenco dei musei,,\nAggiornato al 2024,,\nnome,lat,lon\nA,43.1,13.1\n";
        read(text, &mut b).unwrap_or_else(|e| panic!("{e}"));
        let out = b.finish();
        assert_eq!((out.rows, out.pois.len()), (1, 1));
        let mut b = Builder::new(&ctx);
        read("Elenco\nnome\nA\nB\n", &mut b).unwrap_or_else(|e| panic!("{e}"));
        let out = b.finish();
        assert_eq!((out.rows, out.quarantine.len()), (2, 2));
        assert_eq!(
            out.quarantine[0].reason,
            QuarantineReason::MissingCoordinates
        );
    }

    #[test]
    fn unreadable_header_is_an_error() {
        let ctx = ResourceContext::default();
        let mut b = Builder::new(&ctx);
        assert!(matches!(
            read("", &mut b),
            Err(NormalizeError::Syntax { .. })
        ));
        assert!(matches!(
            read("foo;bar\n1;2\n", &mut b),
            Err(NormalizeError::NoRecords { .. })
        ));
    }
}
