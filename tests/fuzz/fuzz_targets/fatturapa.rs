//! The FatturaPA readers on arbitrary bytes: invoice XML in any encoding, signed envelopes
//! (BER/DER, base64) and SdI notifications. None may panic; what is accepted must be whole (at
//! least one invoice, numbered in order, amounts that print and read back the same).

#![no_main]

use campanile_fatturapa::{Amount, envelope, read_invoice, read_notification};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match read_invoice(data) {
        Ok(invoice) => {
            assert!(!invoice.bodies.is_empty(), "an invoice file without invoices");
            for (i, body) in invoice.bodies.iter().enumerate() {
                assert_eq!(body.position, i + 1);
                assert!(!body.number.is_empty());
                assert_eq!(Amount::parse(&body.total.to_string()), Some(body.total));
                for detail in body.payments.iter().flat_map(|p| &p.details) {
                    assert_eq!(Amount::parse(&detail.amount.to_string()), Some(detail.amount));
                }
            }
            if let Some(signature) = &invoice.signature {
                assert!(!signature.signers.is_empty(), "a signature without signers");
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Ok(unwrapped) = envelope::unwrap(data) {
        assert!(!unwrapped.signature.signers.is_empty());
    }
    for name in [None, Some("IT01234567890_11111_RC_001.xml")] {
        match read_notification(data, name) {
            Ok(n) => assert!(!n.sdi_id.is_empty() && n.sdi_id.bytes().all(|b| b.is_ascii_digit())),
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});
