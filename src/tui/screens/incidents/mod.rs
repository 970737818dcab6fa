//! The Incidents screen: the breach register with the 72-hour countdown, an
//! incident's facts and timeline, selecting the people affected by rule
//! (with a live count) or by hand, the notification list with its progress,
//! and exports.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::model::when::Zone;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TableCell, Clear, Paragraph, Row, Table, Wrap};

use super::{Command, Hint, Screen};
use crate::backend::{Api, Backend};
use crate::export::incident::{documentation, markdown, notification_csv};
use crate::model::{
    AffectedRule, AuthorityNotification, BreachNature, ContactId, Countdown, IncidentDraft,
    IncidentStatus, IndividualsNotice, NotificationChannel, Purpose, RiskLevel, Timestamp,
};
use crate::search::ContactSummary;
use crate::service::ServiceError;
use crate::service::api::{AffectedPreview, ContactQuery, IncidentDetail, IncidentOverview};
use crate::tui::app::{Ctx, ViewCtx};
use crate::tui::keymap::Action;
use crate::tui::task::{Loader, Poll, Task};
use crate::tui::widgets::centered;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{ListTable, scroll_to};

mod draw;
mod people;

fn countdown_style(c: Countdown, ctx: &ViewCtx<'_>) -> Style {
    match c {
        Countdown::Done => ctx.theme.muted(),
        Countdown::Running(_) => ctx.theme.warning(),
        Countdown::Urgent(_) | Countdown::Overdue(_) => {
            ctx.theme.error().add_modifier(Modifier::BOLD)
        }
    }
}

/// Picking people by hand: a search and the people chosen.
struct Picker {
    query: TextInput,
    results: Vec<ContactSummary>,
    cursor: usize,
}

struct RuleForm {
    form: Form,
    picked: Vec<(ContactId, String)>,
    purposes: Vec<Purpose>,
    preview: Option<AffectedPreview>,
    pending: Option<Task<crate::service::Result<AffectedPreview>>>,
    picker: Option<Picker>,
}

enum Overlay {
    None,
    Edit(Box<Form>, Option<(u64, u32)>),
    Note(Form),
    Rule(Box<RuleForm>),
    Export(Form),
}

pub struct IncidentsScreen {
    list: Vec<IncidentOverview>,
    selected: usize,
    scroll: Cell<usize>,
    denied: Option<String>,
    detail: Option<IncidentDetail>,
    entry_cursor: usize,
    entry_scroll: Cell<usize>,
    chosen: BTreeSet<ContactId>,
    overlay: Overlay,
    listing: Loader<crate::service::Result<Vec<IncidentOverview>>>,
    opening: Loader<(u64, crate::service::Result<IncidentDetail>)>,
}

impl Default for IncidentsScreen {
    fn default() -> Self {
        IncidentsScreen::new()
    }
}

impl IncidentsScreen {
    pub fn new() -> IncidentsScreen {
        IncidentsScreen {
            list: Vec::new(),
            selected: 0,
            scroll: Cell::new(0),
            denied: None,
            detail: None,
            entry_cursor: 0,
            entry_scroll: Cell::new(0),
            chosen: BTreeSet::new(),
            overlay: Overlay::None,
            listing: Loader::default(),
            opening: Loader::default(),
        }
    }

    fn open(&mut self, ctx: &mut Ctx<'_>, id: u64) {
        self.opening
            .start(ctx.shared, move |backend| (id, backend.incident(id)));
    }

    fn show_incident(
        &mut self,
        ctx: &mut Ctx<'_>,
        id: u64,
        detail: crate::service::Result<IncidentDetail>,
    ) {
        match detail {
            Ok(d) => {
                if self.detail.as_ref().map(|x| x.incident.id) != Some(id) {
                    self.entry_cursor = 0;
                    self.chosen.clear();
                }
                self.entry_cursor = self.entry_cursor.min(d.entries.len().saturating_sub(1));
                self.detail = Some(d);
            }
            Err(e) => ctx.toasts.failed("opening incident", &e),
        }
    }

    fn edit_form(title: &str, d: &IncidentDraft, zone: Zone) -> Form {
        let when = |t: Timestamp| zone.datetime(t);
        let risks = RiskLevel::ALL.iter().map(|r| r.key().to_string()).collect();
        let risk = RiskLevel::ALL
            .iter()
            .position(|r| *r == d.risk)
            .unwrap_or(1);
        let statuses = vec!["open".to_string(), "notified".into(), "closed".into()];
        let status = match d.status {
            IncidentStatus::Open => 0,
            IncidentStatus::Notified => 1,
            IncidentStatus::Closed => 2,
        };
        let tell = vec!["undecided".to_string(), "yes".into(), "no".into()];
        let (tell_choice, why) = match &d.individuals {
            IndividualsNotice::Undecided => (0, String::new()),
            IndividualsNotice::Required => (1, String::new()),
            IndividualsNotice::NotRequired { reason } => (2, reason.clone()),
        };
        let nature: Vec<String> = d.nature.iter().map(|n| n.key().to_string()).collect();
        let a = d.authority.as_ref();
        Form::new(
            title,
            vec![
                Field::text("title", "Title", &d.title),
                Field::text("description", "What happened", &d.description),
                Field::text(
                    "occurred_at",
                    "Occurred",
                    &d.occurred_at.map(when).unwrap_or_default(),
                )
                .with_placeholder("2026-11-28 [09:00], if known"),
                Field::text("aware_at", "Aware since", &when(d.aware_at))
                    .with_placeholder("the 72 hours start here"),
                Field::list("nature", "Nature", &nature)
                    .with_placeholder("confidentiality, integrity, availability"),
                Field::list("data_categories", "Data", &d.data_categories),
                Field::list("subject_categories", "People", &d.subject_categories),
                Field::text(
                    "approx_subjects",
                    "How many people",
                    &d.approx_subjects.to_string(),
                ),
                Field::text(
                    "approx_records",
                    "How many records",
                    &d.approx_records.to_string(),
                ),
                Field::text("consequences", "Consequences", &d.consequences),
                Field::text("measures", "Measures", &d.measures),
                Field::choice("risk", "Risk", risks, risk),
                Field::text("contact_point", "Contact point", &d.contact_point),
                Field::text(
                    "authority_at",
                    "Authority told",
                    &a.map(|a| when(a.at)).unwrap_or_default(),
                )
                .with_placeholder("2026-11-28 09:00, once notified"),
                Field::text(
                    "authority_reference",
                    "Their reference",
                    a.map(|a| a.reference.as_str()).unwrap_or(""),
                ),
                Field::text(
                    "authority_name",
                    "Authority",
                    a.map(|a| a.authority.as_str()).unwrap_or(""),
                )
                .with_placeholder("e.g. Autoriteit Persoonsgegevens"),
                Field::text("delay_reason", "If late, why", &d.delay_reason),
                Field::choice("tell", "Tell people", tell, tell_choice),
                Field::text("why", "If not, why", &why).with_placeholder("Art. 34(3) ground"),
                Field::choice("status", "Status", statuses, status),
            ],
        )
    }

    fn draft_from(form: &mut Form, base: IncidentDraft, zone: Zone) -> Option<IncidentDraft> {
        let mut d = base;
        d.title = form.text("title");
        d.description = form.text("description");
        d.occurred_at = match form.text("occurred_at") {
            t if t.is_empty() => None,
            t => match zone.parse(&t) {
                Ok(v) => Some(v),
                Err(e) => {
                    form.set_error("occurred_at", &e);
                    return None;
                }
            },
        };
        match zone.parse(&form.text("aware_at")) {
            Ok(v) => d.aware_at = v,
            Err(e) => {
                form.set_error("aware_at", &e);
                return None;
            }
        }
        let mut nature = Vec::new();
        for n in form.list("nature") {
            match BreachNature::parse(&n) {
                Some(n) => nature.push(n),
                None => {
                    form.set_error("nature", "use confidentiality, integrity, availability");
                    return None;
                }
            }
        }
        d.nature = nature;
        d.data_categories = form.list("data_categories");
        d.subject_categories = form.list("subject_categories");
        for (key, slot) in [
            ("approx_subjects", &mut d.approx_subjects),
            ("approx_records", &mut d.approx_records),
        ] {
            match form.text(key).parse::<u64>() {
                Ok(n) => *slot = n,
                Err(_) => {
                    form.set_error(key, "a whole number (an estimate is fine)");
                    return None;
                }
            }
        }
        d.consequences = form.text("consequences");
        d.measures = form.text("measures");
        d.risk = RiskLevel::ALL[form.choice("risk").min(2)];
        d.contact_point = form.text("contact_point");
        d.authority = match form.text("authority_at") {
            t if t.is_empty() => None,
            t => match zone.parse(&t) {
                Ok(at) => Some(AuthorityNotification {
                    at,
                    reference: form.text("authority_reference"),
                    authority: form.text("authority_name"),
                }),
                Err(e) => {
                    form.set_error("authority_at", &e);
                    return None;
                }
            },
        };
        d.delay_reason = form.text("delay_reason");
        d.individuals = match form.choice("tell") {
            1 => IndividualsNotice::Required,
            2 => IndividualsNotice::NotRequired {
                reason: form.text("why"),
            },
            _ => IndividualsNotice::Undecided,
        };
        d.status = [
            IncidentStatus::Open,
            IncidentStatus::Notified,
            IncidentStatus::Closed,
        ][form.choice("status").min(2)];
        Some(d)
    }

    fn save_edit(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Edit(form, editing) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let base = match editing {
            Some(_) => match &self.detail {
                Some(d) => d.incident.draft(),
                None => return,
            },
            None => IncidentDraft::new("", ctx.now),
        };
        let Some(draft) = Self::draft_from(form, base, ctx.zone) else {
            return;
        };
        let result = match editing {
            Some((id, version)) => ctx.backend.update_incident(*id, *version, draft),
            None => ctx.backend.create_incident(draft),
        };
        match result {
            Ok(d) => {
                ctx.toasts
                    .success(format!("saved \"{}\"", d.incident.title));
                self.overlay = Overlay::None;
                let id = d.incident.id;
                self.detail = Some(d);
                self.refresh(ctx);
                if let Some(i) = self.list.iter().position(|o| o.incident.id == id) {
                    self.selected = i;
                }
            }
            Err(ServiceError::Invalid { field, message }) => {
                let key = if field == "individuals" {
                    "why"
                } else {
                    &field
                };
                form.set_error(key, &message);
            }
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn export_form(id: u64) -> Form {
        Form::new(
            format!("Export incident #{id}"),
            vec![
                Field::choice(
                    "what",
                    "What",
                    vec![
                        "notification list (CSV)".into(),
                        "letters (.eml, one per person)".into(),
                        "documentation (Markdown)".into(),
                        "documentation (JSON)".into(),
                    ],
                    0,
                ),
                Field::text("path", "To", &format!("incident-{id}"))
                    .with_placeholder("file name; a directory for letters"),
            ],
        )
    }

    fn export(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Export(form) = &mut self.overlay else {
            return;
        };
        let Some(detail) = &self.detail else {
            return;
        };
        let id = detail.incident.id;
        let what = form.choice("what");
        let mut path = PathBuf::from(form.text("path"));
        let ext = ["csv", "", "md", "json"][what.min(3)];
        if !ext.is_empty() && path.extension().is_none() {
            path.set_extension(ext);
        }
        let write = |path: &PathBuf, bytes: &[u8]| crate::export::write_private(path, bytes);
        let result: Result<String, String> = match what {
            0 => ctx
                .backend
                .notification_list(id)
                .map_err(|e| e.to_string())
                .and_then(|list| {
                    let mut bytes = Vec::new();
                    notification_csv(&list.entries, &ctx.zone, Default::default(), &mut bytes)?;
                    write(&path, &bytes)?;
                    Ok(format!(
                        "{} people written to {} ({} left out)",
                        list.entries.len(),
                        path.display(),
                        list.excluded.len()
                    ))
                }),
            1 => ctx
                .backend
                .render_letters(id)
                .map_err(|e| e.to_string())
                .and_then(|batch| {
                    crate::export::write_letters(
                        &path,
                        batch
                            .letters
                            .iter()
                            .map(|l| (l.file_name.as_str(), l.eml.as_slice())),
                    )?;
                    Ok(format!(
                        "{} letters written to {}",
                        batch.letters.len(),
                        path.display()
                    ))
                }),
            2 => write(
                &path,
                markdown(&detail.incident, &detail.entries, &ctx.zone).as_bytes(),
            )
            .map(|()| format!("documentation written to {}", path.display())),
            _ => serde_json::to_string_pretty(&documentation(
                &detail.incident,
                &detail.entries,
                &ctx.zone,
            ))
            .map_err(|e| e.to_string())
            .and_then(|json| write(&path, json.as_bytes()))
            .map(|()| format!("documentation written to {}", path.display())),
        };
        match result {
            Ok(msg) => {
                ctx.toasts.success(msg);
                self.overlay = Overlay::None;
            }
            Err(e) => form.banner = Some((e, true)),
        }
    }

    fn refresh_list(&mut self, ctx: &mut Ctx<'_>) {
        self.listing
            .start(ctx.shared, |backend| backend.incidents());
    }

    fn show_list(
        &mut self,
        ctx: &mut Ctx<'_>,
        list: crate::service::Result<Vec<IncidentOverview>>,
    ) {
        match list {
            Ok(list) => {
                self.denied = None;
                self.list = list;
                self.selected = self.selected.min(self.list.len().saturating_sub(1));
            }
            Err(e @ ServiceError::Denied { .. }) => self.denied = Some(e.to_string()),
            Err(e) => ctx.toasts.failed("loading incidents", &e),
        }
    }

    fn handle_detail(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        let Some(detail) = &self.detail else {
            return false;
        };
        let id = detail.incident.id;
        let n = detail.entries.len();
        if km.is(Action::Back, key) {
            self.detail = None;
            self.opening.cancel();
            self.refresh_list(ctx);
        } else if km.is(Action::Down, key) {
            self.entry_cursor = (self.entry_cursor + 1).min(n.saturating_sub(1));
        } else if km.is(Action::Up, key) {
            self.entry_cursor = self.entry_cursor.saturating_sub(1);
        } else if km.is(Action::Select, key) {
            if let Some(e) = detail.entries.get(self.entry_cursor) {
                let cid = e.contact_id;
                if !self.chosen.remove(&cid) {
                    self.chosen.insert(cid);
                }
                self.entry_cursor = (self.entry_cursor + 1).min(n.saturating_sub(1));
            }
        } else if km.is(Action::SelectAll, key) {
            if self.chosen.len() == n {
                self.chosen.clear();
            } else {
                self.chosen = detail.entries.iter().map(|e| e.contact_id).collect();
            }
        } else if km.is(Action::MarkNotified, key) {
            let targets: Vec<ContactId> = if self.chosen.is_empty() {
                detail
                    .entries
                    .get(self.entry_cursor)
                    .map(|e| e.contact_id)
                    .into_iter()
                    .collect()
            } else {
                self.chosen.iter().copied().collect()
            };
            // Toggle: mark notified unless all targets already are.
            let all_done = targets.iter().all(|t| {
                detail
                    .entries
                    .iter()
                    .any(|e| e.contact_id == *t && e.notified_at.is_some())
            });
            match ctx.backend.mark_notified(id, targets, !all_done) {
                Ok(k) => ctx.toasts.success(format!(
                    "{k} marked {}",
                    if all_done { "not notified" } else { "notified" }
                )),
                Err(e) => ctx.toasts.failed("mark", &e),
            }
            self.chosen.clear();
            self.open(ctx, id);
        } else if km.is(Action::Edit, key) {
            let form = Self::edit_form(
                &format!("Edit incident #{id}"),
                &detail.incident.draft(),
                ctx.zone,
            );
            self.overlay = Overlay::Edit(Box::new(form), Some((id, detail.incident.version)));
        } else if km.is(Action::LogInteraction, key) {
            self.overlay = Overlay::Note(Form::new(
                "Add to the timeline",
                vec![Field::text("text", "Note", "")],
            ));
        } else if km.is(Action::SelectPeople, key) {
            let rf = Self::rule_form(ctx);
            self.overlay = Overlay::Rule(Box::new(rf));
        } else if km.is(Action::Export, key) {
            self.overlay = Overlay::Export(Self::export_form(id));
        } else if km.is(Action::Refresh, key) {
            self.open(ctx, id);
        } else {
            return false;
        }
        true
    }
}

impl Screen for IncidentsScreen {
    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.refresh_list(ctx);
        if let Some(id) = self.detail.as_ref().map(|d| d.incident.id) {
            self.open(ctx, id);
        }
    }

    fn is_loading(&self) -> bool {
        self.listing.is_loading()
            || self.opening.is_loading()
            || matches!(&self.overlay, Overlay::Rule(rf) if rf.pending.is_some())
    }

    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        if let Some(list) = self.listing.take(ctx, wait) {
            self.show_list(ctx, list);
        }
        if let Some((id, detail)) = self.opening.take(ctx, wait) {
            self.show_incident(ctx, id, detail);
        }
        let Overlay::Rule(rf) = &mut self.overlay else {
            return;
        };
        let Some(task) = &rf.pending else {
            return;
        };
        match if wait { task.wait() } else { task.poll() } {
            Poll::Pending => {}
            Poll::Ready(Ok(p)) => {
                rf.preview = Some(p);
                rf.pending = None;
            }
            Poll::Ready(Err(e)) => {
                rf.form.banner = Some((e.to_string(), true));
                rf.pending = None;
            }
            Poll::Lost => rf.pending = None,
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.overlay {
            Overlay::Edit(form, _) => {
                match form.handle(key, ctx.keymap) {
                    FormEvent::Submit => self.save_edit(ctx),
                    FormEvent::Cancel => self.overlay = Overlay::None,
                    FormEvent::None => {}
                }
                return true;
            }
            Overlay::Note(form) => {
                match form.handle(key, ctx.keymap) {
                    FormEvent::Submit => {
                        let text = form.text("text");
                        if let Some(id) = self.detail.as_ref().map(|d| d.incident.id) {
                            match ctx.backend.add_incident_note(id, text) {
                                Ok(d) => {
                                    self.detail = Some(d);
                                    self.overlay = Overlay::None;
                                    ctx.toasts.success("note added");
                                }
                                Err(ServiceError::Invalid { message, .. }) => {
                                    form.set_error("text", &message)
                                }
                                Err(e) => form.banner = Some((e.to_string(), true)),
                            }
                        }
                    }
                    FormEvent::Cancel => self.overlay = Overlay::None,
                    FormEvent::None => {}
                }
                return true;
            }
            Overlay::Rule(_) => {
                self.handle_rule(key, ctx);
                return true;
            }
            Overlay::Export(form) => {
                match form.handle(key, ctx.keymap) {
                    FormEvent::Submit => self.export(ctx),
                    FormEvent::Cancel => self.overlay = Overlay::None,
                    FormEvent::None => {}
                }
                return true;
            }
            Overlay::None => {}
        }
        if self.denied.is_some() {
            return false;
        }
        if self.detail.is_some() {
            return self.handle_detail(key, ctx);
        }
        let km = ctx.keymap;
        let last = self.list.len().saturating_sub(1);
        if km.is(Action::Down, key) {
            self.selected = (self.selected + 1).min(last);
        } else if km.is(Action::Up, key) {
            self.selected = self.selected.saturating_sub(1);
        } else if km.is(Action::Open, key) {
            if let Some(id) = self.list.get(self.selected).map(|o| o.incident.id) {
                self.open(ctx, id);
            }
        } else if km.is(Action::New, key) {
            let form = Self::edit_form(
                "Register a breach",
                &IncidentDraft::new("", ctx.now),
                ctx.zone,
            );
            self.overlay = Overlay::Edit(Box::new(form), None);
        } else if km.is(Action::Refresh, key) {
            self.refresh(ctx);
        } else {
            return false;
        }
        true
    }

    fn captures_text(&self) -> bool {
        !matches!(self.overlay, Overlay::None)
    }

    fn is_modal(&self) -> bool {
        !matches!(self.overlay, Overlay::None)
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        if let Some(denied) = &self.denied {
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(""),
                    Line::from(Span::styled(denied.clone(), theme.warning())),
                    Line::from(Span::styled(
                        "An admin can open the register to sales: custos settings set \
                         incidents-visible-to-sales true",
                        theme.muted(),
                    )),
                ])
                .centered(),
                area,
            );
            return;
        }
        match &self.detail {
            Some(d) => self.draw_detail(d, f, area, ctx),
            None => self.draw_list(f, area, ctx),
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Edit(form, _) => form.draw(f, area, theme),
            Overlay::Note(form) | Overlay::Export(form) => form.draw(f, area, theme),
            Overlay::Rule(rf) => Self::draw_rule(rf, f, area, ctx),
        }
    }

    fn overlay_hints(&self, ctx: &ViewCtx<'_>) -> Option<Vec<Hint>> {
        let km = ctx.keymap;
        match &self.overlay {
            Overlay::Rule(_) => Some(vec![
                Hint::fixed("tab", "next field"),
                Hint::fixed("ctrl-p", "pick people"),
                Hint::fixed(&km.key(Action::Save), "add to the list"),
                Hint::fixed("esc", "cancel"),
            ]),
            Overlay::None => None,
            _ => Some(super::form_hints(km)),
        }
    }

    fn commands(&self, _ctx: &ViewCtx<'_>) -> Vec<Command> {
        let allowed = self.denied.is_none();
        let list = allowed && self.detail.is_none();
        let detail = allowed && self.detail.is_some();
        vec![
            Command::help_only(Action::Up),
            Command::help_only(Action::Down),
            Command::new(Action::Back).now(detail),
            Command::new(Action::Open).now(list),
            Command::new(Action::New)
                .label("register a breach")
                .now(list),
            Command::new(Action::Edit).now(detail),
            Command::new(Action::SelectPeople)
                .label("select people")
                .now(detail),
            Command::new(Action::Select).label("choose").now(detail),
            Command::help_only(Action::SelectAll),
            Command::new(Action::MarkNotified).now(detail),
            Command::new(Action::Export).now(detail),
            Command::new(Action::LogInteraction)
                .label("note")
                .about("add a note to the timeline")
                .now(detail),
            Command::help_only(Action::Refresh),
        ]
    }
}
