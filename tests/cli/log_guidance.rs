//! The advice `knotmap log` prints after a reading: cautions, the tool
//! that suits the spot, and where pain may come from.

use crate::common::Sandbox;
use crate::support::{assert_cautions, assert_no_caution, cautions, days_ago};

#[test]
fn log_prints_the_cautions_then_the_tool_then_the_hint() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["gastrocnemius-left", "9", "--at", &days_ago(1)]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(lines[0].starts_with("Logged "), "{stdout}");
    assert!(lines[1].starts_with("Careful: "), "{stdout}");
    assert!(lines[2].starts_with("Careful: "), "{stdout}");
    assert!(lines[3].starts_with("Suits this spot: "), "{stdout}");
    assert!(lines[4].starts_with("Hint: "), "{stdout}");
    for line in &lines[1..] {
        assert!(
            line.ends_with('.'),
            "a sentence ends with a full stop: {line}"
        );
    }
}

#[test]
fn log_on_a_plain_muscle_without_trouble_suggests_a_tool_and_nothing_else() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["biceps-left", "5"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("Logged "), "{stdout}");
    assert!(lines[1].starts_with("Suits this spot: "), "{stdout}");
    assert!(lines[1].len() > "Suits this spot: .".len(), "{stdout}");
}

#[test]
fn log_cautions_against_rolling_the_it_band_but_not_the_vastus_lateralis() {
    let sandbox = Sandbox::new();
    let it_band = sandbox.log(&["it-band-left", "5"]);
    assert_cautions(&it_band, "IT band", "it-band-left");
    assert_cautions(&it_band, "glutes", "it-band-left");
    assert_cautions(&it_band, "TFL", "it-band-left");
    let suits = it_band
        .lines()
        .find(|line| line.starts_with("Suits this spot: "))
        .unwrap_or_else(|| panic!("no tool:\n{it_band}"));
    assert!(!suits.contains("foam roller"), "{suits}");

    let vastus = sandbox.log(&["vastus-lateralis-left", "5"]);
    assert!(cautions(&vastus).is_empty(), "{vastus}");
}

#[test]
fn log_cautions_one_side_of_the_neck_at_a_time_but_not_on_the_upper_trapezius() {
    let sandbox = Sandbox::new();
    for region in [
        "sternocleidomastoid-left",
        "sternocleidomastoid-right",
        "scalenes-left",
        "scalenes-right",
    ] {
        let stdout = sandbox.log(&[region, "5"]);
        assert_cautions(&stdout, "one side at a time", region);
        assert_cautions(&stdout, "both", region);
        assert_cautions(&stdout, "no massage gun", region);
    }
    let trapezius = sandbox.log(&["upper-trapezius-left", "5"]);
    assert!(cautions(&trapezius).is_empty(), "{trapezius}");
}

#[test]
fn log_cautions_that_a_swollen_calf_needs_a_doctor_but_not_on_the_thigh_or_shin() {
    let sandbox = Sandbox::new();
    for region in [
        "gastrocnemius-left",
        "gastrocnemius-right",
        "soleus-left",
        "soleus-right",
    ] {
        let stdout = sandbox.log(&[region, "5"]);
        assert_cautions(&stdout, "swollen, warm or red", region);
        assert_cautions(&stdout, "doctor", region);
        assert_cautions(&stdout, "clot", region);
    }
    for region in ["hamstrings-left", "tibialis-anterior-left"] {
        let stdout = sandbox.log(&[region, "5"]);
        assert!(cautions(&stdout).is_empty(), "{region}:\n{stdout}");
    }
}

#[test]
fn log_puts_numbness_tingling_and_swelling_on_hold_and_sends_them_to_a_clinician() {
    let sandbox = Sandbox::new();
    for symptom in ["numbness", "tingling", "swelling"] {
        let region = format!(
            "biceps-{}",
            if symptom == "swelling" {
                "right"
            } else {
                "left"
            }
        );
        let stdout = sandbox.log(&[&region, "5", "--symptom", symptom]);
        let lines = cautions(&stdout);
        assert_eq!(lines.len(), 2, "{symptom}:\n{stdout}");
        assert!(lines[0].starts_with("on hold: "), "{symptom}:\n{stdout}");
        assert!(lines[1].contains(symptom), "{symptom}:\n{stdout}");
        assert!(
            lines[1].contains("physiotherapist or doctor"),
            "{symptom}:\n{stdout}"
        );
        assert_no_tool(&stdout, symptom);
    }
}

#[test]
fn log_says_warmth_or_redness_off_the_calf_usually_fades_and_keeps_the_tool() {
    let sandbox = Sandbox::new();
    for symptom in ["warmth", "redness"] {
        let stdout = sandbox.log(&["biceps-left", "5", "--symptom", symptom]);
        let lines = cautions(&stdout);
        assert_eq!(lines.len(), 1, "{symptom}:\n{stdout}");
        assert!(lines[0].contains(symptom), "{symptom}:\n{stdout}");
        assert!(lines[0].contains("usually fades"), "{symptom}:\n{stdout}");
        assert!(
            lines[0].contains("physiotherapist or doctor"),
            "{symptom}:\n{stdout}"
        );
        assert!(stdout.contains("Suits this spot: "), "{symptom}:\n{stdout}");
    }
}

#[test]
fn log_puts_a_swollen_warm_or_red_calf_on_hold_for_a_doctor() {
    for symptom in ["swelling", "warmth", "redness"] {
        let sandbox = Sandbox::new();
        let stdout = sandbox.log(&["soleus-left", "5", "--symptom", symptom]);
        let lines = cautions(&stdout);
        assert!(lines[0].starts_with("on hold: "), "{symptom}:\n{stdout}");
        assert!(
            lines[1].starts_with(&format!("{symptom} in the calf needs a doctor")),
            "{symptom}:\n{stdout}"
        );
        assert_eq!(lines.len(), 2, "the calf's caution says no more:\n{stdout}");
        assert_no_tool(&stdout, symptom);
    }
}

#[test]
fn log_puts_a_bruise_after_a_session_on_hold() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["biceps-left", "5", "--symptom", "bruising"]);
    let lines = cautions(&stdout);
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("on hold: "), "{stdout}");
    assert!(lines[1].starts_with("a bruise after a session"), "{stdout}");
    assert_no_tool(&stdout, "bruising");
}

#[test]
fn log_says_stop_on_sharp_pain() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["biceps-left", "5", "--symptom", "sharp-pain"]);
    let lines = cautions(&stdout);
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("on hold: "), "{stdout}");
    assert!(lines[1].contains("sharp pain"), "{stdout}");
    assert!(lines[1].contains("stop"), "{stdout}");
    assert_no_tool(&stdout, "sharp-pain");
}

#[test]
fn log_eases_off_a_knot_getting_worse_or_sorer_after_than_before() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "4", "--at", &days_ago(2)]);
    let worse = sandbox.log(&["biceps-left", "7", "--at", &days_ago(1)]);
    assert_cautions(&worse, "getting worse: go lighter and shorter", "4 then 7");
    assert_cautions(&worse, "rest it a day", "4 then 7");
    assert_cautions(
        &worse,
        "still worse after two more sessions, see a physiotherapist",
        "4 then 7",
    );
    let shown = sandbox.stdout(&["show", "1"]);
    assert_eq!(cautions(&shown), cautions(&worse), "show:\n{shown}");

    let sore = sandbox.log(&["triceps-left", "5", "--after", "7", "--at", &days_ago(1)]);
    assert_cautions(
        &sore,
        "hurt more after the session than before",
        "5 then 7 after",
    );
    assert_cautions(&sore, "lighter and shorter", "5 then 7 after");
}

/// `stdout` suggests no tool and says how the hold is lifted.
fn assert_no_tool(stdout: &str, what: &str) {
    assert!(!stdout.contains("Suits this spot"), "{what}:\n{stdout}");
    assert!(
        stdout.lines().any(|line| line.starts_with("On hold since ")
            && line.contains("nothing to use on it")
            && line.contains("knotmap clear ")),
        "{what}:\n{stdout}"
    );
}

#[test]
fn log_advises_a_clinician_from_pain_8_but_not_at_7() {
    let sandbox = Sandbox::new();
    for (region, pain) in [("biceps-left", "8"), ("triceps-left", "10")] {
        let stdout = sandbox.log(&[region, pain]);
        let lines = cautions(&stdout);
        assert_eq!(lines.len(), 1, "pain {pain}:\n{stdout}");
        assert!(lines[0].contains("8/10 or more"), "pain {pain}:\n{stdout}");
        assert!(
            lines[0].contains("physiotherapist or doctor"),
            "pain {pain}:\n{stdout}"
        );
    }
    let seven = sandbox.log(&["hand-left", "7"]);
    assert!(cautions(&seven).is_empty(), "{seven}");
}

#[test]
fn log_points_out_no_real_change_after_a_week() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(9)]);
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(5)]);
    let stdout = sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    let lines = cautions(&stdout);
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].contains("no real change after 8 days"), "{stdout}");
}

#[test]
fn log_does_not_point_out_no_change_within_a_week_or_after_a_real_drop() {
    let sandbox = Sandbox::new();
    // 6, 6, 6 over three days: too early to tell.
    for (days, pain) in [(3, "6"), (2, "6"), (1, "6")] {
        let stdout = sandbox.log(&["biceps-left", pain, "--at", &days_ago(days)]);
        assert_no_caution(&stdout, "no real change", "biceps-left");
    }
    // 6, 4, 3 over eight days: a real drop.
    for (days, pain) in [(9, "6"), (5, "4"), (1, "3")] {
        let stdout = sandbox.log(&["triceps-left", pain, "--at", &days_ago(days)]);
        assert_no_caution(&stdout, "no real change", "triceps-left");
    }
}

#[test]
fn log_points_out_a_drop_too_small_to_count_in_words_true_of_it() {
    let sandbox = Sandbox::new();
    sandbox.log(&["triceps-left", "9", "--at", &days_ago(11)]);
    sandbox.log(&["triceps-left", "8", "--at", &days_ago(6)]);
    let stdout = sandbox.log(&["triceps-left", "7", "--at", &days_ago(1)]);
    let knot = sandbox.only_knot();
    // By knotmap's own rule a meaningful drop is 2 points and 30%.
    assert_eq!(knot["verdict"], "slow", "{knot:#}");
    assert_cautions(&stdout, "down only 2 points after 10 days", "triceps-left");
    assert_no_caution(&stdout, "no real change", "triceps-left");
}

#[test]
fn log_points_out_a_second_sitting_on_the_same_day() {
    let sandbox = Sandbox::new();
    let day = days_ago(2);
    let morning = sandbox.log(&["biceps-left", "5", "--at", &format!("{day} 08:00")]);
    assert_no_caution(&morning, "more than once in a day", "the first sitting");
    let evening = sandbox.log(&["biceps-left", "5", "--at", &format!("{day} 20:00")]);
    let lines = cautions(&evening);
    assert_eq!(lines.len(), 1, "{evening}");
    assert!(lines[0].contains("more than once in a day"), "{evening}");
}

#[test]
fn log_does_not_point_out_once_a_day_or_readings_of_one_sitting() {
    let sandbox = Sandbox::new();
    for days in [4, 3, 2, 1] {
        let stdout = sandbox.log(&["biceps-left", "5", "--at", &days_ago(days)]);
        assert!(cautions(&stdout).is_empty(), "day -{days}:\n{stdout}");
    }
    let day = days_ago(1);
    for time in ["08:00", "08:30"] {
        let stdout = sandbox.log(&["triceps-left", "5", "--at", &format!("{day} {time}")]);
        assert!(cautions(&stdout).is_empty(), "{time}:\n{stdout}");
    }
}

#[test]
fn log_points_out_more_than_10_minutes_on_one_area_and_a_pressure_above_5() {
    // The option, a value over the limit, a value at it, and the caution.
    for (option, over, at, caution) in [
        ("--minutes", "12", "10", "more than 10 minutes"),
        ("--pressure", "6", "5", "harder is not better"),
    ] {
        let sandbox = Sandbox::new();
        let beyond = sandbox.log(&["biceps-left", "5", option, over]);
        let lines = cautions(&beyond);
        assert_eq!(lines.len(), 1, "{option} {over}: {beyond}");
        assert!(lines[0].contains(caution), "{option} {over}: {beyond}");

        let usual = sandbox.log(&["triceps-left", "5", option, at]);
        assert!(cautions(&usual).is_empty(), "{option} {at}: {usual}");
    }
}

#[test]
fn log_hints_where_pain_in_the_front_deltoid_comes_from_but_not_for_the_biceps() {
    let sandbox = Sandbox::new();
    let deltoid = sandbox.log(&["anterior-deltoid-left", "5"]);
    let hints: Vec<&str> = deltoid
        .lines()
        .filter(|line| line.starts_with("Hint: "))
        .collect();
    assert_eq!(
        hints,
        [
            "Hint: pain felt here often comes from a knot in the infraspinatus on the same side; check there too."
        ],
        "{deltoid}"
    );

    let biceps = sandbox.log(&["biceps-left", "5"]);
    assert!(
        !biceps.lines().any(|line| line.starts_with("Hint")),
        "{biceps}"
    );
}

/// A calmed knot needs 2-3 sessions a week: the next day is too soon,
/// every other day is not, and a flare is treated daily again.
#[test]
fn log_points_out_a_calmed_knot_treated_more_often_than_every_other_day() {
    let sandbox = Sandbox::new();
    let table = [
        (
            &[6, 2, 1][..],
            "1",
            Some("treated again 1 day after its last session"),
        ),
        (&[6, 2, 1, 7][..], "1", None),
        (&[6, 2][..], "1", None),
        (&[6, 2, 1][..], "6", None),
    ];
    let regions = [
        "biceps-left",
        "triceps-left",
        "soleus-left",
        "hamstrings-left",
    ];
    for ((earlier, today, want), region) in table.into_iter().zip(regions) {
        sandbox.log_daily(region, &days_ago(earlier.len() as u64 + 1), earlier);
        let stdout = sandbox.log(&[region, today, "--at", &days_ago(1)]);
        match want {
            Some(words) => assert_cautions(&stdout, words, region),
            None => assert_no_caution(&stdout, "treated again", region),
        }
    }
    // Every other day is the dose.
    sandbox.log_daily("adductors-left", &days_ago(6), &[6, 2, 1]);
    let stdout = sandbox.log(&["adductors-left", "1", "--at", &days_ago(2)]);
    assert_no_caution(&stdout, "treated again", "adductors-left");
}
