//! The JSON export written a record at a time, so that a history of any
//! size goes out through a small buffer. What it writes is byte for byte
//! what the whole [`Document`](super::Document) pretty-printed would be.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{FORMAT, FORMAT_VERSION};
use crate::domain::when::to_stored;

/// An export being written: the header, then each array of records in
/// the order of the format, then the end.
pub struct JsonWriter<W: Write> {
    out: W,
    /// Records written to the array that is open.
    in_array: usize,
    /// One record pretty-printed, reused for the next.
    record: Vec<u8>,
}

impl<W: Write> JsonWriter<W> {
    /// Writes the header of an export made at `now`.
    pub fn start(mut out: W, now: DateTime<Utc>) -> io::Result<JsonWriter<W>> {
        write!(
            out,
            "{{\n  \"format\": {},\n  \"format_version\": {FORMAT_VERSION},\n  \"exported_at\": {}",
            json_string(FORMAT)?,
            json_string(&to_stored(now))?
        )?;
        Ok(JsonWriter {
            out,
            in_array: 0,
            record: Vec::new(),
        })
    }

    /// Opens the array `name` ("knots", "sessions", ...).
    pub fn array(&mut self, name: &str) -> io::Result<()> {
        self.in_array = 0;
        write!(self.out, ",\n  {}: [", json_string(name)?)
    }

    /// Adds one record to the array that is open.
    pub fn record(&mut self, record: &impl Serialize) -> io::Result<()> {
        self.record.clear();
        serde_json::to_writer_pretty(&mut self.record, record)?;
        self.out
            .write_all(if self.in_array == 0 { b"\n" } else { b",\n" })?;
        for (index, line) in self.record.split(|&b| b == b'\n').enumerate() {
            if index > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"    ")?;
            self.out.write_all(line)?;
        }
        self.in_array += 1;
        Ok(())
    }

    /// Closes the array that is open.
    pub fn end_array(&mut self) -> io::Result<()> {
        if self.in_array == 0 {
            self.out.write_all(b"]")
        } else {
            self.out.write_all(b"\n  ]")
        }
    }

    /// Ends the document and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n}\n")?;
        Ok(self.out)
    }
}

fn json_string(text: &str) -> io::Result<String> {
    Ok(serde_json::to_string(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{Document, KnotRecord, SessionRecord};

    #[test]
    fn streamed_records_read_exactly_like_the_whole_document() {
        let now: DateTime<Utc> = "2026-03-10T00:00:00Z".parse().unwrap();
        let knot = KnotRecord {
            uuid: "aaaa".into(),
            region: "rhomboids-left".into(),
            view: "back",
            x: 10,
            y: 8,
            created_at: "2026-03-01T10:00:00Z".into(),
            marked_resolved_at: None,
            recurs_knot: Some("bbbb".into()),
            stamp: format!("1772359200000.000000.{}", "1".repeat(32)),
        };
        let session = SessionRecord {
            uuid: "s-1".into(),
            started_at: "2026-03-01T10:00:00Z".into(),
            minutes: Some(5),
            note: Some("a \"quoted\"\nnote".into()),
            stamp: format!("1772359200000.000001.{}", "1".repeat(32)),
        };
        let whole = Document {
            format: FORMAT,
            format_version: FORMAT_VERSION,
            exported_at: to_stored(now),
            knots: vec![knot.clone(), knot.clone()],
            sessions: vec![session.clone()],
            readings: Vec::new(),
            clearings: Vec::new(),
            tombstones: Vec::new(),
        }
        .to_json()
        .unwrap();

        let mut writer = JsonWriter::start(Vec::new(), now).unwrap();
        writer.array("knots").unwrap();
        writer.record(&knot).unwrap();
        writer.record(&knot).unwrap();
        writer.end_array().unwrap();
        writer.array("sessions").unwrap();
        writer.record(&session).unwrap();
        writer.end_array().unwrap();
        for empty in ["readings", "clearings", "tombstones"] {
            writer.array(empty).unwrap();
            writer.end_array().unwrap();
        }
        let streamed = String::from_utf8(writer.finish().unwrap()).unwrap();
        assert_eq!(streamed, whole);
    }
}
