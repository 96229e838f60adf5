//! The nearest-places index: a static k-d tree ([`tree`]) derived from `pois`, stored beside it
//! and versioned with it, with the full-text index's vocabulary ([`vocab`]).
//!
//! Every change of `pois` (a dataset replaced or removed) bumps `pois_version.generation` in its
//! own transaction. The index is stored in `pois_near` with the generation it was built from;
//! [`refresh`] rebuilds it when they differ (an import or a sync calls it when done). A query
//! reads it through [`index`]: the copy in memory when its generation is current, else the
//! stored one, else one built from `pois` there and then — a stale or missing index (a kill
//! between a replace and its refresh) costs time once, never a wrong answer.
//!
//! The places' words ([`place_words`]) are built with the index and stored beside it in
//! `pois_near_words`, with the same generation; a store opened later reads them on a thread of
//! its own the first time a search could use them, and searches read the places' rows until
//! it has. The places holding a query's words, listed from them, are walked nearest first by
//! [`NearTree::nearest_among`], which opens only the tree's ranges holding some.

mod among;
pub mod closest;
mod codec;
pub mod place_words;
pub mod tree;
pub mod vocab;
pub mod words;

use std::any::Any;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, PoisonError};

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
    /// Every term of the full-text index, sorted ([`vocab`]); `None` when it could not be
    /// read (a connection that cannot make a temporary table): prefixes are then searched as
    /// they are.
    pub terms: Option<Vec<String>>,
    /// The terms of the places' names alone (the full-text index's `name` column), sorted;
    /// read with [`NearIndex::terms`] or not at all. A query word that starts none of them is
    /// in no place's name.
    pub name_terms: Option<Vec<String>>,
    /// The places' words, by position in the tree ([`place_words`]): built with the index, or
    /// read from the store once ([`NearIndex::place_words`]).
    pub words: WordsSlot,
}

/// The places' words of an index, read once: by the first search that needs them, or ahead of
/// it on a thread of its own while searches read the places' rows ([`prefetch_words`]).
/// `None` inside when they could not be had.
#[derive(Debug, Default)]
pub struct WordsSlot {
    cell: OnceLock<Option<place_words::PlaceWords>>,
    /// A thread is reading them: a search does not wait for it.
    reading: AtomicBool,
}

impl WordsSlot {
    /// A slot holding words already built.
    pub fn built(words: Option<place_words::PlaceWords>) -> WordsSlot {
        WordsSlot {
            cell: OnceLock::from(words),
            reading: AtomicBool::new(false),
        }
    }

    /// The words, if they have been had.
    pub fn get(&self) -> Option<&place_words::PlaceWords> {
        self.cell.get().and_then(Option::as_ref)
    }
}

impl Clone for WordsSlot {
    fn clone(&self) -> WordsSlot {
        WordsSlot {
            cell: self.cell.clone(),
            reading: AtomicBool::new(false),
        }
    }
}

impl PartialEq for WordsSlot {
    fn eq(&self, other: &WordsSlot) -> bool {
        self.cell == other.cell
    }
}

/// The places' words stored for `generation`, if they are there, whole, and for `places`
/// places; read from their blob a piece at a time, in one read transaction.
fn read_words(
    conn: &Connection,
    generation: i64,
    places: usize,
) -> Option<place_words::PlaceWords> {
    let _snapshot = if conn.is_autocommit() {
        Some(conn.unchecked_transaction().ok()?)
    } else {
        None
    };
    let stored: i64 = conn
        .query_row(
            "SELECT generation FROM pois_near_words WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .ok()?;
    if stored != generation {
        return None;
    }
    let blob = conn
        .blob_open(rusqlite::MAIN_DB, "pois_near_words", "data", 1, true)
        .ok()?;
    let len = blob.len();
    place_words::PlaceWords::decode_from(blob, len)
        .ok()
        .filter(|w| w.places() == places)
}

/// Reads an index's words on a thread of its own, from its own connection to the database at
/// `path`: at a million places they are tens of megabytes, and the first searches after a store
/// is opened should not wait for them.
fn prefetch_words(index: &Arc<NearIndex>, path: &Path) {
    if index.words.reading.swap(true, Ordering::AcqRel) {
        return;
    }
    let reader = index.clone();
    let path = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("campanile-place-words".into())
        .spawn(move || {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&path, flags).ok();
            reader.words.cell.get_or_init(|| {
                let conn = conn?;
                conn.busy_timeout(std::time::Duration::from_secs(10)).ok()?;
                read_words(&conn, reader.generation, reader.tree.len())
            });
            reader.words.reading.store(false, Ordering::Release);
        });
    if spawned.is_err() {
        index.words.reading.store(false, Ordering::Release);
    }
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
    /// The places' words ([`NearIndex::words`]): those built with the index, or stored with
    /// its generation and read now (or, when a thread is reading them, once it has); `None`
    /// when they are missing or damaged.
    pub fn place_words(&self, conn: &Connection) -> Option<&place_words::PlaceWords> {
        self.words
            .cell
            .get_or_init(|| read_words(conn, self.generation, self.tree.len()))
            .as_ref()
    }

    /// As [`NearIndex::place_words`], but without waiting for a database file's words: the
    /// first call sets a thread reading them ([`prefetch_words`]), and until it has, `None` (the
    /// caller reads the places' rows). An in-memory database's are read there and then.
    pub fn place_words_ready(
        self: &Arc<Self>,
        conn: &Connection,
    ) -> Option<&place_words::PlaceWords> {
        if let Some(words) = self.words.cell.get() {
            return words.as_ref();
        }
        if self.words.reading.load(Ordering::Acquire) {
            return None;
        }
        match conn.path().filter(|p| !p.is_empty()) {
            Some(path) => {
                prefetch_words(self, Path::new(path));
                None
            }
            None => self.place_words(conn),
        }
    }

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
///
/// The ISTAT codes and comuni are interned while the rows are read (each distinct value once,
/// not once a row): at a million places this keeps the build to the entries and the tree.
/// The vocabulary's pieces are gathered on a thread of their own, from the rows' text handed
/// over in batches: at a million places they were two fifths of the build.
pub fn build(conn: &Connection, generation: i64) -> Result<NearIndex, DbError> {
    let (texts, gathered) = std::sync::mpsc::sync_channel::<TextBatch>(2);
    let (entries, istats, comuni, gathered) = std::thread::scope(|scope| {
        let gatherer = scope.spawn(move || gather_pieces(gathered));
        let read = read_entries(conn, texts);
        let gathered = match gatherer.join() {
            Ok(gathered) => gathered,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        read.map(|(entries, istats, comuni)| (entries, istats, comuni, gathered))
    })?;
    let (pieces, name_pieces, words) = gathered?;
    let (terms, name_terms) = match (pieces.terms(conn), name_pieces.terms(conn)) {
        (Ok(all), Ok(names)) => (Some(all), Some(names)),
        _ => (None, None),
    };
    // The entries are read, and their words gathered, in one order; the tree keeps its own.
    let read_order: Vec<i64> = entries.iter().map(|e| e.rowid).collect();
    let tree = NearTree::build(entries);
    let mut order = vec![0usize; tree.len()];
    for (added, rowid) in read_order.iter().enumerate() {
        if let Some(slot) = tree.position(*rowid).and_then(|p| order.get_mut(p)) {
            *slot = added;
        }
    }
    Ok(NearIndex {
        generation,
        tree,
        istats,
        comuni,
        terms,
        name_terms,
        words: WordsSlot::built(words.finish(&order)),
    })
}

/// The text the full-text index was given for a batch of rows (`write::insert_pois`): the
/// names, the rest (address and comune, category words), and the descriptions as stored
/// (JSON), one a line.
#[derive(Default)]
struct TextBatch {
    names: String,
    rest: String,
    descriptions: String,
    /// Each place's words as a search's row test reads them (name key, folded address and
    /// comune, category words), one after the other; place `i`'s three ends at `row_ends[i]`.
    row_words: String,
    row_ends: Vec<[usize; 3]>,
}

/// Rows a [`TextBatch`] holds.
const TEXT_BATCH_ROWS: usize = 4_096;

/// The places' entries, and the sorted dictionaries of ISTAT codes and comuni they index.
type Entries = (Vec<Entry>, Vec<String>, Vec<String>);

/// Reads every place's entry, handing its text to the vocabulary's thread.
fn read_entries(
    conn: &Connection,
    texts: std::sync::mpsc::SyncSender<TextBatch>,
) -> Result<Entries, DbError> {
    let mut stmt = conn
        .prepare("SELECT rowid, lat, lon, category, istat, comune, name_key, address, name, descriptions FROM pois")?;
    let mut rows = stmt.query([])?;
    let mut istats = Interner::default();
    let mut comuni = Interner::default();
    let mut entries: Vec<Entry> = Vec::new();
    let mut batch = TextBatch::default();
    let mut in_batch = 0;
    while let Some(r) = rows.next()? {
        let category = Category::parse(text(r, 3)?.unwrap_or_default());
        let comune = text(r, 5)?;
        let address = text(r, 7)?;
        batch.names.push_str(text(r, 8)?.unwrap_or_default());
        batch.names.push('\n');
        for part in [address, comune, category.map(Category::search_words)] {
            batch.rest.push_str(part.unwrap_or_default());
            batch.rest.push('\n');
        }
        if let Some(d) = text(r, 9)? {
            // Stored by `serde_json`, which escapes line breaks: one a line.
            batch.descriptions.push_str(d);
            batch.descriptions.push('\n');
        }
        in_batch += 1;
        if in_batch == TEXT_BATCH_ROWS {
            in_batch = 0;
            // The vocabulary's thread gone (a panic, shown when it is joined): read on.
            let _ = texts.send(std::mem::take(&mut batch));
        }
        // The words a search's row test reads: name, category words, address and comune.
        let mut bits = (0, 0);
        let (name_key, category_words) = (
            text(r, 6)?.unwrap_or_default(),
            category.map_or("", Category::search_words),
        );
        let place = place_words(address, comune);
        words::add_text(&mut bits, name_key);
        words::add_text(&mut bits, category_words);
        words::add_text(&mut bits, &place);
        let mut ends = [0; 3];
        for (end, part) in ends.iter_mut().zip([name_key, &place, category_words]) {
            batch.row_words.push_str(part);
            *end = batch.row_words.len();
        }
        batch.row_ends.push(ends);
        entries.push(Entry {
            rowid: r.get(0)?,
            at: [r.get(1)?, r.get(2)?],
            category: category.map_or(category_code(Category::Other), category_code),
            istat: istats.id(text(r, 4)?),
            comune: comuni.id(comune),
            letters: bits.0,
            pairs: bits.1,
        });
    }
    let _ = texts.send(batch);
    // The dictionaries hold the ISTAT codes as stored and the comuni folded (two spellings of
    // one comune are one entry), sorted; the entries are renumbered into them.
    let (istats, istat_of) = istats.sorted(|v| v.to_string());
    let (comuni, comune_of) = comuni.sorted(fold);
    for e in &mut entries {
        e.istat = istat_of.get(e.istat as usize).copied().unwrap_or(u32::MAX);
        e.comune = comune_of
            .get(e.comune as usize)
            .copied()
            .unwrap_or(u32::MAX);
    }
    Ok((entries, istats, comuni))
}

/// The vocabulary's pieces of every place's text, and of the names alone, from the batches
/// [`read_entries`] hands over.
fn gather_pieces(
    batches: std::sync::mpsc::Receiver<TextBatch>,
) -> Result<(vocab::Pieces, vocab::Pieces, place_words::Builder), DbError> {
    let mut pieces = vocab::Pieces::default();
    let mut name_pieces = vocab::Pieces::default();
    let mut words = place_words::Builder::default();
    for batch in batches {
        let mut from = 0;
        for &[name, place, category] in &batch.row_ends {
            let text = &batch.row_words;
            words.add_place(
                &text[from..name],
                &text[name..place],
                &text[place..category],
            );
            from = category;
        }
        pieces.add(&batch.names);
        name_pieces.add(&batch.names);
        pieces.add(&batch.rest);
        for d in batch.descriptions.lines() {
            let d: std::collections::BTreeMap<String, String> =
                serde_json::from_str(d).map_err(|e| DbError::Corrupt(e.to_string()))?;
            for t in d.values() {
                pieces.add(t);
            }
        }
    }
    Ok((pieces, name_pieces, words))
}

/// A place's address and comune as a search's row test reads them: folded, each followed by a
/// space.
pub fn place_words(address: Option<&str>, comune: Option<&str>) -> String {
    let mut p = String::new();
    for t in [address, comune].into_iter().flatten() {
        p.push_str(t);
        p.push(' ');
    }
    fold(&p)
}

/// Column `i` of a row as text, without copying it.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>, DbError> {
    let value = r.get_ref(i)?;
    value.as_str_or_null().map_err(|e| {
        DbError::from(rusqlite::Error::FromSqlConversionFailure(
            i,
            value.data_type(),
            Box::new(e),
        ))
    })
}

/// Distinct values in order of first sight, numbered from 0; `u32::MAX` for none.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, value: Option<&str>) -> u32 {
        let Some(v) = value else {
            return u32::MAX;
        };
        if let Some(id) = self.ids.get(v) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(v.to_string(), id);
        id
    }

    /// The dictionary of `key`s of the values, sorted and without repeats, and for each id
    /// the position of its key there.
    fn sorted(self, key: impl Fn(&str) -> String) -> (Vec<String>, Vec<u32>) {
        let keyed: Vec<(u32, String)> = self.ids.iter().map(|(v, id)| (*id, key(v))).collect();
        let mut dict: Vec<String> = keyed.iter().map(|(_, k)| k.clone()).collect();
        dict.sort_unstable();
        dict.dedup();
        let mut of = vec![u32::MAX; keyed.len()];
        for (id, k) in &keyed {
            if let (Some(slot), Ok(at)) = (of.get_mut(*id as usize), dict.binary_search(k)) {
                *slot = at as u32;
            }
        }
        (dict, of)
    }
}

/// The largest places' words stored: SQLite's longest value is a billion bytes (about fifteen
/// million places' words).
const MAX_WORDS_BYTES: usize = 512 << 20;

/// Rebuilds and stores the index when it is missing, stale or in an older format; returns
/// whether it did. An import or a sync calls it when done, and opening the core calls it once,
/// so that a store upgraded from an older build is indexed once, not in every process.
pub fn refresh(store: &mut Store) -> Result<bool, DbError> {
    let tx = store.conn_mut().transaction()?;
    let current = generation(&tx)?;
    // The generation and the format's mark: an index written by an older build is stale too.
    let stored: Option<(i64, Vec<u8>)> = tx
        .query_row(
            "SELECT generation, CAST(substr(data, 1, 16) AS BLOB) FROM pois_near",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let words_stored: Option<i64> = tx
        .query_row("SELECT generation FROM pois_near_words", [], |r| r.get(0))
        .optional()?;
    if stored.is_some_and(|(g, head)| g == current && codec::is_current(&head))
        && words_stored == Some(current)
    {
        return Ok(false);
    }
    let index = build(&tx, current)?;
    tx.execute(
        "INSERT OR REPLACE INTO pois_near (id, generation, data) VALUES (1, ?1, ?2)",
        rusqlite::params![current, codec::encode(&index)],
    )?;
    match index
        .words
        .get()
        .filter(|w| w.encoded_len() <= MAX_WORDS_BYTES)
    {
        Some(words) => {
            // Written into the blob a piece at a time: at a million places it is tens of
            // megabytes, not copied whole once more.
            tx.execute(
                "INSERT OR REPLACE INTO pois_near_words (id, generation, data)
                 VALUES (1, ?1, zeroblob(?2))",
                rusqlite::params![current, words.encoded_len() as i64],
            )?;
            let mut blob = tx.blob_open(rusqlite::MAIN_DB, "pois_near_words", "data", 1, false)?;
            words
                .encode_into(&mut blob)
                .map_err(|e| DbError::Sqlite(rusqlite::Error::ToSqlConversionFailure(e.into())))?;
        }
        None => {
            // None for this generation (more words than a blob holds): marked so, so that the
            // next refresh does not build the index again; searches read the rows.
            tx.execute(
                "INSERT OR REPLACE INTO pois_near_words (id, generation, data) VALUES (1, ?1, x'')",
                [current],
            )?;
        }
    }
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
