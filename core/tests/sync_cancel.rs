//! Cancel a replacing sync at many moments — through its `Cancel` token after a number of
//! progress events or of requests the portal received, by a timeout dropping its future, by
//! aborting its task — each time from a fresh copy of the version-1 database: every dataset is
//! left whole (all of version 1's places or all of version 2's, never a mix, never empty),
//! search still works, and an uncancelled sync then brings everything to version 2. The same
//! for a many-file import cancelled between files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use campanile_core::opendata::db::{self, PoiFilter, SearchQuery};
use campanile_core::opendata::harvest::{HarvestOptions, Harvester, SearchFilter};
use campanile_core::opendata::import::{self, ImportError, ImportOptions};
use campanile_core::opendata::sync::{SyncError, SyncReport, sync_portal};
use campanile_core::store::Db;
use campanile_core::work::{Cancel, Progress, WorkStep};
use campanile_testkit::bulk::{self, Rng};
use campanile_testkit::{FakeCkan, FakeDataset, Fault};

const DATASETS: usize = 5;
/// Places in each of a dataset's two files.
const ROWS: u64 = 250;

fn csv(seed: u64, version: u32) -> Vec<u8> {
    let mut out = Vec::new();
    bulk::write_csv(&mut out, ROWS, seed, version).unwrap();
    out
}

fn dataset_ids() -> Vec<String> {
    (0..DATASETS).map(|d| format!("id-d{d}")).collect()
}

/// Every dataset has two CSV resources; a new version changes every place's name in both.
fn publish(portal: &FakeCkan, version: u32) {
    for d in 0..DATASETS {
        let mut ds = FakeDataset::new(&format!("d{d}"))
            .title(&format!("Luoghi {d}"))
            .modified(&format!("2026-11-01T00:00:{version:02}"));
        for (i, r) in ["a", "b"].into_iter().enumerate() {
            let path = format!("/files/d{d}-{r}.csv");
            portal.set_resource(&path, "text/csv", csv((d * 2 + i + 1) as u64, version));
            ds = ds.resource(&format!("r-d{d}-{r}"), &path, "CSV");
        }
        portal.add_dataset(ds);
    }
}

fn harvester() -> Harvester {
    Harvester::new(HarvestOptions {
        retries: 1,
        backoff: Duration::from_millis(5),
        timeout: Duration::from_secs(10),
        page_size: 2,
        concurrency: 2,
        ..HarvestOptions::default()
    })
    .unwrap()
}

async fn sync(
    db: &Arc<Db>,
    h: &Harvester,
    url: &str,
    cancel: &Cancel,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<SyncReport, SyncError> {
    sync_portal(db, h, url, &SearchFilter::default(), cancel, progress).await
}

/// A fresh copy of the closed database at `from`.
fn copy_db(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let wal = |p: &Path| PathBuf::from(format!("{}-wal", p.display()));
    if wal(from).exists() {
        std::fs::copy(wal(from), wal(to)).unwrap();
    }
}

/// The version each dataset holds, in `ids`' order; fails unless each is whole (`per_dataset`
/// places, all of one version), the indexes agree with the table and search finds them.
fn versions(db: &Db, ids: &[String], per_dataset: u64) -> Vec<u32> {
    // Through the writer: a pooled reader that read the FTS5 index before the writes keeps
    // FTS5's cached index structure until its next full-text query, and PRAGMA
    // integrity_check (which does not refresh it) then reports "corruption" that is not there.
    let check: String = db.write(|store| {
        store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(check, "ok");
    // One snapshot for the whole check: a sync whose future was dropped (a timeout, an abort)
    // leaves its dataset's transaction to finish on its own, and it may commit between two
    // reads; each dataset must be whole in every snapshot, and search must agree with the
    // table in the same one.
    db.read(|store| {
        let c = store.conn();
        let snapshot = c.unchecked_transaction().unwrap();
        let mut versions = Vec::new();
        let mut one_name_each = Vec::new();
        for id in ids {
            let mut stmt = c
                .prepare("SELECT name FROM pois WHERE dataset_id = ?1 ORDER BY name")
                .unwrap();
            let names: Vec<String> = stmt
                .query_map([id], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(
                names.len() as u64,
                per_dataset,
                "{id}: a partial or empty dataset is stored"
            );
            let vs: BTreeSet<u32> = names
                .iter()
                .map(|n| match n.rsplit_once(" v") {
                    Some((_, v)) if v.chars().all(|c| c.is_ascii_digit()) => v.parse().unwrap(),
                    _ => 0,
                })
                .collect();
            assert_eq!(vs.len(), 1, "{id}: versions mixed: {vs:?}");
            versions.push(*vs.iter().next().unwrap());
            one_name_each.push((id.clone(), names[names.len() / 2].clone()));
        }
        let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        let pois = count("SELECT count(*) FROM pois");
        let near = campanile_core::opendata::db::near::index(store).unwrap();
        assert_eq!(near.tree.len() as i64, pois);
        assert_eq!(
            count("SELECT count(*) FROM pois_fts WHERE pois_fts MATCH 'bottega'"),
            count("SELECT count(*) FROM pois WHERE name LIKE 'Bottega %'")
        );
        // Search, through the reader, finds a place of each dataset by its name.
        for (id, name) in one_name_each {
            let hits = db::search(
                store,
                &SearchQuery {
                    text: name.clone(),
                    near: None,
                    filter: PoiFilter::default(),
                    limit: 50,
                },
            )
            .unwrap();
            assert!(
                hits.iter()
                    .any(|h| h.poi.name == name && h.poi.dataset_id == id),
                "search does not find {name:?} of {id}"
            );
        }
        drop(snapshot);
        versions
    })
    .unwrap()
}

/// How a trial interrupts the second sync.
#[derive(Debug, Clone, Copy)]
enum Interrupt {
    /// Trip the token from the progress callback, at its nth call.
    AfterProgressEvents(u64),
    /// Trip the token once the portal has received n requests.
    AfterRequests(usize),
    /// Drop the sync's future after this long.
    Timeout(Duration),
    /// Abort the sync's spawned task after this long.
    Abort(Duration),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_sync_leaves_every_dataset_whole() {
    let portal = Arc::new(FakeCkan::start().await);
    let url = portal.url();
    let dir = tempfile::tempdir().unwrap();
    let ids = dataset_ids();
    let h = harvester();

    // Version 1, stored and closed: the starting point of every trial.
    publish(&portal, 1);
    let v1 = dir.path().join("v1.db");
    let per_dataset = {
        let db = Arc::new(Db::open(&v1).unwrap());
        let report = sync(&db, &h, &url, &Cancel::new(), &|_| {}).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        let per = report.pois_inserted / DATASETS as u64;
        assert!(per > ROWS, "both files of each dataset map: {report:?}");
        assert_eq!(versions(&db, &ids, per), vec![1; DATASETS]);
        per
    };

    // Version 2 changes every place; each download stalls a little, so that cancels land
    // during downloads too.
    publish(&portal, 2);
    for d in 0..DATASETS {
        for r in ["a", "b"] {
            portal.inject(
                &format!("/files/d{d}-{r}.csv"),
                Fault::StallBeforeHeaders(Duration::from_millis(3)),
                u32::MAX,
            );
        }
    }

    // A whole replacing sync, timed and counted: its span and its requests set the cancel
    // points.
    let reference = dir.path().join("reference.db");
    copy_db(&v1, &reference);
    portal.reset_counters();
    let events = Arc::new(AtomicU64::new(0));
    let t = Instant::now();
    {
        let db = Arc::new(Db::open(&reference).unwrap());
        let seen = events.clone();
        let report = sync(&db, &h, &url, &Cancel::new(), &move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .await
        .unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!(report.datasets_updated, DATASETS as u64);
        assert_eq!(versions(&db, &ids, per_dataset), vec![2; DATASETS]);
    }
    let span = t.elapsed();
    let requests = portal.total_requests();
    let events = events.load(Ordering::SeqCst);
    // Listing, listed, then one a dataset.
    assert_eq!(events, DATASETS as u64 + 2);

    let mut plan = Vec::new();
    plan.extend((1..=events).map(Interrupt::AfterProgressEvents));
    plan.extend((1..=requests).map(Interrupt::AfterRequests));
    let mut rng = Rng(2026);
    for i in 0..=12u32 {
        let jitter = 0.9 + rng.unit() * 0.2;
        plan.push(Interrupt::Timeout(
            span.mul_f64(f64::from(i) / 10.0 * jitter),
        ));
    }
    for _ in 0..8 {
        plan.push(Interrupt::Abort(span.mul_f64(rng.unit() * 1.2)));
    }

    let (mut kept, mut replaced, mut cancelled_runs) = (0usize, 0usize, 0usize);
    for (n, interrupt) in plan.iter().enumerate() {
        let path = dir.path().join(format!("trial-{n}.db"));
        copy_db(&v1, &path);
        let db = Arc::new(Db::open(&path).unwrap());
        portal.reset_counters();
        let cancel = Cancel::new();
        // Some(result) when the sync ran to an outcome, None when its future was dropped.
        let outcome: Option<Result<SyncReport, SyncError>> = match *interrupt {
            Interrupt::AfterProgressEvents(at) => {
                let seen = AtomicU64::new(0);
                let token = cancel.clone();
                let on_progress = move |_: &Progress| {
                    if seen.fetch_add(1, Ordering::SeqCst) + 1 == at {
                        token.cancel();
                    }
                };
                let result = sync(&db, &h, &url, &cancel, &on_progress).await;
                // Deterministic: the token is looked at right after each event.
                let stored = at.saturating_sub(2).min(DATASETS as u64) as usize;
                let v = versions(&db, &ids, per_dataset);
                assert_eq!(
                    v.iter().filter(|&&v| v == 2).count(),
                    stored,
                    "{interrupt:?}: {v:?}"
                );
                if at == events {
                    assert!(result.is_ok(), "{interrupt:?}: {result:?}");
                }
                Some(result)
            }
            Interrupt::AfterRequests(at) => {
                let watcher = tokio::spawn({
                    let (portal, token) = (portal.clone(), cancel.clone());
                    async move {
                        while portal.total_requests() < at {
                            tokio::time::sleep(Duration::from_micros(200)).await;
                        }
                        token.cancel();
                    }
                });
                let result = sync(&db, &h, &url, &cancel, &|_| {}).await;
                watcher.abort();
                Some(result)
            }
            Interrupt::Timeout(after) => {
                tokio::time::timeout(after, sync(&db, &h, &url, &cancel, &|_| {}))
                    .await
                    .ok()
            }
            Interrupt::Abort(after) => {
                let task = tokio::spawn({
                    let (db, h, url, cancel) = (db.clone(), h.clone(), url.clone(), cancel.clone());
                    async move { sync(&db, &h, &url, &cancel, &|_| {}).await }
                });
                tokio::time::sleep(after).await;
                task.abort();
                match task.await {
                    Ok(result) => Some(result),
                    Err(e) => {
                        assert!(e.is_cancelled(), "{interrupt:?}: {e}");
                        None
                    }
                }
            }
        };
        match &outcome {
            Some(Ok(report)) => assert!(report.failures.is_empty(), "{:?}", report.failures),
            Some(Err(SyncError::Cancelled)) | None => cancelled_runs += 1,
            Some(Err(e)) => panic!("{interrupt:?}: the sync failed: {e:?}"),
        }
        let v = versions(&db, &ids, per_dataset);
        if matches!(outcome, Some(Ok(_))) {
            assert_eq!(v, vec![2; DATASETS], "{interrupt:?}: finished but {v:?}");
        }
        kept += v.iter().filter(|&&v| v == 1).count();
        replaced += v.iter().filter(|&&v| v == 2).count();

        // An uncancelled sync completes the replacement.
        let report = sync(&db, &h, &url, &Cancel::new(), &|_| {}).await.unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!(
            versions(&db, &ids, per_dataset),
            vec![2; DATASETS],
            "{interrupt:?}: the sync after the cancel did not finish the job"
        );
    }
    println!(
        "{} cancel points over a {:.0} ms replacing sync of {DATASETS} datasets ({} progress events, {requests} requests, {} timeouts, {} aborts): {cancelled_runs} runs stopped early; datasets left at version 1 {kept} times, at version 2 {replaced} times, never a mix",
        plan.len(),
        span.as_secs_f64() * 1000.0,
        events,
        plan.iter()
            .filter(|p| matches!(p, Interrupt::Timeout(_)))
            .count(),
        plan.iter()
            .filter(|p| matches!(p, Interrupt::Abort(_)))
            .count(),
    );
    assert!(plan.len() >= 20);
    assert!(cancelled_runs >= 10, "too few runs were stopped early");
    assert!(kept >= 1 && replaced >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_import_leaves_every_file_whole() {
    const FILES: usize = 4;
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..FILES)
        .map(|f| dir.path().join(format!("luoghi-{f}.csv")))
        .collect();
    let ids: Vec<String> = (0..FILES).map(|f| format!("file:luoghi-{f}.csv")).collect();
    let write = |version: u32| {
        for (f, path) in files.iter().enumerate() {
            std::fs::write(path, csv(f as u64 + 1, version)).unwrap();
        }
    };
    let opts = ImportOptions::default();

    write(1);
    let v1 = dir.path().join("v1.db");
    let per_file = {
        let db = Db::open(&v1).unwrap();
        let reports = import::import_files(&db, &files, &opts, &Cancel::new(), &|_| {})
            .await
            .unwrap();
        assert_eq!(reports.len(), FILES);
        let per = reports[0].applied.inserted;
        assert!(reports.iter().all(|r| r.applied.inserted == per));
        assert_eq!(versions(&db, &ids, per), vec![1; FILES]);
        per
    };

    write(2);
    let mut tried = 0;
    // Cancel after each progress event: `done: 0`, then one a file.
    for at in 1..=FILES as u64 + 1 {
        let path = dir.path().join(format!("import-{at}.db"));
        copy_db(&v1, &path);
        let db = Db::open(&path).unwrap();
        let cancel = Cancel::new();
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let on_progress = {
            let (token, seen) = (cancel.clone(), seen.clone());
            move |p: &Progress| {
                let mut seen = seen.lock().unwrap();
                seen.push(p.clone());
                if seen.len() as u64 == at {
                    token.cancel();
                }
            }
        };
        let result = import::import_files(&db, &files, &opts, &cancel, &on_progress).await;
        let stored = (at - 1) as usize;
        if stored == FILES {
            assert_eq!(result.unwrap().len(), FILES);
        } else {
            assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
        }
        let v = versions(&db, &ids, per_file);
        let mut expected = vec![2; stored];
        expected.resize(FILES, 1);
        assert_eq!(v, expected, "cancelled after {at} events");
        let seen = seen.lock().unwrap();
        assert!(seen.iter().all(|p| p.step == WorkStep::Importing));
        assert_eq!(seen.last().unwrap().done, stored as u64);
        assert_eq!(seen[0].total, Some(FILES as u64));
        tried += 1;
    }
    // Dropped at random moments: each file whole, then a full import finishes the job.
    let mut rng = Rng(7);
    for n in 0..6 {
        let path = dir.path().join(format!("import-drop-{n}.db"));
        copy_db(&v1, &path);
        let db = Db::open(&path).unwrap();
        let after = Duration::from_micros((rng.unit() * 60_000.0) as u64);
        let _ = tokio::time::timeout(
            after,
            import::import_files(&db, &files, &opts, &Cancel::new(), &|_| {}),
        )
        .await;
        versions(&db, &ids, per_file);
        import::import_files(&db, &files, &opts, &Cancel::new(), &|_| {})
            .await
            .unwrap();
        assert_eq!(versions(&db, &ids, per_file), vec![2; FILES]);
        tried += 1;
    }
    println!("{tried} import cancel points, every file's dataset whole each time");
}
