//! The dialog in front of a screen, and what is typed into it. Esc closes
//! it; nothing here touches the database.

use crate::body::{Region, search};
use crate::domain::KnotSummary;
use crate::domain::knot::Reading;
use crate::domain::pain::Score;

/// A dialog over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Search(SearchState),
    LogPain(Box<PainForm>),
    /// Asks before a reading is deleted.
    ConfirmDelete(Box<Reading>),
    Help,
}

impl Overlay {
    /// Adds a typed character to the field in front.
    pub fn type_char(&mut self, c: char) {
        match self {
            Overlay::Search(search) => search.type_char(c),
            Overlay::LogPain(form) => form.type_char(c),
            Overlay::ConfirmDelete(_) | Overlay::Help => {}
        }
    }

    /// Takes the last character off the field in front.
    pub fn backspace(&mut self) {
        match self {
            Overlay::Search(search) => search.backspace(),
            Overlay::LogPain(form) => form.backspace(),
            Overlay::ConfirmDelete(_) | Overlay::Help => {}
        }
    }
}

/// The find dialog: what is typed, and the match chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    pub query: String,
    pub selected: usize,
}

impl SearchState {
    pub fn matches(&self) -> Vec<Region> {
        search::candidates(&self.query)
    }

    fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.selected = 0;
    }

    fn backspace(&mut self) {
        self.query.pop();
        self.selected = 0;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PainField {
    Now,
    After,
}

/// The pain form: a new reading, a reading being corrected, or the scores
/// at the end of the guided protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PainForm {
    pub region: Region,
    /// The knot the score goes to; `None` starts a new knot at the cursor.
    pub knot: Option<KnotSummary>,
    /// The reading being corrected, when this edits one.
    pub editing: Option<Box<Reading>>,
    /// The minutes of the guided protocol this form ends, if it does.
    pub protocol_minutes: Option<u16>,
    pub pain: String,
    pub after: String,
    pub field: PainField,
    pub error: Option<String>,
}

impl PainForm {
    /// An empty form for a reading of `region`, going to `knot` or to a new
    /// knot.
    pub fn new(region: Region, knot: Option<KnotSummary>) -> PainForm {
        PainForm {
            region,
            knot,
            editing: None,
            protocol_minutes: None,
            pain: String::new(),
            after: String::new(),
            field: PainField::Now,
            error: None,
        }
    }

    /// A form that corrects `reading`, filled with its scores.
    pub fn editing(region: Region, knot: Option<KnotSummary>, reading: Reading) -> PainForm {
        let text = |score: Option<Score>| score.map(|s| s.to_string()).unwrap_or_default();
        PainForm {
            pain: text(reading.treatment.pain_before),
            after: text(reading.treatment.pain_after),
            editing: Some(Box::new(reading)),
            ..PainForm::new(region, knot)
        }
    }

    /// The form that ends a guided protocol of `minutes` on `knot`.
    pub fn after_protocol(knot: KnotSummary, minutes: u16) -> PainForm {
        PainForm {
            protocol_minutes: Some(minutes),
            ..PainForm::new(knot.knot.region, Some(knot))
        }
    }

    pub fn next_field(&mut self) {
        self.field = match self.field {
            PainField::Now => PainField::After,
            PainField::After => PainField::Now,
        };
    }

    /// The scores as typed: the pain, and the pain after if given. The
    /// error names the field and says what a score is.
    pub fn scores(&self) -> Result<(Score, Option<Score>), crate::domain::pain::ScoreError> {
        let pain = Score::parse("pain", &self.pain)?;
        let after = match self.after.as_str() {
            "" => None,
            text => Some(Score::parse("pain after", text)?),
        };
        Ok((pain, after))
    }

    fn field_text(&mut self) -> &mut String {
        match self.field {
            PainField::Now => &mut self.pain,
            PainField::After => &mut self.after,
        }
    }

    fn type_char(&mut self, c: char) {
        let text = self.field_text();
        // A score has at most two digits; anything else is a typo.
        if c.is_ascii_digit() && text.len() < 2 {
            text.push(c);
            self.error = None;
        } else {
            self.error = Some("Type a number from 0 to 10.".to_string());
        }
    }

    fn backspace(&mut self) {
        self.field_text().pop();
        self.error = None;
    }
}
