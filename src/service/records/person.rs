//! A person's record: loading, validating, creating and changing a
//! contact, the duplicates keys, the consent histories.

use std::collections::BTreeMap;

use super::objections;
use crate::model::phone::{self, PhoneRegion};
use crate::model::validate;
use crate::model::{AuditAction, ConsentEvent, Contact, ContactDraft, EntityKind, Organisation};
use crate::service::{Result, ServiceError, Tx, check_version, not_found, zone};
use crate::store::{Link, Reads};

/// Normalises and validates a draft, and checks what it points to exists.
/// The country meant by phone numbers without a country code (the
/// setting phone-region).
pub(in crate::service) fn phone_region(tx: &impl Reads) -> Result<Option<PhoneRegion>> {
    Ok(phone::region(&tx.settings()?.phone_region))
}

/// The duplicates-table keys of a contact (see `Contact::duplicate_keys`).
pub(in crate::service) fn keys_of(contact: &Contact, region: Option<PhoneRegion>) -> Vec<Vec<u8>> {
    contact.duplicate_keys(region)
}

/// Validates a draft and brings it into the stored form: phone numbers
/// international (`06 12345678` → `+31 6 12345678` under region NL),
/// e-mail domains in lower case.
pub(in crate::service) fn checked_draft(
    tx: &impl Reads,
    draft: ContactDraft,
    region: Option<PhoneRegion>,
) -> Result<ContactDraft> {
    let draft = normalised_draft(draft, region)?;
    if let Some(org) = draft.organisation_id
        && tx.get::<Organisation>(org)?.is_none()
    {
        return Err(not_found(EntityKind::Organisation, org));
    }
    Ok(draft)
}

/// `checked_draft` without looking up the organisation (an import asks
/// once per organisation, not once per contact).
pub(in crate::service) fn normalised_draft(
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
    Ok(draft)
}

/// Field names a new contact was created with (never their values).
pub(in crate::service) fn filled_fields(draft: &ContactDraft) -> Vec<String> {
    let empty = Contact::from_draft(0, ContactDraft::default(), chrono::DateTime::UNIX_EPOCH);
    empty
        .changed_fields(draft)
        .into_iter()
        .map(String::from)
        .collect()
}

pub(in crate::service) fn create(tx: &mut Tx<'_>, draft: ContactDraft) -> Result<Contact> {
    let region = phone_region(&*tx.tx)?;
    let draft = checked_draft(&*tx.tx, draft, region)?;
    let id = tx.tx.next_id(EntityKind::Contact)?;
    let fields = filled_fields(&draft);
    let mut contact = Contact::from_draft(id, draft, tx.now);
    if contact.owner.is_none() {
        contact.owner = Some(tx.actor.name.clone());
    }
    contact.do_not_contact = objections::on_do_not_contact(&*tx.tx, &contact)?;
    tx.tx.put(&contact)?;
    tx.tx
        .set_contact_keys(id, &[], &keys_of(&contact, region))?;
    // Real data now: demo data may no longer be mixed in unasked.
    tx.tx.set_meta(super::DEMO_KEY, 0)?;
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
    Ok(contact)
}

pub(in crate::service) fn load(tx: &impl Reads, id: u64) -> Result<Contact> {
    tx.get::<Contact>(id)?
        .ok_or_else(|| not_found(EntityKind::Contact, id))
}

pub(in crate::service) fn update(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    draft: ContactDraft,
    confirmed: bool,
) -> Result<Contact> {
    let mut contact = load(&*tx.tx, id)?;
    check_version(EntityKind::Contact, id, version, contact.version)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{id} is anonymised and can no longer be edited"
        )));
    }
    if let Some(r) = &contact.restriction
        && !confirmed
    {
        return Err(ServiceError::NeedsConfirmation(format!(
            "contact #{id} is restricted since {} (Art. 18): change it only to rectify it or \
             as the person asked, and confirm",
            zone(&*tx.tx)?.date(r.since)
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
        return Ok(contact);
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
        contact.do_not_contact = objections::on_do_not_contact(&*tx.tx, &contact)?;
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
    Ok(contact)
}

/// A legal hold suspends every erasure.
pub(in crate::service) fn refuse_if_held(contact: &Contact) -> Result<()> {
    match &contact.legal_hold {
        Some(hold) => Err(ServiceError::Refused(format!(
            "contact #{} is on legal hold ({}); take the hold off first",
            contact.id, hold.reason
        ))),
        None => Ok(()),
    }
}

/// The consent history of a contact, grouped by purpose.
pub(in crate::service) fn consent_histories(
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

pub(in crate::service) fn bump(tx: &mut Tx<'_>, contact: &mut Contact) -> Result<()> {
    contact.version += 1;
    contact.updated_at = tx.now;
    tx.tx.put(&*contact)?;
    tx.reindex(contact)
}
