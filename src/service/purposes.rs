//! Processing purposes: their register, archiving, templates.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::api::{ConsentCounts, PurposeOverview};
use super::auth::Permission;
use super::call::{Call, Context, Intent};
use super::{Result, ServiceError, Tx, check_version};
use crate::model::purpose::{PurposeTemplate, templates};
use crate::model::validate;
use crate::model::{
    AuditAction, ConsentEvent, ConsentState, Contact, EntityKind, Purpose, PurposeDraft, PurposeId,
};
use crate::store::{Link, Reads};

/// Every purpose with how many contacts hold each consent state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListPurposes;

impl Call for ListPurposes {
    type Answer = Vec<PurposeOverview>;
    fn permission(&self) -> Permission {
        Permission::ReadPurposes
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Purpose, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<PurposeOverview>> {
        // The counts are kept with the retention index (derived once).
        cx.service.retention_index()?;
        cx.read(list)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetPurpose {
    pub id: PurposeId,
}

impl Call for GetPurpose {
    type Answer = Purpose;
    fn permission(&self) -> Permission {
        Permission::ReadPurposes
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Purpose, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Purpose> {
        cx.read(|tx| super::records::purpose(tx, self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatePurpose {
    pub draft: PurposeDraft,
}

impl Call for CreatePurpose {
    type Answer = Purpose;
    fn permission(&self) -> Permission {
        Permission::ManagePurposes
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::Purpose, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Purpose> {
        cx.write(|tx| create(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdatePurpose {
    pub id: PurposeId,
    pub version: u32,
    pub draft: PurposeDraft,
}

impl Call for UpdatePurpose {
    type Answer = Purpose;
    fn permission(&self) -> Permission {
        Permission::ManagePurposes
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Purpose, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Purpose> {
        cx.write(|tx| update(tx, self.id, self.version, self.draft))
    }
}

/// A purpose in use is archived, never deleted: its history stays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivePurpose {
    pub id: PurposeId,
}

impl Call for ArchivePurpose {
    type Answer = Purpose;
    fn permission(&self) -> Permission {
        Permission::ManagePurposes
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Archive, EntityKind::Purpose, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Purpose> {
        cx.write(|tx| archive(tx, self.id))
    }
}

/// Only a purpose nobody's consent refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeletePurpose {
    pub id: PurposeId,
}

impl Call for DeletePurpose {
    type Answer = ();
    fn permission(&self) -> Permission {
        Permission::ManagePurposes
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Delete, EntityKind::Purpose, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<()> {
        cx.write(|tx| delete(tx, self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurposeTemplates;

impl Call for PurposeTemplates {
    type Answer = Vec<PurposeTemplate>;
    fn permission(&self) -> Permission {
        Permission::ReadPurposes
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Purpose, vec![])
    }
    fn handle(self, _: &Context<'_>) -> Result<Vec<PurposeTemplate>> {
        Ok(templates())
    }
}

/// Creates purposes from the named templates (skipping names in use).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadTemplates {
    pub keys: Vec<String>,
}

impl Call for LoadTemplates {
    type Answer = Vec<Purpose>;
    fn permission(&self) -> Permission {
        Permission::ManagePurposes
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::Purpose, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<Purpose>> {
        cx.write(|tx| load_templates(tx, self.keys))
    }
}

super::call::no_contacts!(
    Purpose,
    Vec<Purpose>,
    Vec<PurposeOverview>,
    Vec<PurposeTemplate>
);

/// How many contacts hold each state, per purpose, from one pass over the
/// consent history: what `consent_counts` keeps, recomputed (the reference
/// it is tested against).
pub(crate) fn counts(tx: &impl Reads) -> Result<HashMap<u64, ConsentCounts>> {
    let mut latest: BTreeMap<(u64, u64), ConsentEvent> = BTreeMap::new();
    tx.scan::<ConsentEvent>(|e| {
        let key = (e.purpose_id, e.contact_id);
        let newer = latest
            .get(&key)
            .is_none_or(|old| (e.at, e.id) > (old.at, old.id));
        if newer {
            latest.insert(key, e);
        }
        true
    })?;
    let mut out: HashMap<u64, ConsentCounts> = HashMap::new();
    for ((purpose, _), event) in latest {
        let c = out.entry(purpose).or_default();
        match ConsentState::derive([&event]) {
            ConsentState::Given { .. } => c.given += 1,
            ConsentState::Withdrawn { .. } => c.withdrawn += 1,
            ConsentState::Refused { .. } => c.refused += 1,
            ConsentState::NoRecord => {}
        }
    }
    Ok(out)
}

pub(super) fn list(tx: &impl Reads) -> Result<Vec<PurposeOverview>> {
    let counts = super::records::retention_index::consent_counts(tx)?;
    let mut all: Vec<PurposeOverview> = tx
        .all::<Purpose>()?
        .into_iter()
        .map(|p| PurposeOverview {
            counts: counts.get(&p.id).copied().unwrap_or_default(),
            purpose: p,
        })
        .collect();
    all.sort_by_key(|o| {
        (
            o.purpose.archived_at.is_some(),
            o.purpose.name.to_lowercase(),
        )
    });
    Ok(all)
}

fn checked(tx: &impl Reads, draft: PurposeDraft, except: Option<u64>) -> Result<PurposeDraft> {
    let draft = draft.normalised();
    validate::purpose(&draft)?;
    let clash = tx
        .all::<Purpose>()?
        .into_iter()
        .any(|p| Some(p.id) != except && p.name.to_lowercase() == draft.name.to_lowercase());
    if clash {
        return Err(ServiceError::invalid(
            "name",
            "another purpose already has this name",
        ));
    }
    Ok(draft)
}

fn insert(tx: &mut Tx<'_>, draft: PurposeDraft) -> Result<Purpose> {
    let id = tx.tx.next_id(EntityKind::Purpose)?;
    let purpose = Purpose::from_draft(id, draft, tx.now);
    tx.tx.put(&purpose)?;
    tx.audit(
        AuditAction::Create,
        EntityKind::Purpose,
        vec![id],
        vec![],
        format!("basis={}", purpose.legal_basis.key()),
    );
    Ok(purpose)
}

pub(super) fn create(tx: &mut Tx<'_>, draft: PurposeDraft) -> Result<Purpose> {
    let draft = checked(&*tx.tx, draft, None)?;
    insert(tx, draft)
}

pub(super) fn update(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    draft: PurposeDraft,
) -> Result<Purpose> {
    let mut purpose = super::records::purpose(&*tx.tx, id)?;
    check_version(EntityKind::Purpose, id, version, purpose.version)?;
    let draft = checked(&*tx.tx, draft, Some(id))?;
    let fields: Vec<String> = purpose
        .changed_fields(&draft)
        .into_iter()
        .map(String::from)
        .collect();
    if fields.is_empty() {
        return Ok(purpose);
    }
    // Only a change of the categories can leave a contact's special data
    // uncovered; anything else would read every consent of the purpose
    // (seconds at a million contacts) to strip nothing.
    let categories_changed = fields.iter().any(|f| f == "special_categories");
    // A standing depends on a purpose's basis and retention rule only.
    let rule_changed = fields
        .iter()
        .any(|f| f == "legal_basis" || f == "retention");
    purpose.apply(draft);
    purpose.version += 1;
    purpose.updated_at = tx.now;
    tx.tx.put(&purpose)?;
    if !rule_changed {
        tx.tx.untouch_purpose(id);
    }
    tx.audit(
        AuditAction::Update,
        EntityKind::Purpose,
        vec![id],
        fields,
        "",
    );
    if categories_changed {
        strip_special(tx, &purpose)?;
    }
    Ok(purpose)
}

pub(super) fn archive(tx: &mut Tx<'_>, id: u64) -> Result<Purpose> {
    let mut purpose = super::records::purpose(&*tx.tx, id)?;
    if purpose.archived_at.is_some() {
        return Ok(purpose);
    }
    purpose.archived_at = Some(tx.now);
    purpose.version += 1;
    purpose.updated_at = tx.now;
    tx.tx.put(&purpose)?;
    // Consents given stay what they were: nobody's retention changes.
    tx.tx.untouch_purpose(id);
    tx.audit(
        AuditAction::Archive,
        EntityKind::Purpose,
        vec![id],
        vec![],
        "",
    );
    strip_special(tx, &purpose)?;
    Ok(purpose)
}

/// Removes special-category values the purpose no longer covers (a
/// category dropped from it, or the purpose archived): without their
/// purpose they have no basis.
fn strip_special(tx: &mut Tx<'_>, purpose: &Purpose) -> Result<()> {
    let mut contact_ids: Vec<u64> = Vec::new();
    for event_id in tx.tx.links(Link::PURPOSE_CONSENTS, purpose.id)? {
        if let Some(e) = tx.tx.get::<ConsentEvent>(event_id)? {
            contact_ids.push(e.contact_id);
        }
    }
    contact_ids.sort_unstable();
    contact_ids.dedup();
    let covered = |c: &crate::model::SpecialCategory| {
        purpose.is_active() && purpose.special_categories.contains(c)
    };
    let mut stripped = Vec::new();
    for id in contact_ids {
        let Some(mut contact) = tx.tx.get::<Contact>(id)? else {
            continue;
        };
        let before = contact.special.len();
        contact
            .special
            .retain(|s| s.purpose_id != purpose.id || covered(&s.category));
        if contact.special.len() != before {
            contact.version += 1;
            contact.updated_at = tx.now;
            tx.tx.put(&contact)?;
            tx.reindex(&contact)?;
            stripped.push(id);
        }
    }
    if !stripped.is_empty() {
        tx.audit(
            AuditAction::Delete,
            EntityKind::Contact,
            stripped,
            vec!["special".into()],
            format!("no longer covered by purpose #{}", purpose.id),
        );
    }
    Ok(())
}

pub(super) fn delete(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    let purpose = super::records::purpose(&*tx.tx, id)?;
    let uses = tx.tx.links(Link::PURPOSE_CONSENTS, id)?.len();
    if uses > 0 {
        return Err(ServiceError::Refused(format!(
            "purpose \"{}\" is in use ({uses} consent record(s) refer to it); archive it instead \
             so its history stays as proof",
            purpose.name
        )));
    }
    tx.tx.remove::<Purpose>(id)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::Purpose,
        vec![id],
        vec![],
        "",
    );
    Ok(())
}

pub(super) fn load_templates(tx: &mut Tx<'_>, keys: Vec<String>) -> Result<Vec<Purpose>> {
    let available = templates();
    let existing: Vec<String> = tx
        .tx
        .all::<Purpose>()?
        .into_iter()
        .map(|p| p.name.to_lowercase())
        .collect();
    let mut created = Vec::new();
    for key in &keys {
        let template = available.iter().find(|t| &t.key == key).ok_or_else(|| {
            ServiceError::invalid(
                "keys",
                format!(
                    "no template {key:?}; there are: {}",
                    available
                        .iter()
                        .map(|t| t.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        if existing.contains(&template.draft.name.to_lowercase()) {
            continue;
        }
        let draft = checked(&*tx.tx, template.draft.clone(), None)?;
        created.push(insert(tx, draft)?);
    }
    Ok(created)
}
