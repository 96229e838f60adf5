//! Verifying one signer of a SignedData (RFC 5652 §5.4, §5.6): the `messageDigest` signed
//! attribute against the content's digest, then the signature over the DER of the signed
//! attributes (or, without them, over the content) with the public key of the signer's
//! certificate.
//!
//! SHA-1, as digest or in the signature algorithm, is refused as too weak
//! ([`EnvelopeError::WeakAlgorithm`]). Who signed is judged afterwards against a trusted list
//! when one is given ([`super::trust`]); revocation is not checked.

use cms::cert::CertificateChoices;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use rsa::PublicKey as RsaPublicKey;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePublicKey;
use sha2::Digest;
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::time::Time;

use crate::error::{EnvelopeError, Tamper};

use super::Signer;
use super::trust::{self, TrustedList};

const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// The digest algorithms an envelope may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// From a digest algorithm OID, or a `shaNNNWithRSAEncryption` signature algorithm OID.
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        Some(match oid.to_string().as_str() {
            "1.3.14.3.2.26" | "1.2.840.113549.1.1.5" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.1" | "1.2.840.113549.1.1.11" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" | "1.2.840.113549.1.1.12" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" | "1.2.840.113549.1.1.13" => Hash::Sha512,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    pub(crate) fn pkcs1v15(self) -> Pkcs1v15Sign {
        match self {
            Hash::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
            Hash::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
            Hash::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
            Hash::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
        }
    }
}

fn asn1(e: impl std::fmt::Display) -> EnvelopeError {
    EnvelopeError::Asn1 {
        detail: e.to_string(),
    }
}

/// Verifies the signer whose SignerInfo is `raw_signer` (its DER, as found in the envelope)
/// over `content` of type `content_type`, then judges who signed against `list`.
pub(crate) fn signer(
    sd: &SignedData,
    raw_signer: &[u8],
    content_type: &ObjectIdentifier,
    content: &[u8],
    list: Option<&TrustedList>,
) -> Result<Signer, EnvelopeError> {
    let si = SignerInfo::from_der(raw_signer).map_err(asn1)?;
    let hash =
        Hash::from_oid(&si.digest_alg.oid).ok_or_else(|| EnvelopeError::UnsupportedDigest {
            oid: si.digest_alg.oid.to_string(),
        })?;
    if hash == Hash::Sha1 {
        return Err(EnvelopeError::WeakAlgorithm {
            oid: si.digest_alg.oid.to_string(),
        });
    }
    let sig_oid = si.signature_algorithm.oid;
    let sig_hash = if sig_oid == RSA_ENCRYPTION {
        hash
    } else {
        Hash::from_oid(&sig_oid)
            .filter(|_| sig_oid.to_string().starts_with("1.2.840.113549.1.1."))
            .ok_or_else(|| EnvelopeError::UnsupportedSignature {
                oid: sig_oid.to_string(),
            })?
    };
    if sig_hash == Hash::Sha1 {
        return Err(EnvelopeError::WeakAlgorithm {
            oid: sig_oid.to_string(),
        });
    }
    let cert = find_certificate(sd, &si.sid)?;
    let spki = cert.tbs_certificate().subject_public_key_info();
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Err(EnvelopeError::UnsupportedSignature {
            oid: spki.algorithm.oid.to_string(),
        });
    }
    let spki_der = spki.to_der().map_err(asn1)?;
    let key =
        RsaPublicKey::from_public_key_der(&spki_der).map_err(|e| EnvelopeError::Certificate {
            detail: e.to_string(),
        })?;

    let content_digest = hash.digest(content);
    let mut signing_time = None;
    let mut signed_at = None;
    let signed = match &si.signed_attrs {
        Some(attrs) => {
            let mut digest_found = false;
            let mut type_found = false;
            for attr in attrs.iter() {
                let Some(value) = attr.values.iter().next() else {
                    continue;
                };
                if attr.oid == ID_MESSAGE_DIGEST {
                    let d = value.decode_as::<OctetString>().map_err(asn1)?;
                    if d.as_bytes() != content_digest.as_slice() {
                        return Err(EnvelopeError::Tampered(Tamper::ContentDigest));
                    }
                    digest_found = true;
                } else if attr.oid == ID_CONTENT_TYPE {
                    let t = value.decode_as::<ObjectIdentifier>().map_err(asn1)?;
                    if &t != content_type {
                        return Err(EnvelopeError::Tampered(Tamper::ContentType));
                    }
                    type_found = true;
                } else if attr.oid == ID_SIGNING_TIME {
                    let t = value.decode_as::<Time>().ok();
                    signing_time = t.map(|t| t.to_string());
                    signed_at = t.as_ref().map(trust::system_time);
                }
            }
            if !digest_found || !type_found {
                return Err(EnvelopeError::Tampered(Tamper::MissingAttribute));
            }
            signed_attributes_der(raw_signer)?
        }
        None => content.to_vec(),
    };
    let hashed = sig_hash.digest(&signed);
    if key
        .verify(sig_hash.pkcs1v15(), &hashed, si.signature.as_bytes())
        .is_err()
    {
        return Err(if si.signed_attrs.is_some() {
            EnvelopeError::Tampered(Tamper::Signature)
        } else {
            EnvelopeError::Tampered(Tamper::ContentDigest)
        });
    }
    let others: Vec<&Certificate> = sd
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let trust = trust::judge(list, cert, &others, signed_at);
    let tbs = cert.tbs_certificate();
    Ok(Signer {
        subject: tbs.subject().to_string(),
        common_name: tbs.subject().common_name().ok().flatten().map(String::from),
        issuer: tbs.issuer().to_string(),
        serial: tbs
            .serial_number()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect(),
        signing_time,
        not_before: tbs.validity().not_before.to_string(),
        not_after: tbs.validity().not_after.to_string(),
        digest: hash.name(),
        trust,
    })
}

/// The certificate that `sid` names, from the envelope's certificate set.
fn find_certificate<'a>(
    sd: &'a SignedData,
    sid: &SignerIdentifier,
) -> Result<&'a Certificate, EnvelopeError> {
    let certs = sd
        .certificates
        .as_ref()
        .ok_or(EnvelopeError::CertificateMissing)?;
    certs
        .0
        .iter()
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert),
            CertificateChoices::Other(_) => None,
        })
        .find(|cert| {
            let tbs = cert.tbs_certificate();
            match sid {
                SignerIdentifier::IssuerAndSerialNumber(ias) => {
                    tbs.issuer() == &ias.issuer && tbs.serial_number() == &ias.serial_number
                }
                SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
                    .get_extension::<SubjectKeyIdentifier>()
                    .ok()
                    .flatten()
                    .is_some_and(|(_, own)| own.0 == ski.0),
            }
        })
        .ok_or(EnvelopeError::CertificateMissing)
}

/// The signed attributes as they were signed: their DER with the SET OF tag in place of the
/// `[0] IMPLICIT` tag (RFC 5652 §5.4). Taken from the envelope's own bytes, never re-encoded,
/// since a re-encoding may order the attributes differently.
fn signed_attributes_der(raw_signer: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let (seq, _) = super::ber::read(raw_signer).map_err(asn1)?;
    let attrs = super::ber::children(&seq)
        .map_err(asn1)?
        .into_iter()
        .find(|c| c.tag_byte() == 0xA0)
        .ok_or_else(|| asn1("signed attributes not found"))?;
    let mut out = attrs.raw.to_vec();
    if let Some(first) = out.first_mut() {
        *first = 0x31;
    }
    Ok(out)
}
