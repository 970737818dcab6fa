//! The breach register (Art. 33, 34): incidents, their timeline, the frozen
//! notification list, letters.

use std::collections::BTreeSet;

use super::api::{
    AffectedPreview, FreezeReport, IncidentDetail, IncidentOverview, LetterBatch,
    NotificationExport, RenderedLetter, Response, SendReport,
};
use super::{Result, ServiceError, Tx, check_version, not_found, summary_of};
use crate::export::{breach_template, eml};
use crate::model::{
    AffectedRule, AuditAction, ConsentEvent, Contact, EntityKind, Incident, IncidentDraft,
    IncidentStatus, IndividualsNotice, Interaction, NotificationChannel, NotificationEntry,
    TimelineNote, Timestamp,
};
use crate::model::{plausible, validate};
use crate::store::{Link, Reads};

pub(super) fn load(tx: &impl Reads, id: u64) -> Result<Incident> {
    tx.get::<Incident>(id)?
        .ok_or_else(|| not_found(EntityKind::Incident, id))
}

pub(super) fn list(tx: &impl Reads) -> Result<Response> {
    let mut out = Vec::new();
    for incident in tx.all::<Incident>()? {
        let entries = tx.notification_entries(incident.id)?;
        out.push(IncidentOverview {
            listed: entries.len() as u32,
            notified: entries.iter().filter(|e| e.notified_at.is_some()).count() as u32,
            incident,
        });
    }
    // Open ones first, the nearest deadline first; then the newest.
    out.sort_by_key(|o| {
        (
            o.incident.status != IncidentStatus::Open,
            o.incident.authority.is_some(),
            if o.incident.status == IncidentStatus::Open {
                o.incident.aware_at.timestamp()
            } else {
                -o.incident.aware_at.timestamp()
            },
        )
    });
    Ok(Response::Incidents(out))
}

pub(super) fn detail(tx: &impl Reads, id: u64) -> Result<Response> {
    let incident = load(tx, id)?;
    let entries = tx.notification_entries(id)?;
    Ok(Response::Incident(Box::new(IncidentDetail {
        incident,
        entries,
    })))
}

fn checked(draft: IncidentDraft, now: Timestamp) -> Result<IncidentDraft> {
    let mut d = draft;
    d.title = d.title.trim().to_string();
    validate::required("title", &d.title)?;
    validate::max_len("title", &d.title, validate::MAX_SHORT)?;
    validate::single_line("title", &d.title)?;
    for (field, value) in [
        ("description", &d.description),
        ("consequences", &d.consequences),
        ("measures", &d.measures),
        ("delay_reason", &d.delay_reason),
    ] {
        validate::max_len(field, value, validate::MAX_TEXT)?;
    }
    validate::max_len("contact_point", &d.contact_point, validate::MAX_SHORT)?;
    plausible::happened("aware_at", d.aware_at, plausible::GDPR_APPLIES, now)?;
    if let Some(occurred) = d.occurred_at {
        plausible::happened("occurred_at", occurred, plausible::EARLIEST, now)?;
        if occurred > d.aware_at {
            return Err(ServiceError::invalid(
                "occurred_at",
                "lies after the moment the company became aware of it",
            ));
        }
    }
    if d.nature.is_empty() {
        return Err(ServiceError::invalid(
            "nature",
            "name at least one: confidentiality, integrity, availability",
        ));
    }
    d.nature.sort_by_key(|n| n.key());
    d.nature.dedup();
    d.data_categories = crate::model::clean_list(d.data_categories);
    d.subject_categories = crate::model::clean_list(d.subject_categories);
    if let IndividualsNotice::NotRequired { reason } = &d.individuals
        && reason.trim().is_empty()
    {
        return Err(ServiceError::invalid(
            "individuals",
            "say why people need not be told (Art. 34(3): encrypted data, risk removed, or \
             disproportionate effort)",
        ));
    }
    if let Some(a) = &mut d.authority {
        a.reference = a.reference.trim().to_string();
        a.authority = a.authority.trim().to_string();
        validate::max_len("authority", &a.reference, validate::MAX_SHORT)?;
        validate::max_len("authority", &a.authority, validate::MAX_SHORT)?;
        plausible::happened("authority", a.at, plausible::GDPR_APPLIES, now)?;
    }
    // Reporting to the authority moves an open incident on.
    if d.authority.is_some() && d.status == IncidentStatus::Open {
        d.status = IncidentStatus::Notified;
    }
    Ok(d)
}

fn note(incident: &mut Incident, tx: &Tx<'_>, text: impl Into<String>) {
    incident.notes.push(TimelineNote {
        at: tx.now,
        by: tx.actor.name.clone(),
        text: text.into(),
    });
}

pub(super) fn create(tx: &mut Tx<'_>, draft: IncidentDraft) -> Result<Response> {
    let draft = checked(draft, tx.now)?;
    let id = tx.tx.next_id(EntityKind::Incident)?;
    let mut incident = Incident::from_draft(id, draft, &tx.actor.name, tx.now);
    note(&mut incident, tx, "registered");
    tx.tx.put(&incident)?;
    tx.audit(
        AuditAction::Create,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("risk={}", incident.risk.key()),
    );
    detail(&*tx.tx, id)
}

pub(super) fn update(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    draft: IncidentDraft,
) -> Result<Response> {
    let mut incident = load(&*tx.tx, id)?;
    check_version(EntityKind::Incident, id, version, incident.version)?;
    let draft = checked(draft, tx.now)?;
    let fields: Vec<String> = incident
        .changed_fields(&draft)
        .into_iter()
        .map(String::from)
        .collect();
    if fields.is_empty() {
        return detail(&*tx.tx, id);
    }
    let was_reported = incident.authority.is_some();
    let old_status = incident.status;
    incident.apply(draft);
    if !was_reported && let Some(a) = &incident.authority {
        let text = format!(
            "authority notified{}{}",
            if a.authority.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.authority)
            },
            if a.reference.is_empty() {
                String::new()
            } else {
                format!(", reference {}", a.reference)
            }
        );
        note(&mut incident, tx, text);
    }
    if incident.status != old_status {
        let text = format!("status {} → {}", old_status.key(), incident.status.key());
        note(&mut incident, tx, text);
    }
    incident.version += 1;
    incident.updated_at = tx.now;
    tx.tx.put(&incident)?;
    tx.audit(
        AuditAction::Update,
        EntityKind::Incident,
        vec![id],
        fields,
        "",
    );
    detail(&*tx.tx, id)
}

pub(super) fn add_note(tx: &mut Tx<'_>, id: u64, text: String) -> Result<Response> {
    let mut incident = load(&*tx.tx, id)?;
    let text = text.trim().to_string();
    validate::required("text", &text)?;
    validate::max_len("text", &text, validate::MAX_TEXT)?;
    note(&mut incident, tx, text);
    incident.version += 1;
    incident.updated_at = tx.now;
    tx.tx.put(&incident)?;
    tx.audit(
        AuditAction::Update,
        EntityKind::Incident,
        vec![id],
        vec!["notes".into()],
        "",
    );
    detail(&*tx.tx, id)
}

/// The date ranges of a rule are plausible and run forwards.
pub(super) fn check_rule(rule: &AffectedRule, now: crate::model::Timestamp) -> Result<()> {
    for (field, range) in [("created", rule.created), ("interacted", rule.interacted)] {
        if let Some((from, to)) = range {
            plausible::as_of(field, from, now)?;
            plausible::as_of(field, to, now)?;
            if from > to {
                return Err(ServiceError::invalid(
                    field,
                    "the range ends before it starts",
                ));
            }
        }
    }
    Ok(())
}

/// The contacts a rule selects now, in id order.
fn select(tx: &impl Reads, rule: &AffectedRule) -> Result<Vec<Contact>> {
    let mut out = Vec::new();
    let picked: BTreeSet<u64> = rule.picked.iter().copied().collect();
    if !rule.everyone && !rule.has_filters() {
        for id in &picked {
            out.push(
                tx.get::<Contact>(*id)?
                    .ok_or_else(|| not_found(EntityKind::Contact, *id))?,
            );
        }
        return Ok(out);
    }
    let with_purpose: Option<BTreeSet<u64>> = match rule.purpose {
        Some(purpose) => {
            let mut set = BTreeSet::new();
            for event_id in tx.links(Link::PURPOSE_CONSENTS, purpose)? {
                if let Some(e) = tx.get::<ConsentEvent>(event_id)? {
                    set.insert(e.contact_id);
                }
            }
            Some(set)
        }
        None => None,
    };
    let interacted: Option<BTreeSet<u64>> = match rule.interacted {
        Some((from, to)) => {
            let mut set = BTreeSet::new();
            tx.scan::<Interaction>(|i| {
                if i.at >= from && i.at <= to {
                    set.insert(i.contact_id);
                }
                true
            })?;
            Some(set)
        }
        None => None,
    };
    let tags: Vec<String> = rule.tags.iter().map(|t| t.to_lowercase()).collect();
    tx.scan::<Contact>(|c| {
        let matches = rule.everyone
            || ((tags.is_empty() || c.tags.iter().any(|t| tags.contains(t)))
                && (rule.organisations.is_empty()
                    || c.organisation_id
                        .is_some_and(|o| rule.organisations.contains(&o)))
                && with_purpose.as_ref().is_none_or(|s| s.contains(&c.id))
                && interacted.as_ref().is_none_or(|s| s.contains(&c.id))
                && rule
                    .created
                    .is_none_or(|(from, to)| c.created_at >= from && c.created_at <= to));
        if matches || picked.contains(&c.id) {
            out.push(c);
        }
        true
    })?;
    Ok(out)
}

/// How a contact can be reached, best first.
fn channel(contact: &Contact) -> (NotificationChannel, String) {
    if contact.is_anonymised() {
        (NotificationChannel::Unreachable, String::new())
    } else if let Some(email) = contact.primary_email() {
        (NotificationChannel::Email, email.to_string())
    } else if let Some(phone) = contact.primary_phone() {
        (NotificationChannel::Phone, phone.to_string())
    } else if !contact.address.street.is_empty() && !contact.address.city.is_empty() {
        (NotificationChannel::Post, contact.address.one_line())
    } else {
        (NotificationChannel::Unreachable, String::new())
    }
}

pub(super) fn preview(tx: &impl Reads, rule: &AffectedRule) -> Result<Response> {
    let selected = select(tx, rule)?;
    let unreachable = selected
        .iter()
        .filter(|c| channel(c).0 == NotificationChannel::Unreachable)
        .count();
    let mut sample = Vec::new();
    for c in selected.iter().take(20) {
        sample.push(summary_of(tx, c)?);
    }
    Ok(Response::Affected(AffectedPreview {
        count: selected.len(),
        unreachable,
        sample,
    }))
}

pub(super) fn freeze(tx: &mut Tx<'_>, id: u64, rule: AffectedRule) -> Result<Response> {
    check_rule(&rule, tx.now)?;
    let mut incident = load(&*tx.tx, id)?;
    let selected = select(&*tx.tx, &rule)?;
    let default_language = tx.tx.settings()?.default_language;
    let mut report = FreezeReport {
        added: 0,
        already_listed: 0,
        unreachable: 0,
    };
    let mut added = Vec::new();
    for contact in selected {
        if tx.tx.notification_entry(id, contact.id)?.is_some() {
            report.already_listed += 1;
            continue;
        }
        let (channel, destination) = channel(&contact);
        if channel == NotificationChannel::Unreachable {
            report.unreachable += 1;
        }
        let language = if contact.language.is_empty() {
            default_language.clone()
        } else {
            contact.language.clone()
        };
        tx.tx.put_notification_entry(&NotificationEntry {
            incident_id: id,
            contact_id: contact.id,
            name: contact.display_name(),
            channel,
            destination,
            language,
            anonymised: contact.is_anonymised(),
            notified_at: None,
            notified_by: None,
        })?;
        added.push(contact.id);
        report.added += 1;
    }
    let description = rule.describe();
    incident.list_frozen_at = Some(tx.now);
    incident.list_rule = if incident.list_rule.is_empty() {
        description.clone()
    } else {
        format!("{}; {description}", incident.list_rule)
    };
    note(
        &mut incident,
        tx,
        format!(
            "notification list: {} added by rule \"{description}\" ({} unreachable)",
            report.added, report.unreachable
        ),
    );
    incident.version += 1;
    incident.updated_at = tx.now;
    tx.tx.put(&incident)?;
    tx.audit(
        AuditAction::FreezeList,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("{} contacts added", report.added),
    );
    Ok(Response::Frozen(report))
}

pub(super) fn mark(
    tx: &mut Tx<'_>,
    id: u64,
    contacts: Vec<u64>,
    notified: bool,
) -> Result<Response> {
    let mut incident = load(&*tx.tx, id)?;
    let mut changed = 0;
    for contact in contacts {
        let mut entry = tx.tx.notification_entry(id, contact)?.ok_or_else(|| {
            ServiceError::Refused(format!(
                "contact #{contact} is not on the notification list of incident #{id}"
            ))
        })?;
        if entry.notified_at.is_some() == notified {
            continue;
        }
        if notified && entry.anonymised {
            return Err(ServiceError::Refused(format!(
                "contact #{contact} was anonymised and cannot be notified"
            )));
        }
        entry.notified_at = notified.then_some(tx.now);
        entry.notified_by = notified.then(|| tx.actor.name.clone());
        tx.tx.put_notification_entry(&entry)?;
        changed += 1;
    }
    if changed > 0 {
        note(
            &mut incident,
            tx,
            format!(
                "{changed} marked {}",
                if notified { "notified" } else { "not notified" }
            ),
        );
        incident.version += 1;
        incident.updated_at = tx.now;
        tx.tx.put(&incident)?;
        tx.audit(
            AuditAction::MarkNotified,
            EntityKind::Incident,
            vec![id],
            vec![],
            format!("{changed} entries, notified={notified}"),
        );
    }
    Ok(Response::Marked(changed))
}

/// The entries that may be used now, and the ones left out with why: a
/// contact restricted since (Art. 18), anonymised, or unreachable.
/// People left out of an export, and why.
type Excluded = Vec<(u64, String)>;

fn usable(tx: &impl Reads, id: u64) -> Result<(Vec<NotificationEntry>, Excluded)> {
    let mut keep = Vec::new();
    let mut excluded = Vec::new();
    for entry in tx.notification_entries(id)? {
        let contact = tx.get::<Contact>(entry.contact_id)?;
        let why = if entry.anonymised || contact.as_ref().is_some_and(|c| c.is_anonymised()) {
            Some("anonymised")
        } else if contact.as_ref().is_some_and(|c| c.is_restricted()) {
            Some("restricted (Art. 18)")
        } else if entry.channel == NotificationChannel::Unreachable {
            Some("no e-mail, phone or address")
        } else {
            None
        };
        match why {
            Some(why) => excluded.push((entry.contact_id, why.to_string())),
            None => keep.push(entry),
        }
    }
    Ok((keep, excluded))
}

pub(super) fn export_list(tx: &mut Tx<'_>, id: u64) -> Result<Response> {
    load(&*tx.tx, id)?;
    let (entries, excluded) = usable(&*tx.tx, id)?;
    tx.audit(
        AuditAction::Export,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("notification list, {} people", entries.len()),
    );
    Ok(Response::NotificationList(NotificationExport {
        entries,
        excluded,
    }))
}

fn letters(tx: &impl Reads, id: u64, now: Timestamp) -> Result<LetterBatch> {
    let incident = load(tx, id)?;
    let settings = tx.settings()?;
    let (entries, mut excluded) = usable(tx, id)?;
    let mut letters = Vec::new();
    for entry in entries {
        if entry.channel != NotificationChannel::Email {
            excluded.push((
                entry.contact_id,
                format!("no e-mail: notify by {}", entry.channel.key()),
            ));
            continue;
        }
        let template = breach_template(&entry.language).map_err(ServiceError::Refused)?;
        let eml = eml::breach_message(&settings, &incident, &entry, &template, now)
            .map_err(ServiceError::Refused)?;
        letters.push(RenderedLetter {
            contact_id: entry.contact_id,
            file_name: eml::file_name(&entry),
            eml,
        });
    }
    Ok(LetterBatch { letters, excluded })
}

pub(super) fn render_letters(tx: &mut Tx<'_>, id: u64) -> Result<Response> {
    let batch = letters(&*tx.tx, id, tx.now)?;
    tx.audit(
        AuditAction::Export,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("{} breach letters", batch.letters.len()),
    );
    Ok(Response::Letters(batch))
}

/// Pipes each letter not sent yet into the configured sendmail command;
/// those it accepts are marked notified.
pub(super) fn send_letters(tx: &mut Tx<'_>, id: u64) -> Result<Response> {
    let command = tx.tx.settings()?.sendmail_command;
    let mut parts = command.split_whitespace();
    let Some(program) = parts.next() else {
        return Err(ServiceError::Refused(
            "no sendmail command is configured: custos settings set sendmail-command \
             \"/usr/sbin/sendmail -t -i\""
                .to_string(),
        ));
    };
    let args: Vec<&str> = parts.collect();
    let batch = letters(&*tx.tx, id, tx.now)?;
    let mut report = SendReport {
        excluded: batch.excluded,
        ..SendReport::default()
    };
    for letter in batch.letters {
        let already = tx
            .tx
            .notification_entry(id, letter.contact_id)?
            .is_some_and(|e| e.notified_at.is_some());
        if already {
            continue;
        }
        match pipe(program, &args, &letter.eml) {
            Ok(()) => report.sent.push(letter.contact_id),
            Err(e) => report.failed.push((letter.contact_id, e)),
        }
    }
    if !report.sent.is_empty() {
        mark(tx, id, report.sent.clone(), true)?;
    }
    tx.audit(
        AuditAction::SendLetters,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("{} sent, {} failed", report.sent.len(), report.failed.len()),
    );
    Ok(Response::Sent(report))
}

fn pipe(program: &str, args: &[&str], message: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(message)
            .map_err(|e| format!("{program}: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
