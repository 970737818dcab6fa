//! Consent records: append-only, the state derived from the history; and
//! special-category values, which need a purpose whose basis applies.

use super::api::{ConsentDraft, PurposeConsent, Response};
use super::contacts;
use super::purposes;
use super::{Result, ServiceError, Tx, summary_of};
use crate::model::validate;
use crate::model::{
    AuditAction, ConsentAction, ConsentEvent, ConsentState, Contact, EntityKind, Purpose,
    SpecialCategory, SpecialCategoryRecord,
};
use crate::search::ContactSummary;
use crate::store::{Link, Reads};

pub(super) fn history(
    tx: &impl Reads,
    contact_id: u64,
    purpose_id: u64,
) -> Result<Vec<ConsentEvent>> {
    let mut events: Vec<ConsentEvent> = contacts::consent_histories(tx, contact_id)?
        .remove(&purpose_id)
        .unwrap_or_default();
    events.sort_by_key(|e| (e.at, e.id));
    Ok(events)
}

/// Every active purpose, and archived ones with a history, as they stand
/// for `contact_id`.
pub(super) fn overview(tx: &impl Reads, contact_id: u64) -> Result<Vec<PurposeConsent>> {
    let mut histories = contacts::consent_histories(tx, contact_id)?;
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

pub(super) fn record(tx: &mut Tx<'_>, draft: ConsentDraft) -> Result<Response> {
    let mut contact = contacts::load(&*tx.tx, draft.contact_id)?;
    let purpose = purposes::load(&*tx.tx, draft.purpose_id)?;
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
    Ok(Response::ConsentRecorded(event))
}

/// A consent decision has happened: not in the future, not before 1970.
pub(super) fn check_not_future(
    at: crate::model::Timestamp,
    now: crate::model::Timestamp,
) -> Result<()> {
    use crate::model::plausible;
    Ok(plausible::happened("at", at, plausible::EARLIEST, now)?)
}

/// The checks every recorded consent event passes, however it arrives.
pub(super) fn check_event(
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
pub(super) fn may_contact(contact: &Contact, purpose: &Purpose, state: ConsentState) -> bool {
    purpose.is_active()
        && state.is_given()
        && !contact.is_anonymised()
        && !contact.is_restricted()
        && contact.erasure.is_none()
        && !(purpose.marketing && contact.do_not_contact)
}

pub(super) fn contactable(tx: &impl Reads, purpose_id: u64) -> Result<Response> {
    let purpose = purposes::load(tx, purpose_id)?;
    let mut by_contact: std::collections::BTreeMap<u64, Vec<ConsentEvent>> = Default::default();
    for event_id in tx.links(Link::PURPOSE_CONSENTS, purpose_id)? {
        if let Some(e) = tx.get::<ConsentEvent>(event_id)? {
            by_contact.entry(e.contact_id).or_default().push(e);
        }
    }
    let mut out: Vec<ContactSummary> = Vec::new();
    for (contact_id, events) in by_contact {
        let Some(contact) = tx.get::<Contact>(contact_id)? else {
            continue;
        };
        if may_contact(&contact, &purpose, ConsentState::derive(&events)) {
            out.push(summary_of(tx, &contact)?);
        }
    }
    out.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
    Ok(Response::Contactable(out))
}

pub(super) fn record_special(
    tx: &mut Tx<'_>,
    contact_id: u64,
    category: SpecialCategory,
    purpose_id: u64,
    value: String,
) -> Result<Response> {
    let mut contact = contacts::load(&*tx.tx, contact_id)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} is anonymised; nothing can be recorded about them"
        )));
    }
    let purpose = purposes::load(&*tx.tx, purpose_id)?;
    let value = value.trim().to_string();
    validate::required("value", &value)?;
    validate::max_len("value", &value, validate::MAX_NAME)?;
    if !purpose.is_active() || !purpose.special_categories.contains(&category) {
        return Err(ServiceError::Refused(format!(
            "purpose \"{}\" does not cover {category} data; only a purpose that lists it, with \
             its Art. 9(2) condition, can",
            purpose.name
        )));
    }
    let state = ConsentState::derive(&history(&*tx.tx, contact_id, purpose_id)?);
    if !state.is_given() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} has no current {} for \"{}\"; record it first",
            if purpose.legal_basis.is_consent() {
                "consent"
            } else {
                "basis"
            },
            purpose.name
        )));
    }
    contact.special.retain(|s| s.category != category);
    contact.special.push(SpecialCategoryRecord {
        category,
        purpose_id,
        value,
        recorded_at: tx.now,
        recorded_by: tx.actor.name.clone(),
    });
    contact.version += 1;
    contact.updated_at = tx.now;
    tx.tx.put(&contact)?;
    tx.audit(
        AuditAction::RecordSpecial,
        EntityKind::Contact,
        vec![contact_id],
        vec![format!("special.{category}")],
        format!("purpose=#{purpose_id}"),
    );
    tx.reindex(&contact)?;
    Ok(Response::ContactSaved(Box::new(contact)))
}

pub(super) fn remove_special(
    tx: &mut Tx<'_>,
    contact_id: u64,
    category: SpecialCategory,
) -> Result<Response> {
    let mut contact = contacts::load(&*tx.tx, contact_id)?;
    let before = contact.special.len();
    contact.special.retain(|s| s.category != category);
    if contact.special.len() == before {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} holds no {category} data"
        )));
    }
    contact.version += 1;
    contact.updated_at = tx.now;
    tx.tx.put(&contact)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::Contact,
        vec![contact_id],
        vec![format!("special.{category}")],
        "",
    );
    tx.reindex(&contact)?;
    Ok(Response::ContactSaved(Box::new(contact)))
}
