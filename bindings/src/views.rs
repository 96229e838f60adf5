//! Small conversions shared by the modules: a core view as JSON text (the whole view, for a
//! front that wants every field), and numbers across the FFI's types.

use serde::Serialize;

use crate::error::{CampanileError, Result};

/// The view as JSON text (the same shape the CLI's `--json` prints).
pub(crate) fn json<T: Serialize + ?Sized>(view: &T) -> String {
    serde_json::to_string(view).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// A serde-tagged enum's text (`checkout-started`, `museum`, …).
pub(crate) fn tag<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// A count from the foreign side.
pub(crate) fn count(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A count for the foreign side.
pub(crate) fn count_out(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A date given as `YYYY-MM-DD`.
#[cfg_attr(not(feature = "practices"), allow(dead_code))]
pub(crate) fn date(text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| CampanileError::bad_input("ffi.bad-date", format!("{text}: {e}")))
}
