//! Spec vectors (built from each format's published layout) and malformed frames.

use super::*;

fn adv(h: &str) -> Result<Frame, FrameError> {
    parse_advertisement(&hex::decode(h).unwrap())
}

#[test]
fn ibeacon_from_the_layout() {
    // Flags, then Apple manufacturer data: 02 15, UUID, major 0x0001, minor 0x0203, -59 dBm.
    let f = adv("0201061aff4c000215f7826da64fa24e988024bc5b71e0893e00010203c5").unwrap();
    let Frame::IBeacon(b) = f else {
        panic!("{f:?}")
    };
    assert_eq!(format_uuid(&b.uuid), "f7826da6-4fa2-4e98-8024-bc5b71e0893e");
    assert_eq!((b.major, b.minor, b.measured_power), (1, 0x0203, -59));
    assert_eq!(f.power_at_1m(), Some(-59));
    assert_eq!(
        f.beacon_id().unwrap().to_string(),
        "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:515"
    );
}

#[test]
fn ibeacon_fields_given_apart() {
    let data = hex::decode("0215f7826da64fa24e988024bc5b71e0893e00010203c5").unwrap();
    let f = parse(Payload::ManufacturerData {
        company_id: 0x004C,
        data: &data,
    })
    .unwrap();
    assert_eq!(f.kind(), FrameKind::IBeacon);
}

#[test]
fn ibeacon_one_byte_short_is_a_length_error_at_its_offset() {
    let e = adv("0201061aff4c000215f7826da64fa24e988024bc5b71e0893e000102").unwrap_err();
    // The AD structure now runs past the end.
    assert!(
        matches!(e, FrameError::TruncatedAd { offset: 3, .. }),
        "{e}"
    );
    let e = adv(
        "020106 19ff4c000215f7826da64fa24e988024bc5b71e0893e00010203"
            .replace(' ', "")
            .as_str(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        FrameError::Length {
            kind: FrameKind::IBeacon,
            offset: 7,
            found: 22,
            expected: "23"
        }
    );
}

#[test]
fn ibeacon_with_a_wrong_inner_length_byte() {
    let e = adv("0201061aff4c000216f7826da64fa24e988024bc5b71e0893e00010203c5").unwrap_err();
    assert!(
        matches!(
            e,
            FrameError::DeclaredLength {
                declared: 0x16,
                offset: 8,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn other_apple_payloads_are_not_beacons() {
    assert_eq!(
        adv("0201060aff4c001005031c2a0e5e"),
        Err(FrameError::NoBeacon)
    );
}

#[test]
fn altbeacon_from_the_specification() {
    // AltBeacon spec: length 0x1B, type 0xFF, MFG ID, BEAC, 20-byte id, ref RSSI, reserved.
    let f = adv("1bff1801beac0102030405060708090a0b0c0d0e0f1011121314c5ab").unwrap();
    let Frame::AltBeacon(b) = f else {
        panic!("{f:?}")
    };
    assert_eq!(b.company_id, 0x0118);
    assert_eq!(b.id[0], 1);
    assert_eq!(b.id[19], 0x14);
    assert_eq!(b.id2(), 0x1112);
    assert_eq!(b.id3(), 0x1314);
    assert_eq!((b.reference_rssi, b.mfg_reserved), (-59, 0xAB));
}

#[test]
fn eddystone_uid_url_tlm_etlm_eid() {
    let uid = adv("0201060303aafe1716aafe00e800112233445566778899aabbccddeeff0000").unwrap();
    assert_eq!(
        uid.beacon_id().unwrap().to_string(),
        "eddystone-uid:00112233445566778899:aabbccddeeff"
    );
    assert_eq!(uid.power_at_1m(), Some(-24 - 41));

    let url = adv("0303aafe0d16aafe10eb03676f6f676c6507").unwrap();
    let Frame::Eddystone(Eddystone::Url(u)) = url else {
        panic!()
    };
    assert_eq!(u.url(), "https://google.com");

    let tlm = adv("1116aafe20000bb8fd8000000064000003e8").unwrap();
    let Frame::Eddystone(Eddystone::Tlm(t)) = tlm else {
        panic!()
    };
    assert_eq!(t.battery_mv, 3000);
    assert_eq!(t.temperature_c(), Some(-2.5));
    assert_eq!(
        (t.adv_count, t.sec_count, t.elapsed_ms()),
        (100, 1000, 100_000)
    );
    assert!(tlm.beacon_id().is_none());

    let no_temp = adv("1116aafe2000000080000000000000000000").unwrap();
    let Frame::Eddystone(Eddystone::Tlm(t)) = no_temp else {
        panic!()
    };
    assert_eq!(t.temperature_c(), None);

    let etlm = adv("1516aafe2001000102030405060708090a0bdeadbeff").unwrap();
    let Frame::Eddystone(Eddystone::Etlm(e)) = etlm else {
        panic!()
    };
    assert_eq!((e.salt, e.mic), (0xDEAD, 0xBEFF));

    let eid = adv("0d16aafe30f00102030405060708").unwrap();
    assert_eq!(
        eid.beacon_id().unwrap().to_string(),
        "eddystone-eid:0102030405060708"
    );
}

#[test]
fn url_expansion_codes_and_reserved_bytes() {
    assert_eq!(
        decode_url(&[0x00, b'a', 0x00]).unwrap(),
        "http://www.a.com/"
    );
    assert_eq!(
        decode_url(&[0x01, b'a', 0x0D]).unwrap(),
        "https://www.a.gov"
    );
    assert_eq!(
        decode_url(&[0x02, b'a', 0x0E]),
        Err(FrameError::UrlReservedByte {
            byte: 0x0E,
            offset: 2
        })
    );
    assert_eq!(
        decode_url(&[0x02, b' ']),
        Err(FrameError::UrlReservedByte {
            byte: 0x20,
            offset: 1
        })
    );
    assert_eq!(
        decode_url(&[0x04]),
        Err(FrameError::UrlScheme { byte: 4, offset: 0 })
    );
    assert!(decode_url(&[]).is_err());
    assert_eq!(decode_url(&[0x02; 3]).unwrap(), "http://.edu/.edu/");
    // A frame holds at most 17 URL bytes.
    assert!(adv("1816aafe10eb03616161616161616161616161616161616161").is_err());
}

#[test]
fn malformed_eddystone_frames() {
    // Unknown frame type.
    assert_eq!(
        adv("0416aafe40"),
        Err(FrameError::UnknownEddystoneType {
            frame_type: 0x40,
            offset: 4
        })
    );
    // UID two bytes short (no reserved bytes).
    assert!(matches!(
        adv("1516aafe00e800112233445566778899aabbccddeeff"),
        Err(FrameError::Length {
            kind: FrameKind::EddystoneUid,
            found: 18,
            ..
        })
    ));
    // Unknown TLM version.
    assert_eq!(
        adv("1116aafe20020bb8fd8000000064000003e8"),
        Err(FrameError::UnknownTlmVersion {
            version: 2,
            offset: 5
        })
    );
    // TLM with no version byte, EID short, empty service data.
    assert!(adv("0416aafe20").is_err());
    assert!(adv("0c16aafe30f001020304050607").is_err());
    assert!(adv("0316aafe").is_err());
}

#[test]
fn empty_truncated_and_unrelated_input() {
    assert_eq!(adv(""), Err(FrameError::Empty));
    assert_eq!(adv("020106"), Err(FrameError::NoBeacon));
    assert_eq!(adv("00000000"), Err(FrameError::NoBeacon));
    assert!(matches!(
        adv("ff"),
        Err(FrameError::TruncatedAd {
            offset: 0,
            declared: 255,
            available: 0
        })
    ));
    assert_eq!(
        adv("02ff4c"),
        Err(FrameError::ShortManufacturerData {
            offset: 2,
            found: 1
        })
    );
    // A service data structure too short for its UUID is skipped, not a beacon.
    assert_eq!(adv("021601"), Err(FrameError::NoBeacon));
}

#[test]
fn beacon_ids_round_trip_through_text() {
    for s in [
        "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:515",
        "altbeacon:0102030405060708090a0b0c0d0e0f1011121314",
        "eddystone-uid:00112233445566778899:aabbccddeeff",
        "eddystone-eid:0102030405060708",
    ] {
        let id: BeaconId = s.parse().unwrap();
        assert_eq!(id.to_string(), s);
    }
    let upper: BeaconId = "IBEACON:F7826DA64FA24E988024BC5B71E0893E:1:515"
        .parse()
        .unwrap();
    assert_eq!(
        upper.to_string(),
        "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:515"
    );
    for bad in [
        "",
        "ibeacon",
        "ibeacon:zz:1:2",
        "ibeacon:f7826da64fa24e988024bc5b71e0893e:70000:1",
        "eddystone-uid:0011:aabb",
        "bluetooth:1",
    ] {
        assert!(bad.parse::<BeaconId>().is_err(), "{bad}");
    }
}

#[test]
fn json_of_a_frame_names_its_kind_and_beacon() {
    let f = adv("0d16aafe30f00102030405060708").unwrap();
    let j = f.to_json();
    assert_eq!(j["kind"], "eddystone-eid");
    assert_eq!(j["tx_power"], -16);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_input_panics_and_ids_read_back(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            for r in [
                parse_advertisement(&bytes),
                parse(Payload::ManufacturerData { company_id: 0x004C, data: &bytes }),
                parse(Payload::ServiceData { uuid: 0xFEAA, data: &bytes }),
            ] {
                if let Ok(f) = r && let Some(id) = f.beacon_id() {
                    prop_assert_eq!(id.to_string().parse::<BeaconId>().unwrap(), id);
                }
            }
            let _ = decode_url(&bytes);
        }

        #[test]
        fn well_formed_eddystone_uids_always_parse(ns in any::<[u8; 10]>(), inst in any::<[u8; 6]>(), tx in any::<i8>()) {
            let mut adv = vec![0x17, 0x16, 0xAA, 0xFE, 0x00, tx as u8];
            adv.extend_from_slice(&ns);
            adv.extend_from_slice(&inst);
            adv.extend_from_slice(&[0, 0]);
            let f = parse_advertisement(&adv).unwrap();
            prop_assert_eq!(f.beacon_id(), Some(BeaconId::EddystoneUid { namespace: ns, instance: inst }));
        }
    }
}
