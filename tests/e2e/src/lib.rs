//! Cross-crate end-to-end tests of Campanile live in `tests/`: the core's handle driven as a
//! front drives it, against the testkit's fake portal and fake pagoPA platform on 127.0.0.1.
//! This library is empty on purpose.
