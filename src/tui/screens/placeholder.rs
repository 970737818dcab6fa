//! An honest panel for a screen whose issue has not landed yet: it says what
//! the screen will hold and what the command line offers meanwhile.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Hint, Screen};
use crate::tui::app::{Ctx, ViewCtx};
use crate::tui::widgets::centered;

pub struct Placeholder {
    title: &'static str,
    purpose: &'static str,
}

impl Placeholder {
    pub fn requests() -> Placeholder {
        Placeholder {
            title: "Requests",
            purpose: "Data-subject requests and their one-month deadline.",
        }
    }
}

impl Screen for Placeholder {
    fn title(&self) -> &'static str {
        self.title
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) {}

    fn handle_key(&mut self, _key: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        false
    }

    fn captures_text(&self) -> bool {
        false
    }

    fn is_modal(&self) -> bool {
        false
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let rect = centered(area, 60, 7);
        f.render_widget(
            Paragraph::new(vec![
                Line::from(self.purpose),
                Line::from(""),
                Line::from(Span::styled(
                    "Not built yet: this screen arrives with its own issue.",
                    ctx.theme.warning(),
                )),
            ])
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(ctx.theme.muted())
                    .title(format!(" {} ", self.title)),
            ),
            rect,
        );
    }

    fn hints(&self, _ctx: &ViewCtx<'_>) -> Vec<Hint> {
        vec![]
    }

    fn help(&self, _ctx: &ViewCtx<'_>) -> Vec<Hint> {
        vec![]
    }
}
