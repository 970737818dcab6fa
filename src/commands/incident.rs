use super::output::{out, outln};
use std::path::Path;

use super::output::{Cell, Column, RowWriter, Table, print_json};
use super::purpose::resolve;
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{IncidentCommand, IncidentFields, IncidentFormat, ListFormat, RuleArgs};
use crate::clock::Clock;
use crate::export::incident::{documentation, markdown, notification_csv};
use crate::model::when::Zone;
use crate::model::{
    AffectedRule, AuthorityNotification, BreachNature, IncidentDraft, IncidentStatus,
    IndividualsNotice, RiskLevel, Timestamp,
};
use crate::service::api::IncidentOverview;

/// "2026-01-01..2026-06-30": from the start of the first day to the end of
/// the last, in the zone (a time given with either end is taken as is).
fn range(zone: &Zone, flag: &str, value: &str) -> Result<(Timestamp, Timestamp)> {
    let (from, to) = value.split_once("..").ok_or_else(|| {
        CliError::Usage(format!(
            "--{flag}: write FROM..TO, e.g. 2026-01-01..2026-06-30"
        ))
    })?;
    let from = super::when(zone, flag, from)?;
    let to = match zone.understand(to) {
        Ok(u) if u.date_only => {
            let next = zone.date_of(u.at) + chrono::Duration::days(1);
            zone.start_of(next) - chrono::Duration::seconds(1)
        }
        _ => super::when(zone, flag, to)?,
    };
    Ok((from, to))
}

fn apply(zone: &Zone, d: &mut IncidentDraft, f: &IncidentFields) -> Result<()> {
    let date = |flag: &str, value: &str| super::when(zone, flag, value);
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *target = v.clone();
        }
    };
    set(&mut d.title, &f.title);
    set(&mut d.description, &f.description);
    set(&mut d.consequences, &f.consequences);
    set(&mut d.measures, &f.measures);
    set(&mut d.contact_point, &f.contact_point);
    set(&mut d.delay_reason, &f.delay_reason);
    if let Some(v) = &f.occurred {
        d.occurred_at = Some(date("occurred", v)?);
    }
    if let Some(v) = &f.aware {
        d.aware_at = date("aware", v)?;
    }
    if !f.nature.is_empty() {
        d.nature = f
            .nature
            .iter()
            .map(|n| {
                BreachNature::parse(n).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--nature: {n:?} is not confidentiality, integrity or availability"
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
    }
    if !f.data_categories.is_empty() {
        d.data_categories = f.data_categories.clone();
    }
    if !f.subject_categories.is_empty() {
        d.subject_categories = f.subject_categories.clone();
    }
    if let Some(n) = f.people {
        d.approx_subjects = n;
    }
    if let Some(n) = f.records {
        d.approx_records = n;
    }
    if let Some(r) = &f.risk {
        d.risk = RiskLevel::parse(r)
            .ok_or_else(|| CliError::Usage(format!("--risk: {r:?} is not none, risk or high")))?;
    }
    if let Some(at) = &f.authority_notified {
        d.authority = Some(AuthorityNotification {
            at: date("authority-notified", at)?,
            reference: f.authority_reference.clone().unwrap_or_default(),
            authority: f.authority_name.clone().unwrap_or_default(),
        });
    } else if let Some(a) = &mut d.authority {
        set(&mut a.reference, &f.authority_reference);
        set(&mut a.authority, &f.authority_name);
    }
    if let Some(t) = &f.tell_people {
        d.individuals = match t.as_str() {
            "yes" => IndividualsNotice::Required,
            "no" => IndividualsNotice::NotRequired {
                reason: f.why.clone().unwrap_or_default(),
            },
            "undecided" => IndividualsNotice::Undecided,
            other => {
                return Err(CliError::Usage(format!(
                    "--tell-people: {other:?} is not yes, no or undecided"
                )));
            }
        };
    }
    if let Some(s) = &f.status {
        d.status = IncidentStatus::parse(s).ok_or_else(|| {
            CliError::Usage(format!("--status: {s:?} is not open, notified or closed"))
        })?;
    }
    Ok(())
}

fn rule(backend: &dyn Backend, zone: &Zone, r: &RuleArgs) -> Result<AffectedRule> {
    Ok(AffectedRule {
        everyone: r.everyone,
        tags: r.tags.clone(),
        organisations: r.organisations.clone(),
        purpose: match &r.purpose {
            Some(p) => Some(resolve(backend, p)?.id),
            None => None,
        },
        created: r
            .created
            .as_deref()
            .map(|v| range(zone, "created", v))
            .transpose()?,
        interacted: r
            .interacted
            .as_deref()
            .map(|v| range(zone, "interacted", v))
            .transpose()?,
        picked: r.contacts.clone(),
    })
}

pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::export::write_private(path, bytes).map_err(CliError::Usage)
}

const INCIDENT_COLUMNS: &[Column] = &[
    ("id", 4),
    ("title", 32),
    ("aware", 16),
    ("deadline", 22),
    ("risk", 5),
    ("status", 9),
    ("notified", 9),
    ("listed", 0),
];

fn incident_cells<'a>(
    o: &'a IncidentOverview,
    now: Timestamp,
    zone: &Zone,
    format: ListFormat,
) -> Vec<Cell<'a>> {
    let i = &o.incident;
    let table = format == ListFormat::Table;
    vec![
        i.id.into(),
        i.title.as_str().into(),
        if table {
            zone.datetime(i.aware_at)
        } else {
            zone.rfc3339(i.aware_at)
        }
        .into(),
        if table {
            i.countdown(now).describe()
        } else {
            zone.rfc3339(i.authority_deadline())
        }
        .into(),
        i.risk.key().into(),
        i.status.key().into(),
        if table {
            format!("{}/{}", o.notified, o.listed).into()
        } else {
            u64::from(o.notified).into()
        },
        u64::from(o.listed).into(),
    ]
}

pub fn run(backend: &dyn Backend, clock: Clock, cmd: &IncidentCommand) -> Result<()> {
    let zone = super::zone(backend)?;
    match cmd {
        IncidentCommand::List { format } => {
            let now = clock.now();
            let mut out = RowWriter::new(INCIDENT_COLUMNS, *format)?;
            for o in backend.incidents()? {
                out.row(incident_cells(&o, now, &zone, *format))?;
            }
            out.finish().map(|_| ())
        }
        IncidentCommand::Show { id, format } => {
            let d = backend.incident(*id)?;
            match format {
                ListFormat::Table => {
                    out!("{}", markdown(&d.incident, &d.entries, &zone));
                    outln!(
                        "\nDeadline: {}",
                        d.incident.countdown(clock.now()).describe()
                    );
                    Ok(())
                }
                ListFormat::Json => print_json(&documentation(&d.incident, &d.entries, &zone)),
                ListFormat::Csv => {
                    let overview = IncidentOverview {
                        listed: d.entries.len() as u32,
                        notified: d.entries.iter().filter(|e| e.notified_at.is_some()).count()
                            as u32,
                        incident: d.incident,
                    };
                    let mut out = RowWriter::new(INCIDENT_COLUMNS, *format)?;
                    out.row(incident_cells(&overview, clock.now(), &zone, *format))?;
                    out.finish().map(|_| ())
                }
            }
        }
        IncidentCommand::Add(fields) => {
            let mut draft = IncidentDraft::new("", clock.now());
            apply(&zone, &mut draft, fields)?;
            let d = backend.create_incident(draft)?;
            outln!("{}", d.incident.id);
            Ok(())
        }
        IncidentCommand::Edit { id, fields } => {
            let current = backend.incident(*id)?.incident;
            let mut draft = current.draft();
            apply(&zone, &mut draft, fields)?;
            let d = backend.update_incident(*id, current.version, draft)?;
            outln!(
                "incident #{id} saved ({}, {})",
                d.incident.status.key(),
                d.incident.countdown(clock.now()).describe()
            );
            Ok(())
        }
        IncidentCommand::Note { id, text } => {
            backend.add_incident_note(*id, text.clone())?;
            outln!("note added to incident #{id}");
            Ok(())
        }
        IncidentCommand::NotifyList {
            id,
            rule: args,
            preview,
        } => {
            let r = rule(backend, &zone, args)?;
            if !r.everyone && !r.has_filters() && r.picked.is_empty() {
                let d = backend.incident(*id)?;
                let mut table = Table::new(&[
                    ("ID", 7),
                    ("NAME", 26),
                    ("CHANNEL", 11),
                    ("DESTINATION", 34),
                    ("NOTIFIED", 16),
                ]);
                for e in d.entries {
                    table.row(vec![
                        e.contact_id.to_string(),
                        e.name,
                        e.channel.key().to_string(),
                        e.destination,
                        e.notified_at
                            .map(|t| zone.datetime(t))
                            .unwrap_or_else(|| "no".into()),
                    ]);
                }
                return table.print();
            }
            if *preview {
                let p = backend.preview_affected(r)?;
                outln!(
                    "{} contact(s) selected, {} of them unreachable",
                    p.count,
                    p.unreachable
                );
                return Ok(());
            }
            let report = backend.freeze_list(*id, r)?;
            outln!(
                "{} added to the notification list of incident #{id} ({} already on it, {} \
                 unreachable)",
                report.added,
                report.already_listed,
                report.unreachable
            );
            Ok(())
        }
        IncidentCommand::Mark {
            id,
            contacts,
            all,
            undo,
        } => {
            let ids = if *all {
                backend
                    .incident(*id)?
                    .entries
                    .into_iter()
                    .filter(|e| !e.anonymised)
                    .map(|e| e.contact_id)
                    .collect()
            } else {
                contacts.clone()
            };
            let n = backend.mark_notified(*id, ids, !undo)?;
            outln!(
                "{n} marked {}",
                if *undo { "not notified" } else { "notified" }
            );
            Ok(())
        }
        IncidentCommand::Export { id, format, output } => match format {
            IncidentFormat::Csv => {
                let list = backend.notification_list(*id)?;
                let mut bytes = Vec::new();
                notification_csv(&list.entries, &zone, super::output::csv_style(), &mut bytes)
                    .map_err(CliError::Usage)?;
                write_file(output, &bytes)?;
                outln!(
                    "{} people written to {}",
                    list.entries.len(),
                    output.display()
                );
                for (contact, why) in list.excluded {
                    outln!("  left out #{contact}: {why}");
                }
                Ok(())
            }
            IncidentFormat::Eml => {
                let batch = backend.render_letters(*id)?;
                crate::export::write_letters(
                    output,
                    batch
                        .letters
                        .iter()
                        .map(|l| (l.file_name.as_str(), l.eml.as_slice())),
                )
                .map_err(CliError::Usage)?;
                outln!(
                    "{} letters written to {}",
                    batch.letters.len(),
                    output.display()
                );
                for (contact, why) in batch.excluded {
                    outln!("  no letter for #{contact}: {why}");
                }
                Ok(())
            }
            IncidentFormat::Md | IncidentFormat::Json => {
                let d = backend.incident(*id)?;
                let text = if *format == IncidentFormat::Md {
                    markdown(&d.incident, &d.entries, &zone)
                } else {
                    serde_json::to_string_pretty(&documentation(&d.incident, &d.entries, &zone))
                        .map_err(|e| CliError::Usage(format!("cannot write JSON: {e}")))?
                };
                write_file(output, text.as_bytes())?;
                outln!("incident #{id} documented in {}", output.display());
                Ok(())
            }
        },
        IncidentCommand::Send { id } => {
            let r = backend.send_letters(*id)?;
            outln!("{} letters sent, {} failed", r.sent.len(), r.failed.len());
            for (contact, why) in r.failed {
                outln!("  #{contact}: {why}");
            }
            for (contact, why) in r.excluded {
                outln!("  not sent to #{contact}: {why}");
            }
            Ok(())
        }
    }
}
