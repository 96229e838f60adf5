//! MBTiles 1.3 archives (<https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md>):
//! an SQLite database with a `metadata` name/value table and a `tiles` table or view whose rows
//! use TMS numbering (row 0 at the south).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{ArchiveKind, TileEncoding, TileFormat, TileMetadata, TilesError, check_coords};

/// The first 16 bytes of every SQLite 3 database.
pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open MBTiles archive, read-only.
#[derive(Debug)]
pub(crate) struct Mbtiles {
    path: PathBuf,
    conn: Mutex<Connection>,
    metadata: TileMetadata,
}

/// A metadata cell as text, whatever type it was stored with (tables declared without
/// column types keep numbers as numbers).
fn text_of(v: rusqlite::types::Value) -> Option<String> {
    use rusqlite::types::Value;
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(t) => Some(t),
        Value::Blob(b) => String::from_utf8(b).ok(),
    }
}

/// Flips an XYZ row to a TMS row (and back: the flip is its own inverse).
pub(crate) fn flip_y(z: u8, y: u32) -> u32 {
    ((1u64 << z) - 1 - u64::from(y)) as u32
}

impl Mbtiles {
    pub(crate) fn open(path: &Path) -> Result<Self, TilesError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| TilesError::Sqlite {
            path: path.to_owned(),
            source,
        })?;
        Self::over(path, conn)
    }

    /// An archive held in memory (an app's bundled asset), called `name` in messages: SQLite
    /// reads the bytes as its database, read-only.
    pub(crate) fn from_bytes(name: &Path, bytes: &[u8]) -> Result<Self, TilesError> {
        let sql = |source| TilesError::Sqlite {
            path: name.to_owned(),
            source,
        };
        let mut conn = Connection::open_in_memory().map_err(sql)?;
        conn.deserialize_read_exact(
            rusqlite::MAIN_DB,
            std::io::Cursor::new(bytes),
            bytes.len(),
            true,
        )
        .map_err(sql)?;
        Self::over(name, conn)
    }

    fn over(path: &Path, conn: Connection) -> Result<Self, TilesError> {
        let sql = |source| TilesError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let has_tiles: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'tiles' AND type IN ('table', 'view'))",
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if !has_tiles {
            return Err(TilesError::NotMbtiles {
                path: path.to_owned(),
            });
        }
        let has_metadata: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'metadata' AND type IN ('table', 'view'))",
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        if has_metadata {
            let mut stmt = conn
                .prepare("SELECT name, value FROM metadata")
                .map_err(sql)?;
            let rows = stmt
                .query_map([], |r| Ok((text_of(r.get(0)?), text_of(r.get(1)?))))
                .map_err(sql)?;
            for row in rows {
                if let (Some(name), Some(value)) = row.map_err(sql)? {
                    pairs.push((name, value));
                }
            }
        }
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let first_tile: Option<Vec<u8>> = conn
            .query_row("SELECT tile_data FROM tiles LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(sql)?;
        let mut format = get("format")
            .map(|f| TileFormat::from_mbtiles(&f))
            .unwrap_or(TileFormat::Unknown);
        let encoding = first_tile
            .as_deref()
            .map(TileEncoding::sniff)
            .unwrap_or(TileEncoding::None);
        if format == TileFormat::Unknown
            && let Some(t) = &first_tile
        {
            format = TileFormat::sniff(t);
        }
        let zoom = |key: &str| get(key).and_then(|v| v.trim().parse::<u8>().ok());
        let (min_zoom, max_zoom) = match (zoom("minzoom"), zoom("maxzoom")) {
            (Some(a), Some(b)) => (a, b),
            _ => {
                let (a, b): (Option<i64>, Option<i64>) = conn
                    .query_row(
                        "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles",
                        [],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .map_err(sql)?;
                let clamp = |v: Option<i64>| v.map_or(0, |v| v.clamp(0, 31) as u8);
                (clamp(a), clamp(b))
            }
        };
        let numbers = |key: &str| -> Option<Vec<f64>> {
            get(key)?
                .split(',')
                .map(|p| p.trim().parse::<f64>().ok())
                .collect()
        };
        let bounds = numbers("bounds")
            .filter(|v| v.len() == 4)
            .map(|v| [v[0], v[1], v[2], v[3]]);
        let center = numbers("center")
            .filter(|v| v.len() == 3 || v.len() == 2)
            .map(|v| {
                (
                    v[0],
                    v[1],
                    v.get(2).map_or(min_zoom, |z| z.clamp(0.0, 31.0) as u8),
                )
            });
        let json: Option<serde_json::Value> =
            get("json").and_then(|j| serde_json::from_str(&j).ok());
        let vector_layers = json.as_ref().and_then(|j| j.get("vector_layers").cloned());
        let raw = serde_json::Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        );
        let metadata = TileMetadata {
            archive: ArchiveKind::Mbtiles,
            format,
            encoding,
            min_zoom,
            max_zoom,
            bounds,
            center,
            name: get("name"),
            attribution: get("attribution"),
            description: get("description"),
            vector_layers,
            raw,
        };
        tracing::debug!(path = %path.display(), "opened MBTiles archive");
        Ok(Self {
            path: path.to_owned(),
            conn: Mutex::new(conn),
            metadata,
        })
    }

    pub(crate) fn metadata(&self) -> &TileMetadata {
        &self.metadata
    }

    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, TilesError> {
        let conn = self.conn.lock().map_err(|_| TilesError::Corrupt {
            path: self.path.clone(),
            detail: "an earlier query failed half-way".to_owned(),
        })?;
        f(&conn).map_err(|source| TilesError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    pub(crate) fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, TilesError> {
        check_coords(z, x, y)?;
        let row = flip_y(z, y);
        self.with_conn(|c| {
            c.prepare_cached(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            )?
            .query_row(params![z, x, row], |r| r.get::<_, Option<Vec<u8>>>(0))
            .optional()
            .map(Option::flatten)
        })
    }

    pub(crate) fn tile_count(&self) -> Result<u64, TilesError> {
        self.with_conn(|c| c.query_row("SELECT COUNT(*) FROM tiles", [], |r| r.get::<_, i64>(0)))
            .map(|n| n.max(0) as u64)
    }
}

/// Writes a new MBTiles file at `path` (replacing one that exists) with `metadata` pairs and
/// XYZ-addressed `tiles`.
pub(crate) fn write(
    path: &Path,
    metadata: &[(String, String)],
    tiles: &[super::EncodedTile],
) -> Result<(), TilesError> {
    let sql = |source| TilesError::Sqlite {
        path: path.to_owned(),
        source,
    };
    if path.exists() {
        std::fs::remove_file(path).map_err(|source| TilesError::Io {
            path: path.to_owned(),
            source,
        })?;
    }
    let mut conn = Connection::open(path).map_err(sql)?;
    let tx = conn.transaction().map_err(sql)?;
    tx.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE UNIQUE INDEX metadata_name ON metadata (name);
         CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
         CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);",
    )
    .map_err(sql)?;
    {
        let mut stmt = tx
            .prepare("INSERT INTO metadata (name, value) VALUES (?1, ?2)")
            .map_err(sql)?;
        for (k, v) in metadata {
            stmt.execute(params![k, v]).map_err(sql)?;
        }
        let mut stmt = tx
            .prepare("INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?1, ?2, ?3, ?4)")
            .map_err(sql)?;
        for ((z, x, y), data) in tiles {
            stmt.execute(params![z, x, flip_y(*z, *y), data])
                .map_err(sql)?;
        }
    }
    tx.commit().map_err(sql)?;
    Ok(())
}
