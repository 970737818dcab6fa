use super::output::outln;
use super::output::{Table, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ListFormat, PurposeCommand, PurposeFields};
use crate::model::{
    LegalBasis, Purpose, PurposeDraft, RetentionAnchor, RetentionRule, Safeguard, SpecialCategory,
    Transfer,
};
use crate::search::ContactSummary;

/// A purpose named by id or by name (case-insensitive).
pub fn resolve(backend: &dyn Backend, name: &str) -> Result<Purpose> {
    if let Ok(id) = name.trim().parse::<u64>() {
        return Ok(backend.purpose(id)?);
    }
    let wanted = name.trim().to_lowercase();
    backend
        .purposes()?
        .into_iter()
        .map(|o| o.purpose)
        .find(|p| p.name.to_lowercase() == wanted)
        .ok_or_else(|| {
            CliError::Usage(format!(
                "no purpose named {name:?}; `custos purpose list` shows them"
            ))
        })
}

fn apply(draft: &mut PurposeDraft, f: &PurposeFields) -> Result<()> {
    let usage = |what: &str, value: &str, choices: &str| {
        CliError::Usage(format!("--{what}: {value:?} is not one of {choices}"))
    };
    if let Some(v) = &f.name {
        draft.name = v.clone();
    }
    if let Some(v) = &f.description {
        draft.description = v.clone();
    }
    if let Some(v) = &f.basis {
        draft.legal_basis = LegalBasis::parse(v).ok_or_else(|| {
            usage(
                "basis",
                v,
                "consent, contract, legal-obligation, vital-interests, public-task, \
                 legitimate-interest",
            )
        })?;
    }
    if let Some(v) = &f.interest {
        draft.legitimate_interest = v.clone();
    }
    if let Some(m) = f.months {
        draft.retention.months = m;
    }
    if let Some(v) = &f.from {
        draft.retention.anchor = RetentionAnchor::parse(v).ok_or_else(|| {
            usage(
                "from",
                v,
                "consent-given, last-interaction, end-of-contract, creation",
            )
        })?;
    }
    if !f.data_categories.is_empty() {
        draft.data_categories = f.data_categories.clone();
    }
    if !f.subject_categories.is_empty() {
        draft.subject_categories = f.subject_categories.clone();
    }
    if !f.recipients.is_empty() {
        draft.recipients = f.recipients.clone();
    }
    if !f.transfers.is_empty() {
        draft.transfers = f
            .transfers
            .iter()
            .map(|t| {
                let (destination, safeguard) = t.rsplit_once('=').ok_or_else(|| {
                    CliError::Usage(format!(
                        "--transfer: write DESTINATION=SAFEGUARD, not {t:?}"
                    ))
                })?;
                Ok(Transfer {
                    destination: destination.trim().to_string(),
                    safeguard: Safeguard::parse(safeguard).ok_or_else(|| {
                        usage(
                            "transfer",
                            safeguard,
                            "adequacy, scc, bcr, derogation, other",
                        )
                    })?,
                    note: String::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
    }
    if !f.special.is_empty() {
        draft.special_categories = f
            .special
            .iter()
            .map(|c| {
                SpecialCategory::parse(c).ok_or_else(|| {
                    usage(
                        "special",
                        c,
                        "health, religion, politics, union, ethnicity, sexual-orientation, \
                         biometric, genetic",
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
    }
    if let Some(v) = &f.condition {
        draft.special_condition = v.clone();
    }
    if let Some(v) = f.marketing {
        draft.marketing = v;
    }
    if let Some(v) = f.auto_erase {
        draft.auto_erase = v;
    }
    Ok(())
}

fn print_purpose(p: &Purpose) {
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            outln!("{label:<20}{value}");
        }
    };
    outln!("#{} {} (version {})", p.id, p.name, p.version);
    line("status", if p.is_active() { "active" } else { "archived" });
    line("legal basis", &p.legal_basis.to_string());
    line("legitimate interest", &p.legitimate_interest);
    line("retention", &p.retention.to_string());
    line("description", &p.description);
    line("data", &p.data_categories.join(", "));
    line("people", &p.subject_categories.join(", "));
    line("recipients", &p.recipients.join(", "));
    for t in &p.transfers {
        line(
            "transfer",
            &format!("{} — {}", t.destination, t.safeguard.label()),
        );
    }
    if !p.special_categories.is_empty() {
        line(
            "special categories",
            &p.special_categories
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        line("Art. 9(2) condition", &p.special_condition);
    }
    line("direct marketing", if p.marketing { "yes" } else { "no" });
    line("auto-erase", if p.auto_erase { "yes" } else { "no" });
}

fn print_people(people: Vec<ContactSummary>, format: ListFormat) -> Result<()> {
    match format {
        ListFormat::Json => print_json(&people),
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(super::output::Out);
            let fail = |e: csv::Error| CliError::Usage(format!("cannot write CSV: {e}"));
            w.write_record(["id", "name", "organisation", "email", "phone"])
                .map_err(fail)?;
            for s in &people {
                w.write_record([
                    s.id.to_string().as_str(),
                    &s.name,
                    &s.organisation,
                    &s.email,
                    &s.phone,
                ])
                .map_err(fail)?;
            }
            w.flush().map_err(|e| CliError::io("stdout", e))
        }
        ListFormat::Table => {
            let mut table = Table::new(&[
                ("ID", 7),
                ("NAME", 26),
                ("ORGANISATION", 26),
                ("E-MAIL", 34),
                ("PHONE", 18),
            ]);
            for s in people {
                table.row(vec![
                    s.id.to_string(),
                    s.name,
                    s.organisation,
                    s.email,
                    s.phone,
                ]);
            }
            table.print()
        }
    }
}

pub fn run(backend: &dyn Backend, cmd: &PurposeCommand) -> Result<()> {
    match cmd {
        PurposeCommand::List { format } => {
            let all = backend.purposes()?;
            match format {
                ListFormat::Json => print_json(&all),
                ListFormat::Csv | ListFormat::Table => {
                    let mut table = Table::new(&[
                        ("ID", 4),
                        ("NAME", 34),
                        ("BASIS", 22),
                        ("RETENTION", 32),
                        ("GIVEN", 7),
                        ("WITHDRAWN", 9),
                        ("REFUSED", 7),
                        ("STATUS", 8),
                    ]);
                    for o in all {
                        let p = o.purpose;
                        table.row(vec![
                            p.id.to_string(),
                            p.name.clone(),
                            p.legal_basis.label().to_string(),
                            p.retention.to_string(),
                            o.counts.given.to_string(),
                            o.counts.withdrawn.to_string(),
                            o.counts.refused.to_string(),
                            if p.is_active() { "active" } else { "archived" }.to_string(),
                        ]);
                    }
                    table.print()
                }
            }
        }
        PurposeCommand::Show { purpose, json } => {
            let p = resolve(backend, purpose)?;
            if *json {
                print_json(&p)
            } else {
                print_purpose(&p);
                Ok(())
            }
        }
        PurposeCommand::Add(fields) => {
            let mut draft = PurposeDraft::new(
                "",
                LegalBasis::Consent,
                RetentionRule {
                    months: 24,
                    anchor: RetentionAnchor::ConsentGiven,
                },
            );
            apply(&mut draft, fields)?;
            let p = backend.create_purpose(draft)?;
            outln!("{}", p.id);
            Ok(())
        }
        PurposeCommand::Edit { purpose, fields } => {
            let p = resolve(backend, purpose)?;
            let mut draft = p.draft();
            apply(&mut draft, fields)?;
            let saved = backend.update_purpose(p.id, p.version, draft)?;
            outln!("purpose #{} saved (version {})", saved.id, saved.version);
            Ok(())
        }
        PurposeCommand::Archive { purpose } => {
            let p = resolve(backend, purpose)?;
            backend.archive_purpose(p.id)?;
            outln!("purpose #{} \"{}\" archived", p.id, p.name);
            Ok(())
        }
        PurposeCommand::Rm { purpose } => {
            let p = resolve(backend, purpose)?;
            backend.delete_purpose(p.id)?;
            outln!("purpose #{} deleted", p.id);
            Ok(())
        }
        PurposeCommand::Templates { load, all } => {
            let templates = backend.purpose_templates()?;
            if load.is_empty() && !all {
                let mut table =
                    Table::new(&[("KEY", 20), ("NAME", 40), ("BASIS", 22), ("RETENTION", 34)]);
                for t in templates {
                    table.row(vec![
                        t.key,
                        t.draft.name.clone(),
                        t.draft.legal_basis.label().to_string(),
                        t.draft.retention.to_string(),
                    ]);
                }
                return table.print();
            }
            let keys = if *all {
                templates.into_iter().map(|t| t.key).collect()
            } else {
                load.clone()
            };
            let created = backend.load_templates(keys)?;
            if created.is_empty() {
                outln!("nothing loaded: those purposes exist already");
            }
            for p in created {
                outln!("#{} {}", p.id, p.name);
            }
            Ok(())
        }
        PurposeCommand::Audience { purpose, format } => {
            let p = resolve(backend, purpose)?;
            print_people(backend.contactable(p.id)?, *format)
        }
    }
}
