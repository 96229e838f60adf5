//! Bluetooth LE beacons: frame parsers, RSSI ranging and proximity events tied to points of
//! interest.
//!
//! Every platform feeds one entry point, [`proximity::ProximityEngine::on_advert`], with the raw bytes it
//! received, their RSSI and a timestamp; the engine answers with enter/exit events. Nothing here
//! touches a radio: the btleplug scanner (feature `ble`) and the trace replayer are two feeders.

pub mod flow;
// The frame parsers live in their own small crate so that their fuzz target builds quickly.
pub use campanile_beacon_frames as frames;
pub(crate) mod messages;
pub mod proximity;
pub mod ranging;
pub mod registry;
#[cfg(feature = "ble")]
pub mod scanner_btleplug;
pub mod trace;

pub use frames::{BeaconId, Frame, FrameError, FrameKind, Payload, parse, parse_advertisement};
