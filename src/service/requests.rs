//! Data-subject requests (Art. 12, 15–22): the queue with its one-month
//! deadline, and carrying a request out — the export, the erasure, the
//! restriction, the objection, the withdrawal.

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};

use super::api::{CarryOut, CarryOutReport, ConsentDraft, RequestOverview};
use super::auth::Permission;
use super::call::{Answer, Call, Context, Intent};
use super::records::{consent, erasure, person};
use super::{Result, ServiceError, Tx, check_version, not_found, summary_of};
use crate::model::subject_request::due_date;
use crate::model::{
    AuditAction, ConsentAction, ConsentChannel, Contact, ContactId, EntityKind, LegalBasis,
    RequestId, RequestKind, RequestStatus, Restriction, ScheduledErasure, SubjectRequest,
    SubjectRequestDraft, TimelineNote, Timestamp, dnc,
};
use crate::model::{plausible, validate};
use crate::store::{Link, Reads};

/// The requests queue, nearest deadline first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListRequests {
    pub include_closed: bool,
}

impl Call for ListRequests {
    type Answer = Vec<RequestOverview>;
    fn permission(&self) -> Permission {
        Permission::ReadRequests
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Request, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Vec<RequestOverview>> {
        cx.read(|tx| list(tx, self.include_closed))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetRequest {
    pub id: RequestId,
}

impl Call for GetRequest {
    type Answer = RequestOverview;
    fn permission(&self) -> Permission {
        Permission::ReadRequests
    }
    fn intent(&self) -> Intent {
        Intent::read(EntityKind::Request, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RequestOverview> {
        cx.read(|tx| get(tx, self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRequest {
    pub draft: SubjectRequestDraft,
}

impl Call for FileRequest {
    type Answer = RequestOverview;
    fn permission(&self) -> Permission {
        Permission::FileRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Create, EntityKind::Request, vec![])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RequestOverview> {
        cx.write(|tx| file(tx, self.draft))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetRequestStatus {
    pub id: RequestId,
    pub version: u32,
    pub status: RequestStatus,
    pub note: String,
}

impl Call for SetRequestStatus {
    type Answer = RequestOverview;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Request, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RequestOverview> {
        cx.write(|tx| set_status(tx, self.id, self.version, self.status, self.note))
    }
}

/// Two more months (Art. 12(3)); the reason is what the person is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtendRequest {
    pub id: RequestId,
    pub version: u32,
    pub reason: String,
}

impl Call for ExtendRequest {
    type Answer = RequestOverview;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Request, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RequestOverview> {
        cx.write(|tx| extend(tx, self.id, self.version, self.reason))
    }
}

/// Matches a request from someone not yet identified to a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkRequest {
    pub id: RequestId,
    pub version: u32,
    pub contact_id: ContactId,
}

impl Call for LinkRequest {
    type Answer = RequestOverview;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Request, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RequestOverview> {
        cx.write(|tx| link(tx, self.id, self.version, self.contact_id))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddRequestNote {
    pub id: RequestId,
    pub text: String,
}

impl Call for AddRequestNote {
    type Answer = RequestOverview;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Request, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<RequestOverview> {
        cx.write(|tx| add_note(tx, self.id, self.text))
    }
}

/// Does what the request asks, and closes it. `version` is the request as
/// the user saw it when confirming: had a colleague relinked it since, the
/// action would hit someone else. `note` goes on the timeline with the
/// outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarryOutRequest {
    pub id: RequestId,
    pub version: u32,
    pub action: CarryOut,
    pub note: String,
}

impl Call for CarryOutRequest {
    type Answer = CarryOutReport;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Update, EntityKind::Request, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<CarryOutReport> {
        cx.write(|tx| carry_out(tx, self.id, self.version, self.action, self.note))
    }
}

/// Art. 18: restrict processing of a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestrictContact {
    pub id: ContactId,
    pub reason: String,
}

impl Call for RestrictContact {
    type Answer = Contact;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(AuditAction::Restrict, EntityKind::Contact, vec![self.id])
    }
    fn handle(self, cx: &Context<'_>) -> Result<Contact> {
        cx.write(|tx| restrict(tx, self.id, &self.reason))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiftRestriction {
    pub id: ContactId,
}

impl Call for LiftRestriction {
    type Answer = Contact;
    fn permission(&self) -> Permission {
        Permission::ManageRequests
    }
    fn intent(&self) -> Intent {
        Intent::new(
            AuditAction::LiftRestriction,
            EntityKind::Contact,
            vec![self.id],
        )
    }
    fn handle(self, cx: &Context<'_>) -> Result<Contact> {
        cx.write(|tx| lift_restriction(tx, self.id))
    }
}

impl Answer for RequestOverview {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.request.contact_id.into_iter().collect()
    }
}

impl Answer for Vec<RequestOverview> {
    fn redact_special(&mut self) {}
    fn contact_ids(&self) -> Vec<ContactId> {
        self.iter().filter_map(|r| r.request.contact_id).collect()
    }
}

impl Answer for CarryOutReport {
    fn redact_special(&mut self) {
        if let Some(data) = &mut self.export {
            data.redact_special();
        }
    }
    fn contact_ids(&self) -> Vec<ContactId> {
        self.request.contact_ids()
    }
}

pub(super) fn load(tx: &impl Reads, id: u64) -> Result<SubjectRequest> {
    tx.get::<SubjectRequest>(id)?
        .ok_or_else(|| not_found(EntityKind::Request, id))
}

pub(super) fn overview(tx: &impl Reads, request: SubjectRequest) -> Result<RequestOverview> {
    let contact = match request.contact_id {
        Some(id) => match tx.get::<Contact>(id)? {
            Some(c) => Some(summary_of(tx, &c)?),
            None => None,
        },
        None => None,
    };
    Ok(RequestOverview { request, contact })
}

/// Open requests first, the nearest deadline first; then closed ones, the
/// most recently closed first.
pub(super) fn list(tx: &impl Reads, include_closed: bool) -> Result<Vec<RequestOverview>> {
    let mut requests: Vec<SubjectRequest> = tx
        .all::<SubjectRequest>()?
        .into_iter()
        .filter(|r| include_closed || !r.status.is_closed())
        .collect();
    requests.sort_by_key(|r| {
        let closed = r.status.is_closed();
        let when = if closed {
            -r.closed_at.map_or(0, |t| t.timestamp())
        } else {
            r.effective_due()
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp())
        };
        (closed, when, r.id)
    });
    let rows = requests
        .into_iter()
        .map(|r| overview(tx, r))
        .collect::<Result<Vec<_>>>()?;
    Ok(rows)
}

pub(super) fn get(tx: &impl Reads, id: u64) -> Result<RequestOverview> {
    let request = load(tx, id)?;
    overview(tx, request)
}

fn saved(tx: &mut Tx<'_>, request: SubjectRequest) -> Result<RequestOverview> {
    tx.tx.put(&request)?;
    overview(&*tx.tx, request)
}

/// Today in the company's zone: a month from the day a request arrived is
/// counted in the calendar days where it arrived, not in UTC.
fn today(tx: &impl Reads, now: Timestamp) -> Result<NaiveDate> {
    Ok(super::zone(tx)?.date_of(now))
}

fn note_text(field: &str, text: &str) -> Result<String> {
    let text = text.trim().to_string();
    validate::max_len(field, &text, validate::MAX_TEXT)?;
    Ok(text)
}

fn push_note(request: &mut SubjectRequest, tx: &Tx<'_>, text: String) {
    if !text.is_empty() {
        request.notes.push(TimelineNote {
            at: tx.now,
            by: tx.actor.name.clone(),
            text,
        });
    }
}

fn refuse_if_closed(request: &SubjectRequest) -> Result<()> {
    if request.status.is_closed() {
        Err(ServiceError::Refused(format!(
            "request #{} is {} and closed",
            request.id,
            request.status.key()
        )))
    } else {
        Ok(())
    }
}

/// Marks a change: a new version, who handled it, when.
fn touch(request: &mut SubjectRequest, tx: &Tx<'_>) {
    request.version += 1;
    request.updated_at = tx.now;
    request.handled_by = Some(tx.actor.name.clone());
}

pub(super) fn file(tx: &mut Tx<'_>, draft: SubjectRequestDraft) -> Result<RequestOverview> {
    let requester = draft.requester.trim().to_string();
    validate::max_len("requester", &requester, validate::MAX_SHORT)?;
    validate::single_line("requester", &requester)?;
    if draft.contact_id.is_none() && requester.is_empty() {
        return Err(ServiceError::invalid(
            "requester",
            "name the contact, or say who asked (name, e-mail) so they can be identified",
        ));
    }
    plausible::happened_on(
        "received_on",
        draft.received_on,
        plausible::GDPR_APPLIES,
        today(&*tx.tx, tx.now)?,
    )?;
    let note = note_text("note", &draft.note)?;
    if let Some(contact_id) = draft.contact_id {
        let contact = person::load(&*tx.tx, contact_id)?;
        if contact.is_anonymised() {
            return Err(ServiceError::Refused(format!(
                "contact #{contact_id} is anonymised: nothing personal is left to act on"
            )));
        }
    }
    let id = tx.tx.next_id(EntityKind::Request)?;
    let mut request = SubjectRequest {
        id,
        version: 1,
        kind: draft.kind,
        contact_id: draft.contact_id,
        requester,
        received_on: draft.received_on,
        due_on: due_date(draft.received_on, 1),
        extension: None,
        status: RequestStatus::New,
        notes: Vec::new(),
        handled_by: None,
        created_by: tx.actor.name.clone(),
        created_at: tx.now,
        updated_at: tx.now,
        closed_at: None,
    };
    push_note(&mut request, tx, note);
    if let Some(contact_id) = request.contact_id {
        tx.tx.link(Link::CONTACT_REQUESTS, contact_id, id)?;
    }
    tx.audit(
        AuditAction::Create,
        EntityKind::Request,
        vec![id],
        vec![],
        format!(
            "kind={} contact={}",
            request.kind,
            request
                .contact_id
                .map_or("unmatched".to_string(), |c| format!("#{c}"))
        ),
    );
    saved(tx, request)
}

pub(super) fn set_status(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    status: RequestStatus,
    note: String,
) -> Result<RequestOverview> {
    let mut request = load(&*tx.tx, id)?;
    check_version(EntityKind::Request, id, version, request.version)?;
    refuse_if_closed(&request)?;
    let note = note_text("note", &note)?;
    let status = match status {
        RequestStatus::Refused { reason } => {
            let reason = reason.trim().to_string();
            if reason.is_empty() {
                return Err(ServiceError::invalid(
                    "reason",
                    "a refusal must say why (Art. 12(4)); the person is told, with their right \
                     to complain to the supervisory authority",
                ));
            }
            validate::max_len("reason", &reason, validate::MAX_TEXT)?;
            RequestStatus::Refused { reason }
        }
        other => other,
    };
    if status == RequestStatus::Done && note.is_empty() {
        return Err(ServiceError::invalid(
            "note",
            "closing a request by hand needs a note saying what was done (carrying it out \
             closes it by itself)",
        ));
    }
    if status == request.status {
        return Err(ServiceError::Refused(format!(
            "request #{id} is already {}",
            status.key()
        )));
    }
    // The timeline keeps who moved the request and when: identity checks
    // and refusals are what an authority asks about.
    let mut line = format!("status {} → {}", request.status.key(), status.key());
    if let RequestStatus::Refused { reason } = &status {
        line.push_str(&format!(": {reason}"));
    }
    if !note.is_empty() {
        line.push_str(&format!(": {note}"));
    }
    request.status = status;
    if request.status.is_closed() {
        request.closed_at = Some(tx.now);
    }
    push_note(&mut request, tx, line);
    touch(&mut request, tx);
    tx.audit(
        AuditAction::Update,
        EntityKind::Request,
        vec![id],
        vec!["status".into()],
        format!("status={}", request.status.key()),
    );
    saved(tx, request)
}

/// Art. 12(3): two more months where requests are complex or numerous;
/// the person must be told, with the reason, within the first month.
pub(super) fn extend(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    reason: String,
) -> Result<RequestOverview> {
    let mut request = load(&*tx.tx, id)?;
    check_version(EntityKind::Request, id, version, request.version)?;
    refuse_if_closed(&request)?;
    if request.extension.is_some() {
        return Err(ServiceError::Refused(format!(
            "request #{id} was extended already; the law allows one extension of two months"
        )));
    }
    if today(&*tx.tx, tx.now)? > request.due_on {
        return Err(ServiceError::Refused(format!(
            "request #{id} was due on {}: an extension must be told to the person within the \
             first month",
            request.due_on
        )));
    }
    let reason = reason.trim().to_string();
    validate::required("reason", &reason)?;
    validate::max_len("reason", &reason, validate::MAX_TEXT)?;
    let due_on = crate::model::subject_request::extended_due_date(request.received_on);
    request.extension = Some(crate::model::subject_request::RequestExtension {
        due_on,
        reason,
        at: tx.now,
        by: tx.actor.name.clone(),
    });
    touch(&mut request, tx);
    tx.audit(
        AuditAction::Update,
        EntityKind::Request,
        vec![id],
        vec!["extension".into()],
        format!("due {due_on}"),
    );
    saved(tx, request)
}

pub(super) fn link(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    contact_id: u64,
) -> Result<RequestOverview> {
    let mut request = load(&*tx.tx, id)?;
    check_version(EntityKind::Request, id, version, request.version)?;
    refuse_if_closed(&request)?;
    let contact = person::load(&*tx.tx, contact_id)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} is anonymised: nothing personal is left to act on"
        )));
    }
    if request.contact_id == Some(contact_id) {
        return overview(&*tx.tx, request);
    }
    if let Some(old) = request.contact_id {
        tx.tx.unlink(Link::CONTACT_REQUESTS, old, id)?;
    }
    tx.tx.link(Link::CONTACT_REQUESTS, contact_id, id)?;
    let relinked = request.contact_id.replace(contact_id).is_some();
    // Whose identity was verified is part of the verification: matched to
    // someone else, the requester must be verified as that person.
    if relinked && request.status != RequestStatus::New {
        request.status = RequestStatus::New;
        push_note(
            &mut request,
            tx,
            "matched to another contact: verify the requester's identity again".into(),
        );
    }
    touch(&mut request, tx);
    tx.audit(
        AuditAction::Update,
        EntityKind::Request,
        vec![id],
        vec!["contact_id".into()],
        format!("contact=#{contact_id}"),
    );
    saved(tx, request)
}

pub(super) fn add_note(tx: &mut Tx<'_>, id: u64, text: String) -> Result<RequestOverview> {
    let mut request = load(&*tx.tx, id)?;
    // A closed request may still record what followed (a letter sent), but
    // an erased person's request was scrubbed of everything personal, and
    // with no contact left to erase, nothing would ever scrub it again.
    if request.requester == crate::model::erasure::PLACEHOLDER {
        return Err(ServiceError::Refused(format!(
            "request #{id} belongs to a person whose data was erased: it keeps only its dates \
             and outcome"
        )));
    }
    let text = note_text("text", &text)?;
    validate::required("text", &text)?;
    push_note(&mut request, tx, text);
    request.version += 1;
    request.updated_at = tx.now;
    tx.audit(
        AuditAction::Update,
        EntityKind::Request,
        vec![id],
        vec!["notes".into()],
        "",
    );
    saved(tx, request)
}

/// Which carry-out answers which kind of request.
fn fits(kind: RequestKind, action: &CarryOut) -> bool {
    matches!(
        (kind, action),
        (
            RequestKind::Access | RequestKind::Portability,
            CarryOut::ExportData
        ) | (
            RequestKind::Rectification,
            CarryOut::Rectified | CarryOut::Rectify { .. }
        ) | (RequestKind::Erasure, CarryOut::Erase { .. })
            | (RequestKind::Restriction, CarryOut::Restrict { .. })
            | (RequestKind::Objection, CarryOut::Object)
            | (RequestKind::ConsentWithdrawal, CarryOut::WithdrawConsents)
    )
}

/// The carry-out that answers `kind`, in words, for the refusal message.
fn expected(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Access | RequestKind::Portability => "the export of the person's data",
        RequestKind::Rectification => "the corrected contact (then mark it rectified)",
        RequestKind::Erasure => "an erasure (anonymise or delete, now or scheduled)",
        RequestKind::Restriction => "a restriction of the contact",
        RequestKind::Objection => "the objection (marketing withdrawn, do-not-contact)",
        RequestKind::ConsentWithdrawal => "withdrawing the person's consents",
    }
}

pub(super) fn carry_out(
    tx: &mut Tx<'_>,
    id: u64,
    version: u32,
    action: CarryOut,
    note: String,
) -> Result<CarryOutReport> {
    let request = load(&*tx.tx, id)?;
    check_version(EntityKind::Request, id, version, request.version)?;
    refuse_if_closed(&request)?;
    let note = note_text("note", &note)?;
    let Some(contact_id) = request.contact_id else {
        return Err(ServiceError::Refused(format!(
            "request #{id} is not matched to a contact yet: link it to the person first"
        )));
    };
    if !matches!(
        request.status,
        RequestStatus::IdentityVerified | RequestStatus::InProgress
    ) {
        return Err(ServiceError::Refused(format!(
            "verify the requester's identity first (Art. 12(6)): request #{id} is {}",
            request.status.key()
        )));
    }
    if !fits(request.kind, &action) {
        return Err(ServiceError::invalid(
            "action",
            format!(
                "a{} {} request is answered with {}",
                if request.kind == RequestKind::Access || request.kind == RequestKind::Erasure {
                    "n"
                } else {
                    ""
                },
                request.kind,
                expected(request.kind)
            ),
        ));
    }
    let deadline = request.effective_due();
    let mut export = None;
    let done = match action {
        CarryOut::ExportData => {
            let data = super::subject::collect(&*tx.tx, contact_id, tx.now)?;
            tx.audit(
                AuditAction::Export,
                EntityKind::Contact,
                vec![contact_id],
                vec![],
                format!("personal-data export, request #{id}"),
            );
            export = Some(Box::new(data));
            "personal data exported".to_string()
        }
        CarryOut::Rectified => "contact rectified".to_string(),
        // The correction and the closing in this one transaction: if the
        // request cannot be closed, the contact is not changed either.
        CarryOut::Rectify {
            version,
            draft,
            confirmed,
        } => {
            person::update(tx, contact_id, version, *draft, confirmed)?;
            "contact rectified".to_string()
        }
        CarryOut::Erase { delete, on } => erase(tx, id, contact_id, delete, on, deadline)?,
        CarryOut::Restrict { reason } => {
            let contact = person::load(&*tx.tx, contact_id)?;
            match &contact.restriction {
                Some(r) => format!(
                    "processing was restricted already, since {}",
                    super::zone(&*tx.tx)?.date(r.since)
                ),
                None => {
                    restrict(tx, contact_id, &reason)?;
                    "processing restricted".to_string()
                }
            }
        }
        CarryOut::Object => {
            let n = object(tx, id, contact_id)?;
            format!("on the do-not-contact list; {n} marketing purposes withdrawn")
        }
        CarryOut::WithdrawConsents => {
            let n = withdraw(tx, id, contact_id, |basis, _| basis.is_consent())?;
            format!("{n} consents withdrawn")
        }
    };
    crate::failpoint::error("close-request").map_err(|message| ServiceError::Storage {
        message,
        source: None,
    })?;
    // A deletion scrubbed the request's free text and link; reload it.
    let mut request = load(&*tx.tx, id)?;
    request.status = RequestStatus::Done;
    request.closed_at = Some(tx.now);
    push_note(&mut request, tx, format!("carried out: {done}"));
    if request.contact_id.is_some() {
        push_note(&mut request, tx, note);
    }
    touch(&mut request, tx);
    tx.tx.put(&request)?;
    tx.audit(
        AuditAction::Update,
        EntityKind::Request,
        vec![id],
        vec!["status".into()],
        format!("status=done kind={}", request.kind),
    );
    Ok(CarryOutReport {
        request: overview(&*tx.tx, request)?,
        done,
        export,
    })
}

/// Art. 17: now, or on a date no later than the request's deadline.
fn erase(
    tx: &mut Tx<'_>,
    request_id: u64,
    contact_id: u64,
    delete: bool,
    on: Option<Timestamp>,
    deadline: NaiveDate,
) -> Result<String> {
    let contact = person::load(&*tx.tx, contact_id)?;
    person::refuse_if_held(&contact)?;
    let verb = if delete { "deleted" } else { "anonymised" };
    // A date that has come already must not turn into "now" unasked: "now"
    // is chosen by giving no date, and confirmed.
    if let Some(on) = on.filter(|on| *on <= tx.now) {
        return Err(ServiceError::invalid(
            "on",
            format!(
                "{} is not in the future: give a later date, or none to erase now",
                super::zone(&*tx.tx)?.date(on)
            ),
        ));
    }
    if let Some(on) = on {
        plausible::planned("on", on, tx.now)?;
    }
    match on {
        None => {
            if delete {
                erasure::erase(tx, contact_id)?;
                tx.audit(
                    AuditAction::Delete,
                    EntityKind::Contact,
                    vec![contact_id],
                    vec![],
                    format!("erasure request #{request_id}"),
                );
            } else {
                erasure::anonymise(tx, contact_id)?;
                tx.audit(
                    AuditAction::Anonymise,
                    EntityKind::Contact,
                    vec![contact_id],
                    vec![],
                    format!("erasure request #{request_id}"),
                );
            }
            Ok(format!("contact {verb}"))
        }
        Some(due) => {
            if super::zone(&*tx.tx)?.date_of(due) > deadline {
                return Err(ServiceError::invalid(
                    "on",
                    format!("the erasure must happen by the request's deadline, {deadline}"),
                ));
            }
            let mut contact = contact;
            contact.erasure = Some(ScheduledErasure {
                due,
                delete,
                reason: format!("erasure request #{request_id}"),
                by: tx.actor.name.clone(),
                scheduled_at: tx.now,
            });
            person::bump(tx, &mut contact)?;
            tx.audit(
                AuditAction::ScheduleErasure,
                EntityKind::Contact,
                vec![contact_id],
                vec![],
                format!("request #{request_id}, delete={delete}"),
            );
            Ok(format!(
                "contact to be {verb} on {} by the retention sweep",
                super::zone(&*tx.tx)?.date(due)
            ))
        }
    }
}

/// Art. 18: the contact stays stored but is left out of every mailing and
/// notification export, and edits need confirmation.
pub(super) fn restrict(tx: &mut Tx<'_>, contact_id: u64, reason: &str) -> Result<Contact> {
    let mut contact = person::load(&*tx.tx, contact_id)?;
    if contact.is_anonymised() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} is anonymised: there is nothing left to restrict"
        )));
    }
    if contact.is_restricted() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} is restricted already"
        )));
    }
    let reason = reason.trim().to_string();
    validate::required("reason", &reason)?;
    validate::max_len("reason", &reason, validate::MAX_SHORT)?;
    contact.restriction = Some(Restriction {
        since: tx.now,
        reason,
        by: tx.actor.name.clone(),
    });
    person::bump(tx, &mut contact)?;
    tx.audit(
        AuditAction::Restrict,
        EntityKind::Contact,
        vec![contact_id],
        vec!["restriction".into()],
        "",
    );
    Ok(contact)
}

/// Art. 18(3): the person must be told before a restriction is lifted.
pub(super) fn lift_restriction(tx: &mut Tx<'_>, contact_id: u64) -> Result<Contact> {
    let mut contact = person::load(&*tx.tx, contact_id)?;
    if !contact.is_restricted() {
        return Err(ServiceError::Refused(format!(
            "contact #{contact_id} is not restricted"
        )));
    }
    contact.restriction = None;
    person::bump(tx, &mut contact)?;
    tx.audit(
        AuditAction::LiftRestriction,
        EntityKind::Contact,
        vec![contact_id],
        vec!["restriction".into()],
        "",
    );
    Ok(contact)
}

/// Records a withdrawal for every purpose `ends` selects that currently
/// holds for the contact; returns how many.
fn withdraw(
    tx: &mut Tx<'_>,
    request_id: u64,
    contact_id: u64,
    ends: impl Fn(LegalBasis, bool) -> bool,
) -> Result<usize> {
    let overview = consent::overview(&*tx.tx, contact_id)?;
    let mut n = 0;
    for purpose in overview {
        if !purpose.state.is_given() || !ends(purpose.legal_basis, purpose.marketing) {
            continue;
        }
        consent::record(
            tx,
            ConsentDraft {
                contact_id,
                purpose_id: purpose.purpose_id,
                action: ConsentAction::Withdrawn,
                at: None,
                channel: ConsentChannel::Request,
                evidence: format!("data-subject request #{request_id}"),
            },
        )?;
        n += 1;
    }
    Ok(n)
}

/// Art. 21(2)–(3): an objection to direct marketing ends every marketing
/// purpose, whatever its basis, and keeps the person off marketing lists
/// for good — also when they are erased and imported again.
fn object(tx: &mut Tx<'_>, request_id: u64, contact_id: u64) -> Result<usize> {
    let n = withdraw(tx, request_id, contact_id, |_, marketing| marketing)?;
    let mut contact = person::load(&*tx.tx, contact_id)?;
    let key = tx.tx.dnc_key()?;
    let since = tx.now.timestamp().max(0) as u64;
    let region = person::phone_region(&*tx.tx)?;
    for fingerprint in dnc::of_contact(&key, &contact, region) {
        tx.tx.add_do_not_contact(&fingerprint, since)?;
    }
    if !contact.do_not_contact {
        contact.do_not_contact = true;
        person::bump(tx, &mut contact)?;
    }
    tx.audit(
        AuditAction::Object,
        EntityKind::Contact,
        vec![contact_id],
        vec!["do_not_contact".into()],
        format!("request #{request_id}, {n} purposes withdrawn"),
    );
    Ok(n)
}

/// Requests due within a week or overdue, for the status line.
pub(super) fn alerts(tx: &impl Reads, now: Timestamp) -> Result<Vec<super::api::Alert>> {
    use super::api::{Alert, AlertLevel};
    let today = today(tx, now)?;
    let mut out = Vec::new();
    for request in tx.all::<SubjectRequest>()? {
        let Some(days) = request.days_left(today) else {
            continue;
        };
        let (level, when) = match days {
            -1 => (AlertLevel::Critical, "overdue by 1 day".to_string()),
            d if d < 0 => (AlertLevel::Critical, format!("overdue by {} days", -d)),
            0 => (AlertLevel::Critical, "due today".to_string()),
            1 => (AlertLevel::Warning, "due tomorrow".to_string()),
            d if d <= 7 => (AlertLevel::Warning, format!("due in {d} days")),
            _ => continue,
        };
        out.push((
            days,
            Alert {
                level,
                text: format!("request #{} ({}): {when}", request.id, request.kind),
            },
        ));
    }
    out.sort_by_key(|(days, _)| *days);
    Ok(out.into_iter().map(|(_, a)| a).collect())
}
