//! The procedures catalog through the handle: import (from a file or from bytes; a bad record
//! is refused with its number and field, and nothing is imported), offline search, one
//! procedure by id.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use super::Campanile;
use crate::error::Error;
use crate::practices::catalog::{self, CatalogError, Procedure};

/// The procedures part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Procedures<'a> {
    pub(super) core: &'a Campanile,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogImport {
    /// The file (or the name the bytes were given).
    pub file: String,
    /// How many procedures were stored.
    pub imported: usize,
    /// The catalog was emptied first.
    pub replaced: bool,
}

impl Procedures<'_> {
    /// Imports a catalog file (`.json` or `.csv`, else sniffed); with `replace` the catalog is
    /// emptied first. One transaction: on error nothing changes.
    pub fn import_file(&self, path: &Path, replace: bool) -> Result<CatalogImport, Error> {
        let bytes = std::fs::read(path).map_err(|source| {
            self.core.error(&CatalogError::Read {
                path: path.to_path_buf(),
                source,
            })
        })?;
        self.import_bytes(&path.display().to_string(), bytes, replace)
    }

    /// Imports a catalog from its bytes; `name` (a file name) picks the format by its
    /// extension, else the first character does, and names the catalog in messages.
    pub fn import_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
        replace: bool,
    ) -> Result<CatalogImport, Error> {
        let procedures =
            catalog::parse_bytes(bytes, Path::new(name)).map_err(|e| self.core.error(&e))?;
        let now = self.core.host().clock.now_ms().div_euclid(1000);
        let imported = self
            .core
            .db()
            .write(|s| catalog::save(s, &procedures, replace, now))
            .map_err(|e| self.core.error(&e))?;
        Ok(CatalogImport {
            file: name.to_string(),
            imported,
            replaced: replace,
        })
    }

    /// Imports a catalog from a reader (a download, an upload); `name` as for
    /// [`import_bytes`](Procedures::import_bytes).
    pub fn import_reader(
        &self,
        name: &str,
        mut reader: impl Read,
        replace: bool,
    ) -> Result<CatalogImport, Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|source| {
            self.core.error(&CatalogError::Read {
                path: name.into(),
                source,
            })
        })?;
        self.import_bytes(name, bytes, replace)
    }

    /// Searches the catalog offline: every word a prefix, accents and case ignored, the name
    /// weighing most.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<Procedure>, Error> {
        self.core.read(|s| catalog::search(s, text, limit))
    }

    /// One procedure by id.
    pub fn get(&self, id: &str) -> Result<Procedure, Error> {
        self.core.read(|s| catalog::get(s, id))
    }

    /// Every procedure, by name.
    pub fn list(&self) -> Result<Vec<Procedure>, Error> {
        self.core.read(catalog::list)
    }
}
