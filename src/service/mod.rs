//! THE API. One `Request` in, one `Response` out: validation, authorisation
//! by role, the audit entry and one transaction per request all happen here,
//! so no front-end can skip them.

pub mod api;
mod audit_log;
pub mod auth;
mod call;
mod consents;
mod contacts;
pub mod error;
mod import;
mod incidents;
mod interactions;
mod letters;
mod limits;
mod name_order;
mod organisations;
mod purposes;
mod records;
mod registry;
mod requests;
mod retention;
mod session;
pub use session::{restore_backup, verify_backup};
mod subject;
pub mod users;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock, RwLockReadGuard};

use serde::{Deserialize, Serialize};

pub use call::{Answer, Call, Context, Intent};
pub use error::{Result, ServiceError};
pub use registry::{Api, Request, Response, Routed, calls};

use crate::model::audit::{AuditOutcome, AuditRecord};
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
    /// Built on first use: a one-shot command that never searches
    /// (`contact show`, `audit verify`) does not pay for reading a million
    /// contacts. The daemon and the interface build it in the background
    /// as they start (`warm_search`).
    index: OnceLock<RwLock<SearchIndex>>,
    /// While the index is being built: the changes committed since the
    /// snapshot it is built from, applied when it is in place. `None` when
    /// no build runs. Guarded together with `built`.
    building: Mutex<Option<Vec<IndexChange>>>,
    /// Signalled when a build ends (in place, or failed).
    built: Condvar,
    /// Set by `close`: a build in progress stops reading.
    closing: AtomicBool,
    /// Contacts read so far by a build of the search index, and how many
    /// there are: the interface shows "index building (N %)".
    index_progress: (std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64),
    searches: Mutex<VecDeque<Arc<SearchResult>>>,
    sorted: Mutex<Option<SortedCache>>,
    /// The re-derivation of retention after a purpose change, run by the
    /// daemon and the interface in the background (`warm_search`).
    rederiver: Arc<Rederiver>,
    /// Contacts assessed per transaction by the sweep: `SWEEP_CHUNK`,
    /// smaller in tests.
    sweep_chunk: std::sync::atomic::AtomicUsize,
    /// Different contacts each user without the export permission saw today.
    listings: Mutex<limits::ListingBudget>,
    /// Repeated refusals, audited once a minute.
    refusals: Mutex<limits::RefusalLog>,
}

/// The background worker that re-derives retention after a purpose
/// change, a chunk of contacts per transaction so writers wait for one
/// chunk at most. Woken by the write that changed the purpose.
#[derive(Default)]
struct Rederiver {
    /// Whether this process runs the worker (the daemon, the interface);
    /// a one-shot command does the work itself when it needs the result.
    running: AtomicBool,
    /// Writers queued for `writing`: the worker lets them go first (the
    /// mutex is not fair; a worker taking it again at once starved them
    /// for seconds).
    writers_waiting: std::sync::atomic::AtomicUsize,
    /// Set by tests (`hold_rederiving`) to look at the state in between.
    held: AtomicBool,
    /// Contacts per transaction: `REDERIVE_CHUNK`, smaller in tests.
    chunk: std::sync::atomic::AtomicUsize,
    woken: Mutex<bool>,
    wake: Condvar,
}

impl Rederiver {
    fn wake(&self) {
        *self.woken.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.wake.notify_one();
    }

    /// Waits while writers queue for the lock (at most a second at a time,
    /// to notice `closing`); always true, for use in a loop condition.
    fn let_writers_go(&self) -> bool {
        let started = std::time::Instant::now();
        while self.writers_waiting.load(Ordering::SeqCst) > 0
            && started.elapsed() < std::time::Duration::from_secs(1)
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        true
    }

    /// Waits until woken, or a second (to notice `closing`).
    fn sleep(&self) {
        let woken = self.woken.lock().unwrap_or_else(|p| p.into_inner());
        let (mut woken, _) = self
            .wake
            .wait_timeout_while(woken, std::time::Duration::from_secs(1), |w| !*w)
            .unwrap_or_else(|p| p.into_inner());
        *woken = false;
    }
}

/// Contacts re-derived per transaction after a purpose change.
const REDERIVE_CHUNK: usize = 2_000;

/// Sweep candidates per transaction: about half a second of erasures at a
/// million contacts on a 2-core machine, the longest a colleague's save
/// waits (measured 0.23–0.55 s, where it waited 16 s for a whole sweep).
const SWEEP_CHUNK: usize = 1_000;

struct SortedCache {
    generation: u64,
    key: SortKey,
    descending: bool,
    slots: Arc<Vec<u32>>,
}

impl IndexChange {
    fn apply(self, index: &mut SearchIndex) {
        match self {
            IndexChange::Upsert(summary) => index.upsert(summary),
            IndexChange::Remove(id) => index.remove(id),
            IndexChange::CallingCode(code) => index.set_calling_code(code),
        }
    }
}

/// A change to the search index, applied once the transaction committed.
enum IndexChange {
    Upsert(ContactSummary),
    Remove(u64),
    /// The setting phone-region changed: national numbers typed in a
    /// search mean this country.
    CallingCode(Option<u16>),
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

    /// `reindex` with the summary made by the caller (an import knows its
    /// organisations' names).
    pub fn reindex_summary(&mut self, summary: ContactSummary) {
        self.index.push(IndexChange::Upsert(summary));
    }

    pub fn unindex(&mut self, id: u64) {
        self.index.push(IndexChange::Remove(id));
    }

    /// Searches read national numbers as numbers of `region` from now on.
    pub fn search_region(&mut self, region: &str) {
        let code = crate::model::phone::calling_code(crate::model::phone::region(region));
        self.index.push(IndexChange::CallingCode(code));
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
    Ok(summary_with(contact, organisation))
}

/// The summary of `contact` whose organisation is called `organisation`.
pub(crate) fn summary_with(contact: &Contact, organisation: String) -> ContactSummary {
    ContactSummary {
        id: contact.id,
        name: contact.display_name(),
        sort_key: contact.sort_name(),
        organisation,
        email: contact.primary_email().unwrap_or_default().to_string(),
        phone: contact.primary_phone().unwrap_or_default().to_string(),
        status: contact.status(),
        updated_at: contact.updated_at,
    }
}

/// The contacts `ids` with their organisation's name, for an export;
/// an id deleted meanwhile is left out.
fn exported(tx: &impl Reads, ids: &[u64]) -> Result<Vec<api::ExportedContact>> {
    let contacts: Vec<Contact> = tx.get_many::<Contact>(ids)?.into_iter().flatten().collect();
    // Each organisation once, in id order: one pass down its table.
    let organisations: Vec<u64> = contacts
        .iter()
        .filter_map(|c| c.organisation_id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: std::collections::HashMap<u64, String> = organisations
        .iter()
        .zip(tx.get_many::<Organisation>(&organisations)?)
        .filter_map(|(&id, org)| Some((id, org?.name)))
        .collect();
    Ok(contacts
        .into_iter()
        .map(|contact| api::ExportedContact {
            organisation: contact
                .organisation_id
                .and_then(|org| names.get(&org).cloned())
                .unwrap_or_default(),
            contact,
        })
        .collect())
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
    /// Opens the service over `store`; the search index is built when
    /// first needed (see `warm_search`).
    pub fn open(store: Store) -> Result<Service> {
        Ok(Service {
            store,
            writing: Mutex::new(()),
            index: OnceLock::new(),
            building: Mutex::new(None),
            built: Condvar::new(),
            closing: AtomicBool::new(false),
            index_progress: Default::default(),
            searches: Mutex::new(VecDeque::new()),
            sorted: Mutex::new(None),
            rederiver: Arc::new(Rederiver {
                chunk: REDERIVE_CHUNK.into(),
                ..Rederiver::default()
            }),
            sweep_chunk: SWEEP_CHUNK.into(),
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

    /// Starts building the search index on a thread of its own, so the
    /// first search does not wait for it and nothing else waits at all:
    /// what the daemon and the interface do as they start.
    pub fn warm_search(self: &Arc<Self>) {
        let service = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                // A failure here is reported to the first search, which
                // tries again.
                let _ = service.index_lock();
                // Then the retention index, if this file has none yet (the
                // first start after an upgrade), so the dashboard does not
                // wait for it; a failure is met again by the first report.
                let _ = service.retention_index();
            });
        // Without a thread the first search builds it.
        drop(spawned);
        self.rederive_in_background();
    }

    /// Runs the re-derivation of retention after purpose changes on a
    /// thread of its own: what is pending now (left by a process that
    /// stopped halfway) and whatever later writes leave. The thread holds
    /// the service weakly and ends with it, or at `close`.
    pub fn rederive_in_background(self: &Arc<Self>) {
        if self.rederiver.running.swap(true, Ordering::SeqCst) {
            return;
        }
        /// Says no worker runs once the thread ends, however it ends, so
        /// the work falls back to whoever needs it done.
        struct Stopped(Arc<Rederiver>);
        impl Drop for Stopped {
            fn drop(&mut self) {
                self.0.running.store(false, Ordering::SeqCst);
            }
        }
        let stopped = Stopped(Arc::clone(&self.rederiver));
        let service = Arc::downgrade(self);
        let spawned = std::thread::Builder::new()
            .name("retention".into())
            .spawn(move || {
                let rederiver = Arc::clone(&stopped.0);
                let _stopped = stopped;
                loop {
                    // The service is held for one chunk at a time, never
                    // while sleeping: dropping it closes the file.
                    {
                        let Some(service) = service.upgrade() else {
                            return;
                        };
                        if service.closing.load(Ordering::SeqCst) {
                            return;
                        }
                        // A failure (the disk) is met again at the next
                        // wake, and by the sweep, which does the work itself.
                        if !rederiver.held.load(Ordering::SeqCst)
                            && rederiver.let_writers_go()
                            && let Ok(Some(_)) = service.rederive_chunk()
                        {
                            continue;
                        }
                    }
                    rederiver.sleep();
                }
            });
        if spawned.is_err() {
            self.rederiver.running.store(false, Ordering::SeqCst);
        }
    }

    /// For tests: while held, the background worker starts no chunk, so a
    /// test sees the dashboard in between; released, it goes on.
    #[doc(hidden)]
    pub fn hold_rederiving(&self, held: bool) {
        self.rederiver.held.store(held, Ordering::SeqCst);
        self.rederiver.wake();
    }

    /// For tests: contacts re-derived per transaction (`REDERIVE_CHUNK`
    /// otherwise), so a few contacts take several chunks.
    #[doc(hidden)]
    pub fn rederive_in_chunks_of(&self, contacts: usize) {
        self.rederiver
            .chunk
            .store(contacts.max(1), Ordering::SeqCst);
    }

    /// For tests: sweep candidates per transaction (`SWEEP_CHUNK`
    /// otherwise), so a few erasures take several chunks.
    #[doc(hidden)]
    pub fn sweep_in_chunks_of(&self, contacts: usize) {
        self.sweep_chunk.store(contacts.max(1), Ordering::SeqCst);
    }

    pub(in crate::service) fn sweep_chunk(&self) -> usize {
        self.sweep_chunk.load(Ordering::SeqCst)
    }

    /// Waits while writers queue for the write lock: what a job that
    /// commits in chunks does between them, so it does not take the
    /// (unfair) lock straight back.
    pub(in crate::service) fn let_writers_go(&self) {
        self.rederiver.let_writers_go();
    }

    /// One chunk of a pending re-derivation after a purpose change, in its
    /// own transaction; what is left (`None`: nothing). The chunk that ends
    /// it bumps the change counter, so the dashboards refresh.
    pub(super) fn rederive_chunk(&self) -> Result<Option<api::Progress>> {
        if self
            .store
            .read(records::retention_index::rederiving)?
            .is_none()
        {
            return Ok(None);
        }
        let intent = self.store.intend_write();
        let writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let (left, ticket) = self.store.write_visible(|tx| {
            let pending = records::retention_index::rederiving(&*tx)?.is_some();
            let chunk = self.rederiver.chunk.load(Ordering::SeqCst);
            let left = records::retention_index::rederive_chunk(tx, chunk)?;
            if pending && left.is_none() {
                let next = changes(&*tx)? + 1;
                tx.set_meta(CHANGES_KEY, next)?;
            }
            Ok::<_, ServiceError>(left)
        })?;
        // As `write`: the next writer goes on while this chunk waits for
        // the disk.
        drop(writing);
        drop(intent);
        self.store.make_durable(ticket)?;
        Ok(left)
    }

    /// The retention index, derived and current: builds it if the file has
    /// none, and finishes a pending re-derivation — unless `stale_ok` and
    /// the background worker is on it (the dashboard then shows how far).
    pub(in crate::service) fn retention_current(&self, stale_ok: bool) -> Result<()> {
        self.retention_index()?;
        if stale_ok && self.rederiver.running.load(Ordering::SeqCst) {
            return Ok(());
        }
        while self.rederive_chunk()?.is_some() {}
        Ok(())
    }

    /// Whether the background worker re-derives retention in this process.
    pub(in crate::service) fn rederives_in_background(&self) -> bool {
        self.rederiver.running.load(Ordering::SeqCst)
    }

    /// Stops background work and closes the database file cleanly, waiting
    /// up to `wait` for requests in progress (see `Store::close`). What a
    /// front-end does as it exits.
    pub fn close(&self, wait: std::time::Duration) -> bool {
        self.closing.store(true, Ordering::SeqCst);
        self.store.close(wait)
    }

    /// Whether searches are answered now (the index is built).
    pub fn search_ready(&self) -> bool {
        self.index.get().is_some()
    }

    /// How far the search index is.
    pub fn search_readiness(&self) -> api::SearchReadiness {
        if self.index.get().is_some() {
            return api::SearchReadiness::Ready;
        }
        let building = self
            .building
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some();
        if !building {
            return api::SearchReadiness::NotStarted;
        }
        api::SearchReadiness::Building {
            done: self.index_progress.0.load(Ordering::Relaxed),
            total: self.index_progress.1.load(Ordering::Relaxed),
        }
    }

    fn index(&self) -> Result<RwLockReadGuard<'_, SearchIndex>> {
        Ok(self.index_lock()?.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The index: built now if no one is building it, or awaited if
    /// another thread is.
    fn index_lock(&self) -> Result<&RwLock<SearchIndex>> {
        loop {
            if let Some(index) = self.index.get() {
                return Ok(index);
            }
            let mut building = self.building.lock().unwrap_or_else(|p| p.into_inner());
            if building.is_none() {
                drop(building);
                return self.build_index();
            }
            // Someone else builds it; wait for the end of that build.
            while building.is_some() && self.index.get().is_none() {
                building = self.built.wait(building).unwrap_or_else(|p| p.into_inner());
            }
        }
    }

    /// Builds the index from a snapshot without holding up writes: the
    /// snapshot is taken under `writing`, so every write committed after it
    /// is queued in `building`, and the queue is applied under `writing`
    /// when the index goes in place. Nothing committed is missed or applied
    /// twice, and writes never wait for the build.
    fn build_index(&self) -> Result<&RwLock<SearchIndex>> {
        let writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        {
            let mut building = self.building.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(index) = self.index.get() {
                return Ok(index);
            }
            if building.is_some() {
                // Another thread started meanwhile: wait for it instead.
                drop(building);
                drop(writing);
                return self.index_lock();
            }
            *building = Some(Vec::new());
        }
        let built = self.store.read(move |tx| {
            // The snapshot is open: later writes queue their changes.
            drop(writing);
            build_index(tx, &self.closing, &self.index_progress)
        });
        crate::failpoint::pause("index-built");
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let mut building = self.building.lock().unwrap_or_else(|p| p.into_inner());
        let pending = building.take().unwrap_or_default();
        let result = built.map(|mut index| {
            for change in pending {
                change.apply(&mut index);
            }
            self.index.get_or_init(|| RwLock::new(index))
        });
        drop(building);
        self.built.notify_all();
        // The build's garbage (decoded contacts, outgrown buffers) stays
        // resident in the allocator's heaps unless handed back.
        crate::os::release_free_memory();
        result
    }

    /// Handles one request for `actor` at `now`: the role's permission,
    /// the request's own handler, the daily ceiling for users who may not
    /// export, and Art. 9 redaction for roles that may not see special
    /// categories.
    pub fn handle(&self, actor: &Actor, now: Timestamp, request: Request) -> Result<Response> {
        // Whatever clock the caller has, `now` is what the store will keep.
        let now = crate::model::time::at_storage_precision(now);
        let permission = request.permission();
        let settings: Settings = self
            .store
            .read(|tx| Ok::<_, ServiceError>(tx.settings()?))?;
        if !auth::allows(actor.role, permission, &settings) {
            self.record_denial(actor, now, &request.intent(), permission)?;
            return Err(ServiceError::Denied {
                role: actor.role.key().to_string(),
                action: permission.describe().to_string(),
            });
        }
        let intent = request.intent();
        let context = Context {
            service: self,
            actor,
            now,
        };
        let mut response = request.handle(&context)?;
        if intent.is_read() && !auth::allows(actor.role, Permission::Export, &settings) {
            self.charge_listing(actor, now, &intent, &response, &settings)?;
        }
        if !auth::allows(actor.role, Permission::SpecialCategories, &settings) {
            response.redact_special();
        }
        Ok(response)
    }

    /// `handle` with the request's own answer type: what in-process
    /// callers (tests, the web portal) use.
    pub fn ask<C: Routed>(&self, actor: &Actor, now: Timestamp, request: C) -> Result<C::Answer> {
        let response = self.handle(actor, now, request.into())?;
        C::answer(response)
            .map_err(|other| ServiceError::Transport(format!("unexpected response: {other}")))
    }

    /// Users who may not export see at most `daily_contact_ceiling`
    /// different contacts a day, however they page, search or script: an
    /// answer that would go past it is refused (and audited) instead.
    fn charge_listing(
        &self,
        actor: &Actor,
        now: Timestamp,
        intent: &Intent,
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
            .charge(
                &actor.name,
                self.store.read(zone)?.date_of(now),
                &ids,
                ceiling,
            );
        match charge {
            limits::Charge::Within => Ok(()),
            limits::Charge::Over { seen } => {
                self.audit_refusal(
                    limits::RefusalKey {
                        actor: actor.name.clone(),
                        role: actor.role,
                        action: intent.action,
                        kind: intent.kind,
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
    pub(super) fn audit_export(
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

    /// Runs `f` in one write transaction, then seals its audit entries into
    /// the chain, bumps the change counter, commits, and only then updates
    /// the search index.
    pub(super) fn write<T>(
        &self,
        actor: &Actor,
        now: Timestamp,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let intent = self.store.intend_write();
        self.rederiver
            .writers_waiting
            .fetch_add(1, Ordering::SeqCst);
        let writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        self.rederiver
            .writers_waiting
            .fetch_sub(1, Ordering::SeqCst);
        let ((value, index_changes, rederive), ticket) = self.store.write_visible(|tx| {
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
            let rederive = records::retention_index::refresh(tx)?;
            for record in audits {
                tx.append_audit(now, record)?;
            }
            let next = changes(&*tx)? + 1;
            tx.set_meta(CHANGES_KEY, next)?;
            Ok::<_, ServiceError>((value, index, rederive))
        })?;
        // Still under `writing`: in commit order, into the index, or into
        // the queue of a build in progress; with neither, a later build
        // reads them from the store.
        if !index_changes.is_empty() {
            if let Some(index) = self.index.get() {
                let mut index = index.write().unwrap_or_else(|p| p.into_inner());
                for change in index_changes {
                    change.apply(&mut index);
                }
            } else if let Some(pending) = self
                .building
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .as_mut()
            {
                pending.extend(index_changes);
            }
        }
        // The next writer may go on while this one waits for the disk:
        // writes arriving together share one durable commit.
        drop(writing);
        drop(intent);
        self.store.make_durable(ticket)?;
        if rederive {
            self.rederiver.wake();
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
        intent: &Intent,
        permission: Permission,
    ) -> Result<()> {
        let key = limits::RefusalKey {
            actor: actor.name.clone(),
            role: actor.role,
            action: intent.action,
            kind: intent.kind,
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
            first.targets = intent.targets.clone();
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

    /// Whether the name table answers `query` rather than the search
    /// index: a cursor always (it is a position in that table), and a
    /// plain list while the index is not built, so nobody waits for it.
    fn by_name_table(&self, query: &api::ContactQuery) -> Result<bool> {
        name_order::check_cursor(query)?;
        Ok(name_order::plain(query) && (query.after.is_some() || self.index.get().is_none()))
    }

    /// The cursor after the last of a page from the index, when the list
    /// is plain and goes on.
    fn index_cursor(
        query: &api::ContactQuery,
        total: usize,
        len: usize,
        last: Option<&ContactSummary>,
    ) -> Option<api::ContactCursor> {
        let more = query.offset.min(total) + len < total;
        match last {
            Some(s) if more && name_order::plain(query) => Some(api::ContactCursor {
                sort_key: s.sort_key.clone(),
                id: s.id,
            }),
            _ => None,
        }
    }

    /// A page of whole contacts, in the order `ListContacts` gives.
    pub(super) fn export_contacts(
        &self,
        query: api::ContactQuery,
    ) -> Result<api::ContactExportPage> {
        if self.by_name_table(&query)? {
            return self.store.read(|tx| {
                let page = name_order::page(tx, &query)?;
                Ok(api::ContactExportPage {
                    total: page.total,
                    offset: page.offset,
                    rows: exported(tx, &page.ids)?,
                    next: page.next,
                })
            });
        }
        let index = self.index()?;
        let (total, slots) = self.matching(&index, &query);
        let ids: Vec<u64> = slots.iter().filter_map(|&slot| index.id_at(slot)).collect();
        let last = slots.last().and_then(|&slot| index.summary_at(slot));
        let next = Self::index_cursor(&query, total, slots.len(), last.as_ref());
        drop(index);
        let rows = self.store.read(|tx| exported(tx, &ids))?;
        Ok(api::ContactExportPage {
            total,
            offset: query.offset.min(total),
            rows,
            next,
        })
    }

    pub(super) fn list_contacts(
        &self,
        query: api::ContactQuery,
        now: Timestamp,
    ) -> Result<api::ContactPage> {
        if self.by_name_table(&query)? {
            return self.store.read(|tx| {
                let page = name_order::page(tx, &query)?;
                let cx = contacts::RowContext::read(tx, now)?;
                let mut rows = Vec::with_capacity(page.ids.len());
                for id in page.ids {
                    let Some(contact) = tx.get::<Contact>(id)? else {
                        continue;
                    };
                    let summary = summary_of(tx, &contact)?;
                    rows.push(contacts::row(tx, summary, Default::default(), &cx)?);
                }
                Ok(api::ContactPage {
                    total: page.total,
                    offset: page.offset,
                    rows,
                    next: page.next,
                })
            });
        }
        let index = self.index()?;
        let (total, slots) = self.matching(&index, &query);
        let offset = query.offset.min(total);
        let page: Vec<(u32, ContactSummary)> = slots
            .iter()
            .filter_map(|&slot| index.summary_at(slot).map(|s| (slot, s)))
            .collect();
        let highlights: Vec<_> = page
            .iter()
            .map(|(slot, _)| index.highlights(*slot, &query.query))
            .collect();
        drop(index);
        let next = Self::index_cursor(&query, total, page.len(), page.last().map(|(_, s)| s));
        let rows = self.store.read(|tx| {
            let cx = contacts::RowContext::read(tx, now)?;
            page.into_iter()
                .zip(highlights)
                .map(|((_, summary), highlights)| contacts::row(tx, summary, highlights, &cx))
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(api::ContactPage {
            total,
            offset,
            rows,
            next,
        })
    }
    /// Derives the retention index if this file has none yet (once, after
    /// an upgrade): under `writing` and in one transaction, so no write
    /// slips between the derivation and the writes that keep it.
    pub(in crate::service) fn retention_index(&self) -> Result<()> {
        if self.store.read(records::retention_index::built)? {
            return Ok(());
        }
        let _writing = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        self.store.write(|tx| {
            if !records::retention_index::built(&*tx)? {
                records::retention_index::build(tx)?;
            }
            Ok::<_, ServiceError>(())
        })
    }

    /// For tests: every contact's consent picture and retention hint at
    /// `now`, as the contact list reads them from the retention index and
    /// as assessed from their history; the two must agree.
    #[doc(hidden)]
    pub fn contact_row_facts_both_ways(
        &self,
        now: Timestamp,
    ) -> Result<Vec<contacts::RowFactsBothWays>> {
        self.retention_current(false)?;
        self.store.read(|tx| {
            let cx = contacts::RowContext::read(tx, now)?;
            let mut out = Vec::new();
            for id in tx.ids_from::<Contact>(0, usize::MAX)? {
                out.push(contacts::RowFactsBothWays {
                    id,
                    indexed: records::retention_index::row_facts(tx, id, now, &cx.zone)?,
                    assessed: contacts::row_facts_from_history(tx, id, &cx)?,
                });
            }
            Ok(out)
        })
    }

    /// The retention dashboard by assessing every contact, without the
    /// index: the reference the index is tested against.
    #[doc(hidden)]
    pub fn retention_report_recomputed(
        &self,
        as_of: Timestamp,
        state: Option<crate::model::retention::StateKey>,
        offset: usize,
        limit: usize,
    ) -> Result<api::RetentionReport> {
        self.store.read(|tx| {
            let all = records::assessment::assess_all(tx, as_of)?;
            records::assessment::report(tx, &all, as_of, state, offset, limit)
        })
    }

    /// Consent counts per purpose from the whole consent history, without
    /// the kept counts: the reference those are tested against.
    #[doc(hidden)]
    pub fn consent_counts_recomputed(
        &self,
    ) -> Result<std::collections::HashMap<u64, api::ConsentCounts>> {
        self.store.read(purposes::counts)
    }

    fn sorted_slots(&self, index: &SearchIndex, key: SortKey, descending: bool) -> Arc<Vec<u32>> {
        let mut cache = self.sorted.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cache.as_ref()
            && c.generation == index.order_generation(key)
            && c.key == key
            && c.descending == descending
        {
            return c.slots.clone();
        }
        let slots = Arc::new(index.sorted(key, descending));
        *cache = Some(SortedCache {
            generation: index.order_generation(key),
            key,
            descending,
            slots: slots.clone(),
        });
        slots
    }

    /// Reuses a cached result for the same query, or narrows the longest
    /// cached query this one extends.
    fn search(&self, index: &SearchIndex, query: &str) -> Arc<SearchResult> {
        let needle = index.needle(query);
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

/// The zone of the setting time-zone (or the server's).
pub(crate) fn zone(tx: &impl Reads) -> Result<crate::model::when::Zone> {
    Ok(crate::clock::zone(&tx.settings()?.time_zone))
}

pub(super) fn changes(tx: &impl Reads) -> Result<u64> {
    Ok(tx.meta(CHANGES_KEY)?.unwrap_or(0))
}

/// The search index over every contact, as stored in `tx`; cut short
/// (`Closed`) when `closing` is set.
fn build_index(
    tx: &ReadTx,
    closing: &AtomicBool,
    (done, total): &(std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64),
) -> Result<SearchIndex> {
    total.store(tx.count::<Contact>()?, Ordering::Relaxed);
    done.store(0, Ordering::Relaxed);
    let organisations: std::collections::HashMap<u64, String> = tx
        .all::<Organisation>()?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    // Each summary goes straight into the (packed) index: collecting a
    // million of them first cost their heap strings once more, memory the
    // allocator then kept.
    let contacts = usize::try_from(total.load(Ordering::Relaxed)).unwrap_or(0);
    let mut index = SearchIndex::with_capacity(contacts);
    tx.scan::<Contact>(|c| {
        let organisation = c
            .organisation_id
            .and_then(|id| organisations.get(&id).cloned())
            .unwrap_or_default();
        index.upsert(summary_with(&c, organisation));
        done.fetch_add(1, Ordering::Relaxed);
        !closing.load(Ordering::Relaxed)
    })?;
    if closing.load(Ordering::SeqCst) {
        return Err(crate::store::StoreError::Closed.into());
    }
    index.shrink_to_fit();
    // Here in the background rather than in the first list asked for
    // (two seconds at a million contacts); kept in order from then on.
    index.name_order();
    let region = crate::model::phone::region(&tx.settings()?.phone_region);
    index.set_calling_code(crate::model::phone::calling_code(region));
    Ok(index)
}
