//! `opendata::harvest` against the fake CKAN portal of `campanile-testkit`, a real HTTP server
//! on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

// In a module named after the file so that `cargo test -p campanile-core harvest` runs them.
mod harvest {

    use std::collections::HashSet;
    use std::time::{Duration, Instant};

    use campanile_core::opendata::harvest::{
        Fetched, HarvestError, HarvestOptions, Harvester, SearchFilter, Validators,
    };
    use campanile_testkit::{FakeCkan, FakeDataset, Fault};

    const SEARCH: &str = "/api/3/action/package_search";

    /// Small timeouts and backoffs so that failure paths stay fast.
    fn options() -> HarvestOptions {
        HarvestOptions {
            concurrency: 4,
            retries: 3,
            backoff: Duration::from_millis(5),
            max_backoff: Duration::from_secs(2),
            timeout: Duration::from_secs(5),
            max_resource_bytes: 1 << 20,
            page_size: 10,
            ..HarvestOptions::default()
        }
    }

    fn harvester() -> Harvester {
        Harvester::new(options()).unwrap()
    }

    fn body(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| b'a' + ((i as u8).wrapping_add(seed)) % 26)
            .collect()
    }

    // ---------------------------------------------------------------- CKAN listing

    #[tokio::test]
    async fn pages_through_23_datasets_with_rows_10() {
        let portal = FakeCkan::start().await;
        for i in 0..23 {
            portal.add_dataset(FakeDataset::new(&format!("ds-{i:02}")));
        }
        let h = harvester();
        let found = h
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap();
        assert_eq!(found.len(), 23);
        let ids: HashSet<_> = found.iter().map(|p| p.id.clone()).collect();
        assert_eq!(ids.len(), 23, "duplicates");
        for i in 0..23 {
            assert!(ids.contains(&format!("id-ds-{i:02}")));
        }
        let pages = portal.logged(SEARCH);
        assert_eq!(pages.len(), 3);
        let starts: Vec<_> = pages.iter().map(|r| r.param("start").unwrap()).collect();
        assert_eq!(starts, ["0", "10", "20"]);
        assert!(pages.iter().all(|r| r.param("rows") == Some("10")));
    }

    #[tokio::test]
    async fn every_spelling_of_the_portal_address_works() {
        let portal = FakeCkan::start().await;
        portal.add_dataset(FakeDataset::new("uno"));
        let h = harvester();
        for suffix in ["", "/", "/api/3", "/api/3/action", "/api/3/action/"] {
            let found = h
                .list_datasets(
                    &format!("{}{suffix}", portal.url()),
                    &SearchFilter::default(),
                )
                .await
                .unwrap();
            assert_eq!(found.len(), 1, "{suffix:?}");
        }
    }

    #[tokio::test]
    async fn a_portal_whose_count_lies_stops_on_an_empty_page() {
        let portal = FakeCkan::start().await;
        for i in 0..5 {
            portal.add_dataset(FakeDataset::new(&format!("ds-{i}")));
        }
        portal.set_count_override(Some(1000));
        let found = harvester()
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap();
        assert_eq!(found.len(), 5);
        assert_eq!(portal.requests(SEARCH), 2);
    }

    #[tokio::test]
    async fn a_portal_that_repeats_its_pages_gives_no_duplicates() {
        let portal = FakeCkan::start().await;
        for i in 0..23 {
            portal.add_dataset(FakeDataset::new(&format!("ds-{i:02}")));
        }
        portal.set_repeat_pages(true);
        let found = harvester()
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap();
        assert_eq!(found.len(), 10);
        assert_eq!(portal.requests(SEARCH), 2);
    }

    #[tokio::test]
    async fn filters_reach_the_portal_as_fq_and_q() {
        let portal = FakeCkan::start().await;
        portal.add_dataset(
            FakeDataset::new("musei")
                .title("Musei civici")
                .organization("comune-x")
                .tags(&["cultura", "beni \"storici\""])
                .groups(&["turismo"]),
        );
        portal.add_dataset(
            FakeDataset::new("teatri")
                .organization("comune-x")
                .tags(&["cultura"])
                .groups(&["turismo"]),
        );
        portal.add_dataset(FakeDataset::new("scuole").organization("comune-y"));
        let filter = SearchFilter {
            organization: Some("comune-x".into()),
            tags: vec!["cultura".into(), "beni \"storici\"".into()],
            groups: vec!["turismo".into()],
            query: Some("civici".into()),
        };
        let found = harvester()
            .list_datasets(&portal.url(), &filter)
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["musei"]
        );
        let req = &portal.logged(SEARCH)[0];
        assert_eq!(
            req.param("fq"),
            Some(
                r#"organization:"comune-x" AND tags:"cultura" AND tags:"beni \"storici\"" AND groups:"turismo""#
            )
        );
        assert_eq!(req.param("q"), Some("civici"));

        // Without the free text both comune-x datasets with the tag come back.
        let found = harvester()
            .list_datasets(
                &portal.url(),
                &SearchFilter {
                    organization: Some("comune-x".into()),
                    tags: vec!["cultura".into()],
                    ..SearchFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found.len(), 2);
    }

    #[tokio::test]
    async fn modified_since_asks_only_for_newer_datasets() {
        let portal = FakeCkan::start().await;
        portal.add_dataset(FakeDataset::new("old").modified("2023-05-01T10:00:00.000000"));
        portal.add_dataset(FakeDataset::new("new").modified("2024-06-01T10:00:00.000000"));
        let found = harvester()
            .list_datasets_since(
                &portal.url(),
                &SearchFilter::default(),
                Some("2024-01-01T00:00:00"),
            )
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["new"]
        );
        assert_eq!(
            portal.logged(SEARCH)[0].param("fq"),
            Some("metadata_modified:[2024-01-01T00:00:00Z TO *]")
        );
    }

    #[tokio::test]
    async fn package_show_maps_the_package() {
        let portal = FakeCkan::start().await;
        let mut ds = FakeDataset::new("musei")
            .title("Musei")
            .organization("comune-x")
            .tags(&["cultura"])
            .groups(&["turismo"])
            .modified("2024-02-03T04:05:06.000000")
            .resource("r1", "/files/musei.csv", "CSV");
        ds.resources[0].size = Some(1234);
        portal.add_dataset(ds);
        let h = harvester();
        let p = h.package_show(&portal.url(), "musei").await.unwrap();
        assert_eq!(p.id, "id-musei");
        assert_eq!(p.title.as_deref(), Some("Musei"));
        assert_eq!(p.organization.as_deref(), Some("comune-x"));
        assert_eq!(p.organization_title.as_deref(), Some("Org comune-x"));
        assert_eq!(p.tags, ["cultura"]);
        assert_eq!(p.groups, ["turismo"]);
        assert_eq!(p.license_id.as_deref(), Some("cc-by"));
        assert_eq!(
            p.metadata_modified.as_deref(),
            Some("2024-02-03T04:05:06.000000")
        );
        assert_eq!(p.resources.len(), 1);
        assert_eq!(
            p.resources[0].url,
            format!("{}/files/musei.csv", portal.url())
        );
        assert_eq!(p.resources[0].size, Some(1234), "size sent as a string");
        assert_eq!(p.resources[0].format.as_deref(), Some("CSV"));

        let err = h.package_show(&portal.url(), "nope").await.unwrap_err();
        match &err {
            HarvestError::Ckan {
                status, message, ..
            } => {
                assert_eq!(*status, 404);
                assert!(message.contains("Not found"), "{message}");
            }
            other => panic!("{other}"),
        }
        assert!(!err.is_network());
        assert_eq!(portal.requests("/api/3/action/package_show"), 2, "no retry");
    }

    #[tokio::test]
    async fn ckan_success_false_is_a_clear_error() {
        let portal = FakeCkan::start().await;
        portal.inject(
            SEARCH,
            Fault::CkanError {
                status: 409,
                message: "Search Query is invalid".into(),
            },
            1,
        );
        let err = harvester()
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("Search Query is invalid"), "{err}");
        assert!(err.to_string().contains(SEARCH), "{err}");
        assert!(!err.is_network());
    }

    #[tokio::test]
    async fn malformed_json_is_bad_input_not_network() {
        let portal = FakeCkan::start().await;
        portal.add_dataset(FakeDataset::new("uno"));
        portal.inject(SEARCH, Fault::MalformedJson, 1);
        let err = harvester()
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap_err();
        assert!(matches!(err, HarvestError::Json { line: 1, .. }), "{err}");
        assert!(!err.is_network());
        assert!(err.to_string().contains("malformed JSON"), "{err}");
        assert_eq!(portal.requests(SEARCH), 1, "bad input is not retried");
    }

    #[tokio::test]
    async fn api_5xx_is_retried() {
        let portal = FakeCkan::start().await;
        portal.add_dataset(FakeDataset::new("uno"));
        portal.inject(SEARCH, Fault::Status(502), 2);
        let h = harvester();
        let found = h
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(portal.requests(SEARCH), 3);
        assert_eq!(h.stats().retries, 2);
    }

    // ---------------------------------------------------------------- downloads

    #[tokio::test]
    async fn etag_makes_the_second_fetch_transfer_nothing() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/a.csv", "text/csv", body(5000, 0));
        let url = format!("{}/files/a.csv", portal.url());
        let h = harvester();

        let first = h.fetch_resource(&url, None).await.unwrap();
        let Fetched::Changed {
            body: got,
            validators,
        } = first
        else {
            panic!("{first:?}")
        };
        assert_eq!(got, body(5000, 0));
        assert!(validators.etag.is_some());
        assert_eq!(h.stats().resource_bytes, 5000);

        h.reset_stats();
        portal.reset_counters();
        let second = h.fetch_resource(&url, Some(&validators)).await.unwrap();
        assert_eq!(second, Fetched::NotModified);
        assert_eq!(h.stats().resource_bytes, 0);
        assert_eq!(h.stats().not_modified, 1);
        assert_eq!(portal.resource_bytes_sent(), 0);
        let req = &portal.logged("/files/a.csv")[0];
        assert_eq!(req.header("if-none-match"), validators.etag.as_deref());
    }

    #[tokio::test]
    async fn last_modified_alone_is_enough() {
        let portal = FakeCkan::start().await;
        portal.set_validators(false, true);
        portal.set_resource("/files/b.json", "application/json", b"{\"a\":1}".to_vec());
        let url = format!("{}/files/b.json", portal.url());
        let h = harvester();
        let Fetched::Changed { validators, .. } = h.fetch_resource(&url, None).await.unwrap()
        else {
            panic!()
        };
        assert_eq!(validators.etag, None);
        assert!(validators.last_modified.is_some());
        portal.reset_counters();
        assert_eq!(
            h.fetch_resource(&url, Some(&validators)).await.unwrap(),
            Fetched::NotModified
        );
        assert_eq!(portal.resource_bytes_sent(), 0);
        let req = &portal.logged("/files/b.json")[0];
        assert_eq!(
            req.header("if-modified-since"),
            validators.last_modified.as_deref()
        );
        assert_eq!(req.header("if-none-match"), None);

        // A new version gets a later Last-Modified and comes through.
        portal.set_resource("/files/b.json", "application/json", b"{\"a\":2}".to_vec());
        match h.fetch_resource(&url, Some(&validators)).await.unwrap() {
            Fetched::Changed { body, .. } => assert_eq!(body, b"{\"a\":2}"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn without_validators_the_hash_tells_same_from_changed() {
        let portal = FakeCkan::start().await;
        portal.set_validators(false, false);
        portal.set_resource("/files/c.csv", "text/csv", body(100, 1));
        let url = format!("{}/files/c.csv", portal.url());
        let h = harvester();
        let Fetched::Changed { validators, .. } = h.fetch_resource(&url, None).await.unwrap()
        else {
            panic!()
        };
        match h.fetch_resource(&url, Some(&validators)).await.unwrap() {
            Fetched::Same {
                validators: v,
                bytes,
            } => {
                assert_eq!(bytes, 100);
                assert_eq!(v.sha256, validators.sha256);
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_resync_downloads_only_what_changed_in_input_order() {
        let portal = FakeCkan::start().await;
        let paths: Vec<String> = (0..6).map(|i| format!("/files/r{i}.csv")).collect();
        for (i, p) in paths.iter().enumerate() {
            portal.set_resource(p, "text/csv", body(1000 + i, i as u8));
        }
        let h = harvester();
        let urls: Vec<String> = paths
            .iter()
            .map(|p| format!("{}{p}", portal.url()))
            .collect();
        let first = h
            .fetch_resources(urls.iter().map(|u| (u.clone(), None)).collect())
            .await;
        let mut validators: Vec<Validators> = Vec::new();
        for (i, r) in first.into_iter().enumerate() {
            match r.unwrap() {
                Fetched::Changed {
                    body: b,
                    validators: v,
                } => {
                    assert_eq!(b, body(1000 + i, i as u8), "order");
                    validators.push(v);
                }
                other => panic!("{other:?}"),
            }
        }

        // Nothing changed: 0 resource bytes.
        h.reset_stats();
        portal.reset_counters();
        let again = h
            .fetch_resources(
                urls.iter()
                    .cloned()
                    .zip(validators.iter().cloned().map(Some))
                    .collect(),
            )
            .await;
        assert!(again.iter().all(|r| matches!(r, Ok(Fetched::NotModified))));
        assert_eq!(h.stats().resource_bytes, 0);
        assert_eq!(portal.resource_bytes_sent(), 0);

        // One changed.
        portal.set_resource(&paths[2], "text/csv", b"nuovo".to_vec());
        h.reset_stats();
        let third = h
            .fetch_resources(
                urls.iter()
                    .cloned()
                    .zip(validators.iter().cloned().map(Some))
                    .collect(),
            )
            .await;
        for (i, r) in third.into_iter().enumerate() {
            match (i, r.unwrap()) {
                (2, Fetched::Changed { body, .. }) => assert_eq!(body, b"nuovo"),
                (2, other) => panic!("{other:?}"),
                (_, Fetched::NotModified) => {}
                (_, other) => panic!("{i}: {other:?}"),
            }
        }
        assert_eq!(h.stats().resource_bytes, 5);
    }

    #[tokio::test]
    async fn concurrency_is_bounded() {
        let portal = FakeCkan::start().await;
        let mut urls = Vec::new();
        for i in 0..9 {
            let path = format!("/files/slow{i}.csv");
            portal.set_resource(&path, "text/csv", body(10, i));
            portal.inject(
                &path,
                Fault::StallBeforeHeaders(Duration::from_millis(150)),
                1,
            );
            urls.push((format!("{}{path}", portal.url()), None));
        }
        let h = Harvester::new(HarvestOptions {
            concurrency: 3,
            ..options()
        })
        .unwrap();
        let results = h.fetch_resources(urls).await;
        assert!(results.iter().all(Result::is_ok));
        let max = portal.max_in_flight();
        assert!((2..=3).contains(&max), "max in flight {max}");
    }

    #[tokio::test]
    async fn too_many_requests_then_success_honours_retry_after() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/r.csv", "text/csv", body(10, 0));
        portal.inject(
            "/files/r.csv",
            Fault::TooManyRequests {
                retry_after: Some("1".into()),
            },
            1,
        );
        let h = harvester();
        let t = Instant::now();
        let got = h
            .fetch_resource(&format!("{}/files/r.csv", portal.url()), None)
            .await
            .unwrap();
        assert!(matches!(got, Fetched::Changed { .. }));
        assert!(
            t.elapsed() >= Duration::from_millis(950),
            "{:?}",
            t.elapsed()
        );
        assert_eq!(h.stats().retries, 1);
        assert_eq!(portal.requests("/files/r.csv"), 2);
    }

    #[tokio::test]
    async fn a_long_retry_after_is_capped_by_max_backoff() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/r.csv", "text/csv", body(10, 0));
        portal.inject(
            "/files/r.csv",
            Fault::TooManyRequests {
                retry_after: Some("3600".into()),
            },
            1,
        );
        portal.inject("/files/r.csv", Fault::Status(503), 1);
        let h = Harvester::new(HarvestOptions {
            max_backoff: Duration::from_millis(100),
            ..options()
        })
        .unwrap();
        let t = Instant::now();
        let got = h
            .fetch_resource(&format!("{}/files/r.csv", portal.url()), None)
            .await
            .unwrap();
        assert!(matches!(got, Fetched::Changed { .. }));
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert_eq!(h.stats().retries, 2);
    }

    #[tokio::test]
    async fn too_many_requests_forever_is_a_network_error() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/r.csv", "text/csv", body(10, 0));
        portal.inject(
            "/files/r.csv",
            Fault::TooManyRequests { retry_after: None },
            u32::MAX,
        );
        let err = harvester()
            .fetch_resource(&format!("{}/files/r.csv", portal.url()), None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                HarvestError::Unavailable {
                    status: 429,
                    attempts: 4,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.is_network());
    }

    #[tokio::test]
    async fn server_errors_then_success() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/r.csv", "text/csv", body(10, 0));
        portal.inject("/files/r.csv", Fault::Status(500), 1);
        portal.inject("/files/r.csv", Fault::Status(503), 1);
        let h = harvester();
        let got = h
            .fetch_resource(&format!("{}/files/r.csv", portal.url()), None)
            .await
            .unwrap();
        assert!(matches!(got, Fetched::Changed { .. }));
        assert_eq!(portal.requests("/files/r.csv"), 3);
        assert_eq!(h.stats().retries, 2);
        assert_eq!(h.stats().requests, 3);
    }

    #[tokio::test]
    async fn server_errors_forever_fail_after_the_retries() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/r.csv", "text/csv", body(10, 0));
        portal.inject("/files/r.csv", Fault::Status(503), u32::MAX);
        let url = format!("{}/files/r.csv", portal.url());
        let err = harvester().fetch_resource(&url, None).await.unwrap_err();
        match &err {
            HarvestError::Unavailable {
                url: u,
                status,
                attempts,
            } => {
                assert_eq!(u, &url);
                assert_eq!(*status, 503);
                assert_eq!(*attempts, 4);
            }
            other => panic!("{other}"),
        }
        assert!(err.is_network());
        assert_eq!(portal.requests("/files/r.csv"), 4);
    }

    #[tokio::test]
    async fn a_stall_is_a_timeout() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/r.csv", "text/csv", body(10, 0));
        portal.set_resource("/files/s.csv", "text/csv", body(1000, 0));
        portal.inject(
            "/files/r.csv",
            Fault::StallBeforeHeaders(Duration::from_secs(10)),
            u32::MAX,
        );
        portal.inject(
            "/files/s.csv",
            Fault::StallMidBody(Duration::from_secs(10)),
            u32::MAX,
        );
        let h = Harvester::new(HarvestOptions {
            timeout: Duration::from_millis(300),
            retries: 1,
            ..options()
        })
        .unwrap();
        for path in ["/files/r.csv", "/files/s.csv"] {
            let t = Instant::now();
            let err = h
                .fetch_resource(&format!("{}{path}", portal.url()), None)
                .await
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    HarvestError::Timeout {
                        timeout_ms: 300,
                        ..
                    }
                ),
                "{path}: {err}"
            );
            assert!(err.is_network());
            assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
            assert_eq!(portal.requests(path), 2, "retried once");
        }
    }

    #[tokio::test]
    async fn a_truncated_body_is_an_error_and_is_retried() {
        let portal = FakeCkan::start().await;
        portal.set_resource("/files/t.csv", "text/csv", body(1000, 0));
        portal.inject("/files/t.csv", Fault::Truncate { send: 100 }, u32::MAX);
        let url = format!("{}/files/t.csv", portal.url());
        let err = harvester().fetch_resource(&url, None).await.unwrap_err();
        assert!(
            matches!(
                err,
                HarvestError::Truncated {
                    received: 100,
                    expected: 1000,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.is_network());
        assert_eq!(portal.requests("/files/t.csv"), 4);

        portal.clear_faults();
        portal.inject("/files/t.csv", Fault::Truncate { send: 10 }, 1);
        match harvester().fetch_resource(&url, None).await.unwrap() {
            Fetched::Changed { body: b, .. } => assert_eq!(b, body(1000, 0)),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn not_found_is_a_clear_immediate_error() {
        let portal = FakeCkan::start().await;
        let url = format!("{}/files/missing.csv", portal.url());
        let err = harvester().fetch_resource(&url, None).await.unwrap_err();
        assert!(
            matches!(&err, HarvestError::Status { status: 404, url: u } if *u == url),
            "{err}"
        );
        assert!(err.to_string().contains("404") && err.to_string().contains(&url));
        assert!(!err.is_network());
        assert_eq!(portal.requests("/files/missing.csv"), 1);
    }

    #[tokio::test]
    async fn the_size_cap_is_enforced() {
        let portal = FakeCkan::start().await;
        let big = 4 << 20;
        portal.set_resource("/files/big.csv", "text/csv", body(big, 0));
        let url = format!("{}/files/big.csv", portal.url());
        let h = Harvester::new(HarvestOptions {
            max_resource_bytes: 1000,
            ..options()
        })
        .unwrap();
        // Told up front by Content-Length: nothing read.
        let err = h.fetch_resource(&url, None).await.unwrap_err();
        assert!(
            matches!(
                err,
                HarvestError::TooLarge {
                    size,
                    limit: 1000,
                    ..
                } if size == big as u64
            ),
            "{err}"
        );
        assert!(!err.is_network());
        assert_eq!(h.stats().resource_bytes, 0);
        // No Content-Length: stopped while streaming.
        portal.inject("/files/big.csv", Fault::CloseDelimited, 1);
        let err = h.fetch_resource(&url, None).await.unwrap_err();
        assert!(
            matches!(err, HarvestError::TooLarge { size, limit: 1000, .. } if size > 1000),
            "{err}"
        );
        assert!(h.stats().resource_bytes < big as u64, "stopped early");
        assert_eq!(portal.requests("/files/big.csv"), 2, "not retried");
        // A body without Content-Length under the cap is fine.
        portal.set_resource("/files/small.csv", "text/csv", body(500, 0));
        portal.inject("/files/small.csv", Fault::CloseDelimited, 1);
        let got = h
            .fetch_resource(&format!("{}/files/small.csv", portal.url()), None)
            .await
            .unwrap();
        assert!(matches!(got, Fetched::Changed { ref body, .. } if body.len() == 500));
    }

    #[tokio::test]
    async fn connection_refused_is_a_network_error() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let h = Harvester::new(HarvestOptions {
            retries: 1,
            ..options()
        })
        .unwrap();
        let err = h
            .fetch_resource(&format!("http://{addr}/x.csv"), None)
            .await
            .unwrap_err();
        assert!(matches!(err, HarvestError::Network { .. }), "{err}");
        assert!(err.is_network());
        assert_eq!(h.stats().requests, 2);
    }

    #[tokio::test]
    async fn a_url_that_is_not_http_is_refused() {
        let err = harvester()
            .fetch_resource("ftp://example.org/a.csv", None)
            .await
            .unwrap_err();
        assert!(matches!(err, HarvestError::InvalidUrl { .. }), "{err}");
        assert!(!err.is_network());
    }

    // ---------------------------------------------------------------- DCAT

    const CATALOG_TTL: &str = r#"@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcatapit: <http://dati.gov.it/onto/dcatapit#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

<#catalog> a dcatapit:Catalog, dcat:Catalog ;
  dct:title "Catalogo del Comune di Prova"@it ;
  dcat:dataset <dataset/musei>, <dataset/parcheggi> .

<dataset/musei> a dcatapit:Dataset, dcat:Dataset ;
  dct:identifier "c_z999:musei" ;
  dct:title "Musei"@it, "Museums"@en ;
  dct:description "Elenco dei musei"@it ;
  dcat:keyword "cultura"@it, "musei"@it ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/EDUC> ;
  dct:publisher _:comune ;
  dct:modified "2024-03-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  dcat:distribution <dataset/musei/csv>, <dataset/musei/geojson> .

<dataset/parcheggi> a dcat:Dataset ;
  dct:identifier "c_z999:parcheggi" ;
  dct:title "Parcheggi" ;
  dcat:keyword "mobilità" ;
  dct:publisher _:comune ;
  dcat:distribution [ a dcat:Distribution ; dcat:accessURL <files/parcheggi.csv> ;
                      dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ] .

_:comune a foaf:Organization ; dct:identifier "c_z999" ; foaf:name "Comune di Prova" .

<dataset/musei/csv> a dcat:Distribution ;
  dct:title "Musei (CSV)" ;
  dcat:downloadURL <files/musei.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
  dct:license <https://creativecommons.org/licenses/by/4.0/> .
<dataset/musei/geojson> a dcat:Distribution ;
  dcat:accessURL <files/musei.geojson> ;
  dcat:mediaType <http://www.iana.org/assignments/media-types/application/geo+json> .
"#;

    const CATALOG_RDF: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/"
         xmlns:dcatapit="http://dati.gov.it/onto/dcatapit#" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <dcatapit:Catalog rdf:about="catalog">
    <dcat:dataset rdf:resource="dataset/musei"/>
  </dcatapit:Catalog>
  <dcatapit:Dataset rdf:about="dataset/musei">
    <dct:identifier>c_z999:musei</dct:identifier>
    <dct:title xml:lang="en">Museums</dct:title>
    <dct:title xml:lang="it">Musei</dct:title>
    <dcat:keyword>cultura</dcat:keyword>
    <dct:publisher>
      <dcatapit:Agent>
        <dct:identifier>c_z999</dct:identifier>
        <foaf:name>Comune di Prova</foaf:name>
      </dcatapit:Agent>
    </dct:publisher>
    <dcat:distribution>
      <dcatapit:Distribution>
        <dcat:accessURL rdf:resource="files/musei.csv"/>
        <dct:format rdf:resource="http://publications.europa.eu/resource/authority/file-type/CSV"/>
        <dct:title>Musei CSV</dct:title>
      </dcatapit:Distribution>
    </dcat:distribution>
    <dcat:distribution rdf:resource="dataset/musei/json"/>
  </dcatapit:Dataset>
  <dcatapit:Distribution rdf:about="dataset/musei/json">
    <dcat:downloadURL rdf:resource="files/musei.json"/>
    <dct:format>JSON</dct:format>
  </dcatapit:Distribution>
</rdf:RDF>
"#;

    #[tokio::test]
    async fn a_dcat_catalogue_in_turtle_is_listed() {
        let portal = FakeCkan::start().await;
        portal.set_document(
            "/catalog.ttl",
            "text/turtle",
            CATALOG_TTL.as_bytes().to_vec(),
        );
        let h = harvester();
        let found = h
            .list_datasets(
                &format!("{}/catalog.ttl", portal.url()),
                &SearchFilter::default(),
            )
            .await
            .unwrap();
        assert_eq!(found.len(), 2);
        let musei = &found[0];
        assert_eq!(musei.id, "c_z999:musei");
        assert_eq!(musei.title.as_deref(), Some("Musei"));
        assert_eq!(musei.tags, ["cultura", "musei"]);
        assert_eq!(musei.groups, ["EDUC"]);
        assert_eq!(musei.organization.as_deref(), Some("c_z999"));
        assert_eq!(musei.organization_title.as_deref(), Some("Comune di Prova"));
        assert_eq!(musei.metadata_modified.as_deref(), Some("2024-03-01"));
        assert_eq!(musei.resources.len(), 2);
        assert_eq!(
            musei.resources[0].url,
            format!("{}/files/musei.csv", portal.url())
        );
        assert_eq!(musei.resources[0].format.as_deref(), Some("CSV"));
        assert_eq!(
            musei.resources[1].mimetype.as_deref(),
            Some("application/geo+json")
        );
        let parcheggi = &found[1];
        assert_eq!(parcheggi.resources.len(), 1, "blank-node distribution");
        assert_eq!(
            parcheggi.resources[0].url,
            format!("{}/files/parcheggi.csv", portal.url())
        );
        assert_eq!(portal.requests(SEARCH), 0, "not taken for CKAN");

        // Filters apply to catalogues too.
        let only = h
            .list_datasets(
                &format!("{}/catalog.ttl", portal.url()),
                &SearchFilter {
                    tags: vec!["mobilità".into()],
                    ..SearchFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].id, "c_z999:parcheggi");
    }

    #[tokio::test]
    async fn a_dcat_catalogue_in_rdf_xml_is_listed() {
        let portal = FakeCkan::start().await;
        portal.set_document(
            "/catalog.rdf",
            "application/rdf+xml",
            CATALOG_RDF.as_bytes().to_vec(),
        );
        let found = harvester()
            .list_datasets(
                &format!("{}/catalog.rdf", portal.url()),
                &SearchFilter::default(),
            )
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        let musei = &found[0];
        assert_eq!(musei.title.as_deref(), Some("Musei"), "Italian preferred");
        assert_eq!(musei.organization_title.as_deref(), Some("Comune di Prova"));
        let urls: Vec<_> = musei.resources.iter().map(|r| r.url.clone()).collect();
        assert_eq!(
            urls,
            [
                format!("{}/files/musei.csv", portal.url()),
                format!("{}/files/musei.json", portal.url())
            ]
        );
        let formats: Vec<_> = musei.resources.iter().map(|r| r.format.clone()).collect();
        assert_eq!(formats, [Some("CSV".into()), Some("JSON".into())]);
    }

    const CATALOG_JSONLD: &str = r#"{
  "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
               "foaf": "http://xmlns.com/foaf/0.1/"},
  "@graph": [
    {"@id": "dataset/musei", "@type": "dcat:Dataset", "dct:identifier": "c_z999:musei",
     "dct:title": {"@value": "Musei", "@language": "it"}, "dcat:keyword": ["cultura", "musei"],
     "dct:publisher": {"@id": "_:comune"},
     "dcat:distribution": {"@id": "dataset/musei/csv"}},
    {"@id": "dataset/parcheggi", "@type": "dcat:Dataset", "dct:identifier": "c_z999:parcheggi",
     "dct:title": "Parcheggi", "dcat:keyword": "mobilità", "dct:publisher": {"@id": "_:comune"},
     "dcat:distribution": {"dcat:accessURL": {"@id": "files/parcheggi.csv"},
       "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/CSV"}}},
    {"@id": "_:comune", "dct:identifier": "c_z999", "foaf:name": "Comune di Prova"},
    {"@id": "dataset/musei/csv", "dcat:downloadURL": {"@id": "files/musei.csv"},
     "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/CSV"}}
  ]
}"#;

    /// DCAT catalogues in JSON-LD are listed like Turtle and RDF/XML ones: by extension, by
    /// `Content-Type`, or by their first byte when the server says only `application/json`.
    #[tokio::test]
    async fn a_dcat_catalogue_in_json_ld_is_listed() {
        let portal = FakeCkan::start().await;
        portal.set_document(
            "/catalog.jsonld",
            "application/ld+json",
            CATALOG_JSONLD.as_bytes().to_vec(),
        );
        portal.set_document(
            "/opendata/catalogo",
            "application/json",
            CATALOG_JSONLD.as_bytes().to_vec(),
        );
        for path in ["/catalog.jsonld", "/opendata/catalogo"] {
            let found = harvester()
                .list_datasets(&format!("{}{path}", portal.url()), &SearchFilter::default())
                .await
                .unwrap();
            let ids: Vec<&str> = found.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(ids, ["c_z999:musei", "c_z999:parcheggi"], "{path}");
            assert_eq!(
                found[0].organization_title.as_deref(),
                Some("Comune di Prova")
            );
            let base = path.rsplit_once('/').map_or("", |(b, _)| b);
            assert_eq!(
                found[0].resources[0].url,
                format!("{}{base}/files/musei.csv", portal.url())
            );
            assert_eq!(found[1].resources[0].format.as_deref(), Some("CSV"));
        }
    }

    #[tokio::test]
    async fn a_catalogue_without_extension_is_told_by_its_content_type() {
        let portal = FakeCkan::start().await;
        portal.set_document(
            "/opendata/dcat",
            "text/turtle; charset=utf-8",
            CATALOG_TTL.as_bytes().to_vec(),
        );
        let found = harvester()
            .list_datasets(
                &format!("{}/opendata/dcat", portal.url()),
                &SearchFilter::default(),
            )
            .await
            .unwrap();
        assert_eq!(found.len(), 2);
        // A page that is neither CKAN nor RDF keeps CKAN's error.
        portal.set_document("/home", "text/html", b"<html></html>".to_vec());
        let err = harvester()
            .list_datasets(&format!("{}/home", portal.url()), &SearchFilter::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, HarvestError::Status { status: 404, .. }),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_broken_catalogue_says_line_and_column() {
        let portal = FakeCkan::start().await;
        let broken = CATALOG_TTL.replace("dct:title \"Parcheggi\" ;", "dct:title \"Parcheggi ;");
        portal.set_document("/catalog.ttl", "text/turtle", broken.into_bytes());
        let err = harvester()
            .list_datasets(
                &format!("{}/catalog.ttl", portal.url()),
                &SearchFilter::default(),
            )
            .await
            .unwrap_err();
        match &err {
            HarvestError::Rdf { line, column, .. } => {
                assert!(*line >= 22, "line {line}");
                assert!(*column >= 1);
            }
            other => panic!("{other}"),
        }
        assert!(!err.is_network());
        assert!(err.to_string().contains("line"), "{err}");
    }

    #[tokio::test]
    async fn a_paged_dcat_catalogue_is_followed_through_hydra_next_page() {
        let portal = FakeCkan::start().await;
        let page = |n: u32, datasets: &[&str], next: Option<&str>| {
            let mut ttl = String::from(
                "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n",
            );
            for d in datasets {
                ttl.push_str(&format!(
                    "<ds/{d}> a dcat:Dataset ; dct:identifier \"{d}\" ; dct:title \"{d}\" .\n"
                ));
            }
            if let Some(next) = next {
                ttl.push_str(&format!(
                    "<catalog-{n}.ttl> a hydra:PagedCollection ; hydra:nextPage \"{next}\" .\n"
                ));
            }
            ttl.into_bytes()
        };
        let base = portal.url();
        portal.set_document(
            "/catalog.ttl",
            "text/turtle",
            page(1, &["a", "b"], Some(&format!("{base}/catalog-2.ttl"))),
        );
        // Relative next page, a repeated dataset, and a last page pointing back to the first.
        portal.set_document(
            "/catalog-2.ttl",
            "text/turtle",
            page(2, &["b", "c"], Some("catalog-3.ttl")),
        );
        portal.set_document(
            "/catalog-3.ttl",
            "text/turtle",
            page(3, &["d"], Some(&format!("{base}/catalog.ttl"))),
        );
        let found = harvester()
            .list_datasets(&format!("{base}/catalog.ttl"), &SearchFilter::default())
            .await
            .unwrap();
        let ids: Vec<_> = found.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(portal.requests("/catalog.ttl"), 1);
        assert_eq!(portal.requests("/catalog-2.ttl"), 1);
        assert_eq!(portal.requests("/catalog-3.ttl"), 1);
    }

    #[tokio::test]
    async fn re_harvesting_an_unchanged_portal_downloads_zero_resource_bytes() {
        let portal = FakeCkan::start().await;
        for d in 0..3 {
            let mut ds = FakeDataset::new(&format!("ds{d}"));
            for r in 0..2 {
                let path = format!("/dataset/ds{d}/r{r}.csv");
                portal.set_resource(&path, "text/csv", body(300 + r, d as u8));
                ds = ds.resource(&format!("ds{d}-r{r}"), &path, "CSV");
            }
            portal.add_dataset(ds);
        }
        let h = harvester();
        let mut known: std::collections::HashMap<String, Validators> = Default::default();
        for round in 0..2 {
            h.reset_stats();
            portal.reset_counters();
            let packages = h
                .list_datasets(&portal.url(), &SearchFilter::default())
                .await
                .unwrap();
            let requests: Vec<_> = packages
                .iter()
                .flat_map(|p| &p.resources)
                .map(|r| (r.url.clone(), known.get(&r.url).cloned()))
                .collect();
            assert_eq!(requests.len(), 6);
            let urls: Vec<_> = requests.iter().map(|(u, _)| u.clone()).collect();
            for (url, result) in urls.iter().zip(h.fetch_resources(requests).await) {
                match (round, result.unwrap()) {
                    (0, Fetched::Changed { validators, .. }) => {
                        known.insert(url.clone(), validators);
                    }
                    (1, Fetched::NotModified) => {}
                    (_, other) => panic!("round {round}: {other:?}"),
                }
            }
            let stats = h.stats();
            if round == 0 {
                assert_eq!(stats.resource_bytes, 3 * (300 + 301));
            } else {
                assert_eq!(stats.resource_bytes, 0);
                assert_eq!(stats.not_modified, 6);
                assert_eq!(portal.resource_bytes_sent(), 0);
            }
        }
    }
}
