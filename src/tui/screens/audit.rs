//! The Audit screen: who did what to which record, newest first, and the
//! chain check.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{Command, Screen};
use crate::backend::Api;
use crate::model::{AuditEntry, AuditOutcome};
use crate::service::ServiceError;
use crate::service::api::{AuditPage, AuditVerification};
use crate::tui::app::{Ctx, ViewCtx};
use crate::tui::keymap::Action;
use crate::tui::task::Loader;
use crate::tui::widgets::table::ListTable;

/// A page of the trail, and whether it continues the one shown.
type PageAnswer = (bool, crate::service::Result<AuditPage>);

const PAGE: usize = 500;

pub struct AuditScreen {
    entries: Vec<AuditEntry>,
    total: u64,
    selected: usize,
    scroll: std::cell::Cell<usize>,
    height: std::cell::Cell<usize>,
    verdict: Option<(String, bool)>,
    denied: Option<String>,
    paging: Loader<PageAnswer>,
    verifying: Loader<crate::service::Result<AuditVerification>>,
}

impl Default for AuditScreen {
    fn default() -> Self {
        AuditScreen::new()
    }
}

impl AuditScreen {
    pub fn new() -> AuditScreen {
        AuditScreen {
            entries: Vec::new(),
            total: 0,
            selected: 0,
            scroll: std::cell::Cell::new(0),
            height: std::cell::Cell::new(20),
            verdict: None,
            denied: None,
            paging: Loader::default(),
            verifying: Loader::default(),
        }
    }

    fn load_more(&mut self, ctx: &mut Ctx<'_>) {
        let before = self.entries.last().map(|e| e.seq);
        if before == Some(1) || self.paging.is_loading() {
            return;
        }
        self.paging.start(ctx.shared, move |backend| {
            (true, backend.audit(before, PAGE))
        });
    }

    fn show_page(&mut self, ctx: &mut Ctx<'_>, (more, page): PageAnswer) {
        match page {
            Ok(page) if more => {
                self.total = page.total;
                self.entries.extend(page.entries);
            }
            Ok(page) => {
                self.denied = None;
                self.total = page.total;
                self.entries = page.entries;
                self.selected = self.selected.min(self.entries.len().saturating_sub(1));
            }
            Err(e @ ServiceError::Denied { .. }) => self.denied = Some(e.to_string()),
            Err(e) => ctx.toasts.failed("loading the audit trail", &e),
        }
    }

    fn verify(&mut self, ctx: &mut Ctx<'_>) {
        self.verifying
            .start(ctx.shared, |backend| backend.verify_audit());
    }
}

impl Screen for AuditScreen {
    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.paging
            .start(ctx.shared, |backend| (false, backend.audit(None, PAGE)));
    }

    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        if let Some(page) = self.paging.take(ctx, wait) {
            self.show_page(ctx, page);
        }
        match self.verifying.take(ctx, wait) {
            Some(Ok(v)) => {
                let (intact, summary) = v.summary();
                self.verdict = Some((summary, intact));
            }
            Some(Err(e)) => ctx.toasts.failed("verify", &e),
            None => {}
        }
    }

    fn is_loading(&self) -> bool {
        self.paging.is_loading() || self.verifying.is_loading()
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        if self.denied.is_some() {
            return false;
        }
        let km = ctx.keymap;
        let last = self.entries.len().saturating_sub(1);
        let page = self.height.get().max(1);
        if km.is(Action::Down, key) {
            self.selected = (self.selected + 1).min(last);
        } else if km.is(Action::Up, key) {
            self.selected = self.selected.saturating_sub(1);
        } else if km.is(Action::PageDown, key) {
            self.selected = (self.selected + page).min(last);
        } else if km.is(Action::PageUp, key) {
            self.selected = self.selected.saturating_sub(page);
        } else if km.is(Action::Top, key) {
            self.selected = 0;
        } else if km.is(Action::Bottom, key) {
            self.selected = last;
        } else if km.is(Action::Verify, key) {
            self.verify(ctx);
        } else if km.is(Action::Refresh, key) {
            self.refresh(ctx);
        } else {
            return false;
        }
        if self.selected + page >= self.entries.len() {
            self.load_more(ctx);
        }
        true
    }

    fn captures_text(&self) -> bool {
        false
    }

    fn is_modal(&self) -> bool {
        false
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        if let Some(denied) = &self.denied {
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(""),
                    Line::from(Span::styled(denied.clone(), theme.warning())),
                    Line::from(Span::styled(
                        "The audit trail is open to admins and privacy officers.",
                        theme.muted(),
                    )),
                ])
                .centered(),
                area,
            );
            return;
        }
        let [info, table_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let verdict = match &self.verdict {
            Some((text, true)) => Span::styled(format!(" ✓ {text}"), theme.ok()),
            Some((text, false)) => Span::styled(format!(" ✗ {text}"), theme.error()),
            None => Span::styled(
                format!(
                    " {} to verify the hash chain",
                    ctx.keymap.key(Action::Verify)
                ),
                theme.muted(),
            ),
        };
        let [left, right] =
            Layout::horizontal([Constraint::Min(1), Constraint::Length(20)]).areas(info);
        f.render_widget(Paragraph::new(verdict), left);
        f.render_widget(
            Paragraph::new(Span::styled(
                format!("{} entries ", self.total),
                theme.muted(),
            ))
            .right_aligned(),
            right,
        );
        let height = ListTable {
            header: ["#", "When", "Who", "Action", "Record", "Fields / detail"],
            widths: vec![
                Constraint::Length(6),
                Constraint::Length(16),
                Constraint::Length(12),
                Constraint::Length(18),
                Constraint::Length(20),
                Constraint::Min(10),
            ],
            len: self.entries.len(),
            selected: self.selected,
            scroll: &self.scroll,
            empty: Span::styled("No audit entries yet.", theme.muted()),
        }
        .draw(f, table_area, theme, |i| {
            let e = &self.entries[i];
            let r = &e.record;
            let (action, style) = match &r.outcome {
                AuditOutcome::Done => (r.action.key().to_string(), Style::default()),
                AuditOutcome::Denied { .. } => {
                    (format!("DENIED {}", r.action.key()), theme.error())
                }
            };
            let targets = r.targets_summary(" ");
            let mut detail = r.fields.join(", ");
            if !r.detail.is_empty() {
                if !detail.is_empty() {
                    detail.push_str("; ");
                }
                detail.push_str(&r.detail);
            }
            Row::new(vec![
                Cell::from(e.seq.to_string()),
                Cell::from(ctx.zone.datetime(e.at)),
                Cell::from(r.actor.clone()),
                Cell::from(Span::styled(action, style)),
                Cell::from(format!("{} {targets}", r.kind)),
                Cell::from(detail),
            ])
        });
        self.height.set(height);
    }

    fn commands(&self, _ctx: &ViewCtx<'_>) -> Vec<Command> {
        let allowed = self.denied.is_none();
        vec![
            Command::help_only(Action::Up),
            Command::help_only(Action::Down),
            Command::help_only(Action::PageUp),
            Command::help_only(Action::PageDown),
            Command::help_only(Action::Top),
            Command::help_only(Action::Bottom),
            Command::new(Action::Verify).now(allowed),
            Command::new(Action::Refresh).now(allowed),
        ]
    }
}
