//! Colours, configurable in the `[theme]` table of the config file.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub accent: Color,
    pub selection_bg: Color,
    pub selection_fg: Color,
    pub matched: Color,
    pub muted: Color,
    pub ok: Color,
    pub warning: Color,
    pub error: Color,
    pub header: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            accent: Color::Cyan,
            selection_bg: Color::DarkGray,
            selection_fg: Color::White,
            matched: Color::Yellow,
            muted: Color::Gray,
            ok: Color::Green,
            warning: Color::Yellow,
            error: Color::LightRed,
            header: Color::LightCyan,
        }
    }
}

impl Theme {
    /// Applies a `[theme]` table over this theme; an unknown entry or colour
    /// is an error naming it.
    pub fn apply(&mut self, table: &toml::Table) -> Result<(), String> {
        for (name, value) in table {
            let text = value
                .as_str()
                .ok_or_else(|| format!("theme.{name}: write the colour as a string"))?;
            let color = Color::from_str(text)
                .map_err(|_| format!("theme.{name}: {text:?} is not a colour"))?;
            let slot = match name.as_str() {
                "accent" => &mut self.accent,
                "selection_bg" => &mut self.selection_bg,
                "selection_fg" => &mut self.selection_fg,
                "matched" => &mut self.matched,
                "muted" => &mut self.muted,
                "ok" => &mut self.ok,
                "warning" => &mut self.warning,
                "error" => &mut self.error,
                "header" => &mut self.header,
                _ => return Err(format!("theme.{name}: no such colour")),
            };
            *slot = color;
        }
        Ok(())
    }

    pub fn selected(&self) -> Style {
        Style::default()
            .bg(self.selection_bg)
            .fg(self.selection_fg)
            .add_modifier(Modifier::BOLD)
    }

    pub fn matched(&self) -> Style {
        Style::default()
            .fg(self.matched)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn header(&self) -> Style {
        Style::default()
            .fg(self.header)
            .add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        Style::default().fg(self.muted)
    }

    pub fn error(&self) -> Style {
        Style::default().fg(self.error)
    }

    pub fn warning(&self) -> Style {
        Style::default().fg(self.warning)
    }

    pub fn ok(&self) -> Style {
        Style::default().fg(self.ok)
    }

    pub fn accent(&self) -> Style {
        Style::default().fg(self.accent)
    }
}
