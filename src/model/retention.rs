//! The retention engine (Art. 5(1)(e)): how long each purpose still
//! justifies keeping a contact, until when the contact may be kept, and what
//! state that puts them in. Pure functions of the contact, their consent
//! histories, the purposes and `now`.
//!
//! Periods are calendar months counted in UTC: 29 February plus twelve
//! months is 28 February; an instant keeps its time of day.

use chrono::{Duration, Months};
use serde::{Deserialize, Serialize};

use super::when::Zone;
use super::{ConsentState, Contact, Purpose, PurposeId, RetentionAnchor, Timestamp};

/// Days ahead that count as "expiring soon".
pub const SOON_DAYS: i64 = 30;
pub const LATER_DAYS: i64 = 90;

/// Why one purpose still lets the company keep a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Justification {
    pub purpose_id: PurposeId,
    pub purpose: String,
    /// `None`: open-ended while the basis applies (a running contract).
    pub until: Option<Timestamp>,
    /// "24 months after last interaction 2025-03-01".
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetentionState {
    Anonymised,
    /// On legal hold: nothing is erased, whatever the dates say.
    LegalHold {
        reason: String,
    },
    ErasureScheduled {
        due: Timestamp,
    },
    /// Nothing justifies keeping the contact, and nothing ever did or the
    /// bases ended without a retention period (consent withdrawn).
    NoLegalBasis,
    /// Every period has run out.
    Expired {
        since: Timestamp,
    },
    ExpiringSoon {
        until: Timestamp,
    },
    ExpiringLater {
        until: Timestamp,
    },
    Fine {
        until: Option<Timestamp>,
    },
}

/// The states as a plain key, for filters, counts and files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StateKey {
    NoLegalBasis,
    Expired,
    ExpiringSoon,
    ExpiringLater,
    ErasureScheduled,
    LegalHold,
    Fine,
    Anonymised,
}

impl StateKey {
    pub const ALL: [StateKey; 8] = [
        StateKey::NoLegalBasis,
        StateKey::Expired,
        StateKey::ExpiringSoon,
        StateKey::ExpiringLater,
        StateKey::ErasureScheduled,
        StateKey::LegalHold,
        StateKey::Fine,
        StateKey::Anonymised,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StateKey::NoLegalBasis => "no-basis",
            StateKey::Expired => "expired",
            StateKey::ExpiringSoon => "expiring-30",
            StateKey::ExpiringLater => "expiring-90",
            StateKey::ErasureScheduled => "scheduled",
            StateKey::LegalHold => "legal-hold",
            StateKey::Fine => "fine",
            StateKey::Anonymised => "anonymised",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StateKey::NoLegalBasis => "No legal basis",
            StateKey::Expired => "Expired",
            StateKey::ExpiringSoon => "Within 30 days",
            StateKey::ExpiringLater => "Within 90 days",
            StateKey::ErasureScheduled => "Erasure scheduled",
            StateKey::LegalHold => "Legal hold",
            StateKey::Fine => "Fine",
            StateKey::Anonymised => "Anonymised",
        }
    }

    pub fn parse(s: &str) -> Option<StateKey> {
        let s = s.trim().to_lowercase();
        StateKey::ALL.into_iter().find(|k| k.key() == s)
    }
}

impl RetentionState {
    pub fn key(&self) -> StateKey {
        match self {
            RetentionState::Anonymised => StateKey::Anonymised,
            RetentionState::LegalHold { .. } => StateKey::LegalHold,
            RetentionState::ErasureScheduled { .. } => StateKey::ErasureScheduled,
            RetentionState::NoLegalBasis => StateKey::NoLegalBasis,
            RetentionState::Expired { .. } => StateKey::Expired,
            RetentionState::ExpiringSoon { .. } => StateKey::ExpiringSoon,
            RetentionState::ExpiringLater { .. } => StateKey::ExpiringLater,
            RetentionState::Fine { .. } => StateKey::Fine,
        }
    }
}

/// Everything the engine concludes about one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub state: RetentionState,
    /// The latest date any purpose (or a recorded extension) justifies;
    /// `None` when open-ended or when nothing justifies the contact.
    pub keep_until: Option<Timestamp>,
    pub justifications: Vec<Justification>,
    /// One line for the dashboard: why the contact is in its state.
    pub reason: String,
}

pub fn add_months(t: Timestamp, months: u32) -> Timestamp {
    t.checked_add_months(Months::new(months))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
}

/// A date in a reason, as the people reading it count days.
fn day(t: Timestamp, zone: &Zone) -> String {
    zone.date(t)
}

/// What one purpose justifies for `contact`, given its history there.
pub fn justify(
    contact: &Contact,
    purpose: &Purpose,
    state: ConsentState,
    zone: &Zone,
) -> Option<Justification> {
    let rule = purpose.retention;
    let months = rule.months;
    let period = |anchor_time: Timestamp, anchor: &str| {
        Some(Justification {
            purpose_id: purpose.id,
            purpose: purpose.name.clone(),
            until: Some(add_months(anchor_time, months)),
            why: format!(
                "{} after {anchor} {}",
                super::purpose::month_count(months),
                day(anchor_time, zone)
            ),
        })
    };
    match state {
        ConsentState::NoRecord | ConsentState::Refused { .. } => None,
        ConsentState::Given { since } => match rule.anchor {
            RetentionAnchor::ConsentGiven if purpose.legal_basis.is_consent() => {
                period(since, "consent")
            }
            RetentionAnchor::ConsentGiven => period(since, "start"),
            RetentionAnchor::Creation => period(contact.created_at, "creation"),
            RetentionAnchor::LastInteraction => {
                // The basis itself counts as contact: consent given after the
                // last call still runs from the consent.
                let last = contact.last_interaction_at.map_or(since, |l| l.max(since));
                period(last, "last contact")
            }
            RetentionAnchor::EndOfContract if purpose.legal_basis.is_consent() => {
                period(since, "consent")
            }
            RetentionAnchor::EndOfContract => Some(Justification {
                purpose_id: purpose.id,
                purpose: purpose.name.clone(),
                until: None,
                why: format!("applies since {} (ongoing)", day(since, zone)),
            }),
        },
        // A withdrawn consent justifies nothing more. A basis that ended
        // (a contract) keeps justifying the period that runs from its end.
        ConsentState::Withdrawn { at } => {
            if !purpose.legal_basis.is_consent() && rule.anchor == RetentionAnchor::EndOfContract {
                period(at, "end")
            } else {
                None
            }
        }
    }
}

/// Assesses `contact` at `now`. `purposes` pairs each purpose the contact has
/// a history with, with the state that history derives to.
/// Dates in the reasons are written in `zone`.
pub fn assess(
    contact: &Contact,
    purposes: &[(&Purpose, ConsentState)],
    now: Timestamp,
    zone: &Zone,
) -> Assessment {
    let mut justifications: Vec<Justification> = purposes
        .iter()
        .filter_map(|(p, state)| justify(contact, p, *state, zone))
        .collect();
    if let Some(ext) = &contact.retention_extension {
        justifications.push(Justification {
            purpose_id: 0,
            purpose: "extension".to_string(),
            until: Some(ext.until),
            why: format!("extended by {}: {}", ext.by, ext.reason),
        });
    }
    let open_ended = justifications.iter().any(|j| j.until.is_none());
    let keep_until = if open_ended {
        None
    } else {
        justifications.iter().filter_map(|j| j.until).max()
    };
    let latest = justifications
        .iter()
        .filter(|j| j.until == keep_until || j.until.is_none())
        .max_by_key(|j| j.until);

    let (state, reason) = if contact.is_anonymised() {
        (RetentionState::Anonymised, "anonymised".to_string())
    } else if let Some(hold) = &contact.legal_hold {
        (
            RetentionState::LegalHold {
                reason: hold.reason.clone(),
            },
            format!(
                "legal hold since {}: {}",
                day(hold.since, zone),
                hold.reason
            ),
        )
    } else if let Some(erasure) = &contact.erasure {
        (
            RetentionState::ErasureScheduled { due: erasure.due },
            format!(
                "{} on {}: {}",
                if erasure.delete {
                    "deletion"
                } else {
                    "anonymisation"
                },
                day(erasure.due, zone),
                erasure.reason
            ),
        )
    } else if justifications.is_empty() {
        (
            RetentionState::NoLegalBasis,
            no_basis_reason(purposes, zone),
        )
    } else if open_ended {
        let j = latest
            .map(|j| format!("{}: {}", j.purpose, j.why))
            .unwrap_or_default();
        (RetentionState::Fine { until: None }, j)
    } else {
        let until = keep_until.unwrap_or(now);
        let by = latest
            .map(|j| format!("{}: {}", j.purpose, j.why))
            .unwrap_or_default();
        (kept_until(until, now), by)
    };
    Assessment {
        state,
        keep_until,
        justifications,
        reason,
    }
}

/// The state at `now` of a contact kept until `until`: expired, expiring
/// within 30 or 90 days, or fine.
fn kept_until(until: Timestamp, now: Timestamp) -> RetentionState {
    if until <= now {
        RetentionState::Expired { since: until }
    } else if until - now <= Duration::days(SOON_DAYS) {
        RetentionState::ExpiringSoon { until }
    } else if until - now <= Duration::days(LATER_DAYS) {
        RetentionState::ExpiringLater { until }
    } else {
        RetentionState::Fine { until: Some(until) }
    }
}

/// Where a contact stands for retention whatever the date: what the
/// retention index keeps per contact, so the dashboard and the sweep at any
/// date read ranges instead of assessing every contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Anonymised,
    LegalHold {
        since: Timestamp,
    },
    ErasureScheduled {
        due: Timestamp,
    },
    /// Listed by when the contact was created.
    NoLegalBasis {
        created: Timestamp,
    },
    /// Kept until then: expired, expiring or fine depending on the date.
    Until(Timestamp),
    /// Open-ended (a running contract): fine at every date.
    Ongoing,
}

impl Standing {
    /// From an assessment of `contact` made at any date: only the split of
    /// `Until` into expired, expiring and fine depends on the date.
    pub fn of(contact: &Contact, a: &Assessment) -> Standing {
        match &a.state {
            RetentionState::Anonymised => Standing::Anonymised,
            RetentionState::LegalHold { .. } => Standing::LegalHold {
                since: contact
                    .legal_hold
                    .as_ref()
                    .map_or(chrono::DateTime::UNIX_EPOCH, |h| h.since),
            },
            RetentionState::ErasureScheduled { due } => Standing::ErasureScheduled { due: *due },
            RetentionState::NoLegalBasis => Standing::NoLegalBasis {
                created: contact.created_at,
            },
            RetentionState::Expired { since: t }
            | RetentionState::ExpiringSoon { until: t }
            | RetentionState::ExpiringLater { until: t }
            | RetentionState::Fine { until: Some(t) } => Standing::Until(*t),
            RetentionState::Fine { until: None } => Standing::Ongoing,
        }
    }

    /// The standing an index key stands for (`key`'s inverse); `None` for
    /// a key no version of `key` writes.
    pub fn from_key((class, us): (u8, i64)) -> Option<Standing> {
        let at = || chrono::DateTime::from_timestamp_micros(us);
        Some(match class {
            0 => Standing::Anonymised,
            1 => Standing::LegalHold { since: at()? },
            2 => Standing::ErasureScheduled { due: at()? },
            3 => Standing::NoLegalBasis { created: at()? },
            4 => Standing::Until(at()?),
            5 => Standing::Ongoing,
            _ => return None,
        })
    }

    /// The state at `now` of a contact standing so, as `assess` at `now`
    /// gives it, but for a legal hold's reason, which the index does not
    /// keep (empty).
    pub fn state_at(self, now: Timestamp) -> RetentionState {
        match self {
            Standing::Anonymised => RetentionState::Anonymised,
            Standing::LegalHold { .. } => RetentionState::LegalHold {
                reason: String::new(),
            },
            Standing::ErasureScheduled { due } => RetentionState::ErasureScheduled { due },
            Standing::NoLegalBasis { .. } => RetentionState::NoLegalBasis,
            Standing::Until(until) => kept_until(until, now),
            Standing::Ongoing => RetentionState::Fine { until: None },
        }
    }

    /// The index key: a class and an instant in microseconds, so that
    /// within a class the order is the report's (most urgent first).
    pub fn key(self) -> (u8, i64) {
        let us = |t: Timestamp| t.timestamp_micros();
        match self {
            Standing::Anonymised => (0, 0),
            Standing::LegalHold { since } => (1, us(since)),
            Standing::ErasureScheduled { due } => (2, us(due)),
            Standing::NoLegalBasis { created } => (3, us(created)),
            Standing::Until(t) => (4, us(t)),
            Standing::Ongoing => (5, i64::MAX),
        }
    }
}

/// The ranges of index keys (class, from, to — instants in µs, both
/// included) holding the contacts in `state` at `now`, in report order.
pub fn ranges(state: StateKey, now: Timestamp) -> Vec<(u8, i64, i64)> {
    let now = now.timestamp_micros();
    let days = |d: i64| d * 86_400_000_000;
    let soon = now.saturating_add(days(SOON_DAYS));
    let later = now.saturating_add(days(LATER_DAYS));
    match state {
        StateKey::Anonymised => vec![(0, i64::MIN, i64::MAX)],
        StateKey::LegalHold => vec![(1, i64::MIN, i64::MAX)],
        StateKey::ErasureScheduled => vec![(2, i64::MIN, i64::MAX)],
        StateKey::NoLegalBasis => vec![(3, i64::MIN, i64::MAX)],
        StateKey::Expired => vec![(4, i64::MIN, now)],
        StateKey::ExpiringSoon => vec![(4, now.saturating_add(1), soon)],
        StateKey::ExpiringLater => vec![(4, soon.saturating_add(1), later)],
        StateKey::Fine => vec![
            (4, later.saturating_add(1), i64::MAX),
            (5, i64::MIN, i64::MAX),
        ],
    }
}

/// "newsletter consent withdrawn 2026-03-02; no other purpose"
fn no_basis_reason(purposes: &[(&Purpose, ConsentState)], zone: &Zone) -> String {
    let ended: Vec<String> = purposes
        .iter()
        .filter_map(|(p, state)| {
            let state = *state;
            let basis = if p.legal_basis.is_consent() {
                "consent"
            } else {
                "basis"
            };
            match state {
                ConsentState::Withdrawn { at } => Some(format!(
                    "{} {basis} {} {}",
                    p.name,
                    state.label(p.legal_basis),
                    day(at, zone)
                )),
                ConsentState::Refused { at } => Some(format!(
                    "{} {basis} {} {}",
                    p.name,
                    state.label(p.legal_basis),
                    day(at, zone)
                )),
                _ => None,
            }
        })
        .collect();
    if ended.is_empty() {
        "no purpose recorded".to_string()
    } else {
        format!("{}; no other purpose", ended.join("; "))
    }
}

/// A short hint for the contacts table: "until 2027-03", "expired", …
pub fn hint(a: &Assessment, zone: &Zone) -> String {
    state_hint(&a.state, zone)
}

/// The hint of a state, assessed or read from the retention index.
pub fn state_hint(state: &RetentionState, zone: &Zone) -> String {
    match state {
        RetentionState::Anonymised => "anonymised".into(),
        RetentionState::LegalHold { .. } => "legal hold".into(),
        RetentionState::ErasureScheduled { due } => format!("erase {}", zone.date(*due)),
        RetentionState::NoLegalBasis => "no basis".into(),
        RetentionState::Expired { .. } => "expired".into(),
        RetentionState::ExpiringSoon { until } | RetentionState::ExpiringLater { until } => {
            format!("ends {}", zone.date(*until))
        }
        RetentionState::Fine { until: Some(u) } => format!("until {}", zone.month(*u)),
        RetentionState::Fine { until: None } => "ongoing".into(),
    }
}

/// Whether the retention sweep should erase the contact now: its scheduled
/// date has come, or it expired and erasing expired records is enabled
/// (globally, or by every purpose that justified it).
pub fn sweep_due(
    contact: &Contact,
    assessment: &Assessment,
    purposes: &[(&Purpose, ConsentState)],
    auto_erase_all: bool,
    now: Timestamp,
) -> Option<SweepAction> {
    if contact.is_anonymised() || contact.legal_hold.is_some() {
        return None;
    }
    if let Some(e) = &contact.erasure {
        return (e.due <= now).then_some(if e.delete {
            SweepAction::Delete
        } else {
            SweepAction::Anonymise
        });
    }
    // Art. 18(1)(c): a person may have restriction instead of erasure
    // because they need the data for a legal claim; only an erasure someone
    // scheduled deliberately (above) goes ahead.
    if contact.is_restricted() {
        return None;
    }
    if let RetentionState::Expired { .. } = assessment.state {
        let by_purpose = !assessment.justifications.is_empty()
            && assessment.justifications.iter().all(|j| {
                purposes
                    .iter()
                    .find(|(p, _)| p.id == j.purpose_id)
                    .is_some_and(|(p, _)| p.auto_erase)
            });
        if auto_erase_all || by_purpose {
            return Some(SweepAction::Anonymise);
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SweepAction {
    Anonymise,
    Delete,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reasons in these tests read in Amsterdam.
    fn assess(
        contact: &Contact,
        purposes: &[(&Purpose, ConsentState)],
        now: Timestamp,
    ) -> Assessment {
        super::assess(contact, purposes, now, &Zone::default())
    }
    use crate::model::ConsentEvent;
    use crate::model::{
        ConsentAction, ConsentChannel, ContactDraft, LegalBasis, LegalHold, PurposeDraft,
        RetentionExtension, RetentionRule, ScheduledErasure,
    };
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};

    fn st(h: Vec<ConsentEvent>) -> ConsentState {
        ConsentState::derive(&h)
    }

    fn t(y: i32, m: u32, d: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn contact(created: Timestamp, last: Option<Timestamp>) -> Contact {
        let mut c = Contact::from_draft(
            1,
            ContactDraft {
                family_name: "Jansen".into(),
                ..ContactDraft::default()
            },
            created,
        );
        c.last_interaction_at = last;
        c
    }

    fn purpose(
        id: u64,
        name: &str,
        basis: LegalBasis,
        months: u32,
        anchor: RetentionAnchor,
    ) -> Purpose {
        let mut d = PurposeDraft::new(name, basis, RetentionRule { months, anchor });
        d.legitimate_interest = "x".into();
        Purpose::from_draft(id, d, t(2020, 1, 1))
    }

    fn event(id: u64, purpose: u64, action: ConsentAction, at: Timestamp) -> ConsentEvent {
        ConsentEvent {
            id,
            contact_id: 1,
            purpose_id: purpose,
            action,
            at,
            recorded_at: at,
            channel: ConsentChannel::WebForm,
            evidence: "form".into(),
            recorded_by: "anna".into(),
        }
    }

    #[test]
    fn a_reason_says_one_month_in_the_singular() {
        for (months, says) in [
            (1, "1 month after consent "),
            (18, "18 months after consent "),
        ] {
            let p = purpose(
                1,
                "News",
                LegalBasis::Consent,
                months,
                RetentionAnchor::ConsentGiven,
            );
            let h = vec![event(1, 1, ConsentAction::Given, t(2026, 1, 10))];
            let a = assess(
                &contact(t(2025, 1, 1), None),
                &[(&p, st(h))],
                t(2026, 1, 20),
            );
            let why: Vec<&str> = a.justifications.iter().map(|j| j.why.as_str()).collect();
            assert!(why.iter().any(|w| w.starts_with(says)), "{why:?}");
        }
    }

    #[test]
    fn consent_runs_from_when_it_was_given() {
        let news = purpose(
            1,
            "Newsletter",
            LegalBasis::Consent,
            24,
            RetentionAnchor::ConsentGiven,
        );
        let c = contact(t(2023, 1, 1), None);
        let h = vec![event(1, 1, ConsentAction::Given, t(2025, 1, 10))];
        let a = assess(&c, &[(&news, st(h))], t(2026, 6, 1));
        assert_eq!(a.keep_until, Some(t(2027, 1, 10)));
        assert_eq!(
            a.state,
            RetentionState::Fine {
                until: Some(t(2027, 1, 10))
            }
        );
        let a = assess(
            &c,
            &[(
                &news,
                st(vec![event(1, 1, ConsentAction::Given, t(2025, 1, 10))]),
            )],
            t(2027, 1, 10),
        );
        assert_eq!(
            a.state,
            RetentionState::Expired {
                since: t(2027, 1, 10)
            }
        );
    }

    #[test]
    fn a_withdrawn_consent_stops_justifying_retention() {
        let news = purpose(
            1,
            "newsletter",
            LegalBasis::Consent,
            24,
            RetentionAnchor::ConsentGiven,
        );
        let c = contact(t(2023, 1, 1), None);
        let h = vec![
            event(1, 1, ConsentAction::Given, t(2025, 1, 10)),
            event(2, 1, ConsentAction::Withdrawn, t(2026, 3, 2)),
        ];
        let a = assess(&c, &[(&news, st(h))], t(2026, 6, 1));
        assert_eq!(a.state, RetentionState::NoLegalBasis);
        assert_eq!(
            a.reason,
            "newsletter consent withdrawn 2026-03-02; no other purpose"
        );
    }

    #[test]
    fn no_history_means_no_legal_basis() {
        let a = assess(&contact(t(2025, 1, 1), None), &[], t(2026, 1, 1));
        assert_eq!(a.state, RetentionState::NoLegalBasis);
        assert_eq!(a.reason, "no purpose recorded");
    }

    #[test]
    fn last_interaction_anchor_moves_with_a_new_interaction() {
        let follow = purpose(
            2,
            "Sales follow-up",
            LegalBasis::LegitimateInterest,
            24,
            RetentionAnchor::LastInteraction,
        );
        let h = || vec![event(1, 2, ConsentAction::Given, t(2023, 5, 1))];
        let before = assess(
            &contact(t(2023, 1, 1), Some(t(2024, 2, 1))),
            &[(&follow, st(h()))],
            t(2026, 3, 1),
        );
        assert_eq!(
            before.state,
            RetentionState::Expired {
                since: t(2026, 2, 1)
            }
        );
        // A call logged on 2026-02-20 keeps the contact until 2028-02-20.
        let after = assess(
            &contact(t(2023, 1, 1), Some(t(2026, 2, 20))),
            &[(&follow, st(h()))],
            t(2026, 3, 1),
        );
        assert_eq!(after.keep_until, Some(t(2028, 2, 20)));
        assert!(matches!(after.state, RetentionState::Fine { .. }));
    }

    #[test]
    fn a_running_contract_is_open_ended_and_an_ended_one_runs_from_its_end() {
        let tax = purpose(
            3,
            "Invoicing",
            LegalBasis::LegalObligation,
            84,
            RetentionAnchor::EndOfContract,
        );
        let c = contact(t(2015, 1, 1), None);
        let running = assess(
            &c,
            &[(
                &tax,
                st(vec![event(1, 3, ConsentAction::Given, t(2016, 1, 1))]),
            )],
            t(2026, 1, 1),
        );
        assert_eq!(running.state, RetentionState::Fine { until: None });
        assert_eq!(running.keep_until, None);
        let ended = vec![
            event(1, 3, ConsentAction::Given, t(2016, 1, 1)),
            event(2, 3, ConsentAction::Withdrawn, t(2019, 6, 30)),
        ];
        let a = assess(&c, &[(&tax, st(ended))], t(2026, 6, 1));
        assert_eq!(a.keep_until, Some(t(2026, 6, 30)));
        assert_eq!(
            a.state,
            RetentionState::ExpiringSoon {
                until: t(2026, 6, 30)
            }
        );
    }

    #[test]
    fn the_latest_purpose_wins() {
        let news = purpose(
            1,
            "Newsletter",
            LegalBasis::Consent,
            12,
            RetentionAnchor::ConsentGiven,
        );
        let events = purpose(
            2,
            "Events",
            LegalBasis::Consent,
            24,
            RetentionAnchor::ConsentGiven,
        );
        let c = contact(t(2024, 1, 1), None);
        let a = assess(
            &c,
            &[
                (
                    &news,
                    st(vec![event(1, 1, ConsentAction::Given, t(2025, 1, 1))]),
                ),
                (
                    &events,
                    st(vec![event(2, 2, ConsentAction::Given, t(2025, 1, 1))]),
                ),
            ],
            t(2026, 11, 1),
        );
        assert_eq!(a.keep_until, Some(t(2027, 1, 1)));
        assert_eq!(
            a.state,
            RetentionState::ExpiringLater {
                until: t(2027, 1, 1)
            }
        );
        assert_eq!(a.justifications.len(), 2);
    }

    #[test]
    fn leap_days() {
        let p = purpose(
            1,
            "p",
            LegalBasis::Consent,
            12,
            RetentionAnchor::ConsentGiven,
        );
        let c = contact(t(2023, 1, 1), None);
        let given = Utc.with_ymd_and_hms(2024, 2, 29, 8, 0, 0).unwrap();
        let a = assess(
            &c,
            &[(&p, st(vec![event(1, 1, ConsentAction::Given, given)]))],
            t(2024, 6, 1),
        );
        assert_eq!(
            a.keep_until,
            Some(Utc.with_ymd_and_hms(2025, 2, 28, 8, 0, 0).unwrap())
        );
        // 48 months from a leap day lands on the next leap day.
        let p = purpose(
            1,
            "p",
            LegalBasis::Consent,
            48,
            RetentionAnchor::ConsentGiven,
        );
        let a = assess(
            &c,
            &[(&p, st(vec![event(1, 1, ConsentAction::Given, given)]))],
            t(2024, 6, 1),
        );
        assert_eq!(
            a.keep_until,
            Some(Utc.with_ymd_and_hms(2028, 2, 29, 8, 0, 0).unwrap())
        );
        // Expiry is exact to the instant: one second before, still kept.
        let until = Utc.with_ymd_and_hms(2028, 2, 29, 8, 0, 0).unwrap();
        let a = assess(
            &c,
            &[(&p, st(vec![event(1, 1, ConsentAction::Given, given)]))],
            until - Duration::seconds(1),
        );
        assert!(matches!(a.state, RetentionState::ExpiringSoon { .. }));
    }

    #[test]
    fn time_zones_do_not_shift_the_instant() {
        // Consent given at 00:30 on 1 March in Amsterdam (CET) is 23:30 on
        // 28 February UTC; one month later is 28 March 23:30 UTC, which is
        // 29 March 01:30 in Amsterdam after the switch to summer time.
        let cet = FixedOffset::east_opt(3600).unwrap();
        let local: DateTime<FixedOffset> = cet.with_ymd_and_hms(2026, 3, 1, 0, 30, 0).unwrap();
        let given = local.with_timezone(&Utc);
        let p = purpose(
            1,
            "p",
            LegalBasis::Consent,
            1,
            RetentionAnchor::ConsentGiven,
        );
        let c = contact(t(2025, 1, 1), None);
        let a = assess(
            &c,
            &[(&p, st(vec![event(1, 1, ConsentAction::Given, given)]))],
            t(2026, 3, 10),
        );
        let until = a.keep_until.unwrap();
        assert_eq!(until, Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap());
        let cest = FixedOffset::east_opt(7200).unwrap();
        assert_eq!(
            until
                .with_timezone(&cest)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            "2026-03-29 01:30"
        );
    }

    #[test]
    fn holds_and_schedules_take_precedence_and_extensions_count() {
        let p = purpose(
            1,
            "p",
            LegalBasis::Consent,
            12,
            RetentionAnchor::ConsentGiven,
        );
        let h = || vec![event(1, 1, ConsentAction::Given, t(2024, 1, 1))];
        let mut c = contact(t(2023, 1, 1), None);
        assert!(matches!(
            assess(&c, &[(&p, st(h()))], t(2026, 1, 1)).state,
            RetentionState::Expired { .. }
        ));
        c.retention_extension = Some(RetentionExtension {
            until: t(2026, 12, 31),
            reason: "pending claim".into(),
            by: "petra".into(),
            at: t(2026, 1, 1),
        });
        let a = assess(&c, &[(&p, st(h()))], t(2026, 1, 1));
        assert_eq!(a.keep_until, Some(t(2026, 12, 31)));
        c.erasure = Some(ScheduledErasure {
            due: t(2026, 2, 1),
            delete: false,
            reason: "request #4".into(),
            by: "petra".into(),
            scheduled_at: t(2026, 1, 1),
        });
        assert_eq!(
            assess(&c, &[(&p, st(h()))], t(2026, 1, 1)).state,
            RetentionState::ErasureScheduled { due: t(2026, 2, 1) }
        );
        c.legal_hold = Some(LegalHold {
            reason: "litigation".into(),
            since: t(2026, 1, 5),
            by: "petra".into(),
        });
        assert!(matches!(
            assess(&c, &[(&p, st(h()))], t(2026, 3, 1)).state,
            RetentionState::LegalHold { .. }
        ));
        let a = assess(&c, &[(&p, st(h()))], t(2026, 3, 1));
        assert_eq!(
            sweep_due(&c, &a, &[(&p, st(h()))], true, t(2026, 3, 1)),
            None,
            "a hold stops the sweep"
        );
    }

    #[test]
    fn the_sweep_erases_what_is_due_and_only_that() {
        let mut auto = purpose(
            1,
            "auto",
            LegalBasis::Consent,
            12,
            RetentionAnchor::ConsentGiven,
        );
        auto.auto_erase = true;
        let manual = purpose(
            2,
            "manual",
            LegalBasis::Consent,
            12,
            RetentionAnchor::ConsentGiven,
        );
        let c = contact(t(2023, 1, 1), None);
        let now = t(2026, 1, 1);
        let expired_auto = vec![(
            &auto,
            st(vec![event(1, 1, ConsentAction::Given, t(2024, 1, 1))]),
        )];
        let a = assess(&c, &expired_auto, now);
        assert_eq!(
            sweep_due(&c, &a, &expired_auto, false, now),
            Some(SweepAction::Anonymise)
        );
        let expired_manual = vec![(
            &manual,
            st(vec![event(1, 2, ConsentAction::Given, t(2024, 1, 1))]),
        )];
        let a = assess(&c, &expired_manual, now);
        assert_eq!(sweep_due(&c, &a, &expired_manual, false, now), None);
        assert_eq!(
            sweep_due(&c, &a, &expired_manual, true, now),
            Some(SweepAction::Anonymise)
        );
        let mut scheduled = c.clone();
        scheduled.erasure = Some(ScheduledErasure {
            due: t(2026, 1, 2),
            delete: true,
            reason: "r".into(),
            by: "p".into(),
            scheduled_at: now,
        });
        let a = assess(&scheduled, &[], now);
        assert_eq!(sweep_due(&scheduled, &a, &[], false, now), None, "not yet");
        assert_eq!(
            sweep_due(&scheduled, &a, &[], false, t(2026, 1, 2)),
            Some(SweepAction::Delete)
        );
    }
}
