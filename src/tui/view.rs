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
    let mut spans = Vec::new();
    for (i, title) in app.titles().into_iter().enumerate() {
        let label = format!(" {} {} ", i + 1, title);
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
    let line = Line::from(vec![
        Span::styled(" db ", theme.muted()),
        Span::styled(
            app.location.clone(),
            Style::default().add_modifier(Modifier::DIM),
        ),
    ]);
    f.render_widget(Paragraph::new(line), left);
    if let Some(alert) = alert {
        f.render_widget(Paragraph::new(alert).right_aligned(), right);
    }
}

fn draw_footer(app: &App, f: &mut Frame, area: Rect) {
    let theme = &app.config.theme;
    let ctx = app.view_ctx();
    let mut hints = app.screen().hints(&ctx);
    let km = &app.config.keymap;
    if !app.screen().captures_text() {
        hints.push(super::screens::Hint::fixed(
            &km.key(super::keymap::Action::Help),
            "help",
        ));
        if !app.screen().is_modal() {
            hints.push(super::screens::Hint::fixed(
                &km.key(super::keymap::Action::Quit),
                "quit",
            ));
        }
    }
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
                .title(format!(" Keys — {} ", app.screen().title()))
                .title_bottom(" any key closes "),
        );
    f.render_widget(table, rect);
}
