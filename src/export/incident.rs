//! An incident's documentation (Art. 33(5)) and its notification list.

use std::io::Write;

use serde::Serialize;

use super::spreadsheet::{CsvOut, CsvStyle};
use crate::model::when::Zone;
use crate::model::{Incident, IndividualsNotice, NotificationEntry};

/// The list for a mail merge: one row per person.
pub fn notification_csv(
    entries: &[NotificationEntry],
    zone: &Zone,
    style: CsvStyle,
    out: impl Write,
) -> Result<(), String> {
    let mut w = CsvOut::new(out, style)?;
    w.row([
        "contact_id",
        "name",
        "channel",
        "destination",
        "language",
        "notified",
        "notified_at",
        "notified_by",
    ])?;
    for e in entries {
        w.row([
            e.contact_id.to_string().as_str(),
            &e.name,
            e.channel.key(),
            &e.destination,
            &e.language,
            if e.notified_at.is_some() { "yes" } else { "no" },
            &e.notified_at.map(|t| zone.rfc3339(t)).unwrap_or_default(),
            e.notified_by.as_deref().unwrap_or(""),
        ])?;
    }
    w.finish().map(|_| ())
}

/// The documentation as JSON: the incident and how far notification got,
/// without the people's details.
#[derive(Debug, Serialize)]
pub struct Documentation<'a> {
    pub incident: &'a Incident,
    pub deadline: String,
    pub people_on_list: usize,
    pub people_notified: usize,
    pub people_unreachable: usize,
}

pub fn documentation<'a>(
    incident: &'a Incident,
    entries: &[NotificationEntry],
    zone: &Zone,
) -> Documentation<'a> {
    Documentation {
        incident,
        deadline: zone.rfc3339(incident.authority_deadline()),
        people_on_list: entries.len(),
        people_notified: entries.iter().filter(|e| e.notified_at.is_some()).count(),
        people_unreachable: entries
            .iter()
            .filter(|e| e.channel == crate::model::NotificationChannel::Unreachable)
            .count(),
    }
}

/// The documentation as Markdown, in the order of the authority's
/// notification form.
pub fn markdown(incident: &Incident, entries: &[NotificationEntry], zone: &Zone) -> String {
    let doc = documentation(incident, entries, zone);
    let t = |t: crate::model::Timestamp| zone.datetime_named(t);
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    let i = incident;
    let mut md = format!("# Personal-data breach #{}: {}\n\n", i.id, i.title);
    md.push_str(&format!(
        "Status: **{}** · risk: **{}** · registered by {} on {}\n\n",
        i.status.key(),
        i.risk.key(),
        i.created_by,
        t(i.created_at)
    ));
    md.push_str("## When\n\n");
    md.push_str(&format!(
        "- Occurred: {}\n- Became aware (the 72-hour clock starts): {}\n- Deadline for the authority: {}\n",
        i.occurred_at.map(t).unwrap_or_else(|| "unknown".into()),
        t(i.aware_at),
        t(i.authority_deadline())
    ));
    md.push_str("\n## What happened\n\n");
    md.push_str(&format!("{}\n\n", or_dash(&i.description)));
    md.push_str(&format!(
        "- Nature: {}\n- Categories of data: {}\n- Categories of people: {}\n- Approximate number of people: {}\n- Approximate number of records: {}\n",
        i.nature.iter().map(|n| n.key()).collect::<Vec<_>>().join(", "),
        list(&i.data_categories),
        list(&i.subject_categories),
        i.approx_subjects,
        i.approx_records
    ));
    md.push_str(&format!(
        "\n## Likely consequences\n\n{}\n\n## Measures taken or proposed\n\n{}\n",
        or_dash(&i.consequences),
        or_dash(&i.measures)
    ));
    md.push_str("\n## Notification of the authority (Art. 33)\n\n");
    match &i.authority {
        Some(a) => md.push_str(&format!(
            "Notified {} on {}, reference {}.\n",
            or_dash(&a.authority),
            t(a.at),
            or_dash(&a.reference)
        )),
        None => md.push_str("Not (yet) notified.\n"),
    }
    if !i.delay_reason.trim().is_empty() {
        md.push_str(&format!("\nReasons for the delay: {}\n", i.delay_reason));
    }
    md.push_str("\n## Communication to the people affected (Art. 34)\n\n");
    match &i.individuals {
        IndividualsNotice::Undecided => md.push_str("Not decided yet.\n"),
        IndividualsNotice::Required => md.push_str("Required.\n"),
        IndividualsNotice::NotRequired { reason } => {
            md.push_str(&format!("Not required: {reason}\n"))
        }
    }
    md.push_str(&format!(
        "\nNotification list: {} people ({}), {} notified, {} unreachable.\n",
        doc.people_on_list,
        or_dash(&i.list_rule),
        doc.people_notified,
        doc.people_unreachable
    ));
    md.push_str(&format!("\nContact point: {}\n", or_dash(&i.contact_point)));
    md.push_str("\n## Timeline\n\n");
    if i.notes.is_empty() {
        md.push_str("—\n");
    }
    for n in &i.notes {
        md.push_str(&format!("- {} ({}): {}\n", t(n.at), n.by, n.text));
    }
    md
}
