//! A reading found by what a person or a script typed for it: its number,
//! or the start of its UUID, by the same rule as a knot.

use super::{Result, Store, StoreError, may_start_a_uuid, records};
use crate::domain::knot::Reading;

impl Store {
    /// A reading by its number, or by the start of its UUID (which is the
    /// same on every computer).
    pub fn find_reading(&self, id_or_prefix: &str) -> Result<Reading> {
        let wanted = id_or_prefix.trim();
        let unknown = || StoreError::NoSuchReading(wanted.to_string());
        let columns = records::READING_COLUMNS;
        // Digits are a reading's number, as with knots; eight or more may
        // be the start of a UUID instead.
        if !wanted.is_empty() && wanted.chars().all(|c| c.is_ascii_digit()) {
            let mut statement = self
                .conn
                .prepare_cached(&format!("SELECT {columns} FROM readings WHERE id = ?1"))?;
            let by_number = match wanted.parse::<i64>() {
                Ok(id) => records::query_readings(&mut statement, [id])?.pop(),
                Err(_) => None,
            };
            match by_number {
                Some(reading) => return Ok(reading),
                None if !may_start_a_uuid(wanted) => return Err(unknown()),
                None => {}
            }
        }
        let lower = wanted.to_lowercase();
        if lower.is_empty() || !lower.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(unknown());
        }
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM readings WHERE substr(uuid, 1, length(?1)) = ?1 LIMIT 2"
        ))?;
        let mut found = records::query_readings(&mut statement, [&lower])?;
        match (found.pop(), found.pop()) {
            (Some(reading), None) => Ok(reading),
            (Some(_), Some(_)) => Err(StoreError::AmbiguousReading(wanted.to_string())),
            (None, _) => Err(unknown()),
        }
    }
}
