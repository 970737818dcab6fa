//! Consent records: append-only, the state derived from the history; and
//! special-category values, which need a purpose whose basis applies.

use serde::{Deserialize, Serialize};

use super::api::ConsentDraft;
use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::records::{self, consent, person};
use super::{Result, ServiceError, Tx, summary_of};
use crate::model::validate;
use crate::model::{
    AuditAction, ConsentEvent, ConsentState, Contact, ContactId, EntityKind, PurposeId,
    SpecialCategory, SpecialCategoryRecord,
};
use crate::search::ContactSummary;
use crate::store::{Link, Reads};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordConsent {
    pub draft: ConsentDraft,
}

impl Call for RecordConsent {
    type Answer = ConsentEvent;
    fn permission(&self) -> Permission {
        Permission::RecordConsent
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::RecordConsent,
            EntityKind::Contact,
            vec![self.draft.contact_id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<ConsentEvent> {
        cx.write(|tx| consent::record(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentHistory {
    pub contact_id: ContactId,
    pub purpose_id: PurposeId,
}

impl Call for ConsentHistory {
    type Answer = Vec<ConsentEvent>;
    fn permission(&self) -> Permission {
        Permission::ReadContacts
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Contact, vec![self.contact_id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<ConsentEvent>> {
        cx.read(|tx| {
            person::load(tx, self.contact_id)?;
            records::purpose(tx, self.purpose_id)?;
            consent::history(tx, self.contact_id, self.purpose_id)
        })
    }
}

/// Who may be contacted for a purpose: a current consent (or another basis
/// that applies), not restricted, not objected, not anonymised. A mailing
/// list: an export, audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contactable {
    pub purpose_id: PurposeId,
}

impl Call for Contactable {
    type Answer = Vec<ContactSummary>;
    fn permission(&self) -> Permission {
        Permission::Export
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::Export,
            EntityKind::Purpose,
            vec![self.purpose_id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<ContactSummary>> {
        let audience = cx.read(|tx| contactable(tx, self.purpose_id))?;
        cx.service.audit_export(
            cx.actor,
            cx.now,
            EntityKind::Purpose,
            vec![self.purpose_id],
            format!(
                "audience of purpose #{}: {} contacts",
                self.purpose_id,
                audience.len()
            ),
        )?;
        Ok(audience)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordSpecial {
    pub contact_id: ContactId,
    pub category: SpecialCategory,
    pub purpose_id: PurposeId,
    pub value: String,
}

impl Call for RecordSpecial {
    type Answer = Contact;
    fn permission(&self) -> Permission {
        Permission::SpecialCategories
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::RecordSpecial,
            EntityKind::Contact,
            vec![self.contact_id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<Contact> {
        cx.write(|tx| {
            record_special(
                tx,
                self.contact_id,
                self.category,
                self.purpose_id,
                self.value,
            )
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoveSpecial {
    pub contact_id: ContactId,
    pub category: SpecialCategory,
}

impl Call for RemoveSpecial {
    type Answer = Contact;
    fn permission(&self) -> Permission {
        Permission::SpecialCategories
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::RecordSpecial,
            EntityKind::Contact,
            vec![self.contact_id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<Contact> {
        cx.write(|tx| remove_special(tx, self.contact_id, self.category))
    }
}

impl Answer for ConsentEvent {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        vec![self.contact_id]
    }
}

impl Answer for Vec<ConsentEvent> {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.iter().map(|e| e.contact_id).collect()
    }
}

impl Answer for Vec<ContactSummary> {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.iter().map(|s| s.id).collect()
    }
}

pub(super) fn contactable(tx: &impl Reads, purpose_id: u64) -> Result<Vec<ContactSummary>> {
    let purpose = records::purpose(tx, purpose_id)?;
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
        if consent::may_contact(&contact, &purpose, ConsentState::derive(&events)) {
            out.push(summary_of(tx, &contact)?);
        }
    }
    out.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
    Ok(out)
}

pub(super) fn record_special(
    tx: &mut Tx<'_>,
    contact_id: u64,
    category: SpecialCategory,
    purpose_id: u64,
    value: String,
) -> Result<Contact> {
    let mut contact = person::load(&*tx.tx, contact_id)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} is anonymised; nothing can be recorded about them"
        )));
    }
    let purpose = records::purpose(&*tx.tx, purpose_id)?;
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
    let state = ConsentState::derive(&consent::history(&*tx.tx, contact_id, purpose_id)?);
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
    Ok(contact)
}

pub(super) fn remove_special(
    tx: &mut Tx<'_>,
    contact_id: u64,
    category: SpecialCategory,
) -> Result<Contact> {
    let mut contact = person::load(&*tx.tx, contact_id)?;
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
    Ok(contact)
}
