//! The list screens' table, and its helpers: cells with highlighted match
//! positions, and the scroll arithmetic of a window over a long list.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};

use crate::tui::theme::Theme;

/// A list screen's table: a header, the window of rows that keeps the
/// selection in view, the selection highlighted, and a sentence saying
/// what to do in place of an empty list. Every list screen draws through
/// it, so they scroll, highlight and explain emptiness alike.
pub struct ListTable<'a, H> {
    pub header: H,
    pub widths: Vec<Constraint>,
    /// How many rows the list has.
    pub len: usize,
    pub selected: usize,
    /// The first row shown, kept between frames.
    pub scroll: &'a Cell<usize>,
    /// Shown when the list is empty: what to do, or (in the theme's "ok"
    /// style) that nothing needs doing.
    pub empty: Span<'a>,
}

impl<'a, H> ListTable<'a, H>
where
    H: IntoIterator,
    H::Item: Into<ratatui::widgets::Cell<'a>>,
{
    /// Draws rows made by `row(index)` for the visible window; returns the
    /// number of rows that fit (for page up / down).
    pub fn draw(
        self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        mut row: impl FnMut(usize) -> Row<'a>,
    ) -> usize {
        let height = (area.height as usize).saturating_sub(1).max(1);
        let scroll = scroll_to(self.scroll.get(), self.selected, height);
        self.scroll.set(scroll);
        let rows: Vec<Row> = (scroll..self.len.min(scroll + height))
            .map(|i| {
                let r = row(i);
                if i == self.selected {
                    r.style(theme.selected())
                } else {
                    r
                }
            })
            .collect();
        f.render_widget(
            Table::new(rows, self.widths)
                .header(Row::new(self.header).style(theme.header()))
                .column_spacing(1),
            area,
        );
        if self.len == 0 {
            let line = Rect {
                y: area.y + 2,
                height: 2.min(area.height.saturating_sub(2)),
                ..area
            };
            f.render_widget(
                Paragraph::new(self.empty)
                    .wrap(Wrap { trim: true })
                    .centered(),
                line,
            );
        }
        height
    }
}

/// `text` cut to `width` characters, with the characters at `matched`
/// positions in `matched_style`.
pub fn highlighted(
    text: &str,
    matched: &[usize],
    width: usize,
    matched_style: Style,
) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    let count = text.chars().count();
    for (i, c) in text.chars().enumerate() {
        if i >= width {
            break;
        }
        let c = if i + 1 == width && count > width {
            '…'
        } else {
            c
        };
        let is_match = matched.contains(&i);
        if is_match != run_matched && !run.is_empty() {
            let style = if run_matched {
                matched_style
            } else {
                Style::default()
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = is_match;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_matched {
            matched_style
        } else {
            Style::default()
        };
        spans.push(Span::styled(run, style));
    }
    Line::from(spans)
}

/// The first row to show so that `selected` is visible in `height` rows,
/// moving as little as possible from `current`.
pub fn scroll_to(current: usize, selected: usize, height: usize) -> usize {
    let height = height.max(1);
    if selected < current {
        selected
    } else if selected >= current + height {
        selected + 1 - height
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn highlights_runs_of_matched_characters() {
        let style = Style::default().add_modifier(Modifier::BOLD);
        let line = highlighted("Jan de Vries", &[0, 1, 2, 7], 20, style);
        let parts: Vec<(&str, bool)> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == style))
            .collect();
        assert_eq!(
            parts,
            vec![("Jan", true), (" de ", false), ("V", true), ("ries", false)]
        );
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        let line = highlighted("Bakkerij de Vries", &[], 8, Style::default());
        assert_eq!(line.spans[0].content, "Bakkeri…");
    }

    fn render(len: usize, selected: usize, scroll: &Cell<usize>) -> (Vec<String>, usize) {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let theme = Theme::default();
        let mut terminal = Terminal::new(TestBackend::new(30, 6)).unwrap();
        let mut height = 0;
        terminal
            .draw(|f| {
                height = ListTable {
                    header: ["#", "Name"],
                    widths: vec![Constraint::Length(4), Constraint::Fill(1)],
                    len,
                    selected,
                    scroll,
                    empty: Span::raw("Nothing here; n adds one."),
                }
                .draw(f, f.area(), &theme, |i| {
                    Row::new(vec![format!("{i}"), format!("person {i}")])
                });
            })
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        let lines = (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        (lines, height)
    }

    #[test]
    fn the_selection_stays_in_view() {
        let scroll = Cell::new(0);
        let (lines, height) = render(100, 42, &scroll);
        assert_eq!(height, 5, "a header and five rows fit in six lines");
        assert_eq!(lines[0], "#    Name");
        assert_eq!(lines[5], "42   person 42", "{lines:?}");
        assert_eq!(scroll.get(), 38);
        // Moving up inside the window does not scroll.
        let (lines, _) = render(100, 40, &scroll);
        assert_eq!(lines[1], "38   person 38", "{lines:?}");
    }

    #[test]
    fn an_empty_list_says_what_to_do() {
        let (lines, _) = render(0, 0, &Cell::new(0));
        assert!(lines[2].contains("Nothing here; n adds one."), "{lines:?}");
    }

    #[test]
    fn scrolls_minimally() {
        assert_eq!(scroll_to(0, 5, 10), 0);
        assert_eq!(scroll_to(0, 12, 10), 3);
        assert_eq!(scroll_to(20, 4, 10), 4);
    }
}
