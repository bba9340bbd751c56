//! Finding a region from what a person typed: an exact slug, a unique
//! prefix, or words that all appear in the slug or the name
//! ("left trap", "glute med r").

use thiserror::Error;

use super::regions::{Region, Side};

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

/// Regions that match every word of the query, best first: an exact slug,
/// then slugs that start with the query, then the rest in body order.
pub fn candidates(query: &str) -> Vec<Region> {
    ranked(query)
        .into_iter()
        .map(|(_, region)| region)
        .collect()
}

fn ranked(query: &str) -> Vec<(u8, Region)> {
    let query = query.trim().to_lowercase();
    let words = words(&query);
    if words.is_empty() {
        return Region::all().map(|region| (0, region)).collect();
    }
    let mut found: Vec<(u8, Region)> = Region::all()
        .filter_map(|region| {
            let slug = region.slug();
            let rank = if slug == query {
                0
            } else if slug.starts_with(&query) {
                1
            } else if words
                .iter()
                .all(|word| matches_word(&region, &slug, word, false))
            {
                2
            } else if words
                .iter()
                .all(|word| matches_word(&region, &slug, word, true))
            {
                3
            } else {
                return None;
            };
            Some((rank, region))
        })
        .collect();
    found.sort_by_key(|&(rank, _)| rank);
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
    match (exact, found.as_slice()) {
        (Some(region), _) => Ok(region),
        (None, [one]) => Ok(*one),
        (None, []) => Err(RegionLookupError::Unknown {
            query: query.to_string(),
            suggestions: closest_slugs(query, 3),
        }),
        (None, many) => Err(RegionLookupError::Ambiguous {
            query: query.to_string(),
            candidates: many.iter().take(6).map(Region::slug).collect(),
        }),
    }
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
