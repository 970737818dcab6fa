//! Limits that keep one user from taking out, or flooding, what belongs to
//! everyone: the daily ceiling of different contacts a user without the
//! export permission may see, and the aggregation of repeated refusals in
//! the audit trail (each first refusal is written at once; repeats within
//! the same minute are counted and written as one entry when it is over).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::audit::{AuditOutcome, AuditRecord};
use crate::model::{AuditAction, EntityKind, Role, Timestamp};

/// Different contacts seen today, per user.
#[derive(Debug, Default)]
pub(super) struct ListingBudget {
    day: Option<NaiveDate>,
    seen: HashMap<String, HashSet<u64>>,
}

/// What a charge against the budget found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Charge {
    Within,
    /// Showing the answer would take the user past the ceiling; `seen` is
    /// how many different contacts they have seen today.
    Over {
        seen: usize,
    },
}

impl ListingBudget {
    /// Counts the contacts in an answer for `user` on `day`: those seen
    /// before today do not count twice. An answer that would go past
    /// `ceiling` is not charged (and must not be shown).
    pub(super) fn charge(
        &mut self,
        user: &str,
        day: NaiveDate,
        ids: &[u64],
        ceiling: usize,
    ) -> Charge {
        if self.day != Some(day) {
            self.day = Some(day);
            self.seen.clear();
        }
        let seen = self.seen.entry(user.to_string()).or_default();
        let new = ids.iter().filter(|id| !seen.contains(id)).count();
        if new == 0 {
            return Charge::Within;
        }
        if seen.len() + new > ceiling {
            return Charge::Over { seen: seen.len() };
        }
        seen.extend(ids.iter().copied());
        Charge::Within
    }
}

/// What identifies "the same refusal" for aggregation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct RefusalKey {
    pub actor: String,
    pub role: Role,
    pub action: AuditAction,
    pub kind: EntityKind,
    pub permission: String,
    /// Why, in a few words ("connect: not a user"); empty for a denied
    /// request, whose permission says it.
    pub reason: String,
}

#[derive(Debug, Default)]
pub(super) struct RefusalLog {
    minute: i64,
    /// Refusals audited this minute, with how many more came after.
    repeats: HashMap<RefusalKey, u64>,
}

impl RefusalLog {
    /// Registers a refusal at `now`. Returns what to audit now: the entries
    /// summing up the minute that ended (if one did), and this refusal
    /// itself when it is the first of its kind this minute.
    pub(super) fn refuse(&mut self, key: RefusalKey, now: Timestamp) -> Vec<AuditRecord> {
        let mut out = self.flush(now);
        match self.repeats.get_mut(&key) {
            Some(n) => *n += 1,
            None => {
                out.push(record(&key, key.reason.clone()));
                self.repeats.insert(key, 0);
            }
        }
        out
    }

    /// The summaries of a minute that has ended (or of everything, when
    /// `now` is `None`, at shutdown).
    pub(super) fn flush(&mut self, now: impl Into<Option<Timestamp>>) -> Vec<AuditRecord> {
        let minute = now.into().map(|t| t.timestamp().div_euclid(60));
        if minute.is_some_and(|m| m == self.minute) {
            return Vec::new();
        }
        if let Some(m) = minute {
            self.minute = m;
        }
        let mut out: Vec<AuditRecord> = self
            .repeats
            .drain()
            .filter(|(_, n)| *n > 0)
            .map(|(key, n)| {
                let detail = match key.reason.as_str() {
                    "" => format!("{n} more times within the same minute"),
                    why => format!("{why}: {n} more times within the same minute"),
                };
                record(&key, detail)
            })
            .collect();
        out.sort_by(|a, b| a.actor.cmp(&b.actor));
        out
    }
}

fn record(key: &RefusalKey, detail: String) -> AuditRecord {
    AuditRecord {
        actor: key.actor.clone(),
        role: key.role,
        action: key.action,
        kind: key.kind,
        targets: Vec::new(),
        fields: Vec::new(),
        outcome: AuditOutcome::Denied {
            permission: key.permission.clone(),
        },
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn the_ceiling_counts_different_contacts_per_day() {
        let mut b = ListingBudget::default();
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(b.charge("anna", day, &[1, 2, 3], 5), Charge::Within);
        // The same contacts again cost nothing.
        assert_eq!(b.charge("anna", day, &[1, 2, 3], 5), Charge::Within);
        assert_eq!(b.charge("anna", day, &[4, 5], 5), Charge::Within);
        assert_eq!(b.charge("anna", day, &[6], 5), Charge::Over { seen: 5 });
        assert_eq!(b.charge("anna", day, &[5], 5), Charge::Within);
        // Others have their own; tomorrow starts afresh.
        assert_eq!(b.charge("piet", day, &[6], 5), Charge::Within);
        assert_eq!(
            b.charge("anna", day.succ_opt().unwrap(), &[6], 5),
            Charge::Within
        );
    }

    #[test]
    fn repeated_refusals_become_one_entry_a_minute() {
        let mut log = RefusalLog::default();
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 5).unwrap();
        let key = RefusalKey {
            actor: "mallory".into(),
            role: Role::ReadOnly,
            action: AuditAction::Read,
            kind: EntityKind::User,
            permission: "Session".into(),
            reason: "connect: not a user".into(),
        };
        let mut written = log.refuse(key.clone(), t).len();
        for i in 1..1000 {
            written += log
                .refuse(key.clone(), t + Duration::milliseconds(i * 50))
                .len();
        }
        assert_eq!(written, 1, "one entry while the minute lasts");
        let next = log.refuse(key.clone(), t + Duration::seconds(60));
        assert_eq!(
            next.len(),
            2,
            "the summary of the minute, and the new first"
        );
        assert_eq!(
            next[0].detail,
            "connect: not a user: 999 more times within the same minute"
        );
        assert!(log.flush(None).is_empty());
    }
}
