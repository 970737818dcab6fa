//! The breach register (Art. 33, 34): incidents, their timeline, the frozen
//! notification list, letters.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::api::{
    AffectedPreview, FreezeReport, IncidentDetail, IncidentOverview, LetterBatch,
    NotificationExport, RenderedLetter, SendReport,
};
use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::letters::breach_template;
use super::{Result, ServiceError, Tx, check_version, not_found, summary_of};
use crate::model::eml;
use crate::model::{
    AffectedRule, AuditAction, ConsentEvent, Contact, ContactId, EntityKind, Incident,
    IncidentDraft, IncidentId, IncidentStatus, IndividualsNotice, Interaction, NotificationChannel,
    NotificationEntry, TimelineNote, Timestamp,
};
use crate::model::{plausible, validate};
use crate::store::{Link, Reads};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListIncidents;

impl Call for ListIncidents {
    type Answer = Vec<IncidentOverview>;
    fn permission(&self) -> Permission {
        Permission::ReadIncidents
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Incident, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<IncidentOverview>> {
        cx.read(list)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetIncident {
    pub id: IncidentId,
}

impl Call for GetIncident {
    type Answer = IncidentDetail;
    fn permission(&self) -> Permission {
        Permission::ReadIncidents
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Incident, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<IncidentDetail> {
        cx.read(|tx| detail(tx, self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateIncident {
    pub draft: IncidentDraft,
}

impl Call for CreateIncident {
    type Answer = IncidentDetail;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::Incident, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<IncidentDetail> {
        cx.write(|tx| create(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateIncident {
    pub id: IncidentId,
    pub version: u32,
    pub draft: IncidentDraft,
}

impl Call for UpdateIncident {
    type Answer = IncidentDetail;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Incident, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<IncidentDetail> {
        cx.write(|tx| update(tx, self.id, self.version, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddIncidentNote {
    pub id: IncidentId,
    pub text: String,
}

impl Call for AddIncidentNote {
    type Answer = IncidentDetail;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Incident, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<IncidentDetail> {
        cx.write(|tx| add_note(tx, self.id, self.text))
    }
}

/// How many contacts a rule selects now (nothing is written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewAffected {
    pub rule: AffectedRule,
}

impl Call for PreviewAffected {
    type Answer = AffectedPreview;
    fn permission(&self) -> Permission {
        Permission::ReadIncidents
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Incident, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<AffectedPreview> {
        check_rule(&self.rule, cx.now)?;
        cx.read(|tx| preview(tx, &self.rule))
    }
}

/// Adds the people a rule selects to the incident's notification list, as
/// they are now; later edits do not change their entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreezeNotificationList {
    pub id: IncidentId,
    pub rule: AffectedRule,
}

impl Call for FreezeNotificationList {
    type Answer = FreezeReport;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::FreezeList, EntityKind::Incident, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<FreezeReport> {
        cx.write(|tx| freeze(tx, self.id, self.rule))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkNotified {
    pub id: IncidentId,
    pub contacts: Vec<ContactId>,
    pub notified: bool,
}

impl Call for MarkNotified {
    type Answer = usize;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::MarkNotified,
            EntityKind::Incident,
            vec![self.id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<usize> {
        cx.write(|tx| mark(tx, self.id, self.contacts, self.notified))
    }
}

/// The list to notify, without the people who may not be contacted now
/// (restricted, anonymised, unreachable), which are named with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportNotificationList {
    pub id: IncidentId,
}

impl Call for ExportNotificationList {
    type Answer = NotificationExport;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Export, EntityKind::Incident, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<NotificationExport> {
        cx.write(|tx| export_list(tx, self.id))
    }
}

/// One RFC 5322 letter per person to notify by e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderLetters {
    pub id: IncidentId,
}

impl Call for RenderLetters {
    type Answer = LetterBatch;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Export, EntityKind::Incident, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<LetterBatch> {
        cx.write(|tx| render_letters(tx, self.id))
    }
}

/// Sends the letters not sent yet through the configured sendmail command,
/// and marks those people notified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendLetters {
    pub id: IncidentId,
}

impl Call for SendLetters {
    type Answer = SendReport;
    fn permission(&self) -> Permission {
        Permission::ManageIncidents
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::SendLetters,
            EntityKind::Incident,
            vec![self.id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<SendReport> {
        cx.write(|tx| send_letters(tx, self.id))
    }
}

impl Answer for IncidentDetail {
    /// The entries hold names and addresses, no special-category values.
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.entries.iter().map(|e| e.contact_id).collect()
    }
}

impl Answer for AffectedPreview {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.sample.iter().map(|s| s.id).collect()
    }
}

impl Answer for NotificationExport {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.entries.iter().map(|e| e.contact_id).collect()
    }
}

impl Answer for LetterBatch {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.letters.iter().map(|l| l.contact_id).collect()
    }
}

super::call::no_contacts!(Vec<IncidentOverview>, FreezeReport, SendReport);

pub(super) fn load(tx: &impl Reads, id: u64) -> Result<Incident> {
    tx.get::<Incident>(id)?
        .ok_or_else(|| not_found(EntityKind::Incident, id))
}

pub(super) fn list(tx: &impl Reads) -> Result<Vec<IncidentOverview>> {
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
    Ok(out)
}

pub(super) fn detail(tx: &impl Reads, id: u64) -> Result<IncidentDetail> {
    let incident = load(tx, id)?;
    let entries = tx.notification_entries(id)?;
    Ok(IncidentDetail { incident, entries })
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

pub(super) fn create(tx: &mut Tx<'_>, draft: IncidentDraft) -> Result<IncidentDetail> {
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
) -> Result<IncidentDetail> {
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

pub(super) fn add_note(tx: &mut Tx<'_>, id: u64, text: String) -> Result<IncidentDetail> {
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

pub(super) fn preview(tx: &impl Reads, rule: &AffectedRule) -> Result<AffectedPreview> {
    let selected = select(tx, rule)?;
    let unreachable = selected
        .iter()
        .filter(|c| channel(c).0 == NotificationChannel::Unreachable)
        .count();
    let mut sample = Vec::new();
    for c in selected.iter().take(20) {
        sample.push(summary_of(tx, c)?);
    }
    Ok(AffectedPreview {
        count: selected.len(),
        unreachable,
        sample,
    })
}

pub(super) fn freeze(tx: &mut Tx<'_>, id: u64, rule: AffectedRule) -> Result<FreezeReport> {
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
    Ok(report)
}

pub(super) fn mark(tx: &mut Tx<'_>, id: u64, contacts: Vec<u64>, notified: bool) -> Result<usize> {
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
    Ok(changed)
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

pub(super) fn export_list(tx: &mut Tx<'_>, id: u64) -> Result<NotificationExport> {
    load(&*tx.tx, id)?;
    let (entries, excluded) = usable(&*tx.tx, id)?;
    tx.audit(
        AuditAction::Export,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("notification list, {} people", entries.len()),
    );
    Ok(NotificationExport { entries, excluded })
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

pub(super) fn render_letters(tx: &mut Tx<'_>, id: u64) -> Result<LetterBatch> {
    let batch = letters(&*tx.tx, id, tx.now)?;
    tx.audit(
        AuditAction::Export,
        EntityKind::Incident,
        vec![id],
        vec![],
        format!("{} breach letters", batch.letters.len()),
    );
    Ok(batch)
}

/// Pipes each letter not sent yet into the configured sendmail command;
/// those it accepts are marked notified.
pub(super) fn send_letters(tx: &mut Tx<'_>, id: u64) -> Result<SendReport> {
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
    Ok(report)
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
