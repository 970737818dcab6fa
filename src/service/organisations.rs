//! Organisations contacts work for.

use serde::{Deserialize, Serialize};

use super::auth::Permission;
use super::call::{Call, Context, Intent};
use super::{Result, ServiceError, Tx, check_version, not_found};
use crate::model::phone::PhoneRegion;
use crate::model::validate;
use crate::model::{
    AuditAction, Contact, EntityKind, Organisation, OrganisationDraft, OrganisationId,
};
use crate::store::{Link, Reads};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListOrganisations;

impl Call for ListOrganisations {
    type Answer = Vec<Organisation>;
    fn permission(&self) -> Permission {
        Permission::ReadContacts
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Organisation, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<Organisation>> {
        cx.read(list)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetOrganisation {
    pub id: OrganisationId,
}

impl Call for GetOrganisation {
    type Answer = Organisation;
    fn permission(&self) -> Permission {
        Permission::ReadContacts
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Organisation, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Organisation> {
        cx.read(|tx| get(tx, self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateOrganisation {
    pub draft: OrganisationDraft,
}

impl Call for CreateOrganisation {
    type Answer = Organisation;
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::Organisation, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Organisation> {
        cx.write(|tx| create(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateOrganisation {
    pub id: OrganisationId,
    pub version: u32,
    pub draft: OrganisationDraft,
}

impl Call for UpdateOrganisation {
    type Answer = Organisation;
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Organisation, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Organisation> {
        cx.write(|tx| update(tx, self.id, self.version, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeleteOrganisation {
    pub id: OrganisationId,
}

impl Call for DeleteOrganisation {
    type Answer = ();
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Delete, EntityKind::Organisation, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<()> {
        cx.write(|tx| delete(tx, self.id))
    }
}

super::call::no_contacts!(Organisation, Vec<Organisation>);

pub(super) fn list(tx: &impl Reads) -> Result<Vec<Organisation>> {
    let mut all = tx.all::<Organisation>()?;
    all.sort_by_key(|o| o.name.to_lowercase());
    Ok(all)
}

fn load(tx: &impl Reads, id: u64) -> Result<Organisation> {
    tx.get::<Organisation>(id)?
        .ok_or_else(|| not_found(EntityKind::Organisation, id))
}

pub(super) fn get(tx: &impl Reads, id: u64) -> Result<Organisation> {
    load(tx, id)
}

/// Validates a draft and brings its phone number into the stored form.
/// Validates a draft and brings its number into the stored form, read
/// with the settings' phone `region` (asked once per batch by an import).
pub(super) fn checked(
    draft: OrganisationDraft,
    region: Option<PhoneRegion>,
) -> Result<OrganisationDraft> {
    let mut draft = draft.normalised();
    validate::organisation(&draft)?;
    if !draft.phone.is_empty() {
        draft.phone = crate::model::phone::normalise(&draft.phone, region);
    }
    Ok(draft)
}

pub(super) fn create(tx: &mut Tx<'_>, draft: OrganisationDraft) -> Result<Organisation> {
    let draft = checked(draft, super::records::person::phone_region(&*tx.tx)?)?;
    let id = tx.tx.next_id(EntityKind::Organisation)?;
    let organisation = Organisation::from_draft(id, draft, tx.now);
    tx.tx.put(&organisation)?;
    tx.audit(
        AuditAction::Create,
        EntityKind::Organisation,
        vec![id],
        vec![],
        "",
    );
    Ok(organisation)
}

pub(super) fn update(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    draft: OrganisationDraft,
) -> Result<Organisation> {
    let mut organisation = load(&*tx.tx, id)?;
    check_version(EntityKind::Organisation, id, version, organisation.version)?;
    let draft = checked(draft, super::records::person::phone_region(&*tx.tx)?)?;
    let fields: Vec<String> = organisation
        .changed_fields(&draft)
        .into_iter()
        .map(String::from)
        .collect();
    if fields.is_empty() {
        return Ok(organisation);
    }
    let renamed = organisation.name != draft.name;
    organisation.apply(draft);
    organisation.version += 1;
    organisation.updated_at = tx.now;
    tx.tx.put(&organisation)?;
    if renamed {
        // The organisation's name is part of every member's search entry.
        for contact_id in tx.tx.links(Link::ORGANISATION_CONTACTS, id)? {
            if let Some(contact) = tx.tx.get::<Contact>(contact_id)? {
                tx.reindex(&contact)?;
            }
        }
    }
    tx.audit(
        AuditAction::Update,
        EntityKind::Organisation,
        vec![id],
        fields,
        "",
    );
    Ok(organisation)
}

pub(super) fn delete(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    load(&*tx.tx, id)?;
    let members = tx.tx.links(Link::ORGANISATION_CONTACTS, id)?;
    if !members.is_empty() {
        return Err(ServiceError::Refused(format!(
            "organisation #{id} still has {} contact(s); move them to another organisation or \
             remove them first",
            members.len()
        )));
    }
    tx.tx.remove::<Organisation>(id)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::Organisation,
        vec![id],
        vec![],
        "",
    );
    Ok(())
}
