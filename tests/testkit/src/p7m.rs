//! Signed envelopes (`.p7m`, CMS SignedData) for tests, made with an RSA key generated here
//! from a fixed seed and its self-signed certificate: DER, BER as signing tools write it
//! (indefinite lengths, content in segments), base64 text.
//!
//! For the checks of who signed: a test CA and certificates it issues ([`issue`]) with chosen
//! validity and key usage, envelopes with several signers, none, or chosen algorithms and
//! attributes ([`SignOptions`], [`sign_by`]), and a trusted list in the ETSI TS 119 612 format
//! ([`trusted_list_xml`]).

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

/// A test certificate authority (self-signed, valid 2020–2035), seed 21.
pub fn test_ca() -> &'static TestSigner {
    static CA: OnceLock<TestSigner> = OnceLock::new();
    CA.get_or_init(|| {
        issue(
            &CertSpec {
                subject: "CN=Test Qualified CA,O=Campanile Test Trust,C=IT".into(),
                seed: 21,
                serial: 1,
                not_before: 1_577_836_800, // 2020-01-01
                not_after: 2_082_758_400,  // 2036-01-01
                usage: Usage::Ca,
            },
            None,
        )
    })
}

/// The test "Sistema di Interscambio": a signer issued by [`test_ca`], valid 2023–2035, that
/// signs the test notifications.
pub fn sdi_signer() -> &'static TestSigner {
    static SDI: OnceLock<TestSigner> = OnceLock::new();
    SDI.get_or_init(|| {
        let mut spec = CertSpec::signer(
            "CN=Sistema Interscambio Fattura PA,OU=Servizi Telematici,O=Agenzia delle Entrate,C=IT",
            27,
        );
        spec.not_after = 2_082_758_400; // 2036-01-01, as the test CA
        issue(&spec, Some(test_ca()))
    })
}

/// The key usage written in a test certificate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Usage {
    /// A CA: keyCertSign and cRLSign, basicConstraints CA.
    Ca,
    /// A signer: digitalSignature and nonRepudiation.
    Signing,
    /// keyEncipherment only: not for signing.
    EnciphermentOnly,
    /// No key usage extension.
    Absent,
}

/// What certificate to make.
#[derive(Clone, Debug)]
pub struct CertSpec {
    /// RFC 4514 subject, e.g. `CN=Mario Rossi,C=IT`.
    pub subject: String,
    /// The key's seed (the same seed gives the same key).
    pub seed: u64,
    pub serial: u32,
    /// Validity, Unix seconds.
    pub not_before: u64,
    pub not_after: u64,
    pub usage: Usage,
}

impl CertSpec {
    /// A signer's certificate valid 2023–2027 (the envelopes' signing time is 2024-06-10).
    pub fn signer(subject: &str, seed: u64) -> CertSpec {
        CertSpec {
            subject: subject.into(),
            seed,
            serial: 100 + seed as u32,
            not_before: 1_672_531_200, // 2023-01-01
            not_after: 1_798_761_600,  // 2027-01-01
            usage: Usage::Signing,
        }
    }
}

struct TestProfile {
    issuer: Name,
    subject: Name,
    usage: Usage,
}

impl x509_cert::builder::profile::BuilderProfile for TestProfile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        _spk: x509_cert::spki::SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: x509_cert::spki::SubjectPublicKeyInfoRef<'_>,
        tbs: &x509_cert::TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<x509_cert::ext::Extension>> {
        use x509_cert::ext::ToExtension;
        use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
        let mut out = Vec::new();
        let usage = match self.usage {
            Usage::Ca => {
                out.push(
                    BasicConstraints {
                        ca: true,
                        path_len_constraint: None,
                    }
                    .to_extension(tbs.subject(), &out)?,
                );
                Some(KeyUsages::KeyCertSign | KeyUsages::CRLSign)
            }
            Usage::Signing => Some(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation),
            Usage::EnciphermentOnly => {
                Some(KeyUsages::KeyEncipherment | KeyUsages::DataEncipherment)
            }
            Usage::Absent => None,
        };
        if let Some(u) = usage {
            out.push(KeyUsage(u).to_extension(tbs.subject(), &out)?);
        }
        Ok(out)
    }
}

/// A certificate after `spec`, issued by `issuer` (`None`: self-signed), signed with SHA-256
/// and RSA.
pub fn issue(spec: &CertSpec, issuer: Option<&TestSigner>) -> TestSigner {
    let mut rng = rand::rngs::StdRng::seed_from_u64(spec.seed);
    let key = PrivateKey::new(&mut rng, 1024).unwrap();
    let public = PublicKey::from(&key);
    let spki = SubjectPublicKeyInfoOwned::from_key(&public).unwrap();
    let subject = Name::from_str(&spec.subject).unwrap();
    let profile = TestProfile {
        issuer: issuer.map_or_else(
            || subject.clone(),
            |i| i.cert.tbs_certificate().subject().clone(),
        ),
        subject,
        usage: spec.usage,
    };
    let time = |secs: u64| {
        x509_cert::time::Time::UtcTime(
            UtcTime::from_unix_duration(Duration::from_secs(secs)).unwrap(),
        )
    };
    let validity = Validity::new(time(spec.not_before), time(spec.not_after));
    let builder =
        CertificateBuilder::new(profile, SerialNumber::from(spec.serial), validity, spki).unwrap();
    let signing_key =
        SigningKey::<Sha256>::new(issuer.map_or_else(|| key.clone(), |i| i.key.clone()));
    let cert = builder
        .build::<_, rsa::pkcs1v15::Signature>(&signing_key)
        .unwrap();
    TestSigner { key, cert }
}

/// The certificate with its signature algorithm relabelled sha1WithRSAEncryption (in the
/// TBS and outside): a certificate "signed with SHA-1" (its signature no longer verifies
/// either; a checker must refuse it for the algorithm first).
pub fn relabel_sha1(cert: &Certificate) -> Certificate {
    let mut der = cert.to_der().unwrap();
    let sha256 = SHA256_WITH_RSA.to_der().unwrap();
    let sha1 = SHA1_WITH_RSA.to_der().unwrap();
    let mut i = 0;
    while i + sha256.len() <= der.len() {
        if der[i..i + sha256.len()] == sha256[..] {
            der[i..i + sha1.len()].copy_from_slice(&sha1);
        }
        i += 1;
    }
    Certificate::from_der(&der).unwrap()
}

/// A trusted list (ETSI TS 119 612) with one provider whose services carry `certs`, each with
/// its status (`granted`, `withdrawn`…, the last segment of the status URI).
pub fn trusted_list_xml(certs: &[(&Certificate, &str)]) -> String {
    use base64::Engine as _;
    let mut services = String::new();
    for (i, (cert, status)) in certs.iter().enumerate() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(cert.to_der().unwrap());
        services.push_str(&format!(
            r#"      <tsl:TSPService>
        <tsl:ServiceInformation>
          <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
          <tsl:ServiceName><tsl:Name xml:lang="en">Test service {i}</tsl:Name></tsl:ServiceName>
          <tsl:ServiceDigitalIdentity>
            <tsl:DigitalId><tsl:X509Certificate>{b64}</tsl:X509Certificate></tsl:DigitalId>
          </tsl:ServiceDigitalIdentity>
          <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/{status}</tsl:ServiceStatus>
          <tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>
        </tsl:ServiceInformation>
      </tsl:TSPService>
"#
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:TSLSequenceNumber>1</tsl:TSLSequenceNumber>
    <tsl:SchemeTerritory>IT</tsl:SchemeTerritory>
  </tsl:SchemeInformation>
  <tsl:TrustServiceProviderList>
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="en">Campanile Test Trust</tsl:Name></tsl:TSPName></tsl:TSPInformation>
      <tsl:TSPServices>
{services}      </tsl:TSPServices>
    </tsl:TrustServiceProvider>
  </tsl:TrustServiceProviderList>
</tsl:TrustServiceStatusList>
"#
    )
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
    /// The digest algorithm written (the digest is always SHA-256: a checker must refuse an
    /// algorithm it does not accept before computing anything).
    pub digest_oid: ObjectIdentifier,
    /// The signature algorithm written.
    pub signature_oid: ObjectIdentifier,
    /// The `signingTime` attribute (Unix seconds), or none.
    pub signing_time: Option<u64>,
    /// Write the `messageDigest` attribute.
    pub message_digest: bool,
    /// The `contentType` attribute's value.
    pub content_type: ObjectIdentifier,
}

/// SHA-1 (too weak), for [`SignOptions::digest_oid`].
pub const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
/// MD5, an algorithm no reader should take.
pub const ID_MD5: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.5");
/// sha1WithRSAEncryption.
pub const SHA1_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
/// ecdsa-with-SHA256, not supported by the reader.
pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// The signing time of the test envelopes: 2024-06-10.
pub const SIGNING_TIME: u64 = 1_718_000_000;

impl Default for SignOptions {
    fn default() -> Self {
        SignOptions {
            attached: true,
            signed_attributes: true,
            include_certificate: true,
            digest_oid: ID_SHA256,
            signature_oid: SHA256_WITH_RSA,
            signing_time: Some(SIGNING_TIME),
            message_digest: true,
            content_type: ID_DATA,
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
    sign_by(content, &[(signer, opts)], &[])
}

fn signer_info(content: &[u8], signer: &TestSigner, opts: SignOptions) -> SignerInfo {
    let digest = Sha256::digest(content).to_vec();
    let (signed_attrs, to_sign) = if opts.signed_attributes {
        let mut attrs = SetOfVec::new();
        attrs
            .insert(attr(
                ID_CONTENT_TYPE,
                Any::encode_from(&opts.content_type).unwrap(),
            ))
            .unwrap();
        if opts.message_digest {
            attrs
                .insert(attr(
                    ID_MESSAGE_DIGEST,
                    Any::encode_from(&OctetString::new(digest.clone()).unwrap()).unwrap(),
                ))
                .unwrap();
        }
        if let Some(secs) = opts.signing_time {
            let when = UtcTime::from_unix_duration(Duration::from_secs(secs)).unwrap();
            attrs
                .insert(attr(ID_SIGNING_TIME, Any::encode_from(&when).unwrap()))
                .unwrap();
        }
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
    SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: alg(opts.digest_oid),
        signed_attrs,
        signature_algorithm: alg(opts.signature_oid),
        signature: OctetString::new(signature).unwrap(),
        unsigned_attrs: None,
    }
}

/// A DER CMS SignedData over `content` with every signer of `signers` (none: an envelope
/// without signer), each with its options (the first's say whether the content is attached
/// and whether certificates are included), and `extra_certs` (intermediates) in the
/// certificate set.
pub fn sign_by(
    content: &[u8],
    signers: &[(&TestSigner, SignOptions)],
    extra_certs: &[&Certificate],
) -> Vec<u8> {
    let first = signers.first().map(|(_, o)| *o).unwrap_or_default();
    let mut digest_algorithms = SetOfVec::new();
    let mut signer_infos = SetOfVec::new();
    let mut certs = SetOfVec::new();
    for (signer, opts) in signers {
        let _ = digest_algorithms.insert(alg(opts.digest_oid));
        signer_infos
            .insert(signer_info(content, signer, *opts))
            .unwrap();
        if opts.include_certificate {
            let _ = certs.insert(CertificateChoices::Certificate(signer.cert.clone()));
        }
    }
    for c in extra_certs {
        let _ = certs.insert(CertificateChoices::Certificate((*c).clone()));
    }
    let certificates = (!certs.is_empty()).then_some(CertificateSet(certs));
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: first
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
