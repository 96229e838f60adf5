//! The btleplug scanner (feature `ble`). Where there is no Bluetooth (CI, containers) scanning
//! must fail with a clear error rather than hang or panic; where there is, it must scan.
#![cfg(feature = "ble")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use campanile_core::beacons::scanner_btleplug::{BleScanError, scan};

#[tokio::test]
async fn beacons_ble_scan_without_an_adapter_says_so() {
    let started = std::time::Instant::now();
    let result = tokio::time::timeout(
        Duration::from_secs(30),
        scan(Duration::from_secs(1), |_| {}),
    )
    .await
    .expect("scan neither finished nor failed within 30 s");
    match result {
        Ok(n) => println!("an adapter is present: {n} adverts heard in 1 s"),
        Err(e @ (BleScanError::NoAdapter | BleScanError::Unavailable(_))) => {
            let text = e.to_string();
            println!("no Bluetooth here: {text}");
            assert!(text.contains("Bluetooth"), "{text}");
            assert!(started.elapsed() < Duration::from_secs(30));
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}
