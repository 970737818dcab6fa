//! The records of processing activities (Art. 30(1)) as Markdown, CSV and
//! XLSX, one entry per purpose in use.

use crate::model::Purpose;
use crate::service::api::RopaData;

use super::subject::ts;

/// The columns of the register, in Art. 30(1) order.
pub const HEADERS: [&str; 13] = [
    "purpose",
    "description",
    "legal_basis",
    "legitimate_interest",
    "categories_of_people",
    "categories_of_data",
    "special_categories",
    "recipients",
    "transfers_and_safeguards",
    "retention",
    "security_measures",
    "controller",
    "controller_contact",
];

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join("; ")
    }
}

fn special(p: &Purpose) -> String {
    if p.special_categories.is_empty() {
        return "none".to_string();
    }
    let list: Vec<&str> = p.special_categories.iter().map(|c| c.as_str()).collect();
    format!("{}; condition: {}", list.join(", "), p.special_condition)
}

fn transfers(p: &Purpose) -> String {
    if p.transfers.is_empty() {
        return "none outside the EEA".to_string();
    }
    p.transfers
        .iter()
        .map(|t| {
            let mut s = format!("{}: {}", t.destination, t.safeguard.label());
            if !t.note.is_empty() {
                s.push_str(&format!(" ({})", t.note));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn controller_contact(r: &RopaData) -> String {
    let c = &r.controller;
    let mut parts: Vec<String> = [&c.address, &c.email]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect();
    if !c.dpo.is_empty() {
        parts.push(format!("DPO: {}", c.dpo));
    }
    parts.join("; ")
}

/// The purpose's name; an archived purpose under which data is still kept
/// says so.
fn title(p: &crate::model::Purpose) -> String {
    match p.archived_at {
        Some(at) => format!(
            "{} (archived {}: no new records; data already held is kept until its retention ends)",
            p.name,
            at.date_naive()
        ),
        None => p.name.clone(),
    }
}

/// One row per purpose, in `HEADERS` order.
pub fn rows(r: &RopaData) -> Vec<Vec<String>> {
    r.purposes
        .iter()
        .map(|p| {
            vec![
                title(p),
                p.description.clone(),
                p.legal_basis.to_string(),
                p.legitimate_interest.clone(),
                or_none(&p.subject_categories),
                or_none(&p.data_categories),
                special(p),
                or_none(&p.recipients),
                transfers(p),
                p.retention.to_string(),
                r.security_measures.clone(),
                r.controller.name.clone(),
                controller_contact(r),
            ]
        })
        .collect()
}

pub fn csv(r: &RopaData, style: super::spreadsheet::CsvStyle) -> Result<Vec<u8>, String> {
    super::spreadsheet::to_bytes(&HEADERS, rows(r), style)
}

pub fn xlsx(r: &RopaData) -> Result<Vec<u8>, String> {
    super::xlsx::workbook(&[super::xlsx::Sheet::table(
        "records of processing",
        HEADERS.to_vec(),
        rows(r),
    )])
}

/// Markdown cells hold no pipes or line breaks.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(r: &RopaData) -> String {
    let c = &r.controller;
    let name = if c.name.is_empty() {
        "(controller name not set: custos settings set controller-name …)"
    } else {
        &c.name
    };
    let mut out = format!(
        "# Records of processing activities (Art. 30 GDPR)\n\n\
         Generated {}.\n\n\
         | | |\n|---|---|\n\
         | Controller | {} |\n| Address | {} |\n| E-mail | {} |\n| Data protection officer | {} |\n\n\
         ## Security measures (Art. 30(1)(g), 32)\n\n{}\n",
        ts(r.generated_at),
        md(name),
        md(&c.address),
        md(&c.email),
        md(&c.dpo),
        r.security_measures.trim()
    );
    if r.purposes.is_empty() {
        out.push_str("\nNo purposes are recorded yet.\n");
    }
    for row in rows(r) {
        out.push_str(&format!("\n## {}\n\n| | |\n|---|---|\n", md(&row[0])));
        let labels = [
            "Description",
            "Legal basis",
            "Legitimate interest",
            "Categories of people",
            "Categories of data",
            "Special categories",
            "Recipients",
            "Transfers and safeguards",
            "Retention",
        ];
        for (label, value) in labels.iter().zip(&row[1..10]) {
            if *label == "Legitimate interest" && value.is_empty() {
                continue;
            }
            out.push_str(&format!("| {label} | {} |\n", md(value)));
        }
    }
    out
}
