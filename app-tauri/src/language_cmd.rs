//! The visitor's language: which there are, which is chosen (remembered between runs).

use campanile_core::Error;
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// The languages the visitor screens are written in (the UI's own messages); the core's
/// messages exist in those of [`campanile_core::i18n::available_languages`], the rest fall back
/// to Italian then English.
pub const UI_LANGUAGES: [&str; 5] = ["it", "en", "de", "fr", "es"];

/// One language the app offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageView {
    /// Its code.
    pub code: String,
    /// Whether the core's own messages (errors, categories, receipts) are in it too.
    pub core: bool,
}

/// The language chosen: the page's and the core's (the best the core has for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageChoice {
    /// What the visitor chose: the page's language.
    pub ui: String,
    /// What the core's messages are in.
    pub core: String,
}

/// The languages, the page's first, then any more the core has.
pub fn languages() -> Vec<LanguageView> {
    let core = campanile_core::i18n::available_languages();
    let mut out: Vec<LanguageView> = UI_LANGUAGES
        .iter()
        .map(|c| LanguageView {
            code: (*c).to_string(),
            core: core.contains(c),
        })
        .collect();
    for c in core {
        if !UI_LANGUAGES.contains(&c) {
            out.push(LanguageView {
                code: c.to_string(),
                core: true,
            });
        }
    }
    out
}

/// The languages the app offers.
#[tauri::command]
pub async fn language_list() -> Result<Vec<LanguageView>, Error> {
    Ok(languages())
}

/// The language chosen (remembered), else the core's.
#[tauri::command]
pub async fn language_get(state: State<'_, AppState>) -> Result<LanguageChoice, Error> {
    let ui = state
        .settings()
        .language
        .clone()
        .filter(|l| languages().iter().any(|v| &v.code == l))
        .unwrap_or_else(|| state.core.language());
    Ok(LanguageChoice {
        ui,
        core: state.core.language(),
    })
}

/// Chooses `code` for the page and the core, and remembers it.
#[tauri::command]
pub async fn language_set(
    state: State<'_, AppState>,
    code: String,
) -> Result<LanguageChoice, Error> {
    if !languages().iter().any(|v| v.code == code) {
        return Err(Error::new(
            campanile_core::ErrorClass::BadInput,
            "desktop.bad-language",
            state
                .core
                .tr("desktop-error-language", &[("code", code.as_str().into())]),
        )
        .with_detail("language", &code));
    }
    state.core.set_language(&code);
    let mut settings = state.settings();
    settings.language = Some(code.clone());
    settings.save().map_err(|e| {
        Error::internal("desktop.settings", e).with_detail(
            "file",
            settings
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        )
    })?;
    Ok(LanguageChoice {
        ui: code,
        core: state.core.language(),
    })
}
