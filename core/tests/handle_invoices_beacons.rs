//! Invoices and beacons through the one handle only: an invoice imported from bytes, its
//! duplicate a conflict, an unknown invoice not found; a beacon frame decoded from bytes, a
//! short trace replayed into an Enter event.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::beacons::proximity::ProximityEventKind;
use campanile_core::{Campanile, Config, Database, ErrorClass, Host};
use campanile_testkit::fatturapa::Spec;

const IBEACON: &str = "0201061aff4c000215f7826da64fa24e988024bc5b71e0893e00010001c5";

fn open() -> Campanile {
    Campanile::open(Config::new(Database::InMemory, "en"), Host::default()).unwrap()
}

#[test]
fn an_invoice_from_bytes_its_duplicate_and_an_unknown_one() {
    let core = open();
    let invoices = core.invoices();
    let spec = Spec::fpa12();
    let imported = invoices
        .import_bytes("IT01234567890_00017.xml", &spec.bytes())
        .unwrap();
    assert!(!imported.already_imported);
    assert_eq!(imported.invoice_ids.len(), 1);
    let id = imported.invoice_ids[0];

    // The same bytes again change nothing; the same invoice in another file is a conflict.
    let again = invoices
        .import_bytes("IT01234567890_00017.xml", &spec.bytes())
        .unwrap();
    assert!(again.already_imported);
    let mut other = Spec::fpa12();
    other.bodies[0].causale = Some("Another description, the same invoice".into());
    assert_ne!(other.bytes(), spec.bytes());
    let dup = invoices
        .import_bytes("IT01234567890_00018.xml", &other.bytes())
        .unwrap_err();
    assert_eq!(dup.class, ErrorClass::Conflict, "{dup:?}");
    assert_eq!(dup.code, "invoices.duplicate");

    let st = invoices.status(id).unwrap();
    assert_eq!(st.id, id);
    assert_eq!(st.term.days, 30);
    assert!(!invoices.text(&st).rows.is_empty());
    assert_eq!(invoices.list().unwrap().len(), 1);
    let json = serde_json::to_value(&imported).unwrap();
    assert_eq!(json["bodies"][0]["id"], id);

    let missing = invoices.status(4242).unwrap_err();
    assert_eq!(missing.class, ErrorClass::NotFound);
    assert!(missing.message.contains("4242"), "{}", missing.message);

    let bad = invoices.import_bytes("rotta.xml", b"<nope/>").unwrap_err();
    assert_eq!(bad.class, ErrorClass::BadInput);
    assert_eq!(bad.details["file"], "rotta.xml");
}

#[test]
fn a_frame_from_bytes_and_a_replay_into_an_enter_event() {
    let core = open();
    let beacons = core.beacons();
    let frame = beacons.decode(&hex::decode(IBEACON).unwrap()).unwrap();
    assert_eq!(frame.fields["kind"], "ibeacon");
    assert_eq!(frame.fields["uuid"], "f7826da6-4fa2-4e98-8024-bc5b71e0893e");
    assert_eq!(beacons.decode(&[]).unwrap_err().class, ErrorClass::BadInput);

    let reg = "beacon,poi_id,name\nibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1,duomo,Duomo di Fermo\n";
    let imported = beacons
        .import_registry_bytes("registry.csv", reg.as_bytes(), false)
        .unwrap();
    assert_eq!(imported.registered, 1);
    assert_eq!(beacons.registry().unwrap().len(), 1);

    // Three seconds at about one metre, every 100 ms.
    let trace: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"t": {}, "rssi": -60, "adv": "{IBEACON}"}}"#,
                1_000_000 + i * 100
            )
        })
        .collect();
    let replay = beacons
        .replay_bytes("t.jsonl", trace.join("\n").as_bytes(), 1000)
        .unwrap();
    assert_eq!(replay.adverts, 30);
    let enter = replay
        .events
        .iter()
        .find(|e| e.kind == ProximityEventKind::Enter)
        .expect("an Enter event");
    assert_eq!(&*enter.poi_id, "duomo");
    assert!(beacons.event_text(enter).contains("Duomo di Fermo"));
}
