//! Embeds every `locales/<lang>/*.ftl` file into the core, so that each front carries its
//! translations without looking for files at run time.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let root = Path::new(&manifest).join("../locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&root) {
        for lang in langs.flatten() {
            let lang_path = lang.path();
            if !lang_path.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", lang_path.display());
            let Some(lang_name) = lang_path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Ok(entries) = std::fs::read_dir(&lang_path) else {
                continue;
            };
            for f in entries.flatten() {
                let p = f.path();
                if p.extension().and_then(|e| e.to_str()) == Some("ftl") {
                    println!("cargo:rerun-if-changed={}", p.display());
                    let name = p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or_default()
                        .to_string();
                    files.push((lang_name.to_string(), name, p));
                }
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// (language, file name, Fluent source) of every embedded locale file.\npub static LOCALE_FILES: &[(&str, &str, &str)] = &[\n",
    );
    for (lang, name, path) in &files {
        let _ = writeln!(
            out,
            "    ({lang:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("locales.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
