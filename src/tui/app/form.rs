//! The log form: every detail of a treatment, as the command line takes
//! it. The pain score comes first, so Enter, a digit and Enter log a
//! reading; the rest is a Tab away, filled in with what the knot had last
//! time (or, for a new knot, what suits its region), and the technique,
//! the tool and the symptoms are picked from lists. What is typed is kept
//! as typed and checked with the command line's rules: a bad value is
//! refused in its field with the reason, never changed.

use crate::body::Region;
use crate::domain::knot::Reading;
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;
use crate::domain::treatment::{TECHNIQUES, TOOLS, non_empty, parse_minutes, suits, suits_now};
use crate::domain::{KnotSummary, NewReading};

/// The fields of the form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Pain,
    After,
    Technique,
    Tool,
    Minutes,
    Pressure,
    Symptoms,
    Note,
    Ppt,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Pain,
        Field::After,
        Field::Technique,
        Field::Tool,
        Field::Minutes,
        Field::Pressure,
        Field::Symptoms,
        Field::Note,
        Field::Ppt,
    ];

    /// How an error names the field.
    fn what(self) -> &'static str {
        match self {
            Field::Pain => "pain",
            Field::After => "pain after",
            Field::Technique => "technique",
            Field::Tool => "tool",
            Field::Minutes => "minutes",
            Field::Pressure => "pressure",
            Field::Symptoms => "symptoms",
            Field::Note => "note",
            Field::Ppt => "PPT",
        }
    }

    /// The longest text the field takes: a number has a few digits, a note
    /// a few lines.
    fn max_chars(self) -> usize {
        match self {
            Field::Note => 500,
            _ => 8,
        }
    }
}

/// A value picked from a list, the first entry meaning none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    options: Vec<String>,
    chosen: usize,
}

impl Choice {
    /// The list, with `current` chosen; a value not in the list (typed on
    /// the command line) joins it, so it is kept rather than lost.
    fn new(list: &[&str], current: Option<&str>) -> Choice {
        let mut options: Vec<String> = std::iter::once(String::new())
            .chain(list.iter().map(|option| option.to_string()))
            .collect();
        let chosen = match current {
            None => 0,
            Some(value) => match options.iter().position(|option| option == value) {
                Some(index) => index,
                None => {
                    options.push(value.to_string());
                    options.len() - 1
                }
            },
        };
        Choice { options, chosen }
    }

    fn step(&mut self, step: isize) {
        let count = self.options.len() as isize;
        self.chosen = (self.chosen as isize + step).rem_euclid(count) as usize;
    }

    /// The value picked, if any.
    pub fn value(&self) -> Option<&str> {
        Some(self.options[self.chosen].as_str()).filter(|value| !value.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogForm {
    pub region: Region,
    /// The knot the reading goes to; `None` starts a new knot at the cursor.
    pub knot: Option<KnotSummary>,
    /// The reading being corrected, when this edits one.
    pub editing: Option<Box<Reading>>,
    /// The minutes of the guided protocol this form ends, if it does.
    pub protocol_minutes: Option<u16>,
    pain: String,
    after: String,
    technique: Choice,
    tool: Choice,
    minutes: String,
    pressure: String,
    symptoms: Vec<Symptom>,
    /// The symptom the cursor is on when the symptoms field is active.
    symptom_cursor: usize,
    note: String,
    ppt: String,
    field: Field,
    /// Why the value in the active field, or the last save, was refused.
    error: Option<String>,
}

impl LogForm {
    /// A form for a new reading of `region`, going to `knot` or to a new
    /// knot, filled in with `last` (the knot's latest treatment) or with
    /// what suits the region and the tool of the settings. A knot on hold
    /// gets no treatment filled in: nothing should be used on it.
    pub fn new(
        region: Region,
        knot: Option<KnotSummary>,
        last: Option<&NewReading>,
        default_tool: Option<&str>,
    ) -> LogForm {
        let held = knot.as_ref().is_some_and(|k| k.safety.is_on_hold());
        let last = last.filter(|_| !held);
        let (technique, tool) = match (last, &knot) {
            (Some(last), _) => (last.technique.as_deref(), last.tool.as_deref()),
            (None, Some(knot)) if held => suits_now(region, &knot.safety),
            (None, _) => {
                let (technique, tool) = suits(region);
                (technique, default_tool.or(tool))
            }
        };
        let number = |value: Option<String>| value.unwrap_or_default();
        LogForm {
            region,
            knot,
            editing: None,
            protocol_minutes: None,
            pain: String::new(),
            after: String::new(),
            technique: Choice::new(&TECHNIQUES, technique),
            tool: Choice::new(&TOOLS, tool),
            minutes: number(last.and_then(|l| l.minutes).map(|m| m.to_string())),
            pressure: number(last.and_then(|l| l.pressure).map(|p| p.to_string())),
            symptoms: Vec::new(),
            symptom_cursor: 0,
            note: String::new(),
            ppt: String::new(),
            field: Field::Pain,
            error: None,
        }
    }

    /// A form that corrects `reading`, filled with all of it.
    pub fn editing(region: Region, knot: Option<KnotSummary>, reading: Reading) -> LogForm {
        let t = &reading.treatment;
        let text = |value: Option<String>| value.unwrap_or_default();
        LogForm {
            pain: text(t.pain_before.map(|s| s.to_string())),
            after: text(t.pain_after.map(|s| s.to_string())),
            technique: Choice::new(&TECHNIQUES, t.technique.as_deref()),
            tool: Choice::new(&TOOLS, t.tool.as_deref()),
            minutes: text(t.minutes.map(|m| m.to_string())),
            pressure: text(t.pressure.map(|p| p.to_string())),
            symptoms: t.symptoms.clone(),
            note: text(t.note.clone()),
            ppt: text(t.ppt.map(|p| p.to_string())),
            ..LogForm::new(region, knot, Some(t), None)
        }
        .with_editing(reading)
    }

    fn with_editing(mut self, reading: Reading) -> LogForm {
        self.editing = Some(Box::new(reading));
        self
    }

    /// The form that ends a guided protocol of `minutes` on `knot`.
    pub fn after_protocol(knot: KnotSummary, minutes: u16, last: Option<&NewReading>) -> LogForm {
        let mut form = LogForm::new(knot.knot.region, Some(knot), last, None);
        form.protocol_minutes = Some(minutes);
        form.technique = Choice::new(&TECHNIQUES, Some("calm-first protocol"));
        form.minutes = minutes.to_string();
        form
    }

    pub fn field(&self) -> Field {
        self.field
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The field's value as the form shows it.
    pub fn text(&self, field: Field) -> String {
        match field {
            Field::Pain => self.pain.clone(),
            Field::After => self.after.clone(),
            Field::Technique => self.technique.value().unwrap_or_default().to_string(),
            Field::Tool => self.tool.value().unwrap_or_default().to_string(),
            Field::Minutes => self.minutes.clone(),
            Field::Pressure => self.pressure.clone(),
            Field::Symptoms => Symptom::join(&self.symptoms).replace(',', ", "),
            Field::Note => self.note.clone(),
            Field::Ppt => self.ppt.clone(),
        }
    }

    /// Every symptom, whether it is ticked, and whether the cursor is on it.
    pub fn symptom_list(&self) -> impl Iterator<Item = (Symptom, bool, bool)> + '_ {
        Symptom::ALL
            .into_iter()
            .enumerate()
            .map(|(index, symptom)| {
                (
                    symptom,
                    self.symptoms.contains(&symptom),
                    index == self.symptom_cursor,
                )
            })
    }

    pub fn next_field(&mut self) {
        self.move_field(1);
    }

    pub fn previous_field(&mut self) {
        self.move_field(-1);
    }

    fn move_field(&mut self, step: isize) {
        let count = Field::ALL.len() as isize;
        let index = Field::ALL
            .iter()
            .position(|&f| f == self.field)
            .unwrap_or(0) as isize;
        self.field = Field::ALL[(index + step).rem_euclid(count) as usize];
        self.error = self.check(self.field).err();
    }

    /// Left and right: another entry of the list in the active field.
    pub fn pick(&mut self, step: isize) {
        match self.field {
            Field::Technique => self.technique.step(step),
            Field::Tool => self.tool.step(step),
            Field::Symptoms => {
                let count = Symptom::ALL.len() as isize;
                self.symptom_cursor =
                    (self.symptom_cursor as isize + step).rem_euclid(count) as usize;
            }
            _ => {}
        }
    }

    /// A typed character: text in a text field, a tick in the symptoms, the
    /// next entry of a list on Space.
    pub fn type_char(&mut self, c: char) {
        match self.field {
            Field::Symptoms if c == ' ' => {
                let symptom = Symptom::ALL[self.symptom_cursor];
                match self.symptoms.iter().position(|&s| s == symptom) {
                    Some(index) => {
                        self.symptoms.remove(index);
                    }
                    None => {
                        self.symptoms.push(symptom);
                        self.symptoms.sort();
                    }
                }
            }
            Field::Technique | Field::Tool if c == ' ' => self.pick(1),
            Field::Technique | Field::Tool | Field::Symptoms => {
                self.error = Some("Pick from the list with ← and →.".to_string());
            }
            field => {
                let max = field.max_chars();
                let Some(text) = self.text_mut(field) else {
                    return;
                };
                if c.is_control() || text.chars().count() >= max {
                    return;
                }
                text.push(c);
                self.error = self.check(field).err();
            }
        }
    }

    pub fn backspace(&mut self) {
        let field = self.field;
        if let Some(text) = self.text_mut(field) {
            text.pop();
            self.error = self.check(field).err();
        }
    }

    fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        match field {
            Field::Pain => Some(&mut self.pain),
            Field::After => Some(&mut self.after),
            Field::Minutes => Some(&mut self.minutes),
            Field::Pressure => Some(&mut self.pressure),
            Field::Note => Some(&mut self.note),
            Field::Ppt => Some(&mut self.ppt),
            Field::Technique | Field::Tool | Field::Symptoms => None,
        }
    }

    /// Checks one field as it is typed: an empty pain is fine until the
    /// form is saved.
    fn check(&self, field: Field) -> Result<(), String> {
        match field {
            Field::Pain if self.pain.is_empty() => Ok(()),
            Field::Pain | Field::After | Field::Pressure => self.score(field).map(|_| ()),
            Field::Minutes => self.minutes().map(|_| ()),
            Field::Ppt => self.ppt().map(|_| ()),
            Field::Technique | Field::Tool | Field::Symptoms | Field::Note => Ok(()),
        }
    }

    /// A score field: the pain is needed, the others may stay empty.
    fn score(&self, field: Field) -> Result<Option<Score>, String> {
        let text = match field {
            Field::After => &self.after,
            Field::Pressure => &self.pressure,
            _ => &self.pain,
        };
        if text.trim().is_empty() && field != Field::Pain {
            return Ok(None);
        }
        Score::parse(field.what(), text)
            .map(Some)
            .map_err(|error| sentence(&error.to_string()))
    }

    fn minutes(&self) -> Result<Option<u16>, String> {
        match self.minutes.trim() {
            "" => Ok(None),
            _ => parse_minutes(Field::Minutes.what(), &self.minutes)
                .map(Some)
                .map_err(|error| sentence(&error)),
        }
    }

    fn ppt(&self) -> Result<Option<Ppt>, String> {
        match self.ppt.trim() {
            "" => Ok(None),
            _ => Ppt::parse_as(Field::Ppt.what(), &self.ppt)
                .map(Some)
                .map_err(|error| sentence(&error)),
        }
    }

    /// The reading the form describes, or the first field that does not
    /// read, with the reason.
    pub fn reading(&self) -> Result<NewReading, (Field, String)> {
        let at = |field: Field| move |error: String| (field, error);
        Ok(NewReading {
            pain_before: self.score(Field::Pain).map_err(at(Field::Pain))?,
            pain_after: self.score(Field::After).map_err(at(Field::After))?,
            technique: self.technique.value().map(str::to_string),
            tool: self.tool.value().map(str::to_string),
            minutes: self.minutes().map_err(at(Field::Minutes))?,
            pressure: self.score(Field::Pressure).map_err(at(Field::Pressure))?,
            symptoms: self.symptoms.clone(),
            note: non_empty(&self.note),
            ppt: self.ppt().map_err(at(Field::Ppt))?,
        })
    }

    /// Says why the form could not be saved, keeping everything typed and
    /// the field in front as they are.
    pub fn hold(&mut self, why: String) {
        self.error = Some(why);
    }

    /// Shows why the form was not saved, on the field at fault.
    pub fn refuse(&mut self, field: Field, error: String) {
        self.field = field;
        self.error = Some(error);
    }
}

/// An error as a sentence: a capital and a full stop.
fn sentence(error: &str) -> String {
    let mut chars = error.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
