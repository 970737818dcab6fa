//! The Requests screen: the data-subject requests queue with each request's
//! legal deadline (Art. 12(3)), filing a request, moving it through its
//! statuses, extending the deadline, and carrying it out — the export for
//! access and portability, the contact form for rectification, erasure,
//! restriction, objection, consent withdrawal.

use std::cell::Cell;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TableCell, Clear, Paragraph, Row, Wrap};

use super::{Command, Hint, Screen};
use crate::backend::Api;
use crate::export::subject::Layout as ExportLayout;
use crate::model::Settings;
use crate::model::{
    ContactId, RequestId, RequestKind, RequestStatus, SubjectRequest, SubjectRequestDraft,
};
use crate::service::ServiceError;
use crate::service::api::{CarryOut, ContactQuery, RequestOverview, SubjectData};
use crate::service::auth::{self, Permission};
use crate::tui::app::{Ctx, Goto, ViewCtx};
use crate::tui::keymap::Action;
use crate::tui::task::Loader;
use crate::tui::widgets::confirm::{Answer, Confirm};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::table::ListTable;

mod carry_out;
mod draw;

/// The statuses a request can be moved to by hand, in the form's order.
const STATUSES: [&str; 5] = ["new", "identity-verified", "in-progress", "done", "refused"];

fn status_from(index: usize, text: String) -> RequestStatus {
    match index {
        0 => RequestStatus::New,
        1 => RequestStatus::IdentityVerified,
        2 => RequestStatus::InProgress,
        3 => RequestStatus::Done,
        _ => RequestStatus::Refused { reason: text },
    }
}

fn status_index(status: &RequestStatus) -> usize {
    STATUSES
        .iter()
        .position(|s| *s == status.key())
        .unwrap_or(0)
}

fn kind_label(kind: RequestKind) -> String {
    format!("{} ({})", kind.key(), kind.article())
}

/// What carrying out a request of this kind does, for the detail view.
fn answer_of(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Access | RequestKind::Portability => {
            "export everything stored about the person (JSON, CSV or XLSX)"
        }
        RequestKind::Rectification => {
            "open the contact form; saving the correction closes the request"
        }
        RequestKind::Erasure => "anonymise or delete the contact, now or by a date",
        RequestKind::Restriction => {
            "restrict the contact: out of every mailing and notification list"
        }
        RequestKind::Objection => {
            "withdraw marketing consents and put the person on the do-not-contact list"
        }
        RequestKind::ConsentWithdrawal => "withdraw every consent the person has given",
    }
}

fn deadline_style(r: &SubjectRequest, today: NaiveDate, ctx: &ViewCtx<'_>) -> Style {
    match r.days_left(today) {
        None => ctx.theme.muted(),
        Some(d) if d <= 0 => ctx.theme.error().add_modifier(Modifier::BOLD),
        Some(d) if d <= 7 => ctx.theme.warning(),
        Some(_) => Style::default(),
    }
}

/// What to search for to find an unmatched requester: their e-mail
/// address if they gave one, else the first part of what was noted.
fn lookup_hint(requester: &str) -> Option<String> {
    let words = requester.split(|c: char| c.is_whitespace() || c == ',' || c == ';');
    if let Some(email) = words
        .map(|w| w.trim_matches(|c: char| "<>()[]".contains(c)))
        .find(|w| w.contains('@'))
    {
        return Some(email.to_string());
    }
    requester
        .split(',')
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// A contact the typed text points at.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Match {
    id: ContactId,
    name: String,
    email: String,
}

/// A form with a "contact" field whose matches are looked up as the user
/// types: "#12" or "12" is that contact, other text a fuzzy search. The
/// best match is taken unless ctrl-n / ctrl-p picks another.
struct LookupForm {
    form: Form,
    looked_up: String,
    matches: Vec<Match>,
    total: usize,
    pick: usize,
}

/// Matches offered to pick from with ctrl-n / ctrl-p.
const LOOKUP_MATCHES: usize = 5;

impl LookupForm {
    fn new(form: Form) -> LookupForm {
        LookupForm {
            form,
            looked_up: String::new(),
            matches: Vec::new(),
            total: 0,
            pick: 0,
        }
    }

    /// ctrl-n / ctrl-p: another of the matches.
    fn handle_pick(&mut self, key: &KeyEvent) -> bool {
        if !key.modifiers.contains(KeyModifiers::CONTROL) || self.matches.is_empty() {
            return false;
        }
        let n = self.matches.len();
        match key.code {
            KeyCode::Char('n') => self.pick = (self.pick + 1) % n,
            KeyCode::Char('p') => self.pick = (self.pick + n - 1) % n,
            _ => return false,
        }
        true
    }

    fn update(&mut self, ctx: &mut Ctx<'_>) {
        let text = self.form.text("contact");
        if text == self.looked_up {
            return;
        }
        self.looked_up = text.clone();
        self.matches.clear();
        self.total = 0;
        self.pick = 0;
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if let Ok(id) = text.trim_start_matches('#').parse::<ContactId>() {
            if let Ok(d) = ctx.backend.contact(id) {
                self.matches.push(Match {
                    id,
                    name: d.contact.display_name(),
                    email: d.contact.emails.first().cloned().unwrap_or_default(),
                });
                self.total = 1;
            }
            return;
        }
        if let Ok(page) = ctx.backend.list_contacts(ContactQuery {
            query: text.to_string(),
            limit: LOOKUP_MATCHES,
            ..Default::default()
        }) {
            self.total = page.total;
            self.matches = page
                .rows
                .into_iter()
                .map(|r| Match {
                    id: r.summary.id,
                    name: r.summary.name,
                    email: r.summary.email,
                })
                .collect();
        }
    }

    /// The contact to link, `Ok(None)` for none typed, or an error put on
    /// the field.
    fn chosen(&mut self) -> Result<Option<ContactId>, ()> {
        if self.form.text("contact").trim().is_empty() {
            return Ok(None);
        }
        match self.matches.get(self.pick) {
            Some(m) => Ok(Some(m.id)),
            None => {
                self.form.set_error(
                    "contact",
                    "no contact matches: type a name, e-mail or #id, or leave it empty",
                );
                Err(())
            }
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        self.form.draw(f, area, ctx.theme);
        let text = match self.matches.get(self.pick) {
            None if self.looked_up.trim().is_empty() => {
                "contact: type a name, e-mail or #id to find them".to_string()
            }
            None => "contact: no match".to_string(),
            Some(m) => format!(
                "contact → {} #{}{}{}",
                m.name,
                m.id,
                if m.email.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", m.email)
                },
                if self.total > 1 {
                    format!(
                        "   ({} of {}{}: ctrl-n / ctrl-p for another, or type more)",
                        self.pick + 1,
                        self.total,
                        if self.total > self.matches.len() {
                            format!(", first {} offered", self.matches.len())
                        } else {
                            String::new()
                        }
                    )
                } else {
                    String::new()
                }
            ),
        };
        let line = Rect {
            y: area.y + area.height.saturating_sub(1),
            height: 1.min(area.height),
            ..area
        };
        f.render_widget(Clear, line);
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {text}"), ctx.theme.accent())),
            line,
        );
    }
}

/// The export of an access or portability request. Once the request is
/// carried out the data is kept, so a failed write can be retried without
/// carrying it out again.
struct ExportForm {
    form: Form,
    data: Option<Box<SubjectData>>,
}

enum Overlay {
    None,
    File(Box<LookupForm>),
    Link(Box<LookupForm>),
    Status(Form),
    Extend(Form),
    Note(Form),
    Export(Box<ExportForm>),
    Erase(Form),
    Restrict(Form),
    Confirm(Confirm<CarryOut>),
}

pub struct RequestsScreen {
    list: Vec<RequestOverview>,
    include_closed: bool,
    selected: usize,
    scroll: Cell<usize>,
    denied: Option<String>,
    detail: Option<RequestOverview>,
    detail_scroll: Cell<u16>,
    overlay: Overlay,
    /// The request (id, version) the open carry-out dialog acts on, as the
    /// user saw it: a colleague's change in between fails the carry-out
    /// rather than redirecting it.
    carrying: Option<(RequestId, u32)>,
    listing: Loader<crate::service::Result<Vec<RequestOverview>>>,
    opening: Loader<(RequestId, crate::service::Result<RequestOverview>)>,
}

impl Default for RequestsScreen {
    fn default() -> Self {
        RequestsScreen::new()
    }
}

impl RequestsScreen {
    pub fn new() -> RequestsScreen {
        RequestsScreen {
            list: Vec::new(),
            include_closed: false,
            selected: 0,
            scroll: Cell::new(0),
            denied: None,
            detail: None,
            detail_scroll: Cell::new(0),
            overlay: Overlay::None,
            carrying: None,
            listing: Loader::default(),
            opening: Loader::default(),
        }
    }

    /// The request the keys act on: the one open, else the selected row.
    fn current(&self) -> Option<&RequestOverview> {
        self.detail
            .as_ref()
            .or_else(|| self.list.get(self.selected))
    }

    fn refresh_list(&mut self, ctx: &mut Ctx<'_>) {
        let include_closed = self.include_closed;
        self.listing
            .start(ctx.shared, move |backend| backend.requests(include_closed));
    }

    fn show_list(&mut self, ctx: &mut Ctx<'_>, list: crate::service::Result<Vec<RequestOverview>>) {
        match list {
            Ok(list) => {
                self.denied = None;
                self.list = list;
                self.selected = self.selected.min(self.list.len().saturating_sub(1));
            }
            Err(e @ ServiceError::Denied { .. }) => self.denied = Some(e.to_string()),
            Err(e) => ctx.toasts.failed("loading requests", &e),
        }
    }

    fn open(&mut self, ctx: &mut Ctx<'_>, id: RequestId) {
        self.opening
            .start(ctx.shared, move |backend| (id, backend.request(id)));
    }

    fn show_request(
        &mut self,
        ctx: &mut Ctx<'_>,
        id: RequestId,
        request: crate::service::Result<RequestOverview>,
    ) {
        match request {
            Ok(r) => {
                if self.detail.as_ref().map(|d| d.request.id) != Some(id) {
                    self.detail_scroll.set(0);
                }
                self.detail = Some(r);
            }
            Err(e) => ctx.toasts.failed("opening request", &e),
        }
    }

    /// Shows a saved request: in the detail if open, and in the list.
    fn saved(&mut self, ctx: &mut Ctx<'_>, saved: RequestOverview) {
        let id = saved.request.id;
        if self.detail.is_some() {
            self.detail = Some(saved);
        }
        self.overlay = Overlay::None;
        self.refresh_list(ctx);
        if let Some(i) = self.list.iter().position(|r| r.request.id == id) {
            self.selected = i;
        }
    }

    fn file_form(ctx: &Ctx<'_>) -> LookupForm {
        let kinds = RequestKind::ALL.iter().map(|k| kind_label(*k)).collect();
        LookupForm::new(Form::new(
            "File a data-subject request",
            vec![
                Field::choice("kind", "Kind", kinds, 0),
                Field::text("contact", "Contact", "")
                    .with_placeholder("name, e-mail or #id; empty if not yet identified"),
                Field::text("requester", "Requester", "")
                    .with_placeholder("who asked and how to reach them"),
                Field::text("received_on", "Received", &ctx.zone.date(ctx.now))
                    .with_placeholder("YYYY-MM-DD"),
                Field::text("note", "Note", "").with_placeholder("how it arrived, what was asked"),
            ],
        ))
    }

    fn file(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::File(lf) = &mut self.overlay else {
            return;
        };
        lf.form.clear_errors();
        let Ok(contact_id) = lf.chosen() else {
            return;
        };
        let received_on = match ctx.zone.parse_day(&lf.form.text("received_on")) {
            Ok(d) => d,
            Err(e) => {
                lf.form.set_error("received_on", &e);
                return;
            }
        };
        let draft = SubjectRequestDraft {
            kind: RequestKind::ALL[lf.form.choice("kind").min(RequestKind::ALL.len() - 1)],
            contact_id,
            requester: lf.form.text("requester"),
            received_on,
            note: lf.form.text("note"),
        };
        match ctx.backend.file_request(draft) {
            Ok(saved) => {
                ctx.toasts.success(format!(
                    "request #{} filed: due {}",
                    saved.request.id, saved.request.due_on
                ));
                self.saved(ctx, saved);
            }
            Err(ServiceError::Invalid { field, message }) => lf.form.set_error(&field, &message),
            Err(e) => lf.form.banner = Some((e.to_string(), true)),
        }
    }

    fn link(&mut self, ctx: &mut Ctx<'_>) {
        let Some((id, version)) = self.current().map(|r| (r.request.id, r.request.version)) else {
            return;
        };
        let Overlay::Link(lf) = &mut self.overlay else {
            return;
        };
        lf.form.clear_errors();
        let contact_id = match lf.chosen() {
            Ok(Some(c)) => c,
            Ok(None) => {
                lf.form.set_error("contact", "type a name, e-mail or #id");
                return;
            }
            Err(()) => return,
        };
        match ctx.backend.link_request(id, version, contact_id) {
            Ok(saved) => {
                ctx.toasts
                    .success(format!("request #{id} linked to {}", saved.who()));
                self.saved(ctx, saved);
            }
            Err(ServiceError::Invalid { message, .. }) => lf.form.set_error("contact", &message),
            Err(e) => lf.form.banner = Some((e.to_string(), true)),
        }
    }

    fn set_status(&mut self, ctx: &mut Ctx<'_>) {
        let Some((id, version)) = self.current().map(|r| (r.request.id, r.request.version)) else {
            return;
        };
        let Overlay::Status(form) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let index = form.choice("status");
        let text = form.text("note");
        let status = status_from(index, text.clone());
        // A refusal's reason is its own record; a note goes on the timeline.
        let note = if matches!(status, RequestStatus::Refused { .. }) {
            String::new()
        } else {
            text
        };
        match ctx.backend.set_request_status(id, version, status, note) {
            Ok(saved) => {
                ctx.toasts
                    .success(format!("request #{id} is {}", saved.request.status.key()));
                self.saved(ctx, saved);
            }
            Err(ServiceError::Invalid { message, .. }) => form.set_error("note", &message),
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn extend(&mut self, ctx: &mut Ctx<'_>) {
        let Some((id, version)) = self.current().map(|r| (r.request.id, r.request.version)) else {
            return;
        };
        let Overlay::Extend(form) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        match ctx.backend.extend_request(id, version, form.text("reason")) {
            Ok(saved) => {
                ctx.toasts.success(format!(
                    "request #{id} now due {}: tell the person why",
                    saved.request.effective_due()
                ));
                self.saved(ctx, saved);
            }
            Err(ServiceError::Invalid { message, .. }) => form.set_error("reason", &message),
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn add_note(&mut self, ctx: &mut Ctx<'_>) {
        let Some(id) = self.current().map(|r| r.request.id) else {
            return;
        };
        let Overlay::Note(form) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        match ctx.backend.add_request_note(id, form.text("text")) {
            Ok(saved) => {
                ctx.toasts.success("note added");
                self.saved(ctx, saved);
            }
            Err(ServiceError::Invalid { message, .. }) => form.set_error("text", &message),
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn handle_overlay(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        let event = match &mut self.overlay {
            Overlay::None => return false,
            Overlay::Confirm(c) => {
                match c.handle(key) {
                    Answer::Yes => {
                        let action = c.on_yes.clone();
                        self.overlay = Overlay::None;
                        match self.carry_out(ctx, action) {
                            Ok(report) => self.saved(ctx, report.request),
                            Err(e) => ctx.toasts.failed("carry out", &e),
                        }
                    }
                    Answer::No => self.overlay = Overlay::None,
                    Answer::Pending => {}
                }
                return true;
            }
            Overlay::File(lf) | Overlay::Link(lf) => {
                if lf.handle_pick(key) {
                    return true;
                }
                let event = lf.form.handle(key, km);
                lf.update(ctx);
                event
            }
            Overlay::Status(form)
            | Overlay::Extend(form)
            | Overlay::Note(form)
            | Overlay::Erase(form)
            | Overlay::Restrict(form) => form.handle(key, km),
            Overlay::Export(ef) => ef.form.handle(key, km),
        };
        match event {
            FormEvent::Cancel => {
                if let Overlay::Export(ef) = &self.overlay
                    && let Some(data) = &ef.data
                {
                    ctx.toasts.error(format!(
                        "the request is closed but its export was not written: \
                         custos export subject {} --output PATH writes it",
                        data.contact.id
                    ));
                }
                self.overlay = Overlay::None;
            }
            FormEvent::None => {}
            FormEvent::Submit => match &self.overlay {
                Overlay::File(_) => self.file(ctx),
                Overlay::Link(_) => self.link(ctx),
                Overlay::Status(_) => self.set_status(ctx),
                Overlay::Extend(_) => self.extend(ctx),
                Overlay::Note(_) => self.add_note(ctx),
                Overlay::Erase(_) => self.erase(ctx),
                Overlay::Restrict(_) => self.restrict(ctx),
                Overlay::Export(_) => self.export(ctx),
                Overlay::None | Overlay::Confirm(_) => {}
            },
        }
        true
    }

    /// Keys that act on the current request, from the list or the detail.
    fn handle_request_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        let Some(r) = self.current() else {
            return false;
        };
        let q = &r.request;
        let id = q.id;
        let handles = [
            Action::Status,
            Action::Carry,
            Action::Extend,
            Action::Edit,
            Action::LogInteraction,
        ];
        if handles.iter().any(|a| km.is(*a, key))
            && !auth::allows(
                ctx.identity.role,
                Permission::ManageRequests,
                &Settings::default(),
            )
        {
            ctx.toasts.error(format!(
                "the {} role may file requests but not handle them: a privacy officer does",
                ctx.identity.role
            ));
            return true;
        }
        if km.is(Action::Status, key) {
            self.overlay = Overlay::Status(Form::new(
                format!("Status of request #{id}"),
                vec![
                    Field::choice(
                        "status",
                        "Status",
                        STATUSES.iter().map(|s| s.to_string()).collect(),
                        status_index(&q.status),
                    ),
                    Field::text("note", "Note / reason", "")
                        .with_placeholder("what was done; why, for a refusal"),
                ],
            ));
        } else if km.is(Action::Carry, key) {
            self.start_carry_out(ctx);
        } else if km.is(Action::Extend, key) {
            let new_due = crate::model::subject_request::extended_due_date(q.received_on);
            self.overlay = Overlay::Extend(Form::new(
                format!("Extend request #{id} to {new_due} (Art. 12(3))"),
                vec![
                    Field::text("reason", "Reason", "")
                        .with_placeholder("told to the person: complexity, number of requests"),
                ],
            ));
        } else if km.is(Action::Edit, key) {
            let mut lf = LookupForm::new(Form::new(
                format!("Link request #{id} to a contact"),
                vec![Field::text("contact", "Contact", "").with_placeholder("name, e-mail or #id")],
            ));
            if q.contact_id.is_none()
                && let Some(hint) = lookup_hint(&q.requester)
            {
                lf.form.set_text("contact", &hint);
                lf.update(ctx);
            }
            self.overlay = Overlay::Link(Box::new(lf));
        } else if km.is(Action::LogInteraction, key) {
            self.overlay = Overlay::Note(Form::new(
                format!("Note on request #{id}"),
                vec![Field::text("text", "Note", "")],
            ));
        } else {
            return false;
        }
        true
    }
}

impl Screen for RequestsScreen {
    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.refresh_list(ctx);
        if let Some(id) = self.detail.as_ref().map(|d| d.request.id) {
            self.open(ctx, id);
        }
    }

    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        if let Some(list) = self.listing.take(ctx, wait) {
            self.show_list(ctx, list);
        }
        if let Some((id, request)) = self.opening.take(ctx, wait) {
            self.show_request(ctx, id, request);
        }
    }

    fn is_loading(&self) -> bool {
        self.listing.is_loading() || self.opening.is_loading()
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        if self.handle_overlay(key, ctx) {
            return true;
        }
        if self.denied.is_some() {
            return false;
        }
        let km = ctx.keymap;
        if km.is(Action::New, key) {
            self.overlay = Overlay::File(Box::new(Self::file_form(ctx)));
            return true;
        }
        if km.is(Action::Refresh, key) {
            self.refresh(ctx);
            return true;
        }
        if self.detail.is_some() {
            if km.is(Action::Back, key) {
                self.detail = None;
                self.opening.cancel();
                self.refresh_list(ctx);
            } else if km.is(Action::Down, key) || km.is(Action::PageDown, key) {
                self.detail_scroll
                    .set(self.detail_scroll.get().saturating_add(1));
            } else if km.is(Action::Up, key) || km.is(Action::PageUp, key) {
                self.detail_scroll
                    .set(self.detail_scroll.get().saturating_sub(1));
            } else {
                return self.handle_request_key(key, ctx);
            }
            return true;
        }
        let last = self.list.len().saturating_sub(1);
        if km.is(Action::Down, key) {
            self.selected = (self.selected + 1).min(last);
        } else if km.is(Action::Up, key) {
            self.selected = self.selected.saturating_sub(1);
        } else if km.is(Action::Top, key) {
            self.selected = 0;
        } else if km.is(Action::Bottom, key) {
            self.selected = last;
        } else if km.is(Action::Open, key) {
            if let Some(id) = self.list.get(self.selected).map(|o| o.request.id) {
                self.open(ctx, id);
            }
        } else if km.is(Action::ShowClosed, key) {
            self.include_closed = !self.include_closed;
            self.refresh_list(ctx);
        } else {
            return self.handle_request_key(key, ctx);
        }
        true
    }

    fn captures_text(&self) -> bool {
        !matches!(self.overlay, Overlay::None | Overlay::Confirm(_))
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
            Overlay::File(lf) | Overlay::Link(lf) => lf.draw(f, area, ctx),
            Overlay::Status(form)
            | Overlay::Extend(form)
            | Overlay::Note(form)
            | Overlay::Erase(form)
            | Overlay::Restrict(form) => form.draw(f, area, theme),
            Overlay::Export(ef) => ef.form.draw(f, area, theme),
            Overlay::Confirm(c) => c.draw(f, area, theme),
        }
    }

    fn overlay_hints(&self, ctx: &ViewCtx<'_>) -> Option<Vec<Hint>> {
        match &self.overlay {
            Overlay::Confirm(_) => Some(vec![Hint::fixed("y", "yes"), Hint::fixed("n", "no")]),
            Overlay::None => None,
            _ => Some(super::form_hints(ctx.keymap)),
        }
    }

    fn commands(&self, _ctx: &ViewCtx<'_>) -> Vec<Command> {
        let allowed = self.denied.is_none();
        let detail = allowed && self.detail.is_some();
        let list = allowed && self.detail.is_none();
        let on_request = detail || (list && !self.list.is_empty());
        vec![
            Command::help_only(Action::Up),
            Command::help_only(Action::Down),
            Command::new(Action::Back).now(detail),
            Command::new(Action::Open).now(list),
            Command::new(Action::New)
                .label("file")
                .about("file a request")
                .now(list),
            Command::new(Action::Status).now(on_request),
            Command::new(Action::Carry).now(on_request),
            Command::new(Action::Extend)
                .label("extend deadline")
                .about("extend the deadline by two months (once, with a reason)")
                .now(on_request),
            Command::new(Action::Edit)
                .label("link contact")
                .about("link the request to a contact")
                .now(on_request),
            Command::new(Action::LogInteraction)
                .label("note")
                .about("add a note")
                .now(on_request),
            Command::new(Action::ShowClosed).now(list),
            Command::help_only(Action::Refresh),
        ]
    }
}
