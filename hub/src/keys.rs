//! The token signing key: read from a file readable only by the hub's user, or generated on
//! first start into such a file. Never stored in the database, never logged.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::config::KeySource;

/// The shortest key accepted, in bytes (HS256 wants at least the hash's size).
pub const MIN_KEY_BYTES: usize = 32;

/// The secret key bytes. Its `Debug` does not show them.
pub struct SigningKey(Vec<u8>);

impl SigningKey {
    /// The key's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// A key from bytes (tests); at least [`MIN_KEY_BYTES`].
    pub fn from_bytes(bytes: Vec<u8>) -> Result<SigningKey, KeyError> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort {
                path: PathBuf::from("(memory)"),
                len: bytes.len(),
            });
        }
        Ok(SigningKey(bytes))
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

/// Why the key cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file cannot be read or written.
    #[error("token signing key {path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Group or others may access the file.
    #[error(
        "token signing key {path}: mode {mode:o} lets group or others access it; run `chmod 600 {path}`"
    )]
    Exposed {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file holds too few bytes.
    #[error("token signing key {path}: {len} bytes, at least 32 are needed")]
    TooShort {
        /// The key file.
        path: PathBuf,
        /// How many bytes it holds.
        len: usize,
    },
    /// The system's random source failed.
    #[error("no randomness for a new key: {0}")]
    Random(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the key file after checking that only its owner can access it. Leading and trailing
/// whitespace is ignored (a key written by `openssl rand -hex 32 > key`).
pub fn read(path: &Path) -> Result<SigningKey, KeyError> {
    let meta = std::fs::metadata(path).map_err(io(path))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::Exposed {
            path: path.to_path_buf(),
            mode,
        });
    }
    let bytes = std::fs::read(path).map_err(io(path))?;
    let trimmed = bytes.trim_ascii().to_vec();
    if trimmed.len() < MIN_KEY_BYTES {
        return Err(KeyError::TooShort {
            path: path.to_path_buf(),
            len: trimmed.len(),
        });
    }
    Ok(SigningKey(trimmed))
}

/// Writes a new random key (64 hex digits) to `path`, created with mode 0600; fails if the
/// file exists.
fn generate(path: &Path) -> Result<(), KeyError> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| KeyError::Random(e.to_string()))?;
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io(path))?;
    f.write_all(hex::encode(raw).as_bytes()).map_err(io(path))?;
    f.sync_all().map_err(io(path))?;
    Ok(())
}

/// The key from `source`: a given file must exist; a generated one is made on first start.
pub fn load(source: &KeySource) -> Result<SigningKey, KeyError> {
    match source {
        KeySource::File(p) => read(p),
        KeySource::Generated(p) => {
            if !p.exists() {
                match generate(p) {
                    // Another hub process made it first: read theirs.
                    Err(KeyError::Io { source, .. })
                        if source.kind() == std::io::ErrorKind::AlreadyExists => {}
                    other => other?,
                }
                tracing::info!(path = %p.display(), "generated a new token signing key");
            }
            read(p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_private_and_refused_when_exposed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/key");
        let k1 = load(&KeySource::Generated(path.clone())).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let k2 = load(&KeySource::Generated(path.clone())).unwrap();
        assert_eq!(k1.bytes(), k2.bytes());
        assert_eq!(format!("{k1:?}"), "SigningKey(..)");

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(matches!(
            load(&KeySource::File(path.clone())),
            Err(KeyError::Exposed { mode: 0o640, .. })
        ));
        let short = dir.path().join("short");
        std::fs::write(&short, "abc").unwrap();
        std::fs::set_permissions(&short, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(matches!(
            load(&KeySource::File(short)),
            Err(KeyError::TooShort { len: 3, .. })
        ));
        assert!(matches!(
            load(&KeySource::File(dir.path().join("missing"))),
            Err(KeyError::Io { .. })
        ));
    }
}
