//! One module per screen; each owns its state, key handling and drawing.

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

pub trait Screen {
    fn title(&self) -> &'static str;

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

    /// The keys that work right now, for the footer.
    fn hints(&self, ctx: &ViewCtx<'_>) -> Vec<Hint>;

    /// Every binding of the screen, for the help overlay.
    fn help(&self, ctx: &ViewCtx<'_>) -> Vec<Hint>;

    /// Takes the result of background work that finished; with `wait`,
    /// blocks until it has. Screens without background work ignore it.
    fn poll(&mut self, ctx: &mut Ctx<'_>, wait: bool) {
        let _ = (ctx, wait);
    }

    /// Shows what another screen asked for; screens nobody navigates to
    /// ignore it.
    fn navigate(&mut self, goto: &Goto, ctx: &mut Ctx<'_>) {
        let _ = (goto, ctx);
    }
}
