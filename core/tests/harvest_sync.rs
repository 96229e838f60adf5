//! The harvester under `opendata::sync`, end to end against the fake CKAN portal: listing,
//! conditional downloads and the incremental promise (an unchanged portal costs 0 resource
//! bytes), down to the POIs in the store.

#![allow(clippy::unwrap_used, clippy::expect_used)]

// In a module named after the file so that `cargo test -p campanile-core harvest` runs them.
mod harvest_sync {
    use std::sync::Arc;
    use std::time::Duration;

    use campanile_core::opendata::db;
    use campanile_core::opendata::harvest::{HarvestOptions, Harvester, SearchFilter};
    use campanile_core::opendata::sync::{SyncReport, sync_portal};
    use campanile_core::store::Db;
    use campanile_core::work::Cancel;
    use campanile_testkit::{FakeCkan, FakeDataset, Fault, sample};

    const SMALL_CSV: &str = "id;denominazione;tipologia;comune;latitudine;longitudine\n\
        A1;Museo Diocesano;museo;Fermo;43,1605;13,7181\n\
        A2;Teatro dell'Aquila;attrazione;Fermo;43,1610;13,7190\n";

    fn harvester() -> Harvester {
        Harvester::new(HarvestOptions {
            retries: 1,
            backoff: Duration::from_millis(5),
            timeout: Duration::from_secs(5),
            page_size: 1,
            ..HarvestOptions::default()
        })
        .unwrap()
    }

    async fn sync(store: &Arc<Db>, h: &Harvester, portal: &FakeCkan) -> SyncReport {
        sync_portal(
            store,
            h,
            &portal.url(),
            &SearchFilter::default(),
            &Cancel::new(),
            &|_| {},
        )
        .await
        .unwrap()
    }

    fn stored_pois(store: &Db) -> u64 {
        store.read(db::stats).unwrap().unwrap().pois
    }

    fn portal_with_two_datasets(portal: &FakeCkan, modified: [&str; 2]) {
        portal.add_dataset(FakeDataset::new("luoghi").modified(modified[0]).resource(
            "r-luoghi",
            "/files/luoghi.csv",
            "CSV",
        ));
        portal.add_dataset(FakeDataset::new("fermo").modified(modified[1]).resource(
            "r-fermo",
            "/files/fermo.csv",
            "CSV",
        ));
    }

    #[tokio::test]
    async fn a_second_sync_of_an_unchanged_portal_downloads_nothing() {
        let portal = FakeCkan::start().await;
        let sample = sample::sample_csv().into_bytes();
        portal.set_resource("/files/luoghi.csv", "text/csv", sample.clone());
        portal.set_resource(
            "/files/fermo.csv",
            "text/csv",
            SMALL_CSV.as_bytes().to_vec(),
        );
        let t1 = "2024-01-01T00:00:00.000000";
        portal_with_two_datasets(&portal, [t1, t1]);
        let store = Arc::new(Db::open_in_memory().unwrap());
        let h = harvester();

        let first = sync(&store, &h, &portal).await;
        assert!(first.failures.is_empty(), "{:?}", first.failures);
        assert_eq!(first.datasets, 2);
        assert_eq!(first.resources_changed, 2);
        assert_eq!(
            first.resource_bytes,
            (sample.len() + SMALL_CSV.len()) as u64
        );
        assert_eq!(h.stats().resource_bytes, first.resource_bytes);
        assert!(first.pois_inserted > 2);
        let pois = stored_pois(&store);

        // Same metadata_modified: skipped without touching the resources.
        portal.reset_counters();
        h.reset_stats();
        let second = sync(&store, &h, &portal).await;
        assert_eq!(second.datasets_unchanged, 2);
        assert_eq!(second.resource_bytes, 0);
        assert_eq!(portal.resource_bytes_sent(), 0);
        assert_eq!(portal.requests("/files/luoghi.csv"), 0);
        assert_eq!(h.stats().resource_bytes, 0);
        assert_eq!(stored_pois(&store), pois);

        // New metadata_modified but the same files: conditional GETs, 304, still 0 bytes.
        let t2 = "2024-02-01T00:00:00.000000";
        portal_with_two_datasets(&portal, [t2, t2]);
        portal.reset_counters();
        let third = sync(&store, &h, &portal).await;
        assert_eq!(third.datasets_unchanged, 0);
        assert_eq!(third.resources_unchanged, 2);
        assert_eq!(third.resources_changed, 0);
        assert_eq!(third.resource_bytes, 0);
        assert_eq!(portal.resource_bytes_sent(), 0);
        assert_eq!(portal.requests("/files/fermo.csv"), 1);
        assert!(
            portal.logged("/files/fermo.csv")[0]
                .header("if-none-match")
                .is_some()
        );

        // One file changes: only it comes down again.
        let changed = format!("{SMALL_CSV}A3;Cisterne romane;monumento;Fermo;43,1600;13,7170\n");
        portal.set_resource("/files/fermo.csv", "text/csv", changed.clone().into_bytes());
        let t3 = "2024-03-01T00:00:00.000000";
        portal_with_two_datasets(&portal, [t2, t3]);
        portal.reset_counters();
        let fourth = sync(&store, &h, &portal).await;
        assert_eq!(fourth.datasets_unchanged, 1);
        assert_eq!(fourth.resources_changed, 1);
        assert_eq!(fourth.resource_bytes, changed.len() as u64);
        assert_eq!(portal.resource_bytes_sent(), changed.len() as u64);
        assert_eq!(stored_pois(&store), pois + 1);
    }

    #[tokio::test]
    async fn a_failing_resource_is_reported_as_network_and_retried_next_time() {
        let portal = FakeCkan::start().await;
        portal.set_resource(
            "/files/luoghi.csv",
            "text/csv",
            SMALL_CSV.as_bytes().to_vec(),
        );
        portal.set_resource(
            "/files/fermo.csv",
            "text/csv",
            SMALL_CSV.as_bytes().to_vec(),
        );
        let t1 = "2024-01-01T00:00:00.000000";
        portal_with_two_datasets(&portal, [t1, t1]);
        portal.inject("/files/fermo.csv", Fault::Status(503), u32::MAX);
        let store = Arc::new(Db::open_in_memory().unwrap());
        let h = harvester();

        let first = sync(&store, &h, &portal).await;
        assert_eq!(first.failures.len(), 1, "{:?}", first.failures);
        assert!(first.failures[0].network);
        assert!(first.failures[0].url.ends_with("/files/fermo.csv"));
        assert!(
            first.failures[0].error.contains("503"),
            "{:?}",
            first.failures
        );
        assert_eq!(first.resources_changed, 1);

        // The portal recovers: the failed dataset is looked at again though its
        // metadata_modified did not change.
        portal.clear_faults();
        let second = sync(&store, &h, &portal).await;
        assert!(second.failures.is_empty(), "{:?}", second.failures);
        assert_eq!(second.datasets_unchanged, 1);
        assert_eq!(second.resources_changed, 1);
    }

    /// A dataset deleted from the portal, or left out of the harvested selection, is removed
    /// on sync — its places with it — and named in the report; a local import is not touched,
    /// and a portal that lists nothing removes nothing.
    #[tokio::test]
    async fn datasets_gone_from_the_portal_are_removed_and_reported() {
        let portal = FakeCkan::start().await;
        portal.set_resource(
            "/files/luoghi.csv",
            "text/csv",
            sample::sample_csv().into_bytes(),
        );
        portal.set_resource(
            "/files/fermo.csv",
            "text/csv",
            SMALL_CSV.as_bytes().to_vec(),
        );
        let t1 = "2024-01-01T00:00:00.000000";
        portal_with_two_datasets(&portal, [t1, t1]);
        let store = Arc::new(Db::open_in_memory().unwrap());
        let h = harvester();
        let first = sync(&store, &h, &portal).await;
        assert!(first.datasets_removed.is_empty());
        let all = stored_pois(&store);
        let found = |q: &str| {
            store
                .read(|s| {
                    db::search(
                        s,
                        &db::SearchQuery {
                            text: q.into(),
                            near: None,
                            filter: db::PoiFilter::default(),
                            limit: 5,
                        },
                    )
                })
                .unwrap()
                .unwrap()
                .len()
        };
        let theatres = found("Teatro Aquila");
        assert!(theatres >= 1);

        portal.remove_dataset("id-fermo");
        let second = sync(&store, &h, &portal).await;
        assert_eq!(
            second.datasets_removed,
            vec![("id-fermo".to_string(), "Dataset fermo".to_string())]
        );
        assert_eq!(second.pois_removed, 2);
        assert_eq!(stored_pois(&store), all - 2);
        assert_eq!(found("Teatro Aquila"), theatres - 1);
        assert!(
            store
                .read(|s| db::dataset_state(s, "id-fermo"))
                .unwrap()
                .unwrap()
                .is_none()
        );

        // A selection that leaves "luoghi" out removes it too.
        portal.add_dataset(FakeDataset::new("fermo").tags(&["cultura"]).resource(
            "r-fermo",
            "/files/fermo.csv",
            "CSV",
        ));
        let filter = SearchFilter {
            tags: vec!["cultura".into()],
            ..SearchFilter::default()
        };
        let third = sync_portal(&store, &h, &portal.url(), &filter, &Cancel::new(), &|_| {})
            .await
            .unwrap();
        let gone: Vec<&str> = third
            .datasets_removed
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(gone, ["id-luoghi"]);
        assert_eq!(stored_pois(&store), 2);

        // Nothing listed: nothing removed.
        portal.remove_dataset("id-fermo");
        portal.remove_dataset("id-luoghi");
        let fourth = sync(&store, &h, &portal).await;
        assert_eq!(fourth.datasets, 0);
        assert!(fourth.datasets_removed.is_empty());
        assert_eq!(stored_pois(&store), 2);
    }
}

/// A DCAT catalogue on disk (as a path or a `file:` URL) harvests the files it names next to
/// it; a dataset whose resources are none of CSV, JSON, GeoJSON is named with its formats.
mod harvest_sync_local {
    use std::sync::Arc;

    use campanile_core::opendata::db;
    use campanile_core::opendata::harvest::{HarvestOptions, Harvester, SearchFilter};
    use campanile_core::opendata::sync::sync_portal;
    use campanile_core::store::Db;
    use campanile_core::work::Cancel;

    const CSV: &str = "id;denominazione;tipologia;comune;latitudine;longitudine\n\
        A1;Museo Diocesano;museo;Fermo;43,1605;13,7181\n\
        A2;Teatro dell'Aquila;attrazione;Fermo;43,1610;13,7190\n";

    const CATALOG: &str = r#"@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<ds/musei> a dcat:Dataset ; dct:identifier "c_d542:musei" ; dct:title "Musei" ;
  dcat:distribution [ dcat:downloadURL <musei.csv> ; dct:format "CSV" ] .
<ds/delibere> a dcat:Dataset ; dct:identifier "c_d542:delibere" ; dct:title "Delibere" ;
  dcat:distribution [ dcat:downloadURL <delibere.pdf> ; dct:format "PDF" ] .
<ds/vuoto> a dcat:Dataset ; dct:identifier "c_d542:vuoto" ; dct:title "Vuoto" .
"#;

    #[tokio::test]
    async fn a_catalogue_file_on_disk_is_harvested_and_what_cannot_be_says_why() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("musei.csv"), CSV).unwrap();
        std::fs::write(dir.path().join("delibere.pdf"), b"%PDF-1.4").unwrap();
        let catalog = dir.path().join("catalogo.ttl");
        std::fs::write(&catalog, CATALOG).unwrap();
        let h = Harvester::new(HarvestOptions::default()).unwrap();
        let store = Arc::new(Db::open_in_memory().unwrap());
        let path = catalog.display().to_string();
        let file_url = url::Url::from_file_path(&catalog).unwrap().to_string();
        for portal in [path.as_str(), file_url.as_str()] {
            let report = sync_portal(
                &store,
                &h,
                portal,
                &SearchFilter::default(),
                &Cancel::new(),
                &|_| {},
            )
            .await
            .unwrap();
            assert_eq!(report.datasets, 3, "{portal}");
            assert!(report.failures.is_empty(), "{:?}", report.failures);
            let why: Vec<(&str, Vec<String>)> = report
                .nothing_to_import
                .iter()
                .map(|n| (n.title.as_str(), n.formats.clone()))
                .collect();
            assert_eq!(
                why,
                [("Delibere", vec!["PDF".to_string()]), ("Vuoto", vec![])],
                "{portal}"
            );
        }
        let stats = store.read(db::stats).unwrap().unwrap();
        assert_eq!(stats.pois, 2);
        // A file that is not there says so, naming it.
        let gone = dir.path().join("nessuno.ttl").display().to_string();
        let e = sync_portal(
            &store,
            &h,
            &format!("file://{gone}"),
            &SearchFilter::default(),
            &Cancel::new(),
            &|_| {},
        )
        .await
        .unwrap_err();
        assert!(e.to_string().contains("nessuno.ttl"), "{e}");
    }
}
