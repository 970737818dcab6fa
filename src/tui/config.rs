//! The config file: key bindings and theme. The shipped defaults
//! (`assets/config.toml`) are read first; the user's file overrides entry by
//! entry.

use std::path::{Path, PathBuf};

use super::keymap::KeyMap;
use super::theme::Theme;

pub const DEFAULTS: &str = include_str!("../../assets/config.toml");

#[derive(Debug, Clone)]
pub struct Config {
    pub keymap: KeyMap,
    pub theme: Theme,
}

/// Where the user's config file is: CUSTOS_CONFIG, or config.toml in the
/// config directory.
pub fn user_config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CUSTOS_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "custos").map(|d| d.config_dir().join("config.toml"))
}

fn parse(text: &str, origin: &str) -> Result<(Option<KeyMap>, Option<toml::Table>), String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| format!("{origin}: {e}"))?;
    let keys = match doc.get("keys") {
        Some(toml::Value::Table(t)) => {
            Some(KeyMap::from_table(t).map_err(|e| format!("{origin}: {e}"))?)
        }
        Some(_) => return Err(format!("{origin}: [keys] must be a table")),
        None => None,
    };
    let theme = match doc.get("theme") {
        Some(toml::Value::Table(t)) => Some(t.clone()),
        Some(_) => return Err(format!("{origin}: [theme] must be a table")),
        None => None,
    };
    for key in doc.keys() {
        if key != "keys" && key != "theme" {
            return Err(format!("{origin}: unknown section [{key}]"));
        }
    }
    Ok((keys, theme))
}

impl Config {
    /// The shipped defaults alone.
    pub fn defaults() -> Config {
        let (keys, theme) = parse(DEFAULTS, "assets/config.toml").unwrap_or((None, None));
        let mut config = Config {
            keymap: keys.unwrap_or_else(KeyMap::empty),
            theme: Theme::default(),
        };
        if let Some(t) = theme {
            let _ = config.theme.apply(&t);
        }
        config
    }

    /// Defaults overlaid with the user's file. A broken file does not stop
    /// the program: the defaults apply and the error is returned to be shown.
    pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
        let mut config = Config::defaults();
        let Some(path) = path else {
            return (config, None);
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (config, None),
            Err(e) => return (config, Some(format!("{}: {e}", path.display()))),
        };
        match parse(&text, &path.display().to_string()) {
            Ok((keys, theme)) => {
                if let Some(keys) = keys {
                    config.keymap.merge(keys);
                }
                if let Some(theme) = theme
                    && let Err(e) = config.theme.apply(&theme)
                {
                    return (config, Some(format!("{}: {e}", path.display())));
                }
                (config, None)
            }
            Err(e) => (config, Some(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Action;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn shipped_defaults_parse_and_bind_every_action() {
        let (keys, theme) = parse(DEFAULTS, "defaults").unwrap();
        let keys = keys.unwrap();
        for action in Action::ALL {
            assert_ne!(keys.key(*action), "(unbound)", "{}", action.name());
        }
        let mut t = Theme::default();
        t.apply(&theme.unwrap()).unwrap();
    }

    #[test]
    fn user_file_overrides_one_binding() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[keys]\nsearch = \"ctrl-f\"\n[theme]\nmatched = \"#ff8800\"\n",
        )
        .unwrap();
        let (config, error) = Config::load(Some(&path));
        assert_eq!(error, None);
        let ctrl_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
        assert!(config.keymap.is(Action::Search, &ctrl_f));
        let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
        assert!(!config.keymap.is(Action::Search, &slash));
        // Everything else keeps its default.
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(config.keymap.is(Action::Quit, &q));
        assert_eq!(
            config.theme.matched,
            ratatui::style::Color::Rgb(0xff, 0x88, 0)
        );
    }

    #[test]
    fn a_broken_file_falls_back_to_defaults_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[keys]\nserch = \"/\"\n").unwrap();
        let (config, error) = Config::load(Some(&path));
        assert!(error.unwrap().contains("keys.serch: no such action"));
        let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
        assert!(config.keymap.is(Action::Search, &slash));
    }
}
