//! What to suggest for a query that matches no region: the everyday
//! words and muscle names it comes close to, and only when none does, the
//! slugs closest in spelling.

use super::regions::{MUSCLES, Muscle, Region};
use super::words::{Phrase, Word, Words, key, regions_of};

/// How close a misspelt phrase must come to a word or a muscle's name to
/// be suggested (Jaro-Winkler, 1 is equal).
const CLOSE: f64 = 0.85;

/// How far behind the closest match a suggestion may be.
const NEAR: f64 = 0.05;

/// What to suggest for a query that matches nothing: the everyday words
/// and muscle names it comes close to, and only when none does, the slugs
/// closest in spelling. "calff" should lead to the calf, not to the
/// scalenes, whose slug happens to share four letters with it.
pub(super) fn suggestions(query: &str) -> Vec<String> {
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
    use crate::body::search::find_region;

    #[test]
    fn suggestions_come_from_words_and_names_before_spelling() {
        assert_eq!(suggestions("calff"), ["calf"]);
        assert_eq!(suggestions("left calff"), ["left calf"]);
        assert_eq!(suggestions("lower bak"), ["lower back"]);
        assert_eq!(suggestions("hamstrngs r"), ["hamstrings-right"]);
        assert_eq!(suggestions("rigth hamy"), ["hamstrings-right"]);
        assert_eq!(suggestions("glutez"), ["glutes"]);
        assert_eq!(
            suggestions("gastrocnemus"),
            ["gastrocnemius-left", "gastrocnemius-right"]
        );
        for query in ["calff", "calf7", "glutez", "caff", "nek"] {
            let all = suggestions(query).join(" ");
            assert!(!all.contains("scalenes"), "{query}: {all}");
        }
        let glutes = find_region("glutes").unwrap_err().to_string();
        assert!(!glutes.contains("scalenes"), "{glutes}");
    }

    #[test]
    fn nothing_close_falls_back_to_the_nearest_slugs() {
        assert_eq!(suggestions("xyzzy").len(), 3);
        assert_eq!(suggestions("").len(), 3);
    }
}
