//! Bulk import in one transaction: a bad record anywhere rejects the whole
//! batch with the position of the culprit, and nothing is written.

use super::api::{ImportBatch, ImportKind, ImportReport, Response};
use super::contacts::checked_draft;
use super::{Result, ServiceError, Tx, not_found};
use crate::model::{
    AuditAction, ConsentEvent, Contact, EntityKind, Interaction, Organisation, Purpose,
};
use crate::model::{plausible, validate};
use crate::store::{Link, Reads};

/// 1 on a database whose contacts are all demo data; any real contact
/// written since sets it to 0.
pub(super) const DEMO_KEY: &str = "demo";

pub(super) fn import(tx: &mut Tx<'_>, batch: ImportBatch) -> Result<Response> {
    let mut report = ImportReport::default();
    let now = tx.now;
    if let ImportKind::Demo { force } = batch.kind {
        let contacts = tx.tx.count::<Contact>()?;
        let demo_only = contacts == 0 || tx.tx.meta(DEMO_KEY)? == Some(1);
        if !demo_only && !force {
            return Err(ServiceError::Refused(format!(
                "this database holds {contacts} contacts that are not demo data; demo data \
                 would mix with them (use a new database, or --force to add it anyway)"
            )));
        }
        if contacts == 0 {
            tx.tx.set_meta(DEMO_KEY, 1)?;
        }
    } else if !batch.contacts.is_empty() {
        tx.tx.set_meta(DEMO_KEY, 0)?;
    }

    let first_org = tx
        .tx
        .reserve_ids(EntityKind::Organisation, batch.organisations.len() as u64)?;
    let mut organisations = Vec::with_capacity(batch.organisations.len());
    for (i, draft) in batch.organisations.into_iter().enumerate() {
        let draft = draft.normalised();
        validate::organisation(&draft)
            .map_err(|e| ServiceError::from(e).within(&format!("organisations[{i}]")))?;
        organisations.push(Organisation::from_draft(first_org + i as u64, draft, now));
    }
    tx.tx.put_all(&organisations)?;
    report.organisations = organisations.len();

    let purposes: std::collections::HashMap<u64, Purpose> = tx
        .tx
        .all::<Purpose>()?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();

    let dnc_key = super::requests::dnc_key(&*tx.tx)?;
    let n = batch.contacts.len() as u64;
    let first_contact = tx.tx.reserve_ids(EntityKind::Contact, n)?;
    let total_interactions: usize = batch.contacts.iter().map(|c| c.interactions.len()).sum();
    let total_consents: usize = batch.contacts.iter().map(|c| c.consents.len()).sum();
    let mut next_interaction = tx
        .tx
        .reserve_ids(EntityKind::Interaction, total_interactions as u64)?;
    let mut next_consent = tx
        .tx
        .reserve_ids(EntityKind::ConsentEvent, total_consents as u64)?;

    let mut contacts = Vec::with_capacity(batch.contacts.len());
    let mut interactions = Vec::with_capacity(total_interactions);
    let mut events = Vec::with_capacity(total_consents);
    let mut org_links = Vec::new();
    let mut interaction_links = Vec::with_capacity(total_interactions);
    let mut consent_links = Vec::with_capacity(total_consents);
    let mut purpose_links = Vec::with_capacity(total_consents);

    for (i, item) in batch.contacts.into_iter().enumerate() {
        let at = |e: ServiceError| e.within(&format!("contacts[{i}]"));
        let id = first_contact + i as u64;
        let mut draft = item.draft;
        if let Some(org_index) = item.organisation {
            let org = organisations.get(org_index).ok_or_else(|| {
                at(ServiceError::invalid(
                    "organisation",
                    format!(
                        "refers to organisation {org_index} of the batch, which has {}",
                        organisations.len()
                    ),
                ))
            })?;
            draft.organisation_id = Some(org.id);
        }
        // Organisations of this batch are not visible to `checked_draft`'s
        // lookup until written, which they are (above).
        let draft = checked_draft(&*tx.tx, draft).map_err(at)?;
        let created = item.created_at.unwrap_or(now);
        plausible::happened("created_at", created, plausible::EARLIEST, now)
            .map_err(|e| at(e.into()))?;
        let mut contact = Contact::from_draft(id, draft, created);
        if contact.owner.is_none() {
            contact.owner = Some(tx.actor.name.clone());
        }
        if let Some(key) = &dnc_key
            && super::requests::listed(&*tx.tx, key, &contact)?
        {
            contact.do_not_contact = true;
            report.flagged_do_not_contact += 1;
        }
        for (j, it) in item.interactions.into_iter().enumerate() {
            let within = |e: ServiceError| at(e.within(&format!("interactions[{j}]")));
            super::interactions::check(now, it.at, &it.summary).map_err(within)?;
            let interaction = Interaction {
                id: next_interaction,
                version: 1,
                contact_id: id,
                kind: it.kind,
                at: it.at,
                // Who logged it is who imports it: never a name the client chose.
                by: tx.actor.name.clone(),
                summary: it.summary,
                created_at: now,
            };
            contact.last_interaction_at = contact.last_interaction_at.max(Some(it.at));
            interaction_links.push((id, next_interaction));
            interactions.push(interaction);
            next_interaction += 1;
        }
        for (j, c) in item.consents.into_iter().enumerate() {
            let purpose = purposes.get(&c.purpose_id).ok_or_else(|| {
                at(not_found(EntityKind::Purpose, c.purpose_id).within(&format!("consents[{j}]")))
            })?;
            super::consents::check_event(purpose, c.action, c.at, c.evidence.trim(), now)
                .map_err(|e| at(e.within(&format!("consents[{j}]"))))?;
            events.push(ConsentEvent {
                id: next_consent,
                contact_id: id,
                purpose_id: c.purpose_id,
                action: c.action,
                at: c.at,
                recorded_at: now,
                channel: c.channel,
                evidence: c.evidence,
                recorded_by: tx.actor.name.clone(),
            });
            consent_links.push((id, next_consent));
            purpose_links.push((c.purpose_id, next_consent));
            next_consent += 1;
        }
        if let Some(org) = contact.organisation_id {
            org_links.push((org, id));
        }
        contacts.push(contact);
    }

    tx.tx.put_all(&contacts)?;
    tx.tx.put_all(&interactions)?;
    tx.tx.put_all(&events)?;
    tx.tx.link_all(Link::ORGANISATION_CONTACTS, org_links)?;
    tx.tx
        .link_all(Link::CONTACT_INTERACTIONS, interaction_links)?;
    tx.tx.link_all(Link::CONTACT_CONSENTS, consent_links)?;
    tx.tx.link_all(Link::PURPOSE_CONSENTS, purpose_links)?;

    for contact in &contacts {
        tx.reindex(contact)?;
    }

    report.contacts = contacts.len();
    report.interactions = interactions.len();
    report.consents = events.len();
    report.first_contact_id = contacts.first().map(|c| c.id);
    report.organisation_ids = organisations.iter().map(|o| o.id).collect();
    if !report.organisation_ids.is_empty() {
        tx.audit(
            AuditAction::Import,
            EntityKind::Organisation,
            report.organisation_ids.clone(),
            vec![],
            format!("{} organisations", report.organisations),
        );
    }
    tx.audit(
        AuditAction::Import,
        EntityKind::Contact,
        contacts.iter().map(|c| c.id).collect(),
        vec![],
        format!(
            "{} contacts, {} interactions, {} consent events",
            report.contacts, report.interactions, report.consents
        ),
    );
    Ok(Response::Imported(report))
}
