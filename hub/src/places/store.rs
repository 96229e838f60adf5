//! The rows of places and beacon entries: versioned writes and the reads the apps sync from.
//!
//! Every write takes the next number of the `places` counter inside its transaction (the row
//! stays locked until commit, so numbers commit in order) and stamps it as the row's version;
//! a deletion keeps the row as a tombstone. The changes after a cursor are the rows of a
//! higher version, and the next cursor is the highest version read.

use sqlx::AnyConnection;

use crate::error::ApiError;

/// A stored row of either table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its id.
    pub id: String,
    /// Its comune's ISTAT code.
    pub comune: String,
    /// The place (the core's `Poi`) or the beacon entry, as JSON.
    pub doc: String,
    /// The write that last changed it.
    pub version: i64,
    /// Deleted: a tombstone.
    pub deleted: bool,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

type RawRow = (String, String, String, i64, i64, String);

fn row_of((id, comune, doc, version, deleted, updated_at): RawRow) -> Row {
    Row {
        id,
        comune,
        doc,
        version,
        deleted: deleted != 0,
        updated_at,
    }
}

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `places`.
    Places,
    /// `beacons`.
    Beacons,
}

/// A statement on either table: `sql!(table, "… FROM ", " WHERE …")`.
macro_rules! sql {
    ($table:expr, $head:literal, $tail:literal) => {
        match $table {
            Table::Places => concat!($head, "places", $tail),
            Table::Beacons => concat!($head, "beacons", $tail),
        }
    };
}

/// Takes the next version number (hold the transaction until commit).
pub async fn next_version(conn: &mut AnyConnection) -> Result<i64, ApiError> {
    let (v,): (i64,) = sqlx::query_as(
        "UPDATE counters SET value = value + 1 WHERE name = 'places' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(v)
}

/// A row by id, live or not.
pub async fn get(
    conn: &mut AnyConnection,
    table: Table,
    id: &str,
) -> Result<Option<Row>, ApiError> {
    let row: Option<RawRow> = sqlx::query_as(sql!(
        table,
        "SELECT id, comune, doc, version, deleted, updated_at FROM ",
        " WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(row_of))
}

/// A live row of `comune` by id, for a write: on PostgreSQL its row lock is taken (SQLite's
/// writer lock already covers it), so two writers of one row take turns.
pub async fn lock_live(
    conn: &mut AnyConnection,
    table: Table,
    comune: &str,
    id: &str,
) -> Result<Option<Row>, ApiError> {
    let n = sqlx::query(sql!(
        table,
        "UPDATE ",
        " SET version = version WHERE id = $1 AND comune = $2 AND deleted = 0"
    ))
    .bind(id)
    .bind(comune)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(None);
    }
    get(conn, table, id).await
}

/// The rows of `comune` changed after version `after`, tombstones included, oldest first.
pub async fn since(
    conn: &mut AnyConnection,
    table: Table,
    comune: &str,
    after: i64,
) -> Result<Vec<Row>, ApiError> {
    let rows: Vec<RawRow> = sqlx::query_as(sql!(
        table,
        "SELECT id, comune, doc, version, deleted, updated_at FROM ",
        " WHERE comune = $1 AND version > $2 ORDER BY version, id"
    ))
    .bind(comune)
    .bind(after)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(row_of).collect())
}

/// Who writes, when, at which version.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    /// The version taken with [`next_version`].
    pub version: i64,
    /// RFC 3339.
    pub at: &'a str,
    /// The writer's fiscal code.
    pub by: &'a str,
}

/// Inserts a place.
pub async fn insert_place(
    conn: &mut AnyConnection,
    id: &str,
    comune: &str,
    doc: &str,
    s: &Stamp<'_>,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO places (id, comune, doc, version, deleted, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, 0, $5, $6)",
    )
    .bind(id)
    .bind(comune)
    .bind(doc)
    .bind(s.version)
    .bind(s.at)
    .bind(s.by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces a live place's content.
pub async fn update_place(
    conn: &mut AnyConnection,
    id: &str,
    doc: &str,
    s: &Stamp<'_>,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE places SET doc = $1, version = $2, updated_at = $3, updated_by = $4
         WHERE id = $5 AND deleted = 0",
    )
    .bind(doc)
    .bind(s.version)
    .bind(s.at)
    .bind(s.by)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a live row (it stays as a tombstone; a beacon entry frees its ids).
pub async fn delete(
    conn: &mut AnyConnection,
    table: Table,
    id: &str,
    s: &Stamp<'_>,
) -> Result<(), ApiError> {
    sqlx::query(match table {
        Table::Places => {
            "UPDATE places SET deleted = 1, version = $1, updated_at = $2, updated_by = $3
             WHERE id = $4 AND deleted = 0"
        }
        Table::Beacons => {
            "UPDATE beacons SET deleted = 1, eddystone_uid = NULL, ibeacon = NULL, version = $1,
               updated_at = $2, updated_by = $3
             WHERE id = $4 AND deleted = 0"
        }
    })
    .bind(s.version)
    .bind(s.at)
    .bind(s.by)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many live beacon entries stand at a place.
pub async fn beacons_at(conn: &mut AnyConnection, place_id: &str) -> Result<i64, ApiError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM beacons WHERE place_id = $1 AND deleted = 0")
            .bind(place_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(n)
}

/// The live entry, other than `except`, already holding one of these beacon ids.
pub async fn beacon_holding(
    conn: &mut AnyConnection,
    eddystone: Option<&str>,
    ibeacon: Option<&str>,
    except: &str,
) -> Result<Option<(String, String)>, ApiError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, comune FROM beacons
         WHERE (eddystone_uid = $1 OR ibeacon = $2) AND id <> $3 AND deleted = 0",
    )
    .bind(eddystone)
    .bind(ibeacon)
    .bind(except)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row)
}

/// The ids and content of a beacon entry to store.
#[derive(Debug, Clone)]
pub struct BeaconRow<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its comune.
    pub comune: &'a str,
    /// The place it stands at.
    pub place_id: &'a str,
    /// `eddystone-uid:…` when it has one.
    pub eddystone: Option<&'a str>,
    /// `ibeacon:…` when it has one.
    pub ibeacon: Option<&'a str>,
    /// The entry, JSON.
    pub doc: &'a str,
}

fn conflict_or(e: sqlx::Error) -> ApiError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => beacon_taken(),
        _ => ApiError::from(e),
    }
}

/// The answer when a beacon id is already registered.
pub fn beacon_taken() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::CONFLICT,
        "beacon.taken",
        "this beacon is already registered at a place; delete that entry first",
    )
}

/// Inserts a beacon entry (409 when one of its ids is already registered).
pub async fn insert_beacon(
    conn: &mut AnyConnection,
    b: &BeaconRow<'_>,
    s: &Stamp<'_>,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO beacons (id, comune, place_id, eddystone_uid, ibeacon, doc, version, deleted,
           updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)",
    )
    .bind(b.id)
    .bind(b.comune)
    .bind(b.place_id)
    .bind(b.eddystone)
    .bind(b.ibeacon)
    .bind(b.doc)
    .bind(s.version)
    .bind(s.at)
    .bind(s.by)
    .execute(&mut *conn)
    .await
    .map_err(conflict_or)?;
    Ok(())
}

/// Replaces a live beacon entry's content (409 when one of its ids is already registered).
pub async fn update_beacon(
    conn: &mut AnyConnection,
    b: &BeaconRow<'_>,
    s: &Stamp<'_>,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE beacons SET place_id = $1, eddystone_uid = $2, ibeacon = $3, doc = $4,
           version = $5, updated_at = $6, updated_by = $7
         WHERE id = $8 AND deleted = 0",
    )
    .bind(b.place_id)
    .bind(b.eddystone)
    .bind(b.ibeacon)
    .bind(b.doc)
    .bind(s.version)
    .bind(s.at)
    .bind(s.by)
    .bind(b.id)
    .execute(&mut *conn)
    .await
    .map_err(conflict_or)?;
    Ok(())
}
