//! Finding the real public files for the real-data tests, and skipping those tests visibly.
//!
//! The folder is named by `CAMPANILE_REAL_DATA`. [`dir`] returns it when every path a test
//! needs is there. Otherwise the test cannot run: with `CI` set (non-empty) it fails, saying
//! exactly what is missing; without `CI` it is skipped, with a `SKIPPED <test>: <reason>` line
//! on stderr and a `<test>\t<reason>` line appended to the file named by `CAMPANILE_SKIP_LOG`
//! (when set), which `scripts/test.sh` lists at the end of its run.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The real-data folder for `test` (a name the reader can find the test by) when
/// `CAMPANILE_REAL_DATA` is set and each of `needs` (paths relative to that folder: files or
/// subfolders the test reads) exists in it; `None` when the test is to be skipped.
///
/// A relative `CAMPANILE_REAL_DATA` that does not exist from the current directory (tests run
/// in their crate's folder) is taken relative to the workspace root.
///
/// # Panics
///
/// When `CI` is set (non-empty) and the folder is unset, missing or incomplete: a real-data
/// test must not be skipped unseen in CI.
#[track_caller]
pub fn dir(test: &str, needs: &[&str]) -> Option<PathBuf> {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let skip_log = std::env::var_os("CAMPANILE_SKIP_LOG").filter(|v| !v.is_empty());
    dir_with(
        test,
        needs,
        std::env::var_os("CAMPANILE_REAL_DATA").as_deref(),
        ci,
        skip_log.as_deref().map(Path::new),
    )
}

/// [`dir`] with the environment passed in: the value of `CAMPANILE_REAL_DATA`, whether `CI` is
/// set, and the skip log's path.
#[track_caller]
fn dir_with(
    test: &str,
    needs: &[&str],
    real_data: Option<&OsStr>,
    ci: bool,
    skip_log: Option<&Path>,
) -> Option<PathBuf> {
    let reason = match real_data {
        None => "CAMPANILE_REAL_DATA is unset".to_string(),
        Some(v) if v.is_empty() => "CAMPANILE_REAL_DATA is empty".to_string(),
        Some(v) => {
            let root = resolve(v);
            if !root.is_dir() {
                format!("{} is missing", root.display())
            } else {
                let missing: Vec<String> = needs
                    .iter()
                    .filter(|p| !root.join(p).exists())
                    .map(|p| format!("{}/{p} is missing", root.display()))
                    .collect();
                if missing.is_empty() {
                    return Some(root);
                }
                missing.join("; ")
            }
        }
    };
    if ci {
        panic!("real-data test {test} cannot run and CI is set: {reason}");
    }
    skip(test, &reason, skip_log);
    None
}

/// The folder a value of `CAMPANILE_REAL_DATA` names.
fn resolve(value: &OsStr) -> PathBuf {
    let path = PathBuf::from(value);
    if path.is_relative() && !path.exists() {
        // `tests/testkit` is two levels below the workspace root.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let beside = root.join(&path);
        if beside.exists() {
            return beside;
        }
    }
    path
}

/// Says on stderr (past the test harness's capture) that `test` is skipped, and appends one line
/// to the skip log: one `write` on a file opened for appending, so that tests running in
/// parallel do not mix their lines.
fn skip(test: &str, reason: &str, skip_log: Option<&Path>) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
    let Some(log) = skip_log else { return };
    let one_line = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let line = format!("{}\t{}\n", one_line(test), one_line(reason));
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        let _ = writeln!(
            std::io::stderr(),
            "cannot record the skip of {test} in {}: {e}",
            log.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with_a() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("sub")).unwrap();
        std::fs::write(tmp.path().join("sub/a.txt"), "a").unwrap();
        tmp
    }

    #[test]
    fn a_complete_folder_is_returned_and_nothing_is_logged() {
        let data = folder_with_a();
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("skips.txt");
        let got = dir_with(
            "t",
            &["sub", "sub/a.txt"],
            Some(data.path().as_os_str()),
            true,
            Some(&log),
        );
        assert_eq!(got.as_deref(), Some(data.path()));
        assert!(!log.exists());
    }

    #[test]
    fn without_ci_a_missing_path_skips_and_logs_one_line() {
        let data = folder_with_a();
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("skips.txt");
        let got = dir_with(
            "suite::one",
            &["sub/a.txt", "sub/b.txt"],
            Some(data.path().as_os_str()),
            false,
            Some(&log),
        );
        assert_eq!(got, None);
        let unset = dir_with("suite::two", &["sub/a.txt"], None, false, Some(&log));
        assert_eq!(unset, None);
        let text = std::fs::read_to_string(&log).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                format!("suite::one\t{}/sub/b.txt is missing", data.path().display()).as_str(),
                "suite::two\tCAMPANILE_REAL_DATA is unset",
            ]
        );
    }

    #[test]
    fn with_ci_a_missing_path_or_an_unset_variable_fails_naming_it() {
        let data = folder_with_a();
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("skips.txt");
        let message = |r: std::thread::Result<Option<PathBuf>>| -> String {
            let payload = r.unwrap_err();
            payload
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default()
        };
        let missing = std::panic::catch_unwind(|| {
            dir_with(
                "suite::ci",
                &["sub/b.txt"],
                Some(data.path().as_os_str()),
                true,
                Some(&log),
            )
        });
        let expected = format!("{}/sub/b.txt is missing", data.path().display());
        assert!(message(missing).ends_with(&expected));
        let unset = std::panic::catch_unwind(|| dir_with("suite::ci", &[], None, true, Some(&log)));
        let msg = message(unset);
        assert!(msg.contains("suite::ci"), "{msg}");
        assert!(msg.ends_with("CAMPANILE_REAL_DATA is unset"), "{msg}");
        let gone = data.path().join("nowhere");
        let absent = std::panic::catch_unwind(|| {
            dir_with("suite::ci", &[], Some(gone.as_os_str()), true, None)
        });
        assert!(message(absent).ends_with(&format!("{} is missing", gone.display())));
        assert!(!log.exists(), "a failure is not a skip");
    }
}
