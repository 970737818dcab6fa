//! Named actions and the keys bound to them. Defaults live in
//! `assets/config.toml`; the user's config file may rebind any action.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

macro_rules! actions {
    ($($variant:ident = $name:literal : $desc:literal,)*) => {
        /// Everything a key can do. The names are the config file's keys.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant,)* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            pub fn describe(self) -> &'static str {
                match self { $(Action::$variant => $desc,)* }
            }

            pub fn parse(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit": "quit",
    Help = "help": "show all keys",
    NextScreen = "next_screen": "next screen",
    PrevScreen = "prev_screen": "previous screen",
    Screen1 = "screen_1": "first screen",
    Screen2 = "screen_2": "second screen",
    Screen3 = "screen_3": "third screen",
    Screen4 = "screen_4": "fourth screen",
    Screen5 = "screen_5": "fifth screen",
    Screen6 = "screen_6": "sixth screen",
    Screen7 = "screen_7": "seventh screen",
    Screen8 = "screen_8": "eighth screen",
    Screen9 = "screen_9": "ninth screen",
    Up = "up": "up",
    Down = "down": "down",
    PageUp = "page_up": "page up",
    PageDown = "page_down": "page down",
    Top = "top": "first",
    Bottom = "bottom": "last",
    Search = "search": "search",
    Open = "open": "open",
    Back = "back": "back / cancel",
    New = "new": "new",
    Edit = "edit": "edit",
    Delete = "delete": "delete",
    Save = "save": "save",
    LogInteraction = "log_interaction": "log interaction",
    Sort = "sort": "sort by next column",
    ReverseSort = "reverse_sort": "reverse sort",
    Refresh = "refresh": "reload",
    Verify = "verify": "verify audit chain",
    GiveConsent = "give_consent": "give consent",
    WithdrawConsent = "withdraw_consent": "withdraw consent",
    RefuseConsent = "refuse_consent": "record refusal",
    Archive = "archive": "archive",
    Templates = "templates": "load templates",
    Select = "select": "select / unselect",
    SelectAll = "select_all": "select all",
    Anonymise = "anonymise": "anonymise",
    ScheduleErasure = "schedule_erasure": "schedule erasure",
    Extend = "extend": "extend retention",
    LegalHold = "legal_hold": "legal hold on / off",
    NextTab = "next_tab": "next list",
    PrevTab = "prev_tab": "previous list",
    SelectPeople = "select_people": "select affected people",
    Export = "export": "export",
    MarkNotified = "mark_notified": "mark notified",
    Status = "status": "change status",
    Carry = "carry_out": "carry out",
    ShowClosed = "show_closed": "show / hide closed",
    Restrict = "restrict": "restrict processing / lift it",
}

/// The keys to the screens by position (the order of `screens::SCREENS`).
pub const SCREEN_KEYS: [Action; 9] = [
    Action::Screen1,
    Action::Screen2,
    Action::Screen3,
    Action::Screen4,
    Action::Screen5,
    Action::Screen6,
    Action::Screen7,
    Action::Screen8,
    Action::Screen9,
];

/// A key with its modifiers, as written in the config file: "q", "ctrl-s",
/// "shift-tab", "enter", "f1", "space".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyCombo {
    pub fn from_event(event: &KeyEvent) -> KeyCombo {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            // Terminals differ in whether Shift comes with an upper-case
            // letter; the letter itself says it.
            KeyCode::Char(c) => KeyCode::Char(c),
            KeyCode::BackTab => KeyCode::BackTab,
            other => {
                modifiers |= event.modifiers & KeyModifiers::SHIFT;
                other
            }
        };
        KeyCombo { code, modifiers }
    }

    pub fn parse(text: &str) -> Result<KeyCombo, String> {
        let text = text.trim();
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // Prefixes are ASCII: compare them without lower-casing the whole
        // text, whose byte length may change (Kelvin sign, Ⱥ …).
        fn strip<'a>(rest: &'a str, prefix: &str) -> Option<&'a str> {
            rest.get(..prefix.len())
                .filter(|p| p.eq_ignore_ascii_case(prefix))
                .and_then(|_| rest.get(prefix.len()..))
        }
        loop {
            if let Some(r) = strip(rest, "ctrl-").or_else(|| strip(rest, "c-")) {
                modifiers |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = strip(rest, "alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = r;
            } else if let Some(r) = strip(rest, "shift-") {
                modifiers |= KeyModifiers::SHIFT;
                rest = r;
            } else {
                break;
            }
        }
        let named = match rest.to_lowercase().as_str() {
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers -= KeyModifiers::SHIFT;
                Some(KeyCode::BackTab)
            }
            "tab" => Some(KeyCode::Tab),
            "backtab" => Some(KeyCode::BackTab),
            "space" => Some(KeyCode::Char(' ')),
            "backspace" => Some(KeyCode::Backspace),
            "delete" | "del" => Some(KeyCode::Delete),
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            "pageup" | "pgup" => Some(KeyCode::PageUp),
            "pagedown" | "pgdn" => Some(KeyCode::PageDown),
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                f[1..].parse::<u8>().ok().map(KeyCode::F)
            }
            _ => None,
        };
        let code = match named {
            Some(code) => code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        if modifiers.contains(KeyModifiers::SHIFT) {
                            modifiers -= KeyModifiers::SHIFT;
                            KeyCode::Char(c.to_ascii_uppercase())
                        } else if modifiers.contains(KeyModifiers::CONTROL) {
                            KeyCode::Char(c.to_ascii_lowercase())
                        } else {
                            KeyCode::Char(c)
                        }
                    }
                    _ => return Err(format!("{text:?} is not a key")),
                }
            }
        };
        if matches!(code, KeyCode::Char(_)) {
            modifiers -= KeyModifiers::SHIFT;
        }
        Ok(KeyCombo { code, modifiers })
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            write!(f, "ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            write!(f, "alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            write!(f, "shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => write!(f, "enter"),
            KeyCode::Esc => write!(f, "esc"),
            KeyCode::Tab => write!(f, "tab"),
            KeyCode::BackTab => write!(f, "shift-tab"),
            KeyCode::Backspace => write!(f, "backspace"),
            KeyCode::Delete => write!(f, "del"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::Home => write!(f, "home"),
            KeyCode::End => write!(f, "end"),
            KeyCode::PageUp => write!(f, "pgup"),
            KeyCode::PageDown => write!(f, "pgdn"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: BTreeMap<Action, Vec<KeyCombo>>,
}

impl KeyMap {
    pub fn empty() -> KeyMap {
        KeyMap {
            bindings: BTreeMap::new(),
        }
    }

    /// Bindings from a `[keys]` table: action name → key or list of keys.
    /// Unknown actions and unreadable keys are errors naming the entry.
    pub fn from_table(table: &toml::Table) -> Result<KeyMap, String> {
        let mut bindings = BTreeMap::new();
        for (name, value) in table {
            let action =
                Action::parse(name).ok_or_else(|| format!("keys.{name}: no such action"))?;
            let keys: Vec<&str> = match value {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(items) => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .ok_or_else(|| format!("keys.{name}: keys are written as strings"))
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err(format!("keys.{name}: write a key or a list of keys")),
            };
            let combos = keys
                .into_iter()
                .map(|k| KeyCombo::parse(k).map_err(|e| format!("keys.{name}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            bindings.insert(action, combos);
        }
        Ok(KeyMap { bindings })
    }

    /// Overrides this map's bindings with those of `other`.
    pub fn merge(&mut self, other: KeyMap) {
        self.bindings.extend(other.bindings);
    }

    pub fn is(&self, action: Action, event: &KeyEvent) -> bool {
        let combo = KeyCombo::from_event(event);
        self.bindings
            .get(&action)
            .is_some_and(|keys| keys.contains(&combo))
    }

    /// The first key bound to `action`, for hints ("e edit").
    pub fn key(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .and_then(|k| k.first())
            .map(ToString::to_string)
            .unwrap_or_else(|| "(unbound)".to_string())
    }

    /// Every key bound to `action`, for the help overlay.
    pub fn keys(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .map(|k| {
                k.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| "(unbound)".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn parses_the_config_notation() {
        assert_eq!(
            KeyCombo::parse("ctrl-s").unwrap(),
            KeyCombo {
                code: KeyCode::Char('s'),
                modifiers: KeyModifiers::CONTROL
            }
        );
        assert_eq!(KeyCombo::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(KeyCombo::parse("S").unwrap().code, KeyCode::Char('S'));
        assert_eq!(KeyCombo::parse("shift-s").unwrap().code, KeyCode::Char('S'));
        assert_eq!(KeyCombo::parse("f1").unwrap().code, KeyCode::F(1));
        assert_eq!(KeyCombo::parse("pgdn").unwrap().code, KeyCode::PageDown);
        assert!(KeyCombo::parse("ctrl-nope").is_err());
        // Text whose lower case has another byte length neither panics nor
        // hangs.
        assert!(KeyCombo::parse("ctrl-\u{212a}").is_ok());
        assert!(KeyCombo::parse("c-ȺȺ").is_err());
        assert!(KeyCombo::parse("c-ȺȺȺ").is_err());
    }

    #[test]
    fn matches_events_whatever_the_terminal_says_about_shift() {
        let table: toml::Table = toml::from_str(r#"reverse_sort = "S""#).unwrap();
        let map = KeyMap::from_table(&table).unwrap();
        assert!(map.is(
            Action::ReverseSort,
            &key(KeyCode::Char('S'), KeyModifiers::SHIFT)
        ));
        assert!(map.is(
            Action::ReverseSort,
            &key(KeyCode::Char('S'), KeyModifiers::NONE)
        ));
        assert!(!map.is(
            Action::ReverseSort,
            &key(KeyCode::Char('s'), KeyModifiers::NONE)
        ));
    }

    #[test]
    fn unknown_actions_and_keys_are_named_errors() {
        let table: toml::Table = toml::from_str(r#"serch = "/""#).unwrap();
        assert_eq!(
            KeyMap::from_table(&table).unwrap_err(),
            "keys.serch: no such action"
        );
        let table: toml::Table = toml::from_str(r#"search = "ctrl-banana""#).unwrap();
        assert!(
            KeyMap::from_table(&table)
                .unwrap_err()
                .starts_with("keys.search")
        );
    }
}
