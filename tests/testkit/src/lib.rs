//! Test support shared by Campanile's crates.
//!
//! - [`ckan::FakeCkan`]: a fake CKAN portal, a real HTTP/1.1 server on `127.0.0.1:0` written by
//!   hand on a `TcpListener` so that tests control every byte: paged `package_search`,
//!   `package_show`, resources with `ETag` / `Last-Modified` and `304`s, DCAT documents, request
//!   and byte counters, and fault injection per path (429, 5xx, stalls, truncated bodies,
//!   malformed JSON, CKAN error envelopes).
//! - [`pagopa_platform::FakePlatform`]: a fake pagoPA platform (notice verification, Checkout
//!   carts and the Checkout page with a simulated payer) that holds the truth about its
//!   notices, counts charges per notice and injects faults per operation and notice.
//! - [`gpd::FakeGpd`]: a fake of the pagoPA platform's debt positions (GPD) that keeps positions
//!   as the platform does and answers in its specification's shapes, with payments and faults
//!   played by the test.
//! - [`sample`]: the bundled sample of the Piceno and Fermano (deterministic CSV).
//! - [`bulk`]: large generated datasets for benchmarks and the kill test.
//! - [`fatturapa`]: FatturaPA invoice XML and SdI notifications; [`p7m`]: signed envelopes
//!   (CMS SignedData) made with a generated key and certificate.
//! - [`proptest_seed`]: the configuration of every property test: a fixed seed in CI (or
//!   `PROPTEST_RNG_SEED`), printed so that a failure replays, and failures saved.
//! - [`realdata`]: the folder of real public files (`CAMPANILE_REAL_DATA`) for the real-data
//!   tests, which are skipped visibly without it and fail without it when `CI` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod bulk;
pub mod ckan;
pub mod fatturapa;
pub mod gpd;
pub mod http;
pub mod oidc;
pub mod p7m;
pub mod pagopa_platform;
pub mod proptest_seed;
pub mod realdata;
pub mod sample;

pub use ckan::{FakeCkan, FakeDataset, FakeResource, Fault, LoggedRequest};
pub use pagopa_platform::FakePlatform;
