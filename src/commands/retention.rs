use super::output::outln;
use std::path::Path;

use super::contact::confirm;
use super::output::{Table, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ReportFormat, RetentionCommand, SettingsCommand};
use crate::clock::{Clock, parse_instant};
use crate::model::Timestamp;
use crate::model::retention::StateKey;
use crate::service::api::{BulkReport, RetentionBulk};

fn date(flag: &str, value: &str) -> Result<Timestamp> {
    parse_instant(value).ok_or_else(|| {
        CliError::Usage(format!(
            "--{flag}: cannot read {value:?} as YYYY-MM-DD or RFC 3339"
        ))
    })
}

fn print_bulk(report: &BulkReport) {
    outln!("{}: {} done", report.action, report.done.len());
    for (id, why) in &report.skipped {
        outln!("  skipped #{id}: {why}");
    }
}

pub fn run(backend: &dyn Backend, clock: Clock, cmd: &RetentionCommand) -> Result<()> {
    let bulk = |ids: &[u64], action: RetentionBulk| -> Result<()> {
        let report = backend.retention_action(ids.to_vec(), action)?;
        print_bulk(&report);
        Ok(())
    };
    match cmd {
        RetentionCommand::Report {
            as_of,
            state,
            format,
        } => {
            let as_of = as_of.as_deref().map(|d| date("as-of", d)).transpose()?;
            let state = match state {
                Some(s) => Some(StateKey::parse(s).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--state: {s:?} is not one of no-basis, expired, expiring-30, \
                         expiring-90, scheduled, legal-hold, fine, anonymised"
                    ))
                })?),
                None => None,
            };
            let report = backend.retention_report(as_of, state, 0, usize::MAX)?;
            match format {
                ReportFormat::Json => print_json(&report),
                ReportFormat::Csv => {
                    let mut w = csv::Writer::from_writer(super::output::Out);
                    let fail = |e: csv::Error| CliError::Usage(format!("cannot write CSV: {e}"));
                    w.write_record([
                        "state",
                        "id",
                        "name",
                        "organisation",
                        "email",
                        "keep_until",
                        "reason",
                    ])
                    .map_err(fail)?;
                    for r in &report.rows {
                        w.write_record([
                            r.state.key().key(),
                            &r.summary.id.to_string(),
                            &r.summary.name,
                            &r.summary.organisation,
                            &r.summary.email,
                            &r.keep_until.map(|t| t.to_rfc3339()).unwrap_or_default(),
                            &r.reason,
                        ])
                        .map_err(fail)?;
                    }
                    w.flush().map_err(|e| CliError::io("stdout", e))
                }
                ReportFormat::Table => {
                    let counts: Vec<String> = report
                        .counts
                        .iter()
                        .map(|(k, n)| format!("{} {n}", k.key()))
                        .collect();
                    outln!(
                        "retention as of {}: {}",
                        report.as_of.format("%Y-%m-%d %H:%M UTC"),
                        counts.join(", ")
                    );
                    let mut table = Table::new(&[
                        ("STATE", 12),
                        ("ID", 7),
                        ("NAME", 24),
                        ("KEEP UNTIL", 10),
                        ("REASON", 90),
                    ]);
                    for r in report.rows {
                        table.row(vec![
                            r.state.key().key().to_string(),
                            r.summary.id.to_string(),
                            r.summary.name,
                            r.keep_until
                                .map(|t| t.format("%Y-%m-%d").to_string())
                                .unwrap_or_default(),
                            r.reason,
                        ]);
                    }
                    table.print()
                }
            }
        }
        RetentionCommand::Sweep { as_of, dry_run } => {
            let as_of = as_of.as_deref().map(|d| date("as-of", d)).transpose()?;
            let report = backend.sweep(as_of, *dry_run)?;
            let when = report.as_of.format("%Y-%m-%d %H:%M UTC");
            let verb = if report.dry_run { "would " } else { "" };
            if report.anonymised.is_empty() && report.deleted.is_empty() {
                outln!("sweep as of {when}: nothing due");
            } else {
                outln!(
                    "sweep as of {when}: {verb}anonymise {}, {verb}delete {}",
                    report.anonymised.len(),
                    report.deleted.len()
                );
                let ids = |v: &[u64]| {
                    v.iter()
                        .map(|id| format!("#{id}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                if !report.anonymised.is_empty() {
                    outln!("  anonymise: {}", ids(&report.anonymised));
                }
                if !report.deleted.is_empty() {
                    outln!("  delete: {}", ids(&report.deleted));
                }
            }
            let _ = clock;
            Ok(())
        }
        RetentionCommand::Anonymise { ids, yes } => {
            if !yes {
                confirm(&format!(
                    "Anonymise {} contact(s)? Every personal value is replaced; this cannot be \
                     undone.",
                    ids.len()
                ))?;
            }
            bulk(ids, RetentionBulk::Anonymise)
        }
        RetentionCommand::Schedule {
            ids,
            on,
            delete,
            reason,
        } => bulk(
            ids,
            RetentionBulk::ScheduleErasure {
                due: date("on", on)?,
                delete: *delete,
                reason: reason.clone(),
            },
        ),
        RetentionCommand::Cancel { ids } => bulk(ids, RetentionBulk::CancelErasure),
        RetentionCommand::Extend { ids, until, reason } => bulk(
            ids,
            RetentionBulk::Extend {
                until: date("until", until)?,
                reason: reason.clone(),
            },
        ),
        RetentionCommand::Hold { ids, reason } => bulk(
            ids,
            RetentionBulk::LegalHoldOn {
                reason: reason.clone(),
            },
        ),
        RetentionCommand::Release { ids } => bulk(ids, RetentionBulk::LegalHoldOff),
    }
}

pub fn vacuum(backend: &dyn Backend) -> Result<()> {
    let r = backend.vacuum()?;
    for notice in &r.notices {
        eprintln!("custos: {notice}");
    }
    outln!(
        "vacuum: {} records rewritten; {} → {} bytes",
        r.records,
        r.bytes_before,
        r.bytes_after
    );
    Ok(())
}

pub fn backup(backend: &dyn Backend, path: &Path) -> Result<()> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| CliError::io("current directory", e))?
            .join(path)
    };
    let r = backend.backup(absolute.display().to_string())?;
    for notice in &r.notices {
        eprintln!("custos: {notice}");
    }
    outln!(
        "backup: {} records written to {} and verified",
        r.records,
        absolute.display()
    );
    Ok(())
}

pub fn settings(backend: &dyn Backend, cmd: &SettingsCommand) -> Result<()> {
    let mut s = backend.settings()?;
    match cmd {
        SettingsCommand::Show => print_json(&s),
        SettingsCommand::Set { key, value } => {
            let flag = |v: &str| match v {
                "true" | "yes" | "on" => Ok(true),
                "false" | "no" | "off" => Ok(false),
                _ => Err(CliError::Usage(format!("{key}: write true or false"))),
            };
            let number = |v: &str| {
                v.trim()
                    .parse::<u32>()
                    .map_err(|_| CliError::Usage(format!("{key}: write a whole number")))
            };
            match key.as_str() {
                "controller-name" => s.controller_name = value.clone(),
                "controller-address" => s.controller_address = value.clone(),
                "controller-email" => s.controller_email = value.clone(),
                "dpo-contact" => s.dpo_contact = value.clone(),
                "security-measures" => s.security_measures = value.clone(),
                "incidents-visible-to-sales" => s.incidents_visible_to_sales = flag(value)?,
                "auto-erase-expired" => s.auto_erase_expired = flag(value)?,
                "sendmail-command" => s.sendmail_command = value.clone(),
                "default-language" => s.default_language = value.clone(),
                "daily-contact-ceiling" => s.daily_contact_ceiling = number(value)?,
                "max-connections-per-user" => s.max_connections_per_user = number(value)?,
                "idle-timeout-minutes" => s.idle_timeout_minutes = number(value)?,
                "frame-memory-mib" => s.frame_memory_mib = number(value)?,
                other => {
                    return Err(CliError::Usage(format!(
                        "no setting {other:?}; `custos settings --help` lists them"
                    )));
                }
            }
            backend.update_settings(s)?;
            outln!("{key} saved");
            Ok(())
        }
    }
}
