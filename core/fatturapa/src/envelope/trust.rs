//! Who signed: the signer's certificate checked against trust anchors read from a trusted list
//! in the ETSI TS 119 612 format (the EU "List of Trusted Lists" and the national lists, such
//! as AgID's for Italy, are published in it).
//!
//! A trusted list is `TrustServiceStatusList / TrustServiceProviderList /
//! TrustServiceProvider* / TSPServices / TSPService* / ServiceInformation`, where each service
//! has a `ServiceStatus` (a URI ending in `/granted` for a service currently trusted; older
//! lists say `/undersupervision` or `/accredited`) and a `ServiceDigitalIdentity / DigitalId /
//! X509Certificate` (base64 DER). The certificates of the services in a trusted status are the
//! anchors. The list's own XML signature is not checked here: the comune configures a file it
//! obtained from the publisher.
//!
//! A signer is *verified* when its certificate chains (through the certificates in the
//! envelope) to an anchor, every certificate of the chain being signed by the next with RSA
//! and SHA-2, valid at the signing time (the `signingTime` signed attribute, else the time of
//! the check), and the signer's certificate allows signing (key usage `digitalSignature` or
//! `nonRepudiation`, or no key usage extension). Revocation (CRL, OCSP) is not checked.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use rsa::PublicKey as RsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use x509_cert::Certificate;
use x509_cert::ext::pkix::KeyUsage;

use super::verify::Hash;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// How far a chain is followed (signer, intermediates, anchor).
const MAX_CHAIN: usize = 6;

/// Service statuses that make a service's certificate an anchor: `granted` (TS 119 612 v2),
/// and the v1 statuses `undersupervision` and `accredited` that older lists still carry.
const TRUSTED_STATUSES: [&str; 3] = ["/granted", "/undersupervision", "/accredited"];

/// The trust anchors of a trusted list.
#[derive(Debug, Clone)]
pub struct TrustedList {
    anchors: Vec<Certificate>,
}

/// Why a trusted list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedListError {
    /// Not well-formed XML.
    Xml { detail: String },
    /// The root is not `TrustServiceStatusList`.
    NotTrustedList { root: String },
    /// An `X509Certificate` of a granted service that is not a certificate; `service` is the
    /// service's position (1-based) in the list.
    Certificate { service: usize, detail: String },
    /// No service in a trusted status carries a certificate.
    NoAnchor,
}

impl std::fmt::Display for TrustedListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrustedListError::Xml { detail } => {
                write!(f, "the trusted list is not well-formed XML: {detail}")
            }
            TrustedListError::NotTrustedList { root } => write!(
                f,
                "the root element is <{root}>, not <TrustServiceStatusList>: not an ETSI TS 119 612 trusted list"
            ),
            TrustedListError::Certificate { service, detail } => write!(
                f,
                "the certificate of TSPService {service} of the trusted list cannot be read: {detail}"
            ),
            TrustedListError::NoAnchor => write!(
                f,
                "the trusted list has no service in the granted status with a certificate"
            ),
        }
    }
}

impl std::error::Error for TrustedListError {}

impl TrustedList {
    /// Reads a trusted list (TS 119 612 XML).
    pub fn from_xml(bytes: &[u8]) -> Result<TrustedList, TrustedListError> {
        let text = String::from_utf8_lossy(bytes);
        let text = text.trim_start_matches('\u{feff}');
        let options = roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: 20_000_000,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
            TrustedListError::Xml {
                detail: e.to_string(),
            }
        })?;
        let root = doc.root_element();
        if root.tag_name().name() != "TrustServiceStatusList" {
            return Err(TrustedListError::NotTrustedList {
                root: root.tag_name().name().to_string(),
            });
        }
        let named = |n: &roxmltree::Node<'_, '_>, local: &str| {
            n.is_element() && n.tag_name().name() == local
        };
        let mut anchors = Vec::new();
        let services = root.descendants().filter(|n| named(n, "TSPService"));
        for (i, service) in services.enumerate() {
            let Some(info) = service.children().find(|n| named(n, "ServiceInformation")) else {
                continue;
            };
            let status = info
                .children()
                .find(|n| named(n, "ServiceStatus"))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .trim();
            if !TRUSTED_STATUSES.iter().any(|s| status.ends_with(s)) {
                continue;
            }
            let Some(identity) = info.children().find(|n| named(n, "ServiceDigitalIdentity"))
            else {
                continue;
            };
            for cert in identity
                .descendants()
                .filter(|n| named(n, "X509Certificate"))
            {
                let b64: String = cert
                    .text()
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace())
                    .collect();
                let bad = |detail: String| TrustedListError::Certificate {
                    service: i + 1,
                    detail,
                };
                let der = base64::engine::general_purpose::STANDARD
                    .decode(b64.as_bytes())
                    .map_err(|e| bad(e.to_string()))?;
                anchors.push(Certificate::from_der(&der).map_err(|e| bad(e.to_string()))?);
            }
        }
        if anchors.is_empty() {
            return Err(TrustedListError::NoAnchor);
        }
        Ok(TrustedList { anchors })
    }

    /// How many anchors the list gives.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

/// The verdict on who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        tag = "verdict",
        rename_all = "kebab-case",
        rename_all_fields = "kebab-case"
    )
)]
pub enum SignerTrust {
    /// The certificate chains to an anchor of the trusted list (its subject).
    Verified { anchor: String },
    /// No trusted list was given: who signed is what the certificate says, unchecked.
    NotVerified,
    /// The certificate does not pass: why.
    Untrusted { reason: Untrusted },
}

/// Why a signer is untrusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Untrusted {
    /// The certificate is self-signed and not an anchor.
    SelfSigned,
    /// No chain from the certificate to an anchor of the list.
    NoChain,
    /// A certificate of the chain was not valid at the signing time.
    NotValidAtSigningTime,
    /// The signer's certificate does not allow signing (key usage).
    KeyUsage,
    /// A certificate of the chain is signed with SHA-1 (too weak) or an unsupported algorithm.
    WeakCertificateSignature,
}

impl Untrusted {
    pub fn code(self) -> &'static str {
        match self {
            Untrusted::SelfSigned => "self-signed",
            Untrusted::NoChain => "no-chain",
            Untrusted::NotValidAtSigningTime => "not-valid-at-signing-time",
            Untrusted::KeyUsage => "key-usage",
            Untrusted::WeakCertificateSignature => "weak-certificate-signature",
        }
    }
}

impl SignerTrust {
    /// `verified`, `not-verified` or `untrusted`.
    pub fn code(&self) -> &'static str {
        match self {
            SignerTrust::Verified { .. } => "verified",
            SignerTrust::NotVerified => "not-verified",
            SignerTrust::Untrusted { .. } => "untrusted",
        }
    }
}

/// Judges `signer` (whose signature already verified), with the other certificates of the
/// envelope as possible intermediates, at `signing_time` (else now).
pub(crate) fn judge(
    list: Option<&TrustedList>,
    signer: &Certificate,
    envelope_certs: &[&Certificate],
    signing_time: Option<SystemTime>,
) -> SignerTrust {
    let Some(list) = list else {
        return SignerTrust::NotVerified;
    };
    let untrusted = |reason| SignerTrust::Untrusted { reason };
    let at = signing_time.unwrap_or_else(SystemTime::now);
    match chain_to_anchor(list, signer, envelope_certs, at) {
        Ok(anchor) => {
            if let Ok(Some((_, ku))) = signer.tbs_certificate().get_extension::<KeyUsage>()
                && !(ku.digital_signature() || ku.non_repudiation())
            {
                return untrusted(Untrusted::KeyUsage);
            }
            SignerTrust::Verified { anchor }
        }
        Err(reason) => untrusted(reason),
    }
}

/// The subject of the anchor that `signer` chains to, valid at `at` all along.
fn chain_to_anchor(
    list: &TrustedList,
    signer: &Certificate,
    envelope_certs: &[&Certificate],
    at: SystemTime,
) -> Result<String, Untrusted> {
    let untrusted = Err;
    let mut current = signer;
    let mut chain = Vec::new();
    for _ in 0..MAX_CHAIN {
        chain.push(current);
        if let Some(anchor) = list.anchors.iter().find(|a| *a == current) {
            // The chain is found; each of its certificates must be valid at signing time.
            if chain.iter().any(|c| !valid_at(c, at)) {
                return untrusted(Untrusted::NotValidAtSigningTime);
            }
            return Ok(anchor.tbs_certificate().subject().to_string());
        }
        let issuer_name = current.tbs_certificate().issuer();
        let candidates = list
            .anchors
            .iter()
            .chain(envelope_certs.iter().copied())
            .filter(|c| *c != current && c.tbs_certificate().subject() == issuer_name);
        let mut next = None;
        let mut weak = false;
        for c in candidates {
            match signed_by(current, c) {
                Check::Yes => {
                    next = Some(c);
                    break;
                }
                Check::Weak => weak = true,
                Check::No => {}
            }
        }
        match next {
            Some(issuer) => current = issuer,
            None if weak => return untrusted(Untrusted::WeakCertificateSignature),
            None if current.tbs_certificate().issuer() == current.tbs_certificate().subject() => {
                return untrusted(Untrusted::SelfSigned);
            }
            None => return untrusted(Untrusted::NoChain),
        }
    }
    untrusted(Untrusted::NoChain)
}

fn valid_at(cert: &Certificate, at: SystemTime) -> bool {
    let v = cert.tbs_certificate().validity();
    system_time(&v.not_before) <= at && at <= system_time(&v.not_after)
}

enum Check {
    Yes,
    No,
    /// Signed with SHA-1 or an algorithm this reader does not take.
    Weak,
}

/// Whether `cert` is signed by the key of `issuer` (RSA PKCS#1 v1.5 with SHA-2).
fn signed_by(cert: &Certificate, issuer: &Certificate) -> Check {
    let oid = cert.signature_algorithm().oid;
    let hash = match Hash::from_oid(&oid) {
        Some(h) if h != Hash::Sha1 && oid.to_string().starts_with("1.2.840.113549.1.1.") => h,
        _ => return Check::Weak,
    };
    let spki = issuer.tbs_certificate().subject_public_key_info();
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Check::Weak;
    }
    let (Ok(spki_der), Ok(tbs_der)) = (spki.to_der(), cert.tbs_certificate().to_der()) else {
        return Check::No;
    };
    let Ok(key) = RsaPublicKey::from_public_key_der(&spki_der) else {
        return Check::No;
    };
    let Some(sig) = cert.signature().as_bytes() else {
        return Check::No;
    };
    match key.verify(hash.pkcs1v15(), &hash.digest(&tbs_der), sig) {
        Ok(()) => Check::Yes,
        Err(_) => Check::No,
    }
}

/// A `signingTime` as a system time.
pub(crate) fn system_time(t: &x509_cert::time::Time) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(t.to_unix_duration().as_secs())
}
