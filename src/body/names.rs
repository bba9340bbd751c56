//! A region's name fitted to a width: the side is what tells two knots
//! apart, so it is never cut. The muscle's name gives way first, to a
//! shorter name people use, then to a cut marked with `…`.

use unicode_width::UnicodeWidthStr;

use super::regions::{Region, Side};

impl Region {
    /// The name in at most `width` columns, side kept: "Rhomboids and
    /// middle trapezius, left", then "Rhomboids/mid trap, left", then
    /// "Rhomboids/mid trap, L", then "Rhombo…, L". Below the width of the
    /// side alone, the side alone.
    pub fn fitted_name(&self, width: usize) -> String {
        let full = self.name();
        if full.width() <= width {
            return full;
        }
        let (long_side, short_side) = match self.side {
            Side::Left => (", left", ", L"),
            Side::Right => (", right", ", R"),
            Side::Centre => ("", ""),
        };
        let short = short_muscle_name(self.muscle.base).unwrap_or(self.muscle.name);
        for (muscle, side) in [(short, long_side), (short, short_side)] {
            if muscle.width() + side.width() <= width {
                return format!("{muscle}{side}");
            }
        }
        let room = width.saturating_sub(short_side.width());
        if room < 2 {
            // Too narrow for any of the muscle: the side still says which.
            return short_side.trim_start_matches(", ").to_string();
        }
        format!("{}{short_side}", crate::text::clip(short, room))
    }
}

/// The shorter names people and physiotherapists use for the long ones.
fn short_muscle_name(base: &str) -> Option<&'static str> {
    Some(match base {
        "rhomboids" => "Rhomboids/mid trap",
        "tensor-fasciae-latae" => "TFL",
        "lumbar-erector-spinae" => "Low-back erectors",
        "thoracic-erector-spinae" => "Mid-back erectors",
        "teres" => "Teres",
        "sternocleidomastoid" => "SCM",
        "quadratus-lumborum" => "QL",
        "tibialis-anterior" => "Tib anterior",
        "serratus-anterior" => "Serratus",
        "forearm-extensors" => "Forearm ext",
        "forearm-flexors" => "Forearm flex",
        "latissimus-dorsi" => "Lats",
        "levator-scapulae" => "Levator scap",
        "pectoralis-major" => "Pec major",
        "pectoralis-minor" => "Pec minor",
        "rectus-abdominis" => "Abs",
        "vastus-lateralis" => "Vastus lat",
        "vastus-medialis" => "Vastus med",
        "gluteus-maximus" => "Glute max",
        "gluteus-medius" => "Glute med",
        "upper-trapezius" => "Upper trap",
        "rectus-femoris" => "Rectus fem",
        "gastrocnemius" => "Gastroc",
        "suboccipitals" => "Suboccipital",
        "plantar-fascia" => "Plantar",
        "posterior-deltoid" => "Rear delt",
        "anterior-deltoid" => "Front delt",
        "lateral-deltoid" => "Side delt",
        "infraspinatus" => "Infraspin",
        "hamstrings" => "Hamstring",
        "hip-flexors" => "Hip flexor",
        "scalenes" => "Scalene",
        "peroneals" => "Peroneal",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(slug: &str) -> Region {
        Region::from_slug(slug).unwrap()
    }

    #[test]
    fn the_name_gives_way_before_the_side() {
        let rhomboids = region("rhomboids-left");
        for (width, want) in [
            (40, "Rhomboids and middle trapezius, left"),
            (24, "Rhomboids/mid trap, left"),
            (21, "Rhomboids/mid trap, L"),
            (10, "Rhombo…, L"),
            (4, "L"),
        ] {
            let fitted = rhomboids.fitted_name(width);
            assert_eq!(fitted, want, "at {width}");
        }
        assert_eq!(region("rectus-abdominis").fitted_name(5), "Abs");
    }

    #[test]
    fn every_region_keeps_its_side_and_its_width_at_every_width() {
        for region in Region::all() {
            for width in 0..45 {
                let fitted = region.fitted_name(width);
                let side_kept = match region.side {
                    Side::Left => fitted.ends_with('L') || fitted.ends_with("left"),
                    Side::Right => fitted.ends_with('R') || fitted.ends_with("right"),
                    Side::Centre => true,
                };
                assert!(side_kept, "{region} at {width}: {fitted}");
                assert!(
                    fitted.width() <= width.max(1),
                    "{region} at {width}: {fitted}"
                );
            }
        }
    }
}
