//! Beacon frame parsers on arbitrary bytes: whole advertisements, manufacturer and service data
//! fields, Eddystone URLs and beacon id strings. Nothing may panic; a frame that parses must
//! give a beacon id that reads back as itself.
#![no_main]

use campanile_beacon_frames::{self as frames, BeaconId, Payload};
use libfuzzer_sys::fuzz_target;

fn check(result: Result<frames::Frame, frames::FrameError>) {
    match result {
        Ok(frame) => {
            let _ = frame.to_json();
            let _ = frame.power_at_1m();
            if let Some(id) = frame.beacon_id() {
                let back: BeaconId = id.to_string().parse().expect("a printed id reads back");
                assert_eq!(back, id);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(frames::parse_advertisement(data));
    if let [a, b, rest @ ..] = data {
        let id = u16::from_le_bytes([*a, *b]);
        check(frames::parse(Payload::ManufacturerData {
            company_id: id,
            data: rest,
        }));
        check(frames::parse(Payload::ServiceData {
            uuid: 0xFEAA,
            data: rest,
        }));
    }
    let _ = frames::decode_url(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = text.parse::<BeaconId>();
    }
});
