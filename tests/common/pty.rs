//! The real binary in a pseudo-terminal: keys typed as bytes, the screen
//! read back through a terminal emulator (vt100).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing: long,
/// because a debug build on a loaded CI machine can be slow to start.
const PATIENCE: Duration = Duration::from_secs(30);

struct Shared {
    parser: Mutex<(vt100::Parser, bool)>,
    changed: Condvar,
}

pub struct Terminal {
    shared: Arc<Shared>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    // Kept alive: dropping the master closes the terminal.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Terminal {
    /// Starts `custos` with `args` on database `db`, in a `cols`×`rows`
    /// terminal, with the clock pinned.
    pub fn start(db: &Path, args: &[&str], cols: u16, rows: u16) -> Terminal {
        Terminal::launch(db, args, cols, rows, Some("2026-11-23T09:00:00Z"))
    }

    /// As `start`, on the real clock in the Amsterdam zone: as users run it.
    pub fn start_real_clock(db: &Path, args: &[&str], cols: u16, rows: u16) -> Terminal {
        Terminal::launch(db, args, cols, rows, None)
    }

    fn launch(db: &Path, args: &[&str], cols: u16, rows: u16, now: Option<&str>) -> Terminal {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_custos"));
        // A test starts on a fresh database: say so, as a user would.
        if !db.exists() {
            cmd.arg("--create");
        }
        cmd.args(args);
        cmd.env("CUSTOS_DB", db);
        cmd.env("TZ", "Europe/Amsterdam");
        match now {
            Some(now) => cmd.env("CUSTOS_NOW", now),
            None => cmd.env_remove("CUSTOS_NOW"),
        }
        cmd.env("CUSTOS_CONFIG", "/nonexistent/custos-config.toml");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("CUSTOS_SOCKET");
        let child = pty.slave.spawn_command(cmd).expect("start custos");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let shared = Arc::new(Shared {
            parser: Mutex::new((
                vt100::Parser::new(
                    NonZeroU16::new(rows).expect("rows"),
                    NonZeroU16::new(cols).expect("cols"),
                    0,
                ),
                false,
            )),
            changed: Condvar::new(),
        });
        let feed = shared.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let mut guard = feed.parser.lock().unwrap();
                if n == 0 {
                    guard.1 = true;
                    feed.changed.notify_all();
                    return;
                }
                guard.0.process(&buf[..n]);
                feed.changed.notify_all();
            }
        });
        Terminal {
            shared,
            writer,
            child,
            _master: pty.master,
        }
    }

    /// Whether the program left the terminal in its alternate screen.
    pub fn in_alternate_screen(&self) -> bool {
        self.shared
            .parser
            .lock()
            .unwrap()
            .0
            .screen()
            .alternate_screen()
    }

    pub fn screen(&self) -> String {
        self.shared.parser.lock().unwrap().0.screen().contents()
    }

    /// Blocks until the screen contains `text` (woken by new output, not by
    /// a timer), or fails after `PATIENCE` showing what was on screen.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut guard = self.shared.parser.lock().unwrap();
        loop {
            let screen = guard.0.screen().contents();
            if screen.contains(text) {
                return screen;
            }
            let now = Instant::now();
            if now >= deadline || guard.1 {
                panic!("waited for {text:?}; the screen shows:\n{screen}");
            }
            guard = self
                .shared
                .changed
                .wait_timeout(guard, deadline - now)
                .unwrap()
                .0;
        }
    }

    /// Blocks until the screen no longer contains `text`.
    pub fn wait_gone(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut guard = self.shared.parser.lock().unwrap();
        loop {
            let screen = guard.0.screen().contents();
            if !screen.contains(text) {
                return screen;
            }
            let now = Instant::now();
            if now >= deadline || guard.1 {
                panic!("waited for {text:?} to go; the screen shows:\n{screen}");
            }
            guard = self
                .shared
                .changed
                .wait_timeout(guard, deadline - now)
                .unwrap()
                .0;
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    pub fn enter(&mut self) {
        self.send("\r");
    }

    pub fn tab(&mut self) {
        self.send("\t");
    }

    pub fn esc(&mut self) {
        self.send("\x1b");
    }

    pub fn ctrl(&mut self, c: char) {
        let byte = (c.to_ascii_lowercase() as u8) & 0x1f;
        self.writer.write_all(&[byte]).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Sends `signal` to the program, as a dropped SSH connection (SIGHUP)
    /// or `kill` would.
    pub fn signal(&self, signal: i32) {
        let pid = self.child.process_id().expect("custos runs") as i32;
        // SAFETY: a signal to our own child process.
        unsafe { libc::kill(pid, signal) };
    }

    /// Waits for the program to exit and returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        self.child.wait().expect("wait for custos").success()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Runs the binary as a plain command (for set-up and checks).
pub fn custos(db: &Path, args: &[&str]) -> String {
    run(db, args, Some("2026-11-23T09:00:00Z"))
}

/// As `custos`, on the real clock.
pub fn custos_real_clock(db: &Path, args: &[&str]) -> String {
    run(db, args, None)
}

fn run(db: &Path, args: &[&str], now: Option<&str>) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_custos"));
    if !db.exists() {
        cmd.arg("--create");
    }
    cmd.args(args)
        .env("CUSTOS_DB", db)
        .env_remove("CUSTOS_SOCKET");
    match now {
        Some(now) => cmd.env("CUSTOS_NOW", now),
        None => cmd.env_remove("CUSTOS_NOW").env("TZ", "Europe/Amsterdam"),
    };
    let out = cmd.output().expect("run custos");
    assert!(
        out.status.success(),
        "custos {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
