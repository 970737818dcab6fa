//! The application state and its update function: keys and ticks in,
//! state changes out. Drawing is in `view.rs`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::config::Config;
use super::keymap::{Action, KeyMap, SCREEN_KEYS};
use super::screens::{Hint, SCREENS, Screen, ScreenId};
use super::theme::Theme;
use super::watch::{self, Watched};

use crate::backend::{Api, Backend};
use crate::clock::Clock;
use crate::model::when::Zone;
use crate::model::{ContactId, RequestId, Timestamp};
use crate::service::ServiceError;
use crate::service::api::{Alert, Identity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub text: String,
    pub kind: ToastKind,
    /// Ticks (a quarter second each) until it fades.
    pub ttl: u32,
}

#[derive(Debug, Default)]
pub struct Toasts(pub Vec<Toast>);

impl Toasts {
    fn push(&mut self, text: impl Into<String>, kind: ToastKind) {
        let text = text.into();
        let ttl = if kind == ToastKind::Error { 40 } else { 16 };
        self.0.retain(|t| t.text != text);
        self.0.push(Toast { text, kind, ttl });
        if self.0.len() > 4 {
            self.0.remove(0);
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(text, ToastKind::Info);
    }

    pub fn success(&mut self, text: impl Into<String>) {
        self.push(text, ToastKind::Success);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(text, ToastKind::Error);
    }

    /// Shows a failed request as an error toast.
    pub fn failed(&mut self, what: &str, error: &ServiceError) {
        self.error(format!("{what}: {error}"));
    }
}

/// A screen asking for something to be shown on another screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goto {
    /// The contact form, to correct the contact for a rectification
    /// request; saving it closes the request.
    Rectify {
        contact: ContactId,
        request: RequestId,
        /// The request's version when the user chose to rectify.
        version: u32,
    },
}

impl Goto {
    /// The screen that shows it.
    fn screen(self) -> ScreenId {
        match self {
            Goto::Rectify { .. } => ScreenId::Contacts,
        }
    }
}

/// What a screen may use while handling a key.
pub struct Ctx<'a> {
    pub backend: &'a dyn Backend,
    /// The same backend, to hand to a background task.
    pub shared: &'a Arc<dyn Backend>,
    pub keymap: &'a KeyMap,
    pub identity: &'a Identity,
    /// Where wall-clock times are typed and shown.
    pub zone: Zone,
    pub now: Timestamp,
    pub toasts: &'a mut Toasts,
    /// Set to show something on another screen once the key is handled.
    pub goto: &'a mut Option<Goto>,
    /// The change counter the screen's data reflects; loads raise it.
    pub shown_changes: &'a mut u64,
}

/// What a screen may use while drawing.
pub struct ViewCtx<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a KeyMap,
    pub identity: &'a Identity,
    pub zone: Zone,
    pub now: Timestamp,
}

pub struct App {
    pub(super) backend: Arc<dyn Backend>,
    pub(super) clock: Clock,
    pub(super) config: Config,
    pub(super) identity: Identity,
    pub(super) zone: Zone,
    pub(super) location: String,
    pub(super) screens: Vec<Box<dyn Screen>>,
    pub(super) active: usize,
    pub(super) toasts: Toasts,
    pub(super) help: bool,
    pub quit: bool,
    /// The change counter the visible data reflects.
    shown_changes: u64,
    /// The newest change counter known; above `shown_changes`, someone
    /// changed something and the visible screen reloads.
    latest_changes: u64,
    /// The change counter and the alerts, from the watcher thread.
    watcher: Option<Receiver<Watched>>,
    /// Deadlines that need attention, for the status line of every screen.
    pub(super) alerts: Vec<Alert>,
    /// The search index while it is built ("index building (N %)").
    pub(super) search: crate::service::api::SearchReadiness,
    goto: Option<Goto>,
}

impl App {
    pub fn new(
        backend: Box<dyn Backend>,
        clock: Clock,
        config: Config,
        config_error: Option<String>,
    ) -> Result<App, ServiceError> {
        let backend: Arc<dyn Backend> = Arc::from(backend);
        let identity = backend.whoami()?;
        let zone = Zone::named(&identity.time_zone).unwrap_or_default();
        let changes = backend.changes()?;
        let location = backend.location();
        let screens: Vec<Box<dyn Screen>> = SCREENS.iter().map(|s| (s.make)()).collect();
        let mut app = App {
            backend,
            clock,
            config,
            identity,
            zone,
            location,
            screens,
            active: 0,
            toasts: Toasts::default(),
            help: false,
            quit: false,
            shown_changes: changes,
            latest_changes: changes,
            watcher: None,
            alerts: Vec::new(),
            search: crate::service::api::SearchReadiness::NotStarted,
            goto: None,
        };
        app.refresh_alerts();
        if let Some(e) = config_error {
            app.toasts.error(format!("config: {e} (defaults used)"));
        }
        app.refresh_active();
        Ok(app)
    }

    /// Watches the change counter and the deadlines on a thread of its
    /// own, so the interface never waits for them (the interactive loop
    /// does this; tests ask with `poll_changes`).
    /// The backend, for a thread that must reach it (the signal handler).
    pub fn backend(&self) -> Arc<dyn Backend> {
        Arc::clone(&self.backend)
    }

    /// Stops the watcher and closes the backend (see `Backend::close`).
    pub fn close(&mut self) {
        self.watcher = None;
        self.backend.close();
    }

    pub fn watch_changes(&mut self) {
        self.watcher = Some(watch::start(self.backend.clone()));
    }

    /// Shows `location` instead of the backend's own (stable snapshots).
    pub fn set_location(&mut self, location: &str) {
        self.location = location.to_string();
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    fn ctx_parts(&mut self) -> (&mut Box<dyn Screen>, Ctx<'_>) {
        let now = self.clock.now();
        let screen = &mut self.screens[self.active];
        let ctx = Ctx {
            backend: &*self.backend,
            shared: &self.backend,
            keymap: &self.config.keymap,
            identity: &self.identity,
            zone: self.zone,
            now,
            toasts: &mut self.toasts,
            goto: &mut self.goto,
            shown_changes: &mut self.shown_changes,
        };
        (screen, ctx)
    }

    fn refresh_active(&mut self) {
        let (screen, mut ctx) = self.ctx_parts();
        screen.refresh(&mut ctx);
    }

    pub fn view_ctx(&self) -> ViewCtx<'_> {
        ViewCtx {
            theme: &self.config.theme,
            keymap: &self.config.keymap,
            identity: &self.identity,
            zone: self.zone,
            now: self.clock.now(),
        }
    }

    pub fn screen(&self) -> &dyn Screen {
        &*self.screens[self.active]
    }

    pub fn titles(&self) -> Vec<&'static str> {
        SCREENS.iter().map(|s| s.title).collect()
    }

    /// The visible screen's title.
    pub fn title(&self) -> &'static str {
        SCREENS[self.active].title
    }

    /// The visible screen awaits an answer.
    pub fn is_loading(&self) -> bool {
        self.screen().is_loading()
    }

    pub fn active(&self) -> usize {
        self.active
    }

    pub fn switch_to(&mut self, index: usize) {
        if index < self.screens.len() && index != self.active {
            self.active = index;
            self.refresh_active();
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        let keymap = &self.config.keymap;
        // Ctrl-C always quits, whatever has the focus.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        let captures = self.screen().captures_text();
        let modal = self.screen().is_modal();
        if !captures && keymap.is(Action::Help, &key) {
            self.help = true;
            return;
        }
        let (screen, mut ctx) = self.ctx_parts();
        if screen.handle_key(&key, &mut ctx) {
            if let Some(goto) = self.goto.take() {
                self.follow(goto);
            }
            return;
        }
        if captures || modal {
            return;
        }
        let keymap = &self.config.keymap;
        let screen_keys = &SCREEN_KEYS[..SCREENS.len().min(SCREEN_KEYS.len())];
        if keymap.is(Action::Quit, &key) {
            self.quit = true;
        } else if keymap.is(Action::NextScreen, &key) {
            self.switch_to((self.active + 1) % self.screens.len());
        } else if keymap.is(Action::PrevScreen, &key) {
            self.switch_to((self.active + self.screens.len() - 1) % self.screens.len());
        } else if let Some(i) = screen_keys.iter().position(|a| keymap.is(*a, &key)) {
            self.switch_to(i);
        }
    }

    fn follow(&mut self, goto: Goto) {
        let Some(index) = SCREENS.iter().position(|s| s.id == goto.screen()) else {
            return;
        };
        self.switch_to(index);
        let (screen, mut ctx) = self.ctx_parts();
        screen.navigate(&goto, &mut ctx);
    }

    /// Called about four times a second: fades toasts. (The change
    /// counter and the deadlines come from the watcher thread.)
    pub fn tick(&mut self) {
        for t in &mut self.toasts.0 {
            t.ttl = t.ttl.saturating_sub(1);
        }
        self.toasts.0.retain(|t| t.ttl > 0);
    }

    /// Takes what arrived: the watcher's news, the visible screen's loads;
    /// then reloads the screen if someone changed something it does not
    /// show yet. Never waits.
    pub fn poll(&mut self) {
        while let Some(watched) = self.watcher.as_ref().map(|w| w.try_recv()) {
            match watched {
                Ok(Watched::Changes(n)) => self.latest_changes = self.latest_changes.max(n),
                Ok(Watched::Alerts(alerts)) => self.alerts = alerts,
                Ok(Watched::Search(status)) => self.search = status,
                Ok(Watched::Failed(e)) => self.toasts.failed("connection", &e),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.watcher = None;
                    break;
                }
            }
        }
        let (screen, mut ctx) = self.ctx_parts();
        screen.poll(&mut ctx, false);
        self.reload_if_changed();
    }

    /// Reloads the visible screen when the data it shows is older than the
    /// newest change — but not while its own load is under way (that load
    /// read the counter first, so after an own save there is no second
    /// reload), nor under an open form (its save detects a conflict).
    fn reload_if_changed(&mut self) {
        self.latest_changes = self.latest_changes.max(self.shown_changes);
        if self.latest_changes > self.shown_changes
            && !self.screen().is_loading()
            && !self.screen().is_modal()
        {
            self.shown_changes = self.latest_changes;
            self.refresh_active();
        }
    }

    /// Waits for the visible screen's loads, and the loads those start
    /// (tests, and the moment before acting on results).
    pub fn settle(&mut self) {
        for _ in 0..100 {
            let (screen, mut ctx) = self.ctx_parts();
            screen.poll(&mut ctx, true);
            if !self.screen().is_loading() {
                break;
            }
        }
    }

    fn refresh_alerts(&mut self) {
        if let Ok(alerts) = self.backend.alerts() {
            self.alerts = alerts;
        }
    }

    /// Asks for the change counter and the deadlines now, and reloads the
    /// visible screen if someone changed something (what the watcher thread
    /// does in the background; tests use this).
    pub fn poll_changes(&mut self) {
        match self.backend.changes() {
            Ok(n) => {
                if n > self.latest_changes {
                    self.refresh_alerts();
                }
                self.latest_changes = self.latest_changes.max(n);
                self.reload_if_changed();
            }
            Err(e) => self.toasts.failed("connection", &e),
        }
    }

    pub fn help_lines(&self) -> Vec<Hint> {
        let ctx = self.view_ctx();
        let km = &self.config.keymap;
        let mut lines: Vec<Hint> = self
            .screen()
            .commands(&ctx)
            .iter()
            .map(|c| c.help(km))
            .collect();
        for action in [
            Action::NextScreen,
            Action::PrevScreen,
            Action::Help,
            Action::Quit,
        ] {
            lines.push(Hint::action(km, action, true));
        }
        let last = SCREEN_KEYS[SCREENS.len().min(SCREEN_KEYS.len()) - 1];
        lines.push(Hint::fixed(
            &format!("{}…{}", km.key(Action::Screen1), km.key(last)),
            "go to screen",
        ));
        lines
    }
}
