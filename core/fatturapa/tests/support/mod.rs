//! Test fixtures: the generators of `campanile-testkit` (FatturaPA XML, SdI notifications,
//! signed envelopes), under one name.
#![allow(dead_code, unused_imports)]

pub use campanile_testkit::fatturapa::*;
pub use campanile_testkit::p7m::*;
