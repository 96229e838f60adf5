//! `campanile`: the headless front of Campanile.
fn main() {}
