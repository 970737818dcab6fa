//! The files around the database: the lock every process takes before it
//! opens the database, the temporary file of a vacuum and the partial file
//! of a backup. Whole-file operations must be safe beside other processes
//! and against being killed at any instant:
//!
//! - The lock lives in a sidecar file (`custos.redb.lock`) that is never
//!   replaced, so a vacuum can rename a fresh database over the old one
//!   while every other process is still kept out (a lock on the database
//!   file itself would be left behind on the old inode).
//! - A backup is written to `TARGET.custos-partial-PID`, made durable,
//!   verified, and only then linked to its final name: a file at the final
//!   path is always complete. A partial whose process is gone is a leftover
//!   and is removed, with a notice, by the next backup into that directory.
//! - A vacuum writes `custos.redb.vacuum`; one found while holding the lock
//!   is a leftover of a killed vacuum and is removed, with a notice.

use std::ffi::OsString;
use std::fs::{self, File, TryLockError};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` with `suffix` appended to its file name.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// The directory holding `path` ("." for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates the directories above `path` owner-only (whatever the umask:
/// the mode is set explicitly, since it may name or hold personal data).
pub(super) fn create_private_dirs(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = parent(path);
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io_err(dir))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err(dir))?;
    }
    Ok(())
}

/// Creates `path` readable by the owner only, before redb opens it, so
/// personal data is never briefly world-readable; an existing file is left
/// as it is.
pub(super) fn create_private_file(path: &Path) -> Result<()> {
    create_private_dirs(path)?;
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(file) => {
            use std::os::unix::fs::PermissionsExt;
            // Exactly owner-only, whatever the umask took away.
            file.set_permissions(fs::Permissions::from_mode(0o600))
                .map_err(io_err(path))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// How long opening a database waits for another process to let go.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The exclusive lock on a database, held for as long as the store is open.
/// The kernel releases it when the process ends, however it ends.
#[derive(Debug)]
pub(super) struct DatabaseLock {
    _file: File,
}

impl DatabaseLock {
    pub(super) fn acquire(db: &Path) -> Result<DatabaseLock> {
        let path = sibling(db, ".lock");
        create_private_dirs(&path)?;
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(io_err(&path))?;
        // A one-shot command beside a backup, a vacuum or another command
        // waits its turn (they take a fraction of a second) rather than
        // failing; a long-running holder (the daemon, an open interface)
        // still gets a clear refusal after a moment.
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DatabaseLock { _file: file }),
                Err(TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(TryLockError::WouldBlock) => return Err(StoreError::InUse(db.to_path_buf())),
                Err(TryLockError::Error(e)) => return Err(io_err(&path)(e)),
            }
        }
    }
}

/// Makes a rename or a new name in `dir` durable.
pub(super) fn sync_dir(path: &Path) -> Result<()> {
    let dir = parent(path);
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

/// Where a vacuum writes the fresh copy of `db`.
pub(super) fn vacuum_file(db: &Path) -> PathBuf {
    sibling(db, ".vacuum")
}

/// Removes the leftover of a killed vacuum. Only called while holding the
/// database lock, so no vacuum can be running.
pub(super) fn remove_vacuum_leftover(db: &Path) -> Result<Option<String>> {
    let tmp = vacuum_file(db);
    if !tmp.exists() {
        return Ok(None);
    }
    fs::remove_file(&tmp).map_err(io_err(&tmp))?;
    Ok(Some(format!(
        "removed {}, left by a vacuum that was interrupted; the database was not affected",
        tmp.display()
    )))
}

const PARTIAL: &str = ".custos-partial-";

/// Where this process writes a backup to `target` until it is complete.
pub(super) fn partial_file(target: &Path) -> PathBuf {
    sibling(target, &format!("{PARTIAL}{}", std::process::id()))
}

fn process_alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 sends nothing; it only checks the pid.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Removes partial backups in `target`'s directory whose process is gone,
/// and says which.
pub(super) fn remove_partial_leftovers(target: &Path) -> Result<Vec<String>> {
    let dir = parent(target);
    let mut notices = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(notices);
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((_, pid)) = name.rsplit_once(PARTIAL) else {
            continue;
        };
        let Ok(pid) = pid.parse::<i32>() else {
            continue;
        };
        if pid <= 0 || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        fs::remove_file(&path).map_err(io_err(&path))?;
        notices.push(format!(
            "removed {}, left by a backup that was interrupted",
            path.display()
        ));
    }
    Ok(notices)
}

/// Gives the complete backup at `partial` its final name, never replacing a
/// file that appeared there meanwhile, and makes the name durable.
pub(super) fn publish(partial: &Path, target: &Path) -> Result<()> {
    fs::hard_link(partial, target).map_err(io_err(target))?;
    crate::failpoint::hit("backup.after-link");
    fs::remove_file(partial).map_err(io_err(partial))?;
    sync_dir(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.redb");
        let held = DatabaseLock::acquire(&db).unwrap();
        assert!(matches!(
            DatabaseLock::acquire(&db),
            Err(StoreError::InUse(_))
        ));
        drop(held);
        DatabaseLock::acquire(&db).unwrap();
    }

    #[test]
    fn partials_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.redb");
        let mine = partial_file(&target);
        fs::write(&mine, b"x").unwrap();
        // pid 0 is never a process; i32::MAX is far above pid_max.
        let dead = sibling(&target, &format!("{PARTIAL}{}", i32::MAX));
        fs::write(&dead, b"x").unwrap();
        let notices = remove_partial_leftovers(&target).unwrap();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(mine.exists());
        assert!(!dead.exists());
    }
}
