//! What the app remembers between runs that is not the core's: the visitor's language.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The app's own settings, a small JSON file in the per-user config folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The language chosen in the app (a code the core negotiates), if one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the settings are kept; none: not kept (tests).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl Settings {
    /// `$CAMPANILE_DESKTOP_SETTINGS`, else `settings.json` in the per-user config folder.
    pub fn default_path() -> PathBuf {
        if let Some(p) = std::env::var_os("CAMPANILE_DESKTOP_SETTINGS").filter(|p| !p.is_empty()) {
            return PathBuf::from(p);
        }
        directories::ProjectDirs::from("it", "Campanile", "campanile")
            .map(|d| d.config_dir().join("desktop.json"))
            .unwrap_or_else(|| PathBuf::from("campanile-desktop.json"))
    }

    /// The settings at `path` (defaults when there are none or they cannot be read).
    pub fn load(path: &Path) -> Settings {
        let mut s: Settings = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        s.path = Some(path.to_path_buf());
        s
    }

    /// Writes the settings where they came from (nothing when they came from nowhere).
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Settings;

    #[test]
    fn settings_are_kept_where_they_came_from_and_bad_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/desktop.json");
        let mut s = Settings::load(&path);
        assert_eq!(s.language, None);
        s.language = Some("fr".into());
        s.save().unwrap();
        assert_eq!(Settings::load(&path).language.as_deref(), Some("fr"));
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(Settings::load(&path).language, None);
        // From nowhere: saving writes nothing.
        Settings::default().save().unwrap();
    }
}
