//! `campanile-hub`: the aggregation's server. It joins counter staff, citizens and visitors'
//! apps over one store — SQLite by default, PostgreSQL at scale, through sqlx with one set of
//! migrations — and serves the comuni, the procedures catalog, practices with their legal
//! clock and each person's changes feed as an HTTP API (axum) under `/api/v1`, described by
//! an OpenAPI 3.1 document (utoipa) at `/openapi.json` and listed at `/docs`.
//!
//! The rules are the core's (`campanile_core::practices`): which events a practice's state
//! allows, its legal deadline, the feed's cursor and pages. The hub stores rows, checks who
//! calls (bearer tokens it signs) and makes every write idempotent; it keeps no state outside
//! the database, so two hub processes on one PostgreSQL serve the same data.

pub mod api;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod keys;
pub mod limits;
pub mod oidc;
pub mod openapi;
pub mod payments;
pub mod places;
pub mod seed;
pub mod serve;
pub mod store;
