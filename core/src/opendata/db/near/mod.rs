//! The nearest-places index: a static k-d tree ([`tree`]) derived from `pois`, stored beside it
//! and versioned with it.
//!
//! Every change of `pois` (a dataset replaced or removed) bumps `pois_version.generation` in its
//! own transaction. The index is stored in `pois_near` with the generation it was built from;
//! [`refresh`] rebuilds it when they differ (an import or a sync calls it when done). A query
//! reads it through [`index`]: the copy in memory when its generation is current, else the
//! stored one, else one built from `pois` there and then — a stale or missing index (a kill
//! between a replace and its refresh) costs time once, never a wrong answer.

mod codec;
pub mod tree;

use std::any::Any;
use std::sync::{Arc, PoisonError};

use rusqlite::{Connection, OptionalExtension};

use super::{DbError, PoiFilter};
use crate::opendata::Category;
use crate::opendata::text::fold;
use crate::store::Store;
pub use tree::{Entry, NearTree};

/// The index, with the dictionaries its filters read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NearIndex {
    /// The `pois_version` generation it was built from.
    pub generation: i64,
    /// The points.
    pub tree: NearTree,
    /// The ISTAT codes present, sorted: [`Entry::istat`] indexes it.
    pub istats: Vec<String>,
    /// The comuni's folded names present, sorted: [`Entry::comune`] indexes it.
    pub comuni: Vec<String>,
}

/// A [`PoiFilter`] resolved against an index's dictionaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compiled {
    category: Option<u8>,
    istat: Option<u32>,
    comune: Option<u32>,
}

impl Compiled {
    /// Whether the entry passes.
    pub fn matches(&self, e: &Entry) -> bool {
        self.category.is_none_or(|c| c == e.category)
            && self.istat.is_none_or(|i| i == e.istat)
            && self.comune.is_none_or(|c| c == e.comune)
    }
}

fn category_code(c: Category) -> u8 {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0) as u8
}

impl NearIndex {
    /// The filter in the index's terms; `None` when nothing can pass (a comune it does not
    /// hold).
    pub fn compile(&self, filter: &PoiFilter) -> Option<Compiled> {
        let mut out = Compiled {
            category: filter.category.map(category_code),
            ..Compiled::default()
        };
        if let Some(c) = &filter.comune {
            // As the SQL filter reads it: digits are an ISTAT code, anything else a name.
            let c = c.trim();
            if !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()) {
                let code = format!("{c:0>6}");
                out.istat = Some(self.istats.binary_search(&code).ok()? as u32);
            } else {
                out.comune = Some(self.comuni.binary_search(&fold(c)).ok()? as u32);
            }
        }
        Some(out)
    }
}

/// The `pois_version` generation: it changes with every change of `pois`.
pub fn generation(conn: &Connection) -> Result<i64, DbError> {
    Ok(conn.query_row("SELECT generation FROM pois_version", [], |r| r.get(0))?)
}

/// Marks the index stale: call in the transaction that changes `pois`.
pub fn bump(conn: &Connection) -> Result<(), DbError> {
    conn.execute("UPDATE pois_version SET generation = generation + 1", [])?;
    Ok(())
}

/// Builds the index from `pois` as the connection sees it now.
pub fn build(conn: &Connection, generation: i64) -> Result<NearIndex, DbError> {
    let mut stmt = conn.prepare("SELECT rowid, lat, lon, category, istat, comune FROM pois")?;
    let mut rows = stmt.query([])?;
    let mut raw: Vec<(Entry, Option<String>, Option<String>)> = Vec::new();
    while let Some(r) = rows.next()? {
        let category: String = r.get(3)?;
        let comune: Option<String> = r.get(5)?;
        raw.push((
            Entry {
                rowid: r.get(0)?,
                at: [r.get(1)?, r.get(2)?],
                category: Category::parse(&category)
                    .map_or(category_code(Category::Other), category_code),
                istat: u32::MAX,
                comune: u32::MAX,
            },
            r.get(4)?,
            comune.map(|c| fold(&c)),
        ));
    }
    let mut istats: Vec<String> = raw.iter().filter_map(|r| r.1.clone()).collect();
    istats.sort_unstable();
    istats.dedup();
    let mut comuni: Vec<String> = raw.iter().filter_map(|r| r.2.clone()).collect();
    comuni.sort_unstable();
    comuni.dedup();
    let find = |dict: &[String], v: &Option<String>| {
        v.as_ref()
            .and_then(|v| dict.binary_search(v).ok())
            .map_or(u32::MAX, |i| i as u32)
    };
    let entries = raw
        .iter()
        .map(|(e, istat, comune)| Entry {
            istat: find(&istats, istat),
            comune: find(&comuni, comune),
            ..*e
        })
        .collect();
    Ok(NearIndex {
        generation,
        tree: NearTree::build(entries),
        istats,
        comuni,
    })
}

/// Rebuilds and stores the index when it is missing or stale; returns whether it did.
pub fn refresh(store: &mut Store) -> Result<bool, DbError> {
    let tx = store.conn_mut().transaction()?;
    let current = generation(&tx)?;
    let stored: Option<i64> = tx
        .query_row("SELECT generation FROM pois_near", [], |r| r.get(0))
        .optional()?;
    if stored == Some(current) {
        return Ok(false);
    }
    let index = build(&tx, current)?;
    tx.execute(
        "INSERT OR REPLACE INTO pois_near (id, generation, data) VALUES (1, ?1, ?2)",
        rusqlite::params![current, codec::encode(&index)],
    )?;
    tx.commit()?;
    remember(store, Arc::new(index));
    Ok(true)
}

fn remember(store: &Store, index: Arc<NearIndex>) {
    let index: Arc<dyn Any + Send + Sync> = index;
    *store
        .derived()
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = Some(index);
}

/// The index for the data the store holds now (see the module's documentation).
pub fn index(store: &Store) -> Result<Arc<NearIndex>, DbError> {
    let conn = store.conn();
    // One snapshot for the generation and what is read after it.
    let tx = if conn.is_autocommit() {
        Some(conn.unchecked_transaction()?)
    } else {
        None
    };
    let current = generation(conn)?;
    let cached = store
        .derived()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
        .and_then(|a| a.downcast::<NearIndex>().ok());
    if let Some(index) = cached.filter(|i| i.generation == current) {
        return Ok(index);
    }
    let stored: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT generation, data FROM pois_near WHERE generation = ?1",
            [current],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let index = match stored.map(|(generation, data)| codec::decode(&data, generation)) {
        Some(Ok(index)) => index,
        // Derived data: a damaged copy is not trusted but built again from the places.
        Some(Err(_)) | None => build(conn, current)?,
    };
    drop(tx);
    let index = Arc::new(index);
    remember(store, index.clone());
    Ok(index)
}
