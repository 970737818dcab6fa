//! The redb store: table definitions, versioned encoding, migrations,
//! backup and vacuum. It knows nothing of roles or screens.

pub mod envelope;
mod files;
mod migrate;
pub mod records;
pub mod restore;
mod tables;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use redb::{
    Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition, TableHandle,
};

pub use envelope::{EnvelopeError, Stored};
pub use records::{Record, Touch};
pub use tables::Link;

use crate::model::audit::AuditRecord;
use crate::model::{AuditEntry, EntityKind, NotificationEntry, Settings, Timestamp, User};
use tables::*;

/// The schema of the whole file: which tables exist and what they mean.
/// Per-type value shapes are versioned separately by their envelopes.
pub const SCHEMA_VERSION: u64 = migrate::CURRENT;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "database {} is in use by another process — run `custos serve` for several users",
        .0.display()
    )]
    InUse(PathBuf),
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: redb::DatabaseError,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "database {} has schema {found}, newer than this custos reads (up to {supported}); \
         upgrade custos",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    #[error("database error: {0}")]
    Db(#[from] redb::Error),
    #[error("{table} #{key}: {source}")]
    Decode {
        table: &'static str,
        key: String,
        #[source]
        source: EnvelopeError,
    },
    #[error(transparent)]
    Encode(EnvelopeError),
    #[error("the database is closed (a vacuum failed to reopen it; restart custos)")]
    Closed,
    #[error("the change was made but could not be written to disk: {0}")]
    NotDurable(String),
    #[error("the copy at {} did not verify ({reason}); nothing was written there", path.display())]
    Unverified { path: PathBuf, reason: String },
}

macro_rules! redb_error_from {
    ($($ty:ty),*) => {$(
        impl From<$ty> for StoreError {
            fn from(e: $ty) -> Self {
                StoreError::Db(e.into())
            }
        }
    )*};
}
redb_error_from!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database file. Every operation runs in one transaction, given to a
/// closure: a write commits only if the closure returns `Ok`.
pub struct Store {
    path: PathBuf,
    /// `None` only after a vacuum failed to reopen the file. The lock lets
    /// vacuum swap the file while no transaction is running.
    db: RwLock<Option<Database>>,
    /// Keeps every other process out for as long as this store is open,
    /// across the vacuum's swap of the file.
    _lock: files::DatabaseLock,
    /// What opening found and tidied (leftovers of killed runs), for the
    /// front-end to tell the user.
    notices: Mutex<Vec<String>>,
    /// Set by `close`: reads in progress give up at their next check.
    closing: Arc<AtomicBool>,
    /// Group commit: which writes are durable.
    durable: Durable,
}

/// Group commit. Every write transaction commits without waiting for the
/// disk (redb's `Durability::None`), so a failing request still rolls back
/// only itself; then one durable commit makes every write before it
/// durable at once, and each writer returns only when its write is. While
/// one thread waits for the disk, the writes arriving meanwhile commit and
/// are flushed together by the next durable commit: under load a handful
/// of writes share one fsync instead of queueing for one each.
#[derive(Default)]
struct Durable {
    state: Mutex<DurableState>,
    flushed: std::sync::Condvar,
    /// Off: every write commits durably on its own (the baseline the
    /// benchmarks compare group commit with).
    one_by_one: AtomicBool,
}

#[derive(Default)]
struct DurableState {
    /// Writes committed (visible to readers), numbered in the order their
    /// numbers were given — after their commit.
    committed: u64,
    /// Every write numbered up to this one is durable.
    durable: u64,
    /// A thread is making writes durable now.
    flushing: bool,
    /// The last durable commit that failed: the writes it covered and why.
    failed: Option<(u64, String)>,
    /// Durable commits made, for the benchmarks (writes per fsync).
    flushes: u64,
    /// Writers on their way to a visible commit (see `WriteIntent`): a
    /// durable commit waits a moment for them, so it covers them too
    /// instead of making them wait for the next one.
    in_flight: u64,
}

/// Announces a write about to be made (`Store::intend_write`), from
/// before the writer queues for the write lock until its commit is visible
/// or abandoned (the guard dropped).
pub struct WriteIntent<'a>(&'a Store);

impl Drop for WriteIntent<'_> {
    fn drop(&mut self) {
        let durable = &self.0.durable;
        let mut state = durable.state.lock().unwrap_or_else(|p| p.into_inner());
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            durable.flushed.notify_all();
        }
    }
}

/// How long a durable commit waits at most for writers still on their way
/// (a steady stream of writers must not hold it back for ever).
const GATHER: std::time::Duration = std::time::Duration::from_millis(4);

/// A write committed but perhaps not durable yet; see `Store::make_durable`.
#[derive(Debug, Clone, Copy)]
#[must_use = "a write is acknowledged only once durable"]
pub struct Ticket(u64);

/// How many writes shared how many durable commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitStats {
    pub writes: u64,
    pub durable_commits: u64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// What redb may keep of the file in its own memory (read cache and
/// write buffer). Its default, 1 GiB, filled up by one pass over a
/// million contacts and made the interface a 1.6 GB process; pages it
/// does not keep are read again from the kernel's page cache, which
/// costs microseconds (measured in README.md's Performance section).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// The interface and the daemon, which stay: 64 MiB.
    Resident,
    /// A command that runs once and exits: up to 512 MiB, which a full
    /// export or report at a million contacts reads through in a third
    /// less time, and gives back as it exits.
    OneShot,
}

impl Cache {
    fn bytes(self) -> usize {
        let default = match self {
            Cache::Resident => 64 << 20,
            Cache::OneShot => 512 << 20,
        };
        std::env::var("CUSTOS_CACHE_MB")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .map_or(default, |mb| mb << 20)
    }
}

fn open_database(path: &Path, cache: Cache) -> Result<Database> {
    files::create_private_file(path)?;
    Database::builder()
        .set_cache_size(cache.bytes())
        .create(path)
        .map_err(|source| match source {
            redb::DatabaseError::DatabaseAlreadyOpen => StoreError::InUse(path.to_path_buf()),
            source => StoreError::Open {
                path: path.to_path_buf(),
                source,
            },
        })
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. Refused with `InUse` while another process has it.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Cache::Resident)
    }

    /// `open`, with redb's cache sized for how long the process stays.
    pub fn open_with(path: &Path, cache: Cache) -> Result<Store> {
        let lock = files::DatabaseLock::acquire(path)?;
        let mut notices = Vec::new();
        notices.extend(files::remove_vacuum_leftover(path)?);
        let db = open_database(path, cache)?;
        migrate::run(&db, path)?;
        Ok(Store {
            path: path.to_path_buf(),
            db: RwLock::new(Some(db)),
            _lock: lock,
            notices: Mutex::new(notices),
            closing: Arc::new(AtomicBool::new(false)),
            durable: Durable::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the file cleanly, so the next open needs no recovery (which
    /// reads the whole file: seconds at a million contacts). Waits up to
    /// `wait` for transactions in progress; afterwards every operation is
    /// refused with `Closed`. Returns whether it closed: a front-end that
    /// exits while other threads still hold the service (a watcher, a read
    /// in flight) would otherwise leave the file as a killed process does.
    pub fn close(&self, wait: std::time::Duration) -> bool {
        self.closing
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let deadline = std::time::Instant::now() + wait;
        loop {
            match self.db.try_write() {
                Ok(mut guard) => {
                    drop(guard.take());
                    return true;
                }
                Err(std::sync::TryLockError::Poisoned(p)) => {
                    drop(p.into_inner().take());
                    return true;
                }
                Err(std::sync::TryLockError::WouldBlock)
                    if std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(std::sync::TryLockError::WouldBlock) => return false,
            }
        }
    }

    /// What the store tidied up since last asked (leftovers of a killed
    /// vacuum or backup), in sentences for the user.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&ReadTx) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let guard = self.db.read().unwrap_or_else(|p| p.into_inner());
        let db = guard.as_ref().ok_or(StoreError::Closed)?;
        let txn = db.begin_read().map_err(StoreError::from)?;
        f(&ReadTx {
            txn,
            closing: Arc::clone(&self.closing),
        })
    }

    /// Runs `f` in one write transaction: all of it is committed, or none;
    /// it returns once the commit is durable.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut WriteTx) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let intent = self.intend_write();
        let (value, ticket) = self.write_visible(f)?;
        drop(intent);
        self.make_durable(ticket)?;
        Ok(value)
    }

    /// Announces a write before the caller queues for it; drop the guard
    /// once `write_visible` returned. Durable commits starting meanwhile
    /// wait (briefly) to cover it.
    pub fn intend_write(&self) -> WriteIntent<'_> {
        let mut state = self.durable.state.lock().unwrap_or_else(|p| p.into_inner());
        state.in_flight += 1;
        WriteIntent(self)
    }

    /// Runs `f` in one write transaction and commits it for every reader,
    /// without waiting for the disk: the caller must `make_durable` the
    /// ticket before it tells anyone the write is done. For a caller that
    /// has work to do in commit order (the service's search index) before
    /// it waits.
    pub fn write_visible<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut WriteTx) -> std::result::Result<T, E>,
    ) -> std::result::Result<(T, Ticket), E> {
        let guard = self.db.read().unwrap_or_else(|p| p.into_inner());
        let db = guard.as_ref().ok_or(StoreError::Closed)?;
        let mut txn = db.begin_write().map_err(StoreError::from)?;
        let one_by_one = self.durable.one_by_one.load(Ordering::Relaxed);
        if !one_by_one {
            txn.set_durability(redb::Durability::None)
                .map_err(|e| StoreError::Db(e.into()))?;
        }
        let mut tx = WriteTx {
            txn,
            touched: Touched::default(),
        };
        match f(&mut tx) {
            Ok(value) => {
                tx.txn.commit().map_err(StoreError::from)?;
                let mut state = self.durable.state.lock().unwrap_or_else(|p| p.into_inner());
                state.committed += 1;
                if one_by_one {
                    // Durable itself, and so is every commit before it.
                    state.durable = state.committed;
                    state.flushes += 1;
                }
                Ok((value, Ticket(state.committed)))
            }
            Err(e) => {
                // Dropping would abort too; this reports a failing abort.
                tx.txn.abort().map_err(StoreError::from)?;
                Err(e)
            }
        }
    }

    /// Returns once the write of `ticket` is durable: made so by a durable
    /// commit of this thread, or of another whose commit covered it.
    pub fn make_durable(&self, ticket: Ticket) -> Result<()> {
        let mut state = self.durable.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if state.durable >= ticket.0 {
                return Ok(());
            }
            if let Some((covered, why)) = &state.failed
                && *covered >= ticket.0
            {
                return Err(StoreError::NotDurable(why.clone()));
            }
            if state.flushing {
                state = self
                    .durable
                    .flushed
                    .wait(state)
                    .unwrap_or_else(|p| p.into_inner());
                continue;
            }
            state.flushing = true;
            // Writers already queued commit first, and this commit covers
            // them: one fsync for the group instead of one each.
            let gather_until = std::time::Instant::now() + GATHER;
            while state.in_flight > 0 {
                let left = gather_until.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    break;
                }
                state = self
                    .durable
                    .flushed
                    .wait_timeout(state, left)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
            drop(state);
            let result = self.durable_commit();
            state = self.durable.state.lock().unwrap_or_else(|p| p.into_inner());
            state.flushing = false;
            state.flushes += 1;
            match result {
                Ok(covered) => state.durable = state.durable.max(covered),
                Err((covered, e)) => state.failed = Some((covered, e.to_string())),
            }
            self.durable.flushed.notify_all();
        }
    }

    /// One empty durable commit: redb makes every commit before it durable
    /// with it. Returns the last write number it covered.
    fn durable_commit(&self) -> std::result::Result<u64, (u64, StoreError)> {
        let guard = self.db.read().unwrap_or_else(|p| p.into_inner());
        let numbered = || {
            self.durable
                .state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .committed
        };
        let Some(db) = guard.as_ref() else {
            return Err((numbered(), StoreError::Closed));
        };
        let txn = db
            .begin_write()
            .map_err(|e| (numbered(), StoreError::from(e)))?;
        // Holding the write lock: every write numbered so far has
        // committed (numbers are given after the commit), so this commit
        // covers it.
        let covered = numbered();
        txn.commit().map_err(|e| (covered, StoreError::from(e)))?;
        Ok(covered)
    }

    /// Turns group commit off (every write waits for its own durable
    /// commit) or back on: for benchmarks that compare the two.
    #[doc(hidden)]
    pub fn set_group_commit(&self, on: bool) {
        self.durable.one_by_one.store(!on, Ordering::Relaxed);
    }

    /// Writes and durable commits so far (group commit at work when the
    /// first is larger).
    pub fn commit_stats(&self) -> CommitStats {
        let state = self.durable.state.lock().unwrap_or_else(|p| p.into_inner());
        CommitStats {
            writes: state.committed,
            durable_commits: state.flushes,
        }
    }

    /// Copies every live record into a new file at `target`, which exists
    /// only once the copy is complete, durable and has passed `check` (run
    /// on the copy: the service verifies its audit chain there). Free pages
    /// (where erased records used to be) are not copied.
    pub fn backup_to(
        &self,
        target: &Path,
        check: impl FnOnce(&ReadTx) -> std::result::Result<(), String>,
    ) -> Result<CopyReport> {
        // Copying into an existing database would merge into it, keeping
        // what has been erased since.
        if target.exists() {
            return Err(StoreError::Io {
                path: target.to_path_buf(),
                source: io::Error::new(io::ErrorKind::AlreadyExists, "exists already"),
            });
        }
        let mut notices = files::remove_partial_leftovers(target)?;
        let partial = files::partial_file(target);
        let copied = {
            let guard = self.db.read().unwrap_or_else(|p| p.into_inner());
            let db = guard.as_ref().ok_or(StoreError::Closed)?;
            copy_database(db, &partial, "backup")
        };
        let result = copied.and_then(|(copy, report)| {
            let verdict = {
                let txn = copy.begin_read()?;
                check(&ReadTx {
                    txn,
                    closing: Arc::new(AtomicBool::new(false)),
                })
            };
            drop(copy);
            verdict.map_err(|reason| StoreError::Unverified {
                path: target.to_path_buf(),
                reason,
            })?;
            crate::failpoint::hit("backup.before-publish");
            files::publish(&partial, target)?;
            Ok(report)
        });
        if result.is_err() {
            let _ = fs::remove_file(&partial);
        }
        let mut report = result?;
        report.notices.append(&mut notices);
        Ok(report)
    }

    /// Rewrites the database into a fresh file and renames it over the old
    /// one, so bytes of erased records do not linger in free pages. The
    /// fresh file is complete and durable before the rename, the rename is
    /// atomic, and the database lock keeps every other process out
    /// throughout: killed at any instant, either file is whole.
    pub fn vacuum(&self) -> Result<VacuumReport> {
        let mut guard = self.db.write().unwrap_or_else(|p| p.into_inner());
        let db = guard.as_ref().ok_or(StoreError::Closed)?;
        let before = file_len(&self.path)?;
        let notices: Vec<String> = files::remove_vacuum_leftover(&self.path)?
            .into_iter()
            .collect();
        let tmp = files::vacuum_file(&self.path);
        let (fresh, copied) = match copy_database(db, &tmp, "vacuum") {
            Ok(done) => done,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        crate::failpoint::hit("vacuum.before-rename");
        if let Err(source) = fs::rename(&tmp, &self.path) {
            drop(fresh);
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::Io {
                path: self.path.clone(),
                source,
            });
        }
        crate::failpoint::hit("vacuum.after-rename");
        // The fresh database stays open across the rename: the path now
        // names it, and this process never let go of the file.
        *guard = Some(fresh);
        drop(guard);
        files::sync_dir(&self.path)?;
        let after = file_len(&self.path)?;
        Ok(VacuumReport {
            records: copied.records,
            bytes_before: before,
            bytes_after: after,
            notices,
        })
    }
}

fn file_len(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CopyReport {
    pub records: u64,
    /// Leftovers of interrupted runs that were removed, in sentences.
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VacuumReport {
    pub records: u64,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub notices: Vec<String>,
}

fn copy_table<K, V>(
    from: &redb::ReadTransaction,
    to: &redb::WriteTransaction,
    def: TableDefinition<K, V>,
) -> Result<u64>
where
    K: redb::Key + 'static,
    V: redb::Value + 'static,
    for<'a> K::SelfType<'a>: std::borrow::Borrow<K::SelfType<'a>>,
{
    let source = from.open_table(def)?;
    let mut target = to.open_table(def)?;
    let mut n = 0;
    for row in source.iter()? {
        let (k, v) = row?;
        target.insert(k.value(), v.value())?;
        n += 1;
    }
    if n != target.len()? {
        return Err(StoreError::Db(redb::Error::Corrupted(format!(
            "copy of table {} holds {} rows, the original {n}",
            def.name(),
            target.len()?
        ))));
    }
    Ok(n)
}

/// Copies every table into a new database at `target` and commits it
/// durably; the copy is returned open. `what` names the crash points.
fn copy_database(db: &Database, target: &Path, what: &str) -> Result<(Database, CopyReport)> {
    let fresh = open_database(target, Cache::Resident)?;
    let from = db.begin_read()?;
    let to = fresh.begin_write()?;
    let mut records = 0;
    for def in RECORD_TABLES {
        records += copy_table(&from, &to, def)?;
    }
    crate::failpoint::hit(&format!("{what}.mid-copy"));
    for link in LINKS {
        copy_table(&from, &to, link.0)?;
    }
    copy_table(&from, &to, META)?;
    copy_table(&from, &to, META_BYTES)?;
    records += copy_table(&from, &to, USERS)?;
    records += copy_table(&from, &to, NOTIFICATIONS)?;
    copy_table(&from, &to, DO_NOT_CONTACT)?;
    copy_table(&from, &to, CONTACT_KEYS)?;
    copy_table(&from, &to, CONTACTS_BY_NAME)?;
    copy_table(&from, &to, RETENTION)?;
    copy_table(&from, &to, RETENTION_OF)?;
    copy_table(&from, &to, CONSENT_STATES)?;
    copy_table(&from, &to, CONSENT_COUNTS)?;
    // A table added later but not copied above must not vanish from a
    // backup (or from the database, in a vacuum) unnoticed.
    let copied: Vec<String> = to.list_tables()?.map(|t| t.name().to_string()).collect();
    for table in from.list_tables()? {
        if !copied.iter().any(|c| c == table.name()) {
            return Err(StoreError::Db(redb::Error::Corrupted(format!(
                "table {} is not copied by backup and vacuum",
                table.name()
            ))));
        }
    }
    to.commit()?;
    crate::failpoint::hit(&format!("{what}.after-commit"));
    Ok((
        fresh,
        CopyReport {
            records,
            notices: Vec::new(),
        },
    ))
}

/// Reading operations, shared by read and write transactions: code that
/// only reads takes `&impl Reads` and runs in either.
pub trait Reads {
    /// Opens a table for reading within this transaction.
    fn open<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<impl ReadableTable<K, V> + '_>;

    fn get<R: Record>(&self, id: u64) -> Result<Option<R>> {
        let table = self.open(R::TABLE)?;
        match table.get(id)? {
            Some(bytes) => decode_at::<R>(R::TYPE_NAME, id, bytes.value()).map(Some),
            None => Ok(None),
        }
    }

    /// The records `ids`, in that order (`None` for one that is gone), with
    /// the table opened once: a page of an export.
    fn get_many<R: Record>(&self, ids: &[u64]) -> Result<Vec<Option<R>>> {
        let table = self.open(R::TABLE)?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            out.push(match table.get(id)? {
                Some(bytes) => Some(decode_at::<R>(R::TYPE_NAME, id, bytes.value())?),
                None => None,
            });
        }
        Ok(out)
    }

    fn count<R: Record>(&self) -> Result<u64> {
        Ok(self.open(R::TABLE)?.len()?)
    }

    /// Visits every record in id order until `f` returns `false`.
    /// Whether the store is closing: a long read gives up (`Closed`) so
    /// the file can be closed cleanly now rather than after it.
    fn closing(&self) -> bool {
        false
    }

    fn scan<R: Record>(&self, mut f: impl FnMut(R) -> bool) -> Result<()> {
        let table = self.open(R::TABLE)?;
        for (i, row) in table.iter()?.enumerate() {
            if i % 1024 == 1023 && self.closing() {
                return Err(StoreError::Closed);
            }
            let (k, v) = row?;
            let record = decode_at::<R>(R::TYPE_NAME, k.value(), v.value())?;
            if !f(record) {
                break;
            }
        }
        Ok(())
    }

    /// Visits every row in id order, decoded or with the reason it cannot
    /// be, until `f` returns `false`: for checks that must name a bad row
    /// instead of stopping at it.
    fn scan_each<R: Record>(&self, mut f: impl FnMut(u64, Result<R>) -> bool) -> Result<()> {
        let table = self.open(R::TABLE)?;
        for (i, row) in table.iter()?.enumerate() {
            if i % 1024 == 1023 && self.closing() {
                return Err(StoreError::Closed);
            }
            let (k, v) = row?;
            let id = k.value();
            if !f(id, decode_at::<R>(R::TYPE_NAME, id, v.value())) {
                break;
            }
        }
        Ok(())
    }

    /// Up to `limit` (key, id) pairs of `R::ORDER` after `after` (when
    /// given) and `skip` more, ascending or descending. An unordered type
    /// has none.
    fn ordered<R: Record>(
        &self,
        after: Option<(&str, u64)>,
        skip: usize,
        limit: usize,
        descending: bool,
    ) -> Result<Vec<(String, u64)>> {
        let Some(def) = R::ORDER else {
            return Ok(Vec::new());
        };
        let table = self.open(def)?;
        let rows = match (after, descending) {
            (None, _) => table.range::<(&str, u64)>(..)?,
            (Some(a), false) => table
                .range::<(&str, u64)>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded))?,
            (Some(a), true) => table.range::<(&str, u64)>(..a)?,
        };
        let mut out = Vec::with_capacity(limit.min(10_000));
        let mut take = |row: std::result::Result<(redb::AccessGuard<'_, (&str, u64)>, _), _>| {
            let (k, _) = row?;
            let (key, id) = k.value();
            out.push((key.to_string(), id));
            Ok::<_, StoreError>(())
        };
        if descending {
            for row in rows.rev().skip(skip).take(limit) {
                take(row)?;
            }
        } else {
            for row in rows.skip(skip).take(limit) {
                take(row)?;
            }
        }
        Ok(out)
    }

    /// Up to `limit` contacts of the retention index in class `class` with
    /// instants from `from` to `to` (both included), after skipping `skip`,
    /// in index order.
    fn retention_ids(
        &self,
        class: u8,
        from: i64,
        to: i64,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<u64>> {
        let table = self.open(RETENTION)?;
        let mut out = Vec::new();
        for row in table
            .range((class, from, 0)..=(class, to, u64::MAX))?
            .skip(skip)
            .take(limit)
        {
            out.push(row?.0.value().2);
        }
        Ok(out)
    }

    /// How many contacts the retention index holds in that range.
    fn retention_count(&self, class: u8, from: i64, to: i64) -> Result<usize> {
        let table = self.open(RETENTION)?;
        let mut n = 0;
        for (i, row) in table
            .range((class, from, 0)..=(class, to, u64::MAX))?
            .enumerate()
        {
            if i % 65_536 == 65_535 && self.closing() {
                return Err(StoreError::Closed);
            }
            row?;
            n += 1;
        }
        Ok(n)
    }

    /// A contact's key in the retention index, if it has one.
    fn retention_of(&self, contact: u64) -> Result<Option<(u8, i64)>> {
        Ok(self.open(RETENTION_OF)?.get(contact)?.map(|v| v.value()))
    }

    /// A contact's consent state codes (see `WriteTx::set_consent_states`),
    /// by purpose.
    fn consent_states_of(&self, contact: u64) -> Result<Vec<(u64, u8)>> {
        let table = self.open(CONSENT_STATES)?;
        let mut out = Vec::new();
        for row in table.range((contact, 0)..=(contact, u64::MAX))? {
            let (key, state) = row?;
            out.push((key.value().1, state.value()));
        }
        Ok(out)
    }

    /// How many contacts the retention index holds in all.
    fn retention_len(&self) -> Result<u64> {
        Ok(self.open(RETENTION_OF)?.len()?)
    }

    /// Per purpose, how many contacts hold each consent state, indexed by
    /// state code (see `WriteTx::set_consent_states`).
    fn consent_counts(&self) -> Result<Vec<(u64, [u64; 3])>> {
        let table = self.open(CONSENT_COUNTS)?;
        let mut out = Vec::new();
        for row in table.iter()? {
            let (purpose, counts) = row?;
            let (a, b, c) = counts.value();
            out.push((purpose.value(), [a, b, c]));
        }
        Ok(out)
    }

    fn all<R: Record>(&self) -> Result<Vec<R>> {
        let mut out = Vec::new();
        self.scan(|r| {
            out.push(r);
            true
        })?;
        Ok(out)
    }

    /// Up to `limit` records with ids from `from` on, in id order.
    fn page<R: Record>(&self, from: u64, limit: usize) -> Result<Vec<R>> {
        let table = self.open(R::TABLE)?;
        let mut out = Vec::new();
        for row in table.range(from..)?.take(limit) {
            let (k, v) = row?;
            out.push(decode_at::<R>(R::TYPE_NAME, k.value(), v.value())?);
        }
        Ok(out)
    }

    /// Up to `limit` ids of records from `from` on, in order, without
    /// reading the records.
    fn ids_from<R: Record>(&self, from: u64, limit: usize) -> Result<Vec<u64>> {
        let table = self.open(R::TABLE)?;
        let mut out = Vec::with_capacity(limit.min(65_536));
        for row in table.range(from..)?.take(limit) {
            out.push(row?.0.value());
        }
        Ok(out)
    }

    /// Up to `limit` records with ids below `before` (all when `None`),
    /// highest id first.
    fn page_rev<R: Record>(&self, before: Option<u64>, limit: usize) -> Result<Vec<R>> {
        let table = self.open(R::TABLE)?;
        let mut out = Vec::new();
        let rows = match before {
            Some(b) => table.range(..b)?,
            None => table.range(0..)?,
        };
        for row in rows.rev().take(limit) {
            let (k, v) = row?;
            out.push(decode_at::<R>(R::TYPE_NAME, k.value(), v.value())?);
        }
        Ok(out)
    }

    /// The highest id in use, if any.
    fn last_id<R: Record>(&self) -> Result<Option<u64>> {
        let table = self.open(R::TABLE)?;
        Ok(table.last()?.map(|(k, _)| k.value()))
    }

    /// Right-hand ids linked to `left`, in order.
    fn links(&self, link: Link, left: u64) -> Result<Vec<u64>> {
        let table = self.open(link.0)?;
        let mut out = Vec::new();
        for row in table.range((left, 0)..=(left, u64::MAX))? {
            out.push(row?.0.value().1);
        }
        Ok(out)
    }

    /// Whether anything is linked to `left`.
    fn has_links(&self, link: Link, left: u64) -> Result<bool> {
        let table = self.open(link.0)?;
        Ok(table.range((left, 0)..=(left, u64::MAX))?.next().is_some())
    }

    fn is_linked(&self, link: Link, left: u64, right: u64) -> Result<bool> {
        Ok(self.open(link.0)?.get((left, right))?.is_some())
    }

    /// Every (left, right) pair of a link, for bulk derivations.
    fn all_links(&self, link: Link) -> Result<Vec<(u64, u64)>> {
        let table = self.open(link.0)?;
        let mut out = Vec::new();
        for row in table.iter()? {
            out.push(row?.0.value());
        }
        Ok(out)
    }

    fn meta(&self, key: &str) -> Result<Option<u64>> {
        Ok(self.open(META)?.get(key)?.map(|v| v.value()))
    }

    fn meta_bytes(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.open(META_BYTES)?.get(key)?.map(|v| v.value().to_vec()))
    }

    fn user(&self, name: &str) -> Result<Option<User>> {
        let table = self.open(USERS)?;
        match table.get(name)? {
            Some(bytes) => decode_at::<User>("users", name, bytes.value()).map(Some),
            None => Ok(None),
        }
    }

    fn users(&self) -> Result<Vec<User>> {
        let table = self.open(USERS)?;
        let mut out = Vec::new();
        for row in table.iter()? {
            let (k, v) = row?;
            out.push(decode_at::<User>("users", k.value(), v.value())?);
        }
        Ok(out)
    }

    fn settings(&self) -> Result<Settings> {
        match self.meta_bytes(SETTINGS_KEY)? {
            Some(bytes) => decode_at::<Settings>("meta", SETTINGS_KEY, &bytes),
            None => Ok(Settings::default()),
        }
    }

    fn notification_entries(&self, incident: u64) -> Result<Vec<NotificationEntry>> {
        let table = self.open(NOTIFICATIONS)?;
        let mut out = Vec::new();
        for row in table.range((incident, 0)..=(incident, u64::MAX))? {
            let (k, v) = row?;
            let (i, c) = k.value();
            out.push(decode_at::<NotificationEntry>(
                "notifications",
                format!("{i}/{c}"),
                v.value(),
            )?);
        }
        Ok(out)
    }

    fn notification_entry(&self, incident: u64, contact: u64) -> Result<Option<NotificationEntry>> {
        let table = self.open(NOTIFICATIONS)?;
        match table.get((incident, contact))? {
            Some(v) => decode_at::<NotificationEntry>(
                "notifications",
                format!("{incident}/{contact}"),
                v.value(),
            )
            .map(Some),
            None => Ok(None),
        }
    }

    /// Sequence number and hash of the last audit entry ((0, zeros) when
    /// the log is empty).
    fn audit_head(&self) -> Result<(u64, [u8; 32])> {
        let seq = self.meta(AUDIT_SEQ_KEY)?.unwrap_or(0);
        let hash = self
            .meta_bytes(AUDIT_HEAD_KEY)?
            .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
            .unwrap_or([0; 32]);
        Ok((seq, hash))
    }

    /// The first audit entry sealed under the current rule (earlier ones
    /// were sealed by custos 0.1; see `model::audit::SealRule`).
    fn audit_stored_seal_from(&self) -> Result<u64> {
        Ok(self.meta(AUDIT_STORED_SEAL_FROM)?.unwrap_or(1))
    }

    fn on_do_not_contact(&self, fingerprint: &[u8; 32]) -> Result<bool> {
        Ok(self
            .open(DO_NOT_CONTACT)?
            .get(fingerprint.as_slice())?
            .is_some())
    }

    /// Contacts that have the normalised address or number `key`.
    fn contacts_with_key(&self, key: &[u8]) -> Result<Vec<u64>> {
        let table = self.open(CONTACT_KEYS)?;
        let mut out = Vec::new();
        for row in table.range((key, 0)..=(key, u64::MAX))? {
            out.push(row?.0.value().1);
        }
        Ok(out)
    }

    fn do_not_contact_len(&self) -> Result<u64> {
        Ok(self.open(DO_NOT_CONTACT)?.len()?)
    }
}

fn decode_at<T: Stored>(table: &'static str, key: impl ToString, bytes: &[u8]) -> Result<T> {
    envelope::decode(bytes).map_err(|source| StoreError::Decode {
        table,
        key: key.to_string(),
        source,
    })
}

fn encode<T: Stored>(value: &T) -> Result<Vec<u8>> {
    envelope::encode(value).map_err(StoreError::Encode)
}

pub struct ReadTx {
    txn: redb::ReadTransaction,
    /// The store's closing flag: long scans stop when it is set.
    closing: Arc<AtomicBool>,
}

impl Reads for ReadTx {
    fn open<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<impl ReadableTable<K, V> + '_> {
        Ok(self.txn.open_table(def)?)
    }

    fn closing(&self) -> bool {
        self.closing.load(std::sync::atomic::Ordering::Relaxed)
    }
}

pub struct WriteTx {
    txn: redb::WriteTransaction,
    touched: Touched,
}

/// Adds `by` to the count of consent-state code `state` (1..=3) of
/// `purpose`; other codes are not counted.
fn count_state(delta: &mut BTreeMap<u64, [i64; 3]>, purpose: u64, state: u8, by: i64) {
    if let Some(i) = (state as usize).checked_sub(1).filter(|i| *i < 3) {
        delta.entry(purpose).or_default()[i] += by;
    }
}

/// The contacts and purposes written in a transaction so far (see
/// `Record::touches`).
#[derive(Debug, Default)]
pub struct Touched {
    pub contacts: std::collections::BTreeSet<u64>,
    pub purposes: std::collections::BTreeSet<u64>,
}

impl Touched {
    fn add(&mut self, touch: Touch) {
        match touch {
            Touch::Nothing => {}
            Touch::Contact(id) => {
                self.contacts.insert(id);
            }
            Touch::Purpose(id) => {
                self.purposes.insert(id);
            }
        }
    }
}

impl Reads for WriteTx {
    fn open<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<impl ReadableTable<K, V> + '_> {
        Ok(self.txn.open_table(def)?)
    }
}

impl WriteTx {
    pub fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        self.put_all(std::iter::once(record))
    }

    /// Inserts or replaces records with one table open (imports write
    /// thousands at once), keeping `R::ORDER` in step.
    pub fn put_all<'r, R: Record + 'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r R>,
    ) -> Result<()> {
        let mut table = self.txn.open_table(R::TABLE)?;
        let mut order = match R::ORDER {
            Some(def) => Some(self.txn.open_table(def)?),
            None => None,
        };
        for record in records {
            self.touched.add(record.touches());
            let bytes = encode(record)?;
            let old = table
                .insert(record.id(), bytes.as_slice())?
                .map(|v| v.value().to_vec());
            if let Some(order) = order.as_mut() {
                let key = record.order_key();
                if let Some(old) = old {
                    let old_key = decode_at::<R>(R::TYPE_NAME, record.id(), &old)?.order_key();
                    if old_key != key {
                        order.remove((old_key.as_str(), record.id()))?;
                    }
                }
                order.insert((key.as_str(), record.id()), ())?;
            }
        }
        Ok(())
    }

    pub fn remove<R: Record>(&mut self, id: u64) -> Result<bool> {
        let old = self
            .txn
            .open_table(R::TABLE)?
            .remove(id)?
            .map(|v| v.value().to_vec());
        let Some(old) = old else {
            return Ok(false);
        };
        let old = decode_at::<R>(R::TYPE_NAME, id, &old)?;
        self.touched.add(old.touches());
        if let Some(def) = R::ORDER {
            self.txn
                .open_table(def)?
                .remove((old.order_key().as_str(), id))?;
        }
        Ok(true)
    }

    /// What this transaction wrote that can change retention, since the
    /// last call.
    /// Says a purpose written in this transaction changed nothing its
    /// contacts' retention depends on (its name, its archiving), so they
    /// need not be re-derived.
    pub fn untouch_purpose(&mut self, id: u64) {
        self.touched.purposes.remove(&id);
    }

    pub fn take_touched(&mut self) -> Touched {
        std::mem::take(&mut self.touched)
    }

    /// Sets (or, with `None`, removes) contacts' keys in the retention
    /// index, with the two tables opened once for all of them.
    pub fn set_retention(
        &mut self,
        keys: impl IntoIterator<Item = (u64, Option<(u8, i64)>)>,
    ) -> Result<()> {
        let mut of = self.txn.open_table(RETENTION_OF)?;
        let mut index = self.txn.open_table(RETENTION)?;
        for (id, key) in keys {
            let old = of.get(id)?.map(|v| v.value());
            if old == key {
                continue;
            }
            if let Some((class, at)) = old {
                index.remove((class, at, id))?;
                of.remove(id)?;
            }
            if let Some((class, at)) = key {
                index.insert((class, at, id), ())?;
                of.insert(id, (class, at))?;
            }
        }
        Ok(())
    }

    /// Empties the retention index and the consent states, before they are
    /// derived afresh.
    pub fn clear_retention(&mut self) -> Result<()> {
        self.txn.delete_table(RETENTION)?;
        self.txn.delete_table(RETENTION_OF)?;
        self.txn.delete_table(CONSENT_STATES)?;
        self.txn.delete_table(CONSENT_COUNTS)?;
        self.txn.open_table(RETENTION)?;
        self.txn.open_table(RETENTION_OF)?;
        self.txn.open_table(CONSENT_STATES)?;
        self.txn.open_table(CONSENT_COUNTS)?;
        Ok(())
    }

    /// Replaces each contact's consent states (purpose → state code 1, 2
    /// or 3, the index into the counts; sorted by purpose) and moves the
    /// counts per purpose by the difference. A contact whose states did not
    /// change costs one range read.
    pub fn set_consent_states(
        &mut self,
        states: impl IntoIterator<Item = (u64, Vec<(u64, u8)>)>,
    ) -> Result<()> {
        let mut table = self.txn.open_table(CONSENT_STATES)?;
        let mut delta: BTreeMap<u64, [i64; 3]> = BTreeMap::new();
        for (contact, new) in states {
            let mut old = Vec::new();
            for row in table.range((contact, 0)..=(contact, u64::MAX))? {
                let (key, state) = row?;
                old.push((key.value().1, state.value()));
            }
            if old == new {
                continue;
            }
            for &(purpose, state) in &old {
                table.remove((contact, purpose))?;
                count_state(&mut delta, purpose, state, -1);
            }
            for &(purpose, state) in &new {
                table.insert((contact, purpose), state)?;
                count_state(&mut delta, purpose, state, 1);
            }
        }
        drop(table);
        let mut counts = self.txn.open_table(CONSENT_COUNTS)?;
        for (purpose, by) in delta {
            let (a, b, c) = counts.get(purpose)?.map_or((0, 0, 0), |v| v.value());
            let moved = |n: u64, d: i64| n.saturating_add_signed(d);
            let now = (moved(a, by[0]), moved(b, by[1]), moved(c, by[2]));
            if now == (0, 0, 0) {
                counts.remove(purpose)?;
            } else {
                counts.insert(purpose, now)?;
            }
        }
        Ok(())
    }

    /// Allocates the next id of `kind`. Ids are never reused, so an audit
    /// entry about a deleted record cannot later seem to be about another.
    pub fn next_id(&mut self, kind: EntityKind) -> Result<u64> {
        self.reserve_ids(kind, 1)
    }

    /// Reserves `n` consecutive ids and returns the first.
    pub fn reserve_ids(&mut self, kind: EntityKind, n: u64) -> Result<u64> {
        let key = next_id_key(kind);
        let mut meta = self.txn.open_table(META)?;
        let next = meta.get(key.as_str())?.map_or(1, |v| v.value());
        meta.insert(key.as_str(), next + n)?;
        Ok(next)
    }

    pub fn set_meta(&mut self, key: &str, value: u64) -> Result<()> {
        self.txn.open_table(META)?.insert(key, value)?;
        Ok(())
    }

    pub fn remove_meta(&mut self, key: &str) -> Result<()> {
        self.txn.open_table(META)?.remove(key)?;
        Ok(())
    }

    pub fn set_meta_bytes(&mut self, key: &str, value: &[u8]) -> Result<()> {
        self.txn.open_table(META_BYTES)?.insert(key, value)?;
        Ok(())
    }

    pub fn link(&mut self, link: Link, left: u64, right: u64) -> Result<()> {
        self.txn.open_table(link.0)?.insert((left, right), ())?;
        Ok(())
    }

    pub fn link_all(
        &mut self,
        link: Link,
        pairs: impl IntoIterator<Item = (u64, u64)>,
    ) -> Result<()> {
        let mut table = self.txn.open_table(link.0)?;
        for pair in pairs {
            table.insert(pair, ())?;
        }
        Ok(())
    }

    pub fn unlink(&mut self, link: Link, left: u64, right: u64) -> Result<()> {
        self.txn.open_table(link.0)?.remove((left, right))?;
        Ok(())
    }

    /// Removes every link of `left` and returns the right-hand ids it had.
    pub fn unlink_all(&mut self, link: Link, left: u64) -> Result<Vec<u64>> {
        let rights = self.links(link, left)?;
        let mut table = self.txn.open_table(link.0)?;
        for right in &rights {
            table.remove((left, *right))?;
        }
        Ok(rights)
    }

    pub fn put_user(&mut self, user: &User) -> Result<()> {
        let bytes = encode(user)?;
        self.txn
            .open_table(USERS)?
            .insert(user.name.as_str(), bytes.as_slice())?;
        Ok(())
    }

    pub fn remove_user(&mut self, name: &str) -> Result<bool> {
        Ok(self.txn.open_table(USERS)?.remove(name)?.is_some())
    }

    pub fn put_settings(&mut self, settings: &Settings) -> Result<()> {
        let bytes = encode(settings)?;
        self.set_meta_bytes(SETTINGS_KEY, &bytes)
    }

    pub fn put_notification_entry(&mut self, entry: &NotificationEntry) -> Result<()> {
        let bytes = encode(entry)?;
        self.txn
            .open_table(NOTIFICATIONS)?
            .insert((entry.incident_id, entry.contact_id), bytes.as_slice())?;
        self.link(Link::NOTIFIED_CONTACTS, entry.contact_id, entry.incident_id)
    }

    pub fn remove_notification_entry(&mut self, incident: u64, contact: u64) -> Result<()> {
        self.txn
            .open_table(NOTIFICATIONS)?
            .remove((incident, contact))?;
        self.unlink(Link::NOTIFIED_CONTACTS, contact, incident)
    }

    /// Seals `record` onto the end of the audit chain.
    pub fn append_audit(&mut self, at: Timestamp, record: AuditRecord) -> Result<AuditEntry> {
        let (seq, prev) = self.audit_head()?;
        let entry = AuditEntry::seal(seq + 1, at, record, prev);
        self.put(&entry)?;
        self.set_meta(AUDIT_SEQ_KEY, entry.seq)?;
        self.set_meta_bytes(AUDIT_HEAD_KEY, &entry.hash)?;
        Ok(entry)
    }

    /// The key of the do-not-contact fingerprints, made on first use.
    pub fn dnc_key(&mut self) -> Result<[u8; 32]> {
        if let Some(key) = self
            .meta_bytes(DNC_KEY)?
            .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        {
            return Ok(key);
        }
        let key: [u8; 32] = rand::random();
        self.set_meta_bytes(DNC_KEY, &key)?;
        Ok(key)
    }

    /// Replaces a contact's normalised addresses and numbers in the
    /// duplicates table: `old` are removed, `new` added.
    pub fn set_contact_keys(&mut self, id: u64, old: &[Vec<u8>], new: &[Vec<u8>]) -> Result<()> {
        let mut table = self.txn.open_table(CONTACT_KEYS)?;
        for key in old.iter().filter(|k| !new.contains(k)) {
            table.remove((key.as_slice(), id))?;
        }
        for key in new {
            table.insert((key.as_slice(), id), ())?;
        }
        Ok(())
    }

    /// Adds many (key, contact) pairs with one table open, for imports.
    pub fn add_contact_keys(&mut self, pairs: &[(Vec<u8>, u64)]) -> Result<()> {
        let mut table = self.txn.open_table(CONTACT_KEYS)?;
        for (key, id) in pairs {
            table.insert((key.as_slice(), *id), ())?;
        }
        Ok(())
    }

    pub fn add_do_not_contact(&mut self, fingerprint: &[u8; 32], since_unix: u64) -> Result<()> {
        self.txn
            .open_table(DO_NOT_CONTACT)?
            .insert(fingerprint.as_slice(), since_unix)?;
        Ok(())
    }
}

fn next_id_key(kind: EntityKind) -> String {
    format!("next_id.{}", kind.as_str().replace(' ', "_"))
}

const SETTINGS_KEY: &str = "settings";
pub(crate) const AUDIT_SEQ_KEY: &str = "audit.seq";
const AUDIT_HEAD_KEY: &str = "audit.head";
/// Set by the schema 1 → 2 migration: the seq of the first entry sealed over
/// its stored encoding.
pub(crate) const AUDIT_STORED_SEAL_FROM: &str = "audit.stored_seal_from";
/// The key of the do-not-contact fingerprints (in `meta_bytes`).
pub const DNC_KEY: &str = "dnc.key";

#[cfg(test)]
mod tests;
