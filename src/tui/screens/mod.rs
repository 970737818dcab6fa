//! One module per screen; each owns its state, key handling and drawing.
//! `SCREENS` lists them once, in tab order.

pub mod audit;
pub mod contacts;
pub mod incidents;
pub mod purposes;
pub mod requests;
pub mod retention;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::app::{Ctx, Goto, ViewCtx};
use super::keymap::Action;

/// Which screen: what `Goto` names to show something elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Contacts,
    Purposes,
    Retention,
    Incidents,
    Requests,
    Audit,
}

/// A screen as the app knows it.
pub struct ScreenEntry {
    pub id: ScreenId,
    pub title: &'static str,
    pub make: fn() -> Box<dyn Screen>,
}

/// Every screen, in tab order: the tab bar, the number keys (`1` is the
/// first) and `Goto` all read this list. Adding a screen is a module here
/// and one line.
pub const SCREENS: &[ScreenEntry] = &[
    ScreenEntry {
        id: ScreenId::Contacts,
        title: "Contacts",
        make: || Box::new(contacts::ContactsScreen::new()),
    },
    ScreenEntry {
        id: ScreenId::Purposes,
        title: "Purposes",
        make: || Box::new(purposes::PurposesScreen::new()),
    },
    ScreenEntry {
        id: ScreenId::Retention,
        title: "Retention",
        make: || Box::new(retention::RetentionScreen::new()),
    },
    ScreenEntry {
        id: ScreenId::Incidents,
        title: "Incidents",
        make: || Box::new(incidents::IncidentsScreen::new()),
    },
    ScreenEntry {
        id: ScreenId::Requests,
        title: "Requests",
        make: || Box::new(requests::RequestsScreen::new()),
    },
    ScreenEntry {
        id: ScreenId::Audit,
        title: "Audit",
        make: || Box::new(audit::AuditScreen::new()),
    },
];

/// A line of the help overlay or the footer: the keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub what: String,
}

impl Hint {
    /// A hint for a bound action, showing its first key (footer) or all of
    /// them (help).
    pub fn action(ctx_keys: &super::keymap::KeyMap, action: Action, all: bool) -> Hint {
        Hint {
            keys: if all {
                ctx_keys.keys(action)
            } else {
                ctx_keys.key(action)
            },
            what: action.describe().to_string(),
        }
    }

    pub fn fixed(keys: &str, what: &str) -> Hint {
        Hint {
            keys: keys.to_string(),
            what: what.to_string(),
        }
    }
}

/// What a key does on a screen. The footer shows the commands usable now,
/// by their first key and short label; the help overlay lists every one,
/// with all its keys and the longer description. Both come from the one
/// list a screen gives (`Screen::commands`), so they cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    action: Action,
    /// The footer's word for it here ("hold", "release hold").
    label: String,
    /// The help overlay's words (the action's description if empty).
    about: &'static str,
    /// Usable now: shown in the footer.
    now: bool,
}

impl Command {
    pub fn new(action: Action) -> Command {
        Command {
            action,
            label: action.describe().to_string(),
            about: "",
            now: true,
        }
    }

    /// Listed in the help only (moving around needs no footer space).
    pub fn help_only(action: Action) -> Command {
        Command::new(action).now(false)
    }

    pub fn label(mut self, label: impl Into<String>) -> Command {
        self.label = label.into();
        self
    }

    pub fn about(mut self, about: &'static str) -> Command {
        self.about = about;
        self
    }

    pub fn now(mut self, now: bool) -> Command {
        self.now = now;
        self
    }

    /// The footer's hint, if the command is usable now.
    pub fn footer(&self, keymap: &super::keymap::KeyMap) -> Option<Hint> {
        self.now
            .then(|| Hint::fixed(&keymap.key(self.action), &self.label))
    }

    /// The help overlay's line.
    pub fn help(&self, keymap: &super::keymap::KeyMap) -> Hint {
        let about = if self.about.is_empty() {
            self.action.describe()
        } else {
            self.about
        };
        Hint::fixed(&keymap.keys(self.action), about)
    }
}

/// The footer of an open form.
pub fn form_hints(keymap: &super::keymap::KeyMap) -> Vec<Hint> {
    vec![
        Hint::fixed("tab", "next field"),
        Hint::fixed(&keymap.key(Action::Save), "save"),
        Hint::fixed("esc", "cancel"),
    ]
}

/// The footer of a yes/no question.
pub fn confirm_hints() -> Vec<Hint> {
    vec![Hint::fixed("y", "yes"), Hint::fixed("n/esc", "no")]
}

pub trait Screen {
    /// Loads or reloads the data shown (on entering the screen, and when
    /// another user changed something).
    fn refresh(&mut self, ctx: &mut Ctx<'_>);

    /// Returns whether the key was used; unused keys go to the global map.
    fn handle_key(&mut self, key: &KeyEvent, ctx: &mut Ctx<'_>) -> bool;

    /// A text field has the focus: plain characters are text, not commands.
    fn captures_text(&self) -> bool;

    /// A form or dialog is open: screen switching waits until it closes.
    fn is_modal(&self) -> bool;

    fn draw(&self, f: &mut Frame, area: Rect, ctx: &ViewCtx<'_>);

    /// Every command of the screen, those usable now marked (footer and
    /// help overlay).
    fn commands(&self, ctx: &ViewCtx<'_>) -> Vec<Command>;

    /// While a form, dialog or search field has the keys: its own footer.
    fn overlay_hints(&self, ctx: &ViewCtx<'_>) -> Option<Vec<Hint>> {
        let _ = ctx;
        None
    }

    /// Takes the answers of loads that finished; with `wait`, blocks until
    /// they have. Screens without loads ignore it.
    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        let _ = (ctx, wait);
    }

    /// A load is awaited: the screen shows what it has, marked as loading.
    fn is_loading(&self) -> bool {
        false
    }

    /// Shows what another screen asked for; screens nobody navigates to
    /// ignore it.
    fn navigate(&mut self, goto: &Goto, ctx: &mut Ctx<'_>) {
        let _ = (goto, ctx);
    }
}
