//! The muscle regions knotmap knows: one [`Muscle`] per anatomical muscle
//! (or muscle group), and a [`Region`] for each muscle on one side.
//!
//! Slugs are part of the data format (they are stored with every knot and
//! appear in exports), so a slug is never renamed once released.

use std::fmt;

use serde::Serialize;

/// Where on the body a muscle sits, for grouping trends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Neck,
    Shoulder,
    UpperBack,
    Chest,
    Arm,
    LowerBack,
    Abdomen,
    Hip,
    Thigh,
    LowerLeg,
    Foot,
}

impl Area {
    pub const ALL: [Area; 11] = [
        Area::Neck,
        Area::Shoulder,
        Area::UpperBack,
        Area::Chest,
        Area::Arm,
        Area::LowerBack,
        Area::Abdomen,
        Area::Hip,
        Area::Thigh,
        Area::LowerLeg,
        Area::Foot,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Area::Neck => "neck",
            Area::Shoulder => "shoulder",
            Area::UpperBack => "upper-back",
            Area::Chest => "chest",
            Area::Arm => "arm",
            Area::LowerBack => "lower-back",
            Area::Abdomen => "abdomen",
            Area::Hip => "hip",
            Area::Thigh => "thigh",
            Area::LowerLeg => "lower-leg",
            Area::Foot => "foot",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Area::Neck => "Neck",
            Area::Shoulder => "Shoulder",
            Area::UpperBack => "Upper back",
            Area::Chest => "Chest",
            Area::Arm => "Arm",
            Area::LowerBack => "Lower back",
            Area::Abdomen => "Abdomen",
            Area::Hip => "Hip",
            Area::Thigh => "Thigh",
            Area::LowerLeg => "Lower leg",
            Area::Foot => "Foot",
        }
    }
}

/// Which side of the person's body. Always the person's own side, never the
/// viewer's: on the front view their left is on the viewer's right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
    Centre,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Centre => "centre",
        }
    }
}

/// A caution that applies to every knot logged on a muscle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Caution {
    /// Arteries to the brain run here: one side at a time, gently.
    Neck,
    /// A tendon-like band, not a muscle: work the muscles around it instead.
    DoNotRollDirectly,
    /// A clot in the calf can feel like a knot.
    Calf,
}

impl Caution {
    pub fn slug(self) -> &'static str {
        match self {
            Caution::Neck => "neck",
            Caution::DoNotRollDirectly => "do-not-roll-directly",
            Caution::Calf => "calf",
        }
    }

    /// The caution in a few words, whole, for a line with little room;
    /// the log form says it in full.
    pub fn short(self) -> &'static str {
        match self {
            Caution::Neck => "one side at a time, gently, no gun",
            Caution::DoNotRollDirectly => "not on the band: glutes and TFL",
            Caution::Calf => "swollen, warm or red: doctor first",
        }
    }

    /// One line, in our words, shown wherever the region is.
    pub fn advice(self) -> &'static str {
        match self {
            Caution::Neck => {
                "the neck: one side at a time, never both at once (the arteries to the brain run here), fingers only and gently, no massage gun"
            }
            Caution::DoNotRollDirectly => {
                "do not roll the IT band itself: it is a band of tissue, not a muscle; work the glutes and the TFL above it"
            }
            Caution::Calf => {
                "a calf that is swollen, warm or red needs a doctor before any massage: a clot can feel like a knot"
            }
        }
    }
}

/// One muscle (or muscle group) as drawn on the map.
#[derive(Debug)]
pub struct Muscle {
    /// The slug without its side suffix, e.g. `gluteus-medius`.
    pub base: &'static str,
    pub name: &'static str,
    pub area: Area,
    /// The character that marks this muscle's cells in the map masks.
    pub mask_code: char,
    pub caution: Option<Caution>,
    /// `true` for the one muscle drawn across the midline.
    pub centre: bool,
}

// A muscle is known by its mask code, which no other has (see the tests
// below): comparing and hashing one char instead of its names keeps the
// many region lookups of drawing and summing up cheap.
impl PartialEq for Muscle {
    fn eq(&self, other: &Muscle) -> bool {
        self.mask_code == other.mask_code
    }
}

impl Eq for Muscle {}

impl std::hash::Hash for Muscle {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.mask_code.hash(state);
    }
}

const fn muscle(base: &'static str, name: &'static str, area: Area, mask_code: char) -> Muscle {
    Muscle {
        base,
        name,
        area,
        mask_code,
        caution: None,
        centre: false,
    }
}

const fn with_caution(m: Muscle, caution: Caution) -> Muscle {
    Muscle {
        caution: Some(caution),
        ..m
    }
}

/// Every muscle on the map, in head-to-toe order. `assets/README.md`
/// documents the mask codes for whoever edits the drawings.
pub static MUSCLES: &[Muscle] = &[
    // neck
    // Under the skull the arteries to the brain run close by too.
    with_caution(
        muscle("suboccipitals", "Suboccipitals", Area::Neck, 'o'),
        Caution::Neck,
    ),
    with_caution(
        muscle(
            "sternocleidomastoid",
            "Sternocleidomastoid",
            Area::Neck,
            's',
        ),
        Caution::Neck,
    ),
    with_caution(
        muscle("scalenes", "Scalenes", Area::Neck, 'c'),
        Caution::Neck,
    ),
    muscle("upper-trapezius", "Upper trapezius", Area::Neck, 't'),
    muscle("levator-scapulae", "Levator scapulae", Area::Neck, 'v'),
    // shoulder
    muscle("anterior-deltoid", "Front deltoid", Area::Shoulder, 'a'),
    muscle("lateral-deltoid", "Side deltoid", Area::Shoulder, 'd'),
    muscle("posterior-deltoid", "Rear deltoid", Area::Shoulder, 'p'),
    muscle("infraspinatus", "Infraspinatus", Area::Shoulder, 'i'),
    muscle("teres", "Teres major and minor", Area::Shoulder, 'e'),
    // upper back
    muscle(
        "rhomboids",
        "Rhomboids and middle trapezius",
        Area::UpperBack,
        'r',
    ),
    muscle("latissimus-dorsi", "Latissimus dorsi", Area::UpperBack, 'l'),
    muscle(
        "thoracic-erector-spinae",
        "Mid-back erector spinae",
        Area::UpperBack,
        'x',
    ),
    // chest
    muscle("pectoralis-major", "Pectoralis major", Area::Chest, 'P'),
    muscle("pectoralis-minor", "Pectoralis minor", Area::Chest, 'm'),
    muscle("serratus-anterior", "Serratus anterior", Area::Chest, 'S'),
    // arm
    muscle("biceps", "Biceps", Area::Arm, 'b'),
    muscle("triceps", "Triceps", Area::Arm, 'T'),
    muscle("forearm-flexors", "Forearm flexors", Area::Arm, 'f'),
    muscle("forearm-extensors", "Forearm extensors", Area::Arm, 'F'),
    muscle("hand", "Hand", Area::Arm, 'h'),
    // lower back
    muscle(
        "lumbar-erector-spinae",
        "Low-back erector spinae",
        Area::LowerBack,
        'E',
    ),
    muscle(
        "quadratus-lumborum",
        "Quadratus lumborum",
        Area::LowerBack,
        'q',
    ),
    // abdomen
    Muscle {
        centre: true,
        ..muscle("rectus-abdominis", "Rectus abdominis", Area::Abdomen, 'A')
    },
    muscle("obliques", "Obliques", Area::Abdomen, 'O'),
    // hip
    muscle("gluteus-maximus", "Gluteus maximus", Area::Hip, 'G'),
    muscle("gluteus-medius", "Gluteus medius", Area::Hip, 'g'),
    muscle("piriformis", "Piriformis", Area::Hip, 'y'),
    muscle(
        "tensor-fasciae-latae",
        "Tensor fasciae latae (TFL)",
        Area::Hip,
        'L',
    ),
    muscle("hip-flexors", "Hip flexors", Area::Hip, 'H'),
    muscle("adductors", "Adductors", Area::Hip, 'D'),
    // thigh
    muscle("rectus-femoris", "Rectus femoris", Area::Thigh, 'R'),
    muscle("vastus-lateralis", "Vastus lateralis", Area::Thigh, 'V'),
    muscle("vastus-medialis", "Vastus medialis", Area::Thigh, 'M'),
    with_caution(
        muscle("it-band", "IT band", Area::Thigh, 'I'),
        Caution::DoNotRollDirectly,
    ),
    muscle("hamstrings", "Hamstrings", Area::Thigh, 'K'),
    // lower leg
    muscle(
        "tibialis-anterior",
        "Tibialis anterior",
        Area::LowerLeg,
        'n',
    ),
    muscle("peroneals", "Peroneals", Area::LowerLeg, 'N'),
    with_caution(
        muscle("gastrocnemius", "Gastrocnemius", Area::LowerLeg, 'C'),
        Caution::Calf,
    ),
    with_caution(
        muscle("soleus", "Soleus", Area::LowerLeg, 'u'),
        Caution::Calf,
    ),
    // foot
    muscle("plantar-fascia", "Plantar fascia", Area::Foot, 'z'),
];

/// A muscle on one side of the body: what a knot belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    pub muscle: &'static Muscle,
    pub side: Side,
}

impl Region {
    /// Every region, head to toe, the person's left before their right.
    pub fn all() -> impl Iterator<Item = Region> {
        MUSCLES.iter().flat_map(|muscle| {
            let sides: &[Side] = if muscle.centre {
                &[Side::Centre]
            } else {
                &[Side::Left, Side::Right]
            };
            sides.iter().map(move |&side| Region { muscle, side })
        })
    }

    /// The exact slug, e.g. `gluteus-medius-left` or `rectus-abdominis`.
    pub fn from_slug(slug: &str) -> Option<Region> {
        // Split the side off rather than compare every region's slug: a
        // long history reads a region for each of thousands of rows.
        let (base, side) = match slug.rsplit_once('-') {
            Some((base, "left")) => (base, Side::Left),
            Some((base, "right")) => (base, Side::Right),
            _ => (slug, Side::Centre),
        };
        let muscle = MUSCLES.iter().find(|muscle| muscle.base == base)?;
        (muscle.centre == (side == Side::Centre)).then_some(Region { muscle, side })
    }

    pub fn slug(&self) -> String {
        match self.side {
            Side::Centre => self.muscle.base.to_string(),
            side => format!("{}-{}", self.muscle.base, side.name()),
        }
    }

    /// A name for people: "Gluteus medius, left".
    pub fn name(&self) -> String {
        match self.side {
            Side::Centre => self.muscle.name.to_string(),
            side => format!("{}, {}", self.muscle.name, side.name()),
        }
    }

    pub fn area(&self) -> Area {
        self.muscle.area
    }

    pub fn caution(&self) -> Option<Caution> {
        self.muscle.caution
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn slugs_are_unique_and_round_trip() {
        let slugs: Vec<String> = Region::all().map(|r| r.slug()).collect();
        let unique: HashSet<&String> = slugs.iter().collect();
        assert_eq!(unique.len(), slugs.len());
        for slug in &slugs {
            assert_eq!(&Region::from_slug(slug).map(|r| r.slug()).unwrap(), slug);
        }
    }

    #[test]
    fn mask_codes_are_unique_and_not_reserved() {
        let codes: HashSet<char> = MUSCLES.iter().map(|m| m.mask_code).collect();
        assert_eq!(codes.len(), MUSCLES.len());
        assert!(!codes.contains(&' ') && !codes.contains(&'#'));
    }

    #[test]
    fn only_rectus_abdominis_sits_on_the_midline() {
        let centre: Vec<String> = Region::all()
            .filter(|r| r.side == Side::Centre)
            .map(|r| r.slug())
            .collect();
        assert_eq!(centre, ["rectus-abdominis"]);
        assert_eq!(Region::all().count(), MUSCLES.len() * 2 - 1);
    }

    #[test]
    fn cautions_sit_where_the_design_puts_them() {
        let caution = |slug: &str| Region::from_slug(slug).unwrap().caution();
        assert_eq!(caution("it-band-left"), Some(Caution::DoNotRollDirectly));
        assert_eq!(caution("scalenes-right"), Some(Caution::Neck));
        assert_eq!(caution("sternocleidomastoid-left"), Some(Caution::Neck));
        assert_eq!(caution("suboccipitals-right"), Some(Caution::Neck));
        assert_eq!(caution("soleus-left"), Some(Caution::Calf));
        assert_eq!(caution("upper-trapezius-left"), None);
    }
}
