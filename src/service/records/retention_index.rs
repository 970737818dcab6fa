//! The retention index: each contact's standing
//! (`model::retention::Standing`, what does not depend on the date) kept in
//! the `retention` table, re-derived in the same transaction as every write
//! that can change it. The dashboard at any date is then a few range reads
//! and one assessment per row shown, and the sweep assesses only the
//! contacts whose date has come — not a million contacts per question.
//! Beside it, from the same reading of each contact's consent history,
//! their consent state per purpose and the counts per purpose that the
//! purposes screen shows (`consent_states`, `consent_counts`).
//!
//! Which writes count is not a list to keep up to date: the store collects
//! every contact, consent event and purpose put or removed in a transaction
//! (`Record::touches`), and `Service::write` calls `refresh` with them
//! before it commits. A property test (`tests/service_retention.rs`)
//! compares the indexed report with a full recomputation after random
//! histories.

use std::collections::{BTreeSet, HashMap};

use chrono::DateTime;

use super::assessment;
use super::person;
use crate::model::retention::{self, Standing, StateKey};
use crate::model::{ConsentState, Contact, Purpose, Timestamp};
use crate::service::api::{ConsentCounts, ConsentSummary, Progress, RetentionReport, RetentionRow};
use crate::service::{Result, summary_of, zone};
use crate::store::{Link, Reads, WriteTx};

/// The version of the derivation in `meta`: when the rule that makes a
/// standing changes, bump it and every file derives its index afresh.
pub(in crate::service) const BUILT_KEY: &str = "retention.index";
/// 2: the consent states and counts are derived with it.
const DERIVATION: u64 = 2;

/// Whether the index is derived (and kept) in this file.
pub(in crate::service) fn built(tx: &impl Reads) -> Result<bool> {
    Ok(tx.meta(BUILT_KEY)? == Some(DERIVATION))
}

/// The highest contact id whose standing and consent states the index
/// holds current: none (0) where it is not derived, those re-derived so far
/// while a re-derivation after a purpose change is pending, else all.
pub(in crate::service) fn current_to(tx: &impl Reads) -> Result<u64> {
    if !built(tx)? {
        return Ok(0);
    }
    Ok(tx.meta(REDERIVE_KEY)?.unwrap_or(u64::MAX))
}

/// A contact's consent picture and retention hint at `now`, read from the
/// index (current for them, see `current_to`): what a row of the contact
/// list shows, without reading the contact or their consent history.
pub(in crate::service) fn row_facts(
    tx: &impl Reads,
    id: u64,
    now: Timestamp,
    zone: &crate::model::when::Zone,
) -> Result<(ConsentSummary, String)> {
    let mut consent = ConsentSummary::default();
    for (_, code) in tx.consent_states_of(id)? {
        // The codes of `consent_code`.
        match code {
            1 => consent.given += 1,
            2 => consent.withdrawn += 1,
            3 => consent.refused += 1,
            _ => {}
        }
    }
    let hint = tx
        .retention_of(id)?
        .and_then(Standing::from_key)
        .map(|standing| retention::state_hint(&standing.state_at(now), zone))
        .unwrap_or_default();
    Ok((consent, hint))
}

/// The standing of one contact, from their consent states.
fn standing(
    contact: &Contact,
    states: &[(u64, ConsentState)],
    purposes: &HashMap<u64, Purpose>,
    zone: &crate::model::when::Zone,
) -> Standing {
    // Any date gives the same standing; the epoch is as good as another.
    let a = assessment::assess(contact, states, purposes, DateTime::UNIX_EPOCH, zone);
    Standing::of(contact, &a)
}

/// The code a consent state is kept under in `consent_states`: one more
/// than its index in the counts (given, withdrawn, refused).
fn consent_code(state: ConsentState) -> Option<u8> {
    match state {
        ConsentState::NoRecord => None,
        ConsentState::Given { .. } => Some(1),
        ConsentState::Withdrawn { .. } => Some(2),
        ConsentState::Refused { .. } => Some(3),
    }
}

/// A contact's states as kept, in purpose order.
fn consent_codes(states: &[(u64, ConsentState)]) -> Vec<(u64, u8)> {
    let mut codes: Vec<(u64, u8)> = states
        .iter()
        .filter_map(|&(purpose, state)| consent_code(state).map(|c| (purpose, c)))
        .collect();
    codes.sort_unstable();
    codes
}

/// How many contacts hold each consent state, per purpose, as kept.
pub(in crate::service) fn consent_counts(tx: &impl Reads) -> Result<HashMap<u64, ConsentCounts>> {
    let count = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(tx
        .consent_counts()?
        .into_iter()
        .map(|(purpose, [given, withdrawn, refused])| {
            let counts = ConsentCounts {
                given: count(given),
                withdrawn: count(withdrawn),
                refused: count(refused),
            };
            (purpose, counts)
        })
        .collect())
}

/// Where the re-derivation after a purpose change stands, in `meta`: the
/// highest contact id re-derived under the purposes as they are now (0:
/// none yet). Absent when nothing is pending. Written in the transaction
/// that changes a purpose, so a killed process leaves the work to the next.
const REDERIVE_KEY: &str = "retention.rederive-after";

/// Re-derives the contacts written in this transaction: what
/// `Service::write` does before every commit. A purpose written changes the
/// standing of every contact with a consent history for it — half a
/// million at a million contacts, some twenty seconds — so that work is
/// only recorded as pending here and done in chunks (`rederive_chunk`);
/// returns whether it was. On a file whose index is not derived yet it does
/// nothing; the derivation will read everything.
pub(in crate::service) fn refresh(tx: &mut WriteTx) -> Result<bool> {
    let touched = tx.take_touched();
    if (touched.contacts.is_empty() && touched.purposes.is_empty()) || !built(&*tx)? {
        return Ok(false);
    }
    // A purpose nobody has a consent history for (one just added) changes
    // nobody's standing.
    let mut rederive = false;
    for &purpose in &touched.purposes {
        rederive |= tx.has_links(Link::PURPOSE_CONSENTS, purpose)?;
    }
    if rederive {
        // From the start again: contacts already re-derived were read
        // under the rules as they were before this change.
        tx.set_meta(REDERIVE_KEY, 0)?;
    }
    derive(tx, touched.contacts, true)?;
    Ok(rederive)
}

/// How far the re-derivation after a purpose change is, when one is
/// pending: contact ids done, of the highest id.
pub(in crate::service) fn rederiving(tx: &impl Reads) -> Result<Option<Progress>> {
    let Some(after) = tx.meta(REDERIVE_KEY)? else {
        return Ok(None);
    };
    let total = tx.last_id::<Contact>()?.unwrap_or(0);
    Ok(Some(Progress {
        done: after.min(total),
        total,
    }))
}

/// Re-derives the next `chunk` contacts (in id order) of a pending
/// re-derivation, in the caller's transaction; returns what is left, `None`
/// once done (or when nothing was pending).
pub(in crate::service) fn rederive_chunk(
    tx: &mut WriteTx,
    chunk: usize,
) -> Result<Option<Progress>> {
    let Some(after) = tx.meta(REDERIVE_KEY)? else {
        return Ok(None);
    };
    let ids: BTreeSet<u64> = tx
        .ids_from::<Contact>(after.saturating_add(1), chunk)?
        .into_iter()
        .collect();
    let last = ids.last().copied();
    // Only a consent history ties a contact's standing to a purpose; and
    // consent states do not depend on the rules, so they stay as kept.
    let mut tied = BTreeSet::new();
    for id in ids {
        if tx.has_links(Link::CONTACT_CONSENTS, id)? {
            tied.insert(id);
        }
    }
    derive(tx, tied, false)?;
    match last {
        Some(last) => {
            tx.set_meta(REDERIVE_KEY, last)?;
            rederiving(&*tx)
        }
        None => {
            tx.remove_meta(REDERIVE_KEY)?;
            Ok(None)
        }
    }
}

/// Re-derives the standing (and, with `consents`, the consent states) of
/// `ids` under the purposes as they are in `tx`.
fn derive(tx: &mut WriteTx, ids: BTreeSet<u64>, consents: bool) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let purposes = assessment::purposes(&*tx)?;
    let zone = zone(&*tx)?;
    let mut keys = Vec::with_capacity(ids.len());
    let mut codes = Vec::with_capacity(if consents { ids.len() } else { 0 });
    for id in ids {
        // A deleted contact's consent history went with them: no states.
        let states = assessment::states_of(&person::consent_histories(&*tx, id)?);
        let key = tx
            .get::<Contact>(id)?
            .map(|contact| standing(&contact, &states, &purposes, &zone).key());
        keys.push((id, key));
        if consents {
            codes.push((id, consent_codes(&states)));
        }
    }
    tx.set_retention(keys)?;
    tx.set_consent_states(codes)?;
    Ok(())
}

/// Derives the whole index afresh, in one pass over contacts and consent
/// events.
pub(in crate::service) fn build(tx: &mut WriteTx) -> Result<()> {
    tx.take_touched();
    tx.clear_retention()?;
    let purposes = assessment::purposes(&*tx)?;
    let zone = zone(&*tx)?;
    let mut states = assessment::all_states(&*tx)?;
    let mut keys = Vec::new();
    let mut consents = Vec::new();
    tx.scan::<Contact>(|c| {
        let s = states.remove(&c.id).unwrap_or_default();
        keys.push((c.id, standing(&c, &s, &purposes, &zone).key()));
        consents.push((c.id, consent_codes(&s)));
        true
    })?;
    tx.set_retention(keys.into_iter().map(|(id, key)| (id, Some(key))))?;
    tx.set_consent_states(consents)?;
    tx.remove_meta(REDERIVE_KEY)?;
    tx.set_meta(BUILT_KEY, DERIVATION)?;
    Ok(())
}

/// The dashboard at `as_of` from the index: counts per state, and a page of
/// the contacts in `wanted` (all but fine and anonymised when `None`), most
/// urgent first — the same answer as `assessment::report` over a full
/// assessment.
pub(in crate::service) fn report(
    tx: &impl Reads,
    as_of: Timestamp,
    wanted: Option<StateKey>,
    offset: usize,
    limit: usize,
) -> Result<RetentionReport> {
    let everyone = tx.retention_len()?;
    let mut counts: HashMap<StateKey, u64> = HashMap::new();
    for key in StateKey::ALL {
        if key == StateKey::Fine {
            continue; // the rest, below: usually the largest range
        }
        let mut n = 0;
        for (class, from, to) in retention::ranges(key, as_of) {
            n += tx.retention_count(class, from, to)? as u64;
        }
        counts.insert(key, n);
    }
    let others: u64 = counts.values().sum();
    counts.insert(StateKey::Fine, everyone.saturating_sub(others));

    let listed: Vec<StateKey> = match wanted {
        Some(w) => vec![w],
        None => StateKey::ALL
            .into_iter()
            .filter(|k| !matches!(k, StateKey::Fine | StateKey::Anonymised))
            .collect(),
    };
    let total: u64 = listed.iter().map(|k| counts[k]).sum();
    // The page: skip whole ranges while the offset passes them.
    let mut ids = Vec::new();
    let mut skip = offset;
    'states: for key in &listed {
        let ranges = retention::ranges(*key, as_of);
        let single = ranges.len() == 1;
        for (class, from, to) in ranges {
            if ids.len() >= limit {
                break 'states;
            }
            let size = if single {
                counts[key] as usize
            } else {
                tx.retention_count(class, from, to)?
            };
            if skip >= size {
                skip -= size;
                continue;
            }
            ids.extend(tx.retention_ids(class, from, to, skip, limit - ids.len())?);
            skip = 0;
        }
    }
    let purposes = assessment::purposes(tx)?;
    let zone = zone(tx)?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(contact) = tx.get::<Contact>(id)? else {
            continue;
        };
        let states = assessment::states_of(&person::consent_histories(tx, id)?);
        let a = assessment::assess(&contact, &states, &purposes, as_of, &zone);
        rows.push(RetentionRow {
            summary: summary_of(tx, &contact)?,
            state: a.state,
            keep_until: a.keep_until,
            reason: a.reason,
        });
    }
    Ok(RetentionReport {
        as_of,
        counts: StateKey::ALL
            .iter()
            .map(|k| (*k, counts.get(k).copied().unwrap_or(0)))
            .collect(),
        total: total as usize,
        rows,
        updating: rederiving(tx)?,
    })
}

/// The contacts the sweep may have to erase at `as_of`: a scheduled date
/// or the end of every period reached. Each is then assessed in full
/// (`retention::sweep_due`). In id order.
pub(in crate::service) fn sweep_candidates(tx: &impl Reads, as_of: Timestamp) -> Result<Vec<u64>> {
    let now = as_of.timestamp_micros();
    let mut ids = Vec::new();
    for (class, from, _) in retention::ranges(StateKey::ErasureScheduled, as_of) {
        ids.extend(tx.retention_ids(class, from, now, 0, usize::MAX)?);
    }
    for (class, from, to) in retention::ranges(StateKey::Expired, as_of) {
        ids.extend(tx.retention_ids(class, from, to, 0, usize::MAX)?);
    }
    ids.sort_unstable();
    Ok(ids)
}
