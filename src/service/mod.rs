//! THE API. One `Request` in, one `Response` out: validation, authorisation
//! by role, the audit entry and one transaction per request all happen here,
//! so no front-end can skip them.

pub mod api;
mod audit_log;
pub mod auth;
mod consents;
mod contacts;
pub mod error;
mod import;
mod incidents;
mod interactions;
mod limits;
mod organisations;
mod purposes;
mod requests;
mod retention;
mod subject;
pub mod users;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use serde::{Deserialize, Serialize};

pub use api::{Request, Response};
pub use error::{Result, ServiceError};

use crate::model::audit::{AuditOutcome, AuditRecord};
use crate::model::plausible;
use crate::model::{AuditAction, Contact, EntityKind, Organisation, Role, Settings, Timestamp};
use crate::search::{ContactSummary, SearchIndex, SearchResult, SortKey};
use crate::store::{ReadTx, Reads, Store, WriteTx};
use auth::Permission;

/// Who is calling. The local backend makes the OS user the admin of their
/// own file; the daemon derives the actor from the socket's peer
/// credentials and the users table, never from anything the client sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

impl Actor {
    pub fn new(name: &str, role: Role) -> Actor {
        Actor {
            name: name.to_string(),
            role,
        }
    }
}

const CHANGES_KEY: &str = "changes";
/// Recent search results kept for narrowing and paging; a handful per user
/// typing at the same time.
const SEARCH_CACHE: usize = 8;

pub struct Service {
    store: Store,
    /// Held from the start of a write until its index changes are applied,
    /// so the index sees changes in commit order (an erasure committed after
    /// an edit can never be undone by the edit's late index update).
    writing: Mutex<()>,
    index: RwLock<SearchIndex>,
    searches: Mutex<VecDeque<Arc<SearchResult>>>,
    sorted: Mutex<Option<SortedCache>>,
    /// The last retention assessment: paging through the dashboard reuses
    /// it until something changes or the minute turns.
    assessed: Mutex<Option<(u64, i64, Arc<retention::Assessed>)>>,
    /// Different contacts each user without the export permission saw today.
    listings: Mutex<limits::ListingBudget>,
    /// Repeated refusals, audited once a minute.
    refusals: Mutex<limits::RefusalLog>,
}

struct SortedCache {
    generation: u64,
    key: SortKey,
    descending: bool,
    slots: Arc<Vec<u32>>,
}

/// A change to the search index, applied once the transaction committed.
enum IndexChange {
    Upsert(ContactSummary),
    Remove(u64),
}

/// The context of one write request: the transaction, who and when, and what
/// to audit and re-index once it commits.
pub(crate) struct Tx<'a> {
    pub tx: &'a mut WriteTx,
    pub actor: &'a Actor,
    pub now: Timestamp,
    audits: Vec<AuditRecord>,
    index: Vec<IndexChange>,
}

impl Tx<'_> {
    pub fn audit(
        &mut self,
        action: AuditAction,
        kind: EntityKind,
        targets: Vec<u64>,
        fields: Vec<String>,
        detail: impl Into<String>,
    ) {
        self.audits.push(AuditRecord {
            actor: self.actor.name.clone(),
            role: self.actor.role,
            action,
            kind,
            targets,
            fields,
            outcome: AuditOutcome::Done,
            detail: detail.into(),
        });
    }

    /// Queues the contact, as just written, for the search index.
    pub fn reindex(&mut self, contact: &Contact) -> Result<()> {
        let summary = summary_of(&*self.tx, contact)?;
        self.index.push(IndexChange::Upsert(summary));
        Ok(())
    }

    pub fn unindex(&mut self, id: u64) {
        self.index.push(IndexChange::Remove(id));
    }
}

pub(crate) fn summary_of(tx: &impl Reads, contact: &Contact) -> Result<ContactSummary> {
    let organisation = match contact.organisation_id {
        Some(id) => tx
            .get::<Organisation>(id)?
            .map(|o| o.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(ContactSummary {
        id: contact.id,
        name: contact.display_name(),
        sort_key: contact.sort_name(),
        organisation,
        email: contact.primary_email().unwrap_or_default().to_string(),
        phone: contact.primary_phone().unwrap_or_default().to_string(),
        status: contact.status(),
        updated_at: contact.updated_at,
    })
}

pub(crate) fn check_version(kind: EntityKind, id: u64, expected: u32, actual: u32) -> Result<()> {
    if expected == actual {
        Ok(())
    } else {
        Err(ServiceError::Conflict {
            kind,
            id,
            expected,
            actual,
        })
    }
}

pub(crate) fn not_found(kind: EntityKind, id: u64) -> ServiceError {
    ServiceError::NotFound { kind, id }
}

impl Service {
    /// Builds the search index from the store.
    pub fn open(store: Store) -> Result<Service> {
        let index = store.read(|tx| {
            let organisations: std::collections::HashMap<u64, String> = tx
                .all::<Organisation>()?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let mut summaries = Vec::new();
            tx.scan::<Contact>(|c| {
                let organisation = c
                    .organisation_id
                    .and_then(|id| organisations.get(&id).cloned())
                    .unwrap_or_default();
                summaries.push(ContactSummary {
                    id: c.id,
                    name: c.display_name(),
                    sort_key: c.sort_name(),
                    organisation,
                    email: c.primary_email().unwrap_or_default().to_string(),
                    phone: c.primary_phone().unwrap_or_default().to_string(),
                    status: c.status(),
                    updated_at: c.updated_at,
                });
                true
            })?;
            Ok::<_, ServiceError>(SearchIndex::build(summaries))
        })?;
        Ok(Service {
            store,
            writing: Mutex::new(()),
            index: RwLock::new(index),
            searches: Mutex::new(VecDeque::new()),
            sorted: Mutex::new(None),
            assessed: Mutex::new(None),
            listings: Mutex::new(limits::ListingBudget::default()),
            refusals: Mutex::new(limits::RefusalLog::default()),
        })
    }

    /// The daemon's view of who may connect: `None` for unknown accounts.
    pub fn user(&self, name: &str) -> Result<Option<crate::model::User>> {
        Ok(self.store.read(|tx| tx.user(name))?)
    }

    /// The settings as stored now (the daemon reads its limits here).
    pub fn settings(&self) -> Result<Settings> {
        Ok(self.store.read(|tx| tx.settings())?)
    }

    pub fn has_users(&self) -> Result<bool> {
        Ok(!self.store.read(|tx| tx.users())?.is_empty())
    }

    /// Makes `name` an admin when the database has no users yet: how the
    /// daemon initialises a fresh database (`custos serve --admin NAME`).
    pub fn bootstrap_admin(&self, name: &str, now: Timestamp) -> Result<bool> {
        users::check_name(name)?;
        if self.has_users()? {
            return Ok(false);
        }
        let system = Actor::new("custos-serve", Role::Admin);
        self.write(&system, now, |tx| {
            users::add(tx, name.to_string(), Role::Admin)
        })?;
        Ok(true)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn index(&self) -> RwLockReadGuard<'_, SearchIndex> {
        self.index.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Handles one request for `actor` at `now`.
    pub fn handle(&self, actor: &Actor, now: Timestamp, request: Request) -> Result<Response> {
        // Whatever clock the caller has, `now` is what the store will keep.
        let now = crate::model::time::at_storage_precision(now);
        let permission = request.permission();
        let settings: Settings = self
            .store
            .read(|tx| Ok::<_, ServiceError>(tx.settings()?))?;
        if !auth::allows(actor.role, permission, &settings) {
            self.record_denial(actor, now, &request, permission)?;
            return Err(ServiceError::Denied {
                role: actor.role.key().to_string(),
                action: permission.describe().to_string(),
            });
        }
        let is_read = request.intent().0 == AuditAction::Read;
        let response = self.dispatch(actor, now, request.clone())?;
        if is_read && !auth::allows(actor.role, Permission::Export, &settings) {
            self.charge_listing(actor, now, &request, &response, &settings)?;
        }
        if auth::allows(actor.role, Permission::SpecialCategories, &settings) {
            Ok(response)
        } else {
            Ok(redact_special(response))
        }
    }

    /// Users who may not export see at most `daily_contact_ceiling`
    /// different contacts a day, however they page, search or script: an
    /// answer that would go past it is refused (and audited) instead.
    fn charge_listing(
        &self,
        actor: &Actor,
        now: Timestamp,
        request: &Request,
        response: &Response,
        settings: &Settings,
    ) -> Result<()> {
        let ids = response.contact_ids();
        if ids.is_empty() {
            return Ok(());
        }
        let ceiling = settings.daily_contact_ceiling as usize;
        let charge = self
            .listings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .charge(&actor.name, self.read(zone)?.date_of(now), &ids, ceiling);
        match charge {
            limits::Charge::Within => Ok(()),
            limits::Charge::Over { seen } => {
                let (action, kind, _) = request.intent();
                self.audit_refusal(
                    limits::RefusalKey {
                        actor: actor.name.clone(),
                        role: actor.role,
                        action,
                        kind,
                        permission: "DailyContactCeiling".to_string(),
                        reason: format!("daily ceiling of {ceiling} different contacts reached"),
                    },
                    now,
                )?;
                Err(ServiceError::Denied {
                    role: actor.role.key().to_string(),
                    action: format!(
                        "see more than {ceiling} different contacts a day (you have seen \
                         {seen} today; the limit is the setting daily-contact-ceiling); ask a \
                         privacy officer for an export"
                    ),
                })
            }
        }
    }

    /// Writes what the refusal log says to write now: a first refusal at
    /// once, repeats as one summary per minute.
    fn audit_refusal(&self, key: limits::RefusalKey, now: Timestamp) -> Result<()> {
        let records = self
            .refusals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .refuse(key, now);
        self.append_audits(now, records)
    }

    /// Writes the summaries of refusals repeated in a minute that has ended
    /// (`None`: everything, at shutdown). The daemon calls it every minute.
    pub fn flush_refusals(&self, now: Option<Timestamp>) -> Result<()> {
        let records = self
            .refusals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .flush(now);
        let at = now.unwrap_or_else(|| crate::clock::Clock::System.now());
        self.append_audits(at, records)
    }

    fn append_audits(&self, now: Timestamp, records: Vec<AuditRecord>) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let now = crate::model::time::at_storage_precision(now);
        self.store.write(|tx| {
            for record in records {
                tx.append_audit(now, record)?;
            }
            Ok::<_, ServiceError>(())
        })
    }

    /// Audits an export that was read in a read transaction (so writers
    /// do not wait for it): what, how many rows, never the values.
    fn audit_export(
        &self,
        actor: &Actor,
        now: Timestamp,
        kind: EntityKind,
        targets: Vec<u64>,
        detail: String,
    ) -> Result<()> {
        self.write(actor, now, |tx| {
            tx.audit(AuditAction::Export, kind, targets, vec![], detail);
            Ok(())
        })
    }

    fn dispatch(&self, actor: &Actor, now: Timestamp, request: Request) -> Result<Response> {
        match request {
            Request::Whoami => Ok(Response::Identity(api::Identity {
                user: actor.name.clone(),
                role: actor.role,
                database: self.store.path().display().to_string(),
                time_zone: self.read(zone)?.name().to_string(),
            })),
            Request::Changes => self.read(|tx| Ok(Response::Changes(changes(tx)?))),
            Request::ListContacts(query) => self.list_contacts(query, now),
            Request::GetContact { id } => self.read(|tx| contacts::detail(tx, id, now)),
            Request::CreateContact(draft) => {
                self.write(actor, now, |tx| contacts::create(tx, draft))
            }
            Request::UpdateContact {
                id,
                version,
                draft,
                confirmed,
            } => self.write(actor, now, |tx| {
                contacts::update(tx, id, version, draft, confirmed)
            }),
            Request::DeleteContact { id } => self.write(actor, now, |tx| contacts::delete(tx, id)),
            Request::ListOrganisations => self.read(organisations::list),
            Request::GetOrganisation { id } => self.read(|tx| organisations::get(tx, id)),
            Request::CreateOrganisation(draft) => {
                self.write(actor, now, |tx| organisations::create(tx, draft))
            }
            Request::UpdateOrganisation { id, version, draft } => self.write(actor, now, |tx| {
                organisations::update(tx, id, version, draft)
            }),
            Request::DeleteOrganisation { id } => {
                self.write(actor, now, |tx| organisations::delete(tx, id))
            }
            Request::ListInteractions { contact_id } => {
                self.read(|tx| interactions::list(tx, contact_id))
            }
            Request::CreateInteraction(draft) => {
                self.write(actor, now, |tx| interactions::create(tx, draft))
            }
            Request::UpdateInteraction {
                id,
                version,
                kind,
                at,
                summary,
            } => self.write(actor, now, |tx| {
                interactions::update(tx, id, version, kind, at, summary)
            }),
            Request::DeleteInteraction { id } => {
                self.write(actor, now, |tx| interactions::delete(tx, id))
            }
            Request::Import(batch) if batch.dry_run => {
                self.read(|tx| import::dry_run(tx, batch, now))
            }
            Request::Import(batch) => self.write(actor, now, |tx| import::import(tx, batch)),
            Request::ListAudit { before, limit } => {
                self.read(|tx| audit_log::list(tx, before, limit))
            }
            Request::VerifyAudit => self.read(audit_log::verify),
            Request::ListUsers => self.read(users::list),
            Request::AddUser { name, role } => {
                self.write(actor, now, |tx| users::add(tx, name, role))
            }
            Request::SetRole { name, role } => {
                self.write(actor, now, |tx| users::set_role(tx, name, role))
            }
            Request::RemoveUser { name } => self.write(actor, now, |tx| users::remove(tx, name)),
            Request::ListPurposes => self.read(purposes::list),
            Request::GetPurpose { id } => {
                self.read(|tx| purposes::load(tx, id).map(Response::Purpose))
            }
            Request::CreatePurpose(draft) => {
                self.write(actor, now, |tx| purposes::create(tx, draft))
            }
            Request::UpdatePurpose { id, version, draft } => {
                self.write(actor, now, |tx| purposes::update(tx, id, version, draft))
            }
            Request::ArchivePurpose { id } => {
                self.write(actor, now, |tx| purposes::archive(tx, id))
            }
            Request::DeletePurpose { id } => self.write(actor, now, |tx| purposes::delete(tx, id)),
            Request::PurposeTemplates => Ok(Response::PurposeTemplates(
                crate::model::purpose::templates(),
            )),
            Request::LoadTemplates { keys } => {
                self.write(actor, now, |tx| purposes::load_templates(tx, keys))
            }
            Request::RecordConsent(draft) => {
                self.write(actor, now, |tx| consents::record(tx, draft))
            }
            Request::ConsentHistory {
                contact_id,
                purpose_id,
            } => self.read(|tx| {
                contacts::load(tx, contact_id)?;
                purposes::load(tx, purpose_id)?;
                consents::history(tx, contact_id, purpose_id).map(Response::ConsentHistory)
            }),
            Request::Contactable { purpose_id } => {
                let response = self.read(|tx| consents::contactable(tx, purpose_id))?;
                let rows = response.contact_ids().len();
                self.audit_export(
                    actor,
                    now,
                    EntityKind::Purpose,
                    vec![purpose_id],
                    format!("audience of purpose #{purpose_id}: {rows} contacts"),
                )?;
                Ok(response)
            }
            Request::RecordSpecial {
                contact_id,
                category,
                purpose_id,
                value,
            } => self.write(actor, now, |tx| {
                consents::record_special(tx, contact_id, category, purpose_id, value)
            }),
            Request::RemoveSpecial {
                contact_id,
                category,
            } => self.write(actor, now, |tx| {
                consents::remove_special(tx, contact_id, category)
            }),
            Request::RetentionReport {
                as_of,
                state,
                offset,
                limit,
            } => {
                let as_of = as_of.unwrap_or(now);
                plausible::as_of("as_of", as_of, now)?;
                let assessed = self.assessed(as_of)?;
                self.read(|tx| retention::report(tx, &assessed, as_of, state, offset, limit))
            }
            Request::RetentionAction { ids, action } => {
                self.write(actor, now, |tx| retention::bulk(tx, ids, action))
            }
            Request::Sweep { as_of, dry_run } => {
                let as_of = as_of.unwrap_or(now);
                plausible::as_of("as_of", as_of, now)?;
                if dry_run {
                    self.read(|tx| retention::dry_run(tx, as_of))
                } else {
                    self.write(actor, now, |tx| retention::sweep(tx, as_of))
                }
            }
            Request::Vacuum => {
                let report = self.store.vacuum()?;
                self.write(actor, now, |tx| {
                    tx.audit(
                        AuditAction::Vacuum,
                        EntityKind::Settings,
                        vec![],
                        vec![],
                        format!("{} records copied", report.records),
                    );
                    Ok(())
                })?;
                Ok(Response::Vacuumed(report))
            }
            Request::Backup { path } => {
                let target = std::path::PathBuf::from(&path);
                if target.exists() {
                    return Err(ServiceError::Refused(format!(
                        "{path} exists already; choose a new file for the backup"
                    )));
                }
                let report = self.store.backup_to(&target, audit_log::intact)?;
                self.write(actor, now, |tx| {
                    tx.audit(
                        AuditAction::Export,
                        EntityKind::Settings,
                        vec![],
                        vec![],
                        format!("backup, {} records", report.records),
                    );
                    Ok(())
                })?;
                Ok(Response::BackedUp(report))
            }
            Request::GetSettings => self.read(|tx| Ok(Response::Settings(tx.settings()?))),
            Request::ListIncidents => self.read(incidents::list),
            Request::GetIncident { id } => self.read(|tx| incidents::detail(tx, id)),
            Request::CreateIncident(draft) => {
                self.write(actor, now, |tx| incidents::create(tx, draft))
            }
            Request::UpdateIncident { id, version, draft } => {
                self.write(actor, now, |tx| incidents::update(tx, id, version, draft))
            }
            Request::AddIncidentNote { id, text } => {
                self.write(actor, now, |tx| incidents::add_note(tx, id, text))
            }
            Request::PreviewAffected(rule) => {
                incidents::check_rule(&rule, now)?;
                self.read(|tx| incidents::preview(tx, &rule))
            }
            Request::FreezeNotificationList { id, rule } => {
                self.write(actor, now, |tx| incidents::freeze(tx, id, rule))
            }
            Request::MarkNotified {
                id,
                contacts,
                notified,
            } => self.write(actor, now, |tx| incidents::mark(tx, id, contacts, notified)),
            Request::ExportNotificationList { id } => {
                self.write(actor, now, |tx| incidents::export_list(tx, id))
            }
            Request::RenderLetters { id } => {
                self.write(actor, now, |tx| incidents::render_letters(tx, id))
            }
            Request::SendLetters { id } => {
                self.write(actor, now, |tx| incidents::send_letters(tx, id))
            }
            Request::Alerts => {
                let settings = self.store.read(|tx| tx.settings())?;
                let visible = |p| auth::allows(actor.role, p, &settings);
                let (incidents, requests) = (
                    visible(Permission::ReadIncidents),
                    visible(Permission::ReadRequests),
                );
                self.read(|tx| alerts(tx, incidents, requests, now))
            }
            Request::ListRequests { include_closed } => {
                self.read(|tx| requests::list(tx, include_closed))
            }
            Request::GetRequest { id } => self.read(|tx| requests::get(tx, id)),
            Request::FileRequest(draft) => self.write(actor, now, |tx| requests::file(tx, draft)),
            Request::SetRequestStatus {
                id,
                version,
                status,
                note,
            } => self.write(actor, now, |tx| {
                requests::set_status(tx, id, version, status, note)
            }),
            Request::ExtendRequest {
                id,
                version,
                reason,
            } => self.write(actor, now, |tx| requests::extend(tx, id, version, reason)),
            Request::LinkRequest {
                id,
                version,
                contact_id,
            } => self.write(actor, now, |tx| requests::link(tx, id, version, contact_id)),
            Request::AddRequestNote { id, text } => {
                self.write(actor, now, |tx| requests::add_note(tx, id, text))
            }
            Request::CarryOut {
                id,
                version,
                action,
                note,
            } => self.write(actor, now, |tx| {
                requests::carry_out(tx, id, version, action, note)
            }),
            Request::RestrictContact { id, reason } => self.write(actor, now, |tx| {
                requests::restrict(tx, id, &reason).map(|c| Response::ContactSaved(Box::new(c)))
            }),
            Request::LiftRestriction { id } => self.write(actor, now, |tx| {
                requests::lift_restriction(tx, id).map(|c| Response::ContactSaved(Box::new(c)))
            }),
            Request::SubjectExport { contact_id } => self.write(actor, now, |tx| {
                let data = subject::collect(&*tx.tx, contact_id, tx.now)?;
                tx.audit(
                    AuditAction::Export,
                    EntityKind::Contact,
                    vec![contact_id],
                    vec![],
                    "personal-data export",
                );
                Ok(Response::SubjectData(Box::new(data)))
            }),
            Request::Ropa => self.read(|tx| Ok(Response::Ropa(Box::new(subject::ropa(tx, now)?)))),
            Request::ExportContacts { query, format } => {
                let format = format.trim();
                if format.is_empty()
                    || format.len() > 16
                    || !format
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    return Err(ServiceError::invalid(
                        "format",
                        "a short name such as csv or json",
                    ));
                }
                let filtered = !query.query.trim().is_empty();
                let page = self.export_contacts(query)?;
                let first = page.offset;
                let detail = format!(
                    "contacts export ({format}{}): {} rows, {}–{} of {}",
                    if filtered { ", a search" } else { "" },
                    page.rows.len(),
                    first + usize::from(!page.rows.is_empty()),
                    first + page.rows.len(),
                    page.total
                );
                self.audit_export(actor, now, EntityKind::Contact, vec![], detail)?;
                Ok(Response::ContactExport(page))
            }
            Request::UpdateSettings(settings) => {
                self.write(actor, now, |tx| update_settings(tx, settings))
            }
        }
    }

    fn read<T>(&self, f: impl FnOnce(&ReadTx) -> Result<T>) -> Result<T> {
        self.store.read(f)
    }

    /// Runs `f` in one write transaction, then seals its audit entries into
    /// the chain, bumps the change counter, commits, and only then updates
    /// the search index.
    fn write<T>(
        &self,
        actor: &Actor,
        now: Timestamp,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let (value, index_changes) = self.store.write(|tx| {
            let mut ctx = Tx {
                tx,
                actor,
                now,
                audits: Vec::new(),
                index: Vec::new(),
            };
            let value = f(&mut ctx)?;
            let Tx {
                tx, audits, index, ..
            } = ctx;
            for record in audits {
                tx.append_audit(now, record)?;
            }
            let next = changes(&*tx)? + 1;
            tx.set_meta(CHANGES_KEY, next)?;
            Ok::<_, ServiceError>((value, index))
        })?;
        if !index_changes.is_empty() {
            let mut index = self.index.write().unwrap_or_else(|p| p.into_inner());
            for change in index_changes {
                match change {
                    IndexChange::Upsert(summary) => index.upsert(summary),
                    IndexChange::Remove(id) => index.remove(id),
                }
            }
        }
        Ok(value)
    }

    /// Audits a refusal that happens before any request: an account that is
    /// not a user connecting, or a removed user still sending requests.
    /// Repeats within a minute are summed up in one entry.
    pub fn record_refusal(&self, account: &str, now: Timestamp, what: &str) -> Result<()> {
        self.audit_refusal(
            limits::RefusalKey {
                actor: account.to_string(),
                role: Role::ReadOnly,
                action: AuditAction::Read,
                kind: EntityKind::User,
                permission: "Session".to_string(),
                reason: what.to_string(),
            },
            now,
        )
    }

    /// A denial is audited in its own transaction: the request itself wrote
    /// nothing.
    fn record_denial(
        &self,
        actor: &Actor,
        now: Timestamp,
        request: &Request,
        permission: Permission,
    ) -> Result<()> {
        let (action, kind, targets) = request.intent();
        let key = limits::RefusalKey {
            actor: actor.name.clone(),
            role: actor.role,
            action,
            kind,
            permission: permission.key(),
            reason: String::new(),
        };
        let mut records = self
            .refusals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .refuse(key, now);
        // The first refusal names the records it aimed at.
        if let Some(first) = records.last_mut()
            && first.detail.is_empty()
        {
            first.targets = targets;
        }
        self.append_audits(now, records)
    }

    /// How many contacts match `query`, and the index slots of its page.
    fn matching(&self, index: &SearchIndex, query: &api::ContactQuery) -> (usize, Vec<u32>) {
        if query.query.trim().is_empty() {
            let sorted = self.sorted_slots(index, query.sort, query.descending);
            let start = query.offset.min(sorted.len());
            let end = start.saturating_add(query.limit).min(sorted.len());
            (sorted.len(), sorted[start..end].to_vec())
        } else {
            let result = self.search(index, &query.query);
            (result.len(), result.page(index, query.offset, query.limit))
        }
    }

    /// A page of whole contacts, in the order `ListContacts` gives.
    fn export_contacts(&self, query: api::ContactQuery) -> Result<api::ContactExportPage> {
        let index = self.index();
        let (total, slots) = self.matching(&index, &query);
        let ids: Vec<u64> = slots
            .iter()
            .filter_map(|&slot| index.summary_at(slot).map(|s| s.id))
            .collect();
        drop(index);
        let rows = self.read(|tx| {
            let mut names = std::collections::HashMap::new();
            let mut rows = Vec::with_capacity(ids.len());
            for id in ids {
                let Some(contact) = tx.get::<Contact>(id)? else {
                    continue;
                };
                let organisation = match contact.organisation_id {
                    Some(org) => match names.get(&org) {
                        Some(name) => String::clone(name),
                        None => {
                            let name = tx
                                .get::<Organisation>(org)?
                                .map(|o| o.name)
                                .unwrap_or_default();
                            names.insert(org, name.clone());
                            name
                        }
                    },
                    None => String::new(),
                };
                rows.push(api::ExportedContact {
                    contact,
                    organisation,
                });
            }
            Ok(rows)
        })?;
        Ok(api::ContactExportPage {
            total,
            offset: query.offset.min(total),
            rows,
        })
    }

    fn list_contacts(&self, query: api::ContactQuery, now: Timestamp) -> Result<Response> {
        let index = self.index();
        let (total, slots) = self.matching(&index, &query);
        let offset = query.offset.min(total);
        let page: Vec<(u32, ContactSummary)> = slots
            .iter()
            .filter_map(|&slot| index.summary_at(slot).map(|s| (slot, s.clone())))
            .collect();
        let highlights: Vec<_> = page
            .iter()
            .map(|(slot, _)| index.highlights(*slot, &query.query))
            .collect();
        drop(index);
        let rows = self.read(|tx| {
            let purposes = retention::purposes(tx)?;
            let zone = zone(tx)?;
            page.into_iter()
                .zip(highlights)
                .map(|((_, summary), highlights)| {
                    contacts::row(tx, summary, highlights, &purposes, now, &zone)
                })
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(Response::ContactPage(api::ContactPage {
            total,
            offset,
            rows,
        }))
    }

    fn assessed(&self, as_of: Timestamp) -> Result<Arc<retention::Assessed>> {
        let minute = as_of.timestamp().div_euclid(60);
        let changes = self.read(changes)?;
        let mut cache = self.assessed.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((c, m, a)) = cache.as_ref()
            && *c == changes
            && *m == minute
        {
            return Ok(a.clone());
        }
        let fresh = Arc::new(self.read(|tx| retention::assess_all(tx, as_of))?);
        *cache = Some((changes, minute, fresh.clone()));
        Ok(fresh)
    }

    fn sorted_slots(&self, index: &SearchIndex, key: SortKey, descending: bool) -> Arc<Vec<u32>> {
        let mut cache = self.sorted.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cache.as_ref()
            && c.generation == index.generation()
            && c.key == key
            && c.descending == descending
        {
            return c.slots.clone();
        }
        let slots = Arc::new(index.sorted(key, descending));
        *cache = Some(SortedCache {
            generation: index.generation(),
            key,
            descending,
            slots: slots.clone(),
        });
        slots
    }

    /// Reuses a cached result for the same query, or narrows the longest
    /// cached query this one extends.
    fn search(&self, index: &SearchIndex, query: &str) -> Arc<SearchResult> {
        let needle = crate::search::normalise_query(query);
        let mut cache = self.searches.lock().unwrap_or_else(|p| p.into_inner());
        cache.retain(|r| r.generation == index.generation());
        if let Some(hit) = cache.iter().find(|r| r.query == needle) {
            return hit.clone();
        }
        let previous = cache
            .iter()
            .filter(|r| needle.starts_with(&r.query))
            .max_by_key(|r| r.query.len())
            .cloned();
        drop(cache);
        let result = Arc::new(index.search(query, previous.as_deref()));
        let mut cache = self.searches.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= SEARCH_CACHE {
            cache.pop_front();
        }
        cache.push_back(result.clone());
        result
    }
}

/// Deadlines that need attention now, most pressing first.
fn alerts(
    tx: &impl Reads,
    incidents_visible: bool,
    requests_visible: bool,
    now: Timestamp,
) -> Result<Response> {
    use crate::model::{Countdown, Incident};
    use api::{Alert, AlertLevel};
    let mut out = Vec::new();
    if incidents_visible {
        for incident in tx.all::<Incident>()? {
            let level = match incident.countdown(now) {
                Countdown::Done => continue,
                Countdown::Running(_) => AlertLevel::Warning,
                Countdown::Urgent(_) | Countdown::Overdue(_) => AlertLevel::Critical,
            };
            out.push(Alert {
                level,
                text: format!(
                    "breach #{}: {} to report",
                    incident.id,
                    incident.countdown(now).describe()
                ),
            });
        }
    }
    if requests_visible {
        out.extend(requests::alerts(tx, now)?);
    }
    // Stable: within a level, breaches before requests, nearest first.
    out.sort_by_key(|a| std::cmp::Reverse(a.level));
    Ok(Response::Alerts(out))
}

fn update_settings(tx: &mut Tx<'_>, mut settings: crate::model::Settings) -> Result<Response> {
    let current = tx.tx.settings()?;
    check_version(EntityKind::Settings, 0, settings.version, current.version)?;
    if !["nl", "en"].contains(&settings.default_language.as_str()) {
        return Err(ServiceError::invalid(
            "default_language",
            "letters exist in nl and en",
        ));
    }
    for (field, value) in [
        ("controller_name", &settings.controller_name),
        ("controller_email", &settings.controller_email),
        ("dpo_contact", &settings.dpo_contact),
        ("sendmail_command", &settings.sendmail_command),
    ] {
        crate::model::validate::max_len(field, value, crate::model::validate::MAX_SHORT)?;
    }
    if !settings.controller_email.is_empty() {
        crate::model::validate::email("controller_email", &settings.controller_email)?;
    }
    if !settings.time_zone.trim().is_empty()
        && crate::model::when::Zone::named(&settings.time_zone).is_none()
    {
        return Err(ServiceError::invalid(
            "time_zone",
            "an IANA zone such as Europe/Amsterdam or Europe/Brussels (empty: the server's)",
        ));
    }
    settings.time_zone = settings.time_zone.trim().to_string();
    settings.phone_region = settings.phone_region.trim().to_ascii_uppercase();
    if crate::model::phone::region(&settings.phone_region).is_none() {
        return Err(ServiceError::invalid(
            "phone_region",
            "a two-letter country code such as NL or BE",
        ));
    }
    for (field, value, min, max) in [
        (
            "daily_contact_ceiling",
            settings.daily_contact_ceiling,
            100,
            10_000_000,
        ),
        (
            "max_connections_per_user",
            settings.max_connections_per_user,
            2,
            200,
        ),
        (
            "idle_timeout_minutes",
            settings.idle_timeout_minutes,
            1,
            24 * 60,
        ),
        ("frame_memory_mib", settings.frame_memory_mib, 16, 4096),
    ] {
        if !(min..=max).contains(&value) {
            return Err(ServiceError::invalid(
                field,
                format!("must be between {min} and {max}"),
            ));
        }
    }
    let mut fields = Vec::new();
    macro_rules! diff {
        ($($f:ident),*) => {$(
            if current.$f != settings.$f { fields.push(stringify!($f).to_string()); }
        )*};
    }
    diff!(
        controller_name,
        controller_address,
        controller_email,
        dpo_contact,
        security_measures,
        incidents_visible_to_sales,
        auto_erase_expired,
        sendmail_command,
        default_language,
        daily_contact_ceiling,
        max_connections_per_user,
        idle_timeout_minutes,
        frame_memory_mib,
        time_zone,
        phone_region
    );
    settings.version = current.version + 1;
    tx.tx.put_settings(&settings)?;
    tx.audit(
        AuditAction::ChangeSettings,
        EntityKind::Settings,
        vec![],
        fields,
        "",
    );
    Ok(Response::Settings(settings))
}

/// Removes special-category values from anything a response carries, for
/// roles that may not see them (Art. 9).
fn redact_special(response: Response) -> Response {
    match response {
        Response::Contact(mut detail) => {
            detail.contact.special.clear();
            Response::Contact(detail)
        }
        Response::ContactSaved(mut contact) => {
            contact.special.clear();
            Response::ContactSaved(contact)
        }
        Response::SubjectData(mut data) => {
            data.contact.special.clear();
            Response::SubjectData(data)
        }
        Response::CarriedOut(mut report) => {
            if let Some(data) = &mut report.export {
                data.contact.special.clear();
            }
            Response::CarriedOut(report)
        }
        Response::ContactExport(mut page) => {
            for row in &mut page.rows {
                row.contact.special.clear();
            }
            Response::ContactExport(page)
        }
        other => other,
    }
}

/// The zone of the setting time-zone (or the server's).
pub(crate) fn zone(tx: &impl Reads) -> Result<crate::model::when::Zone> {
    Ok(crate::clock::zone(&tx.settings()?.time_zone))
}

fn changes(tx: &impl Reads) -> Result<u64> {
    Ok(tx.meta(CHANGES_KEY)?.unwrap_or(0))
}
