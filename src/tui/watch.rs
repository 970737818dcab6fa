//! The watcher: a thread that asks twice a second whether anything changed
//! and, now and then, which deadlines need attention, and tells the app.
//! The interface thread never waits for these answers (through the daemon a
//! request may queue behind another user's long report).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::backend::{Api, Backend};
use crate::service::ServiceError;
use crate::service::api::{Alert, SearchReadiness};

const CHANGES_EVERY: Duration = Duration::from_millis(500);
/// Countdowns move with time even when nothing changes.
const ALERTS_EVERY: Duration = Duration::from_secs(2);

pub enum Watched {
    Changes(u64),
    Alerts(Vec<Alert>),
    /// How far the search index is, until it is ready.
    Search(SearchReadiness),
    /// The backend stopped answering (reported once until it answers again).
    Failed(ServiceError),
}

/// Starts the watcher; it ends when the receiver is dropped.
pub fn start(backend: Arc<dyn Backend>) -> Receiver<Watched> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut last = None;
        let mut alerts_at = Instant::now();
        let mut failing = false;
        let mut search_ready = false;
        loop {
            let mut news = Vec::new();
            if !search_ready && let Ok(status) = backend.search_status() {
                search_ready = status == SearchReadiness::Ready;
                news.push(Watched::Search(status));
            }
            match backend.changes() {
                Ok(n) => {
                    failing = false;
                    if last != Some(n) {
                        last = Some(n);
                        news.push(Watched::Changes(n));
                        alerts_at = Instant::now() - ALERTS_EVERY;
                    }
                }
                Err(e) if !failing => {
                    failing = true;
                    news.push(Watched::Failed(e));
                }
                Err(_) => {}
            }
            if !failing && alerts_at.elapsed() >= ALERTS_EVERY {
                alerts_at = Instant::now();
                if let Ok(alerts) = backend.alerts() {
                    news.push(Watched::Alerts(alerts));
                }
            }
            for item in news {
                if tx.send(item).is_err() {
                    return;
                }
            }
            std::thread::sleep(CHANGES_EVERY);
        }
    });
    rx
}
