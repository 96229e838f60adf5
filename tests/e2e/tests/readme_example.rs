//! The README's "Using the core from a front" example, compiled and run against the fake
//! pagoPA platform: the documented path is known to work. Keep the two in step.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod readme {
    use campanile_core::host::{MemorySecrets, SecretStore, SystemClock};
    use campanile_core::pagopa::platform::ReturnUrls;
    use campanile_core::secrets::SecretName;
    use campanile_core::{Campanile, Config, Database, Host, PagoPaEnvironment, SearchRequest};
    use std::sync::Arc;

    pub async fn example(test_platform: &str) -> Result<(), campanile_core::Error> {
        // The database file, the language, and pagoPA: here the project's fake platform
        // (campanile-testkit's FakePlatform on 127.0.0.1); PagoPaEnvironment::Uat or ::Production
        // give Checkout's and GPD's addresses by themselves.
        let mut config = Config::new(Database::File("campanile.db".into()), "en");
        config.pagopa.environment = PagoPaEnvironment::Custom;
        config.pagopa.payment_requests_url = Some(
            format!("{test_platform}/ecommerce/payment-requests-service/v1")
                .parse()
                .unwrap(),
        );
        config.pagopa.checkout_url =
            Some(format!("{test_platform}/checkout/ec/v1").parse().unwrap());
        config.pagopa.gpd_url = Some(format!("{test_platform}/gpd").parse().unwrap());
        // The host's secret store: the OS keyring on the desktop (Host::default()), the Android
        // Keystore or the iOS Keychain on phones; here memory.
        let secrets = MemorySecrets::default();
        secrets
            .set(
                SecretName::PagopaPaymentRequestsKey,
                "the-requests-key-of-the-test",
            )
            .unwrap();
        secrets
            .set(
                SecretName::PagopaCheckoutKey,
                "the-checkout-key-of-the-test",
            )
            .unwrap();
        let host = Host {
            secrets: Arc::new(secrets),
            clock: Arc::new(SystemClock),
        };
        let core = Campanile::open(config, host)?;

        // Search as you type (accents, case and apostrophes ignored; every word a prefix).
        let hits = core.places().search(&SearchRequest {
            text: "pinacoteca asc".into(),
            ..SearchRequest::default()
        })?;
        for h in &hits {
            println!("{} — {:?}", h.poi.name, h.poi.comune);
        }

        // Pay a notice: read it (QR text, Data Matrix, typed), look at it without opening a
        // payment, then hand it to Checkout and open the URL in the system browser.
        let pay = core.payments();
        let notice = pay.parse("PAGOPA|002|300715700000000032|00085240950|12345", None)?;
        println!("{:?}", pay.check(&notice.rpt_id).await?);
        let back: url::Url = "https://app.example/pay/back".parse().unwrap();
        let urls = ReturnUrls {
            ok: back.clone(),
            cancel: back.clone(),
            error: back,
        };
        let started = pay.start(vec![notice.rpt_id], urls, None).await?;
        println!("open {}", started.checkout_url);
        // Later, or at the next start: pagoPA's word settles it; a receipt only on its evidence.
        pay.reconcile().await?;
        for r in pay.receipts()? {
            println!(
                "paid: {} {}",
                r.rpt_id,
                pay.format_amount(r.amount.map_or(0, |a| a.cents()))
            );
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_example_runs() {
    let platform = campanile_testkit::pagopa_platform::FakePlatform::start().await;
    platform.add_notice(campanile_testkit::pagopa_platform::FakeNotice::new(
        "00085240950300715700000000032",
        12_345,
    ));
    let dir = tempfile::tempdir().unwrap();
    // The example opens "campanile.db" in the current folder.
    std::env::set_current_dir(dir.path()).unwrap();
    let core = campanile_core::Campanile::open(
        campanile_core::Config::new(campanile_core::Database::File("campanile.db".into()), "en"),
        campanile_core::Host::default(),
    )
    .unwrap();
    let sample = campanile_testkit::sample::sample_csv().into_bytes();
    core.places()
        .import_bytes("sample.csv", sample, &Default::default())
        .await
        .unwrap();
    drop(core);
    readme::example(&platform.url()).await.unwrap();
    assert_eq!(platform.carts().len(), 1);
}

/// The README shows exactly the code this file runs.
#[test]
fn the_readme_shows_the_code_that_runs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let this =
        std::fs::read_to_string(format!("{root}/tests/e2e/tests/readme_example.rs")).unwrap();
    let start = readme.find("```rust\nuse campanile_core::host").unwrap() + "```rust\n".len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let module: String = this
        .lines()
        .skip_while(|l| *l != "mod readme {")
        .skip(1)
        .take_while(|l| *l != "}")
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    assert_eq!(
        block, module,
        "README.md and tests/e2e/tests/readme_example.rs differ"
    );
}
