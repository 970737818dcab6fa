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

use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

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
    // A dropped SSH connection (SIGHUP) or a `kill` (SIGTERM): close the
    // database cleanly and exit from a thread of its own. Not through the
    // event loop: once the terminal is gone, crossterm's `event::poll`
    // never returns (crossterm-rs/crossterm#793), and without a handler
    // the process dies with the file left for recovery.
    let mut signals = Signals::new([SIGHUP, SIGTERM])
        .map_err(|e| CliError::io("installing signal handlers", e))?;
    let backend = app.backend();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            ratatui::restore();
            backend.close();
            std::process::exit(128 + signal);
        }
    });
    let mut terminal = ratatui::try_init().map_err(|e| CliError::io("terminal", e))?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    app.close();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    let mut last_tick = Instant::now();
    while !app.quit {
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
