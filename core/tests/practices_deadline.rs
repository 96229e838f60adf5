//! Worked examples of every rule of the deadline engine. The expected dates were counted by hand
//! on a calendar (and the weekdays checked against a second implementation), not by the engine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::practices::calendar::{Calendar, DayOff, PatronDate, PatronDay, easter_sunday};
use campanile_core::practices::deadline::{
    ClockInput, ClockStatus, Regime, Rule, Span, compute, status,
};
use campanile_core::practices::patrons::PatronDays;

fn d(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ordinary(received: &str) -> ClockInput {
    ClockInput::new(Regime::Ordinary, d(received))
}

fn due(input: &ClockInput, cal: &Calendar) -> String {
    compute(input, cal, d("2030-01-01"))
        .unwrap()
        .due
        .to_string()
}

fn rules(input: &ClockInput, cal: &Calendar) -> Vec<Rule> {
    compute(input, cal, d("2030-01-01"))
        .unwrap()
        .chain
        .iter()
        .map(|s| s.rule)
        .collect()
}

fn moved_because(input: &ClockInput, cal: &Calendar) -> Vec<(String, String)> {
    compute(input, cal, d("2030-01-01"))
        .unwrap()
        .chain
        .iter()
        .filter(|s| s.rule == Rule::LastDayMoved)
        .map(|s| {
            (
                s.date.to_string(),
                s.day_off.as_ref().unwrap().code().to_string(),
            )
        })
        .collect()
}

#[test]
fn thirty_days_by_default_first_day_not_counted() {
    // 2 March + 30 days = 1 April 2026, a Wednesday.
    let cal = Calendar::national();
    assert_eq!(due(&ordinary("2026-03-02"), &cal), "2026-04-01");
    assert_eq!(
        rules(&ordinary("2026-03-02"), &cal),
        [Rule::Received, Rule::TermDefault, Rule::Due]
    );
    // The procedure's own term replaces the 30 days.
    let mut i = ordinary("2026-03-02");
    i.term_days = Some(60);
    // 2 March + 60 = 1 May, Labour Day → Saturday 2 May.
    assert_eq!(due(&i, &cal), "2026-05-02");
    assert_eq!(
        rules(&i, &cal)[1],
        Rule::TermProcedure,
        "the chain names the procedure's term"
    );
}

#[test]
fn a_last_day_on_sunday_moves_to_monday_but_saturday_stays() {
    let cal = Calendar::national();
    // 6 Feb + 30 = 8 March 2026, a Sunday → Monday 9 March.
    assert_eq!(due(&ordinary("2026-02-06"), &cal), "2026-03-09");
    assert_eq!(
        moved_because(&ordinary("2026-02-06"), &cal),
        [("2026-03-08".to_string(), "sunday".to_string())]
    );
    // 5 Feb + 30 = 7 March 2026, a Saturday: a working day for administrative terms.
    assert_eq!(due(&ordinary("2026-02-05"), &cal), "2026-03-07");
}

#[test]
fn easter_monday_is_computed_each_year() {
    let cal = Calendar::national();
    assert_eq!(easter_sunday(2025), Some(d("2025-04-20")));
    assert_eq!(easter_sunday(2026), Some(d("2026-04-05")));
    assert_eq!(easter_sunday(2027), Some(d("2027-03-28")));
    // 22 March 2025 + 30 = Easter Monday 21 April 2025 → 22 April.
    assert_eq!(due(&ordinary("2025-03-22"), &cal), "2025-04-22");
    // 7 March 2026 + 30 = Easter Monday 6 April 2026 → 7 April.
    assert_eq!(due(&ordinary("2026-03-07"), &cal), "2026-04-07");
    // 27 Feb 2027 + 30 = Easter Monday 29 March 2027 → 30 March.
    assert_eq!(due(&ordinary("2027-02-27"), &cal), "2027-03-30");
    assert_eq!(
        moved_because(&ordinary("2027-02-27"), &cal),
        [("2027-03-29".to_string(), "easter-monday".to_string())]
    );
    // 6 March 2026 + 30 = Easter Sunday: Sunday, then Easter Monday, then Tuesday 7 April.
    assert_eq!(
        moved_because(&ordinary("2026-03-06"), &cal),
        [
            ("2026-04-05".to_string(), "sunday".to_string()),
            ("2026-04-06".to_string(), "easter-monday".to_string())
        ]
    );
    // 21 April is an ordinary Tuesday in 2026.
    assert_eq!(due(&ordinary("2026-03-22"), &cal), "2026-04-21");
}

#[test]
fn fourth_of_october_is_a_holiday_from_2026_only() {
    let cal = Calendar::national();
    // 2025: 4 October is a Saturday and an ordinary working day.
    assert_eq!(due(&ordinary("2025-09-04"), &cal), "2025-10-04");
    // 2026: 4 October is a Sunday, and the chain names the holiday (L. 151/2025).
    assert_eq!(due(&ordinary("2026-09-04"), &cal), "2026-10-05");
    assert_eq!(
        moved_because(&ordinary("2026-09-04"), &cal),
        [("2026-10-04".to_string(), "st-francis".to_string())]
    );
    // 2027: 4 October is a Monday → Tuesday 5 October.
    assert_eq!(due(&ordinary("2027-09-04"), &cal), "2027-10-05");
}

#[test]
fn the_patron_saint_day_moves_the_last_day_in_its_comune_only() {
    let table = PatronDays::shipped().unwrap();
    // Ascoli Piceno, Sant'Emidio, 5 August. 6 July 2026 + 30 = Wednesday 5 August.
    let ascoli = table.calendar(Some("044007"));
    assert_eq!(due(&ordinary("2026-07-06"), &ascoli), "2026-08-06");
    let chain = compute(&ordinary("2026-07-06"), &ascoli, d("2030-01-01"))
        .unwrap()
        .chain;
    let moved = chain.iter().find(|s| s.rule == Rule::LastDayMoved).unwrap();
    assert_eq!(
        moved.day_off,
        Some(DayOff::Patron {
            saint: "Sant'Emidio".to_string()
        })
    );
    // In Fermo (patron day on 15 August, a national holiday anyway) 5 August is a working day.
    let fermo = table.calendar(Some("109006"));
    assert_eq!(due(&ordinary("2026-07-06"), &fermo), "2026-08-05");
    // An overriding patron day.
    let custom = Calendar::with_patron(PatronDay {
        date: PatronDate::Fixed { month: 4, day: 1 },
        saint: "Test".into(),
    });
    assert_eq!(due(&ordinary("2026-03-02"), &custom), "2026-04-02");
}

#[test]
fn year_boundaries() {
    let cal = Calendar::national();
    // 2 December 2025 + 30 = 1 January 2026 → Friday 2 January.
    assert_eq!(due(&ordinary("2025-12-02"), &cal), "2026-01-02");
    // 25 Nov 2027 + 30 = Christmas (Saturday), St Stephen (Sunday) → Monday 27 December.
    assert_eq!(due(&ordinary("2027-11-25"), &cal), "2027-12-27");
    assert_eq!(moved_because(&ordinary("2027-11-25"), &cal).len(), 2);
    // 7 December 2026 + 30 = 6 January 2027, the Epiphany (Wednesday) → 7 January.
    assert_eq!(due(&ordinary("2026-12-07"), &cal), "2027-01-07");
    // A 90-day term across the year: 15 November 2026 + 90 = 13 February 2027 (Saturday).
    let mut i = ordinary("2026-11-15");
    i.term_days = Some(90);
    assert_eq!(due(&i, &cal), "2027-02-13");
}

#[test]
fn suspension_for_integration_once_and_at_most_thirty_days() {
    let cal = Calendar::national();
    // 2 March + 30 = 1 April; suspended 10 to 20 March → 10 days → 11 April (Saturday).
    let mut i = ordinary("2026-03-02");
    i.suspensions.push(Span {
        from: d("2026-03-10"),
        to: Some(d("2026-03-20")),
    });
    assert_eq!(due(&i, &cal), "2026-04-11");
    // The documents took 52 days: only 30 count → 1 May, Labour Day → Saturday 2 May.
    let mut capped = ordinary("2026-03-02");
    capped.suspensions.push(Span {
        from: d("2026-03-10"),
        to: Some(d("2026-05-01")),
    });
    assert_eq!(due(&capped, &cal), "2026-05-02");
    assert!(rules(&capped, &cal).contains(&Rule::SuspensionCapped));
    // A second request does not suspend again.
    i.suspensions.push(Span {
        from: d("2026-03-25"),
        to: Some(d("2026-04-05")),
    });
    assert_eq!(due(&i, &cal), "2026-04-11");
    assert!(rules(&i, &cal).contains(&Rule::SuspensionRepeated));
    // A request after the term expired changes nothing.
    let mut late = ordinary("2026-03-02");
    late.suspensions.push(Span {
        from: d("2026-04-10"),
        to: Some(d("2026-04-20")),
    });
    assert_eq!(due(&late, &cal), "2026-04-01");
    assert!(rules(&late, &cal).contains(&Rule::AfterExpiry));
}

#[test]
fn suspension_and_refusal_notice_chained() {
    let cal = Calendar::national();
    // 1 April + 10 days of integration = 11 April; notice of refusal on 8 April, observations
    // on 13 April → the clock restarts on 23 April: 15 more days → 26 April, a Sunday → 27.
    let mut i = ordinary("2026-03-02");
    i.suspensions.push(Span {
        from: d("2026-03-10"),
        to: Some(d("2026-03-20")),
    });
    i.refusal_notices.push(Span {
        from: d("2026-04-08"),
        to: Some(d("2026-04-13")),
    });
    let dl = compute(&i, &cal, d("2030-01-01")).unwrap();
    assert_eq!(dl.due, d("2026-04-27"));
    let r: Vec<Rule> = dl.chain.iter().map(|s| s.rule).collect();
    assert_eq!(
        r,
        [
            Rule::Received,
            Rule::TermDefault,
            Rule::Suspension,
            Rule::RefusalNotice,
            Rule::LastDayMoved,
            Rule::Due
        ]
    );
    let notice = &dl.chain[3];
    assert_eq!((notice.date, notice.days), (d("2026-04-23"), Some(15)));
    // Without observations the clock restarts when the 10 days end: 8 → 18 April (Saturday),
    // 10 days → 21 April.
    let mut silent = ordinary("2026-03-02");
    silent.suspensions = i.suspensions.clone();
    silent.refusal_notices.push(Span {
        from: d("2026-04-08"),
        to: None,
    });
    assert_eq!(due(&silent, &cal), "2026-04-21");
    assert!(rules(&silent, &cal).contains(&Rule::RefusalNoticeNoObservations));
    // A window ending on Easter Monday 2026 ends on Tuesday 7 April instead.
    let mut easter = ordinary("2026-03-20");
    easter.refusal_notices.push(Span {
        from: d("2026-03-27"),
        to: None,
    });
    // 20 March + 30 = 19 April; suspended 27 March → 7 April = 11 days → 30 April.
    assert_eq!(due(&easter, &cal), "2026-04-30");
}

#[test]
fn open_suspensions_count_up_to_today_and_the_clock_says_suspended() {
    let cal = Calendar::national();
    let mut i = ordinary("2026-03-02");
    i.suspensions.push(Span {
        from: d("2026-03-10"),
        to: None,
    });
    let on_15 = compute(&i, &cal, d("2026-03-15")).unwrap();
    assert!(on_15.suspended);
    // 1 April + 5 days so far = 6 April, Easter Monday → 7 April.
    assert_eq!(on_15.due, d("2026-04-07"));
    assert_eq!(
        status(&on_15, d("2026-03-15"), None, 30),
        ClockStatus::Suspended
    );
    // After 30 days of waiting the suspension has run out: the clock runs again.
    let later = compute(&i, &cal, d("2026-05-01")).unwrap();
    assert!(!later.suspended);
    assert_eq!(later.due, d("2026-05-01").succ_opt().unwrap());
    // The SUAP times: the applicant's limit for the integration is 30 days after the request.
    assert_eq!(later.times.max_integration_response, Some(d("2026-04-09")));
}

#[test]
fn scia_sixty_days_building_scia_thirty_no_suspension() {
    let cal = Calendar::national();
    // 15 January 2026 + 60 = 16 March (Monday).
    assert_eq!(
        due(&ClockInput::new(Regime::Scia, d("2026-01-15")), &cal),
        "2026-03-16"
    );
    // + 30 = 14 February (Saturday).
    let mut b = ClockInput::new(Regime::SciaBuilding, d("2026-01-15"));
    assert_eq!(due(&b, &cal), "2026-02-14");
    b.suspensions.push(Span {
        from: d("2026-01-20"),
        to: Some(d("2026-02-10")),
    });
    assert_eq!(due(&b, &cal), "2026-02-14");
    assert!(rules(&b, &cal).contains(&Rule::NotApplicableScia));
}

#[test]
fn building_permit_sixty_plus_thirty_with_one_interruption() {
    let cal = Calendar::national();
    // 2 March 2026 + 60 = 1 May (Labour Day) → proposal due 2 May; + 30 = 1 June (Monday).
    let p = ClockInput::new(Regime::BuildingPermit, d("2026-03-02"));
    assert_eq!(due(&p, &cal), "2026-06-01");
    // Documents asked on 20 March (within 30 days) arrived 10 April: 60 days restart in full
    // → 9 June; + 30 = 9 July.
    let mut i = p.clone();
    i.suspensions.push(Span {
        from: d("2026-03-20"),
        to: Some(d("2026-04-10")),
    });
    assert_eq!(due(&i, &cal), "2026-07-09");
    // Asked on 5 April, more than 30 days after: no interruption.
    let mut late = p.clone();
    late.suspensions.push(Span {
        from: d("2026-04-05"),
        to: Some(d("2026-04-20")),
    });
    assert_eq!(due(&late, &cal), "2026-06-01");
    assert!(rules(&late, &cal).contains(&Rule::PermitInterruptionLate));
    // A proposal made on 10 April starts the decision's 30 days: 10 May, a Sunday → 11 May.
    let mut prop = p.clone();
    prop.proposal = Some(d("2026-04-10"));
    assert_eq!(due(&prop, &cal), "2026-05-11");
}

#[test]
fn overdue_gives_the_substitute_half_the_term() {
    let cal = Calendar::national();
    let dl = compute(&ordinary("2026-03-02"), &cal, d("2026-04-10")).unwrap();
    assert_eq!(
        status(&dl, d("2026-04-01"), None, 30),
        ClockStatus::Running { days_left: 0 }
    );
    assert_eq!(
        status(&dl, d("2026-04-10"), None, 30),
        ClockStatus::Overdue {
            days_late: 9,
            substitute_term_days: 15
        }
    );
    assert_eq!(
        status(&dl, d("2026-04-10"), Some(d("2026-04-03")), 30),
        ClockStatus::Concluded {
            on: d("2026-04-03"),
            late: true
        }
    );
}

#[test]
fn impossible_dates_are_refused() {
    let cal = Calendar::national();
    let mut i = ordinary("2026-03-02");
    i.suspensions.push(Span {
        from: d("2026-03-20"),
        to: Some(d("2026-03-10")),
    });
    assert!(compute(&i, &cal, d("2026-04-01")).is_err());
    let mut j = ordinary("2026-03-02");
    j.refusal_notices.push(Span {
        from: d("2026-02-20"),
        to: None,
    });
    assert!(compute(&j, &cal, d("2026-04-01")).is_err());
    let mut k = ordinary("2026-03-02");
    k.term_days = Some(0);
    assert!(compute(&k, &cal, d("2026-04-01")).is_err());
}
