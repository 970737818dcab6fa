//! Bulk import in one transaction: a bad record anywhere rejects the whole
//! batch with the position of the culprit, and nothing is written. A dry
//! run goes through the very same checks (`check`) and reports every bad
//! row and every duplicate instead of the first.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::api::{
    DuplicateOf, ImportBatch, ImportDuplicate, ImportKind, ImportProblem, ImportReport, OnDuplicate,
};
use super::auth::Permission;
use super::call::{Call, Context, Intent};
use super::records::person::{keys_of, normalised_draft, phone_region};
use super::records::{DEMO_KEY, consent, objections};
use super::{Result, ServiceError, Tx, not_found};
use crate::model::phone::PhoneRegion;
use crate::model::plausible;
use crate::model::{
    AuditAction, ConsentEvent, Contact, ContactDraft, EntityKind, Interaction, Organisation,
    OrganisationDraft, Purpose, Timestamp,
};
use crate::store::{Link, Reads};

/// Many organisations, contacts and their histories in one transaction
/// (or, as a dry run, every check of it and nothing written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Import {
    pub batch: ImportBatch,
}

impl Call for Import {
    type Answer = ImportReport;
    fn permission(&self) -> Permission {
        match self.batch.kind {
            ImportKind::Data => Permission::Import,
            ImportKind::Demo { .. } => Permission::Demo,
        }
    }
    fn intent(&self) -> Intent {
        match self.batch.kind {
            ImportKind::Data => Intent::new(AuditAction::Import, EntityKind::Contact, vec![]),
            ImportKind::Demo { .. } => {
                Intent::new(AuditAction::Import, EntityKind::Settings, vec![])
            }
        }
    }
    fn handle(self, cx: &Context<'_>) -> Result<ImportReport> {
        if self.batch.dry_run {
            cx.read(|tx| dry_run(tx, self.batch, cx.now))
        } else {
            cx.write(|tx| import(tx, self.batch))
        }
    }
}

super::call::no_contacts!(ImportReport);

/// The names of the organisations a batch refers to, each read once.
#[derive(Default)]
struct OrganisationNames {
    known: HashMap<u64, Option<String>>,
}

impl OrganisationNames {
    /// The name of organisation `id`, `None` if there is none.
    fn of(&mut self, tx: &impl Reads, id: u64) -> Result<Option<&str>> {
        let name = match self.known.entry(id) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert(tx.get::<Organisation>(id)?.map(|o| o.name))
            }
        };
        Ok(name.as_deref())
    }
}

/// A batch as checked: the organisations and contact drafts in their
/// stored form, and what is wrong with it.
struct Checked {
    organisations: Vec<OrganisationDraft>,
    /// `None` for a contact with a problem.
    drafts: Vec<Option<ContactDraft>>,
    /// Per contact, the keys its addresses and numbers are compared by
    /// (reading numbers is most of an import's work: done once, here).
    keys: Vec<Vec<Vec<u8>>>,
    /// The existing organisations the contacts refer to, read once.
    names: OrganisationNames,
    problems: Vec<ImportProblem>,
    duplicates: Vec<ImportDuplicate>,
}

fn problem(section: &str, index: usize, e: ServiceError) -> ImportProblem {
    let (field, message) = match e {
        ServiceError::Invalid { field, message } => (field, message),
        other => (String::new(), other.to_string()),
    };
    ImportProblem {
        section: section.to_string(),
        index,
        field,
        message,
    }
}

/// Everything the import checks, without writing: every organisation and
/// contact is validated (all problems are collected), every address and
/// number is looked up among existing contacts and earlier rows.
fn check(
    tx: &impl Reads,
    batch: &ImportBatch,
    region: Option<PhoneRegion>,
    now: Timestamp,
) -> Result<Checked> {
    let mut problems = Vec::new();
    let mut organisations = Vec::with_capacity(batch.organisations.len());
    for (i, draft) in batch.organisations.iter().enumerate() {
        match super::organisations::checked(draft.clone(), region) {
            Ok(draft) => organisations.push(draft),
            Err(e) => {
                problems.push(problem("organisations", i, e));
                organisations.push(draft.clone());
            }
        }
    }
    let purposes: HashMap<u64, Purpose> = tx
        .all::<Purpose>()?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut drafts = Vec::with_capacity(batch.contacts.len());
    let mut all_keys = Vec::with_capacity(batch.contacts.len());
    let mut duplicates = Vec::new();
    let mut seen: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut names = OrganisationNames::default();
    for (i, item) in batch.contacts.iter().enumerate() {
        let first_problem = problems.len();
        let mut draft = item.draft.clone();
        if let Some(org_index) = item.organisation {
            if org_index >= organisations.len() {
                problems.push(problem(
                    "contacts",
                    i,
                    ServiceError::invalid(
                        "organisation",
                        format!(
                            "refers to organisation {org_index} of the batch, which has {}",
                            organisations.len()
                        ),
                    ),
                ));
            }
            // A new organisation is written before its contacts.
            draft.organisation_id = None;
        }
        let draft = normalised_draft(draft, region).and_then(|d| match d.organisation_id {
            Some(org) if names.of(tx, org)?.is_none() => {
                Err(not_found(EntityKind::Organisation, org))
            }
            _ => Ok(d),
        });
        let draft = match draft {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(problem("contacts", i, e));
                None
            }
        };
        if let Some(created) = item.created_at
            && let Err(e) = plausible::happened("created_at", created, plausible::EARLIEST, now)
        {
            problems.push(problem("contacts", i, e.into()));
        }
        for (j, it) in item.interactions.iter().enumerate() {
            if let Err(e) = super::interactions::check(now, it.at, &it.summary) {
                problems.push(problem(
                    "contacts",
                    i,
                    e.within(&format!("interactions[{j}]")),
                ));
            }
        }
        for (j, c) in item.consents.iter().enumerate() {
            let within = |e: ServiceError| e.within(&format!("consents[{j}]"));
            match purposes.get(&c.purpose_id) {
                None => problems.push(problem(
                    "contacts",
                    i,
                    within(not_found(EntityKind::Purpose, c.purpose_id)),
                )),
                Some(purpose) => {
                    if let Err(e) =
                        consent::check_event(purpose, c.action, c.at, c.evidence.trim(), now)
                    {
                        problems.push(problem("contacts", i, within(e)));
                    }
                }
            }
        }
        let ok = problems.len() == first_problem;
        let probe = draft
            .as_ref()
            .map(|d| Contact::from_draft(0, d.clone(), now));
        let keys = probe.as_ref().map_or_else(Vec::new, |p| keys_of(p, region));
        if let (Some(probe), OnDuplicate::Refuse | OnDuplicate::Skip) = (&probe, batch.duplicates) {
            let emails = probe.emails.len();
            for key in &keys {
                let of = match tx.contacts_with_key(key)?.first() {
                    Some(&id) => Some(DuplicateOf::Contact(id)),
                    None => seen.get(key).map(|&row| DuplicateOf::Row(row)),
                };
                match of {
                    Some(of) => {
                        // Which field it was, only for a duplicate: finding
                        // out reads the numbers again.
                        let (what, position) = position_of(key, probe, emails, region);
                        duplicates.push(ImportDuplicate {
                            index: i,
                            what,
                            position,
                            of,
                        })
                    }
                    None => {
                        seen.insert(key.clone(), i);
                    }
                }
            }
        }
        drafts.push(if ok { draft } else { None });
        all_keys.push(keys);
    }
    Ok(Checked {
        organisations,
        drafts,
        keys: all_keys,
        names,
        problems,
        duplicates,
    })
}

/// Which address or number of the contact a duplicates key stands for.
fn position_of(
    key: &[u8],
    probe: &Contact,
    emails: usize,
    region: Option<PhoneRegion>,
) -> (String, usize) {
    let single = |c: &Contact| keys_of(c, region);
    for i in 0..emails {
        let mut one = probe.clone();
        one.emails = vec![probe.emails[i].clone()];
        one.phones.clear();
        if single(&one).iter().any(|k| k == key) {
            return ("e-mail".to_string(), i);
        }
    }
    for i in 0..probe.phones.len() {
        let mut one = probe.clone();
        one.emails.clear();
        one.phones = vec![probe.phones[i].clone()];
        if single(&one).iter().any(|k| k == key) {
            return ("phone".to_string(), i);
        }
    }
    ("e-mail".to_string(), 0)
}

/// A dry run: the checks of `import`, in a read transaction.
pub(super) fn dry_run(tx: &impl Reads, batch: ImportBatch, now: Timestamp) -> Result<ImportReport> {
    let checked = check(tx, &batch, phone_region(tx)?, now)?;
    let skipped = match batch.duplicates {
        OnDuplicate::Skip => skipped_rows(&checked.duplicates).len(),
        _ => 0,
    };
    let contacts = checked.drafts.iter().filter(|d| d.is_some()).count() - skipped;
    Ok(ImportReport {
        organisations: checked.organisations.len(),
        contacts,
        interactions: batch.contacts.iter().map(|c| c.interactions.len()).sum(),
        consents: batch.contacts.iter().map(|c| c.consents.len()).sum(),
        problems: checked.problems,
        duplicates: checked.duplicates,
        skipped,
        dry_run: true,
        ..ImportReport::default()
    })
}

fn skipped_rows(duplicates: &[ImportDuplicate]) -> std::collections::BTreeSet<usize> {
    duplicates.iter().map(|d| d.index).collect()
}

pub(super) fn import(tx: &mut Tx<'_>, batch: ImportBatch) -> Result<ImportReport> {
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
    let region = phone_region(&*tx.tx)?;
    let checked = check(&*tx.tx, &batch, region, now)?;
    if let Some(p) = checked.problems.first() {
        let e = ServiceError::invalid(p.field.clone(), p.message.clone());
        return Err(e.within(&format!("{}[{}]", p.section, p.index)));
    }
    let skip = match batch.duplicates {
        OnDuplicate::Refuse if !checked.duplicates.is_empty() => {
            let rows = skipped_rows(&checked.duplicates).len();
            return Err(ServiceError::Refused(format!(
                "{rows} of the contacts have an e-mail address or phone number that another \
                 contact has already; nothing was imported (skip them, or check the file)"
            )));
        }
        OnDuplicate::Skip => skipped_rows(&checked.duplicates),
        _ => Default::default(),
    };
    report.skipped = skip.len();
    report.duplicates = checked.duplicates;

    let first_org = tx
        .tx
        .reserve_ids(EntityKind::Organisation, checked.organisations.len() as u64)?;
    let organisations: Vec<Organisation> = checked
        .organisations
        .into_iter()
        .enumerate()
        .map(|(i, d)| Organisation::from_draft(first_org + i as u64, d, now))
        .collect();
    tx.tx.put_all(&organisations)?;
    report.organisations = organisations.len();

    let dnc_key = objections::dnc_key(&*tx.tx)?;
    let kept: Vec<usize> = (0..batch.contacts.len())
        .filter(|i| !skip.contains(i))
        .collect();
    let first_contact = tx.tx.reserve_ids(EntityKind::Contact, kept.len() as u64)?;
    let total_interactions: usize = kept
        .iter()
        .map(|&i| batch.contacts[i].interactions.len())
        .sum();
    let total_consents: usize = kept.iter().map(|&i| batch.contacts[i].consents.len()).sum();
    let mut next_interaction = tx
        .tx
        .reserve_ids(EntityKind::Interaction, total_interactions as u64)?;
    let mut next_consent = tx
        .tx
        .reserve_ids(EntityKind::ConsentEvent, total_consents as u64)?;

    let mut contacts = Vec::with_capacity(kept.len());
    let mut interactions = Vec::with_capacity(total_interactions);
    let mut events = Vec::with_capacity(total_consents);
    let mut org_links = Vec::new();
    let mut interaction_links = Vec::with_capacity(total_interactions);
    let mut consent_links = Vec::with_capacity(total_consents);
    let mut purpose_links = Vec::with_capacity(total_consents);
    let mut keys = Vec::with_capacity(kept.len() * 2);
    let mut summaries = Vec::with_capacity(kept.len());
    let mut names = checked.names;
    for o in &organisations {
        names.known.insert(o.id, Some(o.name.clone()));
    }

    let mut drafts = checked.drafts;
    let mut contact_keys = checked.keys;
    let mut items: Vec<_> = batch.contacts.into_iter().map(Some).collect();
    for (n, &i) in kept.iter().enumerate() {
        let (Some(mut draft), Some(item)) = (drafts[i].take(), items[i].take()) else {
            continue;
        };
        let id = first_contact + n as u64;
        if let Some(org_index) = item.organisation {
            draft.organisation_id = organisations.get(org_index).map(|o| o.id);
        }
        let organisation = match draft.organisation_id {
            Some(org) => match names.of(&*tx.tx, org)? {
                Some(name) => name.to_string(),
                None => {
                    let e = not_found(EntityKind::Organisation, org);
                    return Err(e.within(&format!("contacts[{i}]")));
                }
            },
            None => String::new(),
        };
        let created = item.created_at.unwrap_or(now);
        let mut contact = Contact::from_draft(id, draft, created);
        if contact.owner.is_none() {
            contact.owner = Some(tx.actor.name.clone());
        }
        if let Some(key) = &dnc_key
            && objections::listed(&*tx.tx, key, &contact, region)?
        {
            contact.do_not_contact = true;
            report.flagged_do_not_contact += 1;
        }
        for it in item.interactions {
            interactions.push(Interaction {
                id: next_interaction,
                version: 1,
                contact_id: id,
                kind: it.kind,
                at: it.at,
                // Who logged it is who imports it: never a name the client chose.
                by: tx.actor.name.clone(),
                summary: it.summary,
                created_at: now,
            });
            contact.last_interaction_at = contact.last_interaction_at.max(Some(it.at));
            interaction_links.push((id, next_interaction));
            next_interaction += 1;
        }
        for c in item.consents {
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
        for key in std::mem::take(&mut contact_keys[i]) {
            keys.push((key, id));
        }
        summaries.push(super::summary_with(&contact, organisation));
        contacts.push(contact);
    }

    tx.tx.put_all(&contacts)?;
    tx.tx.put_all(&interactions)?;
    tx.tx.put_all(&events)?;
    tx.tx.add_contact_keys(&keys)?;
    tx.tx.link_all(Link::ORGANISATION_CONTACTS, org_links)?;
    tx.tx
        .link_all(Link::CONTACT_INTERACTIONS, interaction_links)?;
    tx.tx.link_all(Link::CONTACT_CONSENTS, consent_links)?;
    tx.tx.link_all(Link::PURPOSE_CONSENTS, purpose_links)?;

    for summary in summaries {
        tx.reindex_summary(summary);
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
            "{} contacts, {} interactions, {} consent events{}",
            report.contacts,
            report.interactions,
            report.consents,
            match report.skipped {
                0 => String::new(),
                n => format!("; {n} duplicates skipped"),
            }
        ),
    );
    Ok(report)
}
