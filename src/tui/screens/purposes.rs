//! The Purposes screen: the register of processing purposes, with how many
//! contacts hold each consent state; create, edit, archive, delete unused,
//! load templates.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TableCell, Clear, Paragraph, Row, Table, Wrap};

use super::{Command, Hint, Screen};
use crate::backend::Api;
use crate::model::purpose::PurposeTemplate;
use crate::model::{
    LegalBasis, Purpose, PurposeDraft, RetentionAnchor, RetentionRule, Safeguard, SpecialCategory,
    Transfer,
};
use crate::service::ServiceError;
use crate::service::api::PurposeOverview;
use crate::tui::app::{Ctx, ViewCtx};
use crate::tui::keymap::Action;
use crate::tui::task::Loader;
use crate::tui::widgets::centered;
use crate::tui::widgets::confirm::{Answer, Confirm};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::ListTable;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    Archive(u64),
    Delete(u64),
}

struct TemplatePicker {
    templates: Vec<PurposeTemplate>,
    chosen: Vec<bool>,
    cursor: usize,
}

enum Overlay {
    None,
    Form(Box<Form>, Option<(u64, u32)>),
    Confirm(Confirm<Pending>),
    Templates(TemplatePicker),
}

pub struct PurposesScreen {
    purposes: Vec<PurposeOverview>,
    selected: usize,
    scroll: Cell<usize>,
    height: Cell<usize>,
    detail: bool,
    overlay: Overlay,
    listing: Loader<crate::service::Result<Vec<PurposeOverview>>>,
}

impl Default for PurposesScreen {
    fn default() -> Self {
        PurposesScreen::new()
    }
}

fn yes_no(value: bool) -> usize {
    usize::from(value)
}

/// "United States — Mailchimp = scc; UK — Backups Ltd = adequacy"
fn transfers_text(transfers: &[Transfer]) -> String {
    transfers
        .iter()
        .map(|t| format!("{} = {}", t.destination, t.safeguard.key()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn parse_transfers(text: &str) -> Result<Vec<Transfer>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (destination, safeguard) = t
                .rsplit_once('=')
                .ok_or_else(|| "write DESTINATION = SAFEGUARD; …".to_string())?;
            let safeguard = Safeguard::parse(safeguard).ok_or_else(|| {
                format!(
                    "{:?} is not a safeguard: adequacy, scc, bcr, derogation, other",
                    safeguard.trim()
                )
            })?;
            Ok(Transfer {
                destination: destination.trim().to_string(),
                safeguard,
                note: String::new(),
            })
        })
        .collect()
}

impl PurposesScreen {
    pub fn new() -> PurposesScreen {
        PurposesScreen {
            purposes: Vec::new(),
            selected: 0,
            scroll: Cell::new(0),
            height: Cell::new(10),
            detail: false,
            overlay: Overlay::None,
            listing: Loader::default(),
        }
    }

    fn current(&self) -> Option<&Purpose> {
        self.purposes.get(self.selected).map(|o| &o.purpose)
    }

    fn form(title: &str, d: &PurposeDraft) -> Form {
        let bases: Vec<String> = LegalBasis::ALL
            .iter()
            .map(|b| format!("{} — {}", b.article(), b.label()))
            .collect();
        let anchors: Vec<String> = RetentionAnchor::ALL
            .iter()
            .map(|a| a.label().to_string())
            .collect();
        let basis = LegalBasis::ALL
            .iter()
            .position(|b| *b == d.legal_basis)
            .unwrap_or(0);
        let anchor = RetentionAnchor::ALL
            .iter()
            .position(|a| *a == d.retention.anchor)
            .unwrap_or(0);
        let specials: Vec<String> = d
            .special_categories
            .iter()
            .map(|c| c.as_str().to_string())
            .collect();
        let no_yes = || vec!["no".to_string(), "yes".to_string()];
        Form::new(
            title,
            vec![
                Field::text("name", "Name", &d.name),
                Field::text("description", "Description", &d.description),
                Field::choice("legal_basis", "Legal basis", bases, basis),
                Field::text(
                    "legitimate_interest",
                    "Legit. interest",
                    &d.legitimate_interest,
                )
                .with_placeholder("for Art. 6(1)(f): the interest pursued"),
                Field::text(
                    "retention",
                    "Keep (months)",
                    &d.retention.months.to_string(),
                ),
                Field::choice("anchor", "…after", anchors, anchor),
                Field::list("data_categories", "Data", &d.data_categories)
                    .with_placeholder("name, e-mail address, …"),
                Field::list("subject_categories", "People", &d.subject_categories)
                    .with_placeholder("customers, prospects, …"),
                Field::list("recipients", "Recipients", &d.recipients)
                    .with_placeholder("processors and other recipients"),
                Field::text("transfers", "Outside EEA", &transfers_text(&d.transfers))
                    .with_placeholder("US — Provider = scc; …"),
                Field::list("special_categories", "Art. 9 data", &specials)
                    .with_placeholder("health, religion, politics, union, …"),
                Field::text("special_condition", "Art. 9(2)", &d.special_condition)
                    .with_placeholder("the condition for Art. 9 data"),
                Field::choice("marketing", "Marketing", no_yes(), yes_no(d.marketing)),
                Field::choice("auto_erase", "Auto-erase", no_yes(), yes_no(d.auto_erase)),
            ],
        )
    }

    fn draft_from(form: &mut Form) -> Option<PurposeDraft> {
        let months = match form.text("retention").parse::<u32>() {
            Ok(m) => m,
            Err(_) => {
                form.set_error("retention", "a whole number of months");
                return None;
            }
        };
        let transfers = match parse_transfers(&form.text("transfers")) {
            Ok(t) => t,
            Err(e) => {
                form.set_error("transfers", &e);
                return None;
            }
        };
        let mut special_categories = Vec::new();
        for c in form.list("special_categories") {
            match SpecialCategory::parse(&c) {
                Some(c) => special_categories.push(c),
                None => {
                    form.set_error(
                        "special_categories",
                        "use health, religion, politics, union, ethnicity, sexual-orientation, \
                         biometric, genetic",
                    );
                    return None;
                }
            }
        }
        Some(PurposeDraft {
            name: form.text("name"),
            description: form.text("description"),
            legal_basis: LegalBasis::ALL[form.choice("legal_basis").min(5)],
            legitimate_interest: form.text("legitimate_interest"),
            retention: RetentionRule {
                months,
                anchor: RetentionAnchor::ALL[form.choice("anchor").min(3)],
            },
            data_categories: form.list("data_categories"),
            subject_categories: form.list("subject_categories"),
            recipients: form.list("recipients"),
            transfers,
            special_categories,
            special_condition: form.text("special_condition"),
            marketing: form.choice("marketing") == 1,
            auto_erase: form.choice("auto_erase") == 1,
        })
    }

    fn save(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Form(form, editing) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let Some(draft) = Self::draft_from(form) else {
            return;
        };
        let result = match editing {
            Some((id, version)) => ctx.backend.update_purpose(*id, *version, draft),
            None => ctx.backend.create_purpose(draft),
        };
        match result {
            Ok(p) => {
                ctx.toasts.success(format!("saved \"{}\"", p.name));
                self.overlay = Overlay::None;
                self.refresh(ctx);
                if let Some(i) = self.purposes.iter().position(|o| o.purpose.id == p.id) {
                    self.selected = i;
                }
            }
            Err(ServiceError::Invalid { field, message }) => {
                let key = if field == "retention" {
                    "retention"
                } else {
                    &field
                };
                form.set_error(key, &message);
            }
            Err(ServiceError::Conflict { .. }) => {
                form.banner = Some((
                    "Someone else changed this purpose meanwhile. Esc, reopen it and edit again."
                        .to_string(),
                    true,
                ));
            }
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn open_templates(&mut self, ctx: &mut Ctx<'_>) {
        match ctx.backend.purpose_templates() {
            Ok(templates) => {
                let n = templates.len();
                self.overlay = Overlay::Templates(TemplatePicker {
                    templates,
                    chosen: vec![false; n],
                    cursor: 0,
                });
            }
            Err(e) => ctx.toasts.failed("templates", &e),
        }
    }

    fn handle_templates(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) {
        let Overlay::Templates(picker) = &mut self.overlay else {
            return;
        };
        let km = ctx.keymap;
        if km.is(Action::Back, key) {
            self.overlay = Overlay::None;
        } else if km.is(Action::Down, key) {
            picker.cursor = (picker.cursor + 1).min(picker.templates.len().saturating_sub(1));
        } else if km.is(Action::Up, key) {
            picker.cursor = picker.cursor.saturating_sub(1);
        } else if km.is(Action::Select, key) {
            if let Some(c) = picker.chosen.get_mut(picker.cursor) {
                *c = !*c;
            }
        } else if key.code == KeyCode::Enter {
            let mut keys: Vec<String> = picker
                .templates
                .iter()
                .zip(&picker.chosen)
                .filter(|(_, chosen)| **chosen)
                .map(|(t, _)| t.key.clone())
                .collect();
            if keys.is_empty()
                && let Some(t) = picker.templates.get(picker.cursor)
            {
                keys.push(t.key.clone());
            }
            match ctx.backend.load_templates(keys) {
                Ok(created) if created.is_empty() => {
                    ctx.toasts.info("those purposes exist already");
                }
                Ok(created) => ctx
                    .toasts
                    .success(format!("{} purpose(s) added", created.len())),
                Err(e) => ctx.toasts.failed("loading templates", &e),
            }
            self.overlay = Overlay::None;
            self.refresh(ctx);
        }
    }

    fn draw_table(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let wide = area.width >= 110;
        let mut header = vec!["Purpose", "Basis"];
        let mut widths = vec![Constraint::Fill(4), Constraint::Length(24)];
        if wide {
            header.push("Retention");
            widths.push(Constraint::Fill(3));
        }
        header.extend(["Given", "Withdrawn", "Refused", "Status"]);
        widths.extend([
            Constraint::Length(7),
            Constraint::Length(9),
            Constraint::Length(7),
            Constraint::Length(8),
        ]);
        let height = ListTable {
            header,
            widths,
            len: self.purposes.len(),
            selected: self.selected,
            scroll: &self.scroll,
            empty: Span::styled(
                format!(
                    "No purposes yet. {} loads templates (newsletter, sales follow-up, contract, \
                 invoicing, events); {} creates one.",
                    ctx.keymap.key(Action::Templates),
                    ctx.keymap.key(Action::New)
                ),
                ctx.theme.muted(),
            ),
        }
        .draw(f, area, theme, |i| {
            let o = &self.purposes[i];
            let p = &o.purpose;
            let mut cells = vec![
                TableCell::from(p.name.clone()),
                TableCell::from(format!(
                    "{} {}",
                    &p.legal_basis.article()[9..],
                    p.legal_basis.label()
                )),
            ];
            if wide {
                cells.push(TableCell::from(p.retention.to_string()));
            }
            cells.push(TableCell::from(o.counts.given.to_string()));
            cells.push(TableCell::from(o.counts.withdrawn.to_string()));
            cells.push(TableCell::from(o.counts.refused.to_string()));
            cells.push(TableCell::from(if p.is_active() {
                Span::raw("active")
            } else {
                Span::styled("archived", theme.muted())
            }));
            let row = Row::new(cells);
            if p.is_active() {
                row
            } else {
                row.style(theme.muted())
            }
        });
        self.height.set(height);
    }

    fn draw_detail(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let Some(o) = self.purposes.get(self.selected) else {
            return;
        };
        let p = &o.purpose;
        let label = |l: &str| Span::styled(format!("{l:<22}"), theme.muted());
        let mut lines = vec![
            Line::from(vec![
                Span::styled(p.name.clone(), theme.header().add_modifier(Modifier::BOLD)),
                Span::styled(
                    format!(
                        "   #{} · version {} · {}",
                        p.id,
                        p.version,
                        if p.is_active() { "active" } else { "archived" }
                    ),
                    theme.muted(),
                ),
            ]),
            Line::from(""),
        ];
        let mut field = |name: &str, value: String| {
            if !value.is_empty() {
                lines.push(Line::from(vec![label(name), Span::raw(value)]));
            }
        };
        field("Description", p.description.clone());
        field("Legal basis", p.legal_basis.to_string());
        field("Legitimate interest", p.legitimate_interest.clone());
        field("Retention", p.retention.to_string());
        field("Data", p.data_categories.join(", "));
        field("People", p.subject_categories.join(", "));
        field("Recipients", p.recipients.join(", "));
        for t in &p.transfers {
            field(
                "Transfer outside EEA",
                format!("{} — {}", t.destination, t.safeguard.label()),
            );
        }
        field(
            "Art. 9 data",
            p.special_categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        field("Art. 9(2) condition", p.special_condition.clone());
        field(
            "Direct marketing",
            if p.marketing { "yes" } else { "no" }.to_string(),
        );
        field(
            "Auto-erase on expiry",
            if p.auto_erase { "yes" } else { "no" }.to_string(),
        );
        field(
            "Contacts",
            format!(
                "{} {} · {} {} · {} {}",
                o.counts.given,
                crate::model::ConsentAction::Given.label(p.legal_basis),
                o.counts.withdrawn,
                crate::model::ConsentAction::Withdrawn.label(p.legal_basis),
                o.counts.refused,
                crate::model::ConsentAction::Refused.label(p.legal_basis)
            ),
        );
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.muted()),
            ),
            area,
        );
    }

    fn draw_templates(picker: &TemplatePicker, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let rect = centered(area, 76, picker.templates.len() as u16 + 4);
        f.render_widget(Clear, rect);
        let rows: Vec<Row> = picker
            .templates
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mark = if picker.chosen[i] { "[x]" } else { "[ ]" };
                let row = Row::new(vec![
                    TableCell::from(mark),
                    TableCell::from(t.draft.name.clone()),
                    TableCell::from(t.draft.legal_basis.label()),
                    TableCell::from(t.draft.retention.to_string()),
                ]);
                if i == picker.cursor {
                    row.style(theme.selected())
                } else {
                    row
                }
            })
            .collect();
        f.render_widget(
            Table::new(
                rows,
                [
                    Constraint::Length(3),
                    Constraint::Fill(3),
                    Constraint::Length(19),
                    Constraint::Fill(2),
                ],
            )
            .column_spacing(1)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.accent())
                    .title(" Purpose templates ")
                    .title_bottom(" space choose · enter load · esc cancel "),
            ),
            rect,
        );
    }
}

impl Screen for PurposesScreen {
    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.listing.start(ctx.shared, |backend| backend.purposes());
    }

    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        match self.listing.take(ctx, wait) {
            Some(Ok(p)) => {
                self.purposes = p;
                self.selected = self.selected.min(self.purposes.len().saturating_sub(1));
            }
            Some(Err(e)) => ctx.toasts.failed("loading purposes", &e),
            None => {}
        }
    }

    fn is_loading(&self) -> bool {
        self.listing.is_loading()
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.overlay {
            Overlay::Form(form, _) => {
                match form.handle(key, ctx.keymap) {
                    FormEvent::Submit => self.save(ctx),
                    FormEvent::Cancel => self.overlay = Overlay::None,
                    FormEvent::None => {}
                }
                return true;
            }
            Overlay::Confirm(confirm) => {
                match confirm.handle(key) {
                    Answer::Yes => {
                        let pending = confirm.on_yes.clone();
                        self.overlay = Overlay::None;
                        let result = match pending {
                            Pending::Archive(id) => ctx
                                .backend
                                .archive_purpose(id)
                                .map(|p| format!("\"{}\" archived", p.name)),
                            Pending::Delete(id) => ctx
                                .backend
                                .delete_purpose(id)
                                .map(|()| format!("purpose #{id} deleted")),
                        };
                        match result {
                            Ok(msg) => ctx.toasts.success(msg),
                            Err(e) => ctx.toasts.failed("purpose", &e),
                        }
                        self.refresh(ctx);
                    }
                    Answer::No => self.overlay = Overlay::None,
                    Answer::Pending => {}
                }
                return true;
            }
            Overlay::Templates(_) => {
                self.handle_templates(key, ctx);
                return true;
            }
            Overlay::None => {}
        }
        let km = ctx.keymap;
        let last = self.purposes.len().saturating_sub(1);
        if km.is(Action::Down, key) {
            self.selected = (self.selected + 1).min(last);
        } else if km.is(Action::Up, key) {
            self.selected = self.selected.saturating_sub(1);
        } else if km.is(Action::Top, key) {
            self.selected = 0;
        } else if km.is(Action::Bottom, key) {
            self.selected = last;
        } else if km.is(Action::Open, key) {
            self.detail = !self.purposes.is_empty();
        } else if km.is(Action::Back, key) && self.detail {
            self.detail = false;
        } else if km.is(Action::New, key) {
            let draft = PurposeDraft::new(
                "",
                LegalBasis::Consent,
                RetentionRule {
                    months: 24,
                    anchor: RetentionAnchor::ConsentGiven,
                },
            );
            self.overlay = Overlay::Form(Box::new(Self::form("New purpose", &draft)), None);
        } else if km.is(Action::Edit, key) {
            if let Some(p) = self.current() {
                let form = Self::form(&format!("Edit \"{}\"", p.name), &p.draft());
                self.overlay = Overlay::Form(Box::new(form), Some((p.id, p.version)));
            }
        } else if km.is(Action::Archive, key) {
            if let Some(p) = self.current().filter(|p| p.is_active()) {
                self.overlay = Overlay::Confirm(Confirm::new(
                    "Archive purpose",
                    format!(
                        "Archive \"{}\"? No new consent can be given for it; its history stays \
                         as proof, and withdrawals remain possible.",
                        p.name
                    ),
                    Pending::Archive(p.id),
                ));
            }
        } else if km.is(Action::Delete, key) {
            if let Some(p) = self.current() {
                self.overlay = Overlay::Confirm(Confirm::new(
                    "Delete purpose",
                    format!(
                        "Delete \"{}\"? Only a purpose no consent refers to can be deleted.",
                        p.name
                    ),
                    Pending::Delete(p.id),
                ));
            }
        } else if km.is(Action::Templates, key) {
            self.open_templates(ctx);
        } else if km.is(Action::Refresh, key) {
            self.refresh(ctx);
        } else {
            return false;
        }
        true
    }

    fn captures_text(&self) -> bool {
        matches!(self.overlay, Overlay::Form(..))
    }

    fn is_modal(&self) -> bool {
        !matches!(self.overlay, Overlay::None)
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        if self.detail {
            self.draw_detail(f, area, ctx);
        } else {
            let [info, table] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
            let active = self
                .purposes
                .iter()
                .filter(|o| o.purpose.is_active())
                .count();
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!(
                        " {} purposes, {} active — why the company holds data, on what legal \
                         basis, for how long",
                        self.purposes.len(),
                        active
                    ),
                    ctx.theme.muted(),
                )),
                info,
            );
            self.draw_table(f, table, ctx);
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Form(form, _) => form.draw(f, area, ctx.theme),
            Overlay::Confirm(c) => c.draw(f, area, ctx.theme),
            Overlay::Templates(picker) => Self::draw_templates(picker, f, area, ctx),
        }
    }

    fn overlay_hints(&self, ctx: &ViewCtx<'_>) -> Option<Vec<Hint>> {
        let km = ctx.keymap;
        match &self.overlay {
            Overlay::Form(..) => Some(vec![
                Hint::fixed("tab", "next field"),
                Hint::fixed("←/→", "choose"),
                Hint::fixed(&km.key(Action::Save), "save"),
                Hint::fixed("esc", "cancel"),
            ]),
            Overlay::Confirm(_) => Some(super::confirm_hints()),
            Overlay::Templates(_) => Some(vec![
                Hint::fixed(&km.key(Action::Select), "choose"),
                Hint::fixed("enter", "load"),
                Hint::fixed("esc", "cancel"),
            ]),
            Overlay::None => None,
        }
    }

    fn commands(&self, _ctx: &ViewCtx<'_>) -> Vec<Command> {
        let list = !self.detail;
        vec![
            Command::help_only(Action::Up),
            Command::help_only(Action::Down),
            Command::new(Action::Back).now(!list),
            Command::new(Action::Open).now(list),
            Command::new(Action::New).now(list),
            Command::new(Action::Edit),
            Command::new(Action::Archive),
            Command::new(Action::Delete).now(list),
            Command::new(Action::Templates).now(list),
            Command::help_only(Action::Select).about("in the templates: choose"),
            Command::help_only(Action::Refresh),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfers_round_trip_through_text() {
        let t = parse_transfers("US — Mailchimp = scc; UK — Backup Ltd = adequacy").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].safeguard, Safeguard::StandardContractualClauses);
        assert_eq!(
            transfers_text(&t),
            "US — Mailchimp = scc; UK — Backup Ltd = adequacy"
        );
        assert!(parse_transfers("US = pinky promise").is_err());
        assert!(parse_transfers("").unwrap().is_empty());
    }
}
