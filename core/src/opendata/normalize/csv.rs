//! CSV reading: delimiter sniffing, header mapping resolved once, one reused record buffer.

use crate::opendata::QuarantineReason;

use super::NormalizeError;
use super::headers::classify_header_row;
use super::record::{Builder, RawRow, Val};

/// Picks the delimiter from the header line: the most frequent of `;`, `,`, tab and `|`
/// outside quotes (ties: `;` then tab then `,` then `|`, since Italian exports use `;` because
/// `,` is their decimal separator).
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    const CANDIDATES: [u8; 4] = [b';', b'\t', b',', b'|'];
    let mut in_quotes = false;
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
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
    CANDIDATES[best]
}

/// Reads a CSV resource (already decoded) into `builder`.
pub fn read(text: &str, builder: &mut Builder<'_>) -> Result<(), NormalizeError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    match reader.read_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            return Err(NormalizeError::Syntax {
                format: "CSV",
                detail: "the file is empty: no header row".into(),
            });
        }
        Err(e) => {
            return Err(NormalizeError::Syntax {
                format: "CSV",
                detail: format!("header row: {e}"),
            });
        }
    }
    let columns = classify_header_row(header.iter());
    if columns.iter().all(Option::is_none) {
        return Err(NormalizeError::NoRecords {
            detail: format!(
                "CSV line 1: no recognisable column in header {:?} (delimiter {:?})",
                header.iter().take(8).collect::<Vec<_>>(),
                delimiter as char
            ),
        });
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
    // Reserve from the average length of the first lines: avoids regrowing a million POIs.
    let sample: Vec<usize> = text.lines().skip(1).take(20).map(str::len).collect();
    if !sample.is_empty() {
        let avg = sample.iter().sum::<usize>() / sample.len() + 1;
        builder.reserve((text.len() / avg).min(20_000_000));
    }
    let mut record = csv::StringRecord::new();
    let mut row_no = 0u64;
    loop {
        match reader.read_record(&mut record) {
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
                builder.push(row_no, &row);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opendata::normalize::ResourceContext;

    #[test]
    fn delimiters() {
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
