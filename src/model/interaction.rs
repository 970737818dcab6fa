//! Something that happened between the company and a contact.

use serde::{Deserialize, Serialize};

use super::{ContactId, InteractionId, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum InteractionKind {
    Call,
    Email,
    Meeting,
    Order,
    Note,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 5] = [
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Meeting,
        InteractionKind::Order,
        InteractionKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Order => "order",
            InteractionKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<InteractionKind> {
        let s = s.trim().to_lowercase();
        let s = if s == "e-mail" {
            "email".to_string()
        } else {
            s
        };
        InteractionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub version: u32,
    pub contact_id: ContactId,
    pub kind: InteractionKind,
    /// When it happened (may be back-dated when logged later).
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
    /// User who logged it.
    pub by: String,
    /// Free text; personal data, so anonymisation blanks it.
    pub summary: String,
    #[serde(with = "crate::model::time::ts")]
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionDraft {
    pub contact_id: ContactId,
    pub kind: InteractionKind,
    /// `None` means "now".
    #[serde(with = "crate::model::time::opt_ts")]
    pub at: Option<Timestamp>,
    pub summary: String,
}
