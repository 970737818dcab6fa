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

impl AuditRecord {
    /// The records it touched, for a table cell: up to three as `#id`
    /// joined by `separator`, more as a count.
    pub fn targets_summary(&self, separator: &str) -> String {
        match self.targets.len() {
            0 => String::new(),
            1..=3 => self
                .targets
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(separator),
            n => format!("{n} records"),
        }
    }
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

/// How an entry's hash was computed. The rule is chosen by the entry's
/// sequence number (the file records where the current rule starts), never
/// by trying rules until one fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealRule {
    /// custos 0.1: blake3 over the time written as RFC 3339 text at the
    /// precision the clock gave (nanoseconds), while the file keeps
    /// microseconds. An entry sealed on the real clock can only be re-proven
    /// by trying the 1 000 sub-microsecond values the file dropped.
    Legacy,
    /// blake3 over exactly the bytes stored for the entry (its bincode
    /// encoding without the hash), so what is stored is what was hashed.
    Stored,
}

/// Sub-microsecond values a legacy entry's time may have had.
const LOST_NANOS: u32 = 1_000;

impl AuditEntry {
    /// Seals `record` under the current rule. `at` is cut to the stored
    /// precision first, so the entry verifies after any round trip.
    pub fn seal(seq: u64, at: Timestamp, record: AuditRecord, prev_hash: [u8; 32]) -> AuditEntry {
        let mut entry = AuditEntry {
            seq,
            at: crate::model::time::at_storage_precision(at),
            record,
            prev_hash,
            hash: [0; 32],
        };
        entry.hash = entry.stored_hash();
        entry
    }

    /// The hash under the current rule: the domain, then the entry's fields
    /// encoded exactly as the store encodes them (bincode, standard
    /// configuration, the instant as microseconds).
    pub fn stored_hash(&self) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"custos-audit-v2");
        let fields = (
            self.seq,
            self.at.timestamp_micros(),
            &self.record,
            &self.prev_hash,
        );
        let bytes =
            bincode::serde::encode_to_vec(fields, bincode::config::standard()).unwrap_or_default();
        hasher.update(&bytes);
        *hasher.finalize().as_bytes()
    }

    /// The hash under the legacy rule, for the instant `at` (which may carry
    /// nanoseconds the stored entry no longer has).
    fn legacy_hash(&self, at: Timestamp) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"custos-audit-v1");
        hasher.update(&self.seq.to_le_bytes());
        hasher.update(at.to_rfc3339().as_bytes());
        let record = bincode::serde::encode_to_vec(&self.record, bincode::config::standard())
            .unwrap_or_default();
        hasher.update(&(record.len() as u64).to_le_bytes());
        hasher.update(&record);
        hasher.update(&self.prev_hash);
        *hasher.finalize().as_bytes()
    }

    /// Whether the content matches the hash under `rule`. For a legacy
    /// entry, every sub-microsecond value the file dropped is tried: a match
    /// proves the content as sealed (finding one by chance for edited content
    /// would take a blake3 collision).
    pub fn content_matches(&self, rule: SealRule) -> bool {
        match rule {
            SealRule::Stored => self.stored_hash() == self.hash,
            SealRule::Legacy => (0..LOST_NANOS).any(|nanos| {
                let at = self.at + chrono::Duration::nanoseconds(i64::from(nanos));
                self.legacy_hash(at) == self.hash
            }),
        }
    }

    /// Seals under the legacy rule at full precision, as custos 0.1 did:
    /// for tests of files written before the current rule.
    #[doc(hidden)]
    pub fn seal_legacy(
        seq: u64,
        at: Timestamp,
        record: AuditRecord,
        prev_hash: [u8; 32],
    ) -> AuditEntry {
        let mut entry = AuditEntry {
            seq,
            at,
            record,
            prev_hash,
            hash: [0; 32],
        };
        entry.hash = entry.legacy_hash(at);
        entry.at = crate::model::time::at_storage_precision(at);
        entry
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

/// Entries sealed under the legacy rule, re-proven one by one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacySeals {
    /// Entries `1..=last` were sealed under the legacy rule (0: none).
    pub last: u64,
}

/// Checks entries one at a time in sequence order, so a long log can be
/// verified while streaming it from the store.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    prev: [u8; 32],
    expected_seq: u64,
    /// The first entry sealed under the current rule.
    stored_from: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier::new(1)
    }
}

impl ChainVerifier {
    /// `stored_from`: the sequence number of the first entry sealed under
    /// the current rule; earlier ones were sealed under the legacy rule.
    pub fn new(stored_from: u64) -> ChainVerifier {
        ChainVerifier {
            prev: [0; 32],
            expected_seq: 1,
            stored_from: stored_from.max(1),
        }
    }

    pub fn rule(&self, seq: u64) -> SealRule {
        if seq < self.stored_from {
            SealRule::Legacy
        } else {
            SealRule::Stored
        }
    }

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
        match self.rule(entry.seq) {
            SealRule::Stored if !entry.content_matches(SealRule::Stored) => {
                return Err("content does not match its hash (the entry was edited)".to_string());
            }
            SealRule::Legacy if !entry.content_matches(SealRule::Legacy) => {
                return Err(format!(
                    "content does not match its hash under the rule it was sealed with \
                     (custos 0.1, before entry {}), for any of the {LOST_NANOS} possible \
                     sub-microsecond times: the entry was edited",
                    self.stored_from
                ));
            }
            _ => {}
        }
        self.prev = entry.hash;
        self.expected_seq += 1;
        Ok(())
    }

    pub fn checked(&self) -> u64 {
        self.expected_seq - 1
    }

    /// The legacy entries among those checked so far.
    pub fn legacy(&self) -> LegacySeals {
        LegacySeals {
            last: self.checked().min(self.stored_from - 1),
        }
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
        entries[2].hash = entries[2].stored_hash();
        assert!(matches!(
            verify_chain(&entries),
            ChainVerdict::Broken { seq: 4, .. }
        ));
    }
}
