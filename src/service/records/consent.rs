//! Consent records: append-only, the state derived from the history, the
//! checks every recorded event passes however it arrives.

use super::person;
use crate::model::validate;
use crate::model::{
    AuditAction, ConsentAction, ConsentEvent, ConsentState, Contact, EntityKind, Purpose,
};
use crate::service::api::{ConsentDraft, PurposeConsent};
use crate::service::{Result, ServiceError, Tx};
use crate::store::{Link, Reads};

pub(in crate::service) fn history(
    tx: &impl Reads,
    contact_id: u64,
    purpose_id: u64,
) -> Result<Vec<ConsentEvent>> {
    let mut events: Vec<ConsentEvent> = person::consent_histories(tx, contact_id)?
        .remove(&purpose_id)
        .unwrap_or_default();
    events.sort_by_key(|e| (e.at, e.id));
    Ok(events)
}

/// Every active purpose, and archived ones with a history, as they stand
/// for `contact_id`.
pub(in crate::service) fn overview(
    tx: &impl Reads,
    contact_id: u64,
) -> Result<Vec<PurposeConsent>> {
    let mut histories = person::consent_histories(tx, contact_id)?;
    let mut out = Vec::new();
    for purpose in tx.all::<Purpose>()? {
        let mut history = histories.remove(&purpose.id).unwrap_or_default();
        if purpose.archived_at.is_some() && history.is_empty() {
            continue;
        }
        history.sort_by_key(|e| (e.at, e.id));
        out.push(PurposeConsent {
            purpose_id: purpose.id,
            name: purpose.name.clone(),
            legal_basis: purpose.legal_basis,
            marketing: purpose.marketing,
            archived: purpose.archived_at.is_some(),
            state: ConsentState::derive(&history),
            history,
        });
    }
    out.sort_by_key(|c| (c.archived, c.name.to_lowercase()));
    Ok(out)
}

pub(in crate::service) fn record(tx: &mut Tx<'_>, draft: ConsentDraft) -> Result<ConsentEvent> {
    let mut contact = person::load(&*tx.tx, draft.contact_id)?;
    let purpose = super::purpose(&*tx.tx, draft.purpose_id)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{} is anonymised; no consent can be recorded for them",
            contact.id
        )));
    }
    let evidence = draft.evidence.trim().to_string();
    let at = draft.at.unwrap_or(tx.now);
    // Withdrawing or refusing stays possible on an archived purpose:
    // withdrawing must be as easy as giving. Not even a little ahead in
    // time: the latest decision wins, so a future date would make every
    // later withdrawal ineffective.
    check_event(&purpose, draft.action, at, &evidence, tx.now)?;
    let id = tx.tx.next_id(EntityKind::ConsentEvent)?;
    let event = ConsentEvent {
        id,
        contact_id: contact.id,
        purpose_id: purpose.id,
        action: draft.action,
        at,
        recorded_at: tx.now,
        channel: draft.channel,
        evidence,
        recorded_by: tx.actor.name.clone(),
    };
    tx.tx.put(&event)?;
    tx.tx.link(Link::CONTACT_CONSENTS, contact.id, id)?;
    tx.tx.link(Link::PURPOSE_CONSENTS, purpose.id, id)?;
    tx.audit(
        AuditAction::RecordConsent,
        EntityKind::ConsentEvent,
        vec![id],
        vec![],
        format!(
            "contact=#{} purpose=#{} action={} channel={}",
            contact.id,
            purpose.id,
            event.action.key(),
            event.channel.key()
        ),
    );
    // Special-category values held for this purpose lose their basis when
    // the consent goes.
    let state = ConsentState::derive(&history(&*tx.tx, contact.id, purpose.id)?);
    if !state.is_given() && contact.special.iter().any(|s| s.purpose_id == purpose.id) {
        contact.special.retain(|s| s.purpose_id != purpose.id);
        contact.version += 1;
        contact.updated_at = tx.now;
        tx.tx.put(&contact)?;
        tx.audit(
            AuditAction::Delete,
            EntityKind::Contact,
            vec![contact.id],
            vec!["special".into()],
            format!("basis ended: purpose #{}", purpose.id),
        );
        tx.reindex(&contact)?;
    }
    Ok(event)
}

/// A consent decision has happened: not in the future, not before 1970.
pub(in crate::service) fn check_not_future(
    at: crate::model::Timestamp,
    now: crate::model::Timestamp,
) -> Result<()> {
    use crate::model::plausible;
    Ok(plausible::happened("at", at, plausible::EARLIEST, now)?)
}

/// The checks every recorded consent event passes, however it arrives.
pub(in crate::service) fn check_event(
    purpose: &Purpose,
    action: ConsentAction,
    at: crate::model::Timestamp,
    evidence: &str,
    now: crate::model::Timestamp,
) -> Result<()> {
    validate::max_len("evidence", evidence, validate::MAX_TEXT)?;
    check_not_future(at, now)?;
    if action == ConsentAction::Given {
        if !purpose.is_active() {
            return Err(ServiceError::Refused(format!(
                "purpose \"{}\" is archived; no new consent can be given for it",
                purpose.name
            )));
        }
        if evidence.trim().is_empty() {
            return Err(ServiceError::invalid(
                "evidence",
                "say what was asked and how the person agreed (Art. 7(1): consent must be provable)",
            ));
        }
    }
    Ok(())
}

/// Whether `contact` may be contacted for `purpose` as things stand.
pub(in crate::service) fn may_contact(
    contact: &Contact,
    purpose: &Purpose,
    state: ConsentState,
) -> bool {
    purpose.is_active()
        && state.is_given()
        && !contact.is_anonymised()
        && !contact.is_restricted()
        && contact.erasure.is_none()
        && !(purpose.marketing && contact.do_not_contact)
}
