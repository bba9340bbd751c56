//! An export read as a stream: the document is walked as it is parsed,
//! and each record is checked and handed on the moment it is read, so a
//! file of any size is never held whole. Where the records go (a list in
//! memory, a staging file) is up to the [`Stage`] they are handed to.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::fields::{Fields, quote, quote_str};
use super::incoming::{ARRAYS, Record, check_stamp, document_fields, kind_in, record_of};
use super::{FORMAT, FORMAT_VERSION, Incoming, OLDEST_VERSION, Refused};

/// Where checked records go as they are read.
pub trait Stage {
    /// What may stop the reading: a record refused, or the stage's own
    /// failure.
    type Error: From<Refused>;

    /// The `index`th record of `array`, checked; `value` is the record as
    /// the file gives it.
    fn record(
        &mut self,
        array: &'static str,
        index: usize,
        record: Record,
        value: &Value,
    ) -> Result<(), Self::Error>;
}

/// The error for a UUID that an earlier record of the same kind has.
pub fn duplicate(array: &str, index: usize, uuid: &str, first: usize) -> Refused {
    Refused::BadField {
        record: format!("{} {uuid} ({array}[{index}])", kind_in(array)),
        field: "uuid".into(),
        problem: format!("{uuid} is already the uuid of {array}[{first}]"),
    }
}

/// Reads an export from `reader`, handing each checked record to
/// `stage`; with `now`, a record dated after it is refused. What a
/// record refers to is not looked for: the stage knows where to look.
pub fn read_from<S: Stage>(
    reader: impl Read,
    now: Option<DateTime<Utc>>,
    stage: &mut S,
) -> Result<(), S::Error> {
    let mut walk = Walk {
        stage,
        now,
        failed: None,
        top: Map::new(),
        version: None,
        arrays: Vec::new(),
        dated: false,
        unsure: [None, None],
    };
    let mut parser = serde_json::Deserializer::from_reader(reader);
    let parsed = (&mut walk)
        .deserialize(&mut parser)
        .and_then(|()| parser.end());
    if let Some(failed) = walk.failed.take() {
        return Err(failed);
    }
    parsed.map_err(|error| Refused::NotJson(error.to_string()))?;
    walk.finish().map_err(S::Error::from)
}

/// Checks a whole export held in memory and gives its records.
pub fn read(bytes: &[u8]) -> Result<Incoming, Refused> {
    let mut collect = Collect::default();
    read_from(bytes, None, &mut collect)?;
    Ok(collect.incoming)
}

/// Records gathered in a list, each UUID once per kind.
#[derive(Default)]
struct Collect {
    incoming: Incoming,
    seen: HashMap<(&'static str, String), usize>,
}

impl Stage for Collect {
    type Error = Refused;

    fn record(
        &mut self,
        array: &'static str,
        index: usize,
        record: Record,
        _: &Value,
    ) -> Result<(), Refused> {
        let uuid = record.uuid().to_string();
        if let Some(first) = self.seen.insert((array, uuid.clone()), index) {
            return Err(duplicate(array, index, &uuid, first));
        }
        match record {
            Record::Knot(knot) => self.incoming.knots.push(knot),
            Record::Session(session) => self.incoming.sessions.push(session),
            Record::Reading(reading) => self.incoming.readings.push(reading),
            Record::Clearing(clearing) => self.incoming.clearings.push(clearing),
            Record::Tombstone(tombstone) => self.incoming.tombstones.push(tombstone),
        }
        Ok(())
    }
}

/// The document being walked: its own fields as they come, and the
/// arrays of records seen.
struct Walk<'s, S: Stage> {
    stage: &'s mut S,
    now: Option<DateTime<Utc>>,
    /// Why the walk stopped, when the file or the stage refused.
    failed: Option<S::Error>,
    /// The document's own fields but its arrays.
    top: Map<String, Value>,
    version: Option<u64>,
    arrays: Vec<&'static str>,
    /// Whether `exported_at` was checked.
    dated: bool,
    /// The first record with a stamp and the first without, seen before
    /// `format_version` said whether records have stamps: checked at the
    /// end.
    unsure: [Option<(&'static str, usize, Value)>; 2],
}

impl<S: Stage> Walk<'_, S> {
    /// Keeps why the walk stops, and gives the parser an error to stop on.
    fn fail<E: de::Error>(&mut self, error: S::Error) -> E {
        self.failed = Some(error);
        E::custom("refused")
    }

    fn the_file(&self) -> Result<Fields<'_>, Refused> {
        let known = self.version.map_or(
            &["format", "format_version", "exported_at"][..],
            document_fields,
        );
        Fields::new("the file".into(), &self.top, known)
    }

    /// A field of the document that is not an array of records.
    fn field(&mut self, key: String, value: Value) -> Result<(), Refused> {
        match key.as_str() {
            "format" => match &value {
                Value::String(format) if format == FORMAT => {}
                other => {
                    return Err(Refused::NotAnExport(format!(
                        "its \"format\" is {}, not \"{FORMAT}\"",
                        quote(other)
                    )));
                }
            },
            "format_version" => {
                let known = u64::from(OLDEST_VERSION)..=u64::from(FORMAT_VERSION);
                match value.as_u64().filter(|v| known.contains(v)) {
                    Some(version) => self.version = Some(version),
                    None => {
                        return Err(Refused::UnknownVersion {
                            found: quote(&value),
                        });
                    }
                }
            }
            "exported_at" => {}
            unknown => {
                return Err(Refused::BadField {
                    record: "the file".into(),
                    field: quote_str(unknown),
                    problem: "is not a field of this format".into(),
                });
            }
        }
        self.top.insert(key, value);
        Ok(())
    }

    /// Before the records of `array`: what the document says so far must
    /// hold.
    fn before(&mut self, array: &'static str) -> Result<(), Refused> {
        // A knot's place was in cells before version 3: the version comes
        // before the knots, as knotmap writes it and as sorted keys have it.
        if array == "knots" && self.version.is_none() {
            return Err(Refused::BadField {
                record: "the file".into(),
                field: "format_version".into(),
                problem: "must come before the knots, whose places it says how to read".into(),
            });
        }
        if let Some(version) = self.version
            && !document_fields(version).contains(&array)
        {
            return Err(not_in_this_version(array));
        }
        if !self.dated && self.top.contains_key("exported_at") {
            self.the_file()?.time("exported_at")?;
            self.dated = true;
        }
        self.arrays.push(array);
        Ok(())
    }

    /// Once the whole file is read: what must be there is.
    fn finish(&self) -> Result<(), Refused> {
        if !self.top.contains_key("format") {
            return Err(Refused::NotAnExport(format!(
                "it has no \"format\": \"{FORMAT}\""
            )));
        }
        let Some(version) = self.version else {
            return Err(Refused::NotAnExport("it has no \"format_version\"".into()));
        };
        if !self.dated {
            self.the_file()?.time("exported_at")?;
        }
        for array in ARRAYS {
            let wanted = document_fields(version).contains(&array);
            match (wanted, self.arrays.contains(&array)) {
                (true, false) => {
                    return Err(Refused::BadField {
                        record: "the file".into(),
                        field: array.into(),
                        problem: "is missing (null, if nothing was recorded)".into(),
                    });
                }
                (false, true) => return Err(not_in_this_version(array)),
                _ => {}
            }
        }
        for (array, index, value) in self.unsure.iter().flatten() {
            check_stamp(array, *index, value, version)?;
        }
        Ok(())
    }

    /// Remembers the first record with a stamp and the first without, while
    /// the version that says which is right is not known yet.
    fn unsure_of(&mut self, array: &'static str, index: usize, value: &Value) {
        if self.version.is_some() || array == "tombstones" {
            return;
        }
        let slot = &mut self.unsure[usize::from(value.get("stamp").is_some())];
        if slot.is_none() {
            *slot = Some((array, index, value.clone()));
        }
    }
}

/// An array of records that a file of its version does not have.
fn not_in_this_version(array: &str) -> Refused {
    Refused::BadField {
        record: "the file".into(),
        field: quote_str(array),
        problem: "is not a field of this format".into(),
    }
}

impl<'de, S: Stage> DeserializeSeed<'de> for &mut Walk<'_, S> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// What a JSON value is, for a value that is not what was wanted.
fn not_an_export<S: Stage, E: de::Error>(walk: &mut Walk<'_, S>, kind: &str) -> E {
    walk.fail(S::Error::from(Refused::NotAnExport(format!(
        "it is {kind}, not an object"
    ))))
}

impl<'de, S: Stage> Visitor<'de> for &mut Walk<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a knotmap export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match ARRAYS.into_iter().find(|array| *array == key) {
                Some(array) => {
                    if let Err(refused) = self.before(array) {
                        return Err(self.fail(refused.into()));
                    }
                    map.next_value_seed(Records { walk: self, array })?;
                }
                None => {
                    let value: Value = map.next_value()?;
                    if let Err(refused) = self.field(key, value) {
                        return Err(self.fail(refused.into()));
                    }
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(not_an_export(self, "an array"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(not_an_export(self, "a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(not_an_export(self, "a true/false value"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(not_an_export(self, "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(not_an_export(self, "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(not_an_export(self, "a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(not_an_export(self, "null"))
    }
}

/// One array of records, read a record at a time.
struct Records<'w, 's, S: Stage> {
    walk: &'w mut Walk<'s, S>,
    array: &'static str,
}

impl<'de, S: Stage> DeserializeSeed<'de> for Records<'_, '_, S> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<S: Stage> Records<'_, '_, S> {
    fn not_an_array<E: de::Error>(self, kind: &str) -> E {
        let refused = Refused::BadField {
            record: "the file".into(),
            field: self.array.into(),
            problem: format!("must be an array, not {kind}"),
        };
        self.walk.fail(refused.into())
    }
}

impl<'de, S: Stage> Visitor<'de> for Records<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array of {}", self.array)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            // Known before the knots (see `Walk::before`); the other
            // records read the same in every version, but for their stamp,
            // checked here or, before the version is known, at the end.
            let version = self.walk.version.unwrap_or(u64::from(FORMAT_VERSION));
            let checked = match self.walk.version {
                Some(version) => check_stamp(self.array, index, &value, version),
                None => {
                    self.walk.unsure_of(self.array, index, &value);
                    Ok(())
                }
            };
            let staged = checked
                .and_then(|()| record_of(self.array, index, &value, self.walk.now, version))
                .map_err(S::Error::from)
                .and_then(|record| self.walk.stage.record(self.array, index, record, &value));
            if let Err(error) = staged {
                return Err(self.walk.fail(error));
            }
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.not_an_array("an object"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.not_an_array("a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.not_an_array("a true/false value"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.not_an_array("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.not_an_array("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.not_an_array("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(self.not_an_array("null"))
    }
}
