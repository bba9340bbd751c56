//! Hints about a region: the tool and technique that suit it, and the
//! muscles whose knots are known to send pain to where it is felt. Shown
//! by `knotmap log` after a reading.

use super::safety::Safety;
use crate::body::{Region, Side};

/// The tool and technique to suggest for a knot on `region`: none while
/// it is on hold, when nothing should be used on it.
pub fn suggestion_for(region: Region, safety: &Safety) -> Option<&'static str> {
    (!safety.is_on_hold()).then(|| suggestion(region))
}

/// The tool and technique that suit a region, in one line.
pub fn suggestion(region: Region) -> &'static str {
    match region.muscle.base {
        "suboccipitals" => "fingertips or a ball on the floor, gentle pressure under the skull",
        "sternocleidomastoid" | "scalenes" => "fingers only, light pressure, one side at a time",
        "upper-trapezius" | "levator-scapulae" => {
            "a ball against a wall, or pin and stretch with the fingers"
        }
        "anterior-deltoid" | "lateral-deltoid" | "posterior-deltoid" => {
            "a ball against a wall, direct pressure"
        }
        "infraspinatus" | "teres" => {
            "a ball between the shoulder blade and a wall, direct pressure"
        }
        "rhomboids" => "a ball or a massage stick under the shoulder blade, direct pressure",
        "latissimus-dorsi" => "a foam roller on the side, long slow passes",
        "thoracic-erector-spinae" => "a foam roller or two balls either side of the spine",
        "pectoralis-major" | "pectoralis-minor" => {
            "a ball against a wall or a door frame, direct pressure"
        }
        "serratus-anterior" => "fingers or a small ball along the ribs, gently",
        "biceps" | "triceps" => "thumb or a massage stick, stripping along the muscle",
        "forearm-flexors" | "forearm-extensors" => {
            "thumb or a ball on a table, stripping or friction"
        }
        "hand" => "thumb, small circles",
        "lumbar-erector-spinae" | "quadratus-lumborum" => {
            "a ball against a wall beside the spine, never on it"
        }
        "rectus-abdominis" | "obliques" => "fingers, gentle pressure while breathing slowly",
        "gluteus-maximus" | "gluteus-medius" | "piriformis" => {
            "a massage or lacrosse ball, direct pressure"
        }
        "tensor-fasciae-latae" | "hip-flexors" => "a ball, lying face down, gentle pressure",
        "adductors" => "a foam roller along the inner thigh",
        "rectus-femoris" | "vastus-lateralis" | "vastus-medialis" | "hamstrings" => {
            "a foam roller, long slow passes, then stripping with a stick"
        }
        "it-band" => "nothing on the band itself; a ball on the glutes and the TFL instead",
        "tibialis-anterior" | "peroneals" => {
            "a massage stick or thumb, stripping along the shin muscle"
        }
        "gastrocnemius" | "soleus" => "a foam roller or massage stick, stripping",
        "plantar-fascia" => "a ball under the foot, slow rolling",
        _ => "a ball or fingers, direct pressure",
    }
}

/// Muscles whose knots are well known to send pain to where `region` is,
/// on the same side: worth checking for a knot too. Hints, not rules.
pub fn referral_hints(region: Region) -> Vec<Region> {
    let sources: &[&str] = match region.muscle.base {
        // The back of the head and the temple.
        "suboccipitals" => &["upper-trapezius"],
        // The angle of the neck.
        "upper-trapezius" => &["levator-scapulae"],
        // The front of the shoulder.
        "anterior-deltoid" => &["infraspinatus"],
        // The low back and the buttock.
        "lumbar-erector-spinae" => &["quadratus-lumborum", "gluteus-medius"],
        "gluteus-maximus" => &["quadratus-lumborum", "gluteus-medius", "piriformis"],
        // The hip.
        "tensor-fasciae-latae" => &["piriformis"],
        // The calf, the heel and the back of the knee.
        "gastrocnemius" => &["soleus"],
        "soleus" => &["gastrocnemius"],
        "plantar-fascia" => &["soleus", "gastrocnemius"],
        "hamstrings" => &["gastrocnemius"],
        _ => &[],
    };
    sources
        .iter()
        .filter_map(|base| {
            let side = if region.side == Side::Centre {
                Side::Left
            } else {
                region.side
            };
            Region::all().find(|r| r.muscle.base == *base && r.side == side)
        })
        .collect()
}

/// The referral hints as a line of text, if there are any.
pub fn referral_line(region: Region) -> Option<String> {
    let sources = referral_hints(region);
    if sources.is_empty() {
        return None;
    }
    let names: Vec<String> = sources
        .iter()
        .map(|r| format!("the {}", r.muscle.name.to_lowercase()))
        .collect();
    let names = match names.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    };
    Some(format!(
        "hint: pain felt here often comes from a knot in {names} on the same side; check there too"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(slug: &str) -> Region {
        Region::from_slug(slug).unwrap()
    }

    #[test]
    fn referral_hints_point_to_the_usual_sources_on_the_same_side() {
        let hints = |slug| {
            referral_hints(region(slug))
                .iter()
                .map(Region::slug)
                .collect::<Vec<_>>()
        };
        assert_eq!(hints("suboccipitals-left"), ["upper-trapezius-left"]);
        assert_eq!(hints("anterior-deltoid-right"), ["infraspinatus-right"]);
        assert_eq!(
            hints("gluteus-maximus-left"),
            [
                "quadratus-lumborum-left",
                "gluteus-medius-left",
                "piriformis-left"
            ]
        );
        assert_eq!(
            hints("plantar-fascia-right"),
            ["soleus-right", "gastrocnemius-right"]
        );
        assert!(hints("biceps-left").is_empty());
        assert_eq!(
            referral_line(region("anterior-deltoid-left")).unwrap(),
            "hint: pain felt here often comes from a knot in the infraspinatus on the same side; check there too"
        );
    }

    #[test]
    fn every_region_has_a_suggestion() {
        for region in Region::all() {
            assert!(!suggestion(region).is_empty());
        }
        assert!(suggestion(region("it-band-left")).contains("glutes"));
        assert!(suggestion(region("rhomboids-right")).contains("under the shoulder blade"));
    }
}
