//! Signed envelopes made here with a generated RSA key and self-signed certificate: DER, BER
//! as signing tools write it, base64 with line breaks or PEM armour, signed twice; and every
//! way of tampering with them, each refused as tampered.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use campanile_fatturapa::envelope::{self, Transport};
use campanile_fatturapa::{EnvelopeError, ErrorKind, Tamper, read_invoice};
use support::{SignOptions, Spec, TestSigner, base64_lines, find, sign, signer, to_ber};

fn invoice_xml() -> Vec<u8> {
    let mut spec = Spec::fpa12();
    spec.supplier_name = "Tipografia Picena Srl — Caffè".into();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(spec.bytes());
    bytes
}

fn signed() -> Vec<u8> {
    sign(&invoice_xml(), signer(), SignOptions::default())
}

fn tamper_kind(bytes: &[u8]) -> Tamper {
    match read_invoice(bytes).unwrap_err().kind {
        ErrorKind::Envelope(EnvelopeError::Tampered(t)) => t,
        other => panic!("not refused as tampered: {other:?}"),
    }
}

#[test]
fn a_der_envelope_is_verified_and_its_invoice_read() {
    let p7m = signed();
    assert!(support::is_content_info(&p7m));
    let inv = read_invoice(&p7m).unwrap();
    assert_eq!(inv.supplier.name, "Tipografia Picena Srl — Caffè");
    assert_eq!(inv.bodies[0].number, "FT-2024/17");
    let sig = inv.signature.unwrap();
    assert_eq!(sig.transport, Transport::Binary);
    let s = &sig.signers[0];
    assert_eq!(s.common_name.as_deref(), Some("Mario Rossi"));
    assert!(
        s.subject.contains("O=Tipografia Picena Srl"),
        "{}",
        s.subject
    );
    assert_eq!(s.signing_time.as_deref(), Some("2024-06-10T06:13:20Z"));
    assert_eq!(s.digest, "SHA-256");
    // The content comes back byte for byte.
    assert_eq!(envelope::unwrap(&p7m).unwrap().content, invoice_xml());
}

#[test]
fn ber_with_indefinite_lengths_and_content_in_segments() {
    let der = signed();
    for chunk in [1000, 100, 7] {
        let ber = to_ber(&der, chunk);
        assert_ne!(ber, der);
        let inv = read_invoice(&ber).unwrap_or_else(|e| panic!("chunk {chunk}: {e}"));
        assert_eq!(inv.bodies[0].number, "FT-2024/17");
        assert_eq!(envelope::unwrap(&ber).unwrap().content, invoice_xml());
    }
}

#[test]
fn base64_with_line_breaks_crlf_pem_or_on_one_line() {
    let der = signed();
    let variants = [
        base64_lines(&der, 64, "\n"),
        base64_lines(&der, 76, "\r\n"),
        base64_lines(&der, usize::MAX, ""),
        format!(
            "-----BEGIN PKCS7-----\n{}-----END PKCS7-----\n",
            base64_lines(&der, 64, "\n")
        ),
        format!("\n\n   {}", base64_lines(&der, 72, "\r\n")),
    ];
    for (i, text) in variants.iter().enumerate() {
        let inv = read_invoice(text.as_bytes()).unwrap_or_else(|e| panic!("variant {i}: {e}"));
        assert_eq!(
            inv.signature.unwrap().transport,
            Transport::Base64,
            "variant {i}"
        );
        assert_eq!(inv.bodies[0].number, "FT-2024/17");
    }
    let mut broken = base64_lines(&der, 64, "\n");
    broken.insert(broken.len() / 2, '*');
    let err = read_invoice(broken.as_bytes()).unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::Envelope(EnvelopeError::Base64 { .. })),
        "{err:?}"
    );
}

#[test]
fn an_envelope_signed_twice_is_opened_to_the_invoice() {
    let inner = signed();
    let outer = sign(&inner, support::other_signer(), SignOptions::default());
    let inv = read_invoice(&outer).unwrap();
    assert_eq!(inv.bodies[0].number, "FT-2024/17");
    let names: Vec<_> = inv
        .signature
        .unwrap()
        .signers
        .iter()
        .map(|s| s.common_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["Anna Bianchi", "Mario Rossi"]);
}

#[test]
fn changed_content_is_tampered() {
    let mut p7m = signed();
    // Same length: the structure stays valid, only the digest can tell.
    let at = find(&p7m, b"FT-2024/17");
    p7m[at + 3] = b'9';
    assert_eq!(tamper_kind(&p7m), Tamper::ContentDigest);
    let err = read_invoice(&p7m).unwrap_err();
    assert!(err.is_tampered());
    assert!(err.to_string().contains("TAMPERED"), "{err}");
}

#[test]
fn changed_content_of_a_ber_envelope_is_tampered() {
    let mut ber = to_ber(&signed(), 100);
    let at = find(&ber, b"Tipografia Picena");
    ber[at] = b'X';
    assert_eq!(tamper_kind(&ber), Tamper::ContentDigest);
}

#[test]
fn a_changed_signature_or_signed_attribute_is_tampered() {
    let p7m = signed();
    let mut bad_sig = p7m.clone();
    let n = bad_sig.len();
    bad_sig[n - 10] ^= 0x01;
    assert_eq!(tamper_kind(&bad_sig), Tamper::Signature);

    // The signing time is a signed attribute: changing it breaks the signature, not the digest.
    let mut bad_time = p7m.clone();
    let at = find(&bad_time, b"240610061320Z");
    bad_time[at + 1] = b'5';
    assert_eq!(tamper_kind(&bad_time), Tamper::Signature);
}

#[test]
fn a_signature_by_another_key_is_tampered() {
    // The envelope names Mario Rossi's certificate but was signed by another key.
    let other = support::other_signer();
    let forged = TestSigner {
        key: other.key.clone(),
        cert: signer().cert.clone(),
    };
    let p7m = sign(&invoice_xml(), &forged, SignOptions::default());
    assert_eq!(tamper_kind(&p7m), Tamper::Signature);
}

#[test]
fn without_signed_attributes_the_signature_covers_the_content() {
    let opts = SignOptions {
        signed_attributes: false,
        ..SignOptions::default()
    };
    let p7m = sign(&invoice_xml(), signer(), opts);
    let inv = read_invoice(&p7m).unwrap();
    assert_eq!(inv.signature.unwrap().signers[0].signing_time, None);
    let mut bad = p7m.clone();
    let at = find(&bad, b"FT-2024/17");
    bad[at] = b'G';
    assert_eq!(tamper_kind(&bad), Tamper::ContentDigest);
}

#[test]
fn a_cut_or_extended_envelope_is_tampered() {
    let p7m = signed();
    let cut = &p7m[..p7m.len() - 40];
    assert!(matches!(tamper_kind(cut), Tamper::Structure { .. }));
    // A byte inserted into the invoice without fixing the lengths (how the real tampered
    // sample was made).
    let mut ber = to_ber(&p7m, 1000);
    let at = find(&ber, b"Via Roma");
    ber.insert(at, b'1');
    assert!(matches!(tamper_kind(&ber), Tamper::Structure { .. }));
}

#[test]
fn envelopes_that_cannot_be_verified_say_why() {
    let detached = sign(
        &invoice_xml(),
        signer(),
        SignOptions {
            attached: false,
            ..SignOptions::default()
        },
    );
    assert_eq!(
        read_invoice(&detached).unwrap_err().kind,
        ErrorKind::Envelope(EnvelopeError::Detached)
    );
    let no_cert = sign(
        &invoice_xml(),
        signer(),
        SignOptions {
            include_certificate: false,
            ..SignOptions::default()
        },
    );
    assert_eq!(
        read_invoice(&no_cert).unwrap_err().kind,
        ErrorKind::Envelope(EnvelopeError::CertificateMissing)
    );
    // A DER structure that is not CMS at all is malformed, not "tampered".
    let err = read_invoice(&[0x30, 0x03, 0x02, 0x01, 0x05]).unwrap_err();
    assert!(!err.is_tampered(), "{err:?}");
    assert!(
        matches!(err.kind, ErrorKind::Envelope(EnvelopeError::Asn1 { .. })),
        "{err:?}"
    );
    // An envelope around something that is not an invoice.
    let p7m = sign(b"hello", signer(), SignOptions::default());
    assert!(matches!(
        read_invoice(&p7m).unwrap_err().kind,
        ErrorKind::Xml { .. }
    ));
}
