//! Who signed an envelope: every verdict of the two-part check (intact or tampered; signer
//! verified, not verified or untrusted), and every refusal, with envelopes, certificates and
//! a trusted list (ETSI TS 119 612) that the tests make themselves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::OnceLock;

use campanile_fatturapa::envelope::{
    SignerTrust, TrustedList, TrustedListError, Untrusted, unwrap, unwrap_trusted,
};
use campanile_fatturapa::{EnvelopeError, ErrorKind, Tamper, read_invoice_trusted};
use support::{
    CertSpec, ECDSA_WITH_SHA256, ID_MD5, ID_SHA1, SHA1_WITH_RSA, SIGNING_TIME, SignOptions, Spec,
    TestSigner, Usage, find, issue, relabel_sha1, sign, sign_by, signer, test_ca, trusted_list_xml,
};

fn content() -> Vec<u8> {
    Spec::fpa12().bytes()
}

/// Mario Rossi's certificate, issued by the test CA, valid 2023–2027.
fn rossi() -> &'static TestSigner {
    static S: OnceLock<TestSigner> = OnceLock::new();
    S.get_or_init(|| {
        issue(
            &CertSpec::signer("CN=Mario Rossi,O=Tipografia Picena Srl,C=IT", 31),
            Some(test_ca()),
        )
    })
}

/// Anna Bianchi's certificate, issued by the test CA.
fn bianchi() -> &'static TestSigner {
    static S: OnceLock<TestSigner> = OnceLock::new();
    S.get_or_init(|| {
        issue(
            &CertSpec::signer("CN=Anna Bianchi,O=Studio Bianchi,C=IT", 32),
            Some(test_ca()),
        )
    })
}

/// The list that trusts the test CA.
fn list() -> TrustedList {
    let xml = trusted_list_xml(&[(&test_ca().cert, "granted")]);
    TrustedList::from_xml(xml.as_bytes()).unwrap()
}

fn verdicts(p7m: &[u8], list: Option<&TrustedList>) -> Vec<SignerTrust> {
    unwrap_trusted(p7m, list)
        .unwrap()
        .signature
        .signers
        .into_iter()
        .map(|s| s.trust)
        .collect()
}

fn refusal(p7m: &[u8]) -> EnvelopeError {
    unwrap_trusted(p7m, Some(&list())).unwrap_err()
}

const CA_SUBJECT: &str = "CN=Test Qualified CA,O=Campanile Test Trust,C=IT";

fn verified() -> SignerTrust {
    SignerTrust::Verified {
        anchor: CA_SUBJECT.into(),
    }
}

fn untrusted(reason: Untrusted) -> SignerTrust {
    SignerTrust::Untrusted { reason }
}

#[test]
fn intact_and_issued_by_a_listed_ca_is_verified() {
    let p7m = sign(&content(), rossi(), SignOptions::default());
    assert_eq!(verdicts(&p7m, Some(&list())), vec![verified()]);
    // Through the invoice reader too.
    let inv = read_invoice_trusted(&p7m, Some(&list())).unwrap();
    let sig = inv.signature.unwrap();
    assert_eq!(sig.trust(), "verified");
    assert_eq!(sig.signers[0].common_name.as_deref(), Some("Mario Rossi"));
}

#[test]
fn without_a_trusted_list_the_signer_is_not_verified() {
    let p7m = sign(&content(), rossi(), SignOptions::default());
    assert_eq!(verdicts(&p7m, None), vec![SignerTrust::NotVerified]);
    assert_eq!(
        unwrap(&p7m).unwrap().signature.signers[0].trust,
        SignerTrust::NotVerified
    );
    assert_eq!(unwrap(&p7m).unwrap().signature.trust(), "not-verified");
}

#[test]
fn a_self_signed_signer_under_any_name_is_untrusted() {
    // The old test signer: a self-signed "Mario Rossi" anyone can make.
    let p7m = sign(&content(), signer(), SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::SelfSigned)]
    );
    let sig = unwrap_trusted(&p7m, Some(&list())).unwrap().signature;
    assert_eq!(sig.trust(), "untrusted");
}

#[test]
fn a_ca_that_is_not_in_the_list_gives_no_chain() {
    let other_ca = issue(
        &CertSpec {
            subject: "CN=Rogue CA,C=IT".into(),
            seed: 41,
            serial: 9,
            not_before: 1_577_836_800,
            not_after: 2_082_758_400,
            usage: Usage::Ca,
        },
        None,
    );
    let leaf = issue(
        &CertSpec::signer("CN=Mario Rossi,C=IT", 42),
        Some(&other_ca),
    );
    // With the rogue CA in the envelope too: it is not an anchor.
    let p7m = sign_by(
        &content(),
        &[(&leaf, SignOptions::default())],
        &[&other_ca.cert],
    );
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::SelfSigned)]
    );
    let p7m = sign(&content(), &leaf, SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::NoChain)]
    );
    // A certificate that claims the listed CA as issuer but is signed by another key.
    let mut spec = CertSpec::signer("CN=Mario Rossi,C=IT", 43);
    spec.serial = 777;
    let forged_ca = TestSigner {
        key: other_ca.key.clone(),
        cert: test_ca().cert.clone(),
    };
    let forged = issue(&spec, Some(&forged_ca));
    let p7m = sign(&content(), &forged, SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::NoChain)]
    );
}

#[test]
fn an_intermediate_in_the_envelope_completes_the_chain() {
    let intermediate = issue(
        &CertSpec {
            subject: "CN=Test Issuing CA,O=Campanile Test Trust,C=IT".into(),
            seed: 51,
            serial: 2,
            not_before: 1_577_836_800,
            not_after: 2_051_222_400,
            usage: Usage::Ca,
        },
        Some(test_ca()),
    );
    let leaf = issue(
        &CertSpec::signer("CN=Luca Verdi,C=IT", 52),
        Some(&intermediate),
    );
    let p7m = sign_by(
        &content(),
        &[(&leaf, SignOptions::default())],
        &[&intermediate.cert],
    );
    assert_eq!(verdicts(&p7m, Some(&list())), vec![verified()]);
    // Without it, no chain.
    let p7m = sign(&content(), &leaf, SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::NoChain)]
    );
}

#[test]
fn a_certificate_expired_or_not_yet_valid_at_signing_time_is_untrusted() {
    let mut spec = CertSpec::signer("CN=Mario Rossi,C=IT", 61);
    spec.not_before = 1_577_836_800; // 2020-01-01
    spec.not_after = 1_704_067_200; // 2024-01-01, before the signing time 2024-06-10
    let expired = issue(&spec, Some(test_ca()));
    let p7m = sign(&content(), &expired, SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::NotValidAtSigningTime)]
    );
    // The same certificate signing while it was valid is verified.
    let opts = SignOptions {
        signing_time: Some(1_650_000_000), // 2022-04-15
        ..SignOptions::default()
    };
    let p7m = sign(&content(), &expired, opts);
    assert_eq!(verdicts(&p7m, Some(&list())), vec![verified()]);
    // Signed before the certificate existed.
    let opts = SignOptions {
        signing_time: Some(1_500_000_000), // 2017
        ..SignOptions::default()
    };
    let p7m = sign(&content(), &expired, opts);
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::NotValidAtSigningTime)]
    );
    // Without signingTime the time of the check counts: 2026 and later, after 2024-01-01.
    let opts = SignOptions {
        signing_time: None,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), &expired, opts);
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::NotValidAtSigningTime)]
    );
    assert!(SIGNING_TIME > spec.not_after);
}

#[test]
fn a_certificate_not_for_signing_is_untrusted_and_no_key_usage_is_allowed() {
    let mut spec = CertSpec::signer("CN=Mario Rossi,C=IT", 71);
    spec.usage = Usage::EnciphermentOnly;
    let p7m = sign(
        &content(),
        &issue(&spec, Some(test_ca())),
        SignOptions::default(),
    );
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::KeyUsage)]
    );
    spec.usage = Usage::Absent;
    spec.seed = 72;
    let p7m = sign(
        &content(),
        &issue(&spec, Some(test_ca())),
        SignOptions::default(),
    );
    assert_eq!(verdicts(&p7m, Some(&list())), vec![verified()]);
}

#[test]
fn a_certificate_signed_with_sha1_is_untrusted() {
    let mut leaf = issue(
        &CertSpec::signer("CN=Mario Rossi,C=IT", 81),
        Some(test_ca()),
    );
    leaf.cert = relabel_sha1(&leaf.cert);
    let p7m = sign(&content(), &leaf, SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&list())),
        vec![untrusted(Untrusted::WeakCertificateSignature)]
    );
}

#[test]
fn two_co_signers_each_get_their_verdict() {
    let p7m = sign_by(
        &content(),
        &[
            (rossi(), SignOptions::default()),
            (signer(), SignOptions::default()),
        ],
        &[],
    );
    let mut got = verdicts(&p7m, Some(&list()));
    got.sort_by_key(|t| t.code());
    assert_eq!(got, vec![untrusted(Untrusted::SelfSigned), verified()]);
    let sig = unwrap_trusted(&p7m, Some(&list())).unwrap().signature;
    assert_eq!(sig.signers.len(), 2);
    assert_eq!(sig.trust(), "untrusted", "the weakest verdict sums up");

    let both = sign_by(
        &content(),
        &[
            (rossi(), SignOptions::default()),
            (bianchi(), SignOptions::default()),
        ],
        &[],
    );
    assert_eq!(verdicts(&both, Some(&list())), vec![verified(), verified()]);
    // One co-signer's altered signature (the envelope's last bytes) makes the whole
    // envelope tampered.
    let mut bad = both.clone();
    let at = bad.len() - 40;
    bad[at] ^= 0x01;
    assert_eq!(
        unwrap_trusted(&bad, Some(&list())).unwrap_err(),
        EnvelopeError::Tampered(Tamper::Signature)
    );
}

#[test]
fn an_envelope_without_signer_is_refused() {
    let p7m = sign_by(&content(), &[], &[&rossi().cert]);
    assert_eq!(refusal(&p7m), EnvelopeError::NoSigner);
}

#[test]
fn a_missing_message_digest_or_a_wrong_content_type_is_tampered() {
    let opts = SignOptions {
        message_digest: false,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), rossi(), opts);
    assert_eq!(
        refusal(&p7m),
        EnvelopeError::Tampered(Tamper::MissingAttribute)
    );
    let opts = SignOptions {
        content_type: support::ID_SIGNED_DATA,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), rossi(), opts);
    assert_eq!(refusal(&p7m), EnvelopeError::Tampered(Tamper::ContentType));
    // Tampered means not read at all, trusted list or not.
    let e = read_invoice_trusted(&p7m, Some(&list())).unwrap_err();
    assert!(e.is_tampered());
}

#[test]
fn sha1_digests_and_signatures_are_refused_as_too_weak() {
    let opts = SignOptions {
        digest_oid: ID_SHA1,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), rossi(), opts);
    assert_eq!(
        refusal(&p7m),
        EnvelopeError::WeakAlgorithm {
            oid: "1.3.14.3.2.26".into()
        }
    );
    let opts = SignOptions {
        signature_oid: SHA1_WITH_RSA,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), rossi(), opts);
    assert_eq!(
        refusal(&p7m),
        EnvelopeError::WeakAlgorithm {
            oid: "1.2.840.113549.1.1.5".into()
        }
    );
    // Refused without a trusted list as well.
    assert!(matches!(
        unwrap(&p7m).unwrap_err(),
        EnvelopeError::WeakAlgorithm { .. }
    ));
    let e = read_invoice_trusted(&p7m, None).unwrap_err();
    assert!(matches!(
        e.kind,
        ErrorKind::Envelope(EnvelopeError::WeakAlgorithm { .. })
    ));
    assert!(e.to_string().contains("SHA-1"), "{e}");
}

#[test]
fn unsupported_algorithms_are_refused() {
    let opts = SignOptions {
        digest_oid: ID_MD5,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), rossi(), opts);
    assert_eq!(
        refusal(&p7m),
        EnvelopeError::UnsupportedDigest {
            oid: "1.2.840.113549.2.5".into()
        }
    );
    let opts = SignOptions {
        signature_oid: ECDSA_WITH_SHA256,
        ..SignOptions::default()
    };
    let p7m = sign(&content(), rossi(), opts);
    assert_eq!(
        refusal(&p7m),
        EnvelopeError::UnsupportedSignature {
            oid: "1.2.840.10045.4.3.2".into()
        }
    );
}

#[test]
fn a_tampered_content_is_refused_whoever_signed() {
    for s in [rossi(), signer()] {
        let mut p7m = sign(&content(), s, SignOptions::default());
        let at = find(&p7m, b"FT-2024/17");
        p7m[at] = b'G';
        assert_eq!(
            refusal(&p7m),
            EnvelopeError::Tampered(Tamper::ContentDigest)
        );
    }
}

#[test]
fn trusted_lists_take_granted_services_only_and_say_what_is_wrong() {
    let withdrawn = trusted_list_xml(&[(&test_ca().cert, "withdrawn")]);
    assert_eq!(
        TrustedList::from_xml(withdrawn.as_bytes()).unwrap_err(),
        TrustedListError::NoAnchor
    );
    let both = trusted_list_xml(&[(&signer().cert, "withdrawn"), (&test_ca().cert, "granted")]);
    let granted_only = TrustedList::from_xml(both.as_bytes()).unwrap();
    assert_eq!(granted_only.len(), 1);
    // A withdrawn service's certificate is no anchor.
    let p7m = sign(&content(), signer(), SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&granted_only)),
        vec![untrusted(Untrusted::SelfSigned)]
    );
    // A granted certificate listed as such is an anchor of itself; this one was made when the
    // test ran, after the signing time (2024-06-10).
    let own = trusted_list_xml(&[(&signer().cert, "granted")]);
    let own = TrustedList::from_xml(own.as_bytes()).unwrap();
    assert_eq!(
        verdicts(&p7m, Some(&own)),
        vec![untrusted(Untrusted::NotValidAtSigningTime)]
    );
    // A CA's certificate (keyCertSign) chains, but is not for signing documents.
    let mut spec = CertSpec::signer("CN=Sub CA,C=IT", 91);
    spec.usage = Usage::Ca;
    let sub_ca = issue(&spec, Some(test_ca()));
    let p7m_ca = sign(&content(), &sub_ca, SignOptions::default());
    assert_eq!(
        verdicts(&p7m_ca, Some(&list())),
        vec![untrusted(Untrusted::KeyUsage)]
    );
    let leaf = rossi();
    let own = trusted_list_xml(&[(&leaf.cert, "granted")]);
    let own = TrustedList::from_xml(own.as_bytes()).unwrap();
    let p7m = sign(&content(), leaf, SignOptions::default());
    assert_eq!(
        verdicts(&p7m, Some(&own)),
        vec![SignerTrust::Verified {
            anchor: "CN=Mario Rossi,O=Tipografia Picena Srl,C=IT".into()
        }]
    );

    assert!(matches!(
        TrustedList::from_xml(b"<tsl:TrustServiceStatusList").unwrap_err(),
        TrustedListError::Xml { .. }
    ));
    assert_eq!(
        TrustedList::from_xml(b"<FatturaElettronica/>").unwrap_err(),
        TrustedListError::NotTrustedList {
            root: "FatturaElettronica".into()
        }
    );
    let broken = trusted_list_xml(&[(&test_ca().cert, "granted")])
        .replace("<tsl:X509Certificate>", "<tsl:X509Certificate>AAAA");
    let e = TrustedList::from_xml(broken.as_bytes()).unwrap_err();
    assert!(
        matches!(e, TrustedListError::Certificate { service: 1, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("TSPService 1"), "{e}");
}
