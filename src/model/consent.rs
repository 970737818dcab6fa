//! Consent records (Art. 7): an append-only history per contact and purpose.
//! The current state is derived from the history and never stored, so the
//! proof of every earlier state survives.

use serde::{Deserialize, Serialize};

use super::{ConsentEventId, ContactId, LegalBasis, PurposeId, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentAction {
    /// Consent given; for a non-consent basis, the basis started to apply
    /// (contract signed, customer relationship began).
    Given,
    /// Consent withdrawn; for a non-consent basis, the basis ended (contract
    /// ended, objection upheld).
    Withdrawn,
    /// Asked and declined.
    Refused,
}

impl ConsentAction {
    pub fn key(self) -> &'static str {
        match self {
            ConsentAction::Given => "given",
            ConsentAction::Withdrawn => "withdrawn",
            ConsentAction::Refused => "refused",
        }
    }

    /// The word a user reads, which depends on the purpose's legal basis.
    pub fn label(self, basis: LegalBasis) -> &'static str {
        match (basis.is_consent(), self) {
            (true, ConsentAction::Given) => "given",
            (true, ConsentAction::Withdrawn) => "withdrawn",
            (true, ConsentAction::Refused) => "refused",
            (false, ConsentAction::Given) => "applies",
            (false, ConsentAction::Withdrawn) => "ended",
            (false, ConsentAction::Refused) => "objected",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentChannel {
    Phone,
    WebForm,
    Email,
    Paper,
    InPerson,
    Import,
    /// Recorded while carrying out a data-subject request (an objection,
    /// a withdrawal); the evidence names the request.
    Request,
}

impl ConsentChannel {
    pub const ALL: [ConsentChannel; 7] = [
        ConsentChannel::Phone,
        ConsentChannel::WebForm,
        ConsentChannel::Email,
        ConsentChannel::Paper,
        ConsentChannel::InPerson,
        ConsentChannel::Import,
        ConsentChannel::Request,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ConsentChannel::Phone => "phone",
            ConsentChannel::WebForm => "web-form",
            ConsentChannel::Email => "email",
            ConsentChannel::Paper => "paper",
            ConsentChannel::InPerson => "in-person",
            ConsentChannel::Import => "import",
            ConsentChannel::Request => "request",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentChannel> {
        let s = s.trim().to_lowercase().replace([' ', '_'], "-");
        let s = if s == "e-mail" {
            "email".to_string()
        } else {
            s
        };
        ConsentChannel::ALL.into_iter().find(|c| c.key() == s)
    }
}

impl std::fmt::Display for ConsentChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    pub id: ConsentEventId,
    pub contact_id: ContactId,
    pub purpose_id: PurposeId,
    pub action: ConsentAction,
    /// When the person gave / withdrew it (may precede `recorded_at`).
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
    #[serde(with = "crate::model::time::ts")]
    pub recorded_at: Timestamp,
    pub channel: ConsentChannel,
    /// What was asked and how: the proof required by Art. 7(1).
    pub evidence: String,
    pub recorded_by: String,
}

/// The state of one contact for one purpose, derived from its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentState {
    /// No event: no consent. There is no default "given".
    NoRecord,
    Given {
        since: Timestamp,
    },
    Withdrawn {
        at: Timestamp,
    },
    Refused {
        at: Timestamp,
    },
}

impl ConsentState {
    /// The latest event by the time it took effect decides; events recorded
    /// later but back-dated earlier do not override a newer decision.
    pub fn derive<'a>(history: impl IntoIterator<Item = &'a ConsentEvent>) -> ConsentState {
        history
            .into_iter()
            .max_by_key(|e| (e.at, e.id))
            .map_or(ConsentState::NoRecord, |e| match e.action {
                ConsentAction::Given => ConsentState::Given { since: e.at },
                ConsentAction::Withdrawn => ConsentState::Withdrawn { at: e.at },
                ConsentAction::Refused => ConsentState::Refused { at: e.at },
            })
    }

    pub fn is_given(self) -> bool {
        matches!(self, ConsentState::Given { .. })
    }

    pub fn key(self) -> &'static str {
        match self {
            ConsentState::NoRecord => "none",
            ConsentState::Given { .. } => "given",
            ConsentState::Withdrawn { .. } => "withdrawn",
            ConsentState::Refused { .. } => "refused",
        }
    }

    pub fn label(self, basis: LegalBasis) -> &'static str {
        match self {
            ConsentState::NoRecord => "no record",
            ConsentState::Given { .. } => ConsentAction::Given.label(basis),
            ConsentState::Withdrawn { .. } => ConsentAction::Withdrawn.label(basis),
            ConsentState::Refused { .. } => ConsentAction::Refused.label(basis),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn event(id: u64, action: ConsentAction, day: u32) -> ConsentEvent {
        let at = Utc.with_ymd_and_hms(2026, 3, day, 10, 0, 0).unwrap();
        ConsentEvent {
            id,
            contact_id: 1,
            purpose_id: 1,
            action,
            at,
            recorded_at: at,
            channel: ConsentChannel::WebForm,
            evidence: "checkbox on form v3".into(),
            recorded_by: "anna".into(),
        }
    }

    #[test]
    fn no_history_means_no_consent() {
        assert_eq!(ConsentState::derive(&[]), ConsentState::NoRecord);
        assert!(!ConsentState::NoRecord.is_given());
    }

    #[test]
    fn give_withdraw_give_ends_given_since_the_last_give() {
        let history = [
            event(1, ConsentAction::Given, 1),
            event(2, ConsentAction::Withdrawn, 5),
            event(3, ConsentAction::Given, 9),
        ];
        let state = ConsentState::derive(&history);
        assert_eq!(
            state,
            ConsentState::Given {
                since: history[2].at
            }
        );
    }

    #[test]
    fn give_then_withdraw_is_withdrawn() {
        let history = [
            event(1, ConsentAction::Given, 1),
            event(2, ConsentAction::Withdrawn, 5),
        ];
        assert_eq!(
            ConsentState::derive(&history),
            ConsentState::Withdrawn { at: history[1].at }
        );
    }

    #[test]
    fn back_dated_event_does_not_override_a_newer_one() {
        // Withdrawal on the 5th recorded first; a paper form from the 2nd
        // entered later must not resurrect the consent.
        let history = [
            event(1, ConsentAction::Withdrawn, 5),
            event(2, ConsentAction::Given, 2),
        ];
        assert!(matches!(
            ConsentState::derive(&history),
            ConsentState::Withdrawn { .. }
        ));
    }

    #[test]
    fn refused_is_not_given() {
        let history = [event(1, ConsentAction::Refused, 3)];
        let state = ConsentState::derive(&history);
        assert!(!state.is_given());
        assert_eq!(state.key(), "refused");
    }
}
