//! Reading and verifying the audit chain.

use serde::{Deserialize, Serialize};

use super::Result;
use super::api::{AuditPage, AuditVerification};
use super::auth::Permission;
use super::call::{Call, Context, Intent};
use crate::model::audit::{ChainVerdict, ChainVerifier};
use crate::model::{AuditAction, AuditEntry, EntityKind};
use crate::store::Reads;

/// Audit entries, newest first, starting below `before` (exclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListAudit {
    pub before: Option<u64>,
    pub limit: usize,
}

impl Call for ListAudit {
    type Answer = AuditPage;
    fn permission(&self) -> Permission {
        Permission::ReadAudit
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::ViewAudit, EntityKind::Audit, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<AuditPage> {
        cx.read(|tx| list(tx, self.before, self.limit))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyAudit;

impl Call for VerifyAudit {
    type Answer = AuditVerification;
    fn permission(&self) -> Permission {
        Permission::ReadAudit
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::ViewAudit, EntityKind::Audit, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<AuditVerification> {
        cx.read(verify)
    }
}

super::call::no_contacts!(AuditPage, AuditVerification);

pub(super) fn list(tx: &impl Reads, before: Option<u64>, limit: usize) -> Result<AuditPage> {
    let total = tx.count::<AuditEntry>()?;
    let entries = tx.page_rev::<AuditEntry>(before, limit.min(10_000))?;
    Ok(AuditPage { total, entries })
}

/// Walks the whole chain in order, and checks the stored head against the
/// last entry so that cutting entries off the end is detected too. An entry
/// that cannot even be decoded breaks the chain there.
pub(super) fn verify(tx: &impl Reads) -> Result<AuditVerification> {
    let mut verifier = ChainVerifier::new(tx.audit_stored_seal_from()?);
    let mut broken = None;
    let mut last = None;
    tx.scan_each::<AuditEntry>(|seq, entry| {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                broken = Some(ChainVerdict::Broken {
                    seq,
                    reason: format!("cannot be read ({e})"),
                });
                return false;
            }
        };
        if let Err(reason) = verifier.check(&entry) {
            broken = Some(ChainVerdict::Broken {
                seq: entry.seq,
                reason,
            });
            return false;
        }
        last = Some((entry.seq, entry.hash));
        true
    })?;
    let (head_seq, head_hash) = tx.audit_head()?;
    let head_matches = match last {
        Some((seq, hash)) => seq == head_seq && hash == head_hash,
        None => head_seq == 0,
    };
    let verdict = broken.unwrap_or(ChainVerdict::Intact {
        entries: verifier.checked(),
    });
    Ok(AuditVerification {
        verdict,
        head_matches,
        legacy: verifier.legacy(),
    })
}

/// For checking a copy (a backup before it gets its name): `Err` says why
/// its audit trail is not intact.
pub(super) fn intact(tx: &crate::store::ReadTx) -> std::result::Result<(), String> {
    match verify(tx) {
        Ok(v) => match v.summary() {
            (true, _) => Ok(()),
            (false, why) => Err(why),
        },
        Err(e) => Err(e.to_string()),
    }
}
