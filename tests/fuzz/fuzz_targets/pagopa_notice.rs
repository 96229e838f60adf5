//! The notice readers on arbitrary text: the QR payload, the Poste Data Matrix and typed input
//! (notice number and creditor fiscal code, split at the first newline). None may panic, and
//! whatever a reader accepts must read back the same once written out again.

#![no_main]

use campanile_pagopa_notice::{self as pagopa, datamatrix, manual, qr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (notice, creditor) = text.split_once('\n').unwrap_or((&text, ""));

    let _ = pagopa::parse(&text, None);
    let _ = pagopa::parse(notice, Some(creditor));
    let _ = manual::parse(notice, creditor);
    let _ = manual::parse_alone(&text);

    for payload in [text.to_string(), format!("PAGOPA|002|{text}"), format!("codfase=NBPA;18{text}")] {
        if let Ok(n) = qr::parse(&payload) {
            let amount = n.amount.expect("a QR code has an amount");
            let again = qr::parse(&qr::encode(&n.rpt_id, amount)).expect("re-encoded QR reads back");
            assert_eq!(again.rpt_id, n.rpt_id);
            assert_eq!(again.amount, n.amount);
        }
        if let Ok(n) = datamatrix::parse(&payload) {
            let amount = n.amount.expect("a Data Matrix has an amount");
            let p = n.poste.clone().expect("a Data Matrix has Poste details");
            let again = datamatrix::parse(&datamatrix::encode(
                &n.rpt_id,
                amount,
                &p.postal_account,
                p.debtor_fiscal_code.as_deref().unwrap_or(""),
                p.debtor_name.as_deref().unwrap_or(""),
                p.subject.as_deref().unwrap_or(""),
            ))
            .expect("re-encoded Data Matrix reads back");
            assert_eq!(again.rpt_id, n.rpt_id);
            assert_eq!(again.amount, n.amount);
        }
    }
});
