//! Crash points for the crash-safety tests: `CUSTOS_FAILPOINT=NAME` makes
//! the process abort (as a `kill -9` would, without unwinding or flushing)
//! when it reaches the point `NAME`. Read once; costs a comparison
//! otherwise.

use std::sync::OnceLock;

fn armed() -> Option<&'static str> {
    static ARMED: OnceLock<Option<String>> = OnceLock::new();
    ARMED
        .get_or_init(|| std::env::var("CUSTOS_FAILPOINT").ok())
        .as_deref()
}

pub fn hit(name: &str) {
    if armed() == Some(name) {
        std::process::abort();
    }
}

/// A slow point: `CUSTOS_FAILPOINT=slow:NAME` makes `pause(NAME)` take
/// three seconds — how a test holds a request in flight.
/// Also `slow_on_this_thread`, for tests inside one process.
pub fn pause(name: &str) {
    if armed().and_then(|a| a.strip_prefix("slow:")) == Some(name) {
        std::thread::sleep(std::time::Duration::from_secs(3));
    }
    let pause = SLOW.with(|s| match s.borrow().as_ref() {
        Some((armed, pause)) if armed == name => Some(*pause),
        _ => None,
    });
    if let Some(pause) = pause {
        std::thread::sleep(pause);
    }
}

thread_local! {
    static FAILING: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    static SLOW: std::cell::RefCell<Option<(String, std::time::Duration)>> =
        const { std::cell::RefCell::new(None) };
}

/// Makes `pause(name)` take `pause` on this thread: how a race test holds
/// one step open while other threads go on.
pub fn slow_on_this_thread(name: &str, pause: std::time::Duration) {
    SLOW.with(|s| *s.borrow_mut() = Some((name.to_string(), pause)));
}

/// Makes `error(name)` fail on this thread from now on (`None`: no more):
/// how atomicity tests make a step fail half-way through a request handled
/// on their own thread, without touching other tests.
pub fn fail_on_this_thread(name: Option<&str>) {
    FAILING.with(|f| *f.borrow_mut() = name.map(str::to_string));
}

/// An error point: `Err` when this thread armed `name`
/// (`fail_on_this_thread`). The caller fails as a storage error would, and
/// its transaction is rolled back.
pub fn error(name: &str) -> Result<(), String> {
    FAILING.with(|f| match f.borrow().as_deref() {
        Some(armed) if armed == name => Err(format!("failure injected at {name}")),
        _ => Ok(()),
    })
}
