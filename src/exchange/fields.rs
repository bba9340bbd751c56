//! One JSON object of an export, read field by field into typed values;
//! a field that is missing, of the wrong kind or out of range is refused
//! with the record and the field it is in.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::Refused;
use crate::body::PER_MILLE;
use crate::domain::pain::{Ppt, Score};
use crate::domain::stamp::Stamp;
use crate::domain::symptom::Symptom;

/// The longest stretch of a bad value quoted in an error.
const QUOTE_CHARS: usize = 60;

/// One JSON object of the file, read field by field, with what to call it
/// in an error.
pub(super) struct Fields<'a> {
    record: String,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// Refuses fields the format does not have: a misspelt field would
    /// otherwise be lost without a word.
    pub(super) fn new(
        record: String,
        map: &'a Map<String, Value>,
        known: &[&str],
    ) -> Result<Fields<'a>, Refused> {
        let fields = Fields { record, map };
        if let Some(unknown) = map.keys().find(|key| !known.contains(&key.as_str())) {
            return Err(Refused::BadField {
                record: fields.record.clone(),
                field: quote_str(unknown),
                problem: "is not a field of this format".into(),
            });
        }
        Ok(fields)
    }

    /// The `index`th record of `array`, named by its UUID when it has a
    /// readable one.
    pub(super) fn record(
        kind: &str,
        array: &str,
        index: usize,
        value: &'a Value,
        known: &[&str],
    ) -> Result<Fields<'a>, Refused> {
        let position = format!("{array}[{index}]");
        let Value::Object(map) = value else {
            return Err(Refused::BadField {
                record: position,
                field: "the record".into(),
                problem: format!("must be an object, not {}", kind_of(value)),
            });
        };
        let record = match map.get("uuid").and_then(Value::as_str).map(Uuid::try_parse) {
            Some(Ok(uuid)) => format!("{kind} {} ({position})", uuid.hyphenated()),
            _ => position,
        };
        Fields::new(record, map, known)
    }

    /// Whether the record has `field` at all.
    pub(super) fn has(&self, field: &str) -> bool {
        self.map.contains_key(field)
    }

    /// A change stamp, in the text form knotmap writes.
    pub(super) fn stamp(&self, field: &str) -> Result<Stamp, Refused> {
        let text = self.text(field)?;
        Stamp::parse(text)
            .map_err(|error| self.bad(field, format!("is not a change stamp ({error})")))
    }

    pub(super) fn bad(&self, field: &str, problem: impl Into<String>) -> Refused {
        Refused::BadField {
            record: self.record.clone(),
            field: field.to_string(),
            problem: problem.into(),
        }
    }

    /// The value of a field, which must be there (as `null` when nothing
    /// was recorded).
    pub(super) fn get(&self, field: &str) -> Result<&'a Value, Refused> {
        self.map
            .get(field)
            .ok_or_else(|| self.bad(field, "is missing (null, if nothing was recorded)"))
    }

    /// `None` for `null`.
    pub(super) fn optional<T>(
        &self,
        field: &str,
        read: impl FnOnce(&'a Value) -> Result<T, Refused>,
    ) -> Result<Option<T>, Refused> {
        match self.get(field)? {
            Value::Null => Ok(None),
            value => read(value).map(Some),
        }
    }

    pub(super) fn text_of(&self, field: &str, value: &'a Value) -> Result<&'a str, Refused> {
        value
            .as_str()
            .ok_or_else(|| self.bad(field, format!("must be a string, not {}", quote(value))))
    }

    pub(super) fn text(&self, field: &str) -> Result<&'a str, Refused> {
        self.text_of(field, self.get(field)?)
    }

    pub(super) fn optional_text(&self, field: &str) -> Result<Option<String>, Refused> {
        self.optional(field, |value| {
            self.text_of(field, value).map(str::to_string)
        })
    }

    pub(super) fn uuid_of(&self, field: &str, value: &'a Value) -> Result<String, Refused> {
        let text = self.text_of(field, value)?;
        Uuid::try_parse(text)
            .map(|uuid| uuid.hyphenated().to_string())
            .map_err(|_| self.bad(field, format!("{} is not a UUID", quote_str(text))))
    }

    pub(super) fn uuid(&self, field: &str) -> Result<String, Refused> {
        self.uuid_of(field, self.get(field)?)
    }

    pub(super) fn optional_uuid(&self, field: &str) -> Result<Option<String>, Refused> {
        self.optional(field, |value| self.uuid_of(field, value))
    }

    pub(super) fn time_of(&self, field: &str, value: &'a Value) -> Result<DateTime<Utc>, Refused> {
        let text = self.text_of(field, value)?;
        DateTime::parse_from_rfc3339(text)
            .map(|time| time.with_timezone(&Utc))
            .map_err(|_| {
                self.bad(
                    field,
                    format!(
                        "{} is not a date and time like 2026-03-14T18:30:00Z",
                        quote_str(text)
                    ),
                )
            })
    }

    pub(super) fn time(&self, field: &str) -> Result<DateTime<Utc>, Refused> {
        self.time_of(field, self.get(field)?)
    }

    pub(super) fn optional_time(&self, field: &str) -> Result<Option<DateTime<Utc>>, Refused> {
        self.optional(field, |value| self.time_of(field, value))
    }

    pub(super) fn whole_of(&self, field: &str, value: &'a Value, max: u64) -> Result<u64, Refused> {
        value.as_u64().filter(|&n| n <= max).ok_or_else(|| {
            self.bad(
                field,
                format!(
                    "must be a whole number from 0 to {max}, not {}",
                    quote(value)
                ),
            )
        })
    }

    /// A place on a view, in thousandths of its width or height.
    pub(super) fn thousandths(&self, field: &str) -> Result<u16, Refused> {
        let value = self.whole_of(field, self.get(field)?, u64::from(PER_MILLE - 1))?;
        Ok(u16::try_from(value).unwrap_or(PER_MILLE - 1))
    }

    /// A cell of the one drawing of versions 1 and 2.
    pub(super) fn legacy_cell(&self, field: &str) -> Result<u16, Refused> {
        let value = self.whole_of(field, self.get(field)?, u64::from(u16::MAX))?;
        Ok(u16::try_from(value).unwrap_or(u16::MAX))
    }

    pub(super) fn optional_minutes(&self, field: &str, max: u64) -> Result<Option<u16>, Refused> {
        self.optional(field, |value| {
            let minutes = self.whole_of(field, value, max)?;
            Ok(u16::try_from(minutes).unwrap_or(u16::MAX))
        })
    }

    pub(super) fn score_of(&self, field: &str, value: &'a Value) -> Result<Score, Refused> {
        let score = self.whole_of(field, value, u64::from(Score::MAX))?;
        u8::try_from(score)
            .ok()
            .and_then(Score::new)
            .ok_or_else(|| self.bad(field, "is off the 0-10 scale"))
    }

    pub(super) fn score(&self, field: &str) -> Result<Score, Refused> {
        match self.get(field)? {
            Value::Null => Err(self.bad(field, "is required: a whole number from 0 to 10")),
            value => self.score_of(field, value),
        }
    }

    pub(super) fn optional_score(&self, field: &str) -> Result<Option<Score>, Refused> {
        self.optional(field, |value| self.score_of(field, value))
    }

    pub(super) fn optional_ppt(&self, field: &str) -> Result<Option<Ppt>, Refused> {
        self.optional(field, |value| {
            value.as_f64().and_then(Ppt::from_kg_cm2).ok_or_else(|| {
                self.bad(
                    field,
                    format!(
                        "must be a pressure in kg/cm2 from 0 to 20, not {}",
                        quote(value)
                    ),
                )
            })
        })
    }

    /// Symptom slugs, exactly as knotmap writes them.
    pub(super) fn symptoms(&self, field: &str) -> Result<Vec<Symptom>, Refused> {
        let value = self.get(field)?;
        let Value::Array(items) = value else {
            return Err(self.bad(
                field,
                format!("must be an array of symptoms, not {}", quote(value)),
            ));
        };
        items
            .iter()
            .map(|item| {
                let slug = self.text_of(field, item)?;
                Symptom::ALL
                    .into_iter()
                    .find(|symptom| symptom.slug() == slug)
                    .ok_or_else(|| {
                        let known: Vec<&str> = Symptom::ALL.iter().map(|s| s.slug()).collect();
                        self.bad(
                            field,
                            format!(
                                "has {}, which is not a symptom knotmap knows ({})",
                                quote_str(slug),
                                known.join(", ")
                            ),
                        )
                    })
            })
            .collect()
    }
}

/// What kind of JSON value this is, for an error.
pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as JSON on one line, cut short if it is long.
pub(super) fn quote(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= QUOTE_CHARS {
        return text;
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    format!("{cut}...")
}

pub(super) fn quote_str(text: &str) -> String {
    quote(&Value::String(text.to_string()))
}
