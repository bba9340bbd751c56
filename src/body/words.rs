//! The everyday words for the muscle regions ("calf", "lower back", "left
//! hammies"), read from `assets/words.toml`, and the way a typed phrase is
//! boiled down to compare with them.
//!
//! A word names one muscle, which it picks, or an area or group of
//! muscles, which it offers to choose from.

use std::sync::OnceLock;

use serde::Deserialize;

use super::regions::{MUSCLES, Muscle, Region, Side};

/// One phrase people say, and the muscles it points to.
#[derive(Debug, PartialEq, Eq)]
pub struct Word {
    /// As written in the table, e.g. "back of the neck".
    pub phrase: String,
    /// The phrase boiled down by [`key`], e.g. "back neck".
    key: String,
    /// One muscle for a word that names it, several for an area or a group.
    pub muscles: Vec<&'static Muscle>,
}

impl Word {
    /// Whether the word names an area or a group rather than one muscle.
    pub fn is_area(&self) -> bool {
        self.muscles.len() > 1
    }

    /// The regions the word offers on `side` (both sides when `None`), the
    /// person's left before their right so a side can be read off at once.
    pub fn regions(&self, side: Option<Side>) -> Vec<Region> {
        regions_of(&self.muscles, side)
    }
}

/// The regions of `muscles`: the centre one, then every left, then every
/// right, each in head-to-toe order. The one centre muscle lies on both
/// sides, so a side word keeps it.
pub fn regions_of(muscles: &[&'static Muscle], side: Option<Side>) -> Vec<Region> {
    let mut regions: Vec<Region> = Region::all()
        .filter(|region| muscles.contains(&region.muscle))
        .filter(|region| match side {
            Some(side) => region.side == side || region.side == Side::Centre,
            None => true,
        })
        .collect();
    regions.sort_by_key(|region| match region.side {
        Side::Centre => 0,
        Side::Left => 1,
        Side::Right => 2,
    });
    regions
}

/// Every everyday word, in the order of the table.
#[derive(Debug)]
pub struct Words {
    words: Vec<Word>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    word: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    say: Vec<String>,
    muscles: Vec<String>,
}

impl Words {
    /// The bundled table, read once.
    pub fn get() -> &'static Words {
        static WORDS: OnceLock<Words> = OnceLock::new();
        WORDS.get_or_init(|| {
            Words::parse(include_str!("../../assets/words.toml"))
                // The table is compiled in and checked by the unit tests below.
                .expect("the bundled table of everyday words is valid")
        })
    }

    /// Reads a table, refusing a muscle that does not exist, a phrase that
    /// boils down to nothing, or two phrases that would compare equal.
    pub fn parse(text: &str) -> Result<Words, String> {
        let table: Table = toml::from_str(text).map_err(|error| error.to_string())?;
        let mut words: Vec<Word> = Vec::new();
        for entry in table.word {
            let muscles = entry
                .muscles
                .iter()
                .map(|base| {
                    MUSCLES
                        .iter()
                        .find(|muscle| muscle.base == base)
                        .ok_or_else(|| format!("no muscle {base:?} in the region table"))
                })
                .collect::<Result<Vec<&'static Muscle>, String>>()?;
            if muscles.is_empty() {
                return Err(format!("{:?} points to no muscle", entry.say));
            }
            for phrase in entry.say {
                let Phrase { side, key } = Phrase::read(&phrase);
                if key.is_empty() || side != Sides::None {
                    return Err(format!("{phrase:?} must name a place, without a side"));
                }
                if let Some(other) = words.iter().find(|word| word.key == key) {
                    return Err(format!("{phrase:?} reads the same as {:?}", other.phrase));
                }
                words.push(Word {
                    phrase,
                    key,
                    muscles: muscles.clone(),
                });
            }
        }
        Ok(Words { words })
    }

    pub fn all(&self) -> &[Word] {
        &self.words
    }

    /// The word a boiled-down phrase is, if any.
    pub fn exact(&self, key: &str) -> Option<&Word> {
        self.words.iter().find(|word| word.key == key)
    }

    /// The words a boiled-down phrase could be the start of, for the find
    /// box while it is being typed.
    pub fn starting_with<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Word> + 'a {
        self.words
            .iter()
            .filter(move |word| word.key.starts_with(key))
    }

    /// The phrases that reach `muscle`: the ones naming it alone first,
    /// then the areas and groups it belongs to.
    pub fn for_muscle(&self, muscle: &Muscle) -> Vec<&str> {
        let mut reaching: Vec<&Word> = self
            .words
            .iter()
            .filter(|word| word.muscles.iter().any(|m| m.base == muscle.base))
            .collect();
        reaching.sort_by_key(|word| word.is_area());
        reaching.iter().map(|word| word.phrase.as_str()).collect()
    }

    /// Every word with its boiled-down form, for comparing a misspelling.
    pub fn keyed(&self) -> impl Iterator<Item = (&str, &Word)> {
        self.words.iter().map(|word| (word.key.as_str(), word))
    }
}

/// The sides a phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    None,
    One(Side),
    /// Both "left" and "right": no region is on both.
    Both,
}

impl Sides {
    fn add(self, side: Side) -> Sides {
        match self {
            Sides::None => Sides::One(side),
            Sides::One(had) if had == side => self,
            _ => Sides::Both,
        }
    }

    pub fn side(self) -> Option<Side> {
        match self {
            Sides::One(side) => Some(side),
            Sides::None | Sides::Both => None,
        }
    }
}

/// A typed phrase boiled down: the side words taken out, the rest as a key.
#[derive(Debug, PartialEq, Eq)]
pub struct Phrase {
    pub side: Sides,
    pub key: String,
}

impl Phrase {
    pub fn read(text: &str) -> Phrase {
        Phrase::read_with(text, side_word)
    }

    /// Like [`Phrase::read`], but also takes "lefft" or "rigth" for a side:
    /// only for suggesting, where a slip of the keyboard is the likely cause.
    pub fn read_loosely(text: &str) -> Phrase {
        Phrase::read_with(text, |token| {
            side_word(token).or_else(|| {
                let close = |side: &str| strsim::jaro_winkler(token, side) >= 0.9;
                // Short tokens are too easily close to anything.
                if token.chars().count() < 4 {
                    None
                } else if close("left") {
                    Some(Side::Left)
                } else if close("right") {
                    Some(Side::Right)
                } else {
                    None
                }
            })
        })
    }

    fn read_with(text: &str, side_of: impl Fn(&str) -> Option<Side>) -> Phrase {
        let mut side = Sides::None;
        let mut kept: Vec<String> = Vec::new();
        for token in tokens(text) {
            match side_of(&token) {
                Some(named) => side = side.add(named),
                None => {
                    let token = stem(&token);
                    if !FILLERS.contains(&token.as_str()) {
                        kept.push(token);
                    }
                }
            }
        }
        Phrase {
            side,
            key: kept.join(" "),
        }
    }
}

/// The boiled-down form of a phrase without its side words.
pub fn key(text: &str) -> String {
    Phrase::read(text).key
}

/// Words that change nothing about the place: "back of the neck" is
/// "back neck", "my calf muscle" is "calf".
const FILLERS: [&str; 4] = ["the", "of", "my", "muscle"];

fn side_word(token: &str) -> Option<Side> {
    match token {
        "left" | "l" | "lt" => Some(Side::Left),
        "right" | "r" | "rt" => Some(Side::Right),
        _ => None,
    }
}

/// Lowercase words, cut at anything but a letter or a digit; an
/// apostrophe joins ("golfer's" is "golfers").
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|token| {
            token
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|token| !token.is_empty())
}

/// A plural "s" taken off, so "glute" and "glutes" compare equal. Short
/// words keep theirs ("abs"), and so do endings that are not plurals
/// ("gluteus", "tibialis", "cross").
fn stem(token: &str) -> String {
    let short = token.chars().count() < 4;
    let kept = ["ss", "us", "is"]
        .iter()
        .any(|ending| token.ends_with(ending));
    match token.strip_suffix('s') {
        Some(stemmed) if !short && !kept => stemmed.to_string(),
        _ => token.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::regions::Area;

    fn muscle(base: &str) -> &'static Muscle {
        MUSCLES.iter().find(|m| m.base == base).unwrap()
    }

    fn bases(word: &Word) -> Vec<&str> {
        word.muscles.iter().map(|m| m.base).collect()
    }

    #[test]
    fn the_bundled_table_reads() {
        assert!(Words::parse(include_str!("../../assets/words.toml")).is_ok());
        assert!(Words::get().all().len() > 100);
    }

    #[test]
    fn every_muscle_has_a_word_of_its_own() {
        let words = Words::get();
        let lacking: Vec<&str> = MUSCLES
            .iter()
            .filter(|m| {
                !words
                    .all()
                    .iter()
                    .any(|word| !word.is_area() && word.muscles[0].base == m.base)
            })
            .map(|m| m.base)
            .collect();
        assert!(lacking.is_empty(), "no everyday word names {lacking:?}");
    }

    #[test]
    fn phrases_are_plain_lowercase_text() {
        for word in Words::get().all() {
            assert!(
                word.phrase
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == ' '),
                "{:?}",
                word.phrase
            );
        }
    }

    #[test]
    fn a_bad_table_is_refused_with_the_reason() {
        let refused = |text: &str| Words::parse(text).unwrap_err();
        let entry =
            |say: &str, muscles: &str| format!("[[word]]\nsay = {say}\nmuscles = {muscles}\n");
        assert!(refused(&entry(r#"["calf"]"#, r#"["calfs"]"#)).contains("calfs"));
        assert!(refused(&entry(r#"["calf"]"#, "[]")).contains("no muscle"));
        assert!(refused(&entry(r#"["left calf"]"#, r#"["soleus"]"#)).contains("side"));
        assert!(refused(&entry(r#"["the"]"#, r#"["soleus"]"#)).contains("place"));
        let twice = entry(r#"["glute", "glutes"]"#, r#"["gluteus-maximus"]"#);
        assert!(refused(&twice).contains("reads the same"));
        assert!(refused("[[word]]\nsay = [\"x\"]\n").contains("muscles"));
    }

    #[test]
    fn a_phrase_boils_down_to_its_place_and_side() {
        let read = |text: &str| Phrase::read(text);
        assert_eq!(
            read("Back of the LEFT neck"),
            Phrase {
                side: Sides::One(Side::Left),
                key: "back neck".to_string()
            }
        );
        assert_eq!(read("calf l").side, Sides::One(Side::Left));
        assert_eq!(read("r glute").side, Sides::One(Side::Right));
        assert_eq!(read("left right calf").side, Sides::Both);
        assert_eq!(read("glute-med_r").key, "glute med");
        assert_eq!(read("my calf muscles").key, "calf");
        assert_eq!(read("golfer's elbow").key, "golfer elbow");
        assert_eq!(read("abs").key, "abs");
        assert_eq!(read("gluteus").key, "gluteus");
        assert_eq!(read("lefft calf").side, Sides::None);
        assert_eq!(
            Phrase::read_loosely("lefft calf").side,
            Sides::One(Side::Left)
        );
        assert_eq!(
            Phrase::read_loosely("rigth calf").side,
            Sides::One(Side::Right)
        );
        assert_eq!(Phrase::read_loosely("lef calf").side, Sides::None);
    }

    #[test]
    fn words_for_a_muscle_put_its_own_before_its_areas() {
        let words = Words::get().for_muscle(muscle("gastrocnemius"));
        assert_eq!(words[..2], ["gastroc", "upper calf"]);
        assert!(words.contains(&"calf") && words.contains(&"lower leg"));
        assert!(!words.contains(&"shin"));
    }

    /// Words named after one of the map's areas offer that area's muscles,
    /// except where a physiotherapist would draw the line elsewhere.
    #[test]
    fn area_names_offer_their_area() {
        let words = Words::get();
        for area in Area::ALL {
            let Some(word) = words.exact(&key(area.name())) else {
                continue;
            };
            let mut want: Vec<&str> = MUSCLES
                .iter()
                .filter(|m| m.area == area)
                .map(|m| m.base)
                .collect();
            match area {
                // Nobody calls a hand an arm.
                Area::Arm => want.retain(|&base| base != "hand"),
                // The adductors are the inner thigh.
                Area::Thigh => want.push("adductors"),
                _ => {}
            }
            assert_eq!(bases(word), want, "{}", area.name());
        }
    }

    #[test]
    fn regions_of_an_area_go_by_side() {
        let slugs = |side| -> Vec<String> {
            regions_of(&[muscle("obliques"), muscle("rectus-abdominis")], side)
                .iter()
                .map(Region::slug)
                .collect()
        };
        assert_eq!(
            slugs(None),
            ["rectus-abdominis", "obliques-left", "obliques-right"]
        );
        assert_eq!(
            slugs(Some(Side::Right)),
            ["rectus-abdominis", "obliques-right"]
        );
    }
}
