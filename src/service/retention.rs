//! Retention: the dashboard report, bulk actions, the sweep, anonymisation.

use std::collections::HashMap;

use chrono::Duration;

use super::api::{BulkReport, Response, RetentionBulk, RetentionReport, RetentionRow, SweepReport};
use super::contacts;
use super::{Result, ServiceError, Tx, summary_of};
use crate::model::erasure;
use crate::model::retention::{self, Assessment, RetentionState, StateKey, SweepAction};
use crate::model::when::Zone;
use crate::model::{
    AuditAction, ConsentEvent, ConsentState, Contact, EntityKind, Interaction, LegalHold, Purpose,
    RetentionExtension, ScheduledErasure, SubjectRequest, Timestamp,
};
use crate::model::{plausible, validate};
use crate::store::{Link, Reads};

pub(super) fn purposes(tx: &impl Reads) -> Result<HashMap<u64, Purpose>> {
    Ok(tx
        .all::<Purpose>()?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// The consent state of every (contact, purpose) pair, from one pass over
/// the consent history.
fn all_states(tx: &impl Reads) -> Result<HashMap<u64, Vec<(u64, ConsentState)>>> {
    let mut latest: HashMap<(u64, u64), (Timestamp, u64, ConsentState)> = HashMap::new();
    tx.scan::<ConsentEvent>(|e| {
        let key = (e.contact_id, e.purpose_id);
        let rank = (e.at, e.id);
        if latest.get(&key).is_none_or(|(at, id, _)| rank > (*at, *id)) {
            latest.insert(key, (e.at, e.id, ConsentState::derive([&e])));
        }
        true
    })?;
    let mut out: HashMap<u64, Vec<(u64, ConsentState)>> = HashMap::new();
    for ((contact, purpose), (_, _, state)) in latest {
        out.entry(contact).or_default().push((purpose, state));
    }
    Ok(out)
}

/// The consent state per purpose of one contact.
pub(super) fn states_of(
    histories: &std::collections::BTreeMap<u64, Vec<ConsentEvent>>,
) -> Vec<(u64, ConsentState)> {
    histories
        .iter()
        .map(|(purpose, events)| (*purpose, ConsentState::derive(events)))
        .collect()
}

pub(super) fn assess(
    contact: &Contact,
    states: &[(u64, ConsentState)],
    purposes: &HashMap<u64, Purpose>,
    now: Timestamp,
    zone: &Zone,
) -> Assessment {
    let pairs: Vec<(&Purpose, ConsentState)> = states
        .iter()
        .filter_map(|(id, state)| purposes.get(id).map(|p| (p, *state)))
        .collect();
    retention::assess(contact, &pairs, now, zone)
}

/// Where a row sorts within its state: most urgent first.
fn urgency(contact: &Contact, a: &Assessment) -> (StateKey, i64, u64) {
    let t = |t: Timestamp| t.timestamp();
    let within = match &a.state {
        RetentionState::NoLegalBasis => t(contact.created_at),
        RetentionState::Expired { since } => t(*since),
        RetentionState::ExpiringSoon { until } | RetentionState::ExpiringLater { until } => {
            t(*until)
        }
        RetentionState::ErasureScheduled { due } => t(*due),
        RetentionState::LegalHold { .. } => contact.legal_hold.as_ref().map_or(0, |h| t(h.since)),
        RetentionState::Fine { until } => until.map_or(i64::MAX, t),
        RetentionState::Anonymised => 0,
    };
    (a.state.key(), within, contact.id)
}

/// One contact's line in the report, kept light (no summary) so the whole
/// database fits in the service's cache.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    order: (StateKey, i64, u64),
    state: RetentionState,
    keep_until: Option<Timestamp>,
    reason: String,
}

/// The assessment of every contact at `as_of`, in report order.
#[derive(Debug)]
pub(super) struct Assessed {
    pub counts: HashMap<StateKey, u64>,
    entries: Vec<Entry>,
}

pub(super) fn assess_all(tx: &impl Reads, as_of: Timestamp) -> Result<Assessed> {
    let purposes = purposes(tx)?;
    let zone = super::zone(tx)?;
    let mut states = all_states(tx)?;
    let mut counts: HashMap<StateKey, u64> = HashMap::new();
    let mut entries = Vec::new();
    tx.scan::<Contact>(|c| {
        let s = states.remove(&c.id).unwrap_or_default();
        let a = assess(&c, &s, &purposes, as_of, &zone);
        *counts.entry(a.state.key()).or_default() += 1;
        entries.push(Entry {
            order: urgency(&c, &a),
            state: a.state,
            keep_until: a.keep_until,
            reason: a.reason,
        });
        true
    })?;
    entries.sort_by_key(|e| e.order);
    Ok(Assessed { counts, entries })
}

/// A page of the report from an assessment.
pub(super) fn report(
    tx: &impl Reads,
    assessed: &Assessed,
    as_of: Timestamp,
    wanted: Option<StateKey>,
    offset: usize,
    limit: usize,
) -> Result<Response> {
    let listed = |e: &&Entry| match wanted {
        Some(w) => w == e.order.0,
        None => !matches!(e.order.0, StateKey::Fine | StateKey::Anonymised),
    };
    let total = assessed.entries.iter().filter(listed).count();
    let mut page = Vec::new();
    for e in assessed
        .entries
        .iter()
        .filter(listed)
        .skip(offset)
        .take(limit)
    {
        if let Some(contact) = tx.get::<Contact>(e.order.2)? {
            page.push(RetentionRow {
                summary: summary_of(tx, &contact)?,
                state: e.state.clone(),
                keep_until: e.keep_until,
                reason: e.reason.clone(),
            });
        }
    }
    Ok(Response::Retention(RetentionReport {
        as_of,
        counts: StateKey::ALL
            .iter()
            .map(|k| (*k, assessed.counts.get(k).copied().unwrap_or(0)))
            .collect(),
        total,
        rows: page,
    }))
}

/// Anonymises one contact and every free text about them.
pub(crate) fn anonymise(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    let mut contact = contacts::load(&*tx.tx, id)?;
    if contact.is_anonymised() {
        return Ok(());
    }
    contacts::refuse_if_held(&contact)?;
    let region = contacts::phone_region(&*tx.tx)?;
    let old_keys = contacts::keys_of(&contact, region);
    erasure::anonymise_contact(&mut contact, tx.now);
    tx.tx.set_contact_keys(id, &old_keys, &[])?;
    tx.tx.put(&contact)?;
    for interaction_id in tx.tx.links(Link::CONTACT_INTERACTIONS, id)? {
        if let Some(mut i) = tx.tx.get::<Interaction>(interaction_id)? {
            erasure::anonymise_interaction(&mut i);
            tx.tx.put(&i)?;
        }
    }
    for event_id in tx.tx.links(Link::CONTACT_CONSENTS, id)? {
        if let Some(mut e) = tx.tx.get::<ConsentEvent>(event_id)? {
            erasure::anonymise_consent_event(&mut e);
            tx.tx.put(&e)?;
        }
    }
    for incident in tx.tx.links(Link::NOTIFIED_CONTACTS, id)? {
        if let Some(mut entry) = tx.tx.notification_entry(incident, id)? {
            erasure::anonymise_notification(&mut entry);
            tx.tx.put_notification_entry(&entry)?;
        }
    }
    for request_id in tx.tx.links(Link::CONTACT_REQUESTS, id)? {
        if let Some(mut request) = tx.tx.get::<SubjectRequest>(request_id)? {
            erasure::anonymise_request(&mut request);
            tx.tx.put(&request)?;
        }
    }
    tx.reindex(&contact)?;
    Ok(())
}

fn required_reason(reason: &str) -> Result<String> {
    let reason = reason.trim().to_string();
    validate::required("reason", &reason)?;
    validate::max_len("reason", &reason, validate::MAX_SHORT)?;
    Ok(reason)
}

pub(super) fn bulk(tx: &mut Tx<'_>, ids: Vec<u64>, action: RetentionBulk) -> Result<Response> {
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
            RetentionBulk::Anonymise => anonymise(tx, id)?,
            RetentionBulk::Delete => contacts::erase(tx, id)?,
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
    Ok(Response::Bulk(report))
}

/// What the sweep would erase at `as_of`.
fn due(tx: &impl Reads, as_of: Timestamp) -> Result<Vec<(u64, SweepAction)>> {
    let purposes = purposes(tx)?;
    let zone = super::zone(tx)?;
    let auto_all = tx.settings()?.auto_erase_expired;
    let mut states = all_states(tx)?;
    let mut out = Vec::new();
    tx.scan::<Contact>(|c| {
        let s = states.remove(&c.id).unwrap_or_default();
        let pairs: Vec<(&Purpose, ConsentState)> = s
            .iter()
            .filter_map(|(id, state)| purposes.get(id).map(|p| (p, *state)))
            .collect();
        let a = retention::assess(&c, &pairs, as_of, &zone);
        if let Some(action) = retention::sweep_due(&c, &a, &pairs, auto_all, as_of) {
            out.push((c.id, action));
        }
        true
    })?;
    Ok(out)
}

pub(super) fn dry_run(tx: &impl Reads, as_of: Timestamp) -> Result<Response> {
    let due = due(tx, as_of)?;
    Ok(Response::Swept(split(as_of, true, due)))
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

pub(super) fn sweep(tx: &mut Tx<'_>, as_of: Timestamp) -> Result<Response> {
    if as_of > tx.now + Duration::minutes(1) {
        return Err(ServiceError::invalid(
            "as_of",
            "the sweep erases for real: it cannot run as of a future date (use --dry-run)",
        ));
    }
    let due = due(&*tx.tx, as_of)?;
    for (id, action) in &due {
        match action {
            SweepAction::Anonymise => anonymise(tx, *id)?,
            SweepAction::Delete => contacts::erase(tx, *id)?,
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
    Ok(Response::Swept(report))
}
