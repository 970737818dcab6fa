use super::output::outln;
use std::io::{BufRead, IsTerminal, Write};

use super::output::{Cell, Column, RowWriter, Table, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ContactCommand, ContactFields, ListFormat};
use crate::clock::Clock;
use crate::model::when::Zone;
use crate::model::{Contact, ContactDraft, InteractionDraft, InteractionKind};
use crate::search::SortKey;
use crate::service::ServiceError;
use crate::service::api::{ContactDetail, ContactQuery};

pub fn run(backend: &dyn Backend, clock: Clock, cmd: &ContactCommand) -> Result<()> {
    match cmd {
        ContactCommand::List {
            query,
            sort,
            desc,
            limit,
            format,
        } => list(backend, query.clone(), sort, *desc, *limit, *format),
        ContactCommand::Show { id, format } => {
            let detail = backend.contact(*id)?;
            let zone = super::zone(backend)?;
            match format {
                ListFormat::Table => {
                    print_detail(&detail, &zone);
                    Ok(())
                }
                ListFormat::Json => print_json(&detail),
                ListFormat::Csv => {
                    let mut w = RowWriter::new(CONTACT_COLUMNS, *format)?;
                    let organisation = detail.organisation.map(|o| o.name).unwrap_or_default();
                    w.row(contact_cells(&detail.contact, &organisation, &zone))?;
                    w.finish().map(|_| ())
                }
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
            let saved = backend
                .update_contact(*id, version, draft, *confirm_restricted)
                .map_err(|e| match e {
                    ServiceError::NeedsConfirmation(why) => {
                        CliError::Usage(format!("{why}: pass --confirm-restricted"))
                    }
                    other => other.into(),
                })?;
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
                Some(s) => Some(super::when(&super::zone(backend)?, "at", s)?),
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

/// The contact columns of every CSV and JSON list of contacts, and of
/// what `custos import` reads: a file written by `contact list --format
/// csv` imports again with every field it carries (`id` and `status` are
/// for reading; an import gives new ids, and records restrictions anew).
pub(crate) const CONTACT_COLUMNS: &[Column] = &[
    ("id", 7),
    ("given_name", 0),
    ("family_name", 0),
    ("name", 26),
    ("emails", 34),
    ("phones", 18),
    ("organisation", 26),
    ("job_title", 0),
    ("street", 0),
    ("postal_code", 0),
    ("city", 0),
    ("country", 0),
    ("tags", 0),
    ("notes", 0),
    ("owner", 0),
    ("language", 0),
    ("created", 0),
    ("status", 18),
];

pub(crate) fn contact_cells<'a>(
    c: &'a Contact,
    organisation: &'a str,
    zone: &Zone,
) -> Vec<Cell<'a>> {
    vec![
        c.id.into(),
        c.given_name.as_str().into(),
        c.family_name.as_str().into(),
        c.display_name().into(),
        c.emails.as_slice().into(),
        c.phones.as_slice().into(),
        organisation.into(),
        c.job_title.as_str().into(),
        c.address.street.as_str().into(),
        c.address.postal_code.as_str().into(),
        c.address.city.as_str().into(),
        c.address.country.as_str().into(),
        c.tags.as_slice().into(),
        c.notes.as_str().into(),
        c.owner.as_deref().into(),
        c.language.as_str().into(),
        zone.rfc3339(c.created_at).into(),
        c.status().key().into(),
    ]
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
    let mut query = ContactQuery {
        query: query.unwrap_or_default(),
        sort,
        descending,
        offset: 0,
        limit: 0,
        after: None,
    };
    // Page through the service so a daemon never builds one huge response,
    // and write each page as it arrives: memory stays one page whatever the
    // number of contacts. In name order each page continues from the
    // cursor of the last, so nobody is skipped or repeated while others
    // write (other orders page by offset).
    const PAGE: usize = 2000;
    let mut written = 0;
    if format != ListFormat::Table {
        // Machine-readable output of many contacts is an export: it needs
        // the export permission and is audited, whoever asks.
        let zone = super::zone(backend)?;
        // The next page is read while this one is written: reading and
        // writing each take about half the time, and there are two cores.
        let (pages, arrived) = std::sync::mpsc::sync_channel(1);
        let fetch = move || {
            loop {
                let page = backend.export_contacts(
                    ContactQuery {
                        offset: if query.after.is_some() { 0 } else { written },
                        limit: PAGE.min(wanted - written),
                        ..query.clone()
                    },
                    format_name(format).to_string(),
                );
                let Ok(page) = page else {
                    let _ = pages.send(page);
                    return;
                };
                let got = page.rows.len();
                written += got;
                let last = got == 0 || written >= page.total || written >= wanted;
                if page.next.is_some() {
                    query.after.clone_from(&page.next);
                }
                // The writer gone (a closed pipe, a failed write): stop.
                if pages.send(Ok(page)).is_err() || last {
                    return;
                }
            }
        };
        return std::thread::scope(|scope| {
            scope.spawn(fetch);
            // Opened once the first page is allowed: a refused export
            // prints nothing, not even the header.
            let mut out: Option<RowWriter> = None;
            for page in arrived {
                let page = page?;
                let writer = match out.as_mut() {
                    Some(writer) => writer,
                    None => out.insert(RowWriter::new(CONTACT_COLUMNS, format)?),
                };
                for row in &page.rows {
                    writer.row(contact_cells(&row.contact, &row.organisation, &zone))?;
                }
            }
            match out {
                Some(writer) => writer.finish().map(|_| ()),
                None => Ok(()),
            }
        });
    }
    let columns = [
        ("ID", 7),
        ("NAME", 26),
        ("ORGANISATION", 26),
        ("E-MAIL", 34),
        ("PHONE", 18),
        ("STATUS", 18),
    ];
    loop {
        let page = backend.list_contacts(ContactQuery {
            offset: if query.after.is_some() { 0 } else { written },
            limit: PAGE.min(wanted - written),
            ..query.clone()
        })?;
        let got = page.rows.len();
        let mut table = Table::new(&columns);
        for r in page.rows {
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
        table.print_page(written == 0)?;
        written += got;
        if got == 0 || written >= page.total || written >= wanted {
            break;
        }
        if page.next.is_some() {
            query.after = page.next;
        }
    }
    Ok(())
}

fn print_detail(d: &ContactDetail, zone: &crate::model::when::Zone) {
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
    line("created", &zone.datetime_named(c.created_at));
    line("updated", &zone.datetime_named(c.updated_at));
    if let Some(hold) = &c.legal_hold {
        line(
            "legal hold",
            &format!("since {} — {}", zone.date(hold.since), hold.reason),
        );
    }
    if let Some(r) = &c.restriction {
        line(
            "restricted",
            &format!("since {} — {}", zone.date(r.since), r.reason),
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
                zone.date(i.at),
                i.kind.as_str(),
                i.by,
                i.summary
            );
        }
    }
}
