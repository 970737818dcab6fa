use std::io::IsTerminal;

use super::output::outln;

use super::contact::confirm;
use super::output::RowWriter;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ListFormat, RetentionCommand, SettingsCommand};
use crate::clock::Clock;
use crate::model::retention::StateKey;
use crate::service::api::{BulkReport, RetentionBulk};

/// Contact ids a sweep lists on a terminal before saying how many more.
const IDS_ON_A_TERMINAL: usize = 20;

fn print_bulk(report: &BulkReport) {
    outln!("{}: {} done", report.action, report.done.len());
    for (id, why) in &report.skipped {
        outln!("  skipped #{id}: {why}");
    }
}

pub fn run(backend: &dyn Backend, clock: Clock, cmd: &RetentionCommand) -> Result<()> {
    let zone = super::zone(backend)?;
    let date = |flag: &str, value: &str| super::when(&zone, flag, value);
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
            // Paged, so a report of a million contacts never becomes one
            // huge answer.
            const PAGE: usize = 5_000;
            // Pages read while the daemon re-derives retention after a
            // purpose change could list a contact twice or not at all as
            // it moves between states: wait for the figures to be final.
            // Without a daemon the command does the work itself.
            let mut said = false;
            loop {
                let update = backend.retention_update(true)?;
                let Some(left) = update.left else { break };
                if !said {
                    eprintln!(
                        "a purpose's retention rule changed; re-deriving every contact's \
                         retention first ({} % done)…",
                        left.percent()
                    );
                    said = true;
                }
                if update.background {
                    std::thread::sleep(std::time::Duration::from_millis(250));
                }
            }
            let first = backend.retention_report(as_of, state, 0, PAGE)?;
            let table = *format == ListFormat::Table;
            if table {
                let counts: Vec<String> = first
                    .counts
                    .iter()
                    .map(|(k, n)| format!("{} {n}", k.key()))
                    .collect();
                outln!(
                    "retention as of {}: {}",
                    zone.datetime_named(first.as_of),
                    counts.join(", ")
                );
            }
            let mut out = RowWriter::new(
                &[
                    ("state", 12),
                    ("id", 7),
                    ("name", 24),
                    ("organisation", 0),
                    ("email", 0),
                    ("keep_until", 10),
                    ("reason", 90),
                ],
                *format,
            )?;
            // Pinned to the first page's instant, so the pages agree.
            let as_of = Some(first.as_of);
            let total = first.total;
            let mut page = first;
            let mut offset = 0;
            loop {
                let got = page.rows.len();
                for r in page.rows {
                    let keep_until = r
                        .keep_until
                        .map(|t| if table { zone.date(t) } else { zone.rfc3339(t) });
                    out.row(vec![
                        r.state.key().key().into(),
                        r.summary.id.into(),
                        r.summary.name.into(),
                        r.summary.organisation.into(),
                        r.summary.email.into(),
                        keep_until.into(),
                        r.reason.into(),
                    ])?;
                }
                offset += got;
                if got == 0 || offset >= total {
                    break;
                }
                page = backend.retention_report(as_of, state, offset, PAGE)?;
            }
            out.finish().map(|_| ())
        }
        RetentionCommand::Sweep { as_of, dry_run } => {
            let as_of = as_of.as_deref().map(|d| date("as-of", d)).transpose()?;
            let report = backend.sweep(as_of, *dry_run)?;
            let when = zone.datetime_named(report.as_of);
            let verb = if report.dry_run { "would " } else { "" };
            if report.anonymised.is_empty() && report.deleted.is_empty() {
                outln!("sweep as of {when}: nothing due");
            } else {
                outln!(
                    "sweep as of {when}: {verb}anonymise {}, {verb}delete {}",
                    report.anonymised.len(),
                    report.deleted.len()
                );
                // A nightly sweep at a million contacts erases tens of
                // thousands: on a terminal the first few and how many
                // more; piped (cron mail, a script), every id.
                let shown = if std::io::stdout().is_terminal() {
                    IDS_ON_A_TERMINAL
                } else {
                    usize::MAX
                };
                let ids = |v: &[u64]| {
                    let mut line = v
                        .iter()
                        .take(shown)
                        .map(|id| format!("#{id}"))
                        .collect::<Vec<_>>()
                        .join(" ");
                    if v.len() > shown {
                        line.push_str(&format!(
                            " … and {} more (all of them when piped, and in `custos audit list`)",
                            v.len() - shown
                        ));
                    }
                    line
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

/// Every setting under the name `custos settings set` takes.
fn settings_rows(s: &crate::model::Settings) -> Vec<(&'static str, String)> {
    vec![
        ("controller-name", s.controller_name.clone()),
        ("controller-address", s.controller_address.clone()),
        ("controller-email", s.controller_email.clone()),
        ("dpo-contact", s.dpo_contact.clone()),
        ("security-measures", s.security_measures.clone()),
        (
            "incidents-visible-to-sales",
            s.incidents_visible_to_sales.to_string(),
        ),
        ("auto-erase-expired", s.auto_erase_expired.to_string()),
        ("sendmail-command", s.sendmail_command.clone()),
        ("default-language", s.default_language.clone()),
        ("time-zone", s.time_zone.clone()),
        ("phone-region", s.phone_region.clone()),
        ("daily-contact-ceiling", s.daily_contact_ceiling.to_string()),
        (
            "max-connections-per-user",
            s.max_connections_per_user.to_string(),
        ),
        ("idle-timeout-minutes", s.idle_timeout_minutes.to_string()),
        ("frame-memory-mib", s.frame_memory_mib.to_string()),
    ]
}

pub fn settings(backend: &dyn Backend, cmd: &SettingsCommand) -> Result<()> {
    let mut s = backend.settings()?;
    match cmd {
        SettingsCommand::Show { format } => {
            let mut out = RowWriter::new(&[("setting", 28), ("value", 90)], *format)?;
            for (key, value) in settings_rows(&s) {
                out.row(vec![key.into(), value.into()])?;
            }
            out.finish().map(|_| ())
        }
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
                "time-zone" => s.time_zone = value.clone(),
                "phone-region" => s.phone_region = value.clone(),
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
