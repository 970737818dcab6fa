//! The breach-letter templates on the server: the shipped texts, or edited
//! copies in the letters directory.

use std::path::PathBuf;

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
