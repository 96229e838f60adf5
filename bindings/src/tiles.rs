//! Offline map tiles: an archive (MBTiles, PMTiles) opened from a path or from bytes, kept open
//! and shared by a map view's threads; one tile by z/x/y as bytes.

use std::path::Path;
use std::sync::Arc;

use campanile_core::Campanile;

use crate::core::Core;
use crate::error::Result;
use crate::views::json;

/// One tile.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Tile {
    /// Its bytes.
    pub data: Vec<u8>,
    /// Their encoding (`none`, `gzip`, …).
    pub encoding: String,
    /// The tile's format (`pbf`, `png`, …).
    pub format: String,
}

/// The tiles part of the handle.
#[derive(Debug, uniffi::Object)]
pub struct Tiles {
    core: Campanile,
}

/// An open archive.
#[derive(Debug, uniffi::Object)]
pub struct TileArchive {
    inner: campanile_core::TileArchive,
}

#[uniffi::export]
impl Core {
    /// Offline map tiles.
    pub fn tiles(&self) -> Arc<Tiles> {
        Arc::new(Tiles {
            core: self.inner.clone(),
        })
    }
}

#[uniffi::export]
impl Tiles {
    /// Opens the archive at `path`.
    pub fn open(&self, path: String) -> Result<Arc<TileArchive>> {
        let inner = self.core.tiles().open(Path::new(&path))?;
        Ok(Arc::new(TileArchive { inner }))
    }

    /// Opens an archive held in memory (a bundled asset), called `name` in messages.
    pub fn open_bytes(&self, name: String, bytes: Vec<u8>) -> Result<Arc<TileArchive>> {
        let inner = self.core.tiles().open_bytes(&name, bytes)?;
        Ok(Arc::new(TileArchive { inner }))
    }
}

#[uniffi::export]
impl TileArchive {
    /// Tile `z/x/y` (XYZ numbering); with `decompress`, gzip is removed. A tile the archive
    /// does not have is the error `tiles.absent`.
    pub fn tile(&self, z: u8, x: u32, y: u32, decompress: bool) -> Result<Tile> {
        let t = self.inner.tile(z, x, y, decompress)?;
        Ok(Tile {
            encoding: t.encoding.as_str().to_string(),
            format: t.format.as_str().to_string(),
            data: t.data,
        })
    }

    /// What the archive holds (zooms, bounds, layers…), as JSON.
    pub fn info_json(&self) -> Result<String> {
        Ok(json(&self.inner.info()?))
    }
}
