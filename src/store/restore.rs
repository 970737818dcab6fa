//! Backup files after they were written: reading one without changing it
//! (`custos backup verify`), and putting one in place of the database
//! (`custos restore`).

use std::fs;
use std::path::{Path, PathBuf};

use redb::{ReadableDatabase, ReadableTableMetadata, TableHandle};

use super::records::Record;
use super::tables::*;
use super::{ReadTx, Reads, Result, StoreError, files, migrate};
use crate::model::{
    AuditEntry, ConsentEvent, Contact, Incident, Interaction, Organisation, Purpose, SubjectRequest,
};

/// What a backup file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The file's schema version; older ones are upgraded by a restore.
    pub schema: u64,
    /// Rows per record table, by table name.
    pub tables: Vec<(String, u64)>,
    pub records: u64,
    pub bytes: u64,
    /// Every record decoded and the check passed. `false` only for files of
    /// an older schema, which are checked once a restore upgraded them.
    pub checked: bool,
}

/// Reads the backup at `path` without changing it: its schema, every
/// record decoded, then `check` (the service verifies the audit chain).
pub fn inspect(
    path: &Path,
    check: impl FnOnce(&ReadTx) -> std::result::Result<(), String>,
) -> Result<BackupSummary> {
    let bytes = fs::metadata(path)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    let db = redb::ReadOnlyDatabase::open(path).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let tx = ReadTx {
        txn: db.begin_read()?,
        closing: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    };
    let schema = tx.meta(migrate::SCHEMA_KEY)?.unwrap_or(0);
    if schema > migrate::CURRENT {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: schema,
            supported: migrate::CURRENT,
        });
    }
    let mut tables = Vec::new();
    for def in RECORD_TABLES {
        tables.push((def.name().to_string(), rows_in(&tx, def)?));
    }
    // Counted as `backup` counts what it copies.
    tables.push((USERS.name().to_string(), rows_in(&tx, USERS)?));
    tables.push((
        NOTIFICATIONS.name().to_string(),
        rows_in(&tx, NOTIFICATIONS)?,
    ));
    let records = tables.iter().map(|(_, n)| n).sum();
    let current = schema == migrate::CURRENT;
    if current {
        decode_all(&tx)?;
        check(&tx).map_err(|reason| StoreError::Unverified {
            path: path.to_path_buf(),
            reason,
        })?;
    }
    Ok(BackupSummary {
        schema,
        tables,
        records,
        bytes,
        checked: current,
    })
}

/// The rows in table `def`; none when the file predates the table.
fn rows_in<K: redb::Key + 'static, V: redb::Value + 'static>(
    tx: &ReadTx,
    def: redb::TableDefinition<K, V>,
) -> Result<u64> {
    match tx.txn.open_table(def) {
        Ok(table) => Ok(table.len()?),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// Decodes every stored record: a backup whose bytes cannot be read back is
/// no backup.
fn decode_all(tx: &ReadTx) -> Result<()> {
    fn each<R: Record>(tx: &ReadTx) -> Result<()> {
        tx.scan::<R>(|_| true)
    }
    each::<Contact>(tx)?;
    each::<Organisation>(tx)?;
    each::<Interaction>(tx)?;
    each::<Purpose>(tx)?;
    each::<ConsentEvent>(tx)?;
    each::<Incident>(tx)?;
    each::<SubjectRequest>(tx)?;
    each::<AuditEntry>(tx)?;
    tx.users()?;
    tx.settings()?;
    Ok(())
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub summary: BackupSummary,
    /// Where the database that was replaced now is (never deleted).
    pub previous: Option<PathBuf>,
}

/// Puts a copy of the backup at `backup` in place of the database at
/// `target`. Refused (`InUse`) while any process has the database open —
/// the daemon must be stopped. The copy is upgraded to the current schema
/// and checked (`check`) before it replaces anything; the database it
/// replaces is renamed to `previous`, never deleted. Killed at any
/// instant, `target` is either the old database or the whole restored one.
pub fn restore(
    backup: &Path,
    target: &Path,
    suffix: &str,
    check: impl Fn(&ReadTx) -> std::result::Result<(), String>,
) -> Result<RestoreReport> {
    files::create_private_dirs(target)?;
    let _lock = files::DatabaseLock::acquire(target)?;
    // Read the backup itself first: a bad file stops here, before any copy.
    inspect(backup, &check)?;
    let partial = files::partial_file(target);
    let result = (|| {
        files::create_private_file(&partial)?;
        fs::copy(backup, &partial).map_err(|source| StoreError::Io {
            path: partial.clone(),
            source,
        })?;
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&partial, fs::Permissions::from_mode(0o600)).map_err(|source| {
                StoreError::Io {
                    path: partial.clone(),
                    source,
                }
            })?;
            let db = super::open_database(&partial, super::Cache::OneShot)?;
            migrate::run(&db, &partial)?;
        }
        // The upgraded copy, read back as the daemon will read it.
        let summary = inspect(&partial, &check)?;
        // The old database keeps a second name, then the restored one
        // takes the first in one atomic rename: `target` names a whole
        // database at every instant.
        let previous = if target.exists() {
            let previous = files::sibling(target, &format!(".before-restore-{suffix}"));
            fs::hard_link(target, &previous).map_err(|source| StoreError::Io {
                path: previous.clone(),
                source,
            })?;
            Some(previous)
        } else {
            None
        };
        crate::failpoint::hit("restore.before-rename");
        fs::rename(&partial, target).map_err(|source| StoreError::Io {
            path: target.to_path_buf(),
            source,
        })?;
        files::sync_dir(target)?;
        Ok(RestoreReport { summary, previous })
    })();
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}
