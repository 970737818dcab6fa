//! The Retention dashboard: counts per state at the top, the contacts in one
//! state below, most urgent first, with the reason; select and act in bulk.

use std::cell::Cell;
use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TableCell, Paragraph, Row};

use super::{Command, Hint, Screen};
use crate::backend::Api;
use crate::model::ContactId;
use crate::model::retention::StateKey;
use crate::service::ServiceError;
use crate::service::api::{RetentionBulk, RetentionReport, RetentionRow};
use crate::tui::app::{Ctx, ViewCtx};
use crate::tui::keymap::Action;
use crate::tui::task::Loader;
use crate::tui::widgets::confirm::{Answer, Confirm};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::ListTable;

/// The lists of the dashboard, in order.
const TABS: [StateKey; 6] = [
    StateKey::NoLegalBasis,
    StateKey::Expired,
    StateKey::ExpiringSoon,
    StateKey::ExpiringLater,
    StateKey::ErasureScheduled,
    StateKey::LegalHold,
];
/// Rows fetched around the selection (they count towards the daily ceiling
/// of users who may not export).
const WINDOW: usize = 100;

/// What a form or confirmation will do, to which contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Planned {
    Run(Vec<ContactId>, RetentionBulk),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormKind {
    Schedule,
    Extend,
    Hold,
}

enum Overlay {
    None,
    Form(Box<Form>, FormKind, Vec<ContactId>),
    Confirm(Confirm<Planned>),
}

pub struct RetentionScreen {
    tab: usize,
    report: Option<RetentionReport>,
    /// A report being computed: the whole database is assessed, which takes
    /// a while on a big one; keys keep working on the rows shown meanwhile.
    pending: Loader<(usize, crate::service::Result<RetentionReport>)>,
    window_offset: usize,
    selected: usize,
    scroll: Cell<usize>,
    height: Cell<usize>,
    chosen: BTreeSet<ContactId>,
    overlay: Overlay,
    /// When the report shown arrived: while the contacts are re-derived
    /// after a purpose change it is fetched again every few seconds, so the
    /// figures and the progress move.
    loaded_at: Option<std::time::Instant>,
}

/// How often a report is fetched again while retention is re-derived.
const UPDATING_REFRESH: std::time::Duration = std::time::Duration::from_secs(2);

impl Default for RetentionScreen {
    fn default() -> Self {
        RetentionScreen::new()
    }
}

impl RetentionScreen {
    pub fn new() -> RetentionScreen {
        RetentionScreen {
            tab: 1,
            report: None,
            loaded_at: None,
            pending: Loader::default(),
            window_offset: 0,
            selected: 0,
            scroll: Cell::new(0),
            height: Cell::new(10),
            chosen: BTreeSet::new(),
            overlay: Overlay::None,
        }
    }

    fn state(&self) -> StateKey {
        TABS[self.tab]
    }

    fn total(&self) -> usize {
        self.report.as_ref().map_or(0, |r| r.total)
    }

    fn row(&self, index: usize) -> Option<&RetentionRow> {
        let r = self.report.as_ref()?;
        r.rows.get(index.checked_sub(self.window_offset)?)
    }

    fn fetch(&mut self, ctx: &mut Ctx<'_>, offset: usize) {
        let state = self.state();
        self.pending.start(ctx.shared, move |backend| {
            (
                offset,
                backend.retention_report(None, Some(state), offset, WINDOW),
            )
        });
    }

    fn apply(
        &mut self,
        ctx: &mut Ctx<'_>,
        result: crate::service::Result<RetentionReport>,
        offset: usize,
    ) {
        match result {
            Ok(r) => {
                self.window_offset = offset;
                self.selected = self.selected.min(r.total.saturating_sub(1));
                if r.total == 0 {
                    self.chosen.clear();
                }
                self.report = Some(r);
                self.loaded_at = Some(std::time::Instant::now());
            }
            Err(e) => ctx.toasts.failed("retention report", &e),
        }
    }

    fn ensure_loaded(&mut self, ctx: &mut Ctx<'_>) {
        let loaded = self.report.as_ref().map_or(0, |r| r.rows.len());
        if self.total() > 0
            && (self.selected < self.window_offset || self.selected >= self.window_offset + loaded)
        {
            self.fetch(ctx, self.selected.saturating_sub(WINDOW / 3));
        }
    }

    fn switch(&mut self, ctx: &mut Ctx<'_>, tab: usize) {
        self.tab = tab % TABS.len();
        self.selected = 0;
        self.scroll.set(0);
        self.chosen.clear();
        self.fetch(ctx, 0);
    }

    /// The contacts an action applies to: those chosen, or the one under the
    /// cursor.
    fn targets(&self) -> Vec<ContactId> {
        if self.chosen.is_empty() {
            self.row(self.selected)
                .map(|r| vec![r.summary.id])
                .unwrap_or_default()
        } else {
            self.chosen.iter().copied().collect()
        }
    }

    fn confirm(&mut self, ids: Vec<ContactId>, action: RetentionBulk, warning: &str) {
        let n = ids.len();
        let mut confirm = Confirm::new(
            "Confirm",
            format!(
                "{} {n} contact{}? {warning}",
                capitalise(action.describe()),
                if n == 1 { "" } else { "s" }
            ),
            Planned::Run(ids, action),
        );
        confirm.danger = !warning.is_empty();
        self.overlay = Overlay::Confirm(confirm);
    }

    fn open_form(&mut self, kind: FormKind, ids: Vec<ContactId>, ctx: &Ctx<'_>) {
        let n = ids.len();
        let in_a_month = ctx.zone.date(ctx.now + chrono::Duration::days(30));
        let form = match kind {
            FormKind::Schedule => Form::new(
                format!("Schedule erasure of {n} contact(s)"),
                vec![
                    Field::text("due", "On", &in_a_month)
                        .with_placeholder("2026-11-28 or 28-11-2026"),
                    Field::choice("how", "How", vec!["anonymise".into(), "delete".into()], 0),
                    Field::text("reason", "Reason", "").with_placeholder("why (recorded)"),
                ],
            ),
            FormKind::Extend => Form::new(
                format!("Keep {n} contact(s) longer"),
                vec![
                    Field::text("until", "Until", &in_a_month)
                        .with_placeholder("2026-11-28 or 28-11-2026"),
                    Field::text("reason", "Reason", "").with_placeholder("why (recorded)"),
                ],
            ),
            FormKind::Hold => Form::new(
                format!("Put {n} contact(s) on legal hold"),
                vec![
                    Field::text("reason", "Reason", "")
                        .with_placeholder("claim, investigation, audit (recorded)"),
                ],
            ),
        };
        self.overlay = Overlay::Form(Box::new(form), kind, ids);
    }

    fn submit_form(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Form(form, kind, ids) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let action = match kind {
            FormKind::Schedule => {
                let due = match ctx.zone.parse(&form.text("due")) {
                    Ok(t) => t,
                    Err(e) => {
                        form.set_error("due", &e);
                        return;
                    }
                };
                RetentionBulk::ScheduleErasure {
                    due,
                    delete: form.choice("how") == 1,
                    reason: form.text("reason"),
                }
            }
            FormKind::Extend => {
                let until = match ctx.zone.parse(&form.text("until")) {
                    Ok(t) => t,
                    Err(e) => {
                        form.set_error("until", &e);
                        return;
                    }
                };
                RetentionBulk::Extend {
                    until,
                    reason: form.text("reason"),
                }
            }
            FormKind::Hold => RetentionBulk::LegalHoldOn {
                reason: form.text("reason"),
            },
        };
        let ids = std::mem::take(ids);
        match ctx.backend.retention_action(ids.clone(), action) {
            Ok(report) => {
                self.overlay = Overlay::None;
                report_toast(ctx, &report);
                self.chosen.clear();
                self.refresh(ctx);
            }
            Err(ServiceError::Invalid { field, message }) => {
                if let Overlay::Form(form, _, slot) = &mut self.overlay {
                    *slot = ids;
                    form.set_error(&field, &message);
                }
            }
            Err(e) => {
                if let Overlay::Form(form, _, slot) = &mut self.overlay {
                    *slot = ids;
                    form.banner = Some((e.to_string(), true));
                }
            }
        }
    }

    fn run(&mut self, ctx: &mut Ctx<'_>, planned: Planned) {
        let Planned::Run(ids, action) = planned;
        match ctx.backend.retention_action(ids, action) {
            Ok(report) => {
                report_toast(ctx, &report);
                self.chosen.clear();
                self.refresh(ctx);
            }
            Err(e) => ctx.toasts.failed("retention", &e),
        }
    }

    fn handle_list(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        let last = self.total().saturating_sub(1);
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
        } else if km.is(Action::NextTab, key) {
            self.switch(ctx, self.tab + 1);
            return true;
        } else if km.is(Action::PrevTab, key) {
            self.switch(ctx, self.tab + TABS.len() - 1);
            return true;
        } else if km.is(Action::Select, key) {
            if let Some(id) = self.row(self.selected).map(|r| r.summary.id) {
                if !self.chosen.remove(&id) {
                    self.chosen.insert(id);
                }
                self.selected = (self.selected + 1).min(last);
            }
        } else if km.is(Action::SelectAll, key) {
            self.select_all(ctx);
        } else if km.is(Action::Anonymise, key) {
            let ids = self.targets();
            if !ids.is_empty() {
                self.confirm(
                    ids,
                    RetentionBulk::Anonymise,
                    "Every personal value is replaced; this cannot be undone.",
                );
            }
        } else if km.is(Action::Delete, key) {
            let ids = self.targets();
            if !ids.is_empty() {
                self.confirm(
                    ids,
                    RetentionBulk::Delete,
                    "The contacts and everything about them are removed; this cannot be undone.",
                );
            }
        } else if km.is(Action::ScheduleErasure, key) {
            let ids = self.targets();
            if ids.is_empty() {
            } else if self.state() == StateKey::ErasureScheduled {
                self.confirm(ids, RetentionBulk::CancelErasure, "");
            } else {
                self.open_form(FormKind::Schedule, ids, ctx);
            }
        } else if km.is(Action::Extend, key) {
            let ids = self.targets();
            if !ids.is_empty() {
                self.open_form(FormKind::Extend, ids, ctx);
            }
        } else if km.is(Action::LegalHold, key) {
            let ids = self.targets();
            if ids.is_empty() {
            } else if self.state() == StateKey::LegalHold {
                self.confirm(ids, RetentionBulk::LegalHoldOff, "");
            } else {
                self.open_form(FormKind::Hold, ids, ctx);
            }
        } else if km.is(Action::Refresh, key) {
            self.refresh(ctx);
        } else {
            return false;
        }
        self.ensure_loaded(ctx);
        true
    }

    /// Chooses every contact in the current list (not only the loaded
    /// window), or clears the choice if all are chosen already.
    fn select_all(&mut self, ctx: &mut Ctx<'_>) {
        if !self.chosen.is_empty() && self.chosen.len() == self.total() {
            self.chosen.clear();
            return;
        }
        match ctx
            .backend
            .retention_report(None, Some(self.state()), 0, usize::MAX)
        {
            Ok(r) => self.chosen = r.rows.iter().map(|r| r.summary.id).collect(),
            Err(e) => ctx.toasts.failed("selecting", &e),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn report_toast(ctx: &mut Ctx<'_>, report: &crate::service::api::BulkReport) {
    let mut text = format!("{}: {} done", report.action, report.done.len());
    if !report.skipped.is_empty() {
        let reasons: BTreeSet<&str> = report.skipped.iter().map(|(_, w)| w.as_str()).collect();
        text.push_str(&format!(
            ", {} skipped ({})",
            report.skipped.len(),
            reasons.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if report.skipped.is_empty() {
        ctx.toasts.success(text);
    } else {
        ctx.toasts.info(text);
    }
}

impl Screen for RetentionScreen {
    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.selected.saturating_sub(WINDOW / 3);
        self.fetch(ctx, offset);
    }

    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        if let Some((offset, result)) = self.pending.take(ctx, wait) {
            self.apply(ctx, result, offset);
        }
        let updating = self.report.as_ref().is_some_and(|r| r.updating.is_some());
        let due = self
            .loaded_at
            .is_some_and(|at| at.elapsed() >= UPDATING_REFRESH);
        if updating && due && !self.pending.is_loading() {
            self.loaded_at = None;
            self.refresh(ctx);
        }
    }

    fn is_loading(&self) -> bool {
        self.pending.is_loading()
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.overlay {
            Overlay::Form(form, ..) => {
                match form.handle(key, ctx.keymap) {
                    FormEvent::Submit => self.submit_form(ctx),
                    FormEvent::Cancel => self.overlay = Overlay::None,
                    FormEvent::None => {}
                }
                true
            }
            Overlay::Confirm(confirm) => {
                match confirm.handle(key) {
                    Answer::Yes => {
                        let planned = confirm.on_yes.clone();
                        self.overlay = Overlay::None;
                        self.run(ctx, planned);
                    }
                    Answer::No => self.overlay = Overlay::None,
                    Answer::Pending => {}
                }
                true
            }
            Overlay::None => self.handle_list(key, ctx),
        }
    }

    fn captures_text(&self) -> bool {
        matches!(self.overlay, Overlay::Form(..))
    }

    fn is_modal(&self) -> bool {
        !matches!(self.overlay, Overlay::None)
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let [tabs_area, info_area, table_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(area);
        let count = |k: StateKey| {
            self.report
                .as_ref()
                .and_then(|r| r.counts.iter().find(|(s, _)| *s == k))
                .map_or(0, |(_, n)| *n)
        };
        let mut spans = Vec::new();
        for (i, k) in TABS.iter().enumerate() {
            let n = count(*k);
            let label = format!(" {} {} ", k.label(), n);
            let style = if i == self.tab {
                theme.selected()
            } else if n > 0 && matches!(k, StateKey::NoLegalBasis | StateKey::Expired) {
                theme.error()
            } else if n > 0 && *k == StateKey::ExpiringSoon {
                theme.warning()
            } else {
                theme.muted()
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), tabs_area);

        let fine = count(StateKey::Fine);
        let anonymised = count(StateKey::Anonymised);
        let as_of = self
            .report
            .as_ref()
            .map(|r| ctx.zone.datetime(r.as_of))
            .unwrap_or_default();
        let chosen = if self.pending.is_loading() {
            "computing… · ".to_string()
        } else if self.chosen.is_empty() {
            String::new()
        } else {
            format!("{} chosen · ", self.chosen.len())
        };
        // After a purpose's rule changed, the figures move until every
        // contact is re-derived; the sweep waits for that.
        let updating = self.report.as_ref().and_then(|r| r.updating).map(|p| {
            Span::styled(
                format!(" rule changed, updating {} % ·", p.percent()),
                theme.warning(),
            )
        });
        f.render_widget(
            Paragraph::new(Line::from_iter(updating.into_iter().chain([Span::styled(
                format!(
                    " {chosen}{fine} fine · {anonymised} anonymised · as of {as_of} · {}/{} \
                     other list",
                    ctx.keymap.key(Action::PrevTab),
                    ctx.keymap.key(Action::NextTab)
                ),
                theme.muted(),
            )]))),
            info_area,
        );

        let date_header = match self.state() {
            StateKey::ErasureScheduled => "Due",
            StateKey::Expired => "Expired",
            StateKey::NoLegalBasis | StateKey::LegalHold => "",
            _ => "Keep until",
        };
        let height = ListTable {
            header: ["", "Name", "Organisation", date_header, "Why"],
            widths: vec![
                Constraint::Length(3),
                Constraint::Length(22),
                Constraint::Length(18),
                Constraint::Length(10),
                Constraint::Min(10),
            ],
            len: self.total(),
            selected: self.selected,
            scroll: &self.scroll,
            empty: Span::styled(format!("Nobody in “{}”.", self.state().label()), theme.ok()),
        }
        .draw(f, table_area, theme, |i| {
            // A row of a window not fetched yet is blank until it arrives.
            let Some(r) = self.row(i) else {
                return Row::default();
            };
            let mark = if self.chosen.contains(&r.summary.id) {
                "[x]"
            } else {
                "[ ]"
            };
            let date = match &r.state {
                crate::model::retention::RetentionState::ErasureScheduled { due } => {
                    ctx.zone.date(*due)
                }
                crate::model::retention::RetentionState::Expired { since } => ctx.zone.date(*since),
                _ => r.keep_until.map(|t| ctx.zone.date(t)).unwrap_or_default(),
            };
            Row::new(vec![
                TableCell::from(mark),
                TableCell::from(r.summary.name.clone()),
                TableCell::from(r.summary.organisation.clone()),
                TableCell::from(date),
                TableCell::from(r.reason.clone()),
            ])
        });
        self.height.set(height);
        match &self.overlay {
            Overlay::None => {}
            Overlay::Form(form, ..) => form.draw(f, area, theme),
            Overlay::Confirm(c) => c.draw(f, area, theme),
        }
    }

    fn overlay_hints(&self, ctx: &ViewCtx<'_>) -> Option<Vec<Hint>> {
        match &self.overlay {
            Overlay::Form(..) => Some(super::form_hints(ctx.keymap)),
            Overlay::Confirm(_) => Some(super::confirm_hints()),
            Overlay::None => None,
        }
    }

    fn commands(&self, _ctx: &ViewCtx<'_>) -> Vec<Command> {
        let state = self.state();
        vec![
            Command::help_only(Action::Up),
            Command::help_only(Action::Down),
            Command::help_only(Action::PageUp),
            Command::help_only(Action::PageDown),
            Command::help_only(Action::NextTab),
            Command::help_only(Action::PrevTab),
            Command::new(Action::Select).label("choose"),
            Command::help_only(Action::SelectAll),
            Command::new(Action::Anonymise),
            Command::new(Action::Delete),
            Command::new(Action::ScheduleErasure).label(if state == StateKey::ErasureScheduled {
                "cancel erasure"
            } else {
                "schedule"
            }),
            Command::new(Action::Extend).label("extend"),
            Command::new(Action::LegalHold).label(if state == StateKey::LegalHold {
                "release hold"
            } else {
                "hold"
            }),
            Command::help_only(Action::Refresh),
        ]
    }
}
