//! Symptoms a person can note with a reading. Some of them are reasons to
//! see a clinician rather than keep rolling.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Symptom {
    Numbness,
    Tingling,
    Swelling,
    Bruising,
    SharpPain,
    Warmth,
    Redness,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "unknown symptom \"{0}\"; known: numbness, tingling, swelling, bruising, sharp-pain, warmth, redness"
)]
pub struct UnknownSymptom(pub String);

impl Symptom {
    pub const ALL: [Symptom; 7] = [
        Symptom::Numbness,
        Symptom::Tingling,
        Symptom::Swelling,
        Symptom::Bruising,
        Symptom::SharpPain,
        Symptom::Warmth,
        Symptom::Redness,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Symptom::Numbness => "numbness",
            Symptom::Tingling => "tingling",
            Symptom::Swelling => "swelling",
            Symptom::Bruising => "bruising",
            Symptom::SharpPain => "sharp-pain",
            Symptom::Warmth => "warmth",
            Symptom::Redness => "redness",
        }
    }

    /// Symptoms as stored: comma-separated slugs, sorted, no repeats.
    pub fn join(symptoms: &[Symptom]) -> String {
        let mut sorted = symptoms.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted
            .iter()
            .map(|symptom| symptom.slug())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn split(stored: &str) -> Result<Vec<Symptom>, UnknownSymptom> {
        stored
            .split(',')
            .filter(|slug| !slug.is_empty())
            .map(str::parse)
            .collect()
    }
}

impl FromStr for Symptom {
    type Err = UnknownSymptom;

    fn from_str(text: &str) -> Result<Symptom, UnknownSymptom> {
        let wanted = text.trim().to_lowercase().replace([' ', '_'], "-");
        Symptom::ALL
            .into_iter()
            .find(|symptom| {
                symptom.slug() == wanted || (wanted == "sharp" && *symptom == Symptom::SharpPain)
            })
            .ok_or_else(|| UnknownSymptom(text.to_string()))
    }
}

impl fmt::Display for Symptom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips_sorted_without_repeats() {
        let stored = Symptom::join(&[Symptom::Tingling, Symptom::Numbness, Symptom::Tingling]);
        assert_eq!(stored, "numbness,tingling");
        assert_eq!(
            Symptom::split(&stored).unwrap(),
            [Symptom::Numbness, Symptom::Tingling]
        );
        assert_eq!(Symptom::split("").unwrap(), []);
    }

    #[test]
    fn spellings_people_type_are_understood() {
        assert_eq!("Sharp pain".parse::<Symptom>().unwrap(), Symptom::SharpPain);
        assert_eq!("sharp_pain".parse::<Symptom>().unwrap(), Symptom::SharpPain);
        assert!("itchy".parse::<Symptom>().is_err());
    }
}
