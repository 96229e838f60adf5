//! Contract tests: the official pagoPA OpenAPI files under `$CAMPANILE_REAL_DATA/pagopa/`
//! (`payment-requests-v1.yaml`, `checkout-ec-carts-v1.json`,
//! `gpd-debt-positions-external-v1.json`) served by Stoplight Prism in mock mode with
//! `--errors`. Prism validates every request against the specification (path, parameters,
//! headers, security scheme, body); each call our clients make is checked in Prism's own log
//! to have passed that validation, and our clients must read Prism's answers, which are the
//! specification's examples or values generated from its schemas.
//!
//! Error paths are asked for with Prism's `Prefer: code=…` header (and `dynamic=true` for
//! generated rather than static answers), which the clients send through `with_header`.
//! A few requests that break the specification on purpose (no subscription key; a cart of six
//! notices; a position without a debtor name) check that Prism does reject what it should.
//!
//! Where Prism is found, in this order: the program named by `CAMPANILE_PRISM`; the copy
//! `.ci/run` installs, `tests/prism/node_modules/.bin/prism` (pinned in
//! `tests/prism/package.json`: `npm ci --prefix tests/prism`); `prism` on `PATH`.
//! Without `CAMPANILE_REAL_DATA` the tests are skipped, saying so (they fail instead when `CI`
//! is set, as they do when the folder lacks a specification); with it and no Prism they fail,
//! saying how to install it.
//!
//! Two of the specifications cannot be served as they are by a validating mock, and the tests
//! say so where they work around it: the Checkout file's error examples have `"instance":
//! "string"`, not a URI, so its Prism runs with `--ignoreExamples`; the GPD file's
//! `PaymentPositionModel` has string defaults for booleans (`payStandIn: "true"`) and a
//! `postalIban` whose pattern allows the empty string its `minLength` forbids, so answers of that
//! shape are asked for with `dynamic=true` and retried when Prism flags its own answer (only
//! ever after the request itself passed).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use campanile_core::pagopa::platform::{
    CartNotice, CheckoutCart, CheckoutClient, DebtorKind, GpdClient, Metadata, NewDebtPosition,
    NewPaymentOption, NewTransfer, PaymentRequestsClient, PlatformConfig, PlatformError,
    PositionDebtor, PositionFile, PositionStatus, ReturnUrls, Stamp, TransferDestination,
    fault_codes,
};
use campanile_core::pagopa::{Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId};
use campanile_core::time::parse_civil_date;
use url::Url;

const KEY: &str = "contract-test-key";

// ---------------------------------------------------------------- finding and running Prism

/// `$CAMPANILE_REAL_DATA/pagopa/` when it holds `spec`, which `test` serves; `None` when the test
/// is skipped, saying so (it fails instead when `CI` is set).
#[track_caller]
fn real_data(test: &str, spec: &str) -> Option<PathBuf> {
    let test = format!("{}/{}::{test}", env!("CARGO_PKG_NAME"), module_path!());
    campanile_testkit::realdata::dir(&test, &[&format!("pagopa/{spec}")]).map(|d| d.join("pagopa"))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// Prism: `CAMPANILE_PRISM`, then `tests/prism/node_modules/.bin/prism`, then `PATH`.
fn find_prism() -> PathBuf {
    if let Some(p) = std::env::var_os("CAMPANILE_PRISM") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "CAMPANILE_PRISM names {}, which is not a file",
            p.display()
        );
        return p;
    }
    let local = workspace_root().join("tests/prism/node_modules/.bin/prism");
    if local.is_file() {
        return local;
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join("prism");
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "CAMPANILE_REAL_DATA is set, so the pagoPA contract tests need Stoplight Prism, which is \
         not installed. Install the pinned version (Node.js 20 or later and npm needed) with\n    \
         npm ci --prefix tests/prism\nfrom the workspace root (as .ci/run does), or name a \
         prism program in CAMPANILE_PRISM."
    );
}

fn prism_version(prism: &Path) -> String {
    let out = Command::new(prism)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (is Node.js installed?): {e}",
                prism.display()
            )
        });
    assert!(
        out.status.success(),
        "{} --version failed: {}",
        prism.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// One request as Prism's log tells it.
#[derive(Debug, Clone, Default)]
struct Verdict {
    request: String,
    passed: Option<bool>,
    errors: Vec<String>,
}

/// A Prism mock server on a free 127.0.0.1 port, stopped when dropped.
struct Prism {
    name: &'static str,
    child: Child,
    base: Url,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

impl Prism {
    fn start(name: &'static str, spec: &Path, extra: &[&str]) -> Prism {
        assert!(
            spec.is_file(),
            "CAMPANILE_REAL_DATA is set but {} is missing",
            spec.display()
        );
        let prism = find_prism();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(&prism)
            .arg("mock")
            .arg("--errors")
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .args(extra)
            .arg(spec)
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", prism.display()));
        let lines = Arc::new(Mutex::new(Vec::new()));
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    lines.lock().unwrap().push(strip_ansi(&line));
                }
            });
        }
        let server = Prism {
            name,
            child,
            base: Url::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
            lines,
        };
        server.wait_listening();
        server
    }

    fn wait_listening(&self) {
        let started = Instant::now();
        loop {
            if self
                .lines
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.contains("Prism is listening"))
            {
                return;
            }
            if started.elapsed() > Duration::from_secs(120) {
                panic!(
                    "Prism ({}) did not start listening in 120 s:\n{}",
                    self.name,
                    self.log_since(0)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn mark(&self) -> usize {
        self.lines.lock().unwrap().len()
    }

    fn log_since(&self, mark: usize) -> String {
        self.lines.lock().unwrap()[mark..].join("\n")
    }

    /// The verdicts of the requests logged since `mark`, once there are `n` with a verdict.
    fn verdicts(&self, mark: usize, n: usize) -> Vec<Verdict> {
        let started = Instant::now();
        loop {
            let verdicts = parse_verdicts(&self.lines.lock().unwrap()[mark..]);
            let decided = verdicts.iter().filter(|v| v.passed.is_some()).count();
            if decided >= n {
                // The error lines follow the verdict line at once.
                std::thread::sleep(Duration::from_millis(30));
                return parse_verdicts(&self.lines.lock().unwrap()[mark..]);
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!(
                    "Prism ({}) logged {decided} validation verdicts, not {n}:\n{}",
                    self.name,
                    self.log_since(mark)
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Asserts that the one request since `mark` passed Prism's validation.
    fn assert_valid(&self, mark: usize, what: &str) {
        let verdicts = self.verdicts(mark, 1);
        assert_eq!(
            verdicts.len(),
            1,
            "{what}: expected one request:\n{}",
            self.log_since(mark)
        );
        let v = &verdicts[0];
        assert_eq!(
            v.passed,
            Some(true),
            "{what}: Prism ({}) refused our request {}: {:?}\n{}",
            self.name,
            v.request,
            v.errors,
            self.log_since(mark)
        );
    }

    /// Asserts that the one request since `mark` failed Prism's validation, with an error
    /// containing `expected`.
    fn assert_refused(&self, mark: usize, what: &str, expected: &str) {
        let verdicts = self.verdicts(mark, 1);
        let v = &verdicts[0];
        assert_eq!(
            v.passed,
            Some(false),
            "{what}: Prism ({}) accepted a request that breaks the specification:\n{}",
            self.name,
            self.log_since(mark)
        );
        assert!(
            v.errors.iter().any(|e| e.contains(expected)),
            "{what}: {:?} does not mention {expected}",
            v.errors
        );
    }
}

fn parse_verdicts(lines: &[String]) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = Vec::new();
    for line in lines {
        if line.contains("Request received") {
            out.push(Verdict {
                request: line
                    .split("[HTTP SERVER]")
                    .nth(1)
                    .and_then(|s| s.split('ℹ').next())
                    .unwrap_or(line)
                    .trim()
                    .to_string(),
                ..Verdict::default()
            });
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        if line.contains("The request passed the validation rules") {
            current.passed = Some(true);
        } else if line.contains("Request did not pass the validation rules") {
            current.passed = Some(false);
        } else if line.contains("[VALIDATOR]") && line.contains("error") {
            let msg = line
                .split("error")
                .skip(1)
                .collect::<Vec<_>>()
                .join("error");
            current.errors.push(msg.trim().to_string());
        }
    }
    out
}

fn config(prism: &Prism, key: Option<&str>) -> PlatformConfig {
    PlatformConfig {
        base_url: prism.base.clone(),
        api_key: key.map(str::to_string),
        timeout: Duration::from_secs(30),
    }
}

/// A call that Prism must find valid.
async fn valid<T>(prism: &Prism, what: &str, call: impl std::future::Future<Output = T>) -> T {
    let mark = prism.mark();
    let out = call.await;
    prism.assert_valid(mark, what);
    out
}

fn rpt(n: u32) -> RptId {
    RptId::new(
        CreditorFiscalCode::parse("00085240950").unwrap(),
        NoticeNumber::compose(AuxDigit::Three, &format!("00{n:013}")).unwrap(),
    )
}

fn prism_flagged_its_answer(e: &PlatformError) -> bool {
    matches!(e, PlatformError::Server { status: 500, detail }
        if detail.contains("Request/Response not valid"))
}

// ---------------------------------------------------------------- notice verification

#[tokio::test]
async fn verification_follows_payment_requests_v1() {
    let Some(dir) = real_data(
        "verification_follows_payment_requests_v1",
        "payment-requests-v1.yaml",
    ) else {
        return;
    };
    let spec = dir.join("payment-requests-v1.yaml");
    let prism = Prism::start("payment-requests", &spec, &[]);
    println!(
        "Prism {} serving {}",
        prism_version(&find_prism()),
        spec.display()
    );

    // The client knows exactly the fault codes the specification enumerates.
    let text = std::fs::read_to_string(&spec).unwrap();
    let in_spec: BTreeSet<String> = text
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("- "))
        .filter(|l| (l.starts_with("PPT_") || l.starts_with("PAA_")) && !l.contains(' '))
        .map(str::to_string)
        .collect();
    let ours: BTreeSet<String> = fault_codes().map(|(c, _)| c.to_string()).collect();
    assert_eq!(
        in_spec, ours,
        "fault codes: the specification's and ours differ"
    );
    let categories: BTreeSet<&str> = fault_codes().map(|(_, c)| c).collect();
    for category in categories {
        assert!(text.contains(&format!("- {category}")), "{category}");
    }

    let client = PaymentRequestsClient::new(config(&prism, Some(KEY))).unwrap();
    let id = rpt(1);

    // The static example answers amount 0, which no one can pay: read, and refused.
    let got = valid(&prism, "verify (static example)", client.verify(&id)).await;
    match got {
        Err(PlatformError::Protocol { detail }) => {
            assert!(detail.contains("(0 cents)"), "{detail}")
        }
        other => panic!("static example: {other:?}"),
    }

    // Generated answers: any mix of the optional fields, random values within the schema.
    let dynamic = client
        .clone()
        .with_header("Prefer", "dynamic=true")
        .unwrap();
    for i in 0..10 {
        let info = valid(&prism, "verify (generated)", dynamic.verify(&rpt(i))).await;
        let info = info.unwrap_or_else(|e| panic!("generated answer {i}: {e:?}"));
        assert_eq!(info.rpt_id, rpt(i));
        assert!(info.amount.cents() >= 1);
        // Optional fields come and go in generated answers; when there, they are as given.
        if let Some(code) = &info.payee_fiscal_code {
            assert!(code.chars().count() <= 11, "{code}");
        }
    }

    // Every status the specification lists, as its static example.
    for (code, check) in [
        (
            "400",
            (|e: &PlatformError| matches!(e, PlatformError::BadRequest { .. }))
                as fn(&PlatformError) -> bool,
        ),
        ("401", |e| *e == PlatformError::Unauthorized),
        ("404", |e| {
            matches!(
                e,
                PlatformError::NoticeDataError { .. } | PlatformError::UnknownNotice { .. }
            )
        }),
        ("409", |e| {
            matches!(
                e,
                PlatformError::InProgress { .. }
                    | PlatformError::Expired { .. }
                    | PlatformError::Revoked { .. }
                    | PlatformError::AlreadyPaid { .. }
            )
        }),
        ("500", |e| {
            matches!(e, PlatformError::Server { status: 500, .. })
        }),
        ("502", |e| {
            matches!(
                e,
                PlatformError::Server { status: 502, .. }
                    | PlatformError::CreditorUnavailable { .. }
            )
        }),
        ("503", |e| {
            matches!(e, PlatformError::CreditorUnavailable { .. })
        }),
        ("504", |e| *e == PlatformError::Timeout),
    ] {
        let c = client
            .clone()
            .with_header("Prefer", &format!("code={code}"))
            .unwrap();
        let got = valid(&prism, code, c.verify(&id)).await;
        let e = got.expect_err(code);
        assert!(check(&e), "HTTP {code} (static): {e:?}");
        println!("HTTP {code} (static example) → {e:?}");
    }

    // Generated faults: each answer one of the oneOf branches, chosen at random.
    let mut seen = BTreeSet::new();
    for code in ["404", "409", "502", "503"] {
        let c = client
            .clone()
            .with_header("Prefer", &format!("code={code}, dynamic=true"))
            .unwrap();
        for _ in 0..12 {
            let e = valid(&prism, code, c.verify(&id)).await.expect_err(code);
            let ok = match code {
                "404" => matches!(
                    e,
                    PlatformError::NoticeDataError { .. } | PlatformError::UnknownNotice { .. }
                ),
                "409" => matches!(
                    e,
                    PlatformError::InProgress { .. }
                        | PlatformError::Expired { .. }
                        | PlatformError::Revoked { .. }
                        | PlatformError::AlreadyPaid { .. }
                        | PlatformError::SettledPerCreditor { .. }
                ),
                "502" => matches!(
                    e,
                    PlatformError::Server { status: 502, .. }
                        | PlatformError::CreditorUnavailable { .. }
                ),
                _ => matches!(e, PlatformError::CreditorUnavailable { .. }),
            };
            assert!(ok, "HTTP {code} (generated): {e:?}");
            seen.insert(format!("{code} {}", variant_name(&e)));
        }
    }
    println!("generated faults seen: {seen:?}");

    // Prism does check: no key, no entry.
    let keyless = PaymentRequestsClient::new(config(&prism, None)).unwrap();
    let mark = prism.mark();
    assert_eq!(keyless.verify(&id).await, Err(PlatformError::Unauthorized));
    prism.assert_refused(mark, "verify without a key", "security");
}

fn variant_name(e: &PlatformError) -> String {
    format!("{e:?}")
        .split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_string()
}

// ---------------------------------------------------------------- Checkout carts

fn cart(n: usize) -> CheckoutCart {
    CheckoutCart {
        notices: (0..n)
            .map(|i| CartNotice {
                rpt_id: rpt(100 + i as u32),
                amount: Amount::from_cents(1000 * (i as u64 + 1)).unwrap(),
                description: format!("Rata {} — mensa scolastica", i + 1),
                company_name: "Comune di Esempio".into(),
            })
            .collect(),
        return_urls: ReturnUrls {
            ok: Url::parse("https://campanile.example/pagopa/ok").unwrap(),
            cancel: Url::parse("https://campanile.example/pagopa/cancel").unwrap(),
            error: Url::parse("https://campanile.example/pagopa/error").unwrap(),
        },
        id_cart: Some("attempt-1".into()),
        email: Some("mario.rossi@example.it".into()),
    }
}

#[tokio::test]
async fn carts_follow_checkout_ec_carts_v1() {
    let Some(dir) = real_data(
        "carts_follow_checkout_ec_carts_v1",
        "checkout-ec-carts-v1.json",
    ) else {
        return;
    };
    let spec = dir.join("checkout-ec-carts-v1.json");
    // The file's own error examples are not valid against its schema ("instance": "string" is
    // not a URI): Prism builds its answers from the schemas instead.
    let prism = Prism::start("checkout", &spec, &["--ignoreExamples"]);
    let client = CheckoutClient::new(config(&prism, Some(KEY))).unwrap();

    for n in 1..=5 {
        let url = valid(&prism, "start a cart", client.start_cart(&cart(n)))
            .await
            .unwrap_or_else(|e| panic!("a cart of {n}: {e:?}"));
        assert!(matches!(url.scheme(), "http" | "https"), "{url}");
    }
    let mut bare = cart(1);
    bare.email = None;
    bare.id_cart = None;
    valid(
        &prism,
        "a cart without the optional fields",
        client.start_cart(&bare),
    )
    .await
    .unwrap();

    let c = client.clone().with_header("Prefer", "code=400").unwrap();
    let got = valid(&prism, "400", c.start_cart(&cart(2))).await;
    assert!(
        matches!(&got, Err(PlatformError::BadRequest { .. })),
        "{got:?}"
    );
    let c = client.clone().with_header("Prefer", "code=500").unwrap();
    let got = valid(&prism, "500", c.start_cart(&cart(2))).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 500, .. })),
        "{got:?}"
    );

    // Prism does check: no key; and a cart of six notices (which our client refuses itself).
    let keyless = CheckoutClient::new(config(&prism, None)).unwrap();
    let mark = prism.mark();
    assert_eq!(
        keyless.start_cart(&cart(1)).await,
        Err(PlatformError::Unauthorized)
    );
    prism.assert_refused(mark, "a cart without a key", "security");
    assert!(matches!(
        client.start_cart(&cart(6)).await,
        Err(PlatformError::BadRequest { .. })
    ));
    let six = serde_json::json!({
        "paymentNotices": (0..6).map(|i| serde_json::json!({
            "noticeNumber": rpt(200 + i).notice_number.as_str(),
            "fiscalCode": "00085240950", "amount": 100,
            "companyName": "Comune", "description": "x" })).collect::<Vec<_>>(),
        "returnUrls": { "returnOkUrl": "https://a.example/ok",
                        "returnCancelUrl": "https://a.example/cancel",
                        "returnErrorUrl": "https://a.example/error" }
    });
    let mark = prism.mark();
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(prism.base.join("carts").unwrap())
        .header("Ocp-Apim-Subscription-Key", KEY)
        .header("Content-Type", "application/json")
        .body(six.to_string())
        .send()
        .await
        .unwrap();
    assert!(!raw.status().is_redirection());
    prism.assert_refused(mark, "a cart of six", "paymentNotices");
}

// ---------------------------------------------------------------- GPD debt positions

const ORG: &str = "00085240950";

fn position(iupd: &str) -> NewDebtPosition {
    let transfer = |id: u8, cents: u64| NewTransfer {
        id,
        amount: Amount::from_cents(cents).unwrap(),
        organization_fiscal_code: None,
        company_name: Some("Comune di Esempio".into()),
        remittance_information: format!("Mensa, quota {id}"),
        category: "9/0101100IM/".into(),
        destination: TransferDestination::Account {
            iban: "IT60X0542811101000000123456".into(),
            postal_iban: Some("IT60X0542811101000000123456".into()),
        },
        metadata: vec![Metadata {
            key: "capitolo".into(),
            value: "1234".into(),
        }],
    };
    let mut stamped = transfer(2, 1600);
    stamped.destination = TransferDestination::Stamp(Stamp {
        hash_document: "cXVlc3RvIMOoIHVuIGhhc2g=".into(),
        stamp_type: "01".into(),
        provincial_residence: "AP".into(),
    });
    stamped.organization_fiscal_code = Some(CreditorFiscalCode::parse("01199250158").unwrap());
    NewDebtPosition {
        iupd: iupd.into(),
        debtor: PositionDebtor {
            kind: Some(DebtorKind::Person),
            fiscal_code: "RSSMRA80A01H501U".into(),
            full_name: "Mario Rossi".into(),
            street_name: Some("Via Roma".into()),
            civic_number: Some("1".into()),
            postal_code: Some("63100".into()),
            city: Some("Ascoli Piceno".into()),
            province: Some("AP".into()),
            region: Some("Marche".into()),
            country: Some("IT".into()),
            email: Some("mario.rossi@example.it".into()),
            phone: Some("+39 0736 000000".into()),
        },
        company_name: "Comune di Esempio".into(),
        office_name: Some("Ufficio scuola".into()),
        validity_date: Some(parse_civil_date("2026-09-01").unwrap()),
        switch_to_expired: true,
        pay_stand_in: Some(false),
        options: vec![
            NewPaymentOption {
                iuv: "00715700000000032".into(),
                amount: Amount::from_cents(13600).unwrap(),
                description: "Mensa scolastica 2026/27, in un'unica soluzione".into(),
                due_date: parse_civil_date("2026-10-31").unwrap(),
                retention_date: Some(parse_civil_date("2027-10-31").unwrap()),
                is_partial_payment: false,
                transfers: vec![transfer(1, 12000), stamped],
                metadata: vec![Metadata {
                    key: "classe".into(),
                    value: "3B".into(),
                }],
            },
            NewPaymentOption {
                iuv: "00715700000000133".into(),
                amount: Amount::from_cents(6000).unwrap(),
                description: "Mensa scolastica 2026/27, rata 1 di 2".into(),
                due_date: parse_civil_date("2026-10-31").unwrap(),
                retention_date: None,
                is_partial_payment: true,
                transfers: vec![transfer(1, 6000)],
                metadata: vec![],
            },
        ],
    }
}

/// Calls until Prism gives an answer it does not flag itself (see the module's note), each
/// request checked valid; at most 40 tries.
async fn until_prism_agrees<T, F, Fut>(prism: &Prism, what: &str, mut call: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, PlatformError>>,
{
    for _ in 0..40 {
        match valid(prism, what, call()).await {
            Ok(v) => return v,
            Err(e) if prism_flagged_its_answer(&e) => continue,
            Err(e) => panic!("{what}: {e:?}"),
        }
    }
    panic!("{what}: Prism flagged its own answer 40 times in a row");
}

#[tokio::test]
async fn debt_positions_follow_gpd_external_v1() {
    let Some(dir) = real_data(
        "debt_positions_follow_gpd_external_v1",
        "gpd-debt-positions-external-v1.json",
    ) else {
        return;
    };
    let spec = dir.join("gpd-debt-positions-external-v1.json");
    let prism = Prism::start("gpd", &spec, &[]);
    let org = CreditorFiscalCode::parse(ORG).unwrap();
    let client = GpdClient::new(config(&prism, Some(KEY))).unwrap();
    let generated = client
        .clone()
        .with_header("Prefer", "dynamic=true")
        .unwrap();
    let iupd = "00085240950-mensa-2026-0001";
    let p = position(iupd);

    let created = until_prism_agrees(&prism, "create", || generated.create(&org, &p, false)).await;
    assert_eq!(created.iupd, iupd);
    until_prism_agrees(&prism, "create and publish", || {
        generated.create(&org, &p, true)
    })
    .await;
    let mut minimal = position("minimal-1");
    minimal.debtor = PositionDebtor {
        kind: None,
        fiscal_code: "01199250158".into(),
        full_name: "Esempio S.r.l.".into(),
        ..PositionDebtor::default()
    };
    minimal.office_name = None;
    minimal.validity_date = None;
    minimal.pay_stand_in = None;
    minimal.options.truncate(1);
    minimal.options[0].retention_date = None;
    minimal.options[0].metadata.clear();
    until_prism_agrees(&prism, "create (required fields only)", || {
        generated.create(&org, &minimal, false)
    })
    .await;
    // The position file of Campanile's own shape that the README documents (what
    // `campanile positions create` reads) makes a request the specification accepts.
    let from_file = PositionFile::parse(include_str!("../../assets/positions/example.json"))
        .unwrap()
        .position;
    until_prism_agrees(&prism, "create (from the documented position file)", || {
        generated.create(&org, &from_file, true)
    })
    .await;
    until_prism_agrees(&prism, "publish", || generated.publish(&org, iupd)).await;
    until_prism_agrees(&prism, "invalidate", || generated.invalidate(&org, iupd)).await;
    until_prism_agrees(&prism, "update", || generated.update(&org, &p, false)).await;
    until_prism_agrees(&prism, "update and publish", || {
        generated.update(&org, &p, true)
    })
    .await;
    until_prism_agrees(&prism, "delete", || generated.delete(&org, iupd)).await;
    let nav = NoticeNumber::parse(&format!("3{}", p.options[0].iuv)).unwrap();
    let paid_at = campanile_core::time::Instant::parse_rfc3339("2026-07-02T10:11:12Z").unwrap();
    until_prism_agrees(&prism, "mark paid", || {
        generated.mark_paid(&org, &nav, paid_at)
    })
    .await;

    // Reading: the static example, then generated ones.
    let read = valid(&prism, "read", client.position(&org, iupd))
        .await
        .unwrap();
    assert_eq!(read.status, Some(PositionStatus::Draft));
    assert!(!read.options.is_empty());
    let status = valid(&prism, "status", client.status(&org, iupd))
        .await
        .unwrap();
    assert_eq!(status, PositionStatus::Draft);
    let option = read.options[0].iuv.clone().unwrap();
    let receipt = valid(&prism, "receipt", client.receipt(&org, iupd, &option)).await;
    assert_eq!(
        receipt,
        Ok(None),
        "the static example's option is PO_UNPAID"
    );
    let mut statuses = BTreeSet::new();
    let mut paid_options = 0;
    for _ in 0..15 {
        let read = valid(&prism, "read (generated)", generated.position(&org, iupd))
            .await
            .unwrap();
        if let Some(s) = &read.status {
            statuses.insert(s.code().to_string());
        }
        let receipts = read.receipts();
        paid_options += receipts.len();
        assert_eq!(
            receipts.len(),
            read.options.iter().filter(|o| o.is_paid()).count()
        );
        assert!(receipts.iter().all(|r| r.status.is_paid()));
    }
    println!("generated position statuses: {statuses:?}; paid options: {paid_options}");

    // Every error the specification lists for these operations.
    let with = |code: &str| {
        client
            .clone()
            .with_header("Prefer", &format!("code={code}"))
            .unwrap()
    };
    let got = valid(&prism, "create 400", with("400").create(&org, &p, false)).await;
    assert!(
        matches!(&got, Err(PlatformError::BadRequest { .. })),
        "{got:?}"
    );
    for code in ["401", "403"] {
        let got = valid(&prism, code, with(code).create(&org, &p, false)).await;
        assert_eq!(got, Err(PlatformError::Unauthorized), "{code}");
        let got = valid(&prism, code, with(code).position(&org, iupd)).await;
        assert_eq!(got, Err(PlatformError::Unauthorized), "{code}");
    }
    let got = valid(&prism, "create 409", with("409").create(&org, &p, false)).await;
    assert!(
        matches!(&got, Err(PlatformError::Conflict { .. })),
        "{got:?}"
    );
    let got = valid(&prism, "read 404", with("404").position(&org, iupd)).await;
    assert!(
        matches!(&got, Err(PlatformError::NotFound { .. })),
        "{got:?}"
    );
    for action in ["publish", "invalidate"] {
        for code in ["404", "409", "500"] {
            let c = with(code);
            let got = if action == "publish" {
                valid(&prism, action, c.publish(&org, iupd)).await
            } else {
                valid(&prism, action, c.invalidate(&org, iupd)).await
            };
            let ok = match code {
                "404" => matches!(got, Err(PlatformError::NotFound { .. })),
                "409" => matches!(got, Err(PlatformError::Conflict { .. })),
                _ => matches!(got, Err(PlatformError::Server { status: 500, .. })),
            };
            assert!(ok, "{action} {code}: {got:?}");
        }
    }
    let got = valid(&prism, "create 500", with("500").create(&org, &p, false)).await;
    assert!(
        matches!(&got, Err(PlatformError::Server { status: 500, .. })),
        "{got:?}"
    );

    // Prism does check: no key; a position without the debtor's name.
    let keyless = GpdClient::new(config(&prism, None)).unwrap();
    let mark = prism.mark();
    assert_eq!(
        keyless.position(&org, iupd).await,
        Err(PlatformError::Unauthorized)
    );
    prism.assert_refused(mark, "a read without a key", "security");
    let mark = prism.mark();
    let raw = reqwest::Client::new()
        .post(
            prism
                .base
                .join(&format!("organizations/{ORG}/debtpositions"))
                .unwrap(),
        )
        .header("Ocp-Apim-Subscription-Key", KEY)
        .header("Content-Type", "application/json")
        .body(
            serde_json::json!({ "iupd": "x-1", "type": "F", "fiscalCode": "RSSMRA80A01H501U",
                                "companyName": "Comune", "switchToExpired": false })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(!raw.status().is_success());
    prism.assert_refused(mark, "a position without fullName", "fullName");
}
