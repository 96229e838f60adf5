//! The opt-in visitor-flow counter: visits a POI an hour, counted on the device. It holds no
//! device identifier (only POI ids, hours and counts), and what it exports leaves out every
//! count under [`MIN_EXPORTED_COUNT`], so that no single visit can be singled out.

use std::collections::BTreeMap;
use std::sync::Arc;

use rusqlite::params;
use serde::Serialize;

use super::ranging::Millis;
use crate::store::Store;

/// Counts below this are never exported.
pub const MIN_EXPORTED_COUNT: u32 = 10;

const HOUR_MS: Millis = 3_600_000;

/// Visits of one POI in one hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowCount {
    /// The POI visited.
    pub poi_id: String,
    /// Start of the hour, milliseconds since the Unix epoch (UTC).
    pub hour_start: Millis,
    /// Visits counted in that hour.
    pub visits: u32,
}

/// Visits counted in memory since the last [`FlowCounter::flush`].
#[derive(Debug, Clone, Default)]
pub struct FlowCounter {
    counts: BTreeMap<(Arc<str>, Millis), u32>,
}

impl FlowCounter {
    /// An empty counter.
    pub fn new() -> FlowCounter {
        FlowCounter::default()
    }

    /// Counts one visit of `poi_id` at `at`.
    pub fn record(&mut self, poi_id: &Arc<str>, at: Millis) {
        let hour = at.div_euclid(HOUR_MS) * HOUR_MS;
        let c = self.counts.entry((poi_id.clone(), hour)).or_insert(0);
        *c = c.saturating_add(1);
    }

    /// Every count held, small ones too (for the device's own use, never exported).
    pub fn counts(&self) -> Vec<FlowCount> {
        self.counts
            .iter()
            .map(|((poi, hour), &visits)| FlowCount {
                poi_id: poi.to_string(),
                hour_start: *hour,
                visits,
            })
            .collect()
    }

    /// The counts that may leave the device: only those of at least [`MIN_EXPORTED_COUNT`].
    pub fn export(&self) -> Vec<FlowCount> {
        exportable(self.counts())
    }

    /// Adds the counts to the database's and empties the counter.
    pub fn flush(&mut self, store: &mut Store) -> Result<(), rusqlite::Error> {
        let tx = store.conn_mut().transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO beacon_flow (poi_id, hour_start, visits) VALUES (?1, ?2, ?3)
                 ON CONFLICT(poi_id, hour_start) DO UPDATE SET visits = visits + excluded.visits",
            )?;
            for ((poi, hour), visits) in &self.counts {
                stmt.execute(params![poi.as_ref(), hour, visits])?;
            }
        }
        tx.commit()?;
        self.counts.clear();
        Ok(())
    }
}

fn exportable(counts: Vec<FlowCount>) -> Vec<FlowCount> {
    counts
        .into_iter()
        .filter(|c| c.visits >= MIN_EXPORTED_COUNT)
        .collect()
}

/// The stored counts that may leave the device (at least [`MIN_EXPORTED_COUNT`] each).
pub fn export_stored(store: &Store) -> Result<Vec<FlowCount>, rusqlite::Error> {
    let mut stmt = store.conn().prepare(
        "SELECT poi_id, hour_start, visits FROM beacon_flow WHERE visits >= ?1
         ORDER BY hour_start, poi_id",
    )?;
    let rows = stmt.query_map([MIN_EXPORTED_COUNT], |r| {
        Ok(FlowCount {
            poi_id: r.get(0)?,
            hour_start: r.get(1)?,
            visits: r.get(2)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_hour_and_exports_only_counts_of_ten_or_more() {
        let duomo: Arc<str> = Arc::from("duomo");
        let teatro: Arc<str> = Arc::from("teatro");
        let mut c = FlowCounter::new();
        for i in 0..12 {
            c.record(&duomo, 10 * HOUR_MS + i * 60_000);
        }
        for i in 0..9 {
            c.record(&teatro, 10 * HOUR_MS + i);
        }
        c.record(&duomo, 11 * HOUR_MS);
        assert_eq!(c.counts().len(), 3);
        assert_eq!(
            c.export(),
            vec![FlowCount {
                poi_id: "duomo".into(),
                hour_start: 10 * HOUR_MS,
                visits: 12
            }]
        );
        let mut store = Store::open_in_memory().unwrap();
        c.flush(&mut store).unwrap();
        assert!(c.counts().is_empty());
        // One more teatro visit in the same hour makes it exportable once stored.
        c.record(&teatro, 10 * HOUR_MS + 5);
        c.flush(&mut store).unwrap();
        let out = export_stored(&store).unwrap();
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|f| f.visits >= MIN_EXPORTED_COUNT));
        let json = serde_json::to_string(&out).unwrap();
        assert!(
            !json.contains("device") && !json.contains("beacon"),
            "{json}"
        );
    }
}
