//! The other devices' sync files this database took in whole, by a digest
//! of their bytes, so that a sync does not read an unchanged file again.

use super::{Result, Store};

impl Store {
    /// The digest of the file `name` when it was last taken in whole.
    pub fn sync_file_digest(&self, name: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT digest FROM sync_files WHERE name = ?1")?
            .query_row([name], |row| row.get(0))
            .optional()?)
    }

    /// Remembers that the file `name`, with this digest, was taken in whole.
    pub fn remember_sync_file(&mut self, name: &str, digest: &str) -> Result<()> {
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        tx.prepare_cached(
            "INSERT INTO sync_files (name, digest) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET digest = ?2",
        )?
        .execute([name, digest])?;
        tx.commit()?;
        Ok(())
    }
}
