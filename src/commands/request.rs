//! `custos request …` and `custos export …`: the requests queue, carrying
//! requests out, personal-data exports and the Art. 30 register.

use super::output::outln;
use std::path::Path;

use chrono::NaiveDate;

use super::incident::write_file;
use super::output::{Cell, Column, RowWriter, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ExportCommand, ListFormat, RequestCommand, RopaFormat, SubjectFormat};
use crate::clock::Clock;
use crate::export::{ropa, subject};
use crate::model::{RequestKind, RequestStatus, SubjectRequestDraft};
use crate::service::api::{CarryOut, RequestOverview, SubjectData};

fn parse_kind(s: &str) -> Result<RequestKind> {
    RequestKind::parse(s).ok_or_else(|| {
        CliError::Usage(format!(
            "--kind: {s:?} is not one of {}",
            RequestKind::ALL.map(|k| k.key()).join(", ")
        ))
    })
}

const REQUEST_COLUMNS: &[Column] = &[
    ("id", 4),
    ("kind", 18),
    ("who", 28),
    ("received", 10),
    ("due", 10),
    ("deadline", 18),
    ("status", 17),
    ("handled_by", 0),
];

fn request_cells(r: &RequestOverview, today: NaiveDate) -> Vec<Cell<'_>> {
    let q = &r.request;
    vec![
        q.id.into(),
        q.kind.key().into(),
        r.who().into(),
        q.received_on.to_string().into(),
        q.effective_due().to_string().into(),
        r.request.deadline_text(today).into(),
        q.status.key().into(),
        q.handled_by.clone().into(),
    ]
}

pub fn run(backend: &dyn Backend, clock: Clock, cmd: &RequestCommand) -> Result<()> {
    let zone = super::zone(backend)?;
    // Today where the company is: deadlines fall on its calendar days.
    let today = zone.date_of(clock.now());
    let parse_date = |flag: &str, s: &str| -> Result<NaiveDate> {
        zone.parse_day(s)
            .map_err(|e| CliError::Usage(format!("{flag}: {e}")))
    };
    match cmd {
        RequestCommand::List { all, format } => {
            let mut out = RowWriter::new(REQUEST_COLUMNS, *format)?;
            for r in backend.requests(*all)? {
                out.row(request_cells(&r, today))?;
            }
            out.finish().map(|_| ())
        }
        RequestCommand::Add {
            kind,
            contact,
            requester,
            received,
            note,
        } => {
            let received_on = match received {
                Some(s) => parse_date("--received", s)?,
                None => today,
            };
            let filed = backend.file_request(SubjectRequestDraft {
                kind: parse_kind(kind)?,
                contact_id: *contact,
                requester: requester.clone().unwrap_or_default(),
                received_on,
                note: note.clone().unwrap_or_default(),
            })?;
            outln!("{}", filed.request.id);
            eprintln!(
                "request #{} filed: due {}",
                filed.request.id, filed.request.due_on
            );
            Ok(())
        }
        RequestCommand::Show { id, format } => {
            let r = backend.request(*id)?;
            match format {
                ListFormat::Table => {
                    print_request(&r, today, &zone);
                    Ok(())
                }
                ListFormat::Json => print_json(&r),
                ListFormat::Csv => {
                    let mut out = RowWriter::new(REQUEST_COLUMNS, *format)?;
                    out.row(request_cells(&r, today))?;
                    out.finish().map(|_| ())
                }
            }
        }
        RequestCommand::Status {
            id,
            status,
            note,
            reason,
        } => {
            let status = match status.trim().to_lowercase().as_str() {
                "new" => RequestStatus::New,
                "identity-verified" | "verified" => RequestStatus::IdentityVerified,
                "in-progress" => RequestStatus::InProgress,
                "done" => RequestStatus::Done,
                "refused" => RequestStatus::Refused {
                    reason: reason.clone().unwrap_or_default(),
                },
                other => {
                    return Err(CliError::Usage(format!(
                        "{other:?} is not a status: new, identity-verified, in-progress, \
                         refused, done"
                    )));
                }
            };
            let current = backend.request(*id)?;
            let saved = backend.set_request_status(
                *id,
                current.request.version,
                status,
                note.clone().unwrap_or_default(),
            )?;
            outln!("request #{id}: {}", saved.request.status.key());
            Ok(())
        }
        RequestCommand::Extend { id, reason } => {
            let current = backend.request(*id)?;
            let saved = backend.extend_request(*id, current.request.version, reason.clone())?;
            outln!(
                "request #{id}: now due {} (tell the person why)",
                saved.request.effective_due()
            );
            Ok(())
        }
        RequestCommand::Link { id, contact } => {
            let current = backend.request(*id)?;
            let saved = backend.link_request(*id, current.request.version, *contact)?;
            outln!("request #{id} is about {}", saved.who());
            Ok(())
        }
        RequestCommand::Note { id, text } => {
            backend.add_request_note(*id, text.clone())?;
            outln!("note added to request #{id}");
            Ok(())
        }
        RequestCommand::Done {
            id,
            output,
            format,
            flat,
            delete,
            on,
            reason,
            note,
        } => {
            let current = backend.request(*id)?;
            let q = &current.request;
            if q.contact_id.is_none() {
                return Err(CliError::Usage(format!(
                    "request #{id} is not matched to a contact: link it first (custos request \
                     link {id} CONTACT), or, if no data about the person is held, close it with \
                     custos request status {id} done --note \"…\""
                )));
            }
            // The export's file is created before the request is closed, so
            // that a bad path fails while nothing has happened yet.
            let mut export_file = None;
            let action = match q.kind {
                RequestKind::Access | RequestKind::Portability => {
                    let Some(output) = output else {
                        return Err(CliError::Usage(format!(
                            "a{} {} request is answered with an export: pass --output PATH",
                            if q.kind == RequestKind::Access {
                                "n"
                            } else {
                                ""
                            },
                            q.kind
                        )));
                    };
                    export_file =
                        Some(crate::export::PrivateFile::create(output).map_err(CliError::Usage)?);
                    CarryOut::ExportData
                }
                RequestKind::Rectification => CarryOut::Rectified,
                RequestKind::Erasure => CarryOut::Erase {
                    delete: *delete,
                    on: match on {
                        Some(s) => Some(super::when(&zone, "on", s)?),
                        None => None,
                    },
                },
                RequestKind::Restriction => CarryOut::Restrict {
                    reason: reason
                        .clone()
                        .unwrap_or_else(|| format!("restriction request #{id}")),
                },
                RequestKind::Objection => CarryOut::Object,
                RequestKind::ConsentWithdrawal => CarryOut::WithdrawConsents,
            };
            // On any failure below, the file is dropped unwritten and removed.
            let report =
                backend.carry_out(*id, q.version, action, note.clone().unwrap_or_default())?;
            if let (Some(data), Some(file), Some(output)) = (&report.export, export_file, output) {
                let contact = data.contact.id;
                subject_layout(*format, *flat, output)
                    .render(data, super::output::csv_style())
                    .and_then(|bytes| file.fill(&bytes))
                    .map_err(|e| {
                        CliError::Usage(format!(
                            "request #{id} is closed, but the export could not be written: {e}; \
                             write it again with custos export subject {contact} --output PATH"
                        ))
                    })?;
                eprintln!("export written to {}", output.display());
            }
            outln!("request #{id} done: {}", report.done);
            Ok(())
        }
    }
}

fn subject_layout(format: Option<SubjectFormat>, flat: bool, path: &Path) -> subject::Layout {
    match format {
        None if flat => subject::Layout::CsvFlat,
        None => subject::Layout::for_path(path),
        Some(SubjectFormat::Json) => subject::Layout::Json,
        Some(SubjectFormat::Csv)
            if flat || subject::Layout::for_path(path) == subject::Layout::CsvFlat =>
        {
            subject::Layout::CsvFlat
        }
        Some(SubjectFormat::Csv) => subject::Layout::CsvZip,
        Some(SubjectFormat::Xlsx) => subject::Layout::Xlsx,
    }
}

fn write_subject(
    data: &SubjectData,
    format: Option<SubjectFormat>,
    flat: bool,
    path: &Path,
) -> Result<()> {
    let bytes = subject_layout(format, flat, path)
        .render(data, super::output::csv_style())
        .map_err(CliError::Usage)?;
    write_file(path, &bytes)
}

pub fn export(backend: &dyn Backend, cmd: &ExportCommand) -> Result<()> {
    match cmd {
        ExportCommand::Subject {
            contact,
            format,
            flat,
            output,
        } => {
            if output.exists() {
                return Err(CliError::Usage(format!(
                    "{} exists already; choose a new file",
                    output.display()
                )));
            }
            let data = backend.subject_export(*contact)?;
            write_subject(&data, *format, *flat, output)?;
            outln!(
                "everything about contact #{contact} written to {}",
                output.display()
            );
            Ok(())
        }
        ExportCommand::Ropa { format, output } => {
            let data = backend.ropa()?;
            let bytes = match format {
                RopaFormat::Md => Ok(ropa::markdown(&data).into_bytes()),
                RopaFormat::Csv => ropa::csv(&data, super::output::csv_style()),
                RopaFormat::Xlsx => ropa::xlsx(&data),
            }
            .map_err(CliError::Usage)?;
            write_file(output, &bytes)?;
            outln!(
                "records of processing ({} purposes) written to {}",
                data.purposes.len(),
                output.display()
            );
            Ok(())
        }
    }
}

fn print_request(r: &RequestOverview, today: NaiveDate, zone: &crate::model::when::Zone) {
    let q = &r.request;
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            outln!("{label:<12} {value}");
        }
    };
    line(
        "request",
        &format!("#{} {} ({})", q.id, q.kind, q.kind.article()),
    );
    line("about", &r.who());
    if q.contact_id.is_some() && !q.requester.is_empty() {
        line("requester", &q.requester);
    }
    line("received", &q.received_on.to_string());
    line(
        "due",
        &format!("{} ({})", q.effective_due(), r.request.deadline_text(today)),
    );
    if let Some(x) = &q.extension {
        line(
            "extended",
            &format!("from {} to {}: {}", q.due_on, x.due_on, x.reason),
        );
    }
    line("status", q.status.key());
    if let RequestStatus::Refused { reason } = &q.status {
        line("refused", reason);
    }
    line("handled by", q.handled_by.as_deref().unwrap_or(""));
    line("filed by", &q.created_by);
    if !q.notes.is_empty() {
        outln!("notes");
        for n in &q.notes {
            outln!("  {}  {:<10} {}", zone.datetime(n.at), n.by, n.text);
        }
    }
}
