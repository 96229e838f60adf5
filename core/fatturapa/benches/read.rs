//! Invoice files read per second: plain XML of one invoice, a file of 50 invoices, Windows-1252,
//! and signed envelopes (DER, BER, base64) whose signature is verified (RSA 1024 of the test
//! signer; qualified certificates use 2048 bits or more, so verification costs more there).
//!
//! `cargo bench -p campanile-fatturapa --bench read` (criterion reports files per second; with
//! `CAMPANILE_REAL_DATA` set, the real signed sample too; without it that one is skipped, saying
//! so, or fails the run when `CI` is set).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use campanile_fatturapa::read_invoice;
use campanile_testkit::fatturapa::{BodySpec, Spec, windows_1252};
use campanile_testkit::p7m::{SignOptions, base64_lines, sign, signer, to_ber};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let one = Spec::fpa12().bytes();
    let mut fifty = Spec::fpa12();
    fifty.bodies = (1..=50)
        .map(|i| BodySpec::new(&format!("{i}/2024"), "2024-03-05", "100.00", "22.00"))
        .collect();
    let fifty = fifty.bytes();
    let mut latin = Spec::fpr12();
    latin.supplier_name = "Caffè della Città".into();
    let latin = windows_1252(&latin.xml());
    let der = sign(&one, signer(), SignOptions::default());
    let ber = to_ber(&der, 1000);
    let b64 = base64_lines(&der, 76, "\r\n").into_bytes();

    let mut g = c.benchmark_group("read_invoice");
    g.throughput(Throughput::Elements(1));
    for (name, bytes) in [
        ("xml_1_invoice", &one),
        ("xml_50_invoices", &fifty),
        ("xml_windows_1252", &latin),
        ("p7m_der", &der),
        ("p7m_ber", &ber),
        ("p7m_base64", &b64),
    ] {
        g.bench_function(name, |b| b.iter(|| read_invoice(black_box(bytes)).unwrap()));
    }
    // The real CAdES sample (RSA 2048, BER), when the real files are at hand.
    let real_sample = "fatturapa/IT02182030391_31.xml.p7m";
    let test = "campanile-fatturapa/read (bench)::p7m_real_rsa2048";
    if let Some(dir) = campanile_testkit::realdata::dir(test, &[real_sample]) {
        let real = std::fs::read(dir.join(real_sample)).unwrap();
        g.bench_function("p7m_real_rsa2048", |b| {
            b.iter(|| read_invoice(black_box(&real)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
