//! Finding a region from what a person typed. In this order: an exact
//! slug; an everyday word ("calf", "lower back", "left hammies", see
//! `assets/words.toml`); the start of a slug; words that all appear in the
//! slug or the name ("left trap", "glute med r"); and last the start of an
//! everyday word, for the find box while it is being typed.

use thiserror::Error;

use super::regions::{Muscle, Region, Side};
use super::suggest::suggestions;
use super::words::{Phrase, Sides, Words, regions_of};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RegionLookupError {
    #[error("no region matches {query:?}; did you mean {}?", or_list(.suggestions))]
    Unknown {
        query: String,
        suggestions: Vec<String>,
    },
    #[error("{query:?} matches several regions: {}; say which", or_list(.candidates))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    /// An everyday word for an area or a group: every region it offers.
    #[error("{query:?} could be {}; say which", or_list(.candidates))]
    Which {
        query: String,
        candidates: Vec<String>,
    },
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => "nothing close".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The words of a query, lowercased, with the usual short forms of a side
/// ("l", "r") spelled out.
fn words(query: &str) -> Vec<String> {
    query
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ',')
        .filter(|word| !word.is_empty())
        .map(|word| match word.to_lowercase().as_str() {
            "l" => "left".to_string(),
            "r" => "right".to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// Whether one word of a query fits a region: in its slug, or with
/// `in_name` also in its display name ("middle trapezius" is part of the
/// rhomboids' name, but "trap" should first mean the upper trapezius).
fn matches_word(region: &Region, slug: &str, word: &str, in_name: bool) -> bool {
    // A side word must name the side exactly, or "left" would also match
    // every muscle whose name happens to contain the letters.
    match word {
        "left" => region.side == Side::Left,
        "right" => region.side == Side::Right,
        _ => slug.contains(word) || (in_name && region.muscle.name.to_lowercase().contains(word)),
    }
}

/// How well a region fits a query, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Slug,
    /// An everyday word: it stands alone, as the person meant it.
    Word,
    SlugPrefix,
    InSlug,
    InName,
    /// The start of an everyday word, while it is being typed.
    WordPrefix,
}

/// Regions that match the query, best first: an exact slug, the regions
/// of an everyday word (only those: "quad" offers the quadriceps, not the
/// quadratus lumborum too), then slugs that start with the query, then
/// the rest in body order.
pub fn candidates(query: &str) -> Vec<Region> {
    let ranked = ranked(query);
    let word = ranked.iter().any(|&(rank, _)| rank == Rank::Word);
    ranked
        .into_iter()
        .filter(|&(rank, _)| !word || rank <= Rank::Word)
        .map(|(_, region)| region)
        .collect()
}

/// Every region that matches, once, at its best rank.
fn ranked(query: &str) -> Vec<(Rank, Region)> {
    let query = query.trim().to_lowercase();
    let words = words(&query);
    if words.is_empty() {
        return Region::all().map(|region| (Rank::Slug, region)).collect();
    }
    let mut found: Vec<(Rank, Region)> = Vec::new();
    let phrase = Phrase::read(&query);
    let everyday = Words::get();
    // "left right calf" is on no side at all.
    let side = (phrase.side != Sides::Both).then(|| phrase.side.side());
    if let (Some(side), Some(word)) = (side, everyday.exact(&phrase.key)) {
        found.extend(word.regions(side).into_iter().map(|r| (Rank::Word, r)));
    }
    found.extend(Region::all().filter_map(|region| {
        let slug = region.slug();
        let rank = if slug == query {
            Rank::Slug
        } else if slug.starts_with(&query) {
            Rank::SlugPrefix
        } else if words
            .iter()
            .all(|word| matches_word(&region, &slug, word, false))
        {
            Rank::InSlug
        } else if words
            .iter()
            .all(|word| matches_word(&region, &slug, word, true))
        {
            Rank::InName
        } else {
            return None;
        };
        Some((rank, region))
    }));
    // Two letters start too many words to be worth offering.
    if let Some(side) = side
        && phrase.key.chars().count() >= 3
    {
        let mut muscles: Vec<&'static Muscle> = Vec::new();
        for word in everyday.starting_with(&phrase.key) {
            muscles.extend(&word.muscles);
        }
        let regions = regions_of(&muscles, side);
        found.extend(regions.into_iter().map(|r| (Rank::WordPrefix, r)));
    }
    found.sort_by_key(|&(rank, _)| rank);
    let mut seen: Vec<Region> = Vec::with_capacity(found.len());
    found.retain(|&(_, region)| {
        let new = !seen.contains(&region);
        seen.push(region);
        new
    });
    found
}

/// The one region a query means, or why there is not exactly one: the
/// best kind of match wins when it names a single region.
pub fn find_region(query: &str) -> Result<Region, RegionLookupError> {
    // A region's own name wins whatever else it matches, and spares
    // reading the table of everyday words.
    if let Some(region) = Region::from_slug(query.trim()) {
        return Ok(region);
    }
    let ranked = ranked(query);
    let best = ranked.first().map(|&(rank, _)| rank);
    let found: Vec<Region> = ranked
        .into_iter()
        .filter(|&(rank, _)| Some(rank) == best)
        .map(|(_, region)| region)
        .collect();
    let slugs = |regions: &[Region]| regions.iter().map(Region::slug).collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(RegionLookupError::Unknown {
            query: query.to_string(),
            suggestions: suggestions(query),
        }),
        // An area is offered whole: choosing from it is the point.
        many if best == Some(Rank::Word) => Err(RegionLookupError::Which {
            query: query.to_string(),
            candidates: slugs(many),
        }),
        many => Err(RegionLookupError::Ambiguous {
            query: query.to_string(),
            candidates: slugs(&many[..many.len().min(6)]),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(query: &str) -> Result<String, RegionLookupError> {
        find_region(query).map(|region| region.slug())
    }

    #[test]
    fn exact_slugs_prefixes_and_words_find_one_region() {
        assert_eq!(slug("it-band-left").unwrap(), "it-band-left");
        assert_eq!(slug("rectus-abdominis").unwrap(), "rectus-abdominis");
        assert_eq!(
            slug("quadratus-lumborum-r").unwrap(),
            "quadratus-lumborum-right"
        );
        assert_eq!(slug("left trap").unwrap(), "upper-trapezius-left");
        assert_eq!(slug("Glute Med R").unwrap(), "gluteus-medius-right");
        assert_eq!(slug("gluteus med r").unwrap(), "gluteus-medius-right");
        assert_eq!(slug("piriformis left").unwrap(), "piriformis-left");
        assert_eq!(slug("TFL right").unwrap(), "tensor-fasciae-latae-right");
    }

    #[test]
    fn a_side_word_does_not_match_inside_a_name() {
        // "lateral" contains no side, and "left" must not match "deltoid".
        let found: Vec<String> = candidates("deltoid left")
            .iter()
            .map(Region::slug)
            .collect();
        assert_eq!(
            found,
            [
                "anterior-deltoid-left",
                "lateral-deltoid-left",
                "posterior-deltoid-left"
            ]
        );
    }

    #[test]
    fn an_ambiguous_query_lists_the_candidates() {
        let error = find_region("soleus").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"soleus\" matches several regions: soleus-left or soleus-right; say which"
        );
    }

    #[test]
    fn an_unknown_region_suggests_the_closest_slugs() {
        let error = find_region("bicep-lefft").unwrap_err();
        let RegionLookupError::Unknown { suggestions, .. } = &error else {
            panic!("expected unknown, got {error:?}");
        };
        assert_eq!(suggestions[0], "biceps-left");
        assert!(
            error
                .to_string()
                .starts_with("no region matches \"bicep-lefft\"; did you mean biceps-left")
        );
    }

    /// The slugs the find box lists for a query.
    fn offered(query: &str) -> Vec<String> {
        candidates(query).iter().map(Region::slug).collect()
    }

    /// The bases of the regions offered on `side`, in the order offered.
    fn on_side(bases: &[&str], side: &str) -> Vec<String> {
        bases
            .iter()
            .map(|base| match *base {
                "rectus-abdominis" => base.to_string(),
                _ => format!("{base}-{side}"),
            })
            .collect()
    }

    #[test]
    fn the_everyday_words_people_use_find_their_muscle() {
        for (query, want) in [
            ("left calf l", "no"),
            ("lats left", "latissimus-dorsi-left"),
            ("r quad", "no"),
            ("hammies r", "hamstrings-right"),
            ("left hammy", "hamstrings-left"),
            ("rear delt left", "posterior-deltoid-left"),
            ("traps r", "upper-trapezius-right"),
            ("left trap", "upper-trapezius-left"),
            ("QL right", "quadratus-lumborum-right"),
            ("tfl l", "tensor-fasciae-latae-left"),
            ("IT band right", "it-band-right"),
            ("left shin", "tibialis-anterior-left"),
            ("sole r", "plantar-fascia-right"),
            ("arch of the left foot", "no"),
            ("left arch", "plantar-fascia-left"),
            ("left foot", "plantar-fascia-left"),
            ("feet right", "plantar-fascia-right"),
            ("hip flexor left", "hip-flexors-left"),
            ("psoas r", "hip-flexors-right"),
            ("abs", "rectus-abdominis"),
            ("six-pack", "rectus-abdominis"),
            ("left side", "obliques-left"),
            ("love handles right", "obliques-right"),
            ("back of the neck", "no"),
            ("base of the skull left", "suboccipitals-left"),
            ("right thumb", "hand-right"),
            ("left hand", "hand-left"),
            ("palm l", "hand-left"),
            ("back of the left thigh", "hamstrings-left"),
            ("my right calf muscle", "no"),
            ("upper calf right", "gastrocnemius-right"),
            ("lower calf l", "soleus-left"),
            ("top of the shoulder r", "upper-trapezius-right"),
            ("left shoulder top", "no"),
            ("VMO left", "vastus-medialis-left"),
            ("left outer quad", "vastus-lateralis-left"),
            ("front delt r", "anterior-deltoid-right"),
            ("left side delt", "lateral-deltoid-left"),
            ("pec minor right", "pectoralis-minor-right"),
            ("scm left", "sternocleidomastoid-left"),
            ("glute max l", "gluteus-maximus-left"),
        ] {
            match want {
                "no" => assert!(find_region(query).is_err(), "{query}"),
                want => assert_eq!(slug(query), Ok(want.to_string()), "{query}"),
            }
        }
    }

    #[test]
    fn every_region_answers_to_an_everyday_word_with_its_side() {
        for region in Region::all() {
            let word = Words::get()
                .all()
                .iter()
                .find(|word| !word.is_area() && word.muscles[0] == region.muscle)
                .unwrap_or_else(|| panic!("no word of its own for {}", region.slug()));
            let side = region.side.name();
            let typed = match region.side {
                Side::Centre => vec![word.phrase.clone()],
                _ => vec![
                    format!("{side} {}", word.phrase),
                    format!("{} {side}", word.phrase),
                    format!("{} {}", word.phrase, &side[..1]),
                ],
            };
            for query in typed {
                assert_eq!(find_region(&query), Ok(region), "{query}");
            }
        }
    }

    /// Each area word with the muscles a physiotherapist would look at there.
    const AREAS: &[(&str, &[&str])] = &[
        ("calf", &["gastrocnemius", "soleus"]),
        ("calves", &["gastrocnemius", "soleus"]),
        (
            "neck",
            &[
                "suboccipitals",
                "sternocleidomastoid",
                "scalenes",
                "upper-trapezius",
                "levator-scapulae",
            ],
        ),
        (
            "back of the neck",
            &["suboccipitals", "upper-trapezius", "levator-scapulae"],
        ),
        ("front of the neck", &["sternocleidomastoid", "scalenes"]),
        (
            "lower back",
            &["lumbar-erector-spinae", "quadratus-lumborum"],
        ),
        ("low back", &["lumbar-erector-spinae", "quadratus-lumborum"]),
        (
            "upper back",
            &["rhomboids", "latissimus-dorsi", "thoracic-erector-spinae"],
        ),
        (
            "between the shoulder blades",
            &["rhomboids", "thoracic-erector-spinae"],
        ),
        (
            "shoulder blade",
            &["levator-scapulae", "infraspinatus", "teres", "rhomboids"],
        ),
        (
            "shoulder",
            &[
                "anterior-deltoid",
                "lateral-deltoid",
                "posterior-deltoid",
                "infraspinatus",
                "teres",
            ],
        ),
        (
            "delts",
            &["anterior-deltoid", "lateral-deltoid", "posterior-deltoid"],
        ),
        (
            "chest",
            &["pectoralis-major", "pectoralis-minor", "serratus-anterior"],
        ),
        ("pecs", &["pectoralis-major", "pectoralis-minor"]),
        (
            "arm",
            &["biceps", "triceps", "forearm-flexors", "forearm-extensors"],
        ),
        ("forearm", &["forearm-flexors", "forearm-extensors"]),
        ("abdomen", &["rectus-abdominis", "obliques"]),
        ("glutes", &["gluteus-maximus", "gluteus-medius"]),
        ("glute", &["gluteus-maximus", "gluteus-medius"]),
        ("bum", &["gluteus-maximus", "gluteus-medius", "piriformis"]),
        ("butt", &["gluteus-maximus", "gluteus-medius", "piriformis"]),
        (
            "hip",
            &[
                "gluteus-maximus",
                "gluteus-medius",
                "piriformis",
                "tensor-fasciae-latae",
                "hip-flexors",
                "adductors",
            ],
        ),
        ("groin", &["hip-flexors", "adductors"]),
        (
            "quads",
            &["rectus-femoris", "vastus-lateralis", "vastus-medialis"],
        ),
        (
            "quad",
            &["rectus-femoris", "vastus-lateralis", "vastus-medialis"],
        ),
        ("inner thigh", &["adductors", "vastus-medialis"]),
        ("outer thigh", &["vastus-lateralis", "it-band"]),
        (
            "thigh",
            &[
                "adductors",
                "rectus-femoris",
                "vastus-lateralis",
                "vastus-medialis",
                "it-band",
                "hamstrings",
            ],
        ),
        (
            "lower leg",
            &["tibialis-anterior", "peroneals", "gastrocnemius", "soleus"],
        ),
    ];

    #[test]
    fn an_area_word_offers_only_its_area() {
        for &(word, bases) in AREAS {
            let left = on_side(bases, "left");
            let right = on_side(bases, "right");
            // The centre muscle, first on either side, is offered once.
            let mut both: Vec<String> = left.clone();
            both.extend(right.iter().filter(|slug| !left.contains(slug)).cloned());
            for (query, want) in [
                (word.to_string(), &both),
                (format!("left {word}"), &left),
                (format!("{word} r"), &right),
            ] {
                assert_eq!(offered(&query), *want, "{query}");
                let error = find_region(&query).unwrap_err();
                assert_eq!(
                    error,
                    RegionLookupError::Which {
                        query: query.clone(),
                        candidates: want.clone()
                    }
                );
            }
        }
    }

    #[test]
    fn an_area_is_refused_in_one_line_that_names_its_muscles() {
        assert_eq!(
            find_region("calf").unwrap_err().to_string(),
            "\"calf\" could be gastrocnemius-left, soleus-left, gastrocnemius-right \
             or soleus-right; say which"
        );
        assert_eq!(
            find_region("left calf").unwrap_err().to_string(),
            "\"left calf\" could be gastrocnemius-left or soleus-left; say which"
        );
        assert_eq!(
            find_region("left abdomen").unwrap_err().to_string(),
            "\"left abdomen\" could be rectus-abdominis or obliques-left; say which"
        );
    }

    #[test]
    fn a_side_word_may_stand_anywhere() {
        for query in [
            "left glute med",
            "glute left med",
            "glute med left",
            "l glute med",
            "glute med l",
            "glute-med-lt",
            "Glute_Med, L",
        ] {
            assert_eq!(
                slug(query),
                Ok("gluteus-medius-left".to_string()),
                "{query}"
            );
        }
        assert_eq!(offered("calf l"), offered("left calf"));
        assert_eq!(offered("rt calf"), offered("calf right"));
        assert!(find_region("left right calf").is_err());
    }

    #[test]
    fn a_word_goes_before_a_slug_that_starts_the_same() {
        // "quad" starts quadratus-lumborum, "hip" hip-flexors, "lat"
        // lateral-deltoid, but people mean the quadriceps, the hip, the lats.
        assert!(
            offered("quad")
                .iter()
                .all(|slug| !slug.starts_with("quadratus"))
        );
        assert_eq!(offered("hip").len(), 12);
        assert_eq!(slug("left lat"), Ok("latissimus-dorsi-left".to_string()));
        // Still, the start of a slug that is no word stays a slug.
        assert_eq!(slug("quadr l"), Ok("quadratus-lumborum-left".to_string()));
        assert_eq!(offered("hip-fl"), ["hip-flexors-left", "hip-flexors-right"]);
    }

    #[test]
    fn the_find_box_offers_words_while_they_are_typed() {
        assert_eq!(
            offered("lower ba r"),
            on_side(&["lumbar-erector-spinae", "quadratus-lumborum"], "right")
        );
        assert_eq!(slug("left hamm"), Ok("hamstrings-left".to_string()));
        // Two letters are not enough to guess from.
        assert!(
            offered("ca")
                .iter()
                .all(|slug| !slug.starts_with("gastrocnemius"))
        );
    }

    #[test]
    fn an_error_shows_nothing_typed_as_a_command_to_the_terminal() {
        for query in ["calf\u{1b}[31m", "x\n\u{202e}y", "calf\u{2028}"] {
            let error = find_region(query).unwrap_err().to_string();
            assert!(
                !error
                    .chars()
                    .any(|c| c.is_control() || ('\u{2028}'..='\u{202e}').contains(&c)),
                "{error:?}"
            );
        }
    }
}
