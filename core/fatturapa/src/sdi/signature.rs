//! SdI's signature on its notifications: an enveloped XML signature (XAdES-BES) in
//! `ds:Signature` under the root, as SdI writes it: exclusive canonicalisation, RSA-SHA256, a
//! reference to the whole document (`URI=""`) with the signature taken out by an XPath
//! Filter 2.0 `subtract` transform (or the enveloped-signature transform), and the signing
//! certificate in `ds:KeyInfo`.
//!
//! The XML signature itself (canonicalisation, transforms such as XPath Filter 2.0, digests,
//! RSA) is checked by Debian's xmlsec library (libxmlsec1, through the `xmlsec` crate); this
//! module adds what SdI's notifications require: a signature must be there, its key is the
//! certificate in `ds:KeyInfo`, one of its references must cover the whole document, and the
//! certificate is judged against a trusted list when one is given ([`SignerTrust`]).

use std::time::SystemTime;

use base64::Engine as _;
use der::Decode;
use x509_cert::Certificate;
use xmlsec::{XmlSecDocumentExt, XmlSecKey, XmlSecKeyFormat, XmlSecSignatureContext};

use crate::envelope::trust::{self, SignerTrust, TrustedList};

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Who signed a notification, its signature intact.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NotificationSignature {
    /// The signing certificate's subject (RFC 4514).
    pub subject: String,
    /// Its common name (`Sistema Interscambio Fattura PA`).
    pub common_name: Option<String>,
    /// Its issuer (RFC 4514).
    pub issuer: String,
    /// The XAdES `SigningTime`, when present, as written.
    pub signing_time: Option<String>,
    /// Verified against the trusted list, not verified (no list), or untrusted.
    pub trust: SignerTrust,
}

/// Why a notification's signature is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// No `ds:Signature`: not as SdI sends it.
    Unsigned,
    /// The signature does not verify: the notification or its signature was changed after
    /// signing (`detail` says what failed).
    Tampered { detail: String },
    /// The signature cannot be checked: an unsupported algorithm, no certificate, a
    /// malformed structure.
    Unverifiable { detail: String },
}

impl SignatureError {
    /// `unsigned`, `tampered` or `unverifiable`.
    pub fn code(&self) -> &'static str {
        match self {
            SignatureError::Unsigned => "unsigned",
            SignatureError::Tampered { .. } => "tampered",
            SignatureError::Unverifiable { .. } => "unverifiable",
        }
    }
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::Unsigned => write!(
                f,
                "the notification is not signed: SdI signs every notification (ds:Signature is missing)"
            ),
            SignatureError::Tampered { detail } => write!(
                f,
                "TAMPERED notification: its XML signature does not verify ({detail})"
            ),
            SignatureError::Unverifiable { detail } => {
                write!(
                    f,
                    "the notification's signature cannot be checked: {detail}"
                )
            }
        }
    }
}

fn unverifiable(detail: impl Into<String>) -> SignatureError {
    SignatureError::Unverifiable {
        detail: detail.into(),
    }
}

/// Checks the signature of a notification's XML `text`, and who signed against `list`.
pub fn verify(
    text: &str,
    list: Option<&TrustedList>,
) -> Result<NotificationSignature, SignatureError> {
    let text = text.trim_start_matches('\u{feff}');
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let tree = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| unverifiable(e.to_string()))?;
    let root = tree.root_element();
    let signatures: Vec<_> = root
        .children()
        .filter(|n| is_dsig(n, "Signature"))
        .collect();
    let signature = match signatures.as_slice() {
        [] => return Err(SignatureError::Unsigned),
        [one] => *one,
        _ => return Err(unverifiable("more than one ds:Signature under the root")),
    };
    // Enveloped: one reference is the whole document (URI=""), with only transforms that take
    // out the signature itself or canonicalise: never one that selects a part.
    let whole = signature
        .descendants()
        .filter(|n| is_dsig(n, "Reference"))
        .any(|r| r.attribute("URI") == Some("") && keeps_whole_document(&r));
    if !whole {
        return Err(unverifiable(
            "no reference covers the whole notification (URI=\"\")",
        ));
    }
    let certs: Vec<Certificate> = signature
        .descendants()
        .filter(|n| is_dsig(n, "KeyInfo"))
        .flat_map(|k| k.descendants().filter(|n| is_dsig(n, "X509Certificate")))
        .filter_map(|n| {
            let b64: String = n
                .text()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let der = base64::engine::general_purpose::STANDARD
                .decode(b64.as_bytes())
                .ok()?;
            Certificate::from_der(&der).ok()
        })
        .collect();
    let Some(cert) = certs.first() else {
        return Err(unverifiable("no readable X509Certificate in ds:KeyInfo"));
    };
    let cert_der = der::Encode::to_der(cert).map_err(|e| unverifiable(e.to_string()))?;

    // The XML signature, by xmlsec, with the certificate's key; who the certificate belongs
    // to is judged below against the comune's trusted list.
    let doc = libxml::parser::Parser::default()
        .parse_string(text)
        .map_err(|e| unverifiable(format!("{e:?}")))?;
    if text.contains(" Id=") {
        // References such as #SignedProperties_1 name elements by their Id attribute.
        doc.specify_idattr("//*[@Id]", "Id", None)
            .map_err(|e| unverifiable(e.to_string()))?;
    }
    let key = XmlSecKey::from_memory(&cert_der, XmlSecKeyFormat::CertDer, None)
        .map_err(|e| unverifiable(format!("the certificate's key cannot be used: {e}")))?;
    let mut ctx = XmlSecSignatureContext::new();
    ctx.insert_key(key);
    match ctx.verify_document(&doc) {
        Ok(true) => {}
        Ok(false) => {
            return Err(SignatureError::Tampered {
                detail: "a digest or the signature value does not match".into(),
            });
        }
        Err(e) => return Err(unverifiable(e.to_string())),
    }

    let signing_time = xades_signing_time(signature);
    let at = signing_time.as_deref().and_then(parse_xml_time);
    let others: Vec<&Certificate> = certs.iter().skip(1).collect();
    let tbs = cert.tbs_certificate();
    Ok(NotificationSignature {
        subject: tbs.subject().to_string(),
        common_name: tbs.subject().common_name().ok().flatten().map(String::from),
        issuer: tbs.issuer().to_string(),
        signing_time,
        trust: trust::judge(list, cert, &others, at),
    })
}

/// The transforms of `reference` only take the signature out (enveloped-signature, or XPath
/// Filter 2.0 `subtract` filters) or canonicalise.
fn keeps_whole_document(reference: &roxmltree::Node<'_, '_>) -> bool {
    const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    const FILTER2: &str = "http://www.w3.org/2002/06/xmldsig-filter2";
    const C14N: [&str; 5] = [
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
        "http://www.w3.org/2006/12/xml-c14n11",
    ];
    reference
        .descendants()
        .filter(|n| is_dsig(n, "Transform"))
        .all(|t| match t.attribute("Algorithm").unwrap_or_default() {
            ENVELOPED => true,
            FILTER2 => t
                .children()
                .filter(roxmltree::Node::is_element)
                .all(|x| x.attribute("Filter") == Some("subtract")),
            a => C14N.contains(&a),
        })
}

fn is_dsig(n: &roxmltree::Node<'_, '_>, local: &str) -> bool {
    n.is_element() && n.tag_name().name() == local && n.tag_name().namespace() == Some(DSIG)
}

/// The XAdES `SigningTime` (under `SignedProperties`, hence signed), when there is one.
fn xades_signing_time(signature: roxmltree::Node<'_, '_>) -> Option<String> {
    signature
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "SigningTime")
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
}

/// `xs:dateTime` with an offset or `Z` (XAdES writes one) to a system time.
fn parse_xml_time(t: &str) -> Option<SystemTime> {
    let dt = chrono::DateTime::parse_from_rfc3339(t).ok()?;
    let secs = u64::try_from(dt.timestamp()).ok()?;
    Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}
