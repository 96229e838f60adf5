//! Turns a downloaded resource (CSV, GeoJSON, JSON array) into [`Poi`]s and a quarantine report.
//!
//! Pipeline: [`encoding`] (BOM / UTF-8 / UTF-16 / Windows-1252) → format detection (content
//! first, the declared format as tie-breaker) → a reader ([`csv`](self::csv) or [`json`]) that
//! offers each row's values to a format-independent row → [`record`] maps it with
//! [`headers`] (which column is what), [`coords`] + [`crs`] (WGS84 inside Italy),
//! [`category_map`] (taxonomy) and [`stable_id`].
//!
//! Every data row, feature or element becomes exactly one POI or one quarantine entry
//! (`rows == pois + quarantine`); only a resource that cannot be read at all is an error.
//!
//! Bytes in memory are read whole ([`normalize_with_report`]); a file on disk can be read as a
//! stream ([`normalize_file`]): the same encoding decision (made on the whole file by a first
//! pass in chunks), the same format detection and readers, the same [`record`] mapping and ids,
//! its output handed to a [`Sink`] in batches, so that memory is bounded by the batch.

use super::model::{Poi, QuarantineEntry};

pub(crate) mod category_map;
pub(crate) mod coords;
pub mod crs;
mod csv;
pub(crate) mod encoding;
pub(crate) mod geojson;
pub(crate) mod headers;
mod json;
pub mod jvalue;
mod name_guess;
mod record;
pub mod report;
pub(crate) mod stable_id;
mod stream;
mod text;

pub use category_map::{category_from_dataset, category_from_text};
pub use crs::Crs;
pub use encoding::DetectedEncoding;
pub use record::{Sink, istat_code};
pub use report::{ReadReport, Tally, Unmapped};

/// What is known about a resource before reading it: where it comes from and what its dataset
/// says about it (tags, licence, format, reference system).
#[derive(Debug, Clone, Default)]
pub struct ResourceContext {
    /// The dataset the resource belongs to.
    pub dataset_id: String,
    /// The resource's id inside the dataset.
    pub resource_id: String,
    /// URL or file name, used in quarantine entries.
    pub resource_name: String,
    /// The dataset's human title.
    pub dataset_title: Option<String>,
    /// Dataset tags / keywords and group names: they drive the default category.
    pub tags: Vec<String>,
    /// The licence to record on the POIs.
    pub licence: Option<String>,
    /// Whom to credit on the POIs.
    pub attribution: Option<String>,
    /// The declared format (`CSV`, `GeoJSON`, `JSON`, a MIME type …), if any.
    pub format: Option<String>,
    /// A declared coordinate reference system such as `EPSG:3003`, if any.
    pub crs: Option<String>,
}

/// The outcome of normalising one resource.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The POIs mapped.
    pub pois: Vec<Poi>,
    /// The rows that could not be mapped, and why.
    pub quarantine: Vec<QuarantineEntry>,
    /// Data rows / features / elements read (= pois + quarantine).
    pub rows: u64,
}

/// Why a whole resource could not be read. Each variant has a Fluent message
/// `normalize-error-<kebab-variant>`.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    /// Neither CSV nor JSON (a PDF, a ZIP, XML, …); the text says what was found.
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
    /// The syntax is broken beyond row level; `detail` says where (line, column).
    #[error("not valid {format}: {detail}")]
    Syntax {
        /// The format it claims to be (`CSV`, `JSON`).
        format: &'static str,
        /// Where and how the syntax breaks.
        detail: String,
    },
    /// Readable, but holding no point-of-interest records: no recognisable column, no array of
    /// records, or (`unmapped`, said by the importer) rows none of which could be mapped.
    #[error("no point-of-interest records: {detail}")]
    NoRecords {
        /// Why no records were found.
        detail: String,
        /// When there were rows but every one went to quarantine: the commonest reason, the
        /// columns tried and an example row (message `normalize-error-nothing-mapped`).
        unmapped: Option<Box<Unmapped>>,
    },
}

impl NormalizeError {
    /// The Fluent message id (`normalize-error-…`).
    pub fn message_id(&self) -> &'static str {
        match self {
            NormalizeError::UnsupportedFormat(_) => "normalize-error-unsupported-format",
            NormalizeError::Syntax { .. } => "normalize-error-syntax",
            NormalizeError::NoRecords {
                unmapped: Some(_), ..
            } => "normalize-error-nothing-mapped",
            NormalizeError::NoRecords { .. } => "normalize-error-no-records",
        }
    }

    /// The error of a resource that has rows none of which mapped.
    pub fn nothing_mapped(unmapped: Unmapped) -> NormalizeError {
        let detail = format!(
            "all {} rows quarantined (mostly {}); name columns: [{}]; coordinate columns: [{}]",
            unmapped.rows,
            unmapped.reason.code(),
            unmapped.name_columns.join(", "),
            unmapped.coordinate_columns.join(", "),
        );
        NormalizeError::NoRecords {
            detail,
            unmapped: Some(Box::new(unmapped)),
        }
    }

    /// The message's Fluent variables, by name (`$format`, `$detail`).
    pub fn fluent_args(&self) -> Vec<(&'static str, String)> {
        match self {
            NormalizeError::UnsupportedFormat(format) => vec![("format", format.clone())],
            NormalizeError::Syntax { format, detail } => {
                vec![
                    ("format", (*format).to_string()),
                    ("detail", detail.clone()),
                ]
            }
            NormalizeError::NoRecords {
                unmapped: Some(u), ..
            } => u.fluent_args(),
            NormalizeError::NoRecords { detail, .. } => vec![("detail", detail.clone())],
        }
    }
}

/// The formats [`normalize`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV.
    Csv,
    /// GeoJSON or plain JSON (told apart inside).
    Json,
}

/// Detects the format from the content, with the declared format as tie-breaker: text starting
/// with `{` is JSON; `[` is JSON unless a CSV was declared; binary / XML / HTML content is
/// unsupported; anything else is CSV.
pub fn detect_format(text: &str, declared: Option<&str>) -> Result<Format, NormalizeError> {
    let declared = declared.map(str::to_ascii_lowercase).unwrap_or_default();
    let declared_csv =
        declared.contains("csv") || declared.contains("tsv") || declared.contains("text/plain");
    let start = text.trim_start();
    if start.starts_with('{') {
        return Ok(Format::Json);
    }
    if start.starts_with('[') && !declared_csv {
        return Ok(Format::Json);
    }
    if start.is_empty() {
        return Err(NormalizeError::Syntax {
            format: if declared.contains("json") {
                "JSON"
            } else {
                "CSV"
            },
            detail: "the resource is empty".into(),
        });
    }
    let head: String = start.chars().take(16).collect();
    let lower = head.to_ascii_lowercase();
    let what = if lower.starts_with("%pdf") {
        Some("PDF document")
    } else if head.starts_with("PK\u{3}\u{4}") {
        Some("ZIP archive (e.g. XLSX, shapefile)")
    } else if lower.starts_with("<?xml") || lower.starts_with("<rdf") || lower.starts_with("<kml") {
        Some("XML document")
    } else if lower.starts_with("<!doctype") || lower.starts_with("<html") {
        Some("HTML page")
    } else if start.chars().take(512).any(|c| c == '\0') {
        Some("binary data")
    } else {
        None
    };
    match what {
        Some(w) => Err(NormalizeError::UnsupportedFormat(format!(
            "{w} (declared {})",
            if declared.is_empty() {
                "nothing"
            } else {
                &declared
            }
        ))),
        None => Ok(Format::Csv),
    }
}

/// Normalises one resource's bytes.
pub fn normalize(bytes: &[u8], ctx: &ResourceContext) -> Result<Normalized, NormalizeError> {
    normalize_with_report(bytes, ctx).map(|(out, _)| out)
}

/// [`normalize`], with what was seen of the resource's columns (to say why nothing mapped).
pub fn normalize_with_report(
    bytes: &[u8],
    ctx: &ResourceContext,
) -> Result<(Normalized, ReadReport), NormalizeError> {
    let (text, encoding) = encoding::decode(bytes);
    let format = detect_format(&text, ctx.format.as_deref())?;
    let mut builder = record::Builder::new(ctx);
    match format {
        Format::Csv => csv::read(&text, &mut builder)?,
        Format::Json => json::read(&text, &mut builder)?,
    }
    let (out, report) = builder.finish_with_report();
    tracing::info!(
        resource = %ctx.resource_name,
        ?encoding,
        ?format,
        rows = out.rows,
        pois = out.pois.len(),
        quarantined = out.quarantine.len(),
        "resource normalised"
    );
    Ok((out, report))
}

/// What reading a file as a stream ([`normalize_file`]) found, its rows gone to the sink.
#[derive(Debug, Clone)]
pub struct Streamed {
    /// The counts of its rows.
    pub tally: Tally,
    /// What was seen of its columns.
    pub report: ReadReport,
    /// The most POIs and quarantine entries held at once (at most the batch size).
    pub max_held: usize,
}

/// Why a file could not be read as a stream.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// The file cannot be read.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The resource cannot be normalised: what [`normalize_with_report`] says of its bytes.
    #[error(transparent)]
    Normalize(#[from] NormalizeError),
    /// Only reading it whole tells what it holds (a JSON syntax error, a single record, no
    /// array of records, …): read it with [`normalize_with_report`]; whatever the sink took
    /// is to be thrown away.
    #[error("the resource has to be read whole")]
    ReadWhole,
}

/// Normalises the file at `path` as [`normalize_with_report`] normalises its bytes, reading
/// it in chunks and handing the POIs and quarantine entries to `sink` every `batch` rows:
/// the memory it takes is bounded by the batch, not by the file (beyond a set of the ids
/// handed out, to suffix duplicates). The encoding is decided on the whole file first (one
/// pass); a JSON object is walked once to find its array of records, then read again.
pub fn normalize_file(
    path: &std::path::Path,
    ctx: &ResourceContext,
    sink: &mut dyn Sink,
    batch: usize,
) -> Result<Streamed, StreamError> {
    let decoding = stream::detect(path)?;
    let mut text = stream::Text::open(path, &decoding)?;
    // What `detect_format` looks at: 512 characters past the leading white space.
    text.read_head_until(|h| h.trim_start().chars().nth(512).is_some())?;
    let format = detect_format(text.head(), ctx.format.as_deref())?;
    let mut builder = record::Builder::streaming(ctx, sink, batch);
    match format {
        Format::Csv => {
            text.read_head_until(csv::dialect_decided)?;
            let whole_chars = text.head().len();
            let (head, rest) = text.into_parts();
            let head_text = std::str::from_utf8(&head[..whole_chars]).unwrap_or_default();
            csv::read_stream(&head, head_text, rest, &mut builder)?;
        }
        Format::Json => {
            let reopen = || stream::TextReader::open(path, &decoding);
            if json::read_stream(text, &reopen, &mut builder)?.is_err() {
                return Err(StreamError::ReadWhole);
            }
        }
    }
    let (tally, report, max_held) = builder.finish_streaming();
    tracing::info!(
        resource = %ctx.resource_name,
        encoding = ?decoding.encoding,
        ?format,
        rows = tally.rows,
        pois = tally.mapped,
        quarantined = tally.quarantined,
        "resource normalised"
    );
    Ok(Streamed {
        tally,
        report,
        max_held,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_detection() {
        assert_eq!(
            detect_format("{\"a\":1}", Some("CSV")).ok(),
            Some(Format::Json)
        );
        assert_eq!(detect_format(" [1]", None).ok(), Some(Format::Json));
        assert_eq!(
            detect_format("[id];nome\n", Some("text/csv")).ok(),
            Some(Format::Csv)
        );
        assert_eq!(
            detect_format("nome;lat\n", Some("JSON")).ok(),
            Some(Format::Csv)
        );
        assert!(matches!(
            detect_format("%PDF-1.4 ...", Some("CSV")),
            Err(NormalizeError::UnsupportedFormat(_))
        ));
        assert!(matches!(
            detect_format("<?xml version=\"1.0\"?><rdf:RDF>", None),
            Err(NormalizeError::UnsupportedFormat(_))
        ));
        assert!(matches!(
            detect_format("  ", None),
            Err(NormalizeError::Syntax { .. })
        ));
    }

    #[test]
    fn rows_add_up() {
        let ctx = ResourceContext {
            resource_name: "t.csv".into(),
            ..Default::default()
        };
        let out = normalize(b"nome,lat,lon\nA,43.1,13.1\n,43.1,13.1\nC,0,0\n", &ctx)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.rows, 3);
        assert_eq!(out.rows as usize, out.pois.len() + out.quarantine.len());
        assert_eq!(
            NormalizeError::NoRecords {
                detail: String::new(),
                unmapped: None,
            }
            .message_id(),
            "normalize-error-no-records"
        );
    }
}
