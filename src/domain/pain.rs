//! Scores on the 0-10 scale: pain before and after, and treatment pressure.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A whole number from 0 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{what} must be a whole number from 0 to 10, not {given:?}")]
pub struct ScoreError {
    pub what: &'static str,
    pub given: String,
}

impl Score {
    pub const MAX: u8 = 10;

    pub fn new(value: u8) -> Option<Score> {
        (value <= Score::MAX).then_some(Score(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// Parses what a person typed for the named score ("pain", "pressure").
    pub fn parse(what: &'static str, text: &str) -> Result<Score, ScoreError> {
        text.trim()
            .parse::<u8>()
            .ok()
            .and_then(Score::new)
            .ok_or_else(|| ScoreError {
                what,
                given: text.to_string(),
            })
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreError;

    fn try_from(value: u8) -> Result<Score, ScoreError> {
        Score::new(value).ok_or_else(|| ScoreError {
            what: "a score",
            given: value.to_string(),
        })
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

impl FromStr for Score {
    type Err = ScoreError;

    fn from_str(text: &str) -> Result<Score, ScoreError> {
        Score::parse("a score", text)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A pressure pain threshold: the pressure, in kg/cm2, at which pressing
/// starts to hurt, as an algometer reads it. Kept in hundredths so that
/// readings compare exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ppt(u16);

impl Ppt {
    /// Beyond any algometer's range.
    pub const MAX_KG_CM2: f64 = 20.0;

    pub fn from_kg_cm2(value: f64) -> Option<Ppt> {
        (value.is_finite() && (0.0..=Ppt::MAX_KG_CM2).contains(&value))
            .then(|| Ppt((value * 100.0).round() as u16))
    }

    pub fn kg_cm2(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// Parses what was typed for `--ppt`.
    pub fn parse(text: &str) -> Result<Ppt, String> {
        Ppt::parse_as("--ppt", text)
    }

    /// Parses what was typed for the named field ("--ppt", "PPT").
    pub fn parse_as(what: &str, text: &str) -> Result<Ppt, String> {
        text.trim()
            .parse::<f64>()
            .ok()
            .and_then(Ppt::from_kg_cm2)
            .ok_or_else(|| {
                format!("{what} must be a pressure in kg/cm2 from 0 to 20, not {text:?}")
            })
    }
}

impl fmt::Display for Ppt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.kg_cm2())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scores_from_zero_to_ten_parse() {
        assert_eq!(Score::parse("pain", "0").unwrap().value(), 0);
        assert_eq!(Score::parse("pain", " 10 ").unwrap().value(), 10);
    }

    #[test]
    fn anything_else_is_refused_with_what_was_typed() {
        for bad in ["11", "-1", "7.5", "", "seven", "256"] {
            let error = Score::parse("pain", bad).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("pain must be a whole number from 0 to 10, not \"{bad}\"")
            );
        }
    }

    #[test]
    fn pressure_thresholds_parse_in_kg_per_cm2() {
        assert_eq!(Ppt::parse("4.5").unwrap().kg_cm2(), 4.5);
        assert_eq!(Ppt::parse("4.25").unwrap().to_string(), "4.2");
        for bad in ["-1", "21", "NaN", "inf", "soft"] {
            assert!(Ppt::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parse_accepts_exactly_the_scale(text in "\\PC{0,6}") {
            let parsed = Score::parse("pain", &text);
            let expected = text.trim().parse::<u8>().ok().filter(|&v| v <= 10);
            prop_assert_eq!(parsed.ok().map(Score::value), expected);
        }
    }
}
