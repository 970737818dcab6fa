//! The full-screen interface: the Elm-style loop
//! `Event → update(&mut App) → view(&App, Frame)`.

pub mod app;
pub mod config;
pub mod keymap;
pub mod screens;
pub mod task;
pub mod theme;
pub mod view;
pub mod watch;
pub mod widgets;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGTERM};

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::backend::Backend;
use crate::clock::Clock;
use crate::commands::{CliError, Result};
use app::App;
use config::{Config, user_config_path};

const TICK: Duration = Duration::from_millis(250);
/// How soon an answer being awaited is shown once it arrives.
const FRAME: Duration = Duration::from_millis(16);

/// Runs the interface until the user quits. The terminal is restored on
/// every exit path, a panic included (ratatui's hook).
pub fn run(backend: Box<dyn Backend>, clock: Clock) -> Result<()> {
    let (config, config_error) = Config::load(user_config_path().as_deref());
    let mut app = App::new(backend, clock, config, config_error)?;
    app.watch_changes();
    // A dropped SSH connection (SIGHUP) or a `kill` (SIGTERM) ends the
    // loop like `q` does, so the database is closed cleanly on the way out.
    let hung_up = Arc::new(AtomicBool::new(false));
    for signal in [SIGHUP, SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&hung_up))
            .map_err(|e| CliError::io("installing signal handlers", e))?;
    }
    let mut terminal = ratatui::try_init().map_err(|e| CliError::io("terminal", e))?;
    let result = event_loop(&mut terminal, &mut app, &hung_up);
    ratatui::restore();
    app.close();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    hung_up: &AtomicBool,
) -> Result<()> {
    let mut last_tick = Instant::now();
    while !app.quit && !hung_up.load(Ordering::Relaxed) {
        terminal
            .draw(|f| view::draw(app, f))
            .map_err(|e| CliError::io("drawing", e))?;
        let mut timeout = TICK.saturating_sub(last_tick.elapsed());
        if app.is_loading() {
            timeout = timeout.min(FRAME);
        }
        if event::poll(timeout).map_err(|e| CliError::io("reading keys", e))? {
            match event::read().map_err(|e| CliError::io("reading keys", e))? {
                Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                // A resize redraws on the next turn of the loop.
                _ => {}
            }
        }
        app.poll();
        if last_tick.elapsed() >= TICK {
            app.tick();
            last_tick = Instant::now();
        }
    }
    Ok(())
}
