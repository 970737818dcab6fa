//! How the daemon protects itself and the other users from one client, as
//! trusted servers do (PostgreSQL's per-role connection limits, OpenSSH's
//! MaxStartups): a cap on connections per user and in all with slots kept
//! for admins, timeouts for a handshake that never comes and for idle
//! connections, and a cap on the memory held for incoming requests across
//! all connections.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections served at once. The last `ADMIN_RESERVE` are for admins
/// only, so an admin can always get in to act.
pub const MAX_CONNECTIONS: usize = 256;
pub const ADMIN_RESERVE: usize = 8;
/// A client must complete the handshake within this.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// A request that has started must arrive whole within this.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request a client may send: imports go in batches.
pub const MAX_REQUEST: usize = 8 * 1024 * 1024;
/// Requests up to this size are read without drawing on the shared budget
/// (all connections together hold at most 256 × 64 KiB of them).
pub const SMALL_REQUEST: usize = 64 * 1024;
/// How long a large request waits for room in the budget before the
/// connection is closed as too busy.
pub const BUDGET_WAIT: Duration = Duration::from_secs(10);

/// Bytes of large incoming requests held at once, across all connections.
#[derive(Debug)]
pub struct FrameBudget {
    limit: usize,
    used: Mutex<usize>,
    freed: Condvar,
}

/// Room taken in the budget, given back when dropped.
#[derive(Debug)]
pub struct Reservation<'a> {
    budget: &'a FrameBudget,
    bytes: usize,
}

impl FrameBudget {
    pub fn new(limit: usize) -> FrameBudget {
        FrameBudget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Takes `bytes` of room, waiting up to `wait` for others to give some
    /// back; `None` when there is none (or the request alone is larger
    /// than the whole budget).
    pub fn reserve(&self, bytes: usize, wait: Duration) -> Option<Reservation<'_>> {
        if bytes > self.limit {
            return None;
        }
        let deadline = Instant::now() + wait;
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        while *used + bytes > self.limit {
            let left = deadline.checked_duration_since(Instant::now())?;
            used = self
                .freed
                .wait_timeout(used, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *used += bytes;
        Some(Reservation {
            budget: self,
            bytes,
        })
    }

    pub fn in_use(&self) -> usize {
        *self.used.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(self.bytes);
        self.budget.freed.notify_all();
    }
}

/// Whether one more connection of a user with `role` may be served, given
/// how many are open in all and how many of them are this user's.
pub fn admit(total: usize, mine: usize, per_user: usize, is_admin: bool) -> Result<(), String> {
    if mine >= per_user {
        return Err(format!(
            "you have {mine} connections open, the most one user may hold (setting \
             max-connections-per-user); close some and try again"
        ));
    }
    let ceiling = if is_admin {
        MAX_CONNECTIONS
    } else {
        MAX_CONNECTIONS - ADMIN_RESERVE
    };
    if total >= ceiling {
        return Err("the daemon is serving too many connections; try again".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_shared_and_given_back() {
        let budget = FrameBudget::new(100);
        let a = budget.reserve(60, Duration::ZERO).unwrap();
        assert!(budget.reserve(60, Duration::from_millis(10)).is_none());
        drop(a);
        let _b = budget.reserve(60, Duration::ZERO).unwrap();
        assert_eq!(budget.in_use(), 60);
        assert!(
            budget.reserve(101, Duration::from_secs(5)).is_none(),
            "never fits"
        );
    }

    #[test]
    fn admins_keep_their_reserved_slots() {
        assert!(admit(0, 0, 16, false).is_ok());
        assert!(admit(10, 16, 16, true).is_err(), "per user, admins too");
        let full_for_others = MAX_CONNECTIONS - ADMIN_RESERVE;
        assert!(admit(full_for_others, 0, 16, false).is_err());
        assert!(admit(full_for_others, 0, 16, true).is_ok());
        assert!(admit(MAX_CONNECTIONS, 0, 16, true).is_err());
    }
}
