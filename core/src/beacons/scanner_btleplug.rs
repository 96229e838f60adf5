//! The desktop scanner (feature `ble`): btleplug on Linux (BlueZ over D-Bus), macOS and
//! Windows. It hands each manufacturer- or service-data field it hears, with the RSSI and the
//! time, to a callback — usually [`super::proximity::ProximityEngine::on_advert`]. No device address is
//! kept or passed on.

use std::time::Duration;

use btleplug::api::{Central, CentralEvent, Manager as _, Peripheral as _, ScanFilter};
use btleplug::platform::Manager;
use futures_util::StreamExt;

use super::proximity::{Clock, SystemClock};
use super::trace::{PayloadBuf, TraceRecord};

/// Why scanning could not start or went wrong.
#[derive(Debug, thiserror::Error)]
pub enum BleScanError {
    /// The system's Bluetooth service answered but lists no adapter.
    #[error("no Bluetooth adapter found")]
    NoAdapter,
    /// The system's Bluetooth service could not be reached (on Linux: BlueZ over D-Bus).
    #[error("the system's Bluetooth service is not available: {0}")]
    Unavailable(String),
    /// The adapter would not start the scan or stream its events; the text is btleplug's.
    #[error("Bluetooth scan failed: {0}")]
    Scan(String),
}

const BASE_UUID_LOW: u128 = 0x0000_0000_0000_1000_8000_0080_5F9B_34FB;

/// The 16-bit form of a 128-bit UUID built on the Bluetooth base UUID.
fn short_uuid(u: u128) -> Option<u16> {
    let mask: u128 = !(0xFFFF_FFFFu128 << 96);
    ((u & mask) == BASE_UUID_LOW && (u >> 112) == 0).then_some(((u >> 96) & 0xFFFF) as u16)
}

/// Scans for `duration`, calling `on_advert` with every manufacturer- or 16-bit service-data
/// field heard (RSSI 127, "unknown", when the platform gives none). Returns how many it passed.
pub async fn scan(
    duration: Duration,
    mut on_advert: impl FnMut(TraceRecord),
) -> Result<usize, BleScanError> {
    let manager = Manager::new()
        .await
        .map_err(|e| BleScanError::Unavailable(e.to_string()))?;
    let adapters = manager
        .adapters()
        .await
        .map_err(|e| BleScanError::Unavailable(e.to_string()))?;
    let central = adapters.into_iter().next().ok_or(BleScanError::NoAdapter)?;
    if let Ok(info) = central.adapter_info().await {
        tracing::info!(adapter = %info, "scanning");
    }
    let mut events = central
        .events()
        .await
        .map_err(|e| BleScanError::Scan(e.to_string()))?;
    central
        .start_scan(ScanFilter::default())
        .await
        .map_err(|e| BleScanError::Scan(e.to_string()))?;
    let clock = SystemClock;
    let mut passed = 0;
    let deadline = tokio::time::sleep(duration);
    tokio::pin!(deadline);
    loop {
        let event = tokio::select! {
            _ = &mut deadline => break,
            e = events.next() => match e {
                Some(e) => e,
                None => break,
            },
        };
        let (id, fields): (_, Vec<PayloadBuf>) = match event {
            CentralEvent::ManufacturerDataAdvertisement {
                id,
                manufacturer_data,
            } => (
                id,
                manufacturer_data
                    .into_iter()
                    .map(|(company_id, data)| PayloadBuf::ManufacturerData { company_id, data })
                    .collect(),
            ),
            CentralEvent::ServiceDataAdvertisement { id, service_data } => (
                id,
                service_data
                    .into_iter()
                    .filter_map(|(uuid, data)| {
                        short_uuid(uuid.as_u128())
                            .map(|uuid| PayloadBuf::ServiceData { uuid, data })
                    })
                    .collect(),
            ),
            _ => continue,
        };
        let rssi = match central.peripheral(&id).await {
            Ok(p) => p
                .properties()
                .await
                .ok()
                .flatten()
                .and_then(|p| p.rssi)
                .unwrap_or(127),
            Err(_) => 127,
        };
        let at = clock.now_ms();
        for payload in fields {
            passed += 1;
            on_advert(TraceRecord {
                t: at,
                rssi,
                payload,
            });
        }
    }
    if let Err(e) = central.stop_scan().await {
        tracing::warn!(error = %e, "stopping the scan failed");
    }
    Ok(passed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_uuids_come_from_the_base_uuid_only() {
        assert_eq!(
            short_uuid(0x0000_FEAA_0000_1000_8000_0080_5F9B_34FB),
            Some(0xFEAA)
        );
        assert_eq!(short_uuid(0x1234_FEAA_0000_1000_8000_0080_5F9B_34FB), None);
        assert_eq!(short_uuid(0x0000_FEAA_0000_1000_8000_0080_5F9B_34FC), None);
    }
}
