//! Writes the fuzzer's starting inputs, `tests/fuzz/seeds/fatturapa/`, from the test generators (never
//! from the real files). On demand:
//! `cargo test -p campanile-fatturapa --test fuzz_seeds -- --ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{
    BodySpec, PaySpec, SignOptions, Spec, base64_lines, notification, sign, signer, to_ber,
};

#[test]
#[ignore = "writes tests/fuzz/seeds/fatturapa; run on demand"]
fn write_fuzz_seeds() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz/seeds/fatturapa");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        campanile_fatturapa::read_invoice(bytes)
            .map(|_| ())
            .or_else(|_| campanile_fatturapa::read_notification(bytes, None).map(|_| ()))
            .unwrap_or_else(|e| panic!("seed {name} does not read: {e}"));
        std::fs::write(dir.join(name), bytes).unwrap();
    };

    let mut small = Spec::fpa12();
    small.bodies[0].total = Some("1220.00".into());
    write("fpa12.xml", &small.bytes());

    let mut fpr = Spec::fpr12();
    fpr.prefix = None;
    fpr.declared_encoding = None;
    write("fpr12_default_namespace.xml", &fpr.bytes());

    let mut latin = Spec::fpa12();
    latin.supplier_name = "Caffè Città €".into();
    latin.declared_encoding = Some("UTF-8".into());
    let xml = latin.xml();
    write(
        "windows1252_declared_utf8.xml",
        &encoding_rs::WINDOWS_1252.encode(&xml).0,
    );

    let mut bodies = Spec::fpa12();
    let mut second = BodySpec::new("2", "2024-04-01", "10.00", "2.20");
    second.payment = Some(PaySpec {
        conditions: "TP02".into(),
        modality: "MP05".into(),
        terms_from: Some("2024-04-02".into()),
        term_days: Some("60".into()),
        due: Some("2024-06-01".into()),
        amount: "12.20".into(),
        iban: Some("IT60X0542811101000000123456".into()),
    });
    bodies.bodies.push(second);
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend(bodies.bytes());
    write("two_bodies_bom.xml", &with_bom);

    let der = sign(&small.bytes(), signer(), SignOptions::default());
    write("signed.p7m", &der);
    write("signed_ber.p7m", &to_ber(&der, 200));
    write(
        "signed_base64.p7m",
        base64_lines(&der, 76, "\r\n").as_bytes(),
    );

    write(
        "IT01234567890_11111_RC_001.xml",
        notification(
            "RicevutaConsegna",
            Some("types"),
            "<IdentificativoSdI>111</IdentificativoSdI><NomeFile>IT01234567890_11111.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione><DataOraConsegna>2024-03-07T09:30:00.000+01:00</DataOraConsegna>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune</Descrizione></Destinatario><MessageId>1</MessageId>",
        )
        .as_bytes(),
    );
    write(
        "IT01234567890_11111_NS_001.xml",
        notification(
            "NotificaScarto",
            Some("types"),
            "<IdentificativoSdI>112</IdentificativoSdI><NomeFile>IT01234567890_11112.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione>
<ListaErrori><Errore><Codice>00404</Codice><Descrizione>Fattura duplicata</Descrizione></Errore></ListaErrori><MessageId>2</MessageId>",
        )
        .as_bytes(),
    );
    write(
        "IT01234567890_11111_NE_001.xml",
        notification(
            "NotificaEsito",
            Some("types"),
            "<IdentificativoSdI>111</IdentificativoSdI><NomeFile>IT01234567890_11111.xml</NomeFile>
<EsitoCommittente><IdentificativoSdI>111</IdentificativoSdI><RiferimentoFattura><NumeroFattura>1</NumeroFattura><AnnoFattura>2024</AnnoFattura></RiferimentoFattura><Esito>EC02</Esito></EsitoCommittente><MessageId>3</MessageId>",
        )
        .as_bytes(),
    );
}
