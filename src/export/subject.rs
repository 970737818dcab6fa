//! The personal-data export of one person (Art. 15 access, Art. 20
//! portability) as JSON, CSV and XLSX, each with a cover in plain words.
//!
//! CSV and XLSX are built from the same sections, so they carry the same
//! values; the JSON is the `SubjectData` structure itself (documented in
//! docs/subject-export.md).

use super::spreadsheet::CsvStyle;
use std::io::{Cursor, Write};

use chrono::SecondsFormat;

use crate::model::Timestamp;
use crate::service::api::SubjectData;

/// One table of the export: a CSV file in the zip, a sheet in the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// File and sheet name: "contact", "interactions" …
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

pub fn ts(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn opt_ts(t: Option<Timestamp>) -> String {
    t.map(ts).unwrap_or_default()
}

fn list(items: &[String]) -> String {
    items.join("; ")
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// Field / value rows of the contact: everything stored on the record.
fn contact_section(d: &SubjectData) -> Section {
    let c = &d.contact;
    let mut rows: Vec<(String, String)> = vec![
        ("id".into(), c.id.to_string()),
        ("given_name".into(), c.given_name.clone()),
        ("family_name".into(), c.family_name.clone()),
        ("emails".into(), list(&c.emails)),
        ("phones".into(), list(&c.phones)),
        ("job_title".into(), c.job_title.clone()),
        ("address.street".into(), c.address.street.clone()),
        ("address.postal_code".into(), c.address.postal_code.clone()),
        ("address.city".into(), c.address.city.clone()),
        ("address.country".into(), c.address.country.clone()),
        ("tags".into(), list(&c.tags)),
        ("notes".into(), c.notes.clone()),
        ("owner".into(), c.owner.clone().unwrap_or_default()),
        ("language".into(), c.language.clone()),
        ("status".into(), c.status().as_str().to_string()),
        ("created_at".into(), ts(c.created_at)),
        ("updated_at".into(), ts(c.updated_at)),
        ("last_interaction_at".into(), opt_ts(c.last_interaction_at)),
        ("do_not_contact".into(), yes(c.do_not_contact)),
    ];
    if let Some(r) = &c.restriction {
        rows.push(("restriction.since".into(), ts(r.since)));
        rows.push(("restriction.reason".into(), r.reason.clone()));
        rows.push(("restriction.by".into(), r.by.clone()));
    }
    if let Some(e) = &c.erasure {
        rows.push(("erasure.due".into(), ts(e.due)));
        rows.push(("erasure.delete".into(), yes(e.delete)));
        rows.push(("erasure.reason".into(), e.reason.clone()));
        rows.push(("erasure.by".into(), e.by.clone()));
        rows.push(("erasure.scheduled_at".into(), ts(e.scheduled_at)));
    }
    if let Some(at) = c.anonymised_at {
        rows.push(("anonymised_at".into(), ts(at)));
    }
    if let Some(h) = &c.legal_hold {
        rows.push(("legal_hold.reason".into(), h.reason.clone()));
        rows.push(("legal_hold.since".into(), ts(h.since)));
        rows.push(("legal_hold.by".into(), h.by.clone()));
    }
    if let Some(x) = &c.retention_extension {
        rows.push(("retention_extension.until".into(), ts(x.until)));
        rows.push(("retention_extension.reason".into(), x.reason.clone()));
        rows.push(("retention_extension.by".into(), x.by.clone()));
        rows.push(("retention_extension.at".into(), ts(x.at)));
    }
    for s in &c.special {
        let key = format!("special.{}", s.category.as_str());
        rows.push((key.clone(), s.value.clone()));
        rows.push((format!("{key}.purpose_id"), s.purpose_id.to_string()));
        rows.push((format!("{key}.recorded_at"), ts(s.recorded_at)));
        rows.push((format!("{key}.recorded_by"), s.recorded_by.clone()));
    }
    Section {
        name: "contact",
        headers: vec!["field", "value"],
        rows: rows.into_iter().map(|(k, v)| vec![k, v]).collect(),
    }
}

fn organisation_section(d: &SubjectData) -> Section {
    let rows = match &d.organisation {
        Some(o) => vec![
            ("id", o.id.to_string()),
            ("name", o.name.clone()),
            ("vat_number", o.vat_number.clone()),
            ("website", o.website.clone()),
            ("phone", o.phone.clone()),
            ("address", o.address.one_line()),
            ("notes", o.notes.clone()),
        ],
        None => Vec::new(),
    };
    Section {
        name: "organisation",
        headers: vec!["field", "value"],
        rows: rows
            .into_iter()
            .map(|(k, v)| vec![k.to_string(), v])
            .collect(),
    }
}

fn interactions_section(d: &SubjectData) -> Section {
    Section {
        name: "interactions",
        headers: vec!["id", "kind", "at", "by", "summary"],
        rows: d
            .interactions
            .iter()
            .map(|i| {
                vec![
                    i.id.to_string(),
                    i.kind.as_str().to_string(),
                    ts(i.at),
                    i.by.clone(),
                    i.summary.clone(),
                ]
            })
            .collect(),
    }
}

fn consents_section(d: &SubjectData) -> Section {
    let mut rows = Vec::new();
    for purpose in &d.consents {
        for e in &purpose.history {
            rows.push(vec![
                e.id.to_string(),
                purpose.name.clone(),
                purpose.legal_basis.label().to_string(),
                e.action.label(purpose.legal_basis).to_string(),
                ts(e.at),
                ts(e.recorded_at),
                e.channel.key().to_string(),
                e.evidence.clone(),
                e.recorded_by.clone(),
            ]);
        }
    }
    Section {
        name: "consents",
        headers: vec![
            "id",
            "purpose",
            "legal_basis",
            "action",
            "at",
            "recorded_at",
            "channel",
            "evidence",
            "recorded_by",
        ],
        rows,
    }
}

fn purposes_section(d: &SubjectData) -> Section {
    Section {
        name: "purposes",
        headers: vec![
            "id",
            "name",
            "description",
            "legal_basis",
            "legitimate_interest",
            "retention",
            "data_categories",
            "special_categories",
            "recipients",
            "transfers",
            "direct_marketing",
        ],
        rows: d
            .purposes
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.name.clone(),
                    p.description.clone(),
                    p.legal_basis.clone(),
                    p.legitimate_interest.clone(),
                    p.retention.clone(),
                    list(&p.data_categories),
                    list(&p.special_categories),
                    list(&p.recipients),
                    list(&p.transfers),
                    yes(p.marketing),
                ]
            })
            .collect(),
    }
}

fn retention_section(d: &SubjectData) -> Section {
    let mut rows = vec![vec![
        "overall".to_string(),
        d.retention.state.key().label().to_string(),
        opt_ts(d.retention.keep_until),
        d.retention.reason.clone(),
    ]];
    for j in &d.retention.justifications {
        rows.push(vec![
            j.purpose.clone(),
            "justified".to_string(),
            opt_ts(j.until),
            j.why.clone(),
        ]);
    }
    Section {
        name: "retention",
        headers: vec!["purpose", "state", "keep_until", "why"],
        rows,
    }
}

fn requests_section(d: &SubjectData) -> Section {
    Section {
        name: "requests",
        headers: vec![
            "id",
            "kind",
            "requester",
            "received_on",
            "due_on",
            "extended_to",
            "extension_reason",
            "status",
            "refusal_reason",
            "closed_at",
            "notes",
        ],
        rows: d
            .requests
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.kind.key().to_string(),
                    r.requester.clone(),
                    r.received_on.to_string(),
                    r.due_on.to_string(),
                    r.extension
                        .as_ref()
                        .map(|e| e.due_on.to_string())
                        .unwrap_or_default(),
                    r.extension
                        .as_ref()
                        .map(|e| e.reason.clone())
                        .unwrap_or_default(),
                    r.status.key().to_string(),
                    match &r.status {
                        crate::model::RequestStatus::Refused { reason } => reason.clone(),
                        _ => String::new(),
                    },
                    opt_ts(r.closed_at),
                    r.notes
                        .iter()
                        .map(|n| format!("{} {}: {}", ts(n.at), n.by, n.text))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
            .collect(),
    }
}

fn incidents_section(d: &SubjectData) -> Section {
    Section {
        name: "incidents",
        headers: vec![
            "incident_id",
            "title",
            "aware_at",
            "name",
            "channel",
            "destination",
            "language",
            "notified_at",
        ],
        rows: d
            .incidents
            .iter()
            .map(|n| {
                vec![
                    n.entry.incident_id.to_string(),
                    n.title.clone(),
                    ts(n.aware_at),
                    n.entry.name.clone(),
                    n.entry.channel.key().to_string(),
                    n.entry.destination.clone(),
                    n.entry.language.clone(),
                    opt_ts(n.entry.notified_at),
                ]
            })
            .collect(),
    }
}

/// The sections in the order they appear in the zip and the workbook.
pub fn sections(d: &SubjectData) -> Vec<Section> {
    vec![
        contact_section(d),
        organisation_section(d),
        interactions_section(d),
        consents_section(d),
        purposes_section(d),
        retention_section(d),
        requests_section(d),
        incidents_section(d),
    ]
}

/// The human-readable cover: who holds the data, why, and the person's
/// rights.
pub fn cover(d: &SubjectData) -> String {
    let controller = if d.controller.name.is_empty() {
        "The controller".to_string()
    } else {
        d.controller.name.clone()
    };
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line(&format!(
        "Personal data held about {}",
        d.contact.display_name()
    ));
    line(&format!("Generated {}", ts(d.generated_at)));
    line("");
    line(&format!(
        "{controller} holds the personal data in this export about you. It is all the data \
         stored about you, as of the date above (Art. 15 GDPR)."
    ));
    if !d.controller.address.is_empty() {
        line(&format!("Address: {}", d.controller.address));
    }
    if !d.controller.email.is_empty() {
        line(&format!("E-mail: {}", d.controller.email));
    }
    if !d.controller.dpo.is_empty() {
        line(&format!("Data protection officer: {}", d.controller.dpo));
    }
    line("");
    line("What is in it");
    for s in sections(d) {
        line(&format!("  {:<14} {} rows", s.name, s.rows.len()));
    }
    line("");
    line("Why we hold your data");
    if d.purposes.is_empty() {
        line("  No processing purpose is recorded for you.");
    }
    for p in &d.purposes {
        line(&format!("  {}", p.name));
        if !p.description.is_empty() {
            line(&format!("    {}", p.description));
        }
        line(&format!("    Legal basis: {}", p.legal_basis));
        if !p.legitimate_interest.is_empty() {
            line(&format!(
                "    Our legitimate interest: {}",
                p.legitimate_interest
            ));
        }
        line(&format!("    Kept: {}", p.retention));
        if !p.data_categories.is_empty() {
            line(&format!("    Data: {}", p.data_categories.join(", ")));
        }
        if !p.recipients.is_empty() {
            line(&format!("    Shared with: {}", p.recipients.join(", ")));
        }
        if !p.transfers.is_empty() {
            line(&format!(
                "    Transfers outside the EEA: {}",
                p.transfers.join("; ")
            ));
        }
    }
    if d.contact.is_restricted() {
        line("");
        line("Processing of your data is restricted (Art. 18): we only store it.");
    }
    line("");
    line("Your rights");
    for right in [
        "Access (Art. 15): a copy of your data, such as this export.",
        "Rectification (Art. 16): have wrong or incomplete data corrected.",
        "Erasure (Art. 17): have your data deleted where we no longer need it or hold it \
         unlawfully.",
        "Restriction (Art. 18): have processing limited while a dispute is resolved.",
        "Portability (Art. 20): receive your data in a machine-readable form (the JSON and CSV \
         versions of this export) and pass it on.",
        "Objection (Art. 21): object to processing based on our legitimate interest, and to \
         direct marketing at any time.",
        "Withdraw consent (Art. 7(3)) at any time, as easily as you gave it.",
        "Complain to a data protection supervisory authority (Art. 77).",
    ] {
        line(&format!("  - {right}"));
    }
    line("");
    line("To use any of these rights, write to the contact above. We answer within one month.");
    out
}

/// The shapes an export can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Json,
    /// A zip with `cover.txt` and one CSV per section.
    CsvZip,
    /// One CSV of section, row, field, value.
    CsvFlat,
    Xlsx,
}

impl Layout {
    pub const ALL: [Layout; 4] = [Layout::Json, Layout::CsvZip, Layout::CsvFlat, Layout::Xlsx];

    pub fn extension(self) -> &'static str {
        match self {
            Layout::Json => "json",
            Layout::CsvZip => "zip",
            Layout::CsvFlat => "csv",
            Layout::Xlsx => "xlsx",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Layout::Json => "JSON",
            Layout::CsvZip => "CSV, one file per section (zip)",
            Layout::CsvFlat => "CSV, one flat file",
            Layout::Xlsx => "XLSX, one sheet per section",
        }
    }

    /// The layout a file name asks for: .xlsx, .zip, .csv (flat), else JSON.
    pub fn for_path(path: &std::path::Path) -> Layout {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" => Layout::Xlsx,
            "zip" => Layout::CsvZip,
            "csv" => Layout::CsvFlat,
            _ => Layout::Json,
        }
    }

    pub fn render(self, d: &SubjectData, style: CsvStyle) -> Result<Vec<u8>, String> {
        match self {
            Layout::Json => json(d),
            Layout::CsvZip => csv_zip(d, style),
            Layout::CsvFlat => csv_flat(d, style),
            Layout::Xlsx => xlsx(d),
        }
    }
}

pub fn json(d: &SubjectData) -> Result<Vec<u8>, String> {
    serde_json::to_vec_pretty(d).map_err(|e| format!("cannot write JSON: {e}"))
}

fn csv_bytes(section: &Section, style: CsvStyle) -> Result<Vec<u8>, String> {
    super::spreadsheet::to_bytes(&section.headers, &section.rows, style)
}

/// A zip holding `cover.txt` and one CSV file per section.
pub fn csv_zip(d: &SubjectData, style: CsvStyle) -> Result<Vec<u8>, String> {
    let fail = |e: zip::result::ZipError| format!("cannot write zip: {e}");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    zip.start_file("cover.txt", options).map_err(fail)?;
    zip.write_all(cover(d).as_bytes())
        .map_err(|e| format!("cannot write zip: {e}"))?;
    for section in sections(d) {
        zip.start_file(format!("{}.csv", section.name), options)
            .map_err(fail)?;
        zip.write_all(&csv_bytes(&section, style)?)
            .map_err(|e| format!("cannot write zip: {e}"))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

/// One flat CSV: every value on its own line as section, row, field, value;
/// the cover comes first as section "cover".
pub fn csv_flat(d: &SubjectData, style: CsvStyle) -> Result<Vec<u8>, String> {
    let mut w = super::spreadsheet::CsvOut::new(Vec::new(), style)?;
    w.row(["section", "row", "field", "value"])?;
    for (i, text) in cover(d).lines().enumerate() {
        w.row(["cover", &(i + 1).to_string(), "text", text])?;
    }
    for section in sections(d) {
        for (i, row) in section.rows.iter().enumerate() {
            let n = (i + 1).to_string();
            for (field, value) in section.headers.iter().zip(row) {
                w.row([section.name, &n, field, value])?;
            }
        }
    }
    w.finish()
}

/// A workbook with a cover sheet and one sheet per section.
pub fn xlsx(d: &SubjectData) -> Result<Vec<u8>, String> {
    let mut sheets = vec![super::xlsx::Sheet::text(
        "cover",
        cover(d).lines().map(String::from).collect(),
    )];
    for s in sections(d) {
        sheets.push(super::xlsx::Sheet::table(s.name, s.headers, s.rows));
    }
    super::xlsx::workbook(&sheets)
}
