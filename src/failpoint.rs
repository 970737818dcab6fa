//! Crash points for the crash-safety tests: `CUSTOS_FAILPOINT=NAME` makes
//! the process abort (as a `kill -9` would, without unwinding or flushing)
//! when it reaches the point `NAME`. Read once; costs a comparison
//! otherwise.

use std::sync::OnceLock;

pub fn hit(name: &str) {
    static ARMED: OnceLock<Option<String>> = OnceLock::new();
    let armed = ARMED.get_or_init(|| std::env::var("CUSTOS_FAILPOINT").ok());
    if armed.as_deref() == Some(name) {
        std::process::abort();
    }
}
