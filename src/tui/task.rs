//! Backend work runs on threads, never on the interface's: a screen starts
//! a `Loader` and keeps answering keys and drawing; the update loop hands
//! it the answer when it comes (gitui's async jobs, in small). Only a
//! loader's latest request counts: starting a new one drops the answer of
//! the one before (the user typed on, or scrolled further).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::backend::{Api, Backend};
use crate::tui::app::Ctx;

pub struct Task<T> {
    rx: Receiver<T>,
}

pub enum Poll<T> {
    Pending,
    Ready(T),
    /// The work ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> Task<T> {
    pub fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx.send(work());
        });
        Task { rx }
    }

    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(v) => Poll::Ready(v),
            Err(TryRecvError::Empty) => Poll::Pending,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Blocks until the work is done.
    pub fn wait(&self) -> Poll<T> {
        match self.rx.recv() {
            Ok(v) => Poll::Ready(v),
            Err(_) => Poll::Lost,
        }
    }
}

/// One kind of load of a screen (its list, its detail view): at most one
/// answer awaited, the latest asked for.
pub struct Loader<T> {
    task: Option<Task<(Option<u64>, T)>>,
}

impl<T> Default for Loader<T> {
    fn default() -> Self {
        Loader { task: None }
    }
}

impl<T: Send + 'static> Loader<T> {
    /// Runs `work` on a thread; an answer still awaited is dropped. The
    /// change counter is read first, so the answer is known to include
    /// every change up to it (and the app does not reload for those).
    pub fn start(
        &mut self,
        backend: &Arc<dyn Backend>,
        work: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    ) {
        let backend = backend.clone();
        self.task = Some(Task::spawn(move || {
            let changes = backend.changes().ok();
            (changes, work(&*backend))
        }));
    }

    pub fn is_loading(&self) -> bool {
        self.task.is_some()
    }

    /// Forgets the answer awaited (the screen moved on).
    pub fn cancel(&mut self) {
        self.task = None;
    }

    /// The answer, if it came (with `wait`, blocks until it does).
    pub fn take(&mut self, ctx: &mut Ctx<'_>, wait: bool) -> Option<T> {
        let task = self.task.as_ref()?;
        let outcome = if wait { task.wait() } else { task.poll() };
        match outcome {
            Poll::Pending => None,
            Poll::Ready((changes, value)) => {
                self.task = None;
                if let Some(n) = changes {
                    *ctx.shown_changes = (*ctx.shown_changes).max(n);
                }
                Some(value)
            }
            Poll::Lost => {
                self.task = None;
                ctx.toasts
                    .error("loading failed unexpectedly; press the refresh key to try again");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_the_result_once_ready() {
        let task = Task::spawn(|| 41 + 1);
        match task.wait() {
            Poll::Ready(v) => assert_eq!(v, 42),
            _ => panic!("no result"),
        }
    }

    #[test]
    fn a_panicking_task_is_reported_lost_not_propagated() {
        let task: Task<u32> = Task::spawn(|| panic!("boom"));
        assert!(matches!(task.wait(), Poll::Lost));
    }
}
