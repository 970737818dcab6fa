//! The Contacts screen: a table over every contact with fuzzy search, a
//! detail view, the contact form, logging interactions, deleting.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TableCell, Paragraph, Row, Wrap};

use super::{Command, Hint, Screen};
use crate::backend::Api;
use crate::model::{
    ConsentAction, ConsentChannel, ConsentState, Contact, ContactDraft, ContactId, ContactStatus,
    InteractionDraft, InteractionKind, Organisation, RequestId,
};
use crate::search::SortKey;
use crate::service::ServiceError;
use crate::service::api::{
    CarryOut, ConsentDraft, ContactDetail, ContactPage, ContactQuery, ContactRow,
};
use crate::tui::app::{Ctx, Goto, ViewCtx};
use crate::tui::keymap::Action;
use crate::tui::task::Loader;
use crate::tui::widgets::confirm::{Answer, Confirm};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{ListTable, highlighted};

mod draw;
mod form;

/// Rows fetched around the selection; scrolling within them needs no request.
/// Rows fetched around the selection: a few screens, no more. Everything
/// fetched counts towards the daily ceiling of users who may not export.
const WINDOW: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    List,
    Detail,
}

/// The contact form and what it edits.
struct ContactForm {
    form: Form,
    /// The contact and version being edited, and the values the form started
    /// from (to merge with a colleague's change on a conflict).
    editing: Option<(ContactId, u32, ContactDraft)>,
    organisations: Vec<Organisation>,
    /// The contact is restricted (Art. 18): saving asks first.
    confirm: Option<Confirm<ContactDraft>>,
    /// The form was opened to carry out this rectification request; saving
    /// closes it.
    /// The rectification request (id, version) saving closes.
    rectifying: Option<(RequestId, u32)>,
}

/// The consent being recorded from the form.
#[derive(Debug, Clone, Copy)]
struct ConsentTarget {
    contact_id: ContactId,
    purpose_id: u64,
    action: ConsentAction,
}

enum Overlay {
    None,
    Contact(Box<ContactForm>),
    Interaction(Form, ContactId),
    Consent(Form, ConsentTarget),
    /// Art. 18: why processing of the contact is restricted.
    Restrict(Form, ContactId),
    Confirm(Confirm<Pending>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    Delete(ContactId),
    LiftRestriction(ContactId),
}

/// Why a contact's detail is being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DetailLoad {
    /// The user opened it: show it when it comes.
    Open,
    /// Someone changed something: refresh the one shown.
    Reload,
}

type DetailAnswer = (DetailLoad, ContactId, crate::service::Result<ContactDetail>);

pub struct ContactsScreen {
    view: View,
    query: TextInput,
    searching: bool,
    sort: SortKey,
    descending: bool,
    total: usize,
    /// The query the rows and `total` answer; while it differs from the
    /// one typed, a search is on its way.
    shown_query: String,
    window_offset: usize,
    rows: Vec<ContactRow>,
    selected: usize,
    scroll: Cell<usize>,
    /// Table rows visible at the last draw, for paging.
    height: Cell<usize>,
    detail: Option<ContactDetail>,
    detail_scroll: Cell<u16>,
    /// The purpose selected in the detail view's consent list.
    consent_cursor: usize,
    overlay: Overlay,
    /// The window of rows being fetched, and the query it answers.
    page: Loader<(String, crate::service::Result<ContactPage>)>,
    /// The contact being opened or reloaded.
    opening: Loader<DetailAnswer>,
}

impl Default for ContactsScreen {
    fn default() -> Self {
        ContactsScreen::new()
    }
}

fn kind_names() -> Vec<String> {
    InteractionKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}

/// How a time is typed here: "2026-11-28 [09:00] Europe/Amsterdam".
fn when_hint(ctx: &Ctx<'_>) -> String {
    format!("2026-11-28 [09:00], {} time", ctx.zone.name())
}

impl ContactsScreen {
    pub fn new() -> ContactsScreen {
        ContactsScreen {
            view: View::List,
            query: TextInput::default(),
            searching: false,
            sort: SortKey::Name,
            descending: false,
            total: 0,
            shown_query: String::new(),
            window_offset: 0,
            rows: Vec::new(),
            selected: 0,
            scroll: Cell::new(0),
            height: Cell::new(20),
            detail: None,
            detail_scroll: Cell::new(0),
            consent_cursor: 0,
            overlay: Overlay::None,
            page: Loader::default(),
            opening: Loader::default(),
        }
    }

    fn selected_row(&self) -> Option<&ContactRow> {
        self.selected
            .checked_sub(self.window_offset)
            .and_then(|i| self.rows.get(i))
    }

    /// The contact the keys act on: the one open, or the one selected.
    fn current_id(&self) -> Option<ContactId> {
        match self.view {
            View::Detail => self.detail.as_ref().map(|d| d.contact.id),
            View::List => self.selected_row().map(|r| r.summary.id),
        }
    }

    fn fetch(&mut self, ctx: &mut Ctx<'_>, offset: usize) {
        let query = ContactQuery {
            query: self.query.value().to_string(),
            sort: self.sort,
            descending: self.descending,
            offset,
            limit: WINDOW,
            after: None,
        };
        self.page.start(ctx.shared, move |backend| {
            (query.query.clone(), backend.list_contacts(query))
        });
    }

    fn show_page(
        &mut self,
        ctx: &mut Ctx<'_>,
        (query, page): (String, crate::service::Result<ContactPage>),
    ) {
        match page {
            Ok(page) => {
                self.shown_query = query;
                self.total = page.total;
                self.window_offset = page.offset;
                self.rows = page.rows;
                if self.selected >= self.total {
                    self.selected = self.total.saturating_sub(1);
                }
            }
            Err(e) => ctx.toasts.failed("loading contacts", &e),
        }
    }

    /// Fetches a new window when the selection left the loaded one.
    fn ensure_loaded(&mut self, ctx: &mut Ctx<'_>) {
        let end = self.window_offset + self.rows.len();
        if self.total > 0 && (self.selected < self.window_offset || self.selected >= end) {
            let offset = self.selected.saturating_sub(WINDOW / 3);
            self.fetch(ctx, offset);
        }
    }

    fn reload_list(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.selected.saturating_sub(WINDOW / 3);
        self.fetch(ctx, offset);
    }

    fn open_detail(&mut self, ctx: &mut Ctx<'_>, id: ContactId) {
        self.load_detail(ctx, id, DetailLoad::Open);
    }

    fn load_detail(&mut self, ctx: &mut Ctx<'_>, id: ContactId, how: DetailLoad) {
        self.opening
            .start(ctx.shared, move |backend| (how, id, backend.contact(id)));
    }

    fn show_detail(&mut self, ctx: &mut Ctx<'_>, (how, id, detail): DetailAnswer) {
        if how == DetailLoad::Reload {
            if self.view != View::Detail || self.detail.as_ref().map(|d| d.contact.id) != Some(id) {
                return;
            }
            match detail {
                Ok(d) => self.detail = Some(d),
                Err(ServiceError::NotFound { .. }) => {
                    ctx.toasts.info(format!("contact #{id} was deleted"));
                    self.view = View::List;
                    self.detail = None;
                }
                Err(e) => ctx.toasts.failed("reloading contact", &e),
            }
            return;
        }
        match detail {
            Ok(detail) => {
                if self.detail.as_ref().map(|d| d.contact.id) != Some(id) {
                    self.detail_scroll.set(0);
                    self.consent_cursor = 0;
                }
                self.consent_cursor = self
                    .consent_cursor
                    .min(detail.consents.len().saturating_sub(1));
                self.detail = Some(detail);
                self.view = View::Detail;
            }
            Err(e) => ctx.toasts.failed("opening contact", &e),
        }
    }

    fn move_selection(&mut self, ctx: &mut Ctx<'_>, delta: isize) {
        if self.total == 0 {
            return;
        }
        let last = self.total - 1;
        self.selected = if delta < 0 {
            self.selected.saturating_sub(delta.unsigned_abs())
        } else {
            (self.selected + delta as usize).min(last)
        };
        self.ensure_loaded(ctx);
    }

    fn open_interaction(&mut self, ctx: &mut Ctx<'_>, id: ContactId) {
        let today = ctx.zone.datetime(ctx.now);
        let form = Form::new(
            "Log interaction",
            vec![
                Field::choice("kind", "Kind", kind_names(), 0),
                Field::text("at", "When", &today).with_placeholder(when_hint(ctx)),
                Field::text("summary", "Summary", ""),
            ],
        );
        self.overlay = Overlay::Interaction(form, id);
    }

    fn save_interaction(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Interaction(form, contact_id) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let at = match ctx.zone.parse(&form.text("at")) {
            Ok(at) => at,
            Err(e) => {
                form.set_error("at", &e);
                return;
            }
        };
        let kind = InteractionKind::ALL[form.choice("kind").min(InteractionKind::ALL.len() - 1)];
        let draft = InteractionDraft {
            contact_id: *contact_id,
            kind,
            at: Some(at),
            summary: form.text("summary"),
        };
        let id = *contact_id;
        match ctx.backend.create_interaction(draft) {
            Ok(_) => {
                ctx.toasts.success(format!("{kind} logged"));
                self.overlay = Overlay::None;
                if self.view == View::Detail {
                    self.open_detail(ctx, id);
                }
                self.reload_list(ctx);
            }
            Err(ServiceError::Invalid { field, message }) => form.set_error(&field, &message),
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn open_consent(&mut self, ctx: &mut Ctx<'_>, action: ConsentAction) {
        let Some(detail) = &self.detail else {
            return;
        };
        let Some(pc) = detail.consents.get(self.consent_cursor) else {
            ctx.toasts
                .info("no purposes yet: define them on the Purposes screen");
            return;
        };
        let channels: Vec<String> = ConsentChannel::ALL
            .iter()
            .map(|c| c.key().to_string())
            .collect();
        let verb = action.label(pc.legal_basis);
        let now = ctx.zone.datetime(ctx.now);
        let evidence_hint = match action {
            ConsentAction::Given => "what was asked, and how they agreed (required)",
            _ => "how they told us (optional)",
        };
        let form = Form::new(
            format!("{} — {verb}", pc.name),
            vec![
                Field::choice("channel", "Channel", channels, 0),
                Field::text("at", "When", &now).with_placeholder(when_hint(ctx)),
                Field::text("evidence", "Evidence", "").with_placeholder(evidence_hint),
            ],
        );
        self.overlay = Overlay::Consent(
            form,
            ConsentTarget {
                contact_id: detail.contact.id,
                purpose_id: pc.purpose_id,
                action,
            },
        );
    }

    fn save_consent(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Consent(form, target) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let at = match ctx.zone.parse(&form.text("at")) {
            Ok(at) => at,
            Err(e) => {
                form.set_error("at", &e);
                return;
            }
        };
        let target = *target;
        let channel =
            ConsentChannel::ALL[form.choice("channel").min(ConsentChannel::ALL.len() - 1)];
        let draft = ConsentDraft {
            contact_id: target.contact_id,
            purpose_id: target.purpose_id,
            action: target.action,
            at: Some(at),
            channel,
            evidence: form.text("evidence"),
        };
        match ctx.backend.record_consent(draft) {
            Ok(_) => {
                ctx.toasts
                    .success(format!("consent {} recorded", target.action.key()));
                self.overlay = Overlay::None;
                self.open_detail(ctx, target.contact_id);
            }
            Err(ServiceError::Invalid { field, message }) => form.set_error(&field, &message),
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn ask_delete(&mut self, id: ContactId) {
        let name = match (&self.detail, self.selected_row()) {
            (Some(d), _) if self.view == View::Detail => d.contact.display_name(),
            (_, Some(r)) => r.summary.name.clone(),
            _ => format!("#{id}"),
        };
        self.overlay = Overlay::Confirm(Confirm::new(
            "Delete contact",
            format!(
                "Delete {name} and everything about them (interactions, consent history)? \
                 This is an erasure and cannot be undone."
            ),
            Pending::Delete(id),
        ));
    }

    /// Art. 18: restricting asks why; lifting asks first, because the
    /// person must be told before it is lifted (Art. 18(3)).
    fn toggle_restriction(&mut self) {
        let Some(detail) = &self.detail else {
            return;
        };
        let contact = &detail.contact;
        let name = contact.display_name();
        self.overlay = if contact.is_restricted() {
            Overlay::Confirm(Confirm::new(
                "Lift restriction",
                format!(
                    "Lift the restriction of {name}? Tell them before you do (Art. 18(3)): \
                     their data returns to mailings and notification lists."
                ),
                Pending::LiftRestriction(contact.id),
            ))
        } else {
            Overlay::Restrict(
                Form::new(
                    format!("Restrict processing of {name} (Art. 18)"),
                    vec![
                        Field::text("reason", "Reason", "")
                            .with_placeholder("e.g. accuracy contested, pending verification"),
                    ],
                ),
                contact.id,
            )
        };
    }

    fn save_restriction(&mut self, ctx: &mut Ctx<'_>) {
        let Overlay::Restrict(form, id) = &mut self.overlay else {
            return;
        };
        form.clear_errors();
        let id = *id;
        match ctx.backend.restrict_contact(id, form.text("reason")) {
            Ok(contact) => {
                ctx.toasts.success(format!(
                    "{} restricted: kept, but left out of mailings and notification lists",
                    contact.display_name()
                ));
                self.overlay = Overlay::None;
                self.open_detail(ctx, id);
                self.reload_list(ctx);
            }
            Err(ServiceError::Invalid { field, message }) => form.set_error(&field, &message),
            Err(e) => form.banner = Some((e.to_string(), true)),
        }
    }

    fn handle_overlay(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        match &mut self.overlay {
            Overlay::None => return false,
            Overlay::Contact(cf) if cf.confirm.is_some() => {
                let answer = cf.confirm.as_ref().map_or(Answer::No, |c| c.handle(key));
                match answer {
                    Answer::Yes => {
                        let draft = cf.confirm.take().map(|c| c.on_yes);
                        self.save_contact(ctx, draft);
                    }
                    Answer::No => cf.confirm = None,
                    Answer::Pending => {}
                }
            }
            Overlay::Contact(cf) => match cf.form.handle(key, ctx.keymap) {
                FormEvent::Submit => self.save_contact(ctx, None),
                FormEvent::Cancel => self.overlay = Overlay::None,
                FormEvent::None => {}
            },
            Overlay::Interaction(form, _) => match form.handle(key, ctx.keymap) {
                FormEvent::Submit => self.save_interaction(ctx),
                FormEvent::Cancel => self.overlay = Overlay::None,
                FormEvent::None => {}
            },
            Overlay::Consent(form, _) => match form.handle(key, ctx.keymap) {
                FormEvent::Submit => self.save_consent(ctx),
                FormEvent::Cancel => self.overlay = Overlay::None,
                FormEvent::None => {}
            },
            Overlay::Restrict(form, _) => match form.handle(key, ctx.keymap) {
                FormEvent::Submit => self.save_restriction(ctx),
                FormEvent::Cancel => self.overlay = Overlay::None,
                FormEvent::None => {}
            },
            Overlay::Confirm(confirm) => match confirm.handle(key) {
                Answer::Yes => {
                    let pending = confirm.on_yes.clone();
                    self.overlay = Overlay::None;
                    match pending {
                        Pending::Delete(id) => match ctx.backend.delete_contact(id) {
                            Ok(()) => {
                                ctx.toasts.success(format!("contact #{id} deleted"));
                                self.view = View::List;
                                self.detail = None;
                                self.reload_list(ctx);
                            }
                            Err(e) => ctx.toasts.failed("delete", &e),
                        },
                        Pending::LiftRestriction(id) => match ctx.backend.lift_restriction(id) {
                            Ok(contact) => {
                                ctx.toasts.success(format!(
                                    "restriction of {} lifted",
                                    contact.display_name()
                                ));
                                self.open_detail(ctx, id);
                                self.reload_list(ctx);
                            }
                            Err(e) => ctx.toasts.failed("lift restriction", &e),
                        },
                    }
                }
                Answer::No => self.overlay = Overlay::None,
                Answer::Pending => {}
            },
        }
        true
    }

    fn handle_search(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        match key.code {
            KeyCode::Esc => {
                self.searching = false;
                if !self.query.value().is_empty() {
                    self.query.clear();
                    self.selected = 0;
                    self.fetch(ctx, 0);
                }
            }
            KeyCode::Enter | KeyCode::Down | KeyCode::Tab => self.searching = false,
            _ => {
                if self.query.handle(key) {
                    self.selected = 0;
                    self.scroll.set(0);
                    self.fetch(ctx, 0);
                }
            }
        }
        true
    }

    fn handle_list(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        let page = self.height.get().max(1) as isize;
        if km.is(Action::Down, key) {
            self.move_selection(ctx, 1);
        } else if km.is(Action::Up, key) {
            self.move_selection(ctx, -1);
        } else if km.is(Action::PageDown, key) {
            self.move_selection(ctx, page);
        } else if km.is(Action::PageUp, key) {
            self.move_selection(ctx, -page);
        } else if km.is(Action::Top, key) {
            self.move_selection(ctx, -(self.total as isize));
        } else if km.is(Action::Bottom, key) {
            self.move_selection(ctx, self.total as isize);
        } else if km.is(Action::Search, key) {
            self.searching = true;
        } else if km.is(Action::Back, key) && !self.query.value().is_empty() {
            self.query.clear();
            self.selected = 0;
            self.fetch(ctx, 0);
        } else if km.is(Action::Open, key) {
            if let Some(id) = self.current_id() {
                self.open_detail(ctx, id);
            }
        } else if km.is(Action::Sort, key) {
            let i = SortKey::ALL
                .iter()
                .position(|k| *k == self.sort)
                .unwrap_or(0);
            self.sort = SortKey::ALL[(i + 1) % SortKey::ALL.len()];
            self.selected = 0;
            self.fetch(ctx, 0);
        } else if km.is(Action::ReverseSort, key) {
            self.descending = !self.descending;
            self.selected = 0;
            self.fetch(ctx, 0);
        } else {
            return self.handle_common(key, ctx);
        }
        true
    }

    fn handle_detail(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        if km.is(Action::Back, key) {
            self.view = View::List;
            self.detail = None;
            self.opening.cancel();
            self.reload_list(ctx);
        } else if km.is(Action::Down, key) {
            let n = self.detail.as_ref().map_or(0, |d| d.consents.len());
            self.consent_cursor = (self.consent_cursor + 1).min(n.saturating_sub(1));
        } else if km.is(Action::Up, key) {
            self.consent_cursor = self.consent_cursor.saturating_sub(1);
        } else if km.is(Action::GiveConsent, key) {
            self.open_consent(ctx, ConsentAction::Given);
        } else if km.is(Action::WithdrawConsent, key) {
            self.open_consent(ctx, ConsentAction::Withdrawn);
        } else if km.is(Action::RefuseConsent, key) {
            self.open_consent(ctx, ConsentAction::Refused);
        } else if km.is(Action::Restrict, key) {
            self.toggle_restriction();
        } else if km.is(Action::PageDown, key) {
            self.detail_scroll
                .set(self.detail_scroll.get().saturating_add(10));
        } else if km.is(Action::PageUp, key) {
            self.detail_scroll
                .set(self.detail_scroll.get().saturating_sub(10));
        } else {
            return self.handle_common(key, ctx);
        }
        true
    }

    /// Keys that work in both the list and the detail view.
    fn handle_common(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        let km = ctx.keymap;
        if km.is(Action::New, key) {
            self.open_new(ctx);
        } else if km.is(Action::Edit, key) {
            if let Some(id) = self.current_id() {
                self.open_edit(ctx, id);
            }
        } else if km.is(Action::LogInteraction, key) {
            if let Some(id) = self.current_id() {
                self.open_interaction(ctx, id);
            }
        } else if km.is(Action::Delete, key) {
            if let Some(id) = self.current_id() {
                self.ask_delete(id);
            }
        } else if km.is(Action::Refresh, key) {
            self.refresh(ctx);
        } else {
            return false;
        }
        true
    }
}

impl Screen for ContactsScreen {
    fn navigate(&mut self, goto: &Goto, ctx: &mut Ctx<'_>) {
        match goto {
            Goto::Rectify {
                contact,
                request,
                version,
            } => {
                self.open_detail(ctx, *contact);
                self.open_edit_for(ctx, *contact, Some((*request, *version)));
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.reload_list(ctx);
        if self.view == View::Detail
            && let Some(id) = self.detail.as_ref().map(|d| d.contact.id)
        {
            self.load_detail(ctx, id, DetailLoad::Reload);
        }
    }

    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        if let Some(page) = self.page.take(ctx, wait) {
            self.show_page(ctx, page);
        }
        if let Some(answer) = self.opening.take(ctx, wait) {
            self.show_detail(ctx, answer);
        }
    }

    fn is_loading(&self) -> bool {
        self.page.is_loading() || self.opening.is_loading()
    }

    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool {
        if self.handle_overlay(key, ctx) {
            return true;
        }
        if self.searching {
            return self.handle_search(key, ctx);
        }
        match self.view {
            View::List => self.handle_list(key, ctx),
            View::Detail => self.handle_detail(key, ctx),
        }
    }

    fn captures_text(&self) -> bool {
        self.searching
            || matches!(
                self.overlay,
                Overlay::Contact(_) | Overlay::Interaction(..) | Overlay::Consent(..)
            )
    }

    fn is_modal(&self) -> bool {
        !matches!(self.overlay, Overlay::None)
    }

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>) {
        match self.view {
            View::List => self.draw_list(f, area, ctx),
            View::Detail => self.draw_detail(f, area, ctx),
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Contact(cf) => {
                cf.form.draw(f, area, ctx.theme);
                if let Some(c) = &cf.confirm {
                    c.draw(f, area, ctx.theme);
                }
            }
            Overlay::Interaction(form, _)
            | Overlay::Consent(form, _)
            | Overlay::Restrict(form, _) => form.draw(f, area, ctx.theme),
            Overlay::Confirm(c) => c.draw(f, area, ctx.theme),
        }
    }

    fn overlay_hints(&self, ctx: &ViewCtx<'_>) -> Option<Vec<Hint>> {
        match (&self.overlay, self.searching) {
            (
                Overlay::Contact(_)
                | Overlay::Interaction(..)
                | Overlay::Consent(..)
                | Overlay::Restrict(..),
                _,
            ) => Some(super::form_hints(ctx.keymap)),
            (Overlay::Confirm(_), _) => Some(super::confirm_hints()),
            (Overlay::None, true) => Some(vec![
                Hint::fixed("type", "to search"),
                Hint::fixed("enter/↓", "to the list"),
                Hint::fixed("esc", "clear"),
            ]),
            (Overlay::None, false) => None,
        }
    }

    fn commands(&self, _ctx: &ViewCtx<'_>) -> Vec<Command> {
        let list = self.view == View::List;
        let restricted = self
            .detail
            .as_ref()
            .is_some_and(|d| d.contact.is_restricted());
        vec![
            Command::help_only(Action::Up),
            Command::help_only(Action::Down),
            Command::help_only(Action::PageUp),
            Command::help_only(Action::PageDown),
            Command::help_only(Action::Top),
            Command::help_only(Action::Bottom),
            Command::new(Action::Back).label("back").now(!list),
            Command::new(Action::Search).now(list),
            Command::new(Action::Open).now(list),
            Command::new(Action::New).now(list),
            Command::new(Action::Edit),
            Command::new(Action::LogInteraction),
            Command::new(Action::GiveConsent).label("give").now(!list),
            Command::new(Action::WithdrawConsent)
                .label("withdraw")
                .now(!list),
            Command::help_only(Action::RefuseConsent),
            Command::new(Action::Restrict)
                .label(if restricted { "unrestrict" } else { "restrict" })
                .now(!list),
            Command::new(Action::Delete),
            Command::new(Action::Sort).label("sort").now(list),
            Command::help_only(Action::ReverseSort),
            Command::help_only(Action::Refresh),
            Command::help_only(Action::Save).about("in a form: save (tab: next field)"),
        ]
    }
}
