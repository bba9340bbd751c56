//! Finding a region from what a person typed. In this order: an exact
//! slug; an everyday word ("calf", "lower back", "left hammies", see
//! `assets/words.toml`); the start of a slug; words that all appear in the
//! slug or the name ("left trap", "glute med r"); and last the start of an
//! everyday word, for the find box while it is being typed.

use thiserror::Error;

use super::regions::{MUSCLES, Muscle, Region, Side};
use super::words::{Phrase, Sides, Word, Words, key, regions_of};

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
    let ranked = ranked(query);
    let best = ranked.first().map(|&(rank, _)| rank);
    let found: Vec<Region> = ranked
        .into_iter()
        .filter(|&(rank, _)| Some(rank) == best)
        .map(|(_, region)| region)
        .collect();
    let exact = Region::from_slug(query.trim());
    let slugs = |regions: &[Region]| regions.iter().map(Region::slug).collect();
    match (exact, found.as_slice()) {
        (Some(region), _) => Ok(region),
        (None, [one]) => Ok(*one),
        (None, []) => Err(RegionLookupError::Unknown {
            query: query.to_string(),
            suggestions: suggestions(query),
        }),
        // An area is offered whole: choosing from it is the point.
        (None, many) if best == Some(Rank::Word) => Err(RegionLookupError::Which {
            query: query.to_string(),
            candidates: slugs(many),
        }),
        (None, many) => Err(RegionLookupError::Ambiguous {
            query: query.to_string(),
            candidates: slugs(&many[..many.len().min(6)]),
        }),
    }
}

/// How close a misspelt phrase must come to a word or a muscle's name to
/// be suggested (Jaro-Winkler, 1 is equal).
const CLOSE: f64 = 0.85;

/// How far behind the closest match a suggestion may be.
const NEAR: f64 = 0.05;

/// What to suggest for a query that matches nothing: the everyday words
/// and muscle names it comes close to, and only when none does, the slugs
/// closest in spelling. "calff" should lead to the calf, not to the
/// scalenes, whose slug happens to share four letters with it.
fn suggestions(query: &str) -> Vec<String> {
    let phrase = Phrase::read_loosely(query);
    let side = phrase.side.side();
    let mut scored: Vec<(f64, Suggestion)> = Vec::new();
    if !phrase.key.is_empty() {
        let score = |other: &str| strsim::jaro_winkler(&phrase.key, other);
        for (key, word) in Words::get().keyed() {
            let suggestion = if word.is_area() {
                Suggestion::Word(word)
            } else {
                Suggestion::Muscle(word.muscles[0])
            };
            scored.push((score(key), suggestion));
        }
        for muscle in MUSCLES {
            let best = score(&key(muscle.base)).max(score(&key(muscle.name)));
            scored.push((best, Suggestion::Muscle(muscle)));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Only the nearest few: "lower bak" is the lower back, and the lower
    // leg, a little further, would only be noise.
    let near = scored
        .first()
        .map_or(CLOSE, |&(best, _)| (best - NEAR).max(CLOSE));
    scored.retain(|&(score, _)| score >= near);
    let mut found: Vec<String> = Vec::new();
    let mut offered: Vec<&[&Muscle]> = Vec::new();
    for (_, suggestion) in scored {
        let texts = match suggestion {
            // One phrase per area: "lower back", not "low back" as well.
            Suggestion::Word(word) if offered.contains(&word.muscles.as_slice()) => continue,
            Suggestion::Word(word) => {
                offered.push(&word.muscles);
                match side {
                    Some(side) => vec![format!("{} {}", side.name(), word.phrase)],
                    None => vec![word.phrase.clone()],
                }
            }
            Suggestion::Muscle(muscle) => regions_of(&[muscle], side)
                .iter()
                .map(Region::slug)
                .collect(),
        };
        for text in texts {
            if !found.contains(&text) {
                found.push(text);
            }
        }
    }
    found.truncate(4);
    if found.is_empty() {
        found = closest_slugs(query, 3);
    }
    found
}

/// A suggestion: an area word to type again, or a muscle whose regions
/// can be typed as they are.
#[derive(Clone, Copy)]
enum Suggestion<'a> {
    Word(&'a Word),
    Muscle(&'static Muscle),
}

fn closest_slugs(query: &str, count: usize) -> Vec<String> {
    let query = query.trim().to_lowercase();
    let mut scored: Vec<(f64, String)> = Region::all()
        .map(|region| {
            let slug = region.slug();
            let score = strsim::jaro_winkler(&query, &slug);
            (score, slug)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(count)
        .map(|(_, slug)| slug)
        .collect()
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
}
