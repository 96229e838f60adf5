//! [`TileSource`]: one open archive, whatever its format.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::mbtiles::{Mbtiles, SQLITE_MAGIC};
use super::pmtiles::{HEADER_LEN, MAGIC, Pmtiles};
use super::{Tile, TileEncoding, TileFormat, TileMetadata, TilesError};

/// An open tile archive (MBTiles or PMTiles v3), read-only. It can be shared between threads.
#[derive(Debug)]
pub struct TileSource {
    path: PathBuf,
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Mbtiles(Mbtiles),
    Pmtiles(Pmtiles),
}

impl TileSource {
    /// Opens the archive at `path`, recognising the format by its first bytes: the SQLite
    /// header means MBTiles, `PMTiles` followed by version 3 means PMTiles.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, TilesError> {
        let path = path.as_ref();
        let io = |source| TilesError::Io {
            path: path.to_owned(),
            source,
        };
        let mut file = File::open(path).map_err(io)?;
        let mut head = Vec::with_capacity(HEADER_LEN);
        (&mut file)
            .take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(io)?;
        let inner = if head.starts_with(SQLITE_MAGIC) {
            drop(file);
            Inner::Mbtiles(Mbtiles::open(path)?)
        } else if head.starts_with(MAGIC) {
            Inner::Pmtiles(Pmtiles::open(path, Box::new(file), &head)?)
        } else {
            return Err(TilesError::UnknownFormat {
                path: path.to_owned(),
            });
        };
        Ok(Self {
            path: path.to_owned(),
            inner,
        })
    }

    /// An archive held in memory (an app's bundled asset, a download), recognised as
    /// [`TileSource::open`] does; `name` stands for it in messages.
    pub fn from_bytes(name: impl AsRef<Path>, bytes: Vec<u8>) -> Result<Self, TilesError> {
        let path = name.as_ref();
        let inner = if bytes.starts_with(SQLITE_MAGIC) {
            Inner::Mbtiles(Mbtiles::from_bytes(path, &bytes)?)
        } else if bytes.starts_with(MAGIC) {
            let head = bytes[..bytes.len().min(HEADER_LEN)].to_vec();
            Inner::Pmtiles(Pmtiles::open(
                path,
                Box::new(std::io::Cursor::new(bytes)),
                &head,
            )?)
        } else {
            return Err(TilesError::UnknownFormat {
                path: path.to_owned(),
            });
        };
        Ok(Self {
            path: path.to_owned(),
            inner,
        })
    }

    /// The file this source reads (the name given, for bytes).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the archive says about itself.
    pub fn metadata(&self) -> TileMetadata {
        match &self.inner {
            Inner::Mbtiles(m) => m.metadata().clone(),
            Inner::Pmtiles(p) => p.metadata().clone(),
        }
    }

    /// How many tiles the archive addresses, when it says or can count it cheaply.
    pub fn tile_count(&self) -> Result<Option<u64>, TilesError> {
        match &self.inner {
            Inner::Mbtiles(m) => m.tile_count().map(Some),
            Inner::Pmtiles(p) => Ok(p.tile_count()),
        }
    }

    /// The tile at `z/x/y` (XYZ numbering), with its bytes exactly as stored; `Ok(None)` when
    /// the archive has no such tile, an error when the address cannot exist at zoom `z`.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Tile>, TilesError> {
        match &self.inner {
            Inner::Mbtiles(m) => Ok(m.tile(z, x, y)?.map(|data| {
                let encoding = TileEncoding::sniff(&data);
                let mut format = m.metadata().format;
                if format == TileFormat::Unknown && encoding == TileEncoding::None {
                    format = TileFormat::sniff(&data);
                }
                Tile {
                    data,
                    encoding,
                    format,
                }
            })),
            Inner::Pmtiles(p) => Ok(p.tile(z, x, y)?.map(|data| Tile {
                data,
                encoding: p.encoding(),
                format: p.format(),
            })),
        }
    }
}
