//! A synchronous reader of PMTiles v3 archives, written from the specification
//! (<https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md>).
//!
//! The `pmtiles` crate only reads through an async backend; the fronts need plain synchronous
//! reads of a local file, so the reader is here (the crate is used for writing).

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{TileEncoding, TileFormat, TileMetadata, TilesError, check_coords, gunzip};

/// The size of the fixed header.
pub(crate) const HEADER_LEN: usize = 127;
/// The magic bytes at the start of every PMTiles archive.
pub(crate) const MAGIC: &[u8; 7] = b"PMTiles";
/// Directories nest at most this deep (root plus leaves); deeper means a damaged archive.
const MAX_DEPTH: usize = 4;
/// How many leaf directories are kept in memory.
const LEAF_CACHE: usize = 64;

/// The fixed-size header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    pub root_offset: u64,
    pub root_length: u64,
    pub metadata_offset: u64,
    pub metadata_length: u64,
    pub leaf_offset: u64,
    pub leaf_length: u64,
    pub data_offset: u64,
    pub data_length: u64,
    pub addressed_tiles: u64,
    pub tile_entries: u64,
    pub tile_contents: u64,
    pub clustered: bool,
    pub internal_compression: u8,
    pub tile_compression: u8,
    pub tile_type: u8,
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub bounds: [f64; 4],
    pub center_zoom: u8,
    pub center: (f64, f64),
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn e7_at(b: &[u8], at: usize) -> f64 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    f64::from(i32::from_le_bytes(a)) / 10_000_000.0
}

impl Header {
    /// Parses the header; `b` must hold at least [`HEADER_LEN`] bytes starting with the magic.
    pub(crate) fn parse(path: &Path, b: &[u8]) -> Result<Self, TilesError> {
        if b.len() < HEADER_LEN {
            return Err(TilesError::Corrupt {
                path: path.to_owned(),
                detail: format!(
                    "the PMTiles header is truncated ({} of {HEADER_LEN} bytes)",
                    b.len()
                ),
            });
        }
        if b[7] != 3 {
            return Err(TilesError::UnsupportedPmtilesVersion {
                path: path.to_owned(),
                version: b[7],
            });
        }
        Ok(Self {
            root_offset: u64_at(b, 8),
            root_length: u64_at(b, 16),
            metadata_offset: u64_at(b, 24),
            metadata_length: u64_at(b, 32),
            leaf_offset: u64_at(b, 40),
            leaf_length: u64_at(b, 48),
            data_offset: u64_at(b, 56),
            data_length: u64_at(b, 64),
            addressed_tiles: u64_at(b, 72),
            tile_entries: u64_at(b, 80),
            tile_contents: u64_at(b, 88),
            clustered: b[96] == 1,
            internal_compression: b[97],
            tile_compression: b[98],
            tile_type: b[99],
            min_zoom: b[100],
            max_zoom: b[101],
            bounds: [e7_at(b, 102), e7_at(b, 106), e7_at(b, 110), e7_at(b, 114)],
            center_zoom: b[118],
            center: (e7_at(b, 119), e7_at(b, 123)),
        })
    }
}

fn compression_name(c: u8) -> &'static str {
    match c {
        1 => "no",
        2 => "gzip",
        3 => "brotli",
        4 => "zstd",
        _ => "unknown",
    }
}

fn tile_encoding(c: u8) -> TileEncoding {
    match c {
        1 => TileEncoding::None,
        2 => TileEncoding::Gzip,
        3 => TileEncoding::Brotli,
        4 => TileEncoding::Zstd,
        _ => TileEncoding::Unknown,
    }
}

fn tile_format(t: u8) -> TileFormat {
    match t {
        1 => TileFormat::Mvt,
        2 => TileFormat::Png,
        3 => TileFormat::Jpeg,
        4 => TileFormat::Webp,
        5 => TileFormat::Avif,
        _ => TileFormat::Unknown,
    }
}

/// One directory entry: a run of tiles, or (when `run_length` is 0) a leaf directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub tile_id: u64,
    pub offset: u64,
    pub length: u32,
    pub run_length: u32,
}

/// Reads one unsigned LEB128 varint.
fn read_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0u32;
    loop {
        let byte = *b.get(*pos)?;
        *pos += 1;
        if shift >= 64 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

/// Decodes a (decompressed) directory.
pub(crate) fn parse_directory(b: &[u8]) -> Result<Vec<Entry>, String> {
    let mut pos = 0;
    let mut next = |what: &str| {
        read_varint(b, &mut pos).ok_or_else(|| format!("a directory ends in the middle of {what}"))
    };
    let n = next("its entry count")?;
    // Every entry takes at least four bytes, so a larger count cannot be real.
    if n > b.len() as u64 {
        return Err(format!(
            "a directory claims {n} entries in {} bytes",
            b.len()
        ));
    }
    let n = n as usize;
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0
        };
        n
    ];
    let mut last_id = 0u64;
    for e in entries.iter_mut() {
        let delta = next("the tile ids")?;
        last_id = last_id
            .checked_add(delta)
            .ok_or("a directory's tile ids overflow")?;
        e.tile_id = last_id;
    }
    for e in entries.iter_mut() {
        e.run_length = u32::try_from(next("the run lengths")?)
            .map_err(|_| "a run length does not fit 32 bits".to_owned())?;
    }
    for e in entries.iter_mut() {
        e.length = u32::try_from(next("the lengths")?)
            .map_err(|_| "a length does not fit 32 bits".to_owned())?;
    }
    for i in 0..n {
        let v = next("the offsets")?;
        entries[i].offset = if v == 0 && i > 0 {
            entries[i - 1]
                .offset
                .saturating_add(u64::from(entries[i - 1].length))
        } else {
            v.checked_sub(1)
                .ok_or("the first entry of a directory has no offset")?
        };
    }
    Ok(entries)
}

/// Finds the entry that holds `tile_id`: a run covering it, or the leaf directory to descend
/// into.
pub(crate) fn find_entry(entries: &[Entry], tile_id: u64) -> Option<Entry> {
    let idx = entries.partition_point(|e| e.tile_id <= tile_id);
    let e = *entries.get(idx.checked_sub(1)?)?;
    if e.run_length == 0 || tile_id - e.tile_id < u64::from(e.run_length) {
        Some(e)
    } else {
        None
    }
}

/// The PMTiles tile id of `z/x/y`: the tiles of all lower zooms, plus the position of `x/y` on
/// the Hilbert curve of zoom `z`. The caller has checked the coordinates.
pub(crate) fn tile_id(z: u8, x: u32, y: u32) -> u64 {
    let base = ((1u128 << (2 * u32::from(z))) - 1) / 3;
    let n = 1u64 << z;
    let (mut x, mut y) = (u64::from(x), u64::from(y));
    let mut d = 0u64;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    base as u64 + d
}

/// What an archive is read from: a file, or bytes in memory.
pub(crate) trait ReadAt: Read + Seek + Send {}

impl<T: Read + Seek + Send> ReadAt for T {}

/// An open PMTiles v3 archive.
pub(crate) struct Pmtiles {
    path: PathBuf,
    file: Mutex<Box<dyn ReadAt>>,
    header: Header,
    root: Vec<Entry>,
    leaves: Mutex<HashMap<u64, Arc<Vec<Entry>>>>,
    metadata: TileMetadata,
}

impl std::fmt::Debug for Pmtiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pmtiles")
            .field("path", &self.path)
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

impl Pmtiles {
    /// Opens the archive at `path`, whose first bytes (`head`, up to [`HEADER_LEN`]) were read
    /// already and start with the magic.
    pub(crate) fn open(
        path: &Path,
        mut file: Box<dyn ReadAt>,
        head: &[u8],
    ) -> Result<Self, TilesError> {
        let header = Header::parse(path, head)?;
        let file_len = file
            .seek(SeekFrom::End(0))
            .map_err(|source| TilesError::Io {
                path: path.to_owned(),
                source,
            })?;
        for (what, offset, length) in [
            ("root directory", header.root_offset, header.root_length),
            ("metadata", header.metadata_offset, header.metadata_length),
            ("leaf directories", header.leaf_offset, header.leaf_length),
            ("tile data", header.data_offset, header.data_length),
        ] {
            if offset.checked_add(length).is_none_or(|end| end > file_len) {
                return Err(TilesError::Corrupt {
                    path: path.to_owned(),
                    detail: format!(
                        "the {what} (bytes {offset}..+{length}) lies past the end of the file ({file_len} bytes)"
                    ),
                });
            }
        }
        if header.internal_compression != 1 && header.internal_compression != 2 {
            return Err(TilesError::UnsupportedCompression {
                path: path.to_owned(),
                compression: compression_name(header.internal_compression).to_owned(),
            });
        }
        let root_bytes = read_section(path, file.as_mut(), header.root_offset, header.root_length)?;
        let root = decode_directory(path, &header, &root_bytes)?;
        let meta_bytes = read_section(
            path,
            file.as_mut(),
            header.metadata_offset,
            header.metadata_length,
        )?;
        let meta_json = if meta_bytes.is_empty() {
            serde_json::Value::Object(Default::default())
        } else {
            let raw = decompress(path, &header, &meta_bytes, "metadata")?;
            serde_json::from_slice(&raw).map_err(|e| TilesError::Corrupt {
                path: path.to_owned(),
                detail: format!("the metadata is not valid JSON: {e}"),
            })?
        };
        let metadata = build_metadata(&header, meta_json);
        tracing::debug!(path = %path.display(), root_entries = root.len(), "opened PMTiles archive");
        Ok(Self {
            path: path.to_owned(),
            file: Mutex::new(file),
            header,
            root,
            leaves: Mutex::new(HashMap::new()),
            metadata,
        })
    }

    pub(crate) fn metadata(&self) -> &TileMetadata {
        &self.metadata
    }

    pub(crate) fn tile_count(&self) -> Option<u64> {
        (self.header.addressed_tiles > 0).then_some(self.header.addressed_tiles)
    }

    fn read(&self, offset: u64, length: u64) -> Result<Vec<u8>, TilesError> {
        let mut file = self.file.lock().map_err(|_| TilesError::Corrupt {
            path: self.path.clone(),
            detail: "an earlier read failed half-way".to_owned(),
        })?;
        read_section(&self.path, file.as_mut(), offset, length)
    }

    fn leaf(&self, offset: u64, length: u64) -> Result<Arc<Vec<Entry>>, TilesError> {
        if let Ok(cache) = self.leaves.lock()
            && let Some(dir) = cache.get(&offset)
        {
            return Ok(Arc::clone(dir));
        }
        let start = self.header.leaf_offset.saturating_add(offset);
        if offset.saturating_add(length) > self.header.leaf_length {
            return Err(TilesError::Corrupt {
                path: self.path.clone(),
                detail: format!(
                    "a leaf directory (bytes {offset}..+{length}) lies outside the leaf section"
                ),
            });
        }
        let bytes = self.read(start, length)?;
        let dir = Arc::new(decode_directory(&self.path, &self.header, &bytes)?);
        if let Ok(mut cache) = self.leaves.lock() {
            if cache.len() >= LEAF_CACHE {
                cache.clear();
            }
            cache.insert(offset, Arc::clone(&dir));
        }
        Ok(dir)
    }

    /// The stored bytes of `z/x/y`, `None` when the archive has no such tile.
    pub(crate) fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, TilesError> {
        check_coords(z, x, y)?;
        let id = tile_id(z, x, y);
        let mut dir: Arc<Vec<Entry>> = Arc::new(Vec::new());
        let mut in_root = true;
        for _ in 0..MAX_DEPTH {
            let entries: &[Entry] = if in_root { &self.root } else { &dir };
            let Some(entry) = find_entry(entries, id) else {
                return Ok(None);
            };
            if entry.run_length > 0 {
                if u64::from(entry.length) > self.header.data_length
                    || entry.offset > self.header.data_length - u64::from(entry.length)
                {
                    return Err(TilesError::Corrupt {
                        path: self.path.clone(),
                        detail: format!("tile {z}/{x}/{y} lies outside the tile data section"),
                    });
                }
                let data = self.read(
                    self.header.data_offset + entry.offset,
                    u64::from(entry.length),
                )?;
                return Ok(Some(data));
            }
            dir = self.leaf(entry.offset, u64::from(entry.length))?;
            in_root = false;
        }
        Err(TilesError::Corrupt {
            path: self.path.clone(),
            detail: format!("the leaf directories nest deeper than {MAX_DEPTH} levels"),
        })
    }

    pub(crate) fn encoding(&self) -> TileEncoding {
        tile_encoding(self.header.tile_compression)
    }

    pub(crate) fn format(&self) -> TileFormat {
        tile_format(self.header.tile_type)
    }
}

fn read_section(
    path: &Path,
    file: &mut dyn ReadAt,
    offset: u64,
    length: u64,
) -> Result<Vec<u8>, TilesError> {
    let io = |source| TilesError::Io {
        path: path.to_owned(),
        source,
    };
    let len = usize::try_from(length).map_err(|_| TilesError::Corrupt {
        path: path.to_owned(),
        detail: format!("a section of {length} bytes is too large"),
    })?;
    file.seek(SeekFrom::Start(offset)).map_err(io)?;
    let mut buf = vec![0u8; len];
    file.read_exact(&mut buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            TilesError::Corrupt {
                path: path.to_owned(),
                detail: format!("bytes {offset}..+{length} lie past the end of the file"),
            }
        } else {
            io(e)
        }
    })?;
    Ok(buf)
}

fn decompress(
    path: &Path,
    header: &Header,
    bytes: &[u8],
    what: &str,
) -> Result<Vec<u8>, TilesError> {
    match header.internal_compression {
        1 => Ok(bytes.to_vec()),
        2 => gunzip(bytes).map_err(|e| TilesError::Corrupt {
            path: path.to_owned(),
            detail: format!("the {what} is not valid gzip: {e}"),
        }),
        other => Err(TilesError::UnsupportedCompression {
            path: path.to_owned(),
            compression: compression_name(other).to_owned(),
        }),
    }
}

fn decode_directory(path: &Path, header: &Header, bytes: &[u8]) -> Result<Vec<Entry>, TilesError> {
    let raw = decompress(path, header, bytes, "directory")?;
    parse_directory(&raw).map_err(|detail| TilesError::Corrupt {
        path: path.to_owned(),
        detail,
    })
}

fn build_metadata(h: &Header, raw: serde_json::Value) -> TileMetadata {
    let text = |key: &str| raw.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let bounds = (h.bounds != [0.0; 4]).then_some(h.bounds);
    let center = (bounds.is_some() || h.center != (0.0, 0.0)).then_some((
        h.center.0,
        h.center.1,
        h.center_zoom,
    ));
    TileMetadata {
        archive: super::ArchiveKind::Pmtiles,
        format: tile_format(h.tile_type),
        encoding: tile_encoding(h.tile_compression),
        min_zoom: h.min_zoom,
        max_zoom: h.max_zoom,
        bounds,
        center,
        name: text("name"),
        attribution: text("attribution"),
        description: text("description"),
        vector_layers: raw.get("vector_layers").cloned(),
        raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tile_ids_follow_the_spec_examples() {
        assert_eq!(tile_id(0, 0, 0), 0);
        assert_eq!(tile_id(1, 0, 0), 1);
        assert_eq!(tile_id(1, 0, 1), 2);
        assert_eq!(tile_id(1, 1, 1), 3);
        assert_eq!(tile_id(1, 1, 0), 4);
        assert_eq!(tile_id(2, 0, 0), 5);
    }

    proptest! {
        #![proptest_config(campanile_testkit::proptest_seed::config())]

        #[test]
        fn tile_ids_agree_with_the_pmtiles_crate(z in 0u8..=26, fx in 0.0f64..1.0, fy in 0.0f64..1.0) {
            let n = (1u64 << z) as f64;
            let (x, y) = ((fx * n) as u32, (fy * n) as u32);
            let theirs = ::pmtiles::TileId::from(::pmtiles::TileCoord::new(z, x, y).unwrap()).value();
            prop_assert_eq!(tile_id(z, x, y), theirs);
        }

        #[test]
        fn random_directories_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(entries) = parse_directory(&bytes) {
                for id in [0, 1, 5, u64::MAX] {
                    let _ = find_entry(&entries, id);
                }
            }
        }
    }
}
