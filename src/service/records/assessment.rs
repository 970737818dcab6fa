//! The retention assessment of contacts: per contact from their consent
//! states and the purposes, and of the whole database at once for the
//! dashboard and the sweep.

use std::collections::HashMap;

use crate::model::retention::{self, Assessment, RetentionState, StateKey};
use crate::model::when::Zone;
use crate::model::{ConsentEvent, ConsentState, Contact, Purpose, Timestamp};
use crate::service::api::{RetentionReport, RetentionRow};
use crate::service::{Result, summary_of, zone};
use crate::store::Reads;

pub(in crate::service) fn purposes(tx: &impl Reads) -> Result<HashMap<u64, Purpose>> {
    Ok(tx
        .all::<Purpose>()?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// The consent state of every (contact, purpose) pair, from one pass over
/// the consent history.
pub(in crate::service) fn all_states(
    tx: &impl Reads,
) -> Result<HashMap<u64, Vec<(u64, ConsentState)>>> {
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
    // In purpose order, as `states_of` gives them: the reason names the
    // first purpose among equals, and must not change from run to run.
    for states in out.values_mut() {
        states.sort_unstable_by_key(|(purpose, _)| *purpose);
    }
    Ok(out)
}

/// The consent state per purpose of one contact.
pub(in crate::service) fn states_of(
    histories: &std::collections::BTreeMap<u64, Vec<ConsentEvent>>,
) -> Vec<(u64, ConsentState)> {
    histories
        .iter()
        .map(|(purpose, events)| (*purpose, ConsentState::derive(events)))
        .collect()
}

pub(in crate::service) fn assess(
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

/// Where a row sorts within its state: most urgent first (to the
/// microsecond, as the retention index orders them).
pub(in crate::service) fn urgency(contact: &Contact, a: &Assessment) -> (StateKey, i64, u64) {
    let t = |t: Timestamp| t.timestamp_micros();
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
pub(in crate::service) struct Entry {
    order: (StateKey, i64, u64),
    state: RetentionState,
    keep_until: Option<Timestamp>,
    reason: String,
}

/// The assessment of every contact at `as_of`, in report order.
#[derive(Debug)]
pub(in crate::service) struct Assessed {
    pub counts: HashMap<StateKey, u64>,
    entries: Vec<Entry>,
}

pub(in crate::service) fn assess_all(tx: &impl Reads, as_of: Timestamp) -> Result<Assessed> {
    let purposes = purposes(tx)?;
    let zone = zone(tx)?;
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
pub(in crate::service) fn report(
    tx: &impl Reads,
    assessed: &Assessed,
    as_of: Timestamp,
    wanted: Option<StateKey>,
    offset: usize,
    limit: usize,
) -> Result<RetentionReport> {
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
    Ok(RetentionReport {
        as_of,
        counts: StateKey::ALL
            .iter()
            .map(|k| (*k, assessed.counts.get(k).copied().unwrap_or(0)))
            .collect(),
        total,
        rows: page,
        updating: None,
    })
}
