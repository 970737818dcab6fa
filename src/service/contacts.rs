//! Contacts: create, read, update, delete, and the rows of the list.

use std::collections::{BTreeMap, HashMap};

use super::api::{ConsentSummary, ContactDetail, ContactRow, Response};
use super::{Result, Tx, check_version, not_found};
use crate::model::phone::{self, PhoneRegion};
use crate::model::retention;
use crate::model::validate;
use crate::model::{
    AuditAction, ConsentEvent, ConsentState, Contact, ContactDraft, EntityKind, Interaction,
    Organisation, Purpose, SubjectRequest, Timestamp,
};
use crate::search::{ContactSummary, Highlights};
use crate::store::{Link, Reads};

/// Normalises and validates a draft, and checks what it points to exists.
/// The country meant by phone numbers without a country code (the
/// setting phone-region).
pub(crate) fn phone_region(tx: &impl Reads) -> Result<Option<PhoneRegion>> {
    Ok(phone::region(&tx.settings()?.phone_region))
}

/// The duplicates-table keys of a contact (see `Contact::duplicate_keys`).
pub(crate) fn keys_of(contact: &Contact, region: Option<PhoneRegion>) -> Vec<Vec<u8>> {
    contact.duplicate_keys(region)
}

/// Validates a draft and brings it into the stored form: phone numbers
/// international (`06 12345678` → `+31 6 12345678` under region NL),
/// e-mail domains in lower case.
pub(super) fn checked_draft(
    tx: &impl Reads,
    draft: ContactDraft,
    region: Option<PhoneRegion>,
) -> Result<ContactDraft> {
    let mut draft = draft.normalised();
    validate::contact(&draft)?;
    draft.phones = crate::model::clean_list(
        draft
            .phones
            .iter()
            .map(|p| phone::normalise(p, region))
            .collect(),
    );
    draft.emails = crate::model::clean_list(
        draft
            .emails
            .iter()
            .map(|e| phone::normalise_email(e))
            .collect(),
    );
    if let Some(org) = draft.organisation_id
        && tx.get::<Organisation>(org)?.is_none()
    {
        return Err(not_found(EntityKind::Organisation, org));
    }
    Ok(draft)
}

/// Field names a new contact was created with (never their values).
fn filled_fields(draft: &ContactDraft) -> Vec<String> {
    let empty = Contact::from_draft(0, ContactDraft::default(), chrono::DateTime::UNIX_EPOCH);
    empty
        .changed_fields(draft)
        .into_iter()
        .map(String::from)
        .collect()
}

pub(super) fn create(tx: &mut Tx<'_>, draft: ContactDraft) -> Result<Response> {
    let region = phone_region(&*tx.tx)?;
    let draft = checked_draft(&*tx.tx, draft, region)?;
    let id = tx.tx.next_id(EntityKind::Contact)?;
    let fields = filled_fields(&draft);
    let mut contact = Contact::from_draft(id, draft, tx.now);
    if contact.owner.is_none() {
        contact.owner = Some(tx.actor.name.clone());
    }
    contact.do_not_contact = super::requests::on_do_not_contact(&*tx.tx, &contact)?;
    tx.tx.put(&contact)?;
    tx.tx
        .set_contact_keys(id, &[], &keys_of(&contact, region))?;
    // Real data now: demo data may no longer be mixed in unasked.
    tx.tx.set_meta(super::import::DEMO_KEY, 0)?;
    if let Some(org) = contact.organisation_id {
        tx.tx.link(Link::ORGANISATION_CONTACTS, org, id)?;
    }
    tx.audit(
        AuditAction::Create,
        EntityKind::Contact,
        vec![id],
        fields,
        "",
    );
    tx.reindex(&contact)?;
    Ok(Response::ContactSaved(Box::new(contact)))
}

pub(super) fn load(tx: &impl Reads, id: u64) -> Result<Contact> {
    tx.get::<Contact>(id)?
        .ok_or_else(|| not_found(EntityKind::Contact, id))
}

pub(super) fn update(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    draft: ContactDraft,
    confirmed: bool,
) -> Result<Response> {
    let mut contact = load(&*tx.tx, id)?;
    check_version(EntityKind::Contact, id, version, contact.version)?;
    if contact.is_anonymised() {
        return Err(super::ServiceError::Refused(format!(
            "contact #{id} is anonymised and can no longer be edited"
        )));
    }
    if let Some(r) = &contact.restriction
        && !confirmed
    {
        return Err(super::ServiceError::NeedsConfirmation(format!(
            "contact #{id} is restricted since {} (Art. 18): change it only to rectify it or \
             as the person asked, and confirm",
            super::zone(&*tx.tx)?.date(r.since)
        )));
    }
    let region = phone_region(&*tx.tx)?;
    let draft = checked_draft(&*tx.tx, draft, region)?;
    let fields: Vec<String> = contact
        .changed_fields(&draft)
        .into_iter()
        .map(String::from)
        .collect();
    if fields.is_empty() {
        return Ok(Response::ContactSaved(Box::new(contact)));
    }
    if contact.organisation_id != draft.organisation_id {
        if let Some(old) = contact.organisation_id {
            tx.tx.unlink(Link::ORGANISATION_CONTACTS, old, id)?;
        }
        if let Some(new) = draft.organisation_id {
            tx.tx.link(Link::ORGANISATION_CONTACTS, new, id)?;
        }
    }
    let old_keys = keys_of(&contact, region);
    contact.apply(draft);
    tx.tx
        .set_contact_keys(id, &old_keys, &keys_of(&contact, region))?;
    // A new address of someone who objected is recognised too.
    if !contact.do_not_contact {
        contact.do_not_contact = super::requests::on_do_not_contact(&*tx.tx, &contact)?;
    }
    contact.version += 1;
    contact.updated_at = tx.now;
    tx.tx.put(&contact)?;
    tx.audit(
        AuditAction::Update,
        EntityKind::Contact,
        vec![id],
        fields,
        "",
    );
    tx.reindex(&contact)?;
    Ok(Response::ContactSaved(Box::new(contact)))
}

pub(super) fn delete(tx: &mut Tx<'_>, id: u64) -> Result<Response> {
    erase(tx, id)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::Contact,
        vec![id],
        vec![],
        "",
    );
    Ok(Response::Done)
}

/// Removes a contact and everything that points to it: interactions,
/// consent history, notification-list entries; requests about them keep
/// their dates and outcome (the proof the request was handled) but lose
/// every personal value.
pub(crate) fn erase(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    let contact = load(&*tx.tx, id)?;
    refuse_if_held(&contact)?;
    for interaction in tx.tx.unlink_all(Link::CONTACT_INTERACTIONS, id)? {
        tx.tx.remove::<Interaction>(interaction)?;
    }
    for event_id in tx.tx.unlink_all(Link::CONTACT_CONSENTS, id)? {
        if let Some(event) = tx.tx.get::<ConsentEvent>(event_id)? {
            tx.tx
                .unlink(Link::PURPOSE_CONSENTS, event.purpose_id, event_id)?;
        }
        tx.tx.remove::<ConsentEvent>(event_id)?;
    }
    if let Some(org) = contact.organisation_id {
        tx.tx.unlink(Link::ORGANISATION_CONTACTS, org, id)?;
    }
    for incident in tx.tx.links(Link::NOTIFIED_CONTACTS, id)? {
        tx.tx.remove_notification_entry(incident, id)?;
    }
    for request_id in tx.tx.unlink_all(Link::CONTACT_REQUESTS, id)? {
        if let Some(mut request) = tx.tx.get::<SubjectRequest>(request_id)? {
            scrub_request(&mut request);
            tx.tx.put(&request)?;
        }
    }
    let region = phone_region(&*tx.tx)?;
    tx.tx
        .set_contact_keys(id, &keys_of(&contact, region), &[])?;
    tx.tx.remove::<Contact>(id)?;
    tx.unindex(id);
    Ok(())
}

/// A legal hold suspends every erasure.
pub(crate) fn refuse_if_held(contact: &Contact) -> Result<()> {
    match &contact.legal_hold {
        Some(hold) => Err(super::ServiceError::Refused(format!(
            "contact #{} is on legal hold ({}); take the hold off first",
            contact.id, hold.reason
        ))),
        None => Ok(()),
    }
}

/// Keeps the request as proof it was handled, without anything personal
/// and without the link to the contact, who is gone.
pub(crate) fn scrub_request(request: &mut SubjectRequest) {
    request.contact_id = None;
    crate::model::erasure::anonymise_request(request);
}

/// Everything about a contact (the Service redacts what a role may not see).
pub(super) fn detail(tx: &impl Reads, id: u64, now: Timestamp) -> Result<Response> {
    let contact = load(tx, id)?;
    let organisation = match contact.organisation_id {
        Some(org) => tx.get::<Organisation>(org)?,
        None => None,
    };
    let mut interactions = Vec::new();
    for interaction_id in tx.links(Link::CONTACT_INTERACTIONS, id)? {
        if let Some(i) = tx.get::<Interaction>(interaction_id)? {
            interactions.push(i);
        }
    }
    interactions.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let consents = super::consents::overview(tx, id)?;
    let states: Vec<(u64, ConsentState)> = consents
        .iter()
        .filter(|c| c.state != ConsentState::NoRecord)
        .map(|c| (c.purpose_id, c.state))
        .collect();
    let purposes = super::retention::purposes(tx)?;
    let retention = super::retention::assess(&contact, &states, &purposes, now, &super::zone(tx)?);
    Ok(Response::Contact(Box::new(ContactDetail {
        contact,
        organisation,
        interactions,
        consents,
        retention,
    })))
}

/// The consent history of a contact, grouped by purpose.
pub(super) fn consent_histories(
    tx: &impl Reads,
    contact: u64,
) -> Result<BTreeMap<u64, Vec<ConsentEvent>>> {
    let mut by_purpose: BTreeMap<u64, Vec<ConsentEvent>> = BTreeMap::new();
    for event_id in tx.links(Link::CONTACT_CONSENTS, contact)? {
        if let Some(event) = tx.get::<ConsentEvent>(event_id)? {
            by_purpose.entry(event.purpose_id).or_default().push(event);
        }
    }
    Ok(by_purpose)
}

pub(super) fn row(
    tx: &impl Reads,
    summary: ContactSummary,
    highlights: Highlights,
    purposes: &HashMap<u64, Purpose>,
    now: Timestamp,
    zone: &crate::model::when::Zone,
) -> Result<ContactRow> {
    let mut consent = ConsentSummary::default();
    let histories = consent_histories(tx, summary.id)?;
    for history in histories.values() {
        match ConsentState::derive(history) {
            ConsentState::Given { .. } => consent.given += 1,
            ConsentState::Withdrawn { .. } => consent.withdrawn += 1,
            ConsentState::Refused { .. } => consent.refused += 1,
            ConsentState::NoRecord => {}
        }
    }
    let retention = match tx.get::<Contact>(summary.id)? {
        Some(contact) => {
            let states = super::retention::states_of(&histories);
            let a = super::retention::assess(&contact, &states, purposes, now, zone);
            retention::hint(&a, zone)
        }
        None => String::new(),
    };
    Ok(ContactRow {
        summary,
        highlights,
        consent,
        retention,
    })
}
