//! The audit trail (Art. 5(2) accountability): who did what to which record,
//! when. Entries hold ids, field names and actions, never personal values, so
//! erasing a person leaves nothing of them here. Each entry carries the hash
//! of the previous one, so any edit or removal breaks the chain.

use serde::{Deserialize, Serialize};

use super::{EntityKind, Role, Timestamp};

/// Appending a variant is compatible with stored data; reordering is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    Import,
    Anonymise,
    ScheduleErasure,
    CancelErasure,
    LegalHoldOn,
    LegalHoldOff,
    ExtendRetention,
    Restrict,
    LiftRestriction,
    RecordConsent,
    Archive,
    Export,
    FreezeList,
    MarkNotified,
    SendLetters,
    Sweep,
    SetRole,
    ChangeSettings,
    Vacuum,
    ViewAudit,
    Object,
    RecordSpecial,
    Read,
}

impl AuditAction {
    pub fn key(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Import => "import",
            AuditAction::Anonymise => "anonymise",
            AuditAction::ScheduleErasure => "schedule-erasure",
            AuditAction::CancelErasure => "cancel-erasure",
            AuditAction::LegalHoldOn => "legal-hold-on",
            AuditAction::LegalHoldOff => "legal-hold-off",
            AuditAction::ExtendRetention => "extend-retention",
            AuditAction::Restrict => "restrict",
            AuditAction::LiftRestriction => "lift-restriction",
            AuditAction::RecordConsent => "record-consent",
            AuditAction::Archive => "archive",
            AuditAction::Export => "export",
            AuditAction::FreezeList => "freeze-list",
            AuditAction::MarkNotified => "mark-notified",
            AuditAction::SendLetters => "send-letters",
            AuditAction::Sweep => "sweep",
            AuditAction::SetRole => "set-role",
            AuditAction::ChangeSettings => "change-settings",
            AuditAction::Vacuum => "vacuum",
            AuditAction::ViewAudit => "view-audit",
            AuditAction::Object => "object",
            AuditAction::RecordSpecial => "record-special",
            AuditAction::Read => "read",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditOutcome {
    Done,
    /// Refused by the role check; holds the permission that was missing.
    Denied {
        permission: String,
    },
}

/// What an audit entry says, before it is sealed into the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub actor: String,
    pub role: Role,
    pub action: AuditAction,
    pub kind: EntityKind,
    /// Ids of the records touched (one for most actions, many for bulk ones).
    pub targets: Vec<u64>,
    /// Names of fields changed; never their values.
    pub fields: Vec<String>,
    pub outcome: AuditOutcome,
    /// Non-personal detail: counts, enum names, ids.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    #[serde(with = "crate::model::time::ts")]
    pub at: Timestamp,
    pub record: AuditRecord,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

impl AuditEntry {
    pub fn seal(seq: u64, at: Timestamp, record: AuditRecord, prev_hash: [u8; 32]) -> AuditEntry {
        let mut entry = AuditEntry {
            seq,
            at,
            record,
            prev_hash,
            hash: [0; 32],
        };
        entry.hash = entry.compute_hash();
        entry
    }

    /// blake3 over a canonical encoding of everything but the hash itself.
    pub fn compute_hash(&self) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"custos-audit-v1");
        hasher.update(&self.seq.to_le_bytes());
        hasher.update(self.at.to_rfc3339().as_bytes());
        let record = bincode::serde::encode_to_vec(&self.record, bincode::config::standard())
            .unwrap_or_default();
        hasher.update(&(record.len() as u64).to_le_bytes());
        hasher.update(&record);
        hasher.update(&self.prev_hash);
        *hasher.finalize().as_bytes()
    }

    pub fn hash_hex(&self) -> String {
        hex(&self.hash)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainVerdict {
    Intact {
        entries: u64,
    },
    /// The first entry whose stored hash or link does not match.
    Broken {
        seq: u64,
        reason: String,
    },
}

/// Checks entries one at a time in sequence order, so a long log can be
/// verified while streaming it from the store.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    prev: [u8; 32],
    expected_seq: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            prev: [0; 32],
            expected_seq: 1,
        }
    }
}

impl ChainVerifier {
    /// `Err` names the reason the entry breaks the chain.
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), String> {
        if entry.seq != self.expected_seq {
            return Err(format!(
                "expected entry {}, found {} (an entry was removed or inserted)",
                self.expected_seq, entry.seq
            ));
        }
        if entry.prev_hash != self.prev {
            return Err("does not link to the previous entry".to_string());
        }
        if entry.compute_hash() != entry.hash {
            return Err("content does not match its hash (the entry was edited)".to_string());
        }
        self.prev = entry.hash;
        self.expected_seq += 1;
        Ok(())
    }

    pub fn checked(&self) -> u64 {
        self.expected_seq - 1
    }
}

/// Walks entries in sequence order and reports the first break.
pub fn verify_chain<'a>(entries: impl IntoIterator<Item = &'a AuditEntry>) -> ChainVerdict {
    let mut verifier = ChainVerifier::default();
    for entry in entries {
        if let Err(reason) = verifier.check(entry) {
            return ChainVerdict::Broken {
                seq: entry.seq,
                reason,
            };
        }
    }
    ChainVerdict::Intact {
        entries: verifier.checked(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn chain(n: u64) -> Vec<AuditEntry> {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let mut prev = [0; 32];
        (1..=n)
            .map(|seq| {
                let record = AuditRecord {
                    actor: "anna".into(),
                    role: Role::Admin,
                    action: AuditAction::Update,
                    kind: EntityKind::Contact,
                    targets: vec![seq],
                    fields: vec!["notes".into()],
                    outcome: AuditOutcome::Done,
                    detail: String::new(),
                };
                let entry = AuditEntry::seal(seq, at, record, prev);
                prev = entry.hash;
                entry
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), ChainVerdict::Intact { entries: 5 });
    }

    #[test]
    fn edited_entry_is_reported() {
        let mut entries = chain(5);
        entries[2].record.fields = vec!["emails".into()];
        assert!(matches!(
            verify_chain(&entries),
            ChainVerdict::Broken { seq: 3, .. }
        ));
    }

    #[test]
    fn removed_entry_is_reported() {
        let mut entries = chain(5);
        entries.remove(1);
        assert!(matches!(
            verify_chain(&entries),
            ChainVerdict::Broken { seq: 3, .. }
        ));
    }

    #[test]
    fn rehashed_edit_breaks_the_link_to_the_next_entry() {
        let mut entries = chain(5);
        entries[2].record.targets = vec![99];
        entries[2].hash = entries[2].compute_hash();
        assert!(matches!(
            verify_chain(&entries),
            ChainVerdict::Broken { seq: 4, .. }
        ));
    }
}
