//! What can be wrong with an invoice file or a notification, and where.

use std::fmt;

/// Where in the XML document a problem is: the element path from the root (`[n]` numbers an
/// element among same-named siblings, from 1) and the line and column (from 1) of its start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.path, self.line, self.column
        )
    }
}

/// A file that cannot be read as an invoice or a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// Where in the XML, when the problem is inside the document.
    pub at: Option<Location>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind, at: None }
    }

    pub(crate) fn at(kind: ErrorKind, at: Location) -> Error {
        Error { kind, at: Some(at) }
    }

    /// True when a signed envelope was altered after signing (or its signature is not the
    /// signer's): the content must not be trusted.
    pub fn is_tampered(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Envelope(EnvelopeError::Tampered(_))
                | ErrorKind::NotificationSignature(
                    crate::sdi::signature::SignatureError::Tampered { .. }
                )
        )
    }
}

impl From<EnvelopeError> for Error {
    fn from(e: EnvelopeError) -> Error {
        Error::new(ErrorKind::Envelope(e))
    }
}

/// The kind of value an element should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A date and time, `YYYY-MM-DDThh:mm:ss` with optional fraction and offset.
    DateTime,
    /// An amount with at most two decimals, such as `1234.50`.
    Amount,
    /// A whole number of days (0 to 999).
    Days,
    /// A positive whole number.
    Integer,
    /// A code of the given shape, described for people (e.g. `6 letters or digits`).
    Code(&'static str),
    /// Text that is not empty.
    Text,
}

impl Expected {
    /// A stable identifier (used for message ids).
    pub fn code(self) -> &'static str {
        match self {
            Expected::Date => "date",
            Expected::DateTime => "date-time",
            Expected::Amount => "amount",
            Expected::Days => "days",
            Expected::Integer => "integer",
            Expected::Code(_) => "code",
            Expected::Text => "text",
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file is empty (or only blanks).
    Empty,
    /// The bytes are neither XML, nor a DER or base64 signed envelope.
    UnknownContent,
    /// The XML declares an encoding this reader does not know.
    UnknownEncoding { declared: String },
    /// The text is not well-formed XML.
    Xml { detail: String },
    /// The root element is not `FatturaElettronica`.
    NotInvoice { root: String },
    /// A simplified invoice (`FatturaElettronicaSemplificata`, FSM10): another schema.
    Simplified,
    /// The `versione` attribute is none of FPA12, FPR12 and 1.1.
    Version { found: String },
    /// `FormatoTrasmissione` says one format and the root's `versione` another.
    FormatMismatch { versione: String, formato: String },
    /// A required element is absent (the location is its parent's).
    Missing { element: &'static str },
    /// An element's value has the wrong shape.
    Invalid {
        element: &'static str,
        value: String,
        expected: Expected,
    },
    /// The file has no `FatturaElettronicaBody`.
    NoBody,
    /// The signed envelope (.p7m) cannot be opened or does not verify.
    Envelope(EnvelopeError),
    /// The root element is not one of the SdI notifications.
    NotNotification { root: String },
    /// The notification's file name names a type (RC, NS…) that its content is not.
    NotificationNameMismatch { in_name: String, in_content: String },
    /// The notification's XML signature is missing, does not verify, or cannot be checked.
    NotificationSignature(crate::sdi::signature::SignatureError),
}

/// Why a signed envelope (CMS / PKCS#7 SignedData, RFC 5652) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Base64 text that does not decode.
    Base64 { detail: String },
    /// The bytes are not a well-formed ASN.1 (BER/DER) structure of the expected shape.
    Asn1 { detail: String },
    /// The envelope is CMS, but not SignedData.
    NotSignedData { content_type: String },
    /// The signature is detached: the envelope does not hold the invoice.
    Detached,
    /// No signer information in the envelope.
    NoSigner,
    /// The certificate of the signer is not in the envelope.
    CertificateMissing,
    /// The signer's certificate or public key cannot be read.
    Certificate { detail: String },
    /// A digest algorithm this reader does not implement.
    UnsupportedDigest { oid: String },
    /// A signature algorithm this reader does not implement (RSA PKCS#1 v1.5 is supported).
    UnsupportedSignature { oid: String },
    /// SHA-1 as the digest or in the signature algorithm: refused as too weak.
    WeakAlgorithm { oid: String },
    /// Envelopes nested deeper than this reader follows.
    TooDeep,
    /// The envelope does not verify: its content or signed attributes changed after signing.
    Tampered(Tamper),
}

/// How a tampered envelope was found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    /// The content's digest differs from the signed `messageDigest` attribute (or, without
    /// signed attributes, the signature does not match the content).
    ContentDigest,
    /// The signature does not verify with the signer certificate's public key.
    Signature,
    /// The signed `contentType` attribute differs from the content's type.
    ContentType,
    /// The signed attributes lack the `messageDigest` (or `contentType`) attribute.
    MissingAttribute,
    /// A file that starts as a signed envelope but whose structure breaks at `offset`: bytes
    /// were changed, added or cut after signing (an edited invoice inside, a truncated copy).
    Structure { offset: usize },
}

impl Tamper {
    pub fn code(self) -> &'static str {
        match self {
            Tamper::ContentDigest => "content-digest",
            Tamper::Signature => "signature",
            Tamper::ContentType => "content-type",
            Tamper::MissingAttribute => "missing-attribute",
            Tamper::Structure { .. } => "structure",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Empty => write!(f, "the file is empty")?,
            ErrorKind::UnknownContent => write!(
                f,
                "the file is neither XML nor a signed envelope (.p7m, DER or base64)"
            )?,
            ErrorKind::UnknownEncoding { declared } => {
                write!(f, "the XML declares an unknown encoding \"{declared}\"")?
            }
            ErrorKind::Xml { detail } => write!(f, "not well-formed XML: {detail}")?,
            ErrorKind::NotInvoice { root } => write!(
                f,
                "the root element is <{root}>, not <FatturaElettronica>: not a FatturaPA invoice"
            )?,
            ErrorKind::Simplified => write!(
                f,
                "a simplified invoice (FSM10) is not supported, only FPA12, FPR12 and 1.1"
            )?,
            ErrorKind::Version { found } => write!(
                f,
                "the invoice's versione is \"{found}\": only FPA12, FPR12 and 1.1 (SDI11) are supported"
            )?,
            ErrorKind::FormatMismatch { versione, formato } => write!(
                f,
                "FormatoTrasmissione is {formato} but the root's versione is {versione}"
            )?,
            ErrorKind::Missing { element } => write!(f, "<{element}> is missing")?,
            ErrorKind::Invalid {
                element,
                value,
                expected,
            } => {
                write!(f, "<{element}> is \"{value}\", not ")?;
                match expected {
                    Expected::Date => write!(f, "a date (YYYY-MM-DD)")?,
                    Expected::DateTime => write!(f, "a date and time (YYYY-MM-DDThh:mm:ss)")?,
                    Expected::Amount => write!(f, "an amount with at most two decimals")?,
                    Expected::Days => write!(f, "a number of days (0-999)")?,
                    Expected::Integer => write!(f, "a positive whole number")?,
                    Expected::Code(shape) => write!(f, "a code of {shape}")?,
                    Expected::Text => write!(f, "text")?,
                }
            }
            ErrorKind::NoBody => write!(f, "the file holds no <FatturaElettronicaBody>")?,
            ErrorKind::Envelope(e) => write!(f, "{e}")?,
            ErrorKind::NotNotification { root } => {
                write!(f, "the root element <{root}> is not an SdI notification")?
            }
            ErrorKind::NotificationNameMismatch {
                in_name,
                in_content,
            } => write!(
                f,
                "the file name says {in_name} but the notification is {in_content}"
            )?,
            ErrorKind::NotificationSignature(e) => write!(f, "{e}")?,
        }
        if let Some(at) = &self.at {
            write!(f, " at {at}")?;
        }
        Ok(())
    }
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::Base64 { detail } => write!(f, "the base64 text is invalid: {detail}"),
            EnvelopeError::Asn1 { detail } => {
                write!(f, "the signed envelope is not well-formed: {detail}")
            }
            EnvelopeError::NotSignedData { content_type } => write!(
                f,
                "the envelope is CMS content of type {content_type}, not SignedData"
            ),
            EnvelopeError::Detached => write!(
                f,
                "the signature is detached: the envelope does not contain the invoice"
            ),
            EnvelopeError::NoSigner => write!(f, "the envelope has no signer"),
            EnvelopeError::CertificateMissing => {
                write!(f, "the signer's certificate is not in the envelope")
            }
            EnvelopeError::Certificate { detail } => {
                write!(f, "the signer's certificate cannot be read: {detail}")
            }
            EnvelopeError::UnsupportedDigest { oid } => {
                write!(f, "the digest algorithm {oid} is not supported")
            }
            EnvelopeError::UnsupportedSignature { oid } => {
                write!(f, "the signature algorithm {oid} is not supported")
            }
            EnvelopeError::WeakAlgorithm { oid } => write!(
                f,
                "the envelope is signed with SHA-1 ({oid}), refused as too weak"
            ),
            EnvelopeError::TooDeep => write!(f, "signed envelopes are nested too deep"),
            EnvelopeError::Tampered(t) => match t {
                Tamper::ContentDigest => write!(
                    f,
                    "TAMPERED envelope: the content does not match the signed digest"
                ),
                Tamper::Signature => write!(
                    f,
                    "TAMPERED envelope: the signature does not verify with the signer's key"
                ),
                Tamper::ContentType => write!(
                    f,
                    "TAMPERED envelope: the signed content type differs from the content's"
                ),
                Tamper::MissingAttribute => write!(
                    f,
                    "TAMPERED envelope: the signed attributes lack the content digest or type"
                ),
                Tamper::Structure { offset } => write!(
                    f,
                    "TAMPERED envelope: altered or damaged after signing, its structure breaks at byte {offset}"
                ),
            },
        }
    }
}

impl std::error::Error for Error {}
impl std::error::Error for EnvelopeError {}
