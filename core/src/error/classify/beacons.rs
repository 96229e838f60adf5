//! Beacons: frames, the registry, traces, the Bluetooth scanner.

use super::C;
use crate::beacons::registry::RegistryError;
use crate::beacons::trace::TraceError;
use crate::error::Classify;

impl Classify for RegistryError {
    fn class(&self) -> C {
        match self {
            RegistryError::Db(_) => C::Internal,
            _ => C::BadInput,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            RegistryError::Db(_) => "beacons.database",
            RegistryError::Duplicate { .. } => "beacons.duplicate",
            _ => "beacons.bad-registry-file",
        }
    }
}

#[cfg(feature = "ble")]
impl Classify for crate::beacons::scanner_btleplug::BleScanError {
    /// No adapter, no Bluetooth service, a scan that failed: try again when Bluetooth is on.
    fn class(&self) -> C {
        C::Unavailable
    }
    fn code(&self) -> &'static str {
        use crate::beacons::scanner_btleplug::BleScanError;
        match self {
            BleScanError::NoAdapter => "beacons.no-adapter",
            BleScanError::Unavailable(_) => "beacons.bluetooth-unavailable",
            BleScanError::Scan(_) => "beacons.scan-failed",
        }
    }
}

impl Classify for TraceError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "beacons.bad-trace"
    }
}

impl Classify for crate::beacons::FrameError {
    fn class(&self) -> C {
        C::BadInput
    }
    fn code(&self) -> &'static str {
        "beacons.bad-frame"
    }
}
