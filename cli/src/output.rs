//! Standard output that ends the command quietly when the reader goes away (`campanile … |
//! head`), as Unix tools do, instead of panicking with "failed printing to stdout".
//!
//! `println!` in this crate is the macro below: it writes through [`line`], which on a closed
//! pipe unwinds with [`StdoutClosed`] (without the panic hook's message); `main` catches it and
//! exits 0.

use std::io::Write;

/// The payload of the unwind that ends a command whose stdout was closed.
#[derive(Debug)]
pub struct StdoutClosed;

/// Writes one line on stdout.
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    // A closed pipe, or another failure to write (a full disk): nothing more can be said on
    // stdout, so the command ends there.
    if written.is_err() {
        std::panic::resume_unwind(Box::new(StdoutClosed));
    }
}

/// Flushes stdout at the end of a command (a closed pipe is not an error then either).
pub fn flush() {
    let _ = std::io::stdout().lock().flush();
}
