//! Work that takes long (a report over every contact) runs on a thread, so
//! the interface keeps answering keys; the screen picks up the result when
//! it is ready.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

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
