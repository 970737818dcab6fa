use super::output::outln;
use std::io::{BufRead, IsTerminal, Write};

use super::output::{Table, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ContactCommand, ContactFields, ListFormat};
use crate::clock::{Clock, parse_instant};
use crate::model::{ContactDraft, InteractionDraft, InteractionKind};
use crate::search::SortKey;
use crate::service::ServiceError;
use crate::service::api::{ContactDetail, ContactQuery, ContactRow, ExportedContact};

pub fn run(backend: &dyn Backend, clock: Clock, cmd: &ContactCommand) -> Result<()> {
    match cmd {
        ContactCommand::List {
            query,
            sort,
            desc,
            limit,
            format,
        } => list(backend, query.clone(), sort, *desc, *limit, *format),
        ContactCommand::Show { id, json } => {
            let detail = backend.contact(*id)?;
            if *json {
                print_json(&detail)
            } else {
                print_detail(&detail);
                Ok(())
            }
        }
        ContactCommand::Add(fields) => {
            let mut draft = ContactDraft::default();
            apply_fields(&mut draft, fields);
            let contact = backend.create_contact(draft)?;
            outln!("{}", contact.id);
            Ok(())
        }
        ContactCommand::Edit {
            id,
            fields,
            expect_version,
            confirm_restricted,
        } => {
            let detail = backend.contact(*id)?;
            let version = expect_version.unwrap_or(detail.contact.version);
            let mut draft = detail.contact.draft();
            apply_fields(&mut draft, fields);
            let saved = if *confirm_restricted {
                backend.update_contact_confirmed(*id, version, draft)?
            } else {
                backend
                    .update_contact(*id, version, draft)
                    .map_err(|e| match e {
                        ServiceError::NeedsConfirmation(why) => {
                            CliError::Usage(format!("{why}: pass --confirm-restricted"))
                        }
                        other => other.into(),
                    })?
            };
            outln!("contact #{} saved (version {})", saved.id, saved.version);
            Ok(())
        }
        ContactCommand::Restrict { id, reason } => {
            backend.restrict_contact(*id, reason.clone())?;
            outln!("contact #{id} restricted: left out of mailings and notification exports");
            Ok(())
        }
        ContactCommand::Unrestrict { id } => {
            backend.lift_restriction(*id)?;
            outln!("contact #{id}: restriction lifted");
            Ok(())
        }
        ContactCommand::Rm { id, yes } => {
            let detail = backend.contact(*id)?;
            if !yes {
                confirm(&format!(
                    "Delete contact #{id} ({}) and everything about them? This cannot be undone.",
                    detail.contact.display_name()
                ))?;
            }
            backend.delete_contact(*id)?;
            outln!("contact #{id} deleted");
            Ok(())
        }
        ContactCommand::Log {
            id,
            kind,
            summary,
            at,
        } => {
            let kind = InteractionKind::parse(kind).ok_or_else(|| {
                CliError::Usage(format!(
                    "--kind: {kind:?} is not one of call, email, meeting, order, note"
                ))
            })?;
            let at = match at {
                Some(s) => Some(parse_instant(s).ok_or_else(|| {
                    CliError::Usage(format!("--at: cannot read {s:?} as YYYY-MM-DD or RFC 3339"))
                })?),
                None => None,
            };
            let _ = clock;
            let interaction = backend.create_interaction(InteractionDraft {
                contact_id: *id,
                kind,
                at,
                summary: summary.clone(),
            })?;
            outln!("interaction #{} logged", interaction.id);
            Ok(())
        }
    }
}

/// Asks on the terminal; refuses when there is none to ask on.
pub fn confirm(question: &str) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "not asking for confirmation on a non-interactive input; pass --yes".to_string(),
        ));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::io("stdin", e))?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(CliError::Usage("cancelled".to_string()))
    }
}

fn apply_fields(draft: &mut ContactDraft, f: &ContactFields) {
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *target = v.clone();
        }
    };
    set(&mut draft.given_name, &f.given);
    set(&mut draft.family_name, &f.family);
    set(&mut draft.job_title, &f.title);
    set(&mut draft.address.street, &f.street);
    set(&mut draft.address.postal_code, &f.postal_code);
    set(&mut draft.address.city, &f.city);
    set(&mut draft.address.country, &f.country);
    set(&mut draft.notes, &f.notes);
    set(&mut draft.language, &f.language);
    if !f.emails.is_empty() {
        draft.emails = f.emails.iter().filter(|e| !e.is_empty()).cloned().collect();
    }
    if !f.phones.is_empty() {
        draft.phones = f.phones.iter().filter(|p| !p.is_empty()).cloned().collect();
    }
    if !f.tags.is_empty() {
        draft.tags = f.tags.iter().filter(|t| !t.is_empty()).cloned().collect();
    }
    if let Some(org) = f.organisation {
        draft.organisation_id = (org != 0).then_some(org);
    }
    if let Some(owner) = &f.owner {
        draft.owner = Some(owner.clone()).filter(|o| !o.is_empty());
    }
}

fn format_name(format: ListFormat) -> &'static str {
    match format {
        ListFormat::Table => "table",
        ListFormat::Csv => "csv",
        ListFormat::Json => "json",
    }
}

/// The exported contacts, one row each, as the list shows them.
fn print_export(rows: &[ExportedContact], format: ListFormat) -> Result<()> {
    let summary = |r: &ExportedContact| {
        let c = &r.contact;
        serde_json::json!({
            "id": c.id,
            "name": c.display_name(),
            "organisation": r.organisation,
            "email": c.primary_email().unwrap_or_default(),
            "phone": c.primary_phone().unwrap_or_default(),
            "status": c.status().as_str(),
        })
    };
    match format {
        ListFormat::Json => print_json(&rows.iter().map(summary).collect::<Vec<_>>()),
        _ => {
            let mut w = csv::Writer::from_writer(super::output::Out);
            let fail = |e: csv::Error| CliError::Usage(format!("cannot write CSV: {e}"));
            w.write_record(["id", "name", "organisation", "email", "phone", "status"])
                .map_err(fail)?;
            for r in rows {
                let c = &r.contact;
                w.write_record([
                    c.id.to_string().as_str(),
                    &c.display_name(),
                    &r.organisation,
                    c.primary_email().unwrap_or_default(),
                    c.primary_phone().unwrap_or_default(),
                    c.status().as_str(),
                ])
                .map_err(fail)?;
            }
            w.flush().map_err(|e| CliError::io("stdout", e))
        }
    }
}

fn list(
    backend: &dyn Backend,
    query: Option<String>,
    sort: &str,
    descending: bool,
    limit: Option<usize>,
    format: ListFormat,
) -> Result<()> {
    let sort = SortKey::parse(sort).ok_or_else(|| {
        CliError::Usage(format!(
            "--sort: {sort:?} is not one of name, organisation, email, phone, status, updated"
        ))
    })?;
    let wanted = limit.unwrap_or(usize::MAX);
    let query = ContactQuery {
        query: query.unwrap_or_default(),
        sort,
        descending,
        offset: 0,
        limit: 0,
    };
    // Page through the service so a daemon never builds one huge response.
    const PAGE: usize = 2000;
    if format != ListFormat::Table {
        // Machine-readable output of many contacts is an export: it needs
        // the export permission and is audited, whoever asks.
        let mut rows = Vec::new();
        loop {
            let page = backend.export_contacts(
                ContactQuery {
                    offset: rows.len(),
                    limit: PAGE.min(wanted - rows.len()),
                    ..query.clone()
                },
                format_name(format).to_string(),
            )?;
            let got = page.rows.len();
            rows.extend(page.rows);
            if got == 0 || rows.len() >= page.total || rows.len() >= wanted {
                break;
            }
        }
        return print_export(&rows, format);
    }
    let mut rows: Vec<ContactRow> = Vec::new();
    loop {
        let page = backend.list_contacts(ContactQuery {
            offset: rows.len(),
            limit: PAGE.min(wanted - rows.len()),
            ..query.clone()
        })?;
        let got = page.rows.len();
        rows.extend(page.rows);
        if got == 0 || rows.len() >= page.total || rows.len() >= wanted {
            break;
        }
    }
    let mut table = Table::new(&[
        ("ID", 7),
        ("NAME", 26),
        ("ORGANISATION", 26),
        ("E-MAIL", 34),
        ("PHONE", 18),
        ("STATUS", 18),
    ]);
    for r in rows {
        let s = r.summary;
        table.row(vec![
            s.id.to_string(),
            s.name,
            s.organisation,
            s.email,
            s.phone,
            s.status.to_string(),
        ]);
    }
    table.print()
}

fn print_detail(d: &ContactDetail) {
    let c = &d.contact;
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            outln!("{label:<14}{value}");
        }
    };
    outln!("#{} {} (version {})", c.id, c.display_name(), c.version);
    line("status", c.status().as_str());
    line("given name", &c.given_name);
    line("family name", &c.family_name);
    line("e-mail", &c.emails.join(", "));
    line("phone", &c.phones.join(", "));
    if let Some(org) = &d.organisation {
        line("organisation", &format!("{} (#{})", org.name, org.id));
    }
    line("job title", &c.job_title);
    line("address", &c.address.one_line());
    line("tags", &c.tags.join(", "));
    line("owner", c.owner.as_deref().unwrap_or(""));
    line("language", &c.language);
    line(
        "created",
        &c.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    line(
        "updated",
        &c.updated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    if let Some(hold) = &c.legal_hold {
        line(
            "legal hold",
            &format!("since {} — {}", hold.since.date_naive(), hold.reason),
        );
    }
    if let Some(r) = &c.restriction {
        line(
            "restricted",
            &format!("since {} — {}", r.since.date_naive(), r.reason),
        );
    }
    if c.do_not_contact {
        line("marketing", "objected (do not contact)");
    }
    if !c.notes.is_empty() {
        outln!("notes");
        for l in c.notes.lines() {
            outln!("  {l}");
        }
    }
    if !d.interactions.is_empty() {
        outln!("interactions");
        for i in &d.interactions {
            outln!(
                "  {}  {:<8} {:<10} {}",
                i.at.format("%Y-%m-%d"),
                i.kind.as_str(),
                i.by,
                i.summary
            );
        }
    }
}
