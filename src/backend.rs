//! The `Backend`: one method, `call(Request) -> Result<Response>`, over the
//! Service in-process (`Local`) or a daemon (`net::Remote`). Front-ends use
//! the typed helpers of `Api` and never see which one they hold.

use std::sync::Arc;

use crate::clock::Clock;
use crate::model::purpose::PurposeTemplate;
use crate::model::retention::StateKey;
use crate::model::{
    AffectedRule, IncidentDraft, IncidentId, RequestId, RequestStatus, Settings,
    SubjectRequestDraft, Timestamp,
};
use crate::model::{
    ConsentEvent, Contact, ContactDraft, ContactId, Interaction, InteractionDraft, Organisation,
    OrganisationDraft, Purpose, PurposeDraft, PurposeId,
};
use crate::search::ContactSummary;
use crate::service::api::{
    AffectedPreview, Alert, AuditPage, AuditVerification, BulkReport, CarryOut, CarryOutReport,
    ConsentDraft, ContactDetail, ContactExportPage, ContactPage, ContactQuery, FreezeReport,
    Identity, ImportBatch, ImportReport, IncidentDetail, IncidentOverview, LetterBatch,
    NotificationExport, PurposeOverview, RequestOverview, RetentionBulk, RetentionReport, RopaData,
    SendReport, SubjectData, SweepReport,
};
use crate::service::{Actor, Request, Response, Result, Service, ServiceError};
use crate::store::{CopyReport, VacuumReport};

pub trait Backend: Send + Sync {
    fn call(&self, request: Request) -> Result<Response>;
    /// Where requests go, for the status line: a file path or a socket.
    fn location(&self) -> String;
}

/// The Service in this process, over a database file this process owns.
pub struct Local {
    service: Arc<Service>,
    actor: Actor,
    clock: Clock,
}

impl Local {
    pub fn new(service: Arc<Service>, actor: Actor, clock: Clock) -> Local {
        Local {
            service,
            actor,
            clock,
        }
    }

    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }
}

impl Backend for Local {
    fn call(&self, request: Request) -> Result<Response> {
        self.service.handle(&self.actor, self.clock.now(), request)
    }

    fn location(&self) -> String {
        self.service.store().path().display().to_string()
    }
}

pub(crate) fn unexpected(response: Response) -> ServiceError {
    ServiceError::Transport(format!("unexpected response: {}", response.name()))
}

/// Defines a typed helper that sends a request and unwraps the response.
macro_rules! api_call {
    ($(#[$m:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $out:ty, $req:expr, $pat:pat => $val:expr) => {
        $(#[$m])*
        fn $name(&self, $($arg: $ty),*) -> Result<$out> {
            match self.call($req)? {
                $pat => Ok($val),
                other => Err(unexpected(other)),
            }
        }
    };
}

/// Typed helpers over `Backend::call`.
pub trait Api: Backend {
    api_call!(whoami() -> Identity, Request::Whoami, Response::Identity(i) => i);
    api_call!(changes() -> u64, Request::Changes, Response::Changes(n) => n);
    api_call!(list_contacts(query: ContactQuery) -> ContactPage,
        Request::ListContacts(query), Response::ContactPage(p) => p);
    api_call!(contact(id: ContactId) -> ContactDetail,
        Request::GetContact { id }, Response::Contact(d) => *d);
    api_call!(create_contact(draft: ContactDraft) -> Contact,
        Request::CreateContact(draft), Response::ContactSaved(c) => *c);
    api_call!(update_contact(id: ContactId, version: u32, draft: ContactDraft) -> Contact,
        Request::UpdateContact { id, version, draft, confirmed: false },
        Response::ContactSaved(c) => *c);
    api_call!(
        /// Edits a restricted contact, the user having confirmed it.
        update_contact_confirmed(id: ContactId, version: u32, draft: ContactDraft) -> Contact,
        Request::UpdateContact { id, version, draft, confirmed: true },
        Response::ContactSaved(c) => *c);
    api_call!(delete_contact(id: ContactId) -> (),
        Request::DeleteContact { id }, Response::Done => ());
    api_call!(organisations() -> Vec<Organisation>,
        Request::ListOrganisations, Response::Organisations(o) => o);
    api_call!(create_organisation(draft: OrganisationDraft) -> Organisation,
        Request::CreateOrganisation(draft), Response::Organisation(o) => o);
    api_call!(create_interaction(draft: InteractionDraft) -> Interaction,
        Request::CreateInteraction(draft), Response::Interaction(i) => i);
    api_call!(import(batch: ImportBatch) -> ImportReport,
        Request::Import(batch), Response::Imported(r) => r);
    api_call!(audit(before: Option<u64>, limit: usize) -> AuditPage,
        Request::ListAudit { before, limit }, Response::Audit(p) => p);
    api_call!(verify_audit() -> AuditVerification,
        Request::VerifyAudit, Response::AuditVerification(v) => v);
    api_call!(purposes() -> Vec<PurposeOverview>,
        Request::ListPurposes, Response::Purposes(p) => p);
    api_call!(purpose(id: PurposeId) -> Purpose,
        Request::GetPurpose { id }, Response::Purpose(p) => p);
    api_call!(create_purpose(draft: PurposeDraft) -> Purpose,
        Request::CreatePurpose(draft), Response::Purpose(p) => p);
    api_call!(update_purpose(id: PurposeId, version: u32, draft: PurposeDraft) -> Purpose,
        Request::UpdatePurpose { id, version, draft }, Response::Purpose(p) => p);
    api_call!(archive_purpose(id: PurposeId) -> Purpose,
        Request::ArchivePurpose { id }, Response::Purpose(p) => p);
    api_call!(delete_purpose(id: PurposeId) -> (),
        Request::DeletePurpose { id }, Response::Done => ());
    api_call!(purpose_templates() -> Vec<PurposeTemplate>,
        Request::PurposeTemplates, Response::PurposeTemplates(t) => t);
    api_call!(load_templates(keys: Vec<String>) -> Vec<Purpose>,
        Request::LoadTemplates { keys }, Response::PurposesLoaded(p) => p);
    api_call!(record_consent(draft: ConsentDraft) -> ConsentEvent,
        Request::RecordConsent(draft), Response::ConsentRecorded(e) => e);
    api_call!(consent_history(contact_id: ContactId, purpose_id: PurposeId) -> Vec<ConsentEvent>,
        Request::ConsentHistory { contact_id, purpose_id }, Response::ConsentHistory(h) => h);
    api_call!(contactable(purpose_id: PurposeId) -> Vec<ContactSummary>,
        Request::Contactable { purpose_id }, Response::Contactable(c) => c);
    api_call!(retention_report(as_of: Option<Timestamp>, state: Option<StateKey>, offset: usize, limit: usize) -> RetentionReport,
        Request::RetentionReport { as_of, state, offset, limit }, Response::Retention(r) => r);
    api_call!(retention_action(ids: Vec<ContactId>, action: RetentionBulk) -> BulkReport,
        Request::RetentionAction { ids, action }, Response::Bulk(r) => r);
    api_call!(sweep(as_of: Option<Timestamp>, dry_run: bool) -> SweepReport,
        Request::Sweep { as_of, dry_run }, Response::Swept(r) => r);
    api_call!(vacuum() -> VacuumReport, Request::Vacuum, Response::Vacuumed(r) => r);
    api_call!(backup(path: String) -> CopyReport,
        Request::Backup { path }, Response::BackedUp(r) => r);
    api_call!(settings() -> Settings, Request::GetSettings, Response::Settings(s) => s);
    api_call!(update_settings(settings: Settings) -> Settings,
        Request::UpdateSettings(settings), Response::Settings(s) => s);
    api_call!(incidents() -> Vec<IncidentOverview>,
        Request::ListIncidents, Response::Incidents(i) => i);
    api_call!(incident(id: IncidentId) -> IncidentDetail,
        Request::GetIncident { id }, Response::Incident(d) => *d);
    api_call!(create_incident(draft: IncidentDraft) -> IncidentDetail,
        Request::CreateIncident(draft), Response::Incident(d) => *d);
    api_call!(update_incident(id: IncidentId, version: u32, draft: IncidentDraft) -> IncidentDetail,
        Request::UpdateIncident { id, version, draft }, Response::Incident(d) => *d);
    api_call!(add_incident_note(id: IncidentId, text: String) -> IncidentDetail,
        Request::AddIncidentNote { id, text }, Response::Incident(d) => *d);
    api_call!(preview_affected(rule: AffectedRule) -> AffectedPreview,
        Request::PreviewAffected(rule), Response::Affected(p) => p);
    api_call!(freeze_list(id: IncidentId, rule: AffectedRule) -> FreezeReport,
        Request::FreezeNotificationList { id, rule }, Response::Frozen(r) => r);
    api_call!(mark_notified(id: IncidentId, contacts: Vec<ContactId>, notified: bool) -> usize,
        Request::MarkNotified { id, contacts, notified }, Response::Marked(n) => n);
    api_call!(notification_list(id: IncidentId) -> NotificationExport,
        Request::ExportNotificationList { id }, Response::NotificationList(l) => l);
    api_call!(render_letters(id: IncidentId) -> LetterBatch,
        Request::RenderLetters { id }, Response::Letters(l) => l);
    api_call!(send_letters(id: IncidentId) -> SendReport,
        Request::SendLetters { id }, Response::Sent(r) => r);
    api_call!(alerts() -> Vec<Alert>, Request::Alerts, Response::Alerts(a) => a);
    api_call!(requests(include_closed: bool) -> Vec<RequestOverview>,
        Request::ListRequests { include_closed }, Response::Requests(r) => r);
    api_call!(request(id: RequestId) -> RequestOverview,
        Request::GetRequest { id }, Response::SubjectRequest(r) => *r);
    api_call!(file_request(draft: SubjectRequestDraft) -> RequestOverview,
        Request::FileRequest(draft), Response::SubjectRequest(r) => *r);
    api_call!(set_request_status(id: RequestId, version: u32, status: RequestStatus, note: String) -> RequestOverview,
        Request::SetRequestStatus { id, version, status, note }, Response::SubjectRequest(r) => *r);
    api_call!(extend_request(id: RequestId, version: u32, reason: String) -> RequestOverview,
        Request::ExtendRequest { id, version, reason }, Response::SubjectRequest(r) => *r);
    api_call!(link_request(id: RequestId, version: u32, contact_id: ContactId) -> RequestOverview,
        Request::LinkRequest { id, version, contact_id }, Response::SubjectRequest(r) => *r);
    api_call!(add_request_note(id: RequestId, text: String) -> RequestOverview,
        Request::AddRequestNote { id, text }, Response::SubjectRequest(r) => *r);
    api_call!(carry_out(id: RequestId, version: u32, action: CarryOut, note: String) -> CarryOutReport,
        Request::CarryOut { id, version, action, note }, Response::CarriedOut(r) => *r);
    api_call!(restrict_contact(id: ContactId, reason: String) -> Contact,
        Request::RestrictContact { id, reason }, Response::ContactSaved(c) => *c);
    api_call!(lift_restriction(id: ContactId) -> Contact,
        Request::LiftRestriction { id }, Response::ContactSaved(c) => *c);
    api_call!(subject_export(contact_id: ContactId) -> SubjectData,
        Request::SubjectExport { contact_id }, Response::SubjectData(d) => *d);
    api_call!(ropa() -> RopaData, Request::Ropa, Response::Ropa(r) => *r);
    api_call!(export_contacts(query: ContactQuery, format: String) -> ContactExportPage,
        Request::ExportContacts { query, format }, Response::ContactExport(p) => p);
}

impl<B: Backend + ?Sized> Api for B {}
