use std::io::IsTerminal;

use super::output::outln;
use super::output::{Cell, Column, RowWriter, Table, print_json};
use super::{CliError, Result};
use crate::backend::{Api, Backend};
use crate::cli::{ListFormat, PurposeCommand, PurposeFields};
use crate::model::{
    LegalBasis, Purpose, PurposeDraft, RetentionAnchor, RetentionRule, Safeguard, SpecialCategory,
    Transfer,
};
use crate::search::ContactSummary;
use crate::service::api::ConsentCounts;

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

/// An audience: the people who may be contacted for a purpose.
fn print_people(people: Vec<ContactSummary>, format: ListFormat) -> Result<()> {
    let mut out = RowWriter::new(
        &[
            ("id", 7),
            ("name", 26),
            ("organisation", 26),
            ("email", 34),
            ("phone", 18),
        ],
        format,
    )?;
    for s in people {
        out.row(vec![
            s.id.into(),
            s.name.into(),
            s.organisation.into(),
            s.email.into(),
            s.phone.into(),
        ])?;
    }
    out.finish().map(|_| ())
}

const PURPOSE_COLUMNS: &[Column] = &[
    ("id", 4),
    ("name", 34),
    ("legal_basis", 22),
    ("retention", 32),
    ("retention_months", 0),
    ("retention_from", 0),
    ("given", 7),
    ("withdrawn", 9),
    ("refused", 7),
    ("marketing", 0),
    ("status", 8),
];

fn purpose_cells(p: &Purpose, counts: Option<ConsentCounts>, table: bool) -> Vec<Cell<'_>> {
    let count = |n: Option<u32>| n.map(u64::from).into();
    vec![
        p.id.into(),
        p.name.as_str().into(),
        if table {
            p.legal_basis.label().into()
        } else {
            p.legal_basis.key().into()
        },
        p.retention.to_string().into(),
        u64::from(p.retention.months).into(),
        p.retention.anchor.key().into(),
        count(counts.map(|c| c.given)),
        count(counts.map(|c| c.withdrawn)),
        count(counts.map(|c| c.refused)),
        if p.marketing { "yes" } else { "no" }.into(),
        if p.is_active() { "active" } else { "archived" }.into(),
    ]
}

/// After a purpose change, the retention of every contact with a consent
/// history for it is derived again. The daemon does that in the background
/// (said on stderr); a one-shot command does it here, a chunk of contacts
/// per request, with its progress on stderr when that is a terminal —
/// otherwise the next command would pay for it.
fn rederive_retention(backend: &dyn Backend) -> Result<()> {
    let terminal = std::io::stderr().is_terminal();
    let mut shown = None;
    loop {
        let update = backend.retention_update(true)?;
        let Some(left) = update.left else {
            if shown.is_some() {
                eprintln!("\rretention re-derived for every contact       ");
            }
            return Ok(());
        };
        if update.background {
            eprintln!(
                "retention being re-derived in the background ({} %); \
                 `custos retention report` shows how far",
                left.percent()
            );
            return Ok(());
        }
        if terminal && shown != Some(left.percent()) {
            shown = Some(left.percent());
            eprint!("\rre-deriving retention: {} %", left.percent());
        }
    }
}

pub fn run(backend: &dyn Backend, cmd: &PurposeCommand) -> Result<()> {
    match cmd {
        PurposeCommand::List { format } => {
            let mut out = RowWriter::new(PURPOSE_COLUMNS, *format)?;
            for o in backend.purposes()? {
                let table = *format == ListFormat::Table;
                out.row(purpose_cells(&o.purpose, Some(o.counts), table))?;
            }
            out.finish().map(|_| ())
        }
        PurposeCommand::Show { purpose, format } => {
            let p = resolve(backend, purpose)?;
            match format {
                ListFormat::Table => {
                    print_purpose(&p);
                    Ok(())
                }
                ListFormat::Json => print_json(&p),
                ListFormat::Csv => {
                    let counts = backend
                        .purposes()?
                        .into_iter()
                        .find(|o| o.purpose.id == p.id)
                        .map(|o| o.counts);
                    let mut out = RowWriter::new(PURPOSE_COLUMNS, *format)?;
                    out.row(purpose_cells(&p, counts, false))?;
                    out.finish().map(|_| ())
                }
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
            // Only a new basis or retention rule changes anyone's standing;
            // a rename must not say a re-derivation (perhaps one still
            // running from an earlier change) is its doing.
            if saved.legal_basis != p.legal_basis || saved.retention != p.retention {
                rederive_retention(backend)?;
            }
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
