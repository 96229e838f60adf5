//! `opendata::harvest` on real public files: CKAN API v3 answers and a comune's DCAT-AP_IT
//! catalogue, served by the fake portal on 127.0.0.1 exactly as they are. The files live in the
//! folder named by `CAMPANILE_REAL_DATA` (see `shared/realdata/README.md`); without it these tests
//! are skipped, saying so (`campanile_testkit::realdata`), or fail when `CI` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

// In a module named after the file so that `cargo test -p campanile-core harvest` runs them.
mod harvest_realdata {

    use std::path::PathBuf;

    use campanile_core::opendata::harvest::{
        DcatFormat, HarvestOptions, Harvester, SearchFilter, ckan, read_dcat,
    };
    use campanile_testkit::FakeCkan;

    /// The file `name` of `$CAMPANILE_REAL_DATA/opendata/`, which `test` reads; `None` when the
    /// test is skipped, saying so (it fails instead when `CI` is set).
    #[track_caller]
    fn real_file(test: &str, name: &str) -> Option<(PathBuf, Vec<u8>)> {
        let test = format!("{}/{}::{test}", env!("CARGO_PKG_NAME"), module_path!());
        let dir = campanile_testkit::realdata::dir(&test, &[&format!("opendata/{name}")])?;
        let path = dir.join("opendata").join(name);
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("CAMPANILE_REAL_DATA is set but {}: {e}", path.display()));
        Some((path, bytes))
    }

    fn harvester() -> Harvester {
        Harvester::new(HarvestOptions {
            retries: 0,
            timeout: std::time::Duration::from_secs(5),
            ..HarvestOptions::default()
        })
        .unwrap()
    }

    #[tokio::test]
    async fn ckan_demo_package_show() {
        let Some((_, bytes)) = real_file("ckan_demo_package_show", "ckan_demo_package_show.json")
        else {
            return;
        };
        let portal = FakeCkan::start().await;
        portal.set_document("/api/3/action/package_show", "application/json", bytes);
        let p = harvester()
            .package_show(&portal.url(), "17be64bb-da74-4195-9bb8-565c39846af2")
            .await
            .unwrap();
        assert_eq!(p.id, "17be64bb-da74-4195-9bb8-565c39846af2");
        assert_eq!(p.name, "2016-regione-asia-est-oceania-classi-di-eta");
        assert_eq!(
            p.title.as_deref(),
            Some("2016 Regione Asia Est Oceania * Classi di età")
        );
        assert_eq!(p.organization.as_deref(), Some("sdb"));
        assert_eq!(p.organization_title.as_deref(), Some("SDB"));
        assert_eq!(p.tags, ["2016", "RASE", "età"]);
        assert!(p.groups.is_empty());
        assert_eq!(p.license_id.as_deref(), Some("cc-by"));
        assert_eq!(
            p.license_title.as_deref(),
            Some("Creative Commons Attribution")
        );
        assert_eq!(
            p.license_url.as_deref(),
            Some("http://www.opendefinition.org/licenses/cc-by")
        );
        assert_eq!(
            p.metadata_modified.as_deref(),
            Some("2017-07-05T19:29:07.136124")
        );
        assert_eq!(p.resources.len(), 1);
        let r = &p.resources[0];
        assert_eq!(r.id, "a5cd573b-5565-48f1-9b2d-8726004cb020");
        assert!(r.url.ends_with("/download/20161231_rase.csv"), "{}", r.url);
        assert_eq!(r.format.as_deref(), Some("CSV"));
        assert_eq!(r.name.as_deref(), Some("20161231_RASE.csv"));
        assert_eq!(r.mimetype, None, "null in the answer");
        assert_eq!(r.size, None, "null in the answer");
        assert_eq!(r.last_modified, None);
    }

    #[tokio::test]
    async fn ckan_demo_package_search() {
        let Some((_, bytes)) =
            real_file("ckan_demo_package_search", "ckan_demo_package_search.json")
        else {
            return;
        };
        // The mapping alone…
        let page = ckan::parse_search_answer("file", 200, &bytes).unwrap();
        assert_eq!(page.count, 3);
        assert_eq!(page.packages.len(), 3);

        // …and a whole listing through HTTP.
        let portal = FakeCkan::start().await;
        portal.set_document("/api/3/action/package_search", "application/json", bytes);
        let found = harvester()
            .list_datasets(&portal.url(), &SearchFilter::default())
            .await
            .unwrap();
        assert_eq!(found, page.packages);
        assert_eq!(portal.requests("/api/3/action/package_search"), 1);
        let names: Vec<_> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "100-validated-species-of-plants",
                "1617in10-regulation-of-sale-of-overseas-properties-20170426-c",
                "2016-regione-asia-est-oceania-classi-di-eta"
            ]
        );
        assert_eq!(found[0].organization, None, "organization: null");
        assert_eq!(
            found[0].tags,
            ["flower", "image recognition", "machine learning"]
        );
        assert_eq!(found[1].resources[0].format.as_deref(), Some("PDF"));
        assert_eq!(found[2].organization.as_deref(), Some("sdb"));
        assert!(found.iter().all(|p| p.resources.len() == 1));
    }

    fn check_alessandria(packages: &[campanile_core::opendata::harvest::Package]) {
        assert_eq!(packages.len(), 5);
        let distributions: usize = packages.iter().map(|p| p.resources.len()).sum();
        assert_eq!(distributions, 20);
        let counts: Vec<_> = packages.iter().map(|p| p.resources.len()).collect();
        assert_eq!(counts, [2, 4, 4, 2, 8]);
        let ids: Vec<_> = packages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "c_a182:segnalazioni-municipium",
                "c_a182:numeri-civici",
                "c_a182:alberi",
                "c_a182:viario",
                "c_a182:ingressi-biblioteca"
            ]
        );
        let p = &packages[0];
        assert_eq!(p.name, "segnalazioni-municipium");
        assert_eq!(p.title.as_deref(), Some("Segnalazioni Municipium"));
        assert_eq!(
            p.notes.as_deref(),
            Some("Segnalazioni giunte attraverso l'app Municipium")
        );
        assert_eq!(
            p.tags,
            ["Segnalazioni", "Malfunzionamenti", "Problematiche"]
        );
        assert_eq!(p.groups, ["SOCI"]);
        assert_eq!(p.organization.as_deref(), Some("c_a182"));
        assert_eq!(
            p.organization_title.as_deref(),
            Some("Comune di Alessandria")
        );
        assert_eq!(p.metadata_modified.as_deref(), Some("2026-02-03"));
        assert_eq!(
            p.license_url.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        assert_eq!(
            p.license_title.as_deref(),
            Some("Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)")
        );
        let csv = &p.resources[0];
        assert_eq!(
            csv.url,
            "https://raw.githubusercontent.com/ComunediAlessandria/open-data/refs/heads/main/dataset/segnalazioni-municipium/segnalazioni-municipium.csv"
        );
        assert_eq!(csv.format.as_deref(), Some("CSV"));
        assert_eq!(csv.name.as_deref(), Some("Segnalazioni.CSV"));
        assert_eq!(
            csv.id,
            "https://github.com/ComunediAlessandria/open-data/segnalazioni-municipium/csv2"
        );
        let formats: Vec<_> = packages
            .iter()
            .flat_map(|p| &p.resources)
            .map(|r| r.format.clone().unwrap_or_default())
            .collect();
        assert_eq!(formats.iter().filter(|f| *f == "CSV").count(), 8);
        assert_eq!(formats.iter().filter(|f| *f == "ZIP").count(), 10);
        assert_eq!(formats.iter().filter(|f| *f == "GPKG").count(), 2);
        assert!(
            packages
                .iter()
                .flat_map(|p| &p.resources)
                .all(|r| r.url.starts_with("https://raw.githubusercontent.com/"))
        );
    }

    #[test]
    fn alessandria_dcatapit_rdfxml_parsed_directly() {
        let Some((path, bytes)) = real_file(
            "alessandria_dcatapit_rdfxml_parsed_directly",
            "alessandria_catalog_dcatapit.rdf",
        ) else {
            return;
        };
        let base = url::Url::from_file_path(std::fs::canonicalize(&path).unwrap()).unwrap();
        let packages = read_dcat(&bytes, DcatFormat::RdfXml, base.as_str()).unwrap();
        check_alessandria(&packages);
    }

    #[tokio::test]
    async fn alessandria_dcatapit_rdfxml_served_by_a_portal() {
        let Some((_, bytes)) = real_file(
            "alessandria_dcatapit_rdfxml_served_by_a_portal",
            "alessandria_catalog_dcatapit.rdf",
        ) else {
            return;
        };
        let portal = FakeCkan::start().await;
        portal.set_document("/catalog.rdf", "application/rdf+xml", bytes.clone());
        let h = harvester();
        let packages = h
            .list_datasets(
                &format!("{}/catalog.rdf", portal.url()),
                &SearchFilter::default(),
            )
            .await
            .unwrap();
        check_alessandria(&packages);
        assert_eq!(h.stats().catalog_bytes, bytes.len() as u64);

        let trees = h
            .list_datasets(
                &format!("{}/catalog.rdf", portal.url()),
                &SearchFilter {
                    tags: vec!["alberi".into()],
                    organization: Some("Comune di Alessandria".into()),
                    ..SearchFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(trees.len(), 1);
        assert_eq!(trees[0].id, "c_a182:alberi");
    }
}
