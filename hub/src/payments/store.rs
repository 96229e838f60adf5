//! The links between debt positions and practices in the hub's database (`positions`).

use sqlx::AnyConnection;

use crate::error::ApiError;

/// A debt position linked to a practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionLink {
    /// The position's IUPD.
    pub iupd: String,
    /// The creditor's fiscal code.
    pub creditor: String,
    /// The practice it belongs to.
    pub practice_id: String,
    /// The practice's comune.
    pub comune: String,
    /// The position file it was created from (JSON).
    pub position_file: String,
    /// Published at once when created.
    pub published: bool,
    /// Who created it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
}

type LinkRow = (String, String, String, String, String, i64, String, String);

/// The link of `iupd`, if any.
pub async fn get(conn: &mut AnyConnection, iupd: &str) -> Result<Option<PositionLink>, ApiError> {
    let row: Option<LinkRow> = sqlx::query_as(
        "SELECT iupd, creditor, practice_id, comune, position_file, published, created_by,
           created_at FROM positions WHERE iupd = $1",
    )
    .bind(iupd)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(
        |(
            iupd,
            creditor,
            practice_id,
            comune,
            position_file,
            published,
            created_by,
            created_at,
        )| {
            PositionLink {
                iupd,
                creditor,
                practice_id,
                comune,
                position_file,
                published: published != 0,
                created_by,
                created_at,
            }
        },
    ))
}

/// Stores a new link; `false` when the IUPD is linked already.
pub async fn insert(conn: &mut AnyConnection, link: &PositionLink) -> Result<bool, ApiError> {
    let n = sqlx::query(
        "INSERT INTO positions (iupd, creditor, practice_id, comune, position_file, published,
           created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (iupd) DO NOTHING",
    )
    .bind(&link.iupd)
    .bind(&link.creditor)
    .bind(&link.practice_id)
    .bind(&link.comune)
    .bind(&link.position_file)
    .bind(i64::from(link.published))
    .bind(&link.created_by)
    .bind(&link.created_at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}
