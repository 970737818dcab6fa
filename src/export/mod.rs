//! File formats for what leaves Custos: breach letters (.eml), notification
//! lists (CSV), incident documentation (Markdown, JSON), personal-data
//! exports (JSON, CSV, XLSX) and the Art. 30 register.

pub mod eml;
pub mod incident;
pub mod ropa;
pub mod subject;
pub mod xlsx;

use std::path::{Path, PathBuf};

/// Creates the file an export goes to: readable by the user only (it holds
/// personal data), and never over an existing file. Opening it before the
/// export is made tells a bad path while nothing has happened yet.
pub fn create_private(path: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Fills a file made by `create_private`; if that fails, the partial file
/// is removed, so that writing again under the same name works.
pub fn fill_private(mut file: std::fs::File, path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(path);
            format!("{}: {e}", path.display())
        })
}

/// Writes an export to a new private file (see `create_private`).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fill_private(create_private(path)?, path, bytes)
}

use crate::model::letters::{BREACH_EN, BREACH_NL, check};

/// Where edited letter templates live: `CUSTOS_LETTERS`, or `letters/` in
/// the config directory.
pub fn letters_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CUSTOS_LETTERS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "custos").map(|d| d.config_dir().join("letters"))
}

/// The breach template for `language` ("nl" or anything else for English):
/// an edited copy (`breach_nl.txt` / `breach_en.txt` in the letters
/// directory) if there is a valid one, else the shipped text.
pub fn breach_template(language: &str) -> Result<String, String> {
    let (file, shipped) = if language == "nl" {
        ("breach_nl.txt", BREACH_NL)
    } else {
        ("breach_en.txt", BREACH_EN)
    };
    if let Some(path) = letters_dir().map(|d| d.join(file))
        && path.exists()
    {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        check(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(text);
    }
    Ok(shipped.to_string())
}
