//! `custos maintenance`: what a server needs every night — the retention
//! sweep, a verified backup with rotation, and a vacuum when the sweep
//! erased someone (so their bytes leave the free pages too). Through the
//! daemon each step is an ordinary, audited request; the summary names
//! counts and sizes, never people, because it goes to the system journal.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::backup::{absolute, human_size};
use super::output::outln;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::MaintenanceArgs;
use crate::clock::Clock;

const PREFIX: &str = "custos-";
const SUFFIX: &str = ".redb";
/// An encrypted copy for off the server: FILE.redb.age.
const ENCRYPTED: &str = ".age";

pub fn run(backend: &dyn Backend, clock: Clock, args: &MaintenanceArgs) -> Result<()> {
    // A key that cannot be read stops the round before anything is done.
    let recipients = recipients(&args.offsite_recipient)?;
    if args.backup_dir.is_none() && !recipients.is_empty() {
        return Err(CliError::Usage(
            "--offsite-recipient needs --backup-dir: the encrypted copy is made of the backup"
                .into(),
        ));
    }
    let mut failed = None;
    let sweep = backend.sweep(None, false)?;
    let erased = sweep.anonymised.len() + sweep.deleted.len();
    outln!(
        "maintenance: sweep anonymised {}, deleted {}",
        sweep.anonymised.len(),
        sweep.deleted.len()
    );
    if let Some(dir) = &args.backup_dir {
        let now = clock.now();
        let name = format!("{PREFIX}{}{SUFFIX}", now.format("%Y-%m-%dT%H%M%S"));
        let path = absolute(dir)?.join(name);
        let report = backend.backup(path.display().to_string())?;
        let size = std::fs::metadata(&path)
            .map(|m| human_size(m.len()))
            .unwrap_or_else(|_| "size unknown".into());
        outln!(
            "maintenance: backup of {} records verified, {size}, {}",
            report.records,
            path.display()
        );
        if !recipients.is_empty() {
            // A failed off-site copy does not stop the round: rotation and
            // vacuum still run, and the exit status says it failed.
            failed = offsite(&path, &recipients, args.offsite_command.as_deref()).err();
        }
        let removed = rotate(dir, now.date_naive(), args.keep_daily, args.keep_weekly)?;
        if !removed.is_empty() {
            outln!(
                "maintenance: removed {} older backup(s) (keeping {} daily, {} weekly)",
                removed.len(),
                args.keep_daily,
                args.keep_weekly
            );
        }
    }
    if erased > 0 || args.always_vacuum {
        let v = backend.vacuum()?;
        outln!(
            "maintenance: vacuum {} → {}",
            human_size(v.bytes_before),
            human_size(v.bytes_after)
        );
    }
    failed.map_or(Ok(()), Err)
}

/// The age public keys (x25519, `age1…`) the off-site copy is encrypted to.
fn recipients(keys: &[String]) -> Result<Vec<age::x25519::Recipient>> {
    keys.iter()
        .map(|key| {
            key.trim().parse::<age::x25519::Recipient>().map_err(|e| {
                CliError::Usage(format!(
                    "--offsite-recipient {key:?} is not an age public key (age1…): {e}"
                ))
            })
        })
        .collect()
}

/// Encrypts the backup at `path` to `recipients` as `path.age` (owner-only)
/// and, with `command`, sends it and removes the local encrypted copy.
fn offsite(
    path: &Path,
    recipients: &[age::x25519::Recipient],
    command: Option<&str>,
) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut name = path.as_os_str().to_owned();
    name.push(ENCRYPTED);
    let target = PathBuf::from(name);
    let io = |e: std::io::Error| CliError::io(target.display().to_string(), e);
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| CliError::Usage(format!("--offsite-recipient: {e}")))?;
    let mut source =
        std::fs::File::open(path).map_err(|e| CliError::io(path.display().to_string(), e))?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&target)
        .map_err(io)?;
    let mut writer = encryptor
        .wrap_output(std::io::BufWriter::new(file))
        .map_err(io)?;
    std::io::copy(&mut source, &mut writer).map_err(io)?;
    let mut file = writer.finish().map_err(io)?;
    file.flush().map_err(io)?;
    file.get_ref().sync_all().map_err(io)?;
    let size = std::fs::metadata(&target)
        .map(|m| human_size(m.len()))
        .unwrap_or_default();
    let Some(command) = command else {
        outln!(
            "maintenance: encrypted copy for off the server ({} key(s)), {size}, {}",
            recipients.len(),
            target.display()
        );
        return Ok(());
    };
    // The path goes in as "$1", never through the shell's parser.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("custos-offsite")
        .arg(&target)
        .status()
        .map_err(|e| CliError::io("the off-site command", e))?;
    if !status.success() {
        return Err(CliError::io(
            "maintenance",
            std::io::Error::other(format!(
                "the off-site command failed ({status}); the encrypted copy stays at {} and \
                 the backup is kept",
                target.display()
            )),
        ));
    }
    std::fs::remove_file(&target).map_err(io)?;
    outln!(
        "maintenance: encrypted copy ({} key(s)), {size}, sent off the server",
        recipients.len()
    );
    Ok(())
}

/// Removes the backups in `dir` that the rotation does not keep; returns
/// their paths. Only files named as maintenance names them are touched.
fn rotate(dir: &Path, today: NaiveDate, daily: usize, weekly: usize) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| CliError::io(dir.display().to_string(), e))?;
    // Decisions are per backup: FILE.redb and its encrypted FILE.redb.age
    // are kept or removed together.
    let mut files: Vec<(String, String)> = Vec::new();
    let mut backups: Vec<(String, NaiveDate)> = Vec::new();
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let Some(date) = backup_date(&name) else {
            continue;
        };
        let stem = name.strip_suffix(ENCRYPTED).unwrap_or(&name).to_string();
        if !backups.iter().any(|(s, _)| *s == stem) {
            backups.push((stem.clone(), date));
        }
        files.push((stem, name));
    }
    backups.sort();
    let keep = kept(&backups, today, daily, weekly);
    let mut removed = Vec::new();
    for (_, name) in files.iter().filter(|(stem, _)| !keep.contains(stem)) {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|e| CliError::io(path.display().to_string(), e))?;
        removed.push(path);
    }
    Ok(removed)
}

/// The date in a name `custos-YYYY-MM-DDTHHMMSS.redb` (or its encrypted
/// copy, `.redb.age`).
fn backup_date(name: &str) -> Option<NaiveDate> {
    let name = name.strip_suffix(ENCRYPTED).unwrap_or(name);
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()
}

/// The names to keep of `backups` (sorted oldest first): the newest of each
/// of the `daily` most recent days that have one, and the newest of each
/// of the `weekly` most recent ISO weeks that have one (as restic counts
/// --keep-daily and --keep-weekly). A backup dated
/// after `today` (a clock set wrong) is kept, never counted on.
fn kept(
    backups: &[(String, NaiveDate)],
    today: NaiveDate,
    daily: usize,
    weekly: usize,
) -> Vec<String> {
    let mut keep = Vec::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for (name, date) in backups.iter().rev() {
        if *date > today {
            keep.push(name.clone());
            continue;
        }
        let week = (date.iso_week().year(), date.iso_week().week());
        let mut wanted = false;
        if !days.contains(date) && days.len() < daily {
            days.push(*date);
            wanted = true;
        }
        if !weeks.contains(&week) && weeks.len() < weekly {
            weeks.push(week);
            wanted = true;
        }
        if wanted {
            keep.push(name.clone());
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nightly(from: NaiveDate, nights: i64) -> Vec<(String, NaiveDate)> {
        (0..nights)
            .map(|n| {
                let d = from + chrono::Duration::days(n);
                (format!("custos-{d}T020000.redb"), d)
            })
            .collect()
    }

    #[test]
    fn keeps_a_week_of_days_and_a_month_of_weeks() {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let backups = nightly(start, 91);
        let today = start + chrono::Duration::days(90);
        let keep = kept(&backups, today, 7, 4);
        // Today is Monday 30 November: the 7 days 24–30 November, and of
        // the 4 weeks (49, 48, 47, 46) the newest of each — 30 and 29
        // November are kept already, 22 and 15 November are added.
        assert_eq!(keep.len(), 9, "{keep:?}");
        assert!(keep.iter().any(|n| n.contains("2026-11-15")), "{keep:?}");
        assert!(!keep.iter().any(|n| n.contains("2026-11-14")), "{keep:?}");
        assert!(keep.contains(&backups[90].0), "the newest is kept");
        assert!(!keep.contains(&backups[0].0), "the oldest goes");
    }

    #[test]
    fn two_backups_on_one_day_keep_the_newest() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let backups = vec![
            (format!("custos-{d}T020000.redb"), d),
            (format!("custos-{d}T140000.redb"), d),
        ];
        assert_eq!(kept(&backups, d, 7, 0), vec![backups[1].0.clone()]);
    }

    #[test]
    fn a_backup_and_its_encrypted_copy_go_together() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "custos-2026-11-30T020000.redb",
            "custos-2026-11-30T020000.redb.age",
            "custos-2026-11-29T020000.redb",
            "custos-2026-11-29T020000.redb.age",
            "custos-2026-11-28T020000.redb.age",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let removed = rotate(dir.path(), today, 1, 0).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "custos-2026-11-30T020000.redb",
                "custos-2026-11-30T020000.redb.age"
            ]
        );
        assert_eq!(removed.len(), 3);
    }

    #[test]
    fn other_files_are_not_backups() {
        assert_eq!(
            backup_date("custos-2026-11-30T020000.redb"),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        assert_eq!(backup_date("custos.redb"), None);
        assert_eq!(backup_date("custos-notes.txt"), None);
        assert_eq!(backup_date("custos-2026-13-01T000000.redb"), None);
    }

    #[test]
    fn nothing_is_lost_when_the_clock_jumps_back() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let future = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let backups = vec![(format!("custos-{future}T020000.redb"), future)];
        assert_eq!(kept(&backups, d, 1, 0).len(), 1);
    }
}
