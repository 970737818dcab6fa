//! Interactions: calls, e-mails, meetings, orders and notes logged against a
//! contact. Logging one moves the contact's last-interaction date, which
//! retention anchored on it follows.

use serde::{Deserialize, Serialize};

use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::records::person;
use super::{Result, ServiceError, Tx, check_version, not_found};
use crate::model::validate;
use crate::model::{
    AuditAction, Contact, ContactId, EntityKind, Interaction, InteractionDraft, InteractionKind,
    Timestamp,
};
use crate::store::{Link, Reads};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListInteractions {
    pub contact_id: ContactId,
}

impl Call for ListInteractions {
    type Answer = Vec<Interaction>;
    fn permission(&self) -> Permission {
        Permission::ReadContacts
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Contact, vec![self.contact_id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<Interaction>> {
        cx.read(|tx| list(tx, self.contact_id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateInteraction {
    pub draft: InteractionDraft,
}

impl Call for CreateInteraction {
    type Answer = Interaction;
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::Create,
            EntityKind::Contact,
            vec![self.draft.contact_id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<Interaction> {
        cx.write(|tx| create(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateInteraction {
    pub id: u64,
    pub version: u32,
    pub kind: InteractionKind,
    pub at: Timestamp,
    pub summary: String,
}

impl Call for UpdateInteraction {
    type Answer = Interaction;
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Interaction, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Interaction> {
        cx.write(|tx| update(tx, self.id, self.version, self.kind, self.at, self.summary))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeleteInteraction {
    pub id: u64,
}

impl Call for DeleteInteraction {
    type Answer = ();
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Delete, EntityKind::Interaction, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<()> {
        cx.write(|tx| delete(tx, self.id))
    }
}

impl Answer for Interaction {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        vec![self.contact_id]
    }
}

impl Answer for Vec<Interaction> {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.iter().map(|i| i.contact_id).collect()
    }
}

/// Interactions record what happened; a date in the future would keep
/// data alive on a retention anchored on the last interaction.
pub(super) fn check(now: Timestamp, at: Timestamp, summary: &str) -> Result<()> {
    use crate::model::plausible;
    plausible::happened("at", at, plausible::EARLIEST, now)?;
    validate::max_len("summary", summary, validate::MAX_TEXT)?;
    Ok(())
}

pub(super) fn list(tx: &impl Reads, contact_id: u64) -> Result<Vec<Interaction>> {
    person::load(tx, contact_id)?;
    let mut out = Vec::new();
    for id in tx.links(Link::CONTACT_INTERACTIONS, contact_id)? {
        if let Some(i) = tx.get::<Interaction>(id)? {
            out.push(i);
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    Ok(out)
}

/// Recomputes the contact's last-interaction date from what is stored.
fn refresh_last_interaction(tx: &mut Tx<'_>, contact_id: u64) -> Result<()> {
    let mut contact = person::load(&*tx.tx, contact_id)?;
    let mut last = None;
    for id in tx.tx.links(Link::CONTACT_INTERACTIONS, contact_id)? {
        if let Some(i) = tx.tx.get::<Interaction>(id)? {
            last = last.max(Some(i.at));
        }
    }
    if contact.last_interaction_at != last {
        // Derived data: no version bump, so a colleague's open edit of the
        // contact does not conflict with logging a call.
        contact.last_interaction_at = last;
        tx.tx.put(&contact)?;
    }
    Ok(())
}

pub(super) fn create(tx: &mut Tx<'_>, draft: InteractionDraft) -> Result<Interaction> {
    let contact: Contact = person::load(&*tx.tx, draft.contact_id)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{} is anonymised; nothing more can be logged about them",
            contact.id
        )));
    }
    let at = draft.at.unwrap_or(tx.now);
    let summary = draft.summary.trim().to_string();
    check(tx.now, at, &summary)?;
    let id = tx.tx.next_id(EntityKind::Interaction)?;
    let interaction = Interaction {
        id,
        version: 1,
        contact_id: contact.id,
        kind: draft.kind,
        at,
        by: tx.actor.name.clone(),
        summary,
        created_at: tx.now,
    };
    tx.tx.put(&interaction)?;
    tx.tx.link(Link::CONTACT_INTERACTIONS, contact.id, id)?;
    refresh_last_interaction(tx, contact.id)?;
    tx.audit(
        AuditAction::Create,
        EntityKind::Interaction,
        vec![id],
        vec![],
        format!("contact=#{} kind={}", contact.id, interaction.kind),
    );
    Ok(interaction)
}

fn load(tx: &impl Reads, id: u64) -> Result<Interaction> {
    tx.get::<Interaction>(id)?
        .ok_or_else(|| not_found(EntityKind::Interaction, id))
}

pub(super) fn update(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    kind: InteractionKind,
    at: Timestamp,
    summary: String,
) -> Result<Interaction> {
    let mut interaction = load(&*tx.tx, id)?;
    check_version(EntityKind::Interaction, id, version, interaction.version)?;
    if person::load(&*tx.tx, interaction.contact_id)?.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{} is anonymised; their interactions can no longer be edited",
            interaction.contact_id
        )));
    }
    let summary = summary.trim().to_string();
    check(tx.now, at, &summary)?;
    let mut fields = Vec::new();
    if interaction.kind != kind {
        fields.push("kind".to_string());
    }
    if interaction.at != at {
        fields.push("at".to_string());
    }
    if interaction.summary != summary {
        fields.push("summary".to_string());
    }
    interaction.kind = kind;
    interaction.at = at;
    interaction.summary = summary;
    interaction.version += 1;
    tx.tx.put(&interaction)?;
    refresh_last_interaction(tx, interaction.contact_id)?;
    tx.audit(
        AuditAction::Update,
        EntityKind::Interaction,
        vec![id],
        fields,
        format!("contact=#{}", interaction.contact_id),
    );
    Ok(interaction)
}

pub(super) fn delete(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    let interaction = load(&*tx.tx, id)?;
    tx.tx.remove::<Interaction>(id)?;
    tx.tx
        .unlink(Link::CONTACT_INTERACTIONS, interaction.contact_id, id)?;
    refresh_last_interaction(tx, interaction.contact_id)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::Interaction,
        vec![id],
        vec![],
        format!("contact=#{}", interaction.contact_id),
    );
    Ok(())
}
