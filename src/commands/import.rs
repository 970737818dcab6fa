//! `custos import FILE.csv`: contacts from a spreadsheet or another system's
//! export. The whole file goes in as one batch, in one transaction: a bad
//! row anywhere names its line and nothing is written.

use super::output::outln;
use std::collections::HashMap;
use std::path::Path;

use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::ImportArgs;
use crate::model::when::Zone;
use crate::model::{ContactDraft, OrganisationDraft};
use crate::service::ServiceError;
use crate::service::api::{DuplicateOf, ImportBatch, ImportContact, OnDuplicate};

/// What a column holds. Headers are matched without case, spaces, dashes or
/// underscores, in English and Dutch, as exports from other tools name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Given,
    Family,
    FullName,
    Email,
    Phone,
    Organisation,
    JobTitle,
    Street,
    PostalCode,
    City,
    Country,
    Tags,
    Notes,
    Owner,
    Language,
    Created,
    /// Written by `contact list --format csv` for reading (`id`, `status`):
    /// accepted, not imported (an import gives new ids).
    ReadOnly,
}

const COLUMNS: &[(Column, &[&str])] = &[
    (
        Column::Given,
        &["givenname", "firstname", "given", "first", "voornaam"],
    ),
    (
        Column::Family,
        &[
            "familyname",
            "lastname",
            "surname",
            "family",
            "last",
            "achternaam",
        ],
    ),
    (Column::FullName, &["name", "fullname", "naam"]),
    (
        Column::Email,
        &["email", "emails", "emailaddress", "mail", "emailadres"],
    ),
    (
        Column::Phone,
        &[
            "phone",
            "phones",
            "telephone",
            "tel",
            "mobile",
            "phonenumber",
            "telefoon",
        ],
    ),
    (
        Column::Organisation,
        &["organisation", "organization", "company", "org", "bedrijf"],
    ),
    (
        Column::JobTitle,
        &["jobtitle", "title", "function", "position", "functie"],
    ),
    (
        Column::Street,
        &["street", "address", "streetaddress", "adres", "straat"],
    ),
    (
        Column::PostalCode,
        &["postalcode", "postcode", "zip", "zipcode"],
    ),
    (Column::City, &["city", "town", "plaats", "woonplaats"]),
    (Column::Country, &["country", "countrycode", "land"]),
    (Column::Tags, &["tags", "tag", "labels"]),
    (Column::Notes, &["notes", "note", "comments", "opmerkingen"]),
    (Column::Owner, &["owner", "eigenaar"]),
    (Column::Language, &["language", "lang", "taal"]),
    (Column::Created, &["created", "createdat", "since"]),
    (Column::ReadOnly, &["id", "status"]),
];

fn column(header: &str) -> Option<Column> {
    let key: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| *c)
}

/// Names the columns a file may have, for the error about one it may not.
fn known_columns() -> String {
    COLUMNS
        .iter()
        .map(|(_, names)| names[0])
        .collect::<Vec<_>>()
        .join(", ")
}

/// Spreadsheets in much of Europe write CSV with semicolons.
fn delimiter(header_line: &str) -> u8 {
    if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn split_list(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

/// One row of the file, ready for the batch.
struct Row {
    line: u64,
    draft: ContactDraft,
    organisation: Option<String>,
    created_at: Option<crate::model::Timestamp>,
}

fn parse_row(
    line: u64,
    columns: &[Option<Column>],
    record: &csv::StringRecord,
    zone: &Zone,
) -> Result<Row> {
    let mut draft = ContactDraft::default();
    let mut organisation = None;
    let mut created_at = None;
    let mut full_name = None;
    for (value, column) in record.iter().zip(columns) {
        let Some(column) = column else { continue };
        // A cell Custos wrote with the formula guard reads as it was.
        let value = crate::export::spreadsheet::unguard(value.trim());
        if value.is_empty() {
            continue;
        }
        let text = value.to_string();
        match column {
            Column::Given => draft.given_name = text,
            Column::Family => draft.family_name = text,
            Column::FullName => full_name = Some(text),
            Column::Email => draft.emails.extend(split_list(value, &[';', ',', ' '])),
            Column::Phone => draft.phones.extend(split_list(value, &[';'])),
            Column::Organisation => organisation = Some(text),
            Column::JobTitle => draft.job_title = text,
            Column::Street => draft.address.street = text,
            Column::PostalCode => draft.address.postal_code = text,
            Column::City => draft.address.city = text,
            Column::Country => draft.address.country = text,
            Column::Tags => draft.tags.extend(split_list(value, &[';', ','])),
            Column::Notes => draft.notes = text,
            Column::Owner => draft.owner = Some(text),
            Column::Language => draft.language = text,
            Column::ReadOnly => {}
            Column::Created => {
                created_at = Some(
                    zone.parse(value)
                        .map_err(|e| CliError::Usage(format!("line {line}: created: {e}")))?,
                );
            }
        }
    }
    // A single name column: the first word is the given name, the rest the
    // family name ("Jan de Vries").
    if let Some(name) = full_name
        && draft.given_name.is_empty()
        && draft.family_name.is_empty()
    {
        let mut parts = name.splitn(2, char::is_whitespace);
        draft.given_name = parts.next().unwrap_or_default().to_string();
        draft.family_name = parts.next().unwrap_or_default().trim().to_string();
    }
    Ok(Row {
        line,
        draft,
        organisation,
        created_at,
    })
}

/// Reads every row; any row that cannot be read stops the import.
fn read_rows(path: &Path, ignore_unknown: bool, zone: &Zone) -> Result<(Vec<Row>, Vec<String>)> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(path.display().to_string(), e))?;
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&String::from_utf8_lossy(first_line)))
        .flexible(false)
        .from_reader(bytes.as_slice());
    let not_utf8 = |line: u64| {
        CliError::Usage(format!(
            "{} line {line} is not UTF-8 text: save the file as \"CSV UTF-8\"",
            path.display()
        ))
    };
    let headers = reader.headers().map_err(|e| match e.kind() {
        csv::ErrorKind::Utf8 { .. } => not_utf8(1),
        _ => CliError::Usage(format!("{}: {e}", path.display())),
    })?;
    let columns: Vec<Option<Column>> = headers.iter().map(column).collect();
    let unknown: Vec<String> = headers
        .iter()
        .zip(&columns)
        .filter(|(h, c)| c.is_none() && !h.trim().is_empty())
        .map(|(h, _)| h.trim().to_string())
        .collect();
    if !unknown.is_empty() && !ignore_unknown {
        return Err(CliError::Usage(format!(
            "{}: unknown column{} {}; known: {}; or pass --ignore-unknown to leave {} out",
            path.display(),
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", "),
            known_columns(),
            if unknown.len() == 1 { "it" } else { "them" },
        )));
    }
    if !columns.iter().any(|c| {
        matches!(
            c,
            Some(Column::Given | Column::Family | Column::FullName | Column::Email)
        )
    }) {
        return Err(CliError::Usage(format!(
            "{}: no column names the people (given name, family name, name or e-mail)",
            path.display()
        )));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            match e.kind() {
                csv::ErrorKind::Utf8 { .. } => not_utf8(line),
                _ => CliError::Usage(format!("{} line {line}: {e}", path.display())),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        rows.push(parse_row(line, &columns, &record, zone)?);
    }
    Ok((rows, unknown))
}

/// A service error about `contacts[i]` or `organisations[i]` of the batch,
/// told as the line of the file it came from.
fn locate(e: ServiceError, contact_lines: &[u64], organisation_lines: &[u64]) -> CliError {
    if let ServiceError::Invalid { field, message } = &e {
        for (prefix, lines) in [
            ("contacts[", contact_lines),
            ("organisations[", organisation_lines),
        ] {
            if let Some(rest) = field.strip_prefix(prefix)
                && let Some((index, field)) = rest.split_once(']')
                && let Some(line) = index.parse::<usize>().ok().and_then(|i| lines.get(i))
            {
                let field = field.trim_start_matches('.');
                return CliError::Usage(format!("line {line}: {field}: {message}"));
            }
        }
    }
    e.into()
}

fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

pub fn run(backend: &dyn Backend, args: &ImportArgs) -> Result<()> {
    let zone = super::zone(backend)?;
    let (rows, ignored) = read_rows(&args.file, args.ignore_unknown, &zone)?;
    if !ignored.is_empty() {
        eprintln!("left out: {}", ignored.join(", "));
    }

    // Organisations by name: an existing one is linked, a new one created
    // once however many rows name it.
    let known: HashMap<String, u64> = backend
        .organisations()?
        .into_iter()
        .map(|o| (o.name.trim().to_lowercase(), o.id))
        .collect();
    let policy = if args.skip_existing {
        OnDuplicate::Skip
    } else {
        OnDuplicate::Refuse
    };
    let mut batch = ImportBatch {
        duplicates: policy,
        ..ImportBatch::default()
    };
    let mut new_orgs: HashMap<String, usize> = HashMap::new();
    let mut organisation_lines = Vec::new();
    let mut contact_lines = Vec::new();
    for row in rows {
        let mut draft = row.draft;
        let mut organisation = None;
        if let Some(name) = row.organisation {
            let key = name.to_lowercase();
            if let Some(&id) = known.get(&key) {
                draft.organisation_id = Some(id);
            } else {
                let index = *new_orgs.entry(key).or_insert_with(|| {
                    batch.organisations.push(OrganisationDraft {
                        name,
                        ..OrganisationDraft::default()
                    });
                    organisation_lines.push(row.line);
                    batch.organisations.len() - 1
                });
                organisation = Some(index);
            }
        }
        contact_lines.push(row.line);
        batch.contacts.push(ImportContact {
            draft,
            organisation,
            created_at: row.created_at,
            interactions: Vec::new(),
            consents: Vec::new(),
        });
    }

    // The service checks every row and looks up every address and number
    // (as normalised: `06 12345678` is `+31 6 12345678`) before anything is
    // written; a dry run stops here.
    let check = backend.import(ImportBatch {
        dry_run: true,
        ..batch.clone()
    })?;
    let line_of = |section: &str, index: usize| {
        let lines = if section == "organisations" {
            &organisation_lines
        } else {
            &contact_lines
        };
        lines.get(index).copied().unwrap_or(0)
    };
    let problems: Vec<String> = check
        .problems
        .iter()
        .map(|p| {
            let field = if p.field.is_empty() {
                String::new()
            } else {
                format!("{}: ", p.field)
            };
            format!(
                "line {}: {field}{}",
                line_of(&p.section, p.index),
                p.message
            )
        })
        .collect();
    let duplicates: Vec<String> = check
        .duplicates
        .iter()
        .map(|d| {
            let contact = &batch.contacts[d.index].draft;
            let value = if d.what == "phone" {
                contact.phones.get(d.position).cloned()
            } else {
                contact
                    .emails
                    .get(d.position)
                    .map(|e| e.trim().to_lowercase())
            }
            .unwrap_or_default();
            let line = line_of("contacts", d.index);
            match d.of {
                DuplicateOf::Contact(id) => {
                    format!("line {line}: {value} is contact #{id} already")
                }
                DuplicateOf::Row(row) => {
                    format!(
                        "line {line}: {value} is on line {} too",
                        line_of("contacts", row)
                    )
                }
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(CliError::Usage(format!(
            "{}nothing imported: {} of the file cannot be imported as it is:\n{}",
            if args.dry_run { "dry run: " } else { "" },
            counted(problems.len(), "problem"),
            problems.join("\n")
        )));
    }
    if !duplicates.is_empty() && !args.skip_existing {
        return Err(CliError::Usage(format!(
            "nothing imported: {} name{} an e-mail address or phone number already known (pass \
             --skip-existing to import the others):\n{}",
            counted(check.skipped.max(duplicates.len()), "row"),
            if duplicates.len() == 1 { "s" } else { "" },
            duplicates.join("\n")
        )));
    }
    for d in &duplicates {
        eprintln!("skipped {d}");
    }
    let skipped = check.skipped;
    if args.dry_run {
        outln!(
            "would import {} and {}; {skipped} skipped (dry run: nothing written)",
            counted(check.contacts, "contact"),
            counted(batch.organisations.len(), "new organisation"),
        );
        return Ok(());
    }
    if check.contacts == 0 {
        outln!("nothing to import; {skipped} skipped");
        return Ok(());
    }
    let report = backend
        .import(batch)
        .map_err(|e| locate(e, &contact_lines, &organisation_lines))?;
    outln!(
        "imported {} and {}{}; {} skipped",
        counted(report.contacts, "contact"),
        counted(report.organisations, "new organisation"),
        report
            .first_contact_id
            .map(|id| format!(" (ids from #{id})"))
            .unwrap_or_default(),
        report.skipped
    );
    if report.flagged_do_not_contact > 0 {
        outln!(
            "{} of them are on the do-not-contact list (an objection): flagged, no marketing \
             reaches them",
            report.flagged_do_not_contact
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_loosely() {
        assert_eq!(column("E-mail"), Some(Column::Email));
        assert_eq!(column("\u{feff}First Name"), Some(Column::Given));
        assert_eq!(column("last_name"), Some(Column::Family));
        assert_eq!(column("Bedrijf"), Some(Column::Organisation));
        assert_eq!(column("shoe size"), None);
    }

    #[test]
    fn semicolon_files_are_recognised() {
        assert_eq!(delimiter("naam;e-mail;telefoon"), b';');
        assert_eq!(delimiter("name,email"), b',');
    }

    #[test]
    fn a_full_name_splits_at_the_first_space() {
        let columns = [Some(Column::FullName), Some(Column::Email)];
        let record = csv::StringRecord::from(vec!["Jan de Vries", "jan@vries.nl; j@v.nl"]);
        let row = parse_row(2, &columns, &record, &Zone::default()).unwrap();
        assert_eq!(row.draft.given_name, "Jan");
        assert_eq!(row.draft.family_name, "de Vries");
        assert_eq!(row.draft.emails, vec!["jan@vries.nl", "j@v.nl"]);
    }
}
