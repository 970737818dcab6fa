//! Backups: writing one (through the daemon when there is one), checking a
//! file, and restoring one in place of the database.

use std::path::{Path, PathBuf};

use super::output::outln;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::Cli;
use crate::clock::Clock;
use crate::store::StoreError;
use crate::store::restore::BackupSummary;

/// `custos backup FILE`: a consistent copy, verified before it gets its
/// name. Through the daemon the file is written on the daemon's machine.
pub fn write(backend: &dyn Backend, path: &Path) -> Result<()> {
    let absolute = absolute(path)?;
    let r = backend.backup(absolute.display().to_string())?;
    for notice in &r.notices {
        eprintln!("custos: {notice}");
    }
    let size = std::fs::metadata(&absolute)
        .map(|m| format!(" ({})", human_size(m.len())))
        .unwrap_or_default();
    outln!(
        "backup: {} records written to {}{size} and verified",
        r.records,
        absolute.display()
    );
    Ok(())
}

/// `custos backup verify FILE`: reads the file without changing it.
pub fn verify(file: &Path) -> Result<()> {
    let summary = crate::service::verify_backup(file)?;
    outln!("{}", describe(file, &summary));
    Ok(())
}

/// `custos restore FILE`: the backup in place of the database named by
/// `--db` (or the default one), with the daemon stopped.
pub fn restore(cli: &Cli, clock: Clock, file: &Path) -> Result<()> {
    if cli.socket.is_some() {
        return Err(CliError::Usage(
            "restore works on the database file, not through the daemon: stop the daemon \
             (systemctl stop custos) and pass --db with its database"
                .into(),
        ));
    }
    let target = match &cli.db {
        Some(path) => path.clone(),
        None => {
            let socket = crate::net::default_socket_path();
            if socket.exists() {
                return Err(CliError::Usage(format!(
                    "a daemon listens on {}: stop it (systemctl stop custos) and pass --db \
                     with the database it serves (/var/lib/custos/custos.redb when installed \
                     from the package)",
                    socket.display()
                )));
            }
            super::default_db_path()?
        }
    };
    let suffix = clock.now().format("%Y%m%dT%H%M%S").to_string();
    let report = crate::service::restore_backup(file, &target, &suffix).map_err(|e| match e {
        StoreError::InUse(path) => CliError::InUse(format!(
            "{} is open in another process: stop the daemon (systemctl stop custos) and \
             every custos using it, then restore again; nothing was changed",
            path.display()
        )),
        e => e.into(),
    })?;
    outln!("restored {}", describe(file, &report.summary));
    outln!("into {}", target.display());
    if let Some(previous) = &report.previous {
        outln!(
            "the database it replaced is kept as {} (delete it once you are sure)",
            previous.display()
        );
    }
    Ok(())
}

fn describe(file: &Path, s: &BackupSummary) -> String {
    let tables = s
        .tables
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{name} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let checked = if s.checked {
        "every record readable, audit chain intact"
    } else {
        "written by an older release: restore upgrades and checks it"
    };
    format!(
        "{}: OK, schema {}, {} records ({tables}), {}; {checked}",
        file.display(),
        s.schema,
        s.records,
        human_size(s.bytes)
    )
}

/// `path` from the current directory: the daemon does not share it.
pub(super) fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .map_err(|e| CliError::io("current directory", e))?
        .join(path))
}

/// Sizes as people read them: 1.1 GB, 540 kB (decimal units, like `ls -h`
/// shows on most desktops and `df -H`).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_people_say_them() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1_000), "1.0 kB");
        assert_eq!(human_size(557_056), "557 kB");
        assert_eq!(human_size(1_143_738_368), "1.1 GB");
    }
}
