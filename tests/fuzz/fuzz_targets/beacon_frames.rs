//! Beacon frame parsers on arbitrary bytes: whole advertisements, manufacturer and service data
//! fields, Eddystone URLs and beacon id strings. Nothing may panic; a frame that parses must
//! give a beacon id that reads back as itself, and the same id with zero padding after it (as
//! beacons and capture tools send it).
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

/// A field whose frame carries an identity keeps it with zero bytes appended.
fn same_id_when_padded(payload: impl Fn(&[u8]) -> Payload<'_>, data: &[u8]) {
    let Ok(Some(id)) = frames::parse(payload(data)).map(|f| f.beacon_id()) else {
        return;
    };
    let mut padded = data.to_vec();
    padded.extend_from_slice(&[0, 0, 0]);
    let again = frames::parse(payload(&padded)).map(|f| f.beacon_id());
    assert_eq!(again, Ok(Some(id)), "padding changed the identity");
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
        same_id_when_padded(
            |data| Payload::ManufacturerData {
                company_id: id,
                data,
            },
            rest,
        );
        same_id_when_padded(|data| Payload::ServiceData { uuid: 0xFEAA, data }, rest);
    }
    let _ = frames::decode_url(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = text.parse::<BeaconId>();
    }
});
