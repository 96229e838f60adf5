//! The format-independent middle: every reader (CSV, GeoJSON, JSON) offers the values it finds
//! to a [`RawRow`] (borrowed, no copies); [`Builder`] turns a finished row into a [`Poi`] or a
//! quarantine entry, so the mapping rules live in one place.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::opendata::{Category, Poi, QuarantineEntry, QuarantineReason};

use super::category_map::{category_from_dataset, category_from_name, category_from_text};
use super::coords::{parse_point_text, resolve};
use super::crs::{Crs, Projector};
use super::geojson::representative_point;
use super::headers::Field;
use super::jvalue::JVal;
use super::report::{ReadReport, Tally};
use super::stable_id::{IdAllocator, IdSource, digest};
use super::text::{clean, parse_number};
use super::{Normalized, ResourceContext};

/// A value as found: text (CSV field, JSON string) or a JSON number.
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    S(&'a str),
    N(f64),
}

impl<'a> Val<'a> {
    fn is_missing(&self) -> bool {
        match self {
            Val::S(s) => clean(s).is_none(),
            Val::N(n) => !n.is_finite(),
        }
    }

    fn text(&self) -> Cow<'a, str> {
        match self {
            Val::S(s) => Cow::Borrowed(s.trim()),
            Val::N(n) if n.fract() == 0.0 && n.abs() < 1e15 => Cow::Owned(format!("{}", *n as i64)),
            Val::N(n) => Cow::Owned(n.to_string()),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Val::S(s) => parse_number(s),
            Val::N(n) => Some(*n),
        }
    }
}

/// Scalar fields, one slot each.
#[derive(Clone, Copy)]
enum Slot {
    Id,
    Name,
    Address,
    HouseNumber,
    Comune,
    Istat,
    Lat,
    Lon,
    Geometry,
    Crs,
    Hours,
    Phone,
    Email,
    Website,
    Accessibility,
}
const SLOTS: usize = 15;
const CATEGORY_CANDIDATES: usize = 4;
const DESCRIPTION_LANGS: usize = 6;

#[derive(Clone, Copy)]
struct Offer<'a> {
    prio: u8,
    val: Val<'a>,
    crs: Option<Crs>,
}

/// The values one source row offers, best per field.
#[derive(Default)]
pub struct RawRow<'a> {
    slots: [Option<Offer<'a>>; SLOTS],
    categories: [Option<(u8, Val<'a>)>; CATEGORY_CANDIDATES],
    descriptions: [Option<(&'static str, u8, Val<'a>)>; DESCRIPTION_LANGS],
    /// A point from a geometry (`(x, y)`, lon/lat for standard GeoJSON).
    point: Option<(f64, f64)>,
}

impl<'a> RawRow<'a> {
    /// Offers a value for a field; missing markers are ignored, and a lower priority number
    /// replaces a higher one.
    pub fn offer(&mut self, field: Field, prio: u8, val: Val<'a>, crs: Option<Crs>) {
        if val.is_missing() {
            return;
        }
        let slot = match field {
            Field::Id => Slot::Id,
            Field::Name => Slot::Name,
            Field::Address => Slot::Address,
            Field::HouseNumber => Slot::HouseNumber,
            Field::Comune => Slot::Comune,
            Field::Istat => Slot::Istat,
            Field::Lat => Slot::Lat,
            Field::Lon => Slot::Lon,
            Field::Geometry => Slot::Geometry,
            Field::Crs => Slot::Crs,
            Field::Hours => Slot::Hours,
            Field::Phone => Slot::Phone,
            Field::Email => Slot::Email,
            Field::Website => Slot::Website,
            Field::Accessibility => Slot::Accessibility,
            Field::Category => {
                // Keep several candidates, best first: the first that maps wins.
                let mut item = (prio, val);
                for c in self.categories.iter_mut() {
                    match c {
                        None => {
                            *c = Some(item);
                            return;
                        }
                        Some(existing) if item.0 < existing.0 => {
                            std::mem::swap(existing, &mut item)
                        }
                        Some(_) => {}
                    }
                }
                return;
            }
            Field::Description(lang) => {
                for d in self.descriptions.iter_mut() {
                    match d {
                        None => {
                            *d = Some((lang, prio, val));
                            return;
                        }
                        Some((l, p, v)) if *l == lang => {
                            if prio < *p {
                                (*p, *v) = (prio, val);
                            }
                            return;
                        }
                        Some(_) => {}
                    }
                }
                return;
            }
        };
        let cell = &mut self.slots[slot as usize];
        if cell.is_none_or(|o| prio < o.prio) {
            *cell = Some(Offer { prio, val, crs });
        }
    }

    /// Offers a geometry's representative point (`(x, y)`); the first one stays.
    pub fn offer_point(&mut self, x: f64, y: f64) {
        if self.point.is_none() {
            self.point = Some((x, y));
        }
    }

    /// Whether a recognised column gave the row a name.
    pub fn has_name(&self) -> bool {
        self.get(Slot::Name).is_some()
    }

    fn get(&self, slot: Slot) -> Option<&Offer<'a>> {
        self.slots[slot as usize].as_ref()
    }

    fn text(&self, slot: Slot) -> Option<Cow<'a, str>> {
        self.get(slot).map(|o| o.val.text())
    }
}

/// Where a resource read as a stream ([`normalize_file`](super::normalize_file)) hands its
/// output, batch by batch.
pub trait Sink {
    /// Takes a batch: the POIs and quarantine entries of `out` (it drains them; `out.rows` is
    /// left alone). `false` stops the reading (an error or a cancel the sink keeps).
    fn take(&mut self, out: &mut Normalized) -> bool;
}

/// Per-resource state: the context, caches, the id allocator and the output.
pub struct Builder<'c> {
    ctx: &'c ResourceContext,
    /// CRS declared for the whole resource (GeoJSON `crs` member, else the context).
    pub declared_crs: Option<Crs>,
    default_category: Category,
    category_cache: HashMap<Box<str>, Option<Category>>,
    projector: Projector,
    ids: IdAllocator,
    out: Normalized,
    /// What the reader saw of the columns, and an example row.
    pub report: ReadReport,
    /// The counts of every row so far (the output may have gone to the sink).
    tally: Tally,
    /// Reading in batches: the sink and the batch size.
    sink: Option<(&'c mut dyn Sink, usize)>,
    /// The sink said stop.
    stopped: bool,
    /// The most POIs and quarantine entries held at once.
    max_held: usize,
}

impl<'c> Builder<'c> {
    pub fn new(ctx: &'c ResourceContext) -> Self {
        let default_category = category_from_dataset(ctx.dataset_title.as_deref(), &ctx.tags)
            .unwrap_or(Category::Other);
        Builder {
            ctx,
            declared_crs: ctx.crs.as_deref().and_then(Crs::parse),
            default_category,
            category_cache: HashMap::new(),
            projector: Projector::default(),
            ids: IdAllocator::default(),
            out: Normalized::default(),
            report: ReadReport::default(),
            tally: Tally::default(),
            sink: None,
            stopped: false,
            max_held: 0,
        }
    }

    /// A builder that hands its output to `sink` every `batch` rows, so that it never holds
    /// more than that.
    pub fn streaming(ctx: &'c ResourceContext, sink: &'c mut dyn Sink, batch: usize) -> Self {
        let mut builder = Builder::new(ctx);
        builder.sink = Some((sink, batch.max(1)));
        builder
    }

    /// Whether the sink asked to stop reading.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Hands the batch to the sink when it is full (or, with `all`, whatever is held).
    fn flush(&mut self, all: bool) {
        let held = self.out.pois.len() + self.out.quarantine.len();
        self.max_held = self.max_held.max(held);
        let Some((sink, batch)) = self.sink.as_mut() else {
            return;
        };
        if held == 0 || (!all && held < *batch) {
            return;
        }
        // After a stop the rows are dropped: nothing will store them.
        if !self.stopped && !sink.take(&mut self.out) {
            self.stopped = true;
        }
        self.out.pois.clear();
        self.out.quarantine.clear();
    }

    /// Records a row that could not be read at all.
    pub fn quarantine(&mut self, row: u64, reason: QuarantineReason) {
        self.out.rows += 1;
        self.tally.rows += 1;
        self.tally.count_reason(&reason);
        self.flush(false);
        self.out.quarantine.push(QuarantineEntry {
            resource: self.ctx.resource_name.clone(),
            row,
            reason,
        });
    }

    /// Turns a row into a POI, or quarantines it; `example` writes the row as text, asked for
    /// the first quarantined row only.
    pub fn push(&mut self, row_no: u64, row: &RawRow<'_>, example: impl FnOnce() -> String) {
        match self.build(row) {
            Ok(poi) => {
                self.out.rows += 1;
                self.tally.rows += 1;
                self.tally.mapped += 1;
                self.flush(false);
                self.out.pois.push(poi);
            }
            Err(reason) => {
                if self.report.wants_example() {
                    self.report.example(row_no, &example());
                }
                self.quarantine(row_no, reason);
            }
        }
    }

    /// Reserves room for about `rows` more rows (reading in batches, for one batch).
    pub fn reserve(&mut self, rows: usize) {
        let rows = match self.sink {
            Some((_, batch)) => rows.min(batch),
            None => rows,
        };
        self.out.pois.reserve(rows);
        self.ids.reserve(rows);
    }

    #[cfg(test)]
    pub fn finish(self) -> Normalized {
        self.finish_with_report().0
    }

    /// The output and what was seen of the columns.
    pub fn finish_with_report(self) -> (Normalized, ReadReport) {
        (self.out, self.report)
    }

    /// Reading in batches: hands the last batch to the sink; the counts, what was seen of the
    /// columns, and the most rows held at once.
    pub fn finish_streaming(mut self) -> (Tally, ReadReport, usize) {
        self.flush(true);
        (self.tally, self.report, self.max_held)
    }

    fn coordinates(&mut self, row: &RawRow<'_>) -> Result<(f64, f64), QuarantineReason> {
        let row_crs = match row.get(Slot::Crs) {
            Some(o) => match Crs::parse(&o.val.text()) {
                Some(c) => Some(c),
                None => {
                    // An unknown declaration only matters if the values are projected.
                    let detail = format!("unsupported reference system '{}'", o.val.text());
                    return self.coordinates_with(row, None, Some(detail));
                }
            },
            None => None,
        };
        let unknown_ctx_crs = match (&self.ctx.crs, self.declared_crs) {
            (Some(declared), None) if row_crs.is_none() => Some(format!(
                "unsupported reference system '{declared}' declared for the resource"
            )),
            _ => None,
        };
        self.coordinates_with(row, row_crs, unknown_ctx_crs)
    }

    fn coordinates_with(
        &mut self,
        row: &RawRow<'_>,
        row_crs: Option<Crs>,
        unknown_crs: Option<String>,
    ) -> Result<(f64, f64), QuarantineReason> {
        // A geometry (GeoJSON feature, `coordinates` array) first, then lat/lon columns, then
        // a point written as text.
        let (a, b, header_crs) = match (row.point, row.get(Slot::Lat), row.get(Slot::Lon)) {
            (Some((x, y)), _, _) => (y, x, None),
            (None, Some(lat), Some(lon)) => match (lat.val.number(), lon.val.number()) {
                (Some(a), Some(b)) => (a, b, lat.crs.or(lon.crs)),
                _ => {
                    return Err(QuarantineReason::BadCoordinates {
                        value: format!("{}, {}", lat.val.text(), lon.val.text()),
                    });
                }
            },
            _ => {
                if let Some(g) = row.get(Slot::Geometry) {
                    let text = g.val.text();
                    // A GeoJSON geometry written into a text column (Opendatasoft `geo_shape`).
                    let embedded = text
                        .starts_with('{')
                        .then(|| serde_json::from_str::<JVal<'_>>(&text).ok())
                        .flatten()
                        .and_then(|g| representative_point(&g));
                    let parsed = match embedded {
                        Some((x, y)) => Some(((x, y), true, None)),
                        None => parse_point_text(&text),
                    };
                    match parsed {
                        Some(((x, y), true, srid)) => (y, x, srid.or(g.crs)),
                        Some(((lat, lon), false, srid)) => (lat, lon, srid.or(g.crs)),
                        None => {
                            return Err(QuarantineReason::BadCoordinates {
                                value: text.into_owned(),
                            });
                        }
                    }
                } else {
                    return Err(QuarantineReason::MissingCoordinates);
                }
            }
        };
        let declared = row_crs.or(header_crs).or(self.declared_crs);
        match resolve(a, b, declared, &mut self.projector) {
            Err(QuarantineReason::Projection { .. }) if unknown_crs.is_some() => {
                Err(QuarantineReason::Projection {
                    detail: unknown_crs.unwrap_or_default(),
                })
            }
            other => other,
        }
    }

    /// The row's category: its own type / category fields (the first value that maps); else
    /// the dataset's default (title, tags) when specific; else the head noun of the POI's name
    /// in whole words ("Museo civico", never "Dalla Torre"); else the dataset's generic default
    /// (attraction) or [`Category::Other`].
    fn category(&mut self, row: &RawRow<'_>, name: &str) -> Category {
        for (_, val) in row.categories.iter().flatten() {
            let text = val.text();
            let mapped = match self.category_cache.get(text.as_ref()) {
                Some(c) => *c,
                None => {
                    let c = category_from_text(&text);
                    self.category_cache.insert(text.as_ref().into(), c);
                    c
                }
            };
            if let Some(c) = mapped {
                return c;
            }
        }
        if !matches!(
            self.default_category,
            Category::Other | Category::Attraction
        ) {
            return self.default_category;
        }
        category_from_name(name).unwrap_or(self.default_category)
    }

    /// Maps one row. Checks run in this order, the first failure being the reason: coordinates
    /// (missing, not numbers, (0, 0), projection, outside Italy), then the name.
    fn build(&mut self, row: &RawRow<'_>) -> Result<Poi, QuarantineReason> {
        let (lat, lon) = self.coordinates(row)?;
        let name = row.text(Slot::Name).ok_or(QuarantineReason::MissingName)?;
        let mut comune = row.text(Slot::Comune);
        let mut istat = row.get(Slot::Istat).and_then(|o| istat_code(&o.val.text()));
        // Some files put the ISTAT code in the comune column.
        if let Some(code) = comune.as_deref().and_then(istat_code) {
            istat = istat.or(Some(code));
            comune = None;
        }
        let category = self.category(row, &name);
        let source = match row.text(Slot::Id) {
            Some(ref id) => digest(
                &self.ctx.dataset_id,
                &self.ctx.resource_id,
                &IdSource::Source(id),
            ),
            None => digest(
                &self.ctx.dataset_id,
                &self.ctx.resource_id,
                &IdSource::Content {
                    name: &name,
                    comune: comune.as_deref(),
                    lat,
                    lon,
                },
            ),
        };
        let id = self.ids.allocate(source);
        let address = match (row.text(Slot::Address), row.text(Slot::HouseNumber)) {
            (Some(a), Some(n)) if !a.ends_with(n.as_ref()) => Some(format!("{a}, {n}")),
            (Some(a), _) => Some(a.into_owned()),
            (None, _) => None,
        };
        let descriptions: BTreeMap<String, String> = row
            .descriptions
            .iter()
            .flatten()
            .map(|(lang, _, v)| ((*lang).to_string(), v.text().into_owned()))
            .collect();
        let owned = |slot| row.text(slot).map(Cow::into_owned);
        Ok(Poi {
            id,
            dataset_id: self.ctx.dataset_id.clone(),
            resource_id: self.ctx.resource_id.clone(),
            name: name.into_owned(),
            category,
            descriptions,
            address,
            comune: comune.map(Cow::into_owned),
            istat,
            lat,
            lon,
            opening_hours: owned(Slot::Hours),
            phone: owned(Slot::Phone),
            email: owned(Slot::Email),
            website: owned(Slot::Website),
            accessibility: owned(Slot::Accessibility),
            licence: self.ctx.licence.clone(),
            attribution: self.ctx.attribution.clone(),
        })
    }
}

/// A 6-digit ISTAT comune code: digits only, left-padded when a spreadsheet dropped the leading
/// zero (`1078` → `001078`, `44007.0` → `044007`); anything else is not a code.
pub fn istat_code(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.is_empty() || t.len() > 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{t:0>6}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn istat_codes() {
        assert_eq!(istat_code("001078").as_deref(), Some("001078"));
        assert_eq!(istat_code("1078").as_deref(), Some("001078"));
        assert_eq!(istat_code(" 44007.0 ").as_deref(), Some("044007"));
        assert_eq!(istat_code("A462"), None);
        assert_eq!(istat_code("1234567"), None);
        assert_eq!(istat_code(""), None);
    }

    #[test]
    fn best_offer_wins_and_missing_is_ignored() {
        let mut row = RawRow::default();
        row.offer(Field::Name, 2, Val::S("Nome"), None);
        row.offer(Field::Name, 0, Val::S("null"), None);
        row.offer(Field::Name, 1, Val::S("Denominazione"), None);
        row.offer(Field::Name, 3, Val::S("Titolo"), None);
        assert_eq!(row.text(Slot::Name).as_deref(), Some("Denominazione"));
        row.offer(Field::Description("it"), 2, Val::S("abstract"), None);
        row.offer(Field::Description("it"), 0, Val::S("descrizione"), None);
        row.offer(Field::Description("en"), 0, Val::S("description"), None);
        let d: Vec<_> = row
            .descriptions
            .iter()
            .flatten()
            .map(|(l, _, v)| (*l, v.text()))
            .collect();
        assert_eq!(
            d,
            vec![
                ("it", Cow::from("descrizione")),
                ("en", Cow::from("description"))
            ]
        );
        row.offer(Field::Category, 2, Val::S("c"), None);
        row.offer(Field::Category, 0, Val::S("a"), None);
        row.offer(Field::Category, 1, Val::S("b"), None);
        let c: Vec<_> = row
            .categories
            .iter()
            .flatten()
            .map(|(_, v)| v.text())
            .collect();
        assert_eq!(c, vec!["a", "b", "c"]);
    }

    #[test]
    fn builds_pois_with_context() {
        let ctx = ResourceContext {
            dataset_id: "ds".into(),
            resource_id: "res".into(),
            resource_name: "musei.csv".into(),
            tags: vec!["musei".into()],
            licence: Some("CC-BY-4.0".into()),
            attribution: Some("Comune di Fermo".into()),
            ..Default::default()
        };
        let mut b = Builder::new(&ctx);
        let mut row = RawRow::default();
        row.offer(Field::Name, 0, Val::S("Pinacoteca"), None);
        row.offer(Field::Lat, 0, Val::S("43,1605"), None);
        row.offer(Field::Lon, 0, Val::N(13.7181), None);
        row.offer(Field::Istat, 0, Val::N(109006.0), None);
        row.offer(Field::Address, 0, Val::S("Piazza del Popolo"), None);
        row.offer(Field::HouseNumber, 0, Val::S("1"), None);
        b.push(1, &row, String::new);
        let mut coded = RawRow::default();
        coded.offer(Field::Name, 0, Val::S("Comune come codice"), None);
        coded.offer(Field::Comune, 0, Val::S("109006"), None);
        coded.offer(Field::Geometry, 0, Val::S("POINT (13.7181 43.1605)"), None);
        b.push(3, &coded, String::new);
        let mut bad = RawRow::default();
        bad.offer(Field::Name, 0, Val::S("Senza posizione"), None);
        b.push(2, &bad, String::new);
        let out = b.finish();
        assert_eq!((out.rows, out.pois.len(), out.quarantine.len()), (3, 2, 1));
        assert_eq!(out.pois[1].istat.as_deref(), Some("109006"));
        assert_eq!(out.pois[1].comune, None);
        assert_eq!((out.pois[1].lat, out.pois[1].lon), (43.1605, 13.7181));
        let p = &out.pois[0];
        assert_eq!((p.lat, p.lon), (43.1605, 13.7181));
        assert_eq!(p.category, Category::Museum);
        assert_eq!(p.istat.as_deref(), Some("109006"));
        assert_eq!(p.address.as_deref(), Some("Piazza del Popolo, 1"));
        assert_eq!(p.licence.as_deref(), Some("CC-BY-4.0"));
        assert_eq!(p.attribution.as_deref(), Some("Comune di Fermo"));
        assert_eq!(out.quarantine[0].row, 2);
        assert_eq!(out.quarantine[0].resource, "musei.csv");
        assert_eq!(
            out.quarantine[0].reason,
            QuarantineReason::MissingCoordinates
        );
    }
}
