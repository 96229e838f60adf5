//! Signed envelopes (`.p7m`): CMS / PKCS#7 SignedData (RFC 5652) as CAdES signing tools
//! write it, DER or BER, raw or base64 (with or without line breaks or PEM armour), possibly
//! signed again inside. [`unwrap`] returns the signed content only after every signer verified.
//!
//! The verdict comes in two parts: the envelope is intact (else it is refused as
//! [`EnvelopeError::Tampered`] and its content is not returned), and, for each signer, who signed
//! ([`SignerTrust`]): verified against the anchors of a trusted list ([`unwrap_trusted`]), not
//! verified (no list given: [`unwrap`]), or untrusted.

mod ber;
pub mod trust;
mod verify;

pub use trust::{SignerTrust, TrustedList, TrustedListError, Untrusted};

use base64::Engine as _;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};

use crate::error::{EnvelopeError, Tamper};

const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

/// Envelopes inside envelopes (a file signed twice, one signature over the other) are opened
/// up to this depth.
const MAX_NESTING: usize = 4;

/// How the envelope was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Transport {
    /// Binary ASN.1 (DER or BER).
    Binary,
    /// Base64 text (with or without PEM armour).
    Base64,
}

/// One verified signer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Signer {
    /// The certificate's subject (RFC 4514 string).
    pub subject: String,
    /// The subject's common name, when present.
    pub common_name: Option<String>,
    /// The certificate's issuer (RFC 4514 string).
    pub issuer: String,
    /// The certificate's serial number, hexadecimal.
    pub serial: String,
    /// The `signingTime` signed attribute, when present (UTC).
    pub signing_time: Option<String>,
    /// The certificate's validity period (UTC).
    pub not_before: String,
    pub not_after: String,
    /// The digest algorithm (`SHA-256`…).
    pub digest: &'static str,
    /// Who signed: verified against a trusted list, not verified, or untrusted.
    pub trust: SignerTrust,
}

/// The signature of an invoice that came in a signed envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Signature {
    pub transport: Transport,
    /// Every signer, outermost envelope first; all with an intact signature.
    pub signers: Vec<Signer>,
}

impl Signature {
    /// The weakest trust verdict among the signers: untrusted, else not verified, else
    /// verified.
    pub fn trust(&self) -> &'static str {
        let codes: Vec<&str> = self.signers.iter().map(|s| s.trust.code()).collect();
        ["untrusted", "not-verified", "verified"]
            .into_iter()
            .find(|c| codes.contains(c))
            .unwrap_or("not-verified")
    }
}

/// What [`unwrap`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped {
    /// The signed content (the invoice's XML bytes).
    pub content: Vec<u8>,
    pub signature: Signature,
}

/// True when `bytes` (after leading blanks) look like a signed envelope rather than XML: DER
/// (a SEQUENCE), PEM armour, or base64 text.
pub fn looks_like_envelope(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return false;
    };
    let head = &bytes[start..];
    head[0] == 0x30 || head.starts_with(b"-----BEGIN") || looks_like_base64(head)
}

fn looks_like_base64(head: &[u8]) -> bool {
    let sample: Vec<u8> = head
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .take(64)
        .collect();
    sample.len() >= 16
        && sample
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
}

/// Opens a signed envelope and verifies it: for every signer, the signed `messageDigest`
/// against the content's digest, and the signature with the public key of the signer's
/// certificate. A content that changed after signing, or a signature that is not the
/// certificate's, is [`EnvelopeError::Tampered`]: its content is not returned.
pub fn unwrap(bytes: &[u8]) -> Result<Unwrapped, EnvelopeError> {
    unwrap_trusted(bytes, None)
}

/// [`unwrap`], and who signed judged against the anchors of `list` (no list: every signer
/// [`SignerTrust::NotVerified`]).
pub fn unwrap_trusted(
    bytes: &[u8],
    list: Option<&TrustedList>,
) -> Result<Unwrapped, EnvelopeError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let (mut der_input, transport) = if bytes.get(start) == Some(&0x30) {
        (bytes[start..].to_vec(), Transport::Binary)
    } else {
        (decode_base64(&bytes[start..])?, Transport::Base64)
    };
    let mut signers = Vec::new();
    for _ in 0..MAX_NESTING {
        let (content, mut found) = open(&der_input, list).map_err(|e| match e {
            OpenError::Structure(e) if claims_signed_data(&der_input) => {
                EnvelopeError::Tampered(Tamper::Structure {
                    offset: e.offset_in(&der_input),
                })
            }
            OpenError::Structure(e) => EnvelopeError::Asn1 {
                detail: format!("{e} at byte {}", e.offset_in(&der_input)),
            },
            OpenError::Envelope(e) => e,
        })?;
        signers.append(&mut found);
        if !is_signed_data(&content) {
            return Ok(Unwrapped {
                content,
                signature: Signature { transport, signers },
            });
        }
        der_input = content;
    }
    Err(EnvelopeError::TooDeep)
}

/// True when `bytes` is itself a CMS SignedData (an envelope signed again).
fn is_signed_data(bytes: &[u8]) -> bool {
    bytes.first() == Some(&0x30)
        && ber::to_der(bytes)
            .ok()
            .and_then(|der| ContentInfo::from_der(&der).ok())
            .is_some_and(|ci| ci.content_type == ID_SIGNED_DATA)
}

/// Base64 to bytes: PEM armour lines are dropped, blanks anywhere ignored, padding optional.
fn decode_base64(text: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let mut clean = Vec::with_capacity(text.len());
    for line in text.split(|b| *b == b'\n') {
        if line.trim_ascii().starts_with(b"-----") {
            continue;
        }
        clean.extend(line.iter().filter(|b| !b.is_ascii_whitespace()));
    }
    let config = base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent);
    let standard = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, config);
    let url_safe = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, config);
    let decoded = standard
        .decode(&clean)
        .or_else(|e| url_safe.decode(&clean).map_err(|_| e))
        .map_err(|e| EnvelopeError::Base64 {
            detail: e.to_string(),
        })?;
    if decoded.first() != Some(&0x30) {
        return Err(EnvelopeError::Asn1 {
            detail: "the decoded base64 is not an ASN.1 SEQUENCE".into(),
        });
    }
    Ok(decoded)
}

/// True when `bytes` start as a ContentInfo of type SignedData: a SEQUENCE whose first element
/// is the OID 1.2.840.113549.1.7.2.
fn claims_signed_data(bytes: &[u8]) -> bool {
    const OID: [u8; 11] = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02,
    ];
    let len_octets = match bytes.get(1) {
        Some(b) if *b <= 0x80 => 1,
        Some(b) => 1 + usize::from(b & 0x7f),
        None => return false,
    };
    bytes.first() == Some(&0x30)
        && bytes
            .get(1 + len_octets..1 + len_octets + OID.len())
            .is_some_and(|s| s == OID)
}

/// Why one envelope level did not open.
enum OpenError {
    /// The BER structure itself is broken.
    Structure(ber::BerError),
    Envelope(EnvelopeError),
}

impl From<EnvelopeError> for OpenError {
    fn from(e: EnvelopeError) -> OpenError {
        OpenError::Envelope(e)
    }
}

/// Opens one envelope level: its content and its verified signers.
fn open(input: &[u8], list: Option<&TrustedList>) -> Result<(Vec<u8>, Vec<Signer>), OpenError> {
    let asn1 = |e: String| EnvelopeError::Asn1 { detail: e };
    let der_bytes = ber::to_der(input).map_err(OpenError::Structure)?;
    let ci = ContentInfo::from_der(&der_bytes).map_err(|e| asn1(e.to_string()))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(EnvelopeError::NotSignedData {
            content_type: ci.content_type.to_string(),
        }
        .into());
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e: der::Error| asn1(e.to_string()))?;
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or(EnvelopeError::Detached)?;
    // After `to_der` the content is one primitive OCTET STRING.
    let content_der = econtent.to_der().map_err(|e| asn1(e.to_string()))?;
    let content = der::asn1::OctetString::from_der(&content_der)
        .map_err(|e| asn1(e.to_string()))?
        .into_bytes()
        .into_vec();
    let raw_signers = raw_signer_infos(&der_bytes).map_err(|e| asn1(e.to_string()))?;
    if raw_signers.is_empty() {
        return Err(EnvelopeError::NoSigner.into());
    }
    let content_type = sd.encap_content_info.econtent_type;
    let mut signers = Vec::with_capacity(raw_signers.len());
    for raw in raw_signers {
        signers.push(verify::signer(&sd, raw, &content_type, &content, list)?);
    }
    Ok((content, signers))
}

/// The DER of each SignerInfo, in the envelope's order: ContentInfo → [0] → SignedData →
/// signerInfos (its last element).
fn raw_signer_infos(der_bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let text = |e: ber::BerError| e.what;
    let (ci, _) = ber::read(der_bytes).map_err(text)?;
    let explicit = ber::children(&ci)
        .map_err(text)?
        .into_iter()
        .nth(1)
        .ok_or("the ContentInfo has no content")?;
    let sd = ber::children(&explicit)
        .map_err(text)?
        .into_iter()
        .next()
        .ok_or("the SignedData is empty")?;
    let set = ber::children(&sd)
        .map_err(text)?
        .into_iter()
        .last()
        .filter(|t| t.tag_byte() == 0x31)
        .ok_or("the SignedData has no signerInfos")?;
    Ok(ber::children(&set)
        .map_err(text)?
        .into_iter()
        .map(|t| t.raw)
        .collect())
}
