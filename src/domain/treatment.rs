//! How a knot was treated, as a person logs it: the techniques and tools to
//! pick from, what suits a region when a knot is new, and the one rule for
//! the minutes spent. The command line and the app check what was typed
//! with these same functions.

use super::safety::Safety;
use crate::body::Region;

/// The techniques offered when logging, most common first. Any other text
/// is kept as typed (the command line takes free text).
pub const TECHNIQUES: [&str; 8] = [
    "pressure",
    "rolling",
    "rolling around it",
    "stripping",
    "friction",
    "pin and stretch",
    "myofascial release",
    "calm-first protocol",
];

/// The tools offered when logging.
pub const TOOLS: [&str; 7] = [
    "foam roller",
    "ball",
    "massage stick",
    "massage gun",
    "gua sha",
    "fingers",
    "thumb",
];

/// The most minutes anyone spends on one area in one sitting, and then some.
pub const MAX_MINUTES: u16 = 600;

/// The technique and the tool that suit a region, to start a new knot's
/// form with. `None` where nothing should be done on the spot itself.
pub fn suits(region: Region) -> (Option<&'static str>, Option<&'static str>) {
    let (technique, tool) = match region.muscle.base {
        "suboccipitals"
        | "sternocleidomastoid"
        | "scalenes"
        | "serratus-anterior"
        | "rectus-abdominis"
        | "obliques" => ("pressure", "fingers"),
        "latissimus-dorsi"
        | "thoracic-erector-spinae"
        | "adductors"
        | "rectus-femoris"
        | "vastus-lateralis"
        | "vastus-medialis"
        | "hamstrings" => ("rolling", "foam roller"),
        "biceps" | "triceps" | "forearm-flexors" | "forearm-extensors" => ("stripping", "thumb"),
        "hand" => ("friction", "thumb"),
        "tibialis-anterior" | "peroneals" | "gastrocnemius" | "soleus" => {
            ("stripping", "massage stick")
        }
        "plantar-fascia" => ("rolling", "ball"),
        // Nothing on the band itself: the ball goes on the glutes and TFL.
        "it-band" => return (None, Some("ball")),
        _ => ("pressure", "ball"),
    };
    (Some(technique), Some(tool))
}

/// The technique and the tool to start a knot's form with: what suits its
/// region, or nothing at all while the knot is on hold.
pub fn suits_now(region: Region, safety: &Safety) -> (Option<&'static str>, Option<&'static str>) {
    if safety.is_on_hold() {
        (None, None)
    } else {
        suits(region)
    }
}

/// Parses the minutes typed for the named field ("--minutes", "minutes").
pub fn parse_minutes(what: &str, text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(minutes) if minutes <= MAX_MINUTES => Ok(minutes),
        _ => Err(format!(
            "{what} must be a whole number from 0 to {MAX_MINUTES}, not \"{text}\""
        )),
    }
}

/// Free text as it is kept: trimmed, and nothing when it is empty.
pub fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_a_tool_and_the_it_band_no_technique() {
        for region in Region::all() {
            let (technique, tool) = suits(region);
            assert!(tool.is_some_and(|tool| TOOLS.contains(&tool)), "{region}");
            match region.muscle.base {
                "it-band" => assert_eq!(technique, None),
                _ => assert!(
                    technique.is_some_and(|t| TECHNIQUES.contains(&t)),
                    "{region}"
                ),
            }
        }
    }

    #[test]
    fn minutes_are_whole_and_bounded() {
        assert_eq!(parse_minutes("minutes", " 5 "), Ok(5));
        assert_eq!(parse_minutes("minutes", "600"), Ok(600));
        for bad in ["601", "-1", "2.5", "five", ""] {
            assert_eq!(
                parse_minutes("minutes", bad),
                Err(format!(
                    "minutes must be a whole number from 0 to 600, not \"{bad}\""
                ))
            );
        }
    }
}
