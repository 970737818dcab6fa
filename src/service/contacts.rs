//! Contacts: create, read, update, delete, and the rows of the list.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::api::{
    ConsentSummary, ContactDetail, ContactExportPage, ContactPage, ContactQuery, ContactRow,
};
use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::records::{assessment, consent, erasure, person, retention_index};
use super::{Result, Tx};
use crate::model::retention;
use crate::model::{
    AuditAction, ConsentState, Contact, ContactDraft, ContactId, EntityKind, Interaction,
    Organisation, Purpose, Timestamp,
};
use crate::search::{ContactSummary, Highlights};
use crate::store::{Link, Reads};

/// A page of the contact list: everyone in an order, or the matches of a
/// fuzzy query, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListContacts {
    pub query: ContactQuery,
}

impl Call for ListContacts {
    type Answer = ContactPage;
    fn permission(&self) -> Permission {
        Permission::ReadContacts
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Contact, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<ContactPage> {
        cx.service.list_contacts(self.query, cx.now)
    }
}

/// Machine-readable bulk output of contacts, every field (CSV, JSON): an
/// export, audited with its row count. Pages like `ListContacts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportContacts {
    pub query: ContactQuery,
    /// What the client writes ("csv", "json"), for the audit entry.
    pub format: String,
}

impl Call for ExportContacts {
    type Answer = ContactExportPage;
    fn permission(&self) -> Permission {
        Permission::Export
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Export, EntityKind::Contact, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<ContactExportPage> {
        let format = self.format.trim();
        if format.is_empty()
            || format.len() > 16
            || !format
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(super::ServiceError::invalid(
                "format",
                "a short name such as csv or json",
            ));
        }
        let filtered = !self.query.query.trim().is_empty();
        let page = cx.service.export_contacts(self.query)?;
        let first = page.offset;
        let detail = format!(
            "contacts export ({format}{}): {} rows, {}–{} of {}",
            if filtered { ", a search" } else { "" },
            page.rows.len(),
            first + usize::from(!page.rows.is_empty()),
            first + page.rows.len(),
            page.total
        );
        cx.service
            .audit_export(cx.actor, cx.now, EntityKind::Contact, vec![], detail)?;
        Ok(page)
    }
}

/// Everything the detail view shows about one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetContact {
    pub id: ContactId,
}

impl Call for GetContact {
    type Answer = ContactDetail;
    fn permission(&self) -> Permission {
        Permission::ReadContacts
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Contact, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<ContactDetail> {
        cx.read(|tx| detail(tx, self.id, cx.now))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateContact {
    pub draft: ContactDraft,
}

impl Call for CreateContact {
    type Answer = Contact;
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::Contact, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Contact> {
        cx.write(|tx| person::create(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateContact {
    pub id: ContactId,
    pub version: u32,
    pub draft: ContactDraft,
    /// A restricted contact (Art. 18) is only changed when the user
    /// confirmed they mean to; without it the edit is refused with
    /// `NeedsConfirmation`.
    #[serde(default)]
    pub confirmed: bool,
}

impl Call for UpdateContact {
    type Answer = Contact;
    fn permission(&self) -> Permission {
        Permission::WriteContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Contact, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Contact> {
        cx.write(|tx| person::update(tx, self.id, self.version, self.draft, self.confirmed))
    }
}

/// Deleting a contact is an erasure: the contact and everything about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteContact {
    pub id: ContactId,
}

impl Call for DeleteContact {
    type Answer = ();
    fn permission(&self) -> Permission {
        Permission::EraseContacts
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Delete, EntityKind::Contact, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<()> {
        cx.write(|tx| delete(tx, self.id))
    }
}

impl Answer for Contact {
    fn redact_special(&mut self) {
        self.special.clear();
    }
    fn contact_ids(&self) -> Vec<ContactId> {
        vec![self.id]
    }
}

impl Answer for ContactDetail {
    fn redact_special(&mut self) {
        self.contact.redact_special();
    }
    fn contact_ids(&self) -> Vec<ContactId> {
        vec![self.contact.id]
    }
}

impl Answer for ContactPage {
    /// Rows carry summaries, which hold no special-category values.
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.rows.iter().map(|r| r.summary.id).collect()
    }
}

impl Answer for ContactExportPage {
    fn redact_special(&mut self) {
        for row in &mut self.rows {
            row.contact.redact_special();
        }
    }
    fn contact_ids(&self) -> Vec<ContactId> {
        self.rows.iter().map(|r| r.contact.id).collect()
    }
}

pub(super) fn delete(tx: &mut Tx<'_>, id: u64) -> Result<()> {
    erasure::erase(tx, id)?;
    tx.audit(
        AuditAction::Delete,
        EntityKind::Contact,
        vec![id],
        vec![],
        "",
    );
    Ok(())
}

/// Everything about a contact (the Service redacts what a role may not see).
pub(super) fn detail(tx: &impl Reads, id: u64, now: Timestamp) -> Result<ContactDetail> {
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
    interactions.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let consents = consent::overview(tx, id)?;
    let states: Vec<(u64, ConsentState)> = consents
        .iter()
        .filter(|c| c.state != ConsentState::NoRecord)
        .map(|c| (c.purpose_id, c.state))
        .collect();
    let purposes = assessment::purposes(tx)?;
    let retention = assessment::assess(&contact, &states, &purposes, now, &super::zone(tx)?);
    Ok(ContactDetail {
        contact,
        organisation,
        interactions,
        consents,
        retention,
    })
}

/// What every row of a page of the contact list is read with: read once
/// per page.
pub(super) struct RowContext {
    purposes: HashMap<u64, Purpose>,
    pub(super) zone: crate::model::when::Zone,
    now: Timestamp,
    /// Contacts up to this id have their standing and consent states
    /// current in the retention index (see `retention_index::current_to`).
    indexed_to: u64,
}

impl RowContext {
    pub(super) fn read(tx: &impl Reads, now: Timestamp) -> Result<RowContext> {
        Ok(RowContext {
            purposes: assessment::purposes(tx)?,
            zone: super::zone(tx)?,
            now,
            indexed_to: retention_index::current_to(tx)?,
        })
    }
}

/// A row of the contact list: the summary with the contact's consent
/// picture and retention hint, from the retention index where it is current
/// (two small reads), else from the contact and their consent history.
pub(super) fn row(
    tx: &impl Reads,
    summary: ContactSummary,
    highlights: Highlights,
    cx: &RowContext,
) -> Result<ContactRow> {
    let (consent, retention) = if summary.id <= cx.indexed_to {
        retention_index::row_facts(tx, summary.id, cx.now, &cx.zone)?
    } else {
        row_facts_from_history(tx, summary.id, cx)?
    };
    Ok(ContactRow {
        summary,
        highlights,
        consent,
        retention,
    })
}

/// A contact's consent picture and retention hint read both ways (see
/// `Service::contact_row_facts_both_ways`).
#[doc(hidden)]
#[derive(Debug)]
pub struct RowFactsBothWays {
    pub id: u64,
    pub indexed: (ConsentSummary, String),
    pub assessed: (ConsentSummary, String),
}

/// What `retention_index::row_facts` reads from the index, assessed from
/// the contact and their consent history: where the index is not current,
/// and the reference a test holds the index to.
pub(super) fn row_facts_from_history(
    tx: &impl Reads,
    id: u64,
    cx: &RowContext,
) -> Result<(ConsentSummary, String)> {
    let mut consent = ConsentSummary::default();
    let histories = person::consent_histories(tx, id)?;
    for history in histories.values() {
        match ConsentState::derive(history) {
            ConsentState::Given { .. } => consent.given += 1,
            ConsentState::Withdrawn { .. } => consent.withdrawn += 1,
            ConsentState::Refused { .. } => consent.refused += 1,
            ConsentState::NoRecord => {}
        }
    }
    let retention = match tx.get::<Contact>(id)? {
        Some(contact) => {
            let states = assessment::states_of(&histories);
            let a = assessment::assess(&contact, &states, &cx.purposes, cx.now, &cx.zone);
            retention::hint(&a, &cx.zone)
        }
        None => String::new(),
    };
    Ok((consent, retention))
}
