//! The Incidents screen: the breach register with the 72-hour countdown, an
//! incident's facts and timeline, selecting the people affected by rule
//! (with a live count) or by hand, the notification list with its progress,
//! and exports.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TableCell, Clear, Paragraph, Row, Table, Wrap};

use super::{Hint, Screen};
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
use crate::tui::task::{Poll, Task};
use crate::tui::widgets::centered;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::scroll_to;

/// "2026-11-23" (midnight) or "2026-11-23 14:30", as UTC.
fn parse_when(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        return Some(Utc.from_utc_datetime(&t));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
}

fn when(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

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
        }
    }

    fn open(&mut self, ctx: &mut Ctx<'_>, id: u64) {
        match ctx.backend.incident(id) {
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

    fn edit_form(title: &str, d: &IncidentDraft) -> Form {
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
                .with_placeholder("YYYY-MM-DD [HH:MM], if known"),
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
                .with_placeholder("YYYY-MM-DD HH:MM, once notified"),
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

    fn draft_from(form: &mut Form, base: IncidentDraft) -> Option<IncidentDraft> {
        let mut d = base;
        d.title = form.text("title");
        d.description = form.text("description");
        d.occurred_at = match form.text("occurred_at") {
            t if t.is_empty() => None,
            t => match parse_when(&t) {
                Some(v) => Some(v),
                None => {
                    form.set_error("occurred_at", "write YYYY-MM-DD or YYYY-MM-DD HH:MM");
                    return None;
                }
            },
        };
        match parse_when(&form.text("aware_at")) {
            Some(v) => d.aware_at = v,
            None => {
                form.set_error("aware_at", "write YYYY-MM-DD or YYYY-MM-DD HH:MM");
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
            t => match parse_when(&t) {
                Some(at) => Some(AuthorityNotification {
                    at,
                    reference: form.text("authority_reference"),
                    authority: form.text("authority_name"),
                }),
                None => {
                    form.set_error("authority_at", "write YYYY-MM-DD HH:MM");
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
        let Some(draft) = Self::draft_from(form, base) else {
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

    fn rule_form(ctx: &mut Ctx<'_>) -> RuleForm {
        let purposes: Vec<Purpose> = ctx
            .backend
            .purposes()
            .map(|p| p.into_iter().map(|o| o.purpose).collect())
            .unwrap_or_default();
        let mut names = vec!["—".to_string()];
        names.extend(purposes.iter().map(|p| p.name.clone()));
        let form = Form::new(
            "Who is affected",
            vec![
                Field::choice("everyone", "Everyone", vec!["no".into(), "yes".into()], 0),
                Field::list("tags", "Tags", &[]).with_placeholder("any of these tags"),
                Field::list("organisations", "Organisations", &[])
                    .with_placeholder("names, comma-separated"),
                Field::choice("purpose", "Purpose", names, 0),
                Field::text("created_from", "Created from", "").with_placeholder("YYYY-MM-DD"),
                Field::text("created_to", "Created to", "").with_placeholder("YYYY-MM-DD"),
                Field::text("interacted_from", "Contact from", "").with_placeholder("YYYY-MM-DD"),
                Field::text("interacted_to", "Contact to", "").with_placeholder("YYYY-MM-DD"),
                Field::text("picked", "By hand", "").with_placeholder("ctrl-p to pick people"),
            ],
        );
        RuleForm {
            form,
            picked: Vec::new(),
            purposes,
            preview: None,
            pending: None,
            picker: None,
        }
    }

    /// The rule the form describes; an unreadable field is marked.
    fn rule_from(rf: &mut RuleForm, ctx: &Ctx<'_>) -> Option<AffectedRule> {
        let f = &mut rf.form;
        let day = |f: &mut Form, key: &str, end: bool| -> Result<Option<Timestamp>, ()> {
            let text = f.text(key);
            if text.is_empty() {
                return Ok(None);
            }
            match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(d) => {
                    let t = if end {
                        d.and_hms_opt(23, 59, 59)
                    } else {
                        d.and_hms_opt(0, 0, 0)
                    };
                    Ok(t.map(|t| Utc.from_utc_datetime(&t)))
                }
                Err(_) => {
                    f.set_error(key, "write YYYY-MM-DD");
                    Err(())
                }
            }
        };
        let range =
            |f: &mut Form, from: &str, to: &str| -> Result<Option<(Timestamp, Timestamp)>, ()> {
                match (day(f, from, false)?, day(f, to, true)?) {
                    (None, None) => Ok(None),
                    (a, b) => Ok(Some((
                        a.unwrap_or(chrono::DateTime::<Utc>::MIN_UTC),
                        b.unwrap_or(chrono::DateTime::<Utc>::MAX_UTC),
                    ))),
                }
            };
        let created = range(f, "created_from", "created_to").ok()?;
        let interacted = range(f, "interacted_from", "interacted_to").ok()?;
        let organisations = {
            let names = f.list("organisations");
            if names.is_empty() {
                Vec::new()
            } else {
                let all = ctx.backend.organisations().unwrap_or_default();
                let mut ids = Vec::new();
                for name in names {
                    match all.iter().find(|o| o.name.eq_ignore_ascii_case(&name)) {
                        Some(o) => ids.push(o.id),
                        None => {
                            f.set_error("organisations", &format!("no organisation \"{name}\""));
                            return None;
                        }
                    }
                }
                ids
            }
        };
        let purpose = match f.choice("purpose") {
            0 => None,
            i => rf.purposes.get(i - 1).map(|p| p.id),
        };
        Some(AffectedRule {
            everyone: f.choice("everyone") == 1,
            tags: f.list("tags"),
            organisations,
            purpose,
            created,
            interacted,
            picked: rf.picked.iter().map(|(id, _)| *id).collect(),
        })
    }

    /// Counts, in the background, who the rule selects as it stands.
    fn update_preview(rf: &mut RuleForm, ctx: &Ctx<'_>) {
        rf.form.clear_errors();
        let Some(rule) = Self::rule_from(rf, ctx) else {
            return;
        };
        let backend: std::sync::Arc<dyn Backend> = ctx.shared.clone();
        rf.pending = Some(Task::spawn(move || backend.preview_affected(rule)));
    }

    fn handle_rule(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) {
        let Overlay::Rule(rf) = &mut self.overlay else {
            return;
        };
        if let Some(picker) = &mut rf.picker {
            match key.code {
                KeyCode::Esc | KeyCode::Enter => {
                    rf.picker = None;
                    let names: Vec<String> = rf.picked.iter().map(|(_, n)| n.clone()).collect();
                    rf.form.set_text("picked", &names.join(", "));
                    Self::update_preview(rf, ctx);
                }
                KeyCode::Down => {
                    picker.cursor = (picker.cursor + 1).min(picker.results.len().saturating_sub(1))
                }
                KeyCode::Up => picker.cursor = picker.cursor.saturating_sub(1),
                KeyCode::Tab => {
                    if let Some(s) = picker.results.get(picker.cursor) {
                        match rf.picked.iter().position(|(id, _)| *id == s.id) {
                            Some(i) => {
                                rf.picked.remove(i);
                            }
                            None => rf.picked.push((s.id, s.name.clone())),
                        }
                    }
                }
                _ => {
                    if picker.query.handle(key) {
                        picker.cursor = 0;
                        picker.results = ctx
                            .backend
                            .list_contacts(ContactQuery {
                                query: picker.query.value().to_string(),
                                limit: 8,
                                ..Default::default()
                            })
                            .map(|p| p.rows.into_iter().map(|r| r.summary).collect())
                            .unwrap_or_default();
                    }
                }
            }
            return;
        }
        if key.code == KeyCode::Char('p') && key.modifiers.contains(KeyModifiers::CONTROL) {
            rf.picker = Some(Picker {
                query: TextInput::default(),
                results: Vec::new(),
                cursor: 0,
            });
            return;
        }
        match rf.form.handle(key, ctx.keymap) {
            FormEvent::Cancel => self.overlay = Overlay::None,
            FormEvent::Submit => self.freeze(ctx),
            FormEvent::None => Self::update_preview(rf, ctx),
        }
    }

    fn freeze(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Rule(rf) = &mut self.overlay else {
            return;
        };
        let Some(id) = self.detail.as_ref().map(|d| d.incident.id) else {
            return;
        };
        rf.form.clear_errors();
        let Some(rule) = Self::rule_from(rf, ctx) else {
            return;
        };
        if !rule.everyone && !rule.has_filters() && rule.picked.is_empty() {
            rf.form.banner = Some(("choose a rule or pick people first".into(), true));
            return;
        }
        match ctx.backend.freeze_list(id, rule) {
            Ok(r) => {
                ctx.toasts.success(format!(
                    "{} added to the list ({} already on it, {} unreachable)",
                    r.added, r.already_listed, r.unreachable
                ));
                self.overlay = Overlay::None;
                self.open(ctx, id);
                self.refresh_list(ctx);
            }
            Err(e) => rf.form.banner = Some((e.to_string(), true)),
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
                    notification_csv(&list.entries, &mut bytes)?;
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
                    std::fs::create_dir_all(&path)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    for letter in &batch.letters {
                        write(&path.join(&letter.file_name), &letter.eml)?;
                    }
                    Ok(format!(
                        "{} letters written to {}",
                        batch.letters.len(),
                        path.display()
                    ))
                }),
            2 => write(
                &path,
                markdown(&detail.incident, &detail.entries).as_bytes(),
            )
            .map(|()| format!("documentation written to {}", path.display())),
            _ => serde_json::to_string_pretty(&documentation(&detail.incident, &detail.entries))
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
        match ctx.backend.incidents() {
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
            let form = Self::edit_form(&format!("Edit incident #{id}"), &detail.incident.draft());
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

    fn draw_list(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let height = (area.height as usize).saturating_sub(1).max(1);
        let scroll = scroll_to(self.scroll.get(), self.selected, height);
        self.scroll.set(scroll);
        let rows: Vec<Row> = self
            .list
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .map(|(i, o)| {
                let inc = &o.incident;
                let c = inc.countdown(ctx.now);
                let row = Row::new(vec![
                    TableCell::from(format!("#{}", inc.id)),
                    TableCell::from(inc.title.clone()),
                    TableCell::from(when(inc.aware_at)),
                    TableCell::from(Span::styled(c.describe(), countdown_style(c, ctx))),
                    TableCell::from(inc.risk.key()),
                    TableCell::from(inc.status.key()),
                    TableCell::from(format!("{}/{}", o.notified, o.listed)),
                ]);
                if i == self.selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            })
            .collect();
        let empty = rows.is_empty();
        f.render_widget(
            Table::new(
                rows,
                [
                    Constraint::Length(5),
                    Constraint::Fill(1),
                    Constraint::Length(16),
                    Constraint::Length(20),
                    Constraint::Length(5),
                    Constraint::Length(9),
                    Constraint::Length(9),
                ],
            )
            .header(
                Row::new(vec![
                    "#",
                    "Incident",
                    "Aware (UTC)",
                    "72-hour deadline",
                    "Risk",
                    "Status",
                    "Notified",
                ])
                .style(theme.header()),
            )
            .column_spacing(1),
            area,
        );
        if empty {
            let line = Rect {
                y: area.y + 2,
                height: 1.min(area.height.saturating_sub(2)),
                ..area
            };
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!(
                        "No breaches registered. {} registers one: the 72 hours run from when \
                         you became aware.",
                        ctx.keymap.key(Action::New)
                    ),
                    theme.muted(),
                ))
                .centered(),
                line,
            );
        }
    }

    fn draw_detail(&self, d: &IncidentDetail, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        let theme = ctx.theme;
        let i = &d.incident;
        let c = i.countdown(ctx.now);
        let notified = d.entries.iter().filter(|e| e.notified_at.is_some()).count();
        let label = |l: &str| Span::styled(format!("{l:<14}"), theme.muted());
        let mut lines = vec![
            Line::from(vec![
                Span::styled(
                    format!("#{} {}", i.id, i.title),
                    theme.header().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!("   {} · risk {} · ", i.status.key(), i.risk.key()),
                    theme.muted(),
                ),
                Span::styled(c.describe(), countdown_style(c, ctx)),
            ]),
            Line::from(""),
        ];
        let mut field = |name: &str, value: String| {
            if !value.trim().is_empty() {
                lines.push(Line::from(vec![label(name), Span::raw(value)]));
            }
        };
        field(
            "Aware since",
            format!(
                "{} (deadline {})",
                when(i.aware_at),
                when(i.authority_deadline())
            ),
        );
        field("Occurred", i.occurred_at.map(when).unwrap_or_default());
        field("What", i.description.clone());
        field(
            "Nature",
            i.nature
                .iter()
                .map(|n| n.key())
                .collect::<Vec<_>>()
                .join(", "),
        );
        field("Data", i.data_categories.join(", "));
        field(
            "People",
            format!(
                "{}≈{} people, ≈{} records",
                if i.subject_categories.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", i.subject_categories.join(", "))
                },
                i.approx_subjects,
                i.approx_records
            ),
        );
        field("Consequences", i.consequences.clone());
        field("Measures", i.measures.clone());
        field(
            "Authority",
            match &i.authority {
                Some(a) => format!("told {} {} {}", when(a.at), a.authority, a.reference),
                None => "not notified yet".into(),
            },
        );
        field(
            "Tell people",
            match &i.individuals {
                IndividualsNotice::Undecided => "undecided".into(),
                IndividualsNotice::Required => "required (Art. 34)".into(),
                IndividualsNotice::NotRequired { reason } => format!("not required: {reason}"),
            },
        );
        field("Contact point", i.contact_point.clone());
        if let Some(last) = i.notes.last() {
            field(
                "Latest note",
                format!("{} {}: {}", when(last.at), last.by, last.text),
            );
        }
        let head = lines.len() as u16;
        let [top, list_area] =
            Layout::vertical([Constraint::Length(head + 1), Constraint::Min(3)]).areas(area);
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(theme.muted()),
            ),
            top,
        );

        // The notification list and its progress.
        let title = format!(
            " Notification list: {notified}/{} notified{} ",
            d.entries.len(),
            if self.chosen.is_empty() {
                String::new()
            } else {
                format!(", {} chosen", self.chosen.len())
            }
        );
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(theme.accent())
            .title(title);
        let inner = block.inner(list_area);
        f.render_widget(block, list_area);
        if d.entries.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!(
                        "Nobody on the list yet: {} selects the people affected.",
                        ctx.keymap.key(Action::SelectPeople)
                    ),
                    theme.muted(),
                )),
                inner,
            );
            return;
        }
        let height = (inner.height as usize).max(1);
        let scroll = scroll_to(self.entry_scroll.get(), self.entry_cursor, height);
        self.entry_scroll.set(scroll);
        let rows: Vec<Row> = d
            .entries
            .iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .map(|(k, e)| {
                let mark = if self.chosen.contains(&e.contact_id) {
                    "[x]"
                } else {
                    "[ ]"
                };
                let status = match (e.notified_at, e.anonymised, e.channel) {
                    (Some(t), _, _) => {
                        Span::styled(format!("notified {}", t.format("%m-%d %H:%M")), theme.ok())
                    }
                    (None, true, _) => Span::styled("anonymised", theme.muted()),
                    (None, _, NotificationChannel::Unreachable) => {
                        Span::styled("unreachable", theme.error())
                    }
                    _ => Span::styled("to notify", theme.warning()),
                };
                let row = Row::new(vec![
                    TableCell::from(mark),
                    TableCell::from(e.name.clone()),
                    TableCell::from(e.channel.key()),
                    TableCell::from(e.destination.clone()),
                    TableCell::from(status),
                ]);
                if k == self.entry_cursor {
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
                    Constraint::Length(24),
                    Constraint::Length(11),
                    Constraint::Fill(1),
                    Constraint::Length(20),
                ],
            )
            .column_spacing(1),
            inner,
        );
    }

    fn draw_rule(rf: &RuleForm, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        rf.form.draw(f, area, ctx.theme);
        // The live count under the form.
        let count = match (&rf.preview, &rf.pending) {
            (_, Some(_)) => "counting…".to_string(),
            (Some(p), None) => format!(
                "{} people match ({} unreachable){}",
                p.count,
                p.unreachable,
                if p.sample.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}{}",
                        p.sample
                            .iter()
                            .take(3)
                            .map(|s| s.name.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                        if p.count > 3 { ", …" } else { "" }
                    )
                }
            ),
            (None, None) => "choose a rule: the count follows as you type".into(),
        };
        let line = Rect {
            y: area.y + area.height.saturating_sub(1),
            height: 1.min(area.height),
            ..area
        };
        f.render_widget(Clear, line);
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {count}"), ctx.theme.accent())),
            line,
        );
        if let Some(p) = &rf.picker {
            let rect = centered(area, 60, 12);
            f.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(ctx.theme.accent())
                .title(" Pick people ")
                .title_bottom(" type to search · tab pick/unpick · enter done ");
            let inner = block.inner(rect);
            f.render_widget(block, rect);
            let mut lines = vec![Line::from(vec![
                Span::styled("/ ", ctx.theme.header()),
                Span::raw(p.query.value().to_string()),
            ])];
            for (k, s) in p.results.iter().enumerate() {
                let picked = rf.picked.iter().any(|(id, _)| *id == s.id);
                let style = if k == p.cursor {
                    ctx.theme.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} {} · {}",
                        if picked { "[x]" } else { "[ ]" },
                        s.name,
                        s.email
                    ),
                    style,
                )));
            }
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}

impl Screen for IncidentsScreen {
    fn title(&self) -> &'static str {
        "Incidents"
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.refresh_list(ctx);
        if let Some(id) = self.detail.as_ref().map(|d| d.incident.id) {
            self.open(ctx, id);
        }
    }

    fn poll(&mut self, _ctx: &mut Ctx<'_>, wait: bool) {
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
            let form = Self::edit_form("Register a breach", &IncidentDraft::new("", ctx.now));
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

    fn hints(&self, ctx: &ViewCtx<'_>) -> Vec<Hint> {
        let km = ctx.keymap;
        let a = |action| Hint::action(km, action, false);
        match &self.overlay {
            Overlay::Rule(_) => vec![
                Hint::fixed("tab", "next field"),
                Hint::fixed("ctrl-p", "pick people"),
                Hint::fixed(&km.key(Action::Save), "add to the list"),
                Hint::fixed("esc", "cancel"),
            ],
            Overlay::None if self.denied.is_some() => vec![],
            Overlay::None if self.detail.is_some() => vec![
                a(Action::Back),
                a(Action::Edit),
                Hint::fixed(&km.key(Action::SelectPeople), "select people"),
                Hint::fixed(&km.key(Action::Select), "choose"),
                a(Action::MarkNotified),
                a(Action::Export),
                Hint::fixed(&km.key(Action::LogInteraction), "note"),
            ],
            Overlay::None => vec![
                a(Action::Open),
                Hint::fixed(&km.key(Action::New), "register a breach"),
            ],
            _ => vec![
                Hint::fixed("tab", "next field"),
                Hint::fixed(&km.key(Action::Save), "save"),
                Hint::fixed("esc", "cancel"),
            ],
        }
    }

    fn help(&self, ctx: &ViewCtx<'_>) -> Vec<Hint> {
        let mut lines: Vec<Hint> = [
            Action::Up,
            Action::Down,
            Action::Open,
            Action::Back,
            Action::New,
            Action::Edit,
            Action::SelectPeople,
            Action::Select,
            Action::SelectAll,
            Action::MarkNotified,
            Action::Export,
            Action::Refresh,
        ]
        .into_iter()
        .map(|a| Hint::action(ctx.keymap, a, true))
        .collect();
        lines.push(Hint::fixed(
            &ctx.keymap.key(Action::LogInteraction),
            "add a note to the timeline",
        ));
        lines.push(Hint::fixed("ctrl-p", "in the rule: pick people by hand"));
        lines
    }
}
