#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Secrets against the real OS keyring of this machine (on Linux the kernel's user keyring,
//! which needs no desktop session), each test under a service of its own so that nothing of a
//! real installation is touched, and removed at the end.

use campanile_core::secrets::{self, REDACTED, SecretName, Secrets, SecretsError, ValueProblem};

fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("campanile-test-{tag}-{}-{nanos}", std::process::id())
}

/// A service of the test's own, emptied when dropped.
struct Scratch(Secrets);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        Scratch(Secrets::open_service(&unique(tag)).unwrap())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for name in SecretName::ALL {
            let _ = self.0.unset(name);
        }
    }
}

#[test]
fn a_key_set_is_read_back_listed_replaced_and_removed() {
    let scratch = Scratch::new("roundtrip");
    let s = &scratch.0;
    let name = SecretName::PagopaGpdKey;
    assert!(s.get(name).unwrap().is_none());
    assert!(s.list().unwrap().is_empty());

    let first = format!("{:032x}", std::process::id() as u128 * 7_919 + 1);
    s.set(name, &first).unwrap();
    // A second handle on the same service (as a later command would open) sees it.
    let again = Secrets::open_service(s.service()).unwrap();
    assert_eq!(again.get(name).unwrap().unwrap().expose(), first);
    assert_eq!(again.list().unwrap(), vec![name]);
    assert!(again.get(SecretName::PagopaCheckoutKey).unwrap().is_none());

    let second = format!("{first}-rotated");
    s.set(name, &second).unwrap();
    assert_eq!(again.get(name).unwrap().unwrap().expose(), second);

    assert!(again.unset(name).unwrap());
    assert!(s.get(name).unwrap().is_none());
    assert!(
        !s.unset(name).unwrap(),
        "removing twice finds nothing the second time"
    );
    assert!(s.list().unwrap().is_empty());
}

#[test]
fn services_keep_their_secrets_apart() {
    let a = Scratch::new("a");
    let b = Scratch::new("b");
    a.0.set(SecretName::PagopaCheckoutKey, "value-of-service-a-123")
        .unwrap();
    assert!(b.0.get(SecretName::PagopaCheckoutKey).unwrap().is_none());
    b.0.set(SecretName::PagopaCheckoutKey, "value-of-service-b-456")
        .unwrap();
    assert_eq!(
        a.0.get(SecretName::PagopaCheckoutKey)
            .unwrap()
            .unwrap()
            .expose(),
        "value-of-service-a-123"
    );
}

#[test]
fn bad_values_are_refused_and_nothing_is_stored() {
    let scratch = Scratch::new("refused");
    let s = &scratch.0;
    let name = SecretName::PagopaPaymentRequestsKey;
    for (value, problem) in [
        ("", ValueProblem::Empty),
        ("abc", ValueProblem::TooShort { min: 8 }),
        (
            "0123456789abcdef\n",
            ValueProblem::Character { position: 17 },
        ),
    ] {
        assert_eq!(
            s.set(name, value),
            Err(SecretsError::Value { name, problem }),
            "{value:?}"
        );
    }
    assert!(s.get(name).unwrap().is_none());
    assert!(matches!(
        Secrets::open_service("Not A Service"),
        Err(SecretsError::BadService { .. })
    ));
}

#[test]
fn a_value_read_from_the_keyring_is_redacted_from_texts() {
    let scratch = Scratch::new("redact");
    let value = format!("redact-me-{}", unique("v"));
    // Stored through another handle, then read back here.
    Secrets::open_service(scratch.0.service())
        .unwrap()
        .set(SecretName::PagopaGpdKey, &value)
        .unwrap();
    let got = scratch.0.get(SecretName::PagopaGpdKey).unwrap().unwrap();
    assert_eq!(got.expose(), value);
    let line = format!("request failed: Ocp-Apim-Subscription-Key: {value} refused");
    assert_eq!(
        secrets::redact(&line),
        format!("request failed: Ocp-Apim-Subscription-Key: {REDACTED} refused")
    );
    assert!(!format!("{got:?}").contains(&value));
}
