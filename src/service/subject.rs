//! What the company tells people: everything stored about one person
//! (Art. 15, 20) and the records of processing activities (Art. 30).

use serde::{Deserialize, Serialize};

use super::Result;
use super::api::{Controller, IncidentNotice, PurposeInfo, RopaData, SubjectData};
use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::records::{assessment, consent, person};
use crate::model::{
    AuditAction, ConsentEvent, Contact, ContactId, EntityKind, Incident, Interaction, Organisation,
    Purpose, Settings, SubjectRequest,
};
use crate::model::{Timestamp, purpose::Transfer};
use crate::store::{Link, Reads};

/// Everything stored about one person (Art. 15, 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectExport {
    pub contact_id: ContactId,
}

impl Call for SubjectExport {
    type Answer = SubjectData;
    fn permission(&self) -> Permission {
        Permission::Export
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::Export,
            EntityKind::Contact,
            vec![self.contact_id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<SubjectData> {
        cx.write(|tx| {
            let data = collect(&*tx.tx, self.contact_id, tx.now)?;
            tx.audit(
                AuditAction::Export,
                EntityKind::Contact,
                vec![self.contact_id],
                vec![],
                "personal-data export",
            );
            Ok(data)
        })
    }
}

/// The records of processing activities (Art. 30).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ropa;

impl Call for Ropa {
    type Answer = RopaData;
    fn permission(&self) -> Permission {
        Permission::Export
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Export, EntityKind::Purpose, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RopaData> {
        cx.read(|tx| ropa(tx, cx.now))
    }
}

impl Answer for SubjectData {
    fn redact_special(&mut self) {
        self.contact.redact_special();
    }
    fn contact_ids(&self) -> Vec<ContactId> {
        vec![self.contact.id]
    }
}

super::call::no_contacts!(RopaData);

/// The version tag of the JSON export; see docs/subject-export.md.
pub const SUBJECT_FORMAT: &str = "custos.subject-export/1";

pub(super) fn controller(settings: &Settings) -> Controller {
    Controller {
        name: settings.controller_name.clone(),
        address: settings.controller_address.clone(),
        email: settings.controller_email.clone(),
        dpo: settings.dpo_contact.clone(),
    }
}

fn transfer_line(t: &Transfer) -> String {
    let mut line = format!("{} ({})", t.destination, t.safeguard.label());
    if !t.note.is_empty() {
        line.push_str(": ");
        line.push_str(&t.note);
    }
    line
}

pub(super) fn purpose_info(p: &Purpose) -> PurposeInfo {
    PurposeInfo {
        id: p.id,
        name: p.name.clone(),
        description: p.description.clone(),
        legal_basis: p.legal_basis.to_string(),
        legitimate_interest: p.legitimate_interest.clone(),
        retention: p.retention.to_string(),
        data_categories: p.data_categories.clone(),
        special_categories: p
            .special_categories
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        recipients: p.recipients.clone(),
        transfers: p.transfers.iter().map(transfer_line).collect(),
        marketing: p.marketing,
    }
}

/// Everything stored about contact `id`: the contact with its special
/// categories, organisation, interactions, the whole consent history, the
/// purposes it was processed for, the retention assessment, the requests
/// about them and the breach notifications they were listed for.
pub(super) fn collect(tx: &impl Reads, id: u64, now: Timestamp) -> Result<SubjectData> {
    let contact = person::load(tx, id)?;
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
    interactions.sort_by_key(|i| (i.at, i.id));
    let consents: Vec<_> = consent::overview(tx, id)?
        .into_iter()
        .filter(|c| !c.history.is_empty())
        .collect();
    let all_purposes = assessment::purposes(tx)?;
    let mut purpose_ids: Vec<u64> = consents.iter().map(|c| c.purpose_id).collect();
    purpose_ids.extend(contact.special.iter().map(|s| s.purpose_id));
    purpose_ids.sort_unstable();
    purpose_ids.dedup();
    let purposes = purpose_ids
        .iter()
        .filter_map(|p| all_purposes.get(p))
        .map(purpose_info)
        .collect();
    let states: Vec<(u64, crate::model::ConsentState)> =
        consents.iter().map(|c| (c.purpose_id, c.state)).collect();
    let retention = assessment::assess(&contact, &states, &all_purposes, now, &super::zone(tx)?);
    let mut requests = Vec::new();
    for request_id in tx.links(Link::CONTACT_REQUESTS, id)? {
        if let Some(r) = tx.get::<SubjectRequest>(request_id)? {
            requests.push(r);
        }
    }
    requests.sort_by_key(|r| (r.received_on, r.id));
    let mut incidents = Vec::new();
    for incident_id in tx.links(Link::NOTIFIED_CONTACTS, id)? {
        let (Some(incident), Some(entry)) = (
            tx.get::<Incident>(incident_id)?,
            tx.notification_entry(incident_id, id)?,
        ) else {
            continue;
        };
        incidents.push(IncidentNotice {
            title: incident.title,
            aware_at: incident.aware_at,
            entry,
        });
    }
    Ok(SubjectData {
        format: SUBJECT_FORMAT.to_string(),
        generated_at: now,
        controller: controller(&tx.settings()?),
        contact,
        organisation,
        interactions,
        consents,
        purposes,
        retention,
        requests,
        incidents,
    })
}

/// Whether any contact not yet anonymised has a consent record under the
/// purpose.
fn still_holds_data(tx: &impl Reads, purpose_id: u64) -> Result<bool> {
    for event_id in tx.links(Link::PURPOSE_CONSENTS, purpose_id)? {
        if let Some(event) = tx.get::<ConsentEvent>(event_id)?
            && tx
                .get::<Contact>(event.contact_id)?
                .is_some_and(|c| !c.is_anonymised())
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Art. 30(1): the register, from the purposes in use.
pub(super) fn ropa(tx: &impl Reads, now: Timestamp) -> Result<RopaData> {
    let settings = tx.settings()?;
    // An archived purpose stays in the register while data recorded under
    // it is still held: keeping it is processing too.
    let mut purposes = Vec::new();
    for purpose in tx.all::<Purpose>()? {
        if purpose.is_active() || still_holds_data(tx, purpose.id)? {
            purposes.push(purpose);
        }
    }
    purposes.sort_by_key(|p| p.name.to_lowercase());
    Ok(RopaData {
        generated_at: now,
        controller: controller(&settings),
        security_measures: settings.security_measures,
        purposes,
    })
}
