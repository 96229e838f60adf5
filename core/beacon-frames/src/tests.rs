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
    assert_eq!((b.major, b.minor, b.measured_power), (1, 0x0203, Some(-59)));
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
fn ibeacon_cut_inside_its_identity_is_a_length_error_at_its_offset() {
    let e = adv("0201061aff4c000215f7826da64fa24e988024bc5b71e0893e000102").unwrap_err();
    // The AD structure now runs past the end.
    assert!(
        matches!(e, FrameError::TruncatedAd { offset: 3, .. }),
        "{e}"
    );
    // The AD structure ends one byte into the minor.
    let e = adv("020106 18ff4c000215f7826da64fa24e988024bc5b71e0893e000102"
        .replace(' ', "")
        .as_str())
    .unwrap_err();
    assert_eq!(
        e,
        FrameError::Length {
            kind: FrameKind::IBeacon,
            offset: 7,
            found: 21,
            expected: "≥ 22"
        }
    );
}

#[test]
fn ibeacon_without_its_measured_power_keeps_its_identity() {
    // The structure stops after the minor: the Android Beacon Library still reads this beacon.
    let f = adv(
        "020106 19ff4c000215f7826da64fa24e988024bc5b71e0893e00010203"
            .replace(' ', "")
            .as_str(),
    )
    .unwrap();
    let Frame::IBeacon(b) = f else {
        panic!("{f:?}")
    };
    assert_eq!(b.measured_power, None);
    assert_eq!(f.power_at_1m(), None);
    assert_eq!(f.to_json()["measured_power"], serde_json::Value::Null);
    assert_eq!(
        f.beacon_id().unwrap().to_string(),
        "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:515"
    );
}

#[test]
fn ibeacon_padded_after_its_measured_power() {
    // Two zero bytes inside the manufacturer data after the frame, as some beacons send.
    let f = adv(
        "020106 1cff4c000215f7826da64fa24e988024bc5b71e0893e00010203c50000"
            .replace(' ', "")
            .as_str(),
    )
    .unwrap();
    assert_eq!(
        f.beacon_id().unwrap().to_string(),
        "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:515"
    );
    assert_eq!(f.power_at_1m(), Some(-59));
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
    assert_eq!((b.reference_rssi, b.mfg_reserved), (Some(-59), Some(0xAB)));
}

#[test]
fn altbeacon_short_of_its_trailing_fields_or_padded_keeps_its_identity() {
    const ID: &str = "altbeacon:0102030405060708090a0b0c0d0e0f1011121314";
    // Without the manufacturer-reserved byte (the Android Beacon Library's own test frame).
    let f = adv("1aff1801beac0102030405060708090a0b0c0d0e0f1011121314c5").unwrap();
    let Frame::AltBeacon(b) = f else {
        panic!("{f:?}")
    };
    assert_eq!((b.reference_rssi, b.mfg_reserved), (Some(-59), None));
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
    assert_eq!(f.power_at_1m(), Some(-59));
    // Without the reference RSSI either: the identity is whole, the power absent.
    let f = adv("19ff1801beac0102030405060708090a0b0c0d0e0f1011121314").unwrap();
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
    assert_eq!(f.power_at_1m(), None);
    assert_eq!(f.to_json()["reference_rssi"], serde_json::Value::Null);
    // Zero padding after the reserved byte.
    let f = adv("1eff1801beac0102030405060708090a0b0c0d0e0f1011121314c5ab000000").unwrap();
    let Frame::AltBeacon(b) = f else {
        panic!("{f:?}")
    };
    assert_eq!((b.reference_rssi, b.mfg_reserved), (Some(-59), Some(0xAB)));
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
}

#[test]
fn altbeacon_cut_inside_its_id_is_refused() {
    // The structure ends one byte before the end of the 20-byte id.
    assert_eq!(
        adv("18ff1801beac0102030405060708090a0b0c0d0e0f10111213"),
        Err(FrameError::Length {
            kind: FrameKind::AltBeacon,
            offset: 4,
            found: 21,
            expected: "≥ 22"
        })
    );
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
fn eddystone_uid_without_or_after_its_reserved_bytes() {
    const ID: &str = "eddystone-uid:00112233445566778899:aabbccddeeff";
    // Service data of 18 bytes: no reserved bytes, as older firmware sends it.
    let f = adv("0201060303aafe1516aafe00e800112233445566778899aabbccddeeff").unwrap();
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
    assert_eq!(f.power_at_1m(), Some(-24 - 41));
    // 19 bytes: one reserved byte.
    let f = adv("1616aafe00e800112233445566778899aabbccddeeff00").unwrap();
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
    // Zero-padded after the reserved bytes (22 bytes).
    let f = adv("1916aafe00e800112233445566778899aabbccddeeff00000000").unwrap();
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
    // The same 18 bytes as a platform hands over service data.
    let data = hex::decode("00e800112233445566778899aabbccddeeff").unwrap();
    let f = parse(Payload::ServiceData {
        uuid: 0xFEAA,
        data: &data,
    })
    .unwrap();
    assert_eq!(f.beacon_id().unwrap().to_string(), ID);
}

#[test]
fn eddystone_tlm_etlm_and_eid_padded_after_their_fields() {
    let tlm = adv("1316aafe20000bb8fd8000000064000003e80000").unwrap();
    let Frame::Eddystone(Eddystone::Tlm(t)) = tlm else {
        panic!("{tlm:?}")
    };
    assert_eq!((t.battery_mv, t.adv_count, t.sec_count), (3000, 100, 1000));
    let etlm = adv("1716aafe2001000102030405060708090a0bdeadbeff0000").unwrap();
    let Frame::Eddystone(Eddystone::Etlm(e)) = etlm else {
        panic!("{etlm:?}")
    };
    assert_eq!((e.salt, e.mic), (0xDEAD, 0xBEFF));
    let eid = adv("1116aafe30f0010203040506070800000000").unwrap();
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
    // UID cut inside its instance (17 bytes).
    assert_eq!(
        adv("1416aafe00e800112233445566778899aabbccddee"),
        Err(FrameError::Length {
            kind: FrameKind::EddystoneUid,
            offset: 4,
            found: 17,
            expected: "≥ 18"
        })
    );
    // TLM and eTLM one byte short.
    assert_eq!(
        adv("1016aafe20000bb8fd8000000064000003"),
        Err(FrameError::Length {
            kind: FrameKind::EddystoneTlm,
            offset: 4,
            found: 13,
            expected: "≥ 14"
        })
    );
    assert_eq!(
        adv("1416aafe2001000102030405060708090a0bdeadbe"),
        Err(FrameError::Length {
            kind: FrameKind::EddystoneEtlm,
            offset: 4,
            found: 17,
            expected: "≥ 18"
        })
    );
    // A URL frame longer than the format (21 bytes): zero padding could not be told from the
    // expansion code 0x00 (".com/"), so it is refused rather than guessed at.
    assert!(matches!(
        adv("1816aafe10eb03676f6f676c65070000000000000000000000"),
        Err(FrameError::Length {
            kind: FrameKind::EddystoneUrl,
            found: 21,
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
        #![proptest_config(campanile_testkit::proptest_seed::config())]

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
        fn eddystone_uids_with_or_without_reserved_bytes_and_padding_always_parse(
            ns in any::<[u8; 10]>(),
            inst in any::<[u8; 6]>(),
            tx in any::<i8>(),
            after in proptest::collection::vec(any::<u8>(), 0..8),
        ) {
            let mut data = vec![0x00, tx as u8];
            data.extend_from_slice(&ns);
            data.extend_from_slice(&inst);
            data.extend_from_slice(&after);
            let mut adv = vec![data.len() as u8 + 3, 0x16, 0xAA, 0xFE];
            adv.extend_from_slice(&data);
            let f = parse_advertisement(&adv).unwrap();
            prop_assert_eq!(f.beacon_id(), Some(BeaconId::EddystoneUid { namespace: ns, instance: inst }));
            prop_assert_eq!(f.power_at_1m(), Some((tx).saturating_sub(41)));
            // Cut anywhere inside the identity, it is refused.
            for cut in 0..18 {
                let cut_frame = parse(Payload::ServiceData { uuid: 0xFEAA, data: &data[..cut] });
                prop_assert!(cut_frame.is_err(), "cut at {}: {:?}", cut, cut_frame);
            }
        }

        #[test]
        fn ibeacons_and_altbeacons_keep_their_identity_until_it_is_cut(
            id in any::<[u8; 20]>(),
            tail in proptest::collection::vec(any::<u8>(), 0..6),
        ) {
            // iBeacon: 02 15, UUID, major, minor, then whatever follows.
            let mut data = vec![0x02, 0x15];
            data.extend_from_slice(&id);
            data.extend_from_slice(&tail);
            let f = parse(Payload::ManufacturerData { company_id: 0x004C, data: &data }).unwrap();
            let mut uuid = [0u8; 16];
            uuid.copy_from_slice(&id[..16]);
            let want = BeaconId::IBeacon {
                uuid,
                major: u16::from_be_bytes([id[16], id[17]]),
                minor: u16::from_be_bytes([id[18], id[19]]),
            };
            prop_assert_eq!(f.beacon_id(), Some(want));
            prop_assert_eq!(f.power_at_1m(), tail.first().map(|&p| p as i8));
            for cut in 1..22 {
                let cut_frame = parse(Payload::ManufacturerData { company_id: 0x004C, data: &data[..cut] });
                prop_assert!(cut_frame.is_err(), "cut at {}: {:?}", cut, cut_frame);
            }
            // AltBeacon: BE AC, the 20-byte id, then whatever follows.
            let mut data = vec![0xBE, 0xAC];
            data.extend_from_slice(&id);
            data.extend_from_slice(&tail);
            let f = parse(Payload::ManufacturerData { company_id: 0x0118, data: &data }).unwrap();
            prop_assert_eq!(f.beacon_id(), Some(BeaconId::AltBeacon { id }));
            prop_assert_eq!(f.power_at_1m(), tail.first().map(|&p| p as i8));
            for cut in 2..22 {
                let cut_frame = parse(Payload::ManufacturerData { company_id: 0x0118, data: &data[..cut] });
                prop_assert!(cut_frame.is_err(), "cut at {}: {:?}", cut, cut_frame);
            }
        }
    }
}
