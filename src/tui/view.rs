//! Drawing the shell: tab bar, the active screen, status line, footer,
//! toasts and the help overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table};

use super::app::{App, ToastKind};
use super::widgets::centered;

pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < 20 || area.height < 6 {
        f.render_widget(Paragraph::new("custos: window too small"), area);
        return;
    }
    let [top, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let ctx = app.view_ctx();
    draw_tabs(app, f, top);
    app.screen().draw(f, body, &ctx);
    draw_status(app, f, status);
    draw_footer(app, f, footer);
    draw_toasts(app, f, body);
    if app.help {
        draw_help(app, f, body);
    }
}

fn draw_tabs(app: &App, f: &mut Frame, area: Rect) {
    let theme = &app.config.theme;
    let who = format!(" {} · {} ", app.identity.user, app.identity.role);
    let titles = app.titles();
    // Every tab in full when it fits; else tighter, and then the other
    // tabs shortened, so the last tab never disappears at 80 columns.
    let room = (area.width as usize).saturating_sub(who.chars().count());
    let width = |pad: usize, short: bool| -> usize {
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let t = if short && i != app.active() {
                    3
                } else {
                    t.chars().count()
                };
                t + 3 + pad
            })
            .sum()
    };
    let (pad, short) = if width(1, false) <= room {
        (1, false)
    } else if width(0, false) <= room {
        (0, false)
    } else {
        (0, true)
    };
    let mut spans = Vec::new();
    for (i, title) in titles.into_iter().enumerate() {
        let title: String = if short && i != app.active() {
            title.chars().take(3).collect()
        } else {
            title.to_string()
        };
        let label = if pad == 1 {
            format!(" {} {} ", i + 1, title)
        } else {
            format!("{} {} ", i + 1, title)
        };
        if i == app.active() {
            spans.push(Span::styled(label, theme.selected()));
        } else {
            spans.push(Span::styled(label, theme.muted()));
        }
    }
    let [left, right] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(who.chars().count() as u16),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(Line::from(spans)), left);
    f.render_widget(
        Paragraph::new(Span::styled(who, theme.accent())).right_aligned(),
        right,
    );
}

fn draw_status(app: &App, f: &mut Frame, area: Rect) {
    use crate::service::api::AlertLevel;
    let theme = &app.config.theme;
    let alert = app.alerts.first().map(|a| {
        let more = if app.alerts.len() > 1 {
            format!(" (+{} more)", app.alerts.len() - 1)
        } else {
            String::new()
        };
        let style = match a.level {
            AlertLevel::Critical => theme.error().add_modifier(Modifier::BOLD),
            AlertLevel::Warning => theme.warning(),
            AlertLevel::Info => theme.muted(),
        };
        Span::styled(format!("⚠ {}{more} ", a.text), style)
    });
    let alert_width = alert
        .as_ref()
        .map_or(0, |s| s.content.chars().count() as u16);
    let [left, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(alert_width)]).areas(area);
    let mut spans = Vec::new();
    // First, so a long path or an alert never hides it.
    if app.is_loading() {
        spans.push(Span::styled(" loading…", theme.accent()));
    }
    if let Some(building) = app.search.label() {
        spans.push(Span::styled(format!(" {building}"), theme.accent()));
    }
    spans.push(Span::styled(" db ", theme.muted()));
    spans.push(Span::styled(
        app.location.clone(),
        Style::default().add_modifier(Modifier::DIM),
    ));
    let line = Line::from(spans);
    f.render_widget(Paragraph::new(line), left);
    if let Some(alert) = alert {
        f.render_widget(Paragraph::new(alert).right_aligned(), right);
    }
}

fn draw_footer(app: &App, f: &mut Frame, area: Rect) {
    let theme = &app.config.theme;
    let ctx = app.view_ctx();
    let km = &app.config.keymap;
    let mut hints = app.screen().overlay_hints(&ctx).unwrap_or_else(|| {
        app.screen()
            .commands(&ctx)
            .iter()
            .filter_map(|c| c.footer(km))
            .collect()
    });
    // "help" and "quit" always show: the screen's own hints give way from
    // the end when the terminal is too narrow for all of them, because a
    // hint cut in half ("? hel") tells nobody anything.
    let mut always = Vec::new();
    if !app.screen().captures_text() {
        always.push(super::screens::Hint::fixed(
            &km.key(super::keymap::Action::Help),
            "help",
        ));
        if !app.screen().is_modal() {
            always.push(super::screens::Hint::fixed(
                &km.key(super::keymap::Action::Quit),
                "quit",
            ));
        }
    }
    let width = |h: &super::screens::Hint| h.keys.chars().count() + h.what.chars().count() + 3;
    let budget = usize::from(area.width).saturating_sub(1);
    let fixed: usize = always.iter().map(width).sum();
    while hints.len() > 1 && hints.iter().map(width).sum::<usize>() + fixed > budget {
        hints.pop();
    }
    hints.extend(always);
    let mut spans = vec![Span::raw(" ")];
    for h in hints {
        spans.push(Span::styled(h.keys, theme.header()));
        spans.push(Span::raw(format!(" {}  ", h.what)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_toasts(app: &App, f: &mut Frame, area: Rect) {
    let theme = &app.config.theme;
    let mut y = area.y + area.height;
    for toast in app.toasts.0.iter().rev() {
        let width = (toast.text.chars().count() as u16 + 4).min(area.width);
        if y < area.y + 3 {
            break;
        }
        y -= 3;
        let rect = Rect {
            x: area.x + area.width - width,
            y,
            width,
            height: 3,
        };
        let style = match toast.kind {
            ToastKind::Info => theme.accent(),
            ToastKind::Success => theme.ok(),
            ToastKind::Error => theme.error(),
        };
        f.render_widget(Clear, rect);
        f.render_widget(
            Paragraph::new(toast.text.clone())
                .block(Block::default().borders(Borders::ALL).border_style(style)),
            rect,
        );
    }
}

fn draw_help(app: &App, f: &mut Frame, area: Rect) {
    let theme = &app.config.theme;
    let lines = app.help_lines();
    let key_width = lines
        .iter()
        .map(|h| h.keys.chars().count())
        .max()
        .unwrap_or(4)
        .min(24) as u16;
    let rect = centered(area, 64, lines.len() as u16 + 4);
    f.render_widget(Clear, rect);
    let rows: Vec<Row> = lines
        .into_iter()
        .map(|h| {
            Row::new(vec![
                Span::styled(h.keys, theme.header()),
                Span::raw(h.what),
            ])
        })
        .collect();
    let table = Table::new(rows, [Constraint::Length(key_width), Constraint::Min(10)])
        .column_spacing(2)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.accent())
                .title(format!(" Keys — {} ", app.title()))
                .title_bottom(" any key closes "),
        );
    f.render_widget(table, rect);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::backend::Local;
    use crate::clock::Clock;
    use crate::model::Role;
    use crate::service::api::SearchReadiness;
    use crate::service::{Actor, Service};
    use crate::store::Store;
    use crate::tui::config::Config;

    fn status_line(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal.draw(|f| draw(app, f)).expect("draw");
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .find(|line| line.contains(" db "))
            .unwrap_or_default()
    }

    /// While the search index is built in the background the status line
    /// says how far it is, and says nothing more once searches answer.
    #[test]
    fn the_status_line_shows_the_index_being_built() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("custos.redb")).expect("store");
        let service = Arc::new(Service::open(store).expect("service"));
        let backend = Local::new(service, Actor::new("anna", Role::Admin), Clock::System);
        let mut app =
            App::new(Box::new(backend), Clock::System, Config::defaults(), None).expect("app");
        app.set_location("custos.redb");
        app.search = SearchReadiness::Building {
            done: 420_000,
            total: 1_000_000,
        };
        let line = status_line(&app);
        assert!(line.contains("index building (42 %)"), "{line}");
        app.search = SearchReadiness::Ready;
        let line = status_line(&app);
        assert!(!line.contains("index building"), "{line}");
        assert!(line.contains("custos.redb"), "{line}");
    }
}
