//! Retention: the dashboard report, bulk actions, the sweep, anonymisation.

use chrono::Duration;

use serde::{Deserialize, Serialize};

use super::api::{BulkReport, RetentionBulk, RetentionReport, RetentionUpdating, SweepReport};
use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::records::{assessment, erasure, person, retention_index};
use super::{Result, ServiceError, Tx};
use crate::model::retention::{self, StateKey, SweepAction};
use crate::model::{
    AuditAction, ConsentState, Contact, ContactId, EntityKind, LegalHold, Purpose,
    RetentionExtension, ScheduledErasure, Timestamp,
};
use crate::model::{plausible, validate};
use crate::store::Reads;

/// The retention dashboard: counts per state and the contacts in one state
/// (all but "fine" when `state` is `None`), most urgent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetRetentionReport {
    pub as_of: Option<Timestamp>,
    pub state: Option<StateKey>,
    pub offset: usize,
    pub limit: usize,
}

impl Call for GetRetentionReport {
    type Answer = RetentionReport;
    fn permission(&self) -> Permission {
        Permission::ReadRetention
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Contact, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RetentionReport> {
        let as_of = self.as_of.unwrap_or(cx.now);
        plausible::as_of("as_of", as_of, cx.now)?;
        crate::failpoint::pause("retention-report");
        cx.service.retention_current(true)?;
        cx.read(|tx| retention_index::report(tx, as_of, self.state, self.offset, self.limit))
    }
}

/// How far the re-derivation of retention after a purpose change is. With
/// `work`, and no background worker in the serving process (a one-shot
/// command), one chunk of it is done first: `custos purpose edit` drives it
/// to the end this way, showing progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionUpdate {
    pub work: bool,
}

impl Call for RetentionUpdate {
    type Answer = RetentionUpdating;
    fn permission(&self) -> Permission {
        Permission::ReadRetention
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Purpose, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RetentionUpdating> {
        let background = cx.service.rederives_in_background();
        let left = if self.work && !background {
            cx.service.rederive_chunk()?
        } else {
            cx.read(retention_index::rederiving)?
        };
        Ok(RetentionUpdating { left, background })
    }
}

super::call::no_contacts!(RetentionUpdating);

/// One action on many contacts, in one transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionAction {
    pub ids: Vec<ContactId>,
    pub action: RetentionBulk,
}

impl Call for RetentionAction {
    type Answer = BulkReport;
    fn permission(&self) -> Permission {
        Permission::ManageRetention
    }
    fn intent(&self) -> Intent {
        let action = match self.action {
            RetentionBulk::Anonymise => AuditAction::Anonymise,
            RetentionBulk::Delete => AuditAction::Delete,
            RetentionBulk::ScheduleErasure { .. } => AuditAction::ScheduleErasure,
            RetentionBulk::CancelErasure => AuditAction::CancelErasure,
            RetentionBulk::Extend { .. } => AuditAction::ExtendRetention,
            RetentionBulk::LegalHoldOn { .. } => AuditAction::LegalHoldOn,
            RetentionBulk::LegalHoldOff => AuditAction::LegalHoldOff,
        };
        Intent::new(action, EntityKind::Contact, self.ids.clone())
    }
    fn handle(self, cx: &Context<'_>) -> Result<BulkReport> {
        cx.write(|tx| bulk(tx, self.ids, self.action))
    }
}

/// Carries out the erasures that are due (scheduled dates reached; expired
/// records where auto-erase is on). Idempotent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub as_of: Option<Timestamp>,
    pub dry_run: bool,
}

impl Call for Sweep {
    type Answer = SweepReport;
    fn permission(&self) -> Permission {
        Permission::ManageRetention
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Sweep, EntityKind::Contact, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<SweepReport> {
        let as_of = self.as_of.unwrap_or(cx.now);
        plausible::as_of("as_of", as_of, cx.now)?;
        // Never on standings read under a purpose's old rule: what is
        // pending is done first, in chunks; a rule changed meanwhile is
        // caught up within the sweep's own transaction (or snapshot).
        cx.service.retention_current(false)?;
        if self.dry_run {
            loop {
                let report = cx.read(|tx| match retention_index::rederiving(tx)? {
                    Some(_) => Ok(None),
                    None => dry_run(tx, as_of).map(Some),
                })?;
                match report {
                    Some(report) => return Ok(report),
                    None => cx.service.retention_current(false)?,
                }
            }
        }
        if as_of > cx.now + Duration::minutes(1) {
            return Err(ServiceError::invalid(
                "as_of",
                "the sweep erases for real: it cannot run as of a future date (use --dry-run)",
            ));
        }
        // In chunks, each its own durable transaction with its own audit
        // entry, so colleagues' writes go on between them instead of
        // waiting for tens of thousands of erasures (twenty seconds at a
        // million contacts), and a crash loses one chunk at most (the next
        // sweep does it). Each chunk assesses its contacts afresh: a
        // contact changed since the candidates were read is judged as it
        // is now; one newly due meanwhile waits for the next sweep.
        let candidates = cx.read(|tx| retention_index::sweep_candidates(tx, as_of))?;
        let mut report = split(as_of, false, Vec::new());
        let chunks: Vec<&[u64]> = candidates.chunks(cx.service.sweep_chunk()).collect();
        for (n, ids) in chunks.iter().enumerate() {
            if n > 0 {
                crate::failpoint::pause("between-sweep-chunks");
                cx.service.let_writers_go();
            }
            let part = cx.write(|tx| {
                while retention_index::rederive_chunk(tx.tx, usize::MAX)?.is_some() {}
                sweep(tx, as_of, ids)
            })?;
            report.anonymised.extend(part.anonymised);
            report.deleted.extend(part.deleted);
        }
        Ok(report)
    }
}

impl Answer for RetentionReport {
    /// Rows carry summaries, without special-category values.
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.rows.iter().map(|r| r.summary.id).collect()
    }
}

super::call::no_contacts!(BulkReport, SweepReport);

fn required_reason(reason: &str) -> Result<String> {
    let reason = reason.trim().to_string();
    validate::required("reason", &reason)?;
    validate::max_len("reason", &reason, validate::MAX_SHORT)?;
    Ok(reason)
}

pub(super) fn bulk(tx: &mut Tx<'_>, ids: Vec<u64>, action: RetentionBulk) -> Result<BulkReport> {
    let now = tx.now;
    let by = tx.actor.name.clone();
    let mut report = BulkReport {
        action: action.describe().to_string(),
        ..BulkReport::default()
    };
    // Checks that do not depend on the contact come first, so a bad form
    // fails as a whole.
    let action = match action {
        RetentionBulk::ScheduleErasure {
            due,
            delete,
            reason,
        } => {
            // A date that has come would erase at once, unasked.
            plausible::planned("due", due, now)?;
            RetentionBulk::ScheduleErasure {
                due,
                delete,
                reason: required_reason(&reason)?,
            }
        }
        RetentionBulk::Extend { until, reason } => {
            plausible::planned("until", until, now)?;
            RetentionBulk::Extend {
                until,
                reason: required_reason(&reason)?,
            }
        }
        RetentionBulk::LegalHoldOn { reason } => RetentionBulk::LegalHoldOn {
            reason: required_reason(&reason)?,
        },
        other => other,
    };
    let mut ids = ids;
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let Some(mut contact) = tx.tx.get::<Contact>(id)? else {
            report.skipped.push((id, "not found".into()));
            continue;
        };
        let skip = |why: &str| Some(why.to_string());
        let blocked = match &action {
            RetentionBulk::Anonymise | RetentionBulk::Delete if contact.legal_hold.is_some() => {
                skip("on legal hold")
            }
            RetentionBulk::Anonymise if contact.is_anonymised() => skip("already anonymised"),
            RetentionBulk::ScheduleErasure { .. }
            | RetentionBulk::Extend { .. }
            | RetentionBulk::LegalHoldOn { .. }
                if contact.is_anonymised() =>
            {
                skip("anonymised")
            }
            RetentionBulk::CancelErasure if contact.erasure.is_none() => {
                skip("no erasure scheduled")
            }
            RetentionBulk::LegalHoldOff if contact.legal_hold.is_none() => skip("not on hold"),
            _ => None,
        };
        if let Some(why) = blocked {
            report.skipped.push((id, why));
            continue;
        }
        match &action {
            RetentionBulk::Anonymise => erasure::anonymise(tx, id)?,
            RetentionBulk::Delete => erasure::erase(tx, id)?,
            other => {
                match other {
                    RetentionBulk::ScheduleErasure {
                        due,
                        delete,
                        reason,
                    } => {
                        contact.erasure = Some(ScheduledErasure {
                            due: *due,
                            delete: *delete,
                            reason: reason.clone(),
                            by: by.clone(),
                            scheduled_at: now,
                        })
                    }
                    RetentionBulk::CancelErasure => contact.erasure = None,
                    RetentionBulk::Extend { until, reason } => {
                        contact.retention_extension = Some(RetentionExtension {
                            until: *until,
                            reason: reason.clone(),
                            by: by.clone(),
                            at: now,
                        })
                    }
                    RetentionBulk::LegalHoldOn { reason } => {
                        contact.legal_hold = Some(LegalHold {
                            reason: reason.clone(),
                            since: now,
                            by: by.clone(),
                        })
                    }
                    RetentionBulk::LegalHoldOff => contact.legal_hold = None,
                    RetentionBulk::Anonymise | RetentionBulk::Delete => {}
                }
                contact.version += 1;
                contact.updated_at = now;
                tx.tx.put(&contact)?;
                tx.reindex(&contact)?;
            }
        }
        report.done.push(id);
    }
    let (audit_action, kind) = match &action {
        RetentionBulk::Anonymise => (AuditAction::Anonymise, EntityKind::Contact),
        RetentionBulk::Delete => (AuditAction::Delete, EntityKind::Contact),
        RetentionBulk::ScheduleErasure { .. } => {
            (AuditAction::ScheduleErasure, EntityKind::Contact)
        }
        RetentionBulk::CancelErasure => (AuditAction::CancelErasure, EntityKind::Contact),
        RetentionBulk::Extend { .. } => (AuditAction::ExtendRetention, EntityKind::Contact),
        RetentionBulk::LegalHoldOn { .. } => (AuditAction::LegalHoldOn, EntityKind::Contact),
        RetentionBulk::LegalHoldOff => (AuditAction::LegalHoldOff, EntityKind::Contact),
    };
    if !report.done.is_empty() {
        tx.audit(
            audit_action,
            kind,
            report.done.clone(),
            vec![],
            format!(
                "{} done, {} skipped",
                report.done.len(),
                report.skipped.len()
            ),
        );
    }
    Ok(report)
}

/// What the sweep would erase at `as_of` among `candidates` (in id order,
/// from `retention_index::sweep_candidates`: a scheduled date or every
/// period reached), each assessed in full.
fn due(tx: &impl Reads, as_of: Timestamp, candidates: &[u64]) -> Result<Vec<(u64, SweepAction)>> {
    let purposes = assessment::purposes(tx)?;
    let zone = super::zone(tx)?;
    let auto_all = tx.settings()?.auto_erase_expired;
    let mut out = Vec::new();
    for &id in candidates {
        let Some(c) = tx.get::<Contact>(id)? else {
            continue;
        };
        let s = assessment::states_of(&person::consent_histories(tx, id)?);
        let pairs: Vec<(&Purpose, ConsentState)> = s
            .iter()
            .filter_map(|(id, state)| purposes.get(id).map(|p| (p, *state)))
            .collect();
        let a = retention::assess(&c, &pairs, as_of, &zone);
        if let Some(action) = retention::sweep_due(&c, &a, &pairs, auto_all, as_of) {
            out.push((c.id, action));
        }
    }
    Ok(out)
}

pub(super) fn dry_run(tx: &impl Reads, as_of: Timestamp) -> Result<SweepReport> {
    let due = due(tx, as_of, &retention_index::sweep_candidates(tx, as_of)?)?;
    Ok(split(as_of, true, due))
}

fn split(as_of: Timestamp, dry_run: bool, due: Vec<(u64, SweepAction)>) -> SweepReport {
    let (anonymise, delete): (Vec<_>, Vec<_>) = due
        .into_iter()
        .partition(|(_, a)| *a == SweepAction::Anonymise);
    SweepReport {
        as_of,
        dry_run,
        anonymised: anonymise.into_iter().map(|(id, _)| id).collect(),
        deleted: delete.into_iter().map(|(id, _)| id).collect(),
    }
}

/// Erases what is due among `candidates`: one chunk of the sweep.
fn sweep(tx: &mut Tx<'_>, as_of: Timestamp, candidates: &[u64]) -> Result<SweepReport> {
    let due = due(&*tx.tx, as_of, candidates)?;
    for (id, action) in &due {
        match action {
            SweepAction::Anonymise => erasure::anonymise(tx, *id)?,
            SweepAction::Delete => erasure::erase(tx, *id)?,
        }
    }
    let report = split(as_of, false, due);
    if !report.anonymised.is_empty() || !report.deleted.is_empty() {
        tx.audit(
            AuditAction::Sweep,
            EntityKind::Contact,
            report
                .anonymised
                .iter()
                .chain(&report.deleted)
                .copied()
                .collect(),
            vec![],
            format!(
                "anonymised {}, deleted {}",
                report.anonymised.len(),
                report.deleted.len()
            ),
        );
    }
    Ok(report)
}
