//! Reading and verifying the audit chain.

use super::Result;
use super::api::{AuditPage, AuditVerification, Response};
use crate::model::AuditEntry;
use crate::model::audit::{ChainVerdict, ChainVerifier};
use crate::store::Reads;

pub(super) fn list(tx: &impl Reads, before: Option<u64>, limit: usize) -> Result<Response> {
    let total = tx.count::<AuditEntry>()?;
    let entries = tx.page_rev::<AuditEntry>(before, limit.min(10_000))?;
    Ok(Response::Audit(AuditPage { total, entries }))
}

/// Walks the whole chain in order, and checks the stored head against the
/// last entry so that cutting entries off the end is detected too. An entry
/// that cannot even be decoded breaks the chain there.
pub(super) fn verify(tx: &impl Reads) -> Result<Response> {
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
    Ok(Response::AuditVerification(AuditVerification {
        verdict,
        head_matches,
        legacy: verifier.legacy(),
    }))
}

/// For checking a copy (a backup before it gets its name): `Err` says why
/// its audit trail is not intact.
pub(super) fn intact(tx: &crate::store::ReadTx) -> std::result::Result<(), String> {
    match verify(tx) {
        Ok(Response::AuditVerification(v)) => match v.summary() {
            (true, _) => Ok(()),
            (false, why) => Err(why),
        },
        Ok(_) => Err("unexpected verification".to_string()),
        Err(e) => Err(e.to_string()),
    }
}
