//! A history leaving its file: the JSON export written from the store a
//! record at a time (what `knotmap export` prints and what a sync file
//! holds), and the sync folder through which two computers keep one
//! history. The format itself is `exchange`; the merging is the store's.

pub mod export;
pub mod sync;
