//! `campanile data …`: harvest portals, import files, search and inspect what is stored.

use std::path::PathBuf;

use campanile_core::SearchRequest;
use campanile_core::opendata::Category;
use campanile_core::opendata::db::Hit;
use campanile_core::opendata::harvest::{HarvestOptions, Harvester, SearchFilter};
use campanile_core::opendata::import::ImportOptions;
use campanile_core::work::{Cancel, Progress};
use clap::Subcommand;
use serde_json::json;

use crate::ctx::Ctx;
use crate::error::CliError;
use crate::progress;

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// Harvest a CKAN portal or a DCAT-AP_IT catalogue (incremental: unchanged data is not
    /// downloaded again).
    Sync {
        /// The portal's address (CKAN site) or a DCAT catalogue URL (.ttl / .rdf).
        #[arg(long)]
        portal: String,
        /// Only datasets of this organization.
        #[arg(long)]
        org: Option<String>,
        /// Only datasets with this tag (repeatable).
        #[arg(long)]
        tag: Vec<String>,
        /// Only datasets in this group (repeatable).
        #[arg(long)]
        group: Vec<String>,
        /// Free-text filter.
        #[arg(long)]
        query: Option<String>,
        /// Downloads at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// Seconds before a request is given up.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// Import CSV / GeoJSON / JSON files from disk (each replaces its earlier import).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Store under this dataset id (default: file:<name>).
        #[arg(long)]
        dataset: Option<String>,
        /// Tags that give the default category (e.g. musei).
        #[arg(long)]
        tag: Vec<String>,
        #[arg(long)]
        licence: Option<String>,
        #[arg(long)]
        attribution: Option<String>,
        /// Coordinate reference system of x/y columns, e.g. EPSG:3003.
        #[arg(long)]
        crs: Option<String>,
        /// Format (CSV, GeoJSON, JSON) when the extension does not say.
        #[arg(long)]
        format: Option<String>,
    },
    /// Full-text search (accents, case and apostrophes ignored; words are prefixes).
    Search {
        text: String,
        /// Rank nearer places higher: LAT,LON.
        #[arg(long)]
        near: Option<String>,
        /// One of: attraction, museum, monument, church, accommodation, food, sport_facility,
        /// public_building, school, health, transport, event, other.
        #[arg(long)]
        category: Option<String>,
        /// A comune's name or ISTAT code.
        #[arg(long)]
        comune: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// The places nearest to LAT,LON.
    Near {
        position: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        comune: Option<String>,
    },
    /// What is stored: counts by category, comune and dataset.
    Stats,
    /// Rows that could not be turned into places, and why.
    Quarantine {
        /// Only this dataset.
        #[arg(long)]
        dataset: Option<String>,
        #[arg(long, default_value_t = 1000)]
        limit: usize,
    },
}

pub fn run(cmd: DataCommand, ctx: &Ctx) -> Result<(), CliError> {
    match cmd {
        DataCommand::Sync {
            portal,
            org,
            tag,
            group,
            query,
            concurrency,
            timeout,
        } => sync_cmd(
            ctx,
            &portal,
            SearchFilter {
                organization: org,
                tags: tag,
                groups: group,
                query,
            },
            concurrency,
            timeout,
        ),
        DataCommand::Import {
            files,
            dataset,
            tag,
            licence,
            attribution,
            crs,
            format,
        } => {
            let opts = ImportOptions {
                dataset_id: dataset,
                tags: tag,
                licence,
                attribution,
                crs,
                format,
            };
            import_cmd(ctx, &files, &opts)
        }
        DataCommand::Search {
            text,
            near,
            category,
            comune,
            limit,
        } => {
            let places = ctx.core()?.places();
            let near = near.map(|n| places.parse_position(&n)).transpose()?;
            let hits = places.search(&SearchRequest {
                text,
                near,
                category,
                comune,
                limit: Some(limit),
            })?;
            print_hits(ctx, &hits)
        }
        DataCommand::Near {
            position,
            limit,
            category,
            comune,
        } => {
            let places = ctx.core()?.places();
            let (lat, lon) = places.parse_position(&position)?;
            let hits = places.nearest(lat, lon, limit, category.as_deref(), comune.as_deref())?;
            print_hits(ctx, &hits)
        }
        DataCommand::Stats => stats_cmd(ctx),
        DataCommand::Quarantine { dataset, limit } => {
            quarantine_cmd(ctx, dataset.as_deref(), limit)
        }
    }
}

fn print_hits(ctx: &Ctx, hits: &[Hit]) -> Result<(), CliError> {
    if ctx.json {
        return ctx.print_json(&json!({ "results": hits }));
    }
    if hits.is_empty() {
        println!("{}", ctx.tr("data-no-results"));
        return Ok(());
    }
    for (i, h) in hits.iter().enumerate() {
        let p = &h.poi;
        let mut line = format!(
            "{:>3}. {} — {}",
            i + 1,
            p.name,
            ctx.tr(&p.category.message_id())
        );
        if let Some(c) = &p.comune {
            line.push_str(&format!(" — {c}"));
        }
        if let Some(d) = h.distance_m {
            line.push_str(&format!(" · {}", ctx.core()?.places().format_distance(d)));
        }
        println!("{line}");
        if let Some(a) = &p.address {
            println!("     {a}");
        }
    }
    Ok(())
}

fn import_cmd(ctx: &Ctx, files: &[PathBuf], opts: &ImportOptions) -> Result<(), CliError> {
    let places = ctx.core()?.places();
    let pb = progress::bar(ctx.json, files.len() as u64, ctx.tr("data-importing"));
    let on_progress = |p: &Progress| pb.set_position(p.done);
    let result = ctx.block_on(places.import_files(files, opts, &Cancel::new(), &on_progress));
    pb.finish_and_clear();
    let reports: Vec<_> = files.iter().cloned().zip(result?).collect();
    if ctx.json {
        let docs: Vec<_> = reports
            .iter()
            .map(|(f, r)| {
                json!({
                    "file": f.display().to_string(),
                    "dataset": r.dataset_id,
                    "rows": r.rows,
                    "pois": r.applied.inserted,
                    "replaced": r.applied.removed,
                    "quarantined": r.applied.quarantined,
                    "mostly_quarantined": r.mostly_quarantined.as_ref().map(|m| json!({
                        "rows": m.rows,
                        "mapped": m.mapped,
                        "reason": m.reason.code(),
                        "message": ctx.i18n.localize(m),
                    })),
                })
            })
            .collect();
        return ctx.print_json(&json!({ "imported": docs }));
    }
    for (f, r) in &reports {
        println!(
            "{}",
            ctx.tr_args(
                "data-imported",
                &[
                    ("file", f.display().to_string().into()),
                    ("rows", r.rows.into()),
                    ("pois", r.applied.inserted.into()),
                    ("quarantined", r.applied.quarantined.into()),
                ],
            )
        );
        if let Some(m) = &r.mostly_quarantined {
            eprintln!("{}: {}", f.display(), ctx.i18n.localize(m));
        }
    }
    Ok(())
}

fn sync_cmd(
    ctx: &Ctx,
    portal: &str,
    filter: SearchFilter,
    concurrency: usize,
    timeout: u64,
) -> Result<(), CliError> {
    let options = HarvestOptions {
        concurrency: concurrency.max(1),
        timeout: std::time::Duration::from_secs(timeout.max(1)),
        ..HarvestOptions::default()
    };
    let harvester = Harvester::new(options).map_err(|e| crate::error::localized(&ctx.i18n, &e))?;
    let places = ctx.core()?.places();
    let pb = progress::bar(ctx.json, 0, ctx.tr("data-syncing"));
    let on_progress = |p: &Progress| {
        if let Some(total) = p.total {
            pb.set_length(total);
        }
        if let Some(item) = &p.item {
            pb.set_message(item.clone());
        }
        pb.set_position(p.done);
    };
    let result =
        ctx.block_on(places.sync(&harvester, portal, &filter, &Cancel::new(), &on_progress));
    pb.finish_and_clear();
    let report = result?;
    if ctx.json {
        let failures: Vec<_> = report
            .failures
            .iter()
            .map(|f| json!({"dataset": f.dataset_id, "url": f.url, "error": f.error, "network": f.network}))
            .collect();
        ctx.print_json(&json!({
            "portal": portal,
            "datasets": report.datasets,
            "datasets_unchanged": report.datasets_unchanged,
            "datasets_updated": report.datasets_updated,
            "resources_changed": report.resources_changed,
            "resources_unchanged": report.resources_unchanged,
            "pois_inserted": report.pois_inserted,
            "pois_removed": report.pois_removed,
            "quarantined": report.quarantined,
            "resource_bytes": report.resource_bytes,
            "failures": failures,
            "datasets_removed": report
                .datasets_removed
                .iter()
                .map(|(id, title)| json!({"id": id, "title": title}))
                .collect::<Vec<_>>(),
            "nothing_to_import": report
                .nothing_to_import
                .iter()
                .map(|n| json!({"id": n.dataset_id, "title": n.title, "formats": n.formats}))
                .collect::<Vec<_>>(),
        }))?;
    } else {
        println!(
            "{}",
            ctx.tr_args(
                "data-synced",
                &[
                    ("datasets", report.datasets.into()),
                    ("updated", report.datasets_updated.into()),
                    ("unchanged", report.datasets_unchanged.into()),
                    ("pois", report.pois_inserted.into()),
                    ("quarantined", report.quarantined.into()),
                    ("bytes", report.resource_bytes.into()),
                ],
            )
        );
        for n in &report.nothing_to_import {
            let id = if n.formats.is_empty() {
                "data-sync-nothing-no-resource"
            } else {
                "data-sync-nothing-to-import"
            };
            eprintln!(
                "{}",
                ctx.tr_args(
                    id,
                    &[
                        ("title", n.title.clone().into()),
                        ("formats", n.formats.join(", ").into())
                    ],
                )
            );
        }
        for (id, title) in &report.datasets_removed {
            println!(
                "{}",
                ctx.tr_args(
                    "data-sync-removed",
                    &[("id", id.clone().into()), ("title", title.clone().into())],
                )
            );
        }
        for f in &report.failures {
            eprintln!(
                "{}",
                ctx.tr_args(
                    "data-sync-failure",
                    &[
                        ("url", f.url.clone().into()),
                        ("error", f.error.clone().into())
                    ]
                )
            );
        }
    }
    // Every resource failed on the network: the core says so as an error.
    places.check_online(&report)
}

fn stats_cmd(ctx: &Ctx) -> Result<(), CliError> {
    let s = ctx.core()?.places().stats()?;
    if ctx.json {
        return ctx.print_json(&json!(s));
    }
    println!(
        "{}",
        ctx.tr_args(
            "data-stats",
            &[
                ("pois", s.pois.into()),
                ("datasets", s.datasets.into()),
                ("resources", s.resources.into()),
                ("quarantined", s.quarantined.into()),
            ],
        )
    );
    println!("{}", ctx.tr("data-stats-by-category"));
    for (c, n) in &s.by_category {
        let name = Category::parse(c).map_or_else(|| c.clone(), |c| ctx.tr(&c.message_id()));
        println!("  {name:<28} {n:>8}");
    }
    println!("{}", ctx.tr("data-stats-by-comune"));
    for (c, n) in &s.by_comune {
        println!("  {c:<28} {n:>8}");
    }
    println!("{}", ctx.tr("data-stats-by-dataset"));
    for d in &s.by_dataset {
        println!(
            "  {:<40} {:>8} {:>8}",
            d.title.as_deref().unwrap_or(&d.id),
            d.pois,
            d.quarantined
        );
    }
    Ok(())
}

fn quarantine_cmd(ctx: &Ctx, dataset: Option<&str>, limit: usize) -> Result<(), CliError> {
    let rows = ctx.core()?.places().quarantine(dataset, limit)?;
    if ctx.json {
        let docs: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "dataset": r.dataset_id,
                    "resource": r.resource,
                    "row": r.row,
                    "reason": r.reason,
                    "message": ctx.i18n.localize(&r.reason),
                })
            })
            .collect();
        return ctx.print_json(&json!({ "quarantine": docs }));
    }
    if rows.is_empty() {
        println!("{}", ctx.tr("data-quarantine-empty"));
    }
    for r in &rows {
        println!("{}:{}: {}", r.resource, r.row, ctx.i18n.localize(&r.reason));
    }
    Ok(())
}
