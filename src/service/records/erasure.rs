//! Erasing a person (Art. 17), the one implementation every path uses
//! (deleting a contact, the retention dashboard and sweep, an erasure
//! request): deletion removes the contact and everything pointing to it;
//! anonymisation keeps the record with every personal value replaced
//! (`model::erasure` says field by field how).

use super::person;
use crate::model::erasure;
use crate::model::{ConsentEvent, Contact, Interaction, SubjectRequest};
use crate::service::{Result, Tx};
use crate::store::{Link, Reads};

/// Removes a contact and everything that points to it: interactions,
/// consent history, notification-list entries; requests about them keep
/// their dates and outcome (the proof the request was handled) but lose
/// every personal value.
pub(in crate::service) fn erase(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    let contact = person::load(&*tx.tx, id)?;
    person::refuse_if_held(&contact)?;
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
    let region = person::phone_region(&*tx.tx)?;
    tx.tx
        .set_contact_keys(id, &person::keys_of(&contact, region), &[])?;
    tx.tx.remove::<Contact>(id)?;
    tx.unindex(id);
    Ok(())
}

/// Keeps the request as proof it was handled, without anything personal
/// and without the link to the contact, who is gone.
pub(in crate::service) fn scrub_request(request: &mut SubjectRequest) {
    request.contact_id = None;
    crate::model::erasure::anonymise_request(request);
}

/// Anonymises one contact and every free text about them.
pub(in crate::service) fn anonymise(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    let mut contact = person::load(&*tx.tx, id)?;
    if contact.is_anonymised() {
        return Ok(());
    }
    person::refuse_if_held(&contact)?;
    let region = person::phone_region(&*tx.tx)?;
    let old_keys = person::keys_of(&contact, region);
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
