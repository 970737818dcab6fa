//! A yes/no question in a box over the screen.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm<T> {
    pub title: String,
    pub message: String,
    /// What to do on "yes".
    pub on_yes: T,
    pub danger: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    Pending,
}

impl<T> Confirm<T> {
    pub fn new(title: &str, message: impl Into<String>, on_yes: T) -> Confirm<T> {
        Confirm {
            title: title.to_string(),
            message: message.into(),
            on_yes,
            danger: true,
        }
    }

    pub fn handle(&self, key: &KeyEvent) -> Answer {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Answer::Yes,
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => Answer::No,
            _ => Answer::Pending,
        }
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let width = 60.min(area.width.saturating_sub(4)).max(20);
        let text_width = width.saturating_sub(4) as usize;
        let lines = textwrap_len(&self.message, text_width) as u16;
        let rect = centered(area, width, lines + 5);
        f.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", self.title))
            .border_style(if self.danger {
                theme.error()
            } else {
                theme.accent()
            });
        let body = vec![
            Line::from(self.message.clone()),
            Line::from(""),
            Line::from(vec![
                Span::styled("y", theme.header()),
                Span::raw(" yes    "),
                Span::styled("n", theme.header()),
                Span::raw(" / "),
                Span::styled("esc", theme.header()),
                Span::raw(" no"),
            ]),
        ];
        f.render_widget(
            Paragraph::new(body).block(block).wrap(Wrap { trim: true }),
            rect,
        );
    }
}

/// Lines a message takes when wrapped at `width` (a close estimate).
pub fn textwrap_len(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.lines()
        .map(|l| l.chars().count().div_ceil(width).max(1))
        .sum::<usize>()
        .max(1)
}
