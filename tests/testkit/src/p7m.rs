//! Signed envelopes (`.p7m`, CMS SignedData) for tests, made with an RSA key generated here
//! from a fixed seed and its self-signed certificate: DER, BER as signing tools write it
//! (indefinite lengths, content in segments), base64 text.

use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode};
use rand::SeedableRng;
use rsa::pkcs1v15::{Pkcs1v15Sign, SigningKey};
use rsa::{PrivateKey, PublicKey};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::builder::{Builder, CertificateBuilder, profile::cabf};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::Validity;

pub const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

/// A signer: an RSA key made here (deterministically, from a fixed seed) and its self-signed
/// certificate.
pub struct TestSigner {
    pub key: PrivateKey,
    pub cert: Certificate,
}

/// The test signer, made once per test binary (key generation is the slow part).
pub fn signer() -> &'static TestSigner {
    static SIGNER: OnceLock<TestSigner> = OnceLock::new();
    SIGNER.get_or_init(|| make_signer("CN=Mario Rossi,O=Tipografia Picena Srl,C=IT", 7))
}

/// A second, unrelated signer.
pub fn other_signer() -> &'static TestSigner {
    static SIGNER: OnceLock<TestSigner> = OnceLock::new();
    SIGNER.get_or_init(|| make_signer("CN=Anna Bianchi,O=Studio Bianchi,C=IT", 11))
}

fn make_signer(subject: &str, seed: u64) -> TestSigner {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let key = PrivateKey::new(&mut rng, 1024).unwrap();
    let public = PublicKey::from(&key);
    let spki = SubjectPublicKeyInfoOwned::from_key(&public).unwrap();
    let profile = cabf::Root::new(false, Name::from_str(subject).unwrap()).unwrap();
    let validity = Validity::from_now(Duration::from_secs(3 * 365 * 86_400)).unwrap();
    let builder =
        CertificateBuilder::new(profile, SerialNumber::from(4242u32), validity, spki).unwrap();
    let signing_key = SigningKey::<Sha256>::new(key.clone());
    let cert = builder
        .build::<_, rsa::pkcs1v15::Signature>(&signing_key)
        .unwrap();
    TestSigner { key, cert }
}

/// How to sign.
#[derive(Clone, Copy)]
pub struct SignOptions {
    /// Put the content in the envelope (false: a detached signature).
    pub attached: bool,
    /// Sign attributes (contentType, messageDigest, signingTime), as CAdES does; false signs
    /// the content directly.
    pub signed_attributes: bool,
    /// Put the signer's certificate in the envelope.
    pub include_certificate: bool,
}

impl Default for SignOptions {
    fn default() -> Self {
        SignOptions {
            attached: true,
            signed_attributes: true,
            include_certificate: true,
        }
    }
}

fn alg(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: Some(Any::null()),
    }
}

fn attr(oid: ObjectIdentifier, value: Any) -> Attribute {
    let mut values = SetOfVec::new();
    values.insert(value).unwrap();
    Attribute { oid, values }
}

/// A DER CMS SignedData over `content`, signed by `signer` with SHA-256 and RSA PKCS#1 v1.5.
pub fn sign(content: &[u8], signer: &TestSigner, opts: SignOptions) -> Vec<u8> {
    let digest = Sha256::digest(content).to_vec();
    let (signed_attrs, to_sign) = if opts.signed_attributes {
        let mut attrs = SetOfVec::new();
        attrs
            .insert(attr(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA).unwrap()))
            .unwrap();
        attrs
            .insert(attr(
                ID_MESSAGE_DIGEST,
                Any::encode_from(&OctetString::new(digest.clone()).unwrap()).unwrap(),
            ))
            .unwrap();
        let when = UtcTime::from_unix_duration(Duration::from_secs(1_718_000_000)).unwrap();
        attrs
            .insert(attr(ID_SIGNING_TIME, Any::encode_from(&when).unwrap()))
            .unwrap();
        let der = attrs.to_der().unwrap();
        (Some(attrs), der)
    } else {
        (None, content.to_vec())
    };
    let signature = signer
        .key
        .sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(&to_sign))
        .unwrap();
    let tbs = signer.cert.tbs_certificate();
    let si = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: alg(ID_SHA256),
        signed_attrs,
        signature_algorithm: alg(SHA256_WITH_RSA),
        signature: OctetString::new(signature).unwrap(),
        unsigned_attrs: None,
    };
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(alg(ID_SHA256)).unwrap();
    let mut signer_infos = SetOfVec::new();
    signer_infos.insert(si).unwrap();
    let certificates = opts.include_certificate.then(|| {
        let mut set = SetOfVec::new();
        set.insert(CertificateChoices::Certificate(signer.cert.clone()))
            .unwrap();
        CertificateSet(set)
    });
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: opts
                .attached
                .then(|| Any::encode_from(&OctetString::new(content.to_vec()).unwrap()).unwrap()),
        },
        certificates,
        crls: None,
        signer_infos: SignerInfos(signer_infos),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// Base64 of `der` in lines of `width` characters ending with `eol`.
pub fn base64_lines(der: &[u8], width: usize, eol: &str) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push_str(eol);
    }
    out
}

// A tiny DER reader for the tests that rewrite envelopes as BER.

/// (header length, content length) of the DER element at the start of `d`.
fn header(d: &[u8]) -> (usize, usize) {
    let l = d[1];
    if l < 0x80 {
        (2, usize::from(l))
    } else {
        let n = usize::from(l & 0x7f);
        let len = d[2..2 + n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b));
        (2 + n, len)
    }
}

/// The elements inside the DER element at the start of `d`.
fn kids(d: &[u8]) -> Vec<&[u8]> {
    let (h, len) = header(d);
    let mut rest = &d[h..h + len];
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (hh, ll) = header(rest);
        out.push(&rest[..hh + ll]);
        rest = &rest[hh + ll..];
    }
    out
}

/// `tag` with an indefinite length around `parts`, closed by end-of-contents.
fn indefinite(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut v = vec![tag, 0x80];
    for p in parts {
        v.extend_from_slice(p);
    }
    v.extend_from_slice(&[0, 0]);
    v
}

/// The DER envelope rewritten as signing tools write BER: indefinite lengths down to the
/// content, and the content as a constructed OCTET STRING of `chunk`-byte segments.
pub fn to_ber(der: &[u8], chunk: usize) -> Vec<u8> {
    let ci = kids(der);
    let explicit = ci[1];
    let sd = kids(explicit)[0];
    let sd_parts = kids(sd);
    let eci = kids(sd_parts[2]);
    let octets = kids(eci[1])[0];
    let (h, len) = header(octets);
    let content = &octets[h..h + len];
    let segments: Vec<Vec<u8>> = content
        .chunks(chunk)
        .map(|c| {
            let mut seg = vec![0x04];
            let l = c.len();
            if l < 0x80 {
                seg.push(l as u8);
            } else {
                seg.extend_from_slice(&[0x82, (l >> 8) as u8, l as u8]);
            }
            seg.extend_from_slice(c);
            seg
        })
        .collect();
    let seg_refs: Vec<&[u8]> = segments.iter().map(Vec::as_slice).collect();
    let constructed = indefinite(0x24, &seg_refs);
    let wrapped = indefinite(0xA0, &[&constructed]);
    let eci_ber = indefinite(0x30, &[eci[0], &wrapped]);
    let mut parts: Vec<&[u8]> = vec![sd_parts[0], sd_parts[1], &eci_ber];
    parts.extend_from_slice(&sd_parts[3..]);
    let sd_ber = indefinite(0x30, &parts);
    let explicit_ber = indefinite(0xA0, &[&sd_ber]);
    indefinite(0x30, &[ci[0], &explicit_ber])
}

/// The position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

/// Decodes `der` as a ContentInfo (checks the fixtures themselves are well formed).
pub fn is_content_info(der: &[u8]) -> bool {
    ContentInfo::from_der(der).is_ok()
}
