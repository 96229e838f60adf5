//! Writes a sample printed notice, to look at: `cargo run -p campanile-core --example
//! print_notice -- [it|en] [INSTALLMENTS] [OUT.pdf]` (default: Italian, none,
//! `target/avviso.pdf`).

use campanile_core::pagopa::print::{
    Creditor, NoticeDebtor, NoticeOption, PrintableNotice, render_pdf,
};
use campanile_core::pagopa::{Amount, AuxDigit, CreditorFiscalCode, NoticeNumber};
use chrono::NaiveDate;

fn option(body: &str, cents: u64, month: u32) -> Result<NoticeOption, Box<dyn std::error::Error>> {
    Ok(NoticeOption {
        notice_number: NoticeNumber::compose(AuxDigit::Three, body)?,
        amount: Amount::from_cents(cents)?,
        due_date: NaiveDate::from_ymd_opt(2026, month, 28).ok_or("bad date")?,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let language = args.first().cloned().unwrap_or_else(|| "it".into());
    let installments: u64 = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(0);
    let out = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "target/avviso.pdf".into());
    let notice = PrintableNotice {
        creditor: Creditor {
            name: "Comune di Sant'Elpidio a Mare".into(),
            fiscal_code: CreditorFiscalCode::parse("00085240950")?,
            sector: Some("Servizio Entrate e Attività Produttive".into()),
            info: Some("www.comune.example.it · tributi@comune.example.it · 0734 000000".into()),
            cbill: Some("A0EDT".into()),
            postal_account: None,
        },
        debtor: NoticeDebtor {
            name: "Niccolò Forlì Pérez".into(),
            fiscal_code: "FRLNCC80A01D542X".into(),
            address: Some("Via dell'Università 3, 63811 Sant'Elpidio a Mare (FM)".into()),
        },
        subject: "Tassa sui rifiuti (TARI) 2026 – utenza domestica, già ridotta del 20%".into(),
        single: Some(option("007157000000001", 123_456, 7)?),
        installments: (0..installments)
            .map(|i| {
                option(
                    &format!("0071570000002{i:02}"),
                    123_456 / installments.max(1),
                    3 + i as u32 % 9,
                )
            })
            .collect::<Result<_, _>>()?,
        language,
    };
    std::fs::write(&out, render_pdf(&notice)?)?;
    println!("{out}");
    Ok(())
}
