//! Notices parsed and validated per second, for each way a notice arrives as text.
//!
//! `cargo bench -p campanile-core --bench pagopa_notice` (criterion reports the throughput in
//! elements, that is notices, per second).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use campanile_core::pagopa::{
    self, Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId, checks, datamatrix, qr,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A mix of valid notices of every aux digit (deterministic).
fn notices(n: usize) -> Vec<(RptId, Amount)> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut digits = |len: usize| -> String {
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'0' + (x % 10) as u8)
            })
            .collect()
    };
    (0..n)
        .map(|i| {
            let aux = AuxDigit::ALL[i % 4];
            let body = digits(if aux.has_check_digits() { 15 } else { 17 });
            let notice = NoticeNumber::compose(aux, &body).unwrap();
            let first10 = digits(10);
            let check = checks::fiscal_code_check_digit(first10.as_bytes()).unwrap();
            let creditor = CreditorFiscalCode::parse(&format!("{first10}{check}")).unwrap();
            let amount = Amount::from_cents(1 + (i as u64 * 7919) % 10_000_000).unwrap();
            (RptId::new(creditor, notice), amount)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let set = notices(1000);
    let qr_texts: Vec<String> = set.iter().map(|(id, a)| qr::encode(id, *a)).collect();
    let dm_texts: Vec<String> = set
        .iter()
        .map(|(id, a)| {
            datamatrix::encode(
                id,
                *a,
                "1234567",
                "RSSMRA80A01H501U",
                "Mario Rossi",
                "TARI 2026",
            )
        })
        .collect();
    let typed: Vec<(String, String)> = set
        .iter()
        .map(|(id, _)| (id.notice_number.grouped(), id.creditor.to_string()))
        .collect();
    let mut invalid = qr_texts.clone();
    for t in &mut invalid {
        // One digit of the creditor fiscal code is changed: its check digit always catches it.
        let mut b = t.clone().into_bytes();
        b[32] = if b[32] == b'9' { b'0' } else { b[32] + 1 };
        *t = String::from_utf8(b).unwrap();
    }

    let mut g = c.benchmark_group("pagopa_notice");
    g.throughput(Throughput::Elements(set.len() as u64));
    g.bench_function("qr", |b| {
        b.iter(|| {
            for t in &qr_texts {
                black_box(qr::parse(black_box(t)).unwrap());
            }
        })
    });
    g.bench_function("qr_invalid", |b| {
        b.iter(|| {
            for t in &invalid {
                black_box(qr::parse(black_box(t)).unwrap_err());
            }
        })
    });
    g.bench_function("data_matrix", |b| {
        b.iter(|| {
            for t in &dm_texts {
                black_box(datamatrix::parse(black_box(t)).unwrap());
            }
        })
    });
    g.bench_function("manual", |b| {
        b.iter(|| {
            for (n, c) in &typed {
                black_box(pagopa::parse(black_box(n), Some(black_box(c))).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
