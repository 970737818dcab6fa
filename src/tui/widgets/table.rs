//! Helpers for tables: cells with highlighted match positions, and the
//! scroll arithmetic of a window over a long list.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

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

    #[test]
    fn scrolls_minimally() {
        assert_eq!(scroll_to(0, 5, 10), 0);
        assert_eq!(scroll_to(0, 12, 10), 3);
        assert_eq!(scroll_to(20, 4, 10), 4);
    }
}
