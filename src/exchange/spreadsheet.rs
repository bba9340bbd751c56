//! The CSV export: one row per reading with its knot and session, for a
//! spreadsheet. Units are in the column names; an empty cell is a value
//! that was not recorded. Text that a spreadsheet would take for a
//! formula is neutralised.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::domain::Session;
use crate::domain::knot::{Knot, Reading};
use crate::domain::pain::Score;

/// The header row, in column order.
pub const CSV_HEADER: [&str; 20] = [
    "reading_uuid",
    "taken_at_utc",
    "knot_id",
    "knot_uuid",
    "region",
    "region_name",
    "side",
    "area",
    "view",
    "session_uuid",
    "session_started_at_utc",
    "pain_before_0_10",
    "pain_after_0_10",
    "technique",
    "tool",
    "minutes",
    "pressure_0_10",
    "symptoms",
    "ppt_kg_cm2",
    "note",
];

/// What a cell holds: numbers are written as they are, text is
/// neutralised.
enum Cell {
    Number(String),
    Text(String),
    Empty,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    fn number(value: impl ToString) -> Cell {
        Cell::Number(value.to_string())
    }

    fn optional<T>(value: Option<T>, cell: impl FnOnce(T) -> Cell) -> Cell {
        value.map_or(Cell::Empty, cell)
    }

    fn into_field(self) -> String {
        match self {
            Cell::Number(number) => number,
            Cell::Text(text) => neutralise(&text),
            Cell::Empty => String::new(),
        }
    }
}

/// A text that starts like a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return) with a single quote in front, so that a spreadsheet
/// shows it as text instead of running it; any other text as it is.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Times as a spreadsheet reads them, in UTC.
fn spreadsheet_time(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Rows of the CSV export written one reading at a time, after the
/// header.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the header.
    pub fn start(out: W) -> Result<CsvWriter<W>, csv::Error> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(CSV_HEADER)?;
        Ok(CsvWriter { writer })
    }

    /// One reading, with its knot and session when the file has them.
    pub fn row(
        &mut self,
        reading: &Reading,
        knot: Option<&Knot>,
        session: Option<&Session>,
    ) -> Result<(), csv::Error> {
        let t = &reading.treatment;
        let mut symptoms = t.symptoms.clone();
        symptoms.sort();
        symptoms.dedup();
        let row = [
            Cell::text(&reading.uuid),
            Cell::number(spreadsheet_time(reading.taken_at)),
            Cell::number(reading.knot_id),
            Cell::optional(knot, |k| Cell::text(&k.uuid)),
            Cell::optional(knot, |k| Cell::text(k.region.slug())),
            Cell::optional(knot, |k| Cell::text(k.region.name())),
            Cell::optional(knot, |k| Cell::text(k.region.side.name())),
            Cell::optional(knot, |k| Cell::text(k.region.area().slug())),
            Cell::optional(knot, |k| Cell::text(k.spot.view.slug())),
            Cell::optional(session, |s| Cell::text(&s.uuid)),
            Cell::optional(session, |s| Cell::number(spreadsheet_time(s.started_at))),
            Cell::optional(t.pain_before, |p| Cell::number(p.value())),
            Cell::optional(t.pain_after, |p| Cell::number(p.value())),
            Cell::optional(t.technique.as_deref(), Cell::text),
            Cell::optional(t.tool.as_deref(), Cell::text),
            Cell::optional(t.minutes, Cell::number),
            Cell::optional(t.pressure.map(Score::value), Cell::number),
            Cell::text(
                symptoms
                    .iter()
                    .map(|symptom| symptom.slug())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Cell::optional(t.ppt, |ppt| Cell::number(ppt.kg_cm2())),
            Cell::optional(t.note.as_deref(), Cell::text),
        ];
        self.writer.write_record(row.map(Cell::into_field))
    }

    /// Writes out what is buffered and gives the writer back.
    pub fn finish(self) -> Result<W, csv::Error> {
        self.writer
            .into_inner()
            .map_err(|error| csv::Error::from(error.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_starts_like_a_formula_gets_a_quote() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(formula), format!("'{formula}"));
        }
        for plain in ["", "foam roller", "a=b", "2-3", "'quoted", " =1"] {
            assert_eq!(neutralise(plain), plain);
        }
    }

    #[test]
    fn numbers_are_never_touched() {
        assert_eq!(Cell::number(-2).into_field(), "-2");
        assert_eq!(Cell::text("-2").into_field(), "'-2");
        assert_eq!(Cell::Empty.into_field(), "");
    }
}
